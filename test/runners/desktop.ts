// The same extension-host suite in desktop VS Code through @vscode/test-electron, for contributors on a
// machine with internet (it downloads VS Code). On the project's CI machines use `npm test`, which runs the
// suite in code-server instead.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyFixtureWorkspace, HOST_TEST_EXTENSIONS, hostTestEnv } from '../support/hostEnv';
import { REPO_ROOT } from '../support/codeServer';

async function main(): Promise<void> {
  const env = await hostTestEnv();
  const workspace = copyFixtureWorkspace();
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: [REPO_ROOT, ...HOST_TEST_EXTENSIONS],
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: env.vars,
    });
  } finally {
    await env.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
