// A relaxed name match for pickers and symbol searches: the query's characters in order, any case.

/** The query's characters in `name`, in order, any case: the relaxed match VS Code asks providers for. */
export function matchesInOrder(name: string, query: string): boolean {
  const n = name.toLowerCase();
  let at = 0;
  for (const c of query.toLowerCase()) {
    if (c === ' ') continue;
    at = n.indexOf(c, at) + 1;
    if (at === 0) return false;
  }
  return true;
}
