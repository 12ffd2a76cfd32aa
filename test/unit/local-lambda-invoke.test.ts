// Lambda's Invoke API on the local API's port, through the real @aws-sdk/client-lambda: the mapped functions invoked
// synchronously (their result, their error as FunctionError, the tail of their log), asynchronously and as a dry
// run, by name or ARN; a function no mapping has is ResourceNotFoundException; a handler's own client (Node's
// LambdaClient, Python's boto3) reaches another mapped function (the mapping's invokeLocal); a request not signed for
// Lambda stays the API's.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { main } from '../../src/cli/main';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { lambdaHttpSpec, localWorkspace, nextEvent, type LocalWorkspace } from '../support/localWorkspace';
import { bufferIo } from './cliHelpers';
import { REPO_ROOT } from './helpers';

// The API's handler hands a report to a worker function no route calls, as an API that starts background work does.
const API = `const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const lambda = new LambdaClient({});
exports.handler = async (event) => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'worker', Payload: JSON.stringify({ id: event.body }) }));
  return { statusCode: 200, body: Buffer.from(out.Payload).toString() };
};
`;

// The same in Python with boto3, which reads AWS_ENDPOINT_URL_LAMBDA as the JavaScript SDK does.
const PY_API = `import json, boto3
lam = boto3.client('lambda')
def handler(event, context):
    out = lam.invoke(FunctionName='worker', Payload=json.dumps({'id': 'py-' + event['body']}))
    return {'statusCode': 200, 'body': out['Payload'].read().decode()}
`;

const WORKER = `exports.handler = async (event, context) => {
  if (event.big) console.log('x'.repeat(300000));
  console.log('working on', event.id);
  if (event.fail) throw new Error('no such report');
  if (event.slow) await new Promise((r) => setTimeout(r, 5000));
  return { id: event.id, by: context.functionName };
};
`;

