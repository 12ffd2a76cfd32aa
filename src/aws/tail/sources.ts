// Which log groups belong to a stage: its access logs (AccessLogSettings.DestinationArn), the Lambda functions its
// routes' integrations and its authorizers call (whatever alias, version or invocation URI names them, stage
// variables resolved; each function's group as Lambda names it, src/aws/lambda.ts, else /aws/lambda/NAME), and for
// WebSocket APIs the execution logs where the stage turns them on. A group several functions share is one source.
// Groups that do not exist yet (a function that never ran) are reported, not tailed: live tail refuses them.
import type { GetApiResponse as Api, GetStageResponse as Stage } from '@aws-sdk/client-apigatewayv2';
import { lambdaFunctionOf } from '../../core/awsIds';
import { elsewhere, homeOf, type Home } from '../logHome';
import { isWorkbenchError } from '../../core/errors';
import type { TailSource } from '../../core/tail/event';
import type { ApiGatewayAdapter } from '../apigateway';
import {
  assumedReason,
  defaultLogGroup,
  functionLogGroups,
  type FunctionGroups,
  type FunctionRef,
  type LambdaAdapter,
} from '../lambda';
import { logGroupName, type LogsAdapter } from '../logs';
import { all, mapLimit } from '../paginate';

/** What a tail says about a source: why it is not tailed (yet), or what it assumed about one it tails. */
export interface TailNote {
  source: TailSource;
  reason: string;
  /** The sources it names are tailed: only their log group is assumed (src/aws/lambda.ts, assumedReason). */
  assumed?: true;
}

export interface StageLogs {
  api: Api;
  stage: Stage;
  /** The access log group the stage writes to; undefined when access logging is off. */
  accessLogGroup?: string;
  /** Groups that exist, ready to tail: access first, then functions by name, then execution logs. */
  sources: TailSource[];
  /** Groups the stage would log to that do not exist (yet), or that this tail cannot read; and what it assumed. */
  missing: TailNote[];
  /**
   * The missing groups that will exist here once written to (a function's on its first invocation): a tail waits
   * for them (TailOptions.pending) instead of leaving them out.
   */
  pending: TailSource[];
}

export interface DiscoverOptions {
  /** The Lambda functions of integrations and authorizers (default true). */
  functions?: boolean;
  /** WebSocket execution logs where enabled (default true). */
  executionLogs?: boolean;
  /** Only the functions this route's integration and authorizer call (a route's metrics panel). */
  routeKey?: string;
  signal?: AbortSignal;
}

