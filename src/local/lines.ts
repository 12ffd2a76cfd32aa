// Newline-delimited text: how the local API and its handler processes frame their messages (protocol.ts, one JSON
// object per line on fd 3) and how a handler process's stdout and stderr become log lines. The one line reader for
// both sides of that pipe.
import { cutIndex } from '../core/text';

/**
 * Calls `onLine` with each line of a text stream as it completes (without its `\n`), and with a last line that has
 * no `\n` once the stream ends. A chunk may end mid-line, or mid-character: the stream is decoded as UTF-8 first.
 * A line longer than `maxLine` characters goes as several of `maxLine` at most, as its text arrives: a process that
 * prints without a newline costs bounded memory, not a string that grows until the reader crashes.
 */
export function readLines(
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void,
  maxLine = Number.POSITIVE_INFINITY,
): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    // Only the new chunk is searched: a long line arriving in many chunks costs its length, not its square.
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      rest = emitFull(rest + chunk, maxLine, onLine);
      return;
    }
    emitLine(rest + chunk.slice(0, nl), maxLine, onLine);
    let start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      emitLine(chunk.slice(start, nl), maxLine, onLine);
      start = nl + 1;
    }
    rest = emitFull(chunk.slice(start), maxLine, onLine);
  });
  stream.on('end', () => {
    const last = rest;
    rest = '';
    if (last) emitLine(last, maxLine, onLine);
  });
}

/** Sends the parts of `text` of `max` characters; returns what is left (shorter), the start of the next line. */
function emitFull(text: string, max: number, onLine: (line: string) => void): string {
  let rest = text;
  while (rest.length >= max) {
    const cut = cutIndex(rest, max);
    onLine(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return rest;
}

/** A whole line: in parts of `max` characters at most. */
function emitLine(line: string, max: number, onLine: (line: string) => void): void {
  const rest = emitFull(line, max, onLine);
  if (rest || line === '') onLine(rest);
}
