// Patterns that took quadratic time on text the workbench receives, found by a sweep of every regular expression in
// src (each tried on runs of its own characters, with a failing end), and the cubic `{{variable}}` pattern before
// them. Each function below is given the input that made it slow, 400,000 characters of it, and must answer as it
// did for ordinary input, under a hang guard (./hangGuard.ts) that ends the run after a minute, naming the test,
// instead of holding it: linear code answers in milliseconds, the patterns replaced took minutes at this size
// (3–11 s at 64,000 already).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttpFile, replaceVariables, resolveRequest } from '../../src/core/call';
import { dateVariable } from '../../src/core/call/dates';
import { suggestIntegrationName } from '../../src/core/deploy/identity';
import { formatValue } from '../../src/core/deploy/render';
import { validateSpec } from '../../src/core/gatewaySpec/validate';
import { interpretV2 } from '../../src/core/local/responses';
import { redact } from '../../src/core/redact';
import { hangGuard } from './hangGuard';

const N = 400_000;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const LAMBDA_PATH = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/';

function graphQlBody(query: string): { operationName?: string } {
  const file = parseHttpFile(`POST http://127.0.0.1/graphql\nX-Request-Type: GraphQL\n\n${query}\n`);
  return JSON.parse(resolveRequest(file, file.requests[0]!).request.body as string) as { operationName?: string };
}

