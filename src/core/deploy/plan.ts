// A plan: what deploy would change, per resource, with the fields that differ — computed from a spec and a live
// snapshot, without calling AWS. Apply (src/aws/deploy) executes exactly the changes listed here, in this order.
import { createHash } from 'node:crypto';
import { WorkbenchError } from '../errors';
import {
  decodeHistory,
  HISTORY_TAG_PREFIX,
  historyGivingWay,
  MAX_TAGS,
  ownTagCount,
  parseDeploymentDescription,
  type HistoryEntry,
} from '../history';
import {
  resolveSpec,
  type ApiSettings,
  type AwsContext,
  type Authorizer,
  type GatewaySpec,
  type Protocol,
  type VpcLink,
} from '../gatewaySpec/model';
import { isProtected } from '../promote/protection';
import {
  canonicalDomain,
  canonicalLive,
  canonicalSpec,
  canonicalVpcLink,
  liveDomainAsSpec,
  liveSpecView,
  liveVpcLinkAsSpec,
  mappingKey,
  parseIntegrationDescription,
  PROTECTED_TAG,
  prune,
  SPEC_TAG,
  type Canonical,
  type CanonicalDomain,
  type CanonicalIntegration,
  type CanonicalMapping,
  type CanonicalModel,
  type CanonicalRoute,
  type CanonicalStage,
  type LiveView,
} from './canonical';
import { syncedStageTags } from './inputs';
import { liveReplaceableFields, matchIdentities, protocolOf, type ApiMatch, type Identity } from './identity';
import type { LiveApi, LiveSnapshot, LiveStage, Tags } from './live';
import { replaceCauses, type ReplaceCause } from './replace';

/** The canonical resource of each kind of change: what `desired` and `live` hold. */
export interface ResourceOf {
  api: ApiSettings;
  vpcLink: VpcLink;
  model: CanonicalModel;
  authorizer: Authorizer;
  integration: CanonicalIntegration;
  route: CanonicalRoute;
  stage: CanonicalStage;
  domain: CanonicalDomain;
  mapping: CanonicalMapping;
}

export type ChangeKind = keyof ResourceOf;
/** `replace`: an integration AWS cannot change in place (replace.ts) is made again, its routes moved, the old deleted. */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete';

export interface FieldChange {
  /** Spec path of the field: `throttling.rateLimit`, `variables.fnSuffix`, `routeSettings["GET /x"].throttling`. */
  path: string;
  /** Undefined: the field is absent. */
  before: unknown;
  after: unknown;
}

/** A change of one kind of resource; `Change` is the union over every kind, so `kind` narrows `desired` and `live`. */
export interface ChangeOf<K extends ChangeKind> {
  kind: K;
  action: ChangeAction;
  /** Spec name: route key, stage name, integration name… (mappings: `domain/path`). */
  name: string;
  /** The live resource's id (update, delete). */
  id?: string;
  /** Update: the fields that differ. */
  fields: FieldChange[];
  /** Canonical desired resource (create, update). */
  desired?: ResourceOf[K];
  /** Canonical live resource (update, delete). */
  live?: ResourceOf[K];
  /** Why, when it is not obvious (adoption, a duplicate, kept by API Gateway, a replacement). */
  note?: string;
  /** Replace: what forces it and what apply moves. */
  replace?: Replacement;
  /**
   * Stage: its history entries (tag keys, oldest first) that give way to its own tags, so that it stays within AWS's
   * 50 tags: apply untags them before it sets the tags.
   */
  historyGivesWay?: string[];
}

/**
 * How an integration is replaced (apply, in its integration phase): CreateIntegration with the spec's members (and
 * its integration responses), UpdateRoute `Target: integrations/NEW` for each route that targets the live one, then
 * DeleteIntegration of the live one (`id`). Integration responses belong to their integration and go with it; route
 * responses name no integration, so nothing else points at it.
 */
export interface Replacement {
  /** The fields AWS cannot change in place, and why. */
  causes: ReplaceCause[];
  /** Keys of the routes whose target is the live integration: each is pointed at the new one before the delete. */
  routes: string[];
  /**
   * The live integrations recorded under this name when planned (the replaced one among them): after a lost
   * CreateIntegration answer, the new integration is the one recorded under the name that is none of these.
   */
  liveIds: string[];
}

export type Change = { [K in ChangeKind]: ChangeOf<K> }[ChangeKind];

