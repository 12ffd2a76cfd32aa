// Engines that only one or two subcommands need stay in their own bundles, dist/local.js (the local API server) and
// dist/openapi.js (the OpenAPI parser and its schemas), loaded on first use as the extension loads them
// (`require('@lazy/NAME')`, docs/DEVELOPING.md): built into dist/cli.js they would add their parse time to every
// `apigw` run, `apigw validate` in a pre-commit hook included. The npm package ships them beside dist/cli.js.
//
// Under tsc (the unit tests run the CLI from out/) there are no sibling bundles: the module is then required from its
// source path, a path esbuild does not follow, so the bundle never includes it statically.
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import type * as LocalEngine from '../local/bundle';
import type * as OpenApiEngine from '../core/openapi/bundle';

/** dist/local.js: startLocalApi() and the mapping helpers. */
export const localEngine = once(() =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  load<typeof LocalEngine>('local', () => require('@lazy/local'), '../local/bundle'),
);

/** dist/openapi.js: importOpenApi() and exportOpenApi(). */
export const openApiEngine = once(() =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  load<typeof OpenApiEngine>('openapi', () => require('@lazy/openapi'), '../core/openapi/bundle'),
);

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function load<T>(name: string, bundled: () => unknown, source: string): T {
  try {
    return bundled() as T;
  } catch (err) {
    // Only the unresolved '@lazy/…' specifier of the tsc build falls back; a bundle missing beside dist/cli.js
    // (a broken install) is said as such.
    if (!isMissing(err, `@lazy/${name}`)) throw missingBundle(name, err);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, source)) as T;
}

function isMissing(err: unknown, specifier: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${specifier}'`);
}

function missingBundle(name: string, err: unknown): WorkbenchError {
  return new WorkbenchError('Unknown', `apigw cannot load its ${name} engine (${name}.js beside cli.js).`, {
    hint: 'The installation is incomplete: install the apigw-workbench package again.',
    cause: err,
  });
}
