// A metrics view as text for terminals and CI logs (`apigw metrics`): one row per series with the range's value, its
// peak, its latest point and a sparkline, the stage's deploys and promotions on the same time axis, Top routes, and
// the --fail-on checks; and the same content as one JSON document for tools. Pure: the CLI writes what this returns.
import type { Unit } from './catalog';
import { formatValue } from './format';
import type { Marker } from './markers';
import { describePeriod } from './period';
import { lastOf, maxOf, type Series } from './series';
import { bucketMax, sparkline } from './sparkline';
import { gateFails, THRESHOLD_METRICS, type ThresholdResult } from './thresholds';
import type { Chart, ChartSeries, MetricsView, RouteRow } from './view';

export interface ReportContext {
  apiName: string;
  /** GetMetricData calls the view took, pages included. */
  calls: number;
  /** Whether the stage publishes route metrics (Top routes) now: every route, some, or none. */
  detailedMetrics?: 'on' | 'some' | 'off';
  /** The stage's deploys and promotions within the range. */
  markers?: readonly Marker[];
  checks?: readonly ThresholdResult[];
  /** A check without data fails the gate too (`--fail-on-no-data`). */
  failOnNoData?: boolean;
  /** Top routes shown in the table at most (JSON lists all); default 10. */
  maxRoutes?: number;
  /** Sparkline characters at most; default 60 (an hour of minutes, one character each). */
  width?: number;
}

interface Row {
  label: string;
  unit: Unit;
  total: number | undefined;
  values: Series;
}

const VALUE = 9;

/** `Requests`, `Latency p99`, `Errors 5xx`: the chart's title, and the series' label where the chart has several. */
function seriesLabel(c: Chart, s: ChartSeries): string {
  return c.series.length === 1 ? c.title : `${c.title} ${s.label}`;
}

