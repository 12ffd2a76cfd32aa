// The tail core: events, their formatting, the polling cursor and dedupe, and the batched output. Pure: no vscode,
// no AWS SDK; src/aws/tail drives it from CloudWatch Logs, src/vscode/tail and the CLI print it.
export { compareEvents, eventKey, mergeSorted, type SourceKind, type TailEvent, type TailSource } from './event';
export { LineFormatter, parseAccessLog, type AccessFields, type LineFormatOptions } from './format';
export { SeenEvents } from './seen';
export { PollCursor, DEFAULT_LOOKBACK_MS, MIN_LOOKBACK_MS, MAX_LOOKBACK_MS, type CursorOptions } from './cursor';
export { OverlapDedupe } from './overlap';
export { LineBatcher, formatCount, type BatcherOptions, type BatcherTimers, type LineSink } from './batcher';
export { systemClock, sleep, abortError, type Clock } from './clock';
export { parseDuration, parseSince } from './duration';
