// AWS's reserved headers of HTTP API parameter mapping: "You can't configure request or response mappings for these
// headers" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html#http-api-mapping-reserved-headers).
// One list for the spec rules (APIGW410) and the local API, which leaves these headers as they are; and the one
// reading of mapping keys, the forms the same page lists as supported.

/** The page's `name-*` entries: every header starting with one of them is reserved. */
const RESERVED_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

/** The page's single headers, lower case (header names are case-insensitive); `Trailers` is spelt as AWS lists it. */
const RESERVED_NAMES = new Set([
  'authorization',
  'connection',
  'content-encoding',
  'content-length',
  'content-location',
  'forwarded',
  'keep-alive',
  'origin',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'via',
]);

/**
 * The entry of AWS's list that reserves `name` (`x-amzn-*` for a prefix, the lower-case name for a single header),
 * or undefined when mappings may touch it.
 */
export function reservedHeaderEntry(name: string): string | undefined {
  const n = name.toLowerCase();
  if (RESERVED_NAMES.has(n)) return n;
  const prefix = RESERVED_PREFIXES.find((p) => n.startsWith(p));
  return prefix === undefined ? undefined : `${prefix}*`;
}

/** Headers no mapping may touch (AWS's reserved headers). */
export function isReservedHeader(name: string): boolean {
  return reservedHeaderEntry(name) !== undefined;
}

export type MappingOp = 'append' | 'overwrite' | 'remove';

/** A parameter mapping key: what it does to which part of the request or response. */
export type MappingKey =
  | { op: MappingOp; target: 'header' | 'querystring'; name: string }
  | { op: 'overwrite'; target: 'path' | 'statuscode' };

const PARAMETER_KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$/;

/**
 * A parameter mapping key of an HTTP API integration as AWS takes it, or undefined for any other: requests change a
 * header, a query string parameter or the path; responses a header or the status code (the page's "supported keys"
 * tables, in lower case as written there). The validator (APIGW410) and the local API both read keys here.
 */
export function parseMappingKey(key: string, of: 'request' | 'response'): MappingKey | undefined {
  const m = PARAMETER_KEY.exec(key);
  if (m) {
    const target = m[2] as 'header' | 'querystring';
    return of === 'response' && target === 'querystring' ? undefined : { op: m[1] as MappingOp, target, name: m[3]! };
  }
  if (of === 'request' && key === 'overwrite:path') return { op: 'overwrite', target: 'path' };
  if (of === 'response' && key === 'overwrite:statuscode') return { op: 'overwrite', target: 'statuscode' };
  return undefined;
}
