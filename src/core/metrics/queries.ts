// GetMetricData queries for a scope, in the SDK's own shape (MetricDataQuery), each with an id CloudWatch accepts and
// a reference that says what it stands for, so one call's answers go back to charts, totals, route rows and badges.
import { WorkbenchError } from '../errors';
import { fetchedSeries, NAMESPACE, type MetricName, type Protocol, type Stat } from './catalog';
import { dimensionsOf, type Dimension, type MetricScope } from './scope';

export interface MetricQuery {
  Id: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] };
    Period: number;
    Stat: string;
  };
}

/**
 * What a query stands for. `series`: a chart's line at the view's period; `total`: the same over the whole range
 * (one point: exact sums and percentiles); `key`: the requests, errors and p99 of a route or a stage.
 */
export type QueryRole = 'series' | 'total' | 'key';

export interface QueryRef {
  id: string;
  role: QueryRole;
  scope: MetricScope;
  /** The catalog's series key (`count`, `latency.p99`) or a key metric (`requests`, `errors`, `p99`). */
  key: string;
}

export interface QueryPlan {
  queries: MetricQuery[];
  refs: Map<string, QueryRef>;
}

/** CloudWatch query ids: a lowercase letter first, then letters, digits and underscores, at most 255 characters. */
export const QUERY_ID = /^[a-z][A-Za-z0-9_]{0,254}$/;

export function isValidQueryId(id: string): boolean {
  return QUERY_ID.test(id);
}

/** A valid id from readable parts: `queryId('v', 'latency.p99')` is `v_latency_p99`. */
export function queryId(...parts: Array<string | number>): string {
  let id = parts
    .map(String)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[a-z]/.test(id)) id = /^[A-Z]/.test(id) ? id[0]!.toLowerCase() + id.slice(1) : `q${id}`;
  if (!isValidQueryId(id)) {
    throw new WorkbenchError('InvalidArgument', `Cannot make a CloudWatch query id from ${JSON.stringify(parts)}.`, {
      hint: 'Ids are made of letters, digits and underscores, at most 255 characters.',
    });
  }
  return id;
}

export function metricQuery(
  id: string,
  scope: MetricScope,
  metric: MetricName,
  stat: Stat,
  periodSec: number,
  label?: string,
): MetricQuery {
  return {
    Id: id,
    ...(label ? { Label: label } : {}),
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: metric, Dimensions: dimensionsOf(scope) },
      Period: periodSec,
      Stat: stat,
    },
  };
}

export function emptyPlan(): QueryPlan {
  return { queries: [], refs: new Map() };
}

function add(plan: QueryPlan, q: MetricQuery, ref: Omit<QueryRef, 'id'>): void {
  if (plan.refs.has(q.Id)) {
    throw new WorkbenchError('InvalidArgument', `Query id ${q.Id} is used twice.`, {
      hint: 'Give each scope added to one plan its own prefix.',
    });
  }
  plan.queries.push(q);
  plan.refs.set(q.Id, { id: q.Id, ...ref });
}

/** Every fetched series of the scope's charts at `periodSec` (role `series`), or over the whole range (`total`). */
export function addSeries(plan: QueryPlan, scope: MetricScope, periodSec: number, role: 'series' | 'total'): void {
  const prefix = role === 'series' ? 'v' : 't';
  for (const s of fetchedSeries(scope.protocol)) {
    add(plan, metricQuery(queryId(prefix, s.key), scope, s.metric!, s.stat!, periodSec, s.label), {
      role,
      scope,
      key: s.key,
    });
  }
}

/** The three figures a route row and a stage badge show, per protocol. */
export function keyMetrics(
  protocol: Protocol,
  route?: string,
): Record<'requests' | 'errors' | 'p99', [MetricName, Stat]> {
  if (protocol === 'WEBSOCKET') {
    return {
      requests: [route === '$connect' ? 'ConnectCount' : 'MessageCount', 'Sum'],
      errors: ['IntegrationError', 'Sum'],
      p99: ['IntegrationLatency', 'p99'],
    };
  }
  return { requests: ['Count', 'Sum'], errors: ['5xx', 'Sum'], p99: ['Latency', 'p99'] };
}

/** Requests, errors and p99 of a scope over `periodSec`, with ids `${prefix}_requests` and so on. */
export function addKeyMetrics(plan: QueryPlan, scope: MetricScope, periodSec: number, prefix: string): void {
  for (const [key, [metric, stat]] of Object.entries(keyMetrics(scope.protocol, scope.route))) {
    add(plan, metricQuery(queryId(prefix, key), scope, metric, stat, periodSec), { role: 'key', scope, key });
  }
}

/** Top routes: each route's requests, errors and p99 over the whole range (ids `r0_…`, `r1_…`: keys never go in ids). */
export function addRoutes(plan: QueryPlan, stage: MetricScope, routes: readonly string[], periodSec: number): void {
  routes.forEach((route, i) => addKeyMetrics(plan, { ...stage, route }, periodSec, `r${i}`));
}

/** Tree badges: each stage's requests, errors and p99 over one period (ids `s0_…`, `s1_…`). */
export function addStageSummaries(plan: QueryPlan, stages: readonly MetricScope[], periodSec: number): void {
  stages.forEach((stage, i) => addKeyMetrics(plan, stage, periodSec, `s${i}`));
}
