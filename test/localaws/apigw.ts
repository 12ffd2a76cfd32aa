// Amazon API Gateway v2 (REST-JSON, `/v2/...`): an in-memory account per region with the operations, field names,
// defaults and errors of the API reference. Everything is stored in wire form (camelCase members) and answered as is.
import {
  AwsError,
  badRequest,
  clean,
  clone,
  conflict,
  decodeToken,
  encodeToken,
  notFound,
  type Json,
  type ServiceRequest,
  type ServiceResponse,
} from './common';
import { exportApi } from './apigwExport';
import { isDraft4Schema } from './modelSchemas';

export interface ApiRecord {
  api: Json;
  routes: Map<string, { route: Json; responses: Map<string, Json> }>;
  integrations: Map<string, { integration: Json; responses: Map<string, Json> }>;
  authorizers: Map<string, Json>;
  stages: Map<string, Json>;
  deployments: Map<string, Json>;
  models: Map<string, Json>;
}

export interface RegionState {
  apis: Map<string, ApiRecord>;
  vpcLinks: Map<string, Json>;
  domainNames: Map<string, { domain: Json; mappings: Map<string, Json> }>;
}

export function emptyRegion(): RegionState {
  return { apis: new Map(), vpcLinks: new Map(), domainNames: new Map() };
}

export interface ApiGatewayContext {
  region(name: string): RegionState;
  newId(length: number): string;
  now(): Date;
  /** Page size when the caller sends no MaxResults: small, so that clients must follow NextToken. */
  defaultPageSize(): number;
}

type Params = Record<string, string>;
type Handler = (p: Params, req: ServiceRequest, st: RegionState) => ServiceResponse;

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const HTTP_INTEGRATION_TYPES = ['AWS_PROXY', 'HTTP_PROXY'];
const WS_INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'];
const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];

export class ApiGateway {
  private readonly routes: Array<{ method: string; re: RegExp; names: string[]; operation: string; handler: Handler }> =
    [];

