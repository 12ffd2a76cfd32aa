// A custom domain of a spec served locally, as API Gateway routes a request that reaches a custom domain
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html): the domain's API mapping
// whose path begins the request's path — the longest, segment by segment; the empty path is the root — names the
// API and stage, and the rest of the path is matched against that stage's routes, with no stage segment. The path
// the handler sees keeps the mapping's part (`rawPath` `/v1/orders` for the route `GET /orders` under `v1`), which
// is what frameworks' "base path" settings exist for.
import { WorkbenchError } from '../errors';
import type { Domain, GatewaySpec } from '../gatewaySpec/model';

export interface DomainMappingTarget {
  /** The mapping's path without slashes at its ends; `''` for the root. */
  path: string;
  stage: string;
  /** Another API's id or name, when the mapping is not to this spec's API. */
  api?: string;
}

export interface ServedDomain {
  name: string;
  /** The stage of the spec's API that the local API serves through the domain. */
  stage: string;
  /** Every mapping of the domain, the longest path first: the served ones and the ones the local API cannot serve. */
  mappings: DomainMappingTarget[];
  /** The domain requires clients' certificates: served over HTTPS, checked against the mapping's truststore. */
  mutualTls?: { truststoreUri: string };
}

/** A domain's API mappings as the local API reads them, in the spec's order. */
export function mappingTargets(domain: Domain): DomainMappingTarget[] {
  return (domain.mappings ?? []).map((m) => ({
    path: (m.path ?? '').replace(/^\/+|\/+$/g, ''),
    stage: m.stage,
    ...(m.api === undefined ? {} : { api: m.api }),
  }));
}

/** The stages of the spec's own API that mappings name, each once, in their order. */
export function ownStages(targets: readonly DomainMappingTarget[]): string[] {
  return [...new Set(targets.filter((m) => m.api === undefined).map((m) => m.stage))];
}

/**
 * The domain `name` of the spec as the local API serves it: its mappings, and the stage of this API it serves —
 * `stage` when given (one the domain maps), else the one stage the domain maps this API to.
 */
export function servedDomain(spec: GatewaySpec, name: string, stage: string | undefined): ServedDomain {
  const domains = Object.keys(spec.domains ?? {});
  const domain = spec.domains?.[name];
  if (!domain)
    throw new WorkbenchError('InvalidArgument', `The spec has no domain "${name}".`, {
      hint: domains.length ? `Its domains: ${domains.join(', ')}.` : 'Add it under domains, with its API mappings.',
    });
  const written = mappingTargets(domain);
  const ours = ownStages(written);
  const mappings = [...written].sort((a, b) => b.path.length - a.path.length);
  if (ours.length === 0)
    throw new WorkbenchError('InvalidArgument', `The domain ${name} maps no stage of ${spec.api.name}.`, {
      hint: 'Add an API mapping to one of its stages under the domain.',
    });
  if (stage !== undefined && !ours.includes(stage))
    throw new WorkbenchError('InvalidArgument', `The domain ${name} maps no path to the stage "${stage}".`, {
      hint: `It maps ${ours.join(', ')}.`,
    });
  if (stage === undefined && ours.length > 1)
    throw new WorkbenchError('InvalidArgument', `The domain ${name} maps several stages: ${ours.join(', ')}.`, {
      hint: 'Say which one to serve (--stage, or the stage picked in the editor).',
    });
  return {
    name,
    stage: stage ?? ours[0]!,
    mappings,
    ...(domain.mutualTls ? { mutualTls: { truststoreUri: domain.mutualTls.truststoreUri } } : {}),
  };
}

/** The mapping of `domain` whose path begins `rawPath` (the longest), and the path within it. */
export function mappedPath(
  domain: ServedDomain,
  rawPath: string,
): { mapping: DomainMappingTarget; path: string } | undefined {
  for (const mapping of domain.mappings) {
    if (mapping.path === '') return { mapping, path: rawPath };
    const prefix = `/${mapping.path}`;
    if (rawPath === prefix) return { mapping, path: '/' };
    if (rawPath.startsWith(`${prefix}/`)) return { mapping, path: rawPath.slice(prefix.length) };
  }
  return undefined;
}

/** Why a request under `mapping` is not served here, or undefined when it is (this API, the served stage). */
export function notServedWhy(domain: ServedDomain, mapping: DomainMappingTarget): string | undefined {
  const where = mapping.path ? `/${mapping.path}` : 'the root';
  if (mapping.api !== undefined)
    return `${domain.name} maps ${where} to the API ${mapping.api}, which is not served here`;
  if (mapping.stage !== domain.stage)
    return `${domain.name} maps ${where} to the stage ${mapping.stage}; this local API serves ${domain.stage}`;
  return undefined;
}
