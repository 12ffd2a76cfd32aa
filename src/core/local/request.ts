// A request as the local API received it, and the folds API Gateway applies to it before an integration sees it:
// header names lowercased (HTTP APIs), repeated headers and query parameters joined with commas (payload 2.0) or
// kept as lists (1.0), cookies split out (2.0). docs/LOCAL.md#events says which AWS page each rule comes from.
import { createHash } from 'node:crypto';

export interface LocalRequest {
  method: string;
  /** The path as received, percent-encoded, including the stage segment of a named stage. */
  rawPath: string;
  /** The path within the stage (`/orders/42`), percent-encoded: what routes are matched against. */
  stagePath: string;
  /** Served as a custom domain: the path of the API mapping the request matched (`v1`, `''` for the root). */
  basePathMatched?: string;
  /** After `?`, as received. */
  rawQueryString: string;
  /** Header pairs in arrival order, names as the client wrote them. */
  headers: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  /** `HTTP/1.1` */
  protocol: string;
  requestId: string;
  /** ms since the epoch, from the API's clock. */
  timeEpoch: number;
  /** The certificate the client presented, when served as a custom domain with mutual TLS. */
  clientCert?: ClientCertificate;
}

/**
 * A client's certificate as API Gateway passes it on under mutual TLS: the event's `clientCert` and the
 * `$context.identity.clientCert.*` variables (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
export interface ClientCertificate {
  clientCertPem: string;
  subjectDN: string;
  issuerDN: string;
  /** Lowercase hex pairs joined by colons (`a1:a1:…`). */
  serialNumber: string;
  /** OpenSSL's form, `May 28 12:30:02 2019 GMT`. */
  validity: { notBefore: string; notAfter: string };
}

/** The `identity.clientCert.*` context variables of a client certificate. */
export function clientCertVariables(c: ClientCertificate | undefined): Record<string, string> {
  if (!c) return {};
  return {
    'identity.clientCert.clientCertPem': c.clientCertPem,
    'identity.clientCert.subjectDN': c.subjectDN,
    'identity.clientCert.issuerDN': c.issuerDN,
    'identity.clientCert.serialNumber': c.serialNumber,
    'identity.clientCert.validity.notBefore': c.validity.notBefore,
    'identity.clientCert.validity.notAfter': c.validity.notAfter,
  };
}

/** Values of a header (case-insensitive), in order. */
export function headerValues(headers: Array<[string, string]>, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of headers) if (k.toLowerCase() === lower) out.push(v);
  return out;
}

/** One header's value as API Gateway passes it on: repeated values joined with commas; undefined when absent. */
export function header(headers: Array<[string, string]>, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length ? values.join(',') : undefined;
}

/** Headers as a map; names lowercased unless `keepCase` (WebSocket events keep the client's case). */
export function foldHeaders(
  headers: Array<[string, string]>,
  opts: { keepCase?: boolean; skip?: (lowerName: string) => boolean; single?: 'joined' | 'last' } = {},
): { single: Record<string, string>; multi: Record<string, string[]> } {
  const multi: Record<string, string[]> = {};
  const nameOf = new Map<string, string>();
  for (const [k, v] of headers) {
    const lower = k.toLowerCase();
    if (opts.skip?.(lower)) continue;
    const name = opts.keepCase ? (nameOf.get(lower) ?? k) : lower;
    nameOf.set(lower, name);
    (multi[name] ??= []).push(v);
  }
  const single: Record<string, string> = {};
  for (const [k, vs] of Object.entries(multi))
    single[k] =
      k.toLowerCase() === 'cookie' ? vs.join('; ') : opts.single === 'last' ? vs[vs.length - 1]! : vs.join(',');
  return { single, multi };
}

/** Form-decodes one query component: `+` is a space, percent escapes decoded, a bad escape kept as written. */
export function decodeQueryComponent(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Query parameters in order, decoded; a name without `=` has the empty value. */
export function parseQuery(raw: string): Array<[string, string]> {
  if (!raw) return [];
  const out: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.push([decodeQueryComponent(k), decodeQueryComponent(v)]);
  }
  return out;
}

export function foldQuery(pairs: Array<[string, string]>): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
  first: Record<string, string>;
  last: Record<string, string>;
} {
  const multi: Record<string, string[]> = {};
  for (const [k, v] of pairs) (multi[k] ??= []).push(v);
  const single: Record<string, string> = {};
  const first: Record<string, string> = {};
  const last: Record<string, string> = {};
  for (const [k, vs] of Object.entries(multi)) {
    single[k] = vs.join(',');
    first[k] = vs[0]!;
    last[k] = vs[vs.length - 1]!;
  }
  return { single, multi, first, last };
}

