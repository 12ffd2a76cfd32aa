// AWS_IAM authorization: the request's SigV4 signature recomputed with the SDK's own signer (@smithy/signature-v4)
// from the secret of the access key it names, among the local credentials the API was given. A mismatch, an unknown
// key or a date more than 15 minutes off answers 403, as AWS does.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
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

export type SigV4Decision = { ok: true; credential: LocalCredential } | { ok: false; message: string; reason: string };

const MAX_SKEW_MS = 15 * 60 * 1000;

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
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=…, Signature=…` */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value?.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = fields.get('Credential')?.split('/');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
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

// One signer per key, region and service: the signer caches its derived signing key per day.
const signers = new Map<string, SignatureV4>();

function signerFor(c: LocalCredential, region: string, service: string): SignatureV4 {
  const key = `${c.accessKeyId}\u0000${c.secretAccessKey}\u0000${region}\u0000${service}`;
  let s = signers.get(key);
  if (!s) {
    if (signers.size > 100) signers.clear();
    s = new SignatureV4({
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

/** Checks a request's SigV4 signature against the local credentials. `now` is the API clock's time. */
export async function verifySigV4(
  req: SignedRequest,
  credentials: LocalCredential[],
  now: number,
): Promise<SigV4Decision> {
  const lower = (n: string) => req.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  const auth = parseAuthorization(lower('authorization')[0]);
  if (!auth) return { ok: false, message: FORBIDDEN, reason: 'the request is not signed with SigV4' };
  const credential = credentials.find((c) => c.accessKeyId === auth.accessKeyId);
  if (!credential) return { ok: false, message: FORBIDDEN, reason: `unknown access key ${auth.accessKeyId}` };
  const date = amzDate(lower('x-amz-date')[0]);
  if (!date) return { ok: false, message: FORBIDDEN, reason: 'the request has no x-amz-date header' };
  if (Math.abs(date.getTime() - now) > MAX_SKEW_MS)
    return { ok: false, message: 'Signature expired', reason: 'the signature date is more than 15 minutes off' };
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = name === 'host' ? req.host : lower(name).join(',');
  const signer = signerFor(credential, auth.region, auth.service);
  const [hostname, port] = req.host.split(':');
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: hostname!,
      ...(port ? { port: Number(port) } : {}),
      path: req.rawPath,
      query: queryObject(req.rawQueryString),
      headers,
      body: req.body,
    },
    { signingDate: date, signingRegion: auth.region, signingService: auth.service },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1];
  return expected === auth.signature
    ? { ok: true, credential }
    : { ok: false, message: MISMATCH, reason: 'the signature does not match' };
}
