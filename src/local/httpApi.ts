// The HTTP API front end: a node request read (10 MB payload quota), the stage segment checked, CORS preflight,
// the route matched by AWS's rules, authorization, the integration, response parameters, CORS headers, and the
// answer with API Gateway's headers. Every request becomes one traffic record with its full detail.
import { signedPartsOf } from '../core/local/sigv4';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { authorizationType } from '../core/gatewaySpec/model';
import { isPreflight, preflightResponse, withCorsHeaders } from '../core/local/cors';
import { mappedPath, notServedWhy } from '../core/local/domains';
import { authorizerEventV1, authorizerEventV2, type HttpEventInput } from '../core/local/events';
import type { ExpressionSources } from '../core/local/expressions';
import { routeArn } from '../core/local/lambdaAuthorizer';
import { mapResponse } from '../core/local/paramMapping';
import {
  clientCertVariables,
  foldQuery,
  header,
  parseQuery,
  requestHeadTooLarge,
  requestTime,
  type LocalRequest,
} from '../core/local/request';
import { integrationOutcome, stageAccessLogLine, type AccessLogOutcome } from '../core/local/accessLog';
import { GATEWAY, gatewayHeaders, withAllowedContent, type GatewayResponse } from '../core/local/responses';
import { matchRoute, type RouteMatch, type Router } from '../core/local/routes';
import { integrationRequestId, type RequestDetail } from '../core/local/traffic';
import { authorizerPayloadFormatVersion } from '../core/gatewaySpec/model';
import { authorize } from './authorize';
import type { Gateway } from './gateway';
import { runHttpIntegration } from './httpIntegrations';
import { clientCertificate } from './tls';

/** AWS's payload quota for HTTP APIs. */
export const MAX_HTTP_PAYLOAD_BYTES = 10 * 1024 * 1024;

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/**
 * A request target in origin form (`/dev/pets?a=1`): an absolute-form target (`http://host/dev/pets?a=1`, what a
 * client speaking to a proxy sends) is reduced to its path and query, as RFC 9112 (section 3.2.2) has every server
 * accept it. Other targets are returned as they are.
 */
export function originForm(target: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (!m) return target;
  const rest = target.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The path within the stage, or undefined when the request is not for the served stage. */
export function stagePathOf(rawPath: string, stage: string): string | undefined {
  if (stage === '$default') return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : undefined;
}

/**
 * The path of a request within the served stage, or why it is not for it: under the stage's segment, or — served as
 * a custom domain — under an API mapping of the domain to this API and stage (domains.ts).
 */
export function apiPathOf(gw: Gateway, rawPath: string): { path: string; basePath?: string } | { why: string } {
  const domain = gw.options.domain;
  if (!domain) {
    const path = stagePathOf(rawPath, gw.api.stage);
    return path === undefined ? { why: `not under the stage /${gw.api.stage}` } : { path };
  }
  const found = mappedPath(domain, rawPath);
  if (!found) return { why: `under no API mapping of ${domain.name}` };
  const why = notServedWhy(domain, found.mapping);
  return why === undefined ? { path: found.path, basePath: found.mapping.path } : { why };
}

/**
 * Why the request is over API Gateway's quota on its request line and header values (request.ts), else undefined.
 * Read before the target is reduced to origin form: the quota counts the line as sent.
 */
export function headTooLarge(req: http.IncomingMessage): string | undefined {
  return requestHeadTooLarge(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.rawHeaders);
}

/** Served as a domain with mutual TLS: the client's certificate, or why API Gateway refuses the request. */
function mutualTlsOf(req: http.IncomingMessage): ReturnType<typeof clientCertificate> {
  return req.socket instanceof TLSSocket ? clientCertificate(req.socket) : { why: 'the connection is not TLS' };
}

export function toLocalRequest(gw: Gateway, req: http.IncomingMessage, body: Buffer, stagePath: string): LocalRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: q < 0 ? url : url.slice(0, q),
    stagePath,
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    headers: pairs(req.rawHeaders),
    body,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    protocol: `HTTP/${req.httpVersion}`,
    requestId: gw.newRequestId(),
    timeEpoch: gw.clock.now(),
  };
}