export interface DeploymentStep {
  stage: string;
  /** The stage auto-deploys: AWS deploys every change itself, deploy creates no deployment. */
  autoDeploy: boolean;
  /** Apply ends with a deployment step: a deployment is created and the stage pointed at it (with `record`: recorded). */
  needed: boolean;
  reason: string;
  /**
   * The stage already runs a deployment of this spec content that a deploy made but never recorded (it stopped
   * between CreateDeployment and the history entry): apply records it in the stage history instead of creating a
   * second deployment of the same content (a twin a rollback would return to for nothing).
   */
  record?: { deploymentId: string; previous?: string };
  /** The deployment the stage runs now. */
  current?: string;
  /** The stage's recorded history (stage tags), newest first. */
  history: HistoryEntry[];
  /** The stage's tags as read (the history entry is added to them). */
  tags: Tags;
}

export interface Plan {
  apiName: string;
  protocol: Protocol;
  region: string;
  accountId: string;
  api: { status: ApiMatch['status']; id?: string; endpoint?: string };
  /** In apply order: creates and updates by dependency, then deletes in reverse. */
  changes: Change[];
  /** Resources not in the spec that this plan keeps (deletes turned off, or managed by API Gateway). */
  kept: Change[];
  /** Why apply must not run (a protocol change, a VPC link's subnets, a domain path another API holds). */
  blocked: string[];
  deployment?: DeploymentStep;
  /** `protected` stages this plan changes or deploys to: their names must be typed before apply. */
  protectedStages: string[];
  counts: { create: number; update: number; replace: number; delete: number };
  /** Short hash of the deployed content (API settings, routes, integrations, authorizers). */
  hash: string;
  desired: Canonical;
  /** Live ids by spec name, for apply to resolve references. */
  ids: {
    integrations: Record<string, string>;
    authorizers: Record<string, string>;
    vpcLinks: Record<string, string>;
    routes: Record<string, string>;
    /** By route id: its route responses' ids by key. */
    routeResponses: Record<string, Record<string, string>>;
    /** By integration id: its integration responses' ids by key. */
    integrationResponses: Record<string, Record<string, string>>;
    models: Record<string, string>;
    mappings: Record<string, string>;
    /** Other APIs that domain mappings name (`api`), by the reference as the spec writes it. */
    apis: Record<string, string>;
  };
}

export interface PlanInput {
  /** A valid spec (validateSpec), `${aws:…}` not yet resolved. */
  spec: GatewaySpec;
  ctx: AwsContext;
  match: ApiMatch;
  snapshot: LiveSnapshot;
  /** The stage deploy will point at a new deployment. */
  stage?: string;
  /** Delete live resources the spec does not have (default true); otherwise they are listed as kept. */
  deletes?: boolean;
  /** The region's APIs, to resolve domain mappings to other APIs (`api`); needed only when the spec has some. */
  apis?: LiveApi[];
}

const CREATE_ORDER: ChangeKind[] = [
  'api',
  'vpcLink',
  'model',
  'authorizer',
  'integration',
  'route',
  'stage',
  'domain',
  'mapping',
];
const DELETE_ORDER: ChangeKind[] = [
  'mapping',
  'stage',
  'route',
  'model',
  'integration',
  'authorizer',
  'vpcLink',
  'domain',
  'api',
];
/** Changes to these are part of what a deployment snapshots. */
export const DEPLOYED_KINDS: ChangeKind[] = ['api', 'model', 'authorizer', 'integration', 'route'];

// ---- field differences -----------------------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .sort()
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: string[]): string {
  let out = '';
  for (const s of segments) out += IDENT.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
  return out;
}

/** Field-level differences: objects key by key, lists and scalars as a whole. */
export function diffFields(before: unknown, after: unknown, path: string[] = []): FieldChange[] {
  // An object that appears or goes is shown field by field too (below the resource itself).
  if (path.length > 0 && before === undefined && isPlainObject(after)) before = {};
  if (path.length > 0 && after === undefined && isPlainObject(before)) after = {};
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffFields(before[k], after[k], [...path, k]));
  }
  if (stableJson(before) === stableJson(after)) return [];
  return [{ path: formatPath(path), before, after }];
}

/** Short hash of what a deployment of this spec would snapshot. */
export function contentHash(c: Canonical): string {
  return createHash('sha256')
    .update(
      stableJson({
        api: c.api,
        integrations: c.integrations,
        authorizers: c.authorizers,
        routes: c.routes,
        // Absent rather than empty, so that specs without models keep the hash their deployments recorded.
        ...(Object.keys(c.models).length ? { models: c.models } : {}),
      }),
    )
    .digest('hex')
    .slice(0, 12);
}

// ---- the plan --------------------------------------------------------------------------------------------------

