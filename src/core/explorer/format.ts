// What the explorer says about each resource: labels, one-line descriptions and tooltips, from the SDK's output shapes
// (the Live* types name their members as the SDK does, so an SDK `Route` is a `ShownRoute`). Pure, so the unit tier
// tests the wording; src/vscode/explorer only turns these into tree items.
import type {
  LiveApi,
  LiveAuthorizer,
  LiveDomain,
  LiveIntegration,
  LiveIntegrationResponse,
  LiveMapping,
  LiveModel,
  LiveRoute,
  LiveRouteResponse,
  LiveRouteSettings,
  LiveStage,
} from '../deploy/live';
import type { HistoryEntry, StageHistoryView } from '../history';
import { alarmLines, type AlarmInfo, type AlarmState } from '../metrics/alarms';
import { stageSummaryText } from '../metrics/format';
import type { StageSummary } from '../metrics/view';
import type { Protection } from '../promote/protection';
import { isSecretName, redact, REDACTED } from '../redact';
import { cutIndex } from '../text';
import type { Tooltip } from './tooltip';

/** Set on what API Gateway manages: a quick-created API's route, integration and $default stage, a service's API. */
interface Managed {
  ApiGatewayManaged?: boolean;
}
export type ShownApi = LiveApi &
  Managed & { CreatedDate?: Date; DisableSchemaValidation?: boolean; ImportInfo?: string[]; Warnings?: string[] };
export type ShownStage = LiveStage &
  Managed & {
    CreatedDate?: Date;
    LastUpdatedDate?: Date;
    LastDeploymentStatusMessage?: string;
  };
export type ShownRoute = LiveRoute & Managed;
export type ShownIntegration = LiveIntegration & Managed & { IntegrationResponseSelectionExpression?: string };
export type ShownAuthorizer = LiveAuthorizer & { IdentityValidationExpression?: string };
export interface ShownDeployment {
  DeploymentId?: string;
  CreatedDate?: Date;
  Description?: string;
  DeploymentStatus?: string;
  DeploymentStatusMessage?: string;
  AutoDeployed?: boolean;
}
export type ShownDomain = LiveDomain & {
  DomainNameArn?: string;
  RoutingMode?: string;
  MutualTlsAuthentication?: LiveDomain['MutualTlsAuthentication'] & { TruststoreWarnings?: string[] };
  DomainNameConfigurations?: Array<{
    CertificateName?: string;
    CertificateUploadDate?: Date;
    ApiGatewayDomainName?: string;
    DomainNameStatus?: string;
    DomainNameStatusMessage?: string;
  }>;
};

/** "3 min ago", "2 h ago"; past a month, the date. */
export function ago(d: Date | undefined, now = Date.now()): string {
  if (!d) return '';
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return d.toISOString().slice(0, 10);
}

/**
 * A date as the explorer shows it, in UTC and saying so: "2024-05-03 14:10 UTC" in descriptions, with the seconds
 * in tooltips ("2024-05-03 14:10:07 UTC"). AWS's dates are instants; a time without its zone reads as local.
 */
export function dateText(d: Date | undefined, precision: 'minutes' | 'seconds' = 'seconds'): string | undefined {
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return `${d
    .toISOString()
    .slice(0, precision === 'minutes' ? 16 : 19)
    .replace('T', ' ')} UTC`;
}

/** Who manages a resource API Gateway manages; undefined when it is the user's. */
function managedText(m: Managed, what: 'api' | 'part'): string | undefined {
  if (!m.ApiGatewayManaged) return undefined;
  return what === 'api'
    ? 'API Gateway, for the service that created it: that service updates and deletes it'
    : 'API Gateway (quick create): its key and its deletion are API Gateway’s';
}

export function protocolName(protocolType: string | undefined): 'WebSocket' | 'HTTP' {
  return protocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP';
}

function joined(parts: ReadonlyArray<string | undefined | false>, sep = ' · '): string {
  return parts.filter(Boolean).join(sep);
}

/**
 * Where a value comes from at run time, which holds no secret itself: `$request.header.x-api-key`,
 * `${stageVariables.token}`, a WebSocket mapping's `route.request.header.Authorization` or `context.requestId`.
 */
const RUNTIME_REFERENCE =
  /^(?:\$\{?[\w.-]+\}?|(?:route\.request|method\.request|integration\.response|context|stageVariables)\.[\w.-]+)$/;

