// UI: Promote Stage… from the command palette in the real workbench, against the local AWS service: the quick picks,
// the promotion preview, the typed name of the protected stage (the workspace's spec marks prod protected), the
// modal naming the target, and the explorer showing prod's new deployment and its previous one.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { promotionAccount } from '../localaws/seed';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import {
  activityBarItem,
  expandTreeRow,
  normalize,
  openWorkbench,
  runCommand,
  screenshot,
  sidebar,
  waitForText,
  widenSidebar,
  type Workbench,
} from '../support/workbench';

/** Waits until the editor's Markdown is tokenized (headings coloured), so the screenshot shows it as users see it. */
async function highlighted(page: Page): Promise<void> {
  await page.locator('.editor-instance .view-lines span[class*="mtk"]:not(.mtk1)').first().waitFor({ timeout: 15_000 });
}

/** Picks the quick-pick row whose label contains `text` after typing it. */
async function pick(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  await item.waitFor({ timeout: 15_000 });
  await item.click();
}

describe('promotion (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  before(async () => {
    env = await uiTestEnv({ seed: promotionAccount() });
    wb = await openWorkbench(copyFixtureWorkspace(), { env: env.vars, width: 1400, height: 900 });
  });
  after(async () => {
    await wb?.close();
    await env?.dispose();
  });

  it('promotes dev → prod: preview, typed name, modal naming prod, then the explorer shows the previous deployment', async () => {
    const { page } = wb;
    await activityBarItem(page, 'API Gateway').click();
    await waitForText(sidebar(page), (t) => t.includes('orders-api'), 30_000);
    await widenSidebar(page, 160);
    await expandTreeRow(page, 'orders-api');
    await expandTreeRow(page, 'Stages');
    const before = await waitForText(sidebar(page), (t) => /prod\s*deployment \w{6} ·/.test(t));
    const v1 = /prod\s*deployment (\w{6})/.exec(before)![1]!;
    const v2 = /dev\s*deployment (\w{6})/.exec(before)![1]!;

    await runCommand(page, 'API Gateway: Promote Stage…');
    await pick(page, 'orders-api');
    await pick(page, 'dev');
    await pick(page, 'prod');

    // prod is protected by the workspace's spec: its name first, then the modal.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await waitForText(page.locator('.quick-input-widget'), (t) => t.includes('prod is protected'));
    const editor = page.locator('.editor-instance .view-lines').first();
    const preview = await waitForText(
      editor,
      (t) => t.includes('# Promote dev → prod') && t.includes('stage variable table'),
    );
    assert.match(preview, new RegExp(`prod runs now: \`${v1}\``));
    assert.match(preview, new RegExp(`prod will run: \`${v2}\``));
    await input.fill('prod');
    await highlighted(page);
    await screenshot(page, 'promote-typed-name');
    await input.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const question = normalize(await dialog.innerText());
    assert.match(question, new RegExp(`Promote dev's deployment ${v2} to prod of orders-api \\(us-east-1\\)\\?`));
    const verb = dialog.locator('.monaco-button', { hasText: 'Promote to prod' });
    assert.equal(await verb.count(), 1);
    await screenshot(page, 'promote-preview');
    await verb.click();

    await waitForText(
      page.locator('.notifications-toasts'),
      (t) => t.includes(`prod of orders-api now runs deployment ${v2} (from dev)`),
      30_000,
    );
    const after = await waitForText(
      sidebar(page),
      (t) => new RegExp(`prod\\s*deployment ${v2} \\(previous ${v1}\\)`).test(t),
      20_000,
    );
    assert.match(after, new RegExp(`dev\\s*deployment ${v2}`));
    // The progress notification goes once the update and the history entry are done.
    await waitForText(
      page.locator('.notifications-toasts'),
      (t) => !t.includes('Promote dev → prod of orders-api…'),
      15_000,
    );
    await screenshot(page, 'promote-done');
  });
});
