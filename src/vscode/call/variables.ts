// `{{variables}}` in `.http` files: completion after `{{`, a hover that says what a variable is, where its value
// comes from and what it is (core/call/variables.ts), and Go to Definition for those the file defines. The active
// request environment is read as Send reads it (./environments.ts), only in a trusted workspace; a secret's value is
// never shown, and shown values pass the redactor.
import * as vscode from 'vscode';
import { NO_ENVIRONMENT } from '../../core/call/environments';
import { MAX_HTTP_FILE_BYTES, parseHttpFile, requestAt } from '../../core/call/httpFile';
import { describeVariable, knownVariables, variableAt, type VariableInfo } from '../../core/call/variables';
import { redact } from '../../core/redact';
import type { Runtime } from '../runtime';
import type { RequestEnvironments } from './environments';

const KINDS: Record<VariableInfo['kind'], vscode.CompletionItemKind> = {
  file: vscode.CompletionItemKind.Variable,
  environment: vscode.CompletionItemKind.Constant,
  prompt: vscode.CompletionItemKind.Value,
  request: vscode.CompletionItemKind.Reference,
  system: vscode.CompletionItemKind.Function,
  target: vscode.CompletionItemKind.Field,
};

const TITLES: Record<VariableInfo['kind'], string> = {
  file: 'file variable',
  environment: 'environment variable',
  prompt: 'asked at Send',
  request: 'a named request',
  system: 'system variable',
  target: 'Send target',
};

/** A value as the hover and the completion list show it: one line, redacted, a secret hidden. */
function shownValue(v: VariableInfo): string | undefined {
  if (v.secret) return '•••• (secret: not shown)';
  if (v.value === undefined) return undefined;
  const line = v.value.length > 200 ? `${v.value.slice(0, 200)}…` : v.value;
  return redact(line);
}

function markdown(v: VariableInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${v.name}** · ${TITLES[v.kind]} · `).appendText(v.source);
  const value = shownValue(v);
  if (value !== undefined) md.appendMarkdown('\n\n').appendCodeblock(value, 'text');
  if (v.documentation) md.appendMarkdown(`\n\n${v.documentation}`);
  return md;
}

const UNDEFINED_HINT =
  'Define it in the file (`@name = value`) or in a request environment (**Switch Request Environment…**). ' +
  "Send asks for a route's authorizer token and API key variables; any other variable without a value stops it.";

function undefinedMarkdown(name: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown('**').appendText(name).appendMarkdown('** has no value here.\n\n');
  if (name.startsWith('$processEnv') || name.startsWith('$dotenv'))
    return md.appendMarkdown('Environment and `.env` variables are not read: a request file could send them anywhere.');
  return md.appendMarkdown(UNDEFINED_HINT);
}

function completionItem(v: VariableInfo, range: vscode.Range, closed: boolean): vscode.CompletionItem {
  const item = new vscode.CompletionItem(v.name, KINDS[v.kind]);
  item.range = range;
  // A reference goes on into a JSON path or a header name; everything else is closed here.
  item.insertText = closed || v.kind === 'request' ? v.name : `${v.name}}}`;
  item.detail = shownValue(v) ?? TITLES[v.kind];
  item.documentation = markdown(v);
  // The file's and the environment's first, then prompts, the target, references and the system's.
  item.sortText = `${['file', 'environment', 'prompt', 'target', 'request', 'system'].indexOf(v.kind)}${v.name}`;
  return item;
}

/** The closed `{{…}}` at `pos` (on its opening braces too), with a name. */
function writtenAt(doc: vscode.TextDocument, pos: vscode.Position): ReturnType<typeof variableAt> {
  const text = doc.lineAt(pos.line).text;
  const at = variableAt(text, pos.character) ?? variableAt(text, pos.character + 2);
  return at?.closed && at.name ? at : undefined;
}

export class HttpVariables implements vscode.CompletionItemProvider, vscode.HoverProvider, vscode.DefinitionProvider {
  constructor(
    private readonly rt: Runtime,
    private readonly environments: RequestEnvironments,
  ) {}

  /** What the document's requests can name; the environment only in a trusted workspace, as Send reads it. */
  private async known(doc: vscode.TextDocument, line: number): Promise<VariableInfo[]> {
    const text = doc.getText();
    // Past the parser's limit (which Send refuses), what needs no file: the target and the system variables.
    const file = parseHttpFile(text.length > MAX_HTTP_FILE_BYTES ? '' : text);
    const request = requestAt(file, line);
    if (!this.rt.trust.isTrusted()) return knownVariables(file, NO_ENVIRONMENT, undefined, request);
    const env = await this.environments.variables(doc.uri).catch(() => NO_ENVIRONMENT);
    return knownVariables(file, env, this.environments.active, request);
  }

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
    const at = variableAt(doc.lineAt(pos.line).text, pos.character);
    if (!at) return [];
    const range = new vscode.Range(pos.line, at.start, pos.line, at.closed ? at.end : pos.character);
    return (await this.known(doc, pos.line)).map((v) => completionItem(v, range, at.closed));
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const at = writtenAt(doc, pos);
    if (!at) return undefined;
    const range = new vscode.Range(pos.line, at.start - 2, pos.line, at.end + 2);
    const v = describeVariable(at.name, await this.known(doc, pos.line));
    return new vscode.Hover(v ? markdown(v) : undefinedMarkdown(at.name), range);
  }

  /**
   * Go to Definition: the `@name =` line, the `# @prompt` line or the named request's line in the file; an
   * environment variable's key in the environment file or the workspace settings that give it.
   */
  async provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Location | undefined> {
    const at = writtenAt(doc, pos);
    const v = at && describeVariable(at.name, await this.known(doc, pos.line));
    if (v?.origin) return this.environments.definition(doc.uri, v.name, v.origin);
    if (v?.line === undefined) return undefined;
    const column = Math.max(0, doc.lineAt(v.line).text.indexOf(v.name.split('.')[0]!));
    return new vscode.Location(doc.uri, new vscode.Position(v.line, column));
  }
}
