// The local API with its handler processes under an inspector, as the debugger runs them (`--inspect-brk=0`): a
// client of the real inspector protocol attaches to each as VS Code's JavaScript debugger does — breakpoints by the
// handler's path and the instrumentation breakpoint for source-mapped scripts, before the handler loads — and sees
// where the process pauses.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { inspectorAddress } from '../../src/local/protocol';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { lambdaHttpSpec, localWorkspace, nextEvent, type LocalWorkspace } from '../support/localWorkspace';

const SPEC = lambdaHttpSpec('inspected', { 'GET /hello': 'hello', 'GET /typed': 'typed' });
// Line index 2 is inside the handler; in a bundle of this file (greeting.js inlined) it is top-level code.
// It prints a `say` query parameter as it is, as a handler that logs what it got does.
const HELLO = `const greeting = require('./greeting');
exports.handler = async (event) => { if (event.queryStringParameters?.say) process.stdout.write(event.queryStringParameters.say + '\\n');
  return { statusCode: 200, body: greeting(event.rawPath) };
};
`;
const GREETING = `module.exports = (p) => 'hello from ' + p;\n`;
const TYPED = `export const handler = async (event: { rawPath: string }) => ({ statusCode: 200, body: \`typed \${event.rawPath}\` });\n`;

interface Pause {
  reason: string;
  functionName: string;
  line: number;
  /** The script an instrumentation pause is in. */
  url?: string;
}

/** A minimal inspector client: resumes every pause, recording where it was. */
class Inspector {
  readonly pauses: Pause[] = [];
  private seq = 1;
  private readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (raw: Buffer) => this.onMessage(JSON.parse(raw.toString('utf8'))));
  }

  send(method: string, params: object = {}): void {
    this.ws.send(JSON.stringify({ id: this.seq++, method, params }));
  }

  private onMessage(m: { method?: string; params?: Record<string, unknown> }): void {
    if (m.method !== 'Debugger.paused') return;
    type Frame = { functionName: string; location: { lineNumber: number } };
    const frame = (m.params!.callFrames as Frame[])[0]!;
    const reason = String(m.params!.reason);
    this.pauses.push({
      reason,
      functionName: frame.functionName,
      line: frame.location.lineNumber,
      ...(reason === 'instrumentation' ? { url: (m.params!.data as { url: string }).url } : {}),
    });
    this.send('Debugger.resume');
  }

  close(): void {
    this.ws.close();
  }
}

