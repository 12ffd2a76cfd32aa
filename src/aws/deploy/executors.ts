// One executor per kind of change: the calls that make one planned change, and nothing else. One mutating call per
// changed resource; a few updates need a second because AWS has no other way (tags, removing CORS, access logs or a
// route's settings, a WebSocket route response). Creates go through `run.create`, which looks before re-creating.
// The request members come from src/core/deploy/inputs.ts; the adapter's SDK input types check them.
import { CancelledError, WorkbenchError } from '../../core/errors';
import {
  mappingKey,
  parseIntegrationDescription,
  PROTECTED_TAG,
  SPEC_TAG,
  type CanonicalRoute,
} from '../../core/deploy/canonical';
import {
  authorizerInput,
  createApiInput,
  createStageInput,
  domainInput,
  integrationInput,
  integrationResponseInput,
  modelInput,
  routeInput,
  routeResponseInput,
  stageTags,
  updateApiInput,
  updateStageInput,
  vpcLinkInput,
  type StageUpdate,
} from '../../core/deploy/inputs';
import type { Tags } from '../../core/deploy/live';
import { stableJson, type Change, type ChangeOf } from '../../core/deploy/plan';
import type { ApiSettings } from '../../core/gatewaySpec/model';
import { findListed, ignoreMissing, sleep, type CountCall } from './retry';
import type { ApplyRun } from './run';

/** Makes one change; its resource's id. */
export function executeChange(run: ApplyRun, c: Change, count: CountCall): Promise<string | undefined> {
  switch (c.kind) {
    case 'api':
      return applyApi(run, c, count);
    case 'vpcLink':
      return applyVpcLink(run, c, count);
    case 'model':
      return applyModel(run, c, count);
    case 'authorizer':
      return applyAuthorizer(run, c, count);
    case 'integration':
      return applyIntegration(run, c, count);
    case 'route':
      return applyRoute(run, c, count);
    case 'stage':
      return applyStage(run, c, count);
    case 'domain':
      return applyDomain(run, c, count);
    case 'mapping':
      return applyMapping(run, c, count);
  }
}

function changed(c: Change, test: (path: string) => boolean): boolean {
  return c.fields.some((f) => test(f.path));
}

/** A delete counted as one call; already gone is done. */
async function remove(count: CountCall, call: Promise<unknown>): Promise<void> {
  count();
  await ignoreMissing(call);
}

// ---- the API -------------------------------------------------------------------------------------------------

export async function applyApi(run: ApplyRun, c: ChangeOf<'api'>, count: CountCall): Promise<string> {
  const want = c.desired!;
  if (c.action === 'create') return createApi(run, want, count);
  const id = run.needApi();
  const live = c.live!;
  const cors = (p: string) => p.startsWith('cors');
  if (changed(c, (p) => !p.startsWith('tags') && !cors(p)) || (want.cors && changed(c, cors))) {
    count();
    await run.apigw.updateApi(id, updateApiInput(want));
  }
  if (!want.cors && live.cors) await remove(count, run.apigw.deleteCorsConfiguration(id));
  if (changed(c, (p) => p.startsWith('tags'))) {
    // An adopted API does not carry the spec tag yet: the sync adds it.
    const tagged: Tags = run.plan.api.status === 'adopt' ? {} : { [SPEC_TAG]: want.name };
    await run.syncTags(
      count,
      run.arn(`apis/${id}`),
      { ...live.tags, ...tagged },
      { ...want.tags, [SPEC_TAG]: want.name },
      [SPEC_TAG],
    );
  }
  return id;
}

async function createApi(run: ApplyRun, want: ApiSettings, count: CountCall): Promise<string> {
  run.apiId = await run.create(count, {
    make: async () => {
      const api = await run.apigw.createApi(createApiInput(want));
      run.apiEndpoint = api.ApiEndpoint;
      return api.ApiId!;
    },
    find: async () => {
      const api = await findListed(
        run.apigw,
        (o) => run.apigw.apis(o),
        (a) => a.Tags?.[SPEC_TAG] === want.name,
      );
      run.apiEndpoint = api?.ApiEndpoint ?? run.apiEndpoint;
      return api?.ApiId;
    },
  });
  return run.apiId;
}

// ---- VPC links, authorizers, integrations ---------------------------------------------------------------------

