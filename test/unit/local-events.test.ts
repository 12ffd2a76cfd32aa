// Events and responses of the local API compared field by field with AWS's sample events and documented rules
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html and the
// WebSocket authorizer input in apigateway-websocket-api-lambda-auth.html). The samples below are AWS's, minus the
// mutual-TLS `authentication` block, which the local API does not emulate (docs/LOCAL.md#what-differs).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizerEventV2,
  httpEventV1,
  httpEventV2,
  wsAuthorizerEvent,
  type HttpEventInput,
} from '../../src/core/local/events';
import type { LocalRequest } from '../../src/core/local/request';
import { interpretV1, interpretV2, MalformedResult } from '../../src/core/local/responses';

const TIME = 1583348638390; // 04/Mar/2020:19:03:58 +0000

function request(over: Partial<LocalRequest> = {}): LocalRequest {
  return {
    method: 'POST',
    rawPath: '/my/path',
    stagePath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    headers: [
      ['Header1', 'value1'],
      ['Header2', 'value1'],
      ['Header2', 'value2'],
      ['Cookie', 'cookie1; cookie2'],
      ['User-Agent', 'agent'],
      ['Content-Type', 'text/plain'],
    ],
    body: Buffer.from('Hello from Lambda'),
    sourceIp: '192.0.2.1',
    protocol: 'HTTP/1.1',
    requestId: 'id',
    timeEpoch: TIME,
    ...over,
  };
}

function input(over: Partial<HttpEventInput> = {}): HttpEventInput {
  return {
    request: request(),
    api: {
      apiId: 'api-id',
      accountId: '123456789012',
      region: 'us-east-1',
      stage: '$default',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
    },
    routeKey: '$default',
    resourcePath: '$default',
    pathParameters: { parameter1: 'value1' },
    stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
    authorizer: { kind: 'jwt', claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] },
    ...over,
  };
}

/** AWS's payload format 2.0 sample (header values and times aligned with the request above). */
const AWS_V2_SAMPLE = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1', 'cookie2'],
  headers: { header1: 'value1', header2: 'value1,value2', 'user-agent': 'agent' },
  queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api-id',
    authorizer: { jwt: { claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] } },
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
    requestId: 'id',
    routeKey: '$default',
    stage: '$default',
    time: '04/Mar/2020:19:03:58 +0000',
    timeEpoch: TIME,
  },
  body: 'Hello from Lambda',
  pathParameters: { parameter1: 'value1' },
  isBase64Encoded: false,
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
};

/** The headers API Gateway adds, and the content type AWS's hand-written samples leave out: checked on their own. */
const ADDED = [
  'content-type',
  'content-length',
  'x-amzn-trace-id',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
];

function withoutAdded<T extends Record<string, unknown>>(e: T, field = 'headers'): T {
  const headers = Object.fromEntries(
    Object.entries(e[field] as Record<string, unknown>).filter(([k]) => !ADDED.includes(k)),
  );
  return { ...e, [field]: headers };
}

