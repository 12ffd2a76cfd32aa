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
  const n = text.length;
  if ((parts.length + 1) * (n + 1) > MATCH_CELLS) return undefined;
  const blankAt = nextBlanks(text);
  // fits[i][p]: parts i… make exactly text[p…].
  const fits: Uint8Array[] = [];
  fits[parts.length] = new Uint8Array(n + 1);
  fits[parts.length]![n] = 1;
  for (let i = parts.length - 1; i >= 0; i--) fits[i] = partRow(parts[i]!, text, fits[i + 1]!, blankAt);
  if (fits[0]![0] !== 1) return undefined;
  return takeShortest(parts, text, fits);
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

/** Where one part can start, given where the parts after it can (`next`). */
function partRow(part: TemplatePart, text: string, next: Uint8Array, blankAt: Int32Array): Uint8Array {
  const n = text.length;
  const row = new Uint8Array(n + 1);
  if ('literal' in part) {
    for (let p = 0; p <= n; p++)
      row[p] = Number(text.startsWith(part.literal, p) && next[p + part.literal.length] === 1);
    return row;
  }
  // first: the smallest end >= q at which the rest fits (n + 1 if none).
  let first = n + 1;
  for (let p = n; p >= 0; p--) {
    // A variable starting at p ends at p + 1 or later, and without blanks no later than the next blank.
    if (p < n && next[p + 1] === 1) first = p + 1;
    row[p] = Number(p < n && first <= n && (part.blanks || first <= blankAt[p]!));
  }
  return row;
}

/** Walks the parts from the start: each variable takes the shortest text after which the rest still fits. */
function takeShortest(parts: readonly TemplatePart[], text: string, fits: Uint8Array[]): string[] {
  const values: string[] = [];
  let p = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if ('literal' in part) {
      p += part.literal.length;
      continue;
    }
    let end = p + 1;
    while (fits[i + 1]![end] !== 1) end++;
    values.push(text.slice(p, end));
    p = end;
  }
  return values;
}
