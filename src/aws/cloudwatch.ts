// CloudWatch behind a small interface for the metrics view, the tree's badges and the CLI: GetMetricData in as few
// calls as its limits allow (src/core/metrics/batch.ts), each call's pages followed and merged by query id;
// ListMetrics and DescribeAlarms as async generators of pages. Every attempt waits for a per-operation pacer (the
// quotas are per operation, docs/AWS.md, CloudWatch metrics), the SDK retries as for every client, and each call
// maps its error once (errors.ts).
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClientConfig,
  type DescribeAlarmsCommandOutput,
  type GetMetricDataCommandOutput,
  type ListMetricsCommandOutput,
  type Metric,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { alarmInfo, alarmsFor, type AlarmInfo } from '../core/metrics/alarms';
import { GET_METRIC_DATA_LIMITS, planCalls, type CallLimits } from '../core/metrics/batch';
import { NAMESPACE } from '../core/metrics/catalog';
import type { TimeRange } from '../core/metrics/period';
import type { MetricQuery } from '../core/metrics/queries';
import { DIMENSION, type Dimension } from '../core/metrics/scope';
import type { MetricResult, MetricResults } from '../core/metrics/series';
import {
  assembleSummaries,
  assembleView,
  planSummaries,
  type MetricsView,
  type StageSummary,
  type ViewPlan,
} from '../core/metrics/view';
import type { MetricScope } from '../core/metrics/scope';
import { abortable, mappingErrors, type ErrorContext } from './errors';
import { PacerRegistry, type Pacer, type PacerLimits } from './pacer';
import { all, paginate, type ListOptions, type Page } from './paginate';

/**
 * CloudWatch's quotas per account and region, kept 10 % under as the other pacers are: GetMetricData 50
 * transactions per second, ListMetrics 25, DescribeAlarms 9 (docs/AWS.md, CloudWatch metrics).
 */
export const CLOUDWATCH_LIMITS: Readonly<Record<string, PacerLimits>> = {
  GetMetricData: { rate: 45, burst: 50, perOperation: {} },
  ListMetrics: { rate: 22.5, burst: 25, perOperation: {} },
  DescribeAlarms: { rate: 8, burst: 9, perOperation: {} },
};

/** One pacer per operation and key (credentials, region, endpoint), shared by every session of this pool. */
export class OperationPacers {
  private readonly registries = new Map<string, PacerRegistry>();

  constructor(private readonly limits: Readonly<Record<string, PacerLimits>> = CLOUDWATCH_LIMITS) {}

  /** The pacer of an operation, or undefined for operations without a quota of their own. */
  pacer(key: string, operation: string): Pacer | undefined {
    const limits = this.limits[operation];
    if (!limits) return undefined;
    let r = this.registries.get(operation);
    if (!r) this.registries.set(operation, (r = new PacerRegistry(limits)));
    return r.get(key);
  }

  async acquire(key: string, operation: string): Promise<void> {
    await this.pacer(key, operation)?.acquire(operation);
  }
}

