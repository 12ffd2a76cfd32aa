// Profiles and the connection they choose: profile, region and endpoint, resolved the way the AWS CLI does, with the
// extension's settings on top. Reads the shared files through @smithy/shared-ini-file-loader (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE are honoured by it).
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

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
  /** AWS_ACCESS_KEY_ID is set: the environment's keys are used when no profile is chosen or found. */
  envCredentials: boolean;
  /** One key per (profile, region, endpoint): clients are made and reused per key. */
  key: string;
}

export const DEFAULT_REGION = 'us-east-1';

export async function resolveConnection(input: ConnectionInput, profiles?: ProfileInfo[]): Promise<Connection> {
  const env = input.env ?? process.env;
  const all = profiles ?? (await listProfiles());
  const profile = input.profile || env.AWS_PROFILE || 'default';
  const info = all.find((p) => p.name === profile);
  const region = input.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || info?.region || DEFAULT_REGION;
  let endpointUrl: string | undefined;
  let endpointSource: Connection['endpointSource'];
  if (input.endpointUrl) [endpointUrl, endpointSource] = [input.endpointUrl, 'setting'];
  else if (info?.endpointUrl) [endpointUrl, endpointSource] = [info.endpointUrl, 'profile'];
  else if (env.AWS_ENDPOINT_URL) [endpointUrl, endpointSource] = [env.AWS_ENDPOINT_URL, 'env'];
  if (endpointUrl) {
    try {
      new URL(endpointUrl);
    } catch {
      throw new Error(
        `The endpoint URL "${endpointUrl}" (from ${endpointSource === 'setting' ? 'apigw.endpointUrl' : endpointSource === 'profile' ? `profile ${profile}` : 'AWS_ENDPOINT_URL'}) is not a URL.`,
      );
    }
  }
  return {
    profile,
    profileSource: input.profile ? 'setting' : env.AWS_PROFILE ? 'env' : 'default',
    region,
    ...(endpointUrl ? { endpointUrl: endpointUrl.replace(/\/+$/, ''), endpointSource } : {}),
    profileFound: Boolean(info),
    ...(info ? { profileKind: info.kind } : {}),
    envCredentials: Boolean(env.AWS_ACCESS_KEY_ID),
    key: `${profile}|${region}|${endpointUrl ?? ''}`,
  };
}
