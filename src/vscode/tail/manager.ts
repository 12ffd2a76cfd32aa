// The tails of the window: each in its own output channel (never the extension's log), started for a stage whose log
// groups are found (./discover.ts), ended once with a message: stopped by the user, or why it could not go on and
// what to do about it.
import * as vscode from 'vscode';
import type { AwsSession, Connection } from '../../aws/bundle';
import type { StageLogs, TailEnd, TailHandle, TailNotice, TailSource, Transport } from '../../aws/tail';
import { describeError } from '../../core/errors';
import { reportError } from '../commands/errors';
import * as config from '../config';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import type { TailTarget } from './discover';
import { TailStatus, type TailState } from './status';
import { TailView } from './view';

export const CHANNEL_PREFIX = 'API Gateway Tail: ';

/** What the status bar and the tests read about a running tail. */
export interface TailInfo {
  key: string;
  /** The output channel's name: "API Gateway Tail: orders-api/prod". */
  channel: string;
  transport: Transport | undefined;
  eventsPerSecond: number;
  sampled: boolean;
  /** Set while calls fail and are retried. */
  retrying?: string;
  filterPattern?: string;
  sources: TailSource[];
}

interface ActiveTail extends TailState {
  key: string;
  target: TailTarget;
  /** Set as soon as startTail returns. */
  handle?: TailHandle;
  sources: TailSource[];
  /** Groups the stage will write to that do not exist yet (a function that has not run): waited for. */
  pending: TailSource[];
  transport?: Transport;
  sampled: boolean;
  retrying?: string;
  filterPattern?: string;
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export function tailKey(conn: Connection, target: TailTarget): string {
  return `${conn.key}|${target.apiId}|${target.stageName}`;
}

export class TailManager implements vscode.Disposable {
  private readonly tails = new Map<string, ActiveTail>();
  private readonly status = new TailStatus(() => [...this.tails.values()]);
  private readonly log: Logger;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a tail starts, ends, or its status changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly rt: Runtime) {
    this.log = rt.log.child('tail');
  }

  list(): TailInfo[] {
    return [...this.tails.values()].map((t) => ({
      key: t.key,
      channel: t.view.name,
      transport: t.transport,
      eventsPerSecond: t.view.rate,
      sampled: t.sampled,
      sources: t.sources,
      ...(t.retrying ? { retrying: t.retrying } : {}),
      ...(t.filterPattern ? { filterPattern: t.filterPattern } : {}),
    }));
  }

  /** The status bar item's text ("" when hidden), for tests. */
  statusText(): string {
    return this.status.text;
  }

  /** The running tail of this stage, shown; its channel's name. */
  showRunning(key: string): string | undefined {
    const running = this.tails.get(key);
    if (!running) return undefined;
    running.view.sink.show();
    this.rt.prompts.notify('info', `Already tailing ${running.label}. Use "API Gateway: Stop Tail" to end it.`);
    return running.view.name;
  }

  /** Starts tailing `found` into a new channel; returns the channel's name. */
  start(session: AwsSession, target: TailTarget, found: StageLogs, filterPattern?: string): string {
    const conn = session.connection;
    const label = `${found.api.Name ?? target.apiId}/${target.stageName}`;
    const since = this.rt.aws().tail.parseDuration(config.value<string>(config.Setting.tailSince, '1m')) ?? 60_000;
    const from = since > 0 ? Date.now() - since : undefined;
    const view = this.openView(label, conn, found, { from, filterPattern });
    // The record exists before the tail starts: startTail may report its transport before it returns.
    const active: ActiveTail = {
      key: tailKey(conn, target),
      target,
      label,
      view,
      sources: found.sources,
      pending: found.pending,
      sampled: false,
    };
    if (filterPattern) active.filterPattern = filterPattern;
    active.handle = this.begin(session, active, from);
    this.tails.set(active.key, active);
    void active.handle.done.then((end) => this.ended(active, end));
    this.refresh();
    return view.name;
  }

  private openView(label: string, conn: Connection, found: StageLogs, o: { from?: number; filterPattern?: string }) {
    const tail = this.rt.aws().tail;
    const base = `${CHANNEL_PREFIX}${label}`;
    const taken = [...this.tails.values()].some((t) => t.view.name === base);
    const formatter = new tail.LineFormatter([...found.sources, ...found.pending]);
    const maxLines = config.value(config.Setting.tailMaxLines, 50_000);
    const view = new TailView(
      this.rt.outputs.channel(taken ? `${base} · ${conn.region}` : base),
      (sink) => new tail.LineBatcher({ format: (e) => formatter.format(e), sink, maxLines }),
    );
    view.sink.show();
    const width = Math.max(...found.sources.map((s) => s.label.length));
    view.note(
      `── Tailing ${label} (${conn.profile} · ${conn.region})${o.from ? ` from ${clock(o.from)}` : ''}${o.filterPattern ? `, filter ${o.filterPattern}` : ''} ──`,
    );
    for (const s of found.sources)
      view.note(`   ${s.label.padEnd(width)}  ${s.logGroupName}${s.detail ? `  (${s.detail})` : ''}`);
    for (const m of found.missing) view.note(`   ${tail.noteText(found, m)}`);
    return view;
  }

