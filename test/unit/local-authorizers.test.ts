// The local API's authorizers, one question a test, against AWS's pages: JWT authorizers (http-api-jwt-authorizer.html,
// http-api-troubleshooting-jwt.html), Lambda REQUEST authorizers of HTTP APIs (http-api-lambda-authorizer.html) and of
// WebSocket APIs (apigateway-websocket-api-lambda-auth.html), AWS_IAM (http-api-access-control-iam.html), the
// `$context` variables they fill (http-api-logging-variables.html) and the quotas they keep (limits.html).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkJwt } from '../../src/core/local/jwt';
import { JWKS_FETCH_TIMEOUT_MS, JwksCache, MAX_JWKS_BYTES } from '../../src/local/jwks';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { testIssuer } from '../support/jwt';
import { localWorkspace, offsetClock, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { executeApiSigner, signable } from '../support/sigv4';

const ISSUER = 'https://issuer.example.com';
const CRED = {
  accessKeyId: 'AKIDLOCALAUTH',
  secretAccessKey: 'auth-local-secret',
  userArn: 'arn:aws:iam::123456789012:user/ann',
};
const ARN = (fn: string) => `"arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:${fn}"`;

const FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  num: '$context.authorizer.num',
  bool: '$context.authorizer.bool',
  principal: '$context.authorizer.principalId',
  sub: '$context.authorizer.claims.sub',
  error: '$context.authorizer.error',
  account: '$context.identity.accountId',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userArn: '$context.identity.userArn',
});

const HTTP_SPEC = [
  'version: 1',
  'api: { name: gates, protocol: HTTP }',
  'integrations:',
  `  echo: { type: AWS_PROXY, uri: ${ARN('echo')}, payloadFormatVersion: "2.0" }`,
  `  echo1: { type: AWS_PROXY, uri: ${ARN('echo')}, payloadFormatVersion: "1.0" }`,
  'authorizers:',
  `  jwt: { type: JWT, identitySources: [$request.header.Authorization], jwt: { issuer: "${ISSUER}", audience: [client1] } }`,
  `  jwtq: { type: JWT, identitySources: [$request.querystring.access_token], jwt: { issuer: "${ISSUER}", audience: [client1] } }`,
  `  simple: { type: REQUEST, uri: ${ARN('simple')}, identitySources: [$request.header.x-token, $request.querystring.tenant], resultTtlSeconds: 300, payloadFormatVersion: "2.0", enableSimpleResponses: true }`,
  `  nocache: { type: REQUEST, uri: ${ARN('simple')}, identitySources: [$request.header.x-token], payloadFormatVersion: "2.0", enableSimpleResponses: true }`,
  `  policy: { type: REQUEST, uri: ${ARN('policy')}, identitySources: [$request.header.x-token], resultTtlSeconds: 300, payloadFormatVersion: "2.0" }`,
  `  v1: { type: REQUEST, uri: ${ARN('policy')}, identitySources: [$request.header.x-token], payloadFormatVersion: "1.0" }`,
  'routes:',
  '  GET /jwt: { integration: echo, authorizer: jwt }',
  '  GET /jwt/scoped: { integration: echo, authorizer: jwt, authorizationScopes: [orders/read, orders/write] }',
  '  GET /jwt/v1: { integration: echo1, authorizer: jwt }',
  '  GET /jwtq: { integration: echo, authorizer: jwtq }',
  '  GET /simple: { integration: echo, authorizer: simple }',
  '  GET /simple/other: { integration: echo, authorizer: simple }',
  '  GET /nocache: { integration: echo, authorizer: nocache }',
  '  GET /items/{id}: { integration: echo, authorizer: policy }',
  '  POST /items/{id}: { integration: echo, authorizer: policy }',
  '  GET /admin: { integration: echo, authorizer: policy }',
  '  GET /v1/{id}: { integration: echo1, authorizer: v1 }',
  '  GET /iam: { integration: echo, authorizationType: AWS_IAM }',
  'stages:',
  '  $default:',
  '    accessLog:',
  '      destinationArn: "arn:aws:logs:${aws:region}:${aws:accountId}:log-group:/apigw/gates"',
  `      format: '${FORMAT}'`,
  '',
].join('\n');

