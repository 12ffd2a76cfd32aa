// The one way a node --test suite gets the local AWS test service: started before the suite's first test, put back
// before each test where the suite asks (emptied, seeded, its configuration restored), closed after the suite.
import { after, afterEach, before, beforeEach } from 'node:test';
import type { Connection } from '../../src/aws/profiles';
import type { AwsSession, SessionPool } from '../../src/aws/session';
import { clone } from './common';
import { testConnection } from './connection';
import { testSessions, type TestSessionOptions } from './sessions';
import type { SeedFile } from './seed';
import { LocalAws, type LocalAwsConfig, type LocalAwsOptions } from './server';

export interface LocalAwsFixtureOptions extends LocalAwsOptions {
  /**
   * Before each test: `configure()` back to the configuration the suite started with, and `reset()` to this seed (a
   * function builds a fresh one per test; `{}` empties the service), so no test sees another's state or settings.
   * Without it the state carries over from test to test.
   */
  reset?: SeedFile | (() => SeedFile);
}

/**
 * The suite's service, created now and listening from the suite's first hook on (`endpoint` is set then). API
 * Gateway throttling is off unless `config.apigatewayRate` says otherwise: tests count calls, and whether the
 * pacer keeps within AWS's quota is decided on a virtual clock (pacer.test.ts). Call it first in a `describe`, so
 * the suite's own hooks run after the service is up and reset.
 */
export function useLocalAws(options: LocalAwsFixtureOptions = {}): LocalAws {
  const { reset, ...start } = options;
  const aws = LocalAws.create({ ...start, config: { apigatewayRate: null, ...start.config } });
  const initial: LocalAwsConfig = clone(aws.config);
  before(() => aws.listen());
  after(() => aws.close());
  if (reset !== undefined)
    beforeEach(async () => {
      await aws.configure(initial);
      await aws.reset(typeof reset === 'function' ? reset() : reset);
    });
  return aws;
}

/** The endpoint of a service that has stopped: what a caller meets when nothing listens (Network errors). */
export async function closedEndpoint(): Promise<string> {
  const aws = await LocalAws.start();
  await aws.close();
  return aws.endpoint;
}

export interface SessionsFixture {
  /** This test's session for the service: the same one on every call within a test, a new one in the next test. */
  session(): AwsSession;
  /** A session of a pool of its own (other credentials, retries or connection), cleared after the test too. */
  session(o: TestSessionOptions & { connection?: Partial<Connection> }): AwsSession;
  /** A pool of its own, cleared after the test. */
  pool(o?: TestSessionOptions): SessionPool;
}

/**
 * Sessions through the real SDK to the suite's service (`testSessions()` with `defaults`, connections from
 * `testConnection()` with `connection`), made during a test and cleared after it.
 */
export function useTestSessions(
  aws: { readonly endpoint: string },
  defaults: TestSessionOptions & { connection?: Partial<Connection> } = {},
): SessionsFixture {
  const { connection: baseConnection, ...baseOptions } = defaults;
  const pools: SessionPool[] = [];
  let current: AwsSession | undefined;
  afterEach(() => {
    current = undefined;
    for (const p of pools.splice(0)) p.clear();
  });
  const pool = (o: TestSessionOptions = {}): SessionPool => {
    const p = testSessions({ ...baseOptions, ...o });
    pools.push(p);
    return p;
  };
  const open = (o: TestSessionOptions & { connection?: Partial<Connection> }): AwsSession => {
    const { connection, ...options } = o;
    return pool(options).get(testConnection(aws.endpoint, { ...baseConnection, ...connection }));
  };
  return {
    session: (o?: TestSessionOptions & { connection?: Partial<Connection> }) => (o ? open(o) : (current ??= open({}))),
    pool,
  };
}
