// The tail transports against the local AWS service through the real SDK, events put with PutLogEvents by the test:
// ordering across streams and groups, dedupe across pages and polls, nothing lost while a poll is in flight, live
// tail with sampling, renewal (injected clock) and more than 10 groups, fall-back to polling, recovery after 429 and
// 500, stop and restart, and the errors that end a tail. Then source discovery and turning access logging on.
import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { Pacer } from '../../src/aws/pacer';
import type { LogsAdapter } from '../../src/aws/logs';
import type { AwsSession, SessionPool } from '../../src/aws/session';
import {
  accessLogFormat,
  discoverStageLogs,
  enableAccessLogging,
  FILTER_LOG_EVENTS_LIMITS,
  filterPacer,
  noteText,
  startTail,
  type TailNotice,
  type TailOptions,
} from '../../src/aws/tail';
import { lambdaFunctionOf } from '../../src/core/awsIds';
import { isWorkbenchError } from '../../src/core/errors';
import { sleep as sleepOn } from '../../src/core/tail/clock';
import type { TailEvent, TailSource } from '../../src/core/tail/event';
import { TEST_CREDENTIALS, testConnection } from '../localaws/connection';
import { lambdaDenial } from '../localaws/lambda';
import type { SeedFile } from '../localaws/seed';
import { testSessions } from '../localaws/sessions';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { FakeClock } from './clocks';
import { until } from './helpers';

const ACCOUNT = '123456789012';
const arnOf = (g: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${g}`;
const ACCESS = '/aws/apigateway/abc123/prod';
const FN = '/aws/lambda/orders-fn';
const FREE = { acquire: async () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function source(g: string, label = g.slice(g.lastIndexOf('/') + 1)): TailSource {
  return { kind: g === ACCESS ? 'access' : 'function', logGroupName: g, label, arn: arnOf(g) };
}

/** What a tail delivered: events (with their batches) and notices. */
function collector() {
  const events: TailEvent[] = [];
  const batches: TailEvent[][] = [];
  const notices: TailNotice[] = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  return {
    events,
    batches,
    notices,
    sink: {
      events: (e: TailEvent[]) => {
        batches.push(e);
        events.push(...e);
        wake();
      },
      notice: (n: TailNotice) => {
        notices.push(n);
        wake();
      },
    },
    messages: () => events.map((e) => e.message),
    /** Waits for what the tail delivers; the deadline only guards against a hang. */
    async until(test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; events: ${events.map((e) => e.message).join(', ')}; notices: ${JSON.stringify(notices.map((n) => ({ ...n, error: 'error' in n ? n.error?.message : undefined })))}`,
          );
        await Promise.race([new Promise<void>((r) => waiters.push(r)), sleep(50)]);
      }
    },
  };
}

/** A client that puts log events as a function would; the tests make one per test. */
function logWriter(endpoint: string) {
  const raw = new CloudWatchLogsClient({
    region: 'us-east-1',
    endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  return {
    raw,
    put: (group: string, stream: string, events: Array<[number, string]>) =>
      raw.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
        }),
      ),
  };
}

