// The API's own settings from an OpenAPI document: name and description (info), tags (root `tags` with
// x-amazon-apigateway-tag-value), CORS (x-amazon-apigateway-cors), the default endpoint and IP address type
// (x-amazon-apigateway-endpoint-configuration on a server), and what the root holds that HTTP APIs do not use.
import { didYouMean } from '../gatewaySpec';
import type { ApiSettings, Cors, HttpMethod } from '../gatewaySpec';
import { SPEC_TAG } from '../deploy/canonical';
import { CORS_FIELDS, EXT, IMPORT_EXPORT_VERSION, OPERATION_METHODS, REST_ONLY_ROOT } from './extensions';
import { recordOrigin, type ImportContext } from './importContext';
import { integerOf, isObject, type Json } from './values';

const RESERVED_TAG = /^(apigw:|aws:)/;

export function readApiSettings(ctx: ImportContext): ApiSettings {
  const { doc } = ctx;
  const info = isObject(doc.info) ? doc.info : {};
  const tags = readTags(ctx);
  const api: ApiSettings = { name: apiName(ctx, info, tags.specName), protocol: 'HTTP' };
  recordOrigin(ctx, ['api', 'name'], ['info', 'title']);
  if (typeof info.description === 'string' && info.description) {
    api.description = info.description;
    recordOrigin(ctx, ['api', 'description'], ['info', 'description']);
  }
  const version = readVersion(ctx, info.version);
  if (version !== undefined) {
    api.version = version;
    recordOrigin(ctx, ['api', 'version'], ['info', 'version']);
  }
  Object.assign(api, readEndpointConfiguration(ctx));
  const cors = readCors(ctx);
  if (cors) api.cors = cors;
  if (Object.keys(tags.tags).length) api.tags = tags.tags;
  checkRoot(ctx);
  return api;
}

/**
 * info.version is the API's Version, as ImportApi sets it. ExportApi writes an API without a version as its
 * creation time (`2024-05-01 10:20:30UTC`): that form is no version of the author's, and is not imported.
 */
function readVersion(ctx: ImportContext, version: unknown): string | undefined {
  if (typeof version !== 'string' || !version.trim()) return undefined;
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dUTC$/.test(version)) return version;
  ctx.diags.add(
    'OAS400',
    ['info', 'version'],
    `info.version "${version}" is the time AWS's export writes for an API without a version: api.version is left out.`,
  );
  return undefined;
}

function apiName(ctx: ImportContext, info: Json, specName: string | undefined): string {
  if (specName) {
    ctx.diags.add(
      'OAS103',
      ['tags'],
      `The tag ${SPEC_TAG}=${specName} names the spec this API was deployed from: api.name is ${specName}.`,
    );
    return specName;
  }
  if (typeof info.title === 'string' && info.title.trim()) return info.title;
  ctx.diags.add('OAS202', ['info'], 'The document has no info.title, which names the API; api.name is "imported-api".');
  return 'imported-api';
}

function readTags(ctx: ImportContext): { tags: Record<string, string>; specName?: string } {
  const out: Record<string, string> = {};
  let specName: string | undefined;
  const list = Array.isArray(ctx.doc.tags) ? ctx.doc.tags : [];
  list.forEach((t, i) => {
    if (!isObject(t) || typeof t.name !== 'string') return;
    const value = t[EXT.tagValue];
    if (t.name === SPEC_TAG && typeof value === 'string') specName = value;
    if (RESERVED_TAG.test(t.name)) return;
    if (value === undefined)
      ctx.diags.add(
        'OAS103',
        ['tags', i],
        `The tag ${t.name} has no ${EXT.tagValue}: AWS makes it a tag with an empty value, and so does the import.`,
      );
    else if (isObject(value) || Array.isArray(value) || value === null) {
      ctx.diags.add(
        'OAS005',
        ['tags', i, EXT.tagValue],
        `${EXT.tagValue} is the tag's value, a string, not ${JSON.stringify(value)}.`,
      );
      return;
    }
    out[t.name] = typeof value === 'string' ? value : value === undefined ? '' : String(value);
    recordOrigin(ctx, ['api', 'tags', t.name], ['tags', String(i)]);
  });
  return { tags: out, ...(specName ? { specName } : {}) };
}

