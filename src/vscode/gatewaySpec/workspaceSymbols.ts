// Go to Symbol in Workspace (Ctrl+T) over the workspace's gateway specs: every route, integration, authorizer, stage…
// whose name holds the query's characters in order (matched in the worker), from each spec's whole outline (no
// `apigw.spec.outlineLimit` here): the way to a route the outline of a 3,000-route spec leaves out.
import * as vscode from 'vscode';
import type { OutlineSymbol } from '../../core/gatewaySpec/bundle';
import { workspaceSpecFiles } from '../workspaceSpecs';
import type { SpecClient } from './worker';

/** How each kind of outline item shows in VS Code's symbol lists (the outline, Go to Symbol). */
export const SYMBOL_KIND: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  api: vscode.SymbolKind.Class,
  route: vscode.SymbolKind.Method,
  integration: vscode.SymbolKind.Function,
  authorizer: vscode.SymbolKind.Key,
  stage: vscode.SymbolKind.Module,
  vpcLink: vscode.SymbolKind.Interface,
  domain: vscode.SymbolKind.Struct,
  model: vscode.SymbolKind.Object,
};

/** Matches per query at most: VS Code filters and sorts them again, and shows far fewer. */
export const WORKSPACE_SYMBOLS_MAX = 500;

function symbolInformation(doc: vscode.TextDocument, section: string, s: OutlineSymbol): vscode.SymbolInformation {
  const where = new vscode.Location(doc.uri, new vscode.Range(...s.selection));
  return new vscode.SymbolInformation(
    s.name,
    SYMBOL_KIND[s.kind],
    `${section} · ${vscode.workspace.asRelativePath(doc.uri)}`,
    where,
  );
}

async function matchesIn(client: SpecClient, uri: vscode.Uri, query: string): Promise<vscode.SymbolInformation[]> {
  const doc = await vscode.workspace.openTextDocument(uri);
  // The worker matches: only the matching items reach the host, per keystroke of the query.
  const sections = (await client.outline(doc, { match: query })) ?? [];
  return sections.flatMap((section) => section.children.map((item) => symbolInformation(doc, section.name, item)));
}

export function workspaceSymbolProvider(client: SpecClient): vscode.WorkspaceSymbolProvider {
  return {
    async provideWorkspaceSymbols(query, token) {
      const out: vscode.SymbolInformation[] = [];
      for (const uri of await workspaceSpecFiles()) {
        if (token.isCancellationRequested || out.length >= WORKSPACE_SYMBOLS_MAX) break;
        out.push(...(await matchesIn(client, uri, query)));
      }
      return out.slice(0, WORKSPACE_SYMBOLS_MAX);
    },
  };
}
