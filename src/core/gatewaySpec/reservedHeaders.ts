// AWS's reserved headers of HTTP API parameter mapping: "You can't configure request or response mappings for these
// headers" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html#http-api-mapping-reserved-headers).
// One list for the spec rules (APIGW410) and the local API, which leaves these headers as they are; and the mapping
// keys the same page lists as supported.

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

const HEADER_MAPPING_KEY = /^(?:append|overwrite|remove):header\.(.+)$/;
const QUERY_MAPPING_KEY = /^(?:append|overwrite|remove):querystring\..+$/;

/**
 * Whether AWS takes `key` as a parameter mapping key of an HTTP API integration: requests change a header, a query
 * string parameter or the path; responses a header or the status code (the page's "supported keys" tables).
 */
export function isMappingKey(key: string, of: 'request' | 'response'): boolean {
  if (HEADER_MAPPING_KEY.test(key)) return true;
  return of === 'request' ? QUERY_MAPPING_KEY.test(key) || key === 'overwrite:path' : key === 'overwrite:statuscode';
}

/** The header a parameter mapping key (`append|overwrite|remove:header.NAME`) changes, or undefined for other keys. */
export function mappedHeaderName(key: string): string | undefined {
  return HEADER_MAPPING_KEY.exec(key)?.[1];
}
