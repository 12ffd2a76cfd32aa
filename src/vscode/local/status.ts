// The local APIs' status bar item: the URL of the one running (or how many run); a click opens the menu of Copy URL,
// Restart, Stop, Show Traffic and Show Request Details.
import * as vscode from 'vscode';
import { renderTooltip } from '../../core/explorer/tooltip';
import { redact } from '../../core/redact';

export interface StatusRun {
  readonly name: string;
  readonly stage: string;
  readonly url: string;
}

export class LocalStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private shown = '';

  constructor() {
    this.item = vscode.window.createStatusBarItem('apigw.local', vscode.StatusBarAlignment.Left, 48);
    this.item.name = 'API Gateway Local APIs';
    this.item.command = 'apigw.localApiMenu';
  }

  /** The item's text ("" when hidden). */
  get text(): string {
    return this.shown;
  }

  update(runs: readonly StatusRun[]): void {
    if (runs.length === 0) {
      this.shown = '';
      this.item.hide();
      return;
    }
    this.shown =
      runs.length === 1
        ? `$(radio-tower) ${runs[0]!.name} ${runs[0]!.url}`
        : `$(radio-tower) ${runs.length} local APIs`;
    this.item.text = this.shown;
    // Shown outside the Runtime's prompts: redacted here.
    this.item.tooltip = new vscode.MarkdownString(
      redact(
        renderTooltip({
          title: 'Running locally',
          rows: runs.map((r) => [`${r.name} (${r.stage})`, r.url] as const),
          notes: ['Click to copy the URL, restart, stop, or see the traffic.'],
        }),
      ),
    );
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
