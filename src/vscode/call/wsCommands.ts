// The WebSocket commands: Connect to Stage… (a session in a terminal of its own, through the guard and the $connect
// route's auth), Send Message… (a route's message template for the active session), Send to Connection… and
// Disconnect Connection… (the management API, @connections, with the connection's credentials). Each acts on a
// deployed stage or on a spec running locally (`wsStage`): the same session, terminal and auth providers, with the
// local spec's routes; nothing is read from AWS for a local API.
import type * as vscode from 'vscode';
import type { LiveCallable, ManagementTarget } from '../../aws/call';
import { isWorkbenchError, WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import type { StageSubject } from '../commands/subjects';
import type { Runtime } from '../runtime';
import type { CallFeature } from './feature';
import { editorProviders } from './secrets';
import { localContext, type CallContext } from './target';

async function liveWsStage(inv: Invocation<'wsStage'>, subject: StageSubject): Promise<LiveCallable> {
  const { rt } = inv;
  const session = await rt.connection.session();
  const live = await inv.step(`Reading ${subject.api.name}/${subject.name}…`, () =>
    rt.aws().call.readLiveApi(session, subject.api.id, subject.name, inv.signal),
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

/** Where the command goes, as messages name it: `chat-api/dev`, or `chat-api/dev (local)`. */
function whereOf(subject: Invocation<'wsStage'>['subject']): string {
  return subject.localApi
    ? `${subject.localApi.name}/${subject.localApi.stage} (local)`
    : `${subject.api.name}/${subject.stage.name}`;
}

/** The callable view of the subject: the local API with its spec's routes, or the live stage (read from AWS). */
async function wsContext(inv: Invocation<'wsStage'>): Promise<CallContext> {
  const s = inv.subject;
  if (s.localApi) {
    const url = s.localApi.wsUrl ?? s.localApi.url.replace(/^http/, 'ws');
    return localContext(inv.rt, url, s.localApi.spec, () => s.localApi!.signingKeys(), s.localApi.stage);
  }
  const live = await liveWsStage(inv, s.stage);
  return { api: live, target: live.targets[0]!, region: live.region, live };
}

/** Opens a session to the stage (or the local API) in a terminal of its own; returns the session's id. */
export async function connectStage(inv: Invocation<'wsStage'>, f: CallFeature): Promise<string> {
  const { rt } = inv;
  const ctx = await wsContext(inv);
  const { api, target } = ctx;
  const connect = api.routes.get('$connect');
  const ws = await inv.step(`Connecting to ${target.label} of ${api.name}…`, () =>
    rt.aws().call.WebSocketSession.connect({
      url: target.baseUrl,
      targets: api.targets,
      ...(connect ? { auth: connect } : {}),
      providers: editorProviders(rt, f.secrets, ctx),
      signal: inv.signal,
    }),
  );
  f.sessions.add(rt, ws, api);
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

/**
 * Where a management call goes and what signs it: a local API's mapping keys when it lists some (its `@connections`
 * accepts them, whatever the profile), else the connection's credentials.
 */
async function managementTarget(inv: Invocation<'wsStage'>): Promise<ManagementTarget & { ctx: CallContext }> {
  const ctx = await wsContext(inv);
  const where = {
    ctx,
    endpoint: (ctx.api.targets.find((t) => t.kind === 'stage') ?? ctx.target).baseUrl,
    targets: ctx.api.targets,
    region: ctx.region,
  };
  const keys = ctx.localKeys?.();
  if (keys) return { ...where, credentials: () => Promise.resolve(keys), profile: 'the local mapping file' };
  const session = await inv.rt.connection.session();
  return { ...where, credentials: () => session.credentials(), profile: session.connection.profile };
}

/** A local @connections refusal says what the local API checks the signature against. */
function localRefusal(err: unknown, t: { ctx: CallContext }, where: string): unknown {
  if (t.ctx.target.kind !== 'local' || !isWorkbenchError(err) || err.code !== 'AccessDenied') return err;
  return new WorkbenchError(
    'AccessDenied',
    `The local API ${where} refused the management call: its @connections checks SigV4 against the keys of its mapping file.`,
    {
      hint: "Add a key pair to iam.credentials in the spec's mapping file (NAME.apigw.local.yaml): the editor signs with the first, or set iam.acceptAnySignature: true there (local only).",
      cause: err,
    },
  );
}

/** One management call, under a cancellable progress notification, its local refusal explained. */
async function manage(
  inv: Invocation<'wsStage'>,
  title: string,
  call: (t: ManagementTarget, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const t = await managementTarget(inv);
  await inv
    .step(title, () => call(t, inv.signal))
    .catch((err: unknown) => {
      throw localRefusal(err, t, whereOf(inv.subject));
    });
}

async function connectionId(inv: Invocation<'wsStage', ConnectionArgs>, title: string): Promise<string | undefined> {
  if (typeof inv.args.connectionId === 'string') return inv.args.connectionId;
  const id = await inv.rt.prompts.input({
    title,
    prompt: `The connection id on ${whereOf(inv.subject)} ($context.connectionId)`,
    validate: (v) =>
      /^[A-Za-z0-9_=+/-]{1,128}$/.test(v.trim()) ? undefined : 'A connection id, as $context.connectionId gives it',
  });
  return id?.trim() || undefined;
}

/** Posts a message to one connection through @connections (the stage's, or the local API's). */
export async function sendToConnection(inv: Invocation<'wsStage', ConnectionArgs>): Promise<boolean> {
  const { rt } = inv;
  const id = await connectionId(inv, 'Send to Connection');
  if (!id) return false;
  const message =
    typeof inv.args.message === 'string'
      ? inv.args.message
      : await rt.prompts.input({ title: 'Send to Connection', prompt: `The message to ${id}` });
  if (message === undefined) return false;
  await manage(inv, `Posting to ${id}…`, (t, signal) => rt.aws().call.postToConnection(t, id, message, signal));
  rt.prompts.status(`Sent ${message.length} characters to ${id} on ${whereOf(inv.subject)}`);
  return true;
}

/** Ends one connection (its $disconnect route runs), after a modal that names it and the stage. */
export async function disconnectConnection(inv: Invocation<'wsStage', ConnectionArgs>): Promise<boolean> {
  const { rt } = inv;
  const id = await connectionId(inv, 'Disconnect Connection');
  if (!id) return false;
  const where = whereOf(inv.subject);
  const ok = await rt.prompts.confirm(
    `Disconnect connection ${id} from ${where}?`,
    'Disconnect',
    'The client is disconnected now and the stage runs its $disconnect route.',
  );
  if (!ok) return false;
  await manage(inv, `Disconnecting ${id}…`, (t, signal) => rt.aws().call.deleteConnection(t, id, signal));
  rt.prompts.status(`Disconnected ${id} from ${where}`);
  return true;
}
