// AWS_IAM authorization: the request's SigV4 signature recomputed with the SDK's own signer (@smithy/signature-v4)
// from the secret of the access key it names, among the local credentials the API was given. A mismatch, an unknown
// key or a date too far off answers 403, as AWS does; `executeApiRefusal` words the refusal as the execute-api
// front door of `@connections` does. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
import { createHash, createHmac } from 'node:crypto';
import {
  ALGORITHM_IDENTIFIER,
  AMZ_DATE_HEADER,
  createScope,
  getCanonicalHeaders,
  getPayloadHash,
  prepareRequest,
  SignatureV4,
} from '@smithy/signature-v4';
import { header, type LocalRequest } from './request';

export interface LocalCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** What integrations see as the caller (`requestContext.authorizer.iam`). */
  accountId?: string;
  userArn?: string;
  userId?: string;
}

export interface SignedRequest {
  method: string;
  /** The path as received (percent-encoded). */
  rawPath: string;
  rawQueryString: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** `host` as the client sent it. */
  host: string;
}

/** What SigV4 covers of a request the local API received. */
export function signedPartsOf(r: LocalRequest): SignedRequest {
  return {
    method: r.method,
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    headers: r.headers,
    body: r.body,
    host: header(r.headers, 'host') ?? '',
  };
}

/** Why a signature was refused, for the words each caller answers with. */
export type SigV4Failure =
  | { kind: 'unsigned' }
  | { kind: 'wrong-service'; expected: string }
  | { kind: 'unknown-key' }
  | { kind: 'no-date' }
  | { kind: 'expired' | 'not-yet-current'; signedAt: number; now: number; maxSkewMs: number }
  | { kind: 'mismatch'; canonicalRequest: string; stringToSign: string };

/**
 * The verdict; a refusal's `message` is what AWS_IAM routes of the local HTTP API answer (`Forbidden`, `Signature
 * expired`, the mismatch's first sentence), its `failure` what `executeApiRefusal` words as `@connections` does.
 */
export type SigV4Decision =
  { ok: true; credential: LocalCredential } | { ok: false; message: string; reason: string; failure: SigV4Failure };

export interface SigV4Options {
  /** How far the signature's date may be from now, either way; default 15 minutes. */
  maxSkewMs?: number;
  /** The service the credential scope must name (`execute-api`); default: whichever the client signed for. */
  service?: string;
}

