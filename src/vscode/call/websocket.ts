// WebSocket sessions in terminals: "Connect to Stage…" opens one Pseudoterminal per session (several at once). A line
// typed is sent as a message; /ping, /routes and /close are commands; frames are printed with their time, received
// `<` and sent `>`. Everything written passes forTerminal() (redacted, control characters shown as \xNN), since a
// stage may send escape sequences. A terminal cannot complete text, so "Send Message…" offers the spec's routes as
// message templates (the engine's routeCompletions) for the active session.
import * as vscode from 'vscode';
import type { CallableApi, WebSocketSession, WsFrame } from '../../aws/call';
import { forTerminal } from '../../core/redact';
import type { Runtime } from '../runtime';

export interface WsWrite {
  readonly session: string;
  readonly text: string;
}

const HELP = 'Type a message and press Enter to send it; /ping, /routes, /close. Send Message… offers the routes.';

function frameText(rt: Runtime, f: WsFrame): string {
  if (typeof f.data === 'string') return f.data;
  const call = rt.aws().call;
  return `[binary, ${call.formatSize(f.data.length)}]\n${call.hexDump(f.data, 64)}`;
}

/** One session and the terminal that shows it. */
export class WsTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  // No onDidClose: when the session ends the terminal stays, so its last lines (why it closed) can be read.
  readonly onDidWrite = this.written.event;
  terminal?: vscode.Terminal;
  private line = '';
  private readonly time: (ms: number) => string;

  constructor(
    private readonly rt: Runtime,
    readonly session: WebSocketSession,
    readonly api: CallableApi,
    private readonly echo: (text: string) => void,
    ended: () => void,
  ) {
    const formatter = new (rt.aws().tail.LineFormatter)([], {});
    this.time = (ms) => formatter.time(ms);
    session.on('frame', (f) => this.onFrame(f));
    void session.whenClosed().then((c) => {
      const why = `${c.code ? ` (${c.code}${c.reason ? ` ${c.reason}` : ''})` : ''}${c.abnormal ? ': the connection was lost' : ''}`;
      this.print(`── closed${why} ──`);
      ended();
    });
  }

  private print(text: string): void {
    const clean = forTerminal(text);
    this.echo(clean);
    this.written.fire(`${clean.replace(/\n/g, '\r\n')}\r\n`);
  }

  private onFrame(f: WsFrame): void {
    if (f.kind === 'ping' || f.kind === 'pong') return;
    this.print(`${this.time(f.time)}  ${f.direction === 'in' ? '<' : '>'} ${frameText(this.rt, f)}`);
  }

  open(): void {
    this.print(`── connected to ${this.session.label} (${this.api.name}/${this.api.stage}) ──\n${HELP}`);
  }

  close(): void {
    void this.session.close(1000, '');
  }

  handleInput(data: string): void {
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        const line = this.line;
        this.line = '';
        this.written.fire('\r\n');
        void this.submit(line);
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.written.fire('\b \b');
        }
      } else if (ch === '\x03') {
        this.close();
      } else if (ch >= ' ') {
        this.line += ch;
        this.written.fire(ch);
      }
    }
  }

  /** A typed line: a command, or a message to send. */
  async submit(line: string): Promise<void> {
    try {
      if (line === '/close') await this.session.close(1000, '');
      else if (line === '/ping') this.print(`pong in ${(await this.session.ping()).toFixed(1)} ms`);
      else if (line === '/routes') this.print(this.routes().join('\n'));
      else if (line.trim() !== '') this.session.send(line);
    } catch (err) {
      this.print(`! ${(err as Error).message}`);
    }
  }

  routes(): string[] {
    const c = this.rt.aws().call.routeCompletions(this.api.routes.keys(), this.api.routeSelectionExpression);
    const lines = [...c.completions.map((x) => `${x.routeKey}: ${x.text}`), ...c.notes];
    return lines.length ? lines : ['No custom routes known for this stage.'];
  }
}

/** The open sessions, one terminal each. */
export class WsTerminals implements vscode.Disposable {
  private readonly open = new Map<string, WsTerminal>();
  private readonly wrote = new vscode.EventEmitter<WsWrite>();
  /** Every line a session's terminal prints (redacted), for tests. */
  readonly onDidWrite = this.wrote.event;

  add(rt: Runtime, session: WebSocketSession, api: CallableApi): WsTerminal {
    const t = new WsTerminal(
      rt,
      session,
      api,
      (text) => this.wrote.fire({ session: session.id, text }),
      () => this.open.delete(session.id),
    );
    this.open.set(session.id, t);
    const local = api.targets[0]?.kind === 'local' ? ' (local)' : '';
    t.terminal = vscode.window.createTerminal({
      name: `WebSocket ${api.name}/${api.stage}${local}`,
      pty: t,
      iconPath: new vscode.ThemeIcon('plug'),
    });
    t.terminal.show();
    return t;
  }

  /** The session of the active terminal, else the one opened last. */
  active(): WsTerminal | undefined {
    const all = [...this.open.values()];
    return all.find((t) => t.terminal === vscode.window.activeTerminal) ?? all.at(-1);
  }

  list(): WsTerminal[] {
    return [...this.open.values()];
  }

  dispose(): void {
    for (const t of this.open.values()) {
      t.close();
      t.terminal?.dispose();
    }
    this.open.clear();
    this.wrote.dispose();
  }
}
