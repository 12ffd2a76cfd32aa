// The `$context` variables an access log format may use, as AWS's pages list and describe them: "Customize HTTP API
// access logs" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html) and
// the WebSocket API logging page (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html).
// `authorizer.…` is open: a Lambda authorizer's context keys and a JWT's claims are the user's own names.
import type { Protocol } from './model';

/** What both protocols' pages list of the caller's identity and the integration. */
const IDENTITY_AND_INTEGRATION = [
  'identity.accountId',
  'identity.caller',
  'identity.cognitoAuthenticationProvider',
  'identity.cognitoAuthenticationType',
  'identity.cognitoIdentityId',
  'identity.cognitoIdentityPoolId',
  'identity.principalOrgId',
  'identity.sourceIp',
  'identity.user',
  'identity.userAgent',
  'identity.userArn',
  'integration.error',
  'integration.integrationStatus',
  'integration.latency',
  'integration.requestId',
  'integration.status',
];

const HTTP = [
  ...IDENTITY_AND_INTEGRATION,
  'accountId',
  'apiId',
  'authorizer.error',
  'authorizer.principalId',
  'awsEndpointRequestId',
  'awsEndpointRequestId2',
  'customDomain.basePathMatched',
  'dataProcessed',
  'domainName',
  'domainPrefix',
  'error.message',
  'error.messageString',
  'error.responseType',
  'extendedRequestId',
  'httpMethod',
  'identity.clientCert.clientCertPem',
  'identity.clientCert.subjectDN',
  'identity.clientCert.issuerDN',
  'identity.clientCert.serialNumber',
  'identity.clientCert.validity.notBefore',
  'identity.clientCert.validity.notAfter',
  'integrationErrorMessage',
  'integrationLatency',
  'integrationStatus',
  'path',
  'protocol',
  'requestId',
  'requestTime',
  'requestTimeEpoch',
  'responseLatency',
  'responseLength',
  'routeKey',
  'stage',
  'status',
];

const WEBSOCKET = [
  ...IDENTITY_AND_INTEGRATION,
  'apiId',
  'authorize.error',
  'authorize.latency',
  'authorize.status',
  'authenticate.error',
  'authenticate.latency',
  'authenticate.status',
  'authorizer.error',
  'authorizer.integrationLatency',
  'authorizer.integrationStatus',
  'authorizer.latency',
  'authorizer.principalId',
  'authorizer.requestId',
  'authorizer.status',
  'connectedAt',
  'connectionId',
  'domainName',
  'error.message',
  'error.messageString',
  'error.responseType',
  'error.validationErrorString',
  'eventType',
  'extendedRequestId',
  'identity.apiKey',
  'identity.apiKeyId',
  'integrationLatency',
  'messageId',
  'requestId',
  'requestTime',
  'requestTimeEpoch',
  'routeKey',
  'stage',
  'status',
  'waf.error',
  'waf.latency',
  'waf.status',
];

