// `.http` files as REST Client reads them (Huachao/vscode-restclient: its README, and its Selector,
// HttpRequestParser, FileVariableProvider, SystemVariableProvider and RequestVariableCacheValueProcessor): each case
// is what REST Client does with a file, checked against what the workbench parses and sends.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHttpFile, requestAt } from '../../src/core/call/httpFile';
import { firstAtJsonPath } from '../../src/core/call/jsonPath';
import { httpFileProblems } from '../../src/core/call/problems';
import { referenceValue, type Exchange } from '../../src/core/call/references';
import { scrubber } from '../../src/core/call/history';
import { encodeUrl, fillRequest, resolveRequest, type ResolveOptions } from '../../src/core/call/resolve';
import { isWorkbenchError } from '../../src/core/errors';

const NOW = Date.UTC(2024, 0, 31, 13, 5, 9, 7);

/** The first request of `text`, resolved. */
function sent(text: string, o: ResolveOptions = {}) {
  const f = parseHttpFile(text);
  assert.deepEqual(f.problems, [], 'the file reads without problems');
  return resolveRequest(f, f.requests[0]!, { now: () => NOW, ...o });
}

function bodyText(text: string, o: ResolveOptions = {}): string {
  const b = sent(text, o).request.body;
  return typeof b === 'string' ? b : Buffer.from(b!).toString('latin1');
}

describe('REST Client: request separators and comments', () => {
  it('a line of three or more # is a separator (####, ### title, ###title); an indented one is a comment', () => {
    const f = parseHttpFile(
      [
        'GET http://h/1',
        '',
        '#### second',
        'GET http://h/2',
        '#####',
        'GET http://h/3',
        '###fourth',
        'GET http://h/4',
        '  ### not a separator',
        'X-A: 1',
      ].join('\n'),
    );
    assert.deepEqual(
      f.requests.map((r) => [r.url, r.name]),
      [
        ['http://h/1', undefined],
        ['http://h/2', 'second'],
        ['http://h/3', undefined],
        ['http://h/4', 'fourth'],
      ],
    );
    assert.deepEqual(
      f.requests[3]!.headers.map((h) => h.name),
      ['X-A'],
      'the indented ### is a comment of the request',
    );
  });

  it('comment lines inside a body are left out of it, indented ones too (REST Client drops every # and // line)', () => {
    const body = bodyText(
      [
        'POST http://h/x',
        'Content-Type: application/json',
        '',
        '{',
        '  # a comment',
        '  "a": 1, // kept: not at the start of the line',
        '  // "b": 2',
        '  "url": "http://h/#x"',
        '}',
      ].join('\n'),
    );
    assert.equal(body, '{\n  "a": 1, // kept: not at the start of the line\n  "url": "http://h/#x"\n}');
  });

  it('a byte order mark does not hide the first separator and its title', () => {
    const f = parseHttpFile('\uFEFF### first\nGET http://h/1\n');
    assert.equal(f.requests[0]!.name, 'first');
  });
});

describe('REST Client: the request line', () => {
  const line = (text: string) => {
    const f = parseHttpFile(text);
    assert.deepEqual(f.problems, []);
    const r = f.requests[0]!;
    return `${r.method} ${r.url}`;
  };

  it('reads the method in any case, and the WebDAV methods REST Client knows', () => {
    assert.equal(line('get http://h/x'), 'GET http://h/x');
    assert.equal(line('Post http://h/x HTTP/1.1'), 'POST http://h/x');
    assert.equal(line('PROPFIND http://h/dav'), 'PROPFIND http://h/dav');
    assert.equal(line('mkcol http://h/dav/new'), 'MKCOL http://h/dav/new');
  });

  it('a line without a method is a GET: a URL with its version, or a path for the Host header', () => {
    assert.equal(line('https://h/x HTTP/1.1'), 'GET https://h/x');
    assert.equal(line('/comments/1\nHost: api.example.com:443'), 'GET /comments/1');
    assert.equal(sent('/comments/1\nHost: api.example.com:443').request.url, 'https://api.example.com:443/comments/1');
    assert.equal(line('https://h/x http/2'), 'GET https://h/x', 'the version in any case');
  });

  it('query lines after the request line: the version may end the last one, comment lines between are skipped', () => {
    assert.equal(line('GET http://h/x\n  ?a=1\n  &b=2 HTTP/1.1\nAccept: */*'), 'GET http://h/x?a=1&b=2');
    assert.equal(line('GET http://h/x HTTP/1.1\n?a=1\n# which page\n&page=2'), 'GET http://h/x?a=1&page=2');
    const f = parseHttpFile('GET http://h/x\n// the size\n  ?size=10\nAccept: */*\n');
    assert.equal(f.requests[0]!.url, 'http://h/x?size=10');
    assert.deepEqual(
      f.requests[0]!.headers.map((h) => h.name),
      ['Accept'],
    );
  });
});

