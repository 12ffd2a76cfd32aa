// A parsed `.http` request made concrete: `{{variables}}` replaced (file variables, which may reference each other,
// the chosen environment's (./environments.ts), the caller's overrides such as the chosen target's baseUrl and the
// answers to `# @prompt` lines, and a few system variables both clients know), the
// body read from its file when it is `< path`. What has no value is reported, not guessed: the call engine fills
// the route's secret variables from its providers and refuses the rest.
import { WorkbenchError } from '../errors';
import { dateVariable } from './dates';
import { NO_ENVIRONMENT, type RequestEnvironment } from './environments';
import { fileVariables, type BodyFile, type HttpFile, type HttpRequest } from './httpFile';
import { referenceValue, type Exchange } from './references';
import type { CallRequest } from './types';

export interface ResolveOptions {
  /** Values that win over the file's (`baseUrl` of the target picked in the editor, `# @prompt` answers). */
  variables?: Record<string, string>;
  /** The chosen environment's variables, each source under or over the file's as its client has them. */
  environment?: RequestEnvironment;
  /** Reads a `< path` body (relative to the `.http` file); absent: file bodies are refused. */
  readFile?: (path: string) => Uint8Array;
  now?: () => number;
  random?: () => number;
  /** The named requests sent so far, which `{{name.response.body.$.x}}` reads (references.ts). */
  exchanges?: ReadonlyMap<string, Exchange>;
}

export interface ResolvedRequest {
  /** With `{{name}}` left in place where `unresolved` says. */
  request: CallRequest;
  /** Variables without a value, in order of appearance. */
  unresolved: string[];
}

const MAX_DEPTH = 10;
/**
 * Characters the variables of one request may put in it: API Gateway takes at most 10 MB of payload
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html). Depth alone does not bound
 * it: ten variables that each use the one before ten times make 10 GB of a 500-byte file.
 */
export const MAX_EXPANDED_CHARS = 10 * 1024 * 1024;

/** Line terminators, which end a variable's name as they end REST Client's `/\{{2}(.+?)\}{2}/`'s `.`. */
const LINE_BREAKS: ReadonlySet<number> = new Set([0x0a, 0x0d, 0x2028, 0x2029]);

/**
 * The index of the `}}` that closes a variable whose name starts at `at`; -1 when another brace or a line break comes
 * first (a `{{` whose `}}` is on a later line is text, sent as written, as REST Client sends it).
 */
function closingBraces(text: string, at: number): number {
  for (let j = at; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x7b || LINE_BREAKS.has(c)) return -1;
    if (c === 0x7d) return text.charCodeAt(j + 1) === 0x7d ? j : -1;
  }
  return -1;
}

/**
 * Calls `fn(start, end, name)` for each `{{ name }}` of `text`: the name trimmed, no braces in it; `start` the index
 * of its `{{`, `end` that of its `}}`. One pass over the text: the pattern this replaces, `\{\{\s*([^{}]+?)\s*\}\}`,
 * took cubic time on `{{` and a run of blanks (3 s for 2,000), which a request file can hold.
 */
export function forEachVariable(text: string, fn: (start: number, end: number, name: string) => void): void {
  let i = text.indexOf('{{');
  while (i >= 0) {
    const end = closingBraces(text, i + 2);
    const name = end < 0 ? '' : text.slice(i + 2, end).trim();
    if (!name) {
      i = text.indexOf('{{', i + 1);
      continue;
    }
    fn(i, end, name);
    i = text.indexOf('{{', end + 2);
  }
}

/** Puts `fn(whole, name)` in place of each `{{ name }}` of `text` (as forEachVariable finds them). */
export function replaceVariables(text: string, fn: (whole: string, name: string) => string): string {
  let out = '';
  let copied = 0;
  forEachVariable(text, (start, end, name) => {
    out += text.slice(copied, start) + fn(text.slice(start, end + 2), name);
    copied = end + 2;
  });
  return out + text.slice(copied);
}

/** The `{{variables}}` a text names, in order. */
export function variableNames(text: string): string[] {
  const names: string[] = [];
  forEachVariable(text, (_start, _end, name) => names.push(name));
  return names;
}

/**
 * REST Client's system variables the workbench does not fill, and why: said by the editor's problems as the file is
 * written and by Send's refusal, rather than "no value".
 */
