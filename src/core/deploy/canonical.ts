// The canonical form deploy compares: a spec and a live API both become the same shape, in the spec's terms, with
// every default written out (the helpers of spec/model.ts), Lambda ARNs as invocation URIs, sets sorted, and empty
// values dropped. Two canonical resources are equal exactly when deploy has nothing to change, so a plan is a
// field-by-field difference of two canonical forms, and pull is a canonical form with the defaults taken out.
import {
  authorizationType,
  authorizerPayloadFormatVersion,
  identitySources,
  integrationMethod,
  lambdaInvocationUri,
  maxIntegrationTimeoutMs,
  payloadFormatVersion,
  routeSelectionExpression,
  type ApiSettings,
  type Authorizer,
  type Cors,
  type Domain,
  type GatewaySpec,
  type Integration,
  type IntegrationResponse,
  type Model,
  type Protocol,
  type Route,
  type RouteResponse,
  type RouteSettings,
  type Stage,
  type Throttling,
  type VpcLink,
} from '../gatewaySpec/model';
import type {
  LiveApi,
  LiveAuthorizer,
  LiveCors,
  LiveDomain,
  LiveIntegration,
  LiveIntegrationResponse,
  LiveMapping,
  LiveModel,
  LiveRoute,
  LiveRouteResponse,
  LiveRouteSettings,
  LiveStage,
  LiveVpcLink,
  Tags,
} from './live';

// ---- what the workbench stores in AWS ------------------------------------------------------------------------

/** Tag on an API (and on the VPC links and domains a deploy creates) naming the spec it was deployed from. */
export const SPEC_TAG = 'apigw:spec';
/** Stage tag set for `protected: true`, so promotion, rollback and the explorer know without the spec. */
export const PROTECTED_TAG = 'apigw:protected';
/** Tags with these prefixes belong to the workbench or AWS: never compared, never removed as "not in the spec". */
const RESERVED_TAG = /^(apigw:|aws:)/;

/** An integration's name is kept in its description, which AWS stores and returns: `[apigw:orders-fn] Orders Lambda`. */
const MARKER = /^\[apigw:([A-Za-z0-9][A-Za-z0-9._-]{0,127})\](?: ([\s\S]*))?$/;

export function describeIntegration(name: string, description: string | undefined): string {
  return description ? `[apigw:${name}] ${description}` : `[apigw:${name}]`;
}

/** The name recorded in a live integration's description, and the user's description without it. */
export function parseIntegrationDescription(text: string | undefined): { name?: string; description?: string } {
  if (!text) return {};
  const m = MARKER.exec(text);
  if (!m) return { description: text };
  return { name: m[1]!, ...(m[2] ? { description: m[2] } : {}) };
}

export function userTags(tags: Tags | undefined): Tags | undefined {
  const out: Tags = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (!RESERVED_TAG.test(k)) out[k] = v;
  return nonEmpty(out);
}

// ---- the canonical shapes --------------------------------------------------------------------------------------

export type CanonicalIntegration = Integration & {
  /** The name recorded in AWS (the description marker); a live integration without one has none. */
  name?: string;
};

/**
 * A route without its throttling (stage route settings carry it). `routeResponses` is what the route has in AWS: a
 * two-way route (`routeResponseSelectionExpression`) has the `$default` one even when the spec does not list it.
 */
export type CanonicalRoute = Omit<Route, 'throttling'>;

export type CanonicalStage = Stage & { protected: boolean };

export type CanonicalDomain = Omit<Domain, 'mappings'>;

/** A model with its defaults; the schema as parsed JSON when it is JSON, so formatting does not count. */
export interface CanonicalModel {
  contentType: string;
  description?: string;
  schema: Record<string, unknown> | string;
}

export interface CanonicalMapping {
  domain: string;
  /** Base path; '' for the root. */
  path: string;
  stage: string;
  /** Another API (id or name, as the spec writes it); absent: this spec's API. */
  api?: string;
}

export interface Canonical {
  api: ApiSettings;
  integrations: Record<string, CanonicalIntegration>;
  authorizers: Record<string, Authorizer>;
  routes: Record<string, CanonicalRoute>;
  stages: Record<string, CanonicalStage>;
  vpcLinks: Record<string, VpcLink>;
  domains: Record<string, CanonicalDomain>;
  /** Keyed by `mappingKey(domain, path)`. */
  mappings: Record<string, CanonicalMapping>;
  /** WebSocket APIs only. */
  models: Record<string, CanonicalModel>;
}

