// Keys of JWT authorizers: a local JWKS file (offline), a JWKS URL, or the issuer's own, found through OpenID Connect
// discovery (`ISSUER/.well-known/openid-configuration` → `jwks_uri`) as API Gateway does. Cached per source for an hour.
import fs from 'node:fs';
import { WorkbenchError } from '../core/errors';
import type { Jwks } from '../core/local/jwt';

const TTL_MS = 60 * 60 * 1000;

export interface JwksSource {
  file?: string;
  url?: string;
  issuer: string;
}

export class JwksCache {
  private readonly entries = new Map<string, { keys: Promise<Jwks>; at: number }>();
  constructor(private readonly now: () => number) {}

  get(source: JwksSource): Promise<Jwks> {
    const key = source.file ?? source.url ?? source.issuer;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.keys;
    const keys = load(source);
    keys.catch(() => this.entries.delete(key));
    this.entries.set(key, { keys, at: this.now() });
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

async function fetchJson(url: string, issuer: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw keysUnreachable(issuer, `${url} answered ${res.status}`);
  return res.json();
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
      )) as { jwks_uri?: string };
      url = discovery.jwks_uri;
      if (!url) throw keysUnreachable(source.issuer, 'the discovery document has no jwks_uri');
    }
    return checkJwks(await fetchJson(url, source.issuer), url);
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    throw keysUnreachable(source.issuer, (err as Error).message, err);
  }
}
