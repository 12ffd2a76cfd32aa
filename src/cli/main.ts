// Argument handling for the CLI, kept apart from process globals so tests can run it in-process.
import { promoteCommand, rollbackCommand } from './promote';
import { validateCommand } from './validate';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Where answers come from: questions are asked only when it is a terminal. */
  stdin?: { isTTY?: boolean };
  /** Asks one question on the terminal and resolves with the line typed (undefined at end of input). */
  prompt?: (question: string) => Promise<string | undefined>;
}

export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage: apigw <command> [options]

Commands:
  help                 Show this help
  validate FILE…       Check gateway spec files; exit 1 on errors
  promote              Point a stage at the deployment another stage runs (--api A --from dev --to prod)
  rollback             Point a stage back at an earlier deployment (--api A --stage prod [--to ID])

Run 'apigw <command> --help' for a command's options.
`;

const subcommands: Record<string, Subcommand> = {
  validate: validateCommand,
  promote: promoteCommand,
  rollback: rollbackCommand,
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
