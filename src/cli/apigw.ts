#!/usr/bin/env node
// `apigw`: the extension's engine for CI pipelines. This file holds the process globals (streams, the terminal to
// ask on, the exit code); main.ts and the subcommands never touch them.
import { forTerminal } from '../core/redact';
import { main } from './main';
import { askOn } from './question';

// The SDK warns on every run under Node 20 about SDK releases of 2027 that will need Node 22. The lockfile pins the
// SDK this CLI was built and tested with, so in a CI log that warning is only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A question on the terminal, when there is one to ask on (deploy refuses to apply unasked otherwise). Ctrl+C at a
// question quits, as it does anywhere else before anything is applied.
const ask = askOn(process.stdin, process.stderr, () => {
  process.stderr.write('\n');
  process.exit(130);
});

const interactive = process.stdin.isTTY && process.stderr.isTTY;

// The exit code is main's: a reader that closed the pipe early (`apigw validate … | head`) never turns a failure
// into exit 0 (the Terminal drops further output and reports the closed pipe to the command).
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: () => process.stdin,
  ...(interactive ? { ask } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(forTerminal(`apigw: ${err instanceof Error ? err.message : String(err)}\n`));
    process.exitCode = 2;
  },
);
