// Paths a local mapping file names that are not there (core/local/mappingPaths.ts): a warning on each one where it is
// written, so a misspelt handler file is seen while the file is edited rather than when the function first runs.
// Checked as a mapping document opens or changes and as files are created, deleted or renamed in the editor; reads
// only, so in Restricted Mode too. The engine is the lazy `local` bundle, loaded by the first mapping file opened.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MappingPathProblem } from '../../local/bundle';
import type { Logger } from '../log';
import { localEngine } from './engine';
import { UNMAPPED_SOURCE } from './unmapped';

export const MISSING_PATH_CODE = 'missing-path';

function isMappingDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && /\.apigw\.local\.(ya?ml|json)$/i.test(doc.fileName);
}

/** What is at `relative` from `dir`: a file, a folder, or nothing. */
function kindAt(dir: string, relative: string): 'file' | 'folder' | undefined {
  try {
    return fs.statSync(path.resolve(dir, relative)).isDirectory() ? 'folder' : 'file';
  } catch {
    return undefined;
  }
}

export class MappingProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(`${UNMAPPED_SOURCE}-paths`);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: Logger) {
    const all = () => this.checkAll();
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidCreateFiles(all),
      vscode.workspace.onDidDeleteFiles(all),
      vscode.workspace.onDidRenameFiles(all),
    ];
    this.checkAll();
  }

  checkAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isMappingDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc);
      }, 300),
    );
  }

  private check(doc: vscode.TextDocument): void {
    if (doc.isClosed) return this.collection.delete(doc.uri);
    const dir = path.dirname(doc.uri.fsPath);
    try {
      const problems = localEngine().mappingPathProblems(doc.getText(), doc.fileName, (p) => kindAt(dir, p));
      this.collection.set(doc.uri, problems.map(toDiagnostic));
    } catch (err) {
      this.log.debug(`paths of ${doc.uri.fsPath} not checked: ${String(err)}`);
      this.collection.delete(doc.uri);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(p: MappingPathProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
  const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Warning);
  d.source = UNMAPPED_SOURCE;
  d.code = MISSING_PATH_CODE;
  return d;
}
