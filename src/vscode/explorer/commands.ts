// The explorer's commands: refresh, Load more, an error node's details, Go to API, and the context actions on
// resources (copy, open in the console, delete after a modal naming the target).
import * as vscode from 'vscode';
import { consoleUrl, resourceArn } from '../../core/awsIds';
import { WorkbenchError } from '../../core/errors';
import { errorActions } from '../commands/errors';
import type { Invocation } from '../commands/invocation';
import type { ResourceRef } from '../commands/subjects';
import type { ResourceKind } from '../capabilities/resources';
import type { ExplorerFeature } from './feature';
import { VIEW_ID } from './provider';
import { stageInvokeUrl } from './nodes/stages';
import { ErrorNode, LoadMoreNode, TreeNode } from './tree';

function treeNode(inv: Invocation<'node'>): TreeNode {
  const node = inv.subject.node;
  if (node instanceof TreeNode) return node;
  throw new WorkbenchError('BadRequest', 'Select an item in the API Gateway explorer.');
}

export function refreshExplorer(_inv: Invocation<'none'>, ex: ExplorerFeature): void {
  ex.provider.refresh();
}

export function refreshNode(inv: Invocation<'node'>, ex: ExplorerFeature): void {
  ex.provider.refresh(treeNode(inv));
}

export async function loadMore(inv: Invocation<'node'>, ex: ExplorerFeature): Promise<void> {
  const node = treeNode(inv);
  if (node instanceof LoadMoreNode) await ex.provider.loadMore(node);
}

/** An error node's message, with Retry, the error's fix and Show Log (which has the line the node names). */
export function showErrorDetails(inv: Invocation<'node'>, ex: ExplorerFeature): void {
  const node = treeNode(inv);
  if (!(node instanceof ErrorNode)) return;
  const e = node.error;
  const retry = { label: 'Retry', run: () => ex.provider.refresh(node.parent) };
  inv.rt.prompts.notify(
    'error',
    `Could not load ${node.what}: ${e.message}${e.hint ? ` ${e.hint}` : ''} (log ${node.logRef})`,
    ...errorActions(inv.rt, e, retry),
  );
}

/** Go to API…: reveals the API (named or picked) in the tree; returns its node's id. */
export async function goToApi(inv: Invocation<'api'>, ex: ExplorerFeature): Promise<string | undefined> {
  const { api } = inv.subject;
  const node = await inv.step('Loading APIs…', () => ex.provider.apiNode(api.id), 'window');
  if (!node) throw new WorkbenchError('NotFound', `${api.name} is not in the explorer's list: refresh it.`);
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  await ex.view.reveal(node, { select: true, focus: true, expand: true });
  return node.id;
}

export function copyId(inv: Invocation<'resource'>): Promise<void> {
  const r = inv.subject.resource;
  return inv.rt.prompts.copy(r.id, `${r.kind} ID`);
}

function arnOf(r: ResourceRef): string {
  return resourceArn(r.region, r.apiId, r.kind, r.kind === 'api' ? undefined : r.id);
}

export function copyArn(inv: Invocation<'resource'>): Promise<void> {
  return inv.rt.prompts.copy(arnOf(inv.subject.resource), 'ARN');
}

/** The invoke URL of a stage: the stage node's, or one of the API's stages (the only one without asking). */
export function copyInvokeUrl(inv: Invocation<'stage'>): Promise<void> {
  const { stage } = inv.subject;
  return inv.rt.prompts.copy(stageInvokeUrl(stage.api, stage.name), 'invoke URL');
}

export async function openInConsole(inv: Invocation<'resource'>): Promise<void> {
  const r = inv.subject.resource;
  await vscode.env.openExternal(
    vscode.Uri.parse(consoleUrl(r.region, r.apiId, r.kind, r.kind === 'api' ? undefined : r.id)),
  );
}

type Deletable = 'route' | 'stage' | 'integration';

/** What a delete makes stale: a stage's deployment is named in the Deployments folder too. */
const STALE: Record<Deletable, ResourceKind[]> = {
  route: ['routes'],
  stage: ['stages', 'deployments'],
  integration: ['integrations'],
};

const CONSEQUENCE: Record<Deletable, string> = {
  route: 'This cannot be undone.',
  integration: 'This cannot be undone.',
  stage:
    "Clients calling this stage's URL will get 404s. Its deployments stay; the stage's settings and variables are lost.",
};

/** Deletes the resource of the node after a modal that names it, its API and the connection. */
async function remove(inv: Invocation<'resource'>, kind: Deletable): Promise<void> {
  const { rt, subject } = inv;
  const r = subject.resource;
  if (r.kind !== kind) throw new WorkbenchError('BadRequest', `Select a ${kind} in the API Gateway explorer.`);
  const session = await rt.connection.session();
  const conn = session.connection;
  const name = kind === 'integration' ? `${r.label} (${r.id})` : r.label;
  const where = `${subject.api?.name ?? r.apiId} (${r.apiId}, ${conn.profile} · ${conn.region})`;
  if (
    !(await rt.prompts.confirm(`Delete ${kind} ${name} from ${where}?`, `Delete ${kind} ${r.label}`, CONSEQUENCE[kind]))
  )
    return;
  const run = { route: 'deleteRoute', stage: 'deleteStage', integration: 'deleteIntegration' } as const;
  await inv.step(`Deleting ${kind} ${r.label}…`, () => session.apigw[run[kind]](r.apiId, r.id));
  rt.log
    .child('explorer')
    .info(`deleted ${kind} ${r.label} (${r.id}) of API ${r.apiId} in ${conn.profile} · ${conn.region}`);
  rt.prompts.status(`$(trash) Deleted ${kind} ${r.label}`);
  rt.resources.fire({ apiId: r.apiId, kinds: STALE[kind] });
}

export function deleteRoute(inv: Invocation<'resource'>): Promise<void> {
  return remove(inv, 'route');
}

export function deleteStage(inv: Invocation<'resource'>): Promise<void> {
  return remove(inv, 'stage');
}

export function deleteIntegration(inv: Invocation<'resource'>): Promise<void> {
  return remove(inv, 'integration');
}
