// Numbers as the tree, the table and the chart read-outs show them: `1.2k`, `0.4%`, `210 ms`, `1.5 MB`, and the
// one-line summary of a stage's last hour (`1.2k req · 0.4% 5xx · p99 210 ms`).
import type { Unit } from './catalog';
import type { StageSummary } from './view';

/** 0, 999, 1.2k, 12k, 1.2M: three significant figures at most. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  const scaled = (v: number, suffix: string) => {
    const s = v < 10 ? (Math.round(v * 10) / 10).toString() : Math.round(v).toString();
    return `${n < 0 ? '-' : ''}${s}${suffix}`;
  };
  if (abs >= 1e9) return scaled(abs / 1e9, 'G');
  if (abs >= 1e6) return abs >= 999_500_000 ? scaled(abs / 1e9, 'G') : scaled(abs / 1e6, 'M');
  if (abs >= 1e3) return abs >= 999_500 ? scaled(abs / 1e6, 'M') : scaled(abs / 1e3, 'k');
  return Number.isInteger(n) ? String(n) : (Math.round(n * 10) / 10).toString();
}

/** A percentage: `0%`, `<0.1%`, `0.4%`, `12%`. */
export function formatPercent(p: number): string {
  if (p === 0) return '0%';
  if (Math.abs(p) < 0.05) return '<0.1%';
  return Math.abs(p) < 10 ? `${Math.round(p * 10) / 10}%` : `${Math.round(p)}%`;
}

/** `0.7 ms`, `210 ms`, `1.5 s`, `12 s`. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 10 ? `${Math.round(s * 10) / 10} s` : `${Math.round(s)} s`;
}

/** `512 B`, `1.5 KB`, `12 MB` (1,024-based, as CloudWatch's Bytes unit is plain bytes). */
export function formatBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v < 10 ? Math.round(v * 10) / 10 : Math.round(v)} ${units[i]}`;
}

/** A value in its unit; `–` for no data (never 0). */
export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (unit) {
    case 'ms':
      return formatMs(v);
    case 'bytes':
      return formatBytes(v);
    case 'percent':
      return formatPercent(v);
    default:
      return compactNumber(v);
  }
}

/**
 * A stage's last hour in the tree: `1.2k req · 0.4% 5xx · p99 210 ms` (WebSocket: `340 msg · 2 errors · p99 45 ms`);
 * `no traffic in the last hour` when CloudWatch has nothing, which is not the same as zero.
 */
export function stageSummaryText(s: StageSummary): string {
  if (s.requests === undefined || s.requests === 0) return 'no traffic in the last hour';
  const ws = s.scope.protocol === 'WEBSOCKET';
  const parts = [`${compactNumber(s.requests)} ${ws ? 'msg' : 'req'}`];
  if (ws) {
    if (s.errors !== undefined) parts.push(`${compactNumber(s.errors)} error${s.errors === 1 ? '' : 's'}`);
  } else if (s.errorRate !== undefined) {
    parts.push(`${formatPercent(s.errorRate)} 5xx`);
  }
  if (s.p99 !== undefined) parts.push(`p99 ${formatMs(s.p99)}`);
  return parts.join(' · ');
}
