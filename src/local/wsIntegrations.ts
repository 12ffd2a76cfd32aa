// What a WebSocket route's integration does with an event: a Lambda proxy invocation (the function's `body` goes back
// to the client on two-way routes), an HTTP proxy POST of the message, or a MOCK or HTTP integration with its request
// template, integration responses and response templates (src/core/local/wsTemplates.ts), as is a Lambda function
// called without proxy (type AWS) and an AWS service action (type AWS), recorded or sent to the configured endpoint.
// The integration's contentHandling CONVERT_TO_BINARY sends the bytes a message's base64 stands for; an integration
// response's CONVERT_TO_TEXT gives its template the answer's bytes as base64, CONVERT_TO_BINARY sends the bytes its
// template's base64 stands for (a binary frame). https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
import type { Integration, IntegrationResponse } from '../core/gatewaySpec/model';
import { maxIntegrationTimeoutMs } from '../core/gatewaySpec/model';
import { integrationOutcome, type AccessLogOutcome } from '../core/local/accessLog';
import { isObject } from '../core/local/handlers';
import { parseJson, valueAtJsonPath, type ExpressionSources } from '../core/local/expressions';
import {
  integrationRequestId,
  type FunctionInvocation,
  type RequestDetail,
  type TemplateStep,
} from '../core/local/traffic';
import type { CallOutcome, Gateway } from './gateway';
import { forward, type ProxyOutcome } from './proxy';
import { sendToService } from './awsServiceClient';
import { JSON_SERVICES, serviceTarget } from '../core/local/awsServices';
import { header } from '../core/local/request';
import { decodeBase64 } from '../core/local/responses';
import { mapWsRequest, type ForwardedRequest } from '../core/local/paramMapping';
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
  /** What a two-way route sends back to the client: text, or bytes (a binary frame). */
  body: string | Buffer | undefined;
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
    lambda: integration.type === 'AWS_PROXY' || (integration.type === 'AWS' && !!gw.functionFor(integration.uri)),
    status: res.statusCode,
    error: res.error,
    latencyMs: performance.now() - started,
    requestId: integrationRequestId(detail),
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
  const payload = integration.contentHandling === 'CONVERT_TO_BINARY' ? decodeBase64(message) : message;
  if (payload === undefined) return failure(notBase64('the message', 'integration'));
  const call = { message, payload, event, timeoutMs, requestId, detail };
  if (integration.type === 'HTTP_PROXY') return answered(await post(gw, integration, payload, call));
  if (integration.type === 'AWS_PROXY') return callLambda(gw, integration, event, call);
  return runNonProxy(gw, integration, call);
}

interface NonProxyCall {
  message: string;
  /** What the integration is sent: the message, or the bytes its base64 stands for (CONVERT_TO_BINARY). */
  payload: string | Buffer;
  event: Record<string, unknown>;
  timeoutMs: number;
  requestId: string;
  detail: RequestDetail;
}

/** What a non-proxy integration's backend answered. */
interface BackendAnswer {
  statusCode: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** What the keys `/pattern/` of integration responses match: the status code, a Lambda error's message; none: `$default`. */
  selects: string | undefined;
}

/**
 * A MOCK, HTTP or Lambda (type AWS) integration: the request template, the backend (a MOCK answers itself), the
 * integration response its answer selects and that response's template.
 */
async function runNonProxy(gw: Gateway, integration: Integration, call: NonProxyCall): Promise<WsIntegrationResult> {
  const vars = templateVariables(gw, call.event);
  const request = await requestPayload(gw, integration, call, vars);
  if (!request.ok) return failure(request.error);
  const answer = await backend(gw, integration, request.payload, call);
  if (!('selects' in answer)) return answer;
  const chosen = integrationResponse(integration.responses, answer.selects);
  // API Gateway answers a non-proxy integration only through an integration response (APIGW513 warns of none).
  if (!chosen) return { statusCode: answer.statusCode, body: undefined };
  return respond(gw, call, answer, chosen, vars);
}

/**
 * What the backend is sent: what the request template makes of the message, or (CONVERT_TO_BINARY) the bytes the
 * message's base64 stands for, with no template (AWS: "You don't provide a mapping template for such a conversion").
 */
