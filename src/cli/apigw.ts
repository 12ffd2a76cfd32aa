#!/usr/bin/env node
// `apigw`: the extension's engine for CI pipelines. Subcommands arrive with the features they drive.
import readline from 'node:readline';
import { main } from './main';

/** One question on the terminal (stderr, so stdout stays the report); undefined when input ends. */
function prompt(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    rl.on('close', () => { if (!answered) resolve(undefined); });
  });
}

// `apigw validate … | head` closes the pipe early: that is not a failure worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, prompt }).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`apigw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
