// The validation pipeline: the front end (input.ts: bytes or text → parse with positions, within the budget) → JSON
// Schema (generated ajv code) → semantic rules → diagnostics with ranges, sorted by position, at most
// `maxDiagnostics` per file. Synchronous for the CLI, the worker and the bench; `validateSpecAsync` yields between
// the phases so an editor can drop a run that a newer keystroke has made stale.
//
// Quick fixes are built on request only: a diagnostic's `fixes` is computed the first time it is read (an editor
// asks for the few under the cursor), and `fixes: false` leaves them out altogether (the CLI never prints them).
import { CODES, type QuickFix, type SpecDiagnostic } from './diagnostics';
import type { DocumentStats, SpecDocument } from './document';
import { openSpec, type FrontEndOptions, type SpecInput } from './input';
import type { GatewaySpec } from './model';
import { ruleFindings } from './rules';
import { schemaFindings, type Finding } from './schema';

export interface ValidateOptions extends FrontEndOptions {
  /** false: diagnostics without quick fixes (the CLI). Default: fixes computed when first read. */
  fixes?: boolean;
}

export interface SpecValidation {
  document: SpecDocument;
  /**
   * The typed model: the document's value when its top level is an object. It follows the GatewaySpec types only
   * when `valid` is true; with errors, any part may be missing or of another type.
   */
  model: GatewaySpec | undefined;
  /** Every problem, sorted by position (at most the diagnostics limit: the last one then counts the rest). */
  diagnostics: SpecDiagnostic[];
  /** No problem of severity error, including any the diagnostics limit left out. */
  valid: boolean;
  stats: DocumentStats & { problems: number };
}

export class ValidationCancelled extends Error {
  constructor() {
    super('Validation cancelled');
    this.name = 'Canceled';
  }
}

/** Marks "stop after parsing" when the syntax errors already say why there is nothing to validate. */
const STOP: Finding = { code: 'APIGW001', message: '', path: [], target: 'value' };

/** Parses and validates a spec file. Never throws on bad input: every problem becomes a diagnostic. */
export function validateSpec(input: SpecInput, opts: ValidateOptions = {}): SpecValidation {
  const doc = openSpec(input, opts);
  let findings = structureFindings(doc);
  // concat, not push(...): a spec can have more findings than a call can take arguments.
  if (findings.length === 0) findings = schemaFindings(doc).concat(ruleFindings(doc));
  return finish(
    doc,
    findings.filter((f) => f !== STOP),
    opts,
  );
}

/** As validateSpec, yielding to the event loop between phases and giving up when `isCancelled()` turns true. */
export async function validateSpecAsync(
  input: SpecInput,
  opts: ValidateOptions,
  isCancelled: () => boolean,
): Promise<SpecValidation> {
  const check = async () => {
    await new Promise<void>((r) => setImmediate(r));
    if (isCancelled()) throw new ValidationCancelled();
  };
  await check();
  const doc = openSpec(input, opts);
  let findings = structureFindings(doc);
  if (findings.length === 0) {
    await check();
    findings = schemaFindings(doc);
    await check();
    findings = findings.concat(ruleFindings(doc));
  }
  return finish(
    doc,
    findings.filter((f) => f !== STOP),
    opts,
  );
}

/** Problems that stop validation before the schema: no document, or one whose top level is not an object. */
function structureFindings(doc: SpecDocument): Finding[] {
  if (doc.syntaxProblems.some((p) => p.code !== undefined && p.severity === 'error')) return [STOP];
  if (doc.text.trim() === '' || (doc.format === 'yaml' && onlyCommentLines(doc.text))) {
    doc.syntaxProblems.length = 0;
    return [
      {
        code: 'APIGW003',
        message: 'The file is empty: a gateway spec starts with `version: 1` and `api`.',
        path: [],
        target: 'value',
      },
    ];
  }
  const kind = doc.topLevelKind;
  if (kind === undefined)
    return doc.syntaxProblems.length
      ? [STOP]
      : [
          {
            code: 'APIGW003',
            message: 'The file holds no value: a gateway spec is an object.',
            path: [],
            target: 'value',
          },
        ];
  if (kind !== 'object') {
    return [
      {
        code: 'APIGW003',
        message: `A gateway spec is an object (a mapping in YAML) at the top level, not ${kind === 'array' ? 'a list' : `a ${kind}`}.`,
        path: [],
        target: 'value',
      },
    ];
  }
  return [];
}

/**
 * Whether YAML text holds nothing but blank and comment lines. One pass: the regular expression this replaces,
 * /^(\s|#[^\n]*)*$/, took exponential time on a comment line of many ` #` followed by any content.
 */
function onlyCommentLines(text: string): boolean {
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) inComment = false;
    else if (inComment || c === 32 || c === 9) continue;
    else if (c === 35 /* # */) inComment = true;
    else return false;
  }
  return true;
}

