// Runs the extension-host suite (out/test/suite/index.js, the @vscode/test-electron `run()` contract) inside
// code-server 4.100.3, driven by Debian's Chromium. Prints the host's output and a closing `N passed, N failed`.
//   node out/test/runners/codeServer.js [--grep PATTERN]
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { REPO_ROOT, startServerAndBrowser } from '../support/codeServer';
import { copyFixtureWorkspace, HOST_TEST_EXTENSIONS, hostTestEnv } from '../support/hostEnv';

const TIMEOUT_MS = 8 * 60_000;

async function main(): Promise<number> {
  const grepAt = process.argv.indexOf('--grep');
  const grep = grepAt > 0 ? process.argv[grepAt + 1] : process.env.APIGW_TEST_GREP;
  const workspace = copyFixtureWorkspace();
  const env = await hostTestEnv();
  const { server, browser } = await startServerAndBrowser({
    env: { ...env.vars, ...(grep ? { APIGW_TEST_GREP: grep } : {}) },
    extensions: HOST_TEST_EXTENSIONS,
  });
  let summary: string | undefined;
  try {
    const exited = new Promise<number>((resolve) => {
      void browser.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      // The host forwards console calls unformatted: (format, ...values).
      const text = format(...(Array.isArray(args) ? args : [args]));
      const m = /(\d+) passed, (\d+) failed/.exec(text);
      if (m) summary = m[0];
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await browser.page.goto(
      server.url(workspace, {
        extensionDevelopmentPath: REPO_ROOT,
        extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'suite', 'index'),
      }),
    );
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stderr.write(`extension-host suite did not finish within ${TIMEOUT_MS / 1000} s\n`);
        resolve(1);
      }, TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    if (code !== 0 && summary === undefined) summary = '0 passed, 1 failed';
    return code;
  } finally {
    await browser.close();
    await server.stop();
    await env.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
    process.stdout.write(`${summary ?? '0 passed, 1 failed'}\n`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exitCode = 1;
  },
);
