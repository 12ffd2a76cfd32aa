// JWT authorizers as HTTP APIs evaluate them: the token from the identity source (with or without `Bearer `), an RSA
// signature checked with the issuer's key of the token's `kid`, then iss, aud/client_id, exp, nbf, iat and the
// route's scopes. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
// A failure answers 401 (403 for missing scopes) with a `www-authenticate` header that says why, as AWS does
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html).
import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';

export interface Jwks {
  keys: Array<JsonWebKey & { kid?: string; kty?: string; alg?: string; use?: string }>;
}

export interface JwtCheck {
  token: string | undefined;
  issuer: string;
  audience: string[];
  /** The route's authorization scopes; empty or undefined: none required. */
  scopes: string[] | undefined;
  /** ms since the epoch. */
  now: number;
  keys: Jwks | undefined;
  /** LOCAL ONLY: accept any signature (docs/LOCAL.md#jwt). Claims are still checked. */
  skipSignature?: boolean;
}

export type JwtDecision =
  | { ok: true; claims: Record<string, string>; scopes: string[] | undefined }
  | { ok: false; status: 401 | 403; wwwAuthenticate: string; reason: string };

const RSA_ALGS: Record<string, string> = { RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' };

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function deny(reason: string, scopeText = '', status: 401 | 403 = 401): JwtDecision {
  const error = status === 403 ? 'insufficient_scope' : 'invalid_token';
  return {
    ok: false,
    status,
    reason,
    wwwAuthenticate: `Bearer scope="${scopeText}" error="${error}" error_description="${reason}"`,
  };
}

/** The token of an identity source value: the value itself, or what follows `Bearer `. */
export function tokenOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  return /^bearer\s+/i.test(t) ? t.replace(/^bearer\s+/i, '') : t;
}

/** Claim values as API Gateway passes them to integrations: strings, lists as `[a b]`. */
export function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = `[${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}]`;
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

function tokenScopes(payload: Record<string, unknown>): string[] {
  const s = payload.scope ?? payload.scp;
  if (typeof s === 'string') return s.split(/\s+/).filter(Boolean);
  if (Array.isArray(s)) return s.filter((x): x is string => typeof x === 'string');
  return [];
}

function signatureProblem(
  parts: string[],
  header: Record<string, unknown>,
  keys: Jwks | undefined,
): string | undefined {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const digest = RSA_ALGS[alg];
  if (!digest) return `signing method ${alg || 'none'} is invalid`;
  const key = keys?.keys.find((k) => k.kid !== undefined && k.kid === header.kid);
  if (!key) return 'the token kid does not match any key of the issuer';
  try {
    const verify = createVerify(digest);
    verify.update(`${parts[0]}.${parts[1]}`);
    const ok = verify.verify(createPublicKey({ key, format: 'jwk' }), Buffer.from(parts[2]!, 'base64url'));
    return ok ? undefined : 'the token signature is invalid';
  } catch {
    return 'the token signature is invalid';
  }
}

function claimsProblem(payload: Record<string, unknown>, c: JwtCheck): string | undefined {
  const nowS = c.now / 1000;
  if (payload.iss !== c.issuer) return 'the token does not have a valid issuer';
  const aud = payload.aud ?? payload.client_id;
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.some((a) => typeof a === 'string' && c.audience.includes(a)))
    return 'the token does not have a valid audience';
  if (typeof payload.exp !== 'number') return 'the token has no expiry';
  if (payload.exp <= nowS) return 'the token has expired';
  if (typeof payload.nbf === 'number' && payload.nbf > nowS) return 'the token is not valid yet';
  if (typeof payload.iat === 'number' && payload.iat > nowS) return 'the token was issued in the future';
  return undefined;
}

/** Decides a JWT-authorized request. */
export function checkJwt(c: JwtCheck): JwtDecision {
  if (!c.token) return deny('no token was sent');
  const parts = c.token.split('.');
  const header = parts.length === 3 ? b64urlJson(parts[0]!) : undefined;
  const payload = parts.length === 3 ? b64urlJson(parts[1]!) : undefined;
  if (!header || !payload) return deny('the token is not a JWT');
  if (!c.skipSignature) {
    const sig = signatureProblem(parts, header, c.keys);
    if (sig) return deny(sig);
  }
  const claims = claimsProblem(payload, c);
  if (claims) return deny(claims);
  const have = tokenScopes(payload);
  const need = c.scopes ?? [];
  if (need.length && !need.some((s) => have.includes(s)))
    return deny(`expected scopes: [${need.join(' ')}]`, need.join(' '), 403);
  return { ok: true, claims: flattenClaims(payload), scopes: have.length ? have : undefined };
}
