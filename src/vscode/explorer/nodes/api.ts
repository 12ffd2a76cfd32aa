// An API: its folders (Models too, for a WebSocket API), each listed only when expanded.
import type { Api } from '@aws-sdk/client-apigatewayv2';
import * as vscode from 'vscode';
import { apiDescription, apiTooltip, glanceDescription, withAlarms } from '../../../core/explorer/format';
import { worstState } from '../../../core/metrics/alarms';
import { apiSubject, SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem, type ExplorerContext } from '../tree';
import { AuthorizersNode } from './authorizers';
import { DeploymentsNode } from './deployments';
import { resourceRef, type ApiScope } from './folder';
import { IntegrationsNode } from './integrations';
import { ModelsNode } from './models';
import { RoutesNode } from './routes';
import { StagesNode } from './stages';

export class ApiNode extends TreeNode {
  readonly id: NodeId;
  readonly scope: ApiScope;
  constructor(
    parent: TreeNode,
    private readonly ctx: ExplorerContext,
    readonly api: Api,
    region: string,
  ) {
    super(parent);
    this.id = NodeIds.api(parent.id, api.ApiId ?? '');
    this.scope = { nodeId: this.id, api: apiSubject(api, region) };
  }

  treeItem(): vscode.TreeItem {
    const websocket = this.scope.api.protocol === 'WEBSOCKET';
    const alarms = this.ctx.glance.alarms({ apiId: this.scope.api.id });
    const alarm = alarms && worstState(alarms);
    const icon = websocket ? 'plug' : 'globe';
    return treeItem({
      label: this.api.Name ?? this.api.ApiId ?? '',
      collapsed: true,
      description: glanceDescription(apiDescription(this.api), { alarm }),
      icon: alarm === 'ALARM' ? new vscode.ThemeIcon(icon, new vscode.ThemeColor('errorForeground')) : icon,
      contextValue: ContextValues.api[this.scope.api.protocol],
      tooltip: withAlarms(apiTooltip(this.api), alarms),
    });
  }

  override async children(): Promise<TreeNode[]> {
    const { ctx, scope } = this;
    return [
      new RoutesNode(this, ctx, scope),
      new IntegrationsNode(this, ctx, scope),
      new AuthorizersNode(this, ctx, scope),
      ...(scope.api.protocol === 'WEBSOCKET' ? [new ModelsNode(this, ctx, scope)] : []),
      new StagesNode(this, ctx, scope),
      new DeploymentsNode(this, ctx, scope),
    ];
  }

  override [SUBJECT](): NodeSubject {
    const { api } = this.scope;
    return { ...super[SUBJECT](), api, resource: resourceRef(this.scope, 'api', api.id, api.name) };
  }
}
