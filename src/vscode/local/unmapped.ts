// Lambda functions of a spec that have no handler in its local mapping file: an information diagnostic on each ARN
// that names one (only when the mapping file exists, or once the spec has been run locally), and a quick fix that
// writes a mapping entry, guessing the handler from the workspace when exactly one file has the function's name.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { enclosedParts } from '../../core/text';
import { LOCAL_AWS } from '../../core/gatewaySpec/model';
import { isSpecDocument, spec as specEngine, specValidation } from '../gatewaySpec/engine';
import type { Logger } from '../log';
import { nearestFile } from '../nearestFile';
import type { FunctionMapping, SamTemplate, UnmappedFunction } from '../../local/bundle';
import { DocumentChecks } from '../documentChecks';
import {
  isMappingDocument,
  localEngine,
  MAPPING_GLOB,
  mappingFileOf,
  mappingText,
  openText,
  readMapping,
} from './engine';
import type { LocalFeature } from './feature';

export const UNMAPPED_SOURCE = 'apigw-local';
export const UNMAPPED_CODE = 'unmapped-function';

interface Finding {
  readonly fn: UnmappedFunction;
  readonly mappingFile: string;
}

export class UnmappedFunctions implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly checks: DocumentChecks<Finding>;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly local: LocalFeature,
    log: Logger,
  ) {
    // A bad mapping file is reported when the spec runs (the engine's message names the field): nothing to mark here.
    this.checks = new DocumentChecks(
      {
        name: UNMAPPED_SOURCE,
        applies: (doc) => isSpecDocument(doc) && doc.uri.scheme === 'file',
        find: (doc) => this.findings(doc),
        diagnostics: diagnosticsOf,
      },
      log,
    );
    const watcher = vscode.workspace.createFileSystemWatcher(MAPPING_GLOB);
    const again = () => this.checkAll();
    this.disposables = [
      this.checks,
      watcher,
      watcher.onDidCreate(again),
      watcher.onDidChange(again),
      watcher.onDidDelete(again),
      local.onDidChange(again),
      vscode.workspace.onDidOpenTextDocument((d) => this.checks.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) =>
        isMappingDocument(e.document) ? again() : this.checks.schedule(e.document),
      ),
      vscode.workspace.onDidCloseTextDocument((d) => this.checks.forget(d.uri)),
    ];
    this.checkAll();
  }

  /** The diagnostics of a document now (tests read them through VS Code's API too). */
  checkAll(): void {
    this.checks.all();
  }

  private findings(doc: vscode.TextDocument): Finding[] {
    const ran = this.local.lastStage(doc.uri.fsPath);
    // Cheap before the engine loads: most specs have no mapping file and have never run.
    if (ran === undefined && !mayHaveMapping(doc.uri.fsPath)) return [];
    const { file, exists } = mappingFileOf(doc.uri.fsPath);
    if (!exists && ran === undefined) return [];
    const v = specValidation(doc);
    if (!v.valid || !v.model) return [];
    const mapping = readMapping(file, mappingText(file, openText));
    const spec = specEngine().resolveSpec(v.model, LOCAL_AWS);
    const stages = Object.keys(spec.stages ?? {});
    const stage = ran ?? (stages.includes('$default') ? '$default' : stages[0]);
    const vars = { ...(stage ? spec.stages?.[stage]?.variables : {}), ...mapping.stageVariables };
    return localEngine()
      .unmappedFunctions(spec, mapping, vars, v.document)
      .filter((fn) => !mapping.functions?.[fn.name]?.proxy)
      .map((fn) => ({ fn, mappingFile: file }));
  }

  async provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const ours = ctx.diagnostics.filter((d) => d.source === UNMAPPED_SOURCE);
    const findings = this.checks.findings(doc.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diag of ours) {
      const f = findings.find((x) => x.fn.name === diagnosticName(diag));
      const action = f && (await mappingAction(f, diag));
      if (action) actions.push(action);
    }
    return actions;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Whether a file beside the spec could be its mapping (`orders.apigw.local.*` beside `orders.apigw.yaml`). */
function mayHaveMapping(specFile: string): boolean {
  const base = path.basename(specFile).replace(/\.apigw\.[^.]+$/i, '');
  try {
    return fs.readdirSync(path.dirname(specFile)).some((n) => n.startsWith(`${base}.apigw.local.`));
  } catch {
    return false;
  }
}

function diagnosticName(d: vscode.Diagnostic): string | undefined {
  return /"([^"]+)"/.exec(d.message)?.[1];
}

function diagnosticsOf(f: Finding): vscode.Diagnostic[] {
  const file = path.basename(f.mappingFile);
  return f.fn.ranges.map((r) => {
    const d = new vscode.Diagnostic(
      new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
      `No local handler for the Lambda function "${f.fn.name}": add it to ${file} to run it locally (until then its routes answer 500).`,
      vscode.DiagnosticSeverity.Information,
    );
    d.source = UNMAPPED_SOURCE;
    d.code = UNMAPPED_CODE;
    return d;
  });
}

