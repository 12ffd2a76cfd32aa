// Runs inside the extension host, loaded as extensionTestsPath by the validation bench (validate.bench.ts): types in
// a 3,000-route YAML spec as a user would — VS Code's `type` and `deleteLeft` at the cursor, a character every 60 ms,
// the suggest widget opened (Ctrl+Space) every fifth and closed two later — while measuring how long the host's event
// loop is ever blocked (perf_hooks.monitorEventLoopDelay). Before typing, the widget is opened once and that block
// measured on its own: the first completion list with documentation in a session has VS Code compile its Markdown
// lexer on the host (160 ms in one profile), whatever the extension. The baseline, in the
// same host: one synchronous validation of the same text with the same bundle, which is what the host would block
// for if validation ran on its thread.
import * as path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type * as SpecBundle from '../../../src/core/gatewaySpec/bundle';
import { profileHost } from './profile';

const OURS = 'apigw-workbench.apigw-workbench';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'apigw');
}

/** Waits until our diagnostics for `uri` satisfy `done`, or the time runs out. */
async function diagnosticsWhere(
  uri: vscode.Uri,
  done: (d: vscode.Diagnostic[]) => boolean,
  ms = 60_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (done(ourDiagnostics(uri))) return true;
    await sleep(20);
  }
  return false;
}

/**
 * Startup work of other extensions is not typing: the built-in Git extension spawns git on the host thread while it
 * looks for repositories (a 186 ms block in one run). Typing starts once it has, as a user's would after startup.
 */
async function hostSettled(): Promise<void> {
  const git = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (git && vscode.workspace.getConfiguration('git').get('enabled') !== false) {
    const api = (await git.activate()).getAPI(1);
    if (api.state !== 'initialized')
      await new Promise<void>((resolve) => api.onDidChangeState((s) => s === 'initialized' && resolve()));
  }
  await sleep(1000);
}

/** The suggest widget opened and closed once; the longest block of the host meanwhile (VS Code's first Markdown lexing). */
async function firstSuggest(): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await sleep(1000);
  await vscode.commands.executeCommand('hideSuggestWidget');
  await sleep(200);
  h.disable();
  return h.max / 1e6;
}

interface GitExtension {
  getAPI(version: 1): { state: string; onDidChangeState: vscode.Event<string> };
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(OURS)!;
  await ext.activate();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const uri = vscode.Uri.joinPath(folder, 'big.apigw.yaml');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  // The first validation (worker start, bundle load, first parse) is not typing: wait for it.
  const firstReady = await diagnosticsWhere(uri, (d) => d.length > 0);
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.trim() === 'protocol: HTTP');
  const keystrokes = Number(process.env.APIGW_BENCH_KEYS ?? 60);
  await hostSettled();
  const end = doc.lineAt(line).range.end;
  editor.selection = new vscode.Selection(end, end);
  const firstSuggestMs = await firstSuggest();
  let edits = 0;
  const counting = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document === doc && e.contentChanges.length > 0) edits++;
  });
  const gcs: number[] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push(e.duration);
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const stopProfile = await profileHost(path.join(ext.extensionPath, 'dist'));
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // The bench measures an idle process on the same machine meanwhile (test/bench/probe.ts).
  console.log('BENCH-TYPING start');
  const started = performance.now();
  for (let i = 0; i < keystrokes; i++) {
    // Typing an error and taking it back, so the diagnostics change with the text.
    if (i % 2 === 0) await vscode.commands.executeCommand('type', { text: 'S' });
    else await vscode.commands.executeCommand('deleteLeft');
    if (i % 5 === 0) await vscode.commands.executeCommand('editor.action.triggerSuggest');
    if (i % 5 === 2) await vscode.commands.executeCommand('hideSuggestWidget');
    await sleep(60);
  }
  console.log('BENCH-TYPING end');
  counting.dispose();
  gcWatch.disconnect();
  if (edits !== keystrokes) throw new Error(`typed ${keystrokes} keys but the document changed ${edits} times`);
  // The last text is valid: wait for its (empty) diagnostics, the result of the last run.
  const settled = await diagnosticsWhere(
    uri,
    (d) => !d.some((x) => String((x.code as { value: string }).value) === 'APIGW103'),
  );
  const typingMs = performance.now() - started;
  h.disable();
  const share = await stopProfile();
  // Baseline: validating the same text once, synchronously, on this thread.
  const spec = require(path.join(ext.extensionPath, 'dist', 'spec.js')) as typeof SpecBundle;
  const text = doc.getText();
  spec.validateSpec(text, { format: 'yaml' });
  const blocks: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    spec.validateSpec(text, { format: 'yaml' });
    blocks.push(performance.now() - t);
  }
  console.log(
    `BENCH ${JSON.stringify({
      firstReady,
      settled,
      keystrokes,
      typingMs,
      firstSuggestMs,
      longestGcMs: Math.max(0, ...gcs),
      gcs: gcs.length,
      heapMB: process.memoryUsage().heapUsed / 2 ** 20,
      maxBlockMs: h.max / 1e6,
      p99BlockMs: h.percentile(99) / 1e6,
      meanBlockMs: h.mean / 1e6,
      ...share,
      inThreadMs: blocks,
      bytes: text.length,
    })}`,
  );
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
