// Deploy Spec…, Show Plan, Check Sync and Create Spec from API… in the editor. The engine (plan, apply, pull) is the
// lazy `aws` bundle; validation is the lazy `spec` bundle. Nothing here loads either until a command runs.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ApplyReport, AwsSession, Plan, PlannedDeploy } from '../../aws/bundle';
import { CancelledError, describeError, WorkbenchError } from '../../core/errors';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { CommandTable } from '../commands';
import * as config from '../config';
import { confirmByTyping, confirmModal } from '../confirm';
import { awsBundle } from '../connection';
import type { ApiNode } from '../explorer/nodes';
import type { Runtime } from '../runtime';
import { isSpecDocument, SPEC_SELECTOR, specValidation } from '../gatewaySpec/engine';
import { SyncCodeLens } from './codeLens';
import { PlanDocuments, PLAN_SCHEME } from './planView';

const SPEC_GLOB = '**/*.apigw.{json,jsonc,yaml,yml}';

export interface DeployFeature {
  readonly plans: PlanDocuments;
  readonly lens: SyncCodeLens;
}

export function registerDeploy(context: vscode.ExtensionContext, rt: Runtime): DeployFeature {
  const plans = new PlanDocuments();
  const lens = new SyncCodeLens(
    () => rt.isTrusted(),
    () => config.value<boolean>(config.Setting.deployCodeLens, true),
  );
  context.subscriptions.push(
    plans,
    lens,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, lens),
    // An answer holds for the connection it was computed on.
    rt.connection.onDidChange(() => lens.clear()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lens.refresh()),
    config.onDidChange((ids) => {
      if (ids.includes(config.Setting.deployCodeLens)) lens.refresh();
    }),
  );
  return { plans, lens };
}

/** Options the commands take from callers other than the palette (menus pass a URI or a node). */
export interface DeployCommandOptions {
  /** The stage to deploy, instead of asking. */
  stage?: string;
}

export interface PullCommandOptions {
  format?: 'yaml' | 'json';
  /** Where to write the spec, instead of asking. */
  target?: vscode.Uri;
}

interface Target {
  doc: vscode.TextDocument;
  spec: GatewaySpec;
  session: AwsSession;
}

