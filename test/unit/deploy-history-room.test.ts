// A stage's tags and its history within AWS's 50 tags per resource, through the whole pipeline against the local AWS
// service (which refuses a 51st tag, as API Gateway does) and the real SDK: the history entries give way, oldest
// first, to the tags the spec gives the stage; the deployment's own entry is written into what is left; a spec whose
// tags alone take the 50 is refused at plan.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { applyPlan, planDeploy } from '../../src/aws/deploy';
import { prepareRollback } from '../../src/aws/promote';
import type { AwsSession } from '../../src/aws/session';
import { renderPlan } from '../../src/core/deploy/render';
import { renderReport } from '../../src/core/deploy/report';
import { decodeHistory } from '../../src/core/history';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { deploy, lastSeq, mutatingCalls, parseSpec } from './deployHelpers';

const REGION = 'eu-west-1';

/** A spec whose stage prod has `n` tags of its own, and whose route's operation name marks a release. */
function spec(n: number, release: number, o: { protected?: boolean } = {}) {
  return parseSpec(
    JSON.stringify({
      version: 1,
      api: { name: 'tag-room', protocol: 'HTTP' },
      integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn' } },
      routes: { 'GET /items': { integration: 'fn', operationName: `release${release}` } },
      stages: {
        prod: {
          ...(o.protected ? { protected: true } : {}),
          tags: Object.fromEntries(Array.from({ length: n }, (_v, i) => [`tag${i}`, 'v'])),
        },
      },
    }),
    'tag-room.apigw.json',
  );
}

describe("deploy: a stage's tags and its history within AWS's 50", () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });
  let session: AwsSession;
  beforeEach(() => {
    session = sessions.session();
  });

  const prod = () => {
    const api = [...aws.regionState(REGION).apis.values()].find((a) => a.api.name === 'tag-room')!;
    return api.stages.get('prod')! as { tags: Record<string, string>; deploymentId: string };
  };

  /** 40 tags of its own and ten releases recorded: the stage holds its 50 tags. */
  const fullStage = async () => {
    for (let release = 1; release <= 10; release++) {
      const { report } = await deploy(session, spec(40, release), { stage: 'prod' });
      assert.ok(report.ok, renderReport(report));
    }
    assert.equal(Object.keys(prod().tags).length, 50);
    assert.equal(decodeHistory(prod().tags).length, 10);
  };

  it('five more tags: the five oldest entries give way before the tags are set, the release is recorded in what is left, then an empty plan', async () => {
    await fullStage();
    const before = decodeHistory(prod().tags);
    const next = spec(45, 11);
    const since = await lastSeq(aws);
    const { planned, report } = await deploy(session, next, { stage: 'prod' });
    const text = renderPlan(planned.plan);
    assert.match(text, /^~ stage prod \(the 5 oldest history entries give way to its tags, to stay within AWS's 50: /m);
    assert.ok(report.ok, renderReport(report));
    assert.equal(report.deployment?.historyRecorded, true);
    assert.deepEqual(report.warnings, []);
    const calls = await mutatingCalls(aws, since);
    assert.deepEqual(
      calls.map((c) => c.operation),
      ['UpdateRoute', 'UntagResource', 'TagResource', 'CreateDeployment', 'TagResource'],
    );
    // The entries go first (UntagResource), then the five tags: the stage never holds more than 50.

    const tags = prod().tags;
    assert.equal(Object.keys(tags).length, 50);
    const history = decodeHistory(tags);
    assert.deepEqual(
      history.map((e) => e.deploymentId),
      [report.deployment!.deploymentId, ...before.slice(0, 4).map((e) => e.deploymentId)],
      'the newest entries are kept',
    );
    assert.equal(prod().deploymentId, report.deployment!.deploymentId);

    const again = await planDeploy(session, next, { stage: 'prod' });
    assert.deepEqual(again.plan.changes, [], renderPlan(again.plan));
    assert.equal(again.plan.deployment?.needed, false);
    // The history still tells a rollback where to go: the release before.
    const rollback = await prepareRollback(session, { api: report.apiId!, stage: 'prod' });
    assert.equal(rollback.next.id, before[0]!.deploymentId);
  });

  it('tags that leave no room for one entry are refused at plan, and nothing is changed', async () => {
    await fullStage();
    const { plan } = await planDeploy(session, spec(49, 11, { protected: true }), { stage: 'prod' });
    assert.match(
      plan.blocked.join('\n'),
      /^Stage prod: its own tags would be 50 \(the spec's 49, apigw:protected\), and AWS allows 50 per stage: no room is left for even one entry of the history/m,
    );
    const since = await lastSeq(aws);
    await assert.rejects(applyPlan(session.apigw, plan, { confirmedStages: ['prod'] }), /cannot be applied/);
    assert.deepEqual(await mutatingCalls(aws, since), []);
    // One tag fewer: one entry fits, and deploy keeps it.
    const { report } = await deploy(session, spec(48, 11, { protected: true }), { stage: 'prod' });
    assert.ok(report.ok, renderReport(report));
    assert.equal(Object.keys(prod().tags).length, 50);
    assert.deepEqual(
      decodeHistory(prod().tags).map((e) => e.deploymentId),
      [report.deployment!.deploymentId],
    );
    const again = await planDeploy(session, spec(48, 11, { protected: true }), { stage: 'prod' });
    assert.deepEqual(again.plan.changes, []);
    assert.equal(again.plan.deployment?.needed, false);
  });
});
