// The `@connections` management endpoint of a local WebSocket API: PostToConnection, GetConnection and
// DeleteConnection as the API Gateway Management API answers them (restJson1, errors named by x-amzn-errortype), with
// SigV4 checked as for AWS_IAM routes. Handlers point ApiGatewayManagementApiClient at `http://127.0.0.1:PORT/STAGE`.
import { decodeOrKeep } from '../core/text';
import type http from 'node:http';
import { WebSocket } from 'ws';
import type { LocalRequest } from '../core/local/request';
import { signedPartsOf } from '../core/local/sigv4';
import { authorize, type AuthOutcome } from './authorize';
import type { Gateway } from './gateway';
import { gatewayMessage, MAX_HTTP_PAYLOAD_BYTES, readBody, requestSources, toLocalRequest } from './httpApi';
import type { WebSocketApi } from './wsApi';

/** The connection id of a management path within the stage (`/@connections/ID`), else undefined. */
export function connectionPath(stagePath: string): string | undefined {
  const m = /^\/(?:@|%40)connections\/([^/]+)$/i.exec(stagePath);
  return m ? decodeOrKeep(m[1]!) : undefined;
}

/** A path that names `@connections`, whether or not the management API is there. */
export function namesConnections(rawPath: string): boolean {
  return /\/(?:@|%40)connections(?:\/|$)/i.test(rawPath);
}

/**
 * A call for `@connections` where the management API is not — the stage's name after a custom domain's mapping,
 * a path under no mapping — refused as API Gateway refuses it: within the stage, "No method found matching route"
 * (the words AWS answers a handler that adds the stage to a custom domain's URL); else 403. The log says where the
 * management API is.
 */
export function refuseMisrouted(
  gw: Gateway,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  stagePath: string | undefined,
  managementUrl: string,
): void {
  const method = req.method ?? 'GET';
  gw.logger.warn(
    `@connections ${method} ${(req.url ?? '/').split('?')[0]}: the management API is at ${managementUrl}/@connections/ID here.`,
  );
  const message =
    stagePath === undefined
      ? 'Forbidden'
      : `No method found matching route ${stagePath.slice(1)} for http method ${method}.`;
  reply(res, 403, { message }, 'ForbiddenException');
}

function reply(res: http.ServerResponse, status: number, body?: unknown, errorType?: string): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * A management call — `@connections`, Lambda's Invoke API — checked as an AWS_IAM route's request is: its SigV4,
 * against the mapping's keys (any signed call when it lists none), no authorizer; `service` is the one its signature
 * must be scoped to. A refusal is worded as AWS's execute-api front door words it (sigv4.ts executeApiRefusal).
 */
export function authorizeManagement(gw: Gateway, r: LocalRequest, service?: string): Promise<AuthOutcome> {
  return authorize(gw, {
    type: 'AWS_IAM',
    authorizerName: undefined,
    scopes: undefined,
    sources: requestSources(gw, r, undefined),
    signed: signedPartsOf(r),
    routeArn: '',
    requestId: r.requestId,
    authorizerEvent: () => undefined,
    onInvocation: () => undefined,
    management: true,
    ...(service ? { service } : {}),
  });
}

export async function handleConnections(
  gw: Gateway,
  ws: WebSocketApi,
  id: string,
  stagePath: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  maxMessageBytes: number,
): Promise<void> {
  // Read whole, up to the payload quota, for its signature to be checked: a body cut at the message quota failed the
  // check of a client that does not send its hash (boto3), a 403 where AWS says the message is too long.
  const body = await readBody(req, MAX_HTTP_PAYLOAD_BYTES).catch(() => Buffer.alloc(0));
  if (body === undefined) return reply(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
  const r = toLocalRequest(gw, req, body, stagePath);
  const auth = await authorizeManagement(gw, r, 'execute-api');
  if (!auth.ok) {
    gw.logger.warn(`@connections ${r.method} refused: ${auth.reason}`);
    // AWS's words and error type for the refusal (`InvalidSignatureException` for a mismatch, with the canonical
    // request it expected; `MissingAuthenticationTokenException` unsigned…): the SDK client throws that class.
    const errorType = auth.response.headers.find(([k]) => k === 'x-amzn-errortype')?.[1] ?? 'ForbiddenException';
    return reply(res, 403, { message: gatewayMessage(auth.response) ?? 'Forbidden' }, errorType);
  }
  // Callbacks count against the account's quota as requests do ("WebSocket callback APIs": docs/AWS.md).
  const throttled = gw.throttle.admitToAccount(gw.clock.now());
  if (throttled) {
    gw.logger.warn(`@connections ${r.method} ${throttled}`);
    return reply(res, 429, { message: 'Rate exceeded' }, 'LimitExceededException');
  }
  const conn = ws.connections.get(id);
  // A connection whose client has sent its close frame is gone, though ws waits up to 30 s for the TCP connection
  // to end before it says so.
  if (!conn || conn.closing || conn.ws.readyState !== WebSocket.OPEN)
    return reply(res, 410, { message: `Connection ${id} is gone` }, 'GoneException');
  if (r.method === 'GET')
    return reply(res, 200, {
      connectedAt: new Date(conn.info.connectedAt).toISOString(),
      identity: { sourceIp: conn.info.sourceIp, userAgent: conn.info.userAgent ?? '' },
      lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
    });
  if (r.method === 'DELETE') {
    // The close AWS's $disconnect reports after DeleteConnection (an execution log users show:
    // https://github.com/aws/chalice/issues/2060).
    conn.closing = true;
    conn.closedWith = { code: 1000, reason: 'Connection Closed Normally' };
    conn.ws.close(1000, 'Connection Closed Normally');
    return reply(res, 204);
  }
  if (r.method !== 'POST')
    return reply(res, 400, { message: `${r.method} is not a management operation` }, 'BadRequestException');
  if (body.length > maxMessageBytes)
    return reply(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
  conn.lastActiveAt = gw.clock.now();
  conn.ws.send(body, { binary: !isUtf8(body) });
  return reply(res, 200);
}
