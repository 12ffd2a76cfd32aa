// exportOpenApi(): a gateway spec of an HTTP API → an OpenAPI 3.0 document that AWS's ImportApi accepts, in the
// shape AWS's own ExportApi writes (x-amazon-apigateway-importexport-version 1.0: a server with a basePath, a
// default response per operation, generated path parameters, lower-case integration types). Integrations are
// written once under components.x-amazon-apigateway-integrations by their spec names and referenced by the
// operations (AWS documents this form for HTTP APIs), so names survive an import; `integrations: 'inline'` writes
// them under each operation exactly as ExportApi does. What OpenAPI cannot carry is reported, never dropped silently.
import { stringify } from 'yaml';
import { WorkbenchError } from '../errors';
import { authorizationType, type GatewaySpec, type Route } from '../gatewaySpec';
import { DiagnosticList, type OpenApiDiagnostic } from './diagnostics';
import { exportAuthorizers, IAM_SCHEME } from './exportAuthorizers';
import { exportIntegration } from './exportIntegrations';
import { EXT, IMPORT_EXPORT_VERSION } from './extensions';
import type { AwsPlaceholders, Json } from './values';

export interface ExportOptions extends AwsPlaceholders {
  format: 'json' | 'yaml';
  /** The stage the server's basePath names (as ExportApi's stageName); it must be one of the spec's stages. */
  stage?: string;
  /** VPC link ids by spec name, for private integrations' connectionId (ImportApi needs the id). */
  vpcLinkIds?: Record<string, string>;
  /** `components` (default): each integration once, by name; `inline`: under every operation, as ExportApi writes. */
  integrations?: 'components' | 'inline';
}

export interface ExportResult {
  text: string;
  /** The same document as data. */
  document: Json;
  /** What the spec holds that OpenAPI cannot carry, and values to replace before ImportApi; pointers into the spec. */
  diagnostics: OpenApiDiagnostic[];
}

export function exportOpenApi(spec: GatewaySpec, options: ExportOptions): ExportResult {
  if (spec.api.protocol !== 'HTTP')
    throw new WorkbenchError(
      'Unsupported',
      `${spec.api.name} is a WebSocket API: OpenAPI describes HTTP APIs only, and API Gateway imports and exports OpenAPI for HTTP APIs only.`,
      { hint: 'Keep the gateway spec as the description of a WebSocket API; export HTTP API specs to OpenAPI.' },
    );
  if (options.stage !== undefined && !spec.stages?.[options.stage]) {
    const names = Object.keys(spec.stages ?? {});
    throw new WorkbenchError(
      'InvalidArgument',
      `Stage ${options.stage} is not in the spec${names.length ? ` (its stages: ${names.join(', ')})` : ''}.`,
      {
        hint: names.length ? `Export one of ${names.join(', ')}, or no stage.` : 'Export without a stage.',
      },
    );
  }
  const diags = new DiagnosticList();
  const document = buildDocument(spec, options, diags);
  reportNotCarried(spec, options, diags);
  // Operations share their integration objects: YAML writes each out in full, as ExportApi does, never an alias.
  const text =
    options.format === 'json'
      ? `${JSON.stringify(document, null, 2)}\n`
      : stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
  return { text, document, diagnostics: diags.items };
}

function buildDocument(spec: GatewaySpec, o: ExportOptions, diags: DiagnosticList): Json {
  const a = spec.api;
  const doc: Json = {
    openapi: '3.0.1',
    info: { title: a.name, ...(a.description ? { description: a.description } : {}), version: a.version ?? '1.0' },
    servers: [serverOf(spec, o)],
  };
  const tags = Object.entries(a.tags ?? {}).map(([name, value]) => ({ name, [EXT.tagValue]: value }));
  if (tags.length) doc.tags = tags;
  const { schemes, iam } = exportAuthorizers(spec, o);
  const integrations: Json = {};
  for (const [name, i] of Object.entries(spec.integrations ?? {}))
    integrations[name] = exportIntegration(spec, name, i, o, diags);
  doc.paths = pathsOf(spec, o, integrations, iam, diags);
  const components: Json = {};
  if (Object.keys(schemes).length) components.securitySchemes = schemes;
  if (o.integrations !== 'inline' && Object.keys(integrations).length) components[EXT.integrations] = integrations;
  if (Object.keys(components).length) doc.components = components;
  if (a.cors) doc[EXT.cors] = a.cors;
  doc[EXT.importExportVersion] = IMPORT_EXPORT_VERSION;
  return doc;
}

function serverOf(spec: GatewaySpec, o: ExportOptions): Json {
  const basePath = o.stage === undefined || o.stage === '$default' ? '' : o.stage;
  const config: Json = {};
  if (spec.api.disableExecuteApiEndpoint) config.disableExecuteApiEndpoint = true;
  if (spec.api.ipAddressType === 'dualstack') config.ipAddressType = 'dualstack';
  return {
    url: '/{basePath}',
    variables: { basePath: { default: basePath } },
    ...(Object.keys(config).length ? { [EXT.endpointConfiguration]: config } : {}),
  };
}

