// Send: one request of a `.http` document, end to end — where it goes (./target.ts), the engine's preparation
// (variables, the route it reaches), the host guard, the route's auth from the editor's providers, the call under a
// cancellable progress notification, then the response document beside the request and the route's history.
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { CallResult } from '../../aws/call';
import type { RequestEnvironment } from '../../core/call/environments';
import { isHttpDocument } from './environments';
import type { Exchange } from '../../core/call/references';
import { bodyFiles, resolveFileText } from '../../core/call/resolve';
import { WorkbenchError } from '../../core/errors';
import {
  MAX_HTTP_FILE_BYTES,
  parseHttpFile,
  requestAt,
  type HttpFile,
  type HttpRequest,
} from '../../core/call/httpFile';
import type { Invocation } from '../commands/invocation';
import type { CallFeature } from './feature';
import { clientTlsFor } from './clientTls';
import { remember } from './history';
import { editorProviders } from './secrets';
import { callContext, exists, fileTargets, type CallContext } from './target';
import type { Runtime } from '../runtime';

/**
 * `apigw.sendRequest({ uri, line })`: the request at that line; without them, the one at the active editor's cursor.
 * `pickTarget` asks which of the file's `@baseUrl` lines to call (Send to…); `baseUrl` names one.
 */
export interface SendArgs {
  uri: string;
  line: number;
  pickTarget: boolean;
  baseUrl: string;
}

export interface Sent {
  readonly result: CallResult;
  readonly ctx: CallContext;
  readonly response: vscode.TextDocument;
}

async function requestDocument(args: Partial<SendArgs>): Promise<{ doc: vscode.TextDocument; line: number }> {
  if (typeof args.uri === 'string') {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    return { doc, line: typeof args.line === 'number' ? args.line : 0 };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isHttpDocument(editor.document))
    throw new WorkbenchError('InvalidArgument', 'Send Request sends the request at the cursor of a .http file.', {
      hint: 'Open a request file (Open Requests for Spec writes one beside a spec) and use Send above a request.',
    });
  return { doc: editor.document, line: editor.selection.active.line };
}

/** The document's requests as the parser reads them, within its 2 MB. */
function parsedDocument(doc: vscode.TextDocument): HttpFile {
  const text = doc.getText();
  if (text.length > MAX_HTTP_FILE_BYTES)
    throw new WorkbenchError('InputLimit', `${vscode.workspace.asRelativePath(doc.uri)} is over 2 MB: not read.`);
  return parseHttpFile(text);
}

function requestIn(doc: vscode.TextDocument, line: number): { file: HttpFile; req: HttpRequest } {
  const file = parsedDocument(doc);
  const req = requestAt(file, line);
  const problem = req ? undefined : problemAt(file, line);
  if (problem)
    throw new WorkbenchError(
      'InvalidArgument',
      `Line ${problem.line + 1} of ${vscode.workspace.asRelativePath(doc.uri)} is ${problem.message}.`,
      {
        hint: 'A request is METHOD URL (GET, POST…; a URL alone is a GET), then its headers (Name: value), a blank line and its body.',
      },
    );
  if (!req)
    throw new WorkbenchError(
      'InvalidArgument',
      `No request at line ${line + 1} of ${vscode.workspace.asRelativePath(doc.uri)}.`,
      {
        hint: 'Put the cursor in a request (a METHOD URL line and what follows it, up to the next ###).',
      },
    );
  return { file, req };
}

/** What the parser could not read in the `###` block holding `line`. */
function problemAt(file: HttpFile, line: number): HttpFile['problems'][number] | undefined {
  const block = file.blocks.find((b) => line >= b.startLine && line < b.endLine);
  return block && file.problems.find((p) => p.line >= block.startLine && p.line < block.endLine);
}

