// The stage to serve, which local API a command acts on (a key, the only one, or picked) and which of its recent
// requests.
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { Runtime } from '../runtime';
import type { LocalFeature, LocalRun } from './feature';

/** By key (the spec path, the channel name or the URL), the only one running, or picked; none running: a message. */
export async function pickRun(
  rt: Runtime,
  local: LocalFeature,
  key: string | undefined,
  title: string,
): Promise<LocalRun | undefined> {
  if (key !== undefined) return local.get(key);
  const runs = local.list();
  if (runs.length === 0) {
    rt.prompts.notify('info', 'No spec runs locally. Use "API Gateway: Run Spec Locally" on a spec.');
    return undefined;
  }
  if (runs.length === 1) return runs[0];
  const picked = await rt.prompts.pick(
    runs.map((r) => ({ label: r.name, description: `${r.api.stage} · ${r.api.wsUrl ?? r.api.url}`, run: r })),
    { title, placeHolder: 'Which local API?' },
  );
  return picked?.run;
}

function time(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

/** A recent request of the run, newest first; undefined when dismissed or there is none. */
export async function pickRequest(rt: Runtime, run: LocalRun): Promise<string | undefined> {
  const records = run.api.requests().reverse();
  if (records.length === 0) {
    rt.prompts.notify('info', `${run.name} has not received a request yet.`);
    return undefined;
  }
  const picked = await rt.prompts.pick(
    records.map((r) => ({
      label: `${r.method} ${r.route}`,
      description: `${r.status} · ${Math.round(r.latencyMs)} ms · ${time(r.time)}`,
      detail: r.error ? `${r.requestId} · ${r.error}` : r.requestId,
      requestId: r.requestId,
    })),
    { title: `Show Request Details: ${run.name}`, placeHolder: 'Which request?', matchOnDetail: true },
  );
  return picked?.requestId;
}

/** The stage to serve: the only one, or picked; null when the user dismissed the picker. */
export async function pickLocalStage(rt: Runtime, spec: GatewaySpec): Promise<string | undefined | null> {
  const stages = Object.entries(spec.stages ?? {});
  if (stages.length <= 1) return stages[0]?.[0];
  const picked = await rt.prompts.pick(
    stages.map(([name, s]) => ({ label: name, description: s.description ?? '', stage: name })),
    { title: `Run ${spec.api.name} Locally`, placeHolder: 'Stage to serve (its stage variables and path)' },
  );
  return picked ? picked.stage : null;
}
