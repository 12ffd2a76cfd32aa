// Starts the local AWS test service as a child process (out/test/localaws/cli.js) with a seed file, for the tiers
// that run VS Code in another process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RemoteLocalAws } from './control';
import type { LocalAwsConfig } from './server';
import type { SeedFile } from './seed';

export interface LocalAwsProcess {
  readonly endpoint: string;
  readonly control: RemoteLocalAws;
  stop(): Promise<void>;
}

export async function startLocalAwsProcess(
  o: { seed?: SeedFile; config?: Partial<LocalAwsConfig>; randomSeed?: number } = {},
): Promise<LocalAwsProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-localaws-'));
  const seedFile = path.join(dir, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify(o.seed ?? {}));
  const args = [path.join(__dirname, 'cli.js'), '--seed', seedFile, '--random-seed', String(o.randomSeed ?? 1)];
  if (o.config) args.push('--config', JSON.stringify(o.config));
  // stdin stays a pipe: the service stops by itself when this process goes away.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('local AWS service did not start within 15 s')), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local AWS service exited (${code}) during start`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { endpoint: string }).endpoint);
        } catch (err) {
          reject(err as Error);
        }
      }
    });
  });
  return {
    endpoint,
    control: new RemoteLocalAws(endpoint),
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // Unref'd: once the service has exited, the grace period must not hold this process open.
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
