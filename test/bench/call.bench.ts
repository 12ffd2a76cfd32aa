// Issue 16 figures. (1) What a call costs over a bare `fetch` of the same URL on the local API (a warm Node Lambda
// route): the workbench's call (route matching, the host guard, auth, a fresh connection timed by its socket events,
// the body kept as bytes), and the same on a keep-alive socket as fetch uses; target under 5 ms p50 over fetch.
// (2) From the response to that request's log lines, once they exist in the local AWS service (its own process, a
// busy stage: 10 minutes of access lines of other requests): `logsForRequest()` (a narrow window and an id pattern,
// one FilterLogEvents call per group; target under 1 s) beside a default `aws logs filter-log-events` over the last
// 10 minutes of the access group (every page, then the id found in what came back). (3) What the `.http` check adds
// to each edit (src/core/call/problems.ts) beside the parse completion and hovers already pay, on files whose
// every request is named and read by a misspelt reference (the most "did you mean" work).
import http from 'node:http';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { callRoute, logsForRequest, prepareFromLine, requestLogLines, specApi, localTarget } from '../../src/aws/call';
import type { Connection } from '../../src/aws/profiles';
import { SessionPool } from '../../src/aws/session';
import { MAX_HTTP_FILE_BYTES, parseHttpFile } from '../../src/core/call/httpFile';
import { httpFileProblems } from '../../src/core/call/problems';
import { validateSpec } from '../../src/core/gatewaySpec/validate';
import { startLocalApi } from '../../src/local/server';
import { startLocalAwsProcess } from '../localaws/process';
import { localWorkspace } from '../support/localWorkspace';
import { median, percentile, printSection } from './report';

const STATIC = async () => ({ accessKeyId: 'AKIDBENCHCALL', secretAccessKey: 'secret' });
const SPEC = `version: 1
api: { name: bench-call, protocol: HTTP }
integrations:
  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:fn" }
routes:
  GET /orders/{id}: { integration: fn }
stages:
  dev: {}
`;
const HANDLER = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters.id, items: Array.from({ length: 20 }, (_, i) => ({ i, name: 'item ' + i })) }) });`;
const CALLS = 400;

function conn(endpoint: string): Connection {
  return {
    profile: 'bench',
    profileSource: 'setting',
    region: 'us-east-1',
    endpointUrl: endpoint,
    endpointSource: 'setting',
    profileFound: false,
    envCredentials: false,
    key: `bench|us-east-1|${endpoint}`,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function callOverhead(): Promise<void> {
  const ws = localWorkspace({
    'bench-call.apigw.yaml': SPEC,
    'bench-call.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
    'fn.js': HANDLER,
  });
  const local = await startLocalApi({
    specPath: ws.file('bench-call.apigw.yaml'),
    stage: 'dev',
    port: 0,
    watch: false,
  });
  try {
    const spec = validateSpec(SPEC, { fileName: 'bench-call.apigw.yaml' }).model!;
    const api = specApi(spec, 'dev', [localTarget(local.url, 'dev')]);
    const agent = new http.Agent({ keepAlive: true });
    const url = `${local.url}/orders/42`;
    const call = (keep: boolean) =>
      callRoute(prepareFromLine(api, api.targets[0]!, 'GET /orders/42'), {}, keep ? { agent } : {});
    for (let i = 0; i < 30; i++) await Promise.all([fetch(url).then((r) => r.arrayBuffer()), call(false), call(true)]);
    const bare: number[] = [];
    const fresh: number[] = [];
    const kept: number[] = [];
    // Interleaved, so load on the machine falls on all three alike.
    for (let i = 0; i < CALLS; i++) {
      bare.push(await timed(() => fetch(url).then((r) => r.arrayBuffer())));
      fresh.push(await timed(() => call(false)));
      kept.push(await timed(() => call(true)));
    }
    agent.destroy();
    const b = median(bare);
    printSection('Calling a route (local API, warm Node Lambda route, serial)', [
      {
        figure: 'call p50 (new connection, timed)',
        value: median(fresh),
        unit: 'ms',
        baseline: 'bare fetch p50',
        baselineValue: b,
        note: `overhead ${(median(fresh) - b).toFixed(2)} ms p50 (target < 5 ms); p95 ${percentile(fresh, 95).toFixed(2)} vs ${percentile(bare, 95).toFixed(2)} ms; ${CALLS} calls each`,
      },
      {
        figure: 'call p50 (keep-alive socket)',
        value: median(kept),
        unit: 'ms',
        baseline: 'bare fetch p50',
        baselineValue: b,
        note: `overhead ${(median(kept) - b).toFixed(2)} ms p50`,
      },
    ]);
  } finally {
    await local.stop();
    ws.remove();
  }
}

const ACCESS = '/aws/apigateway/bench/dev';
const FN = '/aws/lambda/orders-fn';
const OTHER_REQUESTS = 60_000;

function accessLine(id: string, lambda: string, t: number): string {
  return JSON.stringify({
    requestId: id,
    requestTime: new Date(t).toISOString(),
    httpMethod: 'GET',
    routeKey: 'GET /orders/{id}',
    path: '/dev/orders/7',
    status: '200',
    protocol: 'HTTP/1.1',
    responseLength: '812',
    responseLatency: '23',
    integrationLatency: '20',
    integrationStatus: '200',
    integrationRequestId: lambda,
    ip: '203.0.113.9',
  });
}

function uuid(n: number): string {
  const h = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${h}`;
}