describe('local API events, payload 2.0', () => {
  it("matches AWS's sample field by field, in AWS's key order", () => {
    const e = httpEventV2(input());
    assert.deepEqual(withoutAdded(e), AWS_V2_SAMPLE);
    assert.deepEqual(Object.keys(e), Object.keys(AWS_V2_SAMPLE));
    assert.deepEqual(Object.keys(e.requestContext as object), Object.keys(AWS_V2_SAMPLE.requestContext));
  });

  it('omits cookies, query, body, path parameters and stage variables when there are none', () => {
    const e = httpEventV2(
      input({
        request: request({ rawQueryString: '', headers: [['user-agent', 'x']], body: Buffer.alloc(0) }),
        pathParameters: {},
        stageVariables: undefined,
        authorizer: undefined,
      }),
    );
    for (const k of ['cookies', 'queryStringParameters', 'body', 'pathParameters', 'stageVariables'])
      assert.equal(k in e, false, k);
    assert.equal('authorizer' in (e.requestContext as object), false);
  });

  // A GET captured from AWS by curl (aws/aws-lambda-go events/testdata/apigw-v2-request-no-authorizer.json): the
  // client's three headers, and what the gateway added. The port and scheme are the local server's.
  it('adds what API Gateway adds to the headers: content-length, a trace id, x-forwarded-*; hop-by-hop ones end', () => {
    const get = (headers: Array<[string, string]>) =>
      httpEventV2(input({ request: request({ method: 'GET', headers, body: Buffer.alloc(0) }) })).headers as Record<
        string,
        string
      >;
    const h = get([
      ['Host', '127.0.0.1:3000'],
      ['User-Agent', 'curl/7.58.0'],
      ['Accept', '*/*'],
      ['Connection', 'keep-alive'],
    ]);
    assert.deepEqual(Object.keys(h).sort(), [
      'accept',
      'content-length',
      'host',
      'user-agent',
      'x-amzn-trace-id',
      'x-forwarded-for',
      'x-forwarded-port',
      'x-forwarded-proto',
    ]);
    assert.equal(h['content-length'], '0');
    assert.match(h['x-amzn-trace-id']!, /^Root=1-5e5ffb9e-[0-9a-f]{24}$/);
    assert.deepEqual(
      [h['x-forwarded-for'], h['x-forwarded-port'], h['x-forwarded-proto']],
      ['192.0.2.1', '3000', 'http'],
    );
    const proxied = get([
      ['X-Forwarded-For', '203.0.113.9'],
      ['x-forwarded-proto', 'https'],
    ]);
    assert.equal(proxied['x-forwarded-for'], '203.0.113.9, 192.0.2.1', "the client's list, then its address");
    assert.equal(proxied['x-forwarded-proto'], 'http');
  });

  // AWS does not list the types: these are what reports checked against AWS show (docs/LOCAL.md#events).
  it('sends text only for text/*, JSON, XML and JavaScript; a form post or a body without a type is base64', () => {
    const encoded = (contentType: string | undefined) =>
      httpEventV2(
        input({
          request: request({ headers: contentType ? [['content-type', contentType]] : [], body: Buffer.from('a=1') }),
        }),
      ).isBase64Encoded;
    for (const t of [
      'text/plain',
      'text/html; charset=utf-8',
      'application/json',
      'Application/XML',
      'application/javascript',
    ])
      assert.equal(encoded(t), false, t);
    for (const t of [undefined, 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png'])
      assert.equal(encoded(t), true, String(t));
  });

  it('sends binary bodies base64-encoded, text as it is; decodes query values (+ is a space)', () => {
    const bin = httpEventV2(
      input({ request: request({ headers: [['content-type', 'image/png']], body: Buffer.from([0, 1, 2, 255]) }) }),
    );
    assert.equal(bin.isBase64Encoded, true);
    assert.equal(bin.body, Buffer.from([0, 1, 2, 255]).toString('base64'));
    const q = httpEventV2(input({ request: request({ rawQueryString: 'a=x+y%21&b' }) }));
    assert.deepEqual(q.queryStringParameters, { a: 'x y!', b: '' });
    assert.equal(q.rawQueryString, 'a=x+y%21&b');
  });

  it('Lambda authorizer context arrives as requestContext.authorizer.lambda', () => {
    const e = httpEventV2(input({ authorizer: { kind: 'lambda', context: { key: 'value' } } }));
    assert.deepEqual((e.requestContext as { authorizer: unknown }).authorizer, { lambda: { key: 'value' } });
  });
});

describe('local API events, payload 1.0', () => {
  it("matches AWS's 1.0 sample: multi-value headers and query, identity, resource path", () => {
    const e = httpEventV1(
      input({
        request: request({
          method: 'GET',
          headers: [
            ['header1', 'value1'],
            ['header2', 'value1'],
            ['header2', 'value2'],
            ['content-type', 'text/plain'],
          ],
          body: Buffer.from('Hello from Lambda!'),
        }),
        routeKey: 'GET /my/path',
        resourcePath: '/my/path',
        pathParameters: {},
        stageVariables: undefined,
        authorizer: undefined,
      }),
    );
    assert.equal(e.version, '1.0');
    assert.equal(e.resource, '/my/path');
    assert.equal(e.path, '/my/path');
    assert.equal(e.httpMethod, 'GET');
    assert.deepEqual(withoutAdded(e).headers, { header1: 'value1', header2: 'value2' });
    assert.deepEqual(withoutAdded(e, 'multiValueHeaders').multiValueHeaders, {
      header1: ['value1'],
      header2: ['value1', 'value2'],
    });
    assert.deepEqual(e.queryStringParameters, { parameter1: 'value1', parameter2: 'value' });
    assert.deepEqual(e.multiValueQueryStringParameters, { parameter1: ['value1', 'value2'], parameter2: ['value'] });
    const rc = e.requestContext as Record<string, unknown>;
    assert.deepEqual(rc.authorizer, { claims: null, scopes: null });
    assert.equal((rc.identity as Record<string, unknown>).sourceIp, '192.0.2.1');
    assert.equal((rc.identity as Record<string, unknown>).accessKey, null);
    assert.equal(rc.resourcePath, '/my/path');
    assert.equal(rc.requestTime, '04/Mar/2020:19:03:58 +0000');
    assert.equal(rc.requestTimeEpoch, TIME);
    assert.equal(e.pathParameters, null);
    assert.equal(e.stageVariables, null);
    assert.equal(e.body, 'Hello from Lambda!');
    assert.equal(e.isBase64Encoded, false);
    assert.deepEqual(Object.keys(e), [
      'version',
      'resource',
      'path',
      'httpMethod',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'requestContext',
      'pathParameters',
      'stageVariables',
      'body',
      'isBase64Encoded',
    ]);
  });

  it('a named stage keeps its segment in path, as AWS sends it', () => {
    const e = httpEventV1(
      input({
        request: request({ rawPath: '/dev/my/path', stagePath: '/my/path' }),
        api: { ...input().api, stage: 'dev' },
      }),
    );
    assert.equal(e.path, '/dev/my/path');
    assert.equal((e.requestContext as Record<string, unknown>).stage, 'dev');
  });
});

describe('local API authorizer events', () => {
  it('HTTP 2.0 authorizer event: routeArn and identitySource, no body', () => {
    const arn = 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request';
    const e = authorizerEventV2(input(), arn, ['user1', '123']);
    assert.equal(e.version, '2.0');
    assert.equal(e.type, 'REQUEST');
    assert.equal(e.routeArn, arn);
    assert.deepEqual(e.identitySource, ['user1', '123']);
    assert.equal('body' in e, false);
    assert.equal('isBase64Encoded' in e, false);
    assert.deepEqual(Object.keys(e).slice(0, 4), ['version', 'type', 'routeArn', 'identitySource']);
  });

  it("WebSocket $connect authorizer event has the fields of AWS's sample, headers in the client's case", () => {
    const e = wsAuthorizerEvent(
      {
        api: {
          apiId: 'abcdef123',
          accountId: '123456789012',
          region: 'us-east-1',
          stage: 'default',
          domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
        },
        connection: {
          connectionId: 'c1',
          connectedAt: 1674162806344,
          sourceIp: '192.0.2.1',
          userAgent: undefined,
          headers: [
            ['HeaderAuth1', 'headerValue1'],
            ['Host', 'abcdef123.execute-api.us-east-1.amazonaws.com'],
          ],
          rawQueryString: 'QueryString1=queryValue1',
        },
        routeKey: '$connect',
        eventType: 'CONNECT',
        requestId: 'r1',
        timeEpoch: 1674162806345,
        stageVariables: undefined,
      },
      'arn:aws:execute-api:us-east-1:123456789012:abcdef123/default/$connect',
    );
    assert.deepEqual(Object.keys(e), [
      'type',
      'methodArn',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'stageVariables',
      'requestContext',
    ]);
    // AWS's sample lists the client's headers; API Gateway's own (X-Forwarded-*, X-Amzn-Trace-Id) come after them.
    assert.deepEqual(e.headers, {
      HeaderAuth1: 'headerValue1',
      Host: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      'X-Amzn-Trace-Id': 'Root=1-63c9b276-d0f631ca1ddba8db3bcfcb9e',
      'X-Forwarded-For': '192.0.2.1',
      'X-Forwarded-Port': '80',
      'X-Forwarded-Proto': 'http',
    });
    assert.deepEqual(e.queryStringParameters, { QueryString1: 'queryValue1' });
    assert.deepEqual(e.multiValueQueryStringParameters, { QueryString1: ['queryValue1'] });
    const rc = e.requestContext as Record<string, unknown>;
    assert.deepEqual(Object.keys(rc), [
      'routeKey',
      'eventType',
      'extendedRequestId',
      'requestTime',
      'messageDirection',
      'stage',
      'connectedAt',
      'requestTimeEpoch',
      'identity',
      'requestId',
      'domainName',
      'connectionId',
      'apiId',
    ]);
    assert.equal(rc.requestTime, '19/Jan/2023:21:13:26 +0000');
    assert.equal(rc.messageDirection, 'IN');
  });
});

describe('local API response interpretation', () => {
  it('2.0 infers a 200 JSON answer for a bare string or object', () => {
    const s = interpretV2('Hello from Lambda!');
    assert.equal(s.statusCode, 200);
    assert.equal(s.body.toString(), 'Hello from Lambda!');
    assert.deepEqual(s.headers, [['content-type', 'application/json']]);
    const o = interpretV2({ message: 'Hello from Lambda!' });
    assert.equal(o.body.toString(), '{"message":"Hello from Lambda!"}');
  });

  it('2.0 custom responses: cookies become set-cookie headers, base64 bodies decoded, statusCode as written', () => {
    const r = interpretV2({
      statusCode: 201,
      headers: { 'x-a': 'b', 'x-n': 1 },
      cookies: ['a=1', 'b=2; Secure'],
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });
    assert.equal(r.statusCode, 201);
    assert.deepEqual(r.headers, [
      ['x-a', 'b'],
      ['x-n', '1'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2; Secure'],
    ]);
    assert.equal(r.body.toString(), 'hi');
  });

  it('1.0 multiValueHeaders win over headers of the same name', () => {
    const r = interpretV1({
      statusCode: 200,
      headers: { 'x-a': 'single', 'x-b': 'one' },
      multiValueHeaders: { 'x-a': ['m1', 'm2'] },
      body: 'ok',
    });
    assert.deepEqual(r.headers, [
      ['x-a', 'm1'],
      ['x-a', 'm2'],
      ['x-b', 'one'],
    ]);
  });

  it('garbage is a MalformedResult (the gateway answers 500)', () => {
    assert.throws(() => interpretV1('just a string'), MalformedResult);
    assert.throws(() => interpretV1({ body: 'no status' }), MalformedResult);
    assert.throws(() => interpretV2({ statusCode: 'abc' }), MalformedResult);
    assert.throws(() => interpretV2({ statusCode: 200, headers: { a: { nested: 1 } } }), MalformedResult);
    assert.throws(() => interpretV2({ statusCode: 200, body: '***', isBase64Encoded: true }), MalformedResult);
    assert.throws(() => interpretV2(undefined), MalformedResult);
  });
});
