// A cURL command pasted as a request (src/core/call/curl.ts): the shell's word splitting (quotes, `$'…'`, escapes,
// bash/cmd/PowerShell continued lines, comments, pipes and redirections), every option read (method, URL, headers,
// data in its forms, -G, --json, -I, -u, -b, -A, -e, -r, -T), the options consumed and listed as not applied, the
// ones refused, the errors (returned, never thrown), Chrome's and Firefox's "Copy as cURL", the extent of a command
// over lines, and linear time on 256 KB words and runs of blanks.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCurlCommand, parseCurlCommand, type CurlCommand } from '../../src/core/call/curl';
import { hangGuard } from './hangGuard';

function ok(text: string): CurlCommand {
  const r = parseCurlCommand(text);
  assert.ok(!('error' in r), `parsed: ${'error' in r ? r.error : ''}`);
  return r;
}

function err(text: string): string {
  const r = parseCurlCommand(text);
  assert.ok('error' in r, `refused: ${text.slice(0, 80)}`);
  return r.error;
}

const FORM = { name: 'Content-Type', value: 'application/x-www-form-urlencoded' };

describe('curl commands: recognizing one', () => {
  it('is a line that starts with curl and a blank once trimmed', () => {
    assert.equal(isCurlCommand('curl https://h/x'), true);
    assert.equal(isCurlCommand('   curl\t-X POST https://h'), true);
    assert.equal(isCurlCommand('curl \\'), true);
    assert.equal(isCurlCommand('curl'), false);
    assert.equal(isCurlCommand('curl   '), false);
    assert.equal(isCurlCommand('curly https://h'), false);
    assert.equal(isCurlCommand('GET https://h/curl x'), false);
    assert.equal(isCurlCommand('# curl https://h'), false);
  });

  it('refuses text whose first word is not curl', () => {
    assert.match(err('wget https://h'), /not a curl command/i);
    assert.match(err(''), /not a curl command/i);
    assert.match(err("'curl x' https://h"), /not a curl command/i);
  });
});

describe('curl commands: method and URL', () => {
  it('a bare URL is a GET with no headers, body or note', () => {
    assert.deepEqual(ok('curl https://api.example.com/v1/orders?limit=10'), {
      method: 'GET',
      url: 'https://api.example.com/v1/orders?limit=10',
      headers: [],
      ignored: [],
    });
  });

  it('keeps the URL as written: {{variables}}, no scheme, after the options or given by --url', () => {
    assert.equal(ok('curl {{baseUrl}}/orders/{{id}}').url, '{{baseUrl}}/orders/{{id}}');
    assert.equal(ok('curl localhost:3000/x').url, 'localhost:3000/x');
    assert.equal(ok('curl -s -H "A: b" example.com').url, 'example.com');
    assert.equal(ok('curl --url https://h/a -s').url, 'https://h/a');
    assert.equal(ok('curl --url=https://h/b').url, 'https://h/b');
    assert.equal(ok('curl -- -weird-path').url, '-weird-path', 'after --, a word starting with - is the URL');
  });

  it('-X / --request sets the method in upper case and wins over data and -I', () => {
    assert.equal(ok('curl -X DELETE https://h/x').method, 'DELETE');
    assert.equal(ok('curl -XPOST https://h/x').method, 'POST');
    assert.equal(ok('curl --request patch https://h/x').method, 'PATCH');
    assert.equal(ok('curl --request=put https://h/x').method, 'PUT');
    assert.equal(ok('curl -X PUT -d a=1 https://h/x').method, 'PUT');
    assert.equal(ok('curl -I -X GET https://h/x').method, 'GET');
    assert.equal(ok('curl -X POST -X PATCH https://h/x').method, 'PATCH', 'the last one');
    assert.equal(ok('curl -d a=1 -X GET https://h/x').body, 'a=1', 'GET with a body, as curl sends it');
  });

  it('-I / --head is HEAD; with data or an upload it is refused as curl refuses it', () => {
    assert.equal(ok('curl -I https://h/x').method, 'HEAD');
    assert.equal(ok('curl --head https://h/x').method, 'HEAD');
    assert.equal(ok('curl -sI https://h/x').method, 'HEAD');
    assert.match(err('curl -I -d a=1 https://h/x'), /-I \(HEAD\)/);
    assert.match(err('curl -I -T f.txt https://h/x'), /-I \(HEAD\)/);
    assert.equal(ok('curl -I -G -d a=1 https://h/x').url, 'https://h/x?a=1', 'with -G the data is the query');
  });

  it('refuses a command without a URL or with more than one', () => {
    assert.match(err('curl'), /no URL/);
    assert.match(err('curl -s -H "A: b"'), /no URL/);
    assert.match(err("curl ''"), /no URL/);
    assert.match(err('curl https://a/ https://b/'), /more than one URL \("https:\/\/a\/", "https:\/\/b\/"\)/);
    assert.match(err('curl --url https://a/ https://b/'), /more than one URL/);
    // An unquoted header value split in two: its second half would have been taken as the URL.
    assert.match(err('curl -H Accept: json https://h/'), /more than one URL \("json", "https:\/\/h\/"\)/);
  });
});