/**
 * A value as shown beside its name: redacted when the name says it is a secret (`overwrite:header.x-api-key`,
 * `append:header.Authorization`, a stage variable `dbPassword`) and the value is not a reference to a run-time value.
 * AWS returns such values in the clear to whoever may read the API; a label or tooltip is seen by whoever looks.
 */
function shownValue(name: string, value: unknown): string {
  const text = String(value);
  return isSecretName(name) && !RUNTIME_REFERENCE.test(text) ? REDACTED : text;
}

/** "a → b, c → d", in the order AWS gives, secret-named values redacted; undefined when there is none. */
function pairsText(o: Record<string, unknown> | undefined): string | undefined {
  const entries = Object.entries(o ?? {});
  return entries.length ? entries.map(([k, v]) => `${k} → ${shownValue(k, v)}`).join(', ') : undefined;
}

/** A stage's variables as the explorer lists them (name, value), secret-named values redacted. */
export function stageVariableRows(vars: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(vars ?? {}).map(([k, v]) => [k, shownValue(k, v)]);
}

/** Route and route response parameters: "route.request.querystring.id (required), …". */
function parameterNames(o: Record<string, { Required?: boolean }> | undefined): string | undefined {
  const entries = Object.entries(o ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}${v.Required ? ' (required)' : ''}`).join(', ') : undefined;
}

/** The content types a set of mapping templates is for ("application/json, text/plain"). */
function keysText(o: Record<string, unknown> | undefined): string | undefined {
  const keys = Object.keys(o ?? {});
  return keys.length ? keys.join(', ') : undefined;
}

/** An HTTP API integration's response parameters: "500: overwrite:statuscode → 503; 404: …". */
function responseMappingsText(o: Record<string, Record<string, string>> | undefined): string | undefined {
  const entries = Object.entries(o ?? {});
  return entries.length ? entries.map(([status, m]) => `${status}: ${pairsText(m) ?? ''}`).join('; ') : undefined;
}

function tagsText(tags: Record<string, string> | undefined, skip: (key: string) => boolean = () => false): string {
  return Object.entries(tags ?? {})
    .filter(([k]) => !skip(k))
    .map(([k, v]) => `${k}=${shownValue(k, v)}`)
    .join(', ');
}

// ---- connection and APIs ----------------------------------------------------------------------------------------

export interface ShownConnection {
  profile: string;
  region: string;
  endpointUrl?: string;
  endpointSource?: string;
}

export function connectionTooltip(c: ShownConnection): Tooltip {
  return {
    title: 'API Gateway v2',
    rows: [
      ['Profile', c.profile],
      ['Region', c.region],
      ['Endpoint', c.endpointUrl ? `${c.endpointUrl} (from ${c.endpointSource})` : undefined],
    ],
  };
}

/** "a1b2c3d4e5 · HTTP", and "managed" or "2 import warnings" when AWS says so. */
export function apiDescription(a: ShownApi): string {
  const warnings = a.Warnings?.length ?? 0;
  return joined([
    `${a.ApiId} · ${protocolName(a.ProtocolType)}`,
    a.ApiGatewayManaged && 'managed',
    warnings > 0 && `${warnings} import warning${warnings === 1 ? '' : 's'}`,
  ]);
}

export function apiTooltip(a: ShownApi): Tooltip {
  return {
    title: a.Name ?? '',
    subtitle: `${protocolName(a.ProtocolType)} API`,
    paragraphs: a.Description ? [a.Description] : [],
    rows: [
      ['ID', a.ApiId],
      ['Version', a.Version],
      ['Endpoint', a.ApiEndpoint],
      ['Route selection', a.RouteSelectionExpression],
      ['API key selection', a.ApiKeySelectionExpression],
      ['IP address type', a.IpAddressType],
      ['Created', dateText(a.CreatedDate)],
      ['Managed by', managedText(a, 'api')],
      ['Default endpoint', a.DisableExecuteApiEndpoint ? 'disabled' : undefined],
      ['Model validation', a.DisableSchemaValidation ? 'off when deploying' : undefined],
      ['Import info', a.ImportInfo?.join('; ')],
      ['Import warnings', a.Warnings?.join('; ')],
      [
        'CORS origins',
        a.CorsConfiguration ? (a.CorsConfiguration.AllowOrigins ?? []).join(', ') || '(none)' : undefined,
      ],
      ['CORS methods', a.CorsConfiguration?.AllowMethods?.join(', ')],
      ['CORS headers', a.CorsConfiguration?.AllowHeaders?.join(', ')],
      ['CORS exposed headers', a.CorsConfiguration?.ExposeHeaders?.join(', ')],
      ['CORS max age', a.CorsConfiguration?.MaxAge !== undefined ? `${a.CorsConfiguration.MaxAge} s` : undefined],
      ['CORS credentials', a.CorsConfiguration?.AllowCredentials ? 'allowed' : undefined],
      ['Tags', tagsText(a.Tags)],
    ],
  };
}

// ---- integrations -----------------------------------------------------------------------------------------------

/** What an integration calls, as a person names it (a password in its URL redacted): the function, the host… */
export function integrationTarget(i: ShownIntegration): string {
  return redact(targetText(i));
}

function targetText(i: ShownIntegration): string {
  if (i.IntegrationSubtype) return i.IntegrationSubtype;
  const uri = i.IntegrationUri ?? '';
  const fn = /:function:([^:/]+)/.exec(uri)?.[1];
  if (fn) return fn;
  if (/^https?:\/\//.test(uri)) return uri.replace(/^https?:\/\//, '');
  if (i.ConnectionType === 'VPC_LINK') return `VPC link ${i.ConnectionId ?? ''}: ${uri}`;
  return uri || (i.IntegrationType === 'MOCK' ? 'mock' : (i.IntegrationId ?? ''));
}

/** "AWS_PROXY", "AWS_PROXY/SQS-SendMessage" */
export function integrationType(i: ShownIntegration): string {
  return `${i.IntegrationType ?? ''}${i.IntegrationSubtype ? `/${i.IntegrationSubtype}` : ''}`;
}

export function integrationDescription(i: ShownIntegration): string {
  return joined([
    integrationType(i),
    i.PayloadFormatVersion ? `payload ${i.PayloadFormatVersion}` : '',
    i.IntegrationId,
    i.ApiGatewayManaged && 'managed',
  ]);
}

export function integrationTooltip(i: ShownIntegration): Tooltip {
  return {
    title: integrationTarget(i),
    rows: [
      ['Integration ID', i.IntegrationId],
      ['Type', integrationType(i)],
      ['URI', i.IntegrationUri],
      ['Method', i.IntegrationMethod],
      ['Payload format', i.PayloadFormatVersion],
      ['Connection', i.ConnectionType === 'VPC_LINK' ? `VPC link ${i.ConnectionId}` : i.ConnectionType],
      ['Timeout', i.TimeoutInMillis !== undefined ? `${i.TimeoutInMillis} ms` : undefined],
      ['Credentials', i.CredentialsArn],
      ['TLS server name', i.TlsConfig?.ServerNameToVerify],
      ['Request parameters', pairsText(i.RequestParameters)],
      ['Request templates', keysText(i.RequestTemplates)],
      ['Template selection', i.TemplateSelectionExpression],
      ['Integration response selection', i.IntegrationResponseSelectionExpression],
      ['Passthrough', i.PassthroughBehavior],
      ['Content handling', i.ContentHandlingStrategy],
      ['Response parameters', responseMappingsText(i.ResponseParameters)],
      ['Description', i.Description],
      ['Managed by', managedText(i, 'part')],
    ],
  };
}

/** A WebSocket integration's response (non-proxy integrations): "$default · 2 templates". */
export function integrationResponseDescription(r: LiveIntegrationResponse): string {
  const templates = Object.keys(r.ResponseTemplates ?? {}).length;
  return joined([
    templates > 0 && `${templates} template${templates === 1 ? '' : 's'}`,
    r.ContentHandlingStrategy,
    r.IntegrationResponseId,
  ]);
}

export function integrationResponseTooltip(r: LiveIntegrationResponse): Tooltip {
  return {
    title: r.IntegrationResponseKey ?? '',
    subtitle: 'integration response',
    rows: [
      ['Integration response ID', r.IntegrationResponseId],
      ['Template selection', r.TemplateSelectionExpression],
      ['Response templates', keysText(r.ResponseTemplates)],
      ['Response parameters', pairsText(r.ResponseParameters)],
      ['Content handling', r.ContentHandlingStrategy],
    ],
  };
}

// ---- routes -----------------------------------------------------------------------------------------------------

/** The integration a route targets (`integrations/abc1234`), if it targets one. */
export function routeIntegrationId(r: ShownRoute): string | undefined {
  return /^integrations\/(\w+)$/.exec(r.Target ?? '')?.[1];
}

export function routeAuthorized(r: ShownRoute): boolean {
  return Boolean(r.AuthorizationType && r.AuthorizationType !== 'NONE');
}

/** "JWT → orders-fn"; the integration's id until the integrations are loaded. */
export function routeDescription(r: ShownRoute, target: ShownIntegration | undefined): string {
  const id = routeIntegrationId(r);
  const to = target ? integrationTarget(target) : id ? `integrations/${id}` : 'no integration';
  return joined([`${r.AuthorizationType ?? 'NONE'} → ${to}`, r.ApiGatewayManaged && 'managed']);
}

export function routeTooltip(r: ShownRoute, target: ShownIntegration | undefined): Tooltip {
  const pending = !target && routeIntegrationId(r) !== undefined;
  return {
    title: r.RouteKey ?? '',
    rows: [
      ['Route ID', r.RouteId],
      ['Authorization', r.AuthorizationType],
      ['Authorizer', r.AuthorizerId],
      ['Scopes', r.AuthorizationScopes?.length ? r.AuthorizationScopes.join(', ') : undefined],
      ['API key required', r.ApiKeyRequired ? 'yes' : undefined],
      ['Request parameters', parameterNames(r.RequestParameters)],
      ['Target', r.Target ?? '(none)'],
      ['Integration', target ? `${integrationType(target)} ${target.IntegrationUri ?? ''}`.trim() : undefined],
      ['Operation name', r.OperationName],
      ['Model selection', r.ModelSelectionExpression],
      [
        'Request models',
        r.RequestModels && Object.keys(r.RequestModels).length
          ? Object.entries(r.RequestModels)
              .map(([k, m]) => `${k} → ${m}`)
              .join(', ')
          : undefined,
      ],
      ['Route responses', r.RouteResponseSelectionExpression],
      ['Managed by', managedText(r, 'part')],
    ],
    notes: pending ? ['Expand Integrations to see the target by name.'] : [],
  };
}

/** A WebSocket route's response (two-way routes): "model selection $request.body.type · rr1". */
export function routeResponseDescription(r: LiveRouteResponse): string {
  const models = Object.values(r.ResponseModels ?? {});
  return joined([models.length > 0 && `model ${models.join(', ')}`, r.RouteResponseId]);
}

export function routeResponseTooltip(r: LiveRouteResponse): Tooltip {
  return {
    title: r.RouteResponseKey ?? '',
    subtitle: 'route response',
    rows: [
      ['Route response ID', r.RouteResponseId],
      ['Model selection', r.ModelSelectionExpression],
      ['Response models', pairsText(r.ResponseModels)],
      ['Response parameters', parameterNames(r.ResponseParameters)],
    ],
  };
}

// ---- models (WebSocket APIs) ------------------------------------------------------------------------------------

/** How much of a model's JSON Schema a tooltip shows. */
const SCHEMA_SHOWN = 300;

/** The start of a long text with "…", cut between characters: a surrogate pair (an emoji) is never split. */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, cutIndex(text, max))}…`;
}

