// Apply's scheduler, without AWS (src/core/deploy/schedule.ts): the phases a plan runs in, what a failure blocks
// (transitively), the gate before the deployment, the stage's tags after the apply, and the report's order and
// verdict.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyPhases,
  applyReport,
  blockedBy,
  buildPlan,
  changeKey,
  deploymentBlocked,
  emptySnapshot,
  stageTagsAfter,
  type Change,
  type ChangeResult,
  type Plan,
} from '../../src/core/deploy';
import { parseSpec } from './deployHelpers';

const CTX = { region: 'eu-west-1', accountId: '123456789012' };

const SPEC = parseSpec(`
version: 1
api: { name: shop-api, protocol: HTTP }
vpcLinks:
  private: { subnetIds: [subnet-0a1b2c3d] }
integrations:
  items-fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:items' }
  legacy: { type: HTTP_PROXY, uri: 'https://legacy.example.com/{proxy}' }
  inner: { type: HTTP_PROXY, uri: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/inner/abc/def', vpcLink: private, method: ANY }
authorizers:
  jwt: { type: JWT, jwt: { issuer: 'https://issuer.example.com', audience: [shop] } }
routes:
  GET /items: { integration: items-fn }
  POST /items: { integration: items-fn, authorizer: jwt }
  ANY /legacy/{proxy+}: { integration: legacy }
  GET /inner: { integration: inner }
stages:
  prod: { protected: true, tags: { env: prod } }
domains:
  api.example.com:
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'
    mappings: [{ stage: prod }]
`);

function newPlan(stage?: string): Plan {
  return buildPlan({
    spec: SPEC,
    ctx: CTX,
    match: { status: 'new' },
    snapshot: emptySnapshot(),
    ...(stage ? { stage } : {}),
  });
}

const names = (cs: Change[]) => cs.map((c) => `${c.action} ${c.kind} ${c.name}`);

/** What apply does with the scheduler's answers: every change that fails (by key) fails; the rest are blocked or run. */
function simulate(plan: Plan, failing: string[]): Map<string, string> {
  const failed = new Set<string>();
  const outcome = new Map<string, string>();
  for (const phase of applyPhases(plan.changes)) {
    for (const c of phase) {
      const why = blockedBy(c, failed, plan.apiName);
      if (why || failing.includes(changeKey(c))) failed.add(changeKey(c));
      outcome.set(changeKey(c), why ? `skipped: ${why}` : failing.includes(changeKey(c)) ? 'failed' : 'applied');
    }
  }
  return outcome;
}

describe('apply scheduler: phases', () => {
  it('groups consecutive changes of one kind and direction, authorizers with integrations, in plan order', () => {
    const plan = newPlan();
    const phases = applyPhases(plan.changes);
    assert.deepEqual(phases.flat(), plan.changes, 'every change once, in the plan order');
    assert.deepEqual(
      phases.map((p) => [...new Set(p.map((c) => c.kind))].join('+')),
      ['api', 'vpcLink', 'authorizer+integration', 'route', 'stage', 'domain', 'mapping'],
    );
  });

  it('deletes run in phases of their own after the creates and updates', () => {
    const plan = newPlan();
    const del = (kind: Change['kind'], name: string): Change =>
      ({ kind, action: 'delete', name, fields: [] }) as Change;
    const changes = [
      ...plan.changes.filter((c) => c.kind === 'route'),
      del('route', 'GET /old'),
      del('integration', 'old-fn'),
      del('authorizer', 'old-auth'),
    ];
    assert.deepEqual(
      applyPhases(changes).map((p) => names(p)),
      [
        names(plan.changes.filter((c) => c.kind === 'route')),
        ['delete route GET /old'],
        ['delete integration old-fn', 'delete authorizer old-auth'],
      ],
    );
    assert.deepEqual(applyPhases([]), []);
  });
});

