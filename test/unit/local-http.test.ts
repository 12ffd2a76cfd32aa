// The local API through real sockets: the example HTTP API served with Node (TypeScript) handlers and a local JWKS,
// a Python handler, errors, a timeout, a Lambda authorizer with caching, an HTTP proxy with parameter mapping,
// first-class integrations recorded, AWS_IAM with the SDK's signer, hot reload, and bad input.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { eventTooLarge, MAX_EVENT_BYTES } from '../../src/local/environment';
import { readLines } from '../../src/local/lines';
import type { LocalLogger } from '../../src/local/gateway';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { testIssuer } from '../support/jwt';
import { lambdaHttpSpec, localWorkspace, nextEvent, offsetClock, type LocalWorkspace } from '../support/localWorkspace';
import { executeApiSigner, signable } from '../support/sigv4';
import { REPO_ROOT } from './helpers';

const ORDERS_HANDLER = `
import { randomUUID } from 'node:crypto';
let invocations = 0;
export const handler = async (event: any, context: any) => {
  invocations++;
  console.log('order request', event.rawPath);
  if (event.queryStringParameters?.boom) throw new Error('kaboom');
  return { statusCode: 200, headers: { 'x-env': process.env.TABLE ?? '' }, body: JSON.stringify({ event, invocations, id: randomUUID().length, fn: context.functionName, mem: context.memoryLimitInMB, left: context.getRemainingTimeInMillis() }) };
};
`;

const CRED = { accessKeyId: 'AKIDLOCALORDERS', secretAccessKey: 'orders-local-secret' };

type LogLine = { requestId: string | undefined; line: string };

/** The response to a request and the function log lines written while it was served. */
async function withLogs(api: LocalApi, request: () => Promise<Response>): Promise<{ res: Response; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const onLog = (l: LogLine) => lines.push(l);
  api.events.on('log', onLog);
  try {
    const res = await request();
    await res.arrayBuffer();
    return { res, lines };
  } finally {
    api.events.off('log', onLog);
  }
}

/**
 * The local API of a workspace made of `files()`, serving its `spec` (stage dev, a free port, not watching unless
 * asked), for the describe that calls it: started before its tests, stopped and removed after them.
 */
function servedFor(
  spec: string,
  files: () => Record<string, string>,
  options: { watch?: boolean; logger?: LocalLogger } = {},
): { readonly api: LocalApi; readonly ws: LocalWorkspace } {
  const served = {} as { api: LocalApi; ws: LocalWorkspace };
  before(async () => {
    served.ws = localWorkspace(files());
    const { watch = false, logger } = options;
    served.api = await startLocalApi({ specPath: served.ws.file(spec), stage: 'dev', port: 0, watch, logger });
  });
  after(async () => {
    await served.api?.stop();
    served.ws?.remove();
  });
  return served;
}

describe('local API: examples/orders-api.apigw.yaml through HTTP', () => {
  const iss = testIssuer('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', 'cognito-key');
  const token = (scope: string) =>
    iss.sign({
      iss: iss.issuer,
      client_id: '6f4n8jh1exampleclientid',
      exp: Math.floor(Date.now() / 1000) + 600,
      scope,
      sub: 'user-1',
    });

  const served = servedFor('orders-api.apigw.yaml', () => ({
    'orders-api.apigw.yaml': fs.readFileSync(path.join(REPO_ROOT, 'examples', 'orders-api.apigw.yaml'), 'utf8'),
    'orders-api.apigw.local.yaml': `functions:\n  orders-dev:\n    handler: src/orders.ts#handler\n    environment: { TABLE: orders-local }\n    memory: 256\njwt:\n  cognito:\n    jwksFile: jwks.json\niam:\n  credentials:\n    - { accessKeyId: ${CRED.accessKeyId}, secretAccessKey: ${CRED.secretAccessKey} }\n`,
    'jwks.json': JSON.stringify(iss.jwks),
    'src/orders.ts': ORDERS_HANDLER,
  }));

  it('serves the dev stage under /dev and answers AWS’s 404 elsewhere', async () => {
    assert.match(served.api.url, /^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    for (const p of ['/orders', '/dev/nothing', '/dev/orders/1/2']) {
      const res = await fetch(`http://127.0.0.1:${served.api.port}${p}`);
      assert.equal(res.status, 404, p);
      assert.deepEqual(await res.json(), { message: 'Not Found' });
      assert.ok(res.headers.get('apigw-requestid'));
    }
  });

  it('JWT routes: 401 without a token (www-authenticate says why), 403 without the scope, 200 with it', async () => {
    const none = await fetch(`${served.api.url}/orders`);
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { message: 'Unauthorized' });
    assert.match(none.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const scope = await fetch(`${served.api.url}/orders/42`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token('orders/read')}` },
    });
    assert.equal(scope.status, 403);
    const res = await fetch(`${served.api.url}/orders/42?a=1&a=2`, {
      headers: { authorization: token('orders/read'), cookie: 'c1=v1; c2=v2' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-env'), 'orders-local');
    const body = (await res.json()) as { event: any; fn: string; mem: string; left: number };
    assert.equal(body.fn, 'orders-dev');
    assert.equal(body.mem, '256');
    assert.ok(body.left > 0 && body.left <= 10_000, `remaining ${body.left} within the 10 s timeout`);
    const e = body.event;
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, 'GET /orders/{orderId}');
    assert.equal(e.rawPath, '/dev/orders/42');
    assert.deepEqual(e.pathParameters, { orderId: '42' });
    assert.deepEqual(e.queryStringParameters, { a: '1,2' });
    assert.deepEqual(e.cookies, ['c1=v1', 'c2=v2']);
    assert.equal(e.requestContext.stage, 'dev');
    assert.equal(e.requestContext.authorizer.jwt.claims.sub, 'user-1');
    assert.deepEqual(e.requestContext.authorizer.jwt.scopes, ['orders/read']);
    assert.deepEqual(e.stageVariables, { fnSuffix: 'dev' });
    assert.equal(e.requestContext.requestId, res.headers.get('apigw-requestid'));
  });

  it('the event and response of a request are kept by request id, and each request is one tail-style line', async () => {
    const lines: string[] = [];
    const onReq = (r: Parameters<LocalApi['formatRequest']>[0]) => lines.push(served.api.formatRequest(r));
    served.api.events.on('request', onReq);
    const res = await fetch(`${served.api.url}/orders`, {
      method: 'POST',
      headers: { authorization: token('orders/write'), 'content-type': 'application/json' },
      body: '{"item":1}',
    });
    served.api.events.off('request', onReq);
    const id = res.headers.get('apigw-requestid')!;
    const detail = served.api.request(id)!;
    assert.equal((detail.invocations[0]!.event as any).body, '{"item":1}');
    assert.equal(detail.response!.statusCode, 200);
    assert.equal(detail.record.route, 'POST /orders');
    assert.match(
      lines[0]!,
      new RegExp(`local\\s+POST\\s+/orders\\s+200\\s+\\d+ ms\\s+${id.replace(/[+/=]/g, '\\$&')}`),
    );
  });

  it('a thrown error is 500 {"message":"Internal Server Error"}, and the next request is served', async () => {
    const res = await fetch(`${served.api.url}/orders?boom=1`, { headers: { authorization: token('orders/read') } });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { message: 'Internal Server Error' });
    assert.match(served.api.request(res.headers.get('apigw-requestid')!)!.record.error ?? '', /Error: kaboom/);
    assert.equal(
      (await fetch(`${served.api.url}/orders`, { headers: { authorization: token('orders/read') } })).status,
      200,
    );
  });

  it("a thrown error is logged as Lambda's Node.js runtime logs it: ERROR, Invoke Error and the error as JSON", async () => {
    const { res, lines } = await withLogs(served.api, () =>
      fetch(`${served.api.url}/orders?boom=1`, { headers: { authorization: token('orders/read') } }),
    );
    assert.equal(res.status, 500);
    const logged = lines.find((l) => l.line.includes('\tERROR\tInvoke Error \t'));
    assert.ok(logged, lines.map((l) => l.line).join('\n'));
    const [time, requestId, level, what, json] = logged.line.split('\t');
    assert.match(time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual([requestId, level, what], [logged.requestId, 'ERROR', 'Invoke Error ']);
    const err = JSON.parse(json!) as { errorType: string; errorMessage: string; stack: string[] };
    assert.deepEqual([err.errorType, err.errorMessage, err.stack[0]], ['Error', 'kaboom', 'Error: kaboom']);
    assert.match(err.stack[1]!, /orders\.ts:\d+:\d+\)$/, 'the stack names the handler source (source maps)');
  });

  it('CORS: the gateway answers preflights from the spec and sets CORS headers on answers', async () => {
    const pre = await fetch(`${served.api.url}/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,POST,DELETE,OPTIONS');
    assert.equal(pre.headers.get('access-control-max-age'), '600');
    const res = await fetch(`${served.api.url}/orders`, {
      headers: { origin: 'https://shop.example.com', authorization: token('orders/read') },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example.com');
    assert.equal(res.headers.get('access-control-expose-headers'), 'x-request-id');
  });

  it('AWS_IAM + SQS-SendMessage: unsigned 403, signed by the SDK signer 200 with the call recorded', async () => {
    const unsigned = await fetch(`${served.api.url}/events`, { method: 'POST', body: '{"e":1}' });
    assert.equal(unsigned.status, 403);
    const calls: any[] = [];
    served.api.events.on('awsServiceCall', (c) => calls.push(c));
    const url = new URL(`${served.api.url}/events`);
    const signed = await executeApiSigner(CRED).sign(
      signable(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"e":1}' }),
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: signed.headers as Record<string, string>,
      body: '{"e":1}',
    });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { MessageId: string; MD5OfMessageBody: string };
    assert.equal(answer.MD5OfMessageBody, createHash('md5').update('{"e":1}').digest('hex'));
    assert.match(answer.MessageId, /^[0-9a-f-]{36}$/);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].subtype, 'SQS-SendMessage');
    assert.equal(calls[0].parameters.MessageBody, '{"e":1}');
    assert.match(
      calls[0].parameters.QueueUrl,
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/order-events$/,
    );
  });

  it('lists no unmapped function once orders-dev is mapped', () => {
    assert.deepEqual(served.api.unmapped(), []);
  });
});

