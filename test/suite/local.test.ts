// Run Spec Locally inside a real VS Code: a spec served from the workspace on a real port with a Node handler, the
// status bar, the traffic channel, Show Request Details, the explorer's Local entry, stop and restart, a spec with
// errors, a port in use, Restricted Mode, the unmapped-function diagnostic and its quick fix, F5 with a breakpoint
// in the handler under VS Code's JavaScript debugger, and WebSocket sessions to a local WebSocket API (the Local
// entry's Connect, Connect to Stage… from the palette, @connections) that never call AWS.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { issueCertificate, type IssuedCertificate } from '../../src/local/certificates';
import type { TreeNode } from '../../src/vscode/explorer/tree';
import type { LocalRun } from '../../src/vscode/local/feature';
import type { Sent } from '../../src/vscode/call/send';
import {
  activateWorkbench,
  description,
  extension,
  label,
  localAwsControl,
  settings,
  sleep,
  untrusted,
  waitFor,
} from '../support/host';
import { TEST_PROFILE_WEST } from '../support/hostEnv';
import { lambdaHttpSpec } from '../support/localWorkspace';
import { FakePrompts } from '../support/prompts';
import { pythonWith } from '../support/python';

// Its dev stage logs access lines, which Show Request Details shows as the format writes them.
const SPEC = lambdaHttpSpec('hello-local', { 'GET /hello': 'hello', 'GET /bye': 'bye' }, ['dev', 'prod']).replace(
  '  dev: {}\n',
  '  dev:\n    accessLog:\n      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:/apigw/hello\n' +
    '      format: $context.requestId $context.routeKey $context.status\n',
);
const MAPPING = `functions:
  hello:
    handler: handlers/hello.js
`;
// Line 2 (index 1) is where the debugger test sets its breakpoint.
const HELLO = `exports.handler = async (event) => {
  const body = JSON.stringify({ path: event.rawPath, stage: event.requestContext.stage });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
};
`;
// Line 2 is inside the handler; in esbuild's output (its CommonJS prelude first) it is elsewhere: it binds through
// the source map.
const HELLO_TS = `export const handler = async (event: { rawPath: string }): Promise<{ statusCode: number; body: string }> => {
  return { statusCode: 200, body: \`typed \${event.rawPath}\` };
};
`;
// Line 2 is inside the handler.
const HELLO_PY = `def handler(event, context):
    body = 'python ' + event['rawPath']
    return {'statusCode': 200, 'body': body}
`;
const DEBUGPY = pythonWith(['debugpy'], ['python3-debugpy']);

/** The status of a GET over TLS that trusts `ca`, presenting `client`'s certificate when given. */
function httpsStatus(url: string, ca: string, client?: IssuedCertificate): Promise<number> {
  return new Promise((resolve, reject) => {
    const cert = client ? { cert: client.certificatePem, key: client.keyPem } : {};
    https
      .get(url, { ca, agent: false, ...cert }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      })
      .on('error', reject);
  });
}

/** The status a WebSocket handshake at `url` (ws://…) gets: 101 when the API takes it, else its refusal's. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    const req = http.get(url.replace(/^ws/, 'http'), { headers, agent: false });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode!);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
  });
}

/** The Python Debugger, or the fixture that stands for it here (test/support/hostEnv.ts): it serves `debugpy`. */
function servesDebugpy(e: vscode.Extension<unknown>): boolean {
  const debuggers = (e.packageJSON as { contributes?: { debuggers?: Array<{ type?: string }> } }).contributes
    ?.debuggers;
  return (debuggers ?? []).some((d) => d.type === 'debugpy');
}
const BYE = `exports.handler = async () => ({ statusCode: 200, body: 'bye' });\n`;
const PROFILE = `exports.handler = async () => ({ statusCode: 200, body: process.env.AWS_PROFILE ?? '' });\n`;
// The handlers of the example chat API (examples/chat-api.apigw.json): its $connect authorizer lets in one token;
// sendMessage (a two-way route) answers with the text and the connection id.
const CHAT_MAPPING = `functions:
  chat-authorizer: { handler: chat/auth.js }
  chat-connections: { handler: chat/connections.js }
  chat-messages: { handler: chat/messages.js }
iam:
  credentials: # @connections checks SigV4 against these: the test profile's keys (test/support/hostEnv.ts)
    - { accessKeyId: AKIDLOCALAWSTEST, secretAccessKey: local-secret }
`;
const CHAT_AUTH = `exports.handler = async (event) => ({ principalId: 'p', policyDocument: { Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.token === 'let-me-in' ? 'Allow' : 'Deny',
  Resource: event.methodArn }] } });
`;
const CHAT_CONNECTIONS = `exports.handler = async () => ({ statusCode: 200 });
`;
const CHAT_MESSAGES = `exports.handler = async (event) => ({ statusCode: 200,
  body: 'got ' + JSON.parse(event.body).text + ' on ' + event.requestContext.connectionId });
`;
const WS_SPEC = `version: 1
api: { name: ws-local, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }
integrations:
  mock: { type: MOCK }
routes:
  $default: { integration: mock }
`;
const BROKEN = `version: 1
api:
  name: broken-local
  protocol: HTTP
routes:
  GET /x:
    integration: nowhere
`;

