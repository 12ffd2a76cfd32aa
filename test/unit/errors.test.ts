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
import { shownMessage, ssoLoginFix, toWorkbenchError } from '../../src/aws/errors';
import { UncertainWriteError } from '../../src/aws/writeGuard';
import { hangGuard } from './hangGuard';

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

describe('toWorkbenchError without a service (pure mapping)', () => {
  const ctx = { operation: 'GetApis', service: 'apigateway', profile: 'dev', region: 'eu-west-1' };
  const sdkError = (name: string, message: string, extra: object = {}) =>
    Object.assign(new Error(message), { name }, extra);

  it("maps the SDK's credential_process failure without its command line or more than one line of stderr", () => {
    const err = sdkError(
      'CredentialsProviderError',
      'Command failed: vault-login --client-secret CANARYARG --user me\nerror: token=CANARYTOKEN refused\nmore CANARYMORE',
    );
    const e = toWorkbenchError(err, ctx);
    assert.equal(e.code, 'NoCredentials');
    assert.equal(
      e.message,
      'The credential_process of profile dev (or of its source_profile) failed: error: token=[redacted] refused',
    );
    assert.deepEqual(e.fix, {
      label: 'Check the profile in a terminal',
      copyText: 'aws sts get-caller-identity --profile dev',
    });
  });

  it('quotes a service message redacted, on one line, cut short; the cause keeps the original for the log', () => {
    const raw = `bad header\nAuthorization: AWS4-HMAC-SHA256 Signature=abc\n${'x'.repeat(2000)}`;
    const e = toWorkbenchError(sdkError('InternalFailure', raw, { $metadata: { httpStatusCode: 500 } }), ctx);
    assert.equal(e.code, 'Unknown');
    assert.match(e.message, /: bad header Authorization: \[redacted\] x{10}/);
    assert.ok(e.message.endsWith('…') && e.message.length < 520, `${e.message.length}`);
    assert.equal((e.cause as Error).message, raw);
    assert.equal(shownMessage('a\r\n  b'), 'a b');
    assert.equal(shownMessage('\n a \n \t \r\n b\n'), 'a b');
  });

  it(
    'shows a message with a 1 MB run of spaces and no newline in one pass (the timeout is a hang guard)',
    hangGuard(60_000, () => {
      assert.equal(shownMessage(`a${' '.repeat(1 << 20)}b`).slice(0, 3), 'a  ');
    }),
  );

  it('an uncertain create keeps the inner classification and its fix', () => {
    const original = sdkError('ExpiredTokenException', 'expired', { $metadata: { httpStatusCode: 403 } });
    const e = toWorkbenchError(Object.assign(new Error('x'), { name: 'UncertainWriteError', original }), {
      ...ctx,
      operation: 'CreateApi',
      profileKind: 'sso',
    });
    assert.equal(e.code, 'ExpiredToken');
    assert.match(e.message, /CreateApi may have been applied all the same/);
    assert.deepEqual(e.fix, ssoLoginFix('dev'));
    const echoed = new UncertainWriteError('CreateApi', new Error('failed: x-amz-security-token: CANARYTOKEN123456'));
    assert.equal(echoed.message, 'CreateApi may have been applied: failed: x-amz-security-token: [redacted]');
  });

  it('an HTML page is Unsupported whatever its status; AWS endpoints get a proxy hint instead of an emulator one', () => {
    const html = (status: number) =>
      sdkError('SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: …', {
        $metadata: { httpStatusCode: status },
        $response: { statusCode: status, headers: { 'content-type': 'text/html' } },
      });
    for (const status of [200, 403, 404, 500, 502]) {
      const e = toWorkbenchError(html(status), { ...ctx, endpointUrl: 'http://localhost:4566' });
      assert.equal(e.code, 'Unsupported');
      assert.equal(
        e.message,
        `The endpoint at http://localhost:4566 does not support GetApis: it answered HTTP ${status} with an HTML page, not an AWS response.`,
      );
    }
    const aws = toWorkbenchError(html(502), ctx);
    assert.equal(
      aws.message,
      'The apigateway endpoint in eu-west-1 answered GetApis with HTTP 502 with an HTML page, not an AWS response.',
    );
    assert.match(aws.hint!, /proxy/);
  });

  it('a host that does not resolve on AWS names the region first: a region typo (us-eats-1) fails exactly so', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND apigateway.us-eats-1.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    const e = toWorkbenchError(dns, { ...ctx, region: 'us-eats-1' });
    assert.equal(e.code, 'Network');
    assert.match(
      e.hint!,
      /^Check the region us-eats-1 \(.*--region, AWS_REGION or the profile's region\), then your network/,
    );
    const refused = toWorkbenchError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx);
    assert.equal(refused.hint, 'Check your network connection or proxy.');
  });

  it('gives every classification a code, and the actionable ones a structured fix (no caller parses a hint)', () => {
    const status = (code: string, s: number) =>
      sdkError(code, `${code} happened`, { $metadata: { httpStatusCode: s } });
    const cases: Array<[unknown, string, string | undefined]> = [
      [status('AccessDeniedException', 403), 'AccessDenied', 'apigateway:GET'],
      [status('InvalidClientTokenId', 403), 'NoCredentials', 'apigw.selectProfile'],
      [status('NotFoundException', 404), 'NotFound', 'apigw.refreshExplorer'],
      [status('TooManyRequestsException', 429), 'Throttled', undefined],
      [status('ConflictException', 409), 'Conflict', undefined],
      [status('BadRequestException', 400), 'BadRequest', undefined],
      [
        sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
        'NoCredentials',
        'apigw.selectProfile',
      ],
      [
        sdkError('CredentialsProviderError', 'Profile nope could not be found in shared credentials file.'),
        'ProfileNotFound',
        'apigw.selectProfile',
      ],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'Network', undefined],
    ];
    for (const [err, code, fix] of cases) {
      const e = toWorkbenchError(err, ctx);
      assert.equal(e.code, code, e.message);
      assert.equal(e.fix?.copyText ?? e.fix?.command?.id, fix, `${code}: ${JSON.stringify(e.fix)}`);
    }
  });
});
