// Promote Stage…, Roll Back Stage… and Clean Up Deployments…: the API and stages from the explorer node, the
// arguments or the pickers; what the change means in a read-only preview; the modal naming the target (and the typed
// name of a protected stage); the update with progress; who/when/from/to in the log. The engine is the lazy `aws`
// bundle (src/aws/promote, src/core/promote).
import type { CleanupResult, PlanOptions, StageContext } from '../../aws/promote';
import type { CleanupPlan } from '../../core/promote';
import { showLogAction } from '../commands/errors';
import type { Invocation } from '../commands/invocation';
import { pickStage } from '../commands/pickers';
import type { ApiSubject } from '../commands/subjects';
import * as config from '../config';
import type { SpecFacts } from '../protection';
import type { Runtime } from '../runtime';
import { workspaceSpecFacts } from '../workspaceSpecs';
import { planConfirmApply } from './flow';
import { pickDeployment } from './pickers';
import type { PreviewDocuments } from './preview';

export const DEFAULT_KEEP_DEPLOYMENTS = 10;

/** What the commands take besides an explorer node: ids and names, so tests and other commands can drive them. */
export interface PromoteArgs {
  from: string;
  to: string;
}
export interface RollbackArgs {
  to: string;
}
export interface CleanupArgs {
  keep: number;
}

export function keepDeployments(): number {
  const v = config.value<number>(config.Setting.keepDeployments, DEFAULT_KEEP_DEPLOYMENTS);
  return Number.isInteger(v) && v >= 0 ? v : DEFAULT_KEEP_DEPLOYMENTS;
}

const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);

/** The API's stages (with their tags: protection and history) and the workspace's specs, read side by side. */
async function readContext(inv: Invocation, api: ApiSubject): Promise<{ ctx: StageContext; specs: SpecFacts[] }> {
  const { rt } = inv;
  const session = await rt.connection.session();
  const [ctx, specs] = await inv.step(
    `Reading the stages of ${api.name}…`,
    () => Promise.all([rt.aws().promote.readStages(session, api.api, inv.signal), workspaceSpecFacts()]),
    'window',
  );
  return { ctx, specs };
}

function readDeployments(inv: Invocation, ctx: StageContext, ids: Array<string | undefined> | 'all') {
  const { rt } = inv;
  return inv.step(
    'Reading deployments…',
    async () => rt.aws().promote.readDeployments(await rt.connection.session(), ctx, ids, inv.signal),
    'window',
  );
}

async function profileOf(rt: Runtime): Promise<string> {
  return (await rt.connection.current()).profile;
}

/** Points a stage at the deployment another stage runs. */
export async function promoteStage(
  inv: Invocation<'api', PromoteArgs>,
  previews: PreviewDocuments,
): Promise<string | undefined> {
  const { rt, subject, args } = inv;
  const { api } = subject;
  const { ctx, specs } = await readContext(inv, api);
  const pick = (title: string, placeHolder: string, except?: string) =>
    pickStage(rt, api, { title, placeHolder, stages: ctx.stages, specs, ...(except ? { except } : {}) });
  const from =
    str(args.from) ??
    subject.stage?.name ??
    (await pick(`Promote Stage of ${api.name}`, 'Promote the deployment of which stage?'))?.name;
  if (!from) return undefined;
  const to =
    str(args.to) ??
    (await pick(`Promote ${from} of ${api.name}`, `Point which stage at the deployment ${from} runs?`, from))?.name;
  if (!to) return undefined;
  const p = rt.aws().promote;
  const [source, target] = [p.stageNamed(ctx.stages, from, ctx.api), p.stageNamed(ctx.stages, to, ctx.api)];
  await readDeployments(inv, ctx, [source.DeploymentId, target.DeploymentId]);
  const replan = (o: PlanOptions) => {
    const plan = p.planPromotion(p.inputsOf(ctx, { specs, ...o }), from, to);
    plan.warnings.push(...ctx.warnings);
    return plan;
  };
  return planConfirmApply(inv, previews, replan, await profileOf(rt));
}

/** Points a stage back at an earlier deployment: the one before its last change when named, else picked. */
export async function rollbackStage(
  inv: Invocation<'stage', RollbackArgs>,
  previews: PreviewDocuments,
): Promise<string | undefined> {
  const { rt, subject, args } = inv;
  const stage = subject.stage.name;
  const { ctx, specs } = await readContext(inv, subject.api);
  const p = rt.aws().promote;
  p.stageNamed(ctx.stages, stage, ctx.api);
  await readDeployments(inv, ctx, 'all');
  let to = str(args.to);
  // Given ids (tests, the "Roll Back" button) mean the default target; from the tree or a picker, the user picks.
  if (to === undefined && subject.source !== 'args') {
    to = await pickDeployment(rt, stage, p.rollbackChoices(ctx.stages, stage, ctx.deployments, ctx.api), subject.api);
    if (to === undefined) return undefined;
  }
  const replan = (o: PlanOptions) => p.planRollbackFrom(ctx, stage, to, { specs, ...o });
  return planConfirmApply(inv, previews, replan, await profileOf(rt));
}

export interface CleanupOutcome {
  deleted: number;
  skipped?: number;
  failed?: number;
  cancelled?: boolean;
}

/** Deletes the API's deployments no stage runs, no history names, and that are not among the newest N. */
export async function cleanUpDeployments(inv: Invocation<'api', CleanupArgs>): Promise<CleanupOutcome | undefined> {
  const { rt, subject, args } = inv;
  const keep = typeof args.keep === 'number' ? args.keep : keepDeployments();
  const session = await rt.connection.session();
  const p = rt.aws().promote;
  const plan = await inv.step(
    `Reading the deployments of ${subject.api.name}…`,
    () => p.prepareCleanup(session, subject.api.api, keep, inv.signal),
    'window',
  );
  if (plan.remove.length === 0) {
    rt.prompts.notify('info', `Nothing to clean up in ${plan.api.name}: ${p.cleanupKeptText(plan)}`);
    return { deleted: 0 };
  }
  const c = p.cleanupConfirmation(plan);
  if (!(await rt.prompts.confirm(c.message, c.verb, c.detail))) return undefined;
  const result = await inv.step(`Deleting deployments of ${plan.api.name}`, (progress) =>
    p.applyCleanup(session, plan, {
      signal: inv.signal,
      onProgress: (done, total) => progress.report(`${done} of ${total}`, 100 / total),
    }),
  );
  reportCleanup(rt, plan, result);
  rt.resources.fire({ apiId: plan.api.id, kinds: ['deployments'] });
  return {
    deleted: result.deleted.length,
    skipped: result.skipped.length,
    failed: result.failed.length,
    cancelled: result.cancelled,
  };
}

function reportCleanup(rt: Runtime, plan: CleanupPlan, result: CleanupResult): void {
  const p = rt.aws().promote;
  const log = rt.log.child('promote');
  const summary =
    `Deleted ${result.deleted.length} of ${plan.remove.length} deployments of ${plan.api.name} (${plan.api.region})` +
    `${result.skipped.length ? `; ${result.skipped.length} skipped (in use since)` : ''}` +
    `${result.failed.length ? `; ${result.failed.length} failed` : ''}${result.cancelled ? '; cancelled' : ''}.`;
  log.info(`${summary} ${p.cleanupKeptText(plan)}`);
  for (const f of result.failed) log.error(`could not delete deployment ${f.id}: ${f.message}`);
  for (const k of result.skipped) log.info(`kept deployment ${k.id}: ${k.reason}`);
  if (result.failed.length) rt.prompts.notify('warning', summary, showLogAction(rt));
  else rt.prompts.notify('info', summary);
}
