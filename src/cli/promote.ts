// `apigw promote` and `apigw rollback`: the editor's promotion and rollback for CI pipelines. Both print what will
// change, ask on a terminal (or take --yes), need --confirm-stage for a protected stage, and exit 0 when applied or
// nothing needs doing, 1 when refused, declined or failed, 2 on bad arguments or an unreadable spec.
import {
  applyStageMove,
  findApi,
  preparePromotion,
  prepareRollback,
  readDeployments,
  readStages,
  type PlanOptions,
} from '../aws/promote';
import type { AwsSession } from '../aws/session';
import { formatOf, SpecDocument } from '../core/gatewaySpec';
import {
  autoDeployExplanation,
  isoMinute,
  logLine,
  renderStageMove,
  rollbackChoices,
  specFacts,
  specsFor,
  type SpecFacts,
  type StageMovePlan,
} from '../core/promote';
import { deploymentLine } from '../core/promote/render';
import { defineCommand, type CommandContext } from './command';
import { saidYes } from './io';
import { flag, UsageError, value } from './options';
import { readSpecText } from './specFiles';

const COMMON = {
  yes: flag('Apply without asking (CI); without it apigw asks on a terminal and refuses elsewhere'),
  'confirm-stage': value(
    'NAME',
    "The target stage's name, required with --yes when the stage is protected (protected: true in the spec, or the stage tag apigw:protected=true); another stage's name is refused",
  ),
  'disable-auto-deploy': flag(
    'Turn auto-deploy off on the target in the same update (a stage that auto-deploys cannot be pointed at a chosen deployment)',
  ),
  spec: value('FILE', "The API's gateway spec, for its stages' protected flags"),
} as const;

const API = value('ID|NAME', 'The API: its id, or its name when no other API in the region has it', { required: true });

const PROMOTE_OPTIONS = {
  api: API,
  from: value('STAGE', 'The stage whose deployment is promoted', { required: true }),
  to: value('STAGE', 'The stage to point at it', { required: true }),
  ...COMMON,
} as const;

const ROLLBACK_OPTIONS = {
  api: API,
  stage: value('STAGE', 'The stage to roll back', { required: true }),
  to: value('DEPLOYMENT', 'The deployment id to go back to (default: the one before the last promotion or deploy)'),
  list: flag('List the deployments the stage can go back to, and change nothing'),
  ...COMMON,
} as const;

const EXIT_CODES =
  '0 applied or nothing to do, 1 refused, declined or failed (the stage is as it was), 2 bad arguments.';

export const promoteCommand = defineCommand({
  name: 'promote',
  summary: 'Point a stage at the deployment another stage runs',
  description:
    "Points stage --to at the deployment stage --from runs. Prints both deployments and what else differs between the stages first, checks the target again right before the update, and records the change in the stage's history (its tags), so that 'apigw rollback' can undo it from any machine.",
  options: PROMOTE_OPTIONS,
  aws: true,
  exitCodes: EXIT_CODES,
  run: runPromote,
});

export const rollbackCommand = defineCommand({
  name: 'rollback',
  summary: 'Point a stage back at an earlier deployment (--to ID, --list)',
  description:
    "Points a stage back at the deployment it ran before its last promotion or deploy (as its history in the stage's tags records it), or at the deployment --to names. --list prints the deployments it can go back to.",
  options: ROLLBACK_OPTIONS,
  aws: true,
  exitCodes: EXIT_CODES,
  run: runRollback,
});

type Common = CommandContext<typeof COMMON>;

interface Setup {
  session: AwsSession;
  specs: SpecFacts[];
  options: PlanOptions;
}

async function runPromote(ctx: CommandContext<typeof PROMOTE_OPTIONS>): Promise<number> {
  if (ctx.options.from === ctx.options.to)
    throw new UsageError(`--from and --to name the same stage (${ctx.options.to}): promote from one stage to another`);
  checkConfirmStage(ctx, ctx.options.to);
  const c = await setUp(ctx, 'promote');
  if (typeof c === 'number') return c;
  const { from, to } = ctx.options;
  const api = await findApi(c.session, ctx.options.api);
  const prepare = (o: PlanOptions) => preparePromotion(c.session, { ...o, api, from, to });
  return confirmAndApply(ctx, 'promote', c, await prepare(c.options), prepare);
}

