// Session pools that reach the local AWS test service through src/aws: static credentials, pacing far above the
// quota and retries without seconds of backoff, the SDK's and the listings'.
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SessionPool, type SessionOptions } from '../../src/aws/session';
import { TEST_CREDENTIALS } from './connection';

/** Far above AWS's 10 requests/s: tests check call counts, not pacing (the bench paces like AWS). */
export const FAST_PACING = { rate: 2000, burst: 2000, perOperation: {} };

/** The SDK's standard retries with millisecond backoff: the same decisions, without seconds of waiting in tests. */
export function quickRetries(maxAttempts: number): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt) => 5 * attempt);
}

/**
 * What tests shorten of a session, and only that: pacing, the SDK's backoff and the pause before a whole listing is
 * read again (the same decisions, in milliseconds instead of seconds).
 */
export function quickSessionOptions(maxAttempts = 3): SessionOptions {
  return { pacing: FAST_PACING, retryStrategy: quickRetries(maxAttempts), listRetryDelayMs: 5 };
}

export type TestSessionOptions = SessionOptions & { maxAttempts?: number };

/** A session pool for tests: TEST_CREDENTIALS and quickSessionOptions (3 attempts), each replaceable. */
export function testSessions(o: TestSessionOptions = {}): SessionPool {
  return new SessionPool({ credentials: TEST_CREDENTIALS, ...quickSessionOptions(o.maxAttempts ?? 3), ...o });
}
