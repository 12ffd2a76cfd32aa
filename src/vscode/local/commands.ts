// Run Spec Locally, Stop and Restart Local API, the status bar's menu, Show Traffic and Show Request Details. The
// engine is the lazy `local` bundle (./engine.ts); nothing here loads it before a command runs.
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import * as config from '../config';
import { validSpec } from '../gatewaySpec/valid';
import { parseJson } from '../../core/local/expressions';
import type { TemplateRef } from '../../local/bundle';
import { localEngine, type LocalBundle } from './engine';
import type { LocalFeature, LocalRun } from './feature';
import { pickRequest, pickRun, pickServed } from './pickers';

/** `apigw.runSpecLocally(uri, { stage, domain, port })`: the stage, domain and port instead of asking and the setting. */
export interface RunArgs {
  stage: string;
  /** Serve the API as this custom domain of the spec (its API mappings). */
  domain: string;
  port: number;
}

/** `apigw.showLocalRequest(key, { requestId })`: that request, without the picker. */
export interface RequestArgs {
  requestId: string;
}

/** The configured port; when one of ours already listens there, a free one (several specs run at once). */
function portFor(local: LocalFeature, asked: unknown): number {
  if (typeof asked === 'number' && Number.isInteger(asked) && asked >= 0) return asked;
  const port = config.value<number>(config.Setting.localPort, 3000);
  const valid = Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 3000;
  return local.list().some((r) => r.api.port === valid) ? 0 : valid;
}

/** Serves the spec on 127.0.0.1; returns the run (already running: offers Restart). */
export async function runSpecLocally(
  inv: Invocation<'spec', RunArgs>,
  local: LocalFeature,
): Promise<LocalRun | undefined> {
  const { rt, args } = inv;
  const { doc } = inv.subject.spec;
  const running = local.get(doc.uri.fsPath);
  if (running) {
    running.channel.show();
    rt.prompts.notify('info', `${running.name} already runs locally at ${running.api.url}.`, {
      label: 'Restart',
      run: () => vscode.commands.executeCommand('apigw.restartLocalApi', running.key),
    });
    return running;
  }
  const spec = validSpec(rt, doc, 'running it locally');
  const served = await pickServed(rt, spec, args);
  if (served === null) return undefined;
  // The engine reads the file (and reloads it on save): what runs is what is on disk.
  if (doc.isDirty) await doc.save();
  const port = portFor(local, args.port);
  const run = await inv.step(`Starting ${spec.api.name} locally…`, () =>
    local.start({ specUri: doc.uri, spec, ...served, port }),
  );
  rt.prompts.status(`$(radio-tower) ${run.name} runs locally at ${run.api.url}`);
  return run;
}

/** The run a command names: its key as text (the status bar's menu), or the Local entry it was run on. */
function runKey(inv: Invocation<'none'>): string | undefined {
  return inv.text ?? inv.subject.local;
}

export async function stopLocalApi(inv: Invocation<'none'>, local: LocalFeature): Promise<void> {
  const run = await pickRun(inv.rt, local, runKey(inv), 'Stop Local API');
  if (run) await local.stop(run);
}

export async function restartLocalApi(inv: Invocation<'none'>, local: LocalFeature): Promise<LocalRun | undefined> {
  const run = await pickRun(inv.rt, local, runKey(inv), 'Restart Local API');
  if (!run) return undefined;
  return inv.step(`Restarting ${run.name}…`, () => local.restart(run));
}

export async function showLocalTraffic(inv: Invocation<'none'>, local: LocalFeature): Promise<string | undefined> {
  const run = await pickRun(inv.rt, local, runKey(inv), 'Show Local Traffic');
  run?.channel.show();
  return run?.channel.name;
}

/** The full event and response of a recent request (picked, newest first), as a read-only JSON document. */
export async function showLocalRequest(
  inv: Invocation<'none', RequestArgs>,
  local: LocalFeature,
): Promise<vscode.TextDocument | undefined> {
  const run = await pickRun(inv.rt, local, runKey(inv), 'Show Request Details');
  if (!run) return undefined;
  const id = typeof inv.args.requestId === 'string' ? inv.args.requestId : await pickRequest(inv.rt, run);
  if (id === undefined) return undefined;
  const detail = run.api.request(id);
  if (!detail)
    throw new WorkbenchError('NotFound', `${run.name} has no recent request ${id}.`, {
      hint: 'Only the last 500 requests are kept.',
    });
  return local.requests.show(run.name, detail);
}