async function requestPayload(
  gw: Gateway,
  integration: Integration,
  call: NonProxyCall,
  vars: (body: string) => TemplateInput,
): Promise<{ ok: true; payload: string | Buffer } | { ok: false; error: string }> {
  if (typeof call.payload !== 'string') {
    const converted = { contentHandling: 'CONVERT_TO_BINARY', output: call.message } as const;
    keepStep(call.detail, { step: 'request', template: null, ...converted });
    return { ok: true, payload: call.payload };
  }
  const choice = requestTemplate(integration, call.message);
  const request = await transform(gw, choice, vars(call.message), call.timeoutMs);
  if (!request.ok) return request;
  keepStep(call.detail, { step: 'request', template: templateKey(choice), output: request.text });
  return { ok: true, payload: request.text };
}

/** The chosen integration response's template applied to the answer, and its payload conversion. */
async function respond(
  gw: Gateway,
  call: NonProxyCall,
  answer: BackendAnswer,
  chosen: { key: string; response: IntegrationResponse },
  vars: (body: string) => TemplateInput,
): Promise<WsIntegrationResult> {
  const handling = chosen.response.contentHandling;
  const template = responseTemplate(chosen.response, {
    body: call.message,
    integrationStatus: String(answer.statusCode),
    responseHeader: (name) => header(answer.headers, name),
  });
  const text = answer.body.toString(handling === 'CONVERT_TO_TEXT' ? 'base64' : 'utf8');
  const response = await transform(gw, template, vars(text), call.timeoutMs);
  if (!response.ok) return failure(response.error);
  const step = { step: 'response', integrationResponse: chosen.key, template: templateKey(template) } as const;
  keepStep(call.detail, { ...step, ...(handling ? { contentHandling: handling } : {}), output: response.text });
  if (handling !== 'CONVERT_TO_BINARY') return { statusCode: answer.statusCode, body: response.text || undefined };
  const bytes = decodeBase64(response.text);
  if (!bytes) return failure(notBase64('what the response template made', 'integration response'));
  return { statusCode: answer.statusCode, body: bytes.length ? bytes : undefined };
}

/** AWS: "If the conversion fails, it returns a 500 response, which indicates an API configuration error." */
function notBase64(what: string, owner: string): string {
  return `${what} is not base64, which the ${owner}'s contentHandling CONVERT_TO_BINARY decodes`;
}

async function backend(
  gw: Gateway,
  integration: Integration,
  payload: string | Buffer,
  call: NonProxyCall,
): Promise<BackendAnswer | WsIntegrationResult> {
  const request = payload.toString();
  if (integration.type === 'MOCK') {
    const statusCode = mockStatus(request);
    return { statusCode, headers: [], body: Buffer.alloc(0), selects: String(statusCode) };
  }
  if (integration.type === 'AWS')
    return gw.functionFor(integration.uri)
      ? lambdaAnswer(gw, integration, request, call)
      : serviceAnswer(gw, integration, request, call);
  const out = await post(gw, integration, payload, call);
  if (out.kind !== 'ok') return answered(out);
  return { ...out, selects: String(out.statusCode) };
}

/**
 * A Lambda function called without proxy: the request template's JSON is its event, its result (as JSON) the answer;
 * a handler's error is answered too, its `errorMessage` selecting the integration response (AWS: "For Lambda-based
 * integrations, it is `$integration.response.body.errorMessage`").
 */
async function lambdaAnswer(
  gw: Gateway,
  integration: Integration,
  request: string,
  call: NonProxyCall,
): Promise<BackendAnswer | WsIntegrationResult> {
  const event = parseJson(request);
  if (!event.ok) return failure('the request template did not make JSON, and a Lambda function is sent JSON');
  const outcome = await invokeRecorded(gw, integration, event.value, call);
  if (outcome.kind === 'ok')
    return {
      statusCode: 200,
      headers: [],
      body: Buffer.from(JSON.stringify(outcome.value ?? null)),
      selects: undefined,
    };
  if (outcome.kind !== 'error') return lambdaFailure(gw, outcome, call.requestId);
  const { errorMessage, errorType, stackTrace } = outcome.error;
  const body = JSON.stringify({ errorMessage, errorType, ...(stackTrace ? { stackTrace } : {}) });
  return { statusCode: 200, headers: [], body: Buffer.from(body), selects: errorMessage };
}

function templateKey(choice: TemplateChoice): string | null {
  return choice.kind === 'template' ? choice.key : null;
}

