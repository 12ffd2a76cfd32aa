// Text helpers that stay linear on any input. A pattern such as /\/+$/ does not: searched from every character of a
// long run of slashes that does not end the text, it reads the rest of the run again each time.

/** Percent-decoded, or as written when its escapes are not UTF-8 (`%E0%A4` alone): a path or name from a URL. */
export function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` without the copies of `char` (one character) that end it. */
export function trimTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

/** `text` without the copies of `char` (one character) that start or end it. */
export function trimBoth(text: string, char: string): string {
  let start = 0;
  while (start < text.length && text[start] === char) start++;
  return trimTrailing(text.slice(start), char);
}

/** One `open`…`close` part of a text: where it starts, where it ends (past `close`), and what it holds. */
export interface Enclosed {
  start: number;
  end: number;
  inner: string;
}

/**
 * Each `open`…`close` part of `text`, left to right: what /OPEN([^CLOSE]*)CLOSE/g finds (`${…}`, `{…}`), in one
 * pass. That pattern reads to the end of the text from every `open` that no `close` follows: a text of 40 KB of
 * `${` took 0.6 s, quadratic. Here the first `open` without a `close` after it ends the search.
 */
export function enclosedParts(text: string, open: string, close: string): Enclosed[] {
  const out: Enclosed[] = [];
  for (let from = 0; ;) {
    const start = text.indexOf(open, from);
    if (start < 0) return out;
    const closeAt = text.indexOf(close, start + open.length);
    if (closeAt < 0) return out;
    out.push({ start, end: closeAt + close.length, inner: text.slice(start + open.length, closeAt) });
    from = closeAt + close.length;
  }
}

/** `text` with each `open`…`close` part (as enclosedParts() finds them) replaced by what `replace` makes of its inside. */
export function replaceEnclosed(text: string, open: string, close: string, replace: (inner: string) => string): string {
  let out = '';
  let last = 0;
  for (const part of enclosedParts(text, open, close)) {
    out += text.slice(last, part.start) + replace(part.inner);
    last = part.end;
  }
  return out + text.slice(last);
}

/** Where `text` is cut to at most `max` characters: at `max`, or before it when a surrogate pair would be split. */
export function cutIndex(text: string, max: number): number {
  const code = text.charCodeAt(max - 1);
  return max > 1 && code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