describe('REST Client: request settings (# @…)', () => {
  it('names and settings in any case; @note kept for Send to ask; unknown ones marked, never sent', () => {
    const text = [
      '# @Name login',
      '# @NOTE deletes the account',
      '// @no-redirect',
      '# @no-cookie-jar',
      '# @timeout 5',
      '# @nonsense',
      '# @baseUrl = http://commented.out',
      'DELETE http://h/account',
      '',
    ].join('\n');
    const f = parseHttpFile(text);
    const r = f.requests[0]!;
    assert.equal(r.name, 'login');
    assert.equal(r.tags.note, 'deletes the account');
    assert.deepEqual(r.headers, []);
    assert.equal(sent(text).request.body, undefined);
    const problems = httpFileProblems(f).map((p) => `${p.line}:${p.severity}:${p.message}`);
    assert.deepEqual(problems, [
      "4:warning:# @timeout is a setting of JetBrains' HTTP Client that Send does not apply.",
      '5:warning:# @nonsense is no request setting REST Client or Send reads (they read @name, @prompt, @note, @no-redirect and @no-cookie-jar): it changes nothing.',
    ]);
    assert.equal(requestAt(f, 1)?.name, 'login');
  });
});

describe('REST Client: file variables', () => {
  it('a backslash escapes: \\n, \\r and \\t are a line break, a return and a tab, \\\\ one backslash', () => {
    const f = parseHttpFile('@v = a\\nb\\tc\\\\d\\"e\\\nGET http://h/\n');
    assert.equal(f.variables[0]!.value, 'a\nb\tc\\d"e\\');
    assert.equal(bodyText('@sep = ;\\t\nPOST http://h/\n\nx{{sep}}y'), 'x;\ty');
  });

  it('a name is anything without blanks or =, as REST Client takes it', () => {
    const f = parseHttpFile('@1st = one\n@base-url = http://h\n@db.host = d\n@a$b = c\nGET {{base-url}}/{{1st}}\n');
    assert.deepEqual(f.problems, []);
    assert.deepEqual(
      f.variables.map((v) => v.name),
      ['1st', 'base-url', 'db.host', 'a$b'],
    );
    assert.equal(resolveRequest(f, f.requests[0]!).request.url, 'http://h/one');
  });

  it('a variable keeps one value through a request ({{$guid}} in a file variable used twice), a new one per request', () => {
    const random = Math.random;
    const f = parseHttpFile('@id = {{$guid}}\n@ref = order-{{id}}\nPOST http://h/{{id}}\nX-Ref: {{ref}}\n\n{{id}}\n');
    const a = resolveRequest(f, f.requests[0]!, { random }).request;
    const id = a.url.slice('http://h/'.length);
    assert.match(id, /^[0-9a-f]{8}-/);
    assert.equal(a.body, id);
    assert.equal(a.headers[0]![1], `order-${id}`);
    const b = resolveRequest(f, f.requests[0]!, { random }).request;
    assert.notEqual(b.body, id, 'the next send has a new one');
    // A system variable written twice is two values, as in REST Client.
    const g = parseHttpFile('POST http://h/\n\n{{$guid}} {{$guid}}');
    const [x, y] = String(resolveRequest(g, g.requests[0]!, { random }).request.body).split(' ');
    assert.notEqual(x, y);
  });
});

