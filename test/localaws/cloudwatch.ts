// Amazon CloudWatch as the pinned @aws-sdk/client-cloudwatch speaks it: AWS JSON 1.0 (`X-Amz-Target:
// GraniteServiceVersion20100801.*`, `Content-Type: application/x-amz-json-1.0`, timestamps in epoch seconds) with
// query-compatible errors (`x-amzn-query-error: Code;Sender`). GetMetricData (MetricStat queries), ListMetrics and
// DescribeAlarms over seeded API Gateway traffic and alarms, with AWS's limits: 500 queries a call, MaxDatapoints
// (100,800) per page with NextToken, periods in whole minutes, retention (1-minute data for 15 days, 5-minute for 63,
// hourly for 455: a period finer than its StartTime's age allows returns no datapoints at all), start times rounded
// as AWS rounds them, newest first unless ScanBy says otherwise, and no datapoint for a period without data.
import { isStat, metricNames, NAMESPACE } from '../../src/core/metrics/catalog';
import { isValidQueryId } from '../../src/core/metrics/queries';
import type { ApiRecord } from './apigw';
import {
  AwsError,
  clean,
  decodeToken,
  encodeToken,
  type Json,
  type ServiceRequest,
  type ServiceResponse,
} from './common';
import {
  BUCKET_VALUES,
  hashString,
  routeCells,
  statistic,
  type Cell,
  type Distribution,
  type Protocol,
  type Traffic,
  type TrafficEvent,
} from './metricsData';
import type { SeedAlarm, SeedTraffic } from './metricsSeed';

export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801.';

/** AWS: GetMetricData 50 transactions/s, ListMetrics 25, DescribeAlarms 9, per account and region (docs/AWS.md). */
export const AWS_CLOUDWATCH_RATES = {
  GetMetricData: { rate: 50, burst: 50 },
  ListMetrics: { rate: 25, burst: 25 },
  DescribeAlarms: { rate: 9, burst: 9 },
} as const;

export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The error shapes of the SDK's model behind each query error code, for `__type`. */
const SHAPES: Record<string, string> = {
  InvalidParameterValue: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
  InvalidParameterCombination: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
  MissingParameter: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
  InvalidNextToken: 'com.amazonaws.cloudwatch#InvalidNextToken',
  ResourceNotFound: 'com.amazonaws.cloudwatch#ResourceNotFound',
  InternalServiceError: 'com.amazonaws.cloudwatch#InternalServiceFault',
  Throttling: 'com.amazon.coral.availability#ThrottlingException',
  AccessDenied: 'com.amazon.coral.service#AccessDeniedException',
};

/** The JSON 1.0 error body and the query-compatible header CloudWatch sends with it. */
export function cloudwatchErrorWire(e: AwsError): { body: Json; queryError: string } {
  return {
    body: { __type: SHAPES[e.code] ?? e.code, message: e.message },
    queryError: `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}`,
  };
}

const invalid = (message: string) => new AwsError(400, 'InvalidParameterValue', message);
const missing = (name: string) => new AwsError(400, 'MissingParameter', `The parameter ${name} is required.`);
const badToken = () => new AwsError(400, 'InvalidNextToken', 'The service cannot process the NextToken.');

export interface CloudWatchContext {
  apis(region: string): Map<string, ApiRecord>;
  account(): string;
  now(): number;
  /** ListMetrics page size (AWS: 500). */
  listMetricsPageSize(): number;
}

interface Alarm {
  region: string;
  body: Json;
}

interface Query {
  id: string;
  label: string;
  returnData: boolean;
  metricName: string;
  namespace: string;
  dims: Record<string, string>;
  dimCount: number;
  period: number;
  stat: string;
}

/** A metric as ListMetrics lists it, with when the traffic behind it publishes. */
interface MetricId {
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  from: number;
  until: number;
}

export class CloudWatch {
  private traffic: Traffic[] = [];
  private readonly minuteCache = new WeakMap<Traffic, Map<string, Accumulator | null>>();
  private readonly cellCache = new WeakMap<Traffic, Map<number, Array<Cell | undefined> | undefined>>();
  private alarms: Alarm[] = [];
  readonly operations = ['GetMetricData', 'ListMetrics', 'DescribeAlarms'];

  constructor(private readonly ctx: CloudWatchContext) {}

  reset(): void {
    this.traffic = [];
    this.alarms = [];
  }

