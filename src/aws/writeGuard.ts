// Creates that make a new resource on every call (an API, an integration, a deployment…) must not be retried blindly
// when the first attempt may have been applied: a dropped connection or a 5xx can hide a success, and the SDK's
// retry would then make a second resource. For those operations this middleware lets the SDK retry only answers that
// prove nothing was done (429, other 4xx); after an uncertain failure it stops with an UncertainWriteError, and the
// caller (deploy) re-reads to find out whether the create happened.
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import { redact } from '../core/redact';

/** Operations whose retry after a lost answer makes a duplicate. Routes, stages and the like have keys: a retry gets 409. */
export const NOT_IDEMPOTENT = new Set([
  'CreateApi',
  'CreateIntegration',
  'CreateDeployment',
  'CreateAuthorizer',
  'CreateVpcLink',
]);

export class UncertainWriteError extends Error {
  // No `cause` on purpose: the SDK's retry classification follows `cause` and would retry this again.
  constructor(
    readonly operation: string,
    readonly original: unknown,
  ) {
    // The original's message may quote the request (a careless 500): redacted here too, as it reaches the log.
    super(`${operation} may have been applied: ${redact((original as Error | undefined)?.message || 'no answer')}`);
    this.name = 'UncertainWriteError';
  }
}

/** Failures after which AWS may have done the work: no HTTP answer, or a server error. */
export function mayHaveApplied(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (e?.name === 'AbortError') return false;
  const status = e?.$metadata?.httpStatusCode;
  return status === undefined || status >= 500;
}

/** A per-call middleware (added after the SDK's retry, so it sees every attempt). */
export function noBlindRetry<I extends object, O extends MetadataBearer>(
  operation: string,
): FinalizeRequestMiddleware<I, O> {
  let uncertain: unknown;
  let attempts = 0;
  return (next) => async (args) => {
    if (attempts > 0 && uncertain !== undefined) throw new UncertainWriteError(operation, uncertain);
    attempts++;
    try {
      return await next(args);
    } catch (err) {
      if (mayHaveApplied(err)) uncertain = err;
      throw err;
    }
  };
}