/** What mapping values and identity sources read from a request. */
export function requestSources(
  gw: Gateway,
  r: LocalRequest,
  match: RouteMatch | undefined,
  extra: Record<string, string> = {},
): ExpressionSources {
  const query = foldQuery(parseQuery(r.rawQueryString)).single;
  const context: Record<string, string> = {
    requestId: r.requestId,
    extendedRequestId: r.requestId,
    routeKey: match?.routeKey ?? '',
    stage: gw.api.stage,
    apiId: gw.api.apiId,
    accountId: gw.api.accountId,
    httpMethod: r.method,
    path: r.rawPath,
    protocol: r.protocol,
    domainName: gw.domainNameFor(header(r.headers, 'host')),
    ...(r.basePathMatched === undefined ? {} : { 'customDomain.basePathMatched': r.basePathMatched }),
    ...clientCertVariables(r.clientCert),
    'identity.sourceIp': r.sourceIp,
    'identity.userAgent': header(r.headers, 'user-agent') ?? '',
    requestTime: requestTime(r.timeEpoch),
    requestTimeEpoch: String(r.timeEpoch),
    ...extra,
  };
  return {
    header: (n) => header(r.headers, n),
    querystring: (n) => query[n],
    pathParameter: (n) => match?.pathParameters[n],
    path: r.stagePath,
    body: r.body.toString('utf8'),
    context: (n) => context[n],
    stageVariables: gw.stageVariables,
  };
}

