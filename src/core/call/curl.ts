// A cURL command pasted as a request, as VS Code's REST Client reads one (https://github.com/Huachao/vscode-restclient):
// the command is split into words the way a POSIX shell splits it (quotes, `$'…'`, backslash escapes, continued
// lines), then curl's options that shape an HTTP request are read (https://curl.se/docs/manpage.html): the method,
// URL, headers, data (`-d`, `--data-*`, `--json`, `-G`), Basic credentials, cookies, user agent, referer and range.
// Options that take a value but do not change the request consume it and are listed in `ignored`; an unknown option,
// a form (`-F`) or an authentication other than Basic is an error rather than a different request. Flags about curl's
// output (`-s`, `-v`, `-i`…) are skipped; `-k`, `-L`, `--compressed` and `-n` are listed in `ignored`, since the
// workbench keeps its own behaviour there (TLS verified, redirects not followed). Not read: files
// (`-d @file`, `-H @file`, a cookie jar, `-T file`, `-K`: listed in `ignored`, or refused), the shell's expansions
// (`$VAR`, `$(…)`, backticks, globs and `~` stay as written: `{{variables}}` are the way to fill values), Windows
// cmd's `^"` quoting and PowerShell's quoting (only their line continuations). Pure and linear in the text: the words
// are read in one walk over the characters, without a pattern that could backtrack.

/** A request read from a cURL command. */
export interface CurlCommand {
  /** Upper case: GET by default, POST when data is sent, PUT for `-T`, HEAD for `-I`; `-X` wins. */
  method: string;
  /** As written (it may hold `{{variables}}`; a URL without a scheme keeps none), with `-G` data in its query. */
  url: string;
  /** The `-H` headers in the order written, then those the options imply, unless `-H` wrote that name. */
  headers: Array<{ name: string; value: string }>;
  /** The data options joined as curl joins them (`&` between several `-d`); absent when none can be read here. */
  body?: string;
  /** Options read but not applied (`-o out.json`, `--compressed`, `-d @body.json`, `| jq .`), for a note. */
  ignored: string[];
}

type Header = { name: string; value: string };

/** One word of the command; `plain` when no quote or escape was in it (a shell operator is a plain word). */
interface Word {
  text: string;
  plain: boolean;
}

type Mode = 'out' | 'single' | 'double' | 'ansi' | 'comment';

const QUOTE_OF: Record<Mode, string> = { out: '', single: "'", double: '"', ansi: "$'", comment: '' };

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Characters that end a run of ordinary characters outside quotes. */
function isSpecial(c: string): boolean {
  return isBlank(c) || c === '\\' || c === "'" || c === '"' || c === '$' || c === '^' || c === '`';
}

/** The index of the newline (or the end) when only spaces, tabs and CR follow `from` on its line, else -1. */
function lineEndAfter(t: string, from: number): number {
  let j = from;
  while (j < t.length && (t[j] === ' ' || t[j] === '\t' || t[j] === '\r')) j++;
  return j >= t.length || t[j] === '\n' ? j : -1;
}

/** The value of up to `max` digits of `radix` from `from` (count 0 when there is none). */
function digitsAt(t: string, from: number, max: number, radix: number): { count: number; value: number } {
  let count = 0;
  let value = 0;
  while (count < max && from + count < t.length) {
    const d = parseInt(t[from + count]!, radix);
    if (Number.isNaN(d)) break;
    value = value * radix + d;
    count++;
  }
  return { count, value };
}

const ANSI_SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

const ANSI_NUMERIC: Record<string, { max: number; radix: number }> = {
  x: { max: 2, radix: 16 },
  u: { max: 4, radix: 16 },
  U: { max: 8, radix: 16 },
};

