// Time ranges and the period of their points: chosen from the range and CloudWatch's retention (1-minute data for
// 15 days, 5-minute for 63, hourly for 455), so every series stays readable (at most `maxPoints` points) and the
// whole view stays within the datapoints one GetMetricData call returns (docs/AWS.md, CloudWatch metrics).
import { WorkbenchError } from '../errors';
import { parseDuration } from '../tail/duration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds of each range the view offers. */
export const RANGE_PRESETS = { '1h': HOUR, '3h': 3 * HOUR, '12h': 12 * HOUR, '1d': DAY, '1w': 7 * DAY } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

/** A time range in epoch milliseconds: `start` inclusive, `end` exclusive (as GetMetricData reads them). */
export interface TimeRange {
  start: number;
  end: number;
}

/** How long CloudWatch keeps data of each resolution, finest first. */
export const RETENTION: ReadonlyArray<{ maxAgeMs: number; periodSec: number }> = [
  { maxAgeMs: 15 * DAY, periodSec: 60 },
  { maxAgeMs: 63 * DAY, periodSec: 300 },
  { maxAgeMs: 455 * DAY, periodSec: 3600 },
];

/** Periods the view picks from: the retention tiers and steps between them, all multiples of 60 seconds. */
export const PERIOD_LADDER: readonly number[] = [60, 300, 900, 3600, 21_600, 86_400];

/** Points per series the view aims at: a day of minutes. */
export const DEFAULT_MAX_POINTS = 1_440;

/** The last `preset` up to `now`'s whole minute: the minute still filling would read as a dip. */
export function presetRange(preset: RangePreset, now: number): TimeRange {
  const end = Math.floor(now / MINUTE) * MINUTE;
  return { start: end - RANGE_PRESETS[preset], end };
}

/** The finest period CloudWatch still holds for data as old as `start`; undefined beyond 455 days. */
export function finestPeriod(start: number, now: number): number | undefined {
  const age = now - start;
  return RETENTION.find((r) => age <= r.maxAgeMs)?.periodSec;
}

/** Whether a period can be answered for data back to `start`: a multiple of the finest resolution kept there. */
export function periodAvailable(periodSec: number, start: number, now: number): boolean {
  const finest = finestPeriod(start, now);
  return finest !== undefined && periodSec >= 60 && periodSec % finest === 0;
}

/**
 * Whether CloudWatch answers a period for a range once its start is on that period's grid, the StartTime the query
 * sends: aligning down can push a start across 15 or 63 days, and a period finer than that age allows returns no
 * datapoints at all (GetMetricData, MetricStat.Period).
 */
export function periodAnswers(periodSec: number, range: TimeRange, now: number): boolean {
  return periodAvailable(periodSec, alignRange(range, periodSec).start, now);
}

export interface PeriodOptions {
  /** Points per series at most (default 1,440). */
  maxPoints?: number;
  /** Series fetched for the view: the period also keeps them all within `maxDatapoints` together. */
  series?: number;
  /** Datapoints one call returns (default 100,800, GetMetricData's limit). */
  maxDatapoints?: number;
}

/** Points a series of `periodSec` has over the range. */
export function pointsIn(range: TimeRange, periodSec: number): number {
  return Math.max(0, Math.ceil((range.end - range.start) / (periodSec * 1000)));
}

/**
 * The period of a range: the finest the retention allows that keeps each series within `maxPoints` and, when
 * `series` is given, all of them within one call's datapoints. Ranges older than 455 days have no data at all.
 */
export function choosePeriod(range: TimeRange, now: number, o: PeriodOptions = {}): number {
  const finest = finestPeriod(range.start, now);
  if (finest === undefined) throw tooOld(range);
  const perSeries = Math.min(
    o.maxPoints ?? DEFAULT_MAX_POINTS,
    o.series ? Math.floor((o.maxDatapoints ?? MAX_DATAPOINTS) / o.series) : Infinity,
  );
  const fits = PERIOD_LADDER.find((p) => periodAnswers(p, range, now) && pointsIn(range, p) <= perSeries);
  const period = fits ?? PERIOD_LADDER.at(-1)!;
  if (!periodAnswers(period, range, now)) throw tooOld(alignRange(range, period));
  return period;
}

/** GetMetricData returns at most this many datapoints per call before paginating (API reference). */
export const MAX_DATAPOINTS = 100_800;

/** A period the user asked for (`5m`, `1h`, `300`): a whole number of minutes. */
export function parsePeriod(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms % MINUTE !== 0) {
    throw new WorkbenchError('InvalidArgument', `Period ${JSON.stringify(text)} is not a whole number of minutes.`, {
      hint: 'Use 1m, 5m, 15m, 1h or 1d: CloudWatch answers API Gateway metrics per minute or coarser.',
    });
  }
  return ms / 1000;
}

/** Refuses a period the retention cannot answer for the range, saying the finest one it can. */
export function checkPeriod(periodSec: number, range: TimeRange, now: number): void {
  // The start the queries send: on the period's grid (alignRange), which may be older than the one asked.
  const start = periodSec > 0 ? alignRange(range, periodSec).start : range.start;
  const finest = finestPeriod(start, now);
  if (finest === undefined) throw tooOld({ ...range, start });
  if (periodSec % 60 !== 0 || periodSec < 60 || periodSec % finest !== 0) {
    throw new WorkbenchError(
      'InvalidArgument',
      `A ${describePeriod(periodSec)} period cannot show data from ${new Date(start).toISOString()}: ` +
        `CloudWatch keeps data that old at ${describePeriod(finest)} resolution ` +
        '(1-minute data for 15 days, 5-minute for 63 days, hourly for 455 days).',
      { hint: `Use a period that is a multiple of ${describePeriod(finest)}, or a more recent range.` },
    );
  }
}

/** The range with its start on the period grid (down) and its end on it (up), as the chart's axis. */
export function alignRange(range: TimeRange, periodSec: number): TimeRange {
  const p = periodSec * 1000;
  return { start: Math.floor(range.start / p) * p, end: Math.ceil(range.end / p) * p };
}

/**
 * The period that reads a whole range as one point (the exact percentiles and totals of the range): its length in
 * whole minutes, rounded up to the resolution kept for its start.
 */
export function wholeRangePeriod(range: TimeRange, now: number): number {
  const finest = finestPeriod(range.start, now);
  if (finest === undefined) throw tooOld(range);
  const seconds = Math.max(60, Math.ceil((range.end - range.start) / 1000));
  return Math.ceil(seconds / finest) * finest;
}

/** `1 min`, `5 min`, `1 h`, `6 h`, `1 d`, `90 s`. */
export function describePeriod(periodSec: number): string {
  if (periodSec % 86_400 === 0) return `${periodSec / 86_400} d`;
  if (periodSec % 3600 === 0) return `${periodSec / 3600} h`;
  if (periodSec % 60 === 0) return `${periodSec / 60} min`;
  return `${periodSec} s`;
}

function tooOld(range: TimeRange): WorkbenchError {
  return new WorkbenchError(
    'InvalidArgument',
    `No metrics before ${new Date(range.start).toISOString()}: CloudWatch keeps API Gateway metrics for 455 days (15 months).`,
    { hint: 'Choose a range within the last 15 months.' },
  );
}
