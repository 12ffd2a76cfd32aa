// `apigw plan`, `apigw deploy`, `apigw pull` in-process against the local AWS service, and the built binary in a
// child process (exit codes, no terminal to ask on).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { TEST_CREDENTIALS } from '../localaws/connection';
import { quickSessionOptions } from '../localaws/sessions';
import { useLocalAws } from '../localaws/fixture';
import { bufferIo } from './cliHelpers';
import { exampleFiles, lastSeq, mutatingCalls } from './deployHelpers';
import { REPO_ROOT } from './helpers';

const ORDERS = exampleFiles().find((f) => f.includes('orders'))!;
const CHAT = exampleFiles().find((f) => f.includes('chat'))!;

describe('apigw plan / deploy / pull', () => {
  const aws = useLocalAws({ reset: {} });
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI with answers to its questions when `answers` is given (a terminal), none otherwise. */
  async function cli(args: string[], answers?: string[]) {
    const { out, io } = bufferIo({
      ...(answers ? { answers } : {}),
      extra: {
        env: {},
        sessionOptions: { credentials: TEST_CREDENTIALS, ...quickSessionOptions(3) },
      },
    });
    const code = await main([...args, '--endpoint-url', aws.endpoint, '--region', 'eu-west-1'], io);
    return { code, ...out };
  }

  it('plan: the changes as text (exit 0), or as JSON', async () => {
    const r = await cli(['plan', ORDERS, '--stage', 'prod']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Plan for orders-api \(HTTP API\) in eu-west-1, account 123456789012, from orders-api\.apigw\.yaml$/m,
    );
    assert.match(r.stdout, /^\+ route POST \/orders → orders-fn \(JWT cognito\)$/m);
    assert.match(r.stdout, /^Plan: 19 creates, then a deployment to stage prod\.$/m);
    const j = await cli(['plan', CHAT, '--format', 'json']);
    const parsed = JSON.parse(j.stdout) as {
      api: { status: string };
      counts: Record<string, number>;
      changes: Array<{ action: string; kind: string; name: string }>;
    };
    assert.equal(parsed.api.status, 'new');
    // 13: the API, 3 integrations, an authorizer, a model, 5 routes, 2 stages.
    assert.deepEqual(parsed.counts, { create: 13, update: 0, replace: 0, delete: 0 });
    assert.deepEqual(parsed.changes[0], { action: 'create', kind: 'api', name: 'chat-api' });
  });

  it('an invalid spec is never sent to AWS: its errors, exit 2', async () => {
    const file = path.join(dir, 'bad.apigw.yaml');
    fs.writeFileSync(file, 'version: 1\napi: { name: x, protocol: HTTP }\nroutes:\n  GET /a: { integration: nope }\n');
    for (const args of [
      ['plan', file],
      ['deploy', file, '--stage', 'x', '--yes'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2);
      assert.match(r.stdout, /bad\.apigw\.yaml:4:\d+ error APIGW200 Unknown integration 'nope'/);
      assert.match(r.stderr, /has 1 error: nothing was sent to AWS/);
    }
    assert.deepEqual(await aws.calls(), []);
  });

  it('plan and deploy read a spec as validate does: invalid UTF-8 is refused (exit 2), nothing sent', async () => {
    const file = path.join(dir, 'latin1.apigw.yaml');
    // The orders example with a Latin-1 comment: the same bytes `apigw validate` refuses.
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(ORDERS), Buffer.from('# caf\xe9\n', 'latin1')]));
    for (const args of [
      ['plan', file],
      ['deploy', file, '--stage', 'dev', '--yes'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /latin1\.apigw\.yaml: not UTF-8 text/, args.join(' '));
    }
    assert.deepEqual(await aws.calls(), []);
  });

  it('deploy without --yes and no terminal prints the plan and refuses (exit 1); a protected stage needs --confirm-stage', async () => {
    let r = await cli(['deploy', ORDERS, '--stage', 'prod']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^\+ api orders-api \(HTTP\)$/m);
    assert.match(r.stderr, /standard input is not a terminal.*--yes/);
    r = await cli(['deploy', ORDERS, '--stage', 'prod', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /stage prod is protected\. Add --confirm-stage prod/);
    assert.deepEqual(await mutatingCalls(aws), []);
  });

  it('deploy --yes --confirm-stage applies and prints the report and invoke URL; a re-run has nothing to do', async () => {
    const r = await cli(['deploy', ORDERS, '--stage', 'prod', '--yes', '--confirm-stage', 'prod']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(
      r.stdout,
      /^Applied 19 changes to orders-api in eu-west-1 and deployed stage prod \(deployment \w+\)\.$/m,
    );
    assert.match(r.stdout, /^Invoke URL: https:\/\/\w+\.execute-api\.eu-west-1\.amazonaws\.com\/prod$/m);
    assert.match(r.stderr, /^\[0\/20\] create api orders-api$/m);
    const since = await lastSeq(aws);
    const again = await cli(['deploy', ORDERS, '--stage', 'prod', '--yes']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /No changes: orders-api in eu-west-1 matches the spec\./);
    assert.deepEqual(await mutatingCalls(aws, since), []);
  });

  it("on a terminal, deploy asks: the protected stage's name typed, then the verb", async () => {
    let r = await cli(['deploy', ORDERS, '--stage', 'prod'], ['production']);
    assert.equal(r.code, 1);
    assert.deepEqual(r.asked, ['Stage prod is protected. Type its name to apply to it: ']);
    assert.match(r.stderr, /"production" is not prod/);
    r = await cli(['deploy', ORDERS, '--stage', 'prod'], ['prod', 'n']);
    assert.equal(r.code, 1);
    assert.equal(r.asked[1], 'Apply 19 creates to orders-api in eu-west-1 and deploy stage prod? [y/N] ');
    assert.deepEqual(await mutatingCalls(aws), []);
    r = await cli(['deploy', ORDERS, '--stage', 'prod'], ['prod', 'y']);
    assert.equal(r.code, 0, r.stderr);
  });

  it("an API of the spec's name that no deploy made is adopted only with --adopt (or a yes on the terminal)", async () => {
    await aws.seed({
      region: 'eu-west-1',
      apis: [{ name: 'chat-api', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' }],
    });
    let r = await cli(['deploy', CHAT, '--stage', 'dev', '--yes', '--confirm-stage', 'prod']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /an API named chat-api exists \(\w+\) that no deploy created\. Add --adopt/);
    r = await cli(['deploy', CHAT, '--stage', 'dev', '--confirm-stage', 'prod'], ['y', 'y']);
    assert.match(r.asked[0]!, /^Adopt the existing API chat-api \(\w+\) in eu-west-1\?/);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(aws.regionState('eu-west-1').apis.size, 1);
  });

  it("pull writes YAML (from -o's extension) whose plan is empty; unknown APIs fail with exit 1", async () => {
    assert.equal((await cli(['deploy', CHAT, '--stage', 'prod', '--yes', '--confirm-stage', 'prod'])).code, 0);
    const file = path.join(dir, 'chat.apigw.yaml');
    const r = await cli(['pull', '--api', 'chat-api', '-o', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote .*chat\.apigw\.yaml \(5 routes, 3 integrations, 2 stages\)/);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^# Pulled by apigw from API \w+ \(chat-api\) in eu-west-1/);
    assert.match(text, /^ {2}protocol: WEBSOCKET$/m);
    const plan = await cli(['plan', file, '--stage', 'prod']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /No changes: chat-api in eu-west-1 matches the spec\./);
    const json = await cli(['pull', '--api', 'chat-api']);
    assert.equal((JSON.parse(json.stdout) as { api: { name: string } }).api.name, 'chat-api');
    const missing = await cli(['pull', '--api', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No API with the id or name nope in eu-west-1/);
  });

  it('pull does not overwrite an existing -o FILE unless --force (exit 2, before anything is read)', async () => {
    assert.equal((await cli(['deploy', CHAT, '--stage', 'prod', '--yes', '--confirm-stage', 'prod'])).code, 0);
    const file = path.join(dir, 'kept.apigw.yaml');
    fs.writeFileSync(file, '# my own notes\n');
    const since = await lastSeq(aws);
    const refused = await cli(['pull', '--api', 'chat-api', '-o', file]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /kept\.apigw\.yaml exists: add --force to overwrite it/);
    assert.equal(fs.readFileSync(file, 'utf8'), '# my own notes\n');
    assert.deepEqual(await aws.calls({ since }), []);
    const forced = await cli(['pull', '--api', 'chat-api', '-o', file, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^ {2}name: chat-api$/m);
    // The same API pulls to the same bytes, on any day: the header names the API and region, and no date.
    assert.match(text, /^# Pulled by apigw from API \w+ \(chat-api\) in eu-west-1\.\n/);
    assert.equal((await cli(['pull', '--api', 'chat-api', '-o', file, '--force'])).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  it('--yes=false does not apply; a boolean flag refuses a value it does not understand (exit 2, nothing sent)', async () => {
    for (const no of ['--yes=false', '--yes=no', '--yes=0', '--no-yes']) {
      const r = await cli(['deploy', ORDERS, '--stage', 'prod', no, '--confirm-stage', 'prod']);
      assert.equal(r.code, 1, `${no}: ${r.stdout}`);
      assert.match(r.stderr, /not applied: standard input is not a terminal/, no);
      assert.doesNotMatch(r.stdout, /Applied/, no);
    }
    assert.deepEqual(await mutatingCalls(aws), []);
    const since = await lastSeq(aws);
    for (const bad of ['--yes=maybe', '--yes=', '--adopt=please', '--keep-extra=', '--keep-extra=2', '--no-stage']) {
      const r = await cli(['deploy', ORDERS, '--stage', 'prod', bad, '--confirm-stage', 'prod']);
      assert.equal(r.code, 2, `${bad}: ${r.stdout}`);
      assert.match(r.stderr, bad === '--no-stage' ? /unknown option --no-stage/ : /takes true or false/, bad);
      assert.match(r.stderr, /Usage: apigw deploy/, bad);
    }
    assert.deepEqual(await aws.calls({ since }), [], 'a refused argument reaches no service');
    const r = await cli(['deploy', ORDERS, '--stage', 'prod', '--yes=true', '--confirm-stage', 'prod']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Applied 19 changes to orders-api/m);
  });

  it('--keep-extra=false plans the deletes, --keep-extra=true and --keep-extra keep what the spec lacks', async () => {
    assert.equal((await cli(['deploy', CHAT, '--stage', 'dev', '--yes', '--confirm-stage', 'prod'])).code, 0);
    const pulled = JSON.parse((await cli(['pull', '--api', 'chat-api'])).stdout) as { routes: Record<string, unknown> };
    const [dropped] = Object.keys(pulled.routes);
    delete pulled.routes[dropped!];
    const file = path.join(dir, 'less.apigw.json');
    fs.writeFileSync(file, JSON.stringify(pulled));
    const deletes = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('- route')).length;
    for (const [flag, expected] of [
      [[], 1],
      [['--keep-extra=false'], 1],
      [['--keep-extra=no'], 1],
      [['--no-keep-extra'], 1],
      [['--keep-extra'], 0],
      [['--keep-extra=true'], 0],
      [['--keep-extra=YES'], 0],
    ] as Array<[string[], number]>) {
      const r = await cli(['plan', file, ...flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(deletes(r.stdout), expected, `${flag.join(' ')}\n${r.stdout}`);
    }
  });

  it('a secret the service echoes in an error message is redacted in what the CLI prints', async () => {
    const token = ['IQoJb3JpZ2luX2Vj', 'PLANTEDSESSIONTOKEN'].join('');
    await aws.addFaults([
      {
        operation: 'GetApis',
        kind: 'error',
        status: 400,
        code: 'BadRequestException',
        message: `echo x-amz-security-token: ${token}`,
      },
    ]);
    for (const args of [
      ['plan', ORDERS],
      ['plan', ORDERS, '--format', 'json'],
      ['deploy', ORDERS, '--stage', 'prod', '--yes'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /x-amz-security-token: \[redacted\]/, args.join(' '));
      assert.ok(!(r.stdout + r.stderr).includes(token), args.join(' '));
    }
  });

  it("bad arguments: exit 2 with the command's usage", async () => {
    let r = await cli(['deploy', ORDERS]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--stage NAME is required/);
    assert.match(r.stderr, /Usage: apigw deploy SPEC --stage NAME/);
    r = await cli(['pull']);
    assert.equal(r.code, 2);
    r = await cli(['plan', ORDERS, '--frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --frobnicate/);
  });

  it('the built binary: refuses without a terminal (exit 1), deploys with --yes (exit 0), nothing to do (exit 0)', async () => {
    const bin = path.join(REPO_ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(bin), 'npm test builds dist/cli.js first');
    const { AWS_PROFILE: _p, ...rest } = process.env;
    const env = {
      ...rest,
      AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: path.join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // Asynchronously: the local service answers from this process's event loop.
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args, '--endpoint-url', aws.endpoint], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    let r = await run('deploy', CHAT, '--stage', 'dev');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /not a terminal/);
    r = await run('deploy', CHAT, '--stage', 'dev', '--yes', '--confirm-stage', 'prod');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Invoke URL: wss:\/\/\w+\.execute-api\.eu-west-1\.amazonaws\.com\/dev/);
    r = await run('deploy', CHAT, '--stage', 'dev', '--yes');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /No changes/);
  });
});
