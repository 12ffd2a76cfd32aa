// The editor's side of the spec engine as messages: documents in (text or bytes, by version), diagnostics, quick fixes
// and the editor features out, all as plain data. The extension runs it in a worker thread (src/vscode/gatewaySpec/
// worker.ts), so validating a large spec never blocks the extension host; the same class answers in-process where
// a worker cannot start, and in the unit tests. Everything goes through the one front end (input.ts): what the
// editor shows for a file is what `apigw validate` prints for it.
import type { SpecFormat } from './ast';
import type { QuickFix, Range, SpecDiagnostic, TextEdit } from './diagnostics';
import type { SpecDocument } from './document';
import { openSpec, type SpecInput } from './input';
import type { SpecLimits } from './limits';
import {
  completions,
  definition,
  documentSymbols,
  hover,
  prepareRename,
  references,
  rename,
  templatePlaces,
  type CompletionList,
  type OutlineOptions,
  type OutlineSymbol,
  type RenameCheck,
  type TemplatePlace,
} from './service';
import { validateSpec, type SpecValidation } from './validate';

/** A diagnostic as the editor receives it: no quick fixes (they are asked for), everything else as validate gives. */
export type WireDiagnostic = Omit<SpecDiagnostic, 'fixes' | 'path'>;

/** A question about one version of an open document. */
export type SpecQuestion =
  | { op: 'validate' }
  | { op: 'fixes'; diagnostics: Array<Pick<SpecDiagnostic, 'code' | 'offset' | 'length'>> }
  | { op: 'completions' | 'hover' | 'definition' | 'prepareRename'; offset: number }
  | { op: 'references'; offset: number; includeDeclaration: boolean }
  | { op: 'rename'; offset: number; newName: string }
  | ({ op: 'symbols' } & OutlineOptions)
  | { op: 'templates'; lines?: { start: number; end: number } };

/** One change of an edit, as the editor reports it: `length` characters at `offset` replaced by `text`. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export type SpecMessage =
  | { op: 'open'; uri: string; version: number; format: SpecFormat; input: SpecInput }
  /** Version `from` of an open text becomes `version` by these changes, applied in order (the editor's). */
  | { op: 'edit'; uri: string; from: number; version: number; changes: TextChange[] }
  | { op: 'close'; uri: string }
  | (SpecQuestion & { uri: string; version: number });

export type SpecRequest = SpecMessage & { id: number };

export interface ValidateResult {
  version: number;
  diagnostics: WireDiagnostic[];
  valid: boolean;
  stats: SpecValidation['stats'];
}

export type SpecResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; stale: boolean; error: string };

interface Entry {
  version: number;
  format: SpecFormat;
  input: SpecInput;
  document?: SpecDocument;
  validation?: SpecValidation;
}

export class SpecServer {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits?: Partial<SpecLimits>) {}

  /** Answers one request. Never throws: a failure is an answer with `ok: false`. */
  handle(req: SpecRequest): SpecResponse {
    try {
      if (req.op === 'open') {
        this.entries.set(req.uri, { version: req.version, format: req.format, input: req.input });
        return { id: req.id, ok: true, result: null };
      }
      if (req.op === 'edit') return this.edit(req);
      if (req.op === 'close') {
        this.entries.delete(req.uri);
        return { id: req.id, ok: true, result: null };
      }
      const entry = this.entries.get(req.uri);
      if (!entry || entry.version !== req.version)
        return { id: req.id, ok: false, stale: true, error: `${req.uri} v${req.version} is not open here` };
      return { id: req.id, ok: true, result: this.answer(req, entry) };
    } catch (err) {
      return {
        id: req.id,
        ok: false,
        stale: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      };
    }
  }

  /**
   * Applies an edit to the text it was made on; any other text (a newer or older version, or bytes) is left as it is
   * and the answer says stale, so the editor sends the whole text again.
   */
  private edit(req: Extract<SpecRequest, { op: 'edit' }>): SpecResponse {
    const entry = this.entries.get(req.uri);
    if (entry?.version === req.version) return { id: req.id, ok: true, result: null };
    const text =
      entry?.version === req.from && typeof entry.input === 'string'
        ? applyChanges(entry.input, req.changes)
        : undefined;
    if (!entry || text === undefined) {
      this.entries.delete(req.uri);
      return { id: req.id, ok: false, stale: true, error: `${req.uri} v${req.from} is not open here as text` };
    }
    this.entries.set(req.uri, { version: req.version, format: entry.format, input: text });
    return { id: req.id, ok: true, result: null };
  }

  private answer(req: SpecQuestion, entry: Entry): unknown {
    switch (req.op) {
      case 'validate':
        return this.validate(entry);
      case 'fixes':
        return this.fixes(entry, req.diagnostics);
      case 'completions':
        return completions(this.document(entry), req.offset) satisfies CompletionList;
      case 'hover':
        return hover(this.document(entry), req.offset) ?? null;
      case 'definition':
        return definition(this.document(entry), req.offset) ?? null;
      case 'prepareRename':
        return prepareRename(this.document(entry), req.offset) satisfies RenameCheck;
      case 'references':
        return references(this.document(entry), req.offset, req.includeDeclaration);
      case 'rename':
        return rename(this.document(entry), req.offset, req.newName) satisfies TextEdit[] | { error: string };
      case 'symbols':
        return documentSymbols(this.document(entry), req) satisfies OutlineSymbol[];
      case 'templates':
        return templatePlaces(this.document(entry), req.lines) satisfies TemplatePlace[];
    }
  }

  private validate(entry: Entry): ValidateResult {
    const v = (entry.validation ??= validateSpec(entry.input, { format: entry.format, limits: this.limits }));
    entry.document = v.document;
    return { version: entry.version, diagnostics: v.diagnostics.map(toWire), valid: v.valid, stats: v.stats };
  }

  /** The quick fixes of the given diagnostics of the last validation, built now (they are built only on request). */
  private fixes(entry: Entry, wanted: Array<Pick<SpecDiagnostic, 'code' | 'offset' | 'length'>>): QuickFix[][] {
    const v = (entry.validation ??= validateSpec(entry.input, { format: entry.format, limits: this.limits }));
    return wanted.map((w) => {
      const d = v.diagnostics.find((x) => x.code === w.code && x.offset === w.offset && x.length === w.length);
      return d?.fixes ?? [];
    });
  }

  private document(entry: Entry): SpecDocument {
    return (entry.document ??= openSpec(entry.input, { format: entry.format, limits: this.limits }));
  }
}

/** The text after the changes, each applied to the result of the one before; undefined if one falls outside it. */
export function applyChanges(text: string, changes: readonly TextChange[]): string | undefined {
  let out = text;
  for (const c of changes) {
    if (c.offset < 0 || c.length < 0 || c.offset + c.length > out.length) return undefined;
    out = out.slice(0, c.offset) + c.text + out.slice(c.offset + c.length);
  }
  return out;
}

/** A diagnostic as plain data: its fixes are left behind (they cost, and are asked for when needed). */
export function toWire(d: SpecDiagnostic): WireDiagnostic {
  const out: WireDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    offset: d.offset,
    length: d.length,
    range: d.range,
  };
  if (d.related) out.related = d.related.map((r) => ({ ...r, range: { ...r.range } as Range }));
  return out;
}