describe('apply scheduler: what a failure blocks', () => {
  it('an API that was not created blocks everything else', () => {
    const outcome = simulate(newPlan(), ['api:shop-api']);
    assert.equal(outcome.get('api:shop-api'), 'failed');
    for (const [key, status] of outcome)
      if (key !== 'api:shop-api') assert.equal(status, 'skipped: the API was not created', key);
  });

  it('a failed integration skips the routes that target it, and only those', () => {
    const outcome = simulate(newPlan(), ['integration:items-fn']);
    assert.equal(outcome.get('route:GET /items'), 'skipped: integration items-fn was not applied');
    assert.equal(outcome.get('route:POST /items'), 'skipped: integration items-fn was not applied');
    assert.equal(outcome.get('route:ANY /legacy/{proxy+}'), 'applied');
    assert.equal(outcome.get('stage:prod'), 'applied', 'a stage does not need the routes');
  });

  it('a failed authorizer skips the routes it guards; a failed VPC link the integrations that use it, then their routes', () => {
    let outcome = simulate(newPlan(), ['authorizer:jwt']);
    assert.equal(outcome.get('route:POST /items'), 'skipped: authorizer jwt was not applied');
    assert.equal(outcome.get('route:GET /items'), 'applied');
    outcome = simulate(newPlan(), ['vpcLink:private']);
    assert.equal(outcome.get('integration:inner'), 'skipped: VPC link private was not created');
    assert.equal(outcome.get('route:GET /inner'), 'skipped: integration inner was not applied', 'transitively');
    assert.equal(outcome.get('integration:legacy'), 'applied');
  });

  it('a mapping waits for its stage and its domain', () => {
    assert.equal(
      simulate(newPlan(), ['stage:prod']).get('mapping:api.example.com/'),
      'skipped: stage prod or domain api.example.com was not applied',
    );
    assert.equal(
      simulate(newPlan(), ['domain:api.example.com']).get('mapping:api.example.com/'),
      'skipped: stage prod or domain api.example.com was not applied',
    );
  });

  it('deleting an integration or authorizer waits for the route changes before it; other deletes do not', () => {
    const failed = new Set(['route:GET /items']);
    const del = (kind: Change['kind'], name: string) => ({ kind, action: 'delete', name, fields: [] }) as Change;
    assert.equal(blockedBy(del('integration', 'old'), failed, 'shop-api'), 'a route change before it failed');
    assert.equal(blockedBy(del('authorizer', 'old'), failed, 'shop-api'), 'a route change before it failed');
    assert.equal(blockedBy(del('route', 'GET /x'), failed, 'shop-api'), undefined);
    assert.equal(blockedBy(del('integration', 'old'), new Set(['stage:prod']), 'shop-api'), undefined);
  });
});

describe('apply scheduler: the deployment and the report', () => {
  const result = (change: Change, status: ChangeResult['status']): ChangeResult => ({ change, status, calls: 1 });

  it('the deployment is made only when every change was applied and nothing was cancelled', () => {
    const [a, b] = newPlan().changes;
    assert.equal(deploymentBlocked([result(a!, 'applied'), result(b!, 'applied')], false), undefined);
    assert.equal(deploymentBlocked([], false), undefined);
    assert.equal(
      deploymentBlocked([result(a!, 'applied'), result(b!, 'skipped')], false),
      'not made: some changes were not applied',
    );
    assert.equal(deploymentBlocked([result(a!, 'applied')], true), 'cancelled before the deployment');
  });

  it("the stage's tags after the apply: as read, with the stage update's tags set and removed, history kept", () => {
    const plan = newPlan('prod');
    assert.deepEqual(stageTagsAfter(plan, 'prod'), { env: 'prod', 'apigw:protected': 'true' });
    const live = {
      ...plan,
      deployment: { ...plan.deployment!, tags: { 'apigw:history:0': 'seq=0 to=abc', old: 'x', env: 'dev' } },
      changes: [
        {
          kind: 'stage',
          action: 'update',
          name: 'prod',
          fields: [],
          live: { protected: false, tags: { old: 'x', env: 'dev' } },
          desired: { protected: true, tags: { env: 'prod' } },
        },
      ],
    } satisfies Plan;
    assert.deepEqual(stageTagsAfter(live, 'prod'), {
      'apigw:history:0': 'seq=0 to=abc',
      env: 'prod',
      'apigw:protected': 'true',
    });
    assert.deepEqual(stageTagsAfter({ ...live, changes: [] }, 'prod'), live.deployment.tags);
  });

  it('the report lists results in plan order, is ok only when all went well, and gives the invoke URL then', () => {
    const plan = newPlan('prod');
    const results = [...plan.changes].reverse().map((c) => result(c, 'applied'));
    const base = { plan, apiId: 'abc123', results, warnings: [], cancelledChanges: false, stopped: false };
    const ok = applyReport({ ...base, deployment: { stage: 'prod', deploymentId: 'd1' } });
    assert.deepEqual(
      ok.results.map((r) => r.change),
      plan.changes,
    );
    assert.equal(ok.ok, true);
    assert.equal(ok.invokeUrl, 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
    const failed = applyReport({ ...base, deployment: { stage: 'prod', error: 'boom' } });
    assert.equal(failed.ok, false);
    assert.equal(failed.invokeUrl, undefined);
    assert.equal(failed.cancelled, false);
    const cancelled = applyReport({
      ...base,
      results: [result(plan.changes[0]!, 'applied'), ...plan.changes.slice(1).map((c) => result(c, 'cancelled'))],
      cancelledChanges: true,
      stopped: true,
      deployment: { stage: 'prod', error: 'cancelled before the deployment' },
    });
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.ok, false);
  });
});
