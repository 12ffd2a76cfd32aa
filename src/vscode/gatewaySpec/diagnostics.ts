import * as vscode from 'vscode';
import type { ValidateResult, WireDiagnostic } from '../../core/gatewaySpec/bundle';
import { Setting, value } from '../config';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { forget, isSpecDocument } from './engine';
import type { SpecClient } from './worker';

/** Where the codes are explained: the table in the format reference (table rows have no anchors of their own). */
const CODE_DOCS = 'https://github.com/apigw-workbench/apigw-workbench/blob/main/docs/SPEC.md#diagnostics';
const UNUSED = new Set(['APIGW900', 'APIGW901', 'APIGW902']);
export const DIAGNOSTIC_SOURCE = 'apigw';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

function toRange(r: WireDiagnostic['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toDiagnostic(doc: vscode.TextDocument, d: WireDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
  diag.source = DIAGNOSTIC_SOURCE;
  diag.code = { value: d.code, target: vscode.Uri.parse(CODE_DOCS) };
  if (UNUSED.has(d.code)) diag.tags = [vscode.DiagnosticTag.Unnecessary];
  if (d.related?.length)
    diag.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(r.range)), r.message),
    );
  return diag;
}

/**
 * Validates open spec documents while the user types: the first run at once on open, then debounced by
 * `apigw.spec.validationDelay`. The engine runs in a worker (worker.ts): the extension host only sends the text and
 * turns the answer into diagnostics, and an answer for a version the user has already changed is dropped.
 */
class SpecDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('apigw');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly client: SpecClient,
    private readonly log: Logger,
  ) {}

  schedule(doc: vscode.TextDocument, immediate: boolean): void {
    if (!isSpecDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const delay = immediate ? 0 : Math.max(0, value<number>(Setting.specValidationDelay, 250, doc.uri));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(doc);
      }, delay),
    );
  }

  async run(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    try {
      const started = performance.now();
      const result = await this.client.ask<ValidateResult>(doc, { op: 'validate' });
      if (!result || doc.isClosed || doc.version !== version) return;
      this.collection.set(
        doc.uri,
        result.diagnostics.map((d) => toDiagnostic(doc, d)),
      );
      this.log.trace(
        `${vscode.workspace.asRelativePath(doc.uri)} v${version}: ${result.diagnostics.length} problem(s) in ${(performance.now() - started).toFixed(1)} ms (${result.stats.work} steps)`,
      );
    } catch (err) {
      this.log.error(`validating ${doc.uri.toString(true)} failed`, err);
    }
  }

  clear(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(doc.uri);
    this.client.close(doc.uri);
    forget(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

export function registerSpecDiagnostics(context: vscode.ExtensionContext, rt: Runtime, client: SpecClient): void {
  const diagnostics = new SpecDiagnostics(client, rt.log.child('spec'));
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument((doc) => diagnostics.schedule(doc, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) diagnostics.schedule(e.document, false);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => diagnostics.schedule(doc, true)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isSpecDocument(doc)) diagnostics.clear(doc);
    }),
    // A document whose language the user changes away from a spec language loses our diagnostics.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!isSpecDocument(doc) && diagnostics.collection.has(doc.uri)) diagnostics.clear(doc);
    }),
  );
  for (const doc of vscode.workspace.textDocuments) diagnostics.schedule(doc, true);
}
