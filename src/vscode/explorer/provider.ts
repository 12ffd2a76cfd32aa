// The API Gateway explorer view: the tree provider over the nodes, its cache, refresh (a node, the lists a change in
// AWS made stale, or the whole view) and "Load more…". Nothing is fetched until a node is expanded; nothing is
// fetched twice while cached.
import * as vscode from 'vscode';
import type { Page } from '../../aws/bundle';
import { isWorkbenchError } from '../../core/errors';
import type { ResourceChange } from '../capabilities/resources';
import * as config from '../config';
import type { Runtime } from '../runtime';
import type { SpecFacts } from '../protection';
import { workspaceSpecFacts } from '../workspaceSpecs';
import { ExplorerCache } from './data';
import { Glance } from './glance';
import { NodeIds, type NodeId } from './ids';
import { ConnectionNode } from './nodes/connection';
import { LocalApiNode, type LocalApis } from './nodes/local';
import { LoadMoreNode, type ExplorerContext, type Listing, type TreeNode } from './tree';

export const VIEW_ID = 'apigw.explorer';
export const DEFAULT_PAGE_SIZE = 50;

export function pageSize(): number {
  const v = config.value<number>(config.Setting.pageSize, DEFAULT_PAGE_SIZE);
  return Number.isInteger(v) && v >= 1 && v <= 500 ? v : DEFAULT_PAGE_SIZE;
}

/**
 * Outside the shared files and AWS_ACCESS_KEY_ID, a container role or web identity still gives credentials. The
 * instance metadata service is not probed here: on a machine that is not EC2 that probe only times out.
 */
function hasOtherCredentialSource(): boolean {
  const env = process.env;
  return Boolean(
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE,
  );
}

export class ExplorerProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly cache = new ExplorerCache();
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private root: ConnectionNode | undefined;
  private specs: Promise<readonly SpecFacts[]> | undefined;
  private readonly log: Runtime['log'];
  private readonly ctx: ExplorerContext;
  private readonly disposables: vscode.Disposable[] = [];
  readonly glance: Glance;

  constructor(
    private readonly rt: Runtime,
    private readonly localApis: LocalApis = () => [],
  ) {
    this.log = rt.log.child('explorer');
    this.glance = new Glance({
      session: () => rt.connection.session(),
      rerender: () => this.changed.fire(undefined),
      log: this.log,
      enabled: () => config.value<boolean>(config.Setting.explorerMetrics, true),
      visible: () => this.visible(),
    });
    this.ctx = this.context();
    this.disposables.push(
      this.changed,
      rt.connection.onDidChange(() => this.refresh()),
      rt.resources.onDidChange((c) => this.changedInAws(c)),
      config.onDidChange((ids) => {
        if (ids.includes(config.Setting.pageSize) || ids.includes(config.Setting.explorerMetrics)) this.refresh();
      }),
      { dispose: () => this.glance.dispose() },
    );
  }

  /** Whether the view is on screen (set once the view exists: ./feature.ts). */
  visible: () => boolean = () => false;

  /** The view came into sight: the glance reads what the tree asked for while hidden. */
  shown(): void {
    this.glance.shown();
  }

  private context(): ExplorerContext {
    return {
      cache: this.cache,
      session: () => this.rt.connection.session(),
      pageSize,
      page: (listing, token) => this.page(listing, token),
      noCredentials: () => {
        this.rt.connection.setState('noCredentials');
        this.root = undefined;
        this.changed.fire(undefined);
      },
      logError: (what, err) => this.log.error(what, err),
      rerender: () => this.changed.fire(undefined),
      specs: () => (this.specs ??= workspaceSpecFacts()),
      glance: this.glance,
    };
  }

  private async page<T>(listing: Listing<T>, nextToken: string | undefined): Promise<Page<T>> {
    const session = await this.rt.connection.session();
    return this.rt.aws().firstPage(listing(session, { pageSize: pageSize(), ...(nextToken ? { nextToken } : {}) }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const t = node.treeItem();
    t.id = node.id;
    return t;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children();
    return this.rootNodes();
  }

  /** The specs running locally (first), then the connection node. */
  async rootNodes(): Promise<TreeNode[]> {
    const local = this.localApis().map((l) => new LocalApiNode(l.key, l.api));
    return [...local, ...(await this.connectionNodes())];
  }

  /** The connection node, or nothing (the welcome view) when there is no profile or no credentials. */
  private async connectionNodes(): Promise<TreeNode[]> {
    const { connection } = this.rt;
    if (connection.state === 'noCredentials' && this.root === undefined) return [];
    try {
      const conn = await connection.current();
      if (!conn.profileFound && !conn.envCredentials && !hasOtherCredentialSource()) {
        connection.setState('notConnected');
        return [];
      }
      if (this.root?.connection.key !== conn.key) this.root = new ConnectionNode(this.ctx, conn);
      connection.setState('ready');
      return [this.root];
    } catch (err) {
      this.log.error('could not resolve the AWS connection', err);
      connection.setState('notConnected');
      return [];
    }
  }

  /** Refreshes one node (drops what it and its descendants loaded) or, without a node, the whole view. */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.cache.clear();
      this.glance.clear();
      this.root = undefined;
      this.specs = undefined;
      if (this.rt.connection.state === 'noCredentials') this.rt.connection.setState('unknown');
      this.changed.fire(undefined);
      return;
    }
    const target = node instanceof LoadMoreNode ? node.owner : node;
    this.cache.invalidate(target.id);
    this.changed.fire(target === this.root ? undefined : target);
  }

  /**
   * Drops the lists a change in AWS made stale and renders again: only those are fetched again, and only if they
   * were loaded. The API's entry in the region's list changes with it ('api'); a stage's deployment is named in the
   * Deployments folder too.
   */
  private changedInAws(c: ResourceChange): void {
    // A spec started or stopped running locally: its entry comes or goes, nothing in AWS is stale.
    if (c.kinds.includes('local')) this.changed.fire(undefined);
    if (!this.root) return;
    const api = NodeIds.api(this.root.id, c.apiId);
    const stale: NodeId[] = c.kinds.flatMap((k) =>
      k === 'local' ? [] : [k === 'api' ? this.root!.id : NodeIds.folder(api, k)],
    );
    if (stale.length === 0) return;
    for (const id of stale) {
      if (id === this.root.id) this.cache.drop(id);
      else this.cache.invalidate(id);
    }
    this.specs = undefined;
    this.changed.fire(undefined);
  }

  /** "Load more…": the next page of the list that owns the node. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    try {
      await node.owner.list().more();
    } catch (err) {
      // The list keeps the pages it had; an error node follows them, without a toast, and "Load more…" tries the same
      // page again (a throttled page does not cost the pages before it).
      const logRef = this.log.error(`could not load more ${node.owner.what}`, err);
      if (isWorkbenchError(err)) node.owner.list().moreFailure = { err, logRef };
    }
    this.changed.fire(node.owner === this.root ? undefined : node.owner);
  }

  /** The tree node of an API, loading pages of the region's list until it is there (Go to API reveals it). */
  async apiNode(apiId: string): Promise<TreeNode | undefined> {
    const [root] = await this.connectionNodes();
    if (!(root instanceof ConnectionNode)) return undefined;
    const id = NodeIds.api(root.id, apiId);
    const list = root.list();
    await list.ensure();
    while (!list.items.some((a) => a.ApiId === apiId) && list.nextToken !== undefined) await list.more();
    this.changed.fire(undefined);
    return (await root.children()).find((n) => n.id === id);
  }
}
