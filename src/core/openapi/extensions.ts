// The API Gateway extensions to OpenAPI and their fields, as AWS's developer guide lists them ("Working with API
// Gateway extensions to OpenAPI"; each page is cited in docs/OPENAPI.md). Fields the import reads for HTTP APIs are
// "known"; fields that configure REST APIs only are listed so that the import can say they were ignored.

export const EXT = {
  integration: 'x-amazon-apigateway-integration',
  integrations: 'x-amazon-apigateway-integrations',
  authorizer: 'x-amazon-apigateway-authorizer',
  authtype: 'x-amazon-apigateway-authtype',
  auth: 'x-amazon-apigateway-auth',
  cors: 'x-amazon-apigateway-cors',
  anyMethod: 'x-amazon-apigateway-any-method',
  endpointConfiguration: 'x-amazon-apigateway-endpoint-configuration',
  importExportVersion: 'x-amazon-apigateway-importexport-version',
  tagValue: 'x-amazon-apigateway-tag-value',
} as const;

/** The only import/export algorithm version AWS has ("x-amazon-apigateway-importexport-version"). */
export const IMPORT_EXPORT_VERSION = '1.0';

/** Root-level extensions that configure REST APIs only: what each would have done. */
export const REST_ONLY_ROOT: Record<string, string> = {
  'x-amazon-apigateway-api-key-source': 'the API key source of usage plans',
  'x-amazon-apigateway-binary-media-types': 'binary media types (HTTP APIs pass bodies through)',
  'x-amazon-apigateway-documentation': 'documentation parts',
  'x-amazon-apigateway-endpoint-access-mode': 'the endpoint access mode (HTTP APIs set TLS on custom domains)',
  'x-amazon-apigateway-gateway-responses': 'gateway responses',
  'x-amazon-apigateway-minimum-compression-size': 'response compression',
  'x-amazon-apigateway-policy': 'a resource policy',
  'x-amazon-apigateway-request-validators': 'request validators',
  'x-amazon-apigateway-request-validator': 'request validation',
  'x-amazon-apigateway-security-policy': 'the TLS security policy (HTTP APIs set it on custom domains)',
};

/** Operation-level extensions that configure REST APIs only. */
export const REST_ONLY_OPERATION: Record<string, string> = {
  'x-amazon-apigateway-request-validator': 'request validation',
};

/** x-amazon-apigateway-integration fields an HTTP API integration has. */
export const INTEGRATION_FIELDS = [
  'type',
  'uri',
  'httpMethod',
  'payloadFormatVersion',
  'connectionType',
  'connectionId',
  'credentials',
  'integrationSubtype',
  'requestParameters',
  'responseParameters',
  'timeoutInMillis',
  'tlsConfig',
  'description',
];

/** x-amazon-apigateway-integration fields of REST (and WebSocket) integrations: ignored, with a word why. */
export const INTEGRATION_REST_ONLY: Record<string, { what: string; severity: 'warning' | 'info' }> = {
  requestTemplates: { what: 'mapping templates', severity: 'warning' },
  responses: { what: 'integration responses', severity: 'warning' },
  cacheKeyParameters: { what: 'caching', severity: 'warning' },
  cacheNamespace: { what: 'caching', severity: 'warning' },
  passthroughBehavior: { what: 'template passthrough', severity: 'info' },
  contentHandling: { what: 'payload conversion', severity: 'info' },
};

/** x-amazon-apigateway-authorizer fields of HTTP API authorizers. */
export const AUTHORIZER_FIELDS = [
  'type',
  'identitySource',
  'jwtConfiguration',
  'authorizerUri',
  'authorizerCredentials',
  'authorizerPayloadFormatVersion',
  'authorizerResultTtlInSeconds',
  'enableSimpleResponses',
];

export const CORS_FIELDS = [
  'allowOrigins',
  'allowCredentials',
  'exposeHeaders',
  'maxAge',
  'allowMethods',
  'allowHeaders',
];

/** OpenAPI operation keys of a path item, and the HTTP API route method each becomes. */
export const OPERATION_METHODS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  [EXT.anyMethod]: 'ANY',
};
