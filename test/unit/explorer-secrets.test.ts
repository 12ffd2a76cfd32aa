// What the explorer shows of AWS's values holds no secret: an HTTP integration's URI with a password in it, a
// static Authorization or API key header that parameter mapping sends to the backend, a stage variable or tag named
// like a secret. AWS returns them in the clear to whoever may read the API; a tree label or a hovered tooltip is
// seen by whoever looks at the screen (and screenshots). References to where a value comes from at run time
// ($request.header.Authorization, route.request.header.x-api-key, ${stageVariables.token}) are shown: they hold none.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiTooltip,
  integrationDescription,
  integrationTarget,
  integrationTooltip,
  stageTooltip,
  stageVariableRows,
} from '../../src/core/explorer/format';
import { renderTooltip } from '../../src/core/explorer/tooltip';
import { stageHistory } from '../../src/core/history';

// No character Markdown escapes: a secret the tooltip shows is found as itself.
const PASSWORD = 'pw9f3k2LmQ';
const API_KEY = 'key7Hs8d0Qx3Zp';
const BASIC = 'dXNlcjpwYXNzd29yZDEyMw==';

describe('explorer: no secret in labels and tooltips', () => {
  const integration = {
    IntegrationId: 'i1',
    IntegrationType: 'HTTP_PROXY',
    IntegrationMethod: 'ANY',
    IntegrationUri: `https://svc:${PASSWORD}@backend.example.com/{proxy}`,
    RequestParameters: {
      'overwrite:header.x-api-key': API_KEY,
      'append:header.Authorization': `Basic ${BASIC}`,
      'overwrite:header.x-trace-id': '$context.requestId',
      'overwrite:header.x-upstream-token': '${stageVariables.upstreamToken}',
    },
  };

  it("an integration's label and tooltip do not show the URI's password", () => {
    assert.equal(integrationTarget(integration), 'svc:****@backend.example.com/{proxy}');
    const md = renderTooltip(integrationTooltip(integration));
    assert.ok(!md.includes(PASSWORD), md);
    assert.match(md, /backend\\\.example\\\.com|backend\.example\.com/);
    assert.ok(!integrationDescription(integration).includes(PASSWORD));
  });

  it('a static secret header of parameter mapping is redacted; references to run-time values are shown', () => {
    const md = renderTooltip(integrationTooltip(integration));
    assert.ok(!md.includes(API_KEY), md);
    assert.ok(!md.includes(BASIC), md);
    assert.match(md, /overwrite:header\.x-api-key → \[redacted\]/);
    assert.match(md, /overwrite:header\.x-trace-id → \$context\.requestId/);
    assert.match(md, /overwrite:header\.x-upstream-token → \$\{stageVariables\.upstreamToken\}/);
  });

  it("a WebSocket integration's static header (a quoted value) is redacted, its route references are not", () => {
    const ws = {
      IntegrationType: 'HTTP',
      IntegrationUri: 'https://backend.example.com/ws',
      RequestParameters: {
        'integration.request.header.Authorization': `'Bearer ${API_KEY}'`,
        'integration.request.header.x-api-key': 'route.request.header.x-api-key',
      },
    };
    const md = renderTooltip(integrationTooltip(ws));
    assert.ok(!md.includes(API_KEY), md);
    assert.match(md, /integration\.request\.header\.x-api-key → route\.request\.header\.x-api-key/);
  });

  it('stage variables and tags named like secrets show no value', () => {
    const vars = { dbPassword: PASSWORD, backendHost: 'backend.example.com', authToken: '${stageVariables.x}' };
    assert.deepEqual(stageVariableRows(vars), [
      ['dbPassword', '[redacted]'],
      ['backendHost', 'backend.example.com'],
      ['authToken', '${stageVariables.x}'],
    ]);
    const stage = { StageName: 'prod', Tags: { 'deploy-token': API_KEY, team: 'orders' } };
    const md = renderTooltip(stageTooltip(stage, stageHistory(stage.Tags, undefined), 'https://x', undefined));
    assert.ok(!md.includes(API_KEY), md);
    assert.match(md, /team=orders/);
    assert.ok(!renderTooltip(apiTooltip({ Name: 'a', Tags: { apiKey: API_KEY } })).includes(API_KEY));
  });

  it('any value a tooltip shows passes the redactor (a bearer token in a description)', () => {
    const md = renderTooltip(apiTooltip({ Name: 'a', Description: `call with Authorization: Bearer ${API_KEY}` }));
    assert.ok(!md.includes(API_KEY), md);
  });
});
