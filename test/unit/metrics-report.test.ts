// The text and JSON report of `apigw metrics` (src/core/metrics/report.ts), pure: long series cut into 60 columns that
// keep a spike, markers in the column of their period, gaps as blanks, Top routes cut at 10 with the rest counted,
// the notes for detailed metrics that are partly on or off and for partial answers, and JSON with nulls for gaps.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assembleView,
  evaluateThresholds,
  gateFails,
  gateVerdict,
  metricsJson,
  metricsTable,
  parseThresholds,
  planView,
  type MetricResults,
  type MetricScope,
} from '../../src/core/metrics';

const MIN = 60_000;
const END = Date.UTC(2024, 2, 12, 12, 0);
const STAGE: MetricScope = { protocol: 'HTTP', apiId: 'a1b2c3d4e5', stage: 'prod' };

/** Three hours at one-minute periods: 100 requests a minute, a spike of 900 at minute 100, nothing at minutes 10–19. */
function view(o: { routes?: number; partial?: boolean } = {}) {
  const routes = Array.from({ length: o.routes ?? 0 }, (_v, i) => `GET /r${String(i).padStart(2, '0')}`);
  const vp = planView({ scope: STAGE, range: { start: END - 180 * MIN, end: END }, now: END, periodSec: 60, routes });
  const minutes = Array.from({ length: 180 }, (_v, i) => i).filter((i) => i < 10 || i >= 20);
  const results: MetricResults = new Map([
    [
      'v_count',
      {
        id: 'v_count',
        timestamps: minutes.map((i) => vp.range.start + i * MIN),
        values: minutes.map((i) => (i === 100 ? 900 : 100)),
        ...(o.partial ? { status: 'PartialData' } : {}),
      },
    ],
    ['t_count', { id: 't_count', timestamps: [vp.range.start], values: [17_800] }],
    ['t_5xx', { id: 't_5xx', timestamps: [vp.range.start], values: [178] }],
  ]);
  routes.forEach((_r, i) =>
    results.set(`r${i}_requests`, { id: `r${i}_requests`, timestamps: [vp.range.start], values: [1000 - i] }),
  );
  return assembleView(vp, results);
}

