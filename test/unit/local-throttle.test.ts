// A stage's throttling on the local API: the token bucket of each route on a clock the test moves, the limits as
// deploy reads them (route settings, then the route's own, then the stage's), and 429 through a real socket: HTTP
// requests, WebSocket upgrades and WebSocket messages.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { accountLimits, RouteThrottle, routeLimits } from '../../src/core/local/throttle';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { parseMapping } from '../../src/core/local/handlers';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, stoppedClock, type LocalWorkspace } from '../support/localWorkspace';
import { until } from './helpers';

describe("a route's token bucket", () => {
  it('lets a burst through, then one request per 1/rate seconds', () => {
    const throttle = new RouteThrottle(accountLimits('us-east-1'));
    const limits = { burstLimit: 2, rateLimit: 1 };
    const at = (ms: number) => throttle.take('GET /a', limits, ms);
    assert.deepEqual([at(0), at(0), at(0)], [true, true, false]);
    assert.equal(at(500), false, 'half a token');
    assert.equal(at(1000), true, 'a whole token a second later');
    assert.equal(at(1000), false);
    // Idle for a minute: the bucket holds no more than its burst.
    assert.deepEqual([at(61_000), at(61_000), at(61_000)], [true, true, false]);
  });

  it('keeps one bucket per route; a burst of 0 throttles every request, a rate of 0 never refills', () => {
    const throttle = new RouteThrottle(accountLimits('us-east-1'));
    assert.equal(throttle.take('GET /a', { burstLimit: 1, rateLimit: 1 }, 0), true);
    assert.equal(throttle.take('GET /b', { burstLimit: 1, rateLimit: 1 }, 0), true, 'its own bucket');
    assert.equal(throttle.take('GET /off', { burstLimit: 0, rateLimit: 100 }, 0), false);
    assert.equal(throttle.take('GET /off', { burstLimit: 0, rateLimit: 100 }, 60_000), false);
    assert.equal(throttle.take('GET /once', { burstLimit: 1, rateLimit: 0 }, 0), true);
    assert.equal(throttle.take('GET /once', { burstLimit: 1, rateLimit: 0 }, 3_600_000), false);
  });
});

describe("the account's quota in the region", () => {
  const spec = { version: 1, api: { name: 'a', protocol: 'HTTP' }, routes: { 'GET /a': {}, 'GET /b': {} } };

  it("AWS's default, lower in Cape Town and Milan; one bucket every route takes from, after its own", () => {
    assert.deepEqual(accountLimits('us-east-1'), { burstLimit: 5000, rateLimit: 10_000 });
    assert.deepEqual(accountLimits('eu-south-1'), { burstLimit: 1250, rateLimit: 2500 });
    const throttle = new RouteThrottle({ burstLimit: 2, rateLimit: 1 });
    const admit = (route: string, at: number) => throttle.admit(spec as unknown as GatewaySpec, 'dev', route, at);
    assert.deepEqual([admit('GET /a', 0), admit('GET /b', 0)], [undefined, undefined]);
    assert.equal(admit('GET /a', 0), "throttled: the account's quota in the region is a burst of 2 and 1 a second");
    assert.equal(admit('GET /b', 1000), undefined, 'a token a second later, whichever route takes it');
  });
});

describe("a route's limits in a stage, as deploy sends them", () => {
  const spec = {
    version: 1,
    api: { name: 'a', protocol: 'HTTP' },
    routes: {
      'GET /own': { throttling: { burstLimit: 5, rateLimit: 5 } },
      'GET /set': { throttling: { burstLimit: 5, rateLimit: 5 } },
      'GET /plain': {},
      'GET /half': {},
    },
    stages: {
      dev: {
        throttling: { burstLimit: 100, rateLimit: 50 },
        routeSettings: {
          'GET /set': { throttling: { burstLimit: 1, rateLimit: 2 } },
          'GET /half': { throttling: { rateLimit: 3 } },
        },
      },
      open: {},
    },
  } as unknown as GatewaySpec;

  it("the stage's route settings, else the route's own, else the stage's default; one value alone is not applied", () => {
    assert.deepEqual(routeLimits(spec, 'dev', 'GET /set'), { burstLimit: 1, rateLimit: 2 });
    assert.deepEqual(routeLimits(spec, 'dev', 'GET /own'), { burstLimit: 5, rateLimit: 5 });
    assert.deepEqual(routeLimits(spec, 'dev', 'GET /plain'), { burstLimit: 100, rateLimit: 50 });
    assert.equal(routeLimits(spec, 'dev', 'GET /half'), undefined);
    assert.equal(routeLimits(spec, 'open', 'GET /plain'), undefined);
    assert.deepEqual(routeLimits(spec, 'open', 'GET /own'), { burstLimit: 5, rateLimit: 5 });
  });
});

