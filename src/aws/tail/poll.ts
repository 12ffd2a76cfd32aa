// The polling transport: FilterLogEvents on every group about once a second, each poll following nextToken to the
// last page, starting `lookback` before the newest event seen (core/tail/cursor.ts explains why), new events by id
// only, merged across groups in time order. Throttling and server errors back off exponentially and recover;
// expired credentials, a deleted group or a refused filter end the tail.
import { isCancellation, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { sleep, systemClock, type Clock } from '../../core/tail/clock';
import { PollCursor, type CursorOptions } from '../../core/tail/cursor';
import { compareEvents, mergeSorted, type TailEvent } from '../../core/tail/event';
import type { LogsAdapter } from '../logs';
import { Pacer, PacerRegistry, type PacerLimits } from '../pacer';
import { backoff, groupGone, isFatal, refused, type TransportSink, type Turns } from './types';

/**
 * FilterLogEvents is limited to 5 transactions per second per account and Region, for every caller together
 * (AWS knowledge center, "How do I determine throttling in my CloudWatch logs?"); kept 10 % under, as the API
 * Gateway pacer is, so several tails of one account share the quota instead of throttling each other.
 */
export const FILTER_LOG_EVENTS_LIMITS: PacerLimits = { rate: 4.5, burst: 5, perOperation: {} };
const pacers = new PacerRegistry(FILTER_LOG_EVENTS_LIMITS);

/** The pacer shared by every tail of one account, region and endpoint in this process. */
export function filterPacer(key: string): Pacer {
  return pacers.get(key);
}

export const POLL_INTERVAL_MS = 1000;
/** AWS's largest page: 10,000 events or 1 MB. */
export const POLL_PAGE_SIZE = 10_000;
export const MAX_BACKOFF_MS = 30_000;

export interface PollOptions {
  logs: Pick<LogsAdapter, 'filterLogEvents'>;
  groups: string[];
  /** The earliest event timestamp to show. */
  from: number;
  filterPattern?: string;
  /** Time from the start of one poll to the start of the next (default 1 s). */
  intervalMs?: number;
  pageSize?: number;
  turns?: Turns;
  clock?: Clock;
  cursor?: Omit<CursorOptions, 'from'>;
  maxBackoffMs?: number;
}

export class Poller {
  readonly cursors: Map<string, PollCursor>;
  /** Polls completed (each reads every group). */
  polls = 0;
  private readonly clock: Clock;

  constructor(private readonly o: PollOptions, private readonly sink: TransportSink) {
    this.clock = o.clock ?? systemClock;
    this.cursors = new Map(o.groups.map((g) => [g, new PollCursor({ ...o.cursor, from: o.from })]));
  }

  /** Polls until `signal` aborts (resolves) or a fatal error (rejects with it). */
  async run(signal: AbortSignal): Promise<void> {
    const interval = this.o.intervalMs ?? POLL_INTERVAL_MS;
    let failures = 0;
    while (!signal.aborted) {
      const started = this.clock.now();
      const { events, error } = await this.pollOnce(signal);
      if (signal.aborted) return;
      // Whatever was read is printed, even when another group (or a later page) failed.
      if (events.length) this.sink.events(events);
      let delay: number;
      if (error) {
        if (isFatal(error)) throw error;
        failures++;
        delay = backoff(interval, failures + 1, this.o.maxBackoffMs ?? MAX_BACKOFF_MS);
        this.sink.notice({ kind: 'retrying', error, delayMs: delay, attempt: failures });
      } else {
        if (failures > 0) this.sink.notice({ kind: 'recovered' });
        failures = 0;
        delay = interval - (this.clock.now() - started);
      }
      try {
        await sleep(this.clock, delay, signal);
      } catch {
        return;
      }
    }
  }

  /** One poll of every group: the new events in time order, and the first error if a group failed. */
  async pollOnce(signal: AbortSignal): Promise<{ events: TailEvent[]; error?: WorkbenchError }> {
    const results = await Promise.all(this.o.groups.map((g) => this.pollGroup(g, signal)));
    const events = mergeSorted(results.map((r) => r.events));
    const error = results.find((r) => r.error)?.error;
    if (!error) this.polls++;
    return error ? { events, error } : { events };
  }

  /** One poll of one group: every page from the cursor's start; the new events, and the error that stopped it. */
  private async pollGroup(group: string, signal: AbortSignal): Promise<{ events: TailEvent[]; error?: WorkbenchError }> {
    const cursor = this.cursors.get(group)!;
    const events: TailEvent[] = [];
    const pages = this.o.logs.filterLogEvents(group, {
      startTime: cursor.startTime,
      pageSize: this.o.pageSize ?? POLL_PAGE_SIZE,
      signal,
      ...(this.o.filterPattern ? { filterPattern: this.o.filterPattern } : {}),
    });
    try {
      for (;;) {
        await this.o.turns?.acquire('FilterLogEvents', signal);
        const r = await pages.next();
        if (r.done) break;
        const page: TailEvent[] = [];
        for (const e of r.value.items) {
          page.push({
            group, stream: e.logStreamName ?? '', timestamp: e.timestamp ?? 0, message: e.message ?? '',
            ...(e.ingestionTime !== undefined ? { ingestionTime: e.ingestionTime } : {}),
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
        }
        for (const e of cursor.accept(page)) events.push(e);
      }
      cursor.endPoll();
      // AWS pages are in time order; emulators' may not be, and the merge across groups needs it.
      return { events: events.sort(compareEvents) };
    } catch (err) {
      await pages.return(undefined).catch(() => undefined);
      if (isCancellation(err) || signal.aborted) return { events };
      const we = isWorkbenchError(err) ? err : new WorkbenchError('Unknown', String((err as Error)?.message ?? err), { cause: err });
      return { events, error: we.code === 'NotFound' ? groupGone(group, we) : we.code === 'BadRequest' ? refused(we, this.o.filterPattern) : we };
    }
  }
}
