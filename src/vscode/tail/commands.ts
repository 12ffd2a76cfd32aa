// Live log tail: "Tail Stage Logs…" (a stage node, `{ apiId, stageName, filterPattern }`, or the pickers) and
// "Stop Tail…" (the palette, the status bar, or a channel name). The tail itself is the lazy aws bundle.
import type { Invocation } from '../commands/invocation';
import { askFilter, stageLogs } from './discover';
import { tailKey, type TailManager } from './manager';

/** `apigw.tailStage({ apiId, stageName, filterPattern })`: no prompt but the access logging modal. */
export interface TailArgs {
  filterPattern: string;
}

/** Tails the stage into its own output channel; returns the channel's name. */
export async function tailStage(inv: Invocation<'stage', TailArgs>, tails: TailManager): Promise<string | undefined> {
  const { rt, subject, args } = inv;
  const target = { apiId: subject.api.id, stageName: subject.stage.name };
  const session = await rt.connection.session();
  const running = tails.showRunning(tailKey(session.connection, target));
  if (running) return running;
  const found = await stageLogs(inv, session, target);
  // Given ids (tests, keybindings, Restart Tail) take the filter as given; from the tree or a picker, it is asked.
  const filter =
    subject.source === 'args'
      ? { pattern: typeof args.filterPattern === 'string' ? args.filterPattern.trim() || undefined : undefined }
      : await askFilter(rt, target, `${subject.api.name}/${target.stageName}`);
  if (!filter) return undefined;
  return tails.start(session, target, found, filter.pattern);
}

export function stopTail(inv: Invocation<'none'>, tails: TailManager): Promise<void> {
  return tails.stop(inv.text);
}
