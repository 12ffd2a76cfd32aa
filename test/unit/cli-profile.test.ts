// Issue 11, item 1: a profile that is named (--profile, AWS_PROFILE) and does not exist is an error that names the
// profiles that do, and nothing reaches AWS: never a fall-back to the environment's keys (or any other source).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { useLocalAws } from '../localaws/fixture';
import { ordersApi } from '../localaws/seed';
import { bufferIo } from './cliHelpers';
import { exampleFiles } from './deployHelpers';

const ORDERS = exampleFiles().find((f) => f.includes('orders'))!;

/** Every CLI command that reaches AWS, as a CI job would run it (no terminal; --yes where it would ask). */
const COMMANDS: string[][] = [
  ['plan', ORDERS],
  ['deploy', ORDERS, '--stage', 'dev', '--yes'],
  ['pull', '--api', 'orders-api'],
  ['promote', '--api', 'orders-api', '--from', 'dev', '--to', 'prod', '--yes', '--confirm-stage', 'prod'],
  ['rollback', '--api', 'orders-api', '--stage', 'prod', '--yes', '--confirm-stage', 'prod'],
  ['tail', '--api', 'orders-api', '--stage', 'prod'],
  ['metrics', '--api', 'orders-api', '--stage', 'prod'],
  ['call', '--api', 'orders-api', '--stage', 'prod', 'GET /orders'],
  ['ws', '--api', 'orders-api', '--stage', 'prod'],
  ['requests', ORDERS, '--live', '-o', '-'],
];

const capture = (env: NodeJS.ProcessEnv) => bufferIo({ extra: { env } });

describe('a named profile that does not exist (CLI)', () => {
  const aws = useLocalAws({
    reset: () => ({
      apis: [ordersApi()],
      identities: {
        AKIDENVIRONMENT: { arn: 'arn:aws:iam::999999999999:user/env', userId: 'AIDAENV', account: '999999999999' },
      },
    }),
  });
  let dir: string;
  const saved = { ...process.env };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-profile-'));
    fs.writeFileSync(path.join(dir, 'config'), '[profile static]\nregion = eu-west-1\n\n[sso-session corp]\n');
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n\n[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n',
    );
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    // The SDK's providers read process.env, so the runner's keys are planted there (this file runs in its own process).
    process.env = {
      ...saved,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_ACCESS_KEY_ID: 'AKIDENVIRONMENT',
      AWS_SECRET_ACCESS_KEY: 'environment-secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_ENDPOINT_URL;
  });

  for (const args of COMMANDS) {
    it(`apigw ${args[0]} --profile statik: a bad argument (exit 2) naming the profiles that exist, and no call to AWS`, async () => {
      const { io, out } = capture({ ...process.env });
      const code = await main([...args, '--profile', 'statik', '--endpoint-url', aws.endpoint], io);
      assert.equal(code, 2, out.stdout + out.stderr);
      assert.doesNotMatch(out.stderr, /→ Select Profile/, "the editor's button means nothing in a terminal");
      assert.match(out.stderr, /profile "?statik"? does not exist/i);
      assert.match(out.stderr, /ci, static/);
      assert.match(out.stderr, /default/);
      assert.doesNotMatch(out.stderr, /corp/, 'an sso-session is not a profile');
      assert.deepEqual(await aws.calls(), [], 'nothing was sent with the environment keys');
    });
  }

  it('AWS_PROFILE naming a missing profile is the same error', async () => {
    process.env.AWS_PROFILE = 'statik';
    const { io, out } = capture({ ...process.env });
    const code = await main(['plan', ORDERS, '--endpoint-url', aws.endpoint], io);
    assert.equal(code, 2);
    assert.match(out.stderr, /profile "?statik"? does not exist.*AWS_PROFILE/is);
    assert.deepEqual(await aws.calls(), []);
  });

  it('a named "default" must exist too; with no profile named, the environment keys are used (as the AWS CLI does)', async () => {
    fs.writeFileSync(path.join(dir, 'empty'), '');
    process.env.AWS_CONFIG_FILE = process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'empty');
    let { io, out } = capture({ ...process.env });
    assert.equal(await main(['plan', ORDERS, '--profile', 'default', '--endpoint-url', aws.endpoint], io), 2);
    assert.match(out.stderr, /profile "?default"? does not exist.*no profiles/is);
    assert.deepEqual(await aws.calls(), []);
    ({ io, out } = capture({ ...process.env }));
    assert.equal(await main(['plan', ORDERS, '--endpoint-url', aws.endpoint], io), 0, out.stderr);
    assert.match(out.stdout, /account 999999999999/);
  });
});