/** The live lists a plan and a pull both read, under the names identity matching gave them. */
export function namedLiveLists(
  snap: LiveSnapshot,
  identity: Identity,
): Pick<
  LiveView,
  'integrations' | 'authorizers' | 'routes' | 'routeResponses' | 'integrationResponses' | 'models' | 'stages'
> {
  return {
    integrations: identity.integrations.map((i) => ({ name: i.name, live: i.live })),
    authorizers: identity.authorizers.map((a) => ({ name: a.name, live: a.live })),
    routes: snap.routes,
    routeResponses: snap.routeResponses,
    integrationResponses: snap.integrationResponses,
    models: snap.models,
    stages: snap.stages,
  };
}

export function buildLiveView(match: ApiMatch, snap: LiveSnapshot, identity: Identity): LiveView {
  const apiId = match.status === 'new' ? undefined : match.api.ApiId;
  return {
    api: match.status === 'new' ? {} : match.api,
    ...namedLiveLists(snap, identity),
    vpcLinks: identity.vpcLinks.filter((l) => l.matched).map((l) => ({ name: l.name, live: l.live })),
    domains: snap.domains,
    mappings: Object.entries(snap.mappings).flatMap(([domain, ms]) =>
      ms.filter((m) => apiId && m.ApiId === apiId).map((live) => ({ domain, live })),
    ),
  };
}

/** What every part of a plan reads: the spec and the live API, both canonical, and who is who. */
interface PlanWorld {
  spec: GatewaySpec;
  desired: Canonical;
  /** Undefined: the API does not exist yet. */
  live?: Canonical;
  identity: Identity;
  match: ApiMatch;
  apiId?: string;
  snap: LiveSnapshot;
  deletes: boolean;
  apis: LiveApi[];
}

/** Changes and what a part of the plan keeps or refuses. */
interface PlanPart {
  changes: Change[];
  kept: Change[];
  blocked: string[];
}

function planWorld(input: PlanInput): PlanWorld {
  const { ctx, match, snapshot: snap } = input;
  const spec = resolveSpec(input.spec, ctx);
  const desired = canonicalSpec(spec, ctx.region);
  const identity = matchIdentities(desired, snap, ctx.region, spec.api.name);
  const apiId = match.status === 'new' ? undefined : match.api.ApiId;
  return {
    spec,
    desired,
    ...(match.status === 'new'
      ? {}
      : { live: canonicalLive(liveSpecView(buildLiveView(match, snap, identity), identity.names), ctx.region) }),
    identity,
    match,
    ...(apiId ? { apiId } : {}),
    snap,
    deletes: input.deletes ?? true,
    apis: input.apis ?? [],
  };
}

export function buildPlan(input: PlanInput): Plan {
  const w = planWorld(input);
  const ids = liveIdsOf(w.identity, w.snap);
  const parts = [apiPart(w), resourcePart(w, ids), mappingPart(w, ids)];
  const changes = parts.flatMap((p) => p.changes).sort(byApplyOrder);
  noteDuplicateIntegrations(changes, w, ids);
  const blocked = [
    ...parts[0]!.blocked,
    ...vpcLinkBlocks(changes),
    ...unclearableBlocks(changes),
    ...planReplacements(changes, w),
    ...stageTagRoom(changes, w),
    ...parts.flatMap((p, i) => (i ? p.blocked : [])),
  ];
  const hash = contentHash(w.desired);
  const deployment = input.stage === undefined ? undefined : deploymentStep(input.stage, w, changes, hash);
  if (deployment) blocked.push(...managedStageBlock(deployment, w));
  const count = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
  return {
    apiName: w.spec.api.name,
    protocol: w.spec.api.protocol,
    region: input.ctx.region,
    accountId: input.ctx.accountId,
    api: {
      status: w.match.status,
      ...(w.apiId ? { id: w.apiId } : {}),
      ...(w.match.status !== 'new' && w.match.api.ApiEndpoint ? { endpoint: w.match.api.ApiEndpoint } : {}),
    },
    changes,
    kept: parts.flatMap((p) => p.kept),
    blocked,
    ...(deployment ? { deployment } : {}),
    protectedStages: protectedStagesOf(w, changes, deployment),
    counts: { create: count('create'), update: count('update'), replace: count('replace'), delete: count('delete') },
    hash,
    desired: w.desired,
    ids,
  };
}

function byApplyOrder(a: Change, b: Change): number {
  const order = (c: Change) =>
    c.action === 'delete' ? 100 + DELETE_ORDER.indexOf(c.kind) : CREATE_ORDER.indexOf(c.kind);
  return order(a) - order(b) || a.name.localeCompare(b.name);
}

