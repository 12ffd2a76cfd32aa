// The CLI's one layer: the parser (typed booleans, values, lists, choices, required options), the command table
// and the help generated from it, the Terminal every byte goes through, printError with a remedy (test/unit/cycles.test.ts
// checks there is no import cycle).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SUBCOMMANDS } from '../../src/cli/commands';
import { jsonDocument, printError, terminal } from '../../src/cli/io';
import { main, usage } from '../../src/cli/main';
import { checkRequired, flag, list, parseOptions, UsageError, value } from '../../src/cli/options';
import { specDiagnostics } from '../../src/cli/specFiles';
import { WorkbenchError } from '../../src/core/errors';
import { bufferIo, rawControl } from './cliHelpers';
import { REPO_ROOT } from './helpers';

const TABLE = {
  yes: flag('yes', { short: 'y' }),
  functions: flag('functions', { default: true }),
  stage: value('NAME', 'stage', { required: 'the stage to deploy' }),
  format: value('text|json', 'format', { choices: ['text', 'json'] }),
  'confirm-stage': list('NAME', 'confirm'),
  output: value('FILE', 'output', { short: 'o' }),
} as const;

const usageError = (args: string[]) => {
  try {
    parseOptions(args, TABLE);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  return assert.fail(`${args.join(' ')} parsed`);
};

describe('apigw argument parser', () => {
  it('flags: --flag, --flag=true|false|yes|no|1|0 (any case), --no-flag; the last one wins', () => {
    const cases: Array<[string[], boolean]> = [
      [[], false],
      [['--yes'], true],
      [['-y'], true],
      [['--yes=true'], true],
      [['--yes=YES'], true],
      [['--yes=1'], true],
      [['--yes=false'], false],
      [['--yes=No'], false],
      [['--yes=0'], false],
      [['--no-yes'], false],
      [['--yes', '--no-yes'], false],
      [['--no-yes', '--yes'], true],
    ];
    for (const [args, expected] of cases) assert.equal(parseOptions(args, TABLE).values.yes, expected, args.join(' '));
    assert.equal(parseOptions([], TABLE).values.functions, true);
    assert.equal(parseOptions(['--no-functions'], TABLE).values.functions, false);
    assert.equal(parseOptions(['--functions=false'], TABLE).values.functions, false);
  });

  it('refuses a flag value it does not understand, a value on --no-flag, and --no- of a value option', () => {
    assert.match(usageError(['--yes=maybe']), /^--yes takes true or false \(also yes\/no, 1\/0\), not 'maybe'$/);
    assert.match(usageError(['--yes=']), /--yes takes true or false .*not an empty value/);
    assert.match(usageError(['--yes=on']), /not 'on'/);
    assert.match(usageError(['--no-yes=true']), /--no-yes takes no value/);
    assert.match(usageError(['--no-stage']), /unknown option --no-stage/);
    assert.match(usageError(['--no-help']), /unknown option --no-help/);
  });

  it('values: --name value, --name=value, short forms, lists, choices; -- ends the options', () => {
    const p = parseOptions(
      [
        'a',
        '--stage',
        'dev',
        '--format=json',
        '-o',
        'f.json',
        '--confirm-stage',
        'x',
        '--confirm-stage=y',
        '--',
        '--yes',
      ],
      TABLE,
    );
    assert.equal(p.values.stage, 'dev');
    assert.equal(p.values.format, 'json');
    assert.equal(p.values.output, 'f.json');
    assert.deepEqual(p.values['confirm-stage'], ['x', 'y']);
    assert.equal(p.values.yes, false);
    assert.deepEqual(p.operands, ['a', '--yes']);
    assert.equal(parseOptions(['--stage=a=b'], TABLE).values.stage, 'a=b');
    assert.match(usageError(['--format', 'xml']), /^--format must be text or json, not xml$/);
    assert.match(usageError(['--stage']), /--stage needs a value/);
    assert.match(usageError(['--stage', '--yes']), /--stage needs a value/);
    assert.match(usageError(['--stage=']), /--stage needs a value/);
    assert.match(usageError(['-x']), /unknown option -x/);
    // Names are looked up as own properties: nothing inherited from Object.prototype is an option.
    assert.match(usageError(['--constructor']), /unknown option --constructor/);
    assert.match(usageError(['--__proto__=1']), /unknown option --__proto__/);
  });

  it('a value option followed by an option of the command is missing its value; --name=-y gives one', () => {
    // `deploy --stage -y` read -y as the stage's name and went on without --yes.
    assert.match(
      usageError(['--stage', '-y']),
      /^--stage needs a value \(NAME\): -y is an option \(a value that starts with - is joined with =\)$/,
    );
    assert.match(usageError(['-o', '-y']), /^--output needs a value \(FILE\): -y is an option/);
    assert.match(
      usageError(['--confirm-stage', '-o', 'f']),
      /^--confirm-stage needs a value \(NAME\): -o is an option/,
    );
    assert.match(usageError(['--format', '--yes']), /^--format needs a value \(text\|json\): --yes is an option/);
    assert.equal(parseOptions(['--stage=-y'], TABLE).values.stage, '-y');
    assert.deepEqual(parseOptions(['--confirm-stage=-o'], TABLE).values['confirm-stage'], ['-o']);
    // What the command does not declare is a value: standard output, a negative number, a lone dash.
    assert.equal(parseOptions(['-o', '-'], TABLE).values.output, '-');
    assert.equal(parseOptions(['--stage', '-5m'], TABLE).values.stage, '-5m');
    assert.equal(parseOptions(['--stage', '-x'], TABLE).values.stage, '-x');
  });

  it('required options: named with what they are for', () => {
    const values = parseOptions([], TABLE).values;
    assert.throws(() => checkRequired(values, TABLE), /missing --stage: --stage NAME is required: the stage to deploy/);
    const two = { a: value('A', 'a', { required: true }), b: value('B', 'b', { required: true }) };
    assert.throws(() => checkRequired({}, two), /missing --a, --b: --a, --b are required/);
  });
});

describe('apigw command table', () => {
  it('every subcommand is declared once; apigw help is generated from the declarations', () => {
    const names = SUBCOMMANDS.map((c) => c.name);
    assert.deepEqual(names, [...new Set(names)]);
    const help = usage();
    for (const c of SUBCOMMANDS) {
      assert.ok(help.includes(`  ${c.synopsis} `), `${c.name} in apigw help`);
      assert.ok(c.usage().startsWith(`Usage: apigw ${c.synopsis}`), c.name);
    }
  });

  it('the connection options and their usage text are declared once, for every AWS subcommand', () => {
    // validate, serve, template and invoke never reach AWS: they take no connection options.
    const local = ['validate', 'serve', 'template', 'invoke'];
    const aws = SUBCOMMANDS.filter((c) => !local.includes(c.name));
    for (const c of aws) {
      const text = c.usage();
      assert.match(
        text,
        /Connection options:\n {2}--profile NAME .*\n {2}--region REGION .*\n {2}--endpoint-url URL /,
        c.name,
      );
    }
    for (const name of local) assert.doesNotMatch(SUBCOMMANDS.find((c) => c.name === name)!.usage(), /--profile/);
    const sources = cliSources().map((f) => fs.readFileSync(f, 'utf8'));
    assert.equal(sources.filter((s) => s.includes("'endpoint-url': value(")).length, 1);
    assert.equal(sources.filter((s) => /new SessionPool\(/.test(s)).length, 1);
    assert.equal(sources.filter((s) => /resolveConnection\(/.test(s)).length, 1);
  });

  it('--help of every subcommand exits 0 with its usage; unknown options exit 2 with its usage line', async () => {
    for (const c of SUBCOMMANDS) {
      let r = bufferIo();
      assert.equal(await main([c.name, '--help'], r.io), 0, c.name);
      assert.equal(r.out.stdout, c.usage());
      r = bufferIo();
      assert.equal(await main([c.name, '--frobnicate'], r.io), 2, c.name);
      // The error, the usage line and where the options are: not the whole help, which would push the error away.
      const usageLine = c.usage().split('\n')[0]!;
      assert.ok(usageLine.startsWith(`Usage: apigw ${c.name}`), c.name);
      assert.equal(
        r.out.stderr,
        `apigw ${c.name}: unknown option --frobnicate\n\n${usageLine}\nRun 'apigw ${c.name} --help' for its options.\n`,
      );
    }
  });

  it('every value option of every subcommand refuses an option as its value before any work (exit 2)', async () => {
    // `--NAME -h`: a flag takes -h as the help it asks for (exit 0), a value or list option has no value.
    let values = 0;
    for (const c of SUBCOMMANDS) {
      const usage = c.usage();
      const names = [...usage.matchAll(/^ {2}(?:-\w, )?--([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!);
      assert.ok(names.includes('help'), c.name);
      for (const name of names) {
        const r = bufferIo();
        const code = await main([c.name, `--${name}`, '-h'], r.io);
        if (code === 0) {
          assert.equal(r.out.stdout, usage, `${c.name} --${name} is a flag`);
          continue;
        }
        values++;
        assert.equal(code, 2, `${c.name} --${name} -h`);
        assert.ok(
          r.out.stderr.startsWith(`apigw ${c.name}: --${name} needs a value (`),
          `${c.name} --${name} -h: ${r.out.stderr}`,
        );
        assert.match(r.out.stderr, /: -h is an option \(a value that starts with - is joined with =\)\n/);
        assert.equal(r.out.stdout, '', `${c.name} --${name} -h printed nothing`);
      }
    }
    assert.ok(values > 40, `only ${values} value options checked`);
  });

  it('a command stopped before it sends anything says so (exit 1)', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const orders = path.join(REPO_ROOT, 'examples', 'orders-api.apigw.yaml');
    const r = bufferIo({
      extra: {
        signal: stopped.signal,
        env: {},
        sessionOptions: {
          credentials: async () => ({ accessKeyId: 'AKIDSTOP', secretAccessKey: 's' }),
          maxAttempts: 1,
        },
      },
    });
    const args = ['deploy', orders, '--stage', 'prod', '--yes', '--endpoint-url', 'http://127.0.0.1:9'];
    assert.equal(await main(args, r.io), 1);
    assert.equal(r.out.stderr, 'apigw deploy: cancelled.\n');
  });
});

describe('apigw terminal output', () => {
  it('every write, and every question asked, passes forTerminal: escapes shown, secrets redacted', async () => {
    const asked: string[] = [];
    const r = bufferIo({ extra: { ask: async (q) => (asked.push(q), 'y') } });
    const t = terminal(r.io);
    const key = ['AKIA', 'Z'.repeat(16)].join('');
    t.stdout.write(`route \u001b]8;;http://evil\u0007x\u001b]8;;\u0007 \u001b[31mred\u009b2J ${key}\n`);
    t.stderr.write('x-amz-security-token: FQoGZXIvYXdzEJr\n');
    await t.ask!('Deploy \u001b[2Jprod? ');
    assert.equal(
      r.out.stdout,
      `route \\x1b]8;;http://evil\\x07x\\x1b]8;;\\x07 \\x1b[31mred\\x9b2J AKIA****************\n`,
    );
    assert.doesNotMatch(r.out.stderr, /FQoGZXIvYXdzEJr/);
    assert.deepEqual(asked, ['Deploy \\x1b[2Jprod? ']);
  });

  it('JSON documents: control characters escaped so they still parse to the same value, secrets redacted', () => {
    const value = { key: '\u001b]8;;http://evil\u0007', c1: 'a\u009bb\u007f', token: 'sessionToken=abc123secret' };
    const text = jsonDocument(value);
    assert.equal(rawControl(text), undefined);
    const parsed = JSON.parse(text) as typeof value;
    assert.equal(parsed.key, value.key);
    assert.equal(parsed.c1, value.c1);
    assert.doesNotMatch(text, /abc123secret/);
    // A redaction pattern that would end on a backslash cannot break the document: each string is redacted alone.
    const tricky = { m: 'authorization: x"y', n: 'Authorization: Bearer abcdefgh\\' };
    const doc = JSON.parse(jsonDocument(tricky)) as Record<string, string>;
    assert.doesNotMatch(JSON.stringify(doc), /abcdefgh/);
  });

  it('a reader that went away (EPIPE) closes the output quietly and never decides the exit code', () => {
    const listeners: Array<(err: NodeJS.ErrnoException) => void> = [];
    let writes = 0;
    const t = terminal({
      stdout: {
        write: () => {
          writes++;
          if (writes > 1) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        },
        on: (_e, l) => listeners.push(l),
      },
      stderr: { write: () => undefined },
    });
    t.stdout.write('one\n');
    t.stdout.write('two\n');
    assert.equal(t.stdout.closed.aborted, true);
    t.stdout.write('three\n');
    assert.equal(writes, 2, 'nothing is written after the pipe closed');
    listeners[0]!(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(t.stdout.failure(), undefined, 'a reader that went away is no failure');
  });

  it('a write that fails (a full disk) is never a stack trace: said on stderr, exit 1 where it would be 0', async () => {
    // A stream reports the failed write as an 'error' event on a later tick, after the command's last write; the
    // command itself (here --help) succeeded.
    const listeners: Array<(err: NodeJS.ErrnoException) => void> = [];
    let stderr = '';
    const io = {
      stdout: {
        write: () => {
          setImmediate(() => {
            const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            for (const l of listeners) l(full);
            for (const l of listeners) l(Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
          });
        },
        on: (_e: 'error', l: (err: NodeJS.ErrnoException) => void) => listeners.push(l),
      },
      stderr: { write: (t: string) => (stderr += t) },
    };
    assert.equal(await main(['validate', '--help'], io), 1);
    assert.equal(
      stderr,
      'apigw validate: could not write to standard output (ENOSPC: no space left on device, write): what it printed is incomplete.\n',
    );
    stderr = '';
    assert.equal(await main(['frobnicate'], io), 2, 'a failing command keeps its own exit code');
    assert.doesNotMatch(stderr, /could not write/, 'nothing was written to stdout');
  });

  it("printError prints the message, the hint and a WorkbenchError's remedy (label, what to run or set)", () => {
    const r = bufferIo();
    const t = terminal(r.io);
    printError(
      t.stderr,
      'deploy',
      new WorkbenchError('ExpiredToken', 'The SSO session of profile dev has expired.', {
        hint: 'Sign in again.',
        fix: { label: 'Sign in with aws sso login', copyText: 'aws sso login --profile dev' },
      }),
    );
    printError(
      t.stderr,
      'plan',
      new WorkbenchError('ProfileNotFound', 'No profile statik.', {
        fix: { label: 'Choose a profile', setting: 'apigw.profile', command: { id: 'apigw.selectProfile' } },
      }),
    );
    // What only an editor button can do is left out; a label that names what to copy is not repeated.
    printError(
      t.stderr,
      'pull',
      new WorkbenchError('ProfileNotFound', 'No profile statik.', {
        hint: 'Choose one with --profile NAME.',
        fix: { label: 'Select Profile…', command: { id: 'apigw.selectProfile' } },
      }),
    );
    printError(
      t.stderr,
      'tail',
      new WorkbenchError('AccessDenied', 'Access denied.', {
        fix: { label: 'Copy the IAM action logs:FilterLogEvents', copyText: 'logs:FilterLogEvents' },
      }),
    );
    printError(t.stderr, undefined, new Error('plain \u001b[31m'));
    assert.equal(
      r.out.stderr,
      [
        'apigw deploy: The SSO session of profile dev has expired. Sign in again.',
        '  → Sign in with aws sso login (run: aws sso login --profile dev)',
        'apigw plan: No profile statik.',
        '  → Choose a profile (setting apigw.profile (VS Code))',
        'apigw pull: No profile statik. Choose one with --profile NAME.',
        'apigw tail: Access denied.',
        '  → Copy the IAM action logs:FilterLogEvents',
        'apigw: plain \\x1b[31m',
        '',
      ].join('\n'),
    );
  });

  it('a validator failure on one file is that file’s problem, with its name (fault injected)', () => {
    const r = specDiagnostics('{}', 'x.apigw.json', undefined, () => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    assert.ok('problem' in r);
    assert.equal(r.problem.path, 'x.apigw.json');
    assert.equal(r.problem.kind, 'internal');
    assert.match(
      r.problem.problem,
      /the validator failed on this file \(RangeError: Maximum call stack size exceeded\)/,
    );
  });
});

const CLI_DIR = path.join(REPO_ROOT, 'src', 'cli');

function cliSources(): string[] {
  return fs
    .readdirSync(CLI_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(CLI_DIR, f));
}
