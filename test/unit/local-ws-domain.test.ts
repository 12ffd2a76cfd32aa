// A WebSocket API served locally as its custom domain, through real sockets: clients connect under the domain's API
// mapping (no stage segment), the events name the domain (`domainName`) and the stage, and a handler that builds its
// management client from them reaches `@connections` under the mapping, as on AWS — while one that adds the stage to
// the domain's URL, as AWS's sample does for the execute-api name, is refused as users report AWS refuses it ("No
// method found matching route prod/@connections/…"), the log saying where the management API is. The execute-api
// name keeps working beside the domain.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isWorkbenchError } from '../../src/core/errors';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import {
  localWorkspace,
  openWebSocket as open,
  withoutMachineCredentials,
  type LocalWorkspace,
} from '../support/localWorkspace';
import { REPO_ROOT, until } from './helpers';

/** The chat API, its domain mapping `mappingPath` (empty: the root) to the stage prod. */
function spec(mappingPath: string, mutualTls = false): string {
  return `version: 1
api: { name: chat, protocol: WEBSOCKET, routeSelectionExpression: $request.body.action }
integrations:
  send: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:send" }
routes:
  send: { integration: send }
stages:
  prod: {}
domains:
  chat.example.com:
    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666
${mutualTls ? '    mutualTls: { truststoreUri: s3://certs/truststore.pem }\n' : ''}    mappings:
      - { stage: prod${mappingPath ? `, path: ${mappingPath}` : ''} }
`;
}

// Posts back to the sender through the endpoint the message names: the domain and a base path, the domain and the
// stage (AWS's sample's way), or the execute-api name; a failure is posted back through the execute-api name.
const SEND = `import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
export const handler = async (event) => {
  const { apiId, stage, domainName, connectionId } = event.requestContext;
  const { via, basePath } = JSON.parse(event.body);
  const executeApi = \`https://\${apiId}.execute-api.\${process.env.AWS_REGION}.amazonaws.com/\${stage}\`;
  const endpoint =
    via === 'mapping' ? \`https://\${domainName}\${basePath}\` : via === 'stage' ? \`https://\${domainName}/\${stage}\` : executeApi;
  const post = (url, data) =>
    new ApiGatewayManagementApiClient({ endpoint: url }).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
  try {
    await post(endpoint, \`\${via}: \${domainName} \${stage}\`);
  } catch (err) {
    await post(executeApi, \`\${via} failed: \${err.name}: \${err.message}\`);
  }
  return { statusCode: 200 };
};`;

withoutMachineCredentials();

interface Served {
  ws: LocalWorkspace;
  api: LocalApi;
  warnings: string[];
  lines: string[];
}

async function serveAsDomain(mappingPath: string): Promise<Served> {
  const ws = localWorkspace({
    'chat.apigw.yaml': spec(mappingPath),
    'chat.apigw.local.yaml': 'functions:\n  send: { handler: send.mjs }\n',
    'send.mjs': SEND,
  });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), ws.file('node_modules'), 'dir');
  const warnings: string[] = [];
  const lines: string[] = [];
  const api = await startLocalApi({
    specPath: ws.file('chat.apigw.yaml'),
    domain: 'chat.example.com',
    port: 0,
    watch: false,
    logger: { info: (m) => lines.push(m), warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
  });
  return { ws, api, warnings, lines };
}

type Client = Awaited<ReturnType<typeof open>>;

/** What the handler posted back for one message. */
async function ask(client: Client, message: Record<string, string>): Promise<string> {
  const before = client.messages.length;
  client.ws.send(JSON.stringify({ action: 'send', ...message }));
  await until(() => client.messages.length > before, `the answer to ${JSON.stringify(message)}`);
  return client.messages[before]!;
}

