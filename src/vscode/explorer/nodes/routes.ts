// Routes: the folder (GetRoutes, paged) and a route, named by its key and described by its authorization and target.
// A WebSocket route with a route response selection expression (a two-way route) lists its route responses.
import type { Integration, Route, RouteResponse } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import {
  routeAuthorized,
  routeDescription,
  routeIntegrationId,
  routeResponseDescription,
  routeResponseTooltip,
  routeTooltip,
} from '../../../core/explorer/format';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { ListNode, PartNode, type TreeNode, treeItem, type ExplorerContext } from '../tree';
import { ApiFolder, resourceRef, type ApiScope } from './folder';

export class RoutesNode extends ApiFolder<Route> {
  readonly label = 'Routes';
  readonly icon = 'symbol-interface';
  readonly what = 'routes';
  readonly empty = 'No routes';
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'routes');
  }
  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.routes(this.scope.api.id, o);
  }
  protected node(r: Route): TreeNode {
    return new RouteNode(this, this.ctx, this.scope, r);
  }
}

export class RouteNode extends ListNode<RouteResponse> {
  readonly id: NodeId;
  readonly what = 'route responses';
  readonly empty = 'No route responses';
  constructor(
    parent: RoutesNode,
    ctx: ExplorerContext,
    readonly scope: ApiScope,
    readonly route: Route,
  ) {
    super(parent, ctx);
    this.id = NodeIds.item(parent.id, route.RouteId ?? '');
  }

  /** A two-way WebSocket route: its responses are listed when it is expanded. */
  private twoWay(): boolean {
    return this.scope.api.protocol === 'WEBSOCKET' && Boolean(this.route.RouteResponseSelectionExpression);
  }

  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.routeResponses(this.scope.api.id, this.route.RouteId ?? '', o);
  }

  protected node(r: RouteResponse): TreeNode {
    return new PartNode(this, r.RouteResponseId ?? '', {
      label: r.RouteResponseKey ?? r.RouteResponseId ?? '',
      description: routeResponseDescription(r),
      icon: 'reply',
      contextValue: ContextValues.routeResponse,
      tooltip: routeResponseTooltip(r),
    });
  }

  /** The integration it targets, once the Integrations folder has loaded it (no call for it here). */
  private target(): Integration | undefined {
    const id = routeIntegrationId(this.route);
    const loaded = this.ctx.cache.peek<Integration>(NodeIds.folder(this.scope.nodeId, 'integrations'));
    return id === undefined ? undefined : loaded?.items.find((i) => i.IntegrationId === id);
  }

  treeItem(): vscode.TreeItem {
    const r = this.route;
    const target = this.target();
    return treeItem({
      label: r.RouteKey ?? r.RouteId ?? '',
      collapsed: this.twoWay(),
      description: routeDescription(r, target),
      icon: routeAuthorized(r) ? 'lock' : 'arrow-right',
      contextValue: ContextValues.route[this.scope.api.protocol],
      tooltip: routeTooltip(r, target),
    });
  }

  override [SUBJECT](): NodeSubject {
    const { api } = this.scope;
    const id = this.route.RouteId ?? '';
    const key = this.route.RouteKey ?? id;
    return {
      ...super[SUBJECT](),
      route: { api, id, key, route: this.route },
      resource: resourceRef(this.scope, 'route', id, key),
    };
  }
}
