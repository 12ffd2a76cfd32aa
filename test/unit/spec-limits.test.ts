// The spec input budget (src/core/gatewaySpec/limits.ts) and the hostile inputs of issue 11 that reached past it:
// quadratic YAML aliases, a false "too many nodes" on large alias-free YAML, stack overflows on deep nesting,
// unterminated `${`, control characters, 32-bit integer fields, bytes that are not UTF-8, and 100,000 problems.
// Linear time is asserted on the front end's own work counter (steps per byte), never on a clock.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SPEC_LIMITS,
  SpecDocument,
  validateSpec,
  type SpecFormat,
  type SpecValidation,
} from '../../src/core/gatewaySpec';
import { editDistance } from '../../src/core/gatewaySpec/diagnostics';
import { completions, documentSymbols, hover } from '../../src/core/gatewaySpec/service';
import { httpSpec, toText } from './specBuilders';
import { hangGuard } from './hangGuard';

/** Steps per byte of input the front end and the rules may take on any document (plus a constant). */
const WORK_PER_BYTE = 40;
const WORK_CONSTANT = 50_000;

function assertLinear(r: SpecValidation, bytes: number, what: string): void {
  const budget = WORK_CONSTANT + WORK_PER_BYTE * bytes;
  assert.ok(r.stats.work <= budget, `${what}: ${r.stats.work} steps for ${bytes} bytes (budget ${budget})`);
}

const HEAD = 'version: 1\napi:\n  name: x\n  protocol: HTTP\n';
const codes = (r: SpecValidation) => r.diagnostics.map((d) => d.code);

