// Heavy parts of the extension are separate bundles in dist/ (see esbuild.mjs), loaded on first use so that
// activation stays light. `require('@lazy/NAME')` becomes a runtime require of dist/NAME.js; esbuild never
// inlines it. Each loader below is typed by the module the bundle is built from.

/** Loads dist/NAME.js once and caches it. */
export function lazyBundle<T>(load: () => T): () => T {
  let mod: T | undefined;
  return () => (mod ??= load());
}
