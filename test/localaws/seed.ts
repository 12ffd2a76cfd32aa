// Seed files: the account a test starts from, in the wire (camelCase) members of the API reference plus `ref`s
// that tie routes to integrations and authorizers, and stages to deployments, without knowing generated ids.
import type { Json } from './common';
import type { SeedFunction } from './lambda';
import type { SeedAlarm, SeedTraffic } from './metricsSeed';

export interface SeedIdentity {
  arn: string;
  userId: string;
  account?: string;
}

export interface SeedApi extends Json {
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  apiId?: string;
  region?: string;
  integrations?: Array<Json & { ref?: string }>;
  authorizers?: Array<Json & { ref?: string }>;
  /** `integration` names an integration's ref (or id); `authorizer` an authorizer's. */
  routes?: Array<Json & { integration?: string; authorizer?: string }>;
  deployments?: Array<Json & { ref?: string }>;
  /** `deployment` names a deployment's ref (or id). */
  stages?: Array<Json & { deployment?: string }>;
}

export interface SeedFile {
  account?: string;
  /** Region for entries that name none. */
  region?: string;
  /** Caller identities by access key id; '*' for any other key. */
  identities?: Record<string, SeedIdentity>;
  apis?: SeedApi[];
  vpcLinks?: Array<Json & { region?: string }>;
  domainNames?: Array<
    Json & { region?: string; apiMappings?: Array<{ api: string; stage: string; apiMappingKey?: string }> }
  >;
  logGroups?: Array<{
    logGroupName: string;
    region?: string;
    retentionInDays?: number;
    streams?: Array<{ logStreamName: string; events?: Array<{ timestamp: number; message: string }> }>;
  }>;
  /** API Gateway traffic the local CloudWatch publishes metrics for (builders in metricsSeed.ts). */
  metrics?: SeedTraffic[];
  alarms?: SeedAlarm[];
  /**
   * Lambda functions GetFunctionConfiguration knows (lambda.ts); any other is ResourceNotFoundException. Unset: the
   * functions the seeded APIs' integrations and authorizers call, logging to /aws/lambda/NAME (seededFunctions).
   */
  functions?: SeedFunction[];
}

const LAMBDA_ARN = /arn:aws[\w-]*:lambda:([\w-]+):\d{12}:function:([\w.-]+)/;

/**
 * The functions an account starts with: those given, or else every function its APIs call, in its ARN's region — a
 * test account whose APIs call functions that exist, as an account's do.
 */
export function seededFunctions(seed: SeedFile): SeedFunction[] {
  if (seed.functions) return seed.functions;
  const out = new Map<string, SeedFunction>();
  for (const api of seed.apis ?? [])
    for (const part of [...(api.integrations ?? []), ...(api.authorizers ?? [])]) {
      const m = LAMBDA_ARN.exec(String(part.integrationUri ?? part.authorizerUri ?? ''));
      if (m) out.set(`${m[1]}/${m[2]}`, { FunctionName: m[2]!, region: m[1]! });
    }
  return [...out.values()];
}

/** An HTTP API with a Lambda integration, a JWT authorizer, routes and two stages: the usual shape of a test account. */
export function ordersApi(overrides: Partial<SeedApi> = {}): SeedApi {
  return {
    name: 'orders-api',
    protocolType: 'HTTP',
    description: 'Orders service',
    tags: { team: 'orders' },
    integrations: [
      {
        ref: 'orders-fn',
        integrationType: 'AWS_PROXY',
        integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:orders-fn',
        payloadFormatVersion: '2.0',
      },
      {
        ref: 'legacy',
        integrationType: 'HTTP_PROXY',
        integrationUri: 'https://legacy.example.com/{proxy}',
        integrationMethod: 'ANY',
      },
    ],
    authorizers: [
      {
        ref: 'jwt',
        name: 'cognito',
        authorizerType: 'JWT',
        identitySource: ['$request.header.Authorization'],
        jwtConfiguration: {
          issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
          audience: ['orders'],
        },
      },
    ],
    routes: [
      { routeKey: 'GET /orders', integration: 'orders-fn' },
      {
        routeKey: 'POST /orders',
        integration: 'orders-fn',
        authorizationType: 'JWT',
        authorizer: 'jwt',
        authorizationScopes: ['orders/write'],
      },
      { routeKey: 'GET /orders/{id}', integration: 'orders-fn' },
      { routeKey: 'ANY /legacy/{proxy+}', integration: 'legacy' },
    ],
    deployments: [{ ref: 'v1', description: 'first release' }],
    stages: [
      {
        stageName: 'dev',
        deployment: 'v1',
        stageVariables: { table: 'orders-dev' },
        routeSettings: { 'GET /orders': { throttlingBurstLimit: 50, throttlingRateLimit: 100 } },
      },
      {
        stageName: 'prod',
        deployment: 'v1',
        description: 'production',
        stageVariables: { table: 'orders' },
        defaultRouteSettings: { throttlingBurstLimit: 500, throttlingRateLimit: 1000 },
      },
    ],
    ...overrides,
  };
}