const UNREAD_SYSTEM: Record<string, string> = {
  $processEnv:
    '$processEnv is not read: a request file could send your environment (keys, tokens) in a request. Define a file variable (@name = value), or an environment variable in http-client.private.env.json.',
  $dotenv:
    '$dotenv is not read: a request file could send a .env file’s secrets in a request. Define a file variable (@name = value), or an environment variable in http-client.private.env.json.',
  $aadToken:
    '$aadToken (an Azure AD sign-in) is not supported: API Gateway routes take a JWT from their own authorizer. Write Authorization: Bearer {{token}} with the variable defined nowhere, and Send asks for the token of the route’s authorizer.',
  $aadV2Token:
    '$aadV2Token (a Microsoft identity platform sign-in) is not supported: API Gateway routes take a JWT from their own authorizer. Write Authorization: Bearer {{token}} with the variable defined nowhere, and Send asks for the token of the route’s authorizer.',
  $oidcAccessToken:
    '$oidcAccessToken (an OpenID Connect sign-in) is not supported: Send does not sign in. Write Authorization: Bearer {{token}} with the variable defined nowhere, and Send asks for the token of the route’s authorizer.',
};

/** Why a REST Client system variable (`$processEnv HOME`, `$aadToken new`) has no value here, or undefined. */
export function unreadSystemVariable(expr: string): string | undefined {
  const name = expr.trim().split(/\s+/)[0]!;
  return Object.hasOwn(UNREAD_SYSTEM, name) ? UNREAD_SYSTEM[name] : undefined;
}

/** System variables that need neither files nor the environment (`$processEnv` and `$dotenv` are not read). */
function systemVariable(expr: string, o: ResolveOptions): string | undefined {
  const [name, ...args] = expr.split(/\s+/);
  const now = o.now?.() ?? Date.now();
  const random = o.random ?? Math.random;
  switch (name) {
    case '$guid':
    case '$uuid':
    case '$random.uuid':
      return uuid(random);
    case '$timestamp':
    case '$datetime':
    case '$localDatetime':
      return dateVariable(expr, now);
    case '$isoTimestamp':
      return new Date(now).toISOString();
    case '$randomInt':
      return randomInt(args, random);
    default:
      return undefined;
  }
}

/**
 * REST Client's `$randomInt MIN MAX`: an integer from MIN up to MAX, MAX excluded (0 and 1000 when not given). Arguments
 * that are not integers, or a range with no integer in it, give no value: the variable is reported, never `NaN` sent.
 */
function randomInt(args: string[], random: () => number): string | undefined {
  const [min, max] = [args[0] ?? '0', args[1] ?? '1000'].map(Number) as [number, number];
  if (args.length > 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) return undefined;
  return String(min + Math.floor(random() * (max - min)));
}

