// Parameter mapping of HTTP APIs: request parameters change the headers, query string and path an HTTP proxy
// integration receives; response parameters change the headers and status code the client gets, per status code.
// WebSocket APIs' request parameters (another syntax, the same effect on the request) are mapWsRequest's.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
import { isReservedHeader, parseMappingKey, type MappingOp } from '../gatewaySpec/mappingKeys';
import { evaluate, variable, type ExpressionSources } from './expressions';
import { isFinalStatus } from './responses';

export interface ForwardedRequest {
  method: string;
  /** The path sent to the backend (decoded form is never used: it stays as received, or as mapped). */
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
}

export interface MappedResponse {
  statusCode: number;
  headers: Array<[string, string]>;
}

function applyPairs(
  pairs: Array<[string, string]>,
  op: MappingOp,
  name: string,
  value: string | undefined,
  caseInsensitive: boolean,
): Array<[string, string]> {
  const same = (k: string) => (caseInsensitive ? k.toLowerCase() === name.toLowerCase() : k === name);
  if (op === 'remove') return pairs.filter(([k]) => !same(k));
  if (value === undefined) return pairs;
  if (op === 'overwrite') return [...pairs.filter(([k]) => !same(k)), [name, value]];
  return [...pairs, [name, value]];
}

/** Applies an integration's `requestParameters` (in key order: remove, then overwrite and append as written). */
export function mapRequest(
  req: ForwardedRequest,
  parameters: Record<string, string> | undefined,
  src: ExpressionSources,
): ForwardedRequest {
  let out = { ...req, headers: [...req.headers], query: [...req.query] };
  for (const [key, expr] of Object.entries(parameters ?? {})) {
    const k = parseMappingKey(key, 'request');
    if (!k) continue;
    const value = k.op === 'remove' ? undefined : evaluate(expr, src);
    if (k.target === 'path') {
      if (value !== undefined) out = { ...out, path: value.startsWith('/') ? value : `/${value}` };
    } else if (k.target === 'header') {
      if (!isReservedHeader(k.name)) out.headers = applyPairs(out.headers, k.op, k.name, value, true);
    } else if (k.target === 'querystring') {
      out.query = applyPairs(out.query, k.op, k.name, value, false);
    }
  }
  return out;
}

/**
 * Applies a WebSocket integration's `requestParameters`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-mapping.html): keys
 * `integration.request.header.NAME` and `integration.request.querystring.NAME` set that header or query parameter,
 * `integration.request.path.NAME` fills `{NAME}` in the integration's path; values are `route.request.header.NAME`,
 * `route.request.querystring.NAME` and their `multivalue` forms ($connect only), `route.request.body.PATH`,
 * `context.NAME`, `stageVariables.NAME`, or a 'static' value in single quotes.
 */
export function mapWsRequest(
  req: ForwardedRequest,
  parameters: Record<string, string> | undefined,
  src: ExpressionSources,
): ForwardedRequest {
  const out = { ...req, headers: [...req.headers], query: [...req.query] };
  for (const [key, expr] of Object.entries(parameters ?? {})) {
    const k = /^integration\.request\.(header|querystring|path)\.(.+)$/.exec(key);
    const value = k ? wsMappingValue(expr, src) : undefined;
    if (!k || value === undefined) continue;
    const name = k[2]!;
    if (k[1] === 'header' && !isReservedHeader(name))
      out.headers = applyPairs(out.headers, 'overwrite', name, value, true);
    if (k[1] === 'querystring') out.query = applyPairs(out.query, 'overwrite', name, value, false);
    if (k[1] === 'path') out.path = out.path.split(`{${name}}`).join(encodeURIComponent(value));
  }
  return out;
}

function wsMappingValue(expr: string, src: ExpressionSources): string | undefined {
  const literal = /^'(.*)'$/s.exec(expr);
  if (literal) return literal[1];
  const name = expr.replace(/^route\./, '').replace(/^request\.multivalue(header|querystring)\./, 'request.$1.');
  return variable(name, src);
}

/** Applies the `responseParameters` entry of the integration's status code, if any. */
export function mapResponse(
  res: MappedResponse,
  parameters: Record<string, Record<string, string>> | undefined,
  src: ExpressionSources,
): MappedResponse {
  const forStatus = parameters?.[String(res.statusCode)];
  if (!forStatus) return res;
  let out: MappedResponse = { statusCode: res.statusCode, headers: [...res.headers] };
  for (const [key, expr] of Object.entries(forStatus)) {
    const k = parseMappingKey(key, 'response');
    if (!k) continue;
    const value = k.op === 'remove' ? undefined : evaluate(expr, src);
    if (k.target === 'statuscode') {
      const n = Number(value);
      if (isFinalStatus(n)) out = { ...out, statusCode: n };
    } else if (k.target === 'header') {
      if (!isReservedHeader(k.name)) out.headers = applyPairs(out.headers, k.op, k.name, value, true);
    }
  }
  return out;
}

/** The backend URL of an HTTP proxy: path variables (`{proxy}`, `{id}`) and stage variables substituted. */
export function integrationUrl(
  uri: string,
  pathParameters: Record<string, string>,
  stageVariables: Record<string, string> | undefined,
): string {
  return uri
    .replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, n: string) => stageVariables?.[n] ?? '')
    .replace(/\{([^{}+]+)\+?\}/g, (whole, n: string) =>
      pathParameters[n] !== undefined ? pathParameters[n]!.split('/').map(encodeURIComponent).join('/') : whole,
    );
}
