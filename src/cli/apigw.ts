#!/usr/bin/env node
// `apigw`: the extension's engine for CI pipelines. Subcommands arrive with the features they drive.
import { main } from './main';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`apigw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
