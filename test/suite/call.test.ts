// Calling routes inside a real VS Code, against the local API (dist/local.js serving a spec through real sockets) and
// the local AWS test service (a live "stage" whose endpoint, as an emulator reports it, is that local API): the
// request file written beside a spec and updated keeping an edit, Send from its CodeLens returning the response
// document, a JWT asked once in a password box, kept in SecretStorage and never shown anywhere (outputs, messages,
// the response, the history), Restricted Mode refusing a call before anything is sent, Show Logs for This Request
// printing that request's lines and no other's, and a WebSocket session in a terminal exchanging messages.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import type { Sent } from '../../src/vscode/call/send';
import { sampleAccount } from '../localaws/seed';
import { activateWorkbench, extension, localAwsControl, node, untrusted, waitFor } from '../support/host';
import { testIssuer } from '../support/jwt';
// FakePrompts answer input boxes too, recording what they asked (and whether the box hid the text).
import { FakePrompts as Prompts } from '../support/prompts';

const ISSUER = 'https://issuer.call-host.test';
const API = 'call-host';
const SPEC = `version: 1
api: { name: ${API}, protocol: HTTP }
integrations:
  echo: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:call-echo" }
authorizers:
  jwt: { type: JWT, identitySources: [$request.header.Authorization], jwt: { issuer: "${ISSUER}", audience: [app] } }
routes:
  GET /echo/{id}: { integration: echo }
  GET /jwt: { integration: echo, authorizer: jwt }
  GET /boom: { integration: echo }
  GET /slow: { integration: echo }
  POST /iam: { integration: echo, authorizationType: AWS_IAM }
stages:
  dev: {}
`;
const ECHO = `exports.handler = async (event) => {
  if (event.rawPath.endsWith('/boom')) throw new Error('boom');
  if (event.rawPath.endsWith('/slow')) await new Promise(() => {});
  return { statusCode: 200, body: JSON.stringify({ path: event.rawPath, authorization: event.headers.authorization }) };
};`;
const WS_SPEC = JSON.stringify({
  version: 1,
  api: { name: 'call-ws', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:wsfn' } },
  authorizers: {
    tok: {
      type: 'REQUEST',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:wsauth',
      identitySources: ['route.request.querystring.token'],
    },
  },
  routes: {
    $connect: { integration: 'fn', authorizer: 'tok' },
    echo: { integration: 'fn', routeResponseSelectionExpression: '$default' },
    whoami: { integration: 'fn', routeResponseSelectionExpression: '$default' },
  },
  stages: { dev: {} },
});
const WS_FN = `exports.handler = async (event) => event.requestContext.eventType !== 'MESSAGE' ? { statusCode: 200 }
  : JSON.parse(event.body).action === 'whoami' ? { statusCode: 200, body: 'id: ' + event.requestContext.connectionId }
  : { statusCode: 200, body: 'echo: ' + JSON.parse(event.body).text };`;
const WS_AUTH = `exports.handler = async (event) => ({ principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.token === 'let-me-in' ? 'Allow' : 'Deny', Resource: event.methodArn }] } });`;

interface LocalApi {
  url: string;
  port: number;
  requests(): Array<{ requestId: string }>;
  stop(): Promise<void>;
}
type LocalBundle = { startLocalApi(o: Record<string, unknown>): Promise<LocalApi> };

describe('calling routes', function () {
  this.timeout(90_000);
  let wb: WorkbenchApi;
  let dir: string;
  let local: LocalApi;
  let wsLocal: LocalApi;
  let restore: (() => void) | undefined;
  let outputs = '';
  let sink: vscode.Disposable | undefined;
  const iss = testIssuer(ISSUER, 'k1');
  const jwt = iss.sign({ iss: ISSUER, aud: 'app', exp: Math.floor(Date.now() / 1000) + 3600, sub: 'user-7' });
  const localAws = localAwsControl();
  const file = (rel: string) => path.join(dir, rel);
  const httpUri = () => vscode.Uri.file(file(`${API}.http`));
  let current: Prompts | undefined;
  const use = (p: Prompts) => {
    restore?.();
    restore = wb.usePrompts(p);
    current = p;
    return p;
  };

  before(async () => {
    wb = await activateWorkbench();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-call-host-'));
    const files: Record<string, string> = {
      [`${API}.apigw.yaml`]: SPEC,
      [`${API}.apigw.local.yaml`]:
        'functions:\n  call-echo: { handler: src/echo.js }\njwt:\n  jwt: { jwksFile: jwks.json }\n' +
        // The local API verifies SigV4 against these, which no profile has: the editor must sign with them.
        'iam:\n  credentials:\n    - { accessKeyId: AKIDLOCALONLYCALL, secretAccessKey: only-in-this-mapping }\n',
      'jwks.json': JSON.stringify(iss.jwks),
      'src/echo.js': ECHO,
      'call-ws.apigw.json': WS_SPEC,
      // @connections checks SigV4 against these: the test profile's keys (test/support/hostEnv.ts).
      'call-ws.apigw.local.yaml':
        'functions:\n  wsfn: { handler: src/fn.js }\n  wsauth: { handler: src/auth.js }\n' +
        'iam:\n  credentials:\n    - { accessKeyId: AKIDLOCALAWSTEST, secretAccessKey: local-secret }\n',
      'src/fn.js': WS_FN,
      'src/auth.js': WS_AUTH,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), text);
    }
    const bundle = require(`${extension().extensionPath}/dist/local.js`) as LocalBundle;
    [local, wsLocal] = await Promise.all([
      bundle.startLocalApi({ specPath: file(`${API}.apigw.yaml`), stage: 'dev', port: 0, watch: false }),
      bundle.startLocalApi({ specPath: file('call-ws.apigw.json'), stage: 'dev', port: 0, watch: false }),
    ]);
    sink = wb.onDidWriteOutput(({ text }) => (outputs += text));
    await vscode.commands.executeCommand('apigw.forgetTokens');
  });

  beforeEach(() => use(new Prompts()));

  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  after(async () => {
    sink?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await localAws.reset(sampleAccount());
    await Promise.all([local?.stop(), wsLocal?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sendLens(title: RegExp): Promise<Sent> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', httpUri());
    const doc = await vscode.workspace.openTextDocument(httpUri());
    const lens = lenses.find(
      (l) => l.command?.command === 'apigw.sendRequest' && title.test(doc.lineAt(l.range.start.line).text),
    );
    assert.ok(
      lens?.command,
      `a Send lens on ${title}: ${lenses.map((l) => doc.lineAt(l.range.start.line).text).join(' | ')}`,
    );
    assert.equal(lens.command.title, '$(play) Send');
    const sent = await vscode.commands.executeCommand<Sent>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.ok(sent, `Send failed: ${JSON.stringify(current?.messages())}`);
    return sent;
  }

  it('writes the request file beside the spec, keeps an edit on update, and Send returns the response document', async () => {
    const specUri = vscode.Uri.file(file(`${API}.apigw.yaml`));
    const written = await vscode.commands.executeCommand<vscode.Uri>('apigw.openRequests', specUri);
    assert.equal(written?.fsPath, httpUri().fsPath);
    // Its language is the extension's HTTP, with its grammar, without REST Client or httpyac installed.
    assert.equal((await vscode.workspace.openTextDocument(httpUri())).languageId, 'http');
    let text = fs.readFileSync(httpUri().fsPath, 'utf8');
    assert.match(text, /^@baseUrl = http:\/\/127\.0\.0\.1:3000\/dev$/m);
    assert.match(text, /^# apigw: GET \/jwt \[[0-9a-f]{8}\]$/m);
    assert.match(text, /^Authorization: Bearer \{\{jwtToken\}\}$|^Authorization: Bearer \{\{\w+\}\}$/m);
    // The user points the file at the running local API and edits one request; an update keeps both.
    text = text.replace('@baseUrl = http://127.0.0.1:3000/dev', `@baseUrl = ${local.url}`);
    text = text.replace('GET {{baseUrl}}/echo/{{id}}', 'GET {{baseUrl}}/echo/{{id}}\nX-Mine: kept');
    // Through the editor that Open Requests for Spec opened, as a user types (a write behind its back races its reload).
    const open = await vscode.workspace.openTextDocument(httpUri());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(httpUri(), new vscode.Range(0, 0, open.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await open.save());
    await vscode.commands.executeCommand('apigw.openRequests', specUri, { routeKey: 'GET /echo/{id}' });
    const after = fs.readFileSync(httpUri().fsPath, 'utf8');
    assert.ok(after.includes(`@baseUrl = ${local.url}`) && after.includes('X-Mine: kept'), after);
    assert.match(
      vscode.window.activeTextEditor?.document.lineAt(vscode.window.activeTextEditor.selection.active.line).text ?? '',
      /^GET \{\{baseUrl\}\}\/echo/,
    );

    const before = local.requests().length;
    const sent = await sendLens(/^GET \{\{baseUrl\}\}\/echo/);
    assert.equal(local.requests().length, before + 1);
    assert.equal(sent.result.response.status, 200);
    const shown = sent.response.getText();
    assert.equal(sent.response.uri.scheme, 'apigw-response');
    // Coloured by the response grammar; the change of language kept what its lenses need.
    assert.equal(sent.response.languageId, 'apigw-http-response');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      sent.response.uri,
    );
    assert.ok(lenses.some((l) => l.command?.command === 'apigw.showCallHistory'));
    assert.match(
      shown,
      /^HTTP\/1\.1 200 OK · \d+ B\n(DNS .* · )?connect .* · first byte .* · total .*\nRequest id: \S+\nRoute: GET \/echo\/\{id\} · call-host · local \(dev\)/,
    );
    assert.match(shown, /^ {2}X-Mine: kept$/m);
    assert.match(shown, /^\{\n {2}"path": "\/dev\/echo\/1"/m);
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document === sent.response),
      'shown beside the request',
    );

    // The local API's requests are not in CloudWatch Logs: no Show Logs lens on its responses, only the history.
    const onLocal = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      sent.response.uri,
    );
    assert.deepEqual(
      onLocal.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]),
      [['$(history) Call History of This Route', 'apigw.showCallHistory', [{ route: 'call-host GET /echo/{id}' }]]],
    );
    // That route's history only: this call, and the way to clear it.
    let offered: string[] = [];
    use(new Prompts({ pick: (items) => ((offered = items.map((i) => i.label)), undefined) }));
    await vscode.commands.executeCommand('apigw.showCallHistory', ...onLocal[0]!.command!.arguments!);
    assert.deepEqual(offered, [
      '200 call-host GET /echo/{id}',
      '$(clear-all) Clear Call History of call-host GET /echo/{id}',
    ]);
    // Call Route above each route key of the spec opens the same file at that route.
    // Resolved as VS Code resolves the lenses it shows: a route's command is filled in then.
    const specLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      specUri,
      100,
    );
    const callLenses = specLenses.filter((l) => l.command?.command === 'apigw.openRequests');
    assert.deepEqual(
      callLenses.map((l) => [l.command!.title, (l.command!.arguments![1] as { routeKey: string }).routeKey]),
      [
        ['$(play) Call Route', 'GET /echo/{id}'],
        ['$(play) Call Route', 'GET /jwt'],
        ['$(play) Call Route', 'GET /boom'],
        ['$(play) Call Route', 'GET /slow'],
        ['$(play) Call Route', 'POST /iam'],
      ],
    );
    // Each above its own key, placed by the engine's outline (from its worker).
    const specDoc = await vscode.workspace.openTextDocument(specUri);
    assert.equal(specDoc.getText(callLenses[1]!.range).replace(/["']/g, ''), 'GET /jwt');
    await vscode.commands.executeCommand('apigw.openRequests', ...callLenses[1]!.command!.arguments!);
    const at = vscode.window.activeTextEditor!;
    assert.equal(at.document.uri.fsPath, httpUri().fsPath);
    assert.equal(at.document.lineAt(at.selection.active.line).text, 'GET {{baseUrl}}/jwt');

    // Send to…: the file's @baseUrl lines, the active one first.
    const lensesNow = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      httpUri(),
    );
    const to = lensesNow.find((l) => l.command?.title === 'Send to…')!;
    let targets: string[] = [];
    use(
      new Prompts({
        pick: (items) => ((targets = items.map((i) => i.label)), items.find((i) => i.label === local.url)),
      }),
    );
    const viaPick = await vscode.commands.executeCommand<Sent>(to.command!.command, ...to.command!.arguments!);
    assert.deepEqual(targets, [local.url, 'http://127.0.0.1:3000/dev']);
    assert.equal(viaPick?.result.response.status, 200);

    const boom = await sendLens(/^GET \{\{baseUrl\}\}\/boom/);
    assert.equal(boom.result.response.status, 500);
    assert.match(boom.response.getText(), /^HTTP\/1\.1 500 Internal Server Error/);
  });

  it('gives Call Route lenses for the routes on screen and near them, and follows a scroll', async () => {
    const routes = Array.from({ length: 1000 }, (_, i) => `  GET /r${i}:\n    integration: fn\n`).join('');
    const text =
      'version: 1\napi:\n  name: many\n  protocol: HTTP\nintegrations:\n  fn:\n    type: HTTP_PROXY\n' +
      `    uri: https://backend.example.com\nroutes:\n${routes}`;
    const uri = vscode.Uri.file(file('many.apigw.yaml'));
    fs.writeFileSync(uri.fsPath, text);
    const editor = await vscode.window.showTextDocument(uri);
    const lensLines = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))
        .map((l) => l.range.start.line)
        .filter((line) => line >= 9);
    let changes = 0;
    const watching = wb.calls.routeLens.onDidChangeCodeLenses(() => changes++);
    try {
      const lastLine = 9 + 2 * 999;
      // Once the editor is laid out: the first routes' lenses, not the last route's, far below the screen.
      const top = await waitFor('the lenses at the top', async () => {
        const lines = await lensLines();
        return lines[0] === 9 && !lines.includes(lastLine) && lines;
      });
      assert.ok(top.length < 1000, `${top.length} lenses, not one per route of the file`);

      // Scrolled to the end: the last route's lens, and VS Code told to ask again for the lenses it shows.
      editor.revealRange(new vscode.Range(lastLine, 0, lastLine, 0), vscode.TextEditorRevealType.AtTop);
      const bottom = await waitFor('the lenses at the end', async () => {
        const lines = await lensLines();
        return lines.includes(lastLine) && lines;
      });
      assert.ok(!bottom.includes(9), 'not the first, now far above');
      await waitFor('VS Code told the lenses changed', () => changes > 0);
    } finally {
      watching.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('asks a JWT once in a password box, keeps it in SecretStorage, and never shows it; Forget Saved Tokens asks again', async () => {
    const p = use(new Prompts({ input: () => jwt, pick: (items) => items[0] }));
    const first = await sendLens(/^GET \{\{baseUrl\}\}\/jwt/);
    assert.equal(first.result.response.status, 200, first.response.getText());
    assert.equal(p.inputs.length, 1);
    assert.equal(p.inputs[0]!.password, true);
    assert.match(p.inputs[0]!.prompt, /issuer\.call-host\.test/);
    // The echo handler returns the Authorization header it got: the route received the token…
    assert.equal(JSON.parse(Buffer.from(first.result.response.body).toString('utf8')).authorization, `Bearer ${jwt}`);
    // …and nothing shown has it: the response document, the status texts, the output channels.
    const signature = jwt.split('.')[2]!;
    const second = await sendLens(/^GET \{\{baseUrl\}\}\/jwt/);
    assert.equal(second.result.response.status, 200);
    assert.equal(p.inputs.length, 1, 'the saved token is used without asking');
    const history = await vscode.commands.executeCommand<{
      url: string;
      requestHeaders: Array<[string, string]>;
      bodyPreview?: string;
    }>('apigw.showCallHistory');
    assert.ok(history, 'the newest call is in the history');
    const historyDoc = vscode.window.activeTextEditor?.document.getText() ?? '';
    for (const [what, text] of [
      ['response', first.response.getText() + second.response.getText()],
      ['prompts', JSON.stringify(p.shown)],
      ['outputs', outputs],
      ['history', JSON.stringify(history) + historyDoc],
    ] as const) {
      assert.ok(!text.includes(signature), `the token is not in the ${what}`);
    }
    assert.match(first.response.getText(), /^ {2}Authorization: \[redacted\]$/m);
    assert.deepEqual(
      history.requestHeaders.find(([k]) => k.toLowerCase() === 'authorization'),
      ['Authorization', '[redacted]'],
    );

    const n = await vscode.commands.executeCommand<number>('apigw.forgetTokens');
    assert.equal(n, 1);
    await sendLens(/^GET \{\{baseUrl\}\}\/jwt/);
    assert.equal(p.inputs.length, 2, 'asked again after Forget Saved Tokens');
  });

  it("signs a local API's AWS_IAM routes with SigV4 and its mapping file's keys, not the profile's", async () => {
    const sent = await sendLens(/^POST \{\{baseUrl\}\}\/iam/);
    // The local API accepts only the mapping file's key, which no profile has: signed with the profile's, it is a 403.
    assert.equal(sent.result.response.status, 200, sent.response.getText());
    const text = sent.response.getText();
    assert.doesNotMatch(text, /only-in-this-mapping/);
    assert.match(text, /^ {2}authorization: \[redacted\]$/m);
    assert.match(text, /^ {2}x-amz-date: \d{8}T\d{6}Z$/m);
    assert.ok(!/Signature=/.test(text), 'the signature is not shown');
  });

  // A file written for REST Client, kept apart from any spec: no @baseUrl (each request names its URL, one through a
  // file variable), a request variable read from a named request's response, Basic credentials written in the clear
  // and a comment line inside a body, as REST Client takes them.
  it('Send All Requests sends every request in file order, each reading the ones before; the status bar counts them', async () => {
    const all = file('rest-client/all.http');
    fs.mkdirSync(path.dirname(all), { recursive: true });
    const base = `http://127.0.0.1:${local.port}`;
    fs.writeFileSync(
      all,
      [
        '### first',
        '# @name first',
        `GET ${base}/dev/echo/one`,
        '',
        '### reads the first',
        `GET ${base}/dev/echo/two`,
        'Authorization: Bearer {{first.response.body.$.path}}',
        '',
        '### a socket, left out',
        `WEBSOCKET ws://127.0.0.1:${local.port}/dev`,
        '',
        '### the last',
        `GET ${base}/dev/nowhere`,
        '',
      ].join('\n'),
    );
    const before = local.requests().length;
    const sent = await vscode.commands.executeCommand<Sent[]>('apigw.sendAllRequests', {
      uri: vscode.Uri.file(all).toString(),
    });
    assert.deepEqual(
      sent.map((s) => [s.result.shown.url.replace(base, ''), s.result.response.status]),
      [
        ['/dev/echo/one', 200],
        ['/dev/echo/two', 200],
        ['/dev/nowhere', 404],
      ],
    );
    const second = JSON.parse(Buffer.from(sent[1]!.result.response.body).toString('utf8')) as { authorization: string };
    assert.equal(second.authorization, 'Bearer /dev/echo/one');
    assert.equal(local.requests().length, before + 3);
    const status = current!.shown.filter((m) => m.kind === 'status').at(-1)?.text ?? '';
    assert.match(
      status,
      /^Sent 3 of 3 requests of .*all\.http: 2 × 2xx, 1 × 4xx \(1 WebSocket left out: Connect opens it\)$/,
    );
  });

  // Named `.rest`, REST Client's other extension: the HTTP language, its lenses and Send as for `.http`.
  it('sends a REST Client file without @baseUrl: request variables, Basic credentials, comments out of the body', async () => {
    const rest = file('rest-client/requests.rest');
    fs.mkdirSync(path.dirname(rest), { recursive: true });
    const base = `http://127.0.0.1:${local.port}`;
    fs.writeFileSync(
      rest,
      [
        `@host = ${base}`,
        '',
        '### Uses the login',
        'GET {{host}}/dev/echo/me',
        'Authorization: Bearer {{login.response.body.$.path}}',
        '',
        '###',
        '# @name login',
        `GET ${base}/dev/echo/login`,
        '',
        '###',
        `GET ${base}/dev/echo/basic`,
        'Authorization: Basic ann:s3cret',
        'Content-Type: application/json',
        '',
        '{"a": 1}',
        '# a note for whoever reads the file, not for the API',
        '',
      ].join('\n'),
    );
    const uri = vscode.Uri.file(rest).toString();
    assert.equal((await vscode.workspace.openTextDocument(vscode.Uri.file(rest))).languageId, 'http');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      vscode.Uri.file(rest),
    );
    assert.deepEqual(
      [...new Set(lenses.filter((l) => l.command?.command === 'apigw.sendRequest').map((l) => l.range.start.line))],
      [3, 8, 11],
    );
    const send = (line: number) => vscode.commands.executeCommand<Sent>('apigw.sendRequest', { uri, line });
    const echoed = (sent: Sent | undefined) =>
      JSON.parse(Buffer.from(sent!.result.response.body).toString('utf8')) as { path: string; authorization: string };
    assert.equal(await send(3), undefined, 'before login was sent');
    assert.match(current!.messages('error')[0]?.text ?? '', /reads what the request named login sent or got back/);
    assert.equal(echoed(await send(8)).path, '/dev/echo/login');
    assert.deepEqual(echoed(await send(3)), { path: '/dev/echo/me', authorization: 'Bearer /dev/echo/login' });
    const basic = await send(11);
    assert.equal(echoed(basic).authorization, `Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    const served = local as unknown as { request(id: string): { invocations: Array<{ event: { body: string } }> } };
    assert.equal(served.request(basic!.result.response.requestId!).invocations[0]!.event.body, '{"a": 1}');
  });

  // REST Client's `# @note` asks before the request is sent; its `< path` body files are looked for beside the request
  // file, then in the workspace folder (REST Client's two places).
  it('a # @note request is sent once confirmed; a < path body beside the file, else in the workspace folder', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const sub = path.join(folder, 'note-requests');
    const atRoot = path.join(folder, 'note-body.json');
    const base = `http://127.0.0.1:${local.port}`;
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(atRoot, '{"from": "the workspace folder"}');
    fs.writeFileSync(path.join(sub, 'beside.json'), '{"from": "beside"}');
    const req = path.join(sub, 'note.http');
    fs.writeFileSync(
      req,
      [
        '# @name wipe',
        '# @note wipes everything',
        `GET ${base}/dev/echo/wipe`,
        'Content-Type: application/json',
        '',
        '< ./note-body.json',
        '',
        '###',
        `GET ${base}/dev/echo/beside`,
        'Content-Type: application/json',
        '',
        '< ./beside.json',
        '',
      ].join('\n'),
    );
    const served = local as unknown as { request(id: string): { invocations: Array<{ event: { body: string } }> } };
    const bodyOf = (sent: Sent | undefined) =>
      served.request(sent!.result.response.requestId!).invocations[0]!.event.body;
    try {
      const uri = vscode.Uri.file(req).toString();
      const send = (line: number) => vscode.commands.executeCommand<Sent>('apigw.sendRequest', { uri, line });
      const before = local.requests().length;
      const refused = use(new Prompts({ confirm: () => false }));
      assert.equal(await send(2), undefined);
      assert.deepEqual(
        refused.shown.filter((s) => s.kind === 'confirm').map((s) => [s.text, s.verb, s.detail]),
        [['Send the request wipe?', 'Send', 'wipes everything']],
      );
      assert.equal(local.requests().length, before, 'not sent');
      use(new Prompts({ confirm: () => true }));
      assert.equal(bodyOf(await send(2)), '{"from": "the workspace folder"}');
      assert.equal(bodyOf(await send(8)), '{"from": "beside"}');
    } finally {
      fs.rmSync(sub, { recursive: true, force: true });
      fs.rmSync(atRoot, { force: true });
    }
  });

  // Variables from outside the file, as REST Client and JetBrains users keep them: the REST Client setting (in the
  // workspace's settings here) under JetBrains' env files beside the request file, the private file's value over
  // the public one's; an environment chosen with Switch Request Environment; a `# @prompt` answered in a hidden box;
  // a cURL command sent like any request, the options it leaves out said.
  it('request environments, a # @prompt and a cURL command, as REST Client and JetBrains users write them', async () => {
    const base = `http://127.0.0.1:${local.port}`;
    const settingsFile = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '.vscode', 'settings.json');
    const before = fs.existsSync(settingsFile.fsPath) ? fs.readFileSync(settingsFile.fsPath, 'utf8') : undefined;
    const settings = { ...(before ? (JSON.parse(before) as object) : {}) };
    const environments = { $shared: { shared: 's' }, one: { host: 'http://overridden.invalid' } };
    fs.mkdirSync(path.dirname(settingsFile.fsPath), { recursive: true });
    fs.writeFileSync(
      settingsFile.fsPath,
      JSON.stringify({ ...settings, 'rest-client.environmentVariables': environments }),
    );
    const envs = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(file(`envs/${rel}`)), { recursive: true });
      fs.writeFileSync(file(`envs/${rel}`), text);
    };
    envs('http-client.env.json', JSON.stringify({ one: { host: base, which: 'public' } }));
    envs('http-client.private.env.json', JSON.stringify({ one: { which: 'private' } }));
    envs(
      'requests.http',
      [
        '### with an environment',
        '# @prompt token The token to send',
        'GET {{host}}/dev/echo/{{which}}-{{shared}}',
        'Authorization: Bearer {{token}}',
        '',
        '###',
        "curl -sk '{{host}}/dev/echo/curl' -H 'Authorization: Bearer c' -o out.json",
        '',
      ].join('\n'),
    );
    try {
      await waitFor('the REST Client setting', () =>
        vscode.workspace.getConfiguration('rest-client').get('environmentVariables'),
      );
      const doc = await vscode.workspace.openTextDocument(file('envs/requests.http'));
      await vscode.window.showTextDocument(doc);
      const uri = doc.uri.toString();
      const send = (line: number) => vscode.commands.executeCommand<Sent>('apigw.sendRequest', { uri, line });
      await vscode.commands.executeCommand('apigw.switchRequestEnvironment', { name: '' });
      assert.equal(wb.calls.environments.text, '$(server-environment) No Environment');
      use(new Prompts({ input: () => 'typed-in-a-box' }));
      assert.equal(await send(2), undefined);
      assert.match(current!.messages('error')[0]?.text ?? '', /uses \{\{host\}\}, which has no value/);

      let offered: string[] = [];
      use(
        new Prompts({
          pick: (items) => {
            offered = items.map((i) => `${i.label}: ${i.description ?? ''}`);
            return items.find((i) => i.label === 'one');
          },
        }),
      );
      assert.equal(await vscode.commands.executeCommand('apigw.switchRequestEnvironment'), 'one');
      assert.deepEqual(offered, [
        'No Environment: $shared variables only',
        'one: REST Client settings, http-client.env.json',
      ]);
      assert.equal(wb.calls.environments.text, '$(server-environment) one');

      const p = use(new Prompts({ input: () => 'typed-in-a-box' }));
      const sent = await send(2);
      const echoed = JSON.parse(Buffer.from(sent!.result.response.body).toString('utf8')) as Record<string, string>;
      assert.deepEqual(echoed, { path: '/dev/echo/private-s', authorization: 'Bearer typed-in-a-box' });
      assert.deepEqual(
        p.inputs.map((i) => [i.prompt, i.password]),
        [['The token to send', true]],
      );
      assert.ok(!JSON.stringify(sent!.result.shown).includes('typed-in-a-box'), 'a hidden answer is not shown');

      use(new Prompts());
      const curl = await send(7);
      assert.equal(JSON.parse(Buffer.from(curl!.result.response.body).toString('utf8')).path, '/dev/echo/curl');
      const status = current!.shown.filter((m) => m.kind === 'status').at(-1)?.text ?? '';
      assert.match(status, /cURL options not applied: -k, -o out\.json/);

      // `{{` completes every variable a request can use, with environment one active; a secret's value never shows.
      const line = doc.lineAt(2).text;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(2, line.indexOf('{{') + 2),
        '{',
      );
      const items = new Map(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i]));
      for (const name of ['host', 'which', 'shared', 'token', 'baseUrl', '$guid', '$randomInt', '$datetime'])
        assert.ok(items.has(name), `${name} is offered: ${[...items.keys()].join(', ')}`);
      assert.equal(items.get('host')!.detail, base);
      assert.equal(items.get('which')!.detail, '•••• (secret: not shown)');
      // Markdown as written, its escapes taken out (appendText writes spaces as &nbsp;).
      const plain = (md: string) => md.replace(/\\(.)/g, '$1').replace(/&nbsp;/g, ' ');
      const docs = (i: vscode.CompletionItem) => plain((i.documentation as vscode.MarkdownString).value);
      assert.match(docs(items.get('which')!), /secret: not shown/);
      assert.doesNotMatch(docs(items.get('which')!), /```text\nprivate/);
      assert.match(docs(items.get('shared')!), /environment one \(REST Client\)/);
      const hover = async (name: string): Promise<string> => {
        const at = new vscode.Position(2, line.indexOf(`{{${name}}}`) + 3);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
        return plain(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'));
      };
      assert.match(await hover('which'), /environment variable · environment one \(http-client\.private\.env\.json\)/);
      assert.doesNotMatch(await hover('which'), /```text\nprivate/);
      // Go to Definition on the request's prompt variable: its `# @prompt` line; on an environment variable, its key
      // in the file or the workspace settings that give its value.
      const definition = async (line: number, name: string) =>
        vscode.commands.executeCommand<vscode.Location[]>(
          'vscode.executeDefinitionProvider',
          doc.uri,
          new vscode.Position(line, doc.lineAt(line).text.indexOf(`{{${name}}}`) + 3),
        );
      assert.deepEqual(
        (await definition(3, 'token')).map((l) => [l.range.start.line, l.range.start.character]),
        [[1, 10]],
      );
      const at = async (line: number, name: string) =>
        (await definition(line, name)).map((l) => [
          path.relative(file(''), l.uri.fsPath),
          l.range.start.line,
          l.range.start.character,
          l.range.end.character - l.range.start.character,
        ]);
      assert.deepEqual(await at(2, 'host'), [[path.join('envs', 'http-client.env.json'), 0, 8, 6]]);
      assert.deepEqual(await at(2, 'which'), [[path.join('envs', 'http-client.private.env.json'), 0, 8, 7]]);
      const settingsText = fs.readFileSync(settingsFile.fsPath, 'utf8');
      assert.deepEqual(
        (await definition(2, 'shared')).map((l) => [l.uri.fsPath, l.range.start.line, l.range.start.character]),
        [[settingsFile.fsPath, 0, settingsText.indexOf('"shared"')]],
      );
      assert.match(
        await hover('host'),
        new RegExp(`http-client\\.env\\.json\\)[\\s\\S]*${base.replace(/\./g, '\\.')}`),
      );
    } finally {
      await vscode.commands.executeCommand('apigw.switchRequestEnvironment', { name: '' });
      if (before === undefined) fs.rmSync(settingsFile.fsPath);
      else fs.writeFileSync(settingsFile.fsPath, before);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('sends under a progress notification with Cancel; cancelling ends the call quietly', async () => {
    const progress: Array<{ title: string; cancellable: boolean }> = [];
    const p = new Prompts();
    const fake = Object.assign(p, {
      progress: async <T>(
        o: { title: string },
        task: (r: { report(m: string): void }) => Promise<T>,
        cancel?: () => void,
      ): Promise<T> => {
        progress.push({ title: o.title, cancellable: cancel !== undefined });
        // The user presses Cancel while the handler never answers (before or after the request left: either way
        // the call ends as cancelled).
        setTimeout(() => cancel?.(), 200);
        return task({ report: () => undefined });
      },
    });
    use(fake);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', httpUri());
    const doc = await vscode.workspace.openTextDocument(httpUri());
    const slow = lenses.find((l) => doc.lineAt(l.range.start.line).text === 'GET {{baseUrl}}/slow')!;
    const r = await vscode.commands.executeCommand(slow.command!.command, ...slow.command!.arguments!);
    assert.equal(r, undefined);
    assert.deepEqual(progress, [{ title: 'Sending GET /slow to local (dev)…', cancellable: true }]);
    assert.deepEqual(p.messages(), [], 'a cancelled call is not a failure');
  });

  it('is refused in Restricted Mode before anything is sent', async () => {
    const fake = new Prompts();
    const before = local.requests().length;
    const doc = await vscode.workspace.openTextDocument(httpUri());
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('GET {{baseUrl}}/echo'));
    const r = await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.sendRequest', {
      uri: httpUri().toString(),
      line,
    });
    assert.equal(r, undefined);
    assert.equal(local.requests().length, before, 'no request reached the local API');
    assert.match(fake.messages('warning')[0]?.text ?? '', /Send Request .*(Restricted Mode|trust)/i);
  });

  it('marks what Send would refuse as the file is written, and the quick fix writes the name meant', async () => {
    const uri = vscode.Uri.file(file('problems.http'));
    const text = [
      '# @name login',
      'POST {{baseUrl}}/echo/login',
      '',
      '###',
      'GET {{baseUrl}}/echo/{{$guidd}}',
      'Authorization: Bearer {{logn.response.body.$.token}}',
      'X-Home: {{$processEnv HOME}}',
      'X-Fine: {{user}} {{$randomInt 1 9}}',
      '',
    ].join('\n');
    fs.writeFileSync(uri.fsPath, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'apigw-http');
    const marked = await waitFor('the request file problems', () => (ours().length === 3 ? ours() : undefined));
    assert.deepEqual(
      marked.map((d) => [d.range.start.line, doc.getText(d.range), d.severity]),
      [
        [4, '$guidd', vscode.DiagnosticSeverity.Warning],
        [5, 'logn.response.body.$.token', vscode.DiagnosticSeverity.Warning],
        [6, '$processEnv HOME', vscode.DiagnosticSeverity.Warning],
      ],
    );
    assert.match(marked[1]!.message, /No request of this file is named logn.* Did you mean 'login'\?$/);
    const fix = await waitFor('the quick fix', async () => {
      const actions = await vscode.commands
        .executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, marked[0]!.range)
        .then(
          (a) => a,
          () => [],
        );
      return actions.find((a) => a.title === "Change to '$guid'");
    });
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
    assert.equal(doc.lineAt(4).text, 'GET {{baseUrl}}/echo/{{$guid}}');
    await waitFor('the fixed line unmarked', () => (ours().length === 2 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("Show Logs for This Request prints that request's access and Lambda lines, not another request's", async () => {
    await localAws.reset({
      ...sampleAccount(),
      apis: [
        ...sampleAccount().apis!,
        {
          name: API,
          protocolType: 'HTTP',
          apiEndpoint: `http://127.0.0.1:${local.port}`,
          integrations: [
            {
              ref: 'echo',
              integrationType: 'AWS_PROXY',
              integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:call-echo',
              payloadFormatVersion: '2.0',
            },
          ],
          routes: [{ routeKey: 'GET /echo/{id}', integration: 'echo' }],
          stages: [
            {
              stageName: 'dev',
              accessLogSettings: {
                destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/access/call-host',
                format: '{}',
              },
            },
          ],
        },
      ],
      logGroups: ['/access/call-host', '/aws/lambda/call-echo'].map((logGroupName) => ({
        logGroupName,
        streams: [{ logStreamName: 's' }],
      })),
    });
    // After a deploy, Open Requests for Spec reads the live stages again; Send then uses what it read. The live
    // stage's endpoint is the local API itself: the response is the live stage's, with its log groups.
    await vscode.commands.executeCommand('apigw.openRequests', vscode.Uri.file(file(`${API}.apigw.yaml`)));
    const sent = await sendLens(/^GET \{\{baseUrl\}\}\/echo/);
    assert.match(sent.response.getText(), /^Route: GET \/echo\/\{id\} · call-host · stage dev$/m);
    const id = sent.result.response.requestId!;
    const logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: process.env.APIGW_TEST_LOCALAWS,
      credentials: { accessKeyId: 'AKIDLOCALAWSTEST', secretAccessKey: 'local-secret' },
    });
    const t = Date.now();
    const put = (group: string, messages: string[]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's',
          logEvents: messages.map((message) => ({ timestamp: t, message })),
        }),
      );
    const access = (requestId: string, lambda: string) =>
      JSON.stringify({
        requestId,
        httpMethod: 'GET',
        routeKey: 'GET /echo/{id}',
        status: '200',
        responseLatency: '4',
        integrationRequestId: lambda,
      });
    await put('/access/call-host', [access(id, 'lambda-mine'), access('other-request=', 'lambda-other')]);
    for (const l of ['lambda-mine', 'lambda-other'])
      await put('/aws/lambda/call-echo', [
        `START RequestId: ${l} Version: $LATEST`,
        `${new Date(t).toISOString()}\t${l}\tINFO\thandled by ${l}`,
        `END RequestId: ${l}`,
        `REPORT RequestId: ${l}\tDuration: 2.00 ms`,
      ]);
    logs.destroy();

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      sent.response.uri,
    );
    const lens = lenses.find((l) => l.command?.command === 'apigw.showRequestLogs');
    assert.equal(lens?.command?.title, '$(output) Show Logs for This Request');
    const start = outputs.length;
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    const printed = await waitFor(
      'the request logs',
      () => outputs.slice(start).includes('handled by') && outputs.slice(start),
    );
    assert.match(
      printed,
      new RegExp(`── request ${id.replace(/[=+/]/g, '\\$&')} · GET /echo/\\{id\\} · call-host/dev ──`),
    );
    assert.match(printed, /access .*GET .*\/echo\/\{id\} .*200/);
    assert.match(printed, /call-echo .*handled by lambda-mine/);
    assert.ok(!printed.includes('lambda-other') && !printed.includes('other-request='), printed);
  });

  it('a WebSocket session in a terminal: connects through the $connect authorizer, sends a typed line and a route template, prints the replies', async () => {
    const apis = sampleAccount().apis!;
    await localAws.reset({
      ...sampleAccount(),
      apis: [
        ...apis,
        {
          name: 'call-ws',
          protocolType: 'WEBSOCKET',
          routeSelectionExpression: '$request.body.action',
          apiEndpoint: `ws://127.0.0.1:${wsLocal.port}`,
          integrations: [
            {
              ref: 'fn',
              integrationType: 'AWS_PROXY',
              integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:wsfn',
            },
          ],
          authorizers: [
            {
              ref: 'tok',
              name: 'tok',
              authorizerType: 'REQUEST',
              identitySource: ['route.request.querystring.token'],
              authorizerUri:
                'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:wsauth/invocations',
            },
          ],
          routes: [
            { routeKey: '$connect', integration: 'fn', authorizationType: 'CUSTOM', authorizer: 'tok' },
            { routeKey: 'echo', integration: 'fn' },
            { routeKey: 'whoami', integration: 'fn' },
          ],
          stages: [{ stageName: 'dev' }],
        },
      ],
    });
    const session = await (await wb.connection.session()).apigw.apis().next();
    const apiId = session.value!.items.find((a: { Name?: string }) => a.Name === 'call-ws')!.ApiId!;
    const p = use(
      new Prompts({
        input: (o) => (/token/.test(o.prompt) ? 'let-me-in' : undefined),
        pick: (items) => items.find((i) => i.label === 'echo'),
      }),
    );
    let text = '';
    const wrote = wb.calls.sessions.onDidWrite((w) => (text += `${w.text}\n`));
    try {
      const id = await vscode.commands.executeCommand<string>('apigw.connectStage', { apiId, stage: 'dev' });
      assert.match(id ?? '', /^ws-\d+$/);
      assert.equal(p.inputs[0]?.password, true, 'the identity source is asked in a password box');
      await waitFor('the banner', () => text.includes('── connected to'));
      const t = wb.calls.sessions.list().find((s) => s.session.id === id)!;
      assert.ok(t.terminal, 'a terminal of its own');
      // A typed line, as the terminal hands it over.
      t.handleInput('{"action":"echo","text":"typed"}\r');
      await waitFor('the reply to the typed line', () => text.includes('< echo: typed'));
      assert.match(text, /^\d\d:\d\d:\d\d\.\d{3} {2}> \{"action":"echo","text":"typed"\}$/m);
      assert.match(text, /^\d\d:\d\d:\d\d\.\d{3} {2}< echo: typed$/m);
      // Send Message…: the route's template, completed in the input box.
      const sent = await vscode.commands.executeCommand<string>('apigw.sendWsMessage', {
        text: '{"action":"echo","text":"from the template"}',
      });
      assert.equal(sent, '{"action":"echo","text":"from the template"}');
      await waitFor('the reply to the template', () => text.includes('< echo: from the template'));
      assert.deepEqual(t.routes(), ['echo: {"action": "echo"}', 'whoami: {"action": "whoami"}']);
      assert.ok(!text.includes('let-me-in'), 'the identity value is not printed');
      // @connections: a message posted to this session's connection id arrives in its terminal; Disconnect asks.
      await t.submit('{"action":"whoami"}');
      const connectionId = (await waitFor('the connection id', () => /< id: (\S+)/.exec(text) ?? undefined))[1]!;
      const posted = await vscode.commands.executeCommand('apigw.sendToConnection', {
        apiId,
        stage: 'dev',
        connectionId,
        message: 'hello from @connections',
      });
      assert.equal(posted, true, JSON.stringify(p.messages()));
      await waitFor('the posted message', () => text.includes('< hello from @connections'));
      const refused = use(new Prompts({ confirm: () => false }));
      assert.equal(
        await vscode.commands.executeCommand('apigw.disconnectConnection', { apiId, stage: 'dev', connectionId }),
        false,
      );
      assert.deepEqual(refused.asked(), [[`Disconnect connection ${connectionId} from call-ws/dev?`, 'Disconnect']]);
      assert.equal(t.session.state, 'open');
      use(new Prompts({ confirm: () => true }));
      assert.equal(
        await vscode.commands.executeCommand('apigw.disconnectConnection', { apiId, stage: 'dev', connectionId }),
        true,
      );
      await waitFor('the close', () => text.includes('── closed ('));
      assert.equal(wb.calls.sessions.active(), undefined, 'no session left for Send Message…');
      assert.ok(vscode.window.terminals.includes(t.terminal), 'the terminal stays to be read');
    } finally {
      wrote.dispose();
      // An ended session's terminal stays open (its last lines say why): closed here.
      for (const term of vscode.window.terminals) if (term.name.startsWith('WebSocket call-ws')) term.dispose();
    }
  });

  it('Call Route… on a route node opens the request file of the workspace spec of that API, at that route', async () => {
    await localAws.reset(sampleAccount());
    await vscode.commands.executeCommand('apigw.refreshExplorer');
    const route = await node(wb, 'orders-api', 'Routes', 'GET /orders');
    const written = await vscode.commands.executeCommand<vscode.Uri>('apigw.callRoute', route);
    try {
      assert.match(written?.path ?? '', /\/specs\/orders\.http$/);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.path, written!.path);
      assert.equal(editor.document.lineAt(editor.selection.active.line).text, 'GET {{baseUrl}}/orders');
      // The live stages are its targets (the active one first), the local API last.
      const text = editor.document.getText();
      assert.match(text, /^@baseUrl = https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/\w+$/m);
      assert.match(text, /^# @baseUrl = http:\/\/127\.0\.0\.1:3000\/\w+$/m);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      if (written) await vscode.workspace.fs.delete(written);
    }
  });
});