/** The API itself: created, or updated (adoption adds the spec tag); a protocol change is refused. */
function apiPart(w: PlanWorld): PlanPart {
  const { spec, desired, match } = w;
  const out: PlanPart = { changes: [], kept: [], blocked: [] };
  if (match.status === 'new') {
    out.changes.push({ kind: 'api', action: 'create', name: spec.api.name, fields: [], desired: desired.api });
    return out;
  }
  const liveProtocol = protocolOf(match.api);
  if (liveProtocol !== spec.api.protocol) {
    out.blocked.push(
      `API ${spec.api.name} (${w.apiId}) is a${liveProtocol === 'HTTP' ? 'n HTTP' : ' WebSocket'} API; the spec says ${spec.api.protocol}. The protocol of an API cannot change: delete the API or rename it in the spec.`,
    );
  }
  const fields = diffFields(w.live!.api, desired.api);
  if (match.status === 'adopt')
    fields.push({ path: `tags[${JSON.stringify(SPEC_TAG)}]`, before: undefined, after: spec.api.name });
  if (!fields.length) return out;
  out.changes.push({
    kind: 'api',
    action: 'update',
    name: spec.api.name,
    ...(w.apiId ? { id: w.apiId } : {}),
    fields,
    desired: desired.api,
    live: w.live!.api,
    ...(match.status === 'adopt'
      ? {
          note: `adopt the existing API ${w.apiId}: deploy tags it ${SPEC_TAG}=${spec.api.name} and manages it from now on`,
        }
      : {}),
  });
  return out;
}

/** Live ids by spec name, for apply to resolve references. */
function liveIdsOf(identity: Identity, snap: LiveSnapshot): Plan['ids'] {
  const ids: Plan['ids'] = {
    integrations: {},
    authorizers: {},
    vpcLinks: {},
    routes: {},
    routeResponses: {},
    integrationResponses: {},
    models: {},
    mappings: {},
    apis: {},
  };
  for (const i of identity.integrations) if (i.matched) ids.integrations[i.name] = i.id;
  const byKey = <T>(xs: T[] | undefined, key: (x: T) => string | undefined, id: (x: T) => string | undefined) =>
    Object.fromEntries((xs ?? []).map((x) => [key(x) ?? '', id(x) ?? '']));
  for (const [id, rs] of Object.entries(snap.integrationResponses))
    ids.integrationResponses[id] = byKey(
      rs,
      (r) => r.IntegrationResponseKey,
      (r) => r.IntegrationResponseId,
    );
  for (const m of snap.models) if (m.Name && m.ModelId) ids.models[m.Name] = m.ModelId;
  for (const a of identity.authorizers) if (a.matched) ids.authorizers[a.name] = a.id;
  for (const l of identity.vpcLinks) if (l.matched) ids.vpcLinks[l.name] = l.id;
  for (const r of snap.routes) {
    if (!r.RouteKey || !r.RouteId) continue;
    ids.routes[r.RouteKey] = r.RouteId;
    ids.routeResponses[r.RouteId] = byKey(
      snap.routeResponses[r.RouteId],
      (x) => x.RouteResponseKey,
      (x) => x.RouteResponseId,
    );
  }
  return ids;
}

type NamedKind = Exclude<ChangeKind, 'api' | 'mapping'>;

/** How `compare` finds a live resource's id and tells what API Gateway manages itself. */
interface CompareContext {
  liveId(kind: NamedKind, name: string): string | undefined;
  managedByAws: Set<string>;
  deletes: boolean;
}

function compareContext(w: PlanWorld, ids: Plan['ids']): CompareContext {
  const { identity, snap } = w;
  const managedByAws = new Set<string>([
    ...snap.integrations
      .filter((i) => i.ApiGatewayManaged)
      .map((i) => `integration:${identity.names.integrations.get(i.IntegrationId ?? '')}`),
    ...snap.routes.filter((r) => r.ApiGatewayManaged).map((r) => `route:${r.RouteKey}`),
    ...snap.stages.filter((s) => s.ApiGatewayManaged).map((s) => `stage:${s.StageName}`),
  ]);
  const liveId = (kind: NamedKind, n: string): string | undefined => {
    switch (kind) {
      case 'integration':
        return ids.integrations[n] ?? identity.integrations.find((i) => i.name === n)?.id;
      case 'authorizer':
        return ids.authorizers[n] ?? identity.authorizers.find((a) => a.name === n)?.id;
      case 'route':
        return ids.routes[n];
      case 'vpcLink':
        return ids.vpcLinks[n];
      case 'model':
        return ids.models[n];
      default:
        return n;
    }
  };
  return { liveId, managedByAws, deletes: w.deletes };
}

