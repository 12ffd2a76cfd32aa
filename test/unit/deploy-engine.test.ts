// The deploy engine against the local AWS service through the real SDK: create from nothing, update, delete, adopt;
// HTTP and WebSocket; every example; re-runs that change nothing; faults and cancellation that still converge.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { applyPlan, planDeploy, pullApi, recordStageHistory } from '../../src/aws/deploy';
import { prepareRollback } from '../../src/aws/promote';
import { serializeSpec } from '../../src/core/deploy/pull';
import { renderPlan } from '../../src/core/deploy/render';
import { renderReport } from '../../src/core/deploy/report';
import { decodeHistory } from '../../src/core/history';
import { validateSpec } from '../../src/core/gatewaySpec';
import type { AwsSession } from '../../src/aws/session';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { chatApi, ordersApi } from '../localaws/seed';
import { deployBenchSpec } from '../bench/specgen';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { deploy, exampleFiles, lastSeq, loadSpec, mutatingCalls, parseSpec } from './deployHelpers';

/** Deploy tests run in eu-west-1, away from the service's default region. */
const IN_EU_WEST_1 = { connection: { region: 'eu-west-1' } };

describe('deploy engine: examples', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, IN_EU_WEST_1);

  for (const file of exampleFiles()) {
    it(`deploys ${file.split('/').pop()} from nothing, then plans empty and re-runs without a mutating call`, async () => {
      const session = sessions.session();
      const spec = loadSpec(file);
      const stage =
        Object.keys(spec.stages ?? {}).find((s) => !spec.stages![s]!.autoDeploy) ?? Object.keys(spec.stages ?? {})[0];
      const { planned, report } = await deploy(session, spec, { stage });
      console.log(renderPlan(planned.plan));
      assert.ok(
        report.ok,
        JSON.stringify(
          report.results.filter((r) => r.status !== 'applied'),
          null,
          2,
        ) + JSON.stringify(report.deployment),
      );
      const since = await lastSeq(aws);
      const again = await planDeploy(session, spec, { stage });
      console.log(renderPlan(again.plan));
      assert.deepEqual(
        again.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`),
        [],
      );
      assert.equal(again.plan.deployment?.needed, false);
      const rerun = await applyPlan(session.apigw, again.plan, { confirmedStages: again.plan.protectedStages });
      assert.ok(rerun.ok);
      assert.deepEqual(
        (await mutatingCalls(aws, since)).map((c) => c.operation),
        [],
      );
    });
  }
});

describe('deploy engine: faults and cancellation', () => {
  const aws = useLocalAws({ randomSeed: 7, reset: {} });
  const sessions = useTestSessions(aws, { maxAttempts: 4, ...IN_EU_WEST_1 });

  for (const file of exampleFiles()) {
    it(`converges under 30 % 429, 5 % 500 and dropped connections: ${file.split('/').pop()}`, async () => {
      const session = sessions.session();
      const spec = loadSpec(file);
      await aws.addFaults([
        // Certain: creates whose answer is lost (integration, route, deployment) and a connection dropped before any work.
        { operation: 'CreateIntegration', kind: 'dropAfter', nth: 1 },
        { operation: 'CreateRoute', kind: 'dropAfter', nth: 2 },
        { operation: 'CreateDeployment', kind: 'dropAfter', nth: 1 },
        { operation: 'CreateRoute', kind: 'drop', nth: 3 },
        { operation: 'CreateIntegration', kind: 'error', status: 500, nth: 2 },
        { operation: '*', kind: 'throttle', probability: 0.3 },
        { operation: '*', kind: 'error', status: 500, probability: 0.05 },
        { operation: '*', kind: 'drop', probability: 0.04 },
        { operation: '*', kind: 'dropAfter', probability: 0.04 },
      ]);
      const { report } = await deploy(session, spec, { stage: 'prod' });
      const faults = (await aws.calls()).filter((c) => c.fault);
      await aws.clearFaults();
      console.log(
        `faults injected: ${faults.length}; ${report.results
          .filter((r) => r.status !== 'applied')
          .map((r) => `${r.change.kind} ${r.change.name}: ${r.message}`)
          .join('; ')}`,
      );
      assert.ok(
        faults.some((f) => f.fault === 'dropAfter' && f.operation.startsWith('Create')),
        'a create lost its answer',
      );
      assert.ok(
        report.ok,
        JSON.stringify(report.results.filter((r) => r.status !== 'applied').map((r) => [r.change.name, r.message])) +
          JSON.stringify(report.deployment),
      );
      const again = await planDeploy(session, spec, { stage: 'prod' });
      assert.deepEqual(
        again.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
        [],
      );
      assert.equal(again.plan.deployment?.needed, false);
      const st = aws.regionState('eu-west-1');
      const apis = [...st.apis.values()].filter((a) => a.api.name === spec.api.name);
      assert.equal(apis.length, 1, 'one API');
      const names = [...apis[0]!.integrations.values()].map((i) => String(i.integration.description));
      assert.equal(names.length, Object.keys(spec.integrations ?? {}).length, `integrations: ${names.join(', ')}`);
      assert.equal(apis[0]!.routes.size, Object.keys(spec.routes ?? {}).length);
      const made = [...apis[0]!.deployments.values()].filter((d) => !d.autoDeployed);
      assert.equal(made.length, 1, 'one deployment made by deploy');
      assert.deepEqual(new Set(faults.map((f) => f.fault)), new Set(['throttle', 'error', 'drop', 'dropAfter']));
    });
  }

  it('cancelled halfway, stops after the calls in flight, reports what was and was not applied; a re-run converges', async () => {
    const session = sessions.session();
    const spec = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    const controller = new AbortController();
    let doneAtAbort = -1;
    const { planned, report } = await deploy(session, spec, {
      stage: 'prod',
      signal: controller.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.done >= p.total / 2 && !controller.signal.aborted) {
          doneAtAbort = p.done;
          controller.abort();
        }
      },
    });
    const total = planned.plan.changes.length;
    const applied = report.results.filter((r) => r.status === 'applied').length;
    const notApplied = report.results.filter((r) => r.status === 'cancelled').length;
    assert.ok(report.cancelled && !report.ok);
    assert.ok(
      applied >= doneAtAbort && applied <= doneAtAbort + 2,
      `applied ${applied}, ${doneAtAbort} done at the abort, 2 in flight at most`,
    );
    assert.equal(applied + notApplied, total);
    assert.match(report.deployment?.error ?? '', /cancelled/);
    const again = await deploy(session, spec, { stage: 'prod' });
    assert.ok(again.report.ok);
    assert.equal(again.planned.plan.changes.length, notApplied, 'the re-run plans exactly what was not applied');
    const final = await planDeploy(session, spec, { stage: 'prod' });
    assert.deepEqual(final.plan.changes, []);
    assert.equal(final.plan.deployment?.needed, false);
  });
});

const SMALL = `
version: 1
api:
  name: shop-api
  protocol: HTTP
  description: A small shop
  cors:
    allowOrigins: [https://shop.example.com]
    allowMethods: [GET, POST]
  tags: { team: shop }
integrations:
  items-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:items
  legacy:
    type: HTTP_PROXY
    uri: https://legacy.example.com/{proxy}
authorizers:
  jwt:
    type: JWT
    jwt: { issuer: https://issuer.example.com, audience: [shop] }
routes:
  GET /items:
    integration: items-fn
  POST /items:
    integration: items-fn
    authorizer: jwt
    throttling: { burstLimit: 10, rateLimit: 5 }
  ANY /legacy/{proxy+}:
    integration: legacy
stages:
  dev:
    autoDeploy: true
    variables: { table: items-dev, mode: test }
    accessLog:
      destinationArn: arn:aws:logs:\${aws:region}:\${aws:accountId}:log-group:/shop/dev
      format: '{"requestId":"$context.requestId"}'
  prod:
    protected: true
    throttling: { burstLimit: 100, rateLimit: 50 }
    tags: { env: prod }
`;

describe('deploy engine: changes to a deployed API', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, IN_EU_WEST_1);
  let session: AwsSession;
  beforeEach(() => {
    session = sessions.session();
  });

  const edit = (from: string, to: string, text = SMALL) => {
    assert.ok(text.includes(from), `the spec contains ${from}`);
    return parseSpec(text.replace(from, to));
  };

  it('a no-op plan reads with list calls only: one call per page of each family, none per resource', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const since = await lastSeq(aws);
    const { plan } = await planDeploy(session, parseSpec(SMALL), { stage: 'prod' });
    assert.deepEqual(plan.changes, []);
    const ops = (await aws.calls({ since })).map((c) => c.operation).sort();
    // The caller identity (STS) is asked once per session: the deploy before asked it.
    assert.deepEqual(ops, ['GetApis', 'GetAuthorizers', 'GetIntegrations', 'GetRoutes', 'GetStages']);
  });

  it('updates: field-level differences, one mutating call per changed resource, then an empty plan', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const text = SMALL.replace('rateLimit: 50 }', 'rateLimit: 80 }')
      .replace('variables: { table: items-dev, mode: test }', 'variables: { table: items-v2 }')
      .replace('description: A small shop', 'description: The shop')
      .replace('function:items\n', 'function:items-v2\n')
      .replace(
        `  ANY /legacy/{proxy+}:\n    integration: legacy`,
        `  ANY /legacy/{proxy+}:\n    integration: items-fn`,
      );
    const spec = parseSpec(text);
    const since = await lastSeq(aws);
    const { planned, report } = await deploy(session, spec, { stage: 'prod' });
    const text1 = renderPlan(planned.plan);
    assert.match(text1, /^~ stage prod: throttling\.rateLimit 50 → 80$/m);
    assert.match(text1, /^~ api shop-api: description "A small shop" → "The shop"$/m);
    assert.match(text1, /^~ route ANY \/legacy\/\{proxy\+\}: integration legacy → items-fn$/m);
    assert.match(text1, /^~ stage dev$/m);
    assert.match(text1, /^ {4}variables\.mode: test → \(none\)$/m);
    assert.match(text1, /^ {4}variables\.table: items-dev → items-v2$/m);
    assert.match(
      text1,
      /^~ integration items-fn: uri arn:aws:lambda:eu-west-1:123456789012:function:items → arn:aws:lambda:eu-west-1:123456789012:function:items-v2$/m,
    );
    assert.match(
      text1,
      /^\+ deployment → stage prod \(\d changes? to routes, integrations, authorizers or the API\)$/m,
    );
    assert.deepEqual(planned.plan.counts, { create: 0, update: 5, replace: 0, delete: 0 });
    assert.ok(report.ok);
    const ops = (await mutatingCalls(aws, since)).map((c) => c.operation).sort();
    assert.deepEqual(ops, [
      'CreateDeployment',
      'TagResource',
      'UpdateApi',
      'UpdateIntegration',
      'UpdateRoute',
      'UpdateStage',
      'UpdateStage',
    ]);
    const again = await planDeploy(session, spec, { stage: 'prod' });
    assert.deepEqual(again.plan.changes, []);
    assert.equal(again.plan.deployment?.needed, false);
  });

  it('removals AWS only forgets with its own call: route settings, access logs, CORS, tags', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const spec = parseSpec(
      SMALL.replace('    throttling: { burstLimit: 10, rateLimit: 5 }\n', '')
        .replace(
          `    accessLog:\n      destinationArn: arn:aws:logs:\${aws:region}:\${aws:accountId}:log-group:/shop/dev\n      format: '{"requestId":"$context.requestId"}'\n`,
          '',
        )
        .replace(`  cors:\n    allowOrigins: [https://shop.example.com]\n    allowMethods: [GET, POST]\n`, '')
        .replace('  tags: { team: shop }\n', ''),
    );
    const since = await lastSeq(aws);
    const { planned, report } = await deploy(session, spec);
    const text = renderPlan(planned.plan);
    assert.match(text, /^ {4}routeSettings\["POST \/items"\]\.throttling\.rateLimit: 5 → \(none\)$/m);
    assert.match(
      text,
      /^ {4}accessLog\.destinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:\/shop\/dev → \(none\)$/m,
    );
    assert.match(text, /^ {4}cors\.allowOrigins: \["https:\/\/shop\.example\.com"\] → \(none\)$/m);
    assert.ok(report.ok);
    assert.deepEqual((await mutatingCalls(aws, since)).map((c) => c.operation).sort(), [
      'DeleteAccessLogSettings',
      'DeleteCorsConfiguration',
      'DeleteRouteSettings',
      'DeleteRouteSettings',
      'UntagResource',
    ]);
    assert.deepEqual((await planDeploy(session, spec)).plan.changes, []);
  });

  it('a route that loses its integration is made again without one (UpdateRoute cannot remove a target)', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const spec = edit('  GET /items:\n    integration: items-fn\n', '  GET /items: {}\n');
    const { planned, report } = await deploy(session, spec);
    assert.match(renderPlan(planned.plan), /^~ route GET \/items: integration items-fn → \(none\)$/m);
    assert.ok(report.ok);
    assert.deepEqual((await planDeploy(session, spec)).plan.changes, []);
  });

  it('refuses to plan the removal of an API version, which UpdateApi cannot make, instead of planning it (and a deployment) on every deploy', async () => {
    const versioned = edit('  description: A small shop\n', '  description: A small shop\n  version: "1.2"\n');
    assert.ok((await deploy(session, versioned, { stage: 'prod' })).report.ok);
    const { plan } = await planDeploy(session, parseSpec(SMALL), { stage: 'prod' });
    assert.match(plan.blocked.join('\n'), /^api shop-api: version \(1\.2\) cannot be removed in place: UpdateApi/m);
    await assert.rejects(applyPlan(session.apigw, plan, { confirmedStages: ['prod'] }), /cannot be applied/);
    // A new version is an update like any other.
    const bumped = edit('  description: A small shop\n', '  description: A small shop\n  version: "1.3"\n');
    assert.ok((await deploy(session, bumped, { stage: 'prod' })).report.ok);
    assert.deepEqual((await planDeploy(session, bumped, { stage: 'prod' })).plan.changes, []);
  });

  it('a one-route change makes exactly one mutating call (and the deployment two: CreateDeployment, the history tag)', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const spec = edit(
      '  GET /items:\n    integration: items-fn',
      '  GET /items:\n    integration: items-fn\n    operationName: ListItems',
    );
    let since = await lastSeq(aws);
    const { report } = await deploy(session, spec);
    assert.ok(report.ok);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['UpdateRoute'],
    );
    since = await lastSeq(aws);
    const deployed = await deploy(session, spec, { stage: 'prod' });
    assert.match(deployed.planned.plan.deployment!.reason, /runs deployment \w+ of other spec content/);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['CreateDeployment', 'TagResource'],
    );
  });

  it('deletes what the spec no longer has only when deletes are on; otherwise lists it as kept', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const spec = edit(
      `  ANY /legacy/{proxy+}:\n    integration: legacy\n`,
      '',
      SMALL.replace(`  legacy:\n    type: HTTP_PROXY\n    uri: https://legacy.example.com/{proxy}\n`, ''),
    );
    const kept = await planDeploy(session, spec, { deletes: false });
    assert.deepEqual(kept.plan.changes, []);
    assert.deepEqual(
      kept.plan.kept.map((c) => `${c.kind} ${c.name}`),
      ['integration legacy', 'route ANY /legacy/{proxy+}'],
    );
    assert.match(renderPlan(kept.plan), /route ANY \/legacy\/\{proxy\+\} is not in the spec: kept/);
    const since = await lastSeq(aws);
    const { planned, report } = await deploy(session, spec, { stage: 'prod' });
    assert.deepEqual(
      planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['delete route ANY /legacy/{proxy+}', 'delete integration legacy'],
    );
    assert.ok(report.ok);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['DeleteRoute', 'DeleteIntegration', 'CreateDeployment', 'TagResource'],
    );
  });

  it('shows console edits as drift, and deploy puts the spec back', async () => {
    const spec = parseSpec(SMALL);
    await deploy(session, spec, { stage: 'prod' });
    const api = [...aws.regionState('eu-west-1').apis.values()][0]!;
    const apiId = api.api.apiId as string;
    const routes = [...api.routes.values()].map((r) => r.route);
    await session.apigw.updateRoute(apiId, routes.find((r) => r.routeKey === 'GET /items')!.routeId, {
      AuthorizationType: 'AWS_IAM',
    });
    await session.apigw.deleteRoute(apiId, routes.find((r) => r.routeKey === 'POST /items')!.routeId);
    await session.apigw.createRoute(apiId, { RouteKey: 'GET /extra' });
    await session.apigw.updateStage(apiId, 'prod', { StageVariables: { added: 'yes' } });
    const { plan } = await planDeploy(session, spec);
    assert.deepEqual(
      plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['update route GET /items', 'create route POST /items', 'update stage prod', 'delete route GET /extra'],
    );
    assert.match(renderPlan(plan), /~ route GET \/items: authorizationType AWS_IAM → NONE/);
    assert.match(renderPlan(plan), /~ stage prod: variables\.added yes → \(none\)/);
    const report = await applyPlan(session.apigw, plan, { confirmedStages: plan.protectedStages });
    assert.ok(report.ok);
    assert.deepEqual((await planDeploy(session, spec)).plan.changes, []);
  });

  it('recognises an integration whose recorded name was edited away, by the routes that use it, and records the name again', async () => {
    const spec = parseSpec(SMALL);
    await deploy(session, spec, { stage: 'prod' });
    const api = [...aws.regionState('eu-west-1').apis.values()][0]!;
    const fn = [...api.integrations.values()].find((i) =>
      String(i.integration.description).includes('items-fn'),
    )!.integration;
    await session.apigw.updateIntegration(api.api.apiId, fn.integrationId, { Description: 'edited in the console' });
    const { plan } = await planDeploy(session, spec);
    assert.deepEqual(
      plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['update integration items-fn'],
    );
    assert.deepEqual(
      plan.changes[0]!.fields.map((f) => [f.path, f.before, f.after]),
      [
        ['description', 'edited in the console', undefined],
        ['name', undefined, 'items-fn'],
      ],
    );
    assert.equal(plan.changes[0]!.id, fn.integrationId);
    const since = await lastSeq(aws);
    assert.ok((await applyPlan(session.apigw, plan)).ok);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['UpdateIntegration'],
    );
    assert.equal(api.integrations.size, 2);
  });

  it('a protected stage is not touched until its name is typed; an unknown stage is refused', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const spec = edit('rateLimit: 50 }', 'rateLimit: 60 }');
    const { plan } = await planDeploy(session, spec);
    assert.deepEqual(plan.protectedStages, ['prod']);
    const since = await lastSeq(aws);
    await assert.rejects(applyPlan(session.apigw, plan, { confirmedStages: ['dev'] }), /Stage prod is protected/);
    assert.deepEqual(await mutatingCalls(aws, since), []);
    await assert.rejects(
      planDeploy(session, spec, { stage: 'staging' }),
      /Stage staging is not in the spec \(its stages: dev, prod\)/,
    );
    // A tag marks it protected in AWS too, for promote, rollback and the explorer.
    assert.equal(
      [...aws.regionState('eu-west-1').apis.values()][0]!.stages.get('prod')!.tags['apigw:protected'],
      'true',
    );
  });

  it('records each deployment in the stage history (tags), with the deployment it replaced', async () => {
    await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const second = edit(
      '  GET /items:\n    integration: items-fn',
      '  GET /items:\n    integration: items-fn\n    operationName: ListItems',
    );
    const { report } = await deploy(session, second, { stage: 'prod' });
    const stage = [...aws.regionState('eu-west-1').apis.values()][0]!.stages.get('prod')!;
    const history = decodeHistory(stage.tags);
    assert.equal(history.length, 2);
    assert.equal(history[0]!.deploymentId, stage.deploymentId);
    assert.equal(history[0]!.deploymentId, report.deployment!.deploymentId);
    assert.equal(history[0]!.previous, history[1]!.deploymentId);
    assert.equal(history[0]!.action, 'deploy');
    assert.equal(history[0]!.by, 'localaws');
    assert.match(history[0]!.hash!, /^[0-9a-f]{12}$/);
    assert.notEqual(history[0]!.hash, history[1]!.hash);
    assert.equal(report.invokeUrl, `https://${report.apiId}.execute-api.eu-west-1.amazonaws.com/prod`);
    // What promotion and rollback will call: the tags are read when not given.
    const since = await lastSeq(aws);
    const rec = await recordStageHistory(
      session.apigw,
      { region: 'eu-west-1', apiId: report.apiId!, stageName: 'prod' },
      { deploymentId: history[1]!.deploymentId, previous: stage.deploymentId, action: 'rollback', by: 'tester' },
    );
    assert.equal(rec.entry?.seq, 2);
    assert.deepEqual(
      (await aws.calls({ since, service: 'apigateway' })).map((c) => c.operation),
      ['GetTags', 'TagResource'],
    );
    assert.deepEqual(
      decodeHistory(stage.tags).map((e) => e.action),
      ['rollback', 'deploy', 'deploy'],
    );
    const missing = await recordStageHistory(
      session.apigw,
      { region: 'eu-west-1', apiId: report.apiId!, stageName: 'nope' },
      { deploymentId: 'x', action: 'deploy' },
    );
    assert.match(missing.warning!, /The history of stage nope could not be recorded/);
  });

  it('a deploy cut between CreateDeployment and the history tag: the re-run records that deployment, makes no twin, and rollback returns to the release before', async () => {
    const first = await deploy(session, parseSpec(SMALL), { stage: 'prod' });
    const d1 = first.report.deployment!.deploymentId!;
    const v2 = edit(
      '  GET /items:\n    integration: items-fn',
      '  GET /items:\n    integration: items-fn\n    operationName: ListItems',
    );
    // Every TagResource loses its connection: the run ends after CreateDeployment with no history entry, the state
    // a deploy killed at that point leaves.
    await aws.addFaults([{ operation: 'TagResource', kind: 'drop', times: 50 }]);
    const cut = await deploy(session, v2, { stage: 'prod' });
    await aws.clearFaults();
    const d2 = cut.report.deployment!.deploymentId!;
    assert.equal(cut.report.deployment!.historyRecorded, false);
    const stage = () => [...aws.regionState('eu-west-1').apis.values()][0]!.stages.get('prod')!;
    assert.equal(stage().deploymentId, d2);
    assert.equal(decodeHistory(stage().tags)[0]!.deploymentId, d1, 'd2 is not recorded');

    const since = await lastSeq(aws);
    const rerun = await deploy(session, v2, { stage: 'prod' });
    assert.ok(rerun.report.ok);
    assert.match(rerun.planned.plan.deployment!.reason, new RegExp(`runs deployment ${d2} of this spec content`));
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['TagResource'],
      'the history entry only: no second deployment of the same content',
    );
    assert.equal(rerun.report.deployment!.deploymentId, d2);
    assert.match(
      renderReport(rerun.report),
      new RegExp(
        `recorded the deployment stage prod runs \\(${d2}\\)[^]*\\+ deployment ${d2} → stage prod \\(was ${d1}\\): recorded`,
      ),
    );
    assert.deepEqual(
      decodeHistory(stage().tags).map((e) => `${e.action} ${e.previous ?? '-'}→${e.deploymentId}`),
      [`deploy ${d1}→${d2}`, `deploy -→${d1}`],
    );
    const again = await planDeploy(session, v2, { stage: 'prod' });
    assert.equal(again.plan.deployment?.needed, false);
    const rollback = await prepareRollback(session, { api: rerun.report.apiId!, stage: 'prod' });
    assert.equal(rollback.next.id, d1, 'rollback returns to the release before, not to a twin');
  });

  it('adopts an existing API of the same name only when confirmed, then manages it by its tag', async () => {
    await aws.seed({ region: 'eu-west-1', apis: [{ name: 'shop-api', protocolType: 'HTTP', tags: { team: 'shop' } }] });
    const spec = parseSpec(SMALL);
    const { plan } = await planDeploy(session, spec);
    assert.equal(plan.api.status, 'adopt');
    assert.match(renderPlan(plan), /has the spec's name but was not deployed from a spec/);
    assert.match(renderPlan(plan), /adopt the existing API/);
    const since = await lastSeq(aws);
    await assert.rejects(
      applyPlan(session.apigw, plan, { confirmedStages: ['prod'] }),
      /already exists in eu-west-1 .* not deployed from a spec/,
    );
    assert.deepEqual(await mutatingCalls(aws, since), []);
    const report = await applyPlan(session.apigw, plan, { confirmedStages: ['prod'], adopt: true });
    assert.ok(report.ok);
    const apis = [...aws.regionState('eu-west-1').apis.values()];
    assert.equal(apis.length, 1);
    assert.equal(apis[0]!.api.tags['apigw:spec'], 'shop-api');
    const again = await planDeploy(session, spec);
    assert.equal(again.plan.api.status, 'managed');
    assert.deepEqual(again.plan.changes, []);
  });

  it('refuses what cannot change in place: the protocol, and a domain path another API holds', async () => {
    await aws.seed({
      region: 'eu-west-1',
      apis: [
        {
          name: 'shop-api',
          protocolType: 'WEBSOCKET',
          routeSelectionExpression: '$request.body.action',
          tags: { 'apigw:spec': 'shop-api' },
        },
      ],
    });
    const { plan } = await planDeploy(session, parseSpec(SMALL));
    assert.match(plan.blocked.join('\n'), /is a WebSocket API; the spec says HTTP/);
    await assert.rejects(applyPlan(session.apigw, plan, { confirmedStages: ['prod'] }), /cannot be applied/);
  });

  it('WebSocket: a two-way route gets its $default route response; the plan reads route responses for such routes only', async () => {
    const ws = parseSpec(`
version: 1
api: { name: ws-api, protocol: WEBSOCKET }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:ws' }
routes:
  $connect: { integration: fn }
  echo: { integration: fn, routeResponseSelectionExpression: $default }
stages:
  live: {}
`);
    const { report } = await deploy(session, ws, { stage: 'live' });
    assert.ok(report.ok);
    assert.equal(report.invokeUrl, `wss://${report.apiId}.execute-api.eu-west-1.amazonaws.com/live`);
    const api = [...aws.regionState('eu-west-1').apis.values()][0]!;
    const echo = [...api.routes.values()].find((r) => r.route.routeKey === 'echo')!;
    assert.deepEqual(
      [...echo.responses.values()].map((r) => r.routeResponseKey),
      ['$default'],
    );
    const since = await lastSeq(aws);
    assert.deepEqual((await planDeploy(session, ws, { stage: 'live' })).plan.changes, []);
    assert.deepEqual((await aws.calls({ since, operation: 'GetRouteResponses' })).length, 1);
  });
});