/** How far off AWS_IAM routes of the local HTTP API take a signature's date (SigV4's general 15 minutes). */
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * How far off the execute-api front door takes a signature's date: 5 minutes either way, as its refusals say
 * (`Signature expired: 20240425T100521Z is now earlier than 20240425T101638Z (20240425T102138Z - 5 min.)` from
 * PostToConnection, cognitect-labs/aws-api#255; the same from an AWS_IAM REST route, mhart/aws4#118).
 */
export const EXECUTE_API_MAX_SKEW_MS = 5 * 60 * 1000;

function toBytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof d === 'string') return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** The SHA-256 / HMAC constructor the SDK's signer wants, over node:crypto. */
export class NodeSha256 {
  private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

interface ParsedAuthorization {
  /** Signed in the query string (a presigned URL, as browsers' WebSocket clients must sign) rather than the header. */
  presigned?: { amzDate: string | undefined; expiresSeconds: number | undefined };
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=…, Signature=…` */
function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value?.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return authorizationOf(fields.get('Credential'), fields.get('SignedHeaders'), fields.get('Signature'));
}

/** The signature a request carries: in its `Authorization` header, else in its query string; undefined: unsigned. */
export function signatureOf(req: Pick<SignedRequest, 'headers' | 'rawQueryString'>): ParsedAuthorization | undefined {
  const header = req.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return parseAuthorization(header) ?? parsePresigned(queryObject(req.rawQueryString));
}

/** The scope's five parts and the signed headers as a signature names them: the header's and the query's alike. */
function authorizationOf(credential: string | undefined, signed: string | undefined, signature: string | undefined) {
  const scope = credential?.split('/');
  if (!scope || scope.length !== 5 || !signed || !signature) return undefined;
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    signedHeaders: signed.split(';'),
    signature,
  };
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? undefined : v;
}

/**
 * A request signed in its query string (`X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=…&X-Amz-Date=…&
 * X-Amz-SignedHeaders=host&X-Amz-Signature=…`, `X-Amz-Expires` optional): how a browser signs a WebSocket API's
 * `$connect`, since it cannot set headers (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html,
 * "Add the signature to the request": the query string).
 */
function parsePresigned(query: Record<string, string | string[]>): ParsedAuthorization | undefined {
  if (single(query['X-Amz-Algorithm']) !== 'AWS4-HMAC-SHA256') return undefined;
  const auth = authorizationOf(
    single(query['X-Amz-Credential']),
    single(query['X-Amz-SignedHeaders']),
    single(query['X-Amz-Signature']),
  );
  const expires = single(query['X-Amz-Expires']);
  return (
    auth && {
      ...auth,
      presigned: {
        amzDate: single(query['X-Amz-Date']),
        expiresSeconds: expires !== undefined && /^\d{1,7}$/.test(expires) ? Number(expires) : undefined,
      },
    }
  );
}

function amzDate(text: string | undefined): Date | undefined {
  const m = text ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/**
 * A raw query string (without `?`) as SigV4's canonical query string reads it: each name and value percent-decoded
 * (a `+` is a plus, not a space: URLSearchParams's form decoding is not the URL's), a name without `=` has the empty
 * value, repeated names keep every value. The SDK's signer encodes them again (%20, %2B) and sorts them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). The local API verifies and the call
 * engine signs with this one reading.
 */
export function queryObject(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const part of raw ? raw.split('&') : []) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const k = dec(eq < 0 ? part : part.slice(0, eq));
    const v = dec(eq < 0 ? '' : part.slice(eq + 1));
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The SDK's signer, which also says what it signed: the canonical request and string to sign AWS shows a mismatch. */
class ExplainingSigner extends SignatureV4 {
  async explain(
    request: Parameters<typeof prepareRequest>[0],
    o: {
      signingDate: Date;
      signingRegion: string;
      signingService: string;
      signableHeaders: Set<string>;
      /** Signed in the query string: the date is its `X-Amz-Date`, not a header. */
      presigned: boolean;
    },
  ): Promise<{ canonicalRequest: string; stringToSign: string }> {
    // SignatureV4.signRequest's steps, without the credentials (this signer adds no token or checksum header).
    const req = prepareRequest(request);
    const { longDate, shortDate } = this.formatDate(o.signingDate);
    if (!o.presigned) req.headers[AMZ_DATE_HEADER] = longDate;
    const payloadHash = await getPayloadHash(req, this.sha256);
    const canonicalHeaders = getCanonicalHeaders(req, undefined, o.signableHeaders);
    const canonicalRequest = this.createCanonicalRequest(req, canonicalHeaders, payloadHash);
    const scope = createScope(shortDate, o.signingRegion, o.signingService);
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    return { canonicalRequest, stringToSign };
  }
}

// One signer per key, region and service: it puts the canonical request and the string to sign together.
const signers = new Map<string, ExplainingSigner>();

function signerFor(c: LocalCredential, region: string, service: string): ExplainingSigner {
  const key = `${c.accessKeyId}\u0000${c.secretAccessKey}\u0000${region}\u0000${service}`;
  let s = signers.get(key);
  if (!s) {
    if (signers.size > 100) signers.clear();
    s = new ExplainingSigner({
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      region,
      service,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    signers.set(key, s);
  }
  return s;
}

const FORBIDDEN = 'Forbidden';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** `20240425T100521Z`, the form of SigV4's dates. */
function longDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function refuse(message: string, reason: string, failure: SigV4Failure): SigV4Decision {
  return { ok: false, message, reason, failure };
}

/**
 * Checks a request's SigV4 signature, in its `Authorization` header or its query string, against the local
 * credentials. `now` is the API clock's time. Every header the client lists in `SignedHeaders` is signed,
 * `User-Agent` and `Sec-WebSocket-*` too, as AWS reads them.
 */
export async function verifySigV4(
  req: SignedRequest,
  credentials: LocalCredential[],
  now: number,
  options: SigV4Options = {},
): Promise<SigV4Decision> {
  const auth = signatureOf(req);
  if (!auth) return refuse(FORBIDDEN, 'the request is not signed with SigV4', { kind: 'unsigned' });
  if (options.service && auth.service !== options.service)
    return refuse(FORBIDDEN, `the signature is scoped to the service ${auth.service}, not ${options.service}`, {
      kind: 'wrong-service',
      expected: options.service,
    });
  const credential = credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!credential) return refuse(FORBIDDEN, `unknown access key ${auth.accessKeyId}`, { kind: 'unknown-key' });
  const date = amzDate(auth.presigned ? auth.presigned.amzDate : headerValues(req, 'x-amz-date')[0]);
  if (!date)
    return refuse(FORBIDDEN, `the request has no ${auth.presigned ? 'X-Amz-Date parameter' : 'x-amz-date header'}`, {
      kind: 'no-date',
    });
  const refused = dateRefusal(auth, date.getTime(), now, options.maxSkewMs ?? MAX_SKEW_MS);
  if (refused) return refused;
  const expected = await expectedSignature(req, auth, credential, date);
  if (expected.signature === auth.signature) return { ok: true, credential };
  const { canonicalRequest, stringToSign } = expected;
  return refuse(MISMATCH, 'the signature does not match', { kind: 'mismatch', canonicalRequest, stringToSign });
}

function headerValues(req: Pick<SignedRequest, 'headers'>, name: string): string[] {
  return req.headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
}

/** SigV4's longest validity of a presigned request: 7 days (X-Amz-Expires 604800). */
const MAX_EXPIRES_SECONDS = 604_800;

/**
 * A signature date the request can no longer (or not yet) be taken with: within `maxSkewMs` of now either way, or
 * — a presigned request with `X-Amz-Expires` — from its date until that many seconds after it.
 */
function dateRefusal(auth: ParsedAuthorization, signedAt: number, now: number, maxSkewMs: number) {
  const expires = auth.presigned?.expiresSeconds;
  if (expires !== undefined && expires > MAX_EXPIRES_SECONDS)
    return refuse(FORBIDDEN, `X-Amz-Expires ${expires} is over SigV4's ${MAX_EXPIRES_SECONDS} seconds (7 days)`, {
      kind: 'no-date',
    });
  const valid = expires !== undefined ? expires * 1000 : maxSkewMs;
  const skew = signedAt - now;
  if (skew >= -valid && skew <= maxSkewMs) return undefined;
  const kind = skew < 0 ? 'expired' : 'not-yet-current';
  const reason =
    kind === 'expired' && expires !== undefined
      ? `the presigned request expired ${expires} s after its X-Amz-Date`
      : `the signature date is more than ${Math.round(maxSkewMs / 60_000)} minutes off`;
  return refuse('Signature expired', reason, {
    kind,
    signedAt,
    now,
    maxSkewMs: kind === 'expired' ? valid : maxSkewMs,
  });
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * The signature the request should carry, with the canonical request and string to sign it is computed from:
 * what the client signed (its SignedHeaders; the query without `X-Amz-Signature`), signed with the key SigV4
 * derives from the secret, the date, the region and the service.
 */
