// How Lambda's Node.js runtime writes a console call (aws-lambda-nodejs-runtime-interface-client, src/LogPatch.js):
// a text line `TIME\tREQUEST_ID\tLEVEL\tmessage`, or with the function's log format JSON
// (`AWS_LAMBDA_LOG_FORMAT=JSON`, Lambda's advanced logging controls) one JSON object per call; and the levels
// `AWS_LAMBDA_LOG_LEVEL` lets through. Used by the Node handler process (localNodeRunner.ts).
import { format } from 'node:util';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The console methods and their levels; `console.log` is `console.info`, as the runtime makes it. */
export const CONSOLE_LEVELS: ReadonlyArray<[method: string, level: LogLevel]> = [
  ['trace', 'TRACE'],
  ['debug', 'DEBUG'],
  ['info', 'INFO'],
  ['log', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['fatal', 'FATAL'],
];

/** Whether a level is written under `AWS_LAMBDA_LOG_LEVEL` (unset or unknown: every level); FATAL always is. */
export function levelEnabled(level: LogLevel, envLevel: string | undefined): boolean {
  const least = LOG_LEVELS.indexOf((envLevel ?? '').toUpperCase() as LogLevel);
  return level === 'FATAL' || LOG_LEVELS.indexOf(level) >= Math.max(least, 0);
}

export function textLine(time: string, requestId: string | undefined, level: LogLevel, args: unknown[]): string {
  return `${time}\t${requestId || 'undefined'}\t${level}\t${format(...args)}`;
}

/** An Error as the runtime puts it in JSON: its constructor's name, message and stack lines, and its own fields. */
function errorAsJson(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return {
    errorType: value.constructor?.name ?? 'UnknownError',
    errorMessage: value.message,
    stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
    ...value,
  };
}

/**
 * The JSON record of one console call: one argument is the message as it is (an object stays an object, an Error
 * becomes errorType, errorMessage and stackTrace), several are formatted into a string with the first Error's fields
 * beside it. The request id is left out before the first invocation.
 */
export function jsonLine(time: string, requestId: string | undefined, level: LogLevel, args: unknown[]): string {
  const record: Record<string, unknown> = { timestamp: time, level, requestId: requestId || undefined };
  if (args.length === 1) {
    try {
      return JSON.stringify({ ...record, message: args[0] }, errorAsJson);
    } catch {
      return JSON.stringify({ ...record, message: format(args[0]) });
    }
  }
  record.message = format(...args);
  const error = args.find((a): a is Error => a instanceof Error);
  if (error)
    Object.assign(record, {
      errorType: error.constructor?.name ?? 'UnknownError',
      errorMessage: error.message,
      stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    });
  return JSON.stringify(record);
}
