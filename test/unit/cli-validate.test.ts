// `apigw validate` on hostile input: a reader that closes the pipe early, directory loops through symbolic links,
// FIFOs and other non-regular files, directories without spec files, and a file that crashes the validator. The
// runs that could hang go through the built CLI in a child process, so a regression fails the test instead of
// stalling the suite.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { bufferIo, rawControl } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const CLI = path.join(REPO_ROOT, 'out', 'src', 'cli', 'apigw.js');
const GOOD = 'version: 1\napi: { name: x, protocol: HTTP }\n';
const ONE_ERROR = 'version: 1\napi: { name: x, protocol: HTTP }\nroutes:\n  GET /a: { integration: nope }\n';

/** A spec with `n` errors (each route names an integration that does not exist). */
function manyErrors(n: number): string {
  const routes: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) routes[`GET /r${i}`] = { integration: `missing${i}` };
  return JSON.stringify({ version: 1, api: { name: 'x', protocol: 'HTTP' }, routes });
}

/** Arrays nested `depth` levels deep inside an otherwise valid spec: the validator's stack overflowed on these. */
function deepJson(depth: number): string {
  return `{"version":1,"api":{"name":"x","protocol":"HTTP"},"x":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a child process. `guardMs` only bounds a regression that hangs (the loops and the FIFO did), so the
 * suite fails instead of stalling; no assertion depends on how long a run takes.
 */
function runCli(args: string[], guardMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), guardMs);
    child.on('close', (status, signal) => {
      clearTimeout(guard);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

describe('apigw validate on hostile input', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-validate-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const mkdir = (name: string) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };

  it('a reader that closes the pipe early never turns errors into exit 0 (apigw validate BAD | head -1)', () => {
    const bad = path.join(mkdir('pipe'), 'bad.apigw.json');
    fs.writeFileSync(bad, manyErrors(3000));
    // bash runs a real pipeline; PIPESTATUS[0] is the CLI's own exit code, whatever head does.
    const script = 'node "$1" validate "$2" | head -1; echo "first=${PIPESTATUS[0]}"';
    const out = execFileSync('bash', ['-c', script, 'bash', CLI, bad], { encoding: 'utf8', timeout: 120_000 });
    const lines = out.trim().split('\n');
    assert.match(lines[0]!, /bad\.apigw\.json:\d+:\d+ (error|warning|info) APIGW\d+ /);
    assert.equal(lines.at(-1), 'first=1', out);
  });

  it('a closed pipe after a clean run keeps exit 0', () => {
    const good = path.join(mkdir('pipe-good'), 'good.apigw.yaml');
    fs.writeFileSync(good, GOOD);
    const script = 'node "$1" validate --format json "$2" | head -c 1 >/dev/null; echo "first=${PIPESTATUS[0]}"';
    const out = execFileSync('bash', ['-c', script, 'bash', CLI, good], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(out.trim(), 'first=0');
  });

  it('walks each directory once by its real path: symbolic link loops end, every file is checked once', async () => {
    const root = mkdir('loops');
    fs.writeFileSync(path.join(root, 'one.apigw.yaml'), ONE_ERROR);
    fs.symlinkSync('.', path.join(root, 'a'));
    fs.symlinkSync('.', path.join(root, 'b'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.writeFileSync(path.join(root, 'sub', 'two.apigw.json'), '{"version":1,"api":{"name":"y","protocol":"HTTP"}}');
    // A second name for a file already found is the same file.
    fs.symlinkSync(path.join(root, 'one.apigw.yaml'), path.join(root, 'sub', 'alias.apigw.yaml'));
    const r = await runCli(['validate', root]);
    assert.equal(r.signal, null, 'the walk ends');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^2 files checked: 1 error, 0 warnings$/m);
    assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
    assert.match(r.stdout, /one\.apigw\.yaml:4:\d+ error APIGW200/);
  });

  it('never opens a FIFO or another non-regular file: it is reported as skipped, exit 2', async () => {
    const root = mkdir('fifo');
    const fifo = path.join(root, 'pipe.apigw.yaml');
    execFileSync('mkfifo', [fifo]);
    fs.writeFileSync(path.join(root, 'ok.apigw.yaml'), GOOD);
    for (const args of [
      ['validate', fifo],
      ['validate', root],
      ['validate', '--format', 'json', root],
    ]) {
      const r = await runCli(args);
      assert.equal(r.signal, null, `${args.join(' ')} ends`);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /pipe\.apigw\.yaml: not a regular file \(a FIFO\): skipped/, args.join(' '));
    }
    const json = await runCli(['validate', '--format', 'json', root]);
    const report = JSON.parse(json.stdout) as { files: Array<{ file: string }>; unreadable: number };
    assert.deepEqual(
      report.files.map((f) => path.basename(f.file)),
      ['ok.apigw.yaml'],
    );
    assert.equal(report.unreadable, 1);
  });

  it('a directory with no spec files is an error (exit 2) that says so', async () => {
    const empty = mkdir('empty');
    const other = mkdir('other');
    fs.writeFileSync(path.join(other, 'readme.md'), '# not a spec\n');
    for (const d of [empty, other]) {
      const r = bufferIo();
      assert.equal(await main(['validate', d], r.io), 2, d);
      assert.match(r.out.stderr, new RegExp(`no spec files \\(\\*\\.apigw\\.json.*\\) found under ${escape(d)}`));
    }
    const r = bufferIo();
    assert.equal(await main(['validate', '--format', 'json', empty], r.io), 2);
    const report = JSON.parse(r.out.stdout) as { files: unknown[]; problems: Array<{ path: string; problem: string }> };
    assert.deepEqual(report.files, []);
    assert.match(report.problems[0]!.problem, /no spec files/);
  });

  it('a file that crashes the validator loses nothing: the others print, it is named, JSON stays complete', async () => {
    const root = mkdir('deep');
    const deep = path.join(root, 'deep.apigw.json');
    fs.writeFileSync(deep, deepJson(5000));
    const other = path.join(root, 'other.apigw.yaml');
    fs.writeFileSync(other, ONE_ERROR);
    const text = bufferIo();
    const code = await main(['validate', deep, other], text.io);
    assert.notEqual(code, 0);
    assert.match(text.out.stdout, /other\.apigw\.yaml:4:\d+ error APIGW200/);
    assert.match(text.out.stdout + text.out.stderr, /deep\.apigw\.json/);
    const json = bufferIo();
    assert.notEqual(await main(['validate', '--format', 'json', deep, other], json.io), 0);
    const report = JSON.parse(json.out.stdout) as { files: Array<{ file: string; valid: boolean }> };
    assert.deepEqual(
      report.files.map((f) => [path.basename(f.file), f.valid]),
      [
        ['deep.apigw.json', false],
        ['other.apigw.yaml', false],
      ],
    );
  });

  it('escape sequences planted in a spec never reach the terminal raw; --format json still parses to them', async () => {
    const file = path.join(mkdir('escapes'), 'evil.apigw.json');
    const osc = '\u001b]8;;http://evil\u0007click\u001b]8;;\u0007';
    const csi = '\u001b[31m';
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        api: { name: 'x', protocol: 'HTTP' },
        routes: { [`GET /a${osc}`]: { integration: `nope${csi}\u009b2J` } },
      }),
    );
    const text = bufferIo();
    assert.equal(await main(['validate', file], text.io), 1);
    const all = text.out.stdout + text.out.stderr;
    assert.equal(rawControl(all), undefined);
    assert.match(text.out.stdout, /nope\\x1b\[31m\\x9b2J/);
    const json = bufferIo();
    assert.equal(await main(['validate', '--format', 'json', file], json.io), 1);
    assert.equal(rawControl(json.out.stdout), undefined);
    const report = JSON.parse(json.out.stdout) as { files: Array<{ diagnostics: Array<{ message: string }> }> };
    const messages = report.files[0]!.diagnostics.map((d) => d.message).join('\n');
    assert.ok(messages.includes(`nope${csi}\u009b2J`), messages);
  });

  it('plan names the file the validator failed on instead of a bare stack message (exit 2)', async () => {
    const deep = path.join(mkdir('deep-plan'), 'deep.apigw.json');
    fs.writeFileSync(deep, deepJson(5000));
    const r = bufferIo();
    assert.equal(await main(['plan', deep, '--endpoint-url', 'http://127.0.0.1:9'], r.io), 2);
    assert.match(r.out.stdout + r.out.stderr, /deep\.apigw\.json/);
  });
});

/** Standard input that yields `chunks`, counting how many were read. */
function stdinOf(chunks: Iterable<string | Uint8Array>): {
  stdin: () => AsyncIterable<string | Uint8Array>;
  read: number;
} {
  const source = { stdin: () => feed(source, chunks), read: 0 };
  return source;
}

async function* feed(
  source: { read: number },
  chunks: Iterable<string | Uint8Array>,
): AsyncGenerator<string | Uint8Array> {
  for (const c of chunks) {
    source.read++;
    yield c;
  }
}

/** Megabytes of zeros without end, as `< /dev/zero` gives them. */
function* zeros(): Generator<Uint8Array> {
  const mb = new Uint8Array(1 << 20);
  for (;;) yield mb;
}

async function validateStdin(args: string[], chunks: Iterable<string | Uint8Array>) {
  const source = stdinOf(chunks);
  const r = bufferIo({ extra: { stdin: source.stdin } });
  const code = await main(['validate', ...args], r.io);
  return { code, ...r.out, read: source.read };
}

describe('apigw validate - (a spec on standard input)', () => {
  const GOOD_JSON = '{"version":1,"api":{"name":"x","protocol":"HTTP"}}';

  it('reads the spec from standard input; its diagnostics name <stdin>; YAML or JSON by its first character', async () => {
    const yaml = await validateStdin(['-'], [ONE_ERROR.slice(0, 20), ONE_ERROR.slice(20)]);
    assert.equal(yaml.code, 1, yaml.stderr);
    assert.match(yaml.stdout, /^<stdin>:4:\d+ error APIGW200 /);
    assert.match(yaml.stderr, /^1 file checked: 1 error, 0 warnings$/m);
    const json = await validateStdin(['-'], [`  ${GOOD_JSON}`]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stdout, '');
  });

  it('--input-format says the format: JSON with comments, YAML that starts with {', async () => {
    const jsonc = `// the orders API\n${GOOD_JSON}`;
    assert.equal((await validateStdin(['-', '--input-format', 'jsonc'], [jsonc])).code, 0);
    const sniffed = await validateStdin(['-'], [jsonc]);
    assert.equal(sniffed.code, 1, 'without it, text that does not start with { is YAML');
    assert.match(sniffed.stdout, /^<stdin>:/);
    const flow = '{version: 1, api: {name: x, protocol: HTTP}}';
    assert.equal((await validateStdin(['-', '--input-format=yaml'], [flow])).code, 0);
    assert.equal((await validateStdin(['-'], [flow])).code, 1, 'as JSON, unquoted keys are errors');
  });

  it('beside files, in --format json: checked after them, listed as <stdin>', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-validate-stdin-'));
    try {
      const file = path.join(dir, 'one.apigw.yaml');
      fs.writeFileSync(file, ONE_ERROR);
      const r = await validateStdin(['--format', 'json', file, '-'], [GOOD]);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout) as { files: Array<{ file: string; valid: boolean }> };
      assert.deepEqual(
        report.files.map((f) => [f.file, f.valid]),
        [
          [file, false],
          ['<stdin>', true],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 before reading anything: - twice, --input-format without -, no standard input', async () => {
    const twice = await validateStdin(['-', '-'], [GOOD]);
    assert.equal(twice.code, 2);
    assert.match(
      twice.stderr,
      /^apigw validate: - \(standard input\) is given more than once\n\nUsage: apigw validate/,
    );
    assert.equal(twice.read, 0);
    const alone = await validateStdin(['--input-format', 'yaml', 'x.apigw.yaml'], [GOOD]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--input-format is the format of a spec read from standard input: give - among/);
    assert.equal((await validateStdin(['-', '--input-format', 'toml'], [GOOD])).code, 2);
    const none = bufferIo();
    assert.equal(await main(['validate', '-'], none.io), 2);
    assert.match(none.out.stderr, /^apigw validate: - reads the spec from standard input, and there is none\n/);
  });

  it('an endless or oversized standard input stops at the spec input limit (64 MB): exit 2, nothing kept past it', async () => {
    const r = await validateStdin(['-'], zeros());
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^apigw validate: cannot read <stdin>: more than 64 MB, the spec input limit: not read further$/m,
    );
    assert.equal(r.read, 65, 'reading stopped at the first megabyte past the limit');
    const bad = await validateStdin(['-'], [Uint8Array.of(0x76, 0xff, 0xfe, 0x0a)]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot read <stdin>: not UTF-8 text/);
  });

  it('the built CLI reads a pipe, and stops on /dev/zero instead of reading it until memory runs out', () => {
    const piped = spawnSync(process.execPath, [CLI, 'validate', '-'], {
      input: ONE_ERROR,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(piped.status, 1, piped.stderr);
    assert.match(piped.stdout, /^<stdin>:4:\d+ error APIGW200 /);
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      // The timeout only bounds a regression that reads forever; nothing here depends on how long a run takes.
      const r = spawnSync(process.execPath, [CLI, 'validate', '-'], {
        stdio: [zero, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(r.signal, null, 'the run ends');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /cannot read <stdin>: more than 64 MB/);
    } finally {
      fs.closeSync(zero);
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
