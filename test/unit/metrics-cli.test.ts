// `apigw metrics` against the local AWS service (its CloudWatch answers from seeded traffic) through the real SDK
// clients: the table with sparklines, Top routes where the stage has detailed metrics (and the note where it has
// not), the deploys and promotions of the range, JSON for tools, --fail-on as a gate (exit 1 with the measured
// value, 0 otherwise, 2 on usage errors), the fewest GetMetricData calls; then the built dist/cli.js as a pipeline
// runs it.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { encodeHistoryEntry } from '../../src/core/history';
import { minimumCalls, planView, SPARK_LEVELS } from '../../src/core/metrics';
import { useLocalAws } from '../localaws/fixture';
import { minutesAgo, silence, steadyTraffic } from '../localaws/metricsSeed';
import { chatApi, ordersApi, type SeedFile } from '../localaws/seed';
import { bufferIo, rawControl } from './cliHelpers';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { systemClock, type Clock } from '../../src/core/tail/clock';
import { quickSessionOptions } from '../localaws/sessions';
import { REPO_ROOT } from './helpers';

// The CLI reads the time from this clock: a minute that turns while a test runs cannot move its ranges.
const NOW = Date.now();
const clock: Clock = { ...systemClock, now: () => NOW };
const PROMOTED_AT = minutesAgo(25, NOW);

function seed(): SeedFile {
  const orders = ordersApi();
  orders.stages = [
    { stageName: 'dev', deployment: 'v1' },
    {
      stageName: 'prod',
      deployment: 'v1',
      defaultRouteSettings: { detailedMetricsEnabled: true },
      tags: {
        'apigw:history:0': encodeHistoryEntry({
          seq: 1,
          deploymentId: 'abc123',
          at: new Date(PROMOTED_AT),
          action: 'promote',
          by: 'alice',
        }),
      },
    },
    { stageName: 'quiet', deployment: 'v1' },
  ];
  return {
    apis: [orders, chatApi()],
    metrics: [
      // 5 % 5xx: a gate at 1 % fails, one at 10 % passes.
      steadyTraffic('orders-api', 'prod', { perMinute: 100, rate5xx: 0.05 }),
      steadyTraffic('orders-api', 'dev', { perMinute: 10, events: [silence(20, 10)] }),
      steadyTraffic('chat', 'production', { perMinute: 30 }),
    ],
  };
}

