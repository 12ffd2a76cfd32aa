// The local AWS test service, checked only through the real SDK clients: wire shapes field by field against the
// SDK's model, state, AWS-shaped errors, pagination, throttling, faults, the call log, live tail and child-process mode.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as apigwSdk from '@aws-sdk/client-apigatewayv2';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  GetApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetDomainNamesCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  GetRouteResponsesCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import * as logsSdk from '@aws-sdk/client-cloudwatch-logs';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useLocalAws } from '../localaws/fixture';
import { LocalAws, type CallRecord } from '../localaws/server';
import { startLocalAwsProcess } from '../localaws/process';
import { chatApi, manyApis, ordersApi } from '../localaws/seed';
import { compileFilterPattern } from '../localaws/logs';
import { compareWithModel, outputSchema } from './awsShapes';
import { FakeClock } from './clocks';
import { until } from './helpers';

const CREDS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };

function sdkClients(endpoint: string, region = 'us-east-1') {
  const cfg = { region, endpoint, credentials: CREDS, maxAttempts: 1 };
  return {
    apigw: new ApiGatewayV2Client(cfg),
    logs: new CloudWatchLogsClient({ ...cfg, disableHostPrefix: true }),
    sts: new STSClient(cfg),
  };
}

async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: { name: string; $metadata: { httpStatusCode: number }; message: string }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** Every answer the service gave, compared field by field with the SDK's model and the SDK's parsed output. */
function checkShapes(calls: CallRecord[], parsed: Map<number, unknown>, sdk: Record<string, unknown>): void {
  for (const c of calls) {
    if (!c.response || c.status >= 300 || !parsed.has(c.seq)) continue;
    assert.deepEqual(
      compareWithModel(outputSchema(sdk, c.operation), c.response, parsed.get(c.seq)),
      [],
      `${c.operation}`,
    );
  }
}

