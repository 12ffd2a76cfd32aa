// `apigw call --file FILE`: the requests of a `.http` file, read as the editor's Send reads them (docs/CALL.md): the
// file's variables, a JetBrains environment (`--env`, from the `http-client.env.json` and
// `http-client.private.env.json` nearest the file), `--var` values for `# @prompt` lines and over everything, and
// `< path` bodies beside the file. What cannot be sent is refused before anything is: lines the parser cannot read, a
// name no request has, a prompt without its value, an environment no file defines.
import fs from 'node:fs';
import path from 'node:path';
import { parseEnvironmentFile, restClientSetting } from '../core/call/environmentFile';
import {
  ENV_FILE,
  environmentNames,
  environmentVariables,
  isSecretPrompt,
  PRIVATE_ENV_FILE,
  REST_CLIENT_SETTING,
  withValues,
  type EnvironmentSources,
  type RequestEnvironment,
} from '../core/call/environments';
import { MAX_HTTP_FILE_BYTES, parseHttpFile, type HttpFile, type HttpRequest } from '../core/call/httpFile';
import { WorkbenchError } from '../core/errors';
import { UsageError } from './options';
import { MAX_BODY_FILE_BYTES, readError, readFileUpTo, readSpecText } from './specFiles';

export interface RequestFileRun {
  file: HttpFile;
  /** The requests to send, in order. */
  requests: HttpRequest[];
  environment: RequestEnvironment;
  /** Reads a `< path` body, relative to the `.http` file. */
  readFile(p: string): Uint8Array;
  /** What was left out, to say so (WebSocket requests, which `apigw ws` opens). */
  notes: string[];
}

export interface RequestFileOptions {
  file: string;
  /** `--name`: the `# @name` requests to send, in this order; none: every request of the file. */
  names: readonly string[];
  env: string | undefined;
  /** `--var NAME=VALUE`. */
  vars: readonly string[];
  cwd: string;
}

export function readRequestFile(o: RequestFileOptions): RequestFileRun {
  const where = path.resolve(o.cwd, o.file);
  const file = parseHttpFile(readText(where, 'request file'));
  refuseProblems(o.file, file);
  const { requests, notes } = pickRequests(file, o.names);
  const values = parseVars(o.vars);
  refuseMissingPrompts(requests, values);
  const secret = [...values].filter(([name]) => isSecretPrompt(name)).map(([, v]) => v);
  const environment = withValues(chosenEnvironment(o, where), values, secret);
  return { file, requests, environment, readFile: (p) => readBodyFile(path.resolve(path.dirname(where), p), p), notes };
}

/**
 * A request, environment or settings file's text, through the reader `apigw validate` uses (a FIFO or device put in
 * its place cannot hang the command; the bytes must be UTF-8), within the request parser's 2 MB.
 */
function readText(file: string, what: string): string {
  const read = readSpecText(file);
  if ('problem' in read)
    throw new WorkbenchError('NotFound', `The ${what} ${file} cannot be read: ${read.problem.problem}.`);
  if (read.text.length > MAX_HTTP_FILE_BYTES)
    throw new WorkbenchError('InputLimit', `The ${what} ${file} is over 2 MB: not read.`, {
      hint: 'Split the requests over several files.',
    });
  return read.text;
}

function refuseProblems(name: string, file: HttpFile): void {
  const [first, ...more] = file.problems;
  if (!first) return;
  const rest = more.length ? ` (and ${more.length} more line${more.length === 1 ? '' : 's'} Send cannot read)` : '';
  throw new WorkbenchError('InvalidArgument', `${name}:${first.line + 1}: ${first.message}${rest}.`, {
    hint: 'Fix the file (the editor marks such lines as you type): nothing was sent.',
  });
}

