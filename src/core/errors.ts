// Typed errors, classified in one place so every command and tree node reports failures the same way.

export type ErrorCode =
  | 'Cancelled'
  | 'NoCredentials'
  | 'ExpiredToken'
  | 'AccessDenied'
  | 'Throttled'
  | 'NotFound'
  | 'Conflict'
  | 'BadRequest'
  | 'Network'
  | 'Unsupported'
  | 'InvalidSpec'
  | 'InvalidArgument'
  | 'ProfileNotFound'
  | 'InputLimit'
  | 'Untrusted'
  | 'Unknown';

/**
 * What fixes an error, as data the editor turns into a button and the CLI prints: never parsed back out of prose.
 * `label` names the action ("Sign in with aws sso login"); at least one of the others says how to take it.
 */
export interface Remedy {
  readonly label: string;
  /** A VS Code command the button runs (the CLI names `label` only). */
  readonly command?: { readonly id: string; readonly args?: readonly unknown[] };
  /** A shell line or value to copy (`aws sso login --profile dev`); the CLI prints it. */
  readonly copyText?: string;
  /** A setting to open (`apigw.profile`). */
  readonly setting?: string;
}

export interface WorkbenchErrorOptions {
  cause?: unknown;
  /** What the user can do about it, as a sentence: a command, a setting, a shell line. */
  hint?: string;
  /** The same as an action the editor offers as a button and the CLI prints. */
  fix?: Remedy;
}

export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly fix: Remedy | undefined;
  override readonly cause: unknown;

  constructor(code: ErrorCode, message: string, options: WorkbenchErrorOptions = {}) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.hint = options.hint;
    this.fix = options.fix;
    this.cause = options.cause;
  }

  get cancelled(): boolean {
    return this.code === 'Cancelled';
  }
}

export class CancelledError extends WorkbenchError {
  constructor(message = 'Cancelled') {
    super('Cancelled', message);
    this.name = 'CancelledError';
  }
}

/**
 * Recognises errors across bundle boundaries too: the lazily loaded bundles (AWS, validator) carry
 * their own copy of this class, so `instanceof` alone is not enough.
 */
export function isWorkbenchError(err: unknown): err is WorkbenchError {
  return (
    err instanceof WorkbenchError ||
    (typeof err === 'object' &&
      err !== null &&
      (err as { name?: unknown }).name !== undefined &&
      ['WorkbenchError', 'CancelledError'].includes(String((err as { name: unknown }).name)) &&
      typeof (err as { code?: unknown }).code === 'string')
  );
}

export function isCancellation(err: unknown): boolean {
  if (isWorkbenchError(err)) return err.code === 'Cancelled';
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'Canceled' || name === 'CancellationError';
}

/** A one-line message for any thrown value, with the hint when there is one. */
export function describeError(err: unknown): string {
  if (isWorkbenchError(err)) return err.hint ? `${err.message} ${err.hint}` : err.message;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Walks `cause` links for the log: "A ← B ← C". */
export function errorChain(err: unknown, limit = 5): string {
  const parts: string[] = [];
  let cur: unknown = err;
  while (cur !== undefined && cur !== null && parts.length < limit) {
    if (cur instanceof Error) {
      parts.push(`${cur.name}: ${cur.message}`);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(' ← ');
}
