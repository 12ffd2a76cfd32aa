// The editor features over every example and corpus spec, each against an oracle it cannot argue with.
// Completion against the spec's own parser: at every value the editor can complete and on a new line in every
// mapping, each item offered is applied as VS Code applies it (the snippet's first choice or placeholder text, later
// lines indented as the cursor's) and the result must still parse, with the value or key the item names where the
// cursor was. The outline against the plain value and the text: every item of every section, at its key. Quick
// fixes against the validator: each removes a problem of its code and brings no error the spec did not have; and a
// one-letter typo in any reference or schema key gets a fix that restores the spec. Hovers: on every key, rendering
// nothing from the spec as a link, an image or HTML.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import { formatOf, SpecDocument, validateSpec, type SpecFormat } from '../../src/core/gatewaySpec';
import { applyEdits, insertEntry, insertProperty, removeEntry } from '../../src/core/gatewaySpec/edits';
import { deref, schemaAt } from '../../src/core/gatewaySpec/schema';
import { propertyOf, type AstNode, type AstProperty } from '../../src/core/gatewaySpec/ast';
import {
  completions,
  documentSymbols,
  hover,
  occurrences,
  type CompletionItem,
} from '../../src/core/gatewaySpec/service';
import MarkdownIt from 'markdown-it';
import { corpusFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';
import { flowStyle } from './specBuilders';

type Path = Array<string | number>;

/** A place to ask for completions: the text (with a new line where a key is typed), the cursor, and where it is. */
interface Site {
  text: string;
  offset: number;
  path: Path;
  at: 'key' | 'value';
  /** YAML: inside a flow collection (`{ integration: fn }`, `[a, b]`). */
  flow?: boolean;
}

/**
 * What VS Code inserts for a snippet: each choice's first option, each placeholder's text, tab stops empty. A
 * backslash escapes `$`, `}` and itself (in a choice also `,` and `|`); before anything else it is text.
 */
function snippetText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && /[$}\\]/.test(snippet[i + 1] ?? '')) {
      out += snippet[++i];
    } else if (c === '$' && /\d/.test(snippet[i + 1] ?? '')) {
      while (/\d/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      const m = /^\$\{\d+(?:\|((?:[^,|\\]|\\.)*)[^}]*\||:((?:[^}\\]|\\.)*))?\}/.exec(snippet.slice(i))!;
      out += m[1] !== undefined ? m[1].replace(/\\([,|\\])/g, '$1') : (m[2] ?? '').replace(/\\([$}\\])/g, '$1');
      i += m[0].length - 1;
    } else out += c;
  }
  return out;
}

/** The item applied at its range; lines after the first take the cursor line's indentation, as VS Code does. */
function applyItem(text: string, offset: number, item: CompletionItem): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const body = (item.snippet ? snippetText(item.insertText) : item.insertText).replace(/\n/g, `\n${indent}`);
  return text.slice(0, item.replace.offset) + body + text.slice(item.replace.offset + item.replace.length);
}

