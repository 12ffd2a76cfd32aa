// The state of one apply: the ids created resources get, what did not happen (so what depends on it is skipped),
// each change's result and call count, progress and the log. The executors (executors.ts) and the deployment step
// (deployment.ts) work through it; the order and the gates are decided in src/core/deploy/schedule.ts.
import { partition } from '../../core/awsIds';
import { WorkbenchError } from '../../core/errors';
import { tagChanges, MissingRefError, type Refs } from '../../core/deploy/inputs';
import type { Tags } from '../../core/deploy/live';
import type { Change, Plan } from '../../core/deploy/plan';
import type { ChangeResult } from '../../core/deploy/report';
import { changeKey } from '../../core/deploy/schedule';
import type { ApiGatewayAdapter } from '../apigateway';
import { createOnce, errorMessage, retrying, type CountCall, type CreateSteps, type RetryPolicy } from './retry';

export interface ApplyProgress {
  done: number;
  total: number;
  /** What just finished or starts: "route GET /items". */
  message: string;
}

export interface ApplyOptions {
  /** The user confirmed taking over an untagged API of the spec's name (plan.api.status 'adopt'). */
  adopt?: boolean;
  /** Names the user typed for the plan's protected stages. */
  confirmedStages?: string[];
  /** Cancels: no call starts after it fires; calls in flight finish. */
  signal?: AbortSignal;
  /** Changes in flight at once (the pacer keeps the rate). Default 4. */
  concurrency?: number;
  /** Tries of a change after the SDK's own retries gave up on throttling or a server error. Default 2. */
  retries?: number;
  /** First wait before such a try, doubled each time. Default 1000 ms. */
  retryDelayMs?: number;
  /** STS caller ARN, for the deployment description and the stage history. */
  callerArn?: string;
  onProgress?: (p: ApplyProgress) => void;
  log?: (line: string) => void;
  now?: () => Date;
}

/** Live ids by spec name: the plan's, joined by what this apply creates. */
export interface LiveIds {
  integrations: Record<string, string>;
  authorizers: Record<string, string>;
  vpcLinks: Record<string, string>;
  routes: Record<string, string>;
}

export class ApplyRun {
  apiId: string | undefined;
  apiEndpoint: string | undefined;
  readonly ids: LiveIds;
  readonly refs: Refs;
  /** `changeKey`s of the changes that failed or were skipped. */
  readonly failed = new Set<string>();
  readonly results: ChangeResult[] = [];
  readonly warnings: string[] = [];
  readonly policy: RetryPolicy;
  private done = 0;
  private readonly total: number;

  constructor(
    readonly apigw: ApiGatewayAdapter,
    readonly plan: Plan,
    readonly options: ApplyOptions,
  ) {
    this.apiId = plan.api.id;
    this.apiEndpoint = plan.api.endpoint;
    this.ids = {
      integrations: { ...plan.ids.integrations },
      authorizers: { ...plan.ids.authorizers },
      vpcLinks: { ...plan.ids.vpcLinks },
      routes: { ...plan.ids.routes },
    };
    this.refs = {
      integration: (n) => this.ids.integrations[n],
      authorizer: (n) => this.ids.authorizers[n],
      vpcLink: (n) => this.ids.vpcLinks[n],
    };
    this.total = plan.changes.length + (plan.deployment?.needed ? 1 : 0);
    this.policy = {
      retries: options.retries ?? 2,
      delayMs: options.retryDelayMs ?? 1000,
      stopped: () => this.stopped(),
      log: (line) => this.log(line),
    };
  }

  stopped(): boolean {
    return Boolean(this.options.signal?.aborted);
  }

  log(line: string): void {
    this.options.log?.(line);
  }

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  progress(message: string): void {
    this.options.onProgress?.({ done: this.done, total: this.total, message });
  }

  /** The deployment step is one of the `total` steps too. */
  stepDone(): void {
    this.done++;
  }

  /** The API's id: created by this apply or read in the plan. */
  needApi(): string {
    if (!this.apiId) throw new WorkbenchError('Unknown', 'The API was not created');
    return this.apiId;
  }

  /** The ARN of an API Gateway resource of this region: `apis/ID`, `vpclinks/ID`, `domainnames/NAME`. */
  arn(path: string): string {
    const region = this.plan.region;
    return `arn:${partition(region)}:apigateway:${region}::/${path}`;
  }

  /** One change: its calls counted, tried again on transient failures, its result recorded. */
  async apply(c: Change, exec: (count: CountCall) => Promise<string | undefined>): Promise<void> {
    const label = `${c.action} ${c.kind} ${c.name}`;
    const result: ChangeResult = { change: c, status: 'applied', calls: 0 };
    const count = () => {
      result.calls++;
    };
    this.progress(label);
    try {
      const id = await retrying(this.policy, label, () => exec(count));
      if (id) result.id = id;
      this.log(`${label}: applied${result.calls > 1 ? ` (${result.calls} calls)` : ''}`);
    } catch (err) {
      result.status = err instanceof MissingRefError ? 'skipped' : 'failed';
      result.message = errorMessage(err);
      this.failed.add(changeKey(c));
      this.log(`${label}: ${result.status}: ${result.message}`);
    }
    this.done++;
    this.results.push(result);
    this.progress(label);
  }

  /** A change whose prerequisites did not happen: not attempted, and what needs it is skipped too. */
  skip(c: Change, why: string): void {
    this.failed.add(changeKey(c));
    this.results.push({ change: c, status: 'skipped', message: why, calls: 0 });
    this.done++;
  }

  /** A change the cancellation came before. */
  notStarted(c: Change): void {
    this.results.push({ change: c, status: 'cancelled', calls: 0 });
  }

  create(count: CountCall, steps: CreateSteps): Promise<string> {
    return createOnce(this.policy, count, steps);
  }

  /**
   * Tag calls that turn `live` into `want` (tags the workbench or AWS own are left alone, apart from `managed`), and
   * take `alsoRemove` away. Removals first: a resource near AWS's 50 tags takes the new ones only once the old are
   * gone.
   */
  async syncTags(
    count: CountCall,
    resourceArn: string,
    live: Tags | undefined,
    want: Tags | undefined,
    managed: string[] = [],
    alsoRemove: string[] = [],
  ): Promise<void> {
    const t = tagChanges(live, want, managed);
    const remove = [...alsoRemove, ...t.remove];
    if (remove.length) {
      count();
      await this.apigw.untagResource(resourceArn, remove);
    }
    if (Object.keys(t.set).length) {
      count();
      await this.apigw.tagResource(resourceArn, t.set);
    }
  }
}
