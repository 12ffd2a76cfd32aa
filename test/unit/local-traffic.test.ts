// The traffic records' parts that are plain code: an invocation's kept lines.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvocationLog } from '../../src/core/local/traffic';

describe("InvocationLog: the lines an invocation logs, for its request's detail", () => {
  it('keeps every line of a short invocation, in order', () => {
    const log = new InvocationLog(5);
    for (const l of ['START', 'a', 'b', 'END', 'REPORT']) log.push(l);
    assert.deepEqual(log.lines, ['START', 'a', 'b', 'END', 'REPORT']);
  });

  it('keeps the last lines of one that prints without end, and says how many went', () => {
    const log = new InvocationLog(1000);
    const total = 2_000_005;
    for (let i = 0; i < total; i++) log.push(`line ${i}`);
    const lines = log.lines;
    assert.equal(lines.length, 1001);
    assert.equal(lines[0], `(${total - 1000} earlier lines not kept)`);
    assert.equal(lines[1], `line ${total - 1000}`);
    assert.equal(lines.at(-1), `line ${total - 1}`);
    // Reading twice changes nothing; lines after a read are kept as before.
    assert.deepEqual(log.lines, lines);
    log.push('REPORT');
    assert.deepEqual(log.lines.slice(-2), [`line ${total - 1}`, 'REPORT']);
    assert.equal(log.lines[0], `(${total - 999} earlier lines not kept)`);
  });
});
