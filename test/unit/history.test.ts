// Stage history in tags (src/core/history.ts): the format issue 6 builds promote and rollback on.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  callerName,
  decodeHistory,
  decodeHistoryEntry,
  deploymentDescription,
  encodeHistoryEntry,
  HISTORY_SLOTS,
  HISTORY_TAG_PREFIX,
  historyGivingWay,
  historyWrite,
  MAX_TAG_VALUE,
  ownTagCount,
  parseDeploymentDescription,
  type HistoryEntry,
} from '../../src/core/history';

const AT = new Date('2026-03-01T10:20:30Z');

function entry(seq: number, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    seq,
    deploymentId: `dep${seq}`,
    previous: seq > 0 ? `dep${seq - 1}` : undefined,
    at: AT,
    by: 'Admin/alice@example.com',
    action: 'deploy',
    hash: 'a1b2c3d4e5f6',
    ...over,
  } as HistoryEntry;
}

/** Applies a HistoryWrite to a tag map as TagResource and UntagResource would. */
function apply(tags: Record<string, string>, w: ReturnType<typeof historyWrite>): Record<string, string> {
  assert.ok(w);
  const out = { ...tags, ...w.set };
  for (const k of w.remove) delete out[k];
  return out;
}

describe('stage history in tags', () => {
  it('encodes an entry as key=value fields in the characters AWS allows, and decodes it back', () => {
    const e = entry(3);
    const v = encodeHistoryEntry(e);
    assert.equal(
      v,
      `seq=3 to=dep3 from=dep2 at=${AT.getTime() / 1000} act=deploy hash=a1b2c3d4e5f6 by=Admin/alice@example.com`,
    );
    assert.match(v, /^[\p{L}\p{N} _.:/=+\-@]+$/u);
    assert.deepEqual(decodeHistoryEntry(v), e);
  });

  it('replaces characters tag values cannot hold and stays within 256 characters', () => {
    const v = encodeHistoryEntry(entry(1, { by: `a very long; name, with "quotes" ${'x'.repeat(400)}` }));
    assert.ok(v.length <= MAX_TAG_VALUE, `${v.length}`);
    assert.match(v, /by=a_very_long__name__with__quotes__x+$/);
    assert.equal(decodeHistoryEntry(v)!.deploymentId, 'dep1');
  });

  it('decodes tolerantly: foreign and malformed values are skipped, truncated ones read in part, unknown fields ignored', () => {
    const full = encodeHistoryEntry(entry(7));
    const truncated = full.slice(0, full.indexOf(' hash='));
    const tags = {
      [`${HISTORY_TAG_PREFIX}0`]: encodeHistoryEntry(entry(5)),
      [`${HISTORY_TAG_PREFIX}1`]: truncated,
      [`${HISTORY_TAG_PREFIX}2`]: 'written by some other tool',
      [`${HISTORY_TAG_PREFIX}3`]: 'seq=x to=dep9',
      [`${HISTORY_TAG_PREFIX}4`]: 'seq=9 to=',
      [`${HISTORY_TAG_PREFIX}5`]: 'seq=6 to=dep6 colour=blue act=promote',
      'apigw:history': 'seq=99 to=notahistoryslot',
      team: 'orders',
    };
    const h = decodeHistory(tags);
    assert.deepEqual(
      h.map((e) => [e.seq, e.deploymentId, e.action]),
      [
        [7, 'dep7', 'deploy'],
        [6, 'dep6', 'promote'],
        [5, 'dep5', 'deploy'],
      ],
    );
    assert.equal(h[0]!.hash, undefined);
    assert.equal(h[0]!.by, undefined);
    assert.deepEqual(h[0]!.at, AT);
    assert.deepEqual(decodeHistory(undefined), []);
  });

  it('adds entries in free slots, then overwrites the oldest: at most ten, newest first', () => {
    let tags: Record<string, string> = { team: 'orders' };
    for (let i = 0; i < 13; i++) {
      const w = historyWrite(tags, { deploymentId: `d${i}`, at: AT, action: 'deploy' });
      assert.deepEqual(w!.remove, []);
      assert.equal(Object.keys(w!.set).length, 1, 'one TagResource of one tag');
      tags = apply(tags, w);
    }
    const h = decodeHistory(tags);
    assert.equal(h.length, HISTORY_SLOTS);
    assert.deepEqual(
      h.map((e) => e.deploymentId),
      ['d12', 'd11', 'd10', 'd9', 'd8', 'd7', 'd6', 'd5', 'd4', 'd3'],
    );
    assert.deepEqual(
      h.map((e) => e.seq),
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3],
    );
    assert.equal(Object.keys(tags).length, 11);
    assert.equal(tags.team, 'orders');
  });

  it("stays within AWS's 50 tags: fewer slots when the stage has tags of its own, none when it has 50", () => {
    const own = Object.fromEntries(Array.from({ length: 46 }, (_v, i) => [`k${i}`, 'v']));
    let tags: Record<string, string> = { ...own };
    for (let i = 0; i < 6; i++) tags = apply(tags, historyWrite(tags, { deploymentId: `d${i}`, action: 'deploy' }));
    assert.equal(Object.keys(tags).length, 50);
    assert.deepEqual(
      decodeHistory(tags).map((e) => e.deploymentId),
      ['d5', 'd4', 'd3', 'd2'],
    );
    // Two more tags of the stage's own: the oldest entries make room.
    tags = { ...tags, extra1: 'v', extra2: 'v' };
    const w = historyWrite(tags, { deploymentId: 'd6', action: 'deploy' })!;
    assert.equal(w.remove.length, 2);
    tags = apply(tags, w);
    assert.equal(Object.keys(tags).length, 50);
    assert.deepEqual(
      decodeHistory(tags).map((e) => e.deploymentId),
      ['d6', 'd5'],
    );
    assert.equal(
      historyWrite(Object.fromEntries(Array.from({ length: 50 }, (_v, i) => [`k${i}`, 'v'])), {
        deploymentId: 'x',
        action: 'deploy',
      }),
      undefined,
    );
  });

  it("gives way to the stage's own tags: the oldest entries go so the total stays within 50", () => {
    const own = (n: number, p = 'k') => Object.fromEntries(Array.from({ length: n }, (_v, i) => [`${p}${i}`, 'v']));
    const history: Record<string, string> = Object.fromEntries(
      [3, 7, 1, 9, 0, 5, 2, 8, 4, 6].map((seq, slot) => [
        `${HISTORY_TAG_PREFIX}${slot}`,
        encodeHistoryEntry(entry(seq)),
      ]),
    );
    history[`${HISTORY_TAG_PREFIX}9`] = 'garbage';
    // 40 of its own and 10 entries: 50, nothing to give.
    assert.deepEqual(historyGivingWay({ ...own(40), ...history }), []);
    // 45 of its own: the unreadable one, then the lowest sequence numbers (0, 1, 2, 3).
    const after = { ...own(45), ...history };
    const give = historyGivingWay(after);
    assert.deepEqual(
      give,
      [9, 4, 2, 6, 0].map((slot) => `${HISTORY_TAG_PREFIX}${slot}`),
    );
    for (const k of give) delete after[k];
    assert.equal(Object.keys(after).length, 50);
    assert.equal(ownTagCount(after), 45);
    // The next entry then takes the oldest slot left: the count stays at 50.
    const next = apply(after, historyWrite(after, { deploymentId: 'next', action: 'deploy' }));
    assert.equal(Object.keys(next).length, 50);
    assert.deepEqual(
      decodeHistory(next).map((e) => e.seq),
      [10, 9, 8, 7, 5],
    );
    // Its own tags alone take the 50: every entry goes, and none can be written.
    assert.equal(historyGivingWay({ ...own(50), ...history }).length, 10);
    assert.equal(historyWrite(own(50), { deploymentId: 'x', action: 'deploy' }), undefined);
  });

  it("leaves tags with AWS's aws: prefix out of the 50, as API Gateway does (CloudFormation's, for instance)", () => {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html
    const own = Object.fromEntries(Array.from({ length: 47 }, (_v, i) => [`k${i}`, 'v']));
    const kept = {
      'aws:cloudformation:stack-name': 'orders',
      'aws:cloudformation:logical-id': 'ProdStage',
      'AWS:cloudformation:stack-id': 'x',
    };
    const tags: Record<string, string> = { ...own, ...kept };
    assert.equal(ownTagCount(tags), 47);
    let after = tags;
    for (let i = 0; i < 4; i++) after = apply(after, historyWrite(after, { deploymentId: `d${i}`, action: 'deploy' }));
    assert.deepEqual(
      decodeHistory(after).map((e) => e.deploymentId),
      ['d3', 'd2', 'd1'],
      'three entries fit beside 47 tags of its own, whatever aws: tags it has',
    );
    assert.deepEqual(historyGivingWay(after), []);
    // One more tag of its own: the oldest entry (d1, in slot 1) gives way.
    assert.deepEqual(historyGivingWay({ ...after, extra: 'v' }), [`${HISTORY_TAG_PREFIX}1`]);
  });

  it('drops unreadable history values before readable ones', () => {
    const tags: Record<string, string> = Object.fromEntries(
      Array.from({ length: 9 }, (_v, i) => [`${HISTORY_TAG_PREFIX}${i}`, encodeHistoryEntry(entry(i))]),
    );
    tags[`${HISTORY_TAG_PREFIX}9`] = 'garbage';
    const w = historyWrite(tags, { deploymentId: 'new', action: 'rollback' })!;
    assert.deepEqual(Object.keys(w.set), [`${HISTORY_TAG_PREFIX}9`]);
    assert.equal(w.entry.seq, 9);
    assert.deepEqual(
      decodeHistory(apply(tags, w))
        .map((e) => e.deploymentId)
        .slice(0, 2),
      ['new', 'dep8'],
    );
  });

  it('names the caller briefly', () => {
    assert.equal(callerName('arn:aws:iam::123456789012:user/alice'), 'alice');
    assert.equal(callerName('arn:aws:iam::123456789012:user/division/bob'), 'bob');
    assert.equal(
      callerName('arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com'),
      'Admin/alice@example.com',
    );
    assert.equal(callerName('arn:aws:sts::123456789012:federated-user/carol'), 'carol');
    assert.equal(callerName('arn:aws:iam::123456789012:root'), 'root');
    assert.equal(callerName(undefined), undefined);
  });
});

describe('deployment descriptions', () => {
  it('name the spec and its content hash, and read back; other descriptions say nothing', () => {
    const text = deploymentDescription({ apiName: 'orders (v2) api', hash: '3f9c2a1b7e40', at: AT, by: 'Admin/alice' });
    assert.equal(
      text,
      'apigw deploy of orders (v2) api (spec 3f9c2a1b7e40) at 2026-03-01T10:20:30.000Z by Admin/alice',
    );
    assert.deepEqual(parseDeploymentDescription(text), { apiName: 'orders (v2) api', hash: '3f9c2a1b7e40' });
    assert.deepEqual(parseDeploymentDescription(deploymentDescription({ apiName: 'a', hash: 'abcd', at: AT })), {
      apiName: 'a',
      hash: 'abcd',
    });
    assert.equal(deploymentDescription({ apiName: 'x'.repeat(2000), hash: 'abcd', at: AT }).length, 1024);
    for (const other of [undefined, '', 'release 2', 'apigw deploy of a (spec XYZ) at 2026-03-01T10:20:30.000Z'])
      assert.equal(parseDeploymentDescription(other), undefined, String(other));
  });
});