describe('REST Client: bodies', () => {
  const files: Record<string, Uint8Array> = {
    './a.json': Buffer.from('{"a": "{{who}}"}'),
    './latin.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    './ann.json': Buffer.from('"ann"'),
  };
  const readFile = (p: string) => {
    const b = files[p];
    if (!b) throw new Error(`no ${p}`);
    return b;
  };

  it('`< path` lines among text, in any body: the file in place of its line', () => {
    const body = bodyText(
      '@who = ann\nPOST http://h/x\nContent-Type: application/json\n\n[\n< ./a.json\n,\n<@ ./a.json\n]',
      { readFile },
    );
    assert.equal(body, '[\n{"a": "{{who}}"}\n,\n{"a": "ann"}\n]');
  });

  it('`<@ENCODING path` reads the text in that encoding; an encoding Node.js does not know is refused', () => {
    assert.equal(bodyText('POST http://h/x\n\n<@latin1 ./latin.txt', { readFile }), 'café');
    assert.throws(
      () => sent('POST http://h/x\n\n<@klingon ./latin.txt', { readFile }),
      (e: unknown) => isWorkbenchError(e) && /klingon is not an encoding/.test(e.message),
    );
  });

  it('an indented `< path` is text; the path may hold variables', () => {
    assert.equal(bodyText('POST http://h/x\n\n  < ./a.json'), '  < ./a.json');
    assert.equal(bodyText('@name = ann\nPOST http://h/x\n\n< ./{{name}}.json', { readFile }), '"ann"');
  });

  it('multipart/form-data: CRLF line endings, with or without files', () => {
    const text = [
      'POST http://h/upload',
      'Content-Type: multipart/form-data; boundary=XX',
      '',
      '--XX',
      'Content-Disposition: form-data; name="title"',
      '',
      'hello',
      '--XX--',
    ].join('\n');
    assert.equal(bodyText(text), '--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--XX--');
  });

  it('x-www-form-urlencoded: `&` lines continue the one before, then it is percent-encoded where it must be', () => {
    const body = bodyText(
      [
        'POST http://h/login',
        'Content-Type: application/x-www-form-urlencoded',
        '',
        'name=foo bar',
        '&password={{%pw}}',
        '&city=Zürich&pct=100%',
      ].join('\n'),
      { variables: { pw: 'a&b c' } },
    );
    assert.equal(body, 'name=foo%20bar&password=a%26b%20c&city=Z%C3%BCrich&pct=100%25');
  });

  it('a written Content-Length is left out: the length sent is the body’s', () => {
    const { request } = sent('POST http://h/x\nContent-Length: 3\nX-A: 1\n\n{{who}} is here', {
      variables: { who: 'ann' },
    });
    assert.deepEqual(request.headers, [['X-A', '1']]);
    assert.equal(request.body, 'ann is here');
  });

  it('application/x-ndjson ends with a line break', () => {
    assert.equal(
      bodyText('POST http://h/x\nContent-Type: application/x-ndjson\n\n{"a":1}\n{"b":2}'),
      '{"a":1}\n{"b":2}\n',
    );
  });
});

describe('REST Client: the URL as sent', () => {
  it('percent-encodes what a URL may not hold, keeps what is encoded, and leaves a variable to fill as it is', () => {
    const { request } = sent('GET http://h/a b/ü?q=x|y&r=%20&s=50%&t={{token}}');
    assert.equal(request.url, 'http://h/a%20b/%C3%BC?q=x%7Cy&r=%20&s=50%25&t={{token}}');
    assert.equal(fillRequest(request, new Map([['token', 'a b']])).url.endsWith('&t=a%20b'), true);
    assert.equal(encodeUrl('http://h/[x]?a=1&b=$c#frag'), 'http://h/[x]?a=1&b=$c#frag');
  });

  it('a secret the URL or a form body encodes is still scrubbed from what is shown, encoded or not', () => {
    const secret = 'pa ss|wörd[1]';
    const { request } = sent('POST http://h/?p={{pw}}\nContent-Type: application/x-www-form-urlencoded\n\np={{pw}}', {
      variables: { pw: secret },
    });
    assert.ok(!request.url.includes(secret) && !String(request.body).includes(secret), 'sent encoded');
    const scrub = scrubber([secret]);
    assert.equal(scrub(request.url), 'http://h/?p=[redacted]');
    assert.equal(scrub(String(request.body)), 'p=[redacted]');
    assert.equal(scrub(`echo: ${encodeURIComponent(secret)} ${secret}`), 'echo: [redacted] [redacted]');
    assert.equal(scrubber(['\uD800lone surrogate'])('x \uD800lone surrogate'), 'x [redacted]', 'no URIError');
  });
});

