#!/usr/bin/env node
// `npm start`: builds the extension (and keeps rebuilding on change) and opens it in VS Code on examples/.
// With the desktop `code` CLI on PATH it starts a VS Code window with --extensionDevelopmentPath; otherwise it
// serves code-server 4.100.3 on 127.0.0.1 and prints the URL to open in a browser. Ctrl+C stops everything.
//   PORT=8080 npm start      choose the code-server port (default: 8080, or a free one)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cs from './code-server.cjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(ROOT, 'examples');
const children = [];

function stopAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(0);
});
for (const sig of ['SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    stopAll();
    process.exit(0);
  });

function hasDesktopCode() {
  const r = spawnSync('code', ['--version'], { encoding: 'utf8' });
  // code-server also answers `code` on some machines: the desktop CLI prints a plain "1.x.y" first line.
  return r.status === 0 && /^1\.\d+\.\d+\s*$/m.test(r.stdout.split('\n')[0] ?? '') && !/code-server/.test(r.stdout);
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net
      .createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function pickPort() {
  if (process.env.PORT) return Number(process.env.PORT);
  if (await portFree(8080)) return 8080;
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
children.push(spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: ROOT, stdio: 'inherit', detached: true }));

if (hasDesktopCode()) {
  console.log(
    `Opening VS Code on ${EXAMPLES} with the extension from ${ROOT} (rebuilt on change; reload the window to pick it up).`,
  );
  execFileSync('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, EXAMPLES], { stdio: 'inherit' });
} else {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'setup-vscode-test.mjs'), '--no-browser'], {
    stdio: 'inherit',
  });
  const port = await pickPort();
  const dataDir = path.join(ROOT, '.vscode-test', 'start');
  fs.mkdirSync(dataDir, { recursive: true });
  const { command, args, env } = cs.prepareServer({
    port,
    dataDir,
    workspaceTrust: true,
    settings: { 'security.workspace.trust.enabled': false },
  });
  const server = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  children.push(server);
  server.on('exit', (code) => {
    console.error(`code-server exited (${code})`);
    stopAll();
    process.exit(code ?? 1);
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log('\nAPI Gateway Workbench is running in VS Code (code-server 4.100.3) on examples/. Open:\n');
  console.log(`  ${cs.workbenchUrl(port, EXAMPLES, { extensionDevelopmentPath: ROOT })}\n`);
  console.log('The extension rebuilds on change; reload the browser tab to pick it up. Ctrl+C stops.');
}
