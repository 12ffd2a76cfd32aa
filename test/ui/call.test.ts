// UI: calling routes in the real workbench — "Send" above a request of a .http file (written by Open Requests for
// Spec, pointed at the local API serving the spec through real sockets) opens the response beside the request; `{{`
// there lists the variables a request can use; and "Connect to Stage…" opens a WebSocket session in a terminal where
// a typed message gets its reply; what Send would refuse is marked as the file is written (the README's screenshots
// call-response.png, call-variables.png, call-problems.png and ws-session.png).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { sampleAccount } from '../localaws/seed';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import { normalize, openWorkbench, runCommand, screenshot, waitForText, type Workbench } from '../support/workbench';

const SPEC = `version: 1
api: { name: shop-api, protocol: HTTP }
integrations:
  orders-fn: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:orders" }
routes:
  GET /orders/{orderId}: { integration: orders-fn, operationName: getOrder }
  POST /orders: { integration: orders-fn, operationName: createOrder }
stages:
  dev: {}
`;
const ORDERS = `exports.handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ orderId: event.pathParameters?.orderId ?? 'new', status: 'SHIPPED', items: [{ sku: 'TEA-01', qty: 2 }, { sku: 'MUG-07', qty: 1 }], total: 23.5 }),
});`;
const WS_SPEC = JSON.stringify({
  version: 1,
  api: { name: 'chat-demo', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:chatfn' } },
  routes: {
    $connect: { integration: 'fn' },
    sendMessage: { integration: 'fn', routeResponseSelectionExpression: '$default' },
  },
  stages: { dev: {} },
});
const WS_FN = `exports.handler = async (event) => event.requestContext.eventType === 'MESSAGE'
  ? { statusCode: 200, body: JSON.stringify({ from: 'chat-demo', echo: JSON.parse(event.body).text }) } : { statusCode: 200 };`;

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

async function pick(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 20_000 });
  await input.fill(text);
  await row.click();
}

/**
 * The marker widget of the first problem from the file's end that `test` accepts, with its text: Go to Next Problem
 * again until the checks (debounced, in the extension host) have marked it. The squiggles themselves are drawn only
 * on the lines in view.
 */
async function nextProblem(page: Page, test: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const widget = page.locator('.marker-widget');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = Date.now() > deadline;
    await page.keyboard.press('Control+End');
    await runCommand(page, 'Go to Next Problem (Error, Warning, Info)');
    const shown = await waitForText(widget, test, 2_000).catch((err: Error) => {
      if (last) throw err;
    });
    if (shown) return shown;
    await page.keyboard.press('Escape');
  }
}

