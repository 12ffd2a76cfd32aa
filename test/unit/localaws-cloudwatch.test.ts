// The local AWS service's CloudWatch, checked only through the real @aws-sdk/client-cloudwatch: the wire protocol the
// pinned client speaks (AWS JSON 1.0), answers field by field against the SDK's model, seeded series (exact counts,
// percentiles, spikes, gaps), retention and period rules, start rounding, ScanBy, the 500-query limit, MaxDatapoints
// pagination, route metrics only with detailed metrics, WebSocket metrics, ListMetrics, DescribeAlarms, throttling
// per operation and faults.
import * as assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { ApiGatewayV2Client, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import * as cwSdk from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { RemoteLocalAws } from '../localaws/control';
import { minutesAgo, silence, spike, steadyTraffic, stageTraffic, apiAlarm } from '../localaws/metricsSeed';
import { chatApi, ordersApi, type SeedFile } from '../localaws/seed';
import { useLocalAws } from '../localaws/fixture';
import type { CallRecord, LocalAws } from '../localaws/server';
import { compareWithModel, outputSchema } from './awsShapes';
import { FakeClock } from './clocks';

const CREDS = { accessKeyId: 'AKIDCLOUDWATCHTEST', secretAccessKey: 'local-secret' };
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function client(endpoint: string): CloudWatchClient {
  return new CloudWatchClient({ region: 'us-east-1', endpoint, credentials: CREDS, maxAttempts: 1 });
}

function apiId(aws: LocalAws, name: string): string {
  return [...aws.regionState().apis.values()].find((a) => a.api.name === name)!.api.apiId;
}

function q(id: string, metric: string, dims: Record<string, string>, period: number, stat: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApiGateway',
        MetricName: metric,
        Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: stat,
    },
  };
}

async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: { name: string; $metadata: { httpStatusCode: number }; message: string }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** Complete minutes only: the one still filling publishes nothing yet. */
function lastMinutes(n: number): { StartTime: Date; EndTime: Date } {
  const end = minutesAgo(0);
  return { StartTime: new Date(end - n * MIN), EndTime: new Date(end) };
}

function seed(): SeedFile {
  return {
    apis: [ordersApi(), chatApi()],
    metrics: [
      steadyTraffic('orders-api', 'prod', {
        perMinute: 100,
        rate5xx: 0.05,
        detailedMetrics: true,
        routes: { 'GET /orders': 2, 'POST /orders': 1, 'GET /orders/{id}': 1 },
        events: [spike(20, { minutes: 3 }), silence(50, 10)],
      }),
      steadyTraffic('orders-api', 'dev', { perMinute: 40 }),
      stageTraffic('chat', 'production', { perMinute: 60, rate5xx: 0.1, rate4xx: 0.05, rateExecution: 0.02 }),
    ],
    alarms: [
      apiAlarm('orders-5xx', 'orders-api', { state: 'OK' }),
      apiAlarm('orders-prod-p99', 'orders-api', {
        stage: 'prod',
        metric: 'Latency',
        ExtendedStatistic: 'p99',
        Threshold: 500,
        state: 'ALARM',
      }),
      apiAlarm('chat-errors', 'chat', { stage: 'production', metric: 'IntegrationError', state: 'INSUFFICIENT_DATA' }),
      {
        AlarmName: 'lambda-errors',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: 'orders-fn' }],
      },
    ],
  };
}

