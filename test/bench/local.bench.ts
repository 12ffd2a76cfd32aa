// Issue 15 figures, on this machine's cores, each beside a baseline run in the same bench:
//  (1) a warm Node Lambda route of the local API (production bundle) under wrk (Debian; autocannon from npm where it
//      is missing), beside a bare Node HTTP server calling the same handler in-process (the limit: target p50 within
//      1.5×) and beside serverless-offline serving the same handler on the same route (target: at least 3× its
//      requests per second). The servers are measured in turns, so a slower minute of the machine hits each alike.
//      Beside them too, the same bare server handing each request to one of 4 warm handler processes over a pipe (as
//      many as the local API runs per function): the floor of a server that keeps the handler out of its process;
//  (2) an HTTP proxy route beside calling its backend directly;
//  (3) cold start after saving a handler (file written → first answer with the new code; target < 300 ms), beside
//      starting a bare `node` process that loads the same handler and prints once (the floor of any new process);
//  (4) 1,000 WebSocket connections held and a broadcast to all of them through @connections with the real
//      ApiGatewayManagementApiClient (target < 1 s), beside the same broadcast done by a bare `ws` server: the median
//      of 5 broadcasts after a first one, which is printed too (V8 has not yet optimised either side's code);
//  (5) a WebSocket MOCK route whose templates make its answer (the template worker's hop), pinged 2,000 times one at a
//      time, beside a bare `ws` server in its own process answering the same.
// Servers run in their own processes (test/bench/local/servers.ts), autocannon in another.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { WebSocket, WebSocketServer } from 'ws';
import { printSection, type Figure } from './report';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const DURATION_S = 3;
const CONNECTIONS = 10;
const CRED = { accessKeyId: 'AKIDLOCALBENCH', secretAccessKey: 'bench-secret' };

const HANDLER = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ hello: 'world', path: event.rawPath }) });\n`;

const SPEC = `version: 1
api: { name: bench, protocol: HTTP }
integrations:
  hello: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:hello" }
  backend: { type: HTTP_PROXY, uri: "http://\${stageVariables.backend}/{proxy}" }
routes:
  GET /hello: { integration: hello }
  GET /proxy/{proxy+}: { integration: backend }
`;

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-local-bench-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'hello.js'), HANDLER);
  fs.writeFileSync(path.join(dir, 'bench.apigw.yaml'), SPEC);
  // The account's quota raised out of the way: the bench measures the engine, not AWS's 10,000 requests a second.
  fs.writeFileSync(
    path.join(dir, 'bench.apigw.local.yaml'),
    'functions:\n  hello: { handler: src/hello.js }\naccountThrottling: { burstLimit: 1000000000, rateLimit: 1000000000 }\n',
  );
  fs.writeFileSync(
    path.join(dir, 'serverless.yml'),
    'service: bench\nframeworkVersion: "3"\nprovider: { name: aws, runtime: nodejs20.x }\nplugins: [serverless-offline]\nfunctions:\n  hello:\n    handler: src/hello.handler\n    events:\n      - httpApi: { method: GET, path: /hello }\n',
  );
  return dir;
}

function startServer(
  command: string,
  args: string[],
  cwd: string,
  ready: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out.slice(-500)}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out.slice(-500)}`)));
  });
}

interface Load {
  p50: number;
  p99: number;
  rps: number;
}

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => fs.existsSync(p));

/** wrk (Debian) in its own process: one thread, 10 connections; latency percentiles in µs precision. */
function wrk(url: string, seconds = DURATION_S, connections = CONNECTIONS): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRK!, ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      const ms = (label: string) => {
        const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out);
        if (!m) return NaN;
        return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
      };
      const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      if (bad) reject(new Error(`${url}: ${bad[1]} non-2xx answers`));
      else resolve({ p50: ms('50%'), p99: ms('99%'), rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]) });
    });
  });
}

