// Node.js handlers loaded as Lambda's Node.js runtime loads them: `.mjs` and `.mts` as ES modules (top-level await,
// an ESM-only package's default export, files read beside the source through import.meta.url), `.js` as the nearest
// package.json's `type` says, `.cjs` as CommonJS — through real sockets, with the bundler in between.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { moduleFormat } from '../../src/local/bundler';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { lambdaHttpSpec, localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

// A package that only ES modules can import: its exports map has no `require` condition.
const ESM_ONLY = {
  'node_modules/esm-only/package.json': JSON.stringify({
    name: 'esm-only',
    type: 'module',
    exports: { '.': { import: './index.js' } },
  }),
  'node_modules/esm-only/index.js': "export default (n) => `hello ${n}`;\nexport const named = 'named';\n",
};

const HANDLERS = {
  'esm/app.mjs': [
    "import greet from 'esm-only';",
    "import { readFile } from 'node:fs/promises';",
    "const data = JSON.parse(await readFile(new URL('./data.json', import.meta.url), 'utf8'));",
    "export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ greeting: greet('mjs'), data }) });",
  ].join('\n'),
  'esm/data.json': '{"beside": true}',
  'typed/package.json': JSON.stringify({ type: 'module' }),
  'typed/app.js': [
    "import { named } from 'esm-only';",
    'const meta = typeof import.meta.url;',
    'export const handler = async () => ({ statusCode: 200, body: `${named} ${meta}` });',
  ].join('\n'),
  'typed/old.cjs': 'exports.handler = async () => ({ statusCode: 200, body: `cjs ${typeof require}` });\n',
  'ts/app.mts': [
    "import greet from 'esm-only';",
    'const n: number = await Promise.resolve(3);',
    'export const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 200, body: `${greet(n)}` });',
  ].join('\n'),
  'plain/app.js': 'exports.handler = async () => ({ statusCode: 200, body: `plain ${typeof require}` });\n',
};

describe('local API: handlers loaded as ES modules or CommonJS, as Lambda loads them', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = localWorkspace({
      ...ESM_ONLY,
      ...HANDLERS,
      'modules.apigw.yaml': lambdaHttpSpec('modules', {
        'GET /mjs': 'mjs',
        'GET /typed': 'typed',
        'GET /old': 'old',
        'GET /mts': 'mts',
        'GET /plain': 'plain',
      }),
      'modules.apigw.local.json': JSON.stringify({
        functions: {
          mjs: { handler: 'esm/app.mjs#handler' },
          typed: { handler: 'typed/app.js#handler' },
          old: { handler: 'typed/old.cjs#handler' },
          mts: { handler: 'ts/app.mts#handler' },
          plain: { handler: 'plain/app.js#handler' },
        },
      }),
    });
    api = await startLocalApi({ specPath: ws.file('modules.apigw.yaml'), port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('knows each file as Lambda does: .mjs/.mts ES modules, .cjs/.cts CommonJS, .js/.ts by package.json type', () => {
    assert.equal(moduleFormat(ws.file('esm/app.mjs')), 'esm');
    assert.equal(moduleFormat(ws.file('ts/app.mts')), 'esm');
    assert.equal(moduleFormat(ws.file('typed/app.js')), 'esm');
    assert.equal(moduleFormat(ws.file('typed/other.ts')), 'esm');
    assert.equal(moduleFormat(ws.file('typed/old.cjs')), 'cjs');
    assert.equal(moduleFormat(ws.file('typed/old.cts')), 'cjs');
    assert.equal(moduleFormat(ws.file('plain/app.js')), 'cjs', 'the nearest package.json has no type: CommonJS');
  });

  it('an .mjs handler: top-level await, an ESM-only package, a file read beside the source', async () => {
    const res = await fetch(`${api.url}/mjs`);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { greeting: 'hello mjs', data: { beside: true } });
  });

  it('a .js handler under "type": "module" is an ES module; a .cjs beside it is CommonJS', async () => {
    const typed = await fetch(`${api.url}/typed`);
    assert.equal(await typed.text(), 'named string', 'an ES module has import.meta');
    const old = await fetch(`${api.url}/old`);
    assert.equal(await old.text(), 'cjs function');
    const plain = await fetch(`${api.url}/plain`);
    assert.equal(await plain.text(), 'plain function');
  });

  it('an .mts handler compiles to an ES module, with top-level await', async () => {
    const res = await fetch(`${api.url}/mts`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello 3');
  });
});
