// Promotion, rollback and clean-up against the local AWS service through the real SDK: the history is read back
// from AWS by a fresh session after every step; auto-deploy, protection, races, faults and clean-up.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  applyCleanup,
  applyStageMove,
  prepareCleanup,
  preparePromotion,
  prepareRollback,
  readApiStages,
  listStages,
  readDeployments,
  readStages,
  planRollbackFrom,
} from '../../src/aws/promote';
import { recordStageHistory } from '../../src/aws/history';
import type { AwsSession } from '../../src/aws/session';
import { stageHistory, type LineageStep } from '../../src/core/history';
import { rollbackChoices, specFacts } from '../../src/core/promote';
import { WorkbenchError } from '../../src/core/errors';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { ordersApi } from '../localaws/seed';
import { lastSeq, mutatingCalls } from './deployHelpers';

const REGION = 'us-east-1';
const BOB = async () => ({ accessKeyId: 'AKIDBOBTEAMMATE', secretAccessKey: 'secret' });

describe('promotion and rollback against AWS', () => {
  const aws = useLocalAws({
    reset: () => ({
      identities: {
        AKIDBOBTEAMMATE: { arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/bob', userId: 'AROABOB:bob' },
      },
      apis: [ordersApi()],
    }),
  });
  const sessions = useTestSessions(aws);
  let session: AwsSession;
  let apiId: string;

  /** A session that knows nothing of earlier ones: what another machine, or a restart, sees. */
  const freshSession = () => sessions.session({});
  const state = () => [...aws.regionState(REGION).apis.values()].find((a) => a.api.apiId === apiId)!;
  const runs = (stage: string) => state().stages.get(stage)!.deploymentId as string;
  /** A new deployment on dev, as a deploy (or the console) would make it. */
  const deployDev = async (description: string) =>
    (await session.apigw.createDeployment(apiId, { StageName: 'dev', Description: description })).DeploymentId!;
  const step = (s: LineageStep) =>
    `${s.deploymentId}${s.entry ? `:${s.entry.action}` : ''}${s.outside ? ':outside' : ''}`;
  async function historyOf(stage: string) {
    const s = await freshSession().apigw.getStage(apiId, stage);
    return stageHistory(s.Tags, s.DeploymentId);
  }

  beforeEach(() => {
    session = sessions.session();
    apiId = [...aws.regionState(REGION).apis.values()][0]!.api.apiId;
  });

  it("records the promotion beside 47 tags of the stage's own and CloudFormation's aws: tags, which AWS does not count", async () => {
    const prod = state().stages.get('prod')!;
    prod.tags = {
      ...Object.fromEntries(Array.from({ length: 47 }, (_v, i) => [`team${i}`, 'v'])),
      'aws:cloudformation:stack-name': 'orders',
      'aws:cloudformation:stack-id': 'stack',
      'aws:cloudformation:logical-id': 'ProdStage',
    };
    const v2 = await deployDev('release 2');
    const plan = await preparePromotion(session, { api: 'orders-api', from: 'dev', to: 'prod' });
    const outcome = await applyStageMove(session, plan);
    assert.deepEqual(outcome.warnings, []);
    assert.ok(outcome.historyRecorded);
    const h = await historyOf('prod');
    assert.equal(h.entries[0]?.deploymentId, v2);
    assert.equal(Object.keys(state().stages.get('prod')!.tags).length, 51);
  });

  it('promotes, rolls back, rolls back to an older deployment and promotes again; the history in AWS is right after each step', async () => {
    const v1 = runs('prod');
    const v2 = await deployDev('release 2');

    // Promote dev → prod: prod runs v2, and its tags say so, with who.
    let plan = await preparePromotion(session, { api: 'orders-api', from: 'dev', to: 'prod' });
    assert.equal(plan.current?.id, v1);
    assert.equal(plan.next.id, v2);
    assert.equal(plan.next.description, 'release 2');
    assert.deepEqual(
      plan.differences.map((d) => d.label),
      ['stage variable table', 'default throttling', 'route GET /orders'],
    );
    const since = await lastSeq(aws);
    let outcome = await applyStageMove(session, plan);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['UpdateStage', 'TagResource'],
    );
    assert.equal(outcome.by, 'localaws');
    assert.ok(outcome.historyRecorded);
    assert.equal(runs('prod'), v2);
    let h = await historyOf('prod');
    assert.deepEqual(h.lineage.map(step), [v1, `${v2}:promote`]);
    assert.equal(h.entries[0]!.by, 'localaws');
    assert.equal(h.entries[0]!.previous, v1);
    assert.equal(state().stages.get('prod')!.stageVariables.table, 'orders', 'promotion moves only the deployment');

    // Roll back: prod returns to v1.
    plan = await prepareRollback(session, { api: apiId, stage: 'prod' });
    assert.equal(plan.next.id, v1);
    assert.equal(plan.undoes?.entry?.action, 'promote');
    await applyStageMove(session, plan);
    assert.equal(runs('prod'), v1);
    h = await historyOf('prod');
    assert.deepEqual(h.lineage.map(step), [v1]);
    assert.deepEqual(
      h.entries.map((e) => `${e.action} ${e.previous}→${e.deploymentId}`),
      [`rollback ${v2}→${v1}`, `promote ${v1}→${v2}`],
    );

    // A third release on dev, promoted; then a rollback to the older v2, picked from the list.
    const v3 = await deployDev('release 3');
    await applyStageMove(session, await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' }));
    assert.equal(runs('prod'), v3);
    const ctx = await readDeployments(session, await readStages(session, apiId), 'all');
    const choices = rollbackChoices(ctx.stages, 'prod', ctx.deployments, ctx.api);
    assert.deepEqual(
      choices.map((c) => `${c.deployment.id}${c.previous ? ' (previous)' : ''}${c.ranBefore ? ' ran' : ''}`),
      [`${v1} (previous) ran`, `${v2} ran`],
    );
    plan = planRollbackFrom(ctx, 'prod', v2);
    await applyStageMove(session, plan);
    assert.equal(runs('prod'), v2);
    h = await historyOf('prod');
    assert.deepEqual(h.lineage.map(step), [v1, `${v3}:promote`, `${v2}:rollback`]);
    assert.equal(h.previous?.deploymentId, v3);

    // Promote again: prod runs what dev runs.
    await applyStageMove(session, await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' }));
    assert.equal(runs('prod'), v3);

    // A restart (fresh sessions, nothing in memory) and a teammate on another machine read the same history.
    h = await historyOf('prod');
    assert.deepEqual(
      h.entries.map((e) => `${e.action} ${e.previous}→${e.deploymentId}`),
      [
        `promote ${v2}→${v3}`,
        `rollback ${v3}→${v2}`,
        `promote ${v1}→${v3}`,
        `rollback ${v2}→${v1}`,
        `promote ${v1}→${v2}`,
      ],
    );
    assert.deepEqual(h.lineage.map(step), [v1, `${v3}:promote`, `${v2}:rollback`, `${v3}:promote`]);
    const bob = sessions.session({ credentials: BOB });
    const back = await prepareRollback(bob, { api: 'orders-api', stage: 'prod' });
    assert.equal(back.next.id, v2);
    outcome = await applyStageMove(bob, back);
    assert.equal(outcome.by, 'Deployer/bob');
    assert.equal((await historyOf('prod')).entries[0]!.by, 'Deployer/bob');
  });

  it('after a promotion made without the tool, rollback returns to the deployment the history last recorded', async () => {
    const v1 = runs('prod');
    const v2 = await deployDev('release 2');
    await applyStageMove(session, await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' }));
    const v3 = await deployDev('release 3');
    // Someone points prod at v3 in the console.
    await freshSession().apigw.updateStage(apiId, 'prod', { DeploymentId: v3 });
    const plan = await prepareRollback(session, { api: apiId, stage: 'prod' });
    assert.equal(plan.history.outsideChange, true);
    assert.equal(plan.next.id, v2);
    await applyStageMove(session, plan);
    const h = await historyOf('prod');
    assert.equal(h.entries[0]!.previous, v3, 'the entry records what the stage really ran');
    assert.deepEqual(h.lineage.map(step), [v1, `${v2}:promote`]);
    assert.equal(h.previous?.deploymentId, v1);
  });

  it('rollback passes over a twin: a deployment of the same content as the current one, left by an interrupted deploy', async () => {
    const v1 = runs('prod');
    const stage = { region: REGION, apiId, stageName: 'prod' };
    await recordStageHistory(session.apigw, stage, { deploymentId: v1, action: 'deploy', hash: '111111111111' });
    // A deploy of release 2 that stopped before its history entry, then a re-run by a version that did not look and
    // made a second deployment of the same content: the state issue 11 (item 6) found.
    const described = (at: string) => `apigw deploy of orders-api (spec 222222222222) at ${at} by ci`;
    const make = async (at: string) =>
      (await session.apigw.createDeployment(apiId, { StageName: 'prod', Description: described(at) })).DeploymentId!;
    const twin = await make('2026-03-01T10:00:00.000Z');
    const v2 = await make('2026-03-01T10:05:00.000Z');
    await recordStageHistory(session.apigw, stage, {
      deploymentId: v2,
      previous: twin,
      action: 'deploy',
      hash: '222222222222',
    });
    const since = await lastSeq(aws);
    const plan = await prepareRollback(freshSession(), { api: apiId, stage: 'prod' });
    assert.equal(plan.next.id, v1, 'the release before, not the twin');
    assert.deepEqual(
      plan.history.sameContent.map((s) => s.deploymentId),
      [twin],
    );
    assert.equal(
      (await aws.calls({ since, operation: 'GetDeployment' })).length,
      3,
      'the current, the twin, then the one before it',
    );
    const ctx = await readDeployments(session, await readStages(session, apiId), 'all');
    const choices = rollbackChoices(ctx.stages, 'prod', ctx.deployments, ctx.api);
    assert.deepEqual(
      choices.filter((c) => c.previous).map((c) => c.deployment.id),
      [v1],
    );
    // Chosen by id, the twin is still a valid target.
    assert.equal((await prepareRollback(session, { api: apiId, stage: 'prod', to: twin })).next.id, twin);
    await applyStageMove(session, plan);
    assert.equal(runs('prod'), v1);
  });

  it("reads an API's stages without a tree node: what each runs, its previous deployment, protection by spec or tag", async () => {
    const v1 = runs('prod');
    const v2 = await deployDev('release 2');
    await applyStageMove(session, await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' }));
    const spec = specFacts('orders.apigw.yaml', {
      api: { name: 'orders-api' },
      stages: { prod: { protected: true } },
    })!;
    const since = await lastSeq(aws);
    const read = await readApiStages(freshSession(), 'orders-api', { specs: [spec] });
    assert.deepEqual(
      (await aws.calls({ since })).map((c) => c.operation),
      ['GetApis', 'GetStages'],
      'no STS call, one listing of stages',
    );
    assert.equal(read.api.ApiId, apiId);
    const prod = read.stages.find((s) => s.name === 'prod')!;
    assert.equal(prod.deploymentId, v2);
    assert.equal(prod.history.previous?.deploymentId, v1);
    assert.deepEqual(prod.protection, { by: 'spec', detail: 'orders.apigw.yaml' }, 'protected by its spec alone');
    assert.equal(read.stages.find((s) => s.name === 'dev')!.protection, undefined);
    assert.deepEqual(read.byDeployment.get(v2)?.sort(), ['dev', 'prod']);
    assert.deepEqual(
      (await listStages(session, apiId)).map((s) => s.StageName).sort(),
      read.stages.map((s) => s.name).sort(),
    );
  });

  it('refuses an auto-deploy target with the explanation, and turns auto-deploy off in the same update when asked', async () => {
    const v2 = await deployDev('release 2');
    await session.apigw.updateStage(apiId, 'prod', { AutoDeploy: true });
    const since = await lastSeq(aws);
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    await assert.rejects(
      applyStageMove(session, plan),
      /prod auto-deploys: API Gateway deploys every change of the API to it.*Nothing was changed/,
    );
    assert.deepEqual(await mutatingCalls(aws, since), []);
    const off = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod', disableAutoDeploy: true });
    await applyStageMove(session, off);
    const calls = await mutatingCalls(aws, since);
    assert.deepEqual(
      calls.map((c) => c.operation),
      ['UpdateStage', 'TagResource'],
    );
    assert.deepEqual(
      { ...calls[0]!.params, path: undefined },
      { autoDeploy: false, deploymentId: v2, path: undefined },
    );
    assert.equal(state().stages.get('prod')!.autoDeploy, false);
    assert.equal(runs('prod'), v2);
  });

  it('refuses up front to promote to or roll back the $default stage of a quick-created API: AWS manages it and sets its deployment', async () => {
    const quick = await session.apigw.createApi({
      Name: 'quick-api',
      ProtocolType: 'HTTP',
      Target: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
    });
    const id = quick.ApiId!;
    await session.apigw.createStage(id, { StageName: 'dev' });
    const d = (await session.apigw.createDeployment(id, { StageName: 'dev' })).DeploymentId!;
    const before = (await session.apigw.getStage(id, '$default')).DeploymentId;
    const since = await lastSeq(aws);
    const managed = (err: unknown, verb: string) => {
      assert.ok(err instanceof WorkbenchError);
      assert.equal(err.code, 'BadRequest');
      assert.match(
        err.message,
        new RegExp(
          `^\\$default is managed by API Gateway \\(quick create\\).*cannot be ${verb}.*Nothing was changed\\.$`,
        ),
      );
      assert.match(err.hint ?? '', /stage you create/);
      return true;
    };
    await assert.rejects(
      preparePromotion(session, { api: id, from: 'dev', to: '$default', disableAutoDeploy: true }),
      (err) => managed(err, 'promoted to'),
    );
    await assert.rejects(
      prepareRollback(session, { api: id, stage: '$default', to: d, disableAutoDeploy: true }),
      (err) => managed(err, 'rolled back'),
    );
    assert.deepEqual(await mutatingCalls(aws, since), []);
    assert.equal((await session.apigw.getStage(id, '$default')).DeploymentId, before);
    // Promoting from it is reading only: allowed.
    const fromManaged = await preparePromotion(session, { api: id, from: '$default', to: 'dev' });
    assert.equal(fromManaged.next.id, before);
  });

  it('does not touch a protected stage without its typed name (tag or spec)', async () => {
    await deployDev('release 2');
    const v1 = runs('prod');
    await session.apigw.tagResource(`arn:aws:apigateway:${REGION}::/apis/${apiId}/stages/prod`, {
      'apigw:protected': 'true',
    });
    const since = await lastSeq(aws);
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    await assert.rejects(
      applyStageMove(session, plan),
      /prod is protected \(tag apigw:protected=true\).*Nothing was changed/,
    );
    await assert.rejects(applyStageMove(session, plan, { confirmedStage: 'dev' }), /needs its name typed/);
    assert.deepEqual(await mutatingCalls(aws, since), []);
    assert.equal(runs('prod'), v1);
    const bySpec = await prepareRollback(session, {
      api: apiId,
      stage: 'dev',
      to: v1,
      specs: [{ file: 'orders.apigw.yaml', apiName: 'orders-api', stages: { dev: { protected: true } } }],
    });
    await assert.rejects(
      applyStageMove(session, bySpec),
      /dev is protected \(protected: true in orders\.apigw\.yaml\)/,
    );
    await applyStageMove(session, plan, { confirmedStage: 'prod' });
    assert.notEqual(runs('prod'), v1);
  });

  it('detects a change of the target between the read and the update, and says who made it', async () => {
    const v1 = runs('prod');
    await deployDev('release 2');
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    // A teammate rolls prod to another deployment with the tool meanwhile.
    const v3 = (await session.apigw.createDeployment(apiId, { Description: 'hotfix' })).DeploymentId!;
    const bob = sessions.session({ credentials: BOB });
    await applyStageMove(bob, await prepareRollback(bob, { api: apiId, stage: 'prod', to: v3 }));
    let since = await lastSeq(aws);
    await assert.rejects(applyStageMove(session, plan), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'Conflict');
      assert.match(
        err.message,
        new RegExp(
          `prod ran deployment ${v1} when this promotion was prepared and runs ${v3} now: it was changed by Deployer/bob with API Gateway Workbench \\(rollback at .*\\)\\. Nothing was changed by this promotion\\.`,
        ),
      );
      return true;
    });
    assert.deepEqual(await mutatingCalls(aws, since), []);
    assert.equal(runs('prod'), v3);

    // The same, changed in the console: AWS tells only when.
    const again = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    await freshSession().apigw.updateStage(apiId, 'prod', { DeploymentId: v1 });
    since = await lastSeq(aws);
    await assert.rejects(
      applyStageMove(session, again),
      /runs \w+ now: it was changed outside API Gateway Workbench at .* UTC \(AWS does not say by whom/,
    );
    assert.deepEqual(await mutatingCalls(aws, since), []);
  });

  it('retries throttling and server errors during the update', async () => {
    const v2 = await deployDev('release 2');
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    const retrying = sessions.session({ maxAttempts: 6 });
    await aws.addFaults([
      { operation: 'UpdateStage', kind: 'throttle', times: 1 },
      { operation: 'UpdateStage', kind: 'error', status: 500, times: 1 },
      { operation: 'TagResource', kind: 'throttle', times: 1 },
    ]);
    const since = await lastSeq(aws);
    const outcome = await applyStageMove(retrying, plan);
    assert.ok(outcome.historyRecorded);
    assert.deepEqual(outcome.warnings, []);
    const updates = (await aws.calls({ operation: 'UpdateStage', since })).map((c) => c.status);
    assert.deepEqual(updates, [429, 500, 200]);
    assert.equal(runs('prod'), v2);
    assert.equal((await historyOf('prod')).entries[0]!.deploymentId, v2);
  });

  it('a failed update leaves the stage as it was and says so; an update whose answer was lost goes on as a success', async () => {
    const v1 = runs('prod');
    const v2 = await deployDev('release 2');
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    const ids = await aws.addFaults([{ operation: 'UpdateStage', kind: 'error', status: 500 }]);
    let since = await lastSeq(aws);
    await assert.rejects(
      applyStageMove(session, plan),
      new RegExp(
        `The promotion of prod failed: AWS failed UpdateStage .*HTTP 500.* prod still runs deployment ${v1}: nothing was changed\\.`,
      ),
    );
    assert.equal(runs('prod'), v1);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => `${c.operation} ${c.status}`),
      ['UpdateStage 500', 'UpdateStage 500', 'UpdateStage 500'],
    );
    assert.equal((await historyOf('prod')).entries.length, 0, 'no history entry for a change that did not happen');

    await aws.clearFaults(ids);
    await aws.addFaults([{ operation: 'UpdateStage', kind: 'dropAfter', times: 3 }]);
    since = await lastSeq(aws);
    const outcome = await applyStageMove(session, plan);
    assert.equal(runs('prod'), v2);
    assert.match(
      outcome.warnings.join('\n'),
      /UpdateStage reported a failure .* but prod runs \w+: the change was applied/,
    );
    assert.ok(outcome.historyRecorded);
    assert.equal((await historyOf('prod')).entries[0]!.deploymentId, v2);
    assert.ok((await mutatingCalls(aws, since)).some((c) => c.operation === 'TagResource'));
  });

  it('says nothing needs doing when the target runs the deployment already', async () => {
    const plan = await preparePromotion(session, { api: apiId, from: 'dev', to: 'prod' });
    assert.match(plan.noop!, /prod already runs deployment \w+, the one dev runs/);
    await assert.rejects(applyStageMove(session, plan), /nothing to promote/);
  });
});

describe('deployment clean-up against AWS', () => {
  const aws = useLocalAws();
  const sessions = useTestSessions(aws);

  it('deletes what no stage runs and no history names beyond the newest N, and skips one a stage took up meanwhile', async () => {
    const deployments = Array.from({ length: 14 }, (_v, i) => ({
      ref: `d${i}`,
      description: `release ${i}`,
      createdDate: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    }));
    await aws.reset({
      apis: [
        ordersApi({
          deployments,
          stages: [
            { stageName: 'dev', deployment: 'd13' },
            { stageName: 'prod', deployment: 'd5' },
          ],
        }),
      ],
    });
    const rec = [...aws.regionState(REGION).apis.values()][0]!;
    const apiId = rec.api.apiId as string;
    const idOf = (i: number) =>
      [...rec.deployments.values()].find((d) => d.description === `release ${i}`)!.deploymentId as string;
    const session = sessions.session();
    // prod's history names d4 (what it ran before d5).
    await applyStageMove(session, await prepareRollback(session, { api: apiId, stage: 'prod', to: idOf(4) }));
    await applyStageMove(session, await prepareRollback(session, { api: apiId, stage: 'prod', to: idOf(5) }));

    const plan = await prepareCleanup(session, 'orders-api', 3);
    assert.equal(plan.total, 14);
    assert.deepEqual(plan.kept.running.sort(), [idOf(13), idOf(5)].sort());
    assert.deepEqual(plan.kept.history, [idOf(4)]);
    assert.deepEqual(plan.kept.newest, [idOf(12), idOf(11)]);
    assert.deepEqual(
      plan.remove.map((d) => d.description),
      [0, 1, 2, 3, 6, 7, 8, 9, 10].map((i) => `release ${i}`),
    );

    // dev is pointed at one of them before the clean-up runs.
    await session.apigw.updateStage(apiId, 'dev', { DeploymentId: idOf(7) });
    const progress: number[] = [];
    const result = await applyCleanup(session, plan, { onProgress: (done) => progress.push(done) });
    assert.deepEqual(result.skipped, [{ id: idOf(7), reason: 'a stage runs it now' }]);
    assert.equal(result.deleted.length, 8);
    assert.deepEqual(result.failed, []);
    assert.equal(progress.at(-1), 8);
    const left = [...rec.deployments.values()].map((d) => d.description as string).sort();
    assert.deepEqual(left, ['release 11', 'release 12', 'release 13', 'release 4', 'release 5', 'release 7']);
  });

  it('stops when cancelled, having deleted only what it started', async () => {
    const deployments = Array.from({ length: 8 }, (_v, i) => ({
      description: `r${i}`,
      createdDate: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    }));
    await aws.reset({ apis: [ordersApi({ deployments, stages: [] })] });
    const session = sessions.session();
    const plan = await prepareCleanup(session, 'orders-api', 0);
    assert.equal(plan.remove.length, 8);
    const stop = new AbortController();
    const result = await applyCleanup(session, plan, {
      signal: stop.signal,
      concurrency: 1,
      onProgress: (done) => {
        if (done === 3) stop.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.deleted.length, 3);
    assert.equal([...aws.regionState(REGION).apis.values()][0]!.deployments.size, 5);
  });
});
