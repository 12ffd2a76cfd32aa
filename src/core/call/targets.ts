// Where a call goes: a stage's invoke URL, a custom domain's API mapping, or the local API on this machine; and the
// one guard every request passes before anything is signed or a token added. A `.http` file is workspace content: a
// cloned repository must not make the workbench send signed requests or tokens to a host of its choosing
// (docs/CALL.md, "Targets and the host guard"; invoke URLs in docs/AWS.md#api-gateway-semantics).
import { invokeUrl } from '../awsIds';
import { WorkbenchError } from '../errors';
import { decodeOrKeep, trimBoth, trimTrailing } from '../text';

export type TargetKind = 'stage' | 'domain' | 'local';

export interface Target {
  kind: TargetKind;
  /** Without a trailing slash: `https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev`. */
  baseUrl: string;
  /** For pickers and messages: `stage dev`, `api.example.com/v1 (stage prod)`, `local (dev)`. */
  label: string;
  stage?: string;
}

export type Protocol = 'HTTP' | 'WEBSOCKET';

/**
 * A stage's invoke URL: `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`, wss for WebSocket, `$default`
 * without a path; `apiEndpoint` (the live API's `ApiEndpoint`) replaces the computed host.
 */
export function stageInvokeUrl(o: {
  apiId: string;
  region: string;
  stage: string;
  protocol?: Protocol;
  apiEndpoint?: string;
}): string {
  return invokeUrl({
    apiId: o.apiId,
    region: o.region,
    stageName: o.stage,
    ...(o.protocol ? { protocolType: o.protocol } : {}),
    ...(o.apiEndpoint ? { apiEndpoint: o.apiEndpoint } : {}),
  });
}

/** A custom domain's base URL for an API mapping (`https://api.example.com/v1`; no key: the domain's root). */
export function domainBaseUrl(o: { domainName: string; mappingKey?: string; protocol?: Protocol }): string {
  const scheme = o.protocol === 'WEBSOCKET' ? 'wss' : 'https';
  const key = trimBoth(o.mappingKey ?? '', '/');
  return `${scheme}://${o.domainName.toLowerCase()}${key ? `/${key.split('/').map(encodeURIComponent).join('/')}` : ''}`;
}

export function stageTarget(o: Parameters<typeof stageInvokeUrl>[0]): Target {
  return { kind: 'stage', baseUrl: stageInvokeUrl(o), label: `stage ${o.stage}`, stage: o.stage };
}

export function domainTarget(o: {
  domainName: string;
  mappingKey?: string;
  stage: string;
  protocol?: Protocol;
}): Target {
  const base = domainBaseUrl(o);
  return {
    kind: 'domain',
    baseUrl: base,
    label: `${base.replace(/^\w+:\/\//, '')} (stage ${o.stage})`,
    stage: o.stage,
  };
}

/** The local API (`apigw serve`, Run Spec Locally): its URL as it prints it, stage path included. */
export function localTarget(url: string, stage?: string): Target {
  const base = trimTrailing(url, '/');
  checkLoopback(base);
  return { kind: 'local', baseUrl: base, label: `local${stage ? ` (${stage})` : ''}`, ...(stage ? { stage } : {}) };
}

/**
 * `base` followed by `path` (`/orders/42?x=1`): never resolved as a relative URL, so a path such as
 * `//elsewhere.example` stays a path on the target's host.
 */
