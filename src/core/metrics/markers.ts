// Deploys, promotions and rollbacks of a stage as markers on the charts' time axis, read from the stage's history
// tags (src/core/history.ts, read only), so "it got slower after the 14:02 promotion" shows where it happened.
import { decodeHistory, type HistoryEntry } from '../history';
import type { TimeRange } from './period';

export interface Marker {
  /** Epoch milliseconds. */
  at: number;
  /** deploy, promote, rollback, or the word the entry holds. */
  action: string;
  deploymentId: string;
  previous?: string;
  by?: string;
  /** `promote abc123 by alice`. */
  label: string;
}

function labelOf(e: HistoryEntry): string {
  return [e.action, e.deploymentId, e.by ? `by ${e.by}` : ''].filter((p) => p !== '').join(' ');
}

/** The entries inside the range (entries without a time cannot be placed and are left out), oldest first. */
export function historyMarkers(tags: Record<string, string> | undefined, range: TimeRange): Marker[] {
  return decodeHistory(tags)
    .filter((e) => e.at !== undefined && e.at.getTime() >= range.start && e.at.getTime() < range.end)
    .sort((a, b) => a.at!.getTime() - b.at!.getTime() || a.seq - b.seq)
    .map((e) => ({
      at: e.at!.getTime(),
      action: e.action,
      deploymentId: e.deploymentId,
      ...(e.previous ? { previous: e.previous } : {}),
      ...(e.by ? { by: e.by } : {}),
      label: labelOf(e),
    }));
}

/** The period slot of the grid a marker falls in (the chart draws it there); -1 outside the grid. */
export function markerSlot(marker: Marker, grid: readonly number[], periodSec: number): number {
  if (grid.length === 0) return -1;
  const slot = Math.floor((marker.at - grid[0]!) / (periodSec * 1000));
  return slot >= 0 && slot < grid.length ? slot : -1;
}