/** The `@baseUrl` to call: given, picked among the file's (Send to…), or the active one (undefined). */
async function chosenBase(
  rt: Runtime,
  args: Partial<SendArgs>,
  file: HttpFile,
  environment: RequestEnvironment,
): Promise<string | null | undefined> {
  if (typeof args.baseUrl === 'string') return args.baseUrl;
  if (args.pickTarget !== true) return undefined;
  const urls = fileTargets(file, environment);
  const picked = await rt.prompts.pick(
    urls.map((url, i) => ({ label: url, description: i === 0 ? 'active @baseUrl' : '' })),
    { title: 'Send to', placeHolder: "One of the file's @baseUrl lines: a stage, a custom domain or the local API" },
  );
  return picked ? picked.label : null;
}

/**
 * A `< path` body file: an absolute path, else beside the request file, else in its workspace folder — the two places
 * REST Client looks (it tries the workspace folder first; a file beside the request wins here, as in JetBrains').
 */
async function readBodyFile(docUri: vscode.Uri, path: string): Promise<Uint8Array> {
  if (isAbsolute(path)) return vscode.workspace.fs.readFile(vscode.Uri.file(path));
  const beside = vscode.Uri.joinPath(docUri, '..', path);
  const folder = vscode.workspace.getWorkspaceFolder(docUri);
  if (folder) {
    try {
      return await vscode.workspace.fs.readFile(beside);
    } catch (err) {
      const inFolder = vscode.Uri.joinPath(folder.uri, path);
      if (await exists(inFolder)) return vscode.workspace.fs.readFile(inFolder);
      throw err;
    }
  }
  return vscode.workspace.fs.readFile(beside);
}

/**
 * REST Client's `# @note`: a request marked so is sent only once confirmed in a modal (a request that deletes or
 * charges something). False when the user does not confirm.
 */
async function confirmedNote(rt: Runtime, req: HttpRequest): Promise<boolean> {
  if (req.tags.note === undefined) return true;
  const what = req.name ? `the request ${req.name}` : `${req.method} on line ${req.requestLine + 1}`;
  return rt.prompts.confirm(
    `Send ${what}?`,
    'Send',
    req.tags.note || 'It is marked # @note: confirm before it is sent.',
  );
}

/**
 * The answers to the request's `# @prompt` lines, over every other variable (REST Client's rule); hidden ones are
 * secrets the request shown and its history leave out. Null when one is dismissed: the request is not sent.
 */
async function prompted(rt: Runtime, req: HttpRequest, env: RequestEnvironment): Promise<RequestEnvironment | null> {
  if (req.prompts.length === 0) return env;
  const values = new Map<string, string>();
  const hidden: string[] = [];
  for (const p of req.prompts) {
    const password = rt.aws().call.isSecretPrompt(p.name);
    const value = await rt.prompts.input({
      title: `Send ${req.name ?? req.method}: {{${p.name}}}`,
      prompt: p.description ?? `The value of {{${p.name}}} for this request`,
      password,
    });
    if (value === undefined) return null;
    values.set(p.name, value);
    if (password) hidden.push(value);
  }
  return rt.aws().call.withValues(env, values, hidden);
}

