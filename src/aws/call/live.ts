// A live API's stage as calling needs it: found by id or name, read with deploy's list calls (routes, integrations,
// authorizers, stages, and every custom domain's mappings, which say where the stage is also reachable).
import { liveApi, type CallableApi } from '../../core/call/api';
import { readSnapshot } from '../deploy/read';
import { findApi } from '../promote';
import type { AwsSession } from '../session';

export interface LiveCallable extends CallableApi {
  apiId: string;
  region: string;
}

/** The stage `stage` of the API `ref` (an id or a unique name): its targets, routes, auth, functions and logs. */
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
