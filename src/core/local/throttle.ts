// A stage's throttling as API Gateway applies it to an API's routes
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html,
// https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-protect.html): a token bucket per route,
// `burstLimit` tokens deep and refilled at `rateLimit` a second; a request (an HTTP request, a WebSocket connection
// or message) that finds its route's bucket empty is throttled before any authorizer or integration runs. Every
// request also takes a token from the account's bucket, which all routes share. Pure: time is the caller's clock, in
// milliseconds.
import type { GatewaySpec, Throttling } from '../gatewaySpec/model';

export interface RouteLimits {
  readonly burstLimit: number;
  readonly rateLimit: number;
}

/**
 * The limits a route runs under in a stage, as deploy sends them (canonical.ts): the stage's `routeSettings` for the
 * route, else the route's own `throttling`, else the stage's default. A throttling that does not give both values is
 * not applied: AWS does not document how it reads one alone.
 */
export function routeLimits(spec: GatewaySpec, stage: string, routeKey: string): RouteLimits | undefined {
  const s = spec.stages?.[stage];
  const t: Throttling | undefined =
    s?.routeSettings?.[routeKey]?.throttling ?? spec.routes?.[routeKey]?.throttling ?? s?.throttling;
  if (t?.burstLimit === undefined || t.rateLimit === undefined) return undefined;
  return { burstLimit: t.burstLimit, rateLimit: t.rateLimit };
}

/**
 * The account's quota in a region, across its APIs: "10,000 requests per second (RPS) with an additional burst
 * capacity … of 5,000 requests"; "For the Africa (Cape Town) and Europe (Milan) Regions, the default throttle quota
 * is 2500 RPS and the default burst quota is 1250 RPS" (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 */
export function accountLimits(region: string): RouteLimits {
  return region === 'af-south-1' || region === 'eu-south-1'
    ? { burstLimit: 1250, rateLimit: 2500 }
    : { burstLimit: 5000, rateLimit: 10_000 };
}

/** The account's bucket among the routes' (no route key has a space at its start). */
const ACCOUNT = ' account';

interface Bucket {
  tokens: number;
  at: number;
}

/** The buckets of one local API's routes, kept across requests (and across reloads, each read with the new limits). */
export class RouteThrottle {
  private readonly buckets = new Map<string, Bucket>();

  /** `account`: the account's limits (accountLimits, or a raised quota the mapping file gives). */
  constructor(private readonly account: RouteLimits) {}

  /** Takes a token for a request to `routeKey` at `now`; false when there is none left (the request is throttled). */
  take(routeKey: string, limits: RouteLimits, now: number): boolean {
    const last = this.buckets.get(routeKey);
    const refilled = last ? last.tokens + (Math.max(0, now - last.at) / 1000) * limits.rateLimit : limits.burstLimit;
    const tokens = Math.min(limits.burstLimit, refilled);
    const allowed = tokens >= 1;
    this.buckets.set(routeKey, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }

  /**
   * Takes a token for a request to `routeKey` under the limits the spec gives it in `stage`: undefined when the
   * request may go on (or the route runs unthrottled), else the reason it is throttled, for the traffic record.
   */
  admit(spec: GatewaySpec, stage: string, routeKey: string, now: number): string | undefined {
    const limits = routeLimits(spec, stage, routeKey);
    if (limits && !this.take(routeKey, limits, now))
      return `throttled: the route's limits are a burst of ${limits.burstLimit} and ${limits.rateLimit} a second`;
    return this.admitToAccount(now);
  }

  /** Takes a token of the account's bucket alone (an `@connections` call): undefined, or why it is throttled. */
  admitToAccount(now: number): string | undefined {
    if (this.take(ACCOUNT, this.account, now)) return undefined;
    const { burstLimit, rateLimit } = this.account;
    return `throttled: the account's quota in the region is a burst of ${burstLimit} and ${rateLimit} a second`;
  }
}
