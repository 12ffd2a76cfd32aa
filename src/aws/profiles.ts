// Profiles and the connection they choose: profile, region and endpoint, resolved the way the AWS CLI does, with the
// extension's settings on top. Reads the shared files through @smithy/shared-ini-file-loader (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE are honoured by it).
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { WorkbenchError, type Remedy } from '../core/errors';
import { displayUrl } from '../core/redact';
import { trimTrailing } from '../core/text';

export type ProfileKind = 'sso' | 'assume-role' | 'process' | 'web-identity' | 'keys' | 'other';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
  endpointUrl?: string;
  /** Where it is defined. */
  files: Array<'config' | 'credentials'>;
  mfa: boolean;
}

export async function listProfiles(o: { ignoreCache?: boolean } = {}): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: o.ignoreCache ?? true });
  // The loader also returns `[sso-session X]` and `[services X]` sections as "sso-session.X": those are not profiles.
  const names = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])]
    .filter((n) => !/^(sso-session|services)\./.test(n))
    .sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return names.map((name) => {
    const c = { ...credentialsFile[name], ...configFile[name] } as Record<string, string | undefined>;
    const kind: ProfileKind =
      c.sso_session || c.sso_start_url
        ? 'sso'
        : c.role_arn && c.web_identity_token_file
          ? 'web-identity'
          : c.role_arn
            ? 'assume-role'
            : c.credential_process
              ? 'process'
              : c.aws_access_key_id
                ? 'keys'
                : 'other';
    return {
      name,
      kind,
      ...(c.region ? { region: c.region } : {}),
      ...(c.endpoint_url ? { endpointUrl: c.endpoint_url } : {}),
      files: [
        ...(configFile[name] ? ['config' as const] : []),
        ...(credentialsFile[name] ? ['credentials' as const] : []),
      ],
      mfa: Boolean(c.mfa_serial),
    };
  });
}

