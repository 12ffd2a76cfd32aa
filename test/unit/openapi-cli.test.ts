// `apigw import` and `apigw export` in-process through main(): AWS's documented OpenAPI examples in, the diagnostics
// printed as `apigw validate` prints them, re-imports into the existing spec (names and stages survive), what is
// refused (an overwrite without --force, errors: nothing written), VPC links read from the local AWS service only when
// a document names one; the whole loop against that service (deploy, AWS's export, import, plan: no changes); then the
// built dist/cli.js with its lazy openapi bundle.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-apigatewayv2';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { validateSpec } from '../../src/core/gatewaySpec';
import { useLocalAws } from '../localaws/fixture';
import { bufferIo } from './cliHelpers';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { quickSessionOptions } from '../localaws/sessions';
import { exampleFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'openapi');
const PETS = path.join(FIXTURES, 'aws-docs-pet-store.json');
const PRIVATE = path.join(FIXTURES, 'aws-docs-private-integration.yaml');
const ORDERS = exampleFiles().find((f) => f.includes('orders'))!;
const CHAT = exampleFiles().find((f) => f.includes('chat'))!;
const DIAGNOSTIC = /^(.+):(\d+):(\d+) (error|warning|info) ((OAS|APIGW)\d{3}) .+$/;

/** An OpenAPI document whose only route is protected by a scheme API Gateway cannot enforce (OAS300). */
const BEARER = `openapi: 3.0.1
info: { title: bearer, version: "1" }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
paths:
  /things:
    get:
      security: [{ bearer: [] }]
      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: https://example.com/things, payloadFormatVersion: "1.0" }
`;

