// The CLI under careless input, before anything reaches AWS: an output path that is the input itself (the spec
// written over), a folder or `-` where a file is wanted, a file option that names nothing readable, a URL that is
// none, options before the command, flags that contradict each other, a stage the spec does not have, the end of
// input at a question, and a standard output that cannot be written (a full disk). Every case exits 2 (or 1) with a
// line that says what to change, and never a stack trace; nothing is sent to the endpoint, which listens nowhere.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { askOn } from '../../src/cli/question';
import { bufferIo } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const SPEC = `version: 1
api: { name: careless-api, protocol: HTTP }
integrations:
  fn: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:fn", payloadFormatVersion: "2.0" }
routes:
  GET /items: { integration: fn }
stages:
  dev: {}
`;

/** Megabytes of zeros without end. */
async function* zeros(): AsyncGenerator<Uint8Array> {
  const mb = new Uint8Array(1 << 20);
  for (;;) yield mb;
}

/** Nothing listens there: a test that reached AWS would fail on the connection, not pass. */
const NOWHERE = ['--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'];

describe('apigw under careless input', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  // Standard input is endless zeros, as `< /dev/zero` gives them: a command that reads it must stop at its bound.
  const run = async (args: string[]) => {
    const b = bufferIo({ extra: { env: {}, stdin: zeros } });
    const code = await main(args, b.io);
    return { code, ...b.out };
  };
  const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at |Error: /, text);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-careless-'));
    fs.writeFileSync(file('careless.apigw.yaml'), SPEC);
    fs.writeFileSync(file('api.yaml'), SPEC);
    fs.mkdirSync(file('folder'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('apigw requests never writes into the spec: a spec not named *.apigw.* gets NAME.yaml.http beside it', async () => {
    const r = await run(['requests', file('api.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file('api.yaml'), 'utf8'), SPEC, 'the spec is as it was');
    assert.match(fs.readFileSync(file('api.yaml.http'), 'utf8'), /^GET \{\{baseUrl\}\}\/items$/m);
    for (const [out, why] of [
      [file('api.yaml'), /-o .*api\.yaml is the spec itself: give the \.http file to write/],
      [file('careless.apigw.yaml'), /is named as a spec file/],
    ] as const) {
      const refused = await run(['requests', file('api.yaml'), '-o', out]);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, why);
    }
    assert.equal(fs.readFileSync(file('api.yaml'), 'utf8'), SPEC);
    assert.equal(fs.readFileSync(file('careless.apigw.yaml'), 'utf8'), SPEC);
  });

  it('apigw export -o SPEC is refused, -o - is standard output, a folder or a missing folder is a usage error', async () => {
    let r = await run(['export', file('careless.apigw.yaml'), '-o', file('careless.apigw.yaml')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is the spec itself/);
    assert.equal(fs.readFileSync(file('careless.apigw.yaml'), 'utf8'), SPEC, 'the spec is as it was');
    r = await run(['export', file('careless.apigw.yaml'), '-o', '-']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^openapi: 3\.0\.1$/m);
    assert.ok(!fs.existsSync('-') && !fs.existsSync(file('-')), 'no file named -');
    for (const [out, why] of [
      [file('folder'), /-o .*folder is a directory: give the file to write/],
      [file('nope/openapi.yaml'), /-o .*: the folder .*nope does not exist/],
      [file('careless.apigw.yaml/x.yaml'), /careless\.apigw\.yaml is a file, not a folder/],
    ] as const) {
      r = await run(['export', file('careless.apigw.yaml'), '-o', out]);
      assert.equal(r.code, 2, `${out}: ${r.stderr}`);
      assert.match(r.stderr, why);
      noStack(r.stderr);
    }
  });

  it('apigw import -o is never the OpenAPI input nor -; apigw pull -o FOLDER is refused before AWS is asked', async () => {
    fs.writeFileSync(file('openapi.json'), '{"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{}}');
    let r = await run(['import', file('openapi.json'), '-o', file('openapi.json')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /is the OpenAPI document itself/);
    r = await run(['import', file('openapi.json'), '-o', '-']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(!fs.existsSync('-'));
    r = await run(['pull', '--api', 'orders-api', '-o', file('folder'), ...NOWHERE]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^apigw pull: -o .*folder is a directory: give the file to write$/m);
  });

  it('a format the output file name contradicts is refused: a YAML x.json is read back as JSON, and fails', async () => {
    let r = await run(['pull', '--api', 'orders-api', '--format', 'yaml', '-o', file('pulled.apigw.json'), ...NOWHERE]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^apigw pull: --format yaml does not match .*pulled\.apigw\.json$/m);
    r = await run(['export', file('careless.apigw.yaml'), '--output-format', 'yaml', '-o', file('exported.json')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--output-format yaml does not match .*exported\.json/);
    assert.ok(!fs.existsSync(file('exported.json')));
    r = await run(['export', file('careless.apigw.yaml'), '-o', file('openapi.yml')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(fs.readFileSync(file('openapi.yml'), 'utf8'), /^openapi: 3\.0\.1$/m);
  });

  it('a file option that names nothing readable is a bad argument (exit 2) that names the option', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['call', '--local', 'http://127.0.0.1:9/dev', 'POST /items', '-d', `@${file('missing.json')}`],
        /^apigw call: -d @.*missing\.json: cannot read .*missing\.json: no such file or directory$/m,
      ],
      [
        ['invoke', file('careless.apigw.yaml'), '--function', 'fn', '--event', `@${file('folder')}`],
        /^apigw invoke: --event @.*folder: cannot read .*folder: is a directory$/m,
      ],
      [
        ['serve', file('careless.apigw.yaml'), '--handlers', file('folder')],
        /^apigw serve: --handlers .*folder is a folder: give the mapping file/m,
      ],
      [['plan', file('folder'), ...NOWHERE], /^apigw plan: cannot read .*folder: not a regular file \(a directory\)$/m],
      // A device holds no body: read up to the bound, not until the process runs out of memory.
      [
        ['call', '--local', 'http://127.0.0.1:9/dev', 'POST /items', '-d', '@/dev/zero'],
        /^apigw call: -d @\/dev\/zero: \/dev\/zero holds more than 32 MB, which no API Gateway call takes$/m,
      ],
      [
        ['invoke', file('careless.apigw.yaml'), '--function', 'fn', '--event', '@/dev/zero'],
        /--event @\/dev\/zero: \/dev\/zero holds more than 32 MB/,
      ],
      [
        ['call', '--local', 'http://127.0.0.1:9/dev', 'POST /items', '-d', '@-'],
        /^apigw call: -d @-: standard input holds more than 32 MB, which no API Gateway call takes$/m,
      ],
      [
        ['invoke', file('careless.apigw.yaml'), '--function', 'fn', '--event', '@-'],
        /^apigw invoke: --event @-: standard input holds more than 32 MB/m,
      ],
      [['call', '--local', 'localhost', 'GET /items'], /--local takes the local API's URL .*, not localhost/],
      [['ws', '--local', 'not a url'], /--local takes the local API's URL/],
      // Past a timer's limit Node.js fires at once (with a warning): the call would time out at once, saying 30 days.
      [
        ['call', '--local', 'http://127.0.0.1:9/dev', 'GET /items', '--timeout', '30d'],
        /--timeout takes a duration of 24d at most, not 30d/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      noStack(r.stderr);
    }
  });

  it('apigw template on a spec without templates says so instead of exiting 0 with nothing', async () => {
    const r = await run(['template', file('careless.apigw.yaml')]);
    assert.deepEqual([r.code, r.stdout], [0, '']);
    assert.match(r.stderr, /^apigw template: .*careless\.apigw\.yaml has no mapping templates/);
  });

  it('options before the command, a command in capitals: said as such (exit 2)', async () => {
    let r = await run(['--profile', 'ci', 'pull', '--api', 'x']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^apigw: unknown command '--profile' \(options go after the command: apigw <command> --profile …\)$/m,
    );
    r = await run(['Validate', '.']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'Validate' \(did you mean validate\?\)/);
  });

  it('flags that contradict, a stage the spec does not have: exit 2 before AWS is asked', async () => {
    let r = await run(['rollback', '--api', 'a', '--stage', 'prod', '--list', '--to', 'abc123', ...NOWHERE]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--list changes nothing: give it without --to/);
    for (const command of [
      ['deploy', file('careless.apigw.yaml'), '--stage', 'prod', '--yes'],
      ['plan', file('careless.apigw.yaml'), '--stage', 'prod'],
    ]) {
      r = await run([...command, ...NOWHERE]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(
        r.stderr,
        `apigw ${command[0]}: Stage prod is not in the spec (its stages: dev). Give one of them with --stage, or add prod under stages.\n`,
      );
    }
  });

  it('the end of input at a question (Ctrl+D) is an answer of no, never a silent exit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (c: Buffer) => (asked += c.toString()));
    const ask = askOn(input, output, () => assert.fail('not interrupted'));
    const answer = ask('Roll back prod to abc123? [y/N] ');
    input.end();
    assert.equal(await answer, '');
    assert.match(asked, /^Roll back prod to abc123\? \[y\/N\] /);
    const again = new PassThrough();
    const yes = askOn(again, new PassThrough(), () => assert.fail('not interrupted'))('Apply? ');
    again.write('y\n');
    assert.equal(await yes, 'y');
  });

  it('the built CLI with standard output on a full disk: no stack trace, the failure said, exit 1', (t) => {
    if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full on this system');
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(
        process.execPath,
        [
          path.join(REPO_ROOT, 'out', 'src', 'cli', 'apigw.js'),
          'validate',
          file('careless.apigw.yaml'),
          '--format',
          'json',
        ],
        { stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /^apigw validate: could not write to standard output \(ENOSPC[^)]*\): what it printed is incomplete\.$/m,
      );
      noStack(r.stderr);
    } finally {
      fs.closeSync(full);
    }
  });
});
