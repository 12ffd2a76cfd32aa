// What the explorer says about each resource (src/core/explorer): labels, descriptions, tooltips as data, and the one
// Markdown renderer that escapes what AWS returns.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ago,
  apiDescription,
  apiTooltip,
  deploymentDescription,
  domainDescription,
  domainTooltip,
  historyEntryText,
  integrationDescription,
  integrationTarget,
  mappingText,
  routeDescription,
  routeSettingsText,
  routeTooltip,
  stageDescription,
  stageTooltip,
} from '../../src/core/explorer/format';
import { escapeMarkdown, renderTooltip } from '../../src/core/explorer/tooltip';
import { encodeHistoryEntry, stageHistory } from '../../src/core/history';
import { protectionOfStage, specOf } from '../../src/vscode/protection';

const NOW = Date.parse('2024-05-03T14:10:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000);
const noHistory = stageHistory(undefined, 'abc123');

describe('explorer formatting', () => {
  it('ago: just now, minutes, hours, days, then the date', () => {
    assert.equal(ago(undefined, NOW), '');
    assert.equal(ago(minutesAgo(0.5), NOW), 'just now');
    assert.equal(ago(minutesAgo(3), NOW), '3 min ago');
    assert.equal(ago(minutesAgo(150), NOW), '2 h ago');
    assert.equal(ago(minutesAgo(3 * 1440), NOW), '3 d ago');
    assert.equal(ago(minutesAgo(40 * 1440), NOW), '2024-03-24');
    assert.equal(ago(new Date(NOW + 60_000), NOW), 'just now', 'a clock ahead of ours is not "in the future"');
  });

  it('names an integration by what it calls', () => {
    const lambda =
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:orders-fn/invocations';
    assert.equal(integrationTarget({ IntegrationUri: lambda }), 'orders-fn');
    assert.equal(
      integrationTarget({ IntegrationUri: 'https://legacy.example.com/{proxy}' }),
      'legacy.example.com/{proxy}',
    );
    assert.equal(integrationTarget({ IntegrationSubtype: 'SQS-SendMessage' }), 'SQS-SendMessage');
    assert.equal(integrationTarget({ IntegrationType: 'MOCK' }), 'mock');
    assert.equal(
      integrationTarget({ ConnectionType: 'VPC_LINK', ConnectionId: 'vl1', IntegrationUri: 'arn:elb' }),
      'VPC link vl1: arn:elb',
    );
    assert.equal(
      integrationDescription({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationId: 'i1' }),
      'AWS_PROXY · payload 2.0 · i1',
    );
  });

  it('describes a route by its authorization and target, by id until the integrations are loaded', () => {
    const route = { RouteId: 'r1', RouteKey: 'POST /orders', AuthorizationType: 'JWT', Target: 'integrations/abc1234' };
    assert.equal(routeDescription(route, undefined), 'JWT → integrations/abc1234');
    assert.equal(routeDescription(route, { IntegrationUri: 'https://x.example.com' }), 'JWT → x.example.com');
    assert.equal(routeDescription({ RouteKey: '$default' }, undefined), 'NONE → no integration');
    assert.deepEqual(routeTooltip(route, undefined).notes, ['Expand Integrations to see the target by name.']);
    assert.deepEqual(routeTooltip(route, { IntegrationType: 'HTTP_PROXY' }).notes, []);
  });

  it('describes a stage: deployment and the previous one, auto-deploy, age, protection', () => {
    const history = stageHistory(
      {
        'apigw:history:0': encodeHistoryEntry({ seq: 1, action: 'deploy', deploymentId: 'abc123' }),
        'apigw:history:1': encodeHistoryEntry({
          seq: 2,
          action: 'promote',
          deploymentId: 'def456',
          previous: 'abc123',
        }),
      },
      'def456',
    );
    assert.equal(
      stageDescription({ DeploymentId: 'abc123', LastUpdatedDate: minutesAgo(3) }, noHistory, undefined, NOW),
      'deployment abc123 · updated 3 min ago',
    );
    assert.equal(
      stageDescription({ AutoDeploy: true }, stageHistory(undefined, undefined), undefined, NOW),
      'not deployed · auto-deploy',
    );
    const protectedBySpec = { by: 'spec' as const, detail: 'specs/orders.apigw.yaml' };
    assert.equal(
      stageDescription({ DeploymentId: 'def456' }, history, protectedBySpec, NOW),
      'deployment def456 (previous abc123) · protected',
    );
    const rows = Object.fromEntries(
      (
        stageTooltip({ StageName: 'prod', DeploymentId: 'def456' }, history, 'https://x/prod', protectedBySpec).rows ??
        []
      ).filter(([, v]) => v !== undefined),
    );
    assert.equal(rows.Protected, 'yes (protected: true in specs/orders.apigw.yaml)');
    assert.equal(rows['Invoke URL'], 'https://x/prod');
  });

  it('route settings and history entries read as sentences', () => {
    assert.equal(routeSettingsText({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }), 'rate 100/s, burst 50');
    assert.equal(routeSettingsText({ LoggingLevel: 'OFF' }), 'defaults');
    assert.deepEqual(
      historyEntryText({
        seq: 1,
        action: 'rollback',
        deploymentId: 'a1',
        previous: 'b2',
        by: 'alice',
        at: new Date(NOW),
      }),
      {
        description: 'was b2 · rollback · by alice · 2024-05-03 14:10 UTC',
        tooltip: 'rollback to deployment a1 (it ran b2 before) by alice at 2024-05-03 14:10:00 UTC',
      },
    );
  });

  it('APIs, deployments and mappings', () => {
    assert.equal(apiDescription({ ApiId: 'a1b2c3d4e5', ProtocolType: 'WEBSOCKET' }), 'a1b2c3d4e5 · WebSocket');
    assert.equal(apiTooltip({ Name: 'orders', ProtocolType: 'HTTP' }).subtitle, 'HTTP API');
    assert.equal(
      deploymentDescription({ CreatedDate: new Date(NOW), Description: 'first release' }, ['dev', 'prod']),
      '2024-05-03 14:10 UTC · first release · runs dev, prod',
    );
    assert.deepEqual(
      mappingText('api.example.com', { ApiMappingKey: 'orders', ApiId: 'a1', Stage: 'prod' }, 'orders-api'),
      {
        label: '/orders',
        description: '→ orders-api · prod',
        tooltip: 'https://api.example.com/orders → API a1, stage prod',
      },
    );
  });
});

describe('tooltips of the fields issue 14 added', () => {
  const rows = (t: { rows?: ReadonlyArray<readonly [string, unknown]> }) =>
    Object.fromEntries((t.rows ?? []).filter(([, v]) => v !== undefined));
  it("an API's version, a route's models and route responses, a domain's IP address type and truststore", () => {
    assert.equal(
      rows(apiTooltip({ Name: 'chat', ProtocolType: 'WEBSOCKET', Version: '2024-06-01' })).Version,
      '2024-06-01',
    );
    const route = rows(
      routeTooltip(
        {
          RouteKey: 'sendMessage',
          ModelSelectionExpression: '$request.body.action',
          RequestModels: { sendMessage: 'Message' },
          RouteResponseSelectionExpression: '$default',
        },
        undefined,
      ),
    );
    assert.equal(route['Model selection'], '$request.body.action');
    assert.equal(route['Request models'], 'sendMessage → Message');
    assert.equal(route['Route responses'], '$default');
    const domain = rows(
      domainTooltip({
        DomainName: 'api.example.com',
        DomainNameConfigurations: [{ IpAddressType: 'dualstack' }],
        MutualTlsAuthentication: {
          TruststoreUri: 's3://bucket/truststore.pem',
          TruststoreWarnings: ['Certificate 1 has expired', 'Certificate 2 uses SHA-1'],
        },
      }),
    );
    assert.equal(domain['IP address type'], 'dualstack');
    assert.equal(domain['Mutual TLS truststore'], 's3://bucket/truststore.pem');
    assert.equal(domain['Truststore warnings'], 'Certificate 1 has expired; Certificate 2 uses SHA-1');
    assert.equal(
      domainDescription({
        DomainName: 'api.example.com',
        DomainNameConfigurations: [{ EndpointType: 'REGIONAL', DomainNameStatus: 'AVAILABLE' }],
        MutualTlsAuthentication: { TruststoreUri: 's3://bucket/truststore.pem' },
      }),
      'REGIONAL · AVAILABLE · mutual TLS',
    );
  });
});

describe('tooltips', () => {
  it('renders a heading, paragraphs and rows, leaving out empty rows', () => {
    assert.equal(
      renderTooltip({
        title: 'orders',
        subtitle: 'HTTP API',
        paragraphs: ['Orders service'],
        rows: [
          ['ID', 'a1'],
          ['Tags', ''],
        ],
      }),
      '**orders** — HTTP API\n\nOrders service\n\nID: `a1`  \n',
    );
  });

  it('shows what AWS returns as text: no link, image, HTML or new block of anyone else’s choosing', () => {
    const hostile =
      '![x](https://evil.example/p.png) [click](command:workbench.action.terminal.new) <img src=x> http://evil.example';
    const md = renderTooltip({
      title: hostile,
      paragraphs: [`line\n\n# heading ${hostile}`],
      rows: [['Name', 'a`b\n\n[x](y)']],
    });
    const outsideCode = md.replace(/`[^`\n]*`/g, '');
    assert.doesNotMatch(outsideCode, /(?<!\\)[[\]()<>!]/, md);
    assert.doesNotMatch(md, /https?:\/\//, 'no autolink survives');
    assert.doesNotMatch(md, /\n#/, 'no heading');
    assert.match(md, /Name: `a'b \[x\]\(y\)` {2}\n$/, 'a value stays inside its code span, on one line');
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
  });
});

describe('protection', () => {
  const spec = { file: 'specs/orders.apigw.yaml', apiName: 'orders-api', stages: { prod: { protected: true } } };
  it('a stage is protected by its spec or by its tag', () => {
    assert.deepEqual(protectionOfStage({ StageName: 'prod' }, spec), { by: 'spec', detail: 'specs/orders.apigw.yaml' });
    assert.equal(protectionOfStage({ StageName: 'dev' }, spec), undefined);
    assert.deepEqual(protectionOfStage({ StageName: 'dev', Tags: { 'apigw:protected': 'true' } }), {
      by: 'tag',
      detail: 'apigw:protected=true',
    });
  });

  it('finds the workspace spec of an API by its apigw:spec tag or its name', () => {
    const other = { file: 'other.apigw.yaml', apiName: 'other', stages: {} };
    assert.equal(specOf({ Name: 'orders-api' }, [other, spec], 'prod'), spec);
    assert.equal(specOf({ Name: 'renamed', Tags: { 'apigw:spec': 'orders-api' } }, [other, spec], 'prod'), spec);
    assert.equal(specOf({ Name: 'nothing' }, [other, spec], 'prod'), undefined);
  });
});
