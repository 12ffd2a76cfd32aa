// The metrics feature: its panels (one per API, stage or route and region; showing one again reveals it), and the
// serializer that restores them after a reload from the state their page kept. Activation registers the serializer
// only; the page bundle and the AWS bundle load when a panel opens.
import * as vscode from 'vscode';
import type { RangePreset } from '../../core/metrics/period';
import { METRICS_VIEW_TYPE, parseState, type MetricsTarget, type PageState } from '../../webview/metrics/protocol';
import type { Runtime } from '../runtime';
import { createPanel } from '../webview/panel';
import { titleOf } from './load';
import { MetricsPanel, type PanelHost } from './panel';

export const DEFAULT_PRESET: RangePreset = '3h';

export function targetKey(t: MetricsTarget): string {
  return JSON.stringify([t.region, t.apiId, t.stage ?? null, t.route ?? null]);
}

export class MetricsFeature implements PanelHost, vscode.Disposable {
  private readonly panels = new Map<string, MetricsPanel>();
  private readonly updated = new vscode.EventEmitter<MetricsPanel>();
  /** Fires when a panel loaded, failed or changed its options (tests wait on it). */
  readonly onDidUpdate = this.updated.event;

  constructor(
    readonly rt: Runtime,
    readonly extensionUri: vscode.Uri,
  ) {}

  /** The panel of `target`, opened or revealed. */
  show(target: MetricsTarget, preset: RangePreset = DEFAULT_PRESET): MetricsPanel {
    const key = targetKey(target);
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = createPanel({ viewType: METRICS_VIEW_TYPE }, titleOf(target), this.extensionUri);
    return this.attach(panel, { target, preset, autoRefresh: 0, errorsOnly: false });
  }

  /** After a reload: the panel VS Code kept, with the state its page saved. */
  restore(panel: vscode.WebviewPanel, saved: unknown): void {
    const state = parseState(saved);
    if (!state || this.panels.has(targetKey(state.target))) {
      // Nothing to show (an older page's state, or a duplicate): close it rather than show an empty page.
      panel.dispose();
      return;
    }
    panel.title = titleOf(state.target);
    this.attach(panel, state);
  }

  private attach(panel: vscode.WebviewPanel, state: PageState): MetricsPanel {
    const icon = (theme: string) => vscode.Uri.joinPath(this.extensionUri, 'media', `metrics-${theme}.svg`);
    panel.iconPath = { light: icon('light'), dark: icon('dark') };
    const p = new MetricsPanel(this, panel, state);
    this.panels.set(targetKey(state.target), p);
    return p;
  }

  /** The open panels (tests read them). */
  list(): MetricsPanel[] {
    return [...this.panels.values()];
  }

  /** The panel of a stage or one of its routes (that route's first), to tell it what its logs action did. */
  panelOf(apiId: string, stage: string | undefined, route?: string): MetricsPanel | undefined {
    const ofStage = this.list().filter((p) => p.target.apiId === apiId && p.target.stage === stage);
    return ofStage.find((p) => p.target.route === route) ?? ofStage[0];
  }

  changed(panel: MetricsPanel): void {
    this.updated.fire(panel);
  }

  closed(panel: MetricsPanel): void {
    const key = targetKey(panel.target);
    if (this.panels.get(key) === panel) this.panels.delete(key);
  }

  dispose(): void {
    for (const p of this.list()) p.panel.dispose();
    this.updated.dispose();
  }
}

export function registerMetrics(context: vscode.ExtensionContext, rt: Runtime): MetricsFeature {
  const feature = new MetricsFeature(rt, context.extensionUri);
  context.subscriptions.push(
    feature,
    vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => feature.restore(panel, state),
    }),
  );
  return feature;
}
