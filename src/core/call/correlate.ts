// Finding one request's lines in CloudWatch Logs, the pure half (docs/CALL.md, "That request's logs"): the filter
// pattern for an id, the fields of an access log line that link it to its Lambda invocation
// (`$context.integration.requestId` is the function's awsRequestId), the request id of a Lambda line, and — when the
// access log does not carry the integration's request id — the invocation that ran inside the request's time window.
import { WorkbenchError } from '../errors';
import type { TailEvent } from '../tail/event';
import { accessLogValues, jsonValues } from '../tail/format';

/** A CloudWatch filter pattern that matches events containing `id` as a term (quoted: ids hold `-`, `=`, `/`). */
export function idPattern(id: string): string {
  if (!/^[A-Za-z0-9=+/_.:-]{1,200}$/.test(id))
    throw new WorkbenchError('InvalidArgument', `Not a request id: ${id.slice(0, 80)}`, {
      hint: 'Use the apigw-requestid (or x-amzn-requestid) of a response.',
    });
  return `"${id}"`;
}

export interface AccessRecord {
  requestId: string;
  /** `$context.integration.requestId` (or `integrationRequestId`, `awsEndpointRequestId`): the Lambda's awsRequestId. */
  integrationRequestId?: string;
  /** The format has that field: when it is empty ("-"), no integration was called (an authorizer refused…). */
  carriesIntegrationId: boolean;
  /** `$context.requestTimeEpoch` or `$context.requestTime`, ms. */
  requestTime?: number;
  latencyMs?: number;
  routeKey?: string;
  status?: string;
}

const CLF_MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** `12/Mar/2024:10:00:00 +0000` (API Gateway's `$context.requestTime`) or ISO 8601 → ms. */
export function parseRequestTime(text: string): number | undefined {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (m) {
    const month = CLF_MONTHS.indexOf(m[2]!) / 3;
    const utc = Date.UTC(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
    const offset = (m[7] === '-' ? -1 : 1) * (+m[8]! * 60 + +m[9]!) * 60_000;
    return month < 0 ? undefined : utc - offset;
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The fields of an access log line that correlation uses, or undefined when it is not one for `requestId`; read
 * against the stage's access log `format` when it is known (src/core/tail/format.ts).
 */
export function readAccessRecord(message: string, requestId?: string, format?: string): AccessRecord | undefined {
  const f = accessLogValues(message, format);
  const all = accessLogValues(message, format, true);
  const id = f?.get('requestid') ?? f?.get('extendedrequestid');
  if (!f || !all || !id || (requestId !== undefined && id !== requestId && f.get('extendedrequestid') !== requestId))
    return undefined;
  const integ = f.get('integrationrequestid') ?? f.get('awsendpointrequestid');
  const epoch = f.get('requesttimeepoch');
  const time =
    epoch !== undefined ? Number(epoch) : f.has('requesttime') ? parseRequestTime(f.get('requesttime')!) : undefined;
  const latency = Number(f.get('responselatency') ?? f.get('latency') ?? f.get('integrationlatency'));
  return {
    requestId: id,
    ...(integ ? { integrationRequestId: integ } : {}),
    carriesIntegrationId: all.has('integrationrequestid') || all.has('awsendpointrequestid'),
    ...(time !== undefined && Number.isFinite(time) ? { requestTime: time } : {}),
    ...(Number.isFinite(latency) ? { latencyMs: latency } : {}),
    ...(f.get('routekey') ? { routeKey: f.get('routekey')! } : {}),
    ...(f.get('status') ? { status: f.get('status')! } : {}),
  };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PLATFORM = new RegExp(`^(?:START|END|REPORT|INIT_REPORT|RESTORE_REPORT) RequestId: (${UUID})`, 'i');
// The runtimes' text format: time, request id, level, message (Node.js, .NET); Python's logger puts its level first,
// `[INFO]\ttime\trequest id\tmessage` (https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html).
const RUNTIME = new RegExp(`^(?:\\[[A-Z]+\\]\\t)?\\S+\\t(${UUID})\\t`, 'i');

/** The awsRequestId a Lambda log line belongs to: platform lines, the runtimes' tab formats, or JSON log format. */
export function lambdaRequestIdOf(message: string): string | undefined {
  const m = PLATFORM.exec(message) ?? RUNTIME.exec(message);
  if (m) return m[1]!.toLowerCase();
  const f = jsonValues(message);
  const id = f?.get('requestid') ?? f?.get('recordrequestid');
  return id && new RegExp(`^${UUID}$`, 'i').test(id) ? id.toLowerCase() : undefined;
}

// Lambda names the streams of a custom log group YYYY/MM/DD/<function_name>[<function_version>]<environment GUID>,
// so that functions sharing the group stay apart
// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html); a default group's streams
// (YYYY/MM/DD/[VERSION]GUID) hold one function's lines.
const FUNCTION_STREAM = /^\d{4}\/\d{2}\/\d{2}\/([A-Za-z0-9_.-]{1,140})\[/;

/** Whether a stream is, by its name, another function's than `functionName` (one Lambda names for a function). */
export function isOtherFunctionStream(stream: string, functionName: string): boolean {
  const named = FUNCTION_STREAM.exec(stream)?.[1];
  return named !== undefined && named !== functionName;
}

export interface Invocation {
  awsRequestId: string;
  /** The START line's time (or the first line's). */
  start: number;
  events: TailEvent[];
  /** A REPORT line was seen: the invocation has ended and every line of it exists. */
  complete: boolean;
}

/** Lambda lines grouped by invocation, in time order. */
export function invocations(events: readonly TailEvent[]): Invocation[] {
  const by = new Map<string, Invocation>();
  for (const e of events) {
    const id = lambdaRequestIdOf(e.message);
    if (!id) continue;
    let inv = by.get(id);
    if (!inv) by.set(id, (inv = { awsRequestId: id, start: e.timestamp, events: [], complete: false }));
    if (/^START RequestId:/.test(e.message)) inv.start = e.timestamp;
    if (/^REPORT RequestId:/.test(e.message) || /"platform\.report"/.test(e.message)) inv.complete = true;
    inv.events.push(e);
  }
  return [...by.values()].sort((a, b) => a.start - b.start);
}

/**
 * Without the integration's request id: the invocations that started within the request's window (from its request
 * time to request time + latency, widened by `slackMs` for clock differences). One is a match; several are
 * candidates the caller shows as such.
 */
export function invocationsInWindow(
  all: readonly Invocation[],
  window: { from: number; to: number },
  slackMs = 1000,
): Invocation[] {
  return all.filter((i) => i.start >= window.from - slackMs && i.start <= window.to + slackMs);
}
