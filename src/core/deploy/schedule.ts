// How apply runs a plan, decided without calling AWS: which changes run together (phases), which change a failure
// blocks, whether the deployment may be made, the stage's tags after the apply, and the report at the end. The
// executors that call AWS live in src/aws/deploy; they ask these questions and do what the answers say.
import { invokeUrl } from '../awsIds';
import type { CanonicalRoute } from './canonical';
import { syncedStageTags } from './inputs';
import type { Tags } from './live';
import type { Change, Plan } from './plan';
import type { ApplyReport, ChangeResult, DeploymentResult } from './report';

/** `route:GET /items`: how a change is named in the set of changes that did not happen. */
export function changeKey(c: Pick<Change, 'kind' | 'name'>): string {
  return `${c.kind}:${c.name}`;
}

/** Changes in one phase run together; authorizers run with integrations (neither needs the other). */
function phaseKey(c: Change): string {
  return `${c.action === 'delete' ? 'delete' : 'apply'}:${c.kind === 'authorizer' ? 'integration' : c.kind}`;
}

/**
 * Phases: consecutive changes of one kind and direction (the plan lists them in dependency order). Each phase waits
 * for the one before, so a route is never made before the integration it targets.
 */
export function applyPhases(changes: readonly Change[]): Change[][] {
  const phases: Change[][] = [];
  for (const c of changes) {
    const last = phases.at(-1);
    if (last && phaseKey(last[0]!) === phaseKey(c)) last.push(c);
    else phases.push([c]);
  }
  return phases;
}

/**
 * Why `c` must not be attempted: something it needs failed or was skipped (`failed` holds their `changeKey`s).
 * Undefined: go ahead. A skipped change joins `failed` too, so what needs it is skipped in turn.
 */
export function blockedBy(c: Change, failed: ReadonlySet<string>, apiName: string): string | undefined {
  if (c.kind !== 'api' && failed.has(changeKey({ kind: 'api', name: apiName }))) return 'the API was not created';
  if (c.action === 'delete') {
    // Routes still using it would make the delete fail: only when a route change before it failed.
    if (
      (c.kind === 'integration' || c.kind === 'authorizer' || c.kind === 'model') &&
      [...failed].some((n) => n.startsWith('route:'))
    )
      return 'a route change before it failed';
    return undefined;
  }
  if (c.kind === 'route') {
    const r = c.desired;
    if (r?.integration && failed.has(`integration:${r.integration}`))
      return `integration ${r.integration} was not applied`;
    if (r?.authorizer && failed.has(`authorizer:${r.authorizer}`)) return `authorizer ${r.authorizer} was not applied`;
    const model = r && modelsOf(r).find((m) => failed.has(`model:${m}`));
    if (model) return `model ${model} was not applied`;
  }
  if (c.kind === 'integration' && c.desired?.vpcLink && failed.has(`vpcLink:${c.desired.vpcLink}`))
    return `VPC link ${c.desired.vpcLink} was not created`;
  if (c.kind === 'mapping' && c.desired) {
    const m = c.desired;
    // A mapping to another API's stage needs only the domain.
    if ((m.api === undefined && failed.has(`stage:${m.stage}`)) || failed.has(`domain:${m.domain}`))
      return `stage ${m.stage} or domain ${m.domain} was not applied`;
  }
  return undefined;
}

/** The models a route and its route responses name. */
function modelsOf(r: CanonicalRoute): string[] {
  return [
    ...Object.values(r.requestModels ?? {}),
    ...Object.values(r.routeResponses ?? {}).flatMap((x) => Object.values(x.responseModels ?? {})),
  ];
}

/** Why the deployment must not be made after these results; undefined: make it. */
export function deploymentBlocked(results: readonly ChangeResult[], stopped: boolean): string | undefined {
  if (stopped) return 'cancelled before the deployment';
  if (results.some((r) => r.status !== 'applied')) return 'not made: some changes were not applied';
  return undefined;
}

/**
 * The stage's tags as this apply leaves them: read in the plan, then changed by the stage's own update (its tags
 * synced, the history entries that give way to them untagged).
 */
export function stageTagsAfter(plan: Plan, stage: string): Tags {
  const tags: Tags = { ...plan.deployment?.tags };
  const change = plan.changes.find((c) => c.kind === 'stage' && c.name === stage);
  if (change?.kind !== 'stage' || !change.desired) return tags;
  const after = syncedStageTags(tags, change.live, change.desired);
  for (const k of change.historyGivesWay ?? []) delete after[k];
  return after;
}

/** What apply knows when it ends. */
export interface ApplyOutcome {
  plan: Plan;
  apiId?: string;
  apiEndpoint?: string;
  results: ChangeResult[];
  deployment?: DeploymentResult;
  warnings: string[];
  /** Cancelled while changes were still to start (some results are 'cancelled'). */
  cancelledChanges: boolean;
  /** The signal had fired by the end. */
  stopped: boolean;
}

/** The report: results in plan order (whatever order they finished in), ok, and the invoke URL when all went well. */
export function applyReport(o: ApplyOutcome): ApplyReport {
  const { plan, apiId, deployment } = o;
  const order = new Map(plan.changes.map((c, i) => [c, i]));
  const results = [...o.results].sort((a, b) => order.get(a.change)! - order.get(b.change)!);
  const stage = plan.deployment?.stage;
  const ok = results.every((r) => r.status === 'applied') && !o.cancelledChanges && !deployment?.error;
  return {
    ...(apiId ? { apiId } : {}),
    apiName: plan.apiName,
    region: plan.region,
    results,
    cancelled: o.cancelledChanges || (o.stopped && Boolean(deployment?.error)),
    ...(deployment ? { deployment } : {}),
    ...(apiId && stage && ok
      ? {
          invokeUrl: invokeUrl({
            apiId,
            region: plan.region,
            protocolType: plan.protocol,
            stageName: stage,
            ...(o.apiEndpoint ? { apiEndpoint: o.apiEndpoint } : {}),
          }),
        }
      : {}),
    warnings: o.warnings,
    ok,
  };
}
