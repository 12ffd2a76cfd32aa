// The world the extension-host and UI tests run in: a throwaway copy of the fixture workspace, the local AWS test
// service in a child process (seeded with sampleAccount()), and shared AWS files whose profiles point at it through
// `endpoint_url`. code-server (and so the extension host) starts with that environment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalAwsProcess, type LocalAwsProcess } from '../localaws/process';
import { sampleAccount, type SeedFile } from '../localaws/seed';
import { REPO_ROOT } from './codeServer';

export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/**
 * Installed beside ours for the extension-host suite: a fixture that serves the `debugpy` debug type's attach as the
 * Python Debugger extension does (test/fixtures/debugpy-attach), for debugging a Python handler, and one that
 * answers the Python extension's environments API (test/fixtures/python-environments), for the interpreter of
 * Python handlers.
 */
export const HOST_TEST_EXTENSIONS = ['debugpy-attach', 'python-environments'].map((name) =>
  path.join(REPO_ROOT, 'test', 'fixtures', name),
);

/** The profile the tests use (AWS_PROFILE), its twin in another region, and one whose credentials cannot load. */
export const TEST_PROFILE = 'localaws';
export const TEST_PROFILE_WEST = 'localaws-west';
export const BROKEN_PROFILE = 'broken';

/** A fresh copy of test/fixtures/workspace, so tests may edit files without touching the repository. */
export function copyFixtureWorkspace(source = FIXTURE_WORKSPACE): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-ws-'));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

export interface HostTestEnv {
  vars: NodeJS.ProcessEnv;
  localAws: LocalAwsProcess;
  dispose(): Promise<void>;
}

export async function hostTestEnv(o: { seed?: SeedFile } = {}): Promise<HostTestEnv> {
  const localAws = await startLocalAwsProcess({ seed: o.seed ?? sampleAccount() });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-aws-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(
    configFile,
    [
      `[profile ${TEST_PROFILE}]`,
      'region = us-east-1',
      `endpoint_url = ${localAws.endpoint}`,
      '',
      `[profile ${TEST_PROFILE_WEST}]`,
      'region = eu-west-1',
      `endpoint_url = ${localAws.endpoint}`,
      '',
      `[profile ${BROKEN_PROFILE}]`,
      'region = us-east-1',
      `endpoint_url = ${localAws.endpoint}`,
      `credential_process = ${process.execPath} -e "process.exit(3)"`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    credentialsFile,
    [
      `[${TEST_PROFILE}]`,
      'aws_access_key_id = AKIDLOCALAWSTEST',
      'aws_secret_access_key = local-secret',
      '',
      `[${TEST_PROFILE_WEST}]`,
      'aws_access_key_id = AKIDLOCALAWSWEST',
      'aws_secret_access_key = local-secret',
      '',
    ].join('\n'),
  );
  return {
    localAws,
    vars: {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_PROFILE: TEST_PROFILE,
      // Nothing from the machine running the tests may leak in, and nothing may try the instance metadata service.
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_REGION: '',
      AWS_DEFAULT_REGION: '',
      AWS_ENDPOINT_URL: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      APIGW_TEST_LOCALAWS: localAws.endpoint,
    },
    async dispose() {
      await localAws.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
