// Seeing traffic: one record per request (or WebSocket event), printed by the tail's own LineFormatter so a local
// request reads like an access log line of a deployed stage, and the full event and response kept by request id.
import { redact } from '../redact';
import { LineFormatter, type LineFormatOptions } from '../tail/format';

export interface RequestRecord {
  requestId: string;
  /** When the request arrived, ms since the epoch. */
  time: number;
  /** HTTP method, or the WebSocket event type (CONNECT, MESSAGE, DISCONNECT). */
  method: string;
  /** The route key that served it, or the path when none did. */
  route: string;
  path?: string;
  status: number;
  latencyMs: number;
  connectionId?: string;
  /** Why the gateway answered an error (integration failure, authorizer denial…). */
  error?: string;
}

/** Lambda's request id of the request's integration call (`$context.integration.requestId`), when a function ran. */
export function integrationRequestId(d: RequestDetail): string | undefined {
  for (let i = d.invocations.length - 1; i >= 0; i--)
    if (d.invocations[i]!.kind === 'integration') return d.invocations[i]!.requestId;
  return undefined;
}

/** One call of a function for a request: what it got, what it answered, and what it logged. */
export interface FunctionInvocation {
  kind: 'integration' | 'authorizer';
  target: string;
  /** Lambda's id of the invocation (a UUID, as Lambda's are): not the request's, as on AWS. */
  requestId?: string;
  event: unknown;
  result?: unknown;
  error?: unknown;
  /** The lines the invocation logged, START to REPORT (the last INVOCATION_LOG_LINES of them). */
  log?: string[];
}

export interface RequestDetail {
  record: RequestRecord;
  /** The event an integration or authorizer received, in call order. */
  invocations: FunctionInvocation[];
  response:
    { statusCode: number; headers: Array<[string, string]>; body: string; isBase64Encoded: boolean } | undefined;
  /** The mapping templates a WebSocket non-proxy integration applied, in order, with what each made. */
  templates?: TemplateStep[];
  /** The line the stage's access log format makes of the request, when the stage has one (HTTP APIs). */
  accessLog?: string;
}

/**
 * One step of a non-proxy integration: the request template (or the message passed through, `template` null), or
 * the integration response chosen and its template (null: the answer passed on).
 */
export interface TemplateStep {
  step: 'request' | 'response';
  /** The key of `responses` the answer selected. */
  integrationResponse?: string;
  template: string | null;
  /** The payload conversion applied: the message's base64 decoded, the answer's bytes encoded to base64 (or back). */
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  /** What the step made, as text (base64 for bytes). */
  output: string;
}

/** The access-log form of a record, which the tail's parser reads back into columns. */
export function accessLogMessage(r: RequestRecord): string {
  return JSON.stringify({
    requestId: r.requestId,
    httpMethod: r.method,
    routeKey: r.route,
    ...(r.path ? { path: r.path } : {}),
    status: String(r.status),
    responseLatency: String(Math.round(r.latencyMs)),
    ...(r.connectionId ? { connectionId: r.connectionId } : {}),
    ...(r.error ? { integrationErrorMessage: r.error } : {}),
  });
}

export const LOCAL_SOURCE = 'local';

/** Formats records as tail lines (time, source, method, route, status, latency, request id). */
export class TrafficFormatter {
  private readonly lines: LineFormatter;
  constructor(options: LineFormatOptions = {}) {
    this.lines = new LineFormatter([{ logGroupName: LOCAL_SOURCE, label: LOCAL_SOURCE }], options);
  }
  format(r: RequestRecord): string {
    return this.lines.format({
      group: LOCAL_SOURCE,
      stream: LOCAL_SOURCE,
      timestamp: r.time,
      message: accessLogMessage(r),
    });
  }
  /** A function's log line, as the tail prints Lambda output (labelled with the function name). */
  formatLog(functionName: string, time: number, message: string): string {
    return this.lines.format({ group: `/aws/lambda/${functionName}`, stream: 'local', timestamp: time, message });
  }
}

/** How many of an invocation's lines a request's detail keeps: the last, where its error and REPORT are. */
export const INVOCATION_LOG_LINES = 1000;

/** The lines one invocation logs as they come, the last `max` kept: a handler printing without end costs linear time. */
export class InvocationLog {
  private kept: string[] = [];
  private dropped = 0;
  constructor(private readonly max = INVOCATION_LOG_LINES) {}

  push(line: string): void {
    this.kept.push(line);
    if (this.kept.length >= 2 * this.max) this.trim();
  }

  /** The lines kept, led by a line that says how many earlier ones were not. */
  get lines(): string[] {
    this.trim();
    return this.dropped ? [`(${this.dropped} earlier lines not kept)`, ...this.kept] : [...this.kept];
  }

  private trim(): void {
    if (this.kept.length <= this.max) return;
    this.dropped += this.kept.length - this.max;
    this.kept = this.kept.slice(-this.max);
  }
}

/** The last `max` requests' details, by request id (oldest forgotten first). */
export class RequestLog {
  private readonly byId = new Map<string, RequestDetail>();
  constructor(private readonly max = 500) {}

  begin(requestId: string): RequestDetail {
    const d: RequestDetail = { record: undefined as unknown as RequestRecord, invocations: [], response: undefined };
    this.byId.set(requestId, d);
    if (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value!);
    return d;
  }

  get(requestId: string): RequestDetail | undefined {
    return this.byId.get(requestId);
  }

  records(): RequestRecord[] {
    return [...this.byId.values()].map((d) => d.record).filter((r) => r !== undefined);
  }
}

/**
 * Show Request Details' document: the request line first, then what each function got and answered, then the
 * response, as indented JSON, redacted (lists under secret names pretty-printed over lines included).
 */
export function requestDetailText(d: RequestDetail): string {
  return redact(JSON.stringify(requestDocument(d), null, 2));
}

function requestDocument(d: RequestDetail): unknown {
  return {
    request: { ...d.record, time: new Date(d.record.time).toISOString() },
    // The stage's access log line, as its format writes it (when the stage has one).
    ...(d.accessLog !== undefined ? { accessLog: d.accessLog } : {}),
    invocations: d.invocations,
    // What a WebSocket MOCK, HTTP or Lambda integration's mapping templates made of the message and of the answer.
    ...(d.templates?.length ? { mappingTemplates: d.templates } : {}),
    response: d.response && { ...d.response, headers: headerObject(d.response.headers) },
  };
}

/** Headers as an object, which reads better; repeated names keep every value. */
function headerObject(headers: Array<[string, string]>): Record<string, string | string[]> {
  const acc: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const had = acc[k];
    acc[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return acc;
}
