// How a failure reaches the user: one message that says what failed and what fixes it, the fix as a button
// (run a command, copy a line, open a setting: WorkbenchError's `fix`, never parsed out of the hint), and Show Log.
import * as vscode from 'vscode';
import { describeError, isWorkbenchError, WorkbenchError, type Remedy } from '../../core/errors';
import { redact } from '../../core/redact';
import type { Action, MessageLevel } from '../capabilities/prompts';
import type { Runtime } from '../runtime';

/** Anything thrown, as the WorkbenchError a user may see. */
export function asWorkbenchError(err: unknown): WorkbenchError {
  if (isWorkbenchError(err)) return err;
  return new WorkbenchError('Unknown', describeError(err), { hint: 'The log has the details.', cause: err });
}

/**
 * The error as a place outside the Runtime's prompts may show it (an explorer error node's label, tooltip and
 * details): its texts redacted, its code and fix kept.
 */
export function forDisplay(thrown: unknown): WorkbenchError {
  const err = asWorkbenchError(thrown);
  const fix = err.fix && {
    ...err.fix,
    label: redact(err.fix.label),
    ...(err.fix.copyText !== undefined ? { copyText: redact(err.fix.copyText) } : {}),
  };
  return new WorkbenchError(err.code, redact(err.message), {
    ...(err.hint ? { hint: redact(err.hint) } : {}),
    ...(fix ? { fix } : {}),
    cause: err,
  });
}

/** The button for a remedy: runs its command, copies its line, or opens its setting. */
export function fixAction(rt: Pick<Runtime, 'prompts'>, fix: Remedy): Action {
  return {
    label: fix.label,
    run: async () => {
      if (fix.command) await vscode.commands.executeCommand(fix.command.id, ...(fix.command.args ?? []));
      else if (fix.copyText !== undefined) await rt.prompts.copy(fix.copyText, fix.label);
      else if (fix.setting) await vscode.commands.executeCommand('workbench.action.openSettings', fix.setting);
    },
  };
}

export function showLogAction(rt: Pick<Runtime, 'log'>): Action {
  return { label: 'Show Log', run: () => rt.log.show() };
}

/** The actions an error offers: `first` (Retry, Restart Tail…), its fix, then Show Log. */
export function errorActions(rt: Pick<Runtime, 'log' | 'prompts'>, err: WorkbenchError, ...first: Action[]): Action[] {
  return [...first, ...(err.fix ? [fixAction(rt, err.fix)] : []), showLogAction(rt)];
}

/** Shows `err` once: "what failed. what fixes it (Code)" with its fix and Show Log. */
export function reportError(
  rt: Pick<Runtime, 'log' | 'prompts'>,
  thrown: unknown,
  o: { level?: MessageLevel; prefix?: string; actions?: Action[] } = {},
): void {
  const err = asWorkbenchError(thrown);
  const text = `${o.prefix ?? ''}${describeError(err)} (${err.code})`;
  rt.prompts.notify(o.level ?? 'error', text, ...errorActions(rt, err, ...(o.actions ?? [])));
}
