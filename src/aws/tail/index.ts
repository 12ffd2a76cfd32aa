// Tailing a stage's logs from CloudWatch Logs: sources, transports and the tail that ties them together.
export { startTail, type TailEnd, type TailHandle, type TailOptions } from './tail';
export {
  Poller,
  filterPacer,
  FILTER_LOG_EVENTS_LIMITS,
  POLL_INTERVAL_MS,
  POLL_PAGE_SIZE,
  type PollOptions,
} from './poll';
export {
  LiveTail,
  LIVE_TAIL_MAX_GROUPS,
  LIVE_SESSION_LIMIT_MS,
  RENEW_AFTER_MS,
  type LiveOptions,
  type LiveSource,
} from './live';
export {
  discoverStageLogs,
  executionLogGroup,
  executionLoggingEnabled,
  groupArn,
  noteText,
  type StageLogs,
  type TailNote,
  type DiscoverOptions,
} from './sources';
export {
  enableAccessLogging,
  accessLogFormat,
  accessLogGroupName,
  RETENTION_DAYS,
  type EnabledAccessLogging,
} from './accessLogging';
export {
  LiveTailUnavailable,
  type TailMode,
  type TailNotice,
  type Transport,
  type TransportSink,
  type Turns,
} from './types';
// The pure tail core travels with the transports, so the extension loads it with them, on first use.
export {
  LineFormatter,
  LineBatcher,
  parseSince,
  parseDuration,
  formatCount,
  type LineSink,
  type TailEvent,
  type TailSource,
} from '../../core/tail';
export { noticeText } from './notices';
