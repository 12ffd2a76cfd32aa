// What every node under an API shares: the API it belongs to (its scope) and the folder base class, one paged
// listing per folder (Routes, Integrations, Authorizers, Stages, Deployments).
import type * as vscode from 'vscode';
import type { ResourceKind } from '../../../core/awsIds';
import { SUBJECT, type ApiSubject, type NodeSubject, type ResourceRef } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type FolderKind, type NodeId } from '../ids';
import { ListNode, treeItem, type ExplorerContext, type TreeNode } from '../tree';

/** The API a node belongs to: its tree id and what it is. */
export interface ApiScope {
  readonly nodeId: NodeId;
  readonly api: ApiSubject;
}

export function resourceRef(scope: ApiScope, kind: ResourceKind, id: string, label: string): ResourceRef {
  return { kind, apiId: scope.api.id, id, region: scope.api.region, label };
}

export abstract class ApiFolder<T> extends ListNode<T> {
  readonly id: NodeId;
  abstract readonly label: string;
  abstract readonly icon: string;
  constructor(
    parent: TreeNode,
    ctx: ExplorerContext,
    readonly scope: ApiScope,
    readonly kind: FolderKind,
  ) {
    super(parent, ctx);
    this.id = NodeIds.folder(scope.nodeId, kind);
  }

  treeItem(): vscode.TreeItem {
    const l = this.ctx.cache.peek<T>(this.id);
    return treeItem({
      label: this.label,
      collapsed: true,
      icon: this.icon,
      contextValue: ContextValues.folder[this.kind],
      ...(l?.loaded ? { description: `${l.items.length}${l.nextToken !== undefined ? '+' : ''}` } : {}),
    });
  }

  /** The API, not the API as a resource: Copy ID and the deletes have nothing to act on here. */
  override [SUBJECT](): NodeSubject {
    const { resource: _api, ...rest } = super[SUBJECT]();
    return rest;
  }
}
