// Which events a poller has already printed, by eventId, kept only as long as a poll can return them again.
import { eventKey, type TailEvent } from './event';

/**
 * Ids bucketed by the second of their event's timestamp: a poll that starts at time T can only return events at or
 * after T, so every bucket before T is dropped at once. `maxIds` is a hard cap for pathological windows; when it
 * bites, the oldest buckets go first and `evicted` counts what was forgotten.
 */
export class SeenEvents {
  private readonly buckets = new Map<number, Set<string>>();
  private count = 0;
  evicted = 0;

  constructor(private readonly maxIds = 200_000) {}

  get size(): number {
    return this.count;
  }

  /** Records the event; false when it was already recorded. */
  add(e: TailEvent): boolean {
    const id = e.eventId ?? eventKey(e);
    const b = Math.floor(e.timestamp / 1000);
    let set = this.buckets.get(b);
    if (!set) this.buckets.set(b, (set = new Set()));
    if (set.has(id)) return false;
    set.add(id);
    if (++this.count > this.maxIds) this.shrink();
    return true;
  }

  /** Forgets every event before `timestamp` (whole seconds only, so nothing a poll from `timestamp` returns). */
  forgetBefore(timestamp: number): void {
    const limit = Math.floor(timestamp / 1000);
    for (const [b, set] of this.buckets) {
      if (b < limit) {
        this.count -= set.size;
        this.buckets.delete(b);
      }
    }
  }

  private shrink(): void {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      if (this.count <= this.maxIds * 0.9) return;
      const set = this.buckets.get(k)!;
      this.count -= set.size;
      this.evicted += set.size;
      this.buckets.delete(k);
    }
  }
}
