// The events a Lambda proxy integration receives, built as AWS documents them: payload format 2.0 and 1.0 for HTTP
// APIs (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html) and
// the WebSocket events ($connect, messages, $disconnect). test/unit/local-events.test.ts compares them field by field
// with AWS's sample events.
import {
  cookiesOf,
  foldHeaders,
  foldQuery,
  gatewayHeaders,
  header,
  isTextContentType,
  parseQuery,
  requestTime,
  traceIdOf,
  type LocalRequest,
} from './request';
import { decodePath } from './routes';

/** Who the local API pretends to be. */
export interface ApiIdentity {
  apiId: string;
  accountId: string;
  region: string;
  stage: string;
  /** `Host` as the client sent it (127.0.0.1:3000). */
  domainName: string;
}

/** What an authorizer left for the integration (`requestContext.authorizer`). */
export type AuthorizerResult =
  | { kind: 'jwt'; claims: Record<string, unknown>; scopes: string[] | undefined }
  | { kind: 'lambda'; context: Record<string, unknown>; principalId?: string; usageIdentifierKey?: string }
  | { kind: 'iam'; accessKey: string; accountId: string; callerId: string; userArn: string; userId: string };

export interface HttpEventInput {
  request: LocalRequest;
  api: ApiIdentity;
  routeKey: string;
  /** The route's path (`/pets/{id}`) or `$default`. */
  resourcePath: string;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string> | undefined;
  authorizer?: AuthorizerResult | undefined;
}

export function domainPrefix(domainName: string): string {
  return domainName.split('.')[0]!.split(':')[0]!;
}

/** The body as Lambda sees it: text, or base64 for binary content types and encoded (gzip…) bodies. */
export function eventBody(request: LocalRequest): { body: string | undefined; isBase64Encoded: boolean } {
  if (request.body.length === 0) return { body: undefined, isBase64Encoded: false };
  const binary =
    !isTextContentType(header(request.headers, 'content-type')) || header(request.headers, 'content-encoding');
  return binary
    ? { body: request.body.toString('base64'), isBase64Encoded: true }
    : { body: request.body.toString('utf8'), isBase64Encoded: false };
}

function nonEmpty<T extends object>(o: T): T | undefined {
  return Object.keys(o).length ? o : undefined;
}

function authorizerV2(a: AuthorizerResult | undefined): Record<string, unknown> | undefined {
  if (!a) return undefined;
  if (a.kind === 'jwt') return { jwt: { claims: a.claims, scopes: a.scopes ?? null } };
  if (a.kind === 'lambda') return { ...(a.principalId ? { principalId: a.principalId } : {}), lambda: a.context };
  const { kind: _kind, ...iam } = a;
  return { iam: { ...iam, cognitoIdentity: null, principalOrgId: null } };
}

/**
 * The request's path as HTTP APIs hand it to an integration: percent-decoded (`/a%20b` is `/a b`), in 2.0's `rawPath`
 * and `requestContext.http.path` and 1.0's `path`, as events captured from AWS show it (hotsock/voker's
 * vokerhttp/testdata/apigwv2-request.json); REST APIs keep it encoded, HTTP APIs do not.
 */
function eventPath(r: LocalRequest): string {
  return decodePath(r.rawPath);
}

/** Payload format 2.0. */
export function httpEventV2(input: HttpEventInput): Record<string, unknown> {
  const { request: r, api } = input;
  const path = eventPath(r);
  const received = gatewayHeaders(r, traceIdOf(r.requestId, r.timeEpoch));
  const cookies = cookiesOf(received);
  const headers = foldHeaders(received, { skip: (n) => n === 'cookie' }).single;
  const query = foldQuery(parseQuery(r.rawQueryString)).single;
  const { body, isBase64Encoded } = eventBody(r);
  const authorizer = authorizerV2(input.authorizer);
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: path,
    rawQueryString: r.rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(nonEmpty(query) ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      ...(r.clientCert ? { authentication: { clientCert: r.clientCert } } : {}),
      ...(authorizer ? { authorizer } : {}),
      domainName: api.domainName,
      domainPrefix: domainPrefix(api.domainName),
      http: {
        method: r.method,
        path,
        protocol: r.protocol,
        sourceIp: r.sourceIp,
        userAgent: header(r.headers, 'user-agent') ?? '',
      },
      requestId: r.requestId,
      routeKey: input.routeKey,
      stage: api.stage,
      time: requestTime(r.timeEpoch),
      timeEpoch: r.timeEpoch,
    },
    ...(body !== undefined ? { body } : {}),
    ...(nonEmpty(input.pathParameters) ? { pathParameters: input.pathParameters } : {}),
    isBase64Encoded,
    ...(input.stageVariables && nonEmpty(input.stageVariables) ? { stageVariables: input.stageVariables } : {}),
  };
}

