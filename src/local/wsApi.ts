// The WebSocket API front end: the upgrade ($connect with its authorizer and required parameters), messages routed by
// the route selection expression, two-way answers, error frames, $disconnect, AWS's frame and message quotas, the idle
// timeout and connection duration, and the `@connections` management endpoint (POST, GET, DELETE) that
// ApiGatewayManagementApiClient calls. https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { authorizationType, routeSelectionExpression } from '../core/gatewaySpec/model';
import { INVALID_REQUEST_BODY, requestModelProblem } from '../core/local/requestModels';
import { flatContext, stageAccessLogLine, type AccessLogOutcome } from '../core/local/accessLog';
import {
  wsAuthorizerEvent,
  wsEvent,
  wsRequestContext,
  type AuthorizerResult,
  type WsConnectionInfo,
  type WsEventInput,
} from '../core/local/events';
import { routeArn } from '../core/local/lambdaAuthorizer';
import { header, parseQuery } from '../core/local/request';
import {
  apiKeyRefusal,
  FrameScanner,
  selectWsRoute,
  unsupportedWebSocketVersion,
  wsErrorFrame,
  type ClientClose,
  type WebSocketLimits,
} from '../core/local/websocket';
import { GATEWAY, jsonResponse } from '../core/local/responses';
import type { RequestDetail } from '../core/local/traffic';
import type { Clock } from '../core/tail/clock';
import { authorize } from './authorize';
import type { Gateway } from './gateway';
import { answerAndClose, apiPathOf, requestSources, toLocalRequest } from './httpApi';
import { runWsIntegration } from './wsIntegrations';

export interface Connection {
  ws: WebSocket;
  info: WsConnectionInfo;
  lastActiveAt: number;
  authorizer: Record<string, unknown> | undefined;
  timers: unknown[];
  closing: boolean;
  /** Why the local API closed the connection, for the $disconnect line (a binary frame). */
  closeCause?: string;
  /**
   * The close the local API sent (a quota, a protocol error): what $disconnect reports, also when ws stopped reading
   * before the client's answering close frame came (ws would say 1006).
   */
  closedWith?: { code: number; reason: string };
  /** $disconnect has run: at the client's close frame, or when the TCP connection ended without one. */
  disconnected?: boolean;
  /** Ends the TCP connection a second after the close handshake, when the client does not. */
  endTimer?: unknown;
}

/** What $connect decided: the status, the authorizer's context, the subprotocol its integration chose. */
interface ConnectOutcome {
  status: number;
  authorizer: Record<string, unknown> | undefined;
  protocol?: string;
  error?: string;
  /** The $connect integration's part of the access log, when one ran. */
  integration?: AccessLogOutcome['integration'];
  authorization?: AccessLogOutcome['authorization'];
}

/** An upgrade request on its way from ws's handshake checks through $connect to an open connection. */
interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
  stagePath: string;
  /** Resolves `upgrade()`: refused, or $connect done. */
  settled: () => void;
  /** ws found the handshake well-formed and $connect runs. */
  started?: boolean;
  /** What $connect accepted, for the connection once open. */
  accepted?: {
    info: WsConnectionInfo;
    authorizer: Record<string, unknown> | undefined;
    scanner: { conn?: Connection };
  };
}

/** A message API Gateway answers itself: the status logged, the error frame's `message`, the traffic record's reason. */
interface MessageRefusal {
  status: number;
  message: string;
  error: string;
}

const FORBIDDEN: MessageRefusal = { status: 403, message: 'Forbidden', error: 'the route has no integration' };

/** What a WebSocket request's traffic record and access log line say beyond the request. */
interface WsOutcome {
  error?: string;
  /** API Gateway's own answer (`Forbidden`, `Too Many Requests`, `Internal server error`…). */
  gatewayError?: string;
  integration?: AccessLogOutcome['integration'];
  authorization?: AccessLogOutcome['authorization'];
}

export class WebSocketApi {
  readonly connections = new Map<string, Connection>();
  /** Every open socket, those whose connection $disconnect has ended too, until ws closes it. */
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;

