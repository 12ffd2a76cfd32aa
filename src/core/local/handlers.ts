// The local mapping file: which workspace code plays each Lambda function of a spec when it runs locally, and the
// local-only settings (JWKS files, credentials for AWS_IAM, where first-class integrations go). It lives beside the
// spec as `NAME.apigw.local.yaml` (or `.yml`, `.json`) and is never deployed: deploy reads only the spec.
// docs/LOCAL.md#the-mapping-file is the reference.
import { WorkbenchError } from '../errors';
import type { SyntaxProblem } from '../gatewaySpec/ast';
import { formatOf, type SpecDocument } from '../gatewaySpec/document';
import { applyEdits } from '../gatewaySpec/edits';
import { openSpec } from '../gatewaySpec/input';
import type { GatewaySpec } from '../gatewaySpec/model';
import type { JsonPath, Range } from '../gatewaySpec/diagnostics';
import { addFunctionMapping } from './mappingEdit';

/** `provided`: a custom runtime, any executable that speaks Lambda's runtime API (src/local/runtimeApi.ts). */
export type HandlerRuntime = 'nodejs' | 'python' | 'provided';
const RUNTIMES: readonly HandlerRuntime[] = ['nodejs', 'python', 'provided'];

export interface FunctionMapping {
  /**
   * `src/orders.ts#handler`: a file relative to the mapping file and an export (default `handler`). For a custom
   * runtime (`provided`), the function's Handler setting as it is: the runtime reads it from `_HANDLER`.
   */
  handler?: string;
  /** Inferred when absent: `provided` with a `bootstrap`, else from the handler's extension (.py → python, else nodejs). */
  runtime?: HandlerRuntime;
  /**
   * A custom runtime's executable, relative to the mapping file: what Lambda runs as `bootstrap` from the function's
   * package (a Go or Rust build, a shell script). Default for `runtime: provided`: `bootstrap` in `root`, else in
   * the last of `layers` that has one, as Lambda looks for it.
   */
  bootstrap?: string;
  /** Your own server, for any other language: the request is forwarded as an HTTP proxy integration would. */
  proxy?: string;
  environment?: Record<string, string>;
  /** Lambda's function timeout, in seconds; default: the integration's timeout. */
  timeout?: number;
  /**
   * MB, as `context.memoryLimitInMB` and `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, and a Node handler's heap as Lambda's
   * runtime sizes it from them; a whole number from 128 to 10,240 as Lambda's, default 128.
   */
  memory?: number;
  /**
   * The folder deployed as the function's package (Lambda's task root), relative to the mapping file: the working
   * folder, `LAMBDA_TASK_ROOT`, and for Python the folder imports start from. Default: for Python, the first folder
   * above the handler's package (one without `__init__.py`); for Node, the nearest folder with a `package.json` up
   * to the mapping file's; else the handler's folder.
   */
  root?: string;
  /**
   * Lambda's advanced logging controls (the function's LoggingConfig): `JSON` sets `AWS_LAMBDA_LOG_FORMAT=JSON`, and
   * the runtimes write console and logging calls as JSON objects; `applicationLogLevel` (JSON only, default INFO) is
   * `AWS_LAMBDA_LOG_LEVEL`, the least level written; the local API writes the system log lines (START, REPORT…) as
   * Lambda's JSON events, the least level `systemLogLevel` (JSON only, default INFO).
   */
  logFormat?: 'Text' | 'JSON';
  applicationLogLevel?: ApplicationLogLevel;
  systemLogLevel?: SystemLogLevel;
  /**
   * The function's Lambda layers, in its order, each a folder holding what the layer's .zip holds (`nodejs/`,
   * `python/`), relative to the mapping file: their packages and modules are found as in `/opt`, a later layer's
   * over an earlier one's.
   */
  layers?: string[];
  /** This function's env file (as the mapping's `envFile`), over the mapping's and over `environment`. */
  envFile?: string;
}

