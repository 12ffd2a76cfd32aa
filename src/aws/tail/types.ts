// What the tail transports report besides events, and how their failures are classified: retry, fall back, or end
// the tail with a message that says what to do.
import { isWorkbenchError, WorkbenchError, type Remedy } from '../../core/errors';
import type { TailEvent } from '../../core/tail/event';
import { displayUrl } from '../../core/redact';

export type Transport = 'live' | 'poll';
export type TailMode = 'auto' | Transport;

export type TailNotice =
  /** The transport in use; `reason` says why auto mode fell back to polling. */
  | { kind: 'transport'; transport: Transport; reason?: string }
  /** Live tail delivers a sample only (over 500 events/s); false when it delivers everything again. */
  | { kind: 'sampled'; sampled: boolean }
  /** A call failed and will be retried after `delayMs` (throttling, a 5xx, the network). */
  | { kind: 'retrying'; error: WorkbenchError; delayMs: number; attempt: number }
  /** Calls succeed again after `retrying`. */
  | { kind: 'recovered' }
  /** Live tail sessions were replaced before their 3-hour limit. */
  | { kind: 'renewed' }
  /** A live tail session broke and was reopened; events ingested in between may be missing. */
  | { kind: 'reconnected'; gapMs: number; error?: WorkbenchError }
  /** The events before the live session started (`--since`) were read. */
  | { kind: 'backfilled'; events: number }
  /** A log group the tail waited for exists now (a function ran for the first time): its events follow. */
  | { kind: 'appeared'; group: string };

export interface TransportSink {
  /** A batch in time order. */
  events(events: TailEvent[]): void;
  notice(n: TailNotice): void;
}

/** Something that hands out turns for calls: the shared pacer of FilterLogEvents. */
export interface Turns {
  acquire(operation: string, signal?: AbortSignal): Promise<void>;
}

/** Thrown when live tail cannot be used here: auto mode polls instead. */
export class LiveTailUnavailable extends WorkbenchError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super('Unsupported', `Live tail is not available: ${reason}.`, liveRemedy(cause));
  }
}

/**
 * What to do without live tail: poll (the editor's setting and the CLI's option both named, as every hint does); for
 * a denied StartLiveTail, first the IAM permission to ask for, with its copy action.
 */
function liveRemedy(cause: unknown): { hint: string; cause?: unknown; fix?: Remedy } {
  const denied = isWorkbenchError(cause) && cause.code === 'AccessDenied';
  const poll = denied ? 'poll (apigw tail: --mode poll)' : 'auto or poll (apigw tail: --mode auto or poll)';
  const hint = `Set apigw.tail.mode to ${poll} to tail by polling FilterLogEvents.`;
  if (!denied) return { hint, ...(cause !== undefined ? { cause } : {}) };
  return {
    hint: `Ask for the IAM permission logs:StartLiveTail, or s${hint.slice(1)}`,
    cause,
    fix: cause.fix ?? { label: 'Copy the IAM action logs:StartLiveTail', copyText: 'logs:StartLiveTail' },
  };
}

/** The SDK error behind a WorkbenchError (its name, HTTP status and message). */
function sdkCause(err: WorkbenchError): { name: string; status?: number; message: string } {
  const c = (err.cause ?? {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return {
    name: String(c.name ?? ''),
    ...(c.$metadata?.httpStatusCode !== undefined ? { status: c.$metadata.httpStatusCode } : {}),
    message: String(c.message ?? ''),
  };
}

/** Why StartLiveTail cannot serve this tail (so polling should), or undefined when the error is something else. */
export function liveUnavailableReason(err: WorkbenchError, endpoint: string | undefined): string | undefined {
  const c = sdkCause(err);
  const where = endpoint ? displayUrl(endpoint) : 'this endpoint';
  if (err.code === 'Unsupported')
    return `${where} does not support StartLiveTail (it answered with a body that is not an AWS response)`;
  if (
    ['UnknownOperationException', 'InvalidAction', 'NotImplemented', 'NotImplementedException'].includes(c.name) ||
    c.status === 501 ||
    /not (yet )?(implemented|supported)|unknown operation/i.test(`${c.message} ${err.message}`)
  ) {
    return `${where} does not implement StartLiveTail`;
  }
  if (err.code === 'AccessDenied') return 'the profile may not call logs:StartLiveTail';
  if (c.name === 'LimitExceededException') return 'the account has the most live tail sessions it may open at once';
  return undefined;
}

/** Errors that retrying cannot fix: the tail ends and says why. */
export function isFatal(err: unknown): boolean {
  if (!isWorkbenchError(err)) return false;
  return [
    'ExpiredToken',
    'NoCredentials',
    'AccessDenied',
    'NotFound',
    'BadRequest',
    'Unsupported',
    'Untrusted',
  ].includes(err.code);
}

/** A missing log group, said in the tail's terms. */
export function groupGone(group: string, err: WorkbenchError): WorkbenchError {
  return new WorkbenchError('NotFound', `Log group ${group} does not exist (any more).`, {
    hint: "It may have been deleted: start the tail again to tail the stage's current log groups.",
    cause: err,
  });
}

/** A refused call, said in the tail's terms (most often a filter pattern CloudWatch does not accept). */
export function refused(err: WorkbenchError, filterPattern: string | undefined): WorkbenchError {
  return filterPattern
    ? new WorkbenchError(
        'BadRequest',
        `CloudWatch Logs refused the tail with filter pattern ${filterPattern}: ${sdkCause(err).message || err.message}`,
        {
          hint: 'Check the pattern syntax (for example ERROR, "two words", ?a ?b, { $.status >= 500 }) and start the tail again.',
          cause: err,
        },
      )
    : err;
}

/** Exponential backoff from `base`, capped. */
export function backoff(base: number, attempt: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
}
