// The AWS connection of the window: which profile, region and endpoint the explorer and commands use, the status bar
// item that shows it, and the Select Profile / Select Region pickers. The AWS SDK (dist/aws.js) is loaded on first use.
import * as vscode from 'vscode';
import type { AwsSession, Connection, ProfileInfo, SessionPool } from '../aws/bundle';
import type { CommandTable } from './commands';
import * as config from './config';
import { lazyBundle } from './lazy';
import type { Logger } from './log';
import type { Runtime } from './runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const awsBundle = lazyBundle(() => require('@lazy/aws') as typeof import('../aws/bundle'));

/** Where API Gateway v2 is available (the region picker offers these; any other region can be typed). */
export const REGIONS: Array<[string, string]> = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['af-south-1', 'Africa (Cape Town)'],
  ['ap-east-1', 'Asia Pacific (Hong Kong)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'Asia Pacific (Melbourne)'],
  ['ca-central-1', 'Canada (Central)'],
  ['ca-west-1', 'Canada West (Calgary)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['il-central-1', 'Israel (Tel Aviv)'],
  ['me-south-1', 'Middle East (Bahrain)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['sa-east-1', 'South America (São Paulo)'],
];

/** What the explorer's welcome views key on (context key `apigw.connection`). */
export type ConnectionState = 'unknown' | 'ready' | 'notConnected' | 'noCredentials';

export class ConnectionManager implements vscode.Disposable {
  private resolved: Promise<Connection> | undefined;
  private pool: SessionPool | undefined;
  private readonly log: Logger;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  state: ConnectionState = 'unknown';
  /** Fires when the profile, region or endpoint may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly rt: Pick<Runtime, 'log' | 'isTrusted'>) {
    this.log = rt.log.child('aws');
    this.status = vscode.window.createStatusBarItem('apigw.connection', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'API Gateway Connection';
    this.status.command = 'apigw.changeConnection';
    this.disposables.push(
      this.status,
      this.changed,
      config.onDidChange((ids) => {
        if (
          ids.some(
            (id) => id === config.Setting.profile || id === config.Setting.region || id === config.Setting.endpointUrl,
          )
        )
          this.reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
    );
  }

  dispose(): void {
    this.pool?.clear();
    for (const d of this.disposables) d.dispose();
  }

  /**
   * The settings that choose the connection. In an untrusted workspace the workspace and folder values of the
   * profile, region and endpoint are ignored: a cloned repository must not redirect signed requests or pick credentials.
   */
  settings(): { profile: string; region: string; endpointUrl: string } {
    const trusted = this.rt.isTrusted();
    const read = (id: config.SettingId) =>
      (trusted ? config.value<string>(id, '') : config.globalValue<string>(id, '')).trim();
    return {
      profile: read(config.Setting.profile),
      region: read(config.Setting.region),
      endpointUrl: read(config.Setting.endpointUrl),
    };
  }

  /** Forgets the resolved connection (settings, trust or the shared files changed). */
  reset(): void {
    this.resolved = undefined;
    this.pool?.clear();
    this.setState('unknown');
    this.changed.fire();
  }

  current(): Promise<Connection> {
    this.resolved ??= (async () => {
      const s = this.settings();
      const conn = await awsBundle().resolveConnection({
        profile: s.profile,
        region: s.region,
        endpointUrl: s.endpointUrl,
      });
      this.showStatus(conn);
      this.log.info(
        `connection: profile ${conn.profile}${conn.profileFound ? '' : ' (not in the shared files)'}, region ${conn.region}` +
          `${conn.endpointUrl ? `, endpoint ${conn.endpointUrl} (from ${conn.endpointSource})` : ''}`,
      );
      return conn;
    })();
    this.resolved.catch(() => {
      this.resolved = undefined;
    });
    return this.resolved;
  }

  async session(): Promise<AwsSession> {
    const conn = await this.current();
    this.pool ??= new (awsBundle().SessionPool)({
      log: (line) => this.log.debug(line),
      mfaCodeProvider: async (serial) => {
        const code = await vscode.window.showInputBox({
          title: `MFA code for profile ${conn.profile}`,
          prompt: `Enter the code of ${serial}`,
          ignoreFocusOut: true,
          validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Six digits'),
        });
        if (!code) throw Object.assign(new Error('MFA code not entered'), { name: 'AbortError' });
        return code.trim();
      },
    });
    return this.pool.get(conn);
  }

  async profiles(): Promise<ProfileInfo[]> {
    return awsBundle().listProfiles({ ignoreCache: true });
  }

  setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    if (this.status.text)
      this.status.text = this.status.text.replace(
        /^\$\([\w-]+\)/,
        state === 'notConnected' || state === 'noCredentials' ? '$(warning)' : '$(cloud)',
      );
    void vscode.commands.executeCommand('setContext', 'apigw.connection', state);
  }

  private showStatus(conn: Connection): void {
    this.status.text = `${this.state === 'notConnected' || this.state === 'noCredentials' ? '$(warning)' : '$(cloud)'} ${conn.profile} · ${conn.region}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**API Gateway connection**\n\n');
    md.appendMarkdown(
      `Profile: \`${conn.profile}\`${conn.profileKind ? ` (${conn.profileKind})` : conn.envCredentials ? ' (environment credentials)' : ''}  \n`,
    );
    md.appendMarkdown(`Region: \`${conn.region}\`  \n`);
    if (conn.endpointUrl)
      md.appendMarkdown(
        `Endpoint: \`${conn.endpointUrl}\` (from ${conn.endpointSource === 'setting' ? '`apigw.endpointUrl`' : conn.endpointSource === 'profile' ? "the profile's `endpoint_url`" : '`AWS_ENDPOINT_URL`'})  \n`,
      );
    md.appendMarkdown('\nClick to change the profile or region.');
    this.status.tooltip = md;
    this.status.show();
  }

  // ---- pickers ------------------------------------------------------------------------------------------------

  /** Select Profile: a quick pick of the shared files' profiles, or the name given as an argument. */
  async selectProfile(name?: string): Promise<string | undefined> {
    let choice = typeof name === 'string' ? name : undefined;
    if (choice === undefined) {
      const current = (await this.current().catch(() => undefined))?.profile;
      const profiles = await this.profiles();
      if (profiles.length === 0) {
        const action = await vscode.window.showWarningMessage(
          'No AWS profiles found in ~/.aws/config or ~/.aws/credentials.',
          {
            detail:
              'Create one in a terminal with "aws configure" (access keys) or "aws configure sso" (IAM Identity Center), then select it here.',
          },
          'Open Terminal',
        );
        if (action === 'Open Terminal') vscode.window.createTerminal('AWS').show();
        return undefined;
      }
      const kinds: Record<string, string> = {
        sso: 'IAM Identity Center (SSO)',
        'assume-role': 'assumes a role',
        process: 'credential_process',
        'web-identity': 'web identity',
        keys: 'access keys',
        other: '',
      };
      const picked = await vscode.window.showQuickPick(
        profiles.map((p) => ({
          label: p.name,
          description: [p.name === current ? '(current)' : '', kinds[p.kind] ?? '', p.region ?? '', p.mfa ? 'MFA' : '']
            .filter(Boolean)
            .join(' · '),
          ...(p.endpointUrl ? { detail: `endpoint_url ${p.endpointUrl}` } : {}),
        })),
        {
          title: 'API Gateway: Select Profile',
          placeHolder: 'AWS profile for the explorer and commands',
          matchOnDescription: true,
        },
      );
      choice = picked?.label;
    }
    if (choice === undefined) return undefined;
    await config.update(config.Setting.profile, choice, this.rt.isTrusted());
    this.reset();
    return choice;
  }

  /** Select Region: a quick pick of API Gateway regions (any other can be typed), or the region given as an argument. */
  async selectRegion(region?: string): Promise<string | undefined> {
    let choice = typeof region === 'string' ? region : undefined;
    if (choice === undefined) {
      const current = (await this.current().catch(() => undefined))?.region;
      const qp = vscode.window.createQuickPick();
      qp.title = 'API Gateway: Select Region';
      qp.placeholder = 'AWS region for the explorer and commands (or type one)';
      qp.matchOnDescription = true;
      const base = REGIONS.map(([id, name]) => ({
        label: id,
        description: `${name}${id === current ? ' (current)' : ''}`,
      }));
      qp.items = base;
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items =
          /^[a-z]{2}(-[a-z]+)+-\d$/.test(typed) && !REGIONS.some(([id]) => id === typed)
            ? [{ label: typed, description: 'other region' }, ...base]
            : base;
      });
      choice = await new Promise<string | undefined>((resolve) => {
        qp.onDidAccept(() => {
          resolve(qp.selectedItems[0]?.label);
          qp.hide();
        });
        qp.onDidHide(() => {
          resolve(undefined);
          qp.dispose();
        });
        qp.show();
      });
    }
    if (choice === undefined) return undefined;
    await config.update(config.Setting.region, choice, this.rt.isTrusted());
    this.reset();
    return choice;
  }

  /** The status bar's menu: change the profile or the region. */
  async changeConnection(): Promise<void> {
    const conn = await this.current().catch(() => undefined);
    const picked = await vscode.window.showQuickPick(
      [
        { label: '$(account) Select Profile…', description: conn?.profile ?? '', run: () => this.selectProfile() },
        { label: '$(globe) Select Region…', description: conn?.region ?? '', run: () => this.selectRegion() },
        {
          label: '$(settings-gear) Endpoint URL…',
          description: conn?.endpointUrl ?? 'AWS',
          run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'apigw.endpointUrl'),
        },
      ],
      { title: 'API Gateway connection' },
    );
    await picked?.run();
  }
}

export function connectionCommands(rt: Runtime): CommandTable {
  return {
    'apigw.selectProfile': (name?: string) => rt.connection.selectProfile(name),
    'apigw.selectRegion': (region?: string) => rt.connection.selectRegion(region),
    'apigw.changeConnection': () => rt.connection.changeConnection(),
  };
}
