// The steps Deploy Spec…, Show Plan and Check Sync share: a valid spec and a session, the stage (picked with the
// connection to change), the plan (cancellable), and the plan document beside the spec.
import path from 'node:path';
import type * as vscode from 'vscode';
import type { AwsSession, Plan, PlannedDeploy } from '../../aws/bundle';
import { describeError, isWorkbenchError, WorkbenchError } from '../../core/errors';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { Invocation } from '../commands/invocation';
import { pickWithConnection } from '../commands/pickers';
import { validSpec } from '../gatewaySpec/valid';
import type { Runtime } from '../runtime';
import type { DeployFeature } from './feature';

export interface DeployTarget {
  readonly doc: vscode.TextDocument;
  readonly spec: GatewaySpec;
  readonly session: AwsSession;
}

async function connectedSession(rt: Runtime): Promise<AwsSession> {
  try {
    return await rt.connection.session();
  } catch (err) {
    if (isWorkbenchError(err)) throw err;
    throw new WorkbenchError('NoCredentials', `No AWS connection: ${describeError(err)}`, {
      hint: 'Run "API Gateway: Select Profile".',
      fix: { label: 'Select Profile…', command: { id: 'apigw.selectProfile' } },
      cause: err,
    });
  }
}

export async function deployTarget(inv: Invocation<'spec'>): Promise<DeployTarget> {
  const { doc } = inv.subject.spec;
  return { doc, spec: validSpec(inv.rt, doc, 'planning or deploying'), session: await connectedSession(inv.rt) };
}

/** The spec's stage to deploy, picked with the connection (profile, region) it goes to and the way to change it. */
export function pickSpecStage(rt: Runtime, spec: GatewaySpec): Promise<string | undefined> {
  const stages = Object.entries(spec.stages ?? {});
  if (stages.length === 0)
    throw new WorkbenchError('InvalidSpec', `${spec.api.name} has no stages: there is nothing to deploy to.`, {
      hint: 'Add a stage under stages, for example prod: {}.',
    });
  return pickWithConnection<string>(rt, {
    title: (conn) => `Deploy ${spec.api.name} to ${conn.profile} · ${conn.region}`,
    placeHolder: () => 'Stage to deploy',
    items: async () =>
      stages.map(([name, s]) => ({
        label: `$(rocket) ${name}`,
        value: name,
        description: [s.autoDeploy ? 'auto-deploys' : '', s.protected ? 'protected' : '', s.description ?? '']
          .filter(Boolean)
          .join(' · '),
      })),
  });
}

/** Plans the spec against its live API (cancellable), logs the counts, and answers the CodeLens. */
export async function planStep(
  inv: Invocation<'spec'>,
  f: DeployFeature,
  t: DeployTarget,
  stage: string | undefined,
): Promise<PlannedDeploy> {
  const conn = t.session.connection;
  const planned = await inv.step(`Planning ${t.spec.api.name} for ${conn.profile} · ${conn.region}…`, () =>
    inv.rt.aws().planDeploy(t.session, t.spec, { ...(stage ? { stage } : {}), signal: inv.signal }),
  );
  const { counts, deployment } = planned.plan;
  inv.rt.log
    .child('deploy')
    .info(
      `planned ${t.spec.api.name} in ${conn.profile} · ${conn.region}: ${counts.create} create, ${counts.update} update, ` +
        `${counts.delete} delete${deployment?.needed ? `, deployment to ${stage}` : ''}`,
    );
  f.remember(t.doc, planned.plan);
  return planned;
}

/** Opens (or updates) the plan beside the spec. */
export async function showPlanDocument(rt: Runtime, f: DeployFeature, t: DeployTarget, plan: Plan): Promise<void> {
  const text = rt.aws().renderPlan(plan, { specFile: path.basename(t.doc.fileName) });
  await f.plans.show(f.plans.uriFor(plan.apiName, plan.region, t.doc.uri), text);
}
