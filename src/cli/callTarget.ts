// What `apigw call` and `apigw ws` share, declared once: where the request goes (a stage of a live API, or the local
// API with an optional spec for its routes' auth), the auth options (-H, --query, --token, --api-key), and the
// providers that turn them into the route's auth. The secrets given here are never printed (the Terminal redacts,
// and each call scrubs the values it sent).
import type { AuthProviders } from '../aws/call/auth';
import { readLiveApi, type LiveCallable } from '../aws/call/live';
import type { AwsSession } from '../aws/session';
import { specApi, type CallableApi } from '../core/call/api';
import { splitHeader } from '../core/call/httpFile';
import { firstPathSegment, localTarget, type Target } from '../core/call/targets';
import { WorkbenchError } from '../core/errors';
import { parseDuration } from '../core/tail/duration';
import { loadSpec } from './specFiles';
import type { Output } from './io';
import { list, UsageError, value } from './options';

export const TARGET_OPTIONS = {
  api: value('ID|NAME', 'The API, by id or name (with --stage)'),
  stage: value('STAGE', 'The stage (with --api); with --local, the stage the local API serves (default: from its URL)'),
  local: value('URL', 'Call the local API (apigw serve, Run Spec Locally) at this URL: http://127.0.0.1:3000/dev'),
  spec: value('SPEC', "With --local: the spec whose routes' auth to apply (with --api instead: the live API's)"),
} as const;

export const AUTH_OPTIONS = {
  header: list("'NAME: VALUE'", 'A request header (repeatable); an Authorization header given here is sent as it is', {
    short: 'H',
  }),
  query: list('NAME=VALUE', "A query parameter (repeatable), a Lambda authorizer's identity source for one"),
  token: value(
    'JWT',
    'The JWT for JWT routes, sent in the Authorization header (default: the APIGW_TOKEN environment variable, which no process list shows)',
  ),
  'api-key': value('KEY', 'The API key for routes that require one (default: APIGW_API_KEY)'),
} as const;

export interface TargetValues {
  api?: string | undefined;
  stage?: string | undefined;
  local?: string | undefined;
  spec?: string | undefined;
  region?: string | undefined;
}

export interface ResolvedTarget {
  api: CallableApi;
  target: Target;
  live?: LiveCallable;
}

interface TargetContext {
  connect(): Promise<AwsSession>;
  stdout: Output;
  stderr: Output;
  signal: AbortSignal;
}

/** The longest delay a Node.js timer keeps (about 24.8 days); a longer one fires at once, with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `--timeout 10s`, `--linger 2s`: a duration, or a usage error that names the option. */
export function durationOption(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`--${option} takes a duration (10s, 1.5s, 2m), not ${text}`);
  if (ms > MAX_TIMER_MS) throw new UsageError(`--${option} takes a duration of 24d at most, not ${text}`);
  return ms;
}

export function parseHeaders(values: readonly string[]): Array<[string, string]> {
  return values.map((h) => {
    const m = splitHeader(h);
    if (!m) throw new UsageError(`-H takes 'NAME: VALUE', not ${h.slice(0, 40)}`);
    return [m.name, m.value];
  });
}

/** `path` with `--query NAME=VALUE` pairs appended (percent-encoded). */
export function withQuery(path: string, pairs: readonly string[]): string {
  if (pairs.length === 0) return path;
  const encoded = pairs.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--query takes NAME=VALUE, not ${p.slice(0, 40)}`);
    return `${encodeURIComponent(p.slice(0, eq))}=${encodeURIComponent(p.slice(eq + 1))}`;
  });
  return `${path}${path.includes('?') ? '&' : '?'}${encoded.join('&')}`;
}

function emptyApi(stage: string, target: Target, protocol: 'HTTP' | 'WEBSOCKET'): CallableApi {
  return {
    name: 'the local API',
    protocol,
    stage,
    targets: [target],
    routeSelectionExpression: '$request.body.action',
    routes: new Map(),
    functions: new Map(),
  };
}

async function localApi(
  o: TargetValues,
  ctx: TargetContext,
  command: string,
  protocol: 'HTTP' | 'WEBSOCKET',
): Promise<ResolvedTarget | number> {
  const first = firstPathSegment(new URL(o.local!));
  const stage = o.stage ?? (first || '$default');
  const target = localTarget(o.local!, stage);
  if (o.spec) {
    const spec = loadSpec(o.spec, ctx, command);
    if (spec === 2) return 2;
    return { api: specApi(spec, stage, [target]), target };
  }
  if (!o.api) return { api: emptyApi(stage, target, protocol), target };
  const live = await readLive(ctx, o.api, stage);
  return { api: { ...live, targets: [target, ...live.targets] }, target, live };
}

async function readLive(ctx: TargetContext, ref: string, stage: string): Promise<LiveCallable> {
  return readLiveApi(await ctx.connect(), ref, stage, ctx.signal);
}

/** Where the command's requests go; exit code 2 when a spec given with --local has errors (already printed). */
export async function resolveTarget(
  o: TargetValues,
  ctx: TargetContext,
  command: string,
  protocol: 'HTTP' | 'WEBSOCKET',
): Promise<ResolvedTarget | number> {
  if (o.spec && !o.local)
    throw new UsageError('--spec goes with --local (a stage has its own routes: --api and --stage)');
  if (!o.local && !(o.api && o.stage)) throw new UsageError('give --api and --stage, or --local URL');
  if (o.local && !isUrl(o.local))
    throw new UsageError(`--local takes the local API's URL (http://127.0.0.1:3000/dev), not ${o.local}`);
  const found = o.local ? await localApi(o, ctx, command, protocol) : await stageApi(o, ctx);
  if (typeof found === 'number') return found;
  if (found.api.routes.size > 0 && found.api.protocol !== protocol)
    throw new WorkbenchError(
      'InvalidArgument',
      `${found.api.name} is ${found.api.protocol === 'WEBSOCKET' ? 'a WebSocket' : 'an HTTP'} API: use apigw ${protocol === 'HTTP' ? 'ws' : 'call'}.`,
    );
  return found;
}

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

async function stageApi(o: TargetValues, ctx: TargetContext): Promise<ResolvedTarget> {
  const live = await readLive(ctx, o.api!, o.stage!);
  const target = live.targets[0];
  if (!target)
    throw new WorkbenchError(
      'Unsupported',
      `${live.name} has its execute-api endpoint disabled and no custom domain mapped to ${o.stage}.`,
      {
        hint: 'Map a custom domain to the stage, or call the local API (--local).',
      },
    );
  return { api: live, target, live };
}

/** The CLI's auth providers: --token / APIGW_TOKEN, --api-key / APIGW_API_KEY, and the session's credentials. */
export function cliProviders(
  o: { token?: string | undefined; 'api-key'?: string | undefined },
  env: NodeJS.ProcessEnv,
  aws: { connect(): Promise<AwsSession>; region: string },
): AuthProviders {
  return {
    token: async () => o.token ?? env.APIGW_TOKEN,
    apiKey: async () => o['api-key'] ?? env.APIGW_API_KEY,
    // Identity sources are given as -H and --query: they are in the request already; nothing more to add.
    identity: async () => ({}),
    aws: { credentials: async () => (await aws.connect()).credentials(), region: aws.region },
  };
}