export async function applyVpcLink(run: ApplyRun, c: ChangeOf<'vpcLink'>, count: CountCall): Promise<string> {
  const want = c.desired!;
  if (c.action !== 'create') {
    // Only tags change in place (the plan blocks the rest).
    await run.syncTags(count, run.arn(`vpclinks/${c.id}`), c.live?.tags, want.tags);
    return c.id!;
  }
  let status: string | undefined;
  const id = await run.create(count, {
    make: async () => {
      const link = await run.apigw.createVpcLink(vpcLinkInput(c.name, want, run.plan.apiName));
      status = link.VpcLinkStatus;
      return link.VpcLinkId!;
    },
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.vpcLinks(o),
          (l) => l.Name === c.name && l.Tags?.[SPEC_TAG] === run.plan.apiName,
        )
      )?.VpcLinkId,
  });
  run.ids.vpcLinks[c.name] = id;
  if (status !== 'AVAILABLE') await waitForVpcLink(run, id);
  return id;
}

/** Real VPC links take minutes to become AVAILABLE; integrations cannot use them before. */
async function waitForVpcLink(run: ApplyRun, id: string): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const link = await run.apigw.getVpcLink(id);
    const status = link.VpcLinkStatus;
    if (status === 'AVAILABLE' || status === undefined) return;
    if (status === 'FAILED' || status === 'DELETING' || status === 'INACTIVE')
      throw new WorkbenchError('Unknown', `VPC link ${id} is ${status}: ${link.VpcLinkStatusMessage ?? ''}`.trim());
    if (run.stopped()) throw new CancelledError('Cancelled while VPC link was being created');
    if (Date.now() > deadline)
      throw new WorkbenchError('Unknown', `VPC link ${id} is still ${status} after 15 minutes`);
    run.log(`VPC link ${id} is ${status}; waiting`);
    await sleep(5_000);
  }
}

export async function applyModel(run: ApplyRun, c: ChangeOf<'model'>, count: CountCall): Promise<string | undefined> {
  const apiId = run.needApi();
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteModel(apiId, c.id!));
    return c.id;
  }
  const input = modelInput(c.name, c.desired!);
  if (c.action === 'update') {
    count();
    await run.apigw.updateModel(apiId, c.id!, input);
    return c.id;
  }
  // Model names are unique in an API: a create repeated after a lost answer gets 409 and finds the first.
  return run.create(count, {
    make: async () => (await run.apigw.createModel(apiId, input)).ModelId!,
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.models(apiId, o),
          (m) => m.Name === c.name,
        )
      )?.ModelId,
    update: async (found) => {
      await run.apigw.updateModel(apiId, found, input);
    },
  });
}

export async function applyAuthorizer(
  run: ApplyRun,
  c: ChangeOf<'authorizer'>,
  count: CountCall,
): Promise<string | undefined> {
  const apiId = run.needApi();
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteAuthorizer(apiId, c.id!));
    return c.id;
  }
  const input = authorizerInput(c.name, c.desired!, c.live);
  if (c.action === 'update') {
    count();
    await run.apigw.updateAuthorizer(apiId, c.id!, input);
    return c.id;
  }
  const made = await run.create(count, {
    make: async () => (await run.apigw.createAuthorizer(apiId, input)).AuthorizerId!,
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.authorizers(apiId, o),
          (a) => a.Name === c.name,
        )
      )?.AuthorizerId,
    update: async (found) => {
      await run.apigw.updateAuthorizer(apiId, found, input);
    },
  });
  run.ids.authorizers[c.name] = made;
  return made;
}

export async function applyIntegration(
  run: ApplyRun,
  c: ChangeOf<'integration'>,
  count: CountCall,
): Promise<string | undefined> {
  const apiId = run.needApi();
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteIntegration(apiId, c.id!));
    return c.id;
  }
  if (c.action === 'replace') return replaceIntegration(run, c, count);
  const input = integrationInput(c.name, c.desired!, run.refs, c.live);
  if (c.action === 'update') {
    if (changed(c, (p) => !p.startsWith('responses'))) {
      count();
      await run.apigw.updateIntegration(apiId, c.id!, input);
    }
    if (changed(c, (p) => p.startsWith('responses'))) await syncIntegrationResponses(run, c.id!, c, count);
    return c.id;
  }
  // Integrations have no key AWS checks: the name recorded in the description finds one a lost answer made.
  const made = await createIntegration(run, c, count, []);
  run.ids.integrations[c.name] = made;
  if (c.desired?.responses) await syncIntegrationResponses(run, made, { desired: c.desired }, count);
  return made;
}

