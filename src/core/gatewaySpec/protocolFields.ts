// What one protocol's APIs take and the other's refuse. The schema (schemas/gateway-spec.schema.json) describes the
// fields of both; AWS's API reference says which members are "Supported only for WebSocket APIs" (or HTTP APIs) and
// which values each protocol takes. Completion and the quick fixes that add a property offer only what the spec's
// protocol takes; the rules (rules.ts) report the rest.
import type { JsonPath } from './diagnostics';
import type { Protocol } from './model';

/**
 * CreateRoute members "Supported only for WebSocket APIs", and route responses (WebSocket only).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid.html
 */
export const WEBSOCKET_ROUTE_FIELDS = [
  'apiKeyRequired',
  'routeResponseSelectionExpression',
  'requestParameters',
  'modelSelectionExpression',
  'requestModels',
  'routeResponses',
];

/**
 * CreateIntegration members AWS supports "only for WebSocket APIs", and integration responses (WebSocket only too).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid.html
 */
export const WEBSOCKET_INTEGRATION_FIELDS = [
  'requestTemplates',
  'templateSelectionExpression',
  'contentHandling',
  'passthroughBehavior',
  'responses',
];

/** Where a refusal applies: the path of an object, `*` standing for any name. */
interface Refusal {
  at: readonly string[];
  /** Properties the protocol refuses there. */
  properties?: readonly string[];
  /** Values the protocol refuses, by property. */
  values?: Readonly<Record<string, readonly string[]>>;
}

const ROUTE_SETTING_WEBSOCKET_ONLY = ['loggingLevel', 'dataTraceEnabled'];

/**
 * HTTP APIs: integration types AWS, HTTP and MOCK are "Supported only for WebSocket APIs"
 * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html); API keys, models
 * and execution logging are WebSocket features.
 * WebSocket APIs: JWT authorizers and JWT authorization are "supported only for HTTP APIs"
 * (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html,
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html), and so are the scopes a JWT
 * authorizer checks; an integration's payload format other than Lambda proxy on HTTP APIs is 1.0 only ("For all
 * other integrations, 1.0 is the only supported value"); CORS, first-class integrations (`subtype`), response
 * parameter mapping and the Lambda authorizer's payload format, simple responses and cache are HTTP API features.
 */
const REFUSED: Record<Protocol, readonly Refusal[]> = {
  HTTP: [
    { at: [], properties: ['models'] },
    { at: ['api'], properties: ['apiKeySelectionExpression'] },
    { at: ['integrations', '*'], properties: WEBSOCKET_INTEGRATION_FIELDS, values: { type: ['AWS', 'HTTP', 'MOCK'] } },
    { at: ['routes', '*'], properties: WEBSOCKET_ROUTE_FIELDS },
    { at: ['stages', '*'], properties: [...ROUTE_SETTING_WEBSOCKET_ONLY, 'clientCertificateId'] },
    { at: ['stages', '*', 'routeSettings', '*'], properties: ROUTE_SETTING_WEBSOCKET_ONLY },
  ],
  WEBSOCKET: [
    { at: ['api'], properties: ['cors'] },
    {
      at: ['integrations', '*'],
      properties: ['subtype', 'responseParameters'],
      values: { payloadFormatVersion: ['2.0'] },
    },
    {
      at: ['authorizers', '*'],
      properties: ['jwt', 'payloadFormatVersion', 'enableSimpleResponses', 'resultTtlSeconds'],
      values: { type: ['JWT'] },
    },
    { at: ['routes', '*'], properties: ['authorizationScopes'], values: { authorizationType: ['JWT'] } },
  ],
};

const NONE: readonly string[] = [];

function refusalAt(protocol: unknown, path: JsonPath): Refusal | undefined {
  if (protocol !== 'HTTP' && protocol !== 'WEBSOCKET') return undefined;
  return REFUSED[protocol].find(
    (r) => r.at.length === path.length && r.at.every((seg, i) => seg === '*' || seg === path[i]),
  );
}

/** The properties an API of `protocol` refuses in the object at `path` (none when the protocol is not known). */
export function refusedProperties(protocol: unknown, path: JsonPath): readonly string[] {
  return refusalAt(protocol, path)?.properties ?? NONE;
}

/**
 * The values an API of `protocol` refuses for the property at `path`; `owner`, the object that holds it as written,
 * when its other fields decide: payload format 2.0 is for Lambda proxy integrations only ("For all other
 * integrations, 1.0 is the only supported value": HTTP proxy and first-class integrations with a `subtype`).
 */
export function refusedValues(protocol: unknown, path: JsonPath, owner?: unknown): readonly string[] {
  const name = path[path.length - 1];
  if (typeof name !== 'string') return NONE;
  const values = refusalAt(protocol, path.slice(0, -1))?.values;
  const refused = values && Object.prototype.hasOwnProperty.call(values, name) ? values[name]! : NONE;
  return refused.length === 0 && notLambdaProxy(path, owner) ? ['2.0'] : refused;
}

/** An integration's payload format, where the integration is written as something other than Lambda proxy. */
function notLambdaProxy(path: JsonPath, owner: unknown): boolean {
  if (path.length !== 3 || path[0] !== 'integrations' || path[2] !== 'payloadFormatVersion') return false;
  if (!owner || typeof owner !== 'object') return false;
  const { type, subtype } = owner as { type?: unknown; subtype?: unknown };
  return (type !== undefined && type !== 'AWS_PROXY') || subtype !== undefined;
}

/** Whether an API of `protocol` takes `value` at `path` (a property of `owner`, the object at its parent path). */
export function takesValue(protocol: unknown, path: JsonPath, value: unknown, owner?: unknown): boolean {
  return !refusedValues(protocol, path, owner).includes(String(value));
}

/**
 * Whether an API of `protocol` takes all of `body`, an object written at `path` (a snippet, a placeholder): no
 * property or value it refuses, at any depth.
 */
export function takesAll(protocol: unknown, path: JsonPath, body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return takesValue(protocol, path, body);
  const refused = refusedProperties(protocol, path);
  for (const [key, value] of Object.entries(body)) {
    // A snippet's key placeholder (`${1:name}`) stands for any name.
    const name = /^\$\{\d+(:[^}]*)?\}$/.test(key) ? '*' : key;
    if (refused.includes(name) || !takesAll(protocol, [...path, name], value)) return false;
  }
  return true;
}
