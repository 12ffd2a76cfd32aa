// Runs in headless Chromium (test/bench/metricsPage.bench.ts): full redraws of 7 days of 1-minute data (10,080
// points) × 8 series with gaps, by uPlot (the metrics panel's library, options as the panel sets them) and by
// Chart.js 4 (a general-purpose library; animation, parsing and decimation off so it draws the same points). Each
// redraw gets new arrays, so nothing is reused from the previous one.
/* global uPlot, Chart, document, window, performance */
(function () {
  const POINTS = 10_080;
  const SERIES = 8;
  const WIDTH = 1200;
  const HEIGHT = 240;

  function dataset(seed) {
    let s = seed;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const start = Date.UTC(2026, 0, 1) / 1000;
    const xs = Array.from({ length: POINTS }, (_, i) => start + i * 60);
    const ys = Array.from({ length: SERIES }, (_, k) => {
      let v = 100 + k * 20;
      return xs.map(() => {
        v = Math.max(0, v + (rnd() - 0.5) * 10);
        return rnd() < 0.01 ? null : v; // gaps: minutes without data
      });
    });
    return [xs, ...ys];
  }

  const colors = ['#3794ff', '#f14c4c', '#cca700', '#89d185', '#b180d7', '#d18616', '#4ec9b0', '#c5c5c5'];

  function uplotTimer(el) {
    let done = null;
    const opts = {
      width: WIDTH,
      height: HEIGHT,
      scales: { x: { time: true } },
      series: [
        {},
        ...colors.map((stroke, i) => ({
          label: `s${i}`,
          stroke,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
        })),
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      hooks: { draw: [() => done && done()] },
    };
    const u = new uPlot(opts, dataset(1), el);
    return (data) =>
      new Promise((resolve) => {
        const t = performance.now();
        done = () => {
          done = null;
          resolve(performance.now() - t);
        };
        u.setData(data);
      });
  }

  function chartjsTimer(canvas) {
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    const toPoints = (d) => d.slice(1).map((ys) => ys.map((y, i) => ({ x: d[0][i] * 1000, y })));
    const chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: toPoints(dataset(1)).map((data, i) => ({
          data,
          borderColor: colors[i],
          borderWidth: 1.5,
          pointRadius: 0,
          spanGaps: false,
        })),
      },
      options: {
        responsive: false,
        animation: false,
        parsing: false,
        normalized: true,
        events: [],
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: { decimation: { enabled: false }, legend: { display: false }, tooltip: { enabled: false } },
      },
    });
    return (data) => {
      const points = toPoints(data);
      const t = performance.now();
      chart.data.datasets.forEach((ds, i) => (ds.data = points[i]));
      chart.update('none');
      return Promise.resolve(performance.now() - t);
    };
  }

  window.runRedraws = async function (runs) {
    const u = uplotTimer(document.getElementById('uplot'));
    const c = chartjsTimer(document.getElementById('chartjs'));
    const sets = [dataset(2), dataset(3)];
    const out = { uplot: [], chartjs: [] };
    for (let i = 0; i < runs; i++) {
      out.uplot.push(await u(sets[i % 2]));
      out.chartjs.push(await c(sets[i % 2]));
    }
    return out;
  };
})();
