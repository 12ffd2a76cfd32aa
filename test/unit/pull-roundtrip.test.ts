// Pull of APIs made with the real @aws-sdk clients (not by deploy), every field the spec has set, against the local
// AWS service: the pulled spec validates clean, and its plan against the same API changes nothing but what deploy
// records (the spec tag and the integrations' names, docs/DEPLOY.md). Both protocols; pagination; rerun stability.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planDeploy, pullApi } from '../../src/aws/deploy';
import type { AwsSession } from '../../src/aws/session';
import { serializeSpec } from '../../src/core/deploy/pull';
import { validateSpec } from '../../src/core/gatewaySpec';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { bigApi } from '../localaws/seed';
import { deploy } from './deployHelpers';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const FN = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const INVOKE = (name: string) =>
  `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN(name)}/invocations`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/apigw`;

/** What a plan of a pulled spec may change on an API deploy did not make: the tag and names deploy records. */
const RECORDING = /^update (api \S+ tags\["apigw:spec"\]|integration \S+ name)$/;

async function roundTrip(
  session: AwsSession,
  ref: string,
  format: 'json' | 'yaml',
): Promise<{ text: string; spec: GatewaySpec; warnings: string[] }> {
  const pulled = await pullApi(session, ref);
  const text = serializeSpec(pulled.spec, format);
  const v = validateSpec(text, { fileName: `pulled.apigw.${format}` });
  assert.deepEqual(
    v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.severity} ${d.code} ${d.message}`),
    [],
    text,
  );
  const { plan } = await planDeploy(session, v.model!);
  assert.deepEqual(
    plan.changes
      .map((c) => `${c.action} ${c.kind} ${c.name} ${c.fields.map((f) => f.path).join(',')}`.trim())
      .filter((c) => !RECORDING.test(c)),
    [],
    text,
  );
  assert.deepEqual(plan.blocked, [], text);
  return { text, spec: v.model!, warnings: pulled.warnings };
}

