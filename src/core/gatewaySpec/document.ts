// Parsing with positions: JSON, JSON with comments and YAML all become one small syntax tree that keeps the offset
// of every key and value, so that any problem found on the plain value can be pointed at exactly.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { JsonPath, Position, Range } from './diagnostics';

export type SpecFormat = 'json' | 'jsonc' | 'yaml';

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface AstNode {
  kind: NodeKind;
  offset: number;
  length: number;
  /** Scalars: the value. */
  value?: string | number | boolean | null;
  /** Objects: every property in document order, duplicates included. */
  properties?: AstProperty[];
  /** Objects: property by name (the last one wins, as with JSON.parse). */
  index?: Map<string, AstProperty>;
  /** Arrays. */
  items?: AstNode[];
  /** Strings written with quotes. */
  quoted?: boolean;
}

export interface AstProperty {
  key: string;
  keyOffset: number;
  keyLength: number;
  keyQuoted: boolean;
  /** Missing after a syntax error (`"a": ` at the end of the text). */
  value: AstNode | undefined;
  /** The whole property, key to end of value. */
  offset: number;
  length: number;
}

export interface SyntaxProblem {
  kind: 'syntax' | 'duplicate' | 'nonStringKey';
  message: string;
  offset: number;
  length: number;
  severity: 'error' | 'warning';
  /** Duplicates: the first occurrence. */
  firstOffset?: number;
  firstLength?: number;
}

/** The format a file name implies: `.yaml`/`.yml` → yaml, `.jsonc` → jsonc, anything else → json. */
export function formatOf(fileName: string): SpecFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.jsonc')) return 'jsonc';
  return 'json';
}

/**
 * A parsed spec text: the syntax tree, the plain value built from it, and offset/position/path conversions.
 *
 * Strict JSON takes a fast path: the value comes from the native JSON.parse (with a check that no key was
 * duplicated), and the syntax tree is only built when something asks for it — a diagnostic that needs more than a
 * few ranges, a quick fix, an editor feature. A valid spec is validated without ever building it.
 */
export class SpecDocument {
  private tree: AstNode | null | undefined;
  private problems: SyntaxProblem[] | undefined;
  private plain: unknown;
  private lineStarts: number[] | undefined;
  /** Path lookups answered by scanning the text instead of building the tree. */
  private scans = 0;
  /** Positions computed without the line table. */
  private positions = 0;

  constructor(
    readonly text: string,
    readonly format: SpecFormat,
  ) {
    const fast = format === 'yaml' ? undefined : fastJson(text);
    if (fast) {
      this.plain = fast.value;
      this.problems = [];
    } else {
      this.parse();
    }
  }

  /** The syntax tree; undefined when the text holds no value at all. */
  get root(): AstNode | undefined {
    if (this.tree === undefined) this.parse();
    return this.tree ?? undefined;
  }

  /** The plain value (objects, arrays, scalars) the text describes, as JSON.parse would give it. */
  get value(): unknown {
    return this.plain;
  }

  get syntaxProblems(): SyntaxProblem[] {
    return this.problems!;
  }

  /** The kind of the top-level value, without building the tree when the fast path already knows it. */
  get topLevelKind(): NodeKind | undefined {
    if (this.tree === undefined && this.plain !== undefined) return 'object';
    return this.root?.kind;
  }

  private parse(): void {
    const parsed = this.format === 'yaml' ? parseYaml(this.text) : parseJson(this.text, this.format === 'jsonc');
    this.tree = parsed.root ?? null;
    const problems = parsed.problems;
    const value = parsed.root ? toValue(parsed.root, problems) : undefined;
    if (this.problems === undefined) {
      this.problems = problems;
      this.plain = value;
    }
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    if (!this.lineStarts && this.positions++ < 8 && !this.text.includes('\r')) {
      // A few positions are cheaper to count than the table of every line start.
      let line = 0;
      let start = 0;
      for (let i = this.text.indexOf('\n'); i >= 0 && i < o; i = this.text.indexOf('\n', i + 1)) {
        line++;
        start = i + 1;
      }
      return { line, character: o - start };
    }
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offsetAt(position: Position): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    return Math.min(starts[position.line]! + Math.max(0, position.character), lineEnd);
  }

