// The parts of API Gateway v2 that issue 14 added to the spec, through the whole pipeline against the local AWS
// service: plan, deploy, a re-run that changes nothing, updates and removals, and pull back to an empty plan.
// WebSocket models, route request models, route responses, integration responses, a stage's client certificate, the
// API's version, a domain's IP address type, and API mappings to APIs another spec owns.
import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { applyPlan, planDeploy, pullApi } from '../../src/aws/deploy';
import type { SessionPool } from '../../src/aws/session';
import { serializeSpec } from '../../src/core/deploy/pull';
import { validateSpec } from '../../src/core/gatewaySpec';
import { useLocalAws } from '../localaws/fixture';
import { testConnection } from '../localaws/connection';
import { testSessions } from '../localaws/sessions';
import { deploy, lastSeq, mutatingCalls, parseSpec } from './deployHelpers';

const WS = `
version: 1
api: { name: chat-fields, protocol: WEBSOCKET, version: "2024-06-01" }
models:
  Message:
    description: A chat message
    schema: { type: object, required: [text], properties: { text: { type: string } } }
  Reply:
    contentType: application/json
    schema: '{"type": "object"}'
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:chat' }
  pong:
    type: MOCK
    requestTemplates: { $default: '{"statusCode": 200}' }
    templateSelectionExpression: \\$default
    responses:
      $default: { templateSelectionExpression: \\$default, responseTemplates: { $default: '{"pong": true}' } }
      /5\\d\\d/: { contentHandling: CONVERT_TO_TEXT }
authorizers:
  token: { type: REQUEST, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:auth', identitySources: [route.request.querystring.token] }
routes:
  $connect: { integration: fn, authorizer: token }
  sendMessage:
    integration: fn
    modelSelectionExpression: $request.body.action
    requestModels: { sendMessage: Message }
    routeResponseSelectionExpression: $default
    routeResponses:
      $default: { modelSelectionExpression: $default, responseModels: { $default: Reply } }
  ping: { integration: pong, routeResponseSelectionExpression: $default }
stages:
  live: { clientCertificateId: abc123 }
`;