/**
 * Lambda's memory sizes: 128 MB to 10,240 MB in 1-MB increments, 128 unless set
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const FUNCTION_MEMORY_MB = { min: 128, max: 10_240, default: 128 } as const;

/** Lambda's ApplicationLogLevel values. */
export const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type ApplicationLogLevel = (typeof APPLICATION_LOG_LEVELS)[number];

/** Lambda's SystemLogLevel values, the most detail first. */
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];

export interface LocalMapping {
  /** Keyed by function name as the spec's ARN names it (after stage variables), or by the ARN's name template. */
  functions?: Record<string, FunctionMapping>;
  /**
   * A file of environment variables for every function, relative to the mapping file: a `.env` file, or AWS SAM's
   * `--env-vars` JSON (`Parameters`, then the function's own object). Over each function's `environment`.
   */
  envFile?: string;
  /** Per JWT authorizer name. */
  jwt?: Record<string, { jwksFile?: string; jwksUrl?: string; skipSignatureCheck?: boolean }>;
  iam?: {
    credentials?: Array<{ accessKeyId: string; secretAccessKey: string; accountId?: string; userArn?: string }>;
    acceptAnySignature?: boolean;
  };
  /** First-class integrations: `record` (default) or an AWS-compatible endpoint. */
  awsServices?: { mode?: 'record' | 'endpoint'; endpoint?: string; region?: string };
  /** Stage variables that replace the spec's for local runs. */
  stageVariables?: Record<string, string>;
  /** The API keys a WebSocket `$connect` that requires one accepts; absent: any key. */
  apiKeys?: string[];
  /** The account's throttling quota in the region, when raised from AWS's default. */
  accountThrottling?: { burstLimit: number; rateLimit: number };
  /**
   * Handlers' Lambda clients invoke the mapped functions locally: AWS_ENDPOINT_URL_LAMBDA names the local API, which
   * serves Lambda's Invoke API for every function of this file (a function no mapping has is not found there).
   */
  invokeLocal?: boolean;
  /** Per custom domain of the spec: what serving it locally with TLS takes (tls.ts). */
  domains?: Record<string, DomainTlsMapping>;
}

/**
 * A custom domain with mutual TLS served locally over HTTPS: the truststore the spec's `truststoreUri` names, as a
 * file here, and the server's certificate (one made for 127.0.0.1 and localhost at each start when absent).
 */
export interface DomainTlsMapping {
  truststore?: string;
  certificate?: string;
  key?: string;
}