/**
 * CreateIntegration, looked up after a lost answer by the name recorded in its description among the integrations
 * that are not `known` (those that carried the name before: the one a replacement replaces).
 */
function createIntegration(
  run: ApplyRun,
  c: ChangeOf<'integration'>,
  count: CountCall,
  known: string[],
): Promise<string> {
  const apiId = run.needApi();
  const input = integrationInput(c.name, c.desired!, run.refs);
  return run.create(count, {
    make: async () => (await run.apigw.createIntegration(apiId, input)).IntegrationId!,
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.integrations(apiId, o),
          (i) => parseIntegrationDescription(i.Description).name === c.name && !known.includes(i.IntegrationId ?? ''),
        )
      )?.IntegrationId,
  });
}

/**
 * An integration AWS cannot change in place (src/core/deploy/replace.ts): the new one is made (with its integration
 * responses), every route that targets the old one is pointed at it, then the old one is deleted. Each step may be
 * tried again: a try after a failure reuses the integration the first made. A run stopped between the create and the
 * delete leaves both, under one recorded name: the next plan takes the new one for the spec's (identity.ts), moves
 * the routes still on the old one and deletes it.
 */
async function replaceIntegration(run: ApplyRun, c: ChangeOf<'integration'>, count: CountCall): Promise<string> {
  const apiId = run.needApi();
  const old = c.id!;
  const plan = c.replace!;
  const current = run.ids.integrations[c.name];
  const made = current && current !== old ? current : await createIntegration(run, c, count, plan.liveIds);
  run.ids.integrations[c.name] = made;
  run.log(`integration ${c.name}: ${made} replaces ${old}`);
  if (c.desired?.responses) await syncIntegrationResponses(run, made, { desired: c.desired }, count);
  for (const key of plan.routes) {
    const routeId = run.plan.ids.routes[key];
    if (!routeId) continue;
    count();
    // A route deleted meanwhile no longer holds the old integration.
    await ignoreMissing(run.apigw.updateRoute(apiId, routeId, { Target: `integrations/${made}` }));
  }
  await remove(count, run.apigw.deleteIntegration(apiId, old));
  return made;
}

/** One create, update or delete per integration response that differs (all of `desired`'s for a new integration). */
async function syncIntegrationResponses(
  run: ApplyRun,
  integrationId: string,
  c: Pick<ChangeOf<'integration'>, 'desired' | 'live'>,
  count: CountCall,
): Promise<void> {
  const apiId = run.needApi();
  const apigw = run.apigw;
  await syncResponses(run, count, c.desired?.responses, c.live?.responses, {
    ids: c.live ? (run.plan.ids.integrationResponses[integrationId] ?? {}) : {},
    create: async (key, r) =>
      (await apigw.createIntegrationResponse(apiId, integrationId, integrationResponseInput(key, r)))
        .IntegrationResponseId!,
    update: (id, key, r) => apigw.updateIntegrationResponse(apiId, integrationId, id, integrationResponseInput(key, r)),
    remove: (id) => apigw.deleteIntegrationResponse(apiId, integrationId, id),
    find: async (key) =>
      (
        await findListed(
          apigw,
          (o) => apigw.integrationResponses(apiId, integrationId, o),
          (x) => x.IntegrationResponseKey === key,
        )
      )?.IntegrationResponseId,
  });
}

/** The calls that make, change and remove the responses (route or integration) of one resource, keyed by their key. */
interface ResponseCalls<T> {
  /** Live ids by key, as the plan read them. */
  ids: Record<string, string>;
  create(key: string, want: T): Promise<string>;
  update(id: string, key: string, want: T): Promise<unknown>;
  remove(id: string): Promise<unknown>;
  /** After a lost answer or a 409: the id of the response with this key, if it exists. */
  find(key: string): Promise<string | undefined>;
}

/**
 * Responses as the spec says: created, updated, deleted. An update that removes a member deletes and re-creates the
 * response, since UpdateRouteResponse and UpdateIntegrationResponse merge what they are given.
 */