/** Bash's `$'…'` escape at `t[i]` (a backslash): its text and the index after it; an unknown one stays as written. */
function ansiEscape(t: string, i: number): { text: string; next: number } {
  const n = t[i + 1];
  if (n === undefined) return { text: '\\', next: i + 1 };
  const simple = Object.hasOwn(ANSI_SIMPLE, n) ? ANSI_SIMPLE[n] : undefined;
  if (simple !== undefined) return { text: simple, next: i + 2 };
  if (n >= '0' && n <= '7') {
    const d = digitsAt(t, i + 1, 3, 8);
    return { text: String.fromCharCode(d.value & 0xff), next: i + 1 + d.count };
  }
  if (n === 'c' && i + 2 < t.length) return { text: String.fromCharCode(t.charCodeAt(i + 2) & 0x1f), next: i + 3 };
  const numeric = Object.hasOwn(ANSI_NUMERIC, n) ? ANSI_NUMERIC[n] : undefined;
  if (!numeric) return { text: `\\${n}`, next: i + 2 };
  const d = digitsAt(t, i + 2, numeric.max, numeric.radix);
  if (d.count === 0 || d.value > 0x10ffff) return { text: `\\${n}`, next: i + 2 };
  return { text: String.fromCodePoint(d.value), next: i + 2 + d.count };
}

/**
 * The shell's word splitting over the whole command (newlines outside quotes are blanks, as REST Client reads them).
 * Each step reads a run and returns the index after it: linear in the text.
 */
class Splitter {
  mode: Mode = 'out';
  readonly words: Word[] = [];
  error: string | undefined;
  private parts: string[] = [];
  private inWord = false;
  private plain = true;

  feed(t: string): void {
    let i = 0;
    while (i < t.length && this.error === undefined) i = this.step(t, i);
  }

  finish(): Word[] | { error: string } {
    if (this.error !== undefined) return { error: this.error };
    if (QUOTE_OF[this.mode]) return { error: `The curl command has an unterminated ${QUOTE_OF[this.mode]} quote.` };
    this.endWord();
    return this.words;
  }

  private step(t: string, i: number): number {
    if (this.mode === 'single') return this.single(t, i);
    if (this.mode === 'double') return this.double(t, i);
    if (this.mode === 'ansi') return this.ansi(t, i);
    if (this.mode === 'comment') return this.comment(t, i);
    return this.out(t, i);
  }

  private out(t: string, i: number): number {
    const c = t[i]!;
    if (isBlank(c)) {
      this.endWord();
      return i + 1;
    }
    if (c === '\\') return this.backslash(t, i);
    if (c === '^' || c === '`') return this.mark(t, i);
    if (c === "'") return this.open('single', i + 1);
    if (c === '"') return this.open('double', i + 1);
    if (c === '$' && t[i + 1] === "'") return this.open('ansi', i + 2);
    if (c === '$' && t[i + 1] === '"') return this.open('double', i + 2);
    if (c === '#' && !this.inWord) {
      this.mode = 'comment';
      return i + 1;
    }
    let end = i + 1;
    while (end < t.length && !isSpecial(t[end]!)) end++;
    this.add(t.slice(i, end));
    return end;
  }

  /** `\` outside quotes: a continuation before a newline, else the next character taken as it is. */
  private backslash(t: string, i: number): number {
    const n = t[i + 1];
    if (n === '\n') return i + 2;
    if (n === '\r' && t[i + 2] === '\n') return i + 3;
    if (n === undefined) return i + 1;
    this.add(n);
    this.plain = false;
    return i + 2;
  }

  /** `^` (cmd) or `` ` `` (PowerShell) at the end of a line continues it; elsewhere it is an ordinary character. */
  private mark(t: string, i: number): number {
    if (t[i] === '^' && t[i + 1] === '"' && !this.inWord) {
      this.error = 'Windows cmd quoting (^") is not read: copy the command as cURL (bash).';
      return t.length;
    }
    const end = lineEndAfter(t, i + 1);
    if (end >= 0) return Math.min(end + 1, t.length);
    this.add(t[i]!);
    return i + 1;
  }

  private open(mode: Mode, next: number): number {
    this.mode = mode;
    this.inWord = true;
    this.plain = false;
    return next;
  }

  private single(t: string, i: number): number {
    const j = t.indexOf("'", i);
    if (j < 0) {
      this.add(t.slice(i));
      return t.length;
    }
    this.add(t.slice(i, j));
    this.mode = 'out';
    return j + 1;
  }