describe('local API: a WebSocket API served as its custom domain, mapped at the root', () => {
  let served: Served;
  let client: Client;

  before(async () => {
    served = await serveAsDomain('');
    client = await open(served.api.wsUrl!);
  });
  after(async () => {
    client?.ws.close();
    await served?.api.stop();
    served?.ws.remove();
  });

  it('is reached at the root of the port, and says so; the stage segment is not a path of the domain', async () => {
    assert.match(served.api.wsUrl!, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.match(served.lines.join('\n'), / as wss:\/\/chat\.example\.com \(\/ → prod\)/);
    await assert.rejects(open(`${served.api.wsUrl}/prod`), /HTTP 404/);
  });

  it('reaches @connections through https://domainName, with the events naming the domain and the stage', async () => {
    assert.equal(await ask(client, { via: 'mapping', basePath: '' }), 'mapping: chat.example.com prod');
    assert.equal(await ask(client, { via: 'execute-api' }), 'execute-api: chat.example.com prod');
  });

  it('refuses https://domainName/stage as users report AWS does, and the log says where @connections is', async () => {
    const answer = await ask(client, { via: 'stage' });
    assert.match(
      answer,
      /^stage failed: ForbiddenException: No method found matching route prod\/@connections\/[^/ ]+ for http method POST\.$/,
    );
    const port = new URL(served.api.url).port;
    assert.ok(
      served.warnings.some(
        (w) =>
          w.startsWith(`@connections POST /prod/@connections/`) &&
          w.endsWith(`the management API is at http://127.0.0.1:${port}/@connections/ID here.`),
      ),
      served.warnings.join('\n'),
    );
  });
});

describe('local API: a WebSocket API served as its custom domain, mapped at a path', () => {
  let served: Served;

  before(async () => {
    served = await serveAsDomain('chat');
  });
  after(async () => {
    await served?.api.stop();
    served?.ws.remove();
  });

  it('is reached under the mapping, and its management API too; the stage under no mapping is 403', async () => {
    assert.match(served.api.wsUrl!, /^ws:\/\/127\.0\.0\.1:\d+\/chat$/);
    await assert.rejects(open(`${served.api.url.replace(/^http/, 'ws').replace(/\/chat$/, '')}/prod`), /HTTP 404/);
    const client = await open(served.api.wsUrl!);
    try {
      assert.equal(await ask(client, { via: 'mapping', basePath: '/chat' }), 'mapping: chat.example.com prod');
      assert.equal(await ask(client, { via: 'stage' }), 'stage failed: ForbiddenException: Forbidden');
    } finally {
      client.ws.close();
    }
  });
});

describe('local API: a WebSocket API as a custom domain with mutual TLS', () => {
  it('is refused with the reason: the local API serves mutual TLS for HTTP APIs', async () => {
    const ws = localWorkspace({ 'chat.apigw.yaml': spec('', true) });
    try {
      await assert.rejects(
        startLocalApi({ specPath: ws.file('chat.apigw.yaml'), domain: 'chat.example.com', port: 0, watch: false }),
        (e: unknown) =>
          isWorkbenchError(e) && /requires mutual TLS, which the local API serves for HTTP APIs/.test(e.message),
      );
    } finally {
      ws.remove();
    }
  });
});

describe('local API: a spec that turns its execute-api endpoint off', () => {
  it('served at its stage, says that clients reach it through the domain, and how to serve that; as the domain, says nothing', async () => {
    const off = spec('chat').replace('protocol: WEBSOCKET,', 'protocol: WEBSOCKET, disableExecuteApiEndpoint: true,');
    const ws = localWorkspace({ 'chat.apigw.yaml': off, 'chat.apigw.local.yaml': 'functions: {}\n' });
    const serve = async (domain?: string) => {
      const warnings: string[] = [];
      const api = await startLocalApi({
        specPath: ws.file('chat.apigw.yaml'),
        ...(domain ? { domain } : {}),
        port: 0,
        watch: false,
        logger: { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
      });
      await api.stop();
      return warnings.filter((w) => w.includes('execute-api'));
    };
    try {
      assert.deepEqual(await serve(), [
        'chat turns its execute-api endpoint off: on AWS clients reach the stage prod through a custom domain only; ' +
          "serve it as chat.example.com to call it as clients will (--domain, or the domain in Run Spec Locally's picker).",
      ]);
      assert.deepEqual(await serve('chat.example.com'), []);
    } finally {
      ws.remove();
    }
  });
});