function uuid(random: () => number): string {
  const hex = [...Array(32)].map(() => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

class Substitution {
  readonly unresolved: string[] = [];
  /** Characters substituted so far, at every level. */
  private expanded = 0;
  /**
   * Each variable's value once replaced, for the rest of the request: `@id = {{$guid}}` used in the URL and the body
   * is the same UUID in both, as REST Client keeps a request's resolved variables.
   */
  private readonly done = new Map<string, string>();
  constructor(
    private readonly vars: Map<string, string>,
    private readonly o: ResolveOptions,
  ) {}

  text(text: string, depth = 0, stack: string[] = []): string {
    return replaceVariables(text, (whole, expr) => {
      // `{{%name}}`: the variable's value percent-encoded (REST Client).
      if (expr.startsWith('%')) {
        const inner = `{{${expr.slice(1).trim()}}}`;
        const value = this.text(inner, depth, stack);
        return value === inner ? whole : encodeURIComponent(value);
      }
      if (expr.startsWith('$')) {
        const v = systemVariable(expr, this.o);
        if (v !== undefined) return v;
        this.miss(expr);
        return whole;
      }
      const value = this.vars.get(expr);
      // A request variable's value is taken as it is: a response is not searched for `{{…}}` in turn.
      const reference = value === undefined ? this.reference(expr) : undefined;
      if (reference !== undefined) return this.counted(stack[0] ?? expr, reference);
      if (value === undefined || stack.includes(expr) || depth >= MAX_DEPTH) {
        this.miss(expr);
        return whole;
      }
      let resolved = this.done.get(expr);
      if (resolved === undefined) {
        resolved = this.text(value, depth + 1, [...stack, expr]);
        this.done.set(expr, resolved);
      }
      return this.counted(stack[0] ?? expr, resolved);
    });
  }

  private reference(expr: string): string | undefined {
    return this.o.exchanges && referenceValue(expr, this.o.exchanges);
  }

  /** `value`, counted; `name` is the variable the request itself uses, which the message names. */
  private counted(name: string, value: string): string {
    this.expanded += value.length;
    if (this.expanded > MAX_EXPANDED_CHARS)
      throw new WorkbenchError(
        'InputLimit',
        `The variables of this request expand to more than ${MAX_EXPANDED_CHARS / 1024 / 1024} MB (at {{${name}}}): more than API Gateway takes in a request.`,
        {
          hint: 'A variable that uses another several times, many levels deep, doubles at each level: write the value out.',
        },
      );
    return value;
  }

  private miss(name: string): void {
    if (!this.unresolved.includes(name)) this.unresolved.push(name);
  }
}

/** A content type's essence (`multipart/form-data; boundary=x` → `multipart/form-data`), in lower case. */
function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The body as REST Client sends it (its HttpRequestParser), the content type read after its variables are replaced:
 * lines joined with `\n`, or CRLF in a multipart body (which also ends with CRLF when it holds files); a `< path`
 * line is that file in place; an `application/x-www-form-urlencoded` body's `&` lines continue the line before and
 * the whole is percent-encoded where it must be; `application/x-ndjson` ends with a line break.
 */
function body(req: HttpRequest, contentType: string | undefined, sub: Substitution, o: ResolveOptions) {
  const b = req.body;
  if (!b) return undefined;
  const type = essence(contentType);
  const multipart = type.startsWith('multipart/');
  const eol = multipart ? '\r\n' : '\n';
  if (b.kind === 'text') {
    if (type === 'application/x-www-form-urlencoded') return formBody(sub.text(b.text));
    const text = sub.text(multipart ? b.text.split('\n').join(eol) : b.text);
    return type === 'application/x-ndjson' ? `${text}\n` : text;
  }
  const parts = b.kind === 'file' ? [b] : b.parts;
  const chunks = parts.map((p) =>
    typeof p === 'string' ? sub.text(multipart ? p.split('\n').join(eol) : p) : fileContent(p, sub, o),
  );
  if (multipart) chunks.push('');
  if (chunks.length === 1 && typeof chunks[0] !== 'string') return chunks[0];
  if (chunks.every((c) => typeof c === 'string')) return chunks.join(eol);
  const bytes = chunks.map((c) => Buffer.from(c));
  const end = Buffer.from(eol);
  return new Uint8Array(Buffer.concat(bytes.flatMap((c, i) => (i ? [end, c] : [c]))));
}

/**
 * REST Client's form body: a line that starts with `&` continues the line before, other lines keep their line break,
 * then what a URL may not hold is percent-encoded (its `automatic` formParamEncodingStrategy: `%41` stays).
 */
function formBody(text: string): string {
  const lines = text.split('\n');
  let joined = lines[0]!;
  for (const line of lines.slice(1)) joined += line.startsWith('&') ? line : `\n${line}`;
  return encodeUrl(joined);
}

function fileContent(f: BodyFile, sub: Substitution, o: ResolveOptions): string | Uint8Array {
  if (!o.readFile)
    throw new WorkbenchError('Unsupported', `This request's body is the file ${f.path}, which cannot be read here.`);
  const encoding = f.encoding ?? 'utf8';
  if (!Buffer.isEncoding(encoding))
    throw new WorkbenchError('InvalidArgument', `<@${encoding} ${f.path}: ${encoding} is not an encoding.`, {
      hint: 'Name one Node.js reads (utf8, latin1, ascii, utf16le, base64, hex), or none for UTF-8.',
    });
  const bytes = o.readFile(sub.text(f.path));
  return f.substitute ? sub.text(Buffer.from(bytes).toString(encoding)) : bytes;
}

// What encodeurl 1.0.2 (REST Client's) percent-encodes: a character a URL may not hold as it is, and a `%` that
// starts no escape; a valid `%41`, the reserved characters, `[` and `]` stay.
const URL_UNSAFE =
  /(?:[^\x21\x25\x26-\x3B\x3D\x3F-\x5B\x5D\x5F\x61-\x7A\x7E]|%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|$))+/g;
/** A surrogate without its pair, which encodeURI refuses (REST Client's encodeurl misses a run of them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function encodeRun(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(URL_UNSAFE, (run) => encodeURI(run));
}

/**
 * A URL (or form body) percent-encoded as REST Client sends it: spaces, quotes, braces, `|`, non-ASCII letters and a
 * lone `%` encoded, what is already encoded left alone. A `{{variable}}` still to be filled (a route's token) is kept
 * as it is, for fillRequest() to find.
 */
export function encodeUrl(url: string): string {
  let out = '';
  let copied = 0;
  forEachVariable(url, (start, end) => {
    out += encodeRun(url.slice(copied, start)) + url.slice(start, end + 2);
    copied = end + 2;
  });
  return out + encodeRun(url.slice(copied));
}

/** The files a request's body reads (`< path` lines), as written: what the caller reads before resolving it. */
export function bodyFiles(req: HttpRequest): string[] {
  const b = req.body;
  if (b?.kind === 'file') return [b.path];
  if (b?.kind === 'parts') return b.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.path]));
  return [];
}