/** The cookies of the `cookie` headers, one entry per `name=value`, as payload 2.0's `cookies`. */
export function cookiesOf(headers: Array<[string, string]>): string[] {
  const out: string[] = [];
  for (const v of headerValues(headers, 'cookie'))
    for (const c of v.split(';')) {
      const t = c.trim();
      if (t) out.push(t);
    }
  return out;
}

/**
 * Content types whose bodies reach Lambda as text: `text/*`, `application/json`, `application/xml` and
 * `application/javascript`. Everything else — no content type, and form posts too — is base64, as HTTP APIs send it
 * (AWS does not list them; docs/LOCAL.md gives the sources).
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t.startsWith('text/') || t === 'application/json' || t === 'application/xml' || t === 'application/javascript';
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** `x-amzn-trace-id` → `X-Amzn-Trace-Id`: how a WebSocket `$connect` event names the headers the gateway adds. */
function titleCase(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase());
}

/**
 * The headers a Lambda integration sees: the client's, without those that end at the gateway (hop-by-hop), with what
 * API Gateway adds — `content-length` (HTTP APIs), `x-amzn-trace-id`, and the client's address, port and scheme in
 * `x-forwarded-*` (the address appended to any the client sent). As in AWS's captured events (aws/aws-lambda-go
 * events/testdata/apigw-v2-request-*.json; a WebSocket $connect names them `X-Forwarded-For`…, as its
 * apigw-websocket-request.json does); the port and scheme are the local server's.
 */
export function gatewayHeaders(
  r: Pick<LocalRequest, 'headers' | 'sourceIp'> & { body?: Buffer },
  traceId: string,
  websocket = false,
): Array<[string, string]> {
  const out = r.headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && !/^x-forwarded-(for|port|proto)$/i.test(k));
  const name = websocket ? titleCase : (lower: string) => lower;
  const port = /:(\d+)$/.exec(header(r.headers, 'host') ?? '')?.[1] ?? '80';
  const forwarded = header(r.headers, 'x-forwarded-for');
  if (r.body && header(r.headers, 'content-length') === undefined) out.push(['content-length', String(r.body.length)]);
  if (header(r.headers, 'x-amzn-trace-id') === undefined) out.push([name('x-amzn-trace-id'), traceId]);
  out.push(
    [name('x-forwarded-for'), forwarded ? `${forwarded}, ${r.sourceIp}` : r.sourceIp],
    [name('x-forwarded-port'), port],
    [name('x-forwarded-proto'), 'http'],
  );
  return out;
}

/** An X-Ray trace header of AWS's form (`Root=1-{epoch seconds, hex}-{24 hex}`), derived from the request id. */
export function traceIdOf(requestId: string, epochMs: number): string {
  const hex = createHash('sha256').update(requestId).digest('hex').slice(0, 24);
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${hex}`;
}

/** `dd/Mon/yyyy:HH:mm:ss +0000`, API Gateway's `requestTime`. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * API Gateway's quota on a request's "Total combined size of request line and header values", 10,240 bytes, which
 * cannot be raised (HTTP APIs' quotas, docs/AWS.md#api-gateway-v2-quotas). The WebSocket quotas list none: the local
 * API holds an upgrade request to the same (docs/LOCAL.md).
 */
export const MAX_REQUEST_HEAD_BYTES = 10_240;

/**
 * Why a request is over that quota, counted as AWS words it: the request line (`GET /dev/pets?a=1 HTTP/1.1`) and
 * each header's value, not the names. `rawHeaders` alternate names and values, read as Latin-1 (a character a byte),
 * as Node reads them; the target is the one on the request line.
 */
export function requestHeadTooLarge(
  method: string,
  target: string,
  httpVersion: string,
  rawHeaders: string[],
): string | undefined {
  let bytes = `${method} ${target} HTTP/${httpVersion}`.length;
  for (let i = 1; i < rawHeaders.length; i += 2) bytes += rawHeaders[i]!.length;
  if (bytes <= MAX_REQUEST_HEAD_BYTES) return undefined;
  return `the request line and header values are ${bytes.toLocaleString('en-US')} bytes, over API Gateway's quota of 10,240`;
}
