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
import { parseMapping } from '../../src/core/local/handlers';
import { addFunctionMapping } from '../../src/core/local/mappingEdit';

function applied(text: string, name: string, handler: string, json = false): string {
  const e = addFunctionMapping(text, name, handler, json);
  return e.replace ? e.text : text.slice(0, e.offset) + e.text + text.slice(e.offset);
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

  it('goes under an existing functions section, with its indentation, first', () => {
    const text = 'functions:    # the handlers\n    hello:\n        handler: h.js\nstageVariables:\n    a: b\n';
    const out = applied(text, 'bye', 'b.js#handler');
    assert.equal(
      out,
      'functions:    # the handlers\n    bye:\n      handler: b.js#handler\n    hello:\n        handler: h.js\nstageVariables:\n    a: b\n',
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

  it('a JSON mapping is rewritten as JSON with the function added', () => {
    const out = applied('{ "functions": { "a": { "handler": "a.js" } }, "iam": {} }', 'b', 'b.py#handler', true);
    assert.deepEqual(JSON.parse(out), {
      functions: { a: { handler: 'a.js' }, b: { handler: 'b.py#handler' } },
      iam: {},
    });
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
