// Custom domain names (GetDomainNames, paged) and their API mappings, listed only when expanded.
import type { Api, ApiMapping, DomainName } from '@aws-sdk/client-apigatewayv2';
import type * as vscode from 'vscode';
import type { AwsSession, ListOptions } from '../../../aws/bundle';
import { domainDescription, domainTooltip, mappingText } from '../../../core/explorer/format';
import { ContextValues } from '../contextValues';
import { NodeIds, type NodeId } from '../ids';
import { ListNode, TreeNode, treeItem, type ExplorerContext } from '../tree';

/** The APIs the connection node has loaded so far: mappings name them without a call. */
export type KnownApis = () => readonly Api[];

export class DomainsNode extends ListNode<DomainName> {
  readonly id: NodeId;
  readonly what = 'custom domain names';
  readonly empty = 'No custom domain names';
  constructor(
    parent: TreeNode,
    ctx: ExplorerContext,
    private readonly apis: KnownApis,
  ) {
    super(parent, ctx);
    this.id = NodeIds.part(parent.id, 'domains');
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: 'Custom domain names',
      collapsed: true,
      icon: 'globe',
      contextValue: ContextValues.folder.domains,
    });
  }

  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.domainNames(o);
  }
  protected node(d: DomainName): TreeNode {
    return new DomainNode(this, this.ctx, d, this.apis);
  }
}

export class DomainNode extends ListNode<ApiMapping> {
  readonly id: NodeId;
  readonly what = 'API mappings';
  readonly empty = 'No API mappings';
  constructor(
    parent: DomainsNode,
    ctx: ExplorerContext,
    readonly domain: DomainName,
    private readonly apis: KnownApis,
  ) {
    super(parent, ctx);
    this.id = NodeIds.item(parent.id, domain.DomainName ?? '');
  }

  treeItem(): vscode.TreeItem {
    const d = this.domain;
    return treeItem({
      label: d.DomainName ?? '',
      collapsed: true,
      description: domainDescription(d),
      icon: 'link',
      contextValue: ContextValues.domain,
      tooltip: domainTooltip(d),
    });
  }

  protected listing(s: AwsSession, o: ListOptions) {
    return s.apigw.apiMappings(this.domain.DomainName ?? '', o);
  }
  protected node(m: ApiMapping): TreeNode {
    const name = this.apis().find((a) => a.ApiId === m.ApiId)?.Name;
    return new ApiMappingNode(this, mappingText(this.domain.DomainName ?? '', m, name), m.ApiMappingId ?? '');
  }
}

export class ApiMappingNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: DomainNode,
    readonly text: { label: string; description: string; tooltip: string },
    mappingId: string,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, mappingId);
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: this.text.label,
      description: this.text.description,
      icon: 'arrow-right',
      contextValue: ContextValues.apiMapping,
      tooltip: this.text.tooltip,
    });
  }
}
