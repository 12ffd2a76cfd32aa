// The local AWS service's API Gateway v2 operations for the spec fields issue 14 added (models, route and integration
// responses, a stage's client certificate, the API's version, a domain's IP address type, API mappings), checked
// through the real SDK: every answer field by field against the SDK's model, and the refusals AWS documents.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as apigwSdk from '@aws-sdk/client-apigatewayv2';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateAuthorizerCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  DeleteModelCommand,
  GetModelCommand,
  GetModelsCommand,
  GetIntegrationCommand,
  GetModelTemplateCommand,
  TagResourceCommand,
  UpdateApiCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateModelCommand,
  UpdateRouteResponseCommand,
} from '@aws-sdk/client-apigatewayv2';
import { useLocalAws } from '../localaws/fixture';
import { compareWithModel, outputSchema } from './awsShapes';

const CREDS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

async function rejects(p: Promise<unknown>, name: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (err: { name: string; message: string }) => {
    assert.equal(err.name, name);
    assert.match(err.message, message);
    return true;
  });
}

describe('local AWS service: the API Gateway v2 parts of issue 14', () => {
  const aws = useLocalAws({ reset: {} });
  let apigw: ApiGatewayV2Client;
  before(() => {
    apigw = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: aws.endpoint, credentials: CREDS, maxAttempts: 1 });
  });

  it('answers models, route and integration responses, stages, domains and APIs in the wire shape of the SDK model', async () => {
    const parsed = new Map<number, unknown>();
    const track = async <T>(p: Promise<T>): Promise<T> => {
      const out = await p;
      parsed.set((await aws.calls()).at(-1)!.seq, out);
      return out;
    };
    const api = await track(
      apigw.send(
        new CreateApiCommand({
          Name: 'ws',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
          Version: '1.2',
        }),
      ),
    );
    assert.equal(api.Version, '1.2');
    const ApiId = api.ApiId!;
    const model = await track(
      apigw.send(new CreateModelCommand({ ApiId, Name: 'Message', Schema: '{"type":"object"}', Description: 'm' })),
    );
    assert.equal(model.ContentType, 'application/json');
    await track(apigw.send(new GetModelsCommand({ ApiId })));
    await track(apigw.send(new GetModelCommand({ ApiId, ModelId: model.ModelId! })));
    await track(apigw.send(new GetModelTemplateCommand({ ApiId, ModelId: model.ModelId! })));
    await track(apigw.send(new UpdateModelCommand({ ApiId, ModelId: model.ModelId!, Description: 'n' })));
    const integ = await track(
      apigw.send(
        new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{}' } }),
      ),
    );
    const ir = await track(
      apigw.send(
        new CreateIntegrationResponseCommand({
          ApiId,
          IntegrationId: integ.IntegrationId!,
          IntegrationResponseKey: '$default',
          ResponseTemplates: { $default: '{"ok":true}' },
        }),
      ),
    );
    await track(
      apigw.send(
        new UpdateIntegrationResponseCommand({
          ApiId,
          IntegrationId: integ.IntegrationId!,
          IntegrationResponseId: ir.IntegrationResponseId!,
          ContentHandlingStrategy: 'CONVERT_TO_TEXT',
        }),
      ),
    );
    const route = await track(
      apigw.send(
        new CreateRouteCommand({
          ApiId,
          RouteKey: 'send',
          Target: `integrations/${integ.IntegrationId}`,
          ModelSelectionExpression: '$request.body.action',
          RequestModels: { send: 'Message' },
          RouteResponseSelectionExpression: '$default',
        }),
      ),
    );
    const rr = await track(
      apigw.send(
        new CreateRouteResponseCommand({
          ApiId,
          RouteId: route.RouteId!,
          RouteResponseKey: '$default',
          ResponseModels: { $default: 'Message' },
        }),
      ),
    );
    await track(
      apigw.send(
        new UpdateRouteResponseCommand({
          ApiId,
          RouteId: route.RouteId!,
          RouteResponseId: rr.RouteResponseId!,
          ModelSelectionExpression: '$default',
        }),
      ),
    );
    await track(apigw.send(new CreateStageCommand({ ApiId, StageName: 'live', ClientCertificateId: 'abc123' })));
    await track(
      apigw.send(
        new CreateDomainNameCommand({
          DomainName: 'ws.example.com',
          DomainNameConfigurations: [
            { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', IpAddressType: 'dualstack' },
          ],
        }),
      ),
    );
    await track(
      apigw.send(
        new CreateApiMappingCommand({ DomainName: 'ws.example.com', ApiId, Stage: 'live', ApiMappingKey: 'chat' }),
      ),
    );

    const problems = (await aws.calls({ service: 'apigateway' }))
      .filter((c) => c.response && c.status < 300 && parsed.has(c.seq))
      .flatMap((c) =>
        compareWithModel(outputSchema(apigwSdk, c.operation), c.response, parsed.get(c.seq)).map(
          (p) => `${c.operation} ${p}`,
        ),
      );
    assert.deepEqual(problems, []);
    assert.ok(parsed.size >= 15);
  });

  it('refuses what AWS documents as refused', async () => {
    const ws = (
      await apigw.send(
        new CreateApiCommand({
          Name: 'ws',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
        }),
      )
    ).ApiId!;
    const http = (await apigw.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))).ApiId!;
    // At most 50 tags per resource, those it has included.
    const tags = (n: number, p: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${p}${i}`, 'v']));
    const arn = `arn:aws:apigateway:us-east-1::/apis/${http}`;
    await apigw.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(50, 'a') }));
    await rejects(
      apigw.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(1, 'b') })),
      'BadRequestException',
      /at most 50 tags/,
    );
    await rejects(
      apigw.send(new CreateApiCommand({ Name: 't', ProtocolType: 'HTTP', Tags: tags(51, 'a') })),
      'BadRequestException',
      /at most 50 tags/,
    );
    // Version is 1 to 64 characters: an empty one does not clear it.
    await rejects(
      apigw.send(new UpdateApiCommand({ ApiId: http, Version: '' })),
      'BadRequestException',
      /between 1 and 64 characters/,
    );
    await rejects(
      apigw.send(new CreateApiCommand({ Name: 'v', ProtocolType: 'HTTP', Version: 'v'.repeat(65) })),
      'BadRequestException',
      /between 1 and 64 characters/,
    );
    await rejects(
      apigw.send(
        new CreateAuthorizerCommand({
          ApiId: ws,
          Name: 'a',
          AuthorizerType: 'REQUEST',
          AuthorizerUri: FN,
          IdentitySource: ['route.request.header.Auth'],
          AuthorizerResultTtlInSeconds: 300,
        }),
      ),
      'BadRequestException',
      /cannot be set for WEBSOCKET protocol Apis/,
    );
    await rejects(
      apigw.send(new CreateModelCommand({ ApiId: ws, Name: 'order-model', Schema: '{}' })),
      'BadRequestException',
      /alphanumeric/,
    );
    await rejects(
      apigw.send(new CreateModelCommand({ ApiId: http, Name: 'Order', Schema: '{}' })),
      'BadRequestException',
      /WebSocket APIs only/,
    );
    for (const Schema of ['{"type":', '{"required": []}', '{"enum": ["A", "A"]}', '{"type": "strin"}'])
      await rejects(
        apigw.send(new CreateModelCommand({ ApiId: ws, Name: 'Bad', Schema })),
        'BadRequestException',
        /Invalid model schema specified/,
      );
    const text = await apigw.send(
      new CreateModelCommand({ ApiId: ws, Name: 'Text', ContentType: 'text/plain', Schema: 'x' }),
    );
    await rejects(
      apigw.send(new UpdateModelCommand({ ApiId: ws, ModelId: text.ModelId!, ContentType: 'application/json' })),
      'BadRequestException',
      /Invalid model schema specified/,
    );
    const model = await apigw.send(new CreateModelCommand({ ApiId: ws, Name: 'Order', Schema: '{}' }));
    await rejects(
      apigw.send(new CreateModelCommand({ ApiId: ws, Name: 'Order', Schema: '{}' })),
      'ConflictException',
      /already exists/,
    );
    await rejects(
      apigw.send(new CreateRouteCommand({ ApiId: ws, RouteKey: 'a', RequestModels: { a: 'Nope' } })),
      'BadRequestException',
      /Invalid model/,
    );
    await apigw.send(new CreateRouteCommand({ ApiId: ws, RouteKey: 'b', RequestModels: { b: 'Order' } }));
    await rejects(
      apigw.send(new DeleteModelCommand({ ApiId: ws, ModelId: model.ModelId! })),
      'ConflictException',
      /used by route/,
    );
    await apigw.send(new CreateStageCommand({ ApiId: ws, StageName: 'live' }));
    await apigw.send(new CreateStageCommand({ ApiId: http, StageName: 'live' }));
    await apigw.send(
      new CreateDomainNameCommand({
        DomainName: 'old.example.com',
        DomainNameConfigurations: [
          { CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', SecurityPolicy: 'TLS_1_0' },
        ],
      }),
    );
    await rejects(
      apigw.send(new CreateApiMappingCommand({ DomainName: 'old.example.com', ApiId: http, Stage: 'live' })),
      'BadRequestException',
      /TLS 1.2/,
    );
    await rejects(
      apigw.send(
        new CreateApiMappingCommand({ DomainName: 'old.example.com', ApiId: ws, Stage: 'live', ApiMappingKey: 'a/b' }),
      ),
      'BadRequestException',
      /Invalid API mapping key/,
    );
  });
  it("keeps an integration's ContentHandlingStrategy and IntegrationSubtype: no value takes them away, and the subtype never changes", async () => {
    const ws = (
      await apigw.send(
        new CreateApiCommand({
          Name: 'ws',
          ProtocolType: 'WEBSOCKET',
          RouteSelectionExpression: '$request.body.action',
        }),
      )
    ).ApiId!;
    const fn = await apigw.send(
      new CreateIntegrationCommand({
        ApiId: ws,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: FN,
        ContentHandlingStrategy: 'CONVERT_TO_TEXT',
      }),
    );
    const IntegrationId = fn.IntegrationId!;
    // An update without the member leaves it as it is; an empty one is no value of the enum.
    await apigw.send(new UpdateIntegrationCommand({ ApiId: ws, IntegrationId, TimeoutInMillis: 1000 }));
    assert.equal(
      (await apigw.send(new GetIntegrationCommand({ ApiId: ws, IntegrationId }))).ContentHandlingStrategy,
      'CONVERT_TO_TEXT',
    );
    await rejects(
      apigw.send(
        new UpdateIntegrationCommand({
          ApiId: ws,
          IntegrationId,
          ContentHandlingStrategy: '' as apigwSdk.ContentHandlingStrategy,
        }),
      ),
      'BadRequestException',
      /Invalid contentHandlingStrategy "": use CONVERT_TO_BINARY or CONVERT_TO_TEXT/,
    );
    await apigw.send(
      new UpdateIntegrationCommand({ ApiId: ws, IntegrationId, ContentHandlingStrategy: 'CONVERT_TO_BINARY' }),
    );

    const http = (await apigw.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))).ApiId!;
    const sqs = await apigw.send(
      new CreateIntegrationCommand({
        ApiId: http,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        CredentialsArn: 'arn:aws:iam::123456789012:role/r',
        PayloadFormatVersion: '1.0',
        RequestParameters: { QueueUrl: '$request.header.queue', MessageBody: '$request.body' },
      }),
    );
    const sqsId = sqs.IntegrationId!;
    await rejects(
      apigw.send(
        new UpdateIntegrationCommand({ ApiId: http, IntegrationId: sqsId, IntegrationSubtype: 'SQS-ReceiveMessage' }),
      ),
      'BadRequestException',
      /IntegrationSubtype cannot be changed \(SQS-SendMessage to SQS-ReceiveMessage\)/,
    );
    await rejects(
      apigw.send(new UpdateIntegrationCommand({ ApiId: http, IntegrationId: sqsId, IntegrationSubtype: '' })),
      'BadRequestException',
      /IntegrationSubtype cannot be changed/,
    );
    // The same subtype again (Terraform sends it on every update) is no change.
    await apigw.send(
      new UpdateIntegrationCommand({
        ApiId: http,
        IntegrationId: sqsId,
        IntegrationSubtype: 'SQS-SendMessage',
        TimeoutInMillis: 5000,
      }),
    );
    await rejects(
      apigw.send(
        new CreateIntegrationCommand({
          ApiId: http,
          IntegrationType: 'AWS_PROXY',
          IntegrationSubtype: 'x'.repeat(129),
          CredentialsArn: 'arn:aws:iam::123456789012:role/r',
        }),
      ),
      'BadRequestException',
      /between 1 and 128 characters/,
    );
  });
});
