// Request environments: named sets of variables a `.http` file's requests read, switched without editing the file.
// Both clients the request files are written for keep them, in different places and with opposite precedence:
// - VS Code's REST Client, in the `rest-client.environmentVariables` setting: `{"$shared": {…}, "local": {…}}`. The
//   `$shared` variables are there in every environment (and with none chosen), an environment's own win over them,
//   a value may name a shared one as `{{$shared name}}`, and the file's `@name = value` variables win over them all
//   (https://github.com/Huachao/vscode-restclient#environments).
// - JetBrains' HTTP Client, in `http-client.env.json` and `http-client.private.env.json` (the one kept out of version
//   control for secrets): `{"dev": {…}}`. Its environment variables win over the file's, and a value may be a
//   number, a boolean or an object whose fields are read as `{{name.field}}`
//   (https://www.jetbrains.com/help/idea/http-client-variables.html#environment-variables).
// Each source keeps its own client's rule, so a file written for either one reads its variables as there. Pure: the
// caller reads the setting and the files (parsed by ./environmentFile.ts, apart so that what imports this module
// for its types and values does not load a JSON parser).

import { isSecretName } from '../redact';

export const SHARED_ENVIRONMENT = '$shared';
/** JetBrains' environment files, the nearest of each to a `.http` file. */
export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
/** REST Client's setting, as a workspace's `.vscode/settings.json` holds it. */
export const REST_CLIENT_SETTING = 'rest-client.environmentVariables';

/** What the environments are read from: the setting's value and the JetBrains files' parsed JSON, as found. */
export interface EnvironmentSources {
  /** `rest-client.environmentVariables`. */
  readonly restClient?: unknown;
  /** `http-client.env.json`. */
  readonly jetBrains?: unknown;
  /** `http-client.private.env.json`: its values win over the public file's. */
  readonly jetBrainsPrivate?: unknown;
}

/** The chosen environment's variables, split by where they stand against the file's own. */
export interface RequestEnvironment {
  /** REST Client's: the file's variables win over these. */
  readonly under: ReadonlyMap<string, string>;
  /** JetBrains': these win over the file's variables. */
  readonly over: ReadonlyMap<string, string>;
  /** Values not to show (the private file's, hidden prompts'): scrubbed from the request shown and its history. */
  readonly secrets: readonly string[];
}

export const NO_ENVIRONMENT: RequestEnvironment = { under: new Map(), over: new Map(), secrets: [] };

/** Names deeper than this in a JetBrains object are not read (a file's objects are a level or two). */
const MAX_OBJECT_DEPTH = 8;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The environments one source defines, `$shared` left out (it is not one to choose). */
function namesIn(source: unknown): string[] {
  if (!isRecord(source)) return [];
  return Object.keys(source).filter((k) => k !== SHARED_ENVIRONMENT && isRecord(source[k]));
}

/** Every environment the sources define, sorted, each once. */
export function environmentNames(s: EnvironmentSources): string[] {
  const names = new Set([...namesIn(s.restClient), ...namesIn(s.jetBrains), ...namesIn(s.jetBrainsPrivate)]);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** REST Client's string values of one environment (others are not read: its setting holds strings). */
function stringValues(env: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(env)) return out;
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** `{{$shared name}}` in a value: that shared variable's value (left as written when there is none). */
function withShared(value: string, shared: ReadonlyMap<string, string>): string {
  return value.replace(/\{\{\s*\$shared\s+([^{}\s]+)\s*\}\}/g, (whole, name: string) => shared.get(name) ?? whole);
}

function restClientVariables(setting: unknown, name: string | undefined): Map<string, string> {
  if (!isRecord(setting)) return new Map();
  const shared = stringValues(setting[SHARED_ENVIRONMENT]);
  const own = name === undefined ? new Map<string, string>() : stringValues(setting[name]);
  const out = new Map<string, string>();
  for (const [k, v] of [...shared, ...own]) out.set(k, withShared(v, shared));
  return out;
}

/** A JetBrains value as text: strings as they are, numbers and booleans written out, objects by their fields. */
function flatten(prefix: string, value: unknown, out: Map<string, string>, depth = 0): void {
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.set(prefix, String(value));
  else if ((isRecord(value) || Array.isArray(value)) && depth < MAX_OBJECT_DEPTH) {
    out.set(prefix, JSON.stringify(value));
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out, depth + 1);
  }
}

function jetBrainsVariables(file: unknown, name: string | undefined, out: Map<string, string>): void {
  if (!isRecord(file)) return;
  const envs = [file[SHARED_ENVIRONMENT], name === undefined ? undefined : file[name]];
  for (const env of envs) {
    if (!isRecord(env)) continue;
    for (const [k, v] of Object.entries(env)) flatten(k, v, out);
  }
}

/** The variables of environment `name` (undefined: none chosen, which still has the `$shared` ones). */
export function environmentVariables(s: EnvironmentSources, name: string | undefined): RequestEnvironment {
  const over = new Map<string, string>();
  jetBrainsVariables(s.jetBrains, name, over);
  const hidden = new Map<string, string>();
  jetBrainsVariables(s.jetBrainsPrivate, name, hidden);
  for (const [k, v] of hidden) over.set(k, v);
  return { under: restClientVariables(s.restClient, name), over, secrets: [...hidden.values()] };
}

/**
 * A `# @prompt` whose answer is a secret: REST Client hides what is typed for `pass` and `passwd`; so do we, for any
 * name that says password, secret or token, and for any the redactor reads as a secret's (`apiKey`, `privateKey`,
 * `passphrase`, `credential`). The answer is then left out of the request shown and its history.
 */
export function isSecretPrompt(name: string): boolean {
  return /^(pass|passwd)$/i.test(name) || /password|secret|token/i.test(name) || isSecretName(name);
}

/**
 * The environment with `values` over everything (a request's `# @prompt` answers, which win over any other
 * variable in REST Client); `secret` ones are added to the values not to show.
 */
export function withValues(
  env: RequestEnvironment,
  values: ReadonlyMap<string, string>,
  secret: readonly string[] = [],
): RequestEnvironment {
  return { under: env.under, over: new Map([...env.over, ...values]), secrets: [...env.secrets, ...secret] };
}
