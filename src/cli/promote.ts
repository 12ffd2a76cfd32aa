// `apigw promote` and `apigw rollback`: the editor's promotion and rollback for CI pipelines. Both print what will
// change, ask on a terminal (or take --yes), need --confirm-stage for a protected stage, and exit 0 when applied or
// nothing needs doing, 1 when refused, declined or failed, 2 on bad arguments or an unreadable spec.
import fs from 'node:fs';
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
import { isCancellation } from '../core/errors';
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
import { formatOf, SpecDocument } from '../core/gatewaySpec';
import {
  AWS_OPTIONS_USAGE,
  AWS_VALUE_OPTIONS,
  cliSession,
  interactive,
  parseArgs,
  printError,
  type ParsedArgs,
} from './args';
import type { CliIo } from './main';

const COMMON_USAGE = `  --yes                  apply without asking (CI); without it apigw asks on a terminal and refuses elsewhere
  --confirm-stage NAME   the target stage's name, required with --yes when the stage is protected
                         (protected: true in the spec, or the stage tag apigw:protected=true)
  --disable-auto-deploy  turn auto-deploy off on the target in the same update (a stage that auto-deploys
                         cannot be pointed at a chosen deployment)
  --spec FILE            the API's gateway spec, for its stages' protected flags
${AWS_OPTIONS_USAGE}
  -h, --help             show this help

Exit codes: 0 applied or nothing to do, 1 refused, declined or failed (the stage is as it was), 2 bad arguments.
`;

export const PROMOTE_USAGE = `Usage: apigw promote --api ID|NAME --from STAGE --to STAGE [options]

Points stage --to at the deployment stage --from runs. Prints both deployments and what else differs between the
stages first, checks the target again right before the update, and records the change in the stage's history
(its tags), so that 'apigw rollback' can undo it from any machine.

Options:
  --api ID|NAME          the API: its id, or its name when no other API in the region has it
  --from STAGE           the stage whose deployment is promoted
  --to STAGE             the stage to point at it
${COMMON_USAGE}`;

export const ROLLBACK_USAGE = `Usage: apigw rollback --api ID|NAME --stage STAGE [--to DEPLOYMENT] [options]

Points a stage back at the deployment it ran before its last promotion or deploy (as its history in the stage's
tags records it), or at the deployment --to names. --list prints the deployments it can go back to.

Options:
  --api ID|NAME          the API: its id, or its name when no other API in the region has it
  --stage STAGE          the stage to roll back
  --to DEPLOYMENT        the deployment id to go back to (default: the one before the last promotion or deploy)
  --list                 list the deployments the stage can go back to, and change nothing
${COMMON_USAGE}`;

const FLAGS = ['yes', 'disable-auto-deploy', 'help'];
const VALUES = ['api', 'confirm-stage', 'spec', ...AWS_VALUE_OPTIONS];

interface Common {
  session: AwsSession;
  specs: SpecFacts[];
  options: PlanOptions;
}

async function setUp(command: string, p: ParsedArgs, io: CliIo, required: string[]): Promise<Common | number> {
  const missing = required.filter((r) => !p.values[r]);
  if (missing.length || p.positional.length) {
    io.stderr.write(
      `apigw ${command}: ${missing.length ? `missing ${missing.map((m) => `--${m}`).join(', ')}` : `unexpected argument ${p.positional[0]}`}\n\n${command === 'promote' ? PROMOTE_USAGE : ROLLBACK_USAGE}`,
    );
    return 2;
  }
  const specs: SpecFacts[] = [];
  if (p.values.spec) {
    const file = p.values.spec;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      io.stderr.write(
        `apigw ${command}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`,
      );
      return 2;
    }
    const doc = new SpecDocument(text.replace(/^\uFEFF/, ''), formatOf(file));
    const facts = doc.syntaxProblems.length ? undefined : specFacts(file, doc.value);
    if (!facts) {
      io.stderr.write(`apigw ${command}: ${file} is not a gateway spec (run apigw validate ${file}).\n`);
      return 2;
    }
    specs.push(facts);
  }
  let session: AwsSession;
  try {
    session = await cliSession(p, io);
  } catch (err) {
    printError(io, command, err);
    return 2;
  }
  return {
    session,
    specs,
    options: { specs, ...(p.flags.has('disable-auto-deploy') ? { disableAutoDeploy: true } : {}) },
  };
}