  /**
   * Inside a quote that takes escapes: adds the run up to the closing `quote` or a backslash. Returns the index after
   * the closing quote (the quote ended), or the backslash's index (an escape to read), or the end.
   */
  private quotedRun(t: string, i: number, quote: string): { at: number; closed: boolean } {
    let j = i;
    while (j < t.length && t[j] !== quote && t[j] !== '\\') j++;
    this.add(t.slice(i, j));
    if (j >= t.length || t[j] !== quote) return { at: j, closed: false };
    this.mode = 'out';
    return { at: j + 1, closed: true };
  }

  /** Inside `"…"`: `\` escapes only `"`, `\`, `$`, `` ` `` and a newline (removed); `$` and backticks stay. */
  private double(t: string, i: number): number {
    const { at: j, closed } = this.quotedRun(t, i, '"');
    if (closed || j >= t.length) return j;
    const n = t[j + 1];
    if (n === '"' || n === '\\' || n === '$' || n === '`') {
      this.add(n);
      return j + 2;
    }
    if (n === '\n') return j + 2;
    if (n === '\r' && t[j + 2] === '\n') return j + 3;
    this.add('\\');
    return j + 1;
  }

  private ansi(t: string, i: number): number {
    const { at: j, closed } = this.quotedRun(t, i, "'");
    if (closed || j >= t.length) return j;
    const e = ansiEscape(t, j);
    this.add(e.text);
    return e.next;
  }

  /** A `#` that starts a word comments out the rest of the line; its newline is read as outside quotes. */
  private comment(t: string, i: number): number {
    const j = t.indexOf('\n', i);
    if (j < 0) return t.length;
    this.mode = 'out';
    return j;
  }

  private add(s: string): void {
    this.parts.push(s);
    this.inWord = true;
  }

  private endWord(): void {
    if (!this.inWord) return;
    this.words.push({ text: this.parts.join(''), plain: this.plain });
    this.parts = [];
    this.inWord = false;
    this.plain = true;
  }
}

/** The state the options build up, turned into a CurlCommand at the end. */
interface State {
  urls: string[];
  method?: string;
  head: boolean;
  get: boolean;
  upload: boolean;
  /** After `--`: every word is a URL. */
  onlyUrls: boolean;
  headers: Header[];
  /** Lower-case names written with `-H` (also `Name:` without a value, which removes curl's own): not implied. */
  written: Set<string>;
  implied: Map<string, Header>;
  /** Data in order; `text` undefined when it is a file's (not read here); `query` for `--url-query`. */
  pieces: Array<{ text?: string; sep: string; query: boolean }>;
  ignored: string[];
}

type Apply = (s: State, value: string, name: string) => string | undefined;

/** One of curl's options: whether it takes a value, and what reading it does. */
interface CurlOption {
  value: boolean;
  /** Changes the request; returns an error message, if any. */
  apply?: Apply;
  /** A flag that sets this field (`--no-` clears it). */
  sets?: 'head' | 'get';
  /** Listed in `ignored` (with its value, unless `secret`). */
  note?: boolean;
  secret?: boolean;
  /** Refused: why. */
  refuse?: string;
}

/** `"text"`, cut at 60 characters, for a message. */
function shown(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;
}

/** The option and its value as a note entry (`-o out.json`, `-w '%{http_code}'`). */
function noted(name: string, value: string): string {
  const v = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  let quoted = v === '';
  for (let i = 0; i < v.length && !quoted; i++) quoted = isBlank(v[i]);
  return `${name} ${quoted ? `'${v}'` : v}`;
}

/** Percent-encoding as curl's --data-urlencode does it: every byte but A-Z a-z 0-9 - . _ ~ (never throws). */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    const keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || '-._~'.includes(c);
    out += keep ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `--data-urlencode`'s forms: `content`, `=content`, `name=content`; undefined for `@file` and `name@file`. */
function urlencoded(value: string): string | undefined {
  const eq = value.indexOf('=');
  if (eq < 0) return value.includes('@') ? undefined : percentEncode(value);
  return eq === 0 ? percentEncode(value.slice(1)) : `${value.slice(0, eq)}=${percentEncode(value.slice(eq + 1))}`;
}

function imply(s: State, name: string, value: string): void {
  s.implied.set(name.toLowerCase(), { name, value });
}

function setMethod(s: State, value: string): undefined {
  s.method = value ? value.toUpperCase() : undefined;
}

