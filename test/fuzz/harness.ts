// The fuzz harness: hostile documents (generators.ts) through both paths every file takes — the CLI's (the file's
// bytes, `fixes: false`) and the editor's (the worker's SpecServer, given what an editor holds) — and the editor
// features, checking on each document:
//   1. nothing throws;
//   2. every diagnostic, related place, quick-fix edit and feature answer lies inside the document, and every range
//      is the position of its offsets;
//   3. the work the front end counts stays within a budget per byte (linear time, measured without a clock);
//   4. the CLI and the editor report the same diagnostics;
//   5. no prototype is touched.
// A fresh random seed each run, printed so a failure can be replayed (`APIGW_FUZZ_SEED`, `npm run fuzz -- --seed`).
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  mayHideInvalidUtf8,
  SpecServer,
  toWire,
  validateSpec,
  type SpecDocument,
  type SpecMessage,
  type SpecResponse,
  type SpecValidation,
  type ValidateResult,
  type WireDiagnostic,
} from '../../src/core/gatewaySpec/bundle';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import { fuzzCase, generatorOf, type FuzzCase, type FuzzSize } from './generators';

/** The linear-time budget: steps the front end may count per byte of input, plus a constant. */
export const WORK_PER_BYTE = 40;
export const WORK_CONSTANT = 50_000;

export interface CaseResult {
  index: number;
  name: string;
  bytes: number;
  work: number;
  /** Wall-clock time of the CLI path, when timing was asked for (the deep run). */
  ms?: number;
}

export interface FuzzFailure {
  index: number;
  name: string;
  error: string;
  /** Where the document was written for a replay. */
  file?: string;
}

export interface FuzzSummary {
  seed: number;
  count: number;
  failures: FuzzFailure[];
  /** The highest steps per byte seen, and its case. */
  maxWork: CaseResult | undefined;
  /** Timing runs: the five slowest cases per KB (re-measure them: one slow run may be a collection pause). */
  slowest: CaseResult[];
  byGenerator: Record<string, number>;
  ms: number;
}

/** A fresh seed, unless one is given to replay a run. */
export function fuzzSeed(given?: string | number): number {
  if (given !== undefined && given !== '') return Number(given) >>> 0;
  return randomInt(0, 2 ** 31);
}

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** What an editor holds for the file's bytes: lenient UTF-8, without a byte order mark. */
function editorText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

function view(d: WireDiagnostic): string {
  return JSON.stringify([d.code, d.severity, d.message, d.offset, d.length, d.range, d.related ?? []]);
}

function checkRanges(doc: SpecDocument, ds: WireDiagnostic[], where: string): void {
  const n = doc.text.length;
  for (const d of ds) {
    const places = [d, ...(d.related ?? [])];
    for (const p of places) {
      assert.ok(
        p.offset >= 0 && p.length >= 0 && p.offset + p.length <= n,
        `${where}: ${d.code} at ${p.offset}+${p.length} of ${n}`,
      );
      assert.deepEqual(p.range.start, doc.positionAt(p.offset), `${where}: ${d.code} start`);
      assert.deepEqual(p.range.end, doc.positionAt(p.offset + p.length), `${where}: ${d.code} end`);
    }
  }
}

function checkWork(r: SpecValidation, bytes: number, where: string): void {
  const budget = WORK_CONSTANT + WORK_PER_BYTE * bytes;
  assert.ok(r.stats.work <= budget, `${where}: ${r.stats.work} steps for ${bytes} bytes (budget ${budget})`);
}

class EditorPath {
  private id = 0;
  private readonly server = new SpecServer();

  ask(req: SpecMessage): unknown {
    const res: SpecResponse = this.server.handle({ ...req, id: ++this.id });
    assert.ok(res.ok, `editor path ${req.op}: ${res.ok ? '' : res.error}`);
    return res.result;
  }
}

function inside(n: number, r: { offset: number; length: number } | null | undefined, what: string): void {
  if (!r) return;
  assert.ok(r.offset >= 0 && r.length >= 0 && r.offset + r.length <= n, `${what} at ${r.offset}+${r.length} of ${n}`);
}

/** The editor features at a few places: every answer inside the document. */
function checkFeatures(editor: EditorPath, uri: string, n: number, offsets: number[]): void {
  const at = { uri, version: 1 };
  for (const offset of offsets) {
    const list = editor.ask({ ...at, op: 'completions', offset }) as {
      items: Array<{ replace: { offset: number; length: number } }>;
    };
    for (const c of list.items) inside(n, c.replace, 'completion');
    inside(n, editor.ask({ ...at, op: 'hover', offset }) as { offset: number; length: number } | null, 'hover');
    inside(
      n,
      editor.ask({ ...at, op: 'definition', offset }) as { offset: number; length: number } | null,
      'definition',
    );
    for (const r of editor.ask({ ...at, op: 'references', offset, includeDeclaration: true }) as Array<{
      offset: number;
      length: number;
    }>)
      inside(n, r, 'reference');
    const edits = editor.ask({ ...at, op: 'rename', offset, newName: 'renamed' });
    if (Array.isArray(edits)) for (const e of edits) inside(n, e, 'rename edit');
  }
  editor.ask({ ...at, op: 'symbols' });
}