function valueAt(value: unknown, p: Path): unknown {
  let v = value;
  for (const k of p) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Every scalar value and list item written on one line, with the cursor at its end (inside the quotes in JSON). */
function valueSites(text: string, format: SpecFormat, node: AstNode, p: Path, out: Site[]): void {
  const scalars: Array<[AstNode, Path]> = [];
  for (const [i, item] of (node.items ?? []).entries()) {
    if (item.kind === 'object' || item.kind === 'array') valueSites(text, format, item, [...p, i], out);
    else scalars.push([item, [...p, i]]);
  }
  for (const prop of node.properties ?? []) {
    const v = prop.value;
    if (!v) continue;
    if (v.kind === 'object' || v.kind === 'array') valueSites(text, format, v, [...p, prop.key], out);
    else scalars.push([v, [...p, prop.key]]);
  }
  for (const [v, at] of scalars) {
    const written = text.slice(v.offset, v.offset + v.length);
    if (written.includes('\n') || v.length === 0) continue;
    if (format === 'yaml' && /^["'|>]/.test(written)) continue;
    const end = format !== 'yaml' && v.kind === 'string' ? v.offset + v.length - 1 : v.offset + v.length;
    const flow = format === 'yaml' && /[{[]/.test(text.slice(text.lastIndexOf('\n', v.offset) + 1, v.offset));
    out.push({ text, offset: end, path: at, at: 'value', flow });
    // In YAML, also with the value not typed yet, the cursor right after its key's `:` (which triggers completion).
    const colon = /:[ \t]+$/.exec(text.slice(text.lastIndexOf('\n', v.offset) + 1, v.offset));
    if (format === 'yaml' && colon && typeof at.at(-1) === 'string') {
      const after = v.offset - colon[0].length + 1;
      out.push({
        text: text.slice(0, after) + text.slice(v.offset + v.length),
        offset: after,
        path: at,
        at: 'value',
        flow,
      });
    }
  }
}

/**
 * A new line in every block mapping (YAML) or object (JSON) that has properties: after its last property in YAML;
 * in JSON both after the opening brace (a property follows: the item must bring its comma) and after the last
 * property once its comma is typed.
 */
function keySites(text: string, format: SpecFormat, node: AstNode, p: Path, out: Site[]): void {
  for (const [i, item] of (node.items ?? []).entries()) keySites(text, format, item, [...p, i], out);
  const props = node.properties ?? [];
  for (const prop of props) if (prop.value) keySites(text, format, prop.value, [...p, prop.key], out);
  if (!props.length || node.kind !== 'object') return;
  const first = props[0]!;
  const last = props[props.length - 1]!;
  const firstLine = text.lastIndexOf('\n', first.keyOffset - 1) + 1;
  const indent = ' '.repeat(first.keyOffset - firstLine);
  if (format === 'yaml' && text[node.offset] === '{') {
    // A flow mapping: right after its `{` (a property follows: the item must bring its comma), and after its last
    // property once a comma is typed.
    out.push({ text, offset: node.offset + 1, path: p, at: 'key', flow: true });
    const end = last.offset + last.length;
    out.push({ text: `${text.slice(0, end)}, ${text.slice(end)}`, offset: end + 2, path: p, at: 'key', flow: true });
    return;
  }
  if (format === 'yaml') {
    if (/\S/.test(text.slice(firstLine, first.keyOffset).replace(/^[ -]*/, ''))) return;
    const lineEnd = text.indexOf('\n', last.offset + last.length);
    if (lineEnd < 0 || text.slice(last.offset, lineEnd).includes('#')) return;
    const insert = `\n${indent}`;
    out.push({
      text: text.slice(0, lineEnd) + insert + text.slice(lineEnd),
      offset: lineEnd + insert.length,
      path: p,
      at: 'key',
    });
    return;
  }
  if (/\S/.test(text.slice(firstLine, first.keyOffset))) return;
  const open = node.offset + 1;
  out.push({
    text: `${text.slice(0, open)}\n${indent}${text.slice(open)}`,
    offset: open + 1 + indent.length,
    path: p,
    at: 'key',
  });
  const end = last.offset + last.length;
  const tail = `,\n${indent}`;
  out.push({ text: text.slice(0, end) + tail + text.slice(end), offset: end + tail.length, path: p, at: 'key' });
}

/** What is wrong with the text an item leaves, or undefined. */
function check(site: Site, format: SpecFormat, item: CompletionItem): string | undefined {
  const after = applyItem(site.text, site.offset, item);
  const doc = new SpecDocument(after, format);
  const errors = doc.syntaxProblems.filter((s) => s.severity === 'error');
  if (errors.length) return `syntax: ${errors[0]!.message}`;
  if (site.at === 'value' && (item.kind === 'reference' || item.kind === 'value')) {
    const v = valueAt(doc.value, site.path);
    if (String(v) !== item.label) return `the value is ${JSON.stringify(v)}`;
  }
  if (site.at === 'key' && (item.kind === 'property' || item.kind === 'routeKey')) {
    const obj = valueAt(doc.value, site.path);
    if (!obj || typeof obj !== 'object' || !(item.label in obj))
      return `no key ${item.label} at ${site.path.join('.')}`;
  }
  return undefined;
}

const FILES = [
  ...['orders-api.apigw.yaml', 'chat-api.apigw.json'].map((f) => path.join(REPO_ROOT, 'examples', f)),
  ...corpusFiles('valid'),
];

/**
 * Each spec as written, then with every item and with every whole section in YAML flow style, and as JSON on one
 * line.
 */
function styles(file: string): ReadonlyArray<readonly [SpecFormat, string, string]> {
  const written = fs.readFileSync(file, 'utf8');
  return [
    [formatOf(file), written, ''],
    ['yaml', flowStyle(written, formatOf(file)), ' (items in flow style)'],
    ['yaml', flowStyle(written, formatOf(file), 'sections'), ' (sections in flow style)'],
    ['json', JSON.stringify(new SpecDocument(written, formatOf(file)).value), ' (JSON on one line)'],
  ];
}

/** Every file in every style, with its name and style for messages. */
function everyStyle(): Array<{ format: SpecFormat; text: string; name: string }> {
  return FILES.flatMap((f) =>
    styles(f).map(([format, text, style]) => ({ format, text, name: `${path.basename(f)}${style}` })),
  );
}

describe('completion items applied to every example and corpus spec', () => {
  it('leave a spec that parses, with the value or key each item names', () => {
    const failures: string[] = [];
    let applied = 0;
    let inFlow = 0;
    for (const file of FILES) {
      for (const [format, written] of styles(file)) {
        const root = new SpecDocument(written, format).root!;
        const sites: Site[] = [];
        valueSites(written, format, root, [], sites);
        keySites(written, format, root, [], sites);
        for (const site of sites) {
          for (const item of completions(new SpecDocument(site.text, format), site.offset).items) {
            applied++;
            if (site.flow) inFlow++;
            const wrong = check(site, format, item);
            if (wrong)
              failures.push(`${path.basename(file)} ${site.at} at ${site.path.join('.')}: ${item.label} — ${wrong}`);
          }
        }
      }
    }
    assert.ok(applied > 5000, `only ${applied} items applied`);
    // YAML flow collections (`GET /orders: { integration: orders-fn }`) complete too: none did before.
    assert.ok(inFlow > 1000, `only ${inFlow} items applied inside YAML flow collections`);
    if (process.env.DUMP) console.log(`${applied} items, ${inFlow} in flow collections`);
    if (process.env.DUMP) console.log(failures.join('\n'));
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} of ${applied} items`);
  });
});

describe('completion items applied where they once broke the spec', () => {
  const site = (text: string, marker = '|'): Site => ({
    text: text.replace(marker, ''),
    offset: text.indexOf(marker),
    path: ['stages'],
    at: 'key',
  });
  const apply = (s: Site, format: SpecFormat, label: string): unknown => {
    const item = completions(new SpecDocument(s.text, format), s.offset).items.find((i) => i.label === label)!;
    return new SpecDocument(applyItem(s.text, s.offset, item), format).value;
  };
  const yaml = site('version: 1\napi:\n  name: a\n  protocol: HTTP\nstages:\n  dev: {}\n  |\n');
  const json = site(
    '{\n  "version": 1,\n  "api": { "name": "a", "protocol": "HTTP" },\n  "stages": {\n    |\n    "dev": {}\n  }\n}\n',
  );

  it("writes the access log snippet's $context variables into a YAML string as they are", () => {
    const format = (v: unknown) => valueAt(v, ['stages', 'prod', 'accessLog', 'format']);
    const want = '{"requestId":"$context.requestId","status":"$context.status"}';
    assert.equal(format(apply(yaml, 'yaml', 'New protected stage with access logs')), want);
    assert.equal(format(apply(json, 'json', 'New protected stage with access logs')), want);
  });

  it('ends a JSON key with a comma when a property follows, and names a new stage not yet taken', () => {
    const value = apply(json, 'json', 'New stage') as { stages: Record<string, unknown> };
    assert.deepEqual(Object.keys(value.stages), ['dev2', 'dev']);
    assert.deepEqual(Object.keys((apply(yaml, 'yaml', 'New stage') as typeof value).stages), ['dev', 'dev2']);
  });
});

describe('the outline of every example and corpus spec', () => {
  /** Line and character of an offset, counted here from the text alone. */
  const lineChar = (text: string, offset: number): [number, number] => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return [line, offset - (before.lastIndexOf('\n') + 1)];
  };
  const SECTIONS = ['routes', 'integrations', 'authorizers', 'stages', 'vpcLinks', 'domains', 'models'];

  it('lists every item of every section at its key, with lines and characters that match the offsets', () => {
    for (const { format, text, name } of everyStyle()) {
      const doc = new SpecDocument(text, format);
      const value = doc.value as Record<string, Record<string, unknown>>;
      const symbols = documentSymbols(doc);
      assert.deepEqual(
        symbols.map((s) => s.name),
        Object.keys(value).filter((k) => k === 'api' || (SECTIONS.includes(k) && typeof value[k] === 'object')),
        name,
      );
      for (const section of symbols) {
        if (section.name !== 'api')
          assert.deepEqual(
            section.children.map((c) => c.name),
            Object.keys(value[section.name]!),
            `${name} ${section.name}`,
          );
        for (const s of [section, ...section.children]) {
          const key = text.slice(s.selectionOffset, s.selectionOffset + s.selectionLength);
          assert.equal(key.replace(/^["']|["']$/g, ''), s.name, `${name}: ${s.name}`);
          assert.ok(s.offset <= s.selectionOffset && s.selectionOffset + s.selectionLength <= s.offset + s.length);
          assert.deepEqual(s.selection.slice(0, 2), lineChar(text, s.selectionOffset), `${name}: ${s.name}`);
          assert.deepEqual(s.selection.slice(2), lineChar(text, s.selectionOffset + s.selectionLength));
          assert.deepEqual(s.range.slice(0, 2), lineChar(text, s.offset));
          assert.deepEqual(s.range.slice(2), lineChar(text, s.offset + s.length));
        }
      }
    }
  });
});

/**
 * What is wrong with each fix offered for `text`: its problem stays, or it brings an error code the text had not.
 * Fixes that add a missing property, or fill in a null object, with one of its choices (`Add 'protocol': HTTP`,
 * `… WEBSOCKET`) are alternatives the user picks from: one of them must bring no new error.
 */
function fixProblems(text: string, format: SpecFormat, label: string): { failures: string[]; applied: number } {
  const failures: string[] = [];
  let applied = 0;
  const before = validateSpec(text, { format }).diagnostics;
  const errorCodes = new Set(before.filter((d) => d.severity === 'error').map((d) => d.code));
  const count = (ds: typeof before, code: string) => ds.filter((x) => x.code === code).length;
  for (const d of before) {
    const choices = (d.fixes ?? []).filter((f) => /^(Add|Fill in) '[^']+': /.test(f.title)).length;
    const brought: string[] = [];
    for (const fix of d.fixes ?? []) {
      applied++;
      const after = validateSpec(applyEdits(text, fix.edits), { format }).diagnostics;
      const where = `${label} ${d.code} "${fix.title}"`;
      if (count(after, d.code) >= count(before, d.code)) failures.push(`${where}: ${d.code} is still there`);
      const errors = after.filter((x) => x.severity === 'error' && !errorCodes.has(x.code));
      const found = errors.map((x) => `${where}: brings ${x.code} ${x.message}`);
      if (choices > 1 && /^(Add|Fill in) '[^']+': /.test(fix.title)) brought.push(found.length ? found[0]! : '');
      else failures.push(...found);
    }
    if (brought.length && brought.every((b) => b)) failures.push(...brought);
  }
  return { failures, applied };
}

/** A one-letter typo at a place in the text: inside the quotes of a quoted name, else at its end. */
function typo(text: string, offset: number, length: number, quoted: boolean): string {
  const end = quoted ? offset + length - 1 : offset + length;
  return `${text.slice(0, end)}q${text.slice(end)}`;
}

/** Keys the schema names as properties of their object (not names the spec chooses): a typo is an unknown property. */
function schemaKeys(node: AstNode, at: Path = [], out: AstProperty[] = []): AstProperty[] {
  for (const [i, item] of (node.items ?? []).entries()) schemaKeys(item, [...at, i], out);
  const properties = deref(schemaAt(at))?.properties ?? {};
  for (const p of node.properties ?? []) {
    if (Object.prototype.hasOwnProperty.call(properties, p.key) && !p.keyQuoted) out.push(p);
    if (p.value) schemaKeys(p.value, [...at, p.key], out);
  }
  return out;
}

/** Every reference to a named item, and every key the schema names, as a place for a typo. */
function typoPlaces(doc: SpecDocument): Array<{ offset: number; length: number; quoted: boolean; what: string }> {
  return [
    ...occurrences(doc)
      .filter((o) => !o.isDefinition)
      .map((o) => ({ offset: o.offset, length: o.length, quoted: o.quoted, what: `${o.kind} ${o.name}` })),
    ...schemaKeys(doc.root!).map((p) => ({
      offset: p.keyOffset,
      length: p.keyLength,
      quoted: p.keyQuoted,
      what: `key ${p.key}`,
    })),
  ];
}

describe('quick fixes on every example and corpus spec, valid and invalid', () => {
  it('each removes a problem of its code and adds no error code', () => {
    const failures: string[] = [];
    let applied = 0;
    for (const file of [...FILES, ...corpusFiles('invalid')]) {
      const r = fixProblems(fs.readFileSync(file, 'utf8'), formatOf(file), path.basename(file));
      failures.push(...r.failures);
      applied += r.applied;
    }
    assert.ok(applied >= 10, `only ${applied} fixes applied`);
    assert.deepEqual(failures, [], `${failures.length} of ${applied} fixes`);
  });

  // Before the fixes of this test's commit, 55 of the fixes offered broke the spec: renames of a key to a property the
  // object already had or to one four letters off (`authorizationScopes` for `authorizationTypeq`), a JWT authorizer
  // created for a CUSTOM route, a stage created under a name no stage may have.
  it('a misspelt reference or schema key gets a fix that restores the spec, and no fix that breaks it', () => {
    const failures: string[] = [];
    let applied = 0;
    let typos = 0;
    for (const file of FILES) {
      const text = fs.readFileSync(file, 'utf8');
      const format = formatOf(file);
      const doc = new SpecDocument(text, format);
      for (const place of typoPlaces(doc)) {
        typos++;
        const wrong = typo(text, place.offset, place.length, place.quoted);
        const label = `${path.basename(file)} ${place.what}`;
        const r = fixProblems(wrong, format, label);
        failures.push(...r.failures);
        applied += r.applied;
        const restores = validateSpec(wrong, { format }).diagnostics.some((d) =>
          (d.fixes ?? []).some((f) =>
            isDeepStrictEqual(new SpecDocument(applyEdits(wrong, f.edits), format).value, doc.value),
          ),
        );
        if (!restores) failures.push(`${label}: no fix restores it`);
      }
    }
    assert.ok(typos > 1000 && applied > typos, `${typos} typos, ${applied} fixes`);
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} problems in ${typos} typos, ${applied} fixes`);
  });

  // The same, with every item, or every whole section, of every spec rewritten in YAML flow style (`GET /orders: {
  // integration: … }`): fixes edit inside flow mappings as well as in block ones.
  it('hold for every spec written in YAML flow style', () => {
    const failures: string[] = [];
    let applied = 0;
    let typos = 0;
    const invalid = corpusFiles('invalid');
    for (const file of [...FILES, ...invalid]) {
      const source = new SpecDocument(fs.readFileSync(file, 'utf8'), formatOf(file));
      if (source.syntaxProblems.some((p) => p.severity === 'error')) continue;
      for (const style of ['items', 'sections'] as const) {
        const text = flowStyle(source.text, formatOf(file), style);
        const r = fixProblems(text, 'yaml', `${path.basename(file)} (${style} in flow style)`);
        failures.push(...r.failures);
        applied += r.applied;
        if (invalid.includes(file)) continue;
        for (const place of typoPlaces(new SpecDocument(text, 'yaml'))) {
          typos++;
          const wrong = typo(text, place.offset, place.length, place.quoted);
          const t = fixProblems(wrong, 'yaml', `${path.basename(file)} (${style} in flow style) ${place.what}`);
          failures.push(...t.failures);
          applied += t.applied;
        }
      }
    }
    assert.ok(typos > 1000 && applied > 1500, `${typos} typos, ${applied} fixes`);
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} of ${applied} fixes`);
  });
});

/** Each required property the schema names that the spec has, in an object with others: a place to leave one out. */
function requiredPlaces(node: AstNode, at: Path = [], out: Array<{ parent: AstNode; path: Path; key: string }> = []) {
  for (const [i, item] of (node.items ?? []).entries()) requiredPlaces(item, [...at, i], out);
  const required = node.kind === 'object' ? (deref(schemaAt(at))?.required ?? []) : [];
  for (const p of node.properties ?? []) {
    if (required.includes(p.key)) out.push({ parent: node, path: at, key: p.key });
    if (p.value) requiredPlaces(p.value, [...at, p.key], out);
  }
  return out;
}

/** The error codes `after` has that `before` had not. */
function newErrorCodes(before: string, after: string, format: SpecFormat): string[] {
  const codes = (t: string) =>
    validateSpec(t, { format })
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code);
  const had = new Set(codes(before));
  return codes(after).filter((c) => !had.has(c));
}

describe("a required property left out gets an 'Add' fix, in every example and corpus spec", () => {
  // One fix, or one per choice (an integration's `type`, an `api`'s `protocol`): each puts the property back and
  // parses, and one of them brings no other error. Objects that are an array's item (a domain's mapping) included.
  it('that puts the property back in the style of the spec, one of them bringing no other error', () => {
    const failures: string[] = [];
    let places = 0;
    let inArrays = 0;
    let onlyOnes = 0;
    let filled = 0;
    for (const { format, text, name } of everyStyle()) {
      const doc = new SpecDocument(text, format);
      for (const place of requiredPlaces(doc.root!)) {
        places++;
        const label = `${name} ${[...place.path, place.key].join('.')}`;
        const without = applyEdits(text, removeEntry(doc, place.parent, place.key));
        const problems = validateSpec(without, { format }).diagnostics;
        const d = problems.find((x) => x.code === 'APIGW101' && x.message.includes(`'${place.key}'`));
        const fixes = [...(d?.fixes ?? [])].filter((f) => f.title.startsWith(`Add '${place.key}'`));
        if (typeof place.path[place.path.length - 1] === 'number') inArrays++;
        // An object's only property left out: a flow `{}` stays an object, a block one reads as null, whose APIGW100
        // offers to fill it in.
        if (!d && place.parent.properties!.length === 1) {
          onlyOnes++;
          // A block array item's only line goes with it (`- stage: prod`): nothing is left to fix.
          if (typeof place.path[place.path.length - 1] === 'number') continue;
          const isNull = problems.find((x) => x.code === 'APIGW100' && / not null\.$/.test(x.message));
          fixes.push(...(isNull?.fixes ?? []).filter((f) => f.title.startsWith('Fill in')));
          if (fixes.length) filled++;
        }
        if (!fixes.length) {
          failures.push(`${label}: ${d ? 'no fix' : 'no APIGW101 and no fill'}`);
          continue;
        }
        let clean = 0;
        for (const fix of fixes) {
          const after = applyEdits(without, fix.edits);
          const fixed = new SpecDocument(after, format);
          if (fixed.syntaxProblems.some((p) => p.severity === 'error'))
            failures.push(`${label} "${fix.title}": breaks the text`);
          else if ((valueAt(fixed.value, place.path) as Record<string, unknown>)?.[place.key] === undefined)
            failures.push(`${label} "${fix.title}": the property is not back`);
          else if (newErrorCodes(without, after, format).length === 0) clean++;
        }
        if (!clean) failures.push(`${label}: every fix brings an error (${fixes.map((f) => f.title).join(', ')})`);
      }
    }
    assert.ok(
      places > 1000 && inArrays > 10 && filled > 0,
      `${places} places, ${inArrays} in arrays, ${onlyOnes} an object's only one (${filled} filled in)`,
    );
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} of ${places} places (${inArrays} in arrays)`);
  });
});

/** Objects the schema describes with fixed properties (not maps of names), each a place for an unknown property. */
function fixedObjects(node: AstNode, at: Path = [], out: Path[] = []): Path[] {
  for (const [i, item] of (node.items ?? []).entries()) fixedObjects(item, [...at, i], out);
  const schema = deref(schemaAt(at));
  if (node.kind === 'object' && schema?.properties && schema.additionalProperties === false) out.push(at);
  for (const p of node.properties ?? []) if (p.value) fixedObjects(p.value, [...at, p.key], out);
  return out;
}

describe("an unknown property with no near name gets 'Remove', in every example and corpus spec", () => {
  // insertProperty adds `zzUnknown` to each object the schema closes; the fix must give back the spec as it was.
  it('that takes it out and leaves the spec as it was', () => {
    const failures: string[] = [];
    let places = 0;
    for (const { format, text, name } of everyStyle()) {
      const doc = new SpecDocument(text, format);
      for (const at of fixedObjects(doc.root!)) {
        const edits = insertProperty(doc, at, 'zzUnknown', 1);
        const label = `${name} ${at.join('.') || '(top level)'}`;
        if (!edits.length) {
          failures.push(`${label}: insertProperty wrote nothing`);
          continue;
        }
        places++;
        const added = applyEdits(text, edits);
        const d = validateSpec(added, { format }).diagnostics.find(
          (x) => x.code === 'APIGW102' && x.message.includes("'zzUnknown'"),
        );
        const fix = d?.fixes?.find((f) => f.title === "Remove 'zzUnknown'");
        // An object's only property gets no Remove (YAML would read what is left as null): the insertion is checked.
        if (!(doc.nodeAt(at)?.properties ?? []).length) {
          if (!d) failures.push(`${label}: the property added to an empty object is not there (no APIGW102)`);
        } else if (!fix) failures.push(`${label}: ${d ? 'no Remove fix' : 'no APIGW102'}`);
        else if (!isDeepStrictEqual(new SpecDocument(applyEdits(added, fix.edits), format).value, doc.value))
          failures.push(`${label}: the spec is not as it was`);
      }
    }
    assert.ok(places > 500, `${places} places`);
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} problems in ${places} places`);
  });
});

