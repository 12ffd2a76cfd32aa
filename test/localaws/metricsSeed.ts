// Seeded CloudWatch data: API Gateway traffic per stage (the metrics the local CloudWatch answers from) and alarms,
// with builders for the usual shapes: steady traffic, a 5xx and latency spike at a known minute, a silent hour, and
// alarms on an API or a stage.
import type { Json } from './common';
import type { TrafficEvent } from './metricsData';

/** One stage's traffic. Times are epoch milliseconds; minutes without requests publish nothing. */
export interface SeedTraffic {
  region?: string;
  /** The API's name or id. */
  api: string;
  stage: string;
  start: number;
  /** Minutes of traffic from `start` (minutes after now are published as time reaches them). */
  minutes: number;
  /** Requests (HTTP) or messages (WebSocket) per minute, before the daily wave and jitter. */
  perMinute: number;
  rate4xx?: number;
  rate5xx?: number;
  rateExecution?: number;
  latencyP50?: number;
  latencyP99?: number;
  integrationShare?: number;
  bytesPerRequest?: number;
  /** ± share of noise per minute (default 0.2); 0 with `wave: 0` makes every minute exactly `perMinute`. */
  jitter?: number;
  /** Daily wave amplitude (default 0.3). */
  wave?: number;
  /** Route keys and their shares of the traffic (default: the API's routes, equal shares). */
  routes?: Record<string, number>;
  /** Route-level series; default: the stage's DetailedMetricsEnabled at the time of the query. */
  detailedMetrics?: boolean;
  events?: TrafficEvent[];
  /** Changes the noise of otherwise equal traffic. */
  seed?: string;
}

/**
 * A metric alarm in CloudWatch's wire members (AlarmName, MetricName, StateValue, Threshold…), with `api`, `stage`
 * and `route` for its dimensions (names resolved to ids). Unset members get AWS's usual values.
 */
export type SeedAlarm = Json & { AlarmName: string; region?: string; api?: string; stage?: string; route?: string };

const MINUTE = 60_000;

/** The minute `minutesAgo` before now, on a whole minute. */
export function minutesAgo(minutes: number, now = Date.now()): number {
  return Math.floor(now / MINUTE) * MINUTE - minutes * MINUTE;
}

/**
 * Traffic of a stage from `days` ago until a day from now (so the last hour always has data), with the defaults of a
 * healthy API: 1 % 4xx, 0.2 % 5xx, p50 40 ms, p99 200 ms.
 */
export function stageTraffic(
  api: string,
  stage: string,
  o: Partial<SeedTraffic> & { days?: number } = {},
): SeedTraffic {
  const { days = 2, ...rest } = o;
  const start = minutesAgo(days * 24 * 60);
  return { api, stage, start, minutes: (days + 1) * 24 * 60, perMinute: 120, ...rest };
}

/** Exactly `perMinute` requests every minute, no 4xx, a fixed 5xx share: for tests that count. */
export function steadyTraffic(
  api: string,
  stage: string,
  o: Partial<SeedTraffic> & { days?: number } = {},
): SeedTraffic {
  return stageTraffic(api, stage, { jitter: 0, wave: 0, rate4xx: 0, rate5xx: 0, ...o });
}

/** A spike of 5xx and latency for `minutes` starting `minutesBefore` now: what "from a spike to its logs" finds. */
export function spike(minutesBefore: number, o: Partial<TrafficEvent> = {}): TrafficEvent {
  return { at: minutesAgo(minutesBefore), minutes: 3, rate5xx: 0.25, latencyFactor: 6, ...o };
}

/** No requests at all for a while (a quiet night, an outage of the caller): gaps, not zeros. */
export function silence(minutesBefore: number, minutes: number): TrafficEvent {
  return { at: minutesAgo(minutesBefore), minutes, silent: true };
}

/** An alarm on an API Gateway metric of an API, a stage or a route. */
export function apiAlarm(
  name: string,
  api: string,
  o: { stage?: string; route?: string; metric?: string; state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' } & Json = {},
): SeedAlarm {
  const { stage, route, metric = '5xx', state = 'OK', ...wire } = o;
  return {
    AlarmName: name,
    api,
    ...(stage ? { stage } : {}),
    ...(route ? { route } : {}),
    MetricName: metric,
    StateValue: state,
    Threshold: 10,
    ...wire,
  };
}
