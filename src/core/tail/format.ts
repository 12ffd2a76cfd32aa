// One readable line per tailed event: time, source, and for API Gateway access logs the method, route, status,
// latency and request id in aligned columns. Anything else (Lambda output, execution logs, other JSON) is printed
// as it is. Access log formats are chosen by each API's owner: where the stage's format is known (a source's
// `accessFormat`, its AccessLogSettings.Format) a line is read against it, whatever its shape (CLF, CSV, XML,
// nested JSON); otherwise a JSON line's fields are found by their usual names, whatever the case or separators
// ($context.httpMethod as "httpMethod", "http_method", "method"…).
import { CONTEXT_VARIABLE } from '../gatewaySpec/accessLogVariables';
import { matchTemplate, type TemplatePart } from '../template';
import type { SourceKind, TailEvent } from './event';

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

function scalar(v: unknown, keepEmpty = false): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') return undefined;
  const s = String(v).trim();
  // API Gateway writes "-" for a variable that has no value.
  return !keepEmpty && (s === '' || s === '-') ? undefined : s;
}

/**
 * The access log fields of a message, or undefined when it is not an access log line. With the stage's access log
 * `format`, the line is read against it; a line that does not fit it (or no format) is read as JSON.
 */
export function parseAccessLog(message: string, format?: string): AccessFields | undefined {
  const flat = accessLogValues(message, format);
  return flat && accessFields(flat);
}

/**
 * An access log line's values by normalised name (`integration.requestId` → integrationrequestid), read against
 * the stage's `format` where it fits, else as JSON; "-" and empty values left out unless `keepEmpty` (which tells
 * what the format carries). Undefined when the line is neither.
 */
export function accessLogValues(message: string, format?: string, keepEmpty = false): Map<string, string> | undefined {
  return (format ? templateValues(message, format, keepEmpty) : undefined) ?? jsonValues(message, keepEmpty);
}

/**
 * A JSON line's scalar values by normalised name; one nested level joined (integration.error → integrationerror),
 * and under `context` also bare (a format that nests as `$context.x` does). Only `context`: Lambda's own JSON log
 * lines nest under `record` a requestId and a status too, and are no access log lines.
 */
export function jsonValues(message: string, keepEmpty = false): Map<string, string> | undefined {
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
  const nested = new Map<string, string>();
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const nk = norm(k);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        const s = scalar(v2, keepEmpty);
        if (s === undefined) continue;
        if (!flat.has(nk + norm(k2))) flat.set(nk + norm(k2), s);
        if (nk === 'context' && !nested.has(norm(k2))) nested.set(norm(k2), s);
      }
    } else {
      const s = scalar(v, keepEmpty);
      if (s !== undefined) flat.set(nk, s);
    }
  }
  // `{"context": {"requestId": …}}`: a field under `context` counts when no top-level one has its name.
  for (const [k, v] of nested) if (!flat.has(k)) flat.set(k, v);
  return flat;
}

/** An access log format as template parts, with the normalised name of each variable. */
interface AccessTemplate {
  parts: TemplatePart[];
  names: string[];
}

// Variables whose values hold no blank: where a format separates fields with spaces (CLF), these cannot take the
// next field's text. The rest (routeKey "GET /items", requestTime, messages, user agents) may hold anything.
const WITHOUT_BLANKS = new Set([
  'requestid',
  'extendedrequestid',
  'httpmethod',
  'status',
  'protocol',
  'responselength',
  'responselatency',
  'integrationlatency',
  'integrationstatus',
  'path',
  'resourcepath',
  'stage',
  'apiid',
  'connectionid',
  'eventtype',
  'identitysourceip',
  'domainname',
  'domainprefix',
  'requesttimeepoch',
  'awsendpointrequestid',
]);

const templates = new Map<string, AccessTemplate>();
const MAX_TEMPLATES = 64;

function accessTemplate(format: string): AccessTemplate {
  const known = templates.get(format);
  if (known) return known;
  const t: AccessTemplate = { parts: [], names: [] };
  let last = 0;
  for (const m of format.matchAll(CONTEXT_VARIABLE)) {
    if (m.index > last) t.parts.push({ literal: format.slice(last, m.index) });
    const name = norm(m[1]!);
    t.parts.push({ blanks: !WITHOUT_BLANKS.has(name) });
    t.names.push(name);
    last = m.index + m[0].length;
  }
  if (last < format.length) t.parts.push({ literal: format.slice(last) });
  if (templates.size >= MAX_TEMPLATES) templates.clear();
  templates.set(format, t);
  return t;
}

/** A line's values by variable (normalised: `$context.identity.sourceIp` → identitysourceip), if it fits `format`. */
function templateValues(message: string, format: string, keepEmpty: boolean): Map<string, string> | undefined {
  const t = accessTemplate(format);
  if (t.names.length === 0) return undefined;
  const values = matchTemplate(t.parts, message.replace(/\r?\n$/, ''));
  if (!values) return undefined;
  const flat = new Map<string, string>();
  t.names.forEach((name, i) => {
    const s = scalar(values[i], keepEmpty);
    if (s !== undefined && !flat.has(name)) flat.set(name, s);
  });
  return flat;
}

/** The columns from a line's values by normalised name; undefined without a request id and one of the others. */
function accessFields(flat: Map<string, string>): AccessFields | undefined {
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
  /** Each access log group's format, which its lines are read against. */
  private readonly formats: Map<string, string>;
  /** Groups known to hold no access logs (a function's, execution logs): their lines are never read as such. */
  private readonly notAccess: Set<string>;
  private readonly sourceWidth: number;
  private methodWidth = 6;
  private routeWidth = 16;

  constructor(
    sources: ReadonlyArray<{ logGroupName: string; label: string; accessFormat?: string; kind?: SourceKind }>,
    private readonly options: LineFormatOptions = {},
  ) {
    this.labels = new Map(sources.map((s) => [s.logGroupName, s.label]));
    this.formats = new Map(sources.flatMap((s) => (s.accessFormat ? [[s.logGroupName, s.accessFormat]] : [])));
    this.notAccess = new Set(sources.filter((s) => s.kind && s.kind !== 'access').map((s) => s.logGroupName));
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
    // A function's structured log line (Lambda's JSON log format with a requestId, plus a handler's own "status"
    // or "method") looks like an access log line: only a group of unknown kind is guessed at.
    const access = this.notAccess.has(e.group) ? undefined : parseAccessLog(e.message, this.formats.get(e.group));
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
