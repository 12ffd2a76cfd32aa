// Deploy's tries on top of the SDK's own retries: a change that still fails with throttling or a server error is
// tried again, and a create whose answer was lost (or that meets 409 for a key that exists) is looked up by its
// identity before it is made again, so faults never leave a duplicate (docs/DEPLOY.md, Apply).
import { isWorkbenchError } from '../../core/errors';
import type { ApiGatewayAdapter } from '../apigateway';
import type { Page } from '../paginate';
import { DEPLOY_PAGE_SIZE, listAll } from './read';

/** Failures worth another try: the SDK gave up on throttling, the network or a server error. */
const RETRYABLE = new Set(['Throttled', 'Network', 'Unknown', 'Unsupported']);

export function isRetryable(err: unknown): boolean {
  return isWorkbenchError(err) && RETRYABLE.has(err.code);
}

function isConflict(err: unknown): boolean {
  return isWorkbenchError(err) && err.code === 'Conflict';
}

export function errorMessage(err: unknown): string {
  return isWorkbenchError(err) ? err.message : err instanceof Error ? err.message : String(err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface RetryPolicy {
  /** Tries after the first. */
  retries: number;
  /** First wait, doubled each time. */
  delayMs: number;
  /** Cancelled: no further try. */
  stopped(): boolean;
  log(line: string): void;
}

/** Counts one mutating call of the change in hand (the report's `calls`). */
export type CountCall = () => void;

/** Runs `fn`, and again after a retryable failure, up to the policy's tries, unless cancelled meanwhile. */
export async function retrying<T>(policy: RetryPolicy, label: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || attempt >= policy.retries || policy.stopped()) throw err;
      policy.log(`${label}: ${errorMessage(err)}; trying again`);
      await sleep(policy.delayMs * 2 ** attempt);
    }
  }
}

/** How to make one resource, and how to find it when a lost answer or a 409 leaves it unclear whether it exists. */
export interface CreateSteps {
  /** Makes it; its id. */
  make(): Promise<string>;
  /** Finds it by its identity; undefined: it was not made. */
  find(): Promise<string | undefined>;
  /** After a 409: brings the one that exists to what `make` would have made. */
  update?(id: string): Promise<void>;
}

/** A create that may already have happened: looked up by its identity before it is made again. */
export async function createOnce(policy: RetryPolicy, count: CountCall, steps: CreateSteps): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      count();
      return await steps.make();
    } catch (err) {
      const conflict = isConflict(err);
      if (!conflict && !isRetryable(err)) throw err;
      const found = await steps.find();
      if (found) {
        policy.log(`found what a lost answer had created: ${found}`);
        if (conflict && steps.update) {
          count();
          await steps.update(found);
        }
        return found;
      }
      if (conflict || attempt >= policy.retries) throw err;
      await sleep(policy.delayMs * 2 ** attempt);
    }
  }
}

/** The first listed item that `match` accepts (the whole listing is read, retried on transient failures). */
export async function findListed<T>(
  apigw: Pick<ApiGatewayAdapter, 'listRetryDelayMs'>,
  pages: (o: { pageSize: number }) => AsyncGenerator<Page<T>>,
  match: (item: T) => boolean,
): Promise<T | undefined> {
  return (await listAll(apigw, () => pages({ pageSize: DEPLOY_PAGE_SIZE }))).find(match);
}

/** A delete of something already gone is done. */
export async function ignoreMissing(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(isWorkbenchError(err) && err.code === 'NotFound')) throw err;
  }
}
