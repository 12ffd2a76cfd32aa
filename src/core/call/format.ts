// A response for people: the body pretty-printed by its content type (JSON indented, XML and HTML as text, binary as
// a hex summary with its size), curl-like `--include` text, the timing breakdown. Pure; the CLI and the response
// editor both print these, and both pass the text through the redactor on the way out.
import { decodeOrKeep } from '../text';
import { headerValue, type CallResponse, type Timing } from './types';

export type BodyKind = 'json' | 'xml' | 'html' | 'text' | 'binary' | 'empty';

export interface FormattedBody {
  kind: BodyKind;
  /** The editor language to show it in. */
  language: 'json' | 'xml' | 'html' | 'plaintext';
  text: string;
  /** What the reader should know: not valid JSON, cut at the limit. */
  note?: string;
}

/** Bodies longer than this are shown as they are, not re-indented (pretty-printing costs memory). */
export const MAX_PRETTY_BYTES = 5 * 1024 * 1024;
const HEX_BYTES = 256;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** What a content type holds; undefined when it does not say (then the bytes decide). */
export function contentKind(contentType: string | undefined): BodyKind | undefined {
  if (!contentType) return undefined;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (t === 'application/json' || t.endsWith('+json') || t === 'text/json') return 'json';
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')) return 'xml';
  if (t.startsWith('text/') || ['application/javascript', 'application/x-www-form-urlencoded'].includes(t))
    return 'text';
  return 'binary';
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** `00000000  89 50 4e 47 …  |.PNG…|` lines for the first bytes. */
export function hexDump(bytes: Uint8Array, max = HEX_BYTES): string {
  const lines: string[] = [];
  for (let off = 0; off < Math.min(bytes.length, max); off += 16) {
    const row = [...bytes.subarray(off, Math.min(off + 16, bytes.length, max))];
    const hex = row.map((b) => b.toString(16).padStart(2, '0'));
    const left = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.padEnd(49);
    const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${left} |${ascii}|`);
  }
  return lines.join('\n');
}

function binary(res: Pick<CallResponse, 'body' | 'size'>, type: string | undefined): FormattedBody {
  const more = res.body.length > HEX_BYTES ? `\n… ${formatSize(res.size)} in all` : '';
  return {
    kind: 'binary',
    language: 'plaintext',
    text: `${hexDump(res.body)}${more}`,
    note: `binary body, ${formatSize(res.size)}${type ? ` (${type.split(';')[0]})` : ''}`,
  };
}

export function formatBody(res: Pick<CallResponse, 'headers' | 'body' | 'truncated' | 'size'>): FormattedBody {
  if (res.size === 0) return { kind: 'empty', language: 'plaintext', text: '' };
  const type = headerValue(res.headers, 'content-type');
  const declared = contentKind(type);
  const text = declared === 'binary' ? undefined : decodeUtf8(res.body);
  if (text === undefined) return binary(res, type);
  const cut = res.truncated ? `body cut at ${formatSize(res.body.length)} of ${formatSize(res.size)}` : undefined;
  const kind = declared ?? 'text';
  if (kind === 'json' || (!declared && /^\s*[[{]/.test(text))) return json(text, cut);
  const language = kind === 'xml' ? 'xml' : kind === 'html' ? 'html' : 'plaintext';
  return { kind, language, text, ...(cut ? { note: cut } : {}) };
}

function json(text: string, cut: string | undefined): FormattedBody {
  if (text.length > MAX_PRETTY_BYTES || cut)
    return { kind: 'json', language: 'json', text, ...(cut ? { note: cut } : {}) };
  try {
    return { kind: 'json', language: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch {
    return { kind: 'text', language: 'plaintext', text, note: 'the body is not valid JSON' };
  }
}

export function statusLine(res: Pick<CallResponse, 'httpVersion' | 'status' | 'statusText'>): string {
  return `HTTP/${res.httpVersion} ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
}

export function formatHeaders(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers.map(([k, v]) => `${k}: ${v}`).join('\n');
}

/** Like `curl --include`: status line, headers, a blank line, the body (formatted). */
export function formatInclude(res: CallResponse): string {
  const body = formatBody(res);
  return `${statusLine(res)}\n${formatHeaders(res.headers)}\n\n${body.text}${body.text && !body.text.endsWith('\n') ? '\n' : ''}`;
}

function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`;
}

/** `DNS 1.2 ms · connect 3.0 ms · TLS 31 ms · first byte 120 ms · total 123 ms` (phases that happened). */
export function formatTiming(t: Timing): string {
  const parts: string[] = [];
  if (t.dns !== undefined) parts.push(`DNS ${ms(t.dns)}`);
  if (t.connect !== undefined) parts.push(`connect ${ms(t.connect)}`);
  if (t.tls !== undefined) parts.push(`TLS ${ms(t.tls)}`);
  if (t.firstByte !== undefined) parts.push(`first byte ${ms(t.firstByte)}`);
  parts.push(`total ${ms(t.total)}`);
  return parts.join(' · ');
}

/** One line about a response: `200 OK · 1.2 KB · total 45 ms · request id KHF…=`. */
export function summaryLine(res: CallResponse): string {
  return [
    `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
    formatSize(res.size),
    `total ${ms(res.timing.total)}`,
    ...(res.requestId ? [`request id ${res.requestId}`] : []),
  ].join(' · ');
}

/** The URL with the values of secret query parameters replaced (identity sources, presigned SigV4). */
export function redactUrl(url: string, secretQuery: ReadonlySet<string>): string {
  const q = url.indexOf('?');
  if (q < 0 || secretQuery.size === 0) return url;
  const lower = new Set([...secretQuery].map((s) => s.toLowerCase()));
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeOrKeep(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && lower.has(name.toLowerCase()) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
