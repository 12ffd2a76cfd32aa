// Calling routes: Open Requests for Spec, Call Route…, Show Call History, Forget Saved Tokens. Send Request is
// ./send.ts, Show Logs for This Request ./logs.ts, the WebSocket commands ./wsCommands.ts.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../aws/call';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import { spec as specEngine } from '../gatewaySpec/engine';
import { workspaceSpecFiles } from '../workspaceSpecs';
import type { CallFeature } from './feature';
import { clearHistory, historyRoutes } from './history';
import { openAt, writeRequests } from './requestsFile';

export { sendAllRequests, sendRequest } from './send';
export { switchRequestEnvironment } from './switchEnvironment';
export { showRequestLogs } from './logs';
export { connectStage, disconnectConnection, sendToConnection, sendWsMessage } from './wsCommands';

/** `apigw.openRequests(specUri, { routeKey })`: open the file at that route's request. */
export interface RequestsArgs {
  routeKey: string;
}

/** Writes (or updates) the spec's `.http` file beside it and opens it, at a route when one is given. */
export async function openRequests(inv: Invocation<'spec', RequestsArgs>, f: CallFeature): Promise<vscode.Uri> {
  const { rt } = inv;
  const specUri = inv.subject.spec.doc.uri;
  const written = await inv.step(`Writing the requests of ${vscode.workspace.asRelativePath(specUri)}…`, () =>
    writeRequests(rt, f.stages, specUri, inv.signal),
  );
  await openAt(written.uri, typeof inv.args.routeKey === 'string' ? inv.args.routeKey : undefined);
  rt.prompts.status(`${vscode.workspace.asRelativePath(written.uri)}: ${written.summary}`);
  return written.uri;
}

async function specOfApi(apiName: string): Promise<vscode.Uri | undefined> {
  const files = await workspaceSpecFiles();
  const engine = specEngine();
  for (const uri of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const doc = new engine.SpecDocument(text.replace(/^\uFEFF/, ''), engine.formatOf(uri.path));
      const name = (doc.value as { api?: { name?: unknown } } | undefined)?.api?.name;
      if (name === apiName) return uri;
    } catch {
      // A spec that cannot be read names no API; its own diagnostics say why.
    }
  }
  return undefined;
}

/** From a route node: the request file of the workspace spec of that API, at that route. */
export async function callRoute(inv: Invocation<'route'>, f: CallFeature): Promise<vscode.Uri> {
  const { api, route } = inv.subject;
  const specUri = await specOfApi(api.name);
  if (!specUri)
    throw new WorkbenchError(
      'NotFound',
      `No spec in this workspace describes ${api.name}: there is no request file to open.`,
      {
        hint: 'Create a spec from the API first; its request file is written beside it.',
        fix: { label: 'Create Spec from API…', command: { id: 'apigw.createSpecFromApi', args: [api.id] } },
      },
    );
  const doc = await vscode.workspace.openTextDocument(specUri);
  return openRequests({ ...inv, subject: { source: 'args', spec: { doc } }, args: { routeKey: route.key } }, f);
}

type HistoryItem = vscode.QuickPickItem & { entry: HistoryEntry };

function historyItem(route: string, e: HistoryEntry): HistoryItem {
  const when = new Date(e.startedAt).toLocaleString();
  return {
    label: `${e.status ?? '—'} ${route}`,
    description: `${when} · ${e.target} · ${Math.round(e.durationMs)} ms`,
    detail: `${e.method} ${e.url}${e.requestId ? ` · request id ${e.requestId}` : ''}${e.error ? ` · ${e.error}` : ''}`,
    entry: e,
  };
}

function entryText(route: string, e: HistoryEntry): string {
  return [
    `${e.method} ${e.url}`,
    `Route: ${route} · ${e.target} · ${new Date(e.startedAt).toISOString()} · ${Math.round(e.durationMs)} ms`,
    ...e.requestHeaders.map(([k, v]) => `  ${k}: ${v}`),
    '',
    e.status !== undefined ? `Status ${e.status} · ${e.size ?? 0} bytes` : `Failed: ${e.error ?? ''}`,
    ...(e.requestId ? [`Request id: ${e.requestId}`] : []),
    ...(e.responseHeaders ?? []).map(([k, v]) => `${k}: ${v}`),
    '',
    e.bodyPreview ?? '',
  ].join('\n');
}

/** The last calls of every route, newest first; choosing one shows what was kept of it. */
/** `apigw.showCallHistory({ route })`: only that route's calls (`API ROUTE KEY`, the response's lens). */
export interface HistoryArgs {
  route: string;
}

export async function showCallHistory(
  inv: Invocation<'none', HistoryArgs>,
  f: CallFeature,
): Promise<HistoryEntry | undefined> {
  const { rt } = inv;
  const only = typeof inv.args.route === 'string' ? inv.args.route : undefined;
  const items = historyRoutes(rt)
    .filter(({ route }) => only === undefined || route === only)
    .flatMap(({ route, entries }) => entries.map((e) => historyItem(route, e)));
  if (items.length === 0) {
    rt.prompts.notify('info', 'No calls yet: Send a request from a .http file (Open Requests for Spec writes one).');
    return undefined;
  }
  const clear = { label: `$(clear-all) Clear Call History${only ? ` of ${only}` : ''}`, entry: undefined };
  const picked = await rt.prompts.pick<vscode.QuickPickItem & { entry?: HistoryEntry }>([...items, clear], {
    title: only ? `Call History of ${only}` : 'Call History',
    placeHolder: `The last calls${only ? '' : ' of each route'} (secrets are never kept)`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (!picked.entry) {
    await clearHistory(rt, only);
    rt.prompts.status(`Call history${only ? ` of ${only}` : ''} cleared`);
    return undefined;
  }
  await f.responses.showText(`history ${picked.label}`, entryText(picked.label.replace(/^\S+ /, ''), picked.entry));
  return picked.entry;
}

/** Deletes every token, identity source and API key the calls kept in SecretStorage. */
export async function forgetTokens(inv: Invocation<'none'>, f: CallFeature): Promise<number> {
  const n = await f.secrets.forgetAll();
  inv.rt.prompts.notify(
    'info',
    n
      ? `Forgot ${n} saved token${n === 1 ? '' : 's'} and keys: the next call asks again.`
      : 'No saved tokens to forget.',
  );
  return n;
}
