// The shape of the command table: each command's policy (what it acts on, what it needs of Workspace Trust, whether
// its long work can be cancelled) and its handler, and the Invocation a handler receives from the one wrapper
// (src/vscode/commands/run.ts). The table itself is src/vscode/commandTable.ts.
import type * as vscode from 'vscode';
import type { ProgressReport } from '../capabilities/prompts';
import type { Runtime } from '../runtime';
import type { SubjectKind, SubjectOf } from './subjects';

/** A command-argument object as tests, buttons and other commands pass it (`{ apiId, stage }`). */
export type CommandArgs = Readonly<Record<string, unknown>>;

export interface Invocation<K extends SubjectKind = SubjectKind, A extends object = CommandArgs> {
  readonly rt: Runtime;
  /** The command's title in the table ("Promote Stage"): pickers, progress and messages name it. */
  readonly title: string;
  readonly subject: SubjectOf<K>;
  /** The command-argument object, when one was passed; `{}` otherwise. Fields are checked where they are read. */
  readonly args: Partial<A>;
  /** The file the command was run on (the file explorer's context menu), when one was passed. */
  readonly uri?: vscode.Uri;
  /** The first string argument (Select Profile's profile, Stop Tail's channel). */
  readonly text?: string;
  /** Aborted when the user cancels a step's progress (commands whose policy is `cancellable`). */
  readonly signal: AbortSignal;
  /** Runs one step of long work under a progress notification (or the status bar), cancellable per the policy. */
  step<T>(title: string, task: (report: ProgressReport) => Promise<T>, where?: 'notification' | 'window'): Promise<T>;
}

export interface CommandPolicy {
  /** `apigw.camelCase`, as package.json declares it. */
  readonly id: string;
  /** The title package.json gives it, without the category and the trailing "…". */
  readonly title: string;
  /**
   * What it acts on. `api`, `stage`, `route`: a tree node, `{ apiId, stage, routeId }`, or a picker (with Change
   * Profile…/Change Region…); `spec`: a URI, the active editor, or a picker; `resource`, `node`: a tree node only.
   */
  readonly subject: SubjectKind;
  /** `read`: runs in Restricted Mode with the user's settings; `write`: refused there with the standard message. */
  readonly trust: 'read' | 'write';
  /** Long work the user may cancel: its steps' progress has a Cancel button that aborts `Invocation.signal`. */
  readonly cancellable: boolean;
  /** false: hidden from the command palette although its subject could be picked (a status bar menu). */
  readonly palette?: false;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's handler is typed where it is declared
export type AnyInvocation = Invocation<any, any>;

export interface CommandEntry<F = unknown> extends CommandPolicy {
  /** The feature object the handler gets besides the invocation (the explorer, the tails…), by name. */
  readonly feature?: string;
  readonly run: (inv: AnyInvocation, feature: F) => unknown;
}
