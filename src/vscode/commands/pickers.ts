// The pickers behind command subjects: an API (ending with Change Profile…/Change Region…, written once here), a
// stage, a route, a gateway spec. Each lists with one call per page and says what it is loading.
import path from 'node:path';
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/bundle';
import type { LiveStage } from '../../core/deploy/live';
import { WorkbenchError } from '../../core/errors';
import { localTargetLabel, protocolName } from '../../core/explorer/format';
import { stageHistory } from '../../core/history';
import type { LocalEndpoint } from '../capabilities/local';
import { chooseProfile, chooseRegion } from '../connection/choose';
import { isSpecDocument } from '../gatewaySpec/engine';
import { protectionOfStage, specOf, type SpecFacts } from '../protection';
import type { Runtime } from '../runtime';
import { readStages } from '../stages';
import { workspaceSpecFiles } from '../workspaceSpecs';
import { apiSubject, type ApiSubject, type RouteSubject, type StageSubject } from './subjects';

type Item<T> = vscode.QuickPickItem & { value?: T; change?: () => Promise<unknown> };

export interface ConnectionPick<T> {
  /** The pick's title, which names the connection the items belong to. */
  title(conn: { profile: string; region: string }): string;
  /** The items for this connection (they may list with `session`). */
  items(session: AwsSession): Promise<Array<Item<T>>>;
  placeHolder(count: number, region: string): string;
}

/**
 * A pick that ends with Change Profile… and Change Region…: choosing one of those changes the connection and asks
 * again, with the items of the new connection.
 */
export async function pickWithConnection<T>(rt: Runtime, p: ConnectionPick<T>): Promise<T | undefined> {
  for (;;) {
    const session = await rt.connection.session();
    const conn = session.connection;
    const items = await p.items(session);
    const picked = await rt.prompts.pick<Item<T>>(
      [
        ...items,
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(account) Change Profile…', description: conn.profile, change: () => chooseProfile(rt) },
        { label: '$(globe) Change Region…', description: conn.region, change: () => chooseRegion(rt) },
      ],
      {
        title: p.title(conn),
        placeHolder: p.placeHolder(items.length, conn.region),
        matchOnDescription: true,
      },
    );
    if (!picked) return undefined;
    if (picked.value !== undefined) return picked.value;
    await picked.change?.();
  }
}

export function pickApi(rt: Runtime, title: string): Promise<ApiSubject | undefined> {
  return pickWithConnection<ApiSubject>(rt, {
    title: (conn) => `${title} (${conn.profile} · ${conn.region})`,
    placeHolder: (n, region) => (n ? 'API' : `No APIs in ${region}: change the profile or region`),
    items: async (session) => {
      const apis = await rt.prompts.progress({ title: 'Loading APIs…', where: 'window' }, () =>
        rt.aws().listApis(session.apigw),
      );
      return apis.map((a) => ({
        label: `$(${a.ProtocolType === 'WEBSOCKET' ? 'plug' : 'globe'}) ${a.Name ?? a.ApiId}`,
        description: `${a.ApiId} · ${protocolName(a.ProtocolType)}`,
        ...(a.Description ? { detail: a.Description } : {}),
        value: apiSubject(a, session.connection.region),
      }));
    },
  });
}

export interface StagePickOptions {
  title: string;
  placeHolder?: string;
  /** The stages, when the caller has read them already. */
  stages?: readonly LiveStage[];
  /** A stage not to offer (the source of a promotion). */
  except?: string;
  /** The workspace's specs: a stage one of them protects says so. */
  specs?: readonly SpecFacts[];
  /** Take the only stage without asking. */
  single?: 'auto';
}

export async function readStagesOf(rt: Runtime, api: ApiSubject): Promise<LiveStage[]> {
  const session = await rt.connection.session();
  return rt.prompts.progress({ title: `Loading the stages of ${api.name}…`, where: 'window' }, () =>
    rt.aws().all(readStages(session, api.id)),
  );
}

