// The findings of a check of each document of some kind and their diagnostics, the check run 300 ms after the
// document's last open or change (one timer per document), as the checks that are not the spec's have them: a
// spec's unmapped functions (local/unmapped.ts), a mapping file's missing paths (local/mappingProblems.ts) and a
// request file's problems (call/problems.ts). Their quick fixes read the findings back.
import * as vscode from 'vscode';
import type { Logger } from './log';

export interface DocumentCheck<T> {
  /** The diagnostic collection's name. */
  name: string;
  applies(doc: vscode.TextDocument): boolean;
  /** Throws when the document cannot be checked now (a bad mapping file): it then has no findings. */
  find(doc: vscode.TextDocument): T[];
  diagnostics(finding: T): vscode.Diagnostic[];
}

export class DocumentChecks<T> implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly found = new Map<string, T[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly check: DocumentCheck<T>,
    private readonly log: Logger,
  ) {
    this.collection = vscode.languages.createDiagnosticCollection(check.name);
  }

  /** Every open document it applies to. */
  all(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  schedule(doc: vscode.TextDocument): void {
    if (!this.check.applies(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.run(doc);
      }, 300),
    );
  }

  /** Checks a document when it opens or changes, and forgets it when it closes. */
  followDocuments(): vscode.Disposable[] {
    return [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    ];
  }

  findings(uri: vscode.Uri): readonly T[] {
    return this.found.get(uri.toString()) ?? [];
  }

  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.found.delete(uri.toString());
  }

  private run(doc: vscode.TextDocument): void {
    if (doc.isClosed) return this.forget(doc.uri);
    try {
      const findings = this.check.find(doc);
      this.found.set(doc.uri.toString(), findings);
      this.collection.set(
        doc.uri,
        findings.flatMap((f) => this.check.diagnostics(f)),
      );
    } catch (err) {
      this.log.debug(`${this.check.name}: ${doc.uri.fsPath} not checked: ${String(err)}`);
      this.forget(doc.uri);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}
