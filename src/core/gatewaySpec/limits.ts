// The spec input budget: how large, how deep and how many values a spec file may be, how far YAML aliases may expand
// it, and how many problems one file reports. The front end (input.ts) enforces it in linear time for every path —
// the editor, `apigw validate`, plan, deploy and the local API — and answers each limit with a diagnostic of its
// own code that names it (docs/SPEC.md, "Limits"). Everything after the front end may then recurse safely: no value
// it hands on is nested deeper than `maxDepth`, and no tree holds more than `maxNodes` values, aliases expanded.
import type { SyntaxProblem } from './ast';
import type { DiagnosticCode } from './diagnostics';

export interface SpecLimits {
  /** UTF-8 bytes of the file. */
  maxBytes: number;
  /** Objects and arrays (mappings and sequences) inside each other, YAML aliases expanded. */
  maxDepth: number;
  /** Values the file holds: objects, arrays and scalars (keys are not values). */
  maxNodes: number;
  /** Values YAML aliases may add when expanded: this many, or `aliasFactor` times the values written, if more. */
  aliasBase: number;
  aliasFactor: number;
  /** Diagnostics reported for one file: past this, the last one counts the problems not shown. */
  maxDiagnostics: number;
}

/**
 * The budget. Real specs stay far inside it (a 3,000-route spec is about 1 MB, 40,000 values, 7 levels deep); the
 * limits exist so that no file — however large, deep or alias-laden — can hang or crash a path.
 */
export const SPEC_LIMITS: Readonly<SpecLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 2_000_000,
  aliasBase: 10_000,
  aliasFactor: 10,
  maxDiagnostics: 1_000,
});

/** The parsers recurse once per level: a caller may lower the depth limit, never raise it past this. */
const DEPTH_CEILING = 512;

export function resolveLimits(overrides: Partial<SpecLimits> | undefined): SpecLimits {
  const limits = { ...SPEC_LIMITS, ...overrides };
  limits.maxDepth = Math.max(1, Math.min(limits.maxDepth, DEPTH_CEILING));
  limits.maxDiagnostics = Math.max(2, limits.maxDiagnostics);
  return limits;
}

/** The values aliases may add to a file that writes `written` values. */
export function aliasAllowance(limits: SpecLimits, written: number): number {
  return Math.max(limits.aliasBase, limits.aliasFactor * written);
}

/**
 * The characters YAML aliases may make the later phases read again: `aliasFactor` times the text, or 1 MiB if that
 * is more. Counting values alone let a 200 KB string aliased 2,000 times through (2,001 values) and every phase that
 * reads a string (length checks, "did you mean", messages) read 400 MB: 2.7 s for a 270 KB file.
 */
export function aliasCharAllowance(limits: SpecLimits, textLength: number): number {
  return Math.max(ALIAS_CHAR_BASE, limits.aliasFactor * textLength);
}
const ALIAS_CHAR_BASE = 1024 * 1024;

/** Thrown inside a parser when a limit is crossed: it stops at once, so the work stays linear in what it read. */
export class LimitExceeded {
  constructor(readonly problem: SyntaxProblem) {}
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function limitProblem(code: DiagnosticCode, message: string, offset: number, length: number): SyntaxProblem {
  return { kind: 'syntax', code, message, offset, length, severity: 'error' };
}

export function tooLarge(bytes: number, limits: SpecLimits): SyntaxProblem {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  return limitProblem(
    'APIGW010',
    `The file is ${mb(bytes)}; the spec input limit is ${mb(limits.maxBytes)} (${fmt(limits.maxBytes)} bytes). ` +
      'Nothing in it was read: split the API, or remove what it does not need.',
    0,
    0,
  );
}

export function tooDeep(offset: number, limits: SpecLimits, viaAlias = false): SyntaxProblem {
  return limitProblem(
    'APIGW011',
    `Nested deeper than the spec input limit of ${limits.maxDepth} levels of objects and arrays` +
      `${viaAlias ? ' once this alias is expanded' : ''}` +
      `${limits.maxDepth === SPEC_LIMITS.maxDepth ? ' (a gateway spec needs fewer than 10)' : ''}. Nothing past this point was read.`,
    offset,
    1,
  );
}

export function tooManyNodes(offset: number, limits: SpecLimits): SyntaxProblem {
  return limitProblem(
    'APIGW012',
    `More than ${fmt(limits.maxNodes)} values (objects, arrays and scalars): the spec input limit. ` +
      'Nothing past this point was read.',
    offset,
    1,
  );
}

export function aliasesTooLarge(offset: number, length: number, added: number, limits: SpecLimits): SyntaxProblem {
  return limitProblem(
    'APIGW013',
    `The YAML aliases up to here expand to ${fmt(added)} more values, past the spec input limit: aliases may add ` +
      `${limits.aliasFactor} times the values the file writes, or ${fmt(limits.aliasBase)} if that is more, and ` +
      `no more than ${fmt(limits.maxNodes)} values in all. Write the repeated parts out, or share less.`,
    offset,
    length,
  );
}

export function aliasCharsTooMany(
  offset: number,
  length: number,
  chars: number,
  limits: SpecLimits,
  textLength: number,
): SyntaxProblem {
  return limitProblem(
    'APIGW013',
    `The YAML aliases up to here repeat ${fmt(chars)} characters, past the spec input limit: aliases may repeat ` +
      `${limits.aliasFactor} times the characters of the file (${fmt(aliasCharAllowance(limits, textLength))} here). ` +
      'Write the repeated parts out, or share less.',
    offset,
    length,
  );
}
