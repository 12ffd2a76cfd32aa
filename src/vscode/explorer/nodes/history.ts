// A stage's history (its `apigw:history:N` tags), newest first: which deployment each change set, from which, who,
// when; and a first row when the stage was changed outside the workbench.
import type * as vscode from 'vscode';
import { historyEntryText, outsideChangeText } from '../../../core/explorer/format';
import type { StageHistoryView } from '../../../core/history';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem } from '../tree';

export class StageHistoryNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: TreeNode,
    readonly view: StageHistoryView,
  ) {
    super(parent);
    this.id = NodeIds.part(parent.id, 'history');
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: 'History',
      collapsed: true,
      icon: 'history',
      description: String(this.view.entries.length),
      contextValue: ContextValues.details,
      tooltip: "Promotions, rollbacks and deploys by API Gateway Workbench, from the stage's apigw:history tags",
    });
  }

  override async children(): Promise<TreeNode[]> {
    const { current, outsideChange, entries } = this.view;
    const out: TreeNode[] = [];
    if (outsideChange && current) out.push(new HistoryEntryNode(this, 'outside', current, outsideChangeText(current)));
    for (const e of entries) out.push(new HistoryEntryNode(this, String(e.seq), e.deploymentId, historyEntryText(e)));
    return out;
  }
}

export class HistoryEntryNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: StageHistoryNode,
    key: string,
    readonly deploymentId: string,
    readonly text: { description: string; tooltip: string },
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, key);
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: this.deploymentId,
      description: this.text.description,
      tooltip: this.text.tooltip,
      icon: 'git-commit',
      contextValue: ContextValues.historyEntry,
    });
  }
}
