// Canonical resources as API Gateway v2 request members. Every default is sent explicitly, so what AWS stores is what
// the spec says whatever AWS's own defaults are; an update sends the whole resource, with empty values where the spec
// dropped a field AWS cannot otherwise forget.
//
// The core stays free of the SDK: the shapes below are plain types named and typed as the SDK's request members
// (the same literal unions). The adapter (src/aws/apigateway.ts) takes the SDK's own `…CommandInput` types, so the
// compiler checks every shape here against the SDK's at the call site in src/aws/deploy, with no cast.
import type {
  ApiSettings,
  AuthorizationType,
  Authorizer,
  IntegrationResponse,
  IntegrationType,
  PayloadFormatVersion,
  Protocol,
  RouteResponse,
  RouteSettings,
  Throttling,
  VpcLink,
} from '../gatewaySpec/model';
import {
  describeIntegration,
  prune,
  PROTECTED_TAG,
  SPEC_TAG,
  type CanonicalDomain,
  type CanonicalIntegration,
  type CanonicalModel,
  type CanonicalRoute,
  type CanonicalStage,
} from './canonical';
import type { Tags } from './live';

/** Resolves spec names to live ids while apply runs (created resources join as they are made). */
export interface Refs {
  integration(name: string): string | undefined;
  authorizer(name: string): string | undefined;
  vpcLink(name: string): string | undefined;
}

export interface CorsMembers {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  AllowCredentials?: boolean;
  MaxAge?: number;
}

/** CreateApi. */
export interface CreateApiMembers {
  Name: string;
  ProtocolType: Protocol;
  Description?: string;
  RouteSelectionExpression?: string;
  ApiKeySelectionExpression?: string;
  DisableExecuteApiEndpoint?: boolean;
  IpAddressType?: 'ipv4' | 'dualstack';
  CorsConfiguration?: CorsMembers;
  Version?: string;
  Tags: Tags;
}

/** UpdateApi (without ApiId). */
export type UpdateApiMembers = Omit<CreateApiMembers, 'ProtocolType' | 'Tags'>;

/** CreateIntegration and UpdateIntegration (without ApiId, IntegrationId). */
export interface IntegrationMembers {
  IntegrationType: IntegrationType;
  Description?: string;
  IntegrationUri?: string;
  IntegrationSubtype?: string;
  PayloadFormatVersion?: PayloadFormatVersion;
  IntegrationMethod?: string;
  ConnectionType: 'INTERNET' | 'VPC_LINK';
  ConnectionId?: string;
  TlsConfig?: { ServerNameToVerify?: string };
  CredentialsArn?: string;
  RequestParameters?: Record<string, string>;
  ResponseParameters?: Record<string, Record<string, string>>;
  RequestTemplates?: Record<string, string>;
  TemplateSelectionExpression?: string;
  ContentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  PassthroughBehavior?: 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES';
  TimeoutInMillis?: number;
}

/** CreateAuthorizer and UpdateAuthorizer (without ApiId, AuthorizerId). */
export interface AuthorizerMembers {
  Name: string;
  AuthorizerType: Authorizer['type'];
  IdentitySource: string[];
  JwtConfiguration?: { Issuer?: string; Audience?: string[] };
  AuthorizerUri?: string;
  AuthorizerPayloadFormatVersion?: PayloadFormatVersion;
  EnableSimpleResponses?: boolean;
  AuthorizerResultTtlInSeconds?: number;
  AuthorizerCredentialsArn?: string;
}

/** CreateRoute and UpdateRoute (without ApiId, RouteId). */
export interface RouteMembers {
  RouteKey: string;
  Target?: string;
  AuthorizationType?: AuthorizationType;
  AuthorizerId?: string;
  AuthorizationScopes?: string[];
  ApiKeyRequired?: boolean;
  OperationName?: string;
  RouteResponseSelectionExpression?: string;
  RequestParameters?: Record<string, { Required?: boolean }>;
  ModelSelectionExpression?: string;
  RequestModels?: Record<string, string>;
}

/** CreateRouteResponse and UpdateRouteResponse (without ApiId, RouteId, RouteResponseId). */
export interface RouteResponseMembers {
  RouteResponseKey: string;
  ModelSelectionExpression?: string;
  ResponseModels?: Record<string, string>;
  ResponseParameters?: Record<string, { Required?: boolean }>;
}

/** CreateIntegrationResponse and UpdateIntegrationResponse (without ApiId, IntegrationId, IntegrationResponseId). */
export interface IntegrationResponseMembers {
  IntegrationResponseKey: string;
  TemplateSelectionExpression?: string;
  ResponseTemplates?: Record<string, string>;
  ResponseParameters?: Record<string, string>;
  ContentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
}

/** CreateModel and UpdateModel (without ApiId, ModelId). */
export interface ModelMembers {
  Name: string;
  ContentType?: string;
  Description?: string;
  Schema: string;
}

