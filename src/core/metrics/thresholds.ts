// `apigw metrics --fail-on 5xx-rate>1%,p99>500ms,4xx>100`: health thresholds a pipeline gates a promotion on,
// parsed with errors that point at the part that is wrong, and evaluated against a range's totals (the exact
// whole-range sums and percentiles of a view). No data is reported as such, never read as zero.
import { WorkbenchError } from '../errors';
import type { Protocol, Unit } from './catalog';
import { formatValue } from './format';

export type Comparison = '>' | '>=' | '<' | '<=';

export interface Threshold {
  /** As written, trimmed: `5xx-rate>1%`. */
  text: string;
  /** The metric's name in the expression, lower case: `5xx-rate`, `p99`. */
  metric: string;
  op: Comparison;
  /** In the metric's unit: percent, milliseconds or a count. */
  value: number;
}

interface MetricSpec {
  unit: Unit;
  /** The view's totals key per protocol; absent where the protocol has no such metric. */
  key: Partial<Record<Protocol, string>>;
}

const latency = (stat: string): MetricSpec => ({
  unit: 'ms',
  key: { HTTP: `latency.${stat}`, WEBSOCKET: `integrationLatency.${stat}` },
});
const integration = (stat: string): MetricSpec => ({
  unit: 'ms',
  key: { HTTP: `integrationLatency.${stat}`, WEBSOCKET: `integrationLatency.${stat}` },
});

/** Every name `--fail-on` accepts, and what it reads. */
export const THRESHOLD_METRICS: Record<string, MetricSpec> = {
  requests: { unit: 'count', key: { HTTP: 'count', WEBSOCKET: 'messages' } },
  '4xx': { unit: 'count', key: { HTTP: '4xx' } },
  '5xx': { unit: 'count', key: { HTTP: '5xx' } },
  '4xx-rate': { unit: 'percent', key: { HTTP: '4xxRate' } },
  '5xx-rate': { unit: 'percent', key: { HTTP: '5xxRate' } },
  p50: latency('p50'),
  p90: latency('p90'),
  p99: latency('p99'),
  avg: latency('avg'),
  'integration-p50': integration('p50'),
  'integration-p90': integration('p90'),
  'integration-p99': integration('p99'),
  'integration-avg': integration('avg'),
  messages: { unit: 'count', key: { WEBSOCKET: 'messages' } },
  connects: { unit: 'count', key: { WEBSOCKET: 'connects' } },
  'integration-errors': { unit: 'count', key: { WEBSOCKET: 'integrationErrors' } },
  'client-errors': { unit: 'count', key: { WEBSOCKET: 'clientErrors' } },
  'execution-errors': { unit: 'count', key: { WEBSOCKET: 'executionErrors' } },
};

const EXAMPLE = 'for example --fail-on "5xx-rate>1%,p99>500ms,4xx>100"';
const EXPRESSION = /^([a-z0-9-]+)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*([a-z%]*)$/i;

function invalid(part: string, why: string, hint?: string): WorkbenchError {
  return new WorkbenchError('InvalidArgument', `--fail-on ${JSON.stringify(part)}: ${why}.`, {
    hint: hint ?? `Write METRIC>VALUE, several separated by commas, ${EXAMPLE}.`,
  });
}

/** The value in the metric's unit: `1%` for rates, `500ms` or `1.5s` for latency, `100` or `2k` for counts. */
function valueIn(spec: MetricSpec, part: string, metric: string, n: number, suffix: string): number {
  const s = suffix.toLowerCase();
  if (spec.unit === 'percent') {
    if (s === '%') return n;
    throw invalid(part, `a rate needs a percent sign`, `Write ${metric}>${n}%.`);
  }
  if (spec.unit === 'ms') {
    if (s === 'ms') return n;
    if (s === 's') return n * 1000;
    throw invalid(part, `a latency needs a unit, ms or s`, `Write ${metric}>${n}ms.`);
  }
  const scale: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000 };
  if (s in scale) return n * scale[s]!;
  throw invalid(part, `a count takes no unit but k or m`, `Write ${metric}>${n}.`);
}

