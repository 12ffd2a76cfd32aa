// A `.http` file's problems as diagnostics (src/core/call/problems.ts: lines the parser cannot read, unknown system
// variables, `$processEnv`/`$dotenv`, request variables naming no request), checked as the file is written, in
// trusted and untrusted workspaces alike (nothing is read but the document); a quick fix writes the name meant.
import * as vscode from 'vscode';
import { MAX_HTTP_FILE_BYTES, parseHttpFile } from '../../core/call/httpFile';
import { httpFileProblems, type HttpFileProblem } from '../../core/call/problems';
import { DocumentChecks } from '../documentChecks';
import type { Logger } from '../log';
import { HTTP_SELECTOR } from './codeLens';

export const HTTP_PROBLEMS_SOURCE = 'apigw-http';

function rangeOf(p: HttpFileProblem): vscode.Range {
  return new vscode.Range(p.line, p.start, p.line, p.end);
}

function diagnosticsOf(p: HttpFileProblem): vscode.Diagnostic[] {
  const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(rangeOf(p), p.message, severity);
  d.source = HTTP_PROBLEMS_SOURCE;
  return [d];
}

/** The problems of a request file the parser reads (past its limit, which Send refuses with its own message: none). */
function findProblems(doc: vscode.TextDocument): HttpFileProblem[] {
  const text = doc.getText();
  return text.length > MAX_HTTP_FILE_BYTES ? [] : httpFileProblems(parseHttpFile(text));
}

export class HttpFileProblems implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly checks: DocumentChecks<HttpFileProblem>;
  private readonly disposables: vscode.Disposable[];

  constructor(log: Logger) {
    this.checks = new DocumentChecks(
      {
        name: HTTP_PROBLEMS_SOURCE,
        applies: (doc) => vscode.languages.match(HTTP_SELECTOR, doc) > 0,
        find: findProblems,
        diagnostics: diagnosticsOf,
      },
      log,
    );
    this.disposables = [this.checks, ...this.checks.followDocuments()];
    this.checks.all();
  }

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ours = ctx.diagnostics.filter((d) => d.source === HTTP_PROBLEMS_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const p of this.checks.findings(doc.uri)) {
      const diagnostic = p.replacement && ours.find((d) => d.range.isEqual(rangeOf(p)));
      if (!diagnostic) continue;
      const action = new vscode.CodeAction(`Change to '${p.replacement}'`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, rangeOf(p), p.replacement!);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
