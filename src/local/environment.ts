// One execution environment: a handler process that loaded the function once and runs one invocation at a time,
// as a Lambda execution environment does. Its stdout and stderr are the function's log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { readLines } from './lines';
import type { FromHandler, HandlerError, InvokeContext, LoadSpec } from './protocol';

export interface SpawnSpec {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
}

export type InvokeOutcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: HandlerError }
  /** The process ended mid-invocation (exit, crash, killed at the function timeout). */
  | { kind: 'crash'; message: string };

export class InitError extends Error {
  constructor(readonly error: HandlerError) {
    super(`${error.errorType}: ${error.errorMessage}`);
    this.name = 'InitError';
  }
}

/**
 * One execution environment as a function uses it, whichever way its process talks: this file's protocol on fd 3
 * (the Node runner, the Python shim), or Lambda's runtime API over HTTP (a custom runtime: runtimeApi.ts).
 */
export interface HandlerEnvironment {
  generation: number;
  readonly exited: boolean;
  /** The init phase's duration until the first invocation reports it (Lambda's Init Duration), then undefined. */
  initMs: number | undefined;
  /** The process's peak resident memory in KB, when known. */
  readonly maxRssKb: number | undefined;
  /** Resolves once the process has ended and its output is read to the end (every log line relayed). */
  readonly closed: Promise<void>;
  /** Resolves with the init duration once the handler is loaded; rejects with its init error. */
  ready(): Promise<number>;
  /** Tells a booted Node runner what to load (then `ready()` reports the init phase). */
  load(spec: LoadSpec, generation: number): void;
  invoke(id: string, event: unknown, context: InvokeContext): Promise<InvokeOutcome>;
  kill(): void;
}

/**
 * Starts a handler process with its stdout and stderr read as the function's log lines, and `extra` more pipes after
 * them (fd 3…). `onExit` hears once why it ended, or could not start. `group`: the process leads a process group of
 * its own, so its children can be ended with it (runtimeApi.ts).
 */
export function spawnHandler(
  spec: SpawnSpec,
  extra: number,
  onLog: (line: string, stream: 'stdout' | 'stderr') => void,
  onExit: (message: string) => void,
  group = false,
): { child: ChildProcess; closed: Promise<void> } {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe', ...Array<'pipe'>(extra).fill('pipe')],
    detached: group,
  });
  readLines(child.stdout!, (line) => onLog(line, 'stdout'), MAX_LOG_LINE);
  readLines(child.stderr!, (line) => onLog(line, 'stderr'), MAX_LOG_LINE);
  child.on('error', (err) => onExit(`could not start ${spec.command}: ${err.message}`));
  child.on('exit', (code, signal) => onExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
  return { child, closed: new Promise((resolve) => child.once('close', () => resolve())) };
}

/**
 * Lambda's limit on what a synchronous invocation returns: "For synchronous invocations, the maximum payload size is
 * 6 MB" (https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html). Past it the function has failed.
 */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/**
 * Lambda's limit on the event of a synchronous invocation, the same 6 MB (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
 * Lambda refuses a larger one (RequestEntityTooLargeException) before any code runs, and API Gateway answers 500
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html).
 */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/**
 * The longest log line of a handler process: CloudWatch Logs' largest event (256 KB). A longer one (a process that
 * prints without a newline) is passed on in parts of this length as it arrives, not held until it ends.
 */
export const MAX_LOG_LINE = 256 * 1024;

/**
 * What the event holds besides its body, at most: the request's headers and URL (node reads 16 KB of them; payload
 * 1.0 writes each twice, and JSON may escape each character as six), the request context and the authorizer's.
 */
const EVENT_OVERHEAD_BYTES = 1024 * 1024;

/** Why Lambda would refuse an invocation with this event, or undefined. Counted only when its body could matter. */
export function eventTooLarge(event: unknown): string | undefined {
  const body = (event as { body?: unknown } | null)?.body;
  const chars = typeof body === 'string' ? body.length : 0;
  // JSON writes a UTF-16 unit as at most 6 bytes (`\u001f`): below this the event cannot be over.
  if (chars * 6 + EVENT_OVERHEAD_BYTES <= MAX_EVENT_BYTES) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes <= MAX_EVENT_BYTES) return undefined;
  return `Lambda refused the invocation (RequestEntityTooLargeException): the event is ${bytes} bytes, over the ${MAX_EVENT_BYTES} bytes of a synchronous invocation`;
}

