// Diagnostics of the gateway spec engine: one stable code per problem, a severity, an exact range, and the quick
// fixes an editor can apply. docs/SPEC.md lists every code; a unit test keeps the two in step.

export type Severity = 'error' | 'warning' | 'info';

/** Zero-based line and UTF-16 character, as VS Code and the LSP count them. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A text change by offsets into the validated text. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor offers first (Ctrl+. then Enter). */
  preferred?: boolean;
}

/** A path into the document: property names and array indexes, as in `['routes', 'GET /items', 'integration']`. */
export type JsonPath = ReadonlyArray<string | number>;

export interface SpecDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Where the problem is: offsets into the text, and the same as a line/character range. */
  offset: number;
  length: number;
  range: Range;
  /** The JSON path of the element the range points at, when there is one. */
  path?: JsonPath;
  /** Other places worth showing (the first of two duplicate keys, the route a key overlaps). */
  related?: Array<{ message: string; offset: number; length: number; range: Range }>;
  fixes?: QuickFix[];
}

interface CodeInfo {
  severity: Severity;
  title: string;
}

/**
 * Every code the engine reports. Numbering: 0xx syntax (01x the spec input budget, limits.ts), 1xx schema, 2xx references, 3xx routes,
 * 4xx integrations, 5xx authorization and API settings, 6xx stages and domains, 7xx quotas, 8xx values, 9xx unused items.
 */
