// Hostile spec documents for the fuzz harness (harness.ts): every shape issue 11 found or could have found — deep
// nesting, YAML aliases (shared, bombs, cycles), size, bytes that are not UTF-8, control characters, prototype keys,
// huge numbers, `${` in every form, and every field of a valid spec replaced by something it should not hold — plus
// the classic mutations of valid specs (truncation, noise, swaps, indentation). Each case comes from one seeded
// generator, so a seed and an index reproduce it exactly.
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { SpecFormat } from '../../src/core/gatewaySpec';
import { seededRandom } from '../localaws/random';
import { httpSpec, wsSpec } from '../unit/specBuilders';

export interface FuzzCase {
  /** The generator that made it, and what it did. */
  name: string;
  format: SpecFormat;
  /** Text (what an editor holds) or bytes (what is on disk). */
  input: string | Uint8Array;
}

/** unit: small documents, a few thousand in seconds (npm test); deep: up to megabytes (npm run fuzz). */
export type FuzzSize = 'unit' | 'deep';

export class Gen {
  readonly rnd: () => number;
  constructor(
    seed: number,
    readonly size: FuzzSize,
  ) {
    this.rnd = seededRandom(seed);
  }
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  /**
   * A size: `small` in the unit tier; in the deep run mostly a few times `small`, one case in ten `large` and one in
   * two hundred `huge` (megabytes), so 100,000 documents still run in minutes.
   */
  scale(small: number, large: number, huge: number): number {
    if (this.size === 'unit') return small;
    const r = this.rnd();
    return r < 0.9 ? small * 4 : r < 0.995 ? large : huge;
  }
}

type Json = Record<string, any>;

// ---- valid bases, written in every style ----

const REPO_ROOT = path.join(__dirname, '..', '..', '..');

let cachedBases: Json[] | undefined;
function bases(): Json[] {
  if (cachedBases) return cachedBases;
  const dir = path.join(REPO_ROOT, 'examples');
  const examples = fs
    .readdirSync(dir)
    .filter((f) => /\.apigw\.(json|yaml)$/.test(f))
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return (f.endsWith('.yaml') ? parse(text) : JSON.parse(text)) as Json;
    });
  return (cachedBases = [...examples, httpSpec(), wsSpec()]);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** A value written as `format`, in one of the styles people use. */
export function write(g: Gen, value: unknown, format: SpecFormat): string {
  if (format === 'yaml') {
    return stringify(value, {
      lineWidth: g.pick([0, 40, 80]),
      indent: g.pick([2, 4]),
      indentSeq: g.chance(0.5),
      collectionStyle: g.chance(0.15) ? 'flow' : 'any',
      defaultStringType: g.pick(['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL']),
      defaultKeyType: g.pick([null, 'PLAIN', 'QUOTE_DOUBLE']),
      aliasDuplicateObjects: false,
    });
  }
  const text = JSON.stringify(value, null, g.pick([0, 2, 4, '\t']));
  if (format === 'jsonc' && g.chance(0.7))
    return `// a comment\n${text.replace(/\n/, '\n  /* block */\n').replace(/}\s*$/, g.chance(0.5) ? ',}' : '}')}`;
  return g.chance(0.2) ? text.replace(/\n/g, '\r\n') : text;
}

function baseCase(g: Gen): { value: Json; format: SpecFormat } {
  return { value: clone(g.pick(bases())), format: g.pick(['json', 'jsonc', 'yaml', 'yaml'] as const) };
}

const written = new Map<string, string>();

/** A valid base in one of a few styles, written once per style (textual mutations need no fresh value). */
function baseText(g: Gen): { text: string; format: SpecFormat } {
  const b = g.int(bases().length);
  const format = g.pick(['json', 'jsonc', 'yaml', 'yaml'] as const);
  const style = g.int(6);
  const key = `${b}:${format}:${style}`;
  let text = written.get(key);
  if (text === undefined) {
    text = write(new Gen(style * 31 + b, g.size), bases()[b], format);
    written.set(key, text);
  }
  return { text, format };
}