  rangeAt(offset: number, length: number): Range {
    const start = Math.max(0, Math.min(offset, this.text.length));
    const end = Math.max(start, Math.min(offset + length, this.text.length));
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The node at `path`, or undefined when the path does not exist. */
  nodeAt(path: JsonPath): AstNode | undefined {
    let node = this.root;
    for (const seg of path) {
      if (!node) return undefined;
      if (typeof seg === 'number') node = node.items?.[seg];
      else node = node.index?.get(seg)?.value;
    }
    return node;
  }

  /** The property that holds the last segment of `path` (a string segment), if any. */
  propertyAt(path: JsonPath): AstProperty | undefined {
    if (path.length === 0) return undefined;
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    return this.nodeAt(path.slice(0, -1))?.index?.get(last);
  }

  /**
   * The offsets of the element at `path`: its key (`target: 'key'`) or its value. Falls back to the nearest
   * existing ancestor, so a problem always has a place to point at.
   */
  locate(path: JsonPath, target: 'key' | 'value' = 'value'): { offset: number; length: number; path: JsonPath } {
    // A handful of lookups scan the text; more than that pay for the tree once.
    const scan = this.tree === undefined && this.scans++ < 16;
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const found = scan ? scanPath(this.text, p) : this.lookup(p);
      if (!found) continue;
      const { prop, node } = found;
      if (prop && (target === 'key' || n < path.length || !node))
        return { offset: prop.keyOffset, length: prop.keyLength, path: p };
      if (node) {
        // A whole object or array is a large range: its key (when it has one) says the same, more precisely.
        if (n === 0 && (node.kind === 'object' || node.kind === 'array'))
          return { offset: node.offset, length: Math.min(node.length, 1), path: p };
        return { offset: node.offset, length: node.length, path: p };
      }
    }
    return { offset: 0, length: 0, path: [] };
  }

  private lookup(path: JsonPath): PathHit | undefined {
    const node = this.nodeAt(path);
    const prop = this.propertyAt(path);
    if (!node && !prop) return undefined;
    return { ...(prop ? { prop } : {}), ...(node ? { node } : {}) };
  }

  /** Range form of `locate()`. */
  rangeOf(path: JsonPath, target: 'key' | 'value' = 'value'): Range {
    const { offset, length } = this.locate(path, target);
    return this.rangeAt(offset, length);
  }

  /** The deepest element at `offset`: its path, and whether the offset is on a key. */
  elementAt(
    offset: number,
  ): { path: Array<string | number>; node: AstNode | undefined; onKey: boolean; property?: AstProperty } | undefined {
    if (!this.root || !contains(this.root, offset)) return undefined;
    const path: Array<string | number> = [];
    let node: AstNode = this.root;
    let property: AstProperty | undefined;
    for (;;) {
      let next: AstNode | undefined;
      if (node.properties) {
        const prop = node.properties.find((p) => offset >= p.keyOffset && offset <= p.keyOffset + p.keyLength);
        if (prop) {
          path.push(prop.key);
          return { path, node: prop.value, onKey: true, property: prop };
        }
        const inValue = node.properties.find((p) => p.value && contains(p.value, offset));
        if (inValue) {
          path.push(inValue.key);
          property = inValue;
          next = inValue.value;
        }
      } else if (node.items) {
        const i = node.items.findIndex((item) => contains(item, offset));
        if (i >= 0) {
          path.push(i);
          property = undefined;
          next = node.items[i];
        }
      }
      if (!next) return { path, node, onKey: false, ...(property ? { property } : {}) };
      node = next;
    }
  }
}

interface PathHit {
  prop?: { keyOffset: number; keyLength: number };
  node?: { kind: NodeKind; offset: number; readonly length: number };
}

// ---- the strict-JSON fast path ----

