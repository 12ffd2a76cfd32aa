// The JSONPath of REST Client's request variables (`{{login.response.body.$.items[?(@.name=='ann')].id}}`), which it
// evaluates with jsonpath-plus and reads the first match of: `$`, `.name` and `['name']`, `[0]`, `*` and `[*]`,
// `..name` (at any depth, a node before its children), unions `[0,2]` and `['a','b']`, slices `[1:3]` and `[-1:]`,
// and filters `[?(…)]` over `@` with comparisons (`==`, `===`, `!=`, `<`…), `&&`, `||`, `!` and parentheses. A filter
// is read by this parser, never run as script: other scripts (`[(@.length-1)]`) match nothing, as does a path it
// cannot read.

type Value = unknown;

type Step =
  | { kind: 'names'; names: Array<string | number> }
  | { kind: 'all' }
  | { kind: 'descend'; then: Exclude<Step, { kind: 'descend' }> }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; test: Expr };

type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'path'; steps: Array<string | number> }
  | { kind: 'not'; of: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr };

class Unreadable extends Error {}

/** The first value `path` selects in `doc`, as REST Client shows it: a string as it is, anything else as JSON. */
export function firstAtJsonPath(doc: Value, path: string): string | undefined {
  let found: Value | typeof NONE;
  try {
    found = first(doc, parsePath(path.trim()), 0);
  } catch (err) {
    // A path it cannot read, or one (or a document) nested deeper than the stack: no value, as a path that matches
    // nothing.
    if (err instanceof Unreadable || err instanceof RangeError) return undefined;
    throw err;
  }
  if (found === NONE) return undefined;
  const text = typeof found === 'string' ? found : JSON.stringify(found);
  // jsonpath-plus's caller in REST Client takes an empty value for none.
  return text ? text : undefined;
}

const NONE = Symbol('none');

/** The first match of `steps[i…]` from `node`, in document order (a descent looks at a node before its children). */
function first(node: Value, steps: Step[], i: number): Value | typeof NONE {
  if (i === steps.length) return node;
  const step = steps[i]!;
  if (step.kind === 'descend') {
    const here = through(node, step.then, steps, i + 1);
    if (here !== NONE) return here;
    for (const child of children(node)) {
      const below = first(child, steps, i);
      if (below !== NONE) return below;
    }
    return NONE;
  }
  return through(node, step, steps, i + 1);
}

/** The first match of `steps[next…]` from what `step` selects of `node`. */
function through(
  node: Value,
  step: Exclude<Step, { kind: 'descend' }>,
  steps: Step[],
  next: number,
): Value | typeof NONE {
  for (const selected of select(node, step)) {
    const found = first(selected, steps, next);
    if (found !== NONE) return found;
  }
  return NONE;
}

function children(node: Value): Value[] {
  if (Array.isArray(node)) return node;
  if (node !== null && typeof node === 'object') return Object.values(node);
  return [];
}

/**
 * What `.name` (or `['name']`, `[0]`) selects of a node: a field, an item, or — as jsonpath-plus follows any own
 * property of a value that is not empty — the `length` of an array or a string (`$.items.length`).
 */
function member(node: Value, name: string | number): Value | typeof NONE {
  if (name === 'length' && (Array.isArray(node) || (typeof node === 'string' && node !== ''))) return node.length;
  if (Array.isArray(node)) {
    const index = typeof name === 'number' ? name : /^\d+$/.test(name) ? Number(name) : NaN;
    return Number.isInteger(index) && index >= 0 && index < node.length ? node[index] : NONE;
  }
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, String(name)))
    return (node as Record<string, Value>)[String(name)];
  return NONE;
}

