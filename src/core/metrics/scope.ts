// What a metric is about, as CloudWatch dimensions: an API (`ApiId`), one of its stages (`ApiId`, `Stage`), or one
// route of a stage (`ApiId`, `Stage`, `Route`, published only where detailed metrics are on). HTTP and WebSocket APIs
// use the same names (docs/AWS.md, CloudWatch metrics).
import { WorkbenchError } from '../errors';
import type { Protocol } from './catalog';

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricScope {
  protocol: Protocol;
  apiId: string;
  stage?: string;
  /** A route key (`GET /orders/{id}`, `$default`, `sendMessage`); needs a stage. */
  route?: string;
}

export const DIMENSION = { api: 'ApiId', stage: 'Stage', route: 'Route' } as const;

export function dimensionsOf(scope: MetricScope): Dimension[] {
  if (scope.route !== undefined && scope.stage === undefined) {
    throw new WorkbenchError('InvalidArgument', `Route ${scope.route} has metrics only within a stage.`, {
      hint: 'Name the stage too (apigw: --stage).',
    });
  }
  const dims: Dimension[] = [{ Name: DIMENSION.api, Value: scope.apiId }];
  if (scope.stage !== undefined) dims.push({ Name: DIMENSION.stage, Value: scope.stage });
  if (scope.route !== undefined) dims.push({ Name: DIMENSION.route, Value: scope.route });
  return dims;
}

/** "orders-api prod GET /orders", for titles and messages. */
export function scopeLabel(scope: MetricScope, apiName?: string): string {
  return [apiName ?? scope.apiId, scope.stage, scope.route].filter((p) => p !== undefined).join(' ');
}

export interface RouteSettingsLike {
  DetailedMetricsEnabled?: boolean;
}

export interface StageSettingsLike {
  DefaultRouteSettings?: RouteSettingsLike;
  RouteSettings?: Record<string, RouteSettingsLike>;
}

/**
 * Whether a stage publishes route metrics: for every route (its default settings), for some routes (route
 * settings override the default), or for none; `on(route)` answers for one route.
 */
export function detailedMetrics(stage: StageSettingsLike): {
  state: 'on' | 'some' | 'off';
  on(route: string): boolean;
} {
  const byDefault = stage.DefaultRouteSettings?.DetailedMetricsEnabled === true;
  const overrides = Object.entries(stage.RouteSettings ?? {}).filter(
    ([, s]) => s.DetailedMetricsEnabled !== undefined && s.DetailedMetricsEnabled !== byDefault,
  );
  const on = (route: string) => stage.RouteSettings?.[route]?.DetailedMetricsEnabled ?? byDefault;
  if (overrides.length === 0) return { state: byDefault ? 'on' : 'off', on };
  return { state: 'some', on };
}
