// Matching a text against a template of literal parts and variables — a WebSocket route key against its selection
// expression (`${request.body.service}/${request.body.action}`), an access log line against its stage's format
// (`$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey …"`) — in time linear
// in the text times the parts. The pattern /^lit(.+?)lit(.+?)$/s would capture the same values, but backtracks in
// time to the power of the variables on a text that does not fit (12 of them on a 64-character key: 2 s), and the
// texts come from whoever sends requests.

/** A literal, or a variable: at least one character, with blanks (space, tab) only where `blanks` says so. */
export type TemplatePart = { literal: string } | { blanks: boolean };

/** The most places a match weighs (a byte each): 16 MB. Past it, no match. */
export const MATCH_CELLS = 16 * 1024 * 1024;

/**
 * The text each variable of `parts` takes in `text`, or undefined when the parts cannot make the whole text (or
 * would weigh more than MATCH_CELLS places). Each variable takes the shortest text after which the rest still fits:
 * one pass from the end marks where each part can start, one from the start takes the values.
 */
export function matchTemplate(parts: readonly TemplatePart[], text: string): string[] | undefined {
  const quick = shortestPath(parts, text);
  if (quick) return quick;
  const n = text.length;
  if ((parts.length + 1) * (n + 1) > MATCH_CELLS) return undefined;
  // fits[i * w + p]: parts i… make exactly text[p…]. One buffer for every row (the last row: only the end).
  const w = n + 1;
  const fits = new Uint8Array((parts.length + 1) * w);
  fits[parts.length * w + n] = 1;
  const blankAt = nextBlanks(text);
  for (let i = parts.length - 1; i >= 0; i--) fillRow(parts[i]!, text, fits, i * w, blankAt);
  if (fits[0] !== 1) return undefined;
  return takeShortest(parts, text, fits);
}

/**
 * The lazy pattern's own search, bounded: each variable tries its ends shortest first — where the next literal
 * occurs, no further than the next blank when it takes none — and the first way to the end of the text wins, which
 * is the lazy pattern's answer. Places found not to fit are remembered. Every step and every character a search for
 * a literal passes is counted: past `4 × (parts + text)` the search gives up (undefined) and the full match decides,
 * so no text makes this slower than linear.
 */
function shortestPath(parts: readonly TemplatePart[], text: string): string[] | undefined {
  const s: Search = { parts, text, dead: new Set(), budget: 4 * (parts.length + text.length), ends: [] };
  return search(s, 0, 0) === true ? valuesOf(parts, text, s.ends) : undefined;
}

interface Search {
  parts: readonly TemplatePart[];
  text: string;
  /** `i * (n + 1) + p`: part i cannot start at p. */
  dead: Set<number>;
  /** Steps and characters left to spend. */
  budget: number;
  /** Where each part ends on the way found. */
  ends: number[];
}

/** Whether parts i… make text[p…] (undefined: the budget ran out). */
function search(s: Search, i: number, p: number): boolean | undefined {
  const { parts, text } = s;
  if (i === parts.length) return p === text.length;
  const key = i * (text.length + 1) + p;
  if (s.dead.has(key)) return false;
  if (--s.budget < 0) return undefined;
  const part = parts[i]!;
  if ('literal' in part) {
    const fits = text.startsWith(part.literal, p) ? search(s, i + 1, p + part.literal.length) : false;
    if (fits === true) s.ends[i] = p + part.literal.length;
    else if (fits === false) s.dead.add(key);
    return fits;
  }
  const next = parts[i + 1];
  const limit = part.blanks ? text.length : blankAfter(s, p);
  for (let end = endAfter(s, p, next); end !== -1 && end <= limit; end = endAfter(s, end, next)) {
    const fits = search(s, i + 1, end);
    if (fits !== false) {
      if (fits === true) s.ends[i] = end;
      return fits;
    }
    // Each end tried costs a step, also when the rest is already known not to fit from it (two variables side by
    // side try every end, and only the first try of each place is charged above).
    if (--s.budget < 0) return undefined;
  }
  s.dead.add(key);
  return false;
}

/** The next end after `from` of a variable followed by `next` (-1: none), its search charged to the budget. */
function endAfter(s: Search, from: number, next: TemplatePart | undefined): number {
  const n = s.text.length;
  if (from >= n) return -1;
  if (next === undefined) return n;
  if (!('literal' in next)) return from + 1;
  const at = s.text.indexOf(next.literal, from + 1);
  s.budget -= (at === -1 ? n : at) - from;
  return at;
}

/** The first blank at or after p (the text's length if none), the characters passed charged to the budget. */
function blankAfter(s: Search, p: number): number {
  const t = s.text;
  let q = p;
  while (q < t.length && t.charCodeAt(q) !== 32 && t.charCodeAt(q) !== 9) q++;
  s.budget -= q - p;
  return q;
}

function valuesOf(parts: readonly TemplatePart[], text: string, ends: number[]): string[] {
  const values: string[] = [];
  let p = 0;
  parts.forEach((part, i) => {
    if (!('literal' in part)) values.push(text.slice(p, ends[i]));
    p = ends[i]!;
  });
  return values;
}

/** blankAt[p]: the first space or tab at or after p (the text's length if none). */
function nextBlanks(text: string): Int32Array {
  const at = new Int32Array(text.length + 1);
  at[text.length] = text.length;
  for (let p = text.length - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    at[p] = c === 32 || c === 9 ? p : at[p + 1]!;
  }
  return at;
}

/** Where part i (its row at `at`) can start, given where the parts after it can (the next row, at `at + w`). */
function fillRow(part: TemplatePart, text: string, fits: Uint8Array, at: number, blankAt: Int32Array): void {
  const n = text.length;
  const next = at + n + 1;
  if ('literal' in part) {
    // Only where the literal occurs: one native search per occurrence, not a comparison per position.
    const len = part.literal.length;
    if (len === 0) fits.copyWithin(at, next, next + n + 1);
    else
      for (let p = text.indexOf(part.literal); p >= 0; p = text.indexOf(part.literal, p + 1))
        fits[at + p] = fits[next + p + len]!;
    return;
  }
  // first: the smallest end > p at which the rest fits (n + 1 if none).
  let first = n + 1;
  for (let p = n - 1; p >= 0; p--) {
    if (fits[next + p + 1] === 1) first = p + 1;
    // A variable starting at p ends at p + 1 or later, and without blanks no later than the next blank.
    fits[at + p] = Number(first <= n && (part.blanks || first <= blankAt[p]!));
  }
}

/** Walks the parts from the start: each variable takes the shortest text after which the rest still fits. */
function takeShortest(parts: readonly TemplatePart[], text: string, fits: Uint8Array): string[] {
  const w = text.length + 1;
  const values: string[] = [];
  let p = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ('literal' in part) {
      p += part.literal.length;
      continue;
    }
    let end = p + 1;
    while (fits[(i + 1) * w + end] !== 1) end++;
    values.push(text.slice(p, end));
    p = end;
  }
  return values;
}
