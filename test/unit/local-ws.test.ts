// The example WebSocket chat served locally and driven by plain WebSocket clients: $connect with its required
// parameter and Lambda authorizer, two-way routes, a broadcast through @connections by handlers that use the real
// ApiGatewayManagementApiClient, GetConnection/DeleteConnection/GoneException, $disconnect, AWS's frame and message
// quotas (made small) and the idle timeout.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { REPO_ROOT, until } from './helpers';
import { executeApiSigner, signable } from '../support/sigv4';

const CRED = { accessKeyId: 'AKIDLOCALCHAT', secretAccessKey: 'chat-local-secret' };

const AUTHORIZER = `exports.handler = async (event) => ({
  principalId: 'user-' + event.queryStringParameters.token.length,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.token === 'let-me-in' ? 'Allow' : 'Deny', Resource: event.methodArn }] },
  context: { nick: event.queryStringParameters.nick || 'anon' },
});`;

const CONNECTIONS = `const fs = require('node:fs');
exports.handler = async (event) => {
  const { eventType, connectionId } = event.requestContext;
  fs.appendFileSync(process.env.TABLE, (eventType === 'CONNECT' ? '+' : '-') + connectionId + '\\n');
  return { statusCode: 200 };
};`;

const MESSAGES = `const fs = require('node:fs');
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');
const client = new ApiGatewayManagementApiClient({ region: 'us-east-1' });
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  if (body.action !== 'sendMessage') return { statusCode: 200, body: 'unknown action ' + body.action };
  const live = new Set();
  for (const line of fs.readFileSync(process.env.TABLE, 'utf8').split('\\n').filter(Boolean))
    line[0] === '+' ? live.add(line.slice(1)) : live.delete(line.slice(1));
  const text = event.requestContext.authorizer.nick + ': ' + body.text;
  await Promise.all([...live].map((id) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: text }))));
  return { statusCode: 200, body: 'sent to ' + live.size };
};`;

