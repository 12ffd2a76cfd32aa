// The servers the local API bench loads, each in its own process (the load generator runs in another): the local
// API from the production bundle (dist/local.js), a bare Node HTTP server calling the same handler in-process (the
// limit), and a bare backend for the HTTP proxy route. Prints `PORT <n>` when listening.
// `ws` serves a WebSocket API and answers each `ids` line on stdin with the open connection ids (a JSON line).
//   node out/test/bench/local/servers.js local|bare|backend|ws DIR [BACKEND_PORT]
import http from 'node:http';
import path from 'node:path';
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

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
