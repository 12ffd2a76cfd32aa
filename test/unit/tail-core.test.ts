// The pure tail core: access log parsing and the aligned line format on realistic HTTP and WebSocket access logs and
// Lambda output, ordering, the polling cursor (lookback, dedupe, bounded memory), overlap dedupe, the batched output
// (slices, drops, trimming) with injected timers, and --since parsing.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareEvents,
  DEFAULT_LOOKBACK_MS,
  LineBatcher,
  LineFormatter,
  mergeSorted,
  OverlapDedupe,
  parseAccessLog,
  parseDuration,
  parseSince,
  PollCursor,
  SeenEvents,
  type TailEvent,
} from '../../src/core/tail';

const T0 = Date.UTC(2024, 2, 12, 10, 15, 30, 120);
const ev = (over: Partial<TailEvent> & { message: string }): TailEvent => ({
  group: '/aws/apigateway/abc123/prod',
  stream: 's1',
  timestamp: T0,
  ...over,
});

// The HTTP API format of the AWS console's "JSON" preset, plus latency and the integration error.
const httpAccess = (o: Record<string, string> = {}) =>
  JSON.stringify({
    requestId: 'Hx1abcDEFGHIJ=',
    ip: '203.0.113.7',
    requestTime: '12/Mar/2024:10:15:30 +0000',
    httpMethod: 'GET',
    routeKey: 'GET /orders/{id}',
    status: '200',
    protocol: 'HTTP/1.1',
    responseLength: '512',
    responseLatency: '23',
    integrationLatency: '19',
    integrationError: '-',
    ...o,
  });
const wsAccess = (o: Record<string, string> = {}) =>
  JSON.stringify({
    requestId: 'Jk2LmNoPQRSTU=',
    requestTime: '12/Mar/2024:10:15:31 +0000',
    eventType: 'MESSAGE',
    routeKey: 'sendMessage',
    connectionId: 'dGhpcyBpcw=',
    status: '200',
    integrationLatency: '41',
    integrationError: '-',
    ...o,
  });

describe('access log parsing', () => {
  it('reads the fields of an HTTP API access log, splitting the method off the route key', () => {
    assert.deepEqual(parseAccessLog(httpAccess()), {
      requestId: 'Hx1abcDEFGHIJ=',
      method: 'GET',
      route: '/orders/{id}',
      routeKey: 'GET /orders/{id}',
      status: '200',
      latencyMs: 23,
    });
  });

  it('reads a WebSocket access log: event type as the method, route key, connection id', () => {
    assert.deepEqual(parseAccessLog(wsAccess()), {
      requestId: 'Jk2LmNoPQRSTU=',
      method: 'MESSAGE',
      route: 'sendMessage',
      routeKey: 'sendMessage',
      status: '200',
      latencyMs: 41,
      connectionId: 'dGhpcyBpcw=',
    });
    assert.equal(parseAccessLog(wsAccess({ eventType: 'CONNECT', routeKey: '$connect' }))?.route, '$connect');
  });

  it('finds fields whatever their case, separators or nesting, and ignores "-" values', () => {
    const doc = JSON.stringify({
      request_id: 'r-1',
      HTTP_METHOD: 'POST',
      route_key: '$default',
      path: '/a/b',
      status_code: 502,
      integration: { error: 'Lambda timed out', latency: '-' },
    });
    assert.deepEqual(parseAccessLog(doc), {
      requestId: 'r-1',
      method: 'POST',
      route: '$default /a/b',
      routeKey: '$default',
      status: '502',
      error: 'Lambda timed out',
    });
  });

  it('shows the integration error when there is one', () => {
    assert.equal(
      parseAccessLog(
        httpAccess({ status: '500', integrationError: 'The Lambda function returned the following error: boom' }),
      )?.error,
      'The Lambda function returned the following error: boom',
    );
  });

  it('is not fooled by JSON that is not an access log, nor by text', () => {
    assert.equal(parseAccessLog('{"level":"INFO","message":"created order 42"}'), undefined);
    assert.equal(parseAccessLog('{"requestId":"abc"}'), undefined, 'a request id alone is not an access log');
    assert.equal(parseAccessLog('START RequestId: 5f2c Version: $LATEST'), undefined);
    assert.equal(parseAccessLog('{ broken json'), undefined);
    assert.equal(parseAccessLog('[1,2]'), undefined);
  });
});

