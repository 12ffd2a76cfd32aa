// `apigw pull --api ID|NAME`: a gateway spec of a live API, on standard output or in a file.
//   exit 0: written, 1: failed, 2: bad arguments or an existing -o FILE without --force.
import fs from 'node:fs';
import { pullApi } from '../aws/deploy';
import { serializeSpec } from '../core/deploy/pull';
import { defineCommand, type CommandContext } from './command';
import { flag, UsageError, value } from './options';
import { checkOutputFile, fileFormat, writeOutputFile } from './specFiles';

const OPTIONS = {
  api: value('ID|NAME', 'The API (its id, or its name when no other API has it)', { required: 'the API to pull' }),
  format: value('json|yaml', 'Output format (default: yaml when FILE ends in .yaml or .yml, else json)', {
    choices: ['json', 'yaml'],
  }),
  output: value('FILE', 'Write to FILE instead of standard output (- is standard output)', { short: 'o' }),
  force: flag('Overwrite -o FILE when it exists'),
} as const;

export const pullCommand = defineCommand({
  name: 'pull',
  summary: 'Write a spec of a live API (JSON or YAML)',
  description:
    'Writes a gateway spec of a live API: defaults left out, integrations named, the account and region in ARNs as ${aws:accountId} and ${aws:region}. Planning the result against the API shows no changes.',
  options: OPTIONS,
  aws: true,
  exitCodes: '0 written, 1 failed, 2 bad arguments (or -o FILE exists, without --force).',
  run: runPull,
});

async function runPull(ctx: CommandContext<typeof OPTIONS>): Promise<number> {
  const out = ctx.options.output === '-' ? undefined : ctx.options.output;
  if (out !== undefined) checkOutputFile(out, '-o');
  // Before anything is read: a spec in the folder may hold what no pull gives back (comments, names, protected stages).
  if (out !== undefined && !ctx.options.force && fs.existsSync(out))
    throw new UsageError(`-o ${out} exists: add --force to overwrite it, or write to another file`);
  const format = out ? fileFormat(out, ctx.options.format, 'json') : (ctx.options.format ?? 'json');
  const pulled = await pullApi(await ctx.connect(), ctx.options.api);
  for (const w of pulled.warnings) ctx.stderr.write(`apigw pull: warning: ${w}\n`);
  if (!out) {
    // JSON through the writer's JSON path, so the document stays valid whatever the API's strings hold.
    if (format === 'json') ctx.stdout.json(pulled.spec);
    else ctx.stdout.write(serializeSpec(pulled.spec, format, pullHeader(pulled)));
    return 0;
  }
  writeOutputFile(out, serializeSpec(pulled.spec, format, pullHeader(pulled)));
  const n = (o: object | undefined) => Object.keys(o ?? {}).length;
  ctx.stderr.write(
    `apigw pull: wrote ${out} (${n(pulled.spec.routes)} routes, ${n(pulled.spec.integrations)} integrations, ${n(pulled.spec.stages)} stages)\n`,
  );
  return 0;
}

function pullHeader(pulled: Awaited<ReturnType<typeof pullApi>>): string {
  // No date: pulling the same API again writes the same bytes (version control records when).
  return `Pulled by apigw from API ${pulled.api.ApiId} (${pulled.api.Name}) in ${pulled.region}.`;
}
