// The data behind the local CloudWatch: what API Gateway would have published for seeded traffic, minute by minute,
// computed on demand from a deterministic shape (a daily wave, seeded jitter, spikes and silences at known minutes),
// so a test knows what a query must answer without storing months of points. Latencies are kept per minute as a
// log-spaced histogram (weights per bucket), so sums, averages and percentiles of any period merge exactly.
import { weightedPercentile } from '../../src/core/metrics/series';

export type Protocol = 'HTTP' | 'WEBSOCKET';

export interface TrafficEvent {
  /** First minute (epoch ms). */
  at: number;
  minutes: number;
  /** Only this route (default: every route of the stage). */
  route?: string;
  /** No traffic at all: no datapoints, which is not zero. */
  silent?: boolean;
  perMinuteFactor?: number;
  rate4xx?: number;
  rate5xx?: number;
  /** Multiplies latencies (p50 and p99 alike). */
  latencyFactor?: number;
}

/** Seeded traffic with names resolved: one stage of one API. */
export interface Traffic {
  region: string;
  apiId: string;
  protocol: Protocol;
  stage: string;
  /** First minute (epoch ms, on a minute). */
  start: number;
  minutes: number;
  perMinute: number;
  rate4xx: number;
  rate5xx: number;
  /** WebSocket ExecutionError share. */
  rateExecution: number;
  latencyP50: number;
  latencyP99: number;
  /** Integration latency as a share of latency. */
  integrationShare: number;
  bytesPerRequest: number;
  /** ± share of seeded noise per minute; 0 makes every minute exactly `perMinute`. */
  jitter: number;
  /** Amplitude of the daily wave; 0 for none. */
  wave: number;
  routes: Array<{ key: string; share: number }>;
  /** Route-level series; undefined: the stage's DetailedMetricsEnabled when asked. */
  detailedMetrics?: boolean;
  events: TrafficEvent[];
  /** Mixed into every seeded number, so two stages do not share their noise. */
  seed: number;
}

/** Histogram buckets: log-spaced from 0.5 ms to 120 s, about 14 % wide. */
const BUCKETS = 96;
const LOW_MS = 0.5;
const GROWTH = Math.pow(120_000 / LOW_MS, 1 / BUCKETS);
const EDGES = Array.from({ length: BUCKETS + 1 }, (_v, i) => LOW_MS * Math.pow(GROWTH, i));
/** Each bucket's value: its geometric middle. */
export const BUCKET_VALUES = Array.from({ length: BUCKETS }, (_v, i) => Math.sqrt(EDGES[i]! * EDGES[i + 1]!));

export interface Cell {
  /** Requests (HTTP) or messages (WebSocket). */
  n: number;
  e4: number;
  e5: number;
  eExec: number;
  bytes: number;
  /** Latency and integration latency histograms, made when a latency query first reads the cell. */
  latency(): Float64Array;
  integration(): Float64Array;
}

/** A histogram made on first use and kept: counting queries never pay for latencies. */
function lazyHistogram(n: number, p50: number, p99: number): () => Float64Array {
  let h: Float64Array | undefined;
  return () => (h ??= latencyHistogram(n, p50, p99));
}