describe("local API: Lambda's Invoke API for the mapped functions", () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let client: LambdaClient;

  before(async () => {
    ws = localWorkspace({
      'reports.apigw.yaml': lambdaHttpSpec('reports', { 'POST /reports': 'api', 'POST /py-reports': 'pyapi' }),
      'reports.apigw.local.yaml': [
        'invokeLocal: true',
        'functions:',
        '  api: { handler: api.js }',
        '  pyapi: { handler: pyapi.py }',
        '  worker: { handler: worker.js, timeout: 1 }',
        '',
      ].join('\n'),
      'api.js': API,
      'pyapi.py': PY_API,
      'worker.js': WORKER,
    });
    api = await startLocalApi({
      specPath: ws.file('reports.apigw.yaml'),
      stage: 'dev',
      port: 0,
      watch: false,
      runtime: { env: { NODE_PATH: path.join(REPO_ROOT, 'node_modules') } },
    });
    client = new LambdaClient({
      region: 'us-east-1',
      endpoint: new URL(api.url).origin,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client?.destroy();
    await api?.stop();
    ws?.remove();
  });

  const invoke = (input: Omit<ConstructorParameters<typeof InvokeCommand>[0], 'Payload'> & { event?: unknown }) =>
    client.send(
      new InvokeCommand({
        ...input,
        ...(input.event === undefined ? {} : { Payload: Buffer.from(JSON.stringify(input.event)) }),
      }),
    );
  const payload = (p: Uint8Array | undefined) => JSON.parse(Buffer.from(p ?? []).toString('utf8'));

  it('invokes a mapped function no route calls: its result, $LATEST, and the tail of its log with LogType Tail', async () => {
    const out = await invoke({ FunctionName: 'worker', event: { id: 7 }, LogType: 'Tail' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(payload(out.Payload), { id: 7, by: 'worker' });
    assert.equal(out.ExecutedVersion, '$LATEST');
    const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    // Lambda's request id is a UUID, the same in the answer's x-amzn-RequestId and in the log.
    const id = out.$metadata.requestId!;
    assert.match(id, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    assert.match(log, new RegExp(`^START RequestId: ${id} Version: \\$LATEST$`, 'm'));
    assert.match(log, /working on 7/);
    assert.match(log, new RegExp(`^REPORT RequestId: ${id}\t`, 'm'));
    // Its request's detail (Show Request Details) holds the invocation: event, result and lines.
    const [inv] = api.request(id)!.invocations;
    assert.deepEqual([inv!.requestId, inv!.event, inv!.result], [id, { id: 7 }, { id: 7, by: 'worker' }]);
    assert.ok(inv!.log!.some((l) => l.includes('working on 7')));
  });

  it("keeps a handler's lines before END however much it printed, in the tail of its log", async () => {
    // 300 KB fill the pipe: the runner finished writing them after it had sent the result, and a third of such
    // invocations lost their lines (filed after END, once the invocation's log was closed).
    for (let i = 0; i < 30; i++) {
      const out = await invoke({ FunctionName: 'worker', event: { id: `big-${i}`, big: true }, LogType: 'Tail' });
      const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
      assert.match(
        log,
        new RegExp(`working on big-${i}\\n[^]*^END RequestId`, 'm'),
        `invocation ${i}: ${log.slice(-200)}`,
      );
    }
  });

  it('by ARN, partial ARN or with a qualifier, as Lambda takes a FunctionName', async () => {
    for (const name of [
      'arn:aws:lambda:us-east-1:123456789012:function:worker',
      '123456789012:function:worker:live',
      'worker:$LATEST',
    ]) {
      const out = await invoke({ FunctionName: name, event: { id: name } });
      assert.deepEqual(payload(out.Payload), { id: name, by: 'worker' }, name);
    }
  });

  it("a thrown error is the function's error: FunctionError Unhandled, the runtime's error as the payload", async () => {
    const out = await invoke({ FunctionName: 'worker', event: { id: 1, fail: true } });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = payload(out.Payload);
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'no such report');
  });

  it("the function's timeout ends it as Lambda reports it: Sandbox.Timedout", async () => {
    const out = await invoke({ FunctionName: 'worker', event: { id: 2, slow: true } });
    assert.equal(out.FunctionError, 'Unhandled');
    const error = payload(out.Payload);
    assert.equal(error.errorType, 'Sandbox.Timedout');
    assert.match(error.errorMessage, /^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/);
  });

  it('Event answers 202 and runs it after; DryRun answers 204 and runs nothing', async () => {
    const ran = nextEvent(api.events as never, 'log', (l: { line: string }) => l.line.includes('working on async'));
    const queued = await invoke({ FunctionName: 'worker', event: { id: 'async' }, InvocationType: 'Event' });
    assert.equal(queued.StatusCode, 202);
    await ran;
    const dry = await invoke({ FunctionName: 'worker', event: { id: 'dry' }, InvocationType: 'DryRun' });
    assert.equal(dry.StatusCode, 204);
  });

  it('a function the mapping does not map is ResourceNotFoundException, naming its ARN', async () => {
    await assert.rejects(invoke({ FunctionName: 'nobody', event: {} }), (e: Error) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.match(e.message, /Function not found: arn:aws:lambda:us-east-1:123456789012:function:nobody/);
      return true;
    });
  });

  it("a handler's own LambdaClient reaches the worker here (invokeLocal), and each invoke is a traffic line", async () => {
    const seen: string[] = [];
    const onRequest = (r: { route: string }) => seen.push(r.route);
    api.events.on('request', onRequest);
    try {
      const res = await fetch(`${api.url}/reports`, { method: 'POST', body: '42' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { id: '42', by: 'worker' });
      assert.deepEqual(seen, ['Lambda Invoke worker', 'POST /reports']);
    } finally {
      api.events.off('request', onRequest);
    }
  });

  it("a Python handler's boto3 client reaches the worker here too", async () => {
    const res = await fetch(`${api.url}/py-reports`, { method: 'POST', body: '9' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: 'py-9', by: 'worker' });
  });

  it("a request to the Invoke path that is not signed for Lambda is the API's: 404 Not Found", async () => {
    const res = await fetch(`${new URL(api.url).origin}/2015-03-31/functions/worker/invocations`, {
      method: 'POST',
      body: '{}',
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: 'Not Found' });
  });
});

describe('apigw invoke: one mapped function invoked locally with an event', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'reports.apigw.yaml': lambdaHttpSpec('reports', { 'POST /reports': 'api' }),
      'reports.apigw.local.yaml': 'functions:\n  api: { handler: api.js }\n  worker: { handler: worker.js }\n',
      'api.js': API,
      'worker.js': WORKER,
      'event.json': '{"id": "from-file"}',
    });
  });
  after(() => ws?.remove());

  async function invokeCli(...args: string[]) {
    const b = bufferIo();
    const code = await main(['invoke', ws.file('reports.apigw.yaml'), ...args], b.io);
    return { code, ...b.out };
  }

  it('prints what the function returned and its log on stderr; exit 0', async () => {
    const r = await invokeCli('--function', 'worker', '--event', '{"id": 5}');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { id: 5, by: 'worker' });
    assert.match(r.stderr, /^START RequestId: \S+ Version: \$LATEST$/m);
    assert.match(r.stderr, /working on 5/);
    const fromFile = await invokeCli(
      '--function',
      'arn:aws:lambda:us-east-1:123456789012:function:worker',
      '--event',
      `@${ws.file('event.json')}`,
    );
    assert.deepEqual(JSON.parse(fromFile.stdout), { id: 'from-file', by: 'worker' });
  });

  it("a function error is printed as Lambda's payload, exit 1; an unknown function or a bad event exit 2", async () => {
    const failed = await invokeCli('--function', 'worker', '--event', '{"fail": true}');
    assert.equal(failed.code, 1);
    assert.equal(JSON.parse(failed.stdout).errorMessage, 'no such report');
    const unknown = await invokeCli('--function', 'nobody');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /The mapping file maps no function "nobody"\. Its functions: api, worker\./);
    const bad = await invokeCli('--function', 'worker', '--event', '{nope');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--event is not JSON/);
  });
});
