// The editor features on the pure side: completion, hover, definition, references, rename, outline, and the
// quick fixes' edits applied to real text in both formats.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpecDocument, validateSpec, type SpecFormat, type TextEdit } from '../../src/core/gatewaySpec';
import {
  completions,
  definition,
  documentSymbols,
  hover,
  occurrences,
  prepareRename,
  references,
  rename,
  templatePlaces,
} from '../../src/core/gatewaySpec/service';
import { accessLogVariableDoc, accessLogVariables } from '../../src/core/gatewaySpec/accessLogVariables';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { corpusFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';
import { flowStyle, httpSpec, toText, wsSpec } from './specBuilders';

/** The text with `|` removed, and the cursor offset it marked. */
function cursor(marked: string): [string, number] {
  const i = marked.indexOf('|');
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

const YAML_HTTP = `version: 1
api:
  name: orders
  protocol: HTTP
integrations:
  orders-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:eu-west-1:123456789012:function:orders
  catalog:
    type: HTTP_PROXY
    uri: https://catalog.example.com
routes:
  GET /items:
    integration: orders-fn
  GET /catalog:
    integration: catalog
stages:
  prod:
    routeSettings:
      GET /items: {}
`;

describe('spec completion', () => {
  it('offers integration names for a route in YAML', () => {
    const [text, at] = cursor(YAML_HTTP.replace('integration: catalog', 'integration: |'));
    const items = completions(new SpecDocument(text, 'yaml'), at).items;
    assert.deepEqual(
      items.map((i) => [i.label, i.kind]),
      [
        ['orders-fn', 'reference'],
        ['catalog', 'reference'],
      ],
    );
  });

  it('offers integration names under YAML route keys with path parameters and commas', () => {
    for (const key of ['GET /items/{id}', 'ANY /catalog/{proxy+}', 'GET /a,b/[x]']) {
      const [text, at] = cursor(
        YAML_HTTP.replace('GET /catalog:\n    integration: catalog', `${key}:\n    integration: |`),
      );
      const items = completions(new SpecDocument(text, 'yaml'), at).items;
      assert.deepEqual(
        items.map((i) => i.label),
        ['orders-fn', 'catalog'],
        key,
      );
    }
  });

  // Many projects write an item on one line in YAML flow style; nothing was offered inside `{ }` or `[ ]`.
  it('completes inside YAML flow collections: references, values, keys in flow style, nested and over lines', () => {
    const ask = (marked: string) => {
      const [text, at] = cursor(marked);
      return completions(new SpecDocument(text, 'yaml'), at).items;
    };
    const flowRoutes = (route: string) => YAML_HTTP.replace(/routes:\n[\s\S]*?stages:/, `routes:\n${route}\nstages:`);
    assert.deepEqual(
      ask(flowRoutes('  GET /items: { integration: | }')).map((i) => i.label),
      ['orders-fn', 'catalog'],
    );
    assert.deepEqual(
      ask(flowRoutes('  GET /items: { integration: orders-fn, authorizationType: J| }')).map((i) => i.label),
      ['NONE', 'JWT', 'CUSTOM', 'AWS_IAM'],
    );
    const keys = ask(flowRoutes('  GET /items: { integration: orders-fn, | }'));
    assert.ok(!keys.some((i) => i.label === 'integration'), 'a key present is not offered');
    assert.equal(keys.find((i) => i.label === 'throttling')?.insertText, 'throttling: { $0 }');
    assert.equal(keys.find((i) => i.label === 'authorizationScopes')?.insertText, 'authorizationScopes: [ $0 ]');
    assert.ok(!keys.some((i) => i.kind === 'snippet'), 'no block-style snippet inside a flow mapping');
    // A key typed before another one ends with a comma.
    assert.equal(
      ask(flowRoutes('  GET /items: {| integration: orders-fn }')).find((i) => i.label === 'operationName')?.insertText,
      'operationName: $0,',
    );
    // Nested, and over several lines; a collection closed above the cursor does not hold it.
    assert.deepEqual(
      ask(
        flowRoutes(
          '  GET /items: {\n    integration: orders-fn,\n    throttling: { burstLimit: 5 },\n    apiKeyRequired: | }',
        ),
      ).map((i) => i.label),
      ['true', 'false'],
    );
    const [stages, at] = cursor(
      YAML_HTTP.replace('    routeSettings:\n      GET /items: {}', '    routeSettings: { | }'),
    );
    const settings = completions(new SpecDocument(stages, 'yaml'), at).items;
    assert.equal(settings.find((i) => i.label === 'GET /items')?.insertText, 'GET /items: { $0 }');
    assert.equal(settings.find((i) => i.label === 'GET /catalog')?.insertText, 'GET /catalog: { $0 }');
    // Route keys with flow indicators are quoted inside a flow mapping; in a comment or a quoted string, nothing.
    assert.equal(
      ask(YAML_HTTP.replace('routes:\n', 'routes: { "GET /a,b": { integration: catalog }, | }\nx:\n')).find(
        (i) => i.label === 'POST /a,b',
      )?.insertText,
      '"POST /a,b": { integration: $0 }',
    );
    assert.deepEqual(ask(flowRoutes('  GET /items: { integration: orders-fn } # |')), []);
    assert.deepEqual(ask(flowRoutes('  GET /items: { integration: "|" }')), []);
  });

  it('offers integration names inside a JSON string, replacing the whole string', () => {
    const spec = httpSpec();
    spec.routes['GET /items/{id}'].integration = 'CURSOR';
    const [text, at] = cursor(toText(spec, 'json').replace('"CURSOR"', '"or|"'));
    const items = completions(new SpecDocument(text, 'json'), at).items;
    assert.deepEqual(
      items.map((i) => i.label),
      ['orders-fn', 'catalog-http'],
    );
    assert.equal(items[0]!.insertText, '"orders-fn"');
    assert.equal(text.slice(items[0]!.replace.offset, items[0]!.replace.offset + items[0]!.replace.length), '"or"');
  });

  it('offers authorizer, VPC link and stage names where they are referenced', () => {
    const spec = httpSpec();
    spec.vpcLinks = { internal: { subnetIds: ['subnet-0a1b2c3d'] } };
    spec.domains = { 'api.example.com': { certificateArn: 'x', mappings: [{ stage: 'CURSOR' }] } };
    const stageText = toText(spec, 'yaml').replace('stage: CURSOR', 'stage: |');
    const [t1, a1] = cursor(stageText);
    assert.deepEqual(
      completions(new SpecDocument(t1, 'yaml'), a1).items.map((i) => i.label),
      ['dev', 'prod'],
    );
    const [t2, a2] = cursor(
      YAML_HTTP.replace(
        '  GET /catalog:\n    integration: catalog',
        '  GET /catalog:\n    integration: catalog\n    authorizer: |',
      ),
    );
    assert.deepEqual(completions(new SpecDocument(t2, 'yaml'), a2).items, []);
  });

  it('offers the missing properties of a route, with value choices for enums', () => {
    const [text, at] = cursor(YAML_HTTP.replace('    integration: catalog\n', '    integration: catalog\n    auth|\n'));
    const items = completions(new SpecDocument(text, 'yaml'), at).items;
    const labels = items.map((i) => i.label);
    assert.ok(
      labels.includes('authorizer') && labels.includes('authorizationType') && !labels.includes('integration'),
      labels.join(),
    );
    assert.equal(
      items.find((i) => i.label === 'authorizationType')!.insertText,
      'authorizationType: ${1|NONE,JWT,CUSTOM,AWS_IAM|}',
    );
  });

  it('offers route keys for paths that lack a method, and snippets for new routes', () => {
    const [text, at] = cursor(YAML_HTTP.replace('routes:\n', 'routes:\n  |\n'));
    const items = completions(new SpecDocument(text, 'yaml'), at).items;
    const labels = items.map((i) => i.label);
    for (const k of ['POST /items', 'DELETE /catalog', '$default', 'New route'])
      assert.ok(labels.includes(k), `${k} in ${labels.join()}`);
    assert.ok(!labels.includes('GET /items'));
  });

  it('offers the WebSocket reserved routes not yet defined', () => {
    const spec = wsSpec();
    const [text, at] = cursor(toText(spec, 'json').replace('"routes": {', '"routes": {|'));
    const labels = completions(new SpecDocument(text, 'json'), at)
      .items.filter((i) => i.kind === 'routeKey')
      .map((i) => i.label);
    assert.deepEqual(labels, ['$default']);
  });

  it("offers only the properties, values and snippets the spec's protocol takes", () => {
    const ask = (marked: string) => {
      const [text, at] = cursor(marked);
      return completions(new SpecDocument(text, 'yaml'), at).items;
    };
    const spec = (protocol: string, integration: string, route = 'integration: fn', authorizer = 'type: REQUEST') =>
      `version: 1\napi:\n  name: t\n  protocol: ${protocol}\nintegrations:\n  fn:\n    ${integration}\n` +
      `authorizers:\n  a:\n    ${authorizer}\nroutes:\n  r:\n    ${route}\n`;
    const labels = (items: Array<{ label: string }>) => items.map((i) => i.label);
    // Integration types AWS, HTTP and MOCK are "Supported only for WebSocket APIs".
    assert.deepEqual(labels(ask(spec('HTTP', 'type: |'))), ['AWS_PROXY', 'HTTP_PROXY']);
    assert.deepEqual(labels(ask(spec('WEBSOCKET', 'type: |'))), ['AWS_PROXY', 'HTTP_PROXY', 'AWS', 'HTTP', 'MOCK']);
    // JWT authorizers and JWT authorization are for HTTP APIs; WebSocket integrations take payload format 1.0 only.
    assert.deepEqual(labels(ask(spec('WEBSOCKET', 'type: AWS', 'integration: fn', 'type: |'))), ['REQUEST']);
    assert.deepEqual(labels(ask(spec('WEBSOCKET', 'type: AWS', 'authorizationType: |'))), [
      'NONE',
      'CUSTOM',
      'AWS_IAM',
    ]);
    assert.deepEqual(labels(ask(spec('HTTP', 'type: AWS_PROXY', 'authorizationType: |'))), [
      'NONE',
      'JWT',
      'CUSTOM',
      'AWS_IAM',
    ]);
    assert.deepEqual(labels(ask(spec('WEBSOCKET', 'type: AWS_PROXY\n    payloadFormatVersion: |'))), ['1.0']);
    // Payload format 2.0 is for Lambda proxy integrations only ("For all other integrations, 1.0 is the only
    // supported value").
    assert.deepEqual(labels(ask(spec('HTTP', 'type: AWS_PROXY\n    payloadFormatVersion: |'))), ['1.0', '2.0']);
    assert.deepEqual(labels(ask(spec('HTTP', 'type: HTTP_PROXY\n    payloadFormatVersion: |'))), ['1.0']);
    assert.deepEqual(
      labels(ask(spec('HTTP', 'type: AWS_PROXY\n    subtype: SQS-SendMessage\n    payloadFormatVersion: |'))),
      ['1.0'],
    );
    assert.equal(
      ask(spec('HTTP', 'type: HTTP_PROXY\n    |')).find((i) => i.label === 'payloadFormatVersion')?.insertText,
      'payloadFormatVersion: ${1|"1.0"|}',
    );
    const wsIntegration = ask(spec('WEBSOCKET', 'type: AWS_PROXY\n    |'));
    assert.ok(!labels(wsIntegration).includes('subtype') && !labels(wsIntegration).includes('responseParameters'));
    assert.equal(
      wsIntegration.find((i) => i.label === 'payloadFormatVersion')?.insertText,
      'payloadFormatVersion: ${1|"1.0"|}',
    );
    const httpIntegration = labels(ask(spec('HTTP', 'type: AWS_PROXY\n    |')));
    for (const f of [
      'requestTemplates',
      'templateSelectionExpression',
      'contentHandling',
      'passthroughBehavior',
      'responses',
    ])
      assert.ok(!httpIntegration.includes(f), f);
    assert.ok(httpIntegration.includes('subtype'));
    const httpRoute = labels(ask(spec('HTTP', 'type: AWS_PROXY', 'integration: fn\n    |')));
    assert.ok(
      !httpRoute.includes('apiKeyRequired') &&
        !httpRoute.includes('routeResponses') &&
        httpRoute.includes('authorizationScopes'),
    );
    const wsAuthorizer = labels(ask(spec('WEBSOCKET', 'type: AWS', 'integration: fn', 'type: REQUEST\n    |')));
    for (const f of ['jwt', 'payloadFormatVersion', 'enableSimpleResponses', 'resultTtlSeconds'])
      assert.ok(!wsAuthorizer.includes(f), f);
    // Snippets holding what the protocol refuses (a JWT authorizer, payload format 2.0, a subtype) are left out.
    const snippets = (protocol: string, section: string) =>
      labels(ask(`version: 1\napi:\n  name: t\n  protocol: ${protocol}\n${section}:\n  |`)).filter((l) =>
        l.startsWith('New '),
      );
    assert.deepEqual(snippets('WEBSOCKET', 'integrations'), [
      'New HTTP proxy integration',
      'New Lambda proxy integration (WebSocket)',
      'New MOCK integration (WebSocket)',
    ]);
    assert.deepEqual(snippets('WEBSOCKET', 'authorizers'), ['New Lambda REQUEST authorizer (WebSocket)']);
    assert.deepEqual(snippets('WEBSOCKET', 'routes'), ['New route (WebSocket)']);
    assert.deepEqual(snippets('HTTP', 'routes'), ['New route', 'New authorized route']);
    assert.deepEqual(snippets('HTTP', 'integrations'), [
      'New Lambda proxy integration',
      'New HTTP proxy integration',
      'New SQS-SendMessage integration',
    ]);
    assert.deepEqual(snippets('HTTP', 'authorizers'), ['New JWT authorizer', 'New Lambda REQUEST authorizer']);
  });

  it("offers quick fixes for a missing property with the values the spec's protocol takes", () => {
    const text = (protocol: string) =>
      `version: 1\napi:\n  name: t\n  protocol: ${protocol}\nintegrations:\n  fn:\n    uri: https://h.example.com\n` +
      'routes:\n  $default:\n    integration: fn\n';
    const titles = (protocol: string) =>
      validateSpec(text(protocol), { format: 'yaml' })
        .diagnostics.find((d) => d.code === 'APIGW101')
        ?.fixes?.map((f) => f.title);
    assert.deepEqual(titles('HTTP'), ["Add 'type': AWS_PROXY", "Add 'type': HTTP_PROXY"]);
    assert.deepEqual(titles('WEBSOCKET'), [
      "Add 'type': AWS_PROXY",
      "Add 'type': HTTP_PROXY",
      "Add 'type': AWS",
      "Add 'type': HTTP",
      "Add 'type': MOCK",
    ]);
  });

  it('offers enum values for a stage setting in JSON and routes for routeSettings keys', () => {
    const spec = wsSpec();
    spec.stages.dev.loggingLevel = 'CURSOR';
    const [text, at] = cursor(toText(spec, 'json').replace('"CURSOR"', '|'));
    assert.deepEqual(
      completions(new SpecDocument(text, 'json'), at).items.map((i) => i.insertText),
      ['"OFF"', '"ERROR"', '"INFO"'],
    );
    const [t2, a2] = cursor(YAML_HTTP.replace('      GET /items: {}', '      GET /items: {}\n      |'));
    assert.deepEqual(
      completions(new SpecDocument(t2, 'yaml'), a2).items.map((i) => i.label),
      ['GET /catalog'],
    );
  });
});

// Variables inside strings: an access log format's `$context` variables (its protocol's list), a WebSocket mapping
// template's `$context`, `$input`, `$util` and `$stageVariables` (the spec's own stage variables), with AWS's words.
const YAML_WS_TEMPLATES = `version: 1
api:
  name: chat
  protocol: WEBSOCKET
  routeSelectionExpression: $request.body.action
integrations:
  echo:
    type: MOCK
    requestTemplates:
      $default: |
        {"statusCode": 200}
    responses:
      $default:
        responseTemplates:
          $default: '{"id": "$context.connectionId"}'
routes:
  echo:
    integration: echo
stages:
  dev:
    variables:
      colour: blue
      table: chat
    accessLog:
      destinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:chat
      format: '{"requestId":"$context.requestId"}'
`;

describe('variables inside strings: completion and hover', () => {
  // The YAML has a block scalar's `|`: the cursor is marked with `¦` here.
  const cursor = (marked: string): [string, number] => [marked.replace('¦', ''), marked.indexOf('¦')];
  const labels = (text: string, at: number, format: SpecFormat = 'yaml') =>
    completions(new SpecDocument(text, format), at).items.map((i) => i.label);

  it("completes an access log format's $context variables from its protocol's list, replacing the partial name", () => {
    const [text, at] = cursor(YAML_WS_TEMPLATES.replace('"$context.requestId"', '"$context.conn¦"'));
    const items = completions(new SpecDocument(text, 'yaml'), at).items;
    assert.ok(items.some((i) => i.label === 'connectionId' && i.kind === 'variable'));
    assert.ok(
      items.some((i) => i.label === 'authorize.status'),
      'the WebSocket list',
    );
    assert.ok(!items.some((i) => i.label === 'httpMethod'), 'not the HTTP list');
    const item = items.find((i) => i.label === 'connectionId')!;
    assert.equal(text.slice(item.replace.offset, item.replace.offset + item.replace.length), 'conn');
  });

  it("completes a template's $context, $input, $util and the stages' variable names; a bare $ offers the four", () => {
    const block = (typed: string) => cursor(YAML_WS_TEMPLATES.replace('{"statusCode": 200}', `{"a": "${typed}¦"}`));
    const at = (typed: string) => labels(...block(typed));
    assert.ok(at('$context.').includes('identity.sourceIp'));
    assert.deepEqual(at('$input.'), ['body', 'json', 'path']);
    assert.ok(at('$util.').includes('escapeJavaScript'));
    assert.deepEqual(at('$stageVariables.'), ['colour', 'table']);
    assert.deepEqual(at('$'), ['input', 'context', 'stageVariables', 'util']);
    const [text, offset] = block('$input.');
    const json = completions(new SpecDocument(text, 'yaml'), offset).items.find((i) => i.label === 'json')!;
    assert.equal(json.insertText, "json('$')");
    assert.match(json.documentation!, /JSONPath/);
  });

  it('in JSON too; nothing for variables outside such strings, and no keys or values offered inside them', () => {
    const spec = wsSpec();
    spec.integrations['ping-mock'].requestTemplates = { $default: '{"id": "$context.XX"}' };
    const json = toText(spec, 'json');
    const at = json.indexOf('$context.XX') + '$context.'.length;
    assert.ok(labels(json, at, 'json').includes('connectionId'));
    const [text, offset] = cursor(YAML_WS_TEMPLATES.replace('format: \'{"requestId"', 'format: \'{"requestId" ¦'));
    assert.deepEqual(labels(text, offset), [], 'inside the format with no $ typed');
    const [routeText, routeOffset] = cursor(YAML_WS_TEMPLATES.replace('integration: echo', 'integration: $context.¦'));
    assert.ok(!labels(routeText, routeOffset).includes('connectionId'), "a route's integration is no template");
  });

  it('completes `${` where API Gateway evaluates expressions: their starts, then context variables and stage variables', () => {
    const http = httpSpec();
    http.stages = { dev: { variables: { backend: 'b' } } };
    http.integrations['orders-fn'].requestParameters = { 'overwrite:header.x-a': '${', 'overwrite:header.x-b': 'x' };
    const at = (spec: object, typed: string, where = '"${"') => {
      const raw = toText(spec, 'json');
      const i = raw.indexOf(where);
      const text = raw.slice(0, i) + JSON.stringify(typed) + raw.slice(i + where.length);
      return labels(text, i + 1 + typed.length, 'json');
    };
    assert.deepEqual(at(http, '${'), [
      'request.path',
      'request.path.',
      'request.querystring.',
      'request.header.',
      'request.body',
      'request.body.',
      'context.',
      'stageVariables.',
      'aws:region',
      'aws:accountId',
    ]);
    assert.ok(at(http, '/v2${context.req').includes('requestId'), 'the HTTP context variables');
    assert.deepEqual(at(http, '${stageVariables.'), ['backend']);
    assert.ok(at(http, '${', '"x"').includes('request.path'), 'any requestParameters value');
    const ws = wsSpec();
    ws.integrations['ping-mock'].templateSelectionExpression = '${';
    assert.deepEqual(at(ws, '${request.'), ['request.body.', 'stageVariables.', 'aws:region', 'aws:accountId']);
    const described = httpSpec();
    described.integrations['orders-fn'].description = '${';
    assert.ok(!at(described, '${').includes('request.path'), 'a description is no mapping');
  });

  it("hovers a template's variables with AWS's description, and an access log's with its protocol's page's", () => {
    const text = YAML_WS_TEMPLATES;
    const doc = new SpecDocument(text, 'yaml');
    const h = hover(doc, text.indexOf('$context.connectionId') + 12)!;
    assert.match(h.markdown, /`\$context\.connectionId`\n\nA unique ID for the connection/);
    assert.equal(text.slice(h.offset, h.offset + h.length), '$context.connectionId');
    // The WebSocket page's words, not the HTTP page's ("The ID that API Gateway assigns…").
    const log = hover(doc, text.indexOf('$context.requestId') + 12)!;
    assert.equal(log.markdown, '`$context.requestId`\n\nSame as `$context.extendedRequestId`.');
    const http = httpSpec();
    http.stages = {
      dev: {
        accessLog: {
          destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api',
          format: '$context.integrationErrorMessage $context.authorizer.claims.sub $context.nope',
        },
      },
    };
    const raw = toText(http, 'json');
    const httpDoc = new SpecDocument(raw, 'json');
    const at = (v: string) => hover(httpDoc, raw.indexOf(v) + v.length - 1)?.markdown;
    assert.match(at('$context.integrationErrorMessage')!, /\n\nA string that contains an integration error message\.$/);
    assert.match(at('$context.authorizer.claims.sub')!, /A claim of the JSON Web Token/);
    assert.ok(!at('$context.nope')?.includes('$context.nope'), 'a variable no page lists: the field hover');
  });

  it("offers AWS's description of each access log variable in completion, for every variable of both pages", () => {
    const [text, at] = cursor(YAML_WS_TEMPLATES.replace('"$context.requestId"', '"$context.¦"'));
    const items = completions(new SpecDocument(text, 'yaml'), at).items;
    assert.equal(
      items.find((i) => i.label === 'eventType')?.documentation,
      'The event type: `CONNECT`, `MESSAGE`, or `DISCONNECT`.',
    );
    for (const protocol of ['HTTP', 'WEBSOCKET'] as const)
      for (const name of accessLogVariables(protocol))
        assert.match(accessLogVariableDoc(protocol, name) ?? '', /^[A-Z].*\.$/, `${protocol} ${name}`);
  });
});

describe("a WebSocket spec's mapping templates, for the Try Template lenses", () => {
  it('lists each template key with its place, request templates first; only those on the lines asked for', () => {
    const doc = new SpecDocument(YAML_WS_TEMPLATES, 'yaml');
    const places = templatePlaces(doc);
    const line = (needle: string, from = 0) =>
      YAML_WS_TEMPLATES.slice(0, YAML_WS_TEMPLATES.indexOf(needle, from)).split('\n').length - 1;
    const requestLine = line('$default: |');
    const responseLine = line('$default: \'{"id"');
    assert.deepEqual(places, [
      { integration: 'echo', key: '$default', selection: [requestLine, 6, requestLine, 14] },
      { integration: 'echo', response: '$default', key: '$default', selection: [responseLine, 10, responseLine, 18] },
    ]);
    assert.deepEqual(
      templatePlaces(doc, { start: responseLine, end: responseLine + 5 }).map((p) => p.response),
      ['$default'],
    );
    const json = toText(wsSpec(), 'json');
    const [place] = templatePlaces(new SpecDocument(json, 'json'));
    assert.deepEqual([place?.integration, place?.key], ['ping-mock', '$default']);
    const [l, c] = place!.selection;
    assert.equal(json.split('\n')[l]!.slice(c, c + '"$default"'.length), '"$default"');
  });

  it('none in an HTTP spec, whose integrations take no templates', () => {
    assert.deepEqual(templatePlaces(new SpecDocument(toText(httpSpec(), 'json'), 'json')), []);
  });
});

describe('spec navigation', () => {
  const doc = new SpecDocument(YAML_HTTP, 'yaml');
  const refOffset = YAML_HTTP.indexOf('integration: orders-fn') + 'integration: '.length + 2;

  it('goes from a reference to its definition', () => {
    const d = definition(doc, refOffset);
    assert.equal(YAML_HTTP.slice(d!.offset, d!.offset + d!.length), 'orders-fn');
    assert.equal(d!.offset, YAML_HTTP.indexOf('orders-fn:'));
  });

  it('finds every reference of an integration and a route', () => {
    assert.equal(references(doc, refOffset, true).length, 2);
    assert.equal(references(doc, refOffset, false).length, 1);
    const routeRefs = references(doc, YAML_HTTP.indexOf('GET /items'), true).map((r) => r.offset);
    assert.deepEqual(routeRefs, [YAML_HTTP.indexOf('GET /items'), YAML_HTTP.lastIndexOf('GET /items')]);
  });

  it('renames an integration everywhere, in YAML and JSON', () => {
    const out = applyEdits(YAML_HTTP, rename(doc, refOffset, 'orders-lambda') as TextEdit[]);
    assert.equal(out.match(/orders-lambda/g)?.length, 2);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
    const json = toText(httpSpec(), 'json');
    const jdoc = new SpecDocument(json, 'json');
    assert.match(
      (rename(jdoc, json.indexOf('"cognito"') + 2, 'my auth') as { error: string }).error,
      /not a valid authorizer name/,
    );
    const renamed = applyEdits(json, rename(jdoc, json.indexOf('"cognito"') + 2, 'users') as TextEdit[]);
    assert.equal(renamed.match(/"users"/g)?.length, 2);
    assert.deepEqual(validateSpec(renamed, { format: 'json' }).diagnostics, []);
  });

  it('renames a route key with its stage settings, and refuses a taken or invalid name', () => {
    const at = YAML_HTTP.indexOf('GET /items');
    const out = applyEdits(YAML_HTTP, rename(doc, at, 'GET /products') as TextEdit[]);
    assert.equal(out.match(/GET \/products/g)?.length, 2);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
    assert.match((rename(doc, at, 'GET /catalog') as { error: string }).error, /already/);
    assert.match((rename(doc, at, 'FETCH /x') as { error: string }).error, /Unknown method/);
    assert.ok('error' in prepareRename(doc, YAML_HTTP.indexOf('protocol')));
  });

  it('renames and lists a reference written once but reached through YAML aliases once, not once per alias', () => {
    const text =
      'version: 1\napi: {name: t, protocol: HTTP}\nintegrations:\n  fn:\n    type: HTTP_PROXY\n' +
      '    uri: https://h.example.com\n    payloadFormatVersion: "1.0"\nroutes:\n  GET /a: &r\n    integration: fn\n' +
      '  GET /b: *r\n  GET /c:\n    integration: &i fn\n  GET /d:\n    integration: *i\n';
    const aliased = new SpecDocument(text, 'yaml');
    const edits = rename(aliased, text.indexOf('fn:') + 1, 'backend') as TextEdit[];
    assert.deepEqual(
      edits.map((e) => e.offset),
      [text.indexOf('fn:'), text.indexOf('integration: fn') + 13, text.indexOf('&i fn') + 3],
    );
    const out = applyEdits(text, edits);
    assert.equal(out.match(/backend/g)?.length, 3);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
    assert.equal(references(aliased, text.indexOf('fn:'), true).length, 3);
  });

  it('refuses to rename an HTTP route to a key that matches the same requests as another route', () => {
    const text =
      'version: 1\napi: {name: t, protocol: HTTP}\nintegrations:\n  h: {type: HTTP_PROXY, uri: "https://h.example.com"}\n' +
      'routes:\n  GET /items/{id}: {integration: h}\n  GET /other: {integration: h}\n';
    const routes = new SpecDocument(text, 'yaml');
    assert.match(
      (rename(routes, text.indexOf('GET /other'), 'GET /items/{itemId}') as { error: string }).error,
      /'GET \/items\/\{itemId\}' would match the same requests as route 'GET \/items\/\{id\}'/,
    );
    // Its own parameter may be renamed; the result validates.
    const out = applyEdits(text, rename(routes, text.indexOf('GET /items'), 'GET /items/{itemId}') as TextEdit[]);
    assert.match(out, /\n {2}GET \/items\/\{itemId\}: \{integration: h\}\n/);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
  });

  it("renames a stage in this API's domain mappings (on a fresh document too), not in another API's", () => {
    const text =
      'version: 1\napi: {name: t, protocol: HTTP}\nintegrations:\n  h: {type: HTTP_PROXY, uri: "https://h.example.com"}\n' +
      'routes:\n  GET /a: {integration: h}\nstages:\n  prod: {}\ndomains:\n  api.example.com:\n' +
      '    certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666\n' +
      '    mappings:\n      - stage: prod\n      - {api: other-api, stage: prod, path: other}\n';
    const fresh = new SpecDocument(text, 'yaml');
    const out = applyEdits(text, rename(fresh, text.indexOf('prod'), 'live') as TextEdit[]);
    assert.match(out, /stages:\n {2}live: \{\}/);
    assert.match(out, /- stage: live\n/);
    assert.match(out, /\{api: other-api, stage: prod, path: other\}/);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
  });

  it("refuses to rename a WebSocket API's reserved routes, or to a '$' key it does not have", () => {
    const text = toText(wsSpec(), 'yaml');
    const ws = new SpecDocument(text, 'yaml');
    const at = text.indexOf('$connect');
    assert.match((rename(ws, at, 'hello') as { error: string }).error, /'\$connect' is a reserved WebSocket route/);
    // Said when F2 is pressed, before a new name is typed.
    assert.match((prepareRename(ws, at) as { error: string }).error, /'\$connect' is a reserved WebSocket route/);
    const custom = text.indexOf('sendMessage:');
    assert.match((rename(ws, custom, '$send') as { error: string }).error, /keys starting with '\$' are reserved/);
  });

  // Every name of every example and real-world spec renamed where it is defined and where it is used: the renamed
  // spec has the diagnostics it had. (This found domain mappings' stages left behind on a fresh document, and
  // $connect renamed away from its authorizer.)
  for (const file of [
    ...['orders-api.apigw.yaml', 'chat-api.apigw.json'].map((f) => path.join(REPO_ROOT, 'examples', f)),
    ...corpusFiles(),
  ]) {
    // As written, and with every item in YAML flow style, where a route key's `{id}` must be quoted (it was not).
    it(`renaming anything in ${path.basename(file)} keeps it as valid as it was, in flow style too`, () => {
      const written = fs.readFileSync(file, 'utf8');
      const original: SpecFormat = file.endsWith('.jsonc') ? 'jsonc' : file.endsWith('.json') ? 'json' : 'yaml';
      for (const [format, text] of [
        [original, written],
        ['yaml', flowStyle(written, original)],
        ['yaml', flowStyle(written, original, 'sections')],
      ] as const) {
        const codes = (t: string) =>
          validateSpec(t, { format })
            .diagnostics.map((d) => d.code)
            .sort();
        const before = codes(text);
        const fresh = new SpecDocument(text, format);
        const http = (fresh.value as { api: { protocol: string } }).api.protocol === 'HTTP';
        for (const o of occurrences(fresh)) {
          const edits = rename(
            new SpecDocument(text, format),
            o.offset,
            o.kind === 'route' && http ? 'GET /renamed/{id}' : 'renamed',
          );
          if (!Array.isArray(edits)) continue;
          assert.deepEqual(codes(applyEdits(text, edits)), before, `${o.kind} ${o.name} renamed (${format})`);
        }
      }
    });
  }

  it('treats WebSocket models as named items: outline, definition, completion, references and rename', () => {
    const spec = wsSpec();
    spec.models = { Message: { schema: { type: 'object' } }, Reply: { contentType: 'text/plain', schema: {} } };
    spec.routes.sendMessage = {
      integration: 'chat-fn',
      modelSelectionExpression: '$request.body.action',
      requestModels: { sendMessage: 'Message' },
      routeResponseSelectionExpression: '$default',
      routeResponses: { $default: { modelSelectionExpression: '$default', responseModels: { $default: 'Reply' } } },
    };
    for (const format of ['yaml', 'json'] as const) {
      const text = toText(spec, format);
      const doc = new SpecDocument(text, format);
      const models = documentSymbols(doc).find((x) => x.name === 'models')!;
      assert.deepEqual(
        models.children.map((c) => [c.name, c.kind, c.detail]),
        [
          ['Message', 'model', ''],
          ['Reply', 'model', 'text/plain'],
        ],
      );
      const use = text.indexOf('Reply', text.indexOf('responseModels'));
      const def = definition(doc, use + 1)!;
      assert.equal(text.slice(def.offset, def.offset + def.length).replace(/"/g, ''), 'Reply');
      assert.equal(references(doc, def.offset, true).length, 2);
      // At the end of the requestModels value (inside its quotes in JSON).
      const written = format === 'yaml' ? 'sendMessage: Message' : '"sendMessage": "Message"';
      const end = text.indexOf(written) + written.length - (format === 'yaml' ? 0 : 1);
      assert.deepEqual(
        completions(doc, end).items.map((i) => i.label),
        ['Message', 'Reply'],
      );
      const renamed = applyEdits(text, rename(doc, def.offset, 'Answer') as TextEdit[]);
      const after = new SpecDocument(renamed, format).value as typeof spec;
      assert.deepEqual(Object.keys(after.models), ['Message', 'Answer']);
      assert.equal(after.routes.sendMessage.routeResponses.$default.responseModels.$default, 'Answer');
      assert.deepEqual(validateSpec(renamed, { format }).diagnostics, []);
      assert.match((rename(doc, def.offset, 'an-swer') as { error: string }).error, /not a valid model name/);
    }
  });

  it('outlines routes, integrations and stages', () => {
    const symbols = documentSymbols(doc);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['api', []],
        ['integrations', ['orders-fn', 'catalog']],
        ['routes', ['GET /items', 'GET /catalog']],
        ['stages', ['prod']],
      ],
    );
    assert.equal(symbols[2]!.children[0]!.detail, '→ orders-fn');
    // Lines and characters beside the offsets: the editor builds ranges from them without a lookup per offset.
    const route = symbols[2]!.children[1]!;
    const lines = YAML_HTTP.split('\n');
    const [line, character, endLine, endCharacter] = route.selection;
    assert.equal(endLine, line);
    assert.equal(lines[line]!.slice(character, endCharacter), 'GET /catalog');
    assert.equal(YAML_HTTP.slice(route.selectionOffset, route.selectionOffset + route.selectionLength), 'GET /catalog');
    assert.deepEqual(route.range.slice(0, 2), [line, character]);
  });

  it('lists at most `limit` items a section (saying how many it holds), and one section when asked', () => {
    const capped = documentSymbols(doc, { limit: 1 });
    const routes = capped.find((x) => x.name === 'routes')!;
    assert.deepEqual(
      routes.children.map((c) => c.name),
      ['GET /items'],
    );
    assert.equal(routes.detail, '2 (first 1 listed)');
    assert.equal(capped.find((x) => x.name === 'stages')!.detail, '1');
    assert.deepEqual(
      documentSymbols(doc, { section: 'routes' }).map((x) => [x.name, x.children.length]),
      [['routes', 2]],
    );
  });

  it('keeps the items whose key is on the lines asked, or whose name matches, in the engine', () => {
    const line = YAML_HTTP.split('\n').findIndex((l) => l.trim().startsWith('GET /catalog'));
    const near = documentSymbols(doc, { section: 'routes', lines: { start: line, end: line + 1 } });
    assert.deepEqual(
      near[0]!.children.map((c) => c.name),
      ['GET /catalog'],
    );
    const matched = documentSymbols(doc, { match: 'cat' });
    assert.deepEqual(
      matched.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['api', []],
        ['integrations', ['catalog']],
        ['routes', ['GET /catalog']],
        ['stages', []],
      ],
    );
    assert.equal(matched.find((s) => s.name === 'routes')!.detail, '2', 'the section still says how many it holds');
  });

  it("hovers a section with its quota as AWS's quota pages give it: fixed, or a default AWS can raise", () => {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html and
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
    const text = 'integrations: {}\nauthorizers: {}\nstages: {}\nvpcLinks: {}\n';
    const doc = new SpecDocument(text, 'yaml');
    const quota = (section: string) => hover(doc, text.indexOf(section) + 1)!.markdown;
    assert.match(quota('stages'), /10 per API by default \(AWS can raise it\)/);
    assert.match(quota('authorizers'), /10 per API by default \(AWS can raise it\)/);
    assert.match(quota('vpcLinks'), /10 per account and region by default \(AWS can raise it\)/);
    assert.match(quota('integrations'), /300 per API: a fixed quota on HTTP APIs; AWS can raise a WebSocket API's/);
  });

  it('hovers with the schema documentation and what a reference points at', () => {
    const h = hover(doc, YAML_HTTP.indexOf('protocol') + 2)!;
    assert.match(h.markdown, /\*\*protocol\*\*/);
    assert.match(h.markdown, /WEBSOCKET/);
    const r = hover(doc, refOffset)!;
    assert.match(r.markdown, /integration `orders-fn`/);
    assert.match(r.markdown, /AWS_PROXY/);
  });

  // Issue 11 item 8. Before: hover Markdown pasted spec values as they were, so an image or a link in a cloned
  // repository's spec came back as an image (VS Code fetches it) or a link.
  it('shows spec values in hovers as text: no image, link or HTML from a spec ever renders', () => {
    const hostile = [
      '![x](https://evil.example/pixel.png)',
      '[click](https://evil.example/)',
      '<https://evil.example/auto>',
      'https://evil.example/bare www.evil.example',
      '<img src="https://evil.example/i.png">',
      '``![in](https://evil.example/code.png)``',
      'line\n![second](https://evil.example/2.png)',
    ];
    const md = new MarkdownIt({ html: true, linkify: true });
    for (const value of hostile) {
      for (const format of ['yaml', 'json'] as const) {
        const spec = httpSpec();
        spec.integrations['orders-fn'].description = value;
        spec.integrations[value] = { type: 'HTTP_PROXY', uri: 'https://x.example.com' };
        spec.routes['GET /x'] = { integration: value };
        const text = toText(spec, format);
        const doc = new SpecDocument(text, format);
        const at = (needle: string, from = 0) => text.indexOf(needle, from) + 2;
        const hovers = [
          hover(doc, at('orders-fn', text.indexOf('routes'))),
          hover(doc, text.lastIndexOf(format === 'json' ? JSON.stringify(value) : value.slice(0, 5)) + 2),
          hover(doc, text.indexOf(format === 'json' ? JSON.stringify(value) : value.slice(0, 5)) + 2),
        ];
        assert.ok(hovers.filter(Boolean).length >= 2, `${format} ${value}: hovers answered`);
        for (const [i, h] of hovers.entries()) {
          if (!h) continue;
          const html = md.render(h.markdown);
          assert.doesNotMatch(html, /<img|<a\s|href="|src="/, `${format} ${value}:\n${h.markdown}\n${html}`);
          // The references' summaries show the value (the description, the name), as text.
          if (i < 2) assert.ok(html.includes('evil.example'), `${format} ${value}: ${html}`);
        }
      }
    }
  });
});

describe('spec quick fixes', () => {
  const fixAll = (text: string, format: SpecFormat, code: string, title: RegExp) => {
    const d = validateSpec(text, { format }).diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code} not reported`);
    const fix = d.fixes?.find((f) => title.test(f.title));
    assert.ok(fix, `no fix ${title} in ${JSON.stringify(d.fixes?.map((f) => f.title))}`);
    return applyEdits(text, fix.edits);
  };

  for (const format of ['json', 'yaml'] as const) {
    it(`did-you-mean fixes the reference (${format})`, () => {
      const spec = httpSpec();
      spec.routes['GET /items/{id}'].integration = 'orders-fnn';
      const out = fixAll(toText(spec, format), format, 'APIGW200', /Change to 'orders-fn'/);
      assert.deepEqual(validateSpec(out, { format }).diagnostics, []);
    });

    it(`creates the missing integration and authorizer (${format})`, () => {
      const spec = httpSpec();
      spec.routes['GET /items/{id}'].integration = 'payments';
      let out = fixAll(toText(spec, format), format, 'APIGW200', /Create integration 'payments'/);
      assert.deepEqual(
        validateSpec(out, { format }).diagnostics.map((d) => d.code),
        [],
      );
      const noAuth = httpSpec();
      delete noAuth.authorizers;
      out = fixAll(toText(noAuth, format), format, 'APIGW201', /Create authorizer 'cognito'/);
      assert.deepEqual(
        validateSpec(out, { format }).diagnostics.map((d) => d.code),
        [],
      );
      assert.equal(validateSpec(out, { format }).model?.authorizers?.cognito?.type, 'JWT');
    });

    it(`removes an unused integration (${format})`, () => {
      for (const last of [false, true]) {
        const spec = httpSpec();
        if (last) spec.integrations.spare = { type: 'HTTP_PROXY', uri: 'https://s.example.com' };
        else spec.integrations = { spare: { type: 'HTTP_PROXY', uri: 'https://s.example.com' }, ...spec.integrations };
        const out = fixAll(toText(spec, format), format, 'APIGW900', /Remove unused integration 'spare'/);
        assert.deepEqual(validateSpec(out, { format }).diagnostics, [], out);
        assert.deepEqual(Object.keys(validateSpec(out, { format }).model!.integrations!), [
          'orders-fn',
          'catalog-http',
        ]);
      }
    });

    it(`removes the only VPC link with its section (${format})`, () => {
      const spec = httpSpec();
      spec.vpcLinks = { internal: { subnetIds: ['subnet-0a1b2c3d'] } };
      const out = fixAll(toText(spec, format), format, 'APIGW902', /Remove unused VPC link/);
      assert.deepEqual(validateSpec(out, { format }).diagnostics, [], out);
    });
  }

  it('quotes a YAML number where a string is expected', () => {
    const spec = httpSpec();
    const text = toText(spec, 'yaml').replace('payloadFormatVersion: "2.0"', 'payloadFormatVersion: 2.0');
    const out = fixAll(text, 'yaml', 'APIGW100', /Quote the value/);
    assert.deepEqual(validateSpec(out, { format: 'yaml' }).diagnostics, []);
  });

  it('creates a section that is missing, after the last one (JSON with comments)', () => {
    const text =
      '{\n  // orders\n  "version": 1,\n  "api": {"name": "x", "protocol": "HTTP"},\n  "routes": {"GET /a": {"integration": "fn"}}\n}\n';
    const out = fixAll(text, 'jsonc', 'APIGW200', /Create integration 'fn'/);
    assert.deepEqual(validateSpec(out, { format: 'jsonc' }).diagnostics, []);
  });

  it('creates the integration under an empty YAML section and an empty JSON object', () => {
    const yaml = fixAll(
      'version: 1\napi:\n  name: x\n  protocol: HTTP\nintegrations:\nroutes:\n  GET /a:\n    integration: fn\n',
      'yaml',
      'APIGW200',
      /Create integration 'fn'/,
    );
    assert.deepEqual(validateSpec(yaml, { format: 'yaml' }).diagnostics, [], yaml);
    const json = fixAll(
      '{\n  "version": 1,\n  "api": {"name": "x", "protocol": "HTTP"},\n  "integrations": {},\n  "routes": {"GET /a": {"integration": "fn"}}\n}',
      'json',
      'APIGW200',
      /Create integration 'fn'/,
    );
    assert.deepEqual(validateSpec(json, { format: 'json' }).diagnostics, [], json);
  });

  it('renames an unknown property to the one meant', () => {
    const out = fixAll('version: 1\napi:\n  name: x\n  protcol: HTTP\n', 'yaml', 'APIGW102', /Rename to 'protocol'/);
    assert.equal(out, 'version: 1\napi:\n  name: x\n  protocol: HTTP\n');
  });
});
