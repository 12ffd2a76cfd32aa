// CodeLenses of calling: "Send" on each request of a `.http` file (the parser is the engine's, small and pure, so a
// request file opens without loading the AWS bundle), and "Call Route" on each route key of a spec, which opens the
// spec's request file at that route. Only in trusted workspaces: calling a route is refused in Restricted Mode.
import * as vscode from 'vscode';
import { MAX_HTTP_FILE_BYTES, parseHttpFile } from '../../core/call/httpFile';
import type { AstProperty } from '../../core/gatewaySpec/ast';
import { formatFor, isSpecDocument, rangeIn, spec } from '../gatewaySpec/engine';

export const HTTP_SELECTOR: vscode.DocumentSelector = [{ language: 'http' }, { pattern: '**/*.http' }];

export class HttpCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly trusted: () => boolean) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.trusted() || doc.getText().length > MAX_HTTP_FILE_BYTES) return [];
    const file = parseHttpFile(doc.getText());
    return file.requests.flatMap((r) => {
      const at = new vscode.Range(r.requestLine, 0, r.requestLine, 0);
      if (r.method === 'WEBSOCKET')
        return [
          new vscode.CodeLens(at, {
            title: '$(plug) Connect',
            command: 'apigw.connectStage',
            tooltip: 'Open a WebSocket session to a stage of this API',
          }),
        ];
      const args = { uri: doc.uri.toString(), line: r.requestLine };
      return [
        new vscode.CodeLens(at, {
          title: '$(play) Send',
          command: 'apigw.sendRequest',
          tooltip: `Send ${r.name ?? r.method} to the active @baseUrl, with the auth its route declares`,
          arguments: [args],
        }),
        new vscode.CodeLens(at, {
          title: 'Send to…',
          command: 'apigw.sendRequest',
          tooltip: "Send it to another of the file's @baseUrl lines: a stage, a custom domain or the local API",
          arguments: [{ ...args, pickTarget: true }],
        }),
      ];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** "Call Route" above each route key of a spec. */
export class SpecRouteLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly trusted: () => boolean,
    private readonly enabled: () => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.trusted() || !this.enabled() || !isSpecDocument(doc)) return [];
    // The one front end, parse only: route keys and their places, nothing validated on the host.
    const d = spec().openSpec(doc.getText(), { format: formatFor(doc) });
    const routes: AstProperty[] = d.nodeAt(['routes'])?.properties ?? [];
    return routes.map(
      (p) =>
        new vscode.CodeLens(rangeIn(doc, p.keyOffset, p.keyLength), {
          title: '$(play) Call Route',
          command: 'apigw.openRequests',
          tooltip: `Open the spec's request file at ${p.key} (written beside the spec if needed)`,
          arguments: [doc.uri, { routeKey: p.key }],
        }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}