export interface RouteSettingsMembers {
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
  DetailedMetricsEnabled?: boolean;
  LoggingLevel?: 'OFF' | 'ERROR' | 'INFO';
  DataTraceEnabled?: boolean;
}

/** CreateStage (without ApiId). */
export interface CreateStageMembers {
  StageName: string;
  Description?: string;
  AutoDeploy?: boolean;
  StageVariables?: Record<string, string>;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  DefaultRouteSettings?: RouteSettingsMembers;
  RouteSettings?: Record<string, RouteSettingsMembers>;
  ClientCertificateId?: string;
  Tags: Tags;
}

/** UpdateStage (without ApiId, StageName). */
export type UpdateStageMembers = Omit<CreateStageMembers, 'StageName' | 'Tags'>;

/** CreateVpcLink. */
export interface VpcLinkMembers {
  Name: string;
  SubnetIds: string[];
  SecurityGroupIds?: string[];
  Tags: Tags;
}

/** CreateDomainName (UpdateDomainName: without Tags). */
export interface DomainMembers {
  DomainName: string;
  DomainNameConfigurations: Array<{
    CertificateArn?: string;
    EndpointType?: 'REGIONAL';
    SecurityPolicy?: 'TLS_1_2' | 'TLS_1_0';
    OwnershipVerificationCertificateArn?: string;
    IpAddressType?: 'ipv4' | 'dualstack';
  }>;
  MutualTlsAuthentication?: { TruststoreUri?: string; TruststoreVersion?: string };
  Tags?: Tags;
}

/** CreateApiMapping and UpdateApiMapping (without DomainName, ApiMappingId). */
export interface MappingMembers {
  ApiId: string;
  Stage: string;
  ApiMappingKey?: string;
}

/** A reference to a resource that does not exist (its create failed): the change that needs it cannot be made. */
export class MissingRefError extends Error {
  constructor(kind: string, name: string) {
    super(`${kind} ${name} does not exist: it was not created`);
    this.name = 'MissingRefError';
  }
}

function missingRef(kind: string, name: string): Error {
  return new MissingRefError(kind, name);
}

// ---- API -------------------------------------------------------------------------------------------------------

function corsInput(a: ApiSettings): CorsMembers | undefined {
  const c = a.cors;
  if (!c) return undefined;
  return prune({
    AllowOrigins: c.allowOrigins,
    AllowMethods: c.allowMethods,
    AllowHeaders: c.allowHeaders,
    ExposeHeaders: c.exposeHeaders,
    AllowCredentials: c.allowCredentials,
    MaxAge: c.maxAge,
  });
}

export function createApiInput(a: ApiSettings): CreateApiMembers {
  const ws = a.protocol === 'WEBSOCKET';
  return prune({
    Name: a.name,
    ProtocolType: a.protocol,
    Description: a.description,
    RouteSelectionExpression: ws ? a.routeSelectionExpression : undefined,
    ApiKeySelectionExpression: ws ? a.apiKeySelectionExpression : undefined,
    DisableExecuteApiEndpoint: a.disableExecuteApiEndpoint,
    IpAddressType: a.ipAddressType,
    CorsConfiguration: corsInput(a),
    Version: a.version,
    Tags: { ...a.tags, [SPEC_TAG]: a.name },
  });
}

/** UpdateApi members; CORS removal is a separate call (DeleteCorsConfiguration). */
export function updateApiInput(a: ApiSettings): UpdateApiMembers {
  const { ProtocolType: _p, Tags: _t, ...rest } = createApiInput(a);
  return { ...rest, Description: a.description ?? '' };
}

// ---- integrations, authorizers, routes -------------------------------------------------------------------------

export function integrationInput(
  name: string,
  i: CanonicalIntegration,
  refs: Refs,
  live?: CanonicalIntegration,
): IntegrationMembers {
  let connectionId: string | undefined;
  if (i.vpcLink) {
    connectionId = refs.vpcLink(i.vpcLink);
    if (!connectionId) throw missingRef('VPC link', i.vpcLink);
  }
  const cleared = <V>(field: keyof CanonicalIntegration, empty: V): V | undefined =>
    live && live[field] !== undefined && i[field] === undefined ? empty : undefined;
  return prune({
    IntegrationType: i.type,
    Description: describeIntegration(name, i.description),
    IntegrationUri: i.uri ?? cleared('uri', ''),
    IntegrationSubtype: i.subtype,
    PayloadFormatVersion: i.payloadFormatVersion,
    IntegrationMethod: i.method,
    ConnectionType: i.vpcLink ? 'VPC_LINK' : 'INTERNET',
    ConnectionId: connectionId,
    TlsConfig: i.tlsServerName ? { ServerNameToVerify: i.tlsServerName } : cleared('tlsServerName', {}),
    CredentialsArn: i.credentialsArn ?? cleared('credentialsArn', ''),
    RequestParameters: i.requestParameters ?? cleared('requestParameters', {}),
    ResponseParameters: i.responseParameters ?? cleared('responseParameters', {}),
    RequestTemplates: i.requestTemplates ?? cleared('requestTemplates', {}),
    TemplateSelectionExpression: i.templateSelectionExpression ?? cleared('templateSelectionExpression', ''),
    ContentHandlingStrategy: i.contentHandling,
    PassthroughBehavior: i.passthroughBehavior,
    TimeoutInMillis: i.timeoutMs,
  });
}

