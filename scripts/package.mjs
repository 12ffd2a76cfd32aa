#!/usr/bin/env node
// `npm run package`: production bundles, then dist-vsix/apigw-workbench.vsix with only what runs (.vscodeignore).
// Everything is bundled by esbuild, so the package carries no node_modules (--no-dependencies).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const VSIX = 'dist-vsix/apigw-workbench.vsix';

execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
fs.mkdirSync('dist-vsix', { recursive: true });
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '-o', VSIX], {
  stdio: 'inherit',
});