function addUrl(s: State, value: string): undefined {
  s.urls.push(value);
}

/** `-H "Name: value"`; `Name:` removes curl's own header (none implied then), `Name;` sends it empty. */
function addHeader(s: State, value: string, name: string): string | undefined {
  if (value.startsWith('@')) {
    s.ignored.push(noted(name, value));
    return undefined;
  }
  if (value.includes('\n') || value.includes('\r')) return `The header ${shown(value)} holds a line break.`;
  const colon = value.indexOf(':');
  const empty = colon < 0 && value.length > 1 && value.endsWith(';');
  if (colon < 0 && !empty) return `The header ${shown(value)} has no colon: write ${name} "Name: value".`;
  const headerName = (empty ? value.slice(0, -1) : value.slice(0, colon)).trim();
  if (!headerName || headerName.includes(' ') || headerName.includes('\t'))
    return `The header ${shown(value)} has no name before its colon.`;
  s.written.add(headerName.toLowerCase());
  const headerValue = empty ? '' : value.slice(colon + 1).trim();
  if (empty || headerValue) s.headers.push({ name: headerName, value: headerValue });
  return undefined;
}

/** `-d`, `--data`, `--data-ascii`, `--data-binary`: `@file` is a file's content (not read here). */
function addData(s: State, value: string, name: string): undefined {
  if (value.startsWith('@')) s.ignored.push(noted(name, value));
  s.pieces.push({ ...(value.startsWith('@') ? {} : { text: value }), sep: '&', query: false });
}

function addRawData(s: State, value: string): undefined {
  s.pieces.push({ text: value, sep: '&', query: false });
}

function addUrlencoded(s: State, value: string, name: string): undefined {
  const text = urlencoded(value);
  if (text === undefined) s.ignored.push(noted(name, value));
  s.pieces.push({ ...(text === undefined ? {} : { text }), sep: '&', query: false });
}

/** `--url-query`: as `--data-urlencode`, appended to the URL; a leading `+` takes the rest as it is. */
function addUrlQuery(s: State, value: string, name: string): undefined {
  const text = value.startsWith('+') ? value.slice(1) : urlencoded(value);
  if (text === undefined) s.ignored.push(noted(name, value));
  else s.pieces.push({ text, sep: '&', query: true });
}

/** `--json`: the data appended without a separator, JSON's Content-Type and Accept. */
function addJson(s: State, value: string, name: string): undefined {
  if (value.startsWith('@')) s.ignored.push(noted(name, value));
  s.pieces.push({ ...(value.startsWith('@') ? {} : { text: value }), sep: '', query: false });
  imply(s, 'Content-Type', 'application/json');
  imply(s, 'Accept', 'application/json');
}

/**
 * `-u user:password` as Basic credentials. One holding `{{variables}}` stays in the clear: the resolver encodes
 * `Basic user:password` once they are filled (base64 now would hide them from it).
 */
function setUser(s: State, value: string, name: string): string | undefined {
  if (!value.includes(':')) return `${name} has no password (curl would ask for it): write ${name} user:password.`;
  const credentials = value.includes('{{') ? value : Buffer.from(value, 'utf8').toString('base64');
  imply(s, 'Authorization', `Basic ${credentials}`);
  return undefined;
}

function setBearer(s: State, value: string): undefined {
  imply(s, 'Authorization', `Bearer ${value}`);
}

/** `-b "a=1; b=2"` (several joined with `; `); a value without `=` names a cookie file (not read). */
function addCookie(s: State, value: string, name: string): undefined {
  if (!value.includes('=')) {
    s.ignored.push(noted(name, value));
    return undefined;
  }
  const before = s.implied.get('cookie');
  imply(s, 'Cookie', before ? `${before.value}; ${value}` : value);
}

/** `-A name`; an empty one removes the header. */
function setUserAgent(s: State, value: string): undefined {
  if (value) imply(s, 'User-Agent', value);
  else s.implied.delete('user-agent');
}

/** `-e URL`, without curl's `;auto` suffix (which sets it on redirects, never followed here). */
function setReferer(s: State, value: string): undefined {
  const url = value.endsWith(';auto') ? value.slice(0, -';auto'.length) : value;
  if (url) imply(s, 'Referer', url);
}

