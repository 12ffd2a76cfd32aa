// What the HTTP and WebSocket front ends share: the served spec and stage, the mapped functions, the clock, the
// authorizer cache, JWKS, traffic records and events. `callFunction` is the one way a request reaches Lambda code,
// with the integration timeout on the API's clock.
import type { EventEmitter } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import type { GatewaySpec } from '../core/gatewaySpec/model';
import type { ServedDomain } from '../core/local/domains';
import { AuthorizerCache } from '../core/local/lambdaAuthorizer';
import type { ApiIdentity } from '../core/local/events';
import { functionNameOf, mappingFor, resolveStageVariables, type LocalMapping } from '../core/local/handlers';
import type { LocalCredential } from '../core/local/sigv4';
import { accountLimits, RouteThrottle, type RouteLimits } from '../core/local/throttle';
import {
  InvocationLog,
  RequestLog,
  type FunctionInvocation,
  type RequestDetail,
  type RequestRecord,
} from '../core/local/traffic';
import type { Clock } from '../core/tail/clock';
import { TemplateRunner } from './templates';
import { eventTooLarge } from './environment';
import type { InvokeResult, LambdaFunction } from './functions';
import { JwksCache } from './jwks';

export interface LocalLogger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export interface GatewayOptions {
  iam: { credentials: LocalCredential[]; acceptAnySignature: boolean };
  jwt: Record<string, { jwksFile?: string; jwksUrl?: string; skipSignatureCheck?: boolean }>;
  awsServices: { mode: 'record' | 'endpoint'; endpoint?: string; region?: string };
  /** The API keys a `$connect` that requires one accepts; undefined: any key. */
  apiKeys: ReadonlySet<string> | undefined;
  /** The account's throttling quota when it is not AWS's default for the region (a raised quota). */
  accountThrottling?: RouteLimits;
  /** Served as this custom domain: its API mappings decide where the stage's routes start (domains.ts). */
  domain?: ServedDomain;
}

export type CallOutcome =
  | InvokeResult
  | { kind: 'integrationTimeout' }
  | { kind: 'unmapped'; functionName: string }
  | { kind: 'failed'; message: string };

/** Random bytes for request ids, drawn 512 ids at a time: one call to the system's generator, not one per request. */
const ID_BYTES = 11;
let idPool = Buffer.alloc(0);
let idAt = 0;

/**
 * A request id of API Gateway's form (`Jk3xVwz1_AMEbqw=`), in base64's URL-safe alphabet, so that it can be written
 * into a URL's path as it is. A function's invocations have ids of their own (`newLambdaRequestId`).
 */
function randomRequestId(): string {
  if (idAt + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * 512);
    idAt = 0;
  }
  idAt += ID_BYTES;
  return `${idPool.toString('base64url', idAt - ID_BYTES, idAt)}=`;
}

export class Gateway {
  readonly authorizerCache: AuthorizerCache;
  readonly jwks: JwksCache;
  readonly requests = new RequestLog();
  readonly throttle: RouteThrottle;
  readonly templates: TemplateRunner;

  constructor(
    public spec: GatewaySpec,
    readonly api: Omit<ApiIdentity, 'domainName'>,
    public stageVariables: Record<string, string> | undefined,
    public mapping: LocalMapping,
    public mappingDir: string,
    public functions: Map<string, LambdaFunction>,
    readonly clock: Clock,
    readonly options: GatewayOptions,
    readonly logger: LocalLogger,
    readonly events: EventEmitter,
  ) {
    this.authorizerCache = new AuthorizerCache(() => clock.now());
    this.jwks = new JwksCache(() => clock.now());
    this.templates = new TemplateRunner(clock);
    this.throttle = new RouteThrottle(options.accountThrottling ?? accountLimits(api.region));
  }

  /** API Gateway's request ids: 16 characters of base64 (`Mc7UVioPPHcEKPA=`). */
  newRequestId(): string {
    return randomRequestId();
  }

  /** Lambda's request ids: a UUID per invocation (`context.awsRequestId`, `$context.integration.requestId`). */
  newLambdaRequestId(): string {
    return randomUUID();
  }

