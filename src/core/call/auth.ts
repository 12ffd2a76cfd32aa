// What a route asks of a caller, as its spec (or the live route) declares it: AWS_IAM (SigV4), a JWT bearer token,
// a Lambda authorizer's identity sources, an API key. The generator writes these as `.http` variables; the call
// engine fills them from providers and never writes their values anywhere (docs/CALL.md, "Auth").
import { authorizationType, identitySources, type GatewaySpec } from '../gatewaySpec/model';

export type AuthType = 'NONE' | 'AWS_IAM' | 'JWT' | 'CUSTOM';

/** One identity source of an authorizer (`$request.header.Authorization`, `route.request.querystring.token`). */
export interface IdentitySource {
  /** As written in the spec or the live authorizer. */
  source: string;
  /** Where a caller puts it; `context` and `stageVariables` sources are not the caller's to give. */
  in: 'header' | 'query' | 'context' | 'stageVariable' | 'other';
  name: string;
}

export interface RouteAuth {
  routeKey: string;
  type: AuthType;
  authorizer?: string;
  /** JWT authorizers: who issues the token (the editor keeps tokens per issuer). */
  jwt?: { issuer: string; audience: string[] };
  scopes: string[];
  identitySources: IdentitySource[];
  /** WebSocket routes: an API key in `x-api-key`. */
  apiKeyRequired: boolean;
}

export const NO_AUTH: Omit<RouteAuth, 'routeKey'> = {
  type: 'NONE',
  scopes: [],
  identitySources: [],
  apiKeyRequired: false,
};

const SOURCE = /^(?:\$|route\.)?(request\.header|request\.querystring|context|stageVariables)\.(.+)$/;

export function parseIdentitySource(source: string): IdentitySource {
  const m = SOURCE.exec(source.trim());
  if (!m) return { source, in: 'other', name: source };
  const kind = m[1]!;
  const place =
    kind === 'request.header'
      ? 'header'
      : kind === 'request.querystring'
        ? 'query'
        : kind === 'context'
          ? 'context'
          : 'stageVariable';
  return { source, in: place, name: m[2]! };
}

/** The auth of a spec route (defaults applied as deploy applies them); NONE for a route the spec does not have. */
export function specRouteAuth(spec: GatewaySpec, routeKey: string): RouteAuth {
  const route = spec.routes?.[routeKey];
  if (!route) return { routeKey, ...NO_AUTH };
  const type = authorizationType(spec, route);
  const authorizer = route.authorizer ? spec.authorizers?.[route.authorizer] : undefined;
  const usesAuthorizer = (type === 'JWT' || type === 'CUSTOM') && authorizer !== undefined;
  return {
    routeKey,
    type,
    ...(usesAuthorizer ? { authorizer: route.authorizer! } : {}),
    ...(usesAuthorizer && authorizer.jwt
      ? { jwt: { issuer: authorizer.jwt.issuer, audience: authorizer.jwt.audience } }
      : {}),
    scopes: route.authorizationScopes ?? [],
    identitySources: usesAuthorizer ? identitySources(authorizer).map(parseIdentitySource) : [],
    apiKeyRequired: route.apiKeyRequired === true,
  };
}

/** What a `.http` file holds in place of a secret: `{{cognitoToken}}`, `{{tokenAuthToken}}`, `{{apiKey}}`. */
export interface AuthVariable {
  variable: string;
  kind: 'jwt' | 'identity' | 'apiKey';
  /** Where the value goes in the request. */
  in: 'header' | 'query';
  name: string;
  /** The value is sent as `Bearer VALUE` (a JWT in the Authorization header). */
  bearer?: boolean;
}

function camel(words: string[]): string {
  const parts = words.flatMap((w) => w.split(/[^A-Za-z0-9]+/)).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() : p[0]!.toUpperCase()) + p.slice(1)).join('');
}

/** The variables a route's requests need for their secrets, and where each value goes. */
export function authVariables(auth: RouteAuth): AuthVariable[] {
  const out: AuthVariable[] = [];
  const owner = auth.authorizer ?? 'authorizer';
  for (const s of auth.identitySources) {
    if (s.in !== 'header' && s.in !== 'query') continue;
    if (auth.type === 'JWT') {
      const bearer = s.in === 'header' && s.name.toLowerCase() === 'authorization';
      out.push({
        variable: camel([owner, 'token']),
        kind: 'jwt',
        in: s.in,
        name: s.name,
        ...(bearer ? { bearer } : {}),
      });
    } else {
      out.push({ variable: camel([owner, s.name]), kind: 'identity', in: s.in, name: s.name });
    }
  }
  if (auth.apiKeyRequired) out.push({ variable: 'apiKey', kind: 'apiKey', in: 'header', name: 'x-api-key' });
  return out;
}

/** One line that says what the route needs, for the generated file and for error messages. */
export function describeAuth(auth: RouteAuth): string {
  switch (auth.type) {
    case 'AWS_IAM':
      return 'AWS_IAM (SigV4 with your AWS credentials)';
    case 'JWT':
      return `JWT (authorizer ${auth.authorizer ?? '?'}${auth.scopes.length ? `, scopes ${auth.scopes.join(' ')}` : ''})`;
    case 'CUSTOM':
      return `Lambda authorizer ${auth.authorizer ?? '?'} (${auth.identitySources.map((s) => s.source).join(', ') || 'no identity sources'})`;
    default:
      return auth.apiKeyRequired ? 'an API key (x-api-key)' : 'none';
  }
}

/** Header names whose values are secrets for this route, lower case (never printed, never kept in history). */
export function secretHeaderNames(auth: RouteAuth | undefined): Set<string> {
  const names = new Set(SECRET_HEADERS);
  for (const v of auth ? authVariables(auth) : []) if (v.in === 'header') names.add(v.name.toLowerCase());
  return names;
}

/** Query parameter names whose values are secrets for this route (identity sources in the query, SigV4's). */
export function secretQueryNames(auth: RouteAuth | undefined): Set<string> {
  const names = new Set(SECRET_QUERY);
  for (const v of auth ? authVariables(auth) : []) if (v.in === 'query') names.add(v.name);
  return names;
}

/** Headers whose values are secrets on every route. */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-amz-security-token',
];

const SECRET_QUERY = ['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'token', 'access_token'];
