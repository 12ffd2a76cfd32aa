// Option parsing shared by the subcommands that reach AWS: `--name value` or `--name=value`, boolean flags, and the
// connection options every such subcommand takes (--profile, --region, --endpoint-url).
import { describeError, isWorkbenchError } from '../core/errors';
import { resolveConnection } from '../aws/profiles';
import { SessionPool, type AwsSession } from '../aws/session';
import type { CliIo } from './main';

export const AWS_OPTIONS_USAGE = `  --profile NAME         AWS profile (default: AWS_PROFILE, then default)
  --region REGION        AWS region (default: AWS_REGION, the profile's region, then us-east-1)
  --endpoint-url URL     another endpoint (LocalStack: http://localhost:4566; default: the profile's endpoint_url)`;

export interface ParsedArgs {
  values: Record<string, string>;
  flags: Set<string>;
  positional: string[];
}

/** Parses `args` against the value options and flags allowed; a string is the error to print. */
export function parseArgs(args: string[], allowed: { values: string[]; flags: string[] }): ParsedArgs | string {
  const out: ParsedArgs = { values: {}, flags: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--') || a === '--') {
      if (a === '-h') out.flags.add('help');
      else out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    if (allowed.flags.includes(name)) {
      if (eq > 0) return `--${name} takes no value`;
      out.flags.add(name);
    } else if (allowed.values.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) return `--${name} needs a value`;
      out.values[name] = v;
    } else {
      return `unknown option ${a}`;
    }
  }
  return out;
}

export const AWS_VALUE_OPTIONS = ['profile', 'region', 'endpoint-url'];

/** The session for --profile/--region/--endpoint-url, resolved like the AWS CLI (and the extension) do. */
export async function cliSession(p: ParsedArgs, io: CliIo): Promise<AwsSession> {
  const conn = await resolveConnection({
    ...(p.values.profile ? { profile: p.values.profile } : {}),
    ...(p.values.region ? { region: p.values.region } : {}),
    ...(p.values['endpoint-url'] ? { endpointUrl: p.values['endpoint-url'] } : {}),
    ...(io.env ? { env: io.env } : {}),
  });
  return new SessionPool(io.sessionOptions ?? {}).get(conn);
}

/** Prints an error as `apigw CMD: message` and its hint on the next line. */
export function printError(io: CliIo, command: string, err: unknown): void {
  io.stderr.write(`apigw ${command}: ${isWorkbenchError(err) ? err.message : describeError(err)}\n`);
  if (isWorkbenchError(err) && err.hint) io.stderr.write(`  ${err.hint}\n`);
}

/** The terminal can answer a question (apigw.ts gives `ask` only when stdin and stderr are terminals). */
export function interactive(io: CliIo): io is CliIo & { ask: NonNullable<CliIo['ask']> } {
  return io.ask !== undefined;
}