export function mappingKey(domain: string, path: string): string {
  return `${domain}/${path}`;
}

// ---- small helpers ---------------------------------------------------------------------------------------------

/** Drops undefined members so that absent and undefined compare equal. */
export function prune<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

function nonEmpty<T extends object>(o: T | undefined): T | undefined {
  return o && Object.keys(o).length > 0 ? o : undefined;
}

function text(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function list(xs: string[] | undefined, sort = false): string[] | undefined {
  if (!xs || xs.length === 0) return undefined;
  return sort ? [...xs].sort() : [...xs];
}

function throttling(t: Throttling | undefined): Throttling | undefined {
  if (!t) return undefined;
  return nonEmpty(prune({ burstLimit: t.burstLimit, rateLimit: t.rateLimit }));
}

/** Lambda ARNs and invocation URIs compare equal; everything else as written. */
function uri(u: string | undefined, region: string): string | undefined {
  return u ? lambdaInvocationUri(u, region) : undefined;
}

function cors(c: Cors | undefined): Cors | undefined {
  if (!c) return undefined;
  return nonEmpty(
    prune({
      allowOrigins: list(c.allowOrigins, true),
      allowMethods: list(
        c.allowMethods?.map((m) => m.toUpperCase()),
        true,
      ) as Cors['allowMethods'],
      allowHeaders: list(
        c.allowHeaders?.map((h) => h.toLowerCase()),
        true,
      ),
      exposeHeaders: list(
        c.exposeHeaders?.map((h) => h.toLowerCase()),
        true,
      ),
      allowCredentials: c.allowCredentials ? true : undefined,
      maxAge: c.maxAge,
    }),
  );
}

// ---- desired: from a resolved spec -----------------------------------------------------------------------------

/**
 * The canonical form of a spec whose `${aws:…}` variables are resolved (`resolveSpec`). Route throttling becomes the
 * route settings of every stage (unless the stage's own entry overrides it), as SPEC.md describes.
 */
export function canonicalSpec(spec: GatewaySpec, region: string): Canonical {
  const p = spec.api.protocol;
  const out: Canonical = {
    api: canonicalApiSettings(spec),
    integrations: {},
    authorizers: {},
    routes: {},
    stages: {},
    vpcLinks: {},
    domains: {},
    mappings: {},
    models: {},
  };
  if (p === 'WEBSOCKET')
    for (const [name, m] of Object.entries(spec.models ?? {})) out.models[name] = canonicalModel(m);
  for (const [name, i] of Object.entries(spec.integrations ?? {}))
    out.integrations[name] = canonicalIntegration(spec, name, i, region);
  for (const [name, a] of Object.entries(spec.authorizers ?? {}))
    out.authorizers[name] = canonicalAuthorizer(spec, a, region);
  for (const [key, r] of Object.entries(spec.routes ?? {})) out.routes[key] = canonicalRoute(spec, r, true);
  for (const [name, s] of Object.entries(spec.stages ?? {})) out.stages[name] = canonicalStage(p, s, spec.routes ?? {});
  for (const [name, l] of Object.entries(spec.vpcLinks ?? {})) out.vpcLinks[name] = canonicalVpcLink(l);
  for (const [name, d] of Object.entries(spec.domains ?? {})) {
    out.domains[name] = canonicalDomain(d);
    for (const m of d.mappings ?? []) {
      const path = m.path ?? '';
      out.mappings[mappingKey(name, path)] = prune({ domain: name, path, stage: m.stage, api: m.api });
    }
  }
  return out;
}

export function canonicalApiSettings(spec: GatewaySpec): ApiSettings {
  const a = spec.api;
  const ws = a.protocol === 'WEBSOCKET';
  return prune({
    name: a.name,
    protocol: a.protocol,
    description: text(a.description),
    version: text(a.version),
    // HTTP APIs have one fixed expression: it is neither sent nor compared.
    routeSelectionExpression: ws ? routeSelectionExpression(spec) : undefined,
    apiKeySelectionExpression: ws ? (a.apiKeySelectionExpression ?? '$request.header.x-api-key') : undefined,
    disableExecuteApiEndpoint: a.disableExecuteApiEndpoint ?? false,
    ipAddressType: a.ipAddressType ?? 'ipv4',
    cors: ws ? undefined : cors(a.cors),
    tags: userTags(a.tags),
  }) as ApiSettings;
}

export function canonicalIntegration(
  spec: GatewaySpec,
  name: string | undefined,
  i: Integration,
  region: string,
): CanonicalIntegration {
  const ws = spec.api.protocol === 'WEBSOCKET';
  const templated = ws && (i.type === 'AWS' || i.type === 'HTTP' || i.type === 'MOCK');
  return prune({
    name,
    type: i.type,
    description: text(i.description),
    uri: uri(i.uri, region),
    subtype: i.subtype,
    payloadFormatVersion: payloadFormatVersion(spec, i),
    method: integrationMethod(i),
    vpcLink: i.vpcLink,
    tlsServerName: text(i.tlsServerName),
    credentialsArn: text(i.credentialsArn),
    requestParameters: nonEmpty(i.requestParameters),
    responseParameters: nonEmpty(i.responseParameters),
    requestTemplates: nonEmpty(i.requestTemplates),
    templateSelectionExpression: text(i.templateSelectionExpression),
    contentHandling: i.contentHandling,
    passthroughBehavior: i.passthroughBehavior ?? (templated ? 'WHEN_NO_MATCH' : undefined),
    timeoutMs: i.timeoutMs ?? maxIntegrationTimeoutMs(spec.api.protocol),
    // Proxy integrations have no integration responses (the rules refuse them).
    responses: templated ? canonicalMap(i.responses, canonicalIntegrationResponse) : undefined,
  }) as CanonicalIntegration;
}

/** Each entry made canonical; an empty map is none. */
function canonicalMap<T, U extends object>(
  m: Record<string, T> | undefined,
  canon: (v: T) => U,
): Record<string, U> | undefined {
  if (!m) return undefined;
  const out: Record<string, U> = {};
  for (const k of Object.keys(m).sort()) out[k] = canon(m[k]!);
  return nonEmpty(out);
}

export function canonicalIntegrationResponse(r: IntegrationResponse): IntegrationResponse {
  return prune({
    templateSelectionExpression: text(r.templateSelectionExpression),
    responseTemplates: nonEmpty(r.responseTemplates),
    responseParameters: nonEmpty(r.responseParameters),
    contentHandling: r.contentHandling,
  });
}

function requirements(
  p: Record<string, { required?: boolean }> | undefined,
): Record<string, { required: boolean }> | undefined {
  return nonEmpty(p && Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { required: Boolean(v.required) }])));
}

