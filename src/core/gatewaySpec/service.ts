// The editor features over a parsed spec, by offsets so they stay editor-agnostic and unit-testable: completion,
// hover, go to definition, find references, rename, document outline. src/vscode/gatewaySpec converts to VS Code types.
import { getLocation } from 'jsonc-parser';
import type { TextEdit } from './diagnostics';
import { propertyOf, type AstNode, type AstProperty } from './ast';
import type { SpecDocument } from './document';
import {
  checkHttpRouteKey,
  expressionStarts,
  HTTP_METHODS,
  ITEM_NAME,
  MODEL_NAME,
  STAGE_NAME,
  WEBSOCKET_RESERVED_ROUTES,
} from './rules';
import { accessLogVariableDoc, accessLogVariables } from './accessLogVariables';
import { lineStart } from './edits';
import { referenceKindAt, SECTION_OF, type ItemKind } from './references';
import { refusedProperties, refusedValues, takesAll, takesValue } from './protocolFields';
import { flowCursor, YAML_KEY, yamlKeyText, type FlowCursor } from './yamlFlow';
import { matchesInOrder } from '../match';
import { isPlainYamlSafe, scalarText } from './scalars';
import { deref, schemaAt, type SchemaNode } from './schema';
import {
  templateVariableDoc,
  typedReference,
  variablesAfter,
  variableStringAt,
  type VariableScope,
} from './stringVariables';

export type { ItemKind } from './references';

// ---- named items and their references ----

const KIND_LABEL: Record<ItemKind, string> = {
  integration: 'integration',
  authorizer: 'authorizer',
  vpcLink: 'VPC link',
  stage: 'stage',
  route: 'route',
  model: 'model',
};

export interface Occurrence {
  kind: ItemKind;
  name: string;
  offset: number;
  length: number;
  quoted: boolean;
  isDefinition: boolean;
}

function props(node: AstNode | undefined): AstProperty[] {
  return node?.kind === 'object' ? (node.properties ?? []) : [];
}

/**
 * The occurrences found so far, one per place in the text: a YAML alias (`*r`) shares its anchor's nodes, and a
 * reference reached through both would otherwise be listed, and renamed, twice (VS Code refuses overlapping edits).
 */
interface Found {
  out: Occurrence[];
  seen: Set<number>;
}

function found(f: Found, o: Occurrence): void {
  if (f.seen.has(o.offset)) return;
  f.seen.add(o.offset);
  f.out.push(o);
}

/** An item's key where its section defines it (or a stage's `routeSettings` key, which names a route). */
function keyOccurrence(f: Found, kind: ItemKind, p: AstProperty, isDefinition = true): void {
  found(f, { kind, name: p.key, offset: p.keyOffset, length: p.keyLength, quoted: p.keyQuoted, isDefinition });
}

/** A string value that names an item. */
function valueOccurrence(f: Found, kind: ItemKind, n: AstNode | undefined): void {
  if (n?.kind !== 'string') return;
  found(f, {
    kind,
    name: String(n.value),
    offset: n.offset,
    length: n.length,
    quoted: n.quoted ?? false,
    isDefinition: false,
  });
}

/** Every definition and reference of a named item, in document order. */
export function occurrences(doc: SpecDocument): Occurrence[] {
  const f: Found = { out: [], seen: new Set() };
  const root = doc.root;
  if (root?.kind !== 'object') return f.out;
  const def = (kind: ItemKind, p: AstProperty) => keyOccurrence(f, kind, p);
  const ref = (kind: ItemKind, n: AstNode | undefined) => valueOccurrence(f, kind, n);
  for (const section of props(root)) {
    const items = props(section.value);
    switch (section.key) {
      case 'integrations':
        for (const p of items) {
          def('integration', p);
          ref('vpcLink', propertyOf(p.value, 'vpcLink')?.value);
        }
        break;
      case 'authorizers':
        for (const p of items) def('authorizer', p);
        break;
      case 'vpcLinks':
        for (const p of items) def('vpcLink', p);
        break;
      case 'routes':
        for (const p of items) {
          def('route', p);
          ref('integration', propertyOf(p.value, 'integration')?.value);
          ref('authorizer', propertyOf(p.value, 'authorizer')?.value);
          for (const m of props(propertyOf(p.value, 'requestModels')?.value)) ref('model', m.value);
          for (const r of props(propertyOf(p.value, 'routeResponses')?.value))
            for (const m of props(propertyOf(r.value, 'responseModels')?.value)) ref('model', m.value);
        }
        break;
      case 'models':
        for (const p of items) def('model', p);
        break;
      case 'stages':
        for (const p of items) {
          def('stage', p);
          for (const rs of props(propertyOf(p.value, 'routeSettings')?.value)) keyOccurrence(f, 'route', rs, false);
        }
        break;
      case 'domains':
        for (const p of items) {
          // A mapping with `api` names a stage of another API: renaming this spec's stage leaves it alone.
          for (const m of propertyOf(p.value, 'mappings')?.value?.items ?? [])
            if (!propertyOf(m, 'api')) ref('stage', propertyOf(m, 'stage')?.value);
        }
        break;
      default:
        break;
    }
  }
  return f.out;
}

/** The named item at `offset` (a definition key or a reference). */
export function occurrenceAt(doc: SpecDocument, offset: number): Occurrence | undefined {
  return occurrences(doc).find((o) => offset >= o.offset && offset <= o.offset + o.length);
}

/** Where the item at `offset` is defined. */
export function definition(doc: SpecDocument, offset: number): { offset: number; length: number } | undefined {
  const at = occurrenceAt(doc, offset);
  if (!at) return undefined;
  const d = occurrences(doc).find((o) => o.isDefinition && o.kind === at.kind && o.name === at.name);
  return d ? { offset: d.offset, length: d.length } : undefined;
}

/** Every occurrence of the item at `offset`. */
export function references(
  doc: SpecDocument,
  offset: number,
  includeDeclaration: boolean,
): Array<{ offset: number; length: number }> {
  const at = occurrenceAt(doc, offset);
  if (!at) return [];
  return occurrences(doc)
    .filter((o) => o.kind === at.kind && o.name === at.name && (includeDeclaration || !o.isDefinition))
    .map((o) => ({ offset: o.offset, length: o.length }));
}

const RENAMABLE = 'Only integrations, authorizers, VPC links, stages, routes and models can be renamed.';

export type RenameCheck = { offset: number; length: number; placeholder: string } | { error: string };

/** What F2 asks first: the name at `offset`, or why it cannot be renamed (before a new name is typed). */
export function prepareRename(doc: SpecDocument, offset: number): RenameCheck {
  const at = occurrenceAt(doc, offset);
  if (!at) return { error: RENAMABLE };
  const reserved = reservedRouteProblem(doc, at.kind, at.name);
  if (reserved) return { error: reserved };
  return { offset: at.offset, length: at.length, placeholder: at.name };
}

