// The Node.js handler process: one Lambda execution environment. It loads the handler once (the init phase), then
// runs one invocation at a time from the local API (fd 3, protocol.ts), with a Lambda context, console output in
// Lambda's format, and callback or async handlers. Built as its own entry (dist/local-runner.js) so a handler
// process never loads the local API itself. Not imported by anything.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import Module, { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL, urlToHttpOptions } from 'node:url';
import { format } from 'node:util';
import { readLines } from './lines';
import { CONSOLE_LEVELS, jsonLine, levelEnabled, textLine } from './nodeLogFormat';
import {
  inspectorAddress,
  LOCAL_API_HOSTS,
  WAIT_FOR_DEBUGGER,
  type FromHandler,
  type HandlerError,
  type InvokeContext,
  type LoadSpec,
  type ToHandler,
} from './protocol';

type Handler = (event: unknown, context: unknown, callback?: (err: unknown, value?: unknown) => void) => unknown;

const channel = new net.Socket({ fd: 3, readable: true, writable: true });
let currentRequestId = '';

function send(msg: FromHandler): void {
  channel.write(messageLine(msg));
}

function messageLine(msg: FromHandler): string {
  return `${JSON.stringify(msg)}\n`;
}

function errorOf(err: unknown): HandlerError {
  if (err instanceof Error)
    return {
      errorType: err.name || 'Error',
      errorMessage: err.message,
      stackTrace: (err.stack ?? '')
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    };
  return {
    errorType: typeof err === 'string' ? 'string' : 'Error',
    errorMessage: typeof err === 'string' ? err : format(err),
  };
}

const jsonLogs = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';

/** The console as the runtime patches it (nodeLogFormat.ts): its format, and the levels AWS_LAMBDA_LOG_LEVEL allows. */
function patchConsole(): void {
  const line = jsonLogs ? jsonLine : textLine;
  const envLevel = process.env.AWS_LAMBDA_LOG_LEVEL;
  const ignore = (): void => undefined;
  for (const [method, level] of CONSOLE_LEVELS) {
    const write = (...args: unknown[]): void => {
      process.stdout.write(`${line(new Date().toISOString(), currentRequestId, level, args)}\n`);
    };
    (console as unknown as Record<string, unknown>)[method] = levelEnabled(level, envLevel) ? write : ignore;
  }
}

type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[]; wrap: unknown };

/** Under an inspector: Node's `--inspect` flags, or the one `waitForDebugger` opens. */
let inspected = process.execArgv.some((a) => a.startsWith('--inspect'));

/**
 * Under a debugger, a bundle must be compiled as a script: V8 then pauses before it runs (the JavaScript debugger's
 * "beforeScriptWithSourceMapExecution" instrumentation breakpoint, which debug.ts asks for with `pauseForSourceMap`)
 * so the debugger binds the breakpoints of its sources through the inline source map — otherwise a TypeScript
 * handler's breakpoint binds only after its first request has run. Node compiles CommonJS as a script (its source
 * map still kept for stack traces) once `Module.wrap` has been assigned, as instrumentation tools do (Node's
 * lib/internal/modules/cjs/loader.js, wrapSafe).
 */
function compileAsScripts(): void {
  const m = Module as ModuleInternals;
  // eslint-disable-next-line no-self-assign
  m.wrap = m.wrap;
}

/** How Lambda's runtime marks a handler `awslambda.streamifyResponse` wrapped (UserFunction.js). */
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

/**
 * The `awslambda` global Lambda's Node.js runtime defines before it loads the handler (UserFunction.js
 * `_loadUserApp`, unless AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA is `1` or `true`), so a module that wraps its handler
 * with `awslambda.streamifyResponse` loads here as there. Such a handler is refused when invoked (`onInvoke`).
 */
function defineAwsLambdaGlobal(): void {
  const off = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (off === '1' || off === 'true') return;
  (globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse: (handler: Handler) => Object.assign(handler, { [HANDLER_STREAMING]: 'response' }),
    HttpResponseStream: { from: (stream: unknown) => stream },
  };
}

