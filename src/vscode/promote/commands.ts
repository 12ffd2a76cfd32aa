// Promote Stage…, Roll Back Stage… and Clean Up Deployments…: pick the API and stages (or take them from the
// explorer node), show what the change means in a read-only document, confirm in a modal that names the target
// (and the typed name of a protected stage), apply with progress, log who/when/from/to, refresh the explorer.
// The engine is the lazy `aws` bundle (src/aws/promote, src/core/promote).
import * as vscode from 'vscode';
import type { PlanOptions, StageContext } from '../../aws/promote';
import type { LiveApi } from '../../core/deploy/live';
import { WorkbenchError } from '../../core/errors';
import type { RollbackChoice, SpecFacts, StageMovePlan } from '../../core/promote';
import type { CommandTable } from '../commands';
import * as config from '../config';
import { confirmByTyping, confirmModal } from '../confirm';
import { awsBundle } from '../connection';
import type { Explorer } from '../explorer/commands';
import { ApiNode, type DeploymentsNode, ExplorerNode, StageNode } from '../explorer/nodes';
import type { Runtime } from '../runtime';
import { spec } from '../gatewaySpec/engine';
import { type PreviewDocuments } from './preview';

export const DEFAULT_KEEP_DEPLOYMENTS = 10;

/** What the commands accept besides an explorer node: ids and names, so tests and other commands can drive them. */
export interface PromoteArgs {
  apiId?: string;
  from?: string;
  to?: string;
}
export interface RollbackArgs {
  apiId?: string;
  stage?: string;
  to?: string;
}
export interface CleanupArgs {
  apiId?: string;
  keep?: number;
}

const promote = () => awsBundle().promote;

export function keepDeployments(): number {
  const v = config.value<number>(config.Setting.keepDeployments, DEFAULT_KEEP_DEPLOYMENTS);
  return Number.isInteger(v) && v >= 0 ? v : DEFAULT_KEEP_DEPLOYMENTS;
}

