// What every feature gets from activate(): narrow capabilities, each replaceable by a test double, instead of
// module-level locators and hooks. Texts that leave the extension through them (log, messages, output channels,
// copied text) are redacted inside the capability, never at call sites.
import * as vscode from 'vscode';
import { LocalApiSource, type LocalApis, type LocalEndpoint } from './capabilities/local';
import { OutputChannels, type Outputs } from './capabilities/outputs';
import { layered, redacting, SwappablePrompts, vscodePrompts, type Prompts } from './capabilities/prompts';
import { ResourceEmitter, type ResourceEvents } from './capabilities/resources';
import { workspaceTrust, type Trust } from './capabilities/trust';
import { ConnectionManager, type AwsBundle } from './connection/manager';
import { lazyBundle } from './lazy';
import { createLogger, LOG_CHANNEL_NAME, type Logger } from './log';

export type { AwsBundle };

export interface Runtime {
  readonly log: Logger;
  /** Workspace Trust: untrusted workspaces get validation and reads with the user's own settings only. */
  readonly trust: Trust;
  /** The AWS profile, region and endpoint in use, and the clients for them. */
  readonly connection: ConnectionManager;
  /** The lazy `aws` bundle (dist/aws.js, the SDK and the engines): loaded on the first call. */
  aws(): AwsBundle;
  /** Modals, typed confirmations, pickers, messages, progress, the clipboard. */
  readonly prompts: Prompts;
  /** Output channels of our own (tails). */
  readonly outputs: Outputs;
  /** "Something in AWS changed": fired by whatever changes it, heard by whatever shows it. */
  readonly resources: ResourceEvents;
  /** Small state kept per workspace (a tail's last filter pattern). */
  readonly workspaceState: vscode.Memento;
  /** The specs running locally in this window: subjects of the commands that also act on a local API. */
  readonly local: LocalApis;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadAws = lazyBundle(() => require('@lazy/aws') as AwsBundle);

export interface CreatedRuntime {
  readonly rt: Runtime;
  /** Puts a test double in front of VS Code's prompts; returns the function that takes it away. */
  usePrompts(fake: Partial<Prompts>): () => void;
  /** Makes the local feature the source of `rt.local` (the feature is made with the Runtime, so after it). */
  provideLocalApis(source: () => readonly LocalEndpoint[]): void;
}

export function createRuntime(context: vscode.ExtensionContext): CreatedRuntime {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = createLogger(channel);
  const swappable = new SwappablePrompts();
  const outputs = new OutputChannels();
  const resources = new ResourceEmitter();
  const connection = new ConnectionManager({ log, trust: workspaceTrust, aws: loadAws, prompts: swappable.prompts });
  const local = new LocalApiSource();
  context.subscriptions.push(channel, outputs, resources, connection);
  const rt: Runtime = {
    log,
    trust: workspaceTrust,
    connection,
    aws: loadAws,
    prompts: swappable.prompts,
    outputs,
    resources,
    workspaceState: context.workspaceState,
    local,
  };
  return { rt, usePrompts: (fake) => swappable.use(fake), provideLocalApis: (source) => local.provide(source) };
}

/** What a test may replace to run a command under other conditions (untrusted, its own log, fake prompts). */
export interface RuntimeOverrides {
  trust?: Trust;
  prompts?: Partial<Prompts>;
  logChannel?: vscode.LogOutputChannel;
  connection?: ConnectionManager;
}

/** The same runtime with some capabilities replaced; prompts and log stay redacted as in the real one. */
export function deriveRuntime(rt: Runtime, o: RuntimeOverrides): Runtime {
  return {
    ...rt,
    ...(o.trust ? { trust: o.trust } : {}),
    ...(o.prompts ? { prompts: redacting(layered(vscodePrompts, o.prompts)) } : {}),
    ...(o.logChannel ? { log: createLogger(o.logChannel) } : {}),
    ...(o.connection ? { connection: o.connection } : {}),
  };
}
