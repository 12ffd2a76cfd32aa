// Promotion, rollback and deployment clean-up against AWS: read what the plan needs with few calls, check the target
// again right before UpdateStage, verify the outcome of a failed update, and record the history entry in the stage's
// tags (the format deploy writes: src/core/history.ts). src/core/promote does the thinking.
import type { LiveApi } from '../../core/deploy/live';
import { describeError, isCancellation, isWorkbenchError, CancelledError, WorkbenchError } from '../../core/errors';
import { callerName, stageHistory } from '../../core/history';
import {
  checkStageMove,
  deploymentContent,
  detectRace,
  planCleanup,
  planPromotion,
  planRollback,
  stageNamed,
  stageSummaries,
  stagesByDeployment,
  type StageSummary,
  type CleanupPlan,
  type PlanInputs,
  type PromoteDeployment,
  type PromoteStage,
  type SpecFacts,
  type StageMoveOutcome,
  type StageMovePlan,
} from '../../core/promote';
import { listApis, resolveApiRef } from '../deploy';
import { recordStageHistory } from '../history';
import { all } from '../paginate';
import type { AwsSession } from '../session';

// The glue loads everything through this bundle: the pure half goes with it.
export * from '../../core/promote';
export { stageHistory } from '../../core/history';

/** MaxResults of the listings here: an API has at most 10 stages; deployments are read in as few pages as AWS allows. */
export const PROMOTE_PAGE_SIZE = 500;

/** What promotion, rollback and clean-up read about one API. */
export interface StageContext {
  api: LiveApi;
  region: string;
  stages: PromoteStage[];
  /** Deployments read so far by id; null: it does not exist (GetDeployment answered NotFound). */
  deployments: Map<string, PromoteDeployment | null>;
  /** Every deployment was listed (not only the ones named). */
  allDeployments: boolean;
  callerArn?: string;
  warnings: string[];
}

/** An API by id (one GetApi) or by name (the region's listing; a name two APIs share is refused). */
export async function findApi(session: AwsSession, ref: string, signal?: AbortSignal): Promise<LiveApi> {
  if (/^[a-z0-9]{10}$/.test(ref)) {
    try {
      return await session.apigw.getApi(ref, signal);
    } catch (err) {
      if (!isWorkbenchError(err) || err.code !== 'NotFound') throw err;
    }
  }
  return resolveApiRef(await listApis(session.apigw, signal), ref, session.connection.region);
}

/** The API, its stages (tags and history come with them) and the caller: two calls, or one when the API is given. */
export async function readStages(
  session: AwsSession,
  api: string | LiveApi,
  signal?: AbortSignal,
): Promise<StageContext> {
  const warnings: string[] = [];
  const [live, identity] = await Promise.all([
    typeof api === 'string' ? findApi(session, api, signal) : Promise.resolve(api),
    session.callerIdentity().catch((err: unknown) => {
      if (isCancellation(err)) throw err;
      warnings.push(`Could not tell who you are (${describeError(err)}): the history entry will not say who.`);
      return undefined;
    }),
  ]);
  const stages = await listStages(session, live.ApiId!, signal);
  return {
    api: live,
    region: session.connection.region,
    stages,
    deployments: new Map(),
    allDeployments: false,
    ...(identity ? { callerArn: identity.arn } : {}),
    warnings,
  };
}

/** An API's stages: one GetStages (their tags, so history and protection, come with it); no STS call. */
export async function listStages(session: AwsSession, apiId: string, signal?: AbortSignal): Promise<PromoteStage[]> {
  return all(session.apigw.stages(apiId, { pageSize: PROMOTE_PAGE_SIZE, ...(signal ? { signal } : {}) }));
}

/** An API's stages with what each runs, its history and its protection, and which stages run each deployment. */
export interface ApiStages {
  api: LiveApi;
  stages: StageSummary[];
  /** Deployment id → the stages that run it. */
  byDeployment: Map<string, string[]>;
}