/**
 * Every variable a request of the file reads, later ones winning: REST Client's environment, the file's own
 * `@name = value` lines, JetBrains' environment, then the caller's.
 */
export function requestVariables(
  file: HttpFile,
  environment: RequestEnvironment = NO_ENVIRONMENT,
  variables: Record<string, string> = {},
): Map<string, string> {
  const vars = new Map([...environment.under, ...fileVariables(file), ...environment.over]);
  for (const [k, v] of Object.entries(variables)) vars.set(k, v);
  return vars;
}

/** The request with its variables replaced; what is left is listed in `unresolved`. */
export function resolveRequest(file: HttpFile, req: HttpRequest, o: ResolveOptions = {}): ResolvedRequest {
  const vars = requestVariables(file, o.environment, o.variables);
  const sub = new Substitution(vars, o);
  const asWritten = encodeUrl(sub.text(req.url));
  // A written Content-Length is left out, as REST Client leaves it out: the length is the body's as sent (a length
  // pasted from a browser's request, or the body's before its variables, would cut it or hold the call).
  const headers = req.headers
    .filter((h) => h.name.toLowerCase() !== 'content-length')
    .map((h): [string, string] => basicCredentials(refuseClientCredentials([h.name, sub.text(h.value)])));
  const url = withHost(asWritten, headers);
  const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const { headers: sent, body: b } = graphQl(headers, body(req, contentType, sub, o));
  return {
    request: { method: req.method, url, headers: sent, ...(b !== undefined ? { body: b } : {}) },
    unresolved: sub.unresolved,
  };
}

/**
 * A request line with a path only (`GET /comments/1`) goes to its `Host` header's host, as REST Client sends it:
 * HTTPS when that host names port 443 or 8443, else HTTP.
 */
function withHost(url: string, headers: ReadonlyArray<readonly [string, string]>): string {
  if (!url.startsWith('/')) return url;
  const host = headers.find(([k]) => k.toLowerCase() === 'host')?.[1].trim();
  if (!host) return url;
  const port = /:(\d+)$/.exec(host)?.[1];
  return `${port === '443' || port === '8443' ? 'https' : 'http'}://${host}${url}`;
}

/** A request's URL with its variables replaced (and its `Host` header's host when it names a path only). */
export function requestUrl(file: HttpFile, req: HttpRequest, environment?: RequestEnvironment): string {
  const sub = new Substitution(requestVariables(file, environment), {});
  return withHost(
    sub.text(req.url),
    req.headers.map((h) => [h.name, sub.text(h.value)] as const),
  );
}

/**
 * `Authorization: Basic user:password` (or `user password`) as REST Client takes it: the credentials base64-encoded
 * on the way out. An encoded value has neither a colon nor a space, and one still holding `{{…}}` is left for later.
 */
function basicCredentials([name, value]: [string, string]): [string, string] {
  const m = /^Basic\s+(\S.*)$/i.exec(value.trim());
  if (name.toLowerCase() !== 'authorization' || !m || !/[:\s]/.test(m[1]!) || m[1]!.includes('{{'))
    return [name, value];
  const credentials = m[1]!.includes(':') ? m[1]! : m[1]!.replace(/\s+/, ':');
  return [name, `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`];
}

/**
 * REST Client's `Authorization` schemes that it computes from credentials written in the header
 * (https://github.com/Huachao/vscode-restclient#aws-signature-v4): `AWS <accessId> <accessKey> [token:…] [region:…]`,
 * `COGNITO <user> <password> …` and `Digest <user> <password>`. The workbench does not compute them, and sent as
 * written they would hand the secret key or password to the API and its logs: the request is refused, its value never
 * quoted. A header already computed (`AWS4-HMAC-SHA256 …`, `Digest username="…", …`) is sent as written.
 */
function refuseClientCredentials(header: [string, string]): [string, string] {
  const refusal = clientCredentialsRefusal(header[0], header[1]);
  if (refusal) throw new WorkbenchError('InvalidArgument', refusal.message, { hint: refusal.hint });
  return header;
}