/** autocannon (npm) in its own process, where wrk is not installed (latency in whole ms). */
function autocannon(url: string, seconds = DURATION_S, connections = CONNECTIONS): Promise<Load> {
  const bin = path.join(REPO_ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-c', String(connections), '-d', String(seconds), '--json', url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      try {
        const r = JSON.parse(out) as {
          latency: { p50: number; p99: number };
          requests: { average: number };
          non2xx: number;
          errors: number;
        };
        if (r.non2xx || r.errors) reject(new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`));
        else resolve({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

const LOADGEN = WRK ? 'wrk 4.1 (Debian)' : 'autocannon (npm)';

const TURNS = 3;

/**
 * Each URL warmed for 1 s, then measured in turns (TURNS rounds of DURATION_S seconds each, one URL after another), and
 * the median of its turns kept: a machine that slows down for a while slows every URL alike. One connection measures
 * latency without queueing.
 */
async function measureLoads(urls: string[], connections = CONNECTIONS): Promise<Load[]> {
  const run = WRK ? wrk : autocannon;
  for (const url of urls) await run(url, 1, connections);
  const turns: Load[][] = urls.map(() => []);
  for (let t = 0; t < TURNS; t++)
    for (const [i, url] of urls.entries()) turns[i]!.push(await run(url, DURATION_S, connections));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return turns.map((loads) => ({
    p50: median(loads.map((l) => l.p50)),
    p99: median(loads.map((l) => l.p99)),
    rps: median(loads.map((l) => l.rps)),
  }));
}

const SLS_DIR = path.join(os.homedir(), '.cache', 'apigw-workbench', 'serverless-offline');

/** serverless-offline serving the same handler, or why it cannot. */
async function startServerlessOffline(dir: string): Promise<{ child: ChildProcess; port: number } | string> {
  const bin = path.join(SLS_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
  if (!fs.existsSync(bin)) return 'not installed (scripts/setup-bench-baselines.mjs could not install it)';
  fs.symlinkSync(path.join(SLS_DIR, 'node_modules'), path.join(dir, 'node_modules'));
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
  };
  const port = 20000 + Math.floor(Math.random() * 20000);
  const s = await startServer(
    process.execPath,
    [bin, 'offline', 'start', '--httpPort', String(port), '--lambdaPort', String(port + 1), '--host', '127.0.0.1'],
    dir,
    /Server ready: http:\/\/127\.0\.0\.1:(\d+)/,
    env,
  ).catch((err: Error) => err);
  return s instanceof Error ? `did not start: ${s.message.split('\n')[0]}` : s;
}

async function coldStart(dir: string, localUrl: string): Promise<{ ms: number; floorMs: number }> {
  const samples: number[] = [];
  for (let i = 1; i <= 5; i++) {
    // Saves a second apart, as a person saves: time for the next booted runner to be ready.
    await new Promise((r) => setTimeout(r, 1000));
    const marker = `v${i}-${Date.now()}`;
    const t = performance.now();
    fs.writeFileSync(path.join(dir, 'src', 'hello.js'), HANDLER.replace("'world'", `'${marker}'`));
    for (;;) {
      const text = await (await fetch(`${localUrl}/hello`)).text();
      if (text.includes(marker)) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    samples.push(performance.now() - t);
  }
  const floor: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      const c = spawn(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(path.join(dir, 'src', 'hello.js'))}).handler({}).then((r) => console.log(r.body))`,
        ],
        { stdio: 'ignore' },
      );
      c.on('exit', () => resolve());
    });
    floor.push(performance.now() - t);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: med(samples), floorMs: med(floor) };
}

async function openMany(url: string, n: number): Promise<{ sockets: WebSocket[]; received: () => number }> {
  let got = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(50, n - i) },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const w = new WebSocket(url);
            w.on('message', () => got++);
            w.once('open', () => resolve(w));
            w.once('error', reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  return { sockets, received: () => got };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

async function connectionIds(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /IDS (\[.*\])\n/.exec(out);
      if (!m) return;
      child.stdout!.off('data', on);
      resolve(JSON.parse(m[1]!) as string[]);
    };
    child.stdout!.on('data', on);
    child.stdin!.write('ids\n');
  });
}

const ROUNDS = 5;

