// WebSocket handlers written for AWS, run unchanged, in the shape of AWS's simple-websockets-chat-app sample: ES
// modules (`.mjs`), a management API client built from the event — `https://${apiId}.execute-api.${AWS_REGION}.
// amazonaws.com/${stage}`, or `https://${domainName}/${stage}` — signing with whatever credentials the environment
// holds, a $connect route that picks the client's subprotocol, and $disconnect with AWS's few headers. The same
// broadcast written in Python with boto3 (Debian's python3-boto3, which the VS Code test setup installs).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { pythonWith } from '../support/python';
import { REPO_ROOT, until } from './helpers';

const SPEC = `version: 1
api: { name: simplechat, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }
integrations:
  connect: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:onconnect" }
  disconnect: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:ondisconnect" }
  send: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:sendmessage" }
routes:
  $connect: { integration: connect }
  $disconnect: { integration: disconnect }
  sendmessage: { integration: send }
stages:
  Prod: {}
`;

// AWS's subprotocol example: answer with the protocol the handler supports when the client offers it.
const CONNECT = `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.TABLE, '+' + event.requestContext.connectionId + '\\n');
  const offered = (event.headers['Sec-WebSocket-Protocol'] ?? '').split(',').map((p) => p.trim());
  return offered.includes('myprotocol')
    ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'myprotocol' } }
    : { statusCode: 200 };
};`;

const DISCONNECT = `import { appendFileSync, writeFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.TABLE, '-' + event.requestContext.connectionId + '\\n');
  writeFileSync(process.env.TABLE + '.disconnect', JSON.stringify(Object.keys(event.headers)));
  return { statusCode: 200 };
};`;

const SEND = `import { readFileSync } from 'node:fs';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const { apiId, stage, domainName } = event.requestContext;
  const { via, text } = JSON.parse(event.body);
  const endpoint = via === 'domain'
    ? \`https://\${domainName}/\${stage}\`
    : \`https://\${apiId}.execute-api.\${process.env.AWS_REGION}.amazonaws.com/\${stage}\`;
  const client = new ApiGatewayManagementApiClient({ endpoint });
  const live = new Set();
  for (const line of readFileSync(process.env.TABLE, 'utf8').split('\\n').filter(Boolean))
    line[0] === '+' ? live.add(line.slice(1)) : live.delete(line.slice(1));
  await Promise.all([...live].map((id) => client.send(new PostToConnectionCommand({ ConnectionId: id, Data: via + ': ' + text }))));
  return { statusCode: 200 };
};`;

interface ChatApi {
  ws: LocalWorkspace;
  api: LocalApi;
  /** The connections file the handlers keep, as the sample keeps a DynamoDB table. */
  table: string;
}

/** The sample served locally, its sendmessage from `send` (a file name under sendmessage/, and its text). */
async function chatApi(send: { file: string; handler: string; text: string; python?: string }): Promise<ChatApi> {
  const ws = localWorkspace({
    'simplechat.apigw.yaml': SPEC,
    'onconnect/app.mjs': CONNECT,
    'ondisconnect/app.mjs': DISCONNECT,
    [`sendmessage/${send.file}`]: send.text,
    'connections.txt': '',
  });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), ws.file('node_modules'), 'dir');
  const table = ws.file('connections.txt');
  // Any credentials, as a Lambda function always has its role's: no iam.credentials are configured to check them.
  const env = JSON.stringify({ TABLE: table, AWS_ACCESS_KEY_ID: 'AKIDANYLOCAL', AWS_SECRET_ACCESS_KEY: 'any' });
  ws.write(
    'simplechat.apigw.local.yaml',
    [
      'functions:',
      `  onconnect: { handler: onconnect/app.mjs, environment: ${env} }`,
      `  ondisconnect: { handler: ondisconnect/app.mjs, environment: ${env} }`,
      `  sendmessage: { handler: sendmessage/${send.handler}, environment: ${env} }`,
      '',
    ].join('\n'),
  );
  const api = await startLocalApi({
    specPath: ws.file('simplechat.apigw.yaml'),
    port: 0,
    watch: false,
    ...(send.python ? { runtime: { python: send.python } } : {}),
  });
  return { ws, api, table };
}

