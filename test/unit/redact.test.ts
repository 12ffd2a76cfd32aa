// The one redactor (src/core/redact.ts): every secret shape of issue 11 as a canary that must not survive, text that
// must survive unchanged, idempotence, linear time on 1 MB lines of near-misses, and forTerminal()'s escaping.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayUrl, forTerminal, HeldSecrets, redact } from '../../src/core/redact';
import { hangGuard } from './hangGuard';

// Secret-shaped values are built here at run time, so that nothing shaped like a real credential is committed.
const keyId = (prefix: string) => `${prefix}${'TESTONLY'.padEnd(16, 'X')}`;
const SECRET = `wJalrXUtnFEMI/K7MDENG/bPxRfi${'CANARYSK'}0001`;
const STS_TOKEN = `IQoJb3JpZ2lu${'X2VjCANARYTOKEN'.repeat(6)}+/a==`;
const OLD_TOKEN = `FwoGZXIvYXdz${'CANARYOLDTOKEN'.repeat(4)}`;
const RAW_TOKEN = `AgoJCANARYRAW${'abcdEFGH1234'.repeat(5)}`;
const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.${'CANARYJWTsig'}_0-dozjgNryP4J3jVmNHl0w5N`;
const SIG = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

/** [input, the secret that must be gone, what the output must still show]. */
const SHAPES: Array<[string, string, RegExp]> = [
  [`key ${keyId('AKIA')} used`, 'TESTONLYX', /^key AKIA\*{16} used$/],
  [`temporary ${keyId('ASIA')} used`, 'TESTONLYX', /ASIA\*{16}/],
  [`aws_secret_access_key = ${SECRET}`, 'CANARYSK', /^aws_secret_access_key = \[redacted\]$/],
  [`AWS_SECRET_ACCESS_KEY=${SECRET}`, 'CANARYSK', /^AWS_SECRET_ACCESS_KEY=\[redacted\]$/],
  [
    `{"SecretAccessKey": "${SECRET}", "AccessKeyId": "x"}`,
    'CANARYSK',
    /"SecretAccessKey": "\[redacted\]", "AccessKeyId"/,
  ],
  [`secret-access-key: ${SECRET}`, 'CANARYSK', /secret-access-key: \[redacted\]/],
  [`{'secretKey': '${SECRET}'}`, 'CANARYSK', /'secretKey': '\[redacted\]'/],
  [`"sessionToken":"${STS_TOKEN}"`, 'CANARYTOKEN', /^"sessionToken":"\[redacted\]"$/],
  [`aws_session_token=${RAW_TOKEN}\nregion=x`, 'CANARYRAW', /^aws_session_token=\[redacted\]\nregion=x$/],
  [`export AWS_SESSION_TOKEN="${RAW_TOKEN}"`, 'CANARYRAW', /AWS_SESSION_TOKEN="\[redacted\]"/],
  [`raw ${STS_TOKEN} in a line`, 'CANARYTOKEN', /^raw \[redacted-session-token\] in a line$/],
  [`raw ${OLD_TOKEN}`, 'CANARYOLDTOKEN', /redacted-session-token/],
  [`x-amz-security-token: ${RAW_TOKEN}\r\nx-amz-date: 20240101T000000Z`, 'CANARYRAW', /x-amz-date: 2024/],
  [`X-Amz-Security-Token=${encodeURIComponent(RAW_TOKEN)}&X-Amz-Date=1`, 'CANARYRAW', /=\[redacted\]&X-Amz-Date=1/],
  [`x-amz-security-token => ${RAW_TOKEN}`, 'CANARYRAW', /x-amz-security-token => \[redacted\]/],
  [`{\\"x-amz-security-token\\":\\"${RAW_TOKEN}\\",\\"b\\":1}`, 'CANARYRAW', /\\"\[redacted\]\\",\\"b\\":1/],
  [
    `"{\\\\\\"x-amz-security-token\\\\\\":\\\\\\"${RAW_TOKEN}\\\\\\"}"`,
    'CANARYRAW',
    /token\\\\\\":\\\\\\"\[redacted\]\\\\\\"/,
  ],
  [
    `Authorization: AWS4-HMAC-SHA256 Credential=AKIDCANARYAUTH/20240101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=${SIG}\nnext line`,
    'CANARYAUTH',
    /^Authorization: \[redacted\]\nnext line$/,
  ],
  [`"authorization":"Bearer CANARYBEARER123"`, 'CANARYBEARER', /^"authorization":"\[redacted\]"$/],
  [`{\\"Authorization\\":\\"AWS4 CANARYESC\\"}`, 'CANARYESC', /\\"Authorization\\":\\"\[redacted\]\\"/],
  [`AUTHORIZATION=Basic Q0FOQVJZQkFTSUM=`, 'Q0FOQVJZ', /AUTHORIZATION=\[redacted\]/],
  [`Proxy-Authorization: Basic Q0FOQVJZQkFTSUM=`, 'Q0FOQVJZ', /Proxy-Authorization: \[redacted\]/],
  [`rawHeaders: [ 'authorization', 'AWS4 CANARYLIST', 'host', 'x' ]`, 'CANARYLIST', /'host', 'x'/],
  [`"multiValueHeaders":{"Authorization":["Bearer CANARYMV1"]}`, 'CANARYMV', /"Authorization":\["\[redacted\]"\]/],
  [`Cookie: session=CANARYCOOKIE; csrf=abc`, 'CANARYCOOKIE', /^Cookie: \[redacted\]$/],
  [`set-cookie: id=CANARYSET; Path=/; HttpOnly`, 'CANARYSET', /^set-cookie: \[redacted\]$/],
  [`{"cookie":"a=CANARYJSONCOOKIE","b":1}`, 'CANARYJSONCOOKIE', /"cookie":"\[redacted\]","b":1/],
  [
    `{\n  "cookies": [\n    "a=CANARYCOOKIES",\n    "b=CANARYCOOKIES"\n  ],\n  "x": 1\n}`,
    'CANARYCOOKIES',
    /"cookies": \["\[redacted\]", "\[redacted\]"\],\n {2}"x": 1/,
  ],
  [
    `{\n  "x-api-key": [\n    "CANARYMVKEY"\n  ],\n  "access_token": [\n    "CANARYMVQ1",\n    "CANARYMVQ2"\n  ]\n}`,
    'CANARYMV',
    /"x-api-key": \["\[redacted\]"\],\n {2}"access_token": \["\[redacted\]", "\[redacted\]"\]\n\}/,
  ],
  [
    `{"cookie": ["a=CANARYMULTI", "b=CANARYMULTI"]}`,
    'CANARYMULTI',
    /^\{"cookie": \["\[redacted\]", "\[redacted\]"\]\}$/,
  ],
  [`calling with bearer CANARY.bearer-42 now`, 'CANARY.bearer', /with bearer \[redacted\] now/],
  [`token ${JWT} seen`, 'CANARYJWT', /\[redacted-jwt\] seen/],
  [`?X-Amz-Signature=${SIG}&x=1`, SIG, /X-Amz-Signature=\[redacted\]&x=1/],
  [`X-Amz-Credential=AKIDCANARYCRED%2F20240101%2Fus-east-1&a`, 'CANARYCRED', /X-Amz-Credential=\[redacted\]&a/],
  [`Credential=AKIDCANARYSCOPE/20240101/us-east-1/apigateway/aws4_request, x`, 'CANARYSCOPE', /=\[redacted\], x/],
  [`Signature=${SIG}`, SIG, /Signature=\[redacted\]/],
  [`http://user:CANARYPASS@127.0.0.1:4566/x`, 'CANARYPASS', /^http:\/\/user:\*\*\*\*@127\.0\.0\.1:4566\/x$/],
  [`https://x-access-token:CANARY@PASS@github.com/o/r`, 'CANARY', /^https:\/\/x-access-token:\*\*\*\*@github\.com/],
  [`endpoint apigw:CANARYPASS@127.0.0.1:4566 (from profile)`, 'CANARYPASS', /apigw:\*\*\*\*@127\.0\.0\.1:4566 \(/],
  [`password=CANARYPW&user=bob`, 'CANARYPW', /password=\[redacted\]&user=bob/],
  [`passwd: CANARYPASSWD`, 'CANARYPASSWD', /passwd: \[redacted\]/],
  [`DB_PASSWORD="CANARY with spaces"`, 'CANARY', /DB_PASSWORD="\[redacted\]"/],
  [`secret=CANARYSECRET`, 'CANARYSECRET', /^secret=\[redacted\]$/],
  [`token=CANARYTOK`, 'CANARYTOK', /^token=\[redacted\]$/],
  [`client_secret=CANARYCS&grant_type=x`, 'CANARYCS', /client_secret=\[redacted\]&grant_type=x/],
  [`{"clientSecret":"CANARYCS2"}`, 'CANARYCS2', /"clientSecret":"\[redacted\]"/],
  [`login --client-secret CANARYFLAG --region x`, 'CANARYFLAG', /--client-secret \[redacted\] --region x/],
  [`login --password=CANARYFLAG2`, 'CANARYFLAG2', /--password=\[redacted\]/],
  [`login --token "CANARY FLAG3"`, 'CANARY FLAG3', /--token \[redacted\]/],
  [
    `credential_process = node get.js --client-secret CANARYPROC --user me`,
    'CANARYPROC',
    /^credential_process = \[redacted\]$/,
  ],
  [
    `Command failed: node get.js --client-secret CANARYCMD\nlogin refused: --client-secret CANARYCMD`,
    'CANARYCMD',
    /^Command failed: \[redacted\]\n/,
  ],
  [
    `<Credentials><SecretAccessKey>CANARYXML1</SecretAccessKey><SessionToken>CANARYXML2</SessionToken></Credentials>`,
    'CANARYXML',
    /<SecretAccessKey>\[redacted\]<\/SecretAccessKey><SessionToken>\[redacted\]</,
  ],
];

