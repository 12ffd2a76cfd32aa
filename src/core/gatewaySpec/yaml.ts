// A YAML 1.2 parser made for gateway specs: one pass over the text, straight into the syntax tree (ast.ts) with the
// exact offset of every key and value. It reads what spec files are written in — block and flow collections, plain,
// quoted and block scalars, comments, anchors and aliases, the core schema's tags — and reports everything else as a
// clear error, then goes on with the next line, so a file being typed still gets its other problems and completions.
//
// Why not a YAML library: `yaml` builds a document model first (10× slower than JSON.parse on a large spec, and its
// alias resolution searches the document once per alias: quadratic), and keeps no budget. Here every character is
// looked at a bounded number of times; aliases share the anchored node (the expansion is counted, not built); the
// recursion is one level per nesting level and stops at the depth limit (limits.ts), so no input can overflow the
// stack or run past linear time.
import {
  arrayNode,
  objectNode,
  scalarNode,
  type AstNode,
  type AstProperty,
  type ParseResult,
  type SyntaxProblem,
} from './ast';
import {
  aliasAllowance,
  aliasCharAllowance,
  aliasCharsTooMany,
  aliasesTooLarge,
  LimitExceeded,
  tooDeep,
  tooManyNodes,
  type SpecLimits,
} from './limits';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;

/**
 * Where a block node sits: `key:`'s value may not start a collection on its line but may put a sequence at the key's
 * column; `- ` may start one (compact); `? ` and its `: ` may do both (YAML's block-out context).
 */
type Context = 'root' | 'mapValue' | 'seqItem' | 'explicit';

function seqAtParentColumn(ctx: Context): boolean {
  return ctx === 'mapValue' || ctx === 'explicit';
}

interface Props {
  anchor?: string;
  anchorOffset: number;
  anchorEnd: number;
  tag?: string;
  tagOffset: number;
  tagEnd: number;
}

interface Anchor {
  node: AstNode | undefined;
  size: number;
  height: number;
  open: boolean;
  /** Characters an alias of it makes the later phases read again: its text and what the aliases inside it add. */
  chars: number;
}

/** A node read inline, before it is known whether it is a key (followed by `:`) or a value. */
interface Token {
  kind: 'plain' | 'quoted' | 'alias' | 'flow' | 'empty';
  start: number;
  end: number;
  /** Plain scalars: why the scan stopped (`colon` makes it a key). */
  stop?: 'eol' | 'colon' | 'comment' | 'flow';
  /** Quoted and plain scalars: the string as written (plain: unresolved). */
  text?: string;
  node?: AstNode;
  size: number;
  height: number;
  props?: Props;
  /** A quoted scalar that spans lines: it cannot be an implicit key. */
  multiline?: boolean;
  /** Not a token: an unexpected character, already reported. */
  bad?: boolean;
}

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
/** Space, tab, line break or the end of the text (NaN). */
function isWsOrEnd(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}
function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125; // , [ ] { }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

// Characters YAML 1.2 does not allow in a stream (c-printable), outside escapes.
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/g;

/** Parses YAML text into the spec syntax tree. Never throws on bad input; limits end the parse with a problem. */
export function parseYaml(text: string, limits: SpecLimits): ParseResult {
  return new YamlParser(text, limits).run();
}

/**
 * A `%YAML 1.x` or `%TAG handle prefix` directive line, with an optional comment. Written so that it cannot
 * backtrack: `/^%(YAML\s+1\.\d+|TAG\s+\S+\s+\S+)\s*(#.*)?$/` took quadratic time on a prefix of `#` characters
 * followed by a line separator (5 s for 64,000), which a spec file's first line can hold. `(?=(\S*))\1` takes a run
 * of non-blanks whole.
 */
