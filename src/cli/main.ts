// The CLI without process globals, so tests run it in-process: `main(argv, io)` picks the subcommand from the
// command table and returns the exit code. Every byte it writes goes through the Terminal made from `io`.
import type { Subcommand } from './command';
import { SUBCOMMANDS } from './commands';
import { afterOutput, printError, terminal, type CliIo } from './io';
import { FLAG_SYNTAX } from './options';

/** `apigw help`, generated from the command table. */
export function usage(commands: readonly Subcommand[] = SUBCOMMANDS): string {
  const rows: Array<[string, string]> = [
    ['help', 'Show this help'],
    ...commands.map((c): [string, string] => [c.synopsis, c.summary]),
  ];
  const width = Math.max(...rows.map(([s]) => s.length)) + 2;
  return `Usage: apigw <command> [options]

Commands:
${rows.map(([s, summary]) => `  ${s.padEnd(width)}${summary}`).join('\n')}

Run 'apigw <command> --help' for a command's options.
${FLAG_SYNTAX}
`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const term = terminal(io);
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    term.stdout.write(usage());
    return afterOutput(term, undefined, 0);
  }
  if (name === '--version' || name === '-v') {
    term.stdout.write(`${VERSION}\n`);
    return afterOutput(term, undefined, 0);
  }
  const command = SUBCOMMANDS.find((c) => c.name === name);
  if (!command) {
    const lower = SUBCOMMANDS.find((c) => c.name === name.toLowerCase());
    const hint = name.startsWith('-')
      ? ` (options go after the command: apigw <command> ${name} …)`
      : lower
        ? ` (did you mean ${lower.name}?)`
        : '';
    term.stderr.write(`apigw: unknown command '${name}'${hint}\n\n${usage()}`);
    return 2;
  }
  let code: number;
  try {
    code = await command.invoke(rest, io, term);
  } catch (err) {
    // The commands print their own failures; this is the last guard, and it still writes through the terminal.
    printError(term.stderr, name, err);
    code = 2;
  }
  return afterOutput(term, name, code);
}

declare const __APIGW_VERSION__: string | undefined;
const VERSION = typeof __APIGW_VERSION__ === 'string' ? __APIGW_VERSION__ : 'dev';
