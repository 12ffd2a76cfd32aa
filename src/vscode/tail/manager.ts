// The tails of the window: start one for a stage (its log groups, the offer to turn access logging on, the filter),
// show it in its own output channel, keep the status bar item (tails, events/s, stop) current, and end each tail
// with a message: stopped by the user, or why it could not go on and what to do about it.
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/bundle';
import type { TailEnd, TailHandle, TailNotice, TailSource, Transport } from '../../aws/tail';
import { describeError, isCancellation, WorkbenchError } from '../../core/errors';
import * as config from '../config';
import { confirmModal } from '../confirm';
import { awsBundle } from '../connection';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { TailView } from './view';

export interface TailTarget {
  apiId: string;
  stageName: string;
}

export interface TailStartOptions {
  /** Ask for the filter pattern (palette, context menu); false when the caller passes it (tests, keybindings). */
  interactive: boolean;
  filterPattern?: string;
}

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

interface ActiveTail {
  key: string;
  target: TailTarget;
  label: string;
  view: TailView;
  /** Set as soon as startTail returns. */
  handle?: TailHandle;
  sources: TailSource[];
  filterPattern?: string;
  transport?: Transport;
  sampled: boolean;
  retrying?: string;
}

export const CHANNEL_PREFIX = 'API Gateway Tail: ';

