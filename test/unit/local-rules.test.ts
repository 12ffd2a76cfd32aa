// The local API's decisions without sockets: route selection as a table of AWS's documented cases, selection
// expressions and parameter mapping, CORS, JWT checks, Lambda authorizer verdicts and caching, SigV4 recomputed with
// the SDK's signer, WebSocket route selection and the frame quota, and the mapping file.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { GatewaySpec, Route } from '../../src/core/gatewaySpec/model';
import { isPreflight, preflightResponse, withCorsHeaders } from '../../src/core/local/cors';
import { evaluate } from '../../src/core/local/expressions';
import { handlerExportOf, mappingFileNames, parseMapping, unmappedFunctions } from '../../src/core/local/handlers';
import { handlerSkeleton, MAX_CHECKED_PATHS, mappingPathProblems } from '../../src/core/local/mappingPaths';
import { checkJwt } from '../../src/core/local/jwt';
import {
  AuthorizerCache,
  decide,
  identityValues,
  readVerdict,
  routeArn,
  wildcardMatch,
} from '../../src/core/local/lambdaAuthorizer';
import { integrationUrl, mapRequest, mapResponse } from '../../src/core/local/paramMapping';
import { requestModelProblem } from '../../src/core/local/requestModels';
import { buildRouter, matchRoute } from '../../src/core/local/routes';
import { executeApiRefusal, verifySigV4 } from '../../src/core/local/sigv4';
import { executeApiSigner, signable } from '../support/sigv4';
import {
  FrameScanner,
  selectWsRoute,
  webSocketUrlTooLong,
  wsErrorFrame,
  type ClientClose,
} from '../../src/core/local/websocket';
import { testIssuer } from '../support/jwt';
import { hangGuard } from './hangGuard';
import { REPO_ROOT } from './helpers';

function httpSpec(routes: string[]): GatewaySpec {
  return {
    version: 1,
    api: { name: 't', protocol: 'HTTP' },
    routes: Object.fromEntries(routes.map((k) => [k, { integration: 'i' }])),
  };
}