/** AWS's description of each variable of the HTTP API page (first sentence, links as text). */
const HTTP_DOCS: Readonly<Record<string, string>> = {
  accountId: "The API owner's AWS account ID.",
  apiId: 'The identifier API Gateway assigns to your API.',
  'authorizer.error': 'The error message returned from an authorizer.',
  'authorizer.principalId': 'The principal user identification that a Lambda authorizer returns.',
  awsEndpointRequestId: "The AWS endpoint's request ID from the `x-amz-request-id` or `x-amzn-requestId` header.",
  awsEndpointRequestId2: "The AWS endpoint's request ID from the `x-amz-id-2` header.",
  'customDomain.basePathMatched':
    'The path of the API mapping a request through a custom domain matched (`v1/orders` for `https://api.example.com/v1/orders/1234`).',
  dataProcessed: 'The amount of data processed in bytes.',
  domainName: "The full domain name used to invoke the API, the same as the request's `Host` header.",
  domainPrefix: 'The first label of the `$context.domainName`.',
  'error.message': 'A string that contains an API Gateway error message.',
  'error.messageString': 'The quoted value of `$context.error.message`.',
  'error.responseType': 'A type of `GatewayResponse`.',
  extendedRequestId: 'Equivalent to `$context.requestId`.',
  httpMethod: 'The HTTP method used: `DELETE`, `GET`, `HEAD`, `OPTIONS`, `PATCH`, `POST` or `PUT`.',
  'identity.accountId': 'The AWS account ID associated with the request (routes with IAM authorization).',
  'identity.caller': 'The principal identifier of the caller that signed the request (routes with IAM authorization).',
  'identity.clientCert.clientCertPem':
    'The PEM-encoded client certificate presented during mutual TLS authentication (a custom domain with mutual TLS).',
  'identity.clientCert.issuerDN': "The distinguished name of the issuer of the client's certificate (mutual TLS).",
  'identity.clientCert.serialNumber': "The serial number of the client's certificate (mutual TLS).",
  'identity.clientCert.subjectDN': "The distinguished name of the subject of the client's certificate (mutual TLS).",
  'identity.clientCert.validity.notAfter': "The date after which the client's certificate is invalid (mutual TLS).",
  'identity.clientCert.validity.notBefore': "The date before which the client's certificate is invalid (mutual TLS).",
  'identity.cognitoAuthenticationProvider':
    'A comma-separated list of the Amazon Cognito authentication providers used by the caller (requests signed with Amazon Cognito credentials).',
  'identity.cognitoAuthenticationType':
    'The Amazon Cognito authentication type of the caller: `authenticated` or `unauthenticated` (requests signed with Amazon Cognito credentials).',
  'identity.cognitoIdentityId':
    'The Amazon Cognito identity ID of the caller (requests signed with Amazon Cognito credentials).',
  'identity.cognitoIdentityPoolId':
    'The Amazon Cognito identity pool ID of the caller (requests signed with Amazon Cognito credentials).',
  'identity.principalOrgId': 'The AWS organization ID (routes with IAM authorization).',
  'identity.sourceIp':
    'The source IP address of the immediate TCP connection making the request to the API Gateway endpoint.',
  'identity.user':
    'The principal identifier of the user that will be authorized against resource access (routes with IAM authorization).',
  'identity.userAgent': 'The `User-Agent` header of the API caller.',
  'identity.userArn': 'The ARN of the effective user identified after authentication (routes with IAM authorization).',
  'integration.error':
    'The error message returned from an integration. Equivalent to `$context.integrationErrorMessage`.',
  'integration.integrationStatus':
    "For Lambda proxy integrations, the status code returned from AWS Lambda, not from the function's code.",
  'integration.latency': 'The integration latency in ms. Equivalent to `$context.integrationLatency`.',
  'integration.requestId': "The AWS endpoint's request ID. Equivalent to `$context.awsEndpointRequestId`.",
  'integration.status':
    "The status code returned from an integration; for Lambda proxy integrations, the one your function's code returns. Equivalent to `$context.integrationStatus`.",
  integrationErrorMessage: 'A string that contains an integration error message.',
  integrationLatency: 'The integration latency in ms.',
  integrationStatus:
    "For Lambda proxy integrations, the status code returned from AWS Lambda, not from the function's code.",
  path: 'The request path, for example `/{stage}/root/child`.',
  protocol: 'The request protocol, for example `HTTP/1.1` (logged so even for HTTP/2 requests).',
  requestId: 'The ID that API Gateway assigns to the API request.',
  requestTime: 'The CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm).',
  requestTimeEpoch: 'The Epoch-formatted request time, in milliseconds.',
  responseLatency: 'The response latency in ms.',
  responseLength: 'The response payload length in bytes.',
  routeKey: 'The route key of the API request, for example `/pets`.',
  stage: 'The deployment stage of the API request (for example, `beta` or `prod`).',
  status: 'The method response status.',
};