/** Tails call AWS with the workspace's connection: not in Restricted Mode. */
export function untrusted(): WorkbenchError {
  return new WorkbenchError('Untrusted', 'Tailing logs is not available in Restricted Mode.', {
    hint: "Trust this workspace (Manage Workspace Trust) to tail a stage's logs.",
  });
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export class TailManager implements vscode.Disposable {
  private readonly tails = new Map<string, ActiveTail>();
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly status: vscode.StatusBarItem;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly log: Logger;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a tail starts, ends, or its status changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly rt: Runtime) {
    this.log = rt.log.child('tail');
    this.status = vscode.window.createStatusBarItem('apigw.tails', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'API Gateway Tails';
    this.status.command = 'apigw.stopTail';
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
    return this.tails.size ? this.status.text : '';
  }

  async start(target: TailTarget, o: TailStartOptions): Promise<string | undefined> {
    if (!this.rt.isTrusted()) throw untrusted();
    const session = await this.rt.connection.session();
    const conn = session.connection;
    const key = `${conn.key}|${target.apiId}|${target.stageName}`;
    const running = this.tails.get(key);
    if (running) {
      running.view.channel.show(true);
      void vscode.window.showInformationMessage(
        `Already tailing ${running.label}. Use "API Gateway: Stop Tail" to end it.`,
      );
      return running.view.name;
    }
    const tail = awsBundle().tail;
    const discover = (signal: AbortSignal) =>
      tail.discoverStageLogs(session, target.apiId, target.stageName, {
        functions: config.value(config.Setting.tailIncludeFunctions, true),
        executionLogs: config.value(config.Setting.tailIncludeExecutionLogs, true),
        signal,
      });
    let found = await this.progress(`Finding the log groups of stage ${target.stageName}…`, discover);
    const apiName = found.api.Name ?? target.apiId;
    const label = `${apiName}/${target.stageName}`;

    if (!found.accessLogGroup) {
      const enabled = await this.offerAccessLogging(
        session,
        found.api.ApiId ?? target.apiId,
        apiName,
        target.stageName,
        found.api.ProtocolType,
      );
      if (enabled) found = await this.progress(`Finding the log groups of stage ${target.stageName}…`, discover);
    }
    if (found.sources.length === 0) {
      throw new WorkbenchError('NotFound', `Stage ${label} has no log group to tail yet.`, {
        hint: found.accessLogGroup
          ? `Its access log group ${found.accessLogGroup} does not exist: create it, or turn access logging off and on again.`
          : 'Turn access logging on when asked (or set AccessLogSettings on the stage); Lambda log groups appear once the functions run.',
      });
    }

    let filterPattern = o.filterPattern?.trim() || undefined;
    if (o.interactive) {
      const memo = `apigw.tail.filter.${target.apiId}.${target.stageName}`;
      const typed = await vscode.window.showInputBox({
        title: `Tail ${label}: filter pattern`,
        prompt: 'A CloudWatch Logs filter pattern, or nothing to see every event.',
        placeHolder: '{ $.status >= 500 }    ERROR    ?timeout ?exception    "GET /orders"',
        value: this.rt.context.workspaceState.get<string>(memo, ''),
        ignoreFocusOut: true,
      });
      if (typed === undefined) return undefined;
      filterPattern = typed.trim() || undefined;
      await this.rt.context.workspaceState.update(memo, filterPattern ?? '');
    }

    const mode = config.value<string>(config.Setting.tailMode, 'auto');
    const sinceText = config.value<string>(config.Setting.tailSince, '1m');
    const since = tail.parseDuration(sinceText) ?? 60_000;
    const from = since > 0 ? Date.now() - since : undefined;

    const name = this.channelName(label, conn.region);
    const channel = this.channel(name);
    const formatter = new tail.LineFormatter(found.sources);
    const view = new TailView(
      name,
      channel,
      (sink) =>
        new tail.LineBatcher({
          format: (e) => formatter.format(e),
          sink,
          maxLines: config.value(config.Setting.tailMaxLines, 50_000),
        }),
    );
    channel.show(true);
    const width = Math.max(...found.sources.map((s) => s.label.length));
    view.note(
      `── Tailing ${label} (${conn.profile} · ${conn.region})${from ? ` from ${clock(from)}` : ''}${filterPattern ? `, filter ${filterPattern}` : ''} ──`,
    );
    for (const s of found.sources)
      view.note(`   ${s.label.padEnd(width)}  ${s.logGroupName}${s.detail ? `  (${s.detail})` : ''}`);
    for (const m of found.missing)
      view.note(
        `   not tailed: ${m.source.label}${m.source.logGroupName ? ` ${m.source.logGroupName}` : ''}: ${m.reason}`,
      );

    // The record exists before the tail starts: startTail may report its transport before it returns.
    const active: ActiveTail = {
      key,
      target,
      label,
      view,
      sources: found.sources,
      sampled: false,
      ...(filterPattern ? { filterPattern } : {}),
    };
    active.handle = tail.startTail(
      {
        logs: session.logs,
        sources: found.sources,
        mode: mode === 'live' || mode === 'poll' ? mode : 'auto',
        ...(filterPattern ? { filterPattern } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}),
        pacerKey: conn.key,
      },
      {
        events: (events) => view.events(events),
        notice: (n) => this.onNotice(active, n),
      },
    );
    this.tails.set(key, active);
    this.log.info(
      `tail of ${label} started: ${found.sources.map((s) => s.logGroupName).join(', ')}${filterPattern ? `, filter ${filterPattern}` : ''}, mode ${mode}`,
    );
    void active.handle.done.then((end) => this.ended(active, end));
    this.refresh();
    return name;
  }

  /** Stops one tail (by key or channel name), or asks which when several run. */
  async stop(which?: string): Promise<void> {
    let targets = [...this.tails.values()];
    if (which !== undefined) targets = targets.filter((t) => t.key === which || t.view.name === which);
    else if (targets.length > 1) {
      const all = { label: '$(debug-stop) Stop all tails', tails: targets };
      const picked = await vscode.window.showQuickPick(
        [
          ...targets.map((t) => ({
            label: t.label,
            description: `${t.transport === 'live' ? 'live tail' : 'polling'} · ${Math.round(t.view.rate)} events/s`,
            tails: [t],
          })),
          all,
        ],
        { title: 'API Gateway: Stop Tail', placeHolder: 'Which tail?' },
      );
      if (!picked) return;
      targets = picked.tails;
    }
    if (targets.length === 0) {
      if (which === undefined) void vscode.window.showInformationMessage('No log tail is running.');
      return;
    }
    await Promise.all(targets.map((t) => t.handle?.stop()));
  }

  dispose(): void {
    for (const t of this.tails.values()) {
      void t.handle?.stop();
      t.view.batcher.dispose();
    }
    this.tails.clear();
    if (this.ticker) clearInterval(this.ticker);
    this.status.dispose();
    this.changed.dispose();
    for (const c of this.channels.values()) c.dispose();
  }

  private async progress<T>(title: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return run(ac.signal);
      },
    );
  }

  /** Asks (naming the stage) whether to turn access logging on; turns it on when the answer is yes. */
  private async offerAccessLogging(
    session: AwsSession,
    apiId: string,
    apiName: string,
    stageName: string,
    protocol: string | undefined,
  ): Promise<boolean> {
    const tail = awsBundle().tail;
    const retention = config.value<number>(config.Setting.tailAccessLogRetentionDays, 30);
    const group = tail.accessLogGroupName(apiId, stageName);
    const conn = session.connection;
    const ok = await confirmModal(
      `Stage ${stageName} of ${apiName} (${apiId}, ${conn.profile} · ${conn.region}) has no access logging. Turn it on to tail its requests?`,
      `Turn on access logging for ${stageName}`,
      `Creates log group ${group} (kept ${retention} days: apigw.tail.accessLogRetentionDays) and sets the stage's access log format to JSON with the request id, ` +
        'method, route, status, latency and integration error. CloudWatch Logs charges for what it ingests and stores.',
    );
    if (!ok) return false;
    const done = await this.progress(`Turning on access logging for ${stageName}…`, (signal) =>
      tail.enableAccessLogging(session, { apiId, stageName, protocol, retentionInDays: retention, signal }),
    );
    this.log.info(
      `access logging of ${apiName}/${stageName} turned on: ${done.logGroupName}${done.created ? ` (created, ${retention} days)` : ' (existing group)'}`,
    );
    // The stage changed: the explorer shows its access log settings.
    void vscode.commands.executeCommand('apigw.refreshExplorer');
    return true;
  }

  private channelName(label: string, region: string): string {
    const base = `${CHANNEL_PREFIX}${label}`;
    const taken = [...this.tails.values()].some((t) => t.view.name === base);
    return taken ? `${base} · ${region}` : base;
  }

  private channel(name: string): vscode.OutputChannel {
    let c = this.channels.get(name);
    if (!c) this.channels.set(name, (c = vscode.window.createOutputChannel(name, 'log')));
    return c;
  }

  private onNotice(t: ActiveTail, n: TailNotice): void {
    const text = awsBundle().tail.noticeText(n);
    switch (n.kind) {
      case 'transport':
        t.transport = n.transport;
        if (n.reason) this.log.warn(`tail of ${t.label} polls: ${n.reason}`);
        break;
      case 'sampled':
        t.sampled = n.sampled;
        break;
      case 'retrying':
        // One line per streak of failures in the channel; every attempt in the log.
        if (t.retrying) {
          this.log.warn(`tail of ${t.label}: ${n.error.message} (attempt ${n.attempt}, next in ${n.delayMs} ms)`);
          this.refresh();
          return;
        }
        t.retrying = n.error.message;
        this.log.warn(`tail of ${t.label}: ${n.error.message} (attempt ${n.attempt}, next in ${n.delayMs} ms)`);
        break;
      case 'recovered':
        delete t.retrying;
        break;
      case 'renewed':
        this.log.info(`tail of ${t.label}: live tail sessions renewed before their 3-hour limit`);
        break;
      default:
        break;
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
      const err = end.error;
      t.view.note(`■ Tail stopped: ${describeError(err)}`);
      this.log.error(`tail of ${t.label} ended`, err);
      const sso = err.hint?.match(/aws sso login --profile \S+/)?.[0];
      const actions = ['Restart Tail', ...(sso ? ['Copy Command'] : []), 'Show Log'];
      void vscode.window
        .showErrorMessage(`The tail of ${t.label} stopped: ${describeError(err)}`, ...actions)
        .then(async (choice) => {
          if (choice === 'Restart Tail') {
            await this.start(t.target, {
              interactive: false,
              ...(t.filterPattern ? { filterPattern: t.filterPattern } : {}),
            }).catch((e: unknown) => {
              if (!isCancellation(e)) void vscode.window.showErrorMessage(describeError(e));
            });
          } else if (choice === 'Copy Command' && sso) {
            await vscode.env.clipboard.writeText(sso);
          } else if (choice === 'Show Log') {
            this.rt.log.show();
          }
        });
    }
    t.view.batcher.flush();
    this.refresh();
  }

  private refresh(): void {
    const tails = [...this.tails.values()];
    if (tails.length === 0) {
      this.status.hide();
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = undefined;
      this.changed.fire();
      return;
    }
    this.ticker ??= setInterval(() => this.refresh(), 1000);
    const now = performance.now();
    const rate = tails.reduce((sum, t) => sum + t.view.tick(now), 0);
    const warn = tails.some((t) => t.retrying);
    this.status.text = `${warn ? '$(warning)' : '$(pulse)'} ${tails.length === 1 ? tails[0]!.label : `${tails.length} tails`} · ${Math.round(rate)} ev/s${tails.some((t) => t.sampled) ? ' (sampled)' : ''}`;
    this.status.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**API Gateway log tails**\n\n');
    for (const t of tails) {
      tip.appendMarkdown(
        `- \`${t.label}\`: ${t.transport === 'live' ? 'live tail' : t.transport === 'poll' ? 'polling' : 'starting'}, ${Math.round(t.view.rate)} events/s` +
          `${t.sampled ? ', sampled' : ''}${t.filterPattern ? `, filter \`${t.filterPattern.replace(/`/g, "'")}\`` : ''}${t.retrying ? ` — retrying: ${t.retrying}` : ''}\n`,
      );
    }
    tip.appendMarkdown('\nClick to stop a tail.');
    this.status.tooltip = tip;
    this.status.show();
    this.changed.fire();
  }
}
