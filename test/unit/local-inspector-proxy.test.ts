// The proxy a debugger reaches handler processes' inspectors through (src/local/inspectorProxy.ts), against an
// inspector of its own that records what reaches it: every message passes both ways; after the debugger's "run",
// the proxy sends "run" again, whose replies the debugger never sees — a process that took the debugger's "run"
// before it began to wait is let go all the same. Only the inspectors the proxy has named are reached.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { InspectorProxy } from '../../src/local/inspectorProxy';
import { until } from './helpers';

interface Message {
  id: number;
  method?: string;
}

describe('the inspector proxy', () => {
  let proxy: InspectorProxy;
  let inspector: WebSocketServer;
  let port: number;
  const received: Message[] = [];

  before(async () => {
    proxy = await InspectorProxy.start();
    inspector = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => inspector.once('listening', resolve));
    port = (inspector.address() as { port: number }).port;
    // As Node's inspector: each message answered at once.
    inspector.on('connection', (socket) =>
      socket.on('message', (data) => {
        const m = JSON.parse(String(data)) as Message;
        received.push(m);
        socket.send(JSON.stringify({ id: m.id, result: {} }));
      }),
    );
  });
  after(async () => {
    await proxy.close();
    await new Promise((resolve) => inspector.close(resolve));
  });

  function connect(url: string): Promise<{ ws: WebSocket; replies: Message[] }> {
    const ws = new WebSocket(url);
    const replies: Message[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data)) as Message));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ ws, replies }));
      ws.once('error', reject);
    });
  }

  it("rewrites a handler's inspector line to the proxy's address, and leaves other lines alone", () => {
    const line = `Debugger listening on ws://127.0.0.1:${port}/0f1e2d3c-aaaa-bbbb-cccc-111122223333`;
    assert.match(
      proxy.rewrite(line),
      /^Debugger listening on ws:\/\/127\.0\.0\.1:\d+\/\d+\/0f1e2d3c-aaaa-bbbb-cccc-111122223333$/,
    );
    assert.notEqual(proxy.rewrite(line), line);
    assert.equal(
      proxy.rewrite('For help, see: https://nodejs.org/en/docs/inspector'),
      'For help, see: https://nodejs.org/en/docs/inspector',
    );
  });

  it('passes messages both ways, and after the debugger\'s "run" sends "run" again, its replies kept back', async () => {
    const url = /(ws:\/\/\S+)/.exec(proxy.rewrite(`Debugger listening on ws://127.0.0.1:${port}/id-1`))![1]!;
    const { ws, replies } = await connect(url);
    ws.send(JSON.stringify({ id: 1, method: 'Debugger.enable' }));
    ws.send(JSON.stringify({ id: 2, method: 'Runtime.runIfWaitingForDebugger' }));
    await until(
      () => received.filter((m) => m.method === 'Runtime.runIfWaitingForDebugger').length >= 3,
      '"run" sent again',
    );
    assert.deepEqual(
      received.slice(0, 2).map((m) => [m.id, m.method]),
      [
        [1, 'Debugger.enable'],
        [2, 'Runtime.runIfWaitingForDebugger'],
      ],
    );
    assert.ok(received.slice(2).every((m) => m.id >= 2_000_000_000 && m.method === 'Runtime.runIfWaitingForDebugger'));
    await until(() => replies.length >= 2, 'the replies to the debugger');
    assert.deepEqual(
      replies.map((r) => r.id),
      [1, 2],
    );
    ws.close();
  });

  it("names no inspector for a handler's own output that holds such a line, nor for a host other than loopback", async () => {
    const echoed = `2026-12-03T15:40:06.142Z\tabc\tINFO\tDebugger listening on ws://127.0.0.1:${port}/echoed`;
    assert.equal(proxy.rewrite(echoed), echoed);
    const remote = 'Debugger listening on ws://attacker.example:9229/0f1e2d3c';
    assert.equal(proxy.rewrite(remote), remote);
    assert.equal(proxy.attachUrl(remote), undefined);
    // A line naming a port the proxy never gave: no address to attach to.
    assert.equal(proxy.attachUrl(`Debugger listening on ws://127.0.0.1:${port}/named`), undefined);
    const shown = proxy.rewrite(`Debugger listening on ws://127.0.0.1:${port}/named`);
    assert.equal(proxy.attachUrl(shown), /(ws:\/\/\S+)/.exec(shown)![1]);
    // The echoed line's inspector was never named: the proxy refuses it.
    const proxyOrigin = /(ws:\/\/127\.0\.0\.1:\d+)/.exec(shown)![1];
    const closed = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${proxyOrigin}/${port}/echoed`);
      ws.once('close', (code) => resolve(code));
      ws.once('error', reject);
    });
    assert.equal(closed, 1008);
  });

  it('reaches only the inspectors it named', async () => {
    const closed = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(
        `${/(ws:\/\/127\.0\.0\.1:\d+)/.exec(proxy.rewrite(`Debugger listening on ws://127.0.0.1:${port}/x`))![1]}/${port}/other`,
      );
      ws.once('close', (code) => resolve(code));
      ws.once('error', reject);
    });
    assert.equal(closed, 1008);
  });
});