  /** The subprotocol each accepted upgrade answers with: what its $connect integration returned, else none. */
  private readonly protocols = new WeakMap<http.IncomingMessage, string>();

  /** Upgrades between ws's handshake checks and the open connection. */
  private readonly upgrades = new WeakMap<http.IncomingMessage, PendingUpgrade>();

  constructor(
    private gw: Gateway,
    private readonly limits: WebSocketLimits,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.maxMessageBytes,
      perMessageDeflate: false,
      // API Gateway picks no subprotocol itself: the $connect route's `Sec-WebSocket-Protocol` header does
      // (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
      handleProtocols: (_offered, req) => this.protocols.get(req) ?? false,
      verifyClient: (v: { req: http.IncomingMessage }, done: (accepted: boolean) => void) => this.verify(v.req, done),
    });
  }

  private get clock(): Clock {
    return this.gw.clock;
  }

  private newConnectionId(): string {
    return this.gw.newRequestId().replace(/=$/, '') + 'A=';
  }

  /**
   * Handles an HTTP upgrade: a `Sec-WebSocket-Version` other than 13 is refused with 426 (ws takes 8 as well); ws
   * checks the rest of the handshake (method, `Upgrade`, `Sec-WebSocket-Key`, a version) and refuses a malformed one
   * itself, before $connect runs; a well-formed one goes to $connect (ws's `verifyClient`),
   * then opens or gets the HTTP refusal.
   */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const rawPath = (req.url ?? '/').split('?')[0]!;
    // The stage's URL, or the served custom domain's mapping to it.
    const found = apiPathOf(this.gw, rawPath);
    if (!('path' in found) || found.path !== '/') {
      refuse(socket, 404, { message: 'Not Found' });
      return Promise.resolve();
    }
    if (unsupportedWebSocketVersion(req.headers['sec-websocket-version'])) {
      answerAndClose(socket, GATEWAY.webSocketVersionRequired());
      return Promise.resolve();
    }
    return new Promise((settled) => {
      this.upgrades.set(req, { socket, head, stagePath: found.path, settled });
      this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, req));
      // A handshake ws refused never reached $connect.
      if (!this.upgrades.get(req)?.started) settled();
    });
  }

  /** ws's `verifyClient`, called for a well-formed handshake: $connect decides whether it opens. */
  private verify(req: http.IncomingMessage, done: (accepted: boolean) => void): void {
    const u = this.upgrades.get(req)!;
    u.started = true;
    void this.connectUpgrade(req, u).then((accepted) => {
      if (accepted) done(true);
      u.settled();
    });
  }

  /** Runs $connect for an upgrade: true when it may open, else the refusal has been answered. */
  private async connectUpgrade(req: http.IncomingMessage, u: PendingUpgrade): Promise<boolean> {
    const r = toLocalRequest(this.gw, req, Buffer.alloc(0), u.stagePath);
    const info: WsConnectionInfo = {
      connectionId: this.newConnectionId(),
      connectedAt: this.clock.now(),
      sourceIp: r.sourceIp,
      userAgent: header(r.headers, 'user-agent'),
      headers: r.headers,
      rawQueryString: r.rawQueryString,
    };
    const started = performance.now();
    const detail = this.gw.requests.begin(r.requestId);
    const outcome: ConnectOutcome = await this.connect(info, r.requestId, detail).catch((err: Error) => ({
      status: 500,
      authorizer: undefined,
      error: err.message,
    }));
    const refusal = GATEWAY_REFUSALS[outcome.status] ?? 'Internal Server Error';
    const input = { ...this.eventInput(info, '$connect', 'CONNECT', r.requestId), authorizer: outcome.authorizer };
    this.record(detail, input, outcome.status, started, {
      error: outcome.error,
      // API Gateway's own refusal (a throttle, an authorizer, a failed integration), not the integration's status.
      gatewayError: outcome.status >= 300 && (!outcome.integration || outcome.error) ? refusal : undefined,
      integration: outcome.integration,
      authorization: outcome.authorization,
    });
    if (outcome.status >= 300) {
      refuse(u.socket, outcome.status, { message: refusal });
      return false;
    }
    if (outcome.protocol) this.protocols.set(req, outcome.protocol);
    u.accepted = { info, authorizer: outcome.authorizer, scanner: this.scanFrames(u) };
    return true;
  }

  private async connect(info: WsConnectionInfo, requestId: string, detail: RequestDetail): Promise<ConnectOutcome> {
    const throttled = this.gw.throttle.admit(this.gw.spec, this.gw.api.stage, '$connect', this.clock.now());
    if (throttled) return { status: 429, authorizer: undefined, error: throttled };
    const route = this.gw.spec.routes?.$connect;
    if (!route) return { status: 200, authorizer: undefined };
    const query = Object.fromEntries(parseQuery(info.rawQueryString));
    for (const [name, p] of Object.entries(route.requestParameters ?? {})) {
      const m = /^route\.request\.(querystring|header)\.(.+)$/.exec(name);
      const present = m && (m[1] === 'header' ? header(info.headers, m[2]!) : query[m[2]!]) !== undefined;
      if (p.required && !present)
        return { status: 400, authorizer: undefined, error: `the required parameter ${name} is missing` };
    }
    const base = this.eventInput(info, '$connect', 'CONNECT', requestId);
    const arn = routeArn(this.gw.api, '$connect');
    const auth = await authorize(this.gw, {
      type: authorizationType(this.gw.spec, route),
      authorizerName: route.authorizer,
      scopes: undefined,
      sources: requestSources(this.gw, { ...toSources(info, requestId, this.clock.now()) }, undefined, {
        connectionId: info.connectionId,
        eventType: 'CONNECT',
      }),
      signed: {
        method: 'GET',
        // The client signs the path it connects to: the stage's (`/dev`), the root only for `$default`.
        rawPath: this.gw.api.stage === '$default' ? '/' : `/${encodeURIComponent(this.gw.api.stage)}`,
        rawQueryString: info.rawQueryString,
        headers: info.headers,
        body: Buffer.alloc(0),
        host: header(info.headers, 'host') ?? '',
      },
      routeArn: arn,
      requestId,
      authorizerEvent: () => wsAuthorizerEvent(base, arn),
      onInvocation: (inv) => detail.invocations.push(inv),
    });
    const authorization = auth.log;
    if (!auth.ok) return { status: auth.response.statusCode, authorizer: undefined, error: auth.reason, authorization };
    const keyRefused = route.apiKeyRequired ? this.apiKeyRefusal(info, auth.result) : undefined;
    if (keyRefused) return { status: 403, authorizer: undefined, error: keyRefused, authorization };
    const authorizer =
      auth.result?.kind === 'lambda'
        ? { ...auth.result.context, ...(auth.result.principalId ? { principalId: auth.result.principalId } : {}) }
        : undefined;
    const integration = route.integration ? this.gw.spec.integrations?.[route.integration] : undefined;
    if (!integration) return { status: 200, authorizer, authorization };
    const res = await runWsIntegration(this.gw, integration, wsEvent({ ...base, authorizer }), requestId, detail);
    const error = res.error ?? notFinalStatus(res.statusCode);
    if (error) return { status: 500, authorizer, error, integration: res.access, authorization };
    const protocol = Object.entries(res.headers ?? {}).find(([k]) => k.toLowerCase() === 'sec-websocket-protocol')?.[1];
    const answered = { status: res.statusCode, authorizer, integration: res.access, authorization };
    return protocol ? { ...answered, protocol } : answered;
  }

  private apiKeyRefusal(info: WsConnectionInfo, auth: AuthorizerResult | undefined): string | undefined {
    return apiKeyRefusal({
      selection: this.gw.spec.api.apiKeySelectionExpression,
      header: header(info.headers, 'x-api-key'),
      authorizerKey: auth?.kind === 'lambda' ? auth.usageIdentifierKey : undefined,
      accepted: this.gw.options.apiKeys,
    });
  }

  private eventInput(
    info: WsConnectionInfo,
    routeKey: string,
    eventType: WsEventInput['eventType'],
    requestId: string,
  ): WsEventInput {
    return {
      api: this.gw.identity(header(info.headers, 'host')),
      connection: info,
      routeKey,
      eventType,
      requestId,
      timeEpoch: this.clock.now(),
      stageVariables: this.gw.stageVariables,
    };
  }

  /**
   * Follows the client's frames from the first byte after the handshake, for AWS's frame quota (ws checks only whole
   * messages) and its close frame; the connection, once open, is closed with 1009 at an oversized frame.
   */
  private scanFrames(u: PendingUpgrade): { conn?: Connection } {
    const target: { conn?: Connection } = {};
    const scanner = new FrameScanner(this.limits.maxFrameBytes, (close) => {
      if (target.conn) this.clientClosed(target.conn, close);
    });
    const onBytes = (chunk: Buffer) => {
      if (scanner.push(chunk) !== undefined && target.conn) this.closeFirmly(target.conn, 1009, 'Message too big');
    };
    onBytes(u.head);
    u.socket.prependListener('data', onBytes);
    return target;
  }

  /** The handshake is done: the connection is open. */
  private opened(ws: WebSocket, req: http.IncomingMessage): void {
    const { info, authorizer, scanner } = this.upgrades.get(req)!.accepted!;
    this.upgrades.delete(req);
    const conn: Connection = { ws, info, lastActiveAt: this.clock.now(), authorizer, timers: [], closing: false };
    scanner.conn = conn;
    this.connections.set(info.connectionId, conn);
    this.sockets.add(ws);
    this.watchTimers(conn);
    ws.on('message', (data, isBinary) => {
      if (!conn.closing) void this.onMessage(conn, data as Buffer, isBinary);
    });
    ws.on('close', (code, reason) => {
      this.sockets.delete(ws);
      if (conn.endTimer !== undefined) this.clock.clearTimeout(conn.endTimer);
      void this.disconnect(conn, code, reason.toString());
    });
    // ws closes the connection itself at a message over the quota (1009), bad UTF-8 (1007), a protocol error (1002).
    ws.on('error', (err: Error & { code?: string }) => {
      const code = wsErrorStatus(err);
      if (code) conn.closedWith ??= { code, reason: '' };
    });
  }

  /**
   * AWS's idle timeout and connection duration: either closes the connection with 1001 "Going away", what AWS's
   * $disconnect says after an idle connection's ten minutes (an event users captured: docs/LOCAL.md), whatever code
   * the client answers with.
   */
  private watchTimers(conn: Connection): void {
    const goAway = () => this.closeFirmly(conn, 1001, 'Going away');
    conn.timers.push(this.clock.setTimeout(goAway, this.limits.maxDurationMs));
    const idle = () => {
      const quiet = this.clock.now() - conn.lastActiveAt;
      if (quiet >= this.limits.idleTimeoutMs) goAway();
      else conn.timers.push(this.clock.setTimeout(idle, this.limits.idleTimeoutMs - quiet));
    };
    conn.timers.push(this.clock.setTimeout(idle, this.limits.idleTimeoutMs));
  }

  /**
   * The client's close frame: for API Gateway the connection ends there, and $disconnect runs at once — ws says
   * "close" only when the TCP connection ends too, up to 30 s later for a client that keeps it open. ws answers the
   * close frame; the connection is ended a second later if the client has not ended it.
   */
  private clientClosed(conn: Connection, close: ClientClose): void {
    void this.disconnect(conn, close.code, close.reason);
    conn.endTimer ??= this.clock.setTimeout(() => conn.ws.terminate(), 1000);
  }

  private async onMessage(conn: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return this.refuseBinary(conn);
    conn.lastActiveAt = this.clock.now();
    const started = performance.now();
    const requestId = this.gw.newRequestId();
    const text = data.toString('utf8');
    const keys = new Set(Object.keys(this.gw.spec.routes ?? {}));
    const routeKey = selectWsRoute(routeSelectionExpression(this.gw.spec), text, keys);
    const detail = this.gw.requests.begin(requestId);
    const route = routeKey ? this.gw.spec.routes?.[routeKey] : undefined;
    const integration = route?.integration ? this.gw.spec.integrations?.[route.integration] : undefined;
    const input: WsEventInput = {
      ...this.eventInput(conn.info, routeKey ?? '-', 'MESSAGE', requestId),
      messageId: this.gw.newRequestId(),
      authorizer: conn.authorizer,
    };
    const refusal = this.messageRefusal(routeKey, text);
    if (refusal || !integration) return this.refuseMessage(conn, detail, input, started, refusal ?? FORBIDDEN);
    // CONVERT_TO_BINARY: the message is base64 of bytes, which a Lambda proxy event carries as base64.
    const event = wsEvent({ ...input, body: { text, binary: integration.contentHandling === 'CONVERT_TO_BINARY' } });
    const res = await runWsIntegration(this.gw, integration, event, requestId, detail);
    if (res.error) conn.ws.send(wsErrorFrame('Internal server error', conn.info.connectionId, requestId));
    else if (route?.routeResponseSelectionExpression && res.body !== undefined && conn.ws.readyState === WebSocket.OPEN)
      conn.ws.send(res.body);
    this.record(detail, input, res.error ? 500 : res.statusCode, started, {
      error: res.error,
      gatewayError: res.error ? 'Internal server error' : undefined,
      integration: res.access,
    });
  }

  /**
   * A binary frame: AWS "rejects it and disconnects the client with code 1003" (binary media types for WebSocket
   * APIs); no route is called, and $disconnect says why.
   */
  private refuseBinary(conn: Connection): void {
    this.closeFirmly(
      conn,
      1003,
      '',
      'a binary frame: API Gateway takes text frames only, and closed the connection with 1003',
    );
  }

  /** Closes the connection with `code`, ended a second later when the client does not answer the close. */
  private closeFirmly(conn: Connection, code: number, reason: string, cause?: string): void {
    if (conn.closing) return;
    conn.closing = true;
    if (cause) conn.closeCause = cause;
    conn.closedWith = { code, reason };
    conn.ws.close(code, reason);
    conn.timers.push(this.clock.setTimeout(() => conn.ws.terminate(), 1000));
  }

  /** Runs $disconnect, once: at the client's close frame, or when the connection ended without one. */
  private async disconnect(conn: Connection, received: number, receivedReason: string): Promise<void> {
    if (conn.disconnected) return;
    conn.disconnected = true;
    const { code, reason } = conn.closedWith ?? { code: received, reason: receivedReason };
    for (const t of conn.timers) this.clock.clearTimeout(t);
    this.connections.delete(conn.info.connectionId);
    const route = this.gw.spec.routes?.$disconnect;
    const integration = route?.integration ? this.gw.spec.integrations?.[route.integration] : undefined;
    const started = performance.now();
    const requestId = this.gw.newRequestId();
    const detail = this.gw.requests.begin(requestId);
    const input: WsEventInput = {
      ...this.eventInput(conn.info, '$disconnect', 'DISCONNECT', requestId),
      authorizer: conn.authorizer,
      disconnect: {
        statusCode: code,
        reason: reason || (code === 1005 ? 'Client-side close frame status not set' : ''),
      },
    };
    // Without an integration the disconnection is still traffic, and a line of the stage's access log.
    if (!integration) return this.record(detail, input, 200, started, { error: conn.closeCause });
    const res = await runWsIntegration(this.gw, integration, wsEvent(input), requestId, detail);
    this.record(detail, input, res.error ? 500 : res.statusCode, started, {
      error: res.error ?? conn.closeCause,
      integration: res.access,
    });
  }

  /** Why API Gateway answers a message to `routeKey` itself: no route or integration, a throttle, an invalid body. */
  private messageRefusal(routeKey: string | undefined, text: string | undefined): MessageRefusal | undefined {
    const route = routeKey ? this.gw.spec.routes?.[routeKey] : undefined;
    if (!routeKey || !route) return { ...FORBIDDEN, error: 'no route matches and there is no $default route' };
    if (!route.integration || !this.gw.spec.integrations?.[route.integration]) return FORBIDDEN;
    const throttled = this.gw.throttle.admit(this.gw.spec, this.gw.api.stage, routeKey, this.clock.now());
    if (throttled) return { status: 429, message: 'Too Many Requests', error: throttled };
    // Request validation: the route's model, before its integration is called.
    const invalid = requestModelProblem(this.gw.spec, route, text);
    if (invalid) return { status: 400, message: INVALID_REQUEST_BODY, error: invalid };
    return undefined;
  }

  /** A message API Gateway answers itself, with an error frame (`Forbidden`, `Too Many Requests`…). */
  private refuseMessage(
    conn: Connection,
    detail: RequestDetail,
    input: WsEventInput,
    started: number,
    r: MessageRefusal,
  ): void {
    conn.ws.send(wsErrorFrame(r.message, conn.info.connectionId, input.requestId));
    this.record(detail, input, r.status, started, { error: r.error, gatewayError: r.message });
  }

  /** The traffic record of a connection, message or disconnection, with the stage's access log line. */
  private record(detail: RequestDetail, input: WsEventInput, status: number, started: number, o: WsOutcome): void {
    const latencyMs = performance.now() - started;
    const format = this.gw.spec.stages?.[this.gw.api.stage]?.accessLog?.format;
    if (format) {
      const context = flatContext(wsRequestContext(input));
      const outcome: AccessLogOutcome = {
        protocol: 'WEBSOCKET',
        status,
        responseLatencyMs: latencyMs,
        gatewayError: o.gatewayError,
        integration: o.integration,
        authorization: o.authorization,
      };
      detail.accessLog = stageAccessLogLine(format, outcome, (name) => context[name]);
    }
    this.gw.record(detail, {
      requestId: input.requestId,
      time: this.clock.now(),
      method: input.eventType,
      route: input.routeKey,
      status,
      latencyMs,
      connectionId: input.connection.connectionId,
      ...(o.error ? { error: o.error } : {}),
    });
  }

  /** Serves a reloaded spec; open connections stay. */
  retarget(gw: Gateway): void {
    this.gw = gw;
  }

  /** Closes every connection (the API is stopping). */
  closeAll(): void {
    for (const c of this.connections.values()) for (const t of c.timers) this.clock.clearTimeout(t);
    for (const ws of this.sockets) ws.terminate();
    this.connections.clear();
    this.sockets.clear();
    this.wss.close();
  }
}

