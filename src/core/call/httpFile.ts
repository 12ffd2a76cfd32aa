// The `.http` request file format that VS Code's REST Client and JetBrains' HTTP Client both read (docs/CALL.md):
// requests separated by `###` lines, `# comments` and `// comments`, file variables `@name = value`, `# @name` request
// names, a request line `METHOD URL [HTTP/x]` with `?`/`&` continuation lines, headers, a blank line, then a body
// (text, or `< path` / `<@ path` for a file). The parser keeps every line's position (CodeLens, edits) and never
// fails: a block it cannot read as a request is reported, not thrown. Linear in the text; at most MAX_HTTP_FILE_BYTES.
import { WorkbenchError } from '../errors';
import { isCurlCommand, parseCurlCommand } from './curl';

/** The largest `.http` file read (a request file is written by hand; far larger is a mistake). */
export const MAX_HTTP_FILE_BYTES = 2 * 1024 * 1024;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'] as const;

/** A 0-based line number into the file's lines. */
export type Line = number;

export interface HttpVariable {
  name: string;
  value: string;
  line: Line;
}

export interface HttpHeader {
  name: string;
  value: string;
  line: Line;
}

/**
 * A body line `< path` (the file's bytes as they are) or `<@ path` (its text with variables replaced; `<@latin1 path`
 * names the text's encoding, UTF-8 by default), relative to the `.http` file.
 */
export interface BodyFile {
  path: string;
  substitute: boolean;
  /** `<@ENCODING path`: a Node.js encoding name as written (checked when the file is read). */
  encoding?: string;
}

export type HttpBody =
  | { kind: 'text'; text: string; startLine: Line }
  /** A body that is one `< path` line. */
  | ({ kind: 'file'; startLine: Line } & BodyFile)
  /**
   * A body whose lines mix text and `< path` files, as REST Client reads any body (a multipart one, most often):
   * text runs and files in order, one line each; resolve.ts joins them with the body's line ending.
   */
  | { kind: 'parts'; parts: Array<string | BodyFile>; startLine: Line };

/** The workbench's marker comment in a generated request (`# apigw: GET /orders/{id} [1a2b3c4d]`). */
export interface RouteMarker {
  routeKey: string;
  /** The fingerprint of the request as generated; absent on `(removed from the spec)` and `(skip)` markers. */
  hash?: string;
  state: 'generated' | 'removed' | 'skip';
  line: Line;
}

export interface HttpRequest {
  /** `# @name NAME` (or `// @name`), else the title of the `###` line. */
  name?: string;
  method: string;
  /** The URL as written (continuation lines joined), variables not yet substituted. */
  url: string;
  headers: HttpHeader[];
  body?: HttpBody;
  /** WebSocket messages of a JetBrains `WEBSOCKET` request (between `===` lines). */
  messages?: string[];
  /**
   * `# @key value` lines other than `@name` and `@prompt` (`@note`, `@no-redirect`, `@timeout 5`…), keys in lower
   * case as REST Client reads them; KNOWN_TAGS says which the workbench applies.
   */
  tags: Record<string, string>;
  /** REST Client's `# @prompt name [description]` lines: values asked for when the request is sent. */
  prompts: PromptVariable[];
  marker?: RouteMarker;
  /** The line of `METHOD URL`: where the Send CodeLens goes. */
  requestLine: Line;
  /** What sending it leaves out (a cURL command's options that do not apply), to say so. */
  notes?: string[];
  block: HttpBlock;
}

export interface PromptVariable {
  name: string;
  description?: string;
  line: Line;
}

/** The lines of one `###` block; the first block (before any separator) has `separator: false`. */
export interface HttpBlock {
  startLine: Line;
  /** Exclusive. */
  endLine: Line;
  separator: boolean;
  /** The text after the run of `#` (`### title`, `#### title`), trimmed. */
  title: string;
  /** The workbench's marker, when a comment of the block carries one (also in blocks without a request). */
  marker?: RouteMarker;
}

