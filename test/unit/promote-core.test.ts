// The pure half of promotion and rollback: the stage history as a lineage a rollback walks back through (with
// changes made outside the workbench), stage differences, protection, the plans, clean-up, and the preview text.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeHistory,
  encodeHistoryEntry,
  historyWrite,
  stageHistory,
  stageLineage,
  HISTORY_SLOTS,
  type HistoryEntry,
} from '../../src/core/history';
import {
  checkStageMove,
  confirmation,
  detectRace,
  isProtected,
  logLine,
  planCleanup,
  planPromotion,
  planRollback,
  renderStageMove,
  rollbackChoices,
  specFacts,
  specsFor,
  stageDifferences,
  stageProtection,
  type PlanInputs,
  type PromoteDeployment,
  type PromoteStage,
} from '../../src/core/promote';

/** Tags holding these entries, written one after another the way every writer adds them (historyWrite). */
function tagsOf(entries: Array<Omit<HistoryEntry, 'seq'>>, base: Record<string, string> = {}): Record<string, string> {
  let tags = { ...base };
  for (const e of entries) {
    const w = historyWrite(tags, e)!;
    tags = { ...tags, ...w.set };
    for (const k of w.remove) delete tags[k];
  }
  return tags;
}

const at = (min: number) => new Date(Date.UTC(2024, 4, 3, 10, min));
const ids = (steps: Array<{ deploymentId: string }>) => steps.map((s) => s.deploymentId);