describe('redact: every secret shape', () => {
  for (const [input, secret, shown] of SHAPES) {
    it(`${input.slice(0, 48).replace(/\s+/g, ' ')}…`, () => {
      const out = redact(input);
      assert.ok(!out.includes(secret), `"${secret}" survived in: ${out}`);
      assert.match(out, shown);
      assert.equal(redact(out), out, 'idempotent');
    });
  }

  it('every shape inside one JSON document, stringified once and twice (JSON-escaped forms)', () => {
    const doc = Object.fromEntries(SHAPES.map(([input], i) => [`k${i}`, input]));
    for (const text of [JSON.stringify(doc), JSON.stringify(JSON.stringify(doc))]) {
      const out = redact(text);
      for (const [, secret] of SHAPES) assert.ok(!out.includes(secret), `"${secret}" survived`);
    }
  });
});

describe('redact: ordinary text stays as it is', () => {
  const lines = [
    'GET /items/{id} → orders-fn (200, 31 ms) arn:aws:lambda:eu-west-1:123456789012:function:orders',
    'ExpiredTokenException: The security token included in the request is expired',
    'The request signature we calculated does not match the signature you provided.',
    '{"items":[],"nextToken":"eyJsYXN0IjoiYWJjIn0"}',
    'NextToken=abc123&MaxResults=25',
    'Could not reach http://127.0.0.1:4566 for GetApis: connect ECONNREFUSED 127.0.0.1:4566.',
    'identitySource: ["$request.header.Authorization"]',
    'A JWT authorizer validates the bearer token of each request.',
    'apigw deploy orders.apigw.yaml --stage prod --yes --confirm-stage prod',
    '{"requestId":"abc","routeKey":"GET /orders","status":"200","responseLatency":"12"}',
    'Access denied: profile dev may not call apigateway:GET on arn:aws:apigateway:us-east-1::/apis (GetApis).',
    'password rules: none; tokens: 3',
    'mail john@example.com or git@github.com:org/repo.git',
    'arn:aws:sts::123456789012:assumed-role/Dev/john@example.com',
    '  --token JWT             The JWT for JWT routes (default: APIGW_TOKEN)',
    'JWT routes get --token (or APIGW_TOKEN); --api-key KEY, --client-secret SECRET',
    'apigw call: --token needs a value (JWT)',
    'apigw call: --api-key needs a value (KEY): -y is an option (a value that starts with - is joined with =)',
    '',
  ];
  for (const line of lines)
    it(JSON.stringify(line.slice(0, 50)), () => {
      assert.equal(redact(line), line);
    });
});

