// The pure parts of Run Spec Locally in the editor: the quick fix's edit of a mapping file (the result parses with
// the engine's own reader, keeps what was there, and adds the function), and the explorer's and the pickers' words
// for a local API.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  localApiLabel,
  localApiTooltip,
  localRouteDescription,
  localRouteTooltip,
  localTargetLabel,
  type ShownLocalApi,
} from '../../src/core/explorer/format';
import { renderTooltip } from '../../src/core/explorer/tooltip';
import { mappingSnippet, parseMapping } from '../../src/core/local/handlers';
import { addFunctionMapping } from '../../src/core/local/mappingEdit';
import { applyEdits } from '../../src/core/gatewaySpec/edits';

function applied(text: string, name: string, handler: string, json = false): string {
  const edits = addFunctionMapping(text, name, handler, json);
  assert.ok(edits.length > 0, `an edit for ${JSON.stringify(text)}`);
  return applyEdits(text, edits);
}

describe('mapping file quick fix', () => {
  it('an empty file gets a functions section', () => {
    const out = applied('', 'orders-dev', 'src/orders.ts#handler');
    assert.equal(out, 'functions:\n  orders-dev:\n    handler: src/orders.ts#handler\n');
    assert.deepEqual(parseMapping(out, 'm.yaml').functions, { 'orders-dev': { handler: 'src/orders.ts#handler' } });
  });

  it('a file without functions keeps its other sections (and a last line without a newline)', () => {
    const out = applied('jwt:\n  cognito:\n    jwksFile: keys.json', 'bye', 'handlers/bye.js#handler');
    const m = parseMapping(out, 'm.yaml');
    assert.deepEqual(m.jwt, { cognito: { jwksFile: 'keys.json' } });
    assert.deepEqual(m.functions, { bye: { handler: 'handlers/bye.js#handler' } });
  });

  it('goes under an existing functions section, after its last entry, with its indentation', () => {
    const text = 'functions:    # the handlers\n    hello:\n        handler: h.js\nstageVariables:\n    a: b\n';
    const out = applied(text, 'bye', 'b.js#handler');
    assert.equal(
      out,
      'functions:    # the handlers\n    hello:\n        handler: h.js\n    bye:\n        handler: b.js#handler\nstageVariables:\n    a: b\n',
    );
    const m = parseMapping(out, 'm.yaml');
    assert.deepEqual(Object.keys(m.functions ?? {}).sort(), ['bye', 'hello']);
    assert.deepEqual(m.stageVariables, { a: 'b' });
  });

  it('quotes names and paths YAML would read otherwise', () => {
    const out = applied('functions:\n', 'orders-${stageVariables.fnSuffix}', 'src/my handler.ts#handler');
    assert.deepEqual(parseMapping(out, 'm.yaml').functions, {
      'orders-${stageVariables.fnSuffix}': { handler: 'src/my handler.ts#handler' },
    });
  });

  it('a JSON mapping gets the function added as JSON, the rest as written', () => {
    const text = '{ "functions": { "a": { "handler": "a.js" } }, "iam": {} }';
    const out = applied(text, 'b', 'b.py#handler', true);
    assert.deepEqual(JSON.parse(out), {
      functions: { a: { handler: 'a.js' }, b: { handler: 'b.py#handler' } },
      iam: {},
    });
    assert.ok(out.startsWith('{ "functions": { "a": { "handler": "a.js" },'), out);
    assert.ok(out.endsWith('}, "iam": {} }'), out);
  });

  // Each of these broke the edit before it went through the front end: a second `functions` key after a flow or a
  // quoted one (a duplicate key, so a mapping that no longer loads), a TypeError on a JSON `null`, `\n` lines in a
  // CRLF file; an empty `functions:` was refused as "not a mapping" instead of filled.
  const shapes: Array<[string, string, boolean]> = [
    ['flow mapping', 'functions: { a: { handler: a.js } }\n', false],
    ['empty flow mapping', 'jwt: {}\nfunctions: {}\n', false],
    ['quoted key', '"functions":\n  a:\n    handler: a.js\n', false],
    ['empty section', 'functions:\n', false],
    ['empty section before another', 'functions:\n\nstageVariables:\n  a: b\n', false],
    ['null section', 'functions: ~\n', false],
    ['comments only', '# handlers for orders\n', false],
    ['CRLF lines', 'functions:\r\n  a:\r\n    handler: a.js\r\n', false],
    ['a document marker', '---\nfunctions:\n  a: {handler: a.js}\n', false],
    ['an entry in flow style', 'functions: # c\n  a: {handler: a.js}\n', false],
    ['a block scalar naming functions', 'x: |\n  functions:\n    y\n', false],
    ['JSON: empty file', '  \n', true],
    ['JSON: no functions', '{\n    "iam": {}\n}\n', true],
    ['JSON: empty functions', '{"functions": {}}', true],
  ];
  for (const [what, text, json] of shapes) {
    it(`adds the entry to ${what}, and the file still loads with what it had`, () => {
      const file = json ? 'm.json' : 'm.yaml';
      const before = parseMapping(text, file);
      const out = applied(text, 'bye', 'b.js#handler', json);
      const after = parseMapping(out, file);
      assert.deepEqual(after.functions, { ...before.functions, bye: { handler: 'b.js#handler' } });
      assert.deepEqual({ ...after, functions: undefined }, { ...before, functions: undefined });
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
    });
  }

  it('offers no edit where the file cannot take one (its own diagnostic says why)', () => {
    assert.deepEqual(addFunctionMapping('functions: [a\n', 'bye', 'b.js'), []);
    assert.deepEqual(addFunctionMapping('- a\n', 'bye', 'b.js'), []);
    assert.deepEqual(addFunctionMapping('{"functions": null}', 'bye', 'b.js', true), []);
    assert.deepEqual(addFunctionMapping('null', 'bye', 'b.js', true), []);
    assert.deepEqual(addFunctionMapping('{\n  // c\n}', 'bye', 'b.js', true), []);
  });

  it('reads the file with the front end and its limits: deep nesting is refused, not recursed into', () => {
    assert.deepEqual(addFunctionMapping(`${'['.repeat(16_000)}\n`, 'bye', 'b.js'), []);
    assert.deepEqual(addFunctionMapping(`{"a": ${'['.repeat(16_000)}}`, 'bye', 'b.js', true), []);
  });

  it('the new-file snippet is the same edit on an empty file', () => {
    assert.equal(
      mappingSnippet('orders-dev', 'src/orders.ts#handler'),
      applied('', 'orders-dev', 'src/orders.ts#handler'),
    );
    assert.equal(mappingSnippet('orders'), 'functions:\n  orders:\n    handler: src/orders.ts#handler\n');
  });
});