describe('curl commands: headers', () => {
  it('keeps -H / --header in order, with attached and --header= values, trimmed', () => {
    const c = ok(
      'curl -H "Accept: application/json" -HX-One:1 --header "X-Two:   two  " --header=X-Three:3 -H "accept: x" https://h',
    );
    assert.deepEqual(c.headers, [
      { name: 'Accept', value: 'application/json' },
      { name: 'X-One', value: '1' },
      { name: 'X-Two', value: 'two' },
      { name: 'X-Three', value: '3' },
      { name: 'accept', value: 'x' },
    ]);
    assert.deepEqual(ok('curl -H "X-Url: https://a:8080/b" https://h').headers, [
      { name: 'X-Url', value: 'https://a:8080/b' },
    ]);
  });

  it('"Name;" sends the header empty; "Name:" sends none and drops the one curl would imply', () => {
    assert.deepEqual(ok('curl -H "X-Empty;" https://h').headers, [{ name: 'X-Empty', value: '' }]);
    assert.deepEqual(ok('curl -H "Expect:" https://h').headers, []);
    const c = ok('curl -H "Content-Type:" -d a=1 https://h');
    assert.deepEqual(c.headers, [], 'no form Content-Type');
    assert.equal(c.body, 'a=1');
  });

  it('refuses a header without a colon, without a name, or with a line break; lists an @file one', () => {
    assert.match(err('curl -H "Accept application/json" https://h'), /"Accept application\/json" has no colon/);
    assert.match(err('curl -H ": x" https://h'), /no name/);
    assert.match(err('curl -H "Bad Name: x" https://h'), /no name/);
    assert.match(err("curl -H $'A: b\\r\\nX-Injected: 1' https://h"), /line break/);
    const c = ok('curl -H @headers.txt -H "A: b" https://h');
    assert.deepEqual(c.headers, [{ name: 'A', value: 'b' }]);
    assert.deepEqual(c.ignored, ['-H @headers.txt']);
  });

  it('cuts a long header in the message', () => {
    const e = err(`curl -H '${'x'.repeat(5000)}' https://h`);
    assert.ok(e.length < 200, e);
  });
});

