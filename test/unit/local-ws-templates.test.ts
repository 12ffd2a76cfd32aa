// WebSocket non-proxy integrations served locally: MOCK, HTTP, Lambda and AWS service (type AWS) integrations with
// request templates, integration responses chosen by status code or error message and response templates in
// Velocity, over real sockets (a real HTTP backend and service endpoint, a Node handler, plain WebSocket clients);
// and the selection rules and template variables on their own.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { GatewaySpec, Integration } from '../../src/core/gatewaySpec/model';
import { specTemplates, tryTemplate } from '../../src/local/tryTemplate';
import { main } from '../../src/cli/main';
import { bufferIo } from './cliHelpers';
import { MAX_FOREACH_ITERATIONS, renderTemplate, templateContext } from '../../src/core/local/vtl';
import { integrationResponse, mockStatus, requestTemplate, responseTemplate } from '../../src/core/local/wsTemplates';
import { mapWsRequest } from '../../src/core/local/paramMapping';
import { startLocalApi, type LocalApi } from '../../src/local/server';
import { localWorkspace, openWebSocket as open, type LocalWorkspace } from '../support/localWorkspace';
import { until } from './helpers';

const INPUT = { body: '{"text":"hi","items":[1,2,3],"nested":{"a":true}}', context: {}, stageVariables: {} };

function rendered(template: string, input = INPUT): string {
  const out = renderTemplate(template, input);
  assert.ok(out.ok, out.ok ? '' : out.error);
  return out.text;
}

describe('mapping templates: the variables of AWS WebSocket mapping template reference', () => {
  it('$input: body, json() as JSON text, path() as values a template can walk', () => {
    assert.equal(rendered('$input.body'), INPUT.body);
    assert.equal(
      rendered("$input.json('$.items') $input.json('$.text') $input.json('$.nested')"),
      '[1,2,3] "hi" {"a":true}',
    );
    assert.equal(
      rendered("#set($i = $input.path('$.items'))$i.size() $i.count() $i[1] $input.path('$.nested').a"),
      '3 3 2 true',
    );
    assert.equal(rendered("[$input.json('$.absent')]"), '[]');
    assert.equal(rendered("[$input.path('$.absent')] [$context.nothing] [$stageVariables.none]"), '[] [] []');
  });

  it('$context with the authorizer values as strings, and $stageVariables in both forms', () => {
    const context = templateContext({
      connectionId: 'c-1',
      identity: { sourceIp: '127.0.0.1' },
      authorizer: { n: 1, ok: true, s: 'x' },
    });
    const input = { body: '', context, stageVariables: { colour: 'blue' } };
    assert.equal(
      rendered(
        "$context.connectionId $context.identity.sourceIp $context.authorizer.n $context.authorizer.ok $context.authorizer.s $stageVariables.colour $stageVariables['colour']",
        input,
      ),
      'c-1 127.0.0.1 1 true x blue blue',
    );
  });

  it("$util, and the Java string methods templates call (AWS's escapeJavaScript example among them)", () => {
    const quoted = { ...INPUT, body: JSON.stringify({ t: `it's "q"` }) };
    assert.equal(
      rendered(`$util.escapeJavaScript($input.path('$.t')).replaceAll("\\\\'","'")`, quoted),
      `it's \\"q\\"`,
    );
    assert.equal(
      rendered(
        `$util.base64Encode("hé") $util.base64Decode("aMOp") $util.urlEncode("a b&c") $util.urlDecode("a+b%26c")`,
      ),
      'aMOp hé a+b%26c a b&c',
    );
    assert.equal(rendered(`#set($o = $util.parseJson('{"k":{"arr":[1,2,3]}}'))$o.k.arr[0]`), '1');
    assert.equal(
      rendered('#set($s = "abc")$s.length() $s.matches("a.c") $s.contains("b") $s.equalsIgnoreCase("ABC")'),
      '3 true true true',
    );
  });

  it('a template parsed once renders each input afresh: no variable, macro or loop state is carried over', () => {
    const template = `#macro(m $v)[$v]#end#set($x = $input.path('$.a'))#m($x)#foreach($i in $input.path('$.l'))$i#end`;
    const outputs = ['{"a":1,"l":[1,2]}', '{"a":2,"l":[3]}', '{"a":3,"l":[]}'].map((body) =>
      rendered(template, { ...INPUT, body }),
    );
    assert.deepEqual(outputs, ['[1]12', '[2]3', '[3]']);
  });

  it("refuses a #foreach over API Gateway's quota of 1,000 iterations, and says a template's error", () => {
    assert.equal(rendered(`#foreach($i in [1..${MAX_FOREACH_ITERATIONS}])#end done`), ' done');
    const over = renderTemplate(`#foreach($i in [1..${MAX_FOREACH_ITERATIONS + 1}])x#end`, INPUT);
    assert.deepEqual(over, {
      ok: false,
      error: "the mapping template failed: a #foreach loops 1001 times, over API Gateway's quota of 1000",
    });
    const bad = renderTemplate("$util.parseJson('not json')", INPUT);
    assert.equal(bad.ok, false);
  });

  it('refuses a template that is not valid Velocity, with where: velocityjs alone rendered unbalanced blocks wrongly', () => {
    const errors = [
      '#set($n = )',
      '#if(true)x',
      'a #end b',
      'line one\n#if(',
      '#foreach($i in [1,2])#if(true)$i#end',
    ].map((t) => renderTemplate(t, INPUT));
    assert.deepEqual(
      errors.map((r) => (r.ok ? r.text : r.error)),
      [
        "the mapping template does not parse: Velocity cannot parse line 1: ')' is not what may come there",
        'the mapping template does not parse: an #if, #foreach, #macro or #define has no #end: Velocity refuses the template',
        'the mapping template does not parse: a #end closes no #if, #foreach, #macro or #define: Velocity refuses the template',
        "the mapping template does not parse: Velocity cannot parse line 2: '(' is not what may come there",
        'the mapping template does not parse: an #if, #foreach, #macro or #define has no #end: Velocity refuses the template',
      ],
    );
    assert.equal(rendered('#if(true)#foreach($i in [1,2])$i#end#else no#end ##comment\n#* #end *#done'), '12 done');
  });
});

