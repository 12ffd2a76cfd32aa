// The parts of the page around the charts: the toolbar (range, auto-refresh, refresh, errors-only), the header
// (totals, alarms, markers, calls), the detailed-metrics note and the Top routes table.
import { formatValue } from '../../../core/metrics/format';
import { RANGE_PRESETS, type RangePreset } from '../../../core/metrics/period';
import { MIN_CUSTOM_MS, type PageData, type PageState } from '../protocol';
import { button, h } from './dom';

export interface Actions {
  setState(patch: Partial<PageState>): void;
  refresh(): void;
  enableDetailed(): void;
  showRoute(route: string): void;
}

const RANGE_LABELS: Record<RangePreset, string> = { '1h': '1 h', '3h': '3 h', '12h': '12 h', '1d': '1 d', '1w': '1 w' };

export function toolbar(state: PageState, act: Actions): HTMLElement {
  const ranges = h('div', { role: 'group', 'aria-label': 'Time range', class: 'ranges' });
  for (const preset of Object.keys(RANGE_PRESETS) as RangePreset[]) {
    ranges.append(
      button(RANGE_LABELS[preset], () => act.setState({ preset, custom: undefined }), {
        'aria-pressed': String(!state.custom && preset === state.preset),
        'data-range': preset,
      }),
    );
  }
  const auto = h(
    'select',
    { 'aria-label': 'Auto-refresh', id: 'auto-refresh' },
    h('option', { value: '0', selected: state.autoRefresh === 0 }, 'Auto-refresh off'),
    h('option', { value: '1', selected: state.autoRefresh === 1 }, 'Every minute'),
  );
  auto.addEventListener('change', () => act.setState({ autoRefresh: auto.value === '1' ? 1 : 0 }));
  const errors = h('input', { type: 'checkbox', id: 'errors-only', checked: state.errorsOnly });
  errors.addEventListener('change', () => act.setState({ errorsOnly: errors.checked }));
  ranges.append(customRange(state, act));
  return h(
    'div',
    { class: 'toolbar' },
    ranges,
    auto,
    button('Refresh', () => act.refresh(), { id: 'refresh' }),
    h('label', { class: 'check' }, errors, 'Logs: only errors'),
  );
}

/** `2026-11-30T08:15` in local time, as a datetime-local input holds it. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** "Custom": two datetime-local inputs and Apply; a range shorter than five minutes is refused in place. */
function customRange(state: PageState, act: Actions): HTMLElement {
  const now = Date.now();
  const from = h('input', {
    type: 'datetime-local',
    id: 'custom-start',
    'aria-label': 'From',
    value: localInput(state.custom?.start ?? now - 3 * 3_600_000),
  });
  const to = h('input', {
    type: 'datetime-local',
    id: 'custom-end',
    'aria-label': 'To',
    value: localInput(state.custom?.end ?? now),
  });
  const apply = () => {
    const start = new Date(from.value).getTime();
    const end = new Date(to.value).getTime();
    const ok = Number.isFinite(start) && Number.isFinite(end) && end - start >= MIN_CUSTOM_MS;
    to.setAttribute('aria-invalid', String(!ok));
    if (ok) act.setState({ custom: { start, end } });
  };
  const form = h(
    'span',
    { class: 'custom', hidden: !state.custom },
    from,
    '–',
    to,
    button('Apply', apply, { id: 'custom-apply' }),
  );
  const toggle: HTMLButtonElement = button(
    'Custom…',
    () => {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
    },
    {
      'aria-pressed': String(state.custom !== undefined),
      'aria-expanded': String(state.custom !== undefined),
      id: 'custom-toggle',
    },
  );
  return h('span', { class: 'custom-range' }, toggle, form);
}