function plannedChanges(plan: Awaited<ReturnType<typeof planDeploy>>['plan']): string[] {
  return plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.fields.map((f) => f.path).join(',')}`.trim());
}

describe('deploy: the fields added by issue 14', () => {
  const aws = useLocalAws({ reset: {} });
  let pool: SessionPool;
  beforeEach(() => {
    pool = testSessions();
  });
  afterEach(() => pool.clear());

  it('WebSocket models, request models, route and integration responses, client certificate, version: deployed as written, then nothing to do', async () => {
    const session = pool.get(testConnection(aws.endpoint, { region: 'eu-west-1' }));
    const spec = parseSpec(WS);
    const { report } = await deploy(session, spec, { stage: 'live' });
    assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));

    const api = [...aws.regionState('eu-west-1').apis.values()][0]!;
    assert.equal(api.api.version, '2024-06-01');
    const models = Object.fromEntries([...api.models.values()].map((m) => [m.name, m]));
    assert.deepEqual(JSON.parse(models.Message!.schema), {
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string' } },
    });
    assert.equal(models.Message!.description, 'A chat message');
    // A schema written as JSON text is sent as the same JSON.
    assert.deepEqual(JSON.parse(models.Reply!.schema), { type: 'object' });
    const routes = Object.fromEntries([...api.routes.values()].map((r) => [r.route.routeKey, r]));
    assert.deepEqual(routes.sendMessage!.route.requestModels, { sendMessage: 'Message' });
    assert.equal(routes.sendMessage!.route.modelSelectionExpression, '$request.body.action');
    assert.deepEqual(
      [...routes.sendMessage!.responses.values()].map((r) => [r.routeResponseKey, r.responseModels]),
      [['$default', { $default: 'Reply' }]],
    );
    assert.deepEqual(
      [...routes.ping!.responses.values()].map((r) => r.routeResponseKey),
      ['$default'],
    );
    const pong = [...api.integrations.values()].find((i) => i.integration.integrationType === 'MOCK')!;
    assert.deepEqual(
      [...pong.responses.values()].map((r) => [
        r.integrationResponseKey,
        r.responseTemplates,
        r.contentHandlingStrategy,
      ]),
      [
        ['$default', { $default: '{"pong": true}' }, undefined],
        ['/5\\d\\d/', undefined, 'CONVERT_TO_TEXT'],
      ],
    );
    assert.equal(api.stages.get('live')!.clientCertificateId, 'abc123');
    // A WebSocket authorizer never gets a result TTL: AWS refuses one for WebSocket APIs.
    const created = await aws.calls({ operation: 'CreateAuthorizer' });
    assert.equal(created.length, 1);
    assert.equal('authorizerResultTtlInSeconds' in (created[0]!.params.body ?? {}), false);

    const since = await lastSeq(aws);
    const again = await planDeploy(session, spec, { stage: 'live' });
    assert.deepEqual(plannedChanges(again.plan), []);
    assert.ok((await applyPlan(session.apigw, again.plan)).ok);
    assert.deepEqual(
      (await mutatingCalls(aws, since)).map((c) => c.operation),
      [],
    );
  });

  it('changes and removals: one call per changed model, response or stage, then an empty plan', async () => {
    const session = pool.get(testConnection(aws.endpoint, { region: 'eu-west-1' }));
    assert.ok((await deploy(session, parseSpec(WS), { stage: 'live' })).report.ok);
    const changed = parseSpec(
      WS.replace('required: [text]', 'required: [text, room]')
        .replace('      /5\\d\\d/: { contentHandling: CONVERT_TO_TEXT }\n', '')
        .replace('responseModels: { $default: Reply }', 'responseModels: { $default: Message }')
        .replace('live: { clientCertificateId: abc123 }', 'live: {}'),
    );
    const { plan } = await planDeploy(session, changed, { stage: 'live' });
    assert.deepEqual(plannedChanges(plan).sort(), [
      'update integration pong responses["/5\\\\d\\\\d/"].contentHandling',
      'update model Message schema.required',
      'update route sendMessage routeResponses.$default.responseModels.$default',
      'update stage live clientCertificateId',
    ]);
    const since = await lastSeq(aws);
    const report = await applyPlan(session.apigw, plan);
    assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
    assert.deepEqual((await mutatingCalls(aws, since)).map((c) => c.operation).sort(), [
      'CreateDeployment',
      'DeleteIntegrationResponse',
      'TagResource',
      'UpdateModel',
      'UpdateRouteResponse',
      'UpdateStage',
    ]);
    assert.deepEqual(plannedChanges((await planDeploy(session, changed, { stage: 'live' })).plan), []);
  });

  it('pulls back to a spec that plans empty against the API', async () => {
    const session = pool.get(testConnection(aws.endpoint, { region: 'eu-west-1' }));
    assert.ok((await deploy(session, parseSpec(WS), { stage: 'live' })).report.ok);
    const pulled = await pullApi(session, 'chat-fields');
    const text = serializeSpec(pulled.spec, 'yaml');
    const v = validateSpec(text, { fileName: 'pulled.apigw.yaml' });
    assert.deepEqual(
      v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
      [],
    );
    assert.deepEqual(v.model!.models?.Message?.schema, {
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string' } },
    });
    assert.equal(v.model!.stages?.live?.clientCertificateId, 'abc123');
    assert.deepEqual(plannedChanges((await planDeploy(session, v.model!)).plan), []);
  });

  it("a domain's IP address type, and API mappings to another API by name and by id", async () => {
    const session = pool.get(testConnection(aws.endpoint, { region: 'eu-west-1' }));
    const billing = parseSpec(`
version: 1
api: { name: billing, protocol: HTTP }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:billing' }
routes:
  GET /invoices: { integration: fn }
stages:
  prod: {}
`);
    const billingReport = (await deploy(session, billing, { stage: 'prod' })).report;
    assert.ok(billingReport.ok);
    const domainSpec = (ref: string) =>
      parseSpec(`
version: 1
api: { name: portal, protocol: HTTP }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:portal' }
routes:
  GET /: { integration: fn }
stages:
  $default: { autoDeploy: true }
domains:
  api.example.com:
    certificateArn: arn:aws:acm:\${aws:region}:\${aws:accountId}:certificate/0a1b2c3d-0000-0000-0000-000000000000
    ipAddressType: dualstack
    mappings:
      - stage: $default
      - { api: ${ref}, stage: prod, path: billing }
`);
    const { report } = await deploy(session, domainSpec('billing'));
    assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
    const domain = aws.regionState('eu-west-1').domainNames.get('api.example.com')!;
    assert.equal(domain.domain.domainNameConfigurations[0].ipAddressType, 'dualstack');
    assert.deepEqual([...domain.mappings.values()].map((m) => [m.apiMappingKey, m.apiId, m.stage]).sort(), [
      ['', report.apiId, '$default'],
      ['billing', billingReport.apiId, 'prod'],
    ]);
    assert.deepEqual(plannedChanges((await planDeploy(session, domainSpec('billing'))).plan), []);
    // The same API by its id: nothing to change.
    assert.deepEqual(plannedChanges((await planDeploy(session, domainSpec(billingReport.apiId!))).plan), []);
    // A reference that finds no API blocks the plan instead of guessing.
    const { plan } = await planDeploy(session, domainSpec('nobody'));
    assert.match(plan.blocked.join('\n'), /no API has the id or name nobody/);
  });
});
