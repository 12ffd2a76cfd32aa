// The baseline of the metrics figures: a console-like dashboard that reads each chart with its own GetMetricData and
// each route row with its own, 6 at a time (a browser's connections per host). Used in the node bench
// (metrics.bench.ts) and in the extension host (host/metrics.ts), through the shipped dist/aws.js.
import type * as AwsBundle from '../../src/aws/bundle';

export type Aws = typeof AwsBundle;
export type Session = ReturnType<InstanceType<Aws['SessionPool']>['get']>;
export type Scope = AwsBundle.metrics.MetricScope;

/** At most `n` at once, in order. */
export async function limited<T>(n: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
  return out;
}

/** A console-like dashboard: each chart its own GetMetricData, each route row its own, 6 in flight. */
export async function perChart(aws: Aws, s: Session, scope: Scope, routes: string[], now: number): Promise<number> {
  const m = aws.metrics;
  const range = m.presetRange('3h', now);
  const period = m.choosePeriod(range, now);
  const charts = m.chartsFor(scope.protocol).map((chart) => {
    const keys = new Set(chart.series.flatMap((x) => (x.rate ? [x.rate.numerator, x.rate.denominator] : [x.key])));
    const defs = m.fetchedSeries(scope.protocol).filter((x) => keys.has(x.key));
    return defs.map((x) => m.metricQuery(m.queryId('c', x.key), scope, x.metric!, x.stat!, period));
  });
  const whole = m.wholeRangePeriod(range, now);
  const rows = routes.map((route) => {
    const plan = m.emptyPlan();
    m.addKeyMetrics(plan, { ...scope, route }, whole, 'row');
    return plan.queries;
  });
  const answers = await limited(
    6,
    [...charts, ...rows].map((queries) => () => s.cloudwatch.getMetricData(queries, range)),
  );
  return answers.reduce((sum, a) => sum + a.calls, 0);
}