describe('non-proxy selection: request templates, passthrough behaviour, integration responses', () => {
  const integration: Integration = {
    type: 'MOCK',
    templateSelectionExpression: '${request.body.kind}',
    requestTemplates: { teapot: '{"statusCode": 418}', $default: '{"statusCode": 200}' },
  };

  it('the key the selection expression gives, else $default; with no expression $default or application/json', () => {
    assert.deepEqual(requestTemplate(integration, '{"kind":"teapot"}'), {
      kind: 'template',
      key: 'teapot',
      template: '{"statusCode": 418}',
    });
    assert.equal((requestTemplate(integration, '{"kind":"other"}') as { key: string }).key, '$default');
    const aws = { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode":200}' } } as Integration;
    assert.equal((requestTemplate(aws, 'x') as { key: string }).key, 'application/json');
    const escaped = {
      type: 'MOCK',
      templateSelectionExpression: '\\$default',
      requestTemplates: { $default: 'd' },
    } as Integration;
    assert.equal((requestTemplate(escaped, 'x') as { key: string }).key, '$default');
  });

  it('no template: WHEN_NO_MATCH passes the message on, NEVER refuses, WHEN_NO_TEMPLATES refuses only with templates', () => {
    const some = {
      type: 'HTTP',
      templateSelectionExpression: '${request.body.kind}',
      requestTemplates: { a: 'A' },
    } as Integration;
    assert.deepEqual(requestTemplate(some, '{"kind":"b"}'), { kind: 'passthrough' });
    assert.equal(requestTemplate({ ...some, passthroughBehavior: 'NEVER' }, '{"kind":"b"}').kind, 'refused');
    assert.equal(
      requestTemplate({ ...some, passthroughBehavior: 'WHEN_NO_TEMPLATES' }, '{"kind":"b"}').kind,
      'refused',
    );
    assert.deepEqual(requestTemplate({ type: 'HTTP', passthroughBehavior: 'WHEN_NO_TEMPLATES' } as Integration, 'x'), {
      kind: 'passthrough',
    });
  });

  it('integration responses: a /pattern/ matching the whole status code or error message, else $default, else none', () => {
    const responses = { '/4\\d\\d/': {}, '/2\\d\\d/': {}, $default: {} };
    assert.equal(integrationResponse(responses, '404')?.key, '/4\\d\\d/');
    assert.equal(integrationResponse(responses, '201')?.key, '/2\\d\\d/');
    assert.equal(integrationResponse(responses, '500')?.key, '$default');
    assert.equal(integrationResponse({ '/2/': {} }, '200'), undefined, 'a pattern matches the whole value');
    const lambda = { '/.*/': {}, $default: {} };
    assert.equal(integrationResponse(lambda, undefined)?.key, '$default', "a Lambda function's result: $default alone");
    assert.equal(
      integrationResponse({ '/(/': {}, $default: {} }, '200')?.key,
      '$default',
      'a bad pattern matches nothing',
    );
  });

  it('response templates read the status code and headers; a MOCK answers the statusCode it is sent', () => {
    const response = {
      templateSelectionExpression: '${integration.response.statuscode}',
      responseTemplates: { '201': 'made' },
    };
    assert.equal((responseTemplate(response, { integrationStatus: '201' }) as { key: string }).key, '201');
    assert.deepEqual(responseTemplate(response, { integrationStatus: '200' }), { kind: 'passthrough' });
    assert.deepEqual(
      [
        mockStatus('{"statusCode": 418}'),
        mockStatus('{"statusCode":"204"}'),
        mockStatus('nope'),
        mockStatus('{"statusCode": 99}'),
      ],
      [418, 204, 200, 200],
    );
  });
});

describe("WebSocket request parameters (AWS's data mapping)", () => {
  it("$connect's headers and query string (multivalue forms too), the body, context, stage variables, static values", () => {
    const head = { method: 'POST', path: '/r/{who}', query: [['a', '1']] as Array<[string, string]>, headers: [] };
    const src = {
      header: (n: string) => ({ authorization: 'Bearer t', 'x-trace': 'abc' })[n.toLowerCase()],
      querystring: (n: string) => ({ token: 'q1' })[n],
      body: '{"user":{"name":"ann"}}',
      context: (n: string) => ({ connectionId: 'c-1' })[n],
      stageVariables: { tier: 'gold' },
    };
    const out = mapWsRequest(
      head,
      {
        'integration.request.header.authToken': 'route.request.querystring.token',
        'integration.request.header.trace': 'route.request.multivalueheader.X-Trace',
        'integration.request.header.connectionId': 'context.connectionId',
        'integration.request.querystring.tier': 'stageVariables.tier',
        'integration.request.querystring.a': "'2'",
        'integration.request.path.who': 'route.request.body.user.name',
        'integration.request.header.absent': 'route.request.header.nope',
      },
      src,
    );
    assert.deepEqual(out, {
      method: 'POST',
      path: '/r/ann',
      query: [
        ['tier', 'gold'],
        ['a', '2'],
      ],
      headers: [
        ['authToken', 'q1'],
        ['trace', 'abc'],
        ['connectionId', 'c-1'],
      ],
    });
  });
});

/** A clock whose timers of `ms` fire only when a test says so; other timers are real. */
function heldClock(ms: number) {
  const held = new Set<() => void>();
  return {
    now: () => Date.now(),
    setTimeout: (fn: () => void, after: number): unknown => {
      if (after !== ms) return setTimeout(fn, after);
      held.add(fn);
      return fn;
    },
    clearTimeout: (h: unknown) =>
      held.has(h as () => void) ? held.delete(h as () => void) : clearTimeout(h as NodeJS.Timeout),
    held: () => held.size,
    fire: () => {
      const due = [...held];
      held.clear();
      for (const fn of due) fn();
    },
  };
}

const SPEC = (backend: string) =>
  JSON.stringify({
    version: 1,
    api: { name: 'templated', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
    integrations: {
      mock: {
        type: 'MOCK',
        templateSelectionExpression: '${request.body.kind}',
        requestTemplates: { teapot: '{"statusCode": 418}', $default: '{"statusCode": 200}' },
        responses: {
          '/4\\d\\d/': {
            responseTemplates: { $default: '{"refused": "$context.routeKey", "colour": "$stageVariables.colour"}' },
          },
          $default: { responseTemplates: { $default: '{"ok": true, "connectionId": "$context.connectionId"}' } },
        },
      },
      backend: {
        type: 'HTTP',
        uri: backend,
        requestParameters: {
          'integration.request.header.connectionId': 'context.connectionId',
          'integration.request.header.x-text': 'route.request.body.text',
          'integration.request.querystring.colour': 'stageVariables.colour',
          'integration.request.path.room': "'lobby'",
        },
        templateSelectionExpression: '\\$default',
        requestTemplates: {
          $default: `{"text": $input.json('$.text'), "who": "$context.connectionId", "n": $input.path('$.items').size()}`,
        },
        responses: {
          '/2\\d\\d/': {
            templateSelectionExpression: '${integration.response.header.x-shape}',
            responseTemplates: {
              plain: "#set($b = $input.path('$'))got $b.text from $b.who ($b.n items), $input.path('$.status')",
            },
          },
        },
      },
      shout: {
        type: 'AWS',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:shout/invocations',
        requestTemplates: { $default: `{"text": $input.json('$.text'), "who": "$context.connectionId"}` },
        responses: {
          '/.*oops.*/': { responseTemplates: { $default: "failed: $input.path('$.errorMessage')" } },
          $default: { responseTemplates: { $default: "#set($r = $input.path('$'))$r.loud for $r.who" } },
        },
      },
      store: {
        type: 'AWS',
        uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
        requestTemplates: {
          $default: `{"TableName": "chat", "Item": {"id": {"S": "$context.connectionId"}, "text": {"S": $input.json('$.text')}}}`,
        },
        responses: { $default: { responseTemplates: { $default: 'stored $input.body' } } },
      },
      notify: {
        type: 'AWS',
        uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
        requestTemplates: { $default: "Action=Publish&Message=$util.urlEncode($input.path('$.text'))" },
        responses: { $default: { responseTemplates: { $default: 'notified' } } },
      },
      bare: { type: 'HTTP', uri: backend },
      gate: {
        type: 'MOCK',
        requestTemplates: {
          $default: '#if($context.identity.userAgent == \'intruder\'){"statusCode": 403}#else{"statusCode": 200}#end',
        },
        responses: { $default: {} },
      },
      strict: {
        type: 'MOCK',
        passthroughBehavior: 'NEVER',
        templateSelectionExpression: '${request.body.kind}',
        requestTemplates: { a: '{}' },
      },
      looping: { type: 'MOCK', requestTemplates: { $default: '#foreach($i in [1..2000])#end{}' } },
      endless: {
        type: 'MOCK',
        requestTemplates: {
          $default:
            '#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])#set($n = 1)#end#end#end{}',
        },
      },
    },
    routes: {
      $connect: { integration: 'gate' },
      ...Object.fromEntries(
        ['mock', 'backend', 'shout', 'store', 'notify', 'bare', 'strict', 'looping', 'endless'].map((r) => [
          r,
          { integration: r, routeResponseSelectionExpression: '$default' },
        ]),
      ),
    },
    stages: { dev: { variables: { colour: 'blue' } } },
  });

describe('local API: WebSocket MOCK, HTTP, Lambda and AWS service integrations with mapping templates', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let backend: http.Server;
  const received: string[] = [];
  const backendRequests: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
  const serviceCalls: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const clock = heldClock(29_000);

  before(async () => {
    backend = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.headers['x-amz-target']) {
          serviceCalls.push({ headers: req.headers, body });
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          return res.end('{}');
        }
        received.push(body);
        backendRequests.push({ url: req.url ?? '', headers: req.headers });
        res.writeHead(201, { 'content-type': 'application/json', 'x-shape': 'plain' });
        res.end(JSON.stringify({ ...JSON.parse(body), status: 'stored' }));
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/rooms/{room}/messages?v=1`;
    ws = localWorkspace({
      'templated.apigw.json': SPEC(url),
      'templated.apigw.local.yaml': `functions:\n  shout: { handler: shout.js }\nawsServices: { endpoint: '${new URL(url).origin}' }\n`,
      'shout.js':
        "exports.handler = async (e) => { if (e.text === 'boom') throw new Error('oops: ' + e.text); return { loud: e.text.toUpperCase(), who: e.who }; };\n",
    });
    api = await startLocalApi({
      specPath: ws.file('templated.apigw.json'),
      stage: 'dev',
      port: 0,
      watch: false,
      clock,
    });
  });
  after(async () => {
    await api?.stop();
    ws?.remove();
    backend?.close();
  });

  async function exchange(message: object): Promise<string> {
    const c = await open(api.wsUrl!);
    try {
      c.ws.send(JSON.stringify(message));
      await until(() => c.messages.length >= 1, `the answer to ${JSON.stringify(message)}`);
      return c.messages[0]!;
    } finally {
      c.ws.close();
    }
  }

  it('a MOCK answers the status its request template chooses, through the integration response that status selects', async () => {
    assert.deepEqual(JSON.parse(await exchange({ action: 'mock', kind: 'teapot' })), {
      refused: 'mock',
      colour: 'blue',
    });
    const ok = JSON.parse(await exchange({ action: 'mock' })) as { ok: boolean; connectionId: string };
    assert.deepEqual([ok.ok, typeof ok.connectionId, ok.connectionId.length > 0], [true, 'string', true]);
    const statuses = api
      .requests()
      .filter((r) => r.route === 'mock')
      .map((r) => r.status);
    assert.deepEqual(statuses, [418, 200]);
  });

  it('a $connect MOCK refuses the upgrade with the status its template chooses', async () => {
    await assert.rejects(open(api.wsUrl!, undefined, { 'user-agent': 'intruder' }), /HTTP 403/);
    const ok = await open(api.wsUrl!, undefined, { 'user-agent': 'friend' });
    ok.ws.close();
    const connects = api
      .requests()
      .filter((r) => r.route === '$connect')
      .slice(-2);
    assert.deepEqual(
      connects.map((r) => r.status),
      [403, 200],
    );
  });

  it('an HTTP integration without integration responses sends nothing back (APIGW513 warns of it)', async () => {
    const c = await open(api.wsUrl!);
    try {
      c.ws.send(JSON.stringify({ action: 'bare' }));
      // Messages run at once, not in turn: the mock is sent once the bare route is done, so that a frame the bare
      // route sent would come first on the socket.
      await until(() => api.requests().some((r) => r.route === 'bare'), 'the bare route');
      c.ws.send(JSON.stringify({ action: 'mock' }));
      await until(() => c.messages.length >= 1, "the mock's answer");
      assert.equal(api.requests().find((r) => r.route === 'bare')?.status, 201);
      assert.deepEqual(
        c.messages.map((m) => (JSON.parse(m) as { ok?: boolean }).ok),
        [true],
      );
    } finally {
      c.ws.close();
    }
  });

  it('an HTTP integration is sent what its request template makes, and its answer goes through the response template', async () => {
    const answer = await exchange({ action: 'backend', text: 'hello', items: [1, 2] });
    const sent = JSON.parse(received.at(-1)!) as { text: string; who: string; n: number };
    assert.deepEqual([sent.text, sent.n, typeof sent.who], ['hello', 2, 'string']);
    assert.equal(answer, `got hello from ${sent.who} (2 items), stored`);
    // Its request parameters: the connection id and a body field as headers, a stage variable in the query string,
    // a static value in the path.
    const { url, headers } = backendRequests.at(-1)!;
    assert.deepEqual(
      [url, headers.connectionid, headers['x-text']],
      ['/rooms/lobby/messages?v=1&colour=blue', sent.who, 'hello'],
    );
    // Show Request Details has what each template made.
    const id = api.requests().find((r) => r.route === 'backend')!.requestId;
    assert.deepEqual(api.request(id)?.templates, [
      { step: 'request', template: '$default', output: received.at(-1) },
      { step: 'response', integrationResponse: '/2\\d\\d/', template: 'plain', output: answer },
    ]);
  });

  it("a Lambda function without proxy gets the request template's JSON; its result or error selects the integration response", async () => {
    const c = await open(api.wsUrl!);
    try {
      c.ws.send(JSON.stringify({ action: 'shout', text: 'hey' }));
      c.ws.send(JSON.stringify({ action: 'shout', text: 'boom' }));
      await until(() => c.messages.length >= 2, 'both answers');
      const events = api.requests().filter((r) => r.route === 'shout');
      const who = (api.request(events[0]!.requestId)?.invocations[0]?.event as { who: string }).who;
      assert.deepEqual(c.messages.sort(), [`HEY for ${who}`, 'failed: oops: boom']);
      assert.deepEqual(api.request(events[0]!.requestId)?.invocations[0]?.event, { text: 'hey', who });
    } finally {
      c.ws.close();
    }
  });

  it('an AWS service action: a JSON-protocol one sent to awsServices.endpoint signed with SigV4, another recorded', async () => {
    assert.equal(await exchange({ action: 'store', text: 'hi' }), 'stored {}');
    const [call] = serviceCalls;
    const item = JSON.parse(call!.body) as { TableName: string; Item: { id: { S: string }; text: { S: string } } };
    assert.deepEqual([item.TableName, item.Item.text.S], ['chat', 'hi']);
    assert.equal(call!.headers['x-amz-target'], 'DynamoDB_20120810.PutItem');
    assert.equal(call!.headers['content-type'], 'application/x-amz-json-1.0');
    assert.match(
      String(call!.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/us-east-1\/dynamodb\/aws4_request/,
    );
    // SNS speaks the query protocol: recorded, with what the template made, and answered {} (never sent).
    assert.equal(await exchange({ action: 'notify', text: 'a b' }), 'notified');
    assert.equal(serviceCalls.length, 1);
    const id = api.requests().find((r) => r.route === 'notify')!.requestId;
    assert.deepEqual(api.request(id)?.invocations, [
      { kind: 'integration', target: 'sns Publish', event: 'Action=Publish&Message=a+b' },
    ]);
  });

  it('a refused passthrough, a template over the #foreach quota: the client gets an error frame, the channel the reason', async () => {
    assert.match(
      await exchange({ action: 'strict', kind: 'b' }),
      /^\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/,
    );
    assert.match(await exchange({ action: 'looping' }), /"Internal server error"/);
    const errors = api
      .requests()
      .filter((r) => r.route === 'strict' || r.route === 'looping')
      .map((r) => r.error);
    assert.deepEqual(errors, [
      "no request template matches and the integration's passthroughBehavior is NEVER",
      "the mapping template failed: a #foreach loops 2000 times, over API Gateway's quota of 1000",
    ]);
  });

  it('a template that never ends is stopped at the integration timeout, and the next message is answered', async () => {
    const c = await open(api.wsUrl!);
    try {
      c.ws.send(JSON.stringify({ action: 'endless' }));
      await until(() => clock.held() > 0, 'the endless template to start');
      clock.fire();
      await until(() => c.messages.length >= 1, 'the error frame');
      assert.match(c.messages[0]!, /"Internal server error"/);
      assert.equal(
        api.requests().find((r) => r.route === 'endless')?.error,
        "the mapping template did not finish within the integration's timeout (29000 ms)",
      );
      c.ws.send(JSON.stringify({ action: 'mock' }));
      await until(() => c.messages.length >= 2, 'the next answer');
      assert.equal((JSON.parse(c.messages[1]!) as { ok: boolean }).ok, true);
    } finally {
      c.ws.close();
    }
  });
});

// AWS: a binary frame is refused with close code 1003; a text frame's base64 is decoded for an integration with
// contentHandling CONVERT_TO_BINARY, and an integration response's CONVERT_TO_TEXT gives its template the answer's
// bytes as base64 (websocket-api-develop-binary-media-types.html).
const BYTES_SPEC = (backend: string) =>
  JSON.stringify({
    version: 1,
    api: { name: 'bytes', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
    integrations: {
      bytes: {
        type: 'HTTP',
        uri: backend,
        contentHandling: 'CONVERT_TO_BINARY',
        requestTemplates: { $default: 'never applied: the conversion has no template' },
        responses: {
          $default: { contentHandling: 'CONVERT_TO_TEXT', responseTemplates: { $default: '{"echo": "$input.body"}' } },
        },
      },
      pixel: {
        type: 'MOCK',
        requestTemplates: { $default: '{"statusCode": 200}' },
        responses: {
          $default: { contentHandling: 'CONVERT_TO_BINARY', responseTemplates: { $default: 'iVBORw0KGgo=' } },
        },
      },
      broken: {
        type: 'MOCK',
        requestTemplates: { $default: '{"statusCode": 200}' },
        responses: {
          $default: { contentHandling: 'CONVERT_TO_BINARY', responseTemplates: { $default: 'not base64!' } },
        },
      },
    },
    routes: {
      $default: { integration: 'bytes', routeResponseSelectionExpression: '$default' },
      pixel: { integration: 'pixel', routeResponseSelectionExpression: '$default' },
      broken: { integration: 'broken', routeResponseSelectionExpression: '$default' },
    },
    stages: { dev: {} },
  });

const SEEN_SPEC = JSON.stringify({
  version: 1,
  api: { name: 'seen', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  integrations: {
    seen: {
      type: 'AWS_PROXY',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:seen',
      contentHandling: 'CONVERT_TO_BINARY',
    },
  },
  routes: { $default: { integration: 'seen', routeResponseSelectionExpression: '$default' } },
  stages: { dev: {} },
});

describe('local API: WebSocket binary payloads (text frames only, contentHandling both ways)', () => {
  let ws: LocalWorkspace;
  let api: LocalApi;
  let seen: LocalApi;
  let backend: http.Server;
  const received: Buffer[] = [];

  before(async () => {
    backend = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.from(Buffer.concat(chunks)).reverse());
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    ws = localWorkspace({
      'bytes.apigw.json': BYTES_SPEC(`http://127.0.0.1:${(backend.address() as AddressInfo).port}/bytes`),
      'seen.apigw.json': SEEN_SPEC,
      'seen.apigw.local.yaml': 'functions:\n  seen: { handler: seen.js }\n',
      'seen.js':
        'exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify([e.isBase64Encoded, e.body]) });\n',
    });
    const options = { stage: 'dev', port: 0, watch: false } as const;
    api = await startLocalApi({ ...options, specPath: ws.file('bytes.apigw.json') });
    seen = await startLocalApi({ ...options, specPath: ws.file('seen.apigw.json') });
  });
  after(async () => {
    await api?.stop();
    await seen?.stop();
    ws?.remove();
    backend?.close();
  });

  async function frame(url: string, message: string): Promise<{ data: Buffer; binary: boolean }> {
    const c = await open(url);
    try {
      const got: Array<{ data: Buffer; binary: boolean }> = [];
      c.ws.on('message', (data: Buffer, binary: boolean) => got.push({ data, binary }));
      c.ws.send(message);
      await until(() => got.length > 0, `the answer to ${message}`);
      return got[0]!;
    } finally {
      c.ws.close();
    }
  }

  it("CONVERT_TO_BINARY sends the bytes of the message's base64, no template; CONVERT_TO_TEXT hands the answer as base64", async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const answer = await frame(api.wsUrl!, bytes.toString('base64'));
    assert.deepEqual(received.at(-1), bytes);
    assert.equal(answer.binary, false);
    assert.deepEqual(JSON.parse(answer.data.toString()), { echo: Buffer.from(bytes).reverse().toString('base64') });
    const id = api.requests().find((r) => r.route === '$default')!.requestId;
    assert.deepEqual(
      api.request(id)?.templates?.map((s) => [s.step, s.template, s.contentHandling]),
      [
        ['request', null, 'CONVERT_TO_BINARY'],
        ['response', '$default', 'CONVERT_TO_TEXT'],
      ],
    );
  });

  it("an integration response's CONVERT_TO_BINARY sends its template's base64 as a binary frame", async () => {
    const answer = await frame(api.wsUrl!, JSON.stringify({ action: 'pixel' }));
    assert.equal(answer.binary, true);
    assert.deepEqual(answer.data, Buffer.from('iVBORw0KGgo=', 'base64'));
  });

  it('text that is not base64 either way is an integration failure: an error frame, the reason in the channel', async () => {
    const sent = received.length;
    assert.match((await frame(api.wsUrl!, 'not base64!')).data.toString(), /"Internal server error"/);
    assert.match(
      (await frame(api.wsUrl!, JSON.stringify({ action: 'broken' }))).data.toString(),
      /"Internal server error"/,
    );
    assert.equal(received.length, sent, 'the backend is not called with what could not be converted');
    const errors = api
      .requests()
      .filter((r) => r.status === 500)
      .map((r) => r.error);
    assert.deepEqual(errors, [
      "the message is not base64, which the integration's contentHandling CONVERT_TO_BINARY decodes",
      "what the response template made is not base64, which the integration response's contentHandling CONVERT_TO_BINARY decodes",
    ]);
  });

  it('a Lambda proxy integration with CONVERT_TO_BINARY gets the message as a base64 body', async () => {
    const body = Buffer.from('hé').toString('base64');
    assert.deepEqual(JSON.parse((await frame(seen.wsUrl!, body)).data.toString()), [true, body]);
  });

  it('a binary frame is refused: the connection closes with 1003, no route is called, $disconnect says why', async () => {
    const c = await open(api.wsUrl!);
    let code: number | undefined;
    void c.closed.then((closed) => (code = closed.code));
    c.ws.send(Buffer.from([1, 2, 3]));
    await until(() => code !== undefined, 'the connection to close');
    assert.equal(code, 1003);
    const why = 'a binary frame: API Gateway takes text frames only, and closed the connection with 1003';
    await until(() => api.requests().some((r) => r.error === why), 'the $disconnect line');
    const { connectionId } = api.requests().find((r) => r.error === why)!;
    const lines = api.requests().filter((r) => r.connectionId === connectionId);
    assert.deepEqual(
      lines.map((r) => [r.route, r.error]),
      [
        ['$connect', undefined],
        ['$disconnect', why],
      ],
    );
  });
});

