// Fields AWS returns that the explorer left out (API Reference: Api, Route, Integration, Stage, Authorizer,
// DomainNameConfiguration): a quick-created API's managed route, integration and $default stage (ApiGatewayManaged),
// an imported API's ImportInfo and Warnings, a WebSocket API's DisableSchemaValidation and an integration's
// IntegrationResponseSelectionExpression, an authorizer's IdentityValidationExpression, a domain's certificate name
// and upload date. The corpus test (explorer-corpus.test.ts) checks strings and numbers only: booleans and dates are
// checked here.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiDescription,
  apiTooltip,
  authorizerTooltip,
  domainTooltip,
  integrationDescription,
  integrationTooltip,
  modelTooltip,
  routeDescription,
  routeTooltip,
  stageDescription,
  stageTooltip,
} from '../../src/core/explorer/format';
import type { Tooltip } from '../../src/core/explorer/tooltip';
import { stageHistory } from '../../src/core/history';

const rows = (t: Tooltip) => Object.fromEntries((t.rows ?? []).filter(([, v]) => v !== undefined && v !== ''));
const NOW = Date.parse('2024-05-03T14:10:00Z');

describe('explorer: fields AWS returns', () => {
  it('a quick-created API: its route, integration and $default stage say API Gateway manages them', () => {
    const route = { RouteId: 'r1', RouteKey: '$default', ApiGatewayManaged: true, Target: 'integrations/i1' };
    assert.match(rows(routeTooltip(route, undefined))['Managed by'] as string, /API Gateway \(quick create\)/);
    assert.match(routeDescription(route, undefined), / · managed$/);
    const integ = { IntegrationId: 'i1', IntegrationType: 'HTTP_PROXY', ApiGatewayManaged: true };
    assert.match(rows(integrationTooltip(integ))['Managed by'] as string, /API Gateway \(quick create\)/);
    assert.match(integrationDescription(integ), / · managed$/);
    const stage = { StageName: '$default', AutoDeploy: true, ApiGatewayManaged: true };
    assert.match(
      rows(stageTooltip(stage, stageHistory(undefined, undefined), 'https://x', undefined))['Managed by'] as string,
      /API Gateway \(quick create\)/,
    );
    assert.match(stageDescription(stage, stageHistory(undefined, undefined), undefined, NOW), /managed/);
    assert.equal(rows(routeTooltip({ RouteKey: 'GET /a' }, undefined))['Managed by'], undefined);
  });

  it('an API another service manages, and an imported API with its import information and warnings', () => {
    const api = {
      ApiId: 'a1',
      Name: 'orders',
      ProtocolType: 'HTTP',
      ApiGatewayManaged: true,
      ImportInfo: ['x-amazon-apigateway-importexport-version ignored'],
      Warnings: ["Parse issue: attribute paths.'/'.get.responses is missing", 'Unsupported security scheme'],
    };
    const r = rows(apiTooltip(api));
    assert.match(r['Managed by'] as string, /API Gateway/);
    assert.equal(r['Import info'], 'x-amazon-apigateway-importexport-version ignored');
    assert.equal(
      r['Import warnings'],
      "Parse issue: attribute paths.'/'.get.responses is missing; Unsupported security scheme",
    );
    assert.match(apiDescription(api), /2 import warnings/);
    assert.doesNotMatch(apiDescription({ ApiId: 'a2', ProtocolType: 'HTTP' }), /import|managed/);
  });

  it("a WebSocket API's schema validation, an integration's response selection, an authorizer's validation", () => {
    assert.equal(
      rows(apiTooltip({ Name: 'chat', ProtocolType: 'WEBSOCKET', DisableSchemaValidation: true }))['Model validation'],
      'off when deploying',
    );
    assert.equal(
      rows(
        integrationTooltip({
          IntegrationType: 'AWS',
          IntegrationResponseSelectionExpression: '${integration.response.statuscode}',
        }),
      )['Integration response selection'],
      '${integration.response.statuscode}',
    );
    assert.equal(
      rows(authorizerTooltip({ Name: 'a', AuthorizerType: 'REQUEST', IdentityValidationExpression: '^Bearer \\w+$' }))[
        'Identity validation'
      ],
      '^Bearer \\w+$',
    );
  });

  it("a domain's certificate name and upload date", () => {
    const r = rows(
      domainTooltip({
        DomainName: 'api.example.com',
        DomainNameConfigurations: [
          { CertificateName: 'api-example-2024', CertificateUploadDate: new Date('2024-01-02T03:04:05Z') },
        ],
      }),
    );
    assert.equal(r['Certificate name'], 'api-example-2024');
    assert.equal(r['Certificate uploaded'], '2024-01-02 03:04:05 UTC');
  });
});

describe('explorer: long values', () => {
  it("a model's schema is cut at a character, never inside one (an emoji at the cut stays whole or goes)", () => {
    const schema = `${'a'.repeat(299)}😀${'b'.repeat(50)}`;
    const shown = rows(modelTooltip({ Name: 'm', Schema: schema })).Schema as string;
    assert.doesNotMatch(
      shown,
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      'no lone surrogate',
    );
    assert.ok(shown.endsWith('…'));
    assert.ok(shown.length <= 302);
  });
});
