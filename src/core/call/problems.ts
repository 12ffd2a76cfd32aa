// What a `.http` file holds that Send would refuse, found as the file is written (the editor's diagnostics): lines
// the parser cannot read, system variables resolve.ts does not know (`{{$guidd}}`), REST Client's that it does not
// fill (`$processEnv`, `$dotenv`, `$aadToken`…), request variables naming no `# @name` request of the file or written
// in no form REST Client reads (`{{login.respons.body.$.token}}`) or reading XML by XPath, REST Client's credential
// headers, which Send will not send as written, and `# @settings` neither client nor the workbench applies. A plain
// `{{name}}` nothing defines is not reported: the environment, the `# @prompt` answers or the route's auth can give
// it at Send, and its hover says which.
import { didYouMean, SuggestionBudget, suggestionText } from '../gatewaySpec/diagnostics';
import {
  commentTag,
  HANDLER_LINE,
  isCommentLine,
  KNOWN_TAGS,
  REQUEST_NAME,
  type HttpFile,
  type Line,
} from './httpFile';
import { xPathReference } from './references';
import { clientCredentialsRefusal, forEachVariable, unreadSystemVariable } from './resolve';
import { SYSTEM_VARIABLES } from './variables';

export interface HttpFileProblem {
  line: Line;
  /** Columns of the text marked: a variable's name inside its braces, or the whole line. */
  start: number;
  end: number;
  severity: 'error' | 'warning';
  message: string;
  /** What the marked text should likely be (the quick fix writes it). */
  replacement?: string;
}

const SYSTEM_NAMES = SYSTEM_VARIABLES.map((v) => v.name);
/** The most problems a file reports, as the spec engine reports at most 1,000 diagnostics a file. */
export const MAX_HTTP_FILE_PROBLEMS = 1_000;
/** Names compared for "did you mean" in one file, at most: the check stays linear however many requests it names. */
const MAX_COMPARISONS = 10_000;
const REFERENCE_PARTS = /^([\w-]+)\.([^.]+)\.([^.]+)(?:\.(.+))?$/;

/** The file's problems in line order, the first MAX_HTTP_FILE_PROBLEMS of them. */
export function httpFileProblems(file: HttpFile): HttpFileProblem[] {
  const out: HttpFileProblem[] = file.problems.map((p) => ({
    line: p.line,
    start: 0,
    end: file.lines[p.line]!.length,
    severity: 'error',
    message: `${p.message[0]!.toUpperCase()}${p.message.slice(1)}.`,
  }));
  const names = new Set(file.requests.flatMap((r) => (r.name && REQUEST_NAME.test(r.name) ? [r.name] : [])));
  const suggest = new SuggestionBudget(MAX_COMPARISONS);
  for (const line of variableLines(file)) {
    if (out.length >= MAX_HTTP_FILE_PROBLEMS) break;
    out.push(...lineProblems(file.lines[line]!, line, names, suggest));
  }
  out.push(...sameNames(file), ...credentialHeaders(file), ...unknownSettings(file));
  return out.sort((a, b) => a.line - b.line || a.start - b.start).slice(0, MAX_HTTP_FILE_PROBLEMS);
}

/** REST Client's credential headers (`Authorization: AWS <id> <secret>`…), which Send refuses: marked whole. */
function credentialHeaders(file: HttpFile): HttpFileProblem[] {
  const out: HttpFileProblem[] = [];
  for (const r of file.requests)
    for (const h of r.headers) {
      const refusal = clientCredentialsRefusal(h.name, h.value);
      if (!refusal) continue;
      const end = file.lines[h.line]!.length;
      out.push({ line: h.line, start: 0, end, severity: 'error', message: `${refusal.message} ${refusal.hint}` });
    }
  return out;
}

/**
 * JetBrains' request settings, which the workbench does not apply (`@timeout` is its own: 30 s, `--timeout`), and
 * what no client reads: a `# @setting` before a request line other than REST Client's, said rather than ignored.
 */
const JETBRAINS_SETTINGS = new Set([
  'no-log',
  'no-auto-encoding',
  'use-os-credentials',
  'timeout',
  'connection-timeout',
]);

function unknownSettings(file: HttpFile): HttpFileProblem[] {
  const out: HttpFileProblem[] = [];
  for (const r of file.requests)
    for (let i = r.block.startLine; i < r.requestLine; i++) {
      const tag = commentTag(file.lines[i]!);
      if (tag === undefined || KNOWN_TAGS.has(tag)) continue;
      const message = JETBRAINS_SETTINGS.has(tag)
        ? `# @${tag} is a setting of JetBrains' HTTP Client that Send does not apply.`
        : `# @${tag} is no request setting REST Client or Send reads (they read @name, @prompt, @note, @no-redirect and @no-cookie-jar): it changes nothing.`;
      out.push({ line: i, start: 0, end: file.lines[i]!.length, severity: 'warning', message });
    }
  return out;
}

/**
 * A `# @name` an earlier request of the file has too: `{{name.response…}}` reads whichever of them was sent last,
 * which is seldom what a copied request meant. Marked on the later one's request line.
 */