/** Renames the item at `offset` everywhere, or says why the new name cannot be used. */
export function rename(doc: SpecDocument, offset: number, newName: string): TextEdit[] | { error: string } {
  const at = occurrenceAt(doc, offset);
  if (!at) return { error: RENAMABLE };
  if (newName === at.name) return [];
  const problem = reservedRouteProblem(doc, at.kind, at.name) ?? nameProblem(doc, at.kind, newName);
  if (problem) return { error: problem };
  const all = occurrences(doc);
  if (all.some((o) => o.isDefinition && o.kind === at.kind && o.name === newName))
    return {
      error: `There is already ${KIND_LABEL[at.kind] === 'integration' || KIND_LABEL[at.kind] === 'authorizer' ? 'an' : 'a'} ${KIND_LABEL[at.kind]} '${newName}'.`,
    };
  const sameRequests = sameRequestsProblem(doc, at, newName, all);
  if (sameRequests) return { error: sameRequests };
  return all
    .filter((o) => o.kind === at.kind && o.name === at.name)
    .map((o) => ({ offset: o.offset, length: o.length, newText: scalarText(doc, newName, o.quoted, o.offset) }));
}

/**
 * An HTTP route key that matches the same requests as another route's: keys that differ only in their parameters'
 * names (`GET /items/{id}`, `GET /items/{itemId}`) are one route to API Gateway, which the rules report (APIGW303).
 */
function sameRequestsProblem(
  doc: SpecDocument,
  at: Occurrence,
  newName: string,
  all: Occurrence[],
): string | undefined {
  if (at.kind !== 'route' || protocolOf(doc) !== 'HTTP') return undefined;
  const shape = checkHttpRouteKey(newName).parsed?.shape;
  if (shape === undefined) return undefined;
  const other = all.find(
    (o) =>
      o.isDefinition && o.kind === 'route' && o.name !== at.name && checkHttpRouteKey(o.name).parsed?.shape === shape,
  );
  return other
    ? `'${newName}' would match the same requests as route '${other.name}': path parameter names do not tell routes apart.`
    : undefined;
}

/** The plain value at `path`, as the spec's value holds it. */
function plainAt(doc: SpecDocument, path: ReadonlyArray<string | number>): unknown {
  let v: unknown = doc.value;
  for (const seg of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function protocolOf(doc: SpecDocument): unknown {
  return (doc.value as { api?: { protocol?: unknown } } | undefined)?.api?.protocol;
}

/** A WebSocket API's reserved routes run on connect, on disconnect and for unmatched messages: their key is that. */
function reservedRouteProblem(doc: SpecDocument, kind: ItemKind, name: string): string | undefined {
  if (kind !== 'route' || protocolOf(doc) !== 'WEBSOCKET' || !WEBSOCKET_RESERVED_ROUTES.includes(name))
    return undefined;
  return `'${name}' is a reserved WebSocket route (${WEBSOCKET_RESERVED_ROUTES.join(', ')}): its key says when it runs, so it cannot be renamed.`;
}

function nameProblem(doc: SpecDocument, kind: ItemKind, name: string): string | undefined {
  switch (kind) {
    case 'integration':
    case 'authorizer':
    case 'vpcLink':
      return ITEM_NAME.test(name)
        ? undefined
        : `'${name}' is not a valid ${KIND_LABEL[kind]} name: use letters, digits, '.', '_' and '-' (at most 128).`;
    case 'model':
      return MODEL_NAME.test(name)
        ? undefined
        : `'${name}' is not a valid model name: use letters and digits (at most 128).`;
    case 'stage':
      return STAGE_NAME.test(name) || (name === '$default' && protocolOf(doc) === 'HTTP')
        ? undefined
        : `'${name}' is not a valid stage name: use letters, digits, '-' and '_'.`;
    case 'route': {
      if (protocolOf(doc) === 'HTTP') return checkHttpRouteKey(name).problem?.message;
      if (name.trim() === '') return 'A route key cannot be empty.';
      return name.startsWith('$') && !WEBSOCKET_RESERVED_ROUTES.includes(name)
        ? `'${name}' is not a WebSocket route key: keys starting with '$' are reserved for ${WEBSOCKET_RESERVED_ROUTES.join(', ')}.`
        : undefined;
    }
  }
}

// ---- outline ----

export type OutlineKind = 'section' | 'api' | ItemKind | 'domain';

/** Start line, start character, end line, end character (0-based, UTF-16), as VS Code's Range takes them. */
export type LineRange = [number, number, number, number];

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineKind;
  offset: number;
  length: number;
  selectionOffset: number;
  selectionLength: number;
  /**
   * The same places as lines and characters: the engine has the line table, so the editor turns thousands of
   * symbols (and Call Route lenses) into ranges without asking its document for each offset.
   */
  range: LineRange;
  selection: LineRange;
  children: OutlineSymbol[];
}

function lineRange(doc: SpecDocument, offset: number, length: number): LineRange {
  const a = doc.positionAt(offset);
  const b = doc.positionAt(offset + length);
  return [a.line, a.character, b.line, b.character];
}

const SECTION_ITEMS: Record<string, OutlineKind> = {
  routes: 'route',
  integrations: 'integration',
  authorizers: 'authorizer',
  stages: 'stage',
  vpcLinks: 'vpcLink',
  domains: 'domain',
  models: 'model',
};

function detailOf(kind: OutlineKind, v: AstNode | undefined): string {
  const get = (k: string) => {
    const n = propertyOf(v, k)?.value;
    return n && n.kind !== 'object' && n.kind !== 'array' ? String(n.value) : undefined;
  };
  switch (kind) {
    case 'route':
      return [get('integration') && `→ ${get('integration')}`, get('authorizer') && `🔒 ${get('authorizer')}`]
        .filter(Boolean)
        .join('  ');
    case 'integration':
      return [get('type'), get('subtype')].filter(Boolean).join(' ');
    case 'authorizer':
      return get('type') ?? '';
    case 'model':
      return get('contentType') ?? '';
    case 'stage':
      return [get('protected') === 'true' && 'protected', get('autoDeploy') === 'true' && 'auto-deploy']
        .filter(Boolean)
        .join(', ');
    default:
      return '';
  }
}

/** What an outline asks for; every filter runs here, in the worker, so only what is wanted goes to the editor. */
export interface OutlineOptions {
  /** The most items a section lists (sections always show, with their size). */
  limit?: number;
  /** That section alone (the Call Route lenses want the routes, not the rest). */
  section?: string;
  /** Items whose key is on these lines (both included): the lenses of what is on screen. */
  lines?: { start: number; end: number };
  /** Items whose name holds these characters in order (Go to Symbol in Workspace). */
  match?: string;
}

function wanted(doc: SpecDocument, items: AstProperty[], o: OutlineOptions): AstProperty[] {
  const { lines, match } = o;
  if (!lines && match === undefined) return items;
  return items.filter((p) => {
    if (match !== undefined && !matchesInOrder(p.key, match)) return false;
    if (!lines) return true;
    const line = doc.positionAt(p.keyOffset).line;
    return line >= lines.start && line <= lines.end;
  });
}

/**
 * Sections and their items. A section past `limit` items lists its first `limit` (its detail says how many it holds):
 * every symbol is carried to the editor and drawn on every edit, as VS Code's JSON outline caps its own
 * (`json.maxItemsComputed`).
 */
export function documentSymbols(doc: SpecDocument, o: OutlineOptions = {}): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const section of props(doc.root)) {
    if (o.section !== undefined && section.key !== o.section) continue;
    const itemKind = Object.prototype.hasOwnProperty.call(SECTION_ITEMS, section.key)
      ? SECTION_ITEMS[section.key]
      : undefined;
    const base = {
      offset: section.offset,
      length: section.length,
      selectionOffset: section.keyOffset,
      selectionLength: section.keyLength,
      range: lineRange(doc, section.offset, section.length),
      selection: lineRange(doc, section.keyOffset, section.keyLength),
    };
    if (section.key === 'api') {
      const name = propertyOf(section.value, 'name')?.value?.value;
      const protocol = propertyOf(section.value, 'protocol')?.value?.value;
      out.push({
        name: 'api',
        detail: [name, protocol].filter((x) => x !== undefined).join(' · '),
        kind: 'api',
        ...base,
        children: [],
      });
      continue;
    }
    if (!itemKind) continue;
    const items = props(section.value);
    const listed = wanted(doc, items, o);
    const children = listed.slice(0, o.limit ?? Infinity).map((p) => ({
      name: p.key,
      detail: detailOf(itemKind, p.value),
      kind: itemKind,
      offset: p.offset,
      length: p.length,
      selectionOffset: p.keyOffset,
      selectionLength: p.keyLength,
      range: lineRange(doc, p.offset, p.length),
      selection: lineRange(doc, p.keyOffset, p.keyLength),
      children: [],
    }));
    const detail =
      listed.length > children.length ? `${items.length} (first ${children.length} listed)` : `${items.length}`;
    out.push({ name: section.key, detail, kind: 'section', ...base, children });
  }
  return out;
}