describe('redact: linear time', () => {
  // Near-misses that make a backtracking pattern quadratic (or worse): each 1 MB line must pass in one scan per
  // pattern. A quadratic pattern takes minutes on these; the limit below is a hang guard, hundreds of times the
  // linear time, not a speed assertion.
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const lines: Array<[string, string]> = [
    ['one long word', fill('a')],
    ['key names without a separator', fill('token ')],
    ['separators without a value', fill('"password":"')],
    ['backslashes in a quoted value', `"password":"${fill('\\')}`],
    ['spaces after a key', `token${fill(' ')}x`],
    ['blanks after a separator, no value', `token:${fill(' ')}`],
    ['blanks after a header separator, no value', `authorization=${fill(' \t')}`],
    ['blanks after a separator, then a list', `"password": ${fill(' ')}[`],
    ['JWT-like segments', fill('eyJaaaaa.')],
    ['URL userinfo without an @', `x://${fill('a:')}`],
    ['URLs in a row', fill('a://b:c')],
    ['userinfo without a scheme or an @', ` a:${fill('b')}`],
    ['key id prefixes', fill('AKIA')],
    ['bearer without a token', fill('bearer ')],
    ['flags without values', fill('--token ')],
    ['XML tags without a close', fill('<SessionToken>')],
    ['header lists', fill("'authorization', ")],
    ['value lists without a close', fill('"cookies": [ "a", ')],
    ['secret-named lists without a close', fill('"x-api-key": [ "a", ')],
    ['control characters', fill('\u001b[31m\u202e\r')],
    ['session-token prefixes', fill('IQoJb3JpZ2lu ')],
  ];
  it(
    '1 MB lines of near-misses for every pattern pass redact() and forTerminal()',
    hangGuard(120_000, () => {
      for (const [what, line] of lines) {
        const out = forTerminal(line);
        assert.ok(out.length > 0, what);
      }
    }),
  );
});