describe('Try Mapping Template: one template of the spec rendered against a message, as the local API renders it', () => {
  const spec = JSON.parse(SPEC('http://127.0.0.1:1/x')) as GatewaySpec;

  it('lists every template, request templates first, and renders one with $context of its route and the stage variables', async () => {
    const all = specTemplates(spec);
    assert.deepEqual(
      all.filter((t) => t.integration === 'mock').map((t) => [t.response ?? null, t.key]),
      [
        [null, 'teapot'],
        [null, '$default'],
        ['/4\\d\\d/', '$default'],
        ['$default', '$default'],
      ],
    );
    const refused = await tryTemplate(spec, { integration: 'mock', response: '/4\\d\\d/', key: '$default' }, '{}');
    assert.deepEqual(refused.rendered, { ok: true, text: '{"refused": "mock", "colour": "blue"}' });
    assert.deepEqual([refused.routeKey, refused.stage], ['mock', 'dev']);
    const shout = await tryTemplate(spec, { integration: 'shout', key: '$default' }, '{"text":"hi"}');
    assert.equal(shout.rendered.ok && JSON.parse(shout.rendered.text).text, 'hi');
    // As the local API serves it: the workbench's variables resolved for the local account and region.
    spec.integrations!.shout!.requestTemplates = { $default: '${aws:region}/${aws:accountId} $input.body' };
    const resolved = await tryTemplate(spec, { integration: 'shout', key: '$default' }, 'hi');
    assert.deepEqual(resolved.rendered, { ok: true, text: 'us-east-1/123456789012 hi' });
  });

  it('apigw template: lists the templates, prints what one makes (exit 0), why one fails (1), a template it lacks (2)', async () => {
    const ws = localWorkspace({ 'chat.apigw.json': SPEC('http://127.0.0.1:1/x') });
    try {
      const run = async (...args: string[]) => {
        const b = bufferIo();
        return { code: await main(['template', ws.file('chat.apigw.json'), ...args], b.io), ...b.out };
      };
      const listed = await run();
      assert.equal(listed.code, 0);
      assert.ok(listed.stdout.includes('mock · response /4\\d\\d/ · template $default\n'), listed.stdout);
      const refused = await run('--integration', 'mock', '--response', '/4\\d\\d/');
      assert.deepEqual([refused.code, refused.stdout], [0, '{"refused": "mock", "colour": "blue"}\n']);
      const shout = await run('--integration', 'shout', '--message', '{"text":"hey"}');
      assert.equal(JSON.parse(shout.stdout).text, 'hey');
      const looping = await run('--integration', 'looping');
      assert.equal(looping.code, 1);
      assert.match(
        looping.stderr,
        /^apigw template: looping · request template \$default: the mapping template failed: a #foreach loops 2000 times/,
      );
      const missing = await run('--integration', 'mock', '--key', 'nope');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /mock · request template nope is not in the spec/);
      assert.equal((await run('--key', 'x')).code, 2, 'a key without an integration');
    } finally {
      ws.remove();
    }
  });

  it('says why a template fails, and that a template the spec lacks is not there', async () => {
    const looping = await tryTemplate(spec, { integration: 'looping', key: '$default' }, '{}');
    assert.deepEqual(looping.rendered, {
      ok: false,
      error: "the mapping template failed: a #foreach loops 2000 times, over API Gateway's quota of 1000",
    });
    await assert.rejects(tryTemplate(spec, { integration: 'mock', key: 'nope' }, '{}'), {
      code: 'NotFound',
      message: 'mock · request template nope is not in the spec.',
    });
  });
});
