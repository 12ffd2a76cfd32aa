// The pure metrics core: periods within CloudWatch's retention, query building per protocol, scope and route,
// packing into calls within 500 queries and 100,800 datapoints, alignment with gaps kept, rate and percentile maths,
// totals and top routes, stage summaries, sparklines, --fail-on thresholds, history markers, alarms and log windows.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeHistoryEntry } from '../../src/core/history';
import {
  alarmInfo,
  alarmLines,
  alarmsFor,
  alignRange,
  alignToGrid,
  assembleSummaries,
  assembleView,
  bucketMax,
  checkPeriod,
  choosePeriod,
  compactNumber,
  describePeriod,
  detailedMetrics,
  dimensionsOf,
  estimatePoints,
  evaluateThresholds,
  fetchedSeries,
  finestPeriod,
  formatBytes,
  formatMs,
  formatPercent,
  gateFails,
  historyMarkers,
  isErrorAccessLine,
  accessVerdict,
  isValidQueryId,
  logsWindow,
  markerSlot,
  metricQuery,
  minimumCalls,
  parsePeriod,
  parseThresholds,
  periodGrid,
  planCalls,
  planSummaries,
  planView,
  presetRange,
  queryId,
  rateSeries,
  sparkline,
  stageSummaryText,
  totalValue,
  weightedPercentile,
  wholeRangePeriod,
  worstState,
  type MetricQuery,
  type MetricResult,
  type MetricResults,
  type MetricScope,
} from '../../src/core/metrics';
import { isWorkbenchError } from '../../src/core/errors';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2024, 5, 12, 14, 7, 31, 250);
const HTTP_STAGE: MetricScope = { protocol: 'HTTP', apiId: 'a1b2c3', stage: 'prod' };
const WS_STAGE: MetricScope = { protocol: 'WEBSOCKET', apiId: 'ws9876', stage: 'production' };

function invalidArgument(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isWorkbenchError(err), String(err));
    assert.equal(err.code, 'InvalidArgument');
    assert.match(err.message, message);
    assert.ok(err.hint, 'says what to do');
    return true;
  });
}

function result(id: string, points: Array<[number, number]>, status = 'Complete'): MetricResult {
  return { id, timestamps: points.map((p) => p[0]), values: points.map((p) => p[1]), status };
}

