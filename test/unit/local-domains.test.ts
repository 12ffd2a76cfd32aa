// An HTTP API served locally as one of its custom domains (`apigw serve --domain`), through real sockets: the API
// mapping whose path begins the request's (the longest, by segments) picks the stage; no stage segment; the handler
// sees the whole path in rawPath, the custom domain as domainName; requests under mappings to another stage or API,
// or under none, are AWS's 404 with the reason in the record.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { mappedPath, servedDomain } from '../../src/core/local/domains';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';

const SPEC = `version: 1
api:
  name: shop
  protocol: HTTP
integrations:
  orders-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:orders
    payloadFormatVersion: "2.0"
routes:
  GET /orders:
    integration: orders-fn
  GET /orders/{id}:
    integration: orders-fn
stages:
  prod:
    accessLog:
      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:shop
      format: '$context.requestId $context.domainName $context.customDomain.basePathMatched $context.path $context.routeKey'
  dev: {}
domains:
  api.shop.example.com:
    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
    mappings:
      - stage: prod
        path: v1
      - stage: prod
        path: v1/admin
      - stage: dev
        path: beta
      - stage: prod
        path: legacy
        api: a1b2c3d4e5
`;

const HANDLER = `exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ rawPath: event.rawPath, path: event.requestContext.http.path, routeKey: event.routeKey,
    stage: event.requestContext.stage, domainName: event.requestContext.domainName,
    domainPrefix: event.requestContext.domainPrefix }),
});
`;

function spec(mappings: Array<{ stage: string; path?: string; api?: string }>): GatewaySpec {
  return {
    version: 1,
    api: { name: 'shop', protocol: 'HTTP' },
    stages: { prod: {}, dev: {} },
    domains: { 'api.example.com': { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', mappings } },
  } as GatewaySpec;
}

describe('a custom domain served locally: which mapping a path is under', () => {
  it('the longest mapping path that begins the path, segment by segment; the root last', () => {
    const d = servedDomain(
      spec([{ stage: 'prod' }, { stage: 'prod', path: 'v1' }, { stage: 'prod', path: '/v1/admin/' }]),
      'api.example.com',
      undefined,
    );
    const at = (p: string) => {
      const m = mappedPath(d, p);
      return m && [m.mapping.path, m.path];
    };
    assert.deepEqual(at('/v1/admin/users'), ['v1/admin', '/users']);
    assert.deepEqual(at('/v1/orders'), ['v1', '/orders']);
    assert.deepEqual(at('/v1'), ['v1', '/']);
    assert.deepEqual(at('/v1x/orders'), ['', '/v1x/orders'], 'not a segment of v1: the root mapping');
    assert.deepEqual(at('/'), ['', '/']);
    const noRoot = servedDomain(spec([{ stage: 'prod', path: 'v1' }]), 'api.example.com', undefined);
    assert.equal(mappedPath(noRoot, '/v2/orders'), undefined);
  });

  it('the stage: the one the domain maps, or the one asked among several; a clear error otherwise', () => {
    const two = spec([{ stage: 'prod' }, { stage: 'dev', path: 'dev' }]);
    assert.equal(servedDomain(two, 'api.example.com', 'dev').stage, 'dev');
    const refused = (f: () => unknown, pattern: RegExp) =>
      assert.throws(f, (e: unknown) => isWorkbenchError(e) && pattern.test(`${e.message} ${e.hint ?? ''}`));
    refused(() => servedDomain(two, 'api.example.com', undefined), /maps several stages: prod, dev\. Say which/);
    refused(() => servedDomain(two, 'api.example.com', 'qa'), /maps no path to the stage "qa"\. It maps prod, dev/);
    refused(() => servedDomain(two, 'www.example.com', undefined), /no domain "www\.example\.com"\. Its domains: api/);
    refused(
      () => servedDomain(spec([{ stage: 'prod', api: 'other' }]), 'api.example.com', undefined),
      /maps no stage of shop/,
    );
  });
});

describe('local API: an HTTP API served as its custom domain', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = localWorkspace({
      'shop.apigw.yaml': SPEC,
      'shop.apigw.local.yaml': 'functions:\n  orders: { handler: orders.js }\n',
      'orders.js': HANDLER,
    });
    api = await startLocalApi({
      specPath: ws.file('shop.apigw.yaml'),
      domain: 'api.shop.example.com',
      stage: 'prod',
      port: 0,
      watch: false,
    });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  async function get(path: string): Promise<{ status: number; body: string; error?: string; accessLog?: string }> {
    const res = await fetch(`${api.url}${path}`);
    const body = await res.text();
    const detail = api.request(res.headers.get('apigw-requestid')!);
    return {
      status: res.status,
      body,
      ...(detail?.record.error ? { error: detail.record.error } : {}),
      ...(detail?.accessLog ? { accessLog: detail.accessLog } : {}),
    };
  }

  it('serves at the root of the port: the mapping path begins the route, and stays in rawPath', async () => {
    assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await get('/v1/orders/7');
    assert.equal(r.status, 200, r.error);
    assert.deepEqual(JSON.parse(r.body), {
      rawPath: '/v1/orders/7',
      path: '/v1/orders/7',
      routeKey: 'GET /orders/{id}',
      stage: 'prod',
      domainName: 'api.shop.example.com',
      domainPrefix: 'api',
    });
    assert.match(r.accessLog ?? '', /^\S+= api\.shop\.example\.com v1 \/v1\/orders\/7 GET \/orders\/\{id\}$/);
  });

  it('the longest mapping wins: /v1/admin/orders is the route GET /orders under v1/admin', async () => {
    const r = await get('/v1/admin/orders');
    assert.equal(r.status, 200, r.error);
    assert.equal(JSON.parse(r.body).routeKey, 'GET /orders');
    assert.match(r.accessLog ?? '', / api\.shop\.example\.com v1\/admin \/v1\/admin\/orders GET \/orders$/);
  });

  it("another stage's mapping, another API's, none, or the stage's segment: AWS's 404, the reason recorded", async () => {
    const cases: Array<[string, RegExp]> = [
      ['/beta/orders', /maps \/beta to the stage dev; this local API serves prod/],
      ['/legacy/orders', /maps \/legacy to the API a1b2c3d4e5, which is not served here/],
      ['/prod/orders', /under no API mapping of api\.shop\.example\.com/],
      ['/v1x/orders', /under no API mapping/],
    ];
    for (const [path, why] of cases) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.deepEqual(JSON.parse(r.body), { message: 'Not Found' });
      assert.match(r.error ?? '', why, path);
    }
  });
});
