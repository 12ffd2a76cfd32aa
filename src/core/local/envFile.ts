// A local mapping's `envFile`: environment variables for the handler processes kept out of the mapping file (a
// `.env` file the project does not commit, or AWS SAM's `--env-vars` JSON). Read as the `dotenv` package reads a
// `.env` file (https://github.com/motdotla/dotenv#what-rules-does-the-parsing-engine-follow): `KEY=value` lines,
// `export ` before a key, `#` comments, values in single, double or back quotes (double quotes expand `\n` and
// `\r`, and may span lines), no variable expansion. One pass over the text, so any file takes linear time.
import { WorkbenchError } from '../errors';
import { jsonProblem } from '../jsonProblem';
import { isObject } from './handlers';

/** An env file past this is refused: a list of variables is a few KB. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

const KEY = /^[A-Za-z_][\w.-]*$/;

function bad(file: string, line: number, what: string): WorkbenchError {
  return new WorkbenchError('InvalidArgument', `${file}, line ${line}: ${what}.`, {
    hint: 'Each line of an env file is KEY=value (quotes around a value with spaces or #); # starts a comment.',
  });
}

/**
 * The variables of a `.env` file's text; `file` names it in errors. Errors name the line, never its text: an env file
 * holds secrets, and a line that is not KEY=value is often one (the second line of an unquoted PEM key).
 */
export function parseDotenv(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let at = 0;
  let line = 1;
  while (at < src.length) {
    const newline = src.indexOf('\n', at);
    const end = newline < 0 ? src.length : newline;
    const whole = src.slice(at, end);
    const raw = whole.trim();
    if (raw === '' || raw.startsWith('#')) {
      [at, line] = [end + 1, line + 1];
      continue;
    }
    const sep = raw.search(/[=:]/);
    if (sep < 0) throw bad(file, line, 'no = or : after a variable name (the line is not shown: it may be a secret)');
    const key = raw
      .slice(0, sep)
      .replace(/^export\s+/, '')
      .trim();
    if (!KEY.test(key))
      throw bad(
        file,
        line,
        'the text before = is not a variable name: a letter or _, then letters, digits, _ . or - (not shown: it may be a secret)',
      );
    const valueAt = at + (whole.length - whole.trimStart().length) + sep + 1;
    const value = readValue(src, valueAt, file, line);
    out[key] = value.value;
    line += value.lines;
    at = value.next;
  }
  return out;
}

/** A value from `at` (after the `=`): quoted (to its closing quote, lines included) or to the line's `#` or end. */
function readValue(src: string, at: number, file: string, line: number) {
  let i = at;
  while (src[i] === ' ' || src[i] === '\t') i++;
  const quote = src[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = closingQuote(src, i + 1, quote);
    if (close < 0) throw bad(file, line, `the value's ${quote} is never closed`);
    const inner = src.slice(i + 1, close);
    const lineEnd = src.indexOf('\n', close) < 0 ? src.length : src.indexOf('\n', close);
    const rest = src.slice(close + 1, lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#')) throw bad(file, line, 'text after the quoted value');
    return {
      value: quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner,
      lines: 1 + countLines(inner),
      next: lineEnd + 1,
    };
  }
  const lineEnd = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
  // Within the line only: a search to the text's end on each line would make a file without `#` quadratic.
  const text = src.slice(i, lineEnd);
  const hash = text.indexOf('#');
  return { value: (hash >= 0 ? text.slice(0, hash) : text).trim(), lines: 1, next: lineEnd + 1 };
}

/** The index of the quote that closes a value begun at `from` (a backslash escapes one), or -1. */
function closingQuote(src: string, from: number, quote: string): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === quote) return j;
  }
  return -1;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The JSON of a SAM env-vars file, or the error naming `file` and where it stops being JSON (jsonProblem). */
export function parseSamJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WorkbenchError('InvalidArgument', `${file} is not JSON: ${jsonProblem(text)}.`, {
      hint: 'A .json env file is AWS SAM\'s env-vars file: {"Parameters": {…}, "FunctionName": {…}}.',
    });
  }
}

/**
 * AWS SAM's `--env-vars` file (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-using-invoke.html#serverless-sam-cli-using-invoke-environment-file):
 * `{"Parameters": {…}, "OrdersFunction": {…}}` — `Parameters` for every function, then the function's own object:
 * the first of `keys` the file has, which SAM looks for by logical ID, then by function name (the caller gives the
 * logical ID when it knows one, then the name the spec's ARN gives, after stage variables). Values are strings,
 * numbers or booleans.
 */
export function samEnvVars(value: unknown, keys: readonly string[], file: string): Record<string, string> {
  if (!isObject(value)) throw samBad(file, 'the top level is not an object');
  const out: Record<string, string> = {};
  const own = keys.find((k) => k !== 'Parameters' && Object.hasOwn(value, k));
  for (const part of own ? ['Parameters', own] : ['Parameters']) {
    const vars = value[part];
    if (vars === undefined) continue;
    if (!isObject(vars)) throw samBad(file, `${part} is not an object of variables`);
    for (const [k, v] of Object.entries(vars)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        throw samBad(file, `${part}.${k} is not a string, number or boolean`);
      out[k] = String(v);
    }
  }
  return out;
}

/** The objects of a SAM env-vars file (its `Parameters` aside) keyed by none of `known`. */
export function samUnknownKeys(value: unknown, known: ReadonlySet<string>): string[] {
  return isObject(value) ? Object.keys(value).filter((k) => k !== 'Parameters' && !known.has(k)) : [];
}

function samBad(file: string, what: string): WorkbenchError {
  return new WorkbenchError('InvalidArgument', `${file}: ${what}.`, {
    hint: 'A SAM env-vars file is {"Parameters": {"KEY": "value"}, "FunctionName": {"KEY": "value"}}.',
  });
}