interface Rounds {
  /** The first broadcast, with both processes' code not yet optimised by V8. */
  first: number;
  /** The median of the ROUNDS broadcasts after it: what a chat that keeps talking sees. */
  median: number;
}

/** Times ROUNDS + 1 runs of `once`, one after another. */
async function rounds(once: () => Promise<void>): Promise<Rounds> {
  const ms: number[] = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  const warm = ms.slice(1).sort((a, b) => a - b);
  return { first: ms[0]!, median: warm[Math.floor(warm.length / 2)]! };
}

/** One PostToConnection per id from one SDK client, all in flight at once (a handler's broadcast loop). */
function postToAll(client: ApiGatewayManagementApiClient, ids: string[]): Promise<unknown> {
  return Promise.all(
    ids.map((id) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'hello everyone' }))),
  );
}

function managementClient(port: number): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: CRED,
  });
}

interface Broadcast {
  local: Rounds;
  bare: Rounds;
  sdk: Rounds;
  held: number;
  ping: RoundTrips;
  pingBare: RoundTrips;
}

async function broadcast(dir: string): Promise<Broadcast> {
  fs.writeFileSync(
    path.join(dir, 'ws.apigw.json'),
    JSON.stringify({
      version: 1,
      api: { name: 'ws', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
      integrations: { pong: PONG_MOCK },
      routes: { ping: { integration: 'pong', routeResponseSelectionExpression: '$default' } },
    }),
  );
  // As for the HTTP figures: the account's quota out of the way of 1,000 connections and 6,000 callbacks.
  fs.writeFileSync(
    path.join(dir, 'ws.apigw.local.yaml'),
    'accountThrottling: { burstLimit: 1000000000, rateLimit: 1000000000 }\n',
  );
  const servers = path.join(REPO_ROOT, 'out', 'test', 'bench', 'local', 'servers.js');
  const child = spawn(process.execPath, [servers, 'ws', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(Number(/PORT (\d+)/.exec(d.toString())?.[1]))),
  );
  const many = await openMany(`ws://127.0.0.1:${port}`, 1000);
  const ids = await connectionIds(child);
  const client = managementClient(port);
  const local = await rounds(async () => {
    const before = many.received();
    await postToAll(client, ids);
    await waitFor(() => many.received() >= before + ids.length);
  });
  for (const s of many.sockets) s.terminate();
  const ping = await roundTrips(`ws://127.0.0.1:${port}`);
  child.kill();
  const pingBare = await bareRoundTrips();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const bareSockets = await openMany(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, 1000);
  const bare = await rounds(async () => {
    const before = bareSockets.received();
    for (const c of wss.clients) c.send('hello everyone');
    await waitFor(() => bareSockets.received() >= before + 1000);
  });
  for (const s of bareSockets.sockets) s.terminate();
  wss.close();
  return { local, bare, sdk: await sdkFloor(ids), held: ids.length, ping, pingBare };
}

/** The example chat's ping: a MOCK whose response template names the connection. */
const PONG_MOCK = {
  type: 'MOCK',
  requestTemplates: { $default: '{"statusCode": 200}' },
  responses: {
    $default: { responseTemplates: { $default: '{"action": "pong", "connectionId": "$context.connectionId"}' } },
  },
};

const PINGS = 2000;

interface RoundTrips {
  p50: number;
  p99: number;
}

/** PINGS pings sent one at a time on one connection, each timed to its answer. */
async function roundTrips(url: string): Promise<RoundTrips> {
  const w = new WebSocket(url);
  await new Promise((resolve, reject) => w.once('open', resolve).once('error', reject));
  const ms: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const t = performance.now();
    await new Promise((resolve) => {
      w.once('message', resolve);
      w.send('{"action":"ping"}');
    });
    ms.push(performance.now() - t);
  }
  w.terminate();
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)]!, p99: ms[Math.floor(ms.length * 0.99)]! };
}

