// `apigw call --api A --stage S 'GET /orders/42'`: one request to a stage (or the local API), with the route's auth as
// it declares it, printed like curl: the body on stdout (with --include the status line and headers first), a summary
// line with the timing and the request id on stderr, and with --logs that request's access and Lambda log lines.
// `--file F.http` sends a request file's requests instead, in order (./callFile.ts reads it), each printed so.
//   exit 0: answered (below 500, and the --expect-status), 1: a 5xx, another status than expected, or a failure,
//   2: bad arguments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { callRoute, exchangeOf, prepareFromFile, prepareFromLine, type CallResult } from '../aws/call/call';
import { logsForRequest, requestLogLines } from '../aws/call/requestLogs';
import { formatBody, formatInclude, formatTiming, statusLine } from '../core/call/format';
import type { AuthProviders } from '../aws/call/auth';
import type { ClientTls, SendOptions } from '../aws/call/http';
import type { Exchange } from '../core/call/references';
import { headerValue } from '../core/call/types';
import {
  AUTH_OPTIONS,
  cliProviders,
  durationOption,
  parseHeaders,
  resolveTarget,
  TARGET_OPTIONS,
  withQuery,
  type ResolvedTarget,
} from './callTarget';
import { readRequestFile, type RequestFileRun } from './callFile';
import type { HttpRequest } from '../core/call/httpFile';
import { saidYes } from './io';
import { defineCommand, type CommandContext } from './command';
import {
  checkOutputFile,
  MAX_BODY_FILE_BYTES,
  readError,
  readFileUpTo,
  readStdinUpTo,
  writeOutputFile,
} from './specFiles';
import { flag, list, UsageError, value } from './options';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...AUTH_OPTIONS,
  data: value(
    'TEXT|@FILE',
    'The request body: text, or @FILE for a file’s bytes as they are (@- reads standard input)',
    {
      short: 'd',
    },
  ),
  file: value(
    'FILE',
    "Send a .http file's requests instead, in order (with the file's variables, as the editor's Send)",
  ),
  name: list('NAME', 'With --file: send the request marked "# @name NAME" (repeatable, in this order); default: all'),
  env: value('NAME', 'With --file: the environment of the http-client.env.json (and .private) nearest the file'),
  var: list('NAME=VALUE', 'With --file: a variable over every other (repeatable); a # @prompt takes its value here'),
  yes: flag(
    'With --file: send the requests marked "# @note" without asking (apigw asks on a terminal and refuses elsewhere)',
  ),
  include: flag('Print the status line and the response headers before the body', { short: 'i' }),
  output: value('FILE', 'Write the response body to FILE (bytes as received) instead of printing it', { short: 'o' }),
  'expect-status': value('CODE', 'Exit 1 unless the response has this status (default: exit 1 on a 5xx only)'),
  timeout: value('DURATION', 'Give up after this long without the whole answer (default 30s)'),
  cert: value(
    'FILE',
    "A client certificate (PEM, with its key unless --key names it) for a custom domain with mutual TLS, as curl's --cert",
  ),
  key: value('FILE', "The client certificate's private key (PEM)"),
  cacert: value(
    'FILE',
    "Trust the server certificates this PEM file's CAs issued instead of the system's, as curl's (a local API with mutual TLS names its file)",
  ),
  logs: flag("Then print that request's access log line and Lambda log lines (waits for CloudWatch Logs)"),
  'logs-wait': value('DURATION', 'How long --logs waits for the lines to arrive (default 90s)'),
  utc: flag('Log times in UTC (default: local time)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const callCommand = defineCommand({
  name: 'call',
  summary: "Call a route of a stage or of the local API, with the auth it declares (or a .http file's requests)",
  operands: { name: "'METHOD /PATH'", noun: 'request', min: 0, max: 1 },
  description:
    "Sends one request (or with --file, a .http file's requests in order) to a stage (--api and --stage) or to the local API (--local URL), adding the route's auth: AWS_IAM routes are signed with SigV4 with the connection's credentials, JWT routes get --token (or APIGW_TOKEN), Lambda authorizers get the identity sources given with -H and --query. Requests go only to the stage's endpoints, its custom domains, or this machine. The body goes to stdout as curl prints it (JSON indented, binary as a hex summary); the status, size, timing and request id go to stderr. Redirects are not followed. Tokens and Authorization headers are never printed.",
  options: OPTIONS,
  aws: true,
  interruptible: true,
  exitCodes:
    '0 answered (not a 5xx, and --expect-status when given), 1 a 5xx, another status than expected, or the call failed, 2 bad arguments.',
  run: runCall,
});

