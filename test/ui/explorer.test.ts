// UI: the real workbench with the extension pointed (profile endpoint_url) at the local AWS service: the explorer's
// expanded tree and the status bar item, as the README shows them.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import {
  activityBarItem,
  expandTreeRow,
  openWorkbench,
  screenshot,
  sidebar,
  treeRow,
  waitForText,
  type Workbench,
} from '../support/workbench';

describe('explorer (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  before(async () => {
    env = await uiTestEnv();
    wb = await openWorkbench(copyFixtureWorkspace(), { env: env.vars, height: 900 });
  });
  after(async () => {
    await wb?.close();
    await env?.dispose();
  });

  it('shows profile · region, the APIs and an expanded API with routes and stages', async () => {
    const item = activityBarItem(wb.page, 'API Gateway');
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await waitForText(
      sidebar(wb.page),
      (t) => t.includes('localaws · us-east-1') && t.includes('orders-api') && t.includes('payments-api'),
      30_000,
    );
    await expandTreeRow(wb.page, 'orders-api');
    await expandTreeRow(wb.page, 'Routes');
    await waitForText(sidebar(wb.page), (t) => /POST \/orders\s*JWT → integrations\/\w+/.test(t));
    // Once integrations are loaded, routes name their targets.
    await expandTreeRow(wb.page, 'Integrations');
    await waitForText(
      sidebar(wb.page),
      (t) => /POST \/orders\s*JWT → orders-fn/.test(t) && t.includes('AWS_PROXY · payload 2.0'),
    );
    await expandTreeRow(wb.page, 'Stages');
    const text = await waitForText(sidebar(wb.page), (t) => /prod\s*deployment \w{6}/.test(t));
    await treeRow(wb.page, 'orders-api').hover();
    await wb.page.mouse.move(700, 700);
    assert.match(text, /GET \/orders\/\{id\}/);
    assert.match(text, /dev\s*deployment \w{6} · updated/);
    const status = await waitForText(wb.page.locator('.part.statusbar'), (t) => t.includes('localaws · us-east-1'));
    assert.match(status, /localaws · us-east-1/);
    await screenshot(wb.page, 'explorer');
  });
});