export function deployCommands(rt: Runtime, feature: DeployFeature): CommandTable {
  const log = rt.log.child('deploy');
  const { plans, lens } = feature;

  /** The spec to act on: the URI given (menus), the active editor, or one picked from the workspace. */
  const specDocument = async (arg: unknown): Promise<vscode.TextDocument | undefined> => {
    if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isSpecDocument(active)) return active;
    const files = await vscode.workspace.findFiles(SPEC_GLOB, '**/node_modules/**', 200);
    if (files.length === 0)
      throw new WorkbenchError('BadRequest', 'No gateway spec in this workspace (*.apigw.json, *.apigw.yaml).', {
        hint: 'Create one, or run "API Gateway: Create Spec from API…".',
      });
    const picked =
      files.length === 1
        ? { uri: files[0]! }
        : await vscode.window.showQuickPick(
            files
              .sort((a, b) => a.path.localeCompare(b.path))
              .map((uri) => ({
                label: path.basename(uri.fsPath),
                description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
                uri,
              })),
            { title: 'Gateway spec', placeHolder: 'Which spec?' },
          );
    return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
  };

  /** An invalid spec is never planned or deployed: its errors go to the log and the Problems panel. */
  const validSpec = (doc: vscode.TextDocument): GatewaySpec => {
    const v = specValidation(doc);
    if (v.valid && v.model) return v.model;
    const errors = v.diagnostics.filter((d) => d.severity === 'error');
    const name = path.basename(doc.fileName);
    for (const d of errors)
      log.warn(`${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    void vscode.window
      .showErrorMessage(
        `${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}: fix ${errors.length === 1 ? 'it' : 'them'} before planning or deploying. ${errors
          .slice(0, 3)
          .map((d) => `Line ${d.range.start.line + 1}: ${d.message}`)
          .join(' ')}`,
        'Show Problems',
      )
      .then((c) => {
        if (c === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    throw new CancelledError('invalid spec');
  };

  const session = async (): Promise<AwsSession> => {
    try {
      return await rt.connection.session();
    } catch (err) {
      throw new WorkbenchError('NoCredentials', `No AWS connection: ${describeError(err)}`, {
        hint: 'Run "API Gateway: Select Profile".',
      });
    }
  };

  /** Profile, region and stage in one pick: the stages of the spec, and the connection to change. */
  const pickTarget = async (spec: GatewaySpec, options: DeployCommandOptions): Promise<string | undefined> => {
    const stages = Object.entries(spec.stages ?? {});
    if (options.stage !== undefined) return options.stage;
    if (stages.length === 0)
      throw new WorkbenchError('InvalidSpec', `${spec.api.name} has no stages: there is nothing to deploy to.`, {
        hint: 'Add a stage under stages, for example prod: {}.',
      });
    for (;;) {
      const conn = await rt.connection.current();
      type Item = vscode.QuickPickItem & { stage?: string; run?: () => Promise<unknown> };
      const items: Item[] = [
        ...stages.map(([name, s]) => ({
          label: `$(rocket) ${name}`,
          stage: name,
          description: [s.autoDeploy ? 'auto-deploys' : '', s.protected ? 'protected' : '', s.description ?? '']
            .filter(Boolean)
            .join(' · '),
        })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(account) Change Profile…', description: conn.profile, run: () => rt.connection.selectProfile() },
        { label: '$(globe) Change Region…', description: conn.region, run: () => rt.connection.selectRegion() },
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: `Deploy ${spec.api.name} to ${conn.profile} · ${conn.region}`,
        placeHolder: 'Stage to deploy',
      });
      if (!picked) return undefined;
      if (picked.stage) return picked.stage;
      await picked.run?.();
    }
  };

  const planWithProgress = async (t: Target, stage: string | undefined, title: string): Promise<PlannedDeploy> => {
    const conn = t.session.connection;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const planned = await awsBundle().planDeploy(t.session, t.spec, {
          ...(stage ? { stage } : {}),
          signal: controller.signal,
        });
        log.info(
          `planned ${t.spec.api.name} in ${conn.profile} · ${conn.region}: ${planned.plan.counts.create} create, ${planned.plan.counts.update} update, ${planned.plan.counts.delete} delete${planned.plan.deployment?.needed ? `, deployment to ${stage}` : ''}`,
        );
        return planned;
      },
    );
  };

  const remember = (t: Target, plan: Plan) => {
    const changes = plan.changes.length;
    lens.set(
      t.doc,
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
  };

  const showPlan = async (t: Target, plan: Plan) => {
    const text = awsBundle().renderPlan(plan, { specFile: path.basename(t.doc.fileName) });
    await plans.show(plans.uriFor(plan.apiName, plan.region, t.doc.uri), text);
  };

  const target = async (arg: unknown): Promise<Target | undefined> => {
    const doc = await specDocument(arg);
    if (!doc) return undefined;
    return { doc, spec: validSpec(doc), session: await session() };
  };

  const untrusted = () => {
    void vscode.window
      .showWarningMessage(
        'Deploying is turned off in this untrusted workspace: a spec from an unknown source could change your AWS account. Show Plan and Check Sync still work.',
        'Manage Workspace Trust',
      )
      .then((c) => {
        if (c === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
      });
  };

  const deploy = async (arg?: unknown, options: DeployCommandOptions = {}): Promise<ApplyReport | undefined> => {
    if (!rt.isTrusted()) {
      untrusted();
      return undefined;
    }
    const t = await target(arg);
    if (!t) return undefined;
    const stage = await pickTarget(t.spec, options);
    if (stage === undefined) return undefined;
    const conn = t.session.connection;
    const planned = await planWithProgress(
      t,
      stage,
      `Planning ${t.spec.api.name} for ${conn.profile} · ${conn.region}…`,
    );
    const { plan } = planned;
    remember(t, plan);
    await showPlan(t, plan);
    const aws = awsBundle();
    if (plan.blocked.length)
      throw new WorkbenchError('Conflict', `The plan cannot be applied: ${plan.blocked.join(' ')}`);
    if (!aws.hasWork(plan)) {
      void vscode.window.showInformationMessage(
        `Nothing to deploy: ${plan.apiName} in ${plan.region} matches the spec${plan.deployment ? ` and stage ${stage} runs it` : ''}.`,
      );
      return undefined;
    }
    let adopt = false;
    if (plan.api.status === 'adopt') {
      adopt = await confirmModal(
        `An API named ${plan.apiName} already exists in ${plan.region} (${plan.api.id}), and no deploy created it. Adopt it?`,
        `Adopt ${plan.apiName}`,
        'Deploy will tag it and change it to match the spec, as the plan shows, from now on.',
      );
      if (!adopt) return undefined;
    }
    const confirmedStages: string[] = [];
    for (const name of plan.protectedStages) {
      if (
        !(await confirmByTyping(
          `Stage ${name} is protected. Type ${name} to change it.`,
          name,
          `Deploy ${plan.apiName}: protected stage`,
        ))
      )
        return undefined;
      confirmedStages.push(name);
    }
    const verb = plan.deployment?.needed ? `Deploy to ${stage}` : `Apply to ${plan.apiName}`;
    const detail = [
      `Profile ${conn.profile}, region ${conn.region}${plan.api.id ? `, API ${plan.api.id}` : ''}.`,
      plan.counts.delete
        ? `The ${plan.counts.delete === 1 ? 'delete removes a resource' : `${plan.counts.delete} deletes remove resources`} the spec does not have.`
        : '',
      'The plan is open beside the spec.',
    ]
      .filter(Boolean)
      .join(' ');
    if (!(await confirmModal(aws.confirmationText(plan), verb, detail))) return undefined;

    const report = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Deploying ${plan.apiName} to ${stage}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let last = 0;
        return aws.applyPlan(t.session.apigw, plan, {
          adopt,
          confirmedStages,
          signal: controller.signal,
          callerArn: planned.callerArn,
          log: (line) => log.info(line),
          onProgress: (p) => {
            const pct = p.total ? (p.done / p.total) * 100 : 100;
            progress.report({ message: `${p.done}/${p.total} ${p.message}`, increment: pct - last });
            last = pct;
          },
        });
      },
    );
    log.info(aws.renderReport(report).trimEnd());
    void vscode.commands.executeCommand('apigw.refreshExplorer');
    if (report.ok) {
      lens.set(t.doc, { kind: 'inSync', apiName: plan.apiName, region: plan.region });
      const url = report.invokeUrl;
      void vscode.window
        .showInformationMessage(
          `${aws.reportHeadline(report)}${url ? ` ${url}` : ''}`,
          ...(url ? ['Copy URL', 'Open'] : []),
        )
        .then(async (c) => {
          if (c === 'Copy URL' && url) await vscode.env.clipboard.writeText(url);
          if (c === 'Open' && url) await vscode.env.openExternal(vscode.Uri.parse(url.replace(/^wss:/, 'https:')));
        });
    } else {
      lens.forget(t.doc);
      const show = report.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
      void show(aws.reportHeadline(report), 'Show Log', 'Deploy Again').then((c) => {
        if (c === 'Show Log') rt.log.show();
        if (c === 'Deploy Again') void vscode.commands.executeCommand('apigw.deploySpec', t.doc.uri, { stage });
      });
    }
    return report;
  };

  const showPlanCommand = async (arg?: unknown, options: DeployCommandOptions = {}): Promise<Plan | undefined> => {
    const t = await target(arg);
    if (!t) return undefined;
    const conn = t.session.connection;
    const { plan } = await planWithProgress(
      t,
      options.stage,
      `Planning ${t.spec.api.name} for ${conn.profile} · ${conn.region}…`,
    );
    remember(t, plan);
    await showPlan(t, plan);
    return plan;
  };

  const checkSync = async (arg?: unknown): Promise<Plan | undefined> => {
    const t = await target(arg);
    if (!t) return undefined;
    lens.set(t.doc, { kind: 'checking' });
    try {
      const { plan } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Checking ${t.spec.api.name} against AWS` },
        () => awsBundle().planDeploy(t.session, t.spec),
      );
      remember(t, plan);
      return plan;
    } catch (err) {
      lens.set(t.doc, { kind: 'error', message: describeError(err) });
      throw err;
    }
  };

  const createSpec = async (arg?: unknown, options: PullCommandOptions = {}): Promise<vscode.Uri | undefined> => {
    const s = await session();
    const aws = awsBundle();
    let ref: string;
    let apiName: string;
    const node = arg as Partial<ApiNode> | undefined;
    if (node?.api?.ApiId) {
      if (node.conn && node.conn.connection.key !== s.connection.key)
        throw new WorkbenchError(
          'BadRequest',
          'The explorer shows another connection than the current one: refresh it and try again.',
        );
      ref = node.api.ApiId;
      apiName = node.api.Name ?? ref;
    } else if (typeof arg === 'string') {
      ref = arg;
      apiName = arg;
    } else {
      const apis = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Listing APIs' },
        () => aws.listApis(s.apigw),
      );
      if (apis.length === 0)
        throw new WorkbenchError('NotFound', `No HTTP or WebSocket APIs in ${s.connection.region}.`, {
          hint: 'Change the region with "API Gateway: Select Region".',
        });
      const picked = await vscode.window.showQuickPick(
        apis.map((a) => ({
          label: a.Name ?? a.ApiId ?? '',
          description: `${a.ApiId} · ${a.ProtocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'}`,
          id: a.ApiId!,
        })),
        {
          title: `Create Spec from API (${s.connection.profile} · ${s.connection.region})`,
          placeHolder: 'API to write as a spec',
          matchOnDescription: true,
        },
      );
      if (!picked) return undefined;
      ref = picked.id;
      apiName = picked.label;
    }
    let format = options.format;
    if (!format && !options.target) {
      const f = await vscode.window.showQuickPick(
        [
          { label: 'YAML', format: 'yaml' as const, description: '*.apigw.yaml' },
          { label: 'JSON', format: 'json' as const, description: '*.apigw.json' },
        ],
        { title: `Create Spec from ${apiName}`, placeHolder: 'Format' },
      );
      if (!f) return undefined;
      format = f.format;
    }
    format ??= options.target && /\.json$/i.test(options.target.path) ? 'json' : 'yaml';
    let dest = options.target;
    if (!dest) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const file = `${apiName.replace(/[^A-Za-z0-9._-]+/g, '-')}.apigw.${format}`;
      dest = await vscode.window.showSaveDialog({
        title: `Save the spec of ${apiName}`,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file) } : {}),
        filters: { 'Gateway spec': [format === 'yaml' ? 'yaml' : 'json'] },
      });
      if (!dest) return undefined;
    }
    const pulled = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${apiName}…`, cancellable: true },
      (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return aws.pullApi(s, ref, { signal: controller.signal });
      },
    );
    const header = `Created from API ${pulled.api.ApiId} (${pulled.api.Name}) in ${pulled.region} by API Gateway Workbench, ${new Date().toISOString().slice(0, 10)}.`;
    await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(aws.serializeSpec(pulled.spec, format, header)));
    for (const w of pulled.warnings) log.warn(`${apiName}: ${w}`);
    log.info(`wrote ${dest.fsPath} from API ${pulled.api.ApiId} (${s.connection.profile} · ${s.connection.region})`);
    const doc = await vscode.workspace.openTextDocument(dest);
    await vscode.window.showTextDocument(doc);
    if (pulled.warnings.length)
      void vscode.window.showWarningMessage(`${path.basename(dest.fsPath)}: ${pulled.warnings.join(' ')}`);
    return dest;
  };

  return {
    'apigw.deploySpec': deploy,
    'apigw.showPlan': showPlanCommand,
    'apigw.checkSpecSync': checkSync,
    'apigw.createSpecFromApi': createSpec,
  };
}
