// The connection options every AWS subcommand takes, declared once, and the one way the CLI turns them into a
// session: resolved like the AWS CLI and the extension do, with the caller's environment and session options.
import { listProfiles, profileNotFound, resolveConnection } from '../aws/profiles';
import { SessionPool, type AwsSession } from '../aws/session';
import type { CliIo } from './io';
import { value } from './options';

export const CONNECTION_OPTIONS = {
  profile: value('NAME', 'AWS profile (default: AWS_PROFILE, then "default")'),
  region: value('REGION', "Region (default: AWS_REGION, the profile's region, then us-east-1)"),
  'endpoint-url': value(
    'URL',
    "Another API Gateway endpoint (LocalStack, a test service); also the profile's endpoint_url and AWS_ENDPOINT_URL",
  ),
} as const;

export interface ConnectionValues {
  profile?: string | undefined;
  region?: string | undefined;
  'endpoint-url'?: string | undefined;
}

/**
 * The sessions of one command run: made on the first `connect()`, closed when the command ends. A connection that
 * cannot be resolved (a profile that does not exist, an endpoint that is not a URL) is a problem with the arguments.
 */
export class CliConnection {
  private pool: SessionPool | undefined;

  constructor(
    private readonly values: ConnectionValues,
    private readonly io: Pick<CliIo, 'env' | 'sessionOptions'>,
  ) {}

  async connect(): Promise<AwsSession> {
    const profiles = await listProfiles();
    const conn = await resolveConnection(
      {
        ...(this.values.profile ? { profile: this.values.profile } : {}),
        ...(this.values.region ? { region: this.values.region } : {}),
        ...(this.values['endpoint-url'] ? { endpointUrl: this.values['endpoint-url'] } : {}),
        ...(this.io.env ? { env: this.io.env } : {}),
      },
      profiles,
    );
    // The session would refuse it on its first call too (never falling back to other credentials); said here, it is
    // the bad argument it is (exit 2), before anything is read. Credentials given by the caller (tests) replace the
    // profile's, as they do in the session.
    if (!conn.profileFound && conn.profileSource !== 'default' && !this.io.sessionOptions?.credentials)
      throw profileNotFound(conn.profile, conn.profileSource, profiles, this.io.env ?? process.env);
    this.pool ??= new SessionPool(this.io.sessionOptions ?? {});
    return this.pool.get(conn);
  }

  close(): void {
    this.pool?.clear();
  }
}
