import * as vscode from 'vscode';
import { createCommands, registerCommands } from './vscode/commands';
import { createRuntime } from './vscode/runtime';
import { registerSpecLanguage } from './vscode/spec';

/** What activate() returns: read by the extension-host tests and the bench, not a public API. */
export interface WorkbenchApi {
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = performance.now();
  const rt = createRuntime(context);
  registerCommands(context, rt, createCommands(rt));
  registerSpecLanguage(context, rt);
  const activationMs = performance.now() - started;
  rt.log.info(`activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  return { activationMs };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are released by VS Code.
}
