// A metrics view as one plan: every chart's series at the chosen period, the same series over the whole range (the
// totals the CLI's thresholds and the header read), and each route's requests, errors and p99 for Top routes, all
// over one time range, so they share GetMetricData calls (a call has one StartTime and EndTime). Then the answers,
// back into charts on the period grid, totals and route rows. Tree badges: the last hour of many stages at once.
import { WorkbenchError } from '../errors';
import { chartsFor, fetchedSeries, type ChartDef, type Unit } from './catalog';
import { planCalls } from './batch';
import { alignRange, checkPeriod, choosePeriod, presetRange, wholeRangePeriod, type TimeRange } from './period';
import {
  addRoutes,
  addSeries,
  addStageSummaries,
  emptyPlan,
  keyMetrics,
  queryId,
  type MetricQuery,
  type QueryPlan,
} from './queries';
import type { MetricScope } from './scope';
import { alignToGrid, periodGrid, rateSeries, ratio, totalValue, type MetricResults, type Series } from './series';

export interface ViewRequest {
  /** An API, a stage or a route. */
  scope: MetricScope;
  range: TimeRange;
  now: number;
  /** A period the user chose (`--period`): checked against the retention instead of chosen. */
  periodSec?: number;
  /** Routes for Top routes (a stage scope only). */
  routes?: readonly string[];
  /** Points per series at most (default 1,440). */
  maxPoints?: number;
}

export interface ViewPlan {
  scope: MetricScope;
  /** The range on the period grid: the charts' axis and every call's StartTime and EndTime. */
  range: TimeRange;
  periodSec: number;
  /** The period of the whole-range queries (totals and routes). */
  totalPeriodSec: number;
  routes: readonly string[];
  plan: QueryPlan;
  /** The queries split into the fewest GetMetricData calls the limits allow. */
  calls: MetricQuery[][];
}

export function planView(req: ViewRequest): ViewPlan {
  const { scope, now } = req;
  const routes = scope.stage !== undefined && scope.route === undefined ? (req.routes ?? []) : [];
  if (req.routes?.length && routes.length === 0) {
    throw new WorkbenchError('InvalidArgument', 'Top routes need a stage: route metrics exist per stage.', {
      hint: 'Open the metrics of a stage (apigw: --stage) to see its routes.',
    });
  }
  const series = fetchedSeries(scope.protocol).length;
  let periodSec = req.periodSec;
  if (periodSec === undefined) periodSec = choosePeriod(req.range, now, { series, maxPoints: req.maxPoints });
  else checkPeriod(periodSec, req.range, now);
  const range = alignRange(req.range, periodSec);
  const totalPeriodSec = wholeRangePeriod(range, now);
  const plan = emptyPlan();
  addSeries(plan, scope, periodSec, 'series');
  addSeries(plan, scope, totalPeriodSec, 'total');
  addRoutes(plan, scope, routes, totalPeriodSec);
  return { scope, range, periodSec, totalPeriodSec, routes, plan, calls: planCalls(plan.queries, range) };
}

export interface ChartSeries {
  key: string;
  label: string;
  unit: Unit;
  values: Series;
}

export interface Chart {
  id: string;
  title: string;
  unit: Unit;
  series: ChartSeries[];
}

export interface RouteRow {
  route: string;
  requests?: number;
  errors?: number;
  /** Errors in percent of requests; undefined without requests. */
  errorRate?: number;
  p99?: number;
}

export interface MetricsView {
  scope: MetricScope;
  range: TimeRange;
  periodSec: number;
  /** The start of every period: the x values of every series. */
  grid: number[];
  charts: Chart[];
  /** Whole-range values by series key (`count`, `5xx`, `latency.p99`, `5xxRate`); missing where nothing was published. */
  totals: Record<string, number | undefined>;
  /** Top routes, most requests first; empty without routes asked. */
  routes: RouteRow[];
  /** Some route published metrics over the range (false: detailed metrics off, or no traffic). */
  routeData: boolean;
  /** Some answer was incomplete (PartialData left unread, InternalError): the view says so. */
  partial: boolean;
  /** What CloudWatch said of its answers (a result's or a call's `Messages`: `MaxQueryTimeRangeExceed …`), each once. */
  messages: string[];
}

