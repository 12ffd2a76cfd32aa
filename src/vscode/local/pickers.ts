// The stage to serve, which local API a command acts on (a key, the only one, or picked) and which of its recent
// requests.
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import { mappingTargets, ownStages } from '../../core/local/domains';
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
/** What a local run serves: a stage (undefined: the engine's default), and maybe a custom domain of the spec. */
export interface Served {
  stage?: string;
  domain?: string;
}

/**
 * The custom domains of the API as items: one per stage of this API each domain maps, with its paths (a WebSocket
 * API's domains with mutual TLS left out: the local API serves mutual TLS for HTTP APIs).
 */
function domainItems(spec: GatewaySpec): Array<{ label: string; description: string } & Served> {
  const servable = Object.entries(spec.domains ?? {}).filter(([, d]) => spec.api.protocol === 'HTTP' || !d.mutualTls);
  return servable.flatMap(([domain, d]) => {
    const targets = mappingTargets(d);
    return ownStages(targets).map((stage) => ({
      label: domain,
      description: `custom domain${d.mutualTls ? ' · mutual TLS (HTTPS)' : ''} · stage ${stage} · ${targets
        .filter((m) => m.api === undefined && m.stage === stage)
        .map((m) => `/${m.path}`)
        .join(', ')}`,
      domain,
      stage,
    }));
  });
}

/**
 * The stage (and custom domain) to serve: the arguments', else picked among the stages and the API's custom
 * domains; none to pick between: the only stage. Null: the picker was dismissed.
 */
export async function pickServed(rt: Runtime, spec: GatewaySpec, args: Served): Promise<Served | null> {
  if (typeof args.domain === 'string')
    return { domain: args.domain, ...(typeof args.stage === 'string' ? { stage: args.stage } : {}) };
  if (typeof args.stage === 'string') return { stage: args.stage };
  const stages = Object.entries(spec.stages ?? {}).map(([name, s]) => ({
    label: name,
    description: s.description ?? '',
    stage: name,
  }));
  const items = [...stages, ...domainItems(spec)];
  if (items.length <= 1) return stages[0] ? { stage: stages[0].stage } : {};
  const picked = await rt.prompts.pick(items, {
    title: `Run ${spec.api.name} Locally`,
    placeHolder: 'Stage to serve (its stage variables and path), or a custom domain (its API mappings)',
  });
  if (!picked) return null;
  return { stage: picked.stage, ...('domain' in picked && picked.domain ? { domain: picked.domain } : {}) };
}
