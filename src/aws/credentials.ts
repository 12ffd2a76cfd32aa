// Where a session's credentials come from. A named profile is the only source it may use: one that does not exist
// is ProfileNotFound, never the environment's keys. A profile whose credentials come from a credential_process runs
// it here, so that a failure reports the profile and the exit status without the command line (which may hold
// secrets) or more than one line of its stderr.
import { exec } from 'node:child_process';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { parseKnownFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { WorkbenchError } from '../core/errors';
import { redact } from '../core/redact';
import { listProfiles, profileNotFound, type Connection } from './profiles';

export interface CredentialOptions {
  /** Asks for an MFA code when a profile assumes a role with mfa_serial. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** Replaces the credential providers (tests that run without shared files). */
  credentials?: AwsCredentialIdentityProvider;
}

/** How long a credential_process may run: some ask for a second factor in a window of their own. */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 120_000;
/** What a failed credential_process shows of its stderr: the first line, this long at most, redacted. */
const STDERR_SHOWN = 200;

/** Credential resolution for a connection: the named profile only, or (no profile named) the SDK's default chain. */
export function credentialProvider(conn: Connection, o: CredentialOptions): AwsCredentialIdentityProvider {
  if (o.credentials) return o.credentials;
  if (!conn.profileFound && conn.profileSource !== 'default') return missingProfile(conn);
  // As the AWS CLI does: environment keys win unless a profile was named (setting, --profile or AWS_PROFILE).
  if (!conn.profileFound || (conn.profileSource === 'default' && conn.envCredentials)) {
    return fromNodeProviderChain({
      ...(o.mfaCodeProvider ? { mfaCodeProvider: o.mfaCodeProvider } : {}),
      clientConfig: { region: conn.region },
    });
  }
  if (conn.profileKind === 'process') return processCredentials(conn.profile);
  return fromIni({
    profile: conn.profile,
    ignoreCache: true,
    ...(o.mfaCodeProvider ? { mfaCodeProvider: o.mfaCodeProvider } : {}),
    clientConfig: { region: conn.region },
  });
}

/** A named profile that is not in the shared files: every use of the session fails, naming the profiles that are. */
function missingProfile(conn: Connection): AwsCredentialIdentityProvider {
  return async () => {
    const profiles = await listProfiles();
    // The files may have gained the profile since the connection was resolved: then it is found next time.
    throw profileNotFound(conn.profile, conn.profileSource === 'env' ? 'env' : 'setting', profiles);
  };
}

interface ProcessOutput {
  Version?: unknown;
  AccessKeyId?: unknown;
  SecretAccessKey?: unknown;
  SessionToken?: unknown;
  Expiration?: unknown;
  AccountId?: unknown;
}

/** The credentials a profile's credential_process prints (the AWS CLI's format, Version 1). */
export function processCredentials(profile: string): AwsCredentialIdentityProvider {
  return async () => {
    const files = await parseKnownFiles({ ignoreCache: true });
    const command = files[profile]?.credential_process;
    if (!command)
      throw new WorkbenchError('NoCredentials', `Profile ${profile} has no credential_process.`, {
        hint: `Check profile ${profile} in your AWS config file.`,
      });
    const stdout = await runCredentialProcess(profile, command);
    return parseProcessOutput(profile, stdout);
  };
}

function runCredentialProcess(profile: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(
      command,
      { timeout: CREDENTIAL_PROCESS_TIMEOUT_MS, windowsHide: true, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => (err ? reject(processFailure(profile, err, String(stderr))) : resolve(String(stdout))),
    );
  });
}

/** The failure without the command line: the exit status (or signal) and the first line of stderr, redacted. */
export function processFailure(
  profile: string,
  err: { code?: unknown; signal?: unknown; killed?: boolean },
  stderr: string,
): WorkbenchError {
  const status =
    err.killed && err.signal
      ? `did not finish within ${CREDENTIAL_PROCESS_TIMEOUT_MS / 1000} s`
      : typeof err.code === 'number'
        ? `failed with exit status ${err.code}`
        : err.signal
          ? `was stopped by ${String(err.signal)}`
          : typeof err.code === 'string'
            ? `could not run (${err.code})`
            : 'failed';
  const first = firstLine(stderr);
  return new WorkbenchError('NoCredentials', `The credential_process of profile ${profile} ${status}${first}`, {
    hint: `Run it in a terminal to see all it says (aws sts get-caller-identity --profile ${profile}), or choose another profile.`,
    fix: { label: 'Check the profile in a terminal', copyText: `aws sts get-caller-identity --profile ${profile}` },
  });
}

function firstLine(stderr: string): string {
  const line = stderr.split(/\r?\n/).find((l) => l.trim() !== '');
  if (!line) return '.';
  const shown = redact(line.trim());
  return `: ${shown.length > STDERR_SHOWN ? `${shown.slice(0, STDERR_SHOWN)}…` : shown}`;
}

function parseProcessOutput(profile: string, stdout: string): AwsCredentialIdentity {
  let data: ProcessOutput;
  try {
    data = JSON.parse(stdout.trim()) as ProcessOutput;
  } catch {
    throw invalidOutput(profile, 'printed something that is not JSON');
  }
  if (data?.Version !== 1) throw invalidOutput(profile, 'did not print Version 1');
  if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string')
    throw invalidOutput(profile, 'printed no AccessKeyId and SecretAccessKey');
  const expiration = typeof data.Expiration === 'string' ? new Date(data.Expiration) : undefined;
  if (expiration && !(expiration.getTime() > Date.now()))
    throw invalidOutput(profile, 'printed credentials that have expired');
  return {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    ...(typeof data.SessionToken === 'string' ? { sessionToken: data.SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    ...(typeof data.AccountId === 'string' ? { accountId: data.AccountId } : {}),
  };
}

function invalidOutput(profile: string, what: string): WorkbenchError {
  return new WorkbenchError('NoCredentials', `The credential_process of profile ${profile} ${what}.`, {
    hint: 'It must print the AWS CLI credential_process format: {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …}.',
  });
}
