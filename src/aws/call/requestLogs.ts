// "Show Logs for This Request": the access log line and the Lambda lines of one request, found with FilterLogEvents
// over a narrow window around the call and a filter pattern for the id — one call per log group in the common case —
// and retried on an injected clock while CloudWatch Logs ingests them (docs/CALL.md, "That request's logs").
//   1. the access log group, pattern "<apigw request id>": the access line, which carries the integration's request
//      id (`$context.integration.requestId`, the Lambda's awsRequestId) in the format the workbench sets;
//   2. each function of the route, pattern "<awsRequestId>", in the group Lambda says it logs to at the alias or
//      version the route calls (src/aws/lambda.ts): START … REPORT and everything the handler printed;
//   3. without that field: the invocation that started inside the request's time window (request time to request
//      time + latency); several are shown as candidates. Without an access log at all: the lines that mention the
//      API request id (handlers that log their event), and the invocation they belong to.
import {
  idPattern,
  invocations,
  invocationsInWindow,
  isOtherFunctionStream,
  lambdaRequestIdOf,
  readAccessRecord,
  type AccessRecord,
} from '../../core/call/correlate';
import type { FunctionRef, RouteFunctions } from '../../core/call/api';
import { isWorkbenchError } from '../../core/errors';
import { compareEvents, type TailEvent } from '../../core/tail/event';
import { sleep, systemClock, type Clock } from '../../core/tail/clock';
import { LineFormatter, type LineFormatOptions } from '../../core/tail/format';
import {
  assumedReason,
  defaultLogGroup,
  functionLabel,
  functionLogGroups,
  type AssumedBecause,
  type LambdaAdapter,
} from '../lambda';
import { elsewhere, homeOf } from '../logHome';
import type { LogsAdapter } from '../logs';

export interface RequestLogsInput {
  logs: Pick<LogsAdapter, 'filterLogEvents' | 'logGroups'>;
  /** The session's region: a function of another region or account logs there, and is not searched here. */
  connection?: { region: string };
  /** Where the route's functions send their logs (GetFunctionConfiguration). */
  lambda: Pick<LambdaAdapter, 'logGroup'>;
  /** The response's apigw-requestid / x-amzn-requestid. */
  requestId: string;
  /** When the call started and ended (ms): the search window is around them. */
  startedAt: number;
  endedAt?: number;
  accessLogGroup?: string;
  /** The stage's access log format, which the access line is read against. */
  accessLogFormat?: string;
  /**
   * The route's Lambda functions, with the alias or version its URI names (their groups asked of Lambda at that
   * qualifier); an authorizer's is searched but not waited for.
   */
  functions: RouteFunctions;
  clock?: Clock;
  /** How long to wait for CloudWatch's ingestion before giving up; default 90 s. */
  waitMs?: number;
  /** Pauses between attempts, the last repeated; default 1, 2, 3, 5 s then every 5 s. */
  delaysMs?: number[];
  onProgress?: (p: RequestLogsProgress) => void;
  signal?: AbortSignal;
}

export interface RequestLogsProgress {
  attempt: number;
  elapsedMs: number;
  /** What has not arrived yet: `access log`, function names. */
  waitingFor: string[];
}

export type Correlation = 'integration-request-id' | 'time-window' | 'request-id-in-lines' | 'none';

export interface FunctionLogs {
  /** The function as the route's URI names it (with its region and account). */
  ref: FunctionRef;
  name: string;
  /** The alias or version the route calls, when its URI names one. */
  qualifier?: string;
  /** `name`, or `name:qualifier`: how messages and lines name it. */
  label: string;
  role: 'integration' | 'authorizer';
  logGroupName: string;
  events: TailEvent[];
  correlation: Correlation;
  /** Invocations that fit the time window when there are several (then `events` holds all of them). */
  candidates?: number;
  /** The invocation's REPORT line arrived: nothing more will. */
  complete: boolean;
}

