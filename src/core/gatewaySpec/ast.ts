// The syntax tree every spec format parses into (JSON, JSON with comments, YAML): the offset and length of every key
// and value, so that any problem found on the plain value can be pointed at exactly. Shared by the parsers
// (json.ts, yaml.ts) and the document (document.ts), so none of them imports another for its types.
import type { DiagnosticCode } from './diagnostics';

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
  /** Objects: property by name, built on first use by propertyOf() (read it only through that). */
  index?: Map<string, AstProperty>;
  /** Arrays. */
  items?: AstNode[];
  /** Strings written with quotes. */
  quoted?: boolean;
}

/** Scalars. */
export function scalarNode(
  kind: Exclude<NodeKind, 'object' | 'array'>,
  offset: number,
  length: number,
  value: string | number | boolean | null,
  quoted?: boolean,
): AstNode {
  return shaped(kind, offset, length, value, undefined, undefined, quoted);
}

export function objectNode(offset: number, length: number, properties: AstProperty[]): AstNode {
  return shaped('object', offset, length, undefined, properties, undefined, undefined);
}

export function arrayNode(offset: number, length: number, items: AstNode[]): AstNode {
  return shaped('array', offset, length, undefined, undefined, items, undefined);
}

/**
 * Every node has every field, in one order: the walks over a tree of thousands of nodes (the plain value, lookups)
 * then meet one object shape instead of six, which V8 reads several times faster.
 */
function shaped(
  kind: NodeKind,
  offset: number,
  length: number,
  value: AstNode['value'],
  properties: AstProperty[] | undefined,
  items: AstNode[] | undefined,
  quoted: boolean | undefined,
): AstNode {
  return { kind, offset, length, value, properties, index: undefined, items, quoted };
}

/** An object node's property by name (the last one wins, as with JSON.parse); the index is built on first use. */
export function propertyOf(node: AstNode | undefined, key: string): AstProperty | undefined {
  if (!node?.properties) return undefined;
  if (!node.index) {
    const index = new Map<string, AstProperty>();
    for (const p of node.properties) index.set(p.key, p);
    node.index = index;
  }
  return node.index.get(key);
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
  /** Problems of the input itself (encoding, a limit of the spec input budget) carry their own code. */
  code?: DiagnosticCode;
  /** Duplicates: the first occurrence. */
  firstOffset?: number;
  firstLength?: number;
}

/** What a parser hands the document: the tree (undefined when the text holds no value) and its problems. */
export interface ParseResult {
  root: AstNode | undefined;
  problems: SyntaxProblem[];
  /** Values the text writes (objects, arrays, scalars, aliases; keys are not values). */
  nodes: number;
  /** Values YAML aliases add when expanded, beyond the alias itself. */
  aliasNodes: number;
  /** Steps the parser took: the front end's measure of its own work, for the linear-time checks. */
  work: number;
}

/** The last of `parts` (in document order) that starts at or before `offset`. */
function lastStartingBy<T extends { offset: number }>(parts: readonly T[], offset: number): T | undefined {
  let lo = 0;
  let hi = parts.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (parts[mid]!.offset <= offset) {
      found = parts[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Whether a YAML node is written in flow style (`{ … }`, `[ … ]`) rather than as a block. */
export function isFlowCollection(text: string, node: AstNode): boolean {
  return text[node.offset] === '{' || text[node.offset] === '[';
}

/**
 * Whether `offset` of a YAML text lies inside a flow collection (`{ … }`, `[ … ]`), where a plain scalar ends at
 * `, [ ] { }`: the collections from the root down to it, each found by a binary search of its parent's parts.
 */
export function inFlowCollection(text: string, root: AstNode | undefined, offset: number): boolean {
  for (let node = root; node && (node.kind === 'object' || node.kind === 'array');) {
    if (isFlowCollection(text, node)) return true;
    const part = node.properties ? lastStartingBy(node.properties, offset) : lastStartingBy(node.items ?? [], offset);
    if (!part || offset > part.offset + part.length) return false;
    if (!('keyOffset' in part)) node = part as AstNode;
    // On the key, it is this collection's (not flow: checked above); past it, in its value.
    else if (!part.value || offset < part.value.offset) return false;
    else node = part.value;
  }
  return false;
}
