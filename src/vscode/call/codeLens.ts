// CodeLenses of calling: "Send" on each request of a `.http` file (the parser is the engine's, small and pure, so a
// request file opens without loading the AWS bundle), and "Call Route" on each route key of a spec, which opens the
// spec's request file at that route. Only in trusted workspaces: calling a route is refused in Restricted Mode.
import * as vscode from 'vscode';
import { MAX_HTTP_FILE_BYTES, parseHttpFile } from '../../core/call/httpFile';
import type { OutlineOptions, OutlineSymbol } from '../../core/gatewaySpec/bundle';
import { isSpecDocument } from '../gatewaySpec/engine';

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

/** Lines above and below what is on screen whose routes get lenses too; scrolling past them asks for lenses again. */
export const LENS_MARGIN_LINES = 300;

/** Lines of a document, both ends included. */
interface LineWindow {
  start: number;
  end: number;
}

/** The lines of `doc` on screen in any editor, widened by the margin; undefined when no editor shows it. */
function screenWindow(doc: vscode.TextDocument): LineWindow | undefined {
  const ranges = vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
  if (ranges.length === 0) return undefined;
  return {
    start: Math.max(0, Math.min(...ranges.map((r) => r.start.line)) - LENS_MARGIN_LINES),
    end: Math.max(...ranges.map((r) => r.end.line)) + LENS_MARGIN_LINES,
  };
}

function outside(w: LineWindow, ranges: readonly vscode.Range[]): boolean {
  return ranges.some((r) => r.start.line < w.start || r.end.line > w.end);
}

/**
 * "Call Route" above each route key of a spec that is on screen or near it: VS Code asks for every lens of the file
 * after each edit and sends them all to the window, which for a 3,000-route spec held the extension host for 50 ms.
 */
export class SpecRouteLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The lines each document's lenses were given for (null: all of them, no editor showed it). */
  private readonly given = new Map<string, LineWindow | null>();
  private readonly scrolling: vscode.Disposable;

  constructor(
    private readonly trusted: () => boolean,
    private readonly enabled: () => boolean,
    private readonly engine: SpecOutline,
  ) {
    this.scrolling = vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e));
  }

  refresh(): void {
    this.changed.fire();
  }

  /** The route keys and their places from the engine's outline: a 3,000-route spec is parsed in its worker, not here. */
  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[] | undefined> {
    if (!this.trusted() || !this.enabled() || !isSpecDocument(doc)) return [];
    const w = screenWindow(doc);
    // The worker keeps the routes near the screen: the others never reach the host.
    const symbols = await this.engine.outline(doc, { section: 'routes', ...(w ? { lines: w } : {}) });
    // Undefined: the document changed meanwhile, and VS Code asks again for the new version.
    if (!symbols) return undefined;
    this.given.set(doc.uri.toString(), w ?? null);
    const routes = symbols.find((s) => s.kind === 'section' && s.name === 'routes')?.children ?? [];
    return routes.map((r) => routeLens(doc, r));
  }

  /** Scrolled past the lines the lenses were given for: VS Code asks again, for the lines on screen now. */
  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const key = e.textEditor.document.uri.toString();
    const w = this.given.get(key);
    if (w === undefined || (w !== null && !outside(w, e.visibleRanges))) return;
    this.given.delete(key);
    this.changed.fire();
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

  dispose(): void {
    this.scrolling.dispose();
    this.changed.dispose();
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
