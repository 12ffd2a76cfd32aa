// The metrics core: what API Gateway publishes and the charts drawn from it, periods and ranges within CloudWatch's
// retention, GetMetricData queries and their packing into calls, answers back on the period grid, totals, top routes,
// stage summaries, alarms, history markers, sparklines, --fail-on thresholds and the text and JSON report of
// `apigw metrics`. Pure: no vscode, no AWS SDK; src/aws/cloudwatch.ts makes the calls, the glue and the CLI show them.
export {
  NAMESPACE,
  HTTP_CHARTS,
  WEBSOCKET_CHARTS,
  LATENCY_STATS,
  chartsFor,
  fetchedSeries,
  metricNames,
  isPercentile,
  isStat,
  type Protocol,
  type MetricName,
  type HttpMetric,
  type WebSocketMetric,
  type Stat,
  type Unit,
  type SeriesDef,
  type ChartDef,
} from './catalog';
export {
  DIMENSION,
  dimensionsOf,
  scopeLabel,
  detailedMetrics,
  type Dimension,
  type MetricScope,
  type StageSettingsLike,
  type RouteSettingsLike,
} from './scope';
export {
  RANGE_PRESETS,
  RETENTION,
  PERIOD_LADDER,
  DEFAULT_MAX_POINTS,
  MAX_DATAPOINTS,
  presetRange,
  finestPeriod,
  periodAvailable,
  periodAnswers,
  pointsIn,
  choosePeriod,
  parsePeriod,
  checkPeriod,
  alignRange,
  wholeRangePeriod,
  describePeriod,
  type RangePreset,
  type TimeRange,
  type PeriodOptions,
} from './period';
export {
  QUERY_ID,
  isValidQueryId,
  queryId,
  metricQuery,
  emptyPlan,
  addSeries,
  addKeyMetrics,
  addRoutes,
  addStageSummaries,
  keyMetrics,
  type MetricQuery,
  type QueryPlan,
  type QueryRef,
  type QueryRole,
} from './queries';
export { GET_METRIC_DATA_LIMITS, estimatePoints, minimumCalls, planCalls, type CallLimits } from './batch';
export {
  periodGrid,
  alignToGrid,
  rateSeries,
  ratio,
  present,
  sumOf,
  maxOf,
  minOf,
  lastOf,
  totalValue,
  weightedPercentile,
  type MetricResult,
  type MetricResults,
  type Series,
} from './series';
export {
  planView,
  assembleView,
  sortRoutes,
  keyFigures,
  planSummaries,
  assembleSummaries,
  type ViewRequest,
  type ViewPlan,
  type MetricsView,
  type Chart,
  type ChartSeries,
  type RouteRow,
  type SummaryPlan,
  type StageSummary,
} from './view';
export { compactNumber, formatPercent, formatMs, formatBytes, formatValue, stageSummaryText } from './format';
export { SPARK_LEVELS, sparkline, bucketMax, type SparklineOptions } from './sparkline';
export {
  THRESHOLD_METRICS,
  parseThresholds,
  evaluateThresholds,
  gateFails,
  type Threshold,
  type ThresholdResult,
  type Comparison,
} from './thresholds';
export { historyMarkers, markerSlot, type Marker } from './markers';
export {
  alarmInfo,
  alarmsFor,
  worstState,
  alarmLines,
  type AlarmInfo,
  type AlarmState,
  type MetricAlarmLike,
} from './alarms';
export {
  logsWindow,
  windowRange,
  FUNCTION_ERRORS_PATTERN,
  isErrorAccessLine,
  accessVerdict,
  type AccessVerdict,
  type LogsWindow,
} from './logsWindow';
export { metricsTable, metricsJson, type ReportContext } from './report';