function readCors(ctx: ImportContext): Cors | undefined {
  const c = ctx.doc[EXT.cors];
  if (c === undefined) return undefined;
  if (!isObject(c)) {
    ctx.diags.add('OAS005', [EXT.cors], `${EXT.cors} must be an object.`);
    return undefined;
  }
  recordOrigin(ctx, ['api', 'cors'], [EXT.cors]);
  for (const k of Object.keys(c).filter((k) => !CORS_FIELDS.includes(k)))
    unknownField(ctx, [EXT.cors, k], k, CORS_FIELDS);
  const cors: Cors = {};
  for (const k of ['allowOrigins', 'allowHeaders', 'exposeHeaders', 'allowMethods'] as const) {
    const v = c[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) (cors as Record<string, string[]>)[k] = v;
    else ctx.diags.add('OAS005', [EXT.cors, k], `${EXT.cors}.${k} must be a list of strings.`);
  }
  if (cors.allowMethods) cors.allowMethods = cors.allowMethods.map((m) => m.toUpperCase() as HttpMethod);
  readAllowCredentials(ctx, c.allowCredentials, cors);
  readMaxAge(ctx, c.maxAge, cors);
  return cors;
}

function readAllowCredentials(ctx: ImportContext, v: unknown, cors: Cors): void {
  if (v === true) cors.allowCredentials = true;
  else if (v !== undefined && v !== false)
    ctx.diags.add(
      'OAS005',
      [EXT.cors, 'allowCredentials'],
      `${EXT.cors}.allowCredentials must be true or false, not ${JSON.stringify(v)}.`,
    );
}

/**
 * maxAge in seconds. AWS's x-amazon-apigateway-cors page types it as an integer; a numeric string (`"300"`) is taken
 * as its number and said so, anything else is an error naming the field, never dropped unsaid.
 */
function readMaxAge(ctx: ImportContext, v: unknown, cors: Cors): void {
  if (v === undefined) return;
  const path = [EXT.cors, 'maxAge'];
  if (typeof v === 'number') {
    cors.maxAge = v; // the spec engine checks it is an integer in range, at this place
    return;
  }
  const n = integerOf(v);
  if (n === undefined) {
    ctx.diags.add('OAS005', path, `${EXT.cors}.maxAge must be an integer (seconds), not ${JSON.stringify(v)}.`);
    return;
  }
  cors.maxAge = n;
  ctx.diags.add(
    'OAS103',
    path,
    `${EXT.cors}.maxAge is the string ${JSON.stringify(v)}, where AWS's ${EXT.cors} page has an integer: imported as ${n}.`,
  );
}

/** disableExecuteApiEndpoint and ipAddressType: on a server (OpenAPI 3), or at the root as Swagger 2.0 had it. */
function readEndpointConfiguration(ctx: ImportContext): Partial<ApiSettings> {
  const servers = Array.isArray(ctx.doc.servers) ? ctx.doc.servers : [];
  const found: Array<{ config: Json; path: string[] }> = [];
  servers.forEach((s, i) => {
    if (isObject(s) && isObject(s[EXT.endpointConfiguration]))
      found.push({
        config: s[EXT.endpointConfiguration] as Json,
        path: ['servers', String(i), EXT.endpointConfiguration],
      });
  });
  if (isObject(ctx.doc[EXT.endpointConfiguration]))
    found.push({ config: ctx.doc[EXT.endpointConfiguration] as Json, path: [EXT.endpointConfiguration] });
  if (servers.length > 1)
    ctx.diags.add(
      'OAS102',
      ['servers'],
      `${servers.length} servers: an HTTP API serves its stages at its own endpoint and custom domains, so the import reads only their ${EXT.endpointConfiguration}.`,
    );
  const out: Partial<ApiSettings> = {};
  for (const { config, path } of found) readEndpointFields(ctx, config, path, out);
  reportServerBasePath(ctx, servers);
  return out;
}

const ENDPOINT_FIELDS = ['disableExecuteApiEndpoint', 'ipAddressType', 'vpcEndpointIds'];

