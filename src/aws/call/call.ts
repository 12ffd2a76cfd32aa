// One call of a route, end to end: the request (from a `.http` file, or a CLI line `GET /orders/42`), the host guard,
// the route's auth, the send, and what may be shown of it. The editor and the CLI both call `callRoute()`; neither
// ever holds the signed request: `shown` has every secret replaced.
import { routeForRequest, stagePath, type CallableApi } from '../../core/call/api';
import { authVariables, secretHeaderNames, secretQueryNames, type RouteAuth } from '../../core/call/auth';
import { redactUrl } from '../../core/call/format';
import { historyEntry, REDACTED, scrubber, type HistoryEntry } from '../../core/call/history';
import type { HttpFile, HttpRequest } from '../../core/call/httpFile';
import { referencedRequest, xPathReference, type Exchange } from '../../core/call/references';
import { resolveRequest, unreadSystemVariable, type ResolveOptions } from '../../core/call/resolve';
import { checkRequestUrl, joinUrl, type Target } from '../../core/call/targets';
import type { CallRequest, CallResponse } from '../../core/call/types';
import { WorkbenchError } from '../../core/errors';
import { redact } from '../../core/redact';
import { applyAuth, type AuthProviders } from './auth';
import { sendRequest, type SendOptions } from './http';

export interface PreparedCall {
  request: CallRequest;
  /** The route the request reaches (undefined: none, API Gateway answers 404 or the $default route takes it). */
  routeKey?: string;
  auth?: RouteAuth;
  /** Variables the `.http` resolution left without a value. */
  unresolved: string[];
  target: Target;
  /** Where the request may go: the API's targets and the chosen one. */
  allowed: Target[];
  /** Values the request file's environment marks secret (a private environment file's, hidden prompts'). */
  secrets?: readonly string[];
}

export interface CallResult {
  response: CallResponse;
  routeKey?: string;
  /** The request as sent, with every secret (auth headers, identity sources, signature) replaced. */
  shown: CallRequest;
  secretHeaders: Set<string>;
  secretQuery: Set<string>;
  /** Replaces the secret values this call sent (token, identity sources, key, signature) wherever they appear. */
  scrub: (text: string) => string;
}

function routeOf(api: CallableApi, method: string, url: string, target: Target, marker?: string): string | undefined {
  if (marker && api.routes.has(marker)) return marker;
  if (api.protocol !== 'HTTP') return undefined;
  try {
    return routeForRequest(api.routes.keys(), method, stagePath(url, target));
  } catch {
    return undefined;
  }
}

function prepared(
  api: CallableApi,
  target: Target,
  request: CallRequest,
  unresolved: string[],
  marker?: string,
): PreparedCall {
  const routeKey = routeOf(api, request.method, request.url, target, marker);
  const auth = routeKey ? api.routes.get(routeKey) : undefined;
  return {
    request,
    ...(routeKey ? { routeKey } : {}),
    ...(auth ? { auth } : {}),
    unresolved,
    target,
    allowed: [target, ...api.targets.filter((t) => t.baseUrl !== target.baseUrl)],
  };
}

/** A `.http` request on a target: `{{baseUrl}}` is the target's, other variables the file's; its route is found. */
export function prepareFromFile(
  api: CallableApi,
  target: Target,
  file: HttpFile,
  req: HttpRequest,
  o: Omit<ResolveOptions, 'variables'> & { variables?: Record<string, string> } = {},
): PreparedCall {
  const { request, unresolved } = resolveRequest(file, req, {
    ...o,
    variables: { ...o.variables, baseUrl: target.baseUrl },
  });
  const call = prepared(api, target, request, unresolved, req.marker?.routeKey);
  return o.environment?.secrets.length ? { ...call, secrets: o.environment.secrets } : call;
}

/** A request line as the CLI takes it (`GET /orders/42?x=1`, or only a path for GET) on a target. */
export function prepareFromLine(
  api: CallableApi,
  target: Target,
  line: string,
  o: { headers?: Array<[string, string]>; body?: string | Uint8Array } = {},
): PreparedCall {
  const m = /^\s*(?:([A-Za-z]+)\s+)?(\S+)\s*$/.exec(line);
  if (!m || !m[2]!.startsWith('/'))
    throw new WorkbenchError('InvalidArgument', `Not a request: "${line}"`, {
      hint: "Write the method and the path within the stage: 'GET /orders/42'.",
    });
  const method = (m[1] ?? (o.body !== undefined ? 'POST' : 'GET')).toUpperCase();
  const request: CallRequest = {
    method,
    url: joinUrl(target.baseUrl, m[2]!),
    headers: o.headers ?? [],
    ...(o.body !== undefined ? { body: o.body } : {}),
  };
  return prepared(api, target, request, []);
}

