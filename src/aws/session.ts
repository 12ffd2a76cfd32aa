// One set of SDK clients per connection (profile, region, endpoint), made on first use and reused: credentials from
// the named profile only (credentials.ts), the SDK's standard retry strategy, the shared pacer in front of every API
// Gateway attempt, and one line per call in the log.
import { ApiGatewayV2Client, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  RetryStrategyV2,
} from '@smithy/types';
import { displayUrl } from '../core/redact';
import { ApiGatewayAdapter } from './apigateway';
import { CloudWatchAdapter, OperationPacers, pacedCloudWatchClient } from './cloudwatch';
import { credentialProvider, type CredentialOptions } from './credentials';
import { toWorkbenchError, type ErrorContext } from './errors';
import { LambdaAdapter } from './lambda';
import { LogsAdapter } from './logs';
import { APIGW_LIMITS, PacerRegistry, type PacerClock, type PacerLimits } from './pacer';
import type { Connection } from './profiles';

export interface SessionOptions extends CredentialOptions {
  /** Attempts per call, the first included (SDK standard retry: exponential backoff with jitter, 429/5xx/network). */
  maxAttempts?: number;
  /** API Gateway pacing; tests and the bench lower or raise it. */
  pacing?: PacerLimits;
  /** The time the API Gateway pacer reads and waits on (tests: a virtual clock). */
  pacerClock?: PacerClock;
  /** A debug line per call: operation, status, time, attempts. Never credentials. */
  log?: (line: string) => void;
  /** Replaces the SDK's standard retry strategy (tests shorten its backoff; maxAttempts then comes from it). */
  retryStrategy?: RetryStrategyV2;
  /** The first pause before a listing is read again after the SDK's retries gave up (default 1 s; tests shorten it). */
  listRetryDelayMs?: number;
  /** CloudWatch pacing per operation (default CLOUDWATCH_LIMITS in cloudwatch.ts). */
  cloudwatchPacing?: Record<string, PacerLimits>;
}

