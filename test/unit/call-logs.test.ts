// That request's logs, against the local AWS service through the real SDK: a live stage read as calling needs it
// (invoke URL, custom domain, routes, functions, access log group); the access line and the Lambda lines of one
// request found with one FilterLogEvents call per group, those of another request left out; lines that arrive late
// (an injected clock, progress reported); lines that never arrive (a clear message); the time-window fallback when the
// access log lacks the integration's request id; a refused request that ran no integration; the access log format
// the workbench sets carries $context.integration.requestId.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logsForRequest, readLiveApi, requestLogLines, type RequestLogsProgress } from '../../src/aws/call';
import type { AwsSession } from '../../src/aws/session';
import { accessLogFormat } from '../../src/aws/tail';
import { specApi } from '../../src/core/call/api';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import type { Clock } from '../../src/core/tail/clock';
import { lambdaDenial } from '../localaws/lambda';
import { ordersApi, type SeedApi, type SeedFile } from '../localaws/seed';
import { LocalAws } from '../localaws/server';
import { testConnection } from '../localaws/connection';
import { testSessions } from '../localaws/sessions';
import { lastSeq } from './deployHelpers';

const ACCESS = '/aws/apigateway/orders/prod';
const FN = '/aws/lambda/orders-fn';
/** A custom log group (the function's LoggingConfig.LogGroup). */
const SHARED = '/app/shared';
/** Where version 7 of `payments` (alias `live`) logs: the LoggingConfig it was published with. */
const V7 = '/app/payments-v7';
/** Streams of a custom group two functions share: Lambda names each YYYY/MM/DD/FUNCTION[VERSION]GUID. */
const STREAMS = { shared: '2024/03/12/shared-fn[$LATEST]0a1b2c3d', other: '2024/03/12/other-fn[$LATEST]4e5f6a7b' };
const streamNamed = (logStreamName: string) => ({ logStreamName });
const T0 = Date.now() - 60_000;
const A = { api: 'KHFAoB81iOFx1Q=', lambda: '3f1c2a7e-8b9d-4e0f-a1b2-c3d4e5f60718' };
const B = { api: 'KHFBzz99iOFx2Q=', lambda: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4' };

function seed(): SeedFile {
  const api = ordersApi();
  api.stages = api.stages!.map((s) =>
    s.stageName === 'prod'
      ? {
          ...s,
          accessLogSettings: {
            destinationArn: `arn:aws:logs:us-east-1:123456789012:log-group:${ACCESS}`,
            format: accessLogFormat('HTTP'),
          },
        }
      : s,
  );
  return {
    apis: [api, versionsApi()],
    domainNames: [
      {
        domainName: 'api.example.com',
        domainNameConfigurations: [{ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }],
        apiMappings: [{ api: 'orders-api', stage: 'prod', apiMappingKey: 'orders' }],
      },
    ],
    logGroups: [ACCESS, FN, SHARED, V7, '/aws/lambda/payments', '/aws/lambda/gate'].map((logGroupName) => ({
      logGroupName,
      streams: [{ logStreamName: 's1' }, { logStreamName: 's2' }, ...Object.values(STREAMS).map(streamNamed)],
    })),
    functions: [
      { FunctionName: 'orders-fn' },
      { FunctionName: 'shared-fn', LoggingConfig: { LogGroup: SHARED } },
      { FunctionName: 'payments', versions: { '7': { LoggingConfig: { LogGroup: V7 } } }, aliases: { live: '7' } },
      { FunctionName: 'gate', versions: { '3': {} } },
    ],
  };
}

const invocationUri = (fn: string) =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`;

/** Routes that call a function at an alias (chosen by a stage variable) and a version, in both URI forms. */
function versionsApi(): SeedApi {
  return {
    name: 'payments-api',
    protocolType: 'HTTP',
    integrations: [
      {
        ref: 'pay',
        integrationType: 'AWS_PROXY',
        payloadFormatVersion: '2.0',
        integrationUri: invocationUri('payments:${stageVariables.alias}'),
      },
      {
        ref: 'v7',
        integrationType: 'AWS_PROXY',
        payloadFormatVersion: '2.0',
        integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:payments:7',
      },
    ],
    authorizers: [
      {
        ref: 'gate',
        name: 'gate',
        authorizerType: 'REQUEST',
        authorizerUri: invocationUri('gate:3'),
        authorizerPayloadFormatVersion: '2.0',
        identitySource: ['$request.header.X-Token'],
      },
    ],
    routes: [
      { routeKey: 'GET /pay', integration: 'pay', authorizationType: 'CUSTOM', authorizer: 'gate' },
      { routeKey: 'GET /v7', integration: 'v7' },
    ],
    deployments: [{ ref: 'd1' }],
    stages: [
      { stageName: 'prod', deployment: 'd1', stageVariables: { alias: 'live' } },
      { stageName: 'bare', deployment: 'd1' },
    ],
  };
}

const clf = (t: number) => {
  const d = new Date(t);
  const mon = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')[d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

function accessLine(
  r: { api: string; lambda?: string },
  t: number,
  o: { integration?: boolean; status?: string } = {},
): string {
  return JSON.stringify({
    requestId: r.api,
    requestTime: clf(t),
    httpMethod: 'GET',
    routeKey: 'GET /orders/{id}',
    status: o.status ?? '200',
    responseLatency: '40',
    ...(o.integration === false ? {} : { integrationRequestId: r.lambda ?? '-' }),
  });
}

function lambdaLines(id: string, t: number, text: string): Array<{ timestamp: number; message: string }> {
  return [
    { timestamp: t, message: `START RequestId: ${id} Version: $LATEST\n` },
    { timestamp: t + 5, message: `${new Date(t + 5).toISOString()}\t${id}\tINFO\t${text}\n` },
    { timestamp: t + 30, message: `END RequestId: ${id}\n` },
    { timestamp: t + 30, message: `REPORT RequestId: ${id}\tDuration: 25.00 ms\tBilled Duration: 25 ms\n` },
  ];
}

/** A clock whose timers fire on the next turn of the event loop, moving its time forward by their delay. */
function virtualClock(start: number): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    setTimeout: (fn, ms) =>
      setImmediate(() => {
        sleeps.push(ms);
        now += ms;
        fn();
      }),
    clearTimeout: (h) => clearImmediate(h as NodeJS.Immediate),
  };
}

/** The region and account of the functions the tests' ARNs name: a function's logs are read where it is. */
const HOME = { region: 'us-east-1', account: '123456789012' };
describe("that request's logs, against the local AWS service", () => {
  let aws: LocalAws;
  let session: AwsSession;
  let logs: CloudWatchLogsClient;
  const put = (group: string, stream: string, events: Array<{ timestamp: number; message: string }>) =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
  const filterCalls = async (since: number) =>
    (await aws.calls({ service: 'logs', since })).filter((c) => c.operation === 'FilterLogEvents');

  before(async () => {
    aws = await LocalAws.start({ seed: seed(), config: { apigatewayRate: null } });
    session = testSessions().get(testConnection(aws.endpoint));
    logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      credentials: { accessKeyId: 'AKIDLOGTEST', secretAccessKey: 'x' },
    });
  });
  after(async () => {
    logs?.destroy();
    session?.destroy();
    await aws?.close();
  });

  it('reads the live stage: invoke URL and custom domain as targets, route auth, functions, access log group', async () => {
    const api = await readLiveApi(session, 'orders-api', 'prod');
    assert.deepEqual(
      api.targets.map((t) => t.baseUrl),
      [`https://${api.apiId}.execute-api.us-east-1.amazonaws.com/prod`, 'https://api.example.com/orders'],
    );
    assert.equal(api.routes.get('POST /orders')!.type, 'JWT');
    assert.equal(
      api.routes.get('POST /orders')!.jwt!.issuer,
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
    );
    assert.deepEqual(api.functions.get('GET /orders/{id}'), { integration: { name: 'orders-fn', ...HOME } });
    assert.deepEqual(api.functions.get('ANY /legacy/{proxy+}'), {});
    assert.equal(api.accessLogGroup, ACCESS);
    assert.equal(api.accessLogFormat, accessLogFormat('HTTP'), 'the access line is read against it');
    await assert.rejects(readLiveApi(session, 'orders-api', 'nope'), (err: any) => {
      assert.match(err.message, /The API orders-api has no stage nope\./);
      assert.equal(err.hint, 'Its stages: dev, prod.');
      return true;
    });
  });

  it('finds the access line and the Lambda lines of one request with one call per group, and none of another', async () => {
    await put(ACCESS, 's1', [
      { timestamp: T0, message: accessLine(A, T0) },
      { timestamp: T0 + 1, message: accessLine(B, T0 + 1) },
    ]);
    await put(FN, 's1', lambdaLines(A.lambda, T0 + 2, 'order 42 read'));
    await put(FN, 's2', lambdaLines(B.lambda, T0 + 3, 'order 7 read'));
    const since = await lastSeq(aws);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: A.api,
      startedAt: T0,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'orders-fn' } },
    });
    assert.equal(r.complete, true, r.message);
    assert.equal(r.calls, 2);
    assert.equal((await filterCalls(since)).length, 2, 'one FilterLogEvents call per group');
    assert.equal(r.accessRecord!.integrationRequestId, A.lambda);
    assert.deepEqual(
      r.functions.map((f) => [f.name, f.correlation, f.events.length, f.complete]),
      [['orders-fn', 'integration-request-id', 4, true]],
    );
    const text = requestLogLines(r, { utc: true }).join('\n');
    assert.match(text, /access\s+GET\s+\/orders\/\{id\}\s+200\s+40 ms\s+KHFAoB81iOFx1Q=/);
    assert.match(text, /orders-fn\s+.*order 42 read/);
    assert.ok(!text.includes('order 7') && !text.includes(B.api) && !text.includes(B.lambda), 'nothing of request B');
    assert.match(r.message, /^1 access log line, 4 Lambda lines for request KHFAoB81iOFx1Q=\.$/);
  });

  it('reads a CLF access line against the stage format: the invocation it names, and its columns', async () => {
    const D = { api: 'CLFdd11iOFx4Q=', lambda: '0a1b2c3d-4e5f-4061-8273-849506172839' };
    const format =
      '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLatency $context.requestId $context.integration.requestId';
    const line = `203.0.113.7 - - [${clf(T0 + 200)}] "GET GET /orders/{id} HTTP/1.1" 200 40 ${D.api} ${D.lambda}`;
    await put(ACCESS, 's1', [{ timestamp: T0 + 200, message: line }]);
    await put(FN, 's1', lambdaLines(D.lambda, T0 + 202, 'order 9 read'));
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: D.api,
      startedAt: T0 + 200,
      accessLogGroup: ACCESS,
      accessLogFormat: format,
      functions: { integration: { name: 'orders-fn' } },
    });
    assert.equal(r.complete, true, r.message);
    assert.equal(r.accessRecord!.integrationRequestId, D.lambda);
    assert.equal(r.accessRecord!.requestTime, Math.floor((T0 + 200) / 1000) * 1000);
    assert.deepEqual(
      r.functions.map((f) => [f.correlation, f.events.length]),
      [['integration-request-id', 4]],
    );
    assert.match(
      requestLogLines(r, { utc: true }).join('\n'),
      /access\s+GET\s+\/orders\/\{id\}\s+200\s+40 ms\s+CLFdd11iOFx4Q=/,
    );
  });

  it('waits for lines that arrive late on the injected clock, reporting progress', async () => {
    const C = { api: 'LATEcc11iOFx3Q=', lambda: '11111111-2222-4333-8444-555555555555' };
    const clock = virtualClock(T0 + 10_000);
    const progress: RequestLogsProgress[] = [];
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: C.api,
      startedAt: T0 + 100,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'orders-fn' } },
      clock,
      onProgress: (p) => {
        progress.push(p);
        // CloudWatch ingests the access line first, the function's a little later.
        if (p.attempt === 1) void put(ACCESS, 's2', [{ timestamp: T0 + 100, message: accessLine(C, T0 + 100) }]);
        if (p.attempt === 2) void put(FN, 's1', lambdaLines(C.lambda, T0 + 110, 'late but here'));
      },
    });
    assert.equal(r.complete, true, r.message);
    assert.deepEqual(
      progress.map((p) => [p.attempt, p.waitingFor]),
      [
        [1, ['access log', 'orders-fn']],
        [2, ['orders-fn']],
      ],
    );
    assert.deepEqual(clock.sleeps, [1000, 2000]);
    assert.ok(r.events.some((e) => e.message.includes('late but here')));
  });

  it('ends with a clear message when the lines never arrive', async () => {
    const clock = virtualClock(T0);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: 'NEVERx00iOFx9Q=',
      startedAt: T0,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'orders-fn' } },
      clock,
      waitMs: 30_000,
    });
    assert.equal(r.complete, false);
    assert.deepEqual(r.events, []);
    assert.match(
      r.message,
      /No access log line for request NEVERx00iOFx9Q= arrived in \/aws\/apigateway\/orders\/prod within 30 s/,
    );
    assert.ok(clock.now() - T0 >= 30_000 && clock.now() - T0 < 40_000, 'gave up after the wait, on the clock');
  });

  it('without the integration request id in the format: the invocation inside the request time window', async () => {
    const D = { api: 'WINDdd22iOFx4Q=', lambda: '22222222-3333-4444-8555-666666666666' };
    const other = '33333333-4444-4555-8666-777777777777';
    const t = T0 + 20_000;
    await put(ACCESS, 's1', [{ timestamp: t, message: accessLine(D, t, { integration: false }) }]);
    await put(FN, 's2', [
      ...lambdaLines(other, t - 5_000, 'earlier request'),
      ...lambdaLines(D.lambda, t + 10, 'in the window'),
    ]);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: D.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'orders-fn' } },
    });
    assert.equal(r.functions[0]!.correlation, 'time-window');
    assert.ok(r.events.some((e) => e.message.includes('in the window')));
    assert.ok(!r.events.some((e) => e.message.includes('earlier request')));
    assert.match(r.message, /does not carry \$context\.integration\.requestId: Lambda lines were matched by time/);
  });

  it("in a group functions share, the time window holds only the function's own streams", async () => {
    const S = { api: 'SHRDss88iOFxAQ=', lambda: '88888888-9999-4aaa-8bbb-cccccccccccc' };
    const other = '99999999-aaaa-4bbb-8ccc-dddddddddddd';
    const t = T0 + 80_000;
    await put(ACCESS, 's1', [{ timestamp: t, message: accessLine(S, t, { integration: false }) }]);
    await put(SHARED, STREAMS.other, lambdaLines(other, t + 5, 'the other function'));
    await put(SHARED, STREAMS.shared, lambdaLines(S.lambda, t + 10, 'this function'));
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: S.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'shared-fn' } },
      clock: virtualClock(t),
      waitMs: 5_000,
    });
    assert.deepEqual(
      r.functions.map((f) => [f.logGroupName, f.correlation, f.candidates, f.events.length]),
      [[SHARED, 'time-window', undefined, 4]],
    );
    assert.ok(r.events.some((e) => e.message.includes('this function')));
    assert.ok(!r.events.some((e) => e.message.includes('the other function')), "the other function's lines left out");
    assert.doesNotMatch(r.message, /invocations fit/);
  });

  it('a refused request ran no integration: no wait for its function', async () => {
    const E = { api: 'DENYee33iOFx5Q=' };
    const t = T0 + 30_000;
    await put(ACCESS, 's2', [{ timestamp: t, message: accessLine(E, t, { status: '401' }) }]);
    const clock = virtualClock(t);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: E.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'orders-fn' } },
      clock,
    });
    assert.equal(r.complete, true);
    assert.deepEqual(clock.sleeps, [], 'no waiting');
    assert.match(r.message, /No integration was called \(status 401\)/);
  });

  it("reads a function's lines from the custom log group Lambda names (LoggingConfig.LogGroup)", async () => {
    const F = { api: 'CUSTff44iOFx6Q=', lambda: '44444444-5555-4666-8777-888888888888' };
    const t = T0 + 40_000;
    await put(ACCESS, 's1', [{ timestamp: t, message: accessLine(F, t) }]);
    await put(SHARED, 's1', lambdaLines(F.lambda, t + 2, 'custom group line'));
    const since = await lastSeq(aws);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: F.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'shared-fn' } },
      clock: virtualClock(t),
      waitMs: 5_000,
    });
    assert.equal(r.complete, true, r.message);
    assert.deepEqual(
      r.functions.map((f) => [f.name, f.logGroupName, f.correlation, f.events.length]),
      [['shared-fn', SHARED, 'integration-request-id', 4]],
    );
    assert.match(requestLogLines(r, { utc: true }).join('\n'), /shared-fn\s+.*custom group line/);
    const asked = await aws.calls({ service: 'lambda', since });
    assert.deepEqual(
      asked.map((c) => [c.operation, c.params.FunctionName, c.status]),
      [['GetFunctionConfiguration', 'shared-fn', 200]],
    );
    assert.match(r.message, /^1 access log line, 4 Lambda lines for request CUSTff44iOFx6Q=\.$/);
  });

  it('a denied GetFunctionConfiguration: the default group is read, and the message says it was assumed', async () => {
    const G = { api: 'DNIEgg55iOFx7Q=', lambda: '55555555-6666-4777-8888-999999999999' };
    const t = T0 + 50_000;
    await put(ACCESS, 's2', [{ timestamp: t, message: accessLine(G, t) }]);
    await put(FN, 's2', lambdaLines(G.lambda, t + 2, 'default group line'));
    const ids = await aws.addFaults([lambdaDenial()]);
    try {
      const r = await logsForRequest({
        logs: session.logs,
        lambda: session.lambda,
        requestId: G.api,
        startedAt: t,
        accessLogGroup: ACCESS,
        functions: { integration: { name: 'orders-fn' } },
        clock: virtualClock(t),
        waitMs: 5_000,
      });
      assert.equal(r.complete, true, r.message);
      assert.deepEqual(
        r.functions.map((f) => [f.logGroupName, f.events.length]),
        [[FN, 4]],
      );
      assert.match(
        r.message,
        /orders-fn: its log group is assumed to be \/aws\/lambda\/NAME: lambda:GetFunctionConfiguration was denied\. Allow it/,
      );
    } finally {
      await aws.clearFaults(ids);
    }
  });

  it("names each route's function at the alias or version its URI calls, stage variables resolved (live API)", async () => {
    const prod = await readLiveApi(session, 'payments-api', 'prod');
    assert.deepEqual(prod.functions.get('GET /pay'), {
      integration: { name: 'payments', qualifier: 'live', ...HOME },
      authorizer: { name: 'gate', qualifier: '3', ...HOME },
    });
    assert.deepEqual(prod.functions.get('GET /v7'), { integration: { name: 'payments', qualifier: '7', ...HOME } });
    const bare = await readLiveApi(session, 'payments-api', 'bare');
    assert.deepEqual(
      bare.functions.get('GET /pay'),
      { authorizer: { name: 'gate', qualifier: '3', ...HOME } },
      'a stage that does not set the alias variable calls no function through that URI',
    );
  });

  it("names each route's function at the alias or version its URI calls (spec)", () => {
    const spec: GatewaySpec = {
      version: 1,
      api: { name: 'payments-api', protocol: 'HTTP' },
      integrations: {
        pay: { type: 'AWS_PROXY', uri: invocationUri('payments:${stageVariables.alias}') },
        v7: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:payments:7' },
        whole: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}' },
      },
      authorizers: { gate: { type: 'REQUEST', uri: invocationUri('gate:3'), identitySources: ['$request.header.X'] } },
      routes: {
        'GET /pay': { integration: 'pay', authorizer: 'gate' },
        'GET /v7': { integration: 'v7' },
        'GET /whole': { integration: 'whole' },
      },
      stages: { prod: { variables: { alias: 'live', fn: 'billing:$LATEST' } }, bare: {} },
    };
    const prod = specApi(spec, 'prod', []);
    assert.deepEqual(Object.fromEntries(prod.functions), {
      'GET /pay': {
        integration: { name: 'payments', qualifier: 'live', ...HOME },
        authorizer: { name: 'gate', qualifier: '3', ...HOME },
      },
      'GET /v7': { integration: { name: 'payments', qualifier: '7', ...HOME } },
      'GET /whole': { integration: { name: 'billing', ...HOME } },
    });
    assert.deepEqual(Object.fromEntries(specApi(spec, 'bare', []).functions), {
      'GET /pay': { authorizer: { name: 'gate', qualifier: '3', ...HOME } },
      'GET /v7': { integration: { name: 'payments', qualifier: '7', ...HOME } },
      'GET /whole': {},
    });
  });

  it("names a WebSocket route's custom (AWS) Lambda integration's function as the live API's view does (spec)", () => {
    const spec: GatewaySpec = {
      version: 1,
      api: { name: 'chat', protocol: 'WEBSOCKET' },
      integrations: {
        custom: { type: 'AWS', uri: invocationUri('chat-fn:live') },
        sqs: { type: 'AWS', uri: 'arn:aws:sqs:us-east-1:123456789012:queue' },
      },
      routes: { sendMessage: { integration: 'custom' }, enqueue: { integration: 'sqs' } },
      stages: { production: {} },
    };
    assert.deepEqual(Object.fromEntries(specApi(spec, 'production', []).functions), {
      sendMessage: { integration: { name: 'chat-fn', qualifier: 'live', ...HOME } },
      enqueue: {},
    });
  });

  it("reads an alias's lines from the group its version logs to, asked of Lambda with the URI's qualifier", async () => {
    const P = { api: 'PAYpp66iOFx8Q=', lambda: '66666666-7777-4888-8999-aaaaaaaaaaaa' };
    const gate = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';
    const t = T0 + 60_000;
    const api = await readLiveApi(session, 'payments-api', 'prod');
    await put(ACCESS, 's1', [{ timestamp: t + 40, message: accessLine(P, t) }]);
    await put(V7, 's1', lambdaLines(P.lambda, t + 12, 'version 7 line'));
    await put('/aws/lambda/gate', 's1', lambdaLines(gate, t + 2, 'authorizer line'));
    const since = await lastSeq(aws);
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: P.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: api.functions.get('GET /pay')!,
      clock: virtualClock(t),
      waitMs: 5_000,
    });
    assert.equal(r.complete, true, r.message);
    assert.deepEqual(
      r.functions.map((f) => [f.label, f.logGroupName, f.correlation, f.events.length]),
      [
        ['payments:live', V7, 'integration-request-id', 4],
        ['gate:3', '/aws/lambda/gate', 'time-window', 4],
      ],
    );
    const text = requestLogLines(r, { utc: true }).join('\n');
    assert.match(text, /payments:live\s+.*version 7 line/);
    assert.match(text, /gate:3\s+.*authorizer line/);
    const asked = await aws.calls({ service: 'lambda', since });
    assert.deepEqual(asked.map((c) => [c.params.FunctionName, c.params.Qualifier, c.status]).sort(), [
      ['gate', '3', 200],
      ['payments', 'live', 200],
    ]);
  });

  it('an alias Lambda does not know: its default group is read, and the message names the alias', async () => {
    const Q = { api: 'GONEqq77iOFx9Q=', lambda: '77777777-8888-4999-8aaa-bbbbbbbbbbbb' };
    const t = T0 + 70_000;
    await put(ACCESS, 's2', [{ timestamp: t, message: accessLine(Q, t) }]);
    await put('/aws/lambda/payments', 's1', lambdaLines(Q.lambda, t + 2, 'default group line'));
    const r = await logsForRequest({
      logs: session.logs,
      lambda: session.lambda,
      requestId: Q.api,
      startedAt: t,
      accessLogGroup: ACCESS,
      functions: { integration: { name: 'payments', qualifier: 'retired' } },
      clock: virtualClock(t),
      waitMs: 5_000,
    });
    assert.equal(r.complete, true, r.message);
    assert.deepEqual(
      r.functions.map((f) => [f.label, f.logGroupName, f.events.length]),
      [['payments:retired', '/aws/lambda/payments', 4]],
    );
    assert.match(
      r.message,
      /payments:retired: its log group is assumed to be \/aws\/lambda\/NAME: Lambda knows no such/,
    );
  });

  it("a function of another account or region is not searched: a group of its name here is another function's", async () => {
    const X = { api: 'XACCxx88iOFx0Q=', lambda: '88888888-9999-4aaa-8bbb-cccccccccccc' };
    const t = T0 + 80_000;
    await put(ACCESS, 's2', [{ timestamp: t, message: accessLine(X, t) }]);
    await put(FN, 's1', lambdaLines(X.lambda, t + 2, "this account's orders-fn"));
    const ask = (fn: { region: string; account: string }) =>
      logsForRequest({
        logs: session.logs,
        lambda: session.lambda,
        connection: { region: 'us-east-1' },
        requestId: X.api,
        startedAt: t,
        accessLogGroup: ACCESS,
        functions: { integration: { name: 'orders-fn', ...fn } },
        clock: virtualClock(t),
        waitMs: 5_000,
      });
    const other = await ask({ region: 'us-east-1', account: '999999999999' });
    assert.deepEqual(other.functions, []);
    assert.ok(!requestLogLines(other).some((l) => l.includes("this account's orders-fn")));
    assert.match(
      other.message,
      /orders-fn: not searched: the function is in account 999999999999, where its logs are; this profile reads account 123456789012/,
    );
    const away = await ask({ region: 'eu-west-1', account: '123456789012' });
    assert.deepEqual(away.functions, []);
    assert.match(away.message, /orders-fn: not searched: the function is in region eu-west-1, where its logs are/);
    const here = await ask(HOME);
    assert.deepEqual(
      here.functions.map((f) => [f.label, f.events.length]),
      [['orders-fn', 4]],
    );
    // A profile that may not list log groups (the account is read from one's ARN) still gets the function's lines.
    const ids = await aws.addFaults([
      { operation: 'DescribeLogGroups', kind: 'error', code: 'AccessDeniedException', status: 400 },
    ]);
    try {
      const denied = await ask(HOME);
      assert.deepEqual(
        denied.functions.map((f) => [f.label, f.events.length]),
        [['orders-fn', 4]],
        denied.message,
      );
    } finally {
      await aws.clearFaults(ids);
    }
  });

  it('the access log format the workbench sets carries the integration request id (HTTP and WebSocket)', () => {
    for (const protocol of ['HTTP', 'WEBSOCKET'])
      assert.equal(
        JSON.parse(accessLogFormat(protocol)).integrationRequestId,
        '$context.integration.requestId',
        protocol,
      );
  });
});