export function authorizerInput(name: string, a: Authorizer, live?: Authorizer): AuthorizerMembers {
  return prune({
    Name: name,
    AuthorizerType: a.type,
    IdentitySource: a.identitySources ?? [],
    JwtConfiguration: a.jwt ? { Issuer: a.jwt.issuer, Audience: a.jwt.audience } : undefined,
    AuthorizerUri: a.uri,
    AuthorizerPayloadFormatVersion: a.payloadFormatVersion,
    EnableSimpleResponses: a.enableSimpleResponses,
    AuthorizerResultTtlInSeconds: a.resultTtlSeconds,
    AuthorizerCredentialsArn: a.credentialsArn ?? (live?.credentialsArn ? '' : undefined),
  });
}

export function routeInput(key: string, r: CanonicalRoute, refs: Refs, live?: CanonicalRoute): RouteMembers {
  let target: string | undefined;
  if (r.integration) {
    const id = refs.integration(r.integration);
    if (!id) throw missingRef('Integration', r.integration);
    target = `integrations/${id}`;
  }
  let authorizerId: string | undefined;
  if (r.authorizer) {
    authorizerId = refs.authorizer(r.authorizer);
    if (!authorizerId) throw missingRef('Authorizer', r.authorizer);
  }
  const cleared = <V>(field: keyof CanonicalRoute, empty: V): V | undefined =>
    live && live[field] !== undefined && r[field] === undefined ? empty : undefined;
  return prune({
    RouteKey: key,
    Target: target,
    AuthorizationType: r.authorizationType,
    AuthorizerId: authorizerId,
    AuthorizationScopes: r.authorizationScopes ?? cleared('authorizationScopes', []),
    ApiKeyRequired: r.apiKeyRequired,
    OperationName: r.operationName ?? cleared('operationName', ''),
    RouteResponseSelectionExpression:
      r.routeResponseSelectionExpression ?? cleared('routeResponseSelectionExpression', ''),
    RequestParameters: r.requestParameters ? requirementMembers(r.requestParameters) : cleared('requestParameters', {}),
    ModelSelectionExpression: r.modelSelectionExpression ?? cleared('modelSelectionExpression', ''),
    RequestModels: r.requestModels ?? cleared('requestModels', {}),
  });
}

function requirementMembers(p: Record<string, { required: boolean }>): Record<string, { Required?: boolean }> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { Required: v.required }]));
}

export function routeResponseInput(key: string, r: RouteResponse): RouteResponseMembers {
  return prune({
    RouteResponseKey: key,
    ModelSelectionExpression: r.modelSelectionExpression,
    ResponseModels: r.responseModels,
    ResponseParameters: r.responseParameters && requirementMembers(r.responseParameters),
  });
}

export function integrationResponseInput(key: string, r: IntegrationResponse): IntegrationResponseMembers {
  return prune({
    IntegrationResponseKey: key,
    TemplateSelectionExpression: r.templateSelectionExpression,
    ResponseTemplates: r.responseTemplates,
    ResponseParameters: r.responseParameters,
    ContentHandlingStrategy: r.contentHandling,
  });
}

/** AWS stores a model's schema as JSON text. */
export function modelInput(name: string, m: CanonicalModel): ModelMembers {
  return prune({
    Name: name,
    ContentType: m.contentType,
    Description: m.description ?? '',
    Schema: typeof m.schema === 'string' ? m.schema : JSON.stringify(m.schema),
  });
}

// ---- stages ----------------------------------------------------------------------------------------------------

function throttlingInput(t: Throttling | undefined): RouteSettingsMembers {
  return prune({ ThrottlingBurstLimit: t?.burstLimit, ThrottlingRateLimit: t?.rateLimit });
}

function routeSettingsInput(s: RouteSettings): RouteSettingsMembers {
  return prune({
    ...throttlingInput(s.throttling),
    DetailedMetricsEnabled: s.detailedMetrics,
    LoggingLevel: s.loggingLevel,
    DataTraceEnabled: s.dataTraceEnabled,
  });
}

export function stageTags(s: CanonicalStage): Tags {
  return { ...s.tags, ...(s.protected ? { [PROTECTED_TAG]: 'true' } : {}) };
}

