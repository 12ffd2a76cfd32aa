// `apigw deploy SPEC --stage NAME`: the editor's deploy engine for CI pipelines. Plans, confirms (flags, or
// questions on a terminal; never assumed), applies, deploys the stage and reports.
//   exit 0: applied, or nothing to do; 1: failed, refused or not confirmed; 2: invalid spec or bad arguments.
import path from 'node:path';
import { applyPlan, planDeploy, type PlannedDeploy } from '../aws/deploy';
import type { AwsSession } from '../aws/session';
import { confirmationText, hasWork, renderPlan, type Plan } from '../core/deploy';
import { renderReport } from '../core/deploy/report';
import { defineCommand, type CommandContext } from './command';
import { saidYes } from './io';
import { flag, list, value } from './options';
import { checkSpecStage, loadSpec } from './specFiles';

const OPTIONS = {
  stage: value('NAME', 'The stage to deploy', { required: 'the stage to deploy' }),
  yes: flag('Apply without asking. Without it, deploy asks on a terminal and refuses otherwise', { short: 'y' }),
  adopt: flag("Take over an existing API of the spec's name that no deploy created"),
  'confirm-stage': list(
    'NAME',
    'Confirm changes to protected stage NAME (repeat for several); --yes alone is not enough',
  ),
  'keep-extra': flag('Keep what the API has and the spec does not (default: delete it)'),
} as const;

type Ctx = CommandContext<typeof OPTIONS>;

export const deployCommand = defineCommand({
  name: 'deploy',
  summary: 'Apply SPEC to its API and deploy a stage',
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    'Plans the spec, asks, applies the changes in dependency order (paced to API Gateway limits, retried on throttling), then creates a deployment for stage NAME and points the stage at it (stages that auto-deploy need none) and prints the invoke URL. Ctrl-C stops after the calls in flight; running deploy again finishes the job.',
  options: OPTIONS,
  aws: true,
  interruptible: true,
  exitCodes: '0 applied or nothing to do, 1 failed or not confirmed, 2 invalid spec or bad arguments.',
  run: runDeploy,
});

interface Confirmed {
  adopt: boolean;
  stages: string[];
}

async function runDeploy(ctx: Ctx): Promise<number> {
  const file = ctx.operands[0]!;
  const spec = loadSpec(file, ctx, 'deploy');
  if (typeof spec === 'number') return spec;
  checkSpecStage(spec, ctx.options.stage);
  const session = await ctx.connect();
  const planned = await planDeploy(session, spec, {
    stage: ctx.options.stage,
    deletes: !ctx.options['keep-extra'],
    signal: ctx.signal,
  });
  const { plan } = planned;
  ctx.stdout.write(renderPlan(plan, { specFile: path.basename(file) }));
  if (plan.blocked.length) return refuse(ctx, 'the plan has problems that block it (marked ! above).');
  if (!hasWork(plan)) return 0;
  const confirmed = await confirm(ctx, plan);
  if (typeof confirmed === 'number') return confirmed;
  return apply(ctx, session, planned, confirmed);
}

function refuse(ctx: Ctx, why: string): number {
  ctx.stderr.write(`apigw deploy: not applied${why ? `: ${why}` : '.'}\n`);
  return 1;
}

/** The confirmations the plan needs: flags, or answers on a terminal. Never assumed. */
async function confirm(ctx: Ctx, plan: Plan): Promise<Confirmed | number> {
  const { yes } = ctx.options;
  if (!yes && !ctx.ask)
    return refuse(
      ctx,
      'standard input is not a terminal, so deploy cannot ask. Review the plan above, then run again with --yes.',
    );
  const adopt = await confirmAdoption(ctx, plan);
  if (typeof adopt === 'number') return adopt;
  const stages = await confirmProtectedStages(ctx, plan);
  if (typeof stages === 'number') return stages;
  if (!yes && !saidYes(await ctx.ask!(`${confirmationText(plan)} [y/N] `))) return refuse(ctx, '');
  return { adopt, stages };
}

/** An API of the spec's name that no deploy created is taken over only with --adopt or a yes on the terminal. */
async function confirmAdoption(ctx: Ctx, plan: Plan): Promise<boolean | number> {
  if (plan.api.status !== 'adopt' || ctx.options.adopt) return ctx.options.adopt;
  if (ctx.options.yes || !ctx.ask)
    return refuse(
      ctx,
      `an API named ${plan.apiName} exists (${plan.api.id}) that no deploy created. Add --adopt to take it over.`,
    );
  const question = `Adopt the existing API ${plan.apiName} (${plan.api.id}) in ${plan.region}? Deploy will manage it from now on. [y/N] `;
  return saidYes(await ctx.ask(question)) ? true : refuse(ctx, '');
}

/** Each protected stage the plan changes: named by --confirm-stage, or its name typed on the terminal. */
async function confirmProtectedStages(ctx: Ctx, plan: Plan): Promise<string[] | number> {
  const confirmed = new Set(ctx.options['confirm-stage']);
  for (const name of plan.protectedStages) {
    if (confirmed.has(name)) continue;
    if (!ctx.ask) return refuse(ctx, `stage ${name} is protected. Add --confirm-stage ${name} to confirm changing it.`);
    const typed = (await ctx.ask(`Stage ${name} is protected. Type its name to apply to it: `)).trim();
    if (typed !== name) return refuse(ctx, `"${typed}" is not ${name}.`);
    confirmed.add(name);
  }
  return [...confirmed];
}

/** Applies with progress on stderr; Ctrl-C stops after the calls in flight, and the report says what was done. */
async function apply(ctx: Ctx, session: AwsSession, planned: PlannedDeploy, confirmed: Confirmed): Promise<number> {
  if (ctx.signal.aborted) return refuse(ctx, 'stopped before applying.');
  const onStop = () => ctx.stderr.write('\nStopping after the calls in flight (Ctrl-C again to quit at once)…\n');
  ctx.signal.addEventListener('abort', onStop, { once: true });
  try {
    const report = await applyPlan(session.apigw, planned.plan, {
      adopt: confirmed.adopt,
      confirmedStages: confirmed.stages,
      signal: ctx.signal,
      callerArn: planned.callerArn,
      onProgress: (x) => {
        if (x.done < x.total) ctx.stderr.write(`[${x.done}/${x.total}] ${x.message}\n`);
      },
    });
    ctx.stdout.write(`\n${renderReport(report)}`);
    return report.ok ? 0 : 1;
  } finally {
    ctx.signal.removeEventListener('abort', onStop);
  }
}
