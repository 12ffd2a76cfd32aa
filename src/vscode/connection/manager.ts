// The AWS connection of the window: which profile, region and endpoint the explorer and commands use, the clients for
// them, and the status bar item that shows them. The AWS SDK (dist/aws.js) loads on first use. Choosing another
// profile or region is src/vscode/connection/choose.ts.
import * as vscode from 'vscode';
import type { AwsSession, Connection, ProfileInfo, SessionOptions, SessionPool } from '../../aws/bundle';
import { CancelledError } from '../../core/errors';
import { renderTooltip } from '../../core/explorer/tooltip';
import { redact } from '../../core/redact';
import type { Prompts } from '../capabilities/prompts';
import type { Trust } from '../capabilities/trust';
import * as config from '../config';
import type { Logger } from '../log';

export type AwsBundle = typeof import('../../aws/bundle');

/** What the explorer's welcome views key on (context key `apigw.connection`). */
export type ConnectionState = 'unknown' | 'ready' | 'notConnected' | 'noCredentials';

export interface ConnectionDeps {
  readonly log: Logger;
  readonly trust: Trust;
  aws(): AwsBundle;
  /** Asks for MFA codes. */
  readonly prompts: Pick<Prompts, 'input'>;
}

const CONNECTION_SETTINGS: readonly config.SettingId[] = [
  config.Setting.profile,
  config.Setting.region,
  config.Setting.endpointUrl,
];

export class ConnectionManager implements vscode.Disposable {
  private resolved: Promise<Connection> | undefined;
  private pool: SessionPool | undefined;
  /** Options a test adds to the sessions (useSessionOptions). */
  private testOptions: Partial<SessionOptions> = {};
  private readonly log: Logger;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  state: ConnectionState = 'unknown';
  /** Fires when the profile, region or endpoint may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: ConnectionDeps) {
    this.log = deps.log.child('aws');
    this.status = vscode.window.createStatusBarItem('apigw.connection', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'API Gateway Connection';
    this.status.command = 'apigw.changeConnection';
    this.disposables.push(
      this.status,
      this.changed,
      config.onDidChange((ids) => {
        if (ids.some((id) => CONNECTION_SETTINGS.includes(id))) this.reset();
      }),
      deps.trust.onDidGrant(() => this.reset()),
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
    const trusted = this.deps.trust.isTrusted();
    const read = (id: config.SettingId) =>
      (trusted ? config.value<string>(id, '') : config.globalValue<string>(id, '')).trim();
    return {
      profile: read(config.Setting.profile),
      region: read(config.Setting.region),
      endpointUrl: read(config.Setting.endpointUrl),
    };
  }

  /**
   * Tests: the sessions made from now on take these options too — the SDK's backoff and the listings' pause in
   * milliseconds, as the unit tests' sessions have them (WorkbenchApi.connection). Returns the function that undoes it.
   */
  useSessionOptions(o: Partial<SessionOptions>): () => void {
    this.renewPool(o);
    return () => this.renewPool({});
  }

  private renewPool(testOptions: Partial<SessionOptions>): void {
    this.testOptions = testOptions;
    this.pool?.clear();
    this.pool = undefined;
  }

  /** Forgets the resolved connection (settings, trust or the shared files changed). */
  reset(): void {
    this.resolved = undefined;
    this.pool?.clear();
    this.setState('unknown');
    this.changed.fire();
  }

  current(): Promise<Connection> {
    this.resolved ??= this.resolve();
    this.resolved.catch(() => {
      this.resolved = undefined;
    });
    return this.resolved;
  }

  private async resolve(): Promise<Connection> {
    const conn = await this.deps.aws().resolveConnection(this.settings());
    this.showStatus(conn);
    this.log.info(
      `connection: profile ${conn.profile}${conn.profileFound ? '' : ' (not in the shared files)'}, region ${conn.region}` +
        `${conn.endpointUrl ? `, endpoint ${conn.endpointUrl} (from ${conn.endpointSource})` : ''}`,
    );
    return conn;
  }

  async session(): Promise<AwsSession> {
    const conn = await this.current();
    this.pool ??= new (this.deps.aws().SessionPool)({
      log: (line) => this.log.debug(line),
      mfaCodeProvider: (serial) => this.mfaCode(conn.profile, serial),
      ...this.testOptions,
    });
    return this.pool.get(conn);
  }

  private async mfaCode(profile: string, serial: string): Promise<string> {
    const code = await this.deps.prompts.input({
      title: `MFA code for profile ${profile}`,
      prompt: `Enter the code of ${serial}`,
      validate: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Six digits'),
    });
    if (!code) throw new CancelledError('MFA code not entered');
    return code.trim();
  }

  async profiles(): Promise<ProfileInfo[]> {
    return this.deps.aws().listProfiles({ ignoreCache: true });
  }

  setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    if (this.status.text) this.status.text = this.status.text.replace(/^\$\([\w-]+\)/, this.icon());
    void vscode.commands.executeCommand('setContext', 'apigw.connection', state);
  }

  private icon(): string {
    return this.state === 'notConnected' || this.state === 'noCredentials' ? '$(warning)' : '$(cloud)';
  }

  private showStatus(conn: Connection): void {
    this.status.text = `${this.icon()} ${conn.profile} · ${conn.region}`;
    const kind = conn.profileKind ? ` (${conn.profileKind})` : conn.envCredentials ? ' (environment credentials)' : '';
    const sources = { setting: 'apigw.endpointUrl', profile: "the profile's endpoint_url", env: 'AWS_ENDPOINT_URL' };
    const source = conn.endpointSource ? sources[conn.endpointSource] : undefined;
    const tip = renderTooltip({
      title: 'API Gateway connection',
      rows: [
        ['Profile', `${conn.profile}${kind}`],
        ['Region', conn.region],
        ['Endpoint', conn.endpointUrl ? `${conn.endpointUrl} (from ${source ?? 'AWS_ENDPOINT_URL'})` : undefined],
      ],
      notes: ['Click to change the profile or region.'],
    });
    // Shown outside the Runtime's prompts: an endpoint URL with credentials in it is redacted here.
    this.status.tooltip = new vscode.MarkdownString(redact(tip));
    this.status.show();
  }
}
