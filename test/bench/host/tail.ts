// Runs inside the extension host, loaded as extensionTestsPath by the tail bench: how long the extension host's event
// loop is blocked while 10,000 events a second reach a tail's output channel, measured with a 5 ms timer-drift probe
// and perf_hooks.monitorEventLoopDelay, on the extension's own code:
//   A. synthetic events (10,000 at once every second, as one poll delivers them) into the LineBatcher the extension
//      uses and a real OutputChannel, beside the same events formatted and appended one appendLine each; with the
//      channels hidden, then shown;
//   B. the real command (apigw.tailStage, polling) while the bench process puts 10,000 events/s into the local
//      service, beside the same transport with every event appended as it arrives, taking turns.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { extension, localAwsControl } from '../../support/host';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Bundle = typeof import('../../../src/aws/bundle');

interface Probe {
  stop(): { maxBlockMs: number; eldMaxMs: number; eldP99Ms: number };
}

/** The longest the loop was held: how late a 5 ms timer fires, and the event loop delay histogram. */
function probe(): Probe {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  let maxLate = 0;
  let expected = performance.now() + 5;
  const t = setInterval(() => {
    const now = performance.now();
    maxLate = Math.max(maxLate, now - expected);
    expected = now + 5;
  }, 5);
  return {
    stop() {
      clearInterval(t);
      h.disable();
      return { maxBlockMs: maxLate, eldMaxMs: h.max / 1e6, eldP99Ms: h.percentile(99) / 1e6 };
    },
  };
}

function accessMessage(i: number): string {
  return JSON.stringify({
    requestId: `Kq3v${String(i).padStart(8, '0')}=`,
    ip: '203.0.113.7',
    requestTime: '12/Mar/2024:10:15:30 +0000',
    httpMethod: i % 5 ? 'GET' : 'POST',
    routeKey: i % 5 ? 'GET /orders/{id}' : 'POST /orders',
    path: `/orders/${i}`,
    status: i % 17 ? '200' : '502',
    protocol: 'HTTP/1.1',
    responseLength: '512',
    responseLatency: String(10 + (i % 97)),
    integrationLatency: String(7 + (i % 97)),
    integrationStatus: '200',
    integrationError: i % 17 ? '-' : 'Lambda timed out',
    errorMessage: '-',
  });
}

