// The stage's access log line of each local request: its format's `$context` variables filled from the request, its
// answer and its integration, `-` where there is no value; in the request's detail and in `apigw serve --access-log`.
// HTTP requests, and a WebSocket API's connections, messages and disconnections.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessLogLine } from '../../src/core/local/accessLog';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { until } from './helpers';

describe('an access log format filled in', () => {
  it('replaces each variable by its value, `-` where it has none, and leaves the rest as written', () => {
    const values: Record<string, string> = { requestId: 'Mc7UVioPPHcEKPA=', status: '200', 'identity.sourceIp': '' };
    const line = accessLogLine(
      '$context.identity.sourceIp - [$context.requestTime] "$context.requestId" $context.status $context.status.',
      (n) => values[n],
    );
    assert.equal(line, '- - [-] "Mc7UVioPPHcEKPA=" 200 200.');
    // What an object inherits is no value.
    assert.equal(
      accessLogLine('$context.constructor $context.toString', (n) => (values as Record<string, unknown>)[n]),
      '- -',
    );
  });
});

/** Lambda's request ids: UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  routeKey: '$context.routeKey',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  length: '$context.responseLength',
  integrationStatus: '$context.integrationStatus',
  functionStatus: '$context.integration.status',
  integrationRequestId: '$context.integration.requestId',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  tenant: '$context.authorizer.tenant',
  authorizerError: '$context.authorizer.error',
  // No variable of HTTP APIs' list: the authorizer's context key of that name.
  authorizerStatus: '$context.authorizer.status',
  stage: '$context.stage',
  inherited: '$context.constructor',
});

describe("local API: a stage's access log line for each request", () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = localWorkspace({
      'logged.apigw.yaml': [
        'version: 1',
        'api: { name: logged, protocol: HTTP }',
        'integrations:',
        '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn", payloadFormatVersion: "2.0" }',
        '  boom: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:boom", payloadFormatVersion: "2.0" }',
        'authorizers:',
        '  gate: { type: REQUEST, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:gate", identitySources: [$request.header.x-who], payloadFormatVersion: "2.0", enableSimpleResponses: true }',
        'routes:',
        '  POST /orders: { integration: fn }',
        '  GET /boom: { integration: boom }',
        '  GET /gated: { integration: fn, authorizationType: CUSTOM, authorizer: gate }',
        'stages:',
        '  dev:',
        '    accessLog:',
        '      destinationArn: "arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/logged"',
        `      format: '${FORMAT}'`,
        '',
      ].join('\n'),
      'logged.apigw.local.yaml':
        'functions:\n  fn: { handler: fn.js }\n  boom: { handler: boom.js }\n  gate: { handler: gate.js }\n',
      // Simple responses, but for anyone other than ann an answer of neither form.
      'gate.js':
        "exports.handler = async (e) => e.headers['x-who'] === 'ann' ? { isAuthorized: true, context: { tenant: 't1', status: 'gold' } } : { allow: true };\n",
      'fn.js':
        "exports.handler = async (e, c) => { console.info('making', c.awsRequestId); return { statusCode: 201, body: 'made', headers: { 'x-aws-request-id': c.awsRequestId } }; };\n",
      'boom.js': "exports.handler = async () => { throw new Error('boom'); };\n",
    });
    api = await startLocalApi({ specPath: ws.file('logged.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  async function logged(method: string, route: string, headers = {}): Promise<Record<string, string>> {
    const res = await fetch(`${api.url}${route}`, { method, headers });
    await res.arrayBuffer();
    const id = res.headers.get('apigw-requestid')!;
    return { id, ...(JSON.parse(api.request(id)!.accessLog!) as Record<string, string>) };
  }

  it("a Lambda route: its route, status and length; Lambda's 200 and the function's own status", async () => {
    const line = await logged('POST', '/orders');
    // The function's invocation has Lambda's id of its own (its context.awsRequestId, below), not the request's.
    const invocationId = api.request(line.id)!.invocations[0]!.requestId!;
    assert.match(invocationId, UUID);
    assert.deepEqual(line, {
      id: line.id,
      requestId: line.id,
      routeKey: 'POST /orders',
      method: 'POST',
      path: '/dev/orders',
      status: '201',
      length: '4',
      integrationStatus: '200',
      functionStatus: '201',
      integrationRequestId: invocationId,
      integrationError: '-',
      error: '-',
      tenant: '-',
      authorizerError: '-',
      authorizerStatus: '-',
      stage: 'dev',
      inherited: '-',
    });
  });

  it("each invocation under Lambda's id: the handler's awsRequestId, its lines START to REPORT in the request's detail", async () => {
    const res = await fetch(`${api.url}/gated`, { headers: { 'x-who': 'ann' } });
    assert.equal(await res.text(), 'made');
    const [authorizer, integration] = api.request(res.headers.get('apigw-requestid')!)!.invocations;
    assert.equal(integration!.requestId, res.headers.get('x-aws-request-id'));
    assert.notEqual(authorizer!.requestId, integration!.requestId);
    for (const inv of [authorizer!, integration!]) {
      assert.match(inv.requestId!, UUID);
      assert.match(inv.log![0]!, new RegExp(`^START RequestId: ${inv.requestId} Version: \\$LATEST$`));
      assert.match(inv.log!.at(-1)!, new RegExp(`^REPORT RequestId: ${inv.requestId}\t`));
    }
    assert.ok(
      integration!.log!.some((l) => l.endsWith(`\tINFO\tmaking ${integration!.requestId}`)),
      integration!.log!.join('\n'),
    );
  });

  it("a function that throws: API Gateway's 500 and message, the integration's error", async () => {
    const line = await logged('GET', '/boom');
    assert.equal(line.status, '500');
    assert.equal(line.error, 'Internal Server Error');
    assert.match(line.integrationError!, /boom/);
  });

  it("a Lambda authorizer's context; its malformed answer: API Gateway's 500 and its words for the error", async () => {
    const allowed = await logged('GET', '/gated', { 'x-who': 'ann' });
    assert.deepEqual(
      [allowed.status, allowed.tenant, allowed.authorizerStatus, allowed.authorizerError],
      ['201', 't1', 'gold', '-'],
    );
    const malformed = await logged('GET', '/gated', { 'x-who': 'bob' });
    assert.deepEqual(
      [malformed.status, malformed.error, malformed.integrationStatus],
      ['500', 'Internal Server Error', '-'],
    );
    assert.equal(
      malformed.authorizerError,
      "The response from the Lambda Authorizer function doesn't match the format that API Gateway expects. " +
        "Simple response did not include 'isAuthorized'",
    );
  });

  it("no route: API Gateway's 404 and message, no route key, no integration", async () => {
    const line = await logged('GET', '/nowhere');
    assert.deepEqual(
      [line.status, line.error, line.routeKey, line.integrationStatus, line.integrationRequestId],
      ['404', 'Not Found', '-', '-', '-'],
    );
  });
});

const WS_FORMAT = [
  '$context.eventType',
  '$context.routeKey',
  '$context.connectionId',
  '$context.messageId',
  '$context.status',
  '$context.error.message',
  '$context.integration.status',
  '$context.integration.integrationStatus',
  '$context.integration.requestId',
  '$context.authorizer.principalId',
  '$context.identity.sourceIp',
  '$context.requestId',
].join(' ');

/** A WebSocket API whose `$connect` is behind a Lambda authorizer allowing `?who=ann`, logging in `format`. */
function roomsWorkspace(format: string): LocalWorkspace {
  return localWorkspace({
    'rooms.apigw.yaml': [
      'version: 1',
      'api: { name: rooms, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }',
      'integrations:',
      '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn" }',
      'authorizers:',
      `  gate: { type: REQUEST, uri: "arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:gate", identitySources: [route.request.querystring.who] }`,
      'routes:',
      '  $connect: { integration: fn, authorizationType: CUSTOM, authorizer: gate }',
      '  join: { integration: fn }',
      'stages:',
      '  dev:',
      '    accessLog:',
      '      destinationArn: "arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/rooms"',
      `      format: '${format}'`,
      '',
    ].join('\n'),
    'rooms.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n  gate: { handler: gate.js }\n',
    'fn.js': 'exports.handler = async (e) => ({ statusCode: e.requestContext.eventType === "MESSAGE" ? 202 : 200 });\n',
    'gate.js':
      "exports.handler = async (e) => ({ principalId: e.queryStringParameters.who, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: e.queryStringParameters.who === 'ann' ? 'Allow' : 'Deny', Resource: e.methodArn }] } });\n",
  });
}