const DIRECTIVE = /^%(?:YAML\s+1\.\d+\s*(?:#.*)?|TAG\s+\S+\s+\S(?:[^\s#]*#.*|(?=(\S*))\1\s*(?:#.*)?))$/;

class YamlParser {
  private pos = 0;
  private lineStart = 0;
  /** `pos` is at the first content character of a line, reached by nextContentLine(). */
  private fresh = false;
  private freshIndent = -1;
  private depth = 0;
  private written = 0;
  private aliasAdded = 0;
  /** Characters the aliases so far make the later phases read again (a long string aliased 2,000 times). */
  private aliasChars = 0;
  /** Each alias read, in text order: its offset, and aliasChars after it. */
  private readonly aliasOffsets: number[] = [];
  private readonly aliasCharsAfter: number[] = [];
  private aliasMarks: Array<[number, number, number]> = [];
  private ops = 0;
  /** Size and height (aliases expanded) of the node a parse method returned last. */
  private retSize = 0;
  private retHeight = 0;
  /** End offset of the last token read. */
  private lastEnd = 0;
  /** scanPlain()'s answer: where the scalar's text ends, why the scan stopped, where reading goes on. */
  private scanEnd = 0;
  private scanStop: NonNullable<Token['stop']> = 'eol';
  private scanNext = 0;
  private readonly anchors = new Map<string, Anchor>();
  private readonly problems: SyntaxProblem[] = [];
  private readonly len: number;

  constructor(
    private readonly text: string,
    private readonly limits: SpecLimits,
  ) {
    this.len = text.length;
  }

  run(): ParseResult {
    let root: AstNode | undefined;
    this.reportUnprintable();
    try {
      root = this.parseStream();
      this.checkAliasAllowance();
    } catch (err) {
      if (!(err instanceof LimitExceeded)) throw err;
      this.problems.push(err.problem);
      root = undefined;
    }
    return {
      root,
      problems: this.problems,
      nodes: this.written,
      aliasNodes: this.aliasAdded,
      work: this.ops + this.len,
    };
  }

  // ---- problems ----

  private error(message: string, offset: number, length = 1, severity: 'error' | 'warning' = 'error'): void {
    const o = Math.max(0, Math.min(offset, this.len));
    this.problems.push({
      kind: 'syntax',
      message,
      offset: o,
      length: Math.max(0, Math.min(length, this.len - o)),
      severity,
    });
  }

  private reportUnprintable(): void {
    NOT_PRINTABLE.lastIndex = 0;
    let shown = 0;
    for (let m = NOT_PRINTABLE.exec(this.text); m; m = NOT_PRINTABLE.exec(this.text)) {
      const code = m[0].charCodeAt(0);
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      this.error(
        `Control character U+${hex} is not allowed in YAML text; in a double-quoted string, write it as "\\u${hex}".`,
        m.index,
      );
      // One per line is enough to see them all; the diagnostics limit caps the rest.
      if (++shown >= this.limits.maxDiagnostics) break;
    }
  }

  private checkAliasAllowance(): void {
    const allowance = aliasAllowance(this.limits, this.written);
    if (this.aliasAdded <= allowance) return;
    const first = this.aliasMarks.find(([, , cumulative]) => cumulative > allowance) ?? [0, 0, this.aliasAdded];
    throw new LimitExceeded(aliasesTooLarge(first[0], first[1], first[2], this.limits));
  }

  // ---- counting ----

  private countNode(offset: number): void {
    if (++this.written > this.limits.maxNodes) throw new LimitExceeded(tooManyNodes(offset, this.limits));
  }

  private enter(offset: number): void {
    if (++this.depth > this.limits.maxDepth) throw new LimitExceeded(tooDeep(offset, this.limits));
  }

  private leave(): void {
    this.depth--;
  }

  // ---- characters and lines ----

  private column(p = this.pos): number {
    return p - this.lineStart;
  }

  private skipBlanks(): void {
    let p = this.pos;
    while (isBlank(this.text.charCodeAt(p))) p++;
    this.ops += p - this.pos;
    this.pos = p;
  }

  private skipToEol(): void {
    let p = this.pos;
    while (p < this.len && !isBreak(this.text.charCodeAt(p))) p++;
    this.ops += p - this.pos;
    this.pos = p;
  }

  /** Blanks and a comment; true when the line ends there. */
  private restOfLineIsEmpty(): boolean {
    const before = this.pos;
    this.skipBlanks();
    const c = this.text.charCodeAt(this.pos);
    if (
      c === HASH &&
      (this.pos === before ? this.pos === this.lineStart || isBlank(this.text.charCodeAt(this.pos - 1)) : true)
    ) {
      this.skipToEol();
      return true;
    }
    return this.pos >= this.len || isBreak(c);
  }

  private breakLine(): void {
    if (this.text.charCodeAt(this.pos) === CR && this.text.charCodeAt(this.pos + 1) === LF) this.pos += 2;
    else this.pos++;
    this.lineStart = this.pos;
  }

  /** `---` or `...` at the start of a line, followed by a blank or the end of the line. */
  private atDocumentMarker(p = this.pos): boolean {
    if (p !== this.lineStart || p + 3 > this.len) return false;
    const c = this.text.charCodeAt(p);
    if ((c !== 45 && c !== 46) || this.text.charCodeAt(p + 1) !== c || this.text.charCodeAt(p + 2) !== c) return false;
    return isWsOrEnd(this.text.charCodeAt(p + 3));
  }

  /**
   * From the end of a line (or a blank/comment rest of one): past line breaks, blank and comment lines, to the first
   * content character of the next line. Its column, or -1 at the end of the text or at a document marker.
   */
  private nextContentLine(): number {
    for (;;) {
      this.skipBlanks();
      if (this.text.charCodeAt(this.pos) === HASH) this.skipToEol();
      if (this.pos >= this.len) return this.settle(-1);
      if (!isBreak(this.text.charCodeAt(this.pos))) return this.settle(this.atDocumentMarker() ? -1 : this.column());
      this.breakLine();
      let p = this.pos;
      let tab = -1;
      for (let c = this.text.charCodeAt(p); isBlank(c); c = this.text.charCodeAt(++p))
        if (c === TAB && tab < 0) tab = p;
      this.ops += p - this.pos;
      this.pos = p;
      const c = this.text.charCodeAt(p);
      if (p >= this.len || isBreak(c) || c === HASH) continue;
      if (tab >= 0) this.error('Tabs are not allowed as indentation: indent with spaces.', tab);
      return this.settle(this.atDocumentMarker() ? -1 : this.column());
    }
  }

  private settle(indent: number): number {
    this.fresh = true;
    this.freshIndent = indent;
    return indent;
  }

  /** After a node: the column of the next content line (checking the rest of the current line first). */
  private afterNode(): number {
    if (this.fresh) return this.freshIndent;
    if (!this.restOfLineIsEmpty()) {
      this.error(
        'Unexpected text after the value: a line holds one value, or one `key: value`.',
        this.pos,
        this.lineEndFrom(this.pos) - this.pos,
      );
      this.skipToEol();
    }
    return this.nextContentLine();
  }

  private lineEndFrom(p: number): number {
    let e = p;
    while (e < this.len && !isBreak(this.text.charCodeAt(e))) e++;
    return e;
  }

  private consume(): void {
    this.fresh = false;
  }

  // ---- the stream ----

  private parseStream(): AstNode | undefined {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.lineStart = this.pos;
    const explicit = this.parseDirectivesAndStart();
    let root: AstNode | undefined;
    if (explicit) {
      root = this.parseBlockNode(-1, 'root', this.pos);
    } else if (this.freshIndent >= 0) {
      root = this.parseBlockContent(this.freshIndent, -1, 'root');
    }
    this.parseStreamEnd();
    return root;
  }

  /** `%` directives, then `---`: true when the document starts with `---` (pos just past it). */
  private parseDirectivesAndStart(): boolean {
    let directives = false;
    let ind = this.nextContentLineFromStart();
    while (ind === 0 && this.text.charCodeAt(this.pos) === 37 /* % */) {
      const end = this.lineEndFrom(this.pos);
      const line = this.text.slice(this.pos, end);
      if (!DIRECTIVE.test(line))
        this.error(`Unknown directive ${JSON.stringify(line.split(/\s/)[0])}.`, this.pos, end - this.pos);
      directives = true;
      this.pos = end;
      ind = this.nextContentLine();
    }
    if (this.fresh && this.atDocumentMarker() && this.text.charCodeAt(this.pos) === 45) {
      this.pos += 3;
      return true;
    }
    if (directives) this.error("Directives must be followed by '---'.", this.pos, 0);
    return false;
  }

  /** nextContentLine() for the first line, which has no line break before it. */
  private nextContentLineFromStart(): number {
    const start = this.pos;
    this.skipBlanks();
    const c = this.text.charCodeAt(this.pos);
    if (this.pos >= this.len || isBreak(c) || c === HASH) return this.nextContentLine();
    if (this.pos > start && this.text.charCodeAt(start) === TAB)
      this.error('Tabs are not allowed as indentation: indent with spaces.', start);
    return this.settle(this.atDocumentMarker() ? -1 : this.column());
  }

  /** After the root node: the end of the text, `...`, or a second document (refused). */
  private parseStreamEnd(): void {
    let ind = this.afterNode();
    for (;;) {
      if (this.pos >= this.len) return;
      if (ind >= 0) {
        this.error(
          'Unexpected content: a spec file holds one value (check the indentation of this line).',
          this.pos,
          this.lineEndFrom(this.pos) - this.pos,
        );
        this.skipToEol();
        ind = this.nextContentLine();
        continue;
      }
      if (this.text.charCodeAt(this.pos) === 46 /* . */) {
        this.pos += 3;
        this.consume();
        ind = this.afterNode();
        continue;
      }
      this.error(
        "A spec file holds one YAML document: remove this '---' and what follows, or move it to a file of its own.",
        this.pos,
        3,
      );
      this.pos = this.len;
      return;
    }
  }

  // ---- block nodes ----

  /**
   * The node after an indicator (`key:`, `- `, `---`), with `pos` just past it: properties and content on the same
   * line, or content on the lines below, indented more than `parentIndent` (a sequence under a mapping key may
   * also sit at the key's column).
   */
  private parseBlockNode(parentIndent: number, ctx: Context, indicatorEnd: number): AstNode {
    this.consume();
    this.skipBlanks();
    const props = this.parseProperties(false);
    this.skipBlanks();
    if (!this.restOfLineIsEmpty()) return this.parseInline(parentIndent, ctx, props);
    const ind = this.nextContentLine();
    const seqUnderKey = seqAtParentColumn(ctx) && ind === parentIndent && this.atSequenceDash();
    if (ind > parentIndent || seqUnderKey) {
      this.beginAnchor(props);
      const node = this.parseBlockContent(ind, parentIndent, ctx);
      return this.finishProps(props, node);
    }
    return this.emptyNode(props, props?.anchor ? props.anchorEnd : props?.tag ? props.tagEnd : indicatorEnd);
  }

  private atSequenceDash(p = this.pos): boolean {
    return this.text.charCodeAt(p) === 45 && isWsOrEnd(this.text.charCodeAt(p + 1));
  }

  /** A null node for an empty value (`key:` with nothing after it). */
  private emptyNode(props: Props | undefined, offset: number): AstNode {
    this.beginAnchor(props);
    this.countNode(offset);
    const node = scalarNode('null', offset, 0, null);
    this.retSize = 1;
    this.retHeight = 0;
    return this.finishProps(props, node);
  }

  /** Content that starts a line at column `ind`: a block sequence, a block mapping, or one scalar/flow node. */
  private parseBlockContent(ind: number, parentIndent: number, ctx: Context): AstNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === 45 && isWsOrEnd(this.text.charCodeAt(this.pos + 1))) return this.parseBlockSequence(ind);
    if (c === 63 /* ? */ && isWsOrEnd(this.text.charCodeAt(this.pos + 1)))
      return this.parseBlockMapping(ind, undefined);
    if (c === 124 || c === 62) return this.parseBlockScalar(parentIndent, undefined);
    const token = this.readToken(false);
    if (this.isKey(token)) return this.parseBlockMapping(ind, token);
    if (token.kind === 'empty' && token.props && this.restOfLineIsEmpty()) {
      // Properties alone on a line: they belong to the node on the lines below.
      const next = this.nextContentLine();
      if (next > parentIndent || (seqAtParentColumn(ctx) && next === parentIndent && this.atSequenceDash())) {
        this.beginAnchor(token.props);
        return this.finishProps(token.props, this.parseBlockContent(next, parentIndent, ctx));
      }
    }
    return this.tokenValue(token, parentIndent);
  }

  /** Content on the line of its indicator: a block scalar, a compact collection (after `- `), or a value. */
  private parseInline(parentIndent: number, ctx: Context, props: Props | undefined): AstNode {
    const col = this.column();
    const c = this.text.charCodeAt(this.pos);
    const compact = ctx !== 'mapValue';
    if (c === 124 || c === 62) return this.parseBlockScalar(parentIndent, props);
    if ((c === 45 || c === 63) && isWsOrEnd(this.text.charCodeAt(this.pos + 1))) {
      if (compact && !props) return c === 45 ? this.parseBlockSequence(col) : this.parseBlockMapping(col, undefined);
      this.error(
        c === 45
          ? 'A sequence cannot start on the line of its key: put "- item" on the next line, indented.'
          : "An explicit key '?' cannot start here.",
        this.pos,
      );
      this.skipToEol();
      return this.emptyNode(props, this.pos);
    }
    const token = this.readToken(false, props);
    if (this.isKey(token)) {
      if (compact) return this.parseBlockMapping(col, token);
      this.error(
        'A mapping cannot start on the line of its key: put "key: value" on the next line, indented.',
        token.start,
        Math.max(1, token.end - token.start),
      );
      this.skipToEol();
      return this.emptyNode(undefined, token.start);
    }
    return this.tokenValue(token, parentIndent);
  }

  /** Whether a token is followed by `:` as a mapping value indicator (which makes it a key). */
  private isKey(token: Token): boolean {
    if (token.kind === 'plain') return token.stop === 'colon';
    if (token.kind === 'empty' && token.props) return false;
    let p = this.pos;
    while (isBlank(this.text.charCodeAt(p))) p++;
    if (this.text.charCodeAt(p) !== 58 || !isWsOrEnd(this.text.charCodeAt(p + 1))) return false;
    if (token.multiline) {
      this.error('A key must be on one line.', token.start, token.end - token.start);
    }
    this.pos = p;
    return true;
  }

  private parseBlockMapping(indent: number, first: Token | undefined): AstNode {
    const offset = first ? first.start : this.pos;
    this.enter(offset);
    this.countNode(offset);
    const properties: AstProperty[] = [];
    let size = 1;
    let height = 1;
    let end = offset;
    let pending = first;
    for (;;) {
      const property = this.parseMappingEntry(indent, pending);
      pending = undefined;
      if (property) {
        properties.push(property);
        size += this.retSize;
        if (this.retHeight + 1 > height) height = this.retHeight + 1;
        if (this.lastEnd > end) end = this.lastEnd;
      }
      const next = this.nextEntryLine(indent, false);
      if (next !== indent) break;
    }
    this.leave();
    this.retSize = size;
    this.retHeight = height;
    this.lastEnd = end;
    return objectNode(offset, end - offset, properties);
  }

  /**
   * After an entry of a block collection at `indent`: the next line's column. Lines indented more are an error
   * (skipped); a sequence dash where a mapping key belongs too.
   */
  private nextEntryLine(indent: number, sequence: boolean): number {
    let ind = this.afterNode();
    for (;;) {
      if (ind === indent && sequence !== this.atSequenceDash()) {
        if (sequence) return -1;
        this.error('A sequence item where a mapping key was expected: check the indentation.', this.pos);
      } else if (ind > indent) {
        this.error(
          `This line is indented more than the ${sequence ? 'items' : 'keys'} around it (column ${indent + 1}): check the indentation.`,
          this.pos,
          this.lineEndFrom(this.pos) - this.pos,
        );
      } else {
        return ind;
      }
      this.consume();
      this.skipToEol();
      ind = this.nextContentLine();
    }
  }

  /** One `key: value` (or `? key`) of a block mapping; the value's size and height in retSize/retHeight. */
  private parseMappingEntry(indent: number, first: Token | undefined): AstProperty | undefined {
    this.consume();
    let key: Token;
    if (!first && this.text.charCodeAt(this.pos) === 63 /* ? */ && isWsOrEnd(this.text.charCodeAt(this.pos + 1))) {
      return this.parseExplicitEntry(indent);
    }
    if (first) key = first;
    else {
      key = this.readToken(false);
      if (!this.isKey(key)) {
        if (key.bad) {
          this.skipToEol();
          return undefined;
        }
        this.error(
          key.kind === 'empty'
            ? 'Expected a key here.'
            : `Expected ':' after the key ${JSON.stringify(this.text.slice(key.start, key.end))}: a mapping entry is "key: value".`,
          key.start,
          Math.max(1, key.end - key.start),
        );
        if (key.kind === 'empty') {
          this.skipToEol();
          return undefined;
        }
        const value = scalarNode('null', key.end, 0, null);
        this.countNode(key.end);
        this.retSize = 1;
        this.retHeight = 0;
        return this.entry(key, value, key.end);
      }
    }
    this.pos++; // ':'
    const colonEnd = this.pos;
    this.lastEnd = colonEnd;
    const value = this.parseBlockNode(indent, 'mapValue', colonEnd);
    return this.entry(key, value, this.lastEnd > colonEnd ? this.lastEnd : colonEnd);
  }

  /** `? key` then `: value` on the next line at the same column. Only scalar keys make properties. */
  private parseExplicitEntry(indent: number): AstProperty | undefined {
    const qStart = this.pos;
    this.pos++;
    const keyNode = this.parseBlockNode(indent, 'explicit', this.pos);
    const keyToken: Token = {
      kind: keyNode.kind === 'object' || keyNode.kind === 'array' ? 'flow' : 'quoted',
      start: keyNode.kind === 'null' ? qStart : keyNode.offset,
      end: keyNode.kind === 'null' ? qStart + 1 : keyNode.offset + keyNode.length,
      text: keyNode.value === null || keyNode.value === undefined ? '' : String(keyNode.value),
      node: keyNode,
      size: this.retSize,
      height: this.retHeight,
    };
    let value: AstNode;
    let size = 0;
    let height = 0;
    const ind = this.afterNode();
    if (ind === indent && this.text.charCodeAt(this.pos) === 58 && isWsOrEnd(this.text.charCodeAt(this.pos + 1))) {
      this.pos++;
      value = this.parseBlockNode(indent, 'explicit', this.pos);
      size = this.retSize;
      height = this.retHeight;
    } else {
      value = { kind: 'null', offset: keyToken.end, length: 0, value: null };
      this.countNode(keyToken.end);
      size = 1;
    }
    this.retSize = size;
    this.retHeight = height;
    return this.entry(keyToken, value, Math.max(this.lastEnd, keyToken.end));
  }

  /** The property for a key and its value ending at `end` (lastEnd is set to it); undefined for a non-string key. */
  private entry(key: Token, value: AstNode, end: number): AstProperty | undefined {
    const last = end > key.end ? end : key.end;
    this.lastEnd = last;
    const name = this.keyString(key);
    if (name === undefined) return undefined;
    // `&a key: …` anchors the key: `*a` elsewhere is its text (an alias may be a value, not a key).
    if (key.props?.anchor !== undefined) {
      const node = scalarNode('string', key.start, key.end - key.start, name);
      this.anchors.set(key.props.anchor, { node, size: 1, height: 0, open: false, chars: name.length });
    }
    const q = this.text.charCodeAt(key.start);
    return {
      key: name,
      keyOffset: key.start,
      keyLength: key.end - key.start,
      keyQuoted: key.kind === 'quoted' && (q === 34 || q === 39),
      value,
      offset: key.start,
      length: last - key.start,
    };
  }

  /** The key a token spells, or undefined (with a problem) when it is a collection or an alias. */
  private keyString(key: Token): string | undefined {
    if (key.kind === 'alias' || key.kind === 'flow') {
      this.problems.push({
        kind: 'nonStringKey',
        message: 'Keys must be plain strings, not collections or aliases.',
        offset: key.start,
        length: key.end - key.start,
        severity: 'error',
      });
      return undefined;
    }
    if (key.kind === 'plain') {
      const v = resolvePlain(key.text ?? '');
      return v === null ? '' : String(v);
    }
    if (key.node && key.node.kind !== 'string' && key.kind !== 'quoted') {
      return key.node.value === null || key.node.value === undefined ? '' : String(key.node.value);
    }
    return key.text ?? '';
  }

  private parseBlockSequence(indent: number): AstNode {
    const offset = this.pos;
    this.enter(offset);
    this.countNode(offset);
    const items: AstNode[] = [];
    let size = 1;
    let height = 1;
    let end = offset + 1;
    for (;;) {
      this.consume();
      this.pos++; // '-'
      const dashEnd = this.pos;
      this.lastEnd = dashEnd;
      const item = this.parseBlockNode(indent, 'seqItem', dashEnd);
      items.push(item);
      size += this.retSize;
      height = Math.max(height, this.retHeight + 1);
      end = Math.max(end, this.lastEnd, dashEnd);
      const next = this.nextEntryLine(indent, true);
      if (next !== indent) break;
    }
    this.leave();
    this.retSize = size;
    this.retHeight = height;
    this.lastEnd = end;
    return arrayNode(offset, end - offset, items);
  }

  // ---- tokens: properties, scalars, aliases, flow collections ----

  /** `&anchor` and `!tag`, in either order. */
  private parseProperties(flow: boolean): Props | undefined {
    let props: Props | undefined;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 38 /* & */ && c !== 33 /* ! */) return props;
      const start = this.pos;
      let p = this.pos + 1;
      if (c === 33 && this.text.charCodeAt(p) === 60 /* < */) {
        while (p < this.len && this.text.charCodeAt(p) !== 62 && !isWsOrEnd(this.text.charCodeAt(p))) p++;
        if (this.text.charCodeAt(p) === 62) p++;
      } else {
        while (!isWsOrEnd(this.text.charCodeAt(p)) && !(flow && isFlowIndicator(this.text.charCodeAt(p)))) {
          if (c === 38 && isFlowIndicator(this.text.charCodeAt(p))) break;
          p++;
        }
      }
      this.ops += p - start;
      props ??= { anchorOffset: -1, anchorEnd: -1, tagOffset: -1, tagEnd: -1 };
      const name = this.text.slice(start + 1, p);
      if (c === 38) {
        if (name === '') this.error('An anchor needs a name: &name.', start);
        if (props.anchor !== undefined) this.error('A node can have one anchor.', start, p - start);
        props.anchor = name;
        props.anchorOffset = start;
        props.anchorEnd = p;
      } else {
        if (props.tag !== undefined) this.error('A node can have one tag.', start, p - start);
        props.tag = this.text.slice(start, p);
        props.tagOffset = start;
        props.tagEnd = p;
      }
      this.pos = p;
      this.lastEnd = p;
      this.skipBlanks();
    }
  }

  /** Marks an anchor open while its node is read: an alias inside it is a cycle. */
  private beginAnchor(props: Props | undefined): void {
    if (props?.anchor !== undefined)
      this.anchors.set(props.anchor, { node: undefined, size: 0, height: 0, open: true, chars: 0 });
  }

  /** aliasChars after the last alias read before `offset` (aliases are read in text order: a binary search). */
  private aliasCharsBefore(offset: number): number {
    let lo = 0;
    let hi = this.aliasOffsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.aliasOffsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : this.aliasCharsAfter[lo - 1]!;
  }

  /** Applies the tag and records the anchor of a finished node (whose size/height are in retSize/retHeight). */
  private finishProps(props: Props | undefined, node: AstNode): AstNode {
    if (!props) return node;
    const size = this.retSize;
    const height = this.retHeight;
    const tagged = props.tag !== undefined ? this.applyTag(props, node) : node;
    if (props.anchor !== undefined) {
      const chars = node.length + this.aliasCharsBefore(node.offset + node.length) - this.aliasCharsBefore(node.offset);
      this.anchors.set(props.anchor, { node: tagged, size, height, open: false, chars });
    }
    this.retSize = size;
    this.retHeight = height;
    return tagged;
  }

  /**
   * A token at `pos`: properties, then a quoted or plain scalar, an alias, or a flow collection. Plain scalars are
   * read to the end of their first line only: tokenValue() continues them when they turn out to be values.
   */
  private readToken(flow: boolean, given?: Props): Token {
    const props = given ?? this.parseProperties(flow);
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    this.consume();
    if (c === 34 || c === 39) return this.readQuoted(c === 34, props);
    if (c === 42 /* * */) return this.readAlias(props);
    if (c === 91 || c === 123) {
      this.beginAnchor(props);
      const node = this.parseFlowCollection();
      const size = this.retSize;
      const height = this.retHeight;
      const done = this.finishProps(props, node);
      return { kind: 'flow', start, end: this.pos, node: done, size, height };
    }
    if (
      this.pos >= this.len ||
      isBreak(c) ||
      (c === HASH && (start === 0 || isWsOrEnd(this.text.charCodeAt(start - 1))))
    ) {
      return { kind: 'empty', start, end: start, size: 0, height: 0, ...(props ? { props } : {}) };
    }
    if (!this.canStartPlain(c, flow)) {
      this.error(
        `Unexpected character ${JSON.stringify(String.fromCharCode(c))}${flow ? '' : ': quote a value that starts with it'}.`,
        start,
      );
      this.pos++;
      return { kind: 'empty', start, end: start, size: 0, height: 0, bad: true };
    }
    return this.readPlainLine(start, flow, props);
  }

  private canStartPlain(c: number, flow: boolean): boolean {
    if (c === 45 || c === 63 || c === 58) {
      const n = this.text.charCodeAt(this.pos + 1);
      return !isWsOrEnd(n) && !(flow && isFlowIndicator(n));
    }
    // , [ ] { } # & * ! | > ' " % @ `
    return !(
      c === 44 ||
      c === 91 ||
      c === 93 ||
      c === 123 ||
      c === 125 ||
      c === 35 ||
      c === 38 ||
      c === 42 ||
      c === 33 ||
      c === 124 ||
      c === 62 ||
      c === 39 ||
      c === 34 ||
      c === 37 ||
      c === 64 ||
      c === 96
    );
  }

  /** One line of a plain scalar, up to `: `, ` #`, the end of the line, or (in flow) an indicator. */
  private readPlainLine(start: number, flow: boolean, props: Props | undefined): Token {
    this.scanPlain(start, flow);
    const end = this.scanEnd;
    this.pos = this.scanNext;
    this.lastEnd = end;
    return {
      kind: 'plain',
      start,
      end,
      stop: this.scanStop,
      text: this.text.slice(start, end),
      size: 1,
      height: 0,
      props,
    };
  }

  /** Scans one line of a plain scalar into scanEnd (trailing blanks excluded), scanStop and scanNext. */
  private scanPlain(start: number, flow: boolean): void {
    const t = this.text;
    let p = start;
    let end = start;
    let stop: Token['stop'] & string = 'eol';
    for (; p < this.len; p++) {
      const c = t.charCodeAt(p);
      if (c === LF || c === CR) break;
      if (c === 58 /* : */) {
        const n = t.charCodeAt(p + 1);
        if (isWsOrEnd(n) || (flow && isFlowIndicator(n))) {
          stop = 'colon';
          break;
        }
      } else if (c === HASH && isBlank(t.charCodeAt(p - 1))) {
        stop = 'comment';
        break;
      } else if (flow && isFlowIndicator(c)) {
        stop = 'flow';
        break;
      }
      if (c !== SPACE && c !== TAB) end = p + 1;
    }
    this.ops += p - start;
    this.scanEnd = end;
    this.scanStop = stop;
    this.scanNext = stop === 'colon' ? p : end;
  }

  private readAlias(props: Props | undefined): Token {
    const start = this.pos;
    let p = start + 1;
    while (!isWsOrEnd(this.text.charCodeAt(p)) && !isFlowIndicator(this.text.charCodeAt(p))) p++;
    this.ops += p - start;
    this.pos = p;
    this.lastEnd = p;
    const name = this.text.slice(start + 1, p);
    if (props) this.error('An alias cannot have an anchor or a tag.', start, p - start);
    const anchor = this.anchors.get(name);
    let node: AstNode;
    let size = 1;
    let height = 0;
    if (!anchor || anchor.open || !anchor.node) {
      this.error(
        !anchor
          ? `Unknown alias *${name}: no anchor &${name} comes before it.`
          : `Alias *${name} is inside the node &${name} it refers to.`,
        start,
        p - start,
      );
      this.countNode(start);
      node = scalarNode('null', start, p - start, null);
    } else {
      // The alias is a value written in the text; what its expansion adds is the rest of the anchored node.
      this.countNode(start);
      node = anchor.node;
      size = anchor.size;
      height = anchor.height;
      this.aliasAdded += size - 1;
      this.aliasChars += anchor.chars;
      this.aliasOffsets.push(start);
      this.aliasCharsAfter.push(this.aliasChars);
      if (this.aliasChars > aliasCharAllowance(this.limits, this.len))
        throw new LimitExceeded(aliasCharsTooMany(start, p - start, this.aliasChars, this.limits, this.len));
      if (this.depth + height > this.limits.maxDepth) throw new LimitExceeded(tooDeep(start, this.limits, true));
      // Past the node limit, or past what the allowance could reach even if every character left wrote a value.
      if (
        this.written + this.aliasAdded > this.limits.maxNodes ||
        this.aliasAdded > aliasAllowance(this.limits, this.written + (this.len - p))
      )
        throw new LimitExceeded(aliasesTooLarge(start, p - start, this.aliasAdded, this.limits));
      if (this.aliasAdded > this.limits.aliasBase) this.aliasMarks.push([start, p - start, this.aliasAdded]);
    }
    return { kind: 'alias', start, end: p, node, size, height };
  }

  /** A token used as a value: continues a plain scalar over the lines below and builds its node. */
  private tokenValue(token: Token, parentIndent: number): AstNode {
    if (token.kind === 'alias' || token.kind === 'flow') {
      this.retSize = token.size;
      this.retHeight = token.height;
      this.lastEnd = token.end;
      return token.node!;
    }
    this.beginAnchor(token.props);
    let node: AstNode;
    if (token.kind === 'empty') {
      if (token.bad) this.skipToEol();
      this.countNode(token.start);
      node = scalarNode('null', token.start, 0, null);
    } else if (token.kind === 'quoted') {
      node = token.node!;
    } else {
      let text = token.text ?? '';
      let end = token.end;
      if (token.stop === 'eol') {
        text = this.continuePlain(text, end, parentIndent, false);
        end = this.lastEnd;
      }
      this.countNode(token.start);
      node = plainNode(text, token.start, end);
      this.lastEnd = end;
    }
    this.retSize = 1;
    this.retHeight = 0;
    return this.finishProps(token.props, node);
  }

  /**
   * The lines of a multi-line plain scalar: each more indented than `parentIndent` (any indentation in flow),
   * not a comment or a document marker, folded into one string (a line break → a space, n empty lines → n `\n`).
   */
  private continuePlain(first: string, firstEnd: number, parentIndent: number, flow: boolean): string {
    let text = first;
    let end = firstEnd;
    for (;;) {
      const savedPos = this.pos;
      const savedLineStart = this.lineStart;
      const next = this.nextPlainLine(parentIndent, flow);
      if (next < 0) {
        this.pos = savedPos;
        this.lineStart = savedLineStart;
        break;
      }
      this.scanPlain(this.pos, flow);
      if (this.scanStop === 'colon' && !flow) {
        // `key: value` below a value: not part of it (the caller reports the indentation).
        this.pos = savedPos;
        this.lineStart = savedLineStart;
        break;
      }
      text += (next === 0 ? ' ' : '\n'.repeat(next)) + this.text.slice(this.pos, this.scanEnd);
      end = this.scanEnd;
      this.pos = this.scanNext;
      if (this.scanStop !== 'eol') break;
    }
    this.lastEnd = end;
    return text;
  }

  /**
   * From the end of a plain scalar's line: the next line that can go on with it (pos at its first character), as the
   * number of empty lines before it; -1 when none can (pos is then anywhere: the caller restores it).
   */
  private nextPlainLine(parentIndent: number, flow: boolean): number {
    let p = this.pos;
    while (isBlank(this.text.charCodeAt(p))) p++;
    if (!isBreak(this.text.charCodeAt(p))) return -1;
    let empty = -1;
    let lineStart = p;
    let spaces = 0;
    while (p < this.len && isBreak(this.text.charCodeAt(p))) {
      p += this.text.charCodeAt(p) === CR && this.text.charCodeAt(p + 1) === LF ? 2 : 1;
      lineStart = p;
      while (this.text.charCodeAt(p) === SPACE) p++;
      spaces = p - lineStart;
      while (isBlank(this.text.charCodeAt(p))) p++;
      empty++;
    }
    this.ops += p - this.pos;
    if (p >= this.len) return -1;
    // Continuation lines are indented (with spaces) more than the parent; in flow, any indentation will do.
    if (!flow && spaces <= parentIndent) return -1;
    const c = this.text.charCodeAt(p);
    if (c === HASH || (flow && (isFlowIndicator(c) || c === 58))) return -1;
    this.lineStart = lineStart;
    if (this.atDocumentMarker(lineStart)) return -1;
    this.pos = p;
    return empty;
  }

  // ---- quoted scalars ----

  private readQuoted(double: boolean, props: Props | undefined): Token {
    const start = this.pos;
    const quote = double ? 34 : 39;
    let out = '';
    let p = start + 1;
    let chunk = p;
    let multiline = false;
    const t = this.text;
    for (;;) {
      if (p >= this.len) {
        out += t.slice(chunk, p);
        this.error(`Missing closing ${double ? '"' : "'"}quote.`, this.len, 0);
        break;
      }
      const c = t.charCodeAt(p);
      if (c === quote) {
        if (!double && t.charCodeAt(p + 1) === 39) {
          out += t.slice(chunk, p + 1);
          p += 2;
          chunk = p;
          continue;
        }
        out += t.slice(chunk, p);
        p++;
        break;
      }
      if (double && c === 92 /* \ */) {
        out += t.slice(chunk, p);
        p = this.readEscape(p, (s) => (out += s));
        chunk = p;
        continue;
      }
      if (c === LF || c === CR) {
        // Blanks before a line break are dropped; escaped ones (`\t`, `\ `) were written to `out` already and stay.
        out += trimTrailingBlanks(t.slice(chunk, p));
        const folded = this.foldQuotedBreak(p);
        out += folded.text;
        p = folded.next;
        chunk = p;
        multiline = true;
        continue;
      }
      p++;
    }
    this.ops += p - start;
    this.pos = p;
    this.lastEnd = p;
    this.countNode(start);
    const node = scalarNode('string', start, p - start, out, true);
    this.retSize = 1;
    this.retHeight = 0;
    return { kind: 'quoted', start, end: p, text: out, node, size: 1, height: 0, props, multiline };
  }

  /** A line break inside quotes: folded to a space, or to one `\n` per empty line; leading blanks dropped. */
  private foldQuotedBreak(p: number): { text: string; next: number } {
    let q = p;
    let breaks = 0;
    while (q < this.len) {
      const c = this.text.charCodeAt(q);
      if (c === CR && this.text.charCodeAt(q + 1) === LF) q += 2;
      else if (isBreak(c)) q++;
      else break;
      breaks++;
      this.lineStart = q;
      while (isBlank(this.text.charCodeAt(q))) q++;
    }
    return { text: breaks <= 1 ? ' ' : '\n'.repeat(breaks - 1), next: q };
  }

  private readEscape(p: number, emit: (s: string) => void): number {
    const t = this.text;
    const e = t[p + 1];
    if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
      emit(ESCAPES[e]!);
      return p + 2;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width) {
      const hex = t.slice(p + 2, p + 2 + width);
      const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(cp) || cp > 0x10ffff) {
        this.error(`Invalid escape \\${e}${hex}: it needs ${width} hexadecimal digits.`, p, 2 + hex.length);
        return p + 2;
      }
      emit(String.fromCodePoint(cp));
      return p + 2 + width;
    }
    if (e === '\n' || e === '\r') {
      // An escaped line break joins the lines without a space.
      let q = p + 1;
      if (t.charCodeAt(q) === CR && t.charCodeAt(q + 1) === LF) q += 2;
      else q++;
      this.lineStart = q;
      while (isBlank(t.charCodeAt(q))) q++;
      return q;
    }
    this.error(`Invalid escape \\${e ?? ''} in a double-quoted string.`, p, e === undefined ? 1 : 2);
    if (e !== undefined) emit(e);
    return p + (e === undefined ? 1 : 2);
  }

  // ---- block scalars ----

  private parseBlockScalar(parentIndent: number, props: Props | undefined): AstNode {
    this.beginAnchor(props);
    const start = this.pos;
    const folded = this.text.charCodeAt(start) === 62;
    const header = this.readBlockHeader(start);
    const lines = this.readBlockLines(header.indent ? Math.max(parentIndent, 0) + header.indent : -1, parentIndent);
    const value = (folded ? foldLines : literalLines)(lines.lines, header.chomp, lines.trailing);
    this.countNode(start);
    const end = lines.end;
    this.pos = end;
    this.lineStart = lines.lastLineStart;
    this.lastEnd = end;
    this.consume();
    const node = scalarNode('string', start, end - start, value);
    this.retSize = 1;
    this.retHeight = 0;
    return this.finishProps(props, node);
  }

  private readBlockHeader(start: number): { indent: number; chomp: 'clip' | 'strip' | 'keep' } {
    let p = start + 1;
    let indent = 0;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    for (let i = 0; i < 2; i++) {
      const c = this.text.charCodeAt(p);
      if (c >= 49 && c <= 57 && indent === 0) indent = c - 48;
      else if ((c === 45 || c === 43) && chomp === 'clip') chomp = c === 45 ? 'strip' : 'keep';
      else break;
      p++;
    }
    this.pos = p;
    if (!this.restOfLineIsEmpty()) {
      this.error(
        'A block scalar header is | or >, then optionally an indentation digit and - or +, then the end of the line.',
        this.pos,
        this.lineEndFrom(this.pos) - this.pos,
      );
      this.skipToEol();
    }
    return { indent, chomp };
  }

  /**
   * The content lines of a block scalar: from the line after the header, every line indented at least the content
   * indentation (the first content line's, unless the header gives it) and every empty line between them.
   */
  private readBlockLines(
    explicit: number,
    parentIndent: number,
  ): { lines: string[]; trailing: number; end: number; lastLineStart: number } {
    const t = this.text;
    let p = this.pos;
    let indent = explicit;
    const lines: string[] = [];
    let pendingEmpty = 0;
    let end = this.pos;
    let lastLineStart = this.lineStart;
    while (p < this.len && isBreak(t.charCodeAt(p))) {
      const lineStart = t.charCodeAt(p) === CR && t.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
      // The text's last line break ends the last line: no empty line follows it (`|+` keeps only what is there).
      if (lineStart >= this.len) break;
      let q = lineStart;
      while (t.charCodeAt(q) === SPACE) q++;
      const lineEnd = this.lineEndFrom(q);
      this.ops += lineEnd - p;
      if (this.emptyBlockLine(q - lineStart, q, lineEnd, indent, parentIndent)) {
        pendingEmpty++;
        p = lineEnd;
        continue;
      }
      if (indent < 0) {
        if (q - lineStart <= parentIndent) break;
        indent = q - lineStart;
      }
      if (q - lineStart < indent || (lineStart === q && this.atDocumentMarkerAt(lineStart))) break;
      for (; pendingEmpty > 0; pendingEmpty--) lines.push('');
      lines.push(t.slice(lineStart + indent, lineEnd));
      end = lineEnd;
      lastLineStart = lineStart;
      p = lineEnd;
    }
    return { lines, trailing: pendingEmpty, end, lastLineStart };
  }

  /**
   * Whether a block scalar's line is empty rather than content: only spaces, up to the content indentation (more
   * are content once it is known); or blanks with a tab before the indentation is reached (a tab past the
   * indentation is content: `|` then ` \t` is a tab).
   */
  private emptyBlockLine(spaces: number, q: number, lineEnd: number, indent: number, parentIndent: number): boolean {
    if (q === lineEnd) return indent < 0 || spaces <= indent;
    if (this.text.charCodeAt(q) !== TAB || !/^[ \t]*$/.test(this.text.slice(q, lineEnd))) return false;
    return indent < 0 ? spaces <= parentIndent : spaces < indent;
  }

  private atDocumentMarkerAt(lineStart: number): boolean {
    const save = this.lineStart;
    this.lineStart = lineStart;
    const at = this.atDocumentMarker(lineStart);
    this.lineStart = save;
    return at;
  }

  // ---- flow collections ----

  private parseFlowCollection(): AstNode {
    const offset = this.pos;
    const isMap = this.text.charCodeAt(offset) === 123;
    const close = isMap ? 125 : 93;
    this.enter(offset);
    this.countNode(offset);
    this.pos++;
    const properties: AstProperty[] = [];
    const items: AstNode[] = [];
    let size = 1;
    let height = 1;
    for (;;) {
      this.skipFlowSpace();
      const c = this.text.charCodeAt(this.pos);
      if (this.pos >= this.len) {
        this.error(`Missing closing ${isMap ? '}' : ']'}.`, this.len, 0);
        break;
      }
      if (c === close) {
        this.pos++;
        break;
      }
      if (c === 44 || c === 93 || c === 125) {
        this.error(c === 44 ? 'Unexpected , (an empty entry).' : `Unexpected ${String.fromCharCode(c)}.`, this.pos);
        this.pos++;
        continue;
      }
      const entry = this.parseFlowEntry(isMap);
      if (entry) {
        if (isMap) properties.push(entry as AstProperty);
        else items.push(entry as AstNode);
      }
      size += this.retSize;
      if (this.retHeight + 1 > height) height = this.retHeight + 1;
      this.skipFlowSpace();
      const d = this.text.charCodeAt(this.pos);
      if (d === 44) this.pos++;
      else if (d !== close && this.pos < this.len) {
        this.error(`Expected , or ${isMap ? '}' : ']'} here.`, this.pos);
        if (d !== 93 && d !== 125) this.pos++;
      }
    }
    this.leave();
    this.lastEnd = this.pos;
    this.retSize = size;
    this.retHeight = height;
    const length = this.pos - offset;
    return isMap ? objectNode(offset, length, properties) : arrayNode(offset, length, items);
  }

  /** Blanks, line breaks and comments inside a flow collection. */
  private skipFlowSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (isBlank(c)) this.pos++;
      else if (isBreak(c)) this.breakLine();
      else if (c === HASH && isWsOrEnd(this.text.charCodeAt(this.pos - 1))) this.skipToEol();
      else return;
      this.ops++;
    }
  }

  /**
   * One entry of a flow collection: a property of a mapping, or an item of a sequence (`[a: b]` makes a mapping of
   * one pair). Its size and height in retSize/retHeight.
   */
  private parseFlowEntry(isMap: boolean): AstProperty | AstNode | undefined {
    const explicit = this.text.charCodeAt(this.pos) === 63 && isWsOrEnd(this.text.charCodeAt(this.pos + 1));
    if (explicit) {
      this.pos++;
      this.skipFlowSpace();
    }
    const key = this.continueFlowPlain(this.readFlowToken());
    this.skipFlowSpace();
    const colon = this.text.charCodeAt(this.pos) === 58;
    if (!isMap && !colon && !explicit) return this.tokenValue(key, -1);
    let value: AstNode;
    if (colon) {
      this.pos++;
      this.skipFlowSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44 || c === 125 || c === 93 || this.pos >= this.len) value = this.flowNull(this.pos);
      else value = this.tokenValue(this.continueFlowPlain(this.readFlowToken()), -1);
    } else {
      value = this.flowNull(key.end);
    }
    const size = this.retSize;
    const height = this.retHeight;
    const property = this.entry(key, value, this.lastEnd);
    if (isMap) return property;
    this.countNode(key.start);
    this.retSize = size + 1;
    this.retHeight = height + 1;
    return objectNode(key.start, this.lastEnd - key.start, property ? [property] : []);
  }

  private flowNull(offset: number): AstNode {
    this.countNode(offset);
    this.retSize = 1;
    this.retHeight = 0;
    return scalarNode('null', offset, 0, null);
  }

  private readFlowToken(): Token {
    const c = this.text.charCodeAt(this.pos);
    // `:` then a blank or an indicator is an empty key's value indicator; `:x` starts a plain scalar (`[:x]`).
    if (c === 44 || c === 93 || c === 125 || (c === 58 && !this.canStartPlain(c, true))) {
      this.consume();
      return { kind: 'empty', start: this.pos, end: this.pos, size: 0, height: 0 };
    }
    if ((c === 124 || c === 62) && isWsOrEnd(this.text.charCodeAt(this.pos + 1))) {
      this.error('Block scalars (| and >) cannot be used inside [ ] or { }.', this.pos);
      this.pos++;
      return { kind: 'empty', start: this.pos - 1, end: this.pos - 1, size: 0, height: 0 };
    }
    return this.readToken(true);
  }

  /** A plain scalar in flow may go on over the next lines (folded); nothing else does. */
  private continueFlowPlain(token: Token): Token {
    if (token.kind === 'plain' && token.stop === 'eol') {
      token.text = this.continuePlain(token.text ?? '', token.end, -1, true);
      token.end = this.lastEnd;
      token.stop = 'flow';
    }
    return token;
  }

  // ---- tags ----

  private applyTag(props: Props, node: AstNode): AstNode {
    const tag = props.tag!;
    const name = tag.startsWith('!<tag:yaml.org,2002:') ? tag.slice(20, -1) : tag.startsWith('!!') ? tag.slice(2) : '';
    const range: [number, number] = [props.tagOffset, props.tagEnd - props.tagOffset];
    const scalar = node.kind !== 'object' && node.kind !== 'array';
    const source = scalar ? this.text.slice(node.offset, node.offset + node.length) : '';
    if (tag === '!' || name === 'str') {
      if (!scalar) this.error(`The tag ${tag} is for scalars.`, ...range);
      else if (node.kind !== 'string') return scalarNode('string', node.offset, node.length, source, node.quoted);
      return node;
    }
    if (name === 'map' || name === 'seq') {
      if (node.kind !== (name === 'map' ? 'object' : 'array'))
        this.error(`The value is not a ${name === 'map' ? 'mapping' : 'sequence'}, as its tag ${tag} says.`, ...range);
      return node;
    }
    if (name === 'int' || name === 'float' || name === 'bool' || name === 'null') {
      const v = node.kind === 'string' ? resolvePlain(String(node.value)) : node.value;
      const ok =
        name === 'null'
          ? v === null
          : name === 'bool'
            ? typeof v === 'boolean'
            : typeof v === 'number' && (name === 'float' || Number.isInteger(v));
      if (!ok || !scalar) {
        this.error(
          `${JSON.stringify(source)} is not ${name === 'int' ? 'an' : 'a'} ${name}, as its tag ${tag} says.`,
          ...range,
        );
        return node;
      }
      return name === 'null'
        ? scalarNode('null', node.offset, node.length, null)
        : scalarNode(typeof v === 'boolean' ? 'boolean' : 'number', node.offset, node.length, v as number | boolean);
    }
    this.error(
      `Unknown tag ${tag}: the value is read as plain YAML. Gateway specs have no CloudFormation functions ` +
        '(!Sub, !Ref…): write ${aws:region}, ${aws:accountId} or ${stageVariables.NAME} in the string instead.',
      ...range,
      'warning',
    );
    return node;
  }
}

