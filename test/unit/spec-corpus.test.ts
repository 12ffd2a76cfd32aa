// The real-world corpus: configurations translated from public sources (AWS documentation samples, aws-samples,
// Terraform, Serverless Framework), each naming its source, must validate clean through `apigw validate`; and one
// file per documented refusal of AWS must report exactly the code and line it states. Both run through the CLI
// in-process (`main()`), as CI would run them.
//
// File formats (test/fixtures/corpus/README.md):
//   valid/*.apigw.{yaml,jsonc}    first comment line `source: URL`
//   invalid/*.apigw.{yaml,jsonc}  first comment line `expect: APIGWnnn line N`, then `source: URL` (the AWS page
//                                 that documents the refusal)
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { CODES } from '../../src/core/gatewaySpec';
import { bufferIo } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const CORPUS = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus');
const VALID = path.join(CORPUS, 'valid');
const INVALID = path.join(CORPUS, 'invalid');

/**
 * Files that need the rule changes and fields of the second half of issue 14 (docs/SPEC-AUDIT.md lists each change).
 * Until then each must still fail, so that the list cannot go stale: a file that starts to pass fails this test
 * until it is taken off the list.
 */
const PENDING = new Set<string>([
  // valid: forms AWS documents that the validator refuses today
  'valid/devguide--http-api-mapping-expressions.apigw.yaml',
  'valid/devguide--http-api-sqs-message-system-attributes.apigw.yaml',
  'valid/serverless-patterns--custom-http-headers-to-sqs-message-attributes.apigw.yaml',
  'valid/terraform-provider-docs--apigatewayv2-integration-lambda-websocket.apigw.yaml',
  // invalid: refusals AWS documents that the validator misses today, or that need the new fields
  'invalid/http-api-mapped-to-tls-1-0-domain.apigw.yaml',
  'invalid/http-models.apigw.yaml',
  'invalid/http-request-models.apigw.yaml',
  'invalid/http-stage-client-certificate.apigw.yaml',
  'invalid/proxy-integration-responses.apigw.yaml',
  'invalid/route-response-key-not-default.apigw.yaml',
  'invalid/route-response-selection-expression-value.apigw.yaml',
  'invalid/unknown-request-model.apigw.yaml',
  'invalid/websocket-authorizer-result-ttl.apigw.yaml',
  'invalid/websocket-lambda-method-get.apigw.yaml',
  'invalid/websocket-multi-level-mapping.apigw.yaml',
]);

const MIN_FILES = 40;
const COMMENT = String.raw`(?:#|\/\/)`;
const SOURCE = new RegExp(String.raw`^${COMMENT} source: (https://\S+)$`, 'm');
const EXPECT = new RegExp(String.raw`^${COMMENT} expect: (APIGW\d{3}) line (\d+)$`);

interface JsonReport {
  files: Array<{ file: string; valid: boolean; diagnostics: Array<{ code: string; line: number; message: string }> }>;
  problems: unknown[];
}

function corpusFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.apigw\.(jsonc|ya?ml)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function key(file: string): string {
  return `${path.basename(path.dirname(file))}/${path.basename(file)}`;
}

/** `apigw validate --format json FILE…` in-process: the exit code and the report. */
async function validate(files: string[]): Promise<{ code: number; report: JsonReport }> {
  const { out, io } = bufferIo();
  const code = await main(['validate', '--format', 'json', ...files], io);
  return { code, report: JSON.parse(out.stdout) as JsonReport };
}

function firstLine(file: string): string {
  return fs.readFileSync(file, 'utf8').split('\n', 1)[0]!;
}

describe('corpus: real-world configurations', () => {
  const files = corpusFiles(VALID);
  const passing = files.filter((f) => !PENDING.has(key(f)));
  let report: JsonReport;
  before(async () => {
    report = (await validate(files)).report;
  });

  it(`holds at least ${MIN_FILES} configurations that validate clean`, () => {
    assert.ok(passing.length >= MIN_FILES, `${passing.length} passing configurations`);
  });

  it('names the public source of every configuration in its first line', () => {
    const unnamed = files.filter((f) => !SOURCE.test(firstLine(f))).map(key);
    assert.deepEqual(unnamed, []);
  });

  it('apigw validate over the corpus finds nothing and exits 0', async () => {
    const { out, io } = bufferIo();
    const code = await main(['validate', ...passing], io);
    assert.equal(out.stdout, '', 'no diagnostics');
    assert.match(out.stderr, new RegExp(`^${passing.length} files checked: 0 errors, 0 warnings\\n$`));
    assert.equal(code, 0);
  });

  it('every pending configuration still fails (take it off PENDING once it passes)', () => {
    const stale = report.files
      .filter((r) => PENDING.has(key(r.file)) && r.diagnostics.length === 0)
      .map((r) => key(r.file));
    assert.deepEqual(stale, []);
  });
});

describe('corpus: documented refusals', () => {
  const files = corpusFiles(INVALID);
  const passing = files.filter((f) => !PENDING.has(key(f)));
  let report: JsonReport;
  let code: number;
  before(async () => {
    ({ code, report } = await validate(files));
  });

  it(`holds at least ${MIN_FILES} single-mistake files`, () => {
    assert.ok(passing.length >= MIN_FILES, `${passing.length} passing files`);
  });

  it('every file states its expected code and line first, then the AWS page it comes from', () => {
    const malformed = files
      .filter((f) => {
        const [first, second] = fs.readFileSync(f, 'utf8').split('\n', 2);
        const m = EXPECT.exec(first!);
        // A pending file may name a code the engine does not have yet.
        const known = m !== null && (m[1]! in CODES || PENDING.has(key(f)));
        const source = SOURCE.exec(second ?? '')?.[1];
        return !known || !source?.startsWith('https://docs.aws.amazon.com/');
      })
      .map(key);
    assert.deepEqual(malformed, []);
  });

  it('apigw validate reports exactly the stated problem for each file', () => {
    const wrong: string[] = [];
    for (const r of report.files) {
      if (PENDING.has(key(r.file))) continue;
      const [, want, line] = EXPECT.exec(firstLine(r.file))!;
      const got = r.diagnostics.map((d) => `${d.code} line ${d.line}`);
      if (got.length !== 1 || got[0] !== `${want} line ${line}`)
        wrong.push(`${key(r.file)}: expected ${want} line ${line}, got ${JSON.stringify(got)}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(report.files.length, files.length);
    assert.equal(code, 1);
  });

  it('every pending refusal is still not reported as stated (take it off PENDING once it is)', () => {
    const stale: string[] = [];
    for (const r of report.files) {
      if (!PENDING.has(key(r.file))) continue;
      const [, want, line] = EXPECT.exec(firstLine(r.file))!;
      const got = r.diagnostics.map((d) => `${d.code} line ${d.line}`);
      if (got.length === 1 && got[0] === `${want} line ${line}`) stale.push(key(r.file));
    }
    assert.deepEqual(stale, []);
  });

  it('every pending file exists', () => {
    const all = new Set([...corpusFiles(VALID), ...files].map(key));
    assert.deepEqual(
      [...PENDING].filter((p) => !all.has(p)),
      [],
    );
  });
});
