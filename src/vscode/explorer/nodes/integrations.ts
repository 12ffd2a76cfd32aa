// Integrations: the folder (GetIntegrations, paged) and an integration, named by what it calls.
import type { Integration, Route } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { integrationDescription, integrationTarget, integrationTooltip } from '../../../core/explorer/format';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem, type ExplorerContext } from '../tree';
import { ApiFolder, resourceRef, type ApiScope } from './folder';

export class IntegrationsNode extends ApiFolder<Integration> {
  readonly label = 'Integrations';
  readonly icon = 'plug';
  readonly what = 'integrations';
  readonly empty = 'No integrations';
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'integrations');
  }
  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.integrations(this.scope.api.id, o);
  }
  protected node(i: Integration): TreeNode {
    return new IntegrationNode(this, this.scope, i);
  }

  /** Routes already shown name their targets once these are loaded: render them again when more arrive. */
  override async children(): Promise<TreeNode[]> {
    const count = () => this.ctx.cache.peek<Integration>(this.id)?.items.length ?? 0;
    const before = count();
    const kids = await super.children();
    const routes = this.ctx.cache.peek<Route>(NodeIds.folder(this.scope.nodeId, 'routes'));
    if (routes?.loaded && count() !== before) this.ctx.rerender();
    return kids;
  }
}

function integrationIcon(i: Integration): string {
  if (/:function:/.test(i.IntegrationUri ?? '')) return 'symbol-function';
  return i.ConnectionType === 'VPC_LINK' ? 'lock' : 'link-external';
}

export class IntegrationNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: IntegrationsNode,
    readonly scope: ApiScope,
    readonly integration: Integration,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, integration.IntegrationId ?? '');
  }

  treeItem(): vscode.TreeItem {
    const i = this.integration;
    return treeItem({
      label: integrationTarget(i),
      description: integrationDescription(i),
      icon: integrationIcon(i),
      contextValue: ContextValues.integration,
      tooltip: integrationTooltip(i),
    });
  }

  override [SUBJECT](): NodeSubject {
    const i = this.integration;
    return {
      ...super[SUBJECT](),
      resource: resourceRef(this.scope, 'integration', i.IntegrationId ?? '', integrationTarget(i)),
    };
  }
}