function authorizerV1(a: AuthorizerResult | undefined): Record<string, unknown> {
  if (!a) return { claims: null, scopes: null };
  if (a.kind === 'jwt') return { claims: a.claims, scopes: a.scopes ?? null };
  if (a.kind === 'lambda') return { ...a.context, ...(a.principalId ? { principalId: a.principalId } : {}) };
  return { claims: null, scopes: null };
}

function identityV1(r: LocalRequest, a: AuthorizerResult | undefined): Record<string, unknown> {
  const iam = a?.kind === 'iam' ? a : undefined;
  return {
    accessKey: iam?.accessKey ?? null,
    accountId: iam?.accountId ?? null,
    caller: iam?.callerId ?? null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: r.sourceIp,
    user: iam?.userId ?? null,
    userAgent: header(r.headers, 'user-agent') ?? '',
    userArn: iam?.userArn ?? null,
    ...(r.clientCert ? { clientCert: r.clientCert } : {}),
  };
}

/**
 * Payload format 1.0 (HTTP APIs: header names lowercased, `path` with the stage segment of a named stage). A repeated
 * header's single value is its last and a repeated query parameter's its first, as AWS's 1.0 sample event has them
 * (`"header2": "value2"` beside `["value1", "value2"]`; `"parameter1": "value1"` beside `["value1", "value2"]`).
 */
export function httpEventV1(input: HttpEventInput): Record<string, unknown> {
  const { request: r, api } = input;
  const headers = foldHeaders(gatewayHeaders(r, traceIdOf(r.requestId, r.timeEpoch)), { single: 'last' });
  const query = foldQuery(parseQuery(r.rawQueryString));
  const { body, isBase64Encoded } = eventBody(r);
  const resource = input.resourcePath;
  const path = eventPath(r);
  return {
    version: '1.0',
    resource,
    path,
    httpMethod: r.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: nonEmpty(query.first) ?? null,
    multiValueQueryStringParameters: nonEmpty(query.multi) ?? null,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      authorizer: authorizerV1(input.authorizer),
      domainName: api.domainName,
      domainPrefix: domainPrefix(api.domainName),
      extendedRequestId: r.requestId,
      httpMethod: r.method,
      identity: identityV1(r, input.authorizer),
      path,
      protocol: r.protocol,
      requestId: r.requestId,
      requestTime: requestTime(r.timeEpoch),
      requestTimeEpoch: r.timeEpoch,
      resourceId: input.routeKey,
      resourcePath: resource,
      stage: api.stage,
    },
    pathParameters: nonEmpty(input.pathParameters) ?? null,
    stageVariables: (input.stageVariables && nonEmpty(input.stageVariables)) ?? null,
    body: body ?? null,
    isBase64Encoded,
  };
}

// ---- WebSocket ----

export interface WsConnectionInfo {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent: string | undefined;
  /** The upgrade request's headers and query (only $connect events carry them). */
  headers: Array<[string, string]>;
  rawQueryString: string;
}

export interface WsEventInput {
  api: ApiIdentity;
  connection: WsConnectionInfo;
  routeKey: string;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  requestId: string;
  timeEpoch: number;
  messageId?: string;
  body?: { text: string; binary: boolean };
  stageVariables: Record<string, string> | undefined;
  authorizer?: Record<string, unknown> | undefined;
  disconnect?: { statusCode: number; reason: string };
}

