// Thousands of mutated and truncated specs (seeded, so every run sees the same ones): the engine and the editor
// features must never throw, and every range and edit must lie inside the document.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validateSpec, type SpecFormat } from '../../src/core/gatewaySpec';
import {
  completions,
  documentSymbols,
  hover,
  occurrences,
  references,
  rename,
} from '../../src/core/gatewaySpec/service';
import { REPO_ROOT } from './helpers';
import { seededRandom } from '../localaws/random';
import { toText } from './specBuilders';

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
];

function mutate(text: string, rnd: () => number): string {
  const at = () => Math.floor(rnd() * (text.length + 1));
  const n = 1 + Math.floor(rnd() * 3);
  let t = text;
  for (let i = 0; i < n; i++) {
    const op = Math.floor(rnd() * 6);
    const p = Math.min(at(), t.length);
    if (op === 0)
      t = t.slice(0, p); // truncate
    else if (op === 1)
      t = t.slice(0, p) + t.slice(p + 1 + Math.floor(rnd() * 40)); // delete a span
    else if (op === 2)
      t = t.slice(0, p) + NOISE[Math.floor(rnd() * NOISE.length)] + t.slice(p); // insert noise
    else if (op === 3) {
      const q = Math.min(t.length, p + Math.floor(rnd() * 80));
      t = t.slice(0, q) + t.slice(p, q) + t.slice(q);
    } // duplicate a span
    else if (op === 4)
      t = t.slice(0, p) + t.slice(p + 1, p + 2) + t.slice(p, p + 1) + t.slice(p + 2); // swap two characters
    else {
      const lines = t.split('\n');
      const l = Math.floor(rnd() * lines.length);
      lines[l] = ` ${lines[l]}`;
      t = lines.join('\n');
    } // shift a line's indent
  }
  return t;
}

function seeds(): Array<{ text: string; format: SpecFormat }> {
  const dir = path.join(REPO_ROOT, 'examples');
  const out: Array<{ text: string; format: SpecFormat }> = [];
  for (const f of fs.readdirSync(dir).filter((x) => /\.apigw\.(json|yaml)$/.test(x))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const value = f.endsWith('.yaml') ? parse(text) : JSON.parse(text);
    out.push(
      { text: toText(value, 'json'), format: 'json' },
      { text: toText(value, 'json'), format: 'jsonc' },
      { text: toText(value, 'yaml'), format: 'yaml' },
    );
  }
  return out;
}

describe('spec fuzz', () => {
  it('3,000 mutated documents: no exception, every range and edit inside the document', () => {
    const rnd = seededRandom(20_260_101);
    const base = seeds();
    assert.ok(base.length >= 6);
    let withProblems = 0;
    for (let i = 0; i < 3000; i++) {
      const seed = base[i % base.length]!;
      const text = mutate(seed.text, rnd);
      const where = `case ${i} (${seed.format}): ${JSON.stringify(text.slice(0, 80))}…`;
      const r = validateSpec(text, { format: seed.format });
      if (r.diagnostics.length) withProblems++;
      const doc = r.document;
      for (const d of r.diagnostics) {
        assert.ok(
          d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length,
          `${where} ${d.code} at ${d.offset}+${d.length}`,
        );
        assert.deepEqual(d.range.start, doc.positionAt(d.offset), where);
        assert.deepEqual(d.range.end, doc.positionAt(d.offset + d.length), where);
        for (const f of d.fixes ?? []) {
          for (const e of f.edits)
            assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `${where} fix ${f.title}`);
        }
      }
      // The editor features at a few random places.
      for (let k = 0; k < 3; k++) {
        const off = Math.floor(rnd() * (text.length + 1));
        for (const c of completions(doc, off))
          assert.ok(
            c.replace.offset >= 0 && c.replace.offset + c.replace.length <= text.length,
            `${where} completion ${c.label}`,
          );
        const h = hover(doc, off);
        if (h) assert.ok(h.offset >= 0 && h.offset + h.length <= text.length, where);
        for (const ref of references(doc, off, true)) assert.ok(ref.offset + ref.length <= text.length, where);
        const edits = rename(doc, off, 'renamed');
        if (Array.isArray(edits)) for (const e of edits) assert.ok(e.offset + e.length <= text.length, where);
      }
      documentSymbols(doc);
      occurrences(doc);
    }
    // The mutations must actually break documents, or the test proves nothing.
    assert.ok(withProblems > 2000, `only ${withProblems} of 3000 mutated documents had problems`);
  });

  it('applying a quick fix never produces text the engine cannot validate', () => {
    const rnd = seededRandom(7);
    const base = seeds();
    let applied = 0;
    for (let i = 0; i < 600; i++) {
      const seed = base[i % base.length]!;
      const text = mutate(seed.text, rnd);
      for (const d of validateSpec(text, { format: seed.format }).diagnostics) {
        const fix = d.fixes?.[0];
        if (!fix) continue;
        const edits = [...fix.edits].sort((a, b) => b.offset - a.offset);
        let out = text;
        for (const e of edits) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
        validateSpec(out, { format: seed.format });
        applied++;
      }
    }
    assert.ok(applied > 50, `only ${applied} fixes applied`);
  });
});
