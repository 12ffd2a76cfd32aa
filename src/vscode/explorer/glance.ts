// The tree at a glance: the last hour of every stage the tree shows (its node rendered while the view is visible, so
// its Stages folder is expanded) and the region's alarms. What the renders of one moment ask for is fetched together — one GetMetricData
// call for all those stages, one DescribeAlarms listing for every node — kept a minute, then the tree renders again
// from what is kept. A failure is logged once and leaves the nodes as they were; it is retried after the minute.
import type { AwsSession } from '../../aws/bundle';
import { alarmsFor, type AlarmInfo } from '../../core/metrics/alarms';
import type { MetricScope } from '../../core/metrics/scope';
import type { StageSummary } from '../../core/metrics/view';
import type { Logger } from '../log';

export const GLANCE_TTL_MS = 60_000;
/** How long renders are gathered before one call serves them all. */
const GATHER_MS = 50;

export interface GlanceDeps {
  session(): Promise<AwsSession>;
  rerender(): void;
  log: Logger;
  enabled(): boolean;
  /** The explorer view is on screen: nothing is read for a tree nobody sees (renders by code, a hidden view). */
  visible(): boolean;
  now?(): number;
}

interface Kept<T> {
  value: T | undefined;
  at: number;
}

function keyOf(s: MetricScope): string {
  return JSON.stringify([s.apiId, s.stage]);
}

export class Glance {
  private readonly summaries = new Map<string, Kept<StageSummary>>();
  private readonly wanted = new Map<string, MetricScope>();
  private alarmList: Kept<AlarmInfo[]> | undefined;
  private alarmsWanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** GetMetricData calls made for the tree (tests and the bench count them). */
  summaryCalls = 0;

  constructor(private readonly deps: GlanceDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private fresh(k: Kept<unknown> | undefined): boolean {
    return k !== undefined && this.now() - k.at < GLANCE_TTL_MS;
  }

  /** The stage's last hour as kept (maybe older than a minute, or nothing yet); asks for it when not fresh. */
  summary(scope: MetricScope): StageSummary | undefined {
    if (!this.deps.enabled()) return undefined;
    const key = keyOf(scope);
    const kept = this.summaries.get(key);
    if (!this.fresh(kept)) this.want(() => this.wanted.set(key, scope));
    return kept?.value;
  }

  /** The alarms watching an API or (with `stage`) a stage, as kept; asks for the listing when not fresh. */
  alarms(scope: { apiId: string; stage?: string }): AlarmInfo[] | undefined {
    if (!this.deps.enabled()) return undefined;
    if (!this.fresh(this.alarmList)) this.want(() => (this.alarmsWanted = true));
    const list = this.alarmList?.value;
    return list && alarmsFor(list, scope);
  }

  /** Forgets everything (a refresh of the view, another connection). */
  clear(): void {
    this.generation++;
    this.summaries.clear();
    this.wanted.clear();
    this.alarmList = undefined;
    this.alarmsWanted = false;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clear();
  }

  /**
   * The view came into sight: what its nodes asked for while it was hidden is read now (and the tree renders again
   * only if that changes what it shows).
   */
  shown(): void {
    if (this.wanted.size > 0 || this.alarmsWanted) this.schedule();
  }

  /** Noted now; read soon if the view is on screen, else once it is (`shown()`). */
  private want(add: () => void): void {
    add();
    if (this.deps.visible()) this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), GATHER_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const generation = this.generation;
    const scopes = [...this.wanted.values()];
    const alarms = this.alarmsWanted;
    this.wanted.clear();
    this.alarmsWanted = false;
    const at = this.now();
    // Marked as read before the answer: renders in the meantime do not ask again.
    for (const s of scopes) this.summaries.set(keyOf(s), { value: this.summaries.get(keyOf(s))?.value, at });
    if (alarms) this.alarmList = { value: this.alarmList?.value, at };
    const results = await Promise.allSettled([this.fetchSummaries(scopes, at), alarms && this.fetchAlarms()]);
    if (generation !== this.generation) return;
    const [summaries, alarmList] = results;
    const before = this.displayed(scopes);
    if (summaries.status === 'fulfilled')
      for (const s of summaries.value) this.summaries.set(keyOf(s.scope), { value: s, at });
    else this.deps.log.warn(`could not read the last hour of ${scopes.length} stage(s): ${String(summaries.reason)}`);
    if (alarmList.status === 'fulfilled' && alarmList.value) this.alarmList = { value: alarmList.value, at };
    else if (alarmList.status === 'rejected')
      this.deps.log.warn(`could not read the alarms: ${String(alarmList.reason)}`);
    // Render again only when what the tree shows changed: a whole-tree render costs VS Code's selection a beat.
    if (this.displayed(scopes) !== before) this.deps.rerender();
  }

  /** What the tree shows of the glance for `scopes` (their last hour, the alarms), to tell whether it changed. */
  private displayed(scopes: readonly MetricScope[]): string {
    const hours = scopes.map((s) => this.summaries.get(keyOf(s))?.value ?? null);
    return JSON.stringify([hours, this.alarmList?.value ?? []]);
  }

  private async fetchSummaries(scopes: MetricScope[], now: number): Promise<StageSummary[]> {
    if (scopes.length === 0) return [];
    const session = await this.deps.session();
    const { summaries, calls } = await session.cloudwatch.stageSummaries(scopes, now);
    this.summaryCalls += calls;
    return summaries;
  }

  private async fetchAlarms(): Promise<AlarmInfo[]> {
    return (await this.deps.session()).cloudwatch.alarms();
  }
}
