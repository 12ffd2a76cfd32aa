// x-amazon-apigateway-integration objects → named spec integrations. HTTP APIs have Lambda proxy (AWS_PROXY),
// HTTP proxy (HTTP_PROXY, public or over a VPC link) and AWS service (AWS_PROXY with integrationSubtype)
// integrations; REST-only fields are reported and left out. Operations whose integration objects are equal share one
// integration, since AWS's export writes a shared integration out in full under every operation that uses it.
import type { Integration, IntegrationSubtype } from '../gatewaySpec';
import { integrationMethod, maxIntegrationTimeoutMs } from '../gatewaySpec';
import { stableJson } from '../deploy/plan';
import { EXT, INTEGRATION_FIELDS, INTEGRATION_REST_ONLY } from './extensions';
import { unknownField } from './importApi';
import { pathOf } from './diagnostics';
import { MAX_REF_HOPS, rawValueAt } from './resolve';
import { importText, type ImportContext } from './importContext';
import { functionArnOf, integerOf, intrinsicOf, isObject, payloadVersionOf, type Json } from './values';

export interface IntegrationEntry {
  integration: Integration;
  /** The name of the components.x-amazon-apigateway-integrations entry it came from, if any. */
  refName?: string;
  /** A private integration's VPC link id, until it is named. */
  connectionId?: string;
  /** Where it was first read. */
  path: string[];
  /** Route keys that use it. */
  routes: string[];
  /** Given by the naming pass (naming.ts). */
  name?: string;
}

const COMPONENT_REF = /^#\/components\/x-amazon-apigateway-integrations\/(.+)$/;

export class IntegrationTable {
  readonly entries: IntegrationEntry[] = [];
  private readonly byRef = new Map<string, IntegrationEntry>();
  private readonly byContent = new Map<string, IntegrationEntry>();

  /**
   * The integration of the operation at `opPath` (its x-amazon-apigateway-integration), recorded for `routeKey`. A
   * component is read as the component has it: what stands beside the `$ref` (which the resolver merges in) would
   * otherwise change the integration every route using it shares; reportRefSiblings() says what is left out.
   */
  use(ctx: ImportContext, opPath: string[], routeKey: string): IntegrationEntry | undefined {
    const path = [...opPath, EXT.integration];
    const refName = componentRefAt(ctx.raw, path);
    if (refName === undefined) return this.record(this.add(ctx, valueAt(ctx.doc, path), path, undefined), routeKey);
    reportRefSiblings(ctx, path, refName);
    const origin = ['components', EXT.integrations, refName];
    return this.record(this.byRef.get(refName) ?? this.add(ctx, valueAt(ctx.doc, origin), origin, refName), routeKey);
  }

  private record(entry: IntegrationEntry | undefined, routeKey: string): IntegrationEntry | undefined {
    entry?.routes.push(routeKey);
    return entry;
  }

  /** Entries of components.x-amazon-apigateway-integrations that no operation uses: imported too, as AWS keeps them. */
  addUnusedComponents(ctx: ImportContext): void {
    const components = isObject(ctx.doc.components) ? ctx.doc.components : {};
    const all = isObject(components[EXT.integrations]) ? (components[EXT.integrations] as Json) : {};
    for (const [name, value] of Object.entries(all))
      if (!this.byRef.has(name)) this.add(ctx, value, ['components', EXT.integrations, name], name);
  }

  private add(
    ctx: ImportContext,
    value: unknown,
    path: string[],
    refName: string | undefined,
  ): IntegrationEntry | undefined {
    const mapped = mapIntegration(ctx, value, path);
    if (!mapped) return undefined;
    const key = stableJson(mapped);
    const same = refName === undefined ? this.byContent.get(key) : undefined;
    if (same) return same;
    const entry: IntegrationEntry = { ...mapped, path, routes: [], ...(refName !== undefined ? { refName } : {}) };
    this.entries.push(entry);
    if (refName !== undefined) this.byRef.set(refName, entry);
    else this.byContent.set(key, entry);
    return entry;
  }
}

function valueAt(doc: unknown, path: string[]): unknown {
  let v = doc;
  for (const seg of path) v = isObject(v) ? v[seg] : undefined;
  return v;
}

/**
 * The name of the components.x-amazon-apigateway-integrations entry the integration at `path` refers to, in the
 * document as written: the `$ref`s met on the way (a path item's `$ref`, a reference to another operation's
 * integration) are followed, so that every route using the entry shares it.
 */
