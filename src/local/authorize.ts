// Route authorization of the local API: JWT, Lambda REQUEST authorizers (with caching) and AWS_IAM. Each returns the
// authorizer result integrations see, or the gateway's answer (401, 403, 500) and why.
// A Lambda authorizer answers within 10 s ("Timeout for Lambda authorizer response", limits.html) or the request is 500.
// Its results are cached only on HTTP APIs and only with identity sources ("Supported only for HTTP API Lambda
// authorizers"; "To enable caching, your authorizer must have at least one identity source"). A WebSocket API's
// authorizer is a REST API's ("similar to that for REST APIs", apigateway-websocket-api-lambda-auth.html): its
// `Unauthorized` error is 401 and a JSON object or array among its context values is 500
// (api-gateway-lambda-authorizer-output.html, apigateway-use-lambda-authorizer.html).
import type { Authorizer, AuthorizationType } from '../core/gatewaySpec/model';
import { authorizerPayloadFormatVersion, identitySources } from '../core/gatewaySpec/model';
import { evaluate, type ExpressionSources } from '../core/local/expressions';
import type { AuthorizationOutcome } from '../core/local/accessLog';
import type { AuthorizerResult } from '../core/local/events';
import { checkJwt, tokenOf } from '../core/local/jwt';
import { decide, identityValues, readVerdict, type AuthorizerVerdict } from '../core/local/lambdaAuthorizer';
import { GATEWAY, jsonResponse, type GatewayResponse } from '../core/local/responses';
import type { FunctionInvocation } from '../core/local/traffic';
import {
  EXECUTE_API_MAX_SKEW_MS,
  executeApiRefusal,
  signatureOf,
  verifySigV4,
  type SigV4Failure,
  type SignedRequest,
} from '../core/local/sigv4';
import type { Gateway } from './gateway';

type Decision =
  { ok: true; result: AuthorizerResult | undefined } | { ok: false; response: GatewayResponse; reason: string };

/** The decision, and how it went for the stage's access log (none for a route without authorization). */
export type AuthOutcome = Decision & { log?: AuthorizationOutcome };

/** The Lambda authorizer's invocation, when one ran for this request. */
type Invocation = AuthorizationOutcome['invocation'];

export interface AuthRequest {
  type: AuthorizationType;
  authorizerName: string | undefined;
  scopes: string[] | undefined;
  sources: ExpressionSources;
  /** For SigV4. */
  signed: SignedRequest;
  /** The route ARN a policy is checked against. */
  routeArn: string;
  requestId: string;
  /** Builds the authorizer event for the identity values (payload version chosen by the caller). */
  authorizerEvent(authorizer: Authorizer, identity: string[]): unknown;
  /** Keeps the authorizer's invocation in the request's detail (before it runs: the call fills it in). */
  onInvocation(inv: FunctionInvocation): void;
  /**
   * A management call — `@connections`, Lambda's Invoke API — which the API's own handlers make (connections.ts): its
   * signature's date is taken 5 minutes off at most, and a refusal is worded as the execute-api front door words it.
   */
  management?: boolean;
  /** The service a management call's signature must be scoped to (`execute-api` for `@connections`). */
  service?: string;
}

const fail = (response: GatewayResponse, reason: string): Decision => ({ ok: false, response, reason });

export async function authorize(gw: Gateway, req: AuthRequest): Promise<AuthOutcome> {
  if (req.type === 'NONE') return { ok: true, result: undefined };
  const started = performance.now();
  const called: { invocation?: Invocation } = {};
  const d = await authorizeBy(gw, req, called);
  return { ...d, log: authorizationOutcome(req.type, d, performance.now() - started, called.invocation) };
}

function authorizationOutcome(
  type: AuthorizationType,
  d: Decision,
  latencyMs: number,
  invocation: Invocation,
): AuthorizationOutcome {
  return {
    status: d.ok ? 200 : d.response.statusCode,
    latencyMs,
    ...(d.ok ? {} : { error: d.reason }),
    byAuthorizer: type !== 'AWS_IAM',
    ...(invocation ? { invocation } : {}),
  };
}

async function authorizeBy(gw: Gateway, req: AuthRequest, called: { invocation?: Invocation }): Promise<Decision> {
  if (req.type === 'AWS_IAM') return authorizeIam(gw, req);
  const authorizer = req.authorizerName ? gw.spec.authorizers?.[req.authorizerName] : undefined;
  if (!authorizer)
    return fail(GATEWAY.internalError(), `the route's authorizer ${req.authorizerName ?? ''} is not defined`);
  if (req.type === 'JWT') return authorizeJwt(gw, req, authorizer);
  return authorizeLambda(gw, req, authorizer, called);
}

