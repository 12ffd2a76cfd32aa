// The JSON Schema side of validation: runs the ajv code generated at build time from schemas/gateway-spec.schema.json
// (no schema compilation at run time) and turns its errors into diagnostics on the exact key or value.
// Also walks the schema by document path, for hover and completion.
import schemaJson from '../../../schemas/gateway-spec.schema.json';
import {
  didYouMean,
  suggestionText,
  type DiagnosticCode,
  type JsonPath,
  type QuickFix,
  type TextEdit,
} from './diagnostics';
import { fillNullValue, insertProperty, removeEntry } from './edits';
import { scalarText } from './scalars';
import { referenceKindAt, SECTION_OF } from './references';
import { takesAll } from './protocolFields';
import type { AstNode, SpecDocument } from './document';
import validateSchema from './schemaValidator.generated';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** VS Code's snippets; `protocol` (ours): offered only in a spec of that protocol. */
  defaultSnippets?: Array<{ label: string; description?: string; body: unknown; protocol?: 'HTTP' | 'WEBSOCKET' }>;
}

export const SCHEMA = schemaJson as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
  message?: string;
}

/** A problem found by a check, before it gets its range: what it is and where (path + key or value). */
export interface Finding {
  code: DiagnosticCode;
  message: string;
  path: JsonPath;
  target: 'key' | 'value';
  /** Built on request (validate.ts): a function when building them costs more than a lookup. */
  fixes?: QuickFix[] | (() => QuickFix[]);
  related?: Array<{ message: string; path: JsonPath; target: 'key' | 'value' }>;
  /** A narrower range inside the target (a `${…}` inside a string). */
  span?: { offset: number; length: number };
}

/** Follows `$ref`s within this schema. */
export function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 10; i++) {
    const target = resolvePointer(n.$ref);
    // Annotations next to a $ref (a more specific description) win over the target's.
    n = target ? { ...target, ...(n.description ? { description: n.description } : {}), $ref: target.$ref } : undefined;
    if (n && !n.$ref) delete n.$ref;
  }
  return n;
}

function resolvePointer(pointer: string): SchemaNode | undefined {
  if (!pointer.startsWith('#')) return undefined;
  let cur: unknown = SCHEMA;
  for (const raw of pointer.slice(1).split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur as SchemaNode | undefined;
}

/** The schema for the element at `path` (after `$ref`s), or undefined where the schema says nothing. */
export function schemaAt(path: JsonPath): SchemaNode | undefined {
  let node = deref(SCHEMA);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = deref(node.items);
    } else if (node.properties && Object.prototype.hasOwnProperty.call(node.properties, seg)) {
      node = deref(node.properties[seg]);
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      node = deref(node.additionalProperties);
    } else {
      return undefined;
    }
  }
  return node;
}

/** First sentence of a description, for messages. */
export function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const m = /^(.*?[.:])(\s|$)/.exec(text);
  return (m ? m[1]! : text).replace(/:$/, '.');
}

function decodePointer(pointer: string, value: unknown): Array<string | number> {
  const path: Array<string | number> = [];
  let cur = value;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      path.push(i);
      cur = cur[i];
    } else {
      path.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `${String(v)} (only finite numbers are allowed)`;
    return Number.isInteger(v) ? 'an integer' : 'a number';
  }
  return `a ${typeof v}`;
}

function typeName(t: unknown): string {
  const names: Record<string, string> = {
    object: 'an object',
    array: 'an array',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'null',
  };
  return Array.isArray(t) ? t.map(typeName).join(' or ') : (names[String(t)] ?? String(t));
}

/** Replaces a scalar's text, keeping its quoting style. */
export function replaceScalarFix(
  doc: SpecDocument,
  node: AstNode | undefined,
  newValue: string,
  title: string,
  preferred = true,
): QuickFix | undefined {
  if (!node || node.kind === 'object' || node.kind === 'array') return undefined;
  return {
    title,
    preferred,
    edits: [
      {
        offset: node.offset,
        length: node.length,
        newText: scalarText(doc, newValue, node.quoted ?? false, node.offset),
      },
    ],
  };
}

