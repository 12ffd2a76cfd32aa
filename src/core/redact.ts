// The one redactor: every exit (the CLI's stdout and stderr, notifications, output channels, webviews, error
// details, copied text) passes its text through redact(), and src/aws redacts service messages where it maps them.
// docs/DEVELOPING.md (Logging and secrets) lists the shapes it recognises.
//
// Linear time on any input: every pattern starts only where a token starts (a lookbehind refuses the middle of a
// word), its quantified parts are single character classes that end on a character the class excludes, and each
// pattern is one pass over the text. A 1 MB line of repeated near-misses takes one pass per pattern
// (test/unit/redact.test.ts).

/** What a secret is shown as. */
export const REDACTED = '[redacted]';

/**
 * Key names whose value is a secret, matched at the end of a key (`aws_secret_access_key`, `sessionToken`,
 * `X-Amz-Security-Token`, `client_secret`, `DB_PASSWORD`, `X-Amz-Signature`, `X-Amz-Credential`…).
 */
const SECRET_KEY_END =
  'secret[-_]?access[-_]?key|secret[-_]?key|private[-_]?key|api[-_]?key|signing[-_]?key|secret|token|' +
  'passw(?:or)?d|passphrase|signature|credential';
/** Key names whose value runs to the end of the line or of the quoted string: it may hold spaces. */
const WHOLE_VALUE_KEY = '(?:proxy-)?authorization|set-cookie|cookie|credential[-_]process';
/** The placeholders a usage text puts after an option, which are not values. */
const USAGE_PLACEHOLDER = '(?:JWT|KEY|TOKEN|SECRET|PASSWORD|VALUE)(?![^\\s,;])';
/** The CLI's usage error for an option without its value (`--token needs a value (JWT)`), which holds none. */
const USAGE_ERROR = 'needs a value\\b';

/** Names ending in "token" that are not secrets: error codes and pagination cursors. */
const NOT_SECRET_TOKEN = '(?:expired|invalid|missing|next|continuation|forward|backward|pagination|page)[-_]?token';

/** A key: a word (letters, digits, _ . -) that does not continue one before it, nor a path or URL (`/`). */
const KEY_START = '(?<![\\w./-])';
/**
 * An optional closing quote of the key (`"`, `'`, or JSON-escaped `\"`, `\\\"`), the separator, an optional `[`
 * (a list of values), but not a value redacted before: redact() is idempotent. The blanks around the `[` are one run,
 * then `[` and its own run (`[ \t]*(?:\[[ \t]*)?`): two runs side by side (`[ \t]*\[?[ \t]*`) split a long run of
 * blanks every way when no value follows, quadratic (40 KB of spaces after `token:` took 8 s).
 */
const BLANKS_AND_LIST = '[ \\t]*(?:\\[[ \\t]*)?';
const SEPARATOR = `(\\\\*["']?)([ \\t]*[:=](?!${BLANKS_AND_LIST}\\[redacted)${BLANKS_AND_LIST})`;
/** A quoted value: up to its closing quote, also when that quote is escaped (`\"`, `\\\"`). */
const QUOTED_VALUE = '(\\\\*")((?:[^"\\\\\\r\\n]|\\\\+(?![\\\\"]))*)|(\\\\*\')((?:[^\'\\\\\\r\\n]|\\\\+(?![\\\\\']))*)';

const KEY_VALUE = new RegExp(
  `${KEY_START}([\\w.-]*(?:${SECRET_KEY_END}))(?<!${NOT_SECRET_TOKEN})${SEPARATOR}` +
    `(?:${QUOTED_VALUE}|([^\\s"'\\\\,;&}\\]<>]+))`,
  'gi',
);
const WHOLE_VALUE = new RegExp(
  `${KEY_START}((?:${WHOLE_VALUE_KEY}))${SEPARATOR}(?:${QUOTED_VALUE}|([^\\r\\n]+))`,
  'gi',
);
/** Node's rawHeaders and similar lists: `"authorization", "AWS4-HMAC-SHA256 …"`. */
const HEADER_LIST = new RegExp(
  `${KEY_START}((?:${WHOLE_VALUE_KEY}|x-amz-security-token))(\\\\*["']\\s*,\\s*)(\\\\*["'])((?:[^"'\\\\\\r\\n]|\\\\+(?![\\\\"']))+)`,
  'gi',
);