/** A CloudWatch client whose every attempt, retries included, first waits for `acquire(operation)`. */
export function pacedCloudWatchClient(
  config: CloudWatchClientConfig,
  acquire: (operation: string) => Promise<void>,
): CloudWatchClient {
  const client = new CloudWatchClient(config);
  // After the retry middleware and before signing, as for API Gateway (src/aws/session.ts).
  client.middlewareStack.addRelativeTo(
    ((next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      await acquire(String(context.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    }) as never,
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'cloudwatchPacer', override: true },
  );
  return client;
}

export interface MetricDataOptions {
  signal?: AbortSignal;
  /** Queries and datapoints per call (default GetMetricData's: 500 and 100,800). */
  limits?: CallLimits;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
}

export interface MetricDataAnswer {
  /** Every query's answer, its pages merged, by query id. */
  results: MetricResults;
  /** GetMetricData calls made, pages included. */
  calls: number;
  /** Messages CloudWatch attached to the operation. */
  messages: string[];
}

export interface ListMetricsFilter {
  metricName?: string;
  /** Dimensions the metrics must have; a name without value matches any value. */
  dimensions?: Array<{ Name: string; Value?: string }>;
  /** Only metrics with data in the last three hours. */
  recentlyActive?: boolean;
}

function merge(into: MetricResults, out: GetMetricDataCommandOutput): void {
  for (const r of out.MetricDataResults ?? []) {
    if (!r.Id) continue;
    let m: MetricResult | undefined = into.get(r.Id);
    if (!m) into.set(r.Id, (m = { id: r.Id, ...(r.Label ? { label: r.Label } : {}), timestamps: [], values: [] }));
    for (const t of r.Timestamps ?? []) m.timestamps.push(t.getTime());
    for (const v of r.Values ?? []) m.values.push(v);
    if (r.StatusCode) m.status = r.StatusCode;
    const messages = (r.Messages ?? []).map((x) => `${x.Code ?? ''} ${x.Value ?? ''}`.trim()).filter(Boolean);
    if (messages.length) m.messages = [...(m.messages ?? []), ...messages];
  }
}

export class CloudWatchAdapter {
  constructor(
    private readonly client: () => CloudWatchClient,
    private readonly ctx: (operation: string) => ErrorContext,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any SDK command of this client
  private async send<T>(operation: string, command: any, signal?: AbortSignal): Promise<T> {
    return mappingErrors(this.ctx(operation), () => this.client().send(command, abortable(signal)) as Promise<T>);
  }

  /** One call's queries, following NextToken to the last page; returns the pages read. */
  private async oneCall(
    queries: MetricQuery[],
    range: TimeRange,
    into: MetricResults,
    messages: string[],
    signal?: AbortSignal,
  ): Promise<number> {
    let pages = 0;
    const fetch = async (token: string | undefined) => {
      pages++;
      const out = await this.send<GetMetricDataCommandOutput>(
        'GetMetricData',
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(range.start),
          EndTime: new Date(range.end),
          ...(token ? { NextToken: token } : {}),
        }),
        signal,
      );
      merge(into, out);
      for (const m of out.Messages ?? []) messages.push(`${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      return { items: [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    };
    for await (const _page of paginate(fetch));
    return pages;
  }

  /**
   * Every query's datapoints over the range, in as few calls as the limits allow (500 queries and 100,800
   * datapoints a call), each call's pages followed, the answers merged by query id.
   */
  async getMetricData(
    queries: readonly MetricQuery[],
    range: TimeRange,
    o: MetricDataOptions = {},
  ): Promise<MetricDataAnswer> {
    const batches = planCalls(queries, range, o.limits ?? GET_METRIC_DATA_LIMITS);
    const results: MetricResults = new Map();
    const messages: string[] = [];
    let calls = 0;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        // Read `calls` after the await: `calls += await …` would add to a value read before it and lose counts.
        const pages = await this.oneCall(batch, range, results, messages, o.signal);
        calls += pages;
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 4, batches.length) }, worker));
    return { results, calls, messages };
  }

  /** A planned view (src/core/metrics/view.ts): its calls, then charts, totals and top routes. */
  async view(vp: ViewPlan, o: MetricDataOptions = {}): Promise<MetricsView & { calls: number }> {
    const answer = await this.getMetricData(vp.plan.queries, vp.range, o);
    return { ...assembleView(vp, answer.results, answer.messages), calls: answer.calls };
  }

  /** The last hour of every stage given (tree badges): one call for up to 166 stages. */
  async stageSummaries(
    stages: readonly MetricScope[],
    now: number,
    o: MetricDataOptions = {},
  ): Promise<{ summaries: StageSummary[]; calls: number }> {
    if (stages.length === 0) return { summaries: [], calls: 0 };
    const sp = planSummaries(stages, now);
    const answer = await this.getMetricData(sp.plan.queries, sp.range, o);
    return { summaries: assembleSummaries(sp, answer.results), calls: answer.calls };
  }

  /** AWS/ApiGateway metrics, page by page (500 a page). */
  listMetrics(filter: ListMetricsFilter = {}, o: ListOptions = {}): AsyncGenerator<Page<Metric>> {
    return paginate(async (token) => {
      const out = await this.send<ListMetricsCommandOutput>(
        'ListMetrics',
        new ListMetricsCommand({
          Namespace: NAMESPACE,
          ...(filter.metricName ? { MetricName: filter.metricName } : {}),
          ...(filter.dimensions ? { Dimensions: filter.dimensions } : {}),
          ...(filter.recentlyActive ? { RecentlyActive: 'PT3H' } : {}),
          ...(token ? { NextToken: token } : {}),
        }),
        o.signal,
      );
      return { items: out.Metrics ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    }, o.nextToken);
  }

  /**
   * The route keys a stage has published metrics for (detailed metrics on now or before): routes since deleted
   * included, in the order of their keys.
   */
  async routesWithMetrics(apiId: string, stage: string, o: ListOptions = {}): Promise<string[]> {
    const dims: Array<{ Name: string; Value?: string }> = [
      { Name: DIMENSION.api, Value: apiId },
      { Name: DIMENSION.stage, Value: stage },
      { Name: DIMENSION.route },
    ];
    const metrics = await all(this.listMetrics({ dimensions: dims }, o));
    const routes = metrics.map(
      (m) => (m.Dimensions as Dimension[] | undefined)?.find((d) => d.Name === DIMENSION.route)?.Value,
    );
    return [...new Set(routes.filter((r): r is string => r !== undefined))].sort();
  }

  /** The region's metric alarms, page by page (100 a page, the most DescribeAlarms returns). */
  describeAlarms(
    o: ListOptions & { stateValue?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' } = {},
  ): AsyncGenerator<Page<MetricAlarm>> {
    return paginate(async (token) => {
      const out = await this.send<DescribeAlarmsCommandOutput>(
        'DescribeAlarms',
        new DescribeAlarmsCommand({
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: o.pageSize ?? 100,
          ...(o.stateValue ? { StateValue: o.stateValue } : {}),
          ...(token ? { NextToken: token } : {}),
        }),
        o.signal,
      );
      return { items: out.MetricAlarms ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    }, o.nextToken);
  }

  /** Every alarm of the region, read once: DescribeAlarms has no dimension filter, so one listing serves every node. */
  async alarms(o: ListOptions = {}): Promise<AlarmInfo[]> {
    return (await all(this.describeAlarms(o))).map(alarmInfo);
  }

  /** The alarms watching an API, or with `stage` one of its stages, by their dimensions. */
  async alarmsFor(scope: { apiId: string; stage?: string }, o: ListOptions = {}): Promise<AlarmInfo[]> {
    return alarmsFor(await this.alarms(o), scope);
  }
}
