// The tails' status bar item: how many run, events per second, a warning while calls fail and are retried; a click
// stops a tail. Updated on every change and once a second while tails run.
import * as vscode from 'vscode';
import { renderTooltip } from '../../core/explorer/tooltip';
import { redact } from '../../core/redact';
import type { Transport } from '../../aws/tail';
import type { TailView } from './view';

/** What the status bar shows of one tail. */
export interface TailState {
  readonly label: string;
  readonly view: TailView;
  readonly transport?: Transport;
  readonly sampled: boolean;
  readonly retrying?: string;
  readonly filterPattern?: string;
}

function transportText(t: TailState): string {
  return t.transport === 'live' ? 'live tail' : t.transport === 'poll' ? 'polling' : 'starting';
}

export class TailStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly tails: () => TailState[]) {
    this.item = vscode.window.createStatusBarItem('apigw.tails', vscode.StatusBarAlignment.Left, 49);
    this.item.name = 'API Gateway Tails';
    this.item.command = 'apigw.stopTail';
  }

  /** The item's text ("" when hidden). */
  get text(): string {
    return this.tails().length ? this.item.text : '';
  }

  update(): void {
    const tails = this.tails();
    if (tails.length === 0) {
      this.item.hide();
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = undefined;
      return;
    }
    this.ticker ??= setInterval(() => this.update(), 1000);
    const now = performance.now();
    const rate = tails.reduce((sum, t) => sum + t.view.tick(now), 0);
    const warn = tails.some((t) => t.retrying);
    const what = tails.length === 1 ? tails[0]!.label : `${tails.length} tails`;
    this.item.text = `${warn ? '$(warning)' : '$(pulse)'} ${what} · ${Math.round(rate)} ev/s${tails.some((t) => t.sampled) ? ' (sampled)' : ''}`;
    this.item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const rows = tails.map((t) => {
      const parts = [transportText(t), `${Math.round(t.view.rate)} events/s`, t.sampled ? 'sampled' : ''];
      if (t.filterPattern) parts.push(`filter ${t.filterPattern}`);
      if (t.retrying) parts.push(`retrying: ${t.retrying}`);
      return [t.label, parts.filter(Boolean).join(', ')] as const;
    });
    // A status bar item is shown outside the Runtime's prompts: a retried call's message is redacted here.
    this.item.tooltip = new vscode.MarkdownString(
      redact(renderTooltip({ title: 'API Gateway log tails', rows, notes: ['Click to stop a tail.'] })),
    );
    this.item.show();
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.item.dispose();
  }
}
