// Integrations AWS cannot change in place (src/core/deploy/replace.ts) through the whole pipeline against the local
// AWS service and the real SDK: a WebSocket integration that loses its contentHandling, an HTTP first-class
// integration whose subtype changes or goes. The plan says replace, apply makes the new integration (with its
// integration responses), points the routes at it and deletes the old one; the next plan is empty. Faults between
// the create and the delete: a lost CreateIntegration answer, a failing UpdateRoute, a failing DeleteIntegration —
// the run stops where it stops, and a re-run converges with one integration per name and no second create.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { applyPlan, planDeploy } from '../../src/aws/deploy';
import type { AwsSession } from '../../src/aws/session';
import { parseIntegrationDescription } from '../../src/core/deploy/canonical';
import { planJson, renderPlan } from '../../src/core/deploy/render';
import { renderReport } from '../../src/core/deploy/report';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import type { ApiRecord } from '../localaws/apigw';
import { deploy, lastSeq, mutatingCalls, parseSpec, sqsJobsSpec } from './deployHelpers';

const REGION = 'eu-west-1';

const WS = `
version: 1
api: { name: chat-replace, protocol: WEBSOCKET }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:chat', contentHandling: CONVERT_TO_TEXT }
  pong:
    type: MOCK
    requestTemplates: { $default: '{"statusCode": 200}' }
    templateSelectionExpression: \\$default
    contentHandling: CONVERT_TO_BINARY
    responses:
      $default: { templateSelectionExpression: \\$default, responseTemplates: { $default: '{"pong": true}' } }
      /5\\d\\d/: { contentHandling: CONVERT_TO_TEXT }
routes:
  $connect: { integration: fn }
  sendMessage: { integration: fn }
  ping: { integration: pong, routeResponseSelectionExpression: $default }
stages:
  live: {}
`;

/** The WebSocket spec without the integrations' contentHandling: both are replaced. */
const WS_PLAIN = WS.replace(', contentHandling: CONVERT_TO_TEXT }', ' }').replace(
  '    contentHandling: CONVERT_TO_BINARY\n',
  '',
);

const SQS = (subtype: string, params: string) => sqsJobsSpec('jobs-replace', subtype, params, 'stages:\n  prod: {}\n');
const SEND = SQS('SQS-SendMessage', 'QueueUrl: $request.header.queue, MessageBody: $request.body');
const RECEIVE = SQS('SQS-ReceiveMessage', 'QueueUrl: $request.header.queue');
const LAMBDA = `
version: 1
api: { name: jobs-replace, protocol: HTTP }
integrations:
  queue: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:jobs' }
routes:
  POST /jobs: { integration: queue }
  GET /jobs: { integration: queue }
stages:
  prod: {}
`;

const WHY_CONTENT =
  'UpdateIntegration takes ContentHandlingStrategy CONVERT_TO_BINARY or CONVERT_TO_TEXT only, so an integration keeps one once set';