/** `apigw.invokeLocalFunction(key, { function, event })`: that function and event (JSON text), unasked. */
export interface InvokeArgs {
  function: string;
  event: string;
}

/**
 * Invokes a function of a running local API's mapping file with an event typed (the last one for that function
 * offered again), as Lambda's Invoke API runs it; what it returned, or its error, opens beside as JSON, its log in
 * the traffic channel.
 */
export async function invokeLocalFunction(
  inv: Invocation<'none', InvokeArgs>,
  local: LocalFeature,
): Promise<vscode.TextDocument | undefined> {
  const { rt, args } = inv;
  const run = await pickRun(rt, local, runKey(inv), 'Invoke Function');
  if (!run) return undefined;
  const name = typeof args.function === 'string' ? args.function : await pickFunction(rt, run);
  if (name === undefined) return undefined;
  const text = typeof args.event === 'string' ? args.event : await askEvent(rt, local, name);
  if (text === undefined) return undefined;
  const event = parseJson(text);
  if (!event.ok)
    throw new WorkbenchError('InvalidArgument', `The event for ${name} is not JSON.`, {
      hint: 'Type a JSON value, such as {"id": 1}.',
    });
  const done = await inv.step(`Invoking ${name}…`, () => run.api.invokeFunction(name, event.value));
  const doc = await vscode.workspace.openTextDocument({
    language: 'json',
    content: `${JSON.stringify(done.payload, null, 2)}\n`,
  });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  if (done.ok) rt.prompts.status(`${name} returned (request ${done.requestId})`);
  else
    rt.prompts.notify(
      'warning',
      `${name} failed (request ${done.requestId}); its error is beside, its log in the traffic.`,
      {
        label: 'Show Traffic',
        run: () => run.channel.show(),
      },
    );
  return doc;
}

async function pickFunction(rt: Invocation['rt'], run: LocalRun): Promise<string | undefined> {
  const names = Object.keys(run.api.environments());
  if (names.length === 0)
    throw new WorkbenchError('NotFound', `${run.name}'s mapping file maps no function.`, {
      hint: "Map one under functions: in the spec's mapping file (docs/LOCAL.md#the-mapping-file).",
    });
  const picked = await rt.prompts.pick(
    names.map((n) => ({ label: n })),
    { title: `Invoke Function · ${run.name}`, placeHolder: 'The function to invoke, as Lambda runs it' },
  );
  return picked?.label;
}

function askEvent(rt: Invocation['rt'], local: LocalFeature, name: string): Promise<string | undefined> {
  return askRemembered(rt, local, JSON.stringify(['invoke', name]), {
    title: `Invoke ${name}`,
    prompt: 'The event, as JSON',
  });
}

/** An input box offering what was last typed for `key` in this window (else `{}`), remembered once given. */
function askRemembered(
  rt: Invocation['rt'],
  local: LocalFeature,
  key: string,
  o: { title: string; prompt: string },
): Promise<string | undefined> {
  return rt.prompts.input({ ...o, value: local.lastInput(key) ?? '{}' }).then((typed) => {
    if (typed !== undefined) local.rememberInput(key, typed);
    return typed;
  });
}

interface MenuItem extends vscode.QuickPickItem {
  readonly id: string;
  /** Offered for local APIs of this protocol only. */
  readonly protocol?: 'WEBSOCKET';
}

const MENU: readonly MenuItem[] = [
  { label: '$(copy) Copy URL', id: 'copy' },
  { label: '$(plug) Connect', id: 'apigw.connectLocalApi', protocol: 'WEBSOCKET' },
  { label: '$(debug-restart) Restart', id: 'apigw.restartLocalApi' },
  { label: '$(debug-stop) Stop', id: 'apigw.stopLocalApi' },
  { label: '$(output) Show Traffic', id: 'apigw.showLocalTraffic' },
  { label: '$(json) Show Request Details…', id: 'apigw.showLocalRequest' },
  { label: '$(zap) Invoke Function…', id: 'apigw.invokeLocalFunction' },
];