export function modelDescription(m: LiveModel): string {
  return joined([m.ContentType, m.ModelId]);
}

export function modelTooltip(m: LiveModel): Tooltip {
  const schema = (m.Schema ?? '').replace(/\s+/g, ' ').trim();
  return {
    title: m.Name ?? '',
    subtitle: 'model',
    paragraphs: m.Description ? [m.Description] : [],
    rows: [
      ['Model ID', m.ModelId],
      ['Content type', m.ContentType],
      ['Schema', clipped(schema, SCHEMA_SHOWN)],
    ],
  };
}

// ---- authorizers ------------------------------------------------------------------------------------------------

export function authorizerDescription(a: ShownAuthorizer): string {
  return `${a.AuthorizerType} · ${(a.IdentitySource ?? []).join(', ')}`;
}

export function authorizerTooltip(a: ShownAuthorizer): Tooltip {
  return {
    title: a.Name ?? '',
    rows: [
      ['Authorizer ID', a.AuthorizerId],
      ['Type', a.AuthorizerType],
      ['Identity source', (a.IdentitySource ?? []).join(', ')],
      ['Identity validation', a.IdentityValidationExpression],
      ['Issuer', a.JwtConfiguration?.Issuer],
      ['Audience', a.JwtConfiguration?.Audience?.length ? a.JwtConfiguration.Audience.join(', ') : undefined],
      ['Lambda', a.AuthorizerUri],
      ['Payload format', a.AuthorizerPayloadFormatVersion],
      ['Simple responses', a.EnableSimpleResponses ? 'yes' : undefined],
      ['Result TTL', a.AuthorizerResultTtlInSeconds !== undefined ? `${a.AuthorizerResultTtlInSeconds} s` : undefined],
      ['Credentials', a.AuthorizerCredentialsArn],
    ],
  };
}

