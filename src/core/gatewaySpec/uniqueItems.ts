// JSON Schema's `uniqueItems` in one pass. ajv compares every pair of items with deep equality, quadratic in the
// list's length (minutes for 100,000 items); here each item's canonical JSON (object keys sorted, as deep equality
// ignores their order; arrays in order) is looked up in a map. Used by the model schema check's generated code
// (scripts/gen-spec-validator.mjs) and by the local API's message validation (src/core/local/requestModels.ts).

/** The indexes of the first item equal to an earlier one, [earlier, later]; undefined when all differ. */
export function duplicateOf(items: readonly unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let k = 0; k < items.length; k++) {
    const key = canonical(items[k]);
    const earlier = seen.get(key);
    if (earlier !== undefined) return [earlier, k];
    seen.set(key, k);
  }
  return undefined;
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}