/** The `requestContext` of a WebSocket event (and what the stage's access log reads of the request). */
export function wsRequestContext(input: WsEventInput): Record<string, unknown> {
  const { api, connection: c } = input;
  return {
    routeKey: input.routeKey,
    ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    ...(input.messageId ? { messageId: input.messageId } : {}),
    ...(input.disconnect
      ? { disconnectStatusCode: input.disconnect.statusCode, disconnectReason: input.disconnect.reason }
      : {}),
    eventType: input.eventType,
    extendedRequestId: input.requestId,
    requestTime: requestTime(input.timeEpoch),
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: input.timeEpoch,
    identity: { ...(c.userAgent !== undefined ? { userAgent: c.userAgent } : {}), sourceIp: c.sourceIp },
    requestId: input.requestId,
    domainName: api.domainName,
    connectionId: c.connectionId,
    apiId: api.apiId,
  };
}

/** A WebSocket Lambda proxy event: $connect carries the upgrade request's headers and query, messages the body. */
export function wsEvent(input: WsEventInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.eventType === 'CONNECT') {
    const c = input.connection;
    const h = foldHeaders(gatewayHeaders(c, traceIdOf(c.connectionId, c.connectedAt), true), { keepCase: true });
    out.headers = h.single;
    out.multiValueHeaders = h.multi;
  }
  if (input.eventType === 'DISCONNECT') Object.assign(out, disconnectHeaders(input.api.domainName));
  if (input.eventType === 'CONNECT') {
    const q = foldQuery(parseQuery(input.connection.rawQueryString));
    if (nonEmpty(q.last)) {
      out.queryStringParameters = q.last;
      out.multiValueQueryStringParameters = q.multi;
    }
  }
  if (input.stageVariables && nonEmpty(input.stageVariables)) out.stageVariables = input.stageVariables;
  out.requestContext = wsRequestContext(input);
  if (input.body) out.body = input.body.text;
  out.isBase64Encoded = input.body?.binary ?? false;
  return out;
}

/**
 * $disconnect carries none of the upgrade request's headers, only these (aws/aws-lambda-go
 * events/testdata/apigw-websocket-request-disconnect.json): a handler cannot read an auth header there.
 */
function disconnectHeaders(host: string): Record<string, unknown> {
  const headers = { Host: host, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  return { headers, multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])) };
}

// ---- Lambda REQUEST authorizer events ----

/** An HTTP API authorizer event, payload 2.0: the request without its body, with `routeArn` and `identitySource`. */
export function authorizerEventV2(input: HttpEventInput, arn: string, identity: string[]): Record<string, unknown> {
  const {
    body: _body,
    isBase64Encoded: _b64,
    version,
    requestContext,
    ...rest
  } = httpEventV2({ ...input, authorizer: undefined });
  return { version, type: 'REQUEST', routeArn: arn, identitySource: identity, ...rest, requestContext };
}

/** An HTTP API authorizer event, payload 1.0. */
export function authorizerEventV1(input: HttpEventInput, arn: string, identity: string[]): Record<string, unknown> {
  const e = httpEventV1({ ...input, authorizer: undefined });
  const joined = identity.join(',');
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: arn,
    identitySource: joined,
    authorizationToken: joined,
    resource: e.resource,
    path: e.path,
    httpMethod: e.httpMethod,
    headers: e.headers,
    queryStringParameters: e.queryStringParameters,
    pathParameters: e.pathParameters ?? {},
    stageVariables: e.stageVariables ?? {},
    requestContext: e.requestContext,
  };
}

/** A WebSocket $connect authorizer event. */
export function wsAuthorizerEvent(input: WsEventInput, arn: string): Record<string, unknown> {
  const e = wsEvent({ ...input, authorizer: undefined });
  return {
    type: 'REQUEST',
    methodArn: arn,
    headers: e.headers,
    multiValueHeaders: e.multiValueHeaders,
    ...(e.queryStringParameters
      ? {
          queryStringParameters: e.queryStringParameters,
          multiValueQueryStringParameters: e.multiValueQueryStringParameters,
        }
      : {}),
    stageVariables: e.stageVariables ?? {},
    requestContext: e.requestContext,
  };
}