describe('tail transports against the local service', () => {
  const aws = useLocalAws({
    config: { liveTail: { intervalMs: 100, maxEventsPerUpdate: 500, maxSessionMs: 60_000 } },
    reset: () => ({
      logGroups: [ACCESS, FN].map((logGroupName) => ({
        logGroupName,
        streams: [{ logStreamName: 'a' }, { logStreamName: 'b' }, { logStreamName: 'c' }],
      })),
    }),
  });
  let writer: ReturnType<typeof logWriter>;
  let sessions: SessionPool;
  let s: AwsSession;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(() => {
    writer = logWriter(aws.endpoint);
    sessions = testSessions({ maxAttempts: 1 });
    s = sessions.get(testConnection(aws.endpoint));
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    sessions.clear();
    writer.raw.destroy();
    // A call a stopped tail had sent may still be on its way: once the service has it, it cannot land in the next test.
    await aws.drained();
  });

  const put = (group: string, stream: string, events: Array<[number, string]>) => writer.put(group, stream, events);

  function tail(o: Partial<TailOptions>, sink: ReturnType<typeof collector>['sink']) {
    const h = startTail(
      {
        logs: s.logs,
        sources: [source(ACCESS, 'access'), source(FN)],
        mode: 'poll',
        turns: FREE,
        endpoint: aws.endpoint,
        ...o,
        poll: { intervalMs: 40, maxBackoffMs: 300, ...o.poll },
      },
      sink,
    );
    stops.push(() => h.stop());
    return h;
  }

  /** What Lambda does on a function's first invocation: creates its group and stream, then writes. */
  const firstRun = async (group: string, events: Array<[number, string]>) => {
    await writer.raw.send(new CreateLogGroupCommand({ logGroupName: group }));
    await writer.raw.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await put(group, 'a', events);
  };
  const FIRST = '/aws/lambda/first-run';

  /** A tail with a group that does not exist yet: it waits, and prints the group's lines once it exists. */
  async function waitsForTheGroup(mode: TailOptions['mode']) {
    const c = collector();
    const from = Date.now();
    const h = tail(
      {
        mode,
        sources: [source(ACCESS, 'access')],
        pending: [{ kind: 'function', logGroupName: FIRST, label: 'first-run' }],
        poll: { intervalMs: 40, absentRecheckMs: 60 },
      },
      c.sink,
    );
    await c.until(() => c.notices.some((n) => n.kind === 'transport'), 'the tail to start');
    // Waited for, not slept on: a loaded machine may take longer than any fixed pause to ask.
    const askedFor = async () =>
      (await aws.calls({ operation: 'FilterLogEvents' })).filter((x) => x.params.logGroupName === FIRST);
    await until(async () => (await askedFor()).length >= 1, 'the missing group to be asked for');
    const asked = await askedFor();
    assert.ok(
      asked.every((x) => x.error === 'ResourceNotFoundException'),
      'the missing group is asked for, and not found',
    );
    await firstRun(FIRST, [[from + 1, 'START RequestId: 1 Version: $LATEST']]);
    await put(ACCESS, 'a', [[Date.now(), 'access line']]);
    await c.until(
      () => c.messages().includes('START RequestId: 1 Version: $LATEST') && c.messages().includes('access line'),
      'the first invocation and the access line',
      5_000,
    );
    assert.ok(
      c.notices.some((n) => n.kind === 'appeared' && n.group === FIRST),
      JSON.stringify(c.notices),
    );
    assert.equal(h.transport(), mode === 'poll' ? 'poll' : 'live');
    await h.stop();
    assert.deepEqual(await h.done, { reason: 'stopped' });
  }

  describe('polling', () => {
    it("waits for a function's log group that does not exist yet (Lambda creates it on the first invocation), then prints its lines", async () => {
      await waitsForTheGroup('poll');
    });

    it('prints an event ingested 45 s after newer ones of its group (another stream delivered late), once', async () => {
      const c = collector();
      const t = Date.now();
      tail({ sources: [source(FN)], from: t - 120_000 }, c.sink);
      await put(FN, 'a', [[t, 'on time']]);
      await c.until(() => c.messages().includes('on time'), 'the first event');
      const polls = (await aws.calls({ operation: 'FilterLogEvents' })).length;
      await until(
        async () => (await aws.calls({ operation: 'FilterLogEvents' })).length > polls + 2,
        'polls after the first event',
      );
      await put(FN, 'b', [[t - 45_000, 'late by 45 s']]);
      await put(FN, 'a', [[Date.now(), 'after it']]);
      // The poll that returns the event after it returns the late one too, and prints it first (time order).
      await c.until(() => c.messages().includes('after it'), 'the event after it', 5_000);
      assert.deepEqual(
        c.messages().filter((m) => m === 'late by 45 s' || m === 'on time'),
        ['on time', 'late by 45 s'],
      );
    });

    it('prints events of several streams and groups in time order', async () => {
      const t = Date.now();
      await put(ACCESS, 'a', [
        [t - 900, 'A1'],
        [t - 500, 'A5'],
      ]);
      await put(ACCESS, 'b', [[t - 700, 'A3']]);
      await put(FN, 'a', [
        [t - 800, 'F2'],
        [t - 600, 'F4'],
      ]);
      await put(FN, 'c', [[t - 400, 'F6']]);
      // Polls happen only when the test moves the clock, so no poll can fall between two puts on a slow machine.
      const clock = new FakeClock();
      const c = collector();
      tail({ from: t - 1000, clock }, c.sink);
      await c.until(() => c.events.length >= 6, 'the seeded events');
      assert.deepEqual(c.messages(), ['A1', 'F2', 'A3', 'F4', 'A5', 'F6']);
      assert.equal(c.batches[0]!.length, 6, 'one poll, one merged batch');
      // Later events come in order too.
      await put(FN, 'b', [[t + 10, 'F8']]);
      await put(ACCESS, 'c', [
        [t + 5, 'A7'],
        [t + 20, 'A9'],
      ]);
      await c.until(() => (clock.advance(40), c.events.length >= 9), 'the next events');
      assert.deepEqual(c.messages().slice(6), ['A7', 'F8', 'A9']);
      assert.deepEqual(c.notices[0], { kind: 'transport', transport: 'poll' });
    });

    it('keeps time order across groups while printing page by page', async () => {
      await aws.configure({ logsPageSize: 2 });
      const t = Date.now();
      await put(
        ACCESS,
        'a',
        Array.from(
          { length: 10 },
          (_v, i) => [t - 1000 + i * 20, `t${String(i * 20).padStart(3, '0')}`] as [number, string],
        ),
      );
      await put(
        FN,
        'b',
        Array.from(
          { length: 10 },
          (_v, i) => [t - 1000 + i * 20 + 10, `t${String(i * 20 + 10).padStart(3, '0')}`] as [number, string],
        ),
      );
      // Polls happen only when the test moves the clock: this is one poll, however long its pages take.
      const clock = new FakeClock();
      const c = collector();
      tail({ from: t - 2000, clock, poll: { pageSize: 2 } }, c.sink);
      await c.until(() => c.events.length >= 20, '20 events');
      assert.deepEqual(c.messages(), [...c.messages()].sort());
      assert.equal((await aws.calls({ operation: 'FilterLogEvents' })).length, 10, 'one poll: 5 pages of each group');
      assert.ok(c.batches.length > 2, `${c.batches.length} batches: printed before the poll's last page`);
    });

    it('prints each event once across page boundaries and polls, equal timestamps included', async () => {
      await aws.configure({ logsPageSize: 3 });
      const t = Date.now();
      // 3 streams × 7 events, several on the same millisecond: pages of 3 split them.
      for (const stream of ['a', 'b', 'c'])
        await put(
          FN,
          stream,
          Array.from({ length: 7 }, (_v, i) => [t - 500 + Math.floor(i / 3), `${stream}${i}`] as [number, string]),
        );
      const clock = new FakeClock();
      const c = collector();
      tail({ sources: [source(FN)], from: t - 1000, clock, poll: { pageSize: 3 } }, c.sink);
      await c.until(() => c.events.length >= 21, '21 events');
      const filterCalls = async () => (await aws.calls({ operation: 'FilterLogEvents' })).length;
      const polls = await filterCalls();
      await put(FN, 'a', [
        [t + 1, 'late-a'],
        [t + 1, 'late-b'],
      ]);
      await c.until(() => (clock.advance(40), c.events.length >= 23), '2 more');
      // Ten more polls re-read the lookback window: nothing prints twice.
      const before = await filterCalls();
      for (let i = 0; i < 10; i++) {
        const n = await filterCalls();
        await until(async () => (clock.advance(40), (await filterCalls()) > n), 'the next poll');
      }
      const calls = await aws.calls({ operation: 'FilterLogEvents' });
      assert.ok(polls >= 7 && calls.length >= before + 10, `${polls}, then ${calls.length} FilterLogEvents calls`);
      assert.ok(
        calls.some((x) => x.params.nextToken),
        'pages were followed',
      );
      assert.equal(new Set(c.messages()).size, c.events.length, `duplicates in ${c.messages().join(',')}`);
      assert.equal(c.events.length, 23);
    });

    it('follows nextToken through pages cut at 1 MB, printing as the pages come', async () => {
      const t = Date.now();
      const big = 'x'.repeat(10_000);
      for (let b = 0; b < 3; b++)
        await put(
          FN,
          'a',
          Array.from({ length: 100 }, (_v, i) => [t - 5000 + b * 100 + i, `${b * 100 + i} ${big}`] as [number, string]),
        );
      const c = collector();
      tail({ sources: [source(FN)], from: t - 10_000, poll: { pageSize: 10_000 } }, c.sink);
      await c.until(() => c.events.length >= 300, '300 events of 10 KB');
      // (A call of the previous test's tail may reach the service after the reset: count pages that hold events.)
      const pages = (await aws.calls({ operation: 'FilterLogEvents' }))
        .map((x) => (x.response?.events as unknown[] | undefined)?.length ?? 0)
        .filter((n) => n > 0);
      assert.deepEqual(pages.slice(0, 3), [104, 104, 92], '1 MB pages');
      assert.ok(c.batches.length >= 3, 'each page printed as it came');
      assert.deepEqual(
        c.events.map((e) => Number(e.message.split(' ')[0])),
        Array.from({ length: 300 }, (_v, i) => i),
      );
    });

    it('loses nothing that arrives during a poll, late timestamps included', async () => {
      await aws.configure({ logsPageSize: 2 });
      const t = Date.now();
      await put(FN, 'a', [
        [t - 100, 'seed-1'],
        [t - 90, 'seed-2'],
        [t - 80, 'seed-3'],
      ]);
      const c = collector();
      tail({ sources: [source(FN)], from: t - 10_000, poll: { pageSize: 2 } }, c.sink);
      await c.until(() => c.events.length === 3, 'the seeded events');
      // Every FilterLogEvents page now takes 120 ms: events land between the pages of one poll.
      await aws.addFaults([{ operation: 'FilterLogEvents', kind: 'latency', latencyMs: 120, times: 12 }]);
      const sent: string[] = [];
      for (let i = 0; i < 8; i++) {
        const now = Date.now();
        // Newer events, and events stamped 2 s in the past (a stream that delivers late).
        await put(FN, i % 2 ? 'b' : 'c', [
          [now - 2000, `late-${i}`],
          [now, `new-${i}`],
        ]);
        sent.push(`late-${i}`, `new-${i}`);
        await sleep(70);
      }
      await c.until(() => sent.every((m) => c.messages().includes(m)), 'every event put during the polls');
      await sleep(300);
      assert.equal(c.events.length, 3 + sent.length, `printed: ${c.messages().join(', ')}`);
      assert.equal(new Set(c.messages()).size, c.events.length);
    });

    it('recovers after injected 429s and 500s, backing off, and prints everything once', async () => {
      const t = Date.now();
      const c = collector();
      tail({ from: t - 1000 }, c.sink);
      await c.until(() => c.notices.length >= 1, 'the first poll');
      await aws.addFaults([
        { operation: 'FilterLogEvents', kind: 'throttle', times: 2 },
        { operation: 'FilterLogEvents', kind: 'error', status: 500, times: 2 },
      ]);
      await put(ACCESS, 'a', [[Date.now(), 'during-faults']]);
      await c.until(() => c.notices.some((n) => n.kind === 'recovered'), 'recovery');
      await c.until(() => c.messages().includes('during-faults'), 'the event put during the faults');
      const retrying = c.notices.filter((n): n is Extract<TailNotice, { kind: 'retrying' }> => n.kind === 'retrying');
      assert.ok(retrying.length >= 2, JSON.stringify(retrying.map((r) => r.error.code)));
      assert.equal(retrying[0]!.error.code, 'Throttled');
      assert.ok(
        retrying.some((r) => r.error.code === 'Unknown' && /HTTP 500/.test(r.error.message)),
        retrying.map((r) => r.error.message).join(' | '),
      );
      assert.ok(retrying[1]!.delayMs > retrying[0]!.delayMs, 'the delay grows');
      assert.equal(c.messages().filter((m) => m === 'during-faults').length, 1);
      const faulted = (await aws.calls({ operation: 'FilterLogEvents' })).filter((x) => x.fault);
      assert.equal(faulted.length, 4);
    });

    it('stops without another call, and a new tail picks up from its own start', async () => {
      const c = collector();
      const h = tail({ sources: [source(FN)] }, c.sink);
      await put(FN, 'a', [[Date.now(), 'one']]);
      await c.until(() => c.messages().includes('one'), 'one');
      await h.stop();
      assert.deepEqual(await h.done, { reason: 'stopped' });
      const calls = (await aws.calls({ operation: 'FilterLogEvents' })).length;
      await put(FN, 'a', [[Date.now(), 'while stopped']]);
      await sleep(200);
      assert.equal((await aws.calls({ operation: 'FilterLogEvents' })).length, calls, 'no call after stop');
      const c2 = collector();
      tail({ sources: [source(FN)] }, c2.sink);
      await put(FN, 'b', [[Date.now() + 5, 'two']]);
      await c2.until(() => c2.messages().includes('two'), 'two');
      assert.ok(!c2.messages().includes('one'), 'the restarted tail starts now');
    });

    it('ends with an actionable error when a log group is deleted, when credentials expire, or the filter is refused', async () => {
      const c = collector();
      const h = tail({ sources: [source(ACCESS, 'access'), source(FN)] }, c.sink);
      await c.until(() => c.notices.length >= 1, 'the first poll');
      await writer.raw.send(new DeleteLogGroupCommand({ logGroupName: FN }));
      const end = await h.done;
      assert.equal(end.reason, 'failed');
      assert.ok(
        end.reason === 'failed' &&
          end.error.code === 'NotFound' &&
          end.error.message.includes(FN) &&
          /start the tail again/.test(end.error.hint ?? ''),
        JSON.stringify(end),
      );

      await aws.addFaults([
        {
          operation: 'FilterLogEvents',
          kind: 'error',
          status: 400,
          code: 'ExpiredTokenException',
          message: 'The security token included in the request is expired',
        },
      ]);
      const expired = await tail({ sources: [source(ACCESS, 'access')] }, collector().sink).done;
      assert.ok(
        expired.reason === 'failed' &&
          expired.error.code === 'ExpiredToken' &&
          /profile test/.test(expired.error.hint ?? ''),
        JSON.stringify(expired),
      );
      await aws.clearFaults();

      const refused = await tail(
        { sources: [source(ACCESS, 'access')], filterPattern: '{ $.status = ' },
        collector().sink,
      ).done;
      assert.ok(
        refused.reason === 'failed' &&
          refused.error.code === 'BadRequest' &&
          refused.error.message.includes('{ $.status = '),
        JSON.stringify(refused),
      );
    });
  });

  describe('live tail', () => {
    const waitSessions = (n: number) =>
      until(async () => (await aws.liveTailSessions()) === n, `${n} live tail sessions`);

    it('streams events of several groups in time order within each update', async () => {
      const c = collector();
      tail({ mode: 'auto' }, c.sink);
      await waitSessions(1);
      const t = Date.now();
      // Both puts go out in one update, however slow the machine: the order across groups is the tail's to make.
      await aws.holdLiveTailUpdates(async () => {
        await put(FN, 'a', [
          [t + 2, 'F2'],
          [t + 4, 'F4'],
        ]);
        await put(ACCESS, 'b', [
          [t + 1, 'A1'],
          [t + 3, 'A3'],
        ]);
      });
      await c.until(() => c.events.length >= 4, '4 events');
      assert.equal(c.batches.length, 1, 'one update');
      assert.deepEqual(c.messages(), ['A1', 'F2', 'A3', 'F4']);
      assert.deepEqual(c.notices[0], { kind: 'transport', transport: 'live' });
      assert.equal(c.events[0]!.group, ACCESS, 'the group name, from the ARN the service sends');
      const calls = await aws.calls({ operation: 'StartLiveTail' });
      assert.deepEqual(calls[0]!.params.logGroupIdentifiers, [arnOf(ACCESS), arnOf(FN)]);
      assert.equal((await aws.calls({ operation: 'FilterLogEvents' })).length, 0, 'no polling alongside');
    });

    it('says when the service samples, and when it stops', async () => {
      await aws.configure({ liveTail: { intervalMs: 100, maxEventsPerUpdate: 5, maxSessionMs: 60_000 } });
      const c = collector();
      tail({ mode: 'live', sources: [source(FN)] }, c.sink);
      await waitSessions(1);
      await put(
        FN,
        'a',
        Array.from({ length: 50 }, (_v, i) => [Date.now(), `burst ${i}`] as [number, string]),
      );
      await c.until(() => c.notices.some((n) => n.kind === 'sampled' && n.sampled), 'sampled');
      assert.equal(c.events.length, 5);
      await put(FN, 'a', [[Date.now(), 'calm']]);
      await c.until(() => c.notices.some((n) => n.kind === 'sampled' && !n.sampled), 'not sampled');
    });

    it('opens one session per 10 groups', async () => {
      const groups = Array.from({ length: 12 }, (_v, i) => `/aws/lambda/fn-${String(i).padStart(2, '0')}`);
      await aws.reset({
        logGroups: groups.map((logGroupName) => ({ logGroupName, streams: [{ logStreamName: 'a' }] })),
      });
      const c = collector();
      tail({ mode: 'live', sources: groups.map((g) => source(g)) }, c.sink);
      await waitSessions(2);
      const calls = await aws.calls({ operation: 'StartLiveTail' });
      assert.deepEqual(calls.map((x) => (x.params.logGroupIdentifiers as string[]).length).sort(), [10, 2]);
      await put(groups[11]!, 'a', [[Date.now(), 'from the second session']]);
      await put(groups[0]!, 'a', [[Date.now(), 'from the first session']]);
      await c.until(() => c.events.length >= 2, 'both');
    });

    it('renews each session before the limit without losing or repeating an event (injected clock)', async () => {
      const clock = new FakeClock();
      const c = collector();
      tail({ mode: 'live', clock, live: { renewAfterMs: 60_000, overlapGraceMs: 1_000 } }, c.sink);
      await waitSessions(1);
      let n = 0;
      let producing = true;
      const producer = (async () => {
        while (producing) {
          const i = n++;
          await put(i % 2 ? FN : ACCESS, ['a', 'b', 'c'][i % 3]!, [[Date.now(), `e${i}`]]);
          await sleep(15);
        }
      })();
      await c.until(() => c.events.length >= 10, 'events before the renewal');
      // The service sees the session before the client sets its renewal timer: advance only once it is set.
      // The renewal timer, not the start timeout of a session whose start the client has not read yet.
      await until(() => clock.dueIn(60_000) > 0, 'the renewal timer');
      clock.advance(60_000);
      await c.until(() => c.notices.some((x) => x.kind === 'renewed'), 'the renewal');
      assert.equal((await aws.calls({ operation: 'StartLiveTail' })).length, 2);
      await waitSessions(1);
      const renewedAt = n;
      await c.until(() => c.events.length >= renewedAt + 10, 'events after the renewal');
      clock.advance(1_000);
      producing = false;
      await producer;
      const expected = Array.from({ length: n }, (_v, i) => `e${i}`);
      await c.until(() => expected.every((m) => c.messages().includes(m)), 'every event');
      await sleep(300);
      assert.equal(
        c.events.length,
        n,
        `printed ${c.events.length} of ${n}: ${c
          .messages()
          .filter((m, i, a) => a.indexOf(m) !== i)
          .join(',')} twice`,
      );
      assert.deepEqual(
        c.notices.filter((x) => x.kind !== 'transport').map((x) => x.kind),
        ['renewed'],
      );
    });

    it('ends the tail when credentials have expired by the time a session is renewed', async () => {
      const clock = new FakeClock();
      const c = collector();
      const h = tail({ mode: 'auto', sources: [source(FN)], clock, live: { renewAfterMs: 60_000 } }, c.sink);
      await waitSessions(1);
      await aws.addFaults([
        {
          operation: 'StartLiveTail',
          kind: 'error',
          status: 400,
          code: 'ExpiredTokenException',
          message: 'The security token included in the request is expired',
        },
      ]);
      // The renewal timer, not the start timeout of a session whose start the client has not read yet.
      await until(() => clock.dueIn(60_000) > 0, 'the renewal timer');
      clock.advance(60_000);
      const end = await h.done;
      assert.ok(end.reason === 'failed' && end.error.code === 'ExpiredToken', JSON.stringify(end));
      await waitSessions(0);
    });

    it('reopens a broken session, and polls after it keeps breaking', async () => {
      const c = collector();
      tail({ mode: 'auto', sources: [source(FN)], live: { maxBackoffMs: 50, maxBreaks: 3 } }, c.sink);
      await waitSessions(1);
      await aws.breakLiveTails();
      await c.until(() => c.notices.some((n) => n.kind === 'reconnected'), 'a reconnection');
      await waitSessions(1);
      await put(FN, 'a', [[Date.now(), 'after reconnecting']]);
      await c.until(() => c.messages().includes('after reconnecting'), 'the event after reconnecting');
      await aws.breakLiveTails();
      await c.until(() => c.notices.filter((n) => n.kind === 'reconnected').length === 2, 'a second reconnection');
      await waitSessions(1);
      await aws.breakLiveTails();
      await c.until(() => c.notices.some((n) => n.kind === 'transport' && n.transport === 'poll'), 'the fall-back');
      const fallback = c.notices.find((n) => n.kind === 'transport' && n.transport === 'poll') as Extract<
        TailNotice,
        { kind: 'transport' }
      >;
      assert.match(fallback.reason ?? '', /broke 3 times/);
      await put(FN, 'b', [[Date.now() + 5, 'polled']]);
      await c.until(() => c.messages().includes('polled'), 'a polled event');
      assert.equal(c.messages().filter((m) => m === 'after reconnecting').length, 1, 'nothing repeated by the switch');
    });

    it('falls back to polling where the endpoint has no live tail (HTML 500, unknown operation); live mode says why instead', async () => {
      await aws.addFaults([{ operation: 'StartLiveTail', kind: 'html' }]);
      const c = collector();
      tail({ mode: 'auto', live: { maxBackoffMs: 50 } }, c.sink);
      await c.until(() => c.notices.some((n) => n.kind === 'transport'), 'a transport');
      assert.equal(c.notices[0]!.kind, 'transport');
      assert.match(
        (c.notices[0] as Extract<TailNotice, { kind: 'transport' }>).reason ?? '',
        /does not support StartLiveTail/,
      );
      await put(ACCESS, 'a', [[Date.now(), 'polled']]);
      await c.until(() => c.messages().includes('polled'), 'a polled event');
      await aws.clearFaults();

      await aws.addFaults([
        {
          operation: 'StartLiveTail',
          kind: 'error',
          status: 400,
          code: 'UnknownOperationException',
          message: 'Unknown operation StartLiveTail',
        },
      ]);
      const c2 = collector();
      tail({ mode: 'auto' }, c2.sink);
      await c2.until(() => c2.notices.some((n) => n.kind === 'transport'), 'a transport');
      assert.match(
        (c2.notices[0] as Extract<TailNotice, { kind: 'transport' }>).reason ?? '',
        /does not implement StartLiveTail/,
      );

      const strict = await tail({ mode: 'live' }, collector().sink).done;
      assert.ok(
        strict.reason === 'failed' &&
          strict.error.code === 'Unsupported' &&
          /apigw\.tail\.mode/.test(strict.error.hint ?? ''),
        JSON.stringify(strict),
      );
    });

    it('falls back when no session starts in time (an endpoint that hangs)', async () => {
      await aws.addFaults([{ operation: 'StartLiveTail', kind: 'latency', latencyMs: 2000, times: 1 }]);
      const c = collector();
      tail({ mode: 'auto', live: { startTimeoutMs: 200 } }, c.sink);
      await c.until(() => c.notices.some((n) => n.kind === 'transport'), 'a transport');
      assert.match(
        (c.notices[0] as Extract<TailNotice, { kind: 'transport' }>).reason ?? '',
        /no live tail session started within 0\.2 s/,
      );
    });

    it('stops: the session closes; a restarted tail opens a new one', async () => {
      const c = collector();
      const h = tail({ mode: 'live', sources: [source(FN)] }, c.sink);
      await waitSessions(1);
      await h.stop();
      await waitSessions(0);
      const c2 = collector();
      tail({ mode: 'live', sources: [source(FN)] }, c2.sink);
      await waitSessions(1);
      await put(FN, 'a', [[Date.now(), 'again']]);
      await c2.until(() => c2.messages().includes('again'), 'an event of the new session');
      assert.equal(c.events.length, 0);
    });

    it("waits for a function's log group that does not exist yet beside the live session, polling it once it exists", async () => {
      await waitsForTheGroup('auto');
    });

    it('ends with an actionable error when a tailed log group is deleted', async () => {
      const c = collector();
      const h = tail({ mode: 'auto', sources: [source(FN)], live: { maxBackoffMs: 50 } }, c.sink);
      await waitSessions(1);
      await writer.raw.send(new DeleteLogGroupCommand({ logGroupName: FN }));
      await aws.breakLiveTails();
      const end = await h.done;
      assert.ok(
        end.reason === 'failed' && end.error.code === 'NotFound' && end.error.message.includes(FN),
        JSON.stringify(end),
      );
    });

    it('--since: prints the backfill first, then live events, each once', async () => {
      const t = Date.now();
      await put(FN, 'a', [
        [t - 60_000, 'old-1'],
        [t - 30_000, 'old-2'],
      ]);
      await put(ACCESS, 'a', [[t - 45_000, 'old-access']]);
      const c = collector();
      tail({ mode: 'live', from: t - 120_000 }, c.sink);
      await c.until(() => c.notices.some((n) => n.kind === 'backfilled'), 'the backfill');
      await put(FN, 'b', [[Date.now(), 'live-1']]);
      await c.until(() => c.messages().includes('live-1'), 'a live event');
      assert.deepEqual(c.messages(), ['old-1', 'old-access', 'old-2', 'live-1']);
      assert.deepEqual(
        c.notices.map((n) => n.kind),
        ['transport', 'backfilled'],
      );
    });
  });
});

