// A hang guard for tests whose body can block its thread: a pattern that backtracks, a loop that never ends. Neither
// node:test's timeout nor any timer of the test's own can fire while the body runs, so a watchdog thread does: when a
// guarded body has not returned within its time, it writes the test's name to stderr and ends the test process,
// which node --test then reports as failed, instead of holding the whole tier.
//   it('reads 1 MB of blanks in one pass', hangGuard(60_000, () => { … }));
import type { TestContext } from 'node:test';
import { Worker } from 'node:worker_threads';

/** The watchdog's code: one timer per guarded body, started and cleared by messages from the test's thread. */
const WATCHDOG = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const timers = new Map();
parentPort.on('message', (m) => {
  if (m.done) {
    clearTimeout(timers.get(m.id));
    timers.delete(m.id);
    return;
  }
  timers.set(m.id, setTimeout(() => {
    fs.writeSync(2, '\\n"' + m.name + '" did not finish within ' + m.ms / 1000 + ' s: it hangs; ending the test process\\n');
    process.kill(process.pid, 'SIGKILL');
  }, m.ms));
});
`;

let watchdog: Worker | undefined;
let next = 0;

function dog(): Worker {
  if (!watchdog) {
    watchdog = new Worker(WATCHDOG, { eval: true });
    // Never what keeps the test process alive.
    watchdog.unref();
  }
  return watchdog;
}

/** A test function running `body` under the watchdog: the process ends if `body` takes over `ms`. */
export function hangGuard(ms: number, body: () => unknown): (t: TestContext) => Promise<void> {
  return async (t) => {
    const id = ++next;
    const w = dog();
    w.postMessage({ id, name: t.name, ms });
    try {
      await body();
    } finally {
      w.postMessage({ id, done: true });
    }
  };
}
