// Completion on large specs: a list of the spec's own names (new route keys, routeSettings keys, references) past
// COMPLETION_LIMIT is a best-first slice of what the typed text matches, marked incomplete so the editor asks again;
// up to the limit, everything as before. Work is counted in items, never timed.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpecDocument, type SpecFormat } from '../../src/core/gatewaySpec';
import { COMPLETION_LIMIT, completions, type CompletionList } from '../../src/core/gatewaySpec/service';
import { SpecServer, type SpecRequest } from '../../src/core/gatewaySpec/server';
import { HTTP_METHODS } from '../../src/core/gatewaySpec/rules';
import fs from 'node:fs';
import path from 'node:path';
import { corpusFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';

const ROUTES = 3000;

/** An HTTP spec in YAML: ROUTES routes `GET /resource{i}/{id}/items`, each on its integration `fn-{i}`, a stage. */
function bigYaml(): string {
  const lines = ['version: 1', 'api:', '  name: big', '  protocol: HTTP', 'integrations:'];
  for (let i = 0; i < ROUTES; i++) lines.push(`  fn-${i}:`, '    type: AWS_PROXY', `    uri: https://example.com/${i}`);
  lines.push('routes:');
  for (let i = 0; i < ROUTES; i++) lines.push(`  GET /resource${i}/{id}/items:`, `    integration: fn-${i}`);
  lines.push('  @ROUTE@', 'stages:', '  prod:', '    routeSettings:', '      @SETTING@', '');
  return lines.join('\n');
}

/** The text with `typed` at `marker` (the other markers removed) and the cursor after it. */
function typedAt(text: string, marker: string, typed: string): [string, number] {
  const bare = text.replace(/ *@[A-Z]+@/g, (m) => (m.endsWith(marker) ? m : ''));
  const at = bare.indexOf(marker);
  return [bare.slice(0, at) + typed + bare.slice(at + marker.length), at + typed.length];
}

function ask(text: string, at: number, format: SpecFormat = 'yaml'): CompletionList {
  return completions(new SpecDocument(text, format), at);
}

function labelsOf(list: CompletionList, kind: string): string[] {
  return list.items.filter((i) => i.kind === kind).map((i) => i.label);
}

/** Every new route key the big spec is offered: the seven methods it lacks on each path, and `$default`. */
function allNewKeys(): string[] {
  const keys = ['$default'];
  for (let i = 0; i < ROUTES; i++)
    for (const m of HTTP_METHODS) if (m !== 'GET') keys.push(`${m} /resource${i}/{id}/items`);
  return keys;
}

function exampleSpecs(): string[] {
  const dir = path.join(REPO_ROOT, 'examples');
  return fs
    .readdirSync(dir)
    .filter((f) => /\.apigw\.(jsonc?|ya?ml)$/.test(f))
    .map((f) => path.join(dir, f));
}

const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);