async function loadHandler({ bundle, file, exportName }: LoadSpec): Promise<Handler> {
  let exports: Record<string, unknown>;
  if (bundle.endsWith('.mjs')) {
    // An ES module handler (bundler.ts moduleFormat): its bundle imports its packages by file URL.
    exports = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
  } else if (bundle) {
    if (inspected) compileAsScripts();
    // The bundle is compiled as if it sat beside the source, so its requires resolve from the project's node_modules.
    const m = new Module(file) as Module & { _compile(code: string, filename: string): void; paths: string[] };
    m.filename = file;
    m.paths = (Module as ModuleInternals)._nodeModulePaths(path.dirname(file));
    m._compile(fs.readFileSync(bundle, 'utf8'), file);
    exports = m.exports as Record<string, unknown>;
  } else {
    exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  const fn = exports[exportName] ?? (exports.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof fn !== 'function')
    throw runtimeError(
      'Runtime.HandlerNotFound',
      `${process.env._HANDLER} is ${fn ? 'not a function' : 'undefined or not exported'}`,
    );
  return fn as Handler;
}

function runtimeError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * A load's error as Lambda's Node.js runtime names it (aws-lambda-nodejs-runtime-interface-client, UserFunction.js
 * `_loadUserApp`): a syntax error is `Runtime.UserCodeSyntaxError` and a CommonJS module not found
 * `Runtime.ImportModuleError`, each with the original error as its message; anything else (an ES module's
 * `ERR_MODULE_NOT_FOUND` too) stays as thrown.
 */
function asLoadError(err: unknown): unknown {
  if (err instanceof SyntaxError) return runtimeError('Runtime.UserCodeSyntaxError', String(err));
  if ((err as { code?: unknown } | undefined)?.code === 'MODULE_NOT_FOUND')
    return runtimeError('Runtime.ImportModuleError', String(err));
  return err;
}

function lambdaContext(c: InvokeContext): Record<string, unknown> {
  const deadline = Date.now() + c.remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: c.functionName,
    functionVersion: c.functionVersion,
    invokedFunctionArn: c.invokedFunctionArn,
    memoryLimitInMB: String(c.memoryLimitInMB),
    awsRequestId: c.awsRequestId,
    logGroupName: c.logGroupName,
    logStreamName: c.logStreamName,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    succeed: () => undefined,
    fail: () => undefined,
  };
}

function run(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    context.done = callback;
    context.succeed = (v: unknown) => callback(null, v);
    context.fail = (e: unknown) => callback(e ?? new Error('failed'));
    try {
      const out = handler(event, context, callback);
      if (handler.length < 3 || (out && typeof (out as Promise<unknown>).then === 'function'))
        Promise.resolve(out).then(
          (v) => callback(null, v),
          (e: unknown) => callback(e ?? new Error('rejected')),
        );
    } catch (err) {
      callback(err);
    }
  });
}

async function onInvoke(handler: Handler, msg: Extract<ToHandler, { type: 'invoke' }>): Promise<void> {
  currentRequestId = msg.context.awsRequestId;
  // As Lambda's runtime does for each invocation (InvokeContext.js).
  process.env._X_AMZN_TRACE_ID = msg.context.traceId;
  const line = await resultLine(handler, msg);
  // What the handler printed comes before its result, as its lines come before END in Lambda's log: a write to a full
  // pipe is finished later, and the result on fd 3 would overtake it (the local API would file the lines after END).
  await outputWritten();
  channel.write(line);
}

