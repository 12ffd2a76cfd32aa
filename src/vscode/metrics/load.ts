// One refresh of a metrics panel: the stage (for its history markers and detailed-metrics settings) and its route
// keys (Top routes), then one planned view (every chart, the totals and the routes in the fewest GetMetricData calls)
// beside the region's alarms. Everything comes from the lazy aws bundle; this module imports only its types.
import type { AwsSession } from '../../aws/bundle';
import type { MetricScope } from '../../core/metrics/scope';
import type { CustomRange, DetailedState, MetricsTarget, PageData } from '../../webview/metrics/protocol';
import type { RangePreset } from '../../core/metrics/period';
import type { Runtime } from '../runtime';

export interface LoadRequest {
  target: MetricsTarget;
  preset: RangePreset;
  /** A custom range instead of the preset's. */
  custom?: CustomRange;
  now: number;
  signal?: AbortSignal;
}

export function scopeOf(t: MetricsTarget): MetricScope {
  return {
    protocol: t.protocol,
    apiId: t.apiId,
    ...(t.stage !== undefined ? { stage: t.stage } : {}),
    ...(t.route !== undefined ? { route: t.route } : {}),
  };
}

/** `orders-api · prod · GET /orders`. */
export function titleOf(t: MetricsTarget): string {
  return ['Metrics:', [t.apiName, t.stage, t.route].filter((p) => p !== undefined).join(' · ')].join(' ');
}

async function stageFacts(rt: Runtime, session: AwsSession, r: LoadRequest) {
  const { target, signal } = r;
  if (target.stage === undefined) return { tags: undefined, detailed: 'n/a' as DetailedState, routes: [] };
  const wantRoutes = target.route === undefined;
  const [stage, routes] = await Promise.all([
    session.apigw.getStage(target.apiId, target.stage, signal),
    wantRoutes ? rt.aws().all(session.apigw.routes(target.apiId, signal ? { signal } : {})) : Promise.resolve([]),
  ]);
  const detailed = rt.aws().metrics.detailedMetrics(stage).state;
  const keys = routes.map((x) => x.RouteKey).filter((k): k is string => k !== undefined);
  return { tags: stage.Tags, detailed: detailed as DetailedState, routes: [...new Set(keys)].sort() };
}

/** Reads everything the page shows over the custom range, or the preset's range ending now. */
export async function loadPage(rt: Runtime, r: LoadRequest): Promise<PageData> {
  const session = await rt.connection.session();
  const m = rt.aws().metrics;
  const { target, signal } = r;
  const facts = await stageFacts(rt, session, r);
  const plan = m.planView({
    scope: scopeOf(target),
    range: r.custom ?? m.presetRange(r.preset, r.now),
    now: r.now,
    ...(facts.routes.length ? { routes: facts.routes } : {}),
  });
  const alarmScope = { apiId: target.apiId, ...(target.stage !== undefined ? { stage: target.stage } : {}) };
  const [view, alarms] = await Promise.all([
    session.cloudwatch.view(plan, signal ? { signal } : {}),
    session.cloudwatch.alarmsFor(alarmScope, signal ? { signal } : {}),
  ]);
  const { calls, ...shown } = view;
  return {
    title: titleOf(target),
    view: shown,
    markers: m.historyMarkers(facts.tags, view.range),
    alarms,
    detailed: facts.detailed,
    calls,
    fetchedAt: Date.now(),
  };
}