export interface RequestLogs {
  requestId: string;
  access?: TailEvent;
  accessRecord?: AccessRecord;
  /** The format the access line was read against. */
  accessFormat?: string;
  functions: FunctionLogs[];
  /** Every line found, in time order (access line included). */
  events: TailEvent[];
  /** FilterLogEvents calls made (pages included). */
  calls: number;
  complete: boolean;
  /** What was found, or what never arrived and why that may be. */
  message: string;
}

const DEFAULT_WAIT_MS = 90_000;
const DEFAULT_DELAYS = [1000, 2000, 3000, 5000];
/** Around the call: clocks differ, and a request can run 30 s. */
const BEFORE_MS = 2 * 60_000;
const AFTER_MS = 5 * 60_000;

type Window = { startTime: number; endTime: number };

class Search {
  readonly clock: Clock;
  calls = 0;
  access: TailEvent | undefined;
  record: AccessRecord | undefined;
  readonly functions: FunctionLogs[];
  /** Functions whose log group was assumed to be /aws/lambda/NAME, by why. */
  assumed = new Map<AssumedBecause, string[]>();
  /** Functions of another region or account, not searched: why, for each. */
  readonly elsewhere: string[] = [];
  constructor(readonly i: RequestLogsInput) {
    this.clock = i.clock ?? systemClock;
    const roles = [
      ['integration', i.functions.integration],
      ['authorizer', i.functions.authorizer],
    ] as const;
    this.functions = roles.flatMap(([role, fn]) => (fn ? [functionLogs(role, fn)] : []));
  }

  /**
   * Functions whose logs are in another region or account (a cross-account Lambda integration, a URI of another
   * region) are set aside, with the reason: a same-named group here would be another function's (src/aws/logHome.ts).
   */
  async setAsideElsewhere(): Promise<void> {
    const home = homeOf(
      { logs: this.i.logs, ...(this.i.connection ? { connection: this.i.connection } : {}) },
      undefined,
      this.i.signal,
    );
    for (const f of [...this.functions]) {
      // The account is read from a log group's ARN: a profile that may not list them (logs:DescribeLogGroups) still
      // gets its request's logs, as before this check, with the region compared alone.
      const reason = await elsewhere(f.ref, home).catch(() => elsewhere({ ...f.ref, account: undefined }, home));
      if (!reason) continue;
      this.functions.splice(this.functions.indexOf(f), 1);
      this.elsewhere.push(`${f.label}: not searched: ${reason}`);
    }
  }

  /** Each function's log group, as Lambda names it (once, before the first search). */
  async resolveGroups(): Promise<void> {
    const groups = await functionLogGroups(this.i.lambda, this.functions, this.i.signal);
    for (const f of this.functions) f.logGroupName = groups.group(f);
    for (const [because, fns] of groups.assumed) this.assumed.set(because, fns.map(functionLabel));
  }

  window(): Window {
    return { startTime: this.i.startedAt - BEFORE_MS, endTime: (this.i.endedAt ?? this.i.startedAt) + AFTER_MS };
  }

  /** Every event of `group` in the window that matches `pattern` (all pages); none when the group does not exist. */
  async filter(group: string, pattern: string | undefined, window = this.window()): Promise<TailEvent[]> {
    const out: TailEvent[] = [];
    try {
      const pages = this.i.logs.filterLogEvents(group, {
        ...window,
        ...(pattern ? { filterPattern: pattern } : {}),
        ...(this.i.signal ? { signal: this.i.signal } : {}),
      });
      for await (const page of pages) {
        this.calls++;
        for (const e of page.items)
          out.push({
            group,
            stream: e.logStreamName ?? '',
            timestamp: e.timestamp ?? 0,
            message: e.message ?? '',
            ...(e.ingestionTime ? { ingestionTime: e.ingestionTime } : {}),
            ...(e.eventId ? { eventId: e.eventId } : {}),
          });
      }
    } catch (err) {
      if (!(isWorkbenchError(err) && err.code === 'NotFound')) throw err;
    }
    return out;
  }

