// Runs inside the extension host, loaded as extensionTestsPath by the activation bench. Each page load is a fresh
// host that activates exactly one extension cold: ours, or the baseline (VS Code's built-in CSS language
// features) when the opened folder's name ends in "-baseline".
import * as vscode from 'vscode';
import { EXTENSION_ID as OURS } from '../../support/extensionId';

const BASELINE = 'vscode.css-language-features';

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
  const id = folder.endsWith('-baseline') ? BASELINE : OURS;
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`extension ${id} not found`);
  const wasActive = ext.isActive;
  const t = performance.now();
  const exports = await ext.activate();
  const ms = performance.now() - t;
  const inner = (exports as { activationMs?: number } | undefined)?.activationMs;
  const distLoaded = Object.keys(require.cache).filter((k) => k.startsWith(`${ext.extensionPath}/dist/`));
  console.log(`BENCH ${JSON.stringify({ id, ms, inner, wasActive, distLoaded })}`);
}
