// UI: "API Gateway: Run Spec Locally" from the command palette in the real workbench: the spec and stage picked,
// requests answered by a Node handler from the workspace, their lines in the Output panel, the URL in the status bar,
// the explorer's Local entry with its routes (the README's screenshot), and Stop from the status bar's menu.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import {
  activityBarItem,
  expandTreeRow,
  openWorkbench,
  outputText,
  runCommand,
  screenshot,
  treeRow,
  waitForText,
  widenSidebar,
  type Workbench,
} from '../support/workbench';

const SPEC = `version: 1
api:
  name: shop-api
  protocol: HTTP
integrations:
  orders-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:orders-\${stageVariables.env}
    payloadFormatVersion: "2.0"
  catalog:
    type: HTTP_PROXY
    uri: https://catalog.example.com/{proxy}
    method: GET
routes:
  GET /orders:
    integration: orders-fn
  GET /orders/{orderId}:
    integration: orders-fn
  POST /orders:
    integration: orders-fn
  GET /catalog/{proxy+}:
    integration: catalog
stages:
  dev:
    variables: { env: dev }
  prod:
    variables: { env: prod }
`;
const MAPPING = `functions:
  orders-\${stageVariables.env}:
    handler: src/orders.js
`;
const HANDLER = `exports.handler = async (event) => {
  const id = event.pathParameters?.orderId;
  if (event.requestContext.http.method === 'POST') return { statusCode: 201, body: JSON.stringify({ id: 'o-43' }) };
  if (id && id !== '42') return { statusCode: 404, body: JSON.stringify({ message: 'no order ' + id }) };
  return id ? { id, total: 42.5 } : [{ id: '42', total: 42.5 }];
};
`;

describe('run spec locally (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  before(async () => {
    env = await uiTestEnv();
    const folder = copyFixtureWorkspace();
    const dir = path.join(folder, 'shop');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'shop.apigw.yaml'), SPEC);
    fs.writeFileSync(path.join(dir, 'shop.apigw.local.yaml'), MAPPING);
    fs.writeFileSync(path.join(dir, 'src', 'orders.js'), HANDLER);
    wb = await openWorkbench(folder, {
      env: env.vars,
      width: 1400,
      height: 640,
      settings: { 'apigw.local.port': 0 },
    });
  });
  after(async () => {
    await wb?.close();
    await env?.dispose();
  });

  it('runs a spec picked from the palette and shows its traffic, its URL and its routes', async () => {
    const { page } = wb;
    const input = page.locator('.quick-input-widget input');
    const pick = async (text: string) => {
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout: 20_000 });
      await input.fill(text);
      await row.click();
    };
    // The spec in the editor: the command runs it without asking which.
    await page.keyboard.press('Control+P');
    await input.waitFor();
    await input.fill('shop.apigw.yaml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'shop.apigw.yaml' }).first().click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'shop-api' }).first().waitFor({ timeout: 15_000 });
    // The workbench lists contributed commands once it has read the extension: try again until it has.
    for (let attempt = 0; ; attempt++) {
      const ok = await runCommand(page, 'API Gateway: Run Spec Locally').then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (attempt === 10) throw new Error('"API Gateway: Run Spec Locally" is not in the command palette');
      await page.keyboard.press('Escape');
    }
    await pick('dev');

    const status = page.locator('.part.statusbar');
    const bar = await waitForText(status, (t) => /shop-api http:\/\/127\.0\.0\.1:\d+\/dev/.test(t), 60_000);
    const url = /http:\/\/127\.0\.0\.1:\d+\/dev/.exec(bar)![0];
    const calls: Array<[string, string, number]> = [
      ['GET', '/orders', 200],
      ['GET', '/orders/42', 200],
      ['POST', '/orders', 201],
      ['GET', '/orders/7', 404],
      ['GET', '/nowhere', 404],
    ];
    for (const [method, p, expected] of calls) {
      const res = await fetch(`${url}${p}`, { method, ...(method === 'POST' ? { body: '{"total":9}' } : {}) });
      assert.equal(res.status, expected, `${method} ${p}`);
    }
    const output = outputText(page);
    const text = (
      await waitForText(output, (t) => /GET\s+\/dev\/nowhere\s+404/.test(t) && /POST\s+\/orders\s+201/.test(t), 30_000)
    ).replace(/\s+/g, ' ');
    assert.match(text, /\d\d:\d\d:\d\d\.\d{3} local GET \/orders\/\{orderId\} 404 \d+ ms \S+/);
    assert.match(text, /orders-dev REPORT RequestId: \S+ Duration: /);

    await activityBarItem(page, 'API Gateway').click();
    await expandTreeRow(page, 'Local: shop-api');
    await treeRow(page, 'GET /orders/{orderId}').waitFor({ timeout: 20_000 });
    const tree = await waitForText(page.locator('#workbench\\.parts\\.sidebar'), (t) =>
      t.includes('→ orders-dev (src/orders.js)'),
    );
    assert.match(tree, /GET \/catalog\/\{proxy\+\}/);
    await widenSidebar(page, 230);
    await page.mouse.move(900, 200);
    await screenshot(page, 'local');

    // The status bar item's menu: Stop.
    await status.locator('[aria-label*="shop-api"]').first().click();
    await pick('Stop');
    await waitForText(status, (t) => !t.includes('shop-api http://'), 20_000);
    await assert.rejects(fetch(`${url}/orders`));
  });
});
