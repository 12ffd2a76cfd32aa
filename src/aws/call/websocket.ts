// WebSocket sessions with a stage (or the local API): connect through the same host guard and auth as a call (the
// `$connect` authorizer's identity sources, or SigV4 on the upgrade request), send text or binary messages, receive
// frames with timestamps, ping, close. Several sessions at once, each with its own id; the editor's session view and
// `apigw ws` are thin glue over this.
import { EventEmitter } from 'node:events';
import { WebSocket, type RawData } from 'ws';
import type { RouteAuth } from '../../core/call/auth';
import { redactUrl } from '../../core/call/format';
import { checkRequestUrl, type Target } from '../../core/call/targets';
import type { CallRequest } from '../../core/call/types';
import { CancelledError, WorkbenchError } from '../../core/errors';
import { redact } from '../../core/redact';
import { systemClock, type Clock } from '../../core/tail/clock';
import { applyAuth, type AuthProviders } from './auth';
import { secretQueryNames } from '../../core/call/auth';

export interface WsFrame {
  direction: 'in' | 'out';
  /** ms since the epoch, on the session's clock. */
  time: number;
  kind: 'text' | 'binary' | 'ping' | 'pong';
  /** Text frames as text; binary frames as bytes. */
  data: string | Uint8Array;
}

export interface WsSessionOptions {
  /** `wss://…/stage` or `ws://127.0.0.1:PORT/stage` (query parameters allowed: identity sources). */
  url: string;
  /** Where the session may connect (the host guard). */
  targets: readonly Target[];
  /** The `$connect` route's auth. */
  auth?: RouteAuth;
  providers?: AuthProviders;
  headers?: Array<[string, string]>;
  /** Default 10 s for the handshake (the `$connect` integration included). */
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Frames kept in `frames` (oldest dropped first); default 1,000. */
  maxFrames?: number;
}

export interface WsClose {
  code: number;
  reason: string;
  /** The session ended without a close frame (network, the process). */
  abnormal: boolean;
}

export interface WsSessionEvents {
  frame: [WsFrame];
  close: [WsClose];
}

let nextId = 1;

/**
 * API Gateway's WebSocket quotas: a frame of at most 32 KB, a message of at most 128 KB; a larger message must be sent
 * in several frames (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html).
 */
export const MAX_FRAME_BYTES = 32 * 1024;
export const MAX_MESSAGE_BYTES = 128 * 1024;

function tooBig(size: number): WorkbenchError {
  return new WorkbenchError(
    'InputLimit',
    `This message is ${Math.ceil(size / 1024)} KB; API Gateway takes WebSocket messages of 128 KB at most and closes the connection (1009) at a larger one.`,
    { hint: 'Send it in several messages, or put the data in S3 and send its key.' },
  );
}

export class WebSocketSession extends EventEmitter<WsSessionEvents> {
  readonly id = `ws-${nextId++}`;
  /** The URL with identity values redacted, for titles and logs. */
  readonly label: string;
  readonly frames: WsFrame[] = [];
  private closed: Promise<WsClose>;

