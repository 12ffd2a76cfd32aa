// The explorer's glance without VS Code, against the local service through the real CloudWatch client: ten stages
// rendered together cost one GetMetricData call and the alarms one DescribeAlarms listing, kept a minute (an injected
// clock), nothing read while the view is hidden; and the words the nodes show.
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { glanceDescription, withAlarms, withLastHour } from '../../src/core/explorer/format';
import type { AlarmInfo } from '../../src/core/metrics/alarms';
import type { MetricScope } from '../../src/core/metrics/scope';
import { Glance, GLANCE_TTL_MS } from '../../src/vscode/explorer/glance';
import type { Logger } from '../../src/vscode/log';
import { apiAlarm, steadyTraffic } from '../localaws/metricsSeed';
import { ordersApi, type SeedFile } from '../localaws/seed';
import { testConnection } from '../localaws/connection';
import { useLocalAws } from '../localaws/fixture';
import { testSessions } from '../localaws/sessions';

const STAGES = Array.from({ length: 10 }, (_v, i) => `s${i}`);

function seed(): SeedFile {
  const api = ordersApi({ stages: STAGES.map((stageName) => ({ stageName })) });
  return {
    apis: [api],
    metrics: STAGES.map((s, i) => steadyTraffic('orders-api', s, { perMinute: 10 * (i + 1), rate5xx: 0.01 })),
    alarms: [apiAlarm('s3-5xx', 'orders-api', { stage: 's3', state: 'ALARM' }), apiAlarm('api-count', 'orders-api')],
  };
}

const silent: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: () => '#0',
  child: () => silent,
  show() {},
};

describe('explorer glance', () => {
  const aws = useLocalAws({ reset: seed });
  let apiId: string;
  let now: number;
  let visible: boolean;
  let renders: number;
  let glance: Glance;

  beforeEach(async () => {
    apiId = [...aws.regionState().apis.values()][0]!.api.apiId;
    const session = testSessions().get(testConnection(aws.endpoint));
    now = Date.now();
    visible = true;
    renders = 0;
    glance = new Glance({
      session: async () => session,
      rerender: () => renders++,
      log: silent,
      enabled: () => true,
      visible: () => visible,
      now: () => now,
    });
  });

  const scope = (stage: string): MetricScope => ({ protocol: 'HTTP', apiId, stage });
  const operations = async () => (await aws.calls({ service: 'cloudwatch' })).map((c) => c.operation);
  const render = () => STAGES.map((s) => [glance.summary(scope(s)), glance.alarms({ apiId, stage: s })] as const);
  const settled = async (n: number) => {
    for (let i = 0; i < 200 && renders < n; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(renders, n);
  };

  it('reads the last hour of ten rendered stages in one GetMetricData call and the alarms in one listing', async () => {
    assert.ok(
      render().every(([s, a]) => s === undefined && a === undefined),
      'nothing kept before the answer',
    );
    await settled(1);
    assert.deepEqual(await operations(), ['GetMetricData', 'DescribeAlarms']);
    assert.equal(glance.summaryCalls, 1);
    const shown = render();
    assert.equal(shown[0]![0]!.requests, 600, 's0: 10 a minute for an hour');
    assert.equal(shown[9]![0]!.requests, 6000);
    assert.deepEqual(
      shown[3]![1]!.map((a: AlarmInfo) => a.name),
      ['s3-5xx'],
    );
    assert.deepEqual(
      glance
        .alarms({ apiId })!
        .map((a) => a.name)
        .sort(),
      ['api-count', 's3-5xx'],
    );

    // Kept a minute: renders within it read nothing; after it, one call again.
    now += GLANCE_TTL_MS - 1;
    render();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await operations()).length, 2);
    now += 2;
    const before = JSON.stringify(render());
    for (let i = 0; i < 200 && (await operations()).length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await operations(), ['GetMetricData', 'DescribeAlarms', 'GetMetricData', 'DescribeAlarms']);
    // The tree renders again only when what it shows changed.
    assert.equal(renders, JSON.stringify(render()) === before ? 1 : 2);
  });

  it('reads nothing while the view is hidden; once shown, what it asked for in one call each', async () => {
    visible = false;
    render();
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(await operations(), []);
    assert.equal(renders, 0);
    visible = true;
    glance.shown();
    await settled(1);
    assert.deepEqual(await operations(), ['GetMetricData', 'DescribeAlarms']);
    assert.equal(render()[0]![0]!.requests, 600);
  });

  it('says the last hour and ALARM after the description, and lists the alarms in the tooltip', () => {
    const summary = {
      scope: { protocol: 'HTTP' as const, apiId: 'a', stage: 'prod' },
      requests: 1234,
      errors: 5,
      errorRate: 0.405,
      p99: 210,
    };
    assert.equal(
      glanceDescription('deployment abc123', { summary, alarm: 'ALARM' }),
      'deployment abc123 · ALARM · 1.2k req · 0.4% 5xx · p99 210 ms',
    );
    assert.equal(
      glanceDescription('deployment abc123', { summary: { ...summary, requests: 0 }, alarm: 'OK' }),
      'deployment abc123',
    );
    const alarm = (name: string, state: AlarmInfo['state']): AlarmInfo => ({
      name,
      state,
      condition: '5xx Sum > 10',
      metrics: [],
    });
    const t = withAlarms(withLastHour({ title: 'prod' }, summary), [alarm('b-ok', 'OK'), alarm('a-fires', 'ALARM')]);
    assert.deepEqual(t.rows, [
      ['Last hour', '1.2k req · 0.4% 5xx · p99 210 ms'],
      ['Alarm', 'ALARM  a-fires: 5xx Sum > 10'],
      ['Alarm', 'OK  b-ok: 5xx Sum > 10'],
    ]);
  });
});
