// Reads an API for a plan with list calls only: one call per page of each family (routes, integrations,
// authorizers, stages; models of WebSocket APIs), never one per resource. VPC links, domains and WebSocket route and
// integration responses are read only when the spec or the API has some.
import type { LiveApi, LiveSnapshot } from '../../core/deploy/live';
import { emptySnapshot } from '../../core/deploy/live';
import type { ApiGatewayAdapter } from '../apigateway';
import { isWorkbenchError } from '../../core/errors';
import { decodeHistory } from '../../core/history';
import { all, type Page } from '../paginate';

/** MaxResults of every deploy listing: 300 routes in one page (the local service's ceiling too). */
export const DEPLOY_PAGE_SIZE = 500;

const TRANSIENT = new Set(['Throttled', 'Network', 'Unknown']);

/**
 * A whole listing, tried again from its first page when the SDK's retries gave up on throttling or the network: a
 * deploy in a busy account must not fail on a read. The pauses are the adapter's `listRetryDelayMs`, then twice it.
 */
export async function listAll<T>(
  apigw: Pick<ApiGatewayAdapter, 'listRetryDelayMs'>,
  pages: () => AsyncGenerator<Page<T>>,
  tries = 3,
): Promise<T[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await all(pages());
    } catch (err) {
      if (attempt >= tries || !isWorkbenchError(err) || !TRANSIENT.has(err.code)) throw err;
      await new Promise((r) => setTimeout(r, apigw.listRetryDelayMs * attempt));
    }
  }
}

export async function listApis(apigw: ApiGatewayAdapter, signal?: AbortSignal): Promise<LiveApi[]> {
  return listAll(apigw, () => apigw.apis({ pageSize: DEPLOY_PAGE_SIZE, signal }));
}

export interface ReadOptions {
  /** Read the account's VPC links even when no integration uses one (the spec names some). */
  vpcLinks?: boolean;
  /** Custom domains to read with their API mappings; 'all' for every domain (pull). */
  domains?: string[] | 'all';
  /**
   * WebSocket routes whose route responses to read besides those with a route response selection expression: the
   * route keys the spec gives route responses to, or 'all' (pull).
   */
  routeResponses?: string[] | 'all';
  /**
   * The stage deploy points at: when it runs a deployment its history does not record, that deployment is read
   * (one GetDeployment) so the plan can tell one an interrupted deploy of the same content made.
   */
  stage?: string;
  signal?: AbortSignal;
}

/** The live state of API `api` (undefined: it does not exist yet, and only account-level parts are read). */
export async function readSnapshot(
  apigw: ApiGatewayAdapter,
  api: LiveApi | undefined,
  o: ReadOptions = {},
): Promise<LiveSnapshot> {
  const snap = emptySnapshot();
  const page = { pageSize: DEPLOY_PAGE_SIZE, signal: o.signal };
  const apiId = api?.ApiId;
  if (api) snap.api = api;

  const domainsWanted = o.domains === 'all' ? 'all' : new Set(o.domains ?? []);
  const reads: Array<Promise<unknown>> = [];
  if (apiId) {
    reads.push(
      listAll(apigw, () => apigw.routes(apiId, page)).then((x) => {
        snap.routes = x;
      }),
      listAll(apigw, () => apigw.integrations(apiId, page)).then((x) => {
        snap.integrations = x;
      }),
      listAll(apigw, () => apigw.authorizers(apiId, page)).then((x) => {
        snap.authorizers = x;
      }),
      listAll(apigw, () => apigw.stages(apiId, page)).then((x) => {
        snap.stages = x;
      }),
    );
    if (api?.ProtocolType === 'WEBSOCKET')
      reads.push(
        listAll(apigw, () => apigw.models(apiId, page)).then((x) => {
          snap.models = x;
        }),
      );
  }
  let linksRead = false;
  if (o.vpcLinks) {
    linksRead = true;
    reads.push(
      listAll(apigw, () => apigw.vpcLinks(page)).then((x) => {
        snap.vpcLinks = x;
      }),
    );
  }
  if (domainsWanted === 'all' || domainsWanted.size > 0) {
    reads.push(
      (async () => {
        const domains = (await listAll(apigw, () => apigw.domainNames(page))).filter(
          (d) => domainsWanted === 'all' || domainsWanted.has(d.DomainName ?? ''),
        );
        snap.domains = domains;
        await Promise.all(
          domains.map(async (d) => {
            snap.mappings[d.DomainName!] = await listAll(apigw, () => apigw.apiMappings(d.DomainName!, page));
          }),
        );
      })(),
    );
  }
  await Promise.all(reads);

  // Second wave, only when the first says there is something to read.
  const more: Array<Promise<unknown>> = [];
  if (!linksRead && snap.integrations.some((i) => i.ConnectionType === 'VPC_LINK')) {
    more.push(
      listAll(apigw, () => apigw.vpcLinks(page)).then((x) => {
        snap.vpcLinks = x;
      }),
    );
  }
  if (apiId && api?.ProtocolType === 'WEBSOCKET') more.push(...readResponses(apigw, apiId, snap, o, page));
  if (apiId && o.stage !== undefined) more.push(readUnrecordedDeployment(apigw, apiId, snap, o.stage, o.signal));
  await Promise.all(more);
  return snap;
}

/** The route responses and integration responses of a WebSocket API: one listing per route or integration that can have some. */
function readResponses(
  apigw: ApiGatewayAdapter,
  apiId: string,
  snap: LiveSnapshot,
  o: ReadOptions,
  page: { pageSize: number; signal?: AbortSignal },
): Array<Promise<unknown>> {
  const wanted = o.routeResponses === 'all' ? 'all' : new Set(o.routeResponses ?? []);
  const reads: Array<Promise<unknown>> = [];
  for (const r of snap.routes) {
    const routeId = r.RouteId;
    if (!routeId) continue;
    if (wanted !== 'all' && !r.RouteResponseSelectionExpression && !wanted.has(r.RouteKey ?? '')) continue;
    reads.push(
      listAll(apigw, () => apigw.routeResponses(apiId, routeId, page)).then((x) => {
        snap.routeResponses[routeId] = x;
      }),
    );
  }
  // Proxy integrations have no integration responses.
  for (const i of snap.integrations) {
    const id = i.IntegrationId;
    if (!id || i.IntegrationType === 'AWS_PROXY' || i.IntegrationType === 'HTTP_PROXY') continue;
    reads.push(
      listAll(apigw, () => apigw.integrationResponses(apiId, id, page)).then((x) => {
        snap.integrationResponses[id] = x;
      }),
    );
  }
  return reads;
}

/** The deployment `stage` runs, when the last entry of its history names another one (or there is none). */
async function readUnrecordedDeployment(
  apigw: ApiGatewayAdapter,
  apiId: string,
  snap: LiveSnapshot,
  stageName: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const stage = snap.stages.find((s) => s.StageName === stageName);
  const id = stage?.DeploymentId;
  if (!id || stage.AutoDeploy || decodeHistory(stage.Tags)[0]?.deploymentId === id) return;
  try {
    const d = await apigw.getDeployment(apiId, id, signal);
    snap.deployments = { ...snap.deployments, [id]: d };
  } catch (err) {
    // Gone meanwhile, or not ours to read: the plan then makes a new deployment, as it did before this read.
    if (!isWorkbenchError(err) || (err.code !== 'NotFound' && err.code !== 'AccessDenied')) throw err;
  }
}