export function canonicalRouteResponse(r: RouteResponse): RouteResponse {
  return prune({
    modelSelectionExpression: text(r.modelSelectionExpression),
    responseModels: nonEmpty(r.responseModels),
    responseParameters: requirements(r.responseParameters),
  });
}

/** A model's schema as data when it is JSON text (AWS stores text; a spec may write the object). */
function schemaValue(s: Model['schema']): CanonicalModel['schema'] {
  if (typeof s !== 'string') return s;
  try {
    const v: unknown = JSON.parse(s);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : s;
  } catch {
    return s;
  }
}

export function canonicalModel(m: Model | CanonicalModel): CanonicalModel {
  return prune({
    contentType: m.contentType ?? 'application/json',
    description: text(m.description),
    schema: schemaValue(m.schema),
  });
}

export function canonicalAuthorizer(spec: GatewaySpec, a: Authorizer, region: string): Authorizer {
  const http = spec.api.protocol === 'HTTP';
  const request = a.type === 'REQUEST';
  return prune({
    type: a.type,
    identitySources: list(identitySources(a)),
    jwt: a.jwt ? { issuer: a.jwt.issuer, audience: [...a.jwt.audience].sort() } : undefined,
    uri: uri(a.uri, region),
    payloadFormatVersion: authorizerPayloadFormatVersion(spec, a),
    enableSimpleResponses: http && request ? (a.enableSimpleResponses ?? false) : undefined,
    // AWS refuses AuthorizerResultTtlInSeconds for WebSocket APIs ("Supported only for HTTP API Lambda authorizers").
    resultTtlSeconds: http && request ? (a.resultTtlSeconds ?? 0) : undefined,
    credentialsArn: request ? text(a.credentialsArn) : undefined,
  }) as Authorizer;
}

/**
 * A route's canonical form. `implied`: a two-way route has the `$default` route response whether or not the spec
 * lists it (the desired side); a live route has exactly the responses AWS answered.
 */
