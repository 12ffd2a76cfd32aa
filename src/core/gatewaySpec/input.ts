// The spec front end: the one way every path — the editor (through its worker), `apigw validate`, plan, deploy and the
// local API — turns a file into a SpecDocument. It takes the file's bytes (or, from an editor, its text), refuses
// what is not UTF-8 or is past the size limit before reading any of it, and hands the rest to the parser of the
// format with the spec input budget (limits.ts). Paths that share it cannot disagree about a file.
import type { SpecFormat, SyntaxProblem } from './ast';
import { formatOf, SpecDocument } from './document';
import { resolveLimits, tooLarge, type SpecLimits } from './limits';

/** A spec file as bytes (what is on disk: the CLI, deploy) or as text (what an editor holds). */
export type SpecInput = string | Uint8Array;

export interface FrontEndOptions {
  /** Decides the format when `format` is not given: `.yaml`/`.yml` → YAML, `.jsonc` → JSON with comments, else JSON. */
  fileName?: string;
  format?: SpecFormat;
  /** A smaller budget (tests, the fuzz harness); the defaults are SPEC_LIMITS. */
  limits?: Partial<SpecLimits>;
}

export function resolveFormat(opts: FrontEndOptions): SpecFormat {
  return opts.format ?? (opts.fileName ? formatOf(opts.fileName) : 'json');
}

/** Reads a spec file into a document, within the budget. Never throws on bad input: problems become diagnostics. */
export function openSpec(input: SpecInput, opts: FrontEndOptions = {}): SpecDocument {
  const format = resolveFormat(opts);
  const limits = resolveLimits(opts.limits);
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const bytes = utf8Length(text, limits.maxBytes);
    return new SpecDocument(text, format, {
      limits,
      ...(bytes > limits.maxBytes ? { refused: tooLarge(bytes, limits) } : {}),
    });
  }
  if (input.length > limits.maxBytes)
    return new SpecDocument('', format, { limits, refused: tooLarge(input.length, limits) });
  const decoded = decodeSpecBytes(input);
  const doc = new SpecDocument(decoded.text, format, {
    limits,
    ...(decoded.problem ? { refused: decoded.problem } : {}),
  });
  doc.work += input.length;
  return doc;
}

/**
 * Whether an editor's text may hide bytes that are not UTF-8: editors decode them to U+FFFD. For such a saved file
 * the editor hands the front end the file's bytes instead, so it refuses the file as `apigw validate` does.
 */
export function mayHideInvalidUtf8(text: string): boolean {
  return text.includes('\uFFFD');
}

/**
 * UTF-8 bytes as text, without a byte order mark. Anything that is not UTF-8 is refused with a problem at the first
 * byte that is not (the text is then decoded with replacement characters, only so the problem has a line to sit on).
 */
export function decodeSpecBytes(bytes: Uint8Array): { text: string; problem?: SyntaxProblem } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    // Not UTF-8: say where.
  }
  const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const text = lenient.decode(body);
  const utf16 = (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff);
  const bad = utf16 ? 0 : firstInvalidUtf8(body);
  const offset = lenient.decode(body.subarray(0, bad)).length;
  const byte = body[bad] ?? 0;
  return {
    text,
    problem: {
      kind: 'syntax',
      code: 'APIGW005',
      severity: 'error',
      offset,
      length: Math.min(1, text.length - offset),
      message: utf16
        ? 'The file is UTF-16 text: gateway specs are UTF-8. Save it as UTF-8 (nothing in it was read).'
        : `The file is not UTF-8 text: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${bom + bad} is not part of a UTF-8 character. Save the file as UTF-8 (nothing in it was read).`,
    },
  };
}

/** The index of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** UTF-8 length of a text, exact up to `cap` (past it, any value above `cap` will do). */
function utf8Length(text: string, cap: number): number {
  if (text.length * 3 <= cap) return text.length;
  if (text.length > cap) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