/** Where the sparklines start: under the header of their column. */
const sparkColumn = (table: string) => /^ +range .*$/m.exec(table)![0].indexOf('per ');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('apigw metrics', () => {
  const aws = useLocalAws({ config: { cloudwatchRates: null }, reset: seed });

  async function cli(...args: string[]): Promise<Run> {
    const r = bufferIo({
      extra: {
        env: {},
        clock,
        sessionOptions: { credentials: TEST_CREDENTIALS, ...quickSessionOptions(2) },
      },
    });
    const code = await main(['metrics', ...args, '--endpoint-url', aws.endpoint, '--region', 'us-east-1'], r.io);
    return { code, stdout: r.out.stdout, stderr: r.out.stderr };
  }
  const calls = async (operation: string) => (await aws.calls({ service: 'cloudwatch', operation })).length;
  const apigwCalls = async () => (await aws.calls({ service: 'apigateway' })).map((c) => c.operation);

  it('a stage as a table: every HTTP series with range, peak, last and a sparkline, the promotion, Top routes', async () => {
    const r = await cli('--api', 'orders-api', '--stage', 'prod', '--since', '1h');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(rawControl(r.stdout), undefined);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^orders-api · prod \(HTTP API, \w+\)$/);
    assert.match(lines[1]!, /\(1 h\) · 1 min periods · 1 GetMetricData call$/);
    const row = (label: string) => lines.find((l) => l.startsWith(`${label} `)) ?? assert.fail(`no row ${label}`);
    // Steady traffic: 100 a minute, 5 of them 5xx; the range's values are exact sums and rates.
    assert.match(row('Requests'), /^Requests\s+6k\s+100\s+100\s+[▁-█]+$/);
    assert.match(row('Errors 5xx'), /^Errors 5xx\s+300\s+5\s+5\s+/);
    assert.match(row('Error rate 5xx %'), /\s5%\s+5%\s+5%\s/);
    for (const label of ['Errors 4xx', 'Error rate 4xx %', 'Data processed'].concat(
      ['Latency', 'Integration latency'].flatMap((l) => ['p50', 'p90', 'p99', 'avg'].map((s) => `${l} ${s}`)),
    ))
      row(label);
    assert.ok(
      [...row('Requests').slice(-40)].every((c) => SPARK_LEVELS.includes(c)),
      row('Requests'),
    );
    // The promotion 25 minutes ago, on the same axis as the sparklines.
    const start = Date.parse(`${/^(\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(lines[1]!)![1]!.replace(' ', 'T')}:00Z`);
    const marker = row('Deploys, promotions').slice(sparkColumn(r.stdout));
    assert.equal(marker.indexOf('▲'), (PROMOTED_AT - start) / 60_000, marker);
    assert.match(r.stdout, /^ {2}\d\d:\d\d promote abc123 by alice$/m);
    assert.match(r.stdout, /^Top routes by requests\n {2}route\s+requests\s+5xx\s+5xx %\s+p99$/m);
    const routes = r.stdout.match(/^ {2}(GET|POST|ANY) \/\S*\s+1\.5k\s+(\d+)\s+[\d.]+%\s+\d+ ms$/gm) ?? [];
    assert.equal(routes.length, 4, r.stdout);
    assert.equal(
      routes.map((l) => Number(/1\.5k\s+(\d+)/.exec(l)![1])).reduce((a, b) => a + b),
      300,
    );
    assert.equal(await calls('GetMetricData'), 1, 'charts, totals and Top routes in one call');
  });

  it('a stage without detailed metrics says so, and reads no routes; gaps are not zeros', async () => {
    const r = await cli('--api', 'orders-api', '--stage', 'dev', '--since', '1h');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Top routes: stage dev has detailed metrics off, so CloudWatch has no per-route metrics\.$/m,
    );
    assert.match(r.stdout, /detailedMetrics: true on the stage in the spec, then apigw deploy \(CloudWatch charges/);
    assert.ok(!(await apigwCalls()).includes('GetRoutes'));
    // Ten silent minutes: ten gaps in the sparkline, not ten bars at the floor.
    const spark = /^Requests .*$/m.exec(r.stdout)![0].slice(sparkColumn(r.stdout));
    assert.equal(spark.length, 60, spark);
    assert.equal((spark.match(/ /g) ?? []).length, 10, spark);
    assert.match(r.stdout, /^Requests\s+500\s+10\s+10\s/m);
  });

  it('--fail-on: exit 1 naming the threshold crossed and its value; 0 when none is; no data passes unless asked', async () => {
    let r = await cli('--api', 'orders-api', '--stage', 'prod', '--since', '1h', '--fail-on', '5xx-rate>1%,p99>10s');
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /^Checks \(--fail-on\)\n {2}FAILED {3}5xx-rate 5% \(fails when > 1%\)\n {2}ok {7}p99 \d+ ms \(fails when > 10 s\)$/m,
    );
    assert.equal(r.stderr, 'apigw metrics: 1 of 2 thresholds crossed: 5xx-rate 5% (fails when > 1%)\n');
    r = await cli('--api', 'orders-api', '--stage', 'prod', '--since', '1h', '--fail-on', '5xx-rate>10%, requests<100');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    r = await cli('--api', 'orders-api', '--stage', 'quiet', '--since', '1h', '--fail-on', 'p99>500ms');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}no data {2}p99 no data \(fails when > 500 ms\)$/m);
    r = await cli(
      '--api',
      'orders-api',
      '--stage',
      'quiet',
      '--since',
      '1h',
      '--fail-on',
      'p99>500ms',
      '--fail-on-no-data',
    );
    assert.equal(r.code, 1);
    assert.match(r.stderr, /1 of 1 threshold crossed: p99 no data/);
  });

  it('--fail-on given twice checks every threshold: a second gate never drops the first', async () => {
    const r = await cli(
      ...['--api', 'orders-api', '--stage', 'prod', '--since', '1h'],
      ...['--fail-on', '5xx-rate>1%', '--fail-on', 'p99>10s'],
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^ {2}FAILED {3}5xx-rate 5% \(fails when > 1%\)\n {2}ok {7}p99 /m);
    assert.equal(r.stderr, 'apigw metrics: 1 of 2 thresholds crossed: 5xx-rate 5% (fails when > 1%)\n');
  });

  it('--format json: every point (null for gaps), totals, Top routes, checks and the verdict, one document', async () => {
    const r = await cli(
      '--api',
      'orders-api',
      '--stage',
      'prod',
      '--since',
      '1h',
      '--format',
      'json',
      '--fail-on',
      '5xx>100',
    );
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as {
      api: { name: string; protocol: string };
      periodSeconds: number;
      getMetricDataCalls: number;
      timestamps: string[];
      series: Array<{ key: string; label: string; total: number | null; values: Array<number | null> }>;
      events: Array<{ action: string; deploymentId: string }>;
      topRoutes: { detailedMetrics: string; routes: Array<{ route: string; requests: number; errors: number }> };
      checks: Array<{ threshold: string; status: string; actual: number }>;
      failed: boolean;
    };
    assert.deepEqual(
      [j.api.name, j.api.protocol, j.periodSeconds, j.getMetricDataCalls],
      ['orders-api', 'HTTP', 60, 1],
    );
    assert.equal(j.timestamps.length, 60);
    const count = j.series.find((s) => s.key === 'count')!;
    assert.equal(count.total, 6000);
    assert.deepEqual(count.values, Array(60).fill(100));
    assert.equal(j.series.find((s) => s.key === '5xxRate')!.label, 'Error rate 5xx %');
    assert.deepEqual(
      j.events.map((e) => [e.action, e.deploymentId]),
      [['promote', 'abc123']],
    );
    assert.equal(j.topRoutes.detailedMetrics, 'on');
    assert.deepEqual(
      j.topRoutes.routes.map((x) => x.requests),
      [1500, 1500, 1500, 1500],
    );
    assert.equal(
      j.topRoutes.routes.reduce((s, x) => s + x.errors, 0),
      300,
    );
    assert.deepEqual(
      j.checks.map((c) => [c.threshold, c.status, c.actual]),
      [['5xx>100', 'fail', 300]],
    );
    assert.equal(j.failed, true);
  });

  it('--start without --end, or with an --end past now, ends at the last whole minute as --since does', async () => {
    const json = async (...range: string[]) => {
      const r = await cli('--api', 'orders-api', '--stage', 'prod', ...range, '--format', 'json');
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout) as { range: { end: string }; series: Array<{ key: string; values: unknown[] }> };
      const end = Date.parse(j.range.end);
      assert.equal(end, Math.floor(NOW / 60_000) * 60_000, `${j.range.end}: the last whole minute`);
      // No period for the minute still filling: it would read as a dip (here a gap) at the end of every row.
      return j.series.find((s) => s.key === 'count')!.values;
    };
    const start = new Date(minutesAgo(30, NOW)).toISOString();
    assert.deepEqual(await json('--start', start), Array(30).fill(100));
    const future = new Date(NOW + 3_600_000).toISOString();
    assert.deepEqual(await json('--start', start, '--end', future), Array(30).fill(100));
  });

  it('a week at one-minute resolution takes the fewest calls the datapoint limit allows', async () => {
    const r = await cli(
      '--api',
      'orders-api',
      '--stage',
      'prod',
      '--since',
      '1w',
      '--period',
      '1m',
      '--format',
      'json',
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { getMetricDataCalls: number; timestamps: string[] };
    assert.equal(j.timestamps.length, 10_080);
    const now = NOW;
    const vp = planView({
      scope: { protocol: 'HTTP', apiId: 'x', stage: 'prod' },
      range: { start: now - 7 * 86_400_000, end: now },
      now,
      periodSec: 60,
      routes: ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'ANY /legacy/{proxy+}'],
    });
    const fewest = minimumCalls(vp.plan.queries, vp.range);
    assert.ok(fewest > 1, 'more points than one call holds');
    assert.equal(await calls('GetMetricData'), fewest);
    assert.equal(j.getMetricDataCalls, fewest);
  });

  it("a route's own metrics; a WebSocket stage's metric set; thresholds its protocol lacks are refused first", async () => {
    let r = await cli('--api', 'orders-api', '--stage', 'prod', '--route', 'GET /orders', '--since', '1h');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^orders-api · prod · GET \/orders \(HTTP API/);
    assert.match(r.stdout, /^Requests\s+1\.5k\s+25\s+25\s/m);
    assert.doesNotMatch(r.stdout, /Top routes/);
    r = await cli('--api', 'orders-api', '--stage', 'dev', '--route', 'GET /nothing', '--since', '1h');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /GET \/nothing is not a route of orders-api now/);
    assert.match(r.stderr, /Stage dev has detailed metrics off for GET \/nothing/);

    r = await cli('--api', 'chat', '--stage', 'production', '--since', '3h');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^chat · production \(WebSocket API/);
    for (const label of ['Connections', 'Messages', 'Errors integration', 'Errors client', 'Errors execution'])
      assert.match(r.stdout, new RegExp(`^${label}\\s`, 'm'));
    assert.match(r.stdout, /^Messages\s+4k\s+22\s+22\s/m);
    assert.doesNotMatch(r.stdout, /^(Requests|Latency|Errors 5xx)/m);
    await aws.clearCalls();
    r = await cli('--api', 'chat', '--stage', 'production', '--fail-on', '5xx-rate>1%');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WebSocket APIs do not publish 5xx-rate/);
    assert.equal(await calls('GetMetricData'), 0);
  });

  it('usage errors exit 2 before any call; an unknown stage or API exits 1 and says which', async () => {
    const usage: Array<[string[], RegExp]> = [
      [['--since', '3h', '--start', '2024-01-01T00:00:00Z'], /give --since, or --start/],
      [['--end', '2024-01-01T00:00:00Z'], /--end needs --start/],
      [['--start', 'yesterday'], /--start takes an ISO 8601 time/],
      // Without a zone JavaScript reads the machine's local time; the table and CloudWatch are in UTC.
      [['--start', '2024-01-01T10:00:00'], /--start 2024-01-01T10:00:00 has no time zone: write 2024-01-01T10:00:00Z/],
      [['--start', '2024-01-01T10:00:00Z', '--end', '2024-01-01 12:00'], /--end 2024-01-01 12:00 has no time zone/],
      [['--since', '2024-01-01T10:00'], /--since 2024-01-01T10:00 has no time zone/],
      [['--since', 'soon'], /--since takes a duration/],
      [['--period', '90s'], /not a whole number of minutes/],
      [['--fail-on', 'p99>5'], /a latency needs a unit/],
      [['--fail-on', 'cpu>5'], /unknown metric cpu/],
      [['--format', 'csv'], /--format must be table or json/],
      [['--since', '500d'], /CloudWatch keeps API Gateway metrics for 455 days/],
    ];
    for (const [args, message] of usage) {
      const r = await cli('--api', 'orders-api', '--stage', 'prod', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.equal(await calls('GetMetricData'), 0);
    let r = await cli('--api', 'orders-api', '--stage', 'staging');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /orders-api \(\w+\) has no stage staging/);
    r = await cli('--api', 'nope', '--stage', 'prod');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No API with the id or name nope/);
  });

  it('CloudWatch refusing the read is exit 1 with the IAM action to grant', async () => {
    await aws.addFaults([
      {
        operation: 'GetMetricData',
        kind: 'error',
        status: 403,
        code: 'AccessDenied',
        message: 'not authorized to perform: cloudwatch:GetMetricData',
      },
    ]);
    const r = await cli('--api', 'orders-api', '--stage', 'prod', '--fail-on', '5xx-rate>1%');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cloudwatch:GetMetricData/);
  });

  it('the built dist/cli.js gates a pipeline: exit 1 when the stage is unhealthy, 0 when it is healthy', async () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first');
    const { AWS_PROFILE: _p, ...rest } = process.env;
    const env = {
      ...rest,
      AWS_ACCESS_KEY_ID: 'AKIDCLIMETRICS',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: path.join(REPO_ROOT, 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, 'no-such-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, 'metrics', ...args, '--endpoint-url', aws.endpoint], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    let r = await run('--api', 'orders-api', '--stage', 'prod', '--since', '1h', '--fail-on', '5xx-rate>1%');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^Requests\s+6k\s/m);
    assert.match(r.stderr, /^apigw metrics: 1 of 1 threshold crossed: 5xx-rate 5% \(fails when > 1%\)$/m);
    r = await run('--api', 'orders-api', '--stage', 'dev', '--since', '1h', '--fail-on', '5xx-rate>1%');
    assert.equal(r.status, 0, r.stderr);
    r = await run('--api', 'orders-api', '--stage', 'dev', '--fail-on', 'p99>5');
    assert.equal(r.status, 2, r.stderr);
  });
});
