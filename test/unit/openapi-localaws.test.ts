// The promise: import an OpenAPI document exported from an API, then plan the spec against the API it came
// from — no changes. The local AWS service answers ExportApi as AWS writes it (its request checked against the SDK's
// model), through the real @aws-sdk/client-apigatewayv2 client; the plan is deploy's own planner.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-apigatewayv2';
import { NormalizedSchema } from '@smithy/core/schema';
import { parse } from 'yaml';
import { planDeploy } from '../../src/aws/deploy';
import { vpcLinksById } from '../../src/aws/openapi';
import type { Plan } from '../../src/core/deploy/plan';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { importOpenApi, type ImportOptions } from '../../src/core/openapi';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { chatApi, ordersApi } from '../localaws/seed';
import { corpusFiles, corpusForeignApis, deploy, exampleFiles, loadSpec } from './deployHelpers';
import { REPO_ROOT } from './helpers';
import { canonical } from './openapiSpecs';

const REGION = 'eu-west-1';

function client(endpoint: string): sdk.ApiGatewayV2Client {
  return new sdk.ApiGatewayV2Client({ region: REGION, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

async function exportText(
  c: sdk.ApiGatewayV2Client,
  apiId: string,
  o: { stage?: string; type?: 'JSON' | 'YAML'; extensions?: boolean } = {},
): Promise<string> {
  const out = await c.send(
    new sdk.ExportApiCommand({
      ApiId: apiId,
      Specification: 'OAS30',
      OutputType: o.type ?? 'YAML',
      ...(o.stage ? { StageName: o.stage } : {}),
      ...(o.extensions === false ? { IncludeExtensions: false } : {}),
    }),
  );
  return new TextDecoder().decode(out.body);
}

async function apiIdOf(c: sdk.ApiGatewayV2Client, name: string): Promise<string> {
  const apis = await c.send(new sdk.GetApisCommand({}));
  return apis.Items!.find((a) => a.Name === name)!.ApiId!;
}

function changesOf(plan: Plan): string[] {
  return plan.changes.map((x) => `${x.action} ${x.kind} ${x.name} ${JSON.stringify(x.fields)}`);
}

async function importValid(text: string, options: ImportOptions): Promise<GatewaySpec> {
  const r = await importOpenApi(text, options);
  assert.ok(
    r.valid,
    r.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.pointer} ${d.message}`)
      .join('\n'),
  );
  return r.spec!;
}

describe('local AWS service: ExportApi', () => {
  const aws = useLocalAws({ reset: () => ({ region: REGION, apis: [ordersApi(), chatApi()] }) });
  let c: sdk.ApiGatewayV2Client;
  before(() => {
    c = client(aws.endpoint);
  });

  it('serves the operation, labels and query the SDK model names, and answers the body as its blob payload', async () => {
    const http = (sdk.ExportApi$ as unknown as unknown[])[3] as { http: [string, string, number] };
    assert.deepEqual(http.http, ['GET', '/v2/apis/{ApiId}/exports/{Specification}', 200]);
    const members = [...NormalizedSchema.of(sdk.ExportApiRequest$ as never).structIterator()].map(([name, m]) => [
      name,
      JSON.stringify(m.getMergedTraits()),
    ]);
    assert.deepEqual(Object.fromEntries(members), {
      ApiId: '{"httpLabel":1}',
      OutputType: '{"httpQuery":"outputType"}',
      Specification: '{"httpLabel":1}',
      ExportVersion: '{"httpQuery":"exportVersion"}',
      IncludeExtensions: '{"httpQuery":"includeExtensions"}',
      StageName: '{"httpQuery":"stageName"}',
    });
    const [[, body]] = [...NormalizedSchema.of(sdk.ExportApiResponse$ as never).structIterator()];
    assert.ok(body.isBlobSchema() && body.getMergedTraits().httpPayload);
    const id = await apiIdOf(c, 'orders-api');
    await c.send(
      new sdk.ExportApiCommand({
        ApiId: id,
        Specification: 'OAS30',
        OutputType: 'JSON',
        StageName: 'prod',
        IncludeExtensions: true,
        ExportVersion: '1.0',
      }),
    );
    const call = (await aws.calls({ operation: 'ExportApi' })).at(-1)!;
    assert.equal(call.status, 200);
    assert.deepEqual(
      { ...call.params, path: undefined },
      { outputType: 'JSON', stageName: 'prod', includeExtensions: 'true', exportVersion: '1.0', path: undefined },
    );
  });

  it("writes the API as AWS's export does: inline integrations, oauth2 JWT scheme, stage basePath, YAML or JSON", async () => {
    const id = await apiIdOf(c, 'orders-api');
    const yaml = parse(await exportText(c, id, { stage: 'prod' }));
    const json = JSON.parse(await exportText(c, id, { stage: 'prod', type: 'JSON' }));
    assert.deepEqual(yaml, json);
    assert.equal(json.openapi, '3.0.1');
    assert.equal(json['x-amazon-apigateway-importexport-version'], '1.0');
    assert.equal(json.servers[0].variables.basePath.default, 'prod');
    assert.deepEqual(json.tags, [{ name: 'team', 'x-amazon-apigateway-tag-value': 'orders' }]);
    const post = json.paths['/orders'].post;
    assert.deepEqual(post.security, [{ cognito: ['orders/write'] }]);
    assert.deepEqual(post['x-amazon-apigateway-integration'], {
      payloadFormatVersion: '2.0',
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:orders-fn',
      connectionType: 'INTERNET',
    });
    assert.deepEqual(json.paths['/legacy/{proxy+}'].parameters[0].name, 'proxy+');
    assert.deepEqual(json.components.securitySchemes.cognito.flows, {});
    const plain = await exportText(c, id, { type: 'JSON', extensions: false });
    assert.ok(
      !/x-amazon-apigateway-(integration|authorizer|cors|importexport|tag-value)/.test(plain),
      'no extensions when asked for none',
    );
  });

  it('refuses what AWS refuses: a WebSocket API, an unknown stage, an unknown output type, an API without routes', async () => {
    const chat = await apiIdOf(c, 'chat');
    await assert.rejects(exportText(c, chat), /Export is supported only for HTTP APIs/);
    const id = await apiIdOf(c, 'orders-api');
    await assert.rejects(exportText(c, id, { stage: 'qa' }), (e: Error) => e.name === 'NotFoundException');
    await assert.rejects(
      c.send(new sdk.ExportApiCommand({ ApiId: id, Specification: 'OAS30', OutputType: 'XML' })),
      /Invalid outputType XML/,
    );
    const empty = await c.send(new sdk.CreateApiCommand({ Name: 'empty', ProtocolType: 'HTTP' }));
    await assert.rejects(exportText(c, empty.ApiId!), /no routes/);
  });
});

describe('import of an exported OpenAPI document, then plan against the API it came from', () => {
  const aws = useLocalAws({ reset: { apis: corpusForeignApis(REGION) } });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });
  let c: sdk.ApiGatewayV2Client;
  before(() => {
    c = client(aws.endpoint);
  });

  it('orders-api deployed from its spec: imported into the spec, no changes; console edits come in and still plan empty', async () => {
    const session = sessions.session();
    const spec = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    const { report } = await deploy(session, spec, { stage: 'prod' });
    assert.ok(report.ok);
    const id = await apiIdOf(c, 'orders-api');
    const options = { fileName: 'orders.yaml', base: spec, vpcLinks: await vpcLinksById(session) };
    const imported = await importValid(await exportText(c, id, { stage: 'prod' }), options);
    const planned = await planDeploy(session, imported, { stage: 'prod' });
    assert.deepEqual(changesOf(planned.plan), []);
    assert.deepEqual(planned.plan.kept, []);
    assert.equal(planned.plan.deployment?.needed, false);

    // Edits made outside the spec: the export carries them into the import, so the plan still finds nothing to do.
    const integrations = await c.send(new sdk.GetIntegrationsCommand({ ApiId: id }));
    const orders = integrations.Items!.find((i) => /orders-/.test(i.IntegrationUri ?? ''))!;
    await c.send(
      new sdk.UpdateIntegrationCommand({ ApiId: id, IntegrationId: orders.IntegrationId!, TimeoutInMillis: 7000 }),
    );
    await c.send(
      new sdk.CreateRouteCommand({
        ApiId: id,
        RouteKey: 'GET /orders/{orderId}/items',
        Target: `integrations/${orders.IntegrationId}`,
      }),
    );
    const again = await importValid(await exportText(c, id, { stage: 'prod' }), options);
    assert.equal(again.integrations!['orders-fn']!.timeoutMs, 7000);
    assert.equal(again.routes!['GET /orders/{orderId}/items']!.integration, 'orders-fn');
    assert.deepEqual(changesOf((await planDeploy(session, again, { stage: 'prod' })).plan), []);
    const stale = await planDeploy(session, spec, { stage: 'prod' });
    assert.deepEqual(
      stale.plan.changes.map((x) => `${x.action} ${x.kind} ${x.name}`),
      ['update integration orders-fn', 'delete route GET /orders/{orderId}/items'],
      'the spec alone would undo the edits: the import is what brought them in',
    );
  });

  const fixtures = [
    'aws-docs-pet-store.json',
    'aws-docs-integrations-reuse.json',
    'aws-docs-default-route.yaml',
    'aws-docs-authorizers.yaml',
    'aws-samples-direct-integrations.yaml',
    'aws-export-http-api.json',
    'sam-translator-implicit-auth-none.yaml',
    'sam-translator-lambda-auth-full.yaml',
    'sam-translator-cors.yaml',
    'sam-translator-default-iam.yaml',
    'sam-translator-multiple-authorizers.yaml',
    'serverless-patterns-apigw-sfn.yaml',
    'serverless-patterns-appsync-proxy.yaml',
    'serverless-patterns-eventbridge-terraform.json',
    'serverless-patterns-fifo-sqs.yaml',
    'sessions-with-aws-sam-multi-level-mapping.yaml',
  ];
  for (const file of fixtures) {
    it(`${file}: imported, deployed, exported by the service and imported again — the same spec, and no changes`, async () => {
      const session = sessions.session();
      const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'openapi', file), 'utf8');
      const first = await importValid(text, { fileName: file });
      const { report } = await deploy(session, first);
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
      const id = await apiIdOf(c, first.api.name);
      // Names given in components.x-amazon-apigateway-integrations do not survive AWS's export, which writes
      // integrations out under each operation: such a spec keeps them by importing into itself (docs/OPENAPI.md).
      const base = text.includes('x-amazon-apigateway-integrations') ? { base: first } : {};
      const second = await importValid(await exportText(c, id), { fileName: 'export.yaml', ...base });
      assert.deepEqual(canonical(second), canonical(first), "every field survives AWS's export form");
      assert.deepEqual(
        Object.keys(second.integrations ?? {}).sort(),
        Object.keys(first.integrations ?? {}).sort(),
        'and the names',
      );
      const planned = await planDeploy(session, second);
      assert.deepEqual(changesOf(planned.plan), []);
      assert.deepEqual(planned.plan.kept, []);
    });
  }

  // The real-world corpus's HTTP APIs (test/fixtures/corpus/valid): deployed, exported by the service, imported into
  // their own spec (as a user brings console edits in), and planned.
  for (const file of corpusFiles()) {
    const spec = loadSpec(file);
    if (spec.api.protocol !== 'HTTP') continue;
    it(`corpus ${path.basename(file)}: deployed, exported, imported into its spec: no changes`, async () => {
      const session = sessions.session();
      const stage = Object.keys(spec.stages ?? {})[0];
      const { report } = await deploy(session, spec, stage ? { stage } : {});
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
      const id = await apiIdOf(c, spec.api.name);
      const options = { fileName: 'export.yaml', base: spec, vpcLinks: await vpcLinksById(session) };
      const imported = await importValid(await exportText(c, id, stage ? { stage } : {}), options);
      const planned = await planDeploy(session, imported, stage ? { stage } : {});
      assert.deepEqual(changesOf(planned.plan), []);
      assert.deepEqual(planned.plan.kept, []);
    });
  }

  it('an API made outside the workbench: the plan adopts it and records the integration names, nothing else', async () => {
    await aws.reset({ region: REGION, apis: [ordersApi()] });
    const session = sessions.session();
    const id = await apiIdOf(c, 'orders-api');
    const imported = await importValid(await exportText(c, id, { stage: 'prod' }), { fileName: 'orders.yaml' });
    const planned = await planDeploy(session, imported, { deletes: false });
    assert.equal(planned.match.status, 'adopt');
    assert.deepEqual(
      planned.plan.changes.map((x) => `${x.action} ${x.kind} ${x.name} ${x.fields.map((f) => f.path).join(',')}`),
      [
        'update api orders-api tags["apigw:spec"]',
        'update integration legacy.example.com name',
        'update integration orders-fn name',
      ],
    );
    assert.deepEqual(planned.plan.kept.map((x) => `${x.kind} ${x.name}`).sort(), ['stage dev', 'stage prod']);
  });
});