  constructor(private readonly ctx: ApiGatewayContext) {
    const r = (method: string, template: string, operation: string, handler: Handler) => {
      const names: string[] = [];
      const re = new RegExp(
        `^${template.replace(/\{(\w+)\}/g, (_m, n: string) => {
          names.push(n);
          return '([^/]+)';
        })}$`,
      );
      this.routes.push({ method, re, names, operation, handler });
    };
    r('GET', '/v2/apis', 'GetApis', (_p, q, st) =>
      this.page(
        q,
        [...st.apis.values()].map((a) => this.apiOut(a, q)),
      ),
    );
    r('POST', '/v2/apis', 'CreateApi', (_p, q, st) => this.createApi(q, st));
    r('GET', '/v2/apis/{apiId}', 'GetApi', (p, q, st) => ok(this.apiOut(this.api(st, p), q)));
    r('PATCH', '/v2/apis/{apiId}', 'UpdateApi', (p, q, st) => this.updateApi(this.api(st, p), q));
    r('DELETE', '/v2/apis/{apiId}', 'DeleteApi', (p, _q, st) => {
      this.api(st, p);
      st.apis.delete(p.apiId!);
      return noContent();
    });
    r('GET', '/v2/apis/{apiId}/exports/{specification}', 'ExportApi', (p, q, st) => ({
      status: 200,
      raw: exportApi(this.api(st, p), {
        specification: p.specification!,
        outputType: q.query.get('outputType'),
        stageName: q.query.get('stageName'),
        includeExtensions: q.query.get('includeExtensions'),
        exportVersion: q.query.get('exportVersion'),
      }),
    }));
    r('DELETE', '/v2/apis/{apiId}/cors', 'DeleteCorsConfiguration', (p, _q, st) => {
      delete this.api(st, p).api.corsConfiguration;
      return noContent();
    });

    r('GET', '/v2/apis/{apiId}/routes', 'GetRoutes', (p, q, st) =>
      this.page(
        q,
        [...this.api(st, p).routes.values()].map((x) => clone(x.route)),
      ),
    );
    r('POST', '/v2/apis/{apiId}/routes', 'CreateRoute', (p, q, st) => this.createRoute(this.api(st, p), q.body));
    r('GET', '/v2/apis/{apiId}/routes/{routeId}', 'GetRoute', (p, _q, st) =>
      ok(clone(this.route(this.api(st, p), p).route)),
    );
    r('PATCH', '/v2/apis/{apiId}/routes/{routeId}', 'UpdateRoute', (p, q, st) =>
      this.updateRoute(this.api(st, p), p, q.body),
    );
    r('DELETE', '/v2/apis/{apiId}/routes/{routeId}', 'DeleteRoute', (p, _q, st) => {
      const a = this.api(st, p);
      this.route(a, p);
      a.routes.delete(p.routeId!);
      this.changed(a);
      return noContent();
    });
    r(
      'DELETE',
      '/v2/apis/{apiId}/routes/{routeId}/requestparameters/{key}',
      'DeleteRouteRequestParameter',
      (p, _q, st) => {
        const a = this.api(st, p);
        const { route } = this.route(a, p);
        if (!route.requestParameters?.[p.key!]) throw notFound(`Invalid request parameter key ${p.key}`);
        delete route.requestParameters[p.key!];
        this.changed(a);
        return noContent();
      },
    );
    r('GET', '/v2/apis/{apiId}/routes/{routeId}/routeresponses', 'GetRouteResponses', (p, q, st) =>
      this.page(q, [...this.route(this.api(st, p), p).responses.values()].map(clone)),
    );
    r('POST', '/v2/apis/{apiId}/routes/{routeId}/routeresponses', 'CreateRouteResponse', (p, q, st) =>
      this.createRouteResponse(this.api(st, p), p, q.body),
    );
    r('GET', '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}', 'GetRouteResponse', (p, _q, st) =>
      ok(clone(this.routeResponse(this.api(st, p), p))),
    );
    r(
      'PATCH',
      '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}',
      'UpdateRouteResponse',
      (p, q, st) => {
        const a = this.api(st, p);
        const rr = this.routeResponse(a, p);
        const { responses } = this.route(a, p);
        if (
          q.body.routeResponseKey !== undefined &&
          q.body.routeResponseKey !== rr.routeResponseKey &&
          [...responses.values()].some((x) => x.routeResponseKey === q.body.routeResponseKey)
        ) {
          throw conflict(`Route response with key ${q.body.routeResponseKey} already exists for this route`);
        }
        const next = {
          ...rr,
          ...pick(q.body, ['routeResponseKey', 'modelSelectionExpression', 'responseModels', 'responseParameters']),
        };
        this.validateModelNames(a, next.responseModels);
        Object.assign(rr, next);
        this.changed(a);
        return ok(clone(rr));
      },
    );
    r(
      'DELETE',
      '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}',
      'DeleteRouteResponse',
      (p, _q, st) => {
        const a = this.api(st, p);
        this.routeResponse(a, p);
        this.route(a, p).responses.delete(p.routeResponseId!);
        this.changed(a);
        return noContent();
      },
    );

    r('GET', '/v2/apis/{apiId}/integrations', 'GetIntegrations', (p, q, st) =>
      this.page(
        q,
        [...this.api(st, p).integrations.values()].map((x) => clone(x.integration)),
      ),
    );
    r('POST', '/v2/apis/{apiId}/integrations', 'CreateIntegration', (p, q, st) =>
      this.createIntegration(this.api(st, p), q.body, st),
    );
    r('GET', '/v2/apis/{apiId}/integrations/{integrationId}', 'GetIntegration', (p, _q, st) =>
      ok(clone(this.integration(this.api(st, p), p).integration)),
    );
    r('PATCH', '/v2/apis/{apiId}/integrations/{integrationId}', 'UpdateIntegration', (p, q, st) =>
      this.updateIntegration(this.api(st, p), p, q.body, st),
    );
    r('DELETE', '/v2/apis/{apiId}/integrations/{integrationId}', 'DeleteIntegration', (p, _q, st) => {
      const a = this.api(st, p);
      this.integration(a, p);
      const users = [...a.routes.values()]
        .filter((x) => x.route.target === `integrations/${p.integrationId}`)
        .map((x) => x.route.routeKey);
      if (users.length)
        throw conflict(
          `Integration ${p.integrationId} is the target of route(s) ${users.join(', ')}; delete or retarget them first`,
        );
      a.integrations.delete(p.integrationId!);
      this.changed(a);
      return noContent();
    });
    r(
      'GET',
      '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
      'GetIntegrationResponses',
      (p, q, st) => this.page(q, [...this.integration(this.api(st, p), p).responses.values()].map(clone)),
    );
    r(
      'POST',
      '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
      'CreateIntegrationResponse',
      (p, q, st) => this.createIntegrationResponse(this.api(st, p), p, q.body),
    );
    r(
      'GET',
      '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
      'GetIntegrationResponse',
      (p, _q, st) => ok(clone(this.integrationResponse(this.api(st, p), p))),
    );
    r(
      'PATCH',
      '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
      'UpdateIntegrationResponse',
      (p, q, st) => {
        const a = this.api(st, p);
        const ir = this.integrationResponse(a, p);
        validateContentHandling(q.body.contentHandlingStrategy);
        Object.assign(
          ir,
          pick(q.body, [
            'integrationResponseKey',
            'contentHandlingStrategy',
            'responseParameters',
            'responseTemplates',
            'templateSelectionExpression',
          ]),
        );
        this.changed(a);
        return ok(clone(ir));
      },
    );
    r(
      'DELETE',
      '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
      'DeleteIntegrationResponse',
      (p, _q, st) => {
        const a = this.api(st, p);
        this.integrationResponse(a, p);
        this.integration(a, p).responses.delete(p.integrationResponseId!);
        this.changed(a);
        return noContent();
      },
    );

    r('GET', '/v2/apis/{apiId}/authorizers', 'GetAuthorizers', (p, q, st) =>
      this.page(q, [...this.api(st, p).authorizers.values()].map(clone)),
    );
    r('POST', '/v2/apis/{apiId}/authorizers', 'CreateAuthorizer', (p, q, st) =>
      this.createAuthorizer(this.api(st, p), q.body),
    );
    r('GET', '/v2/apis/{apiId}/authorizers/{authorizerId}', 'GetAuthorizer', (p, _q, st) =>
      ok(clone(this.authorizer(this.api(st, p), p))),
    );
    r('PATCH', '/v2/apis/{apiId}/authorizers/{authorizerId}', 'UpdateAuthorizer', (p, q, st) => {
      const a = this.api(st, p);
      const au = this.authorizer(a, p);
      const next = { ...au, ...pick(q.body, AUTHORIZER_FIELDS) };
      this.validateAuthorizer(a, next);
      Object.assign(au, next);
      this.changed(a);
      return ok(clone(au));
    });
    r('DELETE', '/v2/apis/{apiId}/authorizers/{authorizerId}', 'DeleteAuthorizer', (p, _q, st) => {
      const a = this.api(st, p);
      this.authorizer(a, p);
      const users = [...a.routes.values()]
        .filter((x) => x.route.authorizerId === p.authorizerId)
        .map((x) => x.route.routeKey);
      if (users.length)
        throw conflict(
          `Authorizer ${p.authorizerId} is used by route(s) ${users.join(', ')}; change their authorization first`,
        );
      a.authorizers.delete(p.authorizerId!);
      this.changed(a);
      return noContent();
    });

    r('GET', '/v2/apis/{apiId}/models', 'GetModels', (p, q, st) =>
      this.page(q, [...this.api(st, p).models.values()].map(clone)),
    );
    r('POST', '/v2/apis/{apiId}/models', 'CreateModel', (p, q, st) => this.createModel(this.api(st, p), q.body));
    r('GET', '/v2/apis/{apiId}/models/{modelId}', 'GetModel', (p, _q, st) => ok(clone(this.model(this.api(st, p), p))));
    r('GET', '/v2/apis/{apiId}/models/{modelId}/template', 'GetModelTemplate', (p, _q, st) => {
      this.model(this.api(st, p), p);
      return ok({ value: "#set($inputRoot = $input.path('$'))\n{}" });
    });
    r('PATCH', '/v2/apis/{apiId}/models/{modelId}', 'UpdateModel', (p, q, st) => {
      const a = this.api(st, p);
      const m = this.model(a, p);
      const next = { ...m, ...pick(q.body, ['contentType', 'description', 'name', 'schema']) };
      this.validateModel(a, next);
      Object.assign(m, next);
      this.changed(a);
      return ok(clone(m));
    });
    r('DELETE', '/v2/apis/{apiId}/models/{modelId}', 'DeleteModel', (p, _q, st) => {
      const a = this.api(st, p);
      const m = this.model(a, p);
      const users = [...a.routes.values()].filter((x) => modelNames(x).includes(m.name)).map((x) => x.route.routeKey);
      if (users.length) throw conflict(`Model ${m.name} is used by route(s) ${users.join(', ')}`);
      a.models.delete(p.modelId!);
      this.changed(a);
      return noContent();
    });

    r('GET', '/v2/apis/{apiId}/stages', 'GetStages', (p, q, st) =>
      this.page(q, [...this.api(st, p).stages.values()].map(clone)),
    );
    r('POST', '/v2/apis/{apiId}/stages', 'CreateStage', (p, q, st) => this.createStage(this.api(st, p), q.body));
    r('GET', '/v2/apis/{apiId}/stages/{stageName}', 'GetStage', (p, _q, st) =>
      ok(clone(this.stage(this.api(st, p), p))),
    );
    r('PATCH', '/v2/apis/{apiId}/stages/{stageName}', 'UpdateStage', (p, q, st) =>
      this.updateStage(this.api(st, p), p, q.body),
    );
    r('DELETE', '/v2/apis/{apiId}/stages/{stageName}', 'DeleteStage', (p, _q, st) => {
      const a = this.api(st, p);
      const s = this.stage(a, p);
      if (s.apiGatewayManaged) throw managedStage(s, 'be deleted');
      a.stages.delete(p.stageName!);
      return noContent();
    });
    r('DELETE', '/v2/apis/{apiId}/stages/{stageName}/accesslogsettings', 'DeleteAccessLogSettings', (p, _q, st) => {
      const s = this.stage(this.api(st, p), p);
      delete s.accessLogSettings;
      s.lastUpdatedDate = this.iso();
      return noContent();
    });
    r('DELETE', '/v2/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}', 'DeleteRouteSettings', (p, _q, st) => {
      const s = this.stage(this.api(st, p), p);
      if (!s.routeSettings?.[p.routeKey!])
        throw notFound(`Route settings for ${p.routeKey} not found on stage ${p.stageName}`);
      delete s.routeSettings[p.routeKey!];
      s.lastUpdatedDate = this.iso();
      return noContent();
    });
    r('DELETE', '/v2/apis/{apiId}/stages/{stageName}/cache/authorizers', 'ResetAuthorizersCache', (p, _q, st) => {
      this.stage(this.api(st, p), p);
      return noContent();
    });

    r('GET', '/v2/apis/{apiId}/deployments', 'GetDeployments', (p, q, st) =>
      this.page(q, [...this.api(st, p).deployments.values()].map(clone)),
    );
    r('POST', '/v2/apis/{apiId}/deployments', 'CreateDeployment', (p, q, st) =>
      this.createDeployment(this.api(st, p), q.body),
    );
    r('GET', '/v2/apis/{apiId}/deployments/{deploymentId}', 'GetDeployment', (p, _q, st) =>
      ok(clone(this.deployment(this.api(st, p), p))),
    );
    r('PATCH', '/v2/apis/{apiId}/deployments/{deploymentId}', 'UpdateDeployment', (p, q, st) => {
      const d = this.deployment(this.api(st, p), p);
      if (q.body.description !== undefined) d.description = q.body.description;
      return ok(clone(d));
    });
    r('DELETE', '/v2/apis/{apiId}/deployments/{deploymentId}', 'DeleteDeployment', (p, _q, st) => {
      const a = this.api(st, p);
      this.deployment(a, p);
      const users = [...a.stages.values()].filter((s) => s.deploymentId === p.deploymentId).map((s) => s.stageName);
      if (users.length)
        throw badRequest(`Active stages pointing to this deployment must be moved or deleted: ${users.join(', ')}`);
      a.deployments.delete(p.deploymentId!);
      return noContent();
    });

    r('GET', '/v2/vpclinks', 'GetVpcLinks', (_p, q, st) => this.page(q, [...st.vpcLinks.values()].map(clone)));
    r('POST', '/v2/vpclinks', 'CreateVpcLink', (_p, q, st) => this.createVpcLink(q, st));
    r('GET', '/v2/vpclinks/{vpcLinkId}', 'GetVpcLink', (p, _q, st) => ok(clone(this.vpcLink(st, p))));
    r('PATCH', '/v2/vpclinks/{vpcLinkId}', 'UpdateVpcLink', (p, q, st) => {
      const v = this.vpcLink(st, p);
      if (q.body.name !== undefined) v.name = requireString(q.body, 'name');
      return ok(clone(v));
    });
    r('DELETE', '/v2/vpclinks/{vpcLinkId}', 'DeleteVpcLink', (p, _q, st) => {
      this.vpcLink(st, p);
      const users = [...st.apis.values()]
        .flatMap((a) => [...a.integrations.values()])
        .filter((x) => x.integration.connectionId === p.vpcLinkId);
      if (users.length) throw conflict(`VPC link ${p.vpcLinkId} is used by ${users.length} integration(s)`);
      st.vpcLinks.delete(p.vpcLinkId!);
      return { status: 202, body: {} };
    });

    r('GET', '/v2/domainnames', 'GetDomainNames', (_p, q, st) =>
      this.page(
        q,
        [...st.domainNames.values()].map((d) => clone(d.domain)),
      ),
    );
    r('POST', '/v2/domainnames', 'CreateDomainName', (_p, q, st) => this.createDomainName(q, st));
    r('GET', '/v2/domainnames/{domainName}', 'GetDomainName', (p, _q, st) => ok(clone(this.domainName(st, p).domain)));
    r('PATCH', '/v2/domainnames/{domainName}', 'UpdateDomainName', (p, q, st) => {
      const d = this.domainName(st, p).domain;
      if (q.body.domainNameConfigurations !== undefined)
        d.domainNameConfigurations = this.domainConfigs(q.body.domainNameConfigurations, q.region);
      if (q.body.mutualTlsAuthentication !== undefined) d.mutualTlsAuthentication = q.body.mutualTlsAuthentication;
      if (q.body.routingMode !== undefined) d.routingMode = q.body.routingMode;
      return ok(clone(d));
    });
    r('DELETE', '/v2/domainnames/{domainName}', 'DeleteDomainName', (p, _q, st) => {
      this.domainName(st, p);
      st.domainNames.delete(p.domainName!);
      return noContent();
    });
    r('GET', '/v2/domainnames/{domainName}/apimappings', 'GetApiMappings', (p, q, st) =>
      this.page(q, [...this.domainName(st, p).mappings.values()].map(clone)),
    );
    r('POST', '/v2/domainnames/{domainName}/apimappings', 'CreateApiMapping', (p, q, st) =>
      this.createApiMapping(st, p, q.body),
    );
    r('GET', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'GetApiMapping', (p, _q, st) =>
      ok(clone(this.apiMapping(st, p))),
    );
    r('PATCH', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'UpdateApiMapping', (p, q, st) => {
      const m = this.apiMapping(st, p);
      const next = { ...m, ...pick(q.body, ['apiId', 'stage', 'apiMappingKey']) };
      this.validateMapping(st, p.domainName!, next, m.apiMappingId);
      Object.assign(m, next);
      return ok(clone(m));
    });
    r('DELETE', '/v2/domainnames/{domainName}/apimappings/{apiMappingId}', 'DeleteApiMapping', (p, _q, st) => {
      this.apiMapping(st, p);
      this.domainName(st, p).mappings.delete(p.apiMappingId!);
      return noContent();
    });

    r('GET', '/v2/tags/{resourceArn}', 'GetTags', (p, _q, st) =>
      ok({ tags: clone(this.taggable(st, p.resourceArn!).tags ?? {}) }),
    );
    r('POST', '/v2/tags/{resourceArn}', 'TagResource', (p, q, st) => {
      const res = this.taggable(st, p.resourceArn!);
      res.tags = withinTagLimit({ ...res.tags, ...validTags(q.body.tags) });
      return { status: 201, body: {} };
    });
    r('DELETE', '/v2/tags/{resourceArn}', 'UntagResource', (p, q, st) => {
      const res = this.taggable(st, p.resourceArn!);
      const keys = q.query.getAll('tagKeys');
      if (keys.length === 0) throw badRequest('tagKeys is required');
      for (const k of keys) delete res.tags?.[k];
      return noContent();
    });
  }