describe('local API: a throttled route answers 429 before its authorizer or integration runs', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  // Time moves only when the test says: the bucket refills on this clock alone.
  const clock = stoppedClock(Date.parse('2026-12-02T13:00:00Z'));

  before(async () => {
    ws = localWorkspace({
      'limited.apigw.yaml': [
        'version: 1',
        'api: { name: limited, protocol: HTTP }',
        'integrations:',
        '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn", payloadFormatVersion: "2.0" }',
        'routes:',
        '  GET /limited: { integration: fn }',
        '  GET /free: { integration: fn }',
        '  GET /signed: { integration: fn, authorizationType: AWS_IAM }',
        'stages:',
        '  dev:',
        '    throttling: { burstLimit: 2, rateLimit: 1 }',
        '    routeSettings:',
        '      GET /free: { throttling: { burstLimit: 1000, rateLimit: 1000 } }',
        '      GET /signed: { throttling: { burstLimit: 0, rateLimit: 0 } }',
        '',
      ].join('\n'),
      'limited.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
      'fn.js': "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n",
    });
    api = await startLocalApi({ specPath: ws.file('limited.apigw.yaml'), stage: 'dev', port: 0, watch: false, clock });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  /** The answer, how many functions the request invoked, and the reason its traffic record gives. */
  async function call(route: string): Promise<{ status: number; body: string; invocations: number; error?: string }> {
    const res = await fetch(`${api.url}${route}`);
    const body = await res.text();
    const detail = api.request(res.headers.get('apigw-requestid')!)!;
    const error = detail.record?.error;
    return { status: res.status, body, invocations: detail.invocations.length, ...(error ? { error } : {}) };
  }

  it("a burst of 2, then 429 with AWS's body; a second later one more; another route has its own limits", async () => {
    assert.deepEqual([(await call('/limited')).status, (await call('/limited')).status], [200, 200]);
    assert.deepEqual(await call('/limited'), {
      status: 429,
      body: '{"message":"Too Many Requests"}',
      invocations: 0,
      error: "throttled: the route's limits are a burst of 2 and 1 a second",
    });
    assert.equal((await call('/free')).status, 200);
    clock.advance(1000);
    assert.equal((await call('/limited')).status, 200);
    assert.equal((await call('/limited')).status, 429);
  });

  it('throttles before authorizing: an unsigned request to a closed AWS_IAM route is 429, not 403', async () => {
    assert.equal((await call('/signed')).status, 429);
  });
});

describe("local API: the mapping file's accountThrottling, a raised account quota, shared by every route", () => {
  it('two requests to two unthrottled routes empty a bucket of 2 that does not refill; a bad value is refused', async () => {
    const ws = localWorkspace({
      'quota.apigw.yaml': [
        'version: 1',
        'api: { name: quota, protocol: HTTP }',
        'integrations:',
        '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn", payloadFormatVersion: "2.0" }',
        'routes:',
        '  GET /a: { integration: fn }',
        '  GET /b: { integration: fn }',
        '',
      ].join('\n'),
      'quota.apigw.local.yaml':
        'functions:\n  fn: { handler: fn.js }\naccountThrottling: { burstLimit: 2, rateLimit: 0 }\n',
      'fn.js': "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n",
    });
    const api = await startLocalApi({ specPath: ws.file('quota.apigw.yaml'), port: 0, watch: false });
    try {
      const statuses = [];
      for (const route of ['/a', '/b', '/a']) statuses.push((await fetch(`${api.url}${route}`)).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal(
        api.requests().at(-1)?.error,
        "throttled: the account's quota in the region is a burst of 2 and 0 a second",
      );
    } finally {
      await api.stop();
      ws.remove();
    }
    assert.throws(
      () => parseMapping('accountThrottling: { burstLimit: -1, rateLimit: 5 }\n', 'x.apigw.local.yaml'),
      /accountThrottling is not \{ burstLimit, rateLimit \}/,
    );
  });
});

describe("local API: @connections calls take the account's tokens too", () => {
  it('a $connect and two PostToConnection calls empty a bucket of 3; the next call is LimitExceededException', async () => {
    const ws = localWorkspace({
      'calls.apigw.json': JSON.stringify({ version: 1, api: { name: 'calls', protocol: 'WEBSOCKET' }, routes: {} }),
      'calls.apigw.local.yaml': 'accountThrottling: { burstLimit: 3, rateLimit: 0 }\n',
    });
    const api = await startLocalApi({ specPath: ws.file('calls.apigw.json'), port: 0, watch: false });
    try {
      const c = await open(api.wsUrl!);
      const [id] = api.connections();
      const client = new ApiGatewayManagementApiClient({
        region: 'us-east-1',
        endpoint: api.url,
        credentials: { accessKeyId: 'AKIDLOCALCALLS', secretAccessKey: 'calls-local-secret' },
        maxAttempts: 1,
      });
      const post = (text: string) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: text }));
      await post('one');
      await post('two');
      await assert.rejects(post('three'), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.deepEqual([err.name, err.$metadata?.httpStatusCode], ['LimitExceededException', 429]);
        return true;
      });
      await until(() => c.messages.length >= 2, 'the two messages');
      assert.deepEqual(c.messages, ['one', 'two']);
      c.ws.close();
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe('local API: a WebSocket API throttles connections and messages by route', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  const clock = stoppedClock(Date.parse('2026-12-02T15:00:00Z'));

  before(async () => {
    ws = localWorkspace({
      'chatty.apigw.yaml': [
        'version: 1',
        'api: { name: chatty, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }',
        'integrations:',
        '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn" }',
        'routes:',
        '  $connect: { integration: fn }',
        '  ping: { integration: fn, routeResponseSelectionExpression: $default }',
        '  other: { integration: fn, routeResponseSelectionExpression: $default }',
        'stages:',
        '  dev:',
        '    throttling: { burstLimit: 2, rateLimit: 1 }',
        '    routeSettings:',
        '      ping: { throttling: { burstLimit: 1, rateLimit: 1 } }',
        '',
      ].join('\n'),
      'chatty.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
      'fn.js': "exports.handler = async (e) => ({ statusCode: 200, body: 're ' + e.requestContext.routeKey });\n",
    });
    api = await startLocalApi({ specPath: ws.file('chatty.apigw.yaml'), stage: 'dev', port: 0, watch: false, clock });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it("$connect takes the stage's burst of 2; the third connection is refused 429 until a token comes back", async () => {
    const first = await open(api.wsUrl!);
    const second = await open(api.wsUrl!);
    await assert.rejects(open(api.wsUrl!), /HTTP 429/);
    const refused = api.requests().find((r) => r.route === '$connect' && r.status === 429);
    assert.equal(refused?.error, "throttled: the route's limits are a burst of 2 and 1 a second");
    clock.advance(1000);
    const third = await open(api.wsUrl!);
    for (const c of [first, second, third]) c.ws.close();
  });

  it("a message over its route's limit gets the gateway's Too Many Requests frame, and its integration is not called", async () => {
    clock.advance(10_000);
    const c = await open(api.wsUrl!);
    const next = (n: number) => until(() => c.messages.length >= n, `${n} frames`);
    c.ws.send(JSON.stringify({ action: 'ping' }));
    await next(1);
    c.ws.send(JSON.stringify({ action: 'ping' }));
    await next(2);
    c.ws.send(JSON.stringify({ action: 'other' }));
    await next(3);
    const throttled = JSON.parse(c.messages[1]!) as Record<string, string>;
    assert.deepEqual([c.messages[0], throttled.message, c.messages[2]], ['re ping', 'Too Many Requests', 're other']);
    const record = api.requests().find((r) => r.requestId === throttled.requestId);
    assert.equal(record?.status, 429);
    assert.equal(api.request(throttled.requestId!)?.invocations.length, 0);
    clock.advance(1000);
    c.ws.send(JSON.stringify({ action: 'ping' }));
    await next(4);
    assert.equal(c.messages[3], 're ping');
    c.ws.close();
  });
});