  handle(operation: string, req: ServiceRequest): ServiceResponse {
    switch (operation) {
      case 'GetMetricData':
        return { status: 200, body: this.getMetricData(req) };
      case 'ListMetrics':
        return { status: 200, body: this.listMetrics(req) };
      case 'DescribeAlarms':
        return { status: 200, body: this.describeAlarms(req) };
      default:
        throw new AwsError(400, 'InvalidAction', `The action ${operation} is not valid for this web service.`);
    }
  }

  // ---- seeding --------------------------------------------------------------------------------------------------

  private api(region: string, nameOrId: string): ApiRecord {
    const apis = this.ctx.apis(region);
    const rec = apis.get(nameOrId) ?? [...apis.values()].find((a) => a.api.name === nameOrId);
    if (!rec) throw new Error(`seed: metrics name unknown API ${nameOrId} in ${region}`);
    return rec;
  }

  addTraffic(region: string, s: SeedTraffic): void {
    const rec = this.api(region, s.api);
    const protocol = rec.api.protocolType as Protocol;
    const routes = s.routes
      ? Object.entries(s.routes).map(([key, share]) => ({ key, share }))
      : [...rec.routes.values()].map((r) => ({ key: String(r.route.routeKey), share: 1 }));
    this.traffic.push({
      region,
      apiId: rec.api.apiId,
      protocol,
      stage: s.stage,
      start: Math.floor(s.start / MINUTE) * MINUTE,
      minutes: s.minutes,
      perMinute: s.perMinute,
      rate4xx: s.rate4xx ?? 0.01,
      rate5xx: s.rate5xx ?? 0.002,
      rateExecution: s.rateExecution ?? 0,
      latencyP50: s.latencyP50 ?? 40,
      latencyP99: s.latencyP99 ?? 200,
      integrationShare: s.integrationShare ?? 0.8,
      bytesPerRequest: s.bytesPerRequest ?? 512,
      jitter: s.jitter ?? 0.2,
      wave: s.wave ?? 0.3,
      routes: routes.length ? routes : [{ key: '$default', share: 1 }],
      ...(s.detailedMetrics !== undefined ? { detailedMetrics: s.detailedMetrics } : {}),
      events: (s.events ?? []).map((e: TrafficEvent) => ({ ...e, at: Math.floor(e.at / MINUTE) * MINUTE })),
      seed: hashString(`${region}|${rec.api.apiId}|${s.stage}|${s.seed ?? ''}`),
    });
  }

  addAlarm(region: string, s: SeedAlarm): void {
    const { api, stage, route, region: _r, ...wire } = s;
    const dims = api
      ? [
          { Name: 'ApiId', Value: this.api(region, api).api.apiId },
          ...(stage ? [{ Name: 'Stage', Value: stage }] : []),
          ...(route ? [{ Name: 'Route', Value: route }] : []),
        ]
      : [];
    const now = this.ctx.now() / 1000;
    const name = String(wire.AlarmName);
    const body = clean({
      AlarmArn: `arn:aws:cloudwatch:${region}:${this.ctx.account()}:alarm:${name}`,
      AlarmConfigurationUpdatedTimestamp: now,
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      StateValue: 'OK',
      StateReason: 'Threshold Crossed: no datapoints were received for 1 period.',
      StateUpdatedTimestamp: now,
      StateTransitionedTimestamp: now,
      ...(wire.Metrics ? {} : { Namespace: NAMESPACE, Statistic: wire.ExtendedStatistic ? undefined : 'Sum' }),
      ...(wire.Metrics ? {} : { Dimensions: dims, Period: 60 }),
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'missing',
      ...wire,
    });
    this.alarms = this.alarms.filter((a) => !(a.region === region && a.body.AlarmName === name));
    this.alarms.push({ region, body });
  }

  /** Sets an alarm's state as CloudWatch's evaluation would (a test moves a badge to ALARM). */
  setAlarmState(name: string, state: string, reason?: string): boolean {
    const a = this.alarms.find((x) => x.body.AlarmName === name);
    if (!a) return false;
    const now = this.ctx.now() / 1000;
    Object.assign(a.body, {
      StateValue: state,
      StateReason: reason ?? `Set by the local service to ${state}`,
      StateUpdatedTimestamp: now,
      StateTransitionedTimestamp: now,
    });
    return true;
  }

  // ---- GetMetricData --------------------------------------------------------------------------------------------

