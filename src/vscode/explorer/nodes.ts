// The explorer's nodes: small classes over one base, each building a fresh TreeItem from its data. Ids follow the
// resource path (connection / API / folder / resource), so a refresh keeps what was expanded.
import type {
  Api,
  ApiMapping,
  Authorizer,
  Deployment,
  DomainName,
  Integration,
  Route,
  Stage,
} from '@aws-sdk/client-apigatewayv2';
import * as vscode from 'vscode';
import type { AwsSession, Connection } from '../../aws/bundle';
import type { Page } from '../../aws/paginate';
import { consoleUrl, invokeUrl, resourceArn, type ResourceKind } from '../../core/awsIds';
import { PROTECTED_TAG } from '../../core/deploy/canonical';
import { describeError, isWorkbenchError } from '../../core/errors';
import { HISTORY_TAG_PREFIX, stageHistory, type HistoryEntry, type StageHistoryView } from '../../core/history';
import type { ExplorerCache, PagedList } from './data';

/** What nodes need from the explorer: the connection, the cache, the page size and a log. */
export interface ExplorerContext {
  readonly cache: ExplorerCache;
  session(): Promise<AwsSession>;
  pageSize(): number;
  /** The connection's credentials could not be found: the view shows its welcome content instead. */
  noCredentials(err: unknown): void;
  /** Renders the tree again from what is cached (no call): routes name their integrations once those are loaded. */
  rerender(): void;
  logError(what: string, err: unknown): void;
}

/** The AWS resource a node stands for: what Copy ID, Copy ARN and Open in Console act on. */
export interface ResourceRef {
  kind: ResourceKind;
  apiId: string;
  id: string;
  region: string;
  /** A human name for messages: route key, stage name, integration target. */
  label: string;
}

export abstract class ExplorerNode {
  abstract readonly id: string;
  constructor(readonly parent: ExplorerNode | undefined) {}
  abstract treeItem(): vscode.TreeItem;
  children(): Promise<ExplorerNode[]> {
    return Promise.resolve([]);
  }
  resource(): ResourceRef | undefined {
    return undefined;
  }
}

function item(label: string | vscode.TreeItemLabel, state = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
  return new vscode.TreeItem(label, state);
}

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;

function md(): vscode.MarkdownString {
  const m = new vscode.MarkdownString(undefined, true);
  m.supportHtml = false;
  return m;
}

function esc(s: unknown): string {
  return String(s ?? '').replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function row(m: vscode.MarkdownString, label: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  m.appendMarkdown(`${label}: \`${String(value).replace(/`/g, "'")}\`  \n`);
}

export function ago(d: Date | undefined, now = Date.now()): string {
  if (!d) return '';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return d.toISOString().slice(0, 10);
}

// ---- placeholders, errors and "Load more…" ---------------------------------------------------------------------

export class MessageNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    readonly label: string,
    readonly kind: 'empty' | 'error' | 'expired',
    readonly detail?: { message: string; hint?: string; what: string },
  ) {
    super(parent);
    this.id = `${parent.id}/#${kind}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this.label);
    if (this.kind === 'empty') {
      t.iconPath = new vscode.ThemeIcon('info');
      t.contextValue = 'apigw.placeholder';
      return t;
    }
    t.iconPath = new vscode.ThemeIcon(
      this.kind === 'expired' ? 'warning' : 'error',
      new vscode.ThemeColor(this.kind === 'expired' ? 'list.warningForeground' : 'list.errorForeground'),
    );
    t.contextValue = 'apigw.error';
    const tip = md();
    tip.appendMarkdown(`**${esc(this.detail?.what ?? 'Error')}**\n\n${esc(this.detail?.message)}`);
    if (this.detail?.hint) tip.appendMarkdown(`\n\n${esc(this.detail.hint)}`);
    t.tooltip = tip;
    t.description = this.kind === 'expired' ? '' : 'click for details';
    t.command = { command: 'apigw.showErrorDetails', title: 'Show Details', arguments: [this] };
    return t;
  }
}

export class LoadMoreNode extends ExplorerNode {
  readonly id: string;
  constructor(readonly owner: ListNode<unknown>) {
    super(owner);
    this.id = `${owner.id}/#more`;
  }

  treeItem(): vscode.TreeItem {
    const t = item('Load more…');
    t.iconPath = new vscode.ThemeIcon('more');
    t.contextValue = 'apigw.loadMore';
    t.tooltip = `Load the next ${'page'} of ${this.owner.what}`;
    t.command = { command: 'apigw.loadMore', title: 'Load More', arguments: [this] };
    return t;
  }
}