describe('curl commands: data', () => {
  it('-d is a POST with the form Content-Type; several are joined with &', () => {
    const c = ok('curl -d name=ann -d "age=3" --data x=1 https://h/people');
    assert.equal(c.method, 'POST');
    assert.equal(c.body, 'name=ann&age=3&x=1');
    assert.deepEqual(c.headers, [FORM]);
    assert.equal(ok("curl -d '' https://h").body, '', 'empty data is still data');
    assert.equal(ok("curl -d '' https://h").method, 'POST');
  });

  it('--data-ascii, --data-binary and --data-raw are data too; only --data-raw takes @ as it is', () => {
    assert.equal(ok('curl --data-ascii a=1 --data-binary b=2 --data-raw @c https://h').body, 'a=1&b=2&@c');
    assert.equal(ok('curl --data-raw \'{"a":1}\' https://h').body, '{"a":1}');
  });

  it('keeps a Content-Type given in any case and in any place', () => {
    const c = ok(`curl -d '{"a":1}' https://h -H 'content-type: application/json'`);
    assert.deepEqual(c.headers, [{ name: 'content-type', value: 'application/json' }]);
  });

  it('-d @file and --data-binary @file: listed, no body from them, still a POST with a Content-Type', () => {
    const c = ok('curl -d @body.json https://h');
    assert.equal(c.method, 'POST');
    assert.equal(c.body, undefined);
    assert.deepEqual(c.headers, [FORM]);
    assert.deepEqual(c.ignored, ['-d @body.json']);
    const mixed = ok('curl -d a=1 --data-binary @- -d b=2 https://h');
    assert.equal(mixed.body, 'a=1&b=2');
    assert.deepEqual(mixed.ignored, ['--data-binary @-']);
  });

  it('--data-urlencode encodes the content: content, =content, name=content; @file is listed', () => {
    const c = ok(
      `curl --data-urlencode 'q=a b&c/é' --data-urlencode '=x y' --data-urlencode "plain text!*'()" --data-urlencode 'n@file.txt' https://h`,
    );
    assert.equal(c.body, `q=a%20b%26c%2F%C3%A9&x%20y&plain%20text%21%2A%27%28%29`);
    assert.deepEqual(c.ignored, ['--data-urlencode n@file.txt']);
    assert.equal(ok("curl --data-urlencode 'a=b=c' https://h").body, 'a=b%3Dc', 'the first = splits');
    assert.equal(ok(`curl --data-urlencode $'x=\\ud800' https://h`).body, 'x=%EF%BF%BD', 'a lone surrogate: no throw');
  });

  it('--json: the body as written, JSON Content-Type and Accept unless given, several concatenated', () => {
    const c = ok(`curl --json '{"a":1}' https://h`);
    assert.equal(c.method, 'POST');
    assert.equal(c.body, '{"a":1}');
    assert.deepEqual(c.headers, [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Accept', value: 'application/json' },
    ]);
    const given = ok(`curl -H 'Accept: text/plain' --json '[1,' --json '2]' https://h`);
    assert.equal(given.body, '[1,2]');
    assert.deepEqual(given.headers, [
      { name: 'Accept', value: 'text/plain' },
      { name: 'Content-Type', value: 'application/json' },
    ]);
    const file = ok('curl --json @order.json https://h');
    assert.equal(file.body, undefined);
    assert.deepEqual(file.ignored, ['--json @order.json']);
    assert.equal(file.headers.length, 2);
  });

  it('-G / --get puts the data in the query with ? or &, before a fragment, and sends no body', () => {
    const c = ok('curl -G -d q=shoes -d page=2 https://h/search');
    assert.deepEqual(c, { method: 'GET', url: 'https://h/search?q=shoes&page=2', headers: [], ignored: [] });
    assert.equal(ok('curl --get -d b=2 "https://h/s?a=1"').url, 'https://h/s?a=1&b=2');
    assert.equal(ok('curl -G -d b=2 "https://h/s?"').url, 'https://h/s?b=2');
    assert.equal(ok('curl -G -d b=2 "https://h/s#top"').url, 'https://h/s?b=2#top');
    assert.equal(ok("curl -G --data-urlencode 'q=a b' https://h/s").url, 'https://h/s?q=a%20b');
    assert.equal(ok('curl -G -X POST -d a=1 https://h/s').method, 'POST');
    assert.equal(ok('curl -G https://h/s').url, 'https://h/s', 'no data: no ?');
    assert.equal(ok('curl -G -d a=1 --no-get https://h/s').body, 'a=1', '--no-get turns it off');
  });

  it('--url-query adds to the query (encoded; + as it is) with or without -G', () => {
    const c = ok(`curl --url-query 'q=a b' --url-query '+x=%20' -d d=1 https://h/s`);
    assert.equal(c.url, 'https://h/s?q=a%20b&x=%20');
    assert.equal(c.body, 'd=1');
  });
});