/** An HTTP API with every field the spec has for HTTP APIs set, made call by call through the SDK. */
async function makeHttpApi(session: AwsSession): Promise<string> {
  const g = session.apigw;
  const api = await g.createApi({
    Name: 'every-http',
    ProtocolType: 'HTTP',
    Description: 'Every field',
    Version: '2024-01-01',
    DisableExecuteApiEndpoint: true,
    IpAddressType: 'dualstack',
    CorsConfiguration: {
      AllowOrigins: ['https://b.example.com', 'https://a.example.com'],
      AllowMethods: ['POST', 'GET'],
      AllowHeaders: ['X-Api-Key', 'Content-Type'],
      ExposeHeaders: ['X-Request-Id'],
      AllowCredentials: true,
      MaxAge: 300,
    },
    Tags: { team: 'orders', 'cost-center': '42' },
  });
  const id = api.ApiId!;
  const link = await g.createVpcLink({
    Name: 'private-link',
    SubnetIds: ['subnet-0bb1c79de3012345', 'subnet-0aa1c79de3012345'],
    SecurityGroupIds: ['sg-0123456789abcdef0'],
    Tags: { team: 'net' },
  });
  const lambda = await g.createIntegration(id, {
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: INVOKE('orders'),
    PayloadFormatVersion: '1.0',
    TimeoutInMillis: 10_000,
    CredentialsArn: ROLE,
    Description: 'Orders Lambda',
  });
  const proxy = await g.createIntegration(id, {
    IntegrationType: 'HTTP_PROXY',
    IntegrationUri: 'https://backend.example.com/{proxy}',
    IntegrationMethod: 'GET',
    TimeoutInMillis: 5000,
    RequestParameters: {
      'overwrite:path': '$request.path',
      'append:header.x-from': 'apigw',
      'remove:querystring.debug': "''",
      'overwrite:header.x-user': '$context.authorizer.claims.sub',
    },
    ResponseParameters: {
      '200': { 'overwrite:header.x-served': 'yes' },
      '404': { 'overwrite:statuscode': '410' },
    },
  });
  const priv = await g.createIntegration(id, {
    IntegrationType: 'HTTP_PROXY',
    IntegrationUri: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/inner/50dc6c495c0c9188/0467ef3c8400ae65`,
    IntegrationMethod: 'ANY',
    ConnectionType: 'VPC_LINK',
    ConnectionId: link.VpcLinkId!,
    TlsConfig: { ServerNameToVerify: 'inner.example.com' },
  });
  const sqs = await g.createIntegration(id, {
    IntegrationType: 'AWS_PROXY',
    IntegrationSubtype: 'SQS-SendMessage',
    CredentialsArn: ROLE,
    PayloadFormatVersion: '1.0',
    RequestParameters: {
      QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`,
      MessageBody: '$request.body.message',
    },
  });
  const sfn = await g.createIntegration(id, {
    IntegrationType: 'AWS_PROXY',
    IntegrationSubtype: 'StepFunctions-StartExecution',
    CredentialsArn: ROLE,
    PayloadFormatVersion: '1.0',
    RequestParameters: {
      StateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:orders`,
      Input: '$request.body',
    },
  });
  const events = await g.createIntegration(id, {
    IntegrationType: 'AWS_PROXY',
    IntegrationSubtype: 'EventBridge-PutEvents',
    CredentialsArn: ROLE,
    PayloadFormatVersion: '1.0',
    RequestParameters: { Detail: '$request.body', DetailType: 'order', Source: 'shop' },
  });
  const jwt = await g.createAuthorizer(id, {
    Name: 'cognito',
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.X-Token'],
    JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['b', 'a'] },
  });
  const custom = await g.createAuthorizer(id, {
    Name: 'lambda-auth',
    AuthorizerType: 'REQUEST',
    AuthorizerUri: INVOKE('auth'),
    AuthorizerPayloadFormatVersion: '2.0',
    EnableSimpleResponses: true,
    AuthorizerResultTtlInSeconds: 300,
    IdentitySource: ['$request.header.Authorization', '$request.querystring.token'],
    AuthorizerCredentialsArn: ROLE,
  });
  const legacyAuth = await g.createAuthorizer(id, {
    Name: 'legacy-auth',
    AuthorizerType: 'REQUEST',
    AuthorizerUri: INVOKE('legacy-auth'),
    AuthorizerPayloadFormatVersion: '1.0',
    AuthorizerResultTtlInSeconds: 0,
    IdentitySource: ['$request.header.X-Legacy'],
  });
  const target = (i: { IntegrationId?: string }) => `integrations/${i.IntegrationId!}`;
  await g.createRoute(id, {
    RouteKey: 'GET /items',
    Target: target(lambda),
    AuthorizationType: 'JWT',
    AuthorizerId: jwt.AuthorizerId!,
    AuthorizationScopes: ['items/read', 'admin'],
    OperationName: 'listItems',
  });
  await g.createRoute(id, {
    RouteKey: 'POST /items',
    Target: target(sqs),
    AuthorizationType: 'CUSTOM',
    AuthorizerId: custom.AuthorizerId!,
  });
  await g.createRoute(id, {
    RouteKey: 'PUT /legacy',
    Target: target(sfn),
    AuthorizationType: 'CUSTOM',
    AuthorizerId: legacyAuth.AuthorizerId!,
  });
  await g.createRoute(id, { RouteKey: 'POST /events', Target: target(events), AuthorizationType: 'AWS_IAM' });
  await g.createRoute(id, { RouteKey: 'ANY /inner/{proxy+}', Target: target(priv) });
  await g.createRoute(id, { RouteKey: '$default', Target: target(proxy) });
  await g.createRoute(id, { RouteKey: 'GET /nothing' });
  const d = await g.createDeployment(id, { Description: 'first' });
  await g.createStage(id, {
    StageName: 'prod',
    DeploymentId: d.DeploymentId!,
    Description: 'production',
    StageVariables: { table: 'orders', fn: 'orders-prod' },
    AccessLogSettings: {
      DestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:access`,
      Format: '$context.requestId $context.status',
    },
    DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50.5, DetailedMetricsEnabled: true },
    RouteSettings: { 'GET /items': { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 } },
    Tags: { env: 'prod' },
  });
  await g.createStage(id, { StageName: '$default', AutoDeploy: true });
  const domain = await g.createDomainName({
    DomainName: 'api.example.com',
    DomainNameConfigurations: [
      {
        CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
        EndpointType: 'REGIONAL',
        SecurityPolicy: 'TLS_1_2',
        IpAddressType: 'dualstack',
        OwnershipVerificationCertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/own`,
      },
    ],
    MutualTlsAuthentication: { TruststoreUri: 's3://bucket/truststore.pem', TruststoreVersion: '3' },
    Tags: { team: 'edge' },
  });
  await g.createApiMapping(domain.DomainName!, { ApiId: id, Stage: 'prod', ApiMappingKey: 'v1' });
  await g.createApiMapping(domain.DomainName!, { ApiId: id, Stage: '$default', ApiMappingKey: 'v1/next' });
  const other = await g.createApi({ Name: 'other-http', ProtocolType: 'HTTP' });
  await g.createStage(other.ApiId!, { StageName: 'live' });
  await g.createApiMapping(domain.DomainName!, { ApiId: other.ApiId!, Stage: 'live', ApiMappingKey: 'other' });
  return id;
}

/** A WebSocket API with every field the spec has for WebSocket APIs set. */
async function makeWebSocketApi(session: AwsSession): Promise<string> {
  const g = session.apigw;
  const api = await g.createApi({
    Name: 'every-ws',
    ProtocolType: 'WEBSOCKET',
    RouteSelectionExpression: '$request.body.type',
    ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey',
    Description: 'Every WebSocket field',
    Version: 'v7',
    DisableExecuteApiEndpoint: true,
    Tags: { team: 'chat' },
  });
  const id = api.ApiId!;
  await g.createModel(id, {
    Name: 'Message',
    ContentType: 'application/json',
    Description: 'A message',
    Schema: '{"type":"object","required":["text"],"properties":{"text":{"type":"string"}}}',
  });
  await g.createModel(id, { Name: 'Plain', ContentType: 'text/plain', Schema: 'anything' });
  const proxy = await g.createIntegration(id, { IntegrationType: 'AWS_PROXY', IntegrationUri: INVOKE('chat') });
  const aws = await g.createIntegration(id, {
    IntegrationType: 'AWS',
    IntegrationUri: INVOKE('transform'),
    IntegrationMethod: 'POST',
    CredentialsArn: ROLE,
    RequestTemplates: { $default: '{"body": $input.body}', 'application/json': "$input.json('$')" },
    TemplateSelectionExpression: '$request.body.kind',
    PassthroughBehavior: 'NEVER',
    ContentHandlingStrategy: 'CONVERT_TO_TEXT',
    TimeoutInMillis: 12_000,
    RequestParameters: { 'integration.request.header.x-conn': 'context.connectionId' },
  });
  await g.createIntegrationResponse(id, aws.IntegrationId!, {
    IntegrationResponseKey: '$default',
    TemplateSelectionExpression: '\\$default',
    ResponseTemplates: { $default: '{"ok": true}' },
    ContentHandlingStrategy: 'CONVERT_TO_TEXT',
  });
  await g.createIntegrationResponse(id, aws.IntegrationId!, {
    IntegrationResponseKey: '/4\\d\\d/',
    ResponseTemplates: { $default: '{"error": true}' },
  });
  const http = await g.createIntegration(id, {
    IntegrationType: 'HTTP',
    IntegrationUri: 'https://hooks.example.com/in',
    IntegrationMethod: 'PUT',
    PassthroughBehavior: 'WHEN_NO_TEMPLATES',
    RequestParameters: { 'integration.request.querystring.room': 'route.request.body.room' },
  });
  const httpProxy = await g.createIntegration(id, {
    IntegrationType: 'HTTP_PROXY',
    IntegrationUri: 'https://proxy.example.com',
    IntegrationMethod: 'POST',
  });
  const mock = await g.createIntegration(id, {
    IntegrationType: 'MOCK',
    RequestTemplates: { $default: '{"statusCode": 200}' },
    TemplateSelectionExpression: '\\$default',
  });
  await g.createIntegrationResponse(id, mock.IntegrationId!, {
    IntegrationResponseKey: '$default',
    ResponseTemplates: { $default: '{"pong": true}' },
  });
  const auth = await g.createAuthorizer(id, {
    Name: 'ws-auth',
    AuthorizerType: 'REQUEST',
    AuthorizerUri: INVOKE('ws-auth'),
    IdentitySource: ['route.request.header.Auth', 'route.request.querystring.token'],
    AuthorizerCredentialsArn: ROLE,
  });
  const target = (i: { IntegrationId?: string }) => `integrations/${i.IntegrationId!}`;
  await g.createRoute(id, {
    RouteKey: '$connect',
    Target: target(proxy),
    AuthorizationType: 'CUSTOM',
    AuthorizerId: auth.AuthorizerId!,
    ApiKeyRequired: true,
    RequestParameters: {
      'route.request.header.x-token': { Required: true },
      'route.request.querystring.room': { Required: false },
    },
  });
  await g.createRoute(id, { RouteKey: '$disconnect', Target: target(proxy), AuthorizationType: 'AWS_IAM' });
  const def = await g.createRoute(id, {
    RouteKey: '$default',
    Target: target(mock),
    RouteResponseSelectionExpression: '$default',
  });
  await g.createRouteResponse(id, def.RouteId!, {
    RouteResponseKey: '$default',
    ModelSelectionExpression: '$request.body.kind',
    ResponseModels: { message: 'Message' },
  });
  await g.createRoute(id, {
    RouteKey: 'send',
    Target: target(aws),
    ModelSelectionExpression: '$request.body.kind',
    RequestModels: { message: 'Message', text: 'Plain' },
    OperationName: 'sendMessage',
  });
  await g.createRoute(id, { RouteKey: 'hook', Target: target(http) });
  await g.createRoute(id, { RouteKey: 'forward', Target: target(httpProxy) });
  const two = await g.createRoute(id, {
    RouteKey: 'twoWay',
    Target: target(proxy),
    RouteResponseSelectionExpression: '$default',
  });
  await g.createRouteResponse(id, two.RouteId!, { RouteResponseKey: '$default' });
  const d = await g.createDeployment(id, {});
  await g.createStage(id, {
    StageName: 'live',
    DeploymentId: d.DeploymentId!,
    Description: 'live chat',
    StageVariables: { room: 'main' },
    AccessLogSettings: {
      DestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:ws`,
      Format: '{"id":"$context.requestId"}',
    },
    DefaultRouteSettings: {
      LoggingLevel: 'INFO',
      DataTraceEnabled: true,
      DetailedMetricsEnabled: true,
      ThrottlingBurstLimit: 20,
      ThrottlingRateLimit: 10,
    },
    RouteSettings: {
      send: { LoggingLevel: 'ERROR', ThrottlingBurstLimit: 2, ThrottlingRateLimit: 1 },
      $connect: { DetailedMetricsEnabled: true },
    },
    ClientCertificateId: 'cert01',
    Tags: { env: 'live' },
  });
  return id;
}