export interface HttpFile {
  lines: string[];
  variables: HttpVariable[];
  requests: HttpRequest[];
  blocks: HttpBlock[];
  /** Blocks with text that is neither a request nor comments and variables, as `line: why`. */
  problems: Array<{ line: Line; message: string }>;
}

// REST Client's delimiter (its Selector: /^#{3,}/): three or more `#` at the start of a line, `####` and `### title`
// alike; the title is what follows the run of `#`.
const SEPARATOR = /^#{3,}(.*)$/;
const COMMENT = /^\s*(#|\/\/)(.*)$/;
/** A `# @name` that later requests can read (`{{login.response.body.$.token}}`). */
export const REQUEST_NAME = /^[\w-]+$/;
/** A request file's name: `.http`, or `.rest` as REST Client also reads. */
export const REQUEST_FILE = /\.(?:http|rest)$/i;
/** A JetBrains response handler or response reference, which ends a request's body (`> {% … %}`, `<> file`). */
export const HANDLER_LINE = /^(>\s|>>|<>)/;
// `@name = value`: a name without blanks or `=`, the value without the blanks around it, as REST Client reads it
// (its FileVariableDefinitionRegex, /^\s*@([^\s=]+)\s*=\s*(.*?)\s*$/, trimmed in a step rather than by a lazy part).
const VARIABLE = /^\s*@([^\s=]+)\s*=(.*)$/;
const TAG = /^@([\w-]+)(?:\s+(.*))?$/;

/**
 * The setting a comment line holds (`# @note`, `// @timeout 5`): its name in lower case, or undefined (also for a
 * definition commented out, `# @baseUrl = …`).
 */
export function commentTag(line: string): string | undefined {
  const comment = COMMENT.exec(line);
  const tag = comment ? TAG.exec(comment[2]!.trim()) : null;
  return tag && !tag[2]?.startsWith('=') ? tag[1]!.toLowerCase() : undefined;
}
/**
 * The methods REST Client reads on a request line (its HttpRequestParser), in any case: `get /x` is a GET. A line
 * that starts with none of them is a URL, sent as a GET.
 */
export const REQUEST_METHODS = [
  ...HTTP_METHODS,
  'LOCK',
  'UNLOCK',
  'PROPFIND',
  'PROPPATCH',
  'COPY',
  'MOVE',
  'MKCOL',
  'MKCALENDAR',
  'ACL',
  'SEARCH',
] as const;
// Request lines and markers are split in steps rather than by one pattern with a lazy part before `\s+`: that one
// backtracks over every run of spaces from every place it starts, seconds on one long line of a request file.
const REQUEST_START = new RegExp(`^(${REQUEST_METHODS.join('|')}|WEBSOCKET)\\s+`, 'i');
const HTTP_VERSION = /\sHTTP\/[\d.]+$/i;
/** A request line without a method: a URL (`https://…`, `{{baseUrl}}/…`) or a path for the `Host` header's host. */
const URL_ONLY = /^(https?|wss?):\/\/\S+$|^\{\{[^}]+\}\}\S*$|^\/\S*$/i;
const CONTINUATION = /^\s*[?&]/;
const MARKER_START = /^apigw:\s/;
const MARKER_END = /\s(?:\[([0-9a-f]{8})\]|\((removed from the spec|skip)\))$/;

const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s?(.*)$/;

/** `Name: value` (a token, a colon, the value after at most one space), as a request file and `apigw call -H` take it. */
export function splitHeader(line: string): { name: string; value: string } | undefined {
  const m = HEADER.exec(line);
  return m ? { name: m[1]!, value: m[2]! } : undefined;
}

/** A `#` or `//` comment line (tags and markers are comments too). */
export function isCommentLine(line: string): boolean {
  return COMMENT.test(line);
}