describe('deploy: integrations replaced because AWS cannot change them in place', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });
  let session: AwsSession;
  beforeEach(() => {
    session = sessions.session();
  });

  const theApi = (name: string): ApiRecord => {
    const apis = [...aws.regionState(REGION).apis.values()].filter((a) => a.api.name === name);
    assert.equal(apis.length, 1);
    return apis[0]!;
  };
  /** The API's integrations by recorded name: each name once. */
  const integrationsByName = (api: ApiRecord) => {
    const out = new Map<string, { integration: Record<string, unknown>; responses: Map<string, unknown> }>();
    for (const i of api.integrations.values()) {
      const name = parseIntegrationDescription(i.integration.description as string).name!;
      assert.ok(!out.has(name), `one integration named ${name}`);
      out.set(name, i);
    }
    return out;
  };
  const targets = (api: ApiRecord) =>
    Object.fromEntries([...api.routes.values()].map((r) => [r.route.routeKey, r.route.target]));
  /** Plans again: nothing to change and no deployment; applying that plan makes no mutating call. */
  const converged = async (spec: GatewaySpec, stage: string) => {
    const again = await planDeploy(session, spec, { stage });
    assert.deepEqual(
      again.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`),
      [],
      renderPlan(again.plan),
    );
    assert.equal(again.plan.deployment?.needed, false);
    const since = await lastSeq(aws);
    assert.ok((await applyPlan(session.apigw, again.plan)).ok);
    assert.deepEqual(await mutatingCalls(aws, since), []);
  };

  it('WebSocket contentHandling removed: new integrations (with their integration responses), routes moved, old deleted, then an empty plan', async () => {
    assert.ok((await deploy(session, parseSpec(WS), { stage: 'live' })).report.ok);
    const api = theApi('chat-replace');
    const before = integrationsByName(api);
    const oldFn = before.get('fn')!.integration.integrationId as string;
    const oldPong = before.get('pong')!.integration.integrationId as string;
    assert.equal(before.get('fn')!.integration.contentHandlingStrategy, 'CONVERT_TO_TEXT');

    const spec = parseSpec(WS_PLAIN);
    const since = await lastSeq(aws);
    const { planned, report } = await deploy(session, spec, { stage: 'live' });
    const text = renderPlan(planned.plan);
    assert.deepEqual(
      planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.replace?.routes.join(',')}`),
      ['replace integration fn $connect,sendMessage', 'replace integration pong ping'],
    );
    assert.match(
      text,
      new RegExp(
        `^-/\\+ integration fn \\(AWS_PROXY arn:aws:lambda:eu-west-1:123456789012:function:chat\\): replaced \\(contentHandling cannot change in place: apply makes a new integration, points routes \\$connect, sendMessage at it, then deletes ${oldFn}\\)$`,
        'm',
      ),
    );
    assert.match(text, /^ {4}contentHandling: CONVERT_TO_TEXT → \(none\) \(forces replacement: /m);
    assert.match(text, /^Plan: 2 replaces, then a deployment to stage live\.$/m);
    // The JSON for tools says the same: what forces each replacement and the routes it moves.
    const json = planJson(planned.plan) as { changes: Array<{ name: string; replace?: unknown }> };
    assert.deepEqual(
      json.changes.map((c) => [c.name, c.replace]),
      [
        ['fn', { causes: [{ path: 'contentHandling', why: WHY_CONTENT }], routes: ['$connect', 'sendMessage'] }],
        ['pong', { causes: [{ path: 'contentHandling', why: WHY_CONTENT }], routes: ['ping'] }],
      ],
    );
    assert.ok(report.ok, renderReport(report));
    assert.match(renderReport(report), /^applied {17}-\/\+ integration fn /m);

    const calls = await mutatingCalls(aws, since);
    assert.deepEqual(calls.map((c) => c.operation).sort(), [
      'CreateDeployment',
      'CreateIntegration',
      'CreateIntegration',
      'CreateIntegrationResponse',
      'CreateIntegrationResponse',
      'DeleteIntegration',
      'DeleteIntegration',
      'TagResource',
      'UpdateRoute',
      'UpdateRoute',
      'UpdateRoute',
    ]);
    const after = integrationsByName(api);
    const newFn = after.get('fn')!.integration.integrationId as string;
    const newPong = after.get('pong')!.integration.integrationId as string;
    assert.deepEqual(new Set([newFn, newPong, oldFn, oldPong]).size, 4, 'new ids');
    assert.equal(api.integrations.size, 2);
    assert.equal(after.get('fn')!.integration.contentHandlingStrategy, undefined);
    assert.equal(after.get('pong')!.integration.contentHandlingStrategy, undefined);
    assert.deepEqual(
      [...after.get('pong')!.responses.values()].map((r) => {
        const x = r as Record<string, unknown>;
        return [x.integrationResponseKey, x.contentHandlingStrategy];
      }),
      [
        ['$default', undefined],
        ['/5\\d\\d/', 'CONVERT_TO_TEXT'],
      ],
    );
    assert.deepEqual(targets(api), {
      $connect: `integrations/${newFn}`,
      sendMessage: `integrations/${newFn}`,
      ping: `integrations/${newPong}`,
    });
    // Each replacement in its order: the new integration, the routes, then the delete of the old one.
    const seqOf = (op: string, test: (p: Record<string, unknown>) => boolean) =>
      calls.filter((c) => c.operation === op && test(c.params)).map((c) => c.seq);
    const created = seqOf('CreateIntegration', (p) => String(p.description).startsWith('[apigw:fn]'));
    const moved = seqOf('UpdateRoute', (p) => p.target === `integrations/${newFn}`);
    const deleted = seqOf('DeleteIntegration', (p) => String(p.path).endsWith(`/integrations/${oldFn}`));
    assert.equal(moved.length, 2);
    assert.ok(created[0]! < Math.min(...moved) && Math.max(...moved) < deleted[0]!, 'create, move, delete');
    await converged(spec, 'live');
  });

  it('HTTP subtype changed, then taken away: replaced each time, then an empty plan', async () => {
    assert.ok((await deploy(session, parseSpec(SEND), { stage: 'prod' })).report.ok);
    const api = theApi('jobs-replace');
    for (const text of [RECEIVE, LAMBDA]) {
      const old = integrationsByName(api).get('queue')!.integration;
      const spec = parseSpec(text);
      const since = await lastSeq(aws);
      const { planned, report } = await deploy(session, spec, { stage: 'prod' });
      assert.deepEqual(
        planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.replace?.causes.map((x) => x.path)}`),
        ['replace integration queue subtype'],
      );
      assert.ok(report.ok, renderReport(report));
      assert.deepEqual(
        (await mutatingCalls(aws, since)).map((c) => c.operation),
        ['CreateIntegration', 'UpdateRoute', 'UpdateRoute', 'DeleteIntegration', 'CreateDeployment', 'TagResource'],
      );
      const now = integrationsByName(api).get('queue')!.integration;
      assert.notEqual(now.integrationId, old.integrationId);
      assert.equal(now.integrationSubtype, text === LAMBDA ? undefined : 'SQS-ReceiveMessage');
      assert.equal(api.integrations.size, 1);
      await converged(spec, 'prod');
    }
  });

  it('a CreateIntegration whose answer is lost in a replacement is found again, not made twice', async () => {
    assert.ok((await deploy(session, parseSpec(SEND), { stage: 'prod' })).report.ok);
    const api = theApi('jobs-replace');
    await aws.addFaults([{ operation: 'CreateIntegration', kind: 'dropAfter', nth: 1 }]);
    const spec = parseSpec(RECEIVE);
    const { report } = await deploy(session, spec, { stage: 'prod' });
    await aws.clearFaults();
    assert.ok(report.ok, renderReport(report));
    assert.equal((await aws.calls({ operation: 'CreateIntegration' })).filter((c) => c.fault).length, 1);
    assert.equal(api.integrations.size, 1);
    assert.equal(integrationsByName(api).get('queue')!.integration.integrationSubtype, 'SQS-ReceiveMessage');
    await converged(spec, 'prod');
  });

  it('stopped between the create and the route moves (UpdateRoute refused): the re-run moves the routes and deletes the old one, with no second create', async () => {
    assert.ok((await deploy(session, parseSpec(WS), { stage: 'live' })).report.ok);
    const api = theApi('chat-replace');
    const oldFn = integrationsByName(api).get('fn')!.integration.integrationId as string;
    await aws.addFaults([
      {
        operation: 'UpdateRoute',
        kind: 'error',
        status: 400,
        code: 'BadRequestException',
        message: 'refused',
        times: 1,
      },
    ]);
    const spec = parseSpec(WS_PLAIN);
    const cut = await deploy(session, spec, { stage: 'live', concurrency: 1 });
    await aws.clearFaults();
    assert.equal(cut.report.ok, false);
    assert.match(renderReport(cut.report), /^FAILED {18}-\/\+ integration fn .*: UpdateRoute was refused: refused$/m);
    assert.equal(cut.report.deployment?.error, 'not made: some changes were not applied');
    // Both are there, under one name; the routes of fn still on the old one.
    const fns = [...api.integrations.values()].filter((i) =>
      String(i.integration.description).startsWith('[apigw:fn]'),
    );
    assert.equal(fns.length, 2);
    const newFn = fns.find((i) => i.integration.integrationId !== oldFn)!.integration.integrationId as string;
    assert.equal(targets(api).$connect, `integrations/${oldFn}`);

    const since = await lastSeq(aws);
    const rerun = await deploy(session, spec, { stage: 'live' });
    const text = renderPlan(rerun.planned.plan);
    assert.deepEqual(
      rerun.planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`).filter((c) => !c.includes('pong')),
      ['update route $connect', 'update route sendMessage', `delete integration fn-${oldFn}`],
      text,
    );
    assert.match(text, new RegExp(`^~ route \\$connect: integration fn-${oldFn} → fn$`, 'm'));
    assert.match(
      text,
      new RegExp(
        `^- integration fn-${oldFn} .*\\(the fn that integration ${newFn} replaces \\(${oldFn}\\): a deploy made the new one and stopped before deleting this one\\)$`,
        'm',
      ),
    );
    assert.ok(rerun.report.ok, renderReport(rerun.report));
    assert.deepEqual((await mutatingCalls(aws, since)).map((c) => c.operation).sort(), [
      'CreateDeployment',
      'DeleteIntegration',
      'TagResource',
      'UpdateRoute',
      'UpdateRoute',
    ]);
    assert.deepEqual(integrationsByName(api).get('fn')!.integration.integrationId, newFn, 'the one the first run made');
    assert.equal(api.integrations.size, 2);
    assert.equal(targets(api).$connect, `integrations/${newFn}`);
    await converged(spec, 'live');
  });

  it('stopped before the delete (DeleteIntegration failing): the re-run deletes the old integration and nothing else', async () => {
    assert.ok((await deploy(session, parseSpec(SEND), { stage: 'prod' })).report.ok);
    const api = theApi('jobs-replace');
    const old = integrationsByName(api).get('queue')!.integration.integrationId as string;
    await aws.addFaults([{ operation: 'DeleteIntegration', kind: 'error', status: 500, times: 100 }]);
    const spec = parseSpec(RECEIVE);
    const cut = await deploy(session, spec, { stage: 'prod' });
    await aws.clearFaults();
    assert.equal(cut.report.ok, false);
    assert.equal(api.integrations.size, 2);
    // Tried again after the failure: the replacement reused the integration it had made.
    assert.equal((await aws.calls({ operation: 'CreateIntegration' })).length, 2, 'the first deploy, and one more');
    const made = cut.report.results[0]!;
    assert.equal(made.status, 'failed');

    const since = await lastSeq(aws);
    const rerun = await deploy(session, spec, { stage: 'prod' });
    assert.deepEqual(
      rerun.planned.plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.id}`),
      [`delete integration queue-${old} ${old}`],
      renderPlan(rerun.planned.plan),
    );
    assert.ok(rerun.report.ok, renderReport(rerun.report));
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      ['DeleteIntegration', 'CreateDeployment', 'TagResource'],
    );
    assert.equal(api.integrations.size, 1);
    assert.equal(integrationsByName(api).get('queue')!.integration.integrationSubtype, 'SQS-ReceiveMessage');
    await converged(spec, 'prod');
  });
});
