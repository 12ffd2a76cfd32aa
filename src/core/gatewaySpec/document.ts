// A parsed spec text: the syntax tree (ast.ts) from the parser of its format (json.ts, yaml.ts), the plain value
// built from it, and offset/position/path conversions. The front end (input.ts) makes every path build it the same way.
import {
  propertyOf,
  type AstNode,
  type AstProperty,
  type NodeKind,
  type ParseResult,
  type SpecFormat,
  type SyntaxProblem,
} from './ast';
import type { JsonPath, Position, Range } from './diagnostics';
import { parseJsonFast, parseJsonTree, scanPath, type PathHit } from './json';
import { resolveLimits, type SpecLimits } from './limits';
import { parseYaml } from './yaml';

export type { AstNode, AstProperty, NodeKind, SpecFormat, SyntaxProblem } from './ast';

/** How a document is made: the budget, and a problem that refuses the input before parsing (encoding, size). */
export interface DocumentInit {
  limits?: Partial<SpecLimits>;
  refused?: SyntaxProblem;
}

/** What parsing took: values written, values aliases add, and the front end's work counter. */
export interface DocumentStats {
  nodes: number;
  aliasNodes: number;
  work: number;
}

/** The format a file name implies: `.yaml`/`.yml` → yaml, `.jsonc` → jsonc, anything else → json. */
export function formatOf(fileName: string): SpecFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.jsonc')) return 'jsonc';
  return 'json';
}

/**
 * The format of a text with no name to go by (standard input, an OpenAPI document without an extension): JSON when
 * its first character is `{`, else YAML.
 */