  async findAccess(): Promise<void> {
    if (!this.i.accessLogGroup || this.access) return;
    for (const e of await this.filter(this.i.accessLogGroup, idPattern(this.i.requestId))) {
      const rec = readAccessRecord(e.message, this.i.requestId, this.i.accessLogFormat);
      if (rec) {
        this.access = e;
        this.record = rec;
        return;
      }
    }
  }

  /** The access line is needed first (it names the invocation), unless there is no access log. */
  canSearchFunctions(): boolean {
    return !this.i.accessLogGroup || this.access !== undefined;
  }

  async findFunction(f: FunctionLogs): Promise<void> {
    const rec = this.record;
    if (f.role === 'authorizer') {
      // Its own awsRequestId is in no access log field; a cached result runs nothing: searched, never waited for.
      if (rec?.requestTime !== undefined) await this.byTime(f, rec.requestTime, rec.latencyMs ?? 0);
      else if (!this.i.accessLogGroup) await this.byMention(f);
      f.complete = true;
      return;
    }
    if (rec?.integrationRequestId) {
      const events = await this.filter(f.logGroupName, idPattern(rec.integrationRequestId));
      if (events.length) this.take(f, events, 'integration-request-id');
      return;
    }
    if (rec?.carriesIntegrationId) {
      // The format has the field and it is empty: no integration was called (refused, throttled, not found).
      f.complete = true;
      return;
    }
    if (rec?.requestTime !== undefined) return this.byTime(f, rec.requestTime, rec.latencyMs ?? 0);
    if (!this.i.accessLogGroup) return this.byMention(f);
  }

  private take(f: FunctionLogs, events: TailEvent[], correlation: Correlation, candidates?: number): void {
    f.events = events.sort(compareEvents);
    f.correlation = correlation;
    f.complete = invocations(events).every((i) => i.complete) && events.length > 0;
    if (candidates !== undefined && candidates > 1) f.candidates = candidates;
  }

  /** The lines of `f`'s group that may be its own: not in a stream Lambda named for another function. */
  private async ownLines(f: FunctionLogs, pattern: string | undefined, window?: Window): Promise<TailEvent[]> {
    const events = await this.filter(f.logGroupName, pattern, window);
    return events.filter((e) => !isOtherFunctionStream(e.stream, f.name));
  }

  private async byTime(f: FunctionLogs, from: number, latency: number): Promise<void> {
    const window = { startTime: from - 1000, endTime: from + latency + 31_000 };
    const all = invocations(await this.ownLines(f, undefined, window));
    const fits = invocationsInWindow(all, { from, to: from + latency });
    if (fits.length)
      this.take(
        f,
        fits.flatMap((i) => i.events),
        'time-window',
        fits.length,
      );
  }

  private async byMention(f: FunctionLogs): Promise<void> {
    const mentions = await this.ownLines(f, idPattern(this.i.requestId));
    const ids = [...new Set(mentions.map((e) => lambdaRequestIdOf(e.message)).filter((x): x is string => !!x))];
    if (ids.length === 0) return;
    const events = (await Promise.all(ids.map((id) => this.filter(f.logGroupName, idPattern(id))))).flat();
    this.take(f, events, 'request-id-in-lines', ids.length);
  }

  waitingFor(): string[] {
    return [
      ...(this.i.accessLogGroup && !this.access ? ['access log'] : []),
      ...this.functions.filter((f) => !f.complete).map((f) => f.label),
    ];
  }
}

function functionLogs(role: FunctionLogs['role'], fn: FunctionRef): FunctionLogs {
  return {
    ref: fn,
    name: fn.name,
    ...(fn.qualifier ? { qualifier: fn.qualifier } : {}),
    label: functionLabel(fn),
    role,
    logGroupName: defaultLogGroup(fn.name),
    events: [],
    correlation: 'none',
    complete: false,
  };
}

