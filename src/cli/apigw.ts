#!/usr/bin/env node
// `apigw`: the extension's engine for CI pipelines.
import readline from 'node:readline';
import { main } from './main';

// The SDK warns on every run under Node 20 about SDK releases of 2027 that will need Node 22. The lockfile pins the
// SDK this CLI was built and tested with, so in a CI log that warning is only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `apigw validate … | head` closes the pipe early: that is not a failure worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

/** A question on the terminal, when there is one to ask on (deploy refuses to apply unasked otherwise). */
const ask =
  process.stdin.isTTY && process.stderr.isTTY
    ? (question: string) =>
        new Promise<string>((resolve) => {
          const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
          rl.question(question, (answer) => {
            rl.close();
            resolve(answer);
          });
        })
    : undefined;

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, ...(ask ? { ask } : {}) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`apigw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