// ---- hover ----

function schemaDoc(schema: SchemaNode | undefined, title: string): string {
  if (!schema) return '';
  const parts = [`**${title}**`];
  const d = schema.markdownDescription ?? schema.description;
  if (d) parts.push(d);
  if (schema.enum) parts.push(`Allowed: ${schema.enum.map((e) => `\`${String(e)}\``).join(', ')}`);
  const ex = schema.examples?.[0];
  if (ex !== undefined && !schema.enum) parts.push(`Example: \`${typeof ex === 'string' ? ex : JSON.stringify(ex)}\``);
  return parts.join('\n\n');
}

function summary(kind: ItemKind, name: string, node: AstNode | undefined): string {
  if (!node) return `**${KIND_LABEL[kind]} ${markdownText(name)}** is not defined in this spec.`;
  const lines = props(node)
    .filter((p) => p.value && p.value.kind !== 'object' && p.value.kind !== 'array')
    .slice(0, 6)
    .map((p) => `- ${markdownCode(p.key)}: ${markdownCode(String(p.value!.value))}`);
  return [`**${KIND_LABEL[kind]} ${markdownCode(name)}**`, ...lines].join('\n');
}

// Spec text in hover Markdown is data, never markup: a spec from a cloned repository must not make the editor fetch
// an image or show a link. Keys, names and values go into code spans (nothing inside one is Markdown); text that
// is not code has every ASCII punctuation character escaped. Both are cut to one line of reasonable length.

const MAX_SHOWN = 200;

function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}

