// The call itself: one HTTP(S) request with node:http/node:https, timed by its socket's events (DNS, connect, TLS,
// first byte, total), the body kept as bytes, redirects returned as they are (never followed silently), a timeout on
// an injected clock and cancellation by AbortSignal. Failures are WorkbenchErrors that say what to do.
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { CancelledError, WorkbenchError } from '../../core/errors';
import { responseRequestId, type CallRequest, type CallResponse, type Timing } from '../../core/call/types';
import { systemClock, type Clock } from '../../core/tail/clock';

export interface SendOptions {
  /** Default 30 s: API Gateway answers within its 30 s integration timeout. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes of body kept (the rest is counted, not kept); default 10 MB, API Gateway's payload quota. */
  maxBodyBytes?: number;
  clock?: Clock;
  /** A keep-alive agent to reuse sockets (timing then has no DNS/connect/TLS); default a new connection per call. */
  agent?: http.Agent;
  /** HTTPS: a client certificate (a custom domain with mutual TLS) and the CAs trusted instead of the system's. */
  tls?: ClientTls;
}

/** PEM texts, as curl's `--cert`, `--key` and `--cacert` files hold them. */
export interface ClientTls {
  cert?: string;
  /** The certificate's private key; default: the one in `cert`'s text. */
  key?: string;
  ca?: string;
}

/** The TLS options of a request with `tls`: the key read from the certificate's text when none is given. */
function tlsOptions(tls: ClientTls): https.RequestOptions {
  return {
    ...(tls.cert ? { cert: tls.cert, key: tls.key ?? tls.cert } : {}),
    ...(tls.ca ? { ca: tls.ca } : {}),
  };
}

/** An HTTPS request's TLS: SNI for a host name (never an IP address, which RFC 6066 forbids there), and `tls`. */
function serverTlsOptions(url: URL, tls: ClientTls | undefined): https.RequestOptions {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { ...(isIP(host) ? {} : { servername: host }), ...(tls ? tlsOptions(tls) : {}) };
}

/** OpenSSL's codes for a server certificate the client does not trust. */
const UNTRUSTED_SERVER = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const USER_AGENT = 'apigw-workbench';

class Timer {
  private readonly t0 = performance.now();
  readonly timing: Timing = { total: 0 };
  mark(phase: Exclude<keyof Timing, 'total'>): void {
    this.timing[phase] = performance.now() - this.t0;
  }
  end(): Timing {
    this.timing.total = performance.now() - this.t0;
    return this.timing;
  }
}

function watchSocket(socket: Socket, timer: Timer): void {
  // A reused keep-alive socket is already connected: those phases did not happen for this call.
  if (!socket.connecting) return;
  socket.once('lookup', () => timer.mark('dns'));
  socket.once('connect', () => timer.mark('connect'));
  socket.once('secureConnect', () => timer.mark('tls'));
}

function flatHeaders(req: CallRequest, url: URL, bodyLength: number): string[] {
  const out: string[] = [];
  const has = (n: string) => req.headers.some(([k]) => k.toLowerCase() === n);
  for (const [k, v] of req.headers) out.push(k, v);
  if (!has('host')) out.push('host', url.host);
  if (!has('user-agent')) out.push('user-agent', USER_AGENT);
  if (req.body !== undefined && !has('content-length')) out.push('content-length', String(bodyLength));
  return out;
}

function networkError(err: NodeJS.ErrnoException, url: URL, timeoutMs: number): WorkbenchError {
  const where = `${url.protocol}//${url.host}`;
  if (err.code === 'ETIMEDOUT')
    return new WorkbenchError('Network', `No answer from ${where} within ${timeoutMs / 1000} s.`, {
      hint: 'The route may be slow (API Gateway waits up to 30 s for an integration): raise the timeout, or look at its logs.',
      cause: err,
    });
  if (err.code === 'ECONNREFUSED')
    return new WorkbenchError('Network', `Nothing answers at ${where} (connection refused).`, {
      hint: 'Is the local API running (apigw serve, Run Spec Locally) on that port?',
      cause: err,
    });
  if (err.code && UNTRUSTED_SERVER.has(err.code))
    return new WorkbenchError('Network', `The server certificate of ${where} is not trusted (${err.message}).`, {
      hint:
        'For a local API served with mutual TLS, trust the CA file its start names (--cacert, or ' +
        'apigw.call.clientCertificates); the editor trusts a local API it runs by itself.',
      cause: err,
    });
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new WorkbenchError('Network', `The host ${url.hostname} cannot be resolved.`, {
      hint: 'Check the URL, the stage and your network.',
      cause: err,
    });
  return new WorkbenchError('Network', `The call to ${where} failed: ${err.message}`, { cause: err });
}

interface Pending {
  req: CallRequest;
  url: URL;
  body: Buffer | undefined;
  o: SendOptions;
  timer: Timer;
  startedAt: number;
}

function collect(p: Pending, res: http.IncomingMessage): Promise<CallResponse> {
  const max = p.o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  return new Promise((resolve, reject) => {
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (kept >= max) return;
      const part = kept + c.length > max ? c.subarray(0, max - kept) : c;
      chunks.push(part);
      kept += part.length;
    });
    res.once('error', reject);
    res.once('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
      const requestId = responseRequestId(headers);
      resolve({
        method: p.req.method,
        url: p.req.url,
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        httpVersion: res.httpVersion,
        headers,
        body: Buffer.concat(chunks),
        truncated: size > kept,
        size,
        timing: p.timer.end(),
        ...(requestId ? { requestId } : {}),
        startedAt: p.startedAt,
      });
    });
  });
}

function bodyBuffer(body: CallRequest['body']): Buffer | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** Sends `req` and resolves with the whole response; rejects with a WorkbenchError (Network, or Cancelled). */
export function sendRequest(req: CallRequest, o: SendOptions = {}): Promise<CallResponse> {
  const url = new URL(req.url);
  const clock = o.clock ?? systemClock;
  const body = bodyBuffer(req.body);
  const p: Pending = { req, url, body, o, timer: new Timer(), startedAt: clock.now() };
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<CallResponse>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new CancelledError('The call was cancelled.'));
    const lib = url.protocol === 'https:' || url.protocol === 'wss:' ? https : http;
    const r = lib.request({
      method: req.method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: flatHeaders(req, url, body?.length ?? 0),
      agent: o.agent ?? false,
      ...(lib === https ? serverTlsOptions(url, o.tls) : {}),
    });
    let settled = false;
    const finish = (err: Error | undefined, res?: CallResponse) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timeout);
      o.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(res!);
    };
    const timeout = clock.setTimeout(() => {
      finish(networkError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }), url, timeoutMs));
      r.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish(new CancelledError('The call was cancelled.'));
      r.destroy();
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    r.on('socket', (s) => watchSocket(s, p.timer));
    r.once('response', (res) => {
      p.timer.mark('firstByte');
      collect(p, res).then(
        (out) => finish(undefined, out),
        (err: NodeJS.ErrnoException) => finish(networkError(err, url, timeoutMs)),
      );
    });
    r.once('error', (err: NodeJS.ErrnoException) => finish(networkError(err, url, timeoutMs)));
    r.end(body);
  });
}
