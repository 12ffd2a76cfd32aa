// One chart of the view: a uPlot over the period grid, gaps kept (no data is not zero), values in their unit on the
// axis and in the live legend (the hover read-out), deployment and promotion markers on the time axis, and a
// selection (drag) or a click on a period that asks for the logs of exactly that window. Keyboard: arrow keys move the
// read-out period by period, Enter opens that period's logs.
import uPlot from 'uplot';
import { formatValue } from '../../../core/metrics/format';
import type { Marker } from '../../../core/metrics/markers';
import type { Chart } from '../../../core/metrics/view';
import { chartColors, fontFamily, type ChartColors } from './theme';

export interface ChartInput {
  chart: Chart;
  /** Period starts, epoch milliseconds. */
  grid: number[];
  markers: Marker[];
  /** A selection (start and end) or a clicked period (start only), in epoch milliseconds. */
  onPick(start: number, end?: number): void;
}

export const CHART_HEIGHT = 170;

function clock(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${d.toTimeString().slice(0, 5)}`;
}

/** Draws each marker as a dashed vertical line with its action above it (uPlot's draw hook, canvas pixels). */
function markersPlugin(markers: Marker[], colors: ChartColors): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.strokeStyle = colors.marker;
        ctx.fillStyle = colors.marker;
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.font = `${10 * devicePixelRatio}px ${fontFamily()}`;
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.at / 1000, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillText(m.action, x + 3 * devicePixelRatio, bbox.top + 10 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

export function chartOptions(input: ChartInput, width: number, colors = chartColors()): uPlot.Options {
  const { chart } = input;
  const axis = { stroke: colors.foreground, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } };
  return {
    width,
    height: CHART_HEIGHT,
    scales: { x: { time: true } },
    series: [
      { label: 'time', value: (_u, v) => (v == null ? '–' : clock(v * 1000)) },
      ...chart.series.map((s) => ({
        label: s.label,
        stroke: colors.series(s.key),
        width: 1.5,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => formatValue(v, s.unit),
      })),
    ],
    axes: [{ ...axis }, { ...axis, size: 64, values: (_u, vals) => vals.map((v) => formatValue(v, chart.unit)) }],
    cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: 'apigw-metrics' } },
    legend: { live: true },
    plugins: [markersPlugin(input.markers, colors)],
    hooks: { setSelect: [(u) => selected(u, input)] },
  };
}

/** A finished drag: the window it covers; the selection is cleared (the logs are the answer). */
function selected(u: uPlot, input: ChartInput): void {
  if (u.select.width <= 0) return;
  const start = u.posToVal(u.select.left, 'x') * 1000;
  const end = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  input.onPick(Math.max(start, input.grid[0] ?? start), end);
}

export function chartData(chart: Chart, grid: number[]): uPlot.AlignedData {
  return [grid.map((t) => t / 1000), ...chart.series.map((s) => s.values)];
}

/** Arrow keys move the read-out (all charts follow: their cursors are synced); Enter opens that period's logs. */
function keyboard(u: uPlot, wrap: HTMLElement, input: ChartInput): void {
  wrap.addEventListener('keydown', (e) => {
    const n = input.grid.length;
    if (n === 0) return;
    let idx = u.cursor.idx ?? n - 1;
    if (e.key === 'ArrowLeft') idx = Math.max(0, idx - 1);
    else if (e.key === 'ArrowRight') idx = Math.min(n - 1, idx + 1);
    else if (e.key === 'Home') idx = 0;
    else if (e.key === 'End') idx = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      input.onPick(input.grid[idx]!);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    u.setCursor({ left: u.valToPos(input.grid[idx]! / 1000, 'x'), top: u.bbox.height / devicePixelRatio / 2 });
  });
}

/** Renders the chart into `wrap`; returns the plot (to resize and destroy). */
export function renderChart(wrap: HTMLElement, input: ChartInput): uPlot {
  const width = Math.max(300, wrap.clientWidth);
  const u = new uPlot(chartOptions(input, width), chartData(input.chart, input.grid), wrap);
  // A click without a drag (uPlot swallows the click that ends a drag): the period under the cursor.
  u.over.addEventListener('click', () => {
    const idx = u.cursor.idx;
    if (idx !== null && idx !== undefined && input.grid[idx] !== undefined) input.onPick(input.grid[idx]);
  });
  keyboard(u, wrap, input);
  return u;
}
