// UI: "API Gateway: Tail Stage Logs…" from the command palette in the real workbench, against the local AWS service;
// events put with PutLogEvents show up as aligned lines in the Output panel, the status bar counts the tail (the
// README's screenshot).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { copyFixtureWorkspace, type HostTestEnv } from '../support/hostEnv';
import { uiTestEnv } from '../support/uiSession';
import { ACCESS_GROUP, accessLine, FUNCTION_GROUP, tailAccount } from '../support/tailSeed';
import { openWorkbench, outputText, screenshot, waitForText, type Workbench } from '../support/workbench';

describe('live log tail (UI)', () => {
  let env: HostTestEnv;
  let wb: Workbench;
  let logs: CloudWatchLogsClient;
  before(async () => {
    env = await uiTestEnv({ seed: tailAccount() });
    await env.localAws.control.configure({
      liveTail: { intervalMs: 250, maxEventsPerUpdate: 500, maxSessionMs: 3 * 60 * 60 * 1000 },
    });
    logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: env.localAws.endpoint,
      credentials: { accessKeyId: 'AKIDLOCALAWSTEST', secretAccessKey: 'local-secret' },
    });
    wb = await openWorkbench(copyFixtureWorkspace(), { env: env.vars, width: 1400, height: 640 });
  });
  after(async () => {
    logs?.destroy();
    await wb?.close();
    await env?.dispose();
  });

  it('tails a stage picked from the palette into its Output channel', async () => {
    const { page } = wb;
    // The palette does not match a typed "…": type the title without it, click the row by its full label. The
    // workbench lists contributed commands once it has read the extension: try again until it has.
    const input = page.locator('.quick-input-widget input');
    const row = page
      .locator('.quick-input-widget .monaco-list-row[aria-label="API Gateway: Tail Stage Logs…"]')
      .first();
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('F1');
      await input.waitFor();
      await input.fill('>API Gateway: Tail Stage Logs');
      if (
        await row.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      if (attempt === 10) throw new Error('"API Gateway: Tail Stage Logs…" is not in the command palette');
      await page.keyboard.press('Escape');
    }
    await row.click();
    const pick = async (text: string) => {
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
      await row.waitFor({ timeout: 20_000 });
      await input.fill(text);
      await row.click();
    };
    await pick('orders-api');
    await pick('prod');
    // The filter pattern: nothing, to see every event.
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Tail orders-api/prod: filter pattern' })
      .waitFor({ timeout: 20_000 });
    await input.press('Enter');

    const output = outputText(page);
    await waitForText(output, (t) => t.includes('live tail (CloudWatch Logs StartLiveTail)'), 30_000);
    const put = (group: string, stream: string, messages: string[]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: messages.map((message, i) => ({ timestamp: Date.now() + i, message })),
        }),
      );
    await put(ACCESS_GROUP, 'a', [
      accessLine({ requestId: 'Kq3vBh6ZoAMEbQ=', method: 'GET', path: '/orders', status: 200, latencyMs: 41 }),
      accessLine({ requestId: 'Kq3vCjKJIAMEaw=', method: 'POST', path: '/orders', status: 201, latencyMs: 187 }),
    ]);
    await put(FUNCTION_GROUP, 'b', [
      'START RequestId: 8d6f2b1c-4a0e-4f53-9a0b-5e1d3c7f9a21 Version: $LATEST\n',
      '2024-03-12T10:15:30.402Z\t8d6f2b1c-4a0e-4f53-9a0b-5e1d3c7f9a21\tERROR\tOrder 42 not found in table orders\n',
      'END RequestId: 8d6f2b1c-4a0e-4f53-9a0b-5e1d3c7f9a21\n',
    ]);
    const first = (
      await waitForText(output, (t) => /Order 42 not found/.test(t) && t.includes('END RequestId'), 20_000)
    ).replace(/\s+/g, ' ');
    assert.match(first, /\d\d:\d\d:\d\d\.\d{3} access POST \/orders 201 187 ms Kq3vCjKJIAMEaw=/);
    assert.match(first, /orders-fn START RequestId: 8d6f2b1c/);
    // Steady traffic, so the status bar counts events per second (and the picture shows a busy stage).
    const routes: Array<[string, string, number]> = [
      ['GET', '/orders', 200],
      ['GET', '/orders/{id}', 200],
      ['POST', '/orders', 201],
      ['GET', '/orders/{id}', 200],
    ];
    const traffic = (async () => {
      for (let i = 0; i < 8; i++) {
        const [method, path, status] = routes[i % routes.length]!;
        const id = `5e${String(i).padStart(6, '0')}-0c4e-4b7a-8f1d-2a9c7e3b6d10`;
        await put(FUNCTION_GROUP, i % 2 ? 'a' : 'b', [
          `START RequestId: ${id} Version: $LATEST\n`,
          `REPORT RequestId: ${id}\tDuration: ${(12 + (i % 9) * 3.7).toFixed(2)} ms\tBilled Duration: ${13 + (i % 9) * 4} ms\tMax Memory Used: 71 MB\n`,
        ]);
        await put(ACCESS_GROUP, 'a', [
          accessLine({
            requestId: `Kq3vF${String(i).padStart(4, '0')}AMEdA=`,
            method,
            path,
            status,
            latencyMs: 18 + (i % 7) * 5,
          }),
        ]);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const status = await waitForText(page.locator('.part.statusbar'), (t) =>
      /orders-api\/prod · [1-9]\d* ev\/s/.test(t),
    );
    assert.match(status, /orders-api\/prod · [1-9]\d* ev\/s/);
    await traffic;
    await put(ACCESS_GROUP, 'b', [
      accessLine({ requestId: 'Kq3vDhLmIAMEbA=', method: 'GET', path: '/orders/{id}', status: 404, latencyMs: 23 }),
      accessLine({
        requestId: 'Kq3vEwNpoAMEcQ=',
        method: 'DELETE',
        path: '/orders/{id}',
        status: 502,
        latencyMs: 29_012,
        error: 'The Lambda function returned the following error: Task timed out',
      }),
    ]);
    // The panel wraps long lines: compare with whitespace collapsed.
    const text = (
      await waitForText(output, (t) => t.includes('Kq3vEwNpoAMEcQ=') && /Task\s+timed out/.test(t), 20_000)
    ).replace(/\s+/g, ' ');
    assert.match(text, /\d\d:\d\d:\d\d\.\d{3} access GET \/orders\/\{id\} 404 23 ms Kq3vDhLmIAMEbA=/);
    assert.match(
      text,
      /502 29012 ms Kq3vEwNpoAMEcQ= error: The Lambda function returned the following error: Task timed out/,
    );
    assert.match(text, /orders-fn REPORT RequestId: 5e000007/);

    // Room for whole lines in the picture: no side bar, the panel maximised.
    await page.keyboard.press('Control+B');
    await page
      .locator('.part.panel .action-label[aria-label^="Maximize Panel Size"]')
      .first()
      .click()
      .catch(() => undefined);
    await page.mouse.move(700, 300);
    await waitForText(output, (t) =>
      /Kq3vEwNpoAMEcQ= {2}error: The Lambda function returned the following error: Task timed out/.test(t),
    );
    await screenshot(page, 'tail');
  });
});
