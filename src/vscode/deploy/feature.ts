// Deploy in the editor as a feature: the plan documents and the sync CodeLens its commands (./commands.ts) update.
import * as vscode from 'vscode';
import type { Plan } from '../../aws/bundle';
import * as config from '../config';
import { SPEC_SELECTOR } from '../gatewaySpec/engine';
import type { Runtime } from '../runtime';
import { SyncCodeLens } from './codeLens';
import { PlanDocuments, PLAN_SCHEME } from './planView';

export class DeployFeature implements vscode.Disposable {
  readonly plans = new PlanDocuments();
  readonly lens: SyncCodeLens;

  constructor(rt: Runtime) {
    this.lens = new SyncCodeLens(
      () => rt.trust.isTrusted(),
      () => config.value<boolean>(config.Setting.deployCodeLens, true),
    );
  }

  /** The CodeLens answers with what a plan found: in sync, or how many differences. */
  remember(doc: vscode.TextDocument, plan: Plan): void {
    const changes = plan.changes.length;
    this.lens.set(
      doc,
      changes === 0
        ? { kind: 'inSync', apiName: plan.apiName, region: plan.region }
        : {
            kind: 'differences',
            count: changes,
            apiName: plan.apiName,
            region: plan.region,
            missing: plan.api.status === 'new',
          },
    );
  }

  dispose(): void {
    this.plans.dispose();
    this.lens.dispose();
  }
}

export function registerDeploy(context: vscode.ExtensionContext, rt: Runtime): DeployFeature {
  const feature = new DeployFeature(rt);
  const { lens } = feature;
  context.subscriptions.push(
    feature,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, feature.plans),
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, lens),
    // An answer holds for the connection it was computed on.
    rt.connection.onDidChange(() => lens.clear()),
    rt.trust.onDidGrant(() => lens.refresh()),
    config.onDidChange((ids) => {
      if (ids.includes(config.Setting.deployCodeLens)) lens.refresh();
    }),
  );
  return feature;
}