describe('YAML aliases (issue 11 item 4)', () => {
  // Before: each alias searched the document for its anchor — 20,000 aliases in 140 KB took 47 s.
  it(
    '20,000 aliases in 140 KB: expanded as written, in linear work',
    hangGuard(60_000, () => {
      const lines = [HEAD, 'stages:', '  base: &t', '    autoDeploy: true', '    description: shared'];
      for (let i = 0; i < 20_000; i++) lines.push(`  s${i}: *t`);
      const text = `${lines.join('\n')}\n`;
      assert.ok(text.length > 140_000 && text.length < 400_000, `${text.length} bytes`);
      const r = validateSpec(text, { format: 'yaml' });
      assert.deepEqual((r.model as any).stages.s19999, { autoDeploy: true, description: 'shared' });
      assert.equal(r.stats.aliasNodes, 20_000 * 2, 'each alias adds the two values of the mapping it names');
      // The stages quota (10) is what is wrong with it, reported once, not once per alias.
      assert.deepEqual([...new Set(codes(r))], ['APIGW702']);
      assertLinear(r, text.length, '20,000 aliases');
    }),
  );

  // Before: 300,000 aliases in 2.1 MB ran past a minute at 700 MB.
  it(
    '300,000 aliases in 2.1 MB, in linear work',
    hangGuard(120_000, () => {
      const list = ['x:', '  - &v value'];
      for (let i = 1; i < 300_000; i++) list.push('  - *v');
      const text = `${HEAD}${list.join('\n')}\n`;
      assert.ok(text.length > 2_000_000, `${text.length} bytes`);
      const r = validateSpec(text, { format: 'yaml' });
      const x = (r.model as any).x as unknown[];
      assert.equal(x.length, 300_000);
      assert.ok(x.every((v) => v === 'value'));
      assert.deepEqual(codes(r), ['APIGW102'], 'the unknown property x, nothing about the aliases');
      assertLinear(r, text.length, '300,000 aliases');
    }),
  );

  it('an alias bomb stops at the alias limit (APIGW013), at the alias that crossed it, in linear work', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const text = lines.join('\n');
    const r = validateSpec(text, { format: 'yaml' });
    assert.deepEqual(codes(r), ['APIGW013']);
    assert.ok(r.diagnostics[0]!.offset > 0 && text[r.diagnostics[0]!.offset] === '*');
    assertLinear(r, text.length, 'alias bomb');
  });

  // Before: the limit counted values only, and a 200 KB string aliased 2,000 times is 2,001 values: every phase that
  // reads a string (length checks, "did you mean", messages) read it 2,000 times — 2.7 s for a 270 KB file, and
  // time in the product of the string's length and the aliases' number. A hang guard, not a speed assertion.
  it(
    'aliases of a long string stop at the characters they may repeat (APIGW013), nested ones too',
    hangGuard(60_000, () => {
      const long = 'a'.repeat(200_000);
      const routes = Array.from({ length: 2_000 }, (_, i) => `  GET /r${i}: { integration: *n }`).join('\n');
      const text = `${HEAD}x-n: &n ${long}\nroutes:\n${routes}\n`;
      const r = validateSpec(text, { format: 'yaml' });
      assert.deepEqual(codes(r), ['APIGW013']);
      assert.match(r.diagnostics[0]!.message, /repeat [\d,]+ characters, past the spec input limit/);
      assert.equal(text.slice(r.diagnostics[0]!.offset, r.diagnostics[0]!.offset + 2), '*n');
      // Repeats inside an anchor count each time that anchor is repeated.
      const nested = `${HEAD}x-b: &b ${'b'.repeat(20_000)}\nx-a: &a [${Array(20).fill('*b').join(', ')}]\nx-c:\n${'  - *a\n'.repeat(200)}`;
      assert.deepEqual(codes(validateSpec(nested, { format: 'yaml' })), ['APIGW013']);
      // What specs share stays far inside it: a 1 KB description in 500 places.
      const shared = `${HEAD}x-d: &d ${'d'.repeat(1_000)}\nx-e:\n${'  - *d\n'.repeat(500)}`;
      assert.deepEqual(codes(validateSpec(shared, { format: 'yaml' })), ['APIGW102', 'APIGW102']);
    }),
  );

  it('an alias inside the node it names is an error, not a loop', () => {
    const r = validateSpec(`${HEAD}tags: &t\n  self: *t\n`, { format: 'yaml' });
    assert.ok(
      r.diagnostics.some((d) => d.code === 'APIGW001' && /inside the node &t/.test(d.message)),
      JSON.stringify(r.diagnostics),
    );
    const unknown = validateSpec(`${HEAD}tags: *nope\n`, { format: 'yaml' });
    assert.ok(unknown.diagnostics.some((d) => /Unknown alias \*nope/.test(d.message)));
  });

  // Before: the node guard rejected alias-free YAML of 100,000 routes with "The YAML aliases expand to too many
  // nodes", while the same spec as JSON passed.
  it(
    '100,000 routes of alias-free YAML give exactly what the same spec as JSON gives',
    hangGuard(120_000, () => {
      const spec = httpSpec();
      spec.routes = {};
      for (let i = 0; i < 100_000; i++) spec.routes[`GET /r${i}`] = { integration: 'orders-fn' };
      const view = (r: SpecValidation) => r.diagnostics.map((d) => [d.code, d.message, JSON.stringify(d.path)]);
      const yaml = validateSpec(toText(spec, 'yaml'), { format: 'yaml' });
      const json = validateSpec(toText(spec, 'json'), { format: 'json' });
      assert.ok(!yaml.diagnostics.some((d) => /alias/i.test(d.message)), JSON.stringify(yaml.diagnostics.slice(0, 2)));
      assert.deepEqual(view(yaml), view(json));
      assert.deepEqual(
        codes(json),
        ['APIGW900', 'APIGW901', 'APIGW701'],
        'the unused integration and authorizer, and the route quota warning',
      );
      assert.equal(yaml.stats.nodes, json.stats.nodes);
    }),
  );
});

describe('the size limits hold for every format alike', () => {
  it('a file past the byte limit is refused unread (APIGW010), as bytes or as text', () => {
    const limits = { maxBytes: 1000 };
    for (const format of ['json', 'jsonc', 'yaml'] as const) {
      const text = toText({ ...httpSpec(), description: 'x'.repeat(2000) }, format === 'jsonc' ? 'json' : format);
      for (const input of [text, Buffer.from(text)]) {
        const r = validateSpec(input, { format, limits });
        assert.deepEqual(codes(r), ['APIGW010'], format);
        assert.match(r.diagnostics[0]!.message, /spec input limit is 0\.0 MB \(1,000 bytes\)/);
        assert.ok(r.stats.work < 5000, `${format}: nothing was parsed (${r.stats.work} steps)`);
      }
    }
    assert.equal(SPEC_LIMITS.maxBytes, 64 * 1024 * 1024);
  });

  it('too many values (APIGW012) points at the value that crossed the limit, in JSON and YAML', () => {
    const spec = httpSpec();
    spec.stages.dev.variables = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`v${i}`, `x${i}`]));
    for (const format of ['json', 'jsonc', 'yaml'] as const) {
      const text = toText(spec, format === 'jsonc' ? 'json' : format);
      const r = validateSpec(text, { format, limits: { maxNodes: 100 } });
      assert.deepEqual(codes(r), ['APIGW012'], format);
      assert.ok(r.diagnostics[0]!.offset > 0, format);
      assert.ok(
        validateSpec(text, { format, limits: { maxNodes: 1000 } }).diagnostics.every((d) => d.code !== 'APIGW012'),
      );
    }
  });
});

