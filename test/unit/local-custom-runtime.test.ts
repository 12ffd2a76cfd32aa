// Custom runtimes (Lambda's `provided` family) served locally through real sockets: the shell runtime of AWS's
// custom runtime tutorial run as it is, and a runtime written against the runtime API's reference that tries each
// of its paths — errors, an init error, a wrong request id, a response over 6 MB, a runtime that exits.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { parseMapping } from '../../src/core/local/handlers';
import { mappingPathProblems } from '../../src/core/local/mappingPaths';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { lambdaHttpSpec, localWorkspace, nextEvent, type LocalWorkspace } from '../support/localWorkspace';

// "Tutorial – Publishing a custom runtime", AWS Lambda Developer Guide
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-walkthrough.html): its bootstrap and function.sh, but for
// the first line — Amazon Linux's sh is bash, Debian's is dash, which has neither `source` nor `pipefail`.
const TUTORIAL_BOOTSTRAP = `#!/bin/bash

set -euo pipefail

# Initialization - load function handler
source $LAMBDA_TASK_ROOT/"$(echo $_HANDLER | cut -d. -f1).sh"

# Processing
while true
do
  HEADERS="$(mktemp)"
  # Get an event. The HTTP request will block until one is received
  EVENT_DATA=$(curl -sS -LD "$HEADERS" -X GET "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next")

  # Extract request ID by scraping response headers received above
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)

  # Run the handler function from the script
  RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA")

  # Send the response
  curl -X POST "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response"  -d "$RESPONSE"
done
`;

const TUTORIAL_FUNCTION = `function handler () {
  EVENT_DATA=$1
  echo "$EVENT_DATA" 1>&2;
  RESPONSE="Echoing request: '$EVENT_DATA'"

  echo $RESPONSE
}
`;

/**
 * A runtime as the runtime API's reference describes one (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html),
 * in Node so the test needs nothing else: `_HANDLER` picks what it does at init, the route's `what` per invocation.
 */
const API_RUNTIME = `#!${process.execPath}
const api = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime';
const post = async (path, body, headers = {}) => {
  const r = await fetch(api + path, { method: 'POST', body, headers });
  return { status: r.status, body: await r.text() };
};
const respond = (id, value) => post('/invocation/' + id + '/response', JSON.stringify(value));
async function main() {
  if (process.env._HANDLER === 'initfail') {
    await post('/init/error', JSON.stringify({ errorMessage: 'no TABLE_NAME', errorType: 'Runtime.ConfigInvalid' }));
    return;
  }
  for (;;) {
    const next = await fetch(api + '/invocation/next');
    const id = next.headers.get('lambda-runtime-aws-request-id');
    const event = await next.json();
    const what = event.pathParameters?.what ?? '';
    if (what === 'error') {
      await post('/invocation/' + id + '/error', JSON.stringify({ errorMessage: 'order 7 not found', errorType: 'OrderError', stackTrace: ['main.go:12'] }), { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
    } else if (what === 'typeonly') {
      await post('/invocation/' + id + '/error', '', { 'Lambda-Runtime-Function-Error-Type': 'Runtime.Panic' });
    } else if (what === 'wrongid') {
      const wrong = await respond('not-' + id, {});
      await respond(id, { statusCode: 200, body: JSON.stringify(wrong) });
    } else if (what === 'big') {
      const big = await respond(id, { statusCode: 200, body: 'x'.repeat(6 * 1024 * 1024) });
      console.log('big answered', big.status, big.body);
    } else if (what === 'exit') {
      process.exit(3);
    } else {
      console.log('serving', what);
      await respond(id, {
        statusCode: 200,
        body: JSON.stringify({
          left: Number(next.headers.get('lambda-runtime-deadline-ms')) - Date.now(),
          arn: next.headers.get('lambda-runtime-invoked-function-arn'),
          trace: next.headers.get('lambda-runtime-trace-id'),
          handler: process.env._HANDLER,
          root: process.env.LAMBDA_TASK_ROOT,
          cwd: process.cwd(),
          name: process.env.AWS_LAMBDA_FUNCTION_NAME,
          executionEnv: process.env.AWS_EXECUTION_ENV ?? null,
          routeKey: event.routeKey,
        }),
      });
    }
  }
}
main();
`;

