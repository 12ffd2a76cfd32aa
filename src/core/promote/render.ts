// Promotion and rollback as text: the preview read before anything changes (Markdown that reads as plain text in a
// terminal too), the confirmation question, the outcome and the log line.
import { callerName, type HistoryEntry, type LineageStep } from '../history';
import { isoMinute, type CleanupPlan, type DeploymentRef, type StageMovePlan } from './plan';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `7hq3zz` · 2024-05-03 14:10 UTC · "first release" · runs dev */
export function deploymentLine(d: DeploymentRef | undefined, o: { stagesExcept?: string } = {}): string {
  if (!d) return 'no deployment';
  if (d.missing) return `\`${d.id}\` (deleted)`;
  const stages = d.stages.filter((s) => s !== o.stagesExcept);
  return [
    `\`${d.id}\``,
    d.createdDate ? isoMinute(d.createdDate) : '',
    d.description ? `"${d.description}"` : '',
    d.autoDeployed ? 'auto-deployed' : '',
    stages.length ? `runs ${stages.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** How an entry or an outside change put a deployment on the stage: "promote by alice, 2024-05-03 14:10 UTC". */
export function stepText(step: LineageStep | undefined): string {
  if (!step) return '';
  if (step.outside) return 'changed outside API Gateway Workbench';
  return step.entry ? entryText(step.entry) : 'the oldest deployment its history names';
}

export function entryText(e: HistoryEntry): string {
  return [e.action, e.by ? `by ${e.by}` : '', e.at ? isoMinute(e.at) : ''].filter(Boolean).join(' · ');
}

export function title(plan: StageMovePlan): string {
  return plan.kind === 'promote' ? `Promote ${plan.source} → ${plan.stage}` : `Roll back ${plan.stage}`;
}

/** The preview: both deployments, what else differs, and what the user will be asked. */
export function renderStageMove(plan: StageMovePlan, o: { profile?: string } = {}): string {
  const l: string[] = [];
  const who = callerName(plan.callerArn);
  const kind = plan.api.protocol === 'WEBSOCKET' ? 'WebSocket API' : 'HTTP API';
  l.push(`# ${title(plan)}`, '');
  l.push(
    `${plan.api.name} (${plan.api.id}, ${kind}) · ${o.profile ? `${o.profile} · ` : ''}${plan.api.region}${who ? ` · as ${who}` : ''}`,
    '',
  );

  if (plan.noop) {
    l.push(`Nothing to do: ${plan.noop}`, '');
  }
  l.push('## Deployment', '');
  l.push(`- ${plan.stage} runs now: ${deploymentLine(plan.current, { stagesExcept: plan.stage })}`);
  if (plan.kind === 'promote') {
    l.push(
      `- ${plan.stage} will run: ${deploymentLine(plan.next, { stagesExcept: plan.stage })} (what ${plan.source} runs)`,
    );
  } else {
    l.push(`- ${plan.stage} will run: ${deploymentLine(plan.next, { stagesExcept: plan.stage })}`);
    if (plan.undoes) l.push(`- This undoes: ${plan.undoes.deploymentId} (${stepText(plan.undoes)})`);
  }
  if (plan.current && !plan.noop) l.push(`- ${rollbackAfterText(plan, (id) => `\`${id}\``)}`);
  l.push('');

  if (plan.kind === 'promote') {
    l.push(`## What else differs between ${plan.source} and ${plan.stage}`, '');
    if (plan.differences.length === 0) {
      l.push(`Nothing: stage variables, throttling, access logging and route settings are the same on both stages.`);
    } else {
      l.push(
        `A promotion moves only the deployment (routes, integrations, authorizers). These stage settings stay as they are on ${plan.stage}:`,
        '',
      );
      for (const d of plan.differences)
        l.push(`- ${d.label}: ${plan.source} ${value(d.source)} · ${plan.stage} ${value(d.target)}`);
    }
    l.push('');
  }

  const notes = notesOf(plan);
  if (notes.length) {
    l.push('## Before you confirm', '');
    for (const n of notes) l.push(`- ${n}`);
    l.push('');
  }

  l.push(`## History of ${plan.stage}`, '');
  if (plan.history.entries.length === 0) {
    l.push(
      `No history yet: promotions, rollbacks and deploys by API Gateway Workbench are recorded in the stage's tags (apigw:history:N).`,
    );
  } else {
    for (const e of plan.history.entries)
      l.push(
        `- ${e.at ? isoMinute(e.at) : '(no date)'} ${e.action} \`${e.deploymentId}\`${e.previous ? ` (was \`${e.previous}\`)` : ''}${e.by ? ` by ${e.by}` : ''}`,
      );
  }
  l.push('');
  return `${l.join('\n')}`;
}

/**
 * What Roll Back Stage does once this change is applied: return to what the stage runs now or, when it does not
 * (after a rollback, past a deployment of the same content, or with no room to record the change), what and why.
 */
export function rollbackAfterText(plan: StageMovePlan, code: (id: string) => string = (id) => id): string {
  const now = plan.current?.id ?? '';
  const after = plan.rollbackAfter?.to;
  const head = `Roll Back Stage on ${plan.stage}`;
  if (after === now) return `${head} returns it to ${code(now)}.`;
  const why = plan.rollbackAfter?.unrecorded
    ? `its own tags leave no room to record this ${plan.kind === 'promote' ? 'promotion' : 'rollback'} in its history (AWS allows 50 tags per stage)`
    : plan.kind === 'rollback'
      ? `to undo this rollback, pick ${code(now)} from the list (apigw rollback --to ${now})`
      : `${code(now)} runs the same spec content as ${code(plan.next.id)}, so it is passed over`;
  if (!after) return `${head} then has no earlier deployment to return to by default: ${why}.`;
  return `${head} then ${plan.kind === 'rollback' ? 'goes further back' : 'returns it'} to ${code(after)}: ${why}.`;
}

function value(v: string | undefined): string {
  return v === undefined ? '(not set)' : `\`${v}\``;
}

/** What the user should know before confirming: outside changes, auto-deploy, protection, warnings. */
export function notesOf(plan: StageMovePlan): string[] {
  const out: string[] = [];
  if (plan.history.outsideChange && plan.current) {
    out.push(
      `${plan.stage} runs \`${plan.current.id}\`, which no history entry records: it was changed outside API Gateway Workbench${plan.lastUpdated ? ` (last updated ${isoMinute(plan.lastUpdated)})` : ''}. ` +
        `Before that it ran \`${plan.history.previous?.deploymentId ?? '?'}\`.`,
    );
  }
  if (plan.next.autoDeployed) out.push(`\`${plan.next.id}\` was made by auto-deploy.`);
  if (plan.autoDeploy) {
    out.push(
      plan.disableAutoDeploy
        ? `${plan.stage} auto-deploys: this ${plan.kind === 'promote' ? 'promotion' : 'rollback'} also turns auto-deploy off, so that ${plan.stage} keeps the deployment chosen here.`
        : `${plan.stage} auto-deploys: it cannot be ${plan.kind === 'promote' ? 'promoted into' : 'rolled back'} unless auto-deploy is turned off.`,
    );
  }
  if (plan.protection)
    out.push(
      `${plan.stage} is protected (${plan.protection.by === 'spec' ? `\`protected: true\` in ${plan.protection.detail}` : `tag ${plan.protection.detail}`}): you will type its name to confirm.`,
    );
  out.push(...plan.warnings);
  return out;
}

/** The modal's question, naming the target: "Promote dev's deployment 7hq3zz to prod of orders-api (us-east-1)?" */
export function confirmation(plan: StageMovePlan): { message: string; verb: string; detail: string } {
  const api = `${plan.api.name} (${plan.api.region})`;
  const message =
    plan.kind === 'promote'
      ? `Promote ${plan.source}'s deployment ${plan.next.id} to ${plan.stage} of ${api}?`
      : `Roll back ${plan.stage} of ${api} to deployment ${plan.next.id}?`;
  const verb = plan.kind === 'promote' ? `Promote to ${plan.stage}` : `Roll back ${plan.stage}`;
  const parts = [
    `${plan.stage} runs ${plan.current?.id ?? 'no deployment'} now and will run ${plan.next.id}${plan.next.createdDate ? ` (created ${isoMinute(plan.next.createdDate)})` : ''}.`,
  ];
  if (plan.kind === 'promote' && plan.differences.length)
    parts.push(`${plural(plan.differences.length, 'stage setting')} that differ stay as they are on ${plan.stage}.`);
  if (plan.disableAutoDeploy) parts.push(`Auto-deploy of ${plan.stage} is turned off.`);
  if (plan.current && !plan.noop)
    parts.push(plan.rollbackAfter?.to === plan.current.id ? 'Roll Back Stage undoes it.' : rollbackAfterText(plan));
  return { message, verb, detail: parts.join(' ') };
}