/** The invocation's result message: the handler's value, or its error. */
async function resultLine(handler: Handler, msg: Extract<ToHandler, { type: 'invoke' }>): Promise<string> {
  try {
    if ((handler as { [HANDLER_STREAMING]?: unknown })[HANDLER_STREAMING])
      throw runtimeError(
        'Local.ResponseStreamingNotEmulated',
        `${process.env._HANDLER} streams its response (awslambda.streamifyResponse), which the local API does not run: HTTP and WebSocket APIs invoke a function for its whole response. Export a handler that returns it.`,
      );
    const value = await run(handler, msg.event, lambdaContext(msg.context));
    // A value JSON cannot carry (cycles, BigInt) is Lambda's Runtime.MarshalError.
    let text: string;
    try {
      // A value JSON has no text for (a function, a symbol) is sent as null, as JSON does inside arrays.
      text = JSON.stringify(value === undefined ? null : value) ?? 'null';
    } catch (err) {
      const error = { errorType: 'Runtime.MarshalError', errorMessage: String(err) };
      return messageLine({ type: 'result', id: msg.id, ok: false, maxRssKb: maxRssKb(), error });
    }
    return `{"type":"result","id":${JSON.stringify(msg.id)},"ok":true,"maxRssKb":${maxRssKb()},"value":${text}}\n`;
  } catch (err) {
    logError('Invoke Error', err);
    return messageLine({ type: 'result', id: msg.id, ok: false, maxRssKb: maxRssKb(), error: errorOf(err) });
  }
}

/**
 * Resolves once standard output and error have handed everything written to them on (at once when they have), or
 * can hand on nothing more (a pipe the local API closed).
 */
async function outputWritten(): Promise<void> {
  for (const stream of [process.stdout, process.stderr])
    if (stream.writableLength > 0 && !stream.destroyed) await drainedOrClosed(stream);
}

function drainedOrClosed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.once('drain', done).once('close', done).once('error', done);
  });
}

/** The process's peak resident memory in KB (getrusage's ru_maxrss), Lambda's Max Memory Used. */
function maxRssKb(): number {
  return process.resourceUsage().maxRSS;
}

/**
 * As Lambda's Node.js runtime logs a failed invocation (`Invoke Error`) or a handler that failed to load (`Uncaught
 * Exception`) before it answers (aws-lambda-nodejs-runtime-interface-client: CallbackContext.js, index.mjs,
 * LogPatch.js, Errors.js): `console.error(what, '\t' + JSON)`, the error (a thrown non-Error made one) with its name,
 * message, code, own properties and stack lines.
 */
function logError(what: 'Invoke Error' | 'Uncaught Exception' | 'Unhandled Promise Rejection', thrown: unknown): void {
  const err = thrown instanceof Error ? thrown : new Error(String(thrown));
  // The patched console (patchConsole) writes it in Lambda's format, as the runtime's does; in JSON the error is the
  // message (LogPatch.js, jsonErrorLogger).
  // eslint-disable-next-line no-console
  if (jsonLogs) return console.error(err);
  let json: string;
  try {
    json = JSON.stringify(err, (_k, v: unknown) => withEnumerableProperties(v));
  } catch {
    json = JSON.stringify({ errorType: err.name, errorMessage: err.message, trace: (err.stack ?? '').split('\n') });
  }
  // eslint-disable-next-line no-console
  console.error(what, `\t${json}`);
}

function withEnumerableProperties(v: unknown): unknown {
  if (!(v instanceof Error)) return v;
  const out: Record<string, unknown> = {
    errorType: v.name,
    errorMessage: v.message,
    code: (v as { code?: unknown }).code,
    ...(v as unknown as Record<string, unknown>),
  };
  if (typeof v.stack === 'string') out.stack = v.stack.split('\n');
  return out;
}

async function load(spec: LoadSpec): Promise<Handler | undefined> {
  const started = performance.now();
  try {
    const handler = await loadHandler(spec);
    send({ type: 'ready', initMs: performance.now() - started });
    return handler;
  } catch (thrown) {
    const err = asLoadError(thrown);
    logError('Uncaught Exception', err);
    send({ type: 'initError', error: errorOf(err) });
    channel.end();
    return undefined;
  }
}

/**
 * Opens the inspector at `[host:]port` and blocks until a debugger has attached and let the runner go on. Loaded
 * here only: node:inspector costs a cold start about 3.5 ms.
 */
