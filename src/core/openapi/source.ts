// Reading the OpenAPI input: text goes through the spec engine's parser front end (SpecDocument: JSON or YAML with
// positions, duplicate keys and YAML alias bombs refused), so every diagnostic can name its line; an object is used
// as given (copied). The document is then checked to be OpenAPI 3.0 or 3.1 before anything reads it.
import { formatOfText, SpecDocument, type AstNode, type SpecFormat } from '../gatewaySpec';
import { type DiagnosticList, pathOf, type OpenApiDiagnostic } from './diagnostics';
import { isObject, type Json } from './values';

/** Larger than any OpenAPI document an HTTP API (300 routes) needs, small enough to parse without a pause. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Deeper than any OpenAPI document (AWS's exports nest about ten levels, schemas a few dozen): the resolver and the
 * validator walk documents recursively, so a deeper one is refused before they see it.
 */
export const MAX_DOCUMENT_DEPTH = 256;

export interface OpenApiSource {
  /** The document as plain data: the parsed text, or a copy of the object given. */
  value: Json;
  /** The parsed text, for lines; undefined when an object was given. */
  document?: SpecDocument;
}

/** `.yaml`/`.yml` → YAML, `.json` → JSON, otherwise JSON when the text starts with `{`, else YAML. */
export function formatFor(text: string, fileName: string | undefined): SpecFormat {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return formatOfText(text);
}