function totalsLine(d: PageData): string {
  const t = d.view.totals;
  const ws = d.view.scope.protocol === 'WEBSOCKET';
  const parts = ws
    ? [`${formatValue(t.messages, 'count')} messages`, `${formatValue(t.connects, 'count')} connects`]
    : [`${formatValue(t.count, 'count')} requests`, `${formatValue(t['5xxRate'], 'percent')} 5xx`];
  const p99 = t[ws ? 'integrationLatency.p99' : 'latency.p99'];
  parts.push(`p99 ${formatValue(p99, 'ms')}`);
  return parts.join(' · ');
}

export function header(d: PageData): HTMLElement {
  const minutes = d.view.periodSec / 60;
  const period = minutes < 60 ? `${minutes} min` : `${minutes / 60} h`;
  const when = (ms: number) =>
    new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const meta = `${when(d.view.range.start)} – ${when(d.view.range.end)} · period ${period} · ${d.calls} GetMetricData call${d.calls === 1 ? '' : 's'} · updated ${new Date(d.fetchedAt).toTimeString().slice(0, 8)}`;
  const alarms = d.alarms.length
    ? h(
        'ul',
        { class: 'alarms', 'aria-label': 'Alarms' },
        ...d.alarms.map((a) =>
          h('li', { class: `alarm state-${a.state.toLowerCase()}` }, h('b', {}, a.state), ` ${a.name}: ${a.condition}`),
        ),
      )
    : null;
  const markers = d.markers.length
    ? h(
        'p',
        { class: 'markers' },
        'Markers: ',
        d.markers.map((m) => `${new Date(m.at).toTimeString().slice(0, 5)} ${m.label}`).join(' · '),
      )
    : null;
  return h(
    'header',
    {},
    h('h1', {}, d.title),
    h('p', { class: 'totals', id: 'totals' }, totalsLine(d)),
    h('p', { class: 'meta' }, meta, d.view.partial ? ' · some answers were incomplete' : ''),
    d.view.messages?.length ? h('p', { class: 'meta' }, `CloudWatch said: ${d.view.messages.join('; ')}`) : null,
    alarms,
    markers,
  );
}

/** The note where a stage (or route) has no route metrics because detailed metrics are off. */
export function detailedNote(d: PageData, state: PageState, act: Actions): HTMLElement | null {
  const stage = state.target.stage;
  if (stage === undefined || d.detailed === 'on' || d.detailed === 'n/a') return null;
  if (state.target.route === undefined && d.view.routeData) return null;
  const what = d.detailed === 'some' ? 'are on for some routes only' : 'are off';
  return h(
    'div',
    { class: 'note', role: 'note', id: 'detailed-note' },
    h('span', {}, `Detailed metrics ${what} for stage ${stage}: API Gateway publishes no per-route metrics there.`),
    button('Turn On Detailed Metrics…', () => act.enableDetailed(), { id: 'enable-detailed' }),
  );
}

export function topRoutes(d: PageData, act: Actions): HTMLElement | null {
  if (d.view.routes.length === 0) return null;
  const ws = d.view.scope.protocol === 'WEBSOCKET';
  const row = (r: PageData['view']['routes'][number]) =>
    h(
      'tr',
      {},
      h(
        'td',
        {},
        button(r.route, () => act.showRoute(r.route), { class: 'link', title: `Show metrics of ${r.route}` }),
      ),
      h('td', { class: 'num' }, formatValue(r.requests, 'count')),
      h('td', { class: 'num' }, formatValue(r.errors, 'count')),
      h('td', { class: 'num' }, formatValue(r.errorRate, 'percent')),
      h('td', { class: 'num' }, formatValue(r.p99, 'ms')),
    );
  return h(
    'section',
    { 'aria-label': 'Top routes' },
    h('h2', {}, 'Top routes'),
    h(
      'table',
      { id: 'top-routes' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Route', ws ? 'Messages' : 'Requests', ws ? 'Errors' : '5xx', 'Error %', 'p99'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h('tbody', {}, ...d.view.routes.map(row)),
    ),
  );
}
