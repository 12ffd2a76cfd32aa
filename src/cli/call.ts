// `apigw call --api A --stage S 'GET /orders/42'`: one request to a stage (or the local API), with the route's auth as
// it declares it, printed like curl: the body on stdout (with --include the status line and headers first), a summary
// line with the timing and the request id on stderr, and with --logs that request's access and Lambda log lines.
//   exit 0: answered (below 500, and the --expect-status), 1: a 5xx, another status than expected, or a failure,
//   2: bad arguments.
import fs from 'node:fs';
import { callRoute, prepareFromLine, type CallResult } from '../aws/call/call';
import { logsForRequest, requestLogLines } from '../aws/call/requestLogs';
import { formatBody, formatInclude, formatTiming, statusLine } from '../core/call/format';
import { headerValue } from '../core/call/types';
import { WorkbenchError } from '../core/errors';
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
import { defineCommand, type CommandContext } from './command';
import { flag, UsageError, value } from './options';

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
  include: flag('Print the status line and the response headers before the body', { short: 'i' }),
  output: value('FILE', 'Write the response body to FILE (bytes as received) instead of printing it', { short: 'o' }),
  'expect-status': value('CODE', 'Exit 1 unless the response has this status (default: exit 1 on a 5xx only)'),
  timeout: value('DURATION', 'Give up after this long without the whole answer (default 30s)'),
  logs: flag("Then print that request's access log line and Lambda log lines (waits for CloudWatch Logs)"),
  'logs-wait': value('DURATION', 'How long --logs waits for the lines to arrive (default 90s)'),
  utc: flag('Log times in UTC (default: local time)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const callCommand = defineCommand({
  name: 'call',
  summary: 'Call a route of a stage or of the local API, with the auth it declares',
  operands: { name: "'METHOD /PATH'", noun: 'request', min: 1, max: 1 },
  description:
    "Sends one request to a stage (--api and --stage) or to the local API (--local URL), adding the route's auth: AWS_IAM routes are signed with SigV4 with the connection's credentials, JWT routes get --token (or APIGW_TOKEN), Lambda authorizers get the identity sources given with -H and --query. Requests go only to the stage's endpoints, its custom domains, or this machine. The body goes to stdout as curl prints it (JSON indented, binary as a hex summary); the status, size, timing and request id go to stderr. Redirects are not followed. Tokens and Authorization headers are never printed.",
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

async function readData(data: string | undefined, stdin: Ctx['io']['stdin']): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  if (data === '@-') {
    if (!stdin) throw new UsageError('-d @- reads standard input, and there is none');
    const chunks: Buffer[] = [];
    for await (const c of stdin()) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  const file = data.slice(1);
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new WorkbenchError('NotFound', `The body file ${file} cannot be read: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function runCall(ctx: Ctx): Promise<number> {
  const o = ctx.options;
  const expect = expectedStatus(o['expect-status']);
  const timeoutMs = durationOption(o.timeout, 'timeout', 30_000);
  const logsWaitMs = durationOption(o['logs-wait'], 'logs-wait', 90_000);
  if (o.logs && o.local)
    throw new UsageError("--logs reads the stage's CloudWatch Logs: use it with --api and --stage");
  const headers = parseHeaders(o.header);
  const path = withQuery(ctx.operands[0]!, o.query);
  const body = await readData(o.data, ctx.io.stdin);
  const found = await resolveTarget(o, ctx, 'call', 'HTTP');
  if (typeof found === 'number') return found;
  const prepared = prepareFromLine(found.api, found.target, path, { headers, ...(body !== undefined ? { body } : {}) });
  const providers = cliProviders(o, ctx.io.env ?? process.env, {
    connect: () => ctx.connect(),
    region: signingRegion(ctx, found),
  });
  const result = await callRoute(prepared, providers, { timeoutMs, signal: ctx.signal });
  printResponse(ctx, result, found);
  if (o.logs) await printLogs(ctx, result, found, logsWaitMs);
  return verdict(ctx, result, expect);
}

function printResponse(ctx: Ctx, r: CallResult, t: ResolvedTarget): void {
  const res = r.response;
  const scrub = r.scrub;
  if (ctx.options.output) {
    fs.writeFileSync(ctx.options.output, res.body);
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
    requestId: id,
    startedAt: r.response.startedAt,
    endedAt: r.response.startedAt + r.response.timing.total,
    ...(t.api.accessLogGroup ? { accessLogGroup: t.api.accessLogGroup } : {}),
    ...(t.api.accessLogFormat ? { accessLogFormat: t.api.accessLogFormat } : {}),
    functions,
    waitMs,
    ...(ctx.io.callOptions?.clock ? { clock: ctx.io.callOptions.clock } : {}),
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