describe('line format', () => {
  const f = () =>
    new LineFormatter(
      [
        { logGroupName: '/aws/apigateway/abc123/prod', label: 'access' },
        { logGroupName: '/aws/lambda/orders-fn', label: 'orders-fn' },
      ],
      { utc: true },
    );

  it('prints time, source, method, route, status, latency and request id in aligned columns', () => {
    const fmt = f();
    const a = fmt.format(ev({ message: httpAccess() }));
    const b = fmt.format(
      ev({
        message: httpAccess({
          httpMethod: 'DELETE',
          routeKey: 'DELETE /orders/{id}',
          status: '204',
          responseLatency: '1402',
          requestId: 'Zz9=',
        }),
        timestamp: T0 + 5,
      }),
    );
    assert.equal(a, '10:15:30.120  access     GET    /orders/{id}     200    23 ms  Hx1abcDEFGHIJ=');
    assert.equal(b, '10:15:30.125  access     DELETE /orders/{id}     204  1402 ms  Zz9=');
    // Columns line up: the status and the request id start at the same offset.
    assert.equal(a.indexOf(' 200 '), b.indexOf(' 204 '));
    assert.equal(a.indexOf('Hx1'), b.indexOf('Zz9'));
  });

  it('prints WebSocket access logs with the event type, connection id and an integration error', () => {
    const line = f().format(ev({ message: wsAccess({ status: '500', integrationError: 'Internal server error' }) }));
    assert.equal(
      line,
      '10:15:30.120  access     MESSAGE sendMessage      500    41 ms  Jk2LmNoPQRSTU=  conn dGhpcyBpcw=  error: Internal server error',
    );
  });

  it('prints Lambda output and other text as it is, without the trailing newline, continuation lines aligned', () => {
    const fmt = f();
    const lambda = (message: string) => fmt.format(ev({ group: '/aws/lambda/orders-fn', message }));
    assert.equal(
      lambda('START RequestId: 5f2c0b1e-7d1a-4c1b-9a51-3c9d2f0e8a11 Version: $LATEST\n'),
      '10:15:30.120  orders-fn  START RequestId: 5f2c0b1e-7d1a-4c1b-9a51-3c9d2f0e8a11 Version: $LATEST',
    );
    assert.equal(
      lambda('2024-03-12T10:15:30.123Z\t5f2c0b1e\tINFO\tcreated order 42\n'),
      '10:15:30.120  orders-fn  2024-03-12T10:15:30.123Z\t5f2c0b1e\tINFO\tcreated order 42',
    );
    assert.equal(
      lambda('{"level":"INFO","message":"json, not an access log"}'),
      '10:15:30.120  orders-fn  {"level":"INFO","message":"json, not an access log"}',
    );
    assert.equal(
      lambda('Error: boom\n    at handler (index.js:3:9)\n'),
      '10:15:30.120  orders-fn  Error: boom\n                             at handler (index.js:3:9)',
    );
  });

  it("never reads a function's JSON log line as an access log, whatever fields it carries", () => {
    // Lambda's JSON log format (LoggingConfig LogFormat JSON) writes timestamp, level, requestId and message; a
    // handler's structured fields (Python's `extra`, a logger's context) sit beside them.
    const fmt = new LineFormatter(
      [
        { kind: 'access', logGroupName: '/aws/apigateway/abc123/prod', label: 'access' },
        { kind: 'function', logGroupName: '/aws/lambda/orders-fn', label: 'orders-fn' },
      ],
      { utc: true },
    );
    const line = JSON.stringify({
      timestamp: '2024-03-12T10:15:30.123Z',
      level: 'ERROR',
      requestId: '5f2c0b1e-7d1a-4c1b-9a51-3c9d2f0e8a11',
      message: 'payment declined',
      status: 402,
      method: 'POST',
    });
    assert.equal(
      fmt.format(ev({ group: '/aws/lambda/orders-fn', message: `${line}\n` })),
      `10:15:30.120  orders-fn  ${line}`,
    );
    // The access group's lines are still read as access logs.
    assert.match(fmt.format(ev({ message: httpAccess() })), /GET {4}\/orders\/\{id\} {5}200/);
  });

  it('names a group it was not told about by its last segment', () => {
    assert.match(
      f().format(ev({ group: 'API-Gateway-Execution-Logs_abc123/prod', message: 'x' })),
      /^10:15:30\.120 {2}prod {7}x$/,
    );
  });

  it('prints local time by default', () => {
    const local = new LineFormatter([]).time(T0);
    const d = new Date(T0);
    assert.equal(local, `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:30.120`);
  });
});

