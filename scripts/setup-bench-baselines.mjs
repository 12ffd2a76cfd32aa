#!/usr/bin/env node
// Installs what the local API bench needs, only when missing, outside the extension's own dependencies: the load
// generator wrk from Debian (the bench falls back to autocannon from npm without it), and the baseline serverless
// (v3, the last that runs without a login) with serverless-offline 13 into ~/.cache/apigw-workbench/serverless-offline. A failed install is reported, not fatal: the bench then says the
// baseline could not be installed. Usage: node scripts/setup-bench-baselines.mjs [--print-dir]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SLS_DIR = path.join(os.homedir(), '.cache', 'apigw-workbench', 'serverless-offline');
const PACKAGES = ['serverless@3.40.0', 'serverless-offline@13.9.0'];

const hasWrk = spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;
if (
  !hasWrk &&
  !process.argv.includes('--print-dir') &&
  spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
) {
  process.stdout.write('[setup-bench-baselines] installing wrk (Debian)\n');
  spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'inherit' });
}

const entry = path.join(SLS_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
if (process.argv.includes('--print-dir')) {
  process.stdout.write(`${SLS_DIR}\n`);
} else if (!fs.existsSync(entry) || !fs.existsSync(path.join(SLS_DIR, 'node_modules', 'serverless-offline'))) {
  fs.mkdirSync(SLS_DIR, { recursive: true });
  if (!fs.existsSync(path.join(SLS_DIR, 'package.json')))
    fs.writeFileSync(
      path.join(SLS_DIR, 'package.json'),
      JSON.stringify({ name: 'apigw-bench-baselines', private: true }),
    );
  process.stdout.write(`[setup-bench-baselines] installing ${PACKAGES.join(' ')} into ${SLS_DIR}\n`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES], {
    cwd: SLS_DIR,
    stdio: 'inherit',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0)
    process.stdout.write('[setup-bench-baselines] serverless-offline did not install; the bench skips it\n');
}