/** A busy stage: 100 requests a second for 10 minutes, then the request the bench looks for. */
async function seedLogs(raw: CloudWatchLogsClient, now: number): Promise<{ id: string; lambda: string; at: number }> {
  const start = now - 10 * 60_000;
  const batch = 2000;
  for (let i = 0; i < OTHER_REQUESTS; i += batch) {
    const events = Array.from({ length: Math.min(batch, OTHER_REQUESTS - i) }, (_, k) => {
      const n = i + k;
      const t = start + Math.floor((n * 10 * 60_000) / OTHER_REQUESTS);
      return { timestamp: t, message: accessLine(`req${String(n).padStart(11, '0')}=`, uuid(n), t) };
    });
    await raw.send(new PutLogEventsCommand({ logGroupName: ACCESS, logStreamName: 'a', logEvents: events }));
    await raw.send(
      new PutLogEventsCommand({
        logGroupName: FN,
        logStreamName: 'f',
        logEvents: events.map((e, k) => ({
          timestamp: e.timestamp,
          message: `START RequestId: ${uuid(i + k)} Version: $LATEST`,
        })),
      }),
    );
  }
  const at = now - 2000;
  const id = 'BENCHrq00iOFx1Q=';
  const lambda = '12345678-9abc-4def-8123-456789abcdef';
  await raw.send(
    new PutLogEventsCommand({
      logGroupName: ACCESS,
      logStreamName: 'a',
      logEvents: [{ timestamp: at, message: accessLine(id, lambda, at) }],
    }),
  );
  await raw.send(
    new PutLogEventsCommand({
      logGroupName: FN,
      logStreamName: 'f',
      logEvents: [
        { timestamp: at + 1, message: `START RequestId: ${lambda} Version: $LATEST` },
        { timestamp: at + 5, message: `${new Date(at + 5).toISOString()}\t${lambda}\tINFO\tloaded order 42` },
        { timestamp: at + 9, message: `REPORT RequestId: ${lambda}\tDuration: 8 ms` },
      ],
    }),
  );
  return { id, lambda, at };
}