export interface StageMoveOutcome {
  plan: StageMovePlan;
  /** When it was applied, to the second. */
  at: Date;
  /** Who (caller name). */
  by?: string;
  historyRecorded: boolean;
  warnings: string[];
}

/** One line for the log and the terminal: who, when, what, from and to. */
export function logLine(o: StageMoveOutcome, profile?: string): string {
  const p = o.plan;
  const what = p.kind === 'promote' ? `promoted ${p.source} → ${p.stage}` : `rolled back ${p.stage}`;
  return (
    `${what} of ${p.api.name} (${p.api.id}, ${profile ? `${profile} · ` : ''}${p.api.region}): deployment ${p.current?.id ?? '(none)'} → ${p.next.id}` +
    `${p.disableAutoDeploy ? ', auto-deploy turned off' : ''} by ${o.by ?? 'unknown caller'} at ${o.at.toISOString()}${o.historyRecorded ? '' : ' (not recorded in the stage history)'}`
  );
}

/** The clean-up question and its detail: how many go, and why the others stay. */
export function cleanupConfirmation(c: CleanupPlan): { message: string; verb: string; detail: string } {
  const n = c.remove.length;
  return {
    message: `Delete ${plural(n, 'deployment')} of ${c.api.name} (${c.api.region})?`,
    verb: `Delete ${plural(n, 'Deployment')}`,
    detail: `${cleanupKeptText(c)} Deleted deployments cannot be restored, and no stage can go back to them.`,
  };
}

export function cleanupKeptText(c: CleanupPlan): string {
  const kept = [
    c.kept.running.length ? `${plural(c.kept.running.length, 'deployment')} stages run` : '',
    c.kept.history.length
      ? `${plural(c.kept.history.length, 'deployment')} stage history names (rollback targets)`
      : '',
    c.kept.newest.length ? `${c.kept.newest.length} more of the newest ${c.keep}` : '',
  ].filter(Boolean);
  return `${c.total} deployments in all; kept: ${kept.length ? kept.join(', ') : 'none'}.`;
}
