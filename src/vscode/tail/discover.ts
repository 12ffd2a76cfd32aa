// Before a tail starts: the stage's log groups, the offer (in a modal naming the stage) to turn access logging on
// where it is off, and the filter pattern, remembered per stage.
import type { AwsSession } from '../../aws/bundle';
import type { StageLogs } from '../../aws/tail';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import * as config from '../config';
import type { Runtime } from '../runtime';

export interface TailTarget {
  apiId: string;
  stageName: string;
}

/** Asks whether to turn access logging on; turns it on (a write: the stage and a log group) when the answer is yes. */
async function offerAccessLogging(inv: Invocation, session: AwsSession, found: StageLogs, target: TailTarget) {
  const { rt } = inv;
  const tail = rt.aws().tail;
  const retention = config.value<number>(config.Setting.tailAccessLogRetentionDays, 30);
  const apiId = found.api.ApiId ?? target.apiId;
  const apiName = found.api.Name ?? apiId;
  const { stageName } = target;
  const conn = session.connection;
  const ok = await rt.prompts.confirm(
    `Stage ${stageName} of ${apiName} (${apiId}, ${conn.profile} · ${conn.region}) has no access logging. Turn it on to tail its requests?`,
    `Turn on access logging for ${stageName}`,
    `Creates log group ${tail.accessLogGroupName(apiId, stageName)} (kept ${retention} days: apigw.tail.accessLogRetentionDays) and sets the stage's access log format to JSON with the request id, ` +
      'method, route, status, latency and integration error. CloudWatch Logs charges for what it ingests and stores.',
  );
  if (!ok) return false;
  const protocol = found.api.ProtocolType;
  const done = await inv.step(`Turning on access logging for ${stageName}…`, () =>
    tail.enableAccessLogging(session, { apiId, stageName, protocol, retentionInDays: retention, signal: inv.signal }),
  );
  rt.log
    .child('tail')
    .info(
      `access logging of ${apiName}/${stageName} turned on: ${done.logGroupName}${done.created ? ` (created, ${retention} days)` : ' (existing group)'}`,
    );
  rt.resources.fire({ apiId, kinds: ['stages'] });
  return true;
}

/** The groups to tail: found, after the access logging offer; an error that says what to do when there are none. */
export async function stageLogs(inv: Invocation, session: AwsSession, target: TailTarget): Promise<StageLogs> {
  const discover = () =>
    inv.rt.aws().tail.discoverStageLogs(session, target.apiId, target.stageName, {
      functions: config.value(config.Setting.tailIncludeFunctions, true),
      executionLogs: config.value(config.Setting.tailIncludeExecutionLogs, true),
      signal: inv.signal,
    });
  const title = `Finding the log groups of stage ${target.stageName}…`;
  let found = await inv.step(title, discover);
  if (!found.accessLogGroup && (await offerAccessLogging(inv, session, found, target)))
    found = await inv.step(title, discover);
  // Groups still to be created (functions that have not run) are waited for, as `apigw tail` does.
  if (found.sources.length > 0 || found.pending.length > 0) return found;
  throw new WorkbenchError(
    'NotFound',
    `Stage ${found.api.Name ?? target.apiId}/${target.stageName} has no log group to tail yet.`,
    {
      hint: found.accessLogGroup
        ? `Its access log group ${found.accessLogGroup} does not exist: create it, or turn access logging off and on again.`
        : 'Turn access logging on when asked (or set AccessLogSettings on the stage); Lambda log groups appear once the functions run.',
    },
  );
}

/** The filter pattern, asked with the last one for this stage; undefined when the question is dismissed. */
export async function askFilter(
  rt: Runtime,
  target: TailTarget,
  label: string,
): Promise<{ pattern?: string } | undefined> {
  const memo = `apigw.tail.filter.${target.apiId}.${target.stageName}`;
  const typed = await rt.prompts.input({
    title: `Tail ${label}: filter pattern`,
    prompt: 'A CloudWatch Logs filter pattern, or nothing to see every event.',
    placeHolder: '{ $.status >= 500 }    ERROR    ?timeout ?exception    "GET /orders"',
    value: rt.workspaceState.get<string>(memo, ''),
  });
  if (typed === undefined) return undefined;
  const pattern = typed.trim() || undefined;
  await rt.workspaceState.update(memo, pattern ?? '');
  return pattern ? { pattern } : {};
}