  private queries(b: Json): Query[] {
    const list = b.MetricDataQueries;
    if (!Array.isArray(list) || list.length === 0) throw missing('MetricDataQueries');
    if (list.length > MAX_QUERIES)
      throw invalid(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
    const seen = new Set<string>();
    return list.map((q: Json, i: number) => {
      const where = `MetricDataQueries.member.${i + 1}`;
      if (typeof q.Id !== 'string' || !isValidQueryId(q.Id))
        throw invalid(`The value ${q.Id} for parameter ${where}.Id is not valid.`);
      if (seen.has(q.Id)) throw invalid(`The value ${q.Id} for parameter ${where}.Id is duplicated.`);
      seen.add(q.Id);
      if (q.Expression !== undefined)
        throw invalid(`${where}: the local service answers MetricStat queries only, not Expression.`);
      const ms = q.MetricStat;
      if (!ms?.Metric?.MetricName || !ms.Metric.Namespace) throw missing(`${where}.MetricStat.Metric`);
      const period = Number(ms.Period);
      if (
        !Number.isInteger(period) ||
        period < 1 ||
        (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 20, 30].includes(period))
      )
        throw invalid(`The parameter ${where}.MetricStat.Period must be 1, 5, 10, 20, 30, 60, or any multiple of 60.`);
      if (typeof ms.Stat !== 'string' || !isStat(ms.Stat))
        throw invalid(`The value ${ms.Stat} for parameter ${where}.MetricStat.Stat is not valid.`);
      const dims: Record<string, string> = {};
      for (const d of ms.Metric.Dimensions ?? []) dims[String(d.Name)] = String(d.Value);
      return {
        id: q.Id,
        label: q.Label ?? ms.Metric.MetricName,
        returnData: q.ReturnData !== false,
        metricName: ms.Metric.MetricName,
        namespace: ms.Metric.Namespace,
        dims,
        dimCount: (ms.Metric.Dimensions ?? []).length,
        period,
        stat: ms.Stat,
      };
    });
  }

  private getMetricData(req: ServiceRequest): Json {
    const b = req.body;
    const queries = this.queries(b);
    if (b.StartTime === undefined) throw missing('StartTime');
    if (b.EndTime === undefined) throw missing('EndTime');
    const startMs = Number(b.StartTime) * 1000;
    const endMs = Number(b.EndTime) * 1000;
    if (!(startMs < endMs)) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
    const scanBy = b.ScanBy ?? 'TimestampDescending';
    if (!['TimestampDescending', 'TimestampAscending'].includes(scanBy))
      throw invalid(`The value ${scanBy} for parameter ScanBy is not valid.`);
    const maxPoints = Math.min(MAX_DATAPOINTS, Number(b.MaxDatapoints ?? MAX_DATAPOINTS));
    if (!(maxPoints >= 1)) throw invalid('The parameter MaxDatapoints must be at least 1.');
    const now = this.ctx.now();
    const start = roundStart(startMs, now);
    const full = queries
      .filter((q) => q.returnData)
      .map((q) => ({ q, points: this.points(req.region, q, start, endMs, now) }));
    for (const f of full) if (scanBy === 'TimestampDescending') f.points.reverse();
    const fingerprint = hashString(JSON.stringify([b.MetricDataQueries, b.StartTime, b.EndTime, scanBy]));
    const cursor = decodeToken<{ f: number; o: number[] }>(b.NextToken, badToken);
    if (cursor && (cursor.f !== fingerprint || cursor.o.length !== full.length)) throw badToken();
    return this.page(full, cursor?.o ?? full.map(() => 0), maxPoints, fingerprint);
  }

  /** One page: every query in order, each with as many of its remaining points as the page still holds. */
  private page(
    full: Array<{ q: Query; points: Array<[number, number]> }>,
    offsets: number[],
    maxPoints: number,
    fingerprint: number,
  ): Json {
    let budget = maxPoints;
    const next: number[] = [];
    const results = full.map(({ q, points }, i) => {
      const from = offsets[i]!;
      const take = Math.min(points.length - from, budget);
      budget -= take;
      next.push(from + take);
      const slice = points.slice(from, from + take);
      return {
        Id: q.id,
        Label: q.label,
        Timestamps: slice.map(([t]) => t / 1000),
        Values: slice.map(([, v]) => v),
        StatusCode: from + take < points.length ? 'PartialData' : 'Complete',
        Messages: [],
      };
    });
    const more = next.some((n, i) => n < full[i]!.points.length);
    return clean({
      MetricDataResults: results,
      NextToken: more ? encodeToken({ f: fingerprint, o: next }) : undefined,
      Messages: [],
    });
  }