/** One kind's creates and updates; with `canDelete`, its deletes (or what is kept instead). */
function compare<K extends NamedKind>(
  cx: CompareContext,
  kind: K,
  want: Record<string, ResourceOf[K]>,
  have: Record<string, ResourceOf[K]>,
  canDelete: boolean,
): { changes: Array<ChangeOf<K>>; kept: Array<ChangeOf<K>> } {
  const changes: Array<ChangeOf<K>> = [];
  const kept: Array<ChangeOf<K>> = [];
  for (const [name, d] of Object.entries(want)) {
    const l = have[name];
    if (l === undefined) {
      changes.push({ kind, action: 'create', name, fields: [], desired: d });
      continue;
    }
    const fields = diffFields(l, d);
    if (fields.length)
      changes.push({ kind, action: 'update', name, id: cx.liveId(kind, name), fields, desired: d, live: l });
  }
  if (!canDelete) return { changes, kept };
  for (const [name, l] of Object.entries(have)) {
    if (name in want) continue;
    const c: ChangeOf<K> = { kind, action: 'delete', name, id: cx.liveId(kind, name), fields: [], live: l };
    if (cx.managedByAws.has(`${kind}:${name}`))
      kept.push({
        ...c,
        note: "managed by API Gateway (quick create): delete the API's quick-create resources with the API",
      });
    else if (cx.deletes) changes.push(c);
    else kept.push({ ...c, note: 'not in the spec; kept because deletes are off' });
  }
  return { changes, kept };
}

/** VPC links, authorizers, integrations, routes, stages and domains. */
function resourcePart(w: PlanWorld, ids: Plan['ids']): PlanPart {
  const { desired, identity, snap, live } = w;
  const cx = compareContext(w, ids);
  // VPC links and domains belong to the account, not the API: they exist (or not) whether or not the API does.
  const liveLinks = Object.fromEntries(
    identity.vpcLinks.filter((l) => l.matched).map((l) => [l.name, canonicalVpcLink(liveVpcLinkAsSpec(l.live))]),
  );
  const liveDomains = Object.fromEntries(
    snap.domains.filter((d) => d.DomainName).map((d) => [d.DomainName!, canonicalDomain(liveDomainAsSpec(d))]),
  );
  const results = [
    compare(cx, 'vpcLink', desired.vpcLinks, liveLinks, false),
    compare(cx, 'model', desired.models, live?.models ?? {}, true),
    compare(cx, 'authorizer', desired.authorizers, live?.authorizers ?? {}, true),
    compare(cx, 'integration', desired.integrations, live?.integrations ?? {}, true),
    compare(cx, 'route', desired.routes, live?.routes ?? {}, true),
    compare(cx, 'stage', desired.stages, live?.stages ?? {}, true),
    compare(cx, 'domain', desired.domains, liveDomains, false),
  ];
  return {
    changes: results.flatMap((r): Change[] => r.changes),
    kept: results.flatMap((r): Change[] => r.kept),
    blocked: [],
  };
}

/** A VPC link's subnets and security groups cannot change in place. */
function vpcLinkBlocks(changes: Change[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (c.kind !== 'vpcLink' || c.action !== 'update') continue;
    const fixed = c.fields.filter((f) => !f.path.startsWith('tags')).map((f) => f.path);
    if (fixed.length)
      out.push(
        `VPC link ${c.name}: ${fixed.join(', ')} cannot change in place. Give the link a new name in the spec: deploy creates it and moves the integrations to it.`,
      );
  }
  return out;
}

/**
 * Fields an update cannot take away: AWS's request member admits no value that means "none", and one left out is
 * left as it is (API Gateway v2 API Reference, UpdateApi: Version is a string of 1 to 64 characters). Planned as
 * updates, they would be sent again on every deploy, each time with a new deployment.
 */
const UNCLEARABLE: Partial<Record<ChangeKind, Record<string, string>>> = {
  api: {
    version: 'UpdateApi takes a version of 1 to 64 characters, so an API keeps its version. Keep one in the spec.',
  },
};

function unclearableBlocks(changes: Change[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    if (c.action !== 'update') continue;
    for (const f of c.fields) {
      const why = UNCLEARABLE[c.kind]?.[f.path];
      if (why && f.before !== undefined && f.after === undefined)
        out.push(`${c.kind} ${c.name}: ${f.path} (${String(f.before)}) cannot be removed in place: ${why}`);
    }
  }
  return out;
}

/**
 * Duplicates of a spec integration are deleted like any extra: a create whose answer was lost, then made again, or
 * the integration a replacement replaces, left by a deploy that stopped before deleting it (identity.ts keeps the
 * new one; the routes still on the old one are planned to move to it before the delete).
 */