function pickRequests(file: HttpFile, names: readonly string[]): { requests: HttpRequest[]; notes: string[] } {
  if (names.length === 0) {
    const ws = file.requests.filter((r) => r.method === 'WEBSOCKET');
    const notes = ws.map((r) => `line ${r.requestLine + 1}: a WebSocket request, which apigw ws opens, not sent`);
    return { requests: file.requests.filter((r) => r.method !== 'WEBSOCKET'), notes };
  }
  const requests = names.map((name) => {
    const req = file.requests.find((r) => r.name === name);
    if (!req) {
      const known = file.requests.flatMap((r) => (r.name ? [r.name] : []));
      throw new UsageError(
        `No request of the file is named ${name}${known.length ? `: its names are ${known.join(', ')}` : ' (it names none: mark one with "# @name NAME")'}`,
      );
    }
    if (req.method === 'WEBSOCKET') throw new UsageError(`${name} is a WebSocket request: apigw ws opens a session`);
    return req;
  });
  return { requests, notes: [] };
}

function parseVars(vars: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of vars) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var takes NAME=VALUE, not ${v.includes('=') ? 'an empty name' : v}`);
    out.set(v.slice(0, eq).trim(), v.slice(eq + 1));
  }
  return out;
}

function refuseMissingPrompts(requests: readonly HttpRequest[], values: ReadonlyMap<string, string>): void {
  for (const req of requests)
    for (const p of req.prompts)
      if (!values.has(p.name))
        throw new UsageError(
          `${req.name ?? `The request on line ${req.requestLine + 1}`} asks for {{${p.name}}} (# @prompt): give it with --var ${p.name}=VALUE`,
        );
}

/** The environment `--env` names (none: the `$shared` variables only), from the files nearest the request file. */
function chosenEnvironment(o: RequestFileOptions, where: string): RequestEnvironment {
  const sources = environmentSources(where, o.cwd);
  if (o.env === undefined) return environmentVariables(sources, undefined);
  const names = environmentNames(sources);
  if (!names.includes(o.env))
    throw new UsageError(
      names.length
        ? `No environment ${o.env} in ${ENV_FILE}, ${PRIVATE_ENV_FILE} or .vscode/settings.json: there are ${names.join(', ')}`
        : `--env ${o.env}: no ${ENV_FILE}, ${PRIVATE_ENV_FILE} or .vscode/settings.json (${REST_CLIENT_SETTING}) defines environments for ${o.file}`,
    );
  return environmentVariables(sources, o.env);
}

/**
 * Where the environments come from: REST Client's setting in the working directory's `.vscode/settings.json` (the
 * workspace's; user settings are not read), and the JetBrains environment files nearest the request file — its
 * folder, then each folder up to the working directory when the file is inside it (as the editor looks up to the
 * workspace folder).
 */
function environmentSources(file: string, cwd: string): EnvironmentSources {
  const dir = path.dirname(file);
  const rel = path.relative(cwd, dir);
  const stop = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? path.resolve(cwd) : dir;
  const settings = path.join(cwd, '.vscode', 'settings.json');
  return {
    restClient: fs.existsSync(settings) ? restClientSetting(readText(settings, 'settings file'), settings) : undefined,
    jetBrains: nearest(dir, stop, ENV_FILE),
    jetBrainsPrivate: nearest(dir, stop, PRIVATE_ENV_FILE),
  };
}

function nearest(dir: string, stop: string, name: string): unknown {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, name);
    if (fs.existsSync(candidate)) return parseEnvironmentFile(readText(candidate, 'environment file'), candidate);
    if (d === stop || path.dirname(d) === d) return undefined;
  }
}

/** A request body's file, as it is (a `.http` request's `< path`): its bytes, or why not. */
export function readBodyFile(file: string, shown = file): Uint8Array {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileUpTo(file, MAX_BODY_FILE_BYTES);
  } catch (err) {
    throw new WorkbenchError('NotFound', `The body file ${shown} cannot be read: ${readError(err)}.`, {
      cause: err,
    });
  }
  if (bytes) return bytes;
  throw new WorkbenchError('InvalidArgument', `The body file ${shown} holds more than 32 MB.`, {
    hint: 'No API Gateway call takes that much (10 MB is its payload quota): name a smaller file.',
  });
}