function setRange(s: State, value: string): undefined {
  imply(s, 'Range', `bytes=${value}`);
}

/** `-T file`: a PUT of the file, which is not read here. */
function upload(s: State, value: string, name: string): undefined {
  s.upload = true;
  s.ignored.push(noted(name, value));
}

const FLAG: CurlOption = { value: false };
const NOTED_FLAG: CurlOption = { value: false, note: true };
const VALUE: CurlOption = { value: true, note: true };
const SECRET: CurlOption = { value: true, note: true, secret: true };
const FORM = 'write the multipart/form-data body in the request instead.';
const AUTH = 'of credentials, only Basic ones (-u user:password) are.';

/** The options read and how; every other long option is an error that names it. */
const APPLIED: Array<[string, CurlOption]> = [
  ['request', { value: true, apply: setMethod }],
  ['url', { value: true, apply: addUrl }],
  ['header', { value: true, apply: addHeader }],
  ['data', { value: true, apply: addData }],
  ['data-ascii', { value: true, apply: addData }],
  ['data-binary', { value: true, apply: addData }],
  ['data-raw', { value: true, apply: addRawData }],
  ['data-urlencode', { value: true, apply: addUrlencoded }],
  ['url-query', { value: true, apply: addUrlQuery }],
  ['json', { value: true, apply: addJson }],
  ['head', { value: false, sets: 'head' }],
  ['get', { value: false, sets: 'get' }],
  ['user', { value: true, apply: setUser }],
  ['oauth2-bearer', { value: true, apply: setBearer }],
  ['cookie', { value: true, apply: addCookie }],
  ['user-agent', { value: true, apply: setUserAgent }],
  ['referer', { value: true, apply: setReferer }],
  ['range', { value: true, apply: setRange }],
  ['upload-file', { value: true, apply: upload }],
  ['form', { value: true, refuse: FORM }],
  ['form-string', { value: true, refuse: FORM }],
  ['form-escape', { value: false, refuse: FORM }],
  ['digest', { value: false, refuse: AUTH }],
  ['ntlm', { value: false, refuse: AUTH }],
  ['ntlm-wb', { value: false, refuse: AUTH }],
  ['negotiate', { value: false, refuse: AUTH }],
  ['anyauth', { value: false, refuse: AUTH }],
  ['aws-sigv4', { value: true, refuse: 'the workbench signs AWS_IAM routes itself.' }],
  ['config', { value: true, refuse: 'options in a file cannot be read here.' }],
  ['next', { value: false, refuse: 'write each request of the command as a request of its own.' }],
  ['request-target', { value: true, refuse: 'the request goes to the URL as written.' }],
];

/** Flags that change nothing the workbench sends but that the user may expect: listed in `ignored`. */
const NOTED_FLAGS = 'insecure location location-trusted compressed netrc netrc-optional';

/** Flags about curl's output, protocols, TLS versions, FTP and the like: skipped. */
const FLAGS = [
  'http0.9 http1.0 http1.1 http2 http2-prior-knowledge http3 http3-only silent show-error verbose include',
  'show-headers fail fail-early fail-with-body globoff ipv4 ipv6 tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3 sslv2 sslv3',
  'ssl ssl-reqd ssl-allow-beast ssl-no-revoke ssl-revoke-best-effort ssl-auto-client-cert ca-native',
  'proxy-ca-native cert-status no-buffer no-keepalive no-sessionid no-alpn no-npn no-progress-meter progress-bar',
  'remote-name remote-name-all remote-header-name remote-time create-dirs tcp-nodelay tcp-fastopen path-as-is',
  'post301 post302 post303 raw tr-encoding ignore-content-length junk-session-cookies basic proxy-basic',
  'proxy-digest proxy-ntlm proxy-negotiate proxy-anyauth proxytunnel proxy-insecure proxy-ssl-allow-beast',
  'proxy-ssl-auto-client-cert haproxy-protocol styled-output suppress-connect-headers retry-all-errors',
  'retry-connrefused parallel parallel-immediate trace-time trace-ids disable manual version help list-only',
  'append use-ascii crlf xattr remove-on-error no-clobber false-start sasl-ir disable-eprt disable-epsv ftp-pasv',
  'ftp-pret ftp-skip-pasv-ip ftp-ssl-ccc ftp-ssl-control ftp-create-dirs compressed-ssh socks5-basic socks5-gssapi',
  'socks5-gssapi-nec tftp-no-options mail-rcpt-allowfails disallow-username-in-url metalink doh-insecure',
  'doh-cert-status skip-existing',
].join(' ');

