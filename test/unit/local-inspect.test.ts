// The local API with its handler processes under an inspector, as the debugger runs them (`--inspect-brk=0`): a
// client of the real inspector protocol attaches as VS Code's JavaScript debugger does, sets a breakpoint by the
// handler's path before the handler loads, and sees where the process pauses.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

const SPEC = `version: 1
api:
  name: inspected
  protocol: HTTP
integrations:
  hello-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:hello
    payloadFormatVersion: "2.0"
routes:
  GET /hello:
    integration: hello-fn
stages:
  dev: {}
`;
// Line index 2 is inside the handler; in a bundle of this file (greeting.js inlined) it is top-level code.
const HELLO = `const greeting = require('./greeting');
exports.handler = async (event) => {
  return { statusCode: 200, body: greeting(event.rawPath) };
};
`;
const GREETING = `module.exports = (p) => 'hello from ' + p;\n`;

interface Pause {
  reason: string;
  functionName: string;
  line: number;
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
    const frame = (m.params!.callFrames as Array<{ functionName: string; location: { lineNumber: number } }>)[0]!;
    this.pauses.push({
      reason: String(m.params!.reason),
      functionName: frame.functionName,
      line: frame.location.lineNumber,
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
  let inspector: Inspector | undefined;

  before(async () => {
    ws = localWorkspace({
      'inspected.apigw.yaml': SPEC,
      'inspected.apigw.local.yaml': 'functions:\n  hello:\n    handler: handlers/hello.js\n',
      'handlers/hello.js': HELLO,
      'handlers/greeting.js': GREETING,
    });
    api = await startLocalApi({
      specPath: ws.file('inspected.apigw.yaml'),
      stage: 'dev',
      port: 0,
      watch: false,
      runtime: { nodeArgs: ['--inspect-brk=0'] },
    });
    api.events.on('log', ({ line }) => {
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
      if (url) void attach(url);
    });
  });
  after(async () => {
    inspector?.close();
    await api?.stop();
    ws?.remove();
  });

  /** As the JavaScript debugger attaches: breakpoints by path first, then the process runs. */
  async function attach(url: string): Promise<void> {
    inspector = new Inspector(url);
    await inspector.opened;
    inspector.send('Debugger.enable');
    const file = ws.file('handlers/hello.js').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    inspector.send('Debugger.setBreakpointByUrl', { urlRegex: `${file}$`, lineNumber: 2, columnNumber: 0 });
    inspector.send('Runtime.runIfWaitingForDebugger');
  }

  it("a JavaScript handler's breakpoint stops in the handler on the request, and nowhere at load", async () => {
    const res = await fetch(`${api.url}/hello`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello from /dev/hello');
    const stops = inspector!.pauses.filter((p) => p.reason !== 'Break on start');
    assert.deepEqual(stops, [{ reason: 'other', functionName: 'exports.handler', line: 2 }]);
  });
});