/** A code span that holds `s` literally, whatever backticks it contains. */
export function markdownCode(s: string): string {
  const text = oneLine(s);
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return text.trim() === '' ? `${fence} ${fence}` : `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain text in Markdown: every ASCII punctuation character escaped, so nothing in it is markup. */
export function markdownText(s: string): string {
  return oneLine(s).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Hover text (markdown) for the key or value at `offset`: the schema's documentation, or what a reference points at. */
export function hover(
  doc: SpecDocument,
  offset: number,
): { markdown: string; offset: number; length: number } | undefined {
  const el = doc.elementAt(offset);
  if (!el || el.path.length === 0) return undefined;
  const variable =
    el.node?.kind === 'string' && !el.onKey ? stringVariableHover(doc, el.path, el.node, offset) : undefined;
  if (variable) return variable;
  const occ = occurrenceAt(doc, offset);
  const field = String(el.path[el.path.length - 1]);
  const schema = schemaAt(el.path);
  if (occ && !occ.isDefinition) {
    const target = doc.nodeAt([SECTION_OF[occ.kind], occ.name]);
    const fieldDoc = occ.kind === 'route' ? '' : schemaDoc(schema, markdownText(field));
    return {
      markdown: [summary(occ.kind, occ.name, target), fieldDoc].filter(Boolean).join('\n\n---\n\n'),
      offset: occ.offset,
      length: occ.length,
    };
  }
  if (el.onKey && el.property) {
    const key = markdownText(el.property.key);
    const title = occ ? `${KIND_LABEL[occ.kind]} ${key}` : key;
    const text = schemaDoc(schema, title);
    return text ? { markdown: text, offset: el.property.keyOffset, length: el.property.keyLength } : undefined;
  }
  if (el.node && el.node.kind !== 'object' && el.node.kind !== 'array') {
    const text = schemaDoc(
      schema,
      markdownText(typeof el.path[el.path.length - 1] === 'number' ? String(el.path[el.path.length - 2]) : field),
    );
    return text ? { markdown: text, offset: el.node.offset, length: el.node.length } : undefined;
  }
  return undefined;
}

const TEMPLATE_VARIABLE = /\$(context|input|util)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g;

/**
 * The variable under the cursor in a mapping template or an access log format, described as AWS's mapping template
 * reference or the protocol's access logging page describes it.
 */
function stringVariableHover(
  doc: SpecDocument,
  path: ReadonlyArray<string | number>,
  node: AstNode,
  offset: number,
): { markdown: string; offset: number; length: number } | undefined {
  const kind = variableStringAt(path);
  if (!kind) return undefined;
  const protocol = variableScope(doc).protocol;
  // A window around the cursor: a template may be 300 KB, a variable's name is short.
  const from = Math.max(node.offset, offset - 100);
  const window = doc.text.slice(from, Math.min(node.offset + node.length, offset + 100));
  for (const m of window.matchAll(TEMPLATE_VARIABLE)) {
    const start = from + m.index;
    if (offset < start || offset > start + m[0].length) continue;
    const description =
      kind === 'template'
        ? templateVariableDoc(m[1]!, m[2]!)
        : m[1] === 'context'
          ? accessLogVariableDoc(protocol, m[2]!)
          : undefined;
    return description
      ? // The description is the workbench's own text (from AWS's page), the variable the spec's: code.
        { markdown: `${markdownCode(m[0])}\n\n${description}`, offset: start, length: m[0].length }
      : undefined;
  }
  return undefined;
}

// ---- mapping templates ----

/** A mapping template's key in a WebSocket spec: where the editor offers to try it (Try Mapping Template). */
export interface TemplatePlace {
  integration: string;
  /** The integration response whose template it is; absent for a request template. */
  response?: string;
  key: string;
  selection: LineRange;
}

/**
 * Each mapping template of a WebSocket spec, its key's place, request templates of an integration before its
 * responses'; only those whose key is on `lines` (both included) when given, as the lenses of what is on screen.
 */
export function templatePlaces(doc: SpecDocument, lines?: { start: number; end: number }): TemplatePlace[] {
  if (protocolOf(doc) !== 'WEBSOCKET') return [];
  const out: TemplatePlace[] = [];
  for (const i of props(doc.nodeAt(['integrations']))) {
    out.push(...placesOf(doc, i.key, undefined, propertyOf(i.value, 'requestTemplates')?.value, lines));
    for (const r of props(propertyOf(i.value, 'responses')?.value))
      out.push(...placesOf(doc, i.key, r.key, propertyOf(r.value, 'responseTemplates')?.value, lines));
  }
  return out;
}

/** The places of one map of templates (by content type or selection key) whose key is on `lines`. */
function placesOf(
  doc: SpecDocument,
  integration: string,
  response: string | undefined,
  templates: AstNode | undefined,
  lines: { start: number; end: number } | undefined,
): TemplatePlace[] {
  const out: TemplatePlace[] = [];
  for (const t of props(templates)) {
    const selection = lineRange(doc, t.keyOffset, t.keyLength);
    if (lines && (selection[0] < lines.start || selection[0] > lines.end)) continue;
    out.push({ integration, ...(response === undefined ? {} : { response }), key: t.key, selection });
  }
  return out;
}

// ---- completion ----

export type CompletionKind = 'property' | 'value' | 'reference' | 'routeKey' | 'snippet' | 'variable';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /**
   * Text to insert; a snippet (`${1:x}` placeholders) when `snippet` is true. Lines after the first are relative
   * to the cursor line's indentation (editors indent them, as VS Code's default insert mode does).
   */
  insertText: string;
  snippet: boolean;
  /** The text the item replaces. */
  replace: { offset: number; length: number };
  filterText?: string;
  sortText?: string;
}

interface CompletionContext {
  /** Path of the object whose key is typed, or of the value that is typed. */
  path: Array<string | number>;
  at: 'key' | 'value';
  replace: { offset: number; length: number };
  /** JSON: the cursor is inside quotes (items then replace the whole string). */
  inString: boolean;
  /** JSON, or a YAML flow collection: a property follows the key typed, so the item ends with a comma. */
  commaAfter?: boolean;
  /** YAML: inside a flow collection (`{ integration: fn }`), where items are written in flow style. */
  flow?: boolean;
  /** YAML: the value is typed right after its key's `:` (completion triggered by it): items bring the blank. */
  spaceBefore?: boolean;
}

function jsonContext(doc: SpecDocument, offset: number): CompletionContext | undefined {
  const loc = getLocation(doc.text, offset);
  const prev = loc.previousNode;
  const inside = Boolean(prev && offset > prev.offset && offset < prev.offset + prev.length);
  // A key typed inside its quotes (`"` is a trigger character, and VS Code closes the quote): jsonc-parser gives the
  // key's string as a `property`. The items replace the whole string, as they do a value's.
  const inKey = inside && loc.isAtPropertyKey && prev?.type === 'property';
  const inString = inKey || (inside && prev?.type === 'string');
  const replace =
    inKey ||
    (prev &&
      (prev.type === 'string' || prev.type === 'number' || prev.type === 'boolean' || prev.type === 'null') &&
      offset <= prev.offset + prev.length)
      ? { offset: prev!.offset, length: prev!.length }
      : { offset, length: 0 };
  const path = [...loc.path];
  if (loc.isAtPropertyKey) {
    path.pop();
    return {
      path,
      at: 'key',
      replace,
      inString,
      commaAfter: propertyFollows(doc.text, replace.offset + replace.length),
    };
  }
  if (path.length && path[path.length - 1] === '') return undefined;
  return { path, at: 'value', replace, inString };
}

/** JSON(C): whether the next token from `offset` (past blanks and comments) starts a property. */
function propertyFollows(text: string, offset: number): boolean {
  let i = offset;
  for (;;) {
    while (/\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('//', i)) i = endOf(text, '\n', i, 0);
    else if (text.startsWith('/*', i)) i = endOf(text, '*/', i + 2, 2);
    else return text[i] === '"';
  }
}

/** Where `mark` (from `from`) ends, plus `after`; the text's end when it never comes. */
function endOf(text: string, mark: string, from: number, after: number): number {
  const at = text.indexOf(mark, from);
  return at < 0 ? text.length : at + after;
}

const PLAIN_KEY_LINE = new RegExp(`^${YAML_KEY}:(\\s|$)(.*)$`, 's');
const PLAIN_KEY_VALUE = new RegExp(`^${YAML_KEY}:\\s+(.*)$`, 's');

interface YamlLine {
  indent: number;
  dash: boolean;
  key?: string;
  rest: string;
}

function yamlLine(line: string): YamlLine | undefined {
  const m = /^(\s*)(-\s+)?(.*)$/s.exec(line)!;
  const body = m[3]!;
  if (body.startsWith('#') || (body.trim() === '' && !m[2])) return undefined;
  const indent = m[1]!.length + (m[2]?.length ?? 0);
  const kv = PLAIN_KEY_LINE.exec(body);
  if (!kv) return { indent, dash: Boolean(m[2]), rest: body };
  return { indent, dash: Boolean(m[2]), key: yamlKeyText(kv[1]!), rest: kv[3]!.trim() };
}

/** The cursor's line in YAML: whether a key or a value is typed there, and where the typed part starts. */
interface YamlCursor {
  at: 'key' | 'value';
  key: string | undefined;
  partialStart: number;
  lineStart: number;
  /** The column of the line's `- `, when it has one. */
  dash: number | undefined;
  /** The column of the line's content. */
  column: number;
}

