// `apigw requests SPEC`: the `.http` file of a spec's routes, for VS Code's REST Client, JetBrains' HTTP Client and
// the workbench (docs/CALL.md). Written beside the spec the first time; updated later without losing the requests
// the user edited. With --live, its targets are the live API's stages and custom domains.
//   exit 0: written (or unchanged), 1: AWS could not be read, 2: bad arguments or a spec with errors.
import fs from 'node:fs';
import path from 'node:path';
import { readLiveStages } from '../aws/call/live';
import { defaultLocalTarget, generateRequests, LOCAL_DEFAULT_PORT } from '../core/call/generate';
import type { Target } from '../core/call/targets';
import { updateHttpFile, updateSummary } from '../core/call/update';
import type { GatewaySpec } from '../core/gatewaySpec/model';
import { WorkbenchError } from '../core/errors';
import { defineCommand, type CommandContext } from './command';
import { flag, UsageError, value } from './options';
import { loadSpec, sameFile, SPEC_FILE } from './specFiles';

const OPTIONS = {
  output: value('FILE', 'The .http file (default: beside the spec, NAME.http); - prints a fresh one to stdout', {
    short: 'o',
  }),
  live: flag("Target the live API: its stages' invoke URLs and custom domains (reads AWS with the connection options)"),
  api: value('ID|NAME', 'With --live: the API (default: the one the spec names)'),
  port: value('PORT', `The local API's port in the local target (default ${LOCAL_DEFAULT_PORT})`),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const requestsCommand = defineCommand({
  name: 'requests',
  summary: "Write or update the .http file of a spec's routes",
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    "Writes one request per route of the spec to a .http file that VS Code's REST Client, JetBrains' HTTP Client and the workbench read, with @baseUrl targets, path parameters as {{variables}} and JSON body skeletons. When the file exists it is updated: requests you edited are kept, untouched ones follow the spec, new routes are added, and requests of removed routes are removed when untouched or marked when edited. No secret is ever written to it.",
  options: OPTIONS,
  aws: true,
  exitCodes:
    '0 written or already up to date, 1 the live API could not be read, 2 bad arguments or a spec with errors.',
  run: runRequests,
});

/** `orders.apigw.yaml` → `orders.http`; a spec named otherwise gets `.http` added (`orders.yaml.http`), as in the editor. */
export function httpFileFor(specFile: string): string {
  return `${specFile.replace(SPEC_FILE, '')}.http`;
}

/** The .http file is read and rewritten: it must not be the spec, nor any other spec file. */
function checkOutput(out: string, spec: string): void {
  if (sameFile(out, spec)) throw new UsageError(`-o ${out} is the spec itself: give the .http file to write`);
  if (SPEC_FILE.test(out)) throw new UsageError(`-o ${out} is named as a spec file: give the .http file to write`);
}

async function liveTargets(ctx: Ctx, spec: GatewaySpec): Promise<Target[]> {
  const session = await ctx.connect();
  const stages = Object.keys(spec.stages ?? {});
  const { found, missing } = await readLiveStages(session, ctx.options.api ?? spec.api.name, stages, ctx.signal);
  for (const stage of missing) ctx.stderr.write(`apigw requests: stage ${stage} is not deployed: no target for it.\n`);
  return found.flatMap((s) => s.targets);
}

async function runRequests(ctx: Ctx): Promise<number> {
  const file = ctx.operands[0]!;
  const port = Number(ctx.options.port ?? LOCAL_DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port takes a port number, not ${ctx.options.port}`);
  if (ctx.options.api && !ctx.options.live) throw new UsageError('--api goes with --live');
  const out = ctx.options.output ?? httpFileFor(file);
  if (out !== '-') checkOutput(out, file);
  const spec = loadSpec(file, ctx, 'requests');
  if (spec === 2) return 2;
  const local = defaultLocalTarget(spec, port);
  const targets = ctx.options.live ? [...(await liveTargets(ctx, spec)), local] : [local];
  const generated = generateRequests(spec, { specFile: path.basename(file), targets });
  if (out === '-') {
    ctx.stdout.write(generated.text);
    return 0;
  }
  let current: string | undefined;
  try {
    current = fs.readFileSync(out, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new WorkbenchError('NotFound', `${out} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (current === undefined) {
    fs.writeFileSync(out, generated.text);
    ctx.stderr.write(
      `Wrote ${out}: ${generated.requests.length} request${generated.requests.length === 1 ? '' : 's'}.\n`,
    );
    return 0;
  }
  const { text, report } = updateHttpFile(current, generated);
  if (text !== current) fs.writeFileSync(out, text);
  ctx.stderr.write(`Updated ${out}: ${updateSummary(report)}.\n`);
  return 0;
}