export function joinUrl(base: string, path: string): string {
  const p = path.startsWith('/') || path.startsWith('?') || path === '' ? path : `/${path}`;
  return `${trimTrailing(base, '/')}${p}`;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/**
 * What a refused URL is shown as: up to its query, fragment or user information left out. The URL is resolved, and
 * not yet scrubbed: a prompt's hidden answer or a private environment value may be in its query (`?pw=…`) or in its
 * `user:password@`, whatever its name.
 */
function unparsedUrlText(url: string): string {
  const cut = url.search(/[?#]/);
  const shown = (cut < 0 ? url : url.slice(0, cut)).replace(/\/\/[^/@]*@/, '//…@').slice(0, 200);
  return cut < 0 ? shown : `${shown}…`;
}

function parse(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new WorkbenchError('InvalidArgument', `Not a URL: ${unparsedUrlText(url)}`, {
      hint: 'Write an absolute URL (https://…), or start the path with {{baseUrl}}.',
    });
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol))
    throw new WorkbenchError('InvalidArgument', `Only http(s) and ws(s) URLs can be called, not ${u.protocol}`, {
      hint: 'Use the target’s https:// or wss:// URL.',
    });
  if (u.username || u.password)
    throw new WorkbenchError('InvalidArgument', `The URL for ${u.host} carries a user name or password.`, {
      hint: 'API Gateway does not read credentials from the URL: remove them; the route’s auth is added for you.',
    });
  return u;
}

function checkLoopback(url: string): void {
  const u = parse(url);
  if (!isLoopbackHost(u.hostname))
    throw new WorkbenchError(
      'InvalidArgument',
      `The local API runs on this machine; ${u.host} is not a loopback host.`,
      {
        hint: 'Use the URL apigw serve (or Run Spec Locally) prints: http://127.0.0.1:PORT/STAGE.',
      },
    );
}

function defaultPort(u: URL): string {
  return u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
}

function within(u: URL, t: Target): boolean {
  const b = new URL(t.baseUrl);
  const secure = (p: string) => p === 'https:' || p === 'wss:';
  if (b.hostname.toLowerCase() !== u.hostname.toLowerCase() || defaultPort(b) !== defaultPort(u)) return false;
  if (secure(b.protocol) !== secure(u.protocol)) return false;
  const base = trimTrailing(b.pathname, '/');
  return base === '' || u.pathname === base || u.pathname.startsWith(`${base}/`);
}

/**
 * The guard: `url` must be on one of `targets` (same scheme family, host, port, and under the target's base path),
 * or on this machine (127.0.0.1, localhost, ::1). Anything else is refused before a request is signed or a token is
 * added. Returns the parsed URL.
 */
export function checkRequestUrl(url: string, targets: readonly Target[]): URL {
  const u = parse(url);
  if (isLoopbackHost(u.hostname)) return u;
  if (targets.some((t) => t.kind !== 'local' && within(u, t))) return u;
  const allowed = targets.filter((t) => t.kind !== 'local').map((t) => t.baseUrl);
  throw new WorkbenchError(
    'InvalidArgument',
    `Refused to send a request to ${u.protocol}//${u.host}${u.pathname.slice(0, 80)}: requests go only to the stage's own endpoints${allowed.length ? ` (${allowed.join(', ')})` : ''}, its custom domains, or this machine (127.0.0.1, localhost).`,
    {
      hint: 'A request file could name any host: change its URL (or @baseUrl) to one of these, or pick another target.',
    },
  );
}

/**
 * What an execute-api URL names (`https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`), if it is one.
 * `firstSegment` is the stage unless the stage is `$default` (whose URLs have no stage segment): the caller knows.
 */
export function parseInvokeUrl(url: string): { apiId: string; region: string; firstSegment?: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const m = /^([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(u.hostname.toLowerCase());
  if (!m) return undefined;
  const first = firstPathSegment(u);
  return { apiId: m[1]!, region: m[2]!, ...(first ? { firstSegment: first } : {}) };
}

/** A URL's first path segment, decoded (as written when its escapes are not UTF-8); '' for `/`. */
export function firstPathSegment(url: URL): string {
  return decodeOrKeep(url.pathname.split('/')[1] ?? '');
}

/**
 * The target a `.http` file's active `@baseUrl` names among `candidates` (the stage's targets), or a local target for
 * a loopback URL; undefined when it names none of them (then the guard refuses its requests).
 */
export function targetOfBaseUrl(baseUrl: string | undefined, candidates: readonly Target[]): Target | undefined {
  if (!baseUrl) return undefined;
  const norm = trimTrailing(baseUrl.trim(), '/');
  const found = candidates.find((t) => t.baseUrl.toLowerCase() === norm.toLowerCase());
  if (found) return found;
  try {
    return isLoopbackHost(new URL(norm).hostname) ? localTarget(norm) : undefined;
  } catch {
    return undefined;
  }
}
