// The end of Deploy Spec…: the confirmations (adoption, typed names of protected stages, the modal naming the
// target), the apply with cancellable progress, and the report.
import * as vscode from 'vscode';
import type { ApplyReport, Plan, PlannedDeploy } from '../../aws/bundle';
import { showLogAction } from '../commands/errors';
import type { Invocation } from '../commands/invocation';
import { ALL_RESOURCE_KINDS } from '../capabilities/resources';
import type { Runtime } from '../runtime';
import type { DeployFeature } from './feature';
import type { DeployTarget } from './steps';

export interface Decision {
  readonly adopt: boolean;
  readonly confirmedStages: string[];
}

/** An API of the spec's name that no deploy created: deploy takes it over only when the user says so. */
async function confirmAdoption(rt: Runtime, plan: Plan): Promise<boolean | undefined> {
  if (plan.api.status !== 'adopt') return false;
  const ok = await rt.prompts.confirm(
    `An API named ${plan.apiName} already exists in ${plan.region} (${plan.api.id}), and no deploy created it. Adopt it?`,
    `Adopt ${plan.apiName}`,
    'Deploy will tag it and change it to match the spec, as the plan shows, from now on.',
  );
  return ok ? true : undefined;
}

async function confirmProtected(rt: Runtime, plan: Plan): Promise<string[] | undefined> {
  const confirmed: string[] = [];
  for (const name of plan.protectedStages) {
    const typed = await rt.prompts.confirmByTyping(
      `Stage ${name} is protected. Type ${name} to change it.`,
      name,
      `Deploy ${plan.apiName}: protected stage`,
    );
    if (!typed) return undefined;
    confirmed.push(name);
  }
  return confirmed;
}

function confirmationDetail(t: DeployTarget, plan: Plan): string {
  const conn = t.session.connection;
  const deletes = plan.counts.delete;
  return [
    `Profile ${conn.profile}, region ${conn.region}${plan.api.id ? `, API ${plan.api.id}` : ''}.`,
    deletes
      ? `The ${deletes === 1 ? 'delete removes a resource' : `${deletes} deletes remove resources`} the spec does not have.`
      : '',
    'The plan is open beside the spec.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Adoption, protected stages, then the modal with the verb: undefined as soon as one is declined. */
export async function confirmDeploy(
  rt: Runtime,
  t: DeployTarget,
  plan: Plan,
  stage: string,
): Promise<Decision | undefined> {
  const adopt = await confirmAdoption(rt, plan);
  if (adopt === undefined) return undefined;
  const confirmedStages = await confirmProtected(rt, plan);
  if (!confirmedStages) return undefined;
  const verb = plan.deployment?.needed ? `Deploy to ${stage}` : `Apply to ${plan.apiName}`;
  const ok = await rt.prompts.confirm(rt.aws().confirmationText(plan), verb, confirmationDetail(t, plan));
  return ok ? { adopt, confirmedStages } : undefined;
}

export function applyStep(
  inv: Invocation<'spec'>,
  t: DeployTarget,
  planned: PlannedDeploy,
  d: Decision,
  stage: string,
): Promise<ApplyReport> {
  const { plan } = planned;
  const log = inv.rt.log.child('deploy');
  return inv.step(`Deploying ${plan.apiName} to ${stage}`, (progress) => {
    let last = 0;
    return inv.rt.aws().applyPlan(t.session.apigw, plan, {
      ...d,
      signal: inv.signal,
      callerArn: planned.callerArn,
      log: (line) => log.info(line),
      onProgress: (p) => {
        const pct = p.total ? (p.done / p.total) * 100 : 100;
        progress.report(`${p.done}/${p.total} ${p.message}`, pct - last);
        last = pct;
      },
    });
  });
}

/** Logs the report, says what changed in AWS, answers the CodeLens, and tells the user (with the URL, or Deploy Again). */
export function announce(rt: Runtime, f: DeployFeature, t: DeployTarget, report: ApplyReport, stage: string): void {
  const aws = rt.aws();
  rt.log.child('deploy').info(aws.renderReport(report).trimEnd());
  if (report.apiId) rt.resources.fire({ apiId: report.apiId, kinds: ALL_RESOURCE_KINDS });
  if (!report.ok) {
    f.lens.forget(t.doc);
    rt.prompts.notify(report.cancelled ? 'warning' : 'error', aws.reportHeadline(report), showLogAction(rt), {
      label: 'Deploy Again',
      run: () => vscode.commands.executeCommand('apigw.deploySpec', t.doc.uri, { stage }),
    });
    return;
  }
  f.lens.set(t.doc, { kind: 'inSync', apiName: report.apiName, region: report.region });
  const url = report.invokeUrl;
  rt.prompts.notify(
    'info',
    `${aws.reportHeadline(report)}${url ? ` ${url}` : ''}`,
    ...(url
      ? [
          { label: 'Copy URL', run: () => rt.prompts.copy(url, 'invoke URL') },
          { label: 'Open', run: () => vscode.env.openExternal(vscode.Uri.parse(url.replace(/^wss:/, 'https:'))) },
        ]
      : []),
  );
}