/** Why Send refuses a header of REST Client's credential forms (above), and what to write instead; else undefined. */
export function clientCredentialsRefusal(name: string, value: string): { message: string; hint: string } | undefined {
  const scheme = /^(AWS|COGNITO|Digest)\s+[^\s=]+\s+[^\s=]/i.exec(value.trim())?.[1]?.toUpperCase();
  if (name.toLowerCase() !== 'authorization' || !scheme) return undefined;
  const fix = CLIENT_CREDENTIALS[scheme]!;
  return {
    message: `This request's Authorization header holds ${fix.what} for REST Client to compute ${fix.scheme} from; the workbench does not, and will not send them as written.`,
    hint: fix.hint,
  };
}

const CLIENT_CREDENTIALS: Record<string, { what: string; scheme: string; hint: string }> = {
  AWS: {
    what: 'an AWS access key and its secret',
    scheme: 'a SigV4 signature',
    hint: "Remove the header: the workbench signs AWS_IAM routes itself with the connection's credentials (a profile, SSO, a role).",
  },
  COGNITO: {
    what: 'a Cognito user name and password',
    scheme: 'a Cognito token',
    hint: 'Write Authorization: Bearer {{token}} with the variable defined nowhere: Send asks for the JWT of the route’s authorizer and keeps it in secret storage.',
  },
  DIGEST: {
    what: 'a user name and password',
    scheme: 'a Digest answer',
    hint: 'API Gateway has no Digest authentication: use the auth the route declares (a JWT, a Lambda authorizer, AWS_IAM).',
  },
};

/**
 * REST Client's GraphQL request (`X-Request-Type: GraphQL`): the body is the query, then after a blank line its
 * variables as JSON; it is sent as `{"query", "operationName", "variables"}` JSON, without that header.
 */
function graphQl(
  headers: Array<[string, string]>,
  b: string | Uint8Array | undefined,
): { headers: Array<[string, string]>; body: string | Uint8Array | undefined } {
  const marked = headers.some(([k, v]) => k.toLowerCase() === 'x-request-type' && v.trim().toLowerCase() === 'graphql');
  if (!marked || typeof b !== 'string') return { headers, body: b };
  const split = /\n\s*\n/.exec(b);
  const query = split ? b.slice(0, split.index) : b;
  const vars = split ? b.slice(split.index + split[0].length).trim() : '';
  let variables: unknown;
  try {
    variables = vars ? JSON.parse(vars) : undefined;
  } catch {
    throw new WorkbenchError('InvalidArgument', 'The GraphQL variables after the query are not JSON.', {
      hint: 'Write the query, a blank line, then the variables as one JSON object.',
    });
  }
  // Blanks before the keyword within its line only: `^\s*` from every line start took quadratic time on line separators.
  const operationName = /^[^\S\r\n\u2028\u2029]*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/m.exec(query)?.[1];
  const kept = headers.filter(([k]) => k.toLowerCase() !== 'x-request-type');
  if (!kept.some(([k]) => k.toLowerCase() === 'content-type')) kept.push(['Content-Type', 'application/json']);
  const json = {
    query,
    ...(operationName ? { operationName } : {}),
    ...(variables !== undefined ? { variables } : {}),
  };
  return { headers: kept, body: JSON.stringify(json) };
}

/** A text of the file (an `@baseUrl` value, a request's URL) with its variables replaced, nested ones too. */
export function resolveFileText(file: HttpFile, text: string, environment?: RequestEnvironment): string {
  return new Substitution(requestVariables(file, environment), {}).text(text);
}

/** Replaces `{{name}}` in one text with `values` (secrets from providers: a second pass, never re-substituted). */
export function fillVariables(text: string, values: ReadonlyMap<string, string>): string {
  return replaceVariables(text, (whole, expr) => values.get(expr) ?? whole);
}

/** `fillVariables` over a request's URL (values percent-encoded there), headers and text body. */
export function fillRequest(req: CallRequest, values: ReadonlyMap<string, string>): CallRequest {
  if (values.size === 0) return req;
  const encoded = new Map([...values].map(([k, v]) => [k, encodeURIComponent(v)]));
  return {
    ...req,
    url: fillVariables(req.url, encoded),
    headers: req.headers.map(([k, v]) => [k, fillVariables(v, values)]),
    ...(typeof req.body === 'string' ? { body: fillVariables(req.body, values) } : {}),
  };
}
