// Issue 7 figures. (1) End-to-end latency from PutLogEvents to the formatted line, for live tail and for polling,
// against the local service in its own process (live tail updates once a second, as AWS's do), each beside the
// strategy of the AWS CLI's `aws logs tail --follow` (FilterLogEvents from the newest timestamp seen, dedupe by
// eventId, sleep 5 s after the last page) reimplemented over the same SDK client, all three reading the same events
// at the same time. (2) The longest event-loop block in the extension host while 10,000 events/s reach a tail,
// beside appending every event as it arrives (test/bench/host/tail.ts).
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { SessionPool } from '../../src/aws/session';
import { startTail, type TailHandle } from '../../src/aws/tail';
import { LineFormatter, parseAccessLog, type TailEvent } from '../../src/core/tail';
import { testConnection } from '../localaws/connection';
import { seededRandom } from '../localaws/random';
import { startLocalAwsProcess } from '../localaws/process';
import { launchBrowser, startCodeServer } from '../support/codeServer';
import { copyFixtureWorkspace, hostTestEnv } from '../support/hostEnv';
import { ACCESS_GROUP, accessLine, tailAccount } from '../support/tailSeed';
import { median, percentile, printSection } from './report';
import { runInHost } from './hostBench';

const STATIC = async () => ({ accessKeyId: 'AKIDBENCHTAIL', secretAccessKey: 'secret' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const conn = (endpoint: string) => testConnection(endpoint, { profile: 'bench' });

/** `aws logs tail --follow` (awscli customizations/logs/tail.py): poll from the newest timestamp, sleep 5 s. */
function awsCliFollow(
  logs: ReturnType<SessionPool['get']>['logs'],
  group: string,
  from: number,
  onEvents: (e: TailEvent[]) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  const done = (async () => {
    let start = from;
    let seenAtStart = new Set<string>();
    while (!stopped) {
      const fresh: TailEvent[] = [];
      for await (const page of logs.filterLogEvents(group, { startTime: start })) {
        for (const e of page.items) {
          if (e.timestamp === start && seenAtStart.has(e.eventId!)) continue;
          fresh.push({
            group,
            stream: e.logStreamName ?? '',
            timestamp: e.timestamp!,
            message: e.message ?? '',
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
        }
      }
      if (fresh.length) {
        onEvents(fresh);
        const newest = Math.max(...fresh.map((e) => e.timestamp));
        seenAtStart = new Set(fresh.filter((e) => e.timestamp === newest).map((e) => e.eventId!));
        if (newest !== start) start = newest;
        else for (const e of fresh) seenAtStart.add(e.eventId!);
      }
      for (let i = 0; i < 50 && !stopped; i++) await sleep(100);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function latency(): Promise<void> {
  const seconds = Number(process.env.APIGW_BENCH_TAIL_LATENCY_SECONDS ?? 40);
  const aws = await startLocalAwsProcess({ seed: tailAccount() });
  const pool = new SessionPool({ credentials: STATIC });
  const s = pool.get(conn(aws.endpoint));
  const raw = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: aws.endpoint, credentials: STATIC });
  const sent = new Map<string, number>();
  const lat: Record<'live' | 'poll' | 'cli', number[]> = { live: [], poll: [], cli: [] };
  const sources = [
    {
      kind: 'access' as const,
      logGroupName: ACCESS_GROUP,
      label: 'access',
      arn: `arn:aws:logs:us-east-1:123456789012:log-group:${ACCESS_GROUP}`,
    },
  ];
  const consumer = (k: keyof typeof lat) => {
    const fmt = new LineFormatter(sources);
    const seen = new Set<string>();
    return (events: TailEvent[]) => {
      for (const e of events) {
        const line = fmt.format(e);
        const id = /(bench-\d+)/.exec(line)?.[1];
        const at = id ? sent.get(id) : undefined;
        if (id && at !== undefined && !seen.has(id)) {
          seen.add(id);
          lat[k].push(performance.now() - at);
        }
      }
    };
  };
  const start = Date.now();
  const handles: TailHandle[] = [
    startTail(
      { logs: s.logs, sources, mode: 'live', endpoint: aws.endpoint },
      { events: consumer('live'), notice: () => undefined },
    ),
    startTail(
      { logs: s.logs, sources, mode: 'poll', from: start, pacerKey: 'bench-poll' },
      { events: consumer('poll'), notice: () => undefined },
    ),
  ];
  const cli = awsCliFollow(s.logs, ACCESS_GROUP, start, consumer('cli'));
  while ((await aws.control.liveTailSessions()) === 0) await sleep(20);
  const random = seededRandom(7);
  const end = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < end) {
    const id = `bench-${n++}`;
    sent.set(id, performance.now());
    await raw.send(
      new PutLogEventsCommand({
        logGroupName: ACCESS_GROUP,
        logStreamName: n % 2 ? 'a' : 'b',
        logEvents: [
          {
            timestamp: Date.now(),
            message: accessLine({ requestId: id, method: 'GET', path: '/orders/{id}', status: 200, latencyMs: 20 }),
          },
        ],
      }),
    );
    await sleep(150 + random() * 300);
  }
  await sleep(6000);
  await Promise.all([...handles.map((h) => h.stop()), cli.stop()]);
  raw.destroy();
  pool.clear();
  await aws.stop();
  const p = (k: keyof typeof lat, q: number) => percentile(lat[k], q);
  const got = (k: keyof typeof lat) => `${lat[k].length} of ${n} events`;
  printSection(
    `Live log tail (issue 7): PutLogEvents → formatted line, ${n} events over ${seconds} s, local service in its own process (live tail updates every 1 s, as AWS)`,
    [
      {
        figure: 'live tail p50',
        value: p('live', 50),
        unit: 'ms',
        baseline: 'aws logs tail --follow strategy, p50',
        baselineValue: p('cli', 50),
        note: `live ${got('live')}, baseline ${got('cli')}`,
      },
      {
        figure: 'live tail p95',
        value: p('live', 95),
        unit: 'ms',
        baseline: 'aws logs tail --follow strategy, p95',
        baselineValue: p('cli', 95),
        note: 'target: under 1,500 ms',
      },
      {
        figure: 'polling p50',
        value: p('poll', 50),
        unit: 'ms',
        baseline: 'aws logs tail --follow strategy, p50',
        baselineValue: p('cli', 50),
        note: `polling ${got('poll')}`,
      },
      {
        figure: 'polling p95',
        value: p('poll', 95),
        unit: 'ms',
        baseline: 'aws logs tail --follow strategy, p95',
        baselineValue: p('cli', 95),
        note: 'target: under 2,500 ms',
      },
    ],
  );
}

async function blocking(): Promise<void> {
  const env = await hostTestEnv({ seed: tailAccount() });
  const server = await startCodeServer({ env: env.vars });
  const browser = await launchBrowser();
  const workspace = copyFixtureWorkspace();
  const raw = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: env.localAws.endpoint, credentials: STATIC });
  let producing = false;
  let producer: Promise<void> | undefined;
  let put = 0;
  // 10,000 events a second: 1,000 per PutLogEvents every 100 ms, over two streams.
  const produce = async () => {
    let i = 0;
    while (producing) {
      const t = performance.now();
      const now = Date.now();
      await raw.send(
        new PutLogEventsCommand({
          logGroupName: ACCESS_GROUP,
          logStreamName: i++ % 2 ? 'a' : 'b',
          logEvents: Array.from({ length: 1000 }, (_v, j) => ({
            timestamp: now,
            message: accessLine({
              requestId: `p${i}-${j}`,
              method: 'GET',
              path: '/orders/{id}',
              status: 200,
              latencyMs: j % 90,
            }),
          })),
        }),
      );
      put += 1000;
      await sleep(Math.max(0, 100 - (performance.now() - t)));
    }
  };
  let data: Record<string, number>;
  try {
    data = await runInHost<Record<string, number>>(server, browser, workspace, 'tail', (text) => {
      if (text.startsWith('BENCH-PRODUCER on')) {
        producing = true;
        producer = produce();
      } else if (text.startsWith('BENCH-PRODUCER off')) producing = false;
      else return false;
      return true;
    });
  } finally {
    producing = false;
    await producer;
    raw.destroy();
    await browser.close();
    await server.stop();
    await env.dispose();
  }
  const d = data;
  const synthetic = (prefix: 'hidden' | 'visible', figure: string) => ({
    figure,
    value: d[`${prefix}BlockMs`]!,
    unit: 'ms',
    baseline: "each event formatted and appendLine'd on arrival",
    baselineValue: d[`${prefix}BaselineBlockMs`]!,
    note:
      `${d[`${prefix}Windows`]} windows of 3 s each, taking turns; worst window ${d[`${prefix}WorstMs`]!.toFixed(1)} ms (baseline ${d[`${prefix}BaselineWorstMs`]!.toFixed(1)} ms); ` +
      `monitorEventLoopDelay max ${d[`${prefix}EldMaxMs`]!.toFixed(1)} ms (baseline ${d[`${prefix}BaselineEldMaxMs`]!.toFixed(1)} ms); ` +
      `${Math.round(d[`${prefix}AppendsPerSecond`]!)} appends/s, ${d[`${prefix}Dropped`]} dropped.`,
  });
  printSection(
    'Live log tail (issue 7): longest extension-host event-loop block while 10,000 events/s reach a tail (5 ms timer-drift probe; median of the longest block per window; target under 50 ms)',
    [
      synthetic('hidden', '10,000 events/s in one batch a second → LineBatcher → OutputChannel'),
      {
        ...synthetic('visible', 'the same, the channel shown in the Output panel'),
        note: `${synthetic('visible', '').note} The headless workbench renders it on the same 2 cores: blocks here include the OS handing those cores to the renderer.`,
      },
      {
        figure: 'apigw.tailStage polling while 10,000 events/s are put',
        value: d.realBlockMs!,
        unit: 'ms',
        baseline: "same transport, each event appendLine'd on arrival",
        baselineValue: d.baselineRealBlockMs!,
        note:
          `${d.realTurns} turns of 3 s each; worst ${d.realWorstMs!.toFixed(1)} ms (baseline ${d.baselineRealWorstMs!.toFixed(1)} ms); lines written ${Math.round(d.realLinesPerSecond!)}/s ` +
          `(baseline ${Math.round(d.baselineRealLinesPerSecond!)}/s) while 10,000/s were put (${put} in all); includes the SDK parsing each page of 2,500 events, ` +
          `the producer and the local service on the same cores. monitorEventLoopDelay max ${d.realEldMaxMs!.toFixed(1)} ms (baseline ${d.baselineRealEldMaxMs!.toFixed(1)} ms).`,
      },
    ],
  );
}

// The console's CLF and JSON access log formats (docs/CALL.md), each line as API Gateway writes it.
const CLF =
  '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId';
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }';
const SAMPLE: Record<string, string> = {
  'identity.sourceIp': '203.0.113.7',
  requestTime: '01/Dec/2026:10:00:00 +0000',
  httpMethod: 'GET',
  routeKey: 'GET /orders/{id}',
  protocol: 'HTTP/1.1',
  status: '200',
  responseLength: '123',
  requestId: 'Kx1a2bYz3=',
};
const lineOf = (format: string) => format.replace(/\$context\.([A-Za-z.]+)/g, (_, v: string) => SAMPLE[v] ?? '-');

/** Microseconds per line, median of 5 blocks of 20,000. */
function perLine(read: () => unknown): number {
  const blocks: number[] = [];
  for (let b = 0; b < 6; b++) {
    const t = performance.now();
    for (let i = 0; i < 20_000; i++) read();
    if (b > 0) blocks.push(((performance.now() - t) / 20_000) * 1000);
  }
  return median(blocks);
}

/** Reading an access line against the stage's format (src/core/template.ts) beside V8's JSON.parse of the JSON one. */
function accessFormatFigures(): void {
  const clf = lineOf(CLF);
  const json = lineOf(JSON_FORMAT);
  if (parseAccessLog(clf, CLF)?.routeKey !== SAMPLE.routeKey) throw new Error('the CLF line was not read');
  const parsed = perLine(() => JSON.parse(json));
  printSection('Access log lines read against their stage format (tail, chart logs, request logs)', [
    {
      figure: 'a CLF line, against its format',
      value: perLine(() => parseAccessLog(clf, CLF)),
      unit: 'µs',
      baseline: 'JSON.parse of the same fields as a JSON line',
      baselineValue: parsed,
      note: 'the route key holds a blank between blank-separated fields: the search takes its first blank, then backtracks',
    },
    {
      figure: 'a JSON line, against its format',
      value: perLine(() => parseAccessLog(json, JSON_FORMAT)),
      unit: 'µs',
      baseline: 'JSON.parse of the same line',
      baselineValue: parsed,
    },
    {
      figure: 'a JSON line, no format known (its fields by name)',
      value: perLine(() => parseAccessLog(json)),
      unit: 'µs',
      baseline: 'JSON.parse of the same line',
      baselineValue: parsed,
    },
  ]);
}

export async function bench(): Promise<void> {
  accessFormatFigures();
  await latency();
  await blocking();
}
