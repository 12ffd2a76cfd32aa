// Turns a stream of tailed events into few, bounded appends, so that 10,000 events a second never hold the
// extension host's event loop for long: events are queued as they arrive (cheap), then formatted and written in
// slices that stop after a time budget and yield before the next one. What the output cannot keep up with is
// dropped, oldest first, and said so in the output ("… 1,234 lines dropped"); the output itself is trimmed to its
// newest lines once it grows past `maxLines`. The same class serves the extension and the bench.
import type { TailEvent } from './event';

export interface LineSink {
  append(text: string): void;
  /** Replaces the whole output (trimming); without it the output is never trimmed. */
  replace?(text: string): void;
}

export interface BatcherTimers {
  /** A monotonic clock in ms (performance.now) for the slice budget. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Runs `fn` after pending I/O (setImmediate). The next slice must not be a timer: Node runs a timer created
   * while timers run in the same pass when its 1 ms has already elapsed, so slices would follow each other without
   * ever letting the event loop turn. Without it, setTimeout(fn, 0).
   */
  immediate?(fn: () => void): { cancel(): void };
}

export interface BatcherOptions {
  format(e: TailEvent): string;
  sink: LineSink;
  timers?: BatcherTimers;
  /** Wait after the first queued event, so a burst becomes one append (default 50 ms). */
  flushDelayMs?: number;
  /** Longest a slice may format and write before yielding (default 5 ms: the SDK may parse a response in the same turn of the event loop). */
  sliceBudgetMs?: number;
  /** Events waiting to be written; beyond this the oldest are dropped (default 50,000). */
  maxQueued?: number;
  /** Lines the output may hold before it is trimmed to its newest `keepLines` (default 50,000). */
  maxLines?: number;
  keepLines?: number;
}

type Item = TailEvent | { note: string };

const defaultTimers: BatcherTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  immediate: (fn) => {
    const h = setImmediate(fn);
    return { cancel: () => clearImmediate(h) };
  },
};

/** 12,345: thousands separated, without toLocaleString (whose first call loads ICU data for tens of ms). */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export class LineBatcher {
  private queue: Item[] = [];
  private head = 0;
  private timer: unknown;
  private next: { cancel(): void } | undefined;
  private pendingDrop = 0;
  private linesInOutput = 0;
  private readonly recent: string[] = [];
  private recentAt = 0;
  private disposed = false;
  private readonly o: Required<Omit<BatcherOptions, 'timers'>> & { timers: BatcherTimers };
  /** Events dropped because the output could not keep up. */
  dropped = 0;
  /** Lines written (notes included). */
  written = 0;
  /** Appends made (each one slice). */
  appends = 0;
  /** Times the output was trimmed to its newest lines. */
  trims = 0;

  constructor(o: BatcherOptions) {
    this.o = {
      flushDelayMs: 50,
      sliceBudgetMs: 5,
      maxQueued: 50_000,
      maxLines: 50_000,
      keepLines: 1_000,
      ...o,
      timers: o.timers ?? defaultTimers,
    };
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  push(events: readonly TailEvent[]): void {
    if (this.disposed || events.length === 0) return;
    for (const e of events) this.queue.push(e);
    this.bound();
    this.schedule(this.o.flushDelayMs);
  }

  /** A line of our own (status, errors), written in order with the events. */
  note(text: string): void {
    if (this.disposed) return;
    this.queue.push({ note: text });
    this.schedule(this.o.flushDelayMs);
  }

  /** Writes everything queued now, whatever it costs (the tail ends). */
  flush(): void {
    this.cancel();
    while (this.queued > 0 || this.pendingDrop > 0) this.slice(Infinity);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.queue = [];
    this.head = 0;
  }

  private cancel(): void {
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.next?.cancel();
    this.next = undefined;
  }

  private bound(): void {
    const over = this.queued - this.o.maxQueued;
    if (over <= 0) return;
    let dropped = 0;
    for (let i = 0; i < over; i++) {
      const item = this.queue[this.head + i]!;
      if (!('note' in item)) dropped++;
    }
    this.head += over;
    this.pendingDrop += dropped;
    this.dropped += dropped;
    this.compact();
  }

  private compact(): void {
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined || this.next !== undefined || this.disposed) return;
    const run = () => {
      this.timer = undefined;
      this.next = undefined;
      this.slice(this.o.sliceBudgetMs);
      if (this.queued > 0 || this.pendingDrop > 0) this.continue(run);
    };
    this.timer = this.o.timers.setTimeout(run, ms);
  }

  private continue(run: () => void): void {
    const t = this.o.timers;
    if (t.immediate) this.next = t.immediate(run);
    else this.timer = t.setTimeout(run, 0);
  }

  /** Formats and writes queued items until the budget is spent, as one append. */
  private slice(budgetMs: number): void {
    const t = this.o.timers;
    const started = t.now();
    const lines: string[] = [];
    if (this.pendingDrop > 0) {
      lines.push(
        `… ${formatCount(this.pendingDrop)} line${this.pendingDrop === 1 ? '' : 's'} dropped: the output could not keep up`,
      );
      this.pendingDrop = 0;
    }
    let n = 0;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head++]!;
      lines.push('note' in item ? item.note : this.o.format(item));
      // Checking the clock costs too: every 32 lines is often enough at a few microseconds a line.
      if ((++n & 31) === 0 && t.now() - started >= budgetMs) break;
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else {
      this.compact();
    }
    if (lines.length === 0) return;
    this.write(lines);
  }

  private write(lines: string[]): void {
    const sink = this.o.sink;
    if (sink.replace && this.linesInOutput + lines.length > this.o.maxLines) {
      for (const l of lines) this.remember(l);
      const kept = this.keptLines();
      const cleared = this.linesInOutput + lines.length - kept.length;
      sink.replace(
        `… ${formatCount(cleared)} earlier line${cleared === 1 ? '' : 's'} cleared (the output keeps ${formatCount(this.o.maxLines)})\n${kept.join('\n')}\n`,
      );
      this.linesInOutput = kept.length + 1;
      this.trims++;
    } else {
      sink.append(`${lines.join('\n')}\n`);
      this.linesInOutput += lines.length;
      if (sink.replace) for (const l of lines) this.remember(l);
    }
    this.written += lines.length;
    this.appends++;
  }

  private remember(line: string): void {
    const k = this.o.keepLines;
    if (this.recent.length < k) this.recent.push(line);
    else this.recent[this.recentAt] = line;
    this.recentAt = (this.recentAt + 1) % k;
  }

  private keptLines(): string[] {
    if (this.recent.length < this.o.keepLines) return [...this.recent];
    return [...this.recent.slice(this.recentAt), ...this.recent.slice(0, this.recentAt)];
  }
}