async function requestLogs(): Promise<void> {
  const aws = await startLocalAwsProcess({
    // FilterLogEvents' own default page: up to 10,000 events or 1 MB (the service's default of 50 is DescribeLogGroups').
    config: { logsPageSize: 10_000 },
    seed: {
      logGroups: [ACCESS, FN].map((logGroupName) => ({
        logGroupName,
        streams: [{ logStreamName: 'a' }, { logStreamName: 'f' }],
      })),
    },
  });
  const raw = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: aws.endpoint, credentials: STATIC });
  const pool = new SessionPool({ credentials: STATIC });
  try {
    const s = pool.get(conn(aws.endpoint));
    const req = await seedLogs(raw, Date.now());
    const ours: number[] = [];
    const cli: number[] = [];
    let calls = 0;
    let cliCalls = 0;
    let lines = 0;
    for (let round = 0; round < 5; round++) {
      ours.push(
        await timed(async () => {
          const r = await logsForRequest({
            logs: s.logs,
            lambda: s.lambda,
            requestId: req.id,
            startedAt: req.at,
            endedAt: req.at + 30,
            accessLogGroup: ACCESS,
            functions: { integration: { name: 'orders-fn' } },
          });
          lines = requestLogLines(r).length;
          calls = r.calls;
        }),
      );
      cli.push(
        await timed(async () => {
          // `aws logs filter-log-events --log-group-name G --start-time <10 min ago>`: the CLI pages to the end.
          let found = 0;
          cliCalls = 0;
          for await (const page of s.logs.filterLogEvents(ACCESS, { startTime: Date.now() - 10 * 60_000 })) {
            cliCalls++;
            found += page.items.filter((e) => e.message?.includes(req.id)).length;
          }
          if (found !== 1) throw new Error(`the baseline found ${found} lines`);
        }),
      );
    }
    printSection("That request's logs (local AWS service, 10 minutes of a busy stage's access logs)", [
      {
        figure: 'response → lines shown',
        value: median(ours),
        unit: 'ms',
        baseline: 'aws logs filter-log-events, last 10 min',
        baselineValue: median(cli),
        note: `${lines} lines (access + Lambda); ${calls} FilterLogEvents calls for 2 groups (1 per group) vs ${cliCalls} pages of the access group alone; target < 1 s`,
      },
      {
        figure: 'FilterLogEvents calls',
        value: calls,
        unit: 'calls',
        baseline: 'pages of the baseline',
        baselineValue: cliCalls,
      },
    ]);
  } finally {
    raw.destroy();
    pool.clear();
    await aws.stop();
  }
}

/** `n` named requests, each reading a misspelt name of the one before; cut at `maxChars` (the parser's limit). */
function requestFile(n: number, maxChars = Infinity): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++)
    lines.push(
      `# @name order${i}`,
      `GET http://127.0.0.1/orders/${i}`,
      `X-Prev: {{ordr${i}.response.body.$.id}}`,
      '',
      '###',
    );
  return lines.join('\n').slice(0, maxChars);
}

function medianOf(runs: number, fn: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

function requestFileCheck(): void {
  const files = [
    { label: '300 named requests', text: requestFile(300), runs: 40 },
    {
      label: `the parser's limit (${MAX_HTTP_FILE_BYTES / 1024 / 1024} MB)`,
      text: requestFile(40_000, MAX_HTTP_FILE_BYTES - 16),
      runs: 7,
    },
  ];
  printSection(
    '`.http` problems as a file is edited (parse + check, on the host thread after a 300 ms pause)',
    files.map(({ label, text, runs }) => {
      const parse = () => parseHttpFile(text);
      parse();
      httpFileProblems(parse());
      return {
        figure: `${label}, ${Math.round(text.length / 1024)} KB: parse + problems, median`,
        value: medianOf(runs, () => httpFileProblems(parse())),
        unit: 'ms',
        baseline: 'the parse alone (what completion and hover pay)',
        baselineValue: medianOf(runs, parse),
        note: `${runs} runs each; ${httpFileProblems(parse()).length} problems marked`,
      };
    }),
  );
}

export async function bench(): Promise<void> {
  requestFileCheck();
  await callOverhead();
  await requestLogs();
}