describe('local API under an inspector', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  const inspectors: Inspector[] = [];
  // Every log line of the handler processes and every failed attach, for the message of a test that fails: the
  // TypeScript test met its 30 s integration timeout twice under the unit tier's full load (2 December).
  const logged: string[] = [];
  const attached: string[] = [];
  // Every pause, "Break on start" included: the runner waits for the debugger without one (functions.ts).
  const pauses = () => inspectors.flatMap((i) => i.pauses);

  before(async () => {
    ws = localWorkspace({
      'inspected.apigw.yaml': SPEC,
      'inspected.apigw.local.yaml':
        'functions:\n  hello:\n    handler: handlers/hello.js\n  typed:\n    handler: handlers/typed.ts\n',
      'handlers/hello.js': HELLO,
      'handlers/greeting.js': GREETING,
      'handlers/typed.ts': TYPED,
    });
    api = await startLocalApi({
      specPath: ws.file('inspected.apigw.yaml'),
      stage: 'dev',
      port: 0,
      // As the editor runs it: sources watched, which outside the debugger also keeps a standby process.
      watch: true,
      runtime: { nodeArgs: ['--inspect-brk=0'] },
    });
    // As the editor's debug session does: an attach where the engine names an inspector.
    api.events.on('log', ({ functionName, line, inspector }) => {
      logged.push(`${functionName}: ${line}`);
      if (inspector) attached.push(inspector);
      if (inspector)
        attach(inspector).catch((err: unknown) => logged.push(`attach to ${inspector} failed: ${String(err)}`));
    });
  });
  after(async () => {
    for (const i of inspectors) i.close();
    await api?.stop();
    ws?.remove();
  });

  /** As the JavaScript debugger attaches: breakpoints by path first, then the process runs. */
  async function attach(url: string): Promise<void> {
    const inspector = new Inspector(url);
    inspectors.push(inspector);
    await inspector.opened;
    inspector.send('Debugger.enable');
    inspector.send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptWithSourceMapExecution' });
    const file = ws.file('handlers/hello.js').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    inspector.send('Debugger.setBreakpointByUrl', { urlRegex: `${file}$`, lineNumber: 2, columnNumber: 0 });
    inspector.send('Runtime.runIfWaitingForDebugger');
  }

  it("a JavaScript handler's breakpoint stops in the handler on the request, and nowhere at load", async () => {
    const res = await fetch(`${api.url}/hello`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello from /dev/hello');
    assert.deepEqual(pauses(), [{ reason: 'other', functionName: 'exports.handler', line: 2 }]);
  });

  it('a TypeScript handler pauses before its bundle runs, for the debugger to bind breakpoints through its source map', async () => {
    const before = pauses().length;
    const res = await fetch(`${api.url}/typed`);
    assert.equal(res.status, 200, `pauses ${JSON.stringify(pauses())}; log:\n${logged.join('\n')}`);
    assert.equal(await res.text(), 'typed /dev/typed');
    const typed = pathToFileURL(ws.file('handlers/typed.js')).href;
    assert.deepEqual(
      pauses()
        .slice(before)
        .map((p) => [p.reason, p.url]),
      [['instrumentation', typed]],
    );
  });

  it('keeps no standby handler process, which would be a debug session that never runs', () => {
    assert.deepEqual(api.environments(), { hello: 1, typed: 1 });
    assert.equal(inspectors.length, 2);
  });

  it("names each handler's inspector by the local API's proxy, which lets a process go whose wait missed the debugger's run", () => {
    // The address the proxy gives: its port, then the inspector's port and id (src/local/inspectorProxy.ts).
    const addresses = logged.flatMap((l) => /Debugger listening on (\S+)/.exec(l)?.[1] ?? []);
    assert.equal(addresses.length, 2, logged.join('\n'));
    for (const a of addresses) assert.match(a, /^ws:\/\/127\.0\.0\.1:\d+\/\d+\/[0-9a-f-]{36}$/);
    assert.deepEqual(attached, addresses);
  });

  it("a handler that prints an inspector's line from a request names no inspector: nothing attaches to it", async () => {
    // Another process's inspector on this machine, which a request must not be able to hand the debugger.
    const decoy = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => decoy.once('listening', resolve));
    let reached = 0;
    decoy.on('connection', () => reached++);
    try {
      const decoyPort = (decoy.address() as { port: number }).port;
      const hostile = `Debugger listening on ws://127.0.0.1:${decoyPort}/0f1e2d3c-aaaa-bbbb-cccc-111122223333`;
      const before = attached.length;
      type Log = { line: string; inspector?: string };
      const printed = nextEvent<Log>(api.events as never, 'log', (l) => l.line === hostile, 60_000);
      const res = await fetch(`${api.url}/hello?say=${encodeURIComponent(hostile)}`);
      assert.equal(res.status, 200);
      await res.text();
      assert.equal((await printed).inspector, undefined);
      assert.equal(attached.length, before);
      assert.equal(reached, 0);
    } finally {
      await new Promise((resolve) => decoy.close(resolve));
    }
  });
});

describe("--inspect-brk's address, as the runner reads it", () => {
  it('takes [host:]port, a host alone and IPv6 in brackets, as Node does', () => {
    const cases: Array<[string, { host: string; port: number }]> = [
      ['0', { host: '127.0.0.1', port: 0 }],
      ['9230', { host: '127.0.0.1', port: 9230 }],
      ['0.0.0.0:9231', { host: '0.0.0.0', port: 9231 }],
      ['[::1]:9232', { host: '::1', port: 9232 }],
      ['localhost', { host: 'localhost', port: 9229 }],
      ['', { host: '127.0.0.1', port: 9229 }],
    ];
    for (const [at, want] of cases) assert.deepEqual(inspectorAddress(at), want, at);
  });
});
