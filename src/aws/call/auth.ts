// Auth as the route declares it, added to a request that already passed the host guard: a JWT and a Lambda
// authorizer's identity sources from providers (the editor keeps tokens in SecretStorage per issuer; the CLI reads
// --token, APIGW_TOKEN, -H and --query), an API key, and last a SigV4 signature (service execute-api) by the SDK's
// own signer with the session's credentials. Values given in the request itself (a literal Authorization header) win.
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import {
  authVariables,
  describeAuth,
  type AuthVariable,
  type IdentitySource,
  type RouteAuth,
} from '../../core/call/auth';
import { fillRequest } from '../../core/call/resolve';
import type { CallRequest } from '../../core/call/types';
import { WorkbenchError } from '../../core/errors';
import { NodeSha256, queryObject } from '../../core/local/sigv4';

export interface TokenNeed {
  routeKey: string;
  authorizer?: string;
  issuer?: string;
  audience?: string[];
  scopes: string[];
}

export interface IdentityNeed {
  routeKey: string;
  authorizer?: string;
  /** The sources the caller can give (headers and query parameters). */
  sources: IdentitySource[];
}

/** Where secrets come from. A provider returns undefined when it has none (then the call is refused, saying why). */
export interface AuthProviders {
  token?(need: TokenNeed): Promise<string | undefined>;
  /** Values by source name (`Authorization`, `token`), for the sources it has. */
  identity?(need: IdentityNeed): Promise<Record<string, string> | undefined>;
  apiKey?(need: { routeKey: string }): Promise<string | undefined>;
  /** For AWS_IAM routes: the session's credentials and the region to sign for. */
  aws?: { credentials: AwsCredentialIdentityProvider; region: string };
}

function headerIndex(req: CallRequest, name: string): number {
  const n = name.toLowerCase();
  return req.headers.findIndex(([k]) => k.toLowerCase() === n);
}

function hasQuery(url: string, name: string): boolean {
  return new URL(url).searchParams.has(name);
}

function mentions(req: CallRequest, variable: string): boolean {
  const re = new RegExp(`\\{\\{\\s*${variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`);
  return re.test(req.url) || req.headers.some(([, v]) => re.test(v));
}

/** The variables this request still needs a value for: named in it, or their header/parameter is absent. */
function needed(req: CallRequest, vars: AuthVariable[]): AuthVariable[] {
  return vars.filter(
    (v) => mentions(req, v.variable) || (v.in === 'header' ? headerIndex(req, v.name) < 0 : !hasQuery(req.url, v.name)),
  );
}

function missing(auth: RouteAuth, what: string): WorkbenchError {
  return new WorkbenchError(
    'InvalidArgument',
    `${auth.routeKey} needs ${what}: it is authorized by ${describeAuth(auth)}.`,
    {
      hint: 'Give it to the call (the CLI: --token, -H or --query; the editor asks and keeps it in its secret storage).',
    },
  );
}

async function values(req: CallRequest, auth: RouteAuth, p: AuthProviders): Promise<Map<AuthVariable, string>> {
  const need = needed(req, authVariables(auth));
  const out = new Map<AuthVariable, string>();
  const jwt = need.filter((v) => v.kind === 'jwt');
  if (jwt.length) {
    const token = await p.token?.({
      routeKey: auth.routeKey,
      ...(auth.authorizer ? { authorizer: auth.authorizer } : {}),
      ...(auth.jwt ? { issuer: auth.jwt.issuer, audience: auth.jwt.audience } : {}),
      scopes: auth.scopes,
    });
    if (!token) throw missing(auth, `a JWT${auth.jwt ? ` from ${auth.jwt.issuer}` : ''}`);
    for (const v of jwt) out.set(v, token.replace(/^Bearer\s+/i, ''));
  }
  const identity = need.filter((v) => v.kind === 'identity');
  if (identity.length) {
    const sources = auth.identitySources.filter((s) => identity.some((v) => v.name === s.name && v.in === s.in));
    const got =
      (await p.identity?.({
        routeKey: auth.routeKey,
        ...(auth.authorizer ? { authorizer: auth.authorizer } : {}),
        sources,
      })) ?? {};
    const absent = identity.filter((v) => !got[v.name]);
    if (absent.length)
      throw missing(
        auth,
        absent.map((v) => `the ${v.in === 'header' ? 'header' : 'query parameter'} ${v.name}`).join(' and '),
      );
    for (const v of identity) out.set(v, got[v.name]!);
  }
  const key = need.find((v) => v.kind === 'apiKey');
  if (key) {
    const value = await p.apiKey?.({ routeKey: auth.routeKey });
    if (!value) throw missing(auth, 'an API key (x-api-key)');
    out.set(key, value);
  }
  return out;
}

function place(req: CallRequest, given: Map<AuthVariable, string>): CallRequest {
  const named = new Map<string, string>();
  for (const [v, value] of given) if (mentions(req, v.variable)) named.set(v.variable, value);
  let out = fillRequest(req, named);
  for (const [v, value] of given) {
    if (named.has(v.variable)) continue;
    if (v.in === 'header') out = { ...out, headers: [...out.headers, [v.name, v.bearer ? `Bearer ${value}` : value]] };
    else {
      const u = new URL(out.url);
      u.searchParams.append(v.name, value);
      out = { ...out, url: u.toString() };
    }
  }
  return out;
}

/** SigV4 for execute-api, by the SDK's signer; the signed headers (authorization, x-amz-date, token) are added. */
export async function signRequest(
  req: CallRequest,
  aws: { credentials: AwsCredentialIdentityProvider; region: string },
): Promise<CallRequest> {
  const url = new URL(req.url);
  const signer = new SignatureV4({
    credentials: aws.credentials,
    region: aws.region,
    service: 'execute-api',
    sha256: NodeSha256,
  });
  // The query as sent, not URLSearchParams's form reading (`+` a space there, a plus to AWS).
  const query = queryObject(url.search.slice(1));
  const headers: Record<string, string> = { host: url.host };
  // Repeated headers are one header with their values joined, as HTTP reads them.
  for (const [k, v] of req.headers) {
    const n = k.toLowerCase();
    if (n !== 'host') headers[n] = headers[n] === undefined ? v : `${headers[n]},${v}`;
  }
  const signed = await signer.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  return { ...req, headers: Object.entries(signed.headers as Record<string, string>) };
}

/** The request with the route's auth added; throws a WorkbenchError that names what is missing. */
export async function applyAuth(
  req: CallRequest,
  auth: RouteAuth | undefined,
  p: AuthProviders = {},
): Promise<CallRequest> {
  if (!auth) return req;
  const withSecrets = place(req, await values(req, auth, p));
  if (auth.type !== 'AWS_IAM') return withSecrets;
  if (!p.aws)
    throw new WorkbenchError(
      'NoCredentials',
      `${auth.routeKey} is authorized by AWS_IAM: the call must be signed with AWS credentials.`,
      {
        hint: 'Choose a profile (--profile, or the explorer’s profile) whose credentials can invoke the API.',
      },
    );
  try {
    return await signRequest(withSecrets, p.aws);
  } catch (err) {
    throw new WorkbenchError(
      'NoCredentials',
      `No AWS credentials to sign ${auth.routeKey} with: ${(err as Error).message}`,
      {
        hint: 'Choose a profile with credentials, or sign in (aws sso login).',
        cause: err,
      },
    );
  }
}