/** 2.0: `identitySource` a list; simple responses allow all but `closed`, with context values of every JSON type. */
const SIMPLE = `let calls = 0;
exports.handler = async (event) => ({
  isAuthorized: event.identitySource[0] !== 'closed',
  context: { calls: ++calls, str: 's', num: 1, bool: true, arr: ['a', 'b'], map: { k: 'v' } },
});`;

/** A policy by token (2.0's `identitySource` list or 1.0's string), for the route ARN's API and stage. */
const POLICY = `let calls = 0;
exports.handler = async (event) => {
  const token = Array.isArray(event.identitySource) ? event.identitySource[0] : event.identitySource;
  const arn = event.routeArn || event.methodArn;
  const base = arn.split('/').slice(0, 2).join('/');
  const policy = (...Statement) => ({ principalId: 'user-' + token, policyDocument: { Version: '2012-10-17', Statement }, context: { calls: ++calls, num: 7, bool: false } });
  const allow = (Resource) => ({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource });
  switch (token) {
    case 'all': return policy(allow(base + '/*'));
    case 'get-only': return policy(allow(base + '/GET/*'));
    case 'deny-admin': return policy(allow(base + '/*'), { Action: 'execute-api:*', Effect: 'Deny', Resource: [base + '/*/admin'] });
    case 'one-char': return policy(allow('arn:aws:execute-api:*:*:*/GET/items/?'));
    case 'unauth': throw new Error('Unauthorized');
    case 'boom': throw new Error('boom');
    case 'slow': return new Promise(() => {});
    default: return { principalId: 'x' };
  }
};`;

const ECHO = 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n';

