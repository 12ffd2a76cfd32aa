// UI: deploying a spec in the real workbench against the local AWS service — the stage pick, the plan document beside
// the spec, the typed name of a protected stage, the modal with counts and a verb, the result; then a change shown
// by the CodeLens and Show Plan (the README's screenshots).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import { normalize, openWorkbench, runCommand, screenshot, waitForText, type Workbench } from '../support/workbench';

const SPEC = `version: 1
api:
  name: shop-api
  protocol: HTTP
  description: The shop's public API
integrations:
  items-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:items
  orders-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:orders
routes:
  GET /items:
    integration: items-fn
  POST /orders:
    integration: orders-fn
stages:
  dev:
    autoDeploy: true
  prod:
    protected: true
    throttling: { burstLimit: 100, rateLimit: 100 }
`;

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

/** Progress notifications linger a moment after their work: pictures are taken once they are gone. */
async function progressGone(page: Page): Promise<void> {
  await waitForText(page.locator('.notifications-toasts'), (t) => !/Planning|Deploying/.test(t), 10_000);
}

/** The text of the editor showing the plan (its tab title is "Plan for …"). */
function planEditor(page: Page) {
  return page
    .locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: 'Plan for shop-api' }) })
    .locator('.view-lines');
}

describe('deploy (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  let workspace: string;
  before(async () => {
    env = await uiTestEnv();
    workspace = copyFixtureWorkspace();
    fs.writeFileSync(path.join(workspace, 'shop.apigw.yaml'), SPEC);
    wb = await openWorkbench(workspace, { env: env.vars, width: 1500, height: 900 });
  });
  after(async () => {
    await wb?.close();
    await env?.dispose();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('Deploy Spec…: stage, plan beside the spec, typed name, then a modal that names the API and region', async () => {
    const { page } = wb;
    await openFile(page, 'shop.apigw.yaml');
    await runCommand(page, 'API Gateway: Deploy Spec…');
    const pick = page.locator('.quick-input-widget');
    await waitForText(pick, (t) => t.includes('Deploy shop-api to localaws · us-east-1') && t.includes('prod'), 30_000);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'protected' }).first().click();

    // The protected stage's name, typed.
    await waitForText(pick, (t) => t.includes('Stage prod is protected. Type prod to change it.'), 30_000);
    await page.keyboard.type('prod');
    await page.keyboard.press('Enter');

    // The modal, over the plan document.
    const dialog = page.locator('.monaco-dialog-box');
    const text = await waitForText(
      dialog,
      (t) => t.includes('Apply 7 creates to shop-api in us-east-1 and deploy stage prod?'),
      30_000,
    );
    assert.match(text, /Profile localaws, region us-east-1\. The plan is open beside the spec\./);
    const plan = normalize(await planEditor(page).innerText());
    assert.match(plan, /\+ route GET \/items → items-fn/);
    assert.match(plan, /\+ stage prod \(protected\)/);
    assert.match(plan, /\+ deployment → stage prod \(stage prod is new\)/);
    const button = dialog.locator('.monaco-button', { hasText: 'Deploy to prod' });
    await button.waitFor();
    await progressGone(page);
    await screenshot(page, 'deploy-confirm');
    await button.click();

    const toast = page.locator('.notifications-toasts');
    const done = await waitForText(
      toast,
      (t) => /Applied 7 changes to shop-api in us-east-1 and deployed stage prod/.test(t),
      60_000,
    );
    assert.match(done, /https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/prod/);
    assert.match(done, /Copy URL/);
    await progressGone(page);
    await screenshot(page, 'deploy-done');
  });

  it('after a change, the CodeLens says so when asked, and Show Plan lists the field-level differences', async () => {
    const { page } = wb;
    fs.writeFileSync(
      path.join(workspace, 'shop.apigw.yaml'),
      SPEC.replace('rateLimit: 100 }', 'rateLimit: 200 }').replace(
        '  POST /orders:\n    integration: orders-fn\n',
        '  POST /orders:\n    integration: orders-fn\n  GET /orders/{id}:\n    integration: orders-fn\n',
      ),
    );
    await openFile(page, 'shop.apigw.yaml');
    const lens = page.locator('.monaco-editor .codelens-decoration').first();
    await waitForText(
      page.locator('.monaco-editor .view-lines').first(),
      (t) => t.includes('GET /orders/{id}'),
      15_000,
    );
    await waitForText(lens, (t) => t.includes('Check sync with AWS'), 15_000);
    await lens.locator('a', { hasText: 'Check sync with AWS' }).click();
    await waitForText(lens, (t) => t.includes('2 differences with shop-api (us-east-1) — Show Plan'), 30_000);
    await runCommand(page, 'API Gateway: Show Plan');
    const plan = await waitForText(planEditor(page), (t) => t.includes('~ stage prod'), 30_000);
    assert.match(plan, /\+ route GET \/orders\/\{id\} → orders-fn/);
    assert.match(plan, /~ stage prod: throttling\.rateLimit 100 → 200/);
    assert.match(plan, /Plan: 1 create, 1 update\./);
    await progressGone(page);
    await screenshot(page, 'deploy-plan');
  });
});