/**
 * The one way every node loads its children: the children, a placeholder when there are none, or an error node;
 * never a toast (getChildren runs whenever VS Code renders).
 */
export async function childrenOf(
  ctx: ExplorerContext,
  parent: ExplorerNode,
  what: string,
  empty: string,
  load: () => Promise<ExplorerNode[]>,
): Promise<ExplorerNode[]> {
  try {
    const nodes = await load();
    return nodes.length ? nodes : [new MessageNode(parent, empty, 'empty')];
  } catch (err) {
    ctx.logError(`could not load ${what}`, err);
    if (isWorkbenchError(err) && err.code === 'NoCredentials') ctx.noCredentials(err);
    if (isWorkbenchError(err) && err.code === 'ExpiredToken') {
      return [
        new MessageNode(
          parent,
          `${err.message.replace(/\.$/, '')} — ${err.hint?.replace(/^Run: /, 'run ') ?? 'sign in again'}`,
          'expired',
          { what: `Could not load ${what}`, message: err.message, ...(err.hint ? { hint: err.hint } : {}) },
        ),
      ];
    }
    const message = isWorkbenchError(err) ? err.message : describeError(err);
    return [
      new MessageNode(parent, `Could not load ${what}`, 'error', {
        what: `Could not load ${what}`,
        message,
        ...(isWorkbenchError(err) && err.hint ? { hint: err.hint } : {}),
      }),
    ];
  }
}

/** A node whose children are one paged AWS listing: the items loaded so far, then "Load more…" while pages remain. */
export abstract class ListNode<T> extends ExplorerNode {
  abstract readonly what: string;
  abstract readonly empty: string;
  protected abstract fetch(session: AwsSession, pageSize: number, nextToken: string | undefined): Promise<Page<T>>;
  protected abstract node(item: T): ExplorerNode;
  constructor(
    parent: ExplorerNode | undefined,
    protected readonly ctx: ExplorerContext,
  ) {
    super(parent);
  }

  list(): PagedList<T> {
    return this.ctx.cache.list<T>(this.id, async (token) =>
      this.fetch(await this.ctx.session(), this.ctx.pageSize(), token),
    );
  }

  override children(): Promise<ExplorerNode[]> {
    return childrenOf(this.ctx, this, this.what, this.empty, async () => {
      const l = this.list();
      await l.ensure();
      const nodes = l.items.map((i) => this.node(i));
      if (l.nextToken !== undefined) nodes.push(new LoadMoreNode(this as ListNode<unknown>));
      return nodes;
    });
  }
}

async function page<T>(gen: AsyncGenerator<Page<T>>): Promise<Page<T>> {
  const r = await gen.next();
  await gen.return(undefined);
  return r.done ? { items: [] } : r.value;
}

// ---- connection and APIs ----------------------------------------------------------------------------------------

export class ConnectionNode extends ListNode<Api> {
  readonly id: string;
  readonly what = 'APIs';
  readonly empty: string;
  constructor(
    ctx: ExplorerContext,
    readonly connection: Connection,
  ) {
    super(undefined, ctx);
    this.id = `apigw:${connection.key}`;
    this.empty = `No HTTP or WebSocket APIs in ${connection.region}`;
  }

