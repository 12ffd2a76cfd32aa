import * as vscode from 'vscode';
import { ConnectionManager } from './connection';
import { createLogger, LOG_CHANNEL_NAME, type Logger } from './log';

/** What every feature module gets from the entry file: created once in activate(), replaced by fakes in tests. */
export interface Runtime {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  /** Workspace Trust: untrusted workspaces get validation only, no AWS calls driven by workspace settings. */
  isTrusted(): boolean;
  /** The AWS profile, region and endpoint in use, and the clients for them (the SDK loads on first use). */
  readonly connection: ConnectionManager;
}

export function createRuntime(context: vscode.ExtensionContext): Runtime {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const base = { context, log: createLogger(channel), isTrusted: () => vscode.workspace.isTrusted };
  const connection = new ConnectionManager(base);
  context.subscriptions.push(connection);
  return { ...base, connection };
}
