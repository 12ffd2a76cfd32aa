// The stage's access log line of each local request: its format's `$context` variables filled from the request, its
// answer and its integration, `-` where there is no value; in the request's detail and in `apigw serve --access-log`.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessLogLine } from '../../src/core/local/accessLog';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

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
        'routes:',
        '  POST /orders: { integration: fn }',
        '  GET /boom: { integration: boom }',
        'stages:',
        '  dev:',
        '    accessLog:',
        '      destinationArn: "arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/logged"',
        `      format: '${FORMAT}'`,
        '',
      ].join('\n'),
      'logged.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n  boom: { handler: boom.js }\n',
      'fn.js': "exports.handler = async () => ({ statusCode: 201, body: 'made' });\n",
      'boom.js': "exports.handler = async () => { throw new Error('boom'); };\n",
    });
    api = await startLocalApi({ specPath: ws.file('logged.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  async function logged(method: string, route: string): Promise<Record<string, string>> {
    const res = await fetch(`${api.url}${route}`, { method });
    await res.arrayBuffer();
    const id = res.headers.get('apigw-requestid')!;
    return { id, ...(JSON.parse(api.request(id)!.accessLog!) as Record<string, string>) };
  }

  it("a Lambda route: its route, status and length; Lambda's 200 and the function's own status", async () => {
    const line = await logged('POST', '/orders');
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
      integrationRequestId: line.id,
      integrationError: '-',
      error: '-',
      tenant: '-',
      stage: 'dev',
      inherited: '-',
    });
  });

  it("a function that throws: API Gateway's 500 and message, the integration's error", async () => {
    const line = await logged('GET', '/boom');
    assert.equal(line.status, '500');
    assert.equal(line.error, 'Internal Server Error');
    assert.match(line.integrationError!, /boom/);
  });

  it("no route: API Gateway's 404 and message, no route key, no integration", async () => {
    const line = await logged('GET', '/nowhere');
    assert.deepEqual(
      [line.status, line.error, line.routeKey, line.integrationStatus, line.integrationRequestId],
      ['404', 'Not Found', '-', '-', '-'],
    );
  });
});
