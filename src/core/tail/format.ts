// One readable line per tailed event: time, source, and for API Gateway access logs the method, route, status,
// latency and request id in aligned columns. Anything else (Lambda output, execution logs, other JSON) is printed
// as it is. Access log formats are chosen by each API's owner, so fields are found by their usual names, whatever
// the case or separators ($context.httpMethod as "httpMethod", "http_method", "method"…).
import type { TailEvent } from './event';

export interface AccessFields {
  /** HTTP method, or the WebSocket event type (CONNECT, MESSAGE, DISCONNECT). */
  method?: string;
  /** The route key's path (`/orders/{id}`), a WebSocket route key (`$connect`), or the request path. */
  route?: string;
  /** The route key as logged (`GET /orders/{id}`, `$default`, `sendMessage`), when the format has one. */
  routeKey?: string;
  status?: string;
  latencyMs?: number;
  requestId?: string;
  connectionId?: string;
  /** Integration or gateway error message. */
  error?: string;
}

// Normalised names (lower case, letters and digits only; one nested level is joined: integration.error →
// integrationerror), in order of preference.
const NAMES = {
  requestId: ['requestid', 'extendedrequestid'],
  method: ['httpmethod', 'method', 'requestmethod', 'eventtype'],
  routeKey: ['routekey', 'route'],
  path: ['path', 'resourcepath', 'requestpath'],
  status: ['status', 'statuscode', 'httpstatus', 'responsestatus'],
  latency: ['responselatency', 'latency', 'integrationlatency', 'latencyms'],
  error: ['integrationerror', 'integrationerrormessage', 'errormessage', 'error', 'authorizererror'],
  connectionId: ['connectionid'],
} as const;

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

function norm(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function scalar(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') return undefined;
  const s = String(v).trim();
  // API Gateway writes "-" for a variable that has no value.
  return s === '' || s === '-' ? undefined : s;
}

/** The access log fields of a message, or undefined when it is not an access log line. */
export function parseAccessLog(message: string): AccessFields | undefined {
  const text = message.trimStart();
  if (text[0] !== '{') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const flat = new Map<string, string>();
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const nk = norm(k);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        const s = scalar(v2);
        if (s !== undefined && !flat.has(nk + norm(k2))) flat.set(nk + norm(k2), s);
      }
    } else {
      const s = scalar(v);
      if (s !== undefined) flat.set(nk, s);
    }
  }
  const pick = (names: readonly string[]) => {
    for (const n of names) {
      const v = flat.get(n);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const requestId = pick(NAMES.requestId);
  let method = pick(NAMES.method);
  const routeKey = pick(NAMES.routeKey);
  const status = pick(NAMES.status);
  if (!requestId || !(status || method || routeKey)) return undefined;

  let route = routeKey;
  // HTTP route keys carry the method ("GET /orders/{id}"): split it off.
  const m = routeKey ? /^([A-Z]+)\s+(\S.*)$/.exec(routeKey) : null;
  if (m && HTTP_METHODS.has(m[1]!)) {
    route = m[2]!;
    if (!method || method === m[1]) method = m[1]!;
  }
  const path = pick(NAMES.path);
  if (!route) route = path;
  else if (route === '$default' && path) route = `$default ${path}`;

  const latency = pick(NAMES.latency);
  const latencyMs = latency !== undefined && /^\d+(\.\d+)?$/.test(latency) ? Number(latency) : undefined;
  const out: AccessFields = { requestId };
  if (method) out.method = method;
  if (route) out.route = route;
  if (routeKey) out.routeKey = routeKey;
  if (status) out.status = status;
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  const connectionId = pick(NAMES.connectionId);
  if (connectionId) out.connectionId = connectionId;
  const error = pick(NAMES.error);
  if (error) out.error = error;
  return out;
}

export interface LineFormatOptions {
  /** Times in UTC instead of local time. */
  utc?: boolean;
}

const MAX_SOURCE = 28;
const MAX_METHOD = 10;
const MAX_ROUTE = 48;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Formats events into lines. Column widths start from the tail's sources and grow (up to a cap) with the widest
 * method and route seen, so a tail's lines stay aligned without a second pass.
 */
export class LineFormatter {
  private readonly labels: Map<string, string>;
  private readonly sourceWidth: number;
  private methodWidth = 6;
  private routeWidth = 16;

  constructor(
    labels: Map<string, string> | Array<{ logGroupName: string; label: string }>,
    private readonly options: LineFormatOptions = {},
  ) {
    this.labels = labels instanceof Map ? labels : new Map(labels.map((s) => [s.logGroupName, s.label]));
    this.sourceWidth = Math.min(MAX_SOURCE, Math.max(6, ...[...this.labels.values()].map((l) => l.length)));
  }

  time(ms: number): string {
    const d = new Date(ms);
    const [h, m, s, milli] = this.options.utc
      ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
      : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
    return `${two(h)}:${two(m)}:${two(s)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
  }

  source(group: string): string {
    return this.labels.get(group) ?? group.slice(group.lastIndexOf('/') + 1);
  }

  format(e: TailEvent): string {
    const prefix = `${this.time(e.timestamp)}  ${this.source(e.group).padEnd(this.sourceWidth)}  `;
    const access = parseAccessLog(e.message);
    if (access) return prefix + this.accessColumns(access);
    // As it is, minus the trailing newline Lambda adds; continuation lines line up under the message.
    const text = e.message.replace(/\r?\n$/, '');
    return text.includes('\n') ? prefix + text.replace(/\r?\n/g, `\n${' '.repeat(prefix.length)}`) : prefix + text;
  }

  private accessColumns(a: AccessFields): string {
    const method = a.method ?? '-';
    const route = a.route ?? '-';
    this.methodWidth = Math.min(MAX_METHOD, Math.max(this.methodWidth, method.length));
    this.routeWidth = Math.min(MAX_ROUTE, Math.max(this.routeWidth, route.length));
    const latency = a.latencyMs === undefined ? '-' : `${a.latencyMs} ms`;
    let line = `${method.padEnd(this.methodWidth)} ${route.padEnd(this.routeWidth)} ${(a.status ?? '-').padStart(3)} ${latency.padStart(8)}  ${a.requestId ?? '-'}`;
    if (a.connectionId) line += `  conn ${a.connectionId}`;
    if (a.error) line += `  error: ${a.error}`;
    return line;
  }
}
