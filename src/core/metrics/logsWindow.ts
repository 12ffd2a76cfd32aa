// From a spike to its logs: the FilterLogEvents window of a clicked point or a selected range (whole periods, since a
// point stands for its whole period), and what "only errors" means for each kind of log group.
import { parseAccessLog, type AccessFields } from '../tail/format';
import type { TimeRange } from './period';

export interface LogsWindow {
  /** FilterLogEvents startTime: inclusive, epoch milliseconds. */
  startTime: number;
  /** FilterLogEvents endTime: inclusive, so one millisecond before the next period. */
  endTime: number;
}

/**
 * The window of a selection on a chart: a point (`end` omitted) is its whole period; a range widens to the periods
 * it touches. `grid0` is the first period start of the chart (periods are counted from it).
 */
export function logsWindow(selection: { start: number; end?: number }, periodSec: number, grid0: number): LogsWindow {
  const step = periodSec * 1000;
  const from = Math.min(selection.start, selection.end ?? selection.start);
  const to = Math.max(selection.start, selection.end ?? selection.start);
  const first = grid0 + Math.floor((from - grid0) / step) * step;
  const last = grid0 + Math.floor((to - grid0) / step) * step;
  return { startTime: first, endTime: last + step - 1 };
}

export function windowRange(w: LogsWindow): TimeRange {
  return { start: w.startTime, end: w.endTime + 1 };
}

/**
 * Filter pattern for "only errors" in a Lambda function's group (what the Lambda runtimes write for failures); the
 * access logs are filtered after reading instead (`isErrorAccessLine`), since each stage chooses its own format.
 */
export const FUNCTION_ERRORS_PATTERN = '?ERROR ?Error ?Exception ?"Task timed out" ?"Runtime exited"';

/**
 * An access log line whose status is at least `minStatus` (default 500), whatever the format names the field; read
 * against the stage's access log `format` when it is known.
 */
export function isErrorAccessLine(message: string, minStatus = 500, format?: string): boolean {
  return isErrorStatus(parseAccessLog(message, format), minStatus);
}

function isErrorStatus(fields: AccessFields | undefined, minStatus: number): boolean {
  const status = Number(fields?.status);
  return Number.isFinite(status) && status >= minStatus;
}

/** `unrouted`: kept, though the line logs no route key to tell whose it is (the stage's format lacks it). */
export type AccessVerdict = 'keep' | 'drop' | 'unrouted';

/**
 * What a window keeps of an access log line: with `errorsOnly` a status of 500 or more; for a route's panel, that
 * route's lines only (the stage's access log group holds every route's). The line is parsed once for both.
 */
export function accessVerdict(
  message: string,
  o: { errorsOnly: boolean; routeKey?: string; format?: string },
): AccessVerdict {
  if (!o.errorsOnly && o.routeKey === undefined) return 'keep';
  const fields = parseAccessLog(message, o.format);
  if (o.errorsOnly && !isErrorStatus(fields, 500)) return 'drop';
  if (o.routeKey === undefined) return 'keep';
  if (fields?.routeKey === undefined) return 'unrouted';
  return fields.routeKey === o.routeKey ? 'keep' : 'drop';
}