describe('the spec edits (insertEntry, removeEntry) on every example and corpus spec', () => {
  const SECTIONS = ['routes', 'integrations', 'authorizers', 'stages', 'vpcLinks', 'domains', 'models'];
  const BODY = { type: 'MOCK', note: 'a: b # c', list: ['x', { y: 1 }], empty: {} };

  // As written, and in YAML flow style: each item a flow mapping, or each section one over several lines (where the
  // insert once wrote a block entry inside `{ }` and the removal of a last entry left its `}`).
  it('add an entry to each section, or the section itself, and take out each item, changing nothing else', () => {
    const failures: string[] = [];
    for (const { format, text, name: spec } of everyStyle()) {
      const doc = new SpecDocument(text, format);
      const value = doc.value as Record<string, Record<string, unknown>>;
      for (const section of SECTIONS) {
        const where = `${spec} ${section}`;
        const added = new SpecDocument(applyEdits(text, insertEntry(doc, section, 'added-1', BODY)), format);
        const want = { ...value, [section]: { ...(value[section] ?? {}), 'added-1': BODY } };
        if (added.syntaxProblems.length || !isDeepStrictEqual(added.value, want)) failures.push(`${where}: insert`);
        const parent = propertyOf(doc.root, section);
        for (const name of Object.keys(value[section] ?? {})) {
          const after = new SpecDocument(applyEdits(text, removeEntry(doc, parent!.value!, name, parent)), format);
          const rest = { ...value[section] };
          delete rest[name];
          const kept = after.value as Record<string, unknown>;
          const sectionAfter = kept[section];
          // Removing the last item may leave the section empty ({} or null in YAML) or take it out.
          const { [section]: _, ...others } = kept;
          const { [section]: __, ...othersWant } = value;
          const sectionOk =
            isDeepStrictEqual(sectionAfter, rest) ||
            (Object.keys(rest).length === 0 && (sectionAfter === null || sectionAfter === undefined));
          if (after.syntaxProblems.length || !sectionOk || !isDeepStrictEqual(others, othersWant))
            failures.push(`${where}: remove ${name}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});

describe('hovers on every key and value of every example and corpus spec', () => {
  it('answer on every key, and render no link, image or HTML from spec text', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const wrong: string[] = [];
    let hovers = 0;
    for (const { format, text, name } of everyStyle()) {
      const doc = new SpecDocument(text, format);
      const visit = (node: AstNode, at: Path): void => {
        for (const [i, item] of (node.items ?? []).entries()) visit(item, [...at, i]);
        for (const p of node.properties ?? []) {
          const inModel = at[0] === 'models' && at.length >= 2;
          const onKey = hover(doc, p.keyOffset + 1);
          if (!onKey && !inModel) wrong.push(`${name}: no hover on ${[...at, p.key].join('.')}`);
          const onValue =
            p.value && p.value.kind !== 'object' && p.value.kind !== 'array'
              ? hover(doc, p.value.offset + 1)
              : undefined;
          for (const h of [onKey, onValue]) {
            if (!h) continue;
            hovers++;
            if (/<img|<a\s|href="|src="|<script|<iframe/.test(md.render(h.markdown)))
              wrong.push(`${name} ${[...at, p.key].join('.')}: ${h.markdown.slice(0, 200)}`);
          }
          if (p.value) visit(p.value, [...at, p.key]);
        }
      };
      visit(doc.root!, []);
    }
    assert.ok(hovers > 2000, `${hovers} hovers`);
    assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} problems in ${hovers} hovers`);
  });
});