// ---- stages -----------------------------------------------------------------------------------------------------

export function protectionText(p: Protection): string {
  return p.by === 'spec' ? `yes (protected: true in ${p.detail})` : `yes (tag ${p.detail})`;
}

/** "deployment abc123 (previous def456) · auto-deploy · updated 3 min ago · protected" */
export function stageDescription(
  s: ShownStage,
  h: StageHistoryView,
  protection: Protection | undefined,
  now = Date.now(),
): string {
  return joined([
    s.DeploymentId
      ? `deployment ${s.DeploymentId}${h.previous ? ` (previous ${h.previous.deploymentId})` : ''}`
      : 'not deployed',
    s.AutoDeploy && 'auto-deploy',
    s.LastUpdatedDate && `updated ${ago(s.LastUpdatedDate, now)}`,
    protection && 'protected',
    s.ApiGatewayManaged && 'managed',
  ]);
}

/** "promote · by alice · 2024-05-03 14:10 UTC" */
export function historyText(e: HistoryEntry): string {
  return joined([e.action, e.by && `by ${e.by}`, dateText(e.at, 'minutes')]);
}

/** A WebSocket stage's execution logging: "INFO, with full request and response data". */
function executionLogsText(d: LiveRouteSettings | undefined): string | undefined {
  if (!d?.LoggingLevel) return undefined;
  return `${d.LoggingLevel}${d.DataTraceEnabled ? ', with full request and response data' : ''}`;
}

