// Keys of JWT authorizers: a local JWKS file (offline), a JWKS URL, or the issuer's own, found through OpenID Connect
// discovery (`ISSUER/.well-known/openid-configuration` → `jwks_uri`) as API Gateway does. Fetched keys are cached per
// source for an hour; a file's are read again once it changes. Fetches keep to AWS's quotas for HTTP APIs: 1,500 ms for
// the discovery endpoint and for the JWKS endpoint, 150,000 bytes for the JWKS endpoint's response
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
import fs from 'node:fs';
import { WorkbenchError } from '../core/errors';
import type { Jwks } from '../core/local/jwt';

const TTL_MS = 60 * 60 * 1000;

/** AWS's "Timeout for OpenID Connect discovery endpoint" and "Timeout for JSON Web Key Set endpoint". */
export const JWKS_FETCH_TIMEOUT_MS = 1500;
/** AWS's "Response size from JSON Web Key Set endpoint". */
export const MAX_JWKS_BYTES = 150_000;

export interface JwksSource {
  file?: string;
  url?: string;
  issuer: string;
}

interface Entry {
  keys: Promise<Jwks>;
  at: number;
  /** A file's modification time when it was read: a later one reads it again. */
  mtimeMs?: number;
}

/** A file's modification time, or undefined when it cannot be read (the read then says why). */
function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number) {}

  get(source: JwksSource): Promise<Jwks> {
    const key = source.file ?? source.url ?? source.issuer;
    const mtimeMs = source.file ? mtimeOf(source.file) : undefined;
    const hit = this.entries.get(key);
    const fresh = source.file
      ? hit !== undefined && mtimeMs !== undefined && hit.mtimeMs === mtimeMs
      : hit !== undefined && this.now() - hit.at < TTL_MS;
    if (hit && fresh) return hit.keys;
    const keys = load(source);
    const entry: Entry = { keys, at: this.now(), ...(mtimeMs !== undefined ? { mtimeMs } : {}) };
    keys.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return keys;
  }
}

function checkJwks(doc: unknown, from: string): Jwks {
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as Jwks).keys))
    throw new WorkbenchError('InvalidArgument', `${from} is not a JWKS document (no "keys" list).`);
  return doc as Jwks;
}

/** The keys of `issuer` could not be fetched: what to do offline. */
function keysUnreachable(issuer: string, why: string, cause?: unknown): WorkbenchError {
  return new WorkbenchError('Network', `The keys of ${issuer} cannot be fetched: ${why}`, {
    hint: 'Offline? Set jwt.<authorizer>.jwksFile in the mapping file to a local JWKS file.',
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** A JSON document of `url`, within AWS's timeout and, when given, its size quota. */
async function fetchJson(url: string, issuer: string, maxBytes?: number): Promise<unknown> {
  let res: Response;
  let body: Buffer;
  try {
    // One deadline for the answer and its body, as AWS's timeout of the endpoint.
    const signal = AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS);
    res = await fetch(url, { signal });
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (maxBytes !== undefined && length > maxBytes) {
      void res.body?.cancel();
      throw keysUnreachable(issuer, `${url} answered ${length} bytes, over API Gateway's ${maxBytes}`);
    }
    body = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    const timedOut = (err as Error).name === 'TimeoutError';
    throw timedOut
      ? keysUnreachable(issuer, `${url} did not answer within API Gateway's ${JWKS_FETCH_TIMEOUT_MS} ms`, err)
      : keysUnreachable(issuer, (err as Error).message, err);
  }
  if (!res.ok) throw keysUnreachable(issuer, `${url} answered ${res.status}`);
  if (maxBytes !== undefined && body.length > maxBytes)
    throw keysUnreachable(issuer, `${url} answered ${body.length} bytes, over API Gateway's ${maxBytes}`);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw keysUnreachable(issuer, `${url} did not answer JSON`, err);
  }
}

async function load(source: JwksSource): Promise<Jwks> {
  if (source.file) {
    try {
      return checkJwks(JSON.parse(await fs.promises.readFile(source.file, 'utf8')), source.file);
    } catch (err) {
      throw new WorkbenchError(
        'InvalidArgument',
        `The JWKS file ${source.file} cannot be read: ${(err as Error).message}`,
        {
          hint: 'Fix jwt.<authorizer>.jwksFile in the mapping file.',
          cause: err,
        },
      );
    }
  }
  try {
    let url = source.url;
    if (!url) {
      const discovery = (await fetchJson(
        `${source.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
        source.issuer,
      )) as { jwks_uri?: string } | null;
      url = discovery?.jwks_uri;
      if (!url) throw keysUnreachable(source.issuer, 'the discovery document has no jwks_uri');
    }
    return checkJwks(await fetchJson(url, source.issuer, MAX_JWKS_BYTES), url);
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    throw keysUnreachable(source.issuer, (err as Error).message, err);
  }
}