describe('run spec locally', function () {
  this.timeout(90_000);
  let wb: WorkbenchApi;
  const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'local-run');
  const at = (...p: string[]) => vscode.Uri.joinPath(folder(), ...p);
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  let restore: (() => void) | undefined;
  let written = '';
  let sink: vscode.Disposable | undefined;

  before(async () => {
    wb = await activateWorkbench();
    await write(at('hello.apigw.yaml'), SPEC);
    await write(at('handlers', 'hello.js'), HELLO);
    await write(at('handlers', 'bye.js'), BYE);
    await write(at('broken.apigw.yaml'), BROKEN);
  });

  beforeEach(async () => {
    await write(at('hello.apigw.local.yaml'), MAPPING);
    written = '';
    sink = wb.onDidWriteOutput(({ channel, text }) => {
      if (channel === 'API Gateway: Local hello-local') written += text;
    });
  });

  afterEach(async () => {
    restore?.();
    restore = undefined;
    sink?.dispose();
    for (const r of wb.local.list()) await vscode.commands.executeCommand('apigw.stopLocalApi', r.key);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  async function run(args: object = { stage: 'dev', port: 0 }): Promise<LocalRun> {
    const r = await vscode.commands.executeCommand<LocalRun | undefined>(
      'apigw.runSpecLocally',
      at('hello.apigw.yaml'),
      args,
    );
    assert.ok(r, 'the spec runs');
    return r;
  }

  it('runs a spec: the status bar shows its URL, requests reach the handler and the traffic channel, Stop ends it', async () => {
    const r = await run();
    assert.match(r.api.url, /^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    assert.equal(wb.local.statusText(), `$(radio-tower) hello-local ${r.api.url}`);

    const res = await fetch(`${r.api.url}/hello`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { path: '/dev/hello', stage: 'dev' });
    const requestId = res.headers.get('apigw-requestid');
    assert.ok(requestId);
    // One tail-style line: time, source, method, route, status, latency, request id.
    const line = await waitFor('the traffic line', () =>
      written.split('\n').find((l) => l.includes(requestId) && /\bGET\s+\/hello\s+200\b/.test(l)),
    );
    assert.match(line, /^\d\d:\d\d:\d\d\.\d{3}\s+local\s+GET/);

    await vscode.commands.executeCommand('apigw.stopLocalApi', r.key);
    assert.equal(wb.local.list().length, 0);
    assert.equal(wb.local.statusText(), '');
    await assert.rejects(fetch(`${r.api.url}/hello`), 'nothing listens any more');
    assert.match(written, /■ \d\d:\d\d:\d\d Stopped\./);
  });

  it("runs handlers with the explorer's profile (apigw.profile), which the mapping file's environment overrides", async () => {
    await write(at('handlers', 'profile.js'), PROFILE);
    await write(at('hello.apigw.local.yaml'), `${MAPPING}  bye:\n    handler: handlers/profile.js\n`);
    await settings().update('profile', TEST_PROFILE_WEST, vscode.ConfigurationTarget.Global);
    try {
      let r = await run();
      assert.equal(await (await fetch(`${r.api.url}/bye`)).text(), TEST_PROFILE_WEST);
      await vscode.commands.executeCommand('apigw.stopLocalApi', r.key);
      const pinned = `${MAPPING}  bye:\n    handler: handlers/profile.js\n    environment: { AWS_PROFILE: pinned }\n`;
      await write(at('hello.apigw.local.yaml'), pinned);
      r = await run();
      assert.equal(await (await fetch(`${r.api.url}/bye`)).text(), 'pinned');
    } finally {
      await settings().update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("runs Python handlers on the Python extension's interpreter for the folder (its .venv), unless apigw.local.python names one", async function () {
    const { python, skip } = pythonWith([], ['python3']);
    if (skip) return this.skip();
    // A project's virtual environment, which the Python extension selects for its folder (the fixture does as it).
    const real = execFileSync(python!, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    const venv = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.venv');
    fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
    fs.rmSync(path.join(venv, 'bin', 'python'), { force: true });
    fs.symlinkSync(real, path.join(venv, 'bin', 'python'));
    await write(at('handlers', 'where.py'), 'import sys\ndef handler(event, context):\n    return sys.executable\n');
    await write(at('hello.apigw.local.yaml'), `${MAPPING}  bye:\n    handler: handlers/where.py#handler\n`);
    try {
      let r = await run();
      const selected = path.join(venv, 'bin', 'python');
      assert.equal(await (await fetch(`${r.api.url}/bye`)).text(), selected);
      assert.ok(written.includes(`Python handlers (bye) run on ${selected}, from the Python extension;`), written);
      await vscode.commands.executeCommand('apigw.stopLocalApi', r.key);
      await settings().update('local.python', real, vscode.ConfigurationTarget.Global);
      r = await run();
      assert.equal(await (await fetch(`${r.api.url}/bye`)).text(), real);
      assert.ok(written.includes(`Python handlers (bye) run on ${real}, from apigw.local.python\n`), written);
    } finally {
      await settings().update('local.python', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(venv, { recursive: true, force: true });
    }
  });

  it('asks for the stage when the spec has several, and Restart serves it again on the same port', async () => {
    const fake = new FakePrompts({
      pick: (items) => items.find((i) => i.label === 'prod'),
    });
    restore = wb.usePrompts(fake);
    const r = await run({ port: 0 });
    assert.deepEqual(
      fake.shown.filter((s) => s.kind === 'pick').map((s) => s.text),
      ['Run hello-local Locally'],
    );
    assert.equal(r.api.stage, 'prod');
    const again = await vscode.commands.executeCommand<LocalRun>('apigw.restartLocalApi', r.key);
    assert.notEqual(again, r);
    assert.equal(again.api.port, r.api.port);
    assert.equal(again.api.stage, 'prod');
    assert.equal((await fetch(`${again.api.url}/hello`)).status, 200);
    assert.equal(wb.local.list().length, 1);
  });

  it("offers an HTTP API's custom domains beside its stages; one picked is served under its API mappings", async () => {
    const domain =
      'domains:\n  api.hello.example.com:\n    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc\n' +
      '    mappings:\n      - stage: prod\n        path: v1\n';
    await write(at('shop.apigw.yaml'), SPEC + domain);
    await write(at('shop.apigw.local.yaml'), MAPPING);
    const fake = new FakePrompts({ pick: (items) => items.find((i) => i.label === 'api.hello.example.com') });
    restore = wb.usePrompts(fake);
    const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('shop.apigw.yaml'), {
      port: 0,
    });
    assert.deepEqual(
      fake.shown.filter((x) => x.kind === 'pick').map((x) => x.text),
      ['Run hello-local Locally'],
    );
    assert.equal(r.api.stage, 'prod');
    assert.match(r.api.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'no stage segment');
    const res = await fetch(`${r.api.url}/v1/hello`);
    assert.deepEqual(await res.json(), { path: '/v1/hello', stage: 'prod' });
    assert.equal((await fetch(`${r.api.url}/prod/hello`)).status, 404);
    assert.match(
      written,
      /Serving hello-local \(HTTP, stage prod\) at http:\S+ as https:\/\/api\.hello\.example\.com from/,
    );
    // Restart serves it the same way.
    const again = await vscode.commands.executeCommand<LocalRun>('apigw.restartLocalApi', r.key);
    assert.equal((await fetch(`${again.api.url}/v1/hello`)).status, 200);
  });

  it("offers a WebSocket API's custom domains too; one picked is connected to under its API mapping", async () => {
    const domain =
      'stages:\n  prod: {}\ndomains:\n  chat.hello.example.com:\n' +
      '    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc\n    mappings:\n      - { stage: prod, path: chat }\n';
    await write(at('wsdomain.apigw.yaml'), WS_SPEC + domain);
    const offered: string[] = [];
    const fake = new FakePrompts({
      pick: (items) => {
        offered.push(...items.map((i) => `${i.label} ${i.description}`));
        return items.find((i) => i.label === 'chat.hello.example.com');
      },
    });
    restore = wb.usePrompts(fake);
    const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('wsdomain.apigw.yaml'), {
      port: 0,
    });
    assert.ok(offered.includes('chat.hello.example.com custom domain · stage prod · /chat'), offered.join('\n'));
    assert.match(r.api.wsUrl ?? '', /^ws:\/\/127\.0\.0\.1:\d+\/chat$/);
    assert.equal(await upgradeStatus(r.api.wsUrl!), 101);
    assert.equal(await upgradeStatus(r.api.wsUrl!.replace(/\/chat$/, '/prod')), 404);
  });

  it('serves a custom domain with mutual TLS over HTTPS, asking each client for a certificate', async () => {
    const valid = { notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 86_400_000) };
    const clientCa = issueCertificate({ commonName: 'Partners CA', ca: true, ...valid });
    const client = issueCertificate({ commonName: 'ann', issuer: clientCa, ...valid });
    const domain =
      'domains:\n  api.hello.example.com:\n    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc\n' +
      '    securityPolicy: TLS_1_2\n    mutualTls: { truststoreUri: s3://certs/trust.pem }\n' +
      '    mappings:\n      - stage: prod\n';
    // A spec of its own: the custom domain test before rewrote shop.apigw.yaml, which the editor may still hold.
    await write(at('mtls.apigw.yaml'), SPEC + domain);
    await write(
      at('mtls.apigw.local.yaml'),
      `${MAPPING}domains:\n  api.hello.example.com: { truststore: trust.pem }\n`,
    );
    await write(at('trust.pem'), clientCa.certificatePem);
    const offered: string[] = [];
    const fake = new FakePrompts({
      pick: (items) => {
        offered.push(...items.map((i) => `${i.label} ${i.description}`));
        return items.find((i) => i.label === 'api.hello.example.com');
      },
    });
    restore = wb.usePrompts(fake);
    const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('mtls.apigw.yaml'), {
      port: 0,
    });
    assert.ok(
      offered.includes('api.hello.example.com custom domain · mutual TLS (HTTPS) · stage prod · /'),
      offered.join('\n'),
    );
    assert.match(r.api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(wb.local.statusText(), `$(radio-tower) hello-local ${r.api.url}`);
    const caFile = /mutual TLS: .* through (\S+) \(curl --cacert /.exec(written)?.[1];
    assert.equal(caFile, r.api.serverCaFile);
    assert.ok(caFile, written);
    const ca = fs.readFileSync(caFile, 'utf8');
    assert.deepEqual(await httpsStatus(`${r.api.url}/hello`, ca), 403);
    assert.deepEqual(await httpsStatus(`${r.api.url}/hello`, ca, client), 200);
    // Send from a request file: the run's CA trusted by itself, the certificate apigw.call.clientCertificates names.
    await write(at('mtls.http'), `GET ${r.api.url}/hello\n`);
    await write(at('client.pem'), `${client.certificatePem}${client.keyPem}`);
    const send = () =>
      vscode.commands.executeCommand<Sent>('apigw.sendRequest', {
        uri: at('mtls.http').toString(),
        line: 0,
      });
    assert.equal((await send())!.result.response.status, 403, 'no certificate for the host yet');
    const settings = vscode.workspace.getConfiguration('apigw');
    const host = new URL(r.api.url).host;
    await settings.update(
      'call.clientCertificates',
      { [host]: { cert: at('client.pem').fsPath } },
      vscode.ConfigurationTarget.Global,
    );
    try {
      assert.equal((await send())!.result.response.status, 200);
    } finally {
      await settings.update('call.clientCertificates', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("the status bar item's menu copies the URL and stops the API", async () => {
    const r = await run();
    let choice = '$(copy) Copy URL';
    const fake = new FakePrompts({ pick: (items) => items.find((i) => i.label === choice) });
    restore = wb.usePrompts(fake);
    await vscode.commands.executeCommand('apigw.localApiMenu');
    assert.deepEqual(
      fake.shown.filter((s) => s.kind === 'copy').map((s) => s.text),
      [r.api.url],
    );
    assert.equal(fake.shown.find((s) => s.kind === 'pick')?.text, `hello-local (local) · ${r.api.url}`);
    choice = '$(debug-stop) Stop';
    await vscode.commands.executeCommand('apigw.localApiMenu');
    assert.equal(wb.local.list().length, 0);
  });

  it('Invoke Function… runs a mapped function with an event typed, as Lambda runs it; the payload opens beside', async () => {
    const r = await run();
    const fake = new FakePrompts({
      pick: (items) => items.find((i) => i.label === 'hello'),
      input: () => '{"rawPath": "/direct", "requestContext": {"stage": "typed"}}',
    });
    restore = wb.usePrompts(fake);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('apigw.invokeLocalFunction', r.key);
    assert.equal(doc.languageId, 'json');
    const payload = JSON.parse(doc.getText()) as { statusCode: number; body: string };
    assert.equal(payload.statusCode, 200);
    assert.deepEqual(JSON.parse(payload.body), { path: '/direct', stage: 'typed' });
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'shown');
    assert.match(written, /START RequestId: \S+ Version: \$LATEST/);
    // The event typed is offered again for that function; bad JSON is said, and nothing runs.
    await vscode.commands.executeCommand('apigw.invokeLocalFunction', r.key);
    assert.equal(fake.inputs[1]?.value, '{"rawPath": "/direct", "requestContext": {"stage": "typed"}}');
    const none = await vscode.commands.executeCommand('apigw.invokeLocalFunction', r.key, {
      function: 'hello',
      event: '{nope',
    });
    assert.equal(none, undefined);
    assert.match(fake.messages('error')[0]?.text ?? '', /The event for hello is not JSON/);
  });

  it('shows the full event and response of a request, picked from the recent ones', async () => {
    const r = await run();
    const secrets = { authorization: 'Bearer abc.CANARY-BEARER-1', cookie: 'session=CANARYCOOKIE; theme=dark' };
    const id = (await fetch(`${r.api.url}/hello?x=1`, { headers: secrets })).headers.get('apigw-requestid')!;
    await fetch(`${r.api.url}/bye`);
    const fake = new FakePrompts({
      pick: (items) => items.find((i) => (i as { requestId?: string }).requestId === id),
    });
    restore = wb.usePrompts(fake);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('apigw.showLocalRequest', r.key);
    const shown = JSON.parse(doc.getText()) as {
      request: { requestId: string; status: number };
      accessLog: string;
      invocations: Array<{
        kind: string;
        target: string;
        requestId: string;
        event: { rawPath: string; rawQueryString: string };
        log: string[];
      }>;
      response: { statusCode: number; body: string };
    };
    assert.equal(shown.request.requestId, id);
    assert.equal(shown.accessLog, `${id} GET /hello 200`);
    assert.equal(shown.invocations[0]!.target, 'hello');
    assert.equal(shown.invocations[0]!.event.rawPath, '/dev/hello');
    assert.equal(shown.invocations[0]!.event.rawQueryString, 'x=1');
    // The function's invocation under Lambda's id of its own, with its lines from START to REPORT.
    const fnId = shown.invocations[0]!.requestId;
    assert.match(fnId, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    assert.equal(shown.invocations[0]!.log[0], `START RequestId: ${fnId} Version: $LATEST`);
    assert.match(shown.invocations[0]!.log.at(-1)!, new RegExp(`^REPORT RequestId: ${fnId}\t`));
    assert.equal(shown.response.statusCode, 200);
    assert.equal(doc.uri.scheme, 'apigw-local-request');
    // The event carried the Authorization header and the cookies (headers and payload 2.0's `cookies`): not shown.
    assert.ok(!doc.getText().includes('CANARY'), doc.getText());
    assert.match(doc.getText(), /"cookies": \["\[redacted\]", "\[redacted\]"\]/);
    // Newest first: the /bye request (its function has no handler: 500) heads the list.
    assert.equal(fake.shown.filter((s) => s.kind === 'pick').length, 1);
  });

  it('shows a Local entry in the explorer while it runs, with its URL, its routes and a menu that acts on its run', async () => {
    const r = await run();
    const roots = await wb.explorer.provider.getChildren();
    const entry = roots.find((n) => label(n) === 'Local: hello-local');
    assert.ok(entry, `root nodes: ${roots.map(label).join(', ')}`);
    assert.equal(description(entry), r.api.url);
    const routes = await entry.children();
    assert.deepEqual(
      routes.map((n) => [label(n), description(n)]),
      [
        ['GET /hello', '→ hello (handlers/hello.js)'],
        ['GET /bye', '→ bye: no local handler'],
      ],
    );
    // A second spec runs too: the entry's menu acts on its own run, where the palette would ask which.
    await write(at('second.apigw.yaml'), SPEC.replace('name: hello-local', 'name: second-local'));
    const second = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('second.apigw.yaml'), {
      stage: 'dev',
      port: 0,
    });
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    const entries = await wb.explorer.provider.getChildren();
    const entryOf = (name: string) => entries.find((n) => label(n) === `Local: ${name}`)!;
    assert.equal(
      await vscode.commands.executeCommand('apigw.showLocalTraffic', entryOf('second-local')),
      second.channel.name,
    );
    await vscode.commands.executeCommand('apigw.stopLocalApi', entryOf('hello-local'));
    assert.deepEqual(
      wb.local.list().map((x) => x.key),
      [second.key],
    );
    assert.deepEqual(
      fake.shown.filter((x) => x.kind === 'pick'),
      [],
      'no picker: the entry named its run',
    );
    await vscode.commands.executeCommand('apigw.stopLocalApi', second.key);
    const after = await wb.explorer.provider.getChildren();
    assert.ok(!after.some((n) => label(n).startsWith('Local:')), 'the entry is gone once it stops');
  });

  it('follows a saved spec: the engine reloads it, the Local entry lists the new route', async () => {
    const r = await run();
    const entry = async () => (await wb.explorer.provider.getChildren()).find((n) => label(n) === 'Local: hello-local');
    try {
      await write(
        at('hello.apigw.yaml'),
        SPEC.replace('  GET /bye:', '  GET /hi:\n    integration: hello-fn\n  GET /bye:'),
      );
      await waitFor('the new route in the explorer', async () => {
        const routes = await (await entry())?.children();
        return routes?.some((n) => label(n) === 'GET /hi');
      });
      assert.equal((await fetch(`${r.api.url}/hi`)).status, 200);
    } finally {
      await write(at('hello.apigw.yaml'), SPEC);
    }
  });

  it('refuses a spec with errors, listing them with Show Problems', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    const r = await vscode.commands.executeCommand('apigw.runSpecLocally', at('broken.apigw.yaml'), { port: 0 });
    assert.equal(r, undefined);
    const [m] = fake.messages('error');
    assert.ok(m, 'an error message');
    assert.match(m.text, /^broken\.apigw\.yaml has \d+ errors?: fix (it|them) before running it locally\. Line \d+:/);
    assert.deepEqual(
      m.actions?.map((a) => a.label),
      ['Show Problems'],
    );
    assert.equal(wb.local.list().length, 0);
  });

  it('says which setting to change when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    try {
      await run({ stage: 'dev', port }).catch(() => undefined);
      const [m] = fake.messages('error');
      assert.ok(m, 'an error message');
      assert.match(m.text, new RegExp(`hello-local cannot run locally: port ${port} is in use`));
      assert.ok(
        m.actions?.some((a) => a.label === 'Change apigw.local.port'),
        m.actions?.map((a) => a.label).join(),
      );
      assert.equal(wb.local.list().length, 0);
    } finally {
      blocker.close();
    }
  });

  it('refuses to start when apigw.profile names a profile that does not exist: handlers would sign with other credentials', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await settings().update('profile', 'no-such-profile', vscode.ConfigurationTarget.Global);
    try {
      await run({ stage: 'dev' }).catch(() => undefined);
      const [m] = fake.messages('error');
      assert.ok(m, 'an error message');
      assert.match(m.text, /The AWS profile "no-such-profile" does not exist/);
      assert.ok(
        m.actions?.some((a) => a.label === 'Select Profile…'),
        m.actions?.map((a) => a.label).join(),
      );
      assert.equal(wb.local.list().length, 0);
    } finally {
      await settings().update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('is refused in Restricted Mode: it runs workspace code', async () => {
    const fake = new FakePrompts();
    await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.runSpecLocally', at('hello.apigw.yaml'), {
      stage: 'dev',
      port: 0,
    });
    assert.match(fake.messages('warning')[0]?.text ?? '', /^Run Spec Locally is turned off in Restricted Mode/);
    assert.equal(wb.local.list().length, 0);
  });

  /** The spec's one unmapped-function diagnostic, and its quick fix that maps `name`. */
  async function unmappedFix(
    doc: vscode.TextDocument,
    name: string,
  ): Promise<{ d: vscode.Diagnostic; fix: vscode.CodeAction }> {
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor('the unmapped-function diagnostic', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'apigw-local');
      return d.length ? d : undefined;
    });
    assert.equal(diags.length, 1);
    const d = diags[0]!;
    // VS Code cancels a code action request when the document's diagnostics change meanwhile (the spec engine's
    // arrive on their own schedule): ask again until it answers.
    const fix = await waitFor('the quick fix', async () => {
      const actions = await vscode.commands
        .executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          d.range,
          vscode.CodeActionKind.QuickFix.value,
        )
        .then(
          (a) => a,
          () => [],
        );
      return actions.find((a) => a.title.startsWith(`Map "${name}"`));
    });
    return { d, fix };
  }

  it('marks a Lambda function without a local handler, and the quick fix maps it to the one file of its name', async () => {
    const doc = await vscode.workspace.openTextDocument(at('hello.apigw.yaml'));
    const { d, fix } = await unmappedFix(doc, 'bye');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.match(d.message, /^No local handler for the Lambda function "bye"/);
    assert.match(doc.getText(d.range), /function:bye/);
    assert.ok(fix.edit);
    assert.equal(fix.title, 'Map "bye" to handlers/bye.js#handler in hello.apigw.local.yaml');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const mapping = await vscode.workspace.openTextDocument(at('hello.apigw.local.yaml'));
    assert.equal(mapping.getText(), `${MAPPING}  bye:\n    handler: handlers/bye.js#handler\n`);
    await mapping.save();
    await waitFor('the diagnostic to go', () =>
      vscode.languages.getDiagnostics(doc.uri).every((x) => x.source !== 'apigw-local'),
    );
    // Mapped now: the route answers from the handler.
    const r = await run();
    assert.equal(await (await fetch(`${r.api.url}/bye`)).text(), 'bye');
  });

  it('warns where the mapping file names a handler file that is not there; its quick fix creates the file', async () => {
    await write(at('typo.apigw.local.yaml'), 'functions:\n  hello: { handler: handlers/helo.js }\n');
    const created = at('handlers', 'helo.js');
    try {
      const mapping = await vscode.workspace.openTextDocument(at('typo.apigw.local.yaml'));
      const ours = () =>
        vscode.languages
          .getDiagnostics(mapping.uri)
          .filter((x) => x.source === 'apigw-local' && x.code === 'missing-path');
      const [d] = await waitFor('the missing-path warning', () => (ours().length ? ours() : undefined));
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d!.message, 'The handler file handlers/helo.js does not exist (paths are relative to this file).');
      assert.equal(mapping.getText(d!.range), 'handlers/helo.js');
      // Its quick fix creates the file, a skeleton with the mapping's export; the warning goes.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        mapping.uri,
        d!.range,
      );
      const fix = actions.find((a) => a.title === 'Create handlers/helo.js');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor('the warning to go', () => ours().length === 0);
      // The skeleton is an edit of the new file's document, unsaved, as an edit is.
      const skeleton = await vscode.workspace.openTextDocument(created);
      const text = skeleton.getText();
      // Saved, so no editor is left dirty for the next test.
      assert.ok(await skeleton.save());
      assert.match(text, /handler = async \(event\) => \{\n {2}return \{ statusCode: 200, body: JSON\.stringify/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const f of [at('typo.apigw.local.yaml'), created])
        await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
    }
  });

  it("the quick fix names the export the handler file has: a Python file's lambda_handler", async () => {
    await write(at('greeter.apigw.yaml'), lambdaHttpSpec('greeter-local', { 'GET /greet': 'greeter' }));
    await write(at('handlers', 'greeter.py'), 'def lambda_handler(event, context):\n    return "greetings"\n');
    // A mapping file (with no function yet) has the spec's functions checked, as running it once would.
    await write(at('greeter.apigw.local.yaml'), 'functions:\n');
    try {
      const { fix } = await unmappedFix(await vscode.workspace.openTextDocument(at('greeter.apigw.yaml')), 'greeter');
      assert.equal(fix.title, 'Map "greeter" to handlers/greeter.py#lambda_handler in greeter.apigw.local.yaml');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const f of ['greeter.apigw.yaml', 'greeter.apigw.local.yaml']) await vscode.workspace.fs.delete(at(f));
    }
  });

  it("the quick fix maps a function from the project's SAM template: its code, handler, environment and timeout", async () => {
    await write(at('sam.apigw.yaml'), lambdaHttpSpec('sam-local', { 'GET /orders': 'shop-orders' }));
    await write(at('sam.apigw.local.yaml'), 'functions:\n');
    await write(
      at('template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  OrdersFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      FunctionName: !Sub "${AWS::StackName}-orders"',
        '      CodeUri: orders/',
        '      Handler: app.handler',
        '      Runtime: nodejs20.x',
        '      Timeout: 10',
        '      Environment:',
        '        Variables:',
        '          GREETING: from the template',
        '          TABLE: !Ref OrdersTable',
        '',
      ].join('\n'),
    );
    await write(
      at('orders', 'app.js'),
      'exports.handler = async () => process.env.GREETING + " " + process.env.TABLE;\n',
    );
    try {
      const doc = await vscode.workspace.openTextDocument(at('sam.apigw.yaml'));
      const { fix } = await unmappedFix(doc, 'shop-orders');
      assert.equal(fix.title, 'Map "shop-orders" from template.yaml (OrdersFunction) in sam.apigw.local.yaml');
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
      const mapping = await vscode.workspace.openTextDocument(at('sam.apigw.local.yaml'));
      assert.equal(
        mapping.getText(),
        'functions:\n  shop-orders:\n    handler: orders/app.js#handler\n    root: orders\n    environment:\n' +
          '      GREETING: from the template\n    timeout: 10\n',
      );
      await mapping.save();
      const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('sam.apigw.yaml'), {
        stage: 'dev',
        port: 0,
      });
      assert.equal(await (await fetch(`${r.api.url}/orders`)).text(), 'from the template undefined');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const f of ['sam.apigw.yaml', 'sam.apigw.local.yaml', 'template.yaml'])
        await vscode.workspace.fs.delete(at(f));
    }
  });

  it('connects to a local WebSocket API from its Local entry, its menu and the palette; messages and @connections reach it, AWS is not called', async () => {
    const example = fs.readFileSync(path.join(extension().extensionPath, 'examples', 'chat-api.apigw.json'), 'utf8');
    await write(at('chat-api.apigw.json'), example.replace('"$schema": "../schemas/gateway-spec.schema.json",', ''));
    await write(at('chat-api.apigw.local.yaml'), CHAT_MAPPING);
    await write(at('chat', 'auth.js'), CHAT_AUTH);
    await write(at('chat', 'connections.js'), CHAT_CONNECTIONS);
    await write(at('chat', 'messages.js'), CHAT_MESSAGES);
    const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('chat-api.apigw.json'), {
      stage: 'dev',
      port: 0,
    });
    assert.match(r.api.wsUrl ?? '', /^ws:\/\/127\.0\.0\.1:\d+\/dev$/);
    await vscode.commands.executeCommand('apigw.forgetTokens');
    const entry = (await wb.explorer.provider.getChildren()).find((n) => label(n) === 'Local: chat-api')!;
    assert.equal(entry.treeItem().contextValue, 'apigw.local.websocket');
    const localAws = localAwsControl();
    await localAws.clearCalls();

    let text = '';
    const wrote = wb.calls.sessions.onDidWrite((w) => (text += `${w.text}\n`));
    try {
      // The Local entry's Connect: $connect's Lambda authorizer asks its identity source once, in a password box.
      const fake = new FakePrompts({
        input: (o) => (/token/.test(o.prompt) ? 'let-me-in' : o.value?.replace(/\}$/, ', "text": "templated"}')),
        pick: (items) => items.find((i) => i.label === 'sendMessage'),
      });
      restore = wb.usePrompts(fake);
      const id = await vscode.commands.executeCommand<string>('apigw.connectLocalApi', entry);
      assert.match(id ?? '', /^ws-\d+$/, JSON.stringify(fake.messages()));
      assert.deepEqual(
        fake.inputs.map((o) => o.password),
        [true],
      );
      const t = wb.calls.sessions.list().find((s) => s.session.id === id)!;
      assert.equal(t.terminal?.name, 'WebSocket chat-api/dev (local)');
      await waitFor('the banner', () => text.includes(`── connected to ${r.api.wsUrl}`));
      // Send Message…: the local spec's routes as templates; the local API answers on the two-way route.
      assert.equal(
        await vscode.commands.executeCommand('apigw.sendWsMessage'),
        '{"action": "sendMessage", "text": "templated"}',
      );
      assert.equal(fake.inputs[1]?.value, '{"action": "sendMessage"}');
      const connectionId = (
        await waitFor('the answer', () => /< got templated on (\S+)$/m.exec(text) ?? undefined)
      )[1]!;
      assert.ok(t.routes().includes('sendMessage: {"action": "sendMessage"}'), t.routes().join('\n'));
      assert.ok(!text.includes('let-me-in'), 'the identity value is not printed');
      // @connections of the local API, from the same entry.
      const posted = await vscode.commands.executeCommand('apigw.sendToConnection', entry, {
        connectionId,
        message: 'hello from @connections',
      });
      assert.equal(posted, true, JSON.stringify(fake.messages()));
      await waitFor('the posted message', () => text.includes('< hello from @connections'));
      restore();

      // The palette: Connect to Stage… offers the local API first; the token is not asked again.
      const palette = new FakePrompts({ pick: (items) => items.find((i) => i.label.includes('Local · chat-api')) });
      restore = wb.usePrompts(palette);
      const second = await vscode.commands.executeCommand<string>('apigw.connectStage');
      assert.match(second ?? '', /^ws-\d+$/, JSON.stringify(palette.messages()));
      assert.notEqual(second, id);
      assert.deepEqual(
        palette.shown.filter((s) => s.kind === 'pick').map((s) => s.text),
        ['Connect to Stage'],
      );
      const t2 = wb.calls.sessions.list().find((s) => s.session.id === second)!;
      await t2.submit('{"action":"sendMessage","text":"from the palette"}');
      await waitFor('the second answer', () => text.includes('< got from the palette on '));
      restore();
      // The status bar's menu: Connect, for this run.
      const menu = new FakePrompts({ pick: (items) => items.find((i) => i.label === '$(plug) Connect') });
      restore = wb.usePrompts(menu);
      const before = wb.calls.sessions.list().length;
      await vscode.commands.executeCommand('apigw.localApiMenu', r.key);
      await waitFor('the third session', () => wb.calls.sessions.list().length === before + 1);
      assert.deepEqual(menu.messages(), []);
      assert.deepEqual(await localAws.calls(), [], 'no AWS call to connect, send and post to a local API');
    } finally {
      restore?.();
      restore = undefined;
      wrote.dispose();
      for (const s of wb.calls.sessions.list()) await s.session.close();
      for (const term of vscode.window.terminals) if (term.name.startsWith('WebSocket chat-api')) term.dispose();
    }
  });

  it('Try Mapping Template renders a picked template against the message typed, beside the spec; a failing one says why', async () => {
    const example = fs.readFileSync(path.join(extension().extensionPath, 'examples', 'chat-api.apigw.json'), 'utf8');
    await write(at('chat-api.apigw.json'), example.replace('"$schema": "../schemas/gateway-spec.schema.json",', ''));
    const fake = new FakePrompts({
      pick: (items) => items.find((i) => i.label === 'ping-mock · response $default'),
      input: () => '{"action": "ping"}',
    });
    restore = wb.usePrompts(fake);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>(
      'apigw.tryMappingTemplate',
      at('chat-api.apigw.json'),
    );
    assert.equal(doc.languageId, 'json');
    assert.deepEqual(JSON.parse(doc.getText()), { action: 'pong', connectionId: 'TryTemplate=' });
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'shown');
    assert.match(fake.inputs[0]!.prompt, /backend's answer/);
    // Try Template above each template key: the same command for that template, the message asked for.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      at('chat-api.apigw.json'),
    );
    const tries = lenses.filter((l) => l.command?.command === 'apigw.tryMappingTemplate');
    const chat = await vscode.workspace.openTextDocument(at('chat-api.apigw.json'));
    assert.deepEqual(
      tries.map((l) => [l.command!.title, chat.getText(l.range), l.command!.arguments![1]]),
      [
        ['$(play) Try Template', '"$default"', { integration: 'ping-mock', key: '$default' }],
        ['$(play) Try Template', '"$default"', { integration: 'ping-mock', response: '$default', key: '$default' }],
      ],
    );
    const fromLens = await vscode.commands.executeCommand<vscode.TextDocument>(
      tries[1]!.command!.command,
      ...tries[1]!.command!.arguments!,
    );
    assert.deepEqual(JSON.parse(fromLens.getText()), { action: 'pong', connectionId: 'TryTemplate=' });
    assert.equal(fake.inputs.length, 2, 'the message asked for');
    assert.equal(fake.shown.filter((x) => x.kind === 'pick').length, 1, 'no template picked for the lens');
    const spec = JSON.parse(example) as { integrations: Record<string, { requestTemplates?: Record<string, string> }> };
    spec.integrations['ping-mock']!.requestTemplates = { $default: '#foreach($i in [1..2000])#end{}' };
    await write(at('looping.apigw.json'), JSON.stringify({ ...spec, $schema: undefined }));
    const none = await vscode.commands.executeCommand('apigw.tryMappingTemplate', at('looping.apigw.json'), {
      integration: 'ping-mock',
      key: '$default',
      message: '{}',
    });
    assert.equal(none, undefined);
    const [m] = fake.messages('error');
    assert.match(
      m?.text ?? '',
      /ping-mock · request template \$default: the mapping template failed: a #foreach loops 2000 times/,
    );
  });

  it('Connect is refused in Restricted Mode, a local @connections refusal says why, a stopped API offers Run Spec Locally', async () => {
    await write(at('ws.apigw.yaml'), WS_SPEC);
    const r = await vscode.commands.executeCommand<LocalRun>('apigw.runSpecLocally', at('ws.apigw.yaml'), {
      port: 0,
    });
    const entry: TreeNode = (await wb.explorer.provider.getChildren()).find((n) => label(n) === 'Local: ws-local')!;
    const untrustedPrompts = new FakePrompts();
    await wb.runWith({ trust: untrusted, prompts: untrustedPrompts }, 'apigw.connectLocalApi', entry);
    assert.match(untrustedPrompts.messages('warning')[0]?.text ?? '', /^Connect is turned off in Restricted Mode/);
    assert.equal(wb.calls.sessions.list().length, 0);
    // Without keys in its mapping file, its @connections takes any signed call (a handler signs with whatever its
    // environment holds): the editor signs with the profile's, and the call reaches the connection, which never existed.
    const send = async () => {
      const prompts = new FakePrompts();
      restore?.();
      restore = wb.usePrompts(prompts);
      const posted = await vscode.commands.executeCommand('apigw.sendToConnection', entry, {
        connectionId: 'L0SM9cOFvHcCIhw=',
        message: 'hello',
      });
      assert.equal(posted, undefined);
      return prompts.messages('error')[0]?.text ?? '';
    };
    assert.match(await send(), /^The connection L0SM9cOFvHcCIhw= is gone/);
    // With local-only keys in its mapping file the editor signs with those, whatever the profile's: the call passes
    // the signature check and reaches the connection.
    await write(
      at('ws.apigw.local.yaml'),
      'iam:\n  credentials:\n    - { accessKeyId: AKIDLOCALONLYKEYS, secretAccessKey: only-in-this-mapping }\n',
    );
    await vscode.commands.executeCommand('apigw.restartLocalApi', r.key);
    const signed = await send();
    assert.match(signed, /^The connection L0SM9cOFvHcCIhw= is gone/);
    assert.doesNotMatch(signed, /only-in-this-mapping/);
    // A mapping file broken on disk: the local API keeps the keys it serves (its reload fails), the editor signs as
    // without a mapping, with the profile's keys, and the local API's refusal says what it checks against.
    await write(at('ws.apigw.local.yaml'), 'iam:\n  credentials: 5\n');
    assert.match(
      await send(),
      /^The local API ws-local\/\$default \(local\) refused the management call: .* Add a key pair to iam\.credentials/,
    );
    restore?.();
    await vscode.commands.executeCommand('apigw.stopLocalApi', r.key);
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    assert.equal(await vscode.commands.executeCommand('apigw.connectLocalApi', entry), undefined);
    // The fix serves the spec on the port of the setting: a free one, on a machine where 3000 may be taken.
    await settings().update('local.port', 0, vscode.ConfigurationTarget.Global);
    const [m] = fake.messages('error');
    assert.equal(
      m?.text,
      'The local API of ws.apigw.yaml is not running. Run Spec Locally serves it again; then connect. (NotFound)',
    );
    assert.deepEqual(
      m?.actions?.map((a) => a.label),
      ['Run Spec Locally', 'Show Log'],
    );
    try {
      await m!.actions![0]!.run();
      assert.equal(wb.local.list()[0]?.name, 'ws-local', 'the fix runs it again');
    } finally {
      await settings().update('local.port', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('F5 on a spec with errors lists them and ends the session; nothing runs', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'apigw-local',
      request: 'launch',
      name: 'API Gateway: Run Spec Locally',
      spec: at('broken.apigw.yaml').fsPath,
    });
    const m = await waitFor('the refusal', () => fake.messages('error')[0]);
    assert.match(m.text, /^broken\.apigw\.yaml has \d+ errors?: fix (it|them) before debugging it\./);
    await waitFor('the session to end', () => vscode.debug.activeDebugSession === undefined);
    assert.equal(wb.local.list().length, 0);
  });

  it('F5 on a spec says in the debug console which handlers run without the debugger: a custom runtime', async () => {
    await write(at('custom.apigw.yaml'), lambdaHttpSpec('custom-local', { 'GET /hello': 'hello' }));
    await write(at('custom.apigw.local.yaml'), 'functions:\n  hello: { bootstrap: custom/bootstrap }\n');
    await write(at('custom', 'bootstrap'), '#!/bin/sh\nexit 1\n');
    fs.chmodSync(at('custom', 'bootstrap').fsPath, 0o755);
    let said = '';
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('apigw-local', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type: string; event?: string; body?: { output?: string } }) => {
          if (m.type === 'event' && m.event === 'output') said += m.body?.output ?? '';
        },
      }),
    });
    try {
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
        type: 'apigw-local',
        request: 'launch',
        name: 'API Gateway: Run Spec Locally',
        spec: at('custom.apigw.yaml').fsPath,
        port: 0,
      });
      assert.ok(started, 'the debug session starts');
      await waitFor('the debug console to name the custom runtime', () =>
        said.includes('The custom runtimes (hello) run without the debugger'),
      );
      assert.match(said, /custom-local runs locally at http:\/\/127\.0\.0\.1:\d+\/dev\n/);
      assert.match(said, /Attach your language's debugger to the bootstrap's process/);
      await vscode.debug.stopDebugging();
      await waitFor('the local API to stop with the session', () => wb.local.list().length === 0);
    } finally {
      tracker.dispose();
    }
  });

  it('F5 on a spec: a breakpoint in a Node handler stops on the first request, held past the timeouts', async () => {
    // Its own spec: the integration times out after 1.5 s, less than the test holds the breakpoint.
    await write(
      at('debug.apigw.yaml'),
      SPEC.replace('payloadFormatVersion: "2.0"', 'payloadFormatVersion: "2.0"\n    timeoutMs: 1500'),
    );
    await write(at('debug.apigw.local.yaml'), MAPPING);
    await stopsOnFirstRequest(at('handlers', 'hello.js'), 2500);
  });

  it('F5 on a spec: a breakpoint in a TypeScript handler stops on the first request, at its source line', async () => {
    await write(at('debug.apigw.yaml'), SPEC);
    await write(at('handlers', 'hello-ts.ts'), HELLO_TS);
    await write(at('debug.apigw.local.yaml'), 'functions:\n  hello:\n    handler: handlers/hello-ts.ts\n');
    await stopsOnFirstRequest(at('handlers', 'hello-ts.ts'), 0);
  });

  it('F5 on a spec: a breakpoint in a Python handler stops on the first request, through the Python Debugger', async function () {
    if (DEBUGPY.skip) return this.skip();
    if (!vscode.extensions.all.some(servesDebugpy)) return this.skip();
    // The interpreter as a project's virtual environment holds it, named from the workspace folder.
    const real = execFileSync(DEBUGPY.python!, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    const bin = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.venv', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.rmSync(path.join(bin, 'python'), { force: true });
    fs.symlinkSync(real.trim(), path.join(bin, 'python'));
    await settings().update('local.python', '.venv/bin/python', vscode.ConfigurationTarget.Global);
    try {
      await write(at('debug.apigw.yaml'), SPEC);
      await write(at('handlers', 'hello.py'), HELLO_PY);
      await write(at('debug.apigw.local.yaml'), 'functions:\n  hello:\n    handler: handlers/hello.py#handler\n');
      await stopsOnFirstRequest(at('handlers', 'hello.py'), 0, 'debugpy');
    } finally {
      await settings().update('local.python', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  /**
   * Debugs debug.apigw.yaml with a breakpoint on line 2 of `handler`: the first request stops there, in a child
   * session of `debugType`.
   */
  async function stopsOnFirstRequest(handler: vscode.Uri, holdMs: number, debugType = 'pwa-node'): Promise<void> {
    const bp = new vscode.SourceBreakpoint(new vscode.Location(handler, new vscode.Position(1, 0)));
    vscode.debug.addBreakpoints([bp]);
    const stops: Array<{ session: vscode.DebugSession; threadId: number }> = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type: string; event?: string; body?: { threadId: number } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.push({ session, threadId: m.body!.threadId });
        },
      }),
    });
    // What a timeout reports: the sessions, the parent's debug console, the request and the API's channel, where a
    // handler process's own output (a V8 abort, say: bundler.ts) is.
    const seen: string[] = [];
    let channels = '';
    const watch = [
      wb.onDidWriteOutput(({ channel, text }) => {
        if (channel.startsWith('API Gateway: Local')) channels += text;
      }),
      vscode.debug.onDidStartDebugSession((x) => seen.push(`${x.type} "${x.name}"`)),
      vscode.debug.registerDebugAdapterTrackerFactory('apigw-local', {
        createDebugAdapterTracker: () => ({
          onDidSendMessage: (m: { type: string; event?: string; body?: { output?: string } }) => {
            if (m.type === 'event' && m.event === 'output') seen.push(`console: ${m.body?.output ?? ''}`);
          },
        }),
      }),
    ];
    try {
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
        type: 'apigw-local',
        request: 'launch',
        name: 'API Gateway: Run Spec Locally',
        spec: at('debug.apigw.yaml').fsPath,
        stage: 'dev',
        port: 0,
      });
      assert.ok(started, 'the debug session starts');
      const r = await waitFor('the local API of the debug session', () => wb.local.list()[0]);
      const answer = fetch(`${r.api.url}/hello`);
      answer.then(
        (res) => seen.push(`answered ${res.status}`),
        (err: unknown) => seen.push(`request failed: ${String(err)}`),
      );
      const stop = await waitFor('the debugger to stop in the handler', () => stops[0], 60_000).catch((err: Error) => {
        throw new Error(
          `${err.message}; meanwhile: ${seen.join('; ') || 'nothing'}; output: ${channels.slice(0, 6000)}`,
        );
      });
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId })) as {
        stackFrames: Array<{ line: number; source?: { path?: string } }>;
      };
      const top = trace.stackFrames[0]!;
      // The debugger names a remote workspace's files by URI (vscode-remote://…): their path ends as the handler's.
      assert.ok((top.source?.path ?? '').endsWith(handler.path), `stopped in ${top.source?.path}`);
      assert.equal(top.line, 2);
      // Held longer than the integration's timeoutMs: a debugged request is not answered 503 meanwhile.
      await sleep(holdMs);
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const res = await answer;
      assert.equal(res.status, 200);
      await vscode.debug.stopDebugging();
      await waitFor('the local API to stop with the session', () => wb.local.list().length === 0);
    } finally {
      tracker.dispose();
      for (const d of watch) d.dispose();
      vscode.debug.removeBreakpoints([bp]);
    }
  }
});
