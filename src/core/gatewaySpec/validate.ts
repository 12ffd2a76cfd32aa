// The validation pipeline: parse with positions → JSON Schema (generated ajv code) → semantic rules → diagnostics
// with ranges, sorted by position. Synchronous for the CLI and the bench; `validateSpecAsync` yields between the
// phases so an editor can drop a run that a newer keystroke has made stale.
import { CODES, type SpecDiagnostic } from './diagnostics';
import { formatOf, SpecDocument, type SpecFormat } from './document';
import type { GatewaySpec } from './model';
import { ruleFindings } from './rules';
import { schemaFindings, type Finding } from './schema';

export interface ValidateOptions {
  /** Decides the format when `format` is not given: `.yaml`/`.yml` → YAML, `.jsonc` → JSON with comments, else JSON. */
  fileName?: string;
  format?: SpecFormat;
}

export interface SpecValidation {
  document: SpecDocument;
  /**
   * The typed model: the document's value when its top level is an object. It follows the GatewaySpec types only
   * when `valid` is true; with errors, any part may be missing or of another type.
   */
  model: GatewaySpec | undefined;
  /** Every problem, sorted by position. */
  diagnostics: SpecDiagnostic[];
  /** No diagnostic of severity error. */
  valid: boolean;
}

export class ValidationCancelled extends Error {
  constructor() {
    super('Validation cancelled');
    this.name = 'Canceled';
  }
}

/** Marks "stop after parsing" when the syntax errors already say why there is nothing to validate. */
const STOP: Finding = { code: 'APIGW001', message: '', path: [], target: 'value' };

function resolveFormat(opts: ValidateOptions): SpecFormat {
  return opts.format ?? (opts.fileName ? formatOf(opts.fileName) : 'json');
}

/** Parses and validates spec text. Never throws on bad input: every problem becomes a diagnostic. */
export function validateSpec(text: string, opts: ValidateOptions = {}): SpecValidation {
  const doc = new SpecDocument(text, resolveFormat(opts));
  const findings = structureFindings(doc);
  if (findings.length === 0) findings.push(...schemaFindings(doc), ...ruleFindings(doc));
  return finish(
    doc,
    findings.filter((f) => f !== STOP),
  );
}

/** As validateSpec, yielding to the event loop between phases and giving up when `isCancelled()` turns true. */
export async function validateSpecAsync(
  text: string,
  opts: ValidateOptions,
  isCancelled: () => boolean,
): Promise<SpecValidation> {
  const check = async () => {
    await new Promise<void>((r) => setImmediate(r));
    if (isCancelled()) throw new ValidationCancelled();
  };
  await check();
  const doc = new SpecDocument(text, resolveFormat(opts));
  const findings = structureFindings(doc);
  if (findings.length === 0) {
    await check();
    findings.push(...schemaFindings(doc));
    await check();
    findings.push(...ruleFindings(doc));
  }
  return finish(
    doc,
    findings.filter((f) => f !== STOP),
  );
}

/** Problems that stop validation before the schema: no document, or one whose top level is not an object. */
function structureFindings(doc: SpecDocument): Finding[] {
  if (doc.text.trim() === '' || (/^(\s|#[^\n]*)*$/.test(doc.text) && doc.format === 'yaml')) {
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

function finish(doc: SpecDocument, findings: Finding[]): SpecValidation {
  const diagnostics: SpecDiagnostic[] = [];
  for (const p of doc.syntaxProblems) {
    const code = p.kind === 'duplicate' ? 'APIGW002' : p.kind === 'nonStringKey' ? 'APIGW004' : 'APIGW001';
    diagnostics.push({
      code,
      severity: p.severity,
      message: p.message,
      offset: p.offset,
      length: p.length,
      range: doc.rangeAt(p.offset, p.length),
      ...(p.firstOffset !== undefined
        ? {
            related: [
              {
                message: 'First defined here',
                offset: p.firstOffset,
                length: p.firstLength!,
                range: doc.rangeAt(p.firstOffset, p.firstLength!),
              },
            ],
          }
        : {}),
    });
  }
  const seen = new Set<string>();
  for (const f of findings) {
    const loc = f.span ?? doc.locate(f.path, f.target);
    const key = `${f.code}@${loc.offset}:${loc.length}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push({
      code: f.code,
      severity: CODES[f.code].severity,
      message: f.message,
      offset: loc.offset,
      length: loc.length,
      range: doc.rangeAt(loc.offset, loc.length),
      path: f.path,
      ...(f.related
        ? {
            related: f.related.map((r) => {
              const l = doc.locate(r.path, r.target);
              return { message: r.message, offset: l.offset, length: l.length, range: doc.rangeAt(l.offset, l.length) };
            }),
          }
        : {}),
      ...(f.fixes && f.fixes.length ? { fixes: f.fixes.filter((x) => x.edits.length > 0) } : {}),
    });
  }
  diagnostics.sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
  const root = doc.value;
  const model = root && typeof root === 'object' && !Array.isArray(root) ? (root as GatewaySpec) : undefined;
  return { document: doc, model, diagnostics, valid: !diagnostics.some((d) => d.severity === 'error') };
}