/** Options whose value does not change the request: consumed and listed in `ignored` with it. */
const VALUES = [
  'output output-dir write-out max-time connect-timeout retry retry-delay retry-max-time cacert capath cert-type',
  'key key-type ciphers tls13-ciphers curves crlfile pinnedpubkey dump-header cookie-jar continue-at limit-rate',
  'max-filesize max-redirs interface local-port resolve connect-to unix-socket abstract-unix-socket dns-servers',
  'dns-interface dns-ipv4-addr dns-ipv6-addr doh-url expect100-timeout happy-eyeballs-timeout-ms keepalive-time',
  'keepalive-cnt noproxy proto proto-default proto-redir stderr trace trace-ascii trace-config libcurl speed-limit',
  'speed-time time-cond hsts alt-svc etag-compare etag-save netrc-file create-file-mode rate parallel-max tls-max',
  'ip-tos vlan-priority ftp-port ftp-method ftp-account ftp-alternative-to-user ftp-ssl-ccc-mode quote',
  'telnet-option mail-from mail-rcpt mail-auth sasl-authzid service-name krb delegation engine egd-file random-file',
  'hostpubmd5 hostpubsha256 pubkey proxy-cacert proxy-capath proxy-cert-type proxy-ciphers proxy-crlfile proxy-key',
  'proxy-key-type proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype tlsauthtype',
  'socks5-gssapi-service haproxy-clientip ipfs-gateway ech tftp-blksize ssl-sessions sigalgs',
].join(' ');

/** Ignored options whose value may hold a password (a client certificate's, a proxy's): listed without it. */
const SECRETS = [
  'cert proxy-cert pass proxy-pass proxy-user tlspassword proxy-tlspassword tlsuser proxy-tlsuser proxy preproxy',
  'proxy1.0 socks4 socks4a socks5 socks5-hostname proxy-header variable login-options',
].join(' ');

function optionTable(): Map<string, CurlOption> {
  const table = new Map<string, CurlOption>(APPLIED);
  for (const name of NOTED_FLAGS.split(' ')) table.set(name, NOTED_FLAG);
  for (const name of FLAGS.split(' ')) table.set(name, FLAG);
  for (const name of VALUES.split(' ')) table.set(name, VALUE);
  for (const name of SECRETS.split(' ')) table.set(name, SECRET);
  return table;
}

/** Built on the first command read: the request file parser loads with the extension, cURL commands are rare. */
let optionsTable: Map<string, CurlOption> | undefined;
function optionNamed(name: string): CurlOption | undefined {
  optionsTable ??= optionTable();
  return optionsTable.get(name);
}

/** curl's one-letter options and their long names. */
const SHORT = new Map<string, string>(
  Object.entries({
    '0': 'http1.0',
    '1': 'tlsv1',
    '2': 'sslv2',
    '3': 'sslv3',
    '4': 'ipv4',
    '6': 'ipv6',
    '#': 'progress-bar',
    ':': 'next',
    a: 'append',
    A: 'user-agent',
    b: 'cookie',
    B: 'use-ascii',
    c: 'cookie-jar',
    C: 'continue-at',
    d: 'data',
    D: 'dump-header',
    e: 'referer',
    E: 'cert',
    f: 'fail',
    F: 'form',
    g: 'globoff',
    G: 'get',
    h: 'help',
    H: 'header',
    i: 'include',
    I: 'head',
    j: 'junk-session-cookies',
    J: 'remote-header-name',
    k: 'insecure',
    K: 'config',
    l: 'list-only',
    L: 'location',
    m: 'max-time',
    M: 'manual',
    n: 'netrc',
    N: 'no-buffer',
    o: 'output',
    O: 'remote-name',
    p: 'proxytunnel',
    P: 'ftp-port',
    q: 'disable',
    Q: 'quote',
    r: 'range',
    R: 'remote-time',
    s: 'silent',
    S: 'show-error',
    t: 'telnet-option',
    T: 'upload-file',
    u: 'user',
    U: 'proxy-user',
    v: 'verbose',
    V: 'version',
    w: 'write-out',
    x: 'proxy',
    X: 'request',
    y: 'speed-time',
    Y: 'speed-limit',
    z: 'time-cond',
    Z: 'parallel',
  }),
);