describe('ordering', () => {
  it('merges per-group lists into time order, across streams and groups', () => {
    const a = [
      ev({ group: 'a', stream: 'x', timestamp: 1, message: 'a1' }),
      ev({ group: 'a', stream: 'y', timestamp: 4, message: 'a4' }),
    ];
    const b = [
      ev({ group: 'b', stream: 'z', timestamp: 2, message: 'b2' }),
      ev({ group: 'b', stream: 'z', timestamp: 3, message: 'b3' }),
      ev({ group: 'b', stream: 'z', timestamp: 5, message: 'b5' }),
    ];
    assert.deepEqual(
      mergeSorted([a, [], b]).map((e) => e.message),
      ['a1', 'b2', 'b3', 'a4', 'b5'],
    );
    const same = [ev({ group: 'b', timestamp: 7, message: 'b' }), ev({ group: 'a', timestamp: 7, message: 'a' })].sort(
      compareEvents,
    );
    assert.deepEqual(
      same.map((e) => e.message),
      ['a', 'b'],
      'equal timestamps: by group',
    );
  });
});

describe('poll cursor', () => {
  const id = (n: number, t: number): TailEvent => ev({ eventId: `e${n}`, timestamp: t, message: `m${n}` });

  it('starts at `from`, then `lookback` before the newest timestamp seen', () => {
    const c = new PollCursor({ from: 1_000, lookbackMs: 5_000, catchUpMs: 0 });
    assert.equal(c.startTime, 1_000);
    assert.deepEqual(
      c.accept([id(1, 2_000), id(2, 60_000)]).map((e) => e.eventId),
      ['e1', 'e2'],
    );
    c.endPoll();
    assert.equal(c.startTime, 55_000);
  });

  it('drops events seen before, across pages and polls, and events before `from`', () => {
    const c = new PollCursor({ from: 10_000 });
    assert.equal(c.accept([id(1, 9_999), id(2, 10_000), id(3, 10_001)]).length, 2);
    assert.equal(c.accept([id(3, 10_001), id(4, 10_002)]).length, 1, 'the next page repeats e3');
    c.endPoll();
    assert.deepEqual(
      c.accept([id(2, 10_000), id(3, 10_001), id(4, 10_002), id(5, 10_003)]).map((e) => e.eventId),
      ['e5'],
    );
  });

  it('grows the lookback at once when an event turns up late, and shrinks it after a window of quiet polls', () => {
    const c = new PollCursor({ from: 0, lookbackMs: 10_000, minLookbackMs: 3_000, window: 3, catchUpMs: 0 });
    c.accept([id(1, 100_000)]);
    c.endPoll();
    // An event 4 s behind the newest timestamp of the previous poll: the lookback must cover twice that.
    c.accept([id(2, 96_000), id(3, 100_500)]);
    c.endPoll();
    assert.equal(c.maxLagMs, 4_000);
    assert.equal(c.lookbackMs, 10_000, '2 × 4 s + 1 s is under the current 10 s: kept');
    c.accept([id(4, 93_500)]);
    c.endPoll();
    assert.equal(c.lookbackMs, 15_000, 'a 7 s lag: 2 × 7 s + 1 s');
    for (let i = 0; i < 3; i++) c.endPoll();
    assert.equal(c.lookbackMs, 3_000, 'three polls without late events: back to the minimum');
  });

  it('never starts a poll before what it has forgotten, so a growing lookback cannot print an event twice', () => {
    const c = new PollCursor({ from: 0, lookbackMs: 3_000, minLookbackMs: 3_000, catchUpMs: 0 });
    c.accept([id(1, 50_000), id(2, 60_000)]);
    c.endPoll();
    const forgotLine = c.startTime;
    assert.equal(forgotLine, 57_000);
    c.accept([id(3, 58_000), id(4, 62_000)]);
    c.endPoll();
    c.accept([id(5, 50_500)]); // older than anything remembered: outside every window, never returned by a real poll
    c.endPoll();
    assert.ok(c.startTime >= forgotLine, `start ${c.startTime} moved before ${forgotLine}`);
    assert.equal(c.accept([id(2, 60_000)]).length, 0, 'e2 is still remembered');
  });

  it('catches an event ingested up to 60 s after newer ones while that window is cheap to re-read, not when busy', () => {
    // A quiet group: one event a second. An event whose timestamp is 45 s behind the newest one seen (another
    // Lambda instance's stream delivered late) is still inside the next poll's window, and printed once.
    const quiet = new PollCursor({ from: 0 });
    let n = 0;
    for (let t = 100_000; t <= 160_000; t += 1000) {
      quiet.accept([id(n++, t)]);
      quiet.endPoll();
    }
    assert.ok(quiet.startTime <= 160_000 - 45_000, `starts at ${quiet.startTime}`);
    assert.deepEqual(
      quiet.accept([id(9_999, 115_000), id(n - 1, 160_000)]).map((e) => e.eventId),
      ['e9999'],
      'the late event once, the repeated one not',
    );
    quiet.endPoll();
    assert.ok(quiet.remembered <= 120, `remembers ${quiet.remembered} ids`);

    // A busy group (1,000 events a second): 60 s would re-read 60,000 events a poll, so only the adaptive window.
    const busy = new PollCursor({ from: 0 });
    for (let second = 0; second < 30; second++) {
      const page: TailEvent[] = [];
      for (let i = 0; i < 1000; i++) page.push(id(n++, 100_000 + second * 1000 + i));
      busy.accept(page);
      busy.endPoll();
    }
    assert.ok(busy.lookbackMs <= DEFAULT_LOOKBACK_MS, `lookback ${busy.lookbackMs} ms`);
    assert.ok(busy.remembered <= 12_000, `remembers ${busy.remembered} ids`);
  });

  it('keeps memory bounded to the lookback window', () => {
    const c = new PollCursor({ from: 0, lookbackMs: 3_000, minLookbackMs: 3_000 });
    let n = 0;
    for (let second = 0; second < 600; second++) {
      const page: TailEvent[] = [];
      for (let i = 0; i < 100; i++) page.push(id(n++, second * 1000 + i * 10));
      c.accept(page);
      c.endPoll();
    }
    assert.equal(n, 60_000);
    assert.ok(c.remembered <= 500, `remembers ${c.remembered} ids`);
  });

  it('SeenEvents caps its ids, forgetting the oldest seconds first and counting them', () => {
    const s = new SeenEvents(1000);
    for (let i = 0; i < 1500; i++) s.add(id(i, i * 10));
    assert.ok(s.size <= 1000, String(s.size));
    assert.ok(s.evicted >= 500);
    assert.equal(s.add(id(1499, 14_990)), false, 'the newest are kept');
  });
});

