// The UI tier in one process: every *.test.js beside this file, in name order, sharing one code-server, one Chromium
// and one local AWS test service (test/support/uiSession.ts), each in a window of its own. `npm test` runs this
// file; each file also runs alone.
import fs from 'node:fs';
import path from 'node:path';

for (const file of fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.js'))
  .sort())
  require(path.join(__dirname, file));
