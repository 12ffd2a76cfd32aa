import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CancelledError,
  describeError,
  errorChain,
  isCancellation,
  isWorkbenchError,
  WorkbenchError,
} from '../../src/core/errors';
import { redact } from '../../src/core/redact';

describe('errors', () => {
  it('describes an error with its hint', () => {
    const err = new WorkbenchError('ExpiredToken', 'The SSO token for profile dev has expired.', {
      hint: 'Run: aws sso login --profile dev',
    });
    assert.equal(describeError(err), 'The SSO token for profile dev has expired. Run: aws sso login --profile dev');
    assert.equal(err.code, 'ExpiredToken');
  });

  it('recognises workbench errors from another bundle by shape', () => {
    const foreign = Object.assign(new Error('x'), { name: 'WorkbenchError', code: 'NotFound' });
    assert.ok(isWorkbenchError(foreign));
    assert.ok(!isWorkbenchError(new Error('plain')));
  });

  it('knows cancellations', () => {
    assert.ok(isCancellation(new CancelledError()));
    assert.ok(isCancellation(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    assert.ok(!isCancellation(new WorkbenchError('Throttled', 'slow down')));
  });

  it('chains causes for the log', () => {
    const err = new WorkbenchError('Network', 'Could not reach the endpoint', { cause: new Error('ECONNREFUSED') });
    assert.equal(errorChain(err), 'WorkbenchError: Could not reach the endpoint ← Error: ECONNREFUSED');
  });
});

describe('redact', () => {
  // Key-shaped ids built here, so that no string shaped like a real access key id is committed.
  const keyId = (prefix: string) => `${prefix}${'TESTONLY'.padEnd(16, 'X')}`;
  const cases: Array<[string, RegExp, RegExp]> = [
    [`key ${keyId('AKIA')} used`, /AKIA\*+/, /TESTONLYX/],
    [`temporary ${keyId('ASIA')} used`, /ASIA\*+/, /TESTONLYX/],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', /\[redacted\]/, /wJalrXUtnFEMI/],
    ['"sessionToken":"IQoJb3JpZ2luX2VjEXAMPLE"', /\[redacted\]/, /IQoJb3JpZ2lu/],
    ['Authorization: AWS4-HMAC-SHA256 Credential=x, Signature=abc', /Authorization: \[redacted\]/, /AWS4-HMAC/],
    [
      'bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      /\[redacted/,
      /dozjgNryP4J3/,
    ],
    [
      'X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE&X-Amz-Date=1',
      /X-Amz-Security-Token=\[redacted\]&X-Amz-Date=1/,
      /FwoGZXIv/,
    ],
  ];
  for (const [input, present, absent] of cases) {
    it(`redacts ${input.slice(0, 30)}…`, () => {
      const out = redact(input);
      assert.match(out, present);
      assert.doesNotMatch(out, absent);
    });
  }

  it('leaves ordinary text alone', () => {
    const line = 'GET /items/{id} → orders-fn (200, 31 ms) arn:aws:lambda:eu-west-1:123456789012:function:orders';
    assert.equal(redact(line), line);
  });
});
