// Which deployment a stage ran before: AWS keeps no such history, so the workbench records it in the stage's own
// tags, where it survives a restart, another machine and a teammate. One tag per entry, `apigw:history:<slot>`, in
// a bounded ring of slots; the value is space-separated `key=value` fields in the characters AWS allows in tag
// values. Deploy writes an entry when it points a stage at a new deployment; promote and rollback (issue 6) write
// theirs the same way. Decoding never fails: foreign, malformed or truncated values are skipped or read in part.

export type HistoryAction = 'deploy' | 'promote' | 'rollback';

export interface HistoryEntry {
  /** Increasing per stage: orders the entries (slots are reused). */
  seq: number;
  /** The deployment the stage was pointed at. */
  deploymentId: string;
  /** The deployment it ran just before, when it ran one. */
  previous?: string;
  /** When, to the second. */
  at?: Date;
  /** Who: the caller identity's name (user, or role/session). */
  by?: string;
  /** deploy, promote, rollback (other words are kept as written). */
  action: string;
  /** Deploy: short hash of the spec content deployed (docs/DEPLOY.md); promote copies the source's. */
  hash?: string;
}

export const HISTORY_TAG_PREFIX = 'apigw:history:';
/** Entries kept per stage. */
export const HISTORY_SLOTS = 10;
/**
 * AWS: at most 50 tags per resource, keys ≤ 128 and values ≤ 256 characters; tags with the `aws:` prefix (any case)
 * are AWS's own and do not count against the 50
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html).
 */
export const MAX_TAGS = 50;
export const MAX_TAG_VALUE = 256;

/** Tag values may hold letters, digits, spaces and `_ . : / = + - @`: anything else becomes `_`. */
function tagSafe(s: string): string {
  return s.replace(/[^\p{L}\p{N}_.:/+\-@]/gu, '_');
}