export interface ConnectionInput {
  /** From the apigw.profile setting (empty: AWS_PROFILE, then "default"). */
  profile?: string;
  /** From apigw.region (empty: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then us-east-1). */
  region?: string;
  /** From apigw.endpointUrl (empty: the profile's endpoint_url, then AWS_ENDPOINT_URL). */
  endpointUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Connection {
  profile: string;
  /** Where the profile name came from: chosen (setting), AWS_PROFILE, or the "default" fallback. */
  profileSource: 'setting' | 'env' | 'default';
  region: string;
  endpointUrl?: string;
  endpointSource?: 'setting' | 'profile' | 'env';
  /** The profile is defined in the shared files. */
  profileFound: boolean;
  profileKind?: ProfileKind;
  /** AWS_ACCESS_KEY_ID is set: the environment's keys are used when no profile is named (never for a named one). */
  envCredentials: boolean;
  /** One key per (profile, region, endpoint): clients are made and reused per key. */
  key: string;
}

export const DEFAULT_REGION = 'us-east-1';

/** The hints serve the editor and the apigw CLI, so they name both ways of choosing a profile. */
export const SELECT_PROFILE_HINT = '"API Gateway: Select Profile" (apigw: --profile NAME)';
/** The editor's button for every error that choosing another profile fixes. */
export const SELECT_PROFILE_FIX: Remedy = { label: 'Select Profile…', command: { id: 'apigw.selectProfile' } };

/**
 * A profile that was named (apigw.profile, --profile or AWS_PROFILE) must exist: in the config file as `[default]` or
 * `[profile NAME]`, or in the credentials file as `[NAME]` (`[sso-session X]` and `[services X]` are not profiles).
 * Like the AWS CLI, this holds for a named `default` too. Only when no profile is named at all may the SDK's default
 * chain (environment keys, the default profile, container and instance roles) choose the credentials.
 */
export function profileNotFound(
  name: string,
  source: 'setting' | 'env',
  profiles: readonly ProfileInfo[],
  env: NodeJS.ProcessEnv = process.env,
): WorkbenchError {
  const files = `${env.AWS_CONFIG_FILE || '~/.aws/config'} and ${env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials'}`;
  const names = profiles.map((p) => p.name);
  const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')} and ${names.length - 20} more` : names.join(', ');
  const existing = names.length ? `the profiles in ${files} are ${shown}` : `there are no profiles in ${files}`;
  return new WorkbenchError(
    'ProfileNotFound',
    `The AWS profile "${name}" does not exist${source === 'env' ? ' (named by AWS_PROFILE)' : ''}: ${existing}.`,
    {
      hint:
        `Nothing was sent to AWS: a named profile never falls back to other credentials. Choose one with ` +
        `${SELECT_PROFILE_HINT}${source === 'env' ? ', fix or unset AWS_PROFILE' : ''}, or create it with ` +
        `aws configure --profile ${name}.`,
      fix: SELECT_PROFILE_FIX,
    },
  );
}

type EndpointSource = NonNullable<Connection['endpointSource']>;

/** The endpoint URL, checked: an http(s) URL, or a WorkbenchError that says where to fix it (never its password). */
function checkEndpointUrl(url: string, source: EndpointSource, profile: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return trimTrailing(url, '/');
  const from = {
    setting: 'apigw.endpointUrl or --endpoint-url',
    profile: `endpoint_url of profile ${profile}`,
    env: 'AWS_ENDPOINT_URL',
  }[source];
  const hint = {
    setting:
      'Set apigw.endpointUrl (apigw: --endpoint-url) to a URL such as http://localhost:4566, or clear it to call AWS.',
    profile: `Fix endpoint_url in profile ${profile} of your AWS config file, or remove it to call AWS.`,
    env: 'Fix AWS_ENDPOINT_URL, or unset it to call AWS.',
  }[source];
  throw new WorkbenchError(
    'InvalidArgument',
    `The endpoint URL "${displayUrl(url)}" (from ${from}) is not ${parsed ? 'an http or https URL' : 'a URL'}.`,
    {
      hint,
      ...(source === 'setting'
        ? { fix: { label: 'Open the apigw.endpointUrl setting', setting: 'apigw.endpointUrl' } }
        : {}),
    },
  );
}

function chooseEndpoint(
  input: ConnectionInput,
  info: ProfileInfo | undefined,
  env: NodeJS.ProcessEnv,
): { endpointUrl: string; endpointSource: EndpointSource } | undefined {
  if (input.endpointUrl) return { endpointUrl: input.endpointUrl, endpointSource: 'setting' };
  if (info?.endpointUrl) return { endpointUrl: info.endpointUrl, endpointSource: 'profile' };
  if (env.AWS_ENDPOINT_URL) return { endpointUrl: env.AWS_ENDPOINT_URL, endpointSource: 'env' };
  return undefined;
}

/**
 * The connection for the settings (or CLI options) and the environment. A named profile that does not exist still
 * gives a connection (the editor shows it, with the error, in the explorer); its session's credentials are then
 * ProfileNotFound (credentials.ts), so nothing is ever sent with another source's credentials.
 */
export async function resolveConnection(input: ConnectionInput, profiles?: ProfileInfo[]): Promise<Connection> {
  const env = input.env ?? process.env;
  const all = profiles ?? (await listProfiles());
  const profile = input.profile || env.AWS_PROFILE || 'default';
  const profileSource: Connection['profileSource'] = input.profile ? 'setting' : env.AWS_PROFILE ? 'env' : 'default';
  const info = all.find((p) => p.name === profile);
  const region = input.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || info?.region || DEFAULT_REGION;
  const chosen = chooseEndpoint(input, info, env);
  const endpointUrl = chosen ? checkEndpointUrl(chosen.endpointUrl, chosen.endpointSource, profile) : undefined;
  return {
    profile,
    profileSource,
    region,
    ...(chosen && endpointUrl ? { endpointUrl, endpointSource: chosen.endpointSource } : {}),
    profileFound: Boolean(info),
    ...(info ? { profileKind: info.kind } : {}),
    envCredentials: Boolean(env.AWS_ACCESS_KEY_ID),
    key: `${profile}|${region}|${endpointUrl ?? ''}`,
  };
}