/** The same pings answered by a bare `ws` server in a process of its own, the pong built in JavaScript. */
async function bareRoundTrips(): Promise<RoundTrips> {
  const script =
    "const { WebSocketServer } = require('ws'); const s = new WebSocketServer({ port: 0, host: '127.0.0.1' });" +
    "s.on('listening', () => console.log('PORT ' + s.address().port));" +
    "s.on('connection', (c) => c.on('message', () => c.send(JSON.stringify({ action: 'pong', connectionId: 'id' }))));";
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(/PORT (\d+)/.exec(d.toString())?.[1]))),
    );
    return await roundTrips(`ws://127.0.0.1:${port}`);
  } finally {
    child.kill();
  }
}

/** The same PostToConnection calls from a new SDK client to a server that answers 200 at once: the client's own cost. */
async function sdkFloor(ids: string[]): Promise<Rounds> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': 0 }).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = managementClient((server.address() as { port: number }).port);
  const ms = await rounds(() => postToAll(client, ids).then(() => undefined));
  server.close();
  return ms;
}

async function httpFigures(dir: string): Promise<Figure[]> {
  const node = process.execPath;
  const servers = path.join(REPO_ROOT, 'out', 'test', 'bench', 'local', 'servers.js');
  const backend = await startServer(node, [servers, 'backend', dir], dir, /PORT (\d+)/);
  const bare = await startServer(node, [servers, 'bare', dir], dir, /PORT (\d+)/);
  const piped = await startServer(node, [servers, 'pipe', dir], dir, /PORT (\d+)/);
  const local = await startServer(node, [servers, 'local', dir, String(backend.port)], dir, /PORT (\d+)/);
  const sls = await startServerlessOffline(dir);
  try {
    const lambdaUrls = [local, bare, piped, ...(typeof sls === 'string' ? [] : [sls])].map(
      (s) => `http://127.0.0.1:${s.port}/hello`,
    );
    const [localLambda, bareLambda, pipedLambda, slsLambda] = await measureLoads(lambdaUrls);
    const [localOne, bareOne, pipedOne] = await measureLoads(lambdaUrls.slice(0, 3), 1);
    const [localProxy, direct] = await measureLoads([
      `http://127.0.0.1:${local.port}/proxy/x`,
      `http://127.0.0.1:${backend.port}/x`,
    ]);
    const cold = await coldStart(dir, `http://127.0.0.1:${local.port}`);
    const slsNote =
      typeof sls === 'string'
        ? `serverless-offline ${sls}`
        : `serverless-offline 13.9 (serverless 3.40): ${slsLambda!.rps.toFixed(0)} req/s, p50 ${slsLambda!.p50.toFixed(2)} ms`;
    return [
      {
        figure: 'Lambda route p50 (local API)',
        value: localLambda.p50,
        unit: 'ms',
        baseline: 'bare Node server, same handler',
        baselineValue: bareLambda.p50,
        note: `target ≤ 1.5×; p99 ${localLambda.p99.toFixed(2)} ms vs ${bareLambda.p99.toFixed(2)} ms; ${LOADGEN}, ${CONNECTIONS} connections, medians of ${TURNS} turns of ${DURATION_S} s taken in rotation`,
      },
      {
        figure: 'Lambda route p50, one connection (local API)',
        value: localOne.p50,
        unit: 'ms',
        baseline: 'bare Node server, same handler',
        baselineValue: bareOne.p50,
        note: `one request at a time: the latency of a request itself, no queue behind it; p99 ${localOne.p99.toFixed(2)} ms vs ${bareOne.p99.toFixed(2)} ms; ${localOne.rps.toFixed(0)} vs ${bareOne.rps.toFixed(0)} req/s`,
      },
      {
        figure: 'Lambda route p50 (local API)',
        value: localLambda.p50,
        unit: 'ms',
        baseline: 'bare Node server, the handler in 4 warm processes over a pipe',
        baselineValue: pipedLambda.p50,
        note: `the floor of keeping the handler out of the server's process, as the issue asks (a Lambda execution environment): as many processes as the local API's default, the same pipe and JSON lines, a minimal event, nothing else of API Gateway; p99 ${localLambda.p99.toFixed(2)} ms vs ${pipedLambda.p99.toFixed(2)} ms, ${pipedLambda.rps.toFixed(0)} req/s`,
      },
      {
        figure: 'Lambda route p50, one connection (local API)',
        value: localOne.p50,
        unit: 'ms',
        baseline: 'bare Node server, the handler in 4 warm processes over a pipe',
        baselineValue: pipedOne.p50,
        note: `one request at a time; p99 ${localOne.p99.toFixed(2)} ms vs ${pipedOne.p99.toFixed(2)} ms`,
      },
      {
        figure: 'Lambda route req/s (local API)',
        value: localLambda.rps,
        unit: 'req/s',
        baseline: 'bare Node server, same handler',
        baselineValue: bareLambda.rps,
        note: `${CONNECTIONS} connections: the handler runs in its own process (a Lambda execution environment), the bare server calls it in-process`,
      },
      ...(typeof sls === 'string'
        ? [
            {
              figure: 'Lambda route req/s (local API)',
              value: localLambda.rps,
              unit: 'req/s',
              baseline: 'serverless-offline',
              baselineValue: NaN,
              note: slsNote,
            },
          ]
        : [
            {
              figure: 'Lambda route req/s (local API)',
              value: localLambda.rps,
              unit: 'req/s',
              baseline: 'serverless-offline, same handler',
              baselineValue: slsLambda!.rps,
              note: `target ≥ 3×; ${slsNote}`,
            },
          ]),
      {
        figure: 'HTTP proxy route p50 (local API)',
        value: localProxy.p50,
        unit: 'ms',
        baseline: 'the backend called directly',
        baselineValue: direct.p50,
        note: `req/s ${localProxy.rps.toFixed(0)} vs ${direct.rps.toFixed(0)}`,
      },
      {
        figure: 'cold start after saving a handler',
        value: cold.ms,
        unit: 'ms',
        baseline: 'bare `node` loading the handler once',
        baselineValue: cold.floorMs,
        note: 'target < 300 ms; median of 5 saves 1 s apart, file written → first answer with the new code',
      },
    ];
  } finally {
    for (const s of [local, bare, piped, backend, sls]) if (typeof s !== 'string') s.child.kill();
  }
}