function defaultRouteSettings(protocol: Protocol, s: CanonicalStage): RouteSettingsMembers {
  const ws = protocol === 'WEBSOCKET';
  return prune({
    ...throttlingInput(s.throttling),
    DetailedMetricsEnabled: s.detailedMetrics,
    LoggingLevel: ws ? s.loggingLevel : undefined,
    DataTraceEnabled: ws ? s.dataTraceEnabled : undefined,
  });
}

export function createStageInput(name: string, protocol: Protocol, s: CanonicalStage): CreateStageMembers {
  return prune({
    StageName: name,
    Description: s.description,
    AutoDeploy: s.autoDeploy,
    StageVariables: s.variables,
    AccessLogSettings: s.accessLog
      ? { DestinationArn: s.accessLog.destinationArn, Format: s.accessLog.format }
      : undefined,
    ClientCertificateId: s.clientCertificateId,
    DefaultRouteSettings: defaultRouteSettings(protocol, s),
    RouteSettings: s.routeSettings
      ? Object.fromEntries(Object.entries(s.routeSettings).map(([k, v]) => [k, routeSettingsInput(v)]))
      : undefined,
    Tags: stageTags(s),
  });
}

export interface StageUpdate {
  input: UpdateStageMembers;
  /** Route settings AWS keeps until each is deleted (DeleteRouteSettings). */
  deleteRouteSettings: string[];
  /** The access log settings go (DeleteAccessLogSettings). */
  deleteAccessLog: boolean;
}

export function updateStageInput(protocol: Protocol, s: CanonicalStage, live: CanonicalStage): StageUpdate {
  const { StageName: _n, Tags: _t, ...input } = createStageInput('', protocol, s);
  // Stage variables merge in AWS: an empty value removes one.
  const removedVars = Object.keys(live.variables ?? {}).filter((k) => !(k in (s.variables ?? {})));
  if (removedVars.length)
    input.StageVariables = { ...s.variables, ...Object.fromEntries(removedVars.map((k) => [k, ''])) };
  input.Description = s.description ?? '';
  if (live.clientCertificateId && !s.clientCertificateId) input.ClientCertificateId = '';
  return {
    input,
    deleteRouteSettings: Object.keys(live.routeSettings ?? {}).filter((k) => !(k in (s.routeSettings ?? {}))),
    deleteAccessLog: Boolean(live.accessLog && !s.accessLog),
  };
}

// ---- account-level: VPC links, domains; API mappings -----------------------------------------------------------

export function vpcLinkInput(name: string, l: VpcLink, specName: string): VpcLinkMembers {
  return prune({
    Name: name,
    SubnetIds: l.subnetIds,
    SecurityGroupIds: l.securityGroupIds ?? [],
    Tags: { ...l.tags, [SPEC_TAG]: specName },
  });
}

export function domainInput(name: string, d: CanonicalDomain, specName?: string): DomainMembers {
  return prune({
    DomainName: name,
    DomainNameConfigurations: [
      prune({
        CertificateArn: d.certificateArn,
        EndpointType: d.endpointType,
        SecurityPolicy: d.securityPolicy,
        OwnershipVerificationCertificateArn: d.ownershipVerificationCertificateArn,
        IpAddressType: d.ipAddressType,
      }),
    ],
    MutualTlsAuthentication: d.mutualTls
      ? prune({ TruststoreUri: d.mutualTls.truststoreUri, TruststoreVersion: d.mutualTls.truststoreVersion })
      : undefined,
    ...(specName ? { Tags: { ...d.tags, [SPEC_TAG]: specName } } : {}),
  });
}

/** Tag calls that turn `live` into `want` without touching tags the workbench or AWS own (apart from `managed`). */
export function tagChanges(
  live: Tags | undefined,
  want: Tags | undefined,
  managed: string[] = [],
): { set: Tags; remove: string[] } {
  const set: Tags = {};
  for (const [k, v] of Object.entries(want ?? {})) if (live?.[k] !== v) set[k] = v;
  const remove = Object.keys(live ?? {}).filter(
    (k) => !(k in (want ?? {})) && (!/^(apigw:|aws:)/.test(k) || managed.includes(k)),
  );
  return { set, remove };
}

/**
 * A stage's tags (as AWS holds them: its own and the history) once deploy has synced its own tags from `live` to
 * `want` (undefined `live`: the stage is new). The history it holds is left as it is (see `historyGivingWay()`).
 */
export function syncedStageTags(raw: Tags | undefined, live: CanonicalStage | undefined, want: CanonicalStage): Tags {
  const t = tagChanges(live ? stageTags(live) : {}, stageTags(want), [PROTECTED_TAG]);
  const out: Tags = { ...raw, ...t.set };
  for (const k of t.remove) delete out[k];
  return out;
}
