// A plan as text people read before anything changes: one line per created or deleted resource, the differing
// fields of an updated one, then the deployment and the totals. `+` create, `~` update, `-` delete, `-/+` replace
// (what AWS cannot change in place, with the field that forces it and the routes moved), so the editor can show it
// with the diff colours.
import type { Authorizer, Integration } from '../gatewaySpec/model';
import type { CanonicalMapping, CanonicalRoute, CanonicalStage } from './canonical';
import type { Change, ChangeAction, FieldChange, Plan } from './plan';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A value as the plan shows it: absent is `(none)`, plain words as they are, anything else as JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'string' && /^arn:[^:]+:apigateway:[^:]+:lambda:path\//.test(v)) return functionOf(v)!;
  if (typeof v === 'string') return /^[^\s"'[\]{},]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** A Lambda function ARN from its invocation URI, for shorter lines. */
function functionOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  // Two steps: `arn:[^/]+:lambda:[^/]+` in one pattern backtracks over every `:lambda:` of a long segment.
  const arn = /functions\/(arn:[^/]+)\/invocations$/.exec(uri)?.[1];
  return arn && /^arn:[^/]+:lambda:[^/]/.test(arn) ? arn : uri;
}

function summary(c: Change): string {
  const d = (c.desired ?? c.live) as Record<string, unknown> | undefined;
  switch (c.kind) {
    case 'api':
      return `${c.name} (${String(d?.protocol ?? '')})`;
    case 'integration': {
      const i = d as unknown as Integration;
      const target =
        i.subtype ?? (i.vpcLink ? `${functionOf(i.uri)} via VPC link ${i.vpcLink}` : functionOf(i.uri)) ?? '';
      return `${c.name} (${i.type}${target ? ` ${target}` : ''})`;
    }
    case 'authorizer': {
      const a = d as unknown as Authorizer;
      return `${c.name} (${a.type}${a.jwt ? ` ${a.jwt.issuer}` : a.uri ? ` ${functionOf(a.uri)}` : ''})`;
    }
    case 'route': {
      const r = d as unknown as CanonicalRoute;
      const auth =
        r.authorizationType && r.authorizationType !== 'NONE'
          ? ` (${r.authorizationType}${r.authorizer ? ` ${r.authorizer}` : ''})`
          : '';
      return `${c.name}${r.integration ? ` → ${r.integration}` : ''}${auth}`;
    }
    case 'stage': {
      const s = d as unknown as CanonicalStage;
      return `${c.name}${s?.autoDeploy ? ' (auto-deploy)' : ''}${s?.protected ? ' (protected)' : ''}`;
    }
    case 'mapping': {
      const m = d as unknown as CanonicalMapping;
      return `${m.domain}/${m.path} → ${m.api ? `API ${m.api}, ` : ''}stage ${m.stage}`;
    }
    default:
      return c.name;
  }
}

const SIGN: Record<ChangeAction, string> = { create: '+', update: '~', replace: '-/+', delete: '-' };

function fieldLine(f: FieldChange, forced?: string): string {
  return `    ${f.path}: ${formatValue(f.before)} → ${formatValue(f.after)}${forced ? ` (forces replacement: ${forced})` : ''}`;
}

export function renderChange(c: Change): string[] {
  const head = `${SIGN[c.action]} ${c.kind} ${c.action === 'update' ? c.name : summary(c)}`;
  const note = c.note ? ` (${c.note})` : '';
  if (c.action === 'replace') {
    const why = new Map((c.replace?.causes ?? []).map((x) => [x.path as string, x.why]));
    return [`${head}: replaced${note}`, ...c.fields.map((f) => fieldLine(f, why.get(f.path)))];
  }
  if (c.action !== 'update') return [head + note];
  if (c.fields.length === 1 && !c.note) {
    const f = c.fields[0]!;
    return [`${head}: ${f.path} ${formatValue(f.before)} → ${formatValue(f.after)}`];
  }
  return [head + note, ...c.fields.map((f) => fieldLine(f))];
}

/** "3 creates, 2 updates, 1 replace, 1 delete" (only the non-zero ones). */
export function countsText(p: Plan): string {
  const parts = [
    p.counts.create && plural(p.counts.create, 'create'),
    p.counts.update && plural(p.counts.update, 'update'),
    p.counts.replace && plural(p.counts.replace, 'replace'),
    p.counts.delete && plural(p.counts.delete, 'delete'),
  ].filter(Boolean);
  return parts.join(', ');
}

/** True when apply would call AWS at all. */
export function hasWork(p: Plan): boolean {
  return p.changes.length > 0 || Boolean(p.deployment?.needed);
}

