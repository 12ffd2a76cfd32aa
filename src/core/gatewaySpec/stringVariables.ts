// The variables a spec's strings may name, for completion and hover inside them: an access log format's `$context`
// variables (src/core/gatewaySpec/accessLogVariables.ts), and the variables of a WebSocket mapping template, as AWS's
// "WebSocket API mapping template reference" lists and describes them:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
import { accessLogVariableDoc, accessLogVariables } from './accessLogVariables';
import type { Protocol } from './model';

/** Which strings hold variables: a stage's access log format, or a mapping template. */
export type VariableString = 'accessLog' | 'template';

/** The kind of string at `path`, when it holds variables. */
export function variableStringAt(path: ReadonlyArray<string | number>): VariableString | undefined {
  const [section, , field, key, sub] = path;
  if (section === 'stages' && path.length === 4 && field === 'accessLog' && key === 'format') return 'accessLog';
  if (section !== 'integrations') return undefined;
  if (path.length === 4 && field === 'requestTemplates') return 'template';
  if (path.length === 6 && field === 'responses' && sub === 'responseTemplates') return 'template';
  return undefined;
}

export interface StringVariable {
  /** The name after its object's `$name.` (`connectionId`), or the object itself (`context.`). */
  name: string;
  /** The text inserted for it (`json('$')` for a method). */
  insert: string;
  description?: string;
}

const CONTEXT: ReadonlyArray<[string, string]> = [
  ['connectionId', 'A unique ID for the connection that can be used to make a callback to the client.'],
  ['connectedAt', 'The Epoch-formatted connection time.'],
  ['domainName', 'A domain name for the WebSocket API, for a callback to the client instead of a hard-coded value.'],
  ['eventType', 'The event type: `CONNECT`, `MESSAGE`, or `DISCONNECT`.'],
  ['messageId', 'A unique server-side ID for a message. Available only when `$context.eventType` is `MESSAGE`.'],
  ['routeKey', 'The selected route key.'],
  ['requestId', 'Same as `$context.extendedRequestId`.'],
  ['extendedRequestId', 'An automatically generated ID for the API call, with more information for troubleshooting.'],
  ['apiId', 'The identifier API Gateway assigns to your API.'],
  ['authorizer.principalId', 'The principal user identification returned by a Lambda authorizer.'],
  ['error.messageString', 'The quoted value of `$context.error.message`.'],
  ['error.validationErrorString', 'A string containing a detailed validation error message.'],
  ['identity.accountId', 'The AWS account ID associated with the request.'],
  ['identity.apiKey', 'The API owner key associated with a key-enabled API request.'],
  ['identity.apiKeyId', 'The API key ID associated with a key-enabled API request.'],
  ['identity.caller', 'The principal identifier of the caller making the request.'],
  ['identity.cognitoAuthenticationProvider', 'The Amazon Cognito authentication providers used by the caller.'],
  ['identity.cognitoAuthenticationType', 'The Amazon Cognito authentication type of the caller.'],
  ['identity.cognitoIdentityId', 'The Amazon Cognito identity ID of the caller.'],
  ['identity.cognitoIdentityPoolId', 'The Amazon Cognito identity pool ID of the caller.'],
  ['identity.sourceIp', 'The source IP address of the TCP connection making the request to API Gateway.'],
  ['identity.user', 'The principal identifier of the user making the request.'],
  ['identity.userAgent', 'The User Agent of the API caller.'],
  ['identity.userArn', 'The ARN of the effective user identified after authentication.'],
  ['requestTime', 'The CLF-formatted request time (dd/MMM/yyyy:HH:mm:ss +-hhmm).'],
  ['requestTimeEpoch', 'The Epoch-formatted request time, in milliseconds.'],
  ['stage', 'The deployment stage of the API call (for example, Beta or Prod).'],
  ['status', 'The response status.'],
];

const INPUT: readonly StringVariable[] = [
  { name: 'body', insert: 'body', description: 'The raw payload as a string.' },
  {
    name: 'json',
    insert: "json('$')",
    description: "Evaluates a JSONPath expression and returns the result as a JSON string: `$input.json('$.pets')`.",
  },
  {
    name: 'path',
    insert: "path('$')",
    description: 'Takes a JSONPath expression and returns the result as an object the template can walk.',
  },
];

const UTIL: readonly StringVariable[] = [
  ['escapeJavaScript', 'Escapes the characters in a string using JavaScript string rules.'],
  ['parseJson', 'Takes stringified JSON and returns an object representation of the result.'],
  ['urlEncode', 'Converts a string into application/x-www-form-urlencoded format.'],
  ['urlDecode', 'Decodes an application/x-www-form-urlencoded string.'],
  ['base64Encode', 'Encodes the data into a base64-encoded string.'],
  ['base64Decode', 'Decodes the data from a base64-encoded string.'],
].map(([name, description]) => ({ name: name!, insert: `${name}()`, description }));

const ROOTS: readonly StringVariable[] = [
  { name: 'input', insert: 'input.', description: 'The message: `$input.body`, `$input.json()`, `$input.path()`.' },
  { name: 'context', insert: 'context.', description: 'The connection and the request (`$context.connectionId`…).' },
  { name: 'stageVariables', insert: 'stageVariables.', description: "The stage's variables." },
  { name: 'util', insert: 'util.', description: 'Functions: `$util.escapeJavaScript()`, `$util.parseJson()`…' },
];

const TEMPLATE_CONTEXT: readonly StringVariable[] = CONTEXT.map(([name, description]) => ({
  name,
  insert: name,
  description,
}));

/** What the spec offers `$stageVariables.` and what protocol its access logs follow. */
export interface VariableScope {
  protocol: Protocol;
  stageVariables: readonly string[];
}

/**
 * The variables that may follow `object` (`context`, `input`, `util`, `stageVariables`; `''` for a bare `$`) in
 * a string of this kind. Access log formats take `$context.` only.
 */
export function variablesAfter(kind: VariableString, object: string, scope: VariableScope): readonly StringVariable[] {
  if (kind === 'accessLog')
    return object === 'context'
      ? accessLogVariables(scope.protocol).map((name) => ({
          name,
          insert: name,
          description: accessLogVariableDoc(scope.protocol, name),
        }))
      : [];
  if (object === 'context') return TEMPLATE_CONTEXT;
  if (object === 'input') return INPUT;
  if (object === 'util') return UTIL;
  if (object === 'stageVariables') return scope.stageVariables.map((name) => ({ name, insert: name }));
  return object === '' ? ROOTS : [];
}

/** The typed reference that ends at the end of `before`: its object and the partial name after it. */
export function typedReference(before: string): { object: string; partial: string } | undefined {
  const m = /\$(?:(context|input|util|stageVariables)\.)?([A-Za-z0-9_.]*)$/.exec(before.slice(-200));
  if (!m) return undefined;
  return { object: m[1] ?? '', partial: m[2]! };
}

/** The description of the template variable `$object.name` (for hovers), when AWS's page gives one. */
export function templateVariableDoc(object: string, name: string): string | undefined {
  const list = object === 'context' ? TEMPLATE_CONTEXT : object === 'input' ? INPUT : object === 'util' ? UTIL : [];
  return list.find((v) => v.name === name)?.description;
}