describe('pull of APIs made outside the workbench: every field round-trips', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });

  for (const format of ['yaml', 'json'] as const) {
    it(`HTTP API, as ${format}: valid, and its plan changes only what deploy records`, async () => {
      const session = sessions.session();
      await makeHttpApi(session);
      const { spec, warnings } = await roundTrip(session, 'every-http', format);
      assert.deepEqual(spec.api, {
        name: 'every-http',
        protocol: 'HTTP',
        description: 'Every field',
        version: '2024-01-01',
        disableExecuteApiEndpoint: true,
        ipAddressType: 'dualstack',
        cors: {
          allowOrigins: ['https://b.example.com', 'https://a.example.com'],
          allowMethods: ['POST', 'GET'],
          allowHeaders: ['X-Api-Key', 'Content-Type'],
          exposeHeaders: ['X-Request-Id'],
          allowCredentials: true,
          maxAge: 300,
        },
        tags: { team: 'orders', 'cost-center': '42' },
      });
      assert.deepEqual(Object.keys(spec.routes ?? {}).length, 7);
      assert.deepEqual(Object.keys(spec.integrations ?? {}).length, 6);
      assert.deepEqual(Object.keys(spec.authorizers ?? {}).sort(), ['cognito', 'lambda-auth', 'legacy-auth']);
      assert.deepEqual(spec.domains?.['api.example.com']?.mappings, [
        { stage: 'prod', path: 'v1' },
        { stage: '$default', path: 'v1/next' },
      ]);
      assert.deepEqual(warnings, []);
    });
  }

  for (const format of ['yaml', 'json'] as const) {
    it(`WebSocket API, as ${format}: valid, and its plan changes only what deploy records`, async () => {
      const session = sessions.session();
      await makeWebSocketApi(session);
      const { spec, warnings } = await roundTrip(session, 'every-ws', format);
      assert.equal(spec.api.routeSelectionExpression, '$request.body.type');
      assert.equal(spec.api.apiKeySelectionExpression, '$context.authorizer.usageIdentifierKey');
      assert.deepEqual(Object.keys(spec.routes ?? {}), [
        '$connect',
        '$disconnect',
        '$default',
        'forward',
        'hook',
        'send',
        'twoWay',
      ]);
      assert.deepEqual(Object.keys(spec.models ?? {}).sort(), ['Message', 'Plain']);
      assert.deepEqual(warnings, []);
    });
  }
});

