// Every paginated list is an async generator of pages: callers show one page at a time ("Load more…") or drain it.

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextToken?: string;
}

export interface ListOptions {
  /** MaxResults per call. */
  pageSize?: number;
  /** Resume after a page already shown. */
  nextToken?: string;
  signal?: AbortSignal;
}

/**
 * Follows NextToken until the last page. A missing or repeated token ends the listing: some emulators ignore
 * NextToken and would otherwise loop forever (docs/AWS.md, Credentials and endpoints).
 */
export async function* paginate<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
  start?: string,
): AsyncGenerator<Page<T>> {
  const seen = new Set<string>();
  let token = start;
  for (;;) {
    const out = await fetchPage(token);
    const next = out.nextToken || undefined;
    const done = next === undefined || seen.has(next) || next === token;
    yield { items: out.items ?? [], ...(done ? {} : { nextToken: next }) };
    if (done) return;
    seen.add(next);
    token = next;
  }
}

/** Every item of every page. */
export async function all<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.items);
  return out;
}

/** The first page only (one call). */
export async function firstPage<T>(pages: AsyncGenerator<Page<T>>): Promise<Page<T>> {
  const r = await pages.next();
  await pages.return(undefined);
  return r.done ? { items: [] } : r.value;
}

/** `fn` over every item, at most `limit` at a time; the results in the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
