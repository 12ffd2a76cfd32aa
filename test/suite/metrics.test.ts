// Metrics inside a real VS Code against the local AWS service (its CloudWatch answers from seeded traffic): the panel
// of a stage and of a route (its page boots under the CSP and receives one view read in one GetMetricData call),
// Turn On Detailed Metrics (modal, write, trust), the logs of a chart window, and the tree at a glance.
import * as assert from 'node:assert/strict';
import { ApiGatewayV2Client, GetStageCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import type { MetricsPanel } from '../../src/vscode/metrics/panel';
import { minutesAgo } from '../localaws/metricsSeed';
import { activateWorkbench, description, localAwsControl, node, tooltip, untrusted, waitFor } from '../support/host';
import { metricsAccount, PROMOTED_MINUTES_AGO } from '../support/metricsSeed';
import { FakePrompts } from '../support/prompts';
import { ACCESS_GROUP, accessLine, FUNCTION_GROUP } from '../support/tailSeed';

const CREDENTIALS = { accessKeyId: 'AKIDLOCALAWSTEST', secretAccessKey: 'local-secret' };

describe('metrics', function () {
  this.timeout(90_000);
  let wb: WorkbenchApi;
  let ordersId = '';
  const localAws = localAwsControl();
  const client = {
    region: 'us-east-1',
    endpoint: process.env.APIGW_TEST_LOCALAWS,
    maxAttempts: 1,
    credentials: CREDENTIALS,
  };
  const apigw = new ApiGatewayV2Client(client);
  const logs = new CloudWatchLogsClient(client);
  let restore: (() => void) | undefined;

  const loaded = (o: { stage?: string; route?: string }) =>
    waitFor(
      `the metrics of ${o.stage}${o.route ? ` ${o.route}` : ''}`,
      () =>
        wb.metrics
          .list()
          .find((p) => p.target.stage === o.stage && p.target.route === o.route && p.data !== undefined && p.pageReady),
      30_000,
    );

  const put = (group: string, events: Array<[number, string]>) =>
    logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
      }),
    );

  before(async () => {
    wb = await activateWorkbench();
  });

  /** When the account was seeded: its markers sit at whole minutes before it, whatever minute the test reads in. */
  let seededAt = 0;

  beforeEach(async () => {
    seededAt = Date.now();
    await localAws.reset(metricsAccount(seededAt));
    for (const p of wb.metrics.list()) p.panel.dispose();
    const session = await wb.connection.session();
    ordersId = (await session.apigw.apis().next()).value!.items.find(
      (a: { Name?: string }) => a.Name === 'orders-api',
    )!.ApiId!;
  });

  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  after(() => {
    for (const p of wb.metrics.list()) p.panel.dispose();
    apigw.destroy();
    logs.destroy();
  });

  it("shows a stage's charts, totals, Top routes, promotion marker and alarms from one GetMetricData call", async () => {
    const title = await vscode.commands.executeCommand<string>('apigw.showStageMetrics', {
      apiId: ordersId,
      stage: 'prod',
      range: '3h',
    });
    assert.equal(title, 'Metrics: orders-api · prod');
    const p: MetricsPanel = await loaded({ stage: 'prod' });
    const d = p.data!;
    assert.deepEqual(
      d.view.charts.map((c) => c.id),
      ['requests', 'errors', 'errorRate', 'latency', 'integrationLatency', 'dataProcessed'],
    );
    assert.equal(d.view.periodSec, 60);
    assert.equal(d.view.grid.length, 180);
    assert.ok(d.view.totals.count! > 0, 'requests over the range');
    assert.equal(d.calls, 1, 'charts, totals and Top routes share one GetMetricData call');
    const gmd = await localAws.calls({ service: 'cloudwatch', operation: 'GetMetricData' });
    assert.equal(gmd.length, 1);
    assert.deepEqual(d.view.routes.map((r) => r.route).sort(), [
      'ANY /legacy/{proxy+}',
      'GET /orders',
      'GET /orders/{id}',
      'POST /orders',
    ]);
    assert.ok(d.view.routeData && d.detailed === 'on');
    assert.equal(d.markers.length, 1);
    assert.equal(d.markers[0]!.label, 'promote d1a2b3 by alice');
    assert.equal(d.markers[0]!.at, minutesAgo(PROMOTED_MINUTES_AGO, seededAt));
    assert.deepEqual(
      d.alarms.map((a) => [a.name, a.state]),
      [['orders-prod-5xx', 'ALARM']],
    );
    // The page runs under the CSP the panel set, with the extension's own bundle.
    assert.ok(p.pageReady);
    const html = p.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src [^;]*; img-src [^;]* data:;/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="[^"]+" src="[^"]+\/dist\/webview-metrics\.js"/);
  });

  it("shows a WebSocket stage's connections, messages, errors and integration latency", async () => {
    const session = await wb.connection.session();
    const chatId = (await session.apigw.apis().next()).value!.items.find(
      (a: { Name?: string }) => a.Name === 'chat',
    )!.ApiId!;
    await vscode.commands.executeCommand('apigw.showStageMetrics', { apiId: chatId, stage: 'production', range: '1h' });
    const p = await loaded({ stage: 'production' });
    assert.deepEqual(
      p.data!.view.charts.map((c) => c.id),
      ['connections', 'messages', 'errors', 'integrationLatency'],
    );
    assert.deepEqual(
      p.data!.view.charts[2]!.series.map((x) => x.key),
      ['integrationErrors', 'clientErrors', 'executionErrors'],
    );
    assert.equal(p.data!.view.grid.length, 60);
    assert.ok(p.data!.view.totals.messages! > 0);
  });

  it("shows a route's metrics within its stage, and the same panel again when asked twice", async () => {
    await vscode.commands.executeCommand('apigw.showRouteMetrics', {
      apiId: ordersId,
      routeKey: 'GET /orders',
      stage: 'prod',
    });
    const p = await loaded({ stage: 'prod', route: 'GET /orders' });
    assert.equal(p.data!.view.scope.route, 'GET /orders');
    assert.ok(p.data!.view.totals.count! > 0);
    assert.deepEqual(p.data!.view.routes, [], 'no Top routes inside a route');
    await vscode.commands.executeCommand('apigw.showRouteMetrics', {
      apiId: ordersId,
      routeKey: 'GET /orders',
      stage: 'prod',
    });
    assert.equal(wb.metrics.list().length, 1);
  });

  it('shows a refused read with its remedy, whose button the panel runs (AccessDenied: copy the IAM action)', async () => {
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    await localAws.addFaults([
      { operation: 'GetMetricData', kind: 'error', status: 400, code: 'AccessDeniedException' },
    ]);
    try {
      await vscode.commands.executeCommand('apigw.showStageMetrics', { apiId: ordersId, stage: 'prod', range: '1h' });
      const p = await waitFor(
        'the refused read',
        () => wb.metrics.list().find((x) => x.target.stage === 'prod' && x.error !== undefined && x.pageReady),
        30_000,
      );
      assert.match(p.error!.message, /Access denied: profile \S+ may not call cloudwatch:GetMetricData/);
      assert.equal(p.error!.fix, 'Copy the IAM action cloudwatch:GetMetricData');
      await p.runFix();
      assert.deepEqual(
        fake.shown.filter((x) => x.kind === 'copy').map((x) => x.text),
        ['cloudwatch:GetMetricData'],
      );
    } finally {
      await localAws.clearFaults();
    }
  });

  it('restores a panel after a reload from the state its page kept; closes one whose state it cannot read', async () => {
    const panel = vscode.window.createWebviewPanel('apigw.metrics', 'restored', vscode.ViewColumn.Active, {});
    const target = { apiId: ordersId, apiName: 'orders-api', protocol: 'HTTP', region: 'us-east-1', stage: 'prod' };
    wb.metrics.restore(panel, { target, preset: '1d', autoRefresh: 0, errorsOnly: true });
    const p = await loaded({ stage: 'prod' });
    assert.equal(p.panel, panel);
    assert.equal(panel.title, 'Metrics: orders-api · prod');
    assert.deepEqual(p.state, { target, preset: '1d', autoRefresh: 0, errorsOnly: true });
    assert.equal(p.data!.view.grid.length, 1440, 'a day of minutes');

    const custom = { start: minutesAgo(120), end: minutesAgo(60) };
    const devPanel = vscode.window.createWebviewPanel('apigw.metrics', 'custom', vscode.ViewColumn.Active, {});
    wb.metrics.restore(devPanel, { target: { ...target, stage: 'dev' }, preset: '3h', custom, autoRefresh: 1 });
    const dev = await loaded({ stage: 'dev' });
    assert.deepEqual(dev.data!.view.range, custom, 'a custom range, on whole minutes already');
    assert.equal(dev.data!.view.grid.length, 60);
    devPanel.dispose();

    const broken = vscode.window.createWebviewPanel('apigw.metrics', 'broken', vscode.ViewColumn.Active, {});
    let disposed = false;
    broken.onDidDispose(() => (disposed = true));
    wb.metrics.restore(broken, { target: { ...target, protocol: 'REST' }, preset: '1d' });
    assert.ok(disposed, 'an unreadable state closes the panel instead of showing an empty page');
    assert.equal(wb.metrics.list().length, 1);
  });

  it('turns on detailed metrics after a modal naming the stage and the cost; refused in Restricted Mode', async () => {
    await vscode.commands.executeCommand('apigw.showStageMetrics', { apiId: ordersId, stage: 'dev' });
    const p = await loaded({ stage: 'dev' });
    assert.equal(p.data!.detailed, 'off');
    assert.equal(p.data!.view.routeData, false);

    const refused = new FakePrompts({ confirm: () => true });
    await wb.runWith({ trust: untrusted, prompts: refused }, 'apigw.enableDetailedMetrics', {
      apiId: ordersId,
      stage: 'dev',
    });
    assert.equal(refused.shown.filter((s) => s.kind === 'confirm').length, 0);
    const stage = () => apigw.send(new GetStageCommand({ ApiId: ordersId, StageName: 'dev' }));
    assert.notEqual((await stage()).DefaultRouteSettings?.DetailedMetricsEnabled, true);

    const fake = new FakePrompts({ confirm: (_m, verb) => verb === 'Turn On Detailed Metrics' });
    restore = wb.usePrompts(fake);
    const loadsBefore = p.loads;
    const done = await vscode.commands.executeCommand('apigw.enableDetailedMetrics', { apiId: ordersId, stage: 'dev' });
    assert.equal(done, true);
    const modal = fake.shown.find((s) => s.kind === 'confirm')!;
    assert.match(modal.text, /^Turn on detailed metrics for stage dev of orders-api \(/);
    assert.match(modal.detail!, /may cost money/);
    assert.equal((await stage()).DefaultRouteSettings?.DetailedMetricsEnabled, true);
    // The change event reloads the open panel of that API.
    await waitFor('the panel to reload', () => p.loads > loadsBefore && p.data!.detailed === 'on');
  });

  it('writes exactly the log events of a chart window, access and function logs, in time order', async () => {
    const minute = minutesAgo(20);
    const line = (id: string, status: number) =>
      accessLine({ requestId: id, method: 'GET', path: '/orders', status, latencyMs: 12 });
    await put(ACCESS_GROUP, [
      [minute - 1, line('before=', 200)],
      [minute, line('first=', 200)],
      [minute + 30_000, line('spike=', 502)],
      [minute + 59_999, line('last=', 200)],
      [minute + 60_000, line('after=', 200)],
    ]);
    await put(FUNCTION_GROUP, [
      [minute + 20_000, 'ERROR\tboom in the window'],
      [minute + 61_000, 'ERROR\tboom after'],
    ]);
    let text = '';
    const sink = wb.onDidWriteOutput((w) => {
      if (w.channel === 'API Gateway Logs: orders-api/prod') text += w.text;
    });
    const fake = new FakePrompts();
    restore = wb.usePrompts(fake);
    try {
      // A clicked point of a 1-minute chart: the whole minute it stands for.
      const name = await vscode.commands.executeCommand('apigw.showMetricsLogs', {
        apiId: ordersId,
        stage: 'prod',
        start: minute + 10_000,
        periodSec: 60,
        grid0: minutesAgo(180),
      });
      assert.equal(name, 'API Gateway Logs: orders-api/prod');
      const ids = [...text.matchAll(/(\w+)=$/gm)].map((m) => m[1]);
      assert.deepEqual(ids, ['first', 'spike', 'last']);
      assert.match(text, /boom in the window/);
      assert.doesNotMatch(text, /boom after|before=|after=/);
      assert.ok(text.indexOf('first=') < text.indexOf('boom in the window'));
      assert.ok(text.indexOf('boom in the window') < text.indexOf('spike='));
      assert.match(text, /── 4 events ──\n$/);
      const offer = fake.shown.find((s) => s.kind === 'notify')!;
      assert.deepEqual(
        offer.actions!.map((a) => a.label),
        ['Start Live Tail'],
      );

      // A selection, only errors: the 502 and the function's error line.
      text = '';
      await vscode.commands.executeCommand('apigw.showMetricsLogs', {
        apiId: ordersId,
        stage: 'prod',
        start: minute + 5_000,
        end: minute + 50_000,
        periodSec: 60,
        grid0: minutesAgo(180),
        errorsOnly: true,
      });
      assert.deepEqual(
        [...text.matchAll(/(\w+)=$/gm)].map((m) => m[1]),
        ['spike'],
      );
      assert.match(text, /boom in the window/);
      assert.match(text, /only errors/);
    } finally {
      sink.dispose();
    }
  });

  it("reads a route's logs from its panel: that route's access lines and its own function only", async () => {
    const minute = minutesAgo(20);
    const line = (id: string, method: string, path: string) =>
      accessLine({ requestId: id, method, path, status: 200, latencyMs: 9 });
    await put(ACCESS_GROUP, [
      [minute + 1_000, line('list=', 'GET', '/orders')],
      [minute + 2_000, line('legacy=', 'ANY', '/legacy/{proxy+}')],
      [minute + 3_000, line('one=', 'GET', '/orders/{id}')],
    ]);
    await put(FUNCTION_GROUP, [[minute + 1_500, 'INFO\tlisted the orders']]);
    const texts = new Map<string, string>();
    const sink = wb.onDidWriteOutput((w) => texts.set(w.channel, (texts.get(w.channel) ?? '') + w.text));
    restore = wb.usePrompts(new FakePrompts());
    try {
      // A selection on each panel's chart, as the page sends it.
      const panels: MetricsPanel[] = [];
      for (const routeKey of ['ANY /legacy/{proxy+}', 'GET /orders']) {
        await vscode.commands.executeCommand('apigw.showRouteMetrics', { apiId: ordersId, routeKey, stage: 'prod' });
        const p = await loaded({ stage: 'prod', route: routeKey });
        await p.openLogs(minute, minute + 50_000, false);
        panels.push(p);
      }
      const legacyText = texts.get('API Gateway Logs: orders-api/prod · ANY /legacy/{proxy+}') ?? '';
      const listText = texts.get('API Gateway Logs: orders-api/prod · GET /orders') ?? '';
      // The HTTP proxy route calls no function: its access lines alone.
      assert.deepEqual(
        [...legacyText.matchAll(/(\w+)=$/gm)].map((m) => m[1]),
        ['legacy'],
      );
      assert.doesNotMatch(legacyText, /listed the orders|orders-fn/);
      assert.deepEqual(
        [...listText.matchAll(/(\w+)=$/gm)].map((m) => m[1]),
        ['list'],
      );
      assert.match(listText, /listed the orders/);
      assert.match(listText, /── 2 events ──\n$/);
      assert.match(panels[0]!.lastNote ?? '', /1 log event of orders-api\/prod · ANY \/legacy/);
    } finally {
      sink.dispose();
    }
  });

  it("shows each visible stage's last hour and the alarm states in the tree, from one GetMetricData call", async () => {
    await vscode.commands.executeCommand('apigw.explorer.focus');
    try {
      await waitFor('the explorer view to show', () => wb.explorer.view.visible);
      wb.explorer.provider.refresh();
      await localAws.reset(metricsAccount());
      const glance = async (stage: string) => {
        const n = await node(wb, 'orders-api', 'Stages', stage);
        return / req · /.test(description(n)) && n;
      };
      const prod = await waitFor('the glance of prod', () => glance('prod'));
      const dev = await waitFor('the glance of dev', () => glance('dev'));
      assert.match(description(prod), /^deployment \w+ .* · ALARM · [\d.]+k? req · <?[\d.]+% 5xx · p99 \d+ ms$/);
      assert.match(description(dev), /^deployment \w+ .* · [\d.]+k? req · <?[\d.]+% 5xx · p99 \d+ ms$/);
      assert.doesNotMatch(description(dev), /ALARM/);
      const icon = prod.treeItem().iconPath as vscode.ThemeIcon;
      assert.equal(icon.color?.id, 'errorForeground');
      assert.equal((dev.treeItem().iconPath as vscode.ThemeIcon).color, undefined);
      assert.match(tooltip(prod), /Alarm.*ALARM.*orders-prod-5xx/);
      assert.match(tooltip(prod), /Last hour/);
      const api = await waitFor('the alarms of the API', async () => {
        const n = await node(wb, 'orders-api');
        return / · ALARM$/.test(description(n)) && n;
      });
      assert.match(tooltip(api), /orders-latency/);
      assert.match(tooltip(api), /orders-prod-5xx/);
      const gmd = await localAws.calls({ service: 'cloudwatch', operation: 'GetMetricData' });
      assert.equal(gmd.length, 1, 'both stages of the folder in one call');
      assert.equal((await localAws.calls({ service: 'cloudwatch', operation: 'DescribeAlarms' })).length, 1);
    } finally {
      // Other suites count calls: the tree leaves the screen again.
      await vscode.commands.executeCommand('workbench.view.explorer');
    }
  });
});
