// `apigw plan SPEC`: what deploy would change in the spec's API, as text or JSON, without changing anything.
//   exit 0: planned, 1: failed, 2: invalid spec or bad arguments.
import path from 'node:path';
import { planDeploy } from '../aws/deploy';
import { planJson, renderPlan } from '../core/deploy';
import { defineCommand, type CommandContext } from './command';
import { flag, value } from './options';
import { checkSpecStage, loadSpec } from './specFiles';

const OPTIONS = {
  stage: value('NAME', 'Also say whether stage NAME needs a new deployment'),
  'keep-extra': flag('Keep what the API has and the spec does not (default: plan to delete it)'),
  format: value('text|json', 'Output format (default: text)', { choices: ['text', 'json'] }),
} as const;

export const planCommand = defineCommand({
  name: 'plan',
  summary: 'Show what deploying SPEC would change, without changing anything',
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    'Shows what deploy would change in the API the spec maps to (found by its apigw:spec tag, or by name), without changing anything: + create, ~ update (with the fields that differ), -/+ replace (what AWS cannot change in place), - delete.',
  options: OPTIONS,
  aws: true,
  exitCodes: '0 planned, 1 failed, 2 invalid spec or bad arguments.',
  run: runPlan,
});

async function runPlan(ctx: CommandContext<typeof OPTIONS>): Promise<number> {
  const file = ctx.operands[0]!;
  const spec = loadSpec(file, ctx, 'plan');
  if (typeof spec === 'number') return spec;
  if (ctx.options.stage) checkSpecStage(spec, ctx.options.stage);
  const { plan } = await planDeploy(await ctx.connect(), spec, {
    ...(ctx.options.stage ? { stage: ctx.options.stage } : {}),
    deletes: !ctx.options['keep-extra'],
  });
  if (ctx.options.format === 'json') ctx.stdout.json(planJson(plan));
  else ctx.stdout.write(renderPlan(plan, { specFile: path.basename(file) }));
  return 0;
}
