// Output channels other than the extension's log (a tail's events): created here so every text they receive is
// redacted on the way in, and so tests and the bench can read what a channel was given (onDidWrite).
import * as vscode from 'vscode';
import { redact } from '../../core/redact';

export interface OutputSink {
  readonly name: string;
  append(text: string): void;
  /** Replaces the whole content (a tail trimming its oldest lines). */
  replace(text: string): void;
  /** Shows the channel without taking the focus. */
  show(): void;
  dispose(): void;
}

export interface OutputWrite {
  readonly channel: string;
  readonly text: string;
}

export interface Outputs {
  /** The channel named `name`: one per name, created on first use. */
  channel(name: string): OutputSink;
  /** Every (redacted) text a channel receives. */
  readonly onDidWrite: vscode.Event<OutputWrite>;
}

export class OutputChannels implements Outputs, vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly written = new vscode.EventEmitter<OutputWrite>();
  readonly onDidWrite = this.written.event;

  channel(name: string): OutputSink {
    let c = this.channels.get(name);
    if (!c) this.channels.set(name, (c = vscode.window.createOutputChannel(name, 'log')));
    const channel = c;
    const write = (text: string, how: 'append' | 'replace') => {
      const clean = redact(text);
      channel[how](clean);
      this.written.fire({ channel: name, text: clean });
    };
    return {
      name,
      append: (text) => write(text, 'append'),
      replace: (text) => write(text, 'replace'),
      show: () => channel.show(true),
      dispose: () => {
        this.channels.delete(name);
        channel.dispose();
      },
    };
  }

  dispose(): void {
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
    this.written.dispose();
  }
}
