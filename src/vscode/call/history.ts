// The last calls of each route, kept in workspaceState in the engine's own format (CallHistory: nothing secret — auth
// headers and identity sources by name, the values the call sent wherever they appear, a short redacted body preview,
// never a request body). Routes are keyed by API and route key, so two APIs' `GET /` stay apart.
import type { CallHistory, CallResult, HistoryEntry } from '../../aws/call';
import type { Runtime } from '../runtime';
import type { CallContext } from './target';

export const HISTORY_KEY = 'apigw.call.history';

export function historyRoute(apiName: string, routeKey: string): string {
  return `${apiName} ${routeKey}`;
}

function load(rt: Runtime): CallHistory {
  return rt.aws().call.CallHistory.from(rt.workspaceState.get(HISTORY_KEY));
}

/** Adds a call to the route's history; returns the route's key there. */
export async function remember(rt: Runtime, ctx: CallContext, r: CallResult, routeKey: string): Promise<string> {
  const call = rt.aws().call;
  const history = load(rt);
  const key = historyRoute(ctx.api.name, routeKey);
  const id = `${r.response.startedAt}-${Math.random().toString(36).slice(2, 8)}`;
  history.add(call.historyEntryOf(r, { id, routeKey: key, target: ctx.target.label }));
  await rt.workspaceState.update(HISTORY_KEY, history.toJSON());
  return key;
}

/** Every call kept, newest route first: (route, entries newest first). */
export function historyRoutes(rt: Runtime): Array<{ route: string; entries: readonly HistoryEntry[] }> {
  const history = load(rt);
  return history.routes().map((route) => ({ route, entries: history.list(route) }));
}

/** Forgets one route's calls, or every call. */
export async function clearHistory(rt: Runtime, route?: string): Promise<void> {
  if (route === undefined) return rt.workspaceState.update(HISTORY_KEY, undefined);
  const history = load(rt);
  history.clear(route);
  await rt.workspaceState.update(HISTORY_KEY, history.toJSON());
}
