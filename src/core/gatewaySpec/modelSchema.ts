// A WebSocket API's model describes a message body. "For application/json models, this should be JSON schema draft 4
// model" (CreateModel, https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-models.html), and
// API Gateway refuses one that is not: "Invalid model specified: Validation Result: warnings : [], errors : [Invalid
// model schema specified]" (an empty `required`, a repeated `enum` value: aws/aws-cdk issues 27433 and 18715). The
// check is draft 4's meta-schema, compiled at build time (draft4Validator.generated.ts); formats are not checked.
import validateDraft4 from './draft4Validator.generated';
import type { JsonPath } from './diagnostics';

interface MetaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ModelSchemaProblem {
  message: string;
  /** Where inside the schema (an object schema's own keys; empty for the whole value or a schema given as text). */
  at: JsonPath;
  /** For a list with an item twice (`enum`, `required`, `type`): the later one, and its index. */
  repeated?: { index: number; value: unknown };
}

/** Whether the model's content type is one whose schema AWS checks as JSON Schema (the default is application/json). */
export function describesJson(contentType: unknown): boolean {
  return (
    contentType === undefined || (typeof contentType === 'string' && /^application\/json\s*(;|$)/i.test(contentType))
  );
}

/** Why `schema` (an object, or its JSON text) is not a JSON Schema draft 4 document: none when it is one. */
export function modelSchemaProblems(schema: unknown): ModelSchemaProblem[] {
  let value = schema;
  if (typeof schema === 'string') {
    try {
      value = JSON.parse(schema);
    } catch (err) {
      return [{ message: `The schema text is not JSON: ${(err as Error).message}.`, at: [] }];
    }
  }
  const validate = validateDraft4 as ((v: unknown) => boolean) & { errors?: MetaError[] | null };
  try {
    if (validate(value)) return [];
  } catch (err) {
    // The check recurses once per level; schema text is not held to the spec's depth limit as the spec's own values are.
    if (err instanceof RangeError)
      return [{ message: 'The schema nests too deeply to check as JSON Schema draft 4: flatten it.', at: [] }];
    throw err;
  }
  return innermostErrors(validate.errors ?? []).map((e) => {
    const at = typeof schema === 'string' ? [] : pathIn(value, e.instancePath);
    return { message: describe(e), at, ...(at.length && e.keyword === 'uniqueItems' ? repeatedIn(value, at, e) : {}) };
  });
}

/**
 * One error for each place, and none for a place that holds a place with an error. A failed `anyOf` (`items` is a
 * schema or an array of schemas; `type` a name or a list of them) reports each branch's failure: at one place, a
 * branch that wanted another kind of value (`type`, or `enum` for a name) gives way to one that says what is wrong.
 */
function innermostErrors(errors: MetaError[]): MetaError[] {
  const byPlace = new Map<string, MetaError>();
  const holders = new Set<string>();
  for (const e of errors) {
    const earlier = byPlace.get(e.instancePath);
    if (e.keyword === 'anyOf' || (earlier && !(isKindMismatch(earlier) && !isKindMismatch(e)))) continue;
    byPlace.set(e.instancePath, e);
    for (let i = e.instancePath.lastIndexOf('/'); i >= 0; i = e.instancePath.lastIndexOf('/', i - 1)) {
      holders.add(e.instancePath.slice(0, i));
      if (i === 0) break;
    }
  }
  return [...byPlace.values()].filter((e) => !holders.has(e.instancePath));
}

function repeatedIn(root: unknown, at: JsonPath, e: MetaError): Pick<ModelSchemaProblem, 'repeated'> {
  let list = root;
  for (const step of at) list = (list as Record<string | number, unknown>)[step];
  const index = Math.max(Number(e.params.i), Number(e.params.j));
  return { repeated: { index, value: (list as unknown[])[index] } };
}

function isKindMismatch(e: MetaError): boolean {
  return e.keyword === 'type' || e.keyword === 'enum';
}

function describe(e: MetaError): string {
  const where = e.instancePath
    ? `'${e.instancePath.slice(1).split('/').map(unescapePointer).join('.')}'`
    : 'The schema';
  const allowed =
    e.keyword === 'enum' && Array.isArray(e.params.allowedValues) ? ` (${e.params.allowedValues.join(', ')})` : '';
  return `${where} ${e.message ?? 'is not valid'}${allowed}: AWS refuses an application/json model whose schema is not JSON Schema draft 4.`;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The JSON pointer's segments as a document path: numbers where they index an array. */
function pathIn(root: unknown, pointer: string): JsonPath {
  const out: Array<string | number> = [];
  let node = root;
  for (const raw of pointer ? pointer.slice(1).split('/') : []) {
    const key = unescapePointer(raw);
    const step = Array.isArray(node) ? Number(key) : key;
    out.push(step);
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  return out;
}
