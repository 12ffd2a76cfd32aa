// The local HTTP API request by request against what AWS's HTTP APIs do, through real sockets: what a Lambda proxy
// handler receives (payload 1.0 and 2.0) and what the client gets back, for the cases where the local API differed.
import * as assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

const SPEC = `version: 1
api:
  name: fidelity
  protocol: HTTP
integrations:
  v2:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:echo
    payloadFormatVersion: "2.0"
  v1:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:echo
    payloadFormatVersion: "1.0"
routes:
  ANY /v2/{proxy+}:
    integration: v2
  ANY /v1/{proxy+}:
    integration: v1
stages:
  dev: {}
`;

// `?result` answers with the JSON the request's body holds; otherwise with the event it received.
const ECHO = `exports.handler = async (event) => {
  const q = event.queryStringParameters || {};
  if (q.result !== undefined) return JSON.parse(event.body);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};
`;

/** POSTs `result` as the JSON the echo function returns, through the route of payload `version`. */
function answerWith(api: LocalApi, version: 'v1' | 'v2', result: unknown): Promise<Response> {
  return fetch(`${api.url}/${version}/answer?result`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(result),
  });
}

/** Sends `raw` on a new connection and reads until the server closes it (each request says `connection: close`). */
function rawExchange(api: LocalApi, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(api.url).port), '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('local HTTP API: fidelity to AWS, request by request', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  before(async () => {
    ws = localWorkspace({
      'fidelity.apigw.yaml': SPEC,
      'fidelity.apigw.local.yaml': 'functions:\n  echo:\n    handler: echo.js#handler\n',
      'echo.js': ECHO,
    });
    api = await startLocalApi({ specPath: ws.file('fidelity.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('payload 2.0 ignores multiValueHeaders in a response, as AWS does; 1.0 sends them', async () => {
    const result = {
      statusCode: 200,
      headers: { 'x-single': 'one' },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'], 'x-multi': ['m1', 'm2'] },
      body: 'ok',
    };
    const v2 = await answerWith(api, 'v2', result);
    assert.equal(v2.status, 200);
    assert.equal(v2.headers.get('x-single'), 'one');
    assert.equal(v2.headers.get('x-multi'), null);
    assert.deepEqual(v2.headers.getSetCookie(), []);
    assert.equal(await v2.text(), 'ok');
    const v1 = await answerWith(api, 'v1', result);
    assert.equal(v1.headers.get('x-multi'), 'm1, m2');
    assert.deepEqual(v1.headers.getSetCookie(), ['a=1', 'b=2']);
    await v1.arrayBuffer();
  });

  it("the path reaches the function percent-decoded, as HTTP APIs send it (2.0's rawPath and http.path, 1.0's path)", async () => {
    const v2 = (await (await fetch(`${api.url}/v2/a%20b%2Fc/%E2%9C%93?q=%20`)).json()) as {
      rawPath: string;
      rawQueryString: string;
      requestContext: { http: { path: string } };
      pathParameters: Record<string, string>;
    };
    assert.equal(v2.rawPath, '/dev/v2/a b/c/\u2713');
    assert.equal(v2.requestContext.http.path, '/dev/v2/a b/c/\u2713');
    assert.equal(v2.rawQueryString, 'q=%20');
    assert.deepEqual(v2.pathParameters, { proxy: 'a b/c/\u2713' });
    const v1 = (await (await fetch(`${api.url}/v1/a%20b`)).json()) as {
      path: string;
      requestContext: { path: string };
    };
    assert.equal(v1.path, '/dev/v1/a b');
    assert.equal(v1.requestContext.path, '/dev/v1/a b');
  });

  it('an absolute-form request target is served as its path and query, as RFC 9112 has servers accept it', async () => {
    const port = new URL(api.url).port;
    const answer = await rawExchange(
      api,
      `GET http://127.0.0.1:${port}/dev/v2/abs?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 200 /);
    const event = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    assert.equal(event.rawPath, '/dev/v2/abs');
    assert.equal(event.rawQueryString, 'x=1');
  });

  it('a result header Node cannot write is a 500 that says why, and the server goes on; UTF-8 text goes as its bytes', async () => {
    const bad = [
      { headers: { 'x-split': 'a\r\nset-cookie: injected=1' } },
      { headers: { 'bad name': 'v' } },
      { cookies: ['a=1\nb=2'] },
    ];
    for (const fields of bad) {
      const res = await answerWith(api, 'v2', { statusCode: 200, body: 'never', ...fields });
      assert.equal(res.status, 500, JSON.stringify(fields));
      assert.deepEqual(await res.json(), { message: 'Internal Server Error' });
      assert.match(api.request(res.headers.get('apigw-requestid')!)!.record.error!, /malformed Lambda proxy response/);
    }
    // Any text beyond ASCII goes as UTF-8, whether or not Latin-1 could hold it (r\u00e9sum\u00e9 alone, too).
    for (const text of ['r\u00e9sum\u00e9 \u2713', 'r\u00e9sum\u00e9']) {
      const utf8 = await answerWith(api, 'v2', { statusCode: 200, headers: { 'x-name': text }, body: 'ok' });
      assert.equal(utf8.status, 200);
      assert.equal(Buffer.from(utf8.headers.get('x-name')!, 'latin1').toString('utf8'), text);
      assert.equal(await utf8.text(), 'ok');
    }
  });

  // A 204 or 304 has no content in HTTP, and a 204 no Content-Length (RFC 9110, 8.6, 15.3.5, 15.4.5); a HEAD answer
  // has no body. Each answer is followed by another on the same connection: bytes of a body that went out would be
  // read as the start of the next answer.
  it('a 204 or 304 goes out without a body or content-length, a HEAD answer without a body', async () => {
    const post = (result: unknown) => {
      const body = JSON.stringify(result);
      return `POST /dev/v2/answer?result HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const last = 'GET /dev/v2/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    for (const statusCode of [204, 304]) {
      const answer = await rawExchange(
        api,
        post({ statusCode, headers: { 'content-length': '5', 'x-kept': 'yes' }, body: 'never' }) + last,
      );
      const [first, second] = answer.split(/(?=HTTP\/1\.1 )/);
      assert.match(first!, new RegExp(`^HTTP/1\\.1 ${statusCode} `));
      assert.match(first!, /\r\nx-kept: yes\r\n/i);
      assert.doesNotMatch(first!, /content-length/i, `no content-length on a ${statusCode}`);
      assert.ok(first!.endsWith('\r\n\r\n'), `no body on a ${statusCode}: ${JSON.stringify(first)}`);
      assert.match(second!, /^HTTP\/1\.1 200 /);
      const id = /apigw-requestid: (\S+)/i.exec(first!)![1]!;
      assert.equal(api.request(id)!.response!.body, '', 'the traffic record shows the answer as sent');
    }
    const head = await rawExchange(api, 'HEAD /dev/v2/head HTTP/1.1\r\nHost: x\r\n\r\n' + last);
    const [headAnswer, after] = head.split(/(?=HTTP\/1\.1 )/);
    assert.match(headAnswer!, /^HTTP\/1\.1 200 /);
    assert.match(headAnswer!, /\r\ncontent-length: [1-9]\d*\r\n/i, 'the length a GET would have');
    assert.ok(headAnswer!.endsWith('\r\n\r\n'), 'no body on a HEAD answer');
    assert.match(after!, /^HTTP\/1\.1 200 /);
  });

  // Node's server closed a CONNECT's connection without an answer. Its target is no path (a tunnel's host:port), so no
  // route matches it; even one spelled as a path of an ANY route reaches no handler.
  it('a CONNECT request is answered 404 Not Found and closed, and no handler runs', async () => {
    const before = api.requests().length;
    for (const target of ['example.com:443', '/dev/v2/tunnel']) {
      const answer = await rawExchange(api, `CONNECT ${target} HTTP/1.1\r\nHost: example.com:443\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 404 Not Found\r\n/, target);
      assert.match(answer, /\r\nconnection: close\r\n/i);
      assert.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), '{"message":"Not Found"}');
    }
    assert.equal(api.requests().length, before, 'no request reached a route');
    const after = await fetch(`${api.url}/v2/after`);
    assert.equal(after.status, 200, 'the server goes on');
    await after.arrayBuffer();
  });

  // AWS's quota: "Total combined size of request line and header values", 10,240 bytes (HTTP APIs' quotas). Node
  // alone took up to its 16 KB of head, names included.
  it("a request line and header values over 10,240 bytes are refused 431, past Node's 16 KB too; no handler runs", async () => {
    // The line `GET /dev/v2/head HTTP/1.1` is 25 bytes, `x` and `close` 6 more: x-big's value makes up the rest.
    const get = (big: number) =>
      rawExchange(
        api,
        `GET /dev/v2/head HTTP/1.1\r\nHost: x\r\nConnection: close\r\nx-big: ${'b'.repeat(big)}\r\n\r\n`,
      );
    assert.match(await get(10_240 - 31), /^HTTP\/1\.1 200 /, 'at the quota');
    const before = api.requests().length;
    const over = await get(10_240 - 30);
    assert.match(over, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.equal(over.slice(over.indexOf('\r\n\r\n') + 4), '{"message":"Request Header Fields Too Large"}');
    const record = api.request(/apigw-requestid: (\S+)/i.exec(over)![1]!)!.record;
    assert.deepEqual(
      [record.status, record.route, record.error],
      [431, '/dev/v2/head', "the request line and header values are 10,241 bytes, over API Gateway's quota of 10,240"],
    );
    assert.equal(record.requestId, api.requests().at(-1)!.requestId);
    assert.equal(api.requests().length, before + 1);
    assert.deepEqual(api.request(record.requestId)!.invocations, [], 'no handler ran');
    const huge = await get(20_000);
    assert.match(huge, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    assert.equal(huge.slice(huge.indexOf('\r\n\r\n') + 4), '{"message":"Request Header Fields Too Large"}');
  });

  it('a result whose statusCode is an interim 1xx is a 500 that says why, not an answer the client waits past', async () => {
    for (const statusCode of [100, '101', 199]) {
      const res = await answerWith(api, 'v2', { statusCode, body: 'never' });
      assert.equal(res.status, 500, String(statusCode));
      assert.match(api.request(res.headers.get('apigw-requestid')!)!.record.error!, /not a final HTTP status/);
    }
    const v1 = await answerWith(api, 'v1', { statusCode: 103, body: 'never' });
    assert.equal(v1.status, 500);
    await v1.arrayBuffer();
  });
});