  /** The traffic a query's metric reads, and which of each stage's routes. */
  private sources(region: string, q: Query): Array<{ traffic: Traffic; routes: number[] }> {
    if (q.namespace !== NAMESPACE) return [];
    const keys = Object.keys(q.dims);
    const exact = (names: string[]) =>
      keys.length === names.length && q.dimCount === names.length && names.every((n) => n in q.dims);
    const route = exact(['ApiId', 'Stage', 'Route']);
    if (!exact(['ApiId']) && !exact(['ApiId', 'Stage']) && !route) return [];
    return this.traffic
      .filter(
        (t) =>
          t.region === region &&
          t.apiId === q.dims.ApiId &&
          (q.dims.Stage === undefined || t.stage === q.dims.Stage) &&
          metricNames(t.protocol).includes(q.metricName as never),
      )
      .map((t) => ({
        traffic: t,
        routes: t.routes
          .map((r, i) => (route ? (r.key === q.dims.Route && this.detailed(t, r.key) ? i : -1) : i))
          .filter((i) => i >= 0),
      }))
      .filter((s) => s.routes.length > 0);
  }

  private detailed(t: Traffic, route: string): boolean {
    if (t.detailedMetrics !== undefined) return t.detailedMetrics;
    const stage = this.ctx.apis(t.region).get(t.apiId)?.stages.get(t.stage);
    return Boolean(
      stage?.routeSettings?.[route]?.detailedMetricsEnabled ?? stage?.defaultRouteSettings?.detailedMetricsEnabled,
    );
  }

  /** The query's datapoints, oldest first: one per period with data that the retention still holds. */
  private points(region: string, q: Query, start: number, end: number, now: number): Array<[number, number]> {
    const sources = this.sources(region, q);
    const step = q.period * 1000;
    const out: Array<[number, number]> = [];
    // Minutes are published once they are over: the one still filling has no datapoint yet.
    const published = Math.floor(now / MINUTE) * MINUTE;
    if (q.period < 60 || sources.length === 0 || !periodAnswers(q.period, start, now)) return out;
    for (let t = start; t < end; t += step) {
      if (!retained(t, q.period, now)) continue;
      const d = this.distribution(q.metricName, sources, t, Math.min(t + step, published));
      const v = d && statistic(d, q.stat);
      if (v !== undefined && Number.isFinite(v)) out.push([t, v]);
    }
    return out;
  }

  /** A traffic's minute, computed once and kept (seeded data never changes), a bounded number per traffic. */
  private cellsAt(t: Traffic, m: number): Array<Cell | undefined> | undefined {
    let minutes = this.cellCache.get(t);
    if (!minutes) this.cellCache.set(t, (minutes = new Map()));
    if (!minutes.has(m)) {
      // About 400,000 route cells per traffic at most, whatever its number of routes.
      if (minutes.size >= Math.min(20_000, Math.floor(400_000 / t.routes.length))) minutes.clear();
      minutes.set(m, routeCells(t, m));
    }
    return minutes.get(m);
  }

  /**
   * A whole stage's minute of one metric, kept across requests (the data never changes once seeded): stage and API
   * queries, the tree's badges and the bench's repeated refreshes then cost a lookup per minute, not a merge of
   * every route's cells. Route queries read the cells themselves.
   */
  private stageMinute(t: Traffic, m: number, metric: string): Accumulator | undefined {
    let cache = this.minuteCache.get(t);
    if (!cache) this.minuteCache.set(t, (cache = new Map()));
    const key = `${m}|${metric}`;
    if (!cache.has(key)) {
      if (cache.size > 200_000) cache.clear();
      const cells = this.cellsAt(t, m);
      const acc = newAccumulator();
      cells?.forEach((c, i) => c && accumulate(acc, metric, t.routes[i]!.key, c));
      cache.set(key, acc.n > 0 ? acc : null);
    }
    return cache.get(key) ?? undefined;
  }