describe('overlap dedupe', () => {
  it('prints an event both feeds deliver once, and counts identical events', () => {
    const d = new OverlapDedupe();
    const e = ev({ stream: 's', timestamp: 5, ingestionTime: 6, message: 'same' });
    assert.equal(d.admit('old', e), true);
    assert.equal(d.admit('old', { ...e }), true, 'the old feed really had two identical events');
    assert.equal(d.admit('new', { ...e }), false);
    assert.equal(d.admit('new', { ...e }), false);
    assert.equal(d.admit('new', { ...e }), true, 'a third identical event is new');
    assert.equal(d.admit('new', ev({ stream: 's', timestamp: 5, ingestionTime: 6, message: 'other' })), true);
  });
});

/** Timers that run only when the test says: `run()` fires everything due, `advance(ms)` moves the clock. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h: unknown) => {
      timers.delete(h as number);
    },
    tick(ms = 0) {
      now += ms;
    },
    pending: () => timers.size,
    run(stepMs = 0) {
      for (let guard = 0; guard < 100_000; guard++) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= now)
          .sort((x, y) => x[1].at - y[1].at || x[0] - y[0]);
        if (due.length === 0) {
          if (timers.size === 0 || stepMs === 0) return;
          now = Math.min(...[...timers.values()].map((t) => t.at));
          continue;
        }
        const [k, t] = due[0]!;
        timers.delete(k);
        t.fn();
        now += stepMs;
      }
    },
  };
}

describe('batched output', () => {
  const events = (n: number, from = 0) =>
    Array.from({ length: n }, (_v, i) => ev({ timestamp: T0 + from + i, message: `line ${from + i}` }));

  it('coalesces a burst into one append after the flush delay, in order', () => {
    const t = manualTimers();
    const out: string[] = [];
    const b = new LineBatcher({
      format: (e) => e.message,
      sink: { append: (s) => out.push(s) },
      timers: t,
      flushDelayMs: 50,
    });
    b.push(events(3));
    b.note('— a note —');
    b.push(events(2, 3));
    assert.equal(out.length, 0, 'nothing before the flush delay');
    t.tick(50);
    t.run();
    assert.deepEqual(out, ['line 0\nline 1\nline 2\n— a note —\nline 3\nline 4\n']);
    assert.equal(b.appends, 1);
  });

  it('formats in slices that stop after the budget and yield, so one slice never holds the loop long', () => {
    const t = manualTimers();
    const out: string[] = [];
    // Each format "costs" 1 ms of the clock: with an 8 ms budget a slice writes at most 32 lines (the clock is checked every 32).
    const b = new LineBatcher({
      format: (e) => {
        t.tick(1);
        return e.message;
      },
      sink: { append: (s) => out.push(s) },
      timers: t,
      sliceBudgetMs: 8,
    });
    b.push(events(1000));
    t.tick(50);
    t.run();
    assert.equal(b.written, 1000);
    assert.ok(out.length >= 1000 / 32, `${out.length} appends`);
    assert.ok(
      out.every((s) => s.split('\n').length - 1 <= 32),
      'no slice over 32 lines',
    );
    assert.equal(
      out.join(''),
      events(1000)
        .map((e) => `${e.message}\n`)
        .join(''),
    );
  });

  it('continues a backlog with `immediate` (after I/O), not with a timer', () => {
    const t = manualTimers();
    const immediates: Array<() => void> = [];
    const out: string[] = [];
    const b = new LineBatcher({
      format: (e) => {
        t.tick(1);
        return e.message;
      },
      sink: { append: (s) => out.push(s) },
      sliceBudgetMs: 8,
      timers: {
        ...t,
        immediate: (fn) => {
          immediates.push(fn);
          return { cancel: () => undefined };
        },
      },
    });
    b.push(events(100));
    t.tick(50);
    t.run();
    assert.equal(out.length, 1, 'the first slice runs on the flush timer');
    assert.equal(t.pending(), 0, 'no timer for the rest');
    while (immediates.length) immediates.shift()!();
    assert.equal(b.written, 100);
    assert.ok(out.length >= 3);
  });

  it('drops the oldest events beyond maxQueued and says how many, in place', () => {
    const t = manualTimers();
    const out: string[] = [];
    const b = new LineBatcher({
      format: (e) => e.message,
      sink: { append: (s) => out.push(s) },
      timers: t,
      maxQueued: 100,
    });
    b.push(events(250));
    t.tick(50);
    t.run();
    const lines = out.join('').trimEnd().split('\n');
    assert.equal(lines[0], '… 150 lines dropped: the output could not keep up');
    assert.equal(lines[1], 'line 150');
    assert.equal(lines.length, 101);
    assert.equal(b.dropped, 150);
  });

  it('trims the output to its newest lines past maxLines, through replace', () => {
    const t = manualTimers();
    let shown = '';
    const b = new LineBatcher({
      format: (e) => e.message,
      timers: t,
      maxLines: 100,
      keepLines: 10,
      sink: {
        append: (s) => {
          shown += s;
        },
        replace: (s) => {
          shown = s;
        },
      },
    });
    for (let i = 0; i < 5; i++) {
      b.push(events(40, i * 40));
      t.tick(50);
      t.run();
    }
    const lines = shown.trimEnd().split('\n');
    assert.equal(b.trims, 1);
    assert.match(lines[0]!, /^… 110 earlier lines cleared \(the output keeps 100\)$/);
    assert.deepEqual(
      lines.slice(1, 11),
      Array.from({ length: 10 }, (_v, i) => `line ${110 + i}`),
    );
    assert.equal(lines.at(-1), 'line 199');
    assert.ok(lines.length <= 100);
  });

  it('flush writes everything at once; dispose drops the queue and the timer', () => {
    const t = manualTimers();
    const out: string[] = [];
    const b = new LineBatcher({ format: (e) => e.message, sink: { append: (s) => out.push(s) }, timers: t });
    b.push(events(5));
    b.flush();
    assert.equal(out.join(''), 'line 0\nline 1\nline 2\nline 3\nline 4\n');
    b.push(events(5));
    b.dispose();
    t.tick(100);
    t.run();
    assert.equal(t.pending(), 0);
    assert.equal(b.written, 5);
  });
});

describe('--since', () => {
  it('parses durations and ISO times', () => {
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('5 minutes'), undefined);
    assert.equal(parseSince('10s', 100_000), 90_000);
    assert.equal(parseSince('2024-03-12T10:15:30Z', 0), Date.UTC(2024, 2, 12, 10, 15, 30));
    assert.equal(parseSince('yesterday', 0), undefined);
  });
});