describe('pull', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, IN_EU_WEST_1);

  const roundTrip = async (session: AwsSession, ref: string, format: 'json' | 'yaml') => {
    const pulled = await pullApi(session, ref);
    const text = serializeSpec(pulled.spec, format, 'pulled');
    const v = validateSpec(text, { fileName: `x.apigw.${format}` });
    assert.deepEqual(
      v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
      [],
    );
    return { pulled, text, spec: v.model! };
  };

  for (const file of exampleFiles()) {
    for (const format of ['yaml', 'json'] as const) {
      it(`${file.split('/').pop()} deployed, pulled as ${format}: valid, and its plan against the API is empty`, async () => {
        const session = sessions.session();
        const spec = loadSpec(file);
        await deploy(session, spec, { stage: 'prod' });
        const { spec: back, text } = await roundTrip(session, spec.api.name, format);
        const { plan } = await planDeploy(session, back);
        assert.deepEqual(
          plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`),
          [],
        );
        assert.equal(plan.api.status, 'managed');
        // Portable: the account and region are variables again.
        assert.doesNotMatch(text, /123456789012/);
        assert.match(text, /\$\{aws:accountId\}/);
        assert.deepEqual(Object.keys(back.integrations ?? {}).sort(), Object.keys(spec.integrations ?? {}).sort());
      });
    }
  }

  it('every other spec the engine deploys in these tests pulls back to an empty plan', async () => {
    const specs = [
      parseSpec(SMALL),
      parseSpec(SMALL.replace('  GET /items:\n    integration: items-fn\n', '  GET /items: {}\n')),
      parseSpec(`
version: 1
api: { name: ws-api, protocol: WEBSOCKET, apiKeySelectionExpression: $context.authorizer.usageIdentifierKey }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:ws', credentialsArn: 'arn:aws:iam::\${aws:accountId}:role/ws' }
  echo: { type: MOCK, requestTemplates: { $default: '{"statusCode": 200}' }, templateSelectionExpression: \\$default }
routes:
  $connect: { integration: fn, apiKeyRequired: true, requestParameters: { route.request.header.x-token: { required: false } } }
  echo: { integration: echo, routeResponseSelectionExpression: $default }
stages:
  live: { loggingLevel: ERROR, dataTraceEnabled: true, throttling: { burstLimit: 5, rateLimit: 2 }, routeSettings: { echo: { loggingLevel: INFO } } }
`),
      deployBenchSpec({ routes: 12, stages: 3 }) as GatewaySpec,
    ];
    for (const spec of specs) {
      await aws.reset();
      const s = sessions.session({});
      const { report } = await deploy(s, spec, { stage: Object.keys(spec.stages ?? {})[0] });
      assert.ok(report.ok, spec.api.name);
      const { spec: back } = await roundTrip(s, spec.api.name, 'yaml');
      const { plan } = await planDeploy(s, back);
      assert.deepEqual(
        plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`),
        [],
        spec.api.name,
      );
    }
  });

  it('an API made outside the workbench: names from its functions and hosts, defaults left out; deploying the pull changes only the recorded names', async () => {
    await aws.seed({
      region: 'eu-west-1',
      apis: [ordersApi({ region: 'eu-west-1' }), chatApi({ region: 'eu-west-1' })],
    });
    const session = sessions.session();
    const { spec, text, pulled } = await roundTrip(session, 'orders-api', 'yaml');
    assert.deepEqual(Object.keys(spec.integrations ?? {}).sort(), ['legacy.example.com', 'orders-fn']);
    assert.deepEqual(spec.routes?.['POST /orders'], {
      integration: 'orders-fn',
      authorizer: 'cognito',
      authorizationScopes: ['orders/write'],
    });
    assert.doesNotMatch(text, /timeoutMs|payloadFormatVersion|autoDeploy: false/);
    assert.deepEqual(pulled.warnings, []);
    const { plan } = await planDeploy(session, spec);
    assert.equal(plan.api.status, 'adopt');
    assert.deepEqual(
      plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.fields.map((f) => f.path).join(',')}`).sort(),
      [
        'update api orders-api tags["apigw:spec"]',
        'update integration legacy.example.com name',
        'update integration orders-fn name',
      ],
    );
    assert.ok((await applyPlan(session.apigw, plan, { adopt: true })).ok);
    assert.deepEqual((await planDeploy(session, spec)).plan.changes, []);
    const ws = await roundTrip(session, 'chat', 'json');
    assert.equal(ws.spec.api.protocol, 'WEBSOCKET');
    assert.deepEqual(Object.keys(ws.spec.routes ?? {}), ['$connect', '$disconnect', '$default', 'sendMessage']);
  });

  it("a quick-created API: pulled and deployed back as it is; a deploy that would set its managed $default stage's deployment is refused at plan, before any call", async () => {
    const session = sessions.session();
    await session.apigw.createApi({
      Name: 'quick-api',
      ProtocolType: 'HTTP',
      Target: 'arn:aws:lambda:eu-west-1:123456789012:function:quick',
    });
    const { spec, text } = await roundTrip(session, 'quick-api', 'yaml');
    assert.match(text, /\$default:\s*\n\s*autoDeploy: true/);
    const adopted = await deploy(session, spec, { stage: '$default' });
    assert.ok(adopted.report.ok, renderReport(adopted.report));
    assert.equal(adopted.planned.plan.deployment?.needed, false);
    assert.deepEqual(adopted.planned.plan.blocked, []);

    const manual = parseSpec(text.replace(/autoDeploy: true/, 'autoDeploy: false'));
    const since = await lastSeq(aws);
    const { plan } = await planDeploy(session, manual, { stage: '$default' });
    assert.match(
      plan.blocked.join('\n'),
      /^Stage \$default is managed by API Gateway \(quick create\): .*its deployment cannot be set.*autoDeploy: true/m,
    );
    await assert.rejects(applyPlan(session.apigw, plan, { confirmedStages: [] }), /cannot be applied/);
    assert.deepEqual(await mutatingCalls(aws, since), []);
    const stage = await session.apigw.getStage(adopted.planned.plan.api.id!, '$default');
    assert.equal(stage.AutoDeploy, true, 'nothing was half applied');
  });

  it('refuses an unknown API and a name two APIs share', async () => {
    await aws.seed({
      region: 'eu-west-1',
      apis: [
        { name: 'twin', protocolType: 'HTTP' },
        { name: 'twin', protocolType: 'HTTP' },
      ],
    });
    const session = sessions.session();
    await assert.rejects(pullApi(session, 'nope'), /No API with the id or name nope in eu-west-1/);
    await assert.rejects(pullApi(session, 'twin'), /2 APIs in eu-west-1 are named twin/);
  });
});

describe('creates that must not be retried blindly', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { maxAttempts: 5, ...IN_EU_WEST_1 });

  it('a CreateIntegration whose answer is lost is not sent again by the SDK: one integration, and an error that says it may exist', async () => {
    const s = sessions.session();
    const api = await s.apigw.createApi({ Name: 'guard', ProtocolType: 'HTTP' });
    await aws.addFaults([
      { operation: 'CreateIntegration', kind: 'dropAfter', nth: 1 },
      { operation: 'UpdateApi', kind: 'dropAfter', nth: 1 },
    ]);
    await assert.rejects(
      s.apigw.createIntegration(api.ApiId!, {
        IntegrationType: 'HTTP_PROXY',
        IntegrationUri: 'https://x.example.com',
        IntegrationMethod: 'ANY',
      }),
      (err: Error & { code?: string }) =>
        err.code === 'Network' && /may have been applied all the same/.test(err.message),
    );
    assert.equal((await aws.calls({ operation: 'CreateIntegration' })).length, 1);
    assert.equal(aws.regionState('eu-west-1').apis.get(api.ApiId!)!.integrations.size, 1);
    // Updates are idempotent: the SDK retries them as usual.
    await s.apigw.updateApi(api.ApiId!, { Description: 'd' });
    assert.equal((await aws.calls({ operation: 'UpdateApi' })).length, 2);
  });
});