/** Splits text into lines the way editors count them (`\r\n`, `\n` or `\r`). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

export function parseHttpFile(text: string): HttpFile {
  if (text.length > MAX_HTTP_FILE_BYTES)
    throw new WorkbenchError(
      'InputLimit',
      `This request file is ${Math.round(text.length / 1024)} KB; request files are read up to ${MAX_HTTP_FILE_BYTES / 1024 / 1024} MB.`,
      { hint: 'Split it into several .http files.' },
    );
  // A byte order mark is no part of the first line (VS Code leaves it out of a document's text; a file read as it is
  // keeps it, and `\uFEFF###` would be no separator).
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const file: HttpFile = { lines, variables: [], requests: [], blocks: [], problems: [] };
  for (const block of splitBlocks(lines)) {
    file.blocks.push(block);
    const req = parseBlock(lines, block, file);
    if (req) file.requests.push(req);
  }
  return file;
}

function splitBlocks(lines: string[]): HttpBlock[] {
  const blocks: HttpBlock[] = [];
  let start = 0;
  let separator = false;
  let title = '';
  for (let i = 0; i < lines.length; i++) {
    const m = SEPARATOR.exec(lines[i]!);
    if (!m) continue;
    if (i > start || separator) blocks.push({ startLine: start, endLine: i, separator, title });
    start = i;
    separator = true;
    title = m[1]!.trim();
  }
  blocks.push({ startLine: start, endLine: lines.length, separator, title });
  return blocks;
}

interface Head {
  name?: string;
  tags: Record<string, string>;
  /** By name: a later line for the same name replaces the earlier one (a map keeps that linear). */
  prompts: Map<string, PromptVariable>;
  marker?: RouteMarker;
}

