// Importing into an existing spec: OpenAPI says what the API's routes, integrations, authorizers, CORS and tags
// are; the base spec keeps what OpenAPI cannot carry — the spec's name, stages, VPC links, domains, route
// throttling, integration descriptions — so that re-importing an API's export changes only what the export changed.
import { WorkbenchError } from '../errors';
import type { GatewaySpec } from '../gatewaySpec';
import type { ImportContext } from './importContext';
import { isObject } from './values';

export function mergeBase(ctx: ImportContext, spec: GatewaySpec, base: GatewaySpec): void {
  if (base.api.protocol !== 'HTTP')
    throw new WorkbenchError(
      'InvalidArgument',
      `The spec to import into describes a ${base.api.protocol} API; OpenAPI describes HTTP APIs.`,
      {
        hint: 'Import into an HTTP API spec, or into a new file.',
      },
    );
  if (base.api.name !== spec.api.name)
    ctx.diags.add(
      'OAS400',
      ['info', 'title'],
      `The API is named ${spec.api.name} here; the spec keeps its name ${base.api.name}, by which deploy finds the API.`,
    );
  spec.api.name = base.api.name;
  if (base.$schema) spec.$schema = base.$schema;
  for (const [name, i] of Object.entries(spec.integrations ?? {})) {
    const description = base.integrations?.[name]?.description;
    if (description && !i.description) i.description = description;
  }
  for (const [key, r] of Object.entries(spec.routes ?? {})) {
    const throttling = base.routes?.[key]?.throttling;
    if (throttling) r.throttling = throttling;
  }
  if (base.stages) spec.stages = keptStages(ctx, base, spec);
  if (base.vpcLinks) spec.vpcLinks = { ...base.vpcLinks, ...spec.vpcLinks };
  if (base.domains) spec.domains = base.domains;
  const kept = (['stages', 'vpcLinks', 'domains'] as const).filter((k) => Object.keys(base[k] ?? {}).length);
  if (kept.length)
    ctx.diags.add(
      'OAS400',
      [],
      `Kept from the spec imported into (OpenAPI does not carry them): ${kept.join(', ')}, route throttling and integration descriptions.`,
    );
}

/** The base's stages, without route settings for routes the import no longer has. */
function keptStages(ctx: ImportContext, base: GatewaySpec, spec: GatewaySpec): NonNullable<GatewaySpec['stages']> {
  const out: NonNullable<GatewaySpec['stages']> = {};
  for (const [name, stage] of Object.entries(base.stages ?? {})) {
    const settings = Object.entries(stage.routeSettings ?? {});
    const gone = settings.filter(([key]) => !spec.routes?.[key]).map(([key]) => key);
    if (gone.length === 0) {
      out[name] = stage;
      continue;
    }
    ctx.diags.add(
      'OAS400',
      [],
      `Stage ${name} has route settings for ${gone.join(', ')}, which the document has no route for: left out.`,
    );
    const { routeSettings: _drop, ...rest } = stage;
    const left = settings.filter(([key]) => spec.routes?.[key]);
    out[name] = left.length ? { ...rest, routeSettings: Object.fromEntries(left) } : rest;
  }
  return out;
}

/** Without a base: the stage an export was made from (its server's basePath) is not in OpenAPI; say so. */
export function reportStageHint(ctx: ImportContext): void {
  const servers = Array.isArray(ctx.doc.servers) ? ctx.doc.servers : [];
  const server = servers[0];
  const variables = isObject(server) && isObject(server.variables) ? server.variables : {};
  const basePath = isObject(variables.basePath) ? variables.basePath.default : undefined;
  if (typeof basePath === 'string' && basePath)
    ctx.diags.add(
      'OAS400',
      ['servers', 0, 'variables', 'basePath'],
      `The document was exported from the stage ${basePath}. Stages are not in OpenAPI: add it under stages, or import into the spec that has it.`,
    );
}