async function expectedSignature(
  req: SignedRequest,
  auth: ParsedAuthorization,
  credential: LocalCredential,
  date: Date,
): Promise<{ signature: string; canonicalRequest: string; stringToSign: string }> {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = name === 'host' ? req.host : headerValues(req, name).join(',');
  const query = queryObject(req.rawQueryString);
  if (auth.presigned) delete query['X-Amz-Signature'];
  const [hostname, port] = req.host.split(':');
  const explained = await signerFor(credential, auth.region, auth.service).explain(
    {
      method: req.method,
      protocol: 'http:',
      hostname: hostname!,
      ...(port ? { port: Number(port) } : {}),
      path: req.rawPath,
      query,
      headers,
      body: req.body,
    },
    {
      signingDate: date,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
      presigned: auth.presigned !== undefined,
    },
  );
  const shortDate = longDate(date.getTime()).slice(0, 8);
  let key = hmac(`AWS4${credential.secretAccessKey}`, shortDate);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return { signature: createHmac('sha256', key).update(explained.stringToSign).digest('hex'), ...explained };
}

function invalid(message: string): ExecuteApiRefusal {
  return { message, errorType: 'InvalidSignatureException' };
}

/** `Signature expired: … is now earlier than … (… - 5 min.)`, or `not yet current` for a date ahead. */
function skewMessage(f: Extract<SigV4Failure, { kind: 'expired' | 'not-yet-current' }>): string {
  const minutes = Math.round(f.maxSkewMs / 60_000);
  const signed = longDate(f.signedAt);
  const now = longDate(f.now);
  return f.kind === 'expired'
    ? `Signature expired: ${signed} is now earlier than ${longDate(f.now - f.maxSkewMs)} (${now} - ${minutes} min.)`
    : `Signature not yet current: ${signed} is still later than ${longDate(f.now + f.maxSkewMs)} (${now} + ${minutes} min.)`;
}