/** Handler files are read this far for their exports: past it, `handler` is written. */
const MAX_HANDLER_BYTES = 1024 * 1024;

/** The export the file offers (core's handlerExportOf), or `handler` when the file cannot be read. */
async function exportIn(file: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(file).then(
    (b) => b,
    () => undefined,
  );
  if (!bytes || bytes.length > MAX_HANDLER_BYTES) return 'handler';
  return localEngine().handlerExportOf(new TextDecoder().decode(bytes), file.path.endsWith('.py'));
}

/**
 * The handler to write: the one workspace file named like the function (or its name without the stage part), with
 * the export it has (`lambda_handler`, say).
 */
async function guessHandler(f: Finding): Promise<string> {
  const names = [...new Set([f.fn.name, withoutVariables(f.fn.template)])].filter(Boolean);
  const dir = path.dirname(f.mappingFile);
  for (const name of names) {
    const files = await vscode.workspace.findFiles(`**/${name}.{ts,mts,js,mjs,cjs,py}`, '**/node_modules/**', 2);
    if (files.length === 1) {
      return `${path.relative(dir, files[0]!.fsPath).split(path.sep).join('/')}#${await exportIn(files[0]!)}`;
    }
  }
  return `src/${names[names.length - 1] ?? f.fn.name}.ts#handler`;
}

/**
 * SAM templates are read this far, on the host thread (once per change of the file; tens of milliseconds at the
 * limit, a template of a thousand functions); past it, the function is mapped from its file name.
 */
const MAX_TEMPLATE_BYTES = 128 * 1024;

/** The template last read, kept while its file is unchanged: code actions are asked for again and again. */
let lastTemplate: { file: string; stamp: string; read: SamTemplate | undefined } | undefined;

function readTemplate(file: string): SamTemplate | undefined {
  const stat = fs.statSync(file);
  if (stat.size > MAX_TEMPLATE_BYTES) return undefined;
  const stamp = `${stat.mtimeMs}:${stat.size}`;
  if (lastTemplate?.file !== file || lastTemplate.stamp !== stamp)
    lastTemplate = { file, stamp, read: localEngine().readSamTemplate(fs.readFileSync(file, 'utf8')) };
  return lastTemplate.read;
}

/**
 * The function as the project's SAM template defines it (core's samFunctionMapping), with where it came from: the
 * nearest template from the spec's folder up to its workspace folder.
 */
async function fromSamTemplate(f: Finding): Promise<{ entry: FunctionMapping; from: string } | undefined> {
  const dir = path.dirname(f.mappingFile);
  const template = (await nearestFile(vscode.Uri.file(dir), localEngine().SAM_TEMPLATES))?.fsPath;
  const read = template && readTemplate(template);
  if (!template || !read) return undefined;
  const base = path.relative(dir, path.dirname(template)).split(path.sep).join('/');
  const ctx = { base, exists: (p: string) => fs.existsSync(path.join(dir, p)) };
  for (const name of [...new Set([f.fn.name, withoutVariables(f.fn.template)])].filter(Boolean)) {
    const found = localEngine().samFunctionMapping(read, name, ctx);
    if (found) return { entry: found.mapping, from: `${path.basename(template)} (${found.logicalId})` };
  }
  return undefined;
}

/** The entry to write and the words of the fix: from the SAM template, else the file named like the function. */
async function entryFor(f: Finding): Promise<{ entry: string | FunctionMapping; title: string }> {
  const sam = await fromSamTemplate(f);
  if (sam) return { entry: sam.entry, title: `Map "${f.fn.name}" from ${sam.from}` };
  const handler = await guessHandler(f);
  return { entry: handler, title: `Map "${f.fn.name}" to ${handler}` };
}

/** The quick fix; none when the mapping file cannot take the entry (it does not parse: its own diagnostic says why). */
async function mappingAction(f: Finding, diag: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
  const { entry, title } = await entryFor(f);
  const uri = vscode.Uri.file(f.mappingFile);
  const file = path.basename(f.mappingFile);
  const edit = new vscode.WorkspaceEdit();
  const text = mappingText(f.mappingFile, openText);
  if (text === undefined) {
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), localEngine().mappingSnippet(f.fn.name, entry));
  } else {
    const edits = localEngine().addFunctionMapping(text, f.fn.name, entry, file.endsWith('.json'));
    if (edits.length === 0) return undefined;
    const doc = await vscode.workspace.openTextDocument(uri);
    for (const e of edits)
      edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
  }
  const action = new vscode.CodeAction(`${title} in ${file}`, vscode.CodeActionKind.QuickFix);
  action.edit = edit;
  action.diagnostics = [diag];
  action.isPreferred = true;
  return action;
}

/** A function name template without its `${…}` parts and the `-`, `_` or `.` before each (`orders-${stage}` → `orders`). */
function withoutVariables(template: string): string {
  let out = '';
  let last = 0;
  for (const part of enclosedParts(template, '${', '}')) {
    const before = template.slice(last, part.start);
    out += /[-_.]$/.test(before) ? before.slice(0, -1) : before;
    last = part.end;
  }
  return out + template.slice(last);
}