export function readSource(
  input: string | object,
  fileName: string | undefined,
  diags: DiagnosticList,
): OpenApiSource | undefined {
  if (typeof input !== 'string') {
    if (!isObject(input)) return notAnObject(diags);
    return tooDeep(input, diags) ? undefined : { value: structuredClone(input) };
  }
  if (input.length > MAX_DOCUMENT_BYTES) {
    diags.add(
      'OAS001',
      [],
      `The document has ${(input.length / 1024 / 1024).toFixed(1)} MB; the import reads at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
    );
    return undefined;
  }
  const document = parseText(input, fileName, diags);
  if (!document) return undefined;
  for (const p of document.syntaxProblems) {
    const range = document.rangeAt(p.offset, p.length);
    diags.items.push({
      code: 'OAS001',
      severity: p.severity,
      message: p.message,
      pointer: '',
      line: range.start.line + 1,
      range,
    });
  }
  if (diags.hasErrors) return undefined;
  if (!isObject(document.value)) return notAnObject(diags);
  if (tooDeep(document.value, diags)) return undefined;
  if (document.format === 'yaml') reportMergeKeys(document.value, diags);
  return { value: document.value, document };
}

/**
 * YAML 1.1's merge key (`<<: *defaults`) is not YAML 1.2, which the parser reads: the key stays a key named `<<`
 * and the anchored fields are not merged in, so what they say would be lost without a word. Each is an error.
 */
function reportMergeKeys(value: Json, diags: DiagnosticList): void {
  const seen = new Set<object>();
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const [k, x] of Object.entries(v)) {
      if (k === '<<' && !Array.isArray(v))
        diags.add(
          'OAS001',
          [...path, k],
          'A YAML merge key (`<<`) is YAML 1.1, not YAML 1.2, which the import reads: the anchored fields are not merged in here. Write the fields out, or alias the whole mapping (`key: *anchor`).',
        );
      stack.push([x, [...path, k]]);
    }
  }
}

/** Measured without recursion (an object given by a caller may even be cyclic). */
function tooDeep(value: object, diags: DiagnosticList): boolean {
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    if (depth > MAX_DOCUMENT_DEPTH) {
      diags.add('OAS001', [], `The document nests deeper than ${MAX_DOCUMENT_DEPTH} levels; the import refuses it.`);
      return true;
    }
    seen.add(v);
    for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/** The spec engine's parser front end; a document nested too deeply for it is refused, not a crash. */
function parseText(text: string, fileName: string | undefined, diags: DiagnosticList): SpecDocument | undefined {
  try {
    return new SpecDocument(text, formatFor(text, fileName), { limits: { maxDepth: MAX_DOCUMENT_DEPTH } });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    diags.add('OAS001', [], `The document nests deeper than ${MAX_DOCUMENT_DEPTH} levels; the import refuses it.`);
    return undefined;
  }
}

function notAnObject(diags: DiagnosticList): undefined {
  diags.add('OAS002', [], 'The document is not an object: an OpenAPI document starts with `openapi: 3.0.x`.');
  return undefined;
}

/** Adds the line and range of each diagnostic's element (its key when it has one), where the input was text. */
export function locateAll(items: OpenApiDiagnostic[], document: SpecDocument | undefined): void {
  if (!document) return;
  for (const d of items) {
    if (d.range) continue;
    const at = document.locate(typedPath(document.value, pathOf(d.pointer)), 'key');
    const range = document.rangeAt(at.offset, at.length);
    d.range = range;
    d.line = range.start.line + 1;
  }
}

/** A pointer's segments as the document has them: array indexes as numbers, property names as strings. */
function typedPath(value: unknown, segments: string[]): Array<string | number> {
  const out: Array<string | number> = [];
  let v = value;
  for (const seg of segments) {
    const index = Array.isArray(v) && /^\d+$/.test(seg) ? Number(seg) : undefined;
    out.push(index ?? seg);
    v = index !== undefined ? (v as unknown[])[index] : isObject(v) ? v[seg] : undefined;
  }
  return out;
}

const VERSION = /^3\.[01]\.\d+$/;

/** A number as the document wrote it (`1.0`, not `1`), when the text has it. */
function numberText(n: number, node: AstNode | undefined, text: string | undefined): string {
  const written = node && text ? text.slice(node.offset, node.offset + node.length) : '';
  return /^\d+(\.\d+)*$/.test(written) && Number(written) === n ? written : String(n);
}

/**
 * Checks the `openapi` field and fixes what YAML does to versions (`openapi: 3.1`, `version: 1.0` are numbers).
 * Returns the minor version, or undefined when the document is not OpenAPI 3.0/3.1 (an error says why).
 */
export function checkVersion(doc: Json, diags: DiagnosticList, document?: SpecDocument): '3.0' | '3.1' | undefined {
  if (doc.swagger !== undefined) {
    diags.add(
      'OAS002',
      ['swagger'],
      `This is a Swagger ${String(doc.swagger)} document: HTTP APIs import OpenAPI 3.0 (AWS refuses Swagger 2.0). Convert it to OpenAPI 3 first.`,
    );
    return undefined;
  }
  if (typeof doc.openapi === 'number') {
    diags.add(
      'OAS005',
      ['openapi'],
      `openapi is the number ${doc.openapi}; read as "${doc.openapi.toFixed(1)}.0".`,
      'warning',
    );
    doc.openapi = `${doc.openapi.toFixed(1)}.0`;
  } else if (typeof doc.openapi === 'string' && /^3\.[01]$/.test(doc.openapi)) {
    // SAM's own templates write `openapi: '3.0'`, and SAM takes two-part versions.
    diags.add(
      'OAS005',
      ['openapi'],
      `openapi is "${doc.openapi}", without the patch version; read as "${doc.openapi}.0".`,
      'warning',
    );
    doc.openapi = `${doc.openapi}.0`;
  }
  if (typeof doc.openapi !== 'string' || !VERSION.test(doc.openapi)) {
    diags.add(
      'OAS002',
      doc.openapi === undefined ? [] : ['openapi'],
      doc.openapi === undefined
        ? 'No `openapi` field: the import reads OpenAPI 3.0 and 3.1 documents.'
        : `OpenAPI ${String(doc.openapi)} is not supported: the import reads 3.0.x and 3.1.x.`,
    );
    return undefined;
  }
  const info = doc.info;
  if (isObject(info) && typeof info.version === 'number') {
    info.version = numberText(info.version, document?.nodeAt(['info', 'version']), document?.text);
    diags.add('OAS103', ['info', 'version'], `info.version is a number; read as the string "${info.version}".`);
  }
  return doc.openapi.startsWith('3.1') ? '3.1' : '3.0';
}
