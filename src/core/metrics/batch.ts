// How many GetMetricData calls a set of queries takes: at most 500 queries and 100,800 datapoints per call
// (docs/AWS.md, CloudWatch metrics). Queries are packed so the calls are as few as those two limits allow.
import { MAX_DATAPOINTS, pointsIn, type TimeRange } from './period';
import type { MetricQuery } from './queries';

export interface CallLimits {
  maxQueries: number;
  maxDatapoints: number;
}

/** GetMetricData: 500 queries per call; 100,800 datapoints before it paginates. */
export const GET_METRIC_DATA_LIMITS: CallLimits = { maxQueries: 500, maxDatapoints: MAX_DATAPOINTS };

/** Datapoints a query may return: its periods over the range, plus one for a start CloudWatch rounds down. */
export function estimatePoints(q: MetricQuery, range: TimeRange): number {
  return pointsIn(range, q.MetricStat.Period) + 1;
}

/** The fewest calls both limits allow (neither can do with less); `planCalls` reaches it but in rare packings. */
export function minimumCalls(
  queries: readonly MetricQuery[],
  range: TimeRange,
  limits: CallLimits = GET_METRIC_DATA_LIMITS,
): number {
  if (queries.length === 0) return 0;
  const points = queries.reduce((s, q) => s + Math.min(limits.maxDatapoints, estimatePoints(q, range)), 0);
  return Math.max(Math.ceil(queries.length / limits.maxQueries), Math.ceil(points / limits.maxDatapoints));
}

/**
 * The queries split into calls: first fit, largest first, so each call holds at most `maxQueries` queries and
 * `maxDatapoints` points. A query that alone exceeds the datapoints takes a call of its own (CloudWatch then pages
 * its answer with NextToken).
 */
export function planCalls(
  queries: readonly MetricQuery[],
  range: TimeRange,
  limits: CallLimits = GET_METRIC_DATA_LIMITS,
): MetricQuery[][] {
  const sized = queries.map((q, i) => ({ q, i, points: estimatePoints(q, range) }));
  sized.sort((a, b) => b.points - a.points || a.i - b.i);
  const calls: Array<{ items: typeof sized; points: number }> = [];
  for (const s of sized) {
    const fit = calls.find((c) => c.items.length < limits.maxQueries && c.points + s.points <= limits.maxDatapoints);
    if (fit) {
      fit.items.push(s);
      fit.points += s.points;
    } else {
      calls.push({ items: [s], points: s.points });
    }
  }
  // Within a call, the queries keep the order they were planned in (ids read in order in logs and tests).
  return calls.map((c) => c.items.sort((a, b) => a.i - b.i).map((s) => s.q));
}
