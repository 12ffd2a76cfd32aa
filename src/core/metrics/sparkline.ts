// A series in one line of text for terminals and CI logs: ▁▂▃▄▅▆▇█ from the smallest to the largest value, a space
// where CloudWatch had no data (a gap, not a zero).
import type { Series } from './series';

export const SPARK_LEVELS = '▁▂▃▄▅▆▇█';

export interface SparklineOptions {
  /** Characters at most: longer series are cut into that many buckets, each showing its largest value (a spike stays visible). */
  width?: number;
  /** Bottom of the scale (default the smallest value, or 0 when every value is positive: bars read from zero). */
  min?: number;
  /** Top of the scale (default the largest value). */
  max?: number;
}

/** The series in at most `width` buckets: the largest value of each, or null when none of its points has data. */
export function bucketMax(values: Series, width: number): Series {
  if (values.length <= width) return [...values];
  const out: Series = [];
  for (let b = 0; b < width; b++) {
    const from = Math.floor((b * values.length) / width);
    const to = Math.floor(((b + 1) * values.length) / width);
    let best: number | null = null;
    for (let i = from; i < to; i++) {
      const v = values[i] ?? null;
      if (v !== null && (best === null || v > best)) best = v;
    }
    out.push(best);
  }
  return out;
}

export function sparkline(values: Series, o: SparklineOptions = {}): string {
  const points = o.width !== undefined && o.width > 0 ? bucketMax(values, o.width) : values;
  const present = points.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return ' '.repeat(points.length);
  const lo = o.min ?? Math.min(0, ...present);
  const hi = o.max ?? Math.max(...present);
  const top = SPARK_LEVELS.length - 1;
  return points
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      // An empty scale (all zeros, or a given min equal to max): zeros on the floor, anything else halfway.
      if (hi === lo) return SPARK_LEVELS[v === 0 ? 0 : top >> 1];
      const level = Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * top);
      return SPARK_LEVELS[level];
    })
    .join('');
}