describe('calling routes (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  let local: LocalApi;
  let wsLocal: LocalApi;
  let folder: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
      fs.writeFileSync(path.join(folder, rel), text);
    };
    write('shop/shop-api.apigw.yaml', SPEC);
    write('shop/shop-api.apigw.local.yaml', 'functions:\n  orders: { handler: src/orders.js }\n');
    write('shop/src/orders.js', ORDERS);
    write('chat/chat-demo.apigw.json', WS_SPEC);
    write('chat/chat-demo.apigw.local.yaml', 'functions:\n  chatfn: { handler: src/fn.js }\n');
    write('chat/src/fn.js', WS_FN);
    // The DOM renderer, so the terminal's text can be read (and the picture is the same).
    write('.vscode/settings.json', JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off' }));
    [local, wsLocal] = await Promise.all([
      startLocalApi({ specPath: path.join(folder, 'shop/shop-api.apigw.yaml'), stage: 'dev', port: 0, watch: false }),
      startLocalApi({ specPath: path.join(folder, 'chat/chat-demo.apigw.json'), stage: 'dev', port: 0, watch: false }),
    ]);
    const seed = sampleAccount();
    seed.apis!.push({
      name: 'chat-demo',
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: '$request.body.action',
      // As an emulator reports it: the stage's endpoint is the local API.
      apiEndpoint: `ws://127.0.0.1:${wsLocal.port}`,
      integrations: [
        {
          ref: 'fn',
          integrationType: 'AWS_PROXY',
          integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:chatfn',
        },
      ],
      routes: [
        { routeKey: '$connect', integration: 'fn' },
        { routeKey: 'sendMessage', integration: 'fn' },
      ],
      stages: [{ stageName: 'dev' }],
    });
    env = await uiTestEnv({ seed });
    wb = await openWorkbench(folder, { env: env.vars, width: 1400, height: 720 });
  });
  after(async () => {
    await wb?.close();
    await env?.dispose();
    await Promise.all([local?.stop(), wsLocal?.stop()]);
  });

  it('Send above a request of the .http file opens the response beside it', async () => {
    const { page } = wb;
    await openFile(page, 'shop-api.apigw.yaml');
    await runCommand(page, 'API Gateway: Open Requests for Spec');
    const httpFile = path.join(folder, 'shop/shop-api.http');
    for (let i = 0; i < 100 && !fs.existsSync(httpFile); i++) await new Promise((r) => setTimeout(r, 200));
    const text = fs.readFileSync(httpFile, 'utf8');
    assert.match(text, /^# apigw: GET \/orders\/\{orderId\} \[[0-9a-f]{8}\]$/m);
    // Point the file at the running local API (what a user does after Run Spec Locally).
    fs.writeFileSync(
      httpFile,
      text.replace(/^@baseUrl = .*$/m, `@baseUrl = ${local.url}`).replace('@orderId = 1', '@orderId = 42'),
    );
    // Open Requests for Spec opened it: the editor follows the change on disk.
    const editor = page.locator('.editor-group-container', {
      has: page.locator('.tab.active', { hasText: 'shop-api.http' }),
    });
    await waitForText(editor.locator('.view-lines'), (t) => t.includes(local.url), 15_000);
    const send = editor.locator('.codelens-decoration a', { hasText: 'Send' }).first();
    await send.waitFor({ timeout: 20_000 });
    await send.click();
    const response = page.locator('.editor-group-container', {
      has: page.locator('.tab.active', { hasText: '200 GET' }),
    });
    const shown = await waitForText(response.locator('.view-lines'), (t) => t.includes('"status": "SHIPPED"'), 30_000);
    assert.match(shown, /HTTP\/1\.1 200 OK/);
    assert.match(shown, /connect .* first byte .* total/);
    assert.match(shown, /Route: GET \/orders\/\{orderId\} · shop-api · local \(dev\)/);
    await response
      .locator('.codelens-decoration a', { hasText: 'Call History of This Route' })
      .waitFor({ timeout: 15_000 });
    await waitForText(page.locator('.notifications-toasts'), (t) => !/Sending/.test(t), 10_000);
    await screenshot(page, 'call-response');
  });

  it('{{ in a request file offers the variables a request can use, with their values', async () => {
    const { page } = wb;
    await openFile(page, 'shop-api.http');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('GET {{');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    const listed = await waitForText(rows, (t) => t.includes('orderId') && t.includes('baseUrl'), 20_000);
    assert.match(listed, /\$guid/);
    await screenshot(page, 'call-variables');
    await page.keyboard.press('Escape');
    await runCommand(page, 'File: Revert File');
  });

  it('what Send would refuse is marked in the request file, with a quick fix for a misspelt name', async () => {
    const { page } = wb;
    const httpFile = path.join(folder, 'shop/shop-api.http');
    const text = fs.readFileSync(httpFile, 'utf8');
    // The request file alone, so that the problem's whole message shows.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'shop-api.http');
    // Written on disk: the editor, not dirty since the revert, follows it.
    fs.writeFileSync(
      httpFile,
      `${text.trimEnd()}\n\n###\n# @name login\nPOST {{baseUrl}}/orders\n\n###\n` +
        'GET {{baseUrl}}/orders/{{$guidd}}\nx-order: {{logn.response.body.$.orderId}}\n',
    );
    const editor = page.locator('.editor-group-container', {
      has: page.locator('.tab.active', { hasText: 'shop-api.http' }),
    });
    await waitForText(editor.locator('.view-lines'), (t) => t.includes('{{logn.'), 15_000);
    const shown = await nextProblem(page, (t) => t.includes('$guidd'));
    assert.match(
      shown,
      /\$guidd is not a system variable, so Send would find no value for it\. Did you mean '\$guid'\?/,
    );
    await screenshot(page, 'call-problems');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to '$guid'" }).first();
    await fix.waitFor({ timeout: 15_000 });
    // The menu focuses the fix; the pointer is blocked while it is open.
    await waitForText(page.locator('.action-widget .monaco-list-row.focused'), (t) => t.includes("Change to '$guid'"));
    await page.keyboard.press('Enter');
    await waitForText(editor.locator('.view-lines'), (t) => t.includes('{{$guid}}') && !t.includes('$guidd'), 15_000);
    await runCommand(page, 'File: Revert File');
    fs.writeFileSync(httpFile, text);
  });

  it('Connect to Stage… opens a WebSocket session in a terminal; a typed message gets its reply', async () => {
    const { page } = wb;
    await runCommand(page, 'API Gateway: Connect to Stage…');
    // Its only stage is taken without asking.
    await pick(page, 'chat-demo');
    const terminal = page.locator('.part.panel .terminal .xterm-rows');
    await waitForText(terminal, (t) => t.includes('── connected to'), 30_000);
    await page.locator('.part.panel .terminal').first().click();
    await page.keyboard.type('{"action":"sendMessage","text":"hello from the editor"}');
    await page.keyboard.press('Enter');
    const seen = await waitForText(
      terminal,
      (t) => /< \{"from":"chat-demo","echo":"hello from the editor"\}/.test(t),
      20_000,
    );
    assert.match(
      normalize(seen),
      /\d\d:\d\d:\d\d\.\d{3} {2}> \{"action":"sendMessage","text":"hello from the editor"\}/,
    );
    await page.keyboard.type('/routes');
    await page.keyboard.press('Enter');
    await waitForText(terminal, (t) => t.includes('sendMessage: {"action": "sendMessage"}'), 10_000);
    await screenshot(page, 'ws-session');
  });
});
