// One tail: its sources, the transport the mode asks for (auto: live tail, polling where live tail is unavailable),
// the --since backfill before a live session, and one end: stopped, or the error that ended it.
import { isCancellation, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { sleep, systemClock, type Clock } from '../../core/tail/clock';
import type { TailEvent, TailSource } from '../../core/tail/event';
import { OverlapDedupe } from '../../core/tail/overlap';
import type { LogsAdapter } from '../logs';
import { LiveTail, type LiveOptions } from './live';
import { filterPacer, Poller, type PollOptions } from './poll';
import {
  isFatal,
  LiveTailUnavailable,
  type TailMode,
  type TailNotice,
  type Transport,
  type TransportSink,
  type Turns,
} from './types';

export interface TailOptions {
  logs: Pick<LogsAdapter, 'filterLogEvents' | 'startLiveTail'>;
  sources: TailSource[];
  /**
   * Groups the stage will write to that do not exist yet (StageLogs.pending: a function that has not run). They
   * are waited for and, once they exist, polled from `from` whatever the mode: live tail takes only groups that
   * exist, and polling from the start prints the first invocation's lines, which a new session would miss.
   */
  pending?: TailSource[];
  mode: TailMode;
  filterPattern?: string;
  /** The earliest event timestamp to show; default: when the tail starts. */
  from?: number;
  /** The overridden endpoint, for messages. */
  endpoint?: string;
  /** Shares the FilterLogEvents pacer with other tails of the same account, region and endpoint. */
  pacerKey?: string;
  /** Replaces that pacer (tests, the bench). */
  turns?: Turns;
  clock?: Clock;
  poll?: Partial<Pick<PollOptions, 'intervalMs' | 'pageSize' | 'cursor' | 'maxBackoffMs' | 'absentRecheckMs'>>;
  live?: Partial<
    Pick<
      LiveOptions,
      | 'renewAfterMs'
      | 'startTimeoutMs'
      | 'handoverTimeoutMs'
      | 'overlapGraceMs'
      | 'maxBackoffMs'
      | 'maxBreaks'
      | 'unstableWindowMs'
    >
  >;
}

export type TailEnd = { reason: 'stopped' } | { reason: 'failed'; error: WorkbenchError };

export interface TailHandle {
  /** Resolves once the tail has ended, with why. */
  readonly done: Promise<TailEnd>;
  /** The transport in use (undefined until the first one starts). */
  transport(): Transport | undefined;
  /** Stops the tail and waits until every call and session is closed. */
  stop(): Promise<void>;
}

/** How long after the backfill live events are still matched against it (the next live update may repeat it). */
const BACKFILL_OVERLAP_MS = 5_000;

export function startTail(o: TailOptions, sink: TransportSink): TailHandle {
  const ac = new AbortController();
  let transport: Transport | undefined;
  const tracked: TransportSink = {
    events: (e) => sink.events(e),
    notice: (n) => {
      if (n.kind === 'transport') transport = n.transport;
      sink.notice(n);
    },
  };
  const done = (async (): Promise<TailEnd> => {
    try {
      await run(o, tracked, ac.signal);
      return { reason: 'stopped' };
    } catch (err) {
      if (ac.signal.aborted || isCancellation(err)) return { reason: 'stopped' };
      return {
        reason: 'failed',
        error: isWorkbenchError(err)
          ? err
          : new WorkbenchError('Unknown', String((err as Error)?.message ?? err), { cause: err }),
      };
    }
  })();
  return {
    done,
    transport: () => transport,
    async stop() {
      ac.abort();
      await done;
    },
  };
}

async function run(o: TailOptions, sink: TransportSink, signal: AbortSignal): Promise<void> {
  const clock = o.clock ?? systemClock;
  const from = o.from ?? clock.now();
  const pending = (o.pending ?? []).map((s) => s.logGroupName);
  if (pending.length === 0) return runTransport(o, sink, signal, clock, from);
  const poller = pollerFactory(o, sink, clock);
  if (o.mode === 'poll' || o.sources.length === 0) {
    const reason = o.mode === 'poll' ? undefined : 'no log group of the stage exists yet';
    sink.notice({ kind: 'transport', transport: 'poll', ...(reason ? { reason } : {}) });
    return poller(from, [...o.sources.map((s) => s.logGroupName), ...pending], pending).run(signal);
  }
  // The groups that exist go by the mode's transport; those still to come are waited for by a poller beside it.
  // The first of the two to fail ends both.
  const both = new AbortController();
  const stop = () => both.abort();
  signal.addEventListener('abort', stop, { once: true });
  const failed = (err: unknown) => {
    both.abort();
    throw err;
  };
  try {
    await Promise.all([
      runTransport(o, sink, both.signal, clock, from).catch(failed),
      poller(from, pending, pending).run(both.signal).catch(failed),
    ]);
  } finally {
    signal.removeEventListener('abort', stop);
    both.abort();
  }
}

/** The groups that exist, by the transport the mode asks for. */
async function runTransport(
  o: TailOptions,
  sink: TransportSink,
  signal: AbortSignal,
  clock: Clock,
  from: number,
): Promise<void> {
  const startedAt = clock.now();
  const poller = pollerFactory(o, sink, clock);
  const groups = o.sources.map((s) => s.logGroupName);
  const poll = async (start: number, reason?: string) => {
    sink.notice({ kind: 'transport', transport: 'poll', ...(reason ? { reason } : {}) });
    await poller(start, groups).run(signal);
  };
  const liveSources = o.sources.filter((s): s is TailSource & { arn: string } => !!s.arn);
  if (o.mode === 'poll') return poll(from);
  if (liveSources.length < o.sources.length) {
    const reason = 'live tail needs the ARN of every log group';
    if (o.mode === 'live') throw new LiveTailUnavailable(reason);
    return poll(from, reason);
  }
  const join = new BackfillJoin(sink, clock, from < startedAt - 1000 ? () => poller(from, groups) : undefined, signal);
  const live = new LiveTail(
    {
      logs: o.logs,
      sources: liveSources.map((s) => ({ logGroupName: s.logGroupName, arn: s.arn })),
      clock,
      ...(o.filterPattern ? { filterPattern: o.filterPattern } : {}),
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...o.live,
      onStarted: () => join.started(),
    },
    { events: (events) => join.live(events), notice: (n: TailNotice) => sink.notice(n) },
  );
  try {
    await live.run(signal);
  } catch (err) {
    if (err instanceof LiveTailUnavailable && o.mode === 'auto' && !signal.aborted) {
      // Anything live tail delivered is printed already: poll from just after it.
      const start = Number.isFinite(live.lastTimestamp) ? Math.max(from, live.lastTimestamp + 1) : from;
      return poll(start, err.reason);
    }
    throw err;
  } finally {
    join.dispose();
  }
}

/** A Poller of `groups` from `start` (`absent`: those that do not exist yet), with the tail's filter, pacing and clock. */
function pollerFactory(
  o: TailOptions,
  sink: TransportSink,
  clock: Clock,
): (start: number, groups: string[], absent?: string[]) => Poller {
  const turns = o.turns ?? filterPacer(o.pacerKey ?? 'default');
  return (start, groups, absent) =>
    new Poller(
      {
        logs: o.logs,
        groups,
        from: start,
        turns,
        clock,
        ...o.poll,
        ...(o.filterPattern ? { filterPattern: o.filterPattern } : {}),
        ...(absent?.length ? { absent } : {}),
      },
      sink,
    );
}

/**
 * Joins the backfill (events before now, from FilterLogEvents) to the live session that already runs, so nothing
 * falls between them: live events wait until the backfill is printed, and what both delivered prints once.
 */
class BackfillJoin {
  private held: TailEvent[] | undefined;
  private overlap: OverlapDedupe | undefined;
  private overlapTimer: unknown;

  constructor(
    private readonly sink: TransportSink,
    private readonly clock: Clock,
    private readonly backfill: (() => Poller) | undefined,
    private readonly signal: AbortSignal,
  ) {
    this.held = backfill ? [] : undefined;
  }

  async started(): Promise<void> {
    this.sink.notice({ kind: 'transport', transport: 'live' });
    if (!this.held || !this.backfill) return;
    const dedupe = new OverlapDedupe();
    // Only events ingested about when the session started can come again from it: only those are remembered, so
    // a long --since streams through without being held.
    const recent = this.clock.now() - 60_000;
    const count = await readBackfill(this.backfill(), this.sink, this.clock, this.signal, (events) => {
      for (const e of events) if ((e.ingestionTime ?? e.timestamp) >= recent) dedupe.admit('backfill', e);
      this.sink.events(events);
    });
    this.sink.notice({ kind: 'backfilled', events: count });
    this.overlap = dedupe;
    const waiting = this.held;
    this.held = undefined;
    const fresh = waiting.filter((e) => dedupe.admit('live', e));
    if (fresh.length) this.sink.events(fresh);
    this.overlapTimer = this.clock.setTimeout(() => {
      if (this.overlap === dedupe) this.overlap = undefined;
    }, BACKFILL_OVERLAP_MS);
  }

  live(events: TailEvent[]): void {
    if (this.held) {
      this.held.push(...events);
      return;
    }
    const overlap = this.overlap;
    const out = overlap ? events.filter((e) => overlap.admit('live', e)) : events;
    if (out.length) this.sink.events(out);
  }

  dispose(): void {
    if (this.overlapTimer !== undefined) this.clock.clearTimeout(this.overlapTimer);
  }
}

/** One poll of every group from --since, printed as it is read and retried on throttling and server errors. */
async function readBackfill(
  p: Poller,
  sink: TransportSink,
  clock: Clock,
  signal: AbortSignal,
  emit: (events: TailEvent[]) => void,
): Promise<number> {
  let count = 0;
  const counted = (events: TailEvent[]) => {
    count += events.length;
    emit(events);
  };
  for (let attempt = 1; ; attempt++) {
    const r = await p.pollOnce(signal, counted);
    if (!r.error || signal.aborted) return count;
    if (isFatal(r.error)) throw r.error;
    const delay = Math.min(30_000, 1000 * 2 ** attempt);
    sink.notice({ kind: 'retrying', error: r.error, delayMs: delay, attempt });
    await sleep(clock, delay, signal);
  }
}
