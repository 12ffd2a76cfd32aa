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
import { corpusFiles } from './deployHelpers';

const MIN_FILES = 40;
const COMMENT = String.raw`(?:#|\/\/)`;
const SOURCE = new RegExp(String.raw`^${COMMENT} source: (https://\S+)$`, 'm');
const EXPECT = new RegExp(String.raw`^${COMMENT} expect: (APIGW\d{3}) line (\d+)$`);

interface JsonReport {
  files: Array<{ file: string; valid: boolean; diagnostics: Array<{ code: string; line: number; message: string }> }>;
  problems: unknown[];
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
  const files = corpusFiles('valid');

  it(`holds at least ${MIN_FILES} configurations`, () => {
    assert.ok(files.length >= MIN_FILES, `${files.length} configurations`);
  });

  it('names the public source of every configuration in its first line', () => {
    const unnamed = files.filter((f) => !SOURCE.test(firstLine(f))).map(key);
    assert.deepEqual(unnamed, []);
  });

  it('apigw validate over the corpus finds nothing and exits 0', async () => {
    const { out, io } = bufferIo();
    const code = await main(['validate', ...files], io);
    assert.equal(out.stdout, '', 'no diagnostics');
    assert.match(out.stderr, new RegExp(`^${files.length} files checked: 0 errors, 0 warnings\\n$`));
    assert.equal(code, 0);
  });
});

describe('corpus: documented refusals', () => {
  const files = corpusFiles('invalid');
  let report: JsonReport;
  let code: number;
  before(async () => {
    ({ code, report } = await validate(files));
  });

  it(`holds at least ${MIN_FILES} single-mistake files`, () => {
    assert.ok(files.length >= MIN_FILES, `${files.length} files`);
  });

  it('every file states its expected code and line first, then the AWS page it comes from', () => {
    const malformed = files
      .filter((f) => {
        const [first, second] = fs.readFileSync(f, 'utf8').split('\n', 2);
        const m = EXPECT.exec(first!);
        const known = m !== null && m[1]! in CODES;
        const source = SOURCE.exec(second ?? '')?.[1];
        return !known || !source?.startsWith('https://docs.aws.amazon.com/');
      })
      .map(key);
    assert.deepEqual(malformed, []);
  });

  it('apigw validate reports exactly the stated problem for each file', () => {
    const wrong: string[] = [];
    for (const r of report.files) {
      const [, want, line] = EXPECT.exec(firstLine(r.file))!;
      const got = r.diagnostics.map((d) => `${d.code} line ${d.line}`);
      if (got.length !== 1 || got[0] !== `${want} line ${line}`)
        wrong.push(`${key(r.file)}: expected ${want} line ${line}, got ${JSON.stringify(got)}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(report.files.length, files.length);
    assert.equal(code, 1);
  });
});