function throttlingText(d: LiveRouteSettings | undefined): string | undefined {
  if (!d || (d.ThrottlingRateLimit === undefined && d.ThrottlingBurstLimit === undefined)) return undefined;
  return `rate ${d.ThrottlingRateLimit ?? '-'}/s, burst ${d.ThrottlingBurstLimit ?? '-'}`;
}

export function stageTooltip(
  s: ShownStage,
  h: StageHistoryView,
  invokeUrl: string,
  protection: Protection | undefined,
): Tooltip {
  const count = (o: object | undefined) => Object.keys(o ?? {}).length || undefined;
  return {
    title: s.StageName ?? '',
    ...(s.Description ? { subtitle: s.Description } : {}),
    rows: [
      ['Invoke URL', invokeUrl],
      ['Deployment', s.DeploymentId ?? '(none)'],
      ['Set by', h.last?.entry ? historyText(h.last.entry) : undefined],
      ['Set by', h.outsideChange ? 'a change outside API Gateway Workbench' : undefined],
      ['Previous deployment', h.previous ? `${h.previous.deploymentId} (Roll Back Stage returns to it)` : undefined],
      ['Auto-deploy', s.AutoDeploy ? 'on' : 'off'],
      ['Protected', protection ? protectionText(protection) : undefined],
      ['Last deployment', s.LastDeploymentStatusMessage],
      ['Created', dateText(s.CreatedDate)],
      ['Last updated', dateText(s.LastUpdatedDate)],
      ['Managed by', managedText(s, 'part')],
      ['Default throttling', throttlingText(s.DefaultRouteSettings)],
      ['Detailed metrics', s.DefaultRouteSettings?.DetailedMetricsEnabled ? 'on' : undefined],
      ['Execution logs', executionLogsText(s.DefaultRouteSettings)],
      ['Client certificate', s.ClientCertificateId],
      ['Access logs', s.AccessLogSettings?.DestinationArn],
      ['Stage variables', count(s.StageVariables)],
      ['Route settings', count(s.RouteSettings)],
      ['Tags', tagsText(s.Tags, (k) => k.startsWith('apigw:history:'))],
    ],
  };
}

