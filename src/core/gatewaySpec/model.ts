// The typed model of a gateway spec (format version 1): what schemas/gateway-spec.schema.json describes, as
// TypeScript. docs/SPEC.md explains every field. Deploy reads these types; the defaults that AWS or the workbench
// applies to an omitted field are given by the helpers at the end, so every reader applies the same ones.

export type Protocol = 'HTTP' | 'WEBSOCKET';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';
export type PayloadFormatVersion = '1.0' | '2.0';
export type Tags = Record<string, string>;

export interface GatewaySpec {
  $schema?: string;
  /** Format version: 1. */
  version: 1;
  api: ApiSettings;
  /** Keyed by integration name. */
  integrations?: Record<string, Integration>;
  /** Keyed by authorizer name. */
  authorizers?: Record<string, Authorizer>;
  /** Keyed by route key (`GET /items/{id}`, `$default`, `$connect`, `sendMessage`). */
  routes?: Record<string, Route>;
  /** Keyed by stage name. */
  stages?: Record<string, Stage>;
  /** Keyed by VPC link name. */
  vpcLinks?: Record<string, VpcLink>;
  /** Keyed by domain name. */
  domains?: Record<string, Domain>;
  /** WebSocket: request and response models (JSON schemas), keyed by model name. */
  models?: Record<string, Model>;
}

export interface ApiSettings {
  name: string;
  protocol: Protocol;
  description?: string;
  /** AWS `Version`: the API's own version label (OpenAPI `info.version`). */
  version?: string;
  /** WebSocket; HTTP APIs only accept `${request.method} ${request.path}`. */
  routeSelectionExpression?: string;
  /** WebSocket only. */
  apiKeySelectionExpression?: '$request.header.x-api-key' | '$context.authorizer.usageIdentifierKey';
  disableExecuteApiEndpoint?: boolean;
  ipAddressType?: 'ipv4' | 'dualstack';
  /** HTTP only. */
  cors?: Cors;
  tags?: Tags;
}

export interface Cors {
  allowOrigins?: string[];
  allowMethods?: Array<HttpMethod | '*'>;
  allowHeaders?: string[];
  exposeHeaders?: string[];
  allowCredentials?: boolean;
  maxAge?: number;
}

export type IntegrationType = 'AWS_PROXY' | 'HTTP_PROXY' | 'AWS' | 'HTTP' | 'MOCK';

export type IntegrationSubtype =
  | 'SQS-SendMessage'
  | 'SQS-ReceiveMessage'
  | 'SQS-DeleteMessage'
  | 'SQS-PurgeQueue'
  | 'StepFunctions-StartExecution'
  | 'StepFunctions-StartSyncExecution'
  | 'StepFunctions-StopExecution'
  | 'EventBridge-PutEvents'
  | 'Kinesis-PutRecord'
  | 'AppConfig-GetConfiguration';

export interface Integration {
  type: IntegrationType;
  description?: string;
  /** Lambda function ARN (or invocations URI), URL, or — with `vpcLink` — listener / Cloud Map service ARN. */
  uri?: string;
  subtype?: IntegrationSubtype;
  payloadFormatVersion?: PayloadFormatVersion;
  /** AWS `IntegrationMethod`. */
  method?: HttpMethod;
  /** Name of an entry in `vpcLinks`; implies `ConnectionType: VPC_LINK`. */
  vpcLink?: string;
  /** AWS `TlsConfig.ServerNameToVerify`. */
  tlsServerName?: string;
  credentialsArn?: string;
  requestParameters?: Record<string, string>;
  /** HTTP: status code → (mapping → value). */
  responseParameters?: Record<string, Record<string, string>>;
  /** WebSocket. */
  requestTemplates?: Record<string, string>;
  templateSelectionExpression?: string;
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'NEVER' | 'WHEN_NO_TEMPLATES';
  /** AWS `TimeoutInMillis`. */
  timeoutMs?: number;
  /** WebSocket AWS, HTTP and MOCK integrations: integration responses keyed by `IntegrationResponseKey`. */
  responses?: Record<string, IntegrationResponse>;
}

/** AWS `IntegrationResponse` (WebSocket, non-proxy integrations). */
export interface IntegrationResponse {
  templateSelectionExpression?: string;
  responseTemplates?: Record<string, string>;
  /** `method.response.header.NAME` → `integration.response.header.NAME`, a body expression or a 'static' value. */
  responseParameters?: Record<string, string>;
  /** AWS `ContentHandlingStrategy`. */
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
}