export function formatOfText(text: string): SpecFormat {
  return /^\s*\{/.test(text) ? 'json' : 'yaml';
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
  private parsedStats: Omit<DocumentStats, 'work'> = { nodes: 0, aliasNodes: 0 };
  /** The budget this document was read with. */
  readonly limits: SpecLimits;
  /**
   * Work done on this document, in steps: the parsers count what they read, and later phases add what they scan.
   * The fuzz harness holds it to a budget per KB (linear time) without reading a clock.
   */
  work = 0;
  private lineStarts: number[] | undefined;
  /** Path lookups answered by scanning the text instead of building the tree. */
  private scans = 0;
  /** Positions computed without the line table. */
  private positions = 0;
  /** The last position counted without the table: one at or after it counts on from there. */
  private counted = { offset: 0, line: 0, start: 0 };
  private hasCr: boolean | undefined;

  constructor(
    readonly text: string,
    readonly format: SpecFormat,
    init: DocumentInit = {},
  ) {
    this.limits = resolveLimits(init.limits);
    if (init.refused) {
      this.tree = null;
      this.problems = [init.refused];
      return;
    }
    const fast = format === 'yaml' ? undefined : parseJsonFast(text, this.limits);
    if (fast) {
      this.plain = fast.value;
      this.problems = [];
      this.parsedStats = { nodes: fast.nodes, aliasNodes: 0 };
      this.work += fast.work;
    } else {
      this.parse();
    }
  }

  /** Refused by the front end (not UTF-8, or past a limit): there is no tree, and nothing reads the text. */
  get refused(): boolean {
    return this.problems?.some((p) => p.code !== undefined && p.severity === 'error') ?? false;
  }

  get stats(): DocumentStats {
    return { ...this.parsedStats, work: this.work };
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
    const parsed: ParseResult =
      this.format === 'yaml'
        ? parseYaml(this.text, this.limits)
        : parseJsonTree(this.text, this.format === 'jsonc', this.limits);
    this.tree = parsed.root ?? null;
    this.work += parsed.work;
    const problems = parsed.problems;
    // Without aliases no node is reached twice: nothing to remember.
    const ctx: ValueContext = { problems, nodes: 0, checked: parsed.aliasNodes > 0 ? new Set() : undefined };
    const value = parsed.root ? toValue(parsed.root, ctx) : undefined;
    this.work += ctx.nodes;
    if (this.problems === undefined) {
      this.problems = problems;
      this.plain = value;
      this.parsedStats = { nodes: parsed.nodes, aliasNodes: parsed.aliasNodes };
    }
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // A few positions are cheaper to count than the table of every line start.
    if (!this.lineStarts && this.positions++ < 8 && !(this.hasCr ??= this.text.includes('\r'))) return this.count(o);
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

  /** The position of `o` from the newlines before it, counted on from the last position counted when it is before. */
  private count(o: number): Position {
    const from = o >= this.counted.offset ? this.counted : { offset: 0, line: 0, start: 0 };
    let { line, start } = from;
    this.work += o - from.offset;
    for (let i = this.text.indexOf('\n', from.offset); i >= 0 && i < o; i = this.text.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    this.counted = { offset: o, line, start };
    return { line, character: o - start };
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
      else node = propertyOf(node, seg)?.value;
    }
    return node;
  }

  /** The property that holds the last segment of `path` (a string segment), if any. */
  propertyAt(path: JsonPath): AstProperty | undefined {
    if (path.length === 0) return undefined;
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    return propertyOf(this.nodeAt(path.slice(0, -1)), last);
  }

  /**
   * The offsets of the element at `path`: its key (`target: 'key'`) or its value. Falls back to the nearest
   * existing ancestor, so a problem always has a place to point at.
   */
  locate(path: JsonPath, target: 'key' | 'value' = 'value'): { offset: number; length: number; path: JsonPath } {
    // A handful of lookups scan the text; more than that pay for the tree once.
    const scan = this.tree === undefined && this.scans++ < 16;
    // A scan starts from the part of the path the value has (the text has no other: no duplicated key on this path).
    const known = scan ? existingPrefix(this.plain, path) : path.length;
    for (let n = known; n >= 0; n--) {
      const p = path.slice(0, n);
      this.work += scan ? this.text.length : n + 1;
      const found = scan ? scanPath(this.text, p, true) : this.lookup(p);
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

/** How many segments of `path`, from the top, lead to something in `value`. */
function existingPrefix(value: unknown, path: JsonPath): number {
  let v = value;
  for (let n = 0; n < path.length; n++) {
    const seg = path[n]!;
    const exists =
      typeof seg === 'number'
        ? Array.isArray(v) && seg >= 0 && seg < v.length
        : v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, seg);
    if (!exists) return n;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return path.length;
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

// ---- plain value ----

/**
 * Builds the plain value and reports duplicate keys. A node YAML aliases share is checked for duplicates once, and
 * copied at every use: the parser has already checked that the copies fit the budget. Recursive: the parsers have
 * bounded the depth (limits.ts).
 */
function toValue(node: AstNode, ctx: ValueContext): unknown {
  ctx.nodes++;
  if (node.kind === 'array') return node.items!.map((i) => toValue(i, ctx));
  if (node.kind !== 'object') return node.value;
  const out: Record<string, unknown> = {};
  const check = ctx.checked === undefined || !ctx.checked.has(node);
  if (check) ctx.checked?.add(node);
  let firsts: Map<string, AstProperty> | undefined;
  for (const p of node.properties!) {
    if (check && Object.prototype.hasOwnProperty.call(out, p.key)) {
      firsts ??= firstOccurrences(node.properties!);
      ctx.problems.push(duplicate(p, firsts.get(p.key)!));
    }
    const v = p.value ? toValue(p.value, ctx) : undefined;
    if (p.key === '__proto__')
      Object.defineProperty(out, p.key, { value: v, enumerable: true, writable: true, configurable: true });
    else if (v !== undefined) out[p.key] = v;
  }
  return out;
}

function firstOccurrences(properties: AstProperty[]): Map<string, AstProperty> {
  const firsts = new Map<string, AstProperty>();
  for (const p of properties) if (!firsts.has(p.key)) firsts.set(p.key, p);
  return firsts;
}

interface ValueContext {
  problems: SyntaxProblem[];
  nodes: number;
  /** Object nodes already checked for duplicate keys (aliases share nodes); undefined when the text has no alias. */
  checked: Set<AstNode> | undefined;
}

function duplicate(p: AstProperty, first: AstProperty): SyntaxProblem {
  return {
    kind: 'duplicate',
    message: `Duplicate key '${p.key}': only one of them would take effect.`,
    offset: p.keyOffset,
    length: p.keyLength,
    severity: 'error',
    firstOffset: first.keyOffset,
    firstLength: first.keyLength,
  };
}
