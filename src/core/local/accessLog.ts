// A stage's access log line for a local request, as API Gateway writes one: each `$context` variable of the stage's
// `accessLog.format` replaced by the request's value, and `-` where the request has none
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html). Values are
// written as they are, as API Gateway writes them: a format that quotes them is the format's affair. One pass.
import { CONTEXT_VARIABLE } from '../gatewaySpec/accessLogVariables';

/**
 * A stage's line for a request: the outcome's variables (./outcomeVariables), then the request's own from `context`
 * (named without `$context.`).
 */
export function stageAccessLogLine(
  format: string,
  outcome: AccessLogOutcome,
  context: (name: string) => unknown,
): string {
  const values = outcomeVariables(outcome);
  return accessLogLine(format, (name) => (Object.hasOwn(values, name) ? values[name] : context(name)));
}

/** A request context as dotted names (`identity.sourceIp`, `authorizer.principalId`), each value as text. */
export function flatContext(context: Record<string, unknown>, prefix = '', out: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(context)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatContext(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else if (v !== undefined && v !== null) out[`${prefix}${k}`] = String(v);
  }
  return out;
}

export function accessLogLine(format: string, valueOf: (name: string) => unknown): string {
  return format.replace(CONTEXT_VARIABLE, (_all, name: string) => {
    const v = valueOf(name);
    // Only text: a name such as `$context.constructor` must not find what an object inherits.
    return typeof v === 'string' && v !== '' ? v : '-';
  });
}

/** Milliseconds or a status as API Gateway logs them: whole numbers; none when there is none. */
function roundedText(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(Math.round(n));
}

/** What a request's access log line tells beyond the request itself: its answer and its integration. */
export interface AccessLogOutcome {
  status: number;
  /** The answer's bytes (HTTP APIs; WebSocket logs have no such variable). */
  responseLength?: number;
  responseLatencyMs: number;
  /** Why API Gateway answered the error itself (`Not Found`, `Unauthorized`, `Too Many Requests`…). */
  gatewayError?: string;
  integration?: {
    latencyMs: number;
    /** The status the integration gave: a Lambda function's `statusCode`, an HTTP backend's status. */
    status?: number;
    /** The status of the call itself: Lambda's 200 once the function answered, a backend's status otherwise. */
    callStatus?: number;
    error?: string;
    requestId?: string;
  };
}

/**
 * The values of the variables an outcome gives, by name without `$context.`: the request's own (request id, route
 * key, method, source IP, authorizer values…) are the caller's, from the same context mapping expressions read.
 */
export function outcomeVariables(o: AccessLogOutcome): Record<string, string | undefined> {
  const i = o.integration;
  return {
    status: String(o.status),
    responseLength: roundedText(o.responseLength),
    responseLatency: roundedText(o.responseLatencyMs),
    'error.message': o.gatewayError,
    'error.messageString': o.gatewayError === undefined ? undefined : JSON.stringify(o.gatewayError),
    integrationLatency: roundedText(i?.latencyMs),
    'integration.latency': roundedText(i?.latencyMs),
    'integration.status': roundedText(i?.status),
    integrationStatus: roundedText(i?.callStatus),
    'integration.integrationStatus': roundedText(i?.callStatus),
    integrationErrorMessage: i?.error,
    'integration.error': i?.error,
    'integration.requestId': i?.requestId,
  };
}

/**
 * The integration's part of a request's outcome: for a Lambda function, the call's status is Lambda's (200 once it
 * ran the function) and `status` the function's own; for any other integration both are its status.
 */
export function integrationOutcome(o: {
  lambda: boolean;
  status: number | undefined;
  error: string | undefined;
  latencyMs: number;
  requestId: string;
}): NonNullable<AccessLogOutcome['integration']> {
  const status = o.error ? undefined : o.status;
  return {
    latencyMs: o.latencyMs,
    status,
    callStatus: o.lambda ? (o.error ? undefined : 200) : status,
    ...(o.error ? { error: o.error } : {}),
    ...(o.lambda ? { requestId: o.requestId } : {}),
  };
}
