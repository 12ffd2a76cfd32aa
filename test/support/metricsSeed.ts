// The account the metrics extension-host test, UI test and bench start from: tailAccount() (access logging on
// orders-api/prod, log groups) with CloudWatch traffic on orders-api's stages and chat, a 5xx spike, a promotion in
// prod's history (a marker), detailed metrics on in prod and off in dev, and alarms on the API and on prod.
import { encodeHistoryEntry, HISTORY_TAG_PREFIX } from '../../src/core/history';
import { apiAlarm, minutesAgo, spike, stageTraffic } from '../localaws/metricsSeed';
import type { SeedFile } from '../localaws/seed';
import { tailAccount } from './tailSeed';

export const PROMOTED_MINUTES_AGO = 50;
export const SPIKE_MINUTES_AGO = 30;

export function metricsAccount(now = Date.now()): SeedFile {
  const s = tailAccount();
  const orders = s.apis!.find((a) => a.name === 'orders-api')!;
  const promotion = encodeHistoryEntry({
    seq: 1,
    deploymentId: 'd1a2b3',
    previous: 'c0ffee',
    at: new Date(minutesAgo(PROMOTED_MINUTES_AGO, now)),
    by: 'alice',
    action: 'promote',
  });
  orders.stages = orders.stages!.map((st) =>
    st.stageName === 'prod'
      ? {
          ...st,
          defaultRouteSettings: { ...(st.defaultRouteSettings as object), detailedMetricsEnabled: true },
          tags: { [`${HISTORY_TAG_PREFIX}1`]: promotion },
        }
      : st,
  );
  s.metrics = [
    stageTraffic('orders-api', 'prod', { events: [spike(SPIKE_MINUTES_AGO)], seed: 'prod' }),
    stageTraffic('orders-api', 'dev', { perMinute: 12, seed: 'dev' }),
    stageTraffic('chat', 'production', { perMinute: 40, seed: 'chat' }),
  ];
  s.alarms = [
    apiAlarm('orders-prod-5xx', 'orders-api', { stage: 'prod', state: 'ALARM' }),
    apiAlarm('orders-latency', 'orders-api', { metric: 'Latency', state: 'OK' }),
  ];
  return s;
}
