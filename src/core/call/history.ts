// The last calls of each route, for the response view's history and for workspace state: a pure store with a plain
// JSON form. An entry never holds a secret: Authorization, Cookie, API keys, the route's identity sources and any
// header the redactor reads as a secret by its name (`X-Auth-Token`, `Private-Token`) are replaced by `[redacted]`,
// every other value passes the redactor, request bodies are not kept, and only a short redacted preview of the
// response body is.
import { isSecretName, redact } from '../redact';
import { formatBody, redactUrl } from './format';
import { encodeUrl } from './resolve';
import type { CallRequest, CallResponse } from './types';

export interface HistoryEntry {
  id: string;
  routeKey: string;
  /** The target's label: `stage dev`, `local (dev)`. */
  target: string;
  method: string;
  /** Secret query values replaced. */
  url: string;
  requestHeaders: Array<[string, string]>;
  requestBodyBytes: number;
  status?: number;
  /** Why the call failed without a response (timeout, refused, cancelled). */
  error?: string;
  requestId?: string;
  startedAt: number;
  durationMs: number;
  size?: number;
  responseHeaders?: Array<[string, string]>;
  /** The start of the formatted body, redacted. */
  bodyPreview?: string;
}

export interface SerializedHistory {
  version: 1;
  /** Routes, least recently called first; each list newest first. */
  routes: Array<{ routeKey: string; entries: HistoryEntry[] }>;
}

export interface HistoryLimits {
  perRoute: number;
  routes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { perRoute: 20, routes: 200 };
const PREVIEW_CHARS = 512;
export const REDACTED = '[redacted]';

export interface EntryInput {
  id: string;
  routeKey: string;
  target: string;
  request: CallRequest;
  response?: CallResponse;
  error?: string;
  startedAt: number;
  durationMs: number;
  /** Lower-case header names whose values are secrets (`secretHeaderNames()`). */
  secretHeaders: ReadonlySet<string>;
  /** Query names whose values are secrets (`secretQueryNames()`). */
  secretQuery: ReadonlySet<string>;
  /** Removes the values this call sent as secrets wherever they appear (a response that echoes a token). */
  scrub?: (text: string) => string;
}

/** Secret values shorter than this are not searched for in other text: they would match ordinary words. */
export const MIN_SCRUBBED_LENGTH = 6;

/**
 * A value and the forms a request or an echo may carry it in: without `Bearer`, percent-encoded as a URL or form
 * body is sent (resolve.ts's encodeUrl: `a b` → `a%20b`) and as a query value (`encodeURIComponent`).
 */
function forms(v: string): string[] {
  const bare = v.replace(/^Bearer\s+/i, '');
  const out = [v, bare, encodeUrl(bare)];
  try {
    out.push(encodeURIComponent(bare));
  } catch {
    // A lone surrogate: no such encoded form is sent (encodeUrl writes U+FFFD for it).
  }
  return out;
}

/** A function that replaces each of `values` (and the forms of them `forms` names) by `[redacted]` in a text. */
export function scrubber(values: Iterable<string>): (text: string) => string {
  const list = [...new Set([...values].flatMap(forms))]
    .filter((v) => v.length >= MIN_SCRUBBED_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((t, v) => t.split(v).join(REDACTED), text);
}

function safeHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  secret: ReadonlySet<string>,
  scrub: (text: string) => string,
): Array<[string, string]> {
  // The redactor sees a header's value alone here, without the name that marks it secret: the name is asked apart.
  return headers.map(([k, v]) => [k, secret.has(k.toLowerCase()) || isSecretName(k) ? REDACTED : redact(scrub(v))]);
}

function bodyBytes(body: CallRequest['body']): number {
  if (body === undefined) return 0;
  return typeof body === 'string' ? Buffer.byteLength(body) : body.length;
}

/** The history entry of a call, secrets removed. */
export function historyEntry(i: EntryInput): HistoryEntry {
  const res = i.response;
  const scrub = i.scrub ?? ((t: string) => t);
  const preview = res ? scrub(formatBody(res).text).slice(0, PREVIEW_CHARS) : undefined;
  return {
    id: i.id,
    routeKey: i.routeKey,
    target: i.target,
    method: i.request.method,
    url: redact(scrub(redactUrl(i.request.url, i.secretQuery))),
    requestHeaders: safeHeaders(i.request.headers, i.secretHeaders, scrub),
    requestBodyBytes: bodyBytes(i.request.body),
    startedAt: i.startedAt,
    durationMs: i.durationMs,
    ...(i.error !== undefined ? { error: redact(scrub(i.error)) } : {}),
    ...(res
      ? {
          status: res.status,
          size: res.size,
          responseHeaders: safeHeaders(res.headers, i.secretHeaders, scrub),
          ...(res.requestId ? { requestId: res.requestId } : {}),
          ...(preview ? { bodyPreview: redact(preview) } : {}),
        }
      : {}),
  };
}

export class CallHistory {
  // Insertion order is recency: a route called again moves to the end.
  private readonly byRoute = new Map<string, HistoryEntry[]>();

  constructor(private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {}

  add(entry: HistoryEntry): void {
    const list = this.byRoute.get(entry.routeKey) ?? [];
    this.byRoute.delete(entry.routeKey);
    this.byRoute.set(entry.routeKey, [entry, ...list].slice(0, this.limits.perRoute));
    while (this.byRoute.size > this.limits.routes) this.byRoute.delete(this.byRoute.keys().next().value!);
  }

  /** A route's calls, newest first. */
  list(routeKey: string): readonly HistoryEntry[] {
    return this.byRoute.get(routeKey) ?? [];
  }

  /** Routes with calls, most recent first. */
  routes(): string[] {
    return [...this.byRoute.keys()].reverse();
  }

  clear(routeKey?: string): void {
    if (routeKey === undefined) this.byRoute.clear();
    else this.byRoute.delete(routeKey);
  }

  toJSON(): SerializedHistory {
    return { version: 1, routes: [...this.byRoute].map(([routeKey, entries]) => ({ routeKey, entries })) };
  }

  /** A history from its JSON form; anything that is not one (another version, a damaged state) gives an empty one. */
  static from(data: unknown, limits: HistoryLimits = DEFAULT_HISTORY_LIMITS): CallHistory {
    const h = new CallHistory(limits);
    const d = data as Partial<SerializedHistory> | null | undefined;
    if (d?.version !== 1 || !Array.isArray(d.routes)) return h;
    for (const r of d.routes) {
      if (typeof r?.routeKey !== 'string' || !Array.isArray(r.entries)) continue;
      const entries = r.entries.filter(isEntry).slice(0, limits.perRoute);
      if (entries.length) h.byRoute.set(r.routeKey, entries);
    }
    while (h.byRoute.size > limits.routes) h.byRoute.delete(h.byRoute.keys().next().value!);
    return h;
  }
}

function isEntry(e: unknown): e is HistoryEntry {
  const x = e as Partial<HistoryEntry> | null;
  return (
    typeof x?.id === 'string' &&
    typeof x.routeKey === 'string' &&
    typeof x.method === 'string' &&
    typeof x.url === 'string' &&
    typeof x.startedAt === 'number' &&
    Array.isArray(x.requestHeaders)
  );
}