/** The WebSocket page's, where it lists a variable the HTTP page does not or describes it otherwise. */
const WEBSOCKET_DOCS: Readonly<Record<string, string>> = {
  'authenticate.error': 'The error message returned from an authentication attempt.',
  'authenticate.latency': 'The authentication latency in ms.',
  'authenticate.status': 'The status code returned from an authentication attempt.',
  'authorize.error': 'The authorization error message.',
  'authorize.latency': 'The authorization latency in ms.',
  'authorize.status': 'The status code returned from an authorization attempt.',
  'authorizer.integrationLatency': 'The Lambda authorizer latency in ms.',
  'authorizer.integrationStatus': 'The status code returned from a Lambda authorizer.',
  'authorizer.latency': 'The authorizer latency in ms.',
  'authorizer.principalId':
    'The principal user identification that a Lambda authorizer returns for the token the client sent.',
  'authorizer.requestId': "The AWS endpoint's request ID.",
  'authorizer.status': 'The status code returned from an authorizer.',
  connectedAt: 'The Epoch-formatted connection time.',
  connectionId: 'A unique ID for the connection that can be used to make a callback to the client.',
  domainName: 'A domain name for the WebSocket API, for a callback to the client instead of a hard-coded value.',
  'error.messageString': 'The quoted value of $context.error.message, namely "$context.error.message".',
  'error.responseType': 'The error response type.',
  'error.validationErrorString': 'A string that contains a detailed validation error message.',
  eventType: 'The event type: `CONNECT`, `MESSAGE`, or `DISCONNECT`.',
  extendedRequestId: 'Equivalent to $context.requestId.',
  'identity.accountId': 'The AWS account ID associated with the request.',
  'identity.apiKey': 'The API owner key associated with key-enabled API request.',
  'identity.apiKeyId': 'The API key ID associated with the key-enabled API request.',
  'identity.caller': 'The principal identifier of the caller that signed the request.',
  'identity.cognitoAuthenticationProvider':
    'A comma-separated list of the Amazon Cognito authentication providers used by the caller making the request.',
  'identity.cognitoAuthenticationType': 'The Amazon Cognito authentication type of the caller making the request.',
  'identity.cognitoIdentityId': 'The Amazon Cognito identity ID of the caller making the request.',
  'identity.cognitoIdentityPoolId': 'The Amazon Cognito identity pool ID of the caller making the request.',
  'identity.principalOrgId': 'The AWS organization ID. Supported for routes that use IAM authorization.',
  'identity.sourceIp': 'The source IP address of the TCP connection making the request to API Gateway.',
  'identity.user': 'The principal identifier of the user that will be authorized against resource access.',
  'identity.userAgent': 'The user agent of the API caller.',
  'identity.userArn': 'The Amazon Resource Name (ARN) of the effective user identified after authentication.',
  'integration.error': 'The error message returned from an integration.',
  'integration.integrationStatus':
    'For Lambda proxy integration, the status code returned from AWS Lambda, not from the backend Lambda function code.',
  'integration.latency': 'The integration latency in ms.',
  'integration.requestId': "The AWS endpoint's request ID. Equivalent to $context.awsEndpointRequestId.",
  'integration.status': 'The status code returned from an integration.',
  integrationLatency: 'The integration latency in ms, available for access logging only.',
  messageId: 'A unique server-side ID for a message. Available only when `$context.eventType` is `MESSAGE`.',
  requestId: 'Same as `$context.extendedRequestId`.',
  routeKey: 'The selected route key.',
  stage: 'The deployment stage of the API call (for example, beta or prod).',
  status: 'The response status.',
  'waf.error': 'The error message returned from AWS WAF.',
  'waf.latency': 'The AWS WAF latency in ms.',
  'waf.status': 'The status code returned from AWS WAF.',
};

/**
 * What AWS's page for the protocol says of the access log variable `name` (without `$context.`), for hovers and
 * completion; `authorizer.claims.…` and other `authorizer.…` names are a JWT's claims and a Lambda authorizer's
 * context keys. Undefined for a variable the protocol's page does not list.
 */
export function accessLogVariableDoc(protocol: Protocol, name: string): string | undefined {
  const own = protocol === 'WEBSOCKET' ? WEBSOCKET_DOCS[name] : undefined;
  if (KNOWN[protocol].has(name)) return own ?? HTTP_DOCS[name];
  if (protocol === 'HTTP' && name.startsWith('authorizer.claims.'))
    return 'A claim of the JSON Web Token (JWT), once a JWT authorizer has authenticated the caller.';
  if (name.startsWith('authorizer.'))
    return `The ${protocol === 'WEBSOCKET' ? 'stringified ' : ''}value of this key of the \`context\` map a Lambda authorizer returns.`;
  return undefined;
}

/** The documented variables of a protocol's access logs, without `$context.`. */
export function accessLogVariables(protocol: Protocol): readonly string[] {
  return protocol === 'WEBSOCKET' ? WEBSOCKET : HTTP;
}

const KNOWN: Record<Protocol, ReadonlySet<string>> = { HTTP: new Set(HTTP), WEBSOCKET: new Set(WEBSOCKET) };

/** Whether AWS lists `name` (without `$context.`) for the protocol's access logs; `authorizer.…` always. */
export function isAccessLogVariable(protocol: Protocol, name: string): boolean {
  return KNOWN[protocol].has(name) || name.startsWith('authorizer.');
}

export interface AccessLogVariableUse {
  /** Without `$context.`. */
  readonly name: string;
  /** Where `$context.` starts in the format. */
  readonly index: number;
  readonly length: number;
}

/** A `$context` variable as AWS's formats write them: dotted names, which end at any other character. */
export const CONTEXT_VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g;

/** The variables of `format` that the protocol's page does not list, in order, at most `max`. One pass. */
export function unknownAccessLogVariables(format: string, protocol: Protocol, max: number): AccessLogVariableUse[] {
  const out: AccessLogVariableUse[] = [];
  for (const m of format.matchAll(CONTEXT_VARIABLE)) {
    const name = m[1]!;
    if (isAccessLogVariable(protocol, name)) continue;
    out.push({ name, index: m.index, length: m[0].length });
    if (out.length >= max) break;
  }
  return out;
}
