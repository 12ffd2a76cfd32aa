// The WebSocket commands: Connect to Stage… (a session in a terminal of its own, through the guard and the $connect
// route's auth), Send Message… (a route's message template for the active session), Send to Connection… and
// Disconnect Connection… (the management API, @connections, with the connection's credentials).
import type * as vscode from 'vscode';
import type { LiveCallable, ManagementTarget } from '../../aws/call';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import type { Runtime } from '../runtime';
import type { CallFeature } from './feature';
import { editorProviders } from './secrets';

async function liveWsStage(inv: Invocation<'stage'>): Promise<LiveCallable> {
  const { rt, subject } = inv;
  const session = await rt.connection.session();
  const live = await inv.step(`Reading ${subject.api.name}/${subject.stage.name}…`, () =>
    rt.aws().call.readLiveApi(session, subject.api.id, subject.stage.name, inv.signal),
  );
  if (live.protocol !== 'WEBSOCKET')
    throw new WorkbenchError('InvalidArgument', `${live.name} is an HTTP API: send its requests from a .http file.`, {
      hint: 'Open Requests for Spec writes one beside its spec.',
    });
  if (!live.targets[0])
    throw new WorkbenchError(
      'Unsupported',
      `${live.name} has its execute-api endpoint disabled and no custom domain mapped to ${live.stage}.`,
    );
  return live;
}

/** Opens a session to the stage in a terminal of its own; returns the session's id. */
export async function connectStage(inv: Invocation<'stage'>, f: CallFeature): Promise<string> {
  const { rt } = inv;
  const live = await liveWsStage(inv);
  const target = live.targets[0]!;
  const ctx = { api: live, target, region: live.region, live };
  const connect = live.routes.get('$connect');
  const ws = await inv.step(`Connecting to ${target.label} of ${live.name}…`, () =>
    rt.aws().call.WebSocketSession.connect({
      url: target.baseUrl,
      targets: live.targets,
      ...(connect ? { auth: connect } : {}),
      providers: editorProviders(rt, f.secrets, ctx),
      signal: inv.signal,
    }),
  );
  f.sessions.add(rt, ws, live);
  return ws.id;
}

/** `apigw.sendWsMessage({ text })`: send it to the active session without asking. */
export interface MessageArgs {
  text: string;
}

type TemplateItem = vscode.QuickPickItem & { text: string };

async function chooseMessage(
  rt: Runtime,
  routes: Array<{ routeKey: string; text: string }>,
): Promise<string | undefined> {
  const items: TemplateItem[] = [
    ...routes.map((r) => ({ label: r.routeKey, description: r.text, text: r.text })),
    { label: '$(edit) Type a message…', text: '' },
  ];
  const picked = await rt.prompts.pick(items, {
    title: 'Send Message',
    placeHolder: 'A route of the stage, as a message template',
  });
  if (!picked) return undefined;
  return rt.prompts.input({
    title: 'Send Message',
    prompt: `The message${picked.text ? ` for ${picked.label}` : ''}`,
    value: picked.text,
  });
}

/** A message to the active WebSocket session, from a route's template (a terminal cannot complete text). */
export async function sendWsMessage(inv: Invocation<'none', MessageArgs>, f: CallFeature): Promise<string | undefined> {
  const { rt } = inv;
  const t = f.sessions.active();
  if (!t)
    throw new WorkbenchError('Conflict', 'No WebSocket session is open.', {
      hint: 'Connect to Stage… opens one.',
      fix: { label: 'Connect to Stage…', command: { id: 'apigw.connectStage' } },
    });
  const call = rt.aws().call;
  const routes = call.routeCompletions(t.api.routes.keys(), t.api.routeSelectionExpression).completions;
  const text = typeof inv.args.text === 'string' ? inv.args.text : await chooseMessage(rt, routes);
  if (!text) return undefined;
  await t.submit(text);
  return text;
}

/** `apigw.sendToConnection({ apiId, stage }, { connectionId, message })`: no prompts. */
export interface ConnectionArgs {
  connectionId: string;
  message: string;
}

async function managementTarget(inv: Invocation<'stage'>): Promise<ManagementTarget & { live: LiveCallable }> {
  const live = await liveWsStage(inv);
  const session = await inv.rt.connection.session();
  return {
    live,
    endpoint: (live.targets.find((t) => t.kind === 'stage') ?? live.targets[0]!).baseUrl,
    targets: live.targets,
    region: live.region,
    credentials: () => session.credentials(),
    profile: session.connection.profile,
  };
}

async function connectionId(inv: Invocation<'stage', ConnectionArgs>, title: string): Promise<string | undefined> {
  if (typeof inv.args.connectionId === 'string') return inv.args.connectionId;
  const id = await inv.rt.prompts.input({
    title,
    prompt: `The connection id on ${inv.subject.api.name}/${inv.subject.stage.name} ($context.connectionId)`,
    validate: (v) =>
      /^[A-Za-z0-9_=+/-]{1,128}$/.test(v.trim()) ? undefined : 'A connection id, as $context.connectionId gives it',
  });
  return id?.trim() || undefined;
}

/** Posts a message to one connection through @connections. */
export async function sendToConnection(inv: Invocation<'stage', ConnectionArgs>): Promise<boolean> {
  const { rt } = inv;
  const id = await connectionId(inv, 'Send to Connection');
  if (!id) return false;
  const message =
    typeof inv.args.message === 'string'
      ? inv.args.message
      : await rt.prompts.input({ title: 'Send to Connection', prompt: `The message to ${id}` });
  if (message === undefined) return false;
  const t = await managementTarget(inv);
  await inv.step(`Posting to ${id}…`, () => rt.aws().call.postToConnection(t, id, message, inv.signal));
  rt.prompts.status(`Sent ${message.length} characters to ${id} on ${t.live.name}/${t.live.stage}`);
  return true;
}

/** Ends one connection (its $disconnect route runs), after a modal that names it and the stage. */
export async function disconnectConnection(inv: Invocation<'stage', ConnectionArgs>): Promise<boolean> {
  const { rt, subject } = inv;
  const id = await connectionId(inv, 'Disconnect Connection');
  if (!id) return false;
  const where = `${subject.api.name}/${subject.stage.name}`;
  const ok = await rt.prompts.confirm(
    `Disconnect connection ${id} from ${where}?`,
    'Disconnect',
    'The client is disconnected now and the stage runs its $disconnect route.',
  );
  if (!ok) return false;
  const t = await managementTarget(inv);
  await inv.step(`Disconnecting ${id}…`, () => rt.aws().call.deleteConnection(t, id, inv.signal));
  rt.prompts.status(`Disconnected ${id} from ${where}`);
  return true;
}
