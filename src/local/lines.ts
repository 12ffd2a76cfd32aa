// Newline-delimited text: how the local API and its handler processes frame their messages (protocol.ts, one JSON
// object per line on fd 3) and how a handler process's stdout and stderr become log lines. The one line reader for
// both sides of that pipe.

/**
 * Calls `onLine` with each line of a text stream as it completes (without its `\n`), and with a last line that has
 * no `\n` once the stream ends. A chunk may end mid-line, or mid-character: the stream is decoded as UTF-8 first.
 */
export function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    // Only the new chunk is searched: a long line arriving in many chunks costs its length, not its square.
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      rest += chunk;
      return;
    }
    onLine(rest + chunk.slice(0, nl));
    let start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      onLine(chunk.slice(start, nl));
      start = nl + 1;
    }
    rest = chunk.slice(start);
  });
  stream.on('end', () => {
    const last = rest;
    rest = '';
    if (last) onLine(last);
  });
}
