import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: {
        write: (t: string) => {
          out.stdout += t;
        },
      },
      stderr: {
        write: (t: string) => {
          out.stderr += t;
        },
      },
    },
  };
}

describe('cli', () => {
  it('prints usage for help', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['--help'], i), 0);
    assert.match(out.stdout, /Usage: apigw <command>/);
  });

  it('exits 2 on an unknown command', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['frobnicate'], i), 2);
    assert.match(out.stderr, /unknown command 'frobnicate'/);
  });
});

describe('apigw validate', () => {
  const path = require('node:path') as typeof import('node:path');
  const fs = require('node:fs') as typeof import('node:fs');
  const root = path.resolve(__dirname, '..', '..', '..');
  const invalid = path.join(root, 'test', 'fixtures', 'specs', 'invalid');

  it('exits 0 on the examples and prints nothing on stdout', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['validate', path.join(root, 'examples')], i), 0);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /2 files checked: 0 errors, 0 warnings/);
  });

  it('exits 1 on errors, one file:line:col severity code message line each', async () => {
    const { out, io: i } = io();
    const file = path.join(invalid, 'http-mistakes.apigw.yaml');
    assert.equal(await main(['validate', file], i), 1);
    const lines = out.stdout.trim().split('\n');
    assert.equal(lines.length, 8);
    assert.equal(
      lines[0],
      `${file}:13:116 error APIGW100 'payloadFormatVersion' must be a string, not an integer. In YAML, write "2.0" in quotes.`,
    );
    assert.ok(
      lines.every((l) => /^.+:\d+:\d+ (error|warning|info) APIGW\d{3} .+$/.test(l)),
      lines.join('\n'),
    );
  });

  it('prints JSON with --format json', async () => {
    const { out, io: i } = io();
    assert.equal(await main(['validate', '--format', 'json', path.join(invalid, 'first-class.apigw.json')], i), 1);
    const report = JSON.parse(out.stdout) as {
      files: Array<{
        valid: boolean;
        diagnostics: Array<{ line: number; column: number; code: string; severity: string }>;
      }>;
      errors: number;
    };
    assert.equal(report.files[0]!.valid, false);
    assert.equal(report.errors, 7);
    assert.deepEqual(report.files[0]!.diagnostics[0], {
      ...report.files[0]!.diagnostics[0],
      line: 7,
      column: 18,
      code: 'APIGW403',
      severity: 'error',
    });
  });

  it('exits 2 on unreadable input, and still reports the readable files', async () => {
    const { out, io: i } = io();
    const dir = fs.mkdtempSync(path.join(root, 'out', 'cli-'));
    try {
      const binary = path.join(dir, 'bad.apigw.yaml');
      fs.writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0xc3]));
      assert.equal(
        await main(
          ['validate', path.join(dir, 'missing.apigw.json'), binary, path.join(invalid, 'syntax.apigw.yaml')],
          i,
        ),
        2,
      );
      assert.match(out.stderr, /missing\.apigw\.json: no such file or directory/);
      assert.match(out.stderr, /bad\.apigw\.yaml: not UTF-8 text/);
      assert.match(out.stdout, /syntax\.apigw\.yaml:9:3 error APIGW002/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad arguments', async () => {
    for (const args of [['validate'], ['validate', '--format', 'xml', 'a'], ['validate', '--frob', 'a']]) {
      const { io: i } = io();
      assert.equal(await main(args, i), 2, args.join(' '));
    }
  });
});