export function canonicalRoute(spec: GatewaySpec, r: Route, implied: boolean): CanonicalRoute {
  const ws = spec.api.protocol === 'WEBSOCKET';
  const type = authorizationType(spec, r);
  const responses = ws ? { ...r.routeResponses } : {};
  if (implied && ws && text(r.routeResponseSelectionExpression) && !responses.$default) responses.$default = {};
  return prune({
    integration: r.integration,
    authorizer: type === 'JWT' || type === 'CUSTOM' ? r.authorizer : undefined,
    authorizationType: type,
    authorizationScopes: list(r.authorizationScopes, true),
    apiKeyRequired: ws ? (r.apiKeyRequired ?? false) : undefined,
    operationName: text(r.operationName),
    routeResponseSelectionExpression: ws ? text(r.routeResponseSelectionExpression) : undefined,
    requestParameters: ws ? requirements(r.requestParameters) : undefined,
    modelSelectionExpression: ws ? text(r.modelSelectionExpression) : undefined,
    requestModels: ws ? nonEmpty(r.requestModels) : undefined,
    routeResponses: canonicalMap(responses, canonicalRouteResponse),
  });
}

function canonicalRouteSettings(s: RouteSettings): RouteSettings | undefined {
  // AWS fills false/OFF into route settings it returns: only what turns something on is compared.
  return nonEmpty(
    prune({
      throttling: throttling(s.throttling),
      detailedMetrics: s.detailedMetrics ? true : undefined,
      loggingLevel: s.loggingLevel && s.loggingLevel !== 'OFF' ? s.loggingLevel : undefined,
      dataTraceEnabled: s.dataTraceEnabled ? true : undefined,
    }),
  );
}

export function canonicalStage(protocol: Protocol, s: Stage, routes: Record<string, Route>): CanonicalStage {
  const ws = protocol === 'WEBSOCKET';
  const settings: Record<string, RouteSettings> = {};
  const keys = new Set([
    ...Object.keys(s.routeSettings ?? {}),
    ...Object.keys(routes).filter((k) => routes[k]!.throttling),
  ]);
  for (const key of [...keys].sort()) {
    const own = s.routeSettings?.[key];
    const effective = canonicalRouteSettings({ ...own, throttling: own?.throttling ?? routes[key]?.throttling });
    if (effective) settings[key] = effective;
  }
  return prune({
    protected: s.protected ?? false,
    description: text(s.description),
    autoDeploy: s.autoDeploy ?? false,
    variables: nonEmpty(s.variables),
    accessLog: s.accessLog ? { destinationArn: s.accessLog.destinationArn, format: s.accessLog.format } : undefined,
    throttling: throttling(s.throttling),
    detailedMetrics: s.detailedMetrics ?? false,
    loggingLevel: ws ? (s.loggingLevel ?? 'OFF') : undefined,
    dataTraceEnabled: ws ? (s.dataTraceEnabled ?? false) : undefined,
    routeSettings: nonEmpty(settings),
    clientCertificateId: ws ? text(s.clientCertificateId) : undefined,
    tags: userTags(s.tags),
  }) as CanonicalStage;
}

export function canonicalVpcLink(l: VpcLink): VpcLink {
  return prune({
    subnetIds: [...l.subnetIds].sort(),
    securityGroupIds: list(l.securityGroupIds, true),
    tags: userTags(l.tags),
  }) as VpcLink;
}

export function canonicalDomain(d: Domain | CanonicalDomain): CanonicalDomain {
  return prune({
    certificateArn: d.certificateArn,
    endpointType: d.endpointType ?? 'REGIONAL',
    securityPolicy: d.securityPolicy ?? 'TLS_1_2',
    ownershipVerificationCertificateArn: text(d.ownershipVerificationCertificateArn),
    ipAddressType: d.ipAddressType ?? 'ipv4',
    mutualTls: d.mutualTls?.truststoreUri
      ? prune({ truststoreUri: d.mutualTls.truststoreUri, truststoreVersion: text(d.mutualTls.truststoreVersion) })
      : undefined,
    tags: userTags(d.tags),
  }) as CanonicalDomain;
}

// ---- live: from what AWS answered ------------------------------------------------------------------------------