async function syncResponses<T extends object>(
  run: ApplyRun,
  count: CountCall,
  want: Record<string, T> | undefined,
  live: Record<string, T> | undefined,
  calls: ResponseCalls<T>,
): Promise<void> {
  for (const [key, w] of Object.entries(want ?? {})) {
    const l = live?.[key];
    const id = calls.ids[key];
    if (l !== undefined && id !== undefined) {
      if (stableJson(l) === stableJson(w)) continue;
      if (Object.keys(l).every((k) => k in w)) {
        count();
        await calls.update(id, key, w);
        continue;
      }
      await remove(count, calls.remove(id));
    }
    await run.create(count, {
      make: () => calls.create(key, w),
      find: () => calls.find(key),
      update: async (found) => {
        await calls.update(found, key, w);
      },
    });
  }
  for (const key of Object.keys(live ?? {})) {
    const id = calls.ids[key];
    if (!(key in (want ?? {})) && id !== undefined) await remove(count, calls.remove(id));
  }
}

// ---- routes ------------------------------------------------------------------------------------------------------

export async function applyRoute(run: ApplyRun, c: ChangeOf<'route'>, count: CountCall): Promise<string | undefined> {
  const apiId = run.needApi();
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteRoute(apiId, c.id!));
    return c.id;
  }
  const want = c.desired!;
  if (c.action === 'update' && c.live?.integration && !want.integration) return remakeRoute(run, c, count);
  const input = routeInput(c.name, want, run.refs, c.live);
  let routeId = c.id;
  if (c.action === 'update') {
    if (changed(c, (p) => !p.startsWith('routeResponses'))) {
      count();
      await run.apigw.updateRoute(apiId, routeId!, input);
    }
  } else {
    routeId = await run.create(count, {
      make: async () => (await run.apigw.createRoute(apiId, input)).RouteId!,
      find: async () =>
        (
          await findListed(
            run.apigw,
            (o) => run.apigw.routes(apiId, o),
            (r) => r.RouteKey === c.name,
          )
        )?.RouteId,
      update: async (found) => {
        await run.apigw.updateRoute(apiId, found, input);
      },
    });
    run.ids.routes[c.name] = routeId;
  }
  if (c.action === 'create' ? want.routeResponses : changed(c, (p) => p.startsWith('routeResponses')))
    await syncRouteResponses(run, routeId!, want, c.action === 'create' ? undefined : c.live, count);
  return routeId;
}

/** UpdateRoute cannot take a route's target away: the route is made again without one. */
async function remakeRoute(run: ApplyRun, c: ChangeOf<'route'>, count: CountCall): Promise<string> {
  const apiId = run.needApi();
  const want = c.desired!;
  await remove(count, run.apigw.deleteRoute(apiId, c.id!));
  count();
  const routeId = (await run.apigw.createRoute(apiId, routeInput(c.name, want, run.refs))).RouteId!;
  run.ids.routes[c.name] = routeId;
  if (want.routeResponses) await syncRouteResponses(run, routeId, want, undefined, count);
  return routeId;
}

/** A WebSocket route's route responses (the `$default` one of a two-way route among them). */
async function syncRouteResponses(
  run: ApplyRun,
  routeId: string,
  want: CanonicalRoute,
  live: CanonicalRoute | undefined,
  count: CountCall,
): Promise<void> {
  const apiId = run.needApi();
  const apigw = run.apigw;
  await syncResponses(run, count, want.routeResponses, live?.routeResponses, {
    ids: live ? (run.plan.ids.routeResponses[routeId] ?? {}) : {},
    create: async (key, r) =>
      (await apigw.createRouteResponse(apiId, routeId, routeResponseInput(key, r))).RouteResponseId!,
    update: (id, key, r) => apigw.updateRouteResponse(apiId, routeId, id, routeResponseInput(key, r)),
    remove: (id) => apigw.deleteRouteResponse(apiId, routeId, id),
    find: async (key) =>
      (
        await findListed(
          apigw,
          (o) => apigw.routeResponses(apiId, routeId, o),
          (x) => x.RouteResponseKey === key,
        )
      )?.RouteResponseId,
  });
}

// ---- stages --------------------------------------------------------------------------------------------------------

