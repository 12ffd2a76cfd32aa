// What calling needs to know about an API and a stage, whether it comes from a spec (the local API, a spec open in
// the editor) or from the live API (src/aws/call/live.ts): the allowed targets, each route's auth, the Lambda
// functions whose logs belong to a route, the access log group, and which route a request reaches.
import { lambdaFunctionOf } from '../awsIds';
import type { LiveRoute, LiveSnapshot } from '../deploy/live';
import { WorkbenchError } from '../errors';
import { LOCAL_AWS, resolveSpec, routeSelectionExpression, type GatewaySpec } from '../gatewaySpec/model';
import { buildRouter, matchRoute } from '../local/routes';
import { parseIdentitySource, specRouteAuth, type AuthType, type RouteAuth } from './auth';
import { domainTarget, stageTarget, type Target } from './targets';
import { trimTrailing } from '../text';

/**
 * A Lambda function as an integration or authorizer URI names it: its name, and the alias or version the URI
 * qualifies it with (`function:orders:live`, `function:orders:7`), which may log to a group of its own — a version
 * keeps the configuration it was published with
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html).
 */
export interface FunctionRef {
  name: string;
  qualifier?: string;
  /** The region and account the ARN names: a function elsewhere logs there. */
  region?: string;
  account?: string;
}

export interface RouteFunctions {
  integration?: FunctionRef;
  authorizer?: FunctionRef;
}

export interface CallableApi {
  name: string;
  protocol: 'HTTP' | 'WEBSOCKET';
  stage: string;
  /** Where requests may go (the host guard), the preferred one first. */
  targets: Target[];
  routeSelectionExpression: string;
  /** Every route's auth, by route key. */
  routes: Map<string, RouteAuth>;
  /** The Lambda functions a route runs (its integration's, its authorizer's), by route key. */
  functions: Map<string, RouteFunctions>;
  /** The stage's access log group, when access logging is on. */
  accessLogGroup?: string;
  /** Its format, which the group's lines are read against. */
  accessLogFormat?: string;
}

/**
 * The function (and its alias or version) a Lambda integration or authorizer URI calls on a stage, its stage
 * variables resolved first — a variable may hold the name, the qualifier or both (`orders:live`); undefined for
 * another URI, or one using a variable the stage does not set (API Gateway can call no function with it).
 */
export function lambdaFunctionRef(
  uri: string | undefined,
  stageVariables: Record<string, string> = {},
): FunctionRef | undefined {
  const fn = lambdaFunctionOf(uri, stageVariables);
  if (!fn.name) return undefined;
  return {
    name: fn.name,
    ...(fn.qualifier && fn.qualifier !== '$LATEST' ? { qualifier: fn.qualifier } : {}),
    ...(fn.region ? { region: fn.region } : {}),
    ...(fn.account ? { account: fn.account } : {}),
  };
}

/**
 * Whether an integration may call a Lambda function: a proxy one, or — on WebSocket APIs — a custom (`AWS`) one;
 * an AWS service integration has a subtype instead.
 */
function callsLambda(type: string | undefined, subtype: string | undefined): boolean {
  return (type === 'AWS_PROXY' || type === 'AWS') && !subtype;
}

function functionsOf(integration: FunctionRef | undefined, authorizer: FunctionRef | undefined): RouteFunctions {
  return { ...(integration ? { integration } : {}), ...(authorizer ? { authorizer } : {}) };
}

function specFunctions(spec: GatewaySpec, routeKey: string, vars: Record<string, string>): RouteFunctions {
  const route = spec.routes?.[routeKey];
  const integration = route?.integration ? spec.integrations?.[route.integration] : undefined;
  const authorizer = route?.authorizer ? spec.authorizers?.[route.authorizer] : undefined;
  return functionsOf(
    integration && callsLambda(integration.type, integration.subtype)
      ? lambdaFunctionRef(integration.uri, vars)
      : undefined,
    authorizer?.type === 'REQUEST' ? lambdaFunctionRef(authorizer.uri, vars) : undefined,
  );
}

/** The callable view of a spec's stage (targets given by the caller: the local API's URL, the stage's URLs). */
export function specApi(
  spec: GatewaySpec,
  stage: string,
  targets: Target[],
  aws: { region: string; accountId: string } = LOCAL_AWS,
): CallableApi {
  const resolved = resolveSpec(spec, aws);
  const vars = resolved.stages?.[stage]?.variables ?? {};
  const routes = new Map<string, RouteAuth>();
  const functions = new Map<string, RouteFunctions>();
  for (const key of Object.keys(resolved.routes ?? {})) {
    routes.set(key, specRouteAuth(resolved, key));
    functions.set(key, specFunctions(resolved, key, vars));
  }
  const accessLog = resolved.stages?.[stage]?.accessLog;
  const group = accessLog?.destinationArn ? /:log-group:(.+?)(:\*)?$/.exec(accessLog.destinationArn)?.[1] : undefined;
  return {
    name: spec.api.name,
    protocol: spec.api.protocol,
    stage,
    targets,
    routeSelectionExpression: routeSelectionExpression(spec),
    routes,
    functions,
    ...(group ? { accessLogGroup: group } : {}),
    ...(group && accessLog?.format ? { accessLogFormat: accessLog.format } : {}),
  };
}

/**
 * The route an HTTP request reaches (AWS's routing rules, src/core/local/routes.ts), from its method and its path
 * within the stage; undefined when none does (API Gateway answers 404).
 */
