// CloudWatch Logs behind a small interface, for access logs and tails: log groups, retention, FilterLogEvents pages
// and StartLiveTail as an async iterable of updates.
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutRetentionPolicyCommand,
  StartLiveTailCommand,
  type FilteredLogEvent,
  type LiveTailSessionStart,
  type LiveTailSessionUpdate,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { abortable, mappingErrors, toWorkbenchError, type ErrorContext } from './errors';
import { paginate, type ListOptions, type Page } from './paginate';

export interface FilterOptions extends ListOptions {
  logStreamNames?: string[];
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
}

export type LiveTailEvent =
  { kind: 'start'; start: LiveTailSessionStart } | { kind: 'update'; update: LiveTailSessionUpdate };

/** A log group name from a name or an ARN (with or without `:*`): emulators accept names only (docs/AWS.md, Credentials and endpoints). */
export function logGroupName(identifier: string): string {
  const m = /^arn:aws[\w-]*:logs:[\w-]+:\d+:log-group:(.+?)(:\*)?$/.exec(identifier);
  return m ? m[1]! : identifier;
}

export class LogsAdapter {
  constructor(
    private readonly client: () => CloudWatchLogsClient,
    private readonly ctx: (operation: string) => ErrorContext,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any SDK command of this client
  private async send<T>(operation: string, command: any, signal?: AbortSignal): Promise<T> {
    return mappingErrors(this.ctx(operation), () => this.client().send(command, abortable(signal)) as Promise<T>);
  }

  logGroups(prefix?: string, o: ListOptions = {}): AsyncGenerator<Page<LogGroup>> {
    return paginate(async (token) => {
      const out = await this.send<{ logGroups?: LogGroup[]; nextToken?: string }>(
        'DescribeLogGroups',
        new DescribeLogGroupsCommand({
          ...(prefix ? { logGroupNamePrefix: prefix } : {}),
          ...(o.pageSize ? { limit: o.pageSize } : {}),
          ...(token ? { nextToken: token } : {}),
        }),
        o.signal,
      );
      return { items: out.logGroups ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    }, o.nextToken);
  }

  async createLogGroup(name: string, retentionInDays?: number, signal?: AbortSignal): Promise<void> {
    await this.send('CreateLogGroup', new CreateLogGroupCommand({ logGroupName: name }), signal);
    if (retentionInDays !== undefined)
      await this.send(
        'PutRetentionPolicy',
        new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }),
        signal,
      );
  }

  /** Interleaved events of one group, page by page. */
  filterLogEvents(group: string, o: FilterOptions = {}): AsyncGenerator<Page<FilteredLogEvent>> {
    return paginate(async (token) => {
      const out = await this.send<{ events?: FilteredLogEvent[]; nextToken?: string }>(
        'FilterLogEvents',
        new FilterLogEventsCommand({
          logGroupName: logGroupName(group),
          interleaved: true,
          ...(o.logStreamNames ? { logStreamNames: o.logStreamNames } : {}),
          ...(o.startTime !== undefined ? { startTime: o.startTime } : {}),
          ...(o.endTime !== undefined ? { endTime: o.endTime } : {}),
          ...(o.filterPattern ? { filterPattern: o.filterPattern } : {}),
          ...(o.pageSize ? { limit: o.pageSize } : {}),
          ...(token ? { nextToken: token } : {}),
        }),
        o.signal,
      );
      return { items: out.events ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    }, o.nextToken);
  }

  /** A live tail session over up to 10 log groups (ARNs); ends when `signal` aborts or the service ends it. */
  async *startLiveTail(
    groupArns: string[],
    o: { filterPattern?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<LiveTailEvent> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event stream members differ per event type
    const out = await this.send<{ responseStream?: AsyncIterable<Record<string, any>> }>(
      'StartLiveTail',
      new StartLiveTailCommand({
        logGroupIdentifiers: groupArns.map((a) => a.replace(/:\*$/, '')),
        ...(o.filterPattern ? { logEventFilterPattern: o.filterPattern } : {}),
      }),
      o.signal,
    );
    try {
      for await (const ev of out.responseStream ?? []) {
        if (ev.sessionStart) yield { kind: 'start', start: ev.sessionStart as LiveTailSessionStart };
        else if (ev.sessionUpdate) yield { kind: 'update', update: ev.sessionUpdate as LiveTailSessionUpdate };
        else if (ev.SessionTimeoutException || ev.SessionStreamingException) {
          throw Object.assign(
            new Error((ev.SessionTimeoutException ?? ev.SessionStreamingException).message ?? 'live tail ended'),
            { name: ev.SessionTimeoutException ? 'SessionTimeoutException' : 'SessionStreamingException' },
          );
        }
      }
    } catch (err) {
      throw toWorkbenchError(err, this.ctx('StartLiveTail'));
    }
  }
}