export interface AwsSession {
  readonly connection: Connection;
  readonly apigw: ApiGatewayAdapter;
  readonly logs: LogsAdapter;
  /** CloudWatch metrics and alarms; its client is made on first use. */
  readonly cloudwatch: CloudWatchAdapter;
  /** Lambda, asked where functions send their logs; its client is made on first use. */
  readonly lambda: LambdaAdapter;
  /** The session's credentials (resolved once, refreshed before expiry): for SigV4 signing of calls to a stage. */
  readonly credentials: AwsCredentialIdentityProvider;
  /** The account and caller (STS GetCallerIdentity), asked once per session. */
  callerIdentity(): Promise<{ account: string; arn: string; userId: string }>;
  /** Resolves credentials now (the explorer's no-credentials state); throws a mapped WorkbenchError. */
  checkCredentials(): Promise<void>;
  destroy(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 6;

/** Caches credentials until shortly before they expire, so every client of a session shares one resolution. */
function memoize(provider: AwsCredentialIdentityProvider): SessionCredentials {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let resolved: AwsCredentialIdentity | undefined;
  const fn = (async () => {
    if (current && (!resolved?.expiration || resolved.expiration.getTime() - Date.now() > 5 * 60_000)) return current;
    current = provider();
    current.then(
      (c) => {
        resolved = c;
      },
      () => {
        current = undefined;
      },
    );
    return current;
  }) as SessionCredentials;
  fn.accessKeyId = () => resolved?.accessKeyId;
  return fn;
}

type SessionCredentials = AwsCredentialIdentityProvider & { accessKeyId(): string | undefined };

/** What a mapped error says about the connection: the endpoint as shown to people (no password in it). */
function errorContext(conn: Connection, service: string, operation: string): ErrorContext {
  return {
    service,
    operation,
    profile: conn.profile,
    region: conn.region,
    ...(conn.endpointUrl ? { endpointUrl: displayUrl(conn.endpointUrl) } : {}),
    ...(conn.profileKind ? { profileKind: conn.profileKind } : {}),
  };
}

/**
 * A middleware placed after the retry middleware and before signing: every API Gateway attempt, retries included,
 * waits its turn at the pacer shared by every session of the same access key, region and endpoint.
 */
function pacerMiddleware(
  credentials: SessionCredentials,
  pacers: PacerRegistry,
  conn: Connection,
): FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> {
  return (next, context) => async (args) => {
    await credentials();
    await pacers.get(pacerKey(credentials, conn)).acquire(String(context.commandName ?? '').replace(/Command$/, ''));
    return next(args);
  };
}

/** Calls of one access key, region and endpoint share a pacer, whichever session makes them. */
function pacerKey(credentials: SessionCredentials, conn: Connection): string {
  return `${credentials.accessKeyId() ?? conn.profile}|${conn.region}|${conn.endpointUrl ?? ''}`;
}

/** The SDK clients of one session, each made on first use and reused. */
class SessionClients {
  private apigwClient: ApiGatewayV2Client | undefined;
  private logsClient: CloudWatchLogsClient | undefined;
  private stsClient: STSClient | undefined;
  private lambdaClient: LambdaClient | undefined;
  private cloudwatchClient: ReturnType<typeof pacedCloudWatchClient> | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly o: SessionOptions,
    readonly credentials: SessionCredentials,
    private readonly pacers: PacerRegistry,
    private readonly cloudwatchPacers: OperationPacers,
  ) {}

  private base() {
    return {
      region: this.conn.region,
      credentials: this.credentials,
      maxAttempts: this.o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
      ...(this.o.retryStrategy ? { retryStrategy: this.o.retryStrategy } : {}),
      ...(this.conn.endpointUrl ? { endpoint: this.conn.endpointUrl } : {}),
    };
  }

  apigw(): ApiGatewayV2Client {
    if (this.apigwClient) return this.apigwClient;
    const client = new ApiGatewayV2Client({
      ...this.base(),
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
    client.middlewareStack.addRelativeTo(pacerMiddleware(this.credentials, this.pacers, this.conn), {
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
      name: 'apigwPacer',
      override: true,
    });
    instrument(client, this.o.log);
    return (this.apigwClient = client);
  }

  logs(): CloudWatchLogsClient {
    if (this.logsClient) return this.logsClient;
    // StartLiveTail goes to a `streaming.` host prefix that an overridden endpoint does not have (docs/AWS.md, Credentials and endpoints).
    const client = new CloudWatchLogsClient({
      ...this.base(),
      ...(this.conn.endpointUrl ? { disableHostPrefix: true } : {}),
      requestHandler: { connectionTimeout: 5_000 },
    });
    instrument(client, this.o.log);
    return (this.logsClient = client);
  }

  cloudwatch(): ReturnType<typeof pacedCloudWatchClient> {
    if (this.cloudwatchClient) return this.cloudwatchClient;
    const client = pacedCloudWatchClient(
      { ...this.base(), requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } },
      async (op) => {
        await this.credentials();
        await this.cloudwatchPacers.acquire(pacerKey(this.credentials, this.conn), op);
      },
    );
    instrument(client, this.o.log);
    return (this.cloudwatchClient = client);
  }

  lambda(): LambdaClient {
    if (this.lambdaClient) return this.lambdaClient;
    const client = new LambdaClient({
      ...this.base(),
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
    instrument(client, this.o.log);
    return (this.lambdaClient = client);
  }

  sts(): STSClient {
    if (this.stsClient) return this.stsClient;
    const client = new STSClient({
      ...this.base(),
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    });
    instrument(client, this.o.log);
    return (this.stsClient = client);
  }

  destroy(): void {
    this.apigwClient?.destroy();
    this.logsClient?.destroy();
    this.cloudwatchClient?.destroy();
    this.stsClient?.destroy();
    this.lambdaClient?.destroy();
  }
}

type CallerIdentity = { account: string; arn: string; userId: string };

async function fetchCallerIdentity(clients: SessionClients, conn: Connection): Promise<CallerIdentity> {
  try {
    const out = await clients.sts().send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  } catch (err) {
    throw toWorkbenchError(err, errorContext(conn, 'sts', 'GetCallerIdentity'));
  }
}

async function checkCredentials(clients: SessionClients, conn: Connection): Promise<void> {
  try {
    await clients.credentials();
  } catch (err) {
    throw toWorkbenchError(err, errorContext(conn, 'sts', 'credentials'));
  }
}

function newSession(conn: Connection, clients: SessionClients, listRetryDelayMs?: number): AwsSession {
  let identity: Promise<CallerIdentity> | undefined;
  return {
    connection: conn,
    credentials: clients.credentials,
    apigw: new ApiGatewayAdapter(
      () => clients.apigw(),
      (op) => errorContext(conn, 'apigateway', op),
      conn,
      listRetryDelayMs,
    ),
    logs: new LogsAdapter(
      () => clients.logs(),
      (op) => errorContext(conn, 'logs', op),
    ),
    cloudwatch: new CloudWatchAdapter(
      () => clients.cloudwatch(),
      (op) => errorContext(conn, 'cloudwatch', op),
    ),
    lambda: new LambdaAdapter(
      () => clients.lambda(),
      (op) => errorContext(conn, 'lambda', op),
    ),
    callerIdentity: () => {
      identity ??= fetchCallerIdentity(clients, conn);
      identity.catch(() => {
        identity = undefined;
      });
      return identity;
    },
    checkCredentials: () => checkCredentials(clients, conn),
    destroy: () => clients.destroy(),
  };
}

export class SessionPool {
  private readonly sessions = new Map<string, AwsSession>();
  private readonly pacers: PacerRegistry;
  private readonly cloudwatchPacers: OperationPacers;

  constructor(private readonly options: SessionOptions = {}) {
    this.pacers = new PacerRegistry(options.pacing ?? APIGW_LIMITS, options.pacerClock);
    this.cloudwatchPacers = new OperationPacers(options.cloudwatchPacing);
  }

  /** The session for a connection: made once per (profile, region, endpoint), then reused. */
  get(conn: Connection): AwsSession {
    let s = this.sessions.get(conn.key);
    if (!s) this.sessions.set(conn.key, (s = this.create(conn)));
    return s;
  }

  /** Drops every session (profiles or credentials changed on disk). */
  clear(): void {
    for (const s of this.sessions.values()) s.destroy();
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }

  private create(conn: Connection): AwsSession {
    const credentials = memoize(credentialProvider(conn, this.options));
    return newSession(
      conn,
      new SessionClients(conn, this.options, credentials, this.pacers, this.cloudwatchPacers),
      this.options.listRetryDelayMs,
    );
  }
}

interface Instrumentable {
  middlewareStack: {
    add(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the middleware stack of any SDK client
      mw: (next: any, context: any) => (args: any) => Promise<any>,
      o: { step: 'initialize'; name: string; override: boolean },
    ): void;
  };
}

/** One debug line per call, after retries: "GetApis 200 in 23 ms". */
function instrument(client: Instrumentable, log: ((line: string) => void) | undefined): void {
  if (!log) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = Date.now();
      const op = String(context.commandName ?? '').replace(/Command$/, '');
      try {
        const out = await next(args);
        const m = out.output?.$metadata ?? {};
        log(
          `${op} ${m.httpStatusCode ?? ''} in ${Date.now() - started} ms${m.attempts > 1 ? ` (${m.attempts} attempts)` : ''}`,
        );
        return out;
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
        log(
          `${op} failed: ${e.name ?? 'Error'} ${e.$metadata?.httpStatusCode ?? ''} in ${Date.now() - started} ms${(e.$metadata?.attempts ?? 1) > 1 ? ` (${e.$metadata?.attempts} attempts)` : ''}`,
        );
        throw err;
      }
    },
    { step: 'initialize', name: 'apigwCallLog', override: true },
  );
}
