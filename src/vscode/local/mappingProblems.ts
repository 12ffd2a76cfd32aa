// Paths a local mapping file names that are not there (core/local/mappingPaths.ts): a warning on each one where it is
// written, so a misspelt handler file is seen while the file is edited rather than when the function first runs,
// and a quick fix that creates a missing handler file (a proxy-integration skeleton with the mapping's export) or env
// file. Checked as a mapping document opens or changes and as files are created, deleted or renamed in the editor.
// The engine is the lazy `local` bundle, loaded by the first mapping file opened.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MappingPathProblem } from '../../local/bundle';
import type { Logger } from '../log';
import { DocumentChecks } from '../documentChecks';
import { isMappingDocument, localEngine, MAPPING_GLOB } from './engine';
import { UNMAPPED_SOURCE } from './unmapped';

export const MISSING_PATH_CODE = 'missing-path';
export const MAPPING_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: MAPPING_GLOB };
const ENV_FILE_TEXT =
  '# KEY=value lines for the local handlers (docs/LOCAL.md); keep this file out of version control.\n';

/** What is at `relative` from `dir`: a file, a folder, or nothing. */
function kindAt(dir: string, relative: string): 'file' | 'folder' | undefined {
  try {
    return fs.statSync(path.resolve(dir, relative)).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}

/** The missing paths of a mapping document (core/local/mappingPaths.ts, through the lazy engine). */
function missingPaths(doc: vscode.TextDocument): MappingPathProblem[] {
  const dir = path.dirname(doc.uri.fsPath);
  return localEngine().mappingPathProblems(doc.getText(), doc.fileName, (p) => kindAt(dir, p));
}

export class MappingProblems implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly checks: DocumentChecks<MappingPathProblem>;
  private readonly disposables: vscode.Disposable[];

  constructor(log: Logger) {
    this.checks = new DocumentChecks(
      {
        name: `${UNMAPPED_SOURCE}-paths`,
        applies: isMappingDocument,
        find: missingPaths,
        diagnostics: (p) => [toDiagnostic(p)],
      },
      log,
    );
    const all = () => this.checks.all();
    this.disposables = [
      this.checks,
      ...this.checks.followDocuments(),
      vscode.workspace.onDidCreateFiles(all),
      vscode.workspace.onDidDeleteFiles(all),
      vscode.workspace.onDidRenameFiles(all),
    ];
    this.checks.all();
  }

  /** Create the missing handler or env file a warning names. */
  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const problems = this.checks.findings(doc.uri);
    const actions: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics.filter((x) => x.code === MISSING_PATH_CODE)) {
      const p = problems.find((x) => toDiagnostic(x).range.isEqual(d.range));
      const action = p && createFileAction(doc, p, d);
      if (action) actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The quick fix that creates the file a missing-path warning names: a handler skeleton or an empty env file. */
function createFileAction(
  doc: vscode.TextDocument,
  p: MappingPathProblem,
  diagnostic: vscode.Diagnostic,
): vscode.CodeAction | undefined {
  if (p.what !== 'handler file' && p.what !== 'env file') return undefined;
  const target = vscode.Uri.file(path.resolve(path.dirname(doc.uri.fsPath), p.path));
  const engine = localEngine();
  const text =
    p.what === 'env file'
      ? ENV_FILE_TEXT
      : engine.handlerSkeleton(p.path, p.exportName ?? 'handler', engine.moduleFormat(target.fsPath));
  const action = new vscode.CodeAction(`Create ${p.path}`, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  // An empty file then its text as an edit: file contents in the edit itself do not survive being passed through
  // the code action API (VS Code cannot revive them), text edits do.
  action.edit.createFile(target, { ignoreIfExists: true });
  action.edit.insert(target, new vscode.Position(0, 0), text);
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}

function toDiagnostic(p: MappingPathProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
  const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Warning);
  d.source = UNMAPPED_SOURCE;
  d.code = MISSING_PATH_CODE;
  return d;
}
