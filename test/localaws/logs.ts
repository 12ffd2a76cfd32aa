// Amazon CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.*`): log groups and streams per region, events,
// FilterLogEvents with CloudWatch filter patterns, and StartLiveTail sessions fed by PutLogEvents.
import {
  AwsError,
  clean,
  decodeToken,
  encodeToken,
  type Json,
  type ServiceRequest,
  type ServiceResponse,
} from './common';

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
  /** Arrival order across the region, the tie-breaker after timestamp. */
  seq: number;
}

export interface LogStream {
  logStreamName: string;
  creationTime: number;
  events: LogEvent[];
}

export interface LogGroup {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass: string;
  tags: Record<string, string>;
  streams: Map<string, LogStream>;
}

/** What a live tail session writes to: the server turns these into event-stream messages. */
export interface LiveTailSink {
  event(type: 'sessionStart' | 'sessionUpdate', body: Json): void;
  exception(type: 'SessionTimeoutException' | 'SessionStreamingException', message: string): void;
  end(): void;
  onClose(cb: () => void): void;
}

export interface LogsContext {
  groups(region: string): Map<string, LogGroup>;
  account(): string;
  now(): number;
  newId(length: number): string;
  /** Default `limit` for FilterLogEvents, GetLogEvents and the Describe calls: small, to exercise nextToken. */
  defaultPageSize(): number;
  liveTail(): { intervalMs: number; maxEventsPerUpdate: number; maxSessionMs: number };
}

const invalid = (message: string) => new AwsError(400, 'InvalidParameterException', message);
/** FilterLogEvents answers at most 1 MB of events per call (CloudWatch Logs API reference). */
export const FILTER_PAGE_BYTES = 1024 * 1024;
const missing = (message: string) => new AwsError(400, 'ResourceNotFoundException', message);

interface Session {
  region: string;
  groups: Set<string>;
  streamNames?: Set<string>;
  streamPrefixes?: string[];
  match: (message: string) => boolean;
  pending: Json[];
  sink: LiveTailSink;
}

export class Logs {
  private seq = 0;
  private readonly sessions = new Set<Session>();
  /** While set, live tail updates wait: events gather in the sessions and go out in the first update after. */
  holdUpdates = false;
  readonly operations = [
    'CreateLogGroup',
    'DeleteLogGroup',
    'DescribeLogGroups',
    'PutRetentionPolicy',
    'DeleteRetentionPolicy',
    'CreateLogStream',
    'DeleteLogStream',
    'DescribeLogStreams',
    'PutLogEvents',
    'FilterLogEvents',
    'GetLogEvents',
    'StartLiveTail',
  ];

  constructor(private readonly ctx: LogsContext) {}

  /** Live tail sessions open now (tests wait for a session before putting events). */
  get liveSessions(): number {
    return this.sessions.size;
  }

