// One set of SDK clients per connection (profile, region, endpoint), made on first use and reused: credentials from
// the SDK's own providers, the SDK's standard retry strategy, the shared pacer in front of every API Gateway attempt,
// and one line per call in the log.
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { ApiGatewayAdapter } from './apigateway';
import { toWorkbenchError, type ErrorContext } from './errors';
import { LogsAdapter } from './logs';
import { APIGW_LIMITS, PacerRegistry, type PacerLimits } from './pacer';
import type { Connection } from './profiles';

export interface SessionOptions {
  /** Attempts per call, the first included (SDK standard retry: exponential backoff with jitter, 429/5xx/network). */
  maxAttempts?: number;
  /** API Gateway pacing; tests and the bench lower or raise it. */
  pacing?: PacerLimits;
  /** Asks for an MFA code when a profile assumes a role with mfa_serial. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /** A debug line per call: operation, status, time, attempts. Never credentials. */
  log?: (line: string) => void;
  /** Replaces the credential providers (tests that run without shared files). */
  credentials?: AwsCredentialIdentityProvider;
  /** Replaces the SDK's standard retry strategy (tests shorten its backoff; maxAttempts then comes from it). */
  retryStrategy?: RetryStrategyV2;
}

export interface AwsSession {
  readonly connection: Connection;
  readonly apigw: ApiGatewayAdapter;
  readonly logs: LogsAdapter;
  /** The session's credentials (resolved once, refreshed before expiry): for SigV4 signing of calls to a stage. */
  readonly credentials: AwsCredentialIdentityProvider;
  /** The account and caller (STS GetCallerIdentity), asked once per session. */
  callerIdentity(): Promise<{ account: string; arn: string; userId: string }>;
  /** Resolves credentials now (the explorer's no-credentials state); throws a mapped WorkbenchError. */
  checkCredentials(): Promise<void>;
  destroy(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 6;

/** Credential resolution through the SDK's providers: SSO, credential_process, assumed roles and MFA, environment. */
export function credentialProvider(conn: Connection, o: SessionOptions): AwsCredentialIdentityProvider {
  if (o.credentials) return o.credentials;
  // As the AWS CLI does: environment keys win unless a profile was named (setting or AWS_PROFILE).
  if (conn.profileFound && !(conn.profileSource === 'default' && conn.envCredentials)) {
    return fromIni({
      profile: conn.profile,
      ignoreCache: true,
      ...(o.mfaCodeProvider ? { mfaCodeProvider: o.mfaCodeProvider } : {}),
      clientConfig: { region: conn.region },
    });
  }
  return fromNodeProviderChain({
    ...(o.mfaCodeProvider ? { mfaCodeProvider: o.mfaCodeProvider } : {}),
    clientConfig: { region: conn.region },
  });
}

/** Caches credentials until shortly before they expire, so every client of a session shares one resolution. */
function memoize(
  provider: AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider & { accessKeyId(): string | undefined } {
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
  }) as AwsCredentialIdentityProvider & { accessKeyId(): string | undefined };
  fn.accessKeyId = () => resolved?.accessKeyId;
  return fn;
}

export class SessionPool {
  private readonly sessions = new Map<string, AwsSession>();
  private readonly pacers: PacerRegistry;

  constructor(private readonly options: SessionOptions = {}) {
    this.pacers = new PacerRegistry(options.pacing ?? APIGW_LIMITS);
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
    const o = this.options;
    const credentials = memoize(credentialProvider(conn, o));
    const base = {
      region: conn.region,
      credentials,
      maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
      ...(o.retryStrategy ? { retryStrategy: o.retryStrategy } : {}),
      ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}),
    };
    const ctx = (service: string, operation: string): ErrorContext => ({
      service,
      operation,
      profile: conn.profile,
      region: conn.region,
      ...(conn.endpointUrl ? { endpointUrl: conn.endpointUrl } : {}),
      ...(conn.profileKind === 'sso' ? { sso: true } : {}),
    });
    let apigwClient: ApiGatewayV2Client | undefined;
    let logsClient: CloudWatchLogsClient | undefined;
    let stsClient: STSClient | undefined;
    const pacerKey = () => `${credentials.accessKeyId() ?? conn.profile}|${conn.region}|${conn.endpointUrl ?? ''}`;

    const apigw = () => {
      if (apigwClient) return apigwClient;
      apigwClient = new ApiGatewayV2Client({
        ...base,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      });
      // After the retry middleware and before signing: every attempt, retries included, waits its turn.
      apigwClient.middlewareStack.addRelativeTo(
        ((next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          await credentials();
          await this.pacers.get(pacerKey()).acquire(String(context.commandName ?? '').replace(/Command$/, ''));
          return next(args);
        }) as never,
        { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'apigwPacer', override: true },
      );
      instrument(apigwClient, o.log);
      return apigwClient;
    };
    const logs = () => {
      if (logsClient) return logsClient;
      // StartLiveTail goes to a `streaming.` host prefix that an overridden endpoint does not have (docs/AWS.md, Credentials and endpoints).
      logsClient = new CloudWatchLogsClient({
        ...base,
        ...(conn.endpointUrl ? { disableHostPrefix: true } : {}),
        requestHandler: { connectionTimeout: 5_000 },
      });
      instrument(logsClient, o.log);
      return logsClient;
    };
    const sts = () => {
      if (stsClient) return stsClient;
      stsClient = new STSClient({ ...base, requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } });
      instrument(stsClient, o.log);
      return stsClient;
    };

    let identity: Promise<{ account: string; arn: string; userId: string }> | undefined;
    const session: AwsSession = {
      connection: conn,
      credentials,
      apigw: new ApiGatewayAdapter(apigw, (op) => ctx('apigateway', op), conn),
      logs: new LogsAdapter(logs, (op) => ctx('logs', op)),
      callerIdentity: () => {
        identity ??= (async () => {
          try {
            const out = await sts().send(new GetCallerIdentityCommand({}));
            return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
          } catch (err) {
            identity = undefined;
            throw toWorkbenchError(err, ctx('sts', 'GetCallerIdentity'));
          }
        })();
        return identity;
      },
      checkCredentials: async () => {
        try {
          await credentials();
        } catch (err) {
          throw toWorkbenchError(err, ctx('sts', 'credentials'));
        }
      },
      destroy: () => {
        apigwClient?.destroy();
        logsClient?.destroy();
        stsClient?.destroy();
      },
    };
    return session;
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
