// What the explorer has loaded: one paged list per tree node, kept until that node (or the view) is refreshed, so
// expanding, collapsing and re-rendering never repeats a call.
import type { Page } from '../../aws/paginate';

export class PagedList<T> {
  items: T[] = [];
  nextToken: string | undefined;
  loaded = false;
  /**
   * Why the last "Load more…" failed, and its log line: the items loaded so far stay, an error node follows them, and
   * "Load more…" asks for the same page again. Cleared by the next page that arrives.
   */
  moreFailure: { err: unknown; logRef: string } | undefined;
  private pending: Promise<void> | undefined;
  /**
   * Every token followed so far: a page is one generator of its own (src/aws/paginate.ts), which only sees the token
   * it starts from, so a token that comes back a page or more later (a → b → a) ends the listing here.
   */
  private readonly followed = new Set<string>();

  constructor(private readonly fetchPage: (nextToken: string | undefined) => Promise<Page<T>>) {}

  /** The first page, fetched once. */
  async ensure(): Promise<void> {
    if (!this.loaded) await (this.pending ??= this.fetch(undefined));
  }

  /** The next page, if there is one ("Load more…"). */
  async more(): Promise<void> {
    await this.ensure();
    if (this.nextToken !== undefined) await (this.pending ??= this.fetch(this.nextToken));
  }

  /** Every page (Go to API, and lists a description needs in full, such as the stages that run a deployment). */
  async all(): Promise<T[]> {
    await this.ensure();
    while (this.nextToken !== undefined) await this.more();
    return this.items;
  }

  private async fetch(token: string | undefined): Promise<void> {
    try {
      const page = await this.fetchPage(token);
      this.items.push(...page.items);
      if (token !== undefined) this.followed.add(token);
      const next = page.nextToken;
      this.nextToken = next !== undefined && !this.followed.has(next) ? next : undefined;
      this.loaded = true;
      this.moreFailure = undefined;
    } finally {
      this.pending = undefined;
    }
  }
}

export class ExplorerCache {
  private readonly lists = new Map<string, PagedList<unknown>>();

  list<T>(id: string, fetchPage: (nextToken: string | undefined) => Promise<Page<T>>): PagedList<T> {
    let l = this.lists.get(id) as PagedList<T> | undefined;
    if (!l) this.lists.set(id, (l = new PagedList(fetchPage)));
    return l;
  }

  peek<T>(id: string): PagedList<T> | undefined {
    return this.lists.get(id) as PagedList<T> | undefined;
  }

  /** Drops the list of exactly this node (its children keep theirs). */
  drop(id: string): void {
    this.lists.delete(id);
  }

  /** Drops the lists of a node and everything under it. */
  invalidate(idPrefix: string): void {
    for (const k of [...this.lists.keys()]) if (k === idPrefix || k.startsWith(`${idPrefix}/`)) this.lists.delete(k);
  }

  clear(): void {
    this.lists.clear();
  }
}