/** A session's logs that count the FilterLogEvents pages asked for, and those not answered yet (`open`). */
function countedLogs(logs: LogsAdapter) {
  const count = { asked: 0, open: 0 };
  async function* filterLogEvents(...args: Parameters<LogsAdapter['filterLogEvents']>) {
    const pages = logs.filterLogEvents(...args);
    try {
      for (;;) {
        count.asked++;
        count.open++;
        let page: IteratorResult<Awaited<ReturnType<typeof pages.next>>['value']>;
        try {
          page = await pages.next();
        } finally {
          count.open--;
        }
        if (page.done) return;
        yield page.value;
      }
    } finally {
      await pages.return(undefined);
    }
  }
  return { logs: { filterLogEvents, startLiveTail: logs.startLiveTail.bind(logs) }, count };
}

describe('tails share the FilterLogEvents quota', () => {
  // One clock for the tail's polls, its pacer and the service's bucket: the service sees each call at the time the
  // pacer let it go, as AWS would on an unloaded network, whatever the machine's load.
  const clock = new FakeClock();
  const groups = Array.from({ length: 8 }, (_v, i) => `/aws/lambda/fn-${i}`);
  const aws = useLocalAws({
    clock,
    config: { logsRate: { rate: 5, burst: 5 } },
    seed: {
      logGroups: groups.map((logGroupName, i) => ({
        logGroupName,
        streams: [
          { logStreamName: 'a', events: i === 7 ? [{ timestamp: clock.now() - 1000, message: 'last group' }] : [] },
        ],
      })),
    },
  });
  const sessions = useTestSessions(aws, { maxAttempts: 1 });

  it('8 groups polled every 100 ms take turns at one pacer: the service (5 calls/s) throttles none', async () => {
    assert.equal(filterPacer('k'), filterPacer('k'), 'one pacer per account, region and endpoint');
    assert.deepEqual(filterPacer('k').limits, FILTER_LOG_EVENTS_LIMITS);
    const pacer = new Pacer(
      FILTER_LOG_EVENTS_LIMITS,
      () => clock.now(),
      (ms, signal) => sleepOn(clock, ms, signal),
    );
    let granted = 0;
    const turns = {
      acquire: async (operation: string, signal?: AbortSignal) => {
        await pacer.acquire(operation, signal);
        granted++;
      },
    };
    // The poller takes a turn before each page it asks for (the end of the pages included).
    const { logs, count } = countedLogs(sessions.session().logs);
    const c = collector();
    const h = startTail(
      {
        logs,
        sources: groups.map((g) => source(g)),
        mode: 'poll',
        turns,
        clock,
        from: clock.now() - 5000,
        poll: { intervalMs: 100 },
      },
      c.sink,
    );
    // Ten seconds in steps of 100 ms. Time moves on only when every turn the pacer gave is spent and every page asked
    // for is answered (looked at after the event loop had a turn, so what the last step woke has run), so no call is
    // under way while the clock moves.
    const settled = async () => {
      await new Promise((r) => setImmediate(r));
      return granted === count.asked && count.open === 0;
    };
    for (let step = 0; step < 100; step++) {
      await until(settled, 'the calls of this step');
      clock.advance(100);
    }
    await h.stop();
    const calls = await aws.calls({ operation: 'FilterLogEvents' });
    assert.deepEqual(
      calls.filter((x) => x.error).map((x) => `${x.seq} ${x.error}`),
      [],
      'no ThrottlingException',
    );
    assert.ok(c.messages().includes('last group'), 'the eighth group was read');
    // The groups ask for 80 calls a second; the pacer hands out its burst, then 4.5 a second.
    assert.ok(calls.length >= 20 && calls.length <= 5 + 4.5 * 10, `${calls.length} calls in 10 s`);
  });
});

