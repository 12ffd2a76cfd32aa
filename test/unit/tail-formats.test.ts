// Access log lines read against the format that wrote them. Every access log format of the examples and the
// corpus (JSON flat and nested, CLF, taken from real projects) and the four the API Gateway console offers writes a line as API Gateway would, and reading it
// back with its format must give the request id, method, route, status, latency and error the line holds; the
// template matcher behind it gives what a lazy regular expression gives, without its backtracking.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatOf, SpecDocument } from '../../src/core/gatewaySpec';
import { accessVerdict } from '../../src/core/metrics/logsWindow';
import { LineFormatter, parseAccessLog } from '../../src/core/tail/format';
import { readAccessRecord } from '../../src/core/call/correlate';
import { matchTemplate, type TemplatePart } from '../../src/core/template';
import { corpusFiles } from './deployHelpers';
import { REPO_ROOT } from './helpers';

/** What API Gateway writes for each $context variable in the lines below; values not listed get a phrase with blanks. */
const SAMPLE: Record<string, string> = {
  requestId: 'Kx1a2bYz3=',
  extendedRequestId: 'Kx1a2bYz3=',
  httpMethod: 'POST',
  status: '502',
  protocol: 'HTTP/1.1',
  requestTime: '01/Dec/2026:10:00:00 +0000',
  requestTimeEpoch: '1796119200000',
  'identity.sourceIp': '203.0.113.7',
  'identity.userAgent': 'curl/8.5.0 (x86_64) libcurl',
  responseLatency: '42',
  integrationLatency: '40',
  responseLength: '123',
  path: '/prod/orders/7',
  connectionId: 'L0SM9cOFvHcCIhw=',
  eventType: 'MESSAGE',
  integrationErrorMessage: 'The Lambda function returned the wrong format',
  'error.message': 'Internal Server Error',
  'integration.error': 'Lambda timed out',
  integrationStatus: '200',
  'integration.status': '200',
  'integration.latency': '40',
  'integration.requestId': '9f0e2c1a-0000-4000-8000-000000000001',
  stage: 'prod',
  apiId: 'a1b2c3d4e5',
  domainName: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
  domainPrefix: 'a1b2c3d4e5',
  resourcePath: '/orders/{id}',
  awsEndpointRequestId: '9f0e2c1a-0000-4000-8000-000000000002',
};

function sampleOf(variable: string, routeKey: string): string {
  if (variable === 'routeKey') return routeKey;
  return SAMPLE[variable] ?? `some ${variable} value`;
}

/** The line API Gateway writes for `format` (each `$context.x` replaced by its value). */
function writeLine(format: string, routeKey: string): string {
  return format.replace(/\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g, (_, v: string) => sampleOf(v, routeKey));
}

function formatsOf(file: string): Array<{ format: string; routeKey: string }> {
  const spec = new SpecDocument(fs.readFileSync(file, 'utf8'), formatOf(file)).value as {
    routes?: Record<string, unknown>;
    stages?: Record<string, { accessLog?: { format?: string } }>;
  };
  const routeKey = Object.keys(spec.routes ?? {}).find((k) => k.includes(' ')) ?? Object.keys(spec.routes ?? {})[0]!;
  return Object.values(spec.stages ?? {}).flatMap((s) =>
    s.accessLog?.format ? [{ format: s.accessLog.format, routeKey }] : [],
  );
}

// The examples the API Gateway console offers for HTTP APIs (CLF, JSON, XML, CSV):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
const CONSOLE_FORMATS = [
  '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId',
  '{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status","protocol":"$context.protocol", "responseLength":"$context.responseLength" }',
  '<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <routeKey>$context.routeKey</routeKey> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>',
  '$context.identity.sourceIp,$context.requestTime,$context.httpMethod,$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId',
].map((format) => ({ format, routeKey: 'GET /pets/{petId}' }));

const FORMATS = [
  ...['orders-api.apigw.yaml', 'chat-api.apigw.json'].map((f) => path.join(REPO_ROOT, 'examples', f)),
  ...corpusFiles('valid'),
]
  .flatMap(formatsOf)
  .concat(CONSOLE_FORMATS);