/**
 * The stages reader for the glue (the explorer's Stages and Deployments folders, pickers): no tree node needed.
 * One GetStages, plus the API when given by id or name.
 */
export async function readApiStages(
  session: AwsSession,
  api: string | LiveApi,
  o: { specs?: SpecFacts[]; signal?: AbortSignal } = {},
): Promise<ApiStages> {
  const live = typeof api === 'string' ? await findApi(session, api, o.signal) : api;
  const stages = await listStages(session, live.ApiId!, o.signal);
  return {
    api: live,
    stages: stageSummaries(live, stages, o.specs ? { specs: o.specs } : {}),
    byDeployment: stagesByDeployment(stages),
  };
}

/** Reads the deployments named (GetDeployment each, in parallel), or with 'all' the whole listing. */
export async function readDeployments(
  session: AwsSession,
  ctx: StageContext,
  ids: Iterable<string | undefined> | 'all',
  signal?: AbortSignal,
): Promise<StageContext> {
  const apiId = ctx.api.ApiId!;
  if (ids === 'all') {
    const list = await all(
      session.apigw.deployments(apiId, { pageSize: PROMOTE_PAGE_SIZE, ...(signal ? { signal } : {}) }),
    );
    ctx.deployments = new Map(list.filter((d) => d.DeploymentId).map((d) => [d.DeploymentId!, d]));
    ctx.allDeployments = true;
    return ctx;
  }
  const wanted = [...new Set([...ids].filter((x): x is string => Boolean(x)))].filter((id) => !ctx.deployments.has(id));
  await Promise.all(
    wanted.map(async (id) => {
      try {
        ctx.deployments.set(id, await session.apigw.getDeployment(apiId, id, signal));
      } catch (err) {
        if (isWorkbenchError(err) && err.code === 'NotFound') ctx.deployments.set(id, null);
        else throw err;
      }
    }),
  );
  return ctx;
}

export interface PlanOptions {
  /** Gateway specs found for protection (`stages.<name>.protected`) and auto-deploy warnings. */
  specs?: SpecFacts[];
  /** The target auto-deploys: turn it off in the same UpdateStage (the user agreed). */
  disableAutoDeploy?: boolean;
}

export function inputsOf(ctx: StageContext, o: PlanOptions = {}): PlanInputs {
  return {
    api: ctx.api,
    region: ctx.region,
    stages: ctx.stages,
    deployments: ctx.deployments,
    ...(o.specs ? { specs: o.specs } : {}),
    ...(ctx.callerArn ? { callerArn: ctx.callerArn } : {}),
    ...(o.disableAutoDeploy ? { disableAutoDeploy: true } : {}),
  };
}

function withWarnings(plan: StageMovePlan, ctx: StageContext): StageMovePlan {
  plan.warnings.push(...ctx.warnings);
  return plan;
}

/** Reads and plans `to` ← the deployment `from` runs: GetApi (or the listing), GetStages, GetDeployment × 2. */
export async function preparePromotion(
  session: AwsSession,
  o: PlanOptions & { api: string | LiveApi; from: string; to: string; signal?: AbortSignal },
): Promise<StageMovePlan> {
  const ctx = await readStages(session, o.api, o.signal);
  const source = stageNamed(ctx.stages, o.from, ctx.api);
  const target = stageNamed(ctx.stages, o.to, ctx.api);
  await readDeployments(session, ctx, [source.DeploymentId, target.DeploymentId], o.signal);
  return withWarnings(planPromotion(inputsOf(ctx, o), o.from, o.to), ctx);
}

/** Reads and plans a rollback of `stage` to `to`, or to what it ran before its last promotion or deploy. */
export async function prepareRollback(
  session: AwsSession,
  o: PlanOptions & { api: string | LiveApi; stage: string; to?: string; signal?: AbortSignal },
): Promise<StageMovePlan> {
  const ctx = await readStages(session, o.api, o.signal);
  const target = stageNamed(ctx.stages, o.stage, ctx.api);
  const view = stageHistory(target.Tags, target.DeploymentId);
  await readDeployments(session, ctx, [target.DeploymentId, o.to ?? view.previous?.deploymentId], o.signal);
  if (o.to === undefined) await readRollbackTarget(session, ctx, target, o.signal);
  return withWarnings(planRollback(inputsOf(ctx, o), o.stage, o.to), ctx);
}

