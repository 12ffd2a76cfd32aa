// Secrets planted where the local API and `apigw invoke` read them (env files, the mapping's environment, handlers'
// log lines) must never reach what the workbench prints, while the handler still gets the real values.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { requestDetailText } from '../../src/core/local/traffic';
import { redact } from '../../src/core/redact';
import { startLocalApi } from '../../src/local/server';
import { lambdaHttpSpec, localWorkspace, type LocalWorkspace } from '../support/localWorkspace';
import { bufferIo } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const ECHO = `exports.handler = async () => ({ ok: true });\n`;

describe('apigw invoke --event that is not JSON: where it stops, never the text around it', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'svc.apigw.yaml': lambdaHttpSpec('svc', { 'GET /a': 'fn' }),
      'svc.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
      'fn.js': ECHO,
      // A captured event with a token under a name no redactor knows, one quote lost.
      'event.json': '{"headers": {"x-auth": CANARYEVENTTOKEN1"}}',
    });
  });
  after(() => ws?.remove());

  for (const [how, event] of [
    ['given', '{"headers": {"x-auth": CANARYEVENTTOKEN1"}}'],
    ['from a file', '@FILE'],
  ] as const)
    it(`an event ${how}`, async () => {
      const b = bufferIo();
      const arg = event === '@FILE' ? `@${ws.file('event.json')}` : event;
      const code = await main(['invoke', ws.file('svc.apigw.yaml'), '--function', 'fn', '--event', arg], b.io);
      assert.equal(code, 2, b.out.stderr);
      assert.match(b.out.stderr, /--event is not JSON: InvalidSymbol at character 24/);
      assert.doesNotMatch(b.out.stderr + b.out.stdout, /CANARY/);
    });
});

