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
  const result: DeploymentResult = { stage: step.stage, ...(step.current ? { previous: step.current } : {}) };
  const blocked = deploymentBlocked(run.results, run.stopped());
  if (blocked) return { ...result, error: blocked };
  try {
    const apiId = run.needApi();
    const at = run.now();
    const by = callerName(run.options.callerArn);
    const description = deploymentDescription({
      apiName: run.plan.apiName,
      hash: run.plan.hash,
      at,
      ...(by ? { by } : {}),
    });
    run.progress(`deployment → stage ${step.stage}`);
    const deploymentId = await run.create(() => undefined, {
      make: async () =>
        (await run.apigw.createDeployment(apiId, { StageName: step.stage, Description: description })).DeploymentId!,
      find: async () =>
        (
          await findListed(
            (o) => run.apigw.deployments(apiId, o),
            (d) => d.Description === description,
          )
        )?.DeploymentId,
    });
    result.deploymentId = deploymentId;
    result.description = description;
    run.stepDone();
    run.log(`deployment ${deploymentId} → stage ${step.stage}`);
    const recorded = await recordStageHistory(
      run.apigw,
      { region: run.plan.region, apiId, stageName: step.stage, tags: stageTagsAfter(run.plan, step.stage) },
      {
        deploymentId,
        ...(step.current ? { previous: step.current } : {}),
        at,
        ...(by ? { by } : {}),
        action: 'deploy',
        hash: run.plan.hash,
      },
    );
    result.historyRecorded = Boolean(recorded.entry);
    if (recorded.warning) run.warnings.push(recorded.warning);
  } catch (err) {
    result.error = errorMessage(err);
    run.log(`deployment → stage ${step.stage}: failed: ${result.error}`);
  }
  return result;
}