describe('local API routing (AWS: "Routing API requests", http-api-develop-routes.html)', () => {
  // The example routes and requests of AWS's page, then the rules it states (exact before variables, greedy last,
  // ANY for methods not defined, $default as the catch-all) and our documented readings (docs/LOCAL.md#routing).
  const aws = buildRouter(
    httpSpec(['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default']),
  );
  const table: Array<[string, string, string | undefined, Record<string, string>?]> = [
    ['GET', '/pets/dog/1', 'GET /pets/dog/1'],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
    ['POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
    ['POST', '/pets/dog/1', 'ANY /{proxy+}', { proxy: 'pets/dog/1' }],
    ['GET', '/', '$default'],
  ];
  for (const [method, path, expected, params] of table)
    it(`${method} ${path} → ${expected}`, () => {
      const m = matchRoute(aws, method, path);
      assert.equal(m?.routeKey, expected);
      if (params) assert.deepEqual(m?.pathParameters, params);
    });

  const own = buildRouter(
    httpSpec([
      'GET /orders',
      'GET /orders/{id}',
      'ANY /orders/{id}',
      'GET /orders/{id}/items',
      'GET /orders/special',
      'GET /files/{path+}',
      'GET /',
    ]),
  );
  const rules: Array<[string, string, string | undefined]> = [
    ['GET', '/orders/special', 'GET /orders/special'],
    ['GET', '/orders/42', 'GET /orders/{id}'],
    ['DELETE', '/orders/42', 'ANY /orders/{id}'],
    ['GET', '/orders/42/items', 'GET /orders/{id}/items'],
    ['GET', '/orders/', undefined],
    ['GET', '/Orders', undefined],
    ['POST', '/orders', undefined],
    ['HEAD', '/orders', undefined],
    ['GET', '/files/a/b/c.txt', 'GET /files/{path+}'],
    ['GET', '/files', undefined],
    ['GET', '/', 'GET /'],
    ['GET', '/orders/a%2Fb', undefined],
    ['GET', '/orders/hello%20world', 'GET /orders/{id}'],
  ];
  for (const [method, path, expected] of rules)
    it(`${method} ${path} → ${expected ?? '404 Not Found'}`, () =>
      assert.equal(matchRoute(own, method, path)?.routeKey, expected));

  it('path parameters are percent-decoded', () => {
    assert.deepEqual(matchRoute(own, 'GET', '/orders/hello%20world')?.pathParameters, { id: 'hello world' });
  });
});

describe('local API selection expressions and parameter mapping', () => {
  const src = {
    header: (n: string) => ({ 'x-a': 'A', authorization: 'tok' })[n.toLowerCase()],
    querystring: (n: string) => ({ q: '1,2' })[n],
    pathParameter: (n: string) => ({ id: '42' })[n],
    path: '/orders/42',
    body: JSON.stringify({ a: { b: [{ c: 'deep' }] }, action: 'join' }),
    context: (n: string) => ({ requestId: 'rid', 'identity.sourceIp': '1.2.3.4' })[n],
    stageVariables: { env: 'dev' },
  };

  it('evaluates unwrapped, wrapped, JSON path, static and escaped forms', () => {
    assert.equal(evaluate('$request.header.X-A', src), 'A');
    assert.equal(evaluate('${request.path.id}-${context.requestId}', src), '42-rid');
    assert.equal(evaluate('$request.body.a.b[0].c', src), 'deep');
    assert.equal(evaluate('${request.body.action}-${request.body.nope}', src), 'join-');
    assert.equal(evaluate('static', src), 'static');
    assert.equal(evaluate('\\$default', src), '$default');
    assert.equal(evaluate('$stageVariables.env', src), 'dev');
    assert.equal(evaluate('$request.header.missing', src), undefined);
  });

  it('request parameters: overwrite, append, remove of headers and query, overwrite of the path; reserved headers untouched', () => {
    const out = mapRequest(
      {
        method: 'GET',
        path: '/a',
        query: [
          ['keep', '1'],
          ['drop', '2'],
        ],
        headers: [
          ['x-old', 'o'],
          ['x-multi', '1'],
          ['Authorization', 'secret'],
        ],
      },
      {
        'overwrite:header.x-multi': '$request.header.x-a',
        'append:header.x-new': '${context.requestId}',
        'remove:header.x-old': "''",
        'remove:querystring.drop': "''",
        'append:querystring.keep': '$stageVariables.env',
        'overwrite:path': 'v2/$request.path.id',
        'overwrite:header.authorization': 'nope',
      },
      src,
    );
    assert.deepEqual(out.headers, [
      ['Authorization', 'secret'],
      ['x-multi', 'A'],
      ['x-new', 'rid'],
    ]);
    assert.deepEqual(out.query, [
      ['keep', '1'],
      ['keep', 'dev'],
    ]);
    assert.equal(out.path, '/v2/$request.path.id');
    assert.equal(
      mapRequest({ method: 'GET', path: '/', query: [], headers: [] }, { 'overwrite:path': '$request.path' }, src).path,
      '/orders/42',
    );
  });

  it('response parameters apply to their status code only: status overwrite, header append', () => {
    const params = {
      '500': { 'overwrite:statuscode': '403', 'append:header.x-err': '$context.requestId' },
      '404': { 'append:header.error': '$stageVariables.env' },
    };
    assert.deepEqual(mapResponse({ statusCode: 500, headers: [] }, params, src), {
      statusCode: 403,
      headers: [['x-err', 'rid']],
    });
    assert.deepEqual(mapResponse({ statusCode: 200, headers: [['a', 'b']] }, params, src), {
      statusCode: 200,
      headers: [['a', 'b']],
    });
  });

  it('a status overwrite to an interim 1xx status is left out: the answer keeps its own', () => {
    const params = { '500': { 'overwrite:statuscode': '101' } };
    assert.deepEqual(mapResponse({ statusCode: 500, headers: [] }, params, src), { statusCode: 500, headers: [] });
  });

  it('integration URLs take path variables and stage variables', () => {
    assert.equal(
      integrationUrl('https://b.example.com/${stageVariables.env}/{proxy}', { proxy: 'a b/c' }, { env: 'dev' }),
      'https://b.example.com/dev/a%20b/c',
    );
  });
});

describe('local API CORS', () => {
  const cors = {
    allowOrigins: ['https://shop.example.com'],
    allowMethods: ['GET' as const, 'POST' as const],
    allowHeaders: ['authorization'],
    exposeHeaders: ['x-request-id'],
    allowCredentials: true,
    maxAge: 600,
  };
  it('answers preflights for allowed origins, without CORS headers for others', () => {
    const h: Array<[string, string]> = [
      ['Origin', 'https://shop.example.com'],
      ['Access-Control-Request-Method', 'POST'],
    ];
    assert.equal(isPreflight('OPTIONS', h), true);
    assert.equal(isPreflight('OPTIONS', [['Origin', 'x']]), false);
    const ok = preflightResponse(cors, h);
    assert.equal(ok.statusCode, 204);
    assert.deepEqual(Object.fromEntries(ok.headers), {
      'access-control-allow-origin': 'https://shop.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'authorization',
      'access-control-max-age': '600',
    });
    assert.deepEqual(
      preflightResponse(cors, [
        ['Origin', 'https://evil.example'],
        ['Access-Control-Request-Method', 'GET'],
      ]).headers,
      [],
    );
  });
  it("replaces the integration's CORS headers with the API's", () => {
    const res = withCorsHeaders(cors, [['origin', 'https://shop.example.com']], {
      statusCode: 200,
      headers: [
        ['Access-Control-Allow-Origin', '*'],
        ['x', 'y'],
      ],
      body: Buffer.alloc(0),
    });
    assert.deepEqual(res.headers, [
      ['x', 'y'],
      ['access-control-allow-origin', 'https://shop.example.com'],
      ['access-control-allow-credentials', 'true'],
      ['access-control-expose-headers', 'x-request-id'],
    ]);
  });
});

describe('local API JWT authorizer decisions', () => {
  const iss = testIssuer();
  const now = 1_700_000_000_000;
  const good = { iss: iss.issuer, aud: 'client1', exp: now / 1000 + 60, scope: 'orders/read profile' };
  const check = (token: string | undefined, over: Partial<Parameters<typeof checkJwt>[0]> = {}) =>
    checkJwt({
      token,
      issuer: iss.issuer,
      audience: ['client1'],
      scopes: ['orders/read'],
      now,
      keys: iss.jwks as never,
      ...over,
    });

  it('accepts a valid token and passes its claims as strings and its scopes', () => {
    const d = check(iss.sign({ ...good, groups: ['a', 'b'], n: 5 }));
    assert.equal(d.ok, true);
    if (d.ok) {
      assert.equal(d.claims.groups, '[a b]');
      assert.equal(d.claims.n, '5');
      assert.deepEqual(d.scopes, ['orders/read', 'profile']);
    }
  });

  const denials: Array<[string, () => ReturnType<typeof checkJwt>, 401 | 403, RegExp]> = [
    ['no token', () => check(undefined), 401, /no token/],
    ['not a JWT', () => check('abc'), 401, /not a JWT/],
    ['wrong audience', () => check(iss.sign({ ...good, aud: 'other' })), 401, /valid audience/],
    ['wrong issuer', () => check(iss.sign({ ...good, iss: 'https://other' })), 401, /valid issuer/],
    ['expired', () => check(iss.sign({ ...good, exp: now / 1000 - 1 })), 401, /expired/],
    ['not yet valid', () => check(iss.sign({ ...good, nbf: now / 1000 + 30 })), 401, /not valid yet/],
    ['missing scope', () => check(iss.sign({ ...good, scope: 'profile' })), 403, /expected scopes/],
    ['another key', () => check(testIssuer(iss.issuer).sign(good)), 401, /signature is invalid/],
    ['unknown kid', () => check(iss.sign(good, { kid: 'zz' })), 401, /kid/],
    ['HS256', () => check(iss.sign(good, { alg: 'HS256' })), 401, /signing method HS256/],
  ];
  for (const [name, run, status, reason] of denials)
    it(`denies ${name} with ${status} and a www-authenticate reason`, () => {
      const d = run();
      assert.equal(d.ok, false);
      if (!d.ok) {
        assert.equal(d.status, status);
        assert.match(d.reason, reason);
        assert.match(
          d.wwwAuthenticate,
          /^Bearer scope="[^"]*" error="(invalid_token|insufficient_scope)" error_description=/,
        );
      }
    });

  it('client_id stands for aud; `Bearer ` prefix is optional; skipSignature checks claims only', () => {
    assert.equal(check(iss.sign({ ...good, aud: undefined, client_id: 'client1' })).ok, true);
    assert.equal(check(testIssuer(iss.issuer).sign(good), { skipSignature: true }).ok, true);
    assert.equal(check(testIssuer(iss.issuer).sign({ ...good, exp: 1 }), { skipSignature: true }).ok, false);
  });
});

