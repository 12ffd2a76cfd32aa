#!/usr/bin/env node
// `npm test`: lints (ESLint, Prettier), builds, typechecks and compiles the tests, then runs the three tiers and prints one closing line
// per tier plus a total. `npm test -- unit` (or host, ui) runs only those tiers.
//   1. unit       node --test over out/test/unit (src/core, src/aws, the CLI, the local AWS service)
//   2. host       the mocha suite in a real VS Code (code-server 4.100.3) — test/runners/codeServer.ts
//   3. ui         playwright-core + Debian Chromium clicking through the real workbench — out/test/ui/all.js
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ALL = ['unit', 'host', 'ui'];
const asked = process.argv.slice(2).filter((a) => ALL.includes(a));
const tiers = asked.length ? asked : ALL;
const started = Date.now();

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (capture) out += chunk;
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

async function step(label, command, args) {
  const t = Date.now();
  const { code } = await run(command, args);
  if (code !== 0) {
    console.error(`\n${label} failed (exit ${code}); no tests were run.`);
    process.exit(code);
  }
  console.log(`${label}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

/** A unit test, or a unit file, that takes three minutes is hung. */
const UNIT_TIMEOUT_MS = 180_000;
/**
 * The UI tier is one file of every UI test (about 150 s here; 210 s on a machine loaded by other runs, where a
 * three-minute bound failed it): its own waits are bounded one by one, and this bounds the whole at seven minutes.
 */
const UI_TIMEOUT_MS = 420_000;

/** node --test: spec output to the terminal, TAP to a file we read the counts from. */
/**
 * `concurrency`: files run at once. Unit files run two at a time (node's default is one per core less one: one, on
 * CI's two cores): the canary suite spends most of its two minutes waiting on the CLI processes it starts, and the
 * other files run meanwhile; every test is written to hold on a loaded machine (injected clocks, its own ports and
 * folders). The UI files run in one process, out/test/ui/all.js, sharing one code-server and one browser.
 * `timeoutMs` bounds each test and each file: a test that hangs fails (and says which) instead of holding up the
 * whole tier.
 */
async function nodeTest(dir, concurrency, only, timeoutMs) {
  const tap = path.join('test-results', `${path.basename(dir)}.tap`);
  fs.mkdirSync('test-results', { recursive: true });
  const files = only
    ? [path.join(dir, only)]
    : fs
        .readdirSync(dir, { recursive: true })
        .filter((f) => f.endsWith('.test.js'))
        .map((f) => path.join(dir, f))
        .sort();
  const { code } = await run(process.execPath, [
    '--test',
    `--test-timeout=${timeoutMs}`,
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failed =
    count('fail') + count('cancelled') + (code !== 0 && count('fail') === 0 && count('cancelled') === 0 ? 1 : 0);
  return { passed: count('pass'), failed };
}

async function hostSuite() {
  const { code, out } = await run(process.execPath, ['out/test/runners/codeServer.js'], { capture: true });
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  const passed = Number(m?.[1] ?? 0);
  const failed = Number(m?.[2] ?? 0) + (code !== 0 && Number(m?.[2] ?? 0) === 0 ? 1 : 0);
  return { passed, failed };
}

// ESLint and Prettier read the same files for different things: side by side, one per core.
await Promise.all([
  step('lint (eslint)', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']),
  step('format check (prettier)', process.execPath, [
    'node_modules/prettier/bin/prettier.cjs',
    '--check',
    '--log-level=warn',
    '.',
  ]),
]);
await step('build', process.execPath, ['esbuild.mjs']);
await step('typecheck and compile tests', process.execPath, [
  'node_modules/typescript/bin/tsc',
  '-p',
  'tsconfig.test.json',
]);
// The webview pages are browser code (the DOM library), checked on their own.
await step('typecheck webview pages', process.execPath, [
  'node_modules/typescript/bin/tsc',
  '-p',
  'tsconfig.webview.json',
]);
const results = [];
// The VS Code tiers need code-server and Chromium: installed (when missing) only once the unit tier has run, so a
// machine that cannot install them still gets the unit results, and the VS Code tiers count as failed, not passed.
let setup;
for (const tier of tiers) {
  const t = Date.now();
  console.log(`\n=== ${tier} tests ===`);
  if (tier !== 'unit') {
    setup ??= (await run(process.execPath, ['scripts/setup-vscode-test.mjs'])).code;
    if (setup !== 0) {
      console.error(`${tier} tests not run: the VS Code test setup failed (above).`);
      results.push({ tier, passed: 0, failed: 1, seconds: 0 });
      continue;
    }
  }
  const r =
    tier === 'unit'
      ? await nodeTest('out/test/unit', 2, undefined, UNIT_TIMEOUT_MS)
      : tier === 'host'
        ? await hostSuite()
        : await nodeTest('out/test/ui', 1, 'all.js', UI_TIMEOUT_MS);
  results.push({ tier, ...r, seconds: (Date.now() - t) / 1000 });
}

console.log('\n=== summary ===');
const names = {
  unit: 'unit tests (node --test)',
  host: 'extension-host tests (code-server 4.100.3)',
  ui: 'UI tests (playwright + chromium)',
};
for (const r of results) {
  console.log(`${names[r.tier]}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`all tiers: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failed > 0 ? 1 : 0;
