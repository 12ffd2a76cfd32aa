// Issue 2 figures: bundle size, package size, and activation time inside a real extension host (code-server),
// each beside VS Code's built-in CSS language features extension as the baseline.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import zlib from 'node:zlib';
import { launchBrowser, REPO_ROOT, startCodeServer } from '../support/codeServer';
import { median, printSection } from './report';

const { codeServerDir } = require(path.join(REPO_ROOT, 'scripts', 'code-server.cjs')) as { codeServerDir(): string };
const BASELINE_EXT = () =>
  path.join(codeServerDir(), 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'css-language-features');

/** Roughly what the baseline's files weigh zipped as a .vsix: each shipped file (no source maps) deflated. */
function deflatedSize(dir: string): number {
  let total = 0;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (f.endsWith('.map') || !fs.statSync(p).isFile()) continue;
    total += zlib.deflateRawSync(fs.readFileSync(p)).length + 76 + 2 * f.length; // + zip headers
  }
  return total;
}

interface Run {
  id: string;
  ms: number;
  inner?: number;
  wasActive: boolean;
  distLoaded: string[];
}

/** Cold starts, alternating ours and the baseline, each in a fresh extension host (a fresh page load). */
async function activationRuns(runs: number): Promise<Run[]> {
  const server = await startCodeServer();
  const browser = await launchBrowser();
  const results: Run[] = [];
  let resolveRun: ((code: number) => void) | undefined;
  // test-results/ exists only once a test tier ran: a fresh clone's first `npm run bench` makes it.
  fs.mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
  const root = fs.mkdtempSync(path.join(REPO_ROOT, 'test-results', 'bench-'));
  try {
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => resolveRun?.(code));
    await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith('BENCH ')) results.push(JSON.parse(text.slice(6)) as Run);
    });
    for (let i = 0; i < 2 * runs; i++) {
      const workspace = path.join(root, i % 2 === 0 ? 'ws-ours' : 'ws-baseline');
      fs.mkdirSync(workspace, { recursive: true });
      const done = new Promise<number>((r) => {
        resolveRun = r;
      });
      await browser.page.goto(
        server.url(workspace, {
          extensionDevelopmentPath: REPO_ROOT,
          extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'bench', 'host', 'activation'),
        }),
      );
      const code = await done;
      if (code !== 0) throw new Error(`activation run ${i + 1} failed (exit ${code})`);
      await browser.page.goto('about:blank');
    }
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return results;
}

export async function bench(): Promise<void> {
  const bundle = fs.statSync(path.join(REPO_ROOT, 'dist', 'extension.js')).size;
  const vsix = fs.statSync(path.join(REPO_ROOT, 'dist-vsix', 'apigw-workbench.vsix')).size;
  const baselineBundle = fs.statSync(path.join(BASELINE_EXT(), 'client', 'dist', 'node', 'cssClientMain.js')).size;
  const baselinePackage = deflatedSize(BASELINE_EXT());

  const runs = await activationRuns(Number(process.env.APIGW_BENCH_RUNS ?? 7));
  const ours = runs.filter((r) => r.id.startsWith('apigw'));
  const base = runs.filter((r) => !r.id.startsWith('apigw'));
  const name = 'vscode.css-language-features';
  printSection('Foundation (issue 2): size and activation, production build', [
    {
      figure: 'dist/extension.js',
      value: bundle,
      unit: 'bytes',
      baseline: `${name} client bundle`,
      baselineValue: baselineBundle,
    },
    {
      figure: '.vsix',
      value: vsix,
      unit: 'bytes',
      baseline: `${name} files, deflated`,
      baselineValue: baselinePackage,
    },
    {
      figure: `activation, median of ${ours.length} cold starts (load + activate())`,
      value: median(ours.map((r) => r.ms)),
      unit: 'ms',
      baseline: `${name} activation`,
      baselineValue: median(base.map((r) => r.ms)),
      note:
        `time inside our activate(): median ${median(ours.map((r) => r.inner ?? NaN)).toFixed(2)} ms; ` +
        `bundles loaded by activation: ${[...new Set(ours.flatMap((r) => r.distLoaded.map((p) => path.basename(p))))].join(', ')}; ` +
        `runs where an extension was already active (should be 0): ${runs.filter((r) => r.wasActive).length}`,
    },
  ]);
}
