// One metrics panel: its page (src/webview/metrics/page), its state (range, auto-refresh, errors-only; the target is
// fixed when it opens), a refresh at a time (a newer one aborts the older), auto-refresh while visible, a reload when
// the stage changes in AWS. What the page asks for that acts (logs, detailed metrics) runs as a command, so it gets
// the command's policy (trust, progress, the error message with its fix).
import * as vscode from 'vscode';
import { isCancellation, type Remedy } from '../../core/errors';
import {
  METRICS_VIEW_TYPE,
  parseFromPage,
  type FromPage,
  type PageData,
  type PageState,
  type ToPage,
} from '../../webview/metrics/protocol';
import { asWorkbenchError, fixAction, forDisplay } from '../commands/errors';
import type { Logger } from '../log';
import type { Runtime } from '../runtime';
import { PagePanel } from '../webview/panel';
import { loadPage } from './load';

export const PAGE_BUNDLE = 'webview-metrics';
const MINUTE = 60_000;

export interface PanelHost {
  readonly rt: Runtime;
  readonly extensionUri: vscode.Uri;
  /** Opens (or reveals) the panel of another target: a route of Top routes. */
  show(target: PageState['target']): void;
  changed(panel: MetricsPanel): void;
  closed(panel: MetricsPanel): void;
}

export class MetricsPanel implements vscode.Disposable {
  data: PageData | undefined;
  error: { message: string; hint?: string; fix?: string } | undefined;
  /** What the error's button does (kept here: the page only shows its label). */
  private remedy: Remedy | undefined;
  /** Refreshes that reached the page, for tests and the bench. */
  loads = 0;
  /** The page's script ran and said so (under the CSP, with its bundle): tests read it. */
  pageReady = false;
  /** Times the page drew the charts of data it got: the bench times a command to the first. */
  painted = 0;
  /** What the page was last told its logs action did (tests read it). */
  lastNote: string | undefined;
  private readonly page: PagePanel<FromPage, ToPage>;
  private readonly disposables: vscode.Disposable[] = [];
  private inFlight: AbortController | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly log: Logger;

  constructor(
    private readonly host: PanelHost,
    readonly panel: vscode.WebviewPanel,
    public state: PageState,
  ) {
    this.log = host.rt.log.child('metrics');
    const spec = { viewType: METRICS_VIEW_TYPE, bundle: PAGE_BUNDLE, parse: parseFromPage };
    this.page = new PagePanel(panel, spec, host.extensionUri, (m) => this.receive(m));
    this.disposables.push(
      this.page,
      panel.onDidDispose(() => this.dispose()),
      host.rt.resources.onDidChange((c) => {
        if (c.apiId === state.target.apiId && c.kinds.includes('stages')) void this.refresh();
      }),
    );
    this.schedule();
    // Read while the page loads: its `ready` gets what is there by then.
    void this.refresh();
  }

  get target(): PageState['target'] {
    return this.state.target;
  }

  private receive(m: FromPage): unknown {
    switch (m.type) {
      case 'ready':
        return this.ready();
      case 'state':
        return this.setState(m.state);
      case 'refresh':
        return this.refresh();
      case 'openLogs':
        return this.openLogs(m.start, m.end, m.errorsOnly);
      case 'enableDetailed':
        return vscode.commands.executeCommand('apigw.enableDetailedMetrics', this.stageArgs());
      case 'runFix':
        return this.runFix();
      case 'showRoute':
        return this.host.show({ ...this.target, route: m.route });
      case 'painted':
        this.painted++;
        return this.host.changed(this);
    }
  }

  /** The page (new, shown again, or restored) asks for its state and data. */
  private async ready(): Promise<void> {
    this.pageReady = true;
    await this.page.post({ type: 'state', state: this.state });
    if (this.inFlight) await this.page.post({ type: 'loading' });
    else if (this.error) await this.page.post({ type: 'error', ...this.error });
    else if (this.data) await this.page.post({ type: 'data', data: this.data });
    else await this.refresh();
    this.host.changed(this);
  }

  /** The page changed its options; the target stays what the panel was opened for. */
  private async setState(next: PageState): Promise<void> {
    const before = this.state;
    this.state = { ...next, target: before.target };
    this.schedule();
    this.host.changed(this);
    const sameRange =
      next.preset === before.preset &&
      next.custom?.start === before.custom?.start &&
      next.custom?.end === before.custom?.end;
    if (!sameRange) await this.refresh();
  }

  private stageArgs(): Record<string, string> {
    return { apiId: this.target.apiId, ...(this.target.stage !== undefined ? { stage: this.target.stage } : {}) };
  }

  /** The page's selection (or clicked point) to its logs: the stage's, or only the route's in a route's panel. */
  openLogs(start: number, end: number | undefined, errorsOnly: boolean): Thenable<unknown> {
    const v = this.data?.view;
    return vscode.commands.executeCommand('apigw.showMetricsLogs', {
      ...this.stageArgs(),
      start,
      ...(end !== undefined ? { end } : {}),
      ...(v ? { periodSec: v.periodSec, grid0: v.grid[0] ?? v.range.start } : {}),
      ...(this.target.route !== undefined ? { route: this.target.route } : {}),
      errorsOnly,
    });
  }

  /** Reads everything again over the range ending now; a refresh in flight is aborted. */
  async refresh(): Promise<void> {
    this.inFlight?.abort();
    const ctl = (this.inFlight = new AbortController());
    await this.page.post({ type: 'loading' });
    try {
      const data = await loadPage(this.host.rt, {
        target: this.target,
        preset: this.state.preset,
        ...(this.state.custom ? { custom: this.state.custom } : {}),
        now: Date.now(),
        signal: ctl.signal,
      });
      if (ctl.signal.aborted) return;
      this.data = data;
      this.error = undefined;
      this.remedy = undefined;
      this.loads++;
      await this.page.post({ type: 'data', data });
    } catch (err) {
      if (ctl.signal.aborted || isCancellation(err)) return;
      this.log.error(`could not load the metrics of ${labelOf(this.target)}`, err);
      const shown = forDisplay(asWorkbenchError(err));
      this.remedy = shown.fix;
      this.error = {
        message: shown.message,
        ...(shown.hint ? { hint: shown.hint } : {}),
        ...(shown.fix ? { fix: shown.fix.label } : {}),
      };
      await this.page.post({ type: 'error', ...this.error });
    } finally {
      if (this.inFlight === ctl) this.inFlight = undefined;
      this.host.changed(this);
    }
  }

  /** The button of the error shown: runs its command, copies its line or opens its setting, as a notification's would. */
  async runFix(): Promise<void> {
    if (this.remedy) await fixAction(this.host.rt, this.remedy).run();
  }

  /** Tells the page what the logs action did (a status line above the charts). */
  notePage(text: string): Promise<boolean> {
    this.lastNote = text;
    return this.page.post({ type: 'logsOpened', text });
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.state.autoRefresh > 0)
      this.timer = setInterval(() => {
        if (this.panel.visible && !this.inFlight) void this.refresh();
      }, this.state.autoRefresh * MINUTE);
  }

  dispose(): void {
    this.inFlight?.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.host.closed(this);
  }
}

function labelOf(t: PageState['target']): string {
  return [t.apiName, t.stage, t.route].filter((p) => p !== undefined).join('/');
}
