// A subcommand is declared once (name, summary, operands, typed options, run); `defineCommand()` turns the
// declaration into what the command table holds, and runs it the same way for every subcommand: one parser, the
// generated usage on --help and on bad arguments (exit 2), the connection options and their session for AWS
// commands, Ctrl+C for commands that run until stopped, and every error printed by printError().
import type { AwsSession } from '../aws/session';
import { describeError, isCancellation, isWorkbenchError } from '../core/errors';
import { systemClock, type Clock } from '../core/tail/clock';
import { CliConnection, CONNECTION_OPTIONS } from './connection';
import { printError, type CliIo, type Output, type Terminal } from './io';
import {
  checkRequired,
  flag,
  FLAG_SYNTAX,
  optionLines,
  parseOptions,
  requiredSynopsis,
  UsageError,
  type OptionTable,
  type OptionValues,
  WIDTH,
  wrap,
} from './options';

export interface Operands {
  /** As the synopsis shows it: `SPEC`, `FILE|DIR…`. */
  readonly name: string;
  /** What one of them is, for errors: "spec file". */
  readonly noun: string;
  readonly min: number;
  readonly max?: number;
}

export interface CommandContext<T extends OptionTable> {
  readonly options: OptionValues<T>;
  readonly operands: readonly string[];
  readonly stdout: Output;
  readonly stderr: Output;
  /** Asks on the terminal; absent when there is none (then commands that need an answer refuse). */
  readonly ask: ((question: string) => Promise<string>) | undefined;
  /** Aborted by Ctrl+C or SIGTERM (commands declared `interruptible`) and by the caller's `CliIo.signal`. */
  readonly signal: AbortSignal;
  /** The session for --profile, --region and --endpoint-url (commands declared `aws`). */
  connect(): Promise<AwsSession>;
  readonly io: Pick<CliIo, 'tailOptions' | 'callOptions' | 'stdin' | 'env'> & { clock: Clock };
}

export interface CommandDeclaration<T extends OptionTable> {
  readonly name: string;
  /** One line for `apigw help`. */
  readonly summary: string;
  readonly operands?: Operands;
  /** What the command does, for its --help. */
  readonly description: string;
  readonly options: T;
  /** Takes the connection options. */
  readonly aws?: boolean;
  /** Runs until stopped: Ctrl+C and SIGTERM abort `signal` (a second Ctrl+C quits at once). */
  readonly interruptible?: boolean;
  readonly exitCodes: string;
  run(ctx: CommandContext<T>): Promise<number>;
}

/** What the command table holds: a declaration with its option types erased. */
export interface Subcommand {
  readonly name: string;
  readonly summary: string;
  /** `deploy SPEC --stage NAME`: the command and what it cannot do without. */
  readonly synopsis: string;
  usage(): string;
  invoke(args: readonly string[], io: CliIo, term: Terminal): Promise<number>;
}

const HELP = { help: flag('Show this help', { short: 'h' }) } as const;

/** An error that ends the command with its own exit code (a connection that cannot be resolved: 2). */
export class CommandFailure extends Error {
  constructor(
    readonly exitCode: number,
    readonly error: unknown,
  ) {
    super(describeError(error));
    this.name = 'CommandFailure';
  }
}

export function defineCommand<const T extends OptionTable>(d: CommandDeclaration<T>): Subcommand {
  return {
    name: d.name,
    summary: d.summary,
    synopsis: synopsis(d),
    usage: () => usage(d),
    invoke: (args, io, term) => invoke(d, args, io, term),
  };
}

function allOptions(d: CommandDeclaration<OptionTable>): OptionTable {
  return { ...d.options, ...(d.aws ? CONNECTION_OPTIONS : {}), ...HELP };
}

function synopsis(d: CommandDeclaration<OptionTable>): string {
  return [d.name, d.operands?.name, ...requiredSynopsis(d.options)].filter(Boolean).join(' ');
}

/** `Usage: apigw NAME OPERAND --required VALUE [options] [connection options]`. */
function usageLine(d: CommandDeclaration<OptionTable>): string {
  const optional = Object.values(d.options).some((o) => o.kind !== 'value' || o.required === undefined);
  return `Usage: apigw ${synopsis(d)}${optional ? ' [options]' : ''}${d.aws ? ' [connection options]' : ''}`;
}

