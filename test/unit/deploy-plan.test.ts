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
  pullSpec,
  renderPlan,
  suggestIntegrationName,
  templatize,
  type LiveSnapshot,
  type Plan,
} from '../../src/core/deploy';
import { mayHaveApplied } from '../../src/aws/writeGuard';
import { liveAuthorizerAsSpec } from '../../src/core/deploy/canonical';
import { resolveSpec, type GatewaySpec } from '../../src/core/gatewaySpec/model';
import { parseSpec } from './deployHelpers';

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
    assert.deepEqual(p.counts, { create: 8, update: 0, delete: 0 });
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
      counts: { create: 0, update: 0, delete: 0 },
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
    const p = { ...newPlan(HTTP), counts: { create: 3, update: 2, delete: 1 } };
    assert.equal(confirmationText(p), 'Apply 3 creates, 2 updates, 1 delete to orders-api in eu-west-1?');
    assert.equal(
      confirmationText({ ...p, counts: { create: 0, update: 1, delete: 0 } }),
      'Apply 1 update to orders-api in eu-west-1?',
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
