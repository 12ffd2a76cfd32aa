// `apigw metrics --api A --stage S`: a stage's (or a route's) CloudWatch metrics over a range as a table with
// sparklines, or as JSON, in the fewest GetMetricData calls the limits allow (planView: usually one, Top routes
// included); `--fail-on` turns it into a health gate for pipelines.
//   exit 0: printed (no threshold crossed), 1: a threshold crossed or the metrics could not be read, 2: bad arguments.
import { findApi } from '../aws/promote';
import type { AwsSession } from '../aws/session';
import { WorkbenchError } from '../core/errors';
import type { LiveApi } from '../core/deploy/live';
import {
  detailedMetrics,
  evaluateThresholds,
  gateFails,
  gateVerdict,
  historyMarkers,
  metricsJson,
  metricsTable,
  parsePeriod,
  parseThresholds,
  planView,
  type MetricScope,
  type Protocol,
  type ReportContext,
  type Threshold,
  type TimeRange,
} from '../core/metrics';
import { parseSince } from '../core/tail';
import { defineCommand, type CommandContext } from './command';
import { flag, list, UsageError, value } from './options';

const OPTIONS = {
  api: value('ID|NAME', 'The API: its id, or its name when no other API in the region has it', { required: true }),
  stage: value('STAGE', 'The stage', { required: true }),
  route: value('KEY', "One route's metrics ('GET /orders/{id}', sendMessage); needs detailed metrics on the stage"),
  since: value(
    'WHEN',
    'From this far back (1h, 3h, 12h, 1d, 1w) or from a time (2024-03-12T10:00:00Z) until now; default 3h',
  ),
  start: value('TIME', 'Start of the range (ISO 8601), instead of --since'),
  end: value('TIME', 'End of the range (ISO 8601; default now), with --start'),
  period: value('PERIOD', 'Period of the points (1m, 5m, 1h); default: the finest that keeps 1,440 points at most'),
  format: value('table|json', 'Output format (default: table)', { choices: ['table', 'json'] }),
  'fail-on': list(
    'RULES',
    "Exit 1 when a threshold is crossed over the range: '5xx-rate>1%,p99>500ms,4xx>100' (repeatable: every threshold given counts)",
  ),
  'fail-on-no-data': flag('A --fail-on threshold without data fails too (default: it passes, reported as no data)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const metricsCommand = defineCommand({
  name: 'metrics',
  summary: "Print a stage's metrics with sparklines; --fail-on gates a pipeline",
  description:
    "Prints a stage's (or with --route one route's) CloudWatch metrics over a range: for HTTP APIs requests, 4xx, 5xx and their rates, latency and integration latency (p50, p90, p99, average) and data processed; for WebSocket APIs connections, messages, integration, client and execution errors and integration latency. Each row shows the value over the whole range, the peak and latest period, and a sparkline; then the stage's deploys and promotions in the range, and Top routes where the stage has detailed metrics. --fail-on checks thresholds over the range (metrics: requests, 4xx, 5xx, 4xx-rate, 5xx-rate, p50, p90, p99, avg, integration-p99 …, WebSocket: messages, connects, integration-errors, client-errors, execution-errors).",
  options: OPTIONS,
  aws: true,
  exitCodes:
    '0 printed and no --fail-on threshold crossed, 1 a threshold crossed (each is printed with its measured value) or the metrics could not be read, 2 bad arguments.',
  run: runMetrics,
});

interface Asked {
  range: TimeRange;
  now: number;
  periodSec: number | undefined;
  thresholds: Threshold[];
}

/** What the arguments ask, checked before any call. */
function asked(ctx: Ctx): Asked {
  const o = ctx.options;
  const now = ctx.io.clock.now();
  if (o.since !== undefined && (o.start !== undefined || o.end !== undefined))
    throw new UsageError('give --since, or --start (and --end), not both');
  if (o.end !== undefined && o.start === undefined) throw new UsageError('--end needs --start');
  // Every range ends by the last whole minute: the minute still filling would read as a dip.
  const minute = Math.floor(now / 60_000) * 60_000;
  const range = o.start !== undefined ? explicitRange(o.start, o.end, minute) : sinceRange(o.since ?? '3h', minute);
  return {
    range,
    now,
    periodSec: o.period === undefined ? undefined : parsePeriod(o.period),
    // Each --fail-on adds its thresholds: a second one never drops the first gate.
    thresholds: o['fail-on'].length === 0 ? [] : parseThresholds(o['fail-on'].join(',')),
  };
}

/**
 * A date-time without `Z` or an offset is refused: JavaScript reads it in the machine's time zone, while the table,
 * the JSON and CloudWatch are in UTC, so `10:00` would silently be another hour on another machine.
 */
function needsZone(option: string, text: string): void {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d/i.test(t) && !/(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(t))
    throw new UsageError(`--${option} ${t} has no time zone: write ${t}Z for UTC, or an offset (${t}+02:00)`);
}

