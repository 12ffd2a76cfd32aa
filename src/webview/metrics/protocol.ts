// The messages between the metrics panel (src/vscode/metrics/panel.ts) and its page (./page/main.ts), typed once for
// both sides. Neither imports vscode nor the DOM. The extension checks every message the page sends
// (`parseFromPage`): the page renders data from AWS, so it is treated as untrusted input.
import type { AlarmInfo } from '../../core/metrics/alarms';
import type { Protocol } from '../../core/metrics/catalog';
import type { Marker } from '../../core/metrics/markers';
import { RANGE_PRESETS, type RangePreset } from '../../core/metrics/period';
import type { MetricsView } from '../../core/metrics/view';

export const METRICS_VIEW_TYPE = 'apigw.metrics';

/** What a panel shows metrics of: kept in the page's state, so a reload restores the panel (the serializer). */
export interface MetricsTarget {
  apiId: string;
  apiName: string;
  protocol: Protocol;
  region: string;
  stage?: string;
  /** A route key; needs a stage. */
  route?: string;
}

/** Auto-refresh: off, or every minute (CloudWatch publishes API Gateway metrics each minute). */
export const AUTO_REFRESH_MINUTES = [0, 1] as const;
export type AutoRefresh = (typeof AUTO_REFRESH_MINUTES)[number];

/** A custom range: epoch milliseconds, `start` inclusive, `end` exclusive. */
export interface CustomRange {
  start: number;
  end: number;
}

/** The shortest custom range: five minutes (five points at the finest period). */
export const MIN_CUSTOM_MS = 5 * 60_000;

/** What the page keeps with `setState` and the serializer hands back after a reload. */
export interface PageState {
  target: MetricsTarget;
  preset: RangePreset;
  /** A custom range instead of the preset (which the buttons still show for the next choice). */
  custom?: CustomRange;
  autoRefresh: AutoRefresh;
  /** Logs of a selection: only error lines. */
  errorsOnly: boolean;
}

/** Whether the stage publishes route metrics (`n/a` for an API or a route). */
export type DetailedState = 'on' | 'some' | 'off' | 'n/a';

export interface PageData {
  title: string;
  view: MetricsView;
  markers: Marker[];
  alarms: AlarmInfo[];
  detailed: DetailedState;
  /** GetMetricData calls this refresh made. */
  calls: number;
  /** Epoch milliseconds of the answer. */
  fetchedAt: number;
}

/** Extension → page. */
export type ToPage =
  | { type: 'state'; state: PageState }
  | { type: 'loading' }
  | { type: 'data'; data: PageData }
  /** `fix` labels the error's remedy: the page shows it as a button that sends `runFix`. */
  | { type: 'error'; message: string; hint?: string; fix?: string }
  | { type: 'logsOpened'; text: string };

/** Page → extension. `start`/`end` are epoch milliseconds on the chart's axis. */
export type FromPage =
  | { type: 'ready' }
  | { type: 'state'; state: PageState }
  | { type: 'refresh' }
  | { type: 'openLogs'; start: number; end?: number; errorsOnly: boolean }
  | { type: 'enableDetailed' }
  /** The remedy of the error shown (the extension keeps what it does; the page only names it). */
  | { type: 'runFix' }
  | { type: 'showRoute'; route: string }
  /** The charts of the last data are drawn (the bench's "command to painted charts" ends here). */
  | { type: 'painted'; charts: number };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x < 8.64e15;

export function isPreset(x: unknown): x is RangePreset {
  return typeof x === 'string' && Object.hasOwn(RANGE_PRESETS, x);
}

export function parseTarget(x: unknown): MetricsTarget | undefined {
  if (!isObject(x)) return undefined;
  const str = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 1024;
  if (!str(x.apiId) || !str(x.apiName) || !str(x.region)) return undefined;
  if (x.protocol !== 'HTTP' && x.protocol !== 'WEBSOCKET') return undefined;
  if (x.stage !== undefined && !str(x.stage)) return undefined;
  if (x.route !== undefined && (!str(x.route) || x.stage === undefined)) return undefined;
  return {
    apiId: x.apiId as string,
    apiName: x.apiName as string,
    protocol: x.protocol,
    region: x.region as string,
    ...(x.stage !== undefined ? { stage: x.stage as string } : {}),
    ...(x.route !== undefined ? { route: x.route as string } : {}),
  };
}

/** A custom range with both ends, in order, at least five minutes long; undefined otherwise. */
export function parseCustom(x: unknown): CustomRange | undefined {
  if (!isObject(x) || !isTime(x.start) || !isTime(x.end)) return undefined;
  return x.end - x.start >= MIN_CUSTOM_MS ? { start: x.start, end: x.end } : undefined;
}

/** A page state as the page or a restored panel gives it; undefined unless every field is valid. */
export function parseState(x: unknown): PageState | undefined {
  if (!isObject(x)) return undefined;
  const target = parseTarget(x.target);
  if (!target || !isPreset(x.preset)) return undefined;
  const autoRefresh = AUTO_REFRESH_MINUTES.find((m) => m === x.autoRefresh) ?? 0;
  const custom = x.custom === undefined ? undefined : parseCustom(x.custom);
  if (x.custom !== undefined && !custom) return undefined;
  return { target, preset: x.preset, ...(custom ? { custom } : {}), autoRefresh, errorsOnly: x.errorsOnly === true };
}

/** A message from the page, checked field by field; undefined for anything else. */
export function parseFromPage(x: unknown): FromPage | undefined {
  if (!isObject(x)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'refresh':
    case 'enableDetailed':
    case 'runFix':
      return { type: x.type };
    case 'state': {
      const state = parseState(x.state);
      return state ? { type: 'state', state } : undefined;
    }
    case 'openLogs':
      if (!isTime(x.start) || (x.end !== undefined && !isTime(x.end))) return undefined;
      return {
        type: 'openLogs',
        start: x.start,
        ...(x.end !== undefined ? { end: x.end as number } : {}),
        errorsOnly: x.errorsOnly === true,
      };
    case 'showRoute':
      return typeof x.route === 'string' && x.route.length <= 1024 ? { type: 'showRoute', route: x.route } : undefined;
    case 'painted':
      return Number.isInteger(x.charts) && (x.charts as number) >= 0 && (x.charts as number) <= 1000
        ? { type: 'painted', charts: x.charts as number }
        : undefined;
    default:
      return undefined;
  }
}
