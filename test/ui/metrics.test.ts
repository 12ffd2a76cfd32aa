// UI: "API Gateway: Show Stage Metrics…" in the real workbench against the local AWS service (seeded traffic, a 5xx
// spike, a promotion marker, alarms). The page renders its charts in light and dark themes (the README's
// screenshots), carries the strict CSP, loads nothing from outside the extension, and a selection dragged on a chart
// opens the logs of exactly that window in the Output panel; a custom range and the keyboard work as the mouse does,
// and a refused read's remedy is a button that works.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Frame, Request } from 'playwright-core';
import { minutesAgo } from '../localaws/metricsSeed';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import { metricsAccount } from '../support/metricsSeed';
import { ACCESS_GROUP, accessLine } from '../support/tailSeed';
import {
  normalize,
  openWorkbench,
  outputText,
  runCommand,
  screenshot,
  waitForText,
  type Workbench,
} from '../support/workbench';

const LIGHT = 'Default Light Modern';
const DARK_LABEL = 'Dark Modern';
/** Evaluated in the page (the test compiles without the DOM library). */
const AXIS_COLOR = "getComputedStyle(document.body).getPropertyValue('--vscode-charts-foreground')";

describe('metrics panel (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  let logs: CloudWatchLogsClient;
  const requests: Request[] = [];

  before(async () => {
    env = await uiTestEnv({ seed: metricsAccount() });
    logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: env.localAws.endpoint,
      credentials: { accessKeyId: 'AKIDLOCALAWSTEST', secretAccessKey: 'local-secret' },
    });
    wb = await openWorkbench(copyFixtureWorkspace(), {
      env: env.vars,
      width: 1400,
      height: 900,
      settings: { 'workbench.colorTheme': LIGHT },
    });
    wb.page.on('request', (r) => requests.push(r));
  });
  after(async () => {
    logs?.destroy();
    await wb?.close();
    await env?.dispose();
  });

  /** The frame of our page: webviews sit two iframes deep; ours has the #app element. */
  async function metricsFrame(): Promise<Frame> {
    for (let i = 0; i < 300; i++) {
      for (const f of wb.page.frames()) {
        if (
          await f
            .locator('main#app')
            .count()
            .catch(() => 0)
        )
          return f;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the metrics page did not load');
  }

  async function showStageMetrics(): Promise<void> {
    const { page } = wb;
    const input = page.locator('.quick-input-widget input');
    const row = page.locator('.quick-input-widget .monaco-list-row[aria-label="API Gateway: Show Stage Metrics…"]');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor();
      await input.fill('>API Gateway: Show Stage Metrics');
      if (
        await row
          .first()
          .waitFor({ timeout: 3000 })
          .then(
            () => true,
            () => false,
          )
      )
        break;
      if (attempt === 10) throw new Error('"API Gateway: Show Stage Metrics…" is not in the command palette');
      await page.keyboard.press('Escape');
    }
    await row.first().click();
    for (const text of ['orders-api', 'prod']) {
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
      await pick.waitFor({ timeout: 20_000 });
      await input.fill(text);
      await pick.click();
    }
  }

  it('renders the charts of a stage in light and dark themes, under the CSP, with nothing from outside', async () => {
    const { page } = wb;
    // Close the sidebar: the panel gets the width.
    await page.keyboard.press('Control+B');
    await showStageMetrics();
    const frame = await metricsFrame();
    await frame.locator('.uplot').nth(5).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('figure .uplot').count(), 6);
    assert.match(await frame.locator('h1').innerText(), /Metrics: orders-api · prod/);
    assert.match(await frame.locator('#totals').innerText(), /requests · .*% 5xx · p99 \d+ ms/);
    assert.equal(await frame.locator('#top-routes tbody tr').count(), 4);
    assert.match(await frame.locator('.alarms').innerText(), /ALARM orders-prod-5xx/);
    assert.match(await frame.locator('.markers').innerText(), /promote d1a2b3 by alice/);

    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; script-src 'nonce-[^']+'; style-src /);
    assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
    await screenshot(page, 'metrics-light');

    // The theme changes while the panel is open: the page redraws with the dark theme's colors.
    const lightAxis = await frame.evaluate<string>(AXIS_COLOR);
    await runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input');
    await input.fill(DARK_LABEL);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: DARK_LABEL }).first().waitFor();
    await input.press('Enter');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await frame.locator('body.vscode-dark').waitFor({ timeout: 10_000 });
    await frame.locator('.uplot').nth(5).waitFor();
    const darkAxis = await frame.evaluate<string>(AXIS_COLOR);
    assert.notEqual(darkAxis, lightAxis);
    await screenshot(page, 'metrics-dark');

    // Everything the page loaded came from the extension's dist/ (served by the workbench) or the workbench itself.
    const origin = new URL(wb.server.origin).origin;
    const fromPage = requests.filter((r) => r.frame() === frame || r.frame().parentFrame() === frame);
    const outside = fromPage
      .map((r) => r.url())
      .filter(
        (u) =>
          !u.startsWith(origin) &&
          !/^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\/.+\/dist\/webview-metrics\.(js|css)$/.test(u) &&
          !u.startsWith('data:'),
      );
    assert.deepEqual(outside, [], 'requests that left the extension');
    assert.ok(
      fromPage.some((r) => /webview-metrics\.js$/.test(r.url())),
      'the page bundle was requested by the page',
    );
  });

  it('opens the logs of a window selected on a chart', async () => {
    const { page } = wb;
    const at = (m: number) => minutesAgo(m);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: ACCESS_GROUP,
        logStreamName: 'a',
        logEvents: [
          {
            timestamp: at(30) + 5_000,
            message: accessLine({
              requestId: 'SpikeInWindow=',
              method: 'GET',
              path: '/orders',
              status: 502,
              latencyMs: 900,
            }),
          },
          {
            timestamp: at(3),
            message: accessLine({
              requestId: 'LaterOutside=',
              method: 'GET',
              path: '/orders',
              status: 200,
              latencyMs: 20,
            }),
          },
        ],
      }),
    );
    const frame = await metricsFrame();
    const over = frame.locator('figure[data-chart="errors"] .u-over');
    const box = (await over.boundingBox())!;
    // 3 hours on the axis: from 40 to 20 minutes ago.
    const x = (minutes: number) => box.x + box.width * (1 - minutes / 180);
    const y = box.y + box.height / 2;
    await page.mouse.move(x(40), y);
    await page.mouse.down();
    await page.mouse.move(x(30), y, { steps: 5 });
    await page.mouse.move(x(20), y, { steps: 5 });
    await page.mouse.up();
    const text = (await waitForText(outputText(page), (t) => /── \d+ events? ──/.test(t), 30_000)).replace(/\s+/g, ' ');
    assert.match(text, /orders-api\/prod logs from/);
    assert.match(text, /SpikeInWindow=/);
    assert.doesNotMatch(text, /LaterOutside=/);
    assert.match(await frame.locator('#logs-status').innerText(), /log events? of orders-api\/prod/);
  });

  it('takes a custom range, and opens the logs of a period chosen with the keyboard', async () => {
    const { page } = wb;
    const frame = await metricsFrame();
    const meta = frame.locator('.meta');
    const before = await meta.innerText();
    const custom = { start: minutesAgo(100), end: minutesAgo(40) };
    await frame.locator('#custom-toggle').click();
    await frame.locator('#custom-start').fill(localInput(custom.start));
    await frame.locator('#custom-end').fill(localInput(custom.end));
    await frame.locator('#custom-apply').click();
    await frame.locator('#custom-toggle[aria-pressed="true"]').waitFor();
    await waitForText(meta, (t) => t !== normalize(before) && /period 1 min/.test(t), 30_000);
    await frame.locator('figure[data-chart="errors"] .uplot').waitFor();

    // The last period of the range, two to its left, Enter: that minute's logs.
    await frame.locator('figure[data-chart="errors"] .plot').focus();
    for (const key of ['End', 'ArrowLeft', 'ArrowLeft', 'Enter']) await page.keyboard.press(key);
    // The channel held the dragged selection's twenty minutes: wait for a one-minute window.
    const text = await waitForText(outputText(page), (t) => minutesOf(windowOf(t)) === 1, 30_000);
    const w = windowOf(text)!;
    assert.ok(w.from >= custom.start && w.to < custom.end, `${w.heading} lies within the custom range`);
    assert.ok(custom.end - w.to <= 3 * 60_000, `${w.heading} is two periods before the range's last`);
  });

  it("shows a refused read's remedy as a button, and clicking it runs the remedy (copies the IAM action)", async () => {
    const { page } = wb;
    const frame = await metricsFrame();
    const ids = await env.localAws.control.addFaults([
      { operation: 'GetMetricData', kind: 'error', status: 400, code: 'AccessDeniedException' },
    ]);
    try {
      await frame.locator('#refresh').click();
      const fix = frame.locator('.error #error-fix');
      await fix.waitFor({ timeout: 30_000 });
      assert.match(
        await frame.locator('.error').innerText(),
        /Access denied: profile \S+ may not call cloudwatch:GetMetricData/,
      );
      assert.equal(await fix.innerText(), 'Copy the IAM action cloudwatch:GetMetricData');
      await fix.click();
      await waitForText(page.locator('.part.statusbar'), (t) => /Copied .*cloudwatch:GetMetricData/.test(t), 15_000);
    } finally {
      await env.localAws.control.clearFaults(ids);
    }
    // Read again without the fault: the error gives way to the charts.
    await frame.locator('#refresh').click();
    await frame.locator('.error').waitFor({ state: 'detached', timeout: 30_000 });
    await frame.locator('figure .uplot').first().waitFor();
  });
});

/** `2026-11-30T08:15` in local time, as a datetime-local input takes it. */
function localInput(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The window a logs channel's heading names (local times, as it prints them). */
function windowOf(text: string): { from: number; to: number; heading: string } | undefined {
  const m = /logs from (\S+) (\S+) to (\S+) (\S+)/.exec(text);
  if (!m) return undefined;
  return { from: new Date(`${m[1]}T${m[2]}`).getTime(), to: new Date(`${m[3]}T${m[4]}`).getTime(), heading: m[0] };
}

function minutesOf(w: { from: number; to: number } | undefined): number | undefined {
  return w && Math.round((w.to + 1_000 - w.from) / 60_000);
}