  treeItem(): vscode.TreeItem {
    const c = this.connection;
    const t = item(`${c.profile} · ${c.region}`, vscode.TreeItemCollapsibleState.Expanded);
    t.iconPath = new vscode.ThemeIcon('cloud');
    t.contextValue = 'apigw.connection';
    if (c.endpointUrl) t.description = c.endpointUrl.replace(/^https?:\/\//, '');
    const tip = md();
    tip.appendMarkdown('**API Gateway v2**\n\n');
    row(tip, 'Profile', c.profile);
    row(tip, 'Region', c.region);
    row(tip, 'Endpoint', c.endpointUrl ? `${c.endpointUrl} (from ${c.endpointSource})` : undefined);
    t.tooltip = tip;
    return t;
  }

  protected async fetch(session: AwsSession, pageSize: number, token: string | undefined): Promise<Page<Api>> {
    await session.checkCredentials();
    return page(session.apigw.apis({ pageSize, ...(token ? { nextToken: token } : {}) }));
  }

  protected node(api: Api): ExplorerNode {
    return new ApiNode(this, this.ctx, api);
  }

  override async children(): Promise<ExplorerNode[]> {
    const apis = await super.children();
    // Custom domains come last, collapsed: nothing is fetched for them until they are expanded.
    return [...apis, new DomainsNode(this, this.ctx)];
  }
}

export class ApiNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly conn: ConnectionNode,
    private readonly ctx: ExplorerContext,
    readonly api: Api,
  ) {
    super(conn);
    this.id = `${conn.id}/${api.ApiId}`;
  }

  get region(): string {
    return this.conn.connection.region;
  }

  get websocket(): boolean {
    return this.api.ProtocolType === 'WEBSOCKET';
  }

  treeItem(): vscode.TreeItem {
    const a = this.api;
    const t = item(a.Name ?? a.ApiId ?? '', Collapsed);
    t.description = `${a.ApiId} · ${a.ProtocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'}`;
    t.iconPath = new vscode.ThemeIcon(this.websocket ? 'plug' : 'globe');
    t.contextValue = this.websocket ? 'apigw.api.websocket' : 'apigw.api.http';
    const tip = md();
    tip.appendMarkdown(`**${esc(a.Name)}** — ${this.websocket ? 'WebSocket' : 'HTTP'} API\n\n`);
    if (a.Description) tip.appendMarkdown(`${esc(a.Description)}\n\n`);
    row(tip, 'ID', a.ApiId);
    row(tip, 'Endpoint', a.ApiEndpoint);
    row(tip, 'Route selection', a.RouteSelectionExpression);
    row(tip, 'Created', a.CreatedDate?.toISOString());
    if (a.DisableExecuteApiEndpoint) row(tip, 'Default endpoint', 'disabled');
    if (a.CorsConfiguration) row(tip, 'CORS origins', (a.CorsConfiguration.AllowOrigins ?? []).join(', ') || '(none)');
    const tags = Object.entries(a.Tags ?? {});
    if (tags.length) row(tip, 'Tags', tags.map(([k, v]) => `${k}=${v}`).join(', '));
    t.tooltip = tip;
    return t;
  }

  override async children(): Promise<ExplorerNode[]> {
    return [
      new RoutesNode(this, this.ctx),
      new IntegrationsNode(this, this.ctx),
      new AuthorizersNode(this, this.ctx),
      new StagesNode(this, this.ctx),
      new DeploymentsNode(this, this.ctx),
    ];
  }

  override resource(): ResourceRef {
    return {
      kind: 'api',
      apiId: this.api.ApiId!,
      id: this.api.ApiId!,
      region: this.region,
      label: this.api.Name ?? this.api.ApiId!,
    };
  }

  folderId(kind: string): string {
    return `${this.id}/${kind}`;
  }

  /** Integrations already loaded (routes name their target's details when they are). */
  cachedIntegrations(): Integration[] {
    return this.ctx.cache.peek<Integration>(this.folderId('integrations'))?.items ?? [];
  }
}

abstract class ApiFolder<T> extends ListNode<T> {
  readonly id: string;
  abstract readonly label: string;
  abstract readonly icon: string;
  constructor(
    readonly api: ApiNode,
    ctx: ExplorerContext,
    readonly kind: string,
  ) {
    super(api, ctx);
    this.id = api.folderId(kind);
  }

  get apiId(): string {
    return this.api.api.ApiId!;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this.label, Collapsed);
    t.iconPath = new vscode.ThemeIcon(this.icon);
    t.contextValue = `apigw.folder.${this.kind}`;
    const l = this.ctx.cache.peek<T>(this.id);
    if (l?.loaded) t.description = `${l.items.length}${l.nextToken !== undefined ? '+' : ''}`;
    return t;
  }
}

// ---- routes -----------------------------------------------------------------------------------------------------

export class RoutesNode extends ApiFolder<Route> {
  readonly label = 'Routes';
  readonly icon = 'symbol-interface';
  readonly what = 'routes';
  readonly empty = 'No routes';
  constructor(api: ApiNode, ctx: ExplorerContext) {
    super(api, ctx, 'routes');
  }
  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.routes(this.apiId, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(r: Route): ExplorerNode {
    return new RouteNode(this, r);
  }
}

export function integrationTarget(i: Integration): string {
  if (i.IntegrationSubtype) return i.IntegrationSubtype;
  const uri = i.IntegrationUri ?? '';
  const fn = /:function:([^:/]+)/.exec(uri)?.[1];
  if (fn) return fn;
  if (/^https?:\/\//.test(uri)) return uri.replace(/^https?:\/\//, '');
  if (i.ConnectionType === 'VPC_LINK') return `VPC link ${i.ConnectionId ?? ''}: ${uri}`;
  return uri || (i.IntegrationType === 'MOCK' ? 'mock' : (i.IntegrationId ?? ''));
}

export class RouteNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly folder: RoutesNode,
    readonly route: Route,
  ) {
    super(folder);
    this.id = `${folder.id}/${route.RouteId}`;
  }

