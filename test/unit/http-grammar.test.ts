// The `.http` grammar (languages/http.grammar.json) and the response document's, run by vscode-textmate and vscode-oniguruma, the engine VS Code
// tokenizes with: each part of a request file gets its scope. JSON bodies include VS Code's own `source.json`, which
// a stand-in takes here.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.join(__dirname, '..', '..', '..');
// One wasm per process: each describe's grammar shares it.
let wasmLoaded: Promise<void> | undefined;

/** VS Code's JSON grammar is a built-in extension's: a stand-in that marks strings shows what is handed to it. */
const JSON_STAND_IN = {
  scopeName: 'source.json',
  patterns: [{ match: '"[^"]*"', name: 'string.quoted.double.json' }],
};

const GRAMMARS: Record<string, string> = {
  'source.apigw.http': 'languages/http.grammar.json',
  'source.apigw.http-response': 'languages/http-response.grammar.json',
};

async function loadGrammar(scopeName = 'source.apigw.http'): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  wasmLoaded ??= oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  await wasmLoaded;
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      GRAMMARS[scope]
        ? textmate.parseRawGrammar(fs.readFileSync(path.join(ROOT, GRAMMARS[scope]), 'utf8'), 'x.json')
        : scope === 'source.json'
          ? textmate.parseRawGrammar(JSON.stringify(JSON_STAND_IN), 'json.json')
          : null,
  });
  return (await registry.loadGrammar(scopeName))!;
}

/** Each line's tokens as [text, innermost scope] pairs, the file tokenized line after line as the editor does. */
function tokenize(grammar: textmate.IGrammar, text: string): Array<Array<[string, string]>> {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t): [string, string] => [line.slice(t.startIndex, t.endIndex), t.scopes.at(-1)!]);
  });
}

/** The innermost scope of the token that is `part` of line `n`, else of the first that holds it. */
function scopeOf(lines: Array<Array<[string, string]>>, n: number, part: string): string {
  const token = lines[n]!.find(([t]) => t === part) ?? lines[n]!.find(([t]) => t.includes(part));
  assert.ok(token, `no token of line ${n} holds ${part}: ${JSON.stringify(lines[n])}`);
  return token[1];
}

const FILE = [
  '@baseUrl = https://abc123.execute-api.us-east-1.amazonaws.com/dev',
  '',
  '### Orders',
  '# apigw: POST /orders [0a1b2c3d]',
  '# @name createOrder',
  'POST {{baseUrl}}/orders HTTP/1.1',
  'Content-Type: application/json',
  'x-request-id: {{$guid}}',
  '',
  '{',
  '  "sku": "TEA-01"',
  '}',
  '',
  '###',
  '// @prompt otp One-time password',
  'GET {{baseUrl}}/orders/{{createOrder.response.body.$.orderId}}',
  '    ?expand=items',
  '    &limit={{limit}}',
  '',
  '###',
  '{{baseUrl}}/health',
  '',
  '###',
  'get /x',
  '##### Admin',
].join('\n');

