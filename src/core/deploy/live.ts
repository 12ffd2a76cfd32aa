// What deploy reads from AWS: the members of the API Gateway v2 output shapes it compares, named as the SDK names
// them, so an SDK `Route` or `Stage` is a `LiveRoute` or `LiveStage` without conversion. The core stays free of the
// SDK itself.

export type Tags = Record<string, string>;

export interface LiveCors {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  AllowCredentials?: boolean;
  MaxAge?: number;
}

export interface LiveApi {
  ApiId?: string;
  Name?: string;
  ProtocolType?: string;
  ApiEndpoint?: string;
  Description?: string;
  RouteSelectionExpression?: string;
  ApiKeySelectionExpression?: string;
  DisableExecuteApiEndpoint?: boolean;
  /** WebSocket: no model validation at deployment. Not in the spec format: pull says so. */
  DisableSchemaValidation?: boolean;
  IpAddressType?: string;
  CorsConfiguration?: LiveCors;
  Version?: string;
  Tags?: Tags;
}

export interface LiveIntegration {
  IntegrationId?: string;
  IntegrationType?: string;
  Description?: string;
  IntegrationUri?: string;
  IntegrationSubtype?: string;
  PayloadFormatVersion?: string;
  IntegrationMethod?: string;
  ConnectionType?: string;
  ConnectionId?: string;
  TlsConfig?: { ServerNameToVerify?: string };
  CredentialsArn?: string;
  RequestParameters?: Record<string, string>;
  ResponseParameters?: Record<string, Record<string, string>>;
  RequestTemplates?: Record<string, string>;
  TemplateSelectionExpression?: string;
  ContentHandlingStrategy?: string;
  PassthroughBehavior?: string;
  TimeoutInMillis?: number;
  ApiGatewayManaged?: boolean;
}

export interface LiveIntegrationResponse {
  IntegrationResponseId?: string;
  IntegrationResponseKey?: string;
  TemplateSelectionExpression?: string;
  ResponseTemplates?: Record<string, string>;
  ResponseParameters?: Record<string, string>;
  ContentHandlingStrategy?: string;
}

export interface LiveModel {
  ModelId?: string;
  Name?: string;
  ContentType?: string;
  Description?: string;
  Schema?: string;
}

export interface LiveAuthorizer {
  AuthorizerId?: string;
  Name?: string;
  AuthorizerType?: string;
  IdentitySource?: string[];
  JwtConfiguration?: { Issuer?: string; Audience?: string[] };
  AuthorizerUri?: string;
  AuthorizerPayloadFormatVersion?: string;
  EnableSimpleResponses?: boolean;
  AuthorizerResultTtlInSeconds?: number;
  AuthorizerCredentialsArn?: string;
}

export interface LiveRoute {
  RouteId?: string;
  RouteKey?: string;
  Target?: string;
  AuthorizationType?: string;
  AuthorizerId?: string;
  AuthorizationScopes?: string[];
  ApiKeyRequired?: boolean;
  OperationName?: string;
  RouteResponseSelectionExpression?: string;
  RequestParameters?: Record<string, { Required?: boolean }>;
  ModelSelectionExpression?: string;
  RequestModels?: Record<string, string>;
  ApiGatewayManaged?: boolean;
}

export interface LiveRouteResponse {
  RouteResponseId?: string;
  RouteResponseKey?: string;
  ModelSelectionExpression?: string;
  ResponseModels?: Record<string, string>;
  ResponseParameters?: Record<string, { Required?: boolean }>;
}

export interface LiveRouteSettings {
  DataTraceEnabled?: boolean;
  DetailedMetricsEnabled?: boolean;
  LoggingLevel?: string;
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
}

export interface LiveStage {
  StageName?: string;
  Description?: string;
  AutoDeploy?: boolean;
  DeploymentId?: string;
  StageVariables?: Record<string, string>;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  DefaultRouteSettings?: LiveRouteSettings;
  RouteSettings?: Record<string, LiveRouteSettings>;
  ClientCertificateId?: string;
  Tags?: Tags;
  ApiGatewayManaged?: boolean;
}

export interface LiveVpcLink {
  VpcLinkId?: string;
  Name?: string;
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
  VpcLinkStatus?: string;
  Tags?: Tags;
}

export interface LiveDomain {
  DomainName?: string;
  DomainNameConfigurations?: Array<{
    CertificateArn?: string;
    EndpointType?: string;
    SecurityPolicy?: string;
    OwnershipVerificationCertificateArn?: string;
    IpAddressType?: string;
  }>;
  MutualTlsAuthentication?: { TruststoreUri?: string; TruststoreVersion?: string };
  /** API_MAPPING_ONLY (the default), or routing rules first or only. Not in the spec format: pull says so. */
  RoutingMode?: string;
  Tags?: Tags;
}

export interface LiveMapping {
  ApiMappingId?: string;
  ApiId?: string;
  ApiMappingKey?: string;
  Stage?: string;
}

export interface LiveDeployment {
  DeploymentId?: string;
  Description?: string;
}

/** One API as deploy read it, with list calls only (and one GetDeployment when the target stage needs it). */
export interface LiveSnapshot {
  /** Undefined: the API does not exist yet. */
  api?: LiveApi;
  routes: LiveRoute[];
  integrations: LiveIntegration[];
  authorizers: LiveAuthorizer[];
  stages: LiveStage[];
  /**
   * Route responses by route id, read for the WebSocket routes that have a route response selection expression or
   * that the spec gives route responses (every WebSocket route for pull); a route absent here was not read.
   */
  routeResponses: Record<string, LiveRouteResponse[]>;
  /** Integration responses by integration id, read for WebSocket AWS, HTTP and MOCK integrations (the others have none). */
  integrationResponses: Record<string, LiveIntegrationResponse[]>;
  /** WebSocket APIs: the API's models. */
  models: LiveModel[];
  /** The account's VPC links in the region; read only when the spec or a live integration uses one. */
  vpcLinks: LiveVpcLink[];
  /** The custom domains the spec names that exist. */
  domains: LiveDomain[];
  /** API mappings by domain name (every API's: a path taken by another API is a conflict). */
  mappings: Record<string, LiveMapping[]>;
  /**
   * Deployments read by id: the one the target stage runs when its history does not record it (was it made by a
   * deploy of this content that stopped before recording it?).
   */
  deployments?: Record<string, LiveDeployment>;
}

export function emptySnapshot(): LiveSnapshot {
  return {
    routes: [],
    integrations: [],
    authorizers: [],
    stages: [],
    routeResponses: {},
    integrationResponses: {},
    models: [],
    vpcLinks: [],
    domains: [],
    mappings: {},
  };
}
