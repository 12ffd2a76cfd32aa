// What a WebSocket route's integration does with an event: a Lambda proxy invocation (the function's `body` goes back
// to the client on two-way routes), an HTTP proxy POST of the message, or a MOCK (answered by the gateway). Non-proxy
// AWS integrations with mapping templates are not emulated (docs/LOCAL.md#what-differs).
import type { Integration } from '../core/gatewaySpec/model';
import { maxIntegrationTimeoutMs } from '../core/gatewaySpec/model';
import { integrationOutcome, type AccessLogOutcome } from '../core/local/accessLog';
import { isObject } from '../core/local/handlers';
import type { RequestDetail } from '../core/local/traffic';
import type { Gateway } from './gateway';
import { forward } from './proxy';

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
  if (integration.type === 'MOCK') return { statusCode: 200, body: undefined };
  if (integration.type === 'HTTP_PROXY' || integration.type === 'HTTP') {
    const url = new URL(integration.uri ?? 'http://invalid');
    const body = Buffer.from(typeof event.body === 'string' ? event.body : '');
    const out = await forward(
      url,
      { method: 'POST', path: url.pathname, query: [], headers: [['content-type', 'application/json']] },
      body,
      timeoutMs,
      gw.clock,
    );
    if (out.kind !== 'ok')
      return {
        statusCode: 500,
        body: undefined,
        error: out.kind === 'timeout' ? 'the integration timed out' : out.message,
      };
    return { statusCode: out.statusCode, body: out.body.toString('utf8') };
  }
  if (integration.type !== 'AWS_PROXY')
    return {
      statusCode: 500,
      body: undefined,
      error: `${integration.type} integrations with mapping templates are not emulated locally`,
    };
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
