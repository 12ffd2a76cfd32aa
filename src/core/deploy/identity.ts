// Which live resource is which spec entry. The API: the `apigw:spec` tag a deploy sets, or — only after the user
// confirms — an untagged API with the spec's name. Routes by route key, stages, authorizers and VPC links by name.
// Integrations have no name in AWS: the name is kept in the description (`[apigw:orders-fn] …`); an integration
// without it (made in the console, or its description edited) is recognised by the routes that use it, then by its
// content. docs/DEPLOY.md explains the choices and their limits.
import { WorkbenchError } from '../errors';
import { lambdaInvocationUri, type Protocol } from '../gatewaySpec/model';
import { parseIntegrationDescription, SPEC_TAG, type Canonical, type LiveNames } from './canonical';
import type { LiveApi, LiveAuthorizer, LiveIntegration, LiveSnapshot, LiveVpcLink } from './live';
import { replaceCauses, type ReplaceableFields } from './replace';
import { replaceEnclosed, trimTrailing } from '../text';

export type ApiMatch =
  | { status: 'new' }
  | { status: 'managed'; api: LiveApi }
  /** An API with the spec's name that no deploy tagged: deploy may take it over only when the user confirms. */
  | { status: 'adopt'; api: LiveApi };

/** Finds the API a spec deploys to among the region's APIs (one GetApis listing: tags come with it). */
export function findApi(apis: LiveApi[], name: string, region: string): ApiMatch {
  const tagged = apis.filter((a) => a.Tags?.[SPEC_TAG] === name);
  if (tagged.length > 1) {
    throw new WorkbenchError(
      'Conflict',
      `${tagged.length} APIs in ${region} carry the tag ${SPEC_TAG}=${name}: ${tagged.map((a) => `${a.Name} (${a.ApiId})`).join(', ')}. Deploy cannot tell which one the spec describes.`,
      {
        hint: `Remove the tag from the APIs that are not this spec's (aws apigatewayv2 untag-resource --resource-arn … --tag-keys ${SPEC_TAG}), or delete them.`,
      },
    );
  }
  if (tagged.length === 1) return { status: 'managed', api: tagged[0]! };
  const named = apis.filter((a) => a.Name === name && !a.Tags?.[SPEC_TAG]);
  if (named.length > 1) {
    throw new WorkbenchError(
      'Conflict',
      `${named.length} APIs in ${region} are named ${name} (${named.map((a) => a.ApiId).join(', ')}) and none was deployed from a spec. Deploy cannot tell which one to adopt.`,
      { hint: `Tag the one to adopt with ${SPEC_TAG}=${name} (aws apigatewayv2 tag-resource), or rename the others.` },
    );
  }
  if (named.length === 1) return { status: 'adopt', api: named[0]! };
  return { status: 'new' };
}

export interface Identified<T> {
  id: string;
  /** The spec name this resource was matched to, or a name made for it (pull, and deletes in a plan). */
  name: string;
  live: T;
  /** Matched to a spec entry; unmatched resources are not in the spec. */
  matched: boolean;
}

export interface Identity {
  integrations: Array<Identified<LiveIntegration>>;
  authorizers: Array<Identified<LiveAuthorizer>>;
  /** VPC links the spec names or the API's integrations use. */
  vpcLinks: Array<Identified<LiveVpcLink>>;
  names: LiveNames;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A spec-valid name from any text: `catalog.example.com` → `catalog.example.com`, `SQS-SendMessage` → `sqs-sendmessage`. */
export function safeName(text: string, fallback: string): string {
  const s = trimTrailing(
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, ''),
    '-',
  ).slice(0, 120);
  return NAME.test(s) ? s : fallback;
}

/**
 * The spec name for what AWS names `text`: the name itself when it is a valid spec name (a plan matches authorizers
 * and VPC links by name, so pull and import must not change it), else safeName().
 */
export function specName(text: string, fallback: string): string {
  return NAME.test(text) ? text : safeName(text, fallback);
}