describe('curl commands: credentials, cookies and other headers the options imply', () => {
  it('-u user:password is Basic, base64; one holding {{variables}} stays in the clear for the resolver', () => {
    assert.deepEqual(ok('curl -u alice:s3cret https://h').headers, [
      { name: 'Authorization', value: `Basic ${Buffer.from('alice:s3cret').toString('base64')}` },
    ]);
    assert.deepEqual(ok('curl --user {{user}}:{{password}} https://h').headers, [
      { name: 'Authorization', value: 'Basic {{user}}:{{password}}' },
    ]);
    assert.equal(ok("curl -u 'a:' https://h").headers[0]!.value, `Basic ${Buffer.from('a:').toString('base64')}`);
    assert.match(err('curl -u alice https://h'), /-u has no password/);
  });

  it('a header written with -H replaces the one an option implies', () => {
    const c = ok('curl -u a:b -A agent/1 -H "authorization: Bearer t" -H "User-Agent: mine" https://h');
    assert.deepEqual(c.headers, [
      { name: 'authorization', value: 'Bearer t' },
      { name: 'User-Agent', value: 'mine' },
    ]);
  });

  it('--oauth2-bearer is a Bearer Authorization', () => {
    assert.deepEqual(ok('curl --oauth2-bearer {{token}} https://h').headers, [
      { name: 'Authorization', value: 'Bearer {{token}}' },
    ]);
  });

  it('-b / --cookie "a=1; b=2" is a Cookie header (several joined); a file name is listed', () => {
    assert.deepEqual(ok('curl -b "a=1; b=2" --cookie c=3 https://h').headers, [
      { name: 'Cookie', value: 'a=1; b=2; c=3' },
    ]);
    const jar = ok('curl -b cookies.txt https://h');
    assert.deepEqual(jar.headers, []);
    assert.deepEqual(jar.ignored, ['-b cookies.txt']);
  });

  it('-A / --user-agent, -e / --referer (without ;auto), -r / --range, in the order given', () => {
    assert.deepEqual(ok('curl -A "my agent/1.0" -e "https://from/;auto" -r 0-99 https://h').headers, [
      { name: 'User-Agent', value: 'my agent/1.0' },
      { name: 'Referer', value: 'https://from/' },
      { name: 'Range', value: 'bytes=0-99' },
    ]);
    assert.deepEqual(ok('curl --user-agent a -A b --referer r https://h').headers, [
      { name: 'User-Agent', value: 'b' },
      { name: 'Referer', value: 'r' },
    ]);
    assert.deepEqual(ok("curl -A x -A '' https://h").headers, [], 'an empty one removes it');
  });

  it('written headers come first, then the implied ones, then the form Content-Type', () => {
    const c = ok('curl -u a:b -d x=1 -H "X-A: 1" -b k=v https://h');
    assert.deepEqual(
      c.headers.map((h) => h.name),
      ['X-A', 'Authorization', 'Cookie', 'Content-Type'],
    );
  });

  it('-T / --upload-file is a PUT of a file that is not read: listed', () => {
    const c = ok('curl -T photo.png https://h/up');
    assert.equal(c.method, 'PUT');
    assert.equal(c.body, undefined);
    assert.deepEqual(c.ignored, ['-T photo.png']);
    assert.equal(ok('curl -X POST --upload-file f https://h').method, 'POST');
  });
});

