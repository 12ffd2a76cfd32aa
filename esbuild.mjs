// Bundles the extension and the CLI. Heavy parts (AWS SDK, ajv) are separate bundles that the
// extension loads on first use through `require('@lazy/NAME')` (see src/vscode/lazy.ts), so activation stays light.
//   node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** `@lazy/NAME` stays a runtime require of `./NAME.js`, the sibling bundle in dist/. */
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^@lazy\// }, (args) => ({
      path: `./${args.path.slice('@lazy/'.length)}.js`,
      external: true,
    }));
  },
};

/**
 * The spec validator is ajv code generated from schemas/gateway-spec.schema.json (written only when it changed),
 * before every build and every watch rebuild, so an edited schema never meets a stale validator.
 */
const specValidator = {
  name: 'spec-validator',
  setup(build) {
    build.onStart(() => {
      execFileSync(process.execPath, ['scripts/gen-spec-validator.mjs'], { stdio: 'inherit' });
    });
  },
};

/** Reports build results the way VS Code's esbuild problem matcher reads them. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

// Entry points: [source, bundle name in dist/]. Lazy bundles are loaded with require('@lazy/<name>').
export const entries = [
  ['src/extension.ts', 'extension'],
  ['src/cli/apigw.ts', 'cli'],
  ['src/core/gatewaySpec/bundle.ts', 'spec'],
  ['src/aws/bundle.ts', 'aws'],
  ['src/local/bundle.ts', 'local'],
  // A handler process of the local API (src/local/functions.ts spawns it beside dist/local.js).
  ['src/local/localNodeRunner.ts', 'local-runner'],
  // The worker that renders the local API's mapping templates (src/local/templates.ts starts it).
  ['src/local/templateWorker.ts', 'local-templates'],
  ['src/core/openapi/bundle.ts', 'openapi'],
  // The `.http` environment files' parser (jsonc-parser): a `{{` completion need not load the SDK's bundle.
  ['src/core/call/environmentFile.ts', 'call-env'],
];

// Webview pages: browser bundles (dist/NAME.js, and dist/NAME.css from the CSS they import), loaded by the page a
// panel renders (src/vscode/webview/panel.ts), never by the extension host.
export const pageEntries = [['src/webview/metrics/page/main.ts', 'webview-metrics']];

const options = {
  entryPoints: Object.fromEntries(entries.map(([src, out]) => [out, src])),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  // esbuild bundles Node handlers at run time: the project's own, else the workbench's (src/local/bundler.ts).
  external: ['vscode', 'esbuild'],
  define: { __APIGW_VERSION__: JSON.stringify(JSON.parse(fs.readFileSync('package.json', 'utf8')).version) },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  // jsonc-parser and others ship UMD and ESM builds: prefer the ESM one so esbuild can bundle it statically.
  mainFields: ['module', 'main'],
  plugins: [specValidator, lazyBundles, ...(watch ? [problemMatcher] : [])],
};

/** The pages run in a webview: an IIFE for the browser, no Node built-ins, everything (uPlot, its CSS) bundled. */
const pageOptions = {
  entryPoints: Object.fromEntries(pageEntries.map(([src, out]) => [out, src])),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  outdir: 'dist',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

if (production) fs.rmSync('dist', { recursive: true, force: true });
const ctx = await esbuild.context(options);
const pageCtx = await esbuild.context(pageOptions);
if (watch) {
  await Promise.all([ctx.watch(), pageCtx.watch()]);
} else {
  const [result] = await Promise.all([ctx.rebuild(), pageCtx.rebuild()]);
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  await Promise.all([ctx.dispose(), pageCtx.dispose()]);
}
