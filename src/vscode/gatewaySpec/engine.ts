import * as vscode from 'vscode';
import type { SpecDocument, SpecFormat, SpecValidation } from '../../core/gatewaySpec/bundle';
import { lazyBundle } from '../lazy';

// The spec engine (parsers, generated validator, rules, editor features) is the lazy bundle dist/spec.js: nothing
// here loads it until a spec document needs it.
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

const parsed = new Map<string, { version: number; doc: SpecDocument }>();
const validated = new Map<string, { version: number; result: SpecValidation }>();

/** The parsed document for the editor features, cached per document version. */
export function specDocument(doc: vscode.TextDocument): SpecDocument {
  const key = doc.uri.toString();
  const hit = validated.get(key);
  if (hit?.version === doc.version) return hit.result.document;
  const cached = parsed.get(key);
  if (cached?.version === doc.version) return cached.doc;
  const d = new (spec().SpecDocument)(doc.getText(), formatFor(doc));
  parsed.set(key, { version: doc.version, doc: d });
  return d;
}

/** The validation of exactly this document version, computing it when the background run has not. */
export function specValidation(doc: vscode.TextDocument): SpecValidation {
  const key = doc.uri.toString();
  const hit = validated.get(key);
  if (hit?.version === doc.version) return hit.result;
  const result = spec().validateSpec(doc.getText(), { format: formatFor(doc) });
  validated.set(key, { version: doc.version, result });
  return result;
}

export function rememberValidation(doc: vscode.TextDocument, version: number, result: SpecValidation): void {
  validated.set(doc.uri.toString(), { version, result });
}

export function forget(uri: vscode.Uri): void {
  parsed.delete(uri.toString());
  validated.delete(uri.toString());
}

export function toRange(d: SpecDocument, offset: number, length: number): vscode.Range {
  const r = d.rangeAt(offset, length);
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