describe('deep nesting (issue 11 item 5)', () => {
  const deepJson = (n: number) =>
    `{"version": 1, "api": {"name": "x", "protocol": "HTTP"}, "tags": ${'['.repeat(n)}${']'.repeat(n)}}`;
  const deepYamlFlow = (n: number) => `${HEAD}tags: ${'['.repeat(n)}${']'.repeat(n)}\n`;
  const deepYamlBlock = (n: number) =>
    `${HEAD}tags:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`;

  // Before: JSON 2,000 deep threw "Maximum call stack size exceeded" out of validateSpec (validate, plan and deploy
  // exited 2 with no file name); YAML about 800 deep reported the stack message as a diagnostic.
  for (const [name, text, format] of [
    ['JSON 2,000 deep', deepJson(2000), 'json'],
    ['JSONC 2,000 deep', deepJson(2000), 'jsonc'],
    ['JSON 100,000 deep', deepJson(100_000), 'json'],
    ['YAML flow 2,000 deep', deepYamlFlow(2000), 'yaml'],
    ['YAML block 800 deep', deepYamlBlock(800), 'yaml'],
    ['YAML block 1,500 deep', deepYamlBlock(1500), 'yaml'],
  ] as const) {
    it(`${name}: the depth limit's diagnostic (APIGW011), no exception, editor features answer`, () => {
      const r = validateSpec(text, { format });
      assert.deepEqual(codes(r), ['APIGW011'], JSON.stringify(r.diagnostics.slice(0, 3)));
      assert.match(r.diagnostics[0]!.message, /limit of 64 levels/);
      assert.ok(!r.diagnostics.some((d) => /call stack/i.test(d.message)));
      const where = r.diagnostics[0]!.offset;
      assert.ok(text[where] === '[' || /k\d/.test(text.slice(where, where + 3)), text.slice(where, where + 5));
      const doc = new SpecDocument(text, format);
      for (const at of [0, where, text.length]) {
        completions(doc, at);
        hover(doc, at);
      }
      documentSymbols(doc);
      assertLinear(r, text.length, name);
    });
  }

  it('everything within the depth limit keeps working: 64 levels pass, 65 do not', () => {
    for (const format of ['json', 'yaml'] as const) {
      // The top-level mapping is the first level.
      const ok = format === 'json' ? deepJson(63) : deepYamlFlow(63);
      const over = format === 'json' ? deepJson(64) : deepYamlFlow(64);
      assert.deepEqual(
        codes(validateSpec(ok, { format })),
        ['APIGW102'],
        `${format}: only the unknown property 'tags'`,
      );
      assert.deepEqual(codes(validateSpec(over, { format })), ['APIGW011'], format);
    }
  });

  it('an alias that would expand past the depth limit is refused where it is used', () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const text = `${HEAD}tags:\n  a: &d ${deep}\n  b: [[[[[[[[[[[[[[[[[[[[[[[[[[*d]]]]]]]]]]]]]]]]]]]]]]]]]]\n`;
    const r = validateSpec(text, { format: 'yaml' });
    assert.deepEqual(codes(r), ['APIGW011']);
    assert.match(r.diagnostics[0]!.message, /once this alias is expanded/);
    assert.equal(text.slice(r.diagnostics[0]!.offset, r.diagnostics[0]!.offset + 2), '*d');
  });
});

