// Read-only documents that show what a promotion or rollback means before anything changes. Virtual (no file on
// disk), Markdown so headings and deployment ids stand out, replaced in place when the same preview is shown again.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'apigw-preview';

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === PREVIEW_SCHEME) this.texts.delete(d.uri.toString());
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens (or updates) the preview named `name` and shows it in the active editor group. */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name.replace(/[/\\]/g, '-')}.md` });
    const known = this.texts.has(uri.toString());
    this.texts.set(uri.toString(), text);
    if (known) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Registers the preview scheme; the commands show their previews through the returned provider. */
export function registerPreviews(context: vscode.ExtensionContext): PreviewDocuments {
  const previews = new PreviewDocuments();
  context.subscriptions.push(previews, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews));
  return previews;
}
