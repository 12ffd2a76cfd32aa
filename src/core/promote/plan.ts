// What a promotion or a rollback means, worked out before anything changes: which deployment the target stage runs
// now and will run, what else differs between the two stages (promotion moves only the deployment), whether the
// target may be changed at all (auto-deploy, protection), and the history entry to record. Pure: src/aws/promote
// reads the inputs and applies the result.
import { WorkbenchError } from '../errors';
import type { LiveApi, LiveRouteSettings, LiveStage } from '../deploy/live';
import {
  decodeHistory,
  hashOf,
  historyWrite,
  parseDeploymentDescription,
  stageHistory,
  type ContentOf,
  type HistoryEntry,
  type LineageStep,
  type StageHistoryView,
} from '../history';
import { protectionOf, specsFor, type Protection, type SpecFacts } from './protection';

export interface PromoteStage extends LiveStage {
  CreatedDate?: Date;
  LastUpdatedDate?: Date;
}

export interface PromoteDeployment {
  DeploymentId?: string;
  CreatedDate?: Date;
  Description?: string;
  AutoDeployed?: boolean;
  DeploymentStatus?: string;
}

/** A deployment as the preview names it. */
export interface DeploymentRef {
  id: string;
  createdDate?: Date;
  description?: string;
  autoDeployed?: boolean;
  /** Stages that run it now. */
  stages: string[];
  /** GetDeployment said it no longer exists. */
  missing?: boolean;
}

export type DifferenceArea =
  'variable' | 'throttling' | 'metrics' | 'logging' | 'accessLog' | 'clientCertificate' | 'routeSetting';

/** One stage setting that differs between the source and the target (promotion leaves it as the target has it). */
export interface StageDifference {
  area: DifferenceArea;
  /** What it is: `stage variable table`, `default throttling`, `route GET /orders`. */
  label: string;
  source?: string;
  target?: string;
}

export interface StageMovePlan {
  kind: 'promote' | 'rollback';
  api: { id: string; name: string; region: string; protocol?: string };
  /** The stage that changes. */
  stage: string;
  /** Promotion: the stage whose deployment is promoted. */
  source?: string;
  /** What the target runs now (undefined: no deployment yet). */
  current?: DeploymentRef;
  /** What it will run. */
  next: DeploymentRef;
  /** Rollback: how the current deployment got there (the step being undone). */
  undoes?: LineageStep;
  /** Promotion: the stage settings that differ between source and target. */
  differences: StageDifference[];
  /** The target auto-deploys: refused unless the plan also turns auto-deploy off. */
  autoDeploy: boolean;
  disableAutoDeploy: boolean;
  protection?: Protection;
  /** The target's history as read (the race check compares against it). */
  history: StageHistoryView;
  /** When the target was last changed, as read. */
  lastUpdated?: Date;
  /** Nothing to do, and why. */
  noop?: string;
  /** The entry to record, without `at` and `by` (set when applied). */
  entry: Omit<HistoryEntry, 'seq' | 'at' | 'by'>;
  /**
   * What Roll Back Stage returns the stage to by default once this change is applied (absent for a no-op): not
   * always `current` — a rollback pops the lineage, so the next one goes further back; a current deployment of the
   * same content as `next` is passed over; and a stage whose own tags leave no room records nothing.
   */
  rollbackAfter?: RollbackAfter;
  /** Who will make the change (STS caller ARN). */
  callerArn?: string;
  warnings: string[];
}

export interface RollbackAfter {
  /** The deployment (undefined: none by default). */
  to?: string;
  /** The change cannot be recorded: the stage's own tags leave no room for a history entry. */
  unrecorded?: boolean;
}