  handle(operation: string, req: ServiceRequest): ServiceResponse & { liveTail?: (sink: LiveTailSink) => void } {
    const b = req.body;
    const groups = this.ctx.groups(req.region);
    switch (operation) {
      case 'CreateLogGroup': {
        const name = groupName(b.logGroupName);
        if (groups.has(name))
          throw new AwsError(400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
        this.createGroup(req.region, { logGroupName: name, tags: b.tags, logGroupClass: b.logGroupClass });
        return ok({});
      }
      case 'DeleteLogGroup':
        this.group(groups, b.logGroupName);
        groups.delete(b.logGroupName);
        return ok({});
      case 'PutRetentionPolicy': {
        const g = this.group(groups, b.logGroupName);
        const allowed = [
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
        ];
        if (!allowed.includes(b.retentionInDays))
          throw invalid(`Invalid retentionInDays ${b.retentionInDays}: use one of ${allowed.join(', ')}`);
        g.retentionInDays = b.retentionInDays;
        return ok({});
      }
      case 'DeleteRetentionPolicy':
        delete this.group(groups, b.logGroupName).retentionInDays;
        return ok({});
      case 'DescribeLogGroups': {
        let list = [...groups.values()].sort((x, y) => x.logGroupName.localeCompare(y.logGroupName));
        if (b.logGroupNamePrefix && b.logGroupNamePattern)
          throw invalid('logGroupNamePrefix and logGroupNamePattern are mutually exclusive');
        if (b.logGroupNamePrefix) list = list.filter((g) => g.logGroupName.startsWith(b.logGroupNamePrefix));
        if (b.logGroupNamePattern)
          list = list.filter((g) => g.logGroupName.toLowerCase().includes(String(b.logGroupNamePattern).toLowerCase()));
        if (Array.isArray(b.logGroupIdentifiers)) {
          const wanted = new Set((b.logGroupIdentifiers as string[]).map(nameFromIdentifier));
          list = list.filter((g) => wanted.has(g.logGroupName));
        }
        const { page, nextToken } = this.slice(list, b, 50);
        return ok(clean({ logGroups: page.map((g) => this.groupOut(req.region, g)), nextToken }));
      }
      case 'CreateLogStream': {
        const g = this.group(groups, b.logGroupName);
        const name = String(b.logStreamName ?? '');
        if (!name || name.length > 512 || /[:*]/.test(name)) throw invalid(`Invalid logStreamName ${name}`);
        if (g.streams.has(name))
          throw new AwsError(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
        g.streams.set(name, { logStreamName: name, creationTime: this.ctx.now(), events: [] });
        return ok({});
      }
      case 'DeleteLogStream': {
        const g = this.group(groups, b.logGroupName);
        if (!g.streams.delete(b.logStreamName)) throw missing('The specified log stream does not exist.');
        return ok({});
      }
      case 'DescribeLogStreams': {
        const g = this.group(groups, b.logGroupName ?? nameFromIdentifier(b.logGroupIdentifier ?? ''));
        let list = [...g.streams.values()];
        if (b.logStreamNamePrefix) {
          if (b.orderBy === 'LastEventTime') throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
          list = list.filter((s) => s.logStreamName.startsWith(b.logStreamNamePrefix));
        }
        const last = (s: LogStream) => s.events.at(-1)?.timestamp ?? 0;
        list.sort(
          b.orderBy === 'LastEventTime'
            ? (x, y) => last(x) - last(y)
            : (x, y) => x.logStreamName.localeCompare(y.logStreamName),
        );
        if (b.descending) list.reverse();
        const { page, nextToken } = this.slice(list, b, 50);
        return ok(clean({ logStreams: page.map((s) => this.streamOut(req.region, g, s)), nextToken }));
      }
      case 'PutLogEvents':
        return ok(this.putLogEvents(req.region, b));
      case 'FilterLogEvents':
        return ok(this.filterLogEvents(groups, b));
      case 'GetLogEvents':
        return ok(this.getLogEvents(groups, b));
      case 'StartLiveTail':
        return this.startLiveTail(req, groups);
      default:
        throw new AwsError(400, 'UnknownOperationException', `Unknown operation ${operation}`);
    }
  }

  createGroup(
    region: string,
    g: { logGroupName: string; retentionInDays?: number; tags?: Record<string, string>; logGroupClass?: string },
  ): LogGroup {
    const group: LogGroup = {
      logGroupName: groupName(g.logGroupName),
      creationTime: this.ctx.now(),
      ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
      logGroupClass: g.logGroupClass ?? 'STANDARD',
      tags: { ...g.tags },
      streams: new Map(),
    };
    this.ctx.groups(region).set(group.logGroupName, group);
    return group;
  }

  putLogEvents(region: string, b: Json): Json {
    const g = this.group(this.ctx.groups(region), b.logGroupName);
    const s = g.streams.get(b.logStreamName);
    if (!s) throw missing('The specified log stream does not exist.');
    const events = b.logEvents as Array<{ timestamp: number; message: string }> | undefined;
    if (!Array.isArray(events) || events.length === 0 || events.length > 10_000)
      throw invalid('logEvents must hold 1 to 10,000 events');
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.timestamp < events[i - 1]!.timestamp)
        throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
    }
    const now = this.ctx.now();
    const added: LogEvent[] = events.map((e) => {
      if (typeof e.message !== 'string' || e.message.length === 0)
        throw invalid('A log event message must not be empty');
      const seq = ++this.seq;
      return {
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: now,
        seq,
        eventId: `${String(e.timestamp).padStart(16, '0')}${String(seq).padStart(40, '0')}`,
      };
    });
    const inOrder = s.events.length === 0 || s.events[s.events.length - 1]!.timestamp <= added[0]!.timestamp;
    for (const e of added) s.events.push(e);
    if (!inOrder) s.events.sort((x, y) => x.timestamp - y.timestamp || x.seq - y.seq);
    for (const session of this.sessions) {
      if (session.region !== region || !session.groups.has(g.logGroupName)) continue;
      if (session.streamNames && !session.streamNames.has(s.logStreamName)) continue;
      if (session.streamPrefixes && !session.streamPrefixes.some((p) => s.logStreamName.startsWith(p))) continue;
      for (const e of added) {
        if (!session.match(e.message)) continue;
        session.pending.push({
          logStreamName: s.logStreamName,
          logGroupIdentifier: groupArn(region, this.ctx.account(), g.logGroupName),
          message: e.message,
          timestamp: e.timestamp,
          ingestionTime: e.ingestionTime,
        });
      }
    }
    return {};
  }

