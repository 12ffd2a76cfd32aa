// A live API as a spec: the same spec view a plan compares against, with every value equal to its default taken out
// (so the file says what is particular about this API), Lambda invocation URIs as function ARNs, and the account and
// region inside ARNs as `${aws:accountId}` / `${aws:region}`. Planning the result against the API it came from is
// empty by construction: a field is dropped only when the canonical form does not change without it.
import { stringify } from 'yaml';
import {
  lambdaInvocationUri,
  type Authorizer,
  type GatewaySpec,
  type Integration,
  type Model,
  type Route,
  type Stage,
  type VpcLink,
} from '../gatewaySpec/model';
import {
  canonicalApiSettings,
  canonicalAuthorizer,
  canonicalDomain,
  canonicalIntegration,
  canonicalModel,
  canonicalRoute,
  canonicalStage,
  canonicalVpcLink,
  liveSpecView,
  type LiveView,
} from './canonical';
import { matchIdentities, type Identity } from './identity';
import type { LiveApi, LiveDomain, LiveSnapshot } from './live';
import { namedLiveLists, stableJson } from './plan';

export interface PullResult {
  spec: GatewaySpec;
  /** What the spec cannot say about the API (stale route settings, an integration nothing uses…). */
  warnings: string[];
}

/** Drops each field whose absence leaves the canonical form unchanged: the defaults, written or applied by AWS. */
function minimize<T extends object>(value: T, canon: (v: T) => unknown): T {
  const target = stableJson(canon(value));
  let cur = { ...value } as Record<string, unknown>;
  for (const k of Object.keys(value)) {
    const trial = { ...cur };
    delete trial[k];
    try {
      if (stableJson(canon(trial as T)) === target) cur = trial;
    } catch {
      // A required field: it stays.
    }
  }
  return cur as T;
}

/**
 * `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations` → ARN, when deploy turns that ARN back
 * into this very URI (REGION the API's, the partition the function's); any other URI stays as it is.
 */
function functionArn(uri: string, region: string): string {
  const arn = /^arn:[\w-]+:apigateway:[\w-]+:lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/.exec(
    uri,
  )?.[1];
  return arn && lambdaInvocationUri(arn, region) === uri ? arn : uri;
}

/** The account and region inside ARNs (and SQS queue URLs) as variables, so the spec deploys to other accounts too. */
export function templatize(text: string, region: string, accountId: string): string {
  const r = region.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const a = accountId.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return text
    .replace(new RegExp(`(arn:[\\w-]+:[\\w-]+:)${r}(:)`, 'g'), '$1${aws:region}$2')
    .replace(new RegExp(`(arn:[\\w-]+:[\\w-]+:(?:[\\w-]+|\\$\\{aws:region\\})?:)${a}(:)`, 'g'), '$1${aws:accountId}$2')
    .replace(new RegExp(`(https://sqs\\.)${r}(\\.amazonaws\\.com/)${a}/`, 'g'), '$1${aws:region}$2${aws:accountId}/');
}

function templatizeAll<T>(v: T, region: string, accountId: string): T {
  if (typeof v === 'string') return templatize(v, region, accountId) as T;
  if (Array.isArray(v)) return v.map((x) => templatizeAll(x, region, accountId)) as T;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, templatizeAll(x, region, accountId)])) as T;
  return v;
}

/**
 * What pull had to rename: a plan matches authorizers and VPC links by name, so deploying the spec replaces them
 * (names in a spec take letters, digits, `.`, `_` and `-`, and a second one of a name gets a suffix).
 */
function renamed(what: string, items: Array<{ name: string; live: { Name?: string } }>): string[] {
  return items
    .filter((x) => x.live.Name !== undefined && x.name !== x.live.Name)
    .map(
      (x) =>
        `${what} ${JSON.stringify(x.live.Name)} is written as ${x.name} (names in a spec take letters, digits, . _ -, once each): deploying the spec replaces it with one of that name.`,
    );
}

/**
 * Private integrations through a VPC link the account's v2 listing does not hold: on a WebSocket API, a REST API VPC
 * link (the only kind WebSocket private integrations take), which a spec cannot describe. The spec keeps the
 * placeholder name, so it does not validate until the user decides; it is not quietly made a public integration.
 */
function unlistedVpcLinks(identity: Identity, protocol: string | undefined): string[] {
  const kind =
    protocol === 'WEBSOCKET'
      ? 'a REST API VPC link (the only kind WebSocket APIs take), which a spec cannot describe'
      : 'which is not among the VPC links of the account and region';
  return identity.integrations
    .filter((i) => i.live.ConnectionType === 'VPC_LINK' && i.live.ConnectionId)
    .filter((i) => !identity.names.vpcLinks.has(i.live.ConnectionId!))
    .map(
      (i) =>
        `Integration ${i.name} is a private integration through VPC link ${i.live.ConnectionId}, ${kind}: its vpcLink is written as "(VPC link ${i.live.ConnectionId})", so the spec does not validate until you change or remove the integration (without vpcLink, deploying makes it public).`,
    );
}

/** Settings of the API and its domains that the spec format has no field for, when they are not AWS's defaults. */
function unwritableSettings(api: LiveApi, domains: LiveDomain[]): string[] {
  const out: string[] = [];
  // https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html (DisableSchemaValidation)
  if (api.DisableSchemaValidation)
    out.push(
      'The API skips model validation at deployment (DisableSchemaValidation), which a spec cannot say: a deploy of the spec leaves it as it is, and an API made from the spec validates its models.',
    );
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-routing-mode.html
  for (const d of domains)
    if (d.RoutingMode && d.RoutingMode !== 'API_MAPPING_ONLY')
      out.push(
        `Domain ${d.DomainName} routes with routing mode ${d.RoutingMode}, which a spec cannot say: its API mappings are written, its routing mode and routing rules are not (a domain made from the spec uses API mappings only).`,
      );
  return out;
}

