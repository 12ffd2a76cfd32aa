// One tail's output channel (an output sink from the Runtime: redacted, and readable by tests) fed through the
// batcher, so bursts become few appends and the extension host never stalls; plus the counters the status bar shows.
import type { LineBatcher, TailEvent } from '../../aws/tail';
import type { OutputSink } from '../capabilities/outputs';

export class TailView {
  readonly batcher: LineBatcher;
  /** Events received from the transport (dropped ones included). */
  received = 0;
  private counted = 0;
  private countedAt = performance.now();
  /** Events per second over the last status tick. */
  rate = 0;

  constructor(
    readonly sink: OutputSink,
    make: (sink: { append(text: string): void; replace(text: string): void }) => LineBatcher,
  ) {
    this.batcher = make({ append: (text) => sink.append(text), replace: (text) => sink.replace(text) });
  }

  get name(): string {
    return this.sink.name;
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
