// Issue 6 figures: a promotion (prepare, race check, update, history entry) and a deployment clean-up against the
// local AWS service with 20 ms added to every call and AWS's 10 req/s burst 40 on the service, through the shipped
// dist/aws.js. Baselines in the same process, through the same SDK clients:
//  - promotion: a script that reads what a promotion shows the way the AWS CLI pages (the API listing, the stages,
//    every deployment for dates and descriptions, the target's tags), then updates the stage and tags it;
//  - clean-up: the same deletes sent 8 at a time without the client's pacer (what a shell loop with xargs -P does).
import path from 'node:path';
import type * as AwsBundle from '../../src/aws/bundle';
import { REPO_ROOT } from '../support/codeServer';
import { testConnection } from '../localaws/connection';
import { LocalAws } from '../localaws/server';
import { manyApis, ordersApi, type SeedFile } from '../localaws/seed';
import { median, printSection } from './report';

const REGION = 'us-east-1';
const RUNS = 5;
const CREDENTIALS = async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'secret' });

/** orders-api with 10 stages (each with a full history ring), `deployments` deployments, among 120 other APIs. */
function account(deployments: number): SeedFile {
  const refs = Array.from({ length: deployments }, (_v, i) => ({
    ref: `d${i}`,
    description: `release ${i}`,
    createdDate: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
  }));
  const stages = Array.from({ length: 10 }, (_v, s) => {
    const tags: Record<string, string> = {};
    for (let k = 0; k < 10; k++) tags[`apigw:history:${k}`] = `seq=${k} to=PLACEHOLDER${s}x${k} act=promote by=bench`;
    return { stageName: s === 0 ? 'dev' : s === 1 ? 'prod' : `stage${s}`, deployment: `d${deployments - 1 - s}`, tags };
  });
  return { apis: [...manyApis(120), ordersApi({ deployments: refs, stages })] };
}

export async function bench(): Promise<void> {
  const aws = require(path.join(REPO_ROOT, 'dist', 'aws.js')) as typeof AwsBundle;
  const local = await LocalAws.start({ config: { latencyMs: 20 } });
  const conn = () => testConnection(local.endpoint, { profile: 'bench', region: REGION });
  const apigwCalls = async (since: number) => (await local.calls({ service: 'apigateway', since })).length;
  const last = async () => (await local.calls()).at(-1)?.seq ?? 0;
  try {
    // ---- promotion -------------------------------------------------------------------------------------------
    await local.reset(account(300));
    const rec = [...local.regionState(REGION).apis.values()].find((a) => a.api.name === 'orders-api')!;
    const apiId = rec.api.apiId as string;
    const prodWas = rec.stages.get('prod')!.deploymentId;
    const ours: number[] = [];
    const oursCalls: number[] = [];
    const base: number[] = [];
    const baseCalls: number[] = [];
    const pool = new aws.SessionPool({ credentials: CREDENTIALS });
    const session = pool.get(conn());
    await session.callerIdentity();
    for (let i = 0; i < RUNS; i++) {
      rec.stages.get('prod')!.deploymentId = prodWas;
      await new Promise((r) => setTimeout(r, 1_500)); // a quiet spell: the service's bucket and the pacer refill
      let since = await last();
      let t = performance.now();
      const plan = await aws.promote.preparePromotion(session, { api: 'orders-api', from: 'dev', to: 'prod' });
      await aws.promote.applyStageMove(session, plan);
      ours.push(performance.now() - t);
      oursCalls.push(await apigwCalls(since));

      rec.stages.get('prod')!.deploymentId = prodWas;
      await new Promise((r) => setTimeout(r, 1_500));
      since = await last();
      t = performance.now();
      const apigw = session.apigw;
      const apis = await aws.all(apigw.apis());
      const id = apis.find((a) => a.Name === 'orders-api')!.ApiId!;
      const stages = await aws.all(apigw.stages(id));
      await aws.all(apigw.deployments(id));
      const arn = `arn:aws:apigateway:${REGION}::/apis/${id}/stages/prod`;
      await apigw.getTags(arn);
      await apigw.updateStage(id, 'prod', { DeploymentId: stages.find((s) => s.StageName === 'dev')!.DeploymentId! });
      await apigw.tagResource(arn, { 'apigw:history:0': 'seq=11 to=x act=promote' });
      base.push(performance.now() - t);
      baseCalls.push(await apigwCalls(since));
    }
    pool.clear();
    if (apiId !== rec.api.apiId) throw new Error('the API changed under the bench');

    // ---- clean-up --------------------------------------------------------------------------------------------
    const cleanup = async (paced: boolean) => {
      await local.reset(account(130));
      const p = new aws.SessionPool({
        credentials: CREDENTIALS,
        ...(paced ? {} : { pacing: { rate: 10_000, burst: 10_000, perOperation: {} } }),
      });
      const s = p.get(conn());
      const plan = await aws.promote.prepareCleanup(s, 'orders-api', 10);
      await new Promise((r) => setTimeout(r, 1_500));
      const since = await last();
      const t = performance.now();
      const result = await aws.promote.applyCleanup(s, plan, { concurrency: paced ? 4 : 8 });
      const ms = performance.now() - t;
      const calls = await local.calls({ service: 'apigateway', since });
      p.clear();
      return {
        ms,
        deleted: result.deleted.length,
        failed: result.failed.length,
        planned: plan.remove.length,
        throttled: calls.filter((c) => c.status === 429).length,
        calls: calls.length,
      };
    };
    const paced = await cleanup(true);
    const unpaced = await cleanup(false);

    printSection(
      `Promotion and clean-up (issue 6): 300 deployments, 10 stages with full history, 121 APIs; 20 ms per call, AWS 10 req/s burst 40; median of ${RUNS} runs`,
      [
        {
          figure: 'time of a promotion, prepared to recorded',
          value: median(ours),
          unit: 'ms',
          baseline: 'script: list APIs, stages, deployments, get tags, update, tag',
          baselineValue: median(base),
          note: `ours: GetApis, GetStages, 2 GetDeployment in parallel, the race check (GetStage), UpdateStage, TagResource (the oldest history slot is overwritten) = ${median(oursCalls)} calls; the script makes ${median(baseCalls)} (its listings page at the service's default 25) and has no race check.`,
        },
        {
          figure: 'API Gateway calls per promotion',
          value: median(oursCalls),
          unit: 'calls',
          baseline: 'the script above',
          baselineValue: median(baseCalls),
          note: 'Target: a fixed number of calls, whatever the number of deployments (calls = pages only for the API listing).',
        },
        {
          figure: `time to delete ${paced.planned} deployments`,
          value: paced.ms,
          unit: 'ms',
          baseline: 'the same deletes 8 at a time, unpaced',
          baselineValue: unpaced.ms,
          note: `paced: ${paced.deleted} deleted, ${paced.failed} failed, ${paced.throttled} throttled answers in ${paced.calls} calls; unpaced: ${unpaced.deleted} deleted, ${unpaced.failed} failed, ${unpaced.throttled} throttled answers in ${unpaced.calls} calls. Target: no throttled answer, nothing failed.`,
        },
        {
          figure: 'throttled answers (429) during the clean-up',
          value: paced.throttled,
          unit: 'answers',
          baseline: 'unpaced, 8 at a time',
          baselineValue: unpaced.throttled,
        },
      ],
    );
  } finally {
    await local.close();
  }
}
