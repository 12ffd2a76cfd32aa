// Argument handling for the CLI, kept apart from process globals so tests can run it in-process.
import type { SessionOptions } from '../aws/session';
import { deployCommand, planCommand, pullCommand } from './deploy';
import { promoteCommand, rollbackCommand } from './promote';
import { tailCommand } from './tail';
import { validateCommand } from './validate';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Asks a question on the terminal; absent when standard input is not a terminal. */
  ask?: (question: string) => Promise<string>;
  /** The environment for profile and region resolution (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** AWS session options (tests: credentials, pacing, retries). */
  sessionOptions?: SessionOptions;
}

export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage: apigw <command> [options]

Commands:
  help                 Show this help
  validate FILE…       Check gateway spec files; exit 1 on errors
  plan SPEC            Show what deploying SPEC would change, without changing anything
  deploy SPEC          Apply SPEC to its API and deploy a stage (--stage NAME [--yes])
  pull --api ID|NAME   Write a spec of a live API (JSON or YAML)
  promote              Point a stage at the deployment another stage runs (--api A --from dev --to prod)
  rollback             Point a stage back at an earlier deployment (--api A --stage prod [--to ID])
  tail                 Print a stage's access and Lambda logs as they arrive (--api A --stage S)

Run 'apigw <command> --help' for a command's options.
`;

const subcommands: Record<string, Subcommand> = {
  validate: validateCommand,
  plan: planCommand,
  deploy: deployCommand,
  pull: pullCommand,
  promote: promoteCommand,
  rollback: rollbackCommand,
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