describe('pull: the same API pulls to the same bytes', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });

  for (const make of [makeHttpApi, makeWebSocketApi]) {
    it(`${make.name}: pulled again, and after deploying the pull (which records the names), the same text`, async () => {
      const session = sessions.session();
      const id = await make(session);
      const first = await pullApi(session, id);
      const text = serializeSpec(first.spec, 'yaml', 'header');
      assert.equal(serializeSpec((await pullApi(session, id)).spec, 'yaml', 'header'), text);
      const { planned, report } = await deploy(session, first.spec, { deletes: false });
      assert.ok(report.ok, JSON.stringify(report.results));
      assert.equal(planned.plan.api.status, 'adopt');
      assert.equal(serializeSpec((await pullApi(session, id)).spec, 'yaml', 'header'), text);
    });
  }
});

describe('pull: what a spec writes shorter must mean the same', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });

  it('a Lambda invocations URI whose apigateway region is not the API’s stays as it is (a function ARN would mean another URI)', async () => {
    const session = sessions.session();
    const g = session.apigw;
    const api = await g.createApi({ Name: 'cross-region', ProtocolType: 'HTTP' });
    const id = api.ApiId!;
    const other = (name: string) =>
      `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}/invocations`;
    const fn = await g.createIntegration(id, { IntegrationType: 'AWS_PROXY', IntegrationUri: other('far') });
    const auth = await g.createAuthorizer(id, {
      Name: 'far-auth',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: other('far-auth'),
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
    });
    await g.createRoute(id, {
      RouteKey: 'GET /far',
      Target: `integrations/${fn.IntegrationId!}`,
      AuthorizationType: 'CUSTOM',
      AuthorizerId: auth.AuthorizerId!,
    });
    const { spec } = await roundTrip(session, 'cross-region', 'yaml');
    assert.equal(
      spec.integrations?.far?.uri,
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${aws:accountId}:function:far/invocations',
    );
    // The API's own region: the function ARN is enough.
    await g.updateIntegration(id, fn.IntegrationId!, { IntegrationUri: INVOKE('near') });
    assert.equal(
      (await roundTrip(session, 'cross-region', 'yaml')).spec.integrations?.near?.uri,
      'arn:aws:lambda:${aws:region}:${aws:accountId}:function:near',
    );
  });
});

