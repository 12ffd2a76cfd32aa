// Key/value rows that come with their parent's data (stage variables, route settings): no call.
import type * as vscode from 'vscode';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { PartNode, TreeNode, treeItem } from '../tree';

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
    return this.rows.map(
      ([k, v]) =>
        new PartNode(this, k, { label: k, description: v, tooltip: `${k} = ${v}`, contextValue: ContextValues.detail }),
    );
  }
}
