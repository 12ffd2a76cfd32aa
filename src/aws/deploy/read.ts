// Reads an API for a plan with list calls only: one call per page of each family (routes, integrations,
// authorizers, stages), never one per resource. VPC links, domains and WebSocket route responses are read only when
// the spec or the API has some.
import type { LiveApi, LiveSnapshot } from '../../core/deploy/live';
import { emptySnapshot } from '../../core/deploy/live';
import type { ApiGatewayAdapter } from '../apigateway';
import { all } from '../paginate';

/** MaxResults of every deploy listing: 300 routes in one page (the local service's ceiling too). */
export const DEPLOY_PAGE_SIZE = 500;

export async function listApis(apigw: ApiGatewayAdapter, signal?: AbortSignal): Promise<LiveApi[]> {
  return all(apigw.apis({ pageSize: DEPLOY_PAGE_SIZE, signal }));
}

export interface ReadOptions {
  /** Read the account's VPC links even when no integration uses one (the spec names some). */
  vpcLinks?: boolean;
  /** Custom domains to read with their API mappings; 'all' for every domain (pull). */
  domains?: string[] | 'all';
  signal?: AbortSignal;
}

/** The live state of API `api` (undefined: it does not exist yet, and only account-level parts are read). */
export async function readSnapshot(apigw: ApiGatewayAdapter, api: LiveApi | undefined, o: ReadOptions = {}): Promise<LiveSnapshot> {
  const snap = emptySnapshot();
  const page = { pageSize: DEPLOY_PAGE_SIZE, signal: o.signal };
  const apiId = api?.ApiId;
  if (api) snap.api = api;

  const domainsWanted = o.domains === 'all' ? 'all' : new Set(o.domains ?? []);
  const reads: Array<Promise<unknown>> = [];
  if (apiId) {
    reads.push(
      all(apigw.routes(apiId, page)).then((x) => { snap.routes = x; }),
      all(apigw.integrations(apiId, page)).then((x) => { snap.integrations = x; }),
      all(apigw.authorizers(apiId, page)).then((x) => { snap.authorizers = x; }),
      all(apigw.stages(apiId, page)).then((x) => { snap.stages = x; }),
    );
  }
  let linksRead = false;
  if (o.vpcLinks) {
    linksRead = true;
    reads.push(all(apigw.vpcLinks(page)).then((x) => { snap.vpcLinks = x; }));
  }
  if (domainsWanted === 'all' || domainsWanted.size > 0) {
    reads.push((async () => {
      const domains = (await all(apigw.domainNames(page))).filter((d) => domainsWanted === 'all' || domainsWanted.has(d.DomainName ?? ''));
      snap.domains = domains;
      await Promise.all(domains.map(async (d) => {
        snap.mappings[d.DomainName!] = await all(apigw.apiMappings(d.DomainName!, page));
      }));
    })());
  }
  await Promise.all(reads);

  // Second wave, only when the first says there is something to read.
  const more: Array<Promise<unknown>> = [];
  if (!linksRead && snap.integrations.some((i) => i.ConnectionType === 'VPC_LINK')) {
    more.push(all(apigw.vpcLinks(page)).then((x) => { snap.vpcLinks = x; }));
  }
  if (apiId && api?.ProtocolType === 'WEBSOCKET') {
    for (const r of snap.routes) {
      if (!r.RouteId || !r.RouteResponseSelectionExpression) continue;
      more.push(all(apigw.routeResponses(apiId, r.RouteId, page)).then((x) => { snap.routeResponses[r.RouteId!] = x; }));
    }
  }
  await Promise.all(more);
  return snap;
}