export function pullSpec(api: LiveApi, snap: LiveSnapshot, ctx: { region: string; accountId: string }): PullResult {
  const identity = matchIdentities(undefined, snap, ctx.region, api.Name ?? '');
  const view: LiveView = {
    api,
    ...namedLiveLists(snap, identity),
    vpcLinks: identity.vpcLinks.map((l) => ({ name: l.name, live: l.live })),
    domains: snap.domains.filter((d) => (snap.mappings[d.DomainName ?? ''] ?? []).some((m) => m.ApiId === api.ApiId)),
    mappings: Object.entries(snap.mappings).flatMap(([domain, ms]) =>
      ms.filter((m) => m.ApiId === api.ApiId).map((live) => ({ domain, live })),
    ),
  };
  const full = liveSpecView(view, identity.names).spec;
  const warnings = [
    ...renamed('Authorizer', identity.authorizers),
    ...renamed('VPC link', identity.vpcLinks),
    ...unlistedVpcLinks(identity, api.ProtocolType),
    ...unwritableSettings(api, view.domains),
  ];
  const region = ctx.region;

  const spec: GatewaySpec = { version: 1, api: minimize(full.api, (a) => canonicalApiSettings({ ...full, api: a })) };
  const integrations: Record<string, Integration> = {};
  for (const [name, i] of Object.entries(full.integrations ?? {})) {
    const m = minimize(i, (x) => canonicalIntegration(full, name, x, region));
    // Lambda proxy integrations take the function's ARN; a non-proxy (AWS) one keeps the invocations URI it needs.
    integrations[name] = m.uri && m.type === 'AWS_PROXY' ? { ...m, uri: functionArn(m.uri, region) } : m;
  }
  const authorizers: Record<string, Authorizer> = {};
  for (const [name, a] of Object.entries(full.authorizers ?? {})) {
    const m = minimize(a, (x) => canonicalAuthorizer(full, x, region));
    authorizers[name] = m.uri ? { ...m, uri: functionArn(m.uri, region) } : m;
  }
  const routes: Record<string, Route> = {};
  for (const key of Object.keys(full.routes ?? {}).sort(routeOrder))
    routes[key] = minimize(full.routes![key]!, (x) => canonicalRoute(full, x, true));
  const stages: Record<string, Stage> = {};
  for (const [name, s0] of Object.entries(full.stages ?? {})) {
    let s = s0;
    const stale = Object.keys(s.routeSettings ?? {}).filter((k) => !routes[k]);
    if (stale.length) {
      warnings.push(
        `Stage ${name} has route settings for ${stale.join(', ')}, which ${stale.length === 1 ? 'is no route' : 'are no routes'} of the API: left out.`,
      );
      const rs = Object.fromEntries(Object.entries(s.routeSettings!).filter(([k]) => routes[k]));
      s = { ...s, routeSettings: rs };
      if (Object.keys(rs).length === 0) delete s.routeSettings;
    }
    stages[name] = minimize(s, (x) => canonicalStage(full.api.protocol, x, {}));
  }
  const vpcLinks: Record<string, VpcLink> = {};
  for (const [name, l] of Object.entries(full.vpcLinks ?? {})) vpcLinks[name] = minimize(l, canonicalVpcLink);
  const domains: GatewaySpec['domains'] = {};
  for (const [name, d] of Object.entries(full.domains ?? {})) {
    const { mappings, ...rest } = d;
    domains[name] = { ...minimize(rest, canonicalDomain), ...(mappings ? { mappings } : {}) } as NonNullable<
      GatewaySpec['domains']
    >[string];
  }
  const models: Record<string, Model> = {};
  for (const [name, m] of Object.entries(full.models ?? {})) {
    const min = minimize(m, canonicalModel);
    // A schema AWS holds as JSON text reads better as data in the spec.
    models[name] = { ...min, schema: canonicalModel(m).schema };
  }
  const used = new Set(Object.values(routes).map((r) => r.integration));
  for (const name of Object.keys(integrations))
    if (!used.has(name)) warnings.push(`Integration ${name} is used by no route.`);

  if (Object.keys(integrations).length) spec.integrations = integrations;
  if (Object.keys(authorizers).length) spec.authorizers = authorizers;
  if (Object.keys(routes).length) spec.routes = routes;
  if (Object.keys(stages).length) spec.stages = stages;
  if (Object.keys(vpcLinks).length) spec.vpcLinks = vpcLinks;
  if (Object.keys(domains).length) spec.domains = domains;
  if (Object.keys(models).length) spec.models = models;
  return { spec: templatizeAll(spec, region, ctx.accountId), warnings };
}

/** `$connect`, `$disconnect`, `$default` first, then by path and method. */
function routeOrder(a: string, b: string): number {
  const rank = (k: string) => (k === '$connect' ? 0 : k === '$disconnect' ? 1 : k === '$default' ? 2 : 3);
  const path = (k: string) => k.replace(/^\S+ /, '');
  return rank(a) - rank(b) || path(a).localeCompare(path(b)) || a.localeCompare(b);
}

export function serializeSpec(spec: GatewaySpec, format: 'json' | 'yaml', header?: string): string {
  if (format === 'json') return `${JSON.stringify(spec, null, 2)}\n`;
  const body = stringify(spec, { lineWidth: 0 });
  return `${
    header
      ? header
          .split('\n')
          .map((l) => `# ${l}`)
          .join('\n') + '\n'
      : ''
  }${body}`;
}