describe('env files: an error says where, never what the line holds', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'svc.apigw.yaml': lambdaHttpSpec('svc', { 'GET /a': 'fn' }),
      'pem.apigw.local.yaml': 'envFile: pem.env\nfunctions:\n  fn: { handler: fn.js }\n',
      'name.apigw.local.yaml': 'envFile: name.env\nfunctions:\n  fn: { handler: fn.js }\n',
      'sam.apigw.local.yaml': 'envFile: sam.json\nfunctions:\n  fn: { handler: fn.js }\n',
      'fn.js': ECHO,
      // An unquoted PEM value: its second line is not KEY=value.
      'pem.env': 'PRIVATE_KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFCANARYPEMLINE\n',
      // A base64 secret with its padding: the text before = is no variable name.
      'name.env': 'A=1\nMIIEvQIBADANBgkq+/CANARYPEMNAME==\n',
      // SAM's env-vars JSON with an unquoted value: JSON.parse's message quotes the text around it.
      'sam.json': '{"Parameters": {"STRIPE": sk_live_CANARYSAMJSON}}\n',
    });
  });
  after(() => ws?.remove());

  async function invoke(mapping: string) {
    const b = bufferIo();
    const code = await main(
      ['invoke', ws.file('svc.apigw.yaml'), '--function', 'fn', '--handlers', ws.file(mapping)],
      b.io,
    );
    return { code, ...b.out };
  }

  it('a line that is not KEY=value: its file and line, not its text', async () => {
    const r = await invoke('pem.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /pem\.env, line 2: no = or : after a variable name/);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|MIIE/);
  });

  it('a name that is not a variable name: its file and line, not the name', async () => {
    const r = await invoke('name.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /name\.env, line 2: the text before = is not a variable name/);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|MIIE/);
  });

  it("SAM's env-vars JSON that is not JSON: where it stops, not the text around it", async () => {
    const r = await invoke('sam.apigw.local.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /sam\.json is not JSON: InvalidSymbol at character 27\./);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY|sk_live/);
  });
});

// Logs the secrets its environment holds with no name beside them, and says it got the real values.
const BARE = `exports.handler = async () => {
  const env = process.env;
  console.log('connecting with', env.DB_PASSWORD, 'and', env.VENDOR_API_KEY);
  console.log('signing with ' + env.AWS_SECRET_ACCESS_KEY);
  console.error(new Error('refused: ' + env.SESSION_TOKEN).message);
  process.stdout.write(env.SIGNING_PRIVATE_KEY + '\\n');
  return {
    real: env.DB_PASSWORD === 'CANARYMAPPINGPASS1' && env.VENDOR_API_KEY === 'CANARYENVFILEKEY2' &&
      env.AWS_SECRET_ACCESS_KEY === 'CANARYSHELLSECRET3' && env.SESSION_TOKEN === 'CANARYSAMTOKEN4',
  };
};
`;

describe("a handler's log lines: the run's known secrets are redacted with no name beside them", () => {
  let ws: LocalWorkspace;
  const saved = { ...process.env };
  before(() => {
    ws = localWorkspace({
      'svc.apigw.yaml': lambdaHttpSpec('svc', { 'GET /a': 'fn' }),
      'svc.apigw.local.yaml': [
        'envFile: .env.local',
        'functions:',
        '  fn: { handler: fn.js, envFile: sam.json, environment: { DB_PASSWORD: CANARYMAPPINGPASS1 } }',
        'iam:',
        '  credentials:',
        '    - { accessKeyId: AKIDLOCALLOCALLOCAL1, secretAccessKey: CANARYIAMSECRET5 }',
        '',
      ].join('\n'),
      '.env.local':
        'VENDOR_API_KEY=CANARYENVFILEKEY2\n' +
        'SIGNING_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nCANARYPEMLINEONE6\nCANARYPEMLINETWO7\n-----END PRIVATE KEY-----"\n',
      'sam.json': '{"Parameters": {"SESSION_TOKEN": "CANARYSAMTOKEN4"}}\n',
      'fn.js': BARE,
    });
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSHELLSHELLSHELL1';
    process.env.AWS_SECRET_ACCESS_KEY = 'CANARYSHELLSECRET3';
  });
  after(() => {
    process.env = saved;
    ws?.remove();
  });

  it('apigw invoke: the handler gets the real values; its log on stderr shows none of them', async () => {
    const b = bufferIo();
    const code = await main(['invoke', ws.file('svc.apigw.yaml'), '--function', 'fn'], b.io);
    assert.equal(code, 0, b.out.stderr);
    assert.deepEqual(JSON.parse(b.out.stdout), { real: true });
    assert.match(b.out.stderr, /connecting with \[redacted\] and \[redacted\]/);
    assert.match(b.out.stderr, /signing with \[redacted\]/);
    assert.match(b.out.stderr, /refused: \[redacted\]/);
    assert.doesNotMatch(b.out.stderr + b.out.stdout, /CANARY/);
  });

  it('the built dist/cli.js: the engine (dist/local.js) and the writer (dist/cli.js) share what is held', async () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first');
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const args = [bin, 'invoke', ws.file('svc.apigw.yaml'), '--function', 'fn'];
      execFile(process.execPath, args, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { real: true });
    assert.match(r.stderr, /connecting with \[redacted\] and \[redacted\]/);
    assert.doesNotMatch(r.stderr + r.stdout, /CANARY/);
  });

  it("the local API's log events and request details, through redact(), while it runs; nothing held after stop", async () => {
    const api = await startLocalApi({ specPath: ws.file('svc.apigw.yaml'), port: 0, watch: false });
    const lines: string[] = [];
    api.events.on('log', (l) => lines.push(l.line));
    try {
      const res = await fetch(`${api.url}/a`);
      assert.equal(res.status, 200);
      const record = api.requests().at(-1)!;
      const shown = redact(`${lines.join('\n')}\n${JSON.stringify(api.request(record.requestId))}`);
      assert.match(shown, /connecting with \[redacted\] and \[redacted\]/);
      assert.doesNotMatch(shown, /CANARY/);
      assert.equal(redact('a bare CANARYIAMSECRET5'), 'a bare [redacted]');
    } finally {
      await api.stop();
    }
    assert.equal(redact('CANARYMAPPINGPASS1 after stop'), 'CANARYMAPPINGPASS1 after stop');
  });
});

// Says whether it got each planted value.
const GOT = `exports.handler = async (event) => {
  const mv = event.multiValueQueryStringParameters || {};
  const h = event.multiValueHeaders || {};
  return { statusCode: 200, body: JSON.stringify({
    query: String(mv.access_token) === 'CANARYQUERY1,CANARYQUERY2',
    key: String(h['x-api-key']) === 'CANARYAPIKEY3',
    token: String(h['x-amz-security-token']) === 'CANARYSECTOKEN4',
  }) };
};
`;