  targetIntegrationId(): string | undefined {
    return /^integrations\/(\w+)$/.exec(this.route.Target ?? '')?.[1];
  }

  treeItem(): vscode.TreeItem {
    const r = this.route;
    const t = item(r.RouteKey ?? r.RouteId ?? '');
    const integ = this.folder.api.cachedIntegrations().find((i) => i.IntegrationId === this.targetIntegrationId());
    const id = this.targetIntegrationId();
    const target = integ ? integrationTarget(integ) : id ? `integrations/${id}` : 'no integration';
    t.description = `${r.AuthorizationType ?? 'NONE'} → ${target}`;
    t.iconPath = new vscode.ThemeIcon(r.AuthorizationType && r.AuthorizationType !== 'NONE' ? 'lock' : 'arrow-right');
    t.contextValue = 'apigw.route';
    const tip = md();
    tip.appendMarkdown(`**${esc(r.RouteKey)}**\n\n`);
    row(tip, 'Route ID', r.RouteId);
    row(tip, 'Authorization', r.AuthorizationType);
    row(tip, 'Authorizer', r.AuthorizerId);
    if (r.AuthorizationScopes?.length) row(tip, 'Scopes', r.AuthorizationScopes.join(', '));
    row(tip, 'API key required', r.ApiKeyRequired ? 'yes' : undefined);
    row(tip, 'Target', r.Target ?? '(none)');
    if (integ)
      row(
        tip,
        'Integration',
        `${integ.IntegrationType}${integ.IntegrationSubtype ? `/${integ.IntegrationSubtype}` : ''} ${integ.IntegrationUri ?? ''}`.trim(),
      );
    else if (id) tip.appendMarkdown('\n_Expand Integrations to see the target by name._');
    row(tip, 'Operation name', r.OperationName);
    t.tooltip = tip;
    return t;
  }

  override resource(): ResourceRef {
    return {
      kind: 'route',
      apiId: this.folder.apiId,
      id: this.route.RouteId!,
      region: this.folder.api.region,
      label: this.route.RouteKey ?? this.route.RouteId!,
    };
  }
}

// ---- integrations -----------------------------------------------------------------------------------------------

export class IntegrationsNode extends ApiFolder<Integration> {
  readonly label = 'Integrations';
  readonly icon = 'plug';
  readonly what = 'integrations';
  readonly empty = 'No integrations';
  constructor(api: ApiNode, ctx: ExplorerContext) {
    super(api, ctx, 'integrations');
  }
  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.integrations(this.apiId, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(i: Integration): ExplorerNode {
    return new IntegrationNode(this, i);
  }

  override async children(): Promise<ExplorerNode[]> {
    const before = this.ctx.cache.peek<Integration>(this.id)?.items.length ?? 0;
    const kids = await super.children();
    const routes = this.ctx.cache.peek<Route>(this.api.folderId('routes'));
    if (routes?.loaded && (this.ctx.cache.peek<Integration>(this.id)?.items.length ?? 0) !== before)
      this.ctx.rerender();
    return kids;
  }
}

export class IntegrationNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly folder: IntegrationsNode,
    readonly integration: Integration,
  ) {
    super(folder);
    this.id = `${folder.id}/${integration.IntegrationId}`;
  }

  treeItem(): vscode.TreeItem {
    const i = this.integration;
    const t = item(integrationTarget(i));
    const type = `${i.IntegrationType ?? ''}${i.IntegrationSubtype ? `/${i.IntegrationSubtype}` : ''}`;
    t.description = [type, i.PayloadFormatVersion ? `payload ${i.PayloadFormatVersion}` : '', i.IntegrationId]
      .filter(Boolean)
      .join(' · ');
    t.iconPath = new vscode.ThemeIcon(
      /:function:/.test(i.IntegrationUri ?? '')
        ? 'symbol-function'
        : i.ConnectionType === 'VPC_LINK'
          ? 'lock'
          : 'link-external',
    );
    t.contextValue = 'apigw.integration';
    const tip = md();
    tip.appendMarkdown(`**${esc(integrationTarget(i))}**\n\n`);
    row(tip, 'Integration ID', i.IntegrationId);
    row(tip, 'Type', type);
    row(tip, 'URI', i.IntegrationUri);
    row(tip, 'Method', i.IntegrationMethod);
    row(tip, 'Payload format', i.PayloadFormatVersion);
    row(tip, 'Connection', i.ConnectionType === 'VPC_LINK' ? `VPC link ${i.ConnectionId}` : i.ConnectionType);
    row(tip, 'Timeout', i.TimeoutInMillis !== undefined ? `${i.TimeoutInMillis} ms` : undefined);
    row(tip, 'Credentials', i.CredentialsArn);
    row(tip, 'Description', i.Description);
    t.tooltip = tip;
    return t;
  }

  override resource(): ResourceRef {
    return {
      kind: 'integration',
      apiId: this.folder.apiId,
      id: this.integration.IntegrationId!,
      region: this.folder.api.region,
      label: integrationTarget(this.integration),
    };
  }
}

