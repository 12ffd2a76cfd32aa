// Where a session reads CloudWatch Logs — its region, and its account once asked — and whether a Lambda function's
// logs are elsewhere: Lambda writes them in the function's own region and account, so a group of the same name here
// would be another function's. One answer for the tail and a call's request logs.
import type { LogsAdapter } from './logs';

/** Where logs are read: the session's region, and its account once known. */
export type Home = { region?: string; account: () => Promise<string | undefined> };

/** What homeOf() reads: the session's log groups (for its account) and its region. */
export type LogReader = { logs: Pick<LogsAdapter, 'logGroups'>; connection?: { region: string } };

const ARN_HOME = /^arn:aws[\w-]*:[\w-]+:([\w-]+):(\d{12}):/;

/**
 * The session's region, and its account: the access log group's (API Gateway writes access logs to a group of the
 * stage's account), else any log group's the profile lists, asked only when a function ARN needs comparing.
 */
export function homeOf(s: LogReader, destination: string | undefined, signal: AbortSignal | undefined): Home {
  let account: Promise<string | undefined> | undefined;
  const region = s.connection?.region ?? ARN_HOME.exec(destination ?? '')?.[1];
  return {
    ...(region ? { region } : {}),
    account: () => (account ??= accountOf(s.logs, destination, signal)),
  };
}

async function accountOf(
  logs: Pick<LogsAdapter, 'logGroups'>,
  destination: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const known = ARN_HOME.exec(destination ?? '')?.[2];
  if (known) return known;
  for await (const page of logs.logGroups(undefined, { pageSize: 1, ...(signal ? { signal } : {}) })) {
    const g = page.items[0];
    return ARN_HOME.exec(g?.logGroupArn ?? g?.arn ?? '')?.[2];
  }
  return undefined;
}

/**
 * Why a function's logs are not where the session reads: Lambda writes them in the function's own region and account
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html), so a same-named group here would be
 * another function's. Undefined when the function is local.
 */
export async function elsewhere(fn: { region?: string; account?: string }, home: Home): Promise<string | undefined> {
  if (fn.region && home.region && fn.region !== home.region)
    return `the function is in region ${fn.region}, where its logs are; these logs are read in ${home.region}`;
  if (!fn.account) return undefined;
  const account = await home.account();
  if (account && fn.account !== account)
    return `the function is in account ${fn.account}, where its logs are; this profile reads account ${account}`;
  return undefined;
}