function parseOne(part: string): Threshold {
  const m = EXPRESSION.exec(part);
  if (!m) throw invalid(part, 'not METRIC>VALUE');
  const metric = m[1]!.toLowerCase();
  const spec = THRESHOLD_METRICS[metric];
  if (!spec) {
    throw invalid(part, `unknown metric ${metric}`, `Metrics: ${Object.keys(THRESHOLD_METRICS).join(', ')}.`);
  }
  return { text: part, metric, op: m[2] as Comparison, value: valueIn(spec, part, metric, Number(m[3]), m[4]!) };
}

/** Every threshold of a `--fail-on` value; throws an InvalidArgument error naming the first part that is wrong. */
export function parseThresholds(text: string): Threshold[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw invalid(text, 'no threshold');
  return parts.map(parseOne);
}

export interface ThresholdResult {
  threshold: Threshold;
  /** The range's value; undefined when CloudWatch had no data for it. */
  actual?: number;
  status: 'pass' | 'fail' | 'no-data';
  /** `5xx-rate 2.3% > 1%`, `p99 no data`. */
  message: string;
}

function compare(actual: number, op: Comparison, limit: number): boolean {
  if (op === '>') return actual > limit;
  if (op === '>=') return actual >= limit;
  if (op === '<') return actual < limit;
  return actual <= limit;
}

/**
 * Each threshold against a range's totals (the view's `totals`). A metric the API's protocol does not publish is an
 * error (a WebSocket API has no 5xx), so a gate cannot pass by naming the wrong thing.
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  totals: Record<string, number | undefined>,
  protocol: Protocol,
): ThresholdResult[] {
  return thresholds.map((t) => {
    const spec = THRESHOLD_METRICS[t.metric]!;
    const key = spec.key[protocol];
    if (key === undefined) {
      throw invalid(t.text, `${protocol === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'} APIs do not publish ${t.metric}`);
    }
    const actual = totals[key];
    const rule = `fails when ${t.op} ${formatValue(t.value, spec.unit)}`;
    if (actual === undefined) return { threshold: t, status: 'no-data', message: `${t.metric} no data (${rule})` };
    const fail = compare(actual, t.op, t.value);
    return {
      threshold: t,
      actual,
      status: fail ? 'fail' : 'pass',
      message: `${t.metric} ${formatValue(actual, spec.unit)} (${rule})`,
    };
  });
}

export interface GateOptions {
  failOnNoData?: boolean;
  /** CloudWatch answered part of the data only (a StatusCode other than Complete): the view's `partial`. */
  partial?: boolean;
}

/**
 * Whether a gate fails: a threshold crossed, (when asked) one without data, or any threshold at all when CloudWatch
 * answered part of the data only (InternalError, PartialData left): a total it did not answer would read as "no
 * data" or too low, and a gate must not pass on a read that failed.
 */
export function gateFails(results: readonly ThresholdResult[], o: GateOptions = {}): boolean {
  if (o.partial === true && results.length > 0) return true;
  return results.some((r) => r.status === 'fail' || (o.failOnNoData === true && r.status === 'no-data'));
}

/** Why a gate failed, for stderr: `1 of 2 thresholds crossed: …`, or that the data was incomplete. */
export function gateVerdict(results: readonly ThresholdResult[], o: GateOptions = {}): string {
  const failing = results.filter((r) => r.status === 'fail' || (o.failOnNoData === true && r.status === 'no-data'));
  const n = `${failing.length} of ${results.length} threshold${results.length === 1 ? '' : 's'} crossed`;
  const crossed = failing.length ? `${n}: ${failing.map((r) => r.message).join('; ')}` : n;
  if (o.partial !== true) return crossed;
  return `CloudWatch answered part of the data only, so the thresholds cannot be judged (${crossed}); run it again.`;
}
