// Integrations: the folder (GetIntegrations, paged) and an integration, named by what it calls. A WebSocket API's
// integration that is not a proxy lists its integration responses.
import type { Integration, IntegrationResponse, Route } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import {
  integrationDescription,
  integrationResponseDescription,
  integrationResponseTooltip,
  integrationTarget,
  integrationTooltip,
} from '../../../core/explorer/format';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { ListNode, PartNode, type TreeNode, treeItem, type ExplorerContext } from '../tree';
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
    return new IntegrationNode(this, this.ctx, this.scope, i);
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

export class IntegrationNode extends ListNode<IntegrationResponse> {
  readonly id: NodeId;
  readonly what = 'integration responses';
  readonly empty = 'No integration responses';
  constructor(
    parent: IntegrationsNode,
    ctx: ExplorerContext,
    readonly scope: ApiScope,
    readonly integration: Integration,
  ) {
    super(parent, ctx);
    this.id = NodeIds.item(parent.id, integration.IntegrationId ?? '');
  }

  /** Integration responses are a WebSocket API's, for integrations that are not proxies (AWS, HTTP, MOCK). */
  private responds(): boolean {
    return this.scope.api.protocol === 'WEBSOCKET' && !(this.integration.IntegrationType ?? '').endsWith('_PROXY');
  }

  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.integrationResponses(this.scope.api.id, this.integration.IntegrationId ?? '', o);
  }

  protected node(r: IntegrationResponse): TreeNode {
    return new PartNode(this, r.IntegrationResponseId ?? '', {
      label: r.IntegrationResponseKey ?? r.IntegrationResponseId ?? '',
      description: integrationResponseDescription(r),
      icon: 'reply',
      contextValue: ContextValues.integrationResponse,
      tooltip: integrationResponseTooltip(r),
    });
  }

  treeItem(): vscode.TreeItem {
    const i = this.integration;
    return treeItem({
      label: integrationTarget(i),
      collapsed: this.responds(),
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
