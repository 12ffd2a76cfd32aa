// JSON and JSON with comments into the spec syntax tree, inside the spec input budget (limits.ts).
//
// Strict JSON takes a fast path: the native JSON.parse gives the value, one walk over it (no recursion) counts its
// values, its keys and its depth, and the syntax tree is built only when something asks for it. Everything else —
// a syntax error, comments, a duplicated key, a limit crossed — takes the full path: a scan of the tokens (no
// recursion) checks depth and size first, so jsonc-parser's recursive parser only ever sees text within the depth
// limit, and the problem of a limit points at the token that crossed it.
import { createScanner, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import {
  arrayNode,
  objectNode,
  scalarNode,
  type AstNode,
  type AstProperty,
  type NodeKind,
  type ParseResult,
  type SyntaxProblem,
} from './ast';
import type { JsonPath } from './diagnostics';
import { tooDeep, tooManyNodes, type SpecLimits } from './limits';

// jsonc-parser's SyntaxKind is a const enum its bundle does not export: the values, as its typings define them.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COLON = 6;
const NULL_KEYWORD = 7;
const FALSE_KEYWORD = 9;
const STRING = 10;
const NUMBER = 11;
const EOF = 17;

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

interface ValueShape {
  nodes: number;
  keys: number;
  depth: number;
}

/**
 * Values, keys and depth of a parsed value. Recursive, but never deeper than the depth limit: past it the walk stops
 * (and the full path, which reads tokens, says where).
 */
function measure(root: unknown, limits: SpecLimits): ValueShape {
  const shape: ValueShape = { nodes: 0, keys: 0, depth: 0 };
  walk(root, 1, shape, limits.maxDepth);
  return shape;
}

function walk(v: unknown, depth: number, shape: ValueShape, maxDepth: number): void {
  shape.nodes++;
  if (v === null || typeof v !== 'object') return;
  if (depth > shape.depth) shape.depth = depth;
  if (depth > maxDepth) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, shape, maxDepth);
    return;
  }
  // Object.keys, not for…in: a section of thousands of keys is an object in dictionary mode, where for…in is slower
  // (1.85 → 1.35 ms over a 3,000-route spec's value).
  const keys = Object.keys(v);
  shape.keys += keys.length;
  for (let i = 0; i < keys.length; i++) walk((v as Record<string, unknown>)[keys[i]!], depth + 1, shape, maxDepth);
}

/**
 * The value of a strict JSON object text through the native parser, or undefined when the text needs the full
 * parser: a syntax error, a top level that is not an object, a duplicated key (which JSON.parse drops: the keys the
 * text holds are counted against the keys the value kept), or a limit passed. In valid JSON every `"` outside a
 * string starts one, so scanning whole strings from left to right finds each key exactly once.
 */
export function parseJsonFast(
  text: string,
  limits: SpecLimits,
): { value: Record<string, unknown>; nodes: number; work: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const shape = measure(value, limits);
  if (shape.depth > limits.maxDepth || shape.nodes > limits.maxNodes) return undefined;
  if (countKeyTokens(text) !== shape.keys) return undefined;
  return { value: value as Record<string, unknown>, nodes: shape.nodes, work: text.length + shape.nodes };
}

// ---- the full path ----

/** The depth and size of JSON(C) text, from its tokens: the first limit crossed, with the token that crossed it. */
function checkLimits(text: string, limits: SpecLimits): { problem?: SyntaxProblem; work: number } {
  const scanner = createScanner(text, true);
  let depth = 0;
  let values = 0;
  let colons = 0;
  let work = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    work++;
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      values++;
      if (++depth > limits.maxDepth) return { problem: tooDeep(scanner.getTokenOffset(), limits), work };
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    } else if (kind === COLON) {
      colons++;
    } else if ((kind >= NULL_KEYWORD && kind <= FALSE_KEYWORD) || kind === STRING || kind === NUMBER) {
      values++;
    } else {
      continue;
    }
    // Every key is followed by a colon: values written = value tokens - colons.
    if (values - colons > limits.maxNodes) return { problem: tooManyNodes(scanner.getTokenOffset(), limits), work };
  }
  return { work };
}

export function parseJsonTree(text: string, comments: boolean, limits: SpecLimits): ParseResult {
  const checked = checkLimits(text, limits);
  if (checked.problem)
    return { root: undefined, problems: [checked.problem], nodes: 0, aliasNodes: 0, work: checked.work };
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
  const counter = { nodes: 0 };
  const root = tree ? fromJson(tree, counter) : undefined;
  return { root, problems, nodes: counter.nodes, aliasNodes: 0, work: checked.work + counter.nodes };
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
  InvalidCharacter: 'Invalid character in string: control characters must be escaped (\\n, \\t, \\u0000).',
};

function jsonErrorMessage(code: string): string {
  return JSON_MESSAGES[code] ?? `${code}.`;
}

