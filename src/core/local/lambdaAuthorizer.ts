// Lambda REQUEST authorizers: identity sources (a missing one answers 401 without calling the function), the
// authorizer's answer (a simple `isAuthorized`, or an IAM policy evaluated against the route's ARN), and result
// caching keyed by the identity source values for the authorizer's TTL.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
import { evaluate, type ExpressionSources } from './expressions';
import { isObject } from './handlers';

/** `route.request.header.x` (WebSocket) and `$request.header.x` (HTTP) as one expression form. */
export function normaliseIdentitySource(source: string): string {
  if (source.startsWith('$')) return source;
  if (source.startsWith('route.request.')) return `$${source.slice('route.'.length)}`;
  return `$${source}`;
}

/** The values of the identity sources, or undefined when one is missing or empty. */
export function identityValues(sources: string[], src: ExpressionSources): string[] | undefined {
  const out: string[] = [];
  for (const s of sources) {
    const v = evaluate(normaliseIdentitySource(s), src);
    if (v === undefined || v === '') return undefined;
    out.push(v);
  }
  return out;
}

export interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

export type AuthorizerDecision =
  | { allow: true; context: Record<string, unknown>; principalId?: string; usageIdentifierKey?: string }
  | { allow: false; reason: string };

/** What an authorizer returned, ready to be cached and applied to any route ARN. */
export type AuthorizerVerdict =
  | { kind: 'simple'; isAuthorized: boolean; context: Record<string, unknown> }
  | {
      kind: 'policy';
      statements: PolicyStatement[];
      context: Record<string, unknown>;
      principalId?: string;
      /** The API key the authorizer gives, for an API whose keys it selects (`$context.authorizer.usageIdentifierKey`). */
      usageIdentifierKey?: string;
    }
  | { kind: 'invalid'; reason: string };

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/**
 * What API Gateway logs as `$context.authorizer.error` when a Lambda authorizer's answer has neither form: the first
 * sentence and the simple response's are AWS's own words, as its logs show them.
 */
const MALFORMED_RESPONSE =
  "The response from the Lambda Authorizer function doesn't match the format that API Gateway expects.";
const NO_IS_AUTHORIZED = "Simple response did not include 'isAuthorized'";

function malformed(simpleResponses: boolean): AuthorizerVerdict {
  const why = simpleResponses ? NO_IS_AUTHORIZED : 'The response has no policyDocument.';
  return { kind: 'invalid', reason: `${MALFORMED_RESPONSE} ${why}` };
}

/** Reads an authorizer's result (simple responses only when the authorizer enables them). */
export function readVerdict(result: unknown, simpleResponses: boolean): AuthorizerVerdict {
  if (!isObject(result)) return malformed(simpleResponses);
  const context = isObject(result.context) ? result.context : {};
  if (simpleResponses && typeof result.isAuthorized === 'boolean')
    return { kind: 'simple', isAuthorized: result.isAuthorized, context };
  const doc = result.policyDocument;
  if (!isObject(doc) || doc.Statement === undefined) return malformed(simpleResponses);
  const statements = asList(doc.Statement).filter(isObject) as PolicyStatement[];
  const principalId = typeof result.principalId === 'string' ? result.principalId : undefined;
  const key = typeof result.usageIdentifierKey === 'string' ? result.usageIdentifierKey : undefined;
  return {
    kind: 'policy',
    statements,
    context,
    ...(principalId ? { principalId } : {}),
    ...(key ? { usageIdentifierKey: key } : {}),
  };
}

/**
 * IAM-style wildcard match (`*` any run, `?` one character), in one pass that returns to the last `*` on a mismatch:
 * at most pattern × value steps. A regular expression of `.*` parts backtracks every way: `*a` ten times then `*b`
 * against 60 characters took minutes, and the policy an authorizer returns may carry parts of the request.
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      resume = v;
    } else if (c !== undefined && (c === '?' || c === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function statementApplies(s: PolicyStatement, resource: string): boolean {
  const actions = asList(s.Action).filter((a): a is string => typeof a === 'string');
  if (!actions.some((a) => wildcardMatch(a.toLowerCase(), 'execute-api:invoke'))) return false;
  return asList(s.Resource).some((r) => typeof r === 'string' && wildcardMatch(r, resource));
}

/** Applies a verdict to a route ARN: an explicit Deny wins, an Allow is needed. */
export function decide(verdict: AuthorizerVerdict, routeArn: string): AuthorizerDecision {
  if (verdict.kind === 'invalid') return { allow: false, reason: verdict.reason };
  if (verdict.kind === 'simple')
    return verdict.isAuthorized
      ? { allow: true, context: verdict.context }
      : { allow: false, reason: 'isAuthorized is false' };
  const applying = verdict.statements.filter((s) => statementApplies(s, routeArn));
  if (applying.some((s) => s.Effect === 'Deny')) return { allow: false, reason: `the policy denies ${routeArn}` };
  if (!applying.some((s) => s.Effect === 'Allow'))
    return { allow: false, reason: `the policy does not allow ${routeArn}` };
  return {
    allow: true,
    context: verdict.context,
    ...(verdict.principalId ? { principalId: verdict.principalId } : {}),
    ...(verdict.usageIdentifierKey ? { usageIdentifierKey: verdict.usageIdentifierKey } : {}),
  };
}

/** `arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH` (HTTP) or `…/STAGE/ROUTEKEY` (WebSocket). */
export function routeArn(
  api: { region: string; accountId: string; apiId: string; stage: string },
  tail: string,
): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${tail.replace(/^\//, '')}`;
}

interface CacheEntry {
  verdict: AuthorizerVerdict;
  expires: number;
}

/** Verdicts by authorizer and identity values, kept for the authorizer's TTL on the API's clock. */
export class AuthorizerCache {
  private readonly entries = new Map<string, CacheEntry>();
  constructor(private readonly now: () => number) {}

  private key(authorizer: string, identity: string[]): string {
    return `${authorizer}\u0000${identity.join('\u0000')}`;
  }

  get(authorizer: string, identity: string[]): AuthorizerVerdict | undefined {
    const k = this.key(authorizer, identity);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return e.verdict;
  }

  set(authorizer: string, identity: string[], verdict: AuthorizerVerdict, ttlSeconds: number): void {
    if (ttlSeconds <= 0 || verdict.kind === 'invalid') return;
    this.entries.set(this.key(authorizer, identity), { verdict, expires: this.now() + ttlSeconds * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}