export async function sendRequest(inv: Invocation<'none', SendArgs>, f: CallFeature): Promise<Sent | undefined> {
  const { rt } = inv;
  const { doc, line } = await requestDocument(inv.args);
  const { file, req } = requestIn(doc, line);
  if (!(await confirmedNote(rt, req))) return undefined;
  const environment = await prompted(rt, req, await f.environments.variables(doc.uri));
  if (environment === null) return undefined;
  const base = await chosenBase(rt, inv.args, file, environment);
  if (base === null) return undefined;
  const ctx = await callContext(rt, f.stages, doc, file, inv.signal, { baseUrl: base ?? undefined, req, environment });
  const call = rt.aws().call;
  const bodies = new Map<string, Uint8Array>();
  // Read by the path as the resolver asks for it: its variables replaced (`< ./{{name}}.json`).
  for (const written of bodyFiles(req)) {
    const path = resolveFileText(file, written, environment);
    bodies.set(path, await readBodyFile(doc.uri, path));
  }
  const exchanges = f.exchanges.get(doc.uri.toString()) ?? new Map<string, Exchange>();
  const prepared = call.prepareFromFile(ctx.api, ctx.target, file, req, {
    readFile: (p: string) => {
      const b = bodies.get(p);
      if (!b) throw new WorkbenchError('NotFound', `The body file ${p} was not read.`);
      return b;
    },
    exchanges,
    environment,
  });
  const label = prepared.routeKey ?? `${req.method} ${req.name ?? ''}`.trim();
  const tls = await clientTlsFor(rt, prepared.request.url, doc.uri);
  const result = await inv.step(`Sending ${label} to ${ctx.target.label}…`, () =>
    call.callRoute(prepared, editorProviders(rt, f.secrets, ctx), { signal: inv.signal, ...(tls ? { tls } : {}) }),
  );
  const historyKey = await remember(
    rt,
    ctx,
    result,
    result.routeKey ?? `${req.method} ${new URL(result.shown.url).pathname}`,
  );
  if (req.name) f.exchanges.set(doc.uri.toString(), exchanges.set(req.name, call.exchangeOf(prepared, result)));
  const response = await f.responses.show(rt, result, ctx, historyKey);
  rt.prompts.status([`${label}: ${call.summaryLine(result.response)}`, ...(req.notes ?? [])].join(' · '));
  return { result, ctx, response };
}

/**
 * `apigw.sendAllRequests({ uri })`: every request of a `.http` file (the active editor's without one), in file
 * order, each as Send sends it (its prompts asked, its response shown, its exchange kept for the requests after it);
 * WebSocket requests left out. Stops when one cannot be sent, a prompt is dismissed, or the user cancels. The
 * status bar then counts the answers by class.
 */
export async function sendAllRequests(inv: Invocation<'none', { uri: string }>, f: CallFeature): Promise<Sent[]> {
  // The editor title's button passes the file itself.
  const { doc } = await requestDocument(inv.uri ? { uri: inv.uri.toString() } : inv.args);
  const { requests, sockets } = requestsOf(doc);
  const sent: Sent[] = [];
  for (const req of requests) {
    if (inv.signal.aborted) break;
    const one = await sendRequest({ ...inv, args: { uri: doc.uri.toString(), line: req.requestLine } }, f);
    if (!one) break;
    sent.push(one);
  }
  const summary = sentSummary(vscode.workspace.asRelativePath(doc.uri), sent, requests.length);
  inv.rt.prompts.status(sockets ? `${summary} (${sockets} WebSocket left out: Connect opens it)` : summary);
  return sent;
}

/** The requests Send All sends (every HTTP request) and the WebSocket ones it leaves out; unreadable lines refused. */
function requestsOf(doc: vscode.TextDocument): { requests: HttpRequest[]; sockets: number } {
  const file = parsedDocument(doc);
  const problem = file.problems[0];
  if (problem)
    throw new WorkbenchError(
      'InvalidArgument',
      `Line ${problem.line + 1} of ${vscode.workspace.asRelativePath(doc.uri)} is ${problem.message}: nothing was sent.`,
      { hint: 'Fix the lines the editor marks, then Send All again.' },
    );
  const requests = file.requests.filter((r) => r.method !== 'WEBSOCKET');
  if (requests.length === 0)
    throw new WorkbenchError('InvalidArgument', `${vscode.workspace.asRelativePath(doc.uri)} has no HTTP request.`, {
      hint: 'A request is METHOD URL (GET, POST…; a URL alone is a GET), then its headers; ### separates requests.',
    });
  return { requests, sockets: file.requests.length - requests.length };
}

/** `Sent 5 of 7 requests of orders.http: 4 × 2xx, 1 × 4xx`. */
function sentSummary(name: string, sent: readonly Sent[], total: number): string {
  const classes = new Map<string, number>();
  for (const s of sent) {
    const c = `${Math.floor(s.result.response.status / 100)}xx`;
    classes.set(c, (classes.get(c) ?? 0) + 1);
  }
  const counts = [...classes].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${n} × ${c}`);
  return `Sent ${sent.length} of ${total} requests of ${name}${counts.length ? `: ${counts.join(', ')}` : ''}`;
}
