// Executes a plan: one mutating call per changed resource, in dependency order — VPC links, authorizers and
// integrations before routes, stages after routes, deletes in reverse. Calls go through the session's pacer and the
// SDK's retries; on top of those, a change that still fails with throttling or a server error is tried again, and a
// create whose answer was lost is looked up before it is made again, so faults never leave a duplicate. Cancellation
// stops starting calls; the calls in flight finish, and the report says what was applied and what was not.
//
// The parts: the order and the gates are pure (src/core/deploy/schedule.ts); run.ts holds one apply's state,
// retry.ts the tries and the look-before-re-create, executors.ts one executor per kind of change, deployment.ts the
// deployment and its history entry.
import { WorkbenchError } from '../../core/errors';
import type { Change, Plan } from '../../core/deploy/plan';
import type { ApplyReport } from '../../core/deploy/report';
import { applyPhases, applyReport, blockedBy } from '../../core/deploy/schedule';
import type { ApiGatewayAdapter } from '../apigateway';
import { makeDeployment } from './deployment';
import { executeChange } from './executors';
import { ApplyRun, type ApplyOptions } from './run';

export type { ApplyOptions, ApplyProgress } from './run';

/** Refuses a plan that must not run as it is: blocked, an unconfirmed adoption, a protected stage not typed. */
export function checkApplicable(plan: Plan, o: Pick<ApplyOptions, 'adopt' | 'confirmedStages'>): void {
  if (plan.blocked.length) {
    throw new WorkbenchError('Conflict', `The plan for ${plan.apiName} cannot be applied: ${plan.blocked.join(' ')}`);
  }
  if (plan.api.status === 'adopt' && !o.adopt) {
    throw new WorkbenchError(
      'Conflict',
      `An API named ${plan.apiName} already exists in ${plan.region} (${plan.api.id}) and was not deployed from a spec. Deploy changes it only after you confirm adopting it.`,
      { hint: 'Confirm the adoption when asked (apigw deploy --adopt).' },
    );
  }
  const missing = plan.protectedStages.filter((s) => !(o.confirmedStages ?? []).includes(s));
  if (missing.length) {
    const one = missing.length === 1;
    throw new WorkbenchError(
      'Conflict',
      `Stage${one ? '' : 's'} ${missing.join(', ')} ${one ? 'is' : 'are'} protected: the plan changes ${one ? 'it' : 'them'} only after you type ${one ? 'its name' : 'their names'}.`,
      { hint: `Type the stage name when asked (apigw deploy --confirm-stage ${missing[0]}).` },
    );
  }
}

export async function applyPlan(apigw: ApiGatewayAdapter, plan: Plan, o: ApplyOptions = {}): Promise<ApplyReport> {
  checkApplicable(plan, o);
  const run = new ApplyRun(apigw, plan, o);
  // Each phase waits for the one before; within one, up to `concurrency` changes are in flight.
  for (const phase of applyPhases(plan.changes)) {
    await pool(
      phase,
      o.concurrency ?? 4,
      () => run.stopped(),
      (c) => runChange(run, c),
      (c) => run.notStarted(c),
    );
  }
  const cancelledChanges = run.stopped() && run.results.some((r) => r.status === 'cancelled');
  const deployment = plan.deployment?.needed ? await makeDeployment(run, plan.deployment) : undefined;
  return applyReport({
    plan,
    ...(run.apiId ? { apiId: run.apiId } : {}),
    ...(run.apiEndpoint ? { apiEndpoint: run.apiEndpoint } : {}),
    results: run.results,
    ...(deployment ? { deployment } : {}),
    warnings: run.warnings,
    cancelledChanges,
    stopped: run.stopped(),
  });
}

/** One change, unless something it needs did not happen. */
async function runChange(run: ApplyRun, c: Change): Promise<void> {
  const why = blockedBy(c, run.failed, run.plan.apiName);
  if (why) run.skip(c, why);
  else await run.apply(c, (count) => executeChange(run, c, count));
}

/** Runs `fn` over `items` with at most `limit` at once, starting none after `stop()` turns true (those get `skip`). */
async function pool<T>(
  items: T[],
  limit: number,
  stop: () => boolean,
  fn: (item: T) => Promise<void>,
  skip: (item: T) => void,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      if (stop()) skip(item);
      else await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