// ---- authorizers ------------------------------------------------------------------------------------------------

export class AuthorizersNode extends ApiFolder<Authorizer> {
  readonly label = 'Authorizers';
  readonly icon = 'shield';
  readonly what = 'authorizers';
  readonly empty = 'No authorizers';
  constructor(api: ApiNode, ctx: ExplorerContext) {
    super(api, ctx, 'authorizers');
  }
  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.authorizers(this.apiId, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(a: Authorizer): ExplorerNode {
    return new AuthorizerNode(this, a);
  }
}

export class AuthorizerNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly folder: AuthorizersNode,
    readonly authorizer: Authorizer,
  ) {
    super(folder);
    this.id = `${folder.id}/${authorizer.AuthorizerId}`;
  }

  treeItem(): vscode.TreeItem {
    const a = this.authorizer;
    const t = item(a.Name ?? a.AuthorizerId ?? '');
    t.description = `${a.AuthorizerType} · ${(a.IdentitySource ?? []).join(', ')}`;
    t.iconPath = new vscode.ThemeIcon('shield');
    t.contextValue = 'apigw.authorizer';
    const tip = md();
    tip.appendMarkdown(`**${esc(a.Name)}**\n\n`);
    row(tip, 'Authorizer ID', a.AuthorizerId);
    row(tip, 'Type', a.AuthorizerType);
    row(tip, 'Identity source', (a.IdentitySource ?? []).join(', '));
    row(tip, 'Issuer', a.JwtConfiguration?.Issuer);
    if (a.JwtConfiguration?.Audience?.length) row(tip, 'Audience', a.JwtConfiguration.Audience.join(', '));
    row(tip, 'Lambda', a.AuthorizerUri);
    row(tip, 'Payload format', a.AuthorizerPayloadFormatVersion);
    row(
      tip,
      'Result TTL',
      a.AuthorizerResultTtlInSeconds !== undefined ? `${a.AuthorizerResultTtlInSeconds} s` : undefined,
    );
    t.tooltip = tip;
    return t;
  }

  override resource(): ResourceRef {
    return {
      kind: 'authorizer',
      apiId: this.folder.apiId,
      id: this.authorizer.AuthorizerId!,
      region: this.folder.api.region,
      label: this.authorizer.Name ?? '',
    };
  }
}

// ---- stages -----------------------------------------------------------------------------------------------------