/** The YAML 1.2 core schema's reading of a plain scalar. */
export function resolvePlain(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  if (s === '' || s === '~') return null;
  if (c === 110 || c === 78) {
    if (s === 'null' || s === 'Null' || s === 'NULL') return null;
  } else if (c === 116 || c === 84) {
    if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  } else if (c === 102 || c === 70) {
    if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  } else if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    return resolveNumber(s);
  }
  return s;
}

function resolveNumber(s: string): string | number {
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}

function plainNode(text: string, offset: number, end: number): AstNode {
  const v = resolvePlain(text);
  const length = end - offset;
  if (v === null) return scalarNode('null', offset, length, null);
  if (typeof v === 'boolean') return scalarNode('boolean', offset, length, v);
  if (typeof v === 'number') return scalarNode('number', offset, length, v);
  return scalarNode('string', offset, length, v, false);
}

function trimTrailingBlanks(s: string): string {
  let e = s.length;
  while (e > 0 && isBlank(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

function chompEnd(content: string, chomp: 'clip' | 'strip' | 'keep', trailing: number, hasContent: boolean): string {
  if (chomp === 'strip') return content;
  if (chomp === 'clip') return hasContent ? `${content}\n` : content;
  return content + '\n'.repeat(hasContent ? 1 + trailing : trailing);
}

/** `|`: the lines as they are, joined by line breaks. */
function literalLines(lines: string[], chomp: 'clip' | 'strip' | 'keep', trailing: number): string {
  // Leading empty lines are content; trailing ones are chomping's.
  let last = lines.length;
  while (last > 0 && lines[last - 1] === '') last--;
  const body = lines.slice(0, last);
  const extra = lines.length - last + trailing;
  const hasContent = body.length > 0;
  return chompEnd(body.join('\n'), chomp, extra, hasContent);
}

/**
 * `>`: line breaks between two text lines become spaces; n empty lines between them become n line breaks; lines
 * indented more than the content (and the breaks around them) stay as they are.
 */
function foldLines(lines: string[], chomp: 'clip' | 'strip' | 'keep', trailing: number): string {
  let out = '';
  let empty = 0;
  let read = false;
  let moreIndented = false;
  let last = lines.length;
  while (last > 0 && lines[last - 1] === '') last--;
  for (let i = 0; i < last; i++) {
    const line = lines[i]!;
    if (line === '') {
      empty++;
      continue;
    }
    const c = line.charCodeAt(0);
    if (c === SPACE || c === TAB) {
      moreIndented = true;
      out += '\n'.repeat(read ? 1 + empty : empty);
    } else if (moreIndented) {
      moreIndented = false;
      out += '\n'.repeat(empty + 1);
    } else if (empty === 0) {
      if (read) out += ' ';
    } else {
      out += '\n'.repeat(empty);
    }
    out += line;
    read = true;
    empty = 0;
  }
  return chompEnd(out, chomp, lines.length - last + trailing, read);
}