/** Reads the comments and variables before a request line; returns the request line's index, or -1. */
function readHead(lines: string[], block: HttpBlock, file: HttpFile, head: Head): number {
  for (let i = block.startLine + (block.separator ? 1 : 0); i < block.endLine; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      readComment(comment[2]!.trim(), i, head);
      continue;
    }
    const v = VARIABLE.exec(line);
    if (v) {
      file.variables.push({ name: v[1]!, value: unescapeValue(v[2]!.trim()), line: i });
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * A file variable's value as REST Client takes it: a backslash escapes the character after it, `\n`, `\r` and `\t`
 * being a line break, a carriage return and a tab (`\\` is one backslash, `\{` a brace).
 */
export function unescapeValue(written: string): string {
  if (!written.includes('\\')) return written;
  let out = '';
  for (let i = 0; i < written.length; i++) {
    const c = written[i]!;
    if (c !== '\\' || i === written.length - 1) {
      out += c;
      continue;
    }
    const next = written[++i]!;
    out += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
  }
  return out;
}

/**
 * The `# @key` request settings the workbench reads, REST Client's: `@name`, `@prompt`, `@note` (Send asks before it
 * sends the request), `@no-redirect` and `@no-cookie-jar` (what Send always does). Others are kept as tags and marked
 * by problems.ts: Send does not apply them.
 */
export const KNOWN_TAGS: ReadonlySet<string> = new Set(['name', 'prompt', 'note', 'no-redirect', 'no-cookie-jar']);

function readComment(text: string, line: Line, head: Head): void {
  const tag = TAG.exec(text);
  if (tag) {
    // REST Client reads a setting's name in any case (`# @Name login`, `# @NOTE`).
    const key = tag[1]!.toLowerCase();
    if (key === 'name') head.name = (tag[2] ?? '').trim();
    else if (key === 'prompt') readPrompt((tag[2] ?? '').trim(), line, head);
    else head.tags[key] = (tag[2] ?? '').trim();
    return;
  }
  const m = markerOf(text);
  if (m && !head.marker) head.marker = { ...m, line };
}

/** `@prompt NAME [description]`. */
function readPrompt(text: string, line: Line, head: Head): void {
  const space = text.search(/\s/);
  const name = space < 0 ? text : text.slice(0, space);
  if (!name) return;
  const description = space < 0 ? '' : text.slice(space).trim();
  head.prompts.set(name, { name, ...(description ? { description } : {}), line });
}

/** `apigw: ROUTE [hash]`, `apigw: ROUTE (skip)` or `apigw: ROUTE (removed from the spec)`, in a trimmed comment. */
function markerOf(text: string): Omit<RouteMarker, 'line'> | undefined {
  if (!MARKER_START.test(text)) return undefined;
  const end = MARKER_END.exec(text);
  const routeKey = end ? text.slice('apigw:'.length, end.index).trim() : '';
  if (!end || !routeKey) return undefined;
  return {
    routeKey,
    ...(end[1] ? { hash: end[1] } : {}),
    state: end[1] ? 'generated' : end[2] === 'skip' ? 'skip' : 'removed',
  };
}

/**
 * `[METHOD] TARGET [HTTP/1.1]`, the request line and its continuation lines joined: the method in capitals (GET
 * when none is written) and the target; undefined when the line is neither a method and a target nor a URL alone.
 */
function requestLine(line: string): { method: string; target: string } | undefined {
  const text = withoutVersion(line);
  const start = REQUEST_START.exec(text);
  if (start) return { method: start[1]!.toUpperCase(), target: text.slice(start[0].length).trim() };
  return URL_ONLY.test(text) ? { method: 'GET', target: text } : undefined;
}

/** A request line without its ` HTTP/1.1` (any case). */
function withoutVersion(line: string): string {
  const version = HTTP_VERSION.exec(line);
  return version ? line.slice(0, version.index).trimEnd() : line;
}

/**
 * The `?a=1` and `&b=2` lines after the request line, indented or not (REST Client and JetBrains), comment lines
 * among them left out as REST Client leaves every comment line out: the text they add and the line after them.
 */
function continuation(lines: string[], from: Line, end: Line): { text: string; next: Line } {
  let text = '';
  let next = from;
  for (let i = from; i < end; i++) {
    if (COMMENT.test(lines[i]!)) continue;
    if (!CONTINUATION.test(lines[i]!)) break;
    text += lines[i]!.trim();
    next = i + 1;
  }
  return { text, next };
}

function parseBlock(lines: string[], block: HttpBlock, file: HttpFile): HttpRequest | undefined {
  const head: Head = { tags: {}, prompts: new Map() };
  const at = readHead(lines, block, file, head);
  // A block of comments only can still carry a marker (`(skip)`).
  if (head.marker) block.marker = head.marker;
  if (at < 0) return undefined;
  const first = lines[at]!.trim();
  if (isCurlCommand(first)) return curlRequest(lines, at, block, head, file);
  const query = continuation(lines, at + 1, block.endLine);
  // The version may end the request line or, as REST Client joins the lines before reading them, the last
  // continuation line.
  const m = requestLine(withoutVersion(first) + query.text);
  if (!m) {
    file.problems.push({ line: at, message: `not a request line: expected METHOD URL, found "${first.slice(0, 60)}"` });
    return undefined;
  }
  const { method, target: url } = m;
  let i = query.next;
  const headers: HttpHeader[] = [];
  for (; i < block.endLine && lines[i]!.trim() !== ''; i++) {
    if (COMMENT.test(lines[i]!)) continue;
    const h = splitHeader(lines[i]!.trim());
    if (h) headers.push({ name: h.name, value: h.value.trim(), line: i });
    else file.problems.push({ line: i, message: `not a header (Name: value): "${lines[i]!.trim().slice(0, 60)}"` });
  }
  const req = newRequest(head, block, at, { method, url: url.trim(), headers });
  readBody(lines, i + 1, block.endLine, req);
  return req;
}

/**
 * A cURL command pasted as a request (REST Client reads them): the rest of the block, its comment lines left out, is
 * the command; what it sends becomes the request, sent like any other.
 */
function curlRequest(lines: string[], at: Line, block: HttpBlock, head: Head, file: HttpFile): HttpRequest | undefined {
  const text = lines
    .slice(at, block.endLine)
    .filter((l) => !COMMENT.test(l))
    .join('\n');
  const c = parseCurlCommand(text);
  if ('error' in c) {
    file.problems.push({ line: at, message: `a cURL command that cannot be sent: ${c.error}` });
    return undefined;
  }
  return newRequest(head, block, at, {
    method: c.method,
    url: c.url,
    headers: c.headers.map((h) => ({ ...h, line: at })),
    ...(c.body !== undefined ? { body: { kind: 'text', text: c.body, startLine: at } } : {}),
    ...(c.ignored.length ? { notes: [`cURL options not applied: ${c.ignored.join(', ')}`] } : {}),
  });
}

/**
 * A request of the block whose head (name, tags, prompts, marker) was read, its request line at `at`. Built field by
 * field: the conditional object spreads it was written with cost 10× as much in V8 (and most of a 2 MB file's parse).
 */
function newRequest(
  head: Head,
  block: HttpBlock,
  at: Line,
  r: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body' | 'notes'>,
): HttpRequest {
  const req: HttpRequest = {
    method: r.method,
    url: r.url,
    headers: r.headers,
    tags: head.tags,
    prompts: [...head.prompts.values()],
    requestLine: at,
    block,
  };
  const name = head.name || block.title;
  if (name) req.name = name;
  if (r.body !== undefined) req.body = r.body;
  if (r.notes) req.notes = r.notes;
  if (head.marker) req.marker = head.marker;
  return req;
}

/** The body: from after the blank line to the block's end, without trailing blank lines and response handlers. */
function readBody(lines: string[], from: Line, to: Line, req: HttpRequest): void {
  let end = to;
  while (end > from && lines[end - 1]!.trim() === '') end--;
  // JetBrains response handlers and response references at the end of a request (`> {% … %}`, `<> file`).
  let handler = end;
  for (let i = from; i < end; i++) {
    if (HANDLER_LINE.test(lines[i]!)) {
      handler = i;
      break;
    }
  }
  end = handler;
  while (end > from && lines[end - 1]!.trim() === '') end--;
  // Comment lines are not part of a body: REST Client leaves every `#` and `//` line out of what it sends.
  const body = lines.slice(from, end).filter((l) => !COMMENT.test(l));
  while (body.length && body[body.length - 1]!.trim() === '') body.pop();
  if (!body.length) return;
  if (req.method !== 'WEBSOCKET' && body.some((l) => FILE_LINE.test(l))) {
    const parts = bodyParts(body);
    req.body =
      parts.length === 1 && typeof parts[0] !== 'string'
        ? { kind: 'file', ...parts[0]!, startLine: from }
        : { kind: 'parts', parts, startLine: from };
    return;
  }
  const text = body.join('\n');
  if (req.method === 'WEBSOCKET') {
    req.messages = text
      .split(/^===\s*$/m)
      .map((s) => s.trim())
      .filter(Boolean);
    return;
  }
  req.body = { kind: 'text', text, startLine: from };
}

/**
 * A body line that is a file, as REST Client reads it (its inputFileSyntax): `<` at the very start of the line (an
 * indented one is text), `@` and an optional encoding for a text with variables, blanks, then the path.
 */
const FILE_LINE = /^<(?:(@)(\w+)?)?\s+(\S.*)$/;

/** A body file line's file, or undefined when the line is text. */
function bodyFileOf(line: string): BodyFile | undefined {
  const m = FILE_LINE.exec(line);
  if (!m) return undefined;
  return { path: m[3]!.trimEnd(), substitute: m[1] === '@', ...(m[2] ? { encoding: m[2] } : {}) };
}

/** A body's lines as text runs (lines joined with `\n`) and `< path` files, in order. */
function bodyParts(lines: string[]): Array<string | BodyFile> {
  const parts: Array<string | BodyFile> = [];
  let run: string[] = [];
  for (const line of lines) {
    const file = bodyFileOf(line);
    if (!file) {
      run.push(line);
      continue;
    }
    if (run.length) parts.push(run.join('\n'));
    run = [];
    parts.push(file);
  }
  if (run.length) parts.push(run.join('\n'));
  return parts;
}

/** The request whose block holds `line` (the editor's cursor), if any. */
export function requestAt(file: HttpFile, line: Line): HttpRequest | undefined {
  return file.requests.find((r) => line >= r.block.startLine && line < r.block.endLine);
}

/** File variables by name; a later definition wins, as in both clients. */
export function fileVariables(file: HttpFile): Map<string, string> {
  return new Map(file.variables.map((v) => [v.name, v.value]));
}