/** Reads one option (`name` as written: `-o`, `--output`); returns an error message, if any. */
function use(s: State, option: CurlOption, name: string, value: string, negated = false): string | undefined {
  if (negated) {
    if (option.sets) s[option.sets] = false;
    return undefined;
  }
  if (option.refuse) return `The curl option ${name} is not read: ${option.refuse}`;
  if (option.sets) s[option.sets] = true;
  else if (option.apply) return option.apply(s, value, name);
  else if (option.note) s.ignored.push(option.value && !option.secret ? noted(name, value) : name);
  return undefined;
}

/** The next word's index, or why the command cannot be read. */
type Step = number | { error: string };

function missing(name: string): { error: string } {
  return { error: `curl's ${name} needs a value.` };
}

/** A long option's entry: `--no-NAME` turns off the flag NAME. */
function lookup(name: string): { option: CurlOption; negated: boolean } | undefined {
  if (name.startsWith('expand-'))
    return {
      option: { value: true, refuse: 'write {{variables}} in place of curl variables.' },
      negated: false,
    };
  const option = optionNamed(name);
  if (option) return { option, negated: false };
  const flag = name.startsWith('no-') ? optionNamed(name.slice(3)) : undefined;
  return flag && !flag.value ? { option: flag, negated: true } : undefined;
}

/** `--name value` or `--name=value`. */
function readLong(words: Word[], i: number, s: State): Step {
  const w = words[i]!.text;
  const eq = w.indexOf('=');
  const name = eq < 0 ? w : w.slice(0, eq);
  const found = lookup(name.slice(2));
  if (!found) return { error: `Unknown curl option ${shown(name)}.` };
  if (!found.option.value) {
    if (eq >= 0) return { error: `curl's ${name} takes no value.` };
    const e = use(s, found.option, name, '', found.negated);
    return e ? { error: e } : i + 1;
  }
  if (eq < 0 && i + 1 >= words.length) return missing(name);
  const e = use(s, found.option, name, eq < 0 ? words[i + 1]!.text : w.slice(eq + 1));
  return e ? { error: e } : eq < 0 ? i + 2 : i + 1;
}

/** `-X POST`, `-XPOST`, flags together (`-sSL`), the last of them may take a value (`-sXPOST`, `-sd x`). */
function readShort(words: Word[], i: number, s: State): Step {
  const w = words[i]!.text;
  for (let j = 1; j < w.length; j++) {
    const name = `-${w[j]}`;
    const long = SHORT.get(w[j]!);
    if (long === undefined)
      return { error: `Unknown curl option ${shown(name)}${w.length > 2 ? ` in ${shown(w)}` : ''}.` };
    const option = optionNamed(long)!;
    if (!option.value) {
      const e = use(s, option, name, '');
      if (e) return { error: e };
      continue;
    }
    const attached = j + 1 < w.length;
    if (!attached && i + 1 >= words.length) return missing(name);
    const e = use(s, option, name, attached ? w.slice(j + 1) : words[i + 1]!.text);
    return e ? { error: e } : attached ? i + 1 : i + 2;
  }
  return i + 1;
}

/** Shell operators that end the command (`| jq .`, `&& echo`): the rest is listed in `ignored`. */
const OPERATORS = new Set(['|', '||', '|&', '&', '&&', ';']);

/** How many words a redirection takes (`> out.json` 2, `2>&1` 1), 0 when the word is not one. */
function redirection(w: string): number {
  let j = 0;
  while (j < w.length && w[j]! >= '0' && w[j]! <= '9') j++;
  if (w[j] !== '>' && w[j] !== '<' && !(j === 0 && w[0] === '&' && w[1] === '>')) return 0;
  while (j < w.length && '<>&|'.includes(w[j]!)) j++;
  return j < w.length ? 1 : 2;
}

