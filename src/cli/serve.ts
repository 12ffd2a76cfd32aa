// `apigw serve SPEC`: the spec served on this machine as API Gateway serves it (the lazy `local` engine,
// docs/LOCAL.md), one line per request on stdout in the tail's format; start-up, reloads, warnings and the functions'
// own output on stderr. Ctrl+C, SIGTERM or a closed pipe stop it cleanly.
//   exit 0: stopped, 1: an unexpected failure, 2: it could not start (bad arguments, a spec with errors, a port in use…).
import fs from 'node:fs';
import path from 'node:path';
import { isCancellation } from '../core/errors';
import { CommandFailure, defineCommand, type CommandContext } from './command';
import type { Output } from './io';
import { localEngine } from './lazy';
import type { LocalApi, RequestRecord } from '../local/bundle';
import { flag, UsageError, value } from './options';
import { loadSpecFile } from './specFiles';

/** The options of every command that runs a spec's handlers on this machine (`serve`, `invoke`). */
export const HANDLER_OPTIONS = {
  handlers: value(
    'FILE',
    'The mapping of Lambda functions to local handlers (default: NAME.apigw.local.yaml beside SPEC)',
  ),
  python: value(
    'PATH',
    "The interpreter of Python handlers (default python3 on PATH, an activated virtual environment's): a name on PATH or a path, such as .venv/bin/python",
  ),
} as const;

const OPTIONS = {
  port: value('PORT', 'Port to listen on (default 3000; 0 picks a free one)'),
  host: value(
    'HOST',
    'Address to listen on (default 127.0.0.1). Any other than loopback lets other machines call your handlers, which run with your AWS credentials',
  ),
  stage: value('STAGE', 'The stage to serve, under /STAGE (default: $default when the spec has it, else its first)'),
  domain: value(
    'NAME',
    "Serve the API as this custom domain of the spec: under its API mappings' paths, with no stage segment, as requests to https://NAME (wss://NAME) reach it (the stage: the one the domain maps, or --stage among several)",
  ),
  watch: flag('Reload when the spec, the mapping file or a handler source is saved'),
  'access-log': flag(
    "Print each request as the stage's access log writes it (the spec's accessLog.format), instead of the tail's line, where the stage has a format",
  ),
  ...HANDLER_OPTIONS,
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve a spec locally (HTTP or WebSocket), handlers from the workspace',
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    "Serves an HTTP or WebSocket API from its spec on this machine as API Gateway serves it: routing, Lambda proxy events (payload 1.0 and 2.0) to your local handlers (Node.js, TypeScript through the project's esbuild, Python), HTTP proxies, CORS, JWT, Lambda and IAM authorizers, @connections. Handlers come from the mapping file beside the spec (docs/LOCAL.md). Prints one line per request; Ctrl+C stops.",
  options: OPTIONS,
  interruptible: true,
  exitCodes:
    '0 stopped (Ctrl+C, SIGTERM), 1 an unexpected failure, 2 it could not start: bad arguments, an unreadable spec or one with errors (listed), a port in use, an address not on this machine, an unknown stage or domain, or a bad mapping file.',
  run: runServe,
});

/** `--handlers FILE` naming a folder: said as the bad argument it is, not as Node's EISDIR. */
export function checkHandlersOption(handlers: string | undefined): void {
  if (handlers !== undefined && fs.statSync(handlers, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--handlers ${handlers} is a folder: give the mapping file (NAME.apigw.local.yaml)`);
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 3000;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port takes a port number from 0 to 65535, not ${text}`);
  return port;
}

/** 127.0.0.0/8, ::1 and localhost: what no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

function logger(err: Output) {
  return {
    info: (line: string) => err.write(`${line}\n`),
    warn: (line: string) => err.write(`warning: ${line}\n`),
    error: (line: string) => err.write(`error: ${line}\n`),
  };
}

async function runServe(ctx: Ctx): Promise<number> {
  const file = ctx.operands[0]!;
  const port = portOf(ctx.options.port);
  checkHandlersOption(ctx.options.handlers);
  const { host } = ctx.options;
  if (host !== undefined && !isLoopback(host))
    ctx.stderr.write(
      `apigw serve: warning: listening on ${host}, not loopback: other machines that reach it can call your handlers, which run with your AWS credentials.\n`,
    );
  const spec = loadSpecFile(file, ctx, 'serve', { nothing: 'nothing is served', errorExit: 2 });
  if (typeof spec === 'number') return spec;
  const api = await localEngine()
    .startLocalApi({
      specPath: file,
      port,
      ...(host !== undefined ? { host } : {}),
      ...(ctx.options.stage !== undefined ? { stage: ctx.options.stage } : {}),
      ...(ctx.options.domain !== undefined ? { domain: ctx.options.domain } : {}),
      ...(ctx.options.handlers !== undefined ? { handlers: ctx.options.handlers } : {}),
      ...(ctx.options.python !== undefined ? { runtime: { python: ctx.options.python } } : {}),
      watch: ctx.options.watch,
      logger: logger(ctx.stderr),
    })
    .catch((err: unknown) => Promise.reject(isCancellation(err) ? err : new CommandFailure(2, err)));
  const accessLog = ctx.options['access-log'];
  api.events.on('request', (r) => ctx.stdout.write(`${requestLine(api, r, accessLog)}\n`));
  api.events.on('log', (l) => ctx.stderr.write(`[${l.functionName}] ${l.line}\n`));
  if (api.protocol === 'WEBSOCKET') ctx.stderr.write(`@connections at ${api.url}/@connections\n`);
  ctx.stderr.write(`Lambda's Invoke API for the mapped functions at ${new URL(api.url).origin}\n`);
  const unmapped = api.unmapped().map((u) => u.name);
  if (unmapped.length) ctx.stderr.write(mappingHint(file, ctx.options.handlers, unmapped));
  ctx.stderr.write(`${ctx.options.watch ? 'Reloads on save. ' : ''}Ctrl+C stops.\n`);
  // A reader that went away (`apigw serve … | head`) stops the server as Ctrl+C does.
  await stopped(AbortSignal.any([ctx.signal, ctx.stdout.closed]));
  await api.stop();
  ctx.stderr.write('Stopped.\n');
  return 0;
}

/** A request's line: the stage's access log line when asked for and the stage has a format, else the tail's. */
function requestLine(api: LocalApi, r: RequestRecord, accessLog: boolean): string {
  return (accessLog && api.request(r.requestId)?.accessLog) || api.formatRequest(r);
}

/** Where and how to map the functions that have no local handler (docs/LOCAL.md, the mapping file). */
function mappingHint(spec: string, handlers: string | undefined, names: string[]): string {
  const { mappingFileNames, mappingSnippet } = localEngine();
  const file = handlers ?? path.join(path.dirname(spec), mappingFileNames(path.basename(spec))[0]!);
  const entries = names.map((n) => mappingSnippet(n).replace(/^functions:\n/, '')).join('');
  return `Map ${names.length === 1 ? 'it' : 'them'} to a handler in ${file} (docs/LOCAL.md), for example:\nfunctions:\n${entries}`;
}

function stopped(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