  private filterLogEvents(groups: Map<string, LogGroup>, b: Json): Json {
    const name = b.logGroupName ?? (b.logGroupIdentifier ? nameFromIdentifier(b.logGroupIdentifier) : undefined);
    const g = this.group(groups, name);
    if (b.logStreamNames && b.logStreamNamePrefix)
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive');
    const match = compileFilterPattern(b.filterPattern ?? '');
    let streams = [...g.streams.values()];
    if (Array.isArray(b.logStreamNames))
      streams = streams.filter((s) => (b.logStreamNames as string[]).includes(s.logStreamName));
    if (b.logStreamNamePrefix) streams = streams.filter((s) => s.logStreamName.startsWith(b.logStreamNamePrefix));
    const limit = this.limit(b.limit, 10_000);
    // The token is a cursor (timestamp, arrival) past the last event returned, as AWS's pages follow time order.
    const after = decodeToken<[number, number]>(b.nextToken, () => invalid('The specified nextToken is invalid.'));
    // Streams are kept in (timestamp, arrival) order: each is entered by binary search and the page is merged from
    // them, so a page costs its own size, not the group's (the tail bench puts 10,000 events a second).
    const skipped = (e: LogEvent) =>
      (b.startTime !== undefined && e.timestamp < b.startTime) ||
      (after !== undefined && (e.timestamp < after[0] || (e.timestamp === after[0] && e.seq <= after[1])));
    const idx = streams.map((st) => {
      let lo = 0;
      let hi = st.events.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (skipped(st.events[mid]!)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    });
    const page: Array<LogEvent & { logStreamName: string }> = [];
    let size = 0;
    let more = false;
    for (;;) {
      let best = -1;
      for (let i = 0; i < streams.length; i++) {
        const e = streams[i]!.events[idx[i]!];
        if (!e || (b.endTime !== undefined && e.timestamp > b.endTime)) continue;
        const cur = best >= 0 ? streams[best]!.events[idx[best]!]! : undefined;
        if (!cur || e.timestamp < cur.timestamp || (e.timestamp === cur.timestamp && e.seq < cur.seq)) best = i;
      }
      if (best < 0) break;
      const e = streams[best]!.events[idx[best]!++]!;
      if (!match(e.message)) continue;
      // A page holds `limit` events or 1 MB, whichever comes first (messages plus 26 bytes each, as AWS counts).
      const bytes = Buffer.byteLength(e.message) + 26;
      if (page.length >= limit || (page.length > 0 && size + bytes > FILTER_PAGE_BYTES)) {
        more = true;
        break;
      }
      size += bytes;
      page.push({ ...e, logStreamName: streams[best]!.logStreamName });
    }
    const last = page.at(-1);
    return clean({
      events: page.map((e) => ({
        logStreamName: e.logStreamName,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
        eventId: e.eventId,
      })),
      searchedLogStreams: streams.map((st) => ({ logStreamName: st.logStreamName, searchedCompletely: !more })),
      nextToken: more && last ? encodeToken([last.timestamp, last.seq]) : undefined,
    });
  }

  private getLogEvents(groups: Map<string, LogGroup>, b: Json): Json {
    const g = this.group(
      groups,
      b.logGroupName ?? (b.logGroupIdentifier ? nameFromIdentifier(b.logGroupIdentifier) : undefined),
    );
    const s = g.streams.get(b.logStreamName);
    if (!s) throw missing('The specified log stream does not exist.');
    const events = s.events.filter(
      (e) =>
        (b.startTime === undefined || e.timestamp >= b.startTime) &&
        (b.endTime === undefined || e.timestamp < b.endTime),
    );
    const limit = this.limit(b.limit, 10_000);
    let from: number;
    let to: number;
    const token = typeof b.nextToken === 'string' ? /^([fb])\/(\d+)$/.exec(b.nextToken) : null;
    if (b.nextToken !== undefined && !token) throw invalid('The specified nextToken is invalid.');
    if (token?.[1] === 'f') {
      from = Number(token[2]);
      to = Math.min(events.length, from + limit);
    } else if (token?.[1] === 'b') {
      to = Number(token[2]);
      from = Math.max(0, to - limit);
    } else if (b.startFromHead) {
      from = 0;
      to = Math.min(events.length, limit);
    } else {
      to = events.length;
      from = Math.max(0, to - limit);
    }
    return {
      events: events
        .slice(from, to)
        .map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/${to}`,
      nextBackwardToken: `b/${from}`,
    };
  }

  private startLiveTail(
    req: ServiceRequest,
    groups: Map<string, LogGroup>,
  ): ServiceResponse & { liveTail: (sink: LiveTailSink) => void } {
    const b = req.body;
    const ids = b.logGroupIdentifiers as string[] | undefined;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 10)
      throw invalid('logGroupIdentifiers must name 1 to 10 log groups');
    if (b.logStreamNames && b.logStreamNamePrefixes)
      throw invalid('logStreamNames and logStreamNamePrefixes are mutually exclusive');
    if ((b.logStreamNames || b.logStreamNamePrefixes) && ids.length !== 1)
      throw invalid('Log stream filters need exactly one log group');
    const names = ids.map(nameFromIdentifier);
    for (const n of names) this.group(groups, n);
    const match = compileFilterPattern(b.logEventFilterPattern ?? '');
    return {
      status: 200,
      liveTail: (sink) => {
        const session: Session = {
          region: req.region,
          groups: new Set(names),
          ...(b.logStreamNames ? { streamNames: new Set(b.logStreamNames as string[]) } : {}),
          ...(b.logStreamNamePrefixes ? { streamPrefixes: b.logStreamNamePrefixes as string[] } : {}),
          match,
          pending: [],
          sink,
        };
        this.sessions.add(session);
        sink.event(
          'sessionStart',
          clean({
            requestId: this.ctx.newId(32),
            sessionId: this.ctx.newId(32),
            logGroupIdentifiers: ids,
            logStreamNames: b.logStreamNames,
            logStreamNamePrefixes: b.logStreamNamePrefixes,
            logEventFilterPattern: b.logEventFilterPattern,
          }),
        );
        const { intervalMs, maxEventsPerUpdate, maxSessionMs } = this.ctx.liveTail();
        const flush = () => {
          if (session.pending.length === 0 || this.holdUpdates) return;
          const batch = session.pending.splice(0);
          // Above the per-update cap the service samples: an even spread of the batch, flagged as sampled.
          const sampled = batch.length > maxEventsPerUpdate;
          const results = sampled
            ? batch.filter(
                (_e, i) =>
                  Math.floor((i * maxEventsPerUpdate) / batch.length) !==
                  Math.floor(((i - 1) * maxEventsPerUpdate) / batch.length),
              )
            : batch;
          sink.event('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results });
        };
        const timer = setInterval(flush, intervalMs);
        const timeout = setTimeout(() => {
          flush();
          sink.exception('SessionTimeoutException', 'Session timed out after the maximum session duration');
          close();
        }, maxSessionMs);
        const close = () => {
          clearInterval(timer);
          clearTimeout(timeout);
          this.sessions.delete(session);
          sink.end();
        };
        sink.onClose(() => {
          clearInterval(timer);
          clearTimeout(timeout);
          this.sessions.delete(session);
        });
      },
    };
  }

  /** Ends every live tail session with a SessionStreamingException (the service's way of dropping a session). */
  breakLiveTails(message = 'The session was interrupted by the service'): number {
    const n = this.sessions.size;
    for (const s of [...this.sessions]) {
      this.sessions.delete(s);
      s.sink.exception('SessionStreamingException', message);
      s.sink.end();
    }
    return n;
  }

  private group(groups: Map<string, LogGroup>, name: unknown): LogGroup {
    if (typeof name !== 'string' || !name) throw invalid('logGroupName is required');
    const g = groups.get(name);
    if (!g) throw missing('The specified log group does not exist.');
    return g;
  }

  private groupOut(region: string, g: LogGroup): Json {
    const arn = groupArn(region, this.ctx.account(), g.logGroupName);
    return clean({
      logGroupName: g.logGroupName,
      creationTime: g.creationTime,
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${arn}:*`,
      storedBytes: [...g.streams.values()].reduce((n, s) => n + s.events.reduce((m, e) => m + e.message.length, 0), 0),
      logGroupClass: g.logGroupClass,
      logGroupArn: arn,
    });
  }

