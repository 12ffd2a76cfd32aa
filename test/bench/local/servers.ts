// The servers the local API bench loads, each in its own process (the load generator runs in another): the local
// API from the production bundle (dist/local.js), a bare Node HTTP server calling the same handler in-process (the
// limit), the same bare server handing each request to one of 4 warm handler processes over a pipe (`pipe`: the
// floor of any server that keeps the handler out of its process, as a Lambda execution environment does), and a
// bare backend for the HTTP proxy route. Prints `PORT <n>` when listening.
// `ws` serves a WebSocket API and answers each `ids` line on stdin with the open connection ids (a JSON line).
//   node out/test/bench/local/servers.js local|bare|pipe|backend|ws DIR [BACKEND_PORT]
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { readLines } from '../../../src/local/lines';
import type { startLocalApi as Start } from '../../../src/local/server';

const [mode, dir, backendPort] = process.argv.slice(2) as [string, string, string | undefined];
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

async function main(): Promise<void> {
  if (mode === 'local') {
    const { startLocalApi } = require(path.join(REPO_ROOT, 'dist', 'local.js')) as { startLocalApi: typeof Start };
    const api = await startLocalApi({
      specPath: path.join(dir, 'bench.apigw.yaml'),
      port: 0,
      stageVariables: { backend: `127.0.0.1:${backendPort}` },
      runtime: { prewarm: true },
    });
    process.stdout.write(`PORT ${api.port}\n`);
    return;
  }
  if (mode === 'ws') {
    const { startLocalApi } = require(path.join(REPO_ROOT, 'dist', 'local.js')) as { startLocalApi: typeof Start };
    const api = await startLocalApi({
      specPath: path.join(dir, 'ws.apigw.json'),
      port: 0,
      watch: false,
      iam: { credentials: [{ accessKeyId: 'AKIDLOCALBENCH', secretAccessKey: 'bench-secret' }] },
    });
    process.stdin.on('data', () => process.stdout.write(`IDS ${JSON.stringify(api.connections())}\n`));
    process.stdout.write(`PORT ${api.port}\n`);
    return;
  }
  if (mode === 'pipe') return servePiped();
  const handler = (
    require(path.join(dir, 'src', 'hello.js')) as {
      handler: (e: unknown) => Promise<{ statusCode: number; body: string }>;
    }
  ).handler;
  const server = http.createServer((req, res) => {
    if (mode === 'backend') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('backend');
      return;
    }
    void handler({ rawPath: req.url }).then((out) =>
      res.writeHead(out.statusCode, { 'content-type': 'application/json' }).end(out.body),
    );
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

type Reply = { statusCode: number; body: string };

/** A warm handler process (pipeRunner.ts) that runs one invocation at a time, as a Lambda execution environment. */
class PipedHandler {
  private readonly channel: Socket;
  private waiting: ((r: Reply) => void) | undefined;
  private next = 1;

  constructor() {
    const child = spawn(process.execPath, [path.join(__dirname, 'pipeRunner.js'), dir], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    });
    this.channel = child.stdio[3] as Socket;
    readLines(this.channel, (line) => this.onLine(line));
  }

  invoke(event: unknown): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.channel.write(`${JSON.stringify({ id: this.next++, event })}\n`);
    });
  }

  private onLine(line: string): void {
    const { value } = JSON.parse(line) as { value: Reply };
    const done = this.waiting;
    this.waiting = undefined;
    done?.(value);
  }
}

/**
 * The `pipe` server's handler processes: a request takes an idle one, or waits in line until one is idle. As many
 * processes as the local API starts for a function at most (its default `maxEnvironments`), all started warm.
 */
class PipedPool {
  private readonly idle = Array.from({ length: 4 }, () => new PipedHandler());
  private readonly queue: Array<(h: PipedHandler) => void> = [];

  acquire(): Promise<PipedHandler> {
    const h = this.idle.pop();
    return h ? Promise.resolve(h) : new Promise((resolve) => this.queue.push(resolve));
  }

  release(h: PipedHandler): void {
    const next = this.queue.shift();
    if (next) next(h);
    else this.idle.push(h);
  }
}

async function answerPiped(pool: PipedPool, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const h = await pool.acquire();
  const out = await h.invoke({ rawPath: req.url });
  pool.release(h);
  res.writeHead(out.statusCode, { 'content-type': 'application/json' }).end(out.body);
}

function servePiped(): void {
  const pool = new PipedPool();
  const server = http.createServer((req, res) => void answerPiped(pool, req, res));
  server.keepAliveTimeout = 5000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