/**
 * Why a $connect integration's status cannot answer an upgrade: one below 200 (`0`, a 1xx) would open the connection
 * without a 2xx, one above 599 is no HTTP status. API Gateway opens only on a 2xx.
 */
function notFinalStatus(status: number): string | undefined {
  if (status >= 200 && status <= 599) return undefined;
  return `the $connect integration answered status ${status}, which is not a final HTTP status (200-599)`;
}

/** The close code ws sent for an error it found in the client's frames (ws's `WS_ERR_*` codes), else undefined. */
function wsErrorStatus(err: { code?: string }): number | undefined {
  if (!err.code?.startsWith('WS_ERR_')) return undefined;
  if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || err.code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH')
    return 1009;
  return err.code === 'WS_ERR_INVALID_UTF8' ? 1007 : 1002;
}

function toSources(info: WsConnectionInfo, requestId: string, now: number): Parameters<typeof requestSources>[1] {
  return {
    method: 'GET',
    rawPath: '/',
    stagePath: '/',
    rawQueryString: info.rawQueryString,
    headers: info.headers,
    body: Buffer.alloc(0),
    sourceIp: info.sourceIp,
    protocol: 'HTTP/1.1',
    requestId,
    timeEpoch: now,
  };
}

/** The `message` of the refusals API Gateway words itself; any other status of $connect says `Internal Server Error`. */
const GATEWAY_REFUSALS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
};

function refuse(socket: Duplex, status: number, body: unknown): void {
  answerAndClose(socket, jsonResponse(status, body));
}
