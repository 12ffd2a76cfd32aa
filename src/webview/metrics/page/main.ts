// The metrics page: renders what the extension sends (./sections.ts, ./chart.ts), keeps its state with setState so
// hiding and showing the panel (and, through the serializer, a reload) keeps the range and options, and asks the
// extension for everything else (data, logs, the detailed-metrics command) through the typed protocol.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type uPlot from 'uplot';
import { parseState, type PageData, type PageState, type ToPage } from '../protocol';
import { connect } from './bridge';
import { renderChart } from './chart';
import { button, h } from './dom';
import { detailedNote, header, toolbar, topRoutes, type Actions } from './sections';
import { onThemeChange } from './theme';

const bridge = connect();
const app = document.getElementById('app')!;
let state: PageState | undefined = parseState(bridge.savedState());
let data: PageData | undefined;
type Status = { kind: 'loading' } | { kind: 'error'; message: string; hint?: string; fix?: string };
let status: Status | undefined = { kind: 'loading' };
let plots: uPlot[] = [];

const actions: Actions = {
  setState(patch) {
    if (!state) return;
    state = { ...state, ...patch };
    bridge.saveState(state);
    bridge.post({ type: 'state', state });
    render();
  },
  refresh: () => bridge.post({ type: 'refresh' }),
  enableDetailed: () => bridge.post({ type: 'enableDetailed' }),
  showRoute: (route) => bridge.post({ type: 'showRoute', route }),
};

function pick(start: number, end?: number): void {
  bridge.post({
    type: 'openLogs',
    start,
    ...(end !== undefined ? { end } : {}),
    errorsOnly: state?.errorsOnly ?? false,
  });
}

function charts(d: PageData): HTMLElement {
  const section = h('section', { class: 'charts', 'aria-label': 'Charts' });
  const mounts: Array<() => void> = [];
  for (const chart of d.view.charts) {
    const hasData = chart.series.some((s) => s.values.some((v) => v !== null));
    const wrap = h('div', {
      class: 'plot',
      tabindex: '0',
      'aria-label': `${chart.title}: arrow keys move the read-out, Enter opens the logs of that period`,
    });
    section.append(
      h(
        'figure',
        { 'data-chart': chart.id },
        h('figcaption', {}, chart.title, hasData ? '' : ' — no data in this range'),
        wrap,
      ),
    );
    mounts.push(() => plots.push(renderChart(wrap, { chart, grid: d.view.grid, markers: d.markers, onPick: pick })));
  }
  // uPlot measures its container: mount once the section is in the document; say so once the frame is drawn.
  queueMicrotask(() => {
    mounts.forEach((m) => m());
    requestAnimationFrame(() => bridge.post({ type: 'painted', charts: mounts.length }));
  });
  return section;
}

function statusLine(): HTMLElement | null {
  if (!status) return null;
  if (status.kind === 'loading') return h('p', { class: 'status', role: 'status' }, 'Loading metrics…');
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('b', {}, status.message),
    status.hint ? ` ${status.hint}` : '',
    status.fix ? button(status.fix, () => bridge.post({ type: 'runFix' }), { id: 'error-fix' }) : null,
  );
}

function render(): void {
  for (const p of plots) p.destroy();
  plots = [];
  app.replaceChildren();
  if (!state) return;
  app.append(toolbar(state, actions));
  const line = statusLine();
  if (line) app.append(line);
  if (data) {
    app.append(header(data));
    const note = detailedNote(data, state, actions);
    if (note) app.append(note);
    app.append(charts(data));
    const table = topRoutes(data, actions);
    if (table) app.append(table);
  }
  app.setAttribute('aria-busy', String(status?.kind === 'loading'));
}

function receive(m: ToPage): void {
  if (m.type === 'state') {
    state = m.state;
    bridge.saveState(state);
  } else if (m.type === 'loading') status = { kind: 'loading' };
  else if (m.type === 'data') {
    data = m.data;
    status = undefined;
  } else if (m.type === 'error')
    status = {
      kind: 'error',
      message: m.message,
      ...(m.hint ? { hint: m.hint } : {}),
      ...(m.fix ? { fix: m.fix } : {}),
    };
  else if (m.type === 'logsOpened') {
    document.getElementById('logs-status')?.remove();
    app.prepend(h('p', { id: 'logs-status', role: 'status', class: 'status' }, m.text));
    return;
  }
  render();
}

bridge.onMessage(receive);
onThemeChange(render);
new ResizeObserver(() => {
  for (const p of plots)
    p.setSize({ width: Math.max(300, p.root.parentElement?.clientWidth ?? 300), height: p.height });
}).observe(app);
render();
bridge.post({ type: 'ready' });
