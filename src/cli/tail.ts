// `apigw tail --api A --stage S`: a stage's access logs and its Lambda functions' logs on stdout as they arrive, in
// the extension's format; what the tail says about itself goes to stderr. Ctrl+C and a closed pipe stop it cleanly.
//   exit 0: stopped, 1: the tail could not start or ended with an error, 2: bad arguments.
import { resolveConnection } from '../aws/profiles';
import { SessionPool, type SessionOptions } from '../aws/session';
import { discoverStageLogs, noticeText, startTail, type TailMode, type TailOptions } from '../aws/tail';
import type { ApiGatewayAdapter } from '../aws/apigateway';
import { describeError, isWorkbenchError, WorkbenchError } from '../core/errors';
import { LineFormatter, parseSince } from '../core/tail';
import type { CliIo } from './main';

export const TAIL_USAGE = `Usage: apigw tail --api API --stage STAGE [options]

Prints a stage's access logs and its Lambda functions' logs as they arrive, one line per event: time, source,
and for access logs the method, route, status, latency and request id. Messages about the tail go to stderr.

Options:
  --api NAME|ID          The API, by name or id
  --stage NAME           The stage
  --filter PATTERN       CloudWatch Logs filter pattern ('{ $.status >= 500 }', ERROR, '?timeout ?exception')
  --since WHEN           Start this far back (30s, 5m, 1h, 2d) or at a time (2024-03-12T10:00:00Z); default: now
  --mode auto|live|poll  Live tail (StartLiveTail), polling (FilterLogEvents), or live tail with polling where
                         live tail is not available (default: auto)
  --no-functions         Only the access logs, not the Lambda functions' logs
  --no-execution-logs    Not the execution logs of a WebSocket stage
  --utc                  Times in UTC (default: local time)
  --profile NAME         AWS profile (default: AWS_PROFILE, then default)
  --region REGION        AWS region (default: AWS_REGION, then the profile's region)
  --endpoint-url URL     Send calls to another endpoint (LocalStack: http://localhost:4566)
  -h, --help             Show this help

Stops on Ctrl+C. Exit codes: 0 stopped, 1 the tail could not start or failed (the message says why), 2 bad arguments.
`;

export interface TailCliOptions {
  /** Stops the tail (tests); Ctrl+C and SIGTERM always do. */
  signal?: AbortSignal;
  session?: SessionOptions;
  /** Transport tuning (tests). */
  tail?: Pick<TailOptions, 'poll' | 'live' | 'turns'>;
}

interface Args {
  api?: string;
  stage?: string;
  filter?: string;
  since?: string;
  mode: TailMode;
  functions: boolean;
  executionLogs: boolean;
  utc: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

function parse(args: string[]): Args | string {
  const out: Args = { mode: 'auto', functions: true, executionLogs: true, utc: false };
  const valued: Record<string, keyof Args> = {
    '--api': 'api',
    '--stage': 'stage',
    '--filter': 'filter',
    '--since': 'since',
    '--mode': 'mode',
    '--profile': 'profile',
    '--region': 'region',
    '--endpoint-url': 'endpointUrl',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag in valued) {
      const v = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : args[++i];
      if (v === undefined) return `${flag} needs a value`;
      (out as unknown as Record<string, string>)[valued[flag]!] = v;
    } else if (a === '--no-functions') out.functions = false;
    else if (a === '--no-execution-logs') out.executionLogs = false;
    else if (a === '--utc') out.utc = true;
    else return `unknown option ${a}`;
  }
  if (!['auto', 'live', 'poll'].includes(out.mode)) return `--mode must be auto, live or poll, not ${out.mode}`;
  if (!out.api) return '--api is required';
  if (!out.stage) return '--stage is required';
  return out;
}

export async function tailCommand(args: string[], io: CliIo, extra: TailCliOptions = {}): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(TAIL_USAGE);
    return 0;
  }
  const a = parse(args);
  if (typeof a === 'string') {
    io.stderr.write(`apigw tail: ${a}\n\n${TAIL_USAGE}`);
    return 2;
  }
  const from = a.since === undefined ? undefined : parseSince(a.since, Date.now());
  if (a.since !== undefined && from === undefined) {
    io.stderr.write(`apigw tail: --since takes a duration (30s, 5m, 1h, 2d) or an ISO 8601 time, not ${a.since}\n`);
    return 2;
  }
  const say = (line: string) => io.stderr.write(`${line}\n`);

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  extra.signal?.addEventListener('abort', onSignal, { once: true });
  const pool = new SessionPool(extra.session ?? {});
  try {
    const conn = await resolveConnection({
      profile: a.profile ?? '',
      region: a.region ?? '',
      endpointUrl: a.endpointUrl ?? '',
    });
    const s = pool.get(conn);
    const apiId = await findApi(s.apigw, a.api!, stop.signal);
    const found = await discoverStageLogs(s, apiId, a.stage!, {
      functions: a.functions,
      executionLogs: a.executionLogs,
      signal: stop.signal,
    });
    const label = `${found.api.Name ?? apiId}/${a.stage}`;
    if (!found.accessLogGroup)
      say(
        `apigw tail: stage ${label} has no access logging (turn it on in VS Code with "API Gateway: Tail Stage Logs", or set the stage's AccessLogSettings).`,
      );
    for (const m of found.missing)
      say(
        `apigw tail: not tailed: ${m.source.label}${m.source.logGroupName ? ` ${m.source.logGroupName}` : ''}: ${m.reason}`,
      );
    if (found.sources.length === 0) {
      say(`apigw tail: stage ${label} has no log group to tail.`);
      return 1;
    }
    say(
      `Tailing ${label} (${conn.profile} · ${conn.region})${a.filter ? `, filter ${a.filter}` : ''}: ${found.sources.map((x) => `${x.label} ${x.logGroupName}`).join(', ')}. Ctrl+C stops.`,
    );

    const format = new LineFormatter(found.sources, { utc: a.utc });
    let pipeClosed = false;
    const write = (text: string) => {
      if (pipeClosed) return;
      try {
        io.stdout.write(text);
      } catch (err) {
        // A reader that went away (`apigw tail … | head`) ends the tail, quietly.
        if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
        pipeClosed = true;
        stop.abort();
      }
    };
    const out = io.stdout as { on?: (ev: string, fn: (err: NodeJS.ErrnoException) => void) => unknown };
    out.on?.('error', (err) => {
      if (err.code === 'EPIPE') {
        pipeClosed = true;
        stop.abort();
      }
    });
    const handle = startTail(
      {
        logs: s.logs,
        sources: found.sources,
        mode: a.mode,
        ...(a.filter ? { filterPattern: a.filter } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}),
        pacerKey: conn.key,
        ...extra.tail,
      },
      {
        events: (events) => write(`${events.map((e) => format.format(e)).join('\n')}\n`),
        notice: (n) => {
          const text = noticeText(n, { pollSetting: '--mode' });
          if (text) say(text);
        },
      },
    );
    const onStop = () => {
      void handle.stop();
    };
    if (stop.signal.aborted) onStop();
    else stop.signal.addEventListener('abort', onStop, { once: true });
    const end = await handle.done;
    if (end.reason === 'failed') {
      say(`apigw tail: ${describeError(end.error)}`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (stop.signal.aborted && (!isWorkbenchError(err) || err.code === 'Cancelled')) return 0;
    say(`apigw tail: ${describeError(err)}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    extra.signal?.removeEventListener('abort', onSignal);
    pool.clear();
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
