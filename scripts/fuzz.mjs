#!/usr/bin/env node
// `npm run fuzz -- --count 100000 [--seed S] [--size unit|deep]`: compiles the tests, then runs the fuzz harness's
// deep run (test/fuzz/run.ts). The unit tier runs a few thousand small documents of it in every `npm test`.
import { execFileSync } from 'node:child_process';

const node = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });
node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']);
try {
  node(['--max-old-space-size=4096', 'out/test/fuzz/run.js', ...process.argv.slice(2)]);
} catch {
  process.exitCode = 1;
}
