// Node.js handlers are bundled on the fly with esbuild (TypeScript included), the project's own esbuild first, then
// the workbench's; packages stay external and resolve from the project's node_modules, as they would in a deployed
// package. A handler is an ES module or CommonJS as Lambda's runtime loads it (moduleFormat). Without esbuild,
// JavaScript handlers load as they are and TypeScript ones are a clear error.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkbenchError } from '../core/errors';

interface ResolveResult {
  path: string;
  errors: unknown[];
}

interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: ResolveArgs) => Promise<{ path: string; external: boolean } | undefined>,
  ): void;
  resolve(path: string, options: { kind: string; resolveDir: string; pluginData: unknown }): Promise<ResolveResult>;
}

interface ResolveArgs {
  path: string;
  kind: string;
  resolveDir: string;
  pluginData: unknown;
}

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{
    outputFiles?: Array<{ path: string; text: string }>;
    metafile?: { inputs: Record<string, unknown> };
    errors: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
  }>;
}

export interface BuiltHandler {
  /** The compiled code, written to a temporary file; undefined when the source loads as it is. */
  bundlePath: string | undefined;
  /** The name the code runs under: the source's path with a .js extension (requires resolve from there). */
  filename: string;
  /** Source files the handler is made of (node_modules excluded): what reloads it when saved. */
  inputs: string[];
}

let cached: { dir: string; api: EsbuildApi | undefined } | undefined;

/** esbuild from the project (resolved from `projectDir`), else the workbench's own, else undefined. */
export function loadEsbuild(projectDir: string): EsbuildApi | undefined {
  if (cached?.dir === projectDir) return cached.api;
  let api: EsbuildApi | undefined;
  for (const from of [[projectDir], undefined]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      api = require(from ? require.resolve('esbuild', { paths: from }) : 'esbuild') as EsbuildApi;
      break;
    } catch {
      api = undefined;
    }
  }
  cached = { dir: projectDir, api };
  return api;
}

let builds = 0;

/**
 * How Lambda's Node.js runtime loads a handler file: `.mjs` (and `.mts`) as an ES module, `.cjs` (`.cts`) as
 * CommonJS, `.js` (`.ts`) as the nearest package.json's `type` says, CommonJS without one
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html).
 */
export function moduleFormat(file: string): 'esm' | 'cjs' {
  if (/\.m[jt]sx?$/.test(file)) return 'esm';
  if (/\.c[jt]sx?$/.test(file)) return 'cjs';
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) return packageType(pkg) === 'module' ? 'esm' : 'cjs';
    if (path.dirname(dir) === dir) return 'cjs';
  }
}

function packageType(file: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

const RESOLVING = Symbol('resolving');

/**
 * An ES module bundle runs from the bundle directory, where a bare `import 'express'` would find no node_modules:
 * each package is resolved from the importing source, as Node would, and imported by its file URL. A package that
 * does not resolve stays as written (it fails at load, as a missing package does in Lambda).
 */
function packagesByUrl(): { name: string; setup(build: PluginBuild): void } {
  return {
    name: 'packages-by-url',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING || isBuiltin(args.path) || path.isAbsolute(args.path)) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        return { path: r.errors.length ? args.path : pathToFileURL(r.path).href, external: true };
      });
    },
  };
}

/**
 * An ES module bundle: packages imported by file URL, and `import.meta` naming the source, as a CommonJS bundle's
 * `__dirname` does (it runs under the source's name), so files read beside the source are found.
 */
function esmOptions(file: string): Record<string, unknown> {
  return {
    plugins: [packagesByUrl()],
    define: {
      'import.meta.url': JSON.stringify(pathToFileURL(file).href),
      'import.meta.filename': JSON.stringify(file),
      'import.meta.dirname': JSON.stringify(path.dirname(file)),
    },
  };
}

/**
 * Bundles a Node.js handler file (or leaves a .js/.mjs/.cjs as it is when esbuild is missing, or when `asIs`).
 *
 * `asIs` is for a debugged process: a bundle runs under its source's name, so a breakpoint set by path on line N of
 * the source also binds to line N of the bundle and stops its top-level code at load (a stray pause, and pauses are
 * where Node 20's V8 can abort the process: functions.ts). A JavaScript handler then loads from its own file, which
 * its breakpoints bind to before it runs; it is still built, for its compile errors and the files that reload it.
 */
export async function buildNodeHandler(
  file: string,
  functionName: string,
  outDir: string,
  asIs = false,
  nodePaths: string[] = [],
): Promise<BuiltHandler> {
  if (!fs.existsSync(file))
    throw new WorkbenchError('NotFound', `The handler file of ${functionName} does not exist: ${file}`, {
      hint: 'Fix the handler path in the mapping file (docs/LOCAL.md#the-mapping-file).',
    });
  const filename = file.replace(/\.(c|m)?[jt]sx?$/, '') + '.js';
  const esbuild = loadEsbuild(path.dirname(file));
  if (!esbuild) {
    if (/\.[cm]?js$/.test(file)) return { bundlePath: undefined, filename: file, inputs: [file] };
    throw new WorkbenchError('Unsupported', `${functionName} is TypeScript and no esbuild was found to compile it.`, {
      hint: 'Install esbuild in the project (npm install --save-dev esbuild) or point the mapping at compiled JavaScript.',
      fix: { label: 'Install esbuild', copyText: 'npm install --save-dev esbuild' },
    });
  }
  const format = moduleFormat(file);
  const result = await esbuild
    .build({
      entryPoints: [file],
      bundle: true,
      ...(format === 'esm' ? esmOptions(file) : { packages: 'external' }),
      platform: 'node',
      format,
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      outfile: filename,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: path.dirname(file),
      // The function's layers (functions.ts): an ES module's packages resolve from them too, as on Lambda.
      nodePaths,
    })
    .catch((err: { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }) => {
      const first = err.errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
      throw new WorkbenchError(
        'InvalidArgument',
        `${functionName} does not compile: ${first?.text ?? String(err)}${where}`,
        {
          hint: 'Fix the error and save: the local API rebuilds on save.',
          cause: err,
        },
      );
    });
  const cwd = path.dirname(file);
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((p) => !p.includes('node_modules'))
    .map((p) => path.resolve(cwd, p));
  if (asIs && /\.[cm]?js$/.test(file)) return { bundlePath: undefined, filename: file, inputs };
  const code = result.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? '';
  fs.mkdirSync(outDir, { recursive: true });
  // The runner imports an .mjs bundle as an ES module and compiles a .js one as CommonJS.
  const bundlePath = path.join(
    outDir,
    `${functionName.replace(/[^\w.-]/g, '_')}-${++builds}.${format === 'esm' ? 'mjs' : 'js'}`,
  );
  fs.writeFileSync(bundlePath, code);
  return { bundlePath, filename, inputs };
}