describe('local API Lambda authorizer decisions', () => {
  const arn = routeArn({ region: 'us-east-1', accountId: '123456789012', apiId: 'abc', stage: 'dev' }, 'GET/orders/42');

  it('identity sources: all present gives their values, one missing gives undefined (401 without a call)', () => {
    const src = {
      header: (n: string) => (n.toLowerCase() === 'auth' ? 't' : undefined),
      querystring: (n: string) => (n === 'token' ? 'q' : undefined),
    };
    assert.deepEqual(identityValues(['$request.header.Auth', '$request.querystring.token'], src), ['t', 'q']);
    assert.deepEqual(identityValues(['route.request.querystring.token'], src), ['q']);
    assert.equal(identityValues(['$request.header.Auth', '$request.header.missing'], src), undefined);
  });

  it('simple responses allow or deny; IAM policies: explicit Deny wins, wildcards match the route ARN', () => {
    assert.equal(decide(readVerdict({ isAuthorized: true, context: { u: 1 } }, true), arn).allow, true);
    assert.equal(decide(readVerdict({ isAuthorized: false }, true), arn).allow, false);
    assert.equal(readVerdict({ isAuthorized: true }, false).kind, 'invalid');
    const policy = (statements: unknown[]) =>
      readVerdict(
        { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: statements }, context: { k: 'v' } },
        false,
      );
    const allowAll = {
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc/dev/*',
    };
    const d = decide(policy([allowAll]), arn);
    assert.deepEqual(d, { allow: true, context: { k: 'v' }, principalId: 'me' });
    assert.equal(
      decide(
        policy([allowAll, { Effect: 'Deny', Action: '*', Resource: ['arn:aws:execute-api:*:*:abc/dev/GET/orders/*'] }]),
        arn,
      ).allow,
      false,
    );
    assert.equal(
      decide(policy([{ ...allowAll, Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc/dev/POST/*' }]), arn)
        .allow,
      false,
    );
    assert.equal(readVerdict('yes', true).kind, 'invalid');
  });

  // Before: each wildcard became `.*` of a regular expression that backtracked every way: `*a` ten times then `*b`
  // against a 60-character ARN took minutes, with the whole local API waiting. A hang guard, not a speed assertion.
  it(
    'matches policy wildcards as a regular expression of .* and . would, without backtracking',
    hangGuard(60_000, () => {
      const reference = (pattern: string, value: string) =>
        new RegExp(
          `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(value);
      let seed = 3;
      const next = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
      let matches = 0;
      for (let t = 0; t < 20_000; t++) {
        const pattern = Array.from({ length: next(7) }, () => 'ab*?.'[next(5)]).join('');
        const value = Array.from({ length: next(7) }, () => 'ab.'[next(3)]).join('');
        const want = reference(pattern, value);
        if (want) matches++;
        assert.equal(wildcardMatch(pattern, value), want, `${pattern} on ${value}`);
      }
      assert.ok(matches > 1_000, `${matches} of the cases match`);
      const deny = { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${'*a'.repeat(40)}*b` };
      const allow = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };
      const verdict = readVerdict(
        { principalId: 'me', policyDocument: { Version: '2012-10-17', Statement: [deny, allow] } },
        false,
      );
      assert.equal(decide(verdict, arn).allow, true, 'the Deny does not match: the ARN has fewer than 40 a');
    }),
  );

  it('caches verdicts for the TTL on the injected clock, per authorizer and identity', () => {
    let now = 0;
    const cache = new AuthorizerCache(() => now);
    const v = readVerdict({ isAuthorized: true }, true);
    cache.set('a', ['t1'], v, 5);
    cache.set('a', ['t2'], v, 0);
    assert.equal(cache.get('a', ['t1']), v);
    assert.equal(cache.get('a', ['t2']), undefined);
    assert.equal(cache.get('b', ['t1']), undefined);
    now = 4999;
    assert.equal(cache.get('a', ['t1']), v);
    now = 5000;
    assert.equal(cache.get('a', ['t1']), undefined);
  });
});

describe('local API SigV4 verification', () => {
  const cred = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };
  async function signed(secret: string, date: Date, service = 'execute-api') {
    const req = await executeApiSigner({ ...cred, secretAccessKey: secret }, { service }).sign(
      signable(new URL('http://127.0.0.1:3000/dev/events%20x'), {
        method: 'POST',
        query: { a: 'b c' },
        headers: { 'content-type': 'application/json' },
        body: '{"x":1}',
      }),
      { signingDate: date },
    );
    return {
      method: 'POST',
      rawPath: '/dev/events%20x',
      rawQueryString: 'a=b%20c',
      headers: Object.entries(req.headers) as Array<[string, string]>,
      body: Buffer.from('{"x":1}'),
      host: '127.0.0.1:3000',
    };
  }
  it('accepts the SDK signer’s signature, refuses another secret, an unknown key, a stale date and no signature', async () => {
    const now = Date.UTC(2024, 0, 1, 12);
    assert.equal((await verifySigV4(await signed(cred.secretAccessKey, new Date(now)), [cred], now)).ok, true);
    const wrong = await verifySigV4(await signed('other', new Date(now)), [cred], now);
    assert.equal(wrong.ok, false);
    if (!wrong.ok) assert.match(wrong.message, /signature we calculated does not match/);
    assert.equal(
      (
        await verifySigV4(
          await signed(cred.secretAccessKey, new Date(now)),
          [{ ...cred, accessKeyId: 'AKIDOTHER' }],
          now,
        )
      ).ok,
      false,
    );
    const stale = await verifySigV4(await signed(cred.secretAccessKey, new Date(now - 16 * 60_000)), [cred], now);
    assert.equal(!stale.ok && stale.message, 'Signature expired');
    assert.equal(
      (
        await verifySigV4(
          { method: 'GET', rawPath: '/', rawQueryString: '', headers: [], body: Buffer.alloc(0), host: 'h' },
          [cred],
          now,
        )
      ).ok,
      false,
    );
  });

  // The SDK's signer leaves User-Agent and Sec-* headers out unless told to sign them; a client that lists them in
  // SignedHeaders (AWS signs whatever the list names) was refused with a mismatch.
  it('signs every header the client lists, User-Agent and Sec-WebSocket-Key too', async () => {
    const now = Date.UTC(2024, 0, 1, 12);
    const headers = { 'user-agent': 'ua/1', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    const req = await executeApiSigner(cred, { applyChecksum: false }).sign(
      signable(new URL('http://127.0.0.1:3000/dev'), { headers }),
      { signingDate: new Date(now), signableHeaders: new Set(['user-agent', 'sec-websocket-key']) },
    );
    assert.match(String(req.headers.authorization), /SignedHeaders=host;sec-websocket-key;user-agent;x-amz-date,/);
    const d = await verifySigV4(
      {
        method: 'GET',
        rawPath: '/dev',
        rawQueryString: '',
        headers: Object.entries(req.headers) as Array<[string, string]>,
        body: Buffer.alloc(0),
        host: '127.0.0.1:3000',
      },
      [cred],
      now,
    );
    assert.equal(d.ok, true, d.ok ? '' : d.reason);
  });

  // A browser's WebSocket cannot set headers: it signs the URL (X-Amz-* parameters, SignedHeaders=host), as the SDK's
  // presign and Amplify's Signer.signUrl do. Such a request was refused as unsigned.
  it('takes a request signed in its query string, within X-Amz-Expires; a changed query, an expired URL and over 7 days are refused', async () => {
    const now = Date.UTC(2024, 0, 1, 12);
    const presigned = async (signedAt: number, expiresIn: number, extra = '') => {
      const r = await executeApiSigner(cred).presign(
        signable(new URL('http://127.0.0.1:3000/dev'), { query: { room: 'a b' } }),
        { signingDate: new Date(signedAt), expiresIn },
      );
      const query = new URLSearchParams(r.query as Record<string, string>).toString().replace(/\+/g, '%20');
      return {
        method: 'GET',
        rawPath: '/dev',
        rawQueryString: query + extra,
        headers: [['host', '127.0.0.1:3000']] as Array<[string, string]>,
        body: Buffer.alloc(0),
        host: '127.0.0.1:3000',
      };
    };
    const ok = await verifySigV4(await presigned(now, 300), [cred], now);
    assert.equal(ok.ok, true, ok.ok ? '' : ok.reason);
    // Valid for X-Amz-Expires after its date, longer than the 15 minutes a header's date may be off.
    assert.equal((await verifySigV4(await presigned(now - 50 * 60_000, 3600), [cred], now)).ok, true);
    const expired = await verifySigV4(await presigned(now - 61 * 60_000, 3600), [cred], now);
    assert.deepEqual(!expired.ok && [expired.message, expired.reason], [
      'Signature expired',
      'the presigned request expired 3600 s after its X-Amz-Date',
    ]);
    const changed = await verifySigV4(await presigned(now, 300, '&room=b'), [cred], now);
    assert.equal(!changed.ok && changed.failure.kind, 'mismatch');
    // The SDK will not presign for longer ("must have an expiration date less than one week in the future").
    const long = await presigned(now, 300);
    long.rawQueryString = long.rawQueryString.replace('X-Amz-Expires=300', 'X-Amz-Expires=604801');
    const week = await verifySigV4(long, [cred], now);
    assert.equal(!week.ok && week.reason, "X-Amz-Expires 604801 is over SigV4's 604800 seconds (7 days)");
    // Without X-Amz-Expires (AWS support's example URL has none) the date must be as near now as a header's.
    const bare = await presigned(now, 300);
    const noExpires = { ...bare, rawQueryString: bare.rawQueryString.replace(/&?X-Amz-Expires=300/, '') };
    assert.equal((await verifySigV4(noExpires, [cred], now)).ok, false, 'X-Amz-Expires is signed too');
  });

  it("words @connections refusals as AWS's execute-api front door does", async () => {
    const now = Date.UTC(2024, 3, 25, 10, 21, 38);
    const refusal = async (secret: string, date: Date, service = 'execute-api') => {
      const d = await verifySigV4(await signed(secret, date, service), [cred], now, {
        maxSkewMs: 5 * 60_000,
        service: 'execute-api',
      });
      assert.equal(d.ok, false);
      return d.ok ? undefined : executeApiRefusal(d.failure);
    };
    // cognitect-labs/aws-api#255: "Signature expired: 20240425T100521Z is now earlier than 20240425T101638Z
    // (20240425T102138Z - 5 min.)".
    assert.deepEqual(await refusal(cred.secretAccessKey, new Date(Date.UTC(2024, 3, 25, 10, 5, 21))), {
      message: 'Signature expired: 20240425T100521Z is now earlier than 20240425T101638Z (20240425T102138Z - 5 min.)',
      errorType: 'InvalidSignatureException',
    });
    assert.deepEqual(await refusal(cred.secretAccessKey, new Date(now + 6 * 60_000)), {
      message:
        'Signature not yet current: 20240425T102738Z is still later than 20240425T102638Z (20240425T102138Z + 5 min.)',
      errorType: 'InvalidSignatureException',
    });
    assert.deepEqual(await refusal(cred.secretAccessKey, new Date(now), 'apigateway'), {
      message: "Credential should be scoped to correct service: 'execute-api'. ",
      errorType: 'InvalidSignatureException',
    });
    // The canonical request and string to sign AWS shows with a mismatch (okigan/awscurl#61), as the client signed.
    const mismatch = await refusal('other', new Date(now));
    assert.equal(mismatch?.errorType, 'InvalidSignatureException');
    assert.equal(
      mismatch?.message.split('\n\nThe String-to-Sign')[0],
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
        'Access Key and signing method. Consult the service documentation for details.\n\n' +
        "The Canonical String for this request should have been\n'POST\n/dev/events%2520x\na=b%20c\n" +
        'content-type:application/json\nhost:127.0.0.1:3000\nx-amz-content-sha256:' +
        createHash('sha256').update('{"x":1}').digest('hex') +
        '\nx-amz-date:20240425T102138Z\n\ncontent-type;host;x-amz-content-sha256;x-amz-date\n' +
        createHash('sha256').update('{"x":1}').digest('hex') +
        "'",
    );
    assert.match(
      mismatch?.message ?? '',
      /\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240425T102138Z\n20240425\/us-east-1\/execute-api\/aws4_request\n[0-9a-f]{64}'\n$/,
    );
    // AWS shows no line of the session token, though it lists it among the signed headers.
    const withToken = executeApiRefusal({
      kind: 'mismatch',
      canonicalRequest:
        'GET\n/dev\n\nhost:h\nx-amz-date:d\nx-amz-security-token:SECRET\n\nhost;x-amz-date;x-amz-security-token\nhash',
      stringToSign: 'sts',
    }).message;
    assert.ok(!withToken.includes('SECRET'));
    assert.ok(withToken.includes("'GET\n/dev\n\nhost:h\nx-amz-date:d\n\nhost;x-amz-date;x-amz-security-token\nhash'"));
    assert.deepEqual(executeApiRefusal({ kind: 'unsigned' }), {
      message: 'Missing Authentication Token',
      errorType: 'MissingAuthenticationTokenException',
    });
    assert.deepEqual(executeApiRefusal({ kind: 'unknown-key' }), {
      message: 'The security token included in the request is invalid.',
      errorType: 'AccessDeniedException',
    });
  });
});

describe('local API WebSocket rules', () => {
  const keys = new Set(['$connect', '$default', 'sendMessage', 'chat/join']);
  it('selects routes by the expression; non-JSON, unknown keys and $connect go to $default', () => {
    assert.equal(selectWsRoute('$request.body.action', '{"action":"sendMessage"}', keys), 'sendMessage');
    assert.equal(
      selectWsRoute('${request.body.service}/${request.body.action}', '{"service":"chat","action":"join"}', keys),
      'chat/join',
    );
    assert.equal(selectWsRoute('$request.body.action', 'not json', keys), '$default');
    assert.equal(selectWsRoute('$request.body.action', '{"action":"nope"}', keys), '$default');
    assert.equal(selectWsRoute('$request.body.action', '{"action":"$connect"}', keys), '$default');
    assert.equal(selectWsRoute('$request.body.action', '{"action":"nope"}', new Set(['sendMessage'])), undefined);
    // JSON without the key, or not an object: $default, else none.
    for (const body of ['{"other":1}', '"text"', '[1,2]', 'null'])
      assert.equal(selectWsRoute('$request.body.action', body, keys), '$default', body);
    assert.equal(selectWsRoute('$request.body.action', '{"other":1}', new Set(['sendMessage'])), undefined);
  });

  it('error frames are written as AWS writes them; the URL quota counts the request target', () => {
    assert.equal(
      wsErrorFrame('Forbidden', 'XDmENcnwIE0CFEQ=', 'XDmGEE2RoE0FRdQ='),
      '{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}',
    );
    assert.equal(webSocketUrlTooLong('/'.padEnd(4096, 'x'), 4096), undefined);
    assert.equal(
      webSocketUrlTooLong('/'.padEnd(4097, 'x'), 4096),
      "the URL is 4,097 characters, over API Gateway's WebSocket quota of 4,096",
    );
  });

  it("the frame scanner reads a client's close frame, across chunks; an invalid one is left to ws", () => {
    const close = (payload: number[], mask = [1, 2, 3, 4], first = 0x88) =>
      Buffer.from([first, 0x80 | payload.length, ...mask, ...payload.map((b, i) => b ^ mask[i % 4]!)]);
    const text = Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0x68, 0x69]);
    const read = (bytes: Buffer, step = 1) => {
      const got: ClientClose[] = [];
      const s = new FrameScanner(1024, (c) => got.push(c));
      for (let i = 0; i < bytes.length; i += step) s.push(bytes.subarray(i, i + step));
      return got;
    };
    const bye = [0x0f, 0xa0, ...Buffer.from('bye')];
    assert.deepEqual(read(Buffer.concat([text, close(bye)])), [{ code: 4000, reason: 'bye' }]);
    assert.deepEqual(read(Buffer.concat([text, close(bye)]), 100), [{ code: 4000, reason: 'bye' }]);
    assert.deepEqual(read(close([])), [{ code: 1005, reason: '' }]);
    // A code no client may send, a one-byte payload, bad UTF-8, an unmasked or fragmented close: ws's to refuse.
    for (const bad of [
      close([0x03, 0xed]),
      close([0x03]),
      close([0x03, 0xe8, 0xff]),
      Buffer.from([0x88, 0x02, 0x03, 0xe8]),
      close([0x03, 0xe8], [1, 2, 3, 4], 0x08),
    ])
      assert.deepEqual(read(bad), [], bad.toString('hex'));
  });

  // A JSON message between 100 KB and the 128 KB quota went to $default: the 100 KB cut of HTTP APIs' JSON paths
  // made it not JSON. AWS routes any JSON message by its key (websocket-api-develop-routes.html).
  it('routes a JSON message over 100 KB by its key, as well as its request model', () => {
    const big = JSON.stringify({ text: 'x'.repeat(110 * 1024), action: 'sendMessage' });
    assert.equal(selectWsRoute('$request.body.action', big, keys), 'sendMessage');
    const spec = {
      version: 1,
      api: { name: 'chat', protocol: 'WEBSOCKET' },
      models: { Message: { schema: { type: 'object', required: ['text'] } }, Other: { schema: { type: 'array' } } },
      routes: {},
    } as unknown as GatewaySpec;
    const route = {
      integration: 'fn',
      modelSelectionExpression: '$request.body.action',
      requestModels: { sendMessage: 'Message', $default: 'Other' },
    } as unknown as Route;
    assert.equal(requestModelProblem(spec, route, big), undefined);
  });

  it('the frame scanner finds a frame over the quota across chunk boundaries, and lets smaller ones pass', () => {
    const frame = (len: number) => {
      const head =
        len < 126
          ? [0x81, 0x80 | len]
          : len < 65536
            ? [0x81, 0x80 | 126, len >> 8, len & 255]
            : [0x81, 0x80 | 127, 0, 0, 0, 0, (len >>> 24) & 255, (len >> 16) & 255, (len >> 8) & 255, len & 255];
      return Buffer.concat([Buffer.from([...head, 1, 2, 3, 4]), Buffer.alloc(len)]);
    };
    const s = new FrameScanner(100);
    const stream = Buffer.concat([frame(10), frame(100), frame(3), frame(101)]);
    let found: number | undefined;
    for (let i = 0; i < stream.length && found === undefined; i += 7) found = s.push(stream.subarray(i, i + 7));
    assert.equal(found, 101);
    assert.equal(new FrameScanner(70000).push(frame(69999)), undefined);
    assert.equal(new FrameScanner(70000).push(frame(70001).subarray(0, 14)), 70001);
  });
});

describe('local API mapping file', () => {
  it('is found beside the spec by name', () => {
    assert.deepEqual(mappingFileNames('orders-api.apigw.yaml'), [
      'orders-api.apigw.local.yaml',
      'orders-api.apigw.local.yml',
      'orders-api.apigw.local.json',
    ]);
  });

  it('refuses bad entries with the file and field named', () => {
    assert.throws(() => parseMapping('functions:\n  f: {}\n', 'm.yaml'), /m\.yaml: functions\.f needs a handler/);
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.ts, timeout: -1 }\n', 'm.yaml'),
      /functions\.f\.timeout/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, root: [src] }\n', 'm.yaml'),
      /m\.yaml: functions\.f\.root is not a string/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, applicationLogLevel: DEBUG }\n', 'm.yaml'),
      /functions\.f\.applicationLogLevel needs logFormat: JSON/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, logFormat: json }\n', 'm.yaml'),
      /functions\.f\.logFormat is not Text or JSON/,
    );
    assert.throws(
      () =>
        parseMapping('functions:\n  f: { handler: a.py, logFormat: JSON, applicationLogLevel: VERBOSE }\n', 'm.yaml'),
      /applicationLogLevel is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, logFormat: JSON, systemLogLevel: ERROR }\n', 'm.yaml'),
      /systemLogLevel is not one of DEBUG, INFO, WARN/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, logFormat: Text, systemLogLevel: DEBUG }\n', 'm.yaml'),
      /functions\.f\.systemLogLevel needs logFormat: JSON/,
    );
    assert.throws(
      () => parseMapping('functions:\n  f: { handler: a.py, layers: layers/common }\n', 'm.yaml'),
      /functions\.f\.layers is not a list of folders/,
    );
    for (const memory of [64, 128.5, 10_241])
      assert.throws(
        () => parseMapping(`functions:\n  f: { handler: a.js, memory: ${memory} }\n`, 'm.yaml'),
        /m\.yaml: functions\.f\.memory is not a whole number of MB from 128 to 10240, as Lambda's memory is/,
        String(memory),
      );
    for (const memory of [128, 10_240])
      assert.equal(
        parseMapping(`functions:\n  f: { handler: a.js, memory: ${memory} }\n`, 'm.yaml').functions?.f?.memory,
        memory,
      );
    assert.throws(() => parseMapping('functions: [1]', 'm.yaml'), /functions is not a mapping/);
    assert.throws(() => parseMapping('apiKeys: key-one', 'm.yaml'), /apiKeys is not a list of keys/);
    assert.deepEqual(parseMapping('apiKeys: [key-one]', 'm.yaml').apiKeys, ['key-one']);
    assert.throws(() => parseMapping('a: [', 'm.yaml'), /not valid YAML/);
    assert.deepEqual(parseMapping('', 'm.yaml'), {});
    assert.throws(
      () => parseMapping('a: 1\na: 2\n', 'm.yaml'),
      /m\.yaml: not valid YAML or JSON \(line 2: Duplicate key 'a'/,
    );
    assert.deepEqual(parseMapping('{"functions": {"f": {"handler": "a.ts"}}}', 'm.json'), {
      functions: { f: { handler: 'a.ts' } },
    });
  });

  // Before: the YAML library parsed mapping files, recursively and without a depth limit; 16,000 levels of `{` then
  // of `[` ended the process (a fatal out-of-memory in V8's regular expression compiler at the stack's end).
  it('reads mapping files within the spec input limits: 16,000 levels deep is an error, not the end of the process', () => {
    const deep: Array<[string, string[]]> = [
      ['{'.repeat(16_000), ['m.yaml', 'm.json']],
      ['['.repeat(16_000), ['m.yaml', 'm.json']],
      ['- '.repeat(16_000), ['m.yaml']],
      [`a:\n${'  - '.repeat(8_000)}x`, ['m.yaml']],
    ];
    for (const [text, files] of deep)
      for (const file of files)
        assert.throws(
          () => parseMapping(text, file),
          /not valid YAML or JSON \(line \d+: Nested deeper than/,
          `${file}: ${text.slice(0, 8)}`,
        );
  });

  it('lists the functions the mapping misses, resolved for the stage, with their spec paths', () => {
    const spec: GatewaySpec = {
      version: 1,
      api: { name: 'o', protocol: 'HTTP' },
      integrations: {
        fn: {
          type: 'AWS_PROXY',
          uri: 'arn:aws:lambda:us-east-1:123456789012:function:orders-${stageVariables.fnSuffix}',
        },
        other: {
          type: 'AWS_PROXY',
          uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:mapped:live/invocations',
        },
        q: { type: 'AWS_PROXY', subtype: 'SQS-SendMessage' },
      },
      authorizers: { auth: { type: 'REQUEST', uri: 'arn:aws:lambda:us-east-1:1:function:authz' } },
    };
    const u = unmappedFunctions(
      spec,
      { functions: { mapped: { handler: 'a.ts' } } },
      { fnSuffix: 'dev' },
      { rangeOf: (p) => ({ start: { line: p.length, character: 0 }, end: { line: p.length, character: 1 } }) },
    );
    assert.deepEqual(
      u.map((x) => [x.name, x.template, x.uses.map((y) => y.path.join('.'))]),
      [
        ['orders-dev', 'orders-${stageVariables.fnSuffix}', ['integrations.fn.uri']],
        ['authz', 'authz', ['authorizers.auth.uri']],
      ],
    );
    assert.equal(u[0]!.ranges.length, 1);
    assert.equal(
      unmappedFunctions(
        spec,
        {
          functions: {
            'orders-${stageVariables.fnSuffix}': { handler: 'a.ts' },
            authz: { proxy: 'http://x' },
            mapped: { handler: 'b.ts' },
          },
        },
        { fnSuffix: 'dev' },
      ).length,
      0,
    );
  });
});

describe('local API WebSocket request validation (websocket-api-request-validation.html)', () => {
  const schema = { type: 'object', required: ['action', 'text'], properties: { text: { type: 'string' } } };
  const spec = {
    version: 1,
    api: { name: 'chat', protocol: 'WEBSOCKET' },
    models: { Message: { schema }, Ping: { schema: '{"type":"object","properties":{"n":{"type":"integer"}}}' } },
    routes: {},
  } as unknown as GatewaySpec;
  const route = (r: object) => ({ integration: 'fn', ...r }) as Route;
  const problem = (r: object, body: string | undefined) => requestModelProblem(spec, route(r), body);

  it('validates nothing without a model selection expression', () => {
    assert.equal(problem({ requestModels: { $default: 'Message' } }, 'not json'), undefined);
  });

  it('picks the model by the expression, else $default, and checks the body against its JSON schema', () => {
    const r = {
      modelSelectionExpression: '$request.body.action',
      requestModels: { send: 'Message', $default: 'Ping' },
    };
    assert.equal(problem(r, '{"action":"send","text":"hi"}'), undefined);
    assert.match(
      problem(r, '{"action":"send"}') ?? '',
      /does not match the model Message: \/ must have required property 'text'/,
    );
    // Another action falls back to $default: Ping, whose schema AWS stores as JSON text.
    assert.equal(problem(r, '{"action":"other","n":3}'), undefined);
    assert.match(problem(r, '{"action":"other","n":3.5}') ?? '', /model Ping: \/n must be integer/);
    assert.equal(
      problem({ modelSelectionExpression: '$default', requestModels: { $default: 'Ping' } }, '{}'),
      undefined,
    );
    // Two models with one schema `id`, as a spec reloaded on save has again: each compiles.
    const twin = (n: string) => ({ id: 'urn:chat:message', type: 'object', required: [n] });
    for (const n of ['a', 'b']) {
      const s = { ...spec, models: { M: { schema: twin(n) } } } as unknown as GatewaySpec;
      const r = { modelSelectionExpression: '$default', requestModels: { $default: 'M' } };
      assert.match(requestModelProblem(s, route(r), '{}') ?? '', new RegExp(`required property '${n}'`));
    }
  });

  it('checks uniqueItems as deep equality does, in one pass over a message of 30,000 items', () => {
    const s = {
      ...spec,
      models: { Tags: { schema: { type: 'object', properties: { tags: { type: 'array', uniqueItems: true } } } } },
    } as unknown as GatewaySpec;
    const r = route({ modelSelectionExpression: '$default', requestModels: { $default: 'Tags' } });
    const tags: unknown[] = Array.from({ length: 30_000 }, (_, i) => ({ i }));
    assert.equal(requestModelProblem(s, r, JSON.stringify({ tags })), undefined);
    assert.equal(
      requestModelProblem(
        s,
        r,
        JSON.stringify({
          tags: [
            { a: 1, b: [2] },
            { b: [2], a: 1 },
          ],
        }),
      ),
      'the body does not match the model Tags: /tags must NOT have duplicate items',
    );
    assert.equal(requestModelProblem(s, r, JSON.stringify({ tags: [[1, 2], [2, 1], 1, '1'] })), undefined);
    tags.push({ i: 7 });
    assert.match(requestModelProblem(s, r, JSON.stringify({ tags })) ?? '', /\/tags must NOT have duplicate items/);
  });

  /** How many times `run` calls JSON.parse. */
  function parsesIn(run: () => void): number {
    const parse = JSON.parse;
    let n = 0;
    JSON.parse = ((...args: Parameters<typeof JSON.parse>) => (n++, parse(...args))) as typeof JSON.parse;
    try {
      run();
    } finally {
      JSON.parse = parse;
    }
    return n;
  }

  it('parses a message once for route selection, model selection and validation, over 100 KB too', () => {
    const keys = new Set(['send', '$default']);
    const r = { modelSelectionExpression: '$request.body.action', requestModels: { send: 'Message' } };
    const short = JSON.stringify({ action: 'send', text: 'parsed once' });
    const n = parsesIn(() => {
      assert.equal(selectWsRoute('$request.body.action', short, keys), 'send');
      assert.equal(problem(r, short), undefined);
    });
    assert.equal(n, 1);
    // Over 100 KB, route selection reads the whole message too (HTTP APIs' JSON paths read the first 100 KB).
    const long = JSON.stringify({ action: 'send', text: 'x'.repeat(110_000) });
    const m = parsesIn(() => {
      assert.equal(selectWsRoute('$request.body.action', long, keys), 'send');
      assert.equal(
        problem({ ...r, modelSelectionExpression: '$default', requestModels: { $default: 'Message' } }, long),
        undefined,
      );
    });
    assert.equal(m, 1);
  });

  it('fails a body that is not JSON, a binary message, and a key with no model and no $default', () => {
    const r = { modelSelectionExpression: '$request.body.action', requestModels: { send: 'Message' } };
    assert.equal(problem(r, 'hello'), 'the message body is not JSON');
    assert.equal(problem(r, undefined), 'the message body is not JSON');
    assert.equal(problem(r, '{"action":"other"}'), "no request model for 'other' and no $default model");
  });
});

describe("the export a handler file offers (the quick fix's handlerExportOf)", () => {
  it('Python: handler, then lambda_handler, then the one top-level function; handler when nothing says', () => {
    const py = (text: string) => handlerExportOf(text, true);
    assert.equal(py('import json\n\ndef lambda_handler(event, context):\n    return {}\n'), 'lambda_handler');
    assert.equal(py('def lambda_handler(e, c):\n    pass\ndef handler(e, c):\n    pass\n'), 'handler');
    assert.equal(py('def _helper():\n    pass\nasync def main(event, context):\n    pass\n'), 'main');
    assert.equal(py('class Thing:\n    def handler(self, e, c):\n        pass\n'), 'handler');
    assert.equal(py('def a(e, c): pass\ndef b(e, c): pass\n'), 'handler');
    assert.equal(py(''), 'handler');
  });

  it('JavaScript and TypeScript: ES exports, CommonJS exports, handler first', () => {
    const js = (text: string) => handlerExportOf(text, false);
    assert.equal(js('export const main = async (event) => ({});\n'), 'main');
    assert.equal(js('export async function run(event: unknown): Promise<void> {}\n'), 'run');
    assert.equal(js('exports.go = async () => 1;\n'), 'go');
    assert.equal(js('module.exports.handler = async () => 1;\nexports.other = 1;\n'), 'handler');
    assert.equal(js('export const a = 1;\nexport const b = 2;\n'), 'handler');
    // A long run of blank lines and spaces is read in linear time.
    assert.equal(js(`${' \n'.repeat(200_000)}export const main = 1;`), 'main');
  });
});

describe("the mapping file's JSON Schema (schemas/local-mapping.schema.json), as the editor validates with it", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'local-mapping.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true });
  ajv.addKeyword('defaultSnippets');
  const validate = ajv.compile(schema);
  const errors = (value: unknown) =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  it("accepts docs/LOCAL.md's example, which the local API reads too", () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'LOCAL.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## The mapping file'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    assert.deepEqual(errors(parseYaml(example)), []);
    assert.ok(parseMapping(example, 'orders.apigw.local.yaml').functions?.['orders-dev']);
  });

  it('flags a misspelt key, an unknown log level, a level without the JSON format, a proxy that is not a URL', () => {
    const f = (fn: Record<string, unknown>) => errors({ functions: { f: { handler: 'a.py', ...fn } } });
    assert.match(f({ enviroment: { A: '1' } }).join(), /must NOT have additional properties/);
    assert.match(
      f({ logFormat: 'JSON', applicationLogLevel: 'VERBOSE' }).join(),
      /must be equal to one of the allowed values/,
    );
    assert.match(f({ systemLogLevel: 'DEBUG' }).join(), /must have required property 'logFormat'/);
    assert.match(f({ proxy: 'localhost:8080' }).join(), /must match pattern/);
    assert.match(f({ memory: 64 }).join(), /must be >= 128/);
    assert.match(f({ memory: 10_241 }).join(), /must be <= 10240/);
    assert.match(f({ memory: 256.5 }).join(), /must be integer/);
    assert.deepEqual(errors({ functions: null, envFile: '.env' }), [], 'an empty functions section, as a new file has');
  });

  it("a domain's TLS files: a certificate needs its key, as the local API says too", () => {
    const d = (entry: Record<string, unknown>) => errors({ domains: { 'api.example.com': entry } });
    assert.deepEqual(d({ truststore: 'certs/trust.pem', certificate: 'c.pem', key: 'k.pem' }), []);
    assert.match(d({ truststore: 't.pem', certificate: 'c.pem' }).join(), /must have property key/);
    assert.match(d({ trustStore: 't.pem' }).join(), /must NOT have additional properties/);
    assert.throws(
      () => parseMapping('domains:\n  api.example.com: { certificate: c.pem }\n', 'm.yaml'),
      /m\.yaml: domains\.api\.example\.com needs both certificate and key, or neither/,
    );
    assert.throws(
      () => parseMapping('domains:\n  api.example.com: { truststore: [a] }\n', 'm.yaml'),
      /domains\.api\.example\.com\.truststore is not a file name/,
    );
  });

  it('describes every property, for hover and completion', () => {
    const missing: string[] = [];
    const visit = (node: Record<string, any>, where: string) => {
      for (const [name, prop] of Object.entries<Record<string, any>>(node.properties ?? {})) {
        const target = prop.$ref ? schema.definitions[prop.$ref.split('/').pop()] : prop;
        if (!prop.description && !target?.description) missing.push(`${where}.${name}`);
        visit(prop, `${where}.${name}`);
        for (const k of ['items', 'additionalProperties'])
          if (prop[k] && typeof prop[k] === 'object') visit(prop[k], `${where}.${name}[${k}]`);
      }
    };
    visit(schema, '#');
    visit(schema.definitions.function, '#/definitions/function');
    assert.deepEqual(missing, []);
  });
});

