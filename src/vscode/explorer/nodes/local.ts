// A spec running locally (Run Spec Locally): a top-level entry while it runs, its URL as description, its routes as
// children with what plays their integration on this machine. Nothing here calls AWS; the words are pure in
// src/core/explorer/format.ts.
import type * as vscode from 'vscode';
import {
  localApiLabel,
  localApiTooltip,
  localRouteDescription,
  localRouteTooltip,
  type ShownLocalApi,
  type ShownLocalRoute,
} from '../../../core/explorer/format';
import { redact } from '../../../core/redact';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { MessageNode, TreeNode, treeItem } from '../tree';

/** What the explorer reads of the running local APIs (the local feature gives it; the explorer imports no feature). */
export type LocalApis = () => ReadonlyArray<{ readonly key: string; readonly api: ShownLocalApi }>;

export class LocalApiNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    readonly key: string,
    readonly api: ShownLocalApi,
  ) {
    super(undefined);
    this.id = NodeIds.local(key);
  }

  /** Its menu's commands (Stop, Restart, Show Traffic…, Connect) act on this run; its routes' too. */
  override [SUBJECT](): NodeSubject {
    return { local: this.key };
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: localApiLabel(this.api),
      collapsed: true,
      // A URL is shown outside the Runtime's prompts: redacted here (it carries no credentials, but one rule for all).
      description: redact(this.api.url),
      icon: 'radio-tower',
      contextValue: ContextValues.local[this.api.protocol],
      tooltip: localApiTooltip(this.api),
    });
  }

  override children(): Promise<TreeNode[]> {
    if (this.api.routes.length === 0) return Promise.resolve([new MessageNode(this, 'No routes')]);
    return Promise.resolve(this.api.routes.map((r) => new LocalRouteNode(this, r)));
  }
}

export class LocalRouteNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    override readonly parent: LocalApiNode,
    readonly route: ShownLocalRoute,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, route.key);
  }

  treeItem(): vscode.TreeItem {
    const r = this.route;
    return treeItem({
      label: r.key,
      description: localRouteDescription(r),
      icon: r.functionName && !r.handler ? 'warning' : 'arrow-right',
      contextValue: ContextValues.localRoute,
      tooltip: localRouteTooltip(r, this.parent.api),
    });
  }
}
