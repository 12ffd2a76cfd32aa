// A Debug Adapter Protocol client over TCP, as VS Code speaks it to an adapter server (`DebugAdapterServer`): framed
// messages (`Content-Length`), requests answered by `request_seq`, events kept until a test waits for them.
import net from 'node:net';

interface Message {
  seq: number;
  type: 'request' | 'response' | 'event';
  request_seq?: number;
  success?: boolean;
  message?: string;
  command?: string;
  event?: string;
  body?: Record<string, unknown>;
}

type Pending = { resolve: (body: Record<string, unknown>) => void; reject: (e: Error) => void };

export class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private readonly events: Message[] = [];
  private readonly eventWaiters = new Set<() => void>();
  private ended = false;
  /** Resolves when the adapter closes the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.failPending());
  }

  static connect(host: string, port: number): Promise<DapClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new DapClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with the response's body, rejects with its message when it failed. */
  request(command: string, args: unknown = {}): Promise<Record<string, unknown>> {
    const seq = this.seq++;
    const text = JSON.stringify({ seq, type: 'request', command, arguments: args });
    const promise = new Promise<Record<string, unknown>>((resolve, reject) =>
      this.pending.set(seq, { resolve, reject }),
    );
    this.socket.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    return promise;
  }

  /** The first event of that name received so far or next (taken from the queue). */
  async event(name: string): Promise<Record<string, unknown>> {
    for (;;) {
      const i = this.events.findIndex((e) => e.event === name);
      if (i >= 0) return this.events.splice(i, 1)[0]!.body ?? {};
      if (this.ended) throw new Error(`the debug adapter closed the connection before a "${name}" event`);
      await new Promise<void>((resolve) => this.eventWaiters.add(resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const text = this.buffer.subarray(end + 4, end + 4 + length).toString();
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(JSON.parse(text) as Message);
    }
  }

  private dispatch(m: Message): void {
    if (m.type === 'response') {
      const p = this.pending.get(m.request_seq!);
      this.pending.delete(m.request_seq!);
      if (m.success) p?.resolve(m.body ?? {});
      else p?.reject(new Error(`${m.command} failed: ${m.message ?? 'no message'}`));
    } else if (m.type === 'event') {
      this.events.push(m);
      for (const w of this.eventWaiters) w();
      this.eventWaiters.clear();
    }
  }

  private failPending(): void {
    this.ended = true;
    for (const p of this.pending.values()) p.reject(new Error('the debug adapter closed the connection'));
    this.pending.clear();
    for (const w of this.eventWaiters) w();
  }
}