function rowsOf(view: MetricsView): Row[] {
  return view.charts.flatMap((c) =>
    c.series.map((s) => ({
      label: seriesLabel(c, s),
      unit: s.unit,
      total: view.totals[s.key],
      values: s.values,
    })),
  );
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function rangeText(view: MetricsView): string {
  const { start, end } = view.range;
  const to = day(start) === day(end) ? hhmm(end) : `${day(end)} ${hhmm(end)}`;
  return `${day(start)} ${hhmm(start)} – ${to} UTC (${describePeriod((end - start) / 1000)})`;
}

/** `▲` under the sparkline column where a deploy or promotion happened. */
function markerLine(view: MetricsView, markers: readonly Marker[], width: number): string {
  const n = view.grid.length;
  const chars = Math.min(n, width);
  const line = Array.from({ length: chars }, () => ' ');
  for (const m of markers) {
    const slot = Math.floor((m.at - view.range.start) / (view.periodSec * 1000));
    if (slot < 0 || slot >= n) continue;
    let b = chars - 1;
    while (b > 0 && Math.floor((b * n) / chars) > slot) b--;
    line[b] = '▲';
  }
  return line.join('').trimEnd();
}

function seriesTable(view: MetricsView, ctx: ReportContext): string[] {
  const width = ctx.width ?? 60;
  const rows = rowsOf(view);
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2;
  const pad = (l: string, a: string, b: string, c: string) =>
    `${l.padEnd(labelWidth)}${a.padStart(VALUE)}${b.padStart(VALUE)}${c.padStart(VALUE)}   `;
  const axis = `per ${describePeriod(view.periodSec)}, ${hhmm(view.range.start)} → ${hhmm(view.range.end)} UTC`;
  const out = [`${pad('', 'range', 'peak', 'last')}${axis}`];
  for (const r of rows) {
    const f = (v: number | undefined) => formatValue(v, r.unit);
    const spark = sparkline(bucketMax(r.values, width)).trimEnd();
    out.push(`${pad(r.label, f(r.total), f(maxOf(r.values)), f(lastOf(r.values)))}${spark}`.trimEnd());
  }
  const markers = ctx.markers ?? [];
  if (markers.length) {
    out.push(`${pad('Deploys, promotions', '', '', '')}${markerLine(view, markers, width)}`);
    for (const m of markers) out.push(`  ${hhmm(m.at)} ${m.label}`);
  }
  return out;
}

function routeColumns(view: MetricsView): [string, string, string, string] {
  return view.scope.protocol === 'WEBSOCKET'
    ? ['messages', 'int. errors', 'error %', 'p99 int.']
    : ['requests', '5xx', '5xx %', 'p99'];
}

function routesTable(view: MetricsView, ctx: ReportContext): string[] {
  if (view.scope.route !== undefined) return [];
  const state = ctx.detailedMetrics ?? 'on';
  if (state === 'off')
    return [
      `Top routes: stage ${view.scope.stage} has detailed metrics off, so CloudWatch has no per-route metrics.`,
      '  Turn them on with detailedMetrics: true on the stage in the spec, then apigw deploy (CloudWatch charges for them).',
    ];
  if (!view.routeData)
    return [
      `Top routes: no route published metrics over the range (detailed metrics ${state === 'on' ? 'on' : 'on for some routes'}).`,
    ];
  const max = ctx.maxRoutes ?? 10;
  const shown = view.routes.slice(0, max);
  const cols = routeColumns(view);
  const w = Math.max(5, ...shown.map((r) => r.route.length)) + 2;
  const line = (a: string, b: string, c: string, d: string, e: string) =>
    `  ${a.padEnd(w)}${b.padStart(11)}${c.padStart(12)}${d.padStart(9)}${e.padStart(9)}`.trimEnd();
  const cell = (r: RouteRow) =>
    line(
      r.route,
      formatValue(r.requests, 'count'),
      formatValue(r.errors, 'count'),
      formatValue(r.errorRate, 'percent'),
      formatValue(r.p99, 'ms'),
    );
  const note = state === 'some' ? ' (detailed metrics are on for some routes only)' : '';
  return [
    `Top routes by ${cols[0]}${note}`,
    line('route', ...cols),
    ...shown.map(cell),
    ...(view.routes.length > max ? [`  … ${view.routes.length - max} more (--format json lists every route)`] : []),
  ];
}

function checkLines(checks: readonly ThresholdResult[]): string[] {
  if (checks.length === 0) return [];
  const word = (r: ThresholdResult) => (r.status === 'fail' ? 'FAILED' : r.status === 'no-data' ? 'no data' : 'ok');
  return ['Checks (--fail-on)', ...checks.map((r) => `  ${word(r).padEnd(8)} ${r.message}`)];
}

/** The view as a text table: header, series with sparklines, deploys, Top routes, checks. */
export function metricsTable(view: MetricsView, ctx: ReportContext): string {
  const scope = [ctx.apiName, view.scope.stage, view.scope.route].filter((p) => p !== undefined).join(' · ');
  const protocol = view.scope.protocol === 'WEBSOCKET' ? 'WebSocket API' : 'HTTP API';
  const calls = `${ctx.calls} GetMetricData call${ctx.calls === 1 ? '' : 's'}`;
  const sections = [
    [
      `${scope} (${protocol}, ${view.scope.apiId})`,
      `${rangeText(view)} · ${describePeriod(view.periodSec)} periods · ${calls}`,
    ],
    seriesTable(view, ctx),
    routesTable(view, ctx),
    checkLines(ctx.checks ?? []),
    view.partial ? ['Note: CloudWatch answered part of the data only; figures may be incomplete.'] : [],
    view.messages.length ? [`CloudWatch said: ${view.messages.join('; ')}`] : [],
  ];
  return `${sections
    .filter((s) => s.length)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}

const iso = (t: number) => new Date(t).toISOString();
const orNull = (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

/** The same content for tools: every point (null where CloudWatch had no data), every route, every check. */
export function metricsJson(view: MetricsView, ctx: ReportContext) {
  const checks = ctx.checks ?? [];
  return {
    api: { id: view.scope.apiId, name: ctx.apiName, protocol: view.scope.protocol },
    stage: view.scope.stage ?? null,
    route: view.scope.route ?? null,
    range: { start: iso(view.range.start), end: iso(view.range.end) },
    periodSeconds: view.periodSec,
    getMetricDataCalls: ctx.calls,
    partial: view.partial,
    messages: view.messages,
    timestamps: view.grid.map(iso),
    series: view.charts.flatMap((c) =>
      c.series.map((s) => ({
        chart: c.id,
        key: s.key,
        label: seriesLabel(c, s),
        unit: s.unit,
        total: orNull(view.totals[s.key]),
        values: s.values.map(orNull),
      })),
    ),
    events: (ctx.markers ?? []).map((m) => ({
      at: iso(m.at),
      action: m.action,
      deploymentId: m.deploymentId,
      label: m.label,
    })),
    topRoutes:
      view.scope.route !== undefined
        ? null
        : { detailedMetrics: ctx.detailedMetrics ?? 'on', routes: view.routes.map(routeJson) },
    checks: checks.map((r) => ({
      threshold: r.threshold.text,
      metric: r.threshold.metric,
      unit: THRESHOLD_METRICS[r.threshold.metric]?.unit ?? 'count',
      status: r.status,
      actual: orNull(r.actual),
      message: r.message,
    })),
    failed: gateFails(checks, { failOnNoData: ctx.failOnNoData === true, partial: view.partial }),
  };
}

function routeJson(r: RouteRow) {
  return {
    route: r.route,
    requests: orNull(r.requests),
    errors: orNull(r.errors),
    errorRate: orNull(r.errorRate),
    p99: orNull(r.p99),
  };
}