function noteDuplicateIntegrations(changes: Change[], w: PlanWorld, ids: Plan['ids']): void {
  for (const c of changes) {
    if (c.kind !== 'integration' || c.action !== 'delete') continue;
    const i = w.identity.integrations.find((x) => x.id === c.id);
    const recorded = i ? parseIntegrationDescription(i.live.Description).name : undefined;
    const want = recorded ? w.desired.integrations[recorded] : undefined;
    if (!i || !recorded || !want) continue;
    const spec = ids.integrations[recorded] ?? 'another';
    c.note = replaceCauses(liveReplaceableFields(i.live), want).length
      ? `the ${recorded} that integration ${spec} replaces (${c.id}): a deploy made the new one and stopped before deleting this one`
      : `a second integration named ${recorded} (${c.id}); the spec's is ${spec}`;
  }
}

/**
 * Integration updates AWS cannot make (replace.ts) become replacements; refused for an integration API Gateway
 * manages (quick create), which cannot be deleted. The blocked reasons.
 */
function planReplacements(changes: Change[], w: PlanWorld): string[] {
  const blocked: string[] = [];
  for (const c of changes) {
    if (c.kind !== 'integration' || c.action !== 'update' || !c.live || !c.desired || !c.id) continue;
    const causes = replaceCauses(c.live, c.desired);
    if (!causes.length) continue;
    const fields = causes.map((x) => x.path).join(', ');
    const live = w.identity.integrations.find((i) => i.id === c.id);
    if (live?.live.ApiGatewayManaged) {
      blocked.push(
        `integration ${c.name}: ${fields} cannot change in place (${causes.map((x) => x.why).join('; ')}), and API Gateway manages this integration (quick create), so it cannot be deleted to be replaced. Give the integration a new name in the spec: deploy creates it and moves the routes to it.`,
      );
      continue;
    }
    const routes = w.snap.routes
      .filter((r) => r.Target === `integrations/${c.id}` && r.RouteKey)
      .map((r) => r.RouteKey!)
      .sort();
    const liveIds = w.identity.integrations
      .filter((i) => i.id === c.id || parseIntegrationDescription(i.live.Description).name === c.name)
      .map((i) => i.id);
    c.action = 'replace';
    c.replace = { causes, routes, liveIds };
    c.note = `${fields} cannot change in place: apply makes a new integration, ${
      routes.length ? `points ${routes.length === 1 ? 'route' : 'routes'} ${routes.join(', ')} at it, ` : ''
    }then deletes ${c.id}`;
  }
  return blocked;
}

/**
 * Each stage's tags within AWS's 50 once deploy has synced its own: the history entries give way (oldest first) to
 * the spec's tags (the stage change says which, and apply untags them first). A stage whose own tags alone take the
 * 50 leaves no room for one entry, without which deploy cannot tell which deployment it runs (every deploy would make
 * another) and rollback what it ran before: refused, for the stages the history is kept for (not auto-deploying).
 */
function stageTagRoom(changes: Change[], w: PlanWorld): string[] {
  const blocked: string[] = [];
  for (const [name, want] of Object.entries(w.desired.stages)) {
    const change = changes.find((c): c is ChangeOf<'stage'> => c.kind === 'stage' && c.name === name);
    const raw = w.snap.stages.find((s) => s.StageName === name)?.Tags;
    const after = change?.desired ? syncedStageTags(raw, change.live, change.desired) : { ...raw };
    const own = ownTagCount(after);
    if (own > MAX_TAGS || (own === MAX_TAGS && !want.autoDeploy)) {
      blocked.push(noRoomForHistory(name, want, own));
      continue;
    }
    const give = historyGivingWay(after);
    if (!give.length || change?.action !== 'update') continue;
    change.historyGivesWay = give;
    change.note = `${give.length === 1 ? 'the oldest history entry gives' : `the ${give.length} oldest history entries give`} way to its tags, to stay within AWS's ${MAX_TAGS}: ${give.join(', ')}`;
  }
  return blocked;
}

function noRoomForHistory(name: string, want: CanonicalStage, own: number): string {
  const spec = Object.keys(want.tags ?? {}).length;
  const parts = [
    `the spec's ${spec}`,
    ...(want.protected ? [PROTECTED_TAG] : []),
    ...(own > spec + (want.protected ? 1 : 0) ? [`${own - spec - (want.protected ? 1 : 0)} kept in AWS`] : []),
  ];
  const head = `Stage ${name}: its own tags would be ${own} (${parts.join(', ')}), and AWS allows ${MAX_TAGS} per stage`;
  if (want.autoDeploy) return `${head}. Remove at least ${own - MAX_TAGS} of its tags from the spec.`;
  return `${head}: no room is left for even one entry of the history deploy keeps in its tags (${HISTORY_TAG_PREFIX}N), without which every deploy makes a new deployment and a rollback cannot tell what the stage ran before. Remove at least ${own - MAX_TAGS + 1} of its tags from the spec.`;
}