describe('access log lines read against their stage format', () => {
  it('every format of the examples and the corpus gives back the fields its line holds', () => {
    assert.ok(FORMATS.length >= 18, `${FORMATS.length} formats`);
    assert.ok(
      FORMATS.some((f) => !f.format.trimStart().startsWith('{')),
      'at least one format is not JSON (CLF)',
    );
    for (const { format, routeKey } of FORMATS) {
      const line = writeLine(format, routeKey);
      const got = parseAccessLog(line, format);
      const has = (v: string) => format.includes(`$context.${v}`);
      assert.equal(got?.requestId, SAMPLE.requestId, format);
      if (has('status')) assert.equal(got?.status, SAMPLE.status, format);
      if (has('routeKey')) assert.equal(got?.routeKey, routeKey, format);
      if (has('httpMethod')) assert.equal(got?.method, SAMPLE.httpMethod, format);
      if (has('responseLatency')) assert.equal(got?.latencyMs, Number(SAMPLE.responseLatency), format);
      if (has('connectionId')) assert.equal(got?.connectionId, SAMPLE.connectionId, format);
      const errors = ['integrationErrorMessage', 'integration.error', 'error.message'].filter(has);
      if (errors.length) assert.ok(errors.map((v) => SAMPLE[v]).includes(got?.error ?? ''), format);
      const record = readAccessRecord(line, SAMPLE.requestId, format);
      assert.equal(record?.requestId, SAMPLE.requestId, format);
      if (has('status')) assert.equal(record?.status, SAMPLE.status, format);
    }
  });

  it('reads a CLF line with its format in the tail, the errors filter and a route panel; without it, not at all', () => {
    const format =
      '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId';
    const line = writeLine(format, 'POST /orders/{id}');
    assert.equal(
      line,
      '203.0.113.7 - - [01/Dec/2026:10:00:00 +0000] "POST POST /orders/{id} HTTP/1.1" 502 123 Kx1a2bYz3=',
    );
    assert.deepEqual(parseAccessLog(line, format), {
      requestId: 'Kx1a2bYz3=',
      method: 'POST',
      route: '/orders/{id}',
      routeKey: 'POST /orders/{id}',
      status: '502',
    });
    assert.equal(parseAccessLog(line), undefined);
    const formatter = new LineFormatter([{ logGroupName: 'g', label: 'access', accessFormat: format }], { utc: true });
    assert.match(
      formatter.format({ group: 'g', stream: 's', timestamp: 0, message: line }),
      /POST +\/orders\/\{id\} +502/,
    );
    assert.equal(accessVerdict(line, { errorsOnly: true, routeKey: 'POST /orders/{id}', format }), 'keep');
    assert.equal(accessVerdict(line, { errorsOnly: false, routeKey: 'GET /orders', format }), 'drop');
    assert.equal(accessVerdict(line, { errorsOnly: false, routeKey: 'GET /orders' }), 'unrouted');
  });

  it('reads a nested JSON line by its field names when the format is not known', () => {
    const line = '{"context":{"requestId":"r1","routeKey":"GET /pets","status":"200"}}';
    assert.deepEqual(parseAccessLog(line), {
      requestId: 'r1',
      method: 'GET',
      route: '/pets',
      routeKey: 'GET /pets',
      status: '200',
    });
  });

  it("leaves Lambda's JSON platform lines alone: their record's requestId and status make no access line", () => {
    const report =
      '{"time":"2026-12-01T10:00:00.000Z","type":"platform.report","record":{"requestId":"6f7f0961-4b2e-4c3b-9a0e-1b2c3d4e5f60","metrics":{"durationMs":25.0},"status":"success"}}';
    assert.equal(parseAccessLog(report), undefined);
  });

  it('falls back to JSON names when a line does not fit its format (the format changed since)', () => {
    const line = '{"requestId":"r2","status":"404"}';
    assert.equal(parseAccessLog(line, '$context.requestId $context.status')?.status, '404');
  });
});

/** The values a lazy regular expression captures for the same parts, where it can say in reasonable time. */
function byRegex(parts: TemplatePart[], text: string): string[] | undefined {
  const source = parts
    .map((p) =>
      'literal' in p ? p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.blanks ? '(.+?)' : '([^ \\t]+?)',
    )
    .join('');
  const m = new RegExp(`^${source}$`, 's').exec(text);
  return m ? m.slice(1) : undefined;
}

describe('template matching', () => {
  it('captures what a lazy regular expression captures, variables with and without blanks', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [' ', '-', '"', ' - ', '[', ']', 'a', 'ab', ':'];
    const letters = 'ab -"[]:';
    let matched = 0;
    for (let c = 0; c < 5000; c++) {
      const parts: TemplatePart[] = [];
      for (let i = 0, k = 1 + random(6); i < k; i++)
        parts.push(random(2) ? { literal: pieces[random(pieces.length)]! } : { blanks: random(2) === 1 });
      let text = '';
      for (let i = 0, k = random(14); i < k; i++) text += letters[random(letters.length)];
      const want = byRegex(parts, text);
      assert.deepEqual(matchTemplate(parts, text), want, `${JSON.stringify(parts)} on ${JSON.stringify(text)}`);
      if (want) matched++;
    }
    assert.ok(matched > 300, `${matched} of the cases matched`);
  });

  it('answers a line that does not fit a many-variable format at once (the regular expression backtracks)', () => {
    const parts: TemplatePart[] = [];
    for (let i = 0; i < 30; i++) parts.push({ blanks: true }, { literal: ' ' });
    parts.push({ literal: 'END' });
    // 30 variables over 20,000 blanks-separated words, without the END: a backtracking pattern never returns.
    const text = 'w '.repeat(10_000);
    assert.equal(matchTemplate(parts, text), undefined);
    // A literal that occurs at every other place before one that never does: each try of the first variable would
    // search the rest of the line again (200 KB: minutes) were the searches not charged to one linear budget.
    const dashes: TemplatePart[] = [
      { blanks: true },
      { literal: '-' },
      { blanks: true },
      { literal: ':' },
      { blanks: true },
    ];
    assert.equal(matchTemplate(dashes, `${'a-'.repeat(100_000)}a`), undefined);
    assert.deepEqual(matchTemplate(dashes, `${'a-'.repeat(100_000)}a:b`), ['a', `${'a-'.repeat(99_999)}a`, 'b']);
  });
});