describe('curl commands: flags and options that do not change the request', () => {
  it('reads combined short flags, the last one taking a value attached or next', () => {
    assert.deepEqual(ok('curl -sS https://h'), ok('curl https://h'));
    const c = ok('curl -sSL -kv https://h');
    assert.equal(c.url, 'https://h');
    assert.deepEqual(c.ignored, ['-L', '-k']);
    assert.equal(ok('curl -sXPOST https://h').method, 'POST');
    assert.equal(ok('curl -sd a=1 https://h').body, 'a=1');
    assert.deepEqual(ok('curl -sSo out.json https://h').ignored, ['-o out.json']);
    assert.deepEqual(ok('curl -sHAccept:x https://h').headers, [{ name: 'Accept', value: 'x' }]);
  });

  it('skips output, protocol and TLS-version flags silently; lists -k, -L and --compressed', () => {
    const silent = ok(
      'curl -s -S -v -i -f --fail-with-body --http1.1 --http2 --silent --no-progress-meter -# https://h',
    );
    assert.deepEqual(silent, ok('curl https://h'));
    const noted = ok('curl -k --insecure -L --location --compressed https://h');
    assert.deepEqual(noted.ignored, ['-k', '--insecure', '-L', '--location', '--compressed']);
    assert.deepEqual(ok('curl --no-location --no-buffer https://h').ignored, [], '--no- forms turn a flag off');
  });

  it('consumes the value of options that do not change the request and lists them with it', () => {
    const c = ok(
      "curl -o out.json -w '%{http_code}\\n' -m 5 --connect-timeout 2 --retry 3 --cacert ca.pem --key k.pem " +
        '--max-time=9 -D - -c jar.txt https://h/x',
    );
    assert.equal(c.url, 'https://h/x');
    assert.deepEqual(c.ignored, [
      '-o out.json',
      '-w %{http_code}\\n',
      '-m 5',
      '--connect-timeout 2',
      '--retry 3',
      '--cacert ca.pem',
      '--key k.pem',
      '--max-time 9',
      '-D -',
      '-c jar.txt',
    ]);
  });

  it('lists options whose value may hold a password without it', () => {
    const c = ok('curl -x http://u:pw@proxy:3128 -E cert.pem:pw --cert c:p -U u:pw --proxy-user u:p https://h');
    assert.equal(c.url, 'https://h');
    assert.deepEqual(c.ignored, ['-x', '-E', '--cert', '-U', '--proxy-user']);
    assert.ok(!c.ignored.join(' ').includes('pw'));
  });

  it('lists shell pipes, command lists and redirections after the command', () => {
    assert.deepEqual(ok('curl -s https://h | jq .').ignored, ['| jq .']);
    assert.deepEqual(ok('curl https://h > out.json 2>&1').ignored, ['> out.json', '2>&1']);
    assert.deepEqual(ok('curl https://h >>log.txt && echo done').ignored, ['>>log.txt', '&& echo done']);
    assert.deepEqual(ok('curl https://h ; echo hi').ignored, ['; echo hi']);
    assert.equal(ok('curl https://h/?a=1&b=2').url, 'https://h/?a=1&b=2', 'a & inside a word is part of it');
    assert.equal(ok("curl 'https://h/a|b'").url, 'https://h/a|b', 'quoted: part of the URL');
    assert.equal(ok("curl '>' -s").url, '>', 'a quoted > is a word');
  });
});

