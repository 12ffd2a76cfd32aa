// Deploy Spec…, Show Plan, Check Sync and Create Spec from API… in the editor. The engine (plan, apply, pull) is the
// lazy `aws` bundle; validation is the lazy `spec` bundle. Nothing here loads either until a command runs.
import type * as vscode from 'vscode';
import type { ApplyReport, Plan } from '../../aws/bundle';
import { describeError, WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import { announce, applyStep, confirmDeploy } from './apply';
import type { DeployFeature } from './feature';
import { destination, pickFormat, writeSpec, type SpecFormat } from './pull';
import { deployTarget, pickSpecStage, planStep, showPlanDocument } from './steps';

/** `apigw.deploySpec(uri, { stage })`: the stage instead of asking. */
export interface DeployArgs {
  stage: string;
}

/** `apigw.createSpecFromApi(api, { format, target })`: the format and the file instead of asking. */
export interface PullArgs {
  format: SpecFormat;
  target: vscode.Uri;
}

function stageArg(inv: Invocation<'spec', DeployArgs>): string | undefined {
  return typeof inv.args.stage === 'string' ? inv.args.stage : undefined;
}

/** Plan, show the plan, confirm, apply with progress, report. */
export async function deploySpec(
  inv: Invocation<'spec', DeployArgs>,
  f: DeployFeature,
): Promise<ApplyReport | undefined> {
  const { rt } = inv;
  const t = await deployTarget(inv);
  const stage = stageArg(inv) ?? (await pickSpecStage(rt, t.spec));
  if (stage === undefined) return undefined;
  const planned = await planStep(inv, f, t, stage);
  const { plan } = planned;
  await showPlanDocument(rt, f, t, plan);
  if (plan.blocked.length)
    throw new WorkbenchError('Conflict', `The plan cannot be applied: ${plan.blocked.join(' ')}`);
  if (!rt.aws().hasWork(plan)) {
    rt.prompts.notify(
      'info',
      `Nothing to deploy: ${plan.apiName} in ${plan.region} matches the spec${plan.deployment ? ` and stage ${stage} runs it` : ''}.`,
    );
    return undefined;
  }
  const decision = await confirmDeploy(rt, t, plan, stage);
  if (!decision) return undefined;
  const report = await applyStep(inv, t, planned, decision, stage);
  announce(rt, f, t, report, stage);
  return report;
}

/** The plan of the spec (for its stage when given), beside it; nothing changes. */
export async function showPlan(inv: Invocation<'spec', DeployArgs>, f: DeployFeature): Promise<Plan> {
  const t = await deployTarget(inv);
  const { plan } = await planStep(inv, f, t, stageArg(inv));
  await showPlanDocument(inv.rt, f, t, plan);
  return plan;
}

/** Answers the CodeLens: in sync with the live API, or how many differences. */
export async function checkSpecSync(inv: Invocation<'spec'>, f: DeployFeature): Promise<Plan> {
  const t = await deployTarget(inv);
  f.lens.set(t.doc, { kind: 'checking' });
  try {
    const { plan } = await inv.step(
      `Checking ${t.spec.api.name} against AWS`,
      () => inv.rt.aws().planDeploy(t.session, t.spec, { signal: inv.signal }),
      'window',
    );
    f.remember(t.doc, plan);
    return plan;
  } catch (err) {
    f.lens.set(t.doc, { kind: 'error', message: describeError(err) });
    throw err;
  }
}

/** Writes a spec of a live API (a tree node, an id or name, or picked) that plans against it. */
export async function createSpecFromApi(inv: Invocation<'api', PullArgs>): Promise<vscode.Uri | undefined> {
  const { rt, subject, args } = inv;
  const target = args.target;
  const format = await pickFormat(rt, subject.api.name, args.format, target);
  if (!format) return undefined;
  const dest = target ?? (await destination(rt, subject.api.name, format));
  if (!dest) return undefined;
  const session = await rt.connection.session();
  const pulled = await inv.step(`Reading ${subject.api.name}…`, () =>
    rt.aws().pullApi(session, subject.api.api, { signal: inv.signal }),
  );
  await writeSpec(rt, pulled, format, dest);
  return dest;
}
