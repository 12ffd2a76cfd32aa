import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SpecFormat, SpecInput, SpecValidation } from '../../core/gatewaySpec/bundle';
import { lazyBundle } from '../lazy';

// The spec engine (parsers, generated validator, rules, editor features) is the lazy bundle dist/spec.js: nothing
// here loads it until a spec document needs it. While the user types it runs in a worker (worker.ts); commands
// that need a result at once (deploy) call it here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const spec = lazyBundle(() => require('@lazy/spec') as typeof import('../../core/gatewaySpec/bundle'));

export const SPEC_LANGUAGES = ['apigw-json', 'apigw-yaml'] as const;
export const SPEC_SELECTOR: vscode.DocumentSelector = SPEC_LANGUAGES.map((language) => ({ language }));

export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return (SPEC_LANGUAGES as readonly string[]).includes(doc.languageId);
}

/** YAML by language; JSON is strict for `.json` files and allows comments for `.jsonc` and untitled documents. */
export function formatFor(doc: vscode.TextDocument): SpecFormat {
  if (doc.languageId === 'apigw-yaml') return 'yaml';
  const name = doc.fileName.toLowerCase();
  return name.endsWith('.json') && !doc.isUntitled ? 'json' : 'jsonc';
}

/**
 * What the front end reads for a document: its text, except for a saved file whose text holds U+FFFD — the editor's
 * stand-in for bytes that are not UTF-8 — where it reads the file's bytes, as `apigw validate` does, so both refuse
 * the file the same way (APIGW005).
 */
export async function specInput(doc: vscode.TextDocument): Promise<SpecInput> {
  const text = doc.getText();
  if (!mayHoldInvalidUtf8(doc, text)) return text;
  try {
    return await vscode.workspace.fs.readFile(doc.uri);
  } catch {
    return text;
  }
}

/** mayHideInvalidUtf8() of the engine, written out so the extension host never loads the engine to ask. */
function mayHoldInvalidUtf8(doc: vscode.TextDocument, text: string): boolean {
  return !doc.isDirty && !doc.isUntitled && text.includes('\uFFFD');
}

function specInputSync(doc: vscode.TextDocument): SpecInput {
  const text = doc.getText();
  if (!mayHoldInvalidUtf8(doc, text) || doc.uri.scheme !== 'file') return text;
  try {
    return fs.readFileSync(doc.uri.fsPath);
  } catch {
    return text;
  }
}

const validated = new Map<string, { version: number; result: SpecValidation }>();

/** The validation of exactly this document version, on this thread: for commands (deploy), not while typing. */
export function specValidation(doc: vscode.TextDocument): SpecValidation {
  const key = doc.uri.toString();
  const hit = validated.get(key);
  if (hit?.version === doc.version) return hit.result;
  const result = spec().validateSpec(specInputSync(doc), { format: formatFor(doc) });
  validated.set(key, { version: doc.version, result });
  return result;
}

export function forget(uri: vscode.Uri): void {
  validated.delete(uri.toString());
}

/** An offset range of `doc` (of the version the engine answered for) as a VS Code range. */
export function rangeIn(doc: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
}
