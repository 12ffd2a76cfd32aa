// The CloudWatch adapter through the real @aws-sdk/client-cloudwatch against the local service: batching really
// splits at 500 queries and within 100,800 datapoints, pages are followed and merged by id, a stage's view and the
// tree's summaries in one call, throttling retried, faults mapped to clear errors, pacing before every attempt,
// alarms filtered by dimensions, route metrics listed, and the log window of a spike read with FilterLogEvents.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { OperationPacers, pacedCloudWatchClient } from '../../src/aws/cloudwatch';
import { isWorkbenchError } from '../../src/core/errors';
import {
  FUNCTION_ERRORS_PATTERN,
  isErrorAccessLine,
  logsWindow,
  metricQuery,
  planView,
  presetRange,
  queryId,
  stageSummaryText,
  type MetricScope,
} from '../../src/core/metrics';
import { all } from '../../src/aws/paginate';
import type { AwsSession } from '../../src/aws/session';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { apiAlarm, minutesAgo, spike, steadyTraffic } from '../localaws/metricsSeed';
import { chatApi, ordersApi, type SeedFile } from '../localaws/seed';

const MIN = 60_000;

function seed(): SeedFile {
  return {
    apis: [ordersApi(), chatApi()],
    metrics: [
      steadyTraffic('orders-api', 'prod', { perMinute: 100, rate5xx: 0.05, detailedMetrics: true, days: 8 }),
      steadyTraffic('orders-api', 'dev', { perMinute: 10 }),
      steadyTraffic('chat', 'production', { perMinute: 30, rate5xx: 0.1 }),
    ],
    alarms: [
      apiAlarm('orders-api-5xx', 'orders-api'),
      apiAlarm('orders-prod-p99', 'orders-api', { stage: 'prod', metric: 'Latency', state: 'ALARM' }),
      apiAlarm('orders-dev-count', 'orders-api', { stage: 'dev', metric: 'Count', state: 'INSUFFICIENT_DATA' }),
      ...Array.from({ length: 140 }, (_v, i) =>
        apiAlarm(`chat-${String(i).padStart(3, '0')}`, 'chat', { stage: 'production' }),
      ),
    ],
  };
}

