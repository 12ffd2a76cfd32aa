// The deploy engine against the local AWS service through the real SDK: create from nothing, update, delete, adopt;
// HTTP and WebSocket; every example; re-runs that change nothing; faults and cancellation that still converge.
import * as assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { applyPlan, planDeploy } from '../../src/aws/deploy';
import { renderPlan } from '../../src/core/deploy/render';
import { LocalAws } from '../localaws/server';
import { connection, deploy, exampleFiles, lastSeq, loadSpec, mutatingCalls, sessionPool } from './deployHelpers';
import type { SessionPool } from '../../src/aws/session';

describe('deploy engine: examples', () => {
  let aws: LocalAws;
  let pool: SessionPool;
  before(async () => {
    aws = await LocalAws.start({ config: { apigatewayRate: null } });
  });
  after(async () => aws.close());
  beforeEach(async () => {
    await aws.reset();
    pool = sessionPool({ maxAttempts: 3 });
  });
  afterEach(() => pool.clear());

  for (const file of exampleFiles()) {
    it(`deploys ${file.split('/').pop()} from nothing, then plans empty and re-runs without a mutating call`, async () => {
      const session = pool.get(connection(aws.endpoint));
      const spec = loadSpec(file);
      const stage = Object.keys(spec.stages ?? {}).find((s) => !spec.stages![s]!.autoDeploy) ?? Object.keys(spec.stages ?? {})[0];
      const { planned, report } = await deploy(session, spec, { stage });
      console.log(renderPlan(planned.plan));
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied'), null, 2) + JSON.stringify(report.deployment));
      const since = await lastSeq(aws);
      const again = await planDeploy(session, spec, { stage });
      console.log(renderPlan(again.plan));
      assert.deepEqual(again.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`), []);
      assert.equal(again.plan.deployment?.needed, false);
      const rerun = await applyPlan(session.apigw, again.plan, { confirmedStages: again.plan.protectedStages });
      assert.ok(rerun.ok);
      assert.deepEqual((await mutatingCalls(aws, since)).map((c) => c.operation), []);
    });
  }
});