describe('explorer words for a local API', () => {
  const api: ShownLocalApi = {
    name: 'orders-api',
    protocol: 'HTTP',
    stage: 'dev',
    url: 'http://127.0.0.1:3000/dev',
    specFile: 'specs/orders.apigw.yaml',
    routes: [],
    requests: 3,
  };

  it('labels the entry with the API and describes routes by what plays them locally', () => {
    assert.equal(localApiLabel(api), 'Local: orders-api');
    assert.equal(
      localRouteDescription({ key: 'GET /a', integration: 'fn', functionName: 'orders-dev', handler: 'src/o.ts' }),
      '→ orders-dev (src/o.ts)',
    );
    assert.equal(
      localRouteDescription({ key: 'GET /a', integration: 'fn', functionName: 'orders-dev' }),
      '→ orders-dev: no local handler',
    );
    assert.equal(
      localRouteDescription({ key: 'GET /c', integration: 'catalog', kind: 'HTTP_PROXY' }),
      '→ HTTP_PROXY catalog',
    );
    assert.equal(localRouteDescription({ key: 'GET /x' }), 'no integration');
  });

  it('tooltips say where it is served and what a missing handler means', () => {
    const t = renderTooltip(localApiTooltip(api));
    assert.ok(t.includes('URL: `http://127.0.0.1:3000/dev`'), t);
    assert.ok(t.includes('Requests: `3`'), t);
    const r = localRouteTooltip({ key: 'GET /a', integration: 'fn', functionName: 'orders-dev' }, api);
    assert.deepEqual(r.notes, ['Add the function to the mapping file (a quick fix in the spec).']);
    assert.ok(r.rows?.some(([k, v]) => k === 'Local handler' && v === 'none: the route answers 500'));
  });

  it('a WebSocket API says it can be connected to; an HTTP API does not', () => {
    const ws: ShownLocalApi = { ...api, name: 'chat-api', protocol: 'WEBSOCKET', url: 'ws://127.0.0.1:3001/dev' };
    assert.deepEqual(localApiTooltip(ws).notes?.slice(1), ['Connect (its menu) opens a WebSocket session to it.']);
    assert.equal(localApiTooltip(api).notes?.length, 1);
  });

  it('pickers name a local API beside the deployed stages by "Local", its name and its URL', () => {
    assert.equal(
      localTargetLabel({ name: 'chat-api', url: 'ws://127.0.0.1:3001/dev' }),
      'Local · chat-api · ws://127.0.0.1:3001/dev',
    );
  });
});