describe('stage history: lineage and the deployment before the last change', () => {
  it('walks back through promotions, and consecutive rollbacks keep going back', () => {
    const deploy = { deploymentId: 'aaa', action: 'deploy', at: at(0), by: 'ci' };
    const p1 = { deploymentId: 'bbb', previous: 'aaa', action: 'promote', at: at(1), by: 'alice' };
    const p2 = { deploymentId: 'ccc', previous: 'bbb', action: 'promote', at: at(2), by: 'alice' };
    let view = stageHistory(tagsOf([deploy, p1, p2]), 'ccc');
    assert.deepEqual(ids(view.lineage), ['aaa', 'bbb', 'ccc']);
    assert.equal(view.previous?.deploymentId, 'bbb');
    assert.equal(view.last?.entry?.by, 'alice');
    assert.equal(view.outsideChange, false);

    const r1 = { deploymentId: 'bbb', previous: 'ccc', action: 'rollback', at: at(3), by: 'bob' };
    view = stageHistory(tagsOf([deploy, p1, p2, r1]), 'bbb');
    assert.deepEqual(ids(view.lineage), ['aaa', 'bbb']);
    assert.equal(view.previous?.deploymentId, 'aaa', 'a second rollback goes further back, it does not undo the first');

    const r2 = { deploymentId: 'aaa', previous: 'bbb', action: 'rollback', at: at(4) };
    view = stageHistory(tagsOf([deploy, p1, p2, r1, r2]), 'aaa');
    assert.deepEqual(ids(view.lineage), ['aaa']);
    assert.equal(view.previous, undefined);

    const p3 = { deploymentId: 'ddd', previous: 'aaa', action: 'promote', at: at(5) };
    view = stageHistory(tagsOf([deploy, p1, p2, r1, r2, p3]), 'ddd');
    assert.deepEqual(ids(view.lineage), ['aaa', 'ddd']);
    assert.equal(view.previous?.deploymentId, 'aaa');
  });

  it('a rollback to a deployment the stage never ran is a step of its own', () => {
    const tags = tagsOf([
      { deploymentId: 'bbb', previous: 'aaa', action: 'promote' },
      { deploymentId: 'zzz', previous: 'bbb', action: 'rollback' },
    ]);
    const view = stageHistory(tags, 'zzz');
    assert.deepEqual(ids(view.lineage), ['aaa', 'bbb', 'zzz']);
    assert.equal(view.previous?.deploymentId, 'bbb');
  });

  it('sees a change made outside the workbench: the current deployment no entry records, and gaps between entries', () => {
    const tags = tagsOf([{ deploymentId: 'bbb', previous: 'aaa', action: 'promote' }]);
    const view = stageHistory(tags, 'xxx');
    assert.deepEqual(
      view.lineage.map((s) => `${s.deploymentId}${s.outside ? '*' : ''}`),
      ['aaa', 'bbb', 'xxx*'],
    );
    assert.equal(view.outsideChange, true);
    assert.equal(view.previous?.deploymentId, 'bbb', 'rollback returns to the deployment the history last recorded');

    // A later entry whose `from` is not what the history last recorded shows the outside change as a step.
    const later = tagsOf([
      { deploymentId: 'bbb', previous: 'aaa', action: 'promote' },
      { deploymentId: 'yyy', previous: 'xxx', action: 'promote' },
    ]);
    assert.deepEqual(
      stageLineage(decodeHistory(later), 'yyy').map((s) => `${s.deploymentId}${s.outside ? '*' : ''}`),
      ['aaa', 'bbb', 'xxx*', 'yyy'],
    );
  });

  it('has no previous deployment for a stage without history, and does not call its deployment an outside change', () => {
    const view = stageHistory({ team: 'orders' }, 'aaa');
    assert.deepEqual(ids(view.lineage), ['aaa']);
    assert.equal(view.previous, undefined);
    assert.equal(view.outsideChange, false);
  });

  it('keeps working when the ring has dropped the oldest entries', () => {
    const entries = Array.from({ length: HISTORY_SLOTS + 5 }, (_v, i) => ({
      deploymentId: `d${i + 1}`,
      previous: `d${i}`,
      action: 'promote',
    }));
    const tags = tagsOf(entries, { team: 'orders' });
    assert.equal(Object.keys(tags).filter((k) => k.startsWith('apigw:history:')).length, HISTORY_SLOTS);
    const view = stageHistory(tags, `d${HISTORY_SLOTS + 5}`);
    assert.equal(view.lineage.length, HISTORY_SLOTS + 1);
    assert.equal(view.previous?.deploymentId, `d${HISTORY_SLOTS + 4}`);
    assert.equal(tags.team, 'orders');
  });

  it('reads foreign and truncated values without failing', () => {
    const full = encodeHistoryEntry({
      seq: 3,
      deploymentId: 'abc123',
      previous: 'def456',
      action: 'promote',
      at: at(0),
      by: 'Admin/alice',
      hash: '0123456789ab',
    });
    const truncated = encodeHistoryEntry({
      seq: 2,
      deploymentId: 'abc123',
      previous: 'def456',
      action: 'deploy',
      at: at(0),
    }).slice(0, 30);
    const tags = { 'apigw:history:0': truncated, 'apigw:history:1': 'garbage', 'apigw:history:2': full, other: 'x' };
    const h = decodeHistory(tags);
    assert.equal(h.length, 2);
    assert.equal(h[0]!.by, 'Admin/alice');
    assert.equal(h[1]!.deploymentId, 'abc123');
  });
});

// ---- plans -------------------------------------------------------------------------------------------------------

const API = { ApiId: 'a1b2c3d4e5', Name: 'orders-api', ProtocolType: 'HTTP' };

function stage(name: string, deploymentId: string | undefined, more: Partial<PromoteStage> = {}): PromoteStage {
  return { StageName: name, ...(deploymentId ? { DeploymentId: deploymentId } : {}), ...more };
}

function deployments(...list: Array<[string, number, string?]>): Map<string, PromoteDeployment | null> {
  return new Map(
    list.map(([id, min, description]) => [
      id,
      { DeploymentId: id, CreatedDate: at(min), ...(description ? { Description: description } : {}) },
    ]),
  );
}

function inputs(
  stages: PromoteStage[],
  deps: Map<string, PromoteDeployment | null>,
  more: Partial<PlanInputs> = {},
): PlanInputs {
  return {
    api: API,
    region: 'eu-west-1',
    stages,
    deployments: deps,
    callerArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
    ...more,
  };
}

