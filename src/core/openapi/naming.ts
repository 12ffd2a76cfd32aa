// Names for imported integrations and their VPC links. OpenAPI has no integration names (AWS's export writes each
// integration out under its operations), so the import names them by rules a plan can follow (docs/OPENAPI.md):
//   1. the key of components.x-amazon-apigateway-integrations it was referenced by;
//   2. with a base spec: the base integration the same routes use, else one with the same type and target;
//   3. what it calls, as `apigw pull` names integrations: the function, host, service action or load balancer.
import { safeName, specName, suggestIntegrationName } from '../deploy/identity';
import type { GatewaySpec, Integration } from '../gatewaySpec';
import { lambdaInvocationUri } from '../gatewaySpec';
import type { ImportContext } from './importContext';
import type { IntegrationEntry } from './importIntegrations';

export function nameIntegrations(ctx: ImportContext, entries: IntegrationEntry[]): void {
  const taken = new Set<string>();
  for (const e of entries.filter((x) => x.refName !== undefined)) {
    const ref = e.refName!;
    e.name = unique(specName(ref, 'integration'), taken);
    if (e.name !== ref)
      ctx.diags.add(
        'OAS103',
        e.path,
        `The integration ${JSON.stringify(ref)} is named ${e.name} in the spec (names take letters, digits, . _ -).`,
      );
  }
  const base = ctx.options.base;
  if (base) for (const e of entries) if (e.name === undefined) e.name = baseName(e, base, taken);
  for (const e of entries) {
    if (e.name !== undefined) continue;
    e.name = unique(
      suggestIntegrationName({
        IntegrationType: e.integration.type,
        ...(e.integration.uri ? { IntegrationUri: e.integration.uri } : {}),
        ...(e.integration.subtype ? { IntegrationSubtype: e.integration.subtype } : {}),
      }),
      taken,
    );
  }
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 120)}-${n}`;
  taken.add(name);
  return name;
}

/** The base integration the entry's routes use (most votes), else one of the same type, subtype and target. */
function baseName(e: IntegrationEntry, base: GatewaySpec, taken: Set<string>): string | undefined {
  const votes = new Map<string, number>();
  for (const key of e.routes) {
    const n = base.routes?.[key]?.integration;
    if (n && base.integrations?.[n] && !taken.has(n)) votes.set(n, (votes.get(n) ?? 0) + 1);
  }
  const voted = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const same = Object.entries(base.integrations ?? {}).find(
    ([n, i]) => !taken.has(n) && target(i) === target(e.integration),
  )?.[0];
  const name = voted ?? same;
  if (name) taken.add(name);
  return name;
}

function target(i: Integration): string {
  return `${i.type}|${i.subtype ?? ''}|${i.uri ? lambdaInvocationUri(i.uri, 'region') : ''}`;
}

/**
 * Gives each private integration's VPC link a spec name: from `options.vpcLinks` (found in AWS by the caller), a
 * base VPC link of that name (an export of a spec writes names where it knows no ids), or the VPC link of the base
 * integration it was matched to. Otherwise the import cannot describe the link (subnets are not in OpenAPI).
 */
export function nameVpcLinks(ctx: ImportContext, entries: IntegrationEntry[], spec: GatewaySpec): void {
  const { vpcLinks, base } = ctx.options;
  for (const e of entries) {
    const id = e.connectionId;
    if (id === undefined) continue;
    const found = vpcLinks?.[id];
    const baseLink = base?.integrations?.[e.name ?? '']?.vpcLink;
    if (found) {
      e.integration.vpcLink = found.name;
      (spec.vpcLinks ??= {})[found.name] = found.link;
    } else if (base?.vpcLinks?.[id]) {
      e.integration.vpcLink = id;
    } else if (baseLink && base?.vpcLinks?.[baseLink]) {
      e.integration.vpcLink = baseLink;
    } else {
      e.integration.vpcLink = safeName(id, 'vpc-link');
      ctx.diags.add(
        'OAS203',
        [...e.path, 'connectionId'],
        `The VPC link ${id} is known here only by its id; the spec describes a VPC link by name with its subnets, which OpenAPI does not carry. Import with the VPC links found in AWS, or into a spec that has the link, or add vpcLinks.${e.integration.vpcLink}.`,
      );
    }
  }
}