const CLOUD_MAP = ':servicediscovery:';

/**
 * `…:servicediscovery:…:service/srv-ID` (a Cloud Map service ARN, on one line): the ID. What
 * `/:servicediscovery:.*:service\/(srv-[\w-]+)/` finds, without trying the pattern at each of many
 * `:servicediscovery:` (quadratic: seconds for an imported URI of 300 KB).
 */
function cloudMapService(uri: string): string | undefined {
  for (const line of uri.split(/[\n\r\u2028\u2029]/)) {
    const at = line.indexOf(CLOUD_MAP);
    const m = at < 0 ? null : /^.*:service\/(srv-[\w-]+)/.exec(line.slice(at + CLOUD_MAP.length));
    if (m) return m[1];
  }
  return undefined;
}

/** A readable name for an integration that has none recorded: its Lambda function, host, service action or type. */
export function suggestIntegrationName(i: LiveIntegration): string {
  const uri = i.IntegrationUri ?? '';
  const fn = /:function:([^:/]+)/.exec(uri)?.[1];
  if (fn) return safeName(fn, 'lambda');
  if (i.IntegrationSubtype) return safeName(i.IntegrationSubtype, 'service');
  const listener = /:listener\/(?:app|net)\/([^/]+)\//.exec(uri)?.[1];
  if (listener) return safeName(listener, 'private');
  const service = cloudMapService(uri);
  if (service) return safeName(service, 'private');
  try {
    if (/^https?:\/\//.test(uri)) return safeName(new URL(replaceEnclosed(uri, '{', '}', () => 'x')).hostname, 'http');
  } catch {
    /* not a URL after all */
  }
  const action = /:apigateway:[^:]*:([^:]+):/.exec(uri)?.[1];
  if (action) return safeName(action, 'aws');
  return safeName(i.IntegrationType ?? 'integration', 'integration');
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 120)}-${n}`;
  taken.add(name);
  return name;
}

function contentKey(
  type: string | undefined,
  subtype: string | undefined,
  uri: string | undefined,
  region: string,
): string {
  return `${type ?? ''}|${subtype ?? ''}|${uri ? lambdaInvocationUri(uri, region) : ''}`;
}

/**
 * Matches live resources to the spec. With no spec (`desired` undefined, as for pull) every resource is unmatched
 * and gets a name of its own: the recorded one when there is one.
 */
export function matchIdentities(
  desired: Canonical | undefined,
  snap: LiveSnapshot,
  region: string,
  apiName: string,
): Identity {
  const names: LiveNames = { integrations: new Map(), authorizers: new Map(), vpcLinks: new Map() };
  const vpcLinks = matchVpcLinks(desired, snap, apiName, names);
  const authorizers = matchAuthorizers(desired, snap, names);
  const integrations = matchIntegrations(desired, snap, region, names);
  return { integrations, authorizers, vpcLinks, names };
}

/** VPC links are account-wide: ours are the ones the spec names (one per name, the one tagged for this spec first). */
function matchVpcLinks(
  desired: Canonical | undefined,
  snap: LiveSnapshot,
  apiName: string,
  names: LiveNames,
): Array<Identified<LiveVpcLink>> {
  const vpcLinks: Array<Identified<LiveVpcLink>> = [];
  const usedLinks = new Set(
    snap.integrations.filter((i) => i.ConnectionType === 'VPC_LINK' && i.ConnectionId).map((i) => i.ConnectionId!),
  );
  const wantedLinks = new Set(Object.keys(desired?.vpcLinks ?? {}));
  const linkTaken = new Set<string>();
  const sortedLinks = [...snap.vpcLinks].sort(
    (a, b) =>
      Number(b.Tags?.[SPEC_TAG] === apiName) - Number(a.Tags?.[SPEC_TAG] === apiName) ||
      (a.VpcLinkId ?? '').localeCompare(b.VpcLinkId ?? ''),
  );
  for (const l of sortedLinks) {
    const id = l.VpcLinkId ?? '';
    const n = l.Name ?? id;
    if (desired && wantedLinks.has(n) && !linkTaken.has(n)) {
      linkTaken.add(n);
      vpcLinks.push({ id, name: n, live: l, matched: true });
      names.vpcLinks.set(id, n);
    } else if (usedLinks.has(id)) {
      // Used by an integration but not the spec's link of that name: named so it cannot be mistaken for it.
      const name = desired ? `${n} (${id})` : unique(specName(n, 'vpc-link'), linkTaken);
      vpcLinks.push({ id, name, live: l, matched: false });
      names.vpcLinks.set(id, name);
    } else {
      names.vpcLinks.set(id, `${n} (${id})`);
    }
  }
  return vpcLinks;
}

/** Authorizers: by name; a second one of the same name is not in the spec. */
function matchAuthorizers(
  desired: Canonical | undefined,
  snap: LiveSnapshot,
  names: LiveNames,
): Array<Identified<LiveAuthorizer>> {
  const authorizers: Array<Identified<LiveAuthorizer>> = [];
  const authTaken = new Set<string>(Object.keys(desired?.authorizers ?? {}));
  const authMatched = new Set<string>();
  for (const a of [...snap.authorizers].sort((x, y) => (x.AuthorizerId ?? '').localeCompare(y.AuthorizerId ?? ''))) {
    const id = a.AuthorizerId ?? '';
    const n = a.Name ?? id;
    let entry: Identified<LiveAuthorizer>;
    if (desired?.authorizers[n] && !authMatched.has(n)) {
      authMatched.add(n);
      entry = { id, name: n, live: a, matched: true };
    } else {
      entry = {
        id,
        name: unique(desired ? `${safeName(n, 'authorizer')}-${id}` : specName(n, 'authorizer'), authTaken),
        live: a,
        matched: false,
      };
    }
    authorizers.push(entry);
    names.authorizers.set(id, entry.name);
  }
  return authorizers;
}

/** Which live integration each spec integration name claimed so far. */
class IntegrationClaims {
  /** Live id → spec name. */
  readonly matchedTo = new Map<string, string>();
  /** Spec names already matched. */
  readonly claimed = new Set<string>();

  claim(name: string, id: string): void {
    this.matchedTo.set(id, name);
    this.claimed.add(name);
  }
}

/** Live integrations sorted by id, and how many routes target each. */
interface IntegrationsSeen {
  live: LiveIntegration[];
  byId: Map<string, LiveIntegration>;
  routeUse: Map<string, number>;
}

/** Integrations: recorded name, then the routes that use them, then content. */
function matchIntegrations(
  desired: Canonical | undefined,
  snap: LiveSnapshot,
  region: string,
  names: LiveNames,
): Array<Identified<LiveIntegration>> {
  const live = [...snap.integrations].sort((x, y) => (x.IntegrationId ?? '').localeCompare(y.IntegrationId ?? ''));
  const seen: IntegrationsSeen = {
    live,
    byId: new Map(live.map((i) => [i.IntegrationId ?? '', i])),
    routeUse: new Map(),
  };
  for (const r of snap.routes) {
    const t = routeTarget(r.Target);
    if (t) seen.routeUse.set(t, (seen.routeUse.get(t) ?? 0) + 1);
  }
  const claims = new IntegrationClaims();
  if (desired) {
    claimByRecordedName(desired, seen, claims);
    claimByRoutes(desired, snap, seen, claims);
    claimByContent(desired, seen, claims, region);
  }
  const integrations = nameIntegrations(desired, live, claims);
  for (const i of integrations) names.integrations.set(i.id, i.name);
  return integrations;
}

function routeTarget(target: string | undefined): string | undefined {
  return /^integrations\/(.+)$/.exec(target ?? '')?.[1];
}

/** The members of a live integration that decide whether it must be replaced (replace.ts), in the spec's terms. */
export function liveReplaceableFields(i: LiveIntegration): ReplaceableFields {
  return { subtype: i.IntegrationSubtype, contentHandling: i.ContentHandlingStrategy };
}

/**
 * 1. The name in the description. Of two with the same name, the one that needs no replacing (the new one, when a
 * deploy replacing an integration stopped before deleting the old), then the one routes use (a create whose answer
 * was lost, made again).
 */
function claimByRecordedName(desired: Canonical, seen: IntegrationsSeen, claims: IntegrationClaims): void {
  const recorded = new Map<string, string[]>();
  for (const i of seen.live) {
    const n = parseIntegrationDescription(i.Description).name;
    if (n && desired.integrations[n]) recorded.set(n, [...(recorded.get(n) ?? []), i.IntegrationId ?? '']);
  }
  for (const [n, ids] of recorded) {
    const stale = (id: string) =>
      replaceCauses(liveReplaceableFields(seen.byId.get(id) ?? {}), desired.integrations[n]!).length ? 1 : 0;
    const best = [...ids].sort(
      (a, b) => stale(a) - stale(b) || (seen.routeUse.get(b) ?? 0) - (seen.routeUse.get(a) ?? 0),
    )[0]!;
    claims.claim(n, best);
  }
}

/** 2. The routes that use it: the spec's route GET /x uses orders-fn, the live GET /x targets integration abc. */
function claimByRoutes(
  desired: Canonical,
  snap: LiveSnapshot,
  seen: IntegrationsSeen,
  claims: IntegrationClaims,
): void {
  const votes = new Map<string, Map<string, number>>();
  for (const r of snap.routes) {
    const target = routeTarget(r.Target);
    const want = r.RouteKey ? desired.routes[r.RouteKey]?.integration : undefined;
    if (!target || !want || claims.claimed.has(want) || claims.matchedTo.has(target) || !seen.byId.has(target))
      continue;
    const v = votes.get(want) ?? new Map<string, number>();
    v.set(target, (v.get(target) ?? 0) + 1);
    votes.set(want, v);
  }
  for (const [want, v] of [...votes].sort(([a], [b]) => a.localeCompare(b))) {
    const [id] =
      [...v].filter(([i]) => !claims.matchedTo.has(i)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    if (id && !claims.claimed.has(want)) claims.claim(want, id);
  }
}

/** 3. Content: same type, service action and target. */
function claimByContent(desired: Canonical, seen: IntegrationsSeen, claims: IntegrationClaims, region: string): void {
  for (const [n, w] of Object.entries(desired.integrations).sort(([a], [b]) => a.localeCompare(b))) {
    if (claims.claimed.has(n)) continue;
    const key = contentKey(w.type, w.subtype, w.uri, region);
    const candidate = seen.live.find(
      (i) =>
        !claims.matchedTo.has(i.IntegrationId ?? '') &&
        contentKey(i.IntegrationType, i.IntegrationSubtype, i.IntegrationUri, region) === key,
    );
    if (candidate) claims.claim(n, candidate.IntegrationId ?? '');
  }
}

/** Every live integration with its name: the spec's when matched, else the recorded or a suggested one, unique. */
function nameIntegrations(
  desired: Canonical | undefined,
  live: LiveIntegration[],
  claims: IntegrationClaims,
): Array<Identified<LiveIntegration>> {
  const taken = new Set<string>(Object.keys(desired?.integrations ?? {}));
  return live.map((i) => {
    const id = i.IntegrationId ?? '';
    const m = claims.matchedTo.get(id);
    if (m) return { id, name: m, live: i, matched: true };
    const recorded = parseIntegrationDescription(i.Description).name;
    const base = recorded ?? suggestIntegrationName(i);
    return {
      id,
      name: unique(desired && (recorded ? taken.has(recorded) : false) ? `${base}-${id}` : base, taken),
      live: i,
      matched: false,
    };
  });
}

export function protocolOf(api: LiveApi): Protocol {
  return api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
}
