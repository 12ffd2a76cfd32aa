// Security schemes → authorizers. A scheme with x-amazon-apigateway-authorizer is a JWT or Lambda (REQUEST)
// authorizer; one with x-amazon-apigateway-authtype `awsSigv4` is IAM authorization; any other scheme (HTTP basic,
// OAuth 2 or OpenID Connect without the extension, a bare API key) is something API Gateway cannot enforce.
import type { Authorizer } from '../gatewaySpec';
import { specName } from '../deploy/identity';
import { AUTHORIZER_FIELDS, EXT } from './extensions';
import { unknownField } from './importApi';
import { wrongType } from './importIntegrations';
import { importText, recordOrigin, type ImportContext } from './importContext';
import { functionArnOf, integerOf, isObject, payloadVersionOf, type Json } from './values';

/** What a security scheme means for the routes that name it. */
export type SchemeUse =
  | { kind: 'authorizer'; name: string; type: 'JWT' | 'REQUEST' }
  | { kind: 'iam' }
  | { kind: 'unsupported'; why: string };

export interface SchemeTable {
  authorizers: Record<string, Authorizer>;
  schemes: Map<string, SchemeUse>;
}

export function readSecuritySchemes(ctx: ImportContext): SchemeTable {
  const out: SchemeTable = { authorizers: {}, schemes: new Map() };
  const components = isObject(ctx.doc.components) ? ctx.doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const [key, scheme] of Object.entries(schemes)) {
    const path = ['components', 'securitySchemes', key];
    out.schemes.set(key, readScheme(ctx, key, scheme, path, out.authorizers));
  }
  return out;
}

function readScheme(
  ctx: ImportContext,
  key: string,
  scheme: unknown,
  path: string[],
  authorizers: Record<string, Authorizer>,
): SchemeUse {
  if (!isObject(scheme)) return { kind: 'unsupported', why: 'it is not an object' };
  const ext = scheme[EXT.authorizer];
  if (ext === undefined) {
    const authtype = scheme[EXT.authtype];
    if (typeof authtype === 'string' && authtype.toLowerCase() === 'awssigv4') return { kind: 'iam' };
    return { kind: 'unsupported', why: unsupportedWhy(scheme) };
  }
  if (!isObject(ext)) return { kind: 'unsupported', why: `its ${EXT.authorizer} is not an object` };
  const type = typeof ext.type === 'string' ? ext.type.toLowerCase() : '';
  const extPath = [...path, EXT.authorizer];
  for (const k of Object.keys(ext).filter((k) => !AUTHORIZER_FIELDS.includes(k))) {
    if (k === 'identityValidationExpression')
      ctx.diags.add(
        'OAS100',
        [...extPath, k],
        'identityValidationExpression is for REST API token authorizers; ignored.',
      );
    else unknownField(ctx, [...extPath, k], k, AUTHORIZER_FIELDS);
  }
  if (type !== 'jwt' && type !== 'request')
    return {
      kind: 'unsupported',
      why:
        type === 'token'
          ? 'its authorizer is a REST API token authorizer (HTTP APIs have JWT and REQUEST authorizers)'
          : `its authorizer type is ${JSON.stringify(ext.type)} (HTTP APIs have jwt and request)`,
    };
  const name = authorizerName(ctx, key, path);
  const authorizer = type === 'jwt' ? readJwt(ctx, scheme, ext, extPath) : readRequest(ctx, ext, extPath);
  if (!authorizer) return { kind: 'unsupported', why: 'its authorizer lacks a required field' };
  authorizers[name] = authorizer;
  recordOrigin(ctx, ['authorizers', name], extPath);
  return { kind: 'authorizer', name, type: authorizer.type };
}

function unsupportedWhy(scheme: Json): string {
  const t = String(scheme.type);
  if (t === 'http')
    return `an HTTP ${String(scheme.scheme ?? '')} scheme needs an ${EXT.authorizer} (a Lambda authorizer) to be checked`;
  if (t === 'oauth2' || t === 'openIdConnect') return `an ${t} scheme needs an ${EXT.authorizer} of type jwt`;
  if (t === 'apiKey')
    return `HTTP APIs have no API keys; the scheme needs an ${EXT.authorizer} or ${EXT.authtype}: awsSigv4`;
  return `its type ${JSON.stringify(scheme.type)} is not one API Gateway reads`;
}

function authorizerName(ctx: ImportContext, key: string, path: string[]): string {
  const name = specName(key, 'authorizer');
  if (name === key) return key;
  ctx.diags.add(
    'OAS103',
    path,
    `The scheme name ${JSON.stringify(key)} is not a valid authorizer name: the authorizer is named ${name} (AWS names it ${JSON.stringify(key)}, so a plan matches it by neither).`,
  );
  return name;
}

/**
 * `$request.header.A, $request.querystring.b` → a list; REST API forms (`method.request.header.A`) converted. AWS's
 * page types identitySource as a string, "a comma-separated list"; a list of strings is read too, anything else is
 * an error.
 */
function identitySourcesOf(ctx: ImportContext, v: unknown, path: string[]): string[] | undefined {
  if (v === undefined) return undefined;
  const list =
    typeof v === 'string' ? v.split(',') : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  if (!list) {
    wrongType(ctx, path, v);
    return undefined;
  }
  const parts = list.map((s) => s.trim()).filter(Boolean);
  return parts.map((s) => {
    const http = s
      .replace(/^method\.request\.(header|querystring)\./, '$request.$1.')
      .replace(/^(context|stageVariables)\./, '$$$1.');
    if (http !== s) ctx.diags.add('OAS103', path, `The REST API identity source ${s} is ${http} in an HTTP API.`);
    return http;
  });
}

