// Subject resolution, once for every command: from the tree node VS Code passes, from a command-argument object, or
// from a picker — in that order. The command's policy says which kind it needs; undefined means the user cancelled.
import path from 'node:path';
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import type { LocalEndpoint } from '../capabilities/local';
import type { Runtime } from '../runtime';
import type { CommandArgs, CommandPolicy } from './invocation';
import { pickApi, pickLocalOrDeployed, pickRoute, pickSpec, pickStage } from './pickers';
import {
  apiSubject,
  isSubjectSource,
  SUBJECT,
  type ApiSubject,
  type NodeSubject,
  type Resolved,
  type RouteSubject,
  type StageSubject,
  type SubjectSource,
} from './subjects';

/** The arguments VS Code passed, sorted by what they can be. */
export interface Arguments {
  readonly node?: SubjectSource;
  readonly uri?: vscode.Uri;
  readonly args: CommandArgs;
  readonly text?: string;
}

function isPlainObject(x: unknown): x is CommandArgs {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

export function sortArguments(raw: readonly unknown[]): Arguments {
  const node = raw.find(isSubjectSource);
  const uri = raw.find((a): a is vscode.Uri => a instanceof vscode.Uri);
  const text = raw.find((a): a is string => typeof a === 'string');
  return {
    ...(node ? { node } : {}),
    ...(uri ? { uri } : {}),
    args: raw.find(isPlainObject) ?? {},
    ...(text !== undefined ? { text } : {}),
  };
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function selectInExplorer(what: string): WorkbenchError {
  return new WorkbenchError('BadRequest', `Select ${what} in the API Gateway explorer.`, {
    fix: { label: 'Show the Explorer', command: { id: 'apigw.explorer.focus' } },
  });
}

/** What a tree node stands for, refused when it was read with another connection than the current one. */
async function fromNode(rt: Runtime, node: SubjectSource): Promise<NodeSubject> {
  const s = node[SUBJECT]();
  if (s.connectionKey && s.connectionKey !== (await rt.connection.current()).key)
    throw new WorkbenchError('Conflict', 'The explorer shows another connection than the current one.', {
      hint: 'Refresh it and try again.',
      fix: { label: 'Refresh Explorer', command: { id: 'apigw.refreshExplorer' } },
    });
  return s;
}

/** An API by id (`{ apiId }`) or by id or name (a string argument): one GetApi, or the region's listing. */
async function apiFromArgs(rt: Runtime, a: Arguments, signal: AbortSignal): Promise<ApiSubject | undefined> {
  const ref = str(a.args.apiId) ?? a.text;
  if (ref === undefined) return undefined;
  const session = await rt.connection.session();
  return apiSubject(await rt.aws().promote.findApi(session, ref, signal), session.connection.region);
}

interface Found {
  readonly source: Resolved['source'];
  readonly api: ApiSubject;
  readonly node?: NodeSubject;
}

/** The API from the node, the arguments, or the picker. */
async function findApi(rt: Runtime, p: CommandPolicy, a: Arguments, signal: AbortSignal): Promise<Found | undefined> {
  const node = a.node ? await fromNode(rt, a.node) : undefined;
  if (node?.api) return { source: 'node', api: node.api, node };
  const given = await apiFromArgs(rt, a, signal);
  if (given) return { source: 'args', api: given };
  const picked = await pickApi(rt, p.title);
  return picked ? { source: 'picker', api: picked } : undefined;
}

async function resolveStage(rt: Runtime, p: CommandPolicy, a: Arguments, signal: AbortSignal) {
  const found = await findApi(rt, p, a, signal);
  if (!found) return undefined;
  if (found.node?.stage) return { ...found, stage: found.node.stage };
  const named = found.source === 'args' ? (str(a.args.stage) ?? str(a.args.stageName)) : undefined;
  const stage: StageSubject | undefined = named
    ? { api: found.api, name: named }
    : await pickStage(rt, found.api, { title: `${p.title}: ${found.api.name}`, single: 'auto' });
  return stage ? { ...found, source: named ? found.source : 'picker', stage } : undefined;
}

/** The running local WebSocket API of `key` (a spec path); one that stopped is an error whose fix runs it again. */
function runningLocal(rt: Runtime, key: string): LocalEndpoint {
  const found = rt.local.list().find((l) => l.key === key);
  if (!found)
    throw new WorkbenchError('NotFound', `The local API of ${path.basename(key)} is not running.`, {
      hint: 'Run Spec Locally serves it again; then connect.',
      fix: { label: 'Run Spec Locally', command: { id: 'apigw.runSpecLocally', args: [vscode.Uri.file(key)] } },
    });
  if (found.protocol !== 'WEBSOCKET')
    throw new WorkbenchError(
      'InvalidArgument',
      `${found.name} runs locally as an HTTP API: it has no WebSocket sessions.`,
      {
        hint: 'Send its requests from a .http file (Open Requests for Spec writes one).',
        fix: { label: 'Open Requests for Spec', command: { id: 'apigw.openRequests', args: [found.specUri] } },
      },
    );
  return found;
}

/** A local WebSocket API (the Local entry, `{ local: KEY }`, the first pick), else a deployed stage as `stage` has it. */
async function resolveWsStage(
  rt: Runtime,
  p: CommandPolicy,
  a: Arguments,
  signal: AbortSignal,
): Promise<Resolved | undefined> {
  const node = a.node ? await fromNode(rt, a.node) : undefined;
  const key = node ? node.local : str(a.args.local);
  if (key !== undefined) return { source: node ? 'node' : 'args', local: key, localApi: runningLocal(rt, key) };
  if (!node && str(a.args.apiId) === undefined && a.text === undefined) {
    const choice = await pickLocalOrDeployed(rt, p.title);
    if (!choice) return undefined;
    if ('local' in choice) return { source: 'picker', local: choice.local.key, localApi: choice.local };
  }
  const found = await resolveStage(rt, p, a, signal);
  return found && { source: found.source, ...found.node, api: found.api, stage: found.stage };
}

async function resolveRoute(rt: Runtime, p: CommandPolicy, a: Arguments, signal: AbortSignal) {
  const found = await findApi(rt, p, a, signal);
  if (!found) return undefined;
  if (found.node?.route) return { ...found, route: found.node.route };
  const ref = found.source === 'args' ? (str(a.args.routeId) ?? str(a.args.routeKey)) : undefined;
  const route: RouteSubject | undefined = ref
    ? await routeFromArgs(rt, found.api, ref, signal)
    : await pickRoute(rt, found.api, `${p.title}: ${found.api.name}`);
  return route ? { ...found, source: ref ? found.source : 'picker', route } : undefined;
}

async function routeFromArgs(rt: Runtime, api: ApiSubject, ref: string, signal: AbortSignal): Promise<RouteSubject> {
  const session = await rt.connection.session();
  const routes = await rt.aws().all(session.apigw.routes(api.id, { signal }));
  const r = routes.find((x) => x.RouteId === ref) ?? routes.find((x) => x.RouteKey === ref);
  if (!r) throw new WorkbenchError('NotFound', `${api.name} has no route ${ref}.`);
  return { api, id: r.RouteId!, key: r.RouteKey ?? '', route: r };
}

async function resolveSpec(rt: Runtime, p: CommandPolicy, a: Arguments): Promise<Resolved | undefined> {
  const doc = a.uri ? await vscode.workspace.openTextDocument(a.uri) : await pickSpec(rt, p.title);
  return doc ? { source: a.uri ? 'args' : 'picker', spec: { doc } } : undefined;
}

async function resolveResource(rt: Runtime, a: Arguments): Promise<Resolved> {
  const s = a.node ? await fromNode(rt, a.node) : undefined;
  if (!s?.resource) throw selectInExplorer('an API, route, integration, authorizer, stage or deployment');
  return { source: 'node', ...s, resource: s.resource };
}

/** The subject `p` needs, from what VS Code passed; undefined when the user dismissed a picker. */
export async function resolveSubject(
  rt: Runtime,
  p: CommandPolicy,
  a: Arguments,
  signal: AbortSignal,
): Promise<Resolved | undefined> {
  switch (p.subject) {
    case 'none': {
      const local = a.node?.[SUBJECT]().local;
      return local !== undefined ? { source: 'node', local } : { source: 'none' };
    }
    case 'node':
      if (!a.node) throw selectInExplorer('an item');
      return { source: 'node', node: a.node };
    case 'resource':
      return resolveResource(rt, a);
    case 'spec':
      return resolveSpec(rt, p, a);
    case 'api': {
      const found = await findApi(rt, p, a, signal);
      return found && { source: found.source, ...found.node, api: found.api };
    }
    case 'stage': {
      const found = await resolveStage(rt, p, a, signal);
      return found && { source: found.source, ...found.node, api: found.api, stage: found.stage };
    }
    case 'wsStage':
      return resolveWsStage(rt, p, a, signal);
    case 'route': {
      const found = await resolveRoute(rt, p, a, signal);
      return found && { source: found.source, ...found.node, api: found.api, route: found.route };
    }
  }
}