/** Quick fixes of a few diagnostics: edits inside the text, and the first applied validates without throwing. */
function checkFixes(r: SpecValidation, format: FuzzCase['format']): void {
  const text = r.document.text;
  let applied = false;
  for (const d of r.diagnostics.slice(0, 3)) {
    for (const f of d.fixes ?? []) {
      for (const e of f.edits) inside(text.length, e, `fix ${f.title}`);
      if (applied) continue;
      validateSpec(applyEdits(text, f.edits), { format });
      applied = true;
    }
  }
}

/** Every invariant on one document; throws an AssertionError that says which. */
export function checkCase(c: FuzzCase, index: number, pick: () => number, timing = false): CaseResult {
  const bytes = bytesOf(c.input);
  const where = `case ${index} (${c.name}, ${c.format})`;
  // 1. The CLI path: the file's bytes, diagnostics only.
  const t0 = performance.now();
  const cli = validateSpec(bytes, { format: c.format, fixes: false });
  const ms = performance.now() - t0;
  checkRanges(cli.document, cli.diagnostics, `${where} cli`);
  checkWork(cli, bytes.length, `${where} cli`);
  assert.ok(
    cli.diagnostics.every((d) => !('fixes' in d)),
    `${where}: fixes on the CLI path`,
  );
  // 2. The editor path: what an editor holds, through the worker's server.
  const text = editorText(bytes);
  const editor = new EditorPath();
  const uri = 'file:///fuzz.apigw';
  editor.ask({ op: 'open', uri, version: 1, format: c.format, input: mayHideInvalidUtf8(text) ? bytes : text });
  const shown = editor.ask({ op: 'validate', uri, version: 1 }) as ValidateResult;
  assert.deepEqual(
    shown.diagnostics.map(view),
    cli.diagnostics.map(toWire).map(view),
    `${where}: CLI and editor disagree`,
  );
  const n = cli.document.text.length;
  checkFeatures(editor, uri, n, [Math.floor(pick() * (n + 1))]);
  // 3. The text as given (lone surrogates and all), with quick fixes built on request (every third document).
  if (typeof c.input === 'string' && index % 3 === 0) {
    const lazy = validateSpec(c.input, { format: c.format });
    checkRanges(lazy.document, lazy.diagnostics, `${where} text`);
    checkWork(lazy, bytes.length, `${where} text`);
    checkFixes(lazy, c.format);
  }
  assert.equal(
    Object.getOwnPropertyNames(Object.prototype).sort().join(','),
    PROTO_NAMES,
    `${where}: Object.prototype changed`,
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${where}: prototype polluted`);
  return { index, name: c.name, bytes: bytes.length, work: cli.stats.work, ...(timing ? { ms } : {}) };
}

function perKb(r: CaseResult): number {
  return (r.ms ?? 0) / Math.max(1, r.bytes / 1024);
}

function keepSlowest(slowest: CaseResult[], r: CaseResult): void {
  if (slowest.length === 5 && perKb(r) <= perKb(slowest[4]!)) return;
  slowest.push(r);
  slowest.sort((a, b) => perKb(b) - perKb(a));
  slowest.length = Math.min(slowest.length, 5);
}

function saveFailure(seed: number, index: number, c: FuzzCase, dir: string | undefined): string | undefined {
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fuzz-${seed}-${index}.apigw.${c.format}`);
  fs.writeFileSync(file, c.input);
  return file;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  size: FuzzSize;
  timing?: boolean;
  /** Where failing documents are written. */
  failureDir?: string;
  /** Stop after this many failures. */
  maxFailures?: number;
  progress?: (done: number) => void;
}

export function runFuzz(o: FuzzOptions): FuzzSummary {
  const started = performance.now();
  const summary: FuzzSummary = {
    seed: o.seed,
    count: 0,
    failures: [],
    maxWork: undefined,
    slowest: [],
    byGenerator: {},
    ms: 0,
  };
  const pick = (() => {
    let x = o.seed || 1;
    return () => (x = (Math.imul(x, 48271) >>> 0) % 2147483647) / 2147483647;
  })();
  for (let i = 0; i < o.count && summary.failures.length < (o.maxFailures ?? 10); i++) {
    const c = fuzzCase(o.seed, i, o.size);
    const gen = generatorOf(c);
    summary.byGenerator[gen] = (summary.byGenerator[gen] ?? 0) + 1;
    try {
      const r = checkCase(c, i, pick, o.timing);
      if (!summary.maxWork || r.work / Math.max(1, r.bytes) > summary.maxWork.work / Math.max(1, summary.maxWork.bytes))
        summary.maxWork = r;
      if (o.timing) keepSlowest(summary.slowest, r);
    } catch (err) {
      const file = saveFailure(o.seed, i, c, o.failureDir);
      summary.failures.push({
        index: i,
        name: c.name,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        ...(file ? { file } : {}),
      });
    }
    summary.count++;
    if (o.progress && i % 1000 === 999) o.progress(i + 1);
  }
  summary.ms = performance.now() - started;
  return summary;
}

/** Time per KB of the slowest case, re-measured (best of three) so a collection pause is not taken for it. */
export function remeasure(seed: number, r: CaseResult, size: FuzzSize): number {
  const c = fuzzCase(seed, r.index, size);
  const bytes = bytesOf(c.input);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    validateSpec(bytes, { format: c.format, fixes: false });
    best = Math.min(best, performance.now() - t);
  }
  return best / Math.max(1, bytes.length / 1024);
}
