// The explorer's small tree framework: a base node that says what it stands for (its command subject), placeholder,
// error and "Load more…" nodes, a node whose children are one paged AWS listing, and childrenOf(), the one way
// children load (an error becomes a node with its fix and its log line, never a toast). Resource nodes: ./nodes/.
import * as vscode from 'vscode';
import type { AwsSession, ListOptions, Page } from '../../aws/bundle';
import type { WorkbenchError } from '../../core/errors';
import { renderTooltip, type Tooltip } from '../../core/explorer/tooltip';
import { redact } from '../../core/redact';
import { forDisplay } from '../commands/errors';
import { SUBJECT, type NodeSubject, type SubjectSource } from '../commands/subjects';
import type { SpecFacts } from '../protection';
import { ContextValues, type ContextValue } from './contextValues';
import type { ExplorerCache, PagedList } from './data';
import type { Glance } from './glance';
import { NodeIds, type NodeId } from './ids';

/** What nodes need from the explorer. */
export interface ExplorerContext {
  readonly cache: ExplorerCache;
  session(): Promise<AwsSession>;
  pageSize(): number;
  /** One page of a listing, with the page size and from the token. */
  page<T>(listing: Listing<T>, nextToken: string | undefined): Promise<Page<T>>;
  /** The connection's credentials could not be found: the view shows its welcome content instead. */
  noCredentials(): void;
  /** Renders the tree again from what is cached (no call): routes name their integrations once those are loaded. */
  rerender(): void;
  /** Logs a failure; returns the reference its log line carries. */
  logError(what: string, err: unknown): string;
  /** The workspace's gateway specs (read once per refresh): a stage its spec protects says so. */
  specs(): Promise<readonly SpecFacts[]>;
  /** Stages' last hour and alarm states, read together for what the tree shows (./glance.ts). */
  readonly glance: Glance;
}

export type Listing<T> = (session: AwsSession, o: ListOptions) => AsyncGenerator<Page<T>>;

export interface ItemParts {
  label: string | vscode.TreeItemLabel;
  collapsed?: boolean | 'expanded';
  description?: string;
  icon?: string | vscode.ThemeIcon;
  contextValue: ContextValue;
  tooltip?: Tooltip | string;
  command?: vscode.Command;
}

/** A label as shown: what AWS returns passes the redactor (a label may be a URL with a password in it). */
function shownLabel(label: string | vscode.TreeItemLabel): string | vscode.TreeItemLabel {
  return typeof label === 'string' ? redact(label) : { ...label, label: redact(label.label) };
}

/**
 * A TreeItem from its parts: label, description and a string tooltip pass the redactor here; Tooltip data is
 * rendered, escaped and redacted by src/core/explorer/tooltip.ts.
 */
export function treeItem(p: ItemParts): vscode.TreeItem {
  const state =
    p.collapsed === 'expanded'
      ? vscode.TreeItemCollapsibleState.Expanded
      : p.collapsed
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
  const t = new vscode.TreeItem(shownLabel(p.label), state);
  if (p.description !== undefined) t.description = redact(p.description);
  if (p.icon !== undefined) t.iconPath = typeof p.icon === 'string' ? new vscode.ThemeIcon(p.icon) : p.icon;
  t.contextValue = p.contextValue;
  if (typeof p.tooltip === 'string') t.tooltip = redact(p.tooltip);
  else if (p.tooltip) t.tooltip = new vscode.MarkdownString(renderTooltip(p.tooltip));
  if (p.command) t.command = p.command;
  return t;
}

export abstract class TreeNode implements SubjectSource {
  abstract readonly id: NodeId;
  constructor(readonly parent: TreeNode | undefined) {}
  abstract treeItem(): vscode.TreeItem;
  children(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
  /** What the node stands for, as commands see it: by default what its parent stands for (the API above a folder). */
  [SUBJECT](): NodeSubject {
    return this.parent ? this.parent[SUBJECT]() : {};
  }
}

/**
 * A node shown by what it is, with no commands of its own (a model, a route or integration response, a stage
 * variable): its item is built once, from what its parent's listing or data holds.
 */
export class PartNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: TreeNode,
    id: string,
    private readonly parts: ItemParts,
  ) {
    super(parent);
    this.id = NodeIds.item(parent.id, id);
  }

  treeItem(): vscode.TreeItem {
    return treeItem(this.parts);
  }
}

/** "No routes": a placeholder where a listing is empty. */
export class MessageNode extends TreeNode {
  readonly id: NodeId;
  constructor(
    parent: TreeNode,
    readonly label: string,
  ) {
    super(parent);
    this.id = NodeIds.part(parent.id, 'empty');
  }

