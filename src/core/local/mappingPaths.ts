// The files and folders a local mapping file names that are not there, for the editor's diagnostics on the mapping
// file (src/vscode/local/mappingProblems.ts): a handler file, a task root, a layer, an env file, a JWKS file, a
// domain's truststore and certificate. The local API would refuse each one only when the function first runs (or,
// for env files and truststores, at start); the editor says so where the path is written. The reader of the disk
// is given, so this stays pure.
import type { JsonPath, Range } from '../gatewaySpec/diagnostics';
import { handlerSourceOf, isObject, openMapping, type FunctionMapping } from './handlers';

export interface MappingPathProblem {
  range: Range;
  message: string;
  /** The path as written (relative to the mapping file), and what it names. */
  path: string;
  what: PathRole;
  /** A handler file's export, for the file a quick fix creates. */
  exportName?: string;
}

type Kind = 'file' | 'folder';
export type PathRole =
  | 'handler file'
  | 'bootstrap'
  | 'task root'
  | 'env file'
  | 'layer folder'
  | 'JWKS file'
  | 'truststore'
  | 'certificate file'
  | 'key file';

/** A domain entry's paths (tls.ts reads them when the domain is served with mutual TLS). */
const DOMAIN_PATHS: Array<[key: string, what: PathRole]> = [
  ['truststore', 'truststore'],
  ['certificate', 'certificate file'],
  ['key', 'key file'],
];

interface NamedPath {
  at: JsonPath;
  path: string;
  kind: Kind;
  what: PathRole;
  exportName?: string;
}

/** Each path the function entry `name` names, with where it is written. */
function functionPaths(name: string, f: Record<string, unknown>): NamedPath[] {
  const base = ['functions', name];
  const out: NamedPath[] = [];
  const source = typeof f.handler === 'string' && f.proxy === undefined && handlerSourceOf(f as FunctionMapping);
  if (source && source.file !== '') {
    const { file, exportName } = source;
    out.push({ at: [...base, 'handler'], path: file, kind: 'file', what: 'handler file', exportName });
  }
  if (typeof f.bootstrap === 'string')
    out.push({ at: [...base, 'bootstrap'], path: f.bootstrap, kind: 'file', what: 'bootstrap' });
  if (typeof f.root === 'string') out.push({ at: [...base, 'root'], path: f.root, kind: 'folder', what: 'task root' });
  if (typeof f.envFile === 'string')
    out.push({ at: [...base, 'envFile'], path: f.envFile, kind: 'file', what: 'env file' });
  const layers = Array.isArray(f.layers) ? (f.layers as unknown[]) : [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (typeof l === 'string') out.push({ at: [...base, 'layers', i], path: l, kind: 'folder', what: 'layer folder' });
  }
  return out;
}

/** Every path the mapping names, in the order of the file's sections. */
function namedPaths(value: Record<string, unknown>): NamedPath[] {
  const out: NamedPath[] = [];
  if (typeof value.envFile === 'string')
    out.push({ at: ['envFile'], path: value.envFile, kind: 'file', what: 'env file' });
  for (const [name, f] of Object.entries(isObject(value.functions) ? value.functions : {}))
    if (isObject(f)) out.push(...functionPaths(name, f));
  for (const [name, j] of Object.entries(isObject(value.jwt) ? value.jwt : {}))
    if (isObject(j) && typeof j.jwksFile === 'string')
      out.push({ at: ['jwt', name, 'jwksFile'], path: j.jwksFile, kind: 'file', what: 'JWKS file' });
  for (const [name, d] of Object.entries(isObject(value.domains) ? value.domains : {}))
    for (const [key, what] of DOMAIN_PATHS)
      if (isObject(d) && typeof d[key] === 'string')
        out.push({ at: ['domains', name, key], path: d[key], kind: 'file', what });
  return out;
}

/** Paths looked up per check at most: each is a file system call on the editor's thread, and a mapping names a few. */
export const MAX_CHECKED_PATHS = 500;

/**
 * The paths of a mapping file's text that `kindOf` (relative to the mapping file's folder) says are missing or the
 * wrong kind, the first MAX_CHECKED_PATHS of them. A text that does not parse has none here: its syntax is reported
 * where it is edited.
 */
export function mappingPathProblems(
  text: string,
  fileName: string,
  kindOf: (relativePath: string) => Kind | undefined,
): MappingPathProblem[] {
  const { doc, problem } = openMapping(text, fileName);
  if (problem || !isObject(doc.value)) return [];
  const out: MappingPathProblem[] = [];
  for (const p of namedPaths(doc.value).slice(0, MAX_CHECKED_PATHS)) {
    const found = kindOf(p.path);
    if (found === p.kind) continue;
    const message =
      found === undefined
        ? `The ${p.what} ${p.path} does not exist (paths are relative to this file).`
        : `The ${p.what} ${p.path} is a ${found}, not a ${p.kind}.`;
    const problem: MappingPathProblem = { range: doc.rangeOf(p.at), message, path: p.path, what: p.what };
    out.push(p.exportName === undefined ? problem : { ...problem, exportName: p.exportName });
  }
  return out;
}

/**
 * The text of a new handler file that answers as a Lambda proxy integration expects: `handler(event, context)`
 * returning a status and a JSON body, in the file's language and module format (Lambda's rule for `.js`: the
 * nearest package.json's type, which the caller reads).
 */
export function handlerSkeleton(file: string, exportName: string, format: 'esm' | 'cjs'): string {
  const body = "{ statusCode: 200, body: JSON.stringify({ message: 'hello from " + exportName + "' }) }";
  if (/\.py$/i.test(file))
    return [
      'import json',
      '',
      '',
      `def ${exportName}(event, context):`,
      `    return {"statusCode": 200, "body": json.dumps({"message": "hello from ${exportName}"})}`,
      '',
    ].join('\n');
  if (/\.[cm]?tsx?$/i.test(file))
    return `export const ${exportName} = async (event: unknown) => {\n  return ${body};\n};\n`;
  if (format === 'esm') return `export const ${exportName} = async (event) => {\n  return ${body};\n};\n`;
  return `exports.${exportName} = async (event) => {\n  return ${body};\n};\n`;
}
