// Message skeletons for a WebSocket API's custom routes, from its route selection expression: given
// `$request.body.action` and a route `sendMessage`, the message `{"action": "sendMessage"}` reaches that route.
// Templates such as `${request.body.service}/${request.body.action}` are split at their literal parts.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html

import { matchTemplate, MATCH_CELLS } from '../template';
import { enclosedParts } from '../text';

export interface RouteCompletion {
  routeKey: string;
  /** The JSON message that selects the route: `{"action": "sendMessage"}`. */
  text: string;
  /** The same as a VS Code snippet with a tab stop for more fields: `{"action": "sendMessage", $1}`. */
  snippet: string;
}

export interface RouteCompletions {
  completions: RouteCompletion[];
  /** Why there are none when the expression does not read the message body, or a route key does not fit it. */
  notes: string[];
}

/** A selection expression's parts: its variables may hold anything but must hold something (matchTemplate). */
type Part = { literal: string } | { path: string[]; blanks: true };

const RESERVED = new Set(['$connect', '$disconnect', '$default']);

/** The expression's parts, or the first variable that is not a body field (then messages cannot select routes). */
function parseExpression(expression: string): Part[] | { notBody: string } {
  const e = expression.trim();
  const whole = /^\$request\.body\.([\w.-]+)$/.exec(e);
  if (whole) return [{ path: whole[1]!.split('.'), blanks: true }];
  const parts: Part[] = [];
  let last = 0;
  for (const m of enclosedParts(e, '${', '}')) {
    if (m.start > last) parts.push({ literal: e.slice(last, m.start) });
    const v = /^request\.body\.([\w.-]+)$/.exec(m.inner.trim());
    if (!v) return { notBody: m.inner.trim() };
    parts.push({ path: v[1]!.split('.'), blanks: true });
    last = m.end;
  }
  if (last === 0) return { notBody: e };
  if (last < e.length) parts.push({ literal: e.slice(last) });
  return parts;
}

function assign(obj: Record<string, unknown>, path: string[], value: string): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path.at(-1)!] = value;
}

/** `{"a": "x", "b": {"c": "y"}}`: JSON with a space after each colon and comma, as people write messages. */
export function renderMessage(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(renderMessage).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${renderMessage(v)}`)
    .join(', ')}}`;
}

function snippetOf(text: string): string {
  // The closing brace is the object's own; everything before it is literal text in a snippet.
  return `${text.slice(0, -1).replace(/[$}\\]/g, '\\$&')}, $1}`;
}

/** The message that selects each custom route (reserved routes `$connect`, `$disconnect`, `$default` excepted). */
export function routeCompletions(routeKeys: Iterable<string>, expression: string): RouteCompletions {
  const parts = parseExpression(expression);
  const keys = [...routeKeys].filter((k) => !RESERVED.has(k));
  if (!Array.isArray(parts))
    return {
      completions: [],
      notes: [
        `The route selection expression reads ${parts.notBody}, not the message body: messages cannot choose a route.`,
      ],
    };
  const vars = parts.filter((p): p is { path: string[]; blanks: true } => 'path' in p);
  const out: RouteCompletions = { completions: [], notes: [] };
  for (const routeKey of keys) {
    if ((parts.length + 1) * (routeKey.length + 1) > MATCH_CELLS) {
      out.notes.push(`Route ${routeKey} is too long to work out its message beside the expression ${expression}.`);
      continue;
    }
    const m = matchTemplate(parts, routeKey);
    if (!m) {
      out.notes.push(`Route ${routeKey} does not fit the expression ${expression}: no message selects it.`);
      continue;
    }
    const body: Record<string, unknown> = {};
    vars.forEach((v, i) => assign(body, v.path, m[i]!));
    const text = renderMessage(body);
    out.completions.push({ routeKey, text, snippet: snippetOf(text) });
  }
  return out;
}