export class StagesNode extends ApiFolder<Stage> {
  readonly label = 'Stages';
  readonly icon = 'layers';
  readonly what = 'stages';
  readonly empty = 'No stages';
  constructor(api: ApiNode, ctx: ExplorerContext) {
    super(api, ctx, 'stages');
  }
  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.stages(this.apiId, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(s: Stage): ExplorerNode {
    return new StageNode(this, s);
  }
}

export class StageNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly folder: StagesNode,
    readonly stage: Stage,
  ) {
    super(folder);
    this.id = `${folder.id}/${stage.StageName}`;
  }

  invokeUrl(): string {
    const api = this.folder.api.api;
    return invokeUrl({
      apiId: api.ApiId!,
      region: this.folder.api.region,
      protocolType: api.ProtocolType ?? 'HTTP',
      stageName: this.stage.StageName!,
      ...(api.ApiEndpoint ? { apiEndpoint: api.ApiEndpoint } : {}),
    });
  }

  /** What the stage ran before, from its history tags (they come with the stages listing: no call). */
  history(): StageHistoryView {
    return stageHistory(this.stage.Tags, this.stage.DeploymentId);
  }

  treeItem(): vscode.TreeItem {
    const s = this.stage;
    const vars = Object.keys(s.StageVariables ?? {}).length;
    const settings = Object.keys(s.RouteSettings ?? {}).length;
    const h = this.history();
    const t = item(
      s.StageName ?? '',
      vars || settings || h.entries.length ? Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    t.description = [
      s.DeploymentId
        ? `deployment ${s.DeploymentId}${h.previous ? ` (previous ${h.previous.deploymentId})` : ''}`
        : 'not deployed',
      s.AutoDeploy ? 'auto-deploy' : '',
      s.LastUpdatedDate ? `updated ${ago(s.LastUpdatedDate)}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    t.iconPath = new vscode.ThemeIcon(s.AutoDeploy ? 'sync' : 'rocket');
    t.contextValue = s.AutoDeploy ? 'apigw.stage.autoDeploy' : 'apigw.stage';
    const tip = md();
    tip.appendMarkdown(`**${esc(s.StageName)}**${s.Description ? ` — ${esc(s.Description)}` : ''}\n\n`);
    row(tip, 'Invoke URL', this.invokeUrl());
    row(tip, 'Deployment', s.DeploymentId ?? '(none)');
    if (h.last?.entry) row(tip, 'Set by', historyText(h.last.entry));
    if (h.outsideChange) row(tip, 'Set by', 'a change outside API Gateway Workbench');
    if (h.previous) row(tip, 'Previous deployment', `${h.previous.deploymentId} (Roll Back Stage returns to it)`);
    row(tip, 'Auto-deploy', s.AutoDeploy ? 'on' : 'off');
    if (s.Tags?.[PROTECTED_TAG] === 'true') row(tip, 'Protected', `yes (tag ${PROTECTED_TAG})`);
    row(tip, 'Last deployment', s.LastDeploymentStatusMessage);
    row(tip, 'Created', s.CreatedDate?.toISOString());
    row(tip, 'Last updated', s.LastUpdatedDate?.toISOString());
    const d = s.DefaultRouteSettings;
    if (d && (d.ThrottlingRateLimit !== undefined || d.ThrottlingBurstLimit !== undefined))
      row(tip, 'Default throttling', `rate ${d.ThrottlingRateLimit ?? '-'}/s, burst ${d.ThrottlingBurstLimit ?? '-'}`);
    if (d?.DetailedMetricsEnabled) row(tip, 'Detailed metrics', 'on');
    row(tip, 'Access logs', s.AccessLogSettings?.DestinationArn);
    if (vars) row(tip, 'Stage variables', vars);
    if (settings) row(tip, 'Route settings', settings);
    const tags = Object.entries(s.Tags ?? {}).filter(([k]) => !k.startsWith(HISTORY_TAG_PREFIX));
    if (tags.length) row(tip, 'Tags', tags.map(([k, v]) => `${k}=${v}`).join(', '));
    t.tooltip = tip;
    return t;
  }

  override async children(): Promise<ExplorerNode[]> {
    const out: ExplorerNode[] = [];
    const vars = Object.entries(this.stage.StageVariables ?? {});
    if (vars.length)
      out.push(
        new DetailGroupNode(
          this,
          'variables',
          'Stage variables',
          'symbol-variable',
          vars.map(([k, v]) => [k, v]),
        ),
      );
    const settings = Object.entries(this.stage.RouteSettings ?? {});
    if (settings.length) {
      out.push(
        new DetailGroupNode(
          this,
          'route-settings',
          'Route settings',
          'settings',
          settings.map(([k, v]) => [
            k,
            [
              v.ThrottlingRateLimit !== undefined ? `rate ${v.ThrottlingRateLimit}/s` : '',
              v.ThrottlingBurstLimit !== undefined ? `burst ${v.ThrottlingBurstLimit}` : '',
              v.DetailedMetricsEnabled ? 'detailed metrics' : '',
              v.LoggingLevel && v.LoggingLevel !== 'OFF' ? `logging ${v.LoggingLevel}` : '',
              v.DataTraceEnabled ? 'data trace' : '',
            ]
              .filter(Boolean)
              .join(', ') || 'defaults',
          ]),
        ),
      );
    }
    const h = this.history();
    if (h.entries.length) out.push(new StageHistoryNode(this, h));
    return out;
  }

  override resource(): ResourceRef {
    return {
      kind: 'stage',
      apiId: this.folder.apiId,
      id: this.stage.StageName!,
      region: this.folder.api.region,
      label: this.stage.StageName!,
    };
  }
}

/** "promote · by alice · 2024-05-03 14:10 UTC" */
function historyText(e: HistoryEntry): string {
  return [e.action, e.by ? `by ${e.by}` : '', e.at ? `${e.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '']
    .filter(Boolean)
    .join(' · ');
}

/** A stage's history (its `apigw:history:N` tags), newest first: which deployment each change set, from which, who, when. */
export class StageHistoryNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly stageNode: StageNode,
    readonly view: StageHistoryView,
  ) {
    super(stageNode);
    this.id = `${stageNode.id}/#history`;
  }

  treeItem(): vscode.TreeItem {
    const t = item('History', Collapsed);
    t.iconPath = new vscode.ThemeIcon('history');
    t.description = String(this.view.entries.length);
    t.contextValue = 'apigw.details';
    t.tooltip = "Promotions, rollbacks and deploys by API Gateway Workbench, from the stage's apigw:history tags";
    return t;
  }

  override async children(): Promise<ExplorerNode[]> {
    const out: ExplorerNode[] = [];
    if (this.view.outsideChange && this.view.current) {
      out.push(
        new HistoryEntryNode(
          this,
          'outside',
          this.view.current,
          'changed outside API Gateway Workbench',
          `${this.view.current} was set outside API Gateway Workbench (console, CLI or another tool): no history entry records it.`,
        ),
      );
    }
    for (const e of this.view.entries) {
      out.push(
        new HistoryEntryNode(
          this,
          String(e.seq),
          e.deploymentId,
          `${e.previous ? `was ${e.previous} · ` : ''}${historyText(e)}`,
          `${e.action} to deployment ${e.deploymentId}${e.previous ? ` (it ran ${e.previous} before)` : ''}${e.by ? ` by ${e.by}` : ''}${e.at ? ` at ${e.at.toISOString()}` : ''}`,
        ),
      );
    }
    return out;
  }
}

