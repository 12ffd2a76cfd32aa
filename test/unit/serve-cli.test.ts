// `apigw serve` through real sockets: in-process through main() (the URL, one traffic line per request on stdout, the
// function's own output on stderr, reload with --watch, a clean stop, a port in use, a spec with errors, a host that
// is not loopback), then the built dist/cli.js as a person runs it: the lazy local bundle and its handler runner
// (dist/local-runner.js) beside it, stopped by Ctrl+C and by SIGTERM.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { isLoopback } from '../../src/cli/serve';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import { bufferIo, rawControl } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const SPEC = (routes: string[]) => `version: 1
api:
  name: hello-api
  protocol: HTTP
integrations:
  hello:
    type: AWS_PROXY
    uri: arn:aws:lambda:us-east-1:123456789012:function:hello
routes:
${routes.map((r) => `  ${r}:\n    integration: hello\n`).join('')}stages:
  dev: {}
`;

// CommonJS JavaScript: runs with or without an esbuild in reach, as a handler of a project that installed only apigw.
const HANDLER = `exports.handler = async (event) => {
  console.log('hello from', event.rawPath);
  return { statusCode: 200, body: JSON.stringify({ route: event.routeKey }) };
};
`;

const MAPPING = 'functions:\n  hello:\n    handler: hello.js#handler\n';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, what: string, text: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${text()}`);
    await sleep(20);
  }
}

const URL_LINE = /at (http:\/\/127\.0\.0\.1:\d+\/dev)$/m;