/**
 * The API a mapping points at: this spec's, or another one named by `api` (its id, or its name when one API of the
 * region has it). Undefined with a reason when the reference finds no API or several.
 */
function mappingTarget(w: PlanWorld, m: CanonicalMapping, ids: Plan['ids']): { id?: string; problem?: string } {
  if (m.api === undefined) return w.apiId ? { id: w.apiId } : {};
  const byId = w.apis.find((a) => a.ApiId === m.api);
  const named = byId ? [byId] : w.apis.filter((a) => a.Name === m.api);
  if (named.length === 1) {
    ids.apis[m.api] = named[0]!.ApiId!;
    return { id: named[0]!.ApiId! };
  }
  const where = `Domain ${m.domain}, ${m.path ? `path /${m.path}` : 'root'}`;
  return {
    problem: named.length
      ? `${where}: ${named.length} APIs are named ${m.api} (${named.map((a) => a.ApiId).join(', ')}); give the API id.`
      : `${where}: no API has the id or name ${m.api} in the region. Deploy the API it names first, or correct the reference.`,
  };
}

/** API mappings: by (domain, path); a path another API holds is not ours to take. */
function mappingPart(w: PlanWorld, ids: Plan['ids']): PlanPart {
  const { desired, snap } = w;
  const out: PlanPart = { changes: [], kept: [], blocked: [] };
  for (const [key, m] of Object.entries(desired.mappings)) {
    const target = mappingTarget(w, m, ids);
    if (target.problem) {
      out.blocked.push(target.problem);
      continue;
    }
    const existing = (snap.mappings[m.domain] ?? []).find((x) => (x.ApiMappingKey ?? '') === m.path);
    if (existing && existing.ApiId !== target.id) {
      out.blocked.push(
        `Domain ${m.domain}: the path ${m.path ? `/${m.path}` : '(root)'} is mapped to another API (${existing.ApiId}, stage ${existing.Stage}).`,
      );
    } else if (!existing) {
      out.changes.push({ kind: 'mapping', action: 'create', name: key, fields: [], desired: m });
    } else {
      ids.mappings[key] = existing.ApiMappingId ?? '';
      const fields = diffFields({ stage: existing.Stage }, { stage: m.stage });
      if (fields.length)
        out.changes.push({
          kind: 'mapping',
          action: 'update',
          name: key,
          id: existing.ApiMappingId,
          fields,
          desired: m,
          live: { ...m, stage: existing.Stage ?? '' },
        });
    }
  }
  for (const c of extraMappings(w, ids)) {
    if (w.deletes) out.changes.push(c);
    else out.kept.push({ ...c, note: 'not in the spec; kept because deletes are off' });
  }
  return out;
}

/**
 * Mappings the spec does not have: this API's anywhere, and, on the spec's own domains, those of the other APIs its
 * mappings name (the spec says which of their stages the domain serves).
 */
function extraMappings(w: PlanWorld, ids: Plan['ids']): Array<ChangeOf<'mapping'>> {
  const out: Array<ChangeOf<'mapping'>> = [];
  const others = new Map(Object.entries(ids.apis).map(([ref, id]) => [id, ref]));
  for (const [domain, ms] of Object.entries(w.snap.mappings)) {
    for (const m of ms) {
      const own = w.apiId !== undefined && m.ApiId === w.apiId;
      const other = m.ApiId !== undefined && others.has(m.ApiId) && w.desired.domains[domain] !== undefined;
      if (!own && !other) continue;
      const key = mappingKey(domain, m.ApiMappingKey ?? '');
      if (w.desired.mappings[key]) continue;
      out.push({
        kind: 'mapping',
        action: 'delete',
        name: key,
        id: m.ApiMappingId,
        fields: [],
        live: prune({
          domain,
          path: m.ApiMappingKey ?? '',
          stage: m.Stage ?? '',
          api: own ? undefined : others.get(m.ApiId!),
        }),
      });
    }
  }
  return out;
}