/** Names of the live resources that ids refer to, as identity matching decided (identity.ts). */
export interface LiveNames {
  integrations: Map<string, string>;
  authorizers: Map<string, string>;
  vpcLinks: Map<string, string>;
}

/** A spec-shaped view of one live integration, so the spec's own defaults apply to both sides alike. */
export function liveIntegrationAsSpec(
  i: LiveIntegration,
  names: LiveNames,
  responses?: LiveIntegrationResponse[],
): { name?: string; integration: Integration } {
  const { name, description } = parseIntegrationDescription(i.Description);
  const vpc =
    i.ConnectionType === 'VPC_LINK' && i.ConnectionId
      ? (names.vpcLinks.get(i.ConnectionId) ?? `(VPC link ${i.ConnectionId})`)
      : undefined;
  return {
    ...(name ? { name } : {}),
    integration: prune({
      type: i.IntegrationType as Integration['type'],
      description,
      uri: text(i.IntegrationUri),
      subtype: i.IntegrationSubtype as Integration['subtype'],
      payloadFormatVersion: i.PayloadFormatVersion as Integration['payloadFormatVersion'],
      method: i.IntegrationMethod as Integration['method'],
      vpcLink: vpc,
      tlsServerName: text(i.TlsConfig?.ServerNameToVerify),
      credentialsArn: text(i.CredentialsArn),
      requestParameters: nonEmpty(i.RequestParameters),
      responseParameters: nonEmpty(i.ResponseParameters),
      requestTemplates: nonEmpty(i.RequestTemplates),
      templateSelectionExpression: text(i.TemplateSelectionExpression),
      contentHandling: i.ContentHandlingStrategy as Integration['contentHandling'],
      passthroughBehavior: i.PassthroughBehavior as Integration['passthroughBehavior'],
      timeoutMs: i.TimeoutInMillis,
      responses: responses && nonEmpty(Object.fromEntries(responses.map(liveIntegrationResponseAsSpec))),
    }) as Integration,
  };
}

function liveIntegrationResponseAsSpec(r: LiveIntegrationResponse): [string, IntegrationResponse] {
  return [
    r.IntegrationResponseKey ?? '',
    prune({
      templateSelectionExpression: text(r.TemplateSelectionExpression),
      responseTemplates: nonEmpty(r.ResponseTemplates),
      responseParameters: nonEmpty(r.ResponseParameters),
      contentHandling: r.ContentHandlingStrategy as IntegrationResponse['contentHandling'],
    }),
  ];
}

function liveRouteResponseAsSpec(r: LiveRouteResponse): [string, RouteResponse] {
  return [
    r.RouteResponseKey ?? '',
    prune({
      modelSelectionExpression: text(r.ModelSelectionExpression),
      responseModels: nonEmpty(r.ResponseModels),
      responseParameters: requirements(
        r.ResponseParameters &&
          Object.fromEntries(Object.entries(r.ResponseParameters).map(([k, v]) => [k, { required: v.Required }])),
      ),
    }),
  ];
}

export function liveModelAsSpec(m: LiveModel): Model {
  return prune({ contentType: m.ContentType, description: text(m.Description), schema: m.Schema ?? '' }) as Model;
}

/** A WebSocket authorizer has no result TTL (AWS: "Supported only for HTTP API Lambda authorizers", APIGW506). */
export function liveAuthorizerAsSpec(a: LiveAuthorizer, protocol: Protocol): Authorizer {
  return prune({
    type: a.AuthorizerType as Authorizer['type'],
    identitySources: list(a.IdentitySource),
    jwt: a.JwtConfiguration
      ? { issuer: a.JwtConfiguration.Issuer ?? '', audience: a.JwtConfiguration.Audience ?? [] }
      : undefined,
    uri: text(a.AuthorizerUri),
    payloadFormatVersion: a.AuthorizerPayloadFormatVersion as Authorizer['payloadFormatVersion'],
    enableSimpleResponses: a.EnableSimpleResponses,
    resultTtlSeconds: protocol === 'HTTP' ? a.AuthorizerResultTtlInSeconds : undefined,
    credentialsArn: text(a.AuthorizerCredentialsArn),
  }) as Authorizer;
}