function expectedStatus(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-5]\d\d$/.test(text)) throw new UsageError(`--expect-status takes an HTTP status (200, 404…), not ${text}`);
  return Number(text);
}

/**
 * A curl-style data argument: the text itself, `@FILE`'s bytes, or `@-` standard input's. A file that cannot be read
 * is a bad argument of `option` (exit 2).
 */
export async function readData(
  data: string | undefined,
  stdin: Ctx['io']['stdin'],
  option = '-d',
): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  if (data === '@-') {
    if (!stdin) throw new UsageError(`${option} @- reads standard input, and there is none`);
    const body = await readStdinUpTo(stdin, MAX_BODY_FILE_BYTES);
    if (!body)
      throw new UsageError(`${option} @-: standard input holds more than 32 MB, which no API Gateway call takes`);
    return body;
  }
  const file = data.slice(1);
  let bytes: Buffer | undefined;
  try {
    bytes = readFileUpTo(file, MAX_BODY_FILE_BYTES);
  } catch (err) {
    throw new UsageError(`${option} ${data}: cannot read ${file}: ${readError(err)}`);
  }
  if (!bytes) throw new UsageError(`${option} ${data}: ${file} holds more than 32 MB, which no API Gateway call takes`);
  return bytes;
}

/** What a file run cannot combine with, and a request line without a file. */
function checkRequestSource(ctx: Ctx): void {
  const o = ctx.options;
  if (!o.file) {
    if (ctx.operands.length === 0)
      throw new UsageError("Give the request ('GET /orders/42'), or --file with a .http file");
    for (const [given, name] of [
      [o.name.length, 'name'],
      [o.env, 'env'],
      [o.var.length, 'var'],
      [o.yes, 'yes'],
    ] as const)
      if (given) throw new UsageError(`--${name} goes with --file`);
    return;
  }
  if (ctx.operands.length) throw new UsageError(`Give the request line or --file, not both`);
  if (o.data !== undefined) throw new UsageError('--data is the body of a request line: a .http request has its own');
  if (o.header.length || o.query.length)
    throw new UsageError('-H and --query add to a request line: write them in the .http file');
}

/** The options that shape every call of a run, read (and refused when wrong) before any is sent. */
interface Shape {
  expect: number | undefined;
  logsWaitMs: number;
  /** The timeout, the interruption, the client certificate. */
  send: SendOptions;
}

/** --cert, --key and --cacert as the PEM texts a call presents and trusts, each checked before anything is sent. */
function clientTlsOf(o: Ctx['options']): ClientTls | undefined {
  if (o.key !== undefined && o.cert === undefined) throw new UsageError('--key is the key of --cert: give both');
  const tls = { cert: pemOption(o.cert, 'cert'), key: pemOption(o.key, 'key'), ca: pemOption(o.cacert, 'cacert') };
  if (tls.cert !== undefined) checkPem(tls.cert, 'cert', o.cert!, 'certificate');
  if (tls.key !== undefined) checkPem(tls.key, 'key', o.key!, 'key');
  else if (tls.cert !== undefined) checkPem(tls.cert, 'cert', o.cert!, 'key');
  if (tls.ca !== undefined) checkPem(tls.ca, 'cacert', o.cacert!, 'certificate');
  return tls.cert || tls.ca ? tls : undefined;
}

/** A PEM certificate or key file is a few KB: more, or what is not a file (/dev/zero), is not one. */
const MAX_PEM_BYTES = 1024 * 1024;

/** The text of the PEM file an option names; a file that cannot be read, is no file or is too large: usage errors. */
function pemOption(file: string | undefined, option: string): string | undefined {
  if (file === undefined) return undefined;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`--${option} ${file} is not a file: give a PEM file`);
    if (stat.size > MAX_PEM_BYTES)
      throw new UsageError(`--${option} ${file} is over 1 MB: a PEM certificate or key file is a few KB`);
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * A PEM text that holds what its option needs (a certificate, or a private key without a passphrase), said by the
 * option and file rather than as OpenSSL's code at the first call (`error:04800064:PEM routines::bad base64 decode`).
 * The text itself is never quoted: it is a private key.
 */
