#!/usr/bin/env node
// Child-process mode of the local AWS test service (host and UI tests, the bench, manual runs):
//   node out/test/localaws/cli.js [--port N] [--seed FILE.json] [--random-seed N] [--config JSON]
// Prints one line `{"endpoint":"http://127.0.0.1:PORT"}` on stdout when it listens; stops on SIGTERM/SIGINT or when
// its parent closes stdin.
import fs from 'node:fs';
import { LocalAws, type LocalAwsConfig } from './server';
import type { SeedFile } from './seed';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const seedFile = arg('seed');
  const aws = await LocalAws.start({
    port: Number(arg('port') ?? 0),
    ...(seedFile ? { seed: JSON.parse(fs.readFileSync(seedFile, 'utf8')) as SeedFile } : {}),
    randomSeed: Number(arg('random-seed') ?? 1),
    ...(arg('config') ? { config: JSON.parse(arg('config')!) as Partial<LocalAwsConfig> } : {}),
  });
  process.stdout.write(`${JSON.stringify({ endpoint: aws.endpoint })}\n`);
  const stop = () => {
    void aws.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (!process.stdin.isTTY) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`localaws: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
