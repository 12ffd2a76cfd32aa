import * as vscode from 'vscode';
import { createLogger, LOG_CHANNEL_NAME, type Logger } from './log';

/** What every feature module gets from the entry file: created once in activate(), replaced by fakes in tests. */
export interface Runtime {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  /** Workspace Trust: untrusted workspaces get validation only, no AWS calls driven by workspace settings. */
  isTrusted(): boolean;
}

export function createRuntime(context: vscode.ExtensionContext): Runtime {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  return {
    context,
    log: createLogger(channel),
    isTrusted: () => vscode.workspace.isTrusted,
  };
}
