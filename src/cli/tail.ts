// `apigw tail --api A --stage S`: a stage's access logs and its Lambda functions' logs on stdout as they arrive, in
// the extension's format; what the tail says about itself goes to stderr. Ctrl+C and a closed pipe stop it cleanly.
//   exit 0: stopped, 1: the tail could not start or ended with an error, 2: bad arguments.
import type { ApiGatewayAdapter } from '../aws/apigateway';
import type { AwsSession } from '../aws/session';
import { discoverStageLogs, noteText, noticeText, startTail, type StageLogs } from '../aws/tail';
import { isWorkbenchError, WorkbenchError } from '../core/errors';
import { LineFormatter, parseSince } from '../core/tail';
import { defineCommand, type CommandContext } from './command';
import { flag, UsageError, value } from './options';

const OPTIONS = {
  api: value('API', 'The API, by name or id', { required: true }),
  stage: value('STAGE', 'The stage', { required: true }),
  filter: value('PATTERN', "CloudWatch Logs filter pattern ('{ $.status >= 500 }', ERROR, '?timeout ?exception')"),
  since: value('WHEN', 'Start this far back (30s, 5m, 1h, 2d) or at a time (2024-03-12T10:00:00Z); default: now'),
  mode: value(
    'auto|live|poll',
    'Live tail (StartLiveTail), polling (FilterLogEvents), or live tail with polling where live tail is not available (default: auto)',
    { choices: ['auto', 'live', 'poll'] },
  ),
  functions: flag("Only the access logs, not the Lambda functions' logs", { default: true }),
  'execution-logs': flag('Not the execution logs of a WebSocket stage', { default: true }),
  utc: flag('Times in UTC (default: local time)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const tailCommand = defineCommand({
  name: 'tail',
  summary: "Print a stage's access and Lambda logs as they arrive",
  description:
    "Prints a stage's access logs and its Lambda functions' logs as they arrive, one line per event: time, source, and for access logs the method, route, status, latency and request id. Messages about the tail go to stderr. Stops on Ctrl+C.",
  options: OPTIONS,
  aws: true,
  interruptible: true,
  exitCodes: '0 stopped, 1 the tail could not start or failed (the message says why), 2 bad arguments.',
  run: runTail,
});

async function runTail(ctx: Ctx): Promise<number> {
  const { since } = ctx.options;
  const from = since === undefined ? undefined : parseSince(since, ctx.io.clock.now());
  if (since !== undefined && from === undefined)
    throw new UsageError(`--since takes a duration (30s, 5m, 1h, 2d) or an ISO 8601 time, not ${since}`);
  // A reader that went away (`apigw tail … | head`) ends the tail as Ctrl+C does, quietly.
  const stop = AbortSignal.any([ctx.signal, ctx.stdout.closed]);
  try {
    const session = await ctx.connect();
    const found = await findSources(ctx, session, stop);
    return found ? await follow(ctx, session, found, from, stop) : 1;
  } catch (err) {
    if (stop.aborted && (!isWorkbenchError(err) || err.code === 'Cancelled')) return 0;
    throw err;
  }
}

/** The stage's log groups, with a line for each one that cannot be tailed; undefined when none can. */
async function findSources(ctx: Ctx, s: AwsSession, signal: AbortSignal): Promise<StageLogs | undefined> {
  const { stage } = ctx.options;
  const apiId = await findApi(s.apigw, ctx.options.api, signal);
  const found = await discoverStageLogs(s, apiId, stage, {
    functions: ctx.options.functions,
    executionLogs: ctx.options['execution-logs'],
    signal,
  }).catch((err: unknown) => {
    // GetStage's NotFound ("Invalid stage identifier specified …") said as the CLI's: which option to check.
    if (!isWorkbenchError(err) || err.code !== 'NotFound' || !/\bstage\b/i.test(err.message)) throw err;
    throw new WorkbenchError('NotFound', `${ctx.options.api} has no stage ${stage}.`, {
      hint: 'Check --stage (stage names are case-sensitive).',
      cause: err,
    });
  });
  const label = `${found.api.Name ?? apiId}/${stage}`;
  if (!found.accessLogGroup)
    ctx.stderr.write(
      `apigw tail: stage ${label} has no access logging (turn it on with accessLog on the stage in its spec and apigw deploy, or in VS Code with "API Gateway: Tail Stage Logs").\n`,
    );
  for (const m of found.missing) ctx.stderr.write(`apigw tail: ${noteText(found, m)}\n`);
  if (found.sources.length === 0 && found.pending.length === 0) {
    ctx.stderr.write(`apigw tail: stage ${label} has no log group to tail.\n`);
    return undefined;
  }
  const { profile, region } = s.connection;
  const filter = ctx.options.filter;
  ctx.stderr.write(
    `Tailing ${label} (${profile} · ${region})${filter ? `, filter ${filter}` : ''}: ${found.sources.map((x) => `${x.label} ${x.logGroupName}`).join(', ') || 'no log group exists yet'}. Ctrl+C stops.\n`,
  );
  return found;
}

/** Prints events until the tail is stopped (exit 0) or fails (thrown: exit 1 with the reason). */
async function follow(
  ctx: Ctx,
  s: AwsSession,
  found: StageLogs,
  from: number | undefined,
  signal: AbortSignal,
): Promise<number> {
  const format = new LineFormatter([...found.sources, ...found.pending], { utc: ctx.options.utc });
  const conn = s.connection;
  const handle = startTail(
    {
      logs: s.logs,
      sources: found.sources,
      ...(found.pending.length ? { pending: found.pending } : {}),
      mode: ctx.options.mode ?? 'auto',
      ...(ctx.options.filter ? { filterPattern: ctx.options.filter } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}),
      pacerKey: conn.key,
      ...ctx.io.tailOptions,
    },
    {
      events: (events) => ctx.stdout.write(`${events.map((e) => format.format(e)).join('\n')}\n`),
      notice: (n) => {
        const text = noticeText(n, { pollSetting: '--mode' });
        if (text) ctx.stderr.write(`${text}\n`);
      },
    },
  );
  const onStop = () => void handle.stop();
  if (signal.aborted) onStop();
  else signal.addEventListener('abort', onStop, { once: true });
  try {
    const end = await handle.done;
    if (end.reason === 'failed') throw end.error;
    return 0;
  } finally {
    signal.removeEventListener('abort', onStop);
  }
}

/** The API's id from its name or id; several APIs with that name are an error that lists their ids. */
async function findApi(apigw: ApiGatewayAdapter, nameOrId: string, signal: AbortSignal): Promise<string> {
  const matches: Array<{ id: string; name: string }> = [];
  for await (const page of apigw.apis({ pageSize: 100, signal })) {
    for (const api of page.items) {
      if (api.ApiId === nameOrId) return nameOrId;
      if (api.Name === nameOrId) matches.push({ id: api.ApiId!, name: api.Name });
    }
  }
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1)
    throw new WorkbenchError(
      'Conflict',
      `${matches.length} APIs are named ${nameOrId}: ${matches.map((m) => m.id).join(', ')}.`,
      { hint: 'Pass the id with --api.' },
    );
  throw new WorkbenchError('NotFound', `No API named or with id ${nameOrId}.`, {
    hint: 'Check --api, --profile and --region.',
  });
}
