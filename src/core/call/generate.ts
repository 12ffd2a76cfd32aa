// A `.http` file for a spec: one request per route, readable by VS Code's REST Client, JetBrains' HTTP Client and the
// workbench (docs/CALL.md, "The .http file"). Targets are `@baseUrl` lines, one active and the others commented out
// (REST Client's file variables win over its environments, JetBrains' environments win over file variables, so
// in-file lines are the one form both read the same way). Path parameters are `{{variables}}` defined once at the
// top; secrets are variables that are never defined in the file. Each request carries a marker comment with the
// route key and a fingerprint of the request as generated, which is how an update tells edited requests apart.
import type { GatewaySpec, Route } from '../gatewaySpec/model';
import { routeSelectionExpression } from '../gatewaySpec/model';
import { authVariables, describeAuth, specRouteAuth, type RouteAuth } from './auth';
import { localTarget, type Target } from './targets';
import { routeCompletions } from './wsRoutes';
import { buildRouter, matchRoute, type Router } from '../local/routes';

export interface GenerateOptions {
  /** The spec's file name, for the header comment. */
  specFile?: string;
  /** The targets, the active one first. Default: the local API (`apigw serve` on port 3000) and placeholders. */
  targets?: readonly Target[];
}

export interface GeneratedRequest {
  routeKey: string;
  name: string;
  /** The whole block: `###` line, comments, marker, request, body. */
  lines: string[];
}

export interface GeneratedFile {
  /** The lines before the first request: header comments, target lines, path variables. */
  preamble: string[];
  requests: GeneratedRequest[];
  text: string;
}

