// Time for tests, so that no assertion depends on how fast a loaded machine runs: a clock whose timers fire only
// when the test moves it, and a virtual clock that moves only when someone sleeps on it.
import { CancelledError } from '../../src/core/errors';
import type { Clock } from '../../src/core/tail/clock';

/** A clock (src/core/tail/clock.ts) whose timers fire only when the test advances it. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.now()) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.timers.set(++this.seq, { at: this.t + ms, fn });
    return this.seq;
  }

  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.size;
  }

  /**
   * Timers that fall due exactly `ms` from now: waiting for one timer among others (a renewal set for 60 s while a
   * 10 s start timeout may still be pending) without advancing past the one that is not set yet.
   */
  dueIn(ms: number): number {
    return [...this.timers.values()].filter((x) => x.at === this.t + ms).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, x]) => x.at <= until)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = until;
  }
}

/** A clock for pacers (`PacerClock`): sleeping moves it at once, so waits are counted, never waited. */
export function virtualClock() {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new CancelledError();
      clock.t += ms;
    },
  };
  return clock;
}