function sameNames(file: HttpFile): HttpFileProblem[] {
  const first = new Map<string, Line>();
  const out: HttpFileProblem[] = [];
  for (const r of file.requests) {
    if (!r.name || !REQUEST_NAME.test(r.name)) continue;
    const earlier = first.get(r.name);
    if (earlier === undefined) {
      first.set(r.name, r.requestLine);
      continue;
    }
    out.push({
      line: r.requestLine,
      start: 0,
      end: file.lines[r.requestLine]!.length,
      severity: 'warning',
      message: `The request on line ${earlier + 1} is named ${r.name} too: {{${r.name}.response…}} reads whichever of them was sent last. Give this one a name of its own.`,
    });
  }
  return out;
}

/** The problems of the `{{variables}}` of one line, each marking the name as written inside its braces. */
function lineProblems(
  text: string,
  line: Line,
  requests: ReadonlySet<string>,
  suggest: SuggestionBudget,
): HttpFileProblem[] {
  const out: HttpFileProblem[] = [];
  forEachVariable(text, (start, _end, written) => {
    const percent = written.startsWith('%');
    const p = variableProblem(percent ? written.slice(1).trim() : written, requests, suggest);
    if (!p) return;
    const from = text.indexOf(written, start + 2);
    const replacement = p.replacement && (percent ? `%${p.replacement}` : p.replacement);
    out.push({
      line,
      start: from,
      end: from + written.length,
      severity: 'warning',
      message: p.message,
      ...(replacement ? { replacement } : {}),
    });
  });
  return out;
}

/**
 * The lines whose `{{variables}}` Send reads: `@name = value` lines, request lines, headers and bodies; not
 * comments (tags, markers) nor response handlers, which run after the response.
 */
function variableLines(file: HttpFile): Line[] {
  const lines: Line[] = [];
  const requestLines = new Set(file.requests.map((r) => r.requestLine));
  for (const block of file.blocks) {
    let inRequest = false;
    for (let i = block.startLine + (block.separator ? 1 : 0); i < block.endLine; i++) {
      const text = file.lines[i]!;
      if (requestLines.has(i)) inRequest = true;
      else if (inRequest && HANDLER_LINE.test(text)) break;
      if (!isCommentLine(text)) lines.push(i);
    }
  }
  return lines;
}

function variableProblem(
  name: string,
  requests: ReadonlySet<string>,
  suggest: SuggestionBudget,
): { message: string; replacement?: string } | undefined {
  if (name.startsWith('$')) return systemProblem(name, suggest);
  const parts = REFERENCE_PARTS.exec(name);
  if (!parts) return undefined;
  const [, request = '', part = '', kind = '', path] = parts;
  if (!requests.has(request)) {
    // `a.b.c` of no request: a plain variable may hold dots (an environment's `db.host`); only reference forms count.
    if (!/^(request|response)$/.test(part)) return undefined;
    const near = suggest.suggest(request, requests, 1)[0];
    return {
      message: `No request of this file is named ${request}, so {{${name}}} has nothing to read: name the request that gives it with "# @name ${request}".${suggestionText(near ? [near] : [])}`,
      ...(near ? { replacement: `${near}${name.slice(request.length)}` } : {}),
    };
  }
  if (/^(request|response)$/.test(part) && /^(headers|body)$/.test(kind) && path) {
    if (!xPathReference(name)) return undefined;
    return {
      message: `{{${name}}} reads an XML body by XPath, which Send does not: it would have no value. Read a JSON body with a JSON path ($.token), or the whole body with *.`,
    };
  }
  return referenceFormProblem(name, request, part, kind, path);
}

function systemProblem(name: string, suggest: SuggestionBudget): { message: string; replacement?: string } | undefined {
  const head = name.split(/\s+/)[0]!;
  if (SYSTEM_NAMES.includes(head)) return undefined;
  const unread = unreadSystemVariable(head);
  if (unread) return { message: unread };
  const near = suggest.suggest(head, SYSTEM_NAMES, 1)[0];
  return {
    message: `${head} is not a system variable, so Send would find no value for it.${near ? suggestionText([near]) : ` The system variables are ${SYSTEM_NAMES.join(', ')}.`}`,
    ...(near ? { replacement: `${near}${name.slice(head.length)}` } : {}),
  };
}

/** `word` when it is one of `options`, else the closest of them, if any is close. */
function closest(word: string, options: readonly string[]): string | undefined {
  return options.includes(word) ? word : didYouMean(word, options, 1)[0];
}

/** A variable that starts with a request's name but is no reference REST Client reads (`login.respons.body.$`). */
function referenceFormProblem(
  name: string,
  request: string,
  part: string,
  kind: string,
  path: string | undefined,
): { message: string; replacement?: string } {
  const fixedPart = closest(part, ['response', 'request']);
  const fixedKind = closest(kind, ['body', 'headers']);
  const replacement = fixedPart && fixedKind && path ? `${request}.${fixedPart}.${fixedKind}.${path}` : undefined;
  return {
    message:
      `{{${name}}} reads request ${request} only as ${request}.response.body.<JSON path> ($.token, or * for all of it) ` +
      `or ${request}.response.headers.<name> (request in place of response for what it sent).` +
      suggestionText(replacement ? [replacement] : []),
    ...(replacement ? { replacement } : {}),
  };
}
