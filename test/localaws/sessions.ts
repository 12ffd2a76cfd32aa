// Session pools that reach the local AWS test service through src/aws: static credentials, pacing far above the
// quota and retries without seconds of backoff.
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SessionPool, type SessionOptions } from '../../src/aws/session';
import { TEST_CREDENTIALS } from './connection';

/** Far above AWS's 10 requests/s: tests check call counts, not pacing (the bench paces like AWS). */
export const FAST_PACING = { rate: 2000, burst: 2000, perOperation: {} };

/** The SDK's standard retries with millisecond backoff: the same decisions, without seconds of waiting in tests. */
export function quickRetries(maxAttempts: number): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt) => 5 * attempt);
}

export type TestSessionOptions = SessionOptions & { maxAttempts?: number };

/** A session pool for tests: TEST_CREDENTIALS, FAST_PACING and quickRetries (3 attempts), each replaceable. */
export function testSessions(o: TestSessionOptions = {}): SessionPool {
  return new SessionPool({
    credentials: TEST_CREDENTIALS,
    pacing: FAST_PACING,
    retryStrategy: quickRetries(o.maxAttempts ?? 3),
    ...o,
  });
}
