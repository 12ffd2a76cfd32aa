// The env files a local mapping names (core/local/envFile.ts), read from disk once per start or reload of the local
// API: each function's environment is its `environment`, then the mapping's `envFile`, then its own `envFile`.
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import { SuggestionBudget, suggestionText } from '../core/gatewaySpec/diagnostics';
import { MAX_ENV_FILE_BYTES, parseDotenv, parseSamJson, samEnvVars, samUnknownKeys } from '../core/local/envFile';
import type { FunctionMapping, LocalMapping } from '../core/local/handlers';
import { readSamTemplate, SAM_TEMPLATES, samFunctionKeys, samLogicalId, type SamTemplate } from '../core/local/sam';

/** The most of a SAM template read to find a function's logical ID: templates of hundreds of functions fit. */
const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** Names an env-vars file's unknown objects are compared with for "did you mean", at most. */
const MAX_COMPARISONS = 10_000;

/** The env files of a mapping, as absolute paths (the local API watches them). */
export function envFilesOf(mapping: LocalMapping, dir: string): string[] {
  const named = [mapping.envFile, ...Object.values(mapping.functions ?? {}).map((f) => f.envFile)];
  return [...new Set(named.filter((f): f is string => !!f).map((f) => path.resolve(dir, f)))];
}

export class EnvFiles {
  private readonly texts = new Map<string, string>();
  /** The SAM template beside each folder's env-vars file, read once (undefined: none, too large, or unreadable). */
  private readonly templates = new Map<string, SamTemplate | undefined>();
  /** Each env-vars file read, as parsed, with the keys its functions were looked for by. */
  private readonly samFiles = new Map<string, { value: unknown; keys: Set<string> }>();

  constructor(
    private readonly mapping: LocalMapping,
    private readonly dir: string,
  ) {}

  /** The mapping of function `name` with its env files' variables over its `environment`. */
  apply(name: string, f: FunctionMapping): FunctionMapping {
    const files = [this.mapping.envFile, f.envFile].filter((e): e is string => !!e);
    if (files.length === 0) return f;
    const environment = { ...f.environment };
    for (const file of files) Object.assign(environment, this.variables(path.resolve(this.dir, file), name));
    return { ...f, environment };
  }

  private variables(file: string, name: string): Record<string, string> {
    const text = this.read(file);
    if (!/\.json$/i.test(file)) return parseDotenv(text, file);
    const value = parseSamJson(text, file);
    const template = this.templateBeside(file);
    const logicalId = template && samLogicalId(template, name);
    const keys = logicalId ? [logicalId, name] : [name];
    const read = this.samFiles.get(file) ?? { value, keys: new Set<string>() };
    for (const k of keys) read.keys.add(k);
    this.samFiles.set(file, read);
    return samEnvVars(value, keys, file);
  }

  /**
   * What to say of env-vars objects no handler gets: beside a SAM template, an object keyed by no function of the
   * template or the mapping (a typo, or a function since renamed); without one, only an object whose key is close to
   * a function's name (the file may list functions this mapping does not run).
   */
  unmatched(): string[] {
    const out: string[] = [];
    for (const [file, read] of this.samFiles) {
      const template = this.templateBeside(file);
      const known = new Set([
        ...read.keys,
        ...Object.keys(this.mapping.functions ?? {}),
        ...(template ? samFunctionKeys(template) : []),
      ]);
      // Bounded: a file of thousands of objects gets suggestions within a budget, and ten are said at most.
      const budget = new SuggestionBudget(MAX_COMPARISONS);
      const said = samUnknownKeys(read.value, known)
        .map((key) => ({ key, near: budget.suggest(key, known, 1) }))
        .filter((k) => template || k.near.length > 0);
      for (const { key, near } of said.slice(0, 10))
        out.push(
          `${path.basename(file)} has variables for ${key}, which is no function of the local mapping${template ? ' nor of the SAM template beside it' : ''}: no handler gets them.${suggestionText(near)}`,
        );
    }
    return out;
  }

  /**
   * The project's SAM template in the env-vars file's folder, where `sam local` finds both: its logical IDs are how
   * SAM keys the file's objects first, before function names.
   */
  private templateBeside(file: string): SamTemplate | undefined {
    const dir = path.dirname(file);
    if (this.templates.has(dir)) return this.templates.get(dir);
    const found = SAM_TEMPLATES.map((n) => path.join(dir, n)).find((t) => fs.existsSync(t));
    let read: SamTemplate | undefined;
    try {
      if (found && fs.statSync(found).size <= MAX_TEMPLATE_BYTES)
        read = readSamTemplate(fs.readFileSync(found, 'utf8'));
    } catch {
      read = undefined;
    }
    this.templates.set(dir, read);
    return read;
  }

  private read(file: string): string {
    const known = this.texts.get(file);
    if (known !== undefined) return known;
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw new WorkbenchError('NotFound', `The env file ${file} that the local mapping names does not exist.`, {
        hint: 'Create it (a .env file of KEY=value lines, often copied from a committed example), or remove envFile from the mapping.',
      });
    }
    if (size > MAX_ENV_FILE_BYTES)
      throw new WorkbenchError('InputLimit', `The env file ${file} is over 1 MB: not read.`, {
        hint: 'An env file holds a few variables.',
      });
    const text = fs.readFileSync(file, 'utf8');
    this.texts.set(file, text);
    return text;
  }
}
