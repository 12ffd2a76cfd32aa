// The deployment step at the end of an apply: CreateDeployment with the stage name (which points the stage at it),
// looked up by its description when the answer is lost, then the entry in the stage's history (src/aws/history.ts).
// It is made only when every change was applied and nothing was cancelled (src/core/deploy/schedule.ts).
import { callerName, deploymentDescription } from '../../core/history';
import type { DeploymentStep } from '../../core/deploy/plan';
import type { DeploymentResult } from '../../core/deploy/report';
import { deploymentBlocked, stageTagsAfter } from '../../core/deploy/schedule';
import { recordStageHistory } from '../history';
import { errorMessage, findListed } from './retry';
import type { ApplyRun } from './run';

export async function makeDeployment(run: ApplyRun, step: DeploymentStep): Promise<DeploymentResult> {
  const planned: DeploymentResult = { stage: step.stage, ...(step.current ? { previous: step.current } : {}) };
  const blocked = deploymentBlocked(run.results, run.stopped());
  if (blocked) return { ...planned, error: blocked };
  try {
    const apiId = run.needApi();
    const at = run.now();
    const by = callerName(run.options.callerArn);
    run.progress(`deployment → stage ${step.stage}`);
    const made: DeploymentResult = step.record
      ? {
          stage: step.stage,
          deploymentId: step.record.deploymentId,
          ...(step.record.previous ? { previous: step.record.previous } : {}),
          reused: true,
        }
      : {
          ...planned,
          ...(await createDeployment(run, apiId, step.stage, {
            apiName: run.plan.apiName,
            hash: run.plan.hash,
            at,
            ...(by ? { by } : {}),
          })),
        };
    run.stepDone();
    run.log(`deployment ${made.deploymentId} → stage ${step.stage}${made.reused ? ' (recorded, not created)' : ''}`);
    const recorded = await recordStageHistory(
      run.apigw,
      { region: run.plan.region, apiId, stageName: step.stage, tags: stageTagsAfter(run.plan, step.stage) },
      {
        deploymentId: made.deploymentId!,
        ...(made.previous ? { previous: made.previous } : {}),
        at,
        ...(by ? { by } : {}),
        action: 'deploy',
        hash: run.plan.hash,
      },
    );
    if (recorded.warning) run.warnings.push(recorded.warning);
    return { ...made, historyRecorded: Boolean(recorded.entry) };
  } catch (err) {
    const error = errorMessage(err);
    run.log(`deployment → stage ${step.stage}: failed: ${error}`);
    return { ...planned, error };
  }
}

/** CreateDeployment with the stage name; a lost answer is found again by the description. */
async function createDeployment(
  run: ApplyRun,
  apiId: string,
  stage: string,
  about: Parameters<typeof deploymentDescription>[0],
): Promise<{ deploymentId: string; description: string }> {
  const description = deploymentDescription(about);
  const deploymentId = await run.create(() => undefined, {
    make: async () =>
      (await run.apigw.createDeployment(apiId, { StageName: stage, Description: description })).DeploymentId!,
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.deployments(apiId, o),
          (d) => d.Description === description,
        )
      )?.DeploymentId,
  });
  return { deploymentId, description };
}