/** Asks, confirms a protected stage, applies and prints the outcome. */
async function confirmAndApply(
  command: string,
  p: ParsedArgs,
  io: CliIo,
  c: Common,
  plan: StageMovePlan,
  replan: (o: PlanOptions) => Promise<StageMovePlan>,
): Promise<number> {
  const profile = c.session.connection.profile;
  if (c.specs.length && specsFor({ ApiId: plan.api.id, Name: plan.api.name }, c.specs).length === 0) {
    io.stderr.write(
      `apigw ${command}: ${c.specs[0]!.file} describes API ${c.specs[0]!.apiName}, not ${plan.api.name}: its protected flags do not apply.\n`,
    );
  }
  if (plan.autoDeploy && !plan.disableAutoDeploy) {
    io.stdout.write(renderStageMove(plan, { profile }));
    io.stderr.write(`apigw ${command}: ${autoDeployExplanation(plan)}\n`);
    if (!p.flags.has('yes') && interactive(io)) {
      const answer = await io.ask(`Turn auto-deploy off for ${plan.stage} and continue? [y/N] `);
      if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
        io.stderr.write('Nothing was changed.\n');
        return 1;
      }
      plan = await replan({ ...c.options, disableAutoDeploy: true });
    } else {
      io.stderr.write(
        `  Nothing was changed. Re-run with --disable-auto-deploy to turn auto-deploy off for ${plan.stage} in the same update.\n`,
      );
      return 1;
    }
  }
  io.stdout.write(renderStageMove(plan, { profile }));
  if (plan.noop) {
    io.stderr.write(`${plan.noop}\n`);
    return 0;
  }
  for (const w of plan.warnings) io.stderr.write(`warning: ${w}\n`);
  const action = plan.kind === 'promote' ? `promote to ${plan.stage}` : `roll back ${plan.stage}`;
  let confirmed: string | undefined = p.values['confirm-stage'];
  if (p.flags.has('yes')) {
    if (plan.protection && confirmed !== plan.stage) {
      io.stderr.write(
        `apigw ${command}: ${plan.stage} is protected (${plan.protection.by === 'spec' ? `protected: true in ${plan.protection.detail}` : `tag ${plan.protection.detail}`}): add --confirm-stage ${plan.stage} to ${action}. Nothing was changed.\n`,
      );
      return 1;
    }
  } else if (!interactive(io)) {
    io.stderr.write(
      `apigw ${command}: not on a terminal, so nothing was changed: add --yes to ${action}${plan.protection ? ` (and --confirm-stage ${plan.stage}: it is protected)` : ''}.\n`,
    );
    return 1;
  } else if (plan.protection) {
    confirmed = (await io.ask(`${plan.stage} is protected. Type ${plan.stage} to ${action}: `))?.trim();
    if (confirmed !== plan.stage) {
      io.stderr.write('The name did not match: nothing was changed.\n');
      return 1;
    }
  } else {
    const answer = await io.ask(
      `${plan.kind === 'promote' ? `Promote ${plan.source}'s deployment ${plan.next.id} to ${plan.stage}` : `Roll back ${plan.stage} to ${plan.next.id}`}? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer?.trim() ?? '')) {
      io.stderr.write('Nothing was changed.\n');
      return 1;
    }
  }
  const outcome = await applyStageMove(c.session, plan, { ...(confirmed ? { confirmedStage: confirmed } : {}) });
  for (const w of outcome.warnings.filter((x) => !plan.warnings.includes(x))) io.stderr.write(`warning: ${w}\n`);
  io.stdout.write(`${logLine(outcome, profile)}\n`);
  return 0;
}

async function run(
  command: string,
  args: string[],
  io: CliIo,
  usage: string,
  extra: { values: string[]; flags: string[] },
  body: (p: ParsedArgs) => Promise<number>,
): Promise<number> {
  const p = parseArgs(args, { values: [...VALUES, ...extra.values], flags: [...FLAGS, ...extra.flags] });
  if (typeof p === 'string') {
    io.stderr.write(`apigw ${command}: ${p}\n\n${usage}`);
    return 2;
  }
  if (p.flags.has('help')) {
    io.stdout.write(usage);
    return 0;
  }
  try {
    return await body(p);
  } catch (err) {
    if (isCancellation(err)) {
      io.stderr.write(`apigw ${command}: cancelled; nothing was changed.\n`);
      return 1;
    }
    printError(io, command, err);
    return 1;
  }
}

export function promoteCommand(args: string[], io: CliIo): Promise<number> {
  return run('promote', args, io, PROMOTE_USAGE, { values: ['from', 'to'], flags: [] }, async (p) => {
    const c = await setUp('promote', p, io, ['api', 'from', 'to']);
    if (typeof c === 'number') return c;
    const api = await findApi(c.session, p.values.api!);
    const prepare = (o: PlanOptions) =>
      preparePromotion(c.session, { ...o, api, from: p.values.from!, to: p.values.to! });
    return confirmAndApply('promote', p, io, c, await prepare(c.options), prepare);
  });
}

export function rollbackCommand(args: string[], io: CliIo): Promise<number> {
  return run('rollback', args, io, ROLLBACK_USAGE, { values: ['stage', 'to'], flags: ['list'] }, async (p) => {
    const c = await setUp('rollback', p, io, ['api', 'stage']);
    if (typeof c === 'number') return c;
    const api = await findApi(c.session, p.values.api!);
    if (p.flags.has('list')) {
      const ctx = await readDeployments(c.session, await readStages(c.session, api), 'all');
      const choices = rollbackChoices(ctx.stages, p.values.stage!, ctx.deployments, ctx.api);
      const current = ctx.stages.find((s) => s.StageName === p.values.stage)?.DeploymentId;
      io.stderr.write(
        `${p.values.stage} runs ${current ?? 'no deployment'} now. ${choices.length ? 'It can go back to:' : `${api.Name} has no other deployment to go back to.`}\n`,
      );
      for (const ch of choices) {
        io.stdout.write(
          `${deploymentLine(ch.deployment).replace(/`/g, '')}${ch.previous ? ' · previous (the default)' : ''}${ch.ranBefore ? ` · ${p.values.stage} ran it${ch.ranAt ? ` from ${isoMinute(ch.ranAt)}` : ''}` : ''}\n`,
        );
      }
      return 0;
    }
    const prepare = (o: PlanOptions) =>
      prepareRollback(c.session, { ...o, api, stage: p.values.stage!, ...(p.values.to ? { to: p.values.to } : {}) });
    return confirmAndApply('rollback', p, io, c, await prepare(c.options), prepare);
  });
}
