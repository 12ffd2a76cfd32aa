// The inspectors of handler processes that wait for a debugger, served through a proxy on 127.0.0.1. A handler
// process waits in Node's `inspector.open(port, host, true)` (localNodeRunner.ts), which opens and then waits: a
// debugger that connects and sends `Runtime.runIfWaitingForDebugger` before the wait begins is answered, and the
// wait then lasts for ever (a loaded machine deschedules the process between the two). The proxy passes every
// message both ways and, once it has passed the debugger's own "run" — its breakpoints are set by then —, sends
// "run" again until the process has left the wait; a "run" that finds no wait does nothing.
import http from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** The ids of the messages the proxy sends itself: their replies are not passed to the debugger. */
const OWN_IDS_FROM = 2_000_000_000;
const RUN = 'Runtime.runIfWaitingForDebugger';
/** How often "run" is sent again, and how many times: a bound, not a wait (each is answered at once). */
const RUN_AGAIN_MS = 100;
const RUN_AGAIN_TIMES = 100;
/** Node's line as its inspector opens, whole: `Debugger listening on ws://127.0.0.1:PORT/ID`. */
const INSPECTOR_LINE = /^(Debugger listening on )(ws:\/\/127\.0\.0\.1:\d{1,5}\/[\w/-]+)$/;

export class InspectorProxy {
  /** The inspectors a debugger may reach through the proxy: `PORT/ID` of each one's address. */
  private readonly known = new Set<string>();
  private nextId = OWN_IDS_FROM;

  private constructor(
    private readonly server: http.Server,
    private readonly port: number,
  ) {
    const wss = new WebSocketServer({ server, perMessageDeflate: false });
    wss.on('connection', (client, req) => this.onConnection(client, req.url ?? '/'));
  }

  static start(): Promise<InspectorProxy> {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    // It never holds a process that has nothing else to do (a start that failed after it, say).
    server.unref();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () =>
        resolve(new InspectorProxy(server, (server.address() as { port: number }).port)),
      );
    });
  }

  /** The address a debugger attaches to for the inspector at `upstream` (`ws://127.0.0.1:PORT/ID`). */
  urlFor(upstream: string): string {
    const u = new URL(upstream);
    const key = `${u.port}${u.pathname}`;
    this.known.add(key);
    return `ws://127.0.0.1:${this.port}/${key}`;
  }

  /**
   * The line a handler process logs, its inspector's address replaced by the proxy's: only Node's own line, whole, on
   * loopback. A handler's output that holds such text (a request body it logs: `…\tINFO\tDebugger listening on
   * ws://…`) names no inspector, so no request can make the debugger attach to another process's.
   */
  rewrite(line: string): string {
    return line.replace(INSPECTOR_LINE, (_m, lead: string, url: string) => `${lead}${this.urlFor(url)}`);
  }

  /** The proxy's address a debugger attaches to, when `line` is a rewritten inspector line of an inspector it named. */
  attachUrl(line: string): string | undefined {
    const m = INSPECTOR_LINE.exec(line);
    const u = m && new URL(m[2]!);
    if (!u || Number(u.port) !== this.port || !this.known.has(u.pathname.slice(1))) return undefined;
    return m[2];
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(client: WebSocket, path: string): void {
    const key = path.slice(1);
    if (!this.known.has(key)) return client.close(1008, 'not an inspector of this local API');
    const upstream = new WebSocket(`ws://127.0.0.1:${key}`, { perMessageDeflate: false });
    const held: RawData[] = [];
    client.on('message', (data) => {
      if (upstream.readyState === WebSocket.OPEN) this.toProcess(upstream, data);
      else held.push(data);
    });
    upstream.on('open', () => {
      for (const data of held.splice(0)) this.toProcess(upstream, data);
    });
    upstream.on('message', (data) => {
      if (!this.isOwnReply(data) && client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
    });
    const end = () => {
      client.close();
      upstream.close();
    };
    upstream.on('close', end);
    upstream.on('error', end);
    client.on('close', end);
    client.on('error', end);
  }

  /** A debugger's message to the process; after its "run", "run" again until the process has gone on. */
  private toProcess(upstream: WebSocket, data: RawData): void {
    upstream.send(data, { binary: false });
    if (!String(data).includes(RUN)) return;
    let times = 0;
    const again = setInterval(() => {
      if (++times > RUN_AGAIN_TIMES || upstream.readyState !== WebSocket.OPEN) return clearInterval(again);
      upstream.send(JSON.stringify({ id: this.nextId++, method: RUN }));
    }, RUN_AGAIN_MS);
    again.unref();
    upstream.once('close', () => clearInterval(again));
  }

  private isOwnReply(data: RawData): boolean {
    const m = /^\{"id":(\d+),/.exec(String(data));
    return m !== null && Number(m[1]) >= OWN_IDS_FROM;
  }
}
