// `.http` files as REST Client and JetBrains' HTTP Client users write them beyond one file: request environments
// (REST Client's setting under the file's variables, JetBrains' env files over them, the private file's values
// secret), `# @prompt` variables, a path-only request line with a Host header, cURL commands pasted as requests.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  environmentNames,
  environmentVariables,
  isSecretPrompt,
  keyLocation,
  NO_ENVIRONMENT,
  parseEnvironmentFile,
  parseHttpFile,
  requestUrl,
  resolveFileText,
  resolveRequest,
  withValues,
  type EnvironmentSources,
} from '../../src/core/call';
import { isWorkbenchError } from '../../src/core/errors';

const REST_CLIENT = {
  $shared: { version: 'v1', prodToken: 'foo', nonProdToken: 'bar' },
  local: { version: 'v2', host: 'localhost', token: '{{$shared nonProdToken}}' },
  production: { host: 'example.com', token: '{{$shared prodToken}}' },
};

describe('request environments', () => {
  it("REST Client's setting: $shared in every environment, an environment's own win, {{$shared name}} read", () => {
    const s: EnvironmentSources = { restClient: REST_CLIENT };
    assert.deepEqual(environmentNames(s), ['local', 'production']);
    const local = environmentVariables(s, 'local');
    assert.deepEqual(Object.fromEntries(local.under), {
      version: 'v2',
      prodToken: 'foo',
      nonProdToken: 'bar',
      host: 'localhost',
      token: 'bar',
    });
    assert.equal(environmentVariables(s, 'production').under.get('version'), 'v1');
    assert.equal(environmentVariables(s, 'production').under.get('token'), 'foo');
    const none = environmentVariables(s, undefined);
    assert.deepEqual([none.under.get('version'), none.under.get('host')], ['v1', undefined], 'no environment: $shared');
    assert.equal(local.over.size, 0);
    assert.equal(environmentVariables({ restClient: 'nonsense' }, 'local').under.size, 0);
  });

  it("JetBrains' files: the private file's values win and are secret; numbers, booleans and object fields read", () => {
    const s: EnvironmentSources = {
      jetBrains: {
        dev: { host: 'localhost:3000', token: 'placeholder', port: 3000, debug: true, auth: { user: 'u' } },
      },
      jetBrainsPrivate: { dev: { token: 'real-private-token' }, qa: { host: 'qa.example.com' } },
    };
    assert.deepEqual(environmentNames(s), ['dev', 'qa']);
    const dev = environmentVariables(s, 'dev');
    assert.deepEqual(
      [dev.over.get('host'), dev.over.get('token'), dev.over.get('port'), dev.over.get('debug')],
      ['localhost:3000', 'real-private-token', '3000', 'true'],
    );
    assert.equal(dev.over.get('auth.user'), 'u');
    assert.equal(dev.over.get('auth'), '{"user":"u"}');
    assert.deepEqual(dev.secrets, ['real-private-token']);
    assert.equal(dev.under.size, 0);
  });

  it('precedence: REST Client under the file, the file, JetBrains over it, then the caller and prompts over all', () => {
    const file = parseHttpFile('@host = from-file\n@version = file-v\n\nGET http://{{host}}/{{version}}/{{token}}\n');
    const req = file.requests[0]!;
    const restOnly = environmentVariables({ restClient: REST_CLIENT }, 'local');
    assert.equal(resolveRequest(file, req, { environment: restOnly }).request.url, 'http://from-file/file-v/bar');
    const jetBrains = environmentVariables({ restClient: REST_CLIENT, jetBrains: { local: { host: 'jb' } } }, 'local');
    assert.equal(resolveRequest(file, req, { environment: jetBrains }).request.url, 'http://jb/file-v/bar');
    const prompted = withValues(jetBrains, new Map([['host', 'typed']]), ['typed']);
    assert.equal(resolveRequest(file, req, { environment: prompted }).request.url, 'http://typed/file-v/bar');
    assert.deepEqual(prompted.secrets, ['typed']);
    assert.equal(
      resolveRequest(file, req, { environment: prompted, variables: { host: 'caller' } }).request.url,
      'http://caller/file-v/bar',
    );
    assert.equal(resolveFileText(file, '{{host}}', jetBrains), 'jb');
    assert.equal(resolveFileText(file, '{{host}}'), 'from-file');
    assert.deepEqual(resolveRequest(file, req, { environment: NO_ENVIRONMENT }).unresolved, ['token']);
  });

  it('reads an environment file: empty, BOM-prefixed, with comments; refuses what is not a JSON object, naming the file', () => {
    assert.deepEqual(parseEnvironmentFile('  \n', 'e.json'), {});
    assert.deepEqual(parseEnvironmentFile('\uFEFF{"dev":{"a":"1"}}', 'e.json'), { dev: { a: '1' } });
    assert.deepEqual(parseEnvironmentFile('// local\n{"dev": {"a": "1", /* x */},}', 'e.json'), { dev: { a: '1' } });
    for (const bad of ['{"dev":', '[1,2]', '"text"']) {
      assert.throws(
        () => parseEnvironmentFile(bad, 'api/http-client.env.json'),
        (e: unknown) => isWorkbenchError(e) && /api\/http-client\.env\.json/.test(e.message),
      );
    }
  });
});

