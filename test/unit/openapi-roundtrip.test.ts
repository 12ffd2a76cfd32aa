// spec → OpenAPI → spec: the identity for everything OpenAPI carries (judged by the canonical form deploy compares),
// and everything it cannot carry reported by the export — never dropped silently. The exported documents are
// OpenAPI 3.0 in the form AWS's ImportApi reads.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse, parseDocument, visit } from 'yaml';
import { diffFields } from '../../src/core/deploy/plan';
import { isWorkbenchError } from '../../src/core/errors';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { exportOpenApi, importOpenApi, pathOf, type OpenApiDiagnostic } from '../../src/core/openapi';
import { deployBenchSpec, generateSpec } from '../bench/specgen';
import { corpusFiles, exampleFiles, loadSpec, parseSpec } from './deployHelpers';
import { canonical, carried, randomHttpSpec, withExportedVersion } from './openapiSpecs';

/** The VPC links of a spec under made-up ids, for both directions. */
function linkIds(spec: GatewaySpec) {
  const names = Object.keys(spec.vpcLinks ?? {});
  return {
    vpcLinkIds: Object.fromEntries(names.map((n, i) => [n, `vl${i}abc`])),
    vpcLinks: Object.fromEntries(names.map((n, i) => [`vl${i}abc`, { name: n, link: spec.vpcLinks![n]! }])),
  };
}

async function roundTrip(spec: GatewaySpec, format: 'json' | 'yaml', base?: GatewaySpec) {
  const ids = linkIds(spec);
  const out = exportOpenApi(spec, { format, vpcLinkIds: ids.vpcLinkIds });
  const back = await importOpenApi(out.text, {
    fileName: `api.${format}`,
    vpcLinks: ids.vpcLinks,
    ...(base ? { base } : {}),
  });
  return { out, back };
}