/** The strings of valid JSON text that are followed by a colon: its keys, duplicates included. */
function countKeyTokens(text: string): number {
  let keys = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    const j = skipWs(text, skipString(text, i));
    if (text.charCodeAt(j) === 58 /* : */) keys++;
    i = text.indexOf('"', j);
  }
  return keys;
}

function countKeys(v: unknown): number {
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) if (x !== null && typeof x === 'object') n += countKeys(x);
    return n;
  }
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  for (const k in v) {
    n++;
    const x = (v as Record<string, unknown>)[k];
    if (x !== null && typeof x === 'object') n += countKeys(x);
  }
  return n;
}

/**
 * The value of a strict JSON object text through the native parser, or undefined when the text needs the full
 * parser: a syntax error, a top level that is not an object, or a duplicated key (which JSON.parse drops: the
 * keys the text holds are counted against the keys the value kept). In valid JSON every `"` outside a string starts
 * one, so scanning whole strings from left to right finds each key exactly once.
 */
function fastJson(text: string): { value: Record<string, unknown> } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return countKeyTokens(text) === countKeys(value) ? { value: value as Record<string, unknown> } : undefined;
}

/** Finds one path in valid JSON text without building a tree: skips over every value that is not on the path. */
function scanPath(text: string, path: JsonPath): PathHit | undefined {
  let pos = skipWs(text, 0);
  let prop: PathHit['prop'];
  for (const seg of path) {
    prop = undefined;
    if (typeof seg === 'number') {
      if (text[pos] !== '[') return undefined;
      pos = skipWs(text, pos + 1);
      for (let i = 0; i < seg; i++) {
        if (text[pos] === ']') return undefined;
        pos = skipWs(text, skipValue(text, pos));
        if (text[pos] !== ',') return undefined;
        pos = skipWs(text, pos + 1);
      }
      if (text[pos] === ']') return undefined;
      continue;
    }
    if (text[pos] !== '{') return undefined;
    pos = skipWs(text, pos + 1);
    for (;;) {
      if (text[pos] !== '"') return undefined;
      const keyStart = pos;
      const keyEnd = skipString(text, pos);
      const raw = text.slice(keyStart + 1, keyEnd - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : raw;
      pos = skipWs(text, skipWs(text, keyEnd) + 1);
      if (key === seg) {
        prop = { keyOffset: keyStart, keyLength: keyEnd - keyStart };
        break;
      }
      pos = skipWs(text, skipValue(text, pos));
      if (text[pos] !== ',') return undefined;
      pos = skipWs(text, pos + 1);
    }
  }
  const c = text[pos];
  const kind: NodeKind =
    c === '{'
      ? 'object'
      : c === '['
        ? 'array'
        : c === '"'
          ? 'string'
          : c === 't' || c === 'f'
            ? 'boolean'
            : c === 'n'
              ? 'null'
              : 'number';
  const offset = pos;
  let length: number | undefined;
  // The value's end is found only when asked for: a key's range never needs it.
  return {
    ...(prop ? { prop } : {}),
    node: {
      kind,
      offset,
      get length() {
        return (length ??= skipValue(text, offset) - offset);
      },
    },
  };
}

function skipWs(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function skipString(text: string, pos: number): number {
  let i = pos + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let j = q - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

function skipValue(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') return skipString(text, pos);
  if (c === '{' || c === '[') {
    let depth = 0;
    let i = pos;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === 34) {
        i = skipString(text, i);
        continue;
      }
      if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return text.length;
  }
  let i = pos;
  while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  return i;
}

function contains(node: AstNode, offset: number): boolean {
  return offset >= node.offset && offset <= node.offset + node.length;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

// ---- JSON / JSONC ----

function parseJson(text: string, comments: boolean): { root: AstNode | undefined; problems: SyntaxProblem[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    allowTrailingComma: comments,
    disallowComments: !comments,
    allowEmptyContent: false,
  });
  const problems: SyntaxProblem[] = errors.map((e) => ({
    kind: 'syntax',
    message: jsonErrorMessage(printParseErrorCode(e.error)),
    offset: e.offset,
    length: e.length,
    severity: 'error',
  }));
  return { root: tree ? fromJson(tree, text) : undefined, problems };
}

const JSON_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol.',
  InvalidNumberFormat: 'Invalid number format.',
  PropertyNameExpected: 'Property name expected.',
  ValueExpected: 'Value expected.',
  ColonExpected: 'Colon expected.',
  CommaExpected: 'Comma expected.',
  CloseBraceExpected: 'Closing brace } expected.',
  CloseBracketExpected: 'Closing bracket ] expected.',
  EndOfFileExpected: 'End of file expected: a spec holds one object.',
  InvalidCommentToken: 'Comments are not permitted in .json files: rename the file to .apigw.jsonc to use them.',
  UnexpectedEndOfComment: 'Unexpected end of comment.',
  UnexpectedEndOfString: 'Unterminated string.',
  UnexpectedEndOfNumber: 'Unexpected end of number.',
  InvalidUnicode: 'Invalid unicode escape sequence.',
  InvalidEscapeCharacter: 'Invalid escape character in string.',
  InvalidCharacter: 'Invalid character in string.',
};

function jsonErrorMessage(code: string): string {
  return JSON_MESSAGES[code] ?? `${code}.`;
}

function fromJson(n: JsonNode, text: string): AstNode {
  switch (n.type) {
    case 'object': {
      const properties: AstProperty[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        properties.push({
          key: String(k.value),
          keyOffset: k.offset,
          keyLength: k.length,
          keyQuoted: true,
          value: v ? fromJson(v, text) : undefined,
          offset: p.offset,
          length: p.length,
        });
      }
      return { kind: 'object', offset: n.offset, length: n.length, properties };
    }
    case 'array':
      return {
        kind: 'array',
        offset: n.offset,
        length: n.length,
        items: (n.children ?? []).map((c) => fromJson(c, text)),
      };
    case 'string':
      return { kind: 'string', offset: n.offset, length: n.length, value: String(n.value ?? ''), quoted: true };
    case 'number':
      return { kind: 'number', offset: n.offset, length: n.length, value: Number(n.value) };
    case 'boolean':
      return { kind: 'boolean', offset: n.offset, length: n.length, value: Boolean(n.value) };
    default:
      return { kind: 'null', offset: n.offset, length: n.length, value: null };
  }
}

// ---- YAML ----

/** Aliases may nest; a document that expands beyond this many nodes is refused (the "billion laughs" attack). */
const MAX_YAML_NODES = 200_000;

function parseYaml(text: string): { root: AstNode | undefined; problems: SyntaxProblem[] } {
  const doc = parseDocument(text, {
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    version: '1.2',
    merge: false,
  });
  const problems: SyntaxProblem[] = [];
  for (const e of doc.errors) problems.push(yamlProblem(e.message, e.pos, 'error', text));
  for (const w of doc.warnings) problems.push(yamlProblem(w.message, w.pos, 'warning', text));
  const state = { budget: MAX_YAML_NODES, problems, doc, active: new Set<YamlNode>(), text };
  const root = doc.contents ? fromYaml(doc.contents, state) : undefined;
  if (state.budget < 0) {
    problems.push({
      kind: 'syntax',
      message: 'The YAML aliases expand to too many nodes.',
      offset: 0,
      length: 0,
      severity: 'error',
    });
    return { root: undefined, problems };
  }
  return { root, problems };
}

function yamlProblem(
  message: string,
  pos: [number, number],
  severity: 'error' | 'warning',
  text: string,
): SyntaxProblem {
  const offset = Math.min(pos[0], text.length);
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return {
    kind: 'syntax',
    message: first.endsWith('.') ? first : `${first}.`,
    offset,
    length: Math.max(0, Math.min(pos[1], text.length) - offset),
    severity,
  };
}

interface YamlState {
  budget: number;
  problems: SyntaxProblem[];
  doc: Document;
  active: Set<YamlNode>;
  text: string;
}

/** A node's offset and length, without the line breaks and indentation a block collection's range runs into. */
function rangeOfYaml(node: YamlNode, text: string): [number, number] {
  const r = node.range;
  if (!r) return [0, 0];
  let end = Math.min(r[1], text.length);
  while (end > r[0] && /\s/.test(text[end - 1]!)) end--;
  return [r[0], end - r[0]];
}

function fromYaml(node: YamlNode, state: YamlState): AstNode {
  state.budget--;
  const [offset, length] = rangeOfYaml(node, state.text);
  if (state.budget < 0) return { kind: 'null', offset, length, value: null };
  if (isAlias(node)) {
    const target = node.resolve(state.doc);
    if (!target || state.active.has(target)) return { kind: 'null', offset, length, value: null };
    state.active.add(target);
    const resolved = fromYaml(target, state);
    state.active.delete(target);
    return resolved;
  }
  if (isMap(node)) {
    const properties: AstProperty[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      let key: string;
      let keyOffset: number;
      let keyLength: number;
      let keyQuoted = false;
      if (keyNode && isScalar(keyNode) && (keyNode.value === null || typeof keyNode.value !== 'object')) {
        key = keyNode.value === null ? '' : String(keyNode.value);
        [keyOffset, keyLength] = rangeOfYaml(keyNode, state.text);
        keyQuoted = keyNode.type === 'QUOTE_DOUBLE' || keyNode.type === 'QUOTE_SINGLE';
      } else if (keyNode) {
        [keyOffset, keyLength] = rangeOfYaml(keyNode, state.text);
        state.problems.push({
          kind: 'nonStringKey',
          message: 'Keys must be plain strings, not collections or aliases.',
          offset: keyOffset,
          length: keyLength,
          severity: 'error',
        });
        continue;
      } else {
        continue;
      }
      const value = valueNode
        ? fromYaml(valueNode, state)
        : { kind: 'null' as const, offset: keyOffset + keyLength, length: 0, value: null };
      const end = Math.max(keyOffset + keyLength, value.offset + value.length);
      properties.push({ key, keyOffset, keyLength, keyQuoted, value, offset: keyOffset, length: end - keyOffset });
    }
    return { kind: 'object', offset, length, properties };
  }
  if (isSeq(node)) {
    const items: AstNode[] = [];
    for (const item of node.items) {
      if (item && typeof item === 'object' && 'range' in (item as object))
        items.push(fromYaml(item as YamlNode, state));
      else items.push({ kind: 'null', offset, length: 0, value: null });
    }
    return { kind: 'array', offset, length, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    if (v === null || v === undefined) return { kind: 'null', offset, length, value: null };
    if (typeof v === 'string') return { kind: 'string', offset, length, value: v, quoted };
    if (typeof v === 'number') return { kind: 'number', offset, length, value: v };
    if (typeof v === 'boolean') return { kind: 'boolean', offset, length, value: v };
    if (typeof v === 'bigint') return { kind: 'number', offset, length, value: Number(v) };
    return { kind: 'string', offset, length, value: String(v), quoted };
  }
  return { kind: 'null', offset, length, value: null };
}

// ---- plain value ----

/** Builds the plain value, the per-object property index, and reports duplicate keys. */
function toValue(node: AstNode, problems: SyntaxProblem[]): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const index = new Map<string, AstProperty>();
      for (const p of node.properties!) {
        const first = index.get(p.key);
        if (first) {
          problems.push({
            kind: 'duplicate',
            message: `Duplicate key '${p.key}': only one of them would take effect.`,
            offset: p.keyOffset,
            length: p.keyLength,
            severity: 'error',
            firstOffset: first.keyOffset,
            firstLength: first.keyLength,
          });
        }
        index.set(p.key, p);
        const v = p.value ? toValue(p.value, problems) : undefined;
        if (p.key === '__proto__')
          Object.defineProperty(out, p.key, { value: v, enumerable: true, writable: true, configurable: true });
        else if (v !== undefined) out[p.key] = v;
      }
      node.index = index;
      return out;
    }
    case 'array':
      return node.items!.map((i) => toValue(i, problems));
    default:
      return node.value;
  }
}
