// The live transport: CloudWatch Logs StartLiveTail, one session per 10 log groups (the service's limit), each
// renewed before the 3-hour limit by opening its successor first and closing the old session only after its next
// update (events it had buffered would be lost otherwise); while both run, events both deliver print once. When
// the service samples (over 500 events/s) the sink hears it. A broken session is reopened with backoff; when that
// keeps happening, or the endpoint has no live tail at all, LiveTailUnavailable lets auto mode poll instead.
import { isCancellation, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { sleep, systemClock, type Clock } from '../../core/tail/clock';
import { compareEvents, type TailEvent } from '../../core/tail/event';
import { OverlapDedupe } from '../../core/tail/overlap';
import type { LiveTailSessionUpdate } from '@aws-sdk/client-cloudwatch-logs';
import { logGroupName, type LiveTailEvent, type LogsAdapter } from '../logs';
import {
  backoff,
  groupGone,
  isFatal,
  liveUnavailableReason,
  LiveTailUnavailable,
  refused,
  type TransportSink,
} from './types';

/** StartLiveTail limits (docs/AWS.md, CloudWatch Logs): 10 log groups per session, 3 hours per session. */
export const LIVE_TAIL_MAX_GROUPS = 10;
export const LIVE_SESSION_LIMIT_MS = 3 * 60 * 60_000;
/** Renewal leaves ten minutes, room for a few failed attempts a minute apart. */
export const RENEW_AFTER_MS = LIVE_SESSION_LIMIT_MS - 10 * 60_000;
const RENEW_RETRY_MS = 60_000;
/** A session that has not started this long after the request counts as unavailable (an endpoint that hangs). */
export const START_TIMEOUT_MS = 10_000;
/** The old session's next update comes within a second; after this the handover stops waiting for it. */
export const HANDOVER_TIMEOUT_MS = 3_000;
/** The new session's first updates may repeat what the old one delivered last: matched this long after handover. */
export const OVERLAP_GRACE_MS = 3_000;

export interface LiveSource {
  logGroupName: string;
  arn: string;
}

export interface LiveOptions {
  logs: Pick<LogsAdapter, 'startLiveTail'>;
  sources: LiveSource[];
  filterPattern?: string;
  /** The overridden endpoint, for messages. */
  endpoint?: string;
  clock?: Clock;
  renewAfterMs?: number;
  startTimeoutMs?: number;
  handoverTimeoutMs?: number;
  overlapGraceMs?: number;
  maxBackoffMs?: number;
  /** After this many broken sessions within `unstableWindowMs`, live tail counts as unavailable. */
  maxBreaks?: number;
  unstableWindowMs?: number;
  /** Called once every session has started, while their events are followed (the --since backfill). */
  onStarted?: () => Promise<void>;
}

interface Session {
  id: string;
  ac: AbortController;
  gen: AsyncGenerator<LiveTailEvent>;
  startedAt: number;
  waiters: Array<() => void>;
  detach: () => void;
}

interface Chunk {
  sources: LiveSource[];
  /** Set while two sessions of this chunk overlap, and a little after. */
  dedupe?: OverlapDedupe;
  sampled: boolean;
}

export class LiveTail {
  private readonly clock: Clock;
  private sessionCount = 0;
  /** The newest event timestamp delivered (auto mode polls from here if live tail gives up). */
  lastTimestamp = -Infinity;
  private sampled = false;
  private readonly chunks: Chunk[] = [];
  /** Timers that outlive a renewal; cleared when the tail ends so nothing keeps the process alive. */
  private readonly timers = new Set<unknown>();

  constructor(
    private readonly o: LiveOptions,
    private readonly sink: TransportSink,
  ) {
    this.clock = o.clock ?? systemClock;
  }

  async run(signal: AbortSignal): Promise<void> {
    const chunks = this.chunks;
    chunks.length = 0;
    for (let i = 0; i < this.o.sources.length; i += LIVE_TAIL_MAX_GROUPS)
      chunks.push({ sources: this.o.sources.slice(i, i + LIVE_TAIL_MAX_GROUPS), sampled: false });
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const opened = await Promise.allSettled(chunks.map((c) => this.openWithRetry(c, inner.signal, 3)));
      const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        inner.abort();
        throw failed.reason;
      }
      const sessions = opened.map((r) => (r as PromiseFulfilledResult<Session>).value);
      const fail = (err: unknown) => {
        inner.abort();
        throw err;
      };
      // The sessions are read from now on, also while onStarted (the backfill) runs: the service keeps only 10
      // updates for a reader that falls behind.
      await Promise.all([
        (this.o.onStarted?.() ?? Promise.resolve()).catch(fail),
        ...chunks.map((c, i) => this.follow(c, sessions[i]!, inner.signal).catch(fail)),
      ]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      inner.abort();
      for (const t of this.timers) this.clock.clearTimeout(t);
      this.timers.clear();
    }
  }

  /** Keeps one chunk's session going until `signal` aborts; rejects when it cannot. */
  private async follow(chunk: Chunk, first: Session, signal: AbortSignal): Promise<void> {
    const maxBreaks = this.o.maxBreaks ?? 3;
    const window = this.o.unstableWindowMs ?? 10 * 60_000;
    const breaks: number[] = [];
    let current = first;
    for (;;) {
      const error = await this.lifetime(chunk, current, signal);
      if (signal.aborted) return;
      if (error && isFatal(error)) throw this.explain(chunk, error);
      const brokeAt = this.clock.now();
      breaks.push(brokeAt);
      while (breaks.length && breaks[0]! < brokeAt - window) breaks.shift();
      if (breaks.length >= maxBreaks) {
        throw new LiveTailUnavailable(
          `the live tail session broke ${breaks.length} times within ${Math.round(window / 60_000)} minutes${error ? ` (last: ${error.message})` : ''}`,
          error,
        );
      }
      const next = await this.openWithRetry(chunk, signal, Infinity).catch((err: unknown) => {
        if (signal.aborted) return undefined;
        throw err;
      });
      if (!next) return;
      current = next;
      this.sink.notice({ kind: 'reconnected', gapMs: this.clock.now() - brokeAt, ...(error ? { error } : {}) });
    }
  }

  /**
   * Follows `s` and its renewals; resolves with the error that ended the current session (undefined when the
   * service just closed it) or when `signal` aborts.
   */
  private lifetime(chunk: Chunk, s: Session, signal: AbortSignal): Promise<WorkbenchError | undefined> {
    return new Promise((resolve) => {
      let active = s;
      let done = false;
      let renewTimer: unknown;
      const finish = (err: WorkbenchError | undefined) => {
        if (done) return;
        done = true;
        this.clock.clearTimeout(renewTimer);
        signal.removeEventListener('abort', onAbort);
        resolve(err);
      };
      const onAbort = () => {
        active.ac.abort();
        finish(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });

      const watch = (sess: Session) => {
        void this.pump(chunk, sess).then((err) => {
          if (sess === active) finish(err);
        });
        const renewAfter = this.o.renewAfterMs ?? RENEW_AFTER_MS;
        renewTimer = this.clock.setTimeout(
          () => {
            void renew();
          },
          Math.max(0, sess.startedAt + renewAfter - this.clock.now()),
        );
      };

      const renew = async () => {
        if (done) return;
        const old = active;
        const dedupe = new OverlapDedupe();
        chunk.dedupe = dedupe;
        let next: Session;
        try {
          next = await this.open(chunk, signal);
        } catch (err) {
          if (chunk.dedupe === dedupe) delete chunk.dedupe;
          if (done || signal.aborted) return;
          const we = toWorkbench(err);
          // Expired credentials or a deleted group will not heal by waiting: end the tail now, with the reason.
          if (isFatal(we) && !(we instanceof LiveTailUnavailable)) {
            old.ac.abort();
            finish(we);
            return;
          }
          this.sink.notice({ kind: 'retrying', error: we, delayMs: RENEW_RETRY_MS, attempt: 1 });
          renewTimer = this.clock.setTimeout(() => {
            void renew();
          }, RENEW_RETRY_MS);
          return;
        }
        if (done) {
          next.ac.abort();
          return;
        }
        active = next;
        watch(next);
        // The old session still holds what was ingested since its last update: let it deliver that, then close it.
        await Promise.race([
          new Promise<void>((r) => old.waiters.push(r)),
          sleep(this.clock, this.o.handoverTimeoutMs ?? HANDOVER_TIMEOUT_MS).catch(() => undefined),
        ]);
        old.ac.abort();
        this.sink.notice({ kind: 'renewed' });
        const grace = this.clock.setTimeout(() => {
          this.timers.delete(grace);
          if (chunk.dedupe === dedupe) delete chunk.dedupe;
        }, this.o.overlapGraceMs ?? OVERLAP_GRACE_MS);
        this.timers.add(grace);
      };

      watch(s);
    });
  }

  /** Reads a session's updates until it ends; the error that ended it, undefined for a plain end of stream. */
  private async pump(chunk: Chunk, s: Session): Promise<WorkbenchError | undefined> {
    try {
      for (;;) {
        const r = await s.gen.next();
        if (r.done) return undefined;
        if (r.value.kind === 'update') this.onUpdate(chunk, s, r.value.update);
      }
    } catch (err) {
      return toWorkbench(err);
    } finally {
      s.detach();
      for (const w of s.waiters.splice(0)) w();
    }
  }

  private onUpdate(chunk: Chunk, s: Session, update: LiveTailSessionUpdate): void {
    chunk.sampled = update.sessionMetadata?.sampled === true;
    const any = this.chunks.some((c) => c.sampled);
    if (any !== this.sampled) {
      this.sampled = any;
      this.sink.notice({ kind: 'sampled', sampled: any });
    }
    const results = update.sessionResults ?? [];
    if (results.length) {
      const events: TailEvent[] = results.map((r) => ({
        group: logGroupName(r.logGroupIdentifier ?? ''),
        stream: r.logStreamName ?? '',
        timestamp: r.timestamp ?? 0,
        message: r.message ?? '',
        ...(r.ingestionTime !== undefined ? { ingestionTime: r.ingestionTime } : {}),
      }));
      events.sort(compareEvents);
      const admitted = chunk.dedupe ? events.filter((e) => chunk.dedupe!.admit(s.id, e)) : events;
      if (admitted.length) {
        const last = admitted[admitted.length - 1]!.timestamp;
        if (last > this.lastTimestamp) this.lastTimestamp = last;
        this.sink.events(admitted);
      }
    }
    for (const w of s.waiters.splice(0)) w();
  }

  private async openWithRetry(chunk: Chunk, signal: AbortSignal, attempts: number): Promise<Session> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.open(chunk, signal);
      } catch (err) {
        const we = toWorkbench(err);
        if (signal.aborted || isCancellation(we)) throw we;
        if (we instanceof LiveTailUnavailable || isFatal(we)) throw we;
        if (attempt >= attempts) throw new LiveTailUnavailable(`StartLiveTail keeps failing (${we.message})`, we);
        const delay = backoff(1000, attempt, this.o.maxBackoffMs ?? 30_000);
        this.sink.notice({ kind: 'retrying', error: we, delayMs: delay, attempt });
        await sleep(this.clock, delay, signal);
      }
    }
  }

  /** Starts one session and waits for its sessionStart. */
  private async open(chunk: Chunk, signal: AbortSignal): Promise<Session> {
    if (signal.aborted) throw new WorkbenchError('Cancelled', 'Cancelled');
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const detach = () => signal.removeEventListener('abort', onAbort);
    const gen = this.o.logs.startLiveTail(
      chunk.sources.map((s) => s.arn),
      {
        ...(this.o.filterPattern ? { filterPattern: this.o.filterPattern } : {}),
        signal: ac.signal,
      },
    );
    this.sessionCount++;
    let timer: unknown;
    const first = gen.next();
    first.catch(() => undefined);
    const timeoutMs = this.o.startTimeoutMs ?? START_TIMEOUT_MS;
    const timeout = new Promise<never>((_r, reject) => {
      timer = this.clock.setTimeout(
        () => reject(new LiveTailUnavailable(`no live tail session started within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    try {
      const r = await Promise.race([first, timeout]);
      if (r.done || r.value.kind !== 'start')
        throw new LiveTailUnavailable('StartLiveTail answered without starting a session');
      return { id: `session-${this.sessionCount}`, ac, gen, startedAt: this.clock.now(), waiters: [], detach };
    } catch (err) {
      ac.abort();
      detach();
      void gen.return(undefined).catch(() => undefined);
      throw this.explain(chunk, toWorkbench(err));
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** Live tail's errors in the user's terms: unavailable here, a missing group, a refused filter. */
  private explain(chunk: Chunk, err: WorkbenchError): WorkbenchError {
    if (err instanceof LiveTailUnavailable || err.code === 'Cancelled') return err;
    const reason = liveUnavailableReason(err, this.o.endpoint);
    if (reason) return new LiveTailUnavailable(reason, err);
    if (err.code === 'NotFound') {
      const names = chunk.sources.map((s) => s.logGroupName);
      return names.length === 1
        ? groupGone(names[0]!, err)
        : new WorkbenchError('NotFound', `One of the log groups ${names.join(', ')} does not exist (any more).`, {
            hint: "It may have been deleted: start the tail again to tail the stage's current log groups.",
            cause: err,
          });
    }
    if (err.code === 'BadRequest') return refused(err, this.o.filterPattern);
    return err;
  }
}

function toWorkbench(err: unknown): WorkbenchError {
  if (isWorkbenchError(err)) return err;
  if (isCancellation(err)) return new WorkbenchError('Cancelled', 'Cancelled', { cause: err });
  return new WorkbenchError('Unknown', err instanceof Error ? err.message : String(err), { cause: err });
}
