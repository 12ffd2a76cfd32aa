// Colors from the VS Code theme (light, dark, high contrast): the CSS variables the workbench sets on the page, read
// when a chart is drawn and again when the theme changes (the body's class names change with it).

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export interface ChartColors {
  foreground: string;
  grid: string;
  marker: string;
  selection: string;
  series(key: string): string;
}

/** A series' color by what it is: 5xx and p99 red, 4xx and p90 orange/yellow, p50 green, averages blue. */
function seriesVar(key: string): string {
  if (/5xx|execution|p99/i.test(key)) return '--vscode-charts-red';
  if (/4xx|client/i.test(key)) return '--vscode-charts-orange';
  if (/p90/.test(key)) return '--vscode-charts-yellow';
  if (/p50|connects/.test(key)) return '--vscode-charts-green';
  if (/integrationErrors|dataProcessed/.test(key)) return '--vscode-charts-purple';
  return '--vscode-charts-blue';
}

export function chartColors(): ChartColors {
  return {
    foreground: cssVar('--vscode-charts-foreground', cssVar('--vscode-foreground', '#888')),
    grid: cssVar('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    marker: cssVar('--vscode-charts-purple', '#a371f7'),
    selection: cssVar('--vscode-editor-selectionBackground', 'rgba(38,79,120,0.4)'),
    series: (key) => cssVar(seriesVar(key), '#3794ff'),
  };
}

export function fontFamily(): string {
  return cssVar('--vscode-font-family', 'sans-serif');
}

/** Calls `changed` when VS Code switches the theme (it rewrites the body's classes and variables). */
export function onThemeChange(changed: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    changed();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
