// UI tests: the real workbench in Chromium with the extension under development, asserting what is on screen.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../support/codeServer';
import {
  activityBarItem,
  openWorkbench,
  outputText,
  runCommand,
  screenshot,
  sidebar,
  waitForText,
  type Workbench,
} from '../support/workbench';

describe('workbench', () => {
  let wb: Workbench;
  before(async () => {
    // No AWS profile and no credentials anywhere: the explorer shows its welcome view.
    const none = path.join(REPO_ROOT, 'test-results', 'no-aws-files');
    wb = await openWorkbench(path.join(REPO_ROOT, 'examples'), {
      env: {
        AWS_CONFIG_FILE: path.join(none, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(none, 'credentials'),
        AWS_PROFILE: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the API Gateway view container in the activity bar', async () => {
    const item = activityBarItem(wb.page, 'API Gateway');
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    const text = await waitForText(
      sidebar(wb.page),
      (t) => t.includes('No AWS profile found') && t.includes('Select Profile'),
      30_000,
    );
    assert.match(text, /API GATEWAY/i);
    await screenshot(wb.page, 'activity-bar');
  });

  it('API Gateway: Show Log opens the extension log in the Output panel', async () => {
    await runCommand(wb.page, 'API Gateway: Show Log');
    const text = await waitForText(outputText(wb.page), (t) => /activated in [\d.]+ ms/.test(t));
    assert.match(text, /\[info\] activated in/);
    const channel = await wb.page
      .locator('.part.panel select.monaco-select-box')
      .first()
      .evaluate(
        (el) =>
          (el as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> }).selectedOptions[0]
            ?.textContent ?? '',
      );
    await screenshot(wb.page, 'show-log');
    assert.equal(channel, 'API Gateway Workbench');
  });
});