  private distribution(
    metric: string,
    sources: Array<{ traffic: Traffic; routes: number[] }>,
    from: number,
    to: number,
  ): Distribution | undefined {
    const acc = newAccumulator();
    for (const { traffic: t, routes } of sources) {
      const whole = routes.length === t.routes.length;
      const first = Math.max(from, t.start);
      const last = Math.min(to, t.start + t.minutes * MINUTE);
      for (let m = first; m < last; m += MINUTE) {
        if (whole) {
          const stage = this.stageMinute(t, m, metric);
          if (stage) merge(acc, stage);
          continue;
        }
        const cells = this.cellsAt(t, m);
        for (const i of routes) if (cells?.[i]) accumulate(acc, metric, t.routes[i]!.key, cells[i]!);
      }
    }
    return toDistribution(acc, metric);
  }

  // ---- ListMetrics ----------------------------------------------------------------------------------------------

  private allMetrics(region: string): MetricId[] {
    const out = new Map<string, MetricId>();
    for (const t of this.traffic.filter((x) => x.region === region)) {
      for (const name of metricNames(t.protocol)) {
        const sets = [
          [['ApiId', t.apiId]],
          [
            ['ApiId', t.apiId],
            ['Stage', t.stage],
          ],
        ];
        for (const r of t.routes) {
          const applies =
            name === 'ConnectCount' ? r.key === '$connect' : name === 'MessageCount' ? r.key !== '$connect' : true;
          if (applies && this.detailed(t, r.key))
            sets.push([
              ['ApiId', t.apiId],
              ['Stage', t.stage],
              ['Route', r.key],
            ]);
        }
        for (const set of sets) {
          const Dimensions = set.map(([Name, Value]) => ({ Name: Name!, Value: Value! }));
          const key = JSON.stringify([name, Dimensions]);
          const until = t.start + t.minutes * MINUTE;
          const seen = out.get(key);
          out.set(key, {
            MetricName: name,
            Dimensions,
            from: Math.min(seen?.from ?? t.start, t.start),
            until: Math.max(seen?.until ?? until, until),
          });
        }
      }
    }
    return [...out.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, m]) => m);
  }

  private listMetrics(req: ServiceRequest): Json {
    const b = req.body;
    const now = this.ctx.now();
    if (b.RecentlyActive !== undefined && b.RecentlyActive !== 'PT3H')
      throw invalid(`The value ${b.RecentlyActive} for parameter RecentlyActive is not valid.`);
    const wanted = (b.Dimensions ?? []) as Array<{ Name: string; Value?: string }>;
    const list = this.allMetrics(req.region).filter(
      (m) =>
        (b.Namespace === undefined || b.Namespace === NAMESPACE) &&
        (b.MetricName === undefined || b.MetricName === m.MetricName) &&
        wanted.every((w) =>
          m.Dimensions.some((d) => d.Name === w.Name && (w.Value === undefined || d.Value === w.Value)),
        ) &&
        // Metrics without data for two weeks are not listed at all (API reference).
        m.until > now - 14 * DAY &&
        (b.RecentlyActive === undefined || (m.from < now && m.until > now - 3 * 60 * MINUTE)),
    );
    const from = decodeToken<number>(b.NextToken, badToken) ?? 0;
    const size = this.ctx.listMetricsPageSize();
    const page = list.slice(from, from + size);
    return clean({
      Metrics: page.map((m) => ({ Namespace: NAMESPACE, MetricName: m.MetricName, Dimensions: m.Dimensions })),
      NextToken: from + size < list.length ? encodeToken(from + size) : undefined,
    });
  }

  // ---- DescribeAlarms -------------------------------------------------------------------------------------------

  private describeAlarms(req: ServiceRequest): Json {
    const b = req.body;
    const max = b.MaxRecords === undefined ? 50 : Number(b.MaxRecords);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw invalid('The parameter MaxRecords must be between 1 and 100.');
    if (b.AlarmNames && b.AlarmNamePrefix)
      throw new AwsError(400, 'InvalidParameterCombination', 'AlarmNames and AlarmNamePrefix cannot be used together.');
    const types: string[] = b.AlarmTypes ?? ['MetricAlarm'];
    const list = this.alarms
      .filter((a) => a.region === req.region)
      .map((a) => a.body)
      .filter(
        (a) =>
          types.includes('MetricAlarm') &&
          (!b.AlarmNames || (b.AlarmNames as string[]).includes(a.AlarmName)) &&
          (!b.AlarmNamePrefix || String(a.AlarmName).startsWith(b.AlarmNamePrefix)) &&
          (!b.StateValue || a.StateValue === b.StateValue),
      )
      .sort((x, y) => String(x.AlarmName).localeCompare(String(y.AlarmName)));
    const from = decodeToken<number>(b.NextToken, badToken) ?? 0;
    return clean({
      MetricAlarms: list.slice(from, from + max),
      CompositeAlarms: [],
      NextToken: from + max < list.length ? encodeToken(from + max) : undefined,
    });
  }
}