describe("Show Request Details' document (requestDetailText): payload 1.0's lists of values under secret names", () => {
  let ws: LocalWorkspace;
  let api: Awaited<ReturnType<typeof startLocalApi>>;
  before(async () => {
    ws = localWorkspace({
      'v1.apigw.yaml': lambdaHttpSpec('v1', { 'GET /a': 'fn' }).replace('"2.0"', '"1.0"'),
      'v1.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n',
      'fn.js': GOT,
    });
    api = await startLocalApi({ specPath: ws.file('v1.apigw.yaml'), port: 0, watch: false });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
  });

  it('the handler gets every value; the document, pretty-printed, shows none of them', async () => {
    const res = await fetch(`${api.url}/a?access_token=CANARYQUERY1&access_token=CANARYQUERY2&x=1`, {
      headers: { 'x-api-key': 'CANARYAPIKEY3', 'x-amz-security-token': 'CANARYSECTOKEN4' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { query: true, key: true, token: true });
    const text = requestDetailText(api.request(api.requests().at(-1)!.requestId)!);
    assert.doesNotMatch(text, /CANARY/);
    assert.match(text, /"access_token": \["\[redacted\]", "\[redacted\]"\]/);
    assert.match(text, /"x-api-key": \["\[redacted\]"\]/);
    // Still JSON, with what is no secret as it was.
    const doc = JSON.parse(text) as { invocations: Array<{ event: { multiValueQueryStringParameters: unknown } }> };
    assert.deepEqual((doc.invocations[0]!.event.multiValueQueryStringParameters as { x: string[] }).x, ['1']);
  });
});

const AUTH_SPEC = `version: 1
api: { name: authed, protocol: HTTP }
integrations:
  fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:us-east-1:123456789012:function:fn
    payloadFormatVersion: "2.0"
authorizers:
  gate:
    type: REQUEST
    uri: arn:aws:lambda:us-east-1:123456789012:function:gate
    identitySources: [$request.header.X-Caller]
    payloadFormatVersion: "2.0"
    enableSimpleResponses: true
routes:
  GET /a: { integration: fn, authorizer: gate }
stages:
  dev:
    accessLog:
      destinationArn: arn:aws:logs:us-east-1:123456789012:log-group:authed
      format: '{"t":"$context.authorizer.apiToken","plan":"$context.authorizer.plan","id":"$context.requestId"}'
`;

describe("the stage's access log line: a context variable named like a secret", () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'authed.apigw.yaml': AUTH_SPEC,
      'authed.apigw.local.yaml': 'functions:\n  fn: { handler: fn.js }\n  gate: { handler: gate.js }\n',
      'gate.js': `exports.handler = async () => ({ isAuthorized: true, context: { apiToken: 'CANARYCTXTOKEN1', plan: 'gold' } });\n`,
      'fn.js': `exports.handler = async (e) => ({ statusCode: 200, body: String(e.requestContext.authorizer.lambda.apiToken === 'CANARYCTXTOKEN1') });\n`,
    });
  });
  after(() => ws?.remove());

  it('is [redacted] in the line (Show Request Details, apigw serve --access-log); the integration gets it', async () => {
    const api = await startLocalApi({ specPath: ws.file('authed.apigw.yaml'), port: 0, watch: false });
    try {
      const res = await fetch(`${api.url}/a`, { headers: { 'x-caller': 'c1' } });
      assert.equal(await res.text(), 'true');
      const record = api.requests().at(-1)!;
      const line = api.request(record.requestId)!.accessLog!;
      assert.equal(line, `{"t":"[redacted]","plan":"gold","id":"${record.requestId}"}`);
    } finally {
      await api.stop();
    }
  });
});

describe('a mapping file whose iam.credentials is not a list (broken on disk)', () => {
  let ws: LocalWorkspace;
  before(() => {
    ws = localWorkspace({
      'svc.apigw.yaml': lambdaHttpSpec('svc', { 'GET /a': 'fn' }),
      'svc.apigw.local.yaml': 'iam:\n  credentials: 5\nfunctions:\n  fn: { handler: fn.js }\n',
      'fn.js': ECHO,
    });
  });
  after(() => ws?.remove());

  it('still serves: the secrets a run holds are read from what the file has (none here)', async () => {
    const api = await startLocalApi({ specPath: ws.file('svc.apigw.yaml'), port: 0, watch: false });
    try {
      assert.equal((await fetch(`${api.url}/a`)).status, 200);
    } finally {
      await api.stop();
    }
  });
});
