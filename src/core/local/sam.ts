// A Lambda function of an AWS SAM template as a local mapping entry, for the quick fix that maps a spec's function
// (docs/LOCAL.md#the-mapping-file): a project that deploys its functions with SAM already says, in `template.yaml`,
// where each one's code is (CodeUri, Handler, Runtime, esbuild's EntryPoints, a custom runtime's build), its
// environment, timeout, memory, layers and log format. The template is read by the spec's front end (its limits; CloudFormation's `!Ref`, `!Sub`…
// read as plain YAML). Pure: the caller says which files exist.
import type { JsonPath } from '../gatewaySpec/diagnostics';
import type { SpecDocument } from '../gatewaySpec/document';
import { openSpec } from '../gatewaySpec/input';
import { isObject, type FunctionMapping } from './handlers';

/** What the caller tells about the workspace: where the template is from the mapping file, and which files exist. */
export interface SamContext {
  /** The template's folder relative to the mapping file's, POSIX-style (`''` when the same). */
  readonly base: string;
  /** Whether a path relative to the mapping file's folder is a file. */
  exists(path: string): boolean;
}

export interface SamFunction {
  readonly logicalId: string;
  readonly mapping: FunctionMapping;
}

type Props = Record<string, unknown>;

function joinPath(...parts: string[]): string {
  const joined = parts
    .filter((p) => p !== '' && p !== '.')
    .join('/')
    .replace(/\/\.\//g, '/')
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');
  return joined || '.';
}

/** `${AWS::StackName}-orders` (a `!Sub` read as text) matches `anything-orders`; a plain name matches itself. */
function namesFunction(written: unknown, name: string): boolean {
  if (typeof written !== 'string') return false;
  if (!written.includes('${')) return written === name;
  const parts = written.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`).test(name);
}

/** The template's function resource for `name`: by its FunctionName, else by its logical ID. */
function findFunction(resources: Props, name: string): [string, Props] | undefined {
  const functions = Object.entries(resources).filter(
    (e): e is [string, Props] => isObject(e[1]) && e[1].Type === 'AWS::Serverless::Function',
  );
  const props = (r: Props) => (isObject(r.Properties) ? r.Properties : {});
  return (
    functions.find(([, r]) => namesFunction(props(r).FunctionName, name)) ??
    functions.find(([id, r]) => id === name && props(r).FunctionName === undefined)
  );
}

/**
 * Plain values of the Environment Variables at `path`: a CloudFormation function (`!Ref OrdersTable`, which the
 * front end reads as the text `OrdersTable`, or `{"Ref": …}`) has a value only CloudFormation knows, and is left out.
 */
function variablesAt(doc: SpecDocument, path: JsonPath, tags: readonly number[]): Record<string, string> {
  const vars = doc.nodeAt([...path, 'Environment', 'Variables']);
  const out: Record<string, string> = {};
  for (const p of vars?.kind === 'object' ? (vars.properties ?? []) : []) {
    const v = p.value?.value;
    const tagged = tags.some((t) => t > p.keyOffset && t < p.offset + p.length);
    if (!tagged && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) out[p.key] = String(v);
  }
  return out;
}

/** The handler's file from the code folder: esbuild's entry point, else the Handler's module path and an extension. */
function handlerFile(code: string, props: Props, metadata: unknown, ctx: SamContext): string | undefined {
  const handler = typeof props.Handler === 'string' ? props.Handler : undefined;
  const runtime = typeof props.Runtime === 'string' ? props.Runtime : '';
  if (!handler || !/^(python|nodejs)/.test(runtime)) return undefined;
  const modulePath = handler.slice(0, handler.lastIndexOf('.'));
  if (runtime.startsWith('python')) return joinPath(code, `${modulePath.replace(/\./g, '/')}.py`);
  const build = isObject(metadata) && isObject(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const entries = Array.isArray(build.EntryPoints) ? build.EntryPoints.filter((e) => typeof e === 'string') : [];
  const candidates = [
    ...entries.map((e) => joinPath(code, e)),
    ...['.js', '.mjs', '.cjs', '.ts', '.mts'].map((ext) => joinPath(code, `${modulePath}${ext}`)),
  ];
  return candidates.find((c) => ctx.exists(joinPath(ctx.base, c))) ?? candidates[0];
}

/**
 * A custom runtime (`provided.al2023`: Go, Rust, a makefile build): its bootstrap in CodeUri when it is there, else
 * where `sam build` writes the function's package, `.aws-sam/build/LOGICAL_ID` beside the template; the Handler as it is.
 */
function customRuntime(code: string, handler: string, logicalId: string, ctx: SamContext): FunctionMapping {
  const built = ctx.exists(joinPath(ctx.base, code, 'bootstrap')) ? code : `.aws-sam/build/${logicalId}`;
  return { runtime: 'provided', root: joinPath(ctx.base, built), ...(handler ? { handler } : {}) };
}

/** A layer the template builds (`!Ref` a LayerVersion read as its logical ID): its ContentUri. ARNs are not local. */
function layersOf(layers: unknown, resources: Props, ctx: SamContext): string[] {
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((l) => {
    const r = typeof l === 'string' ? resources[l] : undefined;
    const content = isObject(r) && isObject(r.Properties) ? r.Properties.ContentUri : undefined;
    return typeof content === 'string' && !/^s3:/.test(content) ? [joinPath(ctx.base, content)] : [];
  });
}

function loggingOf(config: unknown): Pick<FunctionMapping, 'logFormat' | 'applicationLogLevel' | 'systemLogLevel'> {
  if (!isObject(config) || config.LogFormat !== 'JSON') return {};
  const { ApplicationLogLevel: app, SystemLogLevel: system } = config;
  return {
    logFormat: 'JSON',
    ...(typeof app === 'string' ? { applicationLogLevel: app as FunctionMapping['applicationLogLevel'] } : {}),
    ...(typeof system === 'string' ? { systemLogLevel: system as FunctionMapping['systemLogLevel'] } : {}),
  };
}

/** A SAM template as read once (the quick fix keeps it while the file is unchanged). */
export interface SamTemplate {
  readonly doc: SpecDocument;
  readonly value: Props;
  /** Where the front end read a YAML tag (`!Ref`, `!Sub`…) as plain YAML. */
  readonly tags: readonly number[];
}

/** The file names AWS SAM looks for a project's template under. */
export const SAM_TEMPLATES = ['template.yaml', 'template.yml', 'template.json'] as const;

/** The logical IDs of the template's functions and the FunctionNames they give: what SAM keys an env-vars file by. */
export function samFunctionKeys(template: SamTemplate): string[] {
  const out: string[] = [];
  for (const [id, r] of Object.entries(template.value.Resources as Props)) {
    if (!isObject(r) || r.Type !== 'AWS::Serverless::Function') continue;
    out.push(id);
    const name = isObject(r.Properties) ? r.Properties.FunctionName : undefined;
    if (typeof name === 'string') out.push(name);
  }
  return out;
}

/** The logical ID of the template's function `name` (by its FunctionName, else by that logical ID), if it has one. */
export function samLogicalId(template: SamTemplate, name: string): string | undefined {
  return findFunction(template.value.Resources as Props, name)?.[0];
}

/** A template's text read, or undefined when it does not parse or has no Resources. */
export function readSamTemplate(text: string): SamTemplate | undefined {
  const doc = openSpec(text, { format: text.trimStart().startsWith('{') ? 'json' : 'yaml' });
  const value = doc.syntaxProblems.some((p) => p.severity === 'error') ? undefined : doc.value;
  if (!isObject(value) || !isObject(value.Resources)) return undefined;
  const tags = doc.syntaxProblems.filter((p) => p.message.startsWith('Unknown tag ')).map((p) => p.offset);
  return { doc, value, tags };
}

/**
 * The mapping entry for the function `name` of a SAM template (its text, or as read), or undefined when the
 * template has no such function, does not parse, or runs it on a runtime other than Node.js, Python or a custom one. Properties
 * come from the function, then the template's `Globals.Function`.
 */
export function samFunctionMapping(
  template: string | SamTemplate,
  name: string,
  ctx: SamContext,
): SamFunction | undefined {
  const read = typeof template === 'string' ? readSamTemplate(template) : template;
  if (!read) return undefined;
  const { doc, value, tags } = read;
  const found = findFunction(value.Resources as Props, name);
  if (!found) return undefined;
  const [logicalId, resource] = found;
  const globals = isObject(value.Globals) && isObject(value.Globals.Function) ? value.Globals.Function : {};
  const own = isObject(resource.Properties) ? resource.Properties : {};
  const props: Props = { ...globals, ...own };
  const code = typeof props.CodeUri === 'string' && !/^s3:/.test(props.CodeUri) ? props.CodeUri : '.';
  const handler = typeof props.Handler === 'string' ? props.Handler : '';
  const custom = typeof props.Runtime === 'string' && props.Runtime.startsWith('provided');
  const file = custom ? undefined : handlerFile(code, props, resource.Metadata, ctx);
  if (!file && !custom) return undefined;
  const environment = {
    ...variablesAt(doc, ['Globals', 'Function'], tags),
    ...variablesAt(doc, ['Resources', logicalId, 'Properties'], tags),
  };
  const layers = custom ? [] : layersOf(props.Layers, value.Resources as Props, ctx);
  const mapping: FunctionMapping = {
    ...(file
      ? {
          handler: `${joinPath(ctx.base, file)}#${handler.slice(handler.lastIndexOf('.') + 1)}`,
          root: joinPath(ctx.base, code),
        }
      : customRuntime(code, handler, logicalId, ctx)),
    ...(Object.keys(environment).length ? { environment } : {}),
    ...(typeof props.Timeout === 'number' ? { timeout: props.Timeout } : {}),
    ...(typeof props.MemorySize === 'number' ? { memory: props.MemorySize } : {}),
    ...(layers.length ? { layers } : {}),
    ...loggingOf(props.LoggingConfig),
  };
  return { logicalId, mapping };
}