async function authorizeJwt(gw: Gateway, req: AuthRequest, authorizer: Authorizer): Promise<Decision> {
  const name = req.authorizerName!;
  const local = gw.options.jwt[name] ?? {};
  const source = identitySources(authorizer)[0] ?? '$request.header.Authorization';
  const token = tokenOf(evaluate(source, req.sources));
  let keys;
  if (token && !local.skipSignatureCheck) {
    try {
      keys = await gw.jwks.get({
        ...(local.jwksFile ? { file: gw.resolvePath(local.jwksFile) } : {}),
        ...(local.jwksUrl ? { url: local.jwksUrl } : {}),
        issuer: authorizer.jwt?.issuer ?? '',
      });
    } catch (err) {
      gw.logger.error(`${req.requestId} ${(err as Error).message}`);
      return fail(
        GATEWAY.unauthorized(
          'Bearer scope="" error="invalid_token" error_description="the issuer keys cannot be fetched"',
        ),
        (err as Error).message,
      );
    }
  }
  const d = checkJwt({
    token,
    issuer: authorizer.jwt?.issuer ?? '',
    audience: authorizer.jwt?.audience ?? [],
    scopes: req.scopes,
    now: gw.clock.now(),
    keys,
    skipSignature: local.skipSignatureCheck === true,
  });
  if (!d.ok)
    return fail(
      d.status === 403 ? GATEWAY.forbidden(d.wwwAuthenticate) : GATEWAY.unauthorized(d.wwwAuthenticate),
      d.reason,
    );
  return { ok: true, result: { kind: 'jwt', claims: d.claims, scopes: d.scopes } };
}

/** AWS's "Timeout for Lambda authorizer response" (HTTP APIs); WebSocket APIs are given the same. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

/** An authorizer call that gave no verdict: why, and whether it is the 401 of an `Unauthorized` error. */
interface CallFailure {
  kind: 'failed';
  reason: string;
  unauthorized: boolean;
}

async function lambdaVerdict(
  gw: Gateway,
  req: AuthRequest,
  authorizer: Authorizer,
  identity: string[],
  called: { invocation?: Invocation },
): Promise<AuthorizerVerdict | CallFailure> {
  const name = req.authorizerName!;
  const http = gw.spec.api.protocol === 'HTTP';
  // Identity values are the cache key: without identity sources there is none, and WebSocket APIs cache nothing.
  const ttlSeconds = http && identity.length ? (authorizer.resultTtlSeconds ?? 0) : 0;
  const cached = ttlSeconds > 0 ? gw.authorizerCache.get(name, identity) : undefined;
  if (cached) return cached;
  const inv: FunctionInvocation = {
    kind: 'authorizer',
    target: `authorizer ${name}`,
    event: req.authorizerEvent(authorizer, identity),
  };
  req.onInvocation(inv);
  const started = performance.now();
  const outcome = await gw.callFunction(authorizer.uri, inv, AUTHORIZER_TIMEOUT_MS);
  called.invocation = {
    latencyMs: performance.now() - started,
    // Lambda's status for the call, as for an integration's (accessLog.ts integrationOutcome).
    ...(outcome.kind === 'ok' ? { status: 200 } : {}),
    ...(inv.requestId ? { requestId: inv.requestId } : {}),
  };
  if (outcome.kind !== 'ok') {
    const reason =
      outcome.kind === 'integrationTimeout'
        ? `the authorizer did not answer within ${AUTHORIZER_TIMEOUT_MS / 1000} s, API Gateway's timeout for it`
        : (gw.explain(outcome, req.requestId) ?? 'the authorizer failed');
    const unauthorized = !http && outcome.kind === 'error' && outcome.error.errorMessage === 'Unauthorized';
    return { kind: 'failed', reason, unauthorized };
  }
  const simple =
    authorizerPayloadFormatVersion(gw.spec, authorizer) === '2.0' && authorizer.enableSimpleResponses === true;
  const verdict = http ? readVerdict(outcome.value, simple) : restLikeVerdict(resultWithinQuota(outcome.value));
  gw.authorizerCache.set(name, identity, verdict, ttlSeconds);
  return verdict;
}

/** "AWS Lambda authorizer result size: 8 KB", not adjustable (WebSocket API quotas, limits.html). */
const MAX_WS_AUTHORIZER_RESULT_BYTES = 8 * 1024;

/** A WebSocket API authorizer's answer read as a policy, or refused when it is over AWS's 8 KB. */
function resultWithinQuota(value: unknown): AuthorizerVerdict {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (bytes <= MAX_WS_AUTHORIZER_RESULT_BYTES) return readVerdict(value, false);
  return {
    kind: 'invalid',
    reason: `The authorizer's result is ${bytes} bytes, over API Gateway's ${MAX_WS_AUTHORIZER_RESULT_BYTES} for a WebSocket API's authorizer.`,
  };
}