  /** The operation a request names, or undefined when no route matches. */
  match(
    method: string,
    path: string,
  ): { operation: string; run: (req: ServiceRequest) => ServiceResponse } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const params: Params = {};
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]!);
      });
      return { operation: r.operation, run: (req) => r.handler(params, req, this.ctx.region(req.region)) };
    }
    return undefined;
  }

  // ---- seeding (no pacing, no auto-deploy side effects) -------------------------------------------------------

  seedApi(region: string, body: Json): ApiRecord {
    return this.insertApi(this.ctx.region(region), body, region);
  }

  // ---- APIs ---------------------------------------------------------------------------------------------------

  private createApi(q: ServiceRequest, st: RegionState): ServiceResponse {
    // apiEndpoint is the service's to choose (only a seed sets it).
    const rec = this.insertApi(st, { ...q.body, apiEndpoint: undefined }, q.region);
    if (q.body.target !== undefined) this.quickCreate(rec, q, st);
    return { status: 201, body: this.apiOut(rec, q) };
  }

  /**
   * Quick create (CreateApi with Target): an integration, a catch-all route and an auto-deploying $default stage,
   * each ApiGatewayManaged (API Reference, Stage, Route and Integration: "If you created an API using quick create,
   * the $default stage is managed by API Gateway. You can't modify the $default stage.").
   */
  private quickCreate(rec: ApiRecord, q: ServiceRequest, st: RegionState): void {
    if (rec.api.protocolType !== 'HTTP') throw badRequest('Quick create is supported for HTTP APIs only');
    const integ = this.createIntegration(
      rec,
      {
        integrationType: q.body.target.startsWith('arn:') ? 'AWS_PROXY' : 'HTTP_PROXY',
        integrationUri: q.body.target,
        ...(q.body.credentialsArn ? { credentialsArn: q.body.credentialsArn } : {}),
        ...(q.body.target.startsWith('arn:') ? {} : { integrationMethod: 'ANY' }),
      },
      st,
    ).body!;
    rec.integrations.get(integ.integrationId)!.integration.apiGatewayManaged = true;
    const route = this.createRoute(rec, {
      routeKey: q.body.routeKey ?? '$default',
      target: `integrations/${integ.integrationId}`,
    }).body!;
    rec.routes.get(route.routeId)!.route.apiGatewayManaged = true;
    this.createStage(rec, { stageName: '$default', autoDeploy: true });
    rec.stages.get('$default')!.apiGatewayManaged = true;
  }

  private insertApi(st: RegionState, body: Json, region: string): ApiRecord {
    const name = requireString(body, 'name');
    const protocolType = requireString(body, 'protocolType');
    if (!['HTTP', 'WEBSOCKET'].includes(protocolType))
      throw badRequest(`Invalid protocolType ${protocolType}: use HTTP or WEBSOCKET`);
    if (protocolType === 'WEBSOCKET' && !body.routeSelectionExpression)
      throw badRequest('routeSelectionExpression is required for WebSocket APIs');
    validateVersion(body.version);
    const apiId = body.apiId ?? this.ctx.newId(10);
    const api = clean({
      // A seed may name the endpoint (an emulator reports its own host): the call tests point it at a local API.
      apiEndpoint:
        body.apiEndpoint ??
        (protocolType === 'HTTP'
          ? `https://${apiId}.execute-api.${region}.amazonaws.com`
          : `wss://${apiId}.execute-api.${region}.amazonaws.com`),
      apiId,
      apiKeySelectionExpression: body.apiKeySelectionExpression ?? '$request.header.x-api-key',
      corsConfiguration: body.corsConfiguration,
      createdDate: body.createdDate ?? this.iso(),
      description: body.description,
      disableSchemaValidation: body.disableSchemaValidation,
      disableExecuteApiEndpoint: body.disableExecuteApiEndpoint ?? false,
      ipAddressType: body.ipAddressType ?? 'ipv4',
      name,
      protocolType,
      routeSelectionExpression: body.routeSelectionExpression ?? '$request.method $request.path',
      tags: validTags(body.tags ?? {}),
      version: body.version,
    });
    const rec: ApiRecord = {
      api,
      routes: new Map(),
      integrations: new Map(),
      authorizers: new Map(),
      stages: new Map(),
      deployments: new Map(),
      models: new Map(),
    };
    st.apis.set(apiId, rec);
    return rec;
  }

  private updateApi(rec: ApiRecord, q: ServiceRequest): ServiceResponse {
    const b = q.body;
    if (b.name !== undefined) rec.api.name = requireString(b, 'name');
    if (b.protocolType !== undefined && b.protocolType !== rec.api.protocolType)
      throw badRequest('protocolType cannot be changed');
    validateVersion(b.version);
    Object.assign(
      rec.api,
      clean(
        pick(b, [
          'apiKeySelectionExpression',
          'corsConfiguration',
          'description',
          'disableSchemaValidation',
          'disableExecuteApiEndpoint',
          'ipAddressType',
          'routeSelectionExpression',
          'version',
        ]),
      ),
    );
    this.changed(rec);
    return ok(this.apiOut(rec, q));
  }

  private apiOut(rec: ApiRecord, _q: ServiceRequest): Json {
    return clone(rec.api);
  }

  private api(st: RegionState, p: Params): ApiRecord {
    const rec = st.apis.get(p.apiId!);
    if (!rec) throw notFound(`Invalid API identifier specified ${p.apiId}`);
    return rec;
  }

  // ---- routes -------------------------------------------------------------------------------------------------

  private createRoute(rec: ApiRecord, body: Json): ServiceResponse {
    const routeKey = requireString(body, 'routeKey');
    const route = clean({
      apiKeyRequired: body.apiKeyRequired ?? false,
      authorizationScopes: body.authorizationScopes,
      authorizationType: body.authorizationType ?? 'NONE',
      authorizerId: body.authorizerId,
      modelSelectionExpression: body.modelSelectionExpression,
      operationName: body.operationName,
      requestModels: body.requestModels,
      requestParameters: body.requestParameters,
      routeId: body.routeId ?? this.ctx.newId(7),
      routeKey,
      routeResponseSelectionExpression: body.routeResponseSelectionExpression,
      target: body.target,
    });
    this.validateRoute(rec, route);
    rec.routes.set(route.routeId, { route, responses: new Map() });
    this.changed(rec);
    return { status: 201, body: clone(route) };
  }

  private updateRoute(rec: ApiRecord, p: Params, body: Json): ServiceResponse {
    const entry = this.route(rec, p);
    const next = clean({
      ...entry.route,
      ...pick(body, [
        'apiKeyRequired',
        'authorizationScopes',
        'authorizationType',
        'authorizerId',
        'modelSelectionExpression',
        'operationName',
        'requestModels',
        'requestParameters',
        'routeKey',
        'routeResponseSelectionExpression',
        'target',
      ]),
    });
    if (next.authorizationType === 'NONE' || next.authorizationType === 'AWS_IAM') delete next.authorizerId;
    this.validateRoute(rec, next);
    entry.route = next;
    this.changed(rec);
    return ok(clone(next));
  }

  private validateRoute(rec: ApiRecord, route: Json): void {
    const http = rec.api.protocolType === 'HTTP';
    if (http && !isHttpRouteKey(route.routeKey)) {
      throw badRequest(
        `Invalid route key ${route.routeKey}: use $default or "METHOD /path" with METHOD one of ${HTTP_METHODS.join(', ')}`,
      );
    }
    if (!http && (typeof route.routeKey !== 'string' || route.routeKey.length === 0))
      throw badRequest('routeKey must not be empty');
    for (const other of rec.routes.values()) {
      if (other.route.routeId !== route.routeId && other.route.routeKey === route.routeKey) {
        throw conflict(`Route with key ${route.routeKey} already exists for this API`);
      }
    }
    const types = http ? ['NONE', 'AWS_IAM', 'JWT', 'CUSTOM'] : ['NONE', 'AWS_IAM', 'CUSTOM'];
    if (!types.includes(route.authorizationType))
      throw badRequest(`Invalid authorizationType ${route.authorizationType}`);
    if (route.authorizationType === 'JWT' || route.authorizationType === 'CUSTOM') {
      const au = route.authorizerId ? rec.authorizers.get(route.authorizerId) : undefined;
      if (!au) throw badRequest(`Invalid authorizer identifier specified ${route.authorizerId ?? ''}`.trim());
      if ((route.authorizationType === 'JWT') !== (au.authorizerType === 'JWT')) {
        throw badRequest(
          `authorizationType ${route.authorizationType} does not match authorizer ${au.authorizerId} of type ${au.authorizerType}`,
        );
      }
    }
    this.validateModelNames(rec, route.requestModels);
    if (route.target !== undefined) {
      const m = /^integrations\/(\w+)$/.exec(route.target);
      if (!m) throw badRequest(`Invalid target ${route.target}: use integrations/{integrationId}`);
      if (!rec.integrations.has(m[1]!))
        throw badRequest(`Invalid integration identifier specified in target ${route.target}`);
    }
  }

  private route(rec: ApiRecord, p: Params) {
    const entry = rec.routes.get(p.routeId!);
    if (!entry) throw notFound(`Invalid Route identifier specified ${p.routeId}`);
    return entry;
  }

  private createRouteResponse(rec: ApiRecord, p: Params, body: Json): ServiceResponse {
    if (rec.api.protocolType !== 'WEBSOCKET') throw badRequest('Route responses are supported for WebSocket APIs only');
    const { responses } = this.route(rec, p);
    const key = requireString(body, 'routeResponseKey');
    if ([...responses.values()].some((x) => x.routeResponseKey === key))
      throw conflict(`Route response with key ${key} already exists for this route`);
    const rr: Json = clean({
      ...pick(body, ['modelSelectionExpression', 'responseModels', 'responseParameters']),
      routeResponseId: this.ctx.newId(6),
      routeResponseKey: key,
    });
    this.validateModelNames(rec, rr.responseModels);
    responses.set(rr.routeResponseId, rr);
    this.changed(rec);
    return { status: 201, body: clone(rr) };
  }

  /** Route and route response models name models of the API. */
  private validateModelNames(rec: ApiRecord, models: unknown): void {
    const names = new Set([...rec.models.values()].map((m) => m.name));
    for (const name of Object.values((models ?? {}) as Record<string, unknown>)) {
      if (typeof name !== 'string' || !names.has(name)) throw badRequest(`Invalid model specified: ${String(name)}`);
    }
  }

  // ---- models -------------------------------------------------------------------------------------------------

  private createModel(rec: ApiRecord, body: Json): ServiceResponse {
    const m = clean({
      contentType: body.contentType ?? 'application/json',
      description: body.description,
      modelId: this.ctx.newId(6),
      name: body.name,
      schema: body.schema,
    });
    this.validateModel(rec, m);
    rec.models.set(m.modelId, m);
    this.changed(rec);
    return { status: 201, body: clone(m) };
  }

  private validateModel(rec: ApiRecord, m: Json): void {
    if (rec.api.protocolType !== 'WEBSOCKET') throw badRequest('Models are supported for WebSocket APIs only');
    const name = requireString(m, 'name');
    if (!/^[A-Za-z0-9]{1,128}$/.test(name)) throw badRequest(`Invalid model name ${name}: it must be alphanumeric`);
    if (typeof m.schema !== 'string') throw badRequest('schema is required');
    if (/^application\/json\s*(;|$)/i.test(String(m.contentType)) && !isDraft4Schema(m.schema))
      throw badRequest(
        'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]',
      );
    for (const other of rec.models.values())
      if (other.modelId !== m.modelId && other.name === name) throw conflict(`Model ${name} already exists`);
  }

  private model(rec: ApiRecord, p: Params): Json {
    const m = rec.models.get(p.modelId!);
    if (!m) throw notFound(`Invalid Model identifier specified ${p.modelId}`);
    return m;
  }

  private routeResponse(rec: ApiRecord, p: Params): Json {
    const rr = this.route(rec, p).responses.get(p.routeResponseId!);
    if (!rr) throw notFound(`Invalid RouteResponse identifier specified ${p.routeResponseId}`);
    return rr;
  }

  // ---- integrations -------------------------------------------------------------------------------------------

  private createIntegration(rec: ApiRecord, body: Json, st: RegionState): ServiceResponse {
    const http = rec.api.protocolType === 'HTTP';
    const integrationType = requireString(body, 'integrationType');
    const integration = clean({
      apiGatewayManaged: body.apiGatewayManaged,
      connectionId: body.connectionId,
      connectionType: body.connectionType ?? 'INTERNET',
      contentHandlingStrategy: body.contentHandlingStrategy,
      credentialsArn: body.credentialsArn,
      description: body.description,
      integrationId: body.integrationId ?? this.ctx.newId(7),
      integrationMethod:
        body.integrationMethod ?? (integrationType === 'AWS_PROXY' && !body.integrationSubtype ? 'POST' : undefined),
      integrationResponseSelectionExpression: body.integrationResponseSelectionExpression,
      integrationSubtype: body.integrationSubtype,
      integrationType,
      integrationUri: body.integrationUri,
      passthroughBehavior:
        body.passthroughBehavior ??
        (!http && ['AWS', 'HTTP', 'MOCK'].includes(integrationType) ? 'WHEN_NO_MATCH' : undefined),
      payloadFormatVersion: body.payloadFormatVersion ?? (http && integrationType === 'AWS_PROXY' ? '2.0' : '1.0'),
      requestParameters: body.requestParameters,
      requestTemplates: body.requestTemplates,
      responseParameters: body.responseParameters,
      templateSelectionExpression: body.templateSelectionExpression,
      timeoutInMillis: body.timeoutInMillis ?? (http ? 30000 : 29000),
      tlsConfig: body.tlsConfig,
    });
    this.validateIntegration(rec, integration, st);
    rec.integrations.set(integration.integrationId, { integration, responses: new Map() });
    this.changed(rec);
    return { status: 201, body: clone(integration) };
  }

  private updateIntegration(rec: ApiRecord, p: Params, body: Json, st: RegionState): ServiceResponse {
    const entry = this.integration(rec, p);
    // The service action an integration was made with stays (Terraform's aws_apigatewayv2_integration replaces the
    // integration for a new integration_subtype: ForceNew); a member left out keeps its value, as for every member.
    if (body.integrationSubtype !== undefined && body.integrationSubtype !== entry.integration.integrationSubtype)
      throw badRequest(
        `IntegrationSubtype cannot be changed (${entry.integration.integrationSubtype ?? 'none'} to ${String(body.integrationSubtype)}): create a new integration`,
      );
    const next = clean({
      ...entry.integration,
      ...pick(body, [
        'connectionId',
        'connectionType',
        'contentHandlingStrategy',
        'credentialsArn',
        'description',
        'integrationMethod',
        'integrationSubtype',
        'integrationType',
        'integrationUri',
        'passthroughBehavior',
        'payloadFormatVersion',
        'requestParameters',
        'requestTemplates',
        'responseParameters',
        'templateSelectionExpression',
        'timeoutInMillis',
        'tlsConfig',
      ]),
    });
    this.validateIntegration(rec, next, st);
    entry.integration = next;
    this.changed(rec);
    return ok(clone(next));
  }

  private validateIntegration(rec: ApiRecord, i: Json, st: RegionState): void {
    const http = rec.api.protocolType === 'HTTP';
    const types = http ? HTTP_INTEGRATION_TYPES : WS_INTEGRATION_TYPES;
    if (!types.includes(i.integrationType)) {
      throw badRequest(
        `Invalid integrationType ${i.integrationType} for a${http ? 'n HTTP' : ' WebSocket'} API: use ${types.join(', ')}`,
      );
    }
    if (i.integrationType !== 'MOCK' && !i.integrationUri && !i.integrationSubtype)
      throw badRequest('integrationUri is required');
    // API reference: IntegrationSubtype is 1 to 128 characters, ContentHandlingStrategy one of two values, so neither
    // has a value that takes it away.
    if (i.integrationSubtype !== undefined && !/^.{1,128}$/s.test(String(i.integrationSubtype)))
      throw badRequest('Invalid integrationSubtype: it must be between 1 and 128 characters long');
    validateContentHandling(i.contentHandlingStrategy);
    if (i.integrationSubtype && !i.credentialsArn)
      throw badRequest(`credentialsArn is required for integrationSubtype ${i.integrationSubtype}`);
    if (i.integrationType === 'HTTP_PROXY' && http && !i.integrationMethod)
      throw badRequest('integrationMethod is required for HTTP_PROXY integrations');
    if (!['1.0', '2.0'].includes(i.payloadFormatVersion))
      throw badRequest(`Invalid payloadFormatVersion ${i.payloadFormatVersion}`);
    if (!http && i.payloadFormatVersion !== '1.0')
      throw badRequest('WebSocket APIs support payloadFormatVersion 1.0 only');
    const max = http ? 30000 : 29000;
    if (typeof i.timeoutInMillis !== 'number' || i.timeoutInMillis < 50 || i.timeoutInMillis > max) {
      throw badRequest(`timeoutInMillis must be between 50 and ${max}`);
    }
    if (!['INTERNET', 'VPC_LINK'].includes(i.connectionType))
      throw badRequest(`Invalid connectionType ${i.connectionType}`);
    if (i.connectionType === 'VPC_LINK' && (!i.connectionId || !st.vpcLinks.has(i.connectionId))) {
      throw badRequest(`Invalid VPC link identifier specified ${i.connectionId ?? ''}`.trim());
    }
  }

  private integration(rec: ApiRecord, p: Params) {
    const entry = rec.integrations.get(p.integrationId!);
    if (!entry) throw notFound(`Invalid Integration identifier specified ${p.integrationId}`);
    return entry;
  }

  private createIntegrationResponse(rec: ApiRecord, p: Params, body: Json): ServiceResponse {
    if (rec.api.protocolType !== 'WEBSOCKET')
      throw badRequest('Integration responses are supported for WebSocket APIs only');
    const { responses } = this.integration(rec, p);
    const key = requireString(body, 'integrationResponseKey');
    if ([...responses.values()].some((x) => x.integrationResponseKey === key))
      throw conflict(`Integration response with key ${key} already exists`);
    validateContentHandling(body.contentHandlingStrategy);
    const ir = clean({
      ...pick(body, [
        'contentHandlingStrategy',
        'responseParameters',
        'responseTemplates',
        'templateSelectionExpression',
      ]),
      integrationResponseId: this.ctx.newId(6),
      integrationResponseKey: key,
    });
    responses.set(ir.integrationResponseId, ir);
    this.changed(rec);
    return { status: 201, body: clone(ir) };
  }

  private integrationResponse(rec: ApiRecord, p: Params): Json {
    const ir = this.integration(rec, p).responses.get(p.integrationResponseId!);
    if (!ir) throw notFound(`Invalid IntegrationResponse identifier specified ${p.integrationResponseId}`);
    return ir;
  }

  // ---- authorizers --------------------------------------------------------------------------------------------

  private createAuthorizer(rec: ApiRecord, body: Json): ServiceResponse {
    if (rec.authorizers.size >= 10) throw badRequest('Maximum number of authorizers (10) for this API reached');
    const au: Json = clean({ ...pick(body, AUTHORIZER_FIELDS), authorizerId: body.authorizerId ?? this.ctx.newId(6) });
    if (
      au.authorizerType === 'REQUEST' &&
      rec.api.protocolType === 'HTTP' &&
      au.authorizerResultTtlInSeconds === undefined
    )
      au.authorizerResultTtlInSeconds = 0;
    this.validateAuthorizer(rec, au);
    rec.authorizers.set(au.authorizerId, au);
    this.changed(rec);
    return { status: 201, body: clone(au) };
  }

  private validateAuthorizer(rec: ApiRecord, au: Json): void {
    requireString(au, 'name');
    const type = requireString(au, 'authorizerType');
    const http = rec.api.protocolType === 'HTTP';
    if (!(http ? ['REQUEST', 'JWT'] : ['REQUEST']).includes(type)) throw badRequest(`Invalid authorizerType ${type}`);
    if (!http && au.authorizerResultTtlInSeconds !== undefined)
      throw badRequest('AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.');
    if (type === 'JWT') {
      if (!au.jwtConfiguration?.issuer) throw badRequest('jwtConfiguration.issuer is required for JWT authorizers');
      if (!Array.isArray(au.identitySource) || au.identitySource.length !== 1)
        throw badRequest('JWT authorizers take exactly one identitySource');
    } else {
      if (!au.authorizerUri) throw badRequest('authorizerUri is required for REQUEST authorizers');
      if (http && !au.authorizerPayloadFormatVersion)
        throw badRequest('authorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs');
    }
  }

  private authorizer(rec: ApiRecord, p: Params): Json {
    const au = rec.authorizers.get(p.authorizerId!);
    if (!au) throw notFound(`Invalid Authorizer identifier specified ${p.authorizerId}`);
    return au;
  }

  // ---- stages and deployments ---------------------------------------------------------------------------------

  private createStage(rec: ApiRecord, body: Json): ServiceResponse {
    const stageName = requireString(body, 'stageName');
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(stageName) && stageName !== '$default') {
      throw badRequest(`Invalid stage name ${stageName}: use letters, digits, hyphens and underscores (or $default)`);
    }
    if (rec.stages.has(stageName)) throw conflict(`Stage ${stageName} already exists`);
    if (rec.stages.size >= 10) throw badRequest('Maximum number of stages (10) for this API reached');
    if (body.deploymentId !== undefined && !rec.deployments.has(body.deploymentId))
      throw badRequest(`Invalid deployment identifier specified ${body.deploymentId}`);
    const now = this.iso();
    const stage = clean({
      accessLogSettings: body.accessLogSettings,
      autoDeploy: body.autoDeploy ?? false,
      clientCertificateId: body.clientCertificateId,
      createdDate: body.createdDate ?? now,
      defaultRouteSettings: {
        detailedMetricsEnabled: false,
        ...(rec.api.protocolType === 'WEBSOCKET' ? { dataTraceEnabled: false, loggingLevel: 'OFF' } : {}),
        ...body.defaultRouteSettings,
      },
      deploymentId: body.deploymentId,
      description: body.description,
      lastUpdatedDate: body.lastUpdatedDate ?? now,
      routeSettings: body.routeSettings ?? {},
      stageName,
      stageVariables: body.stageVariables,
      tags: validTags(body.tags ?? {}),
    });
    validateStageVariables(stage.stageVariables);
    rec.stages.set(stageName, stage);
    if (stage.autoDeploy) this.autoDeploy(rec, [stage]);
    return { status: 201, body: clone(stage) };
  }

  private updateStage(rec: ApiRecord, p: Params, body: Json): ServiceResponse {
    const stage = this.stage(rec, p);
    const next = clone(stage);
    for (const k of ['accessLogSettings', 'autoDeploy', 'clientCertificateId', 'description', 'defaultRouteSettings']) {
      if (body[k] !== undefined) next[k] = body[k];
    }
    // Maps merge key by key (DeleteRouteSettings removes one); an empty stage variable value removes the variable.
    if (body.routeSettings) next.routeSettings = { ...next.routeSettings, ...body.routeSettings };
    if (body.stageVariables) {
      const vars = { ...next.stageVariables, ...body.stageVariables };
      for (const [k, v] of Object.entries(vars)) if (v === '') delete vars[k];
      next.stageVariables = vars;
    }
    validateStageVariables(next.stageVariables);
    if (body.deploymentId !== undefined) {
      if (stage.apiGatewayManaged) throw managedStage(stage, 'have its deployment set');
      if (next.autoDeploy)
        throw badRequest(
          `Stage ${stage.stageName} has autoDeploy enabled: its deployment cannot be set; turn autoDeploy off first`,
        );
      if (!rec.deployments.has(body.deploymentId))
        throw badRequest(`Invalid deployment identifier specified ${body.deploymentId}`);
      next.deploymentId = body.deploymentId;
    }
    next.lastUpdatedDate = this.iso();
    const turnedOn = next.autoDeploy && !stage.autoDeploy;
    for (const k of Object.keys(stage)) delete stage[k];
    Object.assign(stage, next);
    if (turnedOn) this.autoDeploy(rec, [stage]);
    return ok(clone(stage));
  }

  private stage(rec: ApiRecord, p: Params): Json {
    const s = rec.stages.get(p.stageName!);
    if (!s) throw notFound(`Invalid stage identifier specified ${p.stageName}`);
    return s;
  }

  private createDeployment(rec: ApiRecord, body: Json): ServiceResponse {
    let stage: Json | undefined;
    if (body.stageName !== undefined) {
      stage = rec.stages.get(body.stageName);
      if (!stage) throw notFound(`Invalid stage identifier specified ${body.stageName}`);
      if (stage.apiGatewayManaged) throw managedStage(stage, 'be deployed to');
      if (stage.autoDeploy)
        throw badRequest(`Stage ${body.stageName} has autoDeploy enabled: deployments are created automatically`);
    }
    if (rec.routes.size === 0) throw badRequest('At least one route is required before deploying the Api.');
    const d = this.newDeployment(rec, { description: body.description, autoDeployed: false });
    if (stage) {
      stage.deploymentId = d.deploymentId;
      stage.lastUpdatedDate = this.iso();
      stage.lastDeploymentStatusMessage = `Successfully deployed stage with deployment ID '${d.deploymentId}'`;
    }
    return { status: 201, body: clone(d) };
  }

  private newDeployment(rec: ApiRecord, o: { description?: string; autoDeployed: boolean }): Json {
    const d = clean({
      autoDeployed: o.autoDeployed,
      createdDate: this.iso(),
      deploymentId: this.ctx.newId(6),
      deploymentStatus: 'DEPLOYED',
      description: o.description,
    });
    rec.deployments.set(d.deploymentId, d);
    return d;
  }

  /** Any change to an API's routes, integrations or authorizers redeploys its auto-deploying stages. */
  private changed(rec: ApiRecord): void {
    this.autoDeploy(
      rec,
      [...rec.stages.values()].filter((s) => s.autoDeploy),
    );
  }

  private autoDeploy(rec: ApiRecord, stages: Json[]): void {
    for (const stage of stages) {
      if (rec.routes.size === 0) {
        stage.lastDeploymentStatusMessage =
          'Deployment attempt failed: Unable to deploy API because no routes exist in this API';
        continue;
      }
      const d = this.newDeployment(rec, {
        description: 'Automatic deployment triggered by changes to the Api configuration',
        autoDeployed: true,
      });
      stage.deploymentId = d.deploymentId;
      stage.lastDeploymentStatusMessage = `Successfully deployed stage with deployment ID '${d.deploymentId}'`;
      stage.lastUpdatedDate = this.iso();
    }
  }

  private deployment(rec: ApiRecord, p: Params): Json {
    const d = rec.deployments.get(p.deploymentId!);
    if (!d) throw notFound(`Invalid Deployment identifier specified ${p.deploymentId}`);
    return d;
  }

  // ---- VPC links, domain names, API mappings ------------------------------------------------------------------

  private createVpcLink(q: ServiceRequest, st: RegionState): ServiceResponse {
    const b = q.body;
    const name = requireString(b, 'name');
    if (!Array.isArray(b.subnetIds) || b.subnetIds.length === 0) throw badRequest('subnetIds is required');
    if (b.subnetIds.length > 10) throw badRequest('A VPC link takes at most 10 subnets');
    if (st.vpcLinks.size >= 10) throw badRequest('Maximum number of VPC links (10) for this account reached');
    const link = clean({
      createdDate: this.iso(),
      name,
      securityGroupIds: b.securityGroupIds ?? [],
      subnetIds: b.subnetIds,
      tags: validTags(b.tags ?? {}),
      vpcLinkId: b.vpcLinkId ?? this.ctx.newId(6),
      vpcLinkStatus: 'AVAILABLE',
      vpcLinkStatusMessage: 'VPC link is ready to route traffic',
      vpcLinkVersion: 'V2',
    });
    st.vpcLinks.set(link.vpcLinkId, link);
    return { status: 201, body: clone(link) };
  }

  private vpcLink(st: RegionState, p: Params): Json {
    const v = st.vpcLinks.get(p.vpcLinkId!);
    if (!v) throw notFound(`Invalid VpcLink identifier specified ${p.vpcLinkId}`);
    return v;
  }

  private createDomainName(q: ServiceRequest, st: RegionState): ServiceResponse {
    const domainName = requireString(q.body, 'domainName');
    if (st.domainNames.has(domainName)) throw conflict(`The domain name ${domainName} already exists`);
    const domain = clean({
      apiMappingSelectionExpression: '$request.basepath',
      domainName,
      domainNameArn: `arn:aws:apigateway:${q.region}::/domainnames/${domainName}`,
      domainNameConfigurations: this.domainConfigs(q.body.domainNameConfigurations ?? [{}], q.region),
      mutualTlsAuthentication: q.body.mutualTlsAuthentication,
      routingMode: q.body.routingMode ?? 'API_MAPPING_ONLY',
      tags: validTags(q.body.tags ?? {}),
    });
    st.domainNames.set(domainName, { domain, mappings: new Map() });
    return { status: 201, body: clone(domain) };
  }

  private domainConfigs(configs: Json[], region: string): Json[] {
    return configs.map((c) =>
      clean({
        apiGatewayDomainName: c.apiGatewayDomainName ?? `d-${this.ctx.newId(10)}.execute-api.${region}.amazonaws.com`,
        certificateArn: c.certificateArn,
        certificateName: c.certificateName,
        domainNameStatus: 'AVAILABLE',
        endpointType: c.endpointType ?? 'REGIONAL',
        hostedZoneId: 'Z1UJRXOUMOOFQ8',
        ipAddressType: c.ipAddressType ?? 'ipv4',
        securityPolicy: c.securityPolicy ?? 'TLS_1_2',
      }),
    );
  }

  private domainName(st: RegionState, p: Params) {
    const d = st.domainNames.get(p.domainName!);
    if (!d) throw notFound(`Invalid domain name identifier specified ${p.domainName}`);
    return d;
  }

  private createApiMapping(st: RegionState, p: Params, body: Json): ServiceResponse {
    const { mappings } = this.domainName(st, p);
    const m = clean({
      apiId: body.apiId,
      apiMappingId: this.ctx.newId(6),
      apiMappingKey: body.apiMappingKey ?? '',
      stage: body.stage,
    });
    this.validateMapping(st, p.domainName!, m, undefined);
    mappings.set(m.apiMappingId, m);
    return { status: 201, body: clone(m) };
  }

  private validateMapping(st: RegionState, domainName: string, m: Json, selfId: string | undefined): void {
    requireString(m, 'apiId');
    requireString(m, 'stage');
    const api = st.apis.get(m.apiId);
    if (!api) throw badRequest(`Invalid API identifier specified ${m.apiId}`);
    if (!api.stages.has(m.stage)) throw badRequest(`Invalid stage identifier specified ${m.stage}`);
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html (and websocket-api-mappings)
    const key = String(m.apiMappingKey ?? '');
    const ws = api.api.protocolType === 'WEBSOCKET';
    if (key.length > 300 || !(ws ? /^[A-Za-z0-9$\-_.+!*'()]*$/ : /^[A-Za-z0-9$\-_.+!*'()/]*$/).test(key))
      throw badRequest(`Invalid API mapping key ${key}`);
    const domain = st.domainNames.get(domainName)!.domain;
    if (!ws && domain.domainNameConfigurations?.[0]?.securityPolicy === 'TLS_1_0')
      throw badRequest('HTTP APIs can only be mapped to a domain name with the TLS 1.2 security policy');
    for (const other of st.domainNames.get(domainName)!.mappings.values()) {
      if (other.apiMappingId !== selfId && other.apiMappingKey === m.apiMappingKey) {
        throw conflict(`An API mapping with key '${m.apiMappingKey}' already exists for ${domainName}`);
      }
    }
  }

  private apiMapping(st: RegionState, p: Params): Json {
    const m = this.domainName(st, p).mappings.get(p.apiMappingId!);
    if (!m) throw notFound(`Invalid API mapping identifier specified ${p.apiMappingId}`);
    return m;
  }

  // ---- tags ---------------------------------------------------------------------------------------------------

  /** The resource an ARN names: an API, a stage, a VPC link or a domain name. */
  private taggable(st: RegionState, arn: string): Json {
    const m =
      /^arn:aws[\w-]*:apigateway:[\w-]+::\/(apis\/(\w+)(?:\/stages\/([^/]+))?|vpclinks\/(\w+)|domainnames\/([^/]+))$/.exec(
        arn,
      );
    if (!m) throw badRequest(`Invalid resource ARN ${arn}`);
    if (m[2]) {
      const rec = st.apis.get(m[2]);
      if (!rec) throw notFound(`Invalid API identifier specified ${m[2]}`);
      if (!m[3]) return rec.api;
      const stage = rec.stages.get(m[3]);
      if (!stage) throw notFound(`Invalid stage identifier specified ${m[3]}`);
      return stage;
    }
    if (m[4]) {
      const v = st.vpcLinks.get(m[4]);
      if (!v) throw notFound(`Invalid VpcLink identifier specified ${m[4]}`);
      return v;
    }
    const d = st.domainNames.get(m[5]!);
    if (!d) throw notFound(`Invalid domain name identifier specified ${m[5]}`);
    return d.domain;
  }

  // ---- pagination ---------------------------------------------------------------------------------------------

  private page(q: ServiceRequest, items: Json[]): ServiceResponse {
    const raw = q.query.get('maxResults');
    let size = this.ctx.defaultPageSize();
    if (raw !== null) {
      size = Number(raw);
      if (!/^\d+$/.test(raw) || size < 1 || size > 500)
        throw badRequest(`Invalid maxResults ${raw}: use a number from 1 to 500`);
    }
    const start = decodeToken<number>(q.query.get('nextToken'), () => badRequest('Invalid pagination token')) ?? 0;
    if (typeof start !== 'number' || start < 0) throw badRequest('Invalid pagination token');
    const slice = items.slice(start, start + size);
    return ok(clean({ items: slice, nextToken: start + size < items.length ? encodeToken(start + size) : undefined }));
  }

  private iso(): string {
    return this.ctx
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
}

