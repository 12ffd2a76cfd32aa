// Turning access logging on for a stage that has none: a log group with a retention, and a JSON format that carries
// what a tail shows (request id, method, route key, status, latency, integration error) and the integration's request
// id that finds a request's Lambda lines. Asked for in a modal that
// names the stage (src/vscode/tail); the CLI never changes a stage.
import { isWorkbenchError, WorkbenchError } from '../../core/errors';
import type { ApiGatewayAdapter } from '../apigateway';
import type { LogsAdapter } from '../logs';
import { groupArn } from './sources';

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * $context variables per protocol (API Gateway developer guide: "Customize HTTP API access logs", "Configure logging
 * for WebSocket APIs"). Values are quoted: a variable without a value logs "-", which would break a bare number.
 * Well under the 3 KB format limit.
 */
const FORMATS: Record<'HTTP' | 'WEBSOCKET', Record<string, string>> = {
  HTTP: {
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    // The Lambda's awsRequestId: what links a request to its function's log lines (docs/CALL.md).
    integrationRequestId: '$context.integration.requestId',
    errorMessage: '$context.error.message',
  },
  WEBSOCKET: {
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    connectionId: '$context.connectionId',
    status: '$context.status',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integration.status',
    integrationError: '$context.integration.error',
    integrationRequestId: '$context.integration.requestId',
    errorMessage: '$context.error.message',
  },
};

export function accessLogFormat(protocol: string | undefined): string {
  return JSON.stringify(FORMATS[protocol === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP']);
}

/** `/aws/apigateway/{apiId}/{stage}`: one group per stage (log group names cannot hold `$`). */
export function accessLogGroupName(apiId: string, stageName: string): string {
  return `/aws/apigateway/${apiId}/${stageName === '$default' ? 'default' : stageName.replace(/[^\w\-./#]/g, '_')}`;
}

export interface EnabledAccessLogging {
  logGroupName: string;
  arn: string;
  /** False when the group already existed (its retention is left as it is). */
  created: boolean;
  format: string;
}

export async function enableAccessLogging(
  s: { apigw: Pick<ApiGatewayAdapter, 'updateStage'>; logs: Pick<LogsAdapter, 'createLogGroup' | 'logGroups'> },
  o: { apiId: string; stageName: string; protocol: string | undefined; retentionInDays: number; signal?: AbortSignal },
): Promise<EnabledAccessLogging> {
  const name = accessLogGroupName(o.apiId, o.stageName);
  let created = true;
  try {
    await s.logs.createLogGroup(name, o.retentionInDays, o.signal);
  } catch (err) {
    if (!(isWorkbenchError(err) && err.code === 'Conflict')) throw err;
    created = false;
  }
  const arn = await groupArn(s.logs, name, o.signal);
  if (!arn)
    throw new WorkbenchError(
      'NotFound',
      `The log group ${name} was created, but CloudWatch Logs does not list it yet.`,
      {
        hint: 'A new log group can take a few seconds to be listed: start the tail again; the group is kept.',
      },
    );
  const format = accessLogFormat(o.protocol);
  await s.apigw.updateStage(
    o.apiId,
    o.stageName,
    { AccessLogSettings: { DestinationArn: arn, Format: format } },
    o.signal,
  );
  return { logGroupName: name, arn, created, format };
}