/** 32-bit FNV-1a of a string: the seed of a stage's noise. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform number in [0, 1) from integers: the same inputs, the same number, in any order of queries. */
export function noise(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h = Math.imul(h ^ Math.floor(x / 4294967296), 0xc2b2ae35);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** `n` requests of a log-normal latency with this median and p99, as weights per bucket. */
export function latencyHistogram(n: number, p50: number, p99: number): Float64Array {
  const out = new Float64Array(BUCKETS);
  if (n <= 0) return out;
  const mu = Math.log(p50);
  const sigma = Math.max(1e-6, (Math.log(Math.max(p99, p50 * 1.0001)) - mu) / 2.326348);
  let prev = 0;
  for (let i = 0; i < BUCKETS; i++) {
    const cdf = i === BUCKETS - 1 ? 1 : normalCdf((Math.log(EDGES[i + 1]!) - mu) / sigma);
    out[i] = n * (cdf - prev);
    prev = cdf;
  }
  return out;
}

const MINUTE = 60_000;

function activeEvents(t: Traffic, minute: number, route?: string): TrafficEvent[] {
  return t.events.filter(
    (e) =>
      minute >= e.at &&
      minute < e.at + e.minutes * MINUTE &&
      (e.route === undefined || route === undefined || e.route === route),
  );
}

/** Requests of the whole stage in a minute: perMinute shaped by the daily wave, jitter and events. */
function stageRequests(t: Traffic, minute: number): number {
  const m = Math.floor(minute / MINUTE);
  const wave = 1 + t.wave * Math.sin((2 * Math.PI * (m % 1440)) / 1440);
  const jitter = 1 + t.jitter * (2 * noise(t.seed, m, 1) - 1);
  const factor = activeEvents(t, minute)
    .filter((e) => e.route === undefined)
    .reduce((f, e) => f * (e.perMinuteFactor ?? 1), 1);
  const exact = t.perMinute * wave * jitter * factor;
  return t.jitter === 0 && t.wave === 0 ? Math.round(exact) : Math.floor(exact + noise(t.seed, m, 2));
}

/** Shares of `total` by weight, largest remainders first: the parts always add up to the total. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}

/**
 * Errors of each route: the stage's expected errors rounded once (exact when they are a whole number, else by seeded
 * noise) and shared out by each route's expectation, so the stage's count never depends on how many routes it has.
 */
function errorsOf(counts: number[], rates: number[], u: number): number[] {
  const expected = counts.map((n, i) => n * rates[i]!);
  const sum = expected.reduce((a, b) => a + b, 0);
  const nearest = Math.round(sum);
  const total = Math.abs(sum - nearest) < 1e-9 ? nearest : Math.floor(sum + u);
  return apportion(total, expected).map((e, i) => Math.min(e, counts[i]!));
}

function routeEvents(t: Traffic, minute: number): TrafficEvent[][] {
  return t.routes.map((r) => activeEvents(t, minute, r.key));
}

/** Each route's cell in a minute (undefined: no traffic at all); an index per route of `t.routes`. */
export function routeCells(t: Traffic, minute: number): Array<Cell | undefined> | undefined {
  if (minute < t.start || minute >= t.start + t.minutes * MINUTE) return undefined;
  if (activeEvents(t, minute).some((e) => e.silent && e.route === undefined)) return undefined;
  const m = Math.floor(minute / MINUTE);
  const evs = routeEvents(t, minute);
  const weights = t.routes.map((r, i) => {
    const own = evs[i]!.filter((e) => e.route === r.key);
    return own.some((e) => e.silent) ? 0 : r.share * own.reduce((f, e) => f * (e.perMinuteFactor ?? 1), 1);
  });
  const counts = apportion(stageRequests(t, minute), weights);
  const rate = (k: 'rate4xx' | 'rate5xx', base: number) => evs.map((list) => list.reduce((v, e) => e[k] ?? v, base));
  const e5 = errorsOf(counts, rate('rate5xx', t.rate5xx), noise(t.seed, m, 4));
  const e4 = errorsOf(counts, rate('rate4xx', t.rate4xx), noise(t.seed, m, 5));
  const exec = errorsOf(
    counts,
    counts.map(() => t.rateExecution),
    noise(t.seed, m, 6),
  );
  return t.routes.map((_r, i) => {
    const n = counts[i]!;
    if (n === 0) return undefined;
    const noiseAt = (k: number) => 2 * noise(t.seed, m, i, k) - 1;
    const slow = evs[i]!.reduce((f, e) => f * (e.latencyFactor ?? 1), 1) * (1 + 0.1 * t.jitter * noiseAt(3));
    const p50 = t.latencyP50 * slow;
    const p99 = t.latencyP99 * slow;
    return {
      n,
      e4: Math.min(n - e5[i]!, e4[i]!),
      e5: e5[i]!,
      eExec: exec[i]!,
      bytes: Math.round(n * t.bytesPerRequest * (1 + 0.2 * t.jitter * noiseAt(7))),
      latency: lazyHistogram(n, p50, p99),
      integration: lazyHistogram(n, p50 * t.integrationShare, p99 * t.integrationShare),
    };
  });
}

/** What a statistic reads from a period: counted events, their values as weighted points, and their sum. */
export interface Distribution {
  n: number;
  sum: number;
  /** [value, weight] pairs; weights add up to n. */
  points: Array<[number, number]>;
}

export function statistic(d: Distribution, stat: string): number | undefined {
  if (d.n <= 0) return undefined;
  const present = d.points.filter(([, w]) => w > 1e-9);
  switch (stat) {
    case 'SampleCount':
      return d.n;
    case 'Sum':
      return d.sum;
    case 'Average':
      return d.sum / d.n;
    case 'Minimum':
      return Math.min(...present.map(([v]) => v));
    case 'Maximum':
      return Math.max(...present.map(([v]) => v));
    default:
      return weightedPercentile(present, Number(stat.slice(1)));
  }
}