export function routeForRequest(routeKeys: Iterable<string>, method: string, stagePath: string): string | undefined {
  const routes = Object.fromEntries([...routeKeys].map((k) => [k, {}]));
  const router = buildRouter({ version: 1, api: { name: '', protocol: 'HTTP' }, routes });
  return matchRoute(router, method.toUpperCase(), stagePath || '/')?.routeKey;
}

/** A request URL's path within a target (`https://h/dev/orders/1?x` on `https://h/dev` → `/orders/1`). */
export function stagePath(url: string, target: Target): string {
  const path = new URL(url).pathname;
  const base = trimTrailing(new URL(target.baseUrl).pathname, '/');
  return base && path.startsWith(base) ? path.slice(base.length) || '/' : path;
}

function liveRouteAuth(snap: LiveSnapshot, r: LiveRoute): RouteAuth {
  const type = (
    ['AWS_IAM', 'JWT', 'CUSTOM'].includes(r.AuthorizationType ?? '') ? r.AuthorizationType : 'NONE'
  ) as AuthType;
  const a = r.AuthorizerId ? snap.authorizers.find((x) => x.AuthorizerId === r.AuthorizerId) : undefined;
  const usesAuthorizer = (type === 'JWT' || type === 'CUSTOM') && a !== undefined;
  const jwt = usesAuthorizer ? a.JwtConfiguration : undefined;
  return {
    routeKey: r.RouteKey ?? '',
    type,
    ...(usesAuthorizer && a.Name ? { authorizer: a.Name } : {}),
    ...(jwt?.Issuer ? { jwt: { issuer: jwt.Issuer, audience: jwt.Audience ?? [] } } : {}),
    scopes: r.AuthorizationScopes ?? [],
    identitySources: usesAuthorizer
      ? (a.IdentitySource ?? (type === 'JWT' ? ['$request.header.Authorization'] : [])).map(parseIdentitySource)
      : [],
    apiKeyRequired: r.ApiKeyRequired === true,
  };
}

function liveFunctions(snap: LiveSnapshot, r: LiveRoute, vars: Record<string, string>): RouteFunctions {
  const id = /^integrations\/(\w+)$/.exec(r.Target ?? '')?.[1];
  const i = snap.integrations.find((x) => x.IntegrationId === id);
  const a = r.AuthorizerId ? snap.authorizers.find((x) => x.AuthorizerId === r.AuthorizerId) : undefined;
  return functionsOf(
    i && callsLambda(i.IntegrationType, i.IntegrationSubtype) ? lambdaFunctionRef(i.IntegrationUri, vars) : undefined,
    a?.AuthorizerType === 'REQUEST' ? lambdaFunctionRef(a.AuthorizerUri, vars) : undefined,
  );
}

/** The custom domains mapped to this API and stage, as targets. */
function liveDomains(snap: LiveSnapshot, apiId: string, stage: string, protocol: 'HTTP' | 'WEBSOCKET'): Target[] {
  const out: Target[] = [];
  for (const [domainName, mappings] of Object.entries(snap.mappings)) {
    for (const m of mappings) {
      if (m.ApiId !== apiId || m.Stage !== stage) continue;
      out.push(
        domainTarget({ domainName, stage, protocol, ...(m.ApiMappingKey ? { mappingKey: m.ApiMappingKey } : {}) }),
      );
    }
  }
  return out;
}

/** The callable view of a live API's stage, from what deploy's reader returns (domains with their mappings). */
export function liveApi(snap: LiveSnapshot, stageName: string, region: string): CallableApi {
  const api = snap.api!;
  const stage = snap.stages.find((s) => s.StageName === stageName);
  if (!stage)
    throw new WorkbenchError('NotFound', `The API ${api.Name ?? api.ApiId} has no stage ${stageName}.`, {
      hint: `Its stages: ${snap.stages.map((s) => s.StageName).join(', ') || 'none'}.`,
    });
  const protocol = api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
  const vars = stage.StageVariables ?? {};
  const routes = new Map<string, RouteAuth>();
  const functions = new Map<string, RouteFunctions>();
  for (const r of snap.routes) {
    if (!r.RouteKey) continue;
    routes.set(r.RouteKey, liveRouteAuth(snap, r));
    functions.set(r.RouteKey, liveFunctions(snap, r, vars));
  }
  const invoke = stageTarget({
    apiId: api.ApiId!,
    region,
    stage: stageName,
    protocol,
    ...(api.ApiEndpoint ? { apiEndpoint: api.ApiEndpoint } : {}),
  });
  const destination = stage.AccessLogSettings?.DestinationArn;
  const group = destination ? (/:log-group:(.+?)(:\*)?$/.exec(destination)?.[1] ?? destination) : undefined;
  return {
    name: api.Name ?? api.ApiId!,
    protocol,
    stage: stageName,
    targets: [
      ...(api.DisableExecuteApiEndpoint ? [] : [invoke]),
      ...liveDomains(snap, api.ApiId!, stageName, protocol),
    ],
    routeSelectionExpression: api.RouteSelectionExpression ?? '$request.method $request.path',
    routes,
    functions,
    ...(group ? { accessLogGroup: group } : {}),
    ...(group && stage.AccessLogSettings?.Format ? { accessLogFormat: stage.AccessLogSettings.Format } : {}),
  };
}