const AUTHORIZER_FIELDS = [
  'authorizerCredentialsArn',
  'authorizerPayloadFormatVersion',
  'authorizerResultTtlInSeconds',
  'authorizerType',
  'authorizerUri',
  'enableSimpleResponses',
  'identitySource',
  'identityValidationExpression',
  'jwtConfiguration',
  'name',
];

function ok(body: Json): ServiceResponse {
  return { status: 200, body };
}

function noContent(): ServiceResponse {
  return { status: 204 };
}

function pick(body: Json, keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

function requireString(body: Json, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.length === 0) throw badRequest(`${key} is required`);
  return v;
}

export function isHttpRouteKey(key: unknown): boolean {
  if (key === '$default') return true;
  if (typeof key !== 'string') return false;
  const m = /^([A-Z]+) (\/\S*)$/.exec(key);
  if (!m || !HTTP_METHODS.includes(m[1]!)) return false;
  const segments = m[2]!.split('/').slice(1);
  return segments.every((s, i) => !/\{[^}]*\+\}/.test(s) || (i === segments.length - 1 && /^\{\w+\+\}$/.test(s)));
}

/** The models a route and its route responses name. */
function modelNames(entry: { route: Json; responses: Map<string, Json> }): string[] {
  return [
    ...Object.values((entry.route.requestModels ?? {}) as Record<string, string>),
    ...[...entry.responses.values()].flatMap((r) => Object.values((r.responseModels ?? {}) as Record<string, string>)),
  ];
}

