// Executes a plan: one mutating call per changed resource (a few updates need a second: tags, a removed access
// log or route setting, a WebSocket route response), in dependency order — VPC links, authorizers and integrations
// before routes, stages after routes, deletes in reverse. Calls go through the session's pacer and the SDK's retries;
// on top of those, a change that still fails with throttling or a server error is tried again, and a create whose
// answer was lost is looked up before it is made again, so faults never leave a duplicate. Cancellation stops
// starting calls; the calls in flight finish, and the report says what was applied and what was not.
import { invokeUrl, partition } from '../../core/awsIds';
import { CancelledError, isWorkbenchError, WorkbenchError } from '../../core/errors';
import { callerName } from '../../core/history';
import {
  parseIntegrationDescription,
  SPEC_TAG,
  PROTECTED_TAG,
  mappingKey,
  type CanonicalDomain,
  type CanonicalIntegration,
  type CanonicalMapping,
  type CanonicalRoute,
  type CanonicalStage,
} from '../../core/deploy/canonical';
import {
  authorizerInput,
  createApiInput,
  createStageInput,
  domainInput,
  integrationInput,
  routeInput,
  stageTags,
  tagChanges,
  updateApiInput,
  updateStageInput,
  vpcLinkInput,
  MissingRefError,
  type Refs,
} from '../../core/deploy/inputs';
import type { Change, Plan } from '../../core/deploy/plan';
import type { ApplyReport, ChangeResult, DeploymentResult } from '../../core/deploy/report';
import type { ApiSettings, Authorizer, VpcLink } from '../../core/gatewaySpec/model';
import type { ApiGatewayAdapter } from '../apigateway';
import { recordStageHistory } from '../history';
import { DEPLOY_PAGE_SIZE, listAll } from './read';

export interface ApplyProgress {
  done: number;
  total: number;
  /** What just finished or starts: "route GET /items". */
  message: string;
}

export interface ApplyOptions {
  /** The user confirmed taking over an untagged API of the spec's name (plan.api.status 'adopt'). */
  adopt?: boolean;
  /** Names the user typed for the plan's protected stages. */
  confirmedStages?: string[];
  /** Cancels: no call starts after it fires; calls in flight finish. */
  signal?: AbortSignal;
  /** Changes in flight at once (the pacer keeps the rate). Default 4. */
  concurrency?: number;
  /** Tries of a change after the SDK's own retries gave up on throttling or a server error. Default 2. */
  retries?: number;
  /** First wait before such a try, doubled each time. Default 1000 ms. */
  retryDelayMs?: number;
  /** STS caller ARN, for the deployment description and the stage history. */
  callerArn?: string;
  onProgress?: (p: ApplyProgress) => void;
  log?: (line: string) => void;
  now?: () => Date;
}

/** Refuses a plan that must not run as it is: blocked, an unconfirmed adoption, a protected stage not typed. */
export function checkApplicable(plan: Plan, o: Pick<ApplyOptions, 'adopt' | 'confirmedStages'>): void {
  if (plan.blocked.length) {
    throw new WorkbenchError('Conflict', `The plan for ${plan.apiName} cannot be applied: ${plan.blocked.join(' ')}`);
  }
  if (plan.api.status === 'adopt' && !o.adopt) {
    throw new WorkbenchError(
      'Conflict',
      `An API named ${plan.apiName} already exists in ${plan.region} (${plan.api.id}) and was not deployed from a spec. Deploy changes it only after you confirm adopting it.`,
      { hint: 'Confirm the adoption when asked (apigw deploy --adopt).' },
    );
  }
  const missing = plan.protectedStages.filter((s) => !(o.confirmedStages ?? []).includes(s));
  if (missing.length) {
    throw new WorkbenchError(
      'Conflict',
      `Stage${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} protected: the plan changes ${missing.length === 1 ? 'it' : 'them'} only after you type ${missing.length === 1 ? 'its name' : 'their names'}.`,
      { hint: `Type the stage name when asked (apigw deploy --confirm-stage ${missing[0]}).` },
    );
  }
}

const RETRYABLE = new Set(['Throttled', 'Network', 'Unknown', 'Unsupported']);

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function message(err: unknown): string {
  return isWorkbenchError(err) ? err.message : err instanceof Error ? err.message : String(err);
}

