// WebSocket request validation, as API Gateway does it before a route's integration: the route's model selection
// expression, evaluated against the message, picks one of its request models (or `$default`), and the message body
// must be JSON that the model's JSON Schema (draft 4) accepts; otherwise API Gateway answers "Invalid request body"
// and never calls the integration. Without a model selection expression nothing is validated.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html
import type { ValidateFunction } from 'ajv';
import AjvDraft4 from 'ajv-draft-04';
import type { GatewaySpec, Route } from '../gatewaySpec/model';
import { duplicateOf } from '../gatewaySpec/uniqueItems';
import { evaluate, parseJson } from './expressions';

/** The message API Gateway sends back when a message fails its route's request model. */
export const INVALID_REQUEST_BODY = 'Invalid request body';

let ajv: AjvDraft4 | undefined;
/** Compiled once per schema object of the spec (a spec reloaded on save has new ones). */
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    ajv ??= messageValidator();
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Schemas are not kept by their `id`: two models (or the same one after a reload) may carry one. `uniqueItems` is
 * checked in one pass: ajv's own compares every pair of items (12.9 s for a message of 30,000).
 */
function messageValidator(): AjvDraft4 {
  const a = new AjvDraft4({ allErrors: false, strict: false, validateSchema: false, addUsedSchema: false });
  a.removeKeyword('uniqueItems');
  a.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    error: { message: 'must NOT have duplicate items' },
    validate: (unique: boolean, data: unknown[]) => !unique || duplicateOf(data) === undefined,
  });
  return a;
}

function schemaOf(spec: GatewaySpec, name: string): Record<string, unknown> | undefined {
  const schema = spec.models?.[name]?.schema;
  if (typeof schema !== 'string') return schema;
  try {
    const parsed = JSON.parse(schema) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The key of `requestModels` the expression selects: `$default` is itself, as in any selection expression. */
function selectedKey(expression: string, body: string, value: unknown): string | undefined {
  return expression === '$default' ? '$default' : evaluate(expression, { body, parsedBody: { value } });
}

/**
 * Why a message fails its route's request validation, or undefined when it passes (or the route validates
 * nothing). `body` is the message's text; a binary message has none.
 */
export function requestModelProblem(spec: GatewaySpec, route: Route, body: string | undefined): string | undefined {
  const expression = route.modelSelectionExpression;
  if (!expression) return undefined;
  const parsed = parseJson(body ?? '');
  if (!parsed.ok) return 'the message body is not JSON';
  const value = parsed.value;
  const key = selectedKey(expression, body!, value);
  const models = route.requestModels ?? {};
  const name = (key !== undefined ? models[key] : undefined) ?? models.$default;
  if (!name) return `no request model for '${key ?? ''}' and no $default model`;
  const schema = schemaOf(spec, name);
  if (!schema) return `the model ${name} has no JSON schema`;
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema);
  } catch (err) {
    return `the model ${name}'s schema cannot be used: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  return `the body does not match the model ${name}: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : ''}`.trim();
}