describe('CloudWatch adapter against the local service', () => {
  const aws = useLocalAws({ config: { cloudwatchRates: null }, reset: seed });
  const sessions = useTestSessions(aws);
  let session: AwsSession;
  let orders: string;
  let stage: MetricScope;

  beforeEach(() => {
    session = sessions.session();
    orders = [...aws.regionState().apis.values()].find((a) => a.api.name === 'orders-api')!.api.apiId;
    stage = { protocol: 'HTTP', apiId: orders, stage: 'prod' };
  });

  const gmd = async () => aws.calls({ service: 'cloudwatch', operation: 'GetMetricData' });

  it('splits 1,201 queries into calls of at most 500 and merges every answer by id', async () => {
    const range = { start: minutesAgo(5), end: minutesAgo(0) };
    const queries = Array.from({ length: 1_201 }, (_v, i) =>
      metricQuery(queryId('q', i), stage, i % 2 ? '5xx' : 'Count', 'Sum', 60),
    );
    const answer = await session.cloudwatch.getMetricData(queries, range);
    const calls = await gmd();
    assert.equal(answer.calls, 3);
    assert.deepEqual(
      calls.map((c) => (c.params as { MetricDataQueries: unknown[] }).MetricDataQueries.length).sort(),
      [201, 500, 500],
    );
    assert.equal(answer.results.size, 1_201);
    assert.deepEqual(answer.results.get('q_0')!.values, [100, 100, 100, 100, 100]);
    assert.deepEqual(answer.results.get('q_1200')!.values, [100, 100, 100, 100, 100]);
    assert.deepEqual(answer.results.get('q_1')!.values, [5, 5, 5, 5, 5]);
  });

  it('keeps each call within 100,800 datapoints, and follows NextToken when a call holds more', async () => {
    const week = presetRange('1w', Date.now());
    const queries = Array.from({ length: 11 }, (_v, i) => metricQuery(queryId('w', i), stage, 'Count', 'Sum', 60));
    const planned = await session.cloudwatch.getMetricData(queries, week);
    assert.equal(planned.calls, 2, '11 × 10,080 points need two calls');
    assert.ok((await gmd()).every((c) => !c.params.NextToken));
    const points = (r: typeof planned) => [...r.results.values()].reduce((s, x) => s + x.values.length, 0);
    assert.equal(points(planned), 11 * 10_080);

    await aws.clearCalls();
    const oneCall = await session.cloudwatch.getMetricData(queries, week, {
      limits: { maxQueries: 500, maxDatapoints: 1e9 },
    });
    const calls = await gmd();
    assert.equal(calls.length, 2, 'one call, two pages');
    assert.ok(calls[1]!.params.NextToken);
    assert.equal(points(oneCall), 11 * 10_080);
    assert.ok([...oneCall.results.values()].every((r) => r.status === 'Complete'));
  });

  it("fetches a stage's whole view in one call: charts, totals with rates, and top routes", async () => {
    const now = Date.now();
    const vp = planView({
      scope: stage,
      range: presetRange('1h', now),
      now,
      routes: ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'ANY /legacy/{proxy+}'],
    });
    const view = await session.cloudwatch.view(vp);
    assert.equal(view.calls, 1);
    assert.equal((await gmd()).length, 1);
    const requests = view.charts.find((c) => c.id === 'requests')!.series[0]!.values;
    assert.equal(requests.length, 60);
    assert.ok(requests.slice(-50).every((v) => v === 100));
    assert.equal(view.totals['5xxRate'], 5);
    assert.equal(view.totals['count'], 6000);
    assert.deepEqual(
      view.routes.map((r) => r.requests),
      [1500, 1500, 1500, 1500],
    );
    assert.equal(view.routeData, true);
    assert.equal(view.partial, false);
  });

  it('summarises the last hour of 10 stages in one call (the tree badges)', async () => {
    const stages: MetricScope[] = [
      stage,
      { protocol: 'HTTP', apiId: orders, stage: 'dev' },
      ...Array.from({ length: 8 }, (_v, i) => ({ protocol: 'HTTP' as const, apiId: orders, stage: `idle${i}` })),
    ];
    const { summaries, calls } = await session.cloudwatch.stageSummaries(stages, Date.now());
    assert.equal(calls, 1);
    assert.equal((await gmd()).length, 1);
    assert.match(stageSummaryText(summaries[0]!), /^6k req · 5% 5xx · p99 \d+ ms$/);
    assert.match(stageSummaryText(summaries[1]!), /^600 req · 0% 5xx · p99 \d+ ms$/);
    assert.equal(stageSummaryText(summaries[2]!), 'no traffic in the last hour');
  });

  it('retries throttled calls (Throttling, 400) and gets every answer', async () => {
    await aws.configure({ cloudwatchRates: { GetMetricData: { rate: 20, burst: 1 } } });
    const patient = sessions.session({ retryStrategy: new ConfiguredRetryStrategy(6, () => 60) });
    const range = { start: minutesAgo(3), end: minutesAgo(0) };
    const answers = await Promise.all(
      [0, 1, 2].map((i) => patient.cloudwatch.getMetricData([metricQuery(`a${i}`, stage, 'Count', 'Sum', 60)], range)),
    );
    assert.deepEqual(
      answers.map((a) => a.results.get(`a${answers.indexOf(a)}`)!.values),
      [
        [100, 100, 100],
        [100, 100, 100],
        [100, 100, 100],
      ],
    );
    const calls = await gmd();
    assert.ok(calls.filter((c) => c.error === 'Throttling').length >= 1, 'the service throttled');
    assert.equal(calls.filter((c) => c.status === 200).length, 3);
  });

  it('maps faults to clear errors: access denied names the IAM action, a refused query says why', async () => {
    const range = { start: minutesAgo(3), end: minutesAgo(0) };
    await aws.addFaults([
      {
        operation: 'GetMetricData',
        kind: 'error',
        status: 403,
        code: 'AccessDenied',
        message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudwatch:GetMetricData',
        times: 1,
      },
    ]);
    await assert.rejects(
      session.cloudwatch.getMetricData([metricQuery('a', stage, 'Count', 'Sum', 60)], range),
      (err: unknown) => {
        assert.ok(isWorkbenchError(err));
        assert.equal(err.code, 'AccessDenied');
        assert.match(err.message, /cloudwatch:GetMetricData/);
        assert.match(err.hint!, /IAM permission cloudwatch:GetMetricData/);
        return true;
      },
    );
    await assert.rejects(
      session.cloudwatch.getMetricData([metricQuery('a', stage, 'Count', 'Sum', 90)], range),
      (err: unknown) => {
        assert.ok(isWorkbenchError(err));
        assert.equal(err.code, 'BadRequest');
        assert.match(err.message, /GetMetricData was refused: .*multiple of 60/);
        return true;
      },
    );
    await aws.addFaults([{ operation: 'DescribeAlarms', kind: 'error' }]);
    await assert.rejects(session.cloudwatch.alarms(), (err: unknown) => {
      assert.ok(isWorkbenchError(err));
      assert.equal(err.code, 'Unknown');
      assert.match(err.message, /AWS failed DescribeAlarms .*HTTP 500.*after retries/);
      return true;
    });
  });

  it('waits for the pacer before every attempt, retries included, one pacer per operation and account', async () => {
    const asked: string[] = [];
    const c = pacedCloudWatchClient(
      {
        region: 'us-east-1',
        endpoint: aws.endpoint,
        credentials: TEST_CREDENTIALS,
        retryStrategy: new ConfiguredRetryStrategy(3, () => 1),
      },
      async (op) => {
        asked.push(op);
      },
    );
    await aws.addFaults([{ operation: 'GetMetricData', kind: 'throttle', nth: 1 }]);
    const now = minutesAgo(0);
    await c.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - MIN),
        EndTime: new Date(now),
        MetricDataQueries: [metricQuery('a', stage, 'Count', 'Sum', 60)],
      }),
    );
    assert.deepEqual(asked, ['GetMetricData', 'GetMetricData'], 'the retry waited its turn too');
    const pacers = new OperationPacers();
    assert.notEqual(pacers.pacer('k1', 'GetMetricData'), pacers.pacer('k1', 'DescribeAlarms'));
    assert.equal(pacers.pacer('k1', 'GetMetricData'), pacers.pacer('k1', 'GetMetricData'));
    assert.notEqual(pacers.pacer('k1', 'GetMetricData'), pacers.pacer('k2', 'GetMetricData'));
    assert.equal(pacers.pacer('k1', 'GetMetricData')!.limits.rate, 45);
    assert.equal(pacers.pacer('k1', 'PutMetricData'), undefined);
    c.destroy();
  });

  it('reads every alarm page once and filters them to an API and a stage by dimensions', async () => {
    const alarms = await session.cloudwatch.alarms();
    assert.equal(alarms.length, 143);
    assert.equal((await aws.calls({ service: 'cloudwatch', operation: 'DescribeAlarms' })).length, 2, '100 a page');
    const api = await session.cloudwatch.alarmsFor({ apiId: orders });
    assert.deepEqual(api.map((a) => a.name).sort(), ['orders-api-5xx', 'orders-dev-count', 'orders-prod-p99']);
    const prod = await session.cloudwatch.alarmsFor({ apiId: orders, stage: 'prod' });
    assert.deepEqual(
      prod.map((a) => [a.name, a.state]),
      [['orders-prod-p99', 'ALARM']],
    );
  });

  it('lists the routes a stage published metrics for', async () => {
    assert.deepEqual(await session.cloudwatch.routesWithMetrics(orders, 'prod'), [
      'ANY /legacy/{proxy+}',
      'GET /orders',
      'GET /orders/{id}',
      'POST /orders',
    ]);
    assert.deepEqual(await session.cloudwatch.routesWithMetrics(orders, 'dev'), []);
    assert.ok((await all(session.cloudwatch.listMetrics({ metricName: 'Count' }))).length >= 3);
  });

  it('reads the logs of a spike: FilterLogEvents over exactly its window, errors only', async () => {
    const spikeAt = minutesAgo(12);
    await aws.seed({
      metrics: [
        steadyTraffic('orders-api', 'dev', { perMinute: 10, events: [spike(12, { minutes: 1 })], seed: 'spike' }),
      ],
      logGroups: [
        {
          logGroupName: '/aws/lambda/orders-fn',
          streams: [
            {
              logStreamName: '2024/06/12/[$LATEST]abc',
              events: [
                { timestamp: spikeAt - 1, message: 'ERROR before the window' },
                { timestamp: spikeAt + 1_000, message: 'INFO fine' },
                {
                  timestamp: spikeAt + 2_000,
                  message: '2024-06-12T14:07:02Z ERROR Invoke Error {"errorType":"TypeError"}',
                },
                { timestamp: spikeAt + 59_999, message: 'Task timed out after 3.00 seconds' },
                { timestamp: spikeAt + 60_000, message: 'ERROR after the window' },
              ],
            },
          ],
        },
        {
          logGroupName: '/aws/apigateway/orders/dev',
          streams: [
            {
              logStreamName: 'access',
              events: [
                { timestamp: spikeAt + 500, message: '{"requestId":"r1","status":"200","routeKey":"GET /orders"}' },
                { timestamp: spikeAt + 900, message: '{"requestId":"r2","status":"502","routeKey":"GET /orders"}' },
              ],
            },
          ],
        },
      ],
    });
    const g0 = minutesAgo(60);
    const w = logsWindow({ start: spikeAt + 30_000 }, 60, g0);
    assert.deepEqual(w, { startTime: spikeAt, endTime: spikeAt + 59_999 });
    const fn = await all(
      session.logs.filterLogEvents('/aws/lambda/orders-fn', { ...w, filterPattern: FUNCTION_ERRORS_PATTERN }),
    );
    assert.deepEqual(
      fn.map((e) => e.message),
      ['2024-06-12T14:07:02Z ERROR Invoke Error {"errorType":"TypeError"}', 'Task timed out after 3.00 seconds'],
    );
    const access = await all(session.logs.filterLogEvents('/aws/apigateway/orders/dev', w));
    assert.deepEqual(
      access.filter((e) => isErrorAccessLine(e.message!)).map((e) => e.message),
      ['{"requestId":"r2","status":"502","routeKey":"GET /orders"}'],
    );
  });
});