describe('local AWS service: API Gateway v2', () => {
  const aws = useLocalAws({ reset: () => ({ apis: [ordersApi(), chatApi()] }) });
  let c: ReturnType<typeof sdkClients>;
  before(() => {
    c = sdkClients(aws.endpoint);
  });

  it('answers every read in the exact wire shape of the API reference (field by field through the SDK)', async () => {
    const parsed = new Map<number, unknown>();
    const track = async <T>(p: Promise<T>) => {
      const out = await p;
      parsed.set((await aws.calls()).at(-1)!.seq, out);
      return out;
    };
    const apis = await track(c.apigw.send(new GetApisCommand({})));
    const orders = apis.Items!.find((a) => a.Name === 'orders-api')!;
    const chat = apis.Items!.find((a) => a.Name === 'chat')!;
    const id = orders.ApiId!;
    await track(c.apigw.send(new GetApiCommand({ ApiId: id })));
    const routes = await track(c.apigw.send(new GetRoutesCommand({ ApiId: id })));
    await track(c.apigw.send(new GetIntegrationsCommand({ ApiId: id })));
    await track(c.apigw.send(new GetAuthorizersCommand({ ApiId: id })));
    const stages = await track(c.apigw.send(new GetStagesCommand({ ApiId: id })));
    await track(c.apigw.send(new GetStageCommand({ ApiId: id, StageName: 'dev' })));
    const deployments = await track(c.apigw.send(new GetDeploymentsCommand({ ApiId: id })));
    await track(
      c.apigw.send(new GetDeploymentCommand({ ApiId: id, DeploymentId: deployments.Items![0]!.DeploymentId! })),
    );
    await track(c.apigw.send(new GetTagsCommand({ ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${id}` })));
    await track(c.apigw.send(new GetStagesCommand({ ApiId: chat.ApiId! })));
    const link = await track(
      c.apigw.send(new CreateVpcLinkCommand({ Name: 'vpc', SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] })),
    );
    await track(c.apigw.send(new GetVpcLinksCommand({})));
    await track(
      c.apigw.send(
        new CreateDomainNameCommand({
          DomainName: 'api.example.com',
          DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }],
        }),
      ),
    );
    await track(
      c.apigw.send(
        new CreateApiMappingCommand({ DomainName: 'api.example.com', ApiId: id, Stage: 'prod', ApiMappingKey: 'v1' }),
      ),
    );
    await track(c.apigw.send(new GetDomainNamesCommand({})));
    await track(c.apigw.send(new GetApiMappingsCommand({ DomainName: 'api.example.com' })));
    const rr = await track(
      c.apigw.send(
        new CreateRouteResponseCommand({
          ApiId: chat.ApiId!,
          RouteId: (await c.apigw.send(new GetRoutesCommand({ ApiId: chat.ApiId! }))).Items![0]!.RouteId!,
          RouteResponseKey: '$default',
        }),
      ),
    );
    assert.ok(rr.RouteResponseId);
    const chatInteg = (await c.apigw.send(new GetIntegrationsCommand({ ApiId: chat.ApiId! }))).Items![0]!;
    await track(
      c.apigw.send(
        new CreateIntegrationResponseCommand({
          ApiId: chat.ApiId!,
          IntegrationId: chatInteg.IntegrationId!,
          IntegrationResponseKey: '/200/',
        }),
      ),
    );
    await track(
      c.apigw.send(new GetIntegrationResponsesCommand({ ApiId: chat.ApiId!, IntegrationId: chatInteg.IntegrationId! })),
    );
    await track(
      c.apigw.send(
        new GetRouteResponsesCommand({
          ApiId: chat.ApiId!,
          RouteId: (await c.apigw.send(new GetRoutesCommand({ ApiId: chat.ApiId! }))).Items![0]!.RouteId!,
        }),
      ),
    );

    checkShapes(await aws.calls({ service: 'apigateway' }), parsed, apigwSdk);

    // Members the API reference defines and the explorer relies on.
    assert.equal(orders.ProtocolType, 'HTTP');
    assert.equal(orders.ApiEndpoint, `https://${id}.execute-api.us-east-1.amazonaws.com`);
    assert.equal(chat.ApiEndpoint, `wss://${chat.ApiId}.execute-api.us-east-1.amazonaws.com`);
    assert.equal(orders.RouteSelectionExpression, '$request.method $request.path');
    assert.ok(orders.CreatedDate instanceof Date);
    assert.deepEqual(orders.Tags, { team: 'orders' });
    const post = routes.Items!.find((r) => r.RouteKey === 'POST /orders')!;
    assert.equal(post.AuthorizationType, 'JWT');
    assert.match(post.Target!, /^integrations\/\w+$/);
    assert.deepEqual(post.AuthorizationScopes, ['orders/write']);
    const dev = stages.Items!.find((s) => s.StageName === 'dev')!;
    assert.equal(dev.DeploymentId, deployments.Items![0]!.DeploymentId);
    assert.deepEqual(dev.StageVariables, { table: 'orders-dev' });
    assert.deepEqual(dev.RouteSettings, { 'GET /orders': { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100 } });
    assert.equal(dev.AutoDeploy, false);
    assert.ok(dev.LastUpdatedDate instanceof Date);
    assert.equal(link.VpcLinkStatus, 'AVAILABLE');
    assert.equal(link.VpcLinkVersion, 'V2');
  });

  it('creates, updates and deletes with the real errors: NotFound, Conflict, BadRequest', async () => {
    const api = await c.apigw.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', Tags: { a: '1' } }));
    const id = api.ApiId!;
    const integ = await c.apigw.send(
      new CreateIntegrationCommand({
        ApiId: id,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: 'arn:aws:lambda:us-east-1:1:function:f',
        PayloadFormatVersion: '2.0',
      }),
    );
    assert.equal(integ.TimeoutInMillis, 30000);
    assert.equal(integ.ConnectionType, 'INTERNET');
    const route = await c.apigw.send(
      new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /a', Target: `integrations/${integ.IntegrationId}` }),
    );
    assert.equal(route.AuthorizationType, 'NONE');
    assert.equal(route.ApiKeyRequired, false);

    await rejects(
      c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /a' })),
      'ConflictException',
      409,
      /GET \/a already exists/,
    );
    await rejects(
      c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'FETCH /a' })),
      'BadRequestException',
      400,
      /Invalid route key/,
    );
    await rejects(
      c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /{p+}/x' })),
      'BadRequestException',
      400,
    );
    await rejects(
      c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /b', Target: 'integrations/nope' })),
      'BadRequestException',
      400,
    );
    await rejects(
      c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /b', AuthorizationType: 'JWT' })),
      'BadRequestException',
      400,
      /authorizer/,
    );
    await rejects(
      c.apigw.send(new GetApiCommand({ ApiId: 'missing' })),
      'NotFoundException',
      404,
      /Invalid API identifier/,
    );
    await rejects(
      c.apigw.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET' })),
      'BadRequestException',
      400,
      /routeSelectionExpression/,
    );
    await rejects(
      c.apigw.send(new CreateIntegrationCommand({ ApiId: id, IntegrationType: 'MOCK' })),
      'BadRequestException',
      400,
      /integrationType/,
    );
    await rejects(
      c.apigw.send(new DeleteIntegrationCommand({ ApiId: id, IntegrationId: integ.IntegrationId! })),
      'ConflictException',
      409,
      /GET \/a/,
    );

    const updated = await c.apigw.send(
      new UpdateRouteCommand({ ApiId: id, RouteId: route.RouteId!, RouteKey: 'GET /c' }),
    );
    assert.equal(updated.RouteKey, 'GET /c');
    assert.equal(updated.Target, `integrations/${integ.IntegrationId}`);

    await c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'dev', StageVariables: { a: '1', b: '2' } }));
    await rejects(
      c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'dev' })),
      'ConflictException',
      409,
      /Stage dev already exists/,
    );
    await rejects(
      c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'bad name' })),
      'BadRequestException',
      400,
    );
    const s = await c.apigw.send(
      new UpdateStageCommand({
        ApiId: id,
        StageName: 'dev',
        StageVariables: { b: '', c: '3' },
        RouteSettings: { 'GET /c': { ThrottlingRateLimit: 5 } },
        AccessLogSettings: {
          DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:access',
          Format: '$context.requestId',
        },
      }),
    );
    assert.deepEqual(s.StageVariables, { a: '1', c: '3' });
    assert.equal(s.AccessLogSettings?.Format, '$context.requestId');
    await c.apigw.send(new DeleteRouteSettingsCommand({ ApiId: id, StageName: 'dev', RouteKey: 'GET /c' }));
    assert.deepEqual((await c.apigw.send(new GetStageCommand({ ApiId: id, StageName: 'dev' }))).RouteSettings, {});
    await c.apigw.send(new DeleteStageCommand({ ApiId: id, StageName: 'dev' }));
    await rejects(c.apigw.send(new GetStageCommand({ ApiId: id, StageName: 'dev' })), 'NotFoundException', 404);
  });

  it('deployments: CreateDeployment with StageName points the stage at it; auto-deploy stages redeploy on every change', async () => {
    const api = await c.apigw.send(new CreateApiCommand({ Name: 'd', ProtocolType: 'HTTP' }));
    const id = api.ApiId!;
    await c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'dev' }));
    await rejects(
      c.apigw.send(new CreateDeploymentCommand({ ApiId: id, StageName: 'dev' })),
      'BadRequestException',
      400,
      /At least one route/,
    );
    await c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /x' }));
    const d = await c.apigw.send(
      new CreateDeploymentCommand({ ApiId: id, StageName: 'dev', Description: 'release 1' }),
    );
    assert.equal(d.DeploymentStatus, 'DEPLOYED');
    assert.equal(d.AutoDeployed, false);
    const dev = await c.apigw.send(new GetStageCommand({ ApiId: id, StageName: 'dev' }));
    assert.equal(dev.DeploymentId, d.DeploymentId);
    assert.match(dev.LastDeploymentStatusMessage!, new RegExp(d.DeploymentId!));
    await rejects(
      c.apigw.send(new DeleteDeploymentCommand({ ApiId: id, DeploymentId: d.DeploymentId! })),
      'BadRequestException',
      400,
      /dev/,
    );

    const auto = await c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'auto', AutoDeploy: true }));
    assert.ok(auto.DeploymentId);
    await c.apigw.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'GET /y' }));
    const after = await c.apigw.send(new GetStageCommand({ ApiId: id, StageName: 'auto' }));
    assert.notEqual(after.DeploymentId, auto.DeploymentId);
    const ds = await c.apigw.send(new GetDeploymentsCommand({ ApiId: id }));
    assert.equal(ds.Items!.filter((x) => x.AutoDeployed).length, 2);
    await rejects(
      c.apigw.send(new CreateDeploymentCommand({ ApiId: id, StageName: 'auto' })),
      'BadRequestException',
      400,
      /autoDeploy/,
    );
    await rejects(
      c.apigw.send(new UpdateStageCommand({ ApiId: id, StageName: 'auto', DeploymentId: d.DeploymentId })),
      'BadRequestException',
      400,
      /autoDeploy/,
    );
    const promoted = await c.apigw.send(
      new UpdateStageCommand({ ApiId: id, StageName: 'auto', AutoDeploy: false, DeploymentId: d.DeploymentId }),
    );
    assert.equal(promoted.DeploymentId, d.DeploymentId);
  });

  it("quick create: the integration, route and $default stage are ApiGatewayManaged; the stage's deployment is AWS's to set", async () => {
    const api = await c.apigw.send(
      new CreateApiCommand({ Name: 'q', ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:1:function:f' }),
    );
    const id = api.ApiId!;
    const [integrations, routes, stage] = await Promise.all([
      c.apigw.send(new GetIntegrationsCommand({ ApiId: id })),
      c.apigw.send(new GetRoutesCommand({ ApiId: id })),
      c.apigw.send(new GetStageCommand({ ApiId: id, StageName: '$default' })),
    ]);
    assert.deepEqual(
      integrations.Items!.map((i) => i.ApiGatewayManaged),
      [true],
    );
    assert.deepEqual(
      routes.Items!.map((r) => [r.RouteKey, r.ApiGatewayManaged]),
      [['$default', true]],
    );
    assert.equal(stage.ApiGatewayManaged, true);
    assert.equal(stage.AutoDeploy, true);
    // A stage made by CreateStage is not managed, and its deployment can be set.
    const dev = await c.apigw.send(new CreateStageCommand({ ApiId: id, StageName: 'dev' }));
    assert.equal(dev.ApiGatewayManaged, undefined);
    const d = await c.apigw.send(new CreateDeploymentCommand({ ApiId: id, StageName: 'dev' }));
    // The managed stage's settings that CloudFormation's StageOverrides lists can change; its deployment cannot.
    const quiet = await c.apigw.send(
      new UpdateStageCommand({ ApiId: id, StageName: '$default', Description: 'quiet', AutoDeploy: false }),
    );
    assert.equal(quiet.AutoDeploy, false);
    assert.equal(quiet.ApiGatewayManaged, true);
    await rejects(
      c.apigw.send(new UpdateStageCommand({ ApiId: id, StageName: '$default', DeploymentId: d.DeploymentId })),
      'BadRequestException',
      400,
      /managed by API Gateway/,
    );
    await rejects(
      c.apigw.send(new CreateDeploymentCommand({ ApiId: id, StageName: '$default' })),
      'BadRequestException',
      400,
      /managed by API Gateway/,
    );
    await rejects(
      c.apigw.send(new DeleteStageCommand({ ApiId: id, StageName: '$default' })),
      'BadRequestException',
      400,
      /managed by API Gateway/,
    );
    assert.equal(
      (await c.apigw.send(new GetStageCommand({ ApiId: id, StageName: '$default' }))).DeploymentId,
      stage.DeploymentId,
      'the refused calls changed nothing',
    );
  });

  it('tags APIs and stages: Tags on create, TagResource, UntagResource, GetTags', async () => {
    const api = (await c.apigw.send(new GetApisCommand({}))).Items!.find((a) => a.Name === 'orders-api')!;
    const stageArn = `arn:aws:apigateway:us-east-1::/apis/${api.ApiId}/stages/prod`;
    await c.apigw.send(
      new TagResourceCommand({ ResourceArn: stageArn, Tags: { 'apigw:history': 'abc,def', owner: 'me' } }),
    );
    assert.deepEqual((await c.apigw.send(new GetTagsCommand({ ResourceArn: stageArn }))).Tags, {
      'apigw:history': 'abc,def',
      owner: 'me',
    });
    assert.deepEqual((await c.apigw.send(new GetStageCommand({ ApiId: api.ApiId!, StageName: 'prod' }))).Tags, {
      'apigw:history': 'abc,def',
      owner: 'me',
    });
    await c.apigw.send(new UntagResourceCommand({ ResourceArn: stageArn, TagKeys: ['owner'] }));
    assert.deepEqual((await c.apigw.send(new GetTagsCommand({ ResourceArn: stageArn }))).Tags, {
      'apigw:history': 'abc,def',
    });
    await rejects(
      c.apigw.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nope' })),
      'NotFoundException',
      404,
    );
  });

  it('pages with MaxResults/NextToken, small pages by default, and rejects a bad token', async () => {
    await aws.reset({ apis: manyApis(60) });
    const first = await c.apigw.send(new GetApisCommand({}));
    assert.equal(first.Items!.length, 25);
    assert.ok(first.NextToken);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await c.apigw.send(new GetApisCommand({ MaxResults: '7', NextToken: token }));
      names.push(...out.Items!.map((a) => a.Name!));
      token = out.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 9);
    assert.equal(new Set(names).size, 60);
    assert.equal(names[0], 'api-0001');
    await rejects(
      c.apigw.send(new GetApisCommand({ NextToken: 'garbage!' })),
      'BadRequestException',
      400,
      /pagination token/,
    );
    await rejects(c.apigw.send(new GetApisCommand({ MaxResults: '0' })), 'BadRequestException', 400);
  });

  it('keeps regions apart', async () => {
    const west = sdkClients(aws.endpoint, 'eu-west-1');
    await west.apigw.send(new CreateApiCommand({ Name: 'west', ProtocolType: 'HTTP' }));
    assert.deepEqual(
      (await west.apigw.send(new GetApisCommand({}))).Items!.map((a) => a.Name),
      ['west'],
    );
    assert.ok(!(await c.apigw.send(new GetApisCommand({}))).Items!.some((a) => a.Name === 'west'));
  });
});