describe('values a spec must refuse (issue 11 item 7)', () => {
  const withUri = (uri: string) => {
    const spec = httpSpec();
    spec.integrations['catalog-http'].uri = uri;
    return spec;
  };

  // Before: accepted (exit 0), and scanned in quadratic time.
  for (const format of ['json', 'yaml'] as const) {
    it(`an unterminated \${ in a URI is an error (APIGW802) at the \${ (${format})`, () => {
      const text = toText(withUri('https://catalog.example.com/${stageVariables.path'), format);
      const r = validateSpec(text, { format });
      assert.deepEqual(codes(r), ['APIGW802']);
      assert.equal(text.slice(r.diagnostics[0]!.offset, r.diagnostics[0]!.offset + 2), '${');
      assert.match(r.diagnostics[0]!.message, /no closing \}/);
    });
  }

  it(
    '100,000 unterminated ${ in one string: one problem, linear work',
    hangGuard(60_000, () => {
      const text = toText(withUri(`https://x.example.com/${'${'.repeat(100_000)}`), 'json');
      const r = validateSpec(text, { format: 'json' });
      assert.deepEqual(codes(r), ['APIGW802']);
      assertLinear(r, text.length, 'unterminated ${');
    }),
  );

  // Before: a raw NUL in a YAML plain scalar was accepted.
  it('a raw NUL (or other control character) in YAML text is refused where it is', () => {
    for (const ch of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0090']) {
      const text = `${HEAD.replace('name: x', `name: a${ch}b`)}`;
      const r = validateSpec(text, { format: 'yaml' });
      const d = r.diagnostics.find((x) => x.code === 'APIGW001');
      assert.ok(d, `U+${ch.charCodeAt(0).toString(16)}: ${JSON.stringify(r.diagnostics)}`);
      assert.equal(d.offset, text.indexOf(ch));
      assert.match(d.message, /Control character U\+00[0-9A-F]{2}/);
    }
    // Escaped in a double-quoted string it is text like any other.
    assert.deepEqual(codes(validateSpec(HEAD.replace('name: x', 'name: "a\\0b"'), { format: 'yaml' })), []);
    assert.deepEqual(
      codes(
        validateSpec(toText({ ...httpSpec(), api: { name: 'a\u0000b', protocol: 'HTTP' } }, 'json'), {
          format: 'json',
        }),
      ),
      [],
    );
  });

  // Before: `burstLimit: 1.2e29` passed; AWS takes 32-bit integers (ThrottlingBurstLimit: Integer).
  it('integer fields hold 32-bit integers: burstLimit 1.2e29 and 2^31 are refused, 2^31-1 is not', () => {
    const withBurst = (burstLimit: number) => {
      const spec = httpSpec();
      spec.stages.dev.throttling = { burstLimit, rateLimit: 10 };
      return spec;
    };
    for (const format of ['json', 'yaml'] as const) {
      for (const bad of [1.2e29, 2 ** 31]) {
        const r = validateSpec(toText(withBurst(bad), format), { format });
        assert.deepEqual(codes(r), ['APIGW105'], `${format} ${bad}`);
      }
      assert.deepEqual(codes(validateSpec(toText(withBurst(2 ** 31 - 1), format), { format })), []);
    }
  });

  it('every integer field of the schema is bounded by what AWS stores (32-bit Integer)', () => {
    const schema = require('../../../schemas/gateway-spec.schema.json');
    const unbounded: string[] = [];
    const visit = (node: any, at: string) => {
      if (!node || typeof node !== 'object') return;
      if (node.type === 'integer' && !(typeof node.maximum === 'number' && node.maximum <= 2 ** 31 - 1))
        unbounded.push(at);
      for (const [k, v] of Object.entries<any>(node.properties ?? {})) visit(v, `${at}.${k}`);
      for (const k of ['items', 'additionalProperties']) visit(node[k], `${at}[${k}]`);
      for (const [k, v] of Object.entries<any>(node.definitions ?? {})) visit(v, `#/definitions/${k}`);
    };
    visit(schema, '#');
    assert.deepEqual(unbounded, []);
  });

  it('numbers that are not finite are refused with a message that says so', () => {
    const spec = httpSpec();
    spec.stages.dev.throttling = { rateLimit: 1 };
    const yaml = toText(spec, 'yaml').replace('rateLimit: 1', 'rateLimit: .inf');
    const r = validateSpec(yaml, { format: 'yaml' });
    assert.deepEqual(codes(r), ['APIGW100']);
    assert.match(r.diagnostics[0]!.message, /finite number/);
  });
});

