// Two feeds that deliver some of the same events for a while: a live tail session and the one replacing it, or the
// backfill of --since and the live session started before it. Live events carry no eventId, so events are matched
// by their full identity (eventKey), counted: if one feed delivered an identical event twice, the other's first two
// copies are duplicates and its third is a new event.
import { eventKey, type TailEvent } from './event';

export class OverlapDedupe {
  /** key → [feed that delivered it, copies not yet matched by another feed]. */
  private readonly pending = new Map<string, [string, number]>();

  get size(): number {
    return this.pending.size;
  }

  /** True when `e` from `feed` is new; false when another feed already delivered it. */
  admit(feed: string, e: TailEvent): boolean {
    const key = eventKey(e);
    const p = this.pending.get(key);
    if (p && p[0] !== feed) {
      if (--p[1] === 0) this.pending.delete(key);
      return false;
    }
    if (p) p[1]++;
    else this.pending.set(key, [feed, 1]);
    return true;
  }

  clear(): void {
    this.pending.clear();
  }
}
