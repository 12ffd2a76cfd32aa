// What a tail carries from CloudWatch Logs to its output, whichever transport delivered it.

export interface TailEvent {
  /** Log group name (never an ARN). */
  group: string;
  stream: string;
  /** When the event happened (the producer's clock), ms since the epoch. */
  timestamp: number;
  /** When CloudWatch Logs ingested it (the service's clock), when known. */
  ingestionTime?: number;
  message: string;
  /** FilterLogEvents' id; live tail events have none. */
  eventId?: string;
}

export type SourceKind = 'access' | 'function' | 'execution';

/** One log group a tail reads, with the short name its lines carry. */
export interface TailSource {
  kind: SourceKind;
  logGroupName: string;
  /** "access", the function name, "execution". */
  label: string;
  /** The group's ARN without `:*` (StartLiveTail wants ARNs). */
  arn?: string;
  /** Why this group belongs to the stage: the integration or authorizer, the setting. */
  detail?: string;
  /** Access logs: the stage's AccessLogSettings.Format, which its lines are read against. */
  accessFormat?: string;
}

/** Time order, then the group and stream, then arrival: the order lines are printed in. */
export function compareEvents(a: TailEvent, b: TailEvent): number {
  return (
    a.timestamp - b.timestamp ||
    (a.ingestionTime ?? 0) - (b.ingestionTime ?? 0) ||
    (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
    (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0)
  );
}

/** Merges lists that are each in time order into one (k-way, stable: equal events keep their list order). */
export function mergeSorted(lists: TailEvent[][]): TailEvent[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const out: TailEvent[] = [];
  const idx = nonEmpty.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < nonEmpty.length; i++) {
      const e = nonEmpty[i]![idx[i]!];
      if (e && (best < 0 || compareEvents(e, nonEmpty[best]![idx[best]!]!) < 0)) best = i;
    }
    if (best < 0) return out;
    out.push(nonEmpty[best]![idx[best]!++]!);
  }
}

/**
 * The identity of an event that has no eventId (live tail): group, stream, both times and the message. Two events
 * that agree on all of these are indistinguishable to any reader.
 */
export function eventKey(e: TailEvent): string {
  return `${e.group}\u0000${e.stream}\u0000${e.timestamp}\u0000${e.ingestionTime ?? ''}\u0000${e.message.length}\u0000${hash(e.message)}`;
}

/** FNV-1a, 32 bits: a short fingerprint so keys do not hold whole messages. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