describe('metrics core: periods and retention', () => {
  it('presets end on the last whole minute and pick 1-minute data up to a day, coarser beyond', () => {
    const r = presetRange('1h', NOW);
    assert.equal(r.end, Date.UTC(2024, 5, 12, 14, 7));
    assert.equal(r.end - r.start, HOUR);
    const series = fetchedSeries('HTTP').length;
    assert.equal(choosePeriod(presetRange('1h', NOW), NOW, { series }), 60);
    assert.equal(choosePeriod(presetRange('3h', NOW), NOW, { series }), 60);
    assert.equal(choosePeriod(presetRange('12h', NOW), NOW, { series }), 60);
    assert.equal(choosePeriod(presetRange('1d', NOW), NOW, { series }), 60, '1,440 points: at the target');
    assert.equal(choosePeriod(presetRange('1w', NOW), NOW, { series }), 900, '5 min would be 2,016 points');
    assert.equal(choosePeriod(presetRange('1w', NOW), NOW, { maxPoints: 2_016 }), 300);
  });

  it('keeps the whole view within one call: many series take a coarser period', () => {
    assert.equal(choosePeriod(presetRange('1d', NOW), NOW, { series: 100 }), 300, '100 × 1,440 > 100,800');
  });

  it('a range older than 15 days cannot use 1-minute data, older than 63 days not 5-minute, none past 455 days', () => {
    const at = (daysAgo: number) => ({ start: NOW - daysAgo * DAY, end: NOW - daysAgo * DAY + HOUR });
    assert.equal(finestPeriod(at(1).start, NOW), 60);
    assert.equal(choosePeriod(at(14), NOW), 60);
    assert.equal(choosePeriod(at(16), NOW), 300);
    assert.equal(choosePeriod(at(64), NOW), 3600);
    invalidArgument(() => choosePeriod(at(456), NOW), /455 days/);
    invalidArgument(
      () => checkPeriod(60, at(20), NOW),
      /1 min period .* at 5 min resolution \(1-minute data for 15 days/,
    );
    invalidArgument(() => checkPeriod(900, at(70), NOW), /5 min|1 h/);
    checkPeriod(300, at(20), NOW);
    checkPeriod(3600, at(70), NOW);
    invalidArgument(() => checkPeriod(90, presetRange('1h', NOW), NOW), /period/);
  });

  it('judges a period by the start on its grid: aligning down may cross 15 days, where 1-minute data returns nothing', () => {
    // 20 seconds short of 15 days; on the minute grid the query starts 31 seconds past them (NOW is hh:07:31.25).
    const range = { start: NOW - 15 * DAY + 20_000, end: NOW - 15 * DAY + HOUR };
    assert.equal(alignRange(range, 60).start, NOW - 15 * DAY - 31_250);
    assert.equal(choosePeriod(range, NOW), 300, 'the finest period whose aligned start CloudWatch answers');
    invalidArgument(() => checkPeriod(60, range, NOW), /1 min period cannot show data from .* at 5 min resolution/);
    invalidArgument(
      () => planView({ scope: HTTP_STAGE, range, now: NOW, periodSec: 60 }),
      /1 min period .* 5 min resolution/,
    );
    const vp = planView({ scope: HTTP_STAGE, range, now: NOW });
    assert.equal(vp.periodSec, 300);
    assert.ok(vp.plan.queries.every((q) => q.MetricStat.Period % 300 === 0));
  });

  it('parses --period as whole minutes and refuses anything else', () => {
    assert.equal(parsePeriod('5m'), 300);
    assert.equal(parsePeriod('1h'), 3600);
    assert.equal(parsePeriod('120'), 120);
    for (const bad of ['90s', '0', 'soon', '-5m', '1.5m']) invalidArgument(() => parsePeriod(bad), /whole number/);
    assert.equal(describePeriod(60), '1 min');
    assert.equal(describePeriod(21_600), '6 h');
    assert.equal(describePeriod(86_400), '1 d');
  });

  it('aligns a range on the period grid and reads a whole range as one period', () => {
    const r = { start: Date.UTC(2024, 5, 12, 13, 2, 10), end: Date.UTC(2024, 5, 12, 14, 7, 5) };
    assert.deepEqual(alignRange(r, 300), { start: Date.UTC(2024, 5, 12, 13, 0), end: Date.UTC(2024, 5, 12, 14, 10) });
    assert.equal(wholeRangePeriod(presetRange('1w', NOW), NOW), 7 * 86_400);
    assert.equal(wholeRangePeriod({ start: NOW - 20 * DAY, end: NOW - 20 * DAY + 61 * MIN }, NOW), 3900, '13 × 5 min');
    assert.equal(periodGrid({ start: 0, end: 5 * MIN }, 60).length, 5);
  });
});

describe('metrics core: queries per protocol, scope and route', () => {
  it('names dimensions as AWS documents them for HTTP and WebSocket APIs', () => {
    assert.deepEqual(dimensionsOf({ protocol: 'HTTP', apiId: 'a1' }), [{ Name: 'ApiId', Value: 'a1' }]);
    assert.deepEqual(dimensionsOf({ ...HTTP_STAGE, route: 'GET /orders/{id}' }), [
      { Name: 'ApiId', Value: 'a1b2c3' },
      { Name: 'Stage', Value: 'prod' },
      { Name: 'Route', Value: 'GET /orders/{id}' },
    ]);
    assert.deepEqual(dimensionsOf({ ...WS_STAGE, route: '$connect' }), [
      { Name: 'ApiId', Value: 'ws9876' },
      { Name: 'Stage', Value: 'production' },
      { Name: 'Route', Value: '$connect' },
    ]);
    invalidArgument(() => dimensionsOf({ protocol: 'HTTP', apiId: 'a1', route: 'GET /' }), /stage/);
  });

  it('an HTTP view asks Count, 4xx, 5xx, DataProcessed and both latencies at p50, p90, p99 and average', () => {
    const vp = planView({ scope: HTTP_STAGE, range: presetRange('3h', NOW), now: NOW });
    const series = vp.plan.queries.filter((q) => vp.plan.refs.get(q.Id)!.role === 'series');
    const got = series.map((q) => `${q.MetricStat.Metric.MetricName} ${q.MetricStat.Stat}`).sort();
    assert.deepEqual(got, [
      '4xx Sum',
      '5xx Sum',
      'Count Sum',
      'DataProcessed Sum',
      'IntegrationLatency Average',
      'IntegrationLatency p50',
      'IntegrationLatency p90',
      'IntegrationLatency p99',
      'Latency Average',
      'Latency p50',
      'Latency p90',
      'Latency p99',
    ]);
    assert.ok(series.every((q) => q.MetricStat.Period === 60 && q.MetricStat.Metric.Namespace === 'AWS/ApiGateway'));
    const totals = vp.plan.queries.filter((q) => vp.plan.refs.get(q.Id)!.role === 'total');
    assert.equal(totals.length, 12);
    assert.ok(
      totals.every((q) => q.MetricStat.Period === 3 * 3600),
      'one point over the whole range',
    );
  });

  it('a WebSocket view asks its own metrics and none of HTTP', () => {
    const vp = planView({ scope: WS_STAGE, range: presetRange('1h', NOW), now: NOW });
    const names = new Set(vp.plan.queries.map((q) => q.MetricStat.Metric.MetricName));
    assert.deepEqual(
      [...names].sort(),
      [
        'ClientError',
        'ConnectCount',
        'ExecutionError',
        'IntegrationError',
        'IntegrationLatency',
        'MessageCount',
      ].sort(),
    );
  });

  it('every query id is a valid CloudWatch id, unique, and never carries a route key', () => {
    const routes = ['GET /orders', 'GET /orders/{id}', 'ANY /legacy/{proxy+}', '$default', 'POST /ünïcode'];
    const vp = planView({ scope: HTTP_STAGE, range: presetRange('1d', NOW), now: NOW, routes });
    const ids = vp.plan.queries.map((q) => q.Id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every(isValidQueryId), ids.filter((i) => !isValidQueryId(i)).join(', '));
    const routeQueries = vp.plan.queries.filter((q) => q.Id.startsWith('r'));
    assert.equal(routeQueries.length, routes.length * 3);
    assert.deepEqual(
      [...new Set(routeQueries.map((q) => q.MetricStat.Metric.Dimensions.find((d) => d.Name === 'Route')!.Value))],
      routes,
    );
    assert.equal(queryId('v', 'latency.p99'), 'v_latency_p99');
    assert.equal(queryId('4xx'), 'q4xx');
    assert.equal(queryId('Latency'), 'latency');
    assert.equal(isValidQueryId('9lives'), false);
    assert.equal(isValidQueryId('a-b'), false);
  });

  it('a WebSocket route row counts $connect by ConnectCount and other routes by MessageCount', () => {
    const vp = planView({
      scope: WS_STAGE,
      range: presetRange('1h', NOW),
      now: NOW,
      routes: ['$connect', 'sendMessage'],
    });
    const q = (id: string) => vp.plan.queries.find((x) => x.Id === id)!.MetricStat;
    assert.equal(q('r0_requests').Metric.MetricName, 'ConnectCount');
    assert.equal(q('r1_requests').Metric.MetricName, 'MessageCount');
    assert.equal(q('r1_errors').Metric.MetricName, 'IntegrationError');
    assert.equal(q('r1_p99').Stat, 'p99');
  });

  it('top routes need a stage', () => {
    invalidArgument(
      () =>
        planView({
          scope: { protocol: 'HTTP', apiId: 'a1' },
          range: presetRange('1h', NOW),
          now: NOW,
          routes: ['GET /'],
        }),
      /stage/,
    );
  });

  it('reads whether a stage publishes route metrics, for all routes, some or none', () => {
    assert.equal(detailedMetrics({}).state, 'off');
    assert.equal(detailedMetrics({ DefaultRouteSettings: { DetailedMetricsEnabled: true } }).state, 'on');
    const some = detailedMetrics({
      DefaultRouteSettings: { DetailedMetricsEnabled: false },
      RouteSettings: { 'GET /orders': { DetailedMetricsEnabled: true } },
    });
    assert.equal(some.state, 'some');
    assert.equal(some.on('GET /orders'), true);
    assert.equal(some.on('POST /orders'), false);
  });
});

describe('metrics core: calls within 500 queries and 100,800 datapoints', () => {
  const range = presetRange('1h', NOW);
  const many = (n: number, period: number): MetricQuery[] =>
    Array.from({ length: n }, (_v, i) => metricQuery(queryId('q', i), HTTP_STAGE, 'Count', 'Sum', period));

  it('splits at 500 queries', () => {
    const calls = planCalls(many(1_201, 3600), range);
    assert.deepEqual(
      calls.map((c) => c.length),
      [500, 500, 201],
    );
    assert.equal(minimumCalls(many(1_201, 3600), range), 3);
    assert.deepEqual(
      calls
        .flat()
        .map((q) => q.Id)
        .sort(),
      many(1_201, 3600)
        .map((q) => q.Id)
        .sort(),
    );
  });

  it('splits within 100,800 datapoints, in as few calls as the limit allows', () => {
    const week = presetRange('1w', NOW);
    const queries = many(20, 60);
    assert.equal(estimatePoints(queries[0]!, week), 10_081);
    const calls = planCalls(queries, week);
    for (const c of calls) assert.ok(c.reduce((s, q) => s + estimatePoints(q, week), 0) <= 100_800);
    assert.equal(calls.length, 3);
    assert.equal(calls.length, minimumCalls(queries, week));
  });

  it("puts a stage's whole view in one call, and 300 routes in the two the query limit needs", () => {
    const routes = (n: number) => Array.from({ length: n }, (_v, i) => `GET /r${i}`);
    const small = planView({ scope: HTTP_STAGE, range: presetRange('1d', NOW), now: NOW, routes: routes(20) });
    assert.equal(small.calls.length, 1);
    assert.equal(small.calls[0]!.length, 24 + 60);
    const big = planView({ scope: HTTP_STAGE, range: presetRange('1d', NOW), now: NOW, routes: routes(300) });
    assert.equal(big.plan.queries.length, 924);
    assert.equal(big.calls.length, 2);
    assert.ok(big.calls.every((c) => c.length <= 500));
  });

  it('a forced 1-minute period over a week takes the calls its datapoints need, no more', () => {
    const vp = planView({ scope: HTTP_STAGE, range: presetRange('1w', NOW), now: NOW, periodSec: 60 });
    assert.equal(vp.calls.length, minimumCalls(vp.plan.queries, vp.range));
    assert.equal(vp.calls.length, 2, '12 × 10,081 points');
  });
});

describe('metrics core: alignment, rates and percentiles', () => {
  const range = { start: Date.UTC(2024, 5, 12, 14, 0), end: Date.UTC(2024, 5, 12, 14, 6) };
  const grid = periodGrid(range, 60);
  const t = (m: number) => range.start + m * MIN;

  it('puts points on the grid from newest-first answers, keeping missing minutes as gaps and zeros as zeros', () => {
    const r = result('v_count', [
      [t(5), 7],
      [t(3), 0],
      [t(2), 12],
      [t(0), 4],
    ]);
    assert.deepEqual(alignToGrid(r, grid, 60), [4, null, 12, 0, null, 7]);
    assert.deepEqual(alignToGrid(undefined, grid, 60), [null, null, null, null, null, null]);
    // A point off the grid goes to the period that holds it; one outside the range is dropped.
    assert.deepEqual(
      alignToGrid(
        result('x', [
          [t(1) + 30_000, 3],
          [t(9), 1],
        ]),
        grid,
        60,
      ),
      [null, 3, null, null, null, null],
    );
  });

  it('a rate is undefined where the count is 0 or missing, not 0 %', () => {
    const count = [100, 0, null, 50, 200];
    const errors = [1, 0, 3, null, 0];
    assert.deepEqual(rateSeries(errors, count), [1, null, null, null, 0]);
  });

  it('reads whole-range totals, combining the two points a rounded start may split them into', () => {
    assert.equal(totalValue(result('t', [[t(0), 40]]), 'Sum'), 40);
    assert.equal(
      totalValue(
        result('t', [
          [t(0), 40],
          [t(1), 2],
        ]),
        'Sum',
      ),
      42,
    );
    assert.equal(
      totalValue(
        result('t', [
          [t(0), 40],
          [t(1), 210],
        ]),
        'p99',
      ),
      210,
    );
    assert.equal(totalValue(result('t', []), 'Sum'), undefined);
  });

  it('weighted percentiles follow CloudWatch: the smallest value reaching p % of the weight', () => {
    const hundred = Array.from({ length: 100 }, (_v, i) => [i + 1, 1] as const);
    assert.equal(weightedPercentile(hundred, 50), 50);
    assert.equal(weightedPercentile(hundred, 99), 99);
    assert.equal(weightedPercentile(hundred, 100), 100);
    assert.equal(weightedPercentile(hundred, 0), 1);
    assert.equal(
      weightedPercentile(
        [
          [10, 98],
          [500, 2],
        ],
        99,
      ),
      500,
    );
    assert.equal(
      weightedPercentile(
        [
          [10, 99],
          [500, 1],
        ],
        99,
      ),
      10,
    );
    assert.equal(weightedPercentile([], 99), undefined);
  });

  it('assembles charts, totals with rates, and top routes from one set of answers', () => {
    const vp = planView({
      scope: HTTP_STAGE,
      range: { start: range.start, end: range.end },
      now: range.end + MIN,
      routes: ['GET /orders', 'POST /orders', 'GET /quiet'],
    });
    const results: MetricResults = new Map();
    const put = (id: string, pts: Array<[number, number]>, status?: string) => results.set(id, result(id, pts, status));
    put('v_count', [
      [t(0), 100],
      [t(1), 0],
      [t(3), 50],
    ]);
    put('v_5xx', [
      [t(0), 2],
      [t(1), 0],
      [t(3), 5],
    ]);
    put('t_count', [[t(0), 150]]);
    put('t_5xx', [[t(0), 7]]);
    put('t_latency_p99', [[t(0), 210]]);
    put('r0_requests', [[t(0), 90]]);
    put('r0_errors', [[t(0), 1]]);
    put('r0_p99', [[t(0), 120]]);
    put('r1_requests', [[t(0), 60]]);
    put('r1_errors', [[t(0), 6]], 'PartialData');
    results.get('r1_errors')!.messages = ['Error Partial data', 'Error Partial data'];
    const view = assembleView(vp, results, ['Warning The call was throttled']);
    assert.equal(view.grid.length, 6);
    const chart = (id: string) => view.charts.find((c) => c.id === id)!;
    assert.deepEqual(chart('requests').series[0]!.values, [100, 0, null, 50, null, null]);
    assert.deepEqual(chart('errorRate').series.find((s) => s.key === '5xxRate')!.values, [
      2,
      null,
      null,
      10,
      null,
      null,
    ]);
    assert.equal(view.totals['count'], 150);
    assert.ok(Math.abs(view.totals['5xxRate']! - (100 * 7) / 150) < 1e-9);
    assert.equal(view.totals['4xx'], undefined, 'nothing published is not zero');
    assert.equal(view.totals['latency.p99'], 210);
    assert.deepEqual(
      view.routes.map((r) => [r.route, r.requests, r.errorRate, r.p99]),
      [
        ['GET /orders', 90, (100 * 1) / 90, 120],
        ['POST /orders', 60, 10, undefined],
        ['GET /quiet', undefined, undefined, undefined],
      ],
    );
    assert.equal(view.routeData, true);
    assert.equal(view.partial, true);
    // What CloudWatch said of the call and of its results, each once.
    assert.deepEqual(view.messages, ['Warning The call was throttled', 'Error Partial data']);
  });
});

describe('metrics core: stage summaries for the tree', () => {
  it('plans the last hour of 10 stages as one call of one point each', () => {
    const stages = Array.from({ length: 10 }, (_v, i) => ({ ...HTTP_STAGE, stage: `s${i}` }));
    const sp = planSummaries(stages, NOW);
    assert.equal(sp.calls.length, 1);
    assert.equal(sp.plan.queries.length, 30);
    assert.ok(sp.plan.queries.every((q) => q.MetricStat.Period === 3600));
    const results: MetricResults = new Map([
      ['s0_requests', result('s0_requests', [[sp.range.start, 1234]])],
      ['s0_errors', result('s0_errors', [[sp.range.start, 5]])],
      ['s0_p99', result('s0_p99', [[sp.range.start, 210.4]])],
    ]);
    const summaries = assembleSummaries(sp, results);
    assert.equal(stageSummaryText(summaries[0]!), '1.2k req · 0.4% 5xx · p99 210 ms');
    assert.equal(stageSummaryText(summaries[1]!), 'no traffic in the last hour');
    assert.equal(
      stageSummaryText({ scope: WS_STAGE, requests: 340, errors: 2, errorRate: 0.6, p99: 45 }),
      '340 msg · 2 errors · p99 45 ms',
    );
  });

  it('formats counts, rates, latencies and sizes compactly', () => {
    assert.deepEqual([0, 7, 999, 1_000, 1_234, 12_345, 999_499, 999_500, 1_500_000, 2.5e9].map(compactNumber), [
      '0',
      '7',
      '999',
      '1k',
      '1.2k',
      '12k',
      '999k',
      '1M',
      '1.5M',
      '2.5G',
    ]);
    assert.deepEqual([0, 0.01, 0.4, 9.96, 12.4].map(formatPercent), ['0%', '<0.1%', '0.4%', '10%', '12%']);
    assert.deepEqual([0.74, 210.4, 1530, 12_400].map(formatMs), ['0.7 ms', '210 ms', '1.5 s', '12 s']);
    assert.deepEqual([512, 1536, 12 * 1024 * 1024].map(formatBytes), ['512 B', '1.5 KB', '12 MB']);
  });
});

describe('metrics core: sparklines', () => {
  it('draws the scale from zero, gaps as spaces', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([0, null, 7, null]), '▁ █ ');
    assert.equal(sparkline([0, 0, 0]), '▁▁▁');
    assert.equal(sparkline([null, null]), '  ');
    assert.equal(sparkline([]), '');
    assert.equal(sparkline([5, 5]), '██', 'a steady positive series reads as full bars from zero');
    assert.equal(sparkline([10, 20], { min: 10, max: 20 }), '▁█');
  });

  it('keeps a one-minute spike visible when a long series is cut to the terminal width', () => {
    const week = Array.from({ length: 10_080 }, (_v, i) => (i === 6_000 ? 90 : i % 1440 < 60 ? null : 10));
    const line = sparkline(week, { width: 60 });
    assert.equal([...line].length, 60);
    assert.equal([...line].filter((c) => c === '█').length, 1);
    assert.equal(bucketMax([1, null, null, 3], 2).join(','), '1,3');
    assert.deepEqual(bucketMax([null, null, 1, 2], 2), [null, 2]);
  });
});

