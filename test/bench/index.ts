// `npm run bench` (after scripts/bench.mjs has built the production bundle and the .vsix): runs each bench in turn.
// `npm run bench -- activation` runs the benches whose file name contains a word given.
import fs from 'node:fs';
import path from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  for (const f of files) {
    const mod = require(path.join(__dirname, f)) as { bench(): Promise<void> };
    await mod.bench();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
