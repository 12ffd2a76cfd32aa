// From a spike to its logs: the stage's access logs and its functions' logs for exactly the window a chart selection
// (or a clicked period) covers, read with FilterLogEvents (start and end), merged in time order and formatted as the
// tail formats them, into an output channel of their own; then the offer to tail the stage live.
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/bundle';
import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { StageLogs } from '../../aws/tail';
import { WorkbenchError } from '../../core/errors';
import type { AccessVerdict, LogsWindow } from '../../core/metrics/logsWindow';
import type { TailEvent, TailSource } from '../../core/tail/event';
import type { Invocation } from '../commands/invocation';

/** `apigw.showMetricsLogs({ apiId, stage, route, start, end, periodSec, grid0, errorsOnly })`. */
export interface WindowArgs {
  start: number;
  end: number;
  /** The chart's period and first period start: the window widens to the whole periods it touches. */
  periodSec: number;
  grid0: number;
  errorsOnly: boolean;
  /** A route key: only its access log lines and the functions its integration and authorizer call. */
  route?: string;
}

/** What a window read keeps, and what it found. */
export interface WindowFilter {
  errorsOnly: boolean;
  routeKey?: string;
}

export interface WindowRead {
  events: TailEvent[];
  /** Groups with more events than were read. */
  truncated: string[];
  /** Access lines kept for a route although they log no route key (the stage's format lacks `$context.routeKey`). */
  unrouted: number;
}

export const LOGS_CHANNEL_PREFIX = 'API Gateway Logs: ';

/** Events read per log group at most: a wider selection says so and shows the first ones. */
export const MAX_EVENTS_PER_GROUP = 10_000;

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** The window the arguments describe (whole periods; whole minutes without a period). */
export function windowOf(inv: Invocation<'stage', WindowArgs>): LogsWindow {
  const { args } = inv;
  const start = num(args.start);
  if (start === undefined)
    throw new WorkbenchError('InvalidArgument', 'Show Logs of a Time Window needs a start time.', {
      hint: 'Select a range on a metrics chart, or click a point.',
    });
  const end = num(args.end);
  const period = num(args.periodSec) ?? 60;
  return inv.rt
    .aws()
    .metrics.logsWindow({ start, ...(end !== undefined ? { end } : {}) }, period, num(args.grid0) ?? 0);
}

interface GroupOptions extends WindowFilter {
  errorsPattern: string;
  verdict: (message: string, o: WindowFilter & { format?: string }) => AccessVerdict;
  signal: AbortSignal;
}

function eventOf(src: TailSource, e: FilteredLogEvent): TailEvent {
  return {
    group: src.logGroupName,
    stream: e.logStreamName ?? '',
    timestamp: e.timestamp ?? 0,
    ...(e.ingestionTime !== undefined ? { ingestionTime: e.ingestionTime } : {}),
    message: e.message ?? '',
    ...(e.eventId ? { eventId: e.eventId } : {}),
  };
}

async function readGroup(session: AwsSession, src: TailSource, w: LogsWindow, o: GroupOptions): Promise<WindowRead> {
  const read: WindowRead = { events: [], truncated: [], unrouted: 0 };
  const pattern = o.errorsOnly && src.kind === 'function' ? o.errorsPattern : undefined;
  const pages = session.logs.filterLogEvents(src.logGroupName, {
    startTime: w.startTime,
    endTime: w.endTime,
    ...(pattern ? { filterPattern: pattern } : {}),
    signal: o.signal,
  });
  const filter = { ...o, format: src.accessFormat };
  for await (const page of pages) {
    for (const e of page.items) {
      const verdict = src.kind === 'access' ? o.verdict(e.message ?? '', filter) : 'keep';
      if (verdict === 'drop') continue;
      if (verdict === 'unrouted') read.unrouted++;
      read.events.push(eventOf(src, e));
      if (read.events.length < MAX_EVENTS_PER_GROUP) continue;
      read.truncated.push(src.logGroupName);
      return read;
    }
  }
  return read;
}

/** Every source's events in the window, in time order (stable: a group's own order is kept for equal times). */
export async function readWindow(
  inv: Invocation,
  session: AwsSession,
  found: StageLogs,
  w: LogsWindow,
  filter: WindowFilter,
): Promise<WindowRead> {
  const m = inv.rt.aws().metrics;
  const o = { ...filter, errorsPattern: m.FUNCTION_ERRORS_PATTERN, verdict: m.accessVerdict, signal: inv.signal };
  const read = await Promise.all(found.sources.map((src) => readGroup(session, src, w, o)));
  return {
    events: read.flatMap((r) => r.events).sort((a, b) => a.timestamp - b.timestamp),
    truncated: read.flatMap((r) => r.truncated),
    unrouted: read.reduce((n, r) => n + r.unrouted, 0),
  };
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 8)}`;
}

/** The channel's text: a heading naming the window and the groups, the lines, and a closing count. */
export function windowText(
  inv: Invocation,
  o: { label: string; found: StageLogs; w: LogsWindow; errorsOnly: boolean },
  read: WindowRead,
): string {
  const formatter = new (inv.rt.aws().tail.LineFormatter)(o.found.sources);
  const head = `── ${o.label} logs from ${clock(o.w.startTime)} to ${clock(o.w.endTime)}${o.errorsOnly ? ', only errors' : ''} ──`;
  const width = Math.max(...o.found.sources.map((s) => s.label.length));
  const lines = [head, ...o.found.sources.map((s) => `   ${s.label.padEnd(width)}  ${s.logGroupName}`)];
  for (const e of read.events) lines.push(formatter.format(e));
  for (const g of read.truncated) lines.push(`── ${g}: only the first ${MAX_EVENTS_PER_GROUP} events; select less ──`);
  if (read.unrouted > 0)
    lines.push(
      `── ${read.unrouted} access line${read.unrouted === 1 ? '' : 's'} name no route key, so every route's are shown: ` +
        "add $context.routeKey to the stage's access log format ──",
    );
  lines.push(`── ${read.events.length} event${read.events.length === 1 ? '' : 's'} ──`);
  return `${lines.join('\n')}\n`;
}

/** After the window's lines: start a live tail of the stage (Tail Stage Logs, with its own policy). */
export function offerLiveTail(inv: Invocation, target: { apiId: string; stageName: string }, text: string): void {
  inv.rt.prompts.notify('info', text, {
    label: 'Start Live Tail',
    run: () => vscode.commands.executeCommand('apigw.tailStage', { ...target, filterPattern: '' }),
  });
}
