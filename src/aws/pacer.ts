// Client-side pacing of management calls, so a busy explorer or a deploy stays inside the account's quota instead
// of being throttled into failure. Figures: docs/AWS.md (API Gateway management API throttling).
import { CancelledError } from '../core/errors';

export interface PacerLimits {
  /** Requests per second across all operations. */
  rate: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
  /** Minimum spacing of single operations, in milliseconds. */
  perOperation: Record<string, number>;
}

/**
 * About 10 requests/s per account and region, burst 40; CreateDeployment about 1 per 5 s, VPC links and domains slower.
 * The rate is kept 5 % under the quota: the service's bucket refills from when our requests arrive, not when we send
 * them, so a pacer at exactly 10/s meets an empty bucket now and then.
 */
export const APIGW_LIMITS: PacerLimits = {
  rate: 9.5,
  burst: 40,
  perOperation: {
    CreateDeployment: 5_000,
    CreateVpcLink: 15_000,
    DeleteVpcLink: 30_000,
    CreateDomainName: 30_000,
  },
};

/** The time a pacer reads and waits on; tests pass a virtual one (`sleep` rejects with CancelledError on abort). */
export interface PacerClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class Pacer {
  private tokens: number;
  private last: number;
  private readonly lastByOp = new Map<string, number>();
  /** Waiters in arrival order: fairness between the explorer and a deploy sharing the pacer. */
  private queue: Promise<void> = Promise.resolve();
  waitedMs = 0;

  constructor(
    readonly limits: PacerLimits,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = delay,
  ) {
    this.tokens = limits.burst;
    this.last = now();
  }

  /** Resolves when `operation` may be sent; rejects with CancelledError when `signal` aborts while waiting. */
  acquire(operation: string, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(operation, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(operation: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new CancelledError();
      const t = this.now();
      this.tokens = Math.min(this.limits.burst, this.tokens + ((t - this.last) / 1000) * this.limits.rate);
      this.last = t;
      const spacing = this.limits.perOperation[operation] ?? 0;
      const opWait = spacing ? Math.max(0, (this.lastByOp.get(operation) ?? -Infinity) + spacing - t) : 0;
      const tokenWait = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.limits.rate) * 1000;
      const wait = Math.max(opWait, tokenWait);
      if (wait <= 0) {
        this.tokens -= 1;
        if (spacing) this.lastByOp.set(operation, t);
        return;
      }
      this.waitedMs += wait;
      await this.sleep(Math.ceil(wait), signal);
    }
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One pacer per key (account identity, region, endpoint), shared by every client that calls with that key. */
export class PacerRegistry {
  private readonly pacers = new Map<string, Pacer>();

  constructor(
    private readonly limits: PacerLimits = APIGW_LIMITS,
    private readonly clock?: PacerClock,
  ) {}

  get(key: string): Pacer {
    let p = this.pacers.get(key);
    if (!p) this.pacers.set(key, (p = this.create()));
    return p;
  }

  private create(): Pacer {
    const c = this.clock;
    return c
      ? new Pacer(
          this.limits,
          () => c.now(),
          (ms, signal) => c.sleep(ms, signal),
        )
      : new Pacer(this.limits);
  }
}
