// CloudWatch alarms that watch an API or a stage: those on AWS/ApiGateway metrics whose dimensions name the API
// (`ApiId`) and, for a stage, the stage (`Stage`), alarms on metric math included. DescribeAlarms cannot filter by
// dimension, so one listing of the region's alarms serves every node of the tree.
import { NAMESPACE } from './catalog';
import { DIMENSION } from './scope';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The members of the SDK's MetricAlarm this reads (a structural subset, so core needs no SDK). */
export interface MetricAlarmLike {
  AlarmName?: string;
  AlarmArn?: string;
  AlarmDescription?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: Date;
  Namespace?: string;
  MetricName?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  ComparisonOperator?: string;
  Threshold?: number;
  Dimensions?: Array<{ Name?: string; Value?: string }>;
  Metrics?: Array<{
    MetricStat?: {
      Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Array<{ Name?: string; Value?: string }> };
    };
  }>;
}

export interface AlarmInfo {
  name: string;
  arn?: string;
  state: AlarmState;
  reason?: string;
  updatedAt?: number;
  /** `5xx Sum > 10`, or `metric math` for alarms on expressions. */
  condition: string;
  /** The API Gateway metrics it watches, each with its dimensions. */
  metrics: Array<{ name: string; dimensions: Record<string, string> }>;
}

const OPERATORS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function dims(list: Array<{ Name?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of list ?? []) if (d.Name !== undefined && d.Value !== undefined) out[d.Name] = d.Value;
  return out;
}

function watched(a: MetricAlarmLike): AlarmInfo['metrics'] {
  const single =
    a.MetricName !== undefined && a.Namespace === NAMESPACE
      ? [{ name: a.MetricName, dimensions: dims(a.Dimensions) }]
      : [];
  const math = (a.Metrics ?? [])
    .map((m) => m.MetricStat?.Metric)
    .filter((m) => m?.Namespace === NAMESPACE && m.MetricName !== undefined)
    .map((m) => ({ name: m!.MetricName!, dimensions: dims(m!.Dimensions) }));
  return [...single, ...math];
}

function conditionOf(a: MetricAlarmLike): string {
  const op = OPERATORS[a.ComparisonOperator ?? ''] ?? a.ComparisonOperator ?? '';
  if (a.MetricName === undefined) return `metric math ${op} ${a.Threshold ?? ''}`.trim();
  return `${a.MetricName} ${a.ExtendedStatistic ?? a.Statistic ?? ''} ${op} ${a.Threshold ?? ''}`
    .replace(/\s+/g, ' ')
    .trim();
}

export function alarmInfo(a: MetricAlarmLike): AlarmInfo {
  const state = (['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const).find((s) => s === a.StateValue) ?? 'INSUFFICIENT_DATA';
  return {
    name: a.AlarmName ?? '',
    ...(a.AlarmArn ? { arn: a.AlarmArn } : {}),
    state,
    ...(a.StateReason ? { reason: a.StateReason } : {}),
    ...(a.StateUpdatedTimestamp ? { updatedAt: a.StateUpdatedTimestamp.getTime() } : {}),
    condition: conditionOf(a),
    metrics: watched(a),
  };
}

/** The alarms watching an API (any of its stages and routes) or, with `stage`, that stage (and its routes). */
export function alarmsFor(alarms: readonly AlarmInfo[], scope: { apiId: string; stage?: string }): AlarmInfo[] {
  return alarms.filter((a) =>
    a.metrics.some(
      (m) =>
        m.dimensions[DIMENSION.api] === scope.apiId &&
        (scope.stage === undefined || m.dimensions[DIMENSION.stage] === scope.stage),
    ),
  );
}

const SEVERITY: Record<AlarmState, number> = { ALARM: 2, INSUFFICIENT_DATA: 1, OK: 0 };

/** The state a node shows: ALARM if any is, then INSUFFICIENT_DATA, then OK; undefined without alarms. */
export function worstState(alarms: readonly AlarmInfo[]): AlarmState | undefined {
  let worst: AlarmState | undefined;
  for (const a of alarms) if (worst === undefined || SEVERITY[a.state] > SEVERITY[worst]) worst = a.state;
  return worst;
}

/** Tooltip lines, worst first: `ALARM  orders-5xx: 5xx Sum > 10`. */
export function alarmLines(alarms: readonly AlarmInfo[]): string[] {
  return [...alarms]
    .sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state] || a.name.localeCompare(b.name))
    .map((a) => `${a.state}  ${a.name}: ${a.condition}`);
}
