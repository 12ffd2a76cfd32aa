// CloudWatch answers a series as timestamps and values, newest first by default, and leaves out the periods without
// data. Charts need them on the period grid with the gaps kept: `null` where nothing was published, never 0
// ("no data is not zero": a stage that served nothing did not serve zero errors).
import type { TimeRange } from './period';

/** One query's answer, merged over pages: timestamps in epoch milliseconds, in any order. */
export interface MetricResult {
  id: string;
  label?: string;
  timestamps: number[];
  values: number[];
  /** Complete, PartialData (more pages were not read), InternalError, Forbidden. */
  status?: string;
  messages?: string[];
}

export type MetricResults = Map<string, MetricResult>;

export type Series = Array<number | null>;

/** The start of every period of the range: the chart's x values. */
export function periodGrid(range: TimeRange, periodSec: number): number[] {
  const step = periodSec * 1000;
  const out: number[] = [];
  for (let t = range.start; t < range.end; t += step) out.push(t);
  return out;
}

/**
 * The values on the grid: each datapoint in the slot of the period it starts, `null` where none did. Points off the
 * grid (a start CloudWatch rounded differently) go to the period that holds them; points outside it are dropped.
 */
export function alignToGrid(result: MetricResult | undefined, grid: readonly number[], periodSec: number): Series {
  const out: Series = grid.map(() => null);
  if (!result || grid.length === 0) return out;
  const step = periodSec * 1000;
  const first = grid[0]!;
  for (let i = 0; i < result.timestamps.length; i++) {
    const slot = Math.floor((result.timestamps[i]! - first) / step);
    const v = result.values[i];
    if (slot >= 0 && slot < out.length && typeof v === 'number' && Number.isFinite(v)) out[slot] = v;
  }
  return out;
}

/** `100 * numerator / denominator` per point: null where either is missing or the denominator is 0. */
export function rateSeries(numerator: Series, denominator: Series, scale = 100): Series {
  return denominator.map((d, i) => ratio(numerator[i] ?? null, d, scale) ?? null);
}

/** `scale * n / d`, undefined when a part is missing or `d` is 0 (a rate of nothing is not 0 %). */
export function ratio(n: number | null | undefined, d: number | null | undefined, scale = 100): number | undefined {
  if (n === null || n === undefined || d === null || d === undefined || d === 0) return undefined;
  return (scale * n) / d;
}

export function present(values: Series): number[] {
  return values.filter((v): v is number => v !== null);
}

/** Total of the points with data; undefined when none has any. */
export function sumOf(values: Series): number | undefined {
  const p = present(values);
  return p.length ? p.reduce((a, b) => a + b, 0) : undefined;
}

export function maxOf(values: Series): number | undefined {
  const p = present(values);
  return p.length ? Math.max(...p) : undefined;
}

export function minOf(values: Series): number | undefined {
  const p = present(values);
  return p.length ? Math.min(...p) : undefined;
}

/** The newest point with data. */
export function lastOf(values: Series): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
  return undefined;
}

/**
 * The value of a whole-range query: one point, or two when CloudWatch's rounding of the start splits the range.
 * Two points combine by their statistic (sums add, maxima and percentiles take the larger, means average).
 * Undefined when CloudWatch had no data.
 */
export function totalValue(result: MetricResult | undefined, stat: string): number | undefined {
  const values = (result?.values ?? []).filter((v) => Number.isFinite(v));
  if (values.length === 0) return undefined;
  if (stat === 'Sum' || stat === 'SampleCount') return values.reduce((a, b) => a + b, 0);
  if (stat === 'Minimum') return Math.min(...values);
  if (stat === 'Average') return values.reduce((a, b) => a + b, 0) / values.length;
  return Math.max(...values);
}

/**
 * Percentile `p` (0-100) of weighted values: the smallest value at which the cumulative weight reaches p % of the
 * total, the definition CloudWatch uses for percentile statistics. Undefined for no weight.
 */
export function weightedPercentile(values: ReadonlyArray<readonly [number, number]>, p: number): number | undefined {
  const sorted = values.filter(([, w]) => w > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, w]) => s + w, 0);
  if (total === 0) return undefined;
  const target = (Math.min(100, Math.max(0, p)) / 100) * total;
  let cum = 0;
  for (const [v, w] of sorted) {
    cum += w;
    if (cum >= target - 1e-9 * total) return v;
  }
  return sorted.at(-1)![0];
}