export class HistoryEntryNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: StageHistoryNode,
    key: string,
    readonly deploymentId: string,
    readonly text: string,
    readonly tip: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${key}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this.deploymentId);
    t.description = this.text;
    t.tooltip = this.tip;
    t.iconPath = new vscode.ThemeIcon('git-commit');
    t.contextValue = 'apigw.historyEntry';
    return t;
  }
}

/** Key/value rows that come with their parent's data (stage variables, route settings): no call. */
export class DetailGroupNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    kind: string,
    readonly label: string,
    readonly icon: string,
    readonly rows: Array<[string, string]>,
  ) {
    super(parent);
    this.id = `${parent.id}/#${kind}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this.label, Collapsed);
    t.iconPath = new vscode.ThemeIcon(this.icon);
    t.description = String(this.rows.length);
    t.contextValue = 'apigw.details';
    return t;
  }

  override async children(): Promise<ExplorerNode[]> {
    return this.rows.map(([k, v]) => new DetailNode(this, k, v));
  }
}

export class DetailNode extends ExplorerNode {
  readonly id: string;
  constructor(
    parent: ExplorerNode,
    readonly key: string,
    readonly value: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${key}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this.key);
    t.description = this.value;
    t.tooltip = `${this.key} = ${this.value}`;
    t.contextValue = 'apigw.detail';
    return t;
  }
}

// ---- deployments ------------------------------------------------------------------------------------------------

export class DeploymentsNode extends ApiFolder<Deployment> {
  readonly label = 'Deployments';
  readonly icon = 'history';
  readonly what = 'deployments';
  readonly empty = 'No deployments';
  private runs = new Map<string, string[]>();
  constructor(api: ApiNode, ctx: ExplorerContext) {
    super(api, ctx, 'deployments');
  }

  protected async fetch(s: AwsSession, pageSize: number, token: string | undefined): Promise<Page<Deployment>> {
    return page(s.apigw.deployments(this.apiId, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }

  protected node(d: Deployment): ExplorerNode {
    return new DeploymentNode(this, d, this.runs.get(d.DeploymentId ?? '') ?? []);
  }

  override async children(): Promise<ExplorerNode[]> {
    // Which stages run each deployment: the Stages folder's list (at most 10 stages), shared, so fetched at most once.
    const stages = new StagesNode(this.api, this.ctx);
    try {
      const all = await stages.list().all();
      this.runs = new Map();
      for (const s of all)
        if (s.DeploymentId) this.runs.set(s.DeploymentId, [...(this.runs.get(s.DeploymentId) ?? []), s.StageName!]);
    } catch (err) {
      this.ctx.logError('could not load stages for the deployments list', err);
    }
    return super.children();
  }
}

export class DeploymentNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly folder: DeploymentsNode,
    readonly deployment: Deployment,
    readonly stages: string[],
  ) {
    super(folder);
    this.id = `${folder.id}/${deployment.DeploymentId}`;
  }

  treeItem(): vscode.TreeItem {
    const d = this.deployment;
    const t = item(d.DeploymentId ?? '');
    t.description = [
      d.CreatedDate ? d.CreatedDate.toISOString().replace('T', ' ').slice(0, 16) : '',
      d.Description ?? '',
      this.stages.length ? `runs ${this.stages.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    t.iconPath = new vscode.ThemeIcon(this.stages.length ? 'pass-filled' : 'circle-outline');
    t.contextValue = 'apigw.deployment';
    const tip = md();
    tip.appendMarkdown(`**Deployment ${esc(d.DeploymentId)}**\n\n`);
    row(tip, 'Created', d.CreatedDate?.toISOString());
    row(tip, 'Description', d.Description);
    row(tip, 'Status', d.DeploymentStatus);
    row(tip, 'Status message', d.DeploymentStatusMessage);
    row(tip, 'Auto-deployed', d.AutoDeployed ? 'yes' : undefined);
    row(tip, 'Stages running it', this.stages.join(', ') || 'none');
    t.tooltip = tip;
    return t;
  }

  override resource(): ResourceRef {
    return {
      kind: 'deployment',
      apiId: this.folder.apiId,
      id: this.deployment.DeploymentId!,
      region: this.folder.api.region,
      label: this.deployment.DeploymentId!,
    };
  }
}

