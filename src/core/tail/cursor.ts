// The polling cursor of one log group: where each FilterLogEvents poll starts, and which of its events are new.
//
// CloudWatch Logs returns an event only once it is ingested, and events reach it late and out of order: API Gateway
// delivers access logs in batches, Lambda instances flush on their own schedule, and each stream has its own delay.
// So a poll cannot start where the last one stopped. It starts `lookback` before the newest event timestamp seen
// (the event clock, not ours, so a skewed local clock changes nothing) and the events it returns again are dropped
// by id. The lookback only has to cover how much later one event arrives than newer events already seen (the spread
// of delays, not the delay itself). It adapts: every new event that turns up behind the newest timestamp of the
// previous poll measures that spread, and the lookback grows at once to twice the largest spread seen (plus a
// second), and shrinks back once a full window of polls shows it is no longer needed.
//
// The first late event is not seen coming, though: one ingested 30 s after newer ones of its group (another Lambda
// instance's stream, a batch of access logs) falls before a 10 s window and is never returned. CloudWatch Logs
// states no bound on that delay. So while re-reading costs little, the lookback is at least `catchUpMs` (60 s):
// as long as the events that window holds, at the rate seen, fit in `catchUpBudget` (1,000, within a page); above that
// rate the adaptive lookback alone decides, as the re-read would cost pages every second.
import type { TailEvent } from './event';
import { SeenEvents } from './seen';

export interface CursorOptions {
  /** The earliest event timestamp to show: the tail's start, or what --since asks for. */
  from: number;
  /** The lookback before any event has been seen (default 10 s). */
  lookbackMs?: number;
  minLookbackMs?: number;
  maxLookbackMs?: number;
  /** Polls whose spread the lookback remembers before it may shrink. */
  window?: number;
  maxIds?: number;
  /** The lookback kept while the events it holds fit in `catchUpBudget` (default 60 s; 0: adaptive only). */
  catchUpMs?: number;
  /** Events a poll may re-read for the catch-up window (default 1,000: within one page, and cheap to parse). */
  catchUpBudget?: number;
}

export const CATCH_UP_MS = 60_000;
export const CATCH_UP_BUDGET = 1_000;

export const DEFAULT_LOOKBACK_MS = 10_000;
export const MIN_LOOKBACK_MS = 3_000;
export const MAX_LOOKBACK_MS = 5 * 60_000;

export class PollCursor {
  readonly from: number;
  private readonly seen: SeenEvents;
  private readonly min: number;
  private readonly max: number;
  private readonly window: number;
  private highWater = -Infinity;
  private pollHighWater = -Infinity;
  private pollLag = 0;
  private readonly lags: number[] = [];
  private forgotten = -Infinity;
  private readonly catchUpMs: number;
  private readonly catchUpBudget: number;
  /** The lookback the spreads measured ask for; `lookbackMs` is this or the catch-up window. */
  private adaptiveMs: number;
  lookbackMs: number;
  /** The largest spread measured so far (for the log and tests). */
  maxLagMs = 0;

  constructor(o: CursorOptions) {
    this.from = o.from;
    this.min = o.minLookbackMs ?? MIN_LOOKBACK_MS;
    this.max = o.maxLookbackMs ?? MAX_LOOKBACK_MS;
    this.adaptiveMs = Math.min(this.max, Math.max(this.min, o.lookbackMs ?? DEFAULT_LOOKBACK_MS));
    this.window = o.window ?? 10;
    this.seen = new SeenEvents(o.maxIds);
    this.catchUpMs = Math.min(this.max, o.catchUpMs ?? CATCH_UP_MS);
    this.catchUpBudget = o.catchUpBudget ?? CATCH_UP_BUDGET;
    this.lookbackMs = Math.max(this.adaptiveMs, this.catchUpMs);
  }

  /** startTime of the next poll. Never before what was already forgotten, or forgotten events would print twice. */
  get startTime(): number {
    return Math.max(this.from, this.forgotten, Math.floor(this.highWater - this.lookbackMs));
  }

  /** Ids remembered now: bounded by the events inside the lookback window. */
  get remembered(): number {
    return this.seen.size;
  }

  /** Ids dropped by the hard cap (each could print twice). */
  get evicted(): number {
    return this.seen.evicted;
  }

  /** One page of the current poll: the events not printed before, in the page's order. */
  accept(events: TailEvent[]): TailEvent[] {
    const fresh: TailEvent[] = [];
    for (const e of events) {
      if (e.timestamp < this.from) continue;
      if (!this.seen.add(e)) continue;
      fresh.push(e);
      if (e.timestamp > this.pollHighWater) this.pollHighWater = e.timestamp;
      const lag = this.highWater - e.timestamp;
      if (lag > this.pollLag) this.pollLag = lag;
    }
    return fresh;
  }

  /** Whether the catch-up window's events, at the rate of those remembered over the current window, fit the budget. */
  private catchUpAffordable(): boolean {
    if (this.catchUpMs <= 0) return false;
    if (!Number.isFinite(this.highWater)) return true;
    const windowMs = Math.max(1000, this.highWater - this.startTime + 1000);
    return (this.seen.size * this.catchUpMs) / windowMs <= this.catchUpBudget;
  }

  /** Closes a poll (every page read): moves the high-water mark, adapts the lookback, forgets what cannot return. */
  endPoll(): void {
    if (this.pollHighWater > this.highWater) this.highWater = this.pollHighWater;
    this.lags.push(this.pollLag);
    if (this.lags.length > this.window) this.lags.shift();
    if (this.pollLag > this.maxLagMs) this.maxLagMs = this.pollLag;
    this.pollLag = 0;
    this.pollHighWater = -Infinity;
    const wanted = Math.min(this.max, Math.max(this.min, 2 * Math.max(...this.lags) + 1000));
    if (wanted > this.adaptiveMs || this.lags.length >= this.window) this.adaptiveMs = wanted;
    this.lookbackMs = Math.max(this.adaptiveMs, this.catchUpAffordable() ? this.catchUpMs : 0);
    const start = this.startTime;
    if (Number.isFinite(start)) {
      this.seen.forgetBefore(start);
      this.forgotten = Math.max(this.forgotten, Math.floor(start / 1000) * 1000);
    }
  }
}