/**
 * The $default stage of a quick-created API is API Gateway's: the API Reference (Stage, ApiGatewayManaged) says
 * "You can't modify the $default stage". CloudFormation's ApiGatewayManagedOverrides (StageOverrides) can still set its
 * access logs, auto-deploy, route settings, description and stage variables, so UpdateStage takes those; its
 * deployment and its existence stay AWS's. AWS documents no message for the refusal: this one says why.
 */
function managedStage(stage: Json, what: string): AwsError {
  return badRequest(
    `Stage ${stage.stageName} is managed by API Gateway (the API was made by quick create) and cannot ${what}`,
  );
}

/** ContentHandlingStrategy (integrations and integration responses): one of two values, none that clears it. */
function validateContentHandling(v: unknown): void {
  if (v !== undefined && !CONTENT_HANDLING.includes(v as string))
    throw badRequest(`Invalid contentHandlingStrategy ${JSON.stringify(v)}: use ${CONTENT_HANDLING.join(' or ')}`);
}

function validTags(tags: unknown): Record<string, string> {
  if (tags === null || typeof tags !== 'object') throw badRequest('tags must be a map of strings');
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string' || k.length === 0 || k.length > 128 || v.length > 256)
      throw badRequest(`Invalid tag ${k}`);
  }
  return withinTagLimit({ ...(tags as Record<string, string>) });
}

/**
 * API Gateway quotas: at most 50 tags per resource, counting those it has (TagResource adds to them) but not AWS's
 * own `aws:` tags (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html).
 */
function withinTagLimit(tags: Record<string, string>): Record<string, string> {
  if (Object.keys(tags).filter((k) => !/^aws:/i.test(k)).length > 50)
    throw badRequest('A resource can have at most 50 tags');
  return tags;
}

/** CreateApi and UpdateApi: Version is a string of 1 to 64 characters (API Gateway v2 API Reference), so '' cannot clear it. */
function validateVersion(version: unknown): void {
  if (version === undefined) return;
  if (typeof version !== 'string' || version.length < 1 || version.length > 64)
    throw badRequest('Invalid version: it must be between 1 and 64 characters long');
}

function validateStageVariables(vars: unknown): void {
  if (vars === undefined) return;
  const entries = Object.entries(vars as Json);
  if (entries.length > 100) throw badRequest('A stage takes at most 100 stage variables');
  for (const [k, v] of entries) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(k)) throw badRequest(`Invalid stage variable name ${k}`);
    if (typeof v !== 'string' || v.length > 512) throw badRequest(`Invalid value for stage variable ${k}`);
  }
}

export { AwsError };
