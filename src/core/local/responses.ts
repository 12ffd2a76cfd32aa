// What the client gets back: a Lambda proxy result read as API Gateway reads it (payload 2.0 infers a response from a
// bare value; 1.0 needs a statusCode), and the gateway's own answers (404 Not Found, 500, 503…) with their bodies.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response
import { isObject } from './handlers';

export interface GatewayResponse {
  statusCode: number;
  /** Header pairs; a name may repeat (set-cookie). */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Why a result could not be read: the response is a 500 and the reason goes to the traffic log. */
export class MalformedResult extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResult';
  }
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Array<[string, string]> = [],
): GatewayResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** API Gateway's own answers, with the bodies HTTP APIs send. */
export const GATEWAY = {
  notFound: () => jsonResponse(404, { message: 'Not Found' }),
  unauthorized: (wwwAuthenticate?: string) =>
    jsonResponse(401, { message: 'Unauthorized' }, wwwAuthenticate ? [['www-authenticate', wwwAuthenticate]] : []),
  forbidden: (wwwAuthenticate?: string) =>
    jsonResponse(403, { message: 'Forbidden' }, wwwAuthenticate ? [['www-authenticate', wwwAuthenticate]] : []),
  internalError: () => jsonResponse(500, { message: 'Internal Server Error' }),
  badGateway: () => jsonResponse(502, { message: 'Bad Gateway' }),
  serviceUnavailable: () => jsonResponse(503, { message: 'Service Unavailable' }),
  payloadTooLarge: () => jsonResponse(413, { message: 'Request Entity Too Large' }),
  headersTooLarge: () => jsonResponse(431, { message: 'Request Header Fields Too Large' }),
  /** A WebSocket upgrade whose URL is over AWS's 4,096 characters: HTTP's 414 (RFC 9110, 15.5.15), our reading. */
  uriTooLong: () => jsonResponse(414, { message: 'URI Too Long' }),
  /** A WebSocket upgrade of a version other than 13, with the one the server speaks (RFC 6455, 4.2.2). */
  webSocketVersionRequired: () => jsonResponse(426, { message: 'Upgrade Required' }, [['sec-websocket-version', '13']]),
  tooManyRequests: () => jsonResponse(429, { message: 'Too Many Requests' }),
  badRequest: () => jsonResponse(400, { message: 'Bad Request' }),
} as const;

/** An HTTP field name: a token (RFC 9110, 5.1). */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What no field value may hold: control characters other than tab, so no line break (RFC 9110, 5.5). */
// eslint-disable-next-line no-control-regex
const FIELD_VALUE_FORBIDDEN = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * A header of a result as it can go on the wire: a name that is not a token, or a value with a line break or another
 * control character, makes the result malformed (a 500, the reason in the traffic record), never a crash.
 */
function headerValue(name: string, v: unknown): string {
  if (!FIELD_NAME.test(name)) throw new MalformedResult(`header name ${JSON.stringify(name)} is not an HTTP token`);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
    throw new MalformedResult(`header "${name}" is not a string, number or boolean`);
  const text = String(v);
  if (FIELD_VALUE_FORBIDDEN.test(text))
    throw new MalformedResult(`header "${name}" has a line break or another control character in its value`);
  return text;
}

/**
 * A status an answer can have: a final one, 200 to 599. A 1xx is an interim response in HTTP/1.1 (RFC 9110, 15.2):
 * sent as the answer, it left the client waiting for one that never came.
 */
export function isFinalStatus(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 200 && n <= 599;
}

function statusOf(v: unknown): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (!isFinalStatus(n))
    throw new MalformedResult(`statusCode ${JSON.stringify(v)} is not a final HTTP status (200-599)`);
  return n;
}

/** The bytes a base64 text stands for (line breaks and spaces allowed); undefined when the text is not base64. */
export function decodeBase64(text: string): Buffer | undefined {
  return /^[A-Za-z0-9+/\s]*(?:==?\s*)?$/.test(text) ? Buffer.from(text, 'base64') : undefined;
}