function waitForDebugger(at: string): void {
  delete process.env[WAIT_FOR_DEBUGGER];
  const { host, port } = inspectorAddress(at);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inspector = require('node:inspector') as typeof import('node:inspector');
  inspector.open(port, host, true);
  inspected = true;
}

type RequestArgs = Parameters<typeof https.request>;

/** The options of an `https.request(url?, options?, callback?)` call, merged as Node merges them. */
function requestOptions(args: RequestArgs): { options: https.RequestOptions; callback: unknown } {
  const [first, second, third] = args as unknown[];
  const fromUrl = typeof first === 'string' || first instanceof URL ? urlToHttpOptions(new URL(first)) : undefined;
  const options = fromUrl ? (typeof second === 'object' && second ? { ...fromUrl, ...second } : fromUrl) : first;
  const callback = [second, third].find((a) => typeof a === 'function');
  return { options: options as https.RequestOptions, callback };
}

/**
 * A handler builds its API's `@connections` URL from the event, as on AWS (`https://${apiId}.execute-api.…/${stage}`
 * or `https://${domainName}/${stage}`). Those hosts are this local API, which speaks plain HTTP on 127.0.0.1: an HTTPS
 * request to one of them goes there over HTTP, its Host header (which the SigV4 signature covers) unchanged. Other
 * requests are untouched.
 */
function sendOwnHostsToLocalApi(): void {
  const hosts = new Set((process.env[LOCAL_API_HOSTS] ?? '').split(',').filter(Boolean));
  const target = process.env.AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI;
  if (!hosts.size || !target) return;
  const local = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const original = https.request;
  const request = (...args: RequestArgs): http.ClientRequest => {
    const { options, callback } = requestOptions(args);
    const port = options.port && Number(options.port) !== 443 ? `:${options.port}` : '';
    const host = `${options.hostname ?? options.host ?? ''}${port}`;
    if (!hosts.has(host)) return original(...args);
    const given = (options.headers ?? {}) as Record<string, string>;
    const headers = Object.keys(given).some((k) => k.toLowerCase() === 'host') ? given : { ...given, host };
    const redirected = { ...options, protocol: 'http:', host: undefined, hostname: local.hostname, port: local.port };
    return http.request({ ...redirected, agent, headers }, callback as (res: http.IncomingMessage) => void);
  };
  https.request = request as typeof https.request;
  https.get = ((...args: RequestArgs) => {
    const req = request(...args);
    req.end();
    return req;
  }) as typeof https.get;
  syncBuiltinESMExports();
}

function main(): void {
  // As Lambda names its Node.js runtimes (nodejs20.x…), for the Node that runs the handler.
  process.env.AWS_EXECUTION_ENV ??= `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`;
  const waitAt = process.env[WAIT_FOR_DEBUGGER];
  if (waitAt) waitForDebugger(waitAt);
  patchConsole();
  sendOwnHostsToLocalApi();
  defineAwsLambdaGlobal();
  let handler: Handler | undefined;
  let loading: Promise<Handler | undefined> | undefined;
  const onMessage = (msg: ToHandler) => {
    if (msg.type === 'load') loading = load(msg.spec).then((h) => (handler = h));
    else if (handler) void onInvoke(handler, msg);
    else void loading?.then((h) => h && onInvoke(h, msg));
  };
  readLines(channel, (line) => line && onMessage(JSON.parse(line) as ToHandler));
  channel.on('end', () => process.exit(0));
}

// As Lambda's runtime ends an execution environment (index.mjs): the error logged, then exit 129 or 128.
process.on('uncaughtException', (err) => {
  logError('Uncaught Exception', err);
  process.exit(129);
});
process.on('unhandledRejection', (reason) => {
  const err = new Error(String(reason)) as Error & { reason?: unknown };
  err.name = 'Runtime.UnhandledPromiseRejection';
  err.reason = reason;
  logError('Unhandled Promise Rejection', err);
  process.exit(128);
});
main();
