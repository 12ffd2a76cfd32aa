// Selection expressions and mapping values: `$request.header.x`, `${request.body.a.b}-static`, `$context.requestId`,
// `$stageVariables.name`, `$response.header.x`. One evaluator serves parameter mapping
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html), identity sources and
// WebSocket route selection (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html).

import { enclosedParts, replaceEnclosed } from '../text';

export interface ExpressionSources {
  /** Header values joined with commas; names case-insensitive. */
  header?(name: string): string | undefined;
  /** Query values joined with commas; names case-sensitive. */
  querystring?(name: string): string | undefined;
  pathParameter?(name: string): string | undefined;
  /** The request path within the stage. */
  path?: string | undefined;
  /** The raw body text. */
  body?: string | undefined;
  /**
   * The body already parsed as JSON, read whole by `$request.body.PATH`: a WebSocket message (at most 128 KB) is
   * routed on all of it, where JSON paths into an HTTP request's body read its first 100 KB.
   */
  parsedBody?: { value: unknown } | undefined;
  context?(name: string): string | undefined;
  stageVariables?: Record<string, string> | undefined;
  responseHeader?(name: string): string | undefined;
  responseBody?: string | undefined;
  /** A WebSocket integration's status code, for `$integration.response.statuscode`. */
  integrationStatus?: string | undefined;
}

/** Bodies above this are truncated before a JSON path is applied (AWS: 100 KB). */
export const JSON_PATH_BODY_LIMIT = 100 * 1024;

function stringify(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** The last two texts parsed: a message, and its first 100 KB when JSON paths read a longer one. */
const recentlyParsed: Array<{ text: string; json: ParsedJson }> = [];

/**
 * JSON.parse of a body, remembered for the last two texts parsed: one WebSocket message is read by route
 * selection, a JSON path or two and request validation, which parsed its text four times. The value is shared:
 * callers read it and never change it.
 */
export function parseJson(text: string): ParsedJson {
  const known = recentlyParsed.find((p) => p.text === text);
  if (known) return known.json;
  let json: ParsedJson;
  try {
    json = { ok: true, value: JSON.parse(text) };
  } catch {
    json = { ok: false };
  }
  recentlyParsed.unshift({ text, json });
  recentlyParsed.length = Math.min(recentlyParsed.length, 2);
  return json;
}

/** A JSON path (`a.b[0].c`, `$.a`) into a JSON text; undefined when the text is not JSON or the path is absent. */
export function jsonPath(text: string | undefined, path: string): string | undefined {
  if (text === undefined) return undefined;
  const parsed = parseJson(text.length > JSON_PATH_BODY_LIMIT ? text.slice(0, JSON_PATH_BODY_LIMIT) : text);
  return parsed.ok ? valueAtJsonPath(parsed.value, path) : undefined;
}

/** The value at a JSON path (`a.b[0].c`, `$.a`) in a parsed JSON value, as text (objects as JSON); undefined if absent. */
export function valueAtJsonPath(doc: unknown, path: string): string | undefined {
  return stringify(atJsonPath(doc, path));
}

/** The value at a JSON path (`a.b[0].c`, `$.a`) in a parsed JSON value; undefined if absent. */
export function atJsonPath(doc: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  let cur: unknown = doc;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, s)) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/** The value of one variable (without `$` or braces): `request.header.x`, `context.requestId`… */
export function variable(name: string, src: ExpressionSources): string | undefined {
  const dot = (prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : undefined);
  let rest: string | undefined;
  if ((rest = dot('request.header.')) !== undefined) return src.header?.(rest);
  if ((rest = dot('request.querystring.')) !== undefined) return src.querystring?.(rest);
  if ((rest = dot('request.path.')) !== undefined) return src.pathParameter?.(rest);
  if (name === 'request.path') return src.path;
  if (name === 'request.body') return src.body;
  if ((rest = dot('request.body.')) !== undefined)
    return src.parsedBody ? valueAtJsonPath(src.parsedBody.value, rest) : jsonPath(src.body, rest);
  if ((rest = dot('context.')) !== undefined) return src.context?.(rest);
  if ((rest = dot('stageVariables.')) !== undefined) return src.stageVariables?.[rest];
  if ((rest = dot('response.header.')) !== undefined) return src.responseHeader?.(rest);
  if (name === 'response.body') return src.responseBody;
  if (name === 'integration.response.statuscode') return src.integrationStatus;
  if ((rest = dot('integration.response.header.') ?? dot('integration.response.multivalueheader.')) !== undefined)
    return src.responseHeader?.(rest);
  if ((rest = dot('response.body.')) !== undefined) return jsonPath(src.responseBody, rest);
  return undefined;
}

/**
 * Evaluates an expression: a whole-string variable (`$request.header.x`), a template with `${…}` parts and static
 * text, or a static value. `\$` escapes a dollar sign. Variables without a value become "" inside a template and
 * undefined when the whole expression is one variable.
 */
export function evaluate(expr: string, src: ExpressionSources): string | undefined {
  if (expr.startsWith('$') && !expr.startsWith('${') && /^\$[A-Za-z][\w.\-[\]$]*$/.test(expr)) {
    return variable(expr.slice(1), src);
  }
  // `\$` is a literal dollar: split on it so no part of it is read as a variable.
  return expr
    .split('\\$')
    .map((part) => replaceEnclosed(part, '${', '}', (name) => variable(name, src) ?? ''))
    .join('$');
}

/** The variables an expression reads, e.g. for "is this identity source present". */
export function variablesOf(expr: string): string[] {
  if (expr.startsWith('$') && !expr.startsWith('${')) return [expr.slice(1)];
  return enclosedParts(expr, '${', '}').map((p) => p.inner);
}