/** `--since 3h`: up to the last whole minute (the minute still filling would read as a dip). */
function sinceRange(since: string, minute: number): TimeRange {
  needsZone('since', since);
  const start = parseSince(since, minute);
  if (start === undefined)
    throw new UsageError(`--since takes a duration (1h, 3h, 1d, 1w) or an ISO 8601 time, not ${since}`);
  if (start >= minute) throw new UsageError(`--since ${since} leaves no whole minute before now`);
  return { start, end: minute };
}

/** `--start T [--end T]`: an end past the last whole minute (or none) is that minute. */
function explicitRange(startText: string, endText: string | undefined, minute: number): TimeRange {
  const time = (name: string, text: string) => {
    needsZone(name, text);
    const t = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
    if (Number.isNaN(t)) throw new UsageError(`--${name} takes an ISO 8601 time (2024-03-12T10:00:00Z), not ${text}`);
    return t;
  };
  const start = time('start', startText);
  const end = endText === undefined ? minute : Math.min(time('end', endText), minute);
  if (end <= start) throw new UsageError('--start must be before --end (and before the last whole minute)');
  return { start, end };
}

interface Target {
  api: LiveApi;
  scope: MetricScope;
  /** Routes for Top routes: those whose detailed metrics are on (none for a route's own view). */
  routes: string[];
  detailed: 'on' | 'some' | 'off';
  tags: Record<string, string> | undefined;
  notes: string[];
}

/** The API, the stage (its route settings and history tags) and, for Top routes, its routes: API Gateway reads only. */
async function readTarget(ctx: Ctx, session: AwsSession): Promise<Target> {
  const { stage, route } = ctx.options;
  const api = await findApi(session, ctx.options.api, ctx.signal);
  const protocol: Protocol = api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
  const live = await session.apigw.getStage(api.ApiId!, stage, ctx.signal).catch((err: unknown) => {
    throw stageNotFound(err, api, stage);
  });
  const settings = detailedMetrics(live);
  const keys = settings.state === 'off' && route === undefined ? [] : await routeKeys(session, api.ApiId!, ctx.signal);
  const notes: string[] = [];
  if (route !== undefined && !keys.includes(route))
    notes.push(`${route} is not a route of ${api.Name} now: only metrics it published before show.`);
  if (route !== undefined && !settings.on(route))
    notes.push(
      `Stage ${stage} has detailed metrics off for ${route}: CloudWatch has route metrics only while they are on.`,
    );
  return {
    api,
    scope: { protocol, apiId: api.ApiId!, stage, ...(route !== undefined ? { route } : {}) },
    routes: route === undefined ? keys.filter((k) => settings.on(k)) : [],
    detailed: settings.state,
    tags: live.Tags,
    notes,
  };
}

function stageNotFound(err: unknown, api: LiveApi, stage: string): unknown {
  if ((err as { code?: string }).code !== 'NotFound') return err;
  return new WorkbenchError('NotFound', `${api.Name} (${api.ApiId}) has no stage ${stage}.`, {
    hint: 'Check --stage (stage names are case-sensitive).',
  });
}

async function routeKeys(session: AwsSession, apiId: string, signal: AbortSignal): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of session.apigw.routes(apiId, { pageSize: 500, signal }))
    for (const r of page.items) if (r.RouteKey) keys.push(r.RouteKey);
  return keys;
}

async function runMetrics(ctx: Ctx): Promise<number> {
  const a = asked(ctx);
  const session = await ctx.connect();
  const target = await readTarget(ctx, session);
  // A metric the protocol does not publish is refused before CloudWatch is asked (a WebSocket API has no 5xx).
  evaluateThresholds(a.thresholds, {}, target.scope.protocol);
  const plan = planView({
    scope: target.scope,
    range: a.range,
    now: a.now,
    ...(a.periodSec !== undefined ? { periodSec: a.periodSec } : {}),
    routes: target.routes,
  });
  const view = await session.cloudwatch.view(plan, { signal: ctx.signal });
  const checks = evaluateThresholds(a.thresholds, view.totals, target.scope.protocol);
  const report: ReportContext = {
    apiName: target.api.Name ?? target.scope.apiId,
    calls: view.calls,
    detailedMetrics: target.detailed,
    markers: historyMarkers(target.tags, view.range),
    checks,
    failOnNoData: ctx.options['fail-on-no-data'],
  };
  for (const n of target.notes) ctx.stderr.write(`apigw metrics: ${n}\n`);
  if (ctx.options.format === 'json') ctx.stdout.json(metricsJson(view, report));
  else ctx.stdout.write(metricsTable(view, report));
  const gate = { failOnNoData: report.failOnNoData === true, partial: view.partial };
  const failed = gateFails(checks, gate);
  if (failed) ctx.stderr.write(`apigw metrics: ${gateVerdict(checks, gate)}\n`);
  return failed ? 1 : 0;
}