const ERRORS_SPEC = `version: 1
api: { name: errors, protocol: HTTP }
integrations:
  py: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:py" }
  v1: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:node", payloadFormatVersion: "1.0" }
  node: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:node" }
  slow: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:slow", timeoutMs: 300 }
  nomap: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:nomap" }
  odd: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:odd" }
  pynum: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:pynum" }
  stream: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:stream" }
  awslambda: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:awslambda" }
  backend:
    type: HTTP_PROXY
    uri: "http://\${stageVariables.backendHost}/api/{proxy}"
    requestParameters:
      "overwrite:header.x-request-id": "$context.requestId"
      "append:querystring.stage": "$context.stage"
      "remove:header.x-secret": "''"
    responseParameters:
      "404": { "overwrite:statuscode": "410", "append:header.x-mapped": "yes" }
authorizers:
  gate: { type: REQUEST, uri: "arn:aws:lambda:us-east-1:123456789012:function:gate", identitySources: [$request.header.x-token], resultTtlSeconds: 60, enableSimpleResponses: true }
routes:
  GET /py: { integration: py }
  GET /v1/{id}: { integration: v1 }
  GET /garbage: { integration: node }
  GET /slow: { integration: slow }
  GET /nomap: { integration: nomap }
  GET /odd/{what}: { integration: odd }
  POST /odd/{what}: { integration: odd }
  GET /pynum/{what}: { integration: pynum }
  GET /stream: { integration: stream }
  GET /awslambda: { integration: awslambda }
  GET /guarded: { integration: node, authorizer: gate }
  ANY /proxy/{proxy+}: { integration: backend }
stages:
  $default:
    variables: { backendHost: "127.0.0.1:1" }
`;