/** Runs the generated validator over the plain value and returns findings with exact targets. */
export function schemaFindings(doc: SpecDocument): Finding[] {
  const value = doc.value;
  if (validateSchema(value)) return [];
  const errors = (validateSchema as unknown as { errors?: AjvError[] }).errors ?? [];
  const out: Finding[] = [];
  // A value of the wrong type also fails its enum or pattern: the type error says it all.
  const typeErrors = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const e of errors) {
    if (
      e.keyword !== 'type' &&
      e.propertyName === undefined &&
      typeErrors.has(e.instancePath) &&
      ['enum', 'const', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum'].includes(e.keyword)
    )
      continue;
    const f = toFinding(doc, e, value);
    if (f) out.push(f);
  }
  return out;
}

/** What every keyword's finding reads: the error, where it is, the value there and the schema for it. */
interface ErrorSite {
  doc: SpecDocument;
  e: AjvError;
  path: JsonPath;
  value: unknown;
  schema: SchemaNode | undefined;
  /** `'name'` of the field, or "The spec". */
  field: string;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (const s of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
  return cur;
}

function toFinding(doc: SpecDocument, e: AjvError, root: unknown): Finding | undefined {
  const path = decodePointer(e.instancePath, root);
  if (e.propertyName !== undefined) return propertyNameFinding(e, path, e.propertyName);
  const site: ErrorSite = {
    doc,
    e,
    path,
    value: valueAt(root, path),
    schema: schemaAt(path),
    field: path.length ? `'${String(path[path.length - 1])}'` : 'The spec',
  };
  switch (e.keyword) {
    case 'propertyNames':
      return undefined;
    case 'type':
      return typeFinding(site);
    case 'required':
      return requiredFinding(site);
    case 'additionalProperties':
      return additionalPropertyFinding(site);
    case 'enum':
      return enumFinding(site);
    case 'const':
      return {
        code: 'APIGW103',
        message: `${site.field} must be ${JSON.stringify(e.params.allowedValue)}.`,
        path,
        target: 'value',
      };
    case 'pattern':
    case 'format': {
      const why = firstSentence(site.schema?.description);
      return {
        code: 'APIGW104',
        message: `${site.field} has an invalid value ${JSON.stringify(site.value)}.${why ? ` ${why}` : ''}`,
        path,
        target: 'value',
      };
    }
    default:
      return rangeFinding(site);
  }
}

/** An invalid key under `propertyNames`: point at that key. */
function propertyNameFinding(e: AjvError, path: JsonPath, name: string): Finding {
  const rule = deref(schemaAt(path)?.propertyNames);
  const why = firstSentence(rule?.description) || (rule?.pattern ? `Names must match ${rule.pattern}.` : '');
  const length = e.keyword === 'maxLength' || e.keyword === 'minLength';
  const what = length
    ? `Name '${name}' is ${e.keyword === 'maxLength' ? 'too long' : 'too short'}.`
    : `Invalid name '${name}'.`;
  return {
    code: length ? 'APIGW105' : 'APIGW104',
    message: `${what} ${why}`.trim(),
    path: [...path, name],
    target: 'key',
  };
}

function typeFinding({ doc, e, path, value, schema, field }: ErrorSite): Finding {
  const expected = e.params.type;
  let message = `${field} must be ${typeName(expected)}, not ${kindOf(value)}.`;
  if (value === null && expected === 'object')
    return { code: 'APIGW100', message, path, target: 'value', fixes: () => fillFixes(doc, path, schema, field) };
  const node = expected === 'string' ? doc.nodeAt(path) : undefined;
  if (!node || (node.kind !== 'number' && node.kind !== 'boolean'))
    return { code: 'APIGW100', message, path, target: 'value' };
  const source = doc.text.slice(node.offset, node.offset + node.length);
  if (doc.format === 'yaml') message += ` In YAML, write "${source}" in quotes.`;
  const fix: QuickFix = {
    title: `Quote the value: "${source}"`,
    preferred: true,
    edits: [{ offset: node.offset, length: node.length, newText: JSON.stringify(source) }],
  };
  return { code: 'APIGW100', message, path, target: 'value', fixes: [fix] };
}

function requiredFinding({ doc, e, path, schema, field }: ErrorSite): Finding {
  const missing = String(e.params.missingProperty);
  const where = path.length ? ` in ${field}` : '';
  const fixes = (): QuickFix[] =>
    choiceFixes(
      referencePlaceholders(doc, [...path, missing]) ??
        protocolPlaceholders(doc, [...path, missing], placeholders(schema?.properties?.[missing])),
      `Add '${missing}'`,
      (value) => insertProperty(doc, path, missing, value),
    );
  return {
    code: 'APIGW101',
    message: `Missing required property '${missing}'${where}.${describeField(schema, missing)}`,
    path,
    target: 'key',
    fixes,
  };
}

/** An object left null (`jwt:` with nothing under it) filled in: one fix for each of its placeholders. */
function fillFixes(doc: SpecDocument, path: JsonPath, schema: SchemaNode | undefined, field: string): QuickFix[] {
  return choiceFixes(protocolPlaceholders(doc, path, placeholders(schema)), `Fill in ${field}`, (value) =>
    fillNullValue(doc, path, value),
  );
}

/** The placeholders the spec's protocol takes at `path` (no MOCK integration on an HTTP API: protocolFields.ts). */
function protocolPlaceholders(doc: SpecDocument, path: JsonPath, choices: Placeholder[]): Placeholder[] {
  const protocol = (doc.value as { api?: { protocol?: unknown } } | undefined)?.api?.protocol;
  return choices.filter((c) => takesAll(protocol, path, c.value));
}

/** One fix per placeholder, titled `action: choice` when there are several (then none is preferred). */
function choiceFixes(choices: Placeholder[], action: string, edit: (value: unknown) => TextEdit[]): QuickFix[] {
  return choices.flatMap(({ label, value }) => {
    const edits = edit(value);
    return edits.length
      ? [{ title: label ? `${action}: ${label}` : action, preferred: choices.length === 1, edits }]
      : [];
  });
}

/** A missing reference (a domain mapping's `stage`) names an item the spec has: one fix for each of the first five. */
function referencePlaceholders(doc: SpecDocument, path: JsonPath): Placeholder[] | undefined {
  const kind = referenceKindAt(path);
  const section =
    kind && doc.value && typeof doc.value === 'object'
      ? (doc.value as Record<string, unknown>)[SECTION_OF[kind]]
      : undefined;
  const names =
    section && typeof section === 'object' && !Array.isArray(section) ? Object.keys(section).slice(0, 5) : [];
  return names.length ? names.map((n) => ({ label: n, value: n })) : undefined;
}

interface Placeholder {
  /** The choice it makes, when the property has several. */
  label?: string;
  value: unknown;
}

/**
 * What a missing property may start as: its constant, one per choice (an integration's `type`; the `protocol` of
 * an `api`, whose other required properties take their examples), else its example or an empty value of its type.
 */
function placeholders(node: SchemaNode | undefined): Placeholder[] {
  const n = deref(node);
  if (n?.const !== undefined) return [{ value: n.const }];
  if (n?.enum?.length) return n.enum.slice(0, 10).map((v) => ({ label: String(v), value: v }));
  if (n?.required?.length && n.properties) {
    const base = Object.fromEntries(n.required.map((k) => [k, placeholders(n.properties![k])[0]?.value ?? '']));
    const choosing = n.required.find((k) => (deref(n.properties![k])?.enum?.length ?? 0) > 1);
    if (choosing)
      return placeholders(n.properties[choosing]).map(({ label, value }) => ({
        label: `${choosing} ${label}`,
        value: { ...base, [choosing]: value },
      }));
    if (!n.examples?.length) return [{ value: base }];
  }
  if (n?.examples?.length) return [{ value: n.examples[0] }];
  const t = Array.isArray(n?.type) ? n.type[0] : n?.type;
  const empty =
    t === 'object' ? {} : t === 'array' ? [] : t === 'integer' || t === 'number' ? 0 : t === 'boolean' ? false : '';
  return [{ value: empty }];
}

function additionalPropertyFinding({ doc, e, path, value, schema, field }: ErrorSite): Finding {
  const prop = String(e.params.additionalProperty);
  const allowed = Object.keys(schema?.properties ?? {});
  // A property the object already has is no suggestion: renaming to it would make a duplicate key.
  const present = value !== null && typeof value === 'object' ? value : {};
  const suggestions = didYouMean(
    prop,
    allowed.filter((k) => !Object.prototype.hasOwnProperty.call(present, k)),
  );
  const keyPath = [...path, prop];
  const fixes = (): QuickFix[] => {
    const propNode = doc.propertyAt(keyPath);
    return suggestions.map((s, i) => ({
      title: `Rename to '${s}'`,
      preferred: i === 0,
      edits: propNode
        ? [
            {
              offset: propNode.keyOffset,
              length: propNode.keyLength,
              newText: scalarText(doc, s, propNode.keyQuoted, propNode.keyOffset),
            },
          ]
        : [],
    }));
  };
  const remove = (): QuickFix[] => {
    const parent = doc.nodeAt(path);
    // Not the object's only property: an object left empty reads as null in YAML block style.
    if (!parent || (parent.properties?.length ?? 0) < 2) return [];
    return [{ title: `Remove '${prop}'`, preferred: false, edits: removeEntry(doc, parent, prop) }];
  };
  const where = path.length ? ` in ${field}` : ' at the top level';
  const hint = suggestions.length
    ? suggestionText(suggestions)
    : allowed.length
      ? ` Allowed: ${allowed.join(', ')}.`
      : '';
  return {
    code: 'APIGW102',
    message: `Unknown property '${prop}'${where}.${hint}`,
    path: keyPath,
    target: 'key',
    fixes: suggestions.length ? fixes : remove,
  };
}

function enumFinding({ doc, e, path, value, field }: ErrorSite): Finding {
  const allowed = (e.params.allowedValues as unknown[]).map(String);
  const suggestions = typeof value === 'string' ? didYouMean(value, allowed) : [];
  const fixes = (): QuickFix[] => {
    const node = doc.nodeAt(path);
    return suggestions
      .map((s, i) => replaceScalarFix(doc, node, s, `Change to '${s}'`, i === 0))
      .filter((f): f is QuickFix => Boolean(f));
  };
  const list = allowed.length <= 12 ? ` Allowed: ${allowed.join(', ')}.` : '';
  return {
    code: 'APIGW103',
    message: `${field} cannot be ${JSON.stringify(value)}.${suggestions.length ? suggestionText(suggestions) : ''}${list}`,
    path,
    target: 'value',
    ...(suggestions.length ? { fixes } : {}),
  };
}

/** Bounds: numbers, lengths, counts of entries; anything else ajv reports, with its own words. */
function rangeFinding({ e, path, value, field }: ErrorSite): Finding {
  const limit = String(e.params.limit);
  switch (e.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = e.keyword.toLowerCase().includes('min') ? `at least ${limit}` : `at most ${limit}`;
      return { code: 'APIGW105', message: `${field} must be ${bound}, not ${String(value)}.`, path, target: 'value' };
    }
    case 'minLength':
      return {
        code: 'APIGW105',
        message:
          Number(e.params.limit) === 1
            ? `${field} must not be empty.`
            : `${field} must be at least ${limit} characters long.`,
        path,
        target: 'value',
      };
    case 'maxLength':
      return {
        code: 'APIGW105',
        message: `${field} must be at most ${limit} characters long (it has ${typeof value === 'string' ? value.length : '?'}).`,
        path,
        target: 'value',
      };
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      const n = Array.isArray(value)
        ? value.length
        : value && typeof value === 'object'
          ? Object.keys(value).length
          : 0;
      const bound = e.keyword.startsWith('min') ? `at least ${limit}` : `at most ${limit}`;
      const what = e.keyword.endsWith('Items') ? 'entries' : 'properties';
      return { code: 'APIGW106', message: `${field} must have ${bound} ${what} (it has ${n}).`, path, target: 'key' };
    }
    default:
      return { code: 'APIGW104', message: `${field} ${e.message ?? 'is invalid'}.`, path, target: 'value' };
  }
}

function describeField(parent: SchemaNode | undefined, name: string): string {
  const d = firstSentence(deref(parent?.properties?.[name])?.description);
  return d ? ` ${d}` : '';
}
