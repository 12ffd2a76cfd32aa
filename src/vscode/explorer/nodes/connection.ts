// The root: `profile · region`, its APIs (GetApis, paged; the credentials are checked first) and, last and collapsed,
// the custom domain names.
import type { Api } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, Connection, ListOptions, Page } from '../../../aws/bundle';
import { connectionTooltip } from '../../../core/explorer/format';
import { redact } from '../../../core/redact';
import { SUBJECT, type NodeSubject } from '../../commands/subjects';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { ListNode, treeItem, type ExplorerContext, type TreeNode } from '../tree';
import { ApiNode } from './api';
import { DomainsNode } from './domains';

export class ConnectionNode extends ListNode<Api> {
  readonly id: NodeId;
  readonly what = 'APIs';
  readonly empty: string;
  constructor(
    ctx: ExplorerContext,
    readonly connection: Connection,
  ) {
    super(undefined, ctx);
    this.id = NodeIds.connection(connection.key);
    this.empty = `No HTTP or WebSocket APIs in ${connection.region}`;
  }

  treeItem(): vscode.TreeItem {
    // Shown outside the Runtime's prompts: an endpoint URL with credentials in it is redacted here.
    const c = { ...this.connection, endpointUrl: this.connection.endpointUrl && redact(this.connection.endpointUrl) };
    return treeItem({
      label: `${c.profile} · ${c.region}`,
      collapsed: 'expanded',
      icon: 'cloud',
      contextValue: ContextValues.connection,
      ...(c.endpointUrl ? { description: c.endpointUrl.replace(/^https?:\/\//, '') } : {}),
      tooltip: connectionTooltip(c),
    });
  }

  protected async *listing(s: AwsSession, o: ListOptions): AsyncGenerator<Page<Api>> {
    await s.checkCredentials();
    yield* s.apigw.apis(o);
  }

  protected node(api: Api): TreeNode {
    return new ApiNode(this, this.ctx, api, this.connection.region);
  }

  override async children(): Promise<TreeNode[]> {
    const apis = await super.children();
    // Custom domains come last, collapsed: nothing is fetched for them until they are expanded.
    return [...apis, new DomainsNode(this, this.ctx, () => this.list().items)];
  }

  override [SUBJECT](): NodeSubject {
    return { connectionKey: this.connection.key };
  }
}