describe('local API: Python, payload 1.0, errors, timeout, authorizer cache, HTTP proxy, reload', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let backend: http.Server;
  const clock = offsetClock();
  const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

  before(async () => {
    backend = http.createServer((req, res) => {
      seen.push({ url: req.url!, headers: req.headers });
      res
        .writeHead(req.url!.startsWith('/api/missing') ? 404 : 200, {
          'content-type': 'text/plain',
          'access-control-allow-origin': '*',
        })
        .end(`backend ${req.method} ${req.url}`);
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const port = (backend.address() as net.AddressInfo).port;
    ws = localWorkspace({
      'errors.apigw.yaml': ERRORS_SPEC,
      'errors.apigw.local.json': JSON.stringify({
        functions: {
          py: { handler: 'py/app.py#handle' },
          node: { handler: 'js/node.js#handler' },
          slow: { handler: 'js/slow.js#handler' },
          gate: { handler: 'js/gate.js#handler' },
          odd: { handler: 'js/odd.js#handler' },
          pynum: { handler: 'py/num.py#handle' },
          stream: { handler: 'js/stream.js#handler' },
          awslambda: { handler: 'js/stream.js#plain' },
        },
        stageVariables: { backendHost: `127.0.0.1:${port}` },
      }),
      // Logging as AWS's Python examples do: the root logger set to INFO, Lambda's runtime having given it a handler.
      'py/app.py':
        'import json, logging\nlogger = logging.getLogger()\nlogger.setLevel(logging.INFO)\ndef handle(event, context):\n    print("python here")\n    logger.info("handled %s", event["rawPath"])\n    if (event.get("queryStringParameters") or {}).get("boom"):\n        raise ValueError("bad input")\n    return {"statusCode": 200, "body": json.dumps({"fn": context.function_name, "path": event["rawPath"], "left": context.get_remaining_time_in_millis() > 0})}\n',
      // Numbers as DynamoDB hands them to Python (Decimal), and a float JSON has no number for.
      'py/num.py':
        "import decimal\ndef handle(event, context):\n    if event['pathParameters']['what'] == 'nan':\n        return {'statusCode': 200, 'body': 'x', 'n': float('nan')}\n    return {'statusCode': decimal.Decimal('201'), 'body': 'made', 'isBase64Encoded': False, 'cookies': [], 'headers': {'x-n': '1'}, 'multiValueHeaders': {}}\n",
      'js/node.js':
        "exports.handler = async (event) => event.version === '1.0' ? { statusCode: 200, multiValueHeaders: { 'x-m': ['a', 'b'] }, body: JSON.stringify({ resource: event.resource, id: event.pathParameters.id, mv: event.multiValueQueryStringParameters }) } : (event.rawPath === '/garbage' ? { statusCode: 'teapot' } : event.requestContext.authorizer.lambda);\n",
      'js/slow.js': 'exports.handler = () => new Promise(() => {});\n',
      // A value JSON has no text for, responses either side of Lambda's 6 MB, and a handler that writes on the
      // runner's own channel (fd 3).
      'js/odd.js':
        "const big = (n) => ({ statusCode: 200, body: 'x'.repeat(n) });\nexports.handler = async (event) => { const what = event.pathParameters.what; if (what === 'echo') return { statusCode: 200, body: String(event.body.length) }; if (what === 'function') return () => 1; if (what === 'under') return big(6 * 1024 * 1024 - 40); if (what === 'over') return big(6 * 1024 * 1024); require('fs').writeSync(3, 'not a message\\n'); return { statusCode: 200 }; };\n",
      // As AWS's response streaming examples write a handler: the runtime's `awslambda` global wraps it at load.
      'js/stream.js':
        "exports.handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('hi'); stream.end(); });\nexports.plain = async () => ({ statusCode: 200, body: typeof awslambda.HttpResponseStream.from });\n",
      'js/gate.js':
        "let calls = 0;\nexports.handler = async (event) => ({ isAuthorized: event.identitySource[0] === 'open', context: { calls: ++calls, token: event.identitySource[0] } });\n",
    });
    api = await startLocalApi({ specPath: ws.file('errors.apigw.yaml'), port: 0, clock });
  });
  after(async () => {
    await api?.stop();
    backend?.close();
    ws?.remove();
  });

  it('runs a Python handler with the same contract', async () => {
    const res = await fetch(`${api.url}/py`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { fn: 'py', path: '/py', left: true });
  });

  it("Python's logging writes as Lambda's runtime does: [LEVEL], UTC time, the request id, the message", async () => {
    const { res, lines } = await withLogs(api, () => fetch(`${api.url}/py`));
    assert.equal(res.status, 200);
    const logged = lines.find((l) => l.line.startsWith('[INFO]'));
    assert.ok(logged, lines.map((l) => l.line).join('\n'));
    const [level, time, requestId, message] = logged.line.split('\t');
    assert.deepEqual([level, requestId, message], ['[INFO]', logged.requestId, 'handled /py']);
    assert.match(time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(time!) - Date.now()) < 60_000, `${time} is the time in UTC`);
  });

  it("Python: a raised error is 500, logged as Lambda's Python runtime logs it, its traceback from the handler on", async () => {
    const { res, lines } = await withLogs(api, () => fetch(`${api.url}/py?boom=1`));
    assert.equal(res.status, 500);
    const at = lines.findIndex((l) => l.line === '[ERROR] ValueError: bad input');
    assert.ok(at >= 0, lines.map((l) => l.line).join('\n'));
    const nbsp = '\u00a0';
    assert.deepEqual(
      lines.slice(at + 1, at + 4).map((l) => l.line),
      [
        'Traceback (most recent call last):',
        `${nbsp.repeat(2)}File "${ws.file('py/app.py')}", line 8, in handle`,
        `${nbsp.repeat(4)}raise ValueError("bad input")`,
      ],
    );
    // Show Request Details' error: Lambda's, the handler's frames only (the shim's own left out).
    const failed = api.request(res.headers.get('apigw-requestid')!)!.invocations[0]!.error as {
      error: { stackTrace: string[] };
    };
    assert.deepEqual(failed.error.stackTrace, [
      `  File "${ws.file('py/app.py')}", line 8, in handle\n    raise ValueError("bad input")\n`,
    ]);
  });

  it('Python: a Decimal is a number, as Lambda writes it; NaN is a Runtime.MarshalError 500', async () => {
    const made = await fetch(`${api.url}/pynum/decimal`);
    assert.equal(made.status, 201);
    assert.equal(await made.text(), 'made');
    const nan = await fetch(`${api.url}/pynum/nan`);
    assert.equal(nan.status, 500);
    assert.match(api.request(nan.headers.get('apigw-requestid')!)!.record.error!, /Runtime\.MarshalError/);
  });

  it('payload 1.0: multi-value query in, multiValueHeaders out', async () => {
    const res = await fetch(`${api.url}/v1/7?q=1&q=2`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-m'), 'a, b');
    assert.deepEqual(await res.json(), { resource: '/v1/{id}', id: '7', mv: { q: ['1', '2'] } });
  });

  it('garbage from the handler and an unmapped function are 500s that say why in the record', async () => {
    const g = await fetch(`${api.url}/garbage`);
    assert.equal(g.status, 500);
    assert.match(
      api.request(g.headers.get('apigw-requestid')!)!.record.error!,
      /malformed Lambda proxy response: statusCode "teapot"/,
    );
    const n = await fetch(`${api.url}/nomap`);
    assert.equal(n.status, 500);
    assert.match(
      api.request(n.headers.get('apigw-requestid')!)!.record.error!,
      /No local handler for the Lambda function "nomap"/,
    );
    assert.deepEqual(
      api.unmapped().map((u) => u.name),
      ['nomap'],
    );
  });

  it('a returned function is null, as JSON has it; a handler writing on fd 3 is a 500 that says why; the server goes on', async () => {
    const fn = await fetch(`${api.url}/odd/function`);
    assert.equal(fn.status, 200);
    assert.equal(await fn.text(), 'null');
    const fd3 = await fetch(`${api.url}/odd/fd3`);
    assert.equal(fd3.status, 500);
    assert.match(
      api.request(fd3.headers.get('apigw-requestid')!)!.record.error!,
      /the handler process wrote a line that is not a message of the local API's protocol \("not a message"\)/,
    );
    assert.equal((await fetch(`${api.url}/odd/function`)).status, 200, 'a new environment serves the next request');
  });

  it("a response over Lambda's 6 MB is the function's error, a 500; one just under it is served", async () => {
    const under = await fetch(`${api.url}/odd/under`);
    assert.equal(under.status, 200);
    assert.equal((await under.text()).length, 6 * 1024 * 1024 - 40);
    const over = await fetch(`${api.url}/odd/over`);
    assert.equal(over.status, 500);
    assert.match(
      api.request(over.headers.get('apigw-requestid')!)!.record.error!,
      /^Function\.ResponseSizeTooLarge: Response payload size \(6291\d{3} bytes\) exceeded maximum allowed payload size \(6291456 bytes\)\.$/,
    );
  });

  it("an event over Lambda's 6 MB is refused before the handler runs, a 500; a 5 MB body reaches it", async () => {
    const under = await fetch(`${api.url}/odd/echo`, { method: 'POST', body: 'a'.repeat(5 * 1024 * 1024) });
    assert.equal(await under.text(), String(5 * 1024 * 1024));
    const { res: over, lines } = await withLogs(api, () =>
      fetch(`${api.url}/odd/echo`, { method: 'POST', body: 'a'.repeat(6 * 1024 * 1024) }),
    );
    assert.equal(over.status, 500);
    const id = over.headers.get('apigw-requestid')!;
    assert.match(
      api.request(id)!.record!.error!,
      /^Lambda refused the invocation \(RequestEntityTooLargeException\): the event is 629\d{4} bytes, over the 6291456 bytes of a synchronous invocation$/,
    );
    assert.deepEqual(
      lines.filter((l) => /^(START|REPORT)/.test(l.line)),
      [],
      'Lambda never ran it: no START or REPORT line',
    );
  });

  it("Lambda's `awslambda` global is there at load; a response streaming handler is refused with the reason", async () => {
    const plain = await fetch(`${api.url}/awslambda`);
    assert.deepEqual([plain.status, await plain.text()], [200, 'function']);
    const { res, lines } = await withLogs(api, () => fetch(`${api.url}/stream`));
    assert.equal(res.status, 500);
    assert.match(
      api.request(res.headers.get('apigw-requestid')!)!.record!.error!,
      /^Local\.ResponseStreamingNotEmulated: stream\.handler streams its response \(awslambda\.streamifyResponse\)/,
    );
    assert.ok(
      lines.some((l) => /Invoke Error/.test(l.line)),
      'logged as an invocation error',
    );
  });

  it('a handler that never answers gets 503 Service Unavailable at the integration timeout; the server stays up', async () => {
    const text: string[] = [];
    const reported = new Promise<void>((resolve) => {
      const onLog = ({ line }: LogLine) => {
        text.push(line);
        if (!line.startsWith('REPORT ')) return;
        api.events.off('log', onLog);
        resolve();
      };
      api.events.on('log', onLog);
    });
    const res = await fetch(`${api.url}/slow`);
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { message: 'Service Unavailable' });
    // Lambda's lines for an invocation the platform ended (after the gateway's answer): the timeout, then the
    // REPORT's status.
    await reported;
    assert.ok(
      text.some((l) => / Task timed out after \d+\.\d\d seconds$/.test(l)),
      text.join('\n'),
    );
    assert.match(text.at(-1)!, /^REPORT RequestId: .*\tStatus: timeout$/);
    assert.equal((await fetch(`${api.url}/py`)).status, 200);
  });

  it('Lambda authorizer: missing identity 401 without a call, denial 403, result cached for its TTL on the clock', async () => {
    const miss = await fetch(`${api.url}/guarded`);
    assert.equal(miss.status, 401);
    assert.equal(api.request(miss.headers.get('apigw-requestid')!)!.invocations.length, 0);
    assert.equal((await fetch(`${api.url}/guarded`, { headers: { 'x-token': 'closed' } })).status, 403);
    const first = (await (await fetch(`${api.url}/guarded`, { headers: { 'x-token': 'open' } })).json()) as {
      calls: number;
    };
    const second = await fetch(`${api.url}/guarded`, { headers: { 'x-token': 'open' } });
    assert.equal(((await second.json()) as { calls: number }).calls, first.calls, 'served from the cache');
    assert.equal(
      api.request(second.headers.get('apigw-requestid')!)!.invocations.filter((i) => i.kind === 'authorizer').length,
      0,
    );
    clock.advance(61_000);
    const third = (await (await fetch(`${api.url}/guarded`, { headers: { 'x-token': 'open' } })).json()) as {
      calls: number;
    };
    assert.equal(third.calls, first.calls + 1, 'called again after the TTL');
  });

  it('HTTP proxy: path variables, stage variables, request parameter mapping, response status mapping', async () => {
    const res = await fetch(`${api.url}/proxy/a/b?x=1`, { headers: { 'x-secret': 's', origin: 'o' } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'backend GET /api/a/b?x=1&stage=%24default');
    const last = seen[seen.length - 1]!;
    assert.equal(last.headers['x-request-id'], res.headers.get('apigw-requestid'));
    assert.equal(last.headers['x-secret'], undefined);
    assert.equal(last.headers['x-forwarded-for'], '127.0.0.1');
    const gone = await fetch(`${api.url}/proxy/missing`);
    assert.equal(gone.status, 410);
    assert.equal(gone.headers.get('x-mapped'), 'yes');
  });

  it('reloads a handler when its file is saved: the next request runs the new code', async () => {
    const reloaded = nextEvent(api.events as never, 'reload', (e: { name: string }) => e.name === 'py');
    ws.write('py/app.py', 'def handle(event, context):\n    return "v2"\n');
    const e = (await reloaded) as { error?: unknown };
    assert.equal(e.error, undefined);
    const res = await fetch(`${api.url}/py`);
    assert.equal(await res.text(), 'v2');
  });

  it('reloads a Node handler from a booted runner when its file is saved', async () => {
    const reloaded = nextEvent(api.events as never, 'reload', (e: { name: string }) => e.name === 'node');
    ws.write('js/node.js', "exports.handler = async () => ({ statusCode: 200, body: 'node v2' });\n");
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    const res = await fetch(`${api.url}/garbage`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'node v2');
    // The environment that answered, and a booted runner on standby for the next cold start.
    assert.equal(api.environments().node, 2);
  });
});

describe("local API: handlers that fail to load or end their process, logged as Lambda's runtimes log them", () => {
  const routes = {
    'GET /pyimport': 'pyimport',
    'GET /pysyntax': 'pysyntax',
    'GET /pynofn': 'pynofn',
    'GET /js': 'js',
    'GET /reject': 'reject',
    'GET /jsnofn': 'jsnofn',
    'GET /jsnotfn': 'jsnotfn',
    'GET /sdk': 'sdk',
  };
  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };

  const served = servedFor(
    'broken.apigw.yaml',
    () => ({
      'broken.apigw.yaml': lambdaHttpSpec('broken', routes),
      'broken.apigw.local.yaml': [
        'functions:',
        '  pyimport: { handler: py/needs.py#handler }',
        '  pysyntax: { handler: py/typo.py#handler }',
        '  pynofn: { handler: py/ok.py#missing }',
        '  js: { handler: js/needs.js }',
        '  reject: { handler: js/reject.js }',
        '  jsnofn: { handler: js/other.js#handler }',
        '  jsnotfn: { handler: js/other.js#config }',
        '  sdk: { handler: js/sdk.js }',
        '',
      ].join('\n'),
      'js/other.js': 'exports.main = async () => ({});\nexports.config = { retries: 2 };\n',
      // A v3 client the project never installed, which Lambda's Node.js runtime has.
      'js/sdk.js':
        "const { Client } = require('@aws-sdk/client-not-installed');\nexports.handler = async () => ({});\n",
      'py/needs.py': 'import no_such_module\ndef handler(event, context):\n    return {}\n',
      'py/typo.py': 'def handler(event, context)\n    return {}\n',
      'py/ok.py': 'def handler(event, context):\n    return {}\n',
      'js/needs.js': "require('no-such-package');\nexports.handler = async () => ({});\n",
      // A promise rejected with no one to catch it, while the invocation waits.
      'js/reject.js':
        "exports.handler = () => new Promise(() => setTimeout(() => Promise.reject(new Error('later')), 0));\n",
    }),
    { logger },
  );

  /** The request's answer, the gateway's reason, and the function's log lines. */
  async function failing(route: string): Promise<{ error: string; lines: string[] }> {
    const { res, lines } = await withLogs(served.api, () => fetch(`${served.api.url}${route}`));
    assert.equal(res.status, 500, route);
    return {
      error: served.api.request(res.headers.get('apigw-requestid')!)!.record.error ?? '',
      lines: lines.map((l) => l.line),
    };
  }

  it('Python: Runtime.ImportModuleError, Runtime.UserCodeSyntaxError and Runtime.HandlerNotFound, each logged', async () => {
    const imported = await failing('/pyimport');
    const message = "Runtime.ImportModuleError: Unable to import module 'needs': No module named 'no_such_module'";
    assert.match(imported.error, new RegExp(message.replace(/[.()]/g, '\\$&')));
    assert.ok(imported.lines.includes(`[ERROR] ${message}`), imported.lines.join('\n'));
    const syntax = await failing('/pysyntax');
    assert.match(syntax.error, /Runtime\.UserCodeSyntaxError: Syntax error in module 'typo': /);
    const at = syntax.lines.findIndex((l) =>
      l.startsWith("[ERROR] Runtime.UserCodeSyntaxError: Syntax error in module 'typo'"),
    );
    assert.ok(at >= 0, syntax.lines.join('\n'));
    assert.deepEqual(syntax.lines.slice(at + 1, at + 4), [
      'Traceback (most recent call last):',
      `\u00a0\u00a0File "${served.ws.file('py/typo.py')}" Line 1`,
      '\u00a0\u00a0\u00a0\u00a0def handler(event, context)',
    ]);
    const missing = await failing('/pynofn');
    assert.match(missing.error, /Runtime\.HandlerNotFound: Handler 'missing' missing on module 'ok'/);
    assert.ok(missing.lines.includes("[ERROR] Runtime.HandlerNotFound: Handler 'missing' missing on module 'ok'"));
  });

  it("Node: an unhandled rejection ends the process, logged as Lambda's Unhandled Promise Rejection", async () => {
    const { error, lines } = await failing('/reject');
    assert.match(error, /the handler process/);
    const logged = lines.find((l) => l.includes('\tERROR\tUnhandled Promise Rejection \t'));
    assert.ok(logged, lines.join('\n'));
    const err = JSON.parse(logged.split('\t')[4]!) as { errorType: string; errorMessage: string };
    assert.deepEqual([err.errorType, err.errorMessage], ['Runtime.UnhandledPromiseRejection', 'Error: later']);
    // Lambda's REPORT of an invocation whose runtime ended.
    const report = lines.find((l) => l.startsWith('REPORT '));
    assert.match(report ?? '', /\tStatus: error\tError Type: Runtime\.ExitError$/);
  });

  it("Node: a handler that fails to load is logged as Lambda's Uncaught Exception, before any request id", async () => {
    const { error, lines } = await failing('/js');
    assert.match(error, /Runtime\.ImportModuleError: Error: Cannot find module 'no-such-package'/);
    const logged = lines.find((l) => l.includes('\tERROR\tUncaught Exception \t'));
    assert.ok(logged, lines.join('\n'));
    const [, requestId, , , json] = logged.split('\t');
    assert.equal(requestId, 'undefined');
    const err = JSON.parse(json!) as { errorType: string; errorMessage: string };
    // Lambda's runtime wraps a CommonJS module not found, the original error as its message.
    assert.equal(err.errorType, 'Runtime.ImportModuleError');
    assert.match(err.errorMessage, /^Error: Cannot find module 'no-such-package'\nRequire stack:/);
    assert.ok(
      lines.some((l) => /^INIT_REPORT .*\tError Type: Runtime\.ImportModuleError$/.test(l)),
      lines.join('\n'),
    );
  });

  it("Node: a handler not exported, or not a function, is Lambda's Runtime.HandlerNotFound, in its words", async () => {
    assert.match(
      (await failing('/jsnofn')).error,
      /Runtime\.HandlerNotFound: other\.handler is undefined or not exported/,
    );
    assert.match((await failing('/jsnotfn')).error, /Runtime\.HandlerNotFound: other\.config is not a function/);
  });

  it('Node: an AWS SDK v3 package the project lacks, which Lambda provides, is said once with the install line', async () => {
    for (let i = 0; i < 2; i++)
      assert.match((await failing('/sdk')).error, /Cannot find module '@aws-sdk\/client-not-installed'/);
    const said = warnings.filter((w) => w.includes('@aws-sdk/client-not-installed'));
    assert.equal(said.length, 1, warnings.join('\n'));
    assert.match(said[0]!, /^sdk needs @aws-sdk\/client-not-installed, which Lambda's Node\.js runtime provides/);
    assert.match(said[0]!, /npm install --save-dev @aws-sdk\/client-not-installed \(in .+\)\.$/);
    // Not for a package Lambda does not provide, which fails there too.
    await failing('/js');
    assert.ok(!warnings.some((w) => w.includes('no-such-package')), warnings.join('\n'));
  });
});

describe("local API: a Python handler's own modules in other folders reload it when saved", () => {
  const served = servedFor(
    'words.apigw.yaml',
    () => ({
      'words.apigw.yaml': lambdaHttpSpec('words', { 'GET /word': 'word' }),
      'words.apigw.local.yaml': 'functions:\n  word: { handler: src/app.py#handler }\n',
      // A module in a subfolder (a namespace package), and one imported only when a request needs it.
      'src/app.py':
        'from helpers import words\ndef handler(event, context):\n    from helpers import late\n    return words.WORD + " " + late.WORD\n',
      'src/helpers/words.py': 'WORD = "first"\n',
      'src/helpers/late.py': 'WORD = "late"\n',
    }),
    { watch: true },
  );

  async function savedAndReloaded(file: string, text: string): Promise<string> {
    const reloaded = nextEvent(served.api.events as never, 'reload', (e: { name: string }) => e.name === 'word');
    served.ws.write(file, text);
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    return (await fetch(`${served.api.url}/word`)).text();
  }

  it('a module the handler imports at load, and one it imports during a request, are watched', async () => {
    assert.equal(await (await fetch(`${served.api.url}/word`)).text(), 'first late');
    assert.equal(await savedAndReloaded('src/helpers/words.py', 'WORD = "second"\n'), 'second late');
    assert.equal(await savedAndReloaded('src/helpers/late.py', 'WORD = "later"\n'), 'second later');
  });
});

describe("local API: a handler in a package, run from Lambda's task root", () => {
  const WHERE =
    "import os\nWHERE = {'cwd': os.getcwd(), 'root': os.environ['LAMBDA_TASK_ROOT'], 'handler': os.environ['_HANDLER'], 'runtime': os.environ['AWS_EXECUTION_ENV']}\n";
  const NODE_WHERE =
    'exports.main = async () => ({ cwd: process.cwd(), root: process.env.LAMBDA_TASK_ROOT, handler: process.env._HANDLER, runtime: process.env.AWS_EXECUTION_ENV, init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE });\n';
  const python = execFileSync('python3', ['-c', "import sys; print('AWS_Lambda_python%d.%d' % sys.version_info[:2])"], {
    encoding: 'utf8',
  }).trim();

  const served = servedFor('pkgs.apigw.yaml', () => ({
    'pkgs.apigw.yaml': lambdaHttpSpec('pkgs', {
      'GET /pkg': 'pkg',
      'GET /rooted': 'rooted',
      'GET /node': 'node',
      'GET /broken': 'broken',
      'GET /outside': 'outside',
      'GET /nested': 'nested',
      'GET /nodepkg': 'nodepkg',
      'GET /loose': 'loose',
    }),
    'pkgs.apigw.local.yaml': [
      'functions:',
      '  pkg: { handler: svc/shop/api/app.py#handler }',
      '  rooted: { handler: svc/src/handlers/orders.py#handler, root: svc }',
      '  node: { handler: svc/src/handlers/orders.js#main, root: svc }',
      '  broken: { handler: svc/shop/broken.py#handler }',
      '  outside: { handler: svc/shop/api/app.py#handler, root: svc/src }',
      '  nested: { handler: nested/pkg/app.py#handler }',
      '  nodepkg: { handler: svc/src/handlers/orders.js#main }',
      '  loose: { handler: loose/where.js#main }',
      '',
    ].join('\n'),
    // A package two levels deep: relative imports, and absolute ones from the package's root.
    'svc/shop/__init__.py': 'LOADED = "shop"\n',
    // Packages up to the project's own folder, itself one: the root is not looked for above the mapping file's.
    '__init__.py': '',
    'nested/__init__.py': '',
    'nested/pkg/__init__.py': '',
    'nested/pkg/app.py':
      'import os\ndef handler(event, context):\n    return {"cwd": os.getcwd(), "module": __name__}\n',
    'svc/shop/api/__init__.py': '',
    'svc/shop/api/app.py': `from . import prices\nfrom shop.util import WHERE\nimport shop, shop.api\ndef handler(event, context):\n    return dict(WHERE, module=__name__, price=prices.PRICE, shop=shop.LOADED, bound=shop.api.app.handler is handler)\n`,
    'svc/shop/api/prices.py': 'PRICE = 42\n',
    'svc/shop/util.py': WHERE,
    'svc/shop/broken.py': 'from .missing import nothing\ndef handler(event, context):\n    return {}\n',
    // Serverless Framework's layout: folders without __init__.py, imports from the service's root.
    'svc/src/handlers/orders.py': `from src.lib.where import WHERE\ndef handler(event, context):\n    return dict(WHERE, module=__name__)\n`,
    'svc/src/lib/where.py': WHERE,
    'svc/src/handlers/orders.js': NODE_WHERE,
    // The Node package's root: its package.json.
    'svc/package.json': '{ "name": "svc" }\n',
    'loose/where.js': NODE_WHERE,
  }));

  async function answer(route: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${served.api.url}${route}`);
    assert.equal(res.status, 200, route);
    return (await res.json()) as Record<string, unknown>;
  }

  it('Python: the first folder above the package is the root; the handler is the module shop.api.app', async () => {
    assert.deepEqual(await answer('/pkg'), {
      cwd: fs.realpathSync(served.ws.file('svc')),
      root: served.ws.file('svc'),
      handler: 'shop/api/app.handler',
      runtime: python,
      module: 'shop.api.app',
      price: 42,
      shop: 'shop',
      bound: true,
    });
  });

  it("Python and Node: the mapping's root, with imports from it (src.lib), Lambda's _HANDLER and runtime names", async () => {
    const root = served.ws.file('svc');
    assert.deepEqual(await answer('/rooted'), {
      cwd: fs.realpathSync(root),
      root,
      handler: 'src/handlers/orders.handler',
      runtime: python,
      module: 'src.handlers.orders',
    });
    assert.deepEqual(await answer('/node'), {
      cwd: fs.realpathSync(root),
      root,
      handler: 'src/handlers/orders.main',
      runtime: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
      init: 'on-demand',
    });
  });

  it("Node: by default the root is the nearest folder with a package.json, else the handler's folder", async () => {
    const svc = served.ws.file('svc');
    assert.deepEqual(
      { ...(await answer('/nodepkg')), runtime: 0 },
      { cwd: fs.realpathSync(svc), root: svc, handler: 'src/handlers/orders.main', runtime: 0, init: 'on-demand' },
    );
    const loose = served.ws.file('loose');
    assert.deepEqual(
      { ...(await answer('/loose')), runtime: 0 },
      { cwd: fs.realpathSync(loose), root: loose, handler: 'where.main', runtime: 0, init: 'on-demand' },
    );
  });

  it("an import that fails in a package is Lambda's ImportModuleError, naming the module by its path", async () => {
    const { res, lines } = await withLogs(served.api, () => fetch(`${served.api.url}/broken`));
    assert.equal(res.status, 500);
    const message =
      "[ERROR] Runtime.ImportModuleError: Unable to import module 'shop/broken': No module named 'shop.missing'";
    assert.ok(
      lines.some((l) => l.line === message),
      lines.map((l) => l.line).join('\n'),
    );
    // Lambda's report of an init phase that failed.
    assert.ok(
      lines.some((l) =>
        /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ImportModuleError$/.test(
          l.line,
        ),
      ),
      lines.map((l) => l.line).join('\n'),
    );
  });

  it("packages up to the project's folder: the root is the mapping file's folder, not above it", async () => {
    assert.deepEqual(await answer('/nested'), { cwd: fs.realpathSync(served.ws.dir), module: 'nested.pkg.app' });
  });

  it('a handler outside its root is refused, naming the function and the root', async () => {
    const res = await fetch(`${served.api.url}/outside`);
    assert.equal(res.status, 500);
    const error = served.api.request(res.headers.get('apigw-requestid')!)!.record.error ?? '';
    assert.match(error, /The handler of outside is not inside its root .*svc.src/);
  });
});

describe("local API: a function's JSON log format and application log level, as Lambda's runtimes write them", () => {
  const served = servedFor('jsonlogs.apigw.yaml', () => ({
    'jsonlogs.apigw.yaml': lambdaHttpSpec('jsonlogs', {
      'GET /node': 'node',
      'GET /debug': 'debug',
      'GET /py': 'py',
      'GET /text': 'text',
      'GET /sys': 'sys',
      'GET /quiet': 'quiet',
    }),
    'jsonlogs.apigw.local.yaml': [
      'functions:',
      '  node: { handler: log.js, logFormat: JSON }',
      '  debug: { handler: log.js, logFormat: JSON, applicationLogLevel: DEBUG }',
      '  py: { handler: log.py#handler, logFormat: JSON }',
      '  text: { handler: log.js, memory: 256 }',
      '  sys: { handler: log.js, logFormat: JSON, systemLogLevel: DEBUG }',
      '  quiet: { handler: log.js, logFormat: JSON, systemLogLevel: WARN }',
      '',
    ].join('\n'),
    'log.js': [
      'exports.handler = async (event) => {',
      "  console.debug('only at DEBUG');",
      "  console.log('plain', 42);",
      '  console.info({ orderId: 7 });',
      "  console.warn('failed %s', 'x', new TypeError('bad'));",
      "  if (event.queryStringParameters?.boom) throw new RangeError('kaboom');",
      "  return 'ok';",
      '};',
      '',
    ].join('\n'),
    'log.py': [
      'import logging',
      "logger = logging.getLogger('orders')",
      'def handler(event, context):',
      "    logger.debug('only at DEBUG')",
      "    logger.info('order %s', 7, extra={'orderId': 7})",
      '    try:',
      '        1 / 0',
      '    except ZeroDivisionError:',
      "        logger.exception('divided')",
      "    if (event.get('queryStringParameters') or {}).get('boom'):",
      "        raise ValueError('kaboom')",
      "    return 'ok'",
      '',
    ].join('\n'),
  }));

  type Platform = { time: string; type: string; record: Record<string, unknown> };

  /** A request's log lines, parsed: the function's own, and Lambda's system events (`platform.*`). */
  async function records(
    route: string,
  ): Promise<{ requestId: string; records: Array<Record<string, unknown>>; platform: Platform[] }> {
    const { lines } = await withLogs(served.api, () => fetch(`${served.api.url}${route}`));
    const parsed = lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
    const isPlatform = (r: Record<string, unknown>) => String(r.type).startsWith('platform.');
    return {
      requestId: lines.find((l) => l.requestId)?.requestId ?? '',
      records: parsed.filter((r) => !isPlatform(r)),
      platform: parsed.filter(isPlatform) as Platform[],
    };
  }

  it('Node: each console call is one JSON object; below INFO is left out unless the level says DEBUG', async () => {
    const { requestId, records: logged } = await records('/node');
    const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    assert.equal(logged.length, 3, JSON.stringify(logged));
    assert.match(String(logged[0]!.timestamp), time);
    assert.deepEqual({ ...logged[0], timestamp: 0 }, { timestamp: 0, level: 'INFO', requestId, message: 'plain 42' });
    assert.deepEqual(logged[1]!.message, { orderId: 7 });
    assert.equal(logged[2]!.level, 'WARN');
    assert.match(String(logged[2]!.message), /^failed x TypeError: bad\n {4}at /);
    assert.deepEqual([logged[2]!.errorType, logged[2]!.errorMessage], ['TypeError', 'bad']);
    assert.equal((logged[2]!.stackTrace as string[])[0], 'TypeError: bad');
    const debug = await records('/debug');
    assert.deepEqual(debug.records[0], { ...debug.records[0], level: 'DEBUG', message: 'only at DEBUG' });
  });

  it("Node: a thrown error is logged as the runtime's JSON error record", async () => {
    const { requestId, records: logged } = await records('/node?boom=1');
    const error = logged.at(-1)!;
    assert.equal(error.level, 'ERROR');
    assert.equal(error.requestId, requestId);
    const message = error.message as { errorType: string; errorMessage: string; stackTrace: string[] };
    assert.deepEqual([message.errorType, message.errorMessage], ['RangeError', 'kaboom']);
    assert.match(message.stackTrace[1]!, /log\.js:6/);
  });

  it("Python: logging records as the runtime's JsonFormatter writes them; a raised error as its JSON log_error", async () => {
    const { requestId, records: logged } = await records('/py?boom=1');
    assert.equal(logged.length, 3, JSON.stringify(logged));
    const [info, exception, raised] = logged as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    assert.match(String(info.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(
      { ...info, timestamp: 0 },
      { timestamp: 0, level: 'INFO', message: 'order 7', logger: 'orders', requestId, orderId: 7 },
    );
    assert.deepEqual(
      [exception.level, exception.message, exception.errorType, exception.errorMessage, exception.requestId],
      ['ERROR', 'divided', 'ZeroDivisionError', 'division by zero', requestId],
    );
    assert.equal(exception.location, `${served.ws.file('log.py')}:handler:9`);
    assert.match((exception.stackTrace as string[])[0]!, /log\.py", line 7, in handler/);
    assert.deepEqual(Object.keys(raised), [
      'timestamp',
      'log_level',
      'errorMessage',
      'errorType',
      'requestId',
      'stackTrace',
    ]);
    assert.deepEqual(
      [raised.log_level, raised.errorType, raised.errorMessage, raised.requestId],
      ['ERROR', 'ValueError', 'kaboom', ''],
    );
  });

  /** A request's lines as text, for a function whose log format is Text. */
  async function textLines(route: string): Promise<string[]> {
    const { lines } = await withLogs(served.api, () => fetch(`${served.api.url}${route}`));
    return lines.map((l) => l.line);
  }

  it("Text: START, END and REPORT as Lambda's, Max Memory Used, and Init Duration only after a cold start", async () => {
    const first = await textLines('/text');
    const id = /^START RequestId: (\S+) Version: \$LATEST$/.exec(first[0]!)?.[1];
    assert.ok(id, first.join('\n'));
    assert.equal(first.at(-2), `END RequestId: ${id}`);
    const report = first.at(-1)!.split('\t');
    assert.equal(report.length, 6, first.at(-1));
    assert.equal(report[0], `REPORT RequestId: ${id}`);
    assert.match(report[1]!, /^Duration: \d+\.\d\d ms$/);
    assert.match(report[2]!, /^Billed Duration: \d+ ms$/);
    assert.equal(report[3], 'Memory Size: 256 MB');
    const used = Number(/^Max Memory Used: (\d+) MB$/.exec(report[4]!)?.[1]);
    assert.ok(used > 10 && used < 1024, report[4]);
    assert.match(report[5]!, /^Init Duration: \d+\.\d\d ms$/);
    assert.ok(!first.some((l) => l.startsWith('INIT_REPORT')), 'a successful init has no INIT_REPORT line');
    const warm = (await textLines('/text')).at(-1)!.split('\t');
    assert.deepEqual(warm.length, 5, 'a warm invocation has no Init Duration');
    assert.match(warm[4]!, /^Max Memory Used: \d+ MB$/);
  });

  it("JSON: the Telemetry API's events, platform.runtimeDone only at DEBUG, none of them at WARN", async () => {
    const cold = await records('/sys');
    assert.deepEqual(
      cold.platform.map((p) => p.type),
      ['platform.start', 'platform.runtimeDone', 'platform.report'],
    );
    const [start, done, report] = cold.platform as [Platform, Platform, Platform];
    assert.match(start.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(start.record, { requestId: cold.requestId, version: '$LATEST' });
    assert.equal(done.record.status, 'success');
    const metrics = report.record.metrics as Record<string, number>;
    assert.deepEqual(Object.keys(metrics), [
      'durationMs',
      'billedDurationMs',
      'memorySizeMB',
      'maxMemoryUsedMB',
      'initDurationMs',
    ]);
    assert.equal(metrics.billedDurationMs, Math.ceil(metrics.durationMs!));
    assert.equal(metrics.memorySizeMB, 128);
    assert.ok(metrics.maxMemoryUsedMB! > 10, JSON.stringify(metrics));
    assert.deepEqual([report.record.requestId, report.record.status], [cold.requestId, 'success']);
    const failed = await records('/sys?boom=1');
    const failedReport = failed.platform.at(-1)!;
    assert.equal('initDurationMs' in (failedReport.record.metrics as object), false, 'warm');
    assert.deepEqual([failedReport.record.status, failedReport.record.errorType], ['failure', 'RangeError']);
    // The default level, INFO: no runtimeDone; WARN: no system events at all.
    assert.deepEqual(
      (await records('/node')).platform.map((p) => p.type),
      ['platform.start', 'platform.report'],
    );
    const quiet = await records('/quiet');
    assert.deepEqual(quiet.platform, []);
    assert.equal(quiet.records.length, 3, "the function's own lines stay");
  });

  it("Python: Max Memory Used from the handler process's peak memory", async () => {
    const report = (await records('/py')).platform.at(-1)!;
    assert.equal(report.type, 'platform.report');
    assert.ok((report.record.metrics as { maxMemoryUsedMB: number }).maxMemoryUsedMB > 5, JSON.stringify(report));
  });
});

describe('local API: a handler process that uses more memory than its function has', () => {
  it("is said once in the API's log, naming the function, its peak and its memory", async () => {
    const ws = localWorkspace({
      'mem.apigw.yaml': lambdaHttpSpec('mem', { 'GET /small': 'small' }),
      'mem.apigw.local.yaml': 'functions:\n  small: { handler: h.js, memory: 128 }\n',
      // 160 MB outside V8's heap (a Buffer's, written to) at init: the process's peak passes 128 MB.
      'h.js':
        'const kept = Buffer.alloc(160 * 2 ** 20, 1);\nexports.handler = async () => ({ statusCode: 200, body: String(kept.length) });\n',
    });
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    const api = await startLocalApi({ specPath: ws.file('mem.apigw.yaml'), port: 0, watch: false, logger });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${api.url}/small`)).status, 200);
      const over = warnings.filter((w) => w.includes('Runtime.OutOfMemory'));
      assert.equal(over.length, 1, warnings.join('\n'));
      assert.match(over[0]!, /^small used \d+ MB, more than its 128 MB: on Lambda the invocation would end with/);
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe("local API: an AWS SAM project's env.json, its objects keyed by the template's logical IDs", () => {
  const served = servedFor('shop.apigw.yaml', () => ({
    'shop.apigw.yaml': lambdaHttpSpec('shop', { 'GET /orders': 'orders-dev', 'GET /users': 'users' }),
    'shop.apigw.local.yaml':
      'functions:\n  orders-dev: { handler: env.js, envFile: env.json }\n  users: { handler: env.js, envFile: env.json }\n',
    'template.yaml': [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  OrdersFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { FunctionName: orders-dev, Handler: env.handler, Runtime: nodejs20.x }',
      '  UsersFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { FunctionName: users, Handler: env.handler, Runtime: nodejs20.x }',
      '',
    ].join('\n'),
    // As `sam local start-api --env-vars env.json` reads it: OrdersFunction by its logical ID; no UsersFunction
    // object, so SAM falls back to the function's name.
    'env.json': JSON.stringify({
      Parameters: { TABLE: 'shared' },
      OrdersFunction: { STAGE: 'by-logical-id' },
      users: { STAGE: 'by-name' },
    }),
    'env.js':
      'exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ STAGE: process.env.STAGE, TABLE: process.env.TABLE }) });\n',
  }));

  it("finds a function's object by the logical ID the template beside the file gives it, else by its name", async () => {
    const env = async (route: string) => (await (await fetch(`${served.api.url}${route}`)).json()) as unknown;
    assert.deepEqual(await env('/orders'), { STAGE: 'by-logical-id', TABLE: 'shared' });
    assert.deepEqual(await env('/users'), { STAGE: 'by-name', TABLE: 'shared' });
  });
});

describe('local API: an env.json object no function gets is said at the start', () => {
  it('beside a SAM template: a key of no function of the template or the mapping, with the name meant', async () => {
    const ws = localWorkspace({
      'shop.apigw.yaml': lambdaHttpSpec('shop', { 'GET /orders': 'orders-dev' }),
      'shop.apigw.local.yaml': 'functions:\n  orders-dev: { handler: env.js, envFile: env.json }\n',
      'template.yaml': [
        'Resources:',
        '  OrdersFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { FunctionName: orders-dev, Handler: env.handler, Runtime: nodejs20.x }',
        '  CartFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { Handler: cart.handler, Runtime: nodejs20.x }',
        '',
      ].join('\n'),
      // CartFunction is the template's, run by no local handler: not a mistake. OrdrsFunction is one.
      'env.json': JSON.stringify({ Parameters: { A: '1' }, OrdrsFunction: { B: '2' }, CartFunction: { C: '3' } }),
      'env.js': "exports.handler = async () => ({ statusCode: 200, body: process.env.B ?? 'none' });\n",
    });
    const warnings: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    const api = await startLocalApi({ specPath: ws.file('shop.apigw.yaml'), port: 0, watch: false, logger });
    try {
      assert.equal(await (await fetch(`${api.url}/orders`)).text(), 'none');
      assert.deepEqual(
        warnings.filter((w) => w.startsWith('env.json')),
        [
          "env.json has variables for OrdrsFunction, which is no function of the local mapping nor of the SAM template beside it: no handler gets them. Did you mean 'OrdersFunction'?",
        ],
      );
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe("local API: a Node handler runs with the flags Lambda's Node.js runtime gives node", () => {
  const served = servedFor('flags.apigw.yaml', () => ({
    'flags.apigw.yaml': lambdaHttpSpec('flags', { 'GET /flags': 'flags', 'GET /grow': 'grow' }),
    'flags.apigw.local.yaml': 'functions:\n  flags: { handler: flags.js, memory: 512 }\n  grow: { handler: grow.js }\n',
    'flags.js': [
      "const v8 = require('node:v8');",
      "const http = require('node:http');",
      'exports.handler = async () => ({',
      '  statusCode: 200,',
      '  body: JSON.stringify({ gc: typeof globalThis.gc, headers: http.maxHeaderSize, heap: v8.getHeapStatistics().heap_size_limit }),',
      '});',
      '',
    ].join('\n'),
    // About 256 MB of arrays in V8's heap, which node's own limit takes and 128 MB of memory (the default) does not.
    'grow.js':
      "const kept = [];\nexports.handler = async () => { while (kept.length < 8192) kept.push(new Array(4096).fill(kept.length)); return { statusCode: 200, body: 'grown' }; };\n",
  }));

  it("global.gc, 80 KiB of HTTP headers, and a heap sized from the function's memory", async () => {
    const res = await fetch(`${served.api.url}/flags`);
    const body = (await res.json()) as { gc: string; headers: number; heap: number };
    assert.equal(body.gc, 'function');
    assert.equal(body.headers, 81920);
    // 512 MB: an old generation of 461 MB and semi-spaces of 25 MB, which V8 makes 557 MB in all (its young
    // generation is three semi-spaces, each rounded up to 32 MB); node's own limit here would be gigabytes.
    const heapMB = body.heap / 2 ** 20;
    assert.ok(heapMB >= 461 && heapMB <= 461 + 3 * 32, `heap limit ${heapMB} MB`);
  });

  it("a handler that outgrows its heap ends its process, answered and reported as Lambda's", async () => {
    let body: unknown;
    const { res, lines } = await withLogs(served.api, async () => {
      const answer = await fetch(`${served.api.url}/grow`);
      body = await answer.clone().json();
      return answer;
    });
    assert.equal(res.status, 500);
    assert.deepEqual(body, { message: 'Internal Server Error' });
    const text = lines.map((l) => l.line);
    assert.ok(
      text.some((l) => l.includes('JavaScript heap out of memory')),
      text.join('\n'),
    );
    assert.match(text.find((l) => l.startsWith('REPORT ')) ?? '', /\tStatus: error\tError Type: Runtime\.ExitError$/);
  });
});

describe("local API: a mapping's env files, over each function's environment", () => {
  const ENV =
    'exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ STAGE: process.env.STAGE, TABLE: process.env.TABLE, KEY: process.env.KEY, NOTE: process.env.NOTE }) });\n';
  const served = servedFor(
    'envs.apigw.yaml',
    () => ({
      'envs.apigw.yaml': lambdaHttpSpec('envs', { 'GET /orders': 'orders', 'GET /users': 'users' }),
      'envs.apigw.local.yaml': [
        'envFile: .env.local',
        'functions:',
        '  orders: { handler: env.js, environment: { STAGE: mapping, TABLE: orders, NOTE: kept }, envFile: env.json }',
        '  users: { handler: env.js, environment: { STAGE: mapping } }',
        '',
      ].join('\n'),
      '.env.local': '# not committed\nSTAGE=dotenv\nKEY="s3cr3t value"\n',
      // AWS SAM's --env-vars file: Parameters for every function, then the function's own.
      'env.json': JSON.stringify({ Parameters: { TABLE: 'sam-table' }, orders: { STAGE: 'sam-orders' } }),
      'env.js': ENV,
    }),
    { watch: true },
  );

  async function env(route: string): Promise<Record<string, string | undefined>> {
    const res = await fetch(`${served.api.url}${route}`);
    assert.equal(res.status, 200, route);
    return (await res.json()) as Record<string, string | undefined>;
  }

  it("environment, then the mapping's envFile, then the function's own (SAM's env-vars JSON)", async () => {
    assert.deepEqual(await env('/orders'), {
      STAGE: 'sam-orders',
      TABLE: 'sam-table',
      KEY: 's3cr3t value',
      NOTE: 'kept',
    });
    assert.deepEqual(await env('/users'), { STAGE: 'dotenv', KEY: 's3cr3t value' });
  });

  // A bound of its own: without the watch the reload never comes, and the test should fail rather than wait.
  it('saving an env file reloads the API: the next request has the new value', { timeout: 60_000 }, async () => {
    const reloaded = nextEvent(served.api.events as never, 'reload', (e: { what: string }) => e.what === 'spec');
    served.ws.write('.env.local', 'STAGE=dotenv\nKEY=rotated\n');
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    assert.equal((await env('/users')).KEY, 'rotated');
  });

  it('an env file the mapping names after the start is watched too', { timeout: 60_000 }, async () => {
    const spec = (e: { what: string }) => e.what === 'spec';
    let reloaded = nextEvent(served.api.events as never, 'reload', spec);
    served.ws.write('later.env', 'NOTE=later\n');
    served.ws.write(
      'envs.apigw.local.yaml',
      'envFile: .env.local\nfunctions:\n  users: { handler: env.js, envFile: later.env }\n  orders: { handler: env.js }\n',
    );
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    assert.equal((await env('/users')).NOTE, 'later');
    reloaded = nextEvent(served.api.events as never, 'reload', spec);
    served.ws.write('later.env', 'NOTE=saved again\n');
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    assert.equal((await env('/users')).NOTE, 'saved again');
  });

  it('an env file that is missing or not KEY=value is an error naming it, and nothing starts', async () => {
    const ws = localWorkspace({
      'a.apigw.yaml': lambdaHttpSpec('a', { 'GET /a': 'a' }),
      'a.apigw.local.yaml': 'envFile: missing.env\nfunctions:\n  a: { handler: env.js }\n',
      'env.js': ENV,
      'bad.env': 'A=1\nthis is not a variable\n',
    });
    try {
      const start = () => startLocalApi({ specPath: ws.file('a.apigw.yaml'), port: 0, watch: false });
      await assert.rejects(start(), (err: unknown) => {
        assert.ok(isWorkbenchError(err));
        assert.equal(err.code, 'NotFound');
        assert.match(err.message, /The env file .*missing\.env that the local mapping names does not exist/);
        return true;
      });
      ws.write('a.apigw.local.yaml', 'envFile: bad.env\nfunctions:\n  a: { handler: env.js }\n');
      await assert.rejects(start(), /bad\.env, line 2: no = or : after a variable name/);
    } finally {
      ws.remove();
    }
  });
});

describe("local API: a function's Lambda layers, found as in /opt, a later layer over an earlier one", () => {
  // The site-packages folder of a layer is named for the Python that reads it.
  const version = execFileSync('python3', ['-c', "import sys; print('python%d.%d' % sys.version_info[:2])"], {
    encoding: 'utf8',
  }).trim();

  const greet = (word: string) => `exports.greet = (name) => '${word} ' + name;\n`;
  const served = servedFor('layered.apigw.yaml', () => ({
    'layered.apigw.yaml': lambdaHttpSpec('layered', {
      'GET /cjs': 'cjs',
      'GET /esm': 'esm',
      'GET /ts': 'ts',
      'GET /py': 'py',
    }),
    'layered.apigw.local.yaml': [
      'functions:',
      '  cjs: { handler: fn/cjs.js, layers: [layers/common, layers/newer] }',
      '  esm: { handler: fn/esm.mjs, layers: [layers/common, layers/newer] }',
      '  ts: { handler: fn/ts.ts, layers: [layers/common] }',
      '  py: { handler: fn/app.py#handler, layers: [layers/common, layers/newer, layers/deps] }',
      '',
    ].join('\n'),
    'layers/common/nodejs/node_modules/greet/index.js': greet('hello'),
    'layers/newer/nodejs/node_modules/greet/index.js': greet('hi'),
    'layers/common/python/shared.py': "WHO = 'common'\n",
    'layers/newer/python/shared.py': "WHO = 'newer'\n",
    [`layers/deps/python/lib/${version}/site-packages/dep.py`]: "VALUE = 'dep'\n",
    'fn/cjs.js': "const { greet } = require('greet');\nexports.handler = async () => greet('cjs');\n",
    'fn/esm.mjs': "import { greet } from 'greet';\nexport const handler = async () => greet('esm');\n",
    'fn/ts.ts': "import { greet } from 'greet';\nexport const handler = async (): Promise<string> => greet('ts');\n",
    'fn/app.py': 'import shared, dep\ndef handler(event, context):\n    return shared.WHO + " " + dep.VALUE\n',
  }));

  it('Node: CommonJS, an ES module and a TypeScript bundle import a package from nodejs/node_modules', async () => {
    const text = async (route: string) => (await fetch(`${served.api.url}${route}`)).text();
    assert.deepEqual([await text('/cjs'), await text('/esm'), await text('/ts')], ['hi cjs', 'hi esm', 'hello ts']);
  });

  it('Python: python/ and python/lib/pythonX.Y/site-packages of each layer, the last layer first', async () => {
    assert.equal(await (await fetch(`${served.api.url}/py`)).text(), 'newer dep');
  });
});

describe("local API: a Python handler's context as Lambda's runtime makes it", () => {
  const served = servedFor('ctx.apigw.yaml', () => ({
    'ctx.apigw.yaml': lambdaHttpSpec('ctx', { 'GET /ctx': 'ctx' }),
    'ctx.apigw.local.yaml': 'functions:\n  ctx: { handler: ctx.py#handler, memory: 512 }\n',
    'ctx.py': [
      'def handler(event, context):',
      "    context.log('via context.log\\n')",
      '    return {',
      "        'memory': context.memory_limit_in_mb,",
      "        'identity': [type(context.identity).__name__, hasattr(context.identity, 'cognito_identity_id')],",
      "        'tenant': context.tenant_id,",
      "        'repr': repr(context).startswith('LambdaContext([aws_request_id=%s,' % context.aws_request_id),",
      '    }',
      '',
    ].join('\n'),
  }));

  it('context.log writes to the function log; the memory size is a string; an empty identity; no tenant', async () => {
    let body: unknown;
    const { lines } = await withLogs(served.api, async () => {
      const res = await fetch(`${served.api.url}/ctx`);
      body = await res.clone().json();
      return res;
    });
    assert.deepEqual(body, { memory: '512', identity: ['CognitoIdentity', false], tenant: null, repr: true });
    assert.ok(
      lines.some((l) => l.line === 'via context.log'),
      lines.map((l) => l.line).join('\n'),
    );
  });
});

describe("local API: each invocation's X-Ray trace in _X_AMZN_TRACE_ID, as Lambda's runtimes set it", () => {
  const served = servedFor('traced.apigw.yaml', () => ({
    'traced.apigw.yaml': lambdaHttpSpec('traced', { 'GET /node': 'node', 'GET /py': 'py' }),
    'traced.apigw.local.yaml': 'functions:\n  node: { handler: node.js }\n  py: { handler: app.py#handler }\n',
    'node.js':
      "exports.handler = async (event) => ({ env: process.env._X_AMZN_TRACE_ID, header: event.headers['x-amzn-trace-id'] });\n",
    'app.py':
      "import os\ndef handler(event, context):\n    return {'env': os.environ['_X_AMZN_TRACE_ID'], 'header': event['headers']['x-amzn-trace-id']}\n",
  }));

  for (const route of ['/node', '/py'])
    it(`${route}: the gateway's trace root, a segment of its own, not sampled; a new one each request`, async () => {
      const seen: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { env, header } = (await (await fetch(`${served.api.url}${route}`)).json()) as {
          env: string;
          header: string;
        };
        assert.match(header, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
        assert.match(env, new RegExp(`^${header};Parent=[0-9a-f]{16};Sampled=0$`));
        seen.push(env);
      }
      assert.notEqual(seen[0], seen[1]);
    });
});

describe('local API: the line reader of the handler pipe and logs', () => {
  it('hands on whole lines across chunks, a character split between chunks, and a last line without a newline', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    readLines(stream, (line) => lines.push(line));
    const euro = Buffer.from('€');
    stream.write('{"a":1}\n{"b"');
    stream.write(Buffer.concat([Buffer.from(':"'), euro.subarray(0, 1)]));
    stream.write(Buffer.concat([euro.subarray(1), Buffer.from('"}\n\nlast')]));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.end();
    await ended;
    assert.deepEqual(lines, ['{"a":1}', '{"b":"€"}', '', 'last']);
  });

  it('a line longer than its limit goes in parts as it arrives, a surrogate pair never split', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    readLines(stream, (line) => lines.push(line), 4);
    stream.write('abcdefghij');
    // The first two parts are out before the line ends.
    assert.deepEqual(lines, ['abcd', 'efgh']);
    stream.write('k😀mno\nxyz\n');
    const ended = new Promise((resolve) => stream.on('end', resolve));
    stream.end();
    await ended;
    assert.deepEqual(lines, ['abcd', 'efgh', 'ijk', '😀mn', 'o', 'xyz']);
  });

  it("a handler that prints a line of a megabyte: its log lines are CloudWatch's 256 KB at most", async () => {
    const size = 1024 * 1024 + 5;
    const ws = localWorkspace({
      'long.apigw.yaml': lambdaHttpSpec('long', { 'GET /a': 'fn' }),
      'long.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
      // One line of a megabyte: its newline comes last, so the whole line has come once it has (a part without one
      // stays with the reader until the process ends; the readLines test above holds that parts go as they arrive).
      'fn.js': `exports.handler = async () => { process.stdout.write('x'.repeat(${size}) + '\\n'); return { statusCode: 204 }; };\n`,
    });
    const api = await startLocalApi({ specPath: ws.file('long.apigw.yaml'), port: 0, watch: false });
    const parts: string[] = [];
    let total = 0;
    let printed!: () => void;
    // The answer can come before the pipe has handed on all the process printed: wait for the whole line (the
    // runner's test timeout is the bound), then look at how it came.
    const whole = new Promise<void>((resolve) => (printed = resolve));
    api.events.on('log', (l) => {
      if (!/^x+$/.test(l.line)) return;
      parts.push(l.line);
      if ((total += l.line.length) >= size) printed();
    });
    try {
      assert.equal((await fetch(`${api.url}/a`)).status, 204);
      await whole;
    } finally {
      await api.stop();
      ws.remove();
    }
    assert.equal(parts.join('').length, size);
    assert.ok(parts.length >= 4, `${parts.length} parts`);
    for (const p of parts) assert.ok(p.length <= 256 * 1024, `a line of ${p.length}`);
  });
});

describe('local API: bad input', () => {
  it('refuses a spec with errors and lists them', async () => {
    const ws = localWorkspace({
      'bad.apigw.yaml':
        'version: 1\napi: { name: bad, protocol: HTTP }\nroutes:\n  GET /a/: { integration: missing }\n',
    });
    try {
      await assert.rejects(startLocalApi({ specPath: ws.file('bad.apigw.yaml'), port: 0 }), (err: unknown) => {
        assert.ok(isWorkbenchError(err));
        assert.equal(err.code, 'InvalidSpec');
        assert.match(err.message, /bad\.apigw\.yaml has 2 errors/);
        assert.match(err.message, /APIGW300/);
        assert.match(err.message, /APIGW200/);
        return true;
      });
    } finally {
      ws.remove();
    }
  });

  it('a port in use is a Conflict error that says what to do; a malformed request gets 400 and the server goes on', async () => {
    const ws = localWorkspace({ 'ok.apigw.yaml': 'version: 1\napi: { name: ok, protocol: HTTP }\n' });
    const api = await startLocalApi({ specPath: ws.file('ok.apigw.yaml'), port: 0, watch: false });
    try {
      await assert.rejects(
        startLocalApi({ specPath: ws.file('ok.apigw.yaml'), port: api.port, watch: false }),
        (err: unknown) => {
          assert.ok(isWorkbenchError(err));
          assert.equal(err.code, 'Conflict');
          assert.match(err.message, new RegExp(`Port ${api.port} on 127.0.0.1 is already in use`));
          assert.match(err.hint ?? '', /another port/);
          return true;
        },
      );
      const raw = await new Promise<string>((resolve) => {
        const s = net.connect(api.port, '127.0.0.1', () => s.write('GARBAGE / HTTP/9.9\r\n\r\n'));
        let out = '';
        s.on('data', (d) => (out += d.toString()));
        s.on('close', () => resolve(out));
      });
      assert.match(raw, /^HTTP\/1\.1 400 Bad Request/);
      assert.equal((await fetch(`${api.url}/x`)).status, 404);
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe("Lambda's 6 MB limit on an event, counted as JSON writes it", () => {
  it('a body JSON escapes six bytes a character is over with a sixth of the characters; plain text is not', () => {
    const control = '\u0001'.repeat(Math.ceil(MAX_EVENT_BYTES / 6) + 10);
    assert.match(eventTooLarge({ body: control }) ?? '', /the event is 629\d{4} bytes/);
    assert.equal(eventTooLarge({ body: 'a'.repeat(control.length) }), undefined);
    assert.equal(eventTooLarge({ body: 'a'.repeat(MAX_EVENT_BYTES - 20) }), undefined);
    assert.match(eventTooLarge({ body: 'a'.repeat(MAX_EVENT_BYTES) }) ?? '', /the event is 6291467 bytes/);
    assert.equal(eventTooLarge({ version: '2.0' }), undefined);
    assert.equal(eventTooLarge(null), undefined);
  });
});
