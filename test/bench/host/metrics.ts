// Runs inside the extension host, loaded as extensionTestsPath by the metrics bench: Show Stage Metrics from the
// command to the charts painted with data (the page says so after the frame that draws them), with the longest block
// of the host's event loop meanwhile; and, as the baseline, a console-like dashboard reading the same view one
// GetMetricData per chart and per route row through the same session, in the same host.
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../support/extensionId';
import { activateWorkbench, waitFor } from '../../support/host';
import { perChart, type Aws, type Session } from '../metricsDashboard';
import { profileHost } from './profile';

const RUNS = Number(process.env.APIGW_BENCH_RUNS ?? 8);
const PROFILED_RUNS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The longest gap past its period between ticks of a 5 ms timer: how long the event loop was blocked. */
function blockMonitor(): () => number {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  return () => {
    clearInterval(timer);
    return worst;
  };
}

/** When the page of the prod panel said it was ready, and when its first data was read, measured from `t0`. */
function phaseTimes(wb: Awaited<ReturnType<typeof activateWorkbench>>, t0: number) {
  const at: Record<string, number> = {};
  const sub = wb.metrics.onDidUpdate((p) => {
    if (p.target.stage !== 'prod' || p.target.route) return;
    if (p.pageReady) at.ReadyMs ??= performance.now() - t0;
    if (p.loads > 0) at.DataMs ??= performance.now() - t0;
  });
  return {
    stop: () => {
      sub.dispose();
      return at;
    },
  };
}

/**
 * The floor any webview has here: a blank page in a new panel, from creating it to its first message. Each webview
 * after the first of a window registers a new version of VS Code's webview service worker (pre/index.html), which
 * Chromium keeps activating for a second while it claims the page from the version before.
 */
async function blankWebviewMs(): Promise<number> {
  const t = performance.now();
  const panel = vscode.window.createWebviewPanel('apigw.benchBlank', 'Blank', vscode.ViewColumn.Active, {
    enableScripts: true,
  });
  const said = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage(() => resolve()));
  panel.webview.html =
    '<!DOCTYPE html><html><body><script>acquireVsCodeApi().postMessage("ready")</script></body></html>';
  await said;
  const ms = performance.now() - t;
  panel.dispose();
  return ms;
}

/** Show Stage Metrics on prod after closing every panel: to the charts painted, with the host's longest block. */
async function openStageMetrics(wb: Awaited<ReturnType<typeof activateWorkbench>>, apiId: string) {
  for (const p of wb.metrics.list()) p.panel.dispose();
  await sleep(1_200); // the service's buckets and the pacers refill
  const blocked = blockMonitor();
  const t = performance.now();
  const phases = phaseTimes(wb, t);
  await vscode.commands.executeCommand('apigw.showStageMetrics', { apiId, stage: 'prod', range: '3h' });
  const commandMs = performance.now() - t;
  await waitFor(
    'the charts painted with data',
    () => wb.metrics.list().find((p) => p.target.stage === 'prod' && !p.target.route && p.painted > 0),
    30_000,
  );
  const ms = performance.now() - t;
  return { ms, commandMs, phases: phases.stop(), blockMs: blocked() };
}

export async function run(): Promise<void> {
  const wb = await activateWorkbench();
  const dist = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
  const aws = require(path.join(dist, 'aws.js')) as Aws;
  const session = (await wb.connection.session()) as unknown as Session;
  const api = (await session.apigw.apis().next()).value!.items.find((a: { Name?: string }) => a.Name === 'orders-api')!;
  const routes = (await session.apigw.routes(api.ApiId!).next()).value!.items.map(
    (r: { RouteKey?: string }) => r.RouteKey!,
  );
  const out: Record<string, number[]> = {};
  const rec = (k: string, v: number) => (out[k] ??= []).push(v);
  for (let i = 0; i <= RUNS; i++) {
    const open = await openStageMetrics(wb, api.ApiId!);
    // The first run loads dist/aws.js and the page's bundle: reported apart.
    const cold = i === 0 ? 'cold' : '';
    for (const [k, v] of Object.entries(open.phases)) rec(cold ? `cold${k}` : k, v);
    rec(cold ? 'coldCommandMs' : 'commandMs', open.commandMs);
    rec(cold ? 'coldMs' : 'openMs', open.ms);
    if (!cold) rec('maxBlockMs', open.blockMs);
    await sleep(1_200);
    const dashboardBlocked = blockMonitor();
    const d = performance.now();
    rec(
      'dashboardCalls',
      await perChart(aws, session, { protocol: 'HTTP', apiId: api.ApiId!, stage: 'prod' }, routes, Date.now()),
    );
    rec('dashboardMs', performance.now() - d);
    rec('dashboardBlockMs', dashboardBlocked());
    await sleep(1_200);
    // Never the window's first webview (the metrics panel opened before it): every one is a reopen.
    rec('blankMs', await blankWebviewMs());
  }
  // Who held the host while a reopen waited: a CPU profile (as the typing bench takes one) over reopens of their
  // own, after the measured ones, so the profiler's cost is in none of the figures above.
  for (let i = 0; i < PROFILED_RUNS; i++) {
    const stopProfile = await profileHost(dist);
    const open = await openStageMetrics(wb, api.ApiId!);
    const share = await stopProfile();
    rec('profiledBlockMs', open.blockMs);
    rec('longestStretchMs', share.longestMs);
    rec('longestStretchOursMs', share.longestOursMs);
    rec('oursMaxMs', share.maxOursMs);
  }
  console.log(`BENCH ${JSON.stringify(out)}`);
}
