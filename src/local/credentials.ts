// Credentials for handler processes on a machine that has none. On AWS a function always has its role's; here a
// handler's SDK signs with whatever the machine holds, and on a machine with nothing (a CI runner, a fresh
// container) the AWS SDKs refuse to send anything, even to the local `@connections` or a LocalStack endpoint that
// would accept any signature. Such handlers get a key pair made for this run, which the local API accepts
// (server.ts) and AWS does not; the run's log says so.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LocalKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A key pair for one local API run: random, so nothing outside this run signs with it. */
export function newLocalKeys(): LocalKeys {
  return {
    accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/** Where the machine tells it runs on EC2, whose instance metadata gives an instance profile's credentials. */
const EC2_MARKERS: ReadonlyArray<{ file: string; test: RegExp }> = [
  { file: '/sys/devices/virtual/dmi/id/sys_vendor', test: /^Amazon EC2/ },
  { file: '/sys/devices/virtual/dmi/id/board_asset_tag', test: /^i-[0-9a-f]{8,}/ },
  { file: '/sys/hypervisor/uuid', test: /^ec2/i },
];

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function hasDefaultProfile(file: string): boolean {
  return /^\s*\[\s*(?:profile\s+)?default\s*\]/m.test(readOr(file));
}

/**
 * What the AWS SDKs (JavaScript v3's default chain, botocore's) would sign with in a process with this environment,
 * in their order: keys in the environment, a named profile, web identity, a container's credentials endpoint, the
 * default profile of the shared files, EC2's instance metadata. Undefined when none: the SDKs would find nothing.
 */
export function credentialSourceOf(env: NodeJS.ProcessEnv, ec2Markers = EC2_MARKERS): string | undefined {
  if (env.AWS_ACCESS_KEY_ID) return 'AWS_ACCESS_KEY_ID';
  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
  if (profile) return `the profile ${profile}`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'AWS_WEB_IDENTITY_TOKEN_FILE';
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)
    return "the container's credentials endpoint";
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
  ];
  if (files.some(hasDefaultProfile)) return 'the default profile';
  if (env.AWS_EC2_METADATA_DISABLED !== 'true' && ec2Markers.some((m) => m.test.test(readOr(m.file))))
    return "EC2's instance metadata";
  return undefined;
}
