// Paths and operations → routes: `get /pets/{id}` is `GET /pets/{id}`, x-amazon-apigateway-any-method is `ANY`, and
// the path `/$default` (or isDefaultRoute) is the `$default` route. Authorization comes from the operation's
// `security` (else the document's), or from x-amazon-apigateway-auth; operationId becomes the operation name.
import type { Route } from '../gatewaySpec';
import { EXT, OPERATION_METHODS, REST_ONLY_OPERATION } from './extensions';
import { unknownField } from './importApi';
import type { SchemeTable } from './importAuthorizers';
import { recordOrigin, type ImportContext } from './importContext';
import type { IntegrationEntry, IntegrationTable } from './importIntegrations';
import { isObject, type Json } from './values';

export interface ImportedRoute {
  key: string;
  route: Route;
  integration?: IntegrationEntry;
}

const PATH_ITEM_KEYS = new Set(['summary', 'description', 'servers', 'parameters', '$ref', 'trace']);

export function readRoutes(ctx: ImportContext, schemes: SchemeTable, integrations: IntegrationTable): ImportedRoute[] {
  const out: ImportedRoute[] = [];
  const paths = isObject(ctx.doc.paths) ? ctx.doc.paths : {};
  let bodies = 0;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [op, value] of Object.entries(item)) {
      const opPath = ['paths', path, op];
      const method = OPERATION_METHODS[op];
      if (!method) {
        checkPathItemKey(ctx, opPath, op);
        continue;
      }
      if (!isObject(value)) continue;
      if (value.requestBody !== undefined) bodies++;
      const key = routeKey(method, path, value);
      const route = readOperation(ctx, value, opPath, schemes);
      recordOrigin(ctx, ['routes', key], opPath);
      const integration = integrations.use(ctx, opPath, key);
      out.push({ key, route, ...(integration ? { integration } : {}) });
    }
  }
  if (bodies)
    ctx.diags.add(
      'OAS102',
      ['paths'],
      `${bodies} operation${bodies === 1 ? ' has a requestBody' : 's have request bodies'}: HTTP APIs pass bodies to the integration without validating them, so request models are not imported.`,
    );
  return out;
}

function routeKey(method: string, path: string, op: Json): string {
  if (op.isDefaultRoute === true || path === '/$default') return '$default';
  return `${method} ${path}`;
}

function checkPathItemKey(ctx: ImportContext, opPath: string[], key: string): void {
  if (key === 'trace')
    ctx.diags.add('OAS200', opPath, 'HTTP API routes have no TRACE method: this operation is not imported.');
  else if (key.startsWith('x-amazon-apigateway-')) unknownField(ctx, opPath, key, Object.keys(OPERATION_METHODS));
  else if (!PATH_ITEM_KEYS.has(key) && !key.startsWith('x-'))
    ctx.diags.add('OAS200', opPath, `${key} is not an OpenAPI operation: not imported.`);
}

function readOperation(ctx: ImportContext, op: Json, opPath: string[], schemes: SchemeTable): Route {
  const route: Route = {};
  if (typeof op.operationId === 'string' && op.operationId) route.operationName = op.operationId;
  for (const key of Object.keys(op)) {
    if (REST_ONLY_OPERATION[key])
      ctx.diags.add('OAS100', [...opPath, key], `${key} configures ${REST_ONLY_OPERATION[key]} of REST APIs; ignored.`);
    else if (key.startsWith('x-amazon-apigateway-') && !OPERATION_KNOWN.has(key))
      unknownField(ctx, [...opPath, key], key, OPERATION_KNOWN);
  }
  Object.assign(route, readAuthorization(ctx, op, opPath, schemes));
  return route;
}

const OPERATION_KNOWN = new Set<string>([EXT.integration, EXT.auth, 'isDefaultRoute']);

