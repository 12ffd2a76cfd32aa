// Tooltips as data: a heading, paragraphs and `Label: value` rows, rendered to Markdown in one place that escapes what
// AWS returns (names, descriptions, URIs come from whoever created the resource), so a tooltip can never carry a link,
// an image or markup of someone else's choosing, and passes through the redactor, so a credential in a value (a
// URL's password, a bearer token in a description) is not shown. The editor shows the Markdown with HTML turned off.
import { redact } from '../redact';

export interface Tooltip {
  /** Shown bold. */
  readonly title: string;
  /** After the title: "— WebSocket API". */
  readonly subtitle?: string;
  /** Plain sentences after the heading. */
  readonly paragraphs?: readonly string[];
  /** `Label: value` rows; empty values are left out. */
  readonly rows?: ReadonlyArray<readonly [string, unknown]>;
  /** Italic notes at the end. */
  readonly notes?: readonly string[];
}

// `/` and `.` too: with them escaped, `http://…` and `www.…` are no longer autolinked.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&/]/g;

/** Text shown as itself in Markdown: every character Markdown (or its HTML) could read as markup is escaped. */
export function escapeMarkdown(text: unknown): string {
  return oneLine(text).replace(MARKDOWN_SPECIAL, '\\$&');
}

/**
 * Newlines and other control characters become spaces: a value cannot open a new Markdown block. Redacted first:
 * every text a tooltip shows came from AWS or is about it.
 */
function oneLine(text: unknown): string {
  // eslint-disable-next-line no-control-regex
  return redact(String(text ?? '')).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

/** A value in a code span: nothing in it is markup; a backtick would close the span, so it becomes a quote. */
function codeSpan(value: unknown): string {
  return `\`${oneLine(value).replace(/`/g, "'")}\``;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function renderTooltip(t: Tooltip): string {
  const parts: string[] = [`**${escapeMarkdown(t.title)}**${t.subtitle ? ` — ${escapeMarkdown(t.subtitle)}` : ''}`];
  for (const p of t.paragraphs ?? []) if (present(p)) parts.push(escapeMarkdown(p));
  const rows = (t.rows ?? []).filter(([, v]) => present(v));
  if (rows.length) parts.push(rows.map(([label, v]) => `${escapeMarkdown(label)}: ${codeSpan(v)}  `).join('\n'));
  for (const n of t.notes ?? []) parts.push(`_${escapeMarkdown(n)}_`);
  return `${parts.join('\n\n')}\n`;
}
