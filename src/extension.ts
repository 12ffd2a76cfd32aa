import * as vscode from 'vscode';
import { createCommands, registerCommands } from './vscode/commands';
import { setTestConfirmations } from './vscode/confirm';
import { deployCommands, registerDeploy } from './vscode/deploy';
import type { ConnectionManager } from './vscode/connection';
import { explorerCommands, registerExplorer } from './vscode/explorer/commands';
import type { ExplorerProvider } from './vscode/explorer/provider';
import type { ExplorerNode } from './vscode/explorer/nodes';
import { promoteCommands } from './vscode/promote/commands';
import { registerPreviews } from './vscode/promote/preview';
import { createRuntime } from './vscode/runtime';
import { registerSpecLanguage } from './vscode/gatewaySpec';
import { registerTail, setTestTailSink, tailCommands, type TailManager } from './vscode/tail';

/** What activate() returns: read by the extension-host tests and the bench, not a public API. */
export interface WorkbenchApi {
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
  readonly explorer: { readonly provider: ExplorerProvider; readonly view: vscode.TreeView<ExplorerNode> };
  readonly connection: ConnectionManager;
  /** The running log tails. */
  readonly tails: TailManager;
  /** Test-only hooks; nothing here is set in normal use. */
  readonly testing: {
    /** Answers modal confirmations (true: the verb button) instead of showing them; undefined restores the dialogs. */
    setConfirmations(answer: ((message: string, verb: string) => boolean) | undefined): void;
    /** Receives the text each tail appends to its output channel (the channel's name, the text); undefined stops it. */
    setTailSink(sink: ((channel: string, text: string) => void) | undefined): void;
  };
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = performance.now();
  const rt = createRuntime(context);
  const explorer = registerExplorer(context, rt);
  const deploy = registerDeploy(context, rt);
  const previews = registerPreviews(context);
  const tails = registerTail(context, rt);
  registerCommands(context, rt, {
    ...createCommands(rt),
    ...explorerCommands(rt, explorer),
    ...deployCommands(rt, deploy),
    ...promoteCommands(rt, explorer, previews),
    ...tailCommands(rt, tails),
  });
  registerSpecLanguage(context, rt);
  const activationMs = performance.now() - started;
  rt.log.info(
    `activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
  );
  return {
    activationMs,
    explorer,
    connection: rt.connection,
    tails,
    testing: { setConfirmations: setTestConfirmations, setTailSink: setTestTailSink },
  };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are released by VS Code.
}