function chartOf(def: ChartDef, fetched: Map<string, Series>): Chart {
  return {
    id: def.id,
    title: def.title,
    unit: def.unit,
    series: def.series.map((s) => ({
      key: s.key,
      label: s.label,
      unit: s.unit,
      values: s.rate
        ? rateSeries(fetched.get(s.rate.numerator) ?? [], fetched.get(s.rate.denominator) ?? [])
        : (fetched.get(s.key) ?? []),
    })),
  };
}

function totalsOf(vp: ViewPlan, results: MetricResults): Record<string, number | undefined> {
  const totals: Record<string, number | undefined> = {};
  for (const s of fetchedSeries(vp.scope.protocol))
    totals[s.key] = totalValue(results.get(queryId('t', s.key)), s.stat!);
  for (const s of chartsFor(vp.scope.protocol).flatMap((c) => c.series)) {
    if (s.rate) totals[s.key] = ratio(totals[s.rate.numerator], totals[s.rate.denominator]);
  }
  return totals;
}

export function keyFigures(
  results: MetricResults,
  scope: MetricScope,
  prefix: string,
): { requests?: number; errors?: number; errorRate?: number; p99?: number } {
  const key = keyMetrics(scope.protocol, scope.route);
  const requests = totalValue(results.get(queryId(prefix, 'requests')), key.requests[1]);
  const errors = totalValue(results.get(queryId(prefix, 'errors')), key.errors[1]);
  const p99 = totalValue(results.get(queryId(prefix, 'p99')), key.p99[1]);
  const errorRate = ratio(errors, requests);
  return {
    ...(requests !== undefined ? { requests } : {}),
    ...(errors !== undefined ? { errors } : {}),
    ...(errorRate !== undefined ? { errorRate } : {}),
    ...(p99 !== undefined ? { p99 } : {}),
  };
}

/**
 * The answers of a view's calls (merged by id) as charts, totals and route rows; `callMessages` are the `Messages`
 * CloudWatch attached to the calls themselves.
 */
export function assembleView(vp: ViewPlan, results: MetricResults, callMessages: readonly string[] = []): MetricsView {
  const grid = periodGrid(vp.range, vp.periodSec);
  const fetched = new Map<string, Series>();
  for (const s of fetchedSeries(vp.scope.protocol)) {
    fetched.set(s.key, alignToGrid(results.get(queryId('v', s.key)), grid, vp.periodSec));
  }
  const routes = vp.routes.map((route, i) => ({ route, ...keyFigures(results, { ...vp.scope, route }, `r${i}`) }));
  return {
    scope: vp.scope,
    range: vp.range,
    periodSec: vp.periodSec,
    grid,
    charts: chartsFor(vp.scope.protocol).map((def) => chartOf(def, fetched)),
    totals: totalsOf(vp, results),
    routes: sortRoutes(routes, 'requests'),
    routeData: routes.some((r) => r.requests !== undefined),
    partial: [...results.values()].some((r) => r.status !== undefined && r.status !== 'Complete'),
    messages: [...new Set([...callMessages, ...[...results.values()].flatMap((r) => r.messages ?? [])])],
  };
}

/** Top routes by a column, largest first; routes without data last, then by route key. */
export function sortRoutes(rows: RouteRow[], by: 'requests' | 'errors' | 'errorRate' | 'p99'): RouteRow[] {
  return [...rows].sort((a, b) => (b[by] ?? -Infinity) - (a[by] ?? -Infinity) || a.route.localeCompare(b.route));
}

export interface SummaryPlan {
  stages: readonly MetricScope[];
  range: TimeRange;
  periodSec: number;
  plan: QueryPlan;
  calls: MetricQuery[][];
}

/** The last hour of every stage given, as one point each: one call for up to 166 stages. */
export function planSummaries(stages: readonly MetricScope[], now: number): SummaryPlan {
  const range = presetRange('1h', now);
  const periodSec = (range.end - range.start) / 1000;
  const plan = emptyPlan();
  addStageSummaries(plan, stages, periodSec);
  return { stages, range, periodSec, plan, calls: planCalls(plan.queries, range) };
}

export interface StageSummary {
  scope: MetricScope;
  requests?: number;
  errors?: number;
  errorRate?: number;
  p99?: number;
}

export function assembleSummaries(sp: SummaryPlan, results: MetricResults): StageSummary[] {
  return sp.stages.map((scope, i) => ({ scope, ...keyFigures(results, scope, `s${i}`) }));
}