describe('local API: HTTP API authorizers', () => {
  const iss = testIssuer(ISSUER);
  const clock = offsetClock();
  let ws: LocalWorkspace;
  let api: LocalApi;
  const nowS = () => Math.floor(clock.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: 'client1',
    exp: nowS() + 600,
    sub: 'user-1',
    ...over,
  });

  before(async () => {
    ws = localWorkspace({
      'gates.apigw.yaml': HTTP_SPEC,
      'gates.apigw.local.yaml': [
        'functions:',
        '  echo: { handler: echo.js }',
        '  simple: { handler: simple.js }',
        '  policy: { handler: policy.js, timeout: 1 }',
        'jwt:',
        '  jwt: { jwksFile: jwks.json }',
        '  jwtq: { jwksFile: jwks.json }',
        '',
      ].join('\n'),
      'jwks.json': JSON.stringify(iss.jwks),
      'echo.js': ECHO,
      'simple.js': SIMPLE,
      'policy.js': POLICY,
    });
    api = await startLocalApi({
      specPath: ws.file('gates.apigw.yaml'),
      port: 0,
      watch: false,
      clock,
      iam: { credentials: [CRED] },
    });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  async function call(
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<{ status: number; body: any; wwwAuthenticate: string | null; id: string; log: Record<string, string> }> {
    const res = await fetch(`${api.url}${path}`, { method, headers });
    const text = await res.text();
    const id = res.headers.get('apigw-requestid')!;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    const log = JSON.parse(api.request(id)!.accessLog!) as Record<string, string>;
    return { status: res.status, body, wwwAuthenticate: res.headers.get('www-authenticate'), id, log };
  }
  const authorizerCalls = (id: string) => api.request(id)!.invocations.filter((i) => i.kind === 'authorizer').length;
  const bearer = (c: Record<string, unknown>, header?: Record<string, unknown>) => ({
    authorization: `Bearer ${iss.sign(c, header)}`,
  });

  describe('JWT', () => {
    it('the token with or without `Bearer ` (any case), from a header or a query string', async () => {
      const token = iss.sign(claims());
      for (const authorization of [token, `Bearer ${token}`, `bearer ${token}`])
        assert.equal((await call('/jwt', { authorization })).status, 200, authorization.slice(0, 8));
      assert.equal((await call(`/jwtq?access_token=${token}`)).status, 200);
      assert.equal((await call('/jwtq')).status, 401);
    });

    it('401 {"message":"Unauthorized"} with `www-authenticate: Bearer scope="" error="invalid_token" error_description=…`', async () => {
      const r = await call('/jwt', bearer(claims({ aud: 'other' })));
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { message: 'Unauthorized' });
      // AWS's own example (http-api-troubleshooting-jwt.html), word for word.
      assert.equal(
        r.wwwAuthenticate,
        'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
      );
      assert.equal(r.log.error, 'the token does not have a valid audience', '$context.authorizer.error');
      const none = await call('/jwt');
      assert.equal(none.status, 401);
      assert.deepEqual(none.body, { message: 'Unauthorized' });
    });

    it('iss must equal the issuer exactly (a trailing slash is another issuer)', async () => {
      assert.equal((await call('/jwt', bearer(claims({ iss: `${ISSUER}/` })))).status, 401);
      assert.equal((await call('/jwt', bearer(claims({ iss: ISSUER.toUpperCase() })))).status, 401);
    });

    it('aud, or client_id only when aud is absent; an aud list needs one entry among the audiences', async () => {
      assert.equal((await call('/jwt', bearer(claims({ aud: undefined, client_id: 'client1' })))).status, 200);
      assert.equal((await call('/jwt', bearer(claims({ aud: ['x', 'client1'] })))).status, 200);
      // "When both aud and client_id are present, API Gateway evaluates aud" (http-api-troubleshooting-jwt.html).
      assert.equal((await call('/jwt', bearer(claims({ aud: 'other', client_id: 'client1' })))).status, 401);
      assert.equal((await call('/jwt', bearer(claims({ aud: undefined })))).status, 401);
    });

    it('exp after now, nbf and iat not after now, with no leeway; a token without exp is refused', async () => {
      const now = nowS();
      const expect = async (c: Record<string, unknown>, status: number, why: RegExp | undefined) => {
        const r = await call('/jwt', bearer(claims(c)));
        assert.equal(r.status, status, JSON.stringify(c));
        if (why) assert.match(r.wwwAuthenticate ?? '', why);
      };
      await expect({ exp: now - 1 }, 401, /the token has expired/);
      await expect({ exp: undefined }, 401, /no expiry/);
      await expect({ nbf: now + 60 }, 401, /not valid yet/);
      await expect({ iat: now + 60 }, 401, /issued in the future/);
      await expect({ nbf: now - 1, iat: now - 1 }, 200, undefined);
    });

    it('the header kid names the issuer key; RSA algorithms only (RS256, RS384, RS512)', async () => {
      const r = await call('/jwt', bearer(claims(), { kid: undefined }));
      assert.equal(r.status, 401);
      assert.match(r.wwwAuthenticate!, /kid/);
      assert.match((await call('/jwt', bearer(claims(), { kid: 'other' }))).wwwAuthenticate!, /kid/);
      for (const alg of ['HS256', 'ES256', 'none'])
        assert.match(
          (await call('/jwt', bearer(claims(), { alg }))).wwwAuthenticate!,
          new RegExp(`signing method ${alg} is invalid`),
        );
      // The test issuer signs with SHA-256 whatever the header says: RS384 names the wrong digest.
      assert.match((await call('/jwt', bearer(claims(), { alg: 'RS384' }))).wwwAuthenticate!, /signature is invalid/);
    });

    it("scopes from `scope` (space-separated) or `scp` (a list or a string): one of the route's is enough, else 403", async () => {
      for (const c of [{ scope: 'profile orders/write' }, { scp: ['orders/read'] }, { scp: 'orders/read x' }])
        assert.equal((await call('/jwt/scoped', bearer(claims(c)))).status, 200, JSON.stringify(c));
      const r = await call('/jwt/scoped', bearer(claims({ scope: 'profile' })));
      assert.equal(r.status, 403);
      assert.deepEqual(r.body, { message: 'Forbidden' });
      assert.equal(
        r.wwwAuthenticate,
        'Bearer scope="orders/read orders/write" error="insufficient_scope" error_description="expected scopes: [orders/read orders/write]"',
      );
      assert.equal((await call('/jwt/scoped', bearer(claims()))).status, 403, 'no scope claim at all');
      // A route without scopes takes a token without any.
      assert.equal((await call('/jwt', bearer(claims()))).status, 200);
    });

    it('requestContext.authorizer.jwt: claims as strings (lists as `[a b]`), scopes a list or null', async () => {
      const c = claims({ scope: 'a b', groups: ['admin', 'dev'], n: 5, flag: true, nested: { k: 'v' } });
      const r = await call('/jwt', bearer(c));
      const jwt = r.body.requestContext.authorizer.jwt;
      assert.equal(jwt.claims.sub, 'user-1');
      assert.equal(jwt.claims.groups, '[admin dev]');
      assert.equal(jwt.claims.n, '5');
      assert.equal(jwt.claims.flag, 'true');
      assert.equal(jwt.claims.exp, String(c.exp));
      assert.deepEqual(jwt.scopes, ['a', 'b']);
      assert.equal(r.log.sub, 'user-1', '$context.authorizer.claims.sub');
      const none = await call('/jwt', bearer(claims()));
      assert.equal(none.body.requestContext.authorizer.jwt.scopes, null);
      // Payload 1.0: requestContext.authorizer.claims and scopes.
      const v1 = await call('/jwt/v1', bearer(c));
      assert.equal(v1.body.requestContext.authorizer.claims.sub, 'user-1');
      assert.deepEqual(v1.body.requestContext.authorizer.scopes, ['a', 'b']);
    });

    it('a JWKS file saved while the API runs is read again (new keys take effect at once)', async () => {
      const rotated = testIssuer(ISSUER, 'k2');
      const token = rotated.sign(claims(), { kid: 'k2' });
      assert.equal((await call('/jwt', { authorization: token })).status, 401);
      const file = ws.file('jwks.json');
      fs.writeFileSync(file, JSON.stringify({ keys: [...iss.jwks.keys, ...rotated.jwks.keys] }));
      // A modification time the file system tells apart from the first write's.
      const later = new Date(Date.now() + 5_000);
      fs.utimesSync(file, later, later);
      assert.equal((await call('/jwt', { authorization: token })).status, 200);
    });
  });

  describe('Lambda REQUEST authorizers', () => {
    it('a missing or empty identity source is 401 without calling the function', async () => {
      for (const [path, headers] of [
        ['/simple?tenant=t', {}],
        ['/simple', { 'x-token': 'a' }],
        ['/simple?tenant=', { 'x-token': 'a' }],
        ['/simple?tenant=t', { 'x-token': '' }],
      ] as const) {
        const r = await call(path, headers);
        assert.equal(r.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.deepEqual(r.body, { message: 'Unauthorized' });
        assert.equal(authorizerCalls(r.id), 0);
      }
    });

    it('simple responses: isAuthorized true passes its context to the integration as it is, false is 403', async () => {
      const r = await call('/simple?tenant=t1', { 'x-token': 'open' });
      assert.equal(r.status, 200);
      const lambda = r.body.requestContext.authorizer.lambda;
      assert.deepEqual(
        { ...lambda, calls: undefined },
        { calls: undefined, str: 's', num: 1, bool: true, arr: ['a', 'b'], map: { k: 'v' } },
      );
      // `$context.authorizer.numKey returns the 1 … boolKey returns true` (http-api-logging-variables.html).
      assert.equal(r.log.num, '1');
      assert.equal(r.log.bool, 'true');
      const no = await call('/simple?tenant=t1', { 'x-token': 'closed' });
      assert.equal(no.status, 403);
      assert.deepEqual(no.body, { message: 'Forbidden' });
    });

    it('caching: keyed by every identity value, for all routes of the authorizer, denials too; TTL 0 caches nothing', async () => {
      const first = await call('/simple?tenant=cache', { 'x-token': 'open' });
      const calls = first.body.requestContext.authorizer.lambda.calls;
      const again = await call('/simple/other?tenant=cache', { 'x-token': 'open' });
      assert.equal(authorizerCalls(again.id), 0, 'another route, the same identity values: cached');
      assert.equal(again.body.requestContext.authorizer.lambda.calls, calls);
      const otherTenant = await call('/simple?tenant=cache2', { 'x-token': 'open' });
      assert.equal(authorizerCalls(otherTenant.id), 1, 'another value of the second source: called');
      assert.equal((await call('/simple?tenant=cache', { 'x-token': 'closed' })).status, 403);
      const denied = await call('/simple?tenant=cache', { 'x-token': 'closed' });
      assert.equal(denied.status, 403);
      assert.equal(authorizerCalls(denied.id), 0, 'a denial is cached too');
      clock.advance(300_000);
      assert.equal(authorizerCalls((await call('/simple?tenant=cache', { 'x-token': 'open' })).id), 1, 'after the TTL');
      for (let i = 0; i < 2; i++)
        assert.equal(authorizerCalls((await call('/nocache', { 'x-token': 'open' })).id), 1, 'TTL 0: every time');
    });

    it('IAM policies: the route ARN against Resource wildcards (* and ?), an explicit Deny wins, no Allow is 403', async () => {
      const expect = async (token: string, method: string, path: string, status: number) =>
        assert.equal((await call(path, { 'x-token': token }, method)).status, status, `${token} ${method} ${path}`);
      await expect('all', 'POST', '/items/1', 200);
      await expect('get-only', 'GET', '/items/1', 200);
      // The same cached policy, applied to another route's ARN.
      await expect('get-only', 'POST', '/items/1', 403);
      await expect('deny-admin', 'GET', '/items/1', 200);
      await expect('deny-admin', 'GET', '/admin', 403);
      await expect('one-char', 'GET', '/items/7', 200);
      await expect('one-char', 'GET', '/items/77', 403);
      const r = await call('/items/1', { 'x-token': 'all' });
      assert.equal(r.body.requestContext.authorizer.principalId, 'user-all');
      assert.deepEqual({ ...r.body.requestContext.authorizer.lambda, calls: 0 }, { calls: 0, num: 7, bool: false });
      assert.equal(r.log.principal, 'user-all');
      assert.equal(r.log.bool, 'false');
    });

    it('payload 1.0: the 1.0 event (identitySource joined by commas, methodArn), a policy answer', async () => {
      const r = await call('/v1/3', { 'x-token': 'all' });
      assert.equal(r.status, 200);
      const event = api.request(r.id)!.invocations.find((i) => i.kind === 'authorizer')!.event as any;
      assert.equal(event.version, '1.0');
      assert.equal(event.identitySource, 'all');
      assert.equal(event.authorizationToken, 'all');
      assert.match(event.methodArn, /:local\/\$default\/GET\/v1\/3$/);
      assert.equal(r.body.requestContext.authorizer.principalId, 'user-all');
      assert.equal((await call('/v1/3', { 'x-token': 'get-only' })).status, 200);
    });

    it('an authorizer that fails, answers neither form or times out is 500 (an `Unauthorized` error too)', async () => {
      for (const token of ['boom', 'garbage', 'slow', 'unauth']) {
        const r = await call('/items/1', { 'x-token': token });
        assert.equal(r.status, 500, token);
        assert.deepEqual(r.body, { message: 'Internal Server Error' });
        assert.notEqual(r.log.error, '-', `${token}: $context.authorizer.error says why`);
      }
      // Nothing of a failure is cached.
      assert.equal(authorizerCalls((await call('/items/1', { 'x-token': 'boom' })).id), 1);
    });
  });

  it('AWS_IAM: $context.identity.* of the signing credentials, as for routes that use IAM authorization', async () => {
    const url = new URL(`${api.url}/iam`);
    const signed = await executeApiSigner(CRED).sign(signable(url), { signingDate: new Date(clock.now()) });
    const r = await call('/iam', signed.headers as Record<string, string>);
    assert.equal(r.status, 200);
    assert.equal(r.body.requestContext.authorizer.iam.userArn, CRED.userArn);
    assert.equal(r.log.userArn, CRED.userArn);
    assert.equal(r.log.account, '123456789012');
    assert.equal(r.log.caller, CRED.accessKeyId);
    assert.equal(r.log.user, CRED.accessKeyId);
    const unsigned = await call('/iam');
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.log.userArn, '-');
  });
});

describe('local API: a WebSocket API authorizer, on $connect only', () => {
  const WS_SPEC = JSON.stringify({
    version: 1,
    api: { name: 'wsgate', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
    integrations: {
      fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:fn' },
    },
    authorizers: {
      gate: {
        type: 'REQUEST',
        uri: 'arn:aws:lambda:us-east-1:123456789012:function:gate',
        identitySources: ['route.request.querystring.token', 'route.request.header.x-tenant'],
      },
    },
    routes: {
      $connect: { integration: 'fn', authorizer: 'gate' },
      $default: { integration: 'fn', routeResponseSelectionExpression: '$default' },
    },
    stages: { dev: {} },
  });
  // REST's and WebSocket's authorizer: a policy; an `Unauthorized` error for a refusal (the page's own example).
  const GATE = `let calls = 0;
exports.handler = async (event) => {
  calls++;
  const token = event.queryStringParameters.token;
  if (token === 'unauth') throw new Error('Unauthorized');
  if (token === 'boom') throw new Error('boom');
  const context = token === 'object' ? { nested: { a: 1 } } : token === 'list' ? { list: [1] } : token === 'big' ? { pad: 'x'.repeat(8200) } : token === 'fits' ? { pad: 'x'.repeat(7800) } : { calls, n: 1, ok: true };
  return { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: token === 'deny' ? 'Deny' : 'Allow', Resource: event.methodArn }] }, context };
};`;
  const FN =
    'exports.handler = async (event) => ({ statusCode: 200, body: event.requestContext.eventType === "MESSAGE" ? JSON.stringify(event.requestContext.authorizer) : undefined });\n';
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    ws = localWorkspace({
      'wsgate.apigw.json': WS_SPEC,
      'wsgate.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n  gate: { handler: gate.js }\n',
      'fn.js': FN,
      'gate.js': GATE,
    });
    api = await startLocalApi({ specPath: ws.file('wsgate.apigw.json'), stage: 'dev', port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  const connect = (token: string | undefined, tenant: string | null = 't1') =>
    open(
      `${api.wsUrl}${token === undefined ? '' : `?token=${token}`}`,
      undefined,
      tenant ? { 'x-tenant': tenant } : {},
    );
  const gateCalls = () =>
    api
      .requests()
      .flatMap((r) => api.request(r.requestId)?.invocations ?? [])
      .filter((i) => i.kind === 'authorizer').length;

  it('identity sources from the query string and headers: one missing or empty is 401 without a call', async () => {
    const before = gateCalls();
    await assert.rejects(connect(undefined), /HTTP 401/);
    await assert.rejects(connect(''), /HTTP 401/);
    await assert.rejects(connect('ok', null), /HTTP 401/);
    await assert.rejects(connect('ok', ''), /HTTP 401/);
    assert.equal(gateCalls(), before);
  });

  it('a Deny is 403, an `Unauthorized` error 401, another error 500; a JSON object or array in the context 500', async () => {
    await assert.rejects(connect('deny'), /HTTP 403/);
    await assert.rejects(connect('unauth'), /HTTP 401/);
    await assert.rejects(connect('boom'), /HTTP 500/);
    await assert.rejects(connect('object'), /HTTP 500/);
    await assert.rejects(connect('list'), /HTTP 500/);
  });

  it("a result over AWS's 8 KB (WebSocket quota, not adjustable) is 500; one within it connects", async () => {
    await assert.rejects(connect('big'), /HTTP 500/);
    const last = api.requests().at(-1)!;
    assert.match(
      JSON.stringify(api.request(last.requestId)),
      /over API Gateway's 8192 for a WebSocket API's authorizer/,
    );
    const fits = await connect('fits');
    fits.ws.close();
    await fits.closed;
  });

  it('runs once per connection, never for messages; no result caching (HTTP APIs only); its context reaches every message', async () => {
    const a = await connect('ok');
    const b = await connect('ok');
    const calls = gateCalls();
    a.ws.send(JSON.stringify({ action: 'x' }));
    a.ws.send(JSON.stringify({ action: 'y' }));
    while (a.messages.length < 2) await new Promise((r) => setTimeout(r, 10));
    assert.equal(gateCalls(), calls, 'messages do not call the authorizer');
    const context = JSON.parse(a.messages[0]!) as Record<string, unknown>;
    assert.equal(context.principalId, 'me');
    assert.equal(context.n, 1);
    assert.equal(context.ok, true);
    b.ws.send(JSON.stringify({ action: 'x' }));
    while (b.messages.length < 1) await new Promise((r) => setTimeout(r, 10));
    assert.notEqual(
      (JSON.parse(b.messages[0]!) as { calls: number }).calls,
      context.calls,
      'the second connection called the authorizer again',
    );
    a.ws.close();
    b.ws.close();
  });
});

// A model given to the library is not validated (the spec engine refuses such an authorizer, APIGW509): without
// identity sources there is no cache key, and AWS caches only with one ("To enable caching, your authorizer must have
// at least one identity source").
describe('local API: an authorizer without identity sources, its resultTtlSeconds notwithstanding', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  before(async () => {
    ws = localWorkspace({ 'echo.js': ECHO, 'simple.js': SIMPLE });
    api = await startLocalApi({
      spec: {
        version: 1,
        api: { name: 'nokey', protocol: 'HTTP' },
        integrations: { echo: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:echo' } },
        authorizers: {
          anyone: {
            type: 'REQUEST',
            uri: 'arn:aws:lambda:us-east-1:123456789012:function:simple',
            payloadFormatVersion: '2.0',
            enableSimpleResponses: true,
            resultTtlSeconds: 300,
          },
        },
        routes: { 'GET /x': { integration: 'echo', authorizer: 'anyone' } },
      },
      handlers: { functions: { echo: { handler: 'echo.js' }, simple: { handler: 'simple.js' } } },
      handlersDir: ws.dir,
      port: 0,
      watch: false,
    });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('calls the authorizer for every request', async () => {
    const calls: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${api.url}/x`);
      assert.equal(res.status, 200);
      calls.push(((await res.json()) as any).requestContext.authorizer.lambda.calls);
    }
    assert.deepEqual(calls, [1, 2]);
  });
});

describe("JWT authorizers' keys: AWS's quotas on the issuer's endpoints", () => {
  let server: http.Server;
  let base: string;
  const iss = testIssuer('https://unused.example.com');

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/slow/.well-known/openid-configuration') return; // never answers
      if (req.url === '/ok/.well-known/openid-configuration')
        return void res.end(JSON.stringify({ jwks_uri: `${base}/ok/jwks` }));
      if (req.url === '/ok/jwks') return void res.end(JSON.stringify(iss.jwks));
      if (req.url === '/big/.well-known/openid-configuration')
        return void res.end(JSON.stringify({ jwks_uri: `${base}/big/jwks` }));
      if (req.url === '/big/jwks') return void res.end(JSON.stringify({ keys: [], pad: 'x'.repeat(MAX_JWKS_BYTES) }));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('discovery then jwks_uri; over 150,000 bytes or 1,500 ms is refused', async () => {
    const cache = new JwksCache(() => Date.now());
    const keys = await cache.get({ issuer: `${base}/ok` });
    assert.equal(keys.keys[0]!.kid, 'k1');
    await assert.rejects(cache.get({ issuer: `${base}/big` }), /over API Gateway's 150000/);
    const started = Date.now();
    await assert.rejects(cache.get({ issuer: `${base}/slow` }), /1500 ms/);
    const took = Date.now() - started;
    // A floor only: the refusal comes no sooner than AWS's timeout; how much later depends on the machine's load.
    assert.ok(took >= JWKS_FETCH_TIMEOUT_MS - 50, `${took} ms`);
  });

  it('checkJwt at its boundaries: exp equal to now has expired, nbf equal to now is valid', () => {
    const now = 1_700_000_000_000;
    const check = (c: Record<string, unknown>) =>
      checkJwt({
        token: iss.sign({ iss: iss.issuer, aud: 'a', ...c }),
        issuer: iss.issuer,
        audience: ['a'],
        scopes: undefined,
        now,
        keys: iss.jwks as never,
      }).ok;
    assert.equal(check({ exp: now / 1000 }), false);
    assert.equal(check({ exp: now / 1000 + 1, nbf: now / 1000, iat: now / 1000 }), true);
  });
});