describe('local API: examples/chat-api.apigw.json over WebSocket', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let table: string;

  before(async () => {
    ws = localWorkspace({
      'chat-api.apigw.json': fs.readFileSync(path.join(REPO_ROOT, 'examples', 'chat-api.apigw.json'), 'utf8'),
      'src/authorizer.js': AUTHORIZER,
      'src/connections.js': CONNECTIONS,
      'src/messages.js': MESSAGES,
      'connections.txt': '',
    });
    table = ws.file('connections.txt');
    const env = { TABLE: table, AWS_ACCESS_KEY_ID: CRED.accessKeyId, AWS_SECRET_ACCESS_KEY: CRED.secretAccessKey };
    ws.write(
      'chat-api.apigw.local.yaml',
      `functions:\n  chat-authorizer: { handler: src/authorizer.js }\n  chat-connections: { handler: src/connections.js, environment: ${JSON.stringify(env)} }\n  chat-messages: { handler: src/messages.js, environment: ${JSON.stringify(env)} }\n`,
    );
    api = await startLocalApi({
      specPath: ws.file('chat-api.apigw.json'),
      stage: 'dev',
      port: 0,
      watch: false,
      iam: { credentials: [CRED] },
      websocket: { maxFrameBytes: 1024, maxMessageBytes: 4096, idleTimeoutMs: 60_000 },
      runtime: { env: { NODE_PATH: path.join(REPO_ROOT, 'node_modules') } },
    });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('$connect: a missing required parameter is 400, a denying authorizer 403', async () => {
    assert.equal(api.wsUrl, `ws://127.0.0.1:${api.port}/dev`);
    await assert.rejects(open(api.wsUrl!), /HTTP 400/);
    // Its body names a bad request (it said "Internal Server Error").
    const answer = await rawExchange(api.port, ['GET /dev HTTP/1.1', 'Host: x', ...HANDSHAKE]);
    assert.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), '{"message":"Bad Request"}');
    await assert.rejects(open(`${api.wsUrl}?token=nope`), /HTTP 403/);
    assert.equal(fs.readFileSync(table, 'utf8'), '', 'no $connect integration ran');
  });

  // ws checks the handshake before $connect runs: a malformed one (no Sec-WebSocket-Key, a POST, no `Upgrade:
  // websocket`) is refused without calling the authorizer or the $connect integration, whose stored connection id
  // would never see a $disconnect.
  it('refuses a malformed upgrade before $connect runs', async () => {
    const before = api.requests().length;
    const upgrade = (lines: string[]) =>
      rawExchange(api.port, [`${lines[0]} /dev?token=let-me-in HTTP/1.1`, 'Host: x', ...lines.slice(1)]);
    const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    const ws13 = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'];
    assert.match(await upgrade(['GET', ...ws13]), /^HTTP\/1\.1 400 /);
    assert.match(await upgrade(['GET', ...ws13, 'Sec-WebSocket-Key: short']), /^HTTP\/1\.1 400 /);
    assert.match(await upgrade(['POST', ...ws13, key, 'Content-Length: 0']), /^HTTP\/1\.1 405 /);
    assert.match(await upgrade(['GET', 'Upgrade: h2c', 'Connection: Upgrade', key]), /^HTTP\/1\.1 400 /);
    // RFC 6455, 4.2.2: a version the server does not speak is 426 naming the one it does (ws opened version 8).
    for (const version of ['8', '7', '14']) {
      const answer = await upgrade([
        'GET',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Version: ${version}`,
        key,
      ]);
      assert.match(answer, /^HTTP\/1\.1 426 Upgrade Required\r\n/, `version ${version}`);
      assert.match(answer, /\r\nsec-websocket-version: 13\r\n/i);
      assert.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), '{"message":"Upgrade Required"}');
    }
    assert.equal(fs.readFileSync(table, 'utf8'), '', 'no $connect integration ran');
    assert.deepEqual(api.requests().slice(before), [], 'no $connect was recorded');
  });

  // HTTP APIs' quota on the request line and header values (10,240 bytes) holds an upgrade too; Node alone took up to
  // its 16 KB. At the quota the upgrade reaches $connect (400 here: no token).
  it('refuses an upgrade whose request line and header values are over 10,240 bytes with 431, before $connect', async () => {
    // `GET /dev HTTP/1.1` is 17 bytes, `x` and the handshake's values 43: x-big's value makes up the rest.
    const upgrade = (big: number) =>
      rawExchange(api.port, ['GET /dev HTTP/1.1', 'Host: x', ...HANDSHAKE, `x-big: ${'b'.repeat(big)}`]);
    assert.match(await upgrade(10_240 - 60), /^HTTP\/1\.1 400 /, 'at the quota');
    const before = api.requests().length;
    for (const big of [10_240 - 59, 20_000]) {
      const answer = await upgrade(big);
      assert.match(answer, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/, `${big}`);
      assert.equal(answer.slice(answer.indexOf('\r\n\r\n') + 4), '{"message":"Request Header Fields Too Large"}');
    }
    assert.deepEqual(api.requests().slice(before), [], 'no $connect ran');
  });

  it('broadcasts through @connections with the real management API client, and answers two-way routes', async () => {
    const a = await open(`${api.wsUrl}?token=let-me-in&nick=ann`);
    const b = await open(`${api.wsUrl}?token=let-me-in&nick=bob`);
    a.ws.send(JSON.stringify({ action: 'sendMessage', text: 'hello' }));
    await until(() => a.messages.length >= 2 && b.messages.length >= 1, 'the broadcast');
    assert.deepEqual(b.messages, ['ann: hello']);
    assert.deepEqual(a.messages.sort(), ['ann: hello', 'sent to 2']);
    b.ws.send('not json at all');
    await until(() => api.requests().some((r) => r.route === '$default' && r.status === 500), 'the $default route');
    // The server records the route before its error frame reaches the client: wait for the frame itself.
    await until(() => b.messages.length >= 2, "the $default route's error frame");
    assert.match(
      b.messages.at(-1) ?? '',
      /^\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/,
    );
    // The ping route's MOCK integration answers from its templates: a pong naming b's connection.
    b.ws.send(JSON.stringify({ action: 'ping' }));
    a.ws.send(JSON.stringify({ action: 'ping' }));
    await until(() => b.messages.length >= 3 && a.messages.length >= 3, "the ping route's answers");
    const pongs = [JSON.parse(a.messages[2]!), JSON.parse(b.messages[2]!)] as Array<{ connectionId: string }>;
    assert.deepEqual(
      pongs.map((p) => ({ ...p, connectionId: typeof p.connectionId })),
      [
        { action: 'pong', connectionId: 'string' },
        { action: 'pong', connectionId: 'string' },
      ],
    );
    assert.deepEqual(pongs.map((p) => p.connectionId).sort(), api.connections().sort());
    assert.equal(api.requests().find((r) => r.route === 'ping')?.status, 200);
    a.ws.close();
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
  });

  // The example's sendMessage route has a model selection expression and the Message model: API Gateway validates
  // each message against it and answers "Invalid request body" without calling the integration.
  it("validates a message against its route's request model before calling the integration", async () => {
    const a = await open(`${api.wsUrl}?token=let-me-in&nick=ann`);
    const b = await open(`${api.wsUrl}?token=let-me-in&nick=bob`);
    a.ws.send(JSON.stringify({ action: 'sendMessage', text: 42 }));
    await until(() => a.messages.length >= 1, 'the answer to an invalid message');
    assert.match(
      a.messages[0]!,
      /^\{"message": "Invalid request body", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/,
    );
    const refused = api.requests().find((r) => r.route === 'sendMessage' && r.status === 400);
    assert.match(refused?.error ?? '', /the body does not match the model Message: \/text must be string/);
    a.ws.send(JSON.stringify({ action: 'sendMessage', text: 'fine' }));
    await until(() => b.messages.includes('ann: fine'), 'the valid message broadcast');
    assert.deepEqual(b.messages, ['ann: fine'], 'the invalid message reached no one');
    a.ws.close();
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
  });

  it('GetConnection, DeleteConnection (which runs $disconnect) and GoneException from the SDK client', async () => {
    const c = await open(`${api.wsUrl}?token=let-me-in`);
    const id = api.connections().at(-1)!;
    const client = new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: api.url, credentials: CRED });
    const info = await client.send(new GetConnectionCommand({ ConnectionId: id }));
    assert.equal(info.Identity?.SourceIp, '127.0.0.1');
    assert.ok(info.ConnectedAt instanceof Date);
    await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'direct' }));
    await until(() => c.messages.includes('direct'), 'the direct message');
    await client.send(new DeleteConnectionCommand({ ConnectionId: id }));
    // AWS's $disconnect after DeleteConnection says 1000 "Connection Closed Normally" (its execution log in
    // https://github.com/aws/chalice/issues/2060); the client gets that close.
    assert.deepEqual(await c.closed, { code: 1000, reason: 'Connection Closed Normally' });
    await until(() => fs.readFileSync(table, 'utf8').includes(`-${id}\n`), '$disconnect');
    assert.deepEqual(await disconnectOf(id), { code: 1000, reason: 'Connection Closed Normally' });
    await assert.rejects(
      client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'late' })),
      (e: unknown) => e instanceof GoneException,
    );
    const wrongKey = new ApiGatewayManagementApiClient({
      region: 'us-east-1',
      endpoint: api.url,
      credentials: { ...CRED, secretAccessKey: 'wrong' },
    });
    await assert.rejects(
      wrongKey.send(new GetConnectionCommand({ ConnectionId: id })),
      (e: { name?: string }) => e.name === 'InvalidSignatureException',
    );
  });

  // The management API's refusals, each parsed by the real client into the class AWS names: a message over the quota
  // was ForbiddenException (its body was cut before its signature was checked), and a refused signature said
  // "Forbidden" under ForbiddenException whatever was wrong with it — AWS's execute-api front door answers
  // InvalidSignatureException with the canonical request it expected (okigan/awscurl#61, agilord/aws_client#440),
  // "Signature expired: … (… - 5 min.)" past 5 minutes (cognitect-labs/aws-api#255), "Missing Authentication Token"
  // unsigned.
  it("@connections refusals reach the SDK client as the management API's exceptions, with their messages", async () => {
    const c = await open(`${api.wsUrl}?token=let-me-in`);
    const id = api.connections().at(-1)!;
    const client = new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: api.url, credentials: CRED });
    const refusal = (sent: Promise<unknown>) =>
      sent.then(
        () => assert.fail('not refused'),
        (e: unknown) => e,
      );
    const tooLarge = await refusal(
      client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x'.repeat(5000) })),
    );
    assert.ok(tooLarge instanceof PayloadTooLargeException, String(tooLarge));
    assert.deepEqual([tooLarge.$metadata.httpStatusCode, tooLarge.message], [413, 'Message too long']);
    // Signed as boto3 signs it, without x-amz-content-sha256: its signature covers the whole body.
    const url = new URL(`${api.url}/@connections/${encodeURIComponent(id)}`);
    const data = 'y'.repeat(5000);
    const signed = await executeApiSigner(CRED, { applyChecksum: false }).sign(
      signable(url, { method: 'POST', body: data }),
    );
    const raw = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body: data });
    assert.deepEqual(
      [raw.status, raw.headers.get('x-amzn-errortype'), await raw.json()],
      [413, 'PayloadTooLargeException', { message: 'Message too long' }],
    );
    const wrongKey = new ApiGatewayManagementApiClient({
      region: 'us-east-1',
      endpoint: api.url,
      credentials: { ...CRED, secretAccessKey: 'wrong' },
    });
    const mismatch = (await refusal(
      wrongKey.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'hi' })),
    )) as Error & { $metadata: { httpStatusCode?: number } };
    assert.equal(mismatch.name, 'InvalidSignatureException');
    assert.equal(mismatch.$metadata.httpStatusCode, 403);
    assert.match(
      mismatch.message,
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/dev\/%40connections\/[^\n]+%253D\n\n/,
    );
    assert.match(
      mismatch.message,
      /\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/execute-api\/aws4_request\n[0-9a-f]{64}'\n$/,
    );
    // Raw calls: unsigned, signed too long ago or ahead, with a key the API does not know, for another service.
    const get = async (o: { credentials?: typeof CRED; service?: string; minutesOff?: number }) => {
      const headers = o.credentials
        ? ((
            await executeApiSigner(o.credentials, o.service ? { service: o.service } : {}).sign(signable(url), {
              signingDate: new Date(Date.now() + (o.minutesOff ?? 0) * 60_000),
            })
          ).headers as Record<string, string>)
        : {};
      const r = await fetch(url, { headers });
      return [r.status, r.headers.get('x-amzn-errortype'), ((await r.json()) as { message?: string }).message];
    };
    assert.deepEqual(await get({}), [403, 'MissingAuthenticationTokenException', 'Missing Authentication Token']);
    assert.equal((await get({ credentials: CRED, minutesOff: -4 }))[0], 200);
    const stale = await get({ credentials: CRED, minutesOff: -6 });
    assert.deepEqual(stale.slice(0, 2), [403, 'InvalidSignatureException']);
    assert.match(
      String(stale[2]),
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const ahead = await get({ credentials: CRED, minutesOff: 6 });
    assert.deepEqual(ahead.slice(0, 2), [403, 'InvalidSignatureException']);
    assert.match(
      String(ahead[2]),
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
    assert.deepEqual(await get({ credentials: { ...CRED, accessKeyId: 'AKIDUNKNOWN' } }), [
      403,
      'AccessDeniedException',
      'The security token included in the request is invalid.',
    ]);
    assert.deepEqual(await get({ credentials: CRED, service: 'apigateway' }), [
      403,
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'execute-api'. ",
    ]);
    c.ws.close();
    await c.closed;
    const gone = await refusal(client.send(new GetConnectionCommand({ ConnectionId: id })));
    assert.ok(gone instanceof GoneException, String(gone));
    assert.equal(gone.$metadata.httpStatusCode, 410);
  });

  // A client that has sent its close frame but not yet ended TCP (ws waits 30 s for that) was still connected to
  // @connections: GetConnection and PostToConnection answered 200, the message dropped.
  it('a connection whose client sent its close frame is gone for @connections at once', async () => {
    const socket = net.connect({ port: api.port, host: '127.0.0.1', allowHalfOpen: true });
    try {
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      socket.write(['GET /dev?token=let-me-in HTTP/1.1', 'Host: x', ...HANDSHAKE].join('\r\n') + '\r\n\r\n');
      await until(() => answer.startsWith('HTTP/1.1 101 '), 'the handshake');
      const id = api.connections().at(-1)!;
      // A masked close frame, code 1000, with a zero mask.
      socket.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
      await until(() => answer.includes('\x88\x02\x03\xe8'), "the server's answering close frame");
      const client = new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: api.url, credentials: CRED });
      const gone = (e: unknown) => e instanceof GoneException;
      await assert.rejects(client.send(new GetConnectionCommand({ ConnectionId: id })), gone);
      await assert.rejects(client.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'late' })), gone);
    } finally {
      socket.destroy();
    }
  });

  it('closes with 1009 on a frame over the frame quota and on a message over the message quota', async () => {
    const big = await open(`${api.wsUrl}?token=let-me-in`);
    const bigId = api.connections().at(-1)!;
    big.ws.send('x'.repeat(2000));
    assert.equal((await big.closed).code, 1009);
    const frag = await open(`${api.wsUrl}?token=let-me-in`);
    const fragId = api.connections().at(-1)!;
    for (let i = 0; i < 5; i++) frag.ws.send('y'.repeat(1000), { fin: i === 4 });
    assert.equal((await frag.closed).code, 1009);
    // $disconnect reports the close API Gateway sent, not the 1006 of a connection whose answer was not read.
    assert.deepEqual([(await disconnectOf(bigId)).code, (await disconnectOf(fragId)).code], [1009, 1009]);
  });

  /** The close code and reason the $disconnect event of a connection has. */
  async function disconnectOf(connectionId: string): Promise<{ code: unknown; reason: unknown }> {
    const isIt = (r: { route: string; connectionId?: string }) =>
      r.route === '$disconnect' && r.connectionId === connectionId;
    await until(() => api.requests().some(isIt), `the $disconnect of ${connectionId}`);
    const id = api.requests().find(isIt)!.requestId;
    const { requestContext: c } = api.request(id)?.invocations[0]?.event as {
      requestContext: { disconnectStatusCode: unknown; disconnectReason: unknown };
    };
    return { code: c.disconnectStatusCode, reason: c.disconnectReason };
  }
});

describe('local API: WebSocket idle timeout', () => {
  it('closes a quiet connection with 1001 after the idle timeout', async () => {
    const ws = localWorkspace({
      'idle.apigw.json': JSON.stringify({ version: 1, api: { name: 'idle', protocol: 'WEBSOCKET' }, routes: {} }),
    });
    const api = await startLocalApi({
      specPath: ws.file('idle.apigw.json'),
      port: 0,
      watch: false,
      websocket: { idleTimeoutMs: 200 },
    });
    try {
      const c = await open(api.wsUrl!);
      const closed = await c.closed;
      assert.equal(closed.code, 1001);
      await until(() => api.connections().length === 0, 'the server to forget the connection');
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

/** A WebSocket API whose `$connect` requires an API key, selected by `selection`. */
function keyedApi(selection: string, mapping: string): LocalWorkspace {
  return localWorkspace({
    'keyed.apigw.yaml': [
      'version: 1',
      `api: { name: keyed, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action, apiKeySelectionExpression: ${selection} }`,
      'integrations:',
      '  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:fn" }',
      'authorizers:',
      '  gate: { type: REQUEST, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:gate", identitySources: [route.request.querystring.who] }',
      'routes:',
      selection.includes('authorizer')
        ? '  $connect: { integration: fn, apiKeyRequired: true, authorizationType: CUSTOM, authorizer: gate }'
        : '  $connect: { integration: fn, apiKeyRequired: true }',
      '  $default: { integration: fn }',
      'stages:',
      '  dev: {}',
      '',
    ].join('\n'),
    'keyed.apigw.local.yaml': `functions:\n  fn: { handler: fn.js }\n  gate: { handler: gate.js }\n${mapping}`,
    'fn.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
    // The key a caller's plan holds, as an authorizer gives it (ann has one, bob none).
    'gate.js':
      "exports.handler = async (e) => ({ principalId: e.queryStringParameters.who, ...(e.queryStringParameters.who === 'ann' ? { usageIdentifierKey: 'ann-key' } : {}), policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: e.methodArn }] } });\n",
  });
}

describe('local API: a $connect that requires an API key', () => {
  it('the x-api-key header: none or one the mapping file does not list is 403, and the reason never holds the key', async () => {
    const ws = keyedApi('$request.header.x-api-key', 'apiKeys: [key-one]\n');
    const api = await startLocalApi({ specPath: ws.file('keyed.apigw.yaml'), stage: 'dev', port: 0, watch: false });
    try {
      await assert.rejects(open(api.wsUrl!), /HTTP 403/);
      await assert.rejects(open(api.wsUrl!, undefined, { 'x-api-key': 'key-two' }), /HTTP 403/);
      const c = await open(api.wsUrl!, undefined, { 'x-api-key': 'key-one' });
      c.ws.close();
      const [none, unknown, known] = api.requests();
      assert.deepEqual(
        [none?.status, none?.error, unknown?.status, unknown?.error, known?.status, known?.error],
        [
          403,
          'the route requires an API key and the x-api-key header gives none',
          403,
          "the API key of the x-api-key header is not one of the mapping file's apiKeys",
          200,
          undefined,
        ],
      );
      // The traffic records (the channel's lines) never hold a key; the event's headers reach only exits that redact.
      const records = JSON.stringify(api.requests());
      assert.ok(!records.includes('key-two') && !records.includes('key-one'), records);
    } finally {
      await api.stop();
      ws.remove();
    }
  });

  it("the authorizer's usageIdentifierKey: any key without a list; none is 403", async () => {
    const ws = keyedApi('$context.authorizer.usageIdentifierKey', '');
    const api = await startLocalApi({ specPath: ws.file('keyed.apigw.yaml'), stage: 'dev', port: 0, watch: false });
    try {
      const c = await open(`${api.wsUrl!}?who=ann`, undefined, { 'x-api-key': 'not-read' });
      c.ws.close();
      await assert.rejects(open(`${api.wsUrl!}?who=bob`, undefined, { 'x-api-key': 'not-read' }), /HTTP 403/);
      const [ann, bob] = api.requests().filter((r) => r.method === 'CONNECT');
      assert.equal(ann?.status, 200);
      assert.deepEqual(
        [bob?.status, bob?.error],
        [403, "the route requires an API key and the authorizer's usageIdentifierKey gives none"],
      );
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});

/** A well-formed WebSocket handshake's headers. */
const HANDSHAKE = [
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
];

/** Writes an HTTP request on a raw socket and resolves with what the server answered once it closes. */
function rawExchange(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

// API Gateway opens a connection only when $connect answers a 2xx: a Lambda result's statusCode below 200 (0, a 1xx)
// opened it here, and one above 599 went out as a status line no client parses.
describe('local API: the status a $connect Lambda returns', () => {
  it('opens on a 2xx only; an unusable status is a 500', async () => {
    const ws = localWorkspace({
      'status.apigw.yaml': [
        'version: 1',
        'api: { name: status, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }',
        'integrations:',
        '  connect-fn: { type: AWS_PROXY, uri: "arn:aws:lambda:${aws:region}:${aws:accountId}:function:connect" }',
        'routes:',
        '  $connect: { integration: connect-fn }',
        'stages: { dev: {} }',
        '',
      ].join('\n'),
      'status.apigw.local.yaml': 'functions:\n  connect: { handler: src/connect.js }\n',
      'src/connect.js':
        'exports.handler = async (event) => ({ statusCode: Number(event.queryStringParameters.code) });\n',
    });
    const api = await startLocalApi({ specPath: ws.file('status.apigw.yaml'), stage: 'dev', port: 0, watch: false });
    try {
      for (const code of [0, 101, 199, 600, 1000])
        await assert.rejects(open(`${api.wsUrl!}?code=${code}`), /HTTP 500/, `status ${code}`);
      await assert.rejects(open(`${api.wsUrl!}?code=302`), /HTTP 302/);
      // The status line has the standard reason phrase (it said `500 Error`, `302 Error`).
      const statusLine = async (code: number) =>
        (await rawExchange(api.port, [`GET /dev?code=${code} HTTP/1.1`, 'Host: x', ...HANDSHAKE])).split('\r\n')[0];
      assert.deepEqual(
        [await statusLine(500), await statusLine(302), await statusLine(1000)],
        ['HTTP/1.1 500 Internal Server Error', 'HTTP/1.1 302 Found', 'HTTP/1.1 500 Internal Server Error'],
      );
      const c = await open(`${api.wsUrl!}?code=204`);
      c.ws.close();
      await c.closed;
      assert.match(
        api.requests().find((r) => r.method === 'CONNECT')?.error ?? '',
        /^the \$connect integration answered status 0, which is not a final HTTP status/,
      );
    } finally {
      await api.stop();
      ws.remove();
    }
  });
});