export async function run(): Promise<void> {
  const ext = extension();
  const api = await ext.activate();
  // The very bundle the extension loads on first use: its batcher, formatter and transports.

  const bundle = require(path.join(ext.extensionPath, 'dist', 'aws.js')) as Bundle;
  const control = localAwsControl();
  const seconds = Number(process.env.APIGW_BENCH_TAIL_SECONDS ?? 8);
  const out: Record<string, number> = {};
  const sources = [{ logGroupName: '/aws/apigateway/orders/prod', label: 'access' }];

  // ---- A: synthetic 10,000 events/s, delivered as the poller delivers them: one batch per poll, every second ------
  // Ours and the baseline take turns in 3-second windows, so both meet the same load from the rest of the machine;
  // each window's longest block is one sample. Once with the channels hidden (what our code costs), once with the
  // channel being fed shown in the Output panel (the workbench then renders 10,000 lines a second on the same cores).
  const page = 10_000;
  const events = Array.from({ length: page }, (_v, i) => ({
    group: sources[0]!.logGroupName,
    stream: 's',
    timestamp: Date.now() + i,
    message: accessMessage(i),
  }));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const synthetic = async (prefix: string, visible: boolean) => {
    const batchedChannel = vscode.window.createOutputChannel(`Bench: batched ${prefix}`, 'log');
    const unbatchedChannel = vscode.window.createOutputChannel(`Bench: unbatched ${prefix}`, 'log');
    const formatter = new bundle.tail.LineFormatter(sources);
    const batcher = new bundle.tail.LineBatcher({
      format: (e) => formatter.format(e),
      sink: { append: (t) => batchedChannel.append(t), replace: (t) => batchedChannel.replace(t) },
    });
    const ours = { channel: batchedChannel, deliver: (b: typeof events) => batcher.push(b) };
    const unbatched = {
      channel: unbatchedChannel,
      deliver: (b: typeof events) => {
        for (const e of b) unbatchedChannel.appendLine(formatter.format(e));
      },
    };
    const measureWindow = async (who: typeof ours) => {
      if (visible) who.channel.show(true);
      else await vscode.commands.executeCommand('workbench.action.closePanel');
      await sleep(300);
      const p = probe();
      const appends = batcher.appends;
      for (let i = 0; i < 3; i++) {
        who.deliver(events.map((e) => ({ ...e, timestamp: Date.now() })));
        await sleep(1000);
      }
      return { ...p.stop(), appends: batcher.appends - appends };
    };
    await measureWindow(ours);
    await measureWindow(unbatched);
    const oursBlocks: number[] = [];
    const baseBlocks: number[] = [];
    const oursEld: number[] = [];
    const baseEld: number[] = [];
    const windows = Math.max(2, Math.round(seconds / 3));
    let appends = 0;
    for (let i = 0; i < windows; i++) {
      const a = await measureWindow(ours);
      oursBlocks.push(a.maxBlockMs);
      oursEld.push(a.eldMaxMs);
      appends += a.appends;
      const b = await measureWindow(unbatched);
      baseBlocks.push(b.maxBlockMs);
      baseEld.push(b.eldMaxMs);
    }
    batcher.dispose();
    batchedChannel.dispose();
    unbatchedChannel.dispose();
    Object.assign(out, {
      [`${prefix}BlockMs`]: median(oursBlocks),
      [`${prefix}WorstMs`]: Math.max(...oursBlocks),
      [`${prefix}EldMaxMs`]: median(oursEld),
      [`${prefix}BaselineBlockMs`]: median(baseBlocks),
      [`${prefix}BaselineWorstMs`]: Math.max(...baseBlocks),
      [`${prefix}BaselineEldMaxMs`]: median(baseEld),
      [`${prefix}Windows`]: windows,
      [`${prefix}Dropped`]: batcher.dropped,
      [`${prefix}AppendsPerSecond`]: appends / (windows * 3),
    });
  };
  await synthetic('hidden', false);
  await synthetic('visible', true);
  await vscode.commands.executeCommand('workbench.action.closePanel');

  // ---- B: the real command, polling, while the bench process puts 10,000 events/s ------------------------------
  const producer = async (on: boolean) => {
    const before = (await control.calls({ operation: 'PutLogEvents' })).length;
    console.log(`BENCH-PRODUCER ${on ? 'on' : 'off'}`);
    if (on) while ((await control.calls({ operation: 'PutLogEvents' })).length === before) await sleep(50);
    else await sleep(300);
  };
  const session = await api.connection.session();
  const apiId = (await session.apigw.apis().next()).value!.items.find(
    (a: { Name?: string }) => a.Name === 'orders-api',
  )!.ApiId!;
  const cfg = vscode.workspace.getConfiguration('apigw');
  await cfg.update('tail.mode', 'poll', vscode.ConfigurationTarget.Global);
  await cfg.update('tail.since', '0', vscode.ConfigurationTarget.Global);
  await cfg.update('tail.includeFunctions', false, vscode.ConfigurationTarget.Global);
  // Ours (the command) and the baseline (the same transport, every event appended as it arrives) take turns, a
  // fresh tail each turn, so both meet the same load: the local service's growing group, the producer, the host.
  let lines = 0;
  const sink = api.onDidWriteOutput(({ text }) => {
    lines += text.split('\n').length - 1;
  });
  const baselineChannel = vscode.window.createOutputChannel('Bench: unbatched transport', 'log');
  const formatter = new bundle.tail.LineFormatter(sources);
  let appended = 0;
  const turn = async (start: () => Promise<() => Promise<void>>, count: () => number) => {
    const stop = await start();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await sleep(1000);
    const before = count();
    const p = probe();
    const t = performance.now();
    await sleep(3000);
    const r = p.stop();
    const rate = (count() - before) / ((performance.now() - t) / 1000);
    await stop();
    return { ...r, rate };
  };
  const oursTurn = () =>
    turn(
      async () => {
        const name = await vscode.commands.executeCommand<string>('apigw.tailStage', { apiId, stageName: 'prod' });
        return async () => {
          await vscode.commands.executeCommand('apigw.stopTail', name);
        };
      },
      () => lines,
    );
  const baselineTurn = () =>
    turn(
      async () => {
        const h = bundle.tail.startTail(
          {
            logs: session.logs,
            mode: 'poll',
            pacerKey: `${session.connection.key}|bench-baseline`,
            sources: [{ kind: 'access', logGroupName: '/aws/apigateway/orders/prod', label: 'access' }],
          },
          {
            events: (es) => {
              for (const e of es) baselineChannel.appendLine(formatter.format(e));
              appended += es.length;
            },
            notice: () => undefined,
          },
        );
        return () => h.stop();
      },
      () => appended,
    );
  await producer(true);
  const ours: Array<{ maxBlockMs: number; eldMaxMs: number; rate: number }> = [];
  const base: typeof ours = [];
  for (let i = 0; i < Math.max(2, Math.round(seconds / 3)); i++) {
    ours.push(await oursTurn());
    base.push(await baselineTurn());
  }
  await producer(false);
  sink.dispose();
  baselineChannel.dispose();
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  Object.assign(out, {
    realBlockMs: med(ours.map((x) => x.maxBlockMs)),
    realWorstMs: Math.max(...ours.map((x) => x.maxBlockMs)),
    realEldMaxMs: med(ours.map((x) => x.eldMaxMs)),
    realLinesPerSecond: med(ours.map((x) => x.rate)),
    realTurns: ours.length,
    baselineRealBlockMs: med(base.map((x) => x.maxBlockMs)),
    baselineRealWorstMs: Math.max(...base.map((x) => x.maxBlockMs)),
    baselineRealEldMaxMs: med(base.map((x) => x.eldMaxMs)),
    baselineRealLinesPerSecond: med(base.map((x) => x.rate)),
  });
  for (const k of ['tail.mode', 'tail.since', 'tail.includeFunctions'])
    await cfg.update(k, undefined, vscode.ConfigurationTarget.Global);
  console.log(`BENCH ${JSON.stringify(out)}`);
}