describe('found by the fuzz harness', () => {
  // Issue 9: "11 diagnostics end past the end of the file". jsonc-parser reports an unterminated block comment and
  // the missing } one character past the end; the deep run found it again (seed 303662044, case 7640).
  it('every syntax problem lies inside the text, even those the JSON parser places past its end', () => {
    for (const [text, format] of [
      ['// a comment\n{\n  /*', 'jsonc'],
      ['{"a": "b', 'json'],
      ['{"a": [1, ', 'jsonc'],
      ['{', 'json'],
    ] as const) {
      const r = validateSpec(text, { format });
      assert.ok(r.diagnostics.length > 0);
      for (const d of r.diagnostics)
        assert.ok(d.offset + d.length <= text.length, `${JSON.stringify(text)}: ${d.code} at ${d.offset}+${d.length}`);
    }
  });

  // A subtype named 'constructor' found Object's constructor as its parameter table and threw (seed 303662044,
  // case 86357); section keys and schema lookups had the same hole.
  it('prototype names as values and keys are data, not lookups into Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const spec = httpSpec();
      spec.integrations['orders-fn'].subtype = name;
      Object.defineProperty(spec, name, { value: { x: 1 }, enumerable: true, configurable: true, writable: true });
      for (const format of ['json', 'yaml'] as const) {
        const text = toText(spec, format);
        const r = validateSpec(text, { format });
        assert.ok(
          r.diagnostics.some((d) => d.code === 'APIGW103'),
          `${name} ${format}: the subtype is refused`,
        );
        assert.ok(
          r.diagnostics.some((d) => d.code === 'APIGW102'),
          `${name} ${format}: the key is unknown`,
        );
        const doc = new SpecDocument(text, format);
        assert.ok(documentSymbols(doc).every((sym) => typeof sym.kind === 'string'));
        const h = hover(doc, text.indexOf(name) + 1);
        assert.ok(!h || !/function|\[native code\]/.test(h.markdown), h?.markdown);
      }
    }
  });

  // Before: the "only comments?" check was /^(\s|#[^\n]*)*$/, exponential in the ` #` of one comment line: 18 of
  // them took 28 s, and each one more doubled it.
  it(
    'a comment line of many " #" followed by content validates in linear work',
    hangGuard(60_000, () => {
      const text = `#${' #'.repeat(5000)}\n${HEAD}`;
      const r = validateSpec(text, { format: 'yaml' });
      assert.deepEqual(codes(r), []);
      assertLinear(r, text.length, 'comment of # #');
      assert.deepEqual(codes(validateSpec(`# only\n  # comments\n\n`, { format: 'yaml' })), ['APIGW003']);
    }),
  );
});

describe('long names', () => {
  // Before: "did you mean" compared two names cell by cell whatever the distance it looked for, O(length²): an
  // unknown 20 KB reference beside a 20 KB integration name took 12 s. A hang guard, not a speed assertion.
  it(
    'an unknown 200 KB reference one letter from a 200 KB name: suggested, without comparing every pair of letters',
    hangGuard(60_000, () => {
      const name = 'a'.repeat(200_000);
      const spec = httpSpec();
      spec.integrations[name] = spec.integrations['orders-fn'];
      spec.routes['GET /long'] = { integration: `${name.slice(1)}b` };
      const r = validateSpec(toText(spec, 'json'), { format: 'json' });
      const unknown = r.diagnostics.find((d) => d.code === 'APIGW200');
      assert.ok(unknown, codes(r).join(', '));
      assert.ok(unknown.message.endsWith(`Did you mean '${name}'?`), unknown.message.slice(-80));
    }),
  );

  it('editDistance within a bound is the optimal string alignment distance: against the whole table on 20,000 pairs', () => {
    let seed = 7;
    const next = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
    const word = () => Array.from({ length: next(10) }, () => 'abc'[next(3)]).join('');
    for (let t = 0; t < 20_000; t++) {
      const a = word();
      const b = next(2) ? word() : [...a].map((c) => (next(4) ? c : 'abc'[next(3)])).join('');
      const max = [0, 1, 2, 3, 4, Infinity][next(6)]!;
      const want = fullTable(a, b);
      assert.equal(editDistance(a, b, max), want <= max ? want : max + 1, `${a} ${b} ${max}`);
    }
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ca', 'abc'), 3);
    assert.equal(editDistance('integartion', 'integration', 1), 1);
  });
});

