// A stage's access log line for a local request, as API Gateway writes one: each `$context` variable of the stage's
// `accessLog.format` replaced by the request's value, and `-` where the request has none
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html). Values are
// written as they are, as API Gateway writes them: a format that quotes them is the format's affair; but a variable
// named like a secret (`$context.authorizer.apiToken`) is shown `[redacted]`, as the line is only ever shown. One pass.
import { CONTEXT_VARIABLE } from '../gatewaySpec/accessLogVariables';
import { isSecretName, REDACTED } from '../redact';
import type { Protocol } from '../gatewaySpec/model';

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
  return accessLogLine(format, (name) => (Object.hasOwn(values, name) ? values[name] : shownContext(name, context)));
}

/**
 * A context variable as the workbench shows it: one named like a secret (an authorizer's `apiToken`, a claim's
 * `access_token`) as `[redacted]`, since the format's own labels (`"t": "$context.authorizer.apiToken"`) say nothing
 * the redactor could recognise.
 */
function shownContext(name: string, context: (name: string) => unknown): unknown {
  const v = context(name);
  return typeof v === 'string' && v !== '' && isSecretName(name) ? REDACTED : v;
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
  /** Whose variables: `authorizer.status` is API Gateway's on WebSocket APIs, a context key on HTTP APIs. */
  protocol: Protocol;
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
  /** The route's authorization, when it has one. */
  authorization?: AuthorizationOutcome;
}

/** How a route's authorization went: the `authorize.*` and `authorizer.*` variables. */
export interface AuthorizationOutcome {
  /** 200 when allowed, else API Gateway's answer (401, 403, 500). */
  status: number;
  latencyMs: number;
  error?: string;
  /** A JWT or Lambda authorizer decided (AWS_IAM is no authorizer). */
  byAuthorizer: boolean;
  /** The Lambda authorizer's invocation, when one ran (none for a cached result). */
  /** Lambda's id of the invocation: none when the function was not reached. */
  invocation?: { latencyMs: number; status?: number; requestId?: string };
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
    ...authorizationVariables(o),
  };
}

/**
 * The authorization's variables: `authorizer.error` on both protocols, the rest on WebSocket APIs only
 * (websocket-api-logging.html). Each only when it has a value, so that a Lambda authorizer's context key of the same
 * name (`$context.authorizer.status` on an HTTP API) reaches the line.
 */
function authorizationVariables(o: AccessLogOutcome): Record<string, string> {
  const a = o.authorization;
  if (!a) return {};
  const out: Record<string, string> = {};
  if (a.byAuthorizer && a.error) out['authorizer.error'] = a.error;
  if (o.protocol !== 'WEBSOCKET') return out;
  out['authorize.status'] = String(a.status);
  out['authorize.latency'] = String(Math.round(a.latencyMs));
  if (a.error) out['authorize.error'] = a.error;
  if (!a.byAuthorizer) return out;
  out['authorizer.status'] = String(a.status);
  out['authorizer.latency'] = String(Math.round(a.latencyMs));
  const call = a.invocation;
  if (call) {
    out['authorizer.integrationLatency'] = String(Math.round(call.latencyMs));
    if (call.status !== undefined) out['authorizer.integrationStatus'] = String(call.status);
    if (call.requestId) out['authorizer.requestId'] = call.requestId;
  }
  return out;
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
  /** Lambda's id of the function's invocation, when one ran. */
  requestId: string | undefined;
}): NonNullable<AccessLogOutcome['integration']> {
  const status = o.error ? undefined : o.status;
  return {
    latencyMs: o.latencyMs,
    status,
    callStatus: o.lambda ? (o.error ? undefined : 200) : status,
    ...(o.error ? { error: o.error } : {}),
    ...(o.lambda && o.requestId ? { requestId: o.requestId } : {}),
  };
}