describe('local AWS service: throttling, faults and the call log', () => {
  // The service's buckets and delays read this clock: time moves only when a test moves it.
  const clock = new FakeClock();
  const aws = useLocalAws({
    randomSeed: 7,
    clock,
    config: { apigatewayRate: { rate: 10, burst: 40 } },
    reset: () => ({ apis: [ordersApi()] }),
  });
  let c: ReturnType<typeof sdkClients>;
  before(() => {
    c = sdkClients(aws.endpoint);
  });
  const getApis = (n: number) =>
    Promise.allSettled(Array.from({ length: n }, () => c.apigw.send(new GetApisCommand({}))));
  const refused = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === 'rejected');

  it('answers 429 TooManyRequestsException past the token bucket (AWS default: 10/s, burst 40), refilled as time passes', async () => {
    const throttled = refused(await getApis(50));
    assert.equal(throttled.length, 10, 'no time passes during the burst: 40 tokens, 10 calls refused');
    const err = (throttled[0] as PromiseRejectedResult).reason as {
      name: string;
      $metadata: { httpStatusCode: number };
    };
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.$metadata.httpStatusCode, 429);
    clock.advance(1000);
    assert.equal(refused(await getApis(11)).length, 1, 'one second refills 10 tokens');
    clock.advance(60_000);
    assert.equal(refused(await getApis(40)).length, 0, 'a quiet minute refills the burst, and no more');
    assert.equal(refused(await getApis(1)).length, 1);
    assert.equal((await aws.calls({ operation: 'GetApis' })).filter((x) => x.status === 429).length, 12);
  });

  it('injects faults on the n-th call, with a seeded probability, and as dropped connections, HTML and latency', async () => {
    await aws.addFaults([{ operation: 'GetApis', kind: 'error', nth: 2 }]);
    await c.apigw.send(new GetApisCommand({}));
    await rejects(c.apigw.send(new GetApisCommand({})), 'InternalFailure', 500);
    await c.apigw.send(new GetApisCommand({}));
    await aws.clearFaults();

    // Two fresh services with the same seed, the same calls: the same faults (services of their own, not the suite's).
    const pattern = async () => {
      const svc = await LocalAws.start({ randomSeed: 42, seed: { apis: [ordersApi()] } });
      try {
        const c2 = sdkClients(svc.endpoint);
        await svc.addFaults([{ operation: 'GetApis', kind: 'throttle', probability: 0.5 }]);
        const outcome: boolean[] = [];
        for (let i = 0; i < 16; i++)
          outcome.push(
            await c2.apigw.send(new GetApisCommand({})).then(
              () => true,
              () => false,
            ),
          );
        return outcome;
      } finally {
        await svc.close();
      }
    };
    const a = await pattern();
    assert.ok(a.includes(true) && a.includes(false), JSON.stringify(a));
    assert.deepEqual(await pattern(), a);
    await aws.clearFaults();

    await aws.addFaults([{ operation: 'GetApis', kind: 'drop', times: 1 }]);
    await assert.rejects(c.apigw.send(new GetApisCommand({})), (e: Error & { code?: string }) =>
      /socket hang up|ECONNRESET/i.test(`${e.message} ${e.code}`),
    );
    await aws.addFaults([{ operation: 'GetApis', kind: 'html', times: 1 }]);
    await assert.rejects(c.apigw.send(new GetApisCommand({})));
    await aws.addFaults([{ operation: 'GetApis', kind: 'latency', latencyMs: 150, times: 1 }]);
    let answered = false;
    const delayed = c.apigw.send(new GetApisCommand({})).then(() => (answered = true));
    await until(() => clock.pending === 1, 'the service to hold the answer');
    clock.advance(149);
    assert.equal(answered, false, 'no answer before 150 ms have passed on the service clock');
    clock.advance(1);
    assert.equal(await delayed, true);
    await aws.addFaults([
      {
        operation: 'GetStages',
        kind: 'error',
        status: 403,
        code: 'AccessDeniedException',
        message:
          'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apis/x/stages',
      },
    ]);
    await rejects(c.apigw.send(new GetStagesCommand({ ApiId: 'x' })), 'AccessDeniedException', 403, /apigateway:GET/);
  });

  it('records operation, params and status of every call', async () => {
    await aws.clearCalls();
    const api = (await c.apigw.send(new GetApisCommand({ MaxResults: '5' }))).Items![0]!;
    await c.apigw.send(new GetRoutesCommand({ ApiId: api.ApiId! })).catch(() => undefined);
    await c.apigw.send(new GetApiCommand({ ApiId: 'nope' })).catch(() => undefined);
    const calls = await aws.calls();
    assert.deepEqual(
      calls.map((x) => [x.operation, x.status]),
      [
        ['GetApis', 200],
        ['GetRoutes', 200],
        ['GetApi', 404],
      ],
    );
    assert.equal(calls[0]!.params.maxResults, '5');
    assert.equal(calls[2]!.error, 'NotFoundException');
    assert.equal((await aws.calls({ operation: 'GetRoutes' })).length, 1);
    assert.equal((await aws.calls({ since: calls[1]!.seq })).length, 1);
  });
});