export async function applyStage(run: ApplyRun, c: ChangeOf<'stage'>, count: CountCall): Promise<string> {
  const apiId = run.needApi();
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteStage(apiId, c.name));
    return c.name;
  }
  if (c.action === 'create') {
    const input = createStageInput(c.name, run.plan.protocol, c.desired!);
    await run.create(count, {
      make: async () => (await run.apigw.createStage(apiId, input)).StageName!,
      find: async () =>
        (
          await findListed(
            run.apigw,
            (o) => run.apigw.stages(apiId, o),
            (s) => s.StageName === c.name,
          )
        )?.StageName,
      update: async () => {
        const { StageName: _n, Tags: _t, ...rest } = input;
        await run.apigw.updateStage(apiId, c.name, rest);
      },
    });
    return c.name;
  }
  await updateStage(run, c, count);
  return c.name;
}

/** Paths of the stage's differences that calls other than UpdateStage take care of. */
function coveredElsewhere(u: StageUpdate, path: string): boolean {
  return (
    path.startsWith('tags') ||
    path === 'protected' ||
    (u.deleteAccessLog && path.startsWith('accessLog')) ||
    u.deleteRouteSettings.some(
      (k) => path.startsWith(`routeSettings[${JSON.stringify(k)}]`) || path.startsWith(`routeSettings.${k}.`),
    )
  );
}

/** Removing a route's settings or the access logs is their own call: UpdateStage only for the rest. */
async function updateStage(run: ApplyRun, c: ChangeOf<'stage'>, count: CountCall): Promise<void> {
  const apiId = run.needApi();
  const want = c.desired!;
  const live = c.live!;
  const u = updateStageInput(run.plan.protocol, want, live);
  if (changed(c, (p) => !coveredElsewhere(u, p))) {
    count();
    await run.apigw.updateStage(apiId, c.name, u.input);
  }
  if (u.deleteAccessLog) await remove(count, run.apigw.deleteAccessLogSettings(apiId, c.name));
  for (const key of u.deleteRouteSettings) await remove(count, run.apigw.deleteRouteSettings(apiId, c.name, key));
  if (changed(c, (p) => p.startsWith('tags') || p === 'protected')) {
    const arn = run.arn(`apis/${apiId}/stages/${c.name}`);
    // The oldest history entries that give way to the stage's tags go with the tags it no longer has, first.
    await run.syncTags(count, arn, stageTags(live), stageTags(want), [PROTECTED_TAG], c.historyGivesWay);
  }
}

// ---- custom domains and API mappings -----------------------------------------------------------------------------

export async function applyDomain(run: ApplyRun, c: ChangeOf<'domain'>, count: CountCall): Promise<string> {
  const want = c.desired!;
  if (c.action === 'create') {
    await run.create(count, {
      make: async () => (await run.apigw.createDomainName(domainInput(c.name, want, run.plan.apiName))).DomainName!,
      find: async () =>
        (
          await findListed(
            run.apigw,
            (o) => run.apigw.domainNames(o),
            (d) => d.DomainName === c.name,
          )
        )?.DomainName,
    });
    return c.name;
  }
  if (changed(c, (p) => !p.startsWith('tags'))) {
    count();
    const { Tags: _t, ...input } = domainInput(c.name, want);
    await run.apigw.updateDomainName(input);
  }
  if (changed(c, (p) => p.startsWith('tags')))
    await run.syncTags(count, run.arn(`domainnames/${c.name}`), c.live?.tags, want.tags);
  return c.name;
}

export async function applyMapping(
  run: ApplyRun,
  c: ChangeOf<'mapping'>,
  count: CountCall,
): Promise<string | undefined> {
  const m = (c.desired ?? c.live)!;
  if (c.action === 'delete') {
    await remove(count, run.apigw.deleteApiMapping(m.domain, c.id!));
    return c.id;
  }
  // A mapping to another API uses the id the plan resolved its reference to.
  const apiId = m.api === undefined ? run.needApi() : run.plan.ids.apis[m.api]!;
  const input = { ApiId: apiId, Stage: m.stage, ApiMappingKey: m.path };
  if (c.action === 'update') {
    count();
    await run.apigw.updateApiMapping(m.domain, c.id!, input);
    return c.id;
  }
  return run.create(count, {
    make: async () => (await run.apigw.createApiMapping(m.domain, input)).ApiMappingId!,
    find: async () =>
      (
        await findListed(
          run.apigw,
          (o) => run.apigw.apiMappings(m.domain, o),
          (x) => x.ApiId === apiId && mappingKey(m.domain, x.ApiMappingKey ?? '') === c.name,
        )
      )?.ApiMappingId,
    update: async (found) => {
      await run.apigw.updateApiMapping(m.domain, found, input);
    },
  });
}
