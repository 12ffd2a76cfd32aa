import * as vscode from 'vscode';
import { WorkbenchError } from './core/errors';
import { registerCall, type CallFeature } from './vscode/call/feature';
import type { Prompts } from './vscode/capabilities/prompts';
import type { OutputWrite } from './vscode/capabilities/outputs';
import { COMMANDS, type Features } from './vscode/commandTable';
import type { CommandEntry } from './vscode/commands/invocation';
import { registerCommands, runCommand } from './vscode/commands/run';
import type { ConnectionManager } from './vscode/connection/manager';
import { registerDeploy } from './vscode/deploy/feature';
import { registerExplorer, type ExplorerFeature } from './vscode/explorer/feature';
import { registerMetrics, type MetricsFeature } from './vscode/metrics/feature';
import { registerSpecLanguage } from './vscode/gatewaySpec';
import type { SpecClient } from './vscode/gatewaySpec/worker';
import { OpenApiFeature } from './vscode/openapi/feature';
import type { LocalFeature } from './vscode/local/feature';
import { registerLocal } from './vscode/local/register';
import { registerPreviews } from './vscode/promote/preview';
import { createRuntime, deriveRuntime, type RuntimeOverrides } from './vscode/runtime';
import { TailManager } from './vscode/tail/manager';

/** What activate() returns: read by the extension-host tests and the bench, not a public API. */
export interface WorkbenchApi {
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
  readonly explorer: ExplorerFeature;
  readonly connection: ConnectionManager;
  /** The running log tails. */
  readonly tails: TailManager;
  /** Calling routes: response documents, WebSocket sessions (their terminals' text: sessions.onDidWrite). */
  readonly calls: CallFeature;
  /** The specs running locally (Run Spec Locally). */
  readonly local: LocalFeature;
  /** The metrics panels. */
  readonly metrics: MetricsFeature;
  /** What the spec documents' engine was sent: whole texts, and edits as changes. */
  readonly specEngine: Pick<SpecClient, 'sent'>;
  /** The command table as declared. */
  readonly commands: readonly CommandEntry[];
  /** Every text our output channels (a tail's) receive, redacted, as (channel, text). */
  readonly onDidWriteOutput: vscode.Event<OutputWrite>;
  /** Answers modals, typed names, pickers and messages with a test double; returns the function that undoes it. */
  usePrompts(fake: Partial<Prompts>): () => void;
  /** Runs a command through the same wrapper with some capabilities replaced (untrusted, a log of its own…). */
  runWith(overrides: RuntimeOverrides, id: string, ...args: unknown[]): Promise<unknown>;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = performance.now();
  const { rt, usePrompts, provideLocalApis } = createRuntime(context);
  const tails = new TailManager(rt);
  context.subscriptions.push(tails);
  const specEngine = registerSpecLanguage(context, rt);
  const local = registerLocal(context, rt, specEngine);
  provideLocalApis(() => local.endpoints());
  const features: Features = {
    explorer: registerExplorer(context, rt, () => local.shown()),
    deploy: registerDeploy(context, rt),
    promote: registerPreviews(context),
    tail: tails,
    openapi: new OpenApiFeature(),
    call: registerCall(context, rt, specEngine),
    local,
    metrics: registerMetrics(context, rt),
  };
  context.subscriptions.push(features.openapi);
  const byName = features as unknown as Record<string, unknown>;
  registerCommands(context, rt, COMMANDS, byName);
  const activationMs = performance.now() - started;
  rt.log.info(
    `activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
  );
  return {
    activationMs,
    explorer: features.explorer,
    connection: rt.connection,
    tails,
    calls: features.call,
    local,
    metrics: features.metrics,
    specEngine,
    commands: COMMANDS,
    onDidWriteOutput: rt.outputs.onDidWrite,
    usePrompts,
    runWith: (overrides, id, ...args) => {
      const entry = COMMANDS.find((c) => c.id === id);
      if (!entry) throw new WorkbenchError('InvalidArgument', `No command ${id} in the command table.`);
      return runCommand(deriveRuntime(rt, overrides), entry, entry.feature && byName[entry.feature], args);
    },
  };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are released by VS Code.
}
