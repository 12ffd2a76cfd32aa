// Lambda behind a small interface: the log group a function sends its logs to. By default that is /aws/lambda/NAME;
// with Lambda's advanced logging controls a function may log to a group of its choosing, which
// GetFunctionConfiguration names as LoggingConfig.LogGroup
// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html,
// https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html). Every place that reads a function's logs
// (the tail's sources, a call's request logs, the metrics view's logs of a window) asks `functionLogGroups` here.
import {
  GetFunctionConfigurationCommand,
  type GetFunctionConfigurationCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { FunctionRef } from '../core/call/api';
import { isWorkbenchError } from '../core/errors';
import { abortable, mappingErrors, type ErrorContext } from './errors';
import { mapLimit } from './paginate';

export type { FunctionRef };

/** Why a function's log group is assumed to be the default one instead of read from Lambda. */
export type AssumedBecause = 'denied' | 'notFound' | 'unsupported';

export interface FunctionGroups {
  /** The log group of a function that was asked about. */
  group(fn: FunctionRef): string;
  /** The functions whose group is assumed to be /aws/lambda/NAME, by why (each reason present only when it applies). */
  assumed: Map<AssumedBecause, FunctionRef[]>;
}

/** The IAM action that lets the workbench read a function's log group. */
export const GET_FUNCTION_CONFIGURATION_ACTION = 'lambda:GetFunctionConfiguration';

/** GetFunctionConfiguration calls in flight at once while a stage's functions are resolved. */
const CONCURRENCY = 3;

/** The group Lambda writes to unless the function's LoggingConfig names another. */
export function defaultLogGroup(name: string): string {
  return `/aws/lambda/${name}`;
}

/** The function as Lambda names it: `orders`, or `orders:live` for an alias or version. */
export function functionLabel(fn: FunctionRef): string {
  return fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name;
}

export class LambdaAdapter {
  constructor(
    private readonly client: () => LambdaClient,
    private readonly ctx: (operation: string) => ErrorContext,
  ) {}

  /** The log group the function (at its alias or version, when `fn` names one) sends its logs to. */
  async logGroup(fn: FunctionRef, signal?: AbortSignal): Promise<string> {
    const command = new GetFunctionConfigurationCommand({
      FunctionName: fn.name,
      ...(fn.qualifier ? { Qualifier: fn.qualifier } : {}),
    });
    const out = await mappingErrors(
      this.ctx('GetFunctionConfiguration'),
      () => this.client().send(command, abortable(signal)) as Promise<GetFunctionConfigurationCommandOutput>,
    );
    return out.LoggingConfig?.LogGroup || defaultLogGroup(fn.name);
  }
}

/** Why a lookup's failure leaves the default group assumed; undefined for failures that must be reported. */
function assumedBecause(err: unknown): AssumedBecause | undefined {
  if (!isWorkbenchError(err)) return undefined;
  if (err.code === 'AccessDenied') return 'denied';
  if (err.code === 'NotFound') return 'notFound';
  // An endpoint that does not speak Lambda (an emulator without it) answers with something that is not AWS's.
  if (err.code === 'Unsupported') return 'unsupported';
  return undefined;
}

/**
 * The log group of each function, asked once per distinct function and qualifier, a few at a time. A lookup that is
 * denied, finds no function, or meets an endpoint without Lambda leaves the default group, listed in `assumed`; any
 * other failure (network, throttling after retries) is thrown.
 */
export async function functionLogGroups(
  lambda: Pick<LambdaAdapter, 'logGroup'>,
  fns: FunctionRef[],
  signal?: AbortSignal,
): Promise<FunctionGroups> {
  const distinct = [...new Map(fns.map((f) => [functionLabel(f), f])).values()];
  const assumed = new Map<AssumedBecause, FunctionRef[]>();
  const found = await mapLimit(distinct, CONCURRENCY, async (fn) => {
    try {
      return [functionLabel(fn), await lambda.logGroup(fn, signal)] as const;
    } catch (err) {
      const because = assumedBecause(err);
      if (!because) throw err;
      assumed.set(because, [...(assumed.get(because) ?? []), fn]);
      return [functionLabel(fn), defaultLogGroup(fn.name)] as const;
    }
  });
  const groups = new Map(found);
  return { group: (fn) => groups.get(functionLabel(fn)) ?? defaultLogGroup(fn.name), assumed };
}

/** What an assumed group means, for a note of the tail or a request's logs (one for every function it names). */
export function assumedReason(because: AssumedBecause, count: number): string {
  const their = count === 1 ? 'its log group is' : 'their log groups are';
  const assumed = `${their} assumed to be /aws/lambda/NAME`;
  switch (because) {
    case 'denied':
      return `${assumed}: ${GET_FUNCTION_CONFIGURATION_ACTION} was denied. Allow it to follow a custom log group (the function's LoggingConfig.LogGroup)`;
    case 'notFound':
      return `${assumed}: Lambda knows no such function here (GetFunctionConfiguration: not found)`;
    case 'unsupported':
      return `${assumed}: the endpoint does not answer Lambda's GetFunctionConfiguration`;
  }
}