function usage(d: CommandDeclaration<OptionTable>): string {
  const hasFlags = Object.values(d.options).some((o) => o.kind === 'flag');
  return [
    `${usageLine(d)}\n`,
    `${wrap(d.description, WIDTH).join('\n')}\n`,
    `Options:\n${optionLines({ ...d.options, ...HELP })}`,
    ...(hasFlags ? ['', FLAG_SYNTAX] : []),
    ...(d.aws ? [`\nConnection options:\n${optionLines(CONNECTION_OPTIONS)}`] : []),
    `\nExit codes: ${d.exitCodes}\n`,
  ].join('\n');
}

async function invoke<T extends OptionTable>(
  d: CommandDeclaration<T>,
  args: readonly string[],
  io: CliIo,
  term: Terminal,
): Promise<number> {
  let parsed: ReturnType<typeof parseOptions<OptionTable>>;
  try {
    parsed = parseOptions(args, allOptions(d));
    if (parsed.values.help) {
      term.stdout.write(usage(d));
      return 0;
    }
    checkRequired(parsed.values, allOptions(d));
    checkOperands(d.operands, parsed.operands);
  } catch (err) {
    return failed(d, term, err);
  }
  const connection = new CliConnection(parsed.values, io);
  const stop = stopOn(io.signal, d.interruptible === true, term.stderr);
  try {
    return await d.run({
      options: parsed.values as OptionValues<T>,
      operands: parsed.operands,
      stdout: term.stdout,
      stderr: term.stderr,
      ask: term.ask,
      signal: stop.signal,
      connect: () => connection.connect().catch((err: unknown) => Promise.reject(new CommandFailure(2, err))),
      // Only the knobs: the raw streams stay behind the Terminal.
      io: {
        tailOptions: io.tailOptions,
        callOptions: io.callOptions,
        stdin: io.stdin,
        env: io.env,
        clock: io.clock ?? systemClock,
      },
    });
  } catch (err) {
    return failed(d, term, err);
  } finally {
    stop.dispose();
    connection.close();
  }
}

function checkOperands(o: Operands | undefined, operands: readonly string[]): void {
  const min = o?.min ?? 0;
  const max = o?.max ?? (o ? Infinity : 0);
  if (operands.length < min) throw new UsageError(`no ${o!.noun} given`);
  if (operands.length > max)
    throw new UsageError(max === 1 ? `give one ${o!.noun}` : `unexpected argument ${operands[max]}`);
}

/**
 * Prints why the command failed: bad arguments with the usage line and where the options are (exit 2; the whole
 * help would push the error out of sight), a cancellation, the rest as errors (exit 1).
 */
function failed(d: CommandDeclaration<OptionTable>, term: Terminal, err: unknown): number {
  if (err instanceof UsageError) {
    term.stderr.write(
      `apigw ${d.name}: ${err.message}\n\n${usageLine(d)}\nRun 'apigw ${d.name} --help' for its options.\n`,
    );
    return 2;
  }
  if (isCancellation(err)) {
    term.stderr.write(`apigw ${d.name}: cancelled.\n`);
    return 1;
  }
  if (err instanceof CommandFailure) {
    printError(term.stderr, d.name, err.error);
    return err.exitCode;
  }
  printError(term.stderr, d.name, err);
  return isWorkbenchError(err) && err.code === 'InvalidArgument' ? 2 : 1;
}

/**
 * The command's stop signal: the caller's, and for interruptible commands Ctrl+C and SIGTERM, whose handlers stay
 * installed only while the command runs. A second Ctrl+C quits at once.
 */
function stopOn(
  outer: AbortSignal | undefined,
  interruptible: boolean,
  stderr: Output,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const onSignal = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) return controller.abort();
    stderr.write('\n');
    process.exit(sig === 'SIGTERM' ? 143 : 130);
  };
  if (outer?.aborted) abort();
  outer?.addEventListener('abort', abort, { once: true });
  if (interruptible) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return {
    signal: controller.signal,
    dispose() {
      outer?.removeEventListener('abort', abort);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
