// Lambda's system log lines (the platform's, around each invocation), as Lambda writes them in the function's log
// format. Text: `START`, `END` and `REPORT` lines (Max Memory Used, and Init Duration after a cold start; a timeout or
// a runtime that ended says its status), an `INIT_REPORT` line when the init phase fails. JSON: the Telemetry API's
// events, one object a line (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html), filtered
// by the function's system log level as Lambda's log-level filtering does: `platform.start`, `platform.report` and
// `platform.initReport` at INFO, `platform.runtimeDone` at DEBUG
// (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html).

import { SYSTEM_LOG_LEVELS, type SystemLogLevel } from '../core/local/handlers';

/** How an invocation ended, as the Telemetry API's Status says it (`failure`: the function's error). */
export type InvokeStatus =
  | { status: 'success' }
  | { status: 'failure'; errorType: string }
  | { status: 'error'; errorType: string }
  | { status: 'timeout'; errorType: 'Sandbox.Timedout' };

export interface InvokeReport {
  requestId: string;
  durationMs: number;
  memorySizeMB: number;
  /** The handler process's peak resident memory so far, in MB; unknown when it never answered. */
  maxMemoryUsedMB?: number;
  /** The environment's init phase, on its first invocation only. */
  initDurationMs?: number;
  /** The function timeout, for a timed-out invocation's line. */
  timeoutMs?: number;
  outcome: InvokeStatus;
}

interface SystemLogOptions {
  format: 'Text' | 'JSON' | undefined;
  level: SystemLogLevel | undefined;
}

export class SystemLog {
  private readonly json: boolean;
  private readonly least: number;

  constructor(options: SystemLogOptions) {
    this.json = options.format === 'JSON';
    // Text logs are not filtered: Lambda's log level needs the JSON format.
    this.least = this.json ? SYSTEM_LOG_LEVELS.indexOf(options.level ?? 'INFO') : 0;
  }

  start(requestId: string, nowMs: number): string[] {
    if (!this.json) return [`START RequestId: ${requestId} Version: $LATEST`];
    return this.event(nowMs, 'INFO', 'platform.start', { requestId, version: '$LATEST' });
  }

  /** The lines after an invocation: Text's timeout line, END and REPORT; JSON's runtimeDone and report. */
  done(report: InvokeReport, nowMs: number): string[] {
    return this.json ? this.jsonDone(report, nowMs) : textDone(report, nowMs);
  }

  /** An init phase that failed: its duration and the error's type. */
  initFailed(durationMs: number, errorType: string, nowMs: number): string[] {
    if (!this.json)
      return [
        `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`,
      ];
    return this.event(nowMs, 'INFO', 'platform.initReport', {
      initializationType: 'on-demand',
      phase: 'init',
      status: 'error',
      errorType,
      metrics: { durationMs: round2(durationMs) },
    });
  }

  private jsonDone(r: InvokeReport, nowMs: number): string[] {
    const status = r.outcome;
    return [
      ...this.event(nowMs, 'DEBUG', 'platform.runtimeDone', {
        requestId: r.requestId,
        ...status,
        metrics: { durationMs: round2(r.durationMs) },
      }),
      ...this.event(nowMs, 'INFO', 'platform.report', {
        requestId: r.requestId,
        metrics: {
          durationMs: round2(r.durationMs),
          billedDurationMs: Math.ceil(r.durationMs),
          memorySizeMB: r.memorySizeMB,
          ...(r.maxMemoryUsedMB !== undefined ? { maxMemoryUsedMB: r.maxMemoryUsedMB } : {}),
          ...(r.initDurationMs !== undefined ? { initDurationMs: round2(r.initDurationMs) } : {}),
        },
        ...status,
      }),
    ];
  }

  private event(nowMs: number, level: SystemLogLevel, type: string, record: Record<string, unknown>): string[] {
    if (SYSTEM_LOG_LEVELS.indexOf(level) < this.least) return [];
    return [JSON.stringify({ time: new Date(nowMs).toISOString(), type, record })];
  }
}

/**
 * Lambda's text lines after an invocation: the REPORT line's fields tab-separated, Max Memory Used then Init Duration
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html), then the status of an invocation the platform
 * ended (a timeout, a runtime that exited).
 */
function textDone(r: InvokeReport, nowMs: number): string[] {
  const lines: string[] = [];
  if (r.outcome.status === 'timeout')
    lines.push(
      `${new Date(nowMs).toISOString()} ${r.requestId} Task timed out after ${((r.timeoutMs ?? 0) / 1000).toFixed(2)} seconds`,
    );
  lines.push(`END RequestId: ${r.requestId}`);
  const fields = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(r.durationMs)} ms`,
    `Memory Size: ${r.memorySizeMB} MB`,
  ];
  if (r.maxMemoryUsedMB !== undefined) fields.push(`Max Memory Used: ${r.maxMemoryUsedMB} MB`);
  if (r.initDurationMs !== undefined) fields.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.outcome.status === 'timeout') fields.push('Status: timeout');
  if (r.outcome.status === 'error') fields.push('Status: error', `Error Type: ${r.outcome.errorType}`);
  lines.push(fields.join('\t'));
  return lines;
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