function yamlCursor(text: string, offset: number): YamlCursor | undefined {
  const start = lineStart(text, offset);
  const m = /^(\s*)(-\s+)?(.*)$/s.exec(text.slice(start, offset))!;
  const head = m[3]!;
  if (head.startsWith('#')) return undefined;
  const base = { lineStart: start, dash: m[2] ? m[1]!.length : undefined, column: m[1]!.length + (m[2]?.length ?? 0) };
  // `key:` just typed (the `:` triggers completion): its value, which the items start with a blank.
  const bare = head.endsWith(':') ? PLAIN_KEY_LINE.exec(head) : null;
  if (bare && bare[3] === '') return { ...base, at: 'value', key: yamlKeyText(bare[1]!), partialStart: offset };
  const kv = PLAIN_KEY_VALUE.exec(head);
  if (kv) {
    if (kv[2]!.startsWith('[') || kv[2]!.startsWith('{')) return undefined;
    return { ...base, at: 'value', key: yamlLine(head)?.key ?? kv[1]!.trim(), partialStart: offset - kv[2]!.length };
  }
  if (/[:#{}[\],]/.test(head.replace(/^["']|["']$/g, '')) && !/^["'][^"']*$/.test(head)) {
    if (!(/^\S+ \/\S*$/.test(head) || head.startsWith('$'))) return undefined;
  }
  return { ...base, at: 'key', key: undefined, partialStart: offset - head.length };
}

/**
 * The path of the mapping (or list) the cursor's line belongs to: the keys on less-indented lines above it, list
 * items counted by their dashes. Undefined where a parent line has no key (the context is not a plain mapping).
 */
function pathAbove(text: string, cursor: YamlCursor): Array<string | number> | undefined {
  const path: Array<string | number> = [];
  let cur = cursor.dash ?? cursor.column;
  let itemIndex = 0;
  let pendingDash = cursor.dash;
  let pos = cursor.lineStart;
  while (pos > 0 && cur > 0) {
    const prevEnd = pos - 1;
    const prevStart = lineStart(text, prevEnd);
    pos = prevStart;
    // A line indented at least as far, without a dash, cannot hold a parent: skip it without reading it.
    let spaces = prevStart;
    while (text.charCodeAt(spaces) === 32) spaces++;
    if (spaces - prevStart >= cur && text.charCodeAt(spaces) !== 45 /* - */) continue;
    const raw = text.slice(prevStart, prevEnd);
    const line = yamlLine(raw.replace(/\r$/, ''));
    if (!line) continue;
    const lineDashCol = line.dash ? line.indent - (/^(\s*)(-\s+)/.exec(raw)?.[2]?.length ?? 2) : undefined;
    if (pendingDash !== undefined && lineDashCol === pendingDash) {
      itemIndex++;
      continue;
    }
    if (pendingDash === undefined && lineDashCol !== undefined && lineDashCol < cur && line.indent >= cur) {
      // The cursor's line continues the mapping of this list item.
      pendingDash = lineDashCol;
      cur = lineDashCol + 1;
      continue;
    }
    if ((lineDashCol ?? line.indent) >= cur) continue;
    if (pendingDash !== undefined) {
      path.unshift(itemIndex);
      pendingDash = undefined;
      itemIndex = 0;
    }
    if (line.key === undefined) return undefined;
    path.unshift(line.key);
    if (lineDashCol !== undefined) {
      // `- key:` one level up: we are inside that item's `key`.
      pendingDash = lineDashCol;
      cur = lineDashCol + 1;
    } else {
      cur = line.indent;
    }
  }
  if (pendingDash !== undefined) path.unshift(itemIndex);
  return path;
}

/** YAML block style: the path comes from the keys on less-indented lines above the cursor. */
function yamlContext(doc: SpecDocument, offset: number): CompletionContext | undefined {
  const text = doc.text;
  const flow = flowCursor(text, offset);
  if (flow) return yamlFlowContext(text, offset, flow);
  const cursor = yamlCursor(text, offset);
  if (!cursor) return undefined;
  const path = pathAbove(text, cursor);
  if (!path) return undefined;
  // The typed token, to its end after the cursor.
  let end = offset;
  while (end < text.length && !/[\s:#,\]}]/.test(text[end]!)) end++;
  const replace = { offset: cursor.partialStart, length: end - cursor.partialStart };
  // A list item's plain value (`- subnet-…`) is a value of the list.
  if (cursor.at === 'key' && cursor.dash !== undefined) return { path, at: 'value', replace, inString: false };
  if (cursor.at === 'value' && cursor.key !== undefined)
    return {
      path: [...path, cursor.key],
      at: 'value',
      replace,
      inString: false,
      spaceBefore: text[cursor.partialStart - 1] === ':',
    };
  return { path, at: 'key', replace, inString: false };
}

/** Inside a YAML flow collection: the path from the block line that opens it, then the keys inside. */
function yamlFlowContext(text: string, offset: number, f: FlowCursor): CompletionContext | undefined {
  const above = pathAbove(text, { ...f, at: 'value', key: f.key, partialStart: f.lineStart });
  if (!above) return undefined;
  const path = [...above, f.key, ...f.path];
  const end = tokenEnd(text, offset, f.at === 'key' ? /[:#,\]}]/ : /[#,\]}]/);
  const replace = { offset: f.partialStart, length: end - f.partialStart };
  if (f.at === 'value')
    return {
      path: f.valueOf === undefined ? path : [...path, f.valueOf],
      at: 'value',
      replace,
      inString: false,
      flow: true,
      spaceBefore: f.valueOf !== undefined && text[f.partialStart - 1] === ':',
    };
  const next = text.slice(end).trimStart()[0];
  return {
    path,
    at: 'key',
    replace,
    inString: false,
    flow: true,
    commaAfter: next !== undefined && !/[,}\]]/.test(next),
  };
}

/**
 * Where the token at `offset` ends: the typed part runs on to `stop`, trailing blanks left out; nothing is typed
 * where a blank or a quote follows the cursor (the next key is not part of it).
 */
function tokenEnd(text: string, offset: number, stop: RegExp): number {
  if (/^[\s"']/.test(text[offset] ?? '')) return offset;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && !stop.test(text[end]!)) end++;
  while (end > offset && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function valueText(doc: SpecDocument, v: string, flow = false): string {
  if (doc.format !== 'yaml') return JSON.stringify(v);
  return isPlainYamlSafe(v, flow) ? v : JSON.stringify(v);
}

function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** A snippet body (from the schema's defaultSnippets) as JSON or YAML text; strings keep their `${n:x}` placeholders. */
function snippetBody(doc: SpecDocument, body: unknown, indent: string): string {
  const unit = '  ';
  if (doc.format !== 'yaml') {
    const json = JSON.stringify(body, null, unit).replace(/\\\\\$/g, '\\$');
    const lines = json.split('\n');
    return lines
      .slice(1, -1)
      .map((l, i) => (i === 0 ? l.slice(unit.length) : indent + l.slice(unit.length)))
      .join('\n');
  }
  const lines: string[] = [];
  const emit = (v: unknown, ind: string, key: string) => {
    const k = key.includes('${') ? key : valueText(doc, key);
    if (Array.isArray(v)) {
      lines.push(`${ind}${k}:`);
      for (const x of v) lines.push(`${ind}${unit}- ${typeof x === 'string' ? x : JSON.stringify(x)}`);
    } else if (v && typeof v === 'object') {
      lines.push(`${ind}${k}:`);
      for (const [ck, cv] of Object.entries(v)) emit(cv, ind + unit, ck);
    } else lines.push(`${ind}${k}: ${yamlSnippetScalar(v)}`);
  };
  for (const [k, v] of Object.entries(body as object)) emit(v, indent, k);
  return lines.join('\n').slice(indent.length);
}

/**
 * A scalar of a schema snippet as YAML snippet text. Strings are snippet text already (`\\$` for a dollar, `${n:x}`
 * placeholders): those with a placeholder, or a leading `\\$`, go in plain; others that YAML cannot hold plain are
 * double-quoted from their literal text and escaped for the snippet again.
 */
function yamlSnippetScalar(v: unknown): string {
  const s = String(v);
  if (typeof v !== 'string' || s.includes('${') || s.startsWith('\\$')) return s;
  const literal = s.replace(/\\([$}\\])/g, '$1');
  return isPlainYamlSafe(literal) ? s : snippetEscape(JSON.stringify(literal));
}

/** A property's key and its value as a snippet; `en`, the choices offered for an enum. */
function propertyInsert(
  doc: SpecDocument,
  name: string,
  schema: SchemaNode | undefined,
  en: string[] | undefined,
  flow = false,
): string {
  const s = deref(schema);
  const type = Array.isArray(s?.type) ? s!.type[0] : s?.type;
  if (doc.format === 'yaml') {
    const k = snippetEscape(valueText(doc, name, flow));
    if (type === 'object' || s?.properties) return flow ? `${k}: { $0 }` : `${k}:\n  $0`;
    if (type === 'array') return flow ? `${k}: [ $0 ]` : `${k}:\n  - $0`;
    // A choice escapes only `,` and `|` (VS Code reads any other backslash as text).
    if (en) return `${k}: \${1|${en.map((e) => valueText(doc, e, flow).replace(/[,|]/g, '\\$&')).join(',')}|}`;
    if (type === 'boolean') return `${k}: \${1|true,false|}`;
    return `${k}: $0`;
  }
  const k = JSON.stringify(name);
  if (type === 'object' || s?.properties) return `${k}: {$0}`;
  if (type === 'array') return `${k}: [$0]`;
  if (en) return `${k}: \${1|${en.map((e) => JSON.stringify(e).replace(/[,|]/g, '\\$&')).join(',')}|}`;
  if (type === 'boolean') return `${k}: \${1|true,false|}`;
  if (type === 'integer' || type === 'number') return `${k}: \${1:0}`;
  return `${k}: "$1"`;
}

function routeKeySuggestions(doc: SpecDocument): string[] {
  const spec = doc.value as { api?: { protocol?: unknown }; routes?: Record<string, unknown> } | undefined;
  const existing = new Set(Object.keys(spec?.routes && typeof spec.routes === 'object' ? spec.routes : {}));
  const out: string[] = [];
  if (spec?.api?.protocol === 'WEBSOCKET') {
    out.push(...WEBSOCKET_RESERVED_ROUTES.filter((r) => !existing.has(r)));
    return out;
  }
  const paths = new Set<string>();
  for (const k of existing) {
    const m = /^\S+ (\/\S*)$/.exec(k);
    if (m) paths.add(m[1]!);
  }
  for (const p of [...paths].sort()) {
    for (const method of HTTP_METHODS) if (!existing.has(`${method} ${p}`)) out.push(`${method} ${p}`);
  }
  if (!existing.has('$default')) out.push('$default');
  return out;
}

/** What completion answers: its items, and whether they are all there are (VS Code's CompletionList). */
export interface CompletionList {
  items: CompletionItem[];
  /**
   * The items are a best-first slice of more, those the typed text matches (bestNames): the editor asks again as
   * more is typed, instead of receiving, and filtering, every route key of a 3,000-route spec on each keystroke.
   */
  isIncomplete: boolean;
}

/**
 * The most names one list of the spec's own items carries (new route keys, `routeSettings` keys, references): the
 * suggest widget shows a dozen; 300 is AWS's default quota of routes, so a spec within it is offered every name.
 */
export const COMPLETION_LIMIT = 300;

/** What a list of the spec's names is cut to, and by what: the text typed in the item's range, lower case. */
interface Bound {
  typed: string;
  /** JSON, inside quotes: the editor filters the quoted name (the items' filterText). */
  quoted: boolean;
  limit: number;
}

/** Completion items at `offset`; lists of the spec's names longer than `limit` are cut (isIncomplete). */
export function completions(doc: SpecDocument, offset: number, limit = COMPLETION_LIMIT): CompletionList {
  if (doc.refused) return whole([]);
  const variables = variableItems(doc, offset);
  if (variables) return whole(variables);
  const ctx = doc.format === 'yaml' ? yamlContext(doc, offset) : jsonContext(doc, offset);
  if (!ctx) return whole([]);
  const bound: Bound = { typed: typedText(doc, ctx, offset), quoted: ctx.inString, limit };
  if (ctx.at === 'value') {
    const kind = referenceKindAt(ctx.path);
    const list = kind ? referenceItems(doc, ctx, kind, bound) : whole(valueItems(doc, ctx));
    return { items: afterColon(list.items, ctx), isIncomplete: list.isIncomplete };
  }
  const present = new Set(props(doc.nodeAt(ctx.path)).map((p) => p.key));
  const routes = ctx.path.length === 1 && ctx.path[0] === 'routes' ? routeKeyItems(doc, ctx, bound) : whole([]);
  const others =
    ctx.path.length === 3 && ctx.path[0] === 'stages' && ctx.path[2] === 'routeSettings'
      ? routeSettingItems(doc, ctx, present, bound)
      : whole(propertyItems(doc, ctx, present));
  return {
    items: [...routes.items, ...others.items].map((i) => keyItemAt(ctx, i)),
    isIncomplete: routes.isIncomplete || others.isIncomplete,
  };
}

/**
 * A key's item as written at `ctx`: with its comma when a property follows; inside a JSON string, which it replaces
 * quotes included, filtered by its quoted label, since VS Code filters by the text from the opening quote (a bare
 * label never matches a `"`).
 */
function keyItemAt(ctx: CompletionContext, i: CompletionItem): CompletionItem {
  return {
    ...i,
    ...(ctx.inString && i.filterText === undefined ? { filterText: JSON.stringify(i.label) } : {}),
    insertText: ctx.commaAfter ? `${i.insertText},` : i.insertText,
  };
}

function whole(items: CompletionItem[]): CompletionList {
  return { items, isIncomplete: false };
}

/**
 * What the editor filters the items by: the text from the start of the range they replace to the cursor, leading
 * blanks left out (VS Code's suggest widget does the same), in lower case.
 */
function typedText(doc: SpecDocument, ctx: CompletionContext, offset: number): string {
  return doc.text.slice(ctx.replace.offset, Math.max(ctx.replace.offset, offset)).trimStart().toLowerCase();
}

/**
 * The items of at most `limit` of `names`, each built by `item` from its index (only those kept are built). Up to
 * `limit`, all of them in their order, whatever is typed. Up to `limit`, all of them in their order, whatever is typed. Past it, those the
 * editor's filter shows for the typed text (matchRank) — those it starts first, then those where one of their words
 * does — each group in the order the editor sorts them (by name, any case), cut at `limit` and marked incomplete:
 * typing more asks again, so a name left out now is offered once it is among the best.
 */
function bestOf(names: readonly string[], b: Bound, item: (index: number) => CompletionItem): CompletionList {
  if (names.length <= b.limit) return { items: names.map((_, i) => item(i)), isIncomplete: false };
  const ranked: Ranked[] = [];
  names.forEach((name, index) => {
    const rank = matchRank(b.quoted ? JSON.stringify(name) : name, b.typed);
    if (rank !== undefined) ranked.push({ index, low: name.toLowerCase(), rank });
  });
  ranked.sort(byRankThenName);
  return { items: ranked.slice(0, b.limit).map((r) => item(r.index)), isIncomplete: true };
}

interface Ranked {
  index: number;
  low: string;
  rank: number;
}

function byRankThenName(a: Ranked, b: Ranked): number {
  return a.rank - b.rank || (a.low < b.low ? -1 : a.low > b.low ? 1 : 0);
}

/** VS Code's separators for its fuzzy filter: a typed text may start matching right after (or at) one. */
const WORD_SEPARATORS = new Set([
  ' ',
  '\t',
  '/',
  '\\',
  '-',
  '_',
  '.',
  ':',
  '$',
  '"',
  "'",
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '<',
  '>',
]);

/**
 * 0 when `filter` (an item's filterText, or its label) starts with `typed` (lower case), 1 when a word of it does
 * (after a separator, at one, or at a capital after a small letter), undefined otherwise. Both are matches that VS
 * Code's suggest filter shows: its fuzzy match needs the typed text's first character where a word starts
 * (`editor.suggest.matchOnWordStartOnly`, on by default), then the rest in order, which a contiguous match has. A
 * leading quote typed in JSON matches the quoted name's, and the rest is matched on the name.
 */
function matchRank(filter: string, typed: string): 0 | 1 | undefined {
  if (typed.startsWith('"') && filter.startsWith('"')) return matchRank(filter.slice(1), typed.slice(1));
  const low = filter.toLowerCase();
  if (low.startsWith(typed)) return 0;
  for (let at = low.indexOf(typed, 1); at > 0; at = low.indexOf(typed, at + 1)) if (startsWord(filter, at)) return 1;
  return undefined;
}

/** Whether a word of `s` starts at `at`, as VS Code's fuzzy filter counts a strong first match. */
function startsWord(s: string, at: number): boolean {
  const before = s[at - 1]!;
  const here = s[at]!;
  if (WORD_SEPARATORS.has(before)) return true;
  if (WORD_SEPARATORS.has(here)) return true;
  return here !== here.toLowerCase() && before === before.toLowerCase();
}

/**
 * Inside a string that names variables (an access log format, a mapping template): the names that may follow the
 * `$…` typed before the cursor, replacing the partial name. Undefined outside such strings.
 */
function variableItems(doc: SpecDocument, offset: number): CompletionItem[] | undefined {
  const el = doc.elementAt(offset);
  if (el?.node?.kind !== 'string' || el.onKey) return undefined;
  const before = doc.text.slice(Math.max(el.node.offset, offset - 200), offset);
  const kind = variableStringAt(el.path);
  if (!kind) return expressionItems(doc, el.path, before, offset);
  const typed = typedReference(before);
  if (!typed) return [];
  const object = typed.object ? `$${typed.object}.` : '$';
  return variablesAfter(kind, typed.object, variableScope(doc)).map((v) => ({
    label: v.name,
    kind: 'variable',
    detail: `${object}${v.name}`,
    ...documented(v.description),
    insertText: v.insert,
    snippet: false,
    replace: partialRange(doc, offset, typed.partial),
    filterText: v.name,
  }));
}

function documented(description: string | undefined): { documentation?: string } {
  return description ? { documentation: description } : {};
}

/** The partial name typed before the cursor and the rest of the word after it: what an item replaces. */
function partialRange(doc: SpecDocument, offset: number, partial: string): { offset: number; length: number } {
  let end = offset;
  while (end < doc.text.length && /[A-Za-z0-9_]/.test(doc.text[end]!)) end++;
  return { offset: offset - partial.length, length: end - offset + partial.length };
}

/**
 * After `${` in a value where API Gateway evaluates its expressions (parameter mapping, selection expressions): the
 * expressions that may start there, then `${context.` the context variables and `${stageVariables.` the stages'
 * variable names. Undefined when no `${` is being typed (the other items then apply).
 */
function expressionItems(
  doc: SpecDocument,
  path: ReadonlyArray<string | number>,
  before: string,
  offset: number,
): CompletionItem[] | undefined {
  const typed = /\$\{([A-Za-z0-9_.:-]*)$/.exec(before)?.[1];
  if (typed === undefined) return undefined;
  const scope = variableScope(doc);
  const starts = expressionStarts(scope.protocol, [...path]);
  if (!starts) return undefined;
  const [head, names] =
    typed.startsWith('context.') && starts.includes('context.')
      ? ['context.', accessLogVariables(scope.protocol)]
      : typed.startsWith('stageVariables.')
        ? ['stageVariables.', scope.stageVariables]
        : ['', starts];
  const partial = typed.slice(head.length);
  return names.map((name) => ({
    label: name,
    kind: 'variable',
    detail: `\${${head}${name}${name.endsWith('.') ? '…' : ''}}`,
    ...documented(head === 'context.' ? accessLogVariableDoc(scope.protocol, name) : undefined),
    insertText: name,
    snippet: false,
    replace: partialRange(doc, offset, partial),
    filterText: name,
  }));
}

/** The protocol a spec's access logs follow and the names its stages give their variables. */
function variableScope(doc: SpecDocument): VariableScope {
  const names = new Set<string>();
  for (const stage of props(doc.nodeAt(['stages'])))
    for (const v of props(propertyOf(stage.value, 'variables')?.value)) names.add(v.key);
  return { protocol: protocolOf(doc) === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP', stageVariables: [...names] };
}

/** Items for a value typed right after `key:`: each starts with the blank YAML needs there. */
function afterColon(items: CompletionItem[], ctx: CompletionContext): CompletionItem[] {
  return ctx.spaceBefore ? items.map((i) => ({ ...i, insertText: ` ${i.insertText}` })) : items;
}

/** The names of the section a reference field points into, cut to `b` (bestOf). */
function referenceItems(doc: SpecDocument, ctx: CompletionContext, kind: ItemKind, b: Bound): CompletionList {
  const items = props(doc.nodeAt([SECTION_OF[kind]]));
  return bestOf(
    items.map((p) => p.key),
    b,
    (i) => referenceItem(doc, ctx, kind, items[i]!),
  );
}

function referenceItem(doc: SpecDocument, ctx: CompletionContext, kind: ItemKind, p: AstProperty): CompletionItem {
  const detail = detailOf(kind, p.value);
  return {
    label: p.key,
    kind: 'reference',
    detail: `${KIND_LABEL[kind]}${detail ? ` · ${detail}` : ''}`,
    insertText: valueText(doc, p.key, ctx.flow),
    snippet: false,
    replace: ctx.replace,
    filterText: ctx.inString ? JSON.stringify(p.key) : p.key,
  };
}

/** The schema's choices for a value: its enum (the values the spec's protocol takes), true/false, or its constant. */
function valueItems(doc: SpecDocument, ctx: CompletionContext): CompletionItem[] {
  const { path } = ctx;
  const s = schemaAt(path);
  const values = s?.enum
    ? s.enum.map(String).filter((v) => takesValue(protocolOf(doc), path, v, plainAt(doc, path.slice(0, -1))))
    : s?.type === 'boolean'
      ? ['true', 'false']
      : s?.const !== undefined
        ? [String(s.const)]
        : [];
  return values.map(
    (v) =>
      ({
        label: v,
        kind: 'value',
        detail: path.length ? String(path[path.length - 1]) : undefined,
        insertText: s?.type === 'boolean' || typeof s?.const === 'number' ? v : valueText(doc, v, ctx.flow),
        snippet: false,
        replace: ctx.replace,
        filterText: ctx.inString ? JSON.stringify(v) : v,
      }) as CompletionItem,
  );
}

/** New route keys under `routes`: methods missing for the paths there, `$default`, the WebSocket keys; cut to `b`. */
function routeKeyItems(doc: SpecDocument, ctx: CompletionContext, b: Bound): CompletionList {
  const keys = routeKeySuggestions(doc);
  return bestOf(keys, b, (i) => routeKeyItem(doc, ctx, keys[i]!));
}

function routeKeyItem(doc: SpecDocument, ctx: CompletionContext, key: string): CompletionItem {
  return {
    label: key,
    kind: 'routeKey',
    detail: 'route key',
    insertText:
      doc.format === 'yaml'
        ? `${snippetEscape(valueText(doc, key, ctx.flow))}:${ctx.flow ? ' { integration: $0 }' : '\n  integration: $0'}`
        : `${JSON.stringify(key).replace(/\$/g, '\\$')}: {\n  "integration": "$0"\n}`,
    snippet: true,
    replace: ctx.replace,
    sortText: `0${key}`,
  };
}

/** A stage's `routeSettings` keys: the routes that have none yet, cut to `b`. */
function routeSettingItems(doc: SpecDocument, ctx: CompletionContext, present: Set<string>, b: Bound): CompletionList {
  const keys = props(doc.nodeAt(['routes']))
    .map((p) => p.key)
    .filter((key) => !present.has(key));
  return bestOf(keys, b, (i) => routeSettingItem(doc, ctx, keys[i]!));
}

function routeSettingItem(doc: SpecDocument, ctx: CompletionContext, key: string): CompletionItem {
  return {
    label: key,
    kind: 'routeKey',
    detail: 'route',
    insertText:
      doc.format === 'yaml'
        ? `${snippetEscape(valueText(doc, key, ctx.flow))}:${ctx.flow ? ' { $0 }' : '\n  $0'}`
        : `${snippetEscape(JSON.stringify(key))}: {$0}`,
    snippet: true,
    replace: ctx.replace,
  };
}

/**
 * A snippet body whose keys are placeholders (`${1:dev}`) with a default the object already has (`dev`): the default
 * is numbered (`dev2`) so that taking it as it is adds an entry instead of a duplicate key.
 */
function unusedPlaceholderKeys(body: unknown, present: Set<string>): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const m = /^\$\{(\d+):([^}]*)\}$/.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    let name = m[2]!;
    for (let n = 2; present.has(name); n++) name = `${m[2]}${n}`;
    out[`\${${m[1]}:${name}}`] = value;
  }
  return out;
}

/**
 * The schema's properties not yet present, then its snippets: those the spec's protocol takes, with the values it
 * takes (protocolFields.ts).
 */
function propertyItems(doc: SpecDocument, ctx: CompletionContext, present: Set<string>): CompletionItem[] {
  const schema = schemaAt(ctx.path);
  const protocol = protocolOf(doc);
  const refused = refusedProperties(protocol, ctx.path);
  const owner = plainAt(doc, ctx.path);
  const items: CompletionItem[] = [];
  for (const [name, ps] of Object.entries(schema?.properties ?? {})) {
    if (present.has(name) || refused.includes(name)) continue;
    const d = deref(ps);
    const refusedValue = refusedValues(protocol, [...ctx.path, name], owner);
    const en = d?.enum?.map(String).filter((v) => !refusedValue.includes(v));
    items.push({
      label: name,
      kind: 'property',
      detail: en ? en.join(' | ') : typeof d?.type === 'string' ? d.type : undefined,
      documentation: d?.description,
      insertText: propertyInsert(doc, name, ps, en, ctx.flow),
      snippet: true,
      replace: ctx.replace,
      sortText: `1${name}`,
    } as CompletionItem);
  }
  // Snippets are block-style bodies: not offered inside a flow collection.
  for (const sn of ctx.flow ? [] : (schema?.defaultSnippets ?? [])) {
    if ((sn.protocol !== undefined && sn.protocol !== protocol) || !takesAll(protocol, ctx.path, sn.body)) continue;
    items.push({
      label: sn.label,
      kind: 'snippet',
      detail: sn.description ?? 'snippet',
      insertText: snippetBody(doc, unusedPlaceholderKeys(sn.body, present), ''),
      snippet: true,
      replace: ctx.replace,
      sortText: `2${sn.label}`,
    } as CompletionItem);
  }
  return items;
}