describe('apigw serve', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'hello.apigw.yaml': SPEC(['GET /hello']),
      'hello.apigw.local.yaml': MAPPING,
      'hello.js': HANDLER,
      'broken.apigw.yaml': SPEC(['GET /hello']).replace('integration: hello', 'integration: nowhere'),
      'logged.apigw.yaml': SPEC(['GET /hello']).replace(
        '  dev: {}\n',
        '  dev:\n    accessLog:\n      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:/apigw/hello\n' +
          '      format: $context.identity.sourceIp $context.httpMethod $context.routeKey $context.status $context.requestId\n',
      ),
      'logged.apigw.local.yaml': MAPPING,
      'domain.apigw.yaml':
        SPEC(['GET /hello']) +
        'domains:\n  api.example.com:\n    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc\n' +
        '    mappings:\n      - stage: dev\n        path: v1\n',
      'domain.apigw.local.yaml': MAPPING,
    });
  });
  after(() => ws.remove());

  /** main() serving until `stop` aborts; the buffers fill as it runs. */
  function serve(...args: string[]) {
    const stop = new AbortController();
    const r = bufferIo({ extra: { signal: stop.signal } });
    const done = main(['serve', ...args], r.io);
    return { out: r.out, stop: () => stop.abort(), done };
  }

  it('prints the URL, one tail-style line per request on stdout, the function output on stderr; stops with exit 0', async () => {
    const s = serve(ws.file('hello.apigw.yaml'), '--port', '0', '--stage', 'dev');
    await until(
      () => URL_LINE.test(s.out.stderr),
      'the URL',
      () => s.out.stderr,
    );
    const url = URL_LINE.exec(s.out.stderr)![1]!;
    assert.match(s.out.stderr, /^Serving hello-api \(HTTP, stage dev\) at http:\/\/127\.0\.0\.1:\d+\/dev$/m);
    const res = await fetch(`${url}/hello?x=1`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { route: 'GET /hello' });
    const id = res.headers.get('apigw-requestid')!;
    const missing = await fetch(`${url}/nothing`);
    assert.equal(missing.status, 404);
    await until(
      () => s.out.stdout.split('\n').length > 2,
      'two traffic lines',
      () => s.out.stdout,
    );
    const lines = s.out.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`local\\s+GET\\s+/hello\\s+200\\s+\\d+ ms\\s+${id.replace(/[+/=]/g, '\\$&')}$`));
    assert.match(lines[1]!, /local\s+GET\s+\/dev\/nothing\s+404\s/);
    assert.match(s.out.stderr, /^\[hello\] .*hello from \/dev\/hello/m);
    s.stop();
    assert.equal(await s.done, 0);
    assert.match(s.out.stderr, /Stopped\.\n$/);
    await assert.rejects(fetch(`${url}/hello`), 'nothing listens after the stop');
    assert.equal(rawControl(s.out.stdout + s.out.stderr), undefined);
  });

  it("--access-log: each request as the stage's access log format writes it", async () => {
    const s = serve(ws.file('logged.apigw.yaml'), '--port', '0', '--access-log');
    await until(
      () => URL_LINE.test(s.out.stderr),
      'the URL',
      () => s.out.stderr,
    );
    const res = await fetch(`${URL_LINE.exec(s.out.stderr)![1]!}/hello`);
    await res.arrayBuffer();
    await until(
      () => s.out.stdout.includes('\n'),
      'the access log line',
      () => s.out.stdout,
    );
    assert.equal(s.out.stdout, `127.0.0.1 GET GET /hello 200 ${res.headers.get('apigw-requestid')}\n`);
    s.stop();
    assert.equal(await s.done, 0);
  });

  it('--watch: a saved spec is served without a restart; a spec saved with errors keeps the previous one', async () => {
    const file = ws.write('watched.apigw.yaml', SPEC(['GET /hello']));
    ws.write('watched.apigw.local.yaml', MAPPING);
    const s = serve(file, '--port', '0', '--watch');
    await until(
      () => /at (http:\/\/127\.0\.0\.1:\d+)\/dev$/m.test(s.out.stderr),
      'the URL',
      () => s.out.stderr,
    );
    const url = URL_LINE.exec(s.out.stderr)![1]!;
    assert.match(s.out.stderr, /Reloads on save\. Ctrl\+C stops\./);
    assert.equal((await fetch(`${url}/bye`)).status, 404);
    fs.writeFileSync(file, SPEC(['GET /hello', 'GET /bye']));
    await until(
      () => /Reloaded hello-api/.test(s.out.stderr),
      'the reload',
      () => s.out.stderr,
    );
    assert.equal((await fetch(`${url}/bye`)).status, 200);
    fs.writeFileSync(file, SPEC(['GET /hello']).replace('version: 1', 'version: 7'));
    await until(
      () => /not reloaded, the previous one still serves/.test(s.out.stderr),
      'the refusal',
      () => s.out.stderr,
    );
    assert.equal((await fetch(`${url}/bye`)).status, 200);
    s.stop();
    assert.equal(await s.done, 0);
  });

  it('--domain: served as the custom domain, under its API mappings with no stage segment; an unknown one exits 2', async () => {
    const s = serve(ws.file('domain.apigw.yaml'), '--port', '0', '--domain', 'api.example.com');
    const line =
      /^Serving hello-api \(HTTP, stage dev\) at (http:\/\/127\.0\.0\.1:\d+) as https:\/\/api\.example\.com \(\/v1 → dev\)$/m;
    await until(
      () => line.test(s.out.stderr),
      'the URL',
      () => s.out.stderr,
    );
    const url = line.exec(s.out.stderr)![1]!;
    const res = await fetch(`${url}/v1/hello`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { route: 'GET /hello' });
    assert.equal((await fetch(`${url}/dev/hello`)).status, 404, 'no stage segment');
    s.stop();
    assert.equal(await s.done, 0);
    const unknown = serve(ws.file('domain.apigw.yaml'), '--port', '0', '--domain', 'www.example.com');
    assert.equal(await unknown.done, 2);
    assert.match(unknown.out.stderr, /The spec has no domain "www\.example\.com"\. .*Its domains: api\.example\.com\./);
  });

  it('a port in use, a spec with errors, an unknown stage, a bad port: exit 2 with what to do, nothing listening', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = String((busy.address() as net.AddressInfo).port);
    try {
      let s = serve(ws.file('hello.apigw.yaml'), '--port', port);
      assert.equal(await s.done, 2);
      assert.match(
        s.out.stderr,
        new RegExp(`^apigw serve: Port ${port} on 127\\.0\\.0\\.1 is already in use\\. .*another port`, 'm'),
      );
      s = serve(ws.file('broken.apigw.yaml'), '--port', '0');
      assert.equal(await s.done, 2);
      assert.match(s.out.stdout, /broken\.apigw\.yaml:\d+:\d+ error APIGW\d+ .*nowhere/);
      assert.match(s.out.stderr, /broken\.apigw\.yaml has 1 error: nothing is served\./);
      s = serve(ws.file('hello.apigw.yaml'), '--port', '0', '--stage', 'prod');
      assert.equal(await s.done, 2);
      assert.match(s.out.stderr, /The spec has no stage "prod"\. Its stages: dev\./);
      s = serve(ws.file('hello.apigw.yaml'), '--port', '70000');
      assert.equal(await s.done, 2);
      assert.match(s.out.stderr, /--port takes a port number from 0 to 65535, not 70000/);
      s = serve(ws.file('nothing.apigw.yaml'));
      assert.equal(await s.done, 2);
      assert.match(s.out.stderr, /cannot read .*nothing\.apigw\.yaml: no such file/);
    } finally {
      busy.close();
    }
  });

  it("--python: the interpreter of Python handlers, a virtual environment's say (default python3 on PATH)", async () => {
    const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    ws.write('venv/.venv/bin/.keep', '');
    fs.symlinkSync(real, ws.file('venv/.venv/bin/python'));
    ws.write('venv/py.apigw.yaml', SPEC(['GET /which']));
    ws.write('venv/py.apigw.local.yaml', 'functions:\n  hello: { handler: which.py#handler }\n');
    ws.write('venv/which.py', 'import sys\ndef handler(event, context):\n    return sys.executable\n');
    for (const [args, expected] of [
      [['--python', ws.file('venv/.venv/bin/python')], ws.file('venv/.venv/bin/python')],
      [[], real],
    ] as const) {
      const s = serve(ws.file('venv/py.apigw.yaml'), '--port', '0', '--stage', 'dev', ...args);
      await until(
        () => URL_LINE.test(s.out.stderr),
        'the URL',
        () => s.out.stderr,
      );
      const url = URL_LINE.exec(s.out.stderr)![1]!;
      assert.equal(await (await fetch(`${url}/which`)).text(), expected);
      s.stop();
      assert.equal(await s.done, 0);
    }
  });

  it('binds to loopback unless --host says otherwise, and then warns that other machines can call the handlers', async () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '192.0.2.1', 'example.com', '128.0.0.1']) assert.ok(!isLoopback(h), h);
    // 192.0.2.1 (TEST-NET-1) is on no interface: the warning is printed, then the address is refused.
    const s = serve(ws.file('hello.apigw.yaml'), '--port', '0', '--host', '192.0.2.1');
    assert.equal(await s.done, 2);
    assert.match(s.out.stderr, /^apigw serve: warning: listening on 192\.0\.2\.1, not loopback: other machines/m);
    assert.match(s.out.stderr, /Cannot listen on 192\.0\.2\.1:0/);
    const quiet = serve(ws.file('hello.apigw.yaml'), '--port', '0', '--host', '::1');
    await until(
      () => /Serving/.test(quiet.out.stderr),
      'the start',
      () => quiet.out.stderr,
    );
    assert.doesNotMatch(quiet.out.stderr, /warning: listening/);
    assert.match(quiet.out.stderr, /at http:\/\/\[::1\]:\d+\/dev$/m);
    quiet.stop();
    assert.equal(await quiet.done, 0);
  });

  describe('the built dist/cli.js', () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');
    before(() => assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first'));

    function start(): { child: ChildProcess; out: { stdout: string; stderr: string }; exit: Promise<number | null> } {
      const child = spawn(process.execPath, [bin, 'serve', ws.file('hello.apigw.yaml'), '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = { stdout: '', stderr: '' };
      child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
      return { child, out, exit: new Promise((r) => child.on('close', (code) => r(code))) };
    }

    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      it(`serves a handler through dist/local.js and dist/local-runner.js, and stops on ${signal} with exit 0`, async () => {
        const p = start();
        try {
          await until(
            () => URL_LINE.test(p.out.stderr),
            'the URL',
            () => p.out.stderr,
          );
          const res = await fetch(`${URL_LINE.exec(p.out.stderr)![1]}/hello`);
          assert.equal(res.status, 200, p.out.stderr);
          assert.deepEqual(await res.json(), { route: 'GET /hello' });
          await until(
            () => /GET\s+\/hello\s+200/.test(p.out.stdout),
            'the traffic line',
            () => p.out.stdout,
          );
          p.child.kill(signal);
          assert.equal(await p.exit, 0, p.out.stderr);
          assert.match(p.out.stderr, /Stopped\.\n$/);
        } finally {
          p.child.kill('SIGKILL');
        }
      });

    it('stops with exit 0 when the reader of its traffic lines goes away (apigw serve … | head -1)', async () => {
      const p = start();
      try {
        await until(
          () => URL_LINE.test(p.out.stderr),
          'the URL',
          () => p.out.stderr,
        );
        p.child.stdout!.destroy();
        // The first line written after the reader left meets a closed pipe.
        await fetch(`${URL_LINE.exec(p.out.stderr)![1]}/hello`).catch(() => undefined);
        assert.equal(await p.exit, 0, p.out.stderr);
        assert.match(p.out.stderr, /Stopped\.\n$/);
      } finally {
        p.child.kill('SIGKILL');
      }
    });
  });
});