export const BASE_URL = 'baseUrl';
export const LOCAL_DEFAULT_PORT = 3000;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** FNV-1a over the block's lines but the marker, trailing spaces and trailing blank lines ignored: 8 hex digits. */
export function blockHash(lines: readonly string[]): string {
  const kept = lines.filter((l) => !/^\s*(#|\/\/)\s*apigw:\s/.test(l)).map((l) => l.trimEnd());
  while (kept.length && kept.at(-1) === '') kept.pop();
  let h = 0x811c9dc5;
  const text = kept.join('\n');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function markerLine(routeKey: string, hash: string): string {
  return `# apigw: ${routeKey} [${hash}]`;
}

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

/** `getOrder` from the route's operationName, else `getOrdersOrderId` from its key. */
export function requestName(routeKey: string, route: Route | undefined): string {
  const w = route?.operationName ? words(route.operationName) : words(routeKey.replace(/[{}+]/g, ' '));
  // `GET` → `get`, `ListOrders` → `listOrders`: the first word starts lower case, a word in capitals becomes one.
  const cased = w.map((p) => (p === p.toUpperCase() ? p[0]! + p.slice(1).toLowerCase() : p));
  const name = cased.map((p, i) => (i === 0 ? p[0]!.toLowerCase() : p[0]!.toUpperCase()) + p.slice(1)).join('');
  return name || 'request';
}

/** `/orders/{orderId}` → `/orders/{{orderId}}`, `{proxy+}` → `{{proxy}}`. */
export function pathTemplate(path: string): { path: string; variables: string[] } {
  const variables: string[] = [];
  const out = path.replace(/\{([^{}+]+)\+?\}/g, (_m, name: string) => {
    variables.push(name);
    return `{{${name}}}`;
  });
  return { path: out, variables };
}

function defaultTargets(spec: GatewaySpec): Target[] {
  const stages = Object.keys(spec.stages ?? {});
  const first = stages[0];
  const scheme = spec.api.protocol === 'WEBSOCKET' ? 'ws' : 'http';
  const local = `${scheme}://127.0.0.1:${LOCAL_DEFAULT_PORT}${first && first !== '$default' ? `/${first}` : ''}`;
  const remote = spec.api.protocol === 'WEBSOCKET' ? 'wss' : 'https';
  return [
    { kind: 'local', baseUrl: local, label: 'local' },
    ...stages.map((s) => ({
      kind: 'stage' as const,
      baseUrl: `${remote}://API_ID.execute-api.REGION.amazonaws.com${s === '$default' ? '' : `/${s}`}`,
      label: `stage ${s}`,
      stage: s,
    })),
  ];
}

/** Fields a route's integration reads from the JSON body (`$request.body.item` → `item`), for the skeleton. */
function bodyFields(spec: GatewaySpec, route: Route | undefined): string[] {
  const integration = route?.integration ? spec.integrations?.[route.integration] : undefined;
  const fields = new Set<string>();
  for (const v of Object.values(integration?.requestParameters ?? {}))
    for (const m of v.matchAll(/\$request\.body\.([A-Za-z_][\w]*)/g)) fields.add(m[1]!);
  return [...fields];
}

function bodySkeleton(fields: string[]): string[] {
  if (fields.length === 0) return ['{', '}'];
  return ['{', ...fields.map((f, i) => `  ${JSON.stringify(f)}: ""${i < fields.length - 1 ? ',' : ''}`), '}'];
}

function authLines(auth: RouteAuth): { comments: string[]; headers: string[]; query: string[] } {
  const out = { comments: [] as string[], headers: [] as string[], query: [] as string[] };
  if (auth.type === 'NONE' && !auth.apiKeyRequired) return out;
  const vars = authVariables(auth);
  const names = vars.map((v) => v.variable);
  out.comments.push(
    `# Auth: ${describeAuth(auth)}.${
      auth.type === 'AWS_IAM'
        ? ' The workbench signs it; other clients need SigV4 support.'
        : names.length
          ? ` The workbench fills ${names.map((n) => `{{${n}}}`).join(', ')}; other clients: define ${names.length > 1 ? 'them' : 'it'} in an environment, never here.`
          : ''
    }`,
  );
  for (const v of vars) {
    if (v.in === 'header') out.headers.push(`${v.name}: ${v.bearer ? 'Bearer ' : ''}{{${v.variable}}}`);
    else out.query.push(`${encodeURIComponent(v.name)}={{${v.variable}}}`);
  }
  return out;
}

/** The value a path variable gets in the file (`@orderId = 1`, `@name = example`). */
function variableValue(name: string): string {
  return /id$/i.test(name) ? '1' : 'example';
}

/** A request path with each `{{variable}}` as the file defines it. */
function concretePath(path: string): string {
  return path.replace(/\{\{([^{}]+)\}\}/g, (_x, n: string) => variableValue(n));
}

/** Methods tried for `ANY` and `$default`, and paths for `$default` (OPTIONS is left to CORS preflights). */
const ANY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const DEFAULT_PATHS = ['/', '/default', '/default/route'];

/**
 * The method and path of a route's request: its own, except that `ANY` takes the first method no other route on that
 * path takes, and `$default` a method and path no route takes (AWS's routing, src/core/local/routes.ts), so the
 * request reaches the route it is written for. Where none does, the first choice (the comment says what it is).
 */
function requestTarget(router: Router, routeKey: string): { method: string; path: string } {
  const m = /^([A-Z]+) (\/.*)$/.exec(routeKey);
  const own = m ? pathTemplate(m[2]!) : undefined;
  const paths = own ? [own.path] : DEFAULT_PATHS;
  const methods = m && m[1] !== 'ANY' ? [m[1]!] : ANY_METHODS;
  for (const path of paths)
    for (const method of methods)
      if (matchRoute(router, method, concretePath(path))?.routeKey === routeKey) return { method, path };
  return { method: methods[0]!, path: paths[0]! };
}

function httpRequest(spec: GatewaySpec, router: Router, routeKey: string, name: string): string[] {
  const route = spec.routes?.[routeKey];
  const m = /^([A-Z]+) (\/.*)$/.exec(routeKey);
  const { method, path } = requestTarget(router, routeKey);
  const auth = authLines(specRouteAuth(spec, routeKey));
  const lines = [`### ${routeKey}`, `# @name ${name}`];
  if (!m) lines.push('# $default: catches every request no other route takes; change the path and method freely.');
  else if (m[1] === 'ANY')
    lines.push(
      method === 'GET'
        ? '# ANY: every method reaches this route; GET is only the first choice.'
        : `# ANY: other routes of this path take GET; ${method} and every method they do not take reach this one.`,
    );
  lines.push(...auth.comments);
  lines.push(`${method} {{${BASE_URL}}}${path}${auth.query.length ? `?${auth.query.join('&')}` : ''}`);
  const hasBody = BODY_METHODS.has(method);
  if (hasBody) lines.push('Content-Type: application/json');
  lines.push(...auth.headers);
  if (hasBody) lines.push('', ...bodySkeleton(bodyFields(spec, route)));
  return lines;
}

function webSocketRequest(spec: GatewaySpec): string[] {
  const auth = authLines(specRouteAuth(spec, '$connect'));
  const { completions } = routeCompletions(Object.keys(spec.routes ?? {}), routeSelectionExpression(spec));
  return [
    `### ${spec.api.name} over WebSocket`,
    '# @name connect',
    "# WebSocket: JetBrains' HTTP Client runs this block; in VS Code use API Gateway: Connect to Stage…, or apigw ws.",
    ...auth.comments,
    `WEBSOCKET {{${BASE_URL}}}${auth.query.length ? `?${auth.query.join('&')}` : ''}`,
    ...auth.headers,
    '',
    ...completions.flatMap((c, i) => (i === 0 ? [c.text] : ['===', c.text])),
  ];
}

function withMarker(block: string[], routeKey: string): string[] {
  const hash = blockHash(block);
  // The marker goes after `# @name`, so both clients still see the name right above the request line.
  return [...block.slice(0, 2), markerLine(routeKey, hash), ...block.slice(2)];
}

function preamble(spec: GatewaySpec, o: GenerateOptions, variables: string[]): string[] {
  const targets = o.targets?.length ? o.targets : defaultTargets(spec);
  const source = o.specFile ? ` of ${o.specFile}` : '';
  return [
    `# ${spec.api.name}: one request per route${source}, for VS Code's REST Client, JetBrains' HTTP Client and`,
    '# API Gateway Workbench. Updating from the spec keeps the requests you edit (docs/CALL.md of the workbench).',
    '#',
    '# Target: the active @baseUrl line; move the # to call another one.',
    ...targets.map((t, i) => `${i === 0 ? '' : '# '}@${BASE_URL} = ${t.baseUrl}`),
    ...variables.map((v) => `@${v} = ${variableValue(v)}`),
    '',
  ];
}

export function generateRequests(spec: GatewaySpec, o: GenerateOptions = {}): GeneratedFile {
  const requests: GeneratedRequest[] = [];
  const variables = new Set<string>();
  const used = new Set<string>();
  if (spec.api.protocol === 'WEBSOCKET') {
    requests.push({ routeKey: '$connect', name: 'connect', lines: withMarker(webSocketRequest(spec), '$connect') });
  } else {
    const router = buildRouter(spec);
    for (const [routeKey, route] of Object.entries(spec.routes ?? {})) {
      let name = requestName(routeKey, route);
      for (let n = 2; used.has(name); n++) name = `${requestName(routeKey, route)}${n}`;
      used.add(name);
      for (const v of pathTemplate(routeKey).variables) variables.add(v);
      requests.push({ routeKey, name, lines: withMarker(httpRequest(spec, router, routeKey, name), routeKey) });
    }
  }
  const pre = preamble(spec, o, [...variables]);
  const text = `${[...pre, ...requests.flatMap((r) => [...r.lines, ''])].join('\n')}`;
  return { preamble: pre, requests, text };
}

/** The local API serving the spec's first stage on `port` (`apigw serve`, Run Spec Locally): a request file's target. */
export function defaultLocalTarget(spec: GatewaySpec, port: number = LOCAL_DEFAULT_PORT): Target {
  const stage = Object.keys(spec.stages ?? {})[0];
  const scheme = spec.api.protocol === 'WEBSOCKET' ? 'ws' : 'http';
  return localTarget(`${scheme}://127.0.0.1:${port}${stage && stage !== '$default' ? `/${stage}` : ''}`, stage);
}

/** The `.http` text for a spec. */
export function generateHttpFile(spec: GatewaySpec, o: GenerateOptions = {}): string {
  return generateRequests(spec, o).text;
}
