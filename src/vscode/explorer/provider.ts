// The API Gateway explorer view: the tree provider over the nodes, its cache, refresh (a node or the whole view) and
// "Load more…". Nothing is fetched until a node is expanded; nothing is fetched twice while cached.
import * as vscode from 'vscode';
import { isWorkbenchError } from '../../core/errors';
import * as config from '../config';
import type { ConnectionManager } from '../connection';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { ExplorerCache } from './data';
import { ApiNode, ConnectionNode, type ExplorerNode, ListNode, LoadMoreNode, type ExplorerContext } from './nodes';

export const VIEW_ID = 'apigw.explorer';
export const DEFAULT_PAGE_SIZE = 50;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  readonly cache = new ExplorerCache();
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private root: ConnectionNode | undefined;
  private readonly log: Logger;
  private readonly ctx: ExplorerContext;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    rt: Runtime,
    private readonly connection: ConnectionManager,
  ) {
    this.log = rt.log.child('explorer');
    this.ctx = {
      cache: this.cache,
      session: () => this.connection.session(),
      pageSize: () => pageSize(),
      noCredentials: () => {
        this.connection.setState('noCredentials');
        this.root = undefined;
        this.changed.fire(undefined);
      },
      logError: (what, err) => this.log.error(what, err),
      rerender: () => this.changed.fire(undefined),
    };
    this.disposables.push(
      this.changed,
      connection.onDidChange(() => this.refresh()),
      config.onDidChange((ids) => {
        if (ids.includes(config.Setting.pageSize)) this.refresh();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const t = node.treeItem();
    t.id = node.id;
    return t;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children();
    return this.rootNodes();
  }

  /** The connection node, or nothing (the welcome view) when there is no profile or no credentials. */
  async rootNodes(): Promise<ExplorerNode[]> {
    if (this.connection.state === 'noCredentials' && this.root === undefined) return [];
    try {
      const conn = await this.connection.current();
      if (!conn.profileFound && !conn.envCredentials && !this.hasAnyCredentialSource()) {
        this.connection.setState('notConnected');
        return [];
      }
      if (this.root?.connection.key !== conn.key) this.root = new ConnectionNode(this.ctx, conn);
      this.connection.setState('ready');
      return [this.root];
    } catch (err) {
      this.log.error('could not resolve the AWS connection', err);
      this.connection.setState('notConnected');
      return [];
    }
  }

  /**
   * Outside the shared files and AWS_ACCESS_KEY_ID, a container role or web identity still gives credentials. The
   * instance metadata service is not probed here: on a machine that is not EC2 that probe only times out.
   */
  private hasAnyCredentialSource(): boolean {
    const env = process.env;
    return Boolean(
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE,
    );
  }

  /** Refreshes one node (drops what it and its descendants loaded) or, without a node, the whole view. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.cache.clear();
      this.root = undefined;
      if (this.connection.state === 'noCredentials') this.connection.setState('unknown');
      this.changed.fire(undefined);
      return;
    }
    const target = node instanceof LoadMoreNode ? node.owner : node;
    this.cache.invalidate(target.id);
    this.changed.fire(target === this.root ? undefined : target);
  }

  /**
   * Drops what the nodes with these ids (and their descendants) loaded and renders the tree again: for changes made
   * by a command, whose node objects VS Code may not hold. Only the dropped lists are fetched again.
   */
  refreshIds(ids: string[]): void {
    for (const id of ids) this.cache.invalidate(id);
    this.changed.fire(undefined);
  }

  /** "Load more…": the next page of the list that owns the node. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    try {
      await node.owner.list().more();
    } catch (err) {
      // The list keeps what it had; its next render shows the error node, without a toast.
      this.log.error(`could not load more ${node.owner.what}`, err);
      if (isWorkbenchError(err)) this.cache.invalidate(node.owner.id);
    }
    this.changed.fire(node.owner === this.root ? undefined : node.owner);
  }

  /** The API nodes of every page (loading all pages): Go to API searches these. */
  async allApis(): Promise<ApiNode[]> {
    const [root] = await this.rootNodes();
    if (!(root instanceof ConnectionNode)) return [];
    await root.list().all();
    this.changed.fire(undefined);
    return (await root.children()).filter((n): n is ApiNode => n instanceof ApiNode);
  }

  get connectionNode(): ConnectionNode | undefined {
    return this.root;
  }
}

export function pageSize(): number {
  const v = config.value<number>(config.Setting.pageSize, DEFAULT_PAGE_SIZE);
  return Number.isInteger(v) && v >= 1 && v <= 500 ? v : DEFAULT_PAGE_SIZE;
}

export function isListNode(n: ExplorerNode): n is ListNode<unknown> {
  return n instanceof ListNode;
}