/** The connections the handlers' table holds: each `+id` without a later `-id`. */
function liveConnections(table: string): string[] {
  const live = new Set<string>();
  for (const line of fs.readFileSync(table, 'utf8').split('\n').filter(Boolean))
    if (line[0] === '+') live.add(line.slice(1));
    else live.delete(line.slice(1));
  return [...live];
}

type Client = Awaited<ReturnType<typeof open>>;

/** Two clients; each sends once, through the execute-api name and then through domainName; both get both. */
async function broadcastBothWays(api: LocalApi): Promise<[Client, Client]> {
  const a = await open(api.wsUrl!);
  const b = await open(api.wsUrl!);
  a.ws.send(JSON.stringify({ action: 'sendmessage', via: 'execute-api', text: 'hello' }));
  await until(() => a.messages.length >= 1 && b.messages.length >= 1, 'the first broadcast');
  b.ws.send(JSON.stringify({ action: 'sendmessage', via: 'domain', text: 'hi' }));
  await until(() => a.messages.length >= 2 && b.messages.length >= 2, 'the second broadcast');
  assert.deepEqual(a.messages, ['execute-api: hello', 'domain: hi']);
  assert.deepEqual(b.messages, ['execute-api: hello', 'domain: hi']);
  assert.ok(
    api.requests().every((r) => r.status < 300),
    JSON.stringify(api.requests().map((r) => [r.route, r.status])),
  );
  return [a, b];
}

describe('local API: WebSocket handlers written for AWS, unchanged', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let table: string;

  before(async () => {
    ({ ws, api, table } = await chatApi({ file: 'app.mjs', handler: 'app.mjs', text: SEND }));
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it("$connect's Sec-WebSocket-Protocol picks the subprotocol; without it a client that asked for one fails, as on AWS", async () => {
    const chosen = await open(api.wsUrl!, ['chat1', 'myprotocol']);
    assert.equal(chosen.ws.protocol, 'myprotocol');
    await assert.rejects(open(api.wsUrl!, ['chat1']), /Server sent no subprotocol/);
    chosen.ws.close();
    // Both are gone ($disconnect ran) before the next test broadcasts: a post to a gone connection is a 410, which
    // the sample's handler does not catch.
    await until(() => liveConnections(table).length === 0, 'both $disconnects');
  });

  it('broadcasts through a client built from the event: the execute-api name, and https://domainName/stage', async () => {
    const [a, b] = await broadcastBothWays(api);
    b.ws.close();
    await until(() => fs.existsSync(`${table}.disconnect`), '$disconnect');
    assert.deepEqual(JSON.parse(fs.readFileSync(`${table}.disconnect`, 'utf8')), [
      'Host',
      'x-api-key',
      'X-Forwarded-For',
      'x-restapi',
    ]);
    a.ws.close();
  });
});

// The sample's sendmessage in Python, as it is written for AWS: boto3's client built from the event.
const SEND_PY = `import json, os, boto3

def handler(event, context):
    rc = event['requestContext']
    body = json.loads(event['body'])
    if body['via'] == 'domain':
        endpoint = 'https://%s/%s' % (rc['domainName'], rc['stage'])
    else:
        endpoint = 'https://%s.execute-api.%s.amazonaws.com/%s' % (rc['apiId'], os.environ['AWS_REGION'], rc['stage'])
    client = boto3.client('apigatewaymanagementapi', endpoint_url=endpoint)
    live = set()
    for line in open(os.environ['TABLE']).read().split('\\n'):
        if line:
            (live.add if line[0] == '+' else live.discard)(line[1:])
    for connection in sorted(live):
        client.post_to_connection(ConnectionId=connection, Data=(body['via'] + ': ' + body['text']).encode())
    return {'statusCode': 200}
`;

const { python, skip: NO_BOTO3 } = pythonWith(['boto3'], ['python3-boto3']);

describe('local API: a Python handler written for AWS, unchanged (boto3)', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;

  before(async () => {
    if (NO_BOTO3) return;
    ({ ws, api } = await chatApi({ file: 'app.py', handler: 'app.py#handler', text: SEND_PY, python }));
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it(
    "broadcasts through boto3's client built from the event: https to the execute-api name and to domainName",
    { skip: NO_BOTO3 },
    async () => {
      for (const c of await broadcastBothWays(api)) c.ws.close();
    },
  );
});