const JWT_CONFIGURATION_FIELDS = ['issuer', 'audience'];

function readJwt(ctx: ImportContext, scheme: Json, ext: Json, path: string[]): Authorizer | undefined {
  const config = isObject(ext.jwtConfiguration) ? ext.jwtConfiguration : {};
  for (const k of Object.keys(config).filter((k) => !JWT_CONFIGURATION_FIELDS.includes(k)))
    unknownField(ctx, [...path, 'jwtConfiguration', k], k, JWT_CONFIGURATION_FIELDS);
  let issuer = typeof config.issuer === 'string' ? config.issuer : undefined;
  if (!issuer && typeof scheme.openIdConnectUrl === 'string') {
    // AWS derives the issuer from openIdConnectUrl ("x-amazon-apigateway-authorizer", its second JWT example).
    issuer = scheme.openIdConnectUrl.replace(/\/\.well-known\/openid-configuration\/?$/, '');
    ctx.diags.add(
      'OAS103',
      [...path.slice(0, -1), 'openIdConnectUrl'],
      `The JWT issuer is taken from openIdConnectUrl: ${issuer}.`,
    );
  }
  const audience = Array.isArray(config.audience) ? config.audience.map(String) : [];
  if (!issuer || audience.length === 0) {
    ctx.diags.add(
      'OAS202',
      [...path, 'jwtConfiguration'],
      'A JWT authorizer needs jwtConfiguration.issuer (or an openIdConnectUrl) and an audience.',
    );
    return undefined;
  }
  const sources = identitySourcesOf(ctx, ext.identitySource, [...path, 'identitySource']);
  return {
    type: 'JWT',
    ...(sources && !(sources.length === 1 && sources[0] === '$request.header.Authorization')
      ? { identitySources: sources }
      : {}),
    jwt: { issuer, audience },
  };
}

function readRequest(ctx: ImportContext, ext: Json, path: string[]): Authorizer | undefined {
  if (typeof ext.authorizerUri !== 'string') {
    ctx.diags.add(
      'OAS202',
      [...path, 'authorizerUri'],
      'A request (Lambda) authorizer needs authorizerUri, the function it calls.',
    );
    return undefined;
  }
  const a: Authorizer = {
    type: 'REQUEST',
    uri: functionArnOf(importText(ctx, ext.authorizerUri, [...path, 'authorizerUri'])),
  };
  const sources = identitySourcesOf(ctx, ext.identitySource, [...path, 'identitySource']);
  if (sources?.length) a.identitySources = sources;
  if (readAuthorizerPayloadVersion(ctx, ext.authorizerPayloadFormatVersion, path) === '1.0')
    a.payloadFormatVersion = '1.0';
  readSimpleResponses(ctx, ext.enableSimpleResponses, [...path, 'enableSimpleResponses'], a);
  const ttl = readTtl(ctx, ext.authorizerResultTtlInSeconds, [...path, 'authorizerResultTtlInSeconds']);
  if (ttl) a.resultTtlSeconds = ttl;
  const credentials = ext.authorizerCredentials;
  if (typeof credentials === 'string')
    a.credentialsArn = importText(ctx, credentials, [...path, 'authorizerCredentials']);
  else if (credentials !== undefined) wrongType(ctx, [...path, 'authorizerCredentials'], credentials);
  return a;
}

/** authorizerPayloadFormatVersion: "1.0" or "2.0" (AWS's page and the Lambda authorizer page's "Payload format version"). */
function readAuthorizerPayloadVersion(ctx: ImportContext, v: unknown, path: string[]): '1.0' | '2.0' | undefined {
  if (v === undefined) {
    ctx.diags.add(
      'OAS103',
      path,
      'No authorizerPayloadFormatVersion (AWS requires it for HTTP APIs): the spec default 2.0 applies.',
    );
    return undefined;
  }
  const version = payloadVersionOf(v);
  if (!version)
    ctx.diags.add(
      'OAS005',
      [...path, 'authorizerPayloadFormatVersion'],
      `authorizerPayloadFormatVersion is "1.0" or "2.0", not ${JSON.stringify(v)}.`,
    );
  return version;
}

/** enableSimpleResponses, a Boolean on AWS's x-amazon-apigateway-authorizer page. */
function readSimpleResponses(ctx: ImportContext, v: unknown, path: string[], a: Authorizer): void {
  if (v === true) a.enableSimpleResponses = true;
  else if (v !== undefined && v !== false)
    ctx.diags.add('OAS005', path, `enableSimpleResponses must be true or false, not ${JSON.stringify(v)}.`);
}

/** authorizerResultTtlInSeconds: AWS's page types it as a string, its examples write a number; either, if whole. */
function readTtl(ctx: ImportContext, v: unknown, path: string[]): number | undefined {
  if (v === undefined) return undefined;
  const n = integerOf(v);
  if (n === undefined)
    ctx.diags.add(
      'OAS005',
      path,
      `authorizerResultTtlInSeconds must be a whole number of seconds, not ${JSON.stringify(v)}.`,
    );
  return n;
}
