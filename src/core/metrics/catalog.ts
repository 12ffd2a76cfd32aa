// What API Gateway publishes in AWS/ApiGateway for HTTP and WebSocket APIs, with the dimensions AWS documents, and
// the charts the metrics view draws from them (docs/AWS.md, CloudWatch metrics).

export const NAMESPACE = 'AWS/ApiGateway';

export type Protocol = 'HTTP' | 'WEBSOCKET';

export type HttpMetric = 'Count' | '4xx' | '5xx' | 'Latency' | 'IntegrationLatency' | 'DataProcessed';
export type WebSocketMetric =
  'ConnectCount' | 'MessageCount' | 'IntegrationError' | 'ClientError' | 'ExecutionError' | 'IntegrationLatency';
export type MetricName = HttpMetric | WebSocketMetric;

/** A CloudWatch statistic: a standard one, or a percentile (extended statistic) such as p99 or p99.9. */
export type Stat = 'Sum' | 'Average' | 'SampleCount' | 'Minimum' | 'Maximum' | `p${string}`;

export type Unit = 'count' | 'ms' | 'bytes' | 'percent';

/** One series of the view: a metric and statistic, or a rate of two others (no CloudWatch call of its own). */
export interface SeriesDef {
  /** Stable key: `count`, `5xx`, `latency.p99`, `5xxRate`. */
  key: string;
  label: string;
  unit: Unit;
  metric?: MetricName;
  stat?: Stat;
  /** A rate in percent of two fetched series (`100 * numerator / denominator`). */
  rate?: { numerator: string; denominator: string };
}

export interface ChartDef {
  id: string;
  title: string;
  unit: Unit;
  series: SeriesDef[];
}

/** The percentiles and mean the latency charts show. */
export const LATENCY_STATS: readonly Stat[] = ['p50', 'p90', 'p99', 'Average'];

function latencySeries(metric: 'Latency' | 'IntegrationLatency', prefix: string): SeriesDef[] {
  return LATENCY_STATS.map((stat) => ({
    key: `${prefix}.${stat === 'Average' ? 'avg' : stat}`,
    label: stat === 'Average' ? 'avg' : stat,
    unit: 'ms' as const,
    metric,
    stat,
  }));
}

function sum(key: string, metric: MetricName, label: string, unit: Unit = 'count'): SeriesDef {
  return { key, label, unit, metric, stat: 'Sum' };
}

/** HTTP APIs: Count, 4xx, 5xx (also as rates of Count), Latency and IntegrationLatency, DataProcessed. */
export const HTTP_CHARTS: readonly ChartDef[] = [
  { id: 'requests', title: 'Requests', unit: 'count', series: [sum('count', 'Count', 'requests')] },
  { id: 'errors', title: 'Errors', unit: 'count', series: [sum('4xx', '4xx', '4xx'), sum('5xx', '5xx', '5xx')] },
  {
    id: 'errorRate',
    title: 'Error rate',
    unit: 'percent',
    series: [
      { key: '4xxRate', label: '4xx %', unit: 'percent', rate: { numerator: '4xx', denominator: 'count' } },
      { key: '5xxRate', label: '5xx %', unit: 'percent', rate: { numerator: '5xx', denominator: 'count' } },
    ],
  },
  { id: 'latency', title: 'Latency', unit: 'ms', series: latencySeries('Latency', 'latency') },
  {
    id: 'integrationLatency',
    title: 'Integration latency',
    unit: 'ms',
    series: latencySeries('IntegrationLatency', 'integrationLatency'),
  },
  {
    id: 'dataProcessed',
    title: 'Data processed',
    unit: 'bytes',
    series: [sum('dataProcessed', 'DataProcessed', 'bytes', 'bytes')],
  },
];

/** WebSocket APIs: ConnectCount, MessageCount, IntegrationError, ClientError, ExecutionError, IntegrationLatency. */
export const WEBSOCKET_CHARTS: readonly ChartDef[] = [
  { id: 'connections', title: 'Connections', unit: 'count', series: [sum('connects', 'ConnectCount', 'connects')] },
  { id: 'messages', title: 'Messages', unit: 'count', series: [sum('messages', 'MessageCount', 'messages')] },
  {
    id: 'errors',
    title: 'Errors',
    unit: 'count',
    series: [
      sum('integrationErrors', 'IntegrationError', 'integration'),
      sum('clientErrors', 'ClientError', 'client'),
      sum('executionErrors', 'ExecutionError', 'execution'),
    ],
  },
  {
    id: 'integrationLatency',
    title: 'Integration latency',
    unit: 'ms',
    series: latencySeries('IntegrationLatency', 'integrationLatency'),
  },
];

export function chartsFor(protocol: Protocol): readonly ChartDef[] {
  return protocol === 'WEBSOCKET' ? WEBSOCKET_CHARTS : HTTP_CHARTS;
}

/** Every series of a protocol's charts that CloudWatch answers (rates are computed from two of them). */
export function fetchedSeries(protocol: Protocol): SeriesDef[] {
  return chartsFor(protocol)
    .flatMap((c) => c.series)
    .filter((s) => s.metric !== undefined);
}

/** The metric names a protocol publishes (ListMetrics and the local test service use the same list). */
export function metricNames(protocol: Protocol): MetricName[] {
  return [...new Set(fetchedSeries(protocol).map((s) => s.metric!))];
}

/** `p99`, `p99.9`, `p50`: percentiles from 0 to 100 with up to two decimals, as CloudWatch accepts them. */
export function isPercentile(stat: string): boolean {
  const m = /^p(\d{1,3}(?:\.\d{1,2})?)$/.exec(stat);
  return m !== null && Number(m[1]) <= 100;
}

export function isStat(stat: string): stat is Stat {
  return ['Sum', 'Average', 'SampleCount', 'Minimum', 'Maximum'].includes(stat) || isPercentile(stat);
}
