import * as vscode from 'vscode';

// Typed access to the extension's settings: ids as constants, one getter each, one change handler.
// Every setting here is declared in package.json (contributes.configuration) with a markdownDescription.
export const SECTION = 'apigw';

export const Setting = {
  specValidationDelay: 'spec.validationDelay',
  specOutlineLimit: 'spec.outlineLimit',
  profile: 'profile',
  region: 'region',
  endpointUrl: 'endpointUrl',
  pageSize: 'pageSize',
  explorerMetrics: 'explorer.metrics',
  deployCodeLens: 'deploy.codeLens',
  keepDeployments: 'keepDeployments',
  tailMode: 'tail.mode',
  tailSince: 'tail.since',
  tailIncludeFunctions: 'tail.includeFunctions',
  tailIncludeExecutionLogs: 'tail.includeExecutionLogs',
  tailAccessLogRetentionDays: 'tail.accessLogRetentionDays',
  tailMaxLines: 'tail.maxLines',
  callCodeLens: 'call.codeLens',
  callClientCertificates: 'call.clientCertificates',
  localPort: 'local.port',
  localPython: 'local.python',
  localTemplateCodeLens: 'local.templateCodeLens',
} as const;

export type SettingId = (typeof Setting)[keyof typeof Setting];

function cfg(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** A setting's value as the user (global) set it, ignoring workspace and folder values. */
export function globalValue<T>(id: SettingId, fallback: T): T {
  const inspected = cfg().inspect<T>(id);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function value<T>(id: SettingId, fallback: T, scope?: vscode.ConfigurationScope): T {
  return cfg(scope).get<T>(id, fallback);
}

/** Calls `onChange` with the settings (of ours) that changed. */
export function onDidChange(onChange: (changed: SettingId[]) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const changed = (Object.values(Setting) as SettingId[]).filter((id) => e.affectsConfiguration(`${SECTION}.${id}`));
    if (changed.length) onChange(changed);
  });
}

/** The inspected values of a setting, for deciding where a change belongs (workspace value present or not). */
export function inspect<T>(
  id: SettingId,
): { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined {
  return cfg().inspect<T>(id);
}

/** Writes a setting where it takes effect: the workspace when it already sets it (and is trusted), else the user settings. */
export async function update(id: SettingId, v: unknown, trusted: boolean): Promise<void> {
  const i = cfg().inspect(id);
  const target =
    trusted && i?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await cfg().update(id, v === '' ? undefined : v, target);
}
