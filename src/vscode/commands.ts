import * as vscode from 'vscode';
import { describeError, isCancellation, isWorkbenchError } from '../core/errors';
import { connectionCommands } from './connection';
import type { Runtime } from './runtime';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes commands whatever their callers give
export type CommandHandler = (...args: any[]) => unknown;
/** Command id → handler. Feature modules each return one; `createCommands` merges them. */
export type CommandTable = Record<string, CommandHandler>;

export function createCommands(rt: Runtime): CommandTable {
  return {
    'apigw.showLog': () => rt.log.show(),
    ...connectionCommands(rt),
  };
}

/**
 * Registers every command through one wrapper: it logs the run, turns a failure into one message that says
 * what failed (with the hint that fixes it) and a "Show Log" button, and never awaits the toast.
 */
export function registerCommands(context: vscode.ExtensionContext, rt: Runtime, table: CommandTable): void {
  const log = rt.log.child('command');
  for (const [id, handler] of Object.entries(table)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        log.debug(`${id} started`);
        try {
          return await handler(...args);
        } catch (err) {
          if (isCancellation(err)) {
            log.info(`${id} cancelled`);
            return undefined;
          }
          log.error(`${id} failed`, err);
          const code = isWorkbenchError(err) ? ` (${err.code})` : '';
          void vscode.window.showErrorMessage(`${describeError(err)}${code}`, 'Show Log').then((choice) => {
            if (choice === 'Show Log') rt.log.show();
          });
          return undefined;
        }
      }),
    );
  }
}
