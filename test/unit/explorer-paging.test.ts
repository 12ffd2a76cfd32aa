// The explorer's paged lists (src/vscode/explorer/data.ts): each node fetches its listing a page at a time, one
// generator per page, so a token that comes back on a later page must still end the listing. AWS never repeats a
// NextToken; an emulator or proxy that does is stood in for here by a page function, since the local AWS service
// pages as AWS does.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from '../../src/aws/paginate';
import { PagedList } from '../../src/vscode/explorer/data';

/** Pages whose tokens go a → b → a → b…; throws past `limit` calls, so a listing that loops fails instead of hanging. */
function cyclingPages(limit = 20): { fetch: (t: string | undefined) => Promise<Page<string>>; calls: string[] } {
  const calls: string[] = [];
  const fetch = async (token: string | undefined): Promise<Page<string>> => {
    calls.push(token ?? '(first)');
    if (calls.length > limit) throw new RangeError(`still paging after ${limit} calls: ${calls.join(' ')}`);
    const next = token === 'a' ? 'b' : 'a';
    return { items: [`item after ${token ?? 'start'}`], nextToken: next };
  };
  return { fetch, calls };
}

describe('explorer: paged lists', () => {
  it('all() ends when a token comes back on a later page (a → b → a)', async () => {
    const { fetch, calls } = cyclingPages();
    const list = new PagedList(fetch);
    const items = await list.all();
    assert.deepEqual(calls, ['(first)', 'a', 'b']);
    assert.deepEqual(items, ['item after start', 'item after a', 'item after b']);
    assert.equal(list.nextToken, undefined, 'no "Load more…" once the token repeats');
  });

  it('more() offers no further page after a repeated token', async () => {
    const { fetch } = cyclingPages();
    const list = new PagedList(fetch);
    await list.ensure();
    await list.more();
    assert.equal(list.nextToken, 'b');
    await list.more();
    assert.equal(list.nextToken, undefined);
    await list.more();
    assert.equal(list.items.length, 3, 'a further more() calls nothing');
  });

  it('a listing that fails keeps nothing and is fetched again on the next call', async () => {
    let fail = true;
    const list = new PagedList<string>(async () => {
      if (fail) throw new RangeError('throttled');
      return { items: ['x'] };
    });
    await assert.rejects(list.ensure(), /throttled/);
    assert.equal(list.loaded, false);
    fail = false;
    await list.ensure();
    assert.deepEqual(list.items, ['x']);
  });
});