/** jsonc-parser's tree as ours. Recursive: checkLimits() has already bounded the depth. */
function fromJson(n: JsonNode, counter: { nodes: number }): AstNode {
  counter.nodes++;
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
          value: v ? fromJson(v, counter) : undefined,
          offset: p.offset,
          length: p.length,
        });
      }
      return objectNode(n.offset, n.length, properties);
    }
    case 'array':
      return arrayNode(
        n.offset,
        n.length,
        (n.children ?? []).map((c) => fromJson(c, counter)),
      );
    case 'string':
      return scalarNode('string', n.offset, n.length, String(n.value ?? ''), true);
    case 'number':
      return scalarNode('number', n.offset, n.length, Number(n.value));
    case 'boolean':
      return scalarNode('boolean', n.offset, n.length, Boolean(n.value));
    default:
      return scalarNode('null', n.offset, n.length, null);
  }
}

// ---- paths in valid JSON text, without a tree ----

export interface PathHit {
  prop?: { keyOffset: number; keyLength: number };
  node?: { kind: NodeKind; offset: number; readonly length: number };
}

/**
 * Finds one path in valid JSON text without building a tree: skips over every value that is not on the path. When
 * the caller knows the path exists (`exists`: its value has it), the scan starts at the deepest key of the path that
 * the text holds only once (keyTokenOnce): a diagnostic on a route of a 3,000-route spec no longer skips the whole
 * integrations section, character by character, to reach `routes` (1.9 → 0.2 ms for two such lookups).
 */
export function scanPath(text: string, path: JsonPath, exists = false): PathHit | undefined {
  const start = exists ? jumpStart(text, path) : undefined;
  let pos = start?.pos ?? skipWs(text, 0);
  let prop: PathHit['prop'] = start?.prop;
  for (const seg of start ? path.slice(start.depth) : path) {
    prop = undefined;
    if (typeof seg === 'number') {
      const at = scanIndex(text, pos, seg);
      if (at === undefined) return undefined;
      pos = at;
      continue;
    }
    const hit = scanKey(text, pos, seg);
    if (!hit) return undefined;
    ({ pos, prop } = hit);
  }
  return { ...(prop ? { prop } : {}), node: lazyNode(text, pos) };
}

/** The deepest key of `path` that the text holds once: where its value starts, and how many segments that skips. */
function jumpStart(
  text: string,
  path: JsonPath,
): { depth: number; pos: number; prop: NonNullable<PathHit['prop']> } | undefined {
  // \u can spell any character of a key, \/ its slashes: the key would not be found as written.
  const unicodeEscapes = text.includes('\\u');
  for (let d = path.length - 1; d >= 0; d--) {
    const seg = path[d]!;
    if (typeof seg !== 'string' || unicodeEscapes || (seg.includes('/') && text.includes('\\/'))) continue;
    const at = keyTokenOnce(text, seg);
    if (at === undefined) continue;
    const keyLength = seg.length + 2;
    return {
      depth: d + 1,
      pos: skipWs(text, skipWs(text, at + keyLength) + 1),
      prop: { keyOffset: at, keyLength },
    };
  }
  return undefined;
}

/** Keys whose every character JSON writes as itself (no `"`, no `\`, no control character). */
const PLAIN_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_$ ./{}+:@*-]*$/;

/**
 * The offset of the one key token `"key"` in valid JSON text, or undefined when the text holds none or more than one
 * occurrence of `"key"` followed by a colon. The caller knows a key of that name exists on its path, spelled as
 * itself (no `\u`, and no `\/` when it has a slash), so its token is one of the occurrences: when there is just one,
 * it is that one. (An occurrence that is not a key token — after an escaped quote inside a longer key — only makes
 * two, and the scan starts from the top.)
 */
function keyTokenOnce(text: string, key: string): number | undefined {
  if (!PLAIN_KEY.test(key)) return undefined;
  const needle = `"${key}"`;
  let found: number | undefined;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (text.charCodeAt(skipWs(text, i + needle.length)) !== 58 /* : */) continue;
    if (found !== undefined) return undefined;
    found = i;
  }
  return found;
}

function scanIndex(text: string, start: number, index: number): number | undefined {
  if (text[start] !== '[') return undefined;
  let pos = skipWs(text, start + 1);
  for (let i = 0; i < index; i++) {
    if (text[pos] === ']') return undefined;
    pos = skipWs(text, skipValue(text, pos));
    if (text[pos] !== ',') return undefined;
    pos = skipWs(text, pos + 1);
  }
  return text[pos] === ']' ? undefined : pos;
}

function scanKey(text: string, start: number, key: string): { pos: number; prop: PathHit['prop'] } | undefined {
  if (text[start] !== '{') return undefined;
  let pos = skipWs(text, start + 1);
  for (;;) {
    if (text[pos] !== '"') return undefined;
    const keyStart = pos;
    const keyEnd = skipString(text, pos);
    const raw = text.slice(keyStart + 1, keyEnd - 1);
    const k = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : raw;
    pos = skipWs(text, skipWs(text, keyEnd) + 1);
    if (k === key) return { pos, prop: { keyOffset: keyStart, keyLength: keyEnd - keyStart } };
    pos = skipWs(text, skipValue(text, pos));
    if (text[pos] !== ',') return undefined;
    pos = skipWs(text, pos + 1);
  }
}

/** The value at `offset`; its end is found only when asked for (a key's range never needs it). */
function lazyNode(text: string, offset: number): NonNullable<PathHit['node']> {
  const c = text[offset];
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
  let length: number | undefined;
  return {
    kind,
    offset,
    get length() {
      return (length ??= skipValue(text, offset) - offset);
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
