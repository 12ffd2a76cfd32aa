// The pure half of deploy (src/core/deploy): canonical forms, identity, plans, their text, pull's minimal spec.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildPlan,
  canonicalSpec,
  confirmationText,
  describeIntegration,
  diffFields,
  emptySnapshot,
  findApi,
  formatPath,
  matchIdentities,
  parseIntegrationDescription,
  planJson,
  pullSpec,
  renderPlan,
  stageTagsAfter,
  suggestIntegrationName,
  templatize,
  type LiveSnapshot,
  type Plan,
} from '../../src/core/deploy';
import { mayHaveApplied } from '../../src/aws/writeGuard';
import { liveAuthorizerAsSpec } from '../../src/core/deploy/canonical';
import { resolveSpec, type GatewaySpec } from '../../src/core/gatewaySpec/model';
import { decodeHistory, encodeHistoryEntry, HISTORY_TAG_PREFIX, historyWrite } from '../../src/core/history';
import { parseSpec, sqsJobsSpec } from './deployHelpers';

const CTX = { region: 'eu-west-1', accountId: '123456789012' };

const HTTP = parseSpec(`
version: 1
api: { name: orders-api, protocol: HTTP }
integrations:
  orders-fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:orders' }
  catalog: { type: HTTP_PROXY, uri: 'https://catalog.example.com/{proxy}' }
routes:
  GET /orders: { integration: orders-fn, throttling: { rateLimit: 5 } }
  POST /orders: { integration: orders-fn }
  GET /catalog/{proxy+}: { integration: catalog }
stages:
  dev: { autoDeploy: true }
  prod: { protected: true, routeSettings: { GET /orders: { throttling: { rateLimit: 9 } } } }
`);

function liveIntegration(id: string, o: Record<string, unknown> = {}) {
  return {
    IntegrationId: id,
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
    PayloadFormatVersion: '2.0',
    IntegrationMethod: 'POST',
    TimeoutInMillis: 30000,
    ConnectionType: 'INTERNET',
    ...o,
  };
}

describe('canonical forms', () => {
  it('a spec with its defaults written out and one without them are the same to deploy', () => {
    const explicit = parseSpec(`
version: 1
api: { name: orders-api, protocol: HTTP, disableExecuteApiEndpoint: false, ipAddressType: ipv4 }
integrations:
  orders-fn: { type: AWS_PROXY, uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations', payloadFormatVersion: '2.0', method: POST, timeoutMs: 30000 }
  catalog: { type: HTTP_PROXY, uri: 'https://catalog.example.com/{proxy}', method: ANY, payloadFormatVersion: '1.0' }
routes:
  GET /orders: { integration: orders-fn, authorizationType: NONE }
  POST /orders: { integration: orders-fn }
  GET /catalog/{proxy+}: { integration: catalog }
stages:
  dev: { autoDeploy: true, detailedMetrics: false, routeSettings: { GET /orders: { throttling: { rateLimit: 5 } } } }
  prod: { protected: true, autoDeploy: false, routeSettings: { GET /orders: { throttling: { rateLimit: 9 } } } }
`);
    assert.deepEqual(canonicalSpec(explicit, 'eu-west-1'), canonicalSpec(resolveSpec(HTTP, CTX), 'eu-west-1'));
  });

  it('route throttling becomes route settings of every stage, unless the stage overrides it', () => {
    const c = canonicalSpec(resolveSpec(HTTP, CTX), 'eu-west-1');
    assert.deepEqual(c.stages.dev!.routeSettings, { 'GET /orders': { throttling: { rateLimit: 5 } } });
    assert.deepEqual(c.stages.prod!.routeSettings, { 'GET /orders': { throttling: { rateLimit: 9 } } });
    assert.equal('throttling' in c.routes['GET /orders']!, false);
  });

  it("keeps an integration's name in its description, and reads it back", () => {
    assert.equal(describeIntegration('orders-fn', 'Orders Lambda'), '[apigw:orders-fn] Orders Lambda');
    assert.deepEqual(parseIntegrationDescription('[apigw:orders-fn] Orders [v2] Lambda'), {
      name: 'orders-fn',
      description: 'Orders [v2] Lambda',
    });
    assert.deepEqual(parseIntegrationDescription('[apigw:x]'), { name: 'x' });
    assert.deepEqual(parseIntegrationDescription('made in the console'), { description: 'made in the console' });
    assert.deepEqual(parseIntegrationDescription('[apigw:bad name] x'), { description: '[apigw:bad name] x' });
  });
});

