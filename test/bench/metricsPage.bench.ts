// Issue 13, the webview's figure: a full redraw of 7 days at 1-minute resolution (10,080 points) × 8 series in a
// real (headless) Chromium, by uPlot as the metrics panel uses it, beside the same data drawn by Chart.js 4, a
// general-purpose charting library, in the same page. The work is in test/bench/page/redraw.js.
import path from 'node:path';
import { launchBrowser, REPO_ROOT } from '../support/codeServer';
import { median, percentile, printSection } from './report';

const RUNS = 21;

export async function bench(): Promise<void> {
  const browser = await launchBrowser({ width: 1300, height: 700 });
  try {
    const { page } = browser;
    await page.setContent('<div id="uplot"></div><canvas id="chartjs"></canvas>');
    const modules = path.join(REPO_ROOT, 'node_modules');
    await page.addStyleTag({ path: path.join(modules, 'uplot', 'dist', 'uPlot.min.css') });
    await page.addScriptTag({ path: path.join(modules, 'uplot', 'dist', 'uPlot.iife.min.js') });
    await page.addScriptTag({ path: path.join(modules, 'chart.js', 'dist', 'chart.umd.min.js') });
    await page.addScriptTag({ path: path.join(REPO_ROOT, 'test', 'bench', 'page', 'redraw.js') });
    const ms = await page.evaluate<{ uplot: number[]; chartjs: number[] }>(`runRedraws(${RUNS})`);
    // The first of each warms the JIT and the canvas up.
    const [u, c] = [ms.uplot.slice(1), ms.chartjs.slice(1)];
    const baseline = 'Chart.js 4, same data (animation, parsing, decimation off)';
    printSection(
      `Metrics page (issue 13): full redraw of 10,080 points × 8 series in headless Chromium; ${RUNS - 1} runs`,
      [
        {
          figure: 'full redraw, median: uPlot (the panel)',
          value: median(u),
          unit: 'ms',
          baseline,
          baselineValue: median(c),
        },
        {
          figure: 'full redraw, p95: uPlot (the panel)',
          value: percentile(u, 95),
          unit: 'ms',
          baseline,
          baselineValue: percentile(c, 95),
          note: 'Target: under 50 ms per full redraw. New arrays each time; 1 % of the points are gaps (null).',
        },
      ],
    );
  } finally {
    await browser.close();
  }
}