describe('apigw import / export', () => {
  const aws = useLocalAws();
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-openapi-cli-'));
    await aws.reset({
      region: 'eu-west-1',
      vpcLinks: [{ name: 'alb-link', subnetIds: ['subnet-0a1b2c3d4e5f60718'], vpcLinkId: 'abc123' }],
    });
  });

  const at = (name: string) => path.join(dir, name);
  async function cli(...args: string[]) {
    const r = bufferIo({
      extra: {
        env: {},
        sessionOptions: { credentials: TEST_CREDENTIALS, ...quickSessionOptions(2) },
      },
    });
    const code = await main([...args, '--endpoint-url', aws.endpoint, '--region', 'eu-west-1'], r.io);
    return { code, stdout: r.out.stdout, stderr: r.out.stderr };
  }
  const vpcLinkCalls = async () => (await aws.calls({ operation: 'GetVpcLinks' })).length;

  it("import: AWS's pet store example to a spec that validates clean; notes as file:line:col lines; no AWS call", async () => {
    const r = await cli('import', PETS, '-o', at('pets.apigw.yaml'));
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 2 && lines.every((l) => DIAGNOSTIC.test(l) && l.startsWith(`${PETS}:`)), r.stdout);
    assert.match(r.stdout, /:\d+:\d+ info OAS102 6 schemas \(models\)/);
    assert.match(
      r.stderr,
      /^apigw import: wrote .*pets\.apigw\.yaml from .*: 3 routes, 3 integrations, 0 authorizers; 0 errors, 0 warnings, \d+ notes\.$/m,
    );
    const text = fs.readFileSync(at('pets.apigw.yaml'), 'utf8');
    assert.match(text, /^# Imported by apigw from aws-docs-pet-store\.json\.\n/);
    const v = validateSpec(text, { fileName: 'pets.apigw.yaml' });
    assert.deepEqual(
      v.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(Object.keys(v.model!.routes!).sort(), ['GET /pets', 'GET /pets/{petId}', 'POST /pets']);
    assert.equal(await vpcLinkCalls(), 0, 'no VPC link named: AWS is not read');
    const json = await cli('import', PETS, '-o', at('pets.apigw.json'));
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(fs.readFileSync(at('pets.apigw.json'), 'utf8')).api.name, 'Example Pet Store');
  });

  it('import into the existing -o spec: its stages and integration names survive; another --base needs --force', async () => {
    const file = at('pets.apigw.yaml');
    assert.equal((await cli('import', PETS, '-o', file)).code, 0);
    const spec = parse(fs.readFileSync(file, 'utf8'));
    const [generated] = Object.keys(spec.integrations);
    spec.integrations = Object.fromEntries(
      Object.entries(spec.integrations).map(([k, v]) => [k === generated ? 'pets-list' : k, v]),
    );
    for (const r of Object.values(spec.routes) as Array<{ integration: string }>)
      if (r.integration === generated) r.integration = 'pets-list';
    spec.stages = { prod: { description: 'kept by the re-import', throttling: { burstLimit: 10, rateLimit: 5 } } };
    fs.writeFileSync(file, JSON.stringify(spec));
    const again = await cli('import', PETS, '-o', file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /wrote .*pets\.apigw\.yaml \(into the existing spec\)/);
    const merged = parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(merged.stages, spec.stages);
    assert.ok(merged.integrations['pets-list'], Object.keys(merged.integrations).join(', '));
    assert.equal(merged.routes['GET /pets'].integration, 'pets-list');

    const other = at('other.apigw.yaml');
    fs.writeFileSync(other, 'keep me');
    let r = await cli('import', PETS, '-o', other, '--base', file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /other\.apigw\.yaml exists and is not the --base: add --force to overwrite it/);
    assert.equal(fs.readFileSync(other, 'utf8'), 'keep me');
    r = await cli('import', PETS, '-o', other, '--base', file, '--force');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parse(fs.readFileSync(other, 'utf8')).stages, spec.stages);
  });

  it('errors: listed, exit 1, nothing written; unusable inputs and bad arguments exit 2', async () => {
    fs.writeFileSync(at('bearer.yaml'), BEARER);
    let r = await cli('import', at('bearer.yaml'), '-o', at('bearer.apigw.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bearer\.yaml:\d+:\d+ error OAS300 /);
    assert.match(r.stderr, /bearer\.yaml: 1 error, .*: nothing was written\.$/m);
    assert.ok(!fs.existsSync(at('bearer.apigw.yaml')));
    r = await cli('import', ORDERS, '-o', at('x.apigw.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /error OAS002 /);

    fs.writeFileSync(at('broken.apigw.yaml'), 'version: 1\n');
    r = await cli('import', PETS, '-o', at('broken.apigw.yaml'));
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /broken\.apigw\.yaml has \d+ errors?: nothing was written: an existing -o SPEC is what the import goes into/,
    );
    assert.equal(fs.readFileSync(at('broken.apigw.yaml'), 'utf8'), 'version: 1\n');
    const usage: Array<[string[], RegExp]> = [
      [['import', PETS], /missing --output: --output SPEC is required: the spec file to write/],
      [['import', PETS, '-o', at('a.apigw.json'), '--format', 'yaml'], /--format yaml does not match .*a\.apigw\.json/],
      [['import', at('none.yaml'), '-o', at('n.apigw.yaml')], /cannot read .*none\.yaml: no such file or directory/],
      [['export', ORDERS, '--format', 'swagger'], /--format must be openapi, not swagger/],
      [['export', ORDERS, '--stage', 'qa'], /Stage qa is not in the spec \(its stages: dev, prod\)/],
    ];
    for (const [args, message] of usage) {
      const u = await cli(...args);
      assert.equal(u.code, 2, `${args.join(' ')}: ${u.stderr}`);
      assert.match(u.stderr, message);
    }
    r = await cli('import', PETS, '-o', at('pets.txt'));
    assert.equal(r.code, 0);
    assert.match(r.stderr, /warning: .*pets\.txt is not named as a spec file/);
  });

  it('a VPC link known only by its id is read from AWS; when AWS cannot be read, the import says so and writes nothing', async () => {
    let r = await cli('import', PRIVATE, '-o', at('private.apigw.yaml'));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(await vpcLinkCalls(), 1);
    const spec = parse(fs.readFileSync(at('private.apigw.yaml'), 'utf8'));
    assert.deepEqual(Object.keys(spec.vpcLinks), ['alb-link']);
    assert.deepEqual(
      Object.values(spec.integrations).map((i) => (i as { vpcLink: string }).vpcLink),
      ['alb-link'],
    );

    await aws.addFaults([
      { operation: 'GetVpcLinks', kind: 'error', status: 403, code: 'AccessDeniedException', message: 'no' },
    ]);
    r = await cli('import', PRIVATE, '-o', at('denied.apigw.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^apigw import: could not read the VPC links from AWS: .*apigateway:GET/m);
    assert.match(r.stdout, /error OAS203 The VPC link abc123 is known here only by its id/);
    assert.ok(!fs.existsSync(at('denied.apigw.yaml')));
  });

  it('export: OpenAPI 3.0 on stdout (diagnostics on stderr, placed in the spec), JSON to a file; WebSocket refused', async () => {
    let r = await cli('export', ORDERS, '--stage', 'prod');
    assert.equal(r.code, 0, r.stderr);
    const doc = parse(r.stdout);
    assert.equal(doc.openapi, '3.0.1');
    assert.equal(doc.servers[0].variables.basePath.default, 'prod');
    // The example's VPC link is not in this account: its name stands for the id, and the export says so.
    assert.equal(await vpcLinkCalls(), 1);
    assert.match(r.stderr, /orders-api\.apigw\.yaml:\d+:\d+ warning OAS501 .*internal/);
    const stages = /orders-api\.apigw\.yaml:(\d+):\d+ info OAS500 Stage prod:/.exec(r.stderr);
    assert.ok(stages, r.stderr);
    const specLines = fs.readFileSync(ORDERS, 'utf8').split('\n');
    assert.match(specLines[Number(stages[1]) - 1]!, /^ {2}prod:$/);
    assert.match(
      r.stderr,
      /^apigw export: wrote the document \(OpenAPI 3\.0, yaml\) from .*: 0 errors, \d+ warnings?, \d+ notes\.$/m,
    );

    r = await cli('export', ORDERS, '-o', at('orders.json'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /warning OAS501/, 'with -o the diagnostics are on stdout, as apigw validate prints them');
    assert.equal(JSON.parse(fs.readFileSync(at('orders.json'), 'utf8')).info.title, 'orders-api');

    r = await cli('export', CHAT, '-o', at('chat.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /chat-api is a WebSocket API: OpenAPI describes HTTP APIs only/);
    assert.ok(!fs.existsSync(at('chat.yaml')));
    fs.writeFileSync(
      at('bad.apigw.yaml'),
      'version: 1\napi: { name: x, protocol: HTTP }\nroutes:\n  GET /a: { integration: nope }\n',
    );
    r = await cli('export', at('bad.apigw.yaml'), '-o', at('bad.yaml'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bad\.apigw\.yaml:4:\d+ error APIGW\d+ .*nope/);
    assert.match(r.stderr, /bad\.apigw\.yaml has 1 error: nothing was written\./);
    assert.ok(!fs.existsSync(at('bad.yaml')));
  });

  it("the loop: deploy the example, AWS's export imported into the spec, then plan: no changes", async () => {
    const spec = at('orders-api.apigw.yaml');
    fs.copyFileSync(ORDERS, spec);
    let r = await cli('deploy', spec, '--stage', 'prod', '--yes', '--confirm-stage', 'prod');
    assert.equal(r.code, 0, r.stderr);
    const c = new sdk.ApiGatewayV2Client({
      region: 'eu-west-1',
      endpoint: aws.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    const apiId = (await c.send(new sdk.GetApisCommand({}))).Items!.find((a) => a.Name === 'orders-api')!.ApiId!;
    const exported = await c.send(
      new sdk.ExportApiCommand({ ApiId: apiId, Specification: 'OAS30', OutputType: 'YAML', StageName: 'prod' }),
    );
    fs.writeFileSync(at('exported.yaml'), new TextDecoder().decode(exported.body));
    c.destroy();
    r = await cli('import', at('exported.yaml'), '-o', spec);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    r = await cli('plan', spec, '--stage', 'prod');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No changes/);

    // And out again: the VPC link the deploy made is named by its id, as ImportApi needs it.
    r = await cli('export', spec, '--output-format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const link = JSON.parse(r.stdout).components['x-amazon-apigateway-integrations']['inventory-private'];
    assert.equal(link.connectionType, 'VPC_LINK');
    assert.match(link.connectionId, /^[a-z0-9]+$/);
    assert.notEqual(link.connectionId, 'internal');
    assert.doesNotMatch(r.stderr, /OAS501/);
  });

  it('the built dist/cli.js imports and exports through its lazy openapi bundle', () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first');
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    let r = run('import', PETS, '-o', at('pets.apigw.yaml'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /info OAS102/);
    r = run('export', at('pets.apigw.yaml'), '--output-format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout).paths).sort(), ['/pets', '/pets/{petId}']);
    fs.writeFileSync(at('bearer.yaml'), BEARER);
    r = run('import', at('bearer.yaml'), '-o', at('bearer.apigw.yaml'));
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error OAS300/);
  });
});