describe('pull: what a spec cannot say is said', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });

  it('a WebSocket API that skips model validation, and a domain that routes by routing rules, are named in warnings', async () => {
    const session = sessions.session();
    const g = session.apigw;
    const api = await g.createApi({
      Name: 'loose',
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
      DisableSchemaValidation: true,
    });
    const id = api.ApiId!;
    const fn = await g.createIntegration(id, { IntegrationType: 'AWS_PROXY', IntegrationUri: INVOKE('ws') });
    await g.createRoute(id, { RouteKey: '$default', Target: `integrations/${fn.IntegrationId!}` });
    await g.createStage(id, { StageName: 'live', AutoDeploy: true });
    await g.createDomainName({
      DomainName: 'ws.example.com',
      DomainNameConfigurations: [{ CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/ws` }],
      RoutingMode: 'ROUTING_RULE_THEN_API_MAPPING',
    });
    await g.createApiMapping('ws.example.com', { ApiId: id, Stage: 'live', ApiMappingKey: 'chat' });
    const { warnings, spec } = await roundTrip(session, 'loose', 'yaml');
    assert.deepEqual(spec.domains?.['ws.example.com']?.mappings, [{ stage: 'live', path: 'chat' }]);
    assert.deepEqual(warnings, [
      'The API skips model validation at deployment (DisableSchemaValidation), which a spec cannot say: a deploy of the spec leaves it as it is, and an API made from the spec validates its models.',
      'Domain ws.example.com routes with routing mode ROUTING_RULE_THEN_API_MAPPING, which a spec cannot say: its API mappings are written, its routing mode and routing rules are not (a domain made from the spec uses API mappings only).',
    ]);
  });
});

describe('pull: a large API and an API of defaults', () => {
  const aws = useLocalAws({ reset: {} });
  const sessions = useTestSessions(aws, { connection: { region: REGION } });

  it('reads every page of routes (more than the 500 a page holds; integrations stop at 300 per API)', async () => {
    await aws.seed({ region: REGION, apis: [bigApi({ name: 'big', routes: 620, integrations: 300, stages: 2 })] });
    const session = sessions.session();
    const { spec } = await roundTrip(session, 'big', 'json');
    assert.equal(Object.keys(spec.routes ?? {}).length, 620);
    assert.equal(Object.keys(spec.integrations ?? {}).length, 300);
    // Pull and the plan of its result: two pages of routes each.
    assert.equal((await aws.calls({ operation: 'GetRoutes' })).length, 4);
  });

  it('an API made with every default written out pulls to the minimal spec', async () => {
    const session = sessions.session();
    const g = session.apigw;
    const api = await g.createApi({
      Name: 'plain',
      ProtocolType: 'HTTP',
      DisableExecuteApiEndpoint: false,
      IpAddressType: 'ipv4',
      Description: '',
    });
    const id = api.ApiId!;
    const fn = await g.createIntegration(id, {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: INVOKE('plain'),
      PayloadFormatVersion: '2.0',
      IntegrationMethod: 'POST',
      TimeoutInMillis: 30_000,
      ConnectionType: 'INTERNET',
    });
    const web = await g.createIntegration(id, {
      IntegrationType: 'HTTP_PROXY',
      IntegrationUri: 'https://plain.example.com',
      IntegrationMethod: 'ANY',
      PayloadFormatVersion: '1.0',
    });
    const jwt = await g.createAuthorizer(id, {
      Name: 'jwt',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['plain'] },
    });
    const lambdaAuth = await g.createAuthorizer(id, {
      Name: 'fn-auth',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: INVOKE('auth'),
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: false,
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: ['$request.header.Authorization'],
    });
    await g.createRoute(id, {
      RouteKey: 'GET /a',
      Target: `integrations/${fn.IntegrationId!}`,
      AuthorizationType: 'JWT',
      AuthorizerId: jwt.AuthorizerId!,
      ApiKeyRequired: false,
    });
    await g.createRoute(id, {
      RouteKey: 'GET /b',
      Target: `integrations/${web.IntegrationId!}`,
      AuthorizationType: 'CUSTOM',
      AuthorizerId: lambdaAuth.AuthorizerId!,
    });
    await g.createRoute(id, {
      RouteKey: '$default',
      Target: `integrations/${web.IntegrationId!}`,
      AuthorizationType: 'NONE',
    });
    await g.createStage(id, {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { DetailedMetricsEnabled: false },
      StageVariables: {},
    });
    const { spec } = await roundTrip(session, 'plain', 'yaml');
    assert.deepEqual(spec, {
      version: 1,
      api: { name: 'plain', protocol: 'HTTP' },
      integrations: {
        plain: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:plain' },
        'plain.example.com': { type: 'HTTP_PROXY', uri: 'https://plain.example.com' },
      },
      authorizers: {
        jwt: { type: 'JWT', jwt: { issuer: 'https://issuer.example.com', audience: ['plain'] } },
        'fn-auth': {
          type: 'REQUEST',
          identitySources: ['$request.header.Authorization'],
          uri: 'arn:aws:lambda:${aws:region}:${aws:accountId}:function:auth',
        },
      },
      routes: {
        $default: { integration: 'plain.example.com' },
        'GET /a': { integration: 'plain', authorizer: 'jwt' },
        'GET /b': { integration: 'plain.example.com', authorizer: 'fn-auth' },
      },
      stages: { $default: { autoDeploy: true } },
    });
  });
});
