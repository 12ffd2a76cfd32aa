// What a `{{variable}}` of a `.http` file can name (core/call/variables.ts): the braces around the cursor, every
// source a request reads in the order Send takes them, and what one written variable is.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentVariables, parseHttpFile, requestVariables } from '../../src/core/call';
import { describeVariable, knownVariables, variableAt } from '../../src/core/call/variables';

const FILE = parseHttpFile(
  [
    '@host = https://api.example.com',
    '@token = {{login.response.body.$.token}}',
    '',
    '### login',
    '# @name login',
    'POST {{host}}/login',
    '',
    '###',
    '# @prompt otp One-time code',
    'GET {{host}}/orders?code={{otp}}',
    'Authorization: Bearer {{token}}',
    '',
  ].join('\n'),
);

const ENV = environmentVariables(
  {
    restClient: { $shared: { region: 'us-east-1', host: 'http://shadowed.invalid' }, dev: { stage: 'dev' } },
    jetBrains: { dev: { apiKey: 'public-key', stage: 'dev-public' } },
    jetBrainsPrivate: { dev: { apiKey: 'private-key' } },
  },
  'dev',
);

describe('.http variables for completion and hover', () => {
  it('finds the braces around the cursor: open, closed, several on a line, none after a closed one', () => {
    assert.deepEqual(variableAt('GET {{ho', 8), { name: 'ho', start: 6, end: 8, closed: false });
    assert.deepEqual(variableAt('GET {{ host }}/x', 8), { name: 'host', start: 6, end: 12, closed: true });
    assert.deepEqual(variableAt('{{a}}/{{b}}', 9), { name: 'b', start: 8, end: 9, closed: true });
    assert.deepEqual(variableAt('{{a}}/{{', 8), { name: '', start: 8, end: 8, closed: false });
    assert.equal(variableAt('{{a}}/x', 6), undefined);
    assert.equal(variableAt('GET /x', 3), undefined);
    assert.equal(variableAt('{', 1), undefined);
    // An opening brace after the cursor is another variable: this one is still being typed.
    assert.deepEqual(variableAt('{{a {{b}}', 3), { name: 'a', start: 2, end: 3, closed: false });
  });

  it('lists each name once, the value Send takes winning, with where it comes from', () => {
    const known = knownVariables(FILE, ENV, 'dev', FILE.requests[1]);
    const byName = new Map(known.map((k) => [k.name, k]));
    assert.equal(known.length, byName.size, 'each name once');
    // The file's own over REST Client's $shared; JetBrains' over the file; the private value hidden.
    assert.deepEqual(byName.get('host'), {
      name: 'host',
      kind: 'file',
      value: 'https://api.example.com',
      source: 'line 1',
      line: 0,
    });
    assert.deepEqual(byName.get('region'), {
      name: 'region',
      kind: 'environment',
      value: 'us-east-1',
      source: 'environment dev (REST Client)',
      origin: 'restClient',
    });
    assert.equal(byName.get('stage')?.value, 'dev-public');
    assert.deepEqual(byName.get('apiKey'), {
      name: 'apiKey',
      kind: 'environment',
      secret: true,
      source: 'environment dev (http-client.private.env.json)',
      origin: 'jetBrainsPrivate',
    });
    assert.equal(byName.get('stage')?.origin, 'jetBrains');
    assert.equal(byName.get('otp')?.kind, 'prompt');
    assert.match(byName.get('otp')!.documentation!, /One-time code/);
    assert.equal(byName.get('baseUrl')?.kind, 'target');
    assert.ok(byName.has('login.response.body.$') && byName.has('login.response.headers.'));
    assert.ok(['$guid', '$randomInt', '$timestamp', '$datetime', '$localDatetime'].every((n) => byName.has(n)));
    // The same values Send resolves with.
    const send = requestVariables(FILE, ENV);
    for (const k of known) if (k.value !== undefined) assert.equal(send.get(k.name), k.value, k.name);
  });

  it('without an environment (an untrusted workspace): the file, the target, references, the system', () => {
    const names = knownVariables(FILE).map((k) => k.name);
    assert.ok(!names.includes('region') && !names.includes('apiKey'));
    assert.deepEqual(names.slice(0, 5), [
      'host',
      'token',
      'baseUrl',
      'login.response.body.$',
      'login.response.headers.',
    ]);
  });

  it("a request's own prompts, and only its own, win over the file and the environment", () => {
    const file = parseHttpFile('@token = file\n\n###\n# @prompt token\nGET /a\n\n###\nGET /b\n');
    assert.equal(knownVariables(file, ENV, 'dev', file.requests[0]).find((k) => k.name === 'token')?.kind, 'prompt');
    assert.equal(knownVariables(file, ENV, 'dev', file.requests[1]).find((k) => k.name === 'token')?.value, 'file');
  });

  it('says what a written variable is: encoded, with arguments, a reference path, or nothing', () => {
    const known = knownVariables(FILE, ENV, 'dev', FILE.requests[1]);
    assert.equal(describeVariable('%host', known)?.kind, 'file');
    assert.equal(describeVariable('$randomInt 1 10', known)?.name, '$randomInt');
    assert.equal(describeVariable('$datetime "DD-MM-YYYY" 1 d', known)?.name, '$datetime');
    assert.equal(describeVariable('login.response.body.$.token', known)?.kind, 'request');
    assert.equal(describeVariable('nope', known), undefined);
    assert.equal(describeVariable('$processEnv HOME', known), undefined);
  });
});