// ---- values nothing in a spec should hold ----

const HOSTILE_STRINGS = [
  '',
  ' ',
  '${',
  '${aws:regoin}',
  '${aws:region',
  '${stageVariables.}',
  '}{',
  '$default',
  'GET /',
  'GET /a//b/{c+}/d',
  'arn:aws:lambda:',
  'arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}',
  'https://',
  '__proto__',
  'constructor',
  '\u202e\u0000',
  '🚀'.repeat(20),
  '![x](https://evil.example/x.png)',
  '<img src=x onerror=alert(1)>',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '../../../etc/passwd',
  '%00%ff',
  'a\nb\rc\r\nd',
  '\'"`',
];

function hostileValue(g: Gen): unknown {
  switch (g.int(9)) {
    case 0:
      return g.pick(HOSTILE_STRINGS);
    case 1:
      return g.pick(HOSTILE_STRINGS).repeat(g.between(1, g.scale(40, 2000, 20_000)));
    case 2:
      return g.pick([0, -1, 1.5, -0, 1e308, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 1, 1.2e29, Number.MIN_VALUE]);
    case 3:
      return g.pick([null, true, false]);
    case 4:
      return g.pick([[], {}, [[[]]], [null], [{}]]);
    case 5:
      return Array.from({ length: g.between(0, g.scale(12, 500, 5000)) }, () => g.pick(HOSTILE_STRINGS));
    case 6:
      return Object.fromEntries(
        Array.from({ length: g.between(1, 20) }, (_, i) => [`${g.pick(HOSTILE_STRINGS)}${i}`, i]),
      );
    case 7:
      return protoObject(g);
    default:
      return { nested: { deeper: [hostileValueShallow(g)] } };
  }
}

function hostileValueShallow(g: Gen): unknown {
  return g.chance(0.5) ? g.pick(HOSTILE_STRINGS) : g.pick([1e308, -1, null, true]);
}

const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];

/** An object whose own keys are prototype names (`{"__proto__": …}` as JSON.parse makes it, not a prototype). */
function protoObject(g: Gen): Json {
  const o: Json = {};
  for (const k of PROTO_KEYS)
    if (g.chance(0.5))
      Object.defineProperty(o, k, {
        value: hostileValueShallow(g),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  return o;
}

/** Every path to a value in a spec. */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Json)[k], [...at, k], out);
  return out;
}

function setAt(root: Json, at: Array<string | number>, value: unknown, rename?: string): void {
  if (at.length === 0) return;
  let cur: any = root;
  for (const seg of at.slice(0, -1)) cur = cur[seg];
  const last = at[at.length - 1]!;
  if (rename !== undefined && !Array.isArray(cur)) {
    const v = cur[last];
    delete cur[last];
    Object.defineProperty(cur, rename, { value: v, enumerable: true, writable: true, configurable: true });
  } else if (value === undefined && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
}

// ---- the generators ----

/** Every field of a valid spec, one at a time: replaced, removed, or its key renamed. */
function fieldMutation(g: Gen): FuzzCase {
  const { value, format } = baseCase(g);
  const n = g.between(1, 3);
  const what: string[] = [];
  for (let i = 0; i < n; i++) {
    const all = paths(value);
    const at = g.pick(all);
    const op = g.int(4);
    if (op === 0) setAt(value, at, undefined);
    else if (op === 1)
      setAt(value, at, undefined, g.pick([...PROTO_KEYS, ...HOSTILE_STRINGS, `${String(at.at(-1))}x`]));
    else setAt(value, at, hostileValue(g));
    what.push(`${['remove', 'rename', 'replace', 'replace'][op]} ${at.join('.')}`);
  }
  return { name: `field: ${what.join('; ')}`, format, input: write(g, value, format) };
}

const NOISE = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ',',
  '\n',
  ' ',
  '  ',
  '-',
  '#',
  '&a',
  '*a',
  '!',
  '|',
  '>',
  '? ',
  '${',
  '\\',
  '\u00e9',
  '🚀',
  '\r\n',
  '\t',
  '0',
  'null',
  'true',
  '//',
  '/*',
  '$default',
  'GET /x/{y+}/z',
  '---',
  '...',
  '%YAML 1.2',
  '!!str',
  '&a [*a]',
  '<<: *a',
  '"\\u0000"',
  "''",
  '`',
];