describe('field differences', () => {
  it('names fields by spec path, quoting keys that are not words', () => {
    assert.equal(
      formatPath(['routeSettings', 'GET /orders', 'throttling', 'rateLimit']),
      'routeSettings["GET /orders"].throttling.rateLimit',
    );
    assert.equal(formatPath(['tags', 'cost-center']), 'tags.cost-center');
    assert.deepEqual(
      diffFields({ a: 1, m: { x: '1', y: '2' }, l: [1, 2] }, { a: 1, m: { x: '1' }, l: [2, 1], n: { p: true } }),
      [
        { path: 'l', before: [1, 2], after: [2, 1] },
        { path: 'm.y', before: '2', after: undefined },
        { path: 'n.p', before: undefined, after: true },
      ],
    );
  });
});

describe('identity', () => {
  it('finds the API by its spec tag, offers an untagged namesake for adoption, and refuses ambiguity', () => {
    const tagged = { ApiId: 'a1', Name: 'renamed-in-console', Tags: { 'apigw:spec': 'orders-api' } };
    const named = { ApiId: 'a2', Name: 'orders-api' };
    assert.deepEqual(findApi([named, tagged], 'orders-api', 'eu-west-1'), { status: 'managed', api: tagged });
    assert.deepEqual(findApi([named], 'orders-api', 'eu-west-1'), { status: 'adopt', api: named });
    assert.deepEqual(findApi([], 'orders-api', 'eu-west-1'), { status: 'new' });
    assert.throws(
      () => findApi([tagged, { ...tagged, ApiId: 'a3' }], 'orders-api', 'eu-west-1'),
      /2 APIs in eu-west-1 carry the tag apigw:spec=orders-api/,
    );
    assert.throws(
      () => findApi([named, { ...named, ApiId: 'a4' }], 'orders-api', 'eu-west-1'),
      /2 APIs in eu-west-1 are named orders-api \(a2, a4\)/,
    );
  });

  const snapshot = (
    integrations: ReturnType<typeof liveIntegration>[],
    routes: Array<[string, string]>,
  ): LiveSnapshot => ({
    ...emptySnapshot(),
    integrations,
    routes: routes.map(([key, target], i) => ({
      RouteId: `r${i}`,
      RouteKey: key,
      Target: `integrations/${target}`,
      AuthorizationType: 'NONE',
    })),
  });

  it('matches integrations by recorded name, then by the routes that use them, then by content', () => {
    const desired = canonicalSpec(resolveSpec(HTTP, CTX), 'eu-west-1');
    const snap = snapshot(
      [
        liveIntegration('i1', { Description: 'console text' }),
        liveIntegration('i2', {
          IntegrationType: 'HTTP_PROXY',
          IntegrationUri: 'https://elsewhere.example.com',
          IntegrationMethod: 'ANY',
          Description: '[apigw:catalog]',
        }),
      ],
      [
        ['GET /orders', 'i1'],
        ['POST /orders', 'i1'],
      ],
    );
    const id = matchIdentities(desired, snap, 'eu-west-1', 'orders-api');
    assert.deepEqual(
      id.integrations.map((i) => [i.id, i.name, i.matched]),
      [
        ['i1', 'orders-fn', true],
        ['i2', 'catalog', true],
      ],
    );
    // Content alone: same type and target.
    const byContent = matchIdentities(desired, snapshot([liveIntegration('i9')], []), 'eu-west-1', 'orders-api');
    assert.deepEqual(
      byContent.integrations.map((i) => [i.id, i.name, i.matched]),
      [['i9', 'orders-fn', true]],
    );
  });

  it('of two integrations with one recorded name, keeps the one routes use; the other is planned for deletion', () => {
    const spec = resolveSpec(HTTP, CTX);
    const snap = snapshot(
      [
        liveIntegration('i1', { Description: '[apigw:orders-fn]' }),
        liveIntegration('i2', { Description: '[apigw:orders-fn]' }),
      ],
      [
        ['GET /orders', 'i2'],
        ['POST /orders', 'i2'],
      ],
    );
    const plan = buildPlan({
      spec,
      ctx: CTX,
      match: {
        status: 'managed',
        api: { ApiId: 'a1', Name: 'orders-api', ProtocolType: 'HTTP', Tags: { 'apigw:spec': 'orders-api' } },
      },
      snapshot: snap,
    });
    const del = plan.changes.find((c) => c.action === 'delete' && c.kind === 'integration')!;
    assert.equal(del.id, 'i1');
    assert.match(del.note!, /a second integration named orders-fn \(i1\); the spec's is i2/);
    assert.equal(plan.ids.integrations['orders-fn'], 'i2');
  });

  it('names integrations that have none from what they call', () => {
    assert.equal(suggestIntegrationName(liveIntegration('x')), 'orders');
    assert.equal(
      suggestIntegrationName({ IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://catalog.example.com/{proxy}' }),
      'catalog.example.com',
    );
    assert.equal(
      suggestIntegrationName({ IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'SQS-SendMessage' }),
      'sqs-sendmessage',
    );
    assert.equal(
      suggestIntegrationName({
        IntegrationType: 'HTTP_PROXY',
        IntegrationUri: 'arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/inventory/50dc/0467',
      }),
      'inventory',
    );
    assert.equal(suggestIntegrationName({ IntegrationType: 'MOCK' }), 'mock');
  });
});

describe('plans', () => {
  const newPlan = (spec: GatewaySpec, stage?: string): Plan =>
    buildPlan({ spec, ctx: CTX, match: { status: 'new' }, snapshot: emptySnapshot(), ...(stage ? { stage } : {}) });

  it('from nothing: creates in dependency order, the deployment, and the protected stage to confirm', () => {
    const p = newPlan(HTTP, 'prod');
    assert.deepEqual(
      p.changes.map((c) => `${c.kind} ${c.name}`),
      [
        'api orders-api',
        'integration catalog',
        'integration orders-fn',
        'route GET /catalog/{proxy+}',
        'route GET /orders',
        'route POST /orders',
        'stage dev',
        'stage prod',
      ],
    );
    assert.deepEqual(p.counts, { create: 8, update: 0, replace: 0, delete: 0 });
    assert.equal(p.deployment?.needed, true);
    assert.equal(p.deployment?.reason, 'stage prod is new');
    assert.deepEqual(p.protectedStages, ['prod']);
    const text = renderPlan(p);
    assert.match(text, /^\+ route GET \/orders → orders-fn$/m);
    assert.match(
      text,
      /^\+ integration orders-fn \(AWS_PROXY arn:aws:lambda:eu-west-1:123456789012:function:orders\)$/m,
    );
    assert.match(text, /^\+ stage prod \(protected\)$/m);
    assert.match(text, /^Plan: 8 creates, then a deployment to stage prod\.$/m);
    assert.equal(confirmationText(p), 'Apply 8 creates to orders-api in eu-west-1 and deploy stage prod?');
  });

  it('an auto-deploying stage needs no deployment of ours', () => {
    const p = newPlan(HTTP, 'dev');
    assert.equal(p.deployment?.needed, false);
    assert.equal(p.deployment?.autoDeploy, true);
    assert.deepEqual(p.protectedStages, ['prod']);
  });

  it('a deployment the stage runs but no entry recorded, of this content: the plan records it, creates none', () => {
    const p = newPlan(HTTP, 'prod');
    const recordOnly: Plan = {
      ...p,
      changes: [],
      counts: { create: 0, update: 0, replace: 0, delete: 0 },
      deployment: {
        ...p.deployment!,
        current: 'd2',
        record: { deploymentId: 'd2', previous: 'd1' },
        reason: 'stage prod runs deployment d2 of this spec content, made by a deploy that stopped before recording it',
      },
    };
    const text = renderPlan(recordOnly);
    assert.match(text, /^~ deployment d2 → stage prod \(stage prod runs deployment d2 of this spec content, made by/m);
    assert.match(text, /^Plan: no resource changes, then recording deployment d2 in the history of stage prod\.$/m);
    assert.equal(confirmationText(recordOnly), 'Record deployment d2 of stage prod of orders-api in eu-west-1?');
  });

  it('words the confirmation with the counts, the API and the region', () => {
    const p = { ...newPlan(HTTP), counts: { create: 3, update: 2, replace: 0, delete: 1 } };
    assert.equal(confirmationText(p), 'Apply 3 creates, 2 updates, 1 delete to orders-api in eu-west-1?');
    assert.equal(
      confirmationText({ ...p, counts: { create: 0, update: 1, replace: 0, delete: 0 } }),
      'Apply 1 update to orders-api in eu-west-1?',
    );
  });
});

describe('replacements: what UpdateIntegration cannot do', () => {
  const WS = `
version: 1
api: { name: chat, protocol: WEBSOCKET }
integrations:
  fn: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:chat' }
  other: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:other' }
routes:
  $connect: { integration: fn }
  sendMessage: { integration: fn }
  $default: { integration: other }
stages:
  live: {}
`;
  const wsLive = (id: string, name: string, fn: string, o: Record<string, unknown> = {}) =>
    liveIntegration(id, {
      Description: `[apigw:${name}]`,
      IntegrationUri: `arn:aws:lambda:eu-west-1:123456789012:function:${fn}`,
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 29000,
      ...o,
    });
  const wsApi = {
    status: 'managed' as const,
    api: {
      ApiId: 'a1',
      Name: 'chat',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      DisableExecuteApiEndpoint: false,
      IpAddressType: 'ipv4',
      Tags: { 'apigw:spec': 'chat' },
    },
  };
  const routes = (targets: Array<[string, string]>) =>
    targets.map(([key, target], i) => ({
      RouteId: `r${i}`,
      RouteKey: key,
      Target: `integrations/${target}`,
      AuthorizationType: 'NONE',
      ApiKeyRequired: false,
    }));
  const wsPlan = (text: string, integrations: ReturnType<typeof liveIntegration>[], targets: Array<[string, string]>) =>
    buildPlan({
      spec: parseSpec(text),
      ctx: CTX,
      match: wsApi,
      snapshot: {
        ...emptySnapshot(),
        integrations,
        routes: routes(targets),
        stages: [
          {
            StageName: 'live',
            AutoDeploy: false,
            DeploymentId: 'd1',
            DefaultRouteSettings: { DetailedMetricsEnabled: false, LoggingLevel: 'OFF', DataTraceEnabled: false },
          },
        ],
      },
      stage: 'live',
    });
  const ON_FN: Array<[string, string]> = [
    ['$connect', 'i1'],
    ['sendMessage', 'i1'],
    ['$default', 'i2'],
  ];

  it('contentHandling removed: a replace that names the field, why, and the routes apply moves; then a deployment', () => {
    const p = wsPlan(
      WS,
      [wsLive('i1', 'fn', 'chat', { ContentHandlingStrategy: 'CONVERT_TO_TEXT' }), wsLive('i2', 'other', 'other')],
      ON_FN,
    );
    assert.deepEqual(
      p.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.id}`),
      ['replace integration fn i1'],
    );
    const c = p.changes[0]!;
    assert.deepEqual(c.replace?.routes, ['$connect', 'sendMessage']);
    assert.deepEqual(c.replace?.liveIds, ['i1']);
    assert.deepEqual(c.fields, [{ path: 'contentHandling', before: 'CONVERT_TO_TEXT', after: undefined }]);
    assert.deepEqual(p.counts, { create: 0, update: 0, replace: 1, delete: 0 });
    assert.deepEqual(p.blocked, []);
    assert.equal(p.deployment?.needed, true);
    const text = renderPlan(p);
    assert.match(
      text,
      /^-\/\+ integration fn \(AWS_PROXY arn:aws:lambda:eu-west-1:123456789012:function:chat\): replaced \(contentHandling cannot change in place: apply makes a new integration, points routes \$connect, sendMessage at it, then deletes i1\)$/m,
    );
    assert.match(
      text,
      /^ {4}contentHandling: CONVERT_TO_TEXT → \(none\) \(forces replacement: UpdateIntegration takes ContentHandlingStrategy CONVERT_TO_BINARY or CONVERT_TO_TEXT only, so an integration keeps one once set\)$/m,
    );
    assert.match(text, /^Plan: 1 replace, then a deployment to stage live\.$/m);
    assert.equal(confirmationText(p), 'Apply 1 replace to chat in eu-west-1 and deploy stage live?');
  });

  it('contentHandling changed from one value to the other, or added: an update in place', () => {
    const withBinary = WS.replace("function:chat' }", "function:chat', contentHandling: CONVERT_TO_BINARY }");
    const changed = wsPlan(
      withBinary,
      [wsLive('i1', 'fn', 'chat', { ContentHandlingStrategy: 'CONVERT_TO_TEXT' }), wsLive('i2', 'other', 'other')],
      ON_FN,
    );
    assert.deepEqual(
      changed.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['update integration fn'],
    );
    const added = wsPlan(withBinary, [wsLive('i1', 'fn', 'chat'), wsLive('i2', 'other', 'other')], ON_FN);
    assert.deepEqual(
      added.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['update integration fn'],
    );
  });

  const SQS = (subtype: string, params: string) => sqsJobsSpec('jobs', subtype, params);
  const sqsLive = (o: Record<string, unknown> = {}) =>
    liveIntegration('q1', {
      Description: '[apigw:queue]',
      IntegrationUri: undefined,
      IntegrationMethod: undefined,
      IntegrationSubtype: 'SQS-SendMessage',
      PayloadFormatVersion: '1.0',
      CredentialsArn: 'arn:aws:iam::123456789012:role/jobs',
      RequestParameters: { QueueUrl: '$request.header.queue', MessageBody: '$request.body' },
      ...o,
    });
  const httpPlan = (text: string, integrations: ReturnType<typeof liveIntegration>[]) =>
    buildPlan({
      spec: parseSpec(text),
      ctx: CTX,
      match: {
        status: 'managed',
        api: { ApiId: 'a2', Name: 'jobs', ProtocolType: 'HTTP', Tags: { 'apigw:spec': 'jobs' } },
      },
      snapshot: {
        ...emptySnapshot(),
        integrations,
        routes: routes([
          ['GET /jobs', 'q1'],
          ['POST /jobs', 'q1'],
        ]),
      },
    });

  it('subtype changed or taken away: a replace; the same subtype plans nothing', () => {
    const same = httpPlan(SQS('SQS-SendMessage', 'QueueUrl: $request.header.queue, MessageBody: $request.body'), [
      sqsLive(),
    ]);
    assert.deepEqual(same.changes, []);
    const changed = httpPlan(SQS('SQS-ReceiveMessage', 'QueueUrl: $request.header.queue'), [sqsLive()]);
    assert.deepEqual(
      changed.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['replace integration queue'],
    );
    assert.deepEqual(
      changed.changes[0]!.replace?.causes.map((x) => x.path),
      ['subtype'],
    );
    assert.deepEqual(changed.changes[0]!.replace?.routes, ['GET /jobs', 'POST /jobs']);
    const text = renderPlan(changed);
    assert.match(
      text,
      /^ {4}subtype: SQS-SendMessage → SQS-ReceiveMessage \(forces replacement: AWS keeps the service action/m,
    );
    // Fields that do not force it are listed without the mark.
    assert.match(text, /^ {4}requestParameters\.MessageBody: \$request\.body → \(none\)$/m);
    const lambda = `
version: 1
api: { name: jobs, protocol: HTTP }
integrations:
  queue: { type: AWS_PROXY, uri: 'arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:jobs' }
routes:
  POST /jobs: { integration: queue }
  GET /jobs: { integration: queue }
`;
    const removed = httpPlan(lambda, [sqsLive()]);
    assert.deepEqual(
      removed.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['replace integration queue'],
    );
    assert.match(renderPlan(removed), /^ {4}subtype: SQS-SendMessage → \(none\) \(forces replacement/m);
  });

  it('refuses to replace an integration API Gateway manages (quick create): it cannot be deleted', () => {
    const p = httpPlan(SQS('SQS-ReceiveMessage', 'QueueUrl: $request.header.queue'), [
      sqsLive({ ApiGatewayManaged: true }),
    ]);
    assert.match(
      p.blocked.join('\n'),
      /^integration queue: subtype cannot change in place \(.*\), and API Gateway manages this integration \(quick create\)/m,
    );
  });

  it("a replace cut before the delete: the new integration is the spec's, the routes still on the old move, the old is deleted", () => {
    // i9 was made by the replace (no contentHandling); the routes still target i1, which is recorded under fn too.
    const p = wsPlan(
      WS,
      [
        wsLive('i1', 'fn', 'chat', { ContentHandlingStrategy: 'CONVERT_TO_TEXT' }),
        wsLive('i2', 'other', 'other'),
        wsLive('i9', 'fn', 'chat'),
      ],
      ON_FN,
    );
    assert.equal(p.ids.integrations.fn, 'i9');
    assert.deepEqual(
      p.changes.map(
        (c) =>
          `${c.action} ${c.kind} ${c.name} ${c.fields.map((f) => `${f.path}:${String(f.before)}→${String(f.after)}`).join(',')}`,
      ),
      [
        'update route $connect integration:fn-i1→fn',
        'update route sendMessage integration:fn-i1→fn',
        'delete integration fn-i1 ',
      ],
    );
    assert.match(
      p.changes[2]!.note!,
      /^the fn that integration i9 replaces \(i1\): a deploy made the new one and stopped before deleting this one$/,
    );
    // Once the routes moved (the delete alone failed), only the delete is left.
    const moved = wsPlan(
      WS,
      [
        wsLive('i1', 'fn', 'chat', { ContentHandlingStrategy: 'CONVERT_TO_TEXT' }),
        wsLive('i2', 'other', 'other'),
        wsLive('i9', 'fn', 'chat'),
      ],
      [
        ['$connect', 'i9'],
        ['sendMessage', 'i9'],
        ['$default', 'i2'],
      ],
    );
    assert.deepEqual(
      moved.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${c.id}`),
      ['delete integration fn-i1 i1'],
    );
  });
});

describe("stage tags: the history gives way to the spec's, within AWS's 50", () => {
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_v, i) => [`t${i}`, 'v']));
  const specWith = (stage: Record<string, unknown>) =>
    parseSpec(
      JSON.stringify({ version: 1, api: { name: 'tagged', protocol: 'HTTP' }, stages: { prod: stage } }),
      'spec.apigw.json',
    );
  const history = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_v, i) => [
        `${HISTORY_TAG_PREFIX}${i}`,
        encodeHistoryEntry({ seq: i, deploymentId: i === n - 1 ? 'd1' : `old${i}`, action: 'deploy' }),
      ]),
    );
  const planOf = (spec: GatewaySpec, live: Record<string, string>) =>
    buildPlan({
      spec,
      ctx: CTX,
      match: {
        status: 'managed',
        api: { ApiId: 'a1', Name: 'tagged', ProtocolType: 'HTTP', Tags: { 'apigw:spec': 'tagged' } },
      },
      snapshot: {
        ...emptySnapshot(),
        stages: [
          {
            StageName: 'prod',
            AutoDeploy: false,
            DeploymentId: 'd1',
            DefaultRouteSettings: { DetailedMetricsEnabled: false },
            Tags: live,
          },
        ],
      },
      stage: 'prod',
    });

  it('five more tags on a stage with 40 and ten entries: the five oldest entries give way, and the deployment step counts without them', () => {
    const live = { ...tags(40), ...history(10) };
    const p = planOf(specWith({ tags: tags(45) }), live);
    const c = p.changes.find((x) => x.kind === 'stage')!;
    assert.deepEqual(
      c.historyGivesWay,
      [0, 1, 2, 3, 4].map((i) => `${HISTORY_TAG_PREFIX}${i}`),
    );
    assert.match(
      renderPlan(p),
      /^~ stage prod \(the 5 oldest history entries give way to its tags, to stay within AWS's 50: apigw:history:0, apigw:history:1, apigw:history:2, apigw:history:3, apigw:history:4\)$/m,
    );
    const json = planJson(p) as { changes: Array<{ kind: string; historyGivesWay?: string[] }> };
    assert.deepEqual(
      json.changes.find((x) => x.kind === 'stage')!.historyGivesWay,
      c.historyGivesWay,
      'in the JSON too',
    );
    assert.deepEqual(p.blocked, []);
    // What the deployment step writes its entry into: the 45 tags and the 5 entries left, not the 55 read before.
    const after = stageTagsAfter(p, 'prod');
    assert.equal(Object.keys(after).length, 50);
    assert.equal(decodeHistory(after).length, 5);
    const w = historyWrite(after, { deploymentId: 'd2', action: 'deploy' })!;
    assert.deepEqual(w.remove, []);
    assert.deepEqual(Object.keys(w.set), [`${HISTORY_TAG_PREFIX}5`], 'the oldest slot left, reused');
    // Room enough: nothing gives way.
    const roomy = planOf(specWith({ tags: tags(42) }), { ...tags(40), ...history(8) });
    assert.equal(roomy.changes.find((x) => x.kind === 'stage')!.historyGivesWay, undefined);
  });

  it('refuses a stage whose own tags alone take the 50: not one entry would fit, so deploy could never tell what it runs', () => {
    const full = planOf(specWith({ protected: true, tags: tags(49) }), { ...tags(40), ...history(10) });
    assert.match(
      full.blocked.join('\n'),
      /^Stage prod: its own tags would be 50 \(the spec's 49, apigw:protected\), and AWS allows 50 per stage: no room is left for even one entry of the history deploy keeps in its tags \(apigw:history:N\), without which every deploy makes a new deployment and a rollback cannot tell what the stage ran before\. Remove at least 1 of its tags from the spec\.$/m,
    );
    assert.match(renderPlan(full), /^Cannot apply: 1 problem above\.$/m);
    // Tags deploy keeps in AWS (another tool's apigw:…) count too, AWS's own (aws:…) do not (API Gateway's tag
    // restrictions); a new stage is counted from the spec.
    const kept = planOf(specWith({ tags: tags(49) }), {
      ...tags(40),
      'apigw:owner': 'platform',
      ...history(2),
    });
    assert.match(kept.blocked.join('\n'), /its own tags would be 50 \(the spec's 49, 1 kept in AWS\)/);
    const awsOwn = planOf(specWith({ tags: tags(49) }), {
      ...tags(40),
      'aws:cloudformation:stack-name': 's',
      'aws:cloudformation:logical-id': 'Prod',
      ...history(2),
    });
    assert.deepEqual(awsOwn.blocked, []);
    assert.deepEqual(planOf(specWith({ tags: tags(49) }), {}).blocked, []);
    // An auto-deploying stage keeps no history: its 50 are fine, 51 are not.
    assert.deepEqual(planOf(specWith({ autoDeploy: true, tags: tags(50) }), {}).blocked, []);
    assert.match(
      planOf(specWith({ autoDeploy: true, protected: true, tags: tags(50) }), {}).blocked.join('\n'),
      /^Stage prod: its own tags would be 51 \(the spec's 50, apigw:protected\), and AWS allows 50 per stage\. Remove at least 1 of its tags from the spec\.$/m,
    );
  });
});

describe('pull', () => {
  it('keeps a result TTL only on HTTP API authorizers: a WebSocket spec pulled with one would not validate', () => {
    const live = {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
      AuthorizerUri:
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
      AuthorizerResultTtlInSeconds: 300,
    };
    assert.equal(liveAuthorizerAsSpec(live, 'WEBSOCKET').resultTtlSeconds, undefined);
    assert.equal(liveAuthorizerAsSpec(live, 'HTTP').resultTtlSeconds, 300);
  });

  it("writes the account and region in ARNs as variables, and leaves other accounts' ARNs alone", () => {
    assert.equal(
      templatize('arn:aws:lambda:eu-west-1:123456789012:function:f', 'eu-west-1', '123456789012'),
      'arn:aws:lambda:${aws:region}:${aws:accountId}:function:f',
    );
    assert.equal(
      templatize('arn:aws:iam::123456789012:role/r', 'eu-west-1', '123456789012'),
      'arn:aws:iam::${aws:accountId}:role/r',
    );
    assert.equal(
      templatize('arn:aws:lambda:eu-west-1:999999999999:function:f', 'eu-west-1', '123456789012'),
      'arn:aws:lambda:${aws:region}:999999999999:function:f',
    );
    assert.equal(
      templatize('https://sqs.eu-west-1.amazonaws.com/123456789012/q', 'eu-west-1', '123456789012'),
      'https://sqs.${aws:region}.amazonaws.com/${aws:accountId}/q',
    );
    assert.equal(
      templatize('https://cognito-idp.eu-west-1.amazonaws.com/pool', 'eu-west-1', '123456789012'),
      'https://cognito-idp.eu-west-1.amazonaws.com/pool',
    );
  });

  it('leaves defaults out and names resources by what AWS recorded', () => {
    const snap: LiveSnapshot = {
      ...emptySnapshot(),
      integrations: [
        liveIntegration('i1', {
          Description: '[apigw:orders-fn] The orders function',
          IntegrationUri:
            'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations',
        }),
      ],
      routes: [
        {
          RouteId: 'r1',
          RouteKey: 'GET /orders',
          Target: 'integrations/i1',
          AuthorizationType: 'NONE',
          ApiKeyRequired: false,
        },
      ],
      stages: [
        {
          StageName: 'prod',
          AutoDeploy: false,
          DefaultRouteSettings: { DetailedMetricsEnabled: false },
          RouteSettings: {
            'GET /orders': { DetailedMetricsEnabled: false, ThrottlingRateLimit: 3 },
            'GET /gone': { ThrottlingRateLimit: 1 },
          },
          Tags: { 'apigw:protected': 'true', 'apigw:history:0': 'seq=0 to=abc' },
        },
      ],
    };
    const api = {
      ApiId: 'a1',
      Name: 'orders-api',
      ProtocolType: 'HTTP',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      DisableExecuteApiEndpoint: false,
      IpAddressType: 'ipv4',
      RouteSelectionExpression: '${request.method} ${request.path}',
      Tags: { 'apigw:spec': 'orders-api', team: 'orders' },
    };
    const { spec, warnings } = pullSpec(api, snap, CTX);
    assert.deepEqual(spec, {
      version: 1,
      api: { name: 'orders-api', protocol: 'HTTP', tags: { team: 'orders' } },
      integrations: {
        'orders-fn': {
          type: 'AWS_PROXY',
          description: 'The orders function',
          uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:orders',
        },
      },
      routes: { 'GET /orders': { integration: 'orders-fn' } },
      stages: { prod: { protected: true, routeSettings: { 'GET /orders': { throttling: { rateLimit: 3 } } } } },
    });
    assert.deepEqual(warnings, [
      'Stage prod has route settings for GET /gone, which is no route of the API: left out.',
    ]);
  });
  it('says which private integrations go through a VPC link a spec cannot name (a WebSocket API takes REST API VPC links)', () => {
    const snap: LiveSnapshot = {
      ...emptySnapshot(),
      integrations: [
        liveIntegration('i1', {
          IntegrationType: 'HTTP_PROXY',
          IntegrationUri: 'http://nlb.internal/chat',
          IntegrationMethod: 'POST',
          ConnectionType: 'VPC_LINK',
          ConnectionId: 'v1link',
        }),
      ],
      routes: [{ RouteId: 'r1', RouteKey: '$default', Target: 'integrations/i1', AuthorizationType: 'NONE' }],
    };
    const api = {
      ApiId: 'a1',
      Name: 'chat',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    };
    const { spec, warnings } = pullSpec(api, snap, CTX);
    assert.equal(spec.integrations?.['nlb.internal']?.vpcLink, '(VPC link v1link)');
    assert.deepEqual(warnings, [
      'Integration nlb.internal is a private integration through VPC link v1link, a REST API VPC link (the only kind WebSocket APIs take), which a spec cannot describe: its vpcLink is written as "(VPC link v1link)", so the spec does not validate until you change or remove the integration (without vpcLink, deploying makes it public).',
    ]);
    const http = pullSpec(
      { ...api, Name: 'web', ProtocolType: 'HTTP' },
      { ...snap, routes: [{ ...snap.routes[0]!, RouteKey: 'ANY /x' }] },
      CTX,
    );
    assert.match(
      http.warnings[0] ?? '',
      /VPC link v1link, which is not among the VPC links of the account and region:/,
    );
  });
});

describe('write guard', () => {
  it('treats a missing answer or a server error as possibly applied, a 4xx or 429 as not', () => {
    assert.equal(mayHaveApplied(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), true);
    assert.equal(mayHaveApplied({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }), true);
    assert.equal(mayHaveApplied({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }), false);
    assert.equal(mayHaveApplied({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } }), false);
    assert.equal(mayHaveApplied({ name: 'AbortError' }), false);
  });
});