function shownRequest(
  req: CallRequest,
  headers: Set<string>,
  query: Set<string>,
  scrub: (text: string) => string,
): CallRequest {
  return {
    method: req.method,
    url: redact(scrub(redactUrl(req.url, query))),
    headers: req.headers.map(([k, v]) => [k, headers.has(k.toLowerCase()) ? REDACTED : redact(scrub(v))]),
    ...(req.body !== undefined ? { body: typeof req.body === 'string' ? scrub(req.body) : req.body } : {}),
  };
}

/** The values of the secret headers and query parameters a request carries. */
function secretValues(req: CallRequest, headers: Set<string>, query: Set<string>): string[] {
  const out = req.headers.filter(([k]) => headers.has(k.toLowerCase())).map(([, v]) => v);
  for (const [k, v] of new URL(req.url).searchParams) if (query.has(k)) out.push(v);
  // A SigV4 signature is a value of its own inside the Authorization header.
  for (const v of out.slice()) {
    const sig = /Signature=([0-9a-f]+)/.exec(v)?.[1];
    if (sig) out.push(sig);
  }
  return out;
}

function refuseUnresolved(p: PreparedCall, authVars: Set<string>): void {
  const left = p.unresolved.filter((v) => !authVars.has(v));
  if (left.length === 0) return;
  const system = left.find((v) => unreadSystemVariable(v) !== undefined);
  if (system)
    throw new WorkbenchError('InvalidArgument', `The request uses {{${system}}}, which Send does not fill.`, {
      hint: unreadSystemVariable(system)!,
    });
  const xPath = left.find(xPathReference);
  if (xPath)
    throw new WorkbenchError('InvalidArgument', `The request uses {{${xPath}}}: XPath into an XML body is not read.`, {
      hint: 'Read a JSON body with a JSON path ($.token), or the whole body with * (REST Client reads XPath; Send does not).',
    });
  const named = left.map(referencedRequest).find((n) => n !== undefined);
  if (named)
    throw new WorkbenchError(
      'InvalidArgument',
      `The request uses ${left.map((v) => `{{${v}}}`).join(', ')}, which reads what the request named ${named} sent or got back; that has no such value yet.`,
      {
        hint: `Send the request marked "# @name ${named}" first (its last exchange is kept while VS Code runs), then this one; a body is read with a JSON path ($.token) or * for all of it.`,
      },
    );
  throw new WorkbenchError(
    'InvalidArgument',
    `The request uses ${left.map((v) => `{{${v}}}`).join(', ')}, which ${left.length === 1 ? 'has' : 'have'} no value.`,
    { hint: 'Define it in the file (@name = value) or remove it.' },
  );
}

/** Guard, auth, send: the response, and the request as it may be shown. */
export async function callRoute(
  p: PreparedCall,
  providers: AuthProviders = {},
  send: SendOptions = {},
): Promise<CallResult> {
  if (p.request.method === 'WEBSOCKET')
    throw new WorkbenchError('Unsupported', 'This is a WebSocket request: it opens a session, it is not sent.', {
      hint: 'Use API Gateway: Connect to Stage… (or apigw ws) with its URL.',
    });
  checkRequestUrl(p.request.url, p.allowed);
  refuseUnresolved(p, new Set(p.auth ? authVariables(p.auth).map((v) => v.variable) : []));
  const signed = await applyAuth(p.request, p.auth, providers);
  // The signed URL is the guarded one plus auth parameters; checked again all the same.
  checkRequestUrl(signed.url, p.allowed);
  const response = await sendRequest(signed, send);
  const secretHeaders = secretHeaderNames(p.auth);
  const secretQuery = secretQueryNames(p.auth);
  const scrub = scrubber([...secretValues(signed, secretHeaders, secretQuery), ...(p.secrets ?? [])]);
  return {
    response,
    ...(p.routeKey ? { routeKey: p.routeKey } : {}),
    shown: shownRequest(signed, secretHeaders, secretQuery, scrub),
    secretHeaders,
    secretQuery,
    scrub,
  };
}

/** The history entry of a call that answered: what it sent and got, its secrets scrubbed (core/call/history.ts). */
export function historyEntryOf(r: CallResult, entry: { id: string; routeKey: string; target: string }): HistoryEntry {
  return historyEntry({
    ...entry,
    request: r.shown,
    response: r.response,
    startedAt: r.response.startedAt,
    durationMs: r.response.timing.total,
    secretHeaders: r.secretHeaders,
    secretQuery: r.secretQuery,
    scrub: r.scrub,
  });
}

/** The request and response a `# @name` request leaves for the requests after it to read. */
export function exchangeOf(prepared: PreparedCall, result: CallResult): Exchange {
  const body = prepared.request.body;
  return {
    request: {
      headers: prepared.request.headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : Buffer.from(body).toString('utf8') } : {}),
    },
    response: { headers: result.response.headers, body: Buffer.from(result.response.body).toString('utf8') },
  };
}