/** Runs `fn` over `items` with at most `limit` at once, starting none after `stop()` turns true. */
async function pool<T>(
  items: T[],
  limit: number,
  stop: () => boolean,
  fn: (item: T) => Promise<void>,
  skip: (item: T) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      if (stop()) {
        skip(items[i]!);
        continue;
      }
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function applyPlan(apigw: ApiGatewayAdapter, plan: Plan, o: ApplyOptions = {}): Promise<ApplyReport> {
  checkApplicable(plan, o);
  const log = o.log ?? (() => undefined);
  const now = o.now ?? (() => new Date());
  const retries = o.retries ?? 2;
  const retryDelay = o.retryDelayMs ?? 1000;
  const region = plan.region;
  const stopped = () => Boolean(o.signal?.aborted);

  let apiId = plan.api.id;
  let apiEndpoint = plan.api.endpoint;
  const ids = {
    integrations: { ...plan.ids.integrations },
    authorizers: { ...plan.ids.authorizers },
    vpcLinks: { ...plan.ids.vpcLinks },
    routes: { ...plan.ids.routes },
  };
  const refs: Refs = {
    integration: (n) => ids.integrations[n],
    authorizer: (n) => ids.authorizers[n],
    vpcLink: (n) => ids.vpcLinks[n],
  };
  const failedNames = new Set<string>();
  const results: ChangeResult[] = [];
  const warnings: string[] = [];
  const total = plan.changes.length + (plan.deployment?.needed ? 1 : 0);
  let done = 0;
  const progress = (msg: string) => o.onProgress?.({ done, total, message: msg });

  const arn = (path: string) => `arn:${partition(region)}:apigateway:${region}::/${path}`;
  const needApi = () => {
    if (!apiId) throw new WorkbenchError('Unknown', 'The API was not created');
    return apiId;
  };

  /** One change: its calls counted, retried on transient failures. */
  const run = async (c: Change, fn: (count: () => void) => Promise<string | undefined>): Promise<void> => {
    const label = `${c.kind} ${c.name}`;
    const result: ChangeResult = { change: c, status: 'applied', calls: 0 };
    const count = () => {
      result.calls++;
    };
    progress(`${c.action} ${label}`);
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await fn(count);
        if (id) result.id = id;
        log(`${c.action} ${label}: applied${result.calls > 1 ? ` (${result.calls} calls)` : ''}`);
        break;
      } catch (err) {
        const retryable = isWorkbenchError(err) && RETRYABLE.has(err.code);
        if (retryable && attempt < retries && !stopped()) {
          log(`${c.action} ${label}: ${message(err)}; trying again`);
          await sleep(retryDelay * 2 ** attempt);
          continue;
        }
        result.status = err instanceof MissingRefError ? 'skipped' : 'failed';
        result.message = message(err);
        failedNames.add(`${c.kind}:${c.name}`);
        log(`${c.action} ${label}: ${result.status}: ${result.message}`);
        break;
      }
    }
    done++;
    results.push(result);
    progress(`${c.action} ${label}`);
  };

  /**
   * A create that may already have happened (its answer lost, or a 409 for a key that exists): look it up by its
   * identity before making it again.
   */
  const create = async (
    count: () => void,
    make: () => Promise<string>,
    find: () => Promise<string | undefined>,
    after?: (id: string) => Promise<void>,
  ): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      try {
        count();
        const id = await make();
        return id;
      } catch (err) {
        const conflict = isWorkbenchError(err) && err.code === 'Conflict';
        const uncertain = isWorkbenchError(err) && RETRYABLE.has(err.code);
        if (!conflict && !uncertain) throw err;
        const found = await find();
        if (found) {
          log(`found what a lost answer had created: ${found}`);
          if (conflict && after) {
            count();
            await after(found);
          }
          return found;
        }
        if (conflict || attempt >= retries) throw err;
        await sleep(retryDelay * 2 ** attempt);
      }
    }
  };

  const ignoreMissing = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (!(isWorkbenchError(err) && err.code === 'NotFound')) throw err;
    }
  };

  const tags = async (
    count: () => void,
    resourceArn: string,
    live: Record<string, string> | undefined,
    want: Record<string, string> | undefined,
    managed: string[] = [],
  ) => {
    const t = tagChanges(live, want, managed);
    if (Object.keys(t.set).length) {
      count();
      await apigw.tagResource(resourceArn, t.set);
    }
    if (t.remove.length) {
      count();
      await apigw.untagResource(resourceArn, t.remove);
    }
  };

  const changed = (c: Change, test: (path: string) => boolean) => c.fields.some((f) => test(f.path));

  // ---- one executor per kind ------------------------------------------------------------------------------------

  const exec = async (c: Change, count: () => void): Promise<string | undefined> => {
    switch (c.kind) {
      case 'api': {
        const want = c.desired as ApiSettings;
        if (c.action === 'create') {
          const out = await create(
            count,
            async () => {
              const api = await apigw.createApi(createApiInput(want) as never);
              apiEndpoint = api.ApiEndpoint;
              return api.ApiId!;
            },
            async () => {
              const api = (await listAll(() => apigw.apis({ pageSize: DEPLOY_PAGE_SIZE }))).find(
                (a) => a.Tags?.[SPEC_TAG] === want.name,
              );
              apiEndpoint = api?.ApiEndpoint ?? apiEndpoint;
              return api?.ApiId;
            },
          );
          apiId = out;
          return out;
        }
        const id = needApi();
        const live = c.live as ApiSettings;
        if (
          changed(c, (p) => !p.startsWith('tags') && !p.startsWith('cors')) ||
          (want.cors && changed(c, (p) => p.startsWith('cors')))
        ) {
          count();
          await apigw.updateApi(id, updateApiInput(want) as never);
        }
        if (!want.cors && live.cors) {
          count();
          await ignoreMissing(apigw.deleteCorsConfiguration(id));
        }
        if (changed(c, (p) => p.startsWith('tags'))) {
          await tags(
            count,
            arn(`apis/${id}`),
            { ...live.tags, ...(plan.api.status === 'adopt' ? {} : { [SPEC_TAG]: want.name }) },
            { ...want.tags, [SPEC_TAG]: want.name },
            [SPEC_TAG],
          );
        }
        return id;
      }

      case 'vpcLink': {
        const want = c.desired as VpcLink;
        if (c.action === 'create') {
          let status: string | undefined;
          const id = await create(
            count,
            async () => {
              const link = await apigw.createVpcLink(vpcLinkInput(c.name, want, plan.apiName) as never);
              status = link.VpcLinkStatus;
              return link.VpcLinkId!;
            },
            async () =>
              (await listAll(() => apigw.vpcLinks({ pageSize: DEPLOY_PAGE_SIZE }))).find(
                (l) => l.Name === c.name && l.Tags?.[SPEC_TAG] === plan.apiName,
              )?.VpcLinkId,
          );
          ids.vpcLinks[c.name] = id;
          if (status !== 'AVAILABLE') await waitForVpcLink(apigw, id, o.signal, log);
          return id;
        }
        const id = c.id!;
        await tags(count, arn(`vpclinks/${id}`), (c.live as VpcLink).tags, want.tags);
        return id;
      }

      case 'authorizer': {
        const id = needApi();
        if (c.action === 'delete') {
          count();
          await ignoreMissing(apigw.deleteAuthorizer(id, c.id!));
          return c.id;
        }
        const input = authorizerInput(c.name, c.desired as Authorizer, c.live as Authorizer | undefined);
        if (c.action === 'update') {
          count();
          await apigw.updateAuthorizer(id, c.id!, input as never);
          return c.id;
        }
        const made = await create(
          count,
          async () => (await apigw.createAuthorizer(id, input as never)).AuthorizerId!,
          async () =>
            (await listAll(() => apigw.authorizers(id, { pageSize: DEPLOY_PAGE_SIZE }))).find((a) => a.Name === c.name)
              ?.AuthorizerId,
          async (found) => {
            await apigw.updateAuthorizer(id, found, input as never);
          },
        );
        ids.authorizers[c.name] = made;
        return made;
      }

      case 'integration': {
        const id = needApi();
        if (c.action === 'delete') {
          count();
          await ignoreMissing(apigw.deleteIntegration(id, c.id!));
          return c.id;
        }
        const want = c.desired as CanonicalIntegration;
        const input = integrationInput(c.name, want, refs, c.live as CanonicalIntegration | undefined);
        if (c.action === 'update') {
          count();
          await apigw.updateIntegration(id, c.id!, input as never);
          return c.id;
        }
        const made = await create(
          count,
          async () => (await apigw.createIntegration(id, input as never)).IntegrationId!,
          async () =>
            (await listAll(() => apigw.integrations(id, { pageSize: DEPLOY_PAGE_SIZE }))).find(
              (i) => parseIntegrationDescription(i.Description).name === c.name,
            )?.IntegrationId,
        );
        ids.integrations[c.name] = made;
        return made;
      }

      case 'route': {
        const id = needApi();
        if (c.action === 'delete') {
          count();
          await ignoreMissing(apigw.deleteRoute(id, c.id!));
          return c.id;
        }
        const want = c.desired as CanonicalRoute;
        const input = routeInput(c.name, want, refs, c.live as CanonicalRoute | undefined);
        let routeId = c.id;
        const before = c.live as CanonicalRoute | undefined;
        if (c.action === 'update' && before?.integration && !want.integration) {
          // UpdateRoute cannot take a route's target away: the route is made again without one.
          count();
          await ignoreMissing(apigw.deleteRoute(id, routeId!));
          count();
          routeId = (await apigw.createRoute(id, routeInput(c.name, want, refs) as never)).RouteId!;
          ids.routes[c.name] = routeId;
          if (want.routeResponse) {
            count();
            await apigw.createRouteResponse(id, routeId, { RouteResponseKey: want.routeResponse });
          }
          return routeId;
        }
        if (c.action === 'update') {
          if (changed(c, (p) => p !== 'routeResponse')) {
            count();
            await apigw.updateRoute(id, routeId!, input as never);
          }
        } else {
          routeId = await create(
            count,
            async () => (await apigw.createRoute(id, input as never)).RouteId!,
            async () =>
              (await listAll(() => apigw.routes(id, { pageSize: DEPLOY_PAGE_SIZE }))).find((r) => r.RouteKey === c.name)
                ?.RouteId,
            async (found) => {
              await apigw.updateRoute(id, found, input as never);
            },
          );
          ids.routes[c.name] = routeId;
        }
        const had = (c.live as CanonicalRoute | undefined)?.routeResponse;
        if (want.routeResponse && !had) {
          await create(
            count,
            async () =>
              (await apigw.createRouteResponse(id, routeId!, { RouteResponseKey: want.routeResponse! }))
                .RouteResponseId!,
            async () =>
              (await listAll(() => apigw.routeResponses(id, routeId!, { pageSize: DEPLOY_PAGE_SIZE }))).find(
                (r) => r.RouteResponseKey === want.routeResponse,
              )?.RouteResponseId,
          );
        }
        return routeId;
      }

      case 'stage': {
        const id = needApi();
        if (c.action === 'delete') {
          count();
          await ignoreMissing(apigw.deleteStage(id, c.name));
          return c.name;
        }
        const want = c.desired as CanonicalStage;
        if (c.action === 'create') {
          const input = createStageInput(c.name, plan.protocol, want);
          await create(
            count,
            async () => (await apigw.createStage(id, input as never)).StageName!,
            async () =>
              (await listAll(() => apigw.stages(id, { pageSize: DEPLOY_PAGE_SIZE }))).find(
                (s) => s.StageName === c.name,
              )?.StageName,
            async () => {
              const { StageName: _n, Tags: _t, ...rest } = input;
              await apigw.updateStage(id, c.name, rest as never);
            },
          );
          return c.name;
        }
        const live = c.live as CanonicalStage;
        const u = updateStageInput(plan.protocol, want, live);
        // Removing a route's settings or the access logs is their own call: UpdateStage only for the rest.
        const covered = (p: string) =>
          p.startsWith('tags') ||
          p === 'protected' ||
          (u.deleteAccessLog && p.startsWith('accessLog')) ||
          u.deleteRouteSettings.some(
            (k) => p.startsWith(`routeSettings[${JSON.stringify(k)}]`) || p.startsWith(`routeSettings.${k}.`),
          );
        if (changed(c, (p) => !covered(p))) {
          count();
          await apigw.updateStage(id, c.name, u.input as never);
        }
        if (u.deleteAccessLog) {
          count();
          await ignoreMissing(apigw.deleteAccessLogSettings(id, c.name));
        }
        for (const key of u.deleteRouteSettings) {
          count();
          await ignoreMissing(apigw.deleteRouteSettings(id, c.name, key));
        }
        if (changed(c, (p) => p.startsWith('tags') || p === 'protected')) {
          await tags(count, arn(`apis/${id}/stages/${c.name}`), stageTags(live), stageTags(want), [PROTECTED_TAG]);
        }
        return c.name;
      }

      case 'domain': {
        const want = c.desired as CanonicalDomain;
        if (c.action === 'create') {
          await create(
            count,
            async () => (await apigw.createDomainName(domainInput(c.name, want, plan.apiName) as never)).DomainName!,
            async () =>
              (await listAll(() => apigw.domainNames({ pageSize: DEPLOY_PAGE_SIZE }))).find(
                (d) => d.DomainName === c.name,
              )?.DomainName,
          );
          return c.name;
        }
        if (changed(c, (p) => !p.startsWith('tags'))) {
          count();
          const { Tags: _t, ...input } = domainInput(c.name, want);
          await apigw.updateDomainName(input as never);
        }
        if (changed(c, (p) => p.startsWith('tags'))) {
          await tags(count, arn(`domainnames/${c.name}`), (c.live as CanonicalDomain).tags, want.tags);
        }
        return c.name;
      }

      case 'mapping': {
        const id = needApi();
        const m = (c.desired ?? c.live) as CanonicalMapping;
        if (c.action === 'delete') {
          count();
          await ignoreMissing(apigw.deleteApiMapping(m.domain, c.id!));
          return c.id;
        }
        const input = { ApiId: id, Stage: m.stage, ApiMappingKey: m.path };
        if (c.action === 'update') {
          count();
          await apigw.updateApiMapping(m.domain, c.id!, input);
          return c.id;
        }
        return create(
          count,
          async () => (await apigw.createApiMapping(m.domain, input)).ApiMappingId!,
          async () =>
            (await listAll(() => apigw.apiMappings(m.domain, { pageSize: DEPLOY_PAGE_SIZE }))).find(
              (x) => x.ApiId === id && mappingKey(m.domain, x.ApiMappingKey ?? '') === c.name,
            )?.ApiMappingId,
          async (found) => {
            await apigw.updateApiMapping(m.domain, found, input);
          },
        );
      }
    }
  };

  /** A change whose prerequisites failed is skipped, not attempted. */
  const blockedBy = (c: Change): string | undefined => {
    if (c.kind !== 'api' && failedNames.has(`api:${plan.apiName}`)) return 'the API was not created';
    if (c.kind === 'route' && c.action !== 'delete') {
      const r = c.desired as CanonicalRoute;
      if (r.integration && failedNames.has(`integration:${r.integration}`))
        return `integration ${r.integration} was not applied`;
      if (r.authorizer && failedNames.has(`authorizer:${r.authorizer}`))
        return `authorizer ${r.authorizer} was not applied`;
    }
    if (c.kind === 'integration' && c.action !== 'delete') {
      const i = c.desired as CanonicalIntegration;
      if (i.vpcLink && failedNames.has(`vpcLink:${i.vpcLink}`)) return `VPC link ${i.vpcLink} was not created`;
    }
    if ((c.kind === 'integration' && c.action === 'delete') || (c.kind === 'authorizer' && c.action === 'delete')) {
      // Routes still using it would make the delete fail: only when a route change before it failed.
      if ([...failedNames].some((n) => n.startsWith('route:'))) return 'a route change before it failed';
    }
    if (c.kind === 'mapping' && c.action !== 'delete') {
      const m = c.desired as CanonicalMapping;
      if (failedNames.has(`stage:${m.stage}`) || failedNames.has(`domain:${m.domain}`))
        return `stage ${m.stage} or domain ${m.domain} was not applied`;
    }
    return undefined;
  };

  // Phases: consecutive changes of one kind and direction run together; each phase waits for the one before.
  const phases: Change[][] = [];
  for (const c of plan.changes) {
    const last = phases.at(-1);
    const key = (x: Change) =>
      `${x.action === 'delete' ? 'delete' : 'apply'}:${x.kind === 'authorizer' ? 'integration' : x.kind}`;
    if (last && key(last[0]!) === key(c)) last.push(c);
    else phases.push([c]);
  }
  const notStarted = (c: Change) => {
    results.push({ change: c, status: 'cancelled', calls: 0 });
  };
  for (const phase of phases) {
    await pool(
      phase,
      o.concurrency ?? 4,
      stopped,
      async (c) => {
        const why = blockedBy(c);
        if (why) {
          failedNames.add(`${c.kind}:${c.name}`);
          results.push({ change: c, status: 'skipped', message: why, calls: 0 });
          done++;
          return;
        }
        await run(c, (count) => exec(c, count));
      },
      notStarted,
    );
  }

  const cancelled = stopped() && results.some((r) => r.status === 'cancelled');
  const allApplied = results.every((r) => r.status === 'applied');
  let deployment: DeploymentResult | undefined;
  if (plan.deployment?.needed) {
    const step = plan.deployment;
    deployment = { stage: step.stage, ...(step.current ? { previous: step.current } : {}) };
    if (!allApplied || cancelled || stopped()) {
      deployment.error = stopped() ? 'cancelled before the deployment' : 'not made: some changes were not applied';
    } else {
      try {
        const id = needApi();
        const at = now();
        const by = callerName(o.callerArn);
        const description =
          `apigw deploy of ${plan.apiName} (spec ${plan.hash}) at ${at.toISOString()}${by ? ` by ${by}` : ''}`.slice(
            0,
            1024,
          );
        progress(`deployment → stage ${step.stage}`);
        const deploymentId = await create(
          () => {},
          async () =>
            (await apigw.createDeployment(id, { StageName: step.stage, Description: description })).DeploymentId!,
          async () =>
            (await listAll(() => apigw.deployments(id, { pageSize: DEPLOY_PAGE_SIZE }))).find(
              (d) => d.Description === description,
            )?.DeploymentId,
        );
        deployment.deploymentId = deploymentId;
        deployment.description = description;
        done++;
        log(`deployment ${deploymentId} → stage ${step.stage}`);
        // The stage's tags as this apply left them: read in the plan, then changed by the stage's own update.
        const stageChange = plan.changes.find((c) => c.kind === 'stage' && c.name === step.stage);
        const tagsNow = { ...step.tags };
        if (stageChange) {
          const t = tagChanges(
            stageChange.live ? stageTags(stageChange.live as CanonicalStage) : {},
            stageTags(stageChange.desired as CanonicalStage),
            [PROTECTED_TAG],
          );
          Object.assign(tagsNow, t.set);
          for (const k of t.remove) delete tagsNow[k];
        }
        const recorded = await recordStageHistory(
          apigw,
          { region, apiId: id, stageName: step.stage, tags: tagsNow },
          {
            deploymentId,
            ...(step.current ? { previous: step.current } : {}),
            at,
            ...(by ? { by } : {}),
            action: 'deploy',
            hash: plan.hash,
          },
        );
        deployment.historyRecorded = Boolean(recorded.entry);
        if (recorded.warning) warnings.push(recorded.warning);
      } catch (err) {
        deployment.error = message(err);
        log(`deployment → stage ${step.stage}: failed: ${deployment.error}`);
      }
    }
  }

  // Results in plan order, whatever order the pool finished them in.
  const order = new Map(plan.changes.map((c, i) => [c, i]));
  results.sort((a, b) => order.get(a.change)! - order.get(b.change)!);
  const stage = plan.deployment?.stage;
  const ok = allApplied && !cancelled && !deployment?.error;
  return {
    ...(apiId ? { apiId } : {}),
    apiName: plan.apiName,
    region,
    results,
    cancelled: cancelled || (stopped() && Boolean(deployment?.error)),
    ...(deployment ? { deployment } : {}),
    ...(apiId && stage && ok
      ? {
          invokeUrl: invokeUrl({
            apiId,
            region,
            protocolType: plan.protocol,
            stageName: stage,
            ...(apiEndpoint ? { apiEndpoint } : {}),
          }),
        }
      : {}),
    warnings,
    ok,
  };
}

/** Real VPC links take minutes to become AVAILABLE; integrations cannot use them before. */
async function waitForVpcLink(
  apigw: ApiGatewayAdapter,
  id: string,
  signal: AbortSignal | undefined,
  log: (l: string) => void,
): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const link = await apigw.getVpcLink(id);
    if (link.VpcLinkStatus === 'AVAILABLE' || link.VpcLinkStatus === undefined) return;
    if (link.VpcLinkStatus === 'FAILED' || link.VpcLinkStatus === 'DELETING' || link.VpcLinkStatus === 'INACTIVE') {
      throw new WorkbenchError(
        'Unknown',
        `VPC link ${id} is ${link.VpcLinkStatus}: ${link.VpcLinkStatusMessage ?? ''}`.trim(),
      );
    }
    if (signal?.aborted) throw new CancelledError('Cancelled while VPC link was being created');
    if (Date.now() > deadline)
      throw new WorkbenchError('Unknown', `VPC link ${id} is still ${link.VpcLinkStatus} after 15 minutes`);
    log(`VPC link ${id} is ${link.VpcLinkStatus}; waiting`);
    await sleep(5_000);
  }
}
