// One tail's output channel: a plain OutputChannel (not the extension's log) fed through the batcher, so bursts
// become few appends and the extension host never stalls; plus the counters the status bar shows.
import type * as vscode from 'vscode';
import type { LineBatcher, TailEvent } from '../../aws/tail';

/** Test-only: receives every text a tail appends (or replaces) to its channel. Never set in normal use. */
let testSink: ((channel: string, text: string) => void) | undefined;

export function setTestTailSink(sink: ((channel: string, text: string) => void) | undefined): void {
  testSink = sink;
}

export class TailView {
  readonly batcher: LineBatcher;
  /** Events received from the transport (dropped ones included). */
  received = 0;
  private counted = 0;
  private countedAt = performance.now();
  /** Events per second over the last status tick. */
  rate = 0;

  constructor(
    readonly name: string,
    readonly channel: vscode.OutputChannel,
    make: (sink: { append(text: string): void; replace(text: string): void }) => LineBatcher,
  ) {
    this.batcher = make({
      append: (text) => {
        channel.append(text);
        testSink?.(name, text);
      },
      replace: (text) => {
        channel.replace(text);
        testSink?.(name, text);
      },
    });
  }

  events(events: TailEvent[]): void {
    this.received += events.length;
    this.batcher.push(events);
  }

  note(text: string): void {
    this.batcher.note(text);
  }

  /** Updates `rate` from the events received since the last call. */
  tick(now = performance.now()): number {
    const dt = (now - this.countedAt) / 1000;
    if (dt > 0.2) {
      this.rate = (this.received - this.counted) / dt;
      this.counted = this.received;
      this.countedAt = now;
    }
    return this.rate;
  }
}