async function runRollback(ctx: CommandContext<typeof ROLLBACK_OPTIONS>): Promise<number> {
  const o = ctx.options;
  // `--list --to ID` reads as a rollback to ID: refused rather than answered with a list that changed nothing.
  const changes = [o.to && '--to', o.yes && '--yes', o['confirm-stage'] && '--confirm-stage'].filter(Boolean);
  if (o.list && changes.length) throw new UsageError(`--list changes nothing: give it without ${changes.join(', ')}`);
  checkConfirmStage(ctx, o.stage);
  const c = await setUp(ctx, 'rollback');
  if (typeof c === 'number') return c;
  const { stage, to } = ctx.options;
  const api = await findApi(c.session, ctx.options.api);
  if (ctx.options.list) {
    const s = await readDeployments(c.session, await readStages(c.session, api), 'all');
    const choices = rollbackChoices(s.stages, stage, s.deployments, s.api);
    const current = s.stages.find((x) => x.StageName === stage)?.DeploymentId;
    ctx.stderr.write(
      `${stage} runs ${current ?? 'no deployment'} now. ${choices.length ? 'It can go back to:' : `${api.Name} has no other deployment to go back to.`}\n`,
    );
    for (const ch of choices) {
      ctx.stdout.write(
        `${deploymentLine(ch.deployment).replace(/`/g, '')}${ch.previous ? ' · previous (the default)' : ''}${ch.ranBefore ? ` · ${stage} ran it${ch.ranAt ? ` from ${isoMinute(ch.ranAt)}` : ''}` : ''}\n`,
      );
    }
    return 0;
  }
  const prepare = (o: PlanOptions) => prepareRollback(c.session, { ...o, api, stage, ...(to ? { to } : {}) });
  return confirmAndApply(ctx, 'rollback', c, await prepare(c.options), prepare);
}

/** --confirm-stage names the stage that changes, protected or not: another name is a command aimed at the wrong stage. */
function checkConfirmStage(ctx: Common, target: string): void {
  const named = ctx.options['confirm-stage'];
  if (named !== undefined && named !== target)
    throw new UsageError(`--confirm-stage ${named} does not name the stage that changes (${target})`);
}

/** The --spec file's facts (its stages' protected flags) and the session. */
async function setUp(ctx: Common, command: string): Promise<Setup | number> {
  const specs: SpecFacts[] = [];
  if (ctx.options.spec) {
    const facts = readSpecFacts(ctx, command, ctx.options.spec);
    if (typeof facts === 'number') return facts;
    specs.push(facts);
  }
  return {
    session: await ctx.connect(),
    specs,
    options: { specs, ...(ctx.options['disable-auto-deploy'] ? { disableAutoDeploy: true } : {}) },
  };
}

function readSpecFacts(ctx: Common, command: string, file: string): SpecFacts | number {
  const read = readSpecText(file);
  if ('problem' in read) {
    ctx.stderr.write(`apigw ${command}: cannot read ${file}: ${read.problem.problem}\n`);
    return 2;
  }
  let facts: SpecFacts | undefined;
  try {
    const doc = new SpecDocument(read.text, formatOf(file));
    facts = doc.syntaxProblems.length ? undefined : specFacts(file, doc.value);
  } catch {
    facts = undefined;
  }
  if (!facts) {
    ctx.stderr.write(`apigw ${command}: ${file} is not a gateway spec (run apigw validate ${file}).\n`);
    return 2;
  }
  return facts;
}

/** Asks, confirms a protected stage, applies and prints the outcome. */
async function confirmAndApply(
  ctx: Common,
  command: string,
  c: Setup,
  plan: StageMovePlan,
  replan: (o: PlanOptions) => Promise<StageMovePlan>,
): Promise<number> {
  const profile = c.session.connection.profile;
  if (c.specs.length && specsFor({ ApiId: plan.api.id, Name: plan.api.name }, c.specs).length === 0) {
    ctx.stderr.write(
      `apigw ${command}: ${c.specs[0]!.file} describes API ${c.specs[0]!.apiName}, not ${plan.api.name}: its protected flags do not apply.\n`,
    );
  }
  // An auto-deploying target that already runs the deployment has nothing to refuse: nothing to do comes first.
  if (!plan.noop && plan.autoDeploy && !plan.disableAutoDeploy) {
    const next = await offerAutoDeployOff(ctx, command, c, plan, replan);
    if (typeof next === 'number') return next;
    plan = next;
  }
  ctx.stdout.write(renderStageMove(plan, { profile }));
  if (plan.noop) {
    ctx.stderr.write(`${plan.noop}\n`);
    return 0;
  }
  for (const w of plan.warnings) ctx.stderr.write(`warning: ${w}\n`);
  const confirmed = await confirmMove(ctx, command, plan);
  if (typeof confirmed === 'number') return confirmed;
  const outcome = await applyStageMove(c.session, plan, { ...(confirmed ? { confirmedStage: confirmed } : {}) });
  for (const w of outcome.warnings.filter((x) => !plan.warnings.includes(x))) ctx.stderr.write(`warning: ${w}\n`);
  ctx.stdout.write(`${logLine(outcome, profile)}\n`);
  return 0;
}

/** A target that auto-deploys: turning auto-deploy off in the same update, asked on a terminal, refused otherwise. */
async function offerAutoDeployOff(
  ctx: Common,
  command: string,
  c: Setup,
  plan: StageMovePlan,
  replan: (o: PlanOptions) => Promise<StageMovePlan>,
): Promise<StageMovePlan | number> {
  ctx.stdout.write(renderStageMove(plan, { profile: c.session.connection.profile }));
  ctx.stderr.write(`apigw ${command}: ${autoDeployExplanation(plan)}\n`);
  if (ctx.options.yes || !ctx.ask) {
    ctx.stderr.write(
      `  Nothing was changed. Re-run with --disable-auto-deploy to turn auto-deploy off for ${plan.stage} in the same update.\n`,
    );
    return 1;
  }
  if (!saidYes(await ctx.ask(`Turn auto-deploy off for ${plan.stage} and continue? [y/N] `))) {
    ctx.stderr.write('Nothing was changed.\n');
    return 1;
  }
  return replan({ ...c.options, disableAutoDeploy: true });
}

/** --yes (with --confirm-stage for a protected stage), or the question on a terminal; the stage name confirmed. */
async function confirmMove(ctx: Common, command: string, plan: StageMovePlan): Promise<string | undefined | number> {
  const action = plan.kind === 'promote' ? `promote to ${plan.stage}` : `roll back ${plan.stage}`;
  const confirmed = ctx.options['confirm-stage'];
  if (ctx.options.yes) {
    if (!plan.protection || confirmed === plan.stage) return confirmed;
    ctx.stderr.write(
      `apigw ${command}: ${plan.stage} is protected (${plan.protection.by === 'spec' ? `protected: true in ${plan.protection.detail}` : `tag ${plan.protection.detail}`}): add --confirm-stage ${plan.stage} to ${action}. Nothing was changed.\n`,
    );
    return 1;
  }
  if (!ctx.ask) {
    ctx.stderr.write(
      `apigw ${command}: not on a terminal, so nothing was changed: add --yes to ${action}${plan.protection ? ` (and --confirm-stage ${plan.stage}: it is protected)` : ''}.\n`,
    );
    return 1;
  }
  if (plan.protection) {
    const typed = (await ctx.ask(`${plan.stage} is protected. Type ${plan.stage} to ${action}: `)).trim();
    if (typed === plan.stage) return typed;
    ctx.stderr.write('The name did not match: nothing was changed.\n');
    return 1;
  }
  const answer = await ctx.ask(
    `${plan.kind === 'promote' ? `Promote ${plan.source}'s deployment ${plan.next.id} to ${plan.stage}` : `Roll back ${plan.stage} to ${plan.next.id}`}? [y/N] `,
  );
  if (saidYes(answer)) return confirmed;
  ctx.stderr.write('Nothing was changed.\n');
  return 1;
}
