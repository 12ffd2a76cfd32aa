// Renders one of a WebSocket spec's mapping templates against a message, as the local API renders it when that
// message reaches the integration: the same worker (src/local/templates.ts) and quota, `$input` of the message (of
// the backend's answer, for a response template), `$context` of a sample connection on the route that uses the
// integration, and the stage's variables. "API Gateway: Try Mapping Template…" runs it.
import type { GatewaySpec } from '../core/gatewaySpec/model';
import { LOCAL_AWS, maxIntegrationTimeoutMs, resolveAwsVariables } from '../core/gatewaySpec/model';
import { WorkbenchError } from '../core/errors';
import { wsRequestContext } from '../core/local/events';
import { templateContext, type Rendered } from '../core/local/vtl';
import { systemClock } from '../core/tail/clock';
import { TemplateRunner } from './templates';

/** A template of the spec: its integration, the integration response it belongs to (none: a request template), its key. */
export interface TemplateRef {
  integration: string;
  response?: string;
  key: string;
}

/** Every mapping template of the spec, request templates of each integration first. */
export function specTemplates(spec: GatewaySpec): Array<TemplateRef & { template: string }> {
  const out: Array<TemplateRef & { template: string }> = [];
  for (const [integration, i] of Object.entries(spec.integrations ?? {})) {
    for (const [key, template] of Object.entries(i.requestTemplates ?? {})) out.push({ integration, key, template });
    for (const [response, r] of Object.entries(i.responses ?? {}))
      for (const [key, template] of Object.entries(r.responseTemplates ?? {}))
        out.push({ integration, response, key, template });
  }
  return out;
}

/** What a template made of the message, or why it failed, with the route and stage it was rendered for. */
export interface TriedTemplate {
  rendered: Rendered;
  routeKey: string;
  stage: string | undefined;
}

/** Renders the template `ref` names against `message`; a template that does not exist is a `NotFound` error. */
export async function tryTemplate(
  spec: GatewaySpec,
  ref: TemplateRef,
  message: string,
  stage = Object.keys(spec.stages ?? {})[0],
): Promise<TriedTemplate> {
  const found = specTemplates(spec).find(
    (t) => t.integration === ref.integration && t.response === ref.response && t.key === ref.key,
  );
  if (!found)
    throw new WorkbenchError('NotFound', `${describeTemplate(ref)} is not in the spec.`, {
      hint: 'Pick one of the templates the spec has.',
    });
  const routeKey =
    Object.entries(spec.routes ?? {}).find(([, r]) => r.integration === ref.integration)?.[0] ?? '$default';
  const context = templateContext(sampleRequestContext(routeKey, stage ?? 'local'));
  const stageVariables = (stage ? spec.stages?.[stage]?.variables : undefined) ?? {};
  const input = { body: message, context, stageVariables };
  const timeoutMs = spec.integrations?.[ref.integration]?.timeoutMs ?? maxIntegrationTimeoutMs('WEBSOCKET');
  const runner = new TemplateRunner(systemClock);
  try {
    return {
      // As the local API serves it: the workbench's `${aws:region}` and `${aws:accountId}` resolved.
      rendered: await runner.render(resolveAwsVariables(found.template, LOCAL_AWS), input, timeoutMs),
      routeKey,
      stage,
    };
  } finally {
    runner.dispose();
  }
}

/** `orders · request template $default`, `orders · response /4\d\d/ · template $default`. */
export function describeTemplate(ref: TemplateRef): string {
  return ref.response === undefined
    ? `${ref.integration} · request template ${ref.key}`
    : `${ref.integration} · response ${ref.response} · template ${ref.key}`;
}

/** The requestContext of a message on a local connection, as the local API makes it. */
function sampleRequestContext(routeKey: string, stage: string): Record<string, unknown> {
  const now = systemClock.now();
  return wsRequestContext({
    api: { apiId: 'local', ...LOCAL_AWS, stage, domainName: '127.0.0.1' },
    connection: {
      connectionId: 'TryTemplate=',
      connectedAt: now,
      sourceIp: '127.0.0.1',
      userAgent: undefined,
      headers: [],
      rawQueryString: '',
    },
    routeKey,
    eventType: 'MESSAGE',
    requestId: 'TryTemplateRequest=',
    messageId: 'TryTemplateMessage=',
    timeEpoch: now,
    stageVariables: undefined,
  });
}