describe('curl commands: options refused and errors', () => {
  it('names an unknown long or short option', () => {
    assert.match(err('curl --frobnicate https://h'), /Unknown curl option "--frobnicate"/);
    assert.match(err('curl --frobnicate=3 https://h'), /Unknown curl option "--frobnicate"/);
    assert.match(err('curl -W https://h'), /Unknown curl option "-W"/);
    assert.match(err('curl -sW https://h'), /Unknown curl option "-W" in "-sW"/);
    assert.match(err('curl --constructor https://h'), /Unknown curl option "--constructor"/);
    assert.match(err('curl --__proto__ https://h'), /Unknown curl option/);
    assert.match(err('curl --no-output x https://h'), /Unknown curl option "--no-output"/, '--no- of a value');
  });

  it('refuses an option without its value, and a value given to a flag', () => {
    assert.match(err('curl https://h -H'), /curl's -H needs a value/);
    assert.match(err('curl https://h --data'), /curl's --data needs a value/);
    assert.match(err('curl https://h -o'), /-o needs a value/);
    assert.match(err('curl https://h -sX'), /-X needs a value/);
    assert.match(err('curl --insecure=yes https://h'), /--insecure takes no value/);
  });

  it('takes the word after an option as its value even when it starts with -', () => {
    assert.equal(ok('curl -d -x https://h').body, '-x');
  });

  it('refuses forms, authentication other than Basic, SigV4, config files, --next and curl variables', () => {
    assert.match(
      err('curl -F file=@a.png https://h'),
      /curl option -F is not read: write the multipart\/form-data body/,
    );
    assert.match(err('curl --form-string a=b https://h'), /--form-string is not read/);
    assert.match(err('curl --digest -u a:b https://h'), /only Basic/);
    assert.match(err('curl --ntlm https://h'), /only Basic/);
    assert.match(
      err('curl --aws-sigv4 aws:amz:us-east-1:execute-api -u AKID:SECRET https://h'),
      /--aws-sigv4 is not read: the workbench signs AWS_IAM routes itself/,
    );
    assert.match(err('curl -K opts.txt https://h'), /-K is not read: options in a file/);
    assert.match(err('curl https://a -: https://b'), /-: is not read: write each request/);
    assert.match(err('curl --expand-url "{{host}}/x" https://h'), /--expand-url is not read: write \{\{variables\}\}/);
    assert.match(err('curl --request-target "*" https://h'), /--request-target is not read/);
    assert.equal(ok('curl --no-digest https://h').url, 'https://h', 'turning one off is harmless');
  });
});

describe('curl commands: the shell words', () => {
  it('single quotes are literal; double quotes escape only " \\ $ ` and keep $VAR', () => {
    assert.equal(ok(`curl -d '$HOME "x" \\n' https://h`).body, '$HOME "x" \\n');
    assert.equal(ok(`curl -d "a \\"b\\" \\\\ \\$x \\\` \\n $HOME" https://h`).body, 'a "b" \\ $x ` \\n $HOME');
    assert.equal(ok(`curl -d 'it'"'"'s' https://h`).body, "it's", 'quotes joined in one word');
    assert.equal(ok(`curl -d a\\ b\\"c https://h`).body, 'a b"c', 'backslash outside quotes');
    assert.equal(ok(`curl -d $"loc" https://h`).body, 'loc');
    assert.equal(ok(`curl -d a$ https://h/$x`).url, 'https://h/$x');
  });

  it("$'…' reads ANSI-C escapes, Chrome's \\u0021 among them; unknown ones stay as written", () => {
    assert.equal(
      ok(`curl --data-raw $'a\\nb\\tc\\\\d\\'e\\"f\\u0021\\x41\\101\\r\\e\\q\\u{' https://h`).body,
      'a\nb\tc\\d\'e"f!AA\r\x1b\\q\\u{',
    );
    assert.equal(ok(`curl -d $'\\U0001F600\\cA' https://h`).body, '\u{1F600}\x01');
  });

  it('joins lines continued with \\ (bash), ^ (cmd) and ` (PowerShell), also with CRLF and trailing blanks', () => {
    const expected = ok('curl -X POST https://h/x -H "A: 1" -d a=1');
    assert.deepEqual(ok('curl -X POST https://h/x \\\n  -H "A: 1" \\\n  -d a=1'), expected);
    assert.deepEqual(ok('curl -X POST https://h/x ^\n  -H "A: 1" ^  \n  -d a=1'), expected);
    assert.deepEqual(ok('curl -X POST https://h/x `\r\n  -H "A: 1" `\r\n  -d a=1'), expected);
    assert.deepEqual(ok('curl -X POST https://h/x\n  -H "A: 1"\n  -d a=1'), expected, 'a bare newline is a blank');
    assert.equal(ok('curl https://h/a\\\nb').url, 'https://h/ab', 'inside a word');
    assert.equal(ok('curl -d "a\\\nb" https://h').body, 'ab', 'inside double quotes');
    assert.equal(ok("curl -d 'a\\\nb' https://h").body, 'a\\\nb', 'inside single quotes: as written');
    assert.equal(ok('curl https://h/a^b`c').url, 'https://h/a^b`c', 'not at the end of a line: ordinary');
  });

  it('reads # comments at the start of a word', () => {
    const c = ok('curl https://h/x#frag # the orders\n  -H "A: b" # a header');
    assert.equal(c.url, 'https://h/x#frag');
    assert.deepEqual(c.headers, [{ name: 'A', value: 'b' }]);
  });

  it('refuses an unterminated quote and Windows cmd quoting', () => {
    assert.match(err(`curl -d 'abc https://h`), /unterminated ' quote/);
    assert.match(err(`curl -d "abc https://h`), /unterminated " quote/);
    assert.match(err(`curl -d "abc\\" https://h`), /unterminated " quote/);
    assert.match(err(`curl -d $'abc\\' https://h`), /unterminated \$' quote/);
    assert.match(err('curl ^"https://h/^" ^\n  -H ^"accept: */*^"'), /cmd quoting/);
  });
});

describe('curl commands: as browsers copy them', () => {
  it('reads Chrome DevTools "Copy as cURL (bash)"', () => {
    const text = [
      "curl 'https://api.example.com/v1/orders?limit=10' \\",
      "  -H 'accept: application/json, text/plain, */*' \\",
      "  -H 'accept-language: en-US,en;q=0.9' \\",
      "  -H 'content-type: application/json' \\",
      "  -b 'session=abc123; theme=dark' \\",
      "  -H 'origin: https://app.example.com' \\",
      '  -H \'sec-ch-ua: "Chromium";v="124", "Not-A.Brand";v="99"\' \\',
      "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\",
      `  --data-raw $'{"note":"it\\'s done\\u0021","items":[{"sku":"A-1","qty":2}]}'`,
    ].join('\n');
    assert.deepEqual(ok(text), {
      method: 'POST',
      url: 'https://api.example.com/v1/orders?limit=10',
      headers: [
        { name: 'accept', value: 'application/json, text/plain, */*' },
        { name: 'accept-language', value: 'en-US,en;q=0.9' },
        { name: 'content-type', value: 'application/json' },
        { name: 'origin', value: 'https://app.example.com' },
        { name: 'sec-ch-ua', value: '"Chromium";v="124", "Not-A.Brand";v="99"' },
        { name: 'user-agent', value: 'Mozilla/5.0 (X11; Linux x86_64)' },
        { name: 'Cookie', value: 'session=abc123; theme=dark' },
      ],
      body: `{"note":"it's done!","items":[{"sku":"A-1","qty":2}]}`,
      ignored: [],
    });
    assert.equal(ok("curl 'https://h/' \\\n  -H 'accept: */*' \\\n  --compressed").method, 'GET');
  });

  it('reads Firefox "Copy as cURL"', () => {
    const c = ok(
      "curl 'https://h/v1/items/7' -X 'PATCH' -H 'Accept: */*' -H 'Content-Type: application/json' " +
        `--data-raw '{"done":true}' --compressed`,
    );
    assert.equal(c.method, 'PATCH');
    assert.equal(c.body, '{"done":true}');
    assert.deepEqual(c.ignored, ['--compressed']);
  });
});

describe('curl commands: linear time and never throwing', () => {
  // Hang guards (the timeout), not speed assertions: each input is read in one pass over its characters.
  it(
    'reads 256 KB quoted words, 100 KB of blanks and long runs of escapes and marks',
    hangGuard(60_000, () => {
      const big = 'x'.repeat(1 << 18);
      assert.equal(ok(`curl -d '${big}' https://h`).body, big);
      assert.equal(ok(`curl -d "${big}" https://h`).body, big);
      assert.equal(ok(`curl -d $'${big}' https://h`).body, big);
      const spaces = ' '.repeat(100_000);
      assert.equal(ok(`curl${spaces}-X${spaces}PUT${spaces}https://h${spaces}`).method, 'PUT');
      assert.equal(ok(`curl https://h/${'\\x'.repeat(1 << 17)}`).url.length, 'https://h/'.length + (1 << 17));
      assert.equal(ok(`curl -d "${'\\"'.repeat(1 << 17)}" https://h`).body, '"'.repeat(1 << 17));
      assert.equal(ok(`curl https://h/${'^x'.repeat(1 << 16)}`).url.length, 10 + (1 << 17));
      const marks = `curl https://h/${`^${' '.repeat(1000)}`.repeat(256)}`;
      assert.match(err(marks), /more than one URL/, 'a ^ then blanks, not a line end: words');
      assert.match(err(`curl -d '${big}`), /unterminated/);
      assert.match(err(`curl ${'-s '.repeat(1 << 16)}`), /no URL/);
      assert.equal(ok(`curl -H 'A: ${big}' https://h`).headers[0]!.value, big);
    }),
  );

  it('returns an error or a command for any text, never throws', () => {
    const alphabet = [
      'curl',
      ' ',
      '\n',
      '\\',
      '^',
      '`',
      "'",
      '"',
      "$'",
      '$',
      '#',
      '-',
      '-X',
      '-H',
      '-d',
      '--',
      '=',
      ':',
      '@',
      'a',
      'h',
      '|',
      '>',
      '&',
      '\\u',
      '\\x',
      '{{',
      '}}',
    ];
    let seed = 42;
    for (let n = 0; n < 2000; n++) {
      let text = 'curl ';
      for (let k = 0; k < 30; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[seed % alphabet.length];
      }
      const r = parseCurlCommand(text);
      assert.ok('error' in r ? typeof r.error === 'string' : typeof r.url === 'string', text);
    }
  });
});