/**
 * A list of values under such a key, under `cookies` (payload 2.0 events) or under a secret key name (payload 1.0's
 * `multiValueHeaders` and `multiValueQueryStringParameters`: `"x-api-key": […]`, `"access_token": […]`), on one line
 * or pretty-printed over several: every quoted item (a list starts with a quote: `[redacted]` is not one). Items stop
 * at `[` too, so a text of unclosed lists is still one pass.
 */
const WHOLE_VALUE_LIST = new RegExp(
  `${KEY_START}((?:${WHOLE_VALUE_KEY}|cookies|[\\w.-]*(?:${SECRET_KEY_END})))(?<!${NOT_SECRET_TOKEN})` +
    `(\\\\*["']?[ \\t]*[:=][ \\t]*)\\[(?=\\s*["'])([^\\][]*)\\]`,
  'gi',
);

/** From a quote: the run a quoted item takes (escapes read, one line), and its closing quote when there is one. */
const QUOTED_RUN: Record<string, RegExp> = { '"': /"(?:[^"\\\r\n]|\\.)*("?)/y, "'": /'(?:[^'\\\r\n]|\\.)*('?)/y };

/**
 * How many quoted items (`"…"` or `'…'`, on one line, escapes read) a list holds, in one pass. A quote whose run
 * finds no closing quote starts no item, and neither does a quote of its kind the run passed over: that one was
 * escaped, so its own run reads the same characters from the same place. (Matching items with a pattern tried at
 * every quote took quadratic time on a run of escaped quotes, 10 s for 64,000, in any text the redactor sees.)
 */
function quotedItems(items: string): number {
  let count = 0;
  const dead: Record<string, number> = { '"': -1, "'": -1 };
  for (let i = 0; i < items.length; i++) {
    const q = items[i]!;
    const run = QUOTED_RUN[q];
    if (!run || i < dead[q]!) continue;
    run.lastIndex = i;
    const closed = run.exec(items)![1];
    if (closed) {
      count++;
      i = run.lastIndex - 1;
    } else dead[q] = run.lastIndex;
  }
  return count;
}

/** Every quoted item of a list redacted, on one line (so the whole-value pattern after it leaves it as it is). */
function valueList(_m: string, key: string, sep: string, items: string): string {
  const n = quotedItems(items);
  return `${key}${sep}[${Array.from({ length: n }, () => `"${REDACTED}"`).join(', ')}]`;
}

const NOT_SECRET_TAG = new RegExp(`^(?:[\\w-]*:)?[\\w-]*${NOT_SECRET_TOKEN}$`, 'i');

/** One key-value match: the value is replaced; quotes and separators stay, so JSON stays JSON. */
function keyValue(m: string, key: string, keyQuote: string, sep: string, ...rest: unknown[]): string {
  const [dq, dqValue, sq, sqValue, bare] = rest as Array<string | undefined>;
  if (dq !== undefined) return dqValue ? `${key}${keyQuote}${sep}${dq}${REDACTED}` : m;
  if (sq !== undefined) return sqValue ? `${key}${keyQuote}${sep}${sq}${REDACTED}` : m;
  return bare ? `${key}${keyQuote}${sep}${REDACTED}` : m;
}

const PATTERNS: Array<[RegExp, string | ((m: string, ...groups: never[]) => string)]> = [
  // A password in a URL's userinfo (http://user:password@host): the user stays, the password goes.
  [/(?<![\w+.-])([a-z][\w+.-]*:\/\/[^\s/?#@:'"\\]*:)[^\s/?#'"\\]*@/gi, '$1****@'],
  // The same without the scheme, as a label that strips it shows it (user:password@host).
  [/(?<![\w.%+:/@-])([\w.%+-]+:)[^\s/?#@:'"\\]+@(?=[\w[])/g, '$1****@'],
  // A failed exec (the SDK's credential_process error) starts with the whole command line, arguments and all.
  [/(?<![\w-])(Command failed:)[^\r\n]*/g, `$1 ${REDACTED}`],
  // Authorization, Proxy-Authorization, Cookie, Set-Cookie and credential_process: the whole value; in lists, every item.
  [WHOLE_VALUE_LIST, valueList as never],
  [WHOLE_VALUE, keyValue as never],
  [HEADER_LIST, `$1$2$3${REDACTED}`],
  // Named secrets in JSON (also escaped), INI, YAML, headers, query strings and environment dumps.
  [KEY_VALUE, keyValue as never],
  // XML answers (STS): <SecretAccessKey>…</SecretAccessKey>, <SessionToken>…</SessionToken>.
  [
    new RegExp(`<((?:[\\w-]*:)?[\\w-]*(?:${SECRET_KEY_END}))>[^<]*</`, 'gi'),
    (m: string, tag: string) => (NOT_SECRET_TAG.test(tag) ? m : `<${tag}>${REDACTED}</`),
  ],
  // Command-line options: --client-secret X, --password=X, --token X, --api-key X; not a usage text's placeholder
  // (`--token JWT`, `--token (or APIGW_TOKEN)`), nor the usage error that says the value is missing.
  [
    new RegExp(
      `(?<![\\w-])(--?[\\w-]*(?:${SECRET_KEY_END}))(=|\\s+)(?!-|\\(|${USAGE_PLACEHOLDER}|${USAGE_ERROR})([^\\s"'\\\\]+|"[^"\\r\\n]*"|'[^'\\r\\n]*')`,
      'gi',
    ),
    `$1$2${REDACTED}`,
  ],
  // Bearer tokens anywhere.
  // A token has a digit or a symbol in it; "a bearer token" in prose does not.
  [/(?<![\w-])(bearer)\s+[\w\-.~+/]*[\d\-.~+/][\w\-.~+/]*=*/gi, `$1 ${REDACTED}`],
  // JWTs (header.payload.signature, base64url).
  [/(?<![\w-])eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '[redacted-jwt]'],
  // STS session tokens by their own shape, wherever they stand (raw, URL-encoded or not).
  [/(?<![\w+/%])(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[\w+/=%]*/g, '[redacted-session-token]'],
  // A long token after x-amz-security-token, whatever stands between (`x-amz-security-token => "…"`).
  [/(?<![\w-])(x-amz-security-token[^\w+/]{1,12})[\w+/]{16,}=*/gi, `$1${REDACTED}`],
  // Access key ids: long-term (AKIA), temporary (ASIA) and the other IAM unique-id prefixes.
  [
    /(?<![A-Za-z0-9])(AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}(?![A-Za-z0-9])/g,
    '$1****************',
  ],
];

/** The shortest value held as a known secret: shorter ones ("1", "true", a region) are everywhere. */
const MIN_KNOWN_SECRET = 8;
/**
 * Values known to be secret, with how many holders hold each (HeldSecrets). One map per process, kept on globalThis:
 * the lazy bundles (dist/local.js holds the local API) each carry their own copy of this module, and what the local
 * engine holds must reach the redact() of the CLI's writer and the editor's exits.
 */
const KNOWN_SECRETS = Symbol.for('apigw-workbench.redact.knownSecrets');
interface KnownSecrets {
  /** Each value with how many holders hold it. */
  counts: Map<string, number>;
  /** The values, longest first, sorted again only after a hold or release changed them. */
  longestFirst: string[] | undefined;
}
const known: KnownSecrets = ((globalThis as { [KNOWN_SECRETS]?: KnownSecrets })[KNOWN_SECRETS] ??= {
  counts: new Map<string, number>(),
  longestFirst: undefined,
});
const knownSecrets = known.counts;
const SECRET_NAME = new RegExp(`(?:${SECRET_KEY_END}|${WHOLE_VALUE_KEY})$`, 'i');
const NOT_SECRET_NAME = new RegExp(`${NOT_SECRET_TOKEN}$`, 'i');

/** Whether a variable or key named `name` holds a secret, as redact() reads key names (`DB_PASSWORD`, `API_TOKEN`). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/**
 * Values the workbench knows to be secret while it holds them — a local run's handler environment values named like
 * secrets (its env files', the mapping's, the AWS keys it passes on), its `iam.credentials` secret keys and the key
 * pair it made —: redact() replaces them wherever they appear, with no key name beside them (a handler that logs
 * `process.env.DB_PASSWORD`), until release().
 */
export class HeldSecrets {
  private readonly held = new Set<string>();

  /**
   * Holds each value long enough to be told apart from ordinary text; a value over several lines (a PEM key) also
   * line by line, since log lines reach the exits one at a time.
   */
  add(values: Iterable<string | undefined>): void {
    for (const v of values) {
      if (v === undefined) continue;
      for (const part of v.includes('\n') ? [v, ...v.split(/\r?\n/).map((l) => l.trim())] : [v]) this.hold(part);
    }
  }

  private hold(v: string): void {
    if (v.length < MIN_KNOWN_SECRET || this.held.has(v) || REDACTED.includes(v)) return;
    this.held.add(v);
    knownSecrets.set(v, (knownSecrets.get(v) ?? 0) + 1);
    known.longestFirst = undefined;
  }

  /** Holds the values of an environment's variables named like secrets (isSecretName). */
  addNamed(env: Record<string, string | undefined>): void {
    this.add(Object.entries(env).flatMap(([k, v]) => (isSecretName(k) ? [v] : [])));
  }

  release(): void {
    for (const v of this.held) {
      const n = (knownSecrets.get(v) ?? 1) - 1;
      if (n > 0) knownSecrets.set(v, n);
      else knownSecrets.delete(v);
    }
    this.held.clear();
    known.longestFirst = undefined;
  }
}

/** The known secrets replaced, longest first (one that holds another goes whole); one scan of the text each. */
function redactKnown(text: string): string {
  if (knownSecrets.size === 0) return text;
  let out = text;
  known.longestFirst ??= [...knownSecrets.keys()].sort((a, b) => b.length - a.length);
  for (const v of known.longestFirst) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/** The text with every secret shape it recognises replaced; idempotent (redact(redact(x)) === redact(x)). */
export function redact(text: string): string {
  let out = redactKnown(text);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement as string);
  return out;
}

/** A URL for messages and logs: the password in its userinfo shown as ****, the rest as it is. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][\w+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#]*@/i, '$1****@');
}

// C0 controls but tab and newline (CR included: "passed\rFAILED" would overwrite the line), DEL, and the C1 controls
// (8-bit CSI, OSC, DCS…): every way into an escape sequence.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Unicode bidi embeddings, overrides, isolates and marks: they reorder what the terminal shows (Trojan Source). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: redacted, CRLF as a newline, and every control character that could start an escape sequence
 * (colours, OSC 8 links, title changes, cursor moves) shown as `\xNN` and every bidi control as `\u{NNNN}`, so text
 * from a spec, a service or a log line can neither drive the terminal nor disguise what it shows. Every CLI write
 * passes through this.
 */
export function forTerminal(text: string): string {
  return redact(text)
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(BIDI, (c) => `\\u{${c.charCodeAt(0).toString(16).padStart(4, '0')}}`);
}