describe('forTerminal', () => {
  it('shows C0, DEL and C1 controls as \\xNN: ANSI colours, OSC 8 links and titles, CSI (8-bit) cannot run', () => {
    assert.equal(forTerminal('\u001b[31mred\u001b[0m'), '\\x1b[31mred\\x1b[0m');
    assert.equal(
      forTerminal('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007'),
      '\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07',
    );
    assert.equal(forTerminal('\u009b2J\u009d0;title\u009c'), '\\x9b2J\\x9d0;title\\x9c');
    assert.equal(forTerminal('a\u0008b\u007fc\u0000'), 'a\\x08b\\x7fc\\x00');
  });

  it('keeps tabs and newlines, turns CRLF into a newline, and shows a lone CR (overwrite trick)', () => {
    assert.equal(forTerminal('a\tb\nc\r\nd'), 'a\tb\nc\nd');
    assert.equal(forTerminal('ok: passed\rFAILED'), 'ok: passed\\x0dFAILED');
  });

  it('shows Unicode bidi controls (Trojan Source) as \\u{…}', () => {
    assert.equal(forTerminal('a\u202eb\u2066c\u2069d\u200fe'), 'a\\u{202e}b\\u{2066}c\\u{2069}d\\u{200f}e');
    for (const c of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x61c])
      assert.doesNotMatch(forTerminal(String.fromCodePoint(c)), /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it('redacts before it escapes, and leaves ordinary Unicode alone', () => {
    assert.equal(forTerminal(`\u001b[1mpassword=x y`), '\\x1b[1mpassword=[redacted] y');
    assert.equal(forTerminal('GET /café → λ ✓ 日本'), 'GET /café → λ ✓ 日本');
  });
});

describe('displayUrl', () => {
  it('hides the password of a URL and nothing else', () => {
    assert.equal(displayUrl('http://user:pw@localhost:4566/'), 'http://user:****@localhost:4566/');
    assert.equal(displayUrl('http://localhost:4566'), 'http://localhost:4566');
    assert.equal(displayUrl('https://token@host'), 'https://token@host');
  });
});

describe('HeldSecrets', () => {
  it('replaces held values, longest first, in the order of the values held now', () => {
    const short = new HeldSecrets();
    const long = new HeldSecrets();
    try {
      short.add(['canary-held-9f3e']);
      assert.equal(redact('x canary-held-9f3e-more y'), 'x [redacted]-more y');
      // A longer value that holds the first, held after a redact() has ordered the values: it goes whole.
      long.add(['canary-held-9f3e-more']);
      assert.equal(redact('x canary-held-9f3e-more y'), 'x [redacted] y');
      long.release();
      assert.equal(redact('x canary-held-9f3e-more y'), 'x [redacted]-more y');
      short.release();
      assert.equal(redact('x canary-held-9f3e-more y'), 'x canary-held-9f3e-more y');
    } finally {
      short.release();
      long.release();
    }
  });
});