function readEndpointFields(ctx: ImportContext, config: Json, path: string[], out: Partial<ApiSettings>): void {
  const disable = config.disableExecuteApiEndpoint;
  if (typeof disable === 'boolean') {
    if (disable) out.disableExecuteApiEndpoint = true;
    recordOrigin(ctx, ['api', 'disableExecuteApiEndpoint'], [...path, 'disableExecuteApiEndpoint']);
  } else if (disable !== undefined)
    ctx.diags.add(
      'OAS005',
      [...path, 'disableExecuteApiEndpoint'],
      `disableExecuteApiEndpoint must be true or false, not ${JSON.stringify(disable)}.`,
    );
  const ip = config.ipAddressType;
  if (ip === 'ipv4' || ip === 'dualstack') {
    if (ip === 'dualstack') out.ipAddressType = 'dualstack';
    recordOrigin(ctx, ['api', 'ipAddressType'], [...path, 'ipAddressType']);
  } else if (ip !== undefined)
    ctx.diags.add(
      'OAS005',
      [...path, 'ipAddressType'],
      `ipAddressType is ipv4 or dualstack, not ${JSON.stringify(ip)}.`,
    );
  if (config.vpcEndpointIds !== undefined)
    ctx.diags.add('OAS100', [...path, 'vpcEndpointIds'], 'vpcEndpointIds are for private REST APIs; ignored.');
  for (const k of Object.keys(config).filter((k) => !ENDPOINT_FIELDS.includes(k)))
    unknownField(ctx, [...path, k], k, ENDPOINT_FIELDS);
}

/**
 * api-gateway-import-api-basePath.html: without basePath variables, ImportApi "checks the server.url string to see if
 * it contains a path beyond "/". If it does, that path is used as the base path", and by default (`basepath=ignore`)
 * treats it "as if it was not present". The import does the same, and says so: the routes do not start with it.
 * A basePath variable (the stage of an export) is reported as that (merge.ts).
 */
function reportServerBasePath(ctx: ImportContext, servers: unknown[]): void {
  if (servers.some((s) => isObject(s) && isObject(s.variables) && s.variables.basePath !== undefined)) return;
  const url = isObject(servers[0]) ? servers[0].url : undefined;
  const basePath = typeof url === 'string' ? serverPath(url) : undefined;
  if (!basePath) return;
  const first = firstRouteKey(ctx);
  const example = first ? ` (${first}, not ${first.replace(' ', ` ${basePath}`)})` : '';
  ctx.diags.add(
    'OAS102',
    ['servers', '0', 'url'],
    `The server URL has the base path ${basePath}, which the routes do not include${example}, as AWS's ImportApi leaves it out by default (basepath=ignore): serve it through a custom domain's API mapping, or write it into the paths.`,
  );
}

/** The path of a server URL beyond "/" (`https://host/v1/` → `/v1`), without a trailing slash. */
function serverPath(url: string): string | undefined {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? (url.startsWith('/') ? url : undefined);
  const trimmed = path?.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return trimmed || undefined;
}

function firstRouteKey(ctx: ImportContext): string | undefined {
  const paths = isObject(ctx.doc.paths) ? ctx.doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item) || path === '/$default') continue;
    const op = Object.keys(item).find((k) => OPERATION_METHODS[k]);
    if (op) return `${OPERATION_METHODS[op]} ${path}`;
  }
  return undefined;
}

/** Root extensions HTTP APIs do not use, the import/export version, and models. */
function checkRoot(ctx: ImportContext): void {
  const { doc } = ctx;
  const version = doc[EXT.importExportVersion];
  // 1.0 written unquoted in YAML is the number 1, which is that version.
  if (
    version !== undefined &&
    (typeof version === 'number' ? version.toFixed(1) : String(version)) !== IMPORT_EXPORT_VERSION
  )
    ctx.diags.add(
      'OAS101',
      [EXT.importExportVersion],
      `${EXT.importExportVersion} is ${JSON.stringify(version)}; AWS has only version ${IMPORT_EXPORT_VERSION}, which the import follows.`,
    );
  for (const key of Object.keys(doc)) {
    if (REST_ONLY_ROOT[key])
      ctx.diags.add('OAS100', [key], `${key} configures ${REST_ONLY_ROOT[key]} of REST APIs; HTTP APIs ignore it.`);
    else if (key.startsWith('x-amazon-apigateway-') && !ROOT_KNOWN.has(key))
      unknownField(ctx, [key], key, [...ROOT_KNOWN]);
  }
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? Object.keys(components.schemas) : [];
  if (schemas.length)
    ctx.diags.add(
      'OAS102',
      ['components', 'schemas'],
      `${schemas.length} schema${schemas.length === 1 ? '' : 's'} (models): HTTP APIs do not validate requests or responses, so models are not imported.`,
    );
}

const ROOT_KNOWN = new Set<string>([EXT.cors, EXT.importExportVersion, EXT.endpointConfiguration]);

export function unknownField(ctx: ImportContext, path: string[], field: string, known: Iterable<string>): void {
  const near = didYouMean(field, known, 1);
  ctx.diags.add(
    'OAS101',
    path,
    `${field} is not a field API Gateway reads here${near.length ? ` (did you mean ${near[0]}?)` : ''}; ignored.`,
  );
}
