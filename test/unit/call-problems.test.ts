// What a `.http` file holds that Send would refuse, as the editor marks it: unreadable lines, unknown system
// variables, $processEnv and $dotenv, and request variables naming no request or in no form REST Client reads.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttpFile } from '../../src/core/call/httpFile';
import { httpFileProblems, MAX_HTTP_FILE_PROBLEMS } from '../../src/core/call/problems';

/** Each problem as `line:start-end severity message [→ replacement]`, with the marked text. */
function problems(text: string): string[] {
  const lines = text.split('\n');
  return httpFileProblems(parseHttpFile(text)).map(
    (p) =>
      `${p.line}:${lines[p.line]!.slice(p.start, p.end)} ${p.severity}${p.replacement ? ` → ${p.replacement}` : ''}`,
  );
}

describe('.http file problems', () => {
  it('every system variable, references to named requests and plain names pass; an unknown system name does not', () => {
    const text = [
      '@host = {{$processEnvNot}}',
      '',
      '# @name login',
      'POST {{baseUrl}}/login?id={{$guid}}&n={{$randomInt 1 9}}&at={{$datetime iso8601 1 d}}',
      'X-Trace: {{$uuid}} {{$random.uuid}} {{$timestamp -3 h}} {{$localDatetime rfc1123}} {{$isoTimestamp}}',
      '',
      '{"user": "{{user}}", "db": "{{db.host.name}}"}',
      '',
      '###',
      'GET {{baseUrl}}/me',
      'Authorization: Bearer {{login.response.body.$.token}}',
      'X-From: {{ %login.response.headers.Location }} {{login.request.body.*}}',
      '',
      '> {% client.global.set("x", "{{$nothing}}") %}',
    ].join('\n');
    // `$processEnvNot` is not `$processEnv` (which is never read, so never offered): an unknown system variable.
    assert.deepEqual(problems(text), ['0:$processEnvNot warning']);
  });

  it("marks REST Client's credential headers, which Send refuses, and not a computed one", () => {
    const text = [
      'GET http://localhost/a',
      'Authorization: AWS AKIDEXAMPLE wJalrEXAMPLEKEY region:us-east-1',
      '',
      '###',
      'GET http://localhost/b',
      'Authorization: Digest alice {{password}}',
      '',
      '###',
      'GET http://localhost/c',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240312/us-east-1/execute-api/aws4_request',
      'X-Note: AWS some text',
    ].join('\n');
    assert.deepEqual(problems(text), [
      '1:Authorization: AWS AKIDEXAMPLE wJalrEXAMPLEKEY region:us-east-1 error',
      '5:Authorization: Digest alice {{password}} error',
    ]);
    const [aws] = httpFileProblems(parseHttpFile(text));
    assert.match(aws!.message, /an AWS access key and its secret .* Remove the header/);
    assert.ok(!aws!.message.includes('wJalr'), 'the secret is not quoted');
  });

  it("an unknown system variable names the closest; REST Client's that Send does not fill say why", () => {
    const text = [
      'GET http://localhost/{{$guidd}}?t={{$timestmp -1 d}}&x={{ %$radnomInt 1 2 }}',
      'X-Home: {{$processEnv HOME}}',
      'X-Key: {{$dotenv KEY}}',
      'X-What: {{$zzzzzzzz}}',
      'X-Azure: {{$aadToken new public contoso.com}}',
      'X-Azure-2: {{$aadV2Token scopes:a,b}}',
      'X-Oidc: {{$oidcAccessToken new clientId:x}}',
    ].join('\n');
    const found = httpFileProblems(parseHttpFile(text));
    assert.deepEqual(problems(text), [
      '0:$guidd warning → $guid',
      '0:$timestmp -1 d warning → $timestamp -1 d',
      '0:%$radnomInt 1 2 warning → %$randomInt 1 2',
      '1:$processEnv HOME warning',
      '2:$dotenv KEY warning',
      '3:$zzzzzzzz warning',
      '4:$aadToken new public contoso.com warning',
      '5:$aadV2Token scopes:a,b warning',
      '6:$oidcAccessToken new clientId:x warning',
    ]);
    // Not "did you mean": what it is, and what to write instead.
    assert.match(
      found[6]!.message,
      /^\$aadToken \(an Azure AD sign-in\) is not supported: .*Authorization: Bearer \{\{token\}\}/,
    );
    assert.match(found[7]!.message, /^\$aadV2Token .* is not supported/);
    assert.match(found[8]!.message, /^\$oidcAccessToken .* is not supported: Send does not sign in/);
    assert.match(
      found[0]!.message,
      /^\$guidd is not a system variable, so Send would find no value for it\. Did you mean '\$guid'\?$/,
    );
    assert.match(
      found[3]!.message,
      /^\$processEnv is not read: .* Define a file variable \(@name = value\), or an environment variable in http-client\.private\.env\.json\.$/,
    );
    assert.match(found[5]!.message, /The system variables are \$guid, \$uuid, /);
  });

  it('a reference to no named request names the closest; a reference in no form REST Client reads says the forms', () => {
    const text = [
      '### login',
      'POST http://localhost/login',
      '',
      '###',
      '# @name orders',
      'GET http://localhost/orders',
      'Authorization: Bearer {{logn.response.body.$.token}}',
      'X-A: {{orders.respons.body.$.id}} {{orders.response.header.Location}} {{orders.response.body}}',
      'X-B: {{nobody.request.headers.X}}',
    ].join('\n');
    const found = httpFileProblems(parseHttpFile(text));
    assert.deepEqual(problems(text), [
      '6:logn.response.body.$.token warning → login.response.body.$.token',
      '7:orders.respons.body.$.id warning → orders.response.body.$.id',
      '7:orders.response.header.Location warning → orders.response.headers.Location',
      '7:orders.response.body warning',
      '8:nobody.request.headers.X warning',
    ]);
    assert.match(
      found[0]!.message,
      /^No request of this file is named logn, .*"# @name logn"\. Did you mean 'login'\?$/,
    );
    assert.match(found[3]!.message, /reads request orders only as orders\.response\.body\.<JSON path>/);
  });

  it('a request named as an earlier one is marked on its request line; the first is not', () => {
    const text = [
      '# @name login',
      'POST http://localhost/login',
      '',
      '### login',
      'POST http://localhost/login?again=1',
      '',
      '###',
      '# @name other',
      'GET http://localhost/other',
    ].join('\n');
    const found = httpFileProblems(parseHttpFile(text));
    assert.deepEqual(problems(text), ['4:POST http://localhost/login?again=1 warning']);
    assert.match(found[0]!.message, /^The request on line 2 is named login too: /);
  });

  it('a line the parser cannot read is an error over the whole line; comments and handlers are not read', () => {
    const text = [
      'fetch http://localhost/x',
      '',
      '###',
      '# {{$nope}} in a comment',
      '// {{$nope}} here too',
      'GET http://localhost/y',
      'not a header line',
      '',
      '<> previous-response.json',
      '{{$nope}}',
    ].join('\n');
    const found = httpFileProblems(parseHttpFile(text));
    assert.deepEqual(problems(text), ['0:fetch http://localhost/x error', '6:not a header line error']);
    assert.equal(found[0]!.message, 'Not a request line: expected METHOD URL, found "fetch http://localhost/x".');
  });

  it('stays linear on a file of many names: "did you mean" within a budget of comparisons, 1,000 problems at most', () => {
    const named = Array.from({ length: 600 }, (_, k) => `# @name login${k}\nGET http://localhost/${k}\n\n###`);
    const using = Array.from({ length: 1_500 }, (_, k) => `X-${k}: {{logn${k}.response.body.$}}`);
    const text = [...named, '# @name last', 'GET http://localhost/last', ...using].join('\n');
    const found = httpFileProblems(parseHttpFile(text));
    assert.equal(found.length, MAX_HTTP_FILE_PROBLEMS);
    // 600 names a comparison each: the budget of 10,000 answers the first 16 references, then no more are compared.
    const suggested = found.filter((p) => p.replacement !== undefined).length;
    assert.equal(suggested, 16);
    assert.ok(found.slice(0, 16).every((p) => p.replacement !== undefined));
  });

  it('reads a hostile line in one pass: 100,000 unclosed `{{` and a run of blanks before the variable', () => {
    const text = `GET http://localhost/${'{{'.repeat(100_000)}${' '.repeat(100_000)}{{$guidd}}`;
    assert.deepEqual(problems(text), ['0:$guidd warning → $guid']);
  });
});
