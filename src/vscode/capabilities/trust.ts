// Workspace Trust as the features see it: whether the workspace is trusted, and when it becomes so. Untrusted
// (Restricted Mode): validation and reads with the user's own settings only; nothing that writes or calls an API on
// the workspace's say. Commands declare what they need in the command table; the one refusal is untrusted() below.
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';

export interface Trust {
  isTrusted(): boolean;
  readonly onDidGrant: vscode.Event<void>;
}

export const workspaceTrust: Trust = {
  isTrusted: () => vscode.workspace.isTrusted,
  onDidGrant: vscode.workspace.onDidGrantWorkspaceTrust,
};

/** The one message for a command refused in Restricted Mode, with the button that leads out of it. */
export function untrusted(title: string): WorkbenchError {
  return new WorkbenchError(
    'Untrusted',
    `${title} is turned off in Restricted Mode: a workspace you have not trusted cannot change AWS, write files or run its code through the workbench.`,
    {
      hint: 'Trust this workspace to use it.',
      fix: { label: 'Manage Workspace Trust', command: { id: 'workbench.trust.manage' } },
    },
  );
}
