import * as vscode from 'vscode';
import type {
  CompletionItem,
  CompletionList,
  OutlineSymbol,
  QuickFix,
  TextEdit,
  WireDiagnostic,
} from '../../core/gatewaySpec/bundle';
import { WorkbenchError } from '../../core/errors';
import * as config from '../config';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { rangeIn, SPEC_SELECTOR } from './engine';
import type { SpecClient } from './worker';
import { SYMBOL_KIND, workspaceSymbolProvider } from './workspaceSymbols';

// The editor features of spec documents, each a thin conversion around one question to the engine (worker.ts): the
// engine answers in offsets of the version asked about, converted here with the document's own positionAt().

const COMPLETION_KIND: Record<CompletionItem['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
  routeKey: vscode.CompletionItemKind.Method,
  snippet: vscode.CompletionItemKind.Snippet,
  variable: vscode.CompletionItemKind.Variable,
};

function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, rangeIn(doc, e.offset, e.length), e.newText);
  return we;
}

function toSymbol(s: OutlineSymbol): vscode.DocumentSymbol {
  const range = new vscode.Range(...s.range);
  const selection = new vscode.Range(...s.selection);
  const sym = new vscode.DocumentSymbol(
    s.name || ' ',
    s.detail,
    SYMBOL_KIND[s.kind],
    range.contains(selection) ? range : selection,
    selection,
  );
  sym.children = s.children.map(toSymbol);
  return sym;
}

function toCompletionItem(doc: vscode.TextDocument, c: CompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, COMPLETION_KIND[c.kind]);
  item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  item.range = rangeIn(doc, c.replace.offset, c.replace.length);
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.filterText) item.filterText = c.filterText;
  if (c.sortText) item.sortText = c.sortText;
  return item;
}

/** Hover Markdown: the engine has made spec text inert (service.ts); nothing in it runs or loads. */
function hoverMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/**
 * The engine's list as VS Code's: a list cut to its best names (a 3,000-route spec's route keys) is incomplete, so
 * VS Code asks again as the user types instead of filtering a partial list.
 */
function completionProvider(client: SpecClient): vscode.CompletionItemProvider {
  return {
    async provideCompletionItems(doc, position, _token, ctx) {
      const list = await client.ask<CompletionList>(doc, { op: 'completions', offset: doc.offsetAt(position) });
      if (!list) return undefined;
      // `$`, `{` and `.` ask for a string's variables only, not for keys or values wherever one is typed.
      const variablesOnly = ['$', '{', '.'].includes(ctx.triggerCharacter ?? '');
      const items = list.items
        .filter((c) => !variablesOnly || c.kind === 'variable')
        .map((c) => toCompletionItem(doc, c));
      return new vscode.CompletionList(items, list.isIncomplete);
    },
  };
}

function hoverProvider(client: SpecClient): vscode.HoverProvider {
  return {
    async provideHover(doc, position) {
      const h = await client.ask<{ markdown: string; offset: number; length: number } | null>(doc, {
        op: 'hover',
        offset: doc.offsetAt(position),
      });
      return h ? new vscode.Hover(hoverMarkdown(h.markdown), rangeIn(doc, h.offset, h.length)) : undefined;
    },
  };
}

function navigationProviders(client: SpecClient): vscode.DefinitionProvider & vscode.ReferenceProvider {
  return {
    async provideDefinition(doc, position) {
      const d = await client.ask<{ offset: number; length: number } | null>(doc, {
        op: 'definition',
        offset: doc.offsetAt(position),
      });
      return d ? new vscode.Location(doc.uri, rangeIn(doc, d.offset, d.length)) : undefined;
    },
    async provideReferences(doc, position, ctx) {
      const refs = await client.ask<Array<{ offset: number; length: number }>>(doc, {
        op: 'references',
        offset: doc.offsetAt(position),
        includeDeclaration: ctx.includeDeclaration,
      });
      return refs?.map((r) => new vscode.Location(doc.uri, rangeIn(doc, r.offset, r.length)));
    },
  };
}

function renameProvider(client: SpecClient): vscode.RenameProvider {
  return {
    async prepareRename(doc, position) {
      const r = await client.ask<{ offset: number; length: number; placeholder: string } | { error: string }>(doc, {
        op: 'prepareRename',
        offset: doc.offsetAt(position),
      });
      if (!r) return undefined;
      if ('error' in r) throw new WorkbenchError('InvalidSpec', r.error);
      return { range: rangeIn(doc, r.offset, r.length), placeholder: r.placeholder };
    },
    async provideRenameEdits(doc, position, newName) {
      const edits = await client.ask<TextEdit[] | { error: string }>(doc, {
        op: 'rename',
        offset: doc.offsetAt(position),
        newName,
      });
      if (!edits) return undefined;
      if ('error' in edits) throw new WorkbenchError('InvalidSpec', edits.error);
      return toWorkspaceEdit(doc, edits);
    },
  };
}

function symbolProvider(client: SpecClient): vscode.DocumentSymbolProvider {
  return {
    async provideDocumentSymbols(doc) {
      const symbols = await client.outline(doc, {
        limit: config.value<number>(config.Setting.specOutlineLimit, 300, doc),
      });
      return symbols?.map(toSymbol);
    },
  };
}

/** Quick fixes: asked of the engine for the diagnostics in the request, built only then (server.ts). */
function codeActionProvider(client: SpecClient): vscode.CodeActionProvider {
  return {
    async provideCodeActions(doc, _range, ctx) {
      const ours = ctx.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length === 0) return [];
      const keys = ours.map((d) => {
        const offset = doc.offsetAt(d.range.start);
        const code = String(typeof d.code === 'object' ? d.code.value : d.code) as WireDiagnostic['code'];
        return { code, offset, length: doc.offsetAt(d.range.end) - offset };
      });
      const fixes = await client.ask<QuickFix[][]>(doc, { op: 'fixes', diagnostics: keys });
      const actions: vscode.CodeAction[] = [];
      fixes?.forEach((list, i) => {
        for (const fix of list) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(doc, fix.edits);
          action.diagnostics = [ours[i]!];
          action.isPreferred = fix.preferred ?? false;
          actions.push(action);
        }
      });
      return actions;
    },
  };
}

/** Completion, hover, definition, references, rename, outline, workspace symbols and quick fixes for spec documents. */
export function registerSpecProviders(context: vscode.ExtensionContext, client: SpecClient): void {
  const navigation = navigationProviders(client);
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(SPEC_SELECTOR, completionProvider(client), '"', ':', '$', '{', '.'),
    vscode.languages.registerHoverProvider(SPEC_SELECTOR, hoverProvider(client)),
    vscode.languages.registerDefinitionProvider(SPEC_SELECTOR, navigation),
    vscode.languages.registerReferenceProvider(SPEC_SELECTOR, navigation),
    vscode.languages.registerRenameProvider(SPEC_SELECTOR, renameProvider(client)),
    vscode.languages.registerDocumentSymbolProvider(SPEC_SELECTOR, symbolProvider(client), { label: 'Gateway spec' }),
    vscode.languages.registerWorkspaceSymbolProvider(workspaceSymbolProvider(client)),
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, codeActionProvider(client), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}
