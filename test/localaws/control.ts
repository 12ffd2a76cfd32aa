// Drives a local AWS test service that runs in another process (host and UI tests, the bench) through its
// control endpoint; the same interface as the in-process LocalAws. Uses only fetch, so it runs in the extension host.
import type { CallFilter, CallRecord, LocalAwsConfig, LocalAwsControl } from './server';
import type { FaultRule } from './faults';
import type { SeedFile } from './seed';

export class RemoteLocalAws implements LocalAwsControl {
  constructor(readonly endpoint: string) {}

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.endpoint}/__localaws${route}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const out = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new Error(`local AWS control ${method} ${route}: ${out.message ?? res.status}`);
    return out;
  }

  async configure(config: Partial<LocalAwsConfig>): Promise<void> {
    await this.call('POST', '/configure', config);
  }
  /** The service's whole configuration, as `configure` takes it back. */
  async config(): Promise<LocalAwsConfig> {
    return this.call('GET', '/config');
  }
  async addFaults(rules: FaultRule[]): Promise<number[]> {
    return (await this.call<{ ids: number[] }>('POST', '/faults', { rules })).ids;
  }
  async clearFaults(ids?: number[]): Promise<void> {
    await this.call('DELETE', '/faults', ids ? { ids } : {});
  }
  async calls(filter: CallFilter = {}): Promise<CallRecord[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    return this.call('GET', `/calls${q.size ? `?${q}` : ''}`);
  }
  async clearCalls(): Promise<void> {
    await this.call('DELETE', '/calls');
  }
  async seed(seed: SeedFile): Promise<void> {
    await this.call('POST', '/seed', seed);
  }
  async reset(seed?: SeedFile): Promise<void> {
    await this.call('POST', '/reset', seed ? { seed } : {});
  }
  async liveTailSessions(): Promise<number> {
    return (await this.call<{ sessions: number }>('GET', '/live-tails')).sessions;
  }
  async breakLiveTails(): Promise<number> {
    return (await this.call<{ ended: number }>('DELETE', '/live-tails')).ended;
  }
  async setAlarmState(name: string, state: string, reason?: string): Promise<boolean> {
    return (await this.call<{ changed: boolean }>('POST', '/alarm-state', { name, state, reason })).changed;
  }
}
