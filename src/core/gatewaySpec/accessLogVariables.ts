// The `$context` variables an access log format may use, as AWS's pages list them: "Customize HTTP API access logs"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html) and the WebSocket
// API logging page (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html).
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