describe('REST Client: system variables', () => {
  const value = (v: string) => {
    const r = sent(`GET http://h/\nX: {{${v}}}\n`);
    return r.unresolved.length ? undefined : r.request.headers[0]![1];
  };

  it('offsets in quarters (Q), as Day.js adds them', () => {
    assert.equal(value("$datetime 'YYYY-MM-DD' 1 Q"), '2024-04-30');
    assert.equal(value('$timestamp -1 Q'), String(Date.UTC(2023, 9, 31, 13, 5, 9) / 1000));
  });

  it("Day.js's month and weekday names: MMMM, MMM, dddd, ddd, dd, d", () => {
    assert.equal(value('$datetime "dddd, D MMMM YYYY"'), 'Wednesday, 31 January 2024');
    assert.equal(value('$datetime "ddd DD MMM, dd d"'), 'Wed 31 Jan, We 3');
    assert.equal(value('$datetime "[MMM] MMM"'), 'MMM Jan');
  });

  it('$localDatetime rfc1123 and iso8601 are local time with its offset, as Day.js formats them', () => {
    const d = new Date(NOW);
    const pad = (n: number) => String(n).padStart(2, '0');
    const east = -d.getTimezoneOffset();
    const zone = (colon: boolean) =>
      `${east < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(east) / 60))}${colon ? ':' : ''}${pad(Math.abs(east) % 60)}`;
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()];
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    assert.equal(
      value('$localDatetime rfc1123'),
      `${day}, ${pad(d.getDate())} ${month} ${d.getFullYear()} ${time} ${zone(false)}`,
    );
    assert.equal(
      value('$localDatetime iso8601'),
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${time}${zone(true)}`,
    );
  });
});

describe('REST Client: request variables', () => {
  const body = JSON.stringify({
    token: 't-1',
    'x-id': 'dashed',
    data: {
      items: [
        { id: 1, name: 'ann' },
        { id: 2, name: 'bob', tags: ['a'] },
      ],
      next: null,
    },
    deep: { deeper: { token: 'inner' } },
  });
  const exchanges = new Map<string, Exchange>([
    ['login', { request: { headers: [] }, response: { headers: [['Content-Type', 'application/json']], body } }],
    ['xml', { request: { headers: [] }, response: { headers: [], body: '<a><token>x</token></a>' } }],
  ]);
  const read = (path: string) => referenceValue(`login.response.body.${path}`, exchanges);

  it("JSONPath as jsonpath-plus reads it: the first match of .., [*], ['name'], filters, slices, unions", () => {
    assert.equal(read('$.token'), 't-1');
    assert.equal(read('token'), 't-1', 'a path without $ starts at the root, as in REST Client’s README');
    assert.equal(read("$['x-id']"), 'dashed');
    assert.equal(read('$..token'), 't-1', 'in document order: the root before its children');
    assert.equal(read('$.deep..token'), 'inner');
    assert.equal(read('$.data.items[*].name'), 'ann');
    assert.equal(read("$.data.items[?(@.name == 'bob')].id"), '2');
    assert.equal(read('$.data.items[?(@.id > 1 && @.tags)].name'), 'bob');
    assert.equal(read('$.data.items[-1:].name'), 'bob');
    assert.equal(read('$.data.items[0,1].id'), '1');
    assert.equal(read('$.data.items[1].tags'), '["a"]');
    assert.equal(read('$.data.next'), 'null');
    assert.equal(read('asJson.$.token'), 't-1');
    assert.equal(read('$.nothing'), undefined);
    assert.equal(read('$.data.items[(@.length-1)]'), undefined, 'a script is not run');
    assert.equal(firstAtJsonPath({ a: [] }, '$.a[?(@.x == 1'), undefined, 'a path it cannot read matches nothing');
    // Deeper than the stack, a document or a filter: no value, never a crash of the send.
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    assert.equal(firstAtJsonPath(deep, '$..x'), undefined);
    assert.equal(firstAtJsonPath({ a: [1] }, `$.a[?(${'('.repeat(100_000)}@ == 1${')'.repeat(100_000)})]`), undefined);
  });

  // Before: `.length` matched nothing, so a request reading a list's size was refused as "no value". jsonpath-plus
  // (REST Client's) follows any own property of the value, and an array's or a string's `length` is one.
  it('`.length` of an array or a string is its length, as jsonpath-plus reads it', () => {
    assert.equal(read('$.data.items.length'), '2');
    assert.equal(read("$.data.items['length']"), '2');
    assert.equal(read('$.token.length'), '3');
    assert.equal(read('data.items[1].tags.length'), '1');
    assert.equal(firstAtJsonPath({ a: { length: 'own' } }, '$.a.length'), 'own', "an object's own field named length");
    assert.equal(firstAtJsonPath({ a: {} }, '$.a.length'), undefined, 'an object without one has none');
    assert.equal(firstAtJsonPath({ a: '' }, '$.a.length'), undefined, 'an empty string is no value to follow');
  });

  it('XPath is not read: no value, and the editor says why', () => {
    assert.equal(referenceValue('xml.response.body.//token', exchanges), undefined);
    assert.equal(referenceValue('xml.response.body.asXml./a/token', exchanges), undefined);
    const f = parseHttpFile('# @name xml\nGET http://h/a\n\n###\nGET http://h/b?t={{xml.response.body.//token}}\n');
    const [p] = httpFileProblems(f);
    assert.match(p!.message, /reads an XML body by XPath, which Send does not/);
  });
});
