// Argument handling for the CLI, kept apart from process globals so tests can run it in-process.
import { tailCommand } from './tail';
import { validateCommand } from './validate';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage: apigw <command> [options]

Commands:
  help                 Show this help
  validate FILE…       Check gateway spec files; exit 1 on errors
  tail                 Print a stage's access and Lambda logs as they arrive (--api A --stage S)

Run 'apigw <command> --help' for a command's options.
`;

const subcommands: Record<string, Subcommand> = {
  validate: validateCommand,
  tail: tailCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const run = subcommands[command];
  if (!run) {
    io.stderr.write(`apigw: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  return run(rest, io);
}

declare const __APIGW_VERSION__: string | undefined;
const VERSION = typeof __APIGW_VERSION__ === 'string' ? __APIGW_VERSION__ : 'dev';
