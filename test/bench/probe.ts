// An idle Node process that measures its own event loop while the bench runs something else on the machine: the
// longest time a timer of a process doing nothing waited for its turn. On this machine's two cores, code-server,
// Chromium, the extension host and its worker all run at once, and a process that is ready can wait for a core; the
// extension host's own figure includes that wait. Started by the bench; `start` on stdin starts measuring, `end`
// prints {"maxMs":…,"p99Ms":…} and exits.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import readline from 'node:readline';

const h = monitorEventLoopDelay({ resolution: 1 });
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'start') {
    h.reset();
    h.enable();
  } else if (line === 'end') {
    h.disable();
    process.stdout.write(`${JSON.stringify({ maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 })}\n`);
    process.exit(0);
  }
});