function bodyOf(result: Record<string, unknown>): Buffer {
  const body = result.body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (result.isBase64Encoded === true) {
    const bytes = typeof body === 'string' ? decodeBase64(body) : undefined;
    if (!bytes) throw new MalformedResult('isBase64Encoded is true but the body is not base64');
    return bytes;
  }
  return Buffer.from(text, 'utf8');
}

/**
 * The headers of a result: `headers`, and for payload 1.0 `multiValueHeaders` before them. Payload 2.0 has no
 * `multiValueHeaders` (AWS's response format for 2.0 lists `cookies`, `headers`, `body`…): API Gateway ignores it there,
 * so a header only it names is not sent.
 */
function collectHeaders(result: Record<string, unknown>, readMulti: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const single = result.headers;
  const multi = readMulti ? result.multiValueHeaders : undefined;
  if (single !== undefined && single !== null && !isObject(single))
    throw new MalformedResult('headers is not an object');
  if (multi !== undefined && multi !== null && !isObject(multi))
    throw new MalformedResult('multiValueHeaders is not an object');
  const seen = new Set<string>();
  if (isObject(multi))
    for (const [k, vs] of Object.entries(multi)) {
      if (!Array.isArray(vs)) throw new MalformedResult(`multiValueHeaders "${k}" is not a list`);
      seen.add(k.toLowerCase());
      for (const v of vs) out.push([k, headerValue(k, v)]);
    }
  if (isObject(single))
    for (const [k, v] of Object.entries(single)) if (!seen.has(k.toLowerCase())) out.push([k, headerValue(k, v)]);
  return out;
}

/** A payload 2.0 result: a custom response when it has `statusCode`, else the inferred 200 JSON answer. */
export function interpretV2(result: unknown): GatewayResponse {
  if (result === undefined) throw new MalformedResult('the function returned nothing');
  if (!isObject(result) || result.statusCode === undefined) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body, 'utf8') };
  }
  const headers = collectHeaders(result, false);
  const cookies = result.cookies;
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string'))
      throw new MalformedResult('cookies is not a list of strings');
    for (const c of cookies as string[]) headers.push(['set-cookie', headerValue('set-cookie', c)]);
  }
  return { statusCode: statusOf(result.statusCode), headers, body: bodyOf(result) };
}

/** A payload 1.0 result: an object with `statusCode`, `headers`, `multiValueHeaders`, `body`, `isBase64Encoded`. */
export function interpretV1(result: unknown): GatewayResponse {
  if (!isObject(result)) throw new MalformedResult('a payload 1.0 result must be an object with statusCode');
  if (result.statusCode === undefined) throw new MalformedResult('the result has no statusCode');
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string')
    throw new MalformedResult('body is not a string');
  return { statusCode: statusOf(result.statusCode), headers: collectHeaders(result, true), body: bodyOf(result) };
}

/** A 204 or a 304: an answer that has no content in HTTP (RFC 9110, 15.3.5 and 15.4.5). */
export function hasNoContent(status: number): boolean {
  return status === 204 || status === 304;
}

/**
 * The answer as HTTP lets it go out: a body a handler gave a 204 or a 304 is dropped, so the client, the traffic record
 * and the access log's `responseLength` all see none.
 */
export function withAllowedContent(response: GatewayResponse): GatewayResponse {
  return hasNoContent(response.statusCode) && response.body.length ? { ...response, body: Buffer.alloc(0) } : response;
}

/**
 * Headers API Gateway sets on every answer; no `content-length` on a 204 or a 304, where HTTP forbids it for a 204
 * and a 304 has no content of its own to measure (RFC 9110, 8.6).
 */
export function gatewayHeaders(
  requestId: string,
  clockMs: number,
  status: number,
  length: number,
): Array<[string, string]> {
  return [
    ['date', new Date(clockMs).toUTCString()],
    ...(hasNoContent(status) ? [] : [['content-length', String(length)] as [string, string]]),
    ['apigw-requestid', requestId],
  ];
}
