// ExportApi (GET /v2/apis/{apiId}/exports/{specification}): the OpenAPI 3.0 document AWS writes for an HTTP API from
// its state, as the developer guide shows it ("Exporting an HTTP API", the extension pages) and as exports of real
// APIs look: info.version from the API's version (else its creation time), a server with a basePath variable, a
// default response per operation, generated path parameters, each integration written out under every operation
// that uses it (lower-case type, the URI as stored, connectionType always), JWT authorizers as oauth2 schemes with
// empty flows, Lambda authorizers as apiKey schemes, IAM as the `sigv4` scheme, tags with their values, CORS, and
// x-amazon-apigateway-importexport-version 1.0. It is written independently of src/core/openapi on purpose: the
// import is tested against what AWS writes, not against the workbench's own export.
import { stringify } from 'yaml';
import { badRequest, clean, notFound, type Json } from './common';
import type { ApiRecord } from './apigw';

export interface ExportRequest {
  specification: string;
  outputType: string | null;
  stageName: string | null;
  includeExtensions: string | null;
  exportVersion: string | null;
}

export function exportApi(rec: ApiRecord, q: ExportRequest): { text: string; contentType: string } {
  if (q.specification !== 'OAS30') throw badRequest(`Invalid specification ${q.specification}: OAS30 is the only one`);
  if (q.outputType !== 'JSON' && q.outputType !== 'YAML')
    throw badRequest(`Invalid outputType ${q.outputType ?? '(none)'}: use JSON or YAML`);
  if (q.exportVersion !== null && q.exportVersion !== '1.0')
    throw badRequest(`Invalid exportVersion ${q.exportVersion}: 1.0 is the only one`);
  if (rec.api.protocolType !== 'HTTP') throw badRequest('Export is supported only for HTTP APIs');
  if (q.stageName !== null && !rec.stages.has(q.stageName))
    throw notFound(`Invalid stage identifier specified ${q.stageName}`);
  if (rec.routes.size === 0) throw badRequest('Unable to export an API that has no routes');
  const doc = exportDocument(rec, q.stageName, q.includeExtensions !== 'false');
  return q.outputType === 'JSON'
    ? { text: JSON.stringify(doc, null, 2), contentType: 'application/json' }
    : { text: stringify(doc, { lineWidth: 0 }), contentType: 'application/yaml' };
}

function exportDocument(rec: ApiRecord, stageName: string | null, extensions: boolean): Json {
  const a = rec.api;
  const config = clean({
    disableExecuteApiEndpoint: a.disableExecuteApiEndpoint ? true : undefined,
    ipAddressType: a.ipAddressType === 'dualstack' ? 'dualstack' : undefined,
  });
  const server: Json = {
    url: `${a.apiEndpoint}/{basePath}`,
    variables: { basePath: { default: stageName === null || stageName === '$default' ? '' : stageName } },
    ...(extensions && Object.keys(config).length ? { 'x-amazon-apigateway-endpoint-configuration': config } : {}),
  };
  const doc: Json = {
    openapi: '3.0.1',
    info: clean({ title: a.name, description: a.description, version: a.version ?? versionOf(a.createdDate) }),
    servers: [server],
  };
  const tags = Object.entries((a.tags ?? {}) as Record<string, string>).map(([name, value]) =>
    extensions ? { name, 'x-amazon-apigateway-tag-value': value } : { name },
  );
  if (tags.length) doc.tags = tags;
  doc.paths = pathsOf(rec, extensions);
  const schemes = securitySchemes(rec, extensions);
  if (Object.keys(schemes).length) doc.components = { securitySchemes: schemes };
  if (extensions && a.corsConfiguration) doc['x-amazon-apigateway-cors'] = cors(a.corsConfiguration);
  if (extensions) doc['x-amazon-apigateway-importexport-version'] = '1.0';
  return doc;
}

/** `2024-05-01 10:20:30UTC`, the form of an export's info.version when the API has no version. */
function versionOf(createdDate: string | undefined): string {
  return `${(createdDate ?? new Date(0).toISOString()).slice(0, 19).replace('T', ' ')}UTC`;
}