/** One route's settings: "rate 100/s, burst 50, detailed metrics"; "defaults" when none is set. */
export function routeSettingsText(v: LiveRouteSettings): string {
  return (
    [
      v.ThrottlingRateLimit !== undefined ? `rate ${v.ThrottlingRateLimit}/s` : '',
      v.ThrottlingBurstLimit !== undefined ? `burst ${v.ThrottlingBurstLimit}` : '',
      v.DetailedMetricsEnabled ? 'detailed metrics' : '',
      v.LoggingLevel && v.LoggingLevel !== 'OFF' ? `logging ${v.LoggingLevel}` : '',
      v.DataTraceEnabled ? 'data trace' : '',
    ]
      .filter(Boolean)
      .join(', ') || 'defaults'
  );
}

/** A history entry's row: its deployment, and "was X · promote · by alice · …" with a sentence for the tooltip. */
export function historyEntryText(e: HistoryEntry): { description: string; tooltip: string } {
  return {
    description: `${e.previous ? `was ${e.previous} · ` : ''}${historyText(e)}`,
    tooltip:
      `${e.action} to deployment ${e.deploymentId}${e.previous ? ` (it ran ${e.previous} before)` : ''}` +
      `${e.by ? ` by ${e.by}` : ''}${e.at ? ` at ${dateText(e.at)}` : ''}`,
  };
}

export function outsideChangeText(current: string): { description: string; tooltip: string } {
  return {
    description: 'changed outside API Gateway Workbench',
    tooltip: `${current} was set outside API Gateway Workbench (console, CLI or another tool): no history entry records it.`,
  };
}

// ---- deployments ------------------------------------------------------------------------------------------------

/** "2024-05-03 14:10 UTC · first release · runs dev, prod" */
export function deploymentDescription(d: ShownDeployment, stages: readonly string[]): string {
  return joined([dateText(d.CreatedDate, 'minutes'), d.Description, stages.length > 0 && `runs ${stages.join(', ')}`]);
}

export function deploymentTooltip(d: ShownDeployment, stages: readonly string[]): Tooltip {
  return {
    title: `Deployment ${d.DeploymentId ?? ''}`,
    rows: [
      ['Created', dateText(d.CreatedDate)],
      ['Description', d.Description],
      ['Status', d.DeploymentStatus],
      ['Status message', d.DeploymentStatusMessage],
      ['Auto-deployed', d.AutoDeployed ? 'yes' : undefined],
      ['Stages running it', stages.join(', ') || 'none'],
    ],
  };
}

// ---- custom domains ---------------------------------------------------------------------------------------------

export function domainDescription(d: ShownDomain): string {
  const c = d.DomainNameConfigurations?.[0];
  return joined([c?.EndpointType, c?.DomainNameStatus, d.MutualTlsAuthentication?.TruststoreUri ? 'mutual TLS' : '']);
}

export function domainTooltip(d: ShownDomain): Tooltip {
  const c = d.DomainNameConfigurations?.[0];
  return {
    title: d.DomainName ?? '',
    rows: [
      ['ARN', d.DomainNameArn],
      ['Endpoint type', c?.EndpointType],
      ['Target', c?.ApiGatewayDomainName],
      ['Certificate', c?.CertificateArn],
      ['Certificate name', c?.CertificateName],
      ['Certificate uploaded', dateText(c?.CertificateUploadDate)],
      ['Status', c?.DomainNameStatusMessage],
      ['Security policy', c?.SecurityPolicy],
      ['IP address type', c?.IpAddressType],
      ['Ownership verification certificate', c?.OwnershipVerificationCertificateArn],
      ['Mutual TLS truststore', d.MutualTlsAuthentication?.TruststoreUri],
      ['Truststore version', d.MutualTlsAuthentication?.TruststoreVersion],
      // What API Gateway found wrong in the truststore when the domain was last updated (expired, weak algorithms).
      ['Truststore warnings', d.MutualTlsAuthentication?.TruststoreWarnings?.join('; ')],
      ['Routing mode', d.RoutingMode],
      ['Tags', tagsText(d.Tags)],
    ],
  };
}

/** "/orders", "→ orders-api · prod" and the sentence for the tooltip. */
export function mappingText(
  domain: string,
  m: LiveMapping,
  apiName: string | undefined,
): { label: string; description: string; tooltip: string } {
  const path = m.ApiMappingKey ?? '';
  return {
    label: `/${path}`,
    description: `→ ${apiName ?? m.ApiId} · ${m.Stage}`,
    tooltip: `https://${domain}/${path} → API ${m.ApiId}, stage ${m.Stage}`,
  };
}

