// Deploy against AWS: plan (STS for the account, one listing to find the API, list calls for its parts), apply,
// and pull. The CLI and the editor call these; src/core/deploy does the thinking.
import { WorkbenchError } from '../../core/errors';
import { findApi, type ApiMatch } from '../../core/deploy/identity';
import type { LiveApi } from '../../core/deploy/live';
import { buildPlan, type Plan } from '../../core/deploy/plan';
import { pullSpec, type PullResult } from '../../core/deploy/pull';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import type { AwsSession } from '../session';
import { listApis, readSnapshot } from './read';

export { applyPlan, checkApplicable, type ApplyOptions, type ApplyProgress } from './apply';
export { recordStageHistory, stageArn, type StageRef, type RecordResult } from '../history';
export { listApis, readSnapshot, DEPLOY_PAGE_SIZE, type ReadOptions } from './read';

export interface PlanOptions {
  /** The stage to deploy: the plan then says whether it needs a new deployment. */
  stage?: string;
  /** Delete what the spec does not have (default true). */
  deletes?: boolean;
  signal?: AbortSignal;
}

export interface PlannedDeploy {
  plan: Plan;
  match: ApiMatch;
  /** The STS caller, recorded in deployment descriptions and stage history. */
  callerArn: string;
}

/** Reads what the spec maps to and plans it. `spec` must be valid (validateSpec); its variables are resolved here. */
export async function planDeploy(session: AwsSession, spec: GatewaySpec, o: PlanOptions = {}): Promise<PlannedDeploy> {
  const [identity, apis] = await Promise.all([session.callerIdentity(), listApis(session.apigw, o.signal)]);
  const region = session.connection.region;
  const match = findApi(apis, spec.api.name, region);
  const snapshot = await readSnapshot(session.apigw, match.status === 'new' ? undefined : match.api, {
    vpcLinks: Object.keys(spec.vpcLinks ?? {}).length > 0,
    domains: Object.keys(spec.domains ?? {}),
    routeResponses: Object.keys(spec.routes ?? {}).filter((k) => spec.routes![k]!.routeResponses),
    ...(o.stage !== undefined ? { stage: o.stage } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const plan = buildPlan({
    spec,
    ctx: { region, accountId: identity.account },
    match,
    snapshot,
    ...(o.stage !== undefined ? { stage: o.stage } : {}),
    ...(o.deletes !== undefined ? { deletes: o.deletes } : {}),
    apis,
  });
  return { plan, match, callerArn: identity.arn };
}

/** The API an id or a name refers to; a name two APIs share is refused with their ids. */
export function resolveApiRef(apis: LiveApi[], ref: string, region: string): LiveApi {
  const byId = apis.find((a) => a.ApiId === ref);
  if (byId) return byId;
  const named = apis.filter((a) => a.Name === ref);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new WorkbenchError(
      'Conflict',
      `${named.length} APIs in ${region} are named ${ref}: ${named.map((a) => a.ApiId).join(', ')}.`,
      { hint: 'Give the API id instead of its name.' },
    );
  }
  throw new WorkbenchError('NotFound', `No API with the id or name ${ref} in ${region}.`, {
    hint: 'Check the region and profile, or list the APIs in the explorer.',
  });
}

export interface PulledApi extends PullResult {
  api: LiveApi;
  region: string;
  accountId: string;
}

/** A live API as a spec (every domain's mappings are read, to find this API's). */
export async function pullApi(
  session: AwsSession,
  ref: string | LiveApi,
  o: { signal?: AbortSignal } = {},
): Promise<PulledApi> {
  const region = session.connection.region;
  const [identity, api] = await Promise.all([
    session.callerIdentity(),
    typeof ref === 'string'
      ? listApis(session.apigw, o.signal).then((apis) => resolveApiRef(apis, ref, region))
      : Promise.resolve(ref),
  ]);
  const snapshot = await readSnapshot(session.apigw, api, {
    domains: 'all',
    routeResponses: 'all',
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return {
    ...pullSpec(api, snapshot, { region, accountId: identity.account }),
    api,
    region,
    accountId: identity.account,
  };
}