describe('stage log sources', () => {
  const aws = useLocalAws();
  const sessions = useTestSessions(aws, { maxAttempts: 1 });

  it('finds the Lambda function of every URI form, stage variables resolved', () => {
    const home = { region: 'us-east-1', account: '123456789012' };
    assert.deepEqual(lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:orders'), {
      name: 'orders',
      ...home,
    });
    assert.deepEqual(lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:orders:live'), {
      name: 'orders',
      qualifier: 'live',
      ...home,
    });
    assert.deepEqual(lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:orders:7'), {
      name: 'orders',
      qualifier: '7',
      ...home,
    });
    assert.deepEqual(
      lambdaFunctionOf(
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:210987654321:function:auth:$LATEST/invocations',
      ),
      { name: 'auth', qualifier: '$LATEST', region: 'eu-west-1', account: '210987654321' },
      "the function's own region and account, not the invocation URI's",
    );
    assert.deepEqual(
      lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}', { fn: 'orders-v2' }),
      { name: 'orders-v2', ...home },
    );
    assert.deepEqual(lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}'), {
      unresolved: 'fn',
    });
    // A variable named like an Object.prototype member is as unset as any other (not `function Object() …`).
    assert.deepEqual(lambdaFunctionOf('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.constructor}'), {
      unresolved: 'constructor',
    });
    assert.deepEqual(lambdaFunctionOf('https://legacy.example.com/{proxy}'), {});
    assert.deepEqual(lambdaFunctionOf('arn:aws-cn:lambda:cn-north-1:123456789012:function:x'), {
      name: 'x',
      region: 'cn-north-1',
      account: '123456789012',
    });
  });

  it('does not tail a same-named group here for a function of another region or account: it says where its logs are', async () => {
    const lambda = (region: string, account: string, name: string) =>
      `arn:aws:lambda:${region}:${account}:function:${name}`;
    const proxy = (ref: string, integrationUri: string) => ({
      ref,
      integrationType: 'AWS_PROXY',
      payloadFormatVersion: '2.0',
      integrationUri,
    });
    const stages = [{ stageName: 'prod', deployment: 'd' }];
    await aws.reset({
      apis: [
        {
          name: 'shared-fns',
          protocolType: 'HTTP',
          integrations: [
            proxy('local', lambda('us-east-1', ACCOUNT, 'orders')),
            proxy('other-region', lambda('eu-west-1', ACCOUNT, 'billing')),
            proxy('other-account', lambda('us-east-1', '210987654321', 'users')),
          ],
          authorizers: [
            {
              ref: 'auth',
              name: 'central',
              authorizerType: 'REQUEST',
              authorizerPayloadFormatVersion: '2.0',
              identitySource: ['$request.header.Authorization'],
              authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambda('us-east-1', '210987654321', 'authz')}/invocations`,
            },
          ],
          routes: [
            { routeKey: 'GET /orders', integration: 'local' },
            { routeKey: 'GET /billing', integration: 'other-region' },
            { routeKey: 'GET /users', integration: 'other-account', authorizationType: 'CUSTOM', authorizer: 'auth' },
          ],
          deployments: [{ ref: 'd' }],
          stages,
        },
      ],
      // Groups of the same names in this account and region: other functions' logs.
      logGroups: ['/aws/lambda/orders', '/aws/lambda/billing', '/aws/lambda/users', '/aws/lambda/authz'].map(
        (logGroupName) => ({ logGroupName }),
      ),
      functions: [{ FunctionName: 'orders' }],
    });
    const s = sessions.session();
    const apiId = [...aws.regionState().apis.values()][0]!.api.apiId as string;
    const found = await discoverStageLogs(s, apiId, 'prod');
    assert.deepEqual(
      found.sources.map((x) => x.logGroupName),
      ['/aws/lambda/orders'],
    );
    assert.deepEqual(found.missing.map((m) => [m.source.label, m.reason]).sort(), [
      ['authz', `the function is in account 210987654321, where its logs are; this profile reads account ${ACCOUNT}`],
      ['billing', 'the function is in region eu-west-1, where its logs are; these logs are read in us-east-1'],
      ['users', `the function is in account 210987654321, where its logs are; this profile reads account ${ACCOUNT}`],
    ]);
  });

  it('discovers the access log group (from its ARN), the functions routes and authorizers call, and execution logs', async () => {
    const lambda = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
    await aws.reset({
      apis: [
        {
          name: 'orders-api',
          protocolType: 'HTTP',
          integrations: [
            {
              ref: 'orders',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: lambda('orders'),
            },
            {
              ref: 'orders-alias',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: `${lambda('orders')}:live`,
            },
            {
              ref: 'versioned',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambda('reports')}:3/invocations`,
            },
            {
              ref: 'by-variable',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: lambda('${stageVariables.fn}'),
            },
            {
              ref: 'missing-variable',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: lambda('${stageVariables.nope}'),
            },
            {
              ref: 'unused',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: lambda('unused'),
            },
            {
              ref: 'never-ran',
              integrationType: 'AWS_PROXY',
              payloadFormatVersion: '2.0',
              integrationUri: lambda('never-ran'),
            },
            {
              ref: 'http',
              integrationType: 'HTTP_PROXY',
              integrationUri: 'https://legacy.example.com',
              integrationMethod: 'ANY',
            },
          ],
          authorizers: [
            {
              ref: 'auth',
              name: 'tokens',
              authorizerType: 'REQUEST',
              authorizerPayloadFormatVersion: '2.0',
              identitySource: ['$request.header.Authorization'],
              authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambda('authorizer')}/invocations`,
            },
            {
              ref: 'auth-by-variable',
              name: 'per-stage',
              authorizerType: 'REQUEST',
              authorizerPayloadFormatVersion: '2.0',
              identitySource: ['$request.header.Authorization'],
              authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${lambda('${stageVariables.authFn}')}/invocations`,
            },
          ],
          routes: [
            { routeKey: 'GET /orders', integration: 'orders' },
            { routeKey: 'POST /orders', integration: 'orders' },
            { routeKey: 'GET /live', integration: 'orders-alias' },
            { routeKey: 'GET /reports', integration: 'versioned', authorizationType: 'CUSTOM', authorizer: 'auth' },
            { routeKey: 'GET /v', integration: 'by-variable' },
            { routeKey: 'GET /nope', integration: 'missing-variable' },
            {
              routeKey: 'GET /guarded',
              integration: 'http',
              authorizationType: 'CUSTOM',
              authorizer: 'auth-by-variable',
            },
            { routeKey: 'GET /never', integration: 'never-ran' },
            { routeKey: 'ANY /legacy', integration: 'http' },
          ],
          deployments: [{ ref: 'd' }],
          stages: [
            {
              stageName: 'prod',
              deployment: 'd',
              stageVariables: { fn: 'orders-v2' },
              accessLogSettings: {
                destinationArn: `${arnOf('/custom/access/orders')}:*`,
                format: accessLogFormat('HTTP'),
              },
            },
          ],
        },
        {
          name: 'chat',
          protocolType: 'WEBSOCKET',
          routeSelectionExpression: '$request.body.action',
          integrations: [{ ref: 'fn', integrationType: 'AWS_PROXY', integrationUri: lambda('chat') }],
          routes: [{ routeKey: '$connect', integration: 'fn' }],
          stages: [
            { stageName: 'production', defaultRouteSettings: { loggingLevel: 'INFO', dataTraceEnabled: false } },
          ],
        },
      ],
      logGroups: [
        '/custom/access/orders',
        '/aws/lambda/orders',
        '/aws/lambda/orders-v2',
        '/aws/lambda/reports',
        '/aws/lambda/authorizer',
        '/aws/lambda/unused',
        '/aws/lambda/chat',
        '/aws/lambda/orders-v2-old',
      ].map((logGroupName) => ({ logGroupName })),
      functions: ['orders', 'orders-v2', 'reports', 'authorizer', 'never-ran', 'chat'].map((FunctionName) => ({
        FunctionName,
      })),
    });
    const s = sessions.session();
    const apis = aws.regionState().apis;
    const orders = [...apis.values()].find((a) => a.api.name === 'orders-api')!.api.apiId as string;
    const chat = [...apis.values()].find((a) => a.api.name === 'chat')!.api.apiId as string;
    await aws.seed({ logGroups: [{ logGroupName: `API-Gateway-Execution-Logs_${chat}/production` }] });

    const found = await discoverStageLogs(s, orders, 'prod');
    assert.equal(found.accessLogGroup, '/custom/access/orders');
    assert.deepEqual(
      found.sources.map((x) => [x.kind, x.label, x.logGroupName]),
      [
        ['access', 'access', '/custom/access/orders'],
        ['function', 'authorizer', '/aws/lambda/authorizer'],
        ['function', 'orders', '/aws/lambda/orders'],
        ['function', 'orders-v2', '/aws/lambda/orders-v2'],
        ['function', 'reports', '/aws/lambda/reports'],
      ],
    );
    assert.equal(found.sources[0]!.arn, arnOf('/custom/access/orders'), 'ARNs without :* for StartLiveTail');
    assert.equal(found.sources[0]!.accessFormat, accessLogFormat('HTTP'), 'its lines are read against the format');
    assert.match(found.sources.find((x) => x.label === 'orders')!.detail ?? '', /2 routes; route GET \/live \(live\)/);
    assert.deepEqual(
      found.missing.map((m) => m.reason),
      [
        'its URI uses stage variable nope, which stage prod does not set',
        'its URI uses stage variable authFn, which stage prod does not set',
        'no log group yet (the function has not run)',
      ],
    );
    assert.match(found.missing[0]!.source.label, /^integration \w+$/);
    assert.equal(found.missing[1]!.source.label, 'authorizer per-stage');
    assert.equal(found.missing[2]!.source.logGroupName, '/aws/lambda/never-ran');
    assert.deepEqual(
      found.pending.map((x) => x.logGroupName),
      ['/aws/lambda/never-ran'],
      'a tail waits for the group Lambda creates on the first invocation',
    );

    const accessOnly = await discoverStageLogs(s, orders, 'prod', { functions: false });
    assert.deepEqual(
      accessOnly.sources.map((x) => x.label),
      ['access'],
    );

    // A route's panel: only the function its integration calls and its authorizer's.
    const reports = await discoverStageLogs(s, orders, 'prod', { routeKey: 'GET /reports' });
    assert.deepEqual(
      reports.sources.map((x) => x.label),
      ['access', 'authorizer', 'reports'],
    );
    const legacy = await discoverStageLogs(s, orders, 'prod', { routeKey: 'ANY /legacy' });
    assert.deepEqual(
      legacy.sources.map((x) => x.label),
      ['access'],
    );

    const ws = await discoverStageLogs(s, chat, 'production');
    assert.equal(ws.accessLogGroup, undefined);
    assert.deepEqual(
      ws.sources.map((x) => [x.kind, x.logGroupName]),
      [
        ['function', '/aws/lambda/chat'],
        ['execution', `API-Gateway-Execution-Logs_${chat}/production`],
      ],
    );
  });

  /** An HTTP API whose routes call these functions (name, or name:qualifier), with a prod stage logging access. */
  async function functionsApi(functions: string[], seed: SeedFile): Promise<string> {
    await aws.reset({
      ...seed,
      apis: [
        {
          name: 'custom-groups',
          protocolType: 'HTTP',
          integrations: functions.map((f, i) => ({
            ref: `i${i}`,
            integrationType: 'AWS_PROXY',
            payloadFormatVersion: '2.0',
            integrationUri: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${f}`,
          })),
          routes: functions.map((_f, i) => ({ routeKey: `GET /r${i}`, integration: `i${i}` })),
          deployments: [{ ref: 'd' }],
          stages: [{ stageName: 'prod', deployment: 'd', accessLogSettings: { destinationArn: arnOf(ACCESS) } }],
        },
      ],
      logGroups: [...(seed.logGroups ?? []), { logGroupName: ACCESS }],
    });
    return [...aws.regionState().apis.values()][0]!.api.apiId as string;
  }

  it("tails a function's custom log group (LoggingConfig.LogGroup), asked of Lambda with the URI's qualifier", async () => {
    const apiId = await functionsApi(['orders:live'], {
      functions: [{ FunctionName: 'orders', LoggingConfig: { LogGroup: '/app/orders' }, qualifiers: ['live'] }],
      logGroups: [{ logGroupName: '/app/orders' }, { logGroupName: '/aws/lambda/orders' }],
    });
    const found = await discoverStageLogs(sessions.session(), apiId, 'prod');
    assert.deepEqual(
      found.sources.map((x) => [x.label, x.logGroupName, x.arn]),
      [
        ['access', ACCESS, arnOf(ACCESS)],
        ['orders', '/app/orders', arnOf('/app/orders')],
      ],
    );
    assert.deepEqual(found.missing, []);
    const asked = await aws.calls({ service: 'lambda' });
    assert.deepEqual(
      asked.map((c) => [c.operation, c.params.FunctionName, c.params.Qualifier, c.status]),
      [['GetFunctionConfiguration', 'orders', 'live', 200]],
    );
  });

  it('tails a custom group several functions share once, its label naming them; one lookup per function', async () => {
    const shared = { LoggingConfig: { LogGroup: '/app/shared' } };
    const apiId = await functionsApi(['orders', 'billing', 'orders', 'users'], {
      functions: [
        { FunctionName: 'orders', ...shared },
        { FunctionName: 'billing', ...shared },
        { FunctionName: 'users' },
      ],
      logGroups: [{ logGroupName: '/app/shared' }, { logGroupName: '/aws/lambda/users' }],
    });
    const found = await discoverStageLogs(sessions.session(), apiId, 'prod');
    assert.deepEqual(
      found.sources.map((x) => [x.label, x.logGroupName]),
      [
        ['access', ACCESS],
        ['billing+orders', '/app/shared'],
        ['users', '/aws/lambda/users'],
      ],
    );
    assert.equal((await aws.calls({ service: 'lambda' })).length, 3, 'orders, called by two routes, is asked once');
  });

  it('a denied lookup: the default groups are tailed, with one note that names them all and the IAM action', async () => {
    const apiId = await functionsApi(['orders', 'users'], {
      functions: [{ FunctionName: 'orders', LoggingConfig: { LogGroup: '/app/orders' } }, { FunctionName: 'users' }],
      logGroups: [{ logGroupName: '/aws/lambda/orders' }, { logGroupName: '/aws/lambda/users' }],
    });
    await aws.addFaults([lambdaDenial()]);
    const found = await discoverStageLogs(sessions.session(), apiId, 'prod');
    assert.deepEqual(
      found.sources.map((x) => [x.label, x.logGroupName]),
      [
        ['access', ACCESS],
        ['orders', '/aws/lambda/orders'],
        ['users', '/aws/lambda/users'],
      ],
    );
    assert.equal(found.missing.length, 1, 'one note for the tail, not one per function');
    const [note] = found.missing;
    assert.equal(note!.assumed, true);
    assert.deepEqual(found.pending, [], 'nothing waited for: the groups are tailed');
    assert.equal(
      noteText(found, note!),
      "orders, users: their log groups are assumed to be /aws/lambda/NAME: lambda:GetFunctionConfiguration was denied. Allow it to follow a custom log group (the function's LoggingConfig.LogGroup)",
    );
    const asked = await aws.calls({ service: 'lambda' });
    assert.deepEqual(
      asked.map((c) => [c.error, c.status]),
      [
        ['AccessDeniedException', 403],
        ['AccessDeniedException', 403],
      ],
    );
  });

  it('turns access logging on: a log group with the retention asked for and a JSON format with what the tail shows', async () => {
    await aws.reset({
      apis: [{ name: 'orders-api', protocolType: 'HTTP', stages: [{ stageName: '$default', autoDeploy: true }] }],
    });
    const s = sessions.session();
    const apiId = [...aws.regionState().apis.values()][0]!.api.apiId as string;
    const on = await enableAccessLogging(s, { apiId, stageName: '$default', protocol: 'HTTP', retentionInDays: 14 });
    assert.deepEqual(
      { ...on, format: undefined },
      {
        logGroupName: `/aws/apigateway/${apiId}/default`,
        arn: arnOf(`/aws/apigateway/${apiId}/default`),
        created: true,
        format: undefined,
      },
    );
    const stage = await s.apigw.getStage(apiId, '$default');
    assert.equal(stage.AccessLogSettings?.DestinationArn, on.arn);
    const format = JSON.parse(stage.AccessLogSettings!.Format!) as Record<string, string>;
    for (const v of [
      '$context.requestId',
      '$context.status',
      '$context.responseLatency',
      '$context.routeKey',
      '$context.integrationErrorMessage',
    ]) {
      assert.ok(Object.values(format).includes(v), `format lacks ${v}`);
    }
    assert.ok(stage.AccessLogSettings!.Format!.length < 3 * 1024, 'under the 3 KB limit');
    const group = (await s.logs.logGroups(on.logGroupName).next()).value!.items[0]!;
    assert.equal(group.retentionInDays, 14);
    // A second time: the group exists, its retention stays.
    const again = await enableAccessLogging(s, { apiId, stageName: '$default', protocol: 'HTTP', retentionInDays: 90 });
    assert.equal(again.created, false);
    assert.equal((await s.logs.logGroups(on.logGroupName).next()).value!.items[0]!.retentionInDays, 14);
    // WebSocket: its own variables, and the formatter understands what it writes.
    const ws = JSON.parse(accessLogFormat('WEBSOCKET')) as Record<string, string>;
    assert.equal(ws.eventType, '$context.eventType');
    assert.equal(ws.connectionId, '$context.connectionId');
    const bad = await enableAccessLogging(s, {
      apiId: 'nope',
      stageName: 'x',
      protocol: 'HTTP',
      retentionInDays: 14,
    }).catch((e: unknown) => e);
    assert.ok(isWorkbenchError(bad) && bad.code === 'NotFound');
  });

  it('a created log group CloudWatch Logs does not list yet: NotFound that says to try again, and the stage untouched', async () => {
    await aws.reset({
      apis: [{ name: 'orders-api', protocolType: 'HTTP', stages: [{ stageName: '$default', autoDeploy: true }] }],
    });
    const s = sessions.session();
    const apiId = [...aws.regionState().apis.values()][0]!.api.apiId as string;
    // The real adapters, with DescribeLogGroups answering as before the new group shows in it.
    const notListedYet = Object.assign(Object.create(s.logs) as typeof s.logs, {
      logGroups: (prefix?: string, o?: Parameters<typeof s.logs.logGroups>[1]) =>
        s.logs.logGroups(`${prefix ?? ''}-not-yet`, o),
    });
    const err = await enableAccessLogging(
      { apigw: s.apigw, logs: notListedYet },
      { apiId, stageName: '$default', protocol: 'HTTP', retentionInDays: 14 },
    ).catch((e: unknown) => e);
    assert.ok(isWorkbenchError(err) && err.code === 'NotFound', String(err));
    assert.match(err.message, /was created, but CloudWatch Logs does not list it yet/);
    assert.match(err.hint ?? '', /start the tail again/);
    assert.equal((await s.apigw.getStage(apiId, '$default')).AccessLogSettings, undefined);
  });
});
