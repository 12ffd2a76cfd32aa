// Merging a freshly generated `.http` file into the one the user has edited, without losing an edit
// (docs/CALL.md, "Updating"): the rule is decided per block by its marker (`# apigw: ROUTE [hash]`).
//   - a request whose text still hashes to its marker (untouched) is replaced by the new one;
//   - an edited request is kept as it is, even when the spec changed the route;
//   - a route the spec no longer has: its untouched request is removed, an edited one is kept and its marker says
//     `(removed from the spec)`;
//   - `# apigw: ROUTE (skip)` keeps a route out of the file; blocks without a marker are the user's and stay;
//   - new routes are appended, in spec order; missing targets are added as commented `# @baseUrl` lines and missing
//     path variables as definitions, in the preamble; the active `@baseUrl` is never changed.
import { blockHash, BASE_URL, markerLine, type GeneratedFile, type GeneratedRequest } from './generate';
import { parseHttpFile, type HttpBlock, type HttpFile } from './httpFile';

export interface UpdateReport {
  /** Untouched requests replaced by their new version (identical ones included). */
  updated: string[];
  /** Edited requests kept as the user has them. */
  kept: string[];
  added: string[];
  /** Untouched requests of routes the spec no longer has. */
  removed: string[];
  /** Edited requests of routes the spec no longer has, kept and marked. */
  keptRemoved: string[];
  /** Preamble lines added (targets, path variables). */
  preambleAdded: string[];
}

export interface UpdateResult {
  text: string;
  report: UpdateReport;
}

function emptyReport(): UpdateReport {
  return { updated: [], kept: [], added: [], removed: [], keptRemoved: [], preambleAdded: [] };
}

const TARGET_LINE = new RegExp(`^\\s*(?:#\\s*)?@${BASE_URL}\\s*=\\s*(\\S+)\\s*$`);
const DEFINITION = /^\s*@([A-Za-z_][\w.-]*)\s*=/;

/** The preamble lines `generated` has and `file` lacks: target URLs (commented) and variable definitions. */
function missingPreamble(file: HttpFile, generated: GeneratedFile): string[] {
  const urls = new Set<string>();
  let active = false;
  for (const l of file.lines) {
    const t = TARGET_LINE.exec(l);
    if (t) urls.add(t[1]!);
    if (t && !/^\s*#/.test(l)) active = true;
  }
  const defined = new Set(file.variables.map((v) => v.name));
  const out: string[] = [];
  for (const l of generated.preamble) {
    const t = TARGET_LINE.exec(l);
    if (t && !urls.has(t[1]!)) {
      out.push(active ? `# @${BASE_URL} = ${t[1]}` : l.replace(/^#\s*/, ''));
      active = true;
      continue;
    }
    const d = !t && !/^\s*#/.test(l) ? DEFINITION.exec(l) : null;
    if (d && !defined.has(d[1]!)) out.push(l);
  }
  return out;
}

/** The preamble block's lines with `extra` after its last definition or target line. */
function mergePreamble(lines: string[], extra: string[]): string[] {
  if (extra.length === 0) return lines;
  let at = -1;
  lines.forEach((l, i) => {
    if (TARGET_LINE.test(l) || DEFINITION.test(l)) at = i;
  });
  if (at < 0) {
    at = lines.length - 1;
    while (at >= 0 && lines[at]!.trim() === '') at--;
  }
  return [...lines.slice(0, at + 1), ...extra, ...lines.slice(at + 1)];
}

interface Merge {
  file: HttpFile;
  wanted: Map<string, GeneratedRequest>;
  present: Set<string>;
  report: UpdateReport;
}

function blockLines(file: HttpFile, b: HttpBlock): string[] {
  return file.lines.slice(b.startLine, b.endLine);
}

/** What one of the user's blocks becomes. */
function mergeBlock(m: Merge, b: HttpBlock): string[] {
  const lines = blockLines(m.file, b);
  const marker = b.marker;
  if (!marker || m.present.has(marker.routeKey)) return lines;
  const key = marker.routeKey;
  const next = m.wanted.get(key);
  m.present.add(key);
  if (marker.state === 'skip') return lines;
  const at = marker.line - b.startLine;
  if (marker.state === 'removed') {
    if (!next) return lines;
    // The route is back: keep the user's request, with a marker that cannot match its (edited) text.
    m.report.kept.push(key);
    return lines.map((l, i) => (i === at ? markerLine(key, blockHash(next.lines)) : l));
  }
  const untouched = blockHash(lines) === marker.hash;
  if (next && untouched) {
    m.report.updated.push(key);
    return [...next.lines, ...trailingBlank(lines)];
  }
  if (next) {
    m.report.kept.push(key);
    return lines;
  }
  if (untouched) {
    m.report.removed.push(key);
    return [];
  }
  m.report.keptRemoved.push(key);
  return lines.map((l, i) => (i === at ? `# apigw: ${key} (removed from the spec)` : l));
}

function trailingBlank(lines: string[]): string[] {
  let n = 0;
  while (n < lines.length && lines[lines.length - 1 - n]!.trim() === '') n++;
  return n > 0 ? new Array<string>(n).fill('') : [''];
}

/** Merges `generated` into the user's `current` text; see the rules at the top of this file. */
export function updateHttpFile(current: string, generated: GeneratedFile): UpdateResult {
  const file = parseHttpFile(current);
  const eol = /\r\n/.test(current) ? '\r\n' : '\n';
  const m: Merge = {
    file,
    wanted: new Map(generated.requests.map((r) => [r.routeKey, r])),
    present: new Set(),
    report: emptyReport(),
  };
  const extra = missingPreamble(file, generated);
  m.report.preambleAdded = extra;
  const out: string[] = [];
  const first = file.blocks[0]!;
  if (first.separator) out.push(...mergePreamble([], extra), ...(extra.length ? [''] : []));
  for (const b of file.blocks) {
    if (!b.separator) out.push(...mergePreamble(blockLines(file, b), extra));
    else out.push(...mergeBlock(m, b));
  }
  const added = generated.requests.filter((r) => !m.present.has(r.routeKey));
  if (added.length) {
    while (out.length && out.at(-1)!.trim() === '') out.pop();
    for (const r of added) {
      out.push('', ...r.lines);
      m.report.added.push(r.routeKey);
    }
    out.push('');
  }
  return { text: out.join(eol), report: m.report };
}

/** A one-line account of an update, for the CLI and the editor's message. */
export function updateSummary(r: UpdateReport): string {
  const parts = [
    r.added.length ? `${r.added.length} added` : '',
    r.updated.length ? `${r.updated.length} regenerated` : '',
    r.kept.length ? `${r.kept.length} edited kept` : '',
    r.removed.length ? `${r.removed.length} removed` : '',
    r.keptRemoved.length ? `${r.keptRemoved.length} edited kept though their route is gone` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing to change';
}