function componentRefAt(raw: Json, path: string[]): string | undefined {
  const budget = { hops: MAX_REF_HOPS };
  let v = rawValueAt(raw, path, budget);
  while (isObject(v) && typeof v.$ref === 'string' && budget.hops-- > 0) {
    const ref = COMPONENT_REF.exec(v.$ref)?.[1];
    if (ref !== undefined) return ref.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v.$ref.startsWith('#') ? rawValueAt(raw, pathOf(v.$ref.slice(1)), budget) : undefined;
  }
  return undefined;
}

/**
 * What the operation at `path` writes beside its `$ref` to the component `refName`. OpenAPI 3.1 lets a reference
 * carry a summary and a description that override the target's at that place only; an integration is one object
 * that every route using it shares, and a route has no integration description of its own, so neither can be
 * carried: they are left out, said here. Anything else beside a `$ref` OpenAPI ignores (3.0: everything).
 */
function reportRefSiblings(ctx: ImportContext, path: string[], refName: string): void {
  const written = rawValueAt(ctx.raw, path, { hops: MAX_REF_HOPS });
  if (!isObject(written)) return;
  for (const key of Object.keys(written)) {
    if (key === '$ref') continue;
    const overrides = ctx.minor === '3.1' && (key === 'summary' || key === 'description');
    ctx.diags.add(overrides ? 'OAS400' : 'OAS101', [...path, key], siblingMessage(ctx, key, refName, overrides));
  }
}

function siblingMessage(ctx: ImportContext, key: string, refName: string, overrides: boolean): string {
  if (overrides && key === 'summary')
    return 'The summary beside the $ref is for this use only (OpenAPI 3.1), and an integration has no summary: left out.';
  if (overrides)
    return `The description beside the $ref is for this use only (OpenAPI 3.1), but the integration ${refName} is shared by every route that uses it, and a route has no integration description of its own: left out; ${refName} keeps what the component says.`;
  const reads = ctx.minor === '3.1' ? 'reads only summary and description there' : '3.0 reads nothing there';
  return `${key} beside a $ref is ignored (OpenAPI ${reads}): the integration ${refName} is imported as the component has it; set ${key} there.`;
}

interface Mapped {
  integration: Integration;
  connectionId?: string;
}

function mapIntegration(ctx: ImportContext, value: unknown, path: string[]): Mapped | undefined {
  if (value === undefined || value === null) return undefined; // no integration, or a broken $ref (reported)
  if (isObject(value) && typeof value.$ref === 'string') return undefined; // a circular $ref (reported)
  if (!isObject(value)) {
    ctx.diags.add('OAS005', path, `${EXT.integration} must be an object.`);
    return undefined;
  }
  reportFields(ctx, value, path);
  const type = typeof value.type === 'string' ? value.type.toUpperCase() : undefined;
  if (type === 'AWS' || type === 'HTTP' || type === 'MOCK') {
    ctx.diags.add(
      'OAS201',
      [...path, 'type'],
      `HTTP APIs have Lambda proxy (aws_proxy) and HTTP proxy (http_proxy) integrations, not ${String(value.type)}: the route is imported without an integration.`,
    );
    return undefined;
  }
  if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') {
    ctx.diags.add(
      'OAS202',
      [...path, 'type'],
      value.type === undefined
        ? 'The integration has no type: add `type: aws_proxy` (a Lambda function or an AWS service) or `type: http_proxy` (a URL).'
        : `The integration type ${JSON.stringify(value.type)} is not one HTTP APIs have: use aws_proxy (a Lambda function or an AWS service) or http_proxy (a URL).`,
    );
    return undefined;
  }
  const strings = readStrings(ctx, value, path);
  if (!strings || !connectionOk(ctx, value, strings, path)) return undefined;
  const integration = buildIntegration(ctx, type, value, strings, path);
  if (!integration) return undefined;
  const connectionId = value.connectionType === 'VPC_LINK' ? strings.connectionId : undefined;
  return { integration, ...(connectionId ? { connectionId } : {}) };
}

/**
 * AWS's x-amazon-apigateway-integration page: connectionType "The valid value is "VPC_LINK" for private integration
 * or "INTERNET", otherwise", and connectionId is "The ID of a VpcLink for the private integration". Any other
 * connection type, or a connectionId without VPC_LINK, would make a private integration a public one: refused.
 */