function authorizerContext(result: HttpEventInput['authorizer']): Record<string, string> {
  const out: Record<string, string> = {};
  if (result?.kind === 'jwt')
    for (const [k, v] of Object.entries(result.claims)) out[`authorizer.claims.${k}`] = String(v);
  if (result?.kind === 'lambda')
    for (const [k, v] of Object.entries(result.context))
      out[`authorizer.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  if (result?.kind === 'lambda' && result.principalId) out['authorizer.principalId'] = result.principalId;
  // "Supported for routes that use IAM authorization" (http-api-logging-variables.html).
  if (result?.kind === 'iam')
    Object.assign(out, {
      'identity.accountId': result.accountId,
      'identity.caller': result.callerId,
      'identity.user': result.userId,
      'identity.userArn': result.userArn,
    });
  return out;
}

interface Routed {
  response: GatewayResponse;
  routeKey: string | undefined;
  error?: string;
  /** What mapping values read of the request, once the route's authorizer has run. */
  sources?: ExpressionSources;
  /** The integration's part, when the request reached it (for the stage's access log). */
  integration?: AccessLogOutcome['integration'];
  authorization?: AccessLogOutcome['authorization'];
}

async function route(gw: Gateway, router: Router, r: LocalRequest, detail: RequestDetail): Promise<Routed> {
  const cors = gw.spec.api.cors;
  const match = matchRoute(router, r.method, r.stagePath);
  if (
    cors &&
    isPreflight(r.method, r.headers) &&
    !(match && (match.routeKey === '$default' || match.routeKey.startsWith('OPTIONS ')))
  )
    return { response: preflightResponse(cors, r.headers), routeKey: undefined };
  if (!match) return { response: GATEWAY.notFound(), routeKey: undefined };
  const throttled = gw.throttle.admit(gw.spec, gw.api.stage, match.routeKey, gw.clock.now());
  if (throttled) return { response: GATEWAY.tooManyRequests(), routeKey: match.routeKey, error: throttled };
  const integrationName = match.route.integration;
  const integration = integrationName ? gw.spec.integrations?.[integrationName] : undefined;
  if (!integration)
    return { response: GATEWAY.notFound(), routeKey: match.routeKey, error: 'the route has no integration' };
  const input: HttpEventInput = {
    request: r,
    api: gw.identity(header(r.headers, 'host')),
    routeKey: match.routeKey,
    resourcePath: match.resourcePath,
    pathParameters: match.pathParameters,
    stageVariables: gw.stageVariables,
  };
  const auth = await authorize(gw, {
    type: authorizationType(gw.spec, match.route),
    authorizerName: match.route.authorizer,
    scopes: match.route.authorizationScopes,
    sources: requestSources(gw, r, match),
    signed: signedPartsOf(r),
    routeArn: routeArn(gw.api, `${r.method}${r.stagePath}`),
    requestId: r.requestId,
    authorizerEvent: (a, identity) =>
      authorizerPayloadFormatVersion(gw.spec, a) === '1.0'
        ? authorizerEventV1(input, routeArn(gw.api, `${r.method}${r.stagePath}`), identity)
        : authorizerEventV2(input, routeArn(gw.api, `${r.method}${r.stagePath}`), identity),
    onInvocation: (inv) => detail.invocations.push(inv),
  });
  const authorization = auth.log;
  if (!auth.ok) return { response: auth.response, routeKey: match.routeKey, error: auth.reason, authorization };
  input.authorizer = auth.result;
  const sources = requestSources(gw, r, match, authorizerContext(auth.result));
  const called = performance.now();
  const answer = await runHttpIntegration({
    gw,
    integrationName: integrationName!,
    integration,
    input,
    sources,
    detail,
  });
  const reached = integrationOutcome({
    lambda: integration.type === 'AWS_PROXY' && !integration.subtype,
    status: answer.response.statusCode,
    error: answer.error,
    latencyMs: performance.now() - called,
    requestId: integrationRequestId(detail),
  });
  // Without response parameters there is nothing to map, nor a body to read as text for the mapping.
  const mapped =
    answer.error || !integration.responseParameters
      ? answer.response
      : {
          ...answer.response,
          ...mapResponse(answer.response, integration.responseParameters, {
            ...sources,
            responseHeader: (n) => header(answer.response.headers, n),
            responseBody: answer.response.body.toString('utf8'),
          }),
        };
  return {
    response: mapped,
    routeKey: match.routeKey,
    sources,
    integration: reached,
    authorization,
    ...(answer.error ? { error: answer.error } : {}),
  };
}

/** The stage's access log line for a request, when the stage has a format (docs/LOCAL.md). */
function accessLogOf(gw: Gateway, r: LocalRequest, routed: Routed, latencyMs: number): string | undefined {
  const format = gw.spec.stages?.[gw.api.stage]?.accessLog?.format;
  if (!format) return undefined;
  const sources = routed.sources ?? requestSources(gw, r, undefined, { routeKey: routed.routeKey ?? '' });
  const outcome: AccessLogOutcome = {
    protocol: 'HTTP',
    status: routed.response.statusCode,
    responseLength: routed.response.body.length,
    responseLatencyMs: latencyMs,
    gatewayError: !routed.integration || routed.integration.error ? gatewayMessage(routed.response) : undefined,
    integration: routed.integration,
    authorization: routed.authorization,
  };
  return stageAccessLogLine(format, outcome, (name) => sources.context?.(name));
}

/** The `message` of an answer API Gateway made itself (`{"message":"Not Found"}`). */
export function gatewayMessage(response: GatewayResponse): string | undefined {
  if (response.statusCode < 400) return undefined;
  try {
    const message = (JSON.parse(response.body.toString('utf8')) as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A header value as its bytes go on the wire: text beyond ASCII (`résumé ✓` in a file name) is sent as its UTF-8
 * bytes, which Node takes only as one Latin-1 character a byte; without this, `é` alone would go as Latin-1's byte
 * and `✓` would throw.
 */
function wireValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u007f]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/**
 * Writes the answer with API Gateway's headers. Returns why it could not (a header Node refuses to write, which the
 * result checks of responses.ts should have caught): the caller answers 500 instead, and the server goes on.
 */
function send(
  gw: Gateway,
  res: http.ServerResponse,
  r: { requestId: string; method: string },
  response: GatewayResponse,
): string | undefined {
  const head = [
    ...response.headers.filter(
      ([k]) => !/^(content-length|date|apigw-requestid|connection|transfer-encoding)$/i.test(k),
    ),
    ...gatewayHeaders(r.requestId, gw.clock.now(), response.statusCode, response.body.length),
  ];
  try {
    res.writeHead(response.statusCode, head.map(([k, v]) => [k, wireValue(v)]).flat());
  } catch (err) {
    return `the response could not be written: ${(err as Error).message}`;
  }
  res.end(r.method === 'HEAD' ? undefined : response.body);
  return undefined;
}

/**
 * Answers on a connection Node's HTTP server leaves to its listeners (an upgrade, a CONNECT, a request it could not
 * parse) and closes it: the status line with the standard reason phrase (`500 Internal Server Error`, as API
 * Gateway's has it), the answer's headers and its length.
 */
export function answerAndClose(socket: Duplex, response: GatewayResponse): void {
  const reason = http.STATUS_CODES[response.statusCode] ?? 'Error';
  const head: Array<[string, string]> = [
    ...response.headers,
    ['content-length', String(response.body.length)],
    ['connection', 'close'],
  ];
  const lines = [`HTTP/1.1 ${response.statusCode} ${reason}`, ...head.map(([k, v]) => `${k}: ${v}`)];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), response.body]));
}

/**
 * Serves one HTTP request; `tooLarge` says why its head is over API Gateway's quota (headTooLarge). Never throws: an
 * unexpected failure is a 500 with the reason in the log.
 */
export async function handleHttp(
  gw: Gateway,
  router: Router,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  tooLarge: string | undefined,
): Promise<void> {
  const started = performance.now();
  const body = await readBody(req, MAX_HTTP_PAYLOAD_BYTES).catch(() => Buffer.alloc(0));
  const rawPath = (req.url ?? '/').split('?')[0]!;
  const inApi = apiPathOf(gw, rawPath);
  const r = toLocalRequest(gw, req, body ?? Buffer.alloc(0), 'path' in inApi ? inApi.path : rawPath);
  if ('basePath' in inApi) r.basePathMatched = inApi.basePath;
  const tls = gw.options.domain?.mutualTls ? mutualTlsOf(req) : undefined;
  if (tls && 'cert' in tls) r.clientCert = tls.cert;
  const detail = gw.requests.begin(r.requestId);
  let routed: Routed;
  try {
    if (tls && 'why' in tls) routed = { response: GATEWAY.forbidden(), routeKey: undefined, error: tls.why };
    else if (tooLarge) routed = { response: GATEWAY.headersTooLarge(), routeKey: undefined, error: tooLarge };
    else if (body === undefined)
      routed = { response: GATEWAY.payloadTooLarge(), routeKey: undefined, error: 'the body is over 10 MB' };
    else if ('why' in inApi) routed = { response: GATEWAY.notFound(), routeKey: undefined, error: inApi.why };
    else routed = await route(gw, router, r, detail);
  } catch (err) {
    gw.logger.error(`${r.requestId} ${(err as Error).stack ?? String(err)}`);
    routed = { response: GATEWAY.internalError(), routeKey: undefined, error: (err as Error).message };
  }
  if (gw.spec.api.cors && routed.routeKey !== undefined)
    routed.response = withCorsHeaders(gw.spec.api.cors, r.headers, routed.response);
  routed.response = withAllowedContent(routed.response);
  const unsent = send(gw, res, r, routed.response);
  if (unsent !== undefined) {
    routed = { response: GATEWAY.internalError(), routeKey: routed.routeKey, error: unsent };
    send(gw, res, r, routed.response);
  }
  const binary = routed.response.headers.some(
    ([k, v]) => k.toLowerCase() === 'content-type' && !/json|text|xml|javascript/.test(v),
  );
  detail.response = {
    statusCode: routed.response.statusCode,
    headers: routed.response.headers,
    body: routed.response.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
  const latencyMs = performance.now() - started;
  const accessLog = accessLogOf(gw, r, routed, latencyMs);
  if (accessLog !== undefined) detail.accessLog = accessLog;
  gw.record(detail, {
    requestId: r.requestId,
    time: r.timeEpoch,
    method: r.method,
    route: routed.routeKey ?? rawPath,
    path: rawPath,
    status: routed.response.statusCode,
    latencyMs,
    ...(routed.error ? { error: routed.error } : {}),
  });
}
