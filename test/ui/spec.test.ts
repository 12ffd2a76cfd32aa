// Gateway spec files in the real workbench: a spec with mistakes shows its problems, with codes, in the Problems
// panel and as squiggles in the editor (the README's screenshot).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { copyFixtureWorkspace } from '../support/hostEnv';
import { openWorkbench, screenshot, waitForText, type Workbench } from '../support/workbench';

describe('gateway spec files', () => {
  let wb: Workbench;
  let workspace: string;
  before(async () => {
    workspace = copyFixtureWorkspace();
    wb = await openWorkbench(workspace, { width: 1400, height: 860 });
  });
  after(async () => {
    await wb?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("shows a spec's problems in the Problems panel and the editor", async () => {
    const { page } = wb;
    // Quick Open the file.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('problems.apigw.yaml');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'problems.apigw.yaml' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });

    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.part.panel .markers-panel');
    await panel.waitFor({ timeout: 15_000 });
    const text = await waitForText(
      panel,
      (t) => /APIGW200/.test(t) && /APIGW303/.test(t) && /APIGW900/.test(t) && /APIGW100/.test(t),
    );
    assert.match(text, /Unknown integration 'orders-fnn'\. Did you mean 'orders-fn'\?/);
    assert.match(text, /matches the same requests as 'GET \/orders\/\{id\}'/);
    assert.match(text, /must contain \$context\.requestId/);
    // Each problem once: our diagnostics only (source apigw), none from another language service.
    assert.equal((text.match(/Unknown integration 'orders-fnn'/g) ?? []).length, 1);
    assert.equal((text.match(/payloadFormatVersion/g) ?? []).length, 1);
    await screenshot(page, 'spec-problems');
  });
});
