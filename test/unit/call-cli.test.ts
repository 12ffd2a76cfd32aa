// apigw call, apigw ws and apigw requests, in-process through main() against the local API (and the local AWS service
// for a live stage and its logs): curl-like output, --include, -d @file and -o, exit codes (5xx, --expect-status,
// usage), a timeout, tokens never printed (even when the response echoes them), a WebSocket session from standard
// input with route completion, the .http file written then updated, and --logs on a stage.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { readRequestFile } from '../../src/cli/callFile';
import { main } from '../../src/cli/main';
import type { WorkbenchError } from '../../src/core/errors';
import type { Clock } from '../../src/core/tail/clock';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { testIssuer } from '../support/jwt';
import { localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import { ordersApi } from '../localaws/seed';
import { LocalAws } from '../localaws/server';
import { bufferIo, rawControl } from './cliHelpers';
import { TEST_CREDENTIALS } from '../localaws/connection';

const ISSUER = 'https://issuer.cli.test';
const SPEC = `version: 1
api: { name: cli-call, protocol: HTTP }
integrations:
  echo: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:orders-fn" }
authorizers:
  jwt: { type: JWT, identitySources: [$request.header.Authorization], jwt: { issuer: "${ISSUER}", audience: [app] } }
routes:
  GET /orders/{id}: { integration: echo }
  POST /orders/{id}: { integration: echo }
  GET /jwt: { integration: echo, authorizer: jwt }
  GET /boom: { integration: echo }
  GET /slow: { integration: echo }
stages:
  prod: {}
`;

const ECHO = `exports.handler = async (event) => {
  console.log('handling', event.rawPath);
  if (event.rawPath.endsWith('/boom')) throw new Error('boom');
  if (event.rawPath.endsWith('/slow')) await new Promise(() => {});
  if (event.headers['content-type'] === 'application/octet-stream')
    return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: event.body };
  return { statusCode: 200, body: JSON.stringify({ path: event.rawPath, query: event.rawQueryString, authorization: event.headers.authorization }) };
};`;

const WS_SPEC = JSON.stringify({
  version: 1,
  api: { name: 'cli-ws', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
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
    echo: { integration: 'fn', routeResponseSelectionExpression: '$default' },
  },
  stages: { dev: {} },
});

const WS_FN = `exports.handler = async (event) => event.requestContext.eventType === 'MESSAGE'
  ? { statusCode: 200, body: 'echo: ' + JSON.parse(event.body).text } : { statusCode: 200 };`;
const WS_AUTH = `exports.handler = async (event) => ({ principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.queryStringParameters.token === 'let-me-in' ? 'Allow' : 'Deny', Resource: event.methodArn }] } });`;

async function* stdin(lines: string[]): AsyncGenerator<string> {
  for (const l of lines) yield `${l}\n`;
}

describe('apigw call, ws and requests', () => {
  let ws: LocalWorkspace;
  let local: LocalApi;
  let wsLocal: LocalApi;
  let aws: LocalAws;
  const iss = testIssuer(ISSUER, 'k1');
  const jwt = iss.sign({ iss: ISSUER, aud: 'app', exp: Math.floor(Date.now() / 1000) + 600, sub: 'u' });
  const run = async (args: string[], extra: Parameters<typeof bufferIo>[0] = {}) => {
    const b = bufferIo(extra);
    const code = await main(args, b.io);
    return { code, ...b.out };
  };

  before(async () => {
    ws = localWorkspace({
      'cli-call.apigw.yaml': SPEC,
      'cli-call.apigw.local.yaml': `functions:\n  orders-fn: { handler: src/echo.js, timeout: 60 }\njwt:\n  jwt: { jwksFile: jwks.json }\n`,
      'jwks.json': JSON.stringify(iss.jwks),
      'src/echo.js': ECHO,
      'cli-ws.apigw.json': WS_SPEC,
      'cli-ws.apigw.local.yaml': 'functions:\n  wsfn: { handler: src/fn.js }\n  wsauth: { handler: src/auth.js }\n',
      'src/fn.js': WS_FN,
      'src/auth.js': WS_AUTH,
      'body.bin': '',
    });
    fs.writeFileSync(ws.file('body.bin'), Buffer.from([0, 1, 2, 0xfe, 0xff]));
    [local, wsLocal] = await Promise.all([
      startLocalApi({ specPath: ws.file('cli-call.apigw.yaml'), stage: 'prod', port: 0, watch: false }),
      startLocalApi({ specPath: ws.file('cli-ws.apigw.json'), stage: 'dev', port: 0, watch: false }),
    ]);
    // The live stage of the logs test: orders-api/prod whose endpoint (as an emulator reports it) is the local API.
    const api = ordersApi({ apiEndpoint: `http://127.0.0.1:${local.port}` } as never);
    api.stages = api.stages!.map((s) =>
      s.stageName === 'prod'
        ? {
            ...s,
            accessLogSettings: {
              destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/access/prod',
              format: '{}',
            },
          }
        : s,
    );
    aws = await LocalAws.start({
      seed: {
        apis: [api],
        logGroups: ['/access/prod', '/aws/lambda/orders-fn'].map((logGroupName) => ({
          logGroupName,
          streams: [{ logStreamName: 's' }],
        })),
      },
      config: { apigatewayRate: null },
    });
  });
  after(async () => {
    await Promise.all([local?.stop(), wsLocal?.stop(), aws?.close()]);
    ws?.remove();
  });

  const L = () => ['--local', local.url, '--spec', ws.file('cli-call.apigw.yaml')];

  it('prints the body like curl, the status, timing and request id on stderr; --include adds the head', async () => {
    const r = await run(['call', ...L(), 'GET /orders/42?a=1', '--query', 'b=x y']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { path: '/prod/orders/42', query: 'a=1&b=x%20y' });
    assert.match(
      r.stderr,
      /^200 OK · \d+ bytes · connect .* total .* · request id \S+ · route GET \/orders\/\{id\}\n$/,
    );
    const inc = await run(['call', ...L(), '-i', 'GET /orders/1']);
    assert.match(inc.stdout, /^HTTP\/1\.1 200 OK\n(.+: .+\n)+\n\{\n {2}"path": "\/prod\/orders\/1"/);
  });

  it('sends -d @file bytes and writes -o FILE as received', async () => {
    const out = ws.file('out.bin');
    const r = await run([
      'call',
      ...L(),
      'POST /orders/1',
      '-d',
      `@${ws.file('body.bin')}`,
      '-H',
      'Content-Type: application/octet-stream',
      '-o',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...fs.readFileSync(out)], [0, 1, 2, 0xfe, 0xff]);
    assert.equal(r.stdout, '');
  });

  it('never prints the token: APIGW_TOKEN and -H Authorization both reach the route, the echoed value is scrubbed', async () => {
    const env = { ...process.env, APIGW_TOKEN: jwt };
    const a = await run(['call', ...L(), 'GET /jwt', '-i'], { extra: { env } });
    assert.equal(a.code, 0, a.stderr);
    const b = await run(['call', ...L(), 'GET /jwt', '-H', `Authorization: Bearer ${jwt}`]);
    assert.equal(b.code, 0, b.stderr);
    for (const out of [a, b]) {
      const all = out.stdout + out.stderr;
      assert.ok(!all.includes(jwt) && !all.includes(jwt.split('.')[2]!), 'the token is not printed');
      assert.match(all, /\[redacted/);
      assert.equal(rawControl(all), undefined);
    }
    const none = await run(['call', ...L(), 'GET /jwt'], { extra: { env: { PATH: process.env.PATH } } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /GET \/jwt needs a JWT from https:\/\/issuer\.cli\.test/);
  });

  it('exits 1 on a 5xx and on an --expect-status mismatch, 0 when the status is the one expected; a timeout says so', async () => {
    const boom = await run(['call', ...L(), 'GET /boom']);
    assert.equal(boom.code, 1);
    assert.match(boom.stderr, /the route GET \/boom answered 500/);
    assert.equal((await run(['call', ...L(), 'GET /boom', '--expect-status', '500'])).code, 0);
    const miss = await run(['call', ...L(), 'GET /nope', '--expect-status', '200']);
    assert.equal(miss.code, 1);
    assert.match(miss.stderr, /expected status 200, got 404/);
    const slow = await run(['call', ...L(), 'GET /slow', '--timeout', '0.3s']);
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /apigw call: No answer from http:\/\/127\.0\.0\.1:\d+ within 0\.3 s/);
  });

  it("--file sends a .http file's requests in order: environment, chained names, --var for a prompt, every exit code", async () => {
    const dir = ws.file('reqs');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/http-client.env.json`, JSON.stringify({ dev: { who: 'ann' }, qa: { who: 'bob' } }));
    fs.writeFileSync(
      `${dir}/http-client.private.env.json`,
      JSON.stringify({ dev: { key: 'priv-9f2e' }, qa: { key: 'priv-qa-77' } }),
    );
    const file = `${dir}/smoke.http`;
    fs.writeFileSync(
      file,
      [
        '@baseUrl = https://example.com/prod',
        '',
        '### first',
        '# @name first',
        'GET {{baseUrl}}/orders/1?tag={{who}}&k={{key}}',
        '',
        '### second',
        '# @name second',
        '# @prompt code',
        'GET {{baseUrl}}/orders/2?from={{first.response.body.$.query}}&code={{code}}',
        '',
        '### boom',
        '# @name boom',
        'GET {{baseUrl}}/boom',
        '',
        '### a session',
        'WEBSOCKET ws://127.0.0.1:1/prod',
        '',
      ].join('\n'),
    );
    const all = await run(['call', ...L(), '--file', file, '--env', 'dev', '--var', 'code=7']);
    assert.equal(all.code, 1, all.stderr);
    assert.deepEqual(
      all.stderr.split('\n').filter((l) => l.startsWith('###')),
      ['### first (line 5)', '### second (line 10)', '### boom (line 14)'],
    );
    // The private environment file's value is sent (the echo has it) and never printed.
    assert.match(all.stdout, /"query": "tag=ann&k=\[redacted\]"/);
    assert.match(all.stdout, /"query": "from=tag=ann&k=\[redacted\]&code=7"/);
    assert.ok(!(all.stdout + all.stderr).includes('priv-9f2e'));
    assert.match(all.stderr, /the route GET \/boom answered 500/);
    assert.match(all.stderr, /smoke\.http: line 17: a WebSocket request, which apigw ws opens, not sent/);
    const one = await run(['call', ...L(), '--file', file, '--env', 'qa', '--name', 'first']);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout), { path: '/prod/orders/1', query: 'tag=bob&k=[redacted]' });
    for (const [args, said] of [
      [['--env', 'dev'], /second asks for \{\{code\}\} \(# @prompt\): give it with --var code=VALUE/],
      [['--name', 'nope'], /No request of the file is named nope: its names are first, second, boom/],
      [
        ['--env', 'prod', '--name', 'first'],
        /No environment prod in http-client\.env\.json, http-client\.private\.env\.json or \.vscode\/settings\.json: there are dev, qa/,
      ],
      [['--name', 'first', 'GET /x'], /Give the request line or --file, not both/],
    ] as const) {
      const r = await run(['call', ...L(), '--file', file, ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, said);
    }
    // A line the parser cannot read: refused before anything is sent.
    fs.writeFileSync(`${dir}/bad.http`, '### a\nGET {{baseUrl}}/orders/1\n\n### b\nsend /x\n');
    const before = local.requests().length;
    const bad = await run(['call', ...L(), '--file', `${dir}/bad.http`]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(
      bad.stderr,
      /bad\.http:5: not a request line: expected METHOD URL, found "send \/x"\. .*nothing was sent/,
    );
    assert.equal(local.requests().length, before);
    // A FIFO in the request file's place is refused, not waited on.
    execFileSync('mkfifo', [`${dir}/fifo.http`]);
    const fifo = await run(['call', ...L(), '--file', `${dir}/fifo.http`]);
    assert.notEqual(fifo.code, 0);
    assert.match(fifo.stderr, /fifo\.http cannot be read: not a regular file \(a FIFO\)/);
    // A request whose body file is a device: read up to the bound and refused, nothing sent.
    fs.writeFileSync(
      `${dir}/zero.http`,
      'POST {{baseUrl}}/orders\nContent-Type: application/octet-stream\n\n< /dev/zero\n',
    );
    const sent = local.requests().length;
    const zero = await run(['call', ...L(), '--file', `${dir}/zero.http`]);
    assert.notEqual(zero.code, 0);
    assert.match(zero.stderr, /The body file \/dev\/zero holds more than 32 MB/);
    assert.equal(local.requests().length, sent);
    const noFile = await run(['call', ...L(), 'GET /x', '--name', 'first']);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /--name goes with --file/);
  });

  it('--file: a "# @note" request is asked about on a terminal, refused elsewhere without --yes; $aadToken is said unsupported', async () => {
    const dir = ws.file('notes');
    fs.mkdirSync(dir, { recursive: true });
    const file = `${dir}/note.http`;
    fs.writeFileSync(
      file,
      [
        '@baseUrl = https://example.com/prod',
        '',
        '### first',
        'GET {{baseUrl}}/orders/1',
        '',
        '### delete',
        '# @name wipe',
        '# @note wipes the order',
        'POST {{baseUrl}}/orders/2',
        '',
      ].join('\n'),
    );
    const before = local.requests().length;
    const refused = await run(['call', ...L(), '--file', file]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /the request wipe is marked "# @note".*add --yes to send it \(nothing was sent\)/);
    assert.equal(local.requests().length, before);
    const no = await run(['call', ...L(), '--file', file], { answers: ['n'] });
    assert.equal(no.code, 1, no.stderr);
    assert.deepEqual(no.asked, ['Send the request wipe (wipes the order)? [y/N] ']);
    assert.match(no.stderr, /the request wipe was not sent, nor the requests after it/);
    assert.equal(local.requests().length, before + 1, 'the request before it was sent');
    const yes = await run(['call', ...L(), '--file', file], { answers: ['y'] });
    assert.equal(yes.code, 0, yes.stderr);
    const forced = await run(['call', ...L(), '--file', file, '--yes']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(local.requests().length, before + 5);
    // A private value the URL percent-encodes is still never printed, as sent or as the route echoes it.
    fs.writeFileSync(`${dir}/http-client.private.env.json`, JSON.stringify({ dev: { key: 'priv 9f|2e' } }));
    fs.writeFileSync(`${dir}/secret.http`, 'GET {{baseUrl}}/orders/1?k={{key}}\n');
    const secret = await run(['call', ...L(), '--file', `${dir}/secret.http`, '--env', 'dev', '-i']);
    assert.equal(secret.code, 0, secret.stderr);
    assert.match(secret.stdout, /"query": "k=\[redacted\]"/);
    for (const shown of ['priv 9f|2e', 'priv%209f%7C2e', '9f%7C2e'])
      assert.ok(!(secret.stdout + secret.stderr).includes(shown), shown);
    fs.writeFileSync(`${dir}/aad.http`, 'GET {{baseUrl}}/orders/1\nAuthorization: {{$aadToken new}}\n');
    const aad = await run(['call', ...L(), '--file', `${dir}/aad.http`]);
    assert.notEqual(aad.code, 0);
    assert.match(aad.stderr, /\{\{\$aadToken new\}\}, which Send does not fill/);
    assert.match(aad.stderr, /an Azure AD sign-in\) is not supported/);
    assert.equal(local.requests().length, before + 6);
  });

  it("--file's environments: REST Client's setting in the working directory's .vscode/settings.json, under the file's variables", () => {
    const dir = ws.file('settings-env');
    fs.mkdirSync(`${dir}/.vscode`, { recursive: true });
    fs.writeFileSync(
      `${dir}/.vscode/settings.json`,
      '{\n  // REST Client\'s environments\n  "rest-client.environmentVariables": { "$shared": { "tag": "s" }, "dev": { "who": "carol", "mine": "env" } },\n}\n',
    );
    fs.writeFileSync(`${dir}/r.http`, '@mine = file\n\n### a\nGET {{baseUrl}}/orders/{{who}}?t={{tag}}&m={{mine}}\n');
    const run = readRequestFile({ file: 'r.http', names: [], env: 'dev', vars: [], cwd: dir });
    assert.deepEqual(Object.fromEntries(run.environment.under), { tag: 's', who: 'carol', mine: 'env' });
    const none = readRequestFile({ file: 'r.http', names: [], env: undefined, vars: [], cwd: dir });
    assert.deepEqual(Object.fromEntries(none.environment.under), { tag: 's' });
    fs.writeFileSync(`${dir}/.vscode/settings.json`, '{"rest-client.environmentVariables": ');
    assert.throws(
      () => readRequestFile({ file: 'r.http', names: [], env: 'dev', vars: [], cwd: dir }),
      (err: WorkbenchError) =>
        /settings\.json is not JSON: ValueExpected/.test(err.message) &&
        /VS Code's workspace settings are one JSON object/.test(err.hint ?? ''),
    );
    fs.writeFileSync(`${dir}/.vscode/settings.json`, '{"rest-client.environmentVariables": {"dev": {}}}');
    assert.throws(
      () => readRequestFile({ file: 'r.http', names: [], env: 'qa', vars: [], cwd: dir }),
      /No environment qa in http-client\.env\.json, http-client\.private\.env\.json or \.vscode\/settings\.json: there are dev/,
    );
  });

  it('usage errors exit 2 with the usage', async () => {
    for (const args of [
      ['call'],
      ['call', 'GET /x'],
      ['call', ...L(), 'GET /x', '-H', 'no colon'],
      ['call', ...L(), 'GET /x', '--logs'],
      ['call', ...L(), 'GET /x', '--timeout', 'soon'],
      ['call', ...L(), 'GET /x', '--expect-status', '2000'],
      ['call', '--local', 'http://10.1.2.3:3000/prod', 'GET /x'],
      ['call', ...L(), 'x'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  /** `apigw ws` to the local chat API, let in, until one message came back (or 20 s). */
  const wsSession = () => [
    'ws',
    '--local',
    wsLocal.wsUrl!,
    '--spec',
    ws.file('cli-ws.apigw.json'),
    '--query',
    'token=let-me-in',
    '--count',
    '1',
    '--linger',
    '20s',
  ];

  it('apigw ws: stdin lines are sent, frames printed with times, /routes offers the route messages', async () => {
    const r = await run([...wsSession(), '--echo'], {
      extra: { stdin: () => stdin(['/routes', '{"action":"echo","text":"hi"}']) },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /echo: \{"action": "echo"\}/);
    assert.match(
      r.stdout,
      /^\d\d:\d\d:\d\d\.\d{3} {2}> \{"action":"echo","text":"hi"\}\n\d\d:\d\d:\d\d\.\d{3} {2}< echo: hi\n$/,
    );
    assert.ok(!r.stderr.includes('let-me-in'), 'the identity source is not printed');
    const refused = await run(
      ['ws', '--local', wsLocal.wsUrl!, '--spec', ws.file('cli-ws.apigw.json'), '--query', 'token=no'],
      {
        extra: { stdin: () => stdin([]) },
      },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the connection.*403/);
  });

  it('apigw ws: a line over the 128 KB message quota is refused with a message, and the lines after it are sent', async () => {
    const big = JSON.stringify({ action: 'echo', text: 'x'.repeat(130 * 1024) });
    const r = await run(wsSession(), {
      extra: { stdin: () => stdin([big, '{"action":"echo","text":"after"}']) },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /131 KB; API Gateway takes WebSocket messages of 128 KB at most/);
    assert.match(r.stdout, /< echo: after\n$/);
  });

  it('apigw requests writes the .http file beside the spec, then updates it keeping an edit', async () => {
    const spec = ws.file('cli-call.apigw.yaml');
    const first = await run(['requests', spec]);
    assert.equal(first.code, 0, first.stderr);
    const file = ws.file('cli-call.http');
    assert.match(first.stderr, /Wrote .*cli-call\.http: 5 requests/);
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('GET {{baseUrl}}/boom', 'GET {{baseUrl}}/boom?mine=1'),
    );
    fs.writeFileSync(
      spec,
      SPEC.replace('  GET /slow: { integration: echo }\n', '  DELETE /orders/{id}: { integration: echo }\n'),
    );
    const second = await run(['requests', spec]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Updated .*: 1 added, 3 regenerated, 1 edited kept, 1 removed\./);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(
      text.includes('/boom?mine=1') && text.includes('DELETE {{baseUrl}}/orders/{{id}}') && !text.includes('/slow'),
    );
    fs.writeFileSync(spec, SPEC);
    const printed = await run(['requests', spec, '-o', '-']);
    assert.match(printed.stdout, /^# cli-call: one request per route of cli-call\.apigw\.yaml/);
  });

  it('--logs on a stage: the request, then its access line and Lambda lines once CloudWatch has them', async () => {
    const logs = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    // The test plays CloudWatch's ingestion: at the first pause it writes the lines of the request the local API served.
    let now = Date.now();
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        const rec = local.requests().at(-1)!;
        const lambda = '44444444-5555-4666-8777-888888888888';
        void Promise.all([
          logs.send(
            new PutLogEventsCommand({
              logGroupName: '/access/prod',
              logStreamName: 's',
              logEvents: [
                {
                  timestamp: now,
                  message: JSON.stringify({
                    requestId: rec.requestId,
                    routeKey: 'GET /orders/{id}',
                    status: '200',
                    integrationRequestId: lambda,
                  }),
                },
              ],
            }),
          ),
          logs.send(
            new PutLogEventsCommand({
              logGroupName: '/aws/lambda/orders-fn',
              logStreamName: 's',
              logEvents: [
                { timestamp: now, message: `START RequestId: ${lambda} Version: $LATEST` },
                { timestamp: now + 1, message: `REPORT RequestId: ${lambda}\tDuration: 1 ms` },
              ],
            }),
          ),
        ]).then(() => {
          now += ms;
          fn();
        });
        return 0;
      },
      clearTimeout: () => undefined,
    };
    const env = {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: aws.endpoint,
    };
    const r = await run(['call', '--api', 'orders-api', '--stage', 'prod', 'GET /orders/9', '--logs', '--utc'], {
      extra: { env, clock, sessionOptions: { credentials: TEST_CREDENTIALS } },
    });
    logs.destroy();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Waiting for CloudWatch Logs: access log, orders-fn \(0 s\)…/);
    assert.match(r.stdout, /access\s+GET\s+\/orders\/\{id\}\s+200/);
    assert.match(r.stdout, /orders-fn\s+START RequestId: 44444444/);
    assert.match(r.stderr, /1 access log line, 2 Lambda lines for request/);
  });
});
