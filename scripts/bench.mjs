#!/usr/bin/env node
// `npm run bench`: builds what ships (production bundle, .vsix), compiles the bench, installs the VS Code test
// setup when missing, then prints every figure beside its named baseline. Arguments select benches by name.
import { execFileSync } from 'node:child_process';

const node = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });
node(['scripts/package.mjs']);
node(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']);
node(['scripts/setup-vscode-test.mjs']);
node(['scripts/setup-bench-baselines.mjs']);
node(['out/test/bench/index.js', ...process.argv.slice(2)]);