export function encodeHistoryEntry(e: HistoryEntry): string {
  // Identity and order first: a value cut short still says which deployment, when and how.
  const fields: Array<[string, string | undefined]> = [
    ['seq', String(e.seq)],
    ['to', e.deploymentId],
    ['from', e.previous],
    ['at', e.at ? String(Math.floor(e.at.getTime() / 1000)) : undefined],
    ['act', e.action],
    ['hash', e.hash],
  ];
  let out = fields
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${tagSafe(v!)}`)
    .join(' ');
  if (e.by) {
    const room = MAX_TAG_VALUE - out.length - ' by='.length;
    if (room > 0) out += ` by=${tagSafe(e.by).slice(0, room)}`;
  }
  return out.slice(0, MAX_TAG_VALUE);
}

/** One tag value as an entry, or undefined when it does not name at least a sequence number and a deployment. */
export function decodeHistoryEntry(value: string): HistoryEntry | undefined {
  const f = new Map<string, string>();
  for (const token of value.trim().split(/\s+/)) {
    const i = token.indexOf('=');
    if (i > 0) f.set(token.slice(0, i), token.slice(i + 1));
  }
  const seq = Number(f.get('seq'));
  const to = f.get('to');
  if (!Number.isSafeInteger(seq) || seq < 0 || !to || !/^[A-Za-z0-9]+$/.test(to)) return undefined;
  const at = Number(f.get('at'));
  const from = f.get('from');
  return {
    seq,
    deploymentId: to,
    ...(from && /^[A-Za-z0-9]+$/.test(from) ? { previous: from } : {}),
    ...(Number.isFinite(at) && at > 0 ? { at: new Date(at * 1000) } : {}),
    ...(f.get('by') ? { by: f.get('by')! } : {}),
    action: f.get('act') || 'unknown',
    ...(f.get('hash') && /^[0-9a-f]{4,64}$/.test(f.get('hash')!) ? { hash: f.get('hash')! } : {}),
  };
}

/** The history in a stage's tags, newest first. */
export function decodeHistory(tags: Record<string, string> | undefined): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const [k, v] of Object.entries(tags ?? {})) {
    if (!k.startsWith(HISTORY_TAG_PREFIX)) continue;
    const e = decodeHistoryEntry(v);
    if (e) out.push(e);
  }
  return out.sort((a, b) => b.seq - a.seq);
}

export interface HistoryWrite {
  /** Tags to set (TagResource): the new entry. */
  set: Record<string, string>;
  /** History tags to remove (UntagResource) so the stage stays within AWS's 50 tags. */
  remove: string[];
  entry: HistoryEntry;
}

/** History tag keys oldest first: unreadable values are the first to go, then the lowest sequence numbers. */
function historyByAge(tags: Record<string, string>): Array<{ key: string; e: HistoryEntry | undefined }> {
  return Object.keys(tags)
    .filter((k) => k.startsWith(HISTORY_TAG_PREFIX))
    .map((key) => ({ key, e: decodeHistoryEntry(tags[key]!) }))
    .sort((a, b) => (a.e?.seq ?? -1) - (b.e?.seq ?? -1));
}

/** Whether a tag counts against AWS's 50 per resource: every tag but AWS's own (`aws:`, any case). */
export function countsTowardTagLimit(key: string): boolean {
  return !/^aws:/i.test(key);
}

/**
 * The tags of a stage that are not history entries and count against AWS's 50: its own (the spec's,
 * `apigw:protected`, any set by hand); not AWS's `aws:` tags.
 */
export function ownTagCount(tags: Record<string, string> | undefined): number {
  return Object.keys(tags ?? {}).filter((k) => !k.startsWith(HISTORY_TAG_PREFIX) && countsTowardTagLimit(k)).length;
}

/**
 * The history entries that give way, oldest first, so that a stage whose tags are to become `after` (its own tags
 * as a deploy sets them, and the history it has) stays within AWS's 50: the stage's own tags come first. Empty when
 * they fit; all of them when its own tags alone take the 50.
 */
export function historyGivingWay(after: Record<string, string>): string[] {
  const excess = Object.keys(after).filter(countsTowardTagLimit).length - MAX_TAGS;
  if (excess <= 0) return [];
  return historyByAge(after)
    .slice(0, excess)
    .map((d) => d.key);
}

/**
 * The tag changes that add an entry: the next free slot, or the oldest entry's, within both HISTORY_SLOTS and what
 * the stage's other tags leave of AWS's 50. Undefined when the other tags leave no room at all.
 */
export function historyWrite(
  tags: Record<string, string> | undefined,
  entry: Omit<HistoryEntry, 'seq'>,
): HistoryWrite | undefined {
  const all = tags ?? {};
  const capacity = Math.min(HISTORY_SLOTS, MAX_TAGS - ownTagCount(all));
  if (capacity <= 0) return undefined;
  const byAge = historyByAge(all);
  const seq = Math.max(0, ...byAge.map((d) => (d.e ? d.e.seq + 1 : 0)));
  const full: HistoryEntry = { seq, ...entry };
  // The oldest go first; the first of them gives its key to the new entry, so the count never grows past the room.
  const remove: string[] = [];
  while (byAge.length > capacity - 1) remove.push(byAge.shift()!.key);
  const used = new Set(byAge.map((d) => d.key));
  let key = remove.shift();
  if (key === undefined) {
    for (let slot = 0; ; slot++) {
      const k = `${HISTORY_TAG_PREFIX}${slot}`;
      if (!used.has(k)) {
        key = k;
        break;
      }
    }
  }
  return { set: { [key]: encodeHistoryEntry(full) }, remove, entry: full };
}

/** A short "who" from an STS caller ARN: `alice` for an IAM user, `Admin/alice` for an assumed role's session. */
export function callerName(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const m = /^(assumed-role|federated-user|user|role)\/(.+)$/.exec(resource);
  if (!m) return resource || undefined;
  // Users and roles may have paths: their name is the last part. A role session is role/session.
  return (
    m[2]!
      .split('/')
      .slice(m[1] === 'assumed-role' ? -2 : -1)
      .join('/') || undefined
  );
}

/**
 * The description deploy gives the deployments it creates: it names the spec and the hash of the content deployed, so
 * a later run can recognise a deployment of the same content (docs/DEPLOY.md, The deployment). AWS allows 1,024
 * characters.
 */
export function deploymentDescription(o: { apiName: string; hash: string; at: Date; by?: string }): string {
  return `apigw deploy of ${o.apiName} (spec ${o.hash}) at ${o.at.toISOString()}${o.by ? ` by ${o.by}` : ''}`.slice(
    0,
    1024,
  );
}

const DESCRIPTION = /^apigw deploy of (.+) \(spec ([0-9a-f]{4,64})\) at \d{4}-\d\d-\d\dT/;

/** The spec name and content hash in a description deploy wrote; undefined for any other description. */
export function parseDeploymentDescription(text: string | undefined): { apiName: string; hash: string } | undefined {
  const m = DESCRIPTION.exec(text ?? '');
  return m ? { apiName: m[1]!, hash: m[2]! } : undefined;
}

// ---- queries (promotion and rollback) -----------------------------------------------------------------------

/** One deployment a stage ran, in the order it ran them. */
export interface LineageStep {
  deploymentId: string;
  /** The entry that pointed the stage at it; absent for the oldest known deployment and for outside changes. */
  entry?: HistoryEntry;
  /** The stage was pointed at it outside the workbench (console, CLI, another tool): no entry records it. */
  outside?: boolean;
}

/**
 * What the stage ran, oldest first, ending with what it runs now: the stack a rollback walks back through. A
 * promotion or deploy pushes its deployment; a rollback pops back to the deployment it returned to, so consecutive
 * rollbacks keep going back instead of undoing each other. Changes made outside the workbench show as gaps: an
 * entry whose `from` is not what the stage ran before it, or a current deployment no entry names.
 */
export function stageLineage(history: HistoryEntry[], current: string | undefined): LineageStep[] {
  const stack: LineageStep[] = [];
  const top = () => stack[stack.length - 1]?.deploymentId;
  for (const e of [...history].sort((a, b) => a.seq - b.seq)) {
    if (e.previous && top() !== e.previous)
      stack.push({ deploymentId: e.previous, ...(stack.length ? { outside: true } : {}) });
    if (e.action === 'rollback') {
      let i = stack.length - 2;
      while (i >= 0 && stack[i]!.deploymentId !== e.deploymentId) i--;
      if (i >= 0) {
        stack.length = i + 1;
        continue;
      }
    }
    if (top() === e.deploymentId) stack[stack.length - 1] = { deploymentId: e.deploymentId, entry: e };
    else stack.push({ deploymentId: e.deploymentId, entry: e });
  }
  if (current && top() !== current) stack.push({ deploymentId: current, ...(stack.length ? { outside: true } : {}) });
  return stack;
}

export interface StageHistoryView {
  /** What the stage runs now. */
  current?: string;
  /**
   * The deployment a rollback returns to by default: what the stage ran before its last promotion or deploy, passing
   * over deployments of the same content as the current one (a twin an interrupted deploy left).
   */
  previous?: LineageStep;
  /** Steps below the current one that were passed over: they run the same content (or the same deployment). */
  sameContent: LineageStep[];
  /** How the current deployment got there: the entry, or an outside change when no entry records it. */
  last?: LineageStep;
  /** The current deployment was set outside the workbench (no entry records it). */
  outsideChange: boolean;
  lineage: LineageStep[];
  /** Entries newest first. */
  entries: HistoryEntry[];
}

/** The spec content hash of a deployment, when something tells it (undefined: unknown). */
export type ContentOf = (deploymentId: string) => string | undefined;

/** The step a rollback returns to: below the top, passing over steps of the current deployment's content. */
function rollbackStep(
  lineage: LineageStep[],
  current: string,
  contentOf: ContentOf,
): { previous?: LineageStep; sameContent: LineageStep[] } {
  const content = contentOf(current);
  const sameContent: LineageStep[] = [];
  for (let i = lineage.length - 2; i >= 0; i--) {
    const step = lineage[i]!;
    if (step.deploymentId !== current && (content === undefined || contentOf(step.deploymentId) !== content))
      return { previous: step, sameContent };
    sameContent.push(step);
  }
  return { sameContent };
}

/**
 * The history of a stage read from its tags and its current deployment, as promotion, rollback and the explorer show
 * it. `contentOf` tells a deployment's content hash beyond what the entries record (deployment descriptions: see
 * `deploymentContent` in src/core/promote).
 */
export function stageHistory(
  tags: Record<string, string> | undefined,
  current: string | undefined,
  contentOf?: ContentOf,
): StageHistoryView {
  const entries = decodeHistory(tags);
  const lineage = stageLineage(entries, current);
  const last = current ? lineage[lineage.length - 1] : undefined;
  const content: ContentOf = (id) => contentOf?.(id) ?? hashOf(id, [entries]);
  const back = current ? rollbackStep(lineage, current, content) : { sameContent: [] };
  return {
    ...(current ? { current } : {}),
    ...(back.previous ? { previous: back.previous } : {}),
    sameContent: back.sameContent,
    ...(last ? { last } : {}),
    outsideChange: Boolean(last?.outside),
    lineage,
    entries,
  };
}

/** Every deployment any of these histories names (as `to` or `from`): the ones a rollback may still need. */
export function deploymentsNamed(histories: Iterable<HistoryEntry[]>): Set<string> {
  const out = new Set<string>();
  for (const h of histories) {
    for (const e of h) {
      out.add(e.deploymentId);
      if (e.previous) out.add(e.previous);
    }
  }
  return out;
}

/** The spec content hash recorded for a deployment in any of these histories (newest entry first), if any. */
export function hashOf(deploymentId: string, histories: Iterable<HistoryEntry[]>): string | undefined {
  let best: HistoryEntry | undefined;
  for (const h of histories)
    for (const e of h)
      if (e.deploymentId === deploymentId && e.hash && (!best || (e.at?.getTime() ?? 0) > (best.at?.getTime() ?? 0)))
        best = e;
  return best?.hash;
}