/** Restricted mode changes nothing in AWS: says so with the way out, as Deploy Spec does. True when trusted. */
function trusted(rt: Runtime, what: string): boolean {
  if (rt.isTrusted()) return true;
  void vscode.window
    .showWarningMessage(
      `${what} is turned off in this untrusted workspace: nothing in AWS is changed from a workspace you have not trusted.`,
      'Manage Workspace Trust',
    )
    .then((c) => {
      if (c === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

function apiNodeOf(node: ExplorerNode): ApiNode | undefined {
  for (let n: ExplorerNode | undefined = node; n; n = n.parent) if (n instanceof ApiNode) return n;
  return undefined;
}

/** Gateway specs in the workspace, reduced to what protection needs (api name, stages' protected/autoDeploy). */
export async function workspaceSpecs(): Promise<SpecFacts[]> {
  const files = await vscode.workspace.findFiles('**/*.apigw.{json,jsonc,yaml,yml}', '**/node_modules/**', 200);
  const out: SpecFacts[] = [];
  for (const uri of files) {
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const engine = spec();
      const doc = new engine.SpecDocument(text.replace(/^\uFEFF/, ''), engine.formatOf(uri.path));
      const facts = promote().specFacts(vscode.workspace.asRelativePath(uri), doc.value);
      if (facts) out.push(facts);
    } catch {
      // An unreadable file protects nothing; the spec's own diagnostics say what is wrong with it.
    }
  }
  return out;
}

export function promoteCommands(rt: Runtime, explorer: Explorer, previews: PreviewDocuments): CommandTable {
  const log = rt.log.child('promote');
  const session = () => rt.connection.session();

  const reading = <T>(title: string, task: () => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, task);

  async function apiFrom(arg: unknown, title: string): Promise<LiveApi | undefined> {
    if (arg instanceof ExplorerNode) {
      const node = apiNodeOf(arg);
      if (node) return node.api;
    }
    const id = (arg as { apiId?: unknown } | undefined)?.apiId;
    if (typeof id === 'string') return promote().findApi(await session(), id);
    for (;;) {
      const apis = await reading('Loading APIs…', () => explorer.provider.allApis());
      const conn = await rt.connection.current();
      type Item = vscode.QuickPickItem & { api?: LiveApi; run?: () => Promise<unknown> };
      const items: Item[] = [
        ...apis.map((a) => ({
          label: `$(${a.websocket ? 'plug' : 'globe'}) ${a.api.Name}`,
          description: `${a.api.ApiId} · ${a.websocket ? 'WebSocket' : 'HTTP'}`,
          api: a.api,
        })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(account) Change Profile…', description: conn.profile, run: () => rt.connection.selectProfile() },
        { label: '$(globe) Change Region…', description: conn.region, run: () => rt.connection.selectRegion() },
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: `${title} (${conn.profile} · ${conn.region})`,
        placeHolder: apis.length ? 'API' : `No APIs in ${conn.region}: change the profile or region`,
        matchOnDescription: true,
      });
      if (!picked) return undefined;
      if (picked.api) return picked.api;
      await picked.run?.();
    }
  }

  async function pickStage(
    ctx: StageContext,
    specs: SpecFacts[],
    title: string,
    placeHolder: string,
    except?: string,
  ): Promise<string | undefined> {
    const p = promote();
    const stages = ctx.stages.filter((s) => s.StageName !== except);
    if (stages.length === 0)
      throw new WorkbenchError('NotFound', `${ctx.api.Name} has no ${except ? 'other ' : ''}stage.`);
    const picked = await vscode.window.showQuickPick(
      stages.map((s) => {
        const view = p.stageHistory(s.Tags, s.DeploymentId);
        const protection = p.protectionOf(ctx.api, s, specs);
        return {
          label: `$(${s.AutoDeploy ? 'sync' : 'rocket'}) ${s.StageName}`,
          description: [
            s.DeploymentId ? `deployment ${s.DeploymentId}` : 'no deployment',
            s.AutoDeploy ? 'auto-deploy' : '',
            protection ? 'protected' : '',
          ]
            .filter(Boolean)
            .join(' · '),
          ...(view.previous
            ? { detail: `previous: ${view.previous.deploymentId}${view.last ? ` (${p.stepText(view.last)})` : ''}` }
            : {}),
          name: s.StageName!,
        };
      }),
      { title, placeHolder },
    );
    return picked?.name;
  }

  /**
   * Shows the preview, asks for the typed name of a protected stage, then the modal naming the target: the same order
   * as Deploy Spec, so the last step is always the verb button.
   */
  async function confirmPlan(plan: StageMovePlan, profile: string): Promise<string | false> {
    const p = promote();
    await previews.show(`${p.title(plan).replace('→', 'to')} · ${plan.api.name}`, p.renderStageMove(plan, { profile }));
    if (plan.protection) {
      const ok = await confirmByTyping(
        `${plan.stage} is protected (${plan.protection.by === 'spec' ? `protected: true in ${plan.protection.detail}` : `tag ${plan.protection.detail}`}). Type ${plan.stage} to ${plan.kind === 'promote' ? 'promote to it' : 'roll it back'}.`,
        plan.stage,
        `${p.title(plan)} of ${plan.api.name}`,
      );
      if (!ok) {
        log.info(`${p.title(plan)} of ${plan.api.name}: the protected stage's name was not typed; nothing was changed`);
        void vscode.window.showInformationMessage(`${plan.stage} was not changed: its name was not typed.`);
        return false;
      }
    }
    const c = p.confirmation(plan);
    return (await confirmModal(c.message, c.verb, c.detail)) ? plan.stage : false;
  }

  /** A target that auto-deploys: the explanation, and the offer to turn auto-deploy off in the same update. */
  async function autoDeployOffer(plan: StageMovePlan): Promise<boolean> {
    const p = promote();
    const ok = await confirmModal(
      `${plan.stage} of ${plan.api.name} auto-deploys: it cannot be ${plan.kind === 'promote' ? 'promoted into' : 'rolled back'}.`,
      `Turn Off Auto-Deploy and ${plan.kind === 'promote' ? 'Promote' : 'Roll Back'}`,
      `${p.autoDeployExplanation(plan)} Turning auto-deploy off lets ${plan.stage} keep the deployment you choose; later changes then reach it only by a deploy or a promotion.`,
    );
    if (!ok) log.info(`${p.title(plan)} of ${plan.api.name} refused: ${plan.stage} auto-deploys`);
    return ok;
  }

  /** Applies a confirmed plan with progress, logs it, refreshes the explorer and reports. Returns the log line. */
  async function apply(plan: StageMovePlan, confirmedStage: string): Promise<string> {
    const p = promote();
    const s = await session();
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${p.title(plan)} of ${plan.api.name}…` },
      () => p.applyStageMove(s, plan, { confirmedStage }),
    );
    const line = p.logLine(outcome, s.connection.profile);
    log.info(line);
    for (const w of outcome.warnings) log.warn(w);
    refreshApi(plan.api.id);
    const extra = outcome.warnings.filter((w) => !plan.warnings.includes(w));
    const text = `${plan.stage} of ${plan.api.name} now runs deployment ${plan.next.id}${plan.kind === 'promote' ? ` (from ${plan.source})` : ''}.`;
    if (extra.length) {
      void vscode.window.showWarningMessage(`${text} ${extra.join(' ')}`, 'Show Log').then((c) => {
        if (c === 'Show Log') rt.log.show();
      });
    } else {
      void vscode.window.showInformationMessage(text, 'Roll Back', 'Show Log').then((c) => {
        if (c === 'Roll Back')
          void vscode.commands.executeCommand('apigw.rollbackStage', { apiId: plan.api.id, stage: plan.stage });
        else if (c === 'Show Log') rt.log.show();
      });
    }
    return line;
  }

  /** Reloads the API's Stages and Deployments folders (only if the explorer loaded them: nothing is fetched otherwise). */
  function refreshApi(apiId: string): void {
    const root = explorer.provider.connectionNode;
    if (root) explorer.provider.refreshIds([`${root.id}/${apiId}/stages`, `${root.id}/${apiId}/deployments`]);
  }

  /** Where Promote and Roll Back start: trust, the API (picked unless given), its stages and the workspace's specs. */
  async function stagesOf<A extends object>(arg: StageNode | A | undefined, what: string, title: string) {
    if (!trusted(rt, what)) return undefined;
    const args: Partial<A> = arg instanceof ExplorerNode ? {} : (arg ?? {});
    const api = await apiFrom(arg, `${title}: API`);
    if (!api) return undefined;
    const s = await session();
    const p = promote();
    const [ctx, specs] = await reading(`Reading the stages of ${api.Name}…`, () =>
      Promise.all([p.readStages(s, api), workspaceSpecs()]),
    );
    return { args, api, s, p, ctx, specs };
  }

  /** Plans again with auto-deploy turned off when the target auto-deploys and the user agrees; undefined: refused. */
  async function resolveAutoDeploy(
    plan: StageMovePlan,
    replan: (o: PlanOptions) => StageMovePlan,
  ): Promise<StageMovePlan | undefined> {
    if (!plan.autoDeploy || plan.disableAutoDeploy) return plan;
    return (await autoDeployOffer(plan)) ? replan({ disableAutoDeploy: true }) : undefined;
  }

  /** The end of Promote and Roll Back: plan, say when nothing moves, settle auto-deploy, confirm, update. */
  async function planConfirmApply(
    replan: (o: PlanOptions) => StageMovePlan,
    profile: string,
  ): Promise<string | undefined> {
    let plan: StageMovePlan | undefined = replan({});
    if (plan.noop) {
      void vscode.window.showInformationMessage(plan.noop);
      return undefined;
    }
    plan = await resolveAutoDeploy(plan, replan);
    if (!plan) return undefined;
    const confirmed = await confirmPlan(plan, profile);
    return confirmed ? apply(plan, confirmed) : undefined;
  }

  return {
    'apigw.promoteStage': async (arg?: StageNode | PromoteArgs) => {
      const read = await stagesOf(arg, 'Promotion', 'Promote Stage');
      if (!read) return undefined;
      const { args, api, s, p, ctx, specs } = read;
      const from =
        args.from ??
        (arg instanceof StageNode ? arg.stage.StageName : undefined) ??
        (await pickStage(ctx, specs, `Promote Stage of ${api.Name}`, 'Promote the deployment of which stage?'));
      if (!from) return undefined;
      const to =
        args.to ??
        (await pickStage(
          ctx,
          specs,
          `Promote ${from} of ${api.Name}`,
          `Point which stage at the deployment ${from} runs?`,
          from,
        ));
      if (!to) return undefined;
      const source = p.stageNamed(ctx.stages, from, ctx.api);
      const target = p.stageNamed(ctx.stages, to, ctx.api);
      await reading('Reading deployments…', () =>
        p.readDeployments(s, ctx, [source.DeploymentId, target.DeploymentId]),
      );
      const replan = (o: PlanOptions) => {
        const plan = p.planPromotion(p.inputsOf(ctx, { specs, ...o }), from, to);
        plan.warnings.push(...ctx.warnings);
        return plan;
      };
      return planConfirmApply(replan, s.connection.profile);
    },

    'apigw.rollbackStage': async (arg?: StageNode | RollbackArgs) => {
      const read = await stagesOf(arg, 'Rollback', 'Roll Back Stage');
      if (!read) return undefined;
      const { args, api, s, p, ctx, specs } = read;
      const stage =
        args.stage ??
        (arg instanceof StageNode ? arg.stage.StageName : undefined) ??
        (await pickStage(ctx, specs, `Roll Back Stage of ${api.Name}`, 'Roll back which stage?'));
      if (!stage) return undefined;
      p.stageNamed(ctx.stages, stage, ctx.api);
      await reading('Reading deployments…', () => p.readDeployments(s, ctx, 'all'));
      let to = args.to;
      // Given ids (tests, the "Roll Back" button) mean the default target; otherwise the user picks.
      if (to === undefined && args.stage === undefined) {
        const picked = await pickDeployment(stage, p.rollbackChoices(ctx.stages, stage, ctx.deployments, ctx.api), api);
        if (!picked) return undefined;
        to = picked;
      }
      const replan = (o: PlanOptions) => p.planRollbackFrom(ctx, stage, to, { specs, ...o });
      return planConfirmApply(replan, s.connection.profile);
    },

    'apigw.cleanUpDeployments': async (arg?: ApiNode | DeploymentsNode | CleanupArgs) => {
      if (!trusted(rt, 'Cleaning up deployments')) return undefined;
      const api = await apiFrom(arg, 'Clean Up Deployments: API');
      if (!api) return undefined;
      const keepArg = arg instanceof ExplorerNode ? undefined : (arg as CleanupArgs | undefined)?.keep;
      const keep = typeof keepArg === 'number' ? keepArg : keepDeployments();
      const s = await session();
      const p = promote();
      const plan = await reading(`Reading the deployments of ${api.Name}…`, () => p.prepareCleanup(s, api, keep));
      if (plan.remove.length === 0) {
        void vscode.window.showInformationMessage(
          `Nothing to clean up in ${plan.api.name}: ${p.cleanupKeptText(plan)}`,
        );
        return { deleted: 0 };
      }
      const c = p.cleanupConfirmation(plan);
      if (!(await confirmModal(c.message, c.verb, c.detail))) return undefined;
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Deleting deployments of ${plan.api.name}`,
          cancellable: true,
        },
        (progress, token) => {
          const stop = new AbortController();
          token.onCancellationRequested(() => stop.abort());
          return p.applyCleanup(s, plan, {
            signal: stop.signal,
            onProgress: (done, total) => progress.report({ increment: 100 / total, message: `${done} of ${total}` }),
          });
        },
      );
      const summary =
        `Deleted ${result.deleted.length} of ${plan.remove.length} deployments of ${plan.api.name} (${plan.api.region})` +
        `${result.skipped.length ? `; ${result.skipped.length} skipped (in use since)` : ''}${result.failed.length ? `; ${result.failed.length} failed` : ''}${result.cancelled ? '; cancelled' : ''}.`;
      log.info(`${summary} ${p.cleanupKeptText(plan)}`);
      for (const f of result.failed) log.error(`could not delete deployment ${f.id}: ${f.message}`);
      for (const k of result.skipped) log.info(`kept deployment ${k.id}: ${k.reason}`);
      refreshApi(plan.api.id);
      if (result.failed.length)
        void vscode.window.showWarningMessage(summary, 'Show Log').then((x) => {
          if (x === 'Show Log') rt.log.show();
        });
      else void vscode.window.showInformationMessage(summary);
      return {
        deleted: result.deleted.length,
        skipped: result.skipped.length,
        failed: result.failed.length,
        cancelled: result.cancelled,
      };
    },
  };

  /** The rollback pick list: the default (previous) deployment first, then every other, newest first. */
  async function pickDeployment(stage: string, choices: RollbackChoice[], api: LiveApi): Promise<string | undefined> {
    if (choices.length === 0) {
      void vscode.window.showInformationMessage(`${stage} of ${api.Name} has no other deployment to go back to.`);
      return undefined;
    }
    const p = promote();
    type Item = vscode.QuickPickItem & { id?: string };
    const item = (c: RollbackChoice): Item => ({
      label: `$(${c.previous ? 'discard' : 'history'}) ${c.deployment.id}`,
      description: [
        c.deployment.createdDate ? p.isoMinute(c.deployment.createdDate) : '',
        c.deployment.stages.length ? `runs ${c.deployment.stages.join(', ')}` : '',
        c.ranBefore ? `${stage} ran it` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      detail: c.deployment.description ?? '(no description)',
      id: c.deployment.id,
    });
    const previous = choices.filter((c) => c.previous);
    const others = choices.filter((c) => !c.previous);
    const items: Item[] = [
      ...(previous.length
        ? [
            { label: `before the last promotion or deploy`, kind: vscode.QuickPickItemKind.Separator },
            ...previous.map(item),
          ]
        : []),
      ...(others.length
        ? [{ label: 'other deployments', kind: vscode.QuickPickItemKind.Separator }, ...others.map(item)]
        : []),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `Roll Back ${stage} of ${api.Name}`,
      placeHolder: 'Go back to which deployment?',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.id;
  }
}
