// Plans as read-only documents (`apigw-plan:` URIs, shown with the diff colours): one per spec and connection,
// updated in place when the same spec is planned again.
import * as vscode from 'vscode';

export const PLAN_SCHEME = 'apigw-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This plan is no longer available: run "API Gateway: Show Plan" again.\n';
  }

  /** The URI a plan of `apiName` in `region` (from `specUri`) is shown under; its title is the tab's label. */
  uriFor(apiName: string, region: string, specUri: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: PLAN_SCHEME,
      path: `/Plan for ${apiName} (${region})`,
      query: new URLSearchParams({ spec: specUri.toString(), region }).toString(),
    });
  }

  /** Opens (or refreshes) the plan beside the spec, read-only. */
  async show(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
    const key = uri.toString();
    const had = this.texts.has(key);
    this.texts.set(key, text);
    if (had) this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'diff') doc = await vscode.languages.setTextDocumentLanguage(doc, 'diff');
    return vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: false,
    });
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
