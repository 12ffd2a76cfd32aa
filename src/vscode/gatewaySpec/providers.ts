import * as vscode from 'vscode';
import type { CompletionItem, OutlineSymbol, SpecDocument, TextEdit } from '../../core/gatewaySpec/bundle';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { SPEC_SELECTOR, spec, specDocument, specValidation, toRange } from './engine';

const COMPLETION_KIND: Record<CompletionItem['kind'], vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
  routeKey: vscode.CompletionItemKind.Method,
  snippet: vscode.CompletionItemKind.Snippet,
};

const SYMBOL_KIND: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  api: vscode.SymbolKind.Class,
  route: vscode.SymbolKind.Method,
  integration: vscode.SymbolKind.Function,
  authorizer: vscode.SymbolKind.Key,
  stage: vscode.SymbolKind.Module,
  vpcLink: vscode.SymbolKind.Interface,
  domain: vscode.SymbolKind.Struct,
};

function toWorkspaceEdit(doc: vscode.TextDocument, sd: SpecDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, toRange(sd, e.offset, e.length), e.newText);
  return we;
}

function toSymbol(sd: SpecDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = toRange(sd, s.offset, s.length);
  const selection = toRange(sd, s.selectionOffset, s.selectionLength);
  const sym = new vscode.DocumentSymbol(
    s.name || ' ',
    s.detail,
    SYMBOL_KIND[s.kind],
    range.contains(selection) ? range : selection,
    selection,
  );
  sym.children = s.children.map((c) => toSymbol(sd, c));
  return sym;
}

/** Completion, hover, definition, references, rename, outline and quick fixes for spec documents. */
export function registerSpecProviders(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      SPEC_SELECTOR,
      {
        provideCompletionItems(doc, position) {
          const sd = specDocument(doc);
          return spec()
            .completions(sd, doc.offsetAt(position))
            .map((c) => {
              const item = new vscode.CompletionItem(c.label, COMPLETION_KIND[c.kind]);
              item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
              item.range = toRange(sd, c.replace.offset, c.replace.length);
              if (c.detail) item.detail = c.detail;
              if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
              if (c.filterText) item.filterText = c.filterText;
              if (c.sortText) item.sortText = c.sortText;
              return item;
            });
        },
      },
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(SPEC_SELECTOR, {
      provideHover(doc, position) {
        const sd = specDocument(doc);
        const h = spec().hover(sd, doc.offsetAt(position));
        return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(sd, h.offset, h.length)) : undefined;
      },
    }),
    vscode.languages.registerDefinitionProvider(SPEC_SELECTOR, {
      provideDefinition(doc, position) {
        const sd = specDocument(doc);
        const d = spec().definition(sd, doc.offsetAt(position));
        return d ? new vscode.Location(doc.uri, toRange(sd, d.offset, d.length)) : undefined;
      },
    }),
    vscode.languages.registerReferenceProvider(SPEC_SELECTOR, {
      provideReferences(doc, position, ctx) {
        const sd = specDocument(doc);
        return spec()
          .references(sd, doc.offsetAt(position), ctx.includeDeclaration)
          .map((r) => new vscode.Location(doc.uri, toRange(sd, r.offset, r.length)));
      },
    }),
    vscode.languages.registerRenameProvider(SPEC_SELECTOR, {
      prepareRename(doc, position) {
        const sd = specDocument(doc);
        const r = spec().prepareRename(sd, doc.offsetAt(position));
        if ('error' in r) throw new Error(r.error);
        return { range: toRange(sd, r.offset, r.length), placeholder: r.placeholder };
      },
      provideRenameEdits(doc, position, newName) {
        const sd = specDocument(doc);
        const edits = spec().rename(sd, doc.offsetAt(position), newName);
        if ('error' in edits) throw new Error(edits.error);
        return toWorkspaceEdit(doc, sd, edits);
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      SPEC_SELECTOR,
      {
        provideDocumentSymbols(doc) {
          const sd = specDocument(doc);
          return spec()
            .documentSymbols(sd)
            .map((s) => toSymbol(sd, s));
        },
      },
      { label: 'Gateway spec' },
    ),
    vscode.languages.registerCodeActionsProvider(
      SPEC_SELECTOR,
      {
        provideCodeActions(doc, _range, ctx) {
          const ours = ctx.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
          if (ours.length === 0) return [];
          // Fixes carry offsets into the validated text: use the validation of exactly this version.
          const result = specValidation(doc);
          const actions: vscode.CodeAction[] = [];
          for (const diag of ours) {
            const code = typeof diag.code === 'object' ? diag.code.value : diag.code;
            const match = result.diagnostics.find(
              (d) => d.code === code && toRange(result.document, d.offset, d.length).isEqual(diag.range),
            );
            for (const fix of match?.fixes ?? []) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.edit = toWorkspaceEdit(doc, result.document, fix.edits);
              action.diagnostics = [diag];
              action.isPreferred = fix.preferred ?? false;
              actions.push(action);
            }
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
