// Where the cursor is inside a YAML flow collection (`GET /orders: { integration: orders-fn, timeoutMs: 3000 }`),
// for completion: the block line that opens the collection and, inside it, the keys and list indexes down to the
// cursor, whether a key or a value is typed there, and where the typed part starts. A small lexer over the text
// from the opening bracket to the cursor: quoted scalars, comments, nested collections, commas and `: `.

/** How many lines above the cursor a flow collection that holds it may open. */
const FLOW_LINES = 20;

export interface FlowCursor {
  /** The block line whose value the collection is: its start, `- ` column and content column (as the block path reads them). */
  lineStart: number;
  dash: number | undefined;
  column: number;
  /** That line's key. */
  key: string;
  /** Keys and list indexes inside the collection, down to the innermost one holding the cursor. */
  path: Array<string | number>;
  at: 'key' | 'value';
  /** The key whose value is typed (at 'value' in a mapping). */
  valueOf: string | undefined;
  /** Where the typed part starts. */
  partialStart: number;
}

interface Frame {
  kind: '{' | '[';
  /** In a mapping: typing its key, or the value of `key`. */
  state: 'key' | 'value';
  key: string | undefined;
  index: number;
  /** Where the scalar being typed starts, if one is. */
  token: number | undefined;
}

/**
 * A key on one line of YAML, up to its `:` — quoted, or plain, which may hold { } [ ] , (route keys with path
 * parameters do) but not start with an indicator. The block-style completion reads lines with it too (service.ts).
 */
export const YAML_KEY = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s:#{}[\],&*!|>'"%@`][^#\n]*?)/.source;
// A block line whose value opens a flow collection: indentation, an optional `- `, a key, `:` and `{` or `[`; or a
// key alone whose value is on the next line, which starts with the bracket (as the `yaml` library writes long ones).
const OPENER = new RegExp(`^( *)(- +)?${YAML_KEY}:[ \\t]+([{[])`);
const KEY_ALONE = new RegExp(`^( *)(- +)?${YAML_KEY}:[ \\t]*(#.*)?$`);
const BRACKET_FIRST = /^ *[{[]/;

/** The flow collection holding `offset`, opened on its line or up to FLOW_LINES above; undefined when none does. */
export function flowCursor(text: string, offset: number): FlowCursor | undefined {
  let start = lineStartAt(text, offset);
  for (let n = 0; n <= FLOW_LINES; n++) {
    const line = text.slice(start, Math.min(text.length, start + 4096));
    const m: Opener | null = OPENER.exec(line) ?? keyAbove(text, start, line);
    if (m) {
      const open = m.open ?? start + m[0].length - 1;
      if (m.lineStart !== undefined) start = m.lineStart;
      if (open >= offset) return undefined;
      const column = m[1]!.length + (m[2]?.length ?? 0);
      const inner = lex(text, open, offset, column);
      // Closed before the cursor: a collection opened further up may still hold it (`a: {` … `b: { c: 1 },` …).
      if (inner !== 'closed') {
        if (!inner) return undefined;
        const dash = m[2] ? m[1]!.length : undefined;
        return { ...inner, lineStart: start, dash, column, key: yamlKeyText(m[3]!) };
      }
    }
    if (start === 0) return undefined;
    start = lineStartAt(text, start - 1);
  }
  return undefined;
}

type Opener = RegExpExecArray & { open?: number; lineStart?: number };

/** A line that starts with the bracket, below a line that is a key alone: that key's value is the collection. */
function keyAbove(text: string, start: number, line: string): Opener | null {
  if (!BRACKET_FIRST.test(line) || start === 0) return null;
  const above = lineStartAt(text, start - 1);
  const m = KEY_ALONE.exec(text.slice(above, start - 1).replace(/\r$/, '')) as Opener | null;
  if (!m) return null;
  m.open = start + line.search(/[{[]/);
  m.lineStart = above;
  return m;
}

function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A key as written (quoted or plain) as the name it stands for. */
export function yamlKeyText(raw: string): string {
  const k = raw.trim();
  if (k.startsWith('"')) {
    try {
      return JSON.parse(k) as string;
    } catch {
      return k;
    }
  }
  return k.startsWith("'") ? k.slice(1, -1).replace(/''/g, "'") : k;
}

type Inner = Pick<FlowCursor, 'path' | 'at' | 'valueOf' | 'partialStart'>;

/**
 * Reads from the opening bracket at `open` to `offset`: what the cursor is typing, 'closed' when the collection ends
 * before it, undefined where the text is not a form completion can extend (inside quotes or a comment, a pair inside
 * a list, a line back at the block's indentation: the collection was never closed).
 */
function lex(text: string, open: number, offset: number, blockColumn: number): Inner | 'closed' | undefined {
  const stack: Frame[] = [];
  let i = open;
  while (i < offset) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '{' || c === '[') {
      if (top) take(top, i);
      stack.push({ kind: c, state: 'key', key: undefined, index: 0, token: undefined });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return 'closed';
      stack[stack.length - 1]!.token = i;
      i++;
    } else if (c === '"' || c === "'") {
      const end = quotedEnd(text, i, c);
      if (end > offset) return undefined;
      if (top) take(top, i);
      i = end;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? '')) {
      const eol = text.indexOf('\n', i);
      if (eol < 0 || eol >= offset) return undefined;
      i = eol;
    } else if (c === '\n' && !continues(text, i + 1, blockColumn)) {
      return undefined;
    } else if (c === ',') {
      if (top!.kind === '[') top!.index++;
      else Object.assign(top!, { state: 'key', key: undefined });
      top!.token = undefined;
      i++;
    } else if (c === ':' && top!.kind === '{' && top!.state === 'key' && /[\s,[\]{}]|^$/.test(text[i + 1] ?? '')) {
      top!.key = top!.token === undefined ? '' : yamlKeyText(text.slice(top!.token, i));
      Object.assign(top!, { state: 'value', token: undefined });
      i++;
    } else if (c === ':' && top!.kind === '[' && /\s/.test(text[i + 1] ?? '')) {
      return undefined;
    } else {
      if (!/\s/.test(c) && top) take(top, i);
      i++;
    }
  }
  return innermost(stack, offset);
}

/** Whether the line at `from` may go on a flow collection of a block line at `column`: blank, or indented deeper. */
function continues(text: string, from: number, column: number): boolean {
  let i = from;
  while (text[i] === ' ') i++;
  return i - from > column || /^[\r\n#}\]]|^$/.test(text[i] ?? '');
}

/** A scalar (or collection) starts at `at` unless one already has. */
function take(f: Frame, at: number): void {
  f.token ??= at;
}

function quotedEnd(text: string, from: number, quote: string): number {
  for (let i = from + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return text.length + 1;
}

function innermost(stack: Frame[], offset: number): Inner | undefined {
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const path: Array<string | number> = [];
  for (const f of stack.slice(0, -1)) path.push(f.kind === '[' ? f.index : (f.key ?? ''));
  const partialStart = top.token ?? offset;
  if (top.kind === '[') return { path, at: 'value', valueOf: undefined, partialStart };
  if (top.state === 'key') return { path, at: 'key', valueOf: undefined, partialStart };
  return { path, at: 'value', valueOf: top.key, partialStart };
}
