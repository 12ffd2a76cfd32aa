// A custom runtime's execution environment: the function's `bootstrap` (a Go or Rust build, a shell script, any
// executable) started with AWS_LAMBDA_RUNTIME_API naming a server of Lambda's runtime API, version 2018-06-01, that
// this environment alone serves (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): the runtime asks
// for the next invocation, runs it and posts the response or the error. Its first request for an invocation ends
// the init phase, as it does on Lambda.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  InitError,
  MAX_RESPONSE_BYTES,
  responseSizeError,
  spawnHandler,
  type HandlerEnvironment,
  type InvokeOutcome,
  type SpawnSpec,
} from './environment';
import type { HandlerError, InvokeContext } from './protocol';

/** The runtime API's paths, after `http://${AWS_LAMBDA_RUNTIME_API}`. */
const PATH = /^\/2018-06-01\/runtime\/(?:invocation\/(?:(next)|([^/?]+)\/(response|error))|init\/(error))$/;

interface Invocation {
  id: string;
  event: unknown;
  context: InvokeContext;
  resolve: (o: InvokeOutcome) => void;
}

/** A body read up to a limit: its bytes, or how many there were when over it. */
type Body = { bytes: Buffer } | { tooLarge: number };

function readBody(req: http.IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? { tooLarge: size } : { bytes: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ bytes: Buffer.alloc(0) }));
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const ACCEPTED = { status: 'OK' };

/**
 * The error a runtime posts (`{errorMessage, errorType, stackTrace}`, all optional, as the API's ErrorRequest):
 * its type from the body, else the `Lambda-Runtime-Function-Error-Type` header, else Lambda's `Unhandled`.
 */
function errorOf(bytes: Buffer, header: string | string[] | undefined): HandlerError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = { errorMessage: bytes.toString('utf8') };
  }
  const headerType = typeof header === 'string' && header ? header : undefined;
  const stack = Array.isArray(body.stackTrace) ? body.stackTrace.map(String) : undefined;
  return {
    errorType: typeof body.errorType === 'string' && body.errorType ? body.errorType : (headerType ?? 'Unhandled'),
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : '',
    ...(stack?.length ? { stackTrace: stack } : {}),
  };
}

/**
 * A response's bytes as the value a handler returned: JSON read as JSON, nothing as nothing, and anything else as
 * its text, which API Gateway's payload 2.0 takes as the body (the tutorial's shell runtime answers plain text).
 */
