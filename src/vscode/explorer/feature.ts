// The explorer as a feature: its view over the provider. Other features never reach into it: they fire resource
// changes (Runtime.resources), which the provider turns into the refresh of exactly the stale lists.
import * as vscode from 'vscode';
import type { Runtime } from '../runtime';
import type { LocalApis } from './nodes/local';
import { ExplorerProvider, VIEW_ID } from './provider';
import type { TreeNode } from './tree';

export interface ExplorerFeature {
  readonly provider: ExplorerProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

/** `localApis`: the specs running locally, shown first while they run. */
export function registerExplorer(
  context: vscode.ExtensionContext,
  rt: Runtime,
  localApis?: LocalApis,
): ExplorerFeature {
  const provider = new ExplorerProvider(rt, localApis);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.visible = () => view.visible;
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((e) => {
      if (e.visible) provider.shown();
    }),
  );
  return { provider, view };
}