function pathsOf(rec: ApiRecord, extensions: boolean): Json {
  const paths: Record<string, Json> = {};
  const routes = [...rec.routes.values()]
    .map((x) => x.route)
    .sort((x, y) => String(x.routeKey).localeCompare(y.routeKey));
  for (const route of routes) {
    const isDefault = route.routeKey === '$default';
    const [method, path] = isDefault ? ['ANY', '/$default'] : (route.routeKey as string).split(' ', 2);
    const item = (paths[path!] ??= {});
    const op: Json = clean({
      operationId: route.operationName,
      isDefaultRoute: isDefault && extensions ? true : undefined,
      responses: { default: { description: `Default response for ${route.routeKey}` } },
      security: security(rec, route),
    });
    const target = /^integrations\/(\w+)$/.exec(route.target ?? '')?.[1];
    const integration = target ? rec.integrations.get(target)?.integration : undefined;
    if (integration && extensions) op['x-amazon-apigateway-integration'] = integrationOf(integration);
    delete item.parameters;
    item[method === 'ANY' ? 'x-amazon-apigateway-any-method' : method!.toLowerCase()] = op;
    const params = [...path!.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      description: `Generated path parameter for ${m[1]}`,
      required: true,
      schema: { type: 'string' },
    }));
    if (params.length) item.parameters = params;
  }
  return paths;
}

function security(rec: ApiRecord, route: Json): Json[] | undefined {
  if (route.authorizationType === 'AWS_IAM') return [{ sigv4: [] }];
  const au = route.authorizerId ? rec.authorizers.get(route.authorizerId) : undefined;
  if (!au || (route.authorizationType !== 'JWT' && route.authorizationType !== 'CUSTOM')) return undefined;
  return [{ [au.name]: route.authorizationType === 'JWT' ? (route.authorizationScopes ?? []) : [] }];
}

function integrationOf(i: Json): Json {
  return clean({
    payloadFormatVersion: i.payloadFormatVersion,
    type: String(i.integrationType).toLowerCase(),
    integrationSubtype: i.integrationSubtype,
    httpMethod: i.integrationMethod,
    uri: i.integrationUri,
    connectionType: i.connectionType ?? 'INTERNET',
    connectionId: i.connectionId,
    credentials: i.credentialsArn,
    requestParameters: i.requestParameters,
    responseParameters: i.responseParameters,
    timeoutInMillis: i.timeoutInMillis === 30000 ? undefined : i.timeoutInMillis,
    tlsConfig: i.tlsConfig,
  });
}

function securitySchemes(rec: ApiRecord, extensions: boolean): Json {
  const out: Json = {};
  for (const au of rec.authorizers.values()) {
    const ext = (x: Json) => (extensions ? { 'x-amazon-apigateway-authorizer': x } : {});
    const source = (au.identitySource ?? []) as string[];
    if (au.authorizerType === 'JWT') {
      out[au.name] = {
        type: 'oauth2',
        flows: {},
        ...ext({ identitySource: source.join(', '), jwtConfiguration: au.jwtConfiguration, type: 'jwt' }),
      };
      continue;
    }
    const header = /^\$request\.(header|querystring)\.(.+)$/.exec(source[0] ?? '');
    out[au.name] = {
      type: 'apiKey',
      name: header?.[2] ?? 'Unused',
      in: header?.[1] === 'querystring' ? 'query' : 'header',
      ...ext(
        clean({
          identitySource: source.length ? source.join(', ') : undefined,
          authorizerUri: au.authorizerUri,
          authorizerCredentials: au.authorizerCredentialsArn,
          authorizerPayloadFormatVersion: au.authorizerPayloadFormatVersion,
          authorizerResultTtlInSeconds: au.authorizerResultTtlInSeconds,
          type: 'request',
          enableSimpleResponses: au.enableSimpleResponses ?? false,
        }),
      ),
    };
  }
  if ([...rec.routes.values()].some((x) => x.route.authorizationType === 'AWS_IAM'))
    out.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  return out;
}

function cors(c: Json): Json {
  return clean({
    allowMethods: c.allowMethods,
    allowHeaders: c.allowHeaders,
    exposeHeaders: c.exposeHeaders,
    maxAge: c.maxAge,
    allowCredentials: c.allowCredentials,
    allowOrigins: c.allowOrigins,
  });
}
