// The lines of a document that its CodeLenses are given for: what is on screen in any editor and a margin around
// it. VS Code asks for every lens of a file after each edit and sends them all to the window (for a 3,000-route
// spec that held the extension host for 50 ms), so the spec's lenses are made near the screen only, and asked for
// again when scrolling leaves those lines.
import * as vscode from 'vscode';
import { isSpecDocument } from './gatewaySpec/engine';

/** Lines above and below what is on screen that get lenses too; scrolling past them asks for lenses again. */
export const LENS_MARGIN_LINES = 300;

/** Lines of a document, both ends included. */
export interface LineWindow {
  start: number;
  end: number;
}

/** The lines of `doc` on screen in any editor, widened by the margin; undefined when no editor shows it. */
export function screenWindow(doc: vscode.TextDocument): LineWindow | undefined {
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
 * Remembers the window each document's lenses were given for and fires `changed` when an editor scrolls past it,
 * so VS Code asks again for the lines on screen then.
 */
export class LensWindows implements vscode.Disposable {
  /** The lines each document's lenses were given for (null: all of them, no editor showed it). */
  private readonly given = new Map<string, LineWindow | null>();
  private readonly scrolling: vscode.Disposable;

  constructor(private readonly changed: vscode.EventEmitter<void>) {
    this.scrolling = vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e));
  }

  /** The window to ask for now, for `doc`. */
  current(doc: vscode.TextDocument): LineWindow | undefined {
    return screenWindow(doc);
  }

  /** The lenses of `doc` were given for `w` (undefined: every line). */
  gave(doc: vscode.TextDocument, w: LineWindow | undefined): void {
    this.given.set(doc.uri.toString(), w ?? null);
  }

  private scrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const key = e.textEditor.document.uri.toString();
    const w = this.given.get(key);
    if (w === undefined || (w !== null && !outside(w, e.visibleRanges))) return;
    this.given.delete(key);
    this.changed.fire();
  }

  dispose(): void {
    this.scrolling.dispose();
  }
}

/**
 * A CodeLens provider of spec documents whose lenses come from the spec engine's worker for the lines near the
 * screen (LensWindows), shown only in trusted workspaces and while its setting is on.
 */
export abstract class SpecLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly windows = new LensWindows(this.changed);

  constructor(
    private readonly trusted: () => boolean,
    private readonly enabled: () => boolean,
  ) {}

  /** The lenses of `doc` on the lines of `w` (all lines without one); undefined when the document changed meanwhile. */
  protected abstract lensesNear(
    doc: vscode.TextDocument,
    w: LineWindow | undefined,
  ): Promise<vscode.CodeLens[] | undefined>;

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[] | undefined> {
    if (!this.trusted() || !this.enabled() || !isSpecDocument(doc)) return [];
    const w = this.windows.current(doc);
    const lenses = await this.lensesNear(doc, w);
    // Undefined: the document changed meanwhile, and VS Code asks again for the new version.
    if (lenses) this.windows.gave(doc, w);
    return lenses;
  }

  dispose(): void {
    this.windows.dispose();
    this.changed.dispose();
  }
}
