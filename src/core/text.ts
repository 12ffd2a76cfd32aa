// Text helpers that stay linear on any input. A pattern such as /\/+$/ does not: searched from every character of a
// long run of slashes that does not end the text, it reads the rest of the run again each time.

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
