// The response of a call as a read-only virtual document (scheme apigw-response) beside the request: the status,
// size and timing breakdown (connect, TLS, first byte, total), the request as it may be shown (secrets replaced), the
// response headers and the body pretty-printed by its content type — the engine's formatters, then the call's own
// scrub (the exact values it sent) and the redactor. A CodeLens on the first line offers that request's logs.
import * as vscode from 'vscode';
import type { CallResult } from '../../aws/call';
import { redact } from '../../core/redact';
import type { Runtime } from '../runtime';
import type { CallContext } from './target';

export const RESPONSE_SCHEME = 'apigw-response';
/** Its language: the grammar languages/http-response.grammar.json colours it (no features of `.http` files). */
const RESPONSE_LANGUAGE = 'apigw-http-response';

/** What Show Logs for This Request needs of a call, kept while its document is open (nothing secret). */
export interface ResponseRecord {
  readonly id: string;
  readonly ctx: CallContext;
  readonly routeKey?: string;
  readonly requestId?: string;
  readonly startedAt: number;
  readonly totalMs: number;
  readonly scrub: (text: string) => string;
  /** The route's key in the call history. */
  readonly historyKey: string;
}

function responseText(rt: Runtime, r: CallResult, ctx: CallContext): string {
  const call = rt.aws().call;
  const res = r.response;
  const body = call.formatBody(res);
  const lines = [
    `${call.statusLine(res)} · ${call.formatSize(res.size)}`,
    call.formatTiming(res.timing),
    `Request id: ${res.requestId ?? '(none in the response)'}`,
    `Route: ${r.routeKey ?? 'none matches (404, or the $default route)'} · ${ctx.api.name} · ${ctx.target.label}`,
    `Request: ${r.shown.method} ${r.shown.url}`,
    ...r.shown.headers.map(([k, v]) => `  ${k}: ${v}`),
    '',
    call.formatHeaders(res.headers),
    '',
    ...(body.note ? [`(${body.note})`] : []),
    body.text,
  ];
  return redact(r.scrub(lines.join('\n')));
}

export class ResponseDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly records = new Map<string, ResponseRecord>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private next = 1;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        // A change of language closes and reopens a document in events only: it is still open.
        if (d.uri.scheme !== RESPONSE_SCHEME || vscode.workspace.textDocuments.includes(d)) return;
        this.texts.delete(d.uri.toString());
        this.records.delete(recordId(d.uri));
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  record(uri: vscode.Uri): ResponseRecord | undefined {
    return this.records.get(recordId(uri));
  }

  /** Opens the response beside the request; returns its document. */
  async show(rt: Runtime, r: CallResult, ctx: CallContext, historyKey: string): Promise<vscode.TextDocument> {
    const id = String(this.next++);
    const name = `${r.shown.method} ${new URL(r.shown.url).pathname}`.replace(/[\\/]/g, '∕').slice(0, 80);
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${r.response.status} ${name}`, query: `id=${id}` });
    this.texts.set(uri.toString(), responseText(rt, r, ctx));
    this.records.set(id, {
      id,
      ctx,
      ...(r.routeKey ? { routeKey: r.routeKey } : {}),
      ...(r.response.requestId ? { requestId: r.response.requestId } : {}),
      startedAt: r.response.startedAt,
      totalMs: r.response.timing.total,
      scrub: r.scrub,
      historyKey,
    });
    const doc = await openResponse(uri);
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
    return doc;
  }

  /** Opens a read-only text of our own (a history entry) beside the active editor. */
  async showText(name: string, text: string): Promise<vscode.TextDocument> {
    const id = String(this.next++);
    const uri = vscode.Uri.from({
      scheme: RESPONSE_SCHEME,
      path: `/${name.replace(/[\\/]/g, '∕').slice(0, 80)}`,
      query: `id=${id}`,
    });
    this.texts.set(uri.toString(), redact(text));
    const doc = await openResponse(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return doc;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

async function openResponse(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return doc.languageId === RESPONSE_LANGUAGE ? doc : vscode.languages.setTextDocumentLanguage(doc, RESPONSE_LANGUAGE);
}

function recordId(uri: vscode.Uri): string {
  return new URLSearchParams(uri.query).get('id') ?? '';
}

/** "Show Logs for This Request" on the first line of a response that has a request id. */
export class ResponseLens implements vscode.CodeLensProvider {
  constructor(private readonly docs: ResponseDocuments) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const rec = this.docs.record(doc.uri);
    if (!rec) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: '$(history) Call History of This Route',
        command: 'apigw.showCallHistory',
        tooltip: `The last calls of ${rec.historyKey}`,
        arguments: [{ route: rec.historyKey }],
      }),
    ];
    // The local API's requests are in its own output, not in CloudWatch Logs.
    if (rec.requestId && rec.ctx.live)
      lenses.unshift(
        new vscode.CodeLens(top, {
          title: '$(output) Show Logs for This Request',
          command: 'apigw.showRequestLogs',
          tooltip: `The access log line and the Lambda log lines of request ${rec.requestId}`,
          arguments: [{ response: doc.uri.toString() }],
        }),
      );
    return lenses;
  }
}