describe('where an environment variable is defined (Go to Definition)', () => {
  const text =
    '{\n  // comments and trailing commas, as the files allow\n  "$shared": { "host": "h" },\n  "dev": { "auth": { "token": "t" }, },\n}';

  it('the key of the first path the file holds: the environment before $shared, an object field by its path', () => {
    const at = (paths: string[][]) => {
      const k = keyLocation(text, paths);
      return k && text.slice(k.offset, k.offset + k.length);
    };
    assert.equal(
      at([
        ['dev', 'host'],
        ['$shared', 'host'],
      ]),
      '"host"',
    );
    assert.equal(keyLocation(text, [['$shared', 'host']])!.offset, text.indexOf('"host"'));
    assert.equal(
      at([
        ['dev', 'auth.token'],
        ['dev', 'auth', 'token'],
      ]),
      '"token"',
    );
    assert.equal(at([['dev', 'missing']]), undefined);
    assert.equal(keyLocation('not json at all', [['dev']]), undefined);
  });
});

describe('# @prompt, Host headers and cURL commands', () => {
  it('reads # @prompt and // @prompt lines with their descriptions; a later line for a name replaces it', () => {
    const file = parseHttpFile(
      [
        '# @prompt username',
        '// @prompt otp Your one-time password in your mailbox',
        '# @prompt username Your user name',
        '# @timeout 5',
        'POST https://example.com/verify',
        '',
        '{"u": "{{username}}", "otp": "{{otp}}"}',
      ].join('\n'),
    );
    const req = file.requests[0]!;
    assert.deepEqual(
      req.prompts.map((p) => [p.name, p.description, p.line]),
      [
        ['username', 'Your user name', 2],
        ['otp', 'Your one-time password in your mailbox', 1],
      ],
    );
    assert.deepEqual(req.tags, { timeout: '5' });
  });

  // Before: only names saying password, secret or token (and pass, passwd) were hidden: `# @prompt apiKey` was typed
  // in the clear and its answer kept in the request shown and the history (in a header the route does not name).
  it('a prompt is hidden when its name says it holds a secret, as the redactor reads names', () => {
    for (const name of ['pass', 'passwd', 'password', 'dbPassword', 'clientSecret', 'token', 'tokenValue'])
      assert.ok(isSecretPrompt(name), `${name} is hidden`);
    for (const name of ['apiKey', 'api_key', 'x-api-key', 'privateKey', 'passphrase', 'signingKey', 'credential'])
      assert.ok(isSecretPrompt(name), `${name} is hidden`);
    for (const name of ['username', 'otpCode', 'host', 'orderId', 'keyword'])
      assert.ok(!isSecretPrompt(name), `${name} is shown as typed`);
  });

  it('a path-only request line goes to its Host header: HTTPS on 443 or 8443, else HTTP', () => {
    const file = parseHttpFile(
      '@h = api.example.com\n\nGET /comments/1\nHost: {{h}}:8443\n\n###\nGET /x\nHost: 127.0.0.1:3000\n\n###\nGET /y\n',
    );
    const [a, b, c] = file.requests;
    assert.equal(resolveRequest(file, a!).request.url, 'https://api.example.com:8443/comments/1');
    assert.equal(requestUrl(file, b!), 'http://127.0.0.1:3000/x');
    assert.equal(requestUrl(file, c!), '/y', 'without a Host header the URL stays as written');
  });

  it('a cURL command is a request: several lines, comments left out, its name and prompts; ignored options noted', () => {
    const file = parseHttpFile(
      [
        '### login',
        '# @prompt password',
        "curl -sS -X POST '{{baseUrl}}/login' \\",
        "  -H 'Content-Type: application/json' \\",
        '# a comment inside',
        '  -o out.json \\',
        `  --data-raw '{"user": "me",`,
        `   "password": "{{password}}"}'`,
        '',
        '###',
        "curl 'https://example.com/a' -H 'Accept: */*' -u user:pass",
      ].join('\n'),
    );
    assert.deepEqual(file.problems, []);
    const [login, basic] = file.requests;
    assert.equal(login!.name, 'login');
    assert.deepEqual([login!.method, login!.url, login!.requestLine], ['POST', '{{baseUrl}}/login', 2]);
    assert.deepEqual(
      login!.headers.map((h) => [h.name, h.value]),
      [['Content-Type', 'application/json']],
    );
    assert.deepEqual(login!.body, {
      kind: 'text',
      text: '{"user": "me",\n   "password": "{{password}}"}',
      startLine: 2,
    });
    assert.deepEqual(
      login!.prompts.map((p) => p.name),
      ['password'],
    );
    assert.ok(login!.notes?.[0]?.includes('-o out.json'), JSON.stringify(login!.notes));
    const sent = resolveRequest(file, login!, { variables: { baseUrl: 'http://127.0.0.1:3000', password: 'pw' } });
    assert.equal(sent.request.url, 'http://127.0.0.1:3000/login');
    assert.equal(JSON.parse(sent.request.body as string).password, 'pw');
    assert.deepEqual([basic!.method, basic!.url], ['GET', 'https://example.com/a']);
    assert.ok(basic!.headers.some((h) => h.name === 'Authorization' && h.value.startsWith('Basic ')));
  });

  it('a cURL command that cannot be sent is a problem on its line, not a request', () => {
    const file = parseHttpFile('GET http://a/\n\n###\ncurl -F file=@x.png https://example.com/up\n');
    assert.equal(file.requests.length, 1);
    assert.equal(file.problems.length, 1);
    assert.equal(file.problems[0]!.line, 3);
    assert.match(file.problems[0]!.message, /cURL command/);
  });
});
