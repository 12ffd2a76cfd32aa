// The handler process of the bench's `pipe` server (servers.ts): loads DIR/src/hello.js once and answers each
// invocation, a JSON line `{"id","event"}` on fd 3, with a JSON line `{"id","value"}` — the same transport as the
// local API's handler processes (src/local/environment.ts) read by the same line reader (src/local/lines.ts),
// without anything else of API Gateway.
//   node out/test/bench/local/pipeRunner.js DIR
import net from 'node:net';
import path from 'node:path';
import { readLines } from '../../../src/local/lines';

type Handler = (event: unknown) => Promise<unknown>;

const handler = (require(path.join(process.argv[2]!, 'src', 'hello.js')) as { handler: Handler }).handler;
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
// The server has gone: so does its handler process.
channel.on('close', () => process.exit(0));
readLines(channel, (line) => {
  const { id, event } = JSON.parse(line) as { id: number; event: unknown };
  void handler(event).then((value) => channel.write(`${JSON.stringify({ id, value })}\n`));
});