const METHOD_KEYS: Record<string, string> = {
  GET: 'get',
  PUT: 'put',
  POST: 'post',
  DELETE: 'delete',
  OPTIONS: 'options',
  HEAD: 'head',
  PATCH: 'patch',
  ANY: EXT.anyMethod,
};

function pathsOf(spec: GatewaySpec, o: ExportOptions, integrations: Json, iam: string, diags: DiagnosticList): Json {
  const paths: Record<string, Json> = {};
  const operationIds = new Map<string, string>();
  for (const [key, route] of Object.entries(spec.routes ?? {})) {
    const isDefault = key === '$default';
    const [method, path] = isDefault ? ['ANY', '/$default'] : (key.split(' ', 2) as [string, string]);
    const item = (paths[path] ??= {});
    const op = operationOf(spec, key, route, o, integrations, iam);
    if (isDefault) op.isDefaultRoute = true;
    delete item.parameters; // AWS's export writes the path parameters after the operations
    item[METHOD_KEYS[method] ?? method.toLowerCase()] = op;
    const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (params.length) item.parameters = params.map(pathParameter);
    if (route.operationName) {
      const prior = operationIds.get(route.operationName);
      if (prior)
        diags.add(
          'OAS501',
          ['routes', key, 'operationName'],
          `The operation name ${route.operationName} is also ${prior}'s; OpenAPI wants operationIds unique.`,
        );
      operationIds.set(route.operationName, key);
    }
  }
  return paths;
}

function pathParameter(name: string): Json {
  return {
    name,
    in: 'path',
    description: `Generated path parameter for ${name}`,
    required: true,
    schema: { type: 'string' },
  };
}

function operationOf(
  spec: GatewaySpec,
  key: string,
  route: Route,
  o: ExportOptions,
  integrations: Json,
  iam: string,
): Json {
  const op: Json = {};
  if (route.operationName) op.operationId = route.operationName;
  op.responses = { default: { description: `Default response for ${key}` } };
  const type = authorizationType(spec, route);
  if (type === 'AWS_IAM') op.security = [{ [iam]: [] }];
  else if ((type === 'JWT' || type === 'CUSTOM') && route.authorizer)
    op.security = [{ [route.authorizer]: type === 'JWT' ? (route.authorizationScopes ?? []) : [] }];
  if (route.integration && integrations[route.integration] !== undefined)
    op[EXT.integration] =
      o.integrations === 'inline'
        ? integrations[route.integration]
        : { $ref: `#/components/${EXT.integrations}/${route.integration.replace(/~/g, '~0').replace(/\//g, '~1')}` };
  return op;
}

/** What the spec holds that has no place in OpenAPI (docs/OPENAPI.md lists it). */
function reportNotCarried(spec: GatewaySpec, o: ExportOptions, diags: DiagnosticList): void {
  if (spec.api.version === undefined)
    diags.add(
      'OAS500',
      ['api', 'version'],
      'The spec has no api.version: info.version, which OpenAPI requires, is written as "1.0", and an import (this one, or AWS\'s ImportApi) makes that the API\'s version.',
    );
  for (const name of Object.keys(spec.stages ?? {}))
    diags.add(
      'OAS500',
      ['stages', name],
      `Stage ${name}: stages (variables, access logs, throttling, auto-deploy, protection) are not part of OpenAPI.`,
    );
  for (const [key, r] of Object.entries(spec.routes ?? {}))
    if (r.throttling)
      diags.add(
        'OAS500',
        ['routes', key, 'throttling'],
        `Route ${key}: throttling belongs to stages, which OpenAPI does not describe.`,
      );
  for (const [name, i] of Object.entries(spec.integrations ?? {}))
    if (i.description)
      diags.add(
        'OAS500',
        ['integrations', name, 'description'],
        `Integration ${name}: API Gateway's integration object has no description.`,
      );
  for (const name of Object.keys(spec.vpcLinks ?? {}))
    diags.add(
      'OAS500',
      ['vpcLinks', name],
      `VPC link ${name}: OpenAPI names a VPC link by its id in connectionId; its subnets and security groups are not carried.`,
    );
  for (const name of Object.keys(spec.domains ?? {}))
    diags.add('OAS500', ['domains', name], `Domain ${name}: custom domains and API mappings are not part of OpenAPI.`);
  if (o.integrations === 'inline') {
    const used = new Set(Object.values(spec.routes ?? {}).map((r) => r.integration));
    const unused = Object.keys(spec.integrations ?? {}).filter((n) => !used.has(n));
    diags.add(
      'OAS500',
      ['integrations'],
      `Inline integrations carry no names${unused.length ? `, and ${unused.join(', ')} (used by no route) ${unused.length === 1 ? 'is' : 'are'} left out` : ''}.`,
    );
  }
}

export { IAM_SCHEME };