function connectionOk(ctx: ImportContext, value: Json, s: Strings, path: string[]): boolean {
  const type = value.connectionType;
  if (type !== undefined && type !== 'VPC_LINK' && type !== 'INTERNET') {
    ctx.diags.add(
      'OAS005',
      [...path, 'connectionType'],
      `connectionType is VPC_LINK (a private integration) or INTERNET, not ${JSON.stringify(type)}.`,
    );
    return false;
  }
  if (type === 'VPC_LINK' && !s.connectionId) {
    ctx.diags.add(
      'OAS202',
      [...path, 'connectionId'],
      'A VPC_LINK integration needs connectionId, the VPC link it goes through.',
    );
    return false;
  }
  if (type !== 'VPC_LINK' && s.connectionId !== undefined) {
    ctx.diags.add(
      'OAS202',
      [...path, 'connectionId'],
      `connectionId names the VPC link of a private integration, but the connectionType is ${type === undefined ? 'not given (INTERNET by default)' : 'INTERNET'}: write connectionType: VPC_LINK, or remove connectionId.`,
    );
    return false;
  }
  return true;
}

function reportFields(ctx: ImportContext, value: Json, path: string[]): void {
  for (const k of Object.keys(value)) {
    if (INTEGRATION_FIELDS.includes(k)) continue;
    const rest = INTEGRATION_REST_ONLY[k];
    if (rest)
      ctx.diags.add(
        'OAS100',
        [...path, k],
        `${k} configures ${rest.what} of REST APIs; HTTP API integrations ignore it.`,
        rest.severity,
      );
    else unknownField(ctx, [...path, k], k, INTEGRATION_FIELDS);
  }
  if (isObject(value.tlsConfig)) reportTlsFields(ctx, value.tlsConfig, [...path, 'tlsConfig']);
}

/** x-amazon-apigateway-integration.tlsConfig: serverNameToVerify (HTTP APIs), insecureSkipVerification (REST). */
function reportTlsFields(ctx: ImportContext, tls: Json, path: string[]): void {
  for (const k of Object.keys(tls)) {
    if (k === 'serverNameToVerify') continue;
    if (k === 'insecureSkipVerification')
      ctx.diags.add('OAS100', [...path, k], 'insecureSkipVerification is for REST APIs; ignored.');
    else unknownField(ctx, [...path, k], k, ['serverNameToVerify', 'insecureSkipVerification']);
  }
}

type Strings = Partial<
  Record<'uri' | 'httpMethod' | 'credentials' | 'integrationSubtype' | 'connectionId' | 'description', string>
>;

/** The string fields, with CloudFormation intrinsics (`Fn::GetAtt`, `Ref`) refused by name. */
function readStrings(ctx: ImportContext, value: Json, path: string[]): Strings | undefined {
  const out: Strings = {};
  for (const k of ['uri', 'httpMethod', 'credentials', 'integrationSubtype', 'connectionId', 'description'] as const) {
    const v = value[k];
    if (v === undefined) continue;
    if (typeof v === 'string')
      out[k] = k === 'description' || k === 'httpMethod' ? v : importText(ctx, v, [...path, k]);
    else {
      wrongType(ctx, [...path, k], v);
      return undefined;
    }
  }
  return out;
}

export function wrongType(ctx: ImportContext, path: string[], v: unknown): void {
  const fn = intrinsicOf(v);
  ctx.diags.add(
    'OAS005',
    path,
    fn
      ? `${path[path.length - 1]} is a CloudFormation ${fn}: resolve the template first (aws cloudformation package, or the deployed API's export).`
      : `${path[path.length - 1]} must be a string, not ${JSON.stringify(v)}.`,
  );
}

function buildIntegration(
  ctx: ImportContext,
  type: 'AWS_PROXY' | 'HTTP_PROXY',
  value: Json,
  s: Strings,
  path: string[],
): Integration | undefined {
  const i: Integration = { type };
  if (s.description) i.description = s.description;
  if (s.integrationSubtype) i.subtype = s.integrationSubtype as IntegrationSubtype;
  if (s.uri) i.uri = type === 'AWS_PROXY' ? functionArnOf(s.uri) : s.uri;
  else if (!i.subtype) {
    ctx.diags.add(
      'OAS202',
      [...path, 'uri'],
      `A ${type === 'AWS_PROXY' ? 'Lambda' : 'HTTP'} proxy integration needs uri.`,
    );
    return undefined;
  }
  if (s.credentials) i.credentialsArn = s.credentials;
  if (s.connectionId && value.connectionType === 'VPC_LINK') i.vpcLink = s.connectionId;
  const method = s.httpMethod?.toUpperCase();
  if (method && method !== integrationMethod({ type, ...(i.subtype ? { subtype: i.subtype } : {}) }))
    i.method = method as Integration['method'];
  readPayloadVersion(ctx, value, path, i);
  const timeout = readTimeout(ctx, value.timeoutInMillis, [...path, 'timeoutInMillis']);
  if (timeout !== undefined && timeout !== maxIntegrationTimeoutMs('HTTP')) i.timeoutMs = timeout;
  const tls = readTlsServerName(ctx, value.tlsConfig, [...path, 'tlsConfig']);
  if (tls !== undefined) i.tlsServerName = tls;
  const request = stringMap(ctx, value.requestParameters, [...path, 'requestParameters']);
  if (request) i.requestParameters = request;
  const response = responseMap(ctx, value.responseParameters, [...path, 'responseParameters']);
  if (response) i.responseParameters = response;
  return i;
}