/** Start times are rounded down to the minute within 15 days, to 5 minutes within 63, to the hour beyond (API reference). */
export function roundStart(start: number, now: number): number {
  const age = now - start;
  const unit = age <= 15 * DAY ? MINUTE : age <= 63 * DAY ? 5 * MINUTE : 60 * MINUTE;
  return Math.floor(start / unit) * unit;
}

/**
 * Whether a query's period can be answered at all for its StartTime: from 15 days back only a multiple of 300
 * seconds, from 63 days back only a multiple of 3600, "or no data points in that time range is returned" — none,
 * the recent ones included (API reference, GetMetricData, MetricStat.Period).
 */
export function periodAnswers(period: number, start: number, now: number): boolean {
  const age = now - start;
  if (age > 63 * DAY) return period % 3600 === 0;
  if (age > 15 * DAY) return period % 300 === 0;
  return true;
}

/** Whether a period starting at `t` still exists at that resolution. */
export function retained(t: number, period: number, now: number): boolean {
  const age = now - t;
  if (age > 455 * DAY) return false;
  if (age > 63 * DAY) return period % 3600 === 0;
  if (age > 15 * DAY) return period % 300 === 0;
  return true;
}

interface Accumulator {
  n: number;
  events: number;
  bytes: number;
  /** Latency weights per bucket; made by the first latency cell (count queries never need one). */
  histogram?: Float64Array;
}

function newAccumulator(): Accumulator {
  return { n: 0, events: 0, bytes: 0 };
}

function merge(acc: Accumulator, from: Accumulator): void {
  acc.n += from.n;
  acc.events += from.events;
  acc.bytes += from.bytes;
  if (from.histogram) {
    const into = (acc.histogram ??= new Float64Array(BUCKET_VALUES.length));
    for (let i = 0; i < into.length; i++) into[i]! += from.histogram[i]!;
  }
}

/** Adds one route's minute to what a metric reads from it; WebSocket connects and messages come from their routes. */
function accumulate(acc: Accumulator, metric: string, route: string, c: Cell): void {
  if (metric === 'ConnectCount' && route !== '$connect') return;
  if (metric === 'MessageCount' && route === '$connect') return;
  acc.n += c.n;
  if (metric === '4xx' || metric === 'ClientError') acc.events += c.e4;
  else if (metric === '5xx' || metric === 'IntegrationError') acc.events += c.e5;
  else if (metric === 'ExecutionError') acc.events += c.eExec;
  else if (metric === 'DataProcessed') acc.bytes += c.bytes;
  else if (metric === 'Latency' || metric === 'IntegrationLatency') {
    const h = metric === 'Latency' ? c.latency() : c.integration();
    const into = (acc.histogram ??= new Float64Array(BUCKET_VALUES.length));
    for (let i = 0; i < h.length; i++) into[i]! += h[i]!;
  }
}

/**
 * Each request adds one sample to every metric: 1 to counts, 0 or 1 to error metrics (so Average is the error
 * rate), its latency, its bytes.
 */
function toDistribution(acc: Accumulator, metric: string): Distribution | undefined {
  if (acc.n === 0) return undefined;
  if (metric === 'Latency' || metric === 'IntegrationLatency') {
    const points = BUCKET_VALUES.map((v, i) => [v, acc.histogram?.[i] ?? 0] as [number, number]);
    return { n: acc.n, sum: points.reduce((s, [v, w]) => s + v * w, 0), points };
  }
  if (metric === 'DataProcessed') return { n: acc.n, sum: acc.bytes, points: [[acc.bytes / acc.n, acc.n]] };
  if (['Count', 'ConnectCount', 'MessageCount'].includes(metric)) return { n: acc.n, sum: acc.n, points: [[1, acc.n]] };
  return {
    n: acc.n,
    sum: acc.events,
    points: [
      [0, acc.n - acc.events],
      [1, acc.events],
    ],
  };
}
