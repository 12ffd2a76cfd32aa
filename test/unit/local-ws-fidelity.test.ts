// A local WebSocket API against what AWS answers, over real sockets: the quota on the URL's length, a `$connect`
// query with a repeated key, the error frames byte for byte, a client's close frame without the end of its TCP
// connection, and the idle timeout and connection duration on an injected clock.
import * as assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { FakeClock } from './clocks';
import { until } from './helpers';

const HANDSHAKE = [
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
];

/** A WebSocket API whose `$connect` and `$disconnect` call a Lambda function, with a route that fails and no $default. */
function fidelityApi(): LocalWorkspace {
  return localWorkspace({
    'fidelity.apigw.yaml': [
      'version: 1',
      'api: { name: fidelity, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }',
      'integrations:',
      '  ok-fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:ok" }',
      '  fail-fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fail" }',
      'routes:',
      '  $connect: { integration: ok-fn }',
      '  $disconnect: { integration: ok-fn }',
      '  note: { integration: ok-fn }',
      '  fail: { integration: fail-fn }',
      'stages: { dev: {} }',
      '',
    ].join('\n'),
    'fidelity.apigw.local.yaml': 'functions:\n  ok: { handler: ok.js }\n  fail: { handler: fail.js }\n',
    'ok.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
    'fail.js': "exports.handler = async () => { throw new Error('boom'); };\n",
  });
}

