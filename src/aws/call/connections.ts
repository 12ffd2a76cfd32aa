// Send to Connection and Disconnect: the API Gateway Management API (`@connections`) of a WebSocket stage, through
// the SDK's own ApiGatewayManagementApiClient pointed at the stage (`https://{apiId}.execute-api.{region}.amazonaws.com/{stage}`)
// or at the local API, behind the same host guard as every call.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { checkRequestUrl, type Target } from '../../core/call/targets';
import { WorkbenchError } from '../../core/errors';
import { abortable, toWorkbenchError } from '../errors';
import { trimTrailing } from '../../core/text';

export interface ManagementTarget {
  /** The stage's https:// invoke URL (a wss:// one is turned into https://), or the local API's http:// URL. */
  endpoint: string;
  /** Where management calls may go (the host guard): the stage's targets. */
  targets: readonly Target[];
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** The profile, for error messages. */
  profile?: string;
}

export interface ConnectionInfo {
  connectedAt?: Date;
  lastActiveAt?: Date;
  sourceIp?: string;
  userAgent?: string;
}

/** The management endpoint of a WebSocket stage's URL: wss → https, ws → http. */
export function managementEndpoint(stageUrl: string): string {
  return trimTrailing(stageUrl.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:'), '/');
}

function client(t: ManagementTarget): ApiGatewayManagementApiClient {
  const endpoint = managementEndpoint(t.endpoint);
  const wsTargets = t.targets.map((x) => ({ ...x, baseUrl: managementEndpoint(x.baseUrl) }));
  checkRequestUrl(`${endpoint}/@connections`, wsTargets);
  return new ApiGatewayManagementApiClient({ endpoint, region: t.region, credentials: t.credentials, maxAttempts: 3 });
}

async function send<T>(
  t: ManagementTarget,
  operation: string,
  connectionId: string,
  run: (c: ApiGatewayManagementApiClient) => Promise<T>,
): Promise<T> {
  if (!connectionId || connectionId.length > 128 || !/^[\x21-\x7e]+$/.test(connectionId))
    throw new WorkbenchError('InvalidArgument', `Not a connection id: "${connectionId.slice(0, 60)}"`, {
      hint: 'A connection id looks like L0SM9cOFvHcCIhw=; $connect events and access logs carry it.',
    });
  const c = client(t);
  try {
    return await run(c);
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'GoneException')
      throw new WorkbenchError(
        'NotFound',
        `The connection ${connectionId} is gone (closed, or never existed on this stage).`,
        { cause: err },
      );
    if (name === 'PayloadTooLargeException')
      throw new WorkbenchError('InputLimit', 'The message is over the 128 KB WebSocket message quota.', { cause: err });
    throw toWorkbenchError(err, { service: 'execute-api', operation, profile: t.profile ?? '', region: t.region });
  } finally {
    c.destroy();
  }
}

/** PostToConnection: `data` to one connection. */
export function postToConnection(
  t: ManagementTarget,
  connectionId: string,
  data: string | Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  return send(t, 'PostToConnection', connectionId, async (c) => {
    await c.send(
      new PostToConnectionCommand({
        ConnectionId: connectionId,
        Data: typeof data === 'string' ? new TextEncoder().encode(data) : data,
      }),
      abortable(signal),
    );
  });
}

/** DeleteConnection: ends one connection (its $disconnect route runs). */
export function deleteConnection(t: ManagementTarget, connectionId: string, signal?: AbortSignal): Promise<void> {
  return send(t, 'DeleteConnection', connectionId, async (c) => {
    await c.send(new DeleteConnectionCommand({ ConnectionId: connectionId }), abortable(signal));
  });
}

/** GetConnection: when it connected, when it was last active, who it is. */
export function getConnection(
  t: ManagementTarget,
  connectionId: string,
  signal?: AbortSignal,
): Promise<ConnectionInfo> {
  return send(t, 'GetConnection', connectionId, async (c) => {
    const out = await c.send(new GetConnectionCommand({ ConnectionId: connectionId }), abortable(signal));
    return {
      ...(out.ConnectedAt ? { connectedAt: out.ConnectedAt } : {}),
      ...(out.LastActiveAt ? { lastActiveAt: out.LastActiveAt } : {}),
      ...(out.Identity?.SourceIp ? { sourceIp: out.Identity.SourceIp } : {}),
      ...(out.Identity?.UserAgent ? { userAgent: out.Identity.UserAgent } : {}),
    };
  });
}