function stageItem(api: ApiSubject, s: LiveStage, specs: readonly SpecFacts[]): Item<string> {
  const view = stageHistory(s.Tags, s.DeploymentId);
  const protection = protectionOfStage(s, specOf(api.api, specs, s.StageName));
  return {
    label: `$(${s.AutoDeploy ? 'sync' : 'rocket'}) ${s.StageName}`,
    description: [
      s.DeploymentId ? `deployment ${s.DeploymentId}` : 'no deployment',
      s.AutoDeploy ? 'auto-deploy' : '',
      protection ? 'protected' : '',
      s.AccessLogSettings?.DestinationArn ? 'access logs' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    ...(view.previous ? { detail: `previous: ${view.previous.deploymentId}` } : {}),
    value: s.StageName ?? '',
  };
}

/** A stage of `api`: picked, or the only one with `single: 'auto'`; an API without one is an error that says so. */
export async function pickStage(rt: Runtime, api: ApiSubject, o: StagePickOptions): Promise<StageSubject | undefined> {
  const all = o.stages ?? (await readStagesOf(rt, api));
  const stages = all.filter((s) => s.StageName !== o.except);
  if (stages.length === 0)
    throw new WorkbenchError('NotFound', `${api.name} has no ${o.except ? 'other ' : ''}stage.`, {
      hint: 'Create a stage (or deploy a spec) first.',
    });
  if (stages.length === 1 && o.single === 'auto') return { api, name: stages[0]!.StageName!, stage: stages[0]! };
  const picked = await rt.prompts.pick(
    stages.map((s) => stageItem(api, s, o.specs ?? [])),
    { title: o.title, placeHolder: o.placeHolder ?? 'Stage' },
  );
  const stage = stages.find((s) => picked && s.StageName === picked.value);
  return stage ? { api, name: stage.StageName!, stage } : undefined;
}

export async function pickRoute(rt: Runtime, api: ApiSubject, title: string): Promise<RouteSubject | undefined> {
  const session = await rt.connection.session();
  const routes = await rt.prompts.progress({ title: `Loading the routes of ${api.name}…`, where: 'window' }, () =>
    rt.aws().all(session.apigw.routes(api.id)),
  );
  if (routes.length === 0) throw new WorkbenchError('NotFound', `${api.name} has no routes.`);
  const picked = await rt.prompts.pick(
    routes.map((r) => ({ label: r.RouteKey ?? r.RouteId ?? '', description: r.RouteId, route: r })),
    { title, placeHolder: 'Route', matchOnDescription: true },
  );
  return picked ? { api, id: picked.route.RouteId!, key: picked.route.RouteKey ?? '', route: picked.route } : undefined;
}

/** What the first pick of a `wsStage` command chose: a local API, or to go on to the deployed stages. */
export type LocalOrDeployed = { readonly local: LocalEndpoint } | { readonly deployed: true };

type LocalItem = vscode.QuickPickItem & { choice?: LocalOrDeployed };

function localItem(l: LocalEndpoint): LocalItem {
  return {
    label: `$(radio-tower) ${localTargetLabel({ name: l.name, url: l.wsUrl ?? l.url })}`,
    description: `stage ${l.stage}`,
    detail: vscode.workspace.asRelativePath(l.specUri),
    choice: { local: l },
  };
}

/**
 * While local WebSocket APIs run: them, then "Deployed Stage…", which goes on to the API and stage pickers. Nothing
 * is read from AWS before that is chosen, so connecting to a local API needs no connection; with no local WebSocket
 * API running, the deployed stages without asking.
 */
export async function pickLocalOrDeployed(rt: Runtime, title: string): Promise<LocalOrDeployed | undefined> {
  const locals = rt.local.list().filter((l) => l.protocol === 'WEBSOCKET');
  if (locals.length === 0) return { deployed: true };
  const picked = await rt.prompts.pick<LocalItem>(
    [
      ...locals.map(localItem),
      { label: 'AWS', kind: vscode.QuickPickItemKind.Separator },
      {
        label: '$(cloud) Deployed Stage…',
        description: 'an API and a stage of the current connection',
        choice: { deployed: true },
      },
    ],
    { title, placeHolder: 'A WebSocket API running locally, or a deployed stage', matchOnDescription: true },
  );
  return picked?.choice;
}

/** The spec to act on: the active editor's, or one picked from the workspace (the only one without asking). */
export async function pickSpec(rt: Runtime, title: string): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecDocument(active)) return active;
  const files = await workspaceSpecFiles();
  if (files.length === 0)
    throw new WorkbenchError('BadRequest', 'No gateway spec in this workspace (*.apigw.json, *.apigw.yaml).', {
      hint: 'Create one, or run "API Gateway: Create Spec from API…".',
      fix: { label: 'Create Spec from API…', command: { id: 'apigw.createSpecFromApi' } },
    });
  const picked =
    files.length === 1
      ? { uri: files[0]! }
      : await rt.prompts.pick(
          files
            .sort((a, b) => a.path.localeCompare(b.path))
            .map((uri) => ({
              label: path.basename(uri.fsPath),
              description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
              uri,
            })),
          { title, placeHolder: 'Which spec?' },
        );
  return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}
