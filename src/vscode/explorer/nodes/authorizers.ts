// Authorizers: the folder (GetAuthorizers, paged) and an authorizer.
import type { Authorizer } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { authorizerDescription, authorizerTooltip } from '../../../core/explorer/format';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { TreeNode, treeItem, type ExplorerContext } from '../tree';
import { ApiFolder, resourceRef, type ApiScope } from './folder';

export class AuthorizersNode extends ApiFolder<Authorizer> {
  readonly label = 'Authorizers';
  readonly icon = 'shield';
  readonly what = 'authorizers';
  readonly empty = 'No authorizers';
  constructor(parent: TreeNode, ctx: ExplorerContext, scope: ApiScope) {
    super(parent, ctx, scope, 'authorizers');
  }
  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.authorizers(this.scope.api.id, o);
  }
  protected node(a: Authorizer): TreeNode {
    return new AuthorizerNode(this, this.scope, a);
  }
}

export class AuthorizerNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: AuthorizersNode,
    readonly scope: ApiScope,
    readonly authorizer: Authorizer,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, authorizer.AuthorizerId ?? '');
  }

  treeItem(): vscode.TreeItem {
    const a = this.authorizer;
    return treeItem({
      label: a.Name ?? a.AuthorizerId ?? '',
      description: authorizerDescription(a),
      icon: 'shield',
      contextValue: ContextValues.authorizer,
      tooltip: authorizerTooltip(a),
    });
  }

  override [SUBJECT](): NodeSubject {
    const a = this.authorizer;
    return { ...super[SUBJECT](), resource: resourceRef(this.scope, 'authorizer', a.AuthorizerId ?? '', a.Name ?? '') };
  }
}