/**
 * A WebSocket API's verdict with REST's rule on context values: "you cannot set a JSON object or array as a valid
 * value of any key in the context map" (api-gateway-lambda-authorizer-output.html) — the answer is then a 500.
 */
function restLikeVerdict(verdict: AuthorizerVerdict): AuthorizerVerdict {
  if (verdict.kind === 'invalid') return verdict;
  const key = Object.keys(verdict.context).find((k) => {
    const v = verdict.context[k];
    return v !== null && typeof v === 'object';
  });
  if (key === undefined) return verdict;
  return {
    kind: 'invalid',
    reason: `The authorizer's context value of ${JSON.stringify(key)} is a JSON object or array: only strings, numbers and booleans are allowed.`,
  };
}

async function authorizeLambda(
  gw: Gateway,
  req: AuthRequest,
  authorizer: Authorizer,
  called: { invocation?: Invocation },
): Promise<Decision> {
  const sources = identitySources(authorizer);
  const identity = sources.length ? identityValues(sources, req.sources) : [];
  if (!identity) return fail(GATEWAY.unauthorized(), 'an identity source is missing: the authorizer was not called');
  const verdict = await lambdaVerdict(gw, req, authorizer, identity, called);
  if (verdict.kind === 'failed')
    return fail(verdict.unauthorized ? GATEWAY.unauthorized() : GATEWAY.internalError(), verdict.reason);
  if (verdict.kind === 'invalid') return fail(GATEWAY.internalError(), verdict.reason);
  const d = decide(verdict, req.routeArn);
  if (!d.allow) return fail(GATEWAY.forbidden(), d.reason);
  const { context, principalId, usageIdentifierKey } = d;
  const result: AuthorizerResult = { kind: 'lambda', context };
  if (principalId) result.principalId = principalId;
  if (usageIdentifierKey) result.usageIdentifierKey = usageIdentifierKey;
  return { ok: true, result };
}

/** A management call's refusal: 403, the message and `x-amzn-errortype` AWS's execute-api front door answers. */
function managementForbidden(f: SigV4Failure): GatewayResponse {
  const { message, errorType } = executeApiRefusal(f);
  return jsonResponse(403, { message }, [['x-amzn-errortype', errorType]]);
}

async function authorizeIam(gw: Gateway, req: AuthRequest): Promise<Decision> {
  const { credentials, acceptAnySignature } = gw.options.iam;
  const auth = signatureOf(req.signed);
  // `@connections` callers are the API's handlers, signing with whatever credentials their environment holds (on AWS,
  // their execution role's): without local keys to check, any signed call is theirs.
  if (acceptAnySignature || (req.management && credentials.length === 0)) {
    const why = 'the request is not signed with SigV4';
    if (!auth) return fail(req.management ? managementForbidden({ kind: 'unsigned' }) : GATEWAY.forbidden(), why);
    if (req.management && req.service && auth.service !== req.service)
      return fail(
        managementForbidden({ kind: 'wrong-service', expected: req.service }),
        `the signature is scoped to the service ${auth.service}, not ${req.service}`,
      );
    return { ok: true, result: iamResult(gw, auth.accessKeyId) };
  }
  if (credentials.length === 0)
    return fail(
      GATEWAY.forbidden(),
      'no local credentials to check SigV4 signatures against (iam.credentials, or iam.acceptAnySignature for local runs)',
    );
  const d = await verifySigV4(
    req.signed,
    credentials,
    gw.clock.now(),
    req.management ? { maxSkewMs: EXECUTE_API_MAX_SKEW_MS, ...(req.service ? { service: req.service } : {}) } : {},
  );
  if (!d.ok && req.management) return fail(managementForbidden(d.failure), d.reason);
  if (!d.ok)
    return fail({ ...GATEWAY.forbidden(), body: Buffer.from(JSON.stringify({ message: d.message })) }, d.reason);
  return { ok: true, result: iamResult(gw, d.credential.accessKeyId, d.credential) };
}

function iamResult(
  gw: Gateway,
  accessKey: string,
  c?: { accountId?: string; userArn?: string; userId?: string },
): AuthorizerResult {
  const accountId = c?.accountId ?? gw.api.accountId;
  return {
    kind: 'iam',
    accessKey,
    accountId,
    callerId: c?.userId ?? accessKey,
    userArn: c?.userArn ?? `arn:aws:iam::${accountId}:user/local`,
    userId: c?.userId ?? accessKey,
  };
}