/** The classic: truncate, delete, insert noise, duplicate a span, swap characters, shift a line. */
function textMutation(g: Gen): FuzzCase {
  const { text, format } = baseText(g);
  let t = text;
  const n = g.between(1, 4);
  for (let i = 0; i < n; i++) {
    const p = g.int(t.length + 1);
    const op = g.int(6);
    if (op === 0) t = t.slice(0, p);
    else if (op === 1) t = t.slice(0, p) + t.slice(p + 1 + g.int(40));
    else if (op === 2) t = t.slice(0, p) + g.pick(NOISE) + t.slice(p);
    else if (op === 3) {
      const q = Math.min(t.length, p + g.int(80));
      t = t.slice(0, q) + t.slice(p, q) + t.slice(q);
    } else if (op === 4) t = t.slice(0, p) + t.slice(p + 1, p + 2) + t.slice(p, p + 1) + t.slice(p + 2);
    else {
      const lines = t.split('\n');
      const l = g.int(lines.length);
      lines[l] = g.chance(0.5) ? ` ${lines[l]}` : lines[l]!.replace(/^ /, '');
      t = lines.join('\n');
    }
  }
  return { name: 'mutate', format, input: t };
}

/** Objects and arrays inside each other, around the depth limit and far past it, in every notation. */
function deepNesting(g: Gen): FuzzCase {
  const max = g.scale(g.pick([10, 63, 64, 65, 66, 200, 1000]), 5000, 100_000);
  const d = g.between(1, max);
  const form = g.int(5);
  if (form === 0) {
    const inner = g.chance(0.5) ? `${'['.repeat(d)}${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
    const format = g.pick(['json', 'jsonc', 'yaml'] as const);
    return {
      name: `deep ${d} flow`,
      format,
      input: `{"version": 1, "api": {"name": "x", "protocol": "HTTP", "tags": ${inner}}}`,
    };
  }
  if (form === 1) {
    // Block mappings: each level one more space (quadratic text, so fewer levels).
    const levels = Math.min(d, g.scale(90, 600, 3000));
    const lines = Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`);
    return { name: `deep ${levels} block map`, format: 'yaml', input: `${lines.join('\n')} leaf\n` };
  }
  if (form === 2) return { name: `deep ${d} compact seq`, format: 'yaml', input: `tags: ${'- '.repeat(d)}x\n` };
  if (form === 3) {
    const lines = Array.from({ length: Math.min(d, g.scale(70, 400, 400)) }, (_, i) => `${' '.repeat(i * 2)}- [`);
    return { name: `deep ${d} mixed`, format: 'yaml', input: `version: 1\nx:\n${lines.join('\n')}` };
  }
  const unclosed = `${'['.repeat(d)}`;
  return { name: `deep ${d} unclosed`, format: g.pick(['json', 'jsonc', 'yaml'] as const), input: `{"x": ${unclosed}` };
}

