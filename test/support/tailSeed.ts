// The account the tail's extension-host test, UI test and bench start from: sampleAccount() with access logging on
// orders-api/prod and log groups (with streams) to put events into.
import { sampleAccount, type SeedFile } from '../localaws/seed';

export const TAIL_ACCOUNT = '123456789012';
export const ACCESS_GROUP = '/aws/apigateway/orders/prod';
export const FUNCTION_GROUP = '/aws/lambda/orders-fn';

export function tailAccount(): SeedFile {
  const s = sampleAccount();
  const orders = s.apis!.find((a) => a.name === 'orders-api')!;
  orders.stages = orders.stages!.map((st) =>
    st.stageName === 'prod'
      ? {
          ...st,
          accessLogSettings: {
            destinationArn: `arn:aws:logs:us-east-1:${TAIL_ACCOUNT}:log-group:${ACCESS_GROUP}:*`,
            format: '{"requestId":"$context.requestId"}',
          },
        }
      : st,
  );
  s.logGroups = [ACCESS_GROUP, FUNCTION_GROUP].map((logGroupName) => ({
    logGroupName,
    streams: [{ logStreamName: 'a' }, { logStreamName: 'b' }],
  }));
  return s;
}

/** An HTTP API access log line in the JSON format the tail turns on (API Gateway quotes every value). */
export function accessLine(o: {
  requestId: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  error?: string;
}): string {
  return JSON.stringify({
    requestId: o.requestId,
    ip: '203.0.113.7',
    requestTime: new Date().toISOString(),
    httpMethod: o.method,
    routeKey: `${o.method} ${o.path}`,
    path: o.path.replace('{id}', '42'),
    status: String(o.status),
    protocol: 'HTTP/1.1',
    responseLength: '128',
    responseLatency: String(o.latencyMs),
    integrationLatency: String(Math.max(0, o.latencyMs - 3)),
    integrationStatus: String(o.status),
    integrationError: o.error ?? '-',
    errorMessage: '-',
  });
}