/** The mapping file names tried beside `orders.apigw.yaml`, in order. */
export function mappingFileNames(specFileName: string): string[] {
  const base = specFileName.replace(/\.apigw\.(json|jsonc|ya?ml)$/i, '');
  return [`${base}.apigw.local.yaml`, `${base}.apigw.local.yml`, `${base}.apigw.local.json`];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(file: string, message: string): WorkbenchError {
  return new WorkbenchError('InvalidArgument', `${file}: ${message}`, {
    hint: 'docs/LOCAL.md describes the mapping file.',
  });
}

function checkFunction(file: string, name: string, f: unknown): FunctionMapping {
  if (!isObject(f)) throw bad(file, `functions.${name} is not a mapping`);
  for (const k of ['handler', 'root', 'bootstrap'] as const)
    if (f[k] !== undefined && typeof f[k] !== 'string') throw bad(file, `functions.${name}.${k} is not a string`);
  if (f.proxy !== undefined && (typeof f.proxy !== 'string' || !/^https?:\/\//.test(f.proxy)))
    throw bad(file, `functions.${name}.proxy is not an http(s) URL`);
  if (f.runtime !== undefined && !RUNTIMES.includes(f.runtime as HandlerRuntime))
    throw bad(file, `functions.${name}.runtime is not ${RUNTIMES.join(', ')}`);
  const runtime = runtimeOf(f as FunctionMapping);
  if (f.handler === undefined && f.proxy === undefined && runtime !== 'provided')
    throw bad(file, `functions.${name} needs a handler (src/file.ts#export), a bootstrap or a proxy URL`);
  if (runtime === 'provided' && f.bootstrap === undefined && f.root === undefined && f.layers === undefined)
    throw bad(
      file,
      `functions.${name} runs a custom runtime: it needs its bootstrap, the root that holds it, or the layer that does`,
    );
  if (f.timeout !== undefined && (typeof f.timeout !== 'number' || !(f.timeout > 0)))
    throw bad(file, `functions.${name}.timeout is not a positive number`);
  checkMemory(file, name, f.memory);
  checkLogging(file, name, f);
  if (f.envFile !== undefined && typeof f.envFile !== 'string')
    throw bad(file, `functions.${name}.envFile is not a file name`);
  if (f.layers !== undefined && (!Array.isArray(f.layers) || f.layers.some((l) => typeof l !== 'string')))
    throw bad(file, `functions.${name}.layers is not a list of folders`);
  if (
    f.environment !== undefined &&
    (!isObject(f.environment) || Object.values(f.environment).some((v) => typeof v !== 'string'))
  )
    throw bad(file, `functions.${name}.environment is not a map of strings`);
  return f as FunctionMapping;
}

/** Lambda's memory sizes, which a Node handler's heap is sized from. */
function checkMemory(file: string, name: string, memory: unknown): void {
  const { min, max } = FUNCTION_MEMORY_MB;
  if (memory !== undefined && !(Number.isInteger(memory) && (memory as number) >= min && (memory as number) <= max))
    throw bad(
      file,
      `functions.${name}.memory is not a whole number of MB from ${min} to ${max}, as Lambda's memory is`,
    );
}

/** Lambda's rules for a LoggingConfig: a known format, known levels, and levels only with the JSON format. */
function checkLogging(file: string, name: string, f: Record<string, unknown>): void {
  if (f.logFormat !== undefined && f.logFormat !== 'Text' && f.logFormat !== 'JSON')
    throw bad(file, `functions.${name}.logFormat is not Text or JSON`);
  checkLevel(file, name, f, 'applicationLogLevel', APPLICATION_LOG_LEVELS);
  checkLevel(file, name, f, 'systemLogLevel', SYSTEM_LOG_LEVELS);
}

function checkLevel(
  file: string,
  name: string,
  f: Record<string, unknown>,
  key: 'applicationLogLevel' | 'systemLogLevel',
  levels: readonly string[],
): void {
  if (f[key] === undefined) return;
  if (!levels.includes(f[key] as string))
    throw bad(file, `functions.${name}.${key} is not one of ${levels.join(', ')}`);
  if (f.logFormat !== 'JSON')
    throw bad(file, `functions.${name}.${key} needs logFormat: JSON, as Lambda's log level filtering does`);
}

/**
 * Parses and checks a mapping file's text (YAML, or JSON in a `.json` file) with the spec's own front end and its
 * limits (docs/SPEC.md): a mapping file nested 16,000 levels deep made the YAML library's recursion end the whole
 * process. Throws a WorkbenchError naming the file and the line or field.
 */
export function parseMapping(text: string, file: string): LocalMapping {
  if (text.trim() === '') return {};
  const { doc, problem } = openMapping(text, file);
  if (problem)
    throw bad(file, `not valid YAML or JSON (line ${doc.positionAt(problem.offset).line + 1}: ${problem.message})`);
  const value = doc.value ?? {};
  if (!isObject(value)) throw bad(file, 'the top level is not a mapping');
  // `functions:` with nothing under it yet (YAML's null) is an empty section, as a user starting the file means it.
  if (value.functions === null) delete value.functions;
  if (value.functions !== undefined && !isObject(value.functions)) throw bad(file, 'functions is not a mapping');
  if (value.envFile !== undefined && typeof value.envFile !== 'string') throw bad(file, 'envFile is not a file name');
  if (
    value.apiKeys !== undefined &&
    !(Array.isArray(value.apiKeys) && value.apiKeys.every((k) => typeof k === 'string'))
  )
    throw bad(file, 'apiKeys is not a list of keys');
  if (value.invokeLocal !== undefined && typeof value.invokeLocal !== 'boolean')
    throw bad(file, 'invokeLocal is not true or false');
  if (value.accountThrottling !== undefined && !isLimits(value.accountThrottling))
    throw bad(file, 'accountThrottling is not { burstLimit, rateLimit } with two numbers of 0 or more');
  for (const [name, f] of Object.entries((value.functions as Record<string, unknown> | undefined) ?? {}))
    checkFunction(file, name, f);
  checkDomains(file, value.domains);
  return value as LocalMapping;
}

function checkDomains(file: string, domains: unknown): void {
  if (domains === undefined) return;
  if (!isObject(domains)) throw bad(file, 'domains is not a mapping of domain names');
  for (const [name, d] of Object.entries(domains)) {
    if (!isObject(d)) throw bad(file, `domains.${name} is not a mapping`);
    for (const key of ['truststore', 'certificate', 'key'])
      if (d[key] !== undefined && typeof d[key] !== 'string')
        throw bad(file, `domains.${name}.${key} is not a file name`);
    if ((d.certificate === undefined) !== (d.key === undefined))
      throw bad(file, `domains.${name} needs both certificate and key, or neither`);
  }
}

function isLimits(v: unknown): boolean {
  return isObject(v) && [v.burstLimit, v.rateLimit].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}

/** A mapping file's text through the spec's front end (YAML, or JSON in a `.json` file), with its first syntax error. */
export function openMapping(text: string, file: string): { doc: SpecDocument; problem: SyntaxProblem | undefined } {
  const doc = openSpec(text, { format: formatOf(file) === 'yaml' ? 'yaml' : 'json' });
  return { doc, problem: doc.syntaxProblems.find((p) => p.severity === 'error') };
}

/** `src/orders.ts#handler` → file and export. */
export function splitHandler(handler: string): { file: string; exportName: string } {
  const hash = handler.lastIndexOf('#');
  return hash < 0
    ? { file: handler, exportName: 'handler' }
    : { file: handler.slice(0, hash), exportName: handler.slice(hash + 1) || 'handler' };
}

const PYTHON_FUNCTIONS = /^(?:async[ \t]+)?def[ \t]+([A-Za-z]\w*)[ \t]*\(/gm;
const JS_EXPORTS = [
  /^[ \t]*export[ \t]+(?:async[ \t]+)?function[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)/gm,
  /^[ \t]*export[ \t]+(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)/gm,
  /\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)[ \t]*=/g,
];

/**
 * The export of a handler file to map a function to (the quick fix's): `handler`, or `lambda_handler` as AWS's
 * Python blueprints and SAM's templates name it, when the file defines it; else the file's one top-level function
 * (Python) or export (JavaScript, TypeScript); else `handler`.
 */
export function handlerExportOf(text: string, python: boolean): string {
  const patterns = python ? [PYTHON_FUNCTIONS] : JS_EXPORTS;
  const names = new Set(patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!)));
  for (const preferred of ['handler', 'lambda_handler']) if (names.has(preferred)) return preferred;
  return names.size === 1 ? [...names][0]! : 'handler';
}

export function runtimeOf(f: FunctionMapping): HandlerRuntime {
  if (f.runtime) return f.runtime;
  if (f.bootstrap !== undefined) return 'provided';
  return f.handler && /\.py$/.test(splitHandler(f.handler).file) ? 'python' : 'nodejs';
}

/** Whether the local API runs the function's code itself (a handler, a custom runtime), not a server of yours. */
export function runsLocally(f: FunctionMapping): boolean {
  return f.handler !== undefined || runtimeOf(f) === 'provided';
}

/** The handler's source file as written (relative to the mapping file), for Node and Python; none for others. */
export function handlerSourceOf(f: FunctionMapping): { file: string; exportName: string } | undefined {
  return f.handler && runtimeOf(f) !== 'provided' ? splitHandler(f.handler) : undefined;
}

// ---- the functions a spec calls ----

const LAMBDA_ARN = /arn:aws[a-z-]*:lambda:[^:/]*:[^:/]*:function:([^:/]+)(?::([^:/]+))?/;

/** The function name of a Lambda ARN or invocations URI (`orders-${stageVariables.fnSuffix}` stays a template). */
export function functionNameOf(uri: string): string | undefined {
  return LAMBDA_ARN.exec(uri)?.[1];
}

export function resolveStageVariables(text: string, vars: Record<string, string> | undefined): string {
  return text.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, n: string) => vars?.[n] ?? '');
}

