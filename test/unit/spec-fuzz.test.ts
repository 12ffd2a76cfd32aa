// The fuzz harness (test/fuzz/) in the unit tier: a few thousand small hostile documents with a fresh seed each run,
// printed for replay. Each document goes through the CLI path and the editor path and the editor features: no
// exception, every range inside the document, work within the linear budget, both paths agreeing, no prototype
// touched. `npm run fuzz -- --count 100000` is the deep run (larger documents, timings).
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fuzzCase, generatorOf } from '../fuzz/generators';
import { fuzzSeed, runFuzz } from '../fuzz/harness';
import { REPO_ROOT } from './helpers';

const COUNT = 2500;

describe('spec fuzz', () => {
  it(`${COUNT.toLocaleString('en-US')} hostile documents hold every invariant on both paths`, (t) => {
    const seed = fuzzSeed(process.env.APIGW_FUZZ_SEED);
    const replay = `APIGW_FUZZ_SEED=${seed} npm test -- unit, or npm run fuzz -- --seed ${seed} --size unit --count ${COUNT}`;
    t.diagnostic(`fuzz seed ${seed} (replay: ${replay})`);
    const s = runFuzz({ seed, count: COUNT, size: 'unit', failureDir: path.join(REPO_ROOT, 'test-results', 'fuzz') });
    assert.deepEqual(
      s.failures.map((f) => `case ${f.index} (${f.name})${f.file ? ` in ${f.file}` : ''}: ${f.error}`),
      [],
      `seed ${seed}: replay with ${replay}`,
    );
    assert.equal(s.count, COUNT);
    // Every generator had its turn, or the run proves less than it says.
    for (const gen of [
      'mutate',
      'field',
      'deep',
      'aliases',
      'large',
      'encoding',
      'control',
      'prototype',
      'numbers',
      'variables',
    ])
      assert.ok((s.byGenerator[gen] ?? 0) > 20, `${gen}: ${s.byGenerator[gen] ?? 0} documents`);
  });

  it('the same seed makes the same documents (a printed seed replays the run)', () => {
    for (const i of [0, 1, 500, 2499]) {
      const a = fuzzCase(1234, i, 'unit');
      const b = fuzzCase(1234, i, 'unit');
      assert.equal(generatorOf(a), generatorOf(b));
      assert.deepEqual(Buffer.from(a.input), Buffer.from(b.input));
    }
    assert.notDeepEqual(Buffer.from(fuzzCase(1, 0, 'unit').input), Buffer.from(fuzzCase(2, 0, 'unit').input));
  });

  it('the mutations break documents: most have problems, and the limits and refusals are reached', () => {
    const seed = fuzzSeed(process.env.APIGW_FUZZ_SEED);
    const { validateSpec } = require('../../src/core/gatewaySpec') as typeof import('../../src/core/gatewaySpec');
    const codes = new Set<string>();
    let withProblems = 0;
    for (let i = 0; i < 600; i++) {
      const c = fuzzCase(seed, i, 'unit');
      const r = validateSpec(c.input, { format: c.format, fixes: false });
      if (r.diagnostics.length) withProblems++;
      for (const d of r.diagnostics) codes.add(d.code);
    }
    assert.ok(withProblems > 400, `only ${withProblems} of 600 documents had problems (seed ${seed})`);
    for (const code of ['APIGW001', 'APIGW005', 'APIGW011', 'APIGW100', 'APIGW102'])
      assert.ok(codes.has(code), `${code} never reported (seed ${seed}): ${[...codes].sort().join(' ')}`);
  });
});
