// Choosing the profile and the region: Select Profile, Select Region, the status bar's menu, and the Change Profile…
// and Change Region… rows every AWS picker ends with (src/vscode/commands/pickers.ts).
import * as vscode from 'vscode';
import type { ProfileInfo } from '../../aws/bundle';
import * as config from '../config';
import type { Runtime } from '../runtime';
import { looksLikeRegion, REGIONS } from './regions';

const PROFILE_KINDS: Record<string, string> = {
  sso: 'IAM Identity Center (SSO)',
  'assume-role': 'assumes a role',
  process: 'credential_process',
  'web-identity': 'web identity',
  keys: 'access keys',
  other: '',
};

type Rt = Pick<Runtime, 'connection' | 'prompts' | 'trust'>;

function profileItem(p: ProfileInfo, current: string | undefined): vscode.QuickPickItem {
  return {
    label: p.name,
    description: [
      p.name === current ? '(current)' : '',
      PROFILE_KINDS[p.kind] ?? '',
      p.region ?? '',
      p.mfa ? 'MFA' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    ...(p.endpointUrl ? { detail: `endpoint_url ${p.endpointUrl}` } : {}),
  };
}

/** Writes the setting where it takes effect and starts over with the new connection. */
async function save(rt: Rt, id: config.SettingId, value: string): Promise<string> {
  await config.update(id, value, rt.trust.isTrusted());
  rt.connection.reset();
  return value;
}

/** The profile named, or one picked from the shared files; undefined when none is chosen. */
export async function chooseProfile(rt: Rt, name?: string): Promise<string | undefined> {
  if (name !== undefined) return save(rt, config.Setting.profile, name);
  const current = (await rt.connection.current().catch(() => undefined))?.profile;
  const profiles = await rt.connection.profiles();
  if (profiles.length === 0) {
    rt.prompts.notify(
      'warning',
      'No AWS profiles found in ~/.aws/config or ~/.aws/credentials. Create one in a terminal with "aws configure" (access keys) or "aws configure sso" (IAM Identity Center), then select it here.',
      {
        label: 'Open Terminal',
        run: () => vscode.window.createTerminal('AWS').show(),
      },
    );
    return undefined;
  }
  const picked = await rt.prompts.pick(
    profiles.map((p) => profileItem(p, current)),
    {
      title: 'API Gateway: Select Profile',
      placeHolder: 'AWS profile for the explorer and commands',
      matchOnDescription: true,
    },
  );
  return picked ? save(rt, config.Setting.profile, picked.label) : undefined;
}

/** The region named, or one picked (any region AWS spells can be typed); undefined when none is chosen. */
export async function chooseRegion(rt: Rt, region?: string): Promise<string | undefined> {
  if (region !== undefined) return save(rt, config.Setting.region, region);
  const current = (await rt.connection.current().catch(() => undefined))?.region;
  const items = REGIONS.map(([id, name]) => ({
    label: id,
    description: `${name}${id === current ? ' (current)' : ''}`,
  }));
  const picked = await rt.prompts.pickOrType(
    items,
    {
      title: 'API Gateway: Select Region',
      placeHolder: 'AWS region for the explorer and commands (or type one)',
      matchOnDescription: true,
    },
    (typed) =>
      looksLikeRegion(typed) && !REGIONS.some(([id]) => id === typed)
        ? { label: typed, description: 'other region' }
        : undefined,
  );
  return picked ? save(rt, config.Setting.region, picked.label) : undefined;
}