export interface FunctionUse {
  kind: 'integration' | 'authorizer';
  name: string;
  /** Where the ARN is in the spec, for diagnostics. */
  path: JsonPath;
}

export interface SpecFunction {
  /** Resolved for the stage (`orders-dev`). */
  name: string;
  /** As written (`orders-${stageVariables.fnSuffix}`). */
  template: string;
  uses: FunctionUse[];
}

/** Every Lambda function the spec's Lambda integrations (proxy or not) and REQUEST authorizers call, for one stage. */
export function specFunctions(spec: GatewaySpec, stageVariables: Record<string, string> | undefined): SpecFunction[] {
  const byName = new Map<string, SpecFunction>();
  const add = (uri: string | undefined, use: FunctionUse) => {
    const template = uri ? functionNameOf(uri) : undefined;
    if (!template) return;
    const name = resolveStageVariables(template, stageVariables);
    const f = byName.get(name) ?? { name, template, uses: [] };
    f.uses.push(use);
    byName.set(name, f);
  };
  for (const [name, i] of Object.entries(spec.integrations ?? {}))
    if ((i.type === 'AWS_PROXY' || i.type === 'AWS') && !i.subtype)
      add(i.uri, { kind: 'integration', name, path: ['integrations', name, 'uri'] });
  for (const [name, a] of Object.entries(spec.authorizers ?? {}))
    if (a.type === 'REQUEST') add(a.uri, { kind: 'authorizer', name, path: ['authorizers', name, 'uri'] });
  return [...byName.values()];
}

