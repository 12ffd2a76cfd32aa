// Show Request Details: the full event(s) an integration and authorizer got and the response of one local request,
// as a read-only virtual JSON document (`apigw-local-request:`), redacted like every other exit.
import * as vscode from 'vscode';
import { requestDetailText } from '../../core/local/traffic';
import type { RequestDetail } from '../../local/bundle';

export const REQUEST_SCHEME = 'apigw-local-request';

export class RequestDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === REQUEST_SCHEME) this.texts.delete(d.uri.toString());
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens the request's document beside the editor; returns it. */
  async show(apiName: string, detail: RequestDetail): Promise<vscode.TextDocument> {
    const r = detail.record;
    const uri = vscode.Uri.from({
      scheme: REQUEST_SCHEME,
      path: `/${apiName.replace(/[/\\]/g, '-')} ${r.method} ${r.route.replace(/[/\\]/g, '∕')} ${r.requestId}.json`,
    });
    this.texts.set(uri.toString(), requestDetailText(detail));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return doc;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