  /** The domain name API Gateway reports for a request that came to `host`: the custom domain served as, else it. */
  domainNameFor(host: string | undefined): string {
    return this.options.domain?.name ?? host ?? '';
  }

  /** The API as the events of a request that came to `host` name it. */
  identity(host: string | undefined): ApiIdentity {
    return { ...this.api, domainName: this.domainNameFor(host) };
  }

  /** The mapped function an integration or authorizer URI names, for this stage. */
  functionFor(uri: string | undefined): { name: string; fn: LambdaFunction | undefined } | undefined {
    const template = uri ? functionNameOf(uri) : undefined;
    if (!template) return undefined;
    const name = resolveStageVariables(template, this.stageVariables);
    return {
      name,
      fn:
        this.functions.get(name) ??
        (mappingFor(this.mapping, { name, template }) ? this.functions.get(template) : undefined),
    };
  }

  resolvePath(file: string): string {
    return path.resolve(this.mappingDir, file);
  }

  /**
   * Invokes the function `uri` names with `inv.event`, answering `integrationTimeout` when it takes longer than
   * allowed. The invocation, kept in the request's detail, gets Lambda's request id, its outcome and its lines.
   */
  async callFunction(
    uri: string | undefined,
    inv: FunctionInvocation,
    integrationTimeoutMs: number,
  ): Promise<CallOutcome> {
    const target = this.functionFor(uri);
    if (!target) return settled(inv, { kind: 'failed', message: `${uri ?? '(no uri)'} is not a Lambda function ARN` });
    if (!target.fn) return settled(inv, { kind: 'unmapped', functionName: target.name });
    const refused = eventTooLarge(inv.event);
    if (refused) return settled(inv, { kind: 'failed', message: refused });
    inv.requestId = this.newLambdaRequestId();
    const log = new InvocationLog();
    let timer: unknown;
    const timeout = new Promise<CallOutcome>((resolve) => {
      timer = this.clock.setTimeout(() => resolve({ kind: 'integrationTimeout' }), integrationTimeoutMs);
    });
    const call = target.fn
      .invoke(inv.requestId, inv.event, target.fn.timeoutMs(integrationTimeoutMs), log)
      .catch((err: unknown): CallOutcome => ({
        kind: 'failed',
        message: err instanceof Error ? err.message : String(err),
      }))
      // Kept once the function ends (before the call settles); one past the integration's timeout runs on, as on
      // Lambda, and its lines are kept when it ends.
      .finally(() => (inv.log = log.lines));
    try {
      return settled(inv, await Promise.race([call, timeout]));
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** Says why a call failed, once per request, in the API's log. */
  explain(outcome: CallOutcome, requestId: string): string | undefined {
    switch (outcome.kind) {
      case 'ok':
        return undefined;
      case 'error':
        return `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      case 'timeout':
        return `the function timed out after ${outcome.timeoutMs} ms`;
      case 'integrationTimeout':
        return 'the integration timed out';
      case 'crash':
      case 'failed':
        return outcome.message;
      case 'unmapped': {
        const msg = unmappedError(outcome.functionName, this.mappingDir).message;
        this.logger.error(`${requestId} ${msg}`);
        return msg;
      }
    }
  }

  record(detail: RequestDetail, record: RequestRecord): void {
    detail.record = record;
    this.events.emit('request', record);
  }
}

/** Keeps a call's outcome in its invocation: the function's result, or what went wrong. */
function settled(inv: FunctionInvocation, outcome: CallOutcome): CallOutcome {
  if (outcome.kind === 'ok') inv.result = outcome.value;
  else inv.error = outcome;
  return outcome;
}

/** The error a request to an unmapped function gets in the log (the editor offers a quick fix for it). */
export function unmappedError(functionName: string, mappingDir: string): WorkbenchError {
  return new WorkbenchError('NotFound', `No local handler for the Lambda function "${functionName}".`, {
    hint: `Map it in the spec's mapping file in ${mappingDir} (functions: { ${functionName}: { handler: src/${functionName}.ts#handler } }); docs/LOCAL.md#the-mapping-file.`,
  });
}