/** A refusal as the execute-api front door answers it: the body's `message` and the `x-amzn-errortype`. */
export interface ExecuteApiRefusal {
  message: string;
  errorType: string;
}

/**
 * How the execute-api front door of `@connections` words a refusal of a call's signature, as AWS answers:
 * - a mismatch: `InvalidSignatureException`, its message with the canonical request (its session token's line left
 *   out) and the string to sign it expected (okigan/awscurl#61, agilord/aws_client#440: PostToConnection);
 * - a date too far off: `InvalidSignatureException`, `Signature expired: … is now earlier than … (… - 5 min.)`
 *   (cognitect-labs/aws-api#255: PostToConnection), `Signature not yet current: … is still later than … (… + 5 min.)`
 *   ahead (AWS's form for it);
 * - another service's scope: `InvalidSignatureException`, `Credential should be scoped to correct service:
 *   'execute-api'. ` (aws/aws-sdk-js-v3#1831: PostToConnection);
 * - no signature: `MissingAuthenticationTokenException`, `Missing Authentication Token`, and a key it does not know:
 *   `AccessDeniedException`, `The security token included in the request is invalid.` — AWS's "How do I troubleshoot
 *   HTTP 403 errors from API Gateway?" (knowledge center) for IAM-authorized API Gateway calls;
 * - no date: `ForbiddenException`, `Forbidden` (no source says more).
 */
export function executeApiRefusal(f: SigV4Failure): ExecuteApiRefusal {
  switch (f.kind) {
    case 'unsigned':
      return { message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' };
    case 'unknown-key':
      return { message: 'The security token included in the request is invalid.', errorType: 'AccessDeniedException' };
    case 'no-date':
      return { message: FORBIDDEN, errorType: 'ForbiddenException' };
    case 'wrong-service':
      return invalid(`Credential should be scoped to correct service: '${f.expected}'. `);
    case 'expired':
    case 'not-yet-current':
      return invalid(skewMessage(f));
    case 'mismatch': {
      // Without the session token's line, which AWS leaves out of what it shows (agilord/aws_client#440 lists
      // x-amz-security-token among the signed headers, and no line of it).
      const canonical = f.canonicalRequest
        .split('\n')
        .filter((line) => !line.startsWith('x-amz-security-token:'))
        .join('\n');
      return invalid(
        `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
          `The String-to-Sign should have been\n'${f.stringToSign}'\n`,
      );
    }
  }
}