export const CODES = {
  APIGW001: { severity: 'error', title: 'Syntax error' },
  APIGW002: { severity: 'error', title: 'Duplicate key' },
  APIGW003: { severity: 'error', title: 'The document is not a mapping/object' },
  APIGW004: { severity: 'error', title: 'Key is not a string (YAML)' },
  APIGW005: { severity: 'error', title: 'The file is not UTF-8 text' },
  APIGW010: { severity: 'error', title: 'File larger than the spec input limit' },
  APIGW011: { severity: 'error', title: 'Nested deeper than the spec input limit' },
  APIGW012: { severity: 'error', title: 'More values than the spec input limit' },
  APIGW013: { severity: 'error', title: 'YAML aliases expand past the spec input limit' },
  APIGW014: { severity: 'info', title: 'More problems than one file reports' },
  APIGW100: { severity: 'error', title: 'Wrong type' },
  APIGW101: { severity: 'error', title: 'Missing required property' },
  APIGW102: { severity: 'error', title: 'Unknown property' },
  APIGW103: { severity: 'error', title: 'Value not allowed' },
  APIGW104: { severity: 'error', title: 'Value or name does not match the expected format' },
  APIGW105: { severity: 'error', title: 'Value out of range' },
  APIGW106: { severity: 'error', title: 'Too many or too few items' },
  APIGW200: { severity: 'error', title: 'Unknown integration' },
  APIGW201: { severity: 'error', title: 'Unknown authorizer' },
  APIGW202: { severity: 'error', title: 'Unknown VPC link' },
  APIGW203: { severity: 'error', title: 'Unknown stage' },
  APIGW204: { severity: 'error', title: 'Unknown route' },
  APIGW205: { severity: 'error', title: 'Unknown model' },
  APIGW300: { severity: 'error', title: 'Invalid HTTP route key' },
  APIGW301: { severity: 'error', title: 'Invalid WebSocket route key' },
  APIGW302: { severity: 'error', title: 'Greedy path parameter not last' },
  APIGW303: { severity: 'error', title: 'Routes match the same requests' },
  APIGW304: { severity: 'error', title: 'Path parameter named twice' },
  APIGW305: { severity: 'warning', title: 'Route without integration' },
  APIGW306: { severity: 'warning', title: 'WebSocket route key looks like an HTTP route key' },
  APIGW307: { severity: 'error', title: 'Route response other than $default' },
  APIGW400: { severity: 'error', title: 'Integration type not supported by the protocol' },
  APIGW401: { severity: 'error', title: 'Payload format version not allowed' },
  APIGW402: { severity: 'error', title: 'First-class integration misses a required parameter' },
  APIGW403: { severity: 'error', title: 'First-class integration misses its credentials role' },
  APIGW404: { severity: 'error', title: 'Unknown parameter for the first-class integration' },
  APIGW405: { severity: 'error', title: 'Integration timeout above the protocol maximum' },
  APIGW406: { severity: 'error', title: 'Integration setting not applicable' },
  APIGW407: { severity: 'error', title: 'Integration needs a URI' },
  APIGW408: { severity: 'error', title: 'Integration description too long with the name marker' },
  APIGW409: { severity: 'error', title: 'Lambda integration method other than POST' },
  APIGW410: { severity: 'error', title: 'Parameter mapping key AWS does not take, or on a reserved header' },
  APIGW500: { severity: 'error', title: 'JWT authorization on a WebSocket API' },
  APIGW501: { severity: 'error', title: 'Authorization type does not match the authorizer' },
  APIGW502: { severity: 'error', title: 'Authorization scopes without JWT authorization' },
  APIGW503: { severity: 'error', title: 'CORS on a WebSocket API' },
  APIGW504: { severity: 'error', title: 'CORS credentials with any origin' },
  APIGW505: { severity: 'error', title: 'Authorizer misses its configuration' },
  APIGW506: { severity: 'error', title: 'Authorizer setting not applicable' },
  APIGW507: { severity: 'error', title: 'WebSocket authorizer on a route other than $connect' },
  APIGW508: { severity: 'error', title: 'WebSocket-only route setting on an HTTP API' },
  APIGW509: { severity: 'error', title: 'Identity sources do not fit the authorizer' },
  APIGW510: { severity: 'error', title: 'API setting not applicable to the protocol' },
  APIGW511: { severity: 'warning', title: 'Request models without a model selection expression' },
  APIGW512: { severity: 'error', title: 'Model schema that is not JSON Schema draft 4' },
  APIGW513: { severity: 'warning', title: 'Two-way route whose non-proxy integration has no integration response' },
  APIGW514: { severity: 'warning', title: 'Mapping template that is not valid Velocity' },
  APIGW600: { severity: 'error', title: 'Invalid stage name' },
  APIGW602: { severity: 'error', title: 'Access log format longer than 3 KB' },
  APIGW603: { severity: 'error', title: 'Access log format without $context.requestId' },
  APIGW604: { severity: 'error', title: 'WebSocket-only stage setting on an HTTP API' },
  APIGW605: { severity: 'error', title: 'Domain security policy TLS_1_0 where TLS_1_2 is needed' },
  APIGW606: { severity: 'error', title: 'Multi-level API mapping of a WebSocket API' },
  APIGW607: { severity: 'warning', title: 'Access log variable AWS does not list' },
  APIGW608: { severity: 'warning', title: 'Security policy TLS_1_0 on a domain of a WebSocket API' },
  APIGW609: { severity: 'error', title: 'Two API mappings of a domain with the same path' },
  APIGW700: { severity: 'error', title: 'More than 300 integrations' },
  APIGW701: { severity: 'warning', title: 'More than 300 routes' },
  APIGW702: { severity: 'warning', title: 'More than 10 stages' },
  APIGW703: { severity: 'warning', title: 'More than 10 authorizers' },
  APIGW704: { severity: 'error', title: 'More than 100 stage variables' },
  APIGW705: { severity: 'warning', title: 'More than 10 VPC links' },
  APIGW706: { severity: 'warning', title: 'More than 10 subnets in a VPC link' },
  APIGW707: { severity: 'error', title: 'More than 200 multi-level API mappings on a domain' },
  APIGW708: { severity: 'error', title: 'Mapping template larger than 300 KB' },
  APIGW709: { severity: 'warning', title: 'More than 300 integrations in a WebSocket API' },
  APIGW800: { severity: 'error', title: 'Malformed ARN' },
  APIGW801: { severity: 'error', title: 'Unknown ${…} variable' },
  APIGW802: { severity: 'error', title: 'Unterminated ${' },
  APIGW803: { severity: 'error', title: 'Integration URI is not a URL' },
  APIGW900: { severity: 'warning', title: 'Unused integration' },
  APIGW901: { severity: 'warning', title: 'Unused authorizer' },
  APIGW902: { severity: 'warning', title: 'Unused VPC link' },
  APIGW903: { severity: 'warning', title: 'Unused model' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export function severityOf(code: DiagnosticCode): Severity {
  return CODES[code].severity;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max` + 1. With a finite
 * `max` only the cells within `max` of the diagonal are computed (a cell further off is more than `max` already), so
 * two long names that differ little cost O(length × max), not O(length²): two 20 KB keys took 12 s.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  const band = Math.min(Math.max(m, n), max);
  const far = band + 1;
  // Three rows in turn: the one before the previous (transpositions), the previous, the current.
  let prev2 = new Int32Array(n + 2);
  let prev = new Int32Array(n + 2);
  let cur = new Int32Array(n + 2);
  for (let j = 0; j <= n; j++) prev[j] = j <= band ? j : far;
  prev[n + 1] = far;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(n, i + band);
    cur[lo - 1] = lo === 1 ? Math.min(i, far) : far;
    let rowMin = cur[lo - 1]!;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = Math.min(v, far);
      if (v < rowMin) rowMin = v;
    }
    cur[hi + 1] = far;
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]! > max ? max + 1 : prev[n]!;
}

/**
 * The candidates close enough to `word` to be what was meant, best first: a case-insensitive match, then edit
 * distance up to a third of the word's length (at least 1, at most 4), keeping those at most one edit further than
 * the closest.
 */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const max = Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push([c, d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  // Only the closest, and those one edit further: one letter off `authorizationType` is not `authorizationScopes`.
  const best = scored[0]?.[1] ?? 0;
  return scored
    .filter(([, d]) => d <= best + 1)
    .slice(0, limit)
    .map(([c]) => c);
}

/**
 * "Did you mean" within a budget of candidate names compared: a text with thousands of unknown names among
 * thousands of known ones would otherwise compare every pair. Past the budget, no more suggestions are made (the
 * problems keep their message without one). One budget per document checked.
 */
export class SuggestionBudget {
  private spent = 0;

  constructor(private readonly max: number) {}

  /** Counts `n` more comparisons: false once the budget is spent (and from then on). */
  take(n: number): boolean {
    this.spent += n;
    return this.spent <= this.max;
  }

  suggest(word: string, candidates: readonly string[] | ReadonlySet<string>, limit = 3): string[] {
    const n = 'size' in candidates ? candidates.size : candidates.length;
    return n > 0 && this.take(n) ? didYouMean(word, candidates, limit) : [];
  }
}

/** " Did you mean 'a' or 'b'?" or "". */
export function suggestionText(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((s) => `'${s}'`);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