describe('local AWS service: CloudWatch', () => {
  // The service's buckets read a clock that stands still: no refill between two calls, however slow the machine.
  const aws = useLocalAws({ clock: new FakeClock(), config: { cloudwatchRates: null }, reset: seed });
  let cw: CloudWatchClient;
  let orders: string;
  let chat: string;
  before(() => {
    cw = client(aws.endpoint);
  });
  beforeEach(() => {
    orders = apiId(aws, 'orders-api');
    chat = apiId(aws, 'chat');
  });

  it('speaks AWS JSON 1.0 as the pinned client sends it, and refuses another protocol', async () => {
    const seen: Array<Record<string, string>> = [];
    const spy = client(aws.endpoint);
    spy.middlewareStack.add(
      (next) => async (args) => {
        seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'spy' },
    );
    await spy.send(new ListMetricsCommand({}));
    assert.equal(seen[0]!['x-amz-target'], 'GraniteServiceVersion20100801.ListMetrics');
    assert.equal(seen[0]!['content-type'], 'application/x-amz-json-1.0');
    const res = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-query-error'), 'InvalidParameterValue;Sender');
    assert.match(String(((await res.json()) as { message?: string }).message), /x-amz-json-1.0/);
  });

  it('answers GetMetricData, ListMetrics and DescribeAlarms in the exact shapes of the SDK model', async () => {
    const parsed = new Map<number, unknown>();
    const track = async <T>(p: Promise<T>) => {
      const out = await p;
      parsed.set((await aws.calls()).at(-1)!.seq, out);
      return out;
    };
    await track(
      cw.send(
        new GetMetricDataCommand({
          ...lastMinutes(30),
          MetricDataQueries: [
            q('c', 'Count', { ApiId: orders, Stage: 'prod' }, 60, 'Sum'),
            q('p', 'Latency', { ApiId: orders, Stage: 'prod' }, 300, 'p99'),
          ],
        }),
      ),
    );
    await track(cw.send(new ListMetricsCommand({ Namespace: 'AWS/ApiGateway' })));
    await track(cw.send(new DescribeAlarmsCommand({})));
    const calls = (await aws.calls({ service: 'cloudwatch' })) as CallRecord[];
    assert.equal(calls.length, 3);
    for (const c of calls) {
      assert.deepEqual(
        compareWithModel(outputSchema(cwSdk, c.operation), c.response, parsed.get(c.seq)),
        [],
        c.operation,
      );
    }
  });

  it('publishes exact counts of steady traffic per stage, per route and per API, newest first', async () => {
    const range = lastMinutes(10);
    const stage = { ApiId: orders, Stage: 'prod' };
    const out = await cw.send(
      new GetMetricDataCommand({
        ...range,
        MetricDataQueries: [
          q('count', 'Count', stage, 60, 'Sum'),
          q('samples', 'Count', stage, 60, 'SampleCount'),
          q('errors', '5xx', stage, 60, 'Sum'),
          q('rate', '5xx', stage, 60, 'Average'),
          q('bytes', 'DataProcessed', stage, 60, 'Sum'),
          q('route', 'Count', { ...stage, Route: 'GET /orders' }, 60, 'Sum'),
          q('api', 'Count', { ApiId: orders }, 600, 'Sum'),
          q('wrongSet', 'Count', { ApiId: orders, Route: 'GET /orders' }, 60, 'Sum'),
        ],
      }),
    );
    const r = (id: string) => out.MetricDataResults!.find((x) => x.Id === id)!;
    assert.deepEqual(r('count').Values, Array(10).fill(100));
    assert.deepEqual(r('samples').Values, Array(10).fill(100));
    assert.deepEqual(r('errors').Values, Array(10).fill(5));
    assert.deepEqual(r('rate').Values, Array(10).fill(0.05));
    assert.deepEqual(r('bytes').Values, Array(10).fill(100 * 512));
    assert.deepEqual(r('route').Values, Array(10).fill(50), 'GET /orders has half the shares');
    assert.deepEqual(r('api').Values, [(100 + 40) * 10], 'the API adds its stages');
    assert.deepEqual(r('wrongSet').Values, [], 'a dimension set API Gateway does not publish has no data');
    const ts = r('count').Timestamps!.map((t) => t.getTime());
    assert.deepEqual(
      ts,
      [...ts].sort((a, b) => b - a),
      'newest first by default',
    );
    assert.equal(ts.at(-1), range.StartTime.getTime());
    const asc = await cw.send(
      new GetMetricDataCommand({
        ...range,
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [q('c', 'Count', stage, 60, 'Sum')],
      }),
    );
    assert.deepEqual(
      asc.MetricDataResults![0]!.Timestamps!.map((t) => t.getTime()),
      [...ts].reverse(),
    );
    assert.equal(r('count').StatusCode, 'Complete');
    assert.equal(r('count').Label, 'Count');
  });

  it('leaves silent minutes out (no data is not zero) and shows the spike at its minutes', async () => {
    const stage = { ApiId: orders, Stage: 'prod' };
    const out = await cw.send(
      new GetMetricDataCommand({
        ...lastMinutes(60),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          q('count', 'Count', stage, 60, 'Sum'),
          q('errors', '5xx', stage, 60, 'Sum'),
          q('p99', 'Latency', stage, 60, 'p99'),
        ],
      }),
    );
    const r = (id: string) => out.MetricDataResults!.find((x) => x.Id === id)!;
    const at = (id: string, minutesBefore: number) => {
      const i = r(id).Timestamps!.findIndex((t) => t.getTime() === minutesAgo(minutesBefore));
      return i < 0 ? undefined : r(id).Values![i];
    };
    assert.equal(r('count').Values!.length, 50, '10 silent minutes of 60 have no datapoint');
    for (let m = 41; m <= 50; m++) assert.equal(at('count', m), undefined, `minute -${m} is a gap`);
    assert.ok(!r('count').Values!.includes(0), 'never a zero for a silent minute');
    assert.equal(at('errors', 20), 25, 'the spike: 25 % 5xx');
    assert.equal(at('errors', 25), 5);
    assert.ok(at('p99', 19)! > 4 * at('p99', 25)!, `spike p99 ${at('p99', 19)} vs ${at('p99', 25)}`);
  });

  it('computes percentiles and the other statistics of latency over any period', async () => {
    const stage = { ApiId: orders, Stage: 'prod' };
    const stats = ['p50', 'p90', 'p99', 'p99.9', 'Average', 'Minimum', 'Maximum', 'SampleCount'];
    const quiet = { StartTime: new Date(minutesAgo(16)), EndTime: new Date(minutesAgo(6)) };
    const out = await cw.send(
      new GetMetricDataCommand({
        ...quiet,
        MetricDataQueries: [
          ...stats.map((s) => q(`l${s.replace('.', '_')}`, 'Latency', stage, 600, s)),
          q('i99', 'IntegrationLatency', stage, 600, 'p99'),
        ],
      }),
    );
    const v = (id: string) => out.MetricDataResults!.find((x) => x.Id === id)!.Values![0]!;
    const near = (x: number, want: number) => assert.ok(Math.abs(x / want - 1) < 0.1, `${x} ≈ ${want}`);
    near(v('lp50'), 40);
    near(v('lp99'), 200);
    near(v('i99'), 160);
    assert.ok(v('lMinimum') < v('lp50') && v('lp50') < v('lp90') && v('lp90') < v('lp99') && v('lp99') < v('lp99_9'));
    assert.ok(v('lp99_9') <= v('lMaximum'));
    assert.ok(v('lAverage') > v('lp50') && v('lAverage') < v('lp99'));
    assert.equal(v('lSampleCount'), 1000);
  });

  it('keeps 1-minute data 15 days, 5-minute 63 days and hourly 455 days; rounds start times as AWS does', async () => {
    const old = (days: number) =>
      steadyTraffic('orders-api', 'dev', {
        start: Date.now() - days * DAY - 30 * MIN,
        minutes: 120,
        perMinute: 10,
        days: undefined,
      });
    await aws.seed({ metrics: [old(20), old(70), old(500)] });
    const dims = { ApiId: orders, Stage: 'dev' };
    const count = async (days: number, period: number, startOffsetMs = 0) => {
      const start = Date.now() - days * DAY;
      const out = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(start + startOffsetMs),
          EndTime: new Date(start + 60 * MIN),
          MetricDataQueries: [q('c', 'Count', dims, period, 'Sum')],
        }),
      );
      return out.MetricDataResults![0]!;
    };
    assert.equal((await count(20, 60)).Values!.length, 0, 'no 1-minute data after 15 days');
    assert.ok((await count(20, 300)).Values!.length >= 11);
    assert.equal((await count(70, 300)).Values!.length, 0, 'no 5-minute data after 63 days');
    assert.ok((await count(70, 3600)).Values!.length >= 1);
    assert.equal((await count(500, 3600)).Values!.length, 0, 'nothing after 455 days');
    // The rule is the StartTime's: a range from 20 days ago at 1 minute gets nothing, not even its recent minutes
    // (GetMetricData, MetricStat.Period: "or no data points in that time range is returned").
    const across = async (days: number, period: number) =>
      (
        await cw.send(
          new GetMetricDataCommand({
            StartTime: new Date(minutesAgo(0) - days * DAY),
            EndTime: new Date(minutesAgo(0)),
            MetricDataQueries: [q('c', 'Count', { ApiId: orders, Stage: 'prod' }, period, 'Sum')],
          }),
        )
      ).MetricDataResults![0]!.Values!.length;
    assert.equal(await across(20, 60), 0, '1-minute periods from 20 days ago: no datapoints at all');
    assert.ok((await across(20, 300)) > 0);
    assert.equal(await across(70, 300), 0, '5-minute periods from 70 days ago: no datapoints at all');
    assert.ok((await across(70, 3600)) > 0);
    assert.ok((await across(14, 60)) > 0);
    const rounded = await count(20, 300, 150_000);
    assert.ok(
      rounded.Timestamps!.every((t) => t.getTime() % (5 * MIN) === 0),
      'start rounded down to 5 minutes',
    );
    const recent = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(minutesAgo(10) + 27_000),
        EndTime: new Date(minutesAgo(0)),
        MetricDataQueries: [q('c', 'Count', dims, 300, 'Sum')],
      }),
    );
    assert.equal(
      recent.MetricDataResults![0]!.Timestamps!.at(-1)!.getTime(),
      minutesAgo(10),
      'start rounded down to the minute',
    );
  });

  it('refuses what AWS refuses: over 500 queries, bad ids, periods and statistics, an empty range', async () => {
    const dims = { ApiId: orders, Stage: 'prod' };
    const range = lastMinutes(5);
    const send = (queries: MetricDataQuery[], r = range) =>
      cw.send(new GetMetricDataCommand({ ...r, MetricDataQueries: queries }));
    await rejects(
      send(Array.from({ length: 501 }, (_v, i) => q(`q${i}`, 'Count', dims, 60, 'Sum'))),
      'InvalidParameterValueException',
      400,
      /must not have a size greater than 500/,
    );
    const five00 = await send(Array.from({ length: 500 }, (_v, i) => q(`q${i}`, 'Count', dims, 60, 'Sum')));
    assert.equal(five00.MetricDataResults!.length, 500);
    await rejects(send([q('Upper', 'Count', dims, 60, 'Sum')]), 'InvalidParameterValueException', 400, /Id/);
    await rejects(
      send([q('a', 'Count', dims, 60, 'Sum'), q('a', '5xx', dims, 60, 'Sum')]),
      'InvalidParameterValueException',
      400,
      /duplicated/,
    );
    await rejects(send([q('a', 'Count', dims, 90, 'Sum')]), 'InvalidParameterValueException', 400, /multiple of 60/);
    await rejects(send([q('a', 'Count', dims, 60, 'Median')]), 'InvalidParameterValueException', 400, /Stat/);
    await rejects(
      send([q('a', 'Count', dims, 60, 'Sum')], { StartTime: range.EndTime, EndTime: range.StartTime }),
      'InvalidParameterValueException',
      400,
      /StartTime/,
    );
    const highRes = await send([q('a', 'Count', dims, 30, 'Sum')]);
    assert.deepEqual(highRes.MetricDataResults![0]!.Values, [], 'API Gateway metrics have no sub-minute data');
  });

  it('pages datapoints past MaxDatapoints (100,800 by default) with NextToken and PartialData', async () => {
    const dims = { ApiId: orders, Stage: 'prod' };
    const range = lastMinutes(20);
    const queries = ['a', 'b', 'c'].map((id) => q(id, 'Count', dims, 60, 'Sum'));
    const first = await cw.send(new GetMetricDataCommand({ ...range, MaxDatapoints: 25, MetricDataQueries: queries }));
    assert.deepEqual(
      first.MetricDataResults!.map((r) => [r.Values!.length, r.StatusCode]),
      [
        [20, 'Complete'],
        [5, 'PartialData'],
        [0, 'PartialData'],
      ],
    );
    assert.ok(first.NextToken);
    const second = await cw.send(
      new GetMetricDataCommand({ ...range, MaxDatapoints: 25, MetricDataQueries: queries, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      second.MetricDataResults!.map((r) => [r.Values!.length, r.StatusCode]),
      [
        [0, 'Complete'],
        [15, 'Complete'],
        [10, 'PartialData'],
      ],
    );
    const third = await cw.send(
      new GetMetricDataCommand({
        ...range,
        MaxDatapoints: 25,
        MetricDataQueries: queries,
        NextToken: second.NextToken,
      }),
    );
    assert.equal(third.NextToken, undefined);
    assert.deepEqual(
      third.MetricDataResults!.map((r) => r.Values!.length),
      [0, 0, 10],
    );
    await rejects(
      cw.send(
        new GetMetricDataCommand({
          ...range,
          MaxDatapoints: 25,
          MetricDataQueries: queries.slice(1),
          NextToken: first.NextToken,
        }),
      ),
      'InvalidNextToken',
      400,
    );

    await aws.seed({ metrics: [steadyTraffic('orders-api', 'prod', { days: 8, perMinute: 10, seed: 'week' })] });
    const week = lastMinutes(7 * 24 * 60);
    const many = Array.from({ length: 11 }, (_v, i) => q(`w${i}`, 'Count', dims, 60, 'Sum'));
    const big = await cw.send(new GetMetricDataCommand({ ...week, MetricDataQueries: many }));
    const returned = big.MetricDataResults!.reduce((s, r) => s + r.Values!.length, 0);
    assert.equal(returned, 100_800, 'the default page holds 100,800 datapoints');
    assert.ok(big.NextToken);
    assert.equal(big.MetricDataResults!.at(-1)!.StatusCode, 'PartialData');
  });

  it('publishes route metrics only where the stage has detailed metrics on', async () => {
    await aws.reset({ apis: [ordersApi()], metrics: [steadyTraffic('orders-api', 'prod', { perMinute: 40 })] });
    orders = apiId(aws, 'orders-api');
    const route = { ApiId: orders, Stage: 'prod', Route: 'GET /orders' };
    const get = async () =>
      (
        await cw.send(
          new GetMetricDataCommand({ ...lastMinutes(5), MetricDataQueries: [q('r', 'Count', route, 60, 'Sum')] }),
        )
      ).MetricDataResults![0]!.Values!;
    const routesListed = async () =>
      (await cw.send(new ListMetricsCommand({ Dimensions: [{ Name: 'ApiId', Value: orders }, { Name: 'Route' }] })))
        .Metrics!.length;
    assert.deepEqual(await get(), []);
    assert.equal(await routesListed(), 0);
    const apigw = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: aws.endpoint, credentials: CREDS });
    await apigw.send(
      new UpdateStageCommand({
        ApiId: orders,
        StageName: 'prod',
        DefaultRouteSettings: { DetailedMetricsEnabled: true },
      }),
    );
    assert.deepEqual(await get(), Array(5).fill(10), '40 a minute over 4 routes');
    assert.equal(await routesListed(), 4 * 6, 'six metrics for each of the four routes');
  });

  it('publishes WebSocket metrics: connects on $connect, messages elsewhere, errors of three kinds, no HTTP metrics', async () => {
    const stage = { ApiId: chat, Stage: 'production' };
    const out = await cw.send(
      new GetMetricDataCommand({
        ...lastMinutes(30),
        MetricDataQueries: [
          q('connects', 'ConnectCount', stage, 1800, 'Sum'),
          q('messages', 'MessageCount', stage, 1800, 'Sum'),
          q('integration', 'IntegrationError', stage, 1800, 'Sum'),
          q('client', 'ClientError', stage, 1800, 'Sum'),
          q('execution', 'ExecutionError', stage, 1800, 'Sum'),
          q('latency', 'IntegrationLatency', stage, 1800, 'p99'),
          q('http', '5xx', stage, 1800, 'Sum'),
        ],
      }),
    );
    const v = (id: string) => out.MetricDataResults!.find((x) => x.Id === id)!.Values![0];
    assert.ok(v('connects')! > 0 && v('messages')! > 0);
    assert.ok(Math.abs(v('messages')! / v('connects')! - 3) < 0.5, 'three of the four routes carry messages');
    assert.ok(v('integration')! > v('client')! && v('client')! > v('execution')! && v('execution')! > 0);
    assert.ok(v('latency')! > 0);
    assert.equal(v('http'), undefined);
  });

  it('lists metrics by name and dimensions, recently active, in pages', async () => {
    const list = async (input: cwSdk.ListMetricsCommandInput) =>
      (await cw.send(new ListMetricsCommand(input))).Metrics!;
    const prod = await list({
      MetricName: 'Count',
      Dimensions: [
        { Name: 'ApiId', Value: orders },
        { Name: 'Stage', Value: 'prod' },
      ],
    });
    assert.deepEqual(prod.map((m) => m.Dimensions!.map((d) => d.Value).join(' ')).sort(), [
      `${orders} prod`,
      `${orders} prod GET /orders`,
      `${orders} prod GET /orders/{id}`,
      `${orders} prod POST /orders`,
    ]);
    await aws.seed({
      metrics: [steadyTraffic('chat', 'old', { start: Date.now() - 3 * DAY, minutes: 60, days: undefined })],
    });
    const recent = await list({ RecentlyActive: 'PT3H', Dimensions: [{ Name: 'Stage', Value: 'old' }] });
    assert.equal(recent.length, 0);
    assert.equal(
      (await list({ Dimensions: [{ Name: 'Stage', Value: 'old' }] })).length,
      6,
      'its six WebSocket metrics',
    );
    await aws.seed({
      metrics: [steadyTraffic('chat', 'gone', { start: Date.now() - 20 * DAY, minutes: 60, days: undefined })],
    });
    assert.equal(
      (await list({ Dimensions: [{ Name: 'Stage', Value: 'gone' }] })).length,
      0,
      'no data for two weeks: not listed',
    );
    await aws.configure({ listMetricsPageSize: 5 });
    let token: string | undefined;
    let pages = 0;
    const seen = new Set<string>();
    do {
      const out = await cw.send(
        new ListMetricsCommand({
          Dimensions: [{ Name: 'ApiId', Value: orders }],
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const m of out.Metrics!) seen.add(JSON.stringify(m));
      token = out.NextToken;
      pages++;
    } while (token);
    assert.equal(seen.size, 6 * 3 + 6 * 3, 'the API, prod and dev sets, and the sets of the three routes of prod');
    assert.equal(pages, Math.ceil(seen.size / 5));
  });

  it('describes alarms with their dimensions and state, filtered and paged; tests move their state', async () => {
    const all = await cw.send(new DescribeAlarmsCommand({}));
    assert.deepEqual(
      all.MetricAlarms!.map((a) => a.AlarmName),
      ['chat-errors', 'lambda-errors', 'orders-5xx', 'orders-prod-p99'],
    );
    const p99 = all.MetricAlarms!.find((a) => a.AlarmName === 'orders-prod-p99')!;
    assert.deepEqual(p99.Dimensions, [
      { Name: 'ApiId', Value: orders },
      { Name: 'Stage', Value: 'prod' },
    ]);
    assert.equal(p99.ExtendedStatistic, 'p99');
    assert.equal(p99.Statistic, undefined);
    assert.equal(p99.StateValue, 'ALARM');
    assert.ok(p99.StateUpdatedTimestamp instanceof Date);
    assert.deepEqual(
      (await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))).MetricAlarms!.map((a) => a.AlarmName),
      ['orders-prod-p99'],
    );
    assert.deepEqual(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'orders-' }))).MetricAlarms!.length,
      2,
    );
    const page1 = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 3 }));
    const page2 = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 3, NextToken: page1.NextToken }));
    assert.deepEqual([page1.MetricAlarms!.length, page2.MetricAlarms!.length, page2.NextToken], [3, 1, undefined]);
    await rejects(cw.send(new DescribeAlarmsCommand({ MaxRecords: 101 })), 'InvalidParameterValueException', 400);
    assert.equal(
      (await cw.send(new DescribeAlarmsCommand({ AlarmTypes: ['CompositeAlarm'] }))).MetricAlarms!.length,
      0,
    );
    // The control endpoint, as host and UI tests reach it.
    assert.equal(await new RemoteLocalAws(aws.endpoint).setAlarmState('orders-5xx', 'ALARM', 'test'), true);
    const moved = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['orders-5xx'] }));
    assert.equal(moved.MetricAlarms![0]!.StateValue, 'ALARM');
    assert.equal(await aws.setAlarmState('nope', 'OK'), false);
  });

  it('throttles per operation like AWS (Throttling, 400) and injects faults', async () => {
    await aws.configure({
      cloudwatchRates: { GetMetricData: { rate: 0.1, burst: 2 }, ListMetrics: { rate: 25, burst: 25 } },
    });
    const one = () =>
      cw.send(
        new GetMetricDataCommand({
          ...lastMinutes(2),
          MetricDataQueries: [q('c', 'Count', { ApiId: orders }, 60, 'Sum')],
        }),
      );
    await one();
    await one();
    await rejects(one(), 'Throttling', 400, /Rate exceeded/);
    await cw.send(new ListMetricsCommand({}));
    const throttled = (await aws.calls({ service: 'cloudwatch', operation: 'GetMetricData' })).at(-1)!;
    assert.equal(throttled.error, 'Throttling');
    assert.deepEqual(throttled.response, {
      __type: 'com.amazon.coral.availability#ThrottlingException',
      message: 'Rate exceeded',
    });

    await aws.configure({ cloudwatchRates: null });
    await aws.addFaults([
      { operation: 'DescribeAlarms', kind: 'error', nth: 1 },
      {
        operation: 'DescribeAlarms',
        kind: 'error',
        status: 403,
        code: 'AccessDenied',
        message: 'not authorized to perform: cloudwatch:DescribeAlarms',
        nth: 2,
      },
    ]);
    await rejects(cw.send(new DescribeAlarmsCommand({})), 'InternalServiceFault', 500);
    await rejects(cw.send(new DescribeAlarmsCommand({})), 'AccessDenied', 403, /cloudwatch:DescribeAlarms/);
    assert.equal((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms!.length, 4);
  });
});
