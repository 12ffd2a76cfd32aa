// Route selection for HTTP APIs, as AWS documents it (docs/LOCAL.md#routing, "Routing API requests" in
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html):
//   1. a full match of path and method (literal segments before path variables, a method before ANY),
//   2. a match with a greedy path variable ({proxy+}; the longest prefix first, a method before ANY),
//   3. the $default route; otherwise 404 {"message":"Not Found"}.
// Paths are case-sensitive and are matched after percent-decoding (an encoded `/` still separates segments);
// a trailing slash is significant (`/pets/` is not `/pets`), and a path variable never matches an empty segment.
import type { GatewaySpec, Route } from '../gatewaySpec/model';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface CompiledRoute {
  routeKey: string;
  method: string;
  /** The route's path (`/pets/{id}`); `$default` for the default route. */
  path: string;
  segments: Segment[];
  greedy: boolean;
  route: Route;
}

export interface RouteMatch {
  routeKey: string;
  route: Route;
  /** Decoded values of the path variables; empty when the route has none. */
  pathParameters: Record<string, string>;
  /** The route's path, or `$default`. */
  resourcePath: string;
}

export interface Router {
  routes: CompiledRoute[];
  defaultRoute: Route | undefined;
}

const ROUTE_KEY = /^([A-Z]+) (\/.*)$/;

function compileSegments(path: string): Segment[] {
  if (path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((s): Segment => {
      const m = /^\{([^{}+]+)(\+?)\}$/.exec(s);
      if (!m) return { kind: 'literal', value: s };
      return m[2] ? { kind: 'greedy', name: m[1]! } : { kind: 'param', name: m[1]! };
    });
}

/** The router of an HTTP API spec; route keys that are not `METHOD /path` or `$default` are skipped. */
export function buildRouter(spec: GatewaySpec): Router {
  const routes: CompiledRoute[] = [];
  let defaultRoute: Route | undefined;
  for (const [routeKey, route] of Object.entries(spec.routes ?? {})) {
    if (routeKey === '$default') {
      defaultRoute = route;
      continue;
    }
    const m = ROUTE_KEY.exec(routeKey);
    if (!m) continue;
    const segments = compileSegments(m[2]!);
    routes.push({
      routeKey,
      method: m[1]!,
      path: m[2]!,
      segments,
      greedy: segments.some((s) => s.kind === 'greedy'),
      route,
    });
  }
  routes.sort(compareRoutes);
  return { routes, defaultRoute };
}

function segmentRank(s: Segment | undefined): number {
  if (!s) return 3;
  return s.kind === 'literal' ? 0 : s.kind === 'param' ? 1 : 2;
}

/** Most specific first: full matches before greedy ones, then segment by segment, then a method before ANY. */
export function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
  if (a.greedy && a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = segmentRank(a.segments[i]) - segmentRank(b.segments[i]);
    if (d !== 0) return d;
  }
  if ((a.method === 'ANY') !== (b.method === 'ANY')) return a.method === 'ANY' ? 1 : -1;
  return a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0;
}

/** Percent-decodes a path; a malformed escape stays as written (AWS answers such paths rather than failing). */
export function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.kind === 'greedy') {
      const rest = parts.slice(i);
      // `/pets/` reaches `/pets/{proxy+}` with an empty remainder; `/pets` does not.
      if (rest.length === 0) return undefined;
      params[seg.name] = rest.join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (part !== seg.value) return undefined;
    } else {
      if (part === '') return undefined;
      params[seg.name] = part;
    }
  }
  return parts.length === route.segments.length ? params : undefined;
}

/** The route a request reaches, or undefined for AWS's `404 {"message":"Not Found"}`. `path` is the raw path within the stage. */
export function matchRoute(router: Router, method: string, path: string): RouteMatch | undefined {
  const decoded = decodePath(path);
  const parts = decoded === '/' || decoded === '' ? [] : decoded.slice(1).split('/');
  for (const r of router.routes) {
    if (r.method !== method && r.method !== 'ANY') continue;
    const params = matchSegments(r, parts);
    if (params) return { routeKey: r.routeKey, route: r.route, pathParameters: params, resourcePath: r.path };
  }
  if (router.defaultRoute)
    return { routeKey: '$default', route: router.defaultRoute, pathParameters: {}, resourcePath: '$default' };
  return undefined;
}