function checkPem(text: string, option: string, file: string, needs: 'certificate' | 'key'): void {
  try {
    if (needs === 'certificate') new crypto.X509Certificate(text);
    else crypto.createPrivateKey(text);
  } catch {
    if (needs === 'certificate')
      throw new UsageError(`--${option} ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    throw new UsageError(
      option === 'key'
        ? `--key ${file} holds no PEM private key without a passphrase (-----BEGIN PRIVATE KEY-----)`
        : `--cert ${file} holds no PEM private key without a passphrase; give it with --key FILE, or one file with both, as curl takes them`,
    );
  }
}

async function runCall(ctx: Ctx): Promise<number> {
  const o = ctx.options;
  checkRequestSource(ctx);
  const timeoutMs = durationOption(o.timeout, 'timeout', 30_000);
  const tls = clientTlsOf(o);
  const shape: Shape = {
    expect: expectedStatus(o['expect-status']),
    logsWaitMs: durationOption(o['logs-wait'], 'logs-wait', 90_000),
    send: { timeoutMs, signal: ctx.signal, ...(tls ? { tls } : {}) },
  };
  if (o.logs && o.local)
    throw new UsageError("--logs reads the stage's CloudWatch Logs: use it with --api and --stage");
  const run = o.file
    ? readRequestFile({ file: o.file, names: o.name, env: o.env, vars: o.var, cwd: process.cwd() })
    : undefined;
  if (o.output !== undefined) checkOutputFile(o.output, '-o');
  if (run && o.output && run.requests.length !== 1)
    throw new UsageError(`--output writes one response body: pick one request with --name`);
  if (run && !o.yes && !ctx.ask) refuseNotes(run);
  const body = run ? undefined : await readData(o.data, ctx.io.stdin);
  const found = await resolveTarget(o, ctx, 'call', 'HTTP');
  if (typeof found === 'number') return found;
  const providers = cliProviders(o, ctx.io.env ?? process.env, {
    connect: () => ctx.connect(),
    region: signingRegion(ctx, found),
  });
  if (run) return sendFile(ctx, { run, found, providers, shape });
  const line = withQuery(ctx.operands[0]!, o.query);
  const prepared = prepareFromLine(found.api, found.target, line, {
    headers: parseHeaders(o.header),
    ...(body !== undefined ? { body } : {}),
  });
  const result = await callRoute(prepared, providers, shape.send);
  return finish(ctx, result, found, shape);
}

/** Prints one call's response (and logs): its exit code. */
async function finish(ctx: Ctx, result: CallResult, found: ResolvedTarget, shape: Shape): Promise<number> {
  printResponse(ctx, result, found);
  if (ctx.options.logs) await printLogs(ctx, result, found, shape.logsWaitMs);
  return verdict(ctx, result, shape.expect);
}

/**
 * A request file's requests in order, each named on stderr before its response; a `# @name` request's exchange is
 * kept for the requests after it to read. Exit 1 when any answered a 5xx (or not --expect-status).
 */
async function sendFile(
  ctx: Ctx,
  {
    run,
    found,
    providers,
    shape,
  }: { run: RequestFileRun; found: ResolvedTarget; providers: AuthProviders; shape: Shape },
): Promise<number> {
  for (const note of run.notes) ctx.stderr.write(`${ctx.options.file}: ${note}\n`);
  const exchanges = new Map<string, Exchange>();
  let code = 0;
  for (const req of run.requests) {
    if (!(await confirmedNote(ctx, req))) {
      ctx.stderr.write(`apigw call: ${noteLabel(req)} was not sent, nor the requests after it.\n`);
      return Math.max(code, 1);
    }
    ctx.stderr.write(`### ${req.name ?? `${req.method} ${req.url}`} (line ${req.requestLine + 1})\n`);
    const prepared = prepareFromFile(found.api, found.target, run.file, req, {
      environment: run.environment,
      readFile: run.readFile,
      exchanges,
    });
    const result = await callRoute(prepared, providers, shape.send);
    if (req.name) exchanges.set(req.name, exchangeOf(prepared, result));
    code = Math.max(code, await finish(ctx, result, found, shape));
  }
  return code;
}

function noteLabel(req: HttpRequest): string {
  return req.name ? `the request ${req.name}` : `the request on line ${req.requestLine + 1}`;
}

/**
 * REST Client's `# @note` marks a request to confirm before it is sent. Without a terminal to ask on and without
 * --yes, the run is refused before anything is sent.
 */
function refuseNotes(run: RequestFileRun): void {
  const noted = run.requests.find((r) => r.tags.note !== undefined);
  if (noted)
    throw new UsageError(
      `${noteLabel(noted)} is marked "# @note", to confirm before it is sent, and this is not a terminal: add --yes to send it (nothing was sent)`,
    );
}

/** A `# @note` request asked about on the terminal (--yes: sent); other requests pass. */
async function confirmedNote(ctx: Ctx, req: HttpRequest): Promise<boolean> {
  if (req.tags.note === undefined || ctx.options.yes || !ctx.ask) return true;
  const note = req.tags.note ? ` (${req.tags.note})` : '';
  return saidYes(await ctx.ask(`Send ${noteLabel(req)}${note}? [y/N] `));
}

function printResponse(ctx: Ctx, r: CallResult, t: ResolvedTarget): void {
  const res = r.response;
  const scrub = r.scrub;
  if (ctx.options.output) {
    writeOutputFile(ctx.options.output, res.body);
    if (ctx.options.include)
      ctx.stdout.write(scrub(`${statusLine(res)}\n${res.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`));
  } else {
    const text = ctx.options.include ? formatInclude(res) : formatBody(res).text;
    if (text) ctx.stdout.write(scrub(text.endsWith('\n') ? text : `${text}\n`));
  }
  const body = formatBody(res);
  const notes = [
    `${res.status}${res.statusText ? ` ${res.statusText}` : ''} · ${res.size} bytes · ${formatTiming(res.timing)}`,
    res.requestId ? `request id ${res.requestId}` : 'no request id in the response',
    r.routeKey ? `route ${r.routeKey}` : t.api.routes.size ? 'no route matches (404 or $default)' : '',
  ].filter(Boolean);
  ctx.stderr.write(scrub(`${notes.join(' · ')}\n`));
  if (res.status >= 300 && res.status < 400 && headerValue(res.headers, 'location'))
    ctx.stderr.write(scrub(`Redirect not followed: Location: ${headerValue(res.headers, 'location')}\n`));
  if (body.note && !ctx.options.output) ctx.stderr.write(`Note: ${body.note}.\n`);
}

/** The live API's region; for the local API (which accepts any), --region, AWS_REGION, else us-east-1. */
function signingRegion(ctx: Ctx, t: ResolvedTarget): string {
  const given = (ctx.options as { region?: string }).region;
  return t.live?.region ?? given ?? (ctx.io.env ?? process.env).AWS_REGION ?? 'us-east-1';
}

function verdict(ctx: Ctx, r: CallResult, expect: number | undefined): number {
  const status = r.response.status;
  if (expect !== undefined && status !== expect) {
    ctx.stderr.write(`apigw call: expected status ${expect}, got ${status}.\n`);
    return 1;
  }
  if (expect === undefined && status >= 500) {
    ctx.stderr.write(
      `apigw call: the ${r.routeKey ? `route ${r.routeKey}` : 'stage'} answered ${status}${r.response.requestId ? ` (apigw call … --logs shows request ${r.response.requestId}'s logs)` : ''}.\n`,
    );
    return 1;
  }
  return 0;
}

async function printLogs(ctx: Ctx, r: CallResult, t: ResolvedTarget, waitMs: number): Promise<void> {
  const id = r.response.requestId;
  if (!id) {
    ctx.stderr.write(
      'apigw call: the response carries no request id (apigw-requestid), so its logs cannot be found.\n',
    );
    return;
  }
  const functions = (r.routeKey ? t.api.functions.get(r.routeKey) : undefined) ?? {};
  if (!t.api.accessLogGroup && !functions.integration && !functions.authorizer) {
    ctx.stderr.write(
      `apigw call: stage ${t.api.stage} has no access logging and the route runs no Lambda function: no logs to show.\n`,
    );
    return;
  }
  const session = await ctx.connect();
  const logs = await logsForRequest({
    logs: session.logs,
    lambda: session.lambda,
    connection: session.connection,
    requestId: id,
    startedAt: r.response.startedAt,
    endedAt: r.response.startedAt + r.response.timing.total,
    ...(t.api.accessLogGroup ? { accessLogGroup: t.api.accessLogGroup } : {}),
    ...(t.api.accessLogFormat ? { accessLogFormat: t.api.accessLogFormat } : {}),
    functions,
    waitMs,
    clock: ctx.io.clock,
    ...(ctx.io.callOptions?.logsDelaysMs ? { delaysMs: ctx.io.callOptions.logsDelaysMs } : {}),
    onProgress: (p) =>
      ctx.stderr.write(
        `Waiting for CloudWatch Logs: ${p.waitingFor.join(', ')} (${Math.round(p.elapsedMs / 1000)} s)…\n`,
      ),
    signal: ctx.signal,
  });
  const lines = requestLogLines(logs, { utc: ctx.options.utc });
  if (lines.length) ctx.stdout.write(r.scrub(`\n${lines.join('\n')}\n`));
  ctx.stderr.write(`${logs.message}\n`);
}
