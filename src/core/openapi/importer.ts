// importOpenApi(): an OpenAPI 3.0/3.1 document (JSON or YAML text, or an object) with API Gateway's extensions → a
// gateway spec of the HTTP API it describes, and diagnostics for everything that could not map. The result is
// checked by the spec engine itself, and its problems are reported at their place in the OpenAPI document.
import { validateSpec, type GatewaySpec, type JsonPath, type Route, type SpecDocument } from '../gatewaySpec';
import { DiagnosticList, pointerOf, type OpenApiDiagnostic } from './diagnostics';
import { readApiSettings } from './importApi';
import { readSecuritySchemes } from './importAuthorizers';
import { originOf, recordOrigin, type ImportContext, type ImportOptions } from './importContext';
import { IntegrationTable } from './importIntegrations';
import { readRoutes, type ImportedRoute } from './importRoutes';
import { mergeBase, reportStageHint } from './merge';
import { nameIntegrations, nameVpcLinks } from './naming';
import { dereference, reportCircularRefs, reportExternalRefs, validateSchema } from './resolve';
import { checkVersion, locateAll, readSource } from './source';

export type { ImportOptions } from './importContext';

export interface ImportResult {
  /** The spec; undefined when the input is not an OpenAPI 3.0/3.1 document at all (the diagnostics say why). */
  spec: GatewaySpec | undefined;
  /** In document order where the input was text; errors first otherwise. */
  diagnostics: OpenApiDiagnostic[];
  /** No diagnostic of severity error: the spec says what the document says, and validates clean. */
  valid: boolean;
}

export async function importOpenApi(input: string | object, options: ImportOptions = {}): Promise<ImportResult> {
  const diags = new DiagnosticList();
  const source = readSource(input, options.fileName, diags);
  const minor = source && checkVersion(source.value, diags, source.document);
  if (!source || !minor) return finish(diags, undefined, source?.document);
  reportExternalRefs(source.value, diags);
  const doc = await dereference(source.value, minor, diags);
  if (!doc) return finish(diags, undefined, source.document);
  reportCircularRefs(doc, source.value, diags);
  validateSchema(source.value, minor, diags);
  const ctx: ImportContext = { raw: source.value, doc, minor, diags, options, origins: new Map() };
  const spec = buildSpec(ctx);
  checkSpec(ctx, spec);
  return finish(diags, spec, source.document);
}

function buildSpec(ctx: ImportContext): GatewaySpec {
  const spec: GatewaySpec = { version: 1, api: readApiSettings(ctx) };
  const schemes = readSecuritySchemes(ctx);
  const table = new IntegrationTable();
  const routes = readRoutes(ctx, schemes, table);
  table.addUnusedComponents(ctx);
  nameIntegrations(ctx, table.entries);
  nameVpcLinks(ctx, table.entries, spec);
  if (table.entries.length) {
    spec.integrations = {};
    for (const e of table.entries) {
      spec.integrations[e.name!] = e.integration;
      recordOrigin(ctx, ['integrations', e.name!], e.path);
    }
  }
  if (Object.keys(schemes.authorizers).length) spec.authorizers = schemes.authorizers;
  const routeMap = assembleRoutes(ctx, routes);
  if (Object.keys(routeMap).length) spec.routes = routeMap;
  if (ctx.options.base) mergeBase(ctx, spec, ctx.options.base);
  else reportStageHint(ctx);
  return inSpecOrder(spec);
}

/** The sections in the order the examples and `apigw pull` write them. */
function inSpecOrder(spec: GatewaySpec): GatewaySpec {
  const keys = ['$schema', 'version', 'api', 'integrations', 'authorizers', 'routes', 'stages', 'vpcLinks', 'domains'];
  const out: Record<string, unknown> = {};
  for (const k of keys)
    if ((spec as unknown as Record<string, unknown>)[k] !== undefined)
      out[k] = (spec as unknown as Record<string, unknown>)[k];
  return out as unknown as GatewaySpec;
}

function assembleRoutes(ctx: ImportContext, routes: ImportedRoute[]): Record<string, Route> {
  const out: Record<string, Route> = {};
  for (const r of routes) {
    if (out[r.key]) {
      ctx.diags.add(
        'OAS200',
        originOf(ctx, ['routes', r.key]),
        `The route ${r.key} is defined twice; the first is kept.`,
      );
      continue;
    }
    out[r.key] = r.integration ? { integration: r.integration.name!, ...r.route } : r.route;
  }
  return out;
}

/** The spec engine's verdict on the imported spec, each problem placed where its part came from. */
function checkSpec(ctx: ImportContext, spec: GatewaySpec): void {
  const v = validateSpec(JSON.stringify(spec), { fileName: 'imported.apigw.json' });
  for (const d of v.diagnostics) {
    const path: JsonPath = d.path ?? [];
    ctx.diags.items.push({
      code: d.code,
      severity: d.severity,
      message: `${d.message} (in the imported spec at ${path.map(String).join('.') || 'the top'})`,
      pointer: pointerOf(originOf(ctx, path)),
    });
  }
}

function finish(
  diags: DiagnosticList,
  spec: GatewaySpec | undefined,
  document: SpecDocument | undefined,
): ImportResult {
  locateAll(diags.items, document);
  const order = { error: 0, warning: 1, info: 2 } as const;
  const diagnostics = [...diags.items].sort((a, b) =>
    a.line !== undefined && b.line !== undefined ? a.line - b.line : order[a.severity] - order[b.severity],
  );
  return { spec, diagnostics, valid: spec !== undefined && !diagnostics.some((d) => d.severity === 'error') };
}
