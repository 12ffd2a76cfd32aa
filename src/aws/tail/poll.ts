// The polling transport: FilterLogEvents on every group about once a second, each poll following nextToken to the
// last page, starting `lookback` before the newest event seen (core/tail/cursor.ts explains why), new events by id
// only, merged across groups in time order. Throttling and server errors back off exponentially and recover;
// expired credentials, a deleted group or a refused filter end the tail.
import { isCancellation, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { sleep, systemClock, type Clock } from '../../core/tail/clock';
import { PollCursor, type CursorOptions } from '../../core/tail/cursor';
import { compareEvents, mergeSorted, type TailEvent } from '../../core/tail/event';
import type { LogsAdapter } from '../logs';
import { type Pacer, PacerRegistry, type PacerLimits } from '../pacer';
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
/**
 * Events per FilterLogEvents page (AWS allows 10,000 or 1 MB). The SDK parses a page in one go on the event loop:
 * a 1 MB page of access logs holds it 30-40 ms, 2,500 events about 20 ms; at 4.5 calls a second, pages of 2,500
 * still read up to 11,250 events a second, re-reads of the lookback included (npm run bench -- tail).
 */
export const POLL_PAGE_SIZE = 2_500;
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
  /**
   * Groups of `groups` that do not exist yet (a function's until its first invocation, when Lambda creates it):
   * FilterLogEvents answers ResourceNotFoundException for them, which is waited out, asking again every
   * `absentRecheckMs` (default 5 s), instead of ending the tail. Once one answers, a NotFound ends the tail again.
   */
  absent?: string[];
  absentRecheckMs?: number;
}

/** How often a group that does not exist yet is asked for again: a fifth of the poll rate, of a shared quota. */
export const ABSENT_RECHECK_MS = 5_000;

function inOrder(events: TailEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (compareEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}

export class Poller {
  readonly cursors: Map<string, PollCursor>;
  /** Polls completed (each reads every group). */
  polls = 0;
  private readonly clock: Clock;
  /** Groups waited for, with when to ask for each again. */
  private readonly absent: Map<string, number>;

  constructor(
    private readonly o: PollOptions,
    private readonly sink: TransportSink,
  ) {
    this.clock = o.clock ?? systemClock;
    this.cursors = new Map(o.groups.map((g) => [g, new PollCursor({ ...o.cursor, from: o.from })]));
    this.absent = new Map((o.absent ?? []).map((g) => [g, -Infinity]));
  }

  /** Polls until `signal` aborts (resolves) or a fatal error (rejects with it). */
  async run(signal: AbortSignal): Promise<void> {
    const interval = this.o.intervalMs ?? POLL_INTERVAL_MS;
    let failures = 0;
    while (!signal.aborted) {
      const started = this.clock.now();
      // Whatever is read is printed as it comes, even when another group (or a later page) fails.
      const { error } = await this.pollOnce(signal, (events) => this.sink.events(events));
      if (signal.aborted) return;
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

  /**
   * One poll of every group, pages read concurrently. New events go to `emit` as soon as their order is certain:
   * up to the oldest "last timestamp read" among the groups still reading, so a busy poll that takes many pages
   * prints as it goes instead of at its end. Without `emit`, they are returned.
   */
  async pollOnce(
    signal: AbortSignal,
    emit?: (events: TailEvent[]) => void,
  ): Promise<{ events: TailEvent[]; error?: WorkbenchError }> {
    const groups = this.o.groups;
    const buffers = groups.map((): TailEvent[] => []);
    const bounds = groups.map(() => -Infinity);
    const collected: TailEvent[] = [];
    const take = (all: boolean) => {
      const watermark = all ? Infinity : Math.min(...bounds);
      const parts: TailEvent[][] = [];
      for (let i = 0; i < buffers.length; i++) {
        const b = buffers[i]!;
        let k = 0;
        while (k < b.length && b[k]!.timestamp <= watermark) k++;
        if (k === 0) continue;
        parts.push(k === b.length ? b : b.slice(0, k));
        buffers[i] = k === b.length ? [] : b.slice(k);
      }
      const merged = mergeSorted(parts);
      if (merged.length === 0) return;
      if (emit) emit(merged);
      else for (const e of merged) collected.push(e);
    };
    const results = await Promise.all(
      groups.map((g, i) =>
        this.pollGroup(g, signal, (fresh, lastRead) => {
          for (const e of fresh) buffers[i]!.push(e);
          bounds[i] = lastRead;
          take(false);
        }).then((r) => {
          bounds[i] = Infinity;
          take(false);
          return r;
        }),
      ),
    );
    take(true);
    const error = results.find((r) => r.error)?.error;
    if (!error) this.polls++;
    return error ? { events: collected, error } : { events: collected };
  }

  /**
   * One poll of one group: every page from the cursor's start, each page's new events (in time order) to `onPage`
   * with the newest timestamp the page read; the error that stopped it, if one did.
   */
  private async pollGroup(
    group: string,
    signal: AbortSignal,
    onPage: (fresh: TailEvent[], lastRead: number) => void,
  ): Promise<{ error?: WorkbenchError }> {
    const cursor = this.cursors.get(group)!;
    const absentUntil = this.absent.get(group);
    if (absentUntil !== undefined && this.clock.now() < absentUntil) return {};
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
        if (absentUntil !== undefined && this.absent.delete(group)) this.sink.notice({ kind: 'appeared', group });
        const page: TailEvent[] = [];
        let lastRead = -Infinity;
        for (const e of r.value.items) {
          const t = e.timestamp ?? 0;
          if (t > lastRead) lastRead = t;
          page.push({
            group,
            stream: e.logStreamName ?? '',
            timestamp: t,
            message: e.message ?? '',
            ...(e.ingestionTime !== undefined ? { ingestionTime: e.ingestionTime } : {}),
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
        }
        const fresh = cursor.accept(page);
        // AWS pages are in time order; emulators' may not be, and the merge across groups needs it.
        onPage(inOrder(fresh) ? fresh : fresh.sort(compareEvents), lastRead);
      }
      cursor.endPoll();
      return {};
    } catch (err) {
      await pages.return(undefined).catch(() => undefined);
      if (isCancellation(err) || signal.aborted) return {};
      const we = isWorkbenchError(err)
        ? err
        : new WorkbenchError('Unknown', String((err as Error)?.message ?? err), { cause: err });
      if (we.code === 'NotFound' && this.absent.has(group)) {
        this.absent.set(group, this.clock.now() + (this.o.absentRecheckMs ?? ABSENT_RECHECK_MS));
        return {};
      }
      return {
        error:
          we.code === 'NotFound'
            ? groupGone(group, we)
            : we.code === 'BadRequest'
              ? refused(we, this.o.filterPattern)
              : we,
      };
    }
  }
}