/** `protected` stages (declared in the spec or tagged in AWS) that this plan changes or deploys to. */
function protectedStagesOf(w: PlanWorld, changes: Change[], deployment: DeploymentStep | undefined): string[] {
  const guarded = (name: string) =>
    isProtected({ StageName: name, Tags: w.snap.stages.find((s) => s.StageName === name)?.Tags }, w.desired);
  const touched = new Set<string>();
  for (const c of changes) if (c.kind === 'stage' && guarded(c.name)) touched.add(c.name);
  if (deployment?.needed && guarded(deployment.stage)) touched.add(deployment.stage);
  if (changes.some((c) => DEPLOYED_KINDS.includes(c.kind))) {
    for (const [name, s] of Object.entries(w.desired.stages)) if (s.autoDeploy && guarded(name)) touched.add(name);
  }
  return [...touched].sort();
}

function deploymentStep(stage: string, w: PlanWorld, changes: Change[], hash: string): DeploymentStep {
  const want = w.desired.stages[stage];
  if (!want) throw unknownStage(stage, w.desired);
  const live = w.snap.stages.find((s) => s.StageName === stage);
  const history = decodeHistory(live?.Tags);
  const base = {
    stage,
    history,
    tags: { ...live?.Tags },
    ...(live?.DeploymentId ? { current: live.DeploymentId } : {}),
  };
  if (want.autoDeploy)
    return {
      ...base,
      autoDeploy: true,
      needed: false,
      reason: `stage ${stage} auto-deploys: AWS deploys every change to it`,
    };
  const apiChanges = changes.filter((c) => DEPLOYED_KINDS.includes(c.kind)).length;
  const reason = newDeploymentReason(stage, live, history[0], apiChanges, hash);
  if (reason === undefined)
    return {
      ...base,
      autoDeploy: false,
      needed: false,
      reason: `stage ${stage} runs deployment ${live!.DeploymentId} of this spec content`,
    };
  const id = live?.DeploymentId;
  const made = id ? parseDeploymentDescription(w.snap.deployments?.[id]?.Description) : undefined;
  if (id && !apiChanges && !live.AutoDeploy && made?.apiName === w.spec.api.name && made.hash === hash) {
    return {
      ...base,
      autoDeploy: false,
      needed: true,
      record: { deploymentId: id, ...(history[0] ? { previous: history[0].deploymentId } : {}) },
      reason: `stage ${stage} runs deployment ${id} of this spec content, made by a deploy that stopped before recording it: deploy records it instead of making another`,
    };
  }
  return { ...base, autoDeploy: false, needed: true, reason };
}

/**
 * A deployment deploy would point at the $default stage of a quick-created API: refused. API Gateway manages that
 * stage (API Reference, Stage.ApiGatewayManaged: "If you created an API using quick create, the $default stage is
 * managed by API Gateway. You can't modify the $default stage."), so CreateDeployment to it fails after the changes
 * before it were applied.
 */
function managedStageBlock(step: DeploymentStep, w: PlanWorld): string[] {
  const live = w.snap.stages.find((s) => s.StageName === step.stage);
  if (!step.needed || !live?.ApiGatewayManaged) return [];
  return [
    `Stage ${step.stage} is managed by API Gateway (quick create): API Gateway deploys every change of the API to it, and its deployment cannot be set by a deploy. Set autoDeploy: true for ${step.stage} in the spec, or deploy to a stage of your own.`,
  ];
}

/** Why the stage needs a new deployment; undefined: it runs one of this spec content, as recorded. */
function newDeploymentReason(
  stage: string,
  live: LiveStage | undefined,
  last: HistoryEntry | undefined,
  apiChanges: number,
  hash: string,
): string | undefined {
  if (!live) return `stage ${stage} is new`;
  if (!live.DeploymentId) return `stage ${stage} runs no deployment`;
  if (apiChanges)
    return `${apiChanges} change${apiChanges === 1 ? '' : 's'} to routes, integrations, authorizers or the API`;
  if (live.AutoDeploy) return `stage ${stage} stops auto-deploying`;
  if (!last || last.deploymentId !== live.DeploymentId)
    return `stage ${stage} runs deployment ${live.DeploymentId}, which no deploy of this spec recorded`;
  if (last.hash !== hash)
    return `stage ${stage} runs deployment ${live.DeploymentId} of other spec content (${last.hash ?? 'unknown'}, now ${hash})`;
  return undefined;
}

function unknownStage(stage: string, desired: Canonical): WorkbenchError {
  const names = Object.keys(desired.stages);
  return new WorkbenchError(
    'InvalidSpec',
    `Stage ${stage} is not in the spec${names.length ? ` (its stages: ${names.join(', ')})` : ': the spec has no stages'}.`,
    {
      hint: names.length
        ? `Deploy to one of them, or add ${stage} under stages.`
        : `Add a stage under stages, for example ${stage}: {}.`,
    },
  );
}