describe('local AWS service: CloudWatch Logs and STS', () => {
  const aws = useLocalAws({
    config: { liveTail: { intervalMs: 100, maxEventsPerUpdate: 5, maxSessionMs: 60_000 } },
    reset: {},
  });
  let c: ReturnType<typeof sdkClients>;
  const group = '/aws/lambda/orders-fn';
  before(() => {
    c = sdkClients(aws.endpoint);
  });

  it('groups, streams, retention, PutLogEvents, interleaved FilterLogEvents with limit/nextToken, GetLogEvents', async () => {
    const parsed = new Map<number, unknown>();
    const track = async <T>(p: Promise<T>) => {
      const out = await p;
      parsed.set((await aws.calls()).at(-1)!.seq, out);
      return out;
    };
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await rejects(
      c.logs.send(new CreateLogGroupCommand({ logGroupName: group })),
      'ResourceAlreadyExistsException',
      400,
    );
    await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 7 }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'b' }));
    const t0 = 1_700_000_000_000;
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'a',
        logEvents: [0, 2, 4].map((i) => ({
          timestamp: t0 + i,
          message: JSON.stringify({ status: i === 2 ? 500 : 200, i }),
        })),
      }),
    );
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'b',
        logEvents: [1, 3].map((i) => ({ timestamp: t0 + i, message: `plain ERROR line ${i}` })),
      }),
    );
    await rejects(
      c.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'zz',
          logEvents: [{ timestamp: t0, message: 'x' }],
        }),
      ),
      'ResourceNotFoundException',
      400,
    );
    await rejects(
      c.logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 'a',
          logEvents: [
            { timestamp: t0 + 9, message: 'x' },
            { timestamp: t0, message: 'y' },
          ],
        }),
      ),
      'InvalidParameterException',
      400,
      /chronological/,
    );

    const groups = await track(c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' })));
    assert.equal(groups.logGroups![0]!.retentionInDays, 7);
    assert.equal(groups.logGroups![0]!.logGroupArn, `arn:aws:logs:us-east-1:123456789012:log-group:${group}`);
    await track(
      c.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true })),
    );

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await track(
        c.logs.send(new FilterLogEventsCommand({ logGroupName: group, interleaved: true, limit: 2, nextToken: token })),
      );
      seen.push(...out.events!.map((e) => `${e.logStreamName}:${e.timestamp! - t0}`));
      token = out.nextToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, ['a:0', 'b:1', 'a:2', 'b:3', 'a:4']);
    assert.equal(pages, 3);
    const json = await track(
      c.logs.send(
        new FilterLogEventsCommand({
          logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${group}`,
          filterPattern: '{ $.status = 500 }',
        }),
      ),
    );
    assert.deepEqual(
      json.events!.map((e) => e.timestamp! - t0),
      [2],
    );
    const plain = await c.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR', startTime: t0 + 2 }),
    );
    assert.deepEqual(
      plain.events!.map((e) => e.timestamp! - t0),
      [3],
    );
    const head = await track(
      c.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', startFromHead: true, limit: 2 })),
    );
    assert.equal(head.events!.length, 2);
    const rest = await c.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'a', nextToken: head.nextForwardToken }),
    );
    assert.equal(rest.events!.length, 1);
    checkShapes(await aws.calls({ service: 'logs' }), parsed, logsSdk);
  });

  it('filter patterns: terms, phrases, any-of, exclusions and JSON selectors', () => {
    const m = (p: string, s: string) => compileFilterPattern(p)(s);
    assert.ok(m('ERROR timeout', 'ERROR: a timeout'));
    assert.ok(!m('ERROR timeout', 'ERROR only'));
    assert.ok(m('"a b"', 'x a b y'));
    assert.ok(m('?WARN ?ERROR', 'WARN x'));
    assert.ok(!m('ERROR -retry', 'ERROR retry'));
    assert.ok(m('{ $.status >= 500 && $.route = "GET /*" }', '{"status":503,"route":"GET /x"}'));
    assert.ok(!m('{ $.status >= 500 }', '{"status":404}'));
    assert.ok(m('{ ($.a = 1 || $.b = 2) && $.c != "x" }', '{"b":2,"c":"y"}'));
    assert.ok(!m('{ $.status = 500 }', 'not json'));
  });

  it('StartLiveTail streams sessionStart, then sessionUpdates fed by PutLogEvents, sampled above the cap', async () => {
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const out = await c.logs.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [`arn:aws:logs:us-east-1:123456789012:log-group:${group}`],
        logEventFilterPattern: '-DEBUG',
      }),
    );
    const events: Array<Record<string, any>> = [];
    const reading = (async () => {
      for await (const ev of out.responseStream!) {
        events.push(ev);
        if (events.filter((e) => e.sessionUpdate).length === 2) break;
      }
    })();
    assert.equal(await aws.liveTailSessions(), 1);
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: [
          { timestamp: Date.now(), message: 'hello' },
          { timestamp: Date.now(), message: 'DEBUG noise' },
        ],
      }),
    );
    // The burst goes in once the first update is out, so it cannot join it however late the update comes.
    await until(() => events.some((e) => e.sessionUpdate), 'the first update');
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: Array.from({ length: 12 }, (_v, i) => ({ timestamp: Date.now(), message: `burst ${i}` })),
      }),
    );
    await reading;
    assert.ok(events[0]!.sessionStart?.sessionId);
    const [u1, u2] = events.filter((e) => e.sessionUpdate).map((e) => e.sessionUpdate);
    assert.deepEqual(
      u1.sessionResults.map((r: { message: string }) => r.message),
      ['hello'],
    );
    assert.equal(u1.sessionMetadata.sampled, false);
    assert.equal(u1.sessionResults[0].logGroupIdentifier, `arn:aws:logs:us-east-1:123456789012:log-group:${group}`);
    assert.equal(u2.sessionMetadata.sampled, true);
    assert.equal(u2.sessionResults.length, 5);
  });

  it('StartLiveTail ends with SessionStreamingException when the service drops the session', async () => {
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const out = await c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [group] }));
    const iterate = (async () => {
      for await (const _ev of out.responseStream!) {
        /* until the exception */
      }
    })();
    await aws.breakLiveTails();
    await assert.rejects(iterate, (e: Error) => e.name === 'SessionStreamingException');
    await rejects(
      c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/missing'] })),
      'ResourceNotFoundException',
      400,
    );
  });

  it('StartLiveTail: an injected streamError ends the session after it starts; sessions time out after maxSessionMs', async () => {
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await aws.addFaults([{ operation: 'StartLiveTail', kind: 'streamError', times: 1, message: 'injected' }]);
    const broken = await c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [group] }));
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const ev of broken.responseStream!) seen.push(Object.keys(ev)[0]!);
      })(),
      (e: Error) => e.name === 'SessionStreamingException' && /injected/.test(e.message),
    );
    assert.deepEqual(seen, ['sessionStart']);

    await aws.configure({ liveTail: { intervalMs: 50, maxEventsPerUpdate: 500, maxSessionMs: 200 } });
    const short = await c.logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [group] }));
    await assert.rejects(
      (async () => {
        for await (const _ev of short.responseStream!) {
          /* until it times out */
        }
      })(),
      (e: Error) => e.name === 'SessionTimeoutException',
    );
    assert.equal(await aws.liveTailSessions(), 0);
  });

  it('STS GetCallerIdentity answers XML with the seeded identity per access key', async () => {
    await aws.reset({
      account: '210987654321',
      identities: {
        AKIDLOCALTEST: { arn: 'arn:aws:sts::210987654321:assumed-role/dev/alice', userId: 'AROAEXAMPLE:alice' },
      },
    });
    const id = await c.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '210987654321');
    assert.equal(id.Arn, 'arn:aws:sts::210987654321:assumed-role/dev/alice');
    assert.equal(id.UserId, 'AROAEXAMPLE:alice');
  });
});

describe('local AWS service: child-process mode', () => {
  it('starts from a seed file, and its control endpoint seeds, injects faults and counts calls', async () => {
    const proc = await startLocalAwsProcess({ seed: { apis: [ordersApi()] }, config: { apigatewayRate: null } });
    try {
      const c = sdkClients(proc.endpoint);
      assert.deepEqual(
        (await c.apigw.send(new GetApisCommand({}))).Items!.map((a) => a.Name),
        ['orders-api'],
      );
      await proc.control.seed({ apis: [chatApi()] });
      await proc.control.addFaults([{ operation: 'GetApis', kind: 'throttle', nth: 1 }]);
      await rejects(c.apigw.send(new GetApisCommand({})), 'TooManyRequestsException', 429);
      assert.equal((await c.apigw.send(new GetApisCommand({}))).Items!.length, 2);
      const calls = await proc.control.calls({ operation: 'GetApis' });
      assert.deepEqual(
        calls.map((x) => x.status),
        [200, 429, 200],
      );
      await proc.control.reset();
      assert.equal((await c.apigw.send(new GetApisCommand({}))).Items!.length, 0);
    } finally {
      await proc.stop();
    }
  });
});
