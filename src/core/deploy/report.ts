// What an apply did: every planned change with its outcome, the deployment, and the invoke URL. A failed or cancelled
// apply says exactly what was applied and what was not, so the user knows the state and that re-running converges.
import type { Change } from './plan';
import { renderChange } from './render';

export type ChangeStatus =
  /** Done (or found done: a create whose answer was lost). */
  | 'applied'
  | 'failed'
  /** Not attempted: something it depends on failed. */
  | 'skipped'
  /** Not attempted: the apply was cancelled first. */
  | 'cancelled';

export interface ChangeResult {
  change: Change;
  status: ChangeStatus;
  /** The failure, or why it was skipped. */
  message?: string;
  /** The resource's id after the change. */
  id?: string;
  /** Mutating calls made for it (retries included). */
  calls: number;
}

export interface DeploymentResult {
  stage: string;
  deploymentId?: string;
  description?: string;
  /** The stage's previous deployment. */
  previous?: string;
  /** Not created: the stage already ran it (an earlier deploy of this content stopped before recording it). */
  reused?: boolean;
  /** The history entry was written to the stage's tags. */
  historyRecorded?: boolean;
  error?: string;
}

export interface ApplyReport {
  apiId?: string;
  apiName: string;
  region: string;
  results: ChangeResult[];
  cancelled: boolean;
  deployment?: DeploymentResult;
  invokeUrl?: string;
  /** Problems that did not stop the apply (a history entry that could not be written…). */
  warnings: string[];
  /** Every change applied, and the deployment made when one was needed. */
  ok: boolean;
}

export function reportCounts(r: ApplyReport): Record<ChangeStatus, number> {
  const out: Record<ChangeStatus, number> = { applied: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const x of r.results) out[x.status]++;
  return out;
}

/** One headline: "Applied 5 changes to orders-api in eu-west-1 and deployed stage prod (deployment abc123)." */
export function reportHeadline(r: ApplyReport): string {
  const n = reportCounts(r);
  const changes = `${n.applied} change${n.applied === 1 ? '' : 's'}`;
  const d = r.deployment;
  const dep = !d?.deploymentId
    ? ''
    : d.reused
      ? ` and recorded the deployment stage ${d.stage} runs (${d.deploymentId}) in its history`
      : ` and deployed stage ${d.stage} (deployment ${d.deploymentId})`;
  if (r.ok)
    return r.results.length || dep
      ? `Applied ${changes} to ${r.apiName} in ${r.region}${dep}.`
      : `Nothing to do: ${r.apiName} in ${r.region} matches the spec.`;
  const notApplied = n.failed + n.skipped + n.cancelled;
  const why = r.cancelled
    ? 'Cancelled'
    : n.failed
      ? `${n.failed} change${n.failed === 1 ? '' : 's'} failed`
      : r.deployment?.error
        ? 'The deployment failed'
        : 'Incomplete';
  return `${why}: applied ${changes} to ${r.apiName} in ${r.region}, ${notApplied} not applied${r.deployment?.error ? ', no deployment' : ''}. Re-run to finish: deploy picks up from what is there.`;
}

export function renderReport(r: ApplyReport): string {
  const lines = [reportHeadline(r), ''];
  const label: Record<ChangeStatus, string> = {
    applied: 'applied',
    failed: 'FAILED',
    skipped: 'not applied',
    cancelled: 'not applied (cancelled)',
  };
  for (const x of r.results) {
    const [first, ...rest] = renderChange(x.change);
    lines.push(`${label[x.status].padEnd(23)} ${first}${x.message ? `: ${x.message}` : ''}`);
    for (const l of rest) lines.push(`${''.padEnd(23)} ${l}`);
  }
  if (r.deployment) {
    const d = r.deployment;
    lines.push(
      d.deploymentId
        ? `${'applied'.padEnd(23)} + deployment ${d.deploymentId} → stage ${d.stage}${d.previous ? ` (was ${d.previous})` : ''}${d.reused ? ': recorded, made by an earlier deploy that stopped before recording it' : ''}`
        : `${(d.error ? 'FAILED' : 'not applied').padEnd(23)} + deployment → stage ${d.stage}${d.error ? `: ${d.error}` : ''}`,
    );
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.invokeUrl) lines.push('', `Invoke URL: ${r.invokeUrl}`);
  return `${lines.join('\n')}\n`;
}