function errorsOf(diagnostics: OpenApiDiagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.pointer} ${d.message}`);
}

/** Every difference between the original and the round trip lies under a place the export reported. */
function assertReported(original: GatewaySpec, back: GatewaySpec, reported: OpenApiDiagnostic[]): void {
  const places = reported.map((d) => pathOf(d.pointer));
  const before = canonical(original) as unknown as Record<string, Record<string, unknown>>;
  const after = canonical(back) as unknown as Record<string, Record<string, unknown>>;
  for (const kind of Object.keys(before)) {
    for (const name of new Set([...Object.keys(before[kind]!), ...Object.keys(after[kind] ?? {})])) {
      for (const f of diffFields(before[kind]![name], after[kind]?.[name])) {
        // route throttling is folded into the stages' route settings; a stage is reported as a whole
        const field = f.path.split(/[.[]/)[0]!;
        const covered = places.some(
          (p) =>
            (p[0] === kind && p[1] === name && (p.length === 2 || p[2] === field)) ||
            (kind === 'stages' && p[0] === 'stages' && p[1] === name) ||
            (kind === 'mappings' && p[0] === 'domains'),
        );
        assert.ok(
          covered,
          `${kind} ${name} ${f.path}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)} was not reported`,
        );
      }
    }
  }
}

describe('OpenAPI round trip: spec → OpenAPI → spec', () => {
  const specs: Array<[string, GatewaySpec]> = [
    ...exampleFiles()
      .map((f): [string, GatewaySpec] => [f.split('/').pop()!, loadSpec(f)])
      .filter(([, s]) => s.api.protocol === 'HTTP'),
    ...corpusFiles()
      .map((f): [string, GatewaySpec] => [`corpus: ${path.basename(f)}`, loadSpec(f)])
      .filter(([, s]) => s.api.protocol === 'HTTP'),
    ['bench spec, 60 routes', parseSpec(JSON.stringify(generateSpec(60)), 'bench.apigw.json')],
    ['deploy bench spec', deployBenchSpec({ routes: 40, stages: 3 })],
    ...Array.from({ length: 25 }, (_v, i): [string, GatewaySpec] => [`generated #${i + 1}`, randomHttpSpec(i + 1)]),
  ];
  for (const [name, spec] of specs) {
    for (const format of ['yaml', 'json'] as const) {
      it(`${name} (${format}): what OpenAPI carries comes back identical; the rest is reported`, async () => {
        const { out, back } = await roundTrip(spec, format);
        assert.deepEqual(errorsOf(back.diagnostics), []);
        assert.ok(back.valid);
        assert.deepEqual(canonical(back.spec!), canonical(carried(spec)));
        assert.deepEqual(
          Object.keys(back.spec!.integrations ?? {}).sort(),
          Object.keys(spec.integrations ?? {}).sort(),
        );
        assert.deepEqual(
          back.diagnostics.filter((d) => d.code === 'OAS003'),
          [],
          'the export is valid OpenAPI',
        );
        assertReported(spec, back.spec!, out.diagnostics);
      });
    }
    it(`${name}: imported into the spec itself, everything comes back`, async () => {
      const { back } = await roundTrip(spec, 'yaml', spec);
      assert.deepEqual(errorsOf(back.diagnostics), []);
      assert.deepEqual(canonical(back.spec!), canonical(withExportedVersion(spec)));
    });
  }

  it("inline integrations (ExportApi's own form): the same API, integrations named by what they call", async () => {
    const spec = randomHttpSpec(77);
    const ids = linkIds(spec);
    const out = exportOpenApi(spec, { format: 'json', integrations: 'inline', vpcLinkIds: ids.vpcLinkIds });
    assert.ok(!out.text.includes('#/components/x-amazon-apigateway-integrations'));
    assert.ok(out.diagnostics.some((d) => d.pointer === '/integrations' && /carry no names/.test(d.message)));
    const back = await importOpenApi(out.text, { vpcLinks: ids.vpcLinks });
    assert.deepEqual(errorsOf(back.diagnostics), []);
    const target = (s: GatewaySpec) =>
      Object.fromEntries(
        Object.entries(canonical(s).routes).map(([key, r]) => {
          const { integration, ...rest } = r;
          return [key, { ...rest, integration: integration ? canonicalIntegration(s, integration) : undefined }];
        }),
      );
    assert.deepEqual(target(back.spec!), target(carried(spec)));
  });

  it('inline integrations in YAML: written out in full under each operation, never as anchors and aliases', () => {
    const spec = parseSpec(`version: 1
api: { name: shared, protocol: HTTP, version: "1" }
integrations:
  orders: { type: AWS_PROXY, uri: "arn:aws:lambda:eu-west-1:123456789012:function:orders" }
routes:
  GET /orders: { integration: orders }
  POST /orders: { integration: orders }
`);
    const out = exportOpenApi(spec, { format: 'yaml', integrations: 'inline' });
    let aliases = 0;
    visit(parseDocument(out.text), { Alias: () => void aliases++ });
    assert.equal(aliases, 0, out.text);
    const paths = (parse(out.text) as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths;
    for (const method of ['get', 'post'])
      assert.equal(paths['/orders']![method]!['x-amazon-apigateway-integration']!['type' as never], 'aws_proxy');
  });

  it('the export is OpenAPI 3.0 by swagger-parser too, in the form ImportApi reads', async () => {
    const spec = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    const { document } = exportOpenApi(spec, {
      format: 'json',
      region: 'eu-west-1',
      accountId: '123456789012',
      vpcLinkIds: { internal: 'abc123' },
    });
    await SwaggerParser.validate(structuredClone(document) as never);
    assert.equal(document.openapi, '3.0.1');
    assert.equal(document['x-amazon-apigateway-importexport-version'], '1.0');
    const text = JSON.stringify(document);
    assert.ok(!/\$\{aws:/.test(text), 'no spec variables left');
    assert.match(
      text,
      /arn:aws:apigateway:eu-west-1:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:eu-west-1:123456789012:function:orders-\$\{stageVariables.fnSuffix\}\/invocations/,
    );
    for (const item of Object.values(document.paths as Record<string, Record<string, any>>)) {
      for (const [key, op] of Object.entries(item)) {
        if (key === 'parameters') continue;
        assert.ok((op.security ?? []).length <= 1, 'AWS allows one security requirement per operation');
        assert.ok(op.responses?.default, 'every operation has a response, as OpenAPI 3.0 wants');
      }
    }
    const integrations = (document.components as any)['x-amazon-apigateway-integrations'];
    for (const i of Object.values(integrations) as any[]) {
      assert.match(String(i.payloadFormatVersion), /^(1|2)\.0$/, 'AWS requires payloadFormatVersion for HTTP APIs');
      assert.match(i.type, /^(aws_proxy|http_proxy)$/);
    }
    assert.equal(integrations['inventory-private'].connectionId, 'abc123');
  });

  it("without account and region, ImportApi's own variables stand for them", () => {
    const spec = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    const { text } = exportOpenApi(spec, { format: 'yaml' });
    assert.match(text, /arn:aws:iam::\$\{AWS::AccountId\}:role\/orders-api-sqs/);
    assert.match(text, /https:\/\/sqs\.\$\{AWS::Region\}\.amazonaws\.com\/\$\{AWS::AccountId\}\/order-events/);
  });

  it('reports each part OpenAPI cannot carry at its place in the spec', () => {
    const spec = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    const { diagnostics } = exportOpenApi(spec, { format: 'yaml', stage: 'prod' });
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.pointer);
    assert.deepEqual(at('OAS500').sort(), [
      '/api/version',
      '/domains/api.shop.example.com',
      '/integrations/catalog-http/description',
      '/integrations/inventory-private/description',
      '/integrations/order-events/description',
      '/integrations/orders-fn/description',
      '/routes/POST ~1orders/throttling',
      '/stages/dev',
      '/stages/prod',
      '/vpcLinks/internal',
    ]);
    assert.deepEqual(at('OAS501'), ['/integrations/inventory-private/vpcLink']);
    const versioned = exportOpenApi({ ...spec, api: { ...spec.api, version: '2024-06-01' } }, { format: 'json' });
    assert.equal((versioned.document.info as { version: string }).version, '2024-06-01');
    assert.ok(!versioned.diagnostics.some((d) => d.pointer === '/api/version'));
  });

  it('refuses a WebSocket spec and an unknown stage with a WorkbenchError that says why', () => {
    const ws = loadSpec(exampleFiles().find((f) => f.includes('chat'))!);
    assert.throws(
      () => exportOpenApi(ws, { format: 'yaml' }),
      (e: unknown) =>
        isWorkbenchError(e) &&
        e.code === 'Unsupported' &&
        /WebSocket API: OpenAPI describes HTTP APIs only/.test(e.message),
    );
    const http = loadSpec(exampleFiles().find((f) => f.includes('orders'))!);
    assert.throws(
      () => exportOpenApi(http, { format: 'yaml', stage: 'qa' }),
      (e: unknown) => isWorkbenchError(e) && e.code === 'InvalidArgument' && /its stages: dev, prod/.test(e.message),
    );
  });
});

function canonicalIntegration(spec: GatewaySpec, name: string): unknown {
  const { name: _n, description: _d, ...rest } = canonical(spec).integrations[name] ?? {};
  return rest;
}
