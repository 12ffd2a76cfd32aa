// The end Promote and Roll Back share: say when nothing moves, settle auto-deploy, show the preview, ask for the
// typed name of a protected stage and then the modal naming the target, update, log, and report.
import * as vscode from 'vscode';
import type { PlanOptions } from '../../aws/promote';
import type { StageMovePlan } from '../../core/promote';
import { showLogAction } from '../commands/errors';
import type { Invocation } from '../commands/invocation';
import type { Runtime } from '../runtime';
import type { PreviewDocuments } from './preview';

export type Replan = (o: PlanOptions) => StageMovePlan;

const promote = (rt: Runtime) => rt.aws().promote;

/** A target that auto-deploys: the explanation, and the offer to turn auto-deploy off in the same update. */
async function resolveAutoDeploy(rt: Runtime, plan: StageMovePlan, replan: Replan): Promise<StageMovePlan | undefined> {
  if (!plan.autoDeploy || plan.disableAutoDeploy) return plan;
  const p = promote(rt);
  const verb = plan.kind === 'promote' ? 'Promote' : 'Roll Back';
  const ok = await rt.prompts.confirm(
    `${plan.stage} of ${plan.api.name} auto-deploys: it cannot be ${plan.kind === 'promote' ? 'promoted into' : 'rolled back'}.`,
    `Turn Off Auto-Deploy and ${verb}`,
    `${p.autoDeployExplanation(plan)} Turning auto-deploy off lets ${plan.stage} keep the deployment you choose; later changes then reach it only by a deploy or a promotion.`,
  );
  if (ok) return replan({ disableAutoDeploy: true });
  rt.log.child('promote').info(`${p.title(plan)} of ${plan.api.name} refused: ${plan.stage} auto-deploys`);
  return undefined;
}

/** The preview, the typed name of a protected stage, then the modal: the same order as Deploy Spec. */
async function confirmPlan(rt: Runtime, previews: PreviewDocuments, plan: StageMovePlan, profile: string) {
  const p = promote(rt);
  await previews.show(`${p.title(plan).replace('→', 'to')} · ${plan.api.name}`, p.renderStageMove(plan, { profile }));
  if (plan.protection) {
    const by =
      plan.protection.by === 'spec' ? `protected: true in ${plan.protection.detail}` : `tag ${plan.protection.detail}`;
    const typed = await rt.prompts.confirmByTyping(
      `${plan.stage} is protected (${by}). Type ${plan.stage} to ${plan.kind === 'promote' ? 'promote to it' : 'roll it back'}.`,
      plan.stage,
      `${p.title(plan)} of ${plan.api.name}`,
    );
    if (!typed) {
      rt.log
        .child('promote')
        .info(`${p.title(plan)} of ${plan.api.name}: the protected stage's name was not typed; nothing was changed`);
      rt.prompts.notify('info', `${plan.stage} was not changed: its name was not typed.`);
      return false;
    }
  }
  const c = p.confirmation(plan);
  return rt.prompts.confirm(c.message, c.verb, c.detail);
}

/** Applies a confirmed plan, logs it, says what changed in AWS and reports. Returns the log line. */
async function applyMove(inv: Invocation, plan: StageMovePlan): Promise<string> {
  const { rt } = inv;
  const p = promote(rt);
  const s = await rt.connection.session();
  const outcome = await inv.step(`${p.title(plan)} of ${plan.api.name}…`, () =>
    p.applyStageMove(s, plan, { confirmedStage: plan.stage }),
  );
  const log = rt.log.child('promote');
  const line = p.logLine(outcome, s.connection.profile);
  log.info(line);
  for (const w of outcome.warnings) log.warn(w);
  rt.resources.fire({ apiId: plan.api.id, kinds: ['stages', 'deployments'] });
  const extra = outcome.warnings.filter((w) => !plan.warnings.includes(w));
  const text = `${plan.stage} of ${plan.api.name} now runs deployment ${plan.next.id}${plan.kind === 'promote' ? ` (from ${plan.source})` : ''}.`;
  if (extra.length) rt.prompts.notify('warning', `${text} ${extra.join(' ')}`, showLogAction(rt));
  else rt.prompts.notify('info', text, rollBackAction(plan), showLogAction(rt));
  return line;
}

function rollBackAction(plan: StageMovePlan) {
  return {
    label: 'Roll Back',
    run: () => vscode.commands.executeCommand('apigw.rollbackStage', { apiId: plan.api.id, stage: plan.stage }),
  };
}

/** Plan, say when nothing moves, settle auto-deploy, confirm, update: the log line, or undefined. */
export async function planConfirmApply(
  inv: Invocation,
  previews: PreviewDocuments,
  replan: Replan,
  profile: string,
): Promise<string | undefined> {
  const { rt } = inv;
  const first = replan({});
  if (first.noop) {
    rt.prompts.notify('info', first.noop);
    return undefined;
  }
  const plan = await resolveAutoDeploy(rt, first, replan);
  if (!plan) return undefined;
  return (await confirmPlan(rt, previews, plan, profile)) ? applyMove(inv, plan) : undefined;
}
