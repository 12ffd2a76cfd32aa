// Every bench figure is printed beside a named baseline measured in the same process, with their ratio.
import v8 from 'node:v8';
import vm from 'node:vm';
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** Extra context printed after the row (calls made, targets). */
  note?: string;
}

export function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (unit === 'bytes') return v >= 1024 * 1024 ? `${(v / 1024 / 1024).toFixed(2)} MB` : `${(v / 1024).toFixed(1)} KB`;
  if (unit === 'ms') return v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`;
  return `${Number.isInteger(v) ? v : v.toFixed(2)} ${unit}`;
}

export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  if (value === 0) return '0×';
  const r = value / baseline;
  return r >= 1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}× (${(baseline / value).toFixed(1)}× less)`;
}

export function printSection(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.figure,
    formatValue(f.value, f.unit),
    f.baseline,
    formatValue(f.baselineValue, f.unit),
    ratio(f.value, f.baselineValue),
  ]);
  const head = ['figure', 'value', 'baseline', 'baseline value', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(`\n## ${title}`);
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const [i, r] of rows.entries()) {
    console.log(line(r));
    if (figures[i]!.note) console.log(`  ${figures[i]!.note}`);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection now, so a block of timed runs starts from a clean heap and pays for its own garbage,
 * not the garbage of whatever ran before it. V8's `gc` without `--expose-gc` on the command line.
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