describe('completion on a 3,000-route spec', () => {
  const big = bigYaml();

  it('offers the first COMPLETION_LIMIT new route keys in name order, marked incomplete, where nothing is typed', () => {
    const list = ask(...typedAt(big, '@ROUTE@', ''));
    const keys = labelsOf(list, 'routeKey');
    assert.equal(allNewKeys().length, 7 * ROUTES + 1, 'what the list was: every one of them');
    assert.equal(keys.length, COMPLETION_LIMIT);
    assert.equal(list.isIncomplete, true);
    assert.deepEqual(keys, allNewKeys().sort(byName).slice(0, COMPLETION_LIMIT));
    assert.ok(list.items.length < COMPLETION_LIMIT + 20, `${list.items.length} items`);
  });

  it('narrows to the keys the typed prefix starts, any case, or starts a word of', () => {
    const starting = (p: string) => allNewKeys().filter((k) => k.toLowerCase().startsWith(p.toLowerCase()));
    for (const typed of ['POST /resource123', 'post /RESOURCE123', 'P', 'pu']) {
      const list = ask(...typedAt(big, '@ROUTE@', typed));
      assert.equal(list.isIncomplete, true, typed);
      // A line typed as `METHOD /path` is a route of the spec already: its path's other methods are offered too.
      const typedPath = labelsOf(list, 'routeKey').filter((k) => !k.endsWith('/items'));
      assert.deepEqual(typedPath, typed.includes('RESOURCE') ? ['POST /RESOURCE123'] : [], typed);
      assert.deepEqual(
        labelsOf(list, 'routeKey').filter((k) => k.endsWith('/items')),
        starting(typed)
          .sort(byName)
          .slice(0, COMPLETION_LIMIT - typedPath.length),
        typed,
      );
    }
    assert.equal(labelsOf(ask(...typedAt(big, '@ROUTE@', 'POST /resource123')), 'routeKey').length, 11);
    // The path typed without its method: every method missing on /resource123 and /resource1230…1239.
    const path = labelsOf(ask(...typedAt(big, '@ROUTE@', '/resource123')), 'routeKey');
    assert.deepEqual(
      path,
      allNewKeys()
        .filter((k) => k.includes(' /resource123'))
        .sort(byName),
    );
    assert.equal(path.length, 7 * 11);
    // A word of the path: `items` starts one; `tems` starts none, and VS Code's filter would show none of them.
    assert.equal(labelsOf(ask(...typedAt(big, '@ROUTE@', 'items')), 'routeKey').length, COMPLETION_LIMIT);
    assert.deepEqual(labelsOf(ask(...typedAt(big, '@ROUTE@', 'tems')), 'routeKey'), []);
  });

  it('keeps the keys the typed text starts before those where a word starts with it', () => {
    // `$default` is first by name, but `d` starts a word of it only; 3,000 DELETE keys start with `d`.
    const keys = labelsOf(ask(...typedAt(big, '@ROUTE@', 'd')), 'routeKey');
    assert.equal(keys.length, COMPLETION_LIMIT);
    assert.ok(
      keys.every((k) => k.startsWith('DELETE ')),
      keys.filter((k) => !k.startsWith('DELETE ')).join(', '),
    );
    const small = bigYaml().replace(/\n {2}GET \/resource\d{2,}[^\n]*\n[^\n]*/g, '');
    assert.ok(labelsOf(ask(...typedAt(small, '@ROUTE@', 'd')), 'routeKey').includes('$default'));
  });

  it('bounds integration references and routeSettings keys the same way', () => {
    const at = big.indexOf('integration: fn-0\n') + 'integration: '.length;
    const ref = (typed: string) => ask(big.slice(0, at) + typed + big.slice(at + 'fn-0'.length), at + typed.length);
    const all = ref('');
    assert.equal(labelsOf(all, 'reference').length, COMPLETION_LIMIT);
    assert.equal(all.isIncomplete, true);
    const fn12 = ref('fn-12');
    assert.equal(fn12.isIncomplete, true);
    assert.deepEqual(
      labelsOf(fn12, 'reference'),
      [
        'fn-12',
        ...Array.from({ length: 10 }, (_, i) => `fn-12${i}`),
        ...Array.from({ length: 100 }, (_, i) => `fn-12${String(i).padStart(2, '0')}`),
      ].sort(byName),
    );
    assert.equal(fn12.items.find((i) => i.label === 'fn-12')?.detail, 'integration · AWS_PROXY');
    const settings = ask(...typedAt(big, '@SETTING@', 'GET /resource299'));
    assert.equal(settings.isIncomplete, true);
    assert.deepEqual(labelsOf(settings, 'routeKey'), [
      'GET /resource299/{id}/items',
      'GET /resource2990/{id}/items',
      'GET /resource2991/{id}/items',
      'GET /resource2992/{id}/items',
      'GET /resource2993/{id}/items',
      'GET /resource2994/{id}/items',
      'GET /resource2995/{id}/items',
      'GET /resource2996/{id}/items',
      'GET /resource2997/{id}/items',
      'GET /resource2998/{id}/items',
      'GET /resource2999/{id}/items',
    ]);
  });

  it('in JSON, typed inside quotes: the quoted key is the filterText, and the items kept start with what is typed', () => {
    const spec = new SpecDocument(big.replace(/ *@[A-Z]+@\n/g, ''), 'yaml').value as { routes: object };
    // A key retyped inside its quotes (VS Code closes a `"` typed): the items replace the string, quotes included.
    const json = JSON.stringify(spec, null, 2).replace('"routes": {', '"routes": {\n    "@ROUTE@": {},');
    for (const typed of ['POST /resource123', '/resource123', '']) {
      const [text, at] = typedAt(json, '@ROUTE@', typed);
      const list = ask(text, at, 'json');
      const keys = list.items.filter((i) => i.kind === 'routeKey');
      assert.equal(list.isIncomplete, true, typed);
      assert.equal(keys.length, typed === '' ? COMPLETION_LIMIT : typed.includes('POST') ? 11 : 77, typed);
      for (const k of keys) {
        assert.equal(k.filterText, JSON.stringify(k.label));
        assert.equal(text.slice(k.replace.offset, at), `"${typed}`, 'the range starts at the opening quote');
        assert.equal(text.slice(k.replace.offset, k.replace.offset + k.replace.length), `"${typed}"`);
      }
    }
  });

  it('the worker protocol carries the flag: a 3,000-route spec incomplete, a small one complete', () => {
    const server = new SpecServer();
    const [text, at] = typedAt(big, '@ROUTE@', '');
    const small = 'version: 1\napi:\n  name: a\n  protocol: HTTP\nroutes:\n  GET /a:\n    integration: fn\n  \n';
    const answer = (uri: string, input: string, offset: number) => {
      server.handle({ id: 1, op: 'open', uri, version: 1, format: 'yaml', input } as SpecRequest);
      const res = server.handle({ id: 2, op: 'completions', uri, version: 1, offset } as SpecRequest);
      assert.ok(res.ok);
      return structuredClone(res.result) as CompletionList;
    };
    const bigList = answer('big', text, at);
    assert.equal(bigList.isIncomplete, true);
    assert.equal(labelsOf(bigList, 'routeKey').length, COMPLETION_LIMIT);
    const smallList = answer('small', small, small.length - 1);
    assert.equal(smallList.isIncomplete, false);
    assert.deepEqual(labelsOf(smallList, 'routeKey'), [
      ...HTTP_METHODS.filter((m) => m !== 'GET').map((m) => `${m} /a`),
      '$default',
    ]);
  });
});

describe('completion on specs within the limit', () => {
  // Every example and corpus spec at the end of each line: the whole list, as with no limit at all.
  it('is complete and unchanged at every line end of the examples and the corpus', () => {
    let asked = 0;
    for (const file of [...exampleSpecs(), ...corpusFiles()]) {
      const text = fs.readFileSync(file, 'utf8');
      const doc = new SpecDocument(text, /\.ya?ml$/.test(file) ? 'yaml' : 'jsonc');
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        const list = completions(doc, at);
        const where = `${path.basename(file)} at ${at}`;
        assert.equal(list.isIncomplete, false, where);
        assert.deepEqual(list.items, completions(doc, at, Infinity).items, where);
        asked++;
      }
    }
    assert.ok(asked > 500, `${asked} places`);
  });
});
