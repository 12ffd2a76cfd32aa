// The CodeLens at the top of a spec: whether it is in sync with its live API. Computed only when asked (a click on
// "Check sync with AWS", Show Plan or a deploy), never while typing: an edit turns the answer back into the question.
import * as vscode from 'vscode';
import { isSpecDocument } from '../gatewaySpec/engine';

export type SyncState =
  | { kind: 'checking' }
  | { kind: 'inSync'; apiName: string; region: string }
  | { kind: 'differences'; count: number; apiName: string; region: string; missing: boolean }
  | { kind: 'error'; message: string };

/** A lens's title, command and tooltip. */
type LensParts = [title: string, command: string, tooltip: string];

/** What the first lens says: the question, or the answer for this version of the document. */
function stateLens(state: SyncState | undefined): LensParts {
  switch (state?.kind) {
    case undefined:
      return [
        '$(cloud) Check sync with AWS',
        'apigw.checkSpecSync',
        'Plan this spec against its live API (reads only) and show here whether they differ',
      ];
    case 'checking':
      return ['$(sync~spin) Checking…', 'apigw.showLog', 'Planning against the live API'];
    case 'inSync':
      return [`$(check) In sync with ${state.apiName} (${state.region})`, 'apigw.checkSpecSync', 'Check again'];
    case 'differences':
      return [
        state.missing
          ? `$(diff-added) ${state.apiName} does not exist in ${state.region} — Show Plan`
          : `$(diff) ${state.count} difference${state.count === 1 ? '' : 's'} with ${state.apiName} (${state.region}) — Show Plan`,
        'apigw.showPlan',
        'Show what deploying this spec would change',
      ];
    case 'error': {
      const m = state.message.length > 80 ? `${state.message.slice(0, 79)}…` : state.message;
      return [`$(warning) Could not check: ${m}`, 'apigw.checkSpecSync', 'Try again'];
    }
  }
}

interface Entry {
  version: number;
  state: SyncState;
}

export class SyncCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly states = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly trusted: () => boolean,
    private readonly enabled: () => boolean,
  ) {
    // An answer is for one version of the document: an edit makes it a question again.
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.states.has(e.document.uri.toString())) this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.states.delete(d.uri.toString())),
    );
  }

  set(doc: vscode.TextDocument, state: SyncState): void {
    this.states.set(doc.uri.toString(), { version: doc.version, state });
    this.changed.fire();
  }

  /** The answer for the document as it is now. */
  get(doc: vscode.TextDocument): SyncState | undefined {
    const e = this.states.get(doc.uri.toString());
    return e && e.version === doc.version ? e.state : undefined;
  }

  /** Back to the question: the last answer no longer holds (a deploy that did not finish). */
  forget(doc: vscode.TextDocument): void {
    this.states.delete(doc.uri.toString());
    this.changed.fire();
  }

  /** Forgets every answer: the connection (profile, region, endpoint) changed. */
  clear(): void {
    this.states.clear();
    this.changed.fire();
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled() || !isSpecDocument(doc)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = ([title, command, tooltip]: LensParts) =>
      new vscode.CodeLens(top, { title, command, tooltip, arguments: [doc.uri] });
    const lenses = [lens(stateLens(this.get(doc)))];
    if (this.trusted())
      lenses.push(lens(['$(rocket) Deploy…', 'apigw.deploySpec', 'Plan, confirm and deploy this spec']));
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.states.clear();
  }
}