/** The status bar item's menu: Copy URL, Connect (WebSocket APIs), Restart, Stop, Show Traffic, Request Details. */
export async function localApiMenu(inv: Invocation<'none'>, local: LocalFeature): Promise<void> {
  const run = await pickRun(inv.rt, local, runKey(inv), 'Local API');
  if (!run) return;
  const url = run.api.wsUrl ?? run.api.url;
  const items = MENU.filter((m) => m.protocol === undefined || m.protocol === run.api.protocol);
  const picked = await inv.rt.prompts.pick(items, { title: `${run.name} (local) · ${url}`, placeHolder: 'Action' });
  if (!picked) return;
  if (picked.id === 'copy') await inv.rt.prompts.copy(url, 'the local URL');
  // Connect's subject is a WebSocket stage, deployed or local: the run is named as `{ local }`, not as text.
  else if (picked.id === 'apigw.connectLocalApi') await vscode.commands.executeCommand(picked.id, { local: run.key });
  else await vscode.commands.executeCommand(picked.id, run.key);
}

/** `apigw.tryMappingTemplate(uri, { integration, response, key, message })`: that template and message, unasked. */
export interface TryTemplateArgs {
  integration: string;
  response: string;
  key: string;
  message: string;
}

/**
 * Try Mapping Template…: renders a template of the spec against a message, as the local API renders it, and opens
 * what it made beside the spec (JSON when it parses as JSON). The message typed is kept for the next try.
 */
export async function tryMappingTemplate(
  inv: Invocation<'spec', TryTemplateArgs>,
  local: LocalFeature,
): Promise<vscode.TextDocument | undefined> {
  const { rt, args } = inv;
  const spec = validSpec(rt, inv.subject.spec.doc, 'trying its templates');
  const engine = localEngine();
  const ref = await pickTemplate(rt, engine.specTemplates(spec), args);
  if (!ref) return undefined;
  const message = typeof args.message === 'string' ? args.message : await askMessage(rt, local, ref);
  if (message === undefined) return undefined;
  const tried = await inv.step(`Rendering ${engine.describeTemplate(ref)}…`, () =>
    engine.tryTemplate(spec, ref, message),
  );
  if (!tried.rendered.ok)
    throw new WorkbenchError('InvalidSpec', `${engine.describeTemplate(ref)}: ${tried.rendered.error}.`, {
      hint: 'Mend the template; the local API fails each message it serves the same way.',
    });
  const output = tried.rendered.text;
  const doc = await vscode.workspace.openTextDocument({
    language: parseJson(output).ok ? 'json' : 'plaintext',
    content: output,
  });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  rt.prompts.status(`${engine.describeTemplate(ref)} rendered for route ${tried.routeKey}`);
  return doc;
}

async function pickTemplate(
  rt: Invocation['rt'],
  templates: ReturnType<LocalBundle['specTemplates']>,
  args: Partial<TryTemplateArgs>,
): Promise<TemplateRef | undefined> {
  if (templates.length === 0)
    throw new WorkbenchError('NotFound', 'The spec has no mapping templates to try.', {
      hint: 'WebSocket AWS, HTTP and MOCK integrations have requestTemplates and responses with responseTemplates.',
    });
  if (typeof args.integration === 'string' && typeof args.key === 'string')
    return { integration: args.integration, key: args.key, ...(args.response ? { response: args.response } : {}) };
  const items = templates.map((t) => ({
    label: t.response === undefined ? `${t.integration} · request` : `${t.integration} · response ${t.response}`,
    description: t.key,
    detail: t.template.split('\n', 1)[0]!.slice(0, 120),
    template: t,
  }));
  return (await rt.prompts.pick(items, { title: 'Try Mapping Template', placeHolder: 'The template to render' }))
    ?.template;
}

/** The message (or, for a response template, the backend's answer) to render the template against. */
function askMessage(rt: Invocation['rt'], local: LocalFeature, ref: TemplateRef): Promise<string | undefined> {
  return askRemembered(rt, local, JSON.stringify([ref.integration, ref.response ?? null, ref.key]), {
    title: 'Try Mapping Template',
    prompt:
      ref.response === undefined
        ? 'The message a client sends ($input.body)'
        : "The backend's answer the integration response gets ($input.body)",
  });
}