function joined(words: Word[], from: number, to: number): string {
  const texts: string[] = [];
  for (let k = from; k < to && k < words.length; k++) texts.push(words[k]!.text);
  return texts.join(' ');
}

function readWord(words: Word[], i: number, s: State): Step {
  const w = words[i]!;
  if (w.plain && OPERATORS.has(w.text)) {
    s.ignored.push(joined(words, i, words.length));
    return words.length;
  }
  const taken = w.plain ? redirection(w.text) : 0;
  if (taken) {
    s.ignored.push(joined(words, i, i + taken));
    return i + taken;
  }
  if (!s.onlyUrls && w.text === '--') s.onlyUrls = true;
  else if (!s.onlyUrls && w.text.startsWith('--')) return readLong(words, i, s);
  else if (!s.onlyUrls && w.text.length > 1 && w.text.startsWith('-')) return readShort(words, i, s);
  else s.urls.push(w.text);
  return i + 1;
}

/** The pieces' readable texts joined with their separators; undefined when none is readable. */
function joinPieces(pieces: State['pieces']): string | undefined {
  let out: string | undefined;
  for (const p of pieces) {
    if (p.text === undefined) continue;
    out = out === undefined ? p.text : `${out}${p.sep}${p.text}`;
  }
  return out;
}

/** `query` appended to the URL's query (before a `#fragment`) with `?` or `&`. */
function withQuery(url: string, query: string | undefined): string {
  if (!query) return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const joiner = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${joiner}${query}${hash < 0 ? '' : url.slice(hash)}`;
}

function headersOf(s: State, sendsData: boolean): Header[] {
  const headers = [...s.headers];
  for (const [key, header] of s.implied) if (!s.written.has(key)) headers.push(header);
  if (sendsData && !s.written.has('content-type') && !s.implied.has('content-type'))
    headers.push({ name: 'Content-Type', value: 'application/x-www-form-urlencoded' });
  return headers;
}

function build(s: State): CurlCommand | { error: string } {
  if (s.urls.length > 1)
    return { error: `The curl command has more than one URL (${s.urls.map(shown).join(', ')}): write one each.` };
  if (!s.urls[0]) return { error: 'The curl command has no URL.' };
  const body: State['pieces'] = [];
  const query: State['pieces'] = [];
  for (const p of s.pieces) (p.query || s.get ? query : body).push(p);
  const sendsData = body.length > 0;
  if (s.head && (sendsData || s.upload))
    return { error: 'curl reads -I (HEAD) with data or an upload as two methods and refuses it.' };
  const method = s.method ?? (s.head ? 'HEAD' : s.upload ? 'PUT' : sendsData ? 'POST' : 'GET');
  const text = joinPieces(body);
  return {
    method,
    url: withQuery(s.urls[0], joinPieces(query)),
    headers: headersOf(s, sendsData),
    ...(text !== undefined ? { body: text } : {}),
    ignored: s.ignored,
  };
}

/** Whether a request's first line is a cURL command: `curl`, then a blank, once trimmed. */
export function isCurlCommand(firstLine: string): boolean {
  const t = firstLine.trim();
  return t.startsWith('curl') && isBlank(t[4]);
}

/**
 * The request a cURL command makes. `text`: the command's lines joined (a line ending in `\`, `^` (cmd) or "`"
 * (PowerShell) continues; other newlines outside quotes separate words, as REST Client reads them). Never throws.
 */
export function parseCurlCommand(text: string): CurlCommand | { error: string } {
  const splitter = new Splitter();
  splitter.feed(text);
  const words = splitter.finish();
  if (!Array.isArray(words)) return words;
  if (words[0]?.text !== 'curl') return { error: 'Not a curl command: the first word is not curl.' };
  const s: State = {
    urls: [],
    head: false,
    get: false,
    upload: false,
    onlyUrls: false,
    headers: [],
    written: new Set(),
    implied: new Map(),
    pieces: [],
    ignored: [],
  };
  let i = 1;
  while (i < words.length) {
    const step = readWord(words, i, s);
    if (typeof step !== 'number') return step;
    i = step;
  }
  return build(s);
}