/** The mapping entry of a function: by resolved name, else by its template. */
export function mappingFor(
  mapping: LocalMapping,
  f: Pick<SpecFunction, 'name' | 'template'>,
): FunctionMapping | undefined {
  return mapping.functions?.[f.name] ?? mapping.functions?.[f.template];
}

export interface UnmappedFunction extends SpecFunction {
  /** The range of each use's ARN, when a document was given. */
  ranges: Range[];
}

/**
 * Functions of the spec the mapping does not cover, with where the spec names them: what the editor turns into
 * diagnostics and a quick fix that writes a mapping.
 */
export function unmappedFunctions(
  spec: GatewaySpec,
  mapping: LocalMapping,
  stageVariables: Record<string, string> | undefined,
  document?: { rangeOf(path: JsonPath): Range },
): UnmappedFunction[] {
  return specFunctions(spec, stageVariables)
    .filter((f) => !mappingFor(mapping, f))
    .map((f) => ({ ...f, ranges: document ? f.uses.map((u) => document.rangeOf(u.path)) : [] }));
}

/** A mapping entry to write for a function (the quick fix's text), as YAML. */
export function mappingSnippet(
  functionName: string,
  entry: string | FunctionMapping = `src/${functionName}.ts#handler`,
): string {
  return applyEdits('', addFunctionMapping('', functionName, entry));
}
