// Key/value rows that come with their parent's data (stage variables, route settings): no call.
import type * as vscode from 'vscode';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem } from '../tree';

export class DetailGroupNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: TreeNode,
    kind: string,
    readonly label: string,
    readonly icon: string,
    readonly rows: ReadonlyArray<readonly [string, string]>,
  ) {
    super(parent);
    this.id = NodeIds.part(parent.id, kind);
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: this.label,
      collapsed: true,
      icon: this.icon,
      description: String(this.rows.length),
      contextValue: ContextValues.details,
    });
  }

  override async children(): Promise<TreeNode[]> {
    return this.rows.map(([k, v]) => new DetailNode(this, k, v));
  }
}

export class DetailNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: TreeNode,
    readonly key: string,
    readonly value: string,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, key);
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: this.key,
      description: this.value,
      tooltip: `${this.key} = ${this.value}`,
      contextValue: ContextValues.detail,
    });
  }
}
