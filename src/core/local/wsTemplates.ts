// What API Gateway chooses for a WebSocket API's non-proxy integration (MOCK, HTTP, AWS): the request template a
// message selects, the integration response the backend's answer selects, and the response template it applies.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-data-transformations.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html

import type { Integration, IntegrationResponse } from '../gatewaySpec/model';
import { evaluate, parseJson, type ExpressionSources } from './expressions';

export type TemplateChoice =
  { kind: 'template'; key: string; template: string } | { kind: 'passthrough' } | { kind: 'refused'; reason: string };

/**
 * The request template for a message: the key its selection expression evaluates to, else `$default`. With no
 * expression, `$default` or `application/json` (the key AWS's own CLI example of a MOCK integration uses). None: the
 * passthrough behaviour decides (WHEN_NO_MATCH, the default, passes the message on as it is).
 */
export function requestTemplate(integration: Integration, body: string): TemplateChoice {
  const templates = integration.requestTemplates ?? {};
  const chosen = chooseTemplate(templates, integration.templateSelectionExpression, { body });
  if (chosen) return chosen;
  const behavior = integration.passthroughBehavior ?? 'WHEN_NO_MATCH';
  const refuses = behavior === 'NEVER' || (behavior === 'WHEN_NO_TEMPLATES' && Object.keys(templates).length > 0);
  if (!refuses) return { kind: 'passthrough' };
  return {
    kind: 'refused',
    reason: `no request template matches and the integration's passthroughBehavior is ${behavior}`,
  };
}

/** The response template of an integration response (its selection expression reads the answer and the message). */
export function responseTemplate(
  response: IntegrationResponse,
  sources: Pick<ExpressionSources, 'body' | 'integrationStatus' | 'responseHeader'>,
): TemplateChoice {
  return (
    chooseTemplate(response.responseTemplates ?? {}, response.templateSelectionExpression, sources) ?? {
      kind: 'passthrough',
    }
  );
}

function chooseTemplate(
  templates: Record<string, string>,
  expression: string | undefined,
  sources: ExpressionSources,
): TemplateChoice | undefined {
  const wanted = expression === undefined ? undefined : evaluate(expression, sources);
  const key = [wanted, '$default', ...(expression === undefined ? ['application/json'] : [])].find(
    (k): k is string => k !== undefined && Object.hasOwn(templates, k),
  );
  return key === undefined ? undefined : { kind: 'template', key, template: templates[key]! };
}

/**
 * The integration response an answer selects: the first key `/pattern/` whose pattern matches all of `value` (the
 * status code of a MOCK or HTTP integration, a Lambda error's message), else `$default` (a Lambda function that
 * succeeded: `$default` alone); undefined when neither exists.
 */
export function integrationResponse(
  responses: Record<string, IntegrationResponse> | undefined,
  value: string | undefined,
): { key: string; response: IntegrationResponse } | undefined {
  const entries = Object.entries(responses ?? {});
  const match =
    value === undefined ? undefined : entries.find(([key]) => key !== '$default' && patternMatches(key, value));
  const found = match ?? entries.find(([key]) => key === '$default');
  return found && { key: found[0], response: found[1] };
}

function patternMatches(key: string, value: string): boolean {
  const pattern = /^\/(.*)\/$/s.exec(key)?.[1] ?? key;
  try {
    return new RegExp(`^(?:${pattern})$`, 's').test(value);
  } catch {
    return false;
  }
}

/** A MOCK integration answers the `statusCode` of the JSON it is sent (AWS's example: `{"statusCode":200}`), else 200. */
export function mockStatus(requestBody: string): number {
  const parsed = parseJson(requestBody);
  const value =
    parsed.ok && parsed.value && typeof parsed.value === 'object'
      ? (parsed.value as { statusCode?: unknown }).statusCode
      : undefined;
  const status = typeof value === 'string' ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200;
}
