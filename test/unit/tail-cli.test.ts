// `apigw tail` against the local AWS service: formatted lines on stdout, messages on stderr, --since, --filter,
// errors and exit codes in-process; then the built CLI as a child process, stopped by Ctrl+C and by a closed pipe.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { lambdaDenial } from '../localaws/lambda';
import { useLocalAws } from '../localaws/fixture';
import { bufferIo, rawControl } from './cliHelpers';
import { REPO_ROOT, until } from './helpers';

const ACCOUNT = '123456789012';
const ACCESS = '/aws/apigateway/orders/prod';
const FN = '/aws/lambda/orders-fn';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const access = (status: number, route: string, requestId: string) =>
  JSON.stringify({
    requestId,
    httpMethod: route.split(' ')[0],
    routeKey: route,
    status: String(status),
    responseLatency: '12',
    integrationError: '-',
  });

describe('apigw tail', () => {
  const aws = useLocalAws({
    config: { liveTail: { intervalMs: 100, maxEventsPerUpdate: 500, maxSessionMs: 60_000 } },
    reset: () => ({
      apis: [
        {
          name: 'orders-api',
          protocolType: 'HTTP',
          integrations: [
            {
              ref: 'fn',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-fn`,
            },
          ],
          routes: [{ routeKey: 'GET /orders', integration: 'fn' }],
          deployments: [{ ref: 'd' }],
          stages: [
            {
              stageName: 'prod',
              deployment: 'd',
              accessLogSettings: {
                destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${ACCESS}`,
                format: '{}',
              },
            },
            { stageName: 'dev', deployment: 'd' },
          ],
        },
        { name: 'twin', protocolType: 'HTTP' },
        { name: 'twin', protocolType: 'HTTP' },
      ],
      logGroups: [ACCESS, FN].map((logGroupName) => ({ logGroupName, streams: [{ logStreamName: 's' }] })),
      functions: [{ FunctionName: 'orders-fn' }],
    }),
  });
  let raw: CloudWatchLogsClient;
  before(() => {
    raw = new CloudWatchLogsClient({
      region: 'us-east-1',
      endpoint: aws.endpoint,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => raw.destroy());

  const put = (group: string, events: Array<[number, string]>) =>
    raw.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
      }),
    );
  const opts = (signal: AbortSignal): Partial<CliIo> => ({
    signal,
    sessionOptions: { credentials: TEST_CREDENTIALS, maxAttempts: 1 },
    tailOptions: { poll: { intervalMs: 50 }, turns: { acquire: async () => undefined } },
  });
  /** `apigw tail ARGS` in-process, with the test's session and transport tuning. */
  const tailCommand = (args: string[], i: CliIo, extra: Partial<CliIo>) => main(['tail', ...args], { ...i, ...extra });
  /**
   * `apigw tail ARGS` started in-process with the test's options (`tune` adjusts them): what it prints, `stop()`,
   * which stops it as Ctrl+C does, and `run`, its exit code.
   */
  const startTail = (args: string[], tune: (o: Partial<CliIo>) => Partial<CliIo> = (o) => o) => {
    const { out, io: i } = bufferIo();
    const ac = new AbortController();
    const run = tailCommand([...args, ...base()], i, tune(opts(ac.signal)));
    return { out, run, stop: () => ac.abort() };
  };
  const base = () => ['--endpoint-url', aws.endpoint, '--region', 'us-east-1', '--profile', 'cli-test'];

  it("prints the access log and the function log in the extension's format until stopped (exit 0)", async () => {
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll', '--utc']);
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling FilterLogEvents'), 'the tail to start');
      const t = Date.now();
      await put(ACCESS, [[t, access(200, 'GET /orders', 'req-1')]]);
      await put(FN, [[t + 1, 'START RequestId: 5f2c Version: $LATEST\n']]);
      await until(() => out.stdout.split('\n').length > 2, 'two lines');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    const lines = out.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} {2}access {5}GET {4}\/orders {10}200 {4}12 ms {2}req-1$/);
    assert.match(lines[1]!, /^\d\d:\d\d:\d\d\.\d{3} {2}orders-fn {2}START RequestId: 5f2c Version: \$LATEST$/);
    assert.match(
      out.stderr,
      /^Tailing orders-api\/prod \(cli-test · us-east-1\): access \/aws\/apigateway\/orders\/prod, orders-fn \/aws\/lambda\/orders-fn\. Ctrl\+C stops\.$/m,
    );
  });

  it("waits for the log group of a function that has not run yet, and prints its first invocation's lines", async () => {
    await raw.send(new DeleteLogGroupCommand({ logGroupName: FN }));
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll'], (o) => ({
      ...o,
      tailOptions: { ...o.tailOptions, poll: { intervalMs: 50, absentRecheckMs: 50 } },
    }));
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling FilterLogEvents'), 'the tail to start');
      assert.match(
        out.stderr,
        /^apigw tail: waiting for orders-fn \/aws\/lambda\/orders-fn: no log group yet \(the function has not run\); tailed once it exists$/m,
      );
      // Lambda's first invocation: the group, a stream, the lines.
      await raw.send(new CreateLogGroupCommand({ logGroupName: FN }));
      await raw.send(new CreateLogStreamCommand({ logGroupName: FN, logStreamName: 's' }));
      await put(FN, [[Date.now(), 'START RequestId: first Version: $LATEST\n']]);
      await until(() => out.stdout.includes('START RequestId: first'), 'the first invocation');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    assert.match(out.stderr, /── \/aws\/lambda\/orders-fn exists now/);
  });

  it("tails a function's custom log group (LoggingConfig.LogGroup), not /aws/lambda/NAME", async () => {
    const custom = '/app/orders';
    await aws.seed({
      functions: [{ FunctionName: 'orders-fn', LoggingConfig: { LogGroup: custom } }],
      logGroups: [{ logGroupName: custom, streams: [{ logStreamName: 's' }] }],
    });
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll']);
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling FilterLogEvents'), 'the tail to start');
      const t = Date.now();
      await put(FN, [[t, 'not this function any more']]);
      await put(custom, [[t + 1, 'START RequestId: c1 Version: $LATEST\n']]);
      await until(() => out.stdout.includes('RequestId: c1'), 'the custom group line');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    assert.match(out.stdout, /^\S+ {2}orders-fn {2}START RequestId: c1 Version: \$LATEST$/m);
    assert.doesNotMatch(out.stdout, /not this function/);
    assert.match(out.stderr, /: access \/aws\/apigateway\/orders\/prod, orders-fn \/app\/orders\. Ctrl\+C stops\.$/m);
    assert.doesNotMatch(out.stderr, /assumed/);
  });

  it('a denied GetFunctionConfiguration: tails /aws/lambda/NAME and says which IAM action finds a custom group', async () => {
    await aws.addFaults([lambdaDenial()]);
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll']);
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling FilterLogEvents'), 'the tail to start');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    assert.match(
      out.stderr,
      /^apigw tail: orders-fn: its log group is assumed to be \/aws\/lambda\/NAME: lambda:GetFunctionConfiguration was denied\. Allow it to follow a custom log group \(the function's LoggingConfig\.LogGroup\)$/m,
    );
    assert.match(out.stderr, /orders-fn \/aws\/lambda\/orders-fn\. Ctrl\+C stops\.$/m);
    assert.equal(out.stderr.match(/assumed/g)?.length, 1, 'said once');
  });

  it('--since prints earlier events first; --filter passes the pattern; --no-functions leaves the functions out', async () => {
    const t = Date.now();
    await put(ACCESS, [
      [t - 240_000, access(500, 'GET /orders', 'old-500')],
      [t - 200_000, access(200, 'GET /orders', 'old-200')],
    ]);
    await put(FN, [[t - 230_000, 'function line']]);
    const tail = startTail([
      '--api',
      'orders-api',
      '--stage',
      'prod',
      '--since',
      '5m',
      '--filter',
      '{ $.status = "500" }',
      '--no-functions',
    ]);
    const { out } = tail;
    try {
      await until(() => out.stdout.includes('old-500') && out.stderr.includes('1 earlier event above'), 'the backfill');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    assert.ok(!out.stdout.includes('old-200') && !out.stdout.includes('function line'), out.stdout);
    assert.match(out.stderr, /filter \{ \$\.status = "500" \}: access \/aws\/apigateway\/orders\/prod\./);
    const calls = await aws.calls({ operation: 'FilterLogEvents' });
    assert.equal(calls[0]!.params.filterPattern, '{ $.status = "500" }');
    assert.equal(
      (await aws.calls({ operation: 'StartLiveTail' }))[0]!.params.logEventFilterPattern,
      '{ $.status = "500" }',
    );
  });

  it('says what is wrong and exits 1 or 2', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--stage', 'prod'], 2, /--api is required/],
      [['--api', 'orders-api', '--stage', 'prod', '--mode', 'fast'], 2, /--mode must be auto, live or poll/],
      [['--api', 'orders-api', '--stage', 'prod', '--since', 'yesterday'], 2, /--since takes a duration/],
      [['--api', 'orders-api', '--stage', 'prod', '--frob'], 2, /unknown option --frob/],
      [['--api', 'orders-api', '--stage', 'prod', '--utc=maybe'], 2, /--utc takes true or false/],
      [['--api', 'orders-api', '--stage', 'prod', '--no-utc=1'], 2, /--no-utc takes no value/],
      [
        ['--api', 'orders-api', '--stage', 'dev', '--functions=false', '--execution-logs=no', ...base()],
        1,
        /stage orders-api\/dev has no access logging[\s\S]*has no log group to tail/,
      ],
      [['--api', 'nope', '--stage', 'prod', ...base()], 1, /No API named or with id nope/],
      // A stage that does not exist names the option to check, not the editor's explorer.
      [
        ['--api', 'orders-api', '--stage', 'Prod', ...base()],
        1,
        /^apigw tail: orders-api has no stage Prod\. Check --stage \(stage names are case-sensitive\)\.\n$/,
      ],
      [
        ['--api', 'twin', '--stage', 'prod', ...base()],
        1,
        /2 APIs are named twin: \w+, \w+\. Pass the id with --api\./,
      ],
      [
        ['--api', 'orders-api', '--stage', 'dev', '--no-functions', ...base()],
        1,
        /stage orders-api\/dev has no access logging[\s\S]*has no log group to tail/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const { out, io: i } = bufferIo();
      assert.equal(await tailCommand(args, i, opts(new AbortController().signal)), code, args.join(' '));
      assert.match(out.stderr, message, args.join(' '));
    }
    const { out, io: i } = bufferIo();
    assert.equal(await main(['tail', '--help'], i), 0);
    assert.match(out.stdout, /Usage: apigw tail --api API --stage STAGE/);
  });

  it('access denied names the IAM action to ask for, and the CLI option to poll instead', async () => {
    const denied = (operation: string) => ({
      operation,
      kind: 'error' as const,
      status: 400,
      code: 'AccessDeniedException',
      message: `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: logs:${operation} because no identity-based policy allows the logs:${operation} action`,
    });
    await aws.addFaults([denied('StartLiveTail')]);
    const live = bufferIo();
    const args = ['--api', 'orders-api', '--stage', 'prod', ...base()];
    assert.equal(await tailCommand([...args, '--mode', 'live'], live.io, opts(new AbortController().signal)), 1);
    assert.match(live.out.stderr, /logs:StartLiveTail/);
    assert.match(live.out.stderr, /Ask for the IAM permission logs:StartLiveTail/);
    assert.match(live.out.stderr, /apigw tail: --mode poll/, "the CLI's option beside the editor's setting");
    await aws.clearFaults();

    await aws.addFaults([denied('FilterLogEvents')]);
    const poll = bufferIo();
    assert.equal(await tailCommand([...args, '--mode', 'poll'], poll.io, opts(new AbortController().signal)), 1);
    assert.match(
      poll.out.stderr,
      /may not call logs:FilterLogEvents[\s\S]*Ask for the IAM permission logs:FilterLogEvents/,
    );
    await aws.clearFaults();
  });

  it('a log line that carries escape sequences or a secret is printed neutralised', async () => {
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll']);
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling'), 'the tail to start');
      await put(FN, [
        [Date.now(), 'see \u001b]8;;http://evil\u0007here\u001b]8;;\u0007 \u001b[31mred\u001b[0m \u009b2J'],
        [Date.now() + 1, 'echo x-amz-security-token: IQoJb3JpZ2luX2VjEXAMPLETOKEN'],
      ]);
      await until(() => out.stdout.includes('red') && out.stdout.includes('echo'), 'the lines');
    } finally {
      tail.stop();
    }
    assert.equal(await tail.run, 0);
    assert.equal(rawControl(out.stdout), undefined);
    assert.match(out.stdout, /see \\x1b\]8;;http:\/\/evil\\x07here\\x1b\]8;;\\x07 \\x1b\[31mred\\x1b\[0m \\x9b2J/);
    assert.doesNotMatch(out.stdout, /IQoJb3JpZ2luX2VjEXAMPLETOKEN/);
  });

  it("resolves the connection from the caller's environment (io.env), as every AWS subcommand does", async () => {
    await aws.reset({
      region: 'eu-west-1',
      apis: [{ name: 'env-api', protocolType: 'HTTP', stages: [{ stageName: 'dev' }] }],
    });
    const { out, io: i } = bufferIo();
    const args = ['--api', 'env-api', '--stage', 'dev', '--no-functions', '--endpoint-url', aws.endpoint];
    const code = await tailCommand(args, i, {
      ...opts(new AbortController().signal),
      env: { AWS_REGION: 'eu-west-1' },
    });
    assert.equal(code, 1, out.stderr);
    // Found in eu-west-1, where only the environment given to the CLI points: it has no log group to tail.
    assert.match(out.stderr, /stage env-api\/dev has no access logging[\s\S]*has no log group to tail/);
  });

  it('exits 1 with the reason when a tailed log group is deleted', async () => {
    const tail = startTail(['--api', 'orders-api', '--stage', 'prod', '--mode', 'poll']);
    const { out } = tail;
    try {
      await until(() => out.stderr.includes('polling'), 'the tail to start');
      await raw.send(new DeleteLogGroupCommand({ logGroupName: FN }));
    } catch (err) {
      tail.stop();
      throw err;
    }
    assert.equal(await tail.run, 1);
    assert.match(
      out.stderr,
      /apigw tail: Log group \/aws\/lambda\/orders-fn does not exist \(any more\)\. It may have been deleted/,
    );
  });

  describe('as a process', () => {
    const cli = path.join(REPO_ROOT, 'out', 'src', 'cli', 'apigw.js');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIDCLITAIL',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: path.join(REPO_ROOT, 'out', 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, 'out', 'no-such-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const spawnTail = () =>
      spawn(
        process.execPath,
        [cli, 'tail', '--api', 'orders-api', '--stage', 'prod', '--mode', 'live', '--endpoint-url', aws.endpoint],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    const exited = (child: ReturnType<typeof spawnTail>) =>
      new Promise<number | null>((r) => {
        if (child.exitCode !== null) r(child.exitCode);
        else child.once('exit', (code) => r(code));
      });
    const children: Array<ReturnType<typeof spawnTail>> = [];
    after(() => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    });

    it('stops cleanly on Ctrl+C (SIGINT): exit 0, the live session closed, no stack trace', async () => {
      const child = spawnTail();
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      await until(() => stderr.includes('live tail'), 'the live session');
      await put(FN, [[Date.now(), 'hello from the function']]);
      await until(() => stdout.includes('hello from the function'), 'the line');
      const code = exited(child);
      child.kill('SIGINT');
      assert.equal(await code, 0, stderr);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      await until(async () => (await aws.liveTailSessions()) === 0, 'the live session to close');
    });

    it('ends quietly when the reader closes the pipe (apigw tail | head -1)', async () => {
      const child = spawnTail();
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      await until(() => stderr.includes('live tail'), 'the live session');
      const firstLine = new Promise<void>((r) => child.stdout.once('data', () => r()));
      await put(FN, [[Date.now(), 'line 1']]);
      await firstLine;
      child.stdout.destroy();
      let ended = false;
      const code = exited(child).finally(() => (ended = true));
      // Lines keep coming until the tail notices the closed pipe: it writes, meets EPIPE and ends.
      for (let i = 0; !ended; i++) {
        await put(FN, [[Date.now(), `more ${i}`]]);
        await sleep(150);
      }
      assert.equal(await code, 0, stderr);
      assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
    });
  });
});
