// What a WebSocket route's integration does with an event: a Lambda proxy invocation (the function's `body` goes back
// to the client on two-way routes), an HTTP proxy POST of the message, or a MOCK or HTTP integration with its request
// template, integration responses and response templates (src/core/local/wsTemplates.ts). AWS service integrations
// (type AWS) are not emulated (docs/LOCAL.md#what-differs).
import type { Integration } from '../core/gatewaySpec/model';
import { maxIntegrationTimeoutMs } from '../core/gatewaySpec/model';
import { integrationOutcome, type AccessLogOutcome } from '../core/local/accessLog';
import { isObject } from '../core/local/handlers';
import type { RequestDetail } from '../core/local/traffic';
import type { Gateway } from './gateway';
import { forward, type ProxyOutcome } from './proxy';
import { header } from '../core/local/request';
import type { ForwardedRequest } from '../core/local/paramMapping';
import { templateContext, type Rendered, type TemplateInput } from '../core/local/vtl';
import {
  integrationResponse,
  mockStatus,
  requestTemplate,
  responseTemplate,
  type TemplateChoice,
} from '../core/local/wsTemplates';

export interface WsIntegrationResult {
  /** The status the integration answered (the Lambda result's statusCode, 200 when it has none). */
  statusCode: number;
  /** What a two-way route sends back to the client. */
  body: string | undefined;
  /** The Lambda result's headers ($connect's `Sec-WebSocket-Protocol` picks the subprotocol). */
  headers?: Record<string, string>;
  error?: string;
  /** The integration's part of the stage's access log line. */
  access?: AccessLogOutcome['integration'];
}

