// Metrics: "Show API Metrics", "Show Stage Metrics", "Show Route Metrics" (a panel each), "Turn On Detailed
// Metrics" (a write, in a modal that names the stage and says it may cost money) and "Show Logs of a Time Window"
// (what a chart selection runs). The engines are the lazy aws bundle's.
import { WorkbenchError } from '../../core/errors';
import { isPreset, type MetricsTarget } from '../../webview/metrics/protocol';
import type { Invocation } from '../commands/invocation';
import { pickStage } from '../commands/pickers';
import type { ApiSubject } from '../commands/subjects';
import type { MetricsFeature } from './feature';
import { LOGS_CHANNEL_PREFIX, offerLiveTail, readWindow, windowOf, windowText, type WindowArgs } from './logs';

/** `{ range: '1h' | '3h' | '12h' | '1d' | '1w' }` opens at that range (default 3 h). */
export interface ShowArgs {
  range: string;
  /** A route's stage (Show Route Metrics): asked when the API has several. */
  stage: string;
}

function targetOf(api: ApiSubject, stage?: string, route?: string): MetricsTarget {
  return {
    apiId: api.id,
    apiName: api.name,
    protocol: api.protocol,
    region: api.region,
    ...(stage !== undefined ? { stage } : {}),
    ...(route !== undefined ? { route } : {}),
  };
}

function open(inv: Invocation<'api' | 'stage' | 'route', ShowArgs>, f: MetricsFeature, t: MetricsTarget): string {
  const range = inv.args.range;
  return f.show(t, isPreset(range) ? range : undefined).panel.title;
}

export function showApiMetrics(inv: Invocation<'api', ShowArgs>, f: MetricsFeature): string {
  return open(inv, f, targetOf(inv.subject.api));
}

export function showStageMetrics(inv: Invocation<'stage', ShowArgs>, f: MetricsFeature): string {
  return open(inv, f, targetOf(inv.subject.api, inv.subject.stage.name));
}

/** Route metrics exist per stage: the stage given, the API's only one, or the one picked. */
export async function showRouteMetrics(
  inv: Invocation<'route', ShowArgs>,
  f: MetricsFeature,
): Promise<string | undefined> {
  const { api, route } = inv.subject;
  const given = typeof inv.args.stage === 'string' && inv.args.stage !== '' ? inv.args.stage : undefined;
  const stage =
    given ??
    (await pickStage(inv.rt, api, { title: `${inv.title}: ${route.key}`, placeHolder: 'Stage', single: 'auto' }))?.name;
  if (stage === undefined) return undefined;
  return open(inv, f, targetOf(api, stage, route.key));
}

/** Sets DetailedMetricsEnabled in the stage's default route settings, after a modal naming the stage and the cost. */
export async function enableDetailedMetrics(inv: Invocation<'stage'>): Promise<boolean> {
  const { rt, subject } = inv;
  const { api } = subject;
  const name = subject.stage.name;
  const session = await rt.connection.session();
  const stage = await inv.step(`Reading stage ${name}…`, () => session.apigw.getStage(api.id, name, inv.signal));
  if (stage.DefaultRouteSettings?.DetailedMetricsEnabled === true) {
    rt.prompts.notify('info', `Detailed metrics are already on for ${api.name}/${name}.`);
    return false;
  }
  const conn = session.connection;
  const ok = await rt.prompts.confirm(
    `Turn on detailed metrics for stage ${name} of ${api.name} (${api.id}, ${conn.profile} · ${conn.region})?`,
    'Turn On Detailed Metrics',
    `Changes the route settings of stage ${name} (DefaultRouteSettings.DetailedMetricsEnabled), so API Gateway ` +
      'publishes requests, errors and latency per route to CloudWatch. CloudWatch charges for these metrics as ' +
      'custom metrics: this may cost money.',
  );
  if (!ok) return false;
  await inv.step(`Turning on detailed metrics for ${name}…`, () =>
    session.apigw.updateStage(
      api.id,
      name,
      { DefaultRouteSettings: { ...stage.DefaultRouteSettings, DetailedMetricsEnabled: true } },
      inv.signal,
    ),
  );
  rt.log.child('metrics').info(`detailed metrics of ${api.name}/${name} turned on`);
  rt.resources.fire({ apiId: api.id, kinds: ['stages'] });
  rt.prompts.notify('info', `Detailed metrics are on for ${api.name}/${name}: route metrics appear within minutes.`);
  return true;
}

/** The route's key from the arguments: a panel of a route reads that route's logs only. */
function routeOf(inv: Invocation<'stage', WindowArgs>): string | undefined {
  return typeof inv.args.route === 'string' && inv.args.route !== '' ? inv.args.route : undefined;
}

/**
 * The logs of one window into "API Gateway Logs: API/STAGE" (or "… · ROUTE" for a route's panel: only its access
 * lines and the functions its integration and authorizer call); returns the channel's name.
 */
export async function showMetricsLogs(inv: Invocation<'stage', WindowArgs>, f: MetricsFeature): Promise<string> {
  const { rt, subject } = inv;
  const target = { apiId: subject.api.id, stageName: subject.stage.name };
  const w = windowOf(inv);
  const routeKey = routeOf(inv);
  const session = await rt.connection.session();
  const tail = rt.aws().tail;
  const found = await inv.step(`Finding the log groups of stage ${target.stageName}…`, () =>
    tail.discoverStageLogs(session, target.apiId, target.stageName, {
      signal: inv.signal,
      ...(routeKey !== undefined ? { routeKey } : {}),
    }),
  );
  const label = `${subject.api.name}/${target.stageName}${routeKey !== undefined ? ` · ${routeKey}` : ''}`;
  if (found.sources.length === 0)
    throw new WorkbenchError('NotFound', `${label} has no logs to read.`, {
      hint: 'Turn access logging on (Tail Stage Logs offers it); Lambda log groups appear once the functions run.',
      fix: { label: 'Tail Stage Logs', command: { id: 'apigw.tailStage', args: [target] } },
    });
  const errorsOnly = inv.args.errorsOnly === true;
  const filter = { errorsOnly, ...(routeKey !== undefined ? { routeKey } : {}) };
  const read = await inv.step(`Reading the logs of ${label}…`, () => readWindow(inv, session, found, w, filter));
  const channel = rt.outputs.channel(`${LOGS_CHANNEL_PREFIX}${label}`);
  channel.replace(windowText(inv, { label, found, w, errorsOnly }, read));
  channel.show();
  const summary = `${read.events.length} log event${read.events.length === 1 ? '' : 's'} of ${label} in "${channel.name}".`;
  void f.panelOf(target.apiId, target.stageName, routeKey)?.notePage(summary);
  offerLiveTail(inv, target, summary);
  return channel.name;
}
