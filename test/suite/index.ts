// Extension-host test entry: the `run()` contract of @vscode/test-electron, so the same suite runs in
// code-server (test/runners/codeServer.ts) and in desktop VS Code (test/runners/desktop.ts).
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    ...(process.env.APIGW_TEST_GREP ? { grep: process.env.APIGW_TEST_GREP } : {}),
  });
  // extension.test.js first: it asserts what activation alone loads, before any other test loads the lazy bundles.
  // canary.test.js last: it plants secrets in the environment and leaves documents and channels other suites look for.
  const rank = (f: string) => (f === 'extension.test.js' ? 0 : f === 'canary.test.js' ? 2 : 1);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() =>
        resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }),
      );
    } catch (err) {
      reject(err);
    }
  });
  // The runners read this closing line.
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} extension-host test(s) failed`);
}