/** AWS `Model`: a JSON schema (draft 4) API Gateway validates WebSocket messages against. */
export interface Model {
  /** Default `application/json`. */
  contentType?: string;
  description?: string;
  /** The JSON schema, as an object or as the JSON text AWS stores. */
  schema: Record<string, unknown> | string;
}

/** AWS `RouteResponse` (WebSocket): only the `$default` key exists. */
export interface RouteResponse {
  modelSelectionExpression?: string;
  /** Selection key → model name (under `models`). */
  responseModels?: Record<string, string>;
  responseParameters?: Record<string, { required: boolean }>;
}

export interface Authorizer {
  type: 'JWT' | 'REQUEST';
  identitySources?: string[];
  jwt?: { issuer: string; audience: string[] };
  /** REQUEST: Lambda function ARN or invocations URI (AWS `AuthorizerUri`). */
  uri?: string;
  payloadFormatVersion?: PayloadFormatVersion;
  enableSimpleResponses?: boolean;
  /** AWS `AuthorizerResultTtlInSeconds`. */
  resultTtlSeconds?: number;
  /** AWS `AuthorizerCredentialsArn`. */
  credentialsArn?: string;
}

export type AuthorizationType = 'NONE' | 'JWT' | 'CUSTOM' | 'AWS_IAM';

export interface Throttling {
  burstLimit?: number;
  rateLimit?: number;
}

export interface Route {
  /** Name of an entry in `integrations` (AWS `Target: integrations/ID`). */
  integration?: string;
  /** Name of an entry in `authorizers`. */
  authorizer?: string;
  authorizationType?: AuthorizationType;
  authorizationScopes?: string[];
  /** WebSocket only. */
  apiKeyRequired?: boolean;
  operationName?: string;
  /** Applied as this route's settings in every stage, unless the stage's `routeSettings` say otherwise. */
  throttling?: Throttling;
  /** WebSocket only. */
  routeResponseSelectionExpression?: string;
  /** WebSocket only. */
  requestParameters?: Record<string, { required: boolean }>;
  /** WebSocket only: selects the key of `requestModels`. */
  modelSelectionExpression?: string;
  /** WebSocket only: selection key → model name (under `models`). */
  requestModels?: Record<string, string>;
  /** WebSocket only: route responses keyed by `RouteResponseKey` (`$default`). */
  routeResponses?: Record<string, RouteResponse>;
}

export interface RouteSettings {
  throttling?: Throttling;
  detailedMetrics?: boolean;
  /** WebSocket only. */
  loggingLevel?: 'OFF' | 'ERROR' | 'INFO';
  /** WebSocket only. */
  dataTraceEnabled?: boolean;
}

export interface Stage {
  /** Workbench only: deploy, promote and rollback ask for the stage name to be typed. Never sent to AWS. */
  protected?: boolean;
  description?: string;
  autoDeploy?: boolean;
  variables?: Record<string, string>;
  accessLog?: { destinationArn: string; format: string };
  /** Default route throttling of the stage. */
  throttling?: Throttling;
  detailedMetrics?: boolean;
  /** WebSocket only. */
  loggingLevel?: 'OFF' | 'ERROR' | 'INFO';
  /** WebSocket only. */
  dataTraceEnabled?: boolean;
  /** Keyed by route key. */
  routeSettings?: Record<string, RouteSettings>;
  /** WebSocket only: AWS `ClientCertificateId` (a client certificate made with API Gateway's REST API). */
  clientCertificateId?: string;
  tags?: Tags;
}

export interface VpcLink {
  subnetIds: string[];
  securityGroupIds?: string[];
  tags?: Tags;
}

export interface Domain {
  certificateArn: string;
  endpointType?: 'REGIONAL';
  securityPolicy?: 'TLS_1_2' | 'TLS_1_0';
  ownershipVerificationCertificateArn?: string;
  /** `DomainNameConfiguration.IpAddressType`; default `ipv4`. */
  ipAddressType?: 'ipv4' | 'dualstack';
  mutualTls?: { truststoreUri: string; truststoreVersion?: string };
  mappings?: DomainMapping[];
  tags?: Tags;
}

/** An API mapping of a domain: a stage of this spec's API, or (with `api`) of another API. */
export interface DomainMapping {
  stage: string;
  path?: string;
  /** Another API, by id or name: the mapping then points at a stage of that API, not of this spec's. */
  api?: string;
}

