// The spec engine's message side (src/core/gatewaySpec/server.ts), as the editor's worker runs it: a document opened
// once, then edited by the changes the editor reports, answers for exactly the text the editor has.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSpec } from '../../src/core/gatewaySpec';
import { applyChanges, SpecServer, type SpecResponse, type ValidateResult } from '../../src/core/gatewaySpec/server';

const URI = 'file:///w/orders.apigw.yaml';
const TEXT = 'version: 1\napi:\n  name: orders\n  protocol: HTTP\n';

function server(): { ask(req: object): SpecResponse } {
  const s = new SpecServer();
  let id = 1;
  return { ask: (req) => s.handle({ ...req, id: id++ } as Parameters<SpecServer['handle']>[0]) };
}

const codes = (r: SpecResponse) =>
  r.ok ? (r.result as ValidateResult).diagnostics.map((d) => `${d.code}@${d.offset}`) : r;

describe('spec server edits', () => {
  it('applies the changes of an edit in order, each to the text the one before left', () => {
    // As VS Code reports a multi-cursor edit: the later place first, so each offset holds when its turn comes.
    assert.equal(
      applyChanges('abcdef', [
        { offset: 4, length: 1, text: 'XY' },
        { offset: 0, length: 0, text: '>' },
      ]),
      '>abcdXYf',
    );
    assert.equal(applyChanges('abc', [{ offset: 2, length: 2, text: '' }]), undefined, 'past the end');
  });

  it('answers for the edited text what validate says of it, offsets included', () => {
    const s = server();
    assert.equal(s.ask({ op: 'open', uri: URI, version: 1, format: 'yaml', input: TEXT }).ok, true);
    const at = TEXT.indexOf('HTTP') + 4;
    const changes = [
      { offset: at, length: 0, text: 'X' },
      { offset: 0, length: 0, text: '# a comment\n' },
    ];
    assert.deepEqual(s.ask({ op: 'edit', uri: URI, from: 1, version: 2, changes }), { id: 2, ok: true, result: null });
    const edited = applyChanges(TEXT, changes)!;
    assert.ok(edited.startsWith('# a comment\nversion: 1') && edited.includes('protocol: HTTPX'));
    const expected = validateSpec(edited, { format: 'yaml', fixes: false }).diagnostics.map(
      (d) => `${d.code}@${d.offset}`,
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(codes(s.ask({ op: 'validate', uri: URI, version: 2 })), expected);
  });

  it('refuses an edit made on another version, and then answers nothing stale until the text is sent again', () => {
    const s = server();
    s.ask({ op: 'open', uri: URI, version: 1, format: 'yaml', input: TEXT });
    const skipped = s.ask({
      op: 'edit',
      uri: URI,
      from: 2,
      version: 3,
      changes: [{ offset: 0, length: 0, text: 'x' }],
    });
    assert.equal(skipped.ok, false);
    assert.equal(!skipped.ok && skipped.stale, true);
    const after = s.ask({ op: 'validate', uri: URI, version: 1 });
    assert.equal(!after.ok && after.stale, true, 'the text it had is gone: the editor sends the whole text again');
    s.ask({ op: 'open', uri: URI, version: 3, format: 'yaml', input: TEXT });
    assert.deepEqual(codes(s.ask({ op: 'validate', uri: URI, version: 3 })), []);
  });

  it('takes an edit it already has (the whole text of that version came first) as done', () => {
    const s = server();
    s.ask({ op: 'open', uri: URI, version: 2, format: 'yaml', input: TEXT });
    const again = s.ask({ op: 'edit', uri: URI, from: 1, version: 2, changes: [{ offset: 0, length: 0, text: 'x' }] });
    assert.equal(again.ok, true);
    assert.deepEqual(codes(s.ask({ op: 'validate', uri: URI, version: 2 })), []);
  });

  it('refuses an edit of bytes (a saved file that is not UTF-8 is read as bytes) and one past the end', () => {
    const s = server();
    s.ask({ op: 'open', uri: URI, version: 1, format: 'yaml', input: new TextEncoder().encode(TEXT) });
    const bytes = s.ask({ op: 'edit', uri: URI, from: 1, version: 2, changes: [{ offset: 0, length: 0, text: 'x' }] });
    assert.equal(!bytes.ok && bytes.stale, true);
    s.ask({ op: 'open', uri: URI, version: 1, format: 'yaml', input: TEXT });
    const past = s.ask({ op: 'edit', uri: URI, from: 1, version: 2, changes: [{ offset: 999, length: 1, text: '' }] });
    assert.equal(!past.ok && past.stale, true);
  });
});
