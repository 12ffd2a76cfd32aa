// WebSocket handlers written for AWS, run unchanged, in the shape of AWS's simple-websockets-chat-app sample: ES
// modules (`.mjs`), a management API client built from the event — `https://${apiId}.execute-api.${AWS_REGION}.
// amazonaws.com/${stage}`, or `https://${domainName}/${stage}` — signing with whatever credentials the environment
// holds, a $connect route that picks the client's subprotocol, and $disconnect with AWS's few headers. The same
// broadcast written in Python with boto3 (Debian's python3-boto3, which the VS Code test setup installs). The
// handlers run as on a machine without AWS credentials (a CI runner): the local API gives them a key pair of its own.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { credentialSourceOf } from '../../src/local/credentials';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import {
  localWorkspace,
  openWebSocket as open,
  withoutMachineCredentials,
  type LocalWorkspace,
} from '../support/localWorkspace';
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

withoutMachineCredentials();

interface ChatApi {
  ws: LocalWorkspace;
  api: LocalApi;
  /** The connections file the handlers keep, as the sample keeps a DynamoDB table. */
  table: string;
  /** What the local API logged (its warnings). */
  warnings: string[];
}

/** The sample served locally, its sendmessage from `send` (a file name under sendmessage/, and its text). */
async function chatApi(
  send: { file: string; handler: string; text: string; python?: string },
  iam?: { credentials: Array<{ accessKeyId: string; secretAccessKey: string }> },
): Promise<ChatApi> {
  const ws = localWorkspace({
    'simplechat.apigw.yaml': SPEC,
    'onconnect/app.mjs': CONNECT,
    'ondisconnect/app.mjs': DISCONNECT,
    [`sendmessage/${send.file}`]: send.text,
    'connections.txt': '',
  });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), ws.file('node_modules'), 'dir');
  const table = ws.file('connections.txt');
  const env = JSON.stringify({ TABLE: table });
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
  const warnings: string[] = [];
  const api = await startLocalApi({
    specPath: ws.file('simplechat.apigw.yaml'),
    port: 0,
    watch: false,
    logger: { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    ...(send.python ? { runtime: { python: send.python } } : {}),
    ...(iam ? { iam } : {}),
  });
  return { ws, api, table, warnings };
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
  let warnings: string[];

  before(async () => {
    ({ ws, api, table, warnings } = await chatApi({ file: 'app.mjs', handler: 'app.mjs', text: SEND }));
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
    // The SDK had no credentials of the machine's to sign with: the run's own pair, said once.
    assert.equal(
      warnings.filter((w) => w.startsWith('No AWS credentials for the handlers')).length,
      1,
      warnings.join('\n'),
    );
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

describe("local API: listed iam.credentials are checked, and the run's own pair is among them", () => {
  let chat: ChatApi;

  before(async () => {
    chat = await chatApi(
      { file: 'app.mjs', handler: 'app.mjs', text: SEND },
      { credentials: [{ accessKeyId: 'LISTEDKEY', secretAccessKey: 'listed-secret' }] },
    );
  });
  after(async () => {
    await chat?.api.stop();
    chat?.ws.remove();
  });

  it('a handler without credentials signs @connections calls with the pair, which the signature check accepts', async () => {
    for (const c of await broadcastBothWays(chat.api)) c.ws.close();
  });

  it('a call signed with keys neither listed nor the pair is refused', async () => {
    const res = await fetch(`${chat.api.url}/@connections/nobody`, {
      method: 'POST',
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=OTHERKEY/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: 'x',
    });
    assert.equal(res.status, 403);
  });
});

describe('what the SDKs would sign with (credentialSourceOf)', () => {
  const none = path.join(REPO_ROOT, 'no-such-dir', 'file');
  const empty = { AWS_SHARED_CREDENTIALS_FILE: none, AWS_CONFIG_FILE: none, HOME: none };

  it("keys in the environment, a named profile, web identity, a container endpoint, in the SDKs' order", () => {
    assert.equal(credentialSourceOf({ ...empty }, []), undefined);
    assert.equal(credentialSourceOf({ ...empty, AWS_ACCESS_KEY_ID: 'K', AWS_PROFILE: 'p' }, []), 'AWS_ACCESS_KEY_ID');
    assert.equal(credentialSourceOf({ ...empty, AWS_ACCESS_KEY_ID: '' }, []), undefined);
    assert.equal(credentialSourceOf({ ...empty, AWS_PROFILE: 'dev' }, []), 'the profile dev');
    assert.equal(credentialSourceOf({ ...empty, AWS_DEFAULT_PROFILE: 'ops' }, []), 'the profile ops');
    assert.equal(
      credentialSourceOf({ ...empty, AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, []),
      'AWS_WEB_IDENTITY_TOKEN_FILE',
    );
    assert.equal(
      credentialSourceOf({ ...empty, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }, []),
      "the container's credentials endpoint",
    );
  });

  it('the default profile of the shared files, and EC2 instance metadata unless it is disabled', () => {
    const ws = localWorkspace({
      'home/.aws/credentials': '[other]\naws_access_key_id = X\n',
      'home/.aws/config': '[profile default]\nregion = eu-west-1\n',
      'config-without-default': '[profile dev]\nregion = eu-west-1\n',
      sys_vendor: 'Amazon EC2\n',
      other_vendor: 'QEMU\n',
    });
    try {
      const home = ws.file('home');
      assert.equal(credentialSourceOf({ HOME: home }, []), 'the default profile');
      assert.equal(
        credentialSourceOf({ HOME: home, AWS_CONFIG_FILE: ws.file('config-without-default') }, []),
        undefined,
        'the credentials file has no default profile either',
      );
      const ec2 = [{ file: ws.file('sys_vendor'), test: /^Amazon EC2/ }];
      assert.equal(credentialSourceOf({ ...empty }, ec2), "EC2's instance metadata");
      assert.equal(credentialSourceOf({ ...empty, AWS_EC2_METADATA_DISABLED: 'true' }, ec2), undefined);
      assert.equal(
        credentialSourceOf({ ...empty }, [{ file: ws.file('other_vendor'), test: /^Amazon EC2/ }]),
        undefined,
      );
    } finally {
      ws.remove();
    }
  });
});