// ---- defaults every reader applies the same way ----

/** WebSocket default route selection expression; the only one HTTP APIs accept. */
export const DEFAULT_WEBSOCKET_ROUTE_SELECTION = '$request.body.action';
export const HTTP_ROUTE_SELECTION = '${request.method} ${request.path}';

/** The route selection expression the API gets. */
export function routeSelectionExpression(spec: GatewaySpec): string {
  return (
    spec.api.routeSelectionExpression ??
    (spec.api.protocol === 'WEBSOCKET' ? DEFAULT_WEBSOCKET_ROUTE_SELECTION : HTTP_ROUTE_SELECTION)
  );
}

/** A route's authorization type: as written, else implied by its authorizer (JWT → JWT, REQUEST → CUSTOM), else NONE. */
export function authorizationType(spec: GatewaySpec, route: Route): AuthorizationType {
  if (route.authorizationType) return route.authorizationType;
  const authorizer = route.authorizer ? spec.authorizers?.[route.authorizer] : undefined;
  if (authorizer?.type === 'JWT') return 'JWT';
  if (authorizer?.type === 'REQUEST') return 'CUSTOM';
  return 'NONE';
}

/** An integration's payload format: as written, else 2.0 for Lambda proxy on HTTP APIs and 1.0 everywhere else. */
export function payloadFormatVersion(spec: GatewaySpec, integration: Integration): PayloadFormatVersion {
  if (integration.payloadFormatVersion) return integration.payloadFormatVersion;
  return spec.api.protocol === 'HTTP' && integration.type === 'AWS_PROXY' && !integration.subtype ? '2.0' : '1.0';
}

/** An integration's method: as written, else ANY for HTTP proxies and POST for Lambda (what AWS requires). */
export function integrationMethod(integration: Integration): HttpMethod | undefined {
  if (integration.method) return integration.method;
  if (integration.type === 'HTTP_PROXY' || integration.type === 'HTTP') return 'ANY';
  if (integration.type === 'AWS_PROXY' && !integration.subtype) return 'POST';
  return undefined;
}

/** A REQUEST authorizer's payload format on an HTTP API: as written, else 2.0. WebSocket authorizers have none. */
export function authorizerPayloadFormatVersion(
  spec: GatewaySpec,
  authorizer: Authorizer,
): PayloadFormatVersion | undefined {
  if (spec.api.protocol !== 'HTTP' || authorizer.type !== 'REQUEST') return undefined;
  return authorizer.payloadFormatVersion ?? '2.0';
}

/** A JWT authorizer's identity sources: as written, else the Authorization header. */
export function identitySources(authorizer: Authorizer): string[] {
  if (authorizer.identitySources) return authorizer.identitySources;
  return authorizer.type === 'JWT' ? ['$request.header.Authorization'] : [];
}

/** AWS's maximum integration timeout for the protocol, in ms (also the default). */
export function maxIntegrationTimeoutMs(protocol: Protocol): number {
  return protocol === 'WEBSOCKET' ? 29_000 : 30_000;
}

/**
 * The Lambda `invocations` URI AWS wants in `IntegrationUri` / `AuthorizerUri` for a function ARN; an
 * invocations URI (or anything else) is returned as it is.
 */
export function lambdaInvocationUri(uri: string, region: string): string {
  if (!/^arn:aws[a-z-]*:lambda:/.test(uri)) return uri;
  const partition = uri.split(':')[1];
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${uri}/invocations`;
}

export interface AwsContext {
  region: string;
  accountId: string;
}

/** The account and region the local API pretends to be (unless told others), and that checks resolve with. */
export const LOCAL_AWS: Readonly<AwsContext> = { region: 'us-east-1', accountId: '123456789012' };

const AWS_VARIABLE = /\$\{aws:(region|accountId)\}/g;

/** Replaces `${aws:region}` and `${aws:accountId}` in one string; `${stageVariables.x}` stays as API Gateway expects. */
export function resolveAwsVariables(text: string, ctx: AwsContext): string {
  return text.replace(AWS_VARIABLE, (_, name: string) => (name === 'region' ? ctx.region : ctx.accountId));
}

/** A deep copy of the spec with `${aws:region}` / `${aws:accountId}` resolved in every string value. */
export function resolveSpec(spec: GatewaySpec, ctx: AwsContext): GatewaySpec {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return resolveAwsVariables(v, ctx);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(spec) as GatewaySpec;
}
