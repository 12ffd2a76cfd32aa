// Lambda's system log lines as the local API writes them, in each log format and system log level, on a fixed time.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SystemLog, type InvokeReport } from '../../src/local/systemLog';

const AT = Date.parse('2026-12-02T10:00:00.000Z');
const ID = '6d68ca91-49c9-448d-89b8-7ca3e6dc66aa';
const REPORT: InvokeReport = {
  requestId: ID,
  durationMs: 693.921,
  memorySizeMB: 128,
  maxMemoryUsedMB: 84,
  initDurationMs: 397.684,
  outcome: { status: 'success' },
};

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as { time: string; type: string; record: unknown });

describe("Lambda's system log lines", () => {
  it("Text: AWS's REPORT line, field by field", () => {
    const log = new SystemLog({ format: undefined, level: undefined });
    assert.deepEqual(log.start(ID, AT), [`START RequestId: ${ID} Version: $LATEST`]);
    assert.deepEqual(log.done(REPORT, AT), [
      `END RequestId: ${ID}`,
      `REPORT RequestId: ${ID}\tDuration: 693.92 ms\tBilled Duration: 694 ms\tMemory Size: 128 MB\tMax Memory Used: 84 MB\tInit Duration: 397.68 ms`,
    ]);
  });

  it('Text: a timeout and a process that ended say their status; a memory never reported is left out', () => {
    const log = new SystemLog({ format: 'Text', level: undefined });
    const timedOut = log.done(
      {
        ...REPORT,
        maxMemoryUsedMB: undefined,
        initDurationMs: undefined,
        timeoutMs: 3000,
        outcome: { status: 'timeout', errorType: 'Sandbox.Timedout' },
      },
      AT,
    );
    assert.deepEqual(timedOut, [
      `2026-12-02T10:00:00.000Z ${ID} Task timed out after 3.00 seconds`,
      `END RequestId: ${ID}`,
      `REPORT RequestId: ${ID}\tDuration: 693.92 ms\tBilled Duration: 694 ms\tMemory Size: 128 MB\tStatus: timeout`,
    ]);
    const crashed = log.done({ ...REPORT, outcome: { status: 'error', errorType: 'Runtime.ExitError' } }, AT);
    assert.match(crashed[1]!, /\tInit Duration: 397\.68 ms\tStatus: error\tError Type: Runtime\.ExitError$/);
    // A function's own error is not the platform's: the text REPORT line says nothing of it.
    const failed = log.done({ ...REPORT, outcome: { status: 'failure', errorType: 'TypeError' } }, AT);
    assert.doesNotMatch(failed[1]!, /Status/);
    assert.deepEqual(log.initFailed(12.345, 'Runtime.ImportModuleError', AT), [
      'INIT_REPORT Init Duration: 12.35 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
    ]);
  });

  it("JSON: the Telemetry API's events, as its schema reference shows them", () => {
    const log = new SystemLog({ format: 'JSON', level: 'DEBUG' });
    assert.deepEqual(parsed(log.start(ID, AT)), [
      { time: '2026-12-02T10:00:00.000Z', type: 'platform.start', record: { requestId: ID, version: '$LATEST' } },
    ]);
    assert.deepEqual(parsed(log.done({ ...REPORT, outcome: { status: 'failure', errorType: 'TypeError' } }, AT)), [
      {
        time: '2026-12-02T10:00:00.000Z',
        type: 'platform.runtimeDone',
        record: { requestId: ID, status: 'failure', errorType: 'TypeError', metrics: { durationMs: 693.92 } },
      },
      {
        time: '2026-12-02T10:00:00.000Z',
        type: 'platform.report',
        record: {
          requestId: ID,
          metrics: {
            durationMs: 693.92,
            billedDurationMs: 694,
            memorySizeMB: 128,
            maxMemoryUsedMB: 84,
            initDurationMs: 397.68,
          },
          status: 'failure',
          errorType: 'TypeError',
        },
      },
    ]);
    assert.deepEqual(parsed(log.initFailed(12.345, 'Runtime.ImportModuleError', AT))[0]!.record, {
      initializationType: 'on-demand',
      phase: 'init',
      status: 'error',
      errorType: 'Runtime.ImportModuleError',
      metrics: { durationMs: 12.35 },
    });
  });

  it('JSON: the system log level leaves out what is below it (INFO by default); Text is never filtered', () => {
    const types = (log: SystemLog) =>
      [...log.start(ID, AT), ...log.done(REPORT, AT), ...log.initFailed(1, 'Runtime.ExitError', AT)].map(
        (l) => (JSON.parse(l) as { type: string }).type,
      );
    assert.deepEqual(types(new SystemLog({ format: 'JSON', level: undefined })), [
      'platform.start',
      'platform.report',
      'platform.initReport',
    ]);
    assert.deepEqual(types(new SystemLog({ format: 'JSON', level: 'WARN' })), []);
    const text = new SystemLog({ format: 'Text', level: 'WARN' });
    assert.equal([...text.start(ID, AT), ...text.done(REPORT, AT)].length, 3);
  });
});