export interface PlanInputs {
  api: LiveApi;
  region: string;
  stages: PromoteStage[];
  /** Deployments read so far, by id (the ones the plan names; all of them for a rollback list). */
  deployments: Map<string, PromoteDeployment | null>;
  specs?: SpecFacts[];
  callerArn?: string;
  disableAutoDeploy?: boolean;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

export function stageNamed(stages: PromoteStage[], name: string, api: LiveApi): PromoteStage {
  const s = stages.find((x) => x.StageName === name);
  if (s) return s;
  const names = stages.map((x) => x.StageName).filter(Boolean);
  throw new WorkbenchError(
    'NotFound',
    `${api.Name ?? api.ApiId} has no stage ${name}${names.length ? ` (its stages: ${names.join(', ')})` : ': it has no stages'}.`,
    { hint: 'Check the stage name, or refresh the explorer.' },
  );
}

/** Which stages run each deployment. */
export function stagesByDeployment(stages: PromoteStage[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of stages)
    if (s.DeploymentId && s.StageName) out.set(s.DeploymentId, [...(out.get(s.DeploymentId) ?? []), s.StageName]);
  return out;
}

export function deploymentRef(
  id: string,
  deployments: Map<string, PromoteDeployment | null>,
  stages: PromoteStage[],
): DeploymentRef {
  const d = deployments.get(id);
  return {
    id,
    ...(d?.CreatedDate ? { createdDate: d.CreatedDate } : {}),
    ...(d?.Description ? { description: d.Description } : {}),
    ...(d?.AutoDeployed ? { autoDeployed: true } : {}),
    stages: stagesByDeployment(stages).get(id) ?? [],
    ...(d === null ? { missing: true } : {}),
  };
}

function num(v: number | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

function throttling(s: LiveRouteSettings | undefined): string | undefined {
  if (s?.ThrottlingRateLimit === undefined && s?.ThrottlingBurstLimit === undefined) return undefined;
  return `rate ${num(s?.ThrottlingRateLimit) ?? '-'}/s, burst ${num(s?.ThrottlingBurstLimit) ?? '-'}`;
}

/** A route's settings in one line: `rate 100/s, burst 50, detailed metrics`. */
export function routeSettingsText(s: LiveRouteSettings | undefined): string | undefined {
  if (!s) return undefined;
  const parts = [
    throttling(s),
    s.DetailedMetricsEnabled ? 'detailed metrics' : '',
    s.LoggingLevel && s.LoggingLevel !== 'OFF' ? `logging ${s.LoggingLevel}` : '',
    s.DataTraceEnabled ? 'data trace' : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

/** The stage settings a promotion does not move, where source and target differ. */
export function stageDifferences(source: PromoteStage, target: PromoteStage): StageDifference[] {
  const out: StageDifference[] = [];
  const add = (area: DifferenceArea, label: string, a: string | undefined, b: string | undefined) => {
    if (a !== b)
      out.push({ area, label, ...(a !== undefined ? { source: a } : {}), ...(b !== undefined ? { target: b } : {}) });
  };
  const vars = [
    ...new Set([...Object.keys(source.StageVariables ?? {}), ...Object.keys(target.StageVariables ?? {})]),
  ].sort();
  for (const k of vars) add('variable', `stage variable ${k}`, source.StageVariables?.[k], target.StageVariables?.[k]);
  const sd = source.DefaultRouteSettings;
  const td = target.DefaultRouteSettings;
  add('throttling', 'default throttling', throttling(sd), throttling(td));
  add(
    'metrics',
    'detailed metrics',
    sd?.DetailedMetricsEnabled ? 'on' : 'off',
    td?.DetailedMetricsEnabled ? 'on' : 'off',
  );
  add(
    'logging',
    'execution logging',
    sd?.LoggingLevel && sd.LoggingLevel !== 'OFF' ? sd.LoggingLevel : undefined,
    td?.LoggingLevel && td.LoggingLevel !== 'OFF' ? td.LoggingLevel : undefined,
  );
  add('logging', 'data trace', sd?.DataTraceEnabled ? 'on' : undefined, td?.DataTraceEnabled ? 'on' : undefined);
  add(
    'accessLog',
    'access log destination',
    source.AccessLogSettings?.DestinationArn,
    target.AccessLogSettings?.DestinationArn,
  );
  add('accessLog', 'access log format', source.AccessLogSettings?.Format, target.AccessLogSettings?.Format);
  // WebSocket stages: the certificate API Gateway presents to HTTP integrations (Stage.ClientCertificateId).
  add('clientCertificate', 'client certificate', source.ClientCertificateId, target.ClientCertificateId);
  const routes = [
    ...new Set([...Object.keys(source.RouteSettings ?? {}), ...Object.keys(target.RouteSettings ?? {})]),
  ].sort();
  for (const r of routes)
    add(
      'routeSetting',
      `route ${r}`,
      routeSettingsText(source.RouteSettings?.[r]),
      routeSettingsText(target.RouteSettings?.[r]),
    );
  return out;
}

function apiOf(i: PlanInputs): StageMovePlan['api'] {
  return {
    id: i.api.ApiId ?? '',
    name: i.api.Name ?? i.api.ApiId ?? '',
    region: i.region,
    ...(i.api.ProtocolType ? { protocol: i.api.ProtocolType } : {}),
  };
}

function common(
  i: PlanInputs,
  target: PromoteStage,
): Pick<StageMovePlan, 'autoDeploy' | 'disableAutoDeploy' | 'history' | 'warnings'> & {
  protection?: Protection;
  lastUpdated?: Date;
  callerArn?: string;
} {
  const name = target.StageName!;
  const warnings: string[] = [];
  const autoDeploy = Boolean(target.AutoDeploy);
  const disable = autoDeploy && Boolean(i.disableAutoDeploy);
  if (disable) {
    const spec = specsFor(i.api, i.specs).find((s) => s.stages[name]?.autoDeploy);
    if (spec)
      warnings.push(
        `${spec.file} sets autoDeploy: true for ${name}: the next deploy of that spec turns auto-deploy on again.`,
      );
  }
  const protection = protectionOf(i.api, target, i.specs);
  return {
    autoDeploy,
    disableAutoDeploy: disable,
    history: stageHistory(target.Tags, target.DeploymentId, deploymentContent(i.deployments, i.stages)),
    warnings,
    ...(protection ? { protection } : {}),
    ...(target.LastUpdatedDate ? { lastUpdated: target.LastUpdatedDate } : {}),
    ...(i.callerArn ? { callerArn: i.callerArn } : {}),
  };
}

/**
 * A deployment's spec content hash: from the description deploy gave it, else from any stage's history entry. Two
 * deployments of one hash run the same API: rolling back from one to the other would change nothing.
 */
export function deploymentContent(
  deployments: Map<string, PromoteDeployment | null>,
  stages: PromoteStage[],
): ContentOf {
  const histories = stages.map((s) => decodeHistory(s.Tags));
  return (id) =>
    parseDeploymentDescription(deployments.get(id)?.Description ?? undefined)?.hash ?? hashOf(id, histories);
}

/**
 * What a default rollback returns `target` to once `entry` is recorded in its tags, as historyWrite adds it. When no
 * entry fits, the history stays as it is and the move reads as a change made outside the workbench.
 */
function rollbackAfterMove(
  target: PromoteStage,
  entry: Omit<HistoryEntry, 'seq'>,
  contentOf: ContentOf,
): RollbackAfter {
  const tags = { ...target.Tags };
  const write = historyWrite(tags, entry);
  for (const k of write?.remove ?? []) delete tags[k];
  Object.assign(tags, write?.set);
  const to = stageHistory(tags, entry.deploymentId, contentOf).previous?.deploymentId;
  return { ...(to ? { to } : {}), ...(write ? {} : { unrecorded: true }) };
}

// ---- promotion ---------------------------------------------------------------------------------------------------

/** Promote: point `to` at the deployment `from` runs. */
export function planPromotion(i: PlanInputs, from: string, to: string): StageMovePlan {
  if (from === to) throw new WorkbenchError('BadRequest', `Promote from ${from} to ${to}: pick two different stages.`);
  const source = stageNamed(i.stages, from, i.api);
  const target = stageNamed(i.stages, to, i.api);
  if (target.ApiGatewayManaged) throw managedStageRefusal({ stage: to, kind: 'promote' });
  if (!source.DeploymentId) {
    throw new WorkbenchError('BadRequest', `${from} runs no deployment yet: there is nothing to promote.`, {
      hint: `Deploy to ${from} first.`,
    });
  }
  const next = deploymentRef(source.DeploymentId, i.deployments, i.stages);
  if (next.missing)
    throw new WorkbenchError('NotFound', `${from} runs deployment ${next.id}, which no longer exists.`, {
      hint: `Deploy to ${from} again, then promote.`,
    });
  const base = common(i, target);
  const hash = deploymentContent(i.deployments, i.stages)(next.id);
  const plan: StageMovePlan = {
    kind: 'promote',
    api: apiOf(i),
    stage: to,
    source: from,
    ...(target.DeploymentId ? { current: deploymentRef(target.DeploymentId, i.deployments, i.stages) } : {}),
    next,
    differences: stageDifferences(source, target),
    ...base,
    entry: {
      deploymentId: next.id,
      ...(target.DeploymentId ? { previous: target.DeploymentId } : {}),
      action: 'promote',
      ...(hash ? { hash } : {}),
    },
  };
  if (target.DeploymentId === next.id)
    plan.noop = `${to} already runs deployment ${next.id}, the one ${from} runs: nothing to promote.`;
  else withRollbackAfter(plan, target, i);
  return plan;
}

// ---- rollback ----------------------------------------------------------------------------------------------------

/** A deployment a rollback may return to, as the pick list shows it. */
export interface RollbackChoice {
  deployment: DeploymentRef;
  /** The default: what the stage ran before its last promotion or deploy. */
  previous: boolean;
  /** When the stage last ran it, per its history. */
  ranAt?: Date;
  /** The stage ran it before (history or an observed outside change). */
  ranBefore: boolean;
}

/**
 * Every deployment the stage could go back to, newest first, the default one first of all: all of the API's
 * deployments except the current one and those that no longer exist.
 */
export function rollbackChoices(
  stages: PromoteStage[],
  stageName: string,
  deployments: Map<string, PromoteDeployment | null>,
  api: LiveApi,
): RollbackChoice[] {
  const stage = stageNamed(stages, stageName, api);
  const view = stageHistory(stage.Tags, stage.DeploymentId, deploymentContent(deployments, stages));
  const ran = new Map<string, Date | undefined>();
  for (const step of view.lineage) ran.set(step.deploymentId, step.entry?.at ?? ran.get(step.deploymentId));
  for (const e of view.entries) if (!ran.has(e.deploymentId)) ran.set(e.deploymentId, e.at);
  const out: RollbackChoice[] = [];
  for (const [id, d] of deployments) {
    if (!d || id === stage.DeploymentId) continue;
    const at = ran.get(id);
    out.push({
      deployment: deploymentRef(id, deployments, stages),
      previous: view.previous?.deploymentId === id,
      ranBefore: ran.has(id),
      ...(at ? { ranAt: at } : {}),
    });
  }
  const time = (c: RollbackChoice) => c.deployment.createdDate?.getTime() ?? 0;
  return out.sort(
    (a, b) =>
      Number(b.previous) - Number(a.previous) || time(b) - time(a) || a.deployment.id.localeCompare(b.deployment.id),
  );
}

/**
 * Roll back: point the stage at `to`, or by default at the deployment it ran before its last promotion or deploy
 * (after a change made outside the workbench: the deployment the history last recorded).
 */
export function planRollback(i: PlanInputs, stageName: string, to?: string): StageMovePlan {
  const target = stageNamed(i.stages, stageName, i.api);
  if (target.ApiGatewayManaged) throw managedStageRefusal({ stage: stageName, kind: 'rollback' });
  const base = common(i, target);
  const view = base.history;
  const id = to ?? view.previous?.deploymentId;
  if (!id) throw noEarlierDeployment(stageName, view);
  const next = deploymentRef(id, i.deployments, i.stages);
  if (next.missing || !i.deployments.has(id)) {
    throw new WorkbenchError(
      'NotFound',
      `Deployment ${id} of ${i.api.Name ?? i.api.ApiId} no longer exists: ${stageName} cannot go back to it.`,
      { hint: 'Pick another deployment from the list (apigw rollback --to DEPLOYMENT_ID).' },
    );
  }
  const hash = deploymentContent(i.deployments, i.stages)(id);
  const plan: StageMovePlan = {
    kind: 'rollback',
    api: apiOf(i),
    stage: stageName,
    ...(target.DeploymentId ? { current: deploymentRef(target.DeploymentId, i.deployments, i.stages) } : {}),
    next,
    ...(view.last && target.DeploymentId ? { undoes: view.last } : {}),
    differences: [],
    ...base,
    entry: {
      deploymentId: id,
      ...(target.DeploymentId ? { previous: target.DeploymentId } : {}),
      action: 'rollback',
      ...(hash ? { hash } : {}),
    },
  };
  if (target.DeploymentId === id) plan.noop = `${stageName} already runs deployment ${id}: nothing to roll back.`;
  else withRollbackAfter(plan, target, i);
  return plan;
}

function withRollbackAfter(plan: StageMovePlan, target: PromoteStage, i: PlanInputs): void {
  plan.rollbackAfter = rollbackAfterMove(target, plan.entry, deploymentContent(i.deployments, i.stages));
}

/** Why a rollback has no default target: nothing recorded before the current deployment, or only its twins. */
function noEarlierDeployment(stageName: string, view: StageHistoryView): WorkbenchError {
  const hint = { hint: 'Pick a deployment from the list (apigw rollback --to DEPLOYMENT_ID).' };
  const twins = view.sameContent.map((s) => s.deploymentId).filter((d) => d !== view.current);
  if (twins.length)
    return new WorkbenchError(
      'NotFound',
      `${stageName} has no earlier deployment of other content to roll back to: ${twins.join(', ')} in its history run${twins.length === 1 ? 's' : ''} the same spec content as the current one (${view.current}), so going back would change nothing.`,
      hint,
    );
  return new WorkbenchError(
    'NotFound',
    `${stageName} has no recorded earlier deployment to roll back to: ${view.entries.length ? 'its history holds only the current one' : 'no promotion, rollback or deploy by API Gateway Workbench recorded one in its tags'}.`,
    hint,
  );
}

// ---- checks before the update ----------------------------------------------------------------------------------

/** Refuses a plan that must not be applied as it stands: an auto-deploy target, a protected one not confirmed. */
export function checkStageMove(plan: StageMovePlan, confirmedStage: string | undefined): void {
  if (plan.autoDeploy && !plan.disableAutoDeploy) throw autoDeployRefusal(plan);
  if (plan.protection && confirmedStage !== plan.stage) {
    throw new WorkbenchError(
      'BadRequest',
      `${plan.stage} is protected (${plan.protection.by === 'spec' ? `protected: true in ${plan.protection.detail}` : `tag ${plan.protection.detail}`}): ${plan.kind === 'promote' ? 'promoting to' : 'rolling back'} it needs its name typed to confirm. Nothing was changed.`,
      { hint: `Type ${plan.stage} when asked (CLI: --confirm-stage ${plan.stage}).` },
    );
  }
}

/**
 * The $default stage of an API made by quick create is API Gateway's (Stage.ApiGatewayManaged: "If you created an API
 * using quick create, the $default stage is managed by API Gateway. You can't modify the $default stage."): it runs
 * what API Gateway deploys, and no UpdateStage may point it at a chosen deployment, auto-deploy on or off.
 */
export function managedStageRefusal(plan: Pick<StageMovePlan, 'stage' | 'kind'>): WorkbenchError {
  return new WorkbenchError(
    'BadRequest',
    `${plan.stage} is managed by API Gateway (quick create): API Gateway deploys every change of the API to it and does not let its deployment be set, so it cannot be ${plan.kind === 'promote' ? 'promoted to' : 'rolled back'}. Nothing was changed.`,
    {
      hint: `Promote to and roll back a stage you create (a stage of the spec, apigw deploy SPEC --stage NAME), and point clients or a custom domain's API mapping at it.`,
    },
  );
}

export function autoDeployRefusal(plan: Pick<StageMovePlan, 'stage' | 'kind'>): WorkbenchError {
  return new WorkbenchError('BadRequest', `${autoDeployExplanation(plan)} Nothing was changed.`, {
    hint: `Turn auto-deploy off for ${plan.stage} first (CLI: --disable-auto-deploy), or ${plan.kind === 'promote' ? 'promote' : 'roll back'} a stage that does not auto-deploy.`,
  });
}

export function autoDeployExplanation(plan: Pick<StageMovePlan, 'stage' | 'kind'>): string {
  return (
    `${plan.stage} auto-deploys: API Gateway deploys every change of the API to it, so it cannot be pointed at a chosen deployment ` +
    `(AWS refuses it), and the next change would replace that deployment anyway.`
  );
}

/**
 * What the target looked like when the plan was made versus right before the update: undefined when it is as the
 * plan read it, else a sentence saying what changed and, as far as AWS tells, who changed it.
 */
export function detectRace(plan: StageMovePlan, fresh: PromoteStage): string | undefined {
  const before = plan.current?.id;
  if (fresh.DeploymentId === before && Boolean(fresh.AutoDeploy) === plan.autoDeploy) return undefined;
  const entries = decodeHistory(fresh.Tags);
  const seen = plan.history.entries[0]?.seq ?? -1;
  const newer = entries.find((e) => e.seq > seen && e.deploymentId === fresh.DeploymentId);
  const when = fresh.LastUpdatedDate ? ` at ${isoMinute(fresh.LastUpdatedDate)}` : '';
  const who = newer
    ? `by ${newer.by ?? 'someone'} with API Gateway Workbench (${newer.action}${newer.at ? ` at ${isoMinute(newer.at)}` : ''})`
    : `outside API Gateway Workbench${when} (AWS does not say by whom; CloudTrail records the UpdateStage call)`;
  const what =
    fresh.DeploymentId !== before
      ? `${plan.stage} ran deployment ${before ?? '(none)'} when this ${plan.kind === 'promote' ? 'promotion' : 'rollback'} was prepared and runs ${fresh.DeploymentId ?? 'no deployment'} now`
      : `auto-deploy of ${plan.stage} was turned ${fresh.AutoDeploy ? 'on' : 'off'}`;
  return `${what}: it was changed ${who}.`;
}

export function isoMinute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// ---- deployment clean-up ---------------------------------------------------------------------------------------

export interface CleanupPlan {
  api: { id: string; name: string; region: string };
  /** Deployments to delete, oldest first. */
  remove: DeploymentRef[];
  /** Why the others stay: a deployment counts once, under the first reason that applies. */
  kept: { running: string[]; history: string[]; newest: string[] };
  total: number;
  keep: number;
}

/**
 * Deployments no stage runs and no stage history names (a rollback may need those), beyond the newest `keep`.
 * Deleting one a stage still runs is refused by AWS, so the worst a stale read can do is fail one delete.
 */
export function planCleanup(
  api: LiveApi,
  region: string,
  stages: PromoteStage[],
  deployments: PromoteDeployment[],
  keep: number,
): CleanupPlan {
  const running = new Set(stages.map((s) => s.DeploymentId).filter((x): x is string => Boolean(x)));
  const named = new Set<string>();
  for (const s of stages)
    for (const e of decodeHistory(s.Tags)) {
      named.add(e.deploymentId);
      if (e.previous) named.add(e.previous);
    }
  const byAge = [...deployments]
    .filter((d) => d.DeploymentId)
    .sort(
      (a, b) =>
        (b.CreatedDate?.getTime() ?? 0) - (a.CreatedDate?.getTime() ?? 0) ||
        b.DeploymentId!.localeCompare(a.DeploymentId!),
    );
  const newest = new Set(byAge.slice(0, Math.max(0, keep)).map((d) => d.DeploymentId!));
  const kept: CleanupPlan['kept'] = { running: [], history: [], newest: [] };
  const remove: DeploymentRef[] = [];
  const map = new Map<string, PromoteDeployment | null>(byAge.map((d) => [d.DeploymentId!, d]));
  for (const d of byAge) {
    const id = d.DeploymentId!;
    if (running.has(id)) kept.running.push(id);
    else if (named.has(id)) kept.history.push(id);
    else if (newest.has(id)) kept.newest.push(id);
    else remove.push(deploymentRef(id, map, stages));
  }
  return {
    api: { id: api.ApiId ?? '', name: api.Name ?? api.ApiId ?? '', region },
    remove: remove.reverse(),
    kept,
    total: byAge.length,
    keep,
  };
}