function select(node: Value, step: Exclude<Step, { kind: 'descend' }>): Value[] {
  switch (step.kind) {
    case 'names':
      return step.names.map((n) => member(node, n)).filter((v) => v !== NONE);
    case 'all':
      return children(node);
    case 'slice': {
      if (!Array.isArray(node)) return [];
      const len = node.length;
      const at = (n: number | undefined, dflt: number) =>
        n === undefined ? dflt : n < 0 ? Math.max(len + n, 0) : Math.min(n, len);
      const stepBy = step.step ?? 1;
      if (stepBy <= 0) return [];
      const out: Value[] = [];
      for (let k = at(step.start, 0); k < at(step.end, len); k += stepBy) out.push(node[k]);
      return out;
    }
    case 'filter':
      return children(node).filter((child) => truthy(evaluate(step.test, child)));
  }
}

function truthy(v: Value): boolean {
  return v !== NONE && Boolean(v);
}

function evaluate(e: Expr, at: Value): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'path': {
      let cur: Value = at;
      for (const s of e.steps) {
        // `@.length` of an array or a string, as the script jsonpath-plus runs would read it.
        if (s === 'length' && (Array.isArray(cur) || typeof cur === 'string')) cur = cur.length;
        else cur = member(cur, s);
        if (cur === NONE) return undefined;
      }
      return cur;
    }
    case 'not':
      return !truthy(evaluate(e.of, at));
    case 'binary': {
      const l = evaluate(e.left, at);
      if (e.op === '&&') return truthy(l) ? evaluate(e.right, at) : l;
      if (e.op === '||') return truthy(l) ? l : evaluate(e.right, at);
      const r = evaluate(e.right, at);
      return compare(e.op, l, r);
    }
  }
}

function compare(op: string, l: Value, r: Value): boolean {
  switch (op) {
    case '==':
      // JavaScript's loose equality between what JSON holds: a number and its text are equal.
      return l === r || (l !== null && r !== null && l !== undefined && r !== undefined && String(l) === String(r));
    case '===':
      return l === r;
    case '!=':
      return !compare('==', l, r);
    case '!==':
      return l !== r;
  }
  if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) return false;
  const a = l as number | string;
  const b = r as number | string;
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** Reads a path into steps; throws Unreadable when it is not one this evaluator reads. */
function parsePath(path: string): Step[] {
  const r = new Reader(path);
  if (r.peek() === '$') r.i++;
  const steps: Step[] = [];
  // jsonpath-plus reads a path without `$` from the root too (`items[0].id`).
  if (r.i === 0 && r.more() && r.peek() !== '.' && r.peek() !== '[') steps.push(nameStep(r.name()));
  while (r.more()) {
    if (r.take('..')) {
      const then = r.peek() === '[' ? bracket(r) : r.take('*') ? ({ kind: 'all' } as const) : nameStep(r.name());
      steps.push({ kind: 'descend', then });
    } else if (r.take('.')) steps.push(r.take('*') ? { kind: 'all' } : nameStep(r.name()));
    else if (r.peek() === '[') steps.push(bracket(r));
    else throw new Unreadable();
  }
  return steps;
}

function nameStep(name: string): { kind: 'names'; names: string[] } {
  return { kind: 'names', names: [name] };
}

type Selector = Exclude<Step, { kind: 'descend' }>;

function bracket(r: Reader): Selector {
  r.expect('[');
  r.blanks();
  let step: Selector;
  if (r.take('*')) step = { kind: 'all' };
  else if (r.take('?(')) {
    const test = orExpr(r);
    r.blanks();
    r.expect(')');
    step = { kind: 'filter', test };
  } else if (/[-\d:]/.test(r.peek())) step = indexes(r);
  else {
    const names: Array<string | number> = [r.quoted()];
    for (r.blanks(); r.take(','); r.blanks()) {
      r.blanks();
      names.push(r.quoted());
    }
    step = { kind: 'names', names };
  }
  r.blanks();
  r.expect(']');
  return step;
}