// ---- a spec running locally (Run Spec Locally) -------------------------------------------------------------------

/** A route of a spec served by the local API, with what plays its integration there. */
export interface ShownLocalRoute {
  key: string;
  /** The integration's name in the spec. */
  integration?: string;
  /** `orders-dev`, for a Lambda proxy integration. */
  functionName?: string;
  /** `src/orders.ts#handler` or `proxy http://…` from the mapping file; undefined when the function has no mapping. */
  handler?: string;
  /** The integration's type when it is not a Lambda function (HTTP_PROXY, MOCK, SQS-SendMessage…). */
  kind?: string;
}

/** A local API as the explorer shows it. */
export interface ShownLocalApi {
  name: string;
  protocol: 'HTTP' | 'WEBSOCKET';
  stage: string;
  /** The invoke URL (`http://127.0.0.1:3000/dev`, or `ws://…`). */
  url: string;
  /** The spec file, relative to the workspace. */
  specFile: string;
  routes: readonly ShownLocalRoute[];
  requests: number;
}

export function localApiLabel(a: ShownLocalApi): string {
  return `Local: ${a.name}`;
}

export function localApiTooltip(a: ShownLocalApi): Tooltip {
  return {
    title: `${a.name} (local)`,
    subtitle: `${protocolName(a.protocol)} API`,
    rows: [
      ['URL', a.url],
      ['Stage', a.stage],
      ['Spec', a.specFile],
      ['Routes', a.routes.length],
      ['Requests', a.requests],
    ],
    notes: [
      'Served on this machine by Run Spec Locally; click the status bar item to stop or restart it.',
      ...(a.protocol === 'WEBSOCKET' ? ['Connect (its menu) opens a WebSocket session to it.'] : []),
    ],
  };
}

/** A local API where a picker offers it beside the deployed stages: `Local · chat-api · ws://127.0.0.1:3001/dev`. */
export function localTargetLabel(a: { readonly name: string; readonly url: string }): string {
  return `Local · ${a.name} · ${a.url}`;
}

/** "→ orders-dev (src/orders.ts#handler)", "→ orders-dev: no local handler", "→ HTTP_PROXY catalog-http". */
export function localRouteDescription(r: ShownLocalRoute): string {
  if (!r.integration) return 'no integration';
  if (r.functionName) return r.handler ? `→ ${r.functionName} (${r.handler})` : `→ ${r.functionName}: no local handler`;
  return `→ ${joined([r.kind, r.integration], ' ')}`;
}

export function localRouteTooltip(r: ShownLocalRoute, api: ShownLocalApi): Tooltip {
  return {
    title: r.key,
    rows: [
      ['Integration', r.integration ?? '(none)'],
      ['Type', r.kind],
      ['Lambda function', r.functionName],
      ['Local handler', r.functionName ? (r.handler ?? 'none: the route answers 500') : undefined],
      ['Served at', api.url],
    ],
    notes: r.functionName && !r.handler ? ['Add the function to the mapping file (a quick fix in the spec).'] : [],
  };
}

// ---- at a glance: a stage's last hour and the alarms that watch an API or a stage -------------------------------

/**
 * A description with the glance after it: `ALARM` where an alarm fires, then the last hour (`1.2k req · 0.4% 5xx ·
 * p99 210 ms`). A stage without traffic in the hour adds nothing: no data is not zero, and says nothing new.
 */
export function glanceDescription(
  base: string,
  o: { summary?: StageSummary | undefined; alarm?: AlarmState | undefined },
): string {
  const hour = o.summary && o.summary.requests ? stageSummaryText(o.summary) : undefined;
  return joined([base, o.alarm === 'ALARM' && 'ALARM', hour]);
}

/** The tooltip with the alarms watching the node, worst first (`ALARM  orders-5xx: 5xx Sum > 10`). */
export function withAlarms(t: Tooltip, alarms: readonly AlarmInfo[] | undefined): Tooltip {
  if (!alarms || alarms.length === 0) return t;
  return { ...t, rows: [...(t.rows ?? []), ...alarmLines(alarms).map((line) => ['Alarm', line] as const)] };
}

/** The tooltip with the stage's last hour in words. */
export function withLastHour(t: Tooltip, s: StageSummary | undefined): Tooltip {
  if (!s) return t;
  return { ...t, rows: [...(t.rows ?? []), ['Last hour', stageSummaryText(s)] as const] };
}
