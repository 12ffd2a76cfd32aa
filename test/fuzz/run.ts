// `npm run fuzz -- [--count N] [--seed S] [--size unit|deep]`: the deep run of the fuzz harness (harness.ts). Prints
// the seed first (replay a run with --seed), then its time, the slowest document per KB (re-measured, best of
// three) and the most work per byte; writes failing documents to test-results/fuzz/ and exits 1 on any failure.
import path from 'node:path';
import { fuzzSeed, remeasure, runFuzz, WORK_CONSTANT, WORK_PER_BYTE } from './harness';

/** A document may take this long per KB (plus a constant) before the deep run calls it slow: generous, as it runs on shared machines. */
const MS_PER_KB = 25;
const MS_CONSTANT = 250;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function main(): number {
  const count = Number(arg('count') ?? 10_000);
  const size = arg('size') === 'unit' ? 'unit' : 'deep';
  const seed = fuzzSeed(arg('seed') ?? process.env.APIGW_FUZZ_SEED);
  console.log(`fuzz: seed ${seed}, ${count.toLocaleString('en-US')} documents (${size}); replay with --seed ${seed}`);
  const failureDir = path.join(__dirname, '..', '..', '..', 'test-results', 'fuzz');
  const s = runFuzz({
    seed,
    count,
    size,
    timing: true,
    failureDir,
    maxFailures: 20,
    progress: (n) => process.stdout.write(`  ${n.toLocaleString('en-US')}…\r`),
  });
  console.log(`fuzz: ${s.count.toLocaleString('en-US')} documents in ${(s.ms / 1000).toFixed(1)} s`);
  console.log(
    `  by generator: ${Object.entries(s.byGenerator)
      .map(([g, n]) => `${g} ${n}`)
      .join(', ')}`,
  );
  if (s.maxWork)
    console.log(
      `  most work: ${(s.maxWork.work / Math.max(1, s.maxWork.bytes)).toFixed(1)} steps/byte (budget ${WORK_PER_BYTE} + ${WORK_CONSTANT} steps), case ${s.maxWork.index} (${s.maxWork.name}, ${s.maxWork.bytes} bytes)`,
    );
  let slow = false;
  const remeasured = s.slowest.map((r) => ({ r, best: remeasure(seed, r, size) })).sort((x, y) => y.best - x.best);
  const worst = remeasured[0];
  if (worst) {
    const kb = worst.r.bytes / 1024;
    slow = worst.best * Math.max(1, kb) > MS_CONSTANT + MS_PER_KB * kb;
    console.log(
      `  slowest per KB (the five slowest re-measured, best of three): ${worst.best.toFixed(3)} ms/KB, case ${worst.r.index} (${worst.r.name}, ${kb.toFixed(1)} KB; first run ${(worst.r.ms! / Math.max(1, kb)).toFixed(3)} ms/KB)${slow ? ' — SLOW' : ''}`,
    );
  }
  for (const f of s.failures)
    console.log(`\nFAILED case ${f.index} (${f.name})${f.file ? `, written to ${f.file}` : ''}\n${f.error}`);
  console.log(s.failures.length || slow ? `fuzz: FAILED (seed ${seed})` : 'fuzz: ok');
  return s.failures.length || slow ? 1 : 0;
}

process.exitCode = main();