/** A WebSocket API with the three predefined routes and a $default stage that auto-deploys. */
export function chatApi(overrides: Partial<SeedApi> = {}): SeedApi {
  return {
    name: 'chat',
    protocolType: 'WEBSOCKET',
    routeSelectionExpression: '$request.body.action',
    integrations: [
      {
        ref: 'chat-fn',
        integrationType: 'AWS_PROXY',
        integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:chat-fn',
      },
    ],
    routes: [
      { routeKey: '$connect', integration: 'chat-fn' },
      { routeKey: '$disconnect', integration: 'chat-fn' },
      { routeKey: '$default', integration: 'chat-fn' },
      { routeKey: 'sendMessage', integration: 'chat-fn' },
    ],
    stages: [{ stageName: 'production', autoDeploy: true }],
    ...overrides,
  };
}

/** Many small APIs, named `api-0001`…, for pagination and the bench. */
export function manyApis(count: number, prefix = 'api'): SeedApi[] {
  return Array.from({ length: count }, (_v, i) => ({
    name: `${prefix}-${String(i + 1).padStart(4, '0')}`,
    protocolType: i % 5 === 4 ? ('WEBSOCKET' as const) : ('HTTP' as const),
    ...(i % 5 === 4 ? { routeSelectionExpression: '$request.body.action' } : {}),
  }));
}

/** One API at the quotas: `routes` routes, `integrations` Lambda integrations, `stages` stages. */
export function bigApi(o: { name?: string; routes: number; integrations: number; stages: number }): SeedApi {
  const integrations = Array.from({ length: o.integrations }, (_v, i) => ({
    ref: `fn${i}`,
    integrationType: 'AWS_PROXY',
    payloadFormatVersion: '2.0',
    integrationUri: `arn:aws:lambda:us-east-1:123456789012:function:fn-${i}`,
  }));
  const methods = ['GET', 'POST', 'PUT', 'DELETE'];
  const routes = Array.from({ length: o.routes }, (_v, i) => ({
    routeKey: `${methods[i % methods.length]} /resource${Math.floor(i / methods.length)}`,
    integration: `fn${i % Math.max(1, o.integrations)}`,
  }));
  return {
    name: o.name ?? 'big-api',
    protocolType: 'HTTP',
    integrations,
    routes,
    deployments: [{ ref: 'd1', description: 'bench' }],
    stages: Array.from({ length: o.stages }, (_v, i) => ({ stageName: `stage${i}`, deployment: 'd1' })),
  };
}

/** The account the extension-host and UI tests start with: two HTTP APIs and a WebSocket API, as a team might have. */
export function sampleAccount(): SeedFile {
  return {
    apis: [
      ordersApi(),
      chatApi(),
      {
        name: 'payments-api',
        protocolType: 'HTTP',
        description: 'Payments',
        integrations: [
          {
            ref: 'pay',
            integrationType: 'AWS_PROXY',
            integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:payments',
            payloadFormatVersion: '2.0',
          },
          {
            ref: 'queue',
            integrationType: 'AWS_PROXY',
            integrationSubtype: 'SQS-SendMessage',
            credentialsArn: 'arn:aws:iam::123456789012:role/apigw-sqs',
            requestParameters: {
              QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/payments',
              MessageBody: '$request.body',
            },
          },
        ],
        routes: [
          { routeKey: 'POST /payments', integration: 'pay' },
          { routeKey: 'POST /payments/events', integration: 'queue' },
        ],
        stages: [{ stageName: '$default', autoDeploy: true }],
      },
    ],
    domainNames: [
      {
        domainName: 'api.example.com',
        domainNameConfigurations: [{ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/example' }],
        apiMappings: [{ api: 'orders-api', stage: 'prod', apiMappingKey: 'orders' }],
      },
    ],
    logGroups: [
      {
        logGroupName: '/aws/lambda/orders-fn',
        retentionInDays: 14,
        streams: [{ logStreamName: '2024/01/01/[$LATEST]abc' }],
      },
    ],
  };
}

/**
 * sampleAccount() with orders-api holding two releases, dev running the second and prod the first (what a promotion
 * moves), and optionally older deployments no stage runs (what a clean-up deletes).
 */
export function promotionAccount(o: { oldDeployments?: number } = {}): SeedFile {
  const seed = sampleAccount();
  const base = ordersApi();
  const old = Array.from({ length: o.oldDeployments ?? 0 }, (_v, i) => ({
    ref: `old${i}`,
    description: `old release ${i}`,
    createdDate: new Date(Date.UTC(2023, 0, 1 + i)).toISOString(),
  }));
  seed.apis![0] = {
    ...base,
    deployments: [...old, { ref: 'v1', description: 'first release' }, { ref: 'v2', description: 'second release' }],
    stages: base.stages!.map((s) => ({ ...s, deployment: s.stageName === 'dev' ? 'v2' : 'v1' })),
  };
  return seed;
}