// ---- custom domains ---------------------------------------------------------------------------------------------

export class DomainsNode extends ListNode<DomainName> {
  readonly id: string;
  readonly what = 'custom domain names';
  readonly empty = 'No custom domain names';
  constructor(
    readonly conn: ConnectionNode,
    ctx: ExplorerContext,
  ) {
    super(conn, ctx);
    this.id = `${conn.id}/#domains`;
  }

  treeItem(): vscode.TreeItem {
    const t = item('Custom domain names', Collapsed);
    t.iconPath = new vscode.ThemeIcon('globe');
    t.contextValue = 'apigw.folder.domains';
    return t;
  }

  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.domainNames({ pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(d: DomainName): ExplorerNode {
    return new DomainNode(this, this.ctx, d);
  }
}

export class DomainNode extends ListNode<ApiMapping> {
  readonly id: string;
  readonly what = 'API mappings';
  readonly empty = 'No API mappings';
  constructor(
    readonly folder: DomainsNode,
    ctx: ExplorerContext,
    readonly domain: DomainName,
  ) {
    super(folder, ctx);
    this.id = `${folder.id}/${domain.DomainName}`;
  }

  treeItem(): vscode.TreeItem {
    const d = this.domain;
    const c = d.DomainNameConfigurations?.[0];
    const t = item(d.DomainName ?? '', Collapsed);
    t.description = [c?.EndpointType, c?.DomainNameStatus].filter(Boolean).join(' · ');
    t.iconPath = new vscode.ThemeIcon('link');
    t.contextValue = 'apigw.domain';
    const tip = md();
    tip.appendMarkdown(`**${esc(d.DomainName)}**\n\n`);
    row(tip, 'Target', c?.ApiGatewayDomainName);
    row(tip, 'Certificate', c?.CertificateArn);
    row(tip, 'Security policy', c?.SecurityPolicy);
    t.tooltip = tip;
    return t;
  }

  protected fetch(s: AwsSession, pageSize: number, token: string | undefined) {
    return page(s.apigw.apiMappings(this.domain.DomainName!, { pageSize, ...(token ? { nextToken: token } : {}) }));
  }
  protected node(m: ApiMapping): ExplorerNode {
    return new ApiMappingNode(this, m);
  }
}

export class ApiMappingNode extends ExplorerNode {
  readonly id: string;
  constructor(
    readonly domain: DomainNode,
    readonly mapping: ApiMapping,
  ) {
    super(domain);
    this.id = `${domain.id}/${mapping.ApiMappingId}`;
  }

  treeItem(): vscode.TreeItem {
    const m = this.mapping;
    const apis = this.domain.folder.conn.list().items;
    const api = apis.find((a) => a.ApiId === m.ApiId);
    const t = item(`/${m.ApiMappingKey ?? ''}`);
    t.description = `→ ${api?.Name ?? m.ApiId} · ${m.Stage}`;
    t.iconPath = new vscode.ThemeIcon('arrow-right');
    t.contextValue = 'apigw.apiMapping';
    t.tooltip = `https://${this.domain.domain.DomainName}/${m.ApiMappingKey ?? ''} → API ${m.ApiId}, stage ${m.Stage}`;
    return t;
  }
}

export function arnOf(r: ResourceRef): string {
  return resourceArn(r.region, r.apiId, r.kind, r.kind === 'api' ? undefined : r.id);
}

export function consoleUrlOf(r: ResourceRef): string {
  return consoleUrl(r.region, r.apiId, r.kind, r.kind === 'api' ? undefined : r.id);
}