/** The route's authorization: x-amazon-apigateway-auth, else the operation's `security`, else the document's. */
function readAuthorization(ctx: ImportContext, op: Json, opPath: string[], schemes: SchemeTable): Partial<Route> {
  const auth = op[EXT.auth];
  if (isObject(auth) && typeof auth.type === 'string') {
    const t = auth.type.toUpperCase();
    if (t === 'AWS_IAM') return { authorizationType: 'AWS_IAM' };
    if (t === 'NONE') return {};
    ctx.diags.add(
      'OAS300',
      [...opPath, EXT.auth, 'type'],
      `${EXT.auth} type ${auth.type} is not one of NONE, AWS_IAM.`,
    );
  }
  const own = op.security !== undefined;
  const security = own ? op.security : ctx.doc.security;
  if (security === undefined) return {};
  const where = own ? [...opPath, 'security'] : ['security'];
  if (!Array.isArray(security)) {
    ctx.diags.add('OAS005', where, 'security must be a list of security requirements.');
    return {};
  }
  const requirements = security.filter((r) => isObject(r) && Object.keys(r).length > 0) as Json[];
  if (requirements.length === 0) return {};
  if (security.some((r) => isObject(r) && Object.keys(r).length === 0)) reportOptional(ctx, where);
  const names = requirements.flatMap((r) => Object.keys(r));
  if (names.length > 1)
    ctx.diags.add(
      'OAS301',
      where,
      `The operation names ${names.length} security schemes (${names.join(', ')}); API Gateway allows one per route (IAM, a Lambda authorizer or a JWT authorizer). The route takes ${names[0]}.`,
    );
  const name = names[0]!;
  const scopes = requirements[0]![name];
  return authorizationOf(ctx, name, Array.isArray(scopes) ? scopes.map(String) : [], where, schemes);
}

/**
 * `security: [{}, {jwt: []}]`: OpenAPI's empty requirement makes authorization optional. http-api-open-api.html: an
 * operation "can have only one of IAM authorization, a Lambda authorizer, or a JWT authorizer. Attempting to model
 * multiple security requirements results in an error." The route keeps the authorization, never the open door.
 */
function reportOptional(ctx: ImportContext, where: string[]): void {
  ctx.diags.add(
    'OAS301',
    where,
    'An empty security requirement ({}) beside another makes authorization optional, which API Gateway cannot model (one requirement per route): the route requires the other. Remove {} to say so, or write `security: []` for a route with no authorization.',
  );
}

function authorizationOf(
  ctx: ImportContext,
  name: string,
  scopes: string[],
  where: string[],
  schemes: SchemeTable,
): Partial<Route> {
  const use = schemes.schemes.get(name);
  if (!use && name === 'NONE') {
    // SAM writes `security: [{NONE: []}]` for a function event with `Auth: Authorizer: NONE` under a default
    // authorizer (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-httpapifunctionauth.html).
    ctx.diags.add('OAS103', where, 'The security requirement NONE (as SAM writes it): the route has no authorization.');
    return {};
  }
  if (!use) {
    ctx.diags.add(
      'OAS302',
      where,
      `The security scheme ${name} is not in components.securitySchemes, so the route would be open: define the scheme, or write \`security: []\` for a route with no authorization.`,
    );
    return {};
  }
  if (use.kind === 'unsupported') {
    ctx.diags.add(
      'OAS300',
      where,
      `API Gateway cannot enforce the security scheme ${name}: ${use.why}. The route would be open: make it a JWT, REQUEST or IAM scheme API Gateway enforces, or write \`security: []\` for a route with no authorization.`,
    );
    return {};
  }
  if (use.kind === 'iam') {
    if (scopes.length)
      ctx.diags.add(
        'OAS303',
        where,
        `Scopes apply to JWT authorizers only; ${name} is IAM authorization, so they are not imported.`,
      );
    return { authorizationType: 'AWS_IAM' };
  }
  if (scopes.length && use.type !== 'JWT') {
    ctx.diags.add(
      'OAS303',
      where,
      `Scopes apply to JWT authorizers only; ${name} is a Lambda authorizer, so they are not imported.`,
    );
    return { authorizer: use.name };
  }
  return { authorizer: use.name, ...(scopes.length ? { authorizationScopes: scopes } : {}) };
}
