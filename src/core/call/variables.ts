// What a `{{variable}}` of a `.http` file can name, for completion and hover in the editor: the file's own
// variables, the active environment's (./environments.ts), the request's `# @prompt` answers, `# @name` requests' references
// (./references.ts), `baseUrl` (the target picked at Send) and the system variables ./resolve.ts knows. Which one
// wins follows requestVariables(): REST Client's environment, then the file, then JetBrains' environment.
import { NO_ENVIRONMENT, type RequestEnvironment } from './environments';
import { REQUEST_NAME, type HttpFile, type HttpRequest, type Line } from './httpFile';

export type VariableKind = 'file' | 'environment' | 'prompt' | 'request' | 'system' | 'target';

export interface VariableInfo {
  name: string;
  kind: VariableKind;
  /** The value as written (a file variable's before its own variables are replaced); absent when secret or unknown. */
  value?: string;
  /** A value not to show (the private environment file's). */
  secret?: boolean;
  /** Where it comes from, in words ("line 3", "environment dev"). */
  source: string;
  /** What it is, in a sentence (system variables, references). */
  documentation?: string;
  /** Where it is defined in the file. */
  line?: Line;
  /** An environment variable's source: REST Client's setting, or JetBrains' public or private file. */
  origin?: EnvironmentOrigin;
}

export type EnvironmentOrigin = 'restClient' | 'jetBrains' | 'jetBrainsPrivate';

/** The system variables resolve.ts fills, as a user types them. */
export const SYSTEM_VARIABLES: ReadonlyArray<{ name: string; usage: string; documentation: string }> = [
  { name: '$guid', usage: '$guid', documentation: 'A new random UUID (v4) per request.' },
  { name: '$uuid', usage: '$uuid', documentation: 'A new random UUID (v4) per request, as $guid.' },
  { name: '$random.uuid', usage: '$random.uuid', documentation: "JetBrains' name for a new random UUID." },
  {
    name: '$randomInt',
    usage: '$randomInt min max',
    documentation: 'A random integer from min (included, default 0) to max (excluded, default 1000).',
  },
  {
    name: '$timestamp',
    usage: '$timestamp [offset unit]',
    documentation: 'Seconds since 1970 (UTC), optionally offset: `$timestamp -3 h`. Units: y Q M w d h m s ms.',
  },
  {
    name: '$datetime',
    usage: '$datetime rfc1123|iso8601|"format" [offset unit]',
    documentation: 'The time now in UTC: `$datetime iso8601`, `$datetime "DD-MM-YYYY" 1 d`.',
  },
  {
    name: '$localDatetime',
    usage: '$localDatetime rfc1123|iso8601|"format" [offset unit]',
    documentation: "The time now in this machine's time zone, formatted as $datetime.",
  },
  { name: '$isoTimestamp', usage: '$isoTimestamp', documentation: 'The time now in ISO 8601 (UTC).' },
];

const TARGET: VariableInfo = {
  name: 'baseUrl',
  kind: 'target',
  source: 'the target picked at Send',
  documentation:
    "The base URL of the target Send calls: the file's active `@baseUrl`, else the stage or local API picked at Send.",
};

/** `{{name.response.body.$}}` and its kin for each `# @name` request of the file. */
function requestReferences(file: HttpFile): VariableInfo[] {
  const out: VariableInfo[] = [];
  for (const r of file.requests) {
    if (!r.name || !REQUEST_NAME.test(r.name)) continue;
    const line = r.requestLine;
    out.push(
      {
        name: `${r.name}.response.body.$`,
        kind: 'request',
        source: `request ${r.name}, line ${line + 1}`,
        documentation: `A JSON path into the body of the last response to ${r.name} (\`$.token\`), or \`*\` for all of it.`,
        line,
      },
      {
        name: `${r.name}.response.headers.`,
        kind: 'request',
        source: `request ${r.name}, line ${line + 1}`,
        documentation: `A header of the last response to ${r.name} (\`${r.name}.response.headers.Location\`).`,
        line,
      },
    );
  }
  return out;
}

function environmentInfo(env: RequestEnvironment, name: string | undefined, file: Map<string, VariableInfo>) {
  const where = name ? `environment ${name}` : 'the shared environment';
  const out: VariableInfo[] = [];
  for (const [k, v] of env.under)
    if (!file.has(k))
      out.push({ name: k, kind: 'environment', value: v, source: `${where} (REST Client)`, origin: 'restClient' });
  for (const [k, v] of env.over) {
    const secret = env.secrets.includes(v);
    out.push({
      name: k,
      kind: 'environment',
      ...(secret ? { secret } : { value: v }),
      source: secret ? `${where} (http-client.private.env.json)` : `${where} (http-client.env.json)`,
      origin: secret ? 'jetBrainsPrivate' : 'jetBrains',
    });
  }
  return out;
}

/**
 * Every variable `request` (or, without one, a line outside any request) of `file` can use, each name once, as Send
 * would take it (the request's prompts over JetBrains' environment, that over the file, the file over REST
 * Client's), then `baseUrl`, the references and the system variables.
 */
export function knownVariables(
  file: HttpFile,
  environment: RequestEnvironment = NO_ENVIRONMENT,
  environmentName?: string,
  request?: HttpRequest,
): VariableInfo[] {
  const own = new Map<string, VariableInfo>();
  for (const v of file.variables)
    own.set(v.name, { name: v.name, kind: 'file', value: v.value, source: `line ${v.line + 1}`, line: v.line });
  const env = environmentInfo(environment, environmentName, own);
  const byName = new Map<string, VariableInfo>([...own]);
  for (const e of env) byName.set(e.name, e);
  // A request's own `# @prompt` answers win over everything, for that request only.
  for (const p of request?.prompts ?? [])
    byName.set(p.name, {
      name: p.name,
      kind: 'prompt',
      source: `# @prompt, line ${p.line + 1}`,
      documentation: p.description ? `Asked at Send: ${p.description}` : 'Asked at Send.',
      line: p.line,
    });
  if (!byName.has(TARGET.name)) byName.set(TARGET.name, TARGET);
  const system = SYSTEM_VARIABLES.map((s): VariableInfo => ({
    name: s.name,
    kind: 'system',
    source: s.usage,
    documentation: s.documentation,
  }));
  return [...byName.values(), ...requestReferences(file), ...system];
}

/** The `{{…}}` around column `character` of `line`: its name (trimmed) and the columns of its text inside the braces. */
export function variableAt(
  line: string,
  character: number,
): { name: string; start: number; end: number; closed: boolean } | undefined {
  const open = line.lastIndexOf('{{', character - 2 < 0 ? 0 : character - 2);
  if (open < 0 || character < open + 2) return undefined;
  const between = line.slice(open + 2, character);
  if (between.includes('}}') || between.includes('{')) return undefined;
  const close = line.indexOf('}}', character);
  const closed = close >= 0 && !line.slice(character, close).includes('{');
  const end = closed ? close : character;
  return { name: line.slice(open + 2, end).trim(), start: open + 2, end, closed };
}

/** What the variable `name` (as written inside the braces) is, or undefined when nothing defines it. */
export function describeVariable(name: string, known: readonly VariableInfo[]): VariableInfo | undefined {
  const bare = name.startsWith('%') ? name.slice(1).trim() : name;
  const exact = known.find((k) => k.name === bare);
  if (exact) return exact;
  if (bare.startsWith('$')) return known.find((k) => k.kind === 'system' && bare.split(/\s+/)[0] === k.name);
  const request = bare.split('.')[0];
  return known.find((k) => k.kind === 'request' && k.name.split('.')[0] === request);
}
