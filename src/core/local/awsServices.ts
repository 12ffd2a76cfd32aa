// First-class AWS service integrations (HTTP APIs, AWS_PROXY with a subtype): the action's parameters evaluated from
// the request, then either recorded and answered as the service would, or sent to an AWS-compatible endpoint.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
import { createHash, randomUUID } from 'node:crypto';
import type { IntegrationSubtype } from '../gatewaySpec/model';

export interface ServiceCall {
  subtype: IntegrationSubtype;
  parameters: Record<string, string>;
  requestId: string;
  time: number;
}

/** JSON-protocol target of each subtype: the service's signing name, the X-Amz-Target and its JSON version. */
export const SERVICE_TARGETS: Record<IntegrationSubtype, { service: string; target: string; json: '1.0' | '1.1' }> = {
  'SQS-SendMessage': { service: 'sqs', target: 'AmazonSQS.SendMessage', json: '1.0' },
  'SQS-ReceiveMessage': { service: 'sqs', target: 'AmazonSQS.ReceiveMessage', json: '1.0' },
  'SQS-DeleteMessage': { service: 'sqs', target: 'AmazonSQS.DeleteMessage', json: '1.0' },
  'SQS-PurgeQueue': { service: 'sqs', target: 'AmazonSQS.PurgeQueue', json: '1.0' },
  'StepFunctions-StartExecution': { service: 'states', target: 'AWSStepFunctions.StartExecution', json: '1.0' },
  'StepFunctions-StartSyncExecution': { service: 'states', target: 'AWSStepFunctions.StartSyncExecution', json: '1.0' },
  'StepFunctions-StopExecution': { service: 'states', target: 'AWSStepFunctions.StopExecution', json: '1.0' },
  'EventBridge-PutEvents': { service: 'events', target: 'AWSEvents.PutEvents', json: '1.1' },
  'Kinesis-PutRecord': { service: 'kinesis', target: 'Kinesis_20131202.PutRecord', json: '1.1' },
  'AppConfig-GetConfiguration': { service: 'appconfig', target: 'AmazonAppConfig.GetConfiguration', json: '1.1' },
};

/** A WebSocket `AWS` integration's service target: `arn:aws:apigateway:REGION:SERVICE:action/ACTION` or `…:path/PATH`. */
export interface ServiceTarget {
  region: string;
  service: string;
  action?: string;
  path?: string;
}

const SERVICE_URI = /^arn:aws[\w-]*:apigateway:([\w-]+):([\w.-]+):(action|path)\/(.+)$/;

export function serviceTarget(uri: string): ServiceTarget | undefined {
  const m = SERVICE_URI.exec(uri);
  if (!m) return undefined;
  const [, region, service, style, rest] = m as unknown as [string, string, string, 'action' | 'path', string];
  return { region, service, ...(style === 'action' ? { action: rest } : { path: rest }) };
}

/**
 * The JSON-protocol services an action-style integration is sent to (its X-Amz-Target prefix and JSON version, as
 * the SDKs send them); other services and path-style integrations are recorded only.
 */
export const JSON_SERVICES: Record<string, { prefix: string; json: '1.0' | '1.1' }> = {
  dynamodb: { prefix: 'DynamoDB_20120810', json: '1.0' },
  sqs: { prefix: 'AmazonSQS', json: '1.0' },
  states: { prefix: 'AWSStepFunctions', json: '1.0' },
  kinesis: { prefix: 'Kinesis_20131202', json: '1.1' },
  events: { prefix: 'AWSEvents', json: '1.1' },
  firehose: { prefix: 'Firehose_20150804', json: '1.1' },
  logs: { prefix: 'Logs_20140328', json: '1.1' },
};

/** The JSON request body of the service action for the evaluated parameters (the `Region` parameter is routing only). */
export function serviceRequestBody(subtype: IntegrationSubtype, p: Record<string, string>): Record<string, unknown> {
  const { Region: _region, ...rest } = p;
  if (subtype === 'EventBridge-PutEvents') {
    const { Detail, DetailType, Source, Time, EventBusName, Resources, TraceHeader } = rest;
    const entry: Record<string, unknown> = { Detail, DetailType, Source };
    if (Time) entry.Time = Time;
    if (EventBusName) entry.EventBusName = EventBusName;
    if (Resources) entry.Resources = Resources.split(',');
    if (TraceHeader) entry.TraceHeader = TraceHeader;
    return { Entries: [entry] };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest))
    out[k] = /^(DelaySeconds|MaxNumberOfMessages|VisibilityTimeout|WaitTimeSeconds)$/.test(k) ? Number(v) : v;
  return out;
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** The answer the service gives to a recorded call (what API Gateway passes back, status 200). */
export function recordedAnswer(call: ServiceCall, region: string, accountId: string): Record<string, unknown> {
  const p = call.parameters;
  switch (call.subtype) {
    case 'SQS-SendMessage':
      return { MD5OfMessageBody: md5(p.MessageBody ?? ''), MessageId: randomUUID() };
    case 'SQS-ReceiveMessage':
      return { Messages: [] };
    case 'SQS-DeleteMessage':
    case 'SQS-PurgeQueue':
      return {};
    case 'StepFunctions-StartExecution':
      return {
        executionArn: `${(p.StateMachineArn ?? '').replace(':stateMachine:', ':execution:')}:${p.Name ?? randomUUID()}`,
        startDate: call.time / 1000,
      };
    case 'StepFunctions-StartSyncExecution':
      return {
        executionArn: `arn:aws:states:${region}:${accountId}:express:local:${randomUUID()}`,
        status: 'SUCCEEDED',
        output: p.Input ?? '{}',
      };
    case 'StepFunctions-StopExecution':
      return { stopDate: call.time / 1000 };
    case 'EventBridge-PutEvents':
      return { Entries: [{ EventId: randomUUID() }], FailedEntryCount: 0 };
    case 'Kinesis-PutRecord':
      return { SequenceNumber: String(call.time) + '0'.repeat(40), ShardId: 'shardId-000000000000' };
    case 'AppConfig-GetConfiguration':
      return {};
  }
}
