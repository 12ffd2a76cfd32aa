// The workspace's gateway specs, reduced to what protection needs (the API's name, each stage's `protected` and
// `autoDeploy`): read by promotion before it plans, and by the explorer once per refresh.
import * as vscode from 'vscode';
import { specFacts } from '../core/promote/protection';
import { spec } from './gatewaySpec/engine';
import type { SpecFacts } from './protection';

/** Gateway spec files (the languages' file patterns in package.json). */
export const SPEC_GLOB = '**/*.apigw.{json,jsonc,yaml,yml}';

/**
 * The workspace's spec files in path order (at most 200, node_modules left out): the same answer every time, where
 * VS Code's search returns them in whatever order it finds them (two specs for one API: the first one speaks).
 */
export async function workspaceSpecFiles(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(SPEC_GLOB, '**/node_modules/**', 200);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function readFacts(uri: vscode.Uri): Promise<SpecFacts | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const engine = spec();
  const doc = new engine.SpecDocument(text.replace(/^\uFEFF/, ''), engine.formatOf(uri.path));
  return specFacts(vscode.workspace.asRelativePath(uri), doc.value);
}

export async function workspaceSpecFacts(): Promise<SpecFacts[]> {
  const files = await workspaceSpecFiles();
  const out: SpecFacts[] = [];
  for (const uri of files) {
    try {
      const facts = await readFacts(uri);
      if (facts) out.push(facts);
    } catch {
      // An unreadable file protects nothing; the spec's own diagnostics say what is wrong with it.
    }
  }
  return out;
}