type LogLine = { requestId: string | undefined; line: string };

describe('local API: custom runtimes through Lambda’s runtime API', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  const lines: LogLine[] = [];

  before(async () => {
    ws = localWorkspace({
      'custom.apigw.yaml': lambdaHttpSpec('custom', {
        'GET /echo': 'tutorial',
        'GET /rt/{what}': 'rt',
        'GET /init': 'initfail',
        'GET /missing': 'missing',
        'GET /noexec': 'noexec',
      }),
      'custom.apigw.local.yaml': [
        'functions:',
        // As the tutorial deploys it: runtime provided, the package's bootstrap, Handler function.handler.
        '  tutorial: { runtime: provided, root: tutorial, handler: function.handler }',
        '  rt: { bootstrap: rt/bootstrap, handler: orders.main, timeout: 7 }',
        '  initfail: { bootstrap: rt/bootstrap, handler: initfail }',
        '  missing: { bootstrap: build/bootstrap }',
        '  noexec: { bootstrap: rt/notexecutable }',
        '',
      ].join('\n'),
      'tutorial/bootstrap': TUTORIAL_BOOTSTRAP,
      'tutorial/function.sh': TUTORIAL_FUNCTION,
      'rt/bootstrap': API_RUNTIME,
      'rt/notexecutable': API_RUNTIME,
    });
    fs.chmodSync(ws.file('tutorial/bootstrap'), 0o755);
    fs.chmodSync(ws.file('rt/bootstrap'), 0o755);
    api = await startLocalApi({ specPath: ws.file('custom.apigw.yaml'), stage: 'dev', port: 0, watch: true });
    api.events.on('log', (l: LogLine) => lines.push(l));
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  /** The answer to `route`, its request id, the gateway's reason when it failed, and the function's log lines. */
  async function call(route: string): Promise<{ status: number; text: string; error?: string; log: string[] }> {
    const from = lines.length;
    const res = await fetch(`${api.url}${route}`);
    const text = await res.text();
    const id = res.headers.get('apigw-requestid')!;
    const error = api.request(id)?.record.error;
    return { status: res.status, text, ...(error ? { error } : {}), log: lines.slice(from).map((l) => l.line) };
  }

  it("runs AWS's tutorial runtime unchanged: its plain-text answer is the body, its stderr the function's log", async () => {
    const r = await call('/echo?q=1');
    assert.equal(r.status, 200, `${r.error}\n${r.log.join('\n')}`);
    const m = /^Echoing request: '(.*)'$/.exec(r.text);
    assert.ok(m, r.text);
    const event = JSON.parse(m[1]!);
    assert.equal(event.routeKey, 'GET /echo');
    assert.equal(event.rawQueryString, 'q=1');
    assert.ok(
      r.log.some((l) => l.startsWith('{"version":"2.0"')),
      r.log.join('\n'),
    );
    assert.ok(
      r.log.some((l) => /^REPORT RequestId: .*Init Duration: [\d.]+ ms/.test(l)),
      r.log.join('\n'),
    );
    // Warm: the same environment answers the next request, with no init phase.
    const again = await call('/echo');
    assert.equal(again.status, 200);
    assert.ok(!again.log.some((l) => l.includes('Init Duration')), again.log.join('\n'));
  });

  it("gives the runtime Lambda's headers and environment: deadline, ARN, trace id, _HANDLER, task root", async () => {
    const r = await call('/rt/info');
    assert.equal(r.status, 200, r.error);
    const info = JSON.parse(r.text);
    assert.ok(info.left > 0 && info.left <= 7_000, String(info.left));
    assert.match(info.arn, /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:rt$/);
    assert.match(info.trace, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    assert.equal(info.handler, 'orders.main');
    assert.equal(info.root, ws.file('rt'));
    assert.equal(fs.realpathSync(info.cwd), fs.realpathSync(ws.file('rt')));
    assert.equal(info.name, 'rt');
    // Lambda sets no AWS_EXECUTION_ENV for OS-only runtimes.
    assert.equal(info.executionEnv, null);
    assert.equal(info.routeKey, 'GET /rt/{what}');
    assert.ok(r.log.includes('serving info'), r.log.join('\n'));
  });

  it('an error the runtime posts is the function’s error: 500, its type and message said, the next request served', async () => {
    const r = await call('/rt/error');
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(r.text), { message: 'Internal Server Error' });
    assert.equal(r.error, 'OrderError: order 7 not found');
    assert.ok(
      r.log.some((l) => /^REPORT .*Status: failure|^END RequestId/.test(l)),
      r.log.join('\n'),
    );
    // An error with no body takes its type from the Lambda-Runtime-Function-Error-Type header.
    const typeOnly = await call('/rt/typeonly');
    assert.equal(typeOnly.status, 500);
    assert.equal(typeOnly.error, 'Runtime.Panic: ');
    const ok = await call('/rt/ok');
    assert.equal(ok.status, 200, `${ok.error}\n${ok.log.join('\n')}`);
  });

  it('a response for another request id is refused with 400 InvalidRequestID; the right one is served', async () => {
    const r = await call('/rt/wrongid');
    assert.equal(r.status, 200, r.error);
    const wrong = JSON.parse(r.text);
    assert.equal(wrong.status, 400);
    assert.equal(JSON.parse(wrong.body).errorType, 'InvalidRequestID');
  });

  it("a response over Lambda's 6 MB is refused with 413 and is the function's error", async () => {
    const answered = nextEvent(api.events as never, 'log', (l: LogLine) => l.line.startsWith('big answered'));
    const r = await call('/rt/big');
    assert.equal(r.status, 500);
    assert.match(r.error ?? '', /^Function\.ResponseSizeTooLarge: Response payload size \(\d+ bytes\) exceeded/);
    const line = ((await answered) as LogLine).line;
    assert.match(line, /^big answered 413 .*"errorType":"RequestEntityTooLarge"/);
  });

  it('a runtime that exits mid-invocation is a 500 that says so; the next request starts a new environment', async () => {
    const r = await call('/rt/exit');
    assert.equal(r.status, 500);
    assert.equal(r.error, 'the runtime exited with code 3');
    const next = await call('/rt/ok');
    assert.equal(next.status, 200, next.error);
    assert.ok(
      next.log.some((l) => l.includes('Init Duration')),
      next.log.join('\n'),
    );
  });

  it("an init error the runtime posts is Lambda's init failure, with the runtime's type and message", async () => {
    const r = await call('/init');
    assert.equal(r.status, 500);
    assert.match(r.error ?? '', /initfail failed to initialise: Runtime\.ConfigInvalid: no TABLE_NAME/);
    assert.ok(
      r.log.some((l) => /^INIT_REPORT Init Duration: .*Status: error\tError Type: Runtime\.ConfigInvalid$/.test(l)),
      r.log.join('\n'),
    );
  });

  it('a bootstrap that is missing or not executable is said, as Lambda’s Runtime.InvalidEntrypoint', async () => {
    const missing = await call('/missing');
    assert.equal(missing.status, 500);
    assert.match(
      missing.error ?? '',
      /missing's bootstrap .*build\/bootstrap does not exist .*Runtime\.InvalidEntrypoint/,
    );
    const noexec = await call('/noexec');
    assert.equal(noexec.status, 500);
    assert.match(noexec.error ?? '', /noexec's bootstrap .*rt\/notexecutable is not executable/);
  });

  it('saving a file in the bootstrap’s folder reloads the function: the next request runs the new script', async () => {
    const reloaded = nextEvent(api.events as never, 'reload', (e: { name: string }) => e.name === 'tutorial');
    ws.write('tutorial/function.sh', 'function handler () {\n  echo "{\\"statusCode\\":201,\\"body\\":\\"v2\\"}"\n}\n');
    assert.equal(((await reloaded) as { error?: unknown }).error, undefined);
    const r = await call('/echo');
    assert.equal(r.status, 201);
    assert.equal(r.text, 'v2');
  });
});

// A runtime a layer brings, as Lambda finds one when the package has no bootstrap (runtimes-custom.html), and a tool
// in another layer's bin/, on PATH as /opt/bin is (configuration-envvars.html).
const LAYER_FUNCTION = `function handler () {
  echo "$(greet) | root=$LAMBDA_TASK_ROOT | libs=$LD_LIBRARY_PATH"
}
`;

describe('local API: a custom runtime from a layer', () => {
  it("runs the layer's bootstrap with the function's root as task root, the layers' bin on PATH and lib on LD_LIBRARY_PATH", async () => {
    const ws = localWorkspace({
      'layered.apigw.yaml': lambdaHttpSpec('layered', { 'GET /hi': 'layered' }),
      'layered.apigw.local.yaml':
        'functions:\n  layered: { runtime: provided, root: fn, handler: function.handler, layers: [layers/bash, layers/tools] }\n',
      'fn/function.sh': LAYER_FUNCTION,
      'layers/bash/bootstrap': TUTORIAL_BOOTSTRAP,
      'layers/tools/bin/greet': '#!/bin/sh\necho "hello from the tools layer"\n',
      'layers/tools/lib/.keep': '',
    });
    fs.chmodSync(ws.file('layers/bash/bootstrap'), 0o755);
    fs.chmodSync(ws.file('layers/tools/bin/greet'), 0o755);
    const api = await startLocalApi({ specPath: ws.file('layered.apigw.yaml'), stage: 'dev', port: 0, watch: false });
    try {
      const res = await fetch(`${api.url}/hi`);
      const text = await res.text();
      assert.equal(res.status, 200, `${text} ${api.requests().at(-1)?.error}`);
      const [greeting, root, libs] = text.split(' | ');
      assert.equal(greeting, 'hello from the tools layer');
      assert.equal(root, `root=${ws.file('fn')}`);
      assert.ok(
        libs!
          .replace(/^libs=/, '')
          .split(':')
          .includes(ws.file('layers/tools/lib')),
        libs,
      );
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

describe('the mapping file: custom runtimes', () => {
  it('takes a bootstrap (runtime inferred) or runtime provided with a root; refuses provided with neither', () => {
    const ok = parseMapping(
      'functions:\n  a: { bootstrap: build/bootstrap }\n  b: { runtime: provided, root: build/b, handler: x.y }\n',
      'm.yaml',
    );
    assert.equal(ok.functions?.a?.bootstrap, 'build/bootstrap');
    // A layer may bring the runtime, as on Lambda.
    assert.ok(
      parseMapping('functions:\n  l: { runtime: provided, layers: [rt], handler: f.h }\n', 'm.yaml').functions?.l,
    );
    assert.throws(
      () => parseMapping('functions:\n  c: { runtime: provided }\n', 'm.yaml'),
      (e: unknown) => isWorkbenchError(e) && /c runs a custom runtime: it needs its bootstrap/.test(e.message),
    );
    assert.throws(
      () => parseMapping('functions:\n  d: { runtime: go }\n', 'm.yaml'),
      (e: unknown) => isWorkbenchError(e) && /d\.runtime is not nodejs, python, provided/.test(e.message),
    );
  });

  it("says a missing bootstrap where it is written, and does not take a custom runtime's Handler for a file", () => {
    const text = 'functions:\n  a: { bootstrap: build/bootstrap, handler: function.handler }\n';
    const problems = mappingPathProblems(text, 'm.apigw.local.yaml', () => undefined);
    assert.deepEqual(
      problems.map((p) => [p.what, p.path, p.range.start.line]),
      [['bootstrap', 'build/bootstrap', 1]],
    );
    assert.match(problems[0]!.message, /The bootstrap build\/bootstrap does not exist/);
  });
});