export function executionLogGroup(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

/** WebSocket stages write execution logs when a logging level (INFO or ERROR) is set by default or on a route. */
export function executionLoggingEnabled(stage: Stage): boolean {
  const on = (l: string | undefined) => l === 'INFO' || l === 'ERROR';
  return (
    on(stage.DefaultRouteSettings?.LoggingLevel) ||
    Object.values(stage.RouteSettings ?? {}).some((r) => on(r.LoggingLevel))
  );
}

type DiscoverSession = {
  apigw: Pick<ApiGatewayAdapter, 'getApi' | 'getStage' | 'integrations' | 'routes' | 'authorizers'>;
  logs: Pick<LogsAdapter, 'logGroups'>;
  /** Where each function sends its logs (GetFunctionConfiguration). */
  lambda: Pick<LambdaAdapter, 'logGroup'>;
  /** The region the tail reads: a function of another region logs there, not here. */
  connection?: { region: string };
};

export async function discoverStageLogs(
  s: DiscoverSession,
  apiId: string,
  stageName: string,
  o: DiscoverOptions = {},
): Promise<StageLogs> {
  const signal = o.signal;
  const [api, stage] = await Promise.all([s.apigw.getApi(apiId, signal), s.apigw.getStage(apiId, stageName, signal)]);
  const candidates = new Map<string, TailSource>();
  const destination = stage.AccessLogSettings?.DestinationArn;
  const accessLogGroup = destination ? logGroupName(destination) : undefined;
  if (accessLogGroup)
    addCandidate(candidates, {
      kind: 'access',
      logGroupName: accessLogGroup,
      label: 'access',
      detail: 'access logs (AccessLogSettings)',
      ...(stage.AccessLogSettings?.Format ? { accessFormat: stage.AccessLogSettings.Format } : {}),
    });
  const notes: TailNote[] = [];
  if (o.functions !== false) {
    const home = homeOf(s, destination, signal);
    const of = { apiId, stage, stageName, routeKey: o.routeKey, home };
    const functions = await functionSources(s, of, notes, signal);
    for (const f of functions) addCandidate(candidates, f);
  }
  if (o.executionLogs !== false && api.ProtocolType === 'WEBSOCKET' && executionLoggingEnabled(stage)) {
    addCandidate(candidates, {
      kind: 'execution',
      logGroupName: executionLogGroup(apiId, stageName),
      label: 'execution',
      detail: `execution logs (${stage.DefaultRouteSettings?.LoggingLevel ?? 'per route'})`,
    });
  }
  const pending: TailSource[] = [];
  const sources = await existingSources(s.logs, [...candidates.values()], notes, pending, signal);
  return { api, stage, ...(accessLogGroup ? { accessLogGroup } : {}), sources, missing: notes, pending };
}

/**
 * One source per log group: a second source of the same group adds its detail to the first, and a second function
 * logging to it (a custom group several functions share) its name to the label.
 */
function addCandidate(candidates: Map<string, TailSource>, src: TailSource): void {
  const known = candidates.get(src.logGroupName);
  if (!known) {
    candidates.set(src.logGroupName, src);
    return;
  }
  if (src.detail && known.detail && !known.detail.includes(src.detail)) known.detail = `${known.detail}; ${src.detail}`;
  if (known.kind === 'function' && src.kind === 'function' && !known.label.split('+').includes(src.label))
    known.label = `${known.label}+${src.label}`;
}

/** The line a tail prints for a note (the CLI on stderr, the editor in its channel). */
export function noteText(found: Pick<StageLogs, 'pending'>, note: TailNote): string {
  const what = `${note.source.label}${note.source.logGroupName ? ` ${note.source.logGroupName}` : ''}`;
  if (note.assumed) return `${what}: ${note.reason}`;
  return found.pending.includes(note.source)
    ? `waiting for ${what}: ${note.reason}; tailed once it exists`
    : `not tailed: ${what}: ${note.reason}`;
}

type FoundFunction = { src: TailSource; fn: FunctionRef & { region?: string; account?: string } };

/**
 * The Lambda functions the stage's routes and authorizers call, sorted by name, each with the log group Lambda says
 * it writes to; unresolvable ones become notes, and so do groups that are only assumed (one note per reason).
 */
async function functionSources(
  s: DiscoverSession,
  of: { apiId: string; stage: Stage; stageName: string; routeKey: string | undefined; home: Home },
  notes: TailNote[],
  signal: AbortSignal | undefined,
): Promise<TailSource[]> {
  const { apiId, stage, stageName } = of;
  const page = { pageSize: 100, ...(signal ? { signal } : {}) };
  const [integrations, allRoutes, allAuthorizers] = await Promise.all([
    all(s.apigw.integrations(apiId, page)),
    all(s.apigw.routes(apiId, page)),
    all(s.apigw.authorizers(apiId, page)),
  ]);
  const routes = of.routeKey === undefined ? allRoutes : allRoutes.filter((r) => r.RouteKey === of.routeKey);
  const authorizers =
    of.routeKey === undefined ? allAuthorizers : allAuthorizers.filter((a) => isAuthorizerOf(routes, a.AuthorizerId));
  const vars = stage.StageVariables ?? {};
  const targeted = routeKeysByIntegration(routes);
  const functions: FoundFunction[] = [];
  for (const i of integrations) {
    const keys = targeted.get(i.IntegrationId ?? '');
    if (!keys || (i.IntegrationType !== 'AWS_PROXY' && i.IntegrationType !== 'AWS') || i.IntegrationSubtype) continue;
    const fn = lambdaFunctionOf(i.IntegrationUri, vars);
    const detail = `${keys.length === 1 ? `route ${keys[0]}` : `${keys.length} routes`}${fn.qualifier ? ` (${fn.qualifier})` : ''}`;
    if (fn.unresolved) {
      notes.push({
        source: { kind: 'function', logGroupName: '', label: `integration ${i.IntegrationId ?? ''}`, detail },
        reason: `its URI uses stage variable ${fn.unresolved}, which stage ${stageName} does not set`,
      });
    } else if (fn.name) {
      const src: TailSource = { kind: 'function', logGroupName: defaultLogGroup(fn.name), label: fn.name, detail };
      functions.push({ src, fn: { ...fn, name: fn.name } });
    }
  }
  for (const a of authorizers) {
    const fn = lambdaFunctionOf(a.AuthorizerUri, vars);
    if (fn.unresolved)
      notes.push({
        source: { kind: 'function', logGroupName: '', label: `authorizer ${a.Name ?? a.AuthorizerId ?? ''}` },
        reason: `its URI uses stage variable ${fn.unresolved}, which stage ${stageName} does not set`,
      });
    else if (fn.name)
      functions.push({
        src: {
          kind: 'function',
          logGroupName: defaultLogGroup(fn.name),
          label: fn.name,
          detail: `authorizer ${a.Name ?? a.AuthorizerId}`,
        },
        fn: { ...fn, name: fn.name },
      });
  }
  const local: FoundFunction[] = [];
  for (const found of functions) {
    const reason = await elsewhere(found.fn, of.home);
    if (reason) notes.push({ source: found.src, reason });
    else local.push(found);
  }
  const refs = local.map((l) => l.fn);
  const groups = await functionLogGroups(s.lambda, refs, signal);
  notes.push(...assumedNotes(groups));
  return local
    .map(({ src, fn }) => ({ ...src, logGroupName: groups.group(fn) }))
    .sort((x, y) => x.label.localeCompare(y.label));
}

/** One note per reason a group was assumed, naming every function it applies to: not one per function. */
function assumedNotes(groups: FunctionGroups): TailNote[] {
  return [...groups.assumed].map(([because, fns]) => {
    const names = [...new Set(fns.map((f) => f.name))].sort();
    return {
      source: { kind: 'function', logGroupName: '', label: names.join(', ') },
      reason: assumedReason(because, names.length),
      assumed: true,
    };
  });
}

function isAuthorizerOf(routes: Array<{ AuthorizerId?: string }>, id: string | undefined): boolean {
  return id !== undefined && routes.some((r) => r.AuthorizerId === id);
}

/** Route keys by the integration they target: an integration no route targets is never called. */
function routeKeysByIntegration(routes: Array<{ Target?: string; RouteKey?: string }>): Map<string, string[]> {
  const targeted = new Map<string, string[]>();
  for (const r of routes) {
    const id = /^integrations\/(\w+)$/.exec(r.Target ?? '')?.[1];
    if (id) targeted.set(id, [...(targeted.get(id) ?? []), r.RouteKey ?? '']);
  }
  return targeted;
}

/** The candidates whose log group exists, with its ARN; the others become notes saying why they are missing. */
async function existingSources(
  logs: Pick<LogsAdapter, 'logGroups'>,
  candidates: TailSource[],
  notes: TailNote[],
  pending: TailSource[],
  signal: AbortSignal | undefined,
): Promise<TailSource[]> {
  const found = await mapLimit(candidates, 3, async (src) => ({
    src,
    arn: await groupArn(logs, src.logGroupName, signal),
  }));
  const sources: TailSource[] = [];
  for (const { src, arn } of found) {
    if (arn) sources.push({ ...src, arn });
    else {
      notes.push({ source: src, reason: missingReason(src) });
      pending.push(src);
    }
  }
  return sources;
}

function missingReason(src: TailSource): string {
  if (src.kind === 'function') return 'no log group yet (the function has not run)';
  if (src.kind === 'access') return 'the access log group does not exist';
  return 'no log group yet';
}

/** The ARN of a log group (without `:*`), or undefined when it does not exist. */
export async function groupArn(
  logs: Pick<LogsAdapter, 'logGroups'>,
  name: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    // A name sorts before every longer name it is a prefix of: the first item is the group, if it exists.
    for await (const page of logs.logGroups(name, { pageSize: 1, ...(signal ? { signal } : {}) })) {
      const g = page.items[0];
      if (g?.logGroupName !== name) return undefined;
      return g.logGroupArn ?? g.arn?.replace(/:\*$/, '');
    }
    return undefined;
  } catch (err) {
    if (isWorkbenchError(err) && err.code === 'NotFound') return undefined;
    throw err;
  }
}
