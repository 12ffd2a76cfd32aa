// Parsing with positions: syntax errors, duplicate keys (which JSON.parse silently drops), comments by file type,
// YAML specifics, and the conversion between offsets, positions and JSON paths.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatOf, SpecDocument, validateSpec } from '../../src/core/gatewaySpec';
import { tokenOf } from './specBuilders';

const line = (_text: string, d: { range: { start: { line: number; character: number } } }) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}`;

describe('spec parsing', () => {
  it('picks the format from the file name', () => {
    assert.equal(formatOf('a.apigw.yaml'), 'yaml');
    assert.equal(formatOf('a.apigw.YML'), 'yaml');
    assert.equal(formatOf('a.apigw.jsonc'), 'jsonc');
    assert.equal(formatOf('a.apigw.json'), 'json');
  });

  it('reports a JSON syntax error where it is (APIGW001)', () => {
    const text = '{\n  "version": 1,\n  "api": { "name": "x" "protocol": "HTTP" }\n}\n';
    const r = validateSpec(text, { format: 'json' });
    const d = r.diagnostics.find((x) => x.code === 'APIGW001');
    assert.ok(d, JSON.stringify(r.diagnostics));
    assert.equal(d.severity, 'error');
    assert.equal(line(text, d), '3:24');
    assert.match(d.message, /Comma expected/);
    assert.equal(r.valid, false);
  });

  it('rejects comments in .json and accepts them in .jsonc', () => {
    const text = '// orders\n{"version": 1, "api": {"name": "x", "protocol": "HTTP"}}';
    const strict = validateSpec(text, { fileName: 'a.apigw.json' }).diagnostics;
    assert.deepEqual(
      strict.map((d) => [d.code, line(text, d)]),
      [['APIGW001', '1:1']],
    );
    assert.match(strict[0]!.message, /\.apigw\.jsonc/);
    assert.deepEqual(validateSpec(text, { fileName: 'a.apigw.jsonc' }).diagnostics, []);
  });

  it('reports duplicate keys in JSON on the later key, pointing back at the first (APIGW002)', () => {
    const text = '{"version": 1, "api": {"name": "a", "protocol": "HTTP", "name": "b"}}';
    const [d, ...rest] = validateSpec(text, { format: 'json' }).diagnostics;
    assert.deepEqual(rest, []);
    assert.equal(d!.code, 'APIGW002');
    assert.equal(d!.offset, text.lastIndexOf('"name"'));
    assert.equal(d!.related?.[0]?.offset, text.indexOf('"name"'));
    assert.equal(
      validateSpec(text, { format: 'json' }).model?.api.name,
      'b',
      'the later value wins, as with JSON.parse',
    );
  });

  it('reports duplicate keys in YAML (APIGW002)', () => {
    const text = 'version: 1\napi:\n  name: a\n  protocol: HTTP\n  name: b\n';
    const ds = validateSpec(text, { format: 'yaml' }).diagnostics;
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, line(text, d), tokenOf(text, d)]),
      [['APIGW002', 'error', '5:3', 'name']],
    );
  });

  it('reports a duplicate key in an anchored mapping once, however many aliases copy it (APIGW002)', () => {
    const text =
      'version: 1\napi: {name: a, protocol: HTTP}\nx-base: &base\n  a: 1\n  a: 2\n' +
      'x-one: *base\nx-two: *base\nx-other:\n  b: 1\n  b: 2\n';
    const doc = new SpecDocument(text, 'yaml');
    assert.deepEqual(
      doc.syntaxProblems.filter((p) => p.kind === 'duplicate').map((p) => text.slice(p.offset, p.offset + p.length)),
      ['a', 'b'],
    );
    assert.deepEqual((doc.value as Record<string, unknown>)['x-two'], { a: 2 });
  });

  it('reports a YAML syntax error (APIGW001)', () => {
    const text = 'version: 1\napi:\n  name: "unterminated\n  protocol: HTTP\n';
    const ds = validateSpec(text, { format: 'yaml' }).diagnostics;
    assert.ok(
      ds.some((d) => d.code === 'APIGW001' && d.severity === 'error'),
      JSON.stringify(ds),
    );
  });

  it('refuses a top level that is not an object, and an empty file (APIGW003)', () => {
    for (const [text, format] of [
      ['[1, 2]', 'json'],
      ['- a\n- b\n', 'yaml'],
      ['', 'yaml'],
      ['   \n', 'json'],
      ['42', 'json'],
    ] as const) {
      const ds = validateSpec(text, { format }).diagnostics;
      assert.ok(ds.length >= 1, `${JSON.stringify(text)}: ${JSON.stringify(ds)}`);
      assert.ok(
        ds.every((d) => d.code === 'APIGW003' || d.code === 'APIGW001'),
        JSON.stringify(ds),
      );
      if (text.trim() !== '')
        assert.ok(
          ds.some((d) => d.code === 'APIGW003'),
          JSON.stringify(text),
        );
    }
  });

  it('refuses collection keys in YAML (APIGW004)', () => {
    const text = 'version: 1\napi:\n  name: x\n  protocol: HTTP\n? [a, b]\n: c\n';
    const ds = validateSpec(text, { format: 'yaml' }).diagnostics;
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, line(text, d)]),
      [['APIGW004', 'error', '5:3']],
    );
  });

  it('resolves YAML aliases and survives alias bombs and cycles', () => {
    const ok = 'version: 1\napi: &a\n  name: x\n  protocol: HTTP\nstages:\n  dev: &s {autoDeploy: true}\n  prod: *s\n';
    const r = validateSpec(ok, { format: 'yaml' });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.model?.stages?.prod, { autoDeploy: true });
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const b = validateSpec(bomb, { format: 'yaml' });
    assert.deepEqual(
      b.diagnostics.map((d) => d.code),
      ['APIGW013'],
      JSON.stringify(b.diagnostics.slice(0, 3)),
    );
    assert.match(b.diagnostics[0]!.message, /spec input limit/);
  });

  it('points at a string by UTF-16 positions and handles CRLF line breaks', () => {
    const text = 'version: 1\r\napi:\r\n  name: "ünïcødé 🚀"\r\n  protocol: HTTPS\r\n';
    const [d] = validateSpec(text, { format: 'yaml' }).diagnostics;
    assert.equal(d!.code, 'APIGW103');
    assert.deepEqual(d!.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } });
  });

  it('maps JSON paths to ranges and offsets back to paths', () => {
    const text =
      '{\n  "version": 1,\n  "api": {"name": "x", "protocol": "HTTP"},\n  "routes": {"GET /a": {"integration": "fn"}}\n}';
    const doc = new SpecDocument(text, 'json');
    const r = doc.rangeOf(['routes', 'GET /a', 'integration']);
    assert.deepEqual(r, { start: { line: 3, character: 39 }, end: { line: 3, character: 43 } });
    assert.deepEqual(doc.rangeOf(['routes', 'GET /a'], 'key'), {
      start: { line: 3, character: 13 },
      end: { line: 3, character: 21 },
    });
    // A path that does not exist falls back to its nearest ancestor.
    assert.deepEqual(doc.rangeOf(['routes', 'GET /a', 'authorizer']), doc.rangeOf(['routes', 'GET /a'], 'key'));
    const el = doc.elementAt(text.indexOf('"fn"') + 1);
    assert.deepEqual(el?.path, ['routes', 'GET /a', 'integration']);
    assert.equal(el?.onKey, false);
    assert.equal(doc.offsetAt(doc.positionAt(57)), 57);
  });

  it('counts positions in any order as the line table places them', () => {
    const text = '{\n  "a": 1,\n\n  "bb": [\n    2\n  ]\n}\n';
    const offsets = [0, 5, 12, 30, 3, 40, 9, 9, 10, 11, 0, text.length, 13];
    const counted = new SpecDocument(text, 'json');
    // More than the 8 positions it counts: the rest come from the line table, which the second document uses at once.
    const fromTable = new SpecDocument(text, 'json');
    fromTable.offsetAt({ line: 0, character: 0 });
    for (const o of offsets) assert.deepEqual(counted.positionAt(o), fromTable.positionAt(o), `offset ${o}`);
  });

  it("points schema errors under keys holding '~' and '/' at their keys, validated again too", () => {
    const spec = {
      version: 1,
      api: { name: 'x', protocol: 'HTTP' },
      routes: { 'GET /a~1b/{id}': { integration: 'fn', bogus: 2 } },
      integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:f' } },
    };
    const text = JSON.stringify(spec, null, 2);
    // The second validation reads the key's JSON pointer from the validator's memory of escaped keys.
    for (let i = 0; i < 2; i++) {
      const d = validateSpec(text, { format: 'json' }).diagnostics.find((x) => x.code === 'APIGW102');
      assert.deepEqual(d?.path, ['routes', 'GET /a~1b/{id}', 'bogus']);
    }
  });

  it('keeps a __proto__ key as data', () => {
    const r = validateSpec(
      '{"version": 1, "api": {"name": "x", "protocol": "HTTP"}, "stages": {"__proto__": {"autoDeploy": true}}}',
      { format: 'json' },
    );
    assert.deepEqual(r.diagnostics, []);
    assert.equal(Object.getPrototypeOf(r.model?.stages), Object.prototype);
    assert.deepEqual(Object.entries(r.model?.stages ?? {}), [['__proto__', { autoDeploy: true }]]);
  });
});

describe('strict JSON fast path', () => {
  it('finds every path by scanning exactly where the syntax tree puts it', () => {
    const spec = JSON.parse(
      require('node:fs').readFileSync(
        require('node:path').join(__dirname, '..', '..', '..', 'examples', 'chat-api.apigw.json'),
        'utf8',
      ),
    );
    spec.routes['we"ird \\ key'] = { integration: 'messages-fn' };
    for (const text of [
      JSON.stringify(spec, null, 2),
      JSON.stringify(spec),
      JSON.stringify(spec, null, '\t').replace(/\n/g, '\r\n'),
    ]) {
      const paths: Array<Array<string | number>> = [];
      const walk = (v: unknown, p: Array<string | number>) => {
        paths.push(p);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      };
      walk(spec, []);
      paths.push(['routes', 'missing', 'integration'], ['stages', 'dev', 'accessLog', 'nope']);
      const tree = new SpecDocument(text, 'json');
      assert.ok(tree.root);
      for (const p of paths) {
        for (const target of ['key', 'value'] as const) {
          const scanned = new SpecDocument(text, 'json').locate(p, target);
          assert.deepEqual(scanned, tree.locate(p, target), `${JSON.stringify(p)} ${target}`);
        }
      }
    }
  });

  it('starts a scan at a key the text holds once only where that key is the one on the path', () => {
    const texts = [
      // `routes` nested earlier, inside a string (escaped quotes) and as a value: the top-level one is not alone.
      '{"a": {"routes": 1}, "s": "x \\"routes\\": y", "routes": {"GET /x": {"integration": "routes"}}}',
      // A key ending in `"routes` (an escaped quote before it): the needle there is not a key of its own.
      '{"z\\"routes": 0, "routes": {"GET /x": {"integration": "i"}}}',
      // A string ending in an escaped backslash: the quote after it closes the string.
      '{"s": "a\\\\", "routes": {"GET /x": {"integration": "i"}}, "b": {"integration": 2}}',
      // The top-level key spelled with \u: the plain `routes` is the nested one.
      '{"a": {"routes": 1}, "rout\\u0065s": {"GET /x": {"integration": "i"}}}',
      // The route key spelled with \/: the plain `GET /x` belongs to another object.
      '{"routes": {"GET \\/x": {"integration": "i"}}, "other": {"GET /x": {"integration": 1}}}',
    ];
    for (const text of texts) {
      const value = JSON.parse(text) as Record<string, unknown>;
      const paths: Array<Array<string | number>> = [];
      const walk = (v: unknown, p: Array<string | number>) => {
        paths.push(p);
        if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      };
      walk(value, []);
      const tree = new SpecDocument(text, 'json');
      assert.ok(tree.root);
      for (const p of paths) {
        for (const target of ['key', 'value'] as const) {
          const scanned = new SpecDocument(text, 'json').locate(p, target);
          assert.deepEqual(scanned, tree.locate(p, target), `${text}: ${JSON.stringify(p)} ${target}`);
        }
      }
    }
  });

  it('leaves duplicates, comments and non-objects to the full parser', () => {
    assert.equal(
      validateSpec('{"version": 1, "version": 1, "api": {"name": "x", "protocol": "HTTP"}}', { format: 'json' })
        .diagnostics[0]?.code,
      'APIGW002',
    );
    assert.equal(
      validateSpec('{"a": {"k": 1, "k": 2}, "version": 1, "api": {"name": "x", "protocol": "HTTP"}}', {
        format: 'json',
      }).diagnostics.filter((d) => d.code === 'APIGW002').length,
      1,
    );
    assert.equal(
      validateSpec('{"version": 1, "api": {"name": "a\\":", "protocol": "HTTP"}}', { format: 'json' }).diagnostics
        .length,
      0,
    );
  });
});

describe('validateSpecAsync', () => {
  const { validateSpecAsync, ValidationCancelled } =
    require('../../src/core/gatewaySpec') as typeof import('../../src/core/gatewaySpec');
  const text = 'version: 1\napi:\n  name: x\n  protocol: HTTPS\n';

  it('gives the same result as the synchronous pipeline', async () => {
    const r = await validateSpecAsync(text, { format: 'yaml' }, () => false);
    assert.deepEqual(r.diagnostics, validateSpec(text, { format: 'yaml' }).diagnostics);
  });

  it('stops at the next phase once the run is stale', async () => {
    let checks = 0;
    await assert.rejects(
      validateSpecAsync(text, { format: 'yaml' }, () => ++checks > 1),
      (err: unknown) => err instanceof ValidationCancelled && checks === 2,
    );
  });
});
