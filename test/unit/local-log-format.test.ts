// The console lines of a Node handler process as Lambda's Node.js runtime writes them (src/local/nodeLogFormat.ts,
// after aws-lambda-nodejs-runtime-interface-client's LogPatch.js): the levels AWS_LAMBDA_LOG_LEVEL lets through, in
// the text and the JSON log format.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonLine, levelEnabled, textLine } from '../../src/local/nodeLogFormat';

const TIME = '2026-12-02T07:00:00.000Z';

describe("a Node handler's console, as Lambda's runtime writes it", () => {
  it('AWS_LAMBDA_LOG_LEVEL: the least level written, in either format; unset or unknown writes all; FATAL always', () => {
    assert.equal(levelEnabled('DEBUG', 'info'), false);
    assert.equal(levelEnabled('INFO', 'INFO'), true);
    assert.equal(levelEnabled('WARN', 'ERROR'), false);
    assert.equal(levelEnabled('FATAL', 'FATAL'), true);
    assert.equal(levelEnabled('TRACE', undefined), true);
    assert.equal(levelEnabled('TRACE', 'VERBOSE'), true);
  });

  it('text: time, request id (undefined before the first invocation), level and the formatted message', () => {
    assert.equal(textLine(TIME, 'r-1', 'INFO', ['%s has %d', 'order', 3]), `${TIME}\tr-1\tINFO\torder has 3`);
    assert.equal(textLine(TIME, '', 'WARN', ['x']), `${TIME}\tundefined\tWARN\tx`);
  });

  it('JSON: one argument stays itself (an Error its fields), several are formatted with the first Error beside', () => {
    assert.equal(
      jsonLine(TIME, 'r-1', 'INFO', [{ a: [1] }]),
      `{"timestamp":"${TIME}","level":"INFO","requestId":"r-1","message":{"a":[1]}}`,
    );
    assert.equal(jsonLine(TIME, '', 'INFO', ['x']), `{"timestamp":"${TIME}","level":"INFO","message":"x"}`);
    const err = Object.assign(new TypeError('bad'), { code: 'E_BAD' });
    const one = JSON.parse(jsonLine(TIME, 'r-1', 'ERROR', [err])) as { message: Record<string, unknown> };
    assert.deepEqual(
      [one.message.errorType, one.message.errorMessage, one.message.code, (one.message.stackTrace as string[])[0]],
      ['TypeError', 'bad', 'E_BAD', 'TypeError: bad'],
    );
    const several = JSON.parse(jsonLine(TIME, 'r-1', 'WARN', ['failed', err])) as Record<string, unknown>;
    assert.match(String(several.message), /^failed TypeError: bad\n/);
    assert.deepEqual([several.errorType, several.errorMessage], ['TypeError', 'bad']);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(
      (JSON.parse(jsonLine(TIME, 'r-1', 'INFO', [circular])) as { message: string }).message,
      '<ref *1> { self: [Circular *1] }',
    );
  });
});