/** `[0]`, `[0,2]`, `[1:3]`, `[-2:]`, `[::2]`. */
function indexes(r: Reader): Selector {
  const text = r.until(']').trim();
  const slice = /^(-?\d*):(-?\d*)(?::(-?\d*))?$/.exec(text);
  if (slice) {
    const n = (s: string | undefined) => (s ? Number(s) : undefined);
    const [start, end, step] = [n(slice[1]), n(slice[2]), n(slice[3])];
    return {
      kind: 'slice',
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(step !== undefined ? { step } : {}),
    };
  }
  const list = text.split(',').map((s) => s.trim());
  if (!list.every((s) => /^\d+$/.test(s))) throw new Unreadable();
  return { kind: 'names', names: list.map(Number) };
}

function orExpr(r: Reader): Expr {
  let left = andExpr(r);
  for (r.blanks(); r.take('||'); r.blanks()) left = { kind: 'binary', op: '||', left, right: andExpr(r) };
  return left;
}

function andExpr(r: Reader): Expr {
  let left = comparison(r);
  for (r.blanks(); r.take('&&'); r.blanks()) left = { kind: 'binary', op: '&&', left, right: comparison(r) };
  return left;
}

function comparison(r: Reader): Expr {
  const left = unary(r);
  r.blanks();
  const op = ['===', '!==', '==', '!=', '<=', '>=', '<', '>'].find((o) => r.take(o));
  return op ? { kind: 'binary', op, left, right: unary(r) } : left;
}

function unary(r: Reader): Expr {
  r.blanks();
  if (r.take('!')) return { kind: 'not', of: unary(r) };
  if (r.take('(')) {
    const inner = orExpr(r);
    r.blanks();
    r.expect(')');
    return inner;
  }
  if (r.take('@')) {
    const steps: Array<string | number> = [];
    for (;;) {
      if (r.take('.')) steps.push(r.name());
      else if (r.peek() === '[') {
        r.expect('[');
        r.blanks();
        steps.push(/\d/.test(r.peek()) ? Number(r.until(']').trim()) : r.quoted());
        r.blanks();
        r.expect(']');
      } else break;
    }
    if (steps.some((s) => typeof s === 'number' && !Number.isInteger(s))) throw new Unreadable();
    return { kind: 'path', steps };
  }
  if (r.peek() === "'" || r.peek() === '"') return { kind: 'literal', value: r.quoted() };
  const word = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(r.rest())?.[1];
  if (!word) throw new Unreadable();
  r.i += word.length;
  return { kind: 'literal', value: JSON.parse(word) as Value };
}

class Reader {
  i = 0;
  constructor(readonly text: string) {}
  more(): boolean {
    return this.i < this.text.length;
  }
  peek(): string {
    return this.text[this.i] ?? '';
  }
  rest(): string {
    return this.text.slice(this.i, this.i + 64);
  }
  take(s: string): boolean {
    if (!this.text.startsWith(s, this.i)) return false;
    this.i += s.length;
    return true;
  }
  expect(s: string): void {
    if (!this.take(s)) throw new Unreadable();
  }
  blanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  /** A member name after `.`: up to the next `.`, `[`, blank or operator character. */
  name(): string {
    const start = this.i;
    while (this.more() && !/[.[\]\s()=!<>&|,]/.test(this.peek())) this.i++;
    if (this.i === start) throw new Unreadable();
    return this.text.slice(start, this.i);
  }
  /** Up to (not past) `end`. */
  until(end: string): string {
    const at = this.text.indexOf(end, this.i);
    if (at < 0) throw new Unreadable();
    const out = this.text.slice(this.i, at);
    this.i = at;
    return out;
  }
  /** `'text'` or `"text"`, a backslash escaping the character after it. */
  quoted(): string {
    const q = this.peek();
    if (q !== "'" && q !== '"') throw new Unreadable();
    let out = '';
    for (this.i++; this.more(); this.i++) {
      const c = this.peek();
      if (c === q) {
        this.i++;
        return out;
      }
      if (c === '\\') this.i++;
      out += this.peek();
    }
    throw new Unreadable();
  }
}