function resultOutcome(msg: Extract<FromHandler, { type: 'result' }>, line: string): InvokeOutcome {
  if (!msg.ok) return { kind: 'error', error: msg.error };
  const tooLarge = responseTooLarge(line, msg);
  return tooLarge ? { kind: 'error', error: tooLarge } : { kind: 'ok', value: msg.value };
}

/** The error of a result line whose value is over the limit: the line less the envelope both runners write. */
function responseTooLarge(line: string, msg: { id: string; maxRssKb?: number }): HandlerError | undefined {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most lines are answered without counting.
  if (line.length * 3 <= MAX_RESPONSE_BYTES) return undefined;
  const memory = msg.maxRssKb === undefined ? '' : `"maxRssKb":${msg.maxRssKb},`;
  const envelope = `{"type":"result","id":${JSON.stringify(msg.id)},"ok":true,${memory}"value":}`;
  const bytes = Buffer.byteLength(line) - Buffer.byteLength(envelope);
  return bytes <= MAX_RESPONSE_BYTES ? undefined : responseSizeError(bytes);
}

/** Lambda's error for a response of `bytes`, over MAX_RESPONSE_BYTES. */
export function responseSizeError(bytes: number): HandlerError {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

export class ExecutionEnvironment implements HandlerEnvironment {
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private pending: { id: string; resolve: (o: InvokeOutcome) => void } | undefined;
  private readyWaiter: { resolve: (initMs: number) => void; reject: (e: Error) => void } | undefined;
  exited = false;
  /** The init phase's duration until the first invocation reports it (Lambda's Init Duration), then undefined. */
  initMs: number | undefined;
  /** The process's peak resident memory in KB, as its last answer said. */
  maxRssKb: number | undefined;

  constructor(
    spec: SpawnSpec,
    public generation: number,
    onLog: (line: string, stream: 'stdout' | 'stderr') => void,
    private readonly onSources?: (files: string[]) => void,
  ) {
    const started = spawnHandler(spec, 1, onLog, (message) => this.onExit(message));
    this.child = started.child;
    this.closed = started.closed;
    this.channel = this.child.stdio[3] as Socket;
    readLines(this.channel, (line) => this.onLine(line));
    this.channel.on('error', () => undefined);
  }

  /** Resolves once the process has ended and its output is read to the end (every log line relayed). */
  readonly closed: Promise<void>;

  /** Resolves with the init duration once the handler is loaded; rejects with its init error. */
  ready(): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.exited) reject(new Error('the handler process ended before it was ready'));
      else this.readyWaiter = { resolve, reject };
    });
  }

  /** Tells a booted Node runner what to load (then `ready()` reports the init phase). */
  load(spec: LoadSpec, generation: number): void {
    this.generation = generation;
    this.channel.write(`${JSON.stringify({ type: 'load', spec })}\n`);
  }

  invoke(id: string, event: unknown, context: InvokeContext): Promise<InvokeOutcome> {
    return new Promise((resolve) => {
      if (this.exited) {
        resolve({ kind: 'crash', message: 'the handler process has ended' });
        return;
      }
      this.pending = { id, resolve };
      this.channel.write(`${JSON.stringify({ type: 'invoke', id, event, context })}\n`);
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** A line on fd 3: a message, or (from a runner gone wrong) anything else, which ends this environment. */
  private onLine(line: string): void {
    if (!line) return;
    let msg: FromHandler;
    try {
      msg = JSON.parse(line) as FromHandler;
    } catch {
      this.kill();
      this.onExit(
        `wrote a line that is not a message of the local API's protocol (${JSON.stringify(line.slice(0, 80))})`,
      );
      return;
    }
    this.onMessage(msg, line);
  }

  private onMessage(msg: FromHandler, line: string): void {
    if (msg.type === 'sources') {
      this.onSources?.(msg.files);
    } else if (msg.type === 'ready') {
      this.initMs = msg.initMs;
      this.readyWaiter?.resolve(msg.initMs);
      this.readyWaiter = undefined;
    } else if (msg.type === 'initError') {
      this.readyWaiter?.reject(new InitError(msg.error));
      this.readyWaiter = undefined;
    } else if (this.pending && msg.id === this.pending.id) {
      const p = this.pending;
      this.pending = undefined;
      if (msg.maxRssKb) this.maxRssKb = msg.maxRssKb; // 0: not known (pythonShim.ts)
      p.resolve(resultOutcome(msg, line));
    }
  }

  private onExit(message: string): void {
    if (this.exited) return;
    this.exited = true;
    this.readyWaiter?.reject(new Error(`the handler process ${message} before it was ready`));
    this.readyWaiter = undefined;
    this.pending?.resolve({ kind: 'crash', message: `the handler process ${message}` });
    this.pending = undefined;
  }
}