/**
 * Reads the deployments a default rollback may return to, newest first, until the target is known to run other
 * content than the current deployment: one GetDeployment per step, and one more per twin passed over.
 */
export async function readRollbackTarget(
  session: AwsSession,
  ctx: StageContext,
  target: PromoteStage,
  signal?: AbortSignal,
): Promise<void> {
  for (;;) {
    const view = stageHistory(target.Tags, target.DeploymentId, deploymentContent(ctx.deployments, ctx.stages));
    const next = view.previous?.deploymentId;
    if (!next || ctx.deployments.has(next)) return;
    await readDeployments(session, ctx, [next], signal);
  }
}

export function planRollbackFrom(
  ctx: StageContext,
  stage: string,
  to: string | undefined,
  o: PlanOptions = {},
): StageMovePlan {
  return withWarnings(planRollback(inputsOf(ctx, o), stage, to), ctx);
}

export interface ApplyStageMoveOptions {
  /** The stage name the user typed (protected stages). */
  confirmedStage?: string;
  now?: () => Date;
  /** Cancels the checks before the update; the update itself is one call and is not interrupted. */
  signal?: AbortSignal;
}

/**
 * Applies a plan: re-reads the target and stops if it changed since the plan (saying who or what changed it, as far
 * as AWS tells), points it at the new deployment (the SDK retries 429 and 5xx), and records the history entry. A
 * failed update is checked by reading the stage again: unchanged, it says so; changed after all (the answer was
 * lost), it goes on as a success.
 */
export async function applyStageMove(
  session: AwsSession,
  plan: StageMovePlan,
  o: ApplyStageMoveOptions = {},
): Promise<StageMoveOutcome> {
  if (plan.noop) throw new WorkbenchError('BadRequest', plan.noop);
  checkStageMove(plan, o.confirmedStage);
  const apigw = session.apigw;
  const { id: apiId, region } = plan.api;
  const stage = plan.stage;
  const verb = plan.kind === 'promote' ? 'promotion' : 'rollback';
  let fresh: PromoteStage = await apigw.getStage(apiId, stage, o.signal);
  const race = detectRace(plan, fresh);
  if (race) {
    throw new WorkbenchError('Conflict', `${race} Nothing was changed by this ${verb}.`, {
      hint: `Run ${plan.kind === 'promote' ? 'Promote Stage' : 'Roll Back Stage'} again to see ${stage} as it is now.`,
    });
  }
  if (o.signal?.aborted) throw new CancelledError();
  const warnings: string[] = [...plan.warnings];
  const at = new Date(Math.floor((o.now ?? (() => new Date()))().getTime() / 1000) * 1000);
  try {
    await apigw.updateStage(apiId, stage, {
      DeploymentId: plan.next.id,
      ...(plan.disableAutoDeploy ? { AutoDeploy: false } : {}),
    });
  } catch (err) {
    const e = isWorkbenchError(err) ? err : new WorkbenchError('Unknown', describeError(err), { cause: err });
    let after: PromoteStage;
    try {
      after = await apigw.getStage(apiId, stage);
    } catch {
      throw new WorkbenchError(
        e.code,
        `The ${verb} of ${stage} failed: ${e.message} Could not read ${stage} afterwards to tell whether it changed: check it in the explorer before trying again.`,
        { ...(e.hint ? { hint: e.hint } : {}), cause: err },
      );
    }
    if (after.DeploymentId !== plan.next.id) {
      const now =
        after.DeploymentId === plan.current?.id
          ? `${stage} still runs deployment ${after.DeploymentId ?? '(none)'}: nothing was changed.`
          : `${stage} now runs deployment ${after.DeploymentId ?? '(none)'}, set by someone else meanwhile; this ${verb} changed nothing.`;
      throw new WorkbenchError(e.code, `The ${verb} of ${stage} failed: ${e.message} ${now}`, {
        hint: e.hint ?? 'Try again in a moment.',
        cause: err,
      });
    }
    warnings.push(
      `UpdateStage reported a failure (${e.message}), but ${stage} runs ${plan.next.id}: the change was applied.`,
    );
    fresh = after;
  }
  const by = callerName(plan.callerArn);
  // The tags as just read: the entry goes into the next free (or oldest) slot of what is there now.
  const recorded = await recordStageHistory(
    apigw,
    { region, apiId, stageName: stage, ...(fresh.Tags ? { tags: fresh.Tags } : {}) },
    { ...plan.entry, at, ...(by ? { by } : {}) },
  );
  if (recorded.warning)
    warnings.push(
      `${recorded.warning} The ${verb} stands; a later rollback sees it as a change made outside API Gateway Workbench.`,
    );
  return { plan, at, ...(by ? { by } : {}), historyRecorded: Boolean(recorded.entry), warnings };
}