function base64Refused(body: string): string {
  try {
    interpretV2({ statusCode: 200, isBase64Encoded: true, body });
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
}

/** The hostile inputs; each gives what the test checks. */
const HOSTILE: Record<string, () => unknown> = {
  variableBlanks: () => {
    const blanks = ' '.repeat(N);
    const file = parseHttpFile(`GET http://127.0.0.1/{{${blanks}x\nX-A: {{${blanks}}}\n`);
    const r = resolveRequest(file, file.requests[0]!);
    const scanned = replaceVariables(`{{${blanks}a${blanks}}}`, (_w, n) => n);
    // No variable in the URL: sent as written, percent-encoded as REST Client sends it.
    return [r.request.url === `http://127.0.0.1/%7B%7B${'%20'.repeat(N)}x`, r.unresolved.length, scanned];
  },
  escapedQuotes: () => redact(`{"cookies": ["${'\\"'.repeat(N)}]}`),
  singleQuotes: () => {
    const out = redact(`{"cookies": ["${"'\\'".repeat(N)}]}`);
    return out.startsWith('{"cookies": [') && out.endsWith(']}') && !out.includes('\\');
  },
  directive: () =>
    validateSpec(`%TAG !a! b${'#'.repeat(N)}\u2028x\n---\nversion: 1\n`, { fileName: 'a.apigw.yaml' }).diagnostics.some(
      (d) => /Unknown directive/.test(d.message),
    ),
  dateBlanks: () => dateVariable(`$datetime${' '.repeat(N)}x\ny`, NOW) ?? 'undefined',
  dateBrackets: () => dateVariable(`$datetime "${'['.repeat(N)}"`, NOW) === '['.repeat(N),
  graphQl: () => graphQlBody(`${'\u2028'.repeat(N)}x`).operationName ?? 'none',
  base64: () => base64Refused(`QUJD${' '.repeat(N)}!`),
  cloudMap: () =>
    suggestIntegrationName({
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: `https://h/${':servicediscovery:'.repeat(N / 4)}`,
    }),
  lambdaUri: () => {
    const long = `${LAMBDA_PATH}arn:${':lambda:'.repeat(N / 2)}/x`;
    return formatValue(long) === long;
  },
};

describe('patterns that could take quadratic time', () => {
  it(
    "a request file's {{ then a run of blanks (the pattern it replaced was cubic: 3.4 s for 2,000)",
    hangGuard(60_000, () => {
      assert.deepEqual(HOSTILE.variableBlanks!(), [true, 0, 'a']);
    }),
  );

  it(
    'the redactor counts the items of a cookie list in one pass, escaped quotes and all',
    hangGuard(60_000, () => {
      const list = '{"cookies": ["a=1", \'b=2\', "c\\"d"]}';
      assert.equal(redact(list), '{"cookies": ["[redacted]", "[redacted]", "[redacted]"]}');
      assert.equal(redact('{"cookies": ["a=1", "open]}'), '{"cookies": ["[redacted]"]}');
      // The pattern it replaced, as the reference on inputs small enough for it.
      const OLD = /"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'/g;
      const items = (text: string): number => (redact(text).match(/"\[redacted\]"/g) ?? []).length;
      for (const unit of ['\\"', "'\\'", '"\\"\'', '\\\'"x"', '"a\\\\"\'b', "'\\\n'"])
        for (const n of [1, 2, 7, 300]) {
          const items0 = `"${unit.repeat(n)}`;
          assert.equal(items(`{"cookies": [${items0}]}`), (items0.match(OLD) ?? []).length, `${unit} × ${n}`);
        }
      assert.equal(HOSTILE.escapedQuotes!(), '{"cookies": []}');
      assert.equal(HOSTILE.singleQuotes!(), true);
    }),
  );

  it(
    'a YAML directive line: read or refused at once, whatever runs of # and separators it holds',
    hangGuard(60_000, () => {
      const ok = validateSpec('%YAML 1.2\n---\nversion: 1\n', { fileName: 'a.apigw.yaml' });
      assert.ok(!ok.diagnostics.some((d) => /directive/i.test(d.message)), JSON.stringify(ok.diagnostics));
      const tag = validateSpec('%TAG !a! tag:example.com,2026: # ok\n---\nversion: 1\n', { fileName: 'a.apigw.yaml' });
      assert.ok(!tag.diagnostics.some((d) => /directive/i.test(d.message)), JSON.stringify(tag.diagnostics));
      assert.equal(HOSTILE.directive!(), true);
    }),
  );

  it(
    'date variables: a run of blanks before a line break, and a format of unclosed [',
    hangGuard(60_000, () => {
      assert.equal(dateVariable('$timestamp -1 d', NOW), String(NOW / 1000 - 86400));
      assert.equal(dateVariable('$datetime "[at] HH:mm [on] YYYY"', NOW), 'at 12:00 on 2026');
      assert.equal(dateVariable('$datetime "[x] YYYY [["', NOW), 'x 2026 [[');
      assert.equal(HOSTILE.dateBlanks!(), 'undefined');
      assert.equal(HOSTILE.dateBrackets!(), true);
    }),
  );

  it(
    "a GraphQL body's operation name, past line separators",
    hangGuard(60_000, () => {
      assert.equal(graphQlBody('\n  query Orders { orders { id } }').operationName, 'Orders');
      assert.equal(HOSTILE.graphQl!(), 'none');
    }),
  );

  it(
    "a Lambda result's base64 body with a long blank run",
    hangGuard(60_000, () => {
      const ok = interpretV2({ statusCode: 200, isBase64Encoded: true, body: 'QUJD ==  ' });
      assert.equal(Buffer.from(ok.body).toString(), 'ABC');
      assert.match(String(HOSTILE.base64!()), /not base64/);
    }),
  );

  it(
    'names for Cloud Map and Lambda integrations from URIs full of the words they look for',
    hangGuard(60_000, () => {
      const cloudMap = 'arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abc123';
      assert.equal(suggestIntegrationName({ IntegrationType: 'HTTP_PROXY', IntegrationUri: cloudMap }), 'srv-abc123');
      assert.equal(
        formatValue(`${LAMBDA_PATH}arn:aws:lambda:us-east-1:1:function:f/invocations`),
        'arn:aws:lambda:us-east-1:1:function:f',
      );
      assert.equal(HOSTILE.cloudMap!(), 'h');
      assert.equal(HOSTILE.lambdaUri!(), true);
    }),
  );
});
