// API Gateway v2 behind a small interface: paged listings as async generators, gets, deletes, and the creates and
// updates deploy builds on. Every call maps its error once (errors.ts); pacing and retries live in the client.
import type { Command } from '@smithy/types';
import {
  type ApiGatewayV2Client,
  type ApiGatewayV2ClientResolvedConfig,
  type CreateApiCommandOutput,
  type CreateApiMappingCommandOutput,
  type CreateAuthorizerCommandOutput,
  type CreateDeploymentCommandOutput,
  type CreateDomainNameCommandOutput,
  type CreateIntegrationCommandOutput,
  type CreateIntegrationResponseCommandOutput,
  type CreateModelCommandOutput,
  type CreateRouteCommandOutput,
  type CreateRouteResponseCommandOutput,
  type CreateStageCommandOutput,
  type CreateVpcLinkCommandOutput,
  type GetApiCommandOutput,
  type GetAuthorizerCommandOutput,
  type GetDeploymentCommandOutput,
  type GetIntegrationCommandOutput,
  type GetRouteCommandOutput,
  type GetStageCommandOutput,
  type GetVpcLinkCommandOutput,
  type UpdateApiCommandOutput,
  type UpdateApiMappingCommandOutput,
  type UpdateAuthorizerCommandOutput,
  type UpdateDeploymentCommandOutput,
  type UpdateDomainNameCommandOutput,
  type UpdateIntegrationCommandOutput,
  type UpdateIntegrationResponseCommandOutput,
  type UpdateModelCommandOutput,
  type UpdateRouteCommandOutput,
  type UpdateRouteResponseCommandOutput,
  type UpdateStageCommandOutput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  DeleteAccessLogSettingsCommand,
  DeleteCorsConfigurationCommand,
  GetVpcLinkCommand,
  UpdateApiMappingCommand,
  UpdateDomainNameCommand,
  type CreateDomainNameRequest,
  type UpdateDomainNameRequest,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  DeleteApiCommand,
  DeleteApiMappingCommand,
  DeleteAuthorizerCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteModelCommand,
  DeleteRouteCommand,
  DeleteRouteResponseCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  DeleteVpcLinkCommand,
  GetApiCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetDomainNamesCommand,
  GetIntegrationCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  GetModelsCommand,
  GetRouteCommand,
  GetRouteResponsesCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiCommand,
  UpdateAuthorizerCommand,
  UpdateDeploymentCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateModelCommand,
  UpdateRouteCommand,
  UpdateRouteResponseCommand,
  UpdateStageCommand,
  type Api,
  type ApiMapping,
  type Authorizer,
  type CreateApiRequest,
  type CreateAuthorizerRequest,
  type CreateIntegrationRequest,
  type CreateIntegrationResponseRequest,
  type CreateModelRequest,
  type CreateRouteRequest,
  type CreateRouteResponseRequest,
  type CreateStageRequest,
  type CreateVpcLinkRequest,
  type Deployment,
  type DomainName,
  type Integration,
  type IntegrationResponse,
  type Model,
  type Route,
  type RouteResponse,
  type Stage,
  type UpdateApiRequest,
  type UpdateAuthorizerRequest,
  type UpdateIntegrationRequest,
  type UpdateIntegrationResponseRequest,
  type UpdateModelRequest,
  type UpdateRouteRequest,
  type UpdateRouteResponseRequest,
  type UpdateStageRequest,
  type VpcLink,
} from '@aws-sdk/client-apigatewayv2';
import { abortable, mappingErrors, type ErrorContext } from './errors';
import { NOT_IDEMPOTENT, noBlindRetry } from './writeGuard';
import { paginate, type ListOptions, type Page } from './paginate';
import type { Connection } from './profiles';

type Out<T> = Promise<T>;
type WithoutApi<T> = Omit<T, 'ApiId'>;
/** Any command of the API Gateway v2 client, with its own input and output types. */
type ApigwCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  ApiGatewayV2ClientResolvedConfig
>;
/** What every Get… listing answers. */
interface Listing<T> {
  Items?: T[];
  NextToken?: string;
}

export class ApiGatewayAdapter {
  constructor(
    private readonly client: () => ApiGatewayV2Client,
    private readonly ctx: (operation: string) => ErrorContext,
    readonly connection: Pick<Connection, 'profile' | 'region' | 'endpointUrl'>,
    /** The first pause before a whole listing is read again after a transient failure (listAll in deploy/read.ts). */
    readonly listRetryDelayMs = 1000,
  ) {}

