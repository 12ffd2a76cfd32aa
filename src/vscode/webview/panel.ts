// The base every webview panel of the extension uses: a page bundle from dist/ (and nothing else: localResourceRoots
// is dist/ only, the CSP of src/webview/html.ts refuses anything remote), a fresh nonce per render, messages typed both
// ways (what the page sends is parsed before anyone reads it; what goes to it is redacted string by string, as every
// exit of the extension is), and the serializer that restores a panel after a reload from the page's saved state.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { redact } from '../../core/redact';
import { pageHtml } from '../../webview/html';

export interface PageSpec<In> {
  /** The webview type: the serializer and the `onWebviewPanel:` activation event name it. */
  viewType: string;
  /** The page bundle's name in esbuild.mjs (`dist/NAME.js` and `dist/NAME.css`). */
  bundle: string;
  /** Checks a message from the page; undefined drops it. */
  parse(message: unknown): In | undefined;
}

/** Webview options of every panel: scripts on, resources from the extension's dist/ only, no command links. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    retainContextWhenHidden: false,
  };
}

/** The page's HTML with a new nonce. */
export function renderPage(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string): string {
  const asset = (ext: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', `${bundle}.${ext}`));
  return pageHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: asset('js').toString(),
    styleUri: asset('css').toString(),
    title,
  });
}

/** Every string of a message redacted (names, messages and labels come from AWS and from users). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/** A panel and its page: typed messages both ways. */
export class PagePanel<In, Out> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private closed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    spec: PageSpec<In>,
    extensionUri: vscode.Uri,
    onMessage: (message: In) => unknown,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderPage(panel.webview, extensionUri, spec.bundle, panel.title);
    this.disposables.push(
      panel.onDidDispose(() => (this.closed = true)),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = spec.parse(raw);
        if (message !== undefined) void onMessage(message);
      }),
    );
  }

  /** Sends a message; false when the page is gone (the panel was closed, maybe while an answer was on its way). */
  async post(message: Out): Promise<boolean> {
    if (this.closed) return false;
    try {
      return await this.panel.webview.postMessage(redactDeep(message));
    } catch {
      return false;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Opens a new panel of this page in the active column. */
export function createPanel(spec: { viewType: string }, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(
    spec.viewType,
    title,
    { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    webviewOptions(extensionUri),
  );
}
