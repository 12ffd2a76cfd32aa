// Throttling and fault injection: what makes the local service behave like a busy AWS account.

/** AWS's management API quota: about 10 requests/s per account and region, burst 40 (docs/AWS.md). */
export const AWS_APIGW_RATE = { rate: 10, burst: 40 } as const;

export interface Rate {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size. */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: Rate,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = limit.burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.limit.burst, this.tokens + ((t - this.last) / 1000) * this.limit.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export type FaultKind =
  /** 429 TooManyRequestsException (ThrottlingException for CloudWatch Logs). */
  | 'throttle'
  /** An AWS-shaped error: 500 InternalServerError unless status/code say otherwise. */
  | 'error'
  /** The socket is destroyed without an answer. */
  | 'drop'
  /** The call is carried out, then the socket is destroyed before the answer: a success the caller never hears of. */
  | 'dropAfter'
  /** The answer is delayed by latencyMs; other rules still apply. */
  | 'latency'
  /** A 500 with an HTML page, as some emulators answer an operation they lack. */
  | 'html'
  /** StartLiveTail only: the session starts, then ends with a SessionStreamingException. */
  | 'streamError'
  /**
   * An AWS-shaped error (500 InternalFailure unless status/code say otherwise) whose message echoes the request: its
   * method, URL and every header (Authorization, X-Amz-Security-Token…), as lines and as JSON, as a careless proxy or
   * service does. Tests plant secrets in the service's answers with it.
   */
  | 'echo';

export interface FaultRule {
  /** Operation name as in the API reference (GetApis, PutLogEvents, GetCallerIdentity), or '*' for every one. */
  operation: string;
  kind: FaultKind;
  /** Chance that the rule fires on a matching call (seeded, so repeatable). Default 1. */
  probability?: number;
  /** Fire only on these matching calls, counted from 1 when the rule was added. */
  nth?: number | number[];
  /** Fire at most this many times. */
  times?: number;
  latencyMs?: number;
  status?: number;
  /** Error code for kind 'error' (e.g. AccessDeniedException, ExpiredTokenException). */
  code?: string;
  message?: string;
  /** How an 'echo' fault quotes the headers: `name: value` lines (default), or one JSON object. */
  echo?: 'lines' | 'json';
}

interface ActiveRule extends FaultRule {
  id: number;
  seen: number;
  fired: number;
}

export interface FaultDecision {
  latencyMs: number;
  /** The failing rule that fired, if any. */
  fault?: FaultRule;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number) {}

  add(rules: FaultRule[]): number[] {
    return rules.map((r) => {
      const id = this.nextId++;
      this.rules.push({ ...r, id, seen: 0, fired: 0 });
      return id;
    });
  }

  clear(ids?: number[]): void {
    this.rules = ids ? this.rules.filter((r) => !ids.includes(r.id)) : [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ id: _id, seen: _s, fired: _f, ...r }) => r);
  }

  /** Decides what happens to one call of `operation`; every matching rule counts the call. */
  decide(operation: string): FaultDecision {
    let latencyMs = 0;
    let fault: FaultRule | undefined;
    for (const r of this.rules) {
      if (r.operation !== '*' && r.operation !== operation) continue;
      r.seen++;
      if (r.times !== undefined && r.fired >= r.times) continue;
      if (r.nth !== undefined && !(Array.isArray(r.nth) ? r.nth : [r.nth]).includes(r.seen)) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      if (r.kind === 'latency') {
        r.fired++;
        latencyMs += r.latencyMs ?? 0;
      } else if (!fault) {
        r.fired++;
        fault = r;
      }
    }
    return { latencyMs, fault };
  }
}

/** Headers a careless server quotes first: the ones that carry credentials. */
const CREDENTIAL_HEADERS = ['authorization', 'x-amz-security-token', 'cookie', 'x-amz-date'];

/** The message of an 'echo' fault: the request as a careless server quotes it, credentials first. */
export function echoMessage(
  rule: Pick<FaultRule, 'message' | 'echo'>,
  method: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
): string {
  const rank = (k: string) =>
    CREDENTIAL_HEADERS.includes(k) ? CREDENTIAL_HEADERS.indexOf(k) : CREDENTIAL_HEADERS.length;
  const sorted = Object.entries(headers).sort(([a], [b]) => rank(a) - rank(b));
  const head = `${rule.message ?? 'Internal error while handling the request'}: ${method} ${url}`;
  if (rule.echo === 'json') return `${head} with headers ${JSON.stringify(Object.fromEntries(sorted))}`;
  return [head, ...sorted.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : (v ?? '')}`)].join('\n');
}
