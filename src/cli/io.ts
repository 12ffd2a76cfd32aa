// The CLI's only way out to the terminal. `apigw.ts` (and tests) hand `main()` a plain `CliIo`; every subcommand
// writes through the `Terminal` made from it, which passes each byte through `forTerminal()` (secrets redacted,
// escape sequences from specs and log lines shown as `\xNN`, never interpreted) and survives a reader that went
// away (EPIPE) without deciding the exit code, and a write that failed (a full disk) without a stack trace.
import type { SessionOptions } from '../aws/session';
import type { TailOptions } from '../aws/tail';
import type { Clock } from '../core/tail/clock';
import { describeError, isWorkbenchError, type Remedy } from '../core/errors';
import { forTerminal, redact } from '../core/redact';

/** A stream the CLI writes to: process.stdout/stderr, or a buffer in tests. */
export interface RawStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Streams report EPIPE as an 'error' event; buffers have no events. */
  on?(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

/** What runs the CLI gives it: process streams and globals in `apigw.ts`, buffers and knobs in tests. */
export interface CliIo {
  stdout: RawStream;
  stderr: RawStream;
  /** Asks a question on the terminal; absent when standard input is not a terminal. */
  ask?: (question: string) => Promise<string>;
  /** The environment for profile and region resolution (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** AWS session options (tests: credentials, pacing, retries). */
  sessionOptions?: SessionOptions;
  /** Stops a command that runs until stopped (tests); Ctrl+C and SIGTERM always do. */
  signal?: AbortSignal;
  /** Tail transport tuning (tests). */
  tailOptions?: Pick<TailOptions, 'poll' | 'live' | 'turns'>;
  /** Standard input, for commands that read it (`apigw ws` sends its lines); made on first use. */
  stdin?: () => AsyncIterable<string | Uint8Array>;
  /** The time commands read (`--since 3h`, the last whole minute) and wait on (tests); default the system's. */
  clock?: Clock;
  /** Call tuning (tests): the pauses of the wait for a request's logs. */
  callOptions?: { logsDelaysMs?: number[] };
}

export interface Output {
  /** Writes text for a person: redacted, control characters neutralised. */
  write(text: string): void;
  /** Writes `value` as one JSON document that always parses (see jsonDocument). */
  json(value: unknown): void;
  /** Aborts when the reader has gone away (EPIPE) or a write failed; writes after that are dropped. */
  readonly closed: AbortSignal;
  /** The write that failed other than by the reader going away (a full disk): main() says so and exits 1. */
  failure(): NodeJS.ErrnoException | undefined;
}

/** The terminal every subcommand writes to and asks on. */
export interface Terminal {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Asks on the terminal (the question passes forTerminal too); absent when there is none. */
  readonly ask?: (question: string) => Promise<string>;
}

/** Wraps what the caller gave: the only place CLI output is sanitised. */
export function terminal(io: CliIo): Terminal {
  const ask = io.ask;
  return {
    stdout: output(io.stdout),
    stderr: output(io.stderr),
    ...(ask ? { ask: (question: string) => ask(forTerminal(question)) } : {}),
  };
}

function output(raw: RawStream): Output {
  const closed = new AbortController();
  let failure: NodeJS.ErrnoException | undefined;
  // Never thrown: a stack trace is no way to say that a disk is full. A stream reports a failed write as an 'error'
  // event too, and then ERR_STREAM_DESTROYED for the writes after it: the first error is the one that counts.
  const gone = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') failure ??= err;
    closed.abort();
  };
  // Node reports a closed pipe as an 'error' event; without a listener it would be thrown from the event loop.
  raw.on?.('error', gone);
  const send = (text: string) => {
    if (closed.signal.aborted || text === '') return;
    try {
      raw.write(text);
    } catch (err) {
      gone(err as NodeJS.ErrnoException);
    }
  };
  return {
    write: (text) => send(forTerminal(text)),
    json: (value) => send(jsonDocument(value)),
    closed: closed.signal,
    failure: () => failure,
  };
}

// DEL and the C1 controls (U+0080–U+009F, among them the one-byte CSI) survive JSON.stringify raw.
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/**
 * `value` as pretty JSON for a terminal and for tools. JSON.stringify escapes C0 controls; the rest are escaped as
 * `\u00NN` here, so no raw control reaches the terminal and the text still parses to the same value. Redaction runs
 * on the whole text (it sees `"key": "value"` pairs); when that could break the syntax (a pattern ending on a
 * backslash), every string is redacted on its own instead, so the document always parses.
 */
export function jsonDocument(value: unknown): string {
  const text = `${escapeRaw(JSON.stringify(value, null, 2))}\n`;
  const redacted = redact(text);
  if (redacted === text) return text;
  try {
    JSON.parse(redacted);
    return redacted;
  } catch {
    return `${escapeRaw(JSON.stringify(redactStrings(value), null, 2))}\n`;
  }
}

function escapeRaw(json: string): string {
  return json.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactStrings(v)]));
}

/** A yes to a `[y/N]` question. */
export function saidYes(answer: string): boolean {
  return /^y(es)?$/i.test(answer.trim());
}

/**
 * The exit code once the command is done: a write to standard output that failed (a full disk, a device error) makes
 * the output incomplete, which is said on stderr and is exit 1 where the command would have exited 0. A reader that
 * went away (EPIPE) changes nothing.
 */
export async function afterOutput(term: Terminal, command: string | undefined, code: number): Promise<number> {
  // A stream reports a failed write on the next tick ('error'), after the command's last write returned.
  await new Promise((resolve) => setImmediate(resolve));
  const err = term.stdout.failure();
  if (!err) return code;
  term.stderr.write(
    `apigw${command ? ` ${command}` : ''}: could not write to standard output (${err.message}): what it printed is incomplete.\n`,
  );
  return code === 0 ? 1 : code;
}

/**
 * Prints an error as `apigw CMD: message hint`, and its remedy, when it has one the terminal can use (a line to run,
 * a setting), on the next line. A remedy that is only an editor button ("Select Profile…") is left out: the hint
 * already says the CLI's way (`--profile NAME`).
 */
export function printError(out: Output, command: string | undefined, err: unknown): void {
  out.write(`apigw${command ? ` ${command}` : ''}: ${describeError(err)}\n`);
  const fix = isWorkbenchError(err) ? err.fix : undefined;
  if (fix && (fix.copyText || fix.setting)) out.write(`  ${remedyLine(fix)}\n`);
}

/** The CLI's form of a remedy: its label, and what to run or set (what the label names already is not repeated). */
export function remedyLine(fix: Remedy): string {
  const how = [
    fix.copyText && !fix.label.includes(fix.copyText) ? `run: ${fix.copyText}` : '',
    fix.setting ? `setting ${fix.setting} (VS Code)` : '',
  ].filter(Boolean);
  return `→ ${fix.label}${how.length ? ` (${how.join('; ')})` : ''}`;
}