describe("local API: a WebSocket stage's access log line for each connection, message and disconnection", () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = roomsWorkspace(WS_FORMAT);
    api = await startLocalApi({ specPath: ws.file('rooms.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  /** The access log lines of the requests recorded so far, in order. */
  const lines = () => api.requests().map((r) => api.request(r.requestId)?.accessLog ?? '(none)');

  it("fills the connection, the route, the message, the authorizer and the integration; API Gateway's refusals", async () => {
    await assert.rejects(open(`${api.wsUrl!}?who=bob`), /HTTP 403/);
    const c = await open(`${api.wsUrl!}?who=ann`);
    c.ws.send(JSON.stringify({ action: 'join' }));
    c.ws.send(JSON.stringify({ action: 'shout' }));
    await until(() => c.messages.length === 1, 'the Forbidden frame');
    c.ws.close();
    await until(() => api.requests().length === 5, 'the disconnection');
    const records = api.requests();
    const id = records[1]!.connectionId!;
    const [refused, connected, joined, shouted, left] = lines();
    const ids = records.map((r) => r.requestId);
    assert.equal(refused, `CONNECT $connect ${records[0]!.connectionId} - 403 Forbidden - - - - 127.0.0.1 ${ids[0]}`);
    // $context.integration.requestId: Lambda's id of the function's invocation (the detail's), not the request's.
    const fnId = (i: number) => api.request(ids[i]!)!.invocations.find((v) => v.kind === 'integration')!.requestId!;
    assert.match(fnId(1), UUID);
    assert.equal(connected, `CONNECT $connect ${id} - 200 - 200 200 ${fnId(1)} ann 127.0.0.1 ${ids[1]}`);
    // A message's own id, new for each message: shown as MID.
    const message = (line: string) =>
      line
        .split(' ')
        .map((f, i) => (i === 3 && f !== '-' ? 'MID' : f))
        .join(' ');
    assert.equal(message(joined!), `MESSAGE join ${id} MID 202 - 202 200 ${fnId(2)} ann 127.0.0.1 ${ids[2]}`);
    assert.equal(message(shouted!), `MESSAGE - ${id} MID 403 Forbidden - - - ann 127.0.0.1 ${ids[3]}`);
    // The spec has no $disconnect route: the disconnection is logged all the same, with no integration.
    assert.equal(left, `DISCONNECT $disconnect ${id} - 200 - - - - ann 127.0.0.1 ${ids[4]}`);
  });
});

const AUTHORIZATION_FORMAT = [
  '$context.status',
  '$context.authorize.status',
  '$context.authorize.latency',
  '$context.authorize.error',
  '$context.authorizer.status',
  '$context.authorizer.latency',
  '$context.authorizer.integrationLatency',
  '$context.authorizer.integrationStatus',
  '$context.authorizer.requestId',
  '$context.authorizer.error',
  '$context.requestId',
].join('|');

describe("local API: a WebSocket connection's authorization in the access log line", () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = roomsWorkspace(AUTHORIZATION_FORMAT);
    api = await startLocalApi({ specPath: ws.file('rooms.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it("authorize.* and authorizer.*: the authorizer's invocation, and why it refused", async () => {
    const ann = await open(`${api.wsUrl!}?who=ann`);
    await assert.rejects(open(`${api.wsUrl!}?who=bob`), /HTTP 403/);
    const [connected, refused] = api.requests().map((r) => api.request(r.requestId)!.accessLog!.split('|'));
    // Latencies are whole milliseconds, whatever this machine takes: shown as MS.
    const shown = (fields: string[]) => fields.map((f, i) => ([2, 5, 6].includes(i) && /^\d+$/.test(f) ? 'MS' : f));
    const [annId, bobId] = [connected!.at(-1)!, refused!.at(-1)!];
    // $context.authorizer.requestId: Lambda's id of the authorizer's invocation.
    const [annFn, bobFn] = [annId, bobId].map((r) => api.request(r)!.invocations[0]!.requestId!);
    assert.match(annFn!, UUID);
    assert.deepEqual(shown(connected!), ['200', '200', 'MS', '-', '200', 'MS', 'MS', '200', annFn, '-', annId]);
    const why = refused![3]!;
    assert.match(why, /^the policy denies arn:aws:execute-api:[^|]+\/dev\/\$connect$/);
    assert.deepEqual(shown(refused!), ['403', '403', 'MS', why, '403', 'MS', 'MS', '200', bobFn, why, bobId]);
    ann.ws.close();
  });
});