describe('metrics core: --fail-on thresholds', () => {
  it('parses several thresholds with their units', () => {
    assert.deepEqual(
      parseThresholds('5xx-rate>1%, p99>500ms,4xx>=100, p90 > 1.5s, requests<2k').map((t) => [t.metric, t.op, t.value]),
      [
        ['5xx-rate', '>', 1],
        ['p99', '>', 500],
        ['4xx', '>=', 100],
        ['p90', '>', 1500],
        ['requests', '<', 2000],
      ],
    );
  });

  it('says exactly what is wrong', () => {
    invalidArgument(() => parseThresholds('5xx-rate>1'), /5xx-rate>1.*percent/);
    invalidArgument(() => parseThresholds('p99>500'), /p99>500.*ms or s/);
    invalidArgument(() => parseThresholds('4xx>10ms'), /count/);
    invalidArgument(() => parseThresholds('errors>1'), /unknown metric errors/);
    invalidArgument(() => parseThresholds('p99=500ms'), /METRIC>VALUE/);
    invalidArgument(() => parseThresholds(' , '), /no threshold/);
  });

  it('evaluates against a range: crossed, within, or no data (never read as zero)', () => {
    const totals = { count: 2000, '5xx': 46, '5xxRate': 2.3, '4xx': 12, 'latency.p99': 480 };
    const results = evaluateThresholds(
      parseThresholds('5xx-rate>1%,p99>500ms,4xx>100,integration-p99>1s'),
      totals,
      'HTTP',
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fail', 'pass', 'pass', 'no-data'],
    );
    assert.equal(results[0]!.message, '5xx-rate 2.3% (fails when > 1%)');
    assert.equal(gateFails(results), true);
    assert.equal(gateFails(results.slice(1)), false);
    assert.equal(gateFails(results.slice(1), { failOnNoData: true }), true);
  });

  it('refuses a metric the protocol does not publish instead of passing', () => {
    invalidArgument(
      () => evaluateThresholds(parseThresholds('5xx-rate>1%'), {}, 'WEBSOCKET'),
      /WebSocket APIs do not publish 5xx-rate/,
    );
    const ws = evaluateThresholds(
      parseThresholds('p99>100ms,integration-errors>0'),
      { 'integrationLatency.p99': 140, integrationErrors: 0 },
      'WEBSOCKET',
    );
    assert.deepEqual(
      ws.map((r) => r.status),
      ['fail', 'pass'],
    );
  });
});