function valueOf(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class RuntimeApiEnvironment implements HandlerEnvironment {
  private child: ChildProcess | undefined;
  private readonly server: http.Server;
  private readonly startedAt = performance.now();
  /** An invocation no `next` request has taken yet. */
  private queued: Invocation | undefined;
  /** A `next` request waiting for an invocation. */
  private waitingNext: http.ServerResponse | undefined;
  /** The invocation the runtime is running. */
  private running: Invocation | undefined;
  private readyWaiter: { resolve: (initMs: number) => void; reject: (e: Error) => void } | undefined;
  private isReady = false;
  private killed = false;
  exited = false;
  initMs: number | undefined;
  readonly maxRssKb = undefined;
  readonly closed: Promise<void>;

  constructor(
    spec: SpawnSpec,
    public generation: number,
    onLog: (line: string, stream: 'stdout' | 'stderr') => void,
  ) {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    const serverClosed = new Promise<void>((resolve) => {
      this.server.once('close', () => resolve());
      this.server.once('error', () => resolve());
    });
    const childClosed = new Promise<void>((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        if (this.killed) return resolve(this.stopServer());
        const { port } = this.server.address() as { port: number };
        const env = { ...spec.env, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}` };
        // A group of its own: a shell runtime's `curl` waiting for the next invocation ends with it.
        const started = spawnHandler({ ...spec, env }, 0, onLog, (message) => this.onExit(message), true);
        this.child = started.child;
        void started.closed.then(resolve);
      });
      this.server.on('error', (err) => {
        this.onExit(`could not serve the runtime API: ${err.message}`);
        resolve();
      });
    });
    this.closed = Promise.all([serverClosed, childClosed]).then(() => undefined);
  }

  ready(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.exited) reject(new Error('the runtime ended before it asked for an invocation'));
      else if (this.isReady) resolve(this.initMs ?? 0);
      else this.readyWaiter = { resolve, reject };
    });
  }

  /** Nothing to load: the bootstrap loads its own code. */
  load(): void {}

  invoke(id: string, event: unknown, context: InvokeContext): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      if (this.exited) return resolve({ kind: 'crash', message: 'the runtime has ended' });
      this.queued = { id, event, context, resolve };
      const next = this.waitingNext;
      this.waitingNext = undefined;
      if (next) this.deliver(next);
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.child?.pid || this.exited) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  /** No more runtime API: a request still held (a `next`) ends, so a child of the runtime waiting on it ends too. */
  private stopServer(): void {
    this.waitingNext = undefined;
    this.server.close();
    this.server.closeAllConnections();
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = PATH.exec(req.url ?? '');
    if (!m || req.method !== (m[1] ? 'GET' : 'POST')) {
      req.resume();
      return reply(res, 404, { errorMessage: `No such runtime API: ${req.method} ${req.url}`, errorType: 'NotFound' });
    }
    if (m[1]) return this.onNext(res);
    const body = await readBody(req, MAX_RESPONSE_BYTES);
    if (m[4]) return this.onInitError(res, body, req.headers['lambda-runtime-function-error-type']);
    return this.onResult(res, m[2]!, m[3] as 'response' | 'error', body, req.headers);
  }

  /** `GET next`: the first ends the init phase; each answers with the queued invocation, or waits for one. */
  private onNext(res: http.ServerResponse): void {
    if (!this.isReady) {
      this.isReady = true;
      this.initMs = performance.now() - this.startedAt;
      this.readyWaiter?.resolve(this.initMs);
      this.readyWaiter = undefined;
    }
    if (this.running)
      this.finish({ kind: 'crash', message: 'the runtime asked for the next invocation without answering this one' });
    this.waitingNext?.destroy();
    this.waitingNext = res;
    if (this.queued) {
      this.waitingNext = undefined;
      this.deliver(res);
    }
  }

  private deliver(res: http.ServerResponse): void {
    const inv = this.queued!;
    this.queued = undefined;
    this.running = inv;
    const text = JSON.stringify(inv.event ?? null);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'lambda-runtime-aws-request-id': inv.id,
      // The runtime's clock, not the API's: the deadline is a wall-clock time, as Lambda gives it.
      'lambda-runtime-deadline-ms': String(Date.now() + inv.context.remainingMs),
      'lambda-runtime-invoked-function-arn': inv.context.invokedFunctionArn,
      'lambda-runtime-trace-id': inv.context.traceId,
    });
    res.end(text);
  }

  private onResult(
    res: http.ServerResponse,
    id: string,
    kind: 'response' | 'error',
    body: Body,
    headers: http.IncomingHttpHeaders,
  ): void {
    if (!this.running || decodeURIComponent(id) !== this.running.id)
      return reply(res, 400, { errorMessage: `Invalid request ID: ${id}`, errorType: 'InvalidRequestID' });
    if ('tooLarge' in body) {
      this.finish({ kind: 'error', error: responseSizeError(body.tooLarge) });
      return reply(res, 413, {
        errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: 'RequestEntityTooLarge',
      });
    }
    this.finish(
      kind === 'response'
        ? { kind: 'ok', value: valueOf(body.bytes) }
        : { kind: 'error', error: errorOf(body.bytes, headers['lambda-runtime-function-error-type']) },
    );
    reply(res, 202, ACCEPTED);
  }

  /** `POST init/error`: the init phase failed; Lambda ends the environment. After init it is refused. */
  private onInitError(res: http.ServerResponse, body: Body, header: string | string[] | undefined): void {
    if (this.isReady)
      return reply(res, 403, { errorMessage: 'The init phase is over.', errorType: 'InvalidStateTransition' });
    const error = errorOf('bytes' in body ? body.bytes : Buffer.alloc(0), header);
    this.readyWaiter?.reject(new InitError(error));
    this.readyWaiter = undefined;
    reply(res, 202, ACCEPTED);
    this.kill();
  }

  private finish(outcome: InvokeOutcome): void {
    const inv = this.running;
    this.running = undefined;
    inv?.resolve(outcome);
  }

  private onExit(message: string): void {
    if (this.exited) return;
    this.exited = true;
    this.stopServer();
    this.readyWaiter?.reject(new Error(`the runtime ${message} before it asked for an invocation`));
    this.readyWaiter = undefined;
    const why = `the runtime ${message}`;
    this.finish({ kind: 'crash', message: why });
    this.queued?.resolve({ kind: 'crash', message: why });
    this.queued = undefined;
  }
}