/** Anchors and aliases: shared settings, bombs, cycles, chains, unknown names, aliases as keys. */
function aliases(g: Gen): FuzzCase {
  const head = 'version: 1\napi:\n  name: x\n  protocol: HTTP\n';
  switch (g.int(6)) {
    case 0: {
      const n = g.between(1, g.scale(150, 5000, 300_000));
      const lines = ['stages:', '  base: &s {autoDeploy: true, throttling: {burstLimit: 1, rateLimit: 2}}'];
      for (let i = 0; i < n; i++) lines.push(`  s${i}: *s`);
      return { name: `aliases: ${n} shared`, format: 'yaml', input: `${head}${lines.join('\n')}\n` };
    }
    case 1: {
      const levels = g.between(2, 12);
      const fan = g.between(2, 12);
      const lines = [`a0: &a0 [${Array(fan).fill('x').join(', ')}]`];
      for (let i = 1; i < levels; i++)
        lines.push(
          `a${i}: &a${i} [${Array(fan)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      return { name: `aliases: bomb ${fan}^${levels}`, format: 'yaml', input: lines.join('\n') };
    }
    case 2:
      return {
        name: 'aliases: cycle',
        format: 'yaml',
        input: `${head}tags: &t\n  self: *t\n  list: [*t, &u {x: *u}]\n`,
      };
    case 3: {
      const n = g.between(1, g.scale(40, 500, 2000));
      const lines = ['chain:', '  c0: &c0 {v: 1}'];
      for (let i = 1; i < n; i++) lines.push(`  c${i}: &c${i} {p: *c${i - 1}}`);
      return { name: `aliases: chain ${n}`, format: 'yaml', input: `${head}${lines.join('\n')}\n` };
    }
    case 4:
      return {
        name: 'aliases: unknown and as keys',
        format: 'yaml',
        input: `${head}x: *nope\n? *nope\n: 1\n*also : 2\n&k key: *k\n`,
      };
    default: {
      const { text: base, format } = baseText(g);
      const text = format === 'yaml' ? base : write(g, bases()[0], 'yaml');
      const lines = text.split('\n');
      const i = g.int(lines.length);
      lines[i] = lines[i]!.replace(/: (.+)$/, g.chance(0.5) ? ': &r $1' : ': *r');
      return { name: 'aliases: sprinkled', format: 'yaml', input: lines.join('\n') };
    }
  }
}

/** Many routes and integrations: large, still valid or nearly so. */
function large(g: Gen): FuzzCase {
  const n = g.between(10, g.scale(60, 3000, 30_000));
  const spec: Json = httpSpec();
  for (let i = 0; i < n; i++) {
    spec.integrations[`fn-${i}`] = {
      type: 'AWS_PROXY',
      uri: `arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:f${i}`,
    };
    spec.routes[`${g.pick(['GET', 'POST', 'ANY'])} /r${i}/{id}`] = {
      integration: g.chance(0.95) ? `fn-${i}` : `fn-${i}x`,
    };
  }
  const format = g.pick(['json', 'yaml'] as const);
  return { name: `large: ${n} routes`, format, input: write(g, spec, format) };
}

/** The bytes of a spec with bytes that are not UTF-8 in them, or in UTF-16, or with a byte order mark. */
function encoding(g: Gen): FuzzCase {
  const { text, format } = baseText(g);
  const utf8 = Buffer.from(text);
  const op = g.int(5);
  if (op === 0)
    return { name: 'encoding: UTF-8 BOM', format, input: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) };
  if (op === 1)
    return {
      name: 'encoding: UTF-16',
      format,
      input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.toString('utf8'), 'utf16le')]),
    };
  const bad = g.pick([
    [0xff],
    [0xc0, 0xaf],
    [0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x82],
    [0xfe, 0xfe],
  ]);
  const at = op === 2 ? utf8.length : g.int(utf8.length + 1);
  return {
    name: `encoding: ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`,
    format,
    input: Buffer.concat([utf8.subarray(0, at), Buffer.from(bad), utf8.subarray(at)]),
  };
}

const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u0090',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udc00',
  '\r',
  '\t',
];

/** Control characters and other unprintable code points at random places. */
function control(g: Gen): FuzzCase {
  const { text, format } = baseText(g);
  let t = text;
  const n = g.between(1, 5);
  for (let i = 0; i < n; i++) {
    const p = g.int(t.length + 1);
    t = t.slice(0, p) + g.pick(CONTROL) + t.slice(p);
  }
  return { name: 'control characters', format, input: t };
}

/** Prototype names as section entries and as fields, anywhere. */
function prototypeKeys(g: Gen): FuzzCase {
  const { value, format } = baseCase(g);
  for (const section of ['routes', 'integrations', 'authorizers', 'stages', 'vpcLinks', 'domains', 'api']) {
    if (!g.chance(0.5)) continue;
    value[section] ??= {};
    Object.assign(value[section], {});
    for (const k of PROTO_KEYS)
      if (g.chance(0.3))
        Object.defineProperty(value[section], k, {
          value: g.chance(0.5) ? protoObject(g) : hostileValueShallow(g),
          enumerable: true,
          writable: true,
          configurable: true,
        });
  }
  if (g.chance(0.3)) Object.defineProperty(value, '__proto__', { value: { polluted: true }, enumerable: true });
  return { name: 'prototype keys', format, input: write(g, value, format) };
}

const NUMBERS = [
  '1e309',
  '-1e309',
  '1.2e29',
  '123456789012345678901234567890',
  '-0',
  '1e-400',
  '00001',
  '0x7FFFFFFF',
  '0o17',
  '.inf',
  '-.inf',
  '.nan',
  '2147483648',
  '9007199254740993',
  '1_000',
  '+1',
  '.5',
  '5.',
  '1e',
  '--1',
];

/** Numbers past what any field holds, written every way JSON and YAML can (and cannot) write them. */
function numbers(g: Gen): FuzzCase {
  const { value, format } = baseCase(g);
  const spec = value;
  spec.stages ??= {};
  spec.stages.fuzz = { throttling: { burstLimit: 1, rateLimit: 2 } };
  let t = write(g, spec, format === 'jsonc' ? 'json' : format);
  const slots = [...t.matchAll(/\b\d+(\.\d+)?\b/g)].map((m) => [m.index!, m[0].length] as const);
  for (let i = 0; i < g.between(1, 4) && slots.length; i++) {
    const [at, len] = g.pick(slots);
    const repl = g.pick(NUMBERS);
    if (at + len <= t.length) t = t.slice(0, at) + repl + t.slice(at + len);
  }
  return { name: 'numbers', format: format === 'jsonc' ? 'json' : format, input: t };
}

/** `${…}` in every form, many times over, in the strings that take variables. */
function variables(g: Gen): FuzzCase {
  const { value, format } = baseCase(g);
  const reps = g.between(1, g.scale(150, 10_000, 200_000));
  const piece = g.pick(['${', '${aws:region}', '${x', '}${', '${stageVariables.a}', '$${', '${${}}']);
  const s = `https://x.example.com/${piece.repeat(reps)}`;
  value.integrations ??= {};
  value.integrations.fuzz = {
    type: 'HTTP_PROXY',
    uri: s,
    requestParameters: { 'append:header.x': piece.repeat(reps) },
  };
  return { name: `variables: ${JSON.stringify(piece)} x${reps}`, format, input: write(g, value, format) };
}

const GENERATORS: Array<[number, (g: Gen) => FuzzCase]> = [
  [24, textMutation],
  [20, fieldMutation],
  [8, deepNesting],
  [10, aliases],
  [3, large],
  [9, encoding],
  [8, control],
  [8, prototypeKeys],
  [6, numbers],
  [4, variables],
];
const TOTAL = GENERATORS.reduce((n, [w]) => n + w, 0);

/** Case `index` of the run with `seed`: the same pair always gives the same document. */
export function fuzzCase(seed: number, index: number, size: FuzzSize): FuzzCase {
  const g = new Gen((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0, size);
  let pick = g.int(TOTAL);
  for (const [weight, make] of GENERATORS) {
    if (pick < weight) return make(g);
    pick -= weight;
  }
  return textMutation(g);
}

/** Generator names, for the report. */
export function generatorOf(c: FuzzCase): string {
  return c.name.split(/[:\s]/)[0]!;
}