  private begin(session: AwsSession, t: ActiveTail, from: number | undefined): TailHandle {
    const conn = session.connection;
    const mode = config.value<string>(config.Setting.tailMode, 'auto');
    const handle = this.rt.aws().tail.startTail(
      {
        logs: session.logs,
        sources: t.sources,
        ...(t.pending.length ? { pending: t.pending } : {}),
        mode: mode === 'live' || mode === 'poll' ? mode : 'auto',
        ...(t.filterPattern ? { filterPattern: t.filterPattern } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}),
        pacerKey: conn.key,
      },
      { events: (events) => t.view.events(events), notice: (n) => this.onNotice(t, n) },
    );
    this.log.info(
      `tail of ${t.label} started: ${t.sources.map((s) => s.logGroupName).join(', ')}${t.filterPattern ? `, filter ${t.filterPattern}` : ''}, mode ${mode}`,
    );
    return handle;
  }

  /** Stops one tail (by key or channel name), or asks which when several run. */
  async stop(which?: string): Promise<void> {
    let targets = [...this.tails.values()];
    if (which !== undefined) targets = targets.filter((t) => t.key === which || t.view.name === which);
    else if (targets.length > 1) {
      const picked = await this.rt.prompts.pick(
        [
          ...targets.map((t) => ({
            label: t.label,
            description: `${t.transport === 'live' ? 'live tail' : 'polling'} · ${Math.round(t.view.rate)} events/s`,
            tails: [t],
          })),
          { label: '$(debug-stop) Stop all tails', tails: targets },
        ],
        { title: 'API Gateway: Stop Tail', placeHolder: 'Which tail?' },
      );
      if (!picked) return;
      targets = picked.tails;
    }
    if (targets.length === 0 && which === undefined) this.rt.prompts.notify('info', 'No log tail is running.');
    await Promise.all(targets.map((t) => t.handle?.stop()));
  }

  dispose(): void {
    for (const t of this.tails.values()) {
      void t.handle?.stop();
      t.view.batcher.dispose();
      t.view.sink.dispose();
    }
    this.tails.clear();
    this.status.dispose();
    this.changed.dispose();
  }

  private onNotice(t: ActiveTail, n: TailNotice): void {
    const text = this.rt.aws().tail.noticeText(n);
    const retry =
      n.kind === 'retrying'
        ? `tail of ${t.label}: ${n.error.message} (attempt ${n.attempt}, next in ${n.delayMs} ms)`
        : '';
    if (n.kind === 'transport') {
      t.transport = n.transport;
      if (n.reason) this.log.warn(`tail of ${t.label} polls: ${n.reason}`);
    } else if (n.kind === 'sampled') t.sampled = n.sampled;
    else if (n.kind === 'recovered') delete t.retrying;
    else if (n.kind === 'renewed')
      this.log.info(`tail of ${t.label}: live tail sessions renewed before their 3-hour limit`);
    else if (n.kind === 'retrying') {
      // One line per streak of failures in the channel; every attempt in the log.
      this.log.warn(retry);
      if (t.retrying) return this.refresh();
      t.retrying = n.error.message;
    }
    if (text) t.view.note(text);
    this.refresh();
  }

  private ended(t: ActiveTail, end: TailEnd): void {
    if (this.tails.get(t.key) !== t) return;
    this.tails.delete(t.key);
    if (end.reason === 'stopped') {
      t.view.note(`■ Tail stopped at ${clock(Date.now())}.`);
      this.log.info(`tail of ${t.label} stopped`);
    } else {
      t.view.note(`■ Tail stopped: ${describeError(end.error)}`);
      this.log.error(`tail of ${t.label} ended`, end.error);
      const restart = {
        label: 'Restart Tail',
        run: () =>
          vscode.commands.executeCommand('apigw.tailStage', {
            ...t.target,
            ...(t.filterPattern ? { filterPattern: t.filterPattern } : {}),
          }),
      };
      reportError(this.rt, end.error, { prefix: `The tail of ${t.label} stopped: `, actions: [restart] });
    }
    t.view.batcher.flush();
    this.refresh();
  }

  private refresh(): void {
    this.status.update();
    this.changed.fire();
  }
}
