// CodeLenses of calling: "Send" on each request of a `.http` file (the parser is the engine's, small and pure, so a
// request file opens without loading the AWS bundle), and "Call Route" on each route key of a spec, which opens the
// spec's request file at that route. Only in trusted workspaces: calling a route is refused in Restricted Mode.
import * as vscode from 'vscode';
import { MAX_HTTP_FILE_BYTES, parseHttpFile } from '../../core/call/httpFile';
import type { OutlineOptions, OutlineSymbol } from '../../core/gatewaySpec/bundle';
import { SpecLensProvider, type LineWindow } from '../lensWindow';

export const HTTP_SELECTOR: vscode.DocumentSelector = [
  { language: 'http' },
  { pattern: '**/*.http' },
  { pattern: '**/*.rest' },
];

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

/** What the lens asks of the spec engine: the outline of this version of a spec (its worker answers, off the host). */
export interface SpecOutline {
  outline(doc: vscode.TextDocument, o: OutlineOptions): Promise<OutlineSymbol[] | undefined>;
}

/**
 * "Call Route" above each route key of a spec that is on screen or near it: VS Code asks for every lens of the file
 * after each edit and sends them all to the window, which for a 3,000-route spec held the extension host for 50 ms.
 */
export class SpecRouteLens extends SpecLensProvider {
  constructor(
    trusted: () => boolean,
    enabled: () => boolean,
    private readonly engine: SpecOutline,
  ) {
    super(trusted, enabled);
  }

  /** The route keys and their places from the engine's outline: a 3,000-route spec is parsed in its worker, not here. */
  protected async lensesNear(
    doc: vscode.TextDocument,
    w: LineWindow | undefined,
  ): Promise<vscode.CodeLens[] | undefined> {
    // The worker keeps the routes near the screen: the others never reach the host.
    const symbols = await this.engine.outline(doc, { section: 'routes', ...(w ? { lines: w } : {}) });
    if (!symbols) return undefined;
    const routes = symbols.find((s) => s.kind === 'section' && s.name === 'routes')?.children ?? [];
    return routes.map((r) => routeLens(doc, r));
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (!(lens instanceof RouteLens)) return lens;
    lens.command = {
      title: '$(play) Call Route',
      command: 'apigw.openRequests',
      tooltip: `Open the spec's request file at ${lens.routeKey} (written beside the spec if needed)`,
      arguments: [lens.uri, { routeKey: lens.routeKey }],
    };
    return lens;
  }
}

/** A route's lens, its command filled in only when VS Code shows it (a spec may have thousands of routes). */
class RouteLens extends vscode.CodeLens {
  constructor(
    readonly uri: vscode.Uri,
    readonly routeKey: string,
    range: vscode.Range,
  ) {
    super(range);
  }
}

function routeLens(doc: vscode.TextDocument, r: OutlineSymbol): vscode.CodeLens {
  return new RouteLens(doc.uri, r.name, new vscode.Range(...r.selection));
}