describe('.http grammar', () => {
  let lines: Array<Array<[string, string]>>;
  before(async () => {
    lines = tokenize(await loadGrammar(), FILE);
  });

  it('file variables, separators, comments and their tags', () => {
    assert.equal(scopeOf(lines, 0, 'baseUrl'), 'variable.other.definition.http');
    assert.equal(scopeOf(lines, 0, 'https://'), 'string.unquoted.value.http');
    assert.equal(scopeOf(lines, 2, '###'), 'punctuation.separator.request.http');
    assert.equal(scopeOf(lines, 2, 'Orders'), 'entity.name.section.http');
    assert.equal(scopeOf(lines, 3, 'apigw:'), 'comment.line.http');
    assert.equal(scopeOf(lines, 4, 'name'), 'entity.other.attribute-name.tag.http');
    assert.equal(scopeOf(lines, 4, 'createOrder'), 'entity.name.function.request.http');
    assert.equal(scopeOf(lines, 14, 'prompt'), 'entity.other.attribute-name.tag.http');
    assert.equal(scopeOf(lines, 14, 'otp'), 'entity.name.function.request.http');
  });

  it('request lines: the method, the URL, its variables, the version; a URL alone', () => {
    assert.equal(scopeOf(lines, 5, 'POST'), 'keyword.control.method.http');
    assert.equal(scopeOf(lines, 5, 'baseUrl'), 'variable.other.http');
    assert.equal(scopeOf(lines, 5, '/orders'), 'string.unquoted.url.http');
    assert.equal(scopeOf(lines, 5, 'HTTP/1.1'), 'constant.language.version.http');
    assert.equal(scopeOf(lines, 15, 'GET'), 'keyword.control.method.http');
    assert.equal(scopeOf(lines, 15, 'createOrder'), 'variable.other.http');
    assert.equal(scopeOf(lines, 16, '?'), 'keyword.operator.query.http');
    assert.equal(scopeOf(lines, 17, 'limit='), 'string.unquoted.url.http');
    assert.equal(scopeOf(lines, 17, 'limit'), 'variable.other.http');
    assert.equal(scopeOf(lines, 20, 'baseUrl'), 'variable.other.http');
    assert.equal(scopeOf(lines, 20, '/health'), 'string.unquoted.url.http');
    // A method in any case, as REST Client and the parser read it; `####` separates as `###` does.
    assert.equal(scopeOf(lines, 23, 'get'), 'keyword.control.method.http');
    assert.equal(scopeOf(lines, 23, '/x'), 'string.unquoted.url.http');
    assert.equal(scopeOf(lines, 24, '#####'), 'punctuation.separator.request.http');
    assert.equal(scopeOf(lines, 24, 'Admin'), 'entity.name.section.http');
  });

  it('headers and their values, system variables in them', () => {
    assert.equal(scopeOf(lines, 6, 'Content-Type'), 'support.type.header-name.http');
    assert.equal(scopeOf(lines, 6, 'application/json'), 'string.unquoted.header-value.http');
    assert.equal(scopeOf(lines, 7, '$guid'), 'variable.other.http');
  });

  it('a JSON body is handed to the JSON grammar up to the next ###, not read as headers', () => {
    assert.equal(scopeOf(lines, 9, '{'), 'meta.embedded.block.json');
    assert.equal(scopeOf(lines, 10, '"sku"'), 'string.quoted.double.json');
    assert.equal(scopeOf(lines, 13, '###'), 'punctuation.separator.request.http');
  });
});

const RESPONSE = [
  'HTTP/1.1 404 Not Found · 23 B',
  'connect 4.4 ms · first byte 12 ms · total 13 ms',
  'Request id: ZqyKVqri6dAB3R4=',
  'Route: none matches (404, or the $default route) · shop-api · local (dev)',
  'Request: GET http://127.0.0.1:3000/dev/nowhere',
  '  x-api-key: [redacted]',
  '',
  'content-type: application/json',
  'apigw-requestid: ZqyKVqri6dAB3R4=',
  '',
  '{',
  '  "message": "Not Found"',
  '}',
].join('\n');

describe("the response document's grammar", () => {
  let lines: Array<Array<[string, string]>>;
  before(async () => {
    lines = tokenize(await loadGrammar('source.apigw.http-response'), RESPONSE);
  });

  it("the status line (an error status stands out), the figures, the call's lines and both sets of headers", async () => {
    assert.equal(scopeOf(lines, 0, 'HTTP/1.1'), 'constant.language.version.http');
    assert.equal(scopeOf(lines, 0, '404'), 'invalid.status.error.http');
    assert.equal(scopeOf(lines, 0, '23 B'), 'constant.numeric.figure.http');
    const ok = tokenize(await loadGrammar('source.apigw.http-response'), 'HTTP/1.1 201 Created · 4 B');
    assert.equal(scopeOf(ok, 0, '201'), 'constant.numeric.status.success.http');
    assert.equal(scopeOf(lines, 1, '4.4 ms'), 'constant.numeric.figure.http');
    assert.equal(scopeOf(lines, 2, 'Request id'), 'keyword.other.call.http');
    assert.equal(scopeOf(lines, 3, 'shop-api'), 'string.unquoted.call.http');
    assert.equal(scopeOf(lines, 5, 'x-api-key'), 'support.type.header-name.http');
    assert.equal(scopeOf(lines, 7, 'content-type'), 'support.type.header-name.http');
    assert.equal(scopeOf(lines, 7, 'application/json'), 'string.unquoted.header-value.http');
  });

  it('the body to the end, handed to the JSON grammar', () => {
    assert.equal(scopeOf(lines, 10, '{'), 'meta.embedded.block.json');
    assert.equal(scopeOf(lines, 11, '"Not Found"'), 'string.quoted.double.json');
    assert.equal(scopeOf(lines, 12, '}'), 'meta.embedded.block.json');
  });
});