describe('metrics report', () => {
  it('cuts 180 points into 60 columns that keep the spike, blanks the gap, and marks a promotion in its column', () => {
    const v = view();
    const at = END - 180 * MIN + 100 * MIN + 30_000;
    const text = metricsTable(v, {
      apiName: 'orders-api',
      calls: 1,
      detailedMetrics: 'off',
      markers: [{ at, action: 'promote', deploymentId: 'abc123', label: 'promote abc123 by alice' }],
    });
    const lines = text.split('\n');
    assert.equal(lines[0], 'orders-api · prod (HTTP API, a1b2c3d4e5)');
    assert.equal(lines[1], '2024-03-12 09:00 – 12:00 UTC (3 h) · 1 min periods · 1 GetMetricData call');
    const column = lines[3]!.indexOf('per 1 min, 09:00 → 12:00 UTC');
    assert.ok(column > 0, lines[3]);
    const spark = lines.find((l) => l.startsWith('Requests '))!.slice(column);
    assert.equal(spark.length, 60);
    assert.equal(spark.indexOf('█'), 33, 'minute 100 is in column 33 of 60 (3 minutes a column)');
    // Columns 3 and 6 hold minutes 9 and 20; columns 4 and 5 (minutes 12–17) have no data, which is not zero.
    assert.equal(spark.slice(3, 7), '▂  ▂');
    assert.match(
      lines.find((l) => l.startsWith('Requests '))!,
      /^Requests\s+18k\s+900\s+100\s/,
    );
    const marker = lines.find((l) => l.startsWith('Deploys, promotions'))!.slice(column);
    assert.equal(marker, `${' '.repeat(33)}▲`);
    assert.ok(lines.includes('  10:40 promote abc123 by alice'), text);
    assert.match(text, /^Top routes: stage prod has detailed metrics off/m);
  });

  it('Top routes: the first 10 with the rest counted; some routes only; a partial answer is said', () => {
    const v = view({ routes: 12, partial: true });
    const text = metricsTable(v, { apiName: 'orders-api', calls: 1, detailedMetrics: 'some' });
    assert.match(text, /^Top routes by requests \(detailed metrics are on for some routes only\)$/m);
    assert.equal((text.match(/^ {2}GET \/r\d\d /gm) ?? []).length, 10);
    assert.match(text, /^ {2}GET \/r00\s+1k\s+–\s+–\s+–$/m);
    assert.match(text, /^ {2}… 2 more \(--format json lists every route\)$/m);
    assert.match(text, /^Note: CloudWatch answered part of the data only; figures may be incomplete\.$/m);
    const json = metricsJson(v, { apiName: 'orders-api', calls: 1, detailedMetrics: 'some' });
    assert.equal(json.topRoutes!.routes.length, 12);
    assert.equal(json.partial, true);
  });

  it('says what CloudWatch said of its answers, each message once, in the table and the JSON', () => {
    const v = view();
    const said = { ...v, messages: ['MaxQueryTimeRangeExceed The query spans more time than allowed'] };
    const text = metricsTable(said, { apiName: 'orders-api', calls: 1, detailedMetrics: 'off' });
    assert.match(text, /^CloudWatch said: MaxQueryTimeRangeExceed The query spans more time than allowed$/m);
    assert.doesNotMatch(
      metricsTable(v, { apiName: 'orders-api', calls: 1, detailedMetrics: 'off' }),
      /CloudWatch said/,
    );
    assert.deepEqual(metricsJson(said, { apiName: 'orders-api', calls: 1, detailedMetrics: 'off' }).messages, [
      'MaxQueryTimeRangeExceed The query spans more time than allowed',
    ]);
  });

  it('a gate fails when CloudWatch answered part of the data only, whatever the thresholds read', () => {
    // The 5xx total came back InternalError without values: read alone, 5xx-rate would be "no data" and pass.
    const v = view();
    const failed = assembleView(
      planView({ scope: STAGE, range: v.range, now: END, periodSec: 60 }),
      new Map([
        ['t_count', { id: 't_count', timestamps: [v.range.start], values: [17_800] }],
        ['t_5xx', { id: 't_5xx', timestamps: [], values: [], status: 'InternalError' }],
      ]),
    );
    assert.equal(failed.partial, true);
    const checks = evaluateThresholds(parseThresholds('5xx-rate>1%,requests<1'), failed.totals, 'HTTP');
    assert.deepEqual(
      checks.map((c) => c.status),
      ['no-data', 'pass'],
    );
    assert.equal(gateFails(checks), false, 'the thresholds alone pass');
    assert.equal(gateFails(checks, { partial: true }), true);
    assert.equal(gateFails([], { partial: true }), false, 'no gate asked: nothing to fail');
    assert.equal(metricsJson(failed, { apiName: 'orders-api', calls: 1, checks }).failed, true);
    assert.match(
      gateVerdict(checks, { partial: true }),
      /^CloudWatch answered part of the data only, so the thresholds cannot be judged \(0 of 2 thresholds crossed\); run it again\.$/,
    );
    assert.equal(gateVerdict(checks), '0 of 2 thresholds crossed');
  });

  it('JSON: gaps and missing totals as null, checks with their verdict; a gate fails on no data only when asked', () => {
    const v = view();
    const checks = evaluateThresholds(parseThresholds('5xx-rate>0.5%,p99>500ms'), v.totals, 'HTTP');
    const json = metricsJson(v, { apiName: 'orders-api', calls: 2, checks });
    const count = json.series.find((s) => s.key === 'count')!;
    assert.equal(count.values.length, 180);
    assert.deepEqual(count.values.slice(9, 21), [100, ...Array(10).fill(null), 100]);
    assert.equal(json.series.find((s) => s.key === 'latency.p99')!.total, null);
    assert.deepEqual(
      json.checks.map((c) => [c.threshold, c.status, c.actual, c.unit]),
      [
        ['5xx-rate>0.5%', 'fail', 1, 'percent'],
        ['p99>500ms', 'no-data', null, 'ms'],
      ],
    );
    assert.equal(json.failed, true);
    const lenient = evaluateThresholds(parseThresholds('p99>500ms'), v.totals, 'HTTP');
    assert.equal(metricsJson(v, { apiName: 'x', calls: 1, checks: lenient }).failed, false);
    assert.equal(metricsJson(v, { apiName: 'x', calls: 1, checks: lenient, failOnNoData: true }).failed, true);
    assert.match(
      metricsTable(v, { apiName: 'x', calls: 1, checks }),
      /^ {2}FAILED {3}5xx-rate 1% \(fails when > 0\.5%\)$/m,
    );
  });
});