/** The question the confirmation asks: "Apply 3 creates, 2 updates, 1 delete to orders-api in eu-west-1 and deploy stage prod?" */
export function confirmationText(p: Plan): string {
  const what = countsText(p);
  const deploy = !p.deployment?.needed
    ? ''
    : p.deployment.record
      ? `record deployment ${p.deployment.record.deploymentId} of stage ${p.deployment.stage}`
      : `deploy stage ${p.deployment.stage}`;
  if (!what) return `${deploy.charAt(0).toUpperCase()}${deploy.slice(1)} of ${p.apiName} in ${p.region}?`;
  return `Apply ${what} to ${p.apiName} in ${p.region}${deploy ? ` and ${deploy}` : ''}?`;
}

/** The plan's deployment step in words: "a deployment to stage prod", or the recording of one the stage runs. */
function deploymentWords(p: Plan): string {
  const d = p.deployment!;
  return d.record
    ? `recording deployment ${d.record.deploymentId} in the history of stage ${d.stage}`
    : `a deployment to stage ${d.stage}`;
}

export function renderPlan(p: Plan, o: { specFile?: string } = {}): string {
  const lines: string[] = [];
  const kind = p.protocol === 'WEBSOCKET' ? 'WebSocket API' : 'HTTP API';
  lines.push(
    `Plan for ${p.apiName} (${kind}) in ${p.region}, account ${p.accountId}${o.specFile ? `, from ${o.specFile}` : ''}`,
  );
  lines.push(
    p.api.status === 'new'
      ? 'API: does not exist yet; deploy creates it.'
      : p.api.status === 'adopt'
        ? `API: ${p.api.id} has the spec's name but was not deployed from a spec: deploy adopts it only when you confirm.`
        : `API: ${p.api.id}${p.api.endpoint ? ` (${p.api.endpoint})` : ''}`,
  );
  lines.push('');
  for (const b of p.blocked) lines.push(`! ${b}`);
  if (p.blocked.length) lines.push('');
  for (const c of p.changes) lines.push(...renderChange(c));
  for (const c of p.kept) lines.push(`  ${c.kind} ${c.name} is not in the spec: kept (${c.note ?? 'deletes are off'})`);
  if (p.deployment) {
    const d = p.deployment;
    lines.push(
      d.record
        ? `~ deployment ${d.record.deploymentId} → stage ${d.stage} (${d.reason})`
        : d.needed
          ? `+ deployment → stage ${d.stage} (${d.reason})`
          : `  ${d.reason}${d.autoDeploy ? '' : '; no deployment needed'}`,
    );
  }
  if (p.changes.length || p.kept.length || p.deployment) lines.push('');
  if (!hasWork(p)) {
    lines.push(
      p.changes.length === 0 && p.kept.length === 0
        ? `No changes: ${p.apiName} in ${p.region} matches the spec.`
        : `No changes to apply.`,
    );
  } else {
    const what = countsText(p);
    lines.push(`Plan: ${what || 'no resource changes'}${p.deployment?.needed ? `, then ${deploymentWords(p)}` : ''}.`);
  }
  if (p.protectedStages.length)
    lines.push(
      `Protected stage${p.protectedStages.length === 1 ? '' : 's'} ${p.protectedStages.join(', ')}: type the name to apply.`,
    );
  if (p.blocked.length) lines.push(`Cannot apply: ${plural(p.blocked.length, 'problem')} above.`);
  return `${lines.join('\n')}\n`;
}

/** One change in `apigw plan --format json`: a replacement with what forces it and the routes it moves; a stage with
 * the history entries that give way to its tags. */
function changeJson(c: Change): Record<string, unknown> {
  return {
    action: c.action,
    kind: c.kind,
    name: c.name,
    ...(c.id ? { id: c.id } : {}),
    ...(c.fields.length ? { fields: c.fields } : {}),
    ...(c.note ? { note: c.note } : {}),
    ...(c.replace ? { replace: { causes: c.replace.causes, routes: c.replace.routes } } : {}),
    ...(c.historyGivesWay?.length ? { historyGivesWay: c.historyGivesWay } : {}),
  };
}

function deploymentJson(d: NonNullable<Plan['deployment']>): Record<string, unknown> {
  return {
    stage: d.stage,
    needed: d.needed,
    reason: d.reason,
    autoDeploy: d.autoDeploy,
    ...(d.current ? { current: d.current } : {}),
    ...(d.record ? { record: d.record.deploymentId } : {}),
  };
}

/** The plan as `apigw plan --format json` prints it: everything the text says, for scripts. */
export function planJson(plan: Plan): unknown {
  return {
    api: {
      name: plan.apiName,
      protocol: plan.protocol,
      region: plan.region,
      account: plan.accountId,
      status: plan.api.status,
      ...(plan.api.id ? { id: plan.api.id } : {}),
    },
    changes: plan.changes.map(changeJson),
    kept: plan.kept.map((c) => ({ kind: c.kind, name: c.name, note: c.note })),
    ...(plan.deployment ? { deployment: deploymentJson(plan.deployment) } : {}),
    counts: plan.counts,
    protectedStages: plan.protectedStages,
    blocked: plan.blocked,
  };
}