/** Keeps a template's step in the request's detail (Show Request Details). */
function keepStep(detail: RequestDetail, step: TemplateStep): void {
  (detail.templates ??= []).push(step);
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

/** Sends the message (or what the request template made of it) to an HTTP integration, its request parameters applied. */
function post(gw: Gateway, integration: Integration, body: string | Buffer, call: NonProxyCall): Promise<ProxyOutcome> {
  const uri = integration.uri ?? 'http://invalid';
  const url = new URL(uri);
  const head: ForwardedRequest = {
    method: integration.method && integration.method !== 'ANY' ? integration.method : 'POST',
    // As written, so that `{name}` is still there for a path parameter to fill.
    path: uri.slice(url.origin.length).split(/[?#]/)[0] || '/',
    query: [...url.searchParams],
    headers: [['content-type', 'application/json']],
  };
  const mapped = mapWsRequest(head, integration.requestParameters, wsSources(gw, call.event, call.message));
  return forward(url, mapped, typeof body === 'string' ? Buffer.from(body) : body, call.timeoutMs, gw.clock);
}

/** What a WebSocket integration's request parameters read: the $connect request's headers and query, the message. */
function wsSources(gw: Gateway, event: Record<string, unknown>, message: string): ExpressionSources {
  const headers = isObject(event.headers) ? event.headers : {};
  const query = isObject(event.queryStringParameters) ? event.queryStringParameters : {};
  const requestContext = isObject(event.requestContext) ? event.requestContext : {};
  return {
    header: (name) =>
      stringAt(
        headers,
        Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()),
      ),
    querystring: (name) => stringAt(query, name),
    body: message,
    // `context.identity.sourceIp` too: a path into the requestContext, its value as text.
    context: (name) => valueAtJsonPath(requestContext, name),
    stageVariables: gw.stageVariables,
  };
}

function stringAt(record: Record<string, unknown>, key: string | undefined): string | undefined {
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : undefined;
}

function answered(out: ProxyOutcome): WsIntegrationResult {
  if (out.kind === 'ok') return { statusCode: out.statusCode, body: out.body.toString('utf8') };
  return failure(out.kind === 'timeout' ? 'the integration timed out' : out.message);
}

function failure(error: string): WsIntegrationResult {
  return { statusCode: 500, body: undefined, error };
}

/**
 * An AWS service action (type AWS): recorded in the request's detail and answered `{}` with 200, or with
 * `awsServices.endpoint`, sent there as the JSON-protocol action of the services in JSON_SERVICES.
 */
async function serviceAnswer(
  gw: Gateway,
  integration: Integration,
  request: string,
  call: NonProxyCall,
): Promise<BackendAnswer | WsIntegrationResult> {
  const target = serviceTarget(integration.uri ?? '');
  if (!target) return failure(`${integration.uri ?? '(no uri)'} is neither a Lambda function nor an AWS service`);
  const json = target.action ? JSON_SERVICES[target.service] : undefined;
  const parsed = parseJson(request);
  const name = `${target.service} ${target.action ?? target.path}`;
  call.detail.invocations.push({ kind: 'integration', target: name, event: parsed.ok ? parsed.value : request });
  const { mode, endpoint } = gw.options.awsServices;
  if (mode !== 'endpoint' || !endpoint || !json)
    return { statusCode: 200, headers: [], body: Buffer.from('{}'), selects: '200' };
  if (!parsed.ok || !isObject(parsed.value))
    return failure(`the request template did not make a JSON object, which ${name} is sent`);
  const action = { service: target.service, target: `${json.prefix}.${target.action}`, json: json.json };
  const region = gw.options.awsServices.region ?? target.region;
  const res = await sendToService(gw, action, parsed.value, region, call.timeoutMs);
  return { ...res, selects: String(res.statusCode) };
}

async function callLambda(
  gw: Gateway,
  integration: Integration,
  event: Record<string, unknown>,
  call: NonProxyCall,
): Promise<WsIntegrationResult> {
  const outcome = await invokeRecorded(gw, integration, event, call);
  return outcome.kind === 'ok' ? readWsResult(outcome.value) : lambdaFailure(gw, outcome, call.requestId);
}

/** Invokes the integration's function, kept in the request's detail (the traffic channel's "show event"). */
async function invokeRecorded(
  gw: Gateway,
  integration: Integration,
  event: unknown,
  call: NonProxyCall,
): Promise<CallOutcome> {
  const inv: FunctionInvocation = { kind: 'integration', target: String(integration.uri), event };
  call.detail.invocations.push(inv);
  return gw.callFunction(integration.uri, inv, call.timeoutMs);
}

function lambdaFailure(gw: Gateway, outcome: CallOutcome, requestId: string): WsIntegrationResult {
  return {
    statusCode: outcome.kind === 'integrationTimeout' ? 504 : 500,
    body: undefined,
    error: gw.explain(outcome, requestId) ?? 'failed',
  };
}
