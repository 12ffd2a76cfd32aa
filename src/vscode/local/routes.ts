// What the explorer shows of a running local API: its routes with what plays their integration locally (a handler
// of the mapping file, none, an HTTP backend), from the spec the API was started with.
import type { ShownLocalRoute } from '../../core/explorer/format';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { LocalMapping } from '../../local/bundle';
import type { LocalBundle } from './engine';

function handlerText(engine: LocalBundle, mapping: LocalMapping, name: string, template: string): string | undefined {
  const m = mapping.functions?.[name] ?? mapping.functions?.[template];
  if (!m) return undefined;
  if (engine.runtimeOf(m) === 'provided') return `custom runtime ${m.bootstrap ?? `${m.root ?? '.'}/bootstrap`}`;
  return m.handler ?? (m.proxy ? `proxy ${m.proxy}` : undefined);
}

/** `spec` resolved (`${aws:region}` replaced), `stageVariables` of the stage served. */
export function localRoutes(
  engine: LocalBundle,
  spec: GatewaySpec,
  mapping: LocalMapping,
  stageVariables: Record<string, string>,
): ShownLocalRoute[] {
  const byIntegration = new Map<string, { name: string; template: string }>();
  for (const f of engine.specFunctions(spec, stageVariables))
    for (const use of f.uses) if (use.kind === 'integration') byIntegration.set(use.name, f);
  return Object.entries(spec.routes ?? {}).map(([key, r]) => {
    const integration = r.integration;
    const fn = integration ? byIntegration.get(integration) : undefined;
    const i = integration ? spec.integrations?.[integration] : undefined;
    const route: ShownLocalRoute = { key };
    if (integration) route.integration = integration;
    if (fn) {
      route.functionName = fn.name;
      const h = handlerText(engine, mapping, fn.name, fn.template);
      if (h) route.handler = h;
    } else if (i) route.kind = i.subtype ?? i.type;
    return route;
  });
}
