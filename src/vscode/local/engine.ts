// The local API engine is the lazy bundle dist/local.js (src/local/bundle.ts): nothing here loads it until a spec is
// run locally or has a mapping file to check.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { HandlerRuntime, LocalMapping } from '../../local/bundle';
import type { LocalKeys } from '../capabilities/local';
import { lazyBundle } from '../lazy';

export type LocalBundle = typeof import('../../local/bundle');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const localEngine = lazyBundle(() => require('@lazy/local') as LocalBundle);

/** Local mapping files (`NAME.apigw.local.yaml|yml|json`), as a glob and as a test of a document. */
export const MAPPING_GLOB = '**/*.apigw.local.{yaml,yml,json}';

export function isMappingDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && /\.apigw\.local\.(ya?ml|json)$/i.test(doc.fileName);
}

/** The mapping file of a spec: the first of `NAME.apigw.local.yaml|yml|json` that exists, else the YAML name. */
export function mappingFileOf(specFile: string): { file: string; exists: boolean } {
  const dir = path.dirname(specFile);
  const names = localEngine()
    .mappingFileNames(path.basename(specFile))
    .map((n) => path.join(dir, n));
  const found = names.find((f) => fs.existsSync(f));
  return { file: found ?? names[0]!, exists: found !== undefined };
}

/** The mapping's text: the open document's (unsaved edits included), else the file's; undefined when there is none. */
export function mappingText(file: string, openText: (file: string) => string | undefined): string | undefined {
  const open = openText(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The parsed mapping, `{}` without a file; throws the engine's WorkbenchError for a bad file. */
export function readMapping(file: string, text: string | undefined): LocalMapping {
  return text === undefined ? {} : localEngine().parseMapping(text, path.basename(file));
}

/** The text of an open document at `file`, with unsaved edits. */
export function openText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText();
}

/**
 * The first `iam.credentials` pair of the spec's mapping file, which a local API serving the spec checks AWS_IAM
 * signatures against (whether run here or by `apigw serve`); undefined without one, or when it does not parse.
 */
export function mappingKeys(specFile: string): LocalKeys | undefined {
  const { file, exists } = mappingFileOf(specFile);
  if (!exists) return undefined;
  try {
    const first = readMapping(file, mappingText(file, openText)).iam?.credentials?.[0];
    return first && { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey };
  } catch {
    // A mapping that does not parse is reported where it is edited; the call is then signed as without one.
    return undefined;
  }
}

/**
 * The functions of the spec's mapping file, each with the runtime it runs in; none without a file or when it does
 * not parse.
 */
export function functionRuntimes(specFile: string): Array<{ name: string; runtime: HandlerRuntime }> {
  const { file, exists } = mappingFileOf(specFile);
  if (!exists) return [];
  try {
    const functions = readMapping(file, mappingText(file, openText)).functions ?? {};
    return Object.entries(functions).map(([name, f]) => ({ name, runtime: localEngine().runtimeOf(f) }));
  } catch {
    return [];
  }
}

/** The names of those of `functions` that run in `runtime`. */
export function namesIn(
  functions: Array<{ name: string; runtime: HandlerRuntime }>,
  runtime: HandlerRuntime,
): string[] {
  return functions.filter((f) => f.runtime === runtime).map((f) => f.name);
}