export function liveRouteAsSpec(r: LiveRoute, names: LiveNames, responses?: LiveRouteResponse[]): Route {
  const target = /^integrations\/(.+)$/.exec(r.Target ?? '')?.[1];
  return prune({
    integration: target ? (names.integrations.get(target) ?? `(integration ${target})`) : undefined,
    authorizer: r.AuthorizerId
      ? (names.authorizers.get(r.AuthorizerId) ?? `(authorizer ${r.AuthorizerId})`)
      : undefined,
    authorizationType: (r.AuthorizationType ?? 'NONE') as Route['authorizationType'],
    authorizationScopes: list(r.AuthorizationScopes),
    apiKeyRequired: r.ApiKeyRequired,
    operationName: text(r.OperationName),
    routeResponseSelectionExpression: text(r.RouteResponseSelectionExpression),
    requestParameters: requirements(
      r.RequestParameters &&
        Object.fromEntries(Object.entries(r.RequestParameters).map(([k, v]) => [k, { required: v.Required }])),
    ),
    modelSelectionExpression: text(r.ModelSelectionExpression),
    requestModels: nonEmpty(r.RequestModels),
    // Read only for some routes (read.ts): absent means unknown, an empty list means none.
    routeResponses: responses ? Object.fromEntries(responses.map(liveRouteResponseAsSpec)) : undefined,
  }) as Route;
}

function liveRouteSettings(s: LiveRouteSettings | undefined): RouteSettings {
  return prune({
    throttling: throttling({ burstLimit: s?.ThrottlingBurstLimit, rateLimit: s?.ThrottlingRateLimit } as Throttling),
    detailedMetrics: s?.DetailedMetricsEnabled,
    loggingLevel: s?.LoggingLevel as RouteSettings['loggingLevel'],
    dataTraceEnabled: s?.DataTraceEnabled,
  });
}

export function liveStageAsSpec(protocol: Protocol, s: LiveStage): Stage {
  const ws = protocol === 'WEBSOCKET';
  const d = liveRouteSettings(s.DefaultRouteSettings);
  const routeSettings: Record<string, RouteSettings> = {};
  for (const [k, v] of Object.entries(s.RouteSettings ?? {})) {
    const c = canonicalRouteSettings(liveRouteSettings(v));
    if (c) routeSettings[k] = c;
  }
  return prune({
    protected: s.Tags?.[PROTECTED_TAG] === 'true' ? true : undefined,
    description: text(s.Description),
    autoDeploy: s.AutoDeploy,
    variables: nonEmpty(s.StageVariables),
    accessLog: s.AccessLogSettings?.DestinationArn
      ? { destinationArn: s.AccessLogSettings.DestinationArn, format: s.AccessLogSettings.Format ?? '' }
      : undefined,
    throttling: d.throttling,
    detailedMetrics: d.detailedMetrics,
    loggingLevel: ws ? d.loggingLevel : undefined,
    dataTraceEnabled: ws ? d.dataTraceEnabled : undefined,
    routeSettings: nonEmpty(routeSettings),
    clientCertificateId: ws ? text(s.ClientCertificateId) : undefined,
    tags: userTags(s.Tags),
  }) as Stage;
}

export function liveApiAsSpec(a: LiveApi): ApiSettings {
  const ws = a.ProtocolType === 'WEBSOCKET';
  const c = a.CorsConfiguration as LiveCors | undefined;
  return prune({
    name: a.Name ?? '',
    protocol: (a.ProtocolType ?? 'HTTP') as Protocol,
    description: text(a.Description),
    version: text(a.Version),
    routeSelectionExpression: ws ? a.RouteSelectionExpression : undefined,
    apiKeySelectionExpression: ws
      ? (a.ApiKeySelectionExpression as ApiSettings['apiKeySelectionExpression'])
      : undefined,
    disableExecuteApiEndpoint: a.DisableExecuteApiEndpoint,
    ipAddressType: a.IpAddressType as ApiSettings['ipAddressType'],
    cors: c
      ? prune({
          allowOrigins: list(c.AllowOrigins),
          allowMethods: list(c.AllowMethods) as Cors['allowMethods'],
          allowHeaders: list(c.AllowHeaders),
          exposeHeaders: list(c.ExposeHeaders),
          allowCredentials: c.AllowCredentials,
          maxAge: c.MaxAge,
        })
      : undefined,
    tags: userTags(a.Tags),
  }) as ApiSettings;
}

export function liveVpcLinkAsSpec(l: LiveVpcLink): VpcLink {
  return prune({
    subnetIds: l.SubnetIds ?? [],
    securityGroupIds: list(l.SecurityGroupIds),
    tags: userTags(l.Tags),
  }) as VpcLink;
}