  private constructor(
    private readonly ws: WebSocket,
    url: string,
    secretQuery: Set<string>,
    private readonly clock: Clock,
    private readonly maxFrames: number,
  ) {
    super();
    this.label = redact(redactUrl(url, secretQuery));
    ws.on('message', (data, isBinary) => this.record('in', isBinary ? 'binary' : 'text', toData(data, isBinary)));
    ws.on('ping', (d) => this.record('in', 'ping', d.toString('utf8')));
    ws.on('pong', (d) => this.record('in', 'pong', d.toString('utf8')));
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        const close = { code, reason: reason.toString('utf8'), abnormal: code === 1006 };
        this.emit('close', close);
        resolve(close);
      });
    });
    ws.on('error', () => undefined);
  }

  /** Connects (guard, auth, handshake); rejects with a WorkbenchError that says why the stage refused. */
  static async connect(o: WsSessionOptions): Promise<WebSocketSession> {
    checkRequestUrl(o.url, o.targets);
    const upgrade: CallRequest = { method: 'GET', url: o.url, headers: o.headers ?? [] };
    const signed = await applyAuth(upgrade, o.auth, o.providers);
    checkRequestUrl(signed.url, o.targets);
    const ws = await open(signed, o);
    return new WebSocketSession(ws, signed.url, secretQueryNames(o.auth), o.clock ?? systemClock, o.maxFrames ?? 1000);
  }

  get state(): 'open' | 'closing' | 'closed' {
    return this.ws.readyState === WebSocket.OPEN
      ? 'open'
      : this.ws.readyState === WebSocket.CLOSING
        ? 'closing'
        : 'closed';
  }

  /**
   * Sends a text message (or bytes as a binary one) in frames of at most 32 KB; refused once the session is closed,
   * and past the 128 KB message quota (AWS closes the connection with 1009 at a larger message or frame).
   */
  send(data: string | Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN)
      throw new WorkbenchError('Conflict', `The session ${this.label} is closed.`, { hint: 'Connect again.' });
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    if (bytes.length > MAX_MESSAGE_BYTES) throw tooBig(bytes.length);
    const binary = typeof data !== 'string';
    for (let at = 0; at < bytes.length || at === 0; at += MAX_FRAME_BYTES) {
      const fin = at + MAX_FRAME_BYTES >= bytes.length;
      this.ws.send(bytes.subarray(at, at + MAX_FRAME_BYTES), { binary, fin });
    }
    this.record('out', binary ? 'binary' : 'text', data);
  }

  /** Sends a ping; resolves with the round trip in ms when the pong arrives. */
  ping(timeoutMs = 10_000): Promise<number> {
    const t0 = performance.now();
    const payload = `${this.id}:${t0}`;
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.ws.off('pong', onPong);
        reject(new WorkbenchError('Network', `No pong within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      const onPong = (d: Buffer) => {
        if (d.toString('utf8') !== payload) return;
        this.clock.clearTimeout(timer);
        this.ws.off('pong', onPong);
        resolve(performance.now() - t0);
      };
      this.ws.on('pong', onPong);
      this.ws.ping(payload);
      this.record('out', 'ping', payload);
    });
  }

  /** Closes with `code` (1000: normal) and resolves when the stage has answered the close. */
  close(code = 1000, reason = ''): Promise<WsClose> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
    return this.closed;
  }

  /** Resolves when the session ends, whoever ends it. */
  whenClosed(): Promise<WsClose> {
    return this.closed;
  }

  private record(direction: WsFrame['direction'], kind: WsFrame['kind'], data: string | Uint8Array): void {
    const frame: WsFrame = { direction, time: this.clock.now(), kind, data };
    this.frames.push(frame);
    if (this.frames.length > this.maxFrames) this.frames.splice(0, this.frames.length - this.maxFrames);
    this.emit('frame', frame);
  }
}

function toData(data: RawData, isBinary: boolean): string | Uint8Array {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return isBinary ? new Uint8Array(buf) : buf.toString('utf8');
}

function open(req: CallRequest, o: WsSessionOptions): Promise<WebSocket> {
  const clock = o.clock ?? systemClock;
  const timeoutMs = o.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(req.headers.filter(([k]) => k.toLowerCase() !== 'host'));
    const ws = new WebSocket(req.url, { headers, perMessageDeflate: false, followRedirects: false });
    const done = (err?: Error) => {
      clock.clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      if (!err) return resolve(ws);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(err);
    };
    const timer = clock.setTimeout(
      () =>
        done(new WorkbenchError('Network', `The stage did not accept the connection within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    const onAbort = () => done(new CancelledError('The connection was cancelled.'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    ws.once('open', () => done());
    ws.once('unexpected-response', (_r, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(refused(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', () => done(refused(res.statusCode ?? 0, '')));
    });
    ws.once('error', (err: NodeJS.ErrnoException) =>
      done(new WorkbenchError('Network', `Cannot connect to ${new URL(req.url).host}: ${err.message}`, { cause: err })),
    );
  });
}

function refused(status: number, body: string): WorkbenchError {
  const why =
    status === 401
      ? 'the $connect authorizer found no identity (401)'
      : status === 403
        ? 'the $connect authorizer or the IAM policy denied it (403)'
        : `${status}`;
  return new WorkbenchError(
    'AccessDenied',
    `The stage refused the connection: ${why}${body ? `: ${redact(body.slice(0, 200))}` : ''}.`,
    {
      hint:
        status === 401 || status === 403
          ? "Check the $connect route's identity sources (token, headers) or your credentials."
          : 'Look at the stage’s logs for the $connect route.',
    },
  );
}

/** Several sessions at once, by id: what the editor's session views hold. */
export class WebSocketSessions {
  private readonly sessions = new Map<string, WebSocketSession>();

  async open(o: WsSessionOptions): Promise<WebSocketSession> {
    const s = await WebSocketSession.connect(o);
    this.sessions.set(s.id, s);
    s.once('close', () => this.sessions.delete(s.id));
    return s;
  }

  get(id: string): WebSocketSession | undefined {
    return this.sessions.get(id);
  }

  list(): WebSocketSession[] {
    return [...this.sessions.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((s) => s.close(1001, 'going away')));
  }
}