  /** Sends one command; the SDK retries, the pacer paces, and a failure becomes one WorkbenchError. */
  private async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    operation: string,
    command: ApigwCommand<I, O>,
    signal?: AbortSignal,
  ): Promise<O> {
    if (NOT_IDEMPOTENT.has(operation)) {
      command.middlewareStack.addRelativeTo(noBlindRetry<I, O>(operation), {
        relation: 'before',
        toMiddleware: 'httpSigningMiddleware',
        name: 'apigwNoBlindRetry',
        override: true,
      });
    }
    return mappingErrors(this.ctx(operation), () => this.client().send(command, abortable(signal)));
  }

  /** Every page of a listing: `make` builds the command for one page. */
  private list<T, I extends ServiceInputTypes, O extends ServiceOutputTypes & Listing<T>>(
    operation: string,
    make: (MaxResults: string | undefined, NextToken: string | undefined) => ApigwCommand<I, O>,
    o: ListOptions = {},
  ): AsyncGenerator<Page<T>> {
    return paginate<T>(async (token) => {
      const out = await this.send(operation, make(o.pageSize ? String(o.pageSize) : undefined, token), o.signal);
      return { items: out.Items ?? [], ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    }, o.nextToken);
  }

  // ---- listings -----------------------------------------------------------------------------------------------

  apis(o?: ListOptions): AsyncGenerator<Page<Api>> {
    return this.list('GetApis', (MaxResults, NextToken) => new GetApisCommand({ MaxResults, NextToken }), o);
  }

  routes(apiId: string, o?: ListOptions): AsyncGenerator<Page<Route>> {
    return this.list(
      'GetRoutes',
      (MaxResults, NextToken) => new GetRoutesCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  integrations(apiId: string, o?: ListOptions): AsyncGenerator<Page<Integration>> {
    return this.list(
      'GetIntegrations',
      (MaxResults, NextToken) => new GetIntegrationsCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  authorizers(apiId: string, o?: ListOptions): AsyncGenerator<Page<Authorizer>> {
    return this.list(
      'GetAuthorizers',
      (MaxResults, NextToken) => new GetAuthorizersCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  stages(apiId: string, o?: ListOptions): AsyncGenerator<Page<Stage>> {
    return this.list(
      'GetStages',
      (MaxResults, NextToken) => new GetStagesCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  deployments(apiId: string, o?: ListOptions): AsyncGenerator<Page<Deployment>> {
    return this.list(
      'GetDeployments',
      (MaxResults, NextToken) => new GetDeploymentsCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  routeResponses(apiId: string, routeId: string, o?: ListOptions): AsyncGenerator<Page<RouteResponse>> {
    return this.list(
      'GetRouteResponses',
      (MaxResults, NextToken) =>
        new GetRouteResponsesCommand({ ApiId: apiId, RouteId: routeId, MaxResults, NextToken }),
      o,
    );
  }

  integrationResponses(
    apiId: string,
    integrationId: string,
    o?: ListOptions,
  ): AsyncGenerator<Page<IntegrationResponse>> {
    return this.list(
      'GetIntegrationResponses',
      (MaxResults, NextToken) =>
        new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integrationId, MaxResults, NextToken }),
      o,
    );
  }

  models(apiId: string, o?: ListOptions): AsyncGenerator<Page<Model>> {
    return this.list(
      'GetModels',
      (MaxResults, NextToken) => new GetModelsCommand({ ApiId: apiId, MaxResults, NextToken }),
      o,
    );
  }

  vpcLinks(o?: ListOptions): AsyncGenerator<Page<VpcLink>> {
    return this.list('GetVpcLinks', (MaxResults, NextToken) => new GetVpcLinksCommand({ MaxResults, NextToken }), o);
  }

  domainNames(o?: ListOptions): AsyncGenerator<Page<DomainName>> {
    return this.list(
      'GetDomainNames',
      (MaxResults, NextToken) => new GetDomainNamesCommand({ MaxResults, NextToken }),
      o,
    );
  }

  apiMappings(domainName: string, o?: ListOptions): AsyncGenerator<Page<ApiMapping>> {
    return this.list(
      'GetApiMappings',
      (MaxResults, NextToken) => new GetApiMappingsCommand({ DomainName: domainName, MaxResults, NextToken }),
      o,
    );
  }

  // ---- single resources ---------------------------------------------------------------------------------------

  getApi(apiId: string, signal?: AbortSignal): Out<GetApiCommandOutput> {
    return this.send('GetApi', new GetApiCommand({ ApiId: apiId }), signal);
  }

  getRoute(apiId: string, routeId: string, signal?: AbortSignal): Out<GetRouteCommandOutput> {
    return this.send('GetRoute', new GetRouteCommand({ ApiId: apiId, RouteId: routeId }), signal);
  }

  getIntegration(apiId: string, integrationId: string, signal?: AbortSignal): Out<GetIntegrationCommandOutput> {
    return this.send(
      'GetIntegration',
      new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }),
      signal,
    );
  }

  getAuthorizer(apiId: string, authorizerId: string, signal?: AbortSignal): Out<GetAuthorizerCommandOutput> {
    return this.send('GetAuthorizer', new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizerId }), signal);
  }

  getStage(apiId: string, stageName: string, signal?: AbortSignal): Out<GetStageCommandOutput> {
    return this.send('GetStage', new GetStageCommand({ ApiId: apiId, StageName: stageName }), signal);
  }

  getDeployment(apiId: string, deploymentId: string, signal?: AbortSignal): Out<GetDeploymentCommandOutput> {
    return this.send('GetDeployment', new GetDeploymentCommand({ ApiId: apiId, DeploymentId: deploymentId }), signal);
  }

  async getTags(resourceArn: string, signal?: AbortSignal): Out<Record<string, string>> {
    return (await this.send('GetTags', new GetTagsCommand({ ResourceArn: resourceArn }), signal)).Tags ?? {};
  }

  // ---- changes (deploy, promotion, the explorer's deletes) ----------------------------------------------------

  createApi(input: CreateApiRequest, signal?: AbortSignal): Out<CreateApiCommandOutput> {
    return this.send('CreateApi', new CreateApiCommand(input), signal);
  }

  updateApi(apiId: string, input: WithoutApi<UpdateApiRequest>, signal?: AbortSignal): Out<UpdateApiCommandOutput> {
    return this.send('UpdateApi', new UpdateApiCommand({ ...input, ApiId: apiId }), signal);
  }

  async deleteApi(apiId: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteApi', new DeleteApiCommand({ ApiId: apiId }), signal);
  }

  createRoute(
    apiId: string,
    input: WithoutApi<CreateRouteRequest>,
    signal?: AbortSignal,
  ): Out<CreateRouteCommandOutput> {
    return this.send('CreateRoute', new CreateRouteCommand({ ...input, ApiId: apiId }), signal);
  }

  updateRoute(
    apiId: string,
    routeId: string,
    input: Omit<UpdateRouteRequest, 'ApiId' | 'RouteId'>,
    signal?: AbortSignal,
  ): Out<UpdateRouteCommandOutput> {
    return this.send('UpdateRoute', new UpdateRouteCommand({ ...input, ApiId: apiId, RouteId: routeId }), signal);
  }

  async deleteRoute(apiId: string, routeId: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteRoute', new DeleteRouteCommand({ ApiId: apiId, RouteId: routeId }), signal);
  }

  createRouteResponse(
    apiId: string,
    routeId: string,
    input: Omit<CreateRouteResponseRequest, 'ApiId' | 'RouteId'>,
    signal?: AbortSignal,
  ): Out<CreateRouteResponseCommandOutput> {
    return this.send(
      'CreateRouteResponse',
      new CreateRouteResponseCommand({ ...input, ApiId: apiId, RouteId: routeId }),
      signal,
    );
  }

  updateRouteResponse(
    apiId: string,
    routeId: string,
    routeResponseId: string,
    input: Omit<UpdateRouteResponseRequest, 'ApiId' | 'RouteId' | 'RouteResponseId'>,
    signal?: AbortSignal,
  ): Out<UpdateRouteResponseCommandOutput> {
    return this.send(
      'UpdateRouteResponse',
      new UpdateRouteResponseCommand({ ...input, ApiId: apiId, RouteId: routeId, RouteResponseId: routeResponseId }),
      signal,
    );
  }

  async deleteRouteResponse(apiId: string, routeId: string, routeResponseId: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteRouteResponse',
      new DeleteRouteResponseCommand({ ApiId: apiId, RouteId: routeId, RouteResponseId: routeResponseId }),
      signal,
    );
  }

  createIntegration(
    apiId: string,
    input: WithoutApi<CreateIntegrationRequest>,
    signal?: AbortSignal,
  ): Out<CreateIntegrationCommandOutput> {
    return this.send('CreateIntegration', new CreateIntegrationCommand({ ...input, ApiId: apiId }), signal);
  }

  updateIntegration(
    apiId: string,
    integrationId: string,
    input: Omit<UpdateIntegrationRequest, 'ApiId' | 'IntegrationId'>,
    signal?: AbortSignal,
  ): Out<UpdateIntegrationCommandOutput> {
    return this.send(
      'UpdateIntegration',
      new UpdateIntegrationCommand({ ...input, ApiId: apiId, IntegrationId: integrationId }),
      signal,
    );
  }

  async deleteIntegration(apiId: string, integrationId: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteIntegration',
      new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }),
      signal,
    );
  }

  createIntegrationResponse(
    apiId: string,
    integrationId: string,
    input: Omit<CreateIntegrationResponseRequest, 'ApiId' | 'IntegrationId'>,
    signal?: AbortSignal,
  ): Out<CreateIntegrationResponseCommandOutput> {
    return this.send(
      'CreateIntegrationResponse',
      new CreateIntegrationResponseCommand({ ...input, ApiId: apiId, IntegrationId: integrationId }),
      signal,
    );
  }

  updateIntegrationResponse(
    apiId: string,
    integrationId: string,
    integrationResponseId: string,
    input: Omit<UpdateIntegrationResponseRequest, 'ApiId' | 'IntegrationId' | 'IntegrationResponseId'>,
    signal?: AbortSignal,
  ): Out<UpdateIntegrationResponseCommandOutput> {
    return this.send(
      'UpdateIntegrationResponse',
      new UpdateIntegrationResponseCommand({
        ...input,
        ApiId: apiId,
        IntegrationId: integrationId,
        IntegrationResponseId: integrationResponseId,
      }),
      signal,
    );
  }

  async deleteIntegrationResponse(
    apiId: string,
    integrationId: string,
    integrationResponseId: string,
    signal?: AbortSignal,
  ): Out<void> {
    await this.send(
      'DeleteIntegrationResponse',
      new DeleteIntegrationResponseCommand({
        ApiId: apiId,
        IntegrationId: integrationId,
        IntegrationResponseId: integrationResponseId,
      }),
      signal,
    );
  }

  createModel(
    apiId: string,
    input: WithoutApi<CreateModelRequest>,
    signal?: AbortSignal,
  ): Out<CreateModelCommandOutput> {
    return this.send('CreateModel', new CreateModelCommand({ ...input, ApiId: apiId }), signal);
  }

  updateModel(
    apiId: string,
    modelId: string,
    input: Omit<UpdateModelRequest, 'ApiId' | 'ModelId'>,
    signal?: AbortSignal,
  ): Out<UpdateModelCommandOutput> {
    return this.send('UpdateModel', new UpdateModelCommand({ ...input, ApiId: apiId, ModelId: modelId }), signal);
  }

  async deleteModel(apiId: string, modelId: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteModel', new DeleteModelCommand({ ApiId: apiId, ModelId: modelId }), signal);
  }

  createAuthorizer(
    apiId: string,
    input: WithoutApi<CreateAuthorizerRequest>,
    signal?: AbortSignal,
  ): Out<CreateAuthorizerCommandOutput> {
    return this.send('CreateAuthorizer', new CreateAuthorizerCommand({ ...input, ApiId: apiId }), signal);
  }

  updateAuthorizer(
    apiId: string,
    authorizerId: string,
    input: Omit<UpdateAuthorizerRequest, 'ApiId' | 'AuthorizerId'>,
    signal?: AbortSignal,
  ): Out<UpdateAuthorizerCommandOutput> {
    return this.send(
      'UpdateAuthorizer',
      new UpdateAuthorizerCommand({ ...input, ApiId: apiId, AuthorizerId: authorizerId }),
      signal,
    );
  }

  async deleteAuthorizer(apiId: string, authorizerId: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteAuthorizer',
      new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizerId }),
      signal,
    );
  }

  createStage(
    apiId: string,
    input: WithoutApi<CreateStageRequest>,
    signal?: AbortSignal,
  ): Out<CreateStageCommandOutput> {
    return this.send('CreateStage', new CreateStageCommand({ ...input, ApiId: apiId }), signal);
  }

  updateStage(
    apiId: string,
    stageName: string,
    input: Omit<UpdateStageRequest, 'ApiId' | 'StageName'>,
    signal?: AbortSignal,
  ): Out<UpdateStageCommandOutput> {
    return this.send('UpdateStage', new UpdateStageCommand({ ...input, ApiId: apiId, StageName: stageName }), signal);
  }

  async deleteStage(apiId: string, stageName: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteStage', new DeleteStageCommand({ ApiId: apiId, StageName: stageName }), signal);
  }

  async deleteRouteSettings(apiId: string, stageName: string, routeKey: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteRouteSettings',
      new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: stageName, RouteKey: routeKey }),
      signal,
    );
  }

  /** With `stageName`, the stage is pointed at the new deployment. */
  createDeployment(
    apiId: string,
    input: { Description?: string; StageName?: string },
    signal?: AbortSignal,
  ): Out<CreateDeploymentCommandOutput> {
    return this.send('CreateDeployment', new CreateDeploymentCommand({ ...input, ApiId: apiId }), signal);
  }

  updateDeployment(
    apiId: string,
    deploymentId: string,
    description: string,
    signal?: AbortSignal,
  ): Out<UpdateDeploymentCommandOutput> {
    return this.send(
      'UpdateDeployment',
      new UpdateDeploymentCommand({ ApiId: apiId, DeploymentId: deploymentId, Description: description }),
      signal,
    );
  }

  async deleteDeployment(apiId: string, deploymentId: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteDeployment',
      new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: deploymentId }),
      signal,
    );
  }

  createVpcLink(input: CreateVpcLinkRequest, signal?: AbortSignal): Out<CreateVpcLinkCommandOutput> {
    return this.send('CreateVpcLink', new CreateVpcLinkCommand(input), signal);
  }

  async deleteVpcLink(vpcLinkId: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteVpcLink', new DeleteVpcLinkCommand({ VpcLinkId: vpcLinkId }), signal);
  }

  createApiMapping(
    domainName: string,
    input: { ApiId: string; Stage: string; ApiMappingKey?: string },
    signal?: AbortSignal,
  ): Out<CreateApiMappingCommandOutput> {
    return this.send('CreateApiMapping', new CreateApiMappingCommand({ ...input, DomainName: domainName }), signal);
  }

  async deleteApiMapping(domainName: string, apiMappingId: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteApiMapping',
      new DeleteApiMappingCommand({ DomainName: domainName, ApiMappingId: apiMappingId }),
      signal,
    );
  }

  async deleteCorsConfiguration(apiId: string, signal?: AbortSignal): Out<void> {
    await this.send('DeleteCorsConfiguration', new DeleteCorsConfigurationCommand({ ApiId: apiId }), signal);
  }

  async deleteAccessLogSettings(apiId: string, stageName: string, signal?: AbortSignal): Out<void> {
    await this.send(
      'DeleteAccessLogSettings',
      new DeleteAccessLogSettingsCommand({ ApiId: apiId, StageName: stageName }),
      signal,
    );
  }

  getVpcLink(vpcLinkId: string, signal?: AbortSignal): Out<GetVpcLinkCommandOutput> {
    return this.send('GetVpcLink', new GetVpcLinkCommand({ VpcLinkId: vpcLinkId }), signal);
  }

  createDomainName(input: CreateDomainNameRequest, signal?: AbortSignal): Out<CreateDomainNameCommandOutput> {
    return this.send('CreateDomainName', new CreateDomainNameCommand(input), signal);
  }

  updateDomainName(input: UpdateDomainNameRequest, signal?: AbortSignal): Out<UpdateDomainNameCommandOutput> {
    return this.send('UpdateDomainName', new UpdateDomainNameCommand(input), signal);
  }

  updateApiMapping(
    domainName: string,
    apiMappingId: string,
    input: { ApiId: string; Stage?: string; ApiMappingKey?: string },
    signal?: AbortSignal,
  ): Out<UpdateApiMappingCommandOutput> {
    return this.send(
      'UpdateApiMapping',
      new UpdateApiMappingCommand({ ...input, DomainName: domainName, ApiMappingId: apiMappingId }),
      signal,
    );
  }

  async tagResource(resourceArn: string, tags: Record<string, string>, signal?: AbortSignal): Out<void> {
    await this.send('TagResource', new TagResourceCommand({ ResourceArn: resourceArn, Tags: tags }), signal);
  }

  async untagResource(resourceArn: string, keys: string[], signal?: AbortSignal): Out<void> {
    await this.send('UntagResource', new UntagResourceCommand({ ResourceArn: resourceArn, TagKeys: keys }), signal);
  }
}