export function liveDomainAsSpec(d: LiveDomain): CanonicalDomain {
  const c = d.DomainNameConfigurations?.[0] ?? {};
  return prune({
    certificateArn: c.CertificateArn ?? '',
    endpointType: c.EndpointType as Domain['endpointType'],
    securityPolicy: c.SecurityPolicy as Domain['securityPolicy'],
    ownershipVerificationCertificateArn: text(c.OwnershipVerificationCertificateArn),
    ipAddressType: c.IpAddressType as Domain['ipAddressType'],
    mutualTls: d.MutualTlsAuthentication?.TruststoreUri
      ? prune({
          truststoreUri: d.MutualTlsAuthentication.TruststoreUri,
          truststoreVersion: text(d.MutualTlsAuthentication.TruststoreVersion),
        })
      : undefined,
    tags: userTags(d.Tags),
  }) as CanonicalDomain;
}

/** The live API as a spec (ids replaced by names), before defaults are written out or taken out. */
export interface LiveSpecView {
  spec: GatewaySpec;
  /** Integration name → name recorded in AWS (absent when the description carries none). */
  recordedNames: Map<string, string | undefined>;
}

export interface LiveView {
  api: LiveApi;
  integrations: Array<{ name: string; live: LiveIntegration }>;
  authorizers: Array<{ name: string; live: LiveAuthorizer }>;
  routes: LiveRoute[];
  routeResponses: Record<string, LiveRouteResponse[]>;
  integrationResponses: Record<string, LiveIntegrationResponse[]>;
  models: LiveModel[];
  stages: LiveStage[];
  vpcLinks: Array<{ name: string; live: LiveVpcLink }>;
  domains: LiveDomain[];
  /** This API's mappings on the domains read. */
  mappings: Array<{ domain: string; live: LiveMapping }>;
}

/** Builds the spec view of a live API; every id a resource refers to must have a name in `names`. */
export function liveSpecView(v: LiveView, names: LiveNames): LiveSpecView {
  const api = liveApiAsSpec(v.api);
  const spec: GatewaySpec = {
    version: 1,
    api,
    integrations: {},
    authorizers: {},
    routes: {},
    stages: {},
    vpcLinks: {},
    domains: {},
    models: {},
  };
  const recordedNames = new Map<string, string | undefined>();
  for (const { name, live } of v.integrations) {
    const x = liveIntegrationAsSpec(live, names, v.integrationResponses[live.IntegrationId ?? '']);
    spec.integrations![name] = x.integration;
    recordedNames.set(name, x.name);
  }
  for (const { name, live } of v.authorizers) spec.authorizers![name] = liveAuthorizerAsSpec(live, api.protocol);
  for (const r of v.routes)
    if (r.RouteKey) spec.routes![r.RouteKey] = liveRouteAsSpec(r, names, v.routeResponses[r.RouteId ?? '']);
  for (const m of v.models) if (m.Name) spec.models![m.Name] = liveModelAsSpec(m);
  for (const s of v.stages) if (s.StageName) spec.stages![s.StageName] = liveStageAsSpec(api.protocol, s);
  for (const { name, live } of v.vpcLinks) spec.vpcLinks![name] = liveVpcLinkAsSpec(live);
  for (const d of v.domains) {
    if (!d.DomainName) continue;
    const mappings = v.mappings
      .filter((m) => m.domain === d.DomainName)
      .map((m) => prune({ stage: m.live.Stage ?? '', path: text(m.live.ApiMappingKey) }))
      .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
    spec.domains![d.DomainName] = { ...liveDomainAsSpec(d), ...(mappings.length ? { mappings } : {}) };
  }
  return { spec, recordedNames };
}

/** The canonical form of a live API, from its spec view (same defaults as the spec side). */
export function canonicalLive(view: LiveSpecView, region: string): Canonical {
  const spec = view.spec;
  const out = canonicalSpec({ ...spec, routes: {} }, region);
  // Route settings in AWS are per stage already: nothing to fold in from routes.
  for (const [key, r] of Object.entries(spec.routes ?? {})) out.routes[key] = canonicalRoute(spec, r, false);
  for (const [name, i] of Object.entries(out.integrations)) {
    const recorded = view.recordedNames.get(name);
    out.integrations[name] = prune({ ...i, name: recorded });
  }
  return out;
}