export async function bench(): Promise<void> {
  const dir = workspace();
  try {
    // APIGW_BENCH_PART=broadcast measures the WebSocket broadcast only (while working on it).
    const figures = process.env.APIGW_BENCH_PART === 'broadcast' ? [] : await httpFigures(dir);
    const ws = await broadcast(dir);
    const first = (r: Rounds) => `first ${r.first.toFixed(0)} ms`;
    figures.push({
      figure: `broadcast to ${ws.held} WebSocket connections via @connections`,
      value: ws.local.median,
      unit: 'ms',
      baseline: 'bare ws server sending to all',
      baselineValue: ws.bare.median,
      note: `target < 1000 ms; median of ${ROUNDS} broadcasts after the first (${first(ws.local)} vs ${ws.bare.first.toFixed(0)} ms, before V8 has optimised either process); ${ws.held} connections held; 1,000 PostToConnection calls signed by the SDK and verified`,
    });
    figures.push({
      figure: 'the same broadcast via @connections',
      value: ws.local.median,
      unit: 'ms',
      baseline: 'the SDK calls alone (a server answering 200 at once)',
      baselineValue: ws.sdk.median,
      note: `what the local API adds to the client-side cost of 1,000 SigV4-signed SDK calls in one process; medians of ${ROUNDS} after the first (${first(ws.local)} vs ${ws.sdk.first.toFixed(0)} ms)`,
    });
    figures.push({
      figure: 'WebSocket MOCK route with mapping templates, round trip p50',
      value: ws.ping.p50,
      unit: 'ms',
      baseline: 'a bare ws server in its own process, the same pong',
      baselineValue: ws.pingBare.p50,
      note: `${PINGS} pings one at a time on one connection; p99 ${ws.ping.p99.toFixed(2)} ms vs ${ws.pingBare.p99.toFixed(2)} ms; the request and response templates render in the local API's template worker`,
    });
    printSection('Local API (issue 15)', figures);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