/** Sends `lines` as an HTTP request on a new TCP connection and resolves with all it got once the server closed it. */
function rawExchange(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

/** A raw client past the handshake: its socket (half-open allowed), what it got, whether the server ended it. */
async function rawClient(
  port: number,
  target: string,
): Promise<{ socket: net.Socket; received: () => Buffer; ended: () => boolean }> {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  let received = Buffer.alloc(0);
  let ended = false;
  socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
  socket.on('end', () => (ended = true));
  socket.on('close', () => (ended = true));
  socket.on('error', () => undefined);
  socket.write([`GET ${target} HTTP/1.1`, 'Host: x', ...HANDSHAKE].join('\r\n') + '\r\n\r\n');
  await until(() => received.toString('latin1').startsWith('HTTP/1.1 101 '), 'the handshake', 10_000);
  return { socket, received: () => received, ended: () => ended };
}

/** A masked client frame (zero mask), final: `opcode` 1 text, 8 close. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** A close frame's payload: the code, then the reason. */
function closePayload(code: number, reason = ''): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

/** The event the integration of `route` got for `connectionId` (its first invocation). */
async function eventOf(api: LocalApi, route: string, connectionId: string): Promise<Record<string, unknown>> {
  const isIt = (r: { route: string; connectionId?: string }) => r.route === route && r.connectionId === connectionId;
  await until(() => api.requests().some(isIt), `the ${route} of ${connectionId}`, 10_000);
  const id = api.requests().find(isIt)!.requestId;
  await until(() => api.request(id)?.invocations[0]?.event !== undefined, `the ${route} event`, 10_000);
  return api.request(id)!.invocations[0]!.event as Record<string, unknown>;
}

function disconnectOf(event: Record<string, unknown>): { code: unknown; reason: unknown } {
  const c = event.requestContext as { disconnectStatusCode: unknown; disconnectReason: unknown };
  return { code: c.disconnectStatusCode, reason: c.disconnectReason };
}

describe('local API: a WebSocket API as AWS answers it', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = fidelityApi();
    api = await startLocalApi({ specPath: ws.file('fidelity.apigw.yaml'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  // AWS's WebSocket quotas: "Length, in characters, of the URL for a WebSocket API: 4096", not adjustable. Node took
  // a target up to its 16 KB of head, and the head quota (10,240 bytes) answered 431 past that.
  it('refuses an upgrade whose URL is over 4,096 characters with 414, before $connect', async () => {
    const target = (length: number) => `/dev?pad=${'p'.repeat(length - '/dev?pad='.length)}`;
    const c = await open(`ws://127.0.0.1:${api.port}${target(4096)}`);
    const id = api.connections().at(-1)!;
    c.ws.close();
    await eventOf(api, '$disconnect', id);
    const before = api.requests().length;
    await assert.rejects(open(`ws://127.0.0.1:${api.port}${target(4097)}`), /HTTP 414/);
    // Over both quotas (the head's 10,240 bytes too), and past Node's 16 KB: the URL's quota answers.
    for (const length of [4097, 12_000, 20_000]) {
      const answer = await rawExchange(api.port, [`GET ${target(length)} HTTP/1.1`, 'Host: x', ...HANDSHAKE]);
      assert.match(answer, /^HTTP\/1\.1 414 URI Too Long\r\n/, `${length}`);
      assert.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), '{"message":"URI Too Long"}');
    }
    assert.deepEqual(api.requests().slice(before), [], 'no $connect ran');
  });

  // AWS's WebSocket events are REST's: a repeated key's last value in queryStringParameters, every value in
  // multiValueQueryStringParameters (the REST proxy sample: "multivalueName": "me" beside ["you", "me"]).
  it('$connect carries a repeated query key as REST events do: the last value, and all of them', async () => {
    const c = await open(`${api.wsUrl!}?a=1&b=x&a=2`);
    const id = api.connections().at(-1)!;
    const event = await eventOf(api, '$connect', id);
    assert.deepEqual(event.queryStringParameters, { a: '2', b: 'x' });
    assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x'] });
    c.ws.close();
    await c.closed;
  });

  // The frames AWS sends, as users' wscat sessions and AWS's request validation page show them:
  // {"message": "Forbidden", "connectionId":"…", "requestId":"…"} (JSON.stringify wrote no spaces).
  it('answers a message no route takes and a failed integration with AWS’s frames, byte for byte', async () => {
    const c = await open(api.wsUrl!);
    const id = api.connections().at(-1)!;
    const frame = (message: string, requestId: string) =>
      `{"message": "${message}", "connectionId":"${id}", "requestId":"${requestId}"}`;
    // Not JSON, JSON without the key, a key no route has: $default's, and there is none.
    for (const text of ['not json', '{"other":1}', '{"action":"nope"}', '"just a string"']) c.ws.send(text);
    c.ws.send('{"action":"fail"}');
    await until(() => c.messages.length >= 5, 'the five answers', 10_000);
    const refused = api.requests().filter((r) => r.connectionId === id && r.status === 403);
    assert.equal(refused.length, 4);
    const failed = api.requests().find((r) => r.connectionId === id && r.route === 'fail')!;
    assert.deepEqual(
      [...c.messages].sort(),
      [...refused.map((r) => frame('Forbidden', r.requestId)), frame('Internal server error', failed.requestId)].sort(),
    );
    c.ws.close();
    await c.closed;
  });

  // ws says "close" when the TCP connection ends, up to 30 s after a client's close frame (its close timeout):
  // $disconnect waited as long, though API Gateway ends the connection at the close handshake.
  it('runs $disconnect at the client’s close frame, without waiting for its TCP connection to end', async () => {
    const client = await rawClient(api.port, '/dev');
    const id = api.connections().at(-1)!;
    const started = Date.now();
    // A message, then the close frame, in one write: the message is routed, then the connection ends.
    client.socket.write(
      Buffer.concat([clientFrame(1, Buffer.from('{"action":"note"}')), clientFrame(8, closePayload(4000, 'bye'))]),
    );
    const event = await eventOf(api, '$disconnect', id);
    assert.ok(Date.now() - started < 5_000, `$disconnect after ${Date.now() - started} ms`);
    assert.deepEqual(disconnectOf(event), { code: 4000, reason: 'bye' });
    await until(() => api.requests().some((r) => r.connectionId === id && r.route === 'note'), 'the message', 10_000);
    assert.ok(!api.connections().includes(id));
    // The server answered the close, and ended the TCP connection the client left open.
    await until(client.ended, 'the server to end the connection', 10_000);
    assert.ok(client.received().includes(Buffer.from([0x88, 0x05, 0x0f, 0xa0, ...Buffer.from('bye')])));
    assert.equal(api.requests().filter((r) => r.connectionId === id && r.route === '$disconnect').length, 1);
    client.socket.destroy();
  });

  it('runs $disconnect when the client ends its TCP connection without a close frame', async () => {
    const client = await rawClient(api.port, '/dev');
    const id = api.connections().at(-1)!;
    client.socket.end();
    assert.deepEqual(disconnectOf(await eventOf(api, '$disconnect', id)), { code: 1006, reason: '' });
    client.socket.destroy();
  });
});

describe('local API: WebSocket idle timeout and connection duration on the API’s clock', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let clock: FakeClock;

  before(async () => {
    ws = fidelityApi();
    clock = new FakeClock(Date.UTC(2026, 0, 1));
    api = await startLocalApi({ specPath: ws.file('fidelity.apigw.yaml'), stage: 'dev', port: 0, watch: false, clock });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  // A $disconnect event users captured from AWS ten minutes after its $connect, with no message between:
  // disconnectStatusCode 1001, disconnectReason "Going away".
  it('closes a connection quiet for 10 minutes with 1001 "Going away", what $disconnect reports', async () => {
    const c = await open(api.wsUrl!);
    const id = api.connections().at(-1)!;
    clock.advance(10 * 60_000 - 1);
    c.ws.send('{"action":"nope"}');
    await until(() => c.messages.length === 1, 'the answer', 10_000);
    // Ten minutes after the message, not after the connection.
    clock.advance(10 * 60_000 - 1);
    assert.ok(api.connections().includes(id));
    clock.advance(1);
    assert.deepEqual(await c.closed, { code: 1001, reason: 'Going away' });
    assert.deepEqual(disconnectOf(await eventOf(api, '$disconnect', id)), { code: 1001, reason: 'Going away' });
  });

  // The close API Gateway sends is what $disconnect says, whatever the client answers (it said the client's 1000).
  it('reports its own close on $disconnect when the client answers another code', async () => {
    const client = await rawClient(api.port, '/dev');
    const id = api.connections().at(-1)!;
    clock.advance(10 * 60_000);
    await until(() => client.received().includes(Buffer.from([0x88])), "the server's close frame", 10_000);
    client.socket.write(clientFrame(8, closePayload(1000)));
    assert.deepEqual(disconnectOf(await eventOf(api, '$disconnect', id)), { code: 1001, reason: 'Going away' });
    client.socket.destroy();
  });

  it('closes a busy connection after 2 hours with 1001 "Going away"', async () => {
    const c = await open(api.wsUrl!);
    const id = api.connections().at(-1)!;
    for (let i = 1; i <= 13; i++) {
      clock.advance(9 * 60_000);
      c.ws.send('{"action":"nope"}');
      await until(() => c.messages.length === i, `answer ${i}`, 10_000);
    }
    assert.ok(api.connections().includes(id), 'open after 117 minutes');
    clock.advance(3 * 60_000);
    assert.deepEqual(await c.closed, { code: 1001, reason: 'Going away' });
    assert.deepEqual(disconnectOf(await eventOf(api, '$disconnect', id)), { code: 1001, reason: 'Going away' });
  });
});
