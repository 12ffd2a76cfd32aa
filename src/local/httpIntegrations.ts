// The integrations of an HTTP API route: Lambda proxy (payload 1.0 or 2.0, or a mapped `proxy` server), HTTP proxy
// with parameter mapping, and first-class AWS service integrations (recorded, or sent to an endpoint).
import type { Integration } from '../core/gatewaySpec/model';
import { maxIntegrationTimeoutMs, payloadFormatVersion } from '../core/gatewaySpec/model';
import { recordedAnswer, SERVICE_TARGETS, serviceRequestBody } from '../core/local/awsServices';
import { evaluate, type ExpressionSources } from '../core/local/expressions';
import { httpEventV1, httpEventV2, type HttpEventInput } from '../core/local/events';
import { integrationUrl, mapRequest, type ForwardedRequest } from '../core/local/paramMapping';
import { parseQuery } from '../core/local/request';
import {
  GATEWAY,
  interpretV1,
  interpretV2,
  jsonResponse,
  MalformedResult,
  type GatewayResponse,
} from '../core/local/responses';
import type { FunctionInvocation, RequestDetail } from '../core/local/traffic';
import type { Gateway } from './gateway';
import { forward } from './proxy';
import { sendToService } from './awsServiceClient';

export interface IntegrationCall {
  gw: Gateway;
  integrationName: string;
  integration: Integration;
  input: HttpEventInput;
  sources: ExpressionSources;
  detail: RequestDetail;
}

export interface IntegrationAnswer {
  response: GatewayResponse;
  error?: string;
}

function timeoutOf(call: IntegrationCall): number {
  return call.integration.timeoutMs ?? maxIntegrationTimeoutMs(call.gw.spec.api.protocol);
}

export async function runHttpIntegration(call: IntegrationCall): Promise<IntegrationAnswer> {
  const { integration } = call;
  if (integration.type === 'AWS_PROXY' && integration.subtype) return awsService(call);
  if (integration.type === 'AWS_PROXY') return lambdaProxy(call);
  if (integration.type === 'HTTP_PROXY') {
    if (integration.vpcLink || !/^https?:\/\//.test(integration.uri ?? ''))
      return {
        response: GATEWAY.internalError(),
        error: `private integration ${call.integrationName} has no local target (docs/LOCAL.md#what-differs)`,
      };
    const url = integrationUrl(integration.uri!, call.input.pathParameters, call.input.stageVariables);
    return httpProxy(call, new URL(url), true);
  }
  return {
    response: GATEWAY.internalError(),
    error: `integration type ${integration.type} is not served by HTTP APIs`,
  };
}

async function lambdaProxy(call: IntegrationCall): Promise<IntegrationAnswer> {
  const { gw, integration, input, detail } = call;
  const target = gw.functionFor(integration.uri);
  const proxyUrl = target?.fn ? undefined : target && gw.mapping.functions?.[target.name]?.proxy;
  if (proxyUrl) return httpProxy(call, new URL(proxyUrl), false);
  const v2 = payloadFormatVersion(gw.spec, integration) === '2.0';
  const event = v2 ? httpEventV2(input) : httpEventV1(input);
  const inv: FunctionInvocation = { kind: 'integration', target: target?.name ?? String(integration.uri), event };
  detail.invocations.push(inv);
  const outcome = await gw.callFunction(integration.uri, inv, timeoutOf(call));
  if (outcome.kind === 'integrationTimeout')
    return { response: GATEWAY.serviceUnavailable(), error: 'the integration timed out' };
  if (outcome.kind !== 'ok')
    return {
      response: GATEWAY.internalError(),
      error: gw.explain(outcome, input.request.requestId) ?? 'the function failed',
    };
  try {
    return { response: v2 ? interpretV2(outcome.value) : interpretV1(outcome.value) };
  } catch (err) {
    if (err instanceof MalformedResult)
      return { response: GATEWAY.internalError(), error: `malformed Lambda proxy response: ${err.message}` };
    throw err;
  }
}

async function httpProxy(call: IntegrationCall, url: URL, mapped: boolean): Promise<IntegrationAnswer> {
  const { gw, integration, input } = call;
  const r = input.request;
  const base: ForwardedRequest = {
    method: integration.method && integration.method !== 'ANY' && mapped ? integration.method : r.method,
    path: mapped ? url.pathname : `${url.pathname.replace(/\/$/, '')}${r.stagePath}`,
    query: [...parseQuery(url.search.slice(1)), ...parseQuery(r.rawQueryString)],
    headers: [
      ...r.headers.filter(([k]) => k.toLowerCase() !== 'host'),
      ['x-forwarded-for', r.sourceIp],
      ['x-forwarded-proto', 'http'],
      [
        'forwarded',
        `by=${input.api?.domainName ?? ''};for=${r.sourceIp};host=${input.api?.domainName ?? ''};proto=http`,
      ],
    ],
  };
  const req = mapped ? mapRequest(base, integration.requestParameters, call.sources) : base;
  const outcome = await forward(url, req, r.body, timeoutOf(call), gw.clock);
  if (outcome.kind === 'timeout')
    return { response: GATEWAY.serviceUnavailable(), error: 'the HTTP integration timed out' };
  if (outcome.kind === 'error')
    return { response: GATEWAY.internalError(), error: `the HTTP integration failed: ${outcome.message}` };
  return { response: { statusCode: outcome.statusCode, headers: outcome.headers, body: outcome.body } };
}

async function awsService(call: IntegrationCall): Promise<IntegrationAnswer> {
  const { gw, integration, input, detail } = call;
  const subtype = integration.subtype!;
  const parameters: Record<string, string> = {};
  for (const [k, expr] of Object.entries(integration.requestParameters ?? {})) {
    const v = evaluate(expr, call.sources);
    if (v !== undefined) parameters[k] = v;
  }
  const record = { subtype, parameters, requestId: input.request.requestId, time: gw.clock.now() };
  detail.invocations.push({ kind: 'integration', target: subtype, event: record });
  gw.events.emit('awsServiceCall', record);
  if (gw.options.awsServices.mode === 'endpoint' && gw.options.awsServices.endpoint) {
    const target = SERVICE_TARGETS[subtype];
    const res = await sendToService(
      gw,
      target,
      serviceRequestBody(subtype, parameters),
      parameters.Region ?? gw.options.awsServices.region ?? gw.api.region,
      timeoutOf(call),
    );
    return res.statusCode >= 400
      ? { response: res, error: `${subtype} answered ${res.statusCode}` }
      : { response: res };
  }
  return { response: jsonResponse(200, recordedAnswer(record, gw.api.region, gw.api.accountId)) };
}
