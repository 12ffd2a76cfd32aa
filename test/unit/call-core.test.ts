// The pure half of calling routes: the .http format (parse, generate from the examples, update keeping edits),
// targets and the host guard, route auth and its variables, request resolution, the response formatter, the history
// (no secret survives), WebSocket route completion and log correlation.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  authVariables,
  CallHistory,
  checkRequestUrl,
  domainTarget,
  fillRequest,
  firstPathSegment,
  formatBody,
  formatInclude,
  formatTiming,
  generateHttpFile,
  generateRequests,
  historyEntry,
  idPattern,
  invocations,
  invocationsInWindow,
  joinUrl,
  lambdaRequestIdOf,
  localTarget,
  parseHttpFile,
  parseInvokeUrl,
  parseRequestTime,
  readAccessRecord,
  redactUrl,
  bodyFiles,
  referenceValue,
  replaceVariables,
  requestAt,
  resolveFileText,
  resolveRequest,
  routeCompletions,
  routeForRequest,
  secretHeaderNames,
  secretQueryNames,
  variableNames,
  specRouteAuth,
  stageInvokeUrl,
  stageTarget,
  targetOfBaseUrl,
  updateHttpFile,
  type CallResponse,
  type Exchange,
} from '../../src/core/call';
import { isWorkbenchError } from '../../src/core/errors';
import { evaluate, variablesOf } from '../../src/core/local/expressions';
import { enclosedParts, replaceEnclosed, trimBoth, trimTrailing } from '../../src/core/text';
import { validateSpec } from '../../src/core/gatewaySpec/validate';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { corpusFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';
import { hangGuard } from './hangGuard';

function parseSpec(text: string, fileName = 'spec.apigw.yaml'): GatewaySpec {
  const v = validateSpec(text, { fileName });
  assert.ok(v.valid && v.model, `${fileName} is valid`);
  return v.model;
}

function example(name: string): GatewaySpec {
  return parseSpec(fs.readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8'), name);
}

const ORDERS = example('orders-api.apigw.yaml');
const CHAT = example('chat-api.apigw.json');
const DEV = stageTarget({ apiId: 'a1b2c3d4e5', region: 'eu-west-1', stage: 'dev' });
const PROD = stageTarget({ apiId: 'a1b2c3d4e5', region: 'eu-west-1', stage: 'prod' });

function throwsCode(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isWorkbenchError(err), String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('.http parser', () => {
  const text = [
    '@host = https://api.example.com',
    '@baseUrl = {{host}}/v1',
    '',
    '### First one',
    '# @name getThing',
    '# @no-redirect',
    '// a comment',
    'GET {{baseUrl}}/things/{{id}}',
    '    ?verbose=1',
    '    &x=2',
    'Accept: application/json',
    'X-Trace: abc',
    '',
    '###',
    'POST https://api.example.com/v1/things HTTP/1.1',
    'Content-Type: application/json',
    '',
    '{',
    '  "a": 1',
    '}',
    '',
    '> {% client.test("ok", () => {}); %}',
    '',
    '### upload',
    'PUT {{baseUrl}}/blob',
    '',
    '< ./data/blob.bin',
    '###',
    'https://api.example.com/v1/health',
    '### broken',
    'this is not a request',
  ].join('\r\n');
  const f = parseHttpFile(text);

  it('a file variable is its value without the blanks around it, as REST Client reads `@name = value`', () => {
    const g = parseHttpFile('@token =    abc def  \n@host=h.example.com\n@empty =   \nGET https://{{host}}/\n');
    assert.deepEqual(
      g.variables.map((v) => [v.name, v.value]),
      [
        ['token', 'abc def'],
        ['host', 'h.example.com'],
        ['empty', ''],
      ],
    );
  });

  it('reads variables, names, tags, continuation lines, headers, bodies, file bodies and URL-only requests', () => {
    assert.deepEqual(
      f.variables.map((v) => [v.name, v.value, v.line]),
      [
        ['host', 'https://api.example.com', 0],
        ['baseUrl', '{{host}}/v1', 1],
      ],
    );
    assert.equal(f.requests.length, 4);
    const [a, b, c, d] = f.requests;
    assert.equal(a!.name, 'getThing');
    assert.deepEqual(a!.tags, { 'no-redirect': '' });
    assert.equal(a!.url, '{{baseUrl}}/things/{{id}}?verbose=1&x=2');
    assert.equal(a!.requestLine, 7);
    assert.deepEqual(
      a!.headers.map((h) => [h.name, h.value]),
      [
        ['Accept', 'application/json'],
        ['X-Trace', 'abc'],
      ],
    );
    assert.equal(b!.method, 'POST');
    assert.equal(b!.url, 'https://api.example.com/v1/things');
    assert.deepEqual(
      b!.body,
      { kind: 'text', text: '{\n  "a": 1\n}', startLine: 17 },
      'the response handler is not body',
    );
    assert.equal(c!.name, 'upload');
    assert.deepEqual(c!.body, { kind: 'file', path: './data/blob.bin', substitute: false, startLine: 26 });
    assert.equal(d!.method, 'GET');
    assert.equal(d!.url, 'https://api.example.com/v1/health');
    assert.deepEqual(f.problems, [
      { line: 30, message: 'not a request line: expected METHOD URL, found "this is not a request"' },
    ]);
    assert.equal(requestAt(f, 9)?.name, 'getThing');
    assert.equal(requestAt(f, 0), undefined, 'the preamble is no request');
  });

  it('refuses a file over the limit with InputLimit, and reads a large ordinary file in linear time', () => {
    throwsCode(() => parseHttpFile('x'.repeat(2 * 1024 * 1024 + 1)), 'InputLimit');
    const many = Array.from({ length: 5000 }, (_, i) => `###\nGET https://h/x/${i}\nA: b\n\n{"i":${i}}`).join('\n');
    assert.equal(parseHttpFile(many).requests.length, 5000);
  });

  // A request line or a marker with a long run of spaces inside took seconds per 40 KB (a lazy pattern before
  // `\s+`: minutes on these lines): read in one pass. The timeout is a hang guard, not a speed assertion.
  it(
    'trims slashes in one pass, also a 1 MB run that does not end the text (the timeout is a hang guard)',
    hangGuard(60_000, () => {
      assert.equal(trimTrailing('https://h/a///', '/'), 'https://h/a');
      assert.equal(trimBoth('//v1/x//', '/'), 'v1/x');
      assert.equal(trimTrailing('///', '/'), '');
      const run = '/'.repeat(1 << 20);
      assert.equal(trimTrailing(`${run}x`, '/').length, (1 << 20) + 1);
      const d = domainTarget({ domainName: 'Api.Example.com', mappingKey: `${run}v1${run}`, stage: 'prod' });
      assert.equal(d.baseUrl, 'https://api.example.com/v1');
    }),
  );

  // /\$\{([^}]*)\}/g read to the end of the text from every `${` no `}` followed: 40 KB of `${` took 0.6 s.
  it(
    'finds ${…} parts as /\\$\\{([^}]*)\\}/g does, in one pass over 1 MB of unclosed ones (hang guard)',
    hangGuard(60_000, () => {
      assert.deepEqual(
        enclosedParts('a${x}b${}${y${z}}${', '${', '}').map((p) => [p.start, p.end, p.inner]),
        [...'a${x}b${}${y${z}}${'.matchAll(/\$\{([^}]*)\}/g)].map((m) => [m.index, m.index + m[0].length, m[1]]),
      );
      assert.equal(
        replaceEnclosed('https://{h}.x/{proxy}', '{', '}', () => 'x'),
        'https://x.x/x',
      );
      const unclosed = '${'.repeat(1 << 19);
      assert.equal(enclosedParts(unclosed, '${', '}').length, 0);
      assert.ok(evaluate(unclosed, {}) === unclosed, 'unclosed ${ stay as they are');
      const read = variablesOf(`${unclosed}x}`);
      assert.ok(
        read.length === 1 && read[0] === `${'${'.repeat((1 << 19) - 1)}x`,
        'one variable: all but the first ${, and x',
      );
    }),
  );

  it(
    'reads request lines and markers with 256 KB runs of spaces inside in one pass',
    hangGuard(60_000, () => {
      const gap = ' '.repeat(1 << 18);
      const f = parseHttpFile(
        [`# apigw: GET /a${gap}b [0123abcd]`, `GET https://h/a${gap}b${gap}HTTP/1.1`, '', `# apigw: x${gap}y`].join(
          '\n',
        ),
      );
      assert.equal(f.requests.length, 1);
      assert.equal(f.requests[0]!.method, 'GET');
      assert.equal(f.requests[0]!.url, `https://h/a${gap}b`);
      assert.deepEqual(f.blocks[0]!.marker, {
        routeKey: `GET /a${gap}b`,
        hash: '0123abcd',
        state: 'generated',
        line: 0,
      });
      const markers = [
        'apigw: GET /x [0123abcd]',
        'apigw: GET /y (skip)',
        'apigw:  DELETE /z  (removed from the spec)',
      ];
      const parsed = parseHttpFile(markers.map((m) => `###\n# ${m}\nGET https://h/`).join('\n'));
      assert.deepEqual(
        parsed.blocks.map((b) => b.marker && [b.marker.routeKey, b.marker.hash, b.marker.state]),
        [
          ['GET /x', '0123abcd', 'generated'],
          ['GET /y', undefined, 'skip'],
          ['DELETE /z', undefined, 'removed'],
        ],
      );
    }),
  );
});

describe('.http generation from a spec', () => {
  const gen = generateRequests(ORDERS, { specFile: 'orders-api.apigw.yaml', targets: [DEV, PROD] });
  const parsed = parseHttpFile(gen.text);

  it('one request per route with names, markers, path variables, auth variables and JSON bodies', () => {
    assert.equal(parsed.requests.length, Object.keys(ORDERS.routes!).length);
    assert.deepEqual(parsed.problems, []);
    const get = parsed.requests.find((r) => r.marker?.routeKey === 'GET /orders/{orderId}')!;
    assert.equal(get.name, 'getOrder');
    assert.equal(get.url, '{{baseUrl}}/orders/{{orderId}}');
    assert.deepEqual(
      get.headers.map((h) => `${h.name}: ${h.value}`),
      ['Authorization: Bearer {{cognitoToken}}'],
    );
    assert.match(get.marker!.hash!, /^[0-9a-f]{8}$/);
    const post = parsed.requests.find((r) => r.marker?.routeKey === 'POST /orders')!;
    assert.equal(post.method, 'POST');
    assert.deepEqual(post.body, { kind: 'text', text: '{\n}', startLine: post.body!.startLine });
    assert.ok(post.headers.some((h) => h.name === 'Content-Type' && h.value === 'application/json'));
    const events = parsed.requests.find((r) => r.marker?.routeKey === 'POST /events')!;
    assert.equal(events.headers.filter((h) => /authorization/i.test(h.name)).length, 0, 'AWS_IAM: signed, no header');
    assert.match(gen.text, /# Auth: AWS_IAM \(SigV4 with your AWS credentials\)\. The workbench signs it/);
    assert.match(gen.text, /# @name deleteOrdersOrderId\n/);
    const proxy = parsed.requests.find((r) => r.marker?.routeKey === 'GET /catalog/{proxy+}')!;
    assert.equal(proxy.url, '{{baseUrl}}/catalog/{{proxy}}');
    const any = parsed.requests.find((r) => r.marker?.routeKey === 'ANY /inventory/{proxy+}')!;
    assert.equal(any.method, 'GET');
  });

  it('targets as @baseUrl lines (the first active), path variables defined once, no secret ever defined', () => {
    const defs = new Map(parsed.variables.map((v) => [v.name, v.value]));
    assert.equal(defs.get('baseUrl'), DEV.baseUrl);
    assert.ok(gen.text.includes(`# @baseUrl = ${PROD.baseUrl}`));
    assert.equal(defs.get('orderId'), '1');
    assert.equal(defs.get('proxy'), 'example');
    assert.equal(defs.has('cognitoToken'), false);
    assert.equal(parsed.variables.filter((v) => v.name === 'orderId').length, 1);
  });

  it('without known targets: the local API first, placeholders for the stages', () => {
    const text = generateHttpFile(ORDERS);
    assert.match(text, /^@baseUrl = http:\/\/127\.0\.0\.1:3000\/dev$/m);
    assert.match(text, /^# @baseUrl = https:\/\/API_ID\.execute-api\.REGION\.amazonaws\.com\/prod$/m);
  });

  it("ANY and $default requests reach their own route: a method and path the spec's other routes do not take", () => {
    const spec = parseSpec(
      'version: 1\napi: {name: t, protocol: HTTP}\nintegrations:\n  h: {type: HTTP_PROXY, uri: "https://h.example.com", method: ANY}\n' +
        'routes:\n  ANY /: {integration: h}\n  GET /x: {integration: h}\n  ANY /x: {integration: h}\n  $default: {integration: h}\n',
    );
    const file = parseHttpFile(generateHttpFile(spec));
    const line = (key: string) => {
      const r = file.requests.find((x) => x.marker?.routeKey === key)!;
      return `${r.method} ${r.url}`;
    };
    assert.equal(line('ANY /'), 'GET {{baseUrl}}/');
    assert.equal(line('ANY /x'), 'POST {{baseUrl}}/x');
    assert.equal(line('$default'), 'GET {{baseUrl}}/default');
    assert.match(generateHttpFile(spec), /# ANY: other routes of this path take GET; POST and every method/);
  });

  // The generator and the local API's router (AWS's routing rules) agree on every route of every real-world spec.
  for (const file of corpusFiles()) {
    const spec = parseSpec(fs.readFileSync(file, 'utf8'), path.basename(file));
    if (spec.api.protocol !== 'HTTP') continue;
    it(`corpus ${path.basename(file)}: every generated request reaches the route its marker names`, () => {
      const parsed = parseHttpFile(generateHttpFile(spec));
      const values = new Map(parsed.variables.map((v) => [v.name, v.value]));
      for (const r of parsed.requests) {
        const path = r.url
          .replace('{{baseUrl}}', '')
          .replace(/\?.*$/, '')
          .replace(/\{\{(\w+)\}\}/g, (_m, n: string) => values.get(n)!);
        assert.equal(
          routeForRequest(Object.keys(spec.routes ?? {}), r.method, path),
          r.marker!.routeKey,
          `${r.method} ${path}`,
        );
      }
    });
  }

  it('a WebSocket spec: one WEBSOCKET request with the $connect identity source and a message per custom route', () => {
    const ws = parseHttpFile(generateHttpFile(CHAT));
    assert.equal(ws.requests.length, 1);
    const r = ws.requests[0]!;
    assert.equal(r.method, 'WEBSOCKET');
    assert.equal(r.url, '{{baseUrl}}?token={{tokenToken}}');
    assert.deepEqual(r.messages, ['{"action": "sendMessage"}', '{"action": "ping"}']);
  });
});

describe('.http update: generated, edited by the user, updated after the spec changes', () => {
  it('keeps edits, replaces untouched requests, adds new routes, removes or marks removed ones', () => {
    const v1 = generateRequests(ORDERS, { targets: [DEV] });
    // The user edits: GetOrder gets a header and a new id, a request of their own is added, the @baseUrl moves on.
    let text = v1.text
      .replace('GET {{baseUrl}}/orders/{{orderId}}\n', 'GET {{baseUrl}}/orders/{{orderId}}\nX-Debug: 1\n')
      .replace('@orderId = 1', '@orderId = 42')
      .replace(
        '### DELETE /orders/{orderId}',
        '### mine\nGET {{baseUrl}}/orders?limit=5\n\n### DELETE /orders/{orderId}',
      );
    // An edited request of a route the spec will drop.
    text = text.replace(
      /(### GET \/catalog\/\{proxy\+\}[\s\S]*?GET \{\{baseUrl\}\}\/catalog\/\{\{proxy\}\})/,
      '$1?x=1',
    );
    // The spec changes: a route added, two removed (one untouched, one edited), GET /orders gets another scope.
    const next = structuredClone(ORDERS);
    next.routes!['PUT /orders/{orderId}'] = {
      integration: 'orders-fn',
      authorizer: 'cognito',
      operationName: 'UpdateOrder',
    };
    delete next.routes!['POST /events'];
    delete next.routes!['GET /catalog/{proxy+}'];
    next.routes!['GET /orders']!.authorizationScopes = ['orders/list'];
    const v2 = generateRequests(next, { targets: [DEV, PROD] });
    const { text: updated, report } = updateHttpFile(text, v2);
    const f = parseHttpFile(updated);
    const byRoute = (k: string) => f.requests.find((r) => r.marker?.routeKey === k);

    assert.deepEqual(report.added, ['PUT /orders/{orderId}']);
    assert.deepEqual(report.removed, ['POST /events']);
    assert.deepEqual(report.keptRemoved, ['GET /catalog/{proxy+}']);
    assert.deepEqual(report.kept, ['GET /orders/{orderId}']);
    assert.ok(report.updated.includes('GET /orders'));
    assert.ok(
      byRoute('GET /orders/{orderId}')!.headers.some((h) => h.name === 'X-Debug'),
      'the edit survives',
    );
    assert.match(updated, /scopes orders\/list/, 'the untouched request follows the spec');
    assert.equal(byRoute('POST /events'), undefined);
    assert.equal(byRoute('GET /catalog/{proxy+}')!.marker!.state, 'removed');
    assert.equal(byRoute('GET /catalog/{proxy+}')!.url, '{{baseUrl}}/catalog/{{proxy}}?x=1');
    assert.ok(
      f.requests.some((r) => r.url === '{{baseUrl}}/orders?limit=5'),
      "the user's own request stays",
    );
    assert.equal(byRoute('PUT /orders/{orderId}')!.name, 'updateOrder');
    const defs = f.variables.filter((v) => v.name === 'baseUrl');
    assert.deepEqual(
      defs.map((d) => d.value),
      [DEV.baseUrl],
      'the active target is not changed',
    );
    assert.ok(updated.includes(`# @baseUrl = ${PROD.baseUrl}`), 'a new target is added, commented');
    assert.equal(f.variables.find((v) => v.name === 'orderId')!.value, '42');

    // Updating again with the same spec changes nothing: the update is a fixed point.
    const again = updateHttpFile(updated, v2);
    assert.equal(again.text, updated);
    assert.deepEqual(again.report.added, []);
  });

  it('a (skip) marker keeps a route out; CRLF files stay CRLF; a file without a preamble gets one', () => {
    const gen = generateRequests(ORDERS, { targets: [DEV] });
    const user =
      '### not wanted\r\n# apigw: POST /events (skip)\r\n\r\n### other\r\nGET http://127.0.0.1:3000/dev/x\r\n';
    const { text, report } = updateHttpFile(user, gen);
    assert.ok(!report.added.includes('POST /events'));
    assert.ok(report.added.includes('GET /orders'));
    assert.ok(text.includes('\r\n') && !/[^\r]\n/.test(text), 'line endings kept');
    assert.match(text, /^@baseUrl = https:\/\/a1b2c3d4e5/, 'targets added on top');
  });
});

describe('targets and the host guard', () => {
  it('builds invoke URLs ($default without a path, wss for WebSocket) and custom domain URLs', () => {
    assert.equal(
      stageInvokeUrl({ apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: '$default' }),
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    );
    assert.equal(
      stageInvokeUrl({ apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'dev', protocol: 'WEBSOCKET' }),
      'wss://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/dev',
    );
    const d = domainTarget({ domainName: 'API.Example.com', mappingKey: 'v1/orders', stage: 'prod' });
    assert.equal(d.baseUrl, 'https://api.example.com/v1/orders');
    assert.deepEqual(parseInvokeUrl(`${DEV.baseUrl}/orders/1`), {
      apiId: 'a1b2c3d4e5',
      region: 'eu-west-1',
      firstSegment: 'dev',
    });
    // An escape that is not UTF-8 is kept as written (decodeURIComponent threw on it).
    assert.equal(
      parseInvokeUrl('https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/%E0%A4/x')?.firstSegment,
      '%E0%A4',
    );
    assert.equal(firstPathSegment(new URL('http://127.0.0.1:3000/my%20stage/x')), 'my stage');
    assert.equal(joinUrl(DEV.baseUrl, '//evil.example.com/x'), `${DEV.baseUrl}//evil.example.com/x`);
  });

  it("lets through the stage's endpoints, its domains and loopback, and refuses every other host", () => {
    const domain = domainTarget({ domainName: 'api.example.com', mappingKey: 'v1', stage: 'dev' });
    const allowed = [DEV, domain];
    for (const ok of [
      `${DEV.baseUrl}/orders/1?x=1`,
      DEV.baseUrl,
      'https://api.example.com/v1/orders',
      'http://127.0.0.1:3000/dev/orders',
      'http://localhost:9999/x',
      'ws://[::1]:3000/dev',
    ])
      assert.doesNotThrow(() => checkRequestUrl(ok, allowed), ok);
    for (const [bad, why] of [
      ['https://evil.example.com/orders', /evil\.example\.com/],
      [`${PROD.baseUrl}/orders`, /stage's own endpoints/],
      ['http://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev/x', /Refused/],
      ['https://api.example.com/v2/orders', /Refused/],
      ['https://api.example.com.evil.io/v1', /Refused/],
      ['https://user:pw@api.example.com/v1', /user name or password/],
      ['file:///etc/passwd', /Only http/],
      ['not a url', /Not a URL/],
    ] as const)
      throwsCode(() => checkRequestUrl(bad, allowed), 'InvalidArgument', why);
    throwsCode(() => localTarget('http://10.0.0.1:3000/dev'), 'InvalidArgument', /loopback/);
    // A URL that does not parse is shown without what a hidden prompt's answer may be in: query and credentials.
    for (const bad of ['https://api .example.com/v1?pw=hunter2', 'https://me:hunter2@api .example.com/v1#hunter2'])
      assert.throws(
        () => checkRequestUrl(bad, allowed),
        (e: Error) => /^Not a URL: https:\/\//.test(e.message) && !e.message.includes('hunter2'),
        bad,
      );
  });

  it("finds the target a file's active @baseUrl names", () => {
    assert.equal(targetOfBaseUrl(`${PROD.baseUrl}/`, [DEV, PROD]), PROD);
    assert.equal(targetOfBaseUrl('http://127.0.0.1:3000/dev', [DEV])?.kind, 'local');
    assert.equal(targetOfBaseUrl('https://evil.example.com', [DEV]), undefined);
    assert.equal(targetOfBaseUrl(undefined, [DEV]), undefined);
  });
});

describe('route auth', () => {
  it('reads the spec: JWT with issuer and scopes, AWS_IAM, none; CUSTOM identity sources; variables and secrets', () => {
    const jwt = specRouteAuth(ORDERS, 'GET /orders');
    assert.equal(jwt.type, 'JWT');
    assert.equal(jwt.jwt!.issuer, 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123');
    assert.deepEqual(jwt.scopes, ['orders/read']);
    assert.deepEqual(authVariables(jwt), [
      { variable: 'cognitoToken', kind: 'jwt', in: 'header', name: 'Authorization', bearer: true },
    ]);
    assert.equal(specRouteAuth(ORDERS, 'POST /events').type, 'AWS_IAM');
    assert.equal(specRouteAuth(ORDERS, 'GET /catalog/{proxy+}').type, 'NONE');
    const connect = specRouteAuth(CHAT, '$connect');
    assert.equal(connect.type, 'CUSTOM');
    assert.deepEqual(authVariables(connect), [
      { variable: 'tokenToken', kind: 'identity', in: 'query', name: 'token' },
    ]);
    assert.ok(secretQueryNames(connect).has('token'));
    assert.ok(secretHeaderNames(jwt).has('authorization'));
  });
});

describe('request resolution', () => {
  const f = parseHttpFile(
    [
      '@host = https://api.example.com',
      '@baseUrl = {{host}}/v1',
      '@loop = {{loop}}',
      '###',
      'POST {{baseUrl}}/x?t={{tokenToken}}&n={{$randomInt 5 6}}',
      'Authorization: Bearer {{cognitoToken}}',
      'X-Loop: {{loop}}',
      'X-Env: {{$processEnv HOME}}',
      '',
      '{"at": {{$timestamp}}, "id": "{{$guid}}"}',
      '###',
      'PUT {{baseUrl}}/blob',
      '',
      '< ./blob.bin',
    ].join('\n'),
  );

  it('substitutes nested variables, overrides and system variables; leaves and lists what has no value', () => {
    const { request, unresolved } = resolveRequest(f, f.requests[0]!, {
      variables: { host: 'http://127.0.0.1:3000' },
      now: () => 1_700_000_000_000,
      random: () => 0.5,
    });
    assert.equal(request.url, 'http://127.0.0.1:3000/v1/x?t={{tokenToken}}&n=5');
    assert.deepEqual(unresolved, ['tokenToken', 'cognitoToken', 'loop', '$processEnv HOME']);
    assert.match(String(request.body), /^\{"at": 1700000000, "id": "[0-9a-f]{8}-[0-9a-f]{4}-4/);
    const filled = fillRequest(request, new Map([['tokenToken', 'a b&c']]));
    assert.equal(filled.url, 'http://127.0.0.1:3000/v1/x?t=a%20b%26c&n=5', 'secrets in the URL are encoded');
  });

  it('reads file bodies as bytes through the reader, and refuses them without one', () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const { request } = resolveRequest(f, f.requests[1]!, {
      readFile: (p) => (p === './blob.bin' ? bytes : new Uint8Array()),
    });
    assert.deepEqual(request.body, bytes);
    throwsCode(() => resolveRequest(f, f.requests[1]!), 'Unsupported');
  });

  // Before: only the depth was limited, and ten variables that each use the one before ten times (a 700-byte file)
  // made a 100 GB URL; six of them, 10 MB in a second. A hang guard, not a speed assertion.
  it(
    'stops variables that expand past 10 MB with InputLimit, naming the one the request uses',
    hangGuard(60_000, () => {
      const lines = ['@v0 = xxxxxxxxxx'];
      for (let i = 1; i <= 10; i++) lines.push(`@v${i} = ${`{{v${i - 1}}}`.repeat(10)}`);
      const laughs = parseHttpFile([...lines, '', 'GET http://h/{{v10}}', '###', 'GET http://h/{{v5}}'].join('\n'));
      throwsCode(
        () => resolveRequest(laughs, laughs.requests[0]!),
        'InputLimit',
        /expand to more than 10 MB \(at \{\{v10\}\}\)/,
      );
      assert.equal(resolveRequest(laughs, laughs.requests[1]!).request.url.length, 'http://h/'.length + 1_000_000);
    }),
  );
});

// REST Client's conventions, as its README states them (https://github.com/Huachao/vscode-restclient): each checked
// against what a request file from a public project that uses it would send.
describe('the variable scanner', () => {
  it('finds what the pattern {{ name }} found: names trimmed, none with a brace, blank ones left', () => {
    const seen = (t: string): string => replaceVariables(t, (_w, n) => `<${n}>`);
    assert.equal(seen('a {{ x }} b {{y}}'), 'a <x> b <y>');
    assert.equal(seen('{{{a}}'), '{<a>');
    assert.equal(seen('{{a{{b}}'), '{{a<b>');
    assert.equal(seen('{{a}b}} {{ }} {{'), '{{a}b}} {{ }} {{');
    assert.equal(seen('{{$randomInt 1 5}}'), '<$randomInt 1 5>');
    assert.deepEqual(variableNames('{{a}}/{{ b.response.body.$.id }}'), ['a', 'b.response.body.$.id']);
  });

  // Before: the scanner crossed line breaks, so a body holding `{{` at a line's end and `}}` lines later (a template,
  // nested JSON written tight) had a "variable" named by the lines between, and Send refused it as having no value.
  // REST Client's pattern, /\{{2}(.+?)\}{2}/, stops at a line break: it sends such a body as written.
  it('a variable is on one line: a {{ whose }} is on a later line is text', () => {
    const seen = (t: string): string => replaceVariables(t, (_w, n) => `<${n}>`);
    assert.equal(seen('{{\n  "a": 1\n}}'), '{{\n  "a": 1\n}}');
    assert.equal(seen('{{ a\r\n}} {{b}}'), '{{ a\r\n}} <b>');
    assert.equal(seen('{{ a\u2028}}'), '{{ a\u2028}}', 'a line separator ends a line for the pattern too');
    const f = parseHttpFile('POST http://h/t\nContent-Type: text/plain\n\n{{\n  "a": 1\n}} {{x}}\n');
    const r = resolveRequest(f, f.requests[0]!, { variables: { x: 'X' } });
    assert.equal(r.request.body, '{{\n  "a": 1\n}} X');
    assert.deepEqual(r.unresolved, []);
  });
});

describe('.http files written for REST Client', () => {
  it('leaves comment lines out of bodies, and reads unindented ?/& continuation lines', () => {
    const f = parseHttpFile(
      [
        'POST http://h/users',
        '?page=2',
        '&size=10',
        'Content-Type: application/json',
        '',
        '{',
        '  "name": "ann"',
        '  // "role": "admin",',
        '}',
        '# a note about the next request',
        '',
        '###',
        'GET http://h/increment',
        '',
        '# Use Ctrl+Alt+R to run all requests',
      ].join('\n'),
    );
    assert.equal(f.requests[0]!.url, 'http://h/users?page=2&size=10');
    assert.deepEqual(f.requests[0]!.body, { kind: 'text', text: '{\n  "name": "ann"\n}', startLine: 5 });
    assert.equal(f.requests[1]!.body, undefined, 'a body of comments is no body');
  });

  it('encodes Basic credentials written in the clear, and leaves encoded ones and variables alone', () => {
    const auth = (value: string) => {
      const f = parseHttpFile(`GET http://h/\nAuthorization: ${value}\n`);
      return resolveRequest(f, f.requests[0]!).request.headers[0]![1];
    };
    assert.equal(auth('Basic ann:s3cret'), `Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    assert.equal(auth('basic ann s3cret'), `Basic ${Buffer.from('ann:s3cret').toString('base64')}`);
    assert.equal(auth('Basic YW5uOnMzY3JldA=='), 'Basic YW5uOnMzY3JldA==');
    assert.equal(auth('Basic {{user}}:{{password}}'), 'Basic {{user}}:{{password}}');
    assert.equal(auth('Bearer a:b'), 'Bearer a:b');
  });

  it("refuses REST Client's AWS, COGNITO and Digest credential headers instead of sending the secrets they hold", () => {
    const resolve = (value: string) => {
      const f = parseHttpFile(`@key = wJalrXUtnFEMI/K7MDENG\nGET http://h/\nAuthorization: ${value}\n`);
      return () => resolveRequest(f, f.requests[0]!);
    };
    const refused = (value: string, what: RegExp) =>
      assert.throws(resolve(value), (e: unknown) => {
        assert.ok(isWorkbenchError(e) && e.code === 'InvalidArgument', String(e));
        assert.match(`${e.message} ${e.hint ?? ''}`, what);
        assert.ok(
          !e.message.includes('wJalrXUtnFEMI') && !(e.hint ?? '').includes('wJalrXUtnFEMI'),
          'the secret is not quoted',
        );
        return true;
      });
    refused('AWS AKIDEXAMPLE {{key}} region:eu-west-1 service:execute-api', /AWS_IAM routes/);
    refused('aws AKIDEXAMPLE wJalrXUtnFEMI/K7MDENG', /AWS_IAM routes/);
    refused('COGNITO ann wJalrXUtnFEMI/K7MDENG eu-west-1 eu-west-1_abc 123', /Cognito/);
    refused('Digest ann wJalrXUtnFEMI/K7MDENG', /Digest/);
    // What is sent as written: a computed signature, a real Digest answer, other schemes.
    for (const sent of [
      'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=ab',
      'Digest username="ann", realm="r", nonce="n", uri="/", response="x"',
      'Bearer AWS a b',
      'AWS',
    ])
      assert.equal(resolve(sent)().request.headers[0]![1], sent);
  });

  it('sends a GraphQL request (X-Request-Type: GraphQL) as JSON: query, operation name, variables', () => {
    const f = parseHttpFile(
      [
        'POST http://h/graphql',
        'X-Request-Type: GraphQL',
        '',
        'query Repo($owner: String!) {',
        '  repository(owner: $owner) { name }',
        '}',
        '',
        '{"owner": "ann"}',
      ].join('\n'),
    );
    const { request } = resolveRequest(f, f.requests[0]!);
    assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
    assert.deepEqual(JSON.parse(String(request.body)), {
      query: 'query Repo($owner: String!) {\n  repository(owner: $owner) { name }\n}',
      operationName: 'Repo',
      variables: { owner: 'ann' },
    });
    const bad = parseHttpFile('POST http://h/graphql\nX-Request-Type: GraphQL\n\n{ a }\n\n{nope}\n');
    throwsCode(() => resolveRequest(bad, bad.requests[0]!), 'InvalidArgument', /GraphQL variables .* not JSON/);
  });

  it("reads request variables from a named request's exchange: JSON paths, the whole body, headers", () => {
    const f = parseHttpFile(
      [
        '@host = http://h',
        'GET {{host}}/me',
        'Authorization: Bearer {{login.response.body.$.token}}',
        'X-Items: {{login.response.body.$.items[1].id}}',
        'X-All: {{login.response.body.*}}',
        'X-Location: {{login.response.headers.location}}',
        'X-Sent: {{login.request.body.$.user}}',
        'X-Missing: {{login.response.body.$.nothing}} {{other.response.body.*}}',
      ].join('\n'),
    );
    // A response is not searched for variables in turn: its `{{host}}` stays as the server wrote it.
    const body = '{"token":"t-1","items":[{"id":1},{"id":2}],"note":"{{host}}"}';
    const exchanges = new Map<string, Exchange>([
      [
        'login',
        {
          request: { headers: [], body: '{"user":"ann"}' },
          response: { headers: [['Location', '/users/ann']], body },
        },
      ],
    ]);
    const { request, unresolved } = resolveRequest(f, f.requests[0]!, { exchanges });
    assert.deepEqual(
      request.headers.map(([, v]) => v),
      ['Bearer t-1', '2', body, '/users/ann', 'ann', '{{login.response.body.$.nothing}} {{other.response.body.*}}'],
    );
    assert.deepEqual(unresolved, ['login.response.body.$.nothing', 'other.response.body.*']);
    assert.equal(referenceValue('login.response.body.//token', exchanges), undefined, 'XPath is not read');
  });

  it('date variables with offsets and Day.js formats, in UTC and local time; {{%name}} percent-encoded', () => {
    const now = Date.UTC(2024, 0, 31, 13, 5, 9, 7);
    const value = (v: string) => {
      const f = parseHttpFile(`@q = a b&c\nGET http://h/\nX: {{${v}}}\n`);
      const { request, unresolved } = resolveRequest(f, f.requests[0]!, { now: () => now });
      return unresolved.length ? undefined : request.headers[0]![1];
    };
    assert.equal(value('$timestamp'), String(Math.floor(now / 1000)));
    assert.equal(value('$timestamp -1 h'), String((now - 3_600_007) / 1000));
    assert.equal(value('$datetime'), '2024-01-31T13:05:09.007Z');
    assert.equal(value('$datetime iso8601 1 d'), '2024-02-01T13:05:09.007Z');
    assert.equal(value('$datetime rfc1123'), 'Wed, 31 Jan 2024 13:05:09 GMT');
    assert.equal(value("$datetime 'YYYY-MM-DD' 1 M"), '2024-02-29', 'the month keeps the day it has, else its last');
    assert.equal(value("$datetime 'YYYY-MM-DD' -1 y"), '2023-01-31');
    assert.equal(value('$datetime "DD/MM/YY hh:mm A [UTC]" 2 w'), '14/02/24 01:05 PM UTC');
    const d = new Date(now);
    assert.equal(
      value("$localDatetime 'YYYY-MM-DD HH:mm'"),
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`,
    );
    assert.equal(value('$datetime iso8601 3 fortnights'), undefined, 'an unknown unit has no value');
    assert.equal(value('%q'), 'a%20b%26c');
    assert.equal(value('%nothing'), undefined);
  });

  it('{{$randomInt MIN MAX}} is an integer from MIN up to MAX (excluded); arguments that are not integers have no value', () => {
    const value = (v: string, r: number) => {
      const f = parseHttpFile(`GET http://h/?n={{${v}}}\n`);
      const { request, unresolved } = resolveRequest(f, f.requests[0]!, { random: () => r });
      return unresolved.length ? undefined : request.url.slice('http://h/?n='.length);
    };
    assert.equal(value('$randomInt 1 10', 0), '1');
    assert.equal(value('$randomInt 1 10', 0.999), '9');
    assert.equal(value('$randomInt -5 -2', 0.5), '-4');
    assert.equal(value('$randomInt 1 x', 0.5), undefined, 'not NaN sent as text');
    assert.equal(value('$randomInt one ten', 0.5), undefined);
    assert.equal(value('$randomInt 1.5 3', 0.5), undefined);
    assert.equal(value('$randomInt 10 1', 0.5), undefined, 'no integer is at least 10 and below 1');
  });

  it('a multipart body with `< file` parts: the files in place, every line ended with CRLF', () => {
    const f = parseHttpFile(
      [
        'POST http://h/upload',
        'Content-Type: multipart/form-data; boundary=XX',
        '',
        '--XX',
        'Content-Disposition: form-data; name="note"',
        '',
        'for {{who}}',
        '--XX',
        'Content-Disposition: form-data; name="photo"; filename="a.png"',
        'Content-Type: image/png',
        '',
        '< ./a.png',
        '--XX--',
      ].join('\n'),
    );
    const req = f.requests[0]!;
    assert.deepEqual(bodyFiles(req), ['./a.png']);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    const { request } = resolveRequest(f, req, {
      variables: { who: 'ann' },
      readFile: (p) => (p === './a.png' ? png : new Uint8Array()),
    });
    const expected = Buffer.concat([
      Buffer.from(
        '--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\nfor ann\r\n--XX\r\n' +
          'Content-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n',
      ),
      Buffer.from(png),
      // REST Client ends every line of a multipart body that holds files with CRLF, the last one too.
      Buffer.from('\r\n--XX--\r\n'),
    ]);
    assert.deepEqual(Buffer.from(request.body as Uint8Array), expected);
  });

  it('resolves file variables inside a text of the file (an @baseUrl made of others)', () => {
    const f = parseHttpFile(
      '@hostname = 127.0.0.1\n@port = 3000\n@host = {{hostname}}:{{port}}\nGET http://{{host}}/x\n',
    );
    assert.equal(resolveFileText(f, 'http://{{host}}/api/v1'), 'http://127.0.0.1:3000/api/v1');
  });
});

function response(over: Partial<CallResponse> = {}): CallResponse {
  return {
    method: 'GET',
    url: 'https://h/x',
    status: 200,
    statusText: 'OK',
    httpVersion: '1.1',
    headers: [['content-type', 'application/json']],
    body: Buffer.from('{"a":[1,2],"b":"x"}'),
    truncated: false,
    size: 19,
    timing: { dns: 1.234, connect: 2, tls: 30.4, firstByte: 120, total: 123.6 },
    startedAt: 0,
    ...over,
  };
}

describe('response formatting', () => {
  it('JSON pretty-printed, XML and HTML as text, binary as a hex summary, invalid JSON said so', () => {
    assert.equal(formatBody(response()).text, '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}');
    const xml = formatBody(
      response({ headers: [['content-type', 'application/xml']], body: Buffer.from('<a/>'), size: 4 }),
    );
    assert.deepEqual([xml.kind, xml.language, xml.text], ['xml', 'xml', '<a/>']);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(400)]);
    const bin = formatBody(response({ headers: [['content-type', 'image/png']], body: png, size: png.length }));
    assert.equal(bin.kind, 'binary');
    assert.ok(
      bin.text.startsWith('00000000  89 50 4e 47 00 00 00 00  00 00 00 00 00 00 00 00  |.PNG............|'),
      bin.text.split('\n')[0],
    );
    assert.match(bin.text, /404 B in all$/);
    assert.equal(bin.note, 'binary body, 404 B (image/png)');
    const bad = formatBody(response({ body: Buffer.from('{oops'), size: 5 }));
    assert.equal(bad.note, 'the body is not valid JSON');
  });

  it('curl-like --include text and the timing line', () => {
    assert.equal(
      formatInclude(response({ body: Buffer.from('hi'), size: 2, headers: [['content-type', 'text/plain']] })),
      'HTTP/1.1 200 OK\ncontent-type: text/plain\n\nhi\n',
    );
    assert.equal(
      formatTiming(response().timing),
      'DNS 1.2 ms · connect 2.0 ms · TLS 30 ms · first byte 120 ms · total 124 ms',
    );
  });
});

describe('call history', () => {
  it('never keeps Authorization, cookies, API keys, identity sources or tokens, and round-trips through JSON', () => {
    const auth = specRouteAuth(CHAT, '$connect');
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl';
    const h = new CallHistory({ perRoute: 2, routes: 2 });
    const add = (routeKey: string, id: string) =>
      h.add(
        historyEntry({
          id,
          routeKey,
          target: 'stage dev',
          request: {
            method: 'GET',
            url: 'https://h/dev?token=s3cret-value&x=1',
            headers: [
              ['Authorization', `Bearer ${jwt}`],
              ['Cookie', 'session=abc'],
              ['x-api-key', 'k-123'],
              ['X-Note', `token ${jwt}`],
            ],
          },
          response: response({ headers: [['set-cookie', 'session=def']], body: Buffer.from(`{"t":"${jwt}"}`) }),
          startedAt: 1,
          durationMs: 2,
          secretHeaders: secretHeaderNames(auth),
          secretQuery: secretQueryNames(auth),
        }),
      );
    add('$connect', '1');
    add('$connect', '2');
    add('$connect', '3');
    add('b', '4');
    add('c', '5');
    const json = JSON.stringify(h.toJSON());
    for (const secret of [jwt, 's3cret-value', 'session=abc', 'session=def', 'k-123'])
      assert.ok(!json.includes(secret), `${secret} is not in the history`);
    assert.deepEqual(h.routes(), ['c', 'b'], 'the least recently called route went first');
    const back = CallHistory.from(JSON.parse(json), { perRoute: 2, routes: 2 });
    assert.deepEqual(back.toJSON(), h.toJSON());
    assert.equal(back.list('b')[0]!.url, 'https://h/dev?token=[redacted]&x=1');
    assert.deepEqual(CallHistory.from({ version: 9 }).routes(), []);
    assert.deepEqual(CallHistory.from('garbage').routes(), []);
  });

  // Before: only the route's secret header names were replaced; a header the redactor reads as a secret by its name
  // (X-Auth-Token, Private-Token, Api-Key) kept its value in workspace state, since the redactor saw the value alone.
  it('keeps no value of a header whose name says it is a secret, sent or received', () => {
    const e = historyEntry({
      id: '1',
      routeKey: 'GET /me',
      target: 'stage dev',
      request: {
        method: 'GET',
        url: 'https://h/dev/me',
        headers: [
          ['X-Auth-Token', 'opaque-auth-123456'],
          ['Private-Token', 'private-abcdef-123456'],
          ['Api-Key', 'plain-key-7890'],
          ['X-Client-Secret', 'cs-0987654321'],
          ['X-Trace', 'trace-visible-1'],
        ],
      },
      response: response({ headers: [['X-Refresh-Token', 'refresh-abcdef-42']] }),
      startedAt: 1,
      durationMs: 2,
      secretHeaders: secretHeaderNames(undefined),
      secretQuery: secretQueryNames(undefined),
    });
    const json = JSON.stringify(e);
    for (const secret of [
      'opaque-auth-123456',
      'private-abcdef-123456',
      'plain-key-7890',
      'cs-0987654321',
      'refresh-abcdef-42',
    ])
      assert.ok(!json.includes(secret), `${secret} is not in the history`);
    assert.deepEqual(e.requestHeaders[0], ['X-Auth-Token', '[redacted]']);
    assert.deepEqual(e.requestHeaders[4], ['X-Trace', 'trace-visible-1'], 'other headers stay as they were sent');
  });

  it('redactUrl replaces only the named query values', () => {
    assert.equal(redactUrl('https://h/p?a=1&token=x&b=2', new Set(['token'])), 'https://h/p?a=1&token=[redacted]&b=2');
  });
});

describe('WebSocket route completion', () => {
  it('offers a message per custom route from $request.body.action, nested paths and templates', () => {
    const c = routeCompletions(['$connect', '$default', 'sendMessage', 'ping'], '$request.body.action');
    assert.deepEqual(
      c.completions.map((x) => [x.routeKey, x.text, x.snippet]),
      [
        ['sendMessage', '{"action": "sendMessage"}', '{"action": "sendMessage", $1}'],
        ['ping', '{"action": "ping"}', '{"action": "ping", $1}'],
      ],
    );
    const nested = routeCompletions(['a'], '$request.body.meta.op').completions[0]!;
    assert.equal(nested.text, '{"meta": {"op": "a"}}');
    const tpl = routeCompletions(['orders/create', 'bad'], '${request.body.service}/${request.body.action}');
    assert.equal(tpl.completions[0]!.text, '{"service": "orders", "action": "create"}');
    assert.match(tpl.notes[0]!, /Route bad does not fit/);
    assert.match(routeCompletions(['x'], '$request.header.op').notes[0]!, /not the message body/);
  });

  // Before: a backtracking pattern per expression, in time to the power of its variables on a key that does not
  // fit (12 variables, a 64-character key: 2 s; 40 of them: years). A hang guard, not a speed assertion.
  it(
    'an expression of 40 variables beside a key that does not fit: one note, at once',
    hangGuard(60_000, () => {
      const expression = Array.from({ length: 40 }, (_, i) => `\${request.body.v${i}}`).join('/') + '/end';
      const c = routeCompletions([`${'x/'.repeat(300)}nope`, `${'a/'.repeat(40)}end`], expression);
      assert.equal(c.notes.length, 1);
      assert.equal(c.completions.length, 1);
      assert.match(c.completions[0]!.text, /^\{"v0": "a", .*"v39": "a"\}$/);
    }),
  );

  it('each variable takes what /^lit(.+?)lit(.+)$/s would capture: against that pattern on 5,000 small cases', () => {
    let seed = 11;
    const next = (k: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
    const piece = () => Array.from({ length: next(3) + 1 }, () => 'ab/'[next(3)]).join('');
    for (let t = 0; t < 5_000; t++) {
      const parts: Array<{ literal: string } | { v: true }> = Array.from({ length: next(4) + 2 }, () =>
        next(2) ? { literal: piece() } : { v: true },
      );
      while (parts.filter((p) => 'v' in p).length < 2) parts[next(parts.length)] = { v: true };
      const vars = parts.filter((p) => 'v' in p).length;
      const expression = parts.map((p, i) => ('literal' in p ? p.literal : `\${request.body.v${i}}`)).join('');
      const pattern = parts
        .map((p, i) => ('literal' in p ? p.literal : i === parts.length - 1 ? '(.+)' : '(.+?)'))
        .join('');
      // Half the keys are made from the parts (they fit, the variables' texts to be found), half at random.
      const key = next(2)
        ? parts.map((p) => ('literal' in p ? p.literal : piece())).join('')
        : Array.from({ length: next(5) + 1 }, piece).join('');
      const m = new RegExp(`^${pattern}$`, 's').exec(key);
      const got = routeCompletions([key], expression).completions[0];
      const want = m
        ? Object.fromEntries(parts.flatMap((p, i) => ('v' in p ? [[`v${i}`, '']] : [])).map(([k], j) => [k, m[j + 1]]))
        : undefined;
      assert.deepEqual(got ? JSON.parse(got.text) : undefined, want, `${expression} on ${key} (${vars} variables)`);
    }
  });
});

describe('log correlation', () => {
  const ID = 'KHFAoB81iOFx1Q=';
  const LAMBDA = '3f1c2a7e-8b9d-4e0f-a1b2-c3d4e5f60718';
  it('quotes ids as filter terms and refuses what is not one', () => {
    assert.equal(idPattern(ID), `"${ID}"`);
    throwsCode(() => idPattern('a" || "b'), 'InvalidArgument');
  });

  it('reads access records (integration request id, request time, latency) and Lambda request ids', () => {
    const rec = readAccessRecord(
      JSON.stringify({
        requestId: ID,
        requestTime: '12/Mar/2024:10:15:30 +0100',
        routeKey: 'GET /orders/{orderId}',
        status: '200',
        responseLatency: '45',
        integrationRequestId: LAMBDA,
      }),
      ID,
    );
    assert.deepEqual(rec, {
      requestId: ID,
      integrationRequestId: LAMBDA,
      carriesIntegrationId: true,
      requestTime: Date.UTC(2024, 2, 12, 9, 15, 30),
      latencyMs: 45,
      routeKey: 'GET /orders/{orderId}',
      status: '200',
    });
    assert.equal(readAccessRecord(JSON.stringify({ requestId: 'other' }), ID), undefined);
    const refused = readAccessRecord(JSON.stringify({ requestId: ID, status: '401', integrationRequestId: '-' }), ID);
    assert.deepEqual([refused?.integrationRequestId, refused?.carriesIntegrationId], [undefined, true]);
    assert.equal(parseRequestTime('2024-03-12T10:00:00Z'), Date.UTC(2024, 2, 12, 10));
    assert.equal(lambdaRequestIdOf(`START RequestId: ${LAMBDA} Version: $LATEST`), LAMBDA);
    assert.equal(lambdaRequestIdOf(`2024-03-12T10:15:30.100Z\t${LAMBDA}\tINFO\thello`), LAMBDA);
    assert.equal(lambdaRequestIdOf(JSON.stringify({ level: 'INFO', requestId: LAMBDA, message: 'x' })), LAMBDA);
    assert.equal(lambdaRequestIdOf('just a line'), undefined);
  });

  it("reads the request id of the Python runtime's logger lines, and groups them with their invocation", () => {
    // [LEVEL], time, request id, message, tab-separated (https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html).
    const python = `[INFO]\t2024-03-12T10:15:30.100Z\t${LAMBDA}\tSome log message\n`;
    assert.equal(lambdaRequestIdOf(python), LAMBDA);
    assert.equal(lambdaRequestIdOf(`[ERROR]\t2024-03-12T10:15:30.100Z\t${LAMBDA.toUpperCase()}\tboom`), LAMBDA);
    assert.equal(lambdaRequestIdOf(`[INFO]\t2024-03-12T10:15:30.100Z\tnot-an-id\tx`), undefined);
    const ev = (t: number, message: string) => ({ group: '/aws/lambda/f', stream: 's', timestamp: t, message });
    const [inv] = invocations([
      ev(5000, `START RequestId: ${LAMBDA} Version: $LATEST`),
      ev(5010, python),
      ev(5020, `REPORT RequestId: ${LAMBDA}\tDuration: 10 ms`),
    ]);
    assert.deepEqual(
      inv!.events.map((e) => e.timestamp),
      [5000, 5010, 5020],
      'the logger line belongs to the invocation matched by time',
    );
  });

  it('groups Lambda lines by invocation and picks those inside a time window', () => {
    const other = '00000000-0000-4000-8000-000000000000';
    const ev = (t: number, message: string) => ({ group: '/aws/lambda/f', stream: 's', timestamp: t, message });
    const all = invocations([
      ev(1000, `START RequestId: ${other} Version: $LATEST`),
      ev(5000, `START RequestId: ${LAMBDA} Version: $LATEST`),
      ev(5010, `2024-01-01T00:00:05.010Z\t${LAMBDA}\tINFO\thi`),
      ev(5020, `REPORT RequestId: ${LAMBDA}\tDuration: 10 ms`),
    ]);
    assert.deepEqual(
      all.map((i) => [i.awsRequestId, i.events.length, i.complete]),
      [
        [other, 1, false],
        [LAMBDA, 3, true],
      ],
    );
    assert.deepEqual(
      invocationsInWindow(all, { from: 4900, to: 5100 }, 50).map((i) => i.awsRequestId),
      [LAMBDA],
    );
  });
});