  private streamOut(region: string, g: LogGroup, s: LogStream): Json {
    return clean({
      logStreamName: s.logStreamName,
      creationTime: s.creationTime,
      firstEventTimestamp: s.events[0]?.timestamp,
      lastEventTimestamp: s.events.at(-1)?.timestamp,
      lastIngestionTime: s.events.reduce<number | undefined>((m, e) => Math.max(m ?? 0, e.ingestionTime), undefined),
      arn: `${groupArn(region, this.ctx.account(), g.logGroupName)}:log-stream:${s.logStreamName}`,
      storedBytes: 0,
    });
  }

  private limit(raw: unknown, max: number): number {
    if (raw === undefined) return this.ctx.defaultPageSize();
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > max)
      throw invalid(`Invalid limit ${String(raw)}: use 1 to ${max}`);
    return raw;
  }

  private slice<T>(list: T[], b: Json, max: number): { page: T[]; nextToken?: string } {
    const limit = this.limit(b.limit, max);
    const start = decodeToken<number>(b.nextToken, () => invalid('The specified nextToken is invalid.')) ?? 0;
    const page = list.slice(start, start + limit);
    return { page, ...(start + limit < list.length ? { nextToken: encodeToken(start + limit) } : {}) };
  }
}

function ok(body: Json): ServiceResponse {
  return { status: 200, body };
}