/** A problem placed in the text, before it becomes a diagnostic (ranges and fixes only for those reported). */
interface Placed {
  code: SpecDiagnostic['code'];
  severity: SpecDiagnostic['severity'];
  message: string;
  offset: number;
  length: number;
  finding?: Finding;
  firstOffset?: number;
  firstLength?: number;
}

function finish(doc: SpecDocument, findings: Finding[], opts: ValidateOptions): SpecValidation {
  const placed = [...syntaxPlaced(doc), ...findingsPlaced(doc, findings)];
  const limit = doc.limits.maxDiagnostics;
  const errors = placed.filter((p) => p.severity === 'error').length;
  const kept = placed.length > limit ? keepMostSevere(placed, limit - 1) : placed;
  kept.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  const diagnostics = kept.map((p) => materialize(doc, p, opts.fixes !== false));
  if (placed.length > limit) diagnostics.unshift(overflowDiagnostic(doc, placed, kept.length, limit));
  const root = doc.value;
  const model = root && typeof root === 'object' && !Array.isArray(root) ? (root as GatewaySpec) : undefined;
  return { document: doc, model, diagnostics, valid: errors === 0, stats: { ...doc.stats, problems: placed.length } };
}

/** Parser problems, inside the text: jsonc-parser reports some a character past its end. */
function syntaxPlaced(doc: SpecDocument): Placed[] {
  const n = doc.text.length;
  return doc.syntaxProblems.map((p) => ({
    code: p.code ?? (p.kind === 'duplicate' ? 'APIGW002' : p.kind === 'nonStringKey' ? 'APIGW004' : 'APIGW001'),
    severity: p.severity,
    message: p.message,
    offset: Math.max(0, Math.min(p.offset, n)),
    length: Math.max(0, Math.min(p.length, n - Math.max(0, Math.min(p.offset, n)))),
    ...(p.firstOffset !== undefined ? { firstOffset: p.firstOffset, firstLength: p.firstLength! } : {}),
  }));
}

function findingsPlaced(doc: SpecDocument, findings: Finding[]): Placed[] {
  const out: Placed[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const loc = f.span ?? doc.locate(f.path, f.target);
    const key = `${f.code}@${loc.offset}:${loc.length}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      code: f.code,
      severity: CODES[f.code].severity,
      message: f.message,
      offset: loc.offset,
      length: loc.length,
      finding: f,
    });
  }
  return out;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** The `n` problems to show when there are too many: errors first, then by position. */
function keepMostSevere(placed: Placed[], n: number): Placed[] {
  return [...placed].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.offset - b.offset).slice(0, n);
}

function overflowDiagnostic(doc: SpecDocument, placed: Placed[], shown: number, limit: number): SpecDiagnostic {
  const count = (s: string) => placed.filter((p) => p.severity === s).length;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const hidden = placed.length - shown;
  return {
    code: 'APIGW014',
    severity: 'info',
    message:
      `${fmt(placed.length)} problems (${fmt(count('error'))} errors, ${fmt(count('warning'))} warnings): ` +
      `${fmt(shown)} are shown, errors first, and ${fmt(hidden)} are not (the spec input limit of ${fmt(limit)} ` +
      'diagnostics per file). Fix these and validate again.',
    offset: 0,
    length: 0,
    range: doc.rangeAt(0, 0),
  };
}

function materialize(doc: SpecDocument, p: Placed, withFixes: boolean): SpecDiagnostic {
  const d: SpecDiagnostic = {
    code: p.code,
    severity: p.severity,
    message: p.message,
    offset: p.offset,
    length: p.length,
    range: doc.rangeAt(p.offset, p.length),
  };
  const f = p.finding;
  if (f) d.path = f.path;
  if (p.firstOffset !== undefined) {
    d.related = [
      {
        message: 'First defined here',
        offset: p.firstOffset,
        length: p.firstLength!,
        range: doc.rangeAt(p.firstOffset, p.firstLength!),
      },
    ];
  }
  if (f?.related) {
    d.related = f.related.map((r) => {
      const l = doc.locate(r.path, r.target);
      return { message: r.message, offset: l.offset, length: l.length, range: doc.rangeAt(l.offset, l.length) };
    });
  }
  if (withFixes && f?.fixes) defineLazyFixes(d, f.fixes);
  return d;
}

/** `fixes` as a property computed on first read, then kept. Fixes without edits are dropped. */
function defineLazyFixes(d: SpecDiagnostic, source: NonNullable<Finding['fixes']>): void {
  let cached: QuickFix[] | undefined;
  Object.defineProperty(d, 'fixes', {
    enumerable: true,
    configurable: true,
    get(): QuickFix[] {
      cached ??= (typeof source === 'function' ? source() : source).filter((x) => x.edits.length > 0);
      return cached;
    },
  });
}