describe('metrics core: markers, alarms, windows to logs', () => {
  it('places deploys and promotions of the range on the axis, oldest first', () => {
    const at = (m: number) => new Date(Date.UTC(2024, 5, 12, 14, m));
    const tags = {
      team: 'orders',
      'apigw:history:0': encodeHistoryEntry({ seq: 0, deploymentId: 'd1', action: 'deploy', at: at(-300) }),
      'apigw:history:1': encodeHistoryEntry({
        seq: 1,
        deploymentId: 'd2',
        previous: 'd1',
        action: 'promote',
        at: at(2),
        by: 'alice',
      }),
      'apigw:history:2': encodeHistoryEntry({
        seq: 2,
        deploymentId: 'd1',
        previous: 'd2',
        action: 'rollback',
        at: at(40),
      }),
      'apigw:history:3': encodeHistoryEntry({ seq: 3, deploymentId: 'd3', action: 'deploy' }),
    };
    const range = { start: Date.UTC(2024, 5, 12, 14, 0), end: Date.UTC(2024, 5, 12, 15, 0) };
    const markers = historyMarkers(tags, range);
    assert.deepEqual(
      markers.map((m) => m.label),
      ['promote d2 by alice', 'rollback d1'],
    );
    assert.equal(markerSlot(markers[0]!, periodGrid(range, 300), 300), 0);
    assert.equal(markerSlot(markers[1]!, periodGrid(range, 300), 300), 8);
  });

  it('finds the alarms of an API and of a stage by their dimensions, math alarms included', () => {
    const dims = (o: Record<string, string>) => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
    const alarms = [
      {
        AlarmName: 'api-5xx',
        StateValue: 'OK',
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 10,
        Dimensions: dims({ ApiId: 'a1b2c3' }),
      },
      {
        AlarmName: 'prod-p99',
        StateValue: 'ALARM',
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        ExtendedStatistic: 'p99',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 500,
        Dimensions: dims({ ApiId: 'a1b2c3', Stage: 'prod' }),
      },
      {
        AlarmName: 'dev-rate',
        StateValue: 'INSUFFICIENT_DATA',
        Metrics: [
          {
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: 'Count',
                Dimensions: dims({ ApiId: 'a1b2c3', Stage: 'dev' }),
              },
            },
          },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 1,
      },
      {
        AlarmName: 'other-api',
        StateValue: 'ALARM',
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: dims({ ApiId: 'zzz', Stage: 'prod' }),
      },
      {
        AlarmName: 'lambda',
        StateValue: 'ALARM',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: dims({ ApiId: 'a1b2c3' }),
      },
    ].map(alarmInfo);
    assert.deepEqual(
      alarmsFor(alarms, { apiId: 'a1b2c3' }).map((a) => a.name),
      ['api-5xx', 'prod-p99', 'dev-rate'],
    );
    assert.deepEqual(
      alarmsFor(alarms, { apiId: 'a1b2c3', stage: 'prod' }).map((a) => a.name),
      ['prod-p99'],
    );
    assert.equal(worstState(alarmsFor(alarms, { apiId: 'a1b2c3' })), 'ALARM');
    assert.equal(worstState(alarmsFor(alarms, { apiId: 'a1b2c3', stage: 'dev' })), 'INSUFFICIENT_DATA');
    assert.equal(worstState([]), undefined);
    assert.deepEqual(alarmLines(alarmsFor(alarms, { apiId: 'a1b2c3' })), [
      'ALARM  prod-p99: Latency p99 > 500',
      'INSUFFICIENT_DATA  dev-rate: metric math > 1',
      'OK  api-5xx: 5xx Sum > 10',
    ]);
  });

  it('turns a clicked point or a selected range into whole periods of logs', () => {
    const g0 = Date.UTC(2024, 5, 12, 14, 0);
    assert.deepEqual(logsWindow({ start: g0 + 7 * MIN }, 60, g0), {
      startTime: g0 + 7 * MIN,
      endTime: g0 + 8 * MIN - 1,
    });
    assert.deepEqual(logsWindow({ start: g0 + 12 * MIN + 5_000, end: g0 + 6 * MIN + 1 }, 300, g0), {
      startTime: g0 + 5 * MIN,
      endTime: g0 + 15 * MIN - 1,
    });
    assert.equal(isErrorAccessLine('{"requestId":"a1","status":"502","routeKey":"GET /orders"}'), true);
    assert.equal(isErrorAccessLine('{"requestId":"a2","statusCode":404}'), false);
    assert.equal(isErrorAccessLine('{"requestId":"a2","statusCode":404}', 400), true);
    assert.equal(isErrorAccessLine('START RequestId: 1 Version: $LATEST'), false);
  });

  it("keeps a route's access lines for its panel, and says which lines name no route", () => {
    const line = (o: Record<string, string>) => JSON.stringify({ requestId: 'r1', status: '200', ...o });
    const route = { errorsOnly: false, routeKey: 'GET /orders/{id}' };
    assert.equal(accessVerdict(line({ routeKey: 'GET /orders/{id}' }), route), 'keep');
    assert.equal(accessVerdict(line({ routeKey: 'GET /orders' }), route), 'drop');
    assert.equal(accessVerdict(line({ path: '/orders/42' }), route), 'unrouted');
    assert.equal(accessVerdict('START RequestId: 1 Version: $LATEST', route), 'unrouted');
    assert.equal(accessVerdict(line({ route_key: '$connect' }), { errorsOnly: false, routeKey: '$connect' }), 'keep');
    // Only errors, then the route: a 200 of the route is dropped, a 502 of it kept, a 502 of another route dropped.
    const errors = { ...route, errorsOnly: true };
    assert.equal(accessVerdict(line({ routeKey: 'GET /orders/{id}' }), errors), 'drop');
    assert.equal(accessVerdict(line({ routeKey: 'GET /orders/{id}', status: '502' }), errors), 'keep');
    assert.equal(accessVerdict(line({ routeKey: 'GET /orders', status: '502' }), errors), 'drop');
    assert.equal(accessVerdict(line({ status: '502' }), { errorsOnly: true }), 'keep');
    assert.equal(accessVerdict('not json at all', { errorsOnly: false }), 'keep');
  });
});