describe('promotion plan', () => {
  const dev = stage('dev', 'new111', {
    StageVariables: { table: 'orders-dev', debug: 'true' },
    RouteSettings: { 'GET /orders': { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100 } },
    AccessLogSettings: {
      DestinationArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:dev',
      Format: '$context.requestId',
    },
  });
  const prod = stage('prod', 'old000', {
    StageVariables: { table: 'orders' },
    DefaultRouteSettings: { ThrottlingBurstLimit: 500, ThrottlingRateLimit: 1000 },
    Tags: tagsOf([{ deploymentId: 'old000', action: 'deploy', hash: 'aaaaaaaaaaaa' }]),
  });

  it('names both deployments, what else differs, and the entry to record', () => {
    const plan = planPromotion(
      inputs([dev, prod], deployments(['new111', 5, 'release 2'], ['old000', 1, 'release 1'])),
      'dev',
      'prod',
    );
    assert.equal(plan.current?.id, 'old000');
    assert.equal(plan.current?.description, 'release 1');
    assert.equal(plan.next.id, 'new111');
    assert.deepEqual(plan.next.stages, ['dev']);
    assert.deepEqual(
      plan.differences.map((d) => `${d.label}: ${d.source ?? '-'} | ${d.target ?? '-'}`),
      [
        'stage variable debug: true | -',
        'stage variable table: orders-dev | orders',
        'default throttling: - | rate 1000/s, burst 500',
        'access log destination: arn:aws:logs:eu-west-1:123456789012:log-group:dev | -',
        'access log format: $context.requestId | -',
        'route GET /orders: rate 100/s, burst 50 | -',
      ],
    );
    assert.deepEqual(plan.entry, { deploymentId: 'new111', previous: 'old000', action: 'promote' });
    assert.equal(plan.noop, undefined);
    const text = renderStageMove(plan, { profile: 'work' });
    assert.match(text, /^# Promote dev → prod$/m);
    assert.match(text, /orders-api \(a1b2c3d4e5, HTTP API\) · work · eu-west-1 · as Admin\/alice/);
    assert.match(text, /- prod runs now: `old000` · 2024-05-03 10:01 UTC · "release 1"$/m);
    assert.match(text, /- prod will run: `new111` · 2024-05-03 10:05 UTC · "release 2" · runs dev \(what dev runs\)$/m);
    assert.match(text, /- stage variable table: dev `orders-dev` · prod `orders`/);
    assert.match(text, /- default throttling: dev \(not set\) · prod `rate 1000\/s, burst 500`/);
    assert.match(text, /Roll Back Stage on prod returns it to `old000`/);
    const c = confirmation(plan);
    assert.equal(c.message, "Promote dev's deployment new111 to prod of orders-api (eu-west-1)?");
    assert.equal(c.verb, 'Promote to prod');
    assert.match(c.detail, /6 stage settings that differ stay as they are on prod/);
  });

  it('copies the spec hash the source recorded for the deployment', () => {
    const devTagged = {
      ...dev,
      Tags: tagsOf([{ deploymentId: 'new111', previous: 'xyz', action: 'deploy', hash: 'bbbbbbbbbbbb' }]),
    };
    const plan = planPromotion(inputs([devTagged, prod], deployments(['new111', 5], ['old000', 1])), 'dev', 'prod');
    assert.equal(plan.entry.hash, 'bbbbbbbbbbbb');
  });

  it('says there is nothing to do when the target already runs the deployment', () => {
    const plan = planPromotion(inputs([dev, stage('prod', 'new111')], deployments(['new111', 5])), 'dev', 'prod');
    assert.match(plan.noop!, /prod already runs deployment new111/);
  });

  it('refuses a source without a deployment, a deleted deployment, the same stage and unknown stages', () => {
    assert.throws(
      () => planPromotion(inputs([stage('dev', undefined), prod], new Map()), 'dev', 'prod'),
      /dev runs no deployment yet/,
    );
    assert.throws(
      () => planPromotion(inputs([dev, prod], new Map([['new111', null]])), 'dev', 'prod'),
      /no longer exists/,
    );
    assert.throws(() => planPromotion(inputs([dev, prod], new Map()), 'dev', 'dev'), /pick two different stages/);
    assert.throws(
      () => planPromotion(inputs([dev, prod], new Map()), 'dev', 'qa'),
      /orders-api has no stage qa \(its stages: dev, prod\)/,
    );
  });

  it('refuses an auto-deploy target with the explanation, unless auto-deploy is turned off with it', () => {
    const auto = stage('prod', 'old000', { AutoDeploy: true });
    const plan = planPromotion(inputs([dev, auto], deployments(['new111', 5], ['old000', 1])), 'dev', 'prod');
    assert.throws(
      () => checkStageMove(plan, undefined),
      /prod auto-deploys: API Gateway deploys every change of the API to it.*Nothing was changed/,
    );
    assert.match(renderStageMove(plan), /cannot be promoted into unless auto-deploy is turned off/);
    const off = planPromotion(
      inputs([dev, auto], deployments(['new111', 5], ['old000', 1]), {
        disableAutoDeploy: true,
        specs: [{ file: 'orders.apigw.yaml', apiName: 'orders-api', stages: { prod: { autoDeploy: true } } }],
      }),
      'dev',
      'prod',
    );
    assert.doesNotThrow(() => checkStageMove(off, undefined));
    assert.match(renderStageMove(off), /also turns auto-deploy off/);
    assert.match(off.warnings.join('\n'), /orders\.apigw\.yaml sets autoDeploy: true for prod/);
  });

  it('protects a stage by its spec (when the spec maps to the API) or by its tag, and needs the name typed', () => {
    const spec = specFacts('specs/orders.apigw.yaml', {
      version: 1,
      api: { name: 'orders-api' },
      stages: { prod: { protected: true }, dev: {} },
    })!;
    const other = specFacts('other.apigw.yaml', {
      api: { name: 'payments-api' },
      stages: { prod: { protected: true } },
    })!;
    const deps = deployments(['new111', 5], ['old000', 1]);
    let plan = planPromotion(inputs([dev, prod], deps, { specs: [other] }), 'dev', 'prod');
    assert.equal(plan.protection, undefined, "another API's spec says nothing about this one");
    plan = planPromotion(inputs([dev, prod], deps, { specs: [other, spec] }), 'dev', 'prod');
    assert.deepEqual(plan.protection, { by: 'spec', detail: 'specs/orders.apigw.yaml' });
    assert.throws(
      () => checkStageMove(plan, undefined),
      /prod is protected \(protected: true in specs\/orders\.apigw\.yaml\).*Nothing was changed/,
    );
    assert.throws(() => checkStageMove(plan, 'Prod'), /needs its name typed/);
    assert.doesNotThrow(() => checkStageMove(plan, 'prod'));
    // An API deployed from a spec is named by its tag, whatever its name.
    const tagged = { ...API, Name: 'renamed', Tags: { 'apigw:spec': 'orders-api' } };
    assert.equal(
      planPromotion({ ...inputs([dev, prod], deps, { specs: [spec] }), api: tagged }, 'dev', 'prod').protection?.by,
      'spec',
    );
    const byTag = planPromotion(
      inputs([dev, { ...prod, Tags: { ...prod.Tags, 'apigw:protected': 'true' } }], deps),
      'dev',
      'prod',
    );
    assert.deepEqual(byTag.protection, { by: 'tag', detail: 'apigw:protected=true' });
    assert.equal(specFacts('x', { api: 'nope' }), undefined);
    assert.deepEqual(specFacts('x', { api: { name: 'a' }, stages: { s: 'bad', t: { protected: 'yes' } } })!.stages, {
      t: {},
    });
  });

  it('one rule for protection: a stage protected only by its spec is protected, with or without the tag', () => {
    const spec = specFacts('orders.apigw.yaml', {
      api: { name: 'orders-api' },
      stages: { prod: { protected: true } },
    })!;
    const bare = { StageName: 'prod', Tags: {} };
    const tagged = { StageName: 'prod', Tags: { 'apigw:protected': 'true' } };
    assert.equal(isProtected(bare), false);
    assert.equal(isProtected(bare, spec), true, 'the spec alone protects it (the explorer showed nothing)');
    assert.equal(isProtected(bare, [spec]), true);
    assert.equal(isProtected(tagged), true, 'the tag alone protects it');
    assert.equal(isProtected({ StageName: 'dev', Tags: {} }, spec), false);
    assert.equal(isProtected({ StageName: 'prod', Tags: { 'apigw:protected': 'false' } }), false);
    // The spec first: it names the file; the tag otherwise.
    assert.deepEqual(stageProtection(tagged, spec), { by: 'spec', detail: 'orders.apigw.yaml' });
    assert.deepEqual(stageProtection(tagged), { by: 'tag', detail: 'apigw:protected=true' });
    // A canonical spec (deploy's plan) reads the same way; a stage name that is an Object member is no stage.
    assert.equal(isProtected({ StageName: 'prod' }, { stages: { prod: { protected: true } } }), true);
    assert.equal(isProtected({ StageName: 'constructor' }, { stages: {} }), false);
    // Only the specs of this stage's API count.
    const other = specFacts('pay.apigw.yaml', {
      api: { name: 'payments-api' },
      stages: { prod: { protected: true } },
    })!;
    assert.equal(isProtected(bare, specsFor(API, [other])), false);
    assert.equal(isProtected(bare, specsFor(API, [other, spec])), true);
  });

  it('detects a change of the target since the plan, and says who made it as far as the tags tell', () => {
    const plan = planPromotion(inputs([dev, prod], deployments(['new111', 5], ['old000', 1])), 'dev', 'prod');
    assert.equal(detectRace(plan, prod), undefined);
    const outside = detectRace(plan, { ...prod, DeploymentId: 'zzz999', LastUpdatedDate: at(30) });
    assert.equal(
      outside,
      'prod ran deployment old000 when this promotion was prepared and runs zzz999 now: it was changed outside API Gateway Workbench at 2024-05-03 10:30 UTC (AWS does not say by whom; CloudTrail records the UpdateStage call).',
    );
    const teammate = {
      ...prod,
      DeploymentId: 'zzz999',
      Tags: tagsOf(
        [{ deploymentId: 'zzz999', previous: 'old000', action: 'rollback', by: 'bob', at: at(31) }],
        prod.Tags,
      ),
    };
    assert.match(
      detectRace(plan, teammate)!,
      /runs zzz999 now: it was changed by bob with API Gateway Workbench \(rollback at 2024-05-03 10:31 UTC\)/,
    );
    assert.match(detectRace(plan, { ...prod, AutoDeploy: true })!, /auto-deploy of prod was turned on/);
  });

  it('logs who, when, from and to', () => {
    const plan = planPromotion(inputs([dev, prod], deployments(['new111', 5], ['old000', 1])), 'dev', 'prod');
    assert.equal(
      logLine({ plan, at: at(40), by: 'Admin/alice', historyRecorded: true, warnings: [] }, 'work'),
      'promoted dev → prod of orders-api (a1b2c3d4e5, work · eu-west-1): deployment old000 → new111 by Admin/alice at 2024-05-03T10:40:00.000Z',
    );
  });
});

describe('rollback plan', () => {
  const history = [
    { deploymentId: 'aaa111', action: 'deploy', at: at(0) },
    { deploymentId: 'bbb222', previous: 'aaa111', action: 'promote', at: at(10), by: 'alice' },
  ];
  const prod = stage('prod', 'bbb222', { Tags: tagsOf(history) });
  const deps = deployments(['aaa111', 0, 'one'], ['bbb222', 10, 'two'], ['ccc333', 20, 'three']);

  it('goes back to the deployment before the last promotion by default, and says what it undoes', () => {
    const plan = planRollback(inputs([prod, stage('dev', 'ccc333')], deps), 'prod');
    assert.equal(plan.next.id, 'aaa111');
    assert.equal(plan.current?.id, 'bbb222');
    assert.deepEqual(plan.entry, { deploymentId: 'aaa111', previous: 'bbb222', action: 'rollback' });
    const text = renderStageMove(plan);
    assert.match(text, /^# Roll back prod$/m);
    assert.match(text, /This undoes: bbb222 \(promote · by alice · 2024-05-03 10:10 UTC\)/);
    assert.match(text, /2024-05-03 10:10 UTC promote `bbb222` \(was `aaa111`\) by alice/);
    assert.deepEqual(confirmation(plan).verb, 'Roll back prod');
  });

  it('goes to any deployment asked for, and lists the choices with the default first', () => {
    const plan = planRollback(inputs([prod, stage('dev', 'ccc333')], deps), 'prod', 'ccc333');
    assert.equal(plan.next.id, 'ccc333');
    const choices = rollbackChoices([prod, stage('dev', 'ccc333')], 'prod', deps, API);
    assert.deepEqual(
      choices.map(
        (c) =>
          `${c.deployment.id}${c.previous ? ' (previous)' : ''}${c.ranBefore ? ' ran' : ''} ${c.deployment.stages.join(',')}`,
      ),
      ['aaa111 (previous) ran ', 'ccc333 dev'],
    );
  });

  it('refuses without a recorded earlier deployment, and a deployment that is gone', () => {
    assert.throws(
      () => planRollback(inputs([stage('prod', 'bbb222')], deps), 'prod'),
      /no recorded earlier deployment.*no promotion, rollback or deploy/,
    );
    assert.throws(
      () =>
        planRollback(
          inputs(
            [prod],
            new Map([
              ['bbb222', { DeploymentId: 'bbb222' }],
              ['aaa111', null],
            ]),
          ),
          'prod',
        ),
      /aaa111 of orders-api no longer exists/,
    );
  });

  it('passes over deployments of the same content as the current one (twins), by description or by history', () => {
    const described = (hash: string, min: number) =>
      `apigw deploy of orders-api (spec ${hash}) at ${at(min).toISOString()} by ci`;
    // aaa111 deployed h1; twin and bbb222 are two deployments of h2 (an interrupted deploy, then a re-run).
    const tags = tagsOf([
      { deploymentId: 'aaa111', action: 'deploy', hash: '111111111111' },
      { deploymentId: 'bbb222', previous: 'twin00', action: 'deploy', hash: '222222222222' },
    ]);
    const twinProd = stage('prod', 'bbb222', { Tags: tags });
    const twins = deployments(
      ['aaa111', 0, described('111111111111', 0)],
      ['twin00', 5, described('222222222222', 5)],
      ['bbb222', 6, described('222222222222', 6)],
    );
    const plan = planRollback(inputs([twinProd], twins), 'prod');
    assert.equal(plan.next.id, 'aaa111');
    assert.deepEqual(
      plan.history.sameContent.map((x) => x.deploymentId),
      ['twin00'],
    );
    assert.equal(plan.entry.hash, '111111111111', 'the entry records the content it returns to');
    assert.deepEqual(
      rollbackChoices([twinProd], 'prod', twins, API)
        .filter((c) => c.previous)
        .map((c) => c.deployment.id),
      ['aaa111'],
    );
    // Without the descriptions the twin's content is unknown: it is not passed over.
    assert.equal(stageHistory(tags, 'bbb222').previous?.deploymentId, 'twin00');
    // Hashes recorded in the history alone are enough.
    const recorded = tagsOf([
      { deploymentId: 'aaa111', action: 'deploy', hash: '111111111111' },
      { deploymentId: 'twin00', previous: 'aaa111', action: 'deploy', hash: '222222222222' },
      { deploymentId: 'bbb222', previous: 'twin00', action: 'promote', hash: '222222222222' },
    ]);
    assert.equal(stageHistory(recorded, 'bbb222').previous?.deploymentId, 'aaa111');
    // Only twins below the current one: nothing to go back to, and the message says why.
    const onlyTwins = tagsOf([{ deploymentId: 'bbb222', previous: 'twin00', action: 'deploy', hash: '222222222222' }]);
    assert.throws(
      () => planRollback(inputs([stage('prod', 'bbb222', { Tags: onlyTwins })], twins), 'prod'),
      /no earlier deployment of other content to roll back to: twin00 in its history runs the same spec content as the current one \(bbb222\)/,
    );
    // Asked for by id, a twin is a valid target.
    assert.equal(planRollback(inputs([twinProd], twins), 'prod', 'twin00').next.id, 'twin00');
  });

  it('after a change outside the workbench, returns to the deployment the history last recorded', () => {
    const changed = stage('prod', 'ccc333', { Tags: prod.Tags!, LastUpdatedDate: at(50) });
    const plan = planRollback(inputs([changed], deps), 'prod');
    assert.equal(plan.next.id, 'bbb222');
    assert.equal(plan.undoes?.outside, true);
    assert.match(
      renderStageMove(plan),
      /prod runs `ccc333`, which no history entry records: it was changed outside API Gateway Workbench \(last updated 2024-05-03 10:50 UTC\)\. Before that it ran `bbb222`/,
    );
  });
});

describe('what Roll Back Stage does once a move is applied (the preview and the modal say it)', () => {
  const described = (hash: string, min: number) =>
    `apigw deploy of orders-api (spec ${hash}) at ${at(min).toISOString()} by ci`;

  it('after a rollback it goes further back (the lineage pops), not to the deployment the stage ran', () => {
    const prod = stage('prod', 'vvv222', {
      Tags: tagsOf([
        { deploymentId: 'vvv000', action: 'deploy', at: at(0) },
        { deploymentId: 'vvv111', previous: 'vvv000', action: 'promote', at: at(1) },
        { deploymentId: 'vvv222', previous: 'vvv111', action: 'promote', at: at(2) },
      ]),
    });
    const deps = deployments(['vvv000', 0], ['vvv111', 1], ['vvv222', 2]);
    const plan = planRollback(inputs([prod], deps), 'prod');
    assert.equal(plan.next.id, 'vvv111');
    assert.deepEqual(plan.rollbackAfter, { to: 'vvv000' });
    const text = renderStageMove(plan);
    assert.doesNotMatch(text, /returns it to `vvv222`/);
    assert.match(
      text,
      /^- Roll Back Stage on prod then goes further back to `vvv000`: to undo this rollback, pick `vvv222` from the list \(apigw rollback --to vvv222\)\.$/m,
    );
    assert.doesNotMatch(confirmation(plan).detail, /undoes it/);
    assert.match(confirmation(plan).detail, /Roll Back Stage on prod then goes further back to vvv000/);
    // What the preview says is what the next plan does, once the entry is recorded.
    const after = stage('prod', 'vvv111', { Tags: tagsOf([{ ...plan.entry, at: at(3) }], prod.Tags) });
    assert.equal(planRollback(inputs([after], deps), 'prod').next.id, 'vvv000');
  });

  it('after a promotion past a deployment of the same content, it returns to the one before', () => {
    const prod = stage('prod', 'pppB00', {
      Tags: tagsOf([
        { deploymentId: 'ppp000', action: 'deploy', hash: '111111111111' },
        { deploymentId: 'pppB00', previous: 'ppp000', action: 'deploy', hash: '222222222222' },
      ]),
    });
    // dev and prod were each deployed from the same spec: two deployments of one content.
    const deps = deployments(
      ['ppp000', 0, described('111111111111', 0)],
      ['pppB00', 1, described('222222222222', 1)],
      ['dddA00', 2, described('222222222222', 2)],
    );
    const plan = planPromotion(inputs([stage('dev', 'dddA00'), prod], deps), 'dev', 'prod');
    assert.deepEqual(plan.rollbackAfter, { to: 'ppp000' });
    assert.match(
      renderStageMove(plan),
      /^- Roll Back Stage on prod then returns it to `ppp000`: `pppB00` runs the same spec content as `dddA00`, so it is passed over\.$/m,
    );
    assert.doesNotMatch(confirmation(plan).detail, /undoes it/);
  });

  it('says when the stage has no room to record the move, and a plain promotion is undone by one Roll Back', () => {
    const own = Object.fromEntries(Array.from({ length: 50 }, (_v, i) => [`t${i}`, 'v']));
    const deps = deployments(['old000', 0], ['new111', 1]);
    const full = planPromotion(
      inputs([stage('dev', 'new111'), stage('prod', 'old000', { Tags: own })], deps),
      'dev',
      'prod',
    );
    assert.deepEqual(full.rollbackAfter, { unrecorded: true });
    assert.match(
      renderStageMove(full),
      /Roll Back Stage on prod then has no earlier deployment to return to by default: its own tags leave no room to record this promotion in its history \(AWS allows 50 tags per stage\)\./,
    );
    const plain = planPromotion(inputs([stage('dev', 'new111'), stage('prod', 'old000')], deps), 'dev', 'prod');
    assert.deepEqual(plain.rollbackAfter, { to: 'old000' });
    assert.match(confirmation(plain).detail, /Roll Back Stage undoes it\./);
    assert.equal(
      planPromotion(inputs([stage('dev', 'new111'), stage('prod', 'new111')], deps), 'dev', 'prod').rollbackAfter,
      undefined,
    );
  });
});

describe('deployment clean-up plan', () => {
  it('keeps what stages run, what history names and the newest N; deletes the rest, oldest first', () => {
    const deps = Array.from({ length: 12 }, (_v, i) => ({
      DeploymentId: `d${String(i).padStart(2, '0')}`,
      CreatedDate: at(i),
    }));
    const stages = [
      stage('prod', 'd01', {
        Tags: tagsOf([
          { deploymentId: 'd01', previous: 'd00', action: 'rollback' },
          { deploymentId: 'd03', previous: 'd01', action: 'promote' },
          { deploymentId: 'd01', previous: 'd03', action: 'rollback' },
        ]),
      }),
      stage('dev', 'd11'),
    ];
    const plan = planCleanup(API, 'eu-west-1', stages, deps, 3);
    assert.deepEqual(plan.kept, { running: ['d11', 'd01'], history: ['d03', 'd00'], newest: ['d10', 'd09'] });
    assert.deepEqual(
      plan.remove.map((d) => d.id),
      ['d02', 'd04', 'd05', 'd06', 'd07', 'd08'],
    );
    assert.equal(plan.total, 12);
    assert.deepEqual(planCleanup(API, 'eu-west-1', stages, deps, 100).remove, []);
  });
});

describe('stage differences', () => {
  it('are empty for identical settings and list WebSocket logging', () => {
    const s = stage('a', 'x', {
      StageVariables: { a: '1' },
      DefaultRouteSettings: { LoggingLevel: 'OFF', DataTraceEnabled: false },
    });
    assert.deepEqual(stageDifferences(s, { ...s, StageName: 'b' }), []);
    const t = stage('b', 'x', {
      StageVariables: { a: '1' },
      DefaultRouteSettings: { LoggingLevel: 'INFO', DataTraceEnabled: true, DetailedMetricsEnabled: true },
    });
    assert.deepEqual(
      stageDifferences(s, t).map((d) => `${d.label}: ${d.source ?? '-'} | ${d.target ?? '-'}`),
      ['detailed metrics: off | on', 'execution logging: - | INFO', 'data trace: - | on'],
    );
  });

  it("list the client certificate a WebSocket stage's integrations present: promotion leaves the target's", () => {
    const source = stage('dev', 'x', { ClientCertificateId: 'devcert' });
    const target = stage('prod', 'y', { ClientCertificateId: 'prodcert' });
    assert.deepEqual(
      stageDifferences(source, target).map((d) => `${d.label}: ${d.source ?? '-'} | ${d.target ?? '-'}`),
      ['client certificate: devcert | prodcert'],
    );
    assert.deepEqual(
      stageDifferences(stage('dev', 'x'), target).map((d) => d.area),
      ['clientCertificate'],
    );
  });
});
