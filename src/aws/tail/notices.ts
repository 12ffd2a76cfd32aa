// The lines a tail prints about itself (between the events), the same in the output channel and the CLI's stderr.
import { describeError } from '../../core/errors';
import type { TailNotice } from './types';

/** The line for a notice, or undefined for those only the log needs (renewals). */
export function noticeText(n: TailNotice, o: { pollSetting?: string } = {}): string | undefined {
  const poll = o.pollSetting ?? 'apigw.tail.mode';
  switch (n.kind) {
    case 'transport':
      return n.transport === 'live'
        ? '── live tail (CloudWatch Logs StartLiveTail) ──'
        : `── polling FilterLogEvents every second${n.reason ? `: ${n.reason}` : ''} ──`;
    case 'sampled':
      return n.sampled
        ? `… CloudWatch Logs is sampling this live tail (over 500 events/s): not every event is shown. Set ${poll} to poll to see them all.`
        : '… sampling ended: every event is shown again';
    case 'retrying':
      return `… ${describeError(n.error)} Retrying in ${Math.ceil(n.delayMs / 1000)} s.`;
    case 'recovered':
      return '… calls succeed again';
    case 'renewed':
      return undefined;
    case 'reconnected':
      return `… the live tail session was interrupted${n.error ? ` (${n.error.message})` : ''} and reopened after ${(n.gapMs / 1000).toFixed(1)} s: events ingested in between may be missing.`;
    case 'appeared':
      return `── ${n.group} exists now: tailed from the start of the tail, by polling FilterLogEvents ──`;
    case 'backfilled':
      return n.events === 0
        ? '── no earlier events; live from here ──'
        : `── ${n.events} earlier event${n.events === 1 ? '' : 's'} above; live from here ──`;
  }
}
