#!/usr/bin/env node
// Installs what the VS Code test tiers need, only when missing:
//   - Debian packages: chromium (the browser that drives the workbench) and, to build code-server's
//     native modules, build-essential, python3, libkrb5-dev and ripgrep; python3-boto3 and python3-debugpy when no
//     python3 imports them (a Python WebSocket handler written for AWS runs with boto3, local-ws-aws-handlers.test.ts;
//     Python handlers are debugged with debugpy, local-python-debug.test.ts and the host tier's F5 test);
//   - code-server 4.100.3 (= VS Code 1.100.3) into a cache folder outside the repository.
// A second run finds both and returns at once. See docs/DEVELOPING.md (A real VS Code) for the four install traps
// handled below (kerberos headers, --unsafe-perm as root, the ripgrep download, node-pty's npx prompt).
//
// Usage: node scripts/setup-vscode-test.mjs [--no-browser] [--print-dir]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import paths from './code-server.cjs';

const { chromiumPath, codeServerDir, CODE_SERVER_VERSION, codeServerEntry } = paths;

const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

// Install scripts code-server's dependency tree needs (npm 11 blocks unlisted ones; npm 10 runs them all).
const ALLOW_SCRIPTS = {
  'code-server': true,
  kerberos: true,
  'node-pty': true,
  '@vscode/ripgrep': true,
  '@vscode/spdlog': true,
  '@vscode/windows-registry': false,
  'native-watchdog': true,
  '@parcel/watcher': true,
  argon2: true,
  'vscode-regexp-languagedetection': true,
};

const log = (msg) => process.stdout.write(`[setup-vscode-test] ${msg}\n`);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function aptInstall(packages) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (!has('apt-get')) {
    const msg = [
      `This machine has no apt-get, so the packages the VS Code test tiers need cannot be installed for you.`,
      `Install these yourself: ${missing.join(', ')} (Chromium must be at /usr/bin/chromium or set APIGW_CHROMIUM;`,
      `the others only build code-server's native modules).`,
      `On a desktop with internet, run the extension-host suite in VS Code itself instead: npm run test:desktop`,
    ].join('\n  ');
    throw new SetupError(msg);
  }
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : has('sudo') ? ['sudo', '-n'] : null;
  if (sudo === null) {
    throw new SetupError(
      `Missing Debian packages ${missing.join(', ')} and no root or sudo to install them.\n  ` +
        `Run: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) =>
    execFileSync(sudo.length ? sudo[0] : args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env,
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

class SetupError extends Error {}

const BROWSER_PACKAGES = ['chromium', 'fonts-liberation'];
// What code-server's native modules build with (trap 1: kerberos needs libkrb5-dev), and the rg that trap 3 packs.
const BUILD_PACKAGES = ['build-essential', 'python3', 'libkrb5-dev', 'ripgrep'];

/** Whether python3 or Debian's /usr/bin/python3 imports a module (the interpreters test/support/python.ts tries). */
function pythonHas(module) {
  return ['python3', '/usr/bin/python3'].some(
    (python) => spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0,
  );
}

function codeServerInstalled(dir = codeServerDir()) {
  return fs.existsSync(path.join(dir, '.installed')) && fs.existsSync(codeServerEntry(dir));
}

function ensureCodeServer() {
  const dir = codeServerDir();
  if (codeServerInstalled(dir)) return dir;

  // Install beside the final folder, then rename: an interrupted install never looks complete.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify(
      {
        name: 'apigw-workbench-code-server',
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: ALLOW_SCRIPTS,
      },
      null,
      2,
    ),
  );

  // Trap 3: @vscode/ripgrep downloads rg from GitHub unless it finds the release archive in its cache.
  const tmp = path.join(staging, '.tmp');
  fs.mkdirSync(path.join(tmp, RIPGREP_CACHE), { recursive: true });
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/rg';
  execFileSync('tar', ['czf', path.join(tmp, RIPGREP_CACHE, RIPGREP_ASSET), '-C', path.dirname(rg), path.basename(rg)]);

  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about a minute)`);
  const started = Date.now();
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--unsafe-perm', '--loglevel=error'], {
    cwd: staging,
    stdio: 'inherit',
    env: {
      ...process.env,
      TMPDIR: tmp, // trap 3
      npm_config_yes: 'true', // trap 4: node-pty's postinstall runs `npx node-gyp`
      npm_config_unsafe_perm: 'true', // trap 2: as root, code-server's postinstall needs it
    },
  });
  if (!fs.existsSync(codeServerEntry(staging))) {
    throw new SetupError(`code-server installed but ${codeServerEntry(staging)} is missing`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(path.join(staging, '.installed'), `${CODE_SERVER_VERSION} ${new Date().toISOString()}\n`);
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    // Another run finished first; keep its copy.
    if (!fs.existsSync(path.join(dir, '.installed'))) throw err;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`code-server ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

try {
  if (os.platform() !== 'linux') {
    throw new SetupError(
      `The code-server test tiers run on Linux (Debian). On ${os.platform()}, use npm run test:desktop ` +
        `for the extension-host suite; npm run test:unit runs anywhere.`,
    );
  }
  // One apt-get run for everything missing: the browser, and the build tools only when code-server must be built.
  const wanted = [
    ...(!process.argv.includes('--no-browser') && !fs.existsSync(chromiumPath()) ? BROWSER_PACKAGES : []),
    ...(!codeServerInstalled() ? BUILD_PACKAGES : []),
    ...(!pythonHas('boto3') ? ['python3-boto3'] : []),
    ...(!pythonHas('debugpy') ? ['python3-debugpy'] : []),
  ];
  aptInstall(wanted);
  const dir = ensureCodeServer();
  if (process.argv.includes('--print-dir')) process.stdout.write(`${dir}\n`);
} catch (err) {
  if (err instanceof SetupError) {
    process.stderr.write(`[setup-vscode-test] ${err.message}\n`);
    process.exit(3);
  }
  throw err;
}