/**
 * timeoutInMillis, an integer on AWS's x-amazon-apigateway-integration page: a numeric string is taken as its number
 * and said so, anything else is an error (the spec engine checks the range at this place).
 */
function readTimeout(ctx: ImportContext, v: unknown, path: string[]): number | undefined {
  if (v === undefined) return undefined;
  const n = integerOf(v);
  if (n === undefined)
    ctx.diags.add('OAS005', path, `timeoutInMillis must be an integer (milliseconds), not ${JSON.stringify(v)}.`);
  else if (typeof v === 'string')
    ctx.diags.add(
      'OAS103',
      path,
      `timeoutInMillis is the string ${JSON.stringify(v)}, where AWS's ${EXT.integration} page has an integer: imported as ${n}.`,
    );
  return n;
}

/** tlsConfig, an object whose serverNameToVerify is a string (x-amazon-apigateway-integration.tlsConfig). */
function readTlsServerName(ctx: ImportContext, tls: unknown, path: string[]): string | undefined {
  if (tls === undefined) return undefined;
  if (!isObject(tls)) {
    ctx.diags.add(
      'OAS005',
      path,
      `tlsConfig must be an object ({ serverNameToVerify: NAME }), not ${JSON.stringify(tls)}.`,
    );
    return undefined;
  }
  const name = tls.serverNameToVerify;
  if (name === undefined || typeof name === 'string') return name;
  wrongType(ctx, [...path, 'serverNameToVerify'], name);
  return undefined;
}

/**
 * AWS's x-amazon-apigateway-integration page calls payloadFormatVersion "Required for HTTP APIs" (1.0 or 2.0 for
 * Lambda proxy integrations, 1.0 for the rest), and its Lambda proxy page says the console takes the latest version
 * when none is given; no page says what ImportApi does without one. The import takes the spec's default, and says so.
 */
function readPayloadVersion(ctx: ImportContext, value: Json, path: string[], i: Integration): void {
  const lambda = i.type === 'AWS_PROXY' && !i.subtype;
  const version = payloadVersionOf(value.payloadFormatVersion);
  if (value.payloadFormatVersion === undefined) ctx.diags.add('OAS103', path, noPayloadVersion(lambda));
  else if (!version)
    ctx.diags.add('OAS005', [...path, 'payloadFormatVersion'], 'payloadFormatVersion is "1.0" or "2.0".');
  else if (version !== (lambda ? '2.0' : '1.0')) i.payloadFormatVersion = version;
}

function noPayloadVersion(lambda: boolean): string {
  const taken = lambda
    ? "2.0, the spec's default for a Lambda proxy integration (and the console's)"
    : '1.0, the only version of integrations other than Lambda proxy';
  return `No payloadFormatVersion, which AWS's ${EXT.integration} page calls required for HTTP APIs (no AWS page says what ImportApi does without it): the import takes ${taken}, which the spec leaves out as its default.`;
}

function stringMap(ctx: ImportContext, v: unknown, path: string[]): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) {
    wrongType(ctx, path, v);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = importText(ctx, x, [...path, k]);
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else wrongType(ctx, [...path, k], x);
  }
  return Object.keys(out).length ? out : undefined;
}

function responseMap(
  ctx: ImportContext,
  v: unknown,
  path: string[],
): Record<string, Record<string, string>> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) {
    wrongType(ctx, path, v);
    return undefined;
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [status, m] of Object.entries(v)) {
    if (!isObject(m)) {
      ctx.diags.add(
        'OAS005',
        [...path, status],
        `responseParameters is keyed by status code, each with its mappings ("500": { "overwrite:statuscode": "403" }); ${status} maps to ${JSON.stringify(m)}, not to mappings.`,
      );
      continue;
    }
    const mapped = stringMap(ctx, m, [...path, status]);
    if (mapped) out[status] = mapped;
  }
  return Object.keys(out).length ? out : undefined;
}