function summary(s: Search, timedOut: boolean): string {
  const id = s.i.requestId;
  const found = s.functions.filter((f) => f.events.length);
  const parts: string[] = [];
  if (s.i.accessLogGroup && !s.access)
    return `No access log line for request ${id} arrived in ${s.i.accessLogGroup} within ${Math.round((s.i.waitMs ?? DEFAULT_WAIT_MS) / 1000)} s. CloudWatch Logs can take longer; or the stage's access log format lacks $context.requestId; or the request never reached the stage.`;
  if (!s.i.accessLogGroup)
    parts.push(`The stage has no access logging: Lambda lines were looked for by the request id they mention.`);
  if (s.access && s.record?.carriesIntegrationId && !s.record.integrationRequestId)
    parts.push(`No integration was called (status ${s.record.status ?? '?'}).`);
  else if (s.access && !s.record?.integrationRequestId && s.functions.length)
    parts.push(
      'The access log format does not carry $context.integration.requestId: Lambda lines were matched by time.',
    );
  parts.push(...s.elsewhere);
  for (const [because, names] of s.assumed) parts.push(`${names.join(', ')}: ${assumedReason(because, names.length)}.`);
  for (const f of s.functions.filter((x) => x.candidates))
    parts.push(`${f.label}: ${f.candidates} invocations fit the request's time window; all are shown.`);
  const missing = s.functions
    .filter(
      (f) =>
        !f.events.length &&
        !(f.role === 'integration' && s.record?.carriesIntegrationId && !s.record.integrationRequestId),
    )
    .map((f) => f.label);
  if (missing.length)
    parts.push(`No lines of ${missing.join(', ')} for this request${timedOut ? ' arrived in time' : ''}.`);
  const head = `${s.access ? 1 : 0} access log line, ${found.reduce((n, f) => n + f.events.length, 0)} Lambda lines for request ${id}.`;
  return [head, ...parts].join(' ');
}

/** Finds the lines of one request, waiting for their ingestion; ends with what was found and what was not. */
export async function logsForRequest(i: RequestLogsInput): Promise<RequestLogs> {
  const s = new Search(i);
  await s.setAsideElsewhere();
  await s.resolveGroups();
  const started = s.clock.now();
  const delays = i.delaysMs ?? DEFAULT_DELAYS;
  let timedOut = false;
  for (let attempt = 1; ; attempt++) {
    await s.findAccess();
    if (s.canSearchFunctions()) for (const f of s.functions.filter((x) => !x.complete)) await s.findFunction(f);
    const waiting = s.waitingFor();
    if (waiting.length === 0) break;
    const elapsed = s.clock.now() - started;
    if (elapsed >= (i.waitMs ?? DEFAULT_WAIT_MS)) {
      timedOut = true;
      break;
    }
    i.onProgress?.({ attempt, elapsedMs: elapsed, waitingFor: waiting });
    await sleep(s.clock, delays[Math.min(attempt - 1, delays.length - 1)]!, i.signal);
  }
  const events = [...(s.access ? [s.access] : []), ...s.functions.flatMap((f) => f.events)].sort(compareEvents);
  return {
    requestId: i.requestId,
    ...(s.access ? { access: s.access, accessRecord: s.record! } : {}),
    ...(s.access && s.i.accessLogFormat ? { accessFormat: s.i.accessLogFormat } : {}),
    functions: s.functions,
    events,
    calls: s.calls,
    complete: !timedOut,
    message: summary(s, timedOut),
  };
}

/** The request's lines in the tail's format (src/core/tail/format.ts): time, source, then the access columns or the line. */
export function requestLogLines(r: RequestLogs, o: LineFormatOptions = {}): string[] {
  const labels = [
    ...(r.access
      ? [{ logGroupName: r.access.group, label: 'access', ...(r.accessFormat ? { accessFormat: r.accessFormat } : {}) }]
      : []),
    ...r.functions.map((f) => ({ logGroupName: f.logGroupName, label: f.label })),
  ];
  const format = new LineFormatter(labels, o);
  return r.events.map((e) => format.format(e));
}