/** The optimal string alignment distance from the whole (length × length) table: the reference for editDistance. */
function fullTable(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe('bytes that are not UTF-8 (issue 11 item 7)', () => {
  // Before: `validate` refused them but `plan` and `deploy` read them as text: the front end now takes the bytes.
  const spec = toText(httpSpec(), 'yaml');
  const at = spec.indexOf('orders-api');
  const bytes = Buffer.concat([Buffer.from(spec.slice(0, at)), Buffer.from([0xc3, 0x28]), Buffer.from(spec.slice(at))]);

  for (const format of ['json', 'yaml'] as const) {
    it(`are refused with the place of the first bad byte (APIGW005, ${format})`, () => {
      const r = validateSpec(bytes, { format });
      assert.deepEqual(codes(r), ['APIGW005']);
      assert.equal(r.valid, false);
      assert.equal(r.model, undefined);
      assert.deepEqual(r.diagnostics[0]!.range.start, { line: 2, character: 8 });
      assert.match(r.diagnostics[0]!.message, /byte 0xC3 at byte offset \d+ is not part of a UTF-8 character/);
    });
  }

  it('UTF-8 with a byte order mark is read; UTF-16 is refused as UTF-16', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(spec)]);
    assert.deepEqual(codes(validateSpec(withBom, { format: 'yaml' })), []);
    assert.deepEqual(
      validateSpec(withBom, { format: 'yaml' }).diagnostics,
      validateSpec(spec, { format: 'yaml' }).diagnostics,
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(spec, 'utf16le')]);
    const r = validateSpec(utf16, { format: 'yaml' });
    assert.deepEqual(codes(r), ['APIGW005']);
    assert.match(r.diagnostics[0]!.message, /UTF-16/);
  });

  it('overlong forms, surrogates and truncated sequences are not UTF-8 either', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      const r = validateSpec(Buffer.concat([Buffer.from('version: 1\n# '), Buffer.from(bad)]), { format: 'yaml' });
      assert.deepEqual(codes(r), ['APIGW005'], JSON.stringify(bad));
    }
  });
});

describe('100,000 problems (issue 11 item 7)', () => {
  // Before: 18–47 s, spent building quick fixes the CLI never prints (each "remove the unused integration" fix
  // searched the whole section).
  const spec = httpSpec();
  for (let i = 0; i < 100_000; i++)
    spec.integrations[`unused-${i}`] = { type: 'HTTP_PROXY', uri: 'https://x.example.com' };
  const text = toText(spec, 'json');

  it(
    'are capped at the per-file limit with one that counts the rest, errors first, in linear work',
    hangGuard(60_000, () => {
      const r = validateSpec(text, { format: 'json' });
      assert.equal(r.diagnostics.length, SPEC_LIMITS.maxDiagnostics);
      assert.equal(r.diagnostics[0]!.code, 'APIGW014');
      assert.match(r.diagnostics[0]!.message, /^100,001 problems \(1 errors, 100,000 warnings\): 999 are shown/);
      assert.ok(
        r.diagnostics.some((d) => d.code === 'APIGW700'),
        'the one error (300 integrations at most) is kept',
      );
      assert.equal(r.stats.problems, 100_001);
      assert.equal(r.valid, false);
      assertLinear(r, text.length, '100,000 problems');
    }),
  );

  it(
    'build quick fixes only when asked, and not at all with fixes: false',
    hangGuard(60_000, () => {
      const lazy = validateSpec(text, { format: 'json' });
      const unused = lazy.diagnostics.find((d) => d.code === 'APIGW900')!;
      const work = lazy.document.stats.work;
      assert.equal(unused.fixes?.[0]?.title, `Remove unused integration '${unused.message.split("'")[1]}'`);
      assert.ok(lazy.document.stats.work >= work);
      const bare = validateSpec(text, { format: 'json', fixes: false });
      assert.ok(bare.diagnostics.every((d) => !('fixes' in d)));
      assert.deepEqual(
        bare.diagnostics.map((d) => [d.code, d.offset]),
        lazy.diagnostics.map((d) => [d.code, d.offset]),
      );
    }),
  );
});

describe('the formats agree', () => {
  it('JSON, JSONC and YAML of one spec give the same diagnostics, with the same limits', () => {
    const spec = httpSpec();
    spec.routes['GET /items'].integration = 'missing-fn';
    spec.stages.dev.throttling = { burstLimit: 1.2e29 };
    const view = (format: SpecFormat) =>
      validateSpec(toText(spec, format === 'jsonc' ? 'json' : format), { format }).diagnostics.map((d) => [
        d.code,
        d.message,
        d.path,
      ]);
    assert.deepEqual(view('yaml'), view('json'));
    assert.deepEqual(view('jsonc'), view('json'));
  });
});