function groupName(name: unknown): string {
  if (typeof name !== 'string' || !/^[\w\-./#]{1,512}$/.test(name))
    throw invalid(`Invalid logGroupName ${String(name)}`);
  return name;
}

export function groupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}

/** A log group name from a name or an ARN (with or without the trailing `:*`). */
export function nameFromIdentifier(id: string): string {
  const m = /^arn:aws[\w-]*:logs:[\w-]+:\d+:log-group:(.+?)(:\*)?$/.exec(id);
  return m ? m[1]! : id;
}

/**
 * CloudWatch filter patterns, the forms tails use: terms (`ERROR`, `"two words"`, all must match), `?a ?b` (any),
 * `-term` (exclude), and JSON selectors `{ $.status = 500 }`, `{ $.level = "err*" && $.latency > 100 }`, with
 * `=`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||` and parentheses.
 */
export function compileFilterPattern(pattern: string): (message: string) => boolean {
  const p = pattern.trim();
  if (p === '') return () => true;
  if (p.startsWith('{')) {
    if (!p.endsWith('}')) throw invalid(`Invalid filter pattern ${pattern}`);
    const test = parseJsonExpr(p.slice(1, -1));
    return (message) => {
      let doc: unknown;
      try {
        doc = JSON.parse(message);
      } catch {
        return false;
      }
      return test(doc);
    };
  }
  const terms = [...p.matchAll(/(\?|-)?("([^"]*)"|\S+)/g)].map((m) => ({ op: m[1] ?? '', text: m[3] ?? m[2]! }));
  const any = terms.filter((t) => t.op === '?');
  const all = terms.filter((t) => t.op === '');
  const none = terms.filter((t) => t.op === '-');
  return (message) =>
    all.every((t) => message.includes(t.text)) &&
    !none.some((t) => message.includes(t.text)) &&
    (any.length === 0 || any.some((t) => message.includes(t.text)));
}

function parseJsonExpr(src: string): (doc: unknown) => boolean {
  const tokens = [
    ...src.matchAll(/\s*(\$(?:\.[\w-]+|\[\d+\])+|&&|\|\||!=|<=|>=|=|<|>|\(|\)|"(?:[^"\\]|\\.)*"|[^\s()=!<>&|]+)/g),
  ].map((m) => m[1]!);
  let i = 0;
  const fail = (): never => {
    throw invalid(`Invalid filter pattern { ${src.trim()} }`);
  };
  const primary = (): ((doc: unknown) => boolean) => {
    if (tokens[i] === '(') {
      i++;
      const inner = or();
      if (tokens[i++] !== ')') fail();
      return inner;
    }
    const sel = tokens[i++];
    const op = tokens[i++];
    const raw = tokens[i++];
    if (!sel?.startsWith('$') || !op || !['=', '!=', '<', '<=', '>', '>='].includes(op) || raw === undefined)
      return fail();
    const path = [...sel.matchAll(/\.([\w-]+)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
    const quoted = raw.startsWith('"');
    const value = quoted ? (JSON.parse(raw) as string) : raw;
    const num = quoted ? NaN : Number(value);
    return (doc) => {
      let v: unknown = doc;
      for (const k of path)
        v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
      if (v === undefined) return false;
      if (!Number.isNaN(num) && typeof v === 'number') {
        return op === '='
          ? v === num
          : op === '!='
            ? v !== num
            : op === '<'
              ? v < num
              : op === '<='
                ? v <= num
                : op === '>'
                  ? v > num
                  : v >= num;
      }
      const s = String(v);
      const re = new RegExp(
        `^${value
          .split('*')
          .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
      if (op === '=') return re.test(s);
      if (op === '!=') return !re.test(s);
      return false;
    };
  };
  const and = () => {
    let left = primary();
    while (tokens[i] === '&&') {
      i++;
      const l = left;
      const r = primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  };
  const or = (): ((doc: unknown) => boolean) => {
    let left = and();
    while (tokens[i] === '||') {
      i++;
      const l = left;
      const r = and();
      left = (d) => l(d) || r(d);
    }
    return left;
  };
  const expr = or();
  if (i !== tokens.length) fail();
  return expr;
}