/** A WebSocket Lambda result: `{ statusCode, body, headers }`, or a bare value sent as it is. */
export function readWsResult(value: unknown): Omit<WsIntegrationResult, 'error' | 'access'> {
  if (isObject(value) && ('statusCode' in value || 'body' in value)) {
    const status = Number(value.statusCode ?? 200);
    const body =
      value.body === undefined || value.body === null
        ? undefined
        : typeof value.body === 'string'
          ? value.body
          : JSON.stringify(value.body);
    const headers = isObject(value.headers)
      ? Object.fromEntries(Object.entries(value.headers).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : undefined;
    return { statusCode: Number.isInteger(status) ? status : 200, body, ...(headers ? { headers } : {}) };
  }
  if (value === undefined || value === null) return { statusCode: 200, body: undefined };
  return { statusCode: 200, body: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** Runs the integration, and says what the stage's access log tells of it (a MOCK is not an integration call). */
export async function runWsIntegration(
  gw: Gateway,
  integration: Integration,
  event: Record<string, unknown>,
  requestId: string,
  detail: RequestDetail,
): Promise<WsIntegrationResult> {
  const started = performance.now();
  const res = await callIntegration(gw, integration, event, requestId, detail);
  if (integration.type === 'MOCK') return res;
  const access = integrationOutcome({
    lambda: integration.type === 'AWS_PROXY',
    status: res.statusCode,
    error: res.error,
    latencyMs: performance.now() - started,
    requestId,
  });
  return { ...res, access };
}

async function callIntegration(
  gw: Gateway,
  integration: Integration,
  event: Record<string, unknown>,
  requestId: string,
  detail: RequestDetail,
): Promise<WsIntegrationResult> {
  const timeoutMs = integration.timeoutMs ?? maxIntegrationTimeoutMs('WEBSOCKET');
  const message = typeof event.body === 'string' ? event.body : '';
  if (integration.type === 'MOCK' || integration.type === 'HTTP')
    return runNonProxy(gw, integration, { message, event, timeoutMs });
  if (integration.type === 'HTTP_PROXY') return answered(await post(gw, integration, message, timeoutMs));
  if (integration.type !== 'AWS_PROXY')
    return {
      statusCode: 500,
      body: undefined,
      error: `${integration.type} integrations with mapping templates are not emulated locally`,
    };
  return callLambda(gw, integration, event, requestId, detail, timeoutMs);
}

interface NonProxyCall {
  message: string;
  event: Record<string, unknown>;
  timeoutMs: number;
}

/** A MOCK or HTTP integration: the request template, the backend (a MOCK answers itself), the integration response. */
async function runNonProxy(gw: Gateway, integration: Integration, call: NonProxyCall): Promise<WsIntegrationResult> {
  const vars = templateVariables(gw, call.event);
  const request = await transform(gw, requestTemplate(integration, call.message), vars(call.message), call.timeoutMs);
  if (!request.ok) return failure(request.error);
  const answer =
    integration.type === 'MOCK' ? mockAnswer(request.text) : await post(gw, integration, request.text, call.timeoutMs);
  if (answer.kind !== 'ok') return answered(answer);
  const body = answer.body.toString('utf8');
  const chosen = integrationResponse(integration.responses, String(answer.statusCode));
  // Without an integration response for it, the answer's body passes on as it is (a MOCK's is empty).
  if (!chosen) return { statusCode: answer.statusCode, body: body || undefined };
  const template = responseTemplate(chosen.response, {
    body: call.message,
    integrationStatus: String(answer.statusCode),
    responseHeader: (name) => header(answer.headers, name),
  });
  const response = await transform(gw, template, vars(body), call.timeoutMs);
  if (!response.ok) return failure(response.error);
  return { statusCode: answer.statusCode, body: response.text || undefined };
}

/** What a MOCK integration answers: the status its request asks for, no body. */
function mockAnswer(request: string): ProxyOutcome & { kind: 'ok' } {
  return { kind: 'ok', statusCode: mockStatus(request), headers: [], body: Buffer.alloc(0) };
}

/** What a template of this message reads, `$input` aside. */
function templateVariables(gw: Gateway, event: Record<string, unknown>): (body: string) => TemplateInput {
  const context = templateContext(isObject(event.requestContext) ? event.requestContext : {});
  const stageVariables = gw.stageVariables ?? {};
  return (body) => ({ body, context, stageVariables });
}

async function transform(
  gw: Gateway,
  choice: TemplateChoice,
  input: TemplateInput,
  timeoutMs: number,
): Promise<Rendered> {
  if (choice.kind === 'passthrough') return { ok: true, text: input.body };
  if (choice.kind === 'refused') return { ok: false, error: choice.reason };
  return gw.templates.render(choice.template, input, timeoutMs);
}

function post(gw: Gateway, integration: Integration, body: string, timeoutMs: number): Promise<ProxyOutcome> {
  const url = new URL(integration.uri ?? 'http://invalid');
  const head: ForwardedRequest = {
    method: 'POST',
    path: url.pathname,
    query: [],
    headers: [['content-type', 'application/json']],
  };
  return forward(url, head, Buffer.from(body), timeoutMs, gw.clock);
}

function answered(out: ProxyOutcome): WsIntegrationResult {
  if (out.kind === 'ok') return { statusCode: out.statusCode, body: out.body.toString('utf8') };
  return failure(out.kind === 'timeout' ? 'the integration timed out' : out.message);
}

function failure(error: string): WsIntegrationResult {
  return { statusCode: 500, body: undefined, error };
}

async function callLambda(
  gw: Gateway,
  integration: Integration,
  event: Record<string, unknown>,
  requestId: string,
  detail: RequestDetail,
  timeoutMs: number,
): Promise<WsIntegrationResult> {
  const inv: RequestDetail['invocations'][number] = { kind: 'integration', target: String(integration.uri), event };
  detail.invocations.push(inv);
  const outcome = await gw.callFunction(integration.uri, event, requestId, timeoutMs);
  if (outcome.kind !== 'ok') {
    inv.error = outcome;
    return {
      statusCode: outcome.kind === 'integrationTimeout' ? 504 : 500,
      body: undefined,
      error: gw.explain(outcome, requestId) ?? 'failed',
    };
  }
  inv.result = outcome.value;
  return readWsResult(outcome.value);
}