describe('the paths a mapping file names that are not there, for its diagnostics', () => {
  const disk: Record<string, 'file' | 'folder'> = { 'src/orders.ts': 'file', svc: 'folder', 'layers/common': 'folder' };
  const kindOf = (p: string) => disk[p];

  it('names each missing or wrong-kind path where it is written; a proxy has no handler file', () => {
    const text = [
      'envFile: .env.local',
      'functions:',
      '  orders: { handler: src/orders.ts#handler, root: svc, layers: [layers/common, layers/gone] }',
      '  users:',
      '    handler: src/users.py',
      '    root: src/orders.ts',
      '  catalog: { handler: nothing.js, proxy: "http://localhost:8080" }',
      'jwt:',
      '  cognito: { jwksFile: keys/jwks.json }',
      'domains:',
      '  api.example.com: { truststore: certs/trust.pem }',
      '',
    ].join('\n');
    const found = mappingPathProblems(text, 'orders.apigw.local.yaml', kindOf).map(
      (p) => `${p.range.start.line}:${p.range.start.character}-${p.range.end.character} ${p.message}`,
    );
    assert.deepEqual(found, [
      '0:9-19 The env file .env.local does not exist (paths are relative to this file).',
      '2:79-90 The layer folder layers/gone does not exist (paths are relative to this file).',
      '4:13-25 The handler file src/users.py does not exist (paths are relative to this file).',
      '5:10-23 The task root src/orders.ts is a file, not a folder.',
      '8:23-37 The JWKS file keys/jwks.json does not exist (paths are relative to this file).',
      '10:33-48 The truststore certs/trust.pem does not exist (paths are relative to this file).',
    ]);
  });

  it('looks up at most MAX_CHECKED_PATHS paths, each a file system call on the editor thread', () => {
    const many = ['functions:', ...Array.from({ length: 2000 }, (_v, i) => `  f${i}: { handler: h${i}.js }`)].join(
      '\n',
    );
    let lookups = 0;
    const found = mappingPathProblems(many, 'a.apigw.local.yaml', () => {
      lookups++;
      return undefined;
    });
    assert.deepEqual([lookups, found.length], [MAX_CHECKED_PATHS, MAX_CHECKED_PATHS]);
  });

  it('nothing for a file that does not parse (its syntax is reported where it is edited), JSON too', () => {
    assert.deepEqual(mappingPathProblems('functions: [', 'a.apigw.local.yaml', kindOf), []);
    const json = '{ "functions": { "orders": { "handler": "src/missing.ts" } } }';
    assert.equal(mappingPathProblems(json, 'a.apigw.local.json', kindOf)[0]?.range.start.character, 40);
  });
});

describe('the handler file the missing-path quick fix creates', () => {
  it('answers as a proxy integration expects, in each language and module format', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-skeleton-'));
    try {
      const files: Array<[string, 'esm' | 'cjs']> = [
        ['a.cjs', 'cjs'],
        ['b.mjs', 'esm'],
      ];
      for (const [name, format] of files) {
        fs.writeFileSync(path.join(dir, name), handlerSkeleton(name, 'main', format));
        const mod = (await import(pathToFileURL(path.join(dir, name)).href)) as { main?: () => Promise<unknown> };
        const main = mod.main ?? (mod as { default?: { main: () => Promise<unknown> } }).default?.main;
        assert.deepEqual(await main!(), { statusCode: 200, body: '{"message":"hello from main"}' }, name);
      }
      fs.writeFileSync(path.join(dir, 'app.py'), handlerSkeleton('app.py', 'lambda_handler', 'cjs'));
      const py = execFileSync('python3', ['-c', 'import app, json; print(json.dumps(app.lambda_handler({}, None)))'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(py), { statusCode: 200, body: '{"message": "hello from lambda_handler"}' });
      assert.match(handlerSkeleton('src/h.ts', 'handler', 'cjs'), /^export const handler = async \(event: unknown\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
