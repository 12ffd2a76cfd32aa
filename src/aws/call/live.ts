// A live API's stages as calling needs them: found by id or name, read with deploy's list calls (routes, integrations,
// authorizers, stages, and every custom domain's mappings, which say where a stage is also reachable).
import { liveApi, type CallableApi } from '../../core/call/api';
import { readSnapshot } from '../deploy/read';
import { findApi } from '../promote';
import type { AwsSession } from '../session';

export interface LiveCallable extends CallableApi {
  apiId: string;
  region: string;
}

/** Stages `stages` of the API `ref` (an id or a unique name); stages it does not have are listed apart. */
export async function readLiveStages(
  session: AwsSession,
  ref: string,
  stages: readonly string[],
  signal?: AbortSignal,
): Promise<{ found: LiveCallable[]; missing: string[] }> {
  const api = await findApi(session, ref, signal);
  const snap = await readSnapshot(session.apigw, api, { domains: 'all', ...(signal ? { signal } : {}) });
  const region = session.connection.region;
  const have = new Set(snap.stages.map((s) => s.StageName));
  return {
    found: stages.filter((s) => have.has(s)).map((s) => ({ ...liveApi(snap, s, region), apiId: api.ApiId!, region })),
    missing: stages.filter((s) => !have.has(s)),
  };
}

/** The stage `stage` of the API `ref`: its targets, routes, auth, functions and logs; NotFound names its stages. */
export async function readLiveApi(
  session: AwsSession,
  ref: string,
  stage: string,
  signal?: AbortSignal,
): Promise<LiveCallable> {
  const api = await findApi(session, ref, signal);
  const snap = await readSnapshot(session.apigw, api, { domains: 'all', ...(signal ? { signal } : {}) });
  const region = session.connection.region;
  return { ...liveApi(snap, stage, region), apiId: api.ApiId!, region };
}