// ---- clean-up --------------------------------------------------------------------------------------------------

/** Reads stages and every deployment, and plans which deployments may go. */
export async function prepareCleanup(
  session: AwsSession,
  api: string | LiveApi,
  keep: number,
  signal?: AbortSignal,
): Promise<CleanupPlan> {
  const ctx = await readStages(session, api, signal);
  await readDeployments(session, ctx, 'all', signal);
  return planCleanup(
    ctx.api,
    ctx.region,
    ctx.stages,
    [...ctx.deployments.values()].filter((d): d is PromoteDeployment => Boolean(d)),
    keep,
  );
}

export interface CleanupResult {
  deleted: string[];
  /** Left in place: a stage started running it, or a history entry named it, since the plan was read. */
  skipped: Array<{ id: string; reason: string }>;
  failed: Array<{ id: string; message: string }>;
  cancelled: boolean;
}

/**
 * Deletes the plan's deployments, paced like every API Gateway call. The stages are read once more first: a
 * deployment a stage (or its history) took up meanwhile is skipped. Cancelling stops before the next delete.
 */
export async function applyCleanup(
  session: AwsSession,
  plan: CleanupPlan,
  o: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; concurrency?: number } = {},
): Promise<CleanupResult> {
  const apigw = session.apigw;
  const result: CleanupResult = { deleted: [], skipped: [], failed: [], cancelled: false };
  const stages = await all(
    apigw.stages(plan.api.id, { pageSize: PROMOTE_PAGE_SIZE, ...(o.signal ? { signal: o.signal } : {}) }),
  );
  const again = planCleanup(
    { ApiId: plan.api.id, Name: plan.api.name },
    plan.api.region,
    stages,
    plan.remove.map((d) => ({ DeploymentId: d.id, ...(d.createdDate ? { CreatedDate: d.createdDate } : {}) })),
    0,
  );
  const still = new Set(again.remove.map((d) => d.id));
  const queue: string[] = [];
  for (const d of plan.remove) {
    if (still.has(d.id)) queue.push(d.id);
    else
      result.skipped.push({
        id: d.id,
        reason: again.kept.running.includes(d.id) ? 'a stage runs it now' : 'a stage history names it now',
      });
  }
  let done = 0;
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (o.signal?.aborted) {
        result.cancelled = true;
        return;
      }
      try {
        await apigw.deleteDeployment(plan.api.id, id);
        result.deleted.push(id);
      } catch (err) {
        if (isWorkbenchError(err) && err.code === 'NotFound') result.deleted.push(id);
        else if (isWorkbenchError(err) && err.code === 'BadRequest') result.skipped.push({ id, reason: err.message });
        else result.failed.push({ id, message: describeError(err) });
      }
      o.onProgress?.(++done, plan.remove.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
  if (o.signal?.aborted && queue.length) result.cancelled = true;
  return result;
}
