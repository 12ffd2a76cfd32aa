#!/usr/bin/env node
// Copies the screenshots the UI tests took (test-results/screenshots, gitignored) into docs/screenshots for the
// README: `npm run test:ui && npm run screenshots`. Only names the README uses are copied.
import fs from 'node:fs';
import path from 'node:path';

const from = 'test-results/screenshots';
const to = 'docs/screenshots';
const readme = fs.readFileSync('README.md', 'utf8');
const used = [...readme.matchAll(/docs\/screenshots\/([a-z0-9-]+\.png)/g)].map((m) => m[1]);
fs.mkdirSync(to, { recursive: true });
let missing = 0;
for (const name of new Set(used)) {
  const src = path.join(from, name);
  if (!fs.existsSync(src)) {
    console.error(`missing ${src}: run npm run test:ui first`);
    missing++;
    continue;
  }
  fs.copyFileSync(src, path.join(to, name));
  console.log(`${src} → ${to}/${name}`);
}
process.exitCode = missing ? 1 : 0;
