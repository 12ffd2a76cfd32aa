// The one wrapper every command runs through: Workspace Trust, the subject, progress and cancellation, logging, and
// one message for a failure (with its fix and Show Log). Handlers only do their own work.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/errors';
import { untrusted } from '../capabilities/trust';
import type { Runtime } from '../runtime';
import { reportError } from './errors';
import type { AnyInvocation, CommandEntry } from './invocation';
import { resolveSubject, sortArguments, type Arguments } from './resolve';
import type { Resolved } from './subjects';

function invocation(
  rt: Runtime,
  entry: CommandEntry,
  subject: Resolved,
  a: Arguments,
  controller: AbortController,
): AnyInvocation {
  const cancel = entry.cancellable ? () => controller.abort() : undefined;
  return {
    rt,
    title: entry.title,
    subject,
    args: a.args,
    ...(a.uri ? { uri: a.uri } : {}),
    ...(a.text !== undefined ? { text: a.text } : {}),
    signal: controller.signal,
    step: (title, task, where = 'notification') =>
      rt.prompts.progress({ title, where }, task, where === 'notification' ? cancel : undefined),
  };
}

/** Runs `entry` with the arguments VS Code passed; a failure is shown, never thrown; undefined when it did not finish. */
export async function runCommand(
  rt: Runtime,
  entry: CommandEntry,
  feature: unknown,
  raw: readonly unknown[],
): Promise<unknown> {
  const log = rt.log.child('command');
  log.debug(`${entry.id} started`);
  try {
    if (entry.trust === 'write' && !rt.trust.isTrusted()) {
      log.info(`${entry.id} refused: the workspace is not trusted`);
      reportError(rt, untrusted(entry.title), { level: 'warning' });
      return undefined;
    }
    const a = sortArguments(raw);
    const controller = new AbortController();
    const subject = await resolveSubject(rt, entry, a, controller.signal);
    if (!subject) {
      log.info(`${entry.id} cancelled`);
      return undefined;
    }
    return await entry.run(invocation(rt, entry, subject, a, controller), feature);
  } catch (err) {
    if (isCancellation(err)) {
      log.info(`${entry.id} cancelled`);
      return undefined;
    }
    log.error(`${entry.id} failed`, err);
    reportError(rt, err);
    return undefined;
  }
}

/** Registers each entry of the table, its handler given the feature object it names. */
export function registerCommands(
  context: vscode.ExtensionContext,
  rt: Runtime,
  entries: readonly CommandEntry[],
  features: Readonly<Record<string, unknown>>,
): void {
  for (const entry of entries) {
    const feature = entry.feature === undefined ? undefined : features[entry.feature];
    context.subscriptions.push(
      vscode.commands.registerCommand(entry.id, (...raw: unknown[]) => runCommand(rt, entry, feature, raw)),
    );
  }
}
