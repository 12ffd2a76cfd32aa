// The Python interpreter a test runs handlers with: the first of python3 on PATH and Debian's /usr/bin/python3 that
// imports the modules the test needs, or why the test is skipped (npm run setup:vscode-test installs Debian's).
import { spawnSync } from 'node:child_process';

const INTERPRETERS = ['python3', '/usr/bin/python3'];

export interface PythonFor {
  /** The interpreter, when one imports every module. */
  python: string | undefined;
  /** `false`, or the reason a test that needs the modules is skipped. */
  skip: string | false;
}

export function pythonWith(modules: string[], debianPackages: string[]): PythonFor {
  const imports = modules.map((m) => `import ${m}`).join('; ');
  const python = INTERPRETERS.find((p) => spawnSync(p, ['-c', imports], { stdio: 'ignore' }).status === 0);
  return {
    python,
    skip: python
      ? false
      : `no python3 imports ${modules.join(', ')} (Debian: apt-get install ${debianPackages.join(' ')}; ` +
        'npm run setup:vscode-test installs them)',
  };
}