  treeItem(): vscode.TreeItem {
    return treeItem({ label: this.label, icon: 'info', contextValue: ContextValues.placeholder });
  }
}

/** A listing that failed: says what, carries the error's fix and the reference of its log line. */
export class ErrorNode extends TreeNode {
  readonly id: NodeId;
  readonly error: WorkbenchError;
  constructor(
    parent: TreeNode,
    readonly what: string,
    err: unknown,
    readonly logRef: string,
  ) {
    super(parent);
    this.id = NodeIds.part(parent.id, 'error');
    // A tree item is shown outside the Runtime's prompts: what it says of the error is redacted here, once.
    this.error = forDisplay(err);
  }

  get expired(): boolean {
    return this.error.code === 'ExpiredToken';
  }

  treeItem(): vscode.TreeItem {
    const e = this.error;
    const color = new vscode.ThemeColor(this.expired ? 'list.warningForeground' : 'list.errorForeground');
    return treeItem({
      label: this.expired
        ? `${e.message.replace(/\.$/, '')} — ${e.hint ?? e.fix?.label ?? 'sign in again'}`
        : `Could not load ${this.what}`,
      description: this.expired ? '' : 'click for details',
      icon: new vscode.ThemeIcon(this.expired ? 'warning' : 'error', color),
      contextValue: ContextValues.error,
      tooltip: {
        title: `Could not load ${this.what}`,
        paragraphs: [e.message, e.hint ?? ''],
        notes: [`Log line ${this.logRef}${e.fix ? `; fix: ${e.fix.label}` : ''}`],
      },
      command: { command: 'apigw.showErrorDetails', title: 'Show Details', arguments: [this] },
    });
  }
}

export class LoadMoreNode extends TreeNode {
  readonly id: NodeId;
  constructor(readonly owner: ListNode<unknown>) {
    super(owner);
    this.id = NodeIds.part(owner.id, 'more');
  }

  treeItem(): vscode.TreeItem {
    return treeItem({
      label: 'Load more…',
      icon: 'more',
      contextValue: ContextValues.loadMore,
      tooltip: `Load the next page of ${this.owner.what}`,
      command: { command: 'apigw.loadMore', title: 'Load More', arguments: [this] },
    });
  }
}

export interface ChildrenOptions {
  ctx: ExplorerContext;
  parent: TreeNode;
  /** What is listed, for messages: "routes". */
  what: string;
  /** The placeholder when there is nothing: "No routes". */
  empty: string;
  load: () => Promise<TreeNode[]>;
}

/**
 * The one way every node loads its children: the children, a placeholder when there are none, or an error node;
 * never a toast (getChildren runs whenever VS Code renders).
 */
export async function childrenOf(o: ChildrenOptions): Promise<TreeNode[]> {
  try {
    const nodes = await o.load();
    return nodes.length ? nodes : [new MessageNode(o.parent, o.empty)];
  } catch (err) {
    const ref = o.ctx.logError(`could not load ${o.what}`, err);
    const node = new ErrorNode(o.parent, o.what, err, ref);
    if (node.error.code === 'NoCredentials') o.ctx.noCredentials();
    return [node];
  }
}

/** A node whose children are one paged AWS listing: the items loaded so far, then "Load more…" while pages remain. */
export abstract class ListNode<T> extends TreeNode {
  abstract readonly what: string;
  abstract readonly empty: string;
  protected abstract listing(session: AwsSession, o: ListOptions): AsyncGenerator<Page<T>>;
  protected abstract node(item: T): TreeNode;
  constructor(
    parent: TreeNode | undefined,
    protected readonly ctx: ExplorerContext,
  ) {
    super(parent);
  }

  list(): PagedList<T> {
    return this.ctx.cache.list<T>(this.id, (token) => this.ctx.page((s, o) => this.listing(s, o), token));
  }

  override children(): Promise<TreeNode[]> {
    return childrenOf({
      ctx: this.ctx,
      parent: this,
      what: this.what,
      empty: this.empty,
      load: async () => {
        const l = this.list();
        await l.ensure();
        const nodes = l.items.map((i) => this.node(i));
        if (l.moreFailure)
          nodes.push(new ErrorNode(this, `more ${this.what}`, l.moreFailure.err, l.moreFailure.logRef));
        if (l.nextToken !== undefined) nodes.push(new LoadMoreNode(this as ListNode<unknown>));
        return nodes;
      },
    });
  }
}
