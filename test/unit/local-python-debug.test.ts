// The local API with its Python handler processes waiting for a debugger, as the debug configuration runs them: a
// Debug Adapter Protocol client attaches to each process's debugpy where its log line says it listens, as the Python
// Debugger extension does for an attach with `connect` — breakpoints set before the handler loads — and sees where
// the process stops. Without debugpy the handler runs undebugged and says why.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEBUGPY_LISTENING } from '../../src/local/protocol';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../src/local/server';
import { DapClient } from '../support/dap';
import { lambdaHttpSpec, localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import { pythonWith } from '../support/python';
import { until } from './helpers';

const SPEC = lambdaHttpSpec('pydebug', { 'GET /hello': 'hello' });
const MAPPING = 'functions:\n  hello:\n    handler: app.py#handler\n';
// Line 3 is inside the handler.
const APP = `import json
def handler(event, context):
    body = json.dumps({'path': event['rawPath']})
    return {'statusCode': 200, 'body': body}
`;
// An interpreter that cannot import debugpy: this folder comes first on its PYTHONPATH.
const NO_DEBUGPY = { 'shadow/debugpy/__init__.py': "raise ImportError('No module named debugpy')\n" };

const { python, skip } = pythonWith(['debugpy'], ['python3-debugpy']);

/** Where `python` imports debugpy from (the folder that holds its package), as a `libs` folder would. */
function debugpyHome(): string {
  const code = 'import debugpy, os; print(os.path.dirname(os.path.dirname(debugpy.__file__)))';
  return spawnSync(python!, ['-c', code], { encoding: 'utf8' }).stdout.trim();
}

interface Served {
  ws: LocalWorkspace;
  api: LocalApi;
  lines: string[];
}

/** Serves the spec with its handler waiting for debugpy; `shadowed`: the interpreter cannot import its own. */
async function serve(debug: { libs?: string; shadowed?: boolean }): Promise<Served> {
  const ws = localWorkspace({
    'pydebug.apigw.yaml': SPEC,
    'pydebug.apigw.local.yaml': MAPPING,
    'app.py': APP,
    ...NO_DEBUGPY,
  });
  const runtime: LocalApiOptions['runtime'] = {
    python: python!,
    pythonDebugger: debug.libs ? { libs: debug.libs } : {},
    ...(debug.shadowed ? { env: { PYTHONPATH: ws.file('shadow') } } : {}),
  };
  const api = await startLocalApi({
    specPath: ws.file('pydebug.apigw.yaml'),
    stage: 'dev',
    port: 0,
    watch: false,
    runtime,
  });
  const lines: string[] = [];
  api.events.on('log', ({ line }) => lines.push(line));
  return { ws, api, lines };
}

type Address = { host: string; port: number };

/** The host and port of the first "Python debugger listening on HOST:PORT" line. */
async function listening(s: Served): Promise<Address> {
  const pattern = new RegExp(`^${DEBUGPY_LISTENING} (\\S+):(\\d+)$`);
  await until(() => s.lines.some((l) => pattern.test(l)), 'the Python debugger to listen');
  const m = s.lines.map((l) => pattern.exec(l)).find(Boolean)!;
  return { host: m[1]!, port: Number(m[2]) };
}

function refuses(at: Address): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(at.port, at.host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** As the Python Debugger extension attaches: initialize, attach, breakpoints, configurationDone. */
async function attach(at: Address, file: string, line: number): Promise<DapClient> {
  const dap = await DapClient.connect(at.host, at.port);
  await dap.request('initialize', { adapterID: 'debugpy', clientID: 'test', linesStartAt1: true, pathFormat: 'path' });
  const attached = dap.request('attach', { justMyCode: true });
  await dap.event('initialized');
  const set = await dap.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line }] });
  assert.equal((set.breakpoints as Array<{ verified: boolean }>)[0]?.verified, true, 'the breakpoint is verified');
  await dap.request('configurationDone');
  await attached;
  return dap;
}

describe('local API: Python handlers under debugpy', { skip }, () => {
  let s: Served;
  let dap: DapClient | undefined;
  let at: Address | undefined;

  before(async () => {
    s = await serve({});
  });
  after(async () => {
    dap?.close();
    await s?.api.stop();
    s?.ws.remove();
  });

  it('a breakpoint in the handler stops the first request at its line; the answer comes after continue', async () => {
    const answer = fetch(`${s.api.url}/hello`);
    at = await listening(s);
    dap = await attach(at, s.ws.file('app.py'), 3);
    const stopped = await dap.event('stopped');
    assert.equal(stopped.reason, 'breakpoint');
    const trace = await dap.request('stackTrace', { threadId: stopped.threadId });
    const top = (trace.stackFrames as Array<{ name: string; line: number; source: { path: string } }>)[0]!;
    assert.deepEqual([top.name, top.line, top.source.path], ['handler', 3, s.ws.file('app.py')]);
    await dap.request('continue', { threadId: stopped.threadId });
    const res = await answer;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { path: '/dev/hello' });
  });

  it('the warm process stops at the breakpoint again, one debug session; stopping the API ends it', async () => {
    const answer = fetch(`${s.api.url}/hello`);
    const stopped = await dap!.event('stopped');
    assert.equal(stopped.reason, 'breakpoint');
    await dap!.request('continue', { threadId: stopped.threadId });
    assert.equal((await answer).status, 200);
    assert.equal(s.lines.filter((l) => l.startsWith(DEBUGPY_LISTENING)).length, 1, 'one process, one debugger');
    await s.api.stop();
    // The adapter tells its client the debuggee is gone; once the client has left (VS Code ends a child session
    // whose parent stopped), the adapter ends too: its port refuses.
    await dap!.event('terminated');
    await dap!.request('disconnect');
    dap!.close();
    await until(() => refuses(at!), 'the debug adapter to end');
  });
});

describe('local API: a Python handler under the debugger without debugpy', { skip }, () => {
  const served: Served[] = [];
  after(async () => {
    for (const s of served) {
      await s.api.stop();
      s.ws.remove();
    }
  });

  it('runs undebugged, its log saying the interpreter cannot import debugpy', async () => {
    const s = await serve({ shadowed: true });
    served.push(s);
    const res = await fetch(`${s.api.url}/hello`);
    assert.equal(res.status, 200);
    assert.ok(
      s.lines.some((l) =>
        /^Python debugger unavailable: .* cannot import debugpy; the handler runs without it\./.test(l),
      ),
      s.lines.join('\n'),
    );
  });

  it('imports debugpy from the `libs` folder first (the Python Debugger extension’s own copy)', async () => {
    const s = await serve({ shadowed: true, libs: debugpyHome() });
    served.push(s);
    const answer = fetch(`${s.api.url}/hello`);
    const dap = await attach(await listening(s), s.ws.file('app.py'), 4);
    try {
      const stopped = await dap.event('stopped');
      await dap.request('continue', { threadId: stopped.threadId });
      assert.equal((await answer).status, 200);
    } finally {
      dap.close();
    }
  });
});
