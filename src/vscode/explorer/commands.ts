// The explorer's view, its context actions and "Go to API…".
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import type { CommandTable } from '../commands';
import { confirmModal } from '../confirm';
import type { Runtime } from '../runtime';
import {
  ApiNode,
  arnOf,
  consoleUrlOf,
  ExplorerNode,
  type IntegrationNode,
  type LoadMoreNode,
  MessageNode,
  type RouteNode,
  StageNode,
  StagesNode,
  type ResourceRef,
} from './nodes';
import { ExplorerProvider, VIEW_ID } from './provider';

export interface Explorer {
  readonly provider: ExplorerProvider;
  readonly view: vscode.TreeView<ExplorerNode>;
}

export function registerExplorer(context: vscode.ExtensionContext, rt: Runtime): Explorer {
  const provider = new ExplorerProvider(rt, rt.connection);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);
  return { provider, view };
}

function resourceOf(node: unknown): ResourceRef {
  const r = node instanceof ExplorerNode ? node.resource() : undefined;
  if (!r)
    throw new WorkbenchError(
      'BadRequest',
      'Select an API, route, integration, authorizer, stage or deployment in the API Gateway explorer.',
    );
  return r;
}

function apiOf(node: ExplorerNode): ApiNode {
  for (let n: ExplorerNode | undefined = node; n; n = n.parent) if (n instanceof ApiNode) return n;
  throw new WorkbenchError('BadRequest', 'Select a node under an API in the API Gateway explorer.');
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(copy) Copied ${what}: ${text}`, 4000);
}

export function explorerCommands(rt: Runtime, explorer: Explorer): CommandTable {
  const { provider, view } = explorer;
  const log = rt.log.child('explorer');

  const remove = async (
    node: ExplorerNode,
    kind: 'route' | 'stage' | 'integration',
    run: (apiId: string, id: string) => Promise<void>,
  ) => {
    const r = resourceOf(node);
    const api = apiOf(node);
    const conn = api.conn.connection;
    const name = kind === 'integration' ? `${r.label} (${r.id})` : r.label;
    const ok = await confirmModal(
      `Delete ${kind} ${name} from ${api.api.Name} (${api.api.ApiId}, ${conn.profile} · ${conn.region})?`,
      `Delete ${kind} ${r.label}`,
      kind === 'stage'
        ? "Clients calling this stage's URL will get 404s. Its deployments stay; the stage's settings and variables are lost."
        : 'This cannot be undone.',
    );
    if (!ok) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deleting ${kind} ${r.label}…` },
      () => run(r.apiId, r.id),
    );
    log.info(`deleted ${kind} ${r.label} (${r.id}) of API ${r.apiId} in ${conn.profile} · ${conn.region}`);
    vscode.window.setStatusBarMessage(`$(trash) Deleted ${kind} ${r.label}`, 4000);
    // A stage's deployment is named in the Deployments folder ("runs prod"): that folder goes stale too. By id, since
    // VS Code may not hold the folder's node object.
    const folder = node.parent?.id ?? api.id;
    provider.refreshIds(kind === 'stage' ? [folder, api.folderId('deployments')] : [folder]);
  };

  return {
    'apigw.refreshExplorer': () => provider.refresh(),
    'apigw.refreshNode': (node?: ExplorerNode) => provider.refresh(node),
    'apigw.loadMore': (node: LoadMoreNode) => provider.loadMore(node),
    'apigw.showErrorDetails': async (node: MessageNode) => {
      const d = node.detail;
      if (!d) return;
      const sso = d.hint?.match(/aws sso login --profile \S+/)?.[0];
      const actions = ['Retry', ...(sso ? ['Copy Command'] : []), 'Show Log'];
      const choice = await vscode.window.showErrorMessage(
        `${d.what}: ${d.message}${d.hint ? ` ${d.hint}` : ''}`,
        ...actions,
      );
      if (choice === 'Retry') provider.refresh(node.parent);
      else if (choice === 'Copy Command' && sso) await copy(sso, 'command');
      else if (choice === 'Show Log') rt.log.show();
    },
    'apigw.copyId': (node: ExplorerNode) => {
      const r = resourceOf(node);
      return copy(r.id, `${r.kind} ID`);
    },
    'apigw.copyArn': (node: ExplorerNode) => copy(arnOf(resourceOf(node)), 'ARN'),
    'apigw.copyInvokeUrl': async (node: ExplorerNode) => {
      if (node instanceof StageNode) return copy(node.invokeUrl(), 'invoke URL');
      const api = apiOf(node);
      const stagesNode = (await api.children()).find((n): n is StagesNode => n instanceof StagesNode)!;
      const stages = (await stagesNode.children()).filter((n): n is StageNode => n instanceof StageNode);
      if (stages.length === 0)
        throw new WorkbenchError('NotFound', `${api.api.Name} has no stage yet, so it has no invoke URL.`, {
          hint: 'Create a stage (or deploy a spec) first.',
        });
      const stage =
        stages.length === 1
          ? stages[0]
          : (
              await vscode.window.showQuickPick(
                stages.map((s) => ({ label: s.stage.StageName!, description: s.invokeUrl(), s })),
                { title: `Invoke URL of ${api.api.Name}`, placeHolder: 'Stage' },
              )
            )?.s;
      if (stage) await copy(stage.invokeUrl(), 'invoke URL');
    },
    'apigw.openInConsole': (node: ExplorerNode) =>
      vscode.env.openExternal(vscode.Uri.parse(consoleUrlOf(resourceOf(node)))),
    'apigw.deleteRoute': async (node: RouteNode) =>
      remove(node, 'route', async (apiId, id) => (await rt.connection.session()).apigw.deleteRoute(apiId, id)),
    'apigw.deleteStage': async (node: StageNode) =>
      remove(node, 'stage', async (apiId, id) => (await rt.connection.session()).apigw.deleteStage(apiId, id)),
    'apigw.deleteIntegration': async (node: IntegrationNode) =>
      remove(node, 'integration', async (apiId, id) =>
        (await rt.connection.session()).apigw.deleteIntegration(apiId, id),
      ),
    'apigw.goToApi': async (query?: string) => {
      const apis = await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Loading APIs…' }, () =>
        provider.allApis(),
      );
      if (apis.length === 0) {
        void vscode.window.showInformationMessage(
          'No APIs to go to: the explorer lists none for this profile and region.',
        );
        return undefined;
      }
      let target: ApiNode | undefined;
      if (typeof query === 'string') {
        target = apis.find((a) => a.api.ApiId === query || a.api.Name === query);
        if (!target) throw new WorkbenchError('NotFound', `No API named or with id "${query}" in ${apis[0]!.region}.`);
      } else {
        target = (
          await vscode.window.showQuickPick(
            apis.map((a) => ({
              label: `$(${a.websocket ? 'plug' : 'globe'}) ${a.api.Name}`,
              description: `${a.api.ApiId} · ${a.websocket ? 'WebSocket' : 'HTTP'}`,
              ...(a.api.Description ? { detail: a.api.Description } : {}),
              a,
            })),
            {
              title: 'API Gateway: Go to API',
              placeHolder: `Search ${apis.length} APIs by name or id`,
              matchOnDescription: true,
              matchOnDetail: true,
            },
          )
        )?.a;
      }
      if (!target) return undefined;
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await view.reveal(target, { select: true, focus: true, expand: true });
      return target.id;
    },
  };
}

/** Whether a node is a placeholder or error node (tests and the bench look for these). */
export function isMessageNode(n: ExplorerNode): n is MessageNode {
  return n instanceof MessageNode;
}
