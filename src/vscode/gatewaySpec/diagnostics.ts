import * as vscode from 'vscode';
import type { SpecDiagnostic, SpecDocument } from '../../core/gatewaySpec/bundle';
import { Setting, value } from '../config';
import type { Runtime } from '../runtime';
import { forget, formatFor, isSpecDocument, rememberValidation, spec, toRange } from './engine';

/** Where the codes are explained: the table in the format reference (table rows have no anchors of their own). */
const CODE_DOCS = 'https://github.com/apigw-workbench/apigw-workbench/blob/main/docs/SPEC.md#diagnostics';
const UNUSED = new Set(['APIGW900', 'APIGW901', 'APIGW902']);
export const DIAGNOSTIC_SOURCE = 'apigw';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(doc: vscode.TextDocument, sd: SpecDocument, d: SpecDiagnostic): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(sd, d.offset, d.length), d.message, SEVERITY[d.severity]);
  diag.source = DIAGNOSTIC_SOURCE;
  diag.code = { value: d.code, target: vscode.Uri.parse(CODE_DOCS) };
  if (UNUSED.has(d.code)) diag.tags = [vscode.DiagnosticTag.Unnecessary];
  if (d.related?.length)
    diag.relatedInformation = d.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(doc.uri, toRange(sd, r.offset, r.length)),
          r.message,
        ),
    );
  return diag;
}

/**
 * Validates open spec documents while the user types: the first run at once on open, then debounced by
 * `apigw.spec.validationDelay`. A run yields between its phases and is dropped as soon as a newer edit arrives, so a
 * stale result never replaces a newer one and the extension host never sits on outdated work.
 */
export function registerSpecDiagnostics(context: vscode.ExtensionContext, rt: Runtime): vscode.DiagnosticCollection {
  const log = rt.log.child('spec');
  const collection = vscode.languages.createDiagnosticCollection('apigw');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const generation = new Map<string, number>();

  const run = async (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    const version = doc.version;
    const stale = () => generation.get(key) !== gen || doc.isClosed || doc.version !== version;
    try {
      const started = performance.now();
      const engine = spec();
      const result = await engine.validateSpecAsync(doc.getText(), { format: formatFor(doc) }, stale);
      if (stale()) return;
      rememberValidation(doc, version, result);
      collection.set(
        doc.uri,
        result.diagnostics.map((d) => toDiagnostic(doc, result.document, d)),
      );
      log.trace(
        `${vscode.workspace.asRelativePath(doc.uri)} v${version}: ${result.diagnostics.length} problem(s) in ${(performance.now() - started).toFixed(1)} ms`,
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'Canceled') return;
      log.error(`validating ${doc.uri.toString(true)} failed`, err);
    }
  };

  const schedule = (doc: vscode.TextDocument, immediate: boolean) => {
    if (!isSpecDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    // A newer edit makes any run in flight stale at once.
    generation.set(key, (generation.get(key) ?? 0) + 1);
    const delay = immediate ? 0 : Math.max(0, value<number>(Setting.specValidationDelay, 250, doc.uri));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void run(doc);
      }, delay),
    );
  };

  const clear = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    generation.delete(key);
    collection.delete(doc.uri);
    forget(doc.uri);
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((doc) => schedule(doc, true)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) schedule(e.document, false);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isSpecDocument(doc)) clear(doc);
    }),
    // A document whose language the user changes away from a spec language loses our diagnostics.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!isSpecDocument(doc) && collection.has(doc.uri)) clear(doc);
    }),
    {
      dispose: () => {
        for (const t of timers.values()) clearTimeout(t);
      },
    },
  );
  for (const doc of vscode.workspace.textDocuments) schedule(doc, true);
  return collection;
}
