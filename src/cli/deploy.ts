// `apigw plan`, `apigw deploy` and `apigw pull`: the editor's deploy engine for CI pipelines.
//   exit 0: applied, or nothing to do; 1: failed, refused or not confirmed; 2: invalid spec or bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan, planDeploy, pullApi, type PlannedDeploy } from '../aws/deploy';
import { resolveConnection, type Connection } from '../aws/profiles';
import { SessionPool, type AwsSession } from '../aws/session';
import { confirmationText, hasWork, renderPlan, type Plan } from '../core/deploy';
import { renderReport } from '../core/deploy/report';
import { serializeSpec } from '../core/deploy/pull';
import { describeError, isWorkbenchError } from '../core/errors';
import { validateSpec } from '../core/gatewaySpec';
import type { GatewaySpec } from '../core/gatewaySpec/model';
import type { CliIo } from './main';

const CONNECTION_OPTIONS = `Connection:
  --profile NAME          AWS profile (default: AWS_PROFILE, then "default")
  --region REGION         Region (default: AWS_REGION, the profile's region, then us-east-1)
  --endpoint-url URL      Another API Gateway endpoint (LocalStack, a test service); also the profile's
                          endpoint_url and AWS_ENDPOINT_URL`;

export const PLAN_USAGE = `Usage: apigw plan SPEC [--stage NAME] [--keep-extra] [--format text|json] [connection options]

Shows what deploy would change in the API the spec maps to (found by its apigw:spec tag, or by name), without
changing anything: + create, ~ update (with the fields that differ), - delete.

Options:
  --stage NAME            Also say whether stage NAME needs a new deployment
  --keep-extra            Keep what the API has and the spec does not (default: plan to delete it)
  --format text|json      Output format (default: text)

${CONNECTION_OPTIONS}

Exit codes: 0 planned, 1 failed, 2 invalid spec or bad arguments.
`;

export const DEPLOY_USAGE = `Usage: apigw deploy SPEC --stage NAME [--yes] [--adopt] [--confirm-stage NAME] [--keep-extra] [connection options]

Plans the spec, asks, applies the changes in dependency order (paced to API Gateway's limits, retried on
throttling), then creates a deployment for stage NAME and points the stage at it (stages that auto-deploy need
none) and prints the invoke URL. Ctrl-C stops after the calls in flight; running deploy again finishes the job.

Options:
  --stage NAME            The stage to deploy (required)
  --yes, -y               Apply without asking. Without it, deploy asks on a terminal and refuses otherwise
  --adopt                 Take over an existing API of the spec's name that no deploy created
  --confirm-stage NAME    Confirm changes to protected stage NAME (repeat for several); --yes alone is not enough
  --keep-extra            Keep what the API has and the spec does not (default: delete it)

${CONNECTION_OPTIONS}

Exit codes: 0 applied or nothing to do, 1 failed or not confirmed, 2 invalid spec or bad arguments.
`;

export const PULL_USAGE = `Usage: apigw pull --api ID|NAME [--format json|yaml] [-o FILE] [connection options]

Writes a gateway spec of a live API: defaults left out, integrations named, the account and region in ARNs as
\${aws:accountId} and \${aws:region}. Planning the result against the API shows no changes.

Options:
  --api ID|NAME           The API (its id, or its name when no other API has it)
  --format json|yaml      Output format (default: yaml when FILE ends in .yaml or .yml, else json)
  -o, --output FILE       Write to FILE instead of standard output

${CONNECTION_OPTIONS}

Exit codes: 0 written, 1 failed, 2 bad arguments.
`;

interface Parsed {
  positional: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

class UsageError extends Error {}

function parse(args: string[], spec: { flags: string[]; values: string[]; aliases?: Record<string, string> }): Parsed {
  const out: Parsed = { positional: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    a = spec.aliases?.[a] ?? a;
    if (spec.flags.includes(a)) out.flags.add(a);
    else if (spec.values.includes(a)) {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      out.values.set(a, [...(out.values.get(a) ?? []), v]);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else out.positional.push(a);
  }
  return out;
}

const CONNECTION_VALUES = ['--profile', '--region', '--endpoint-url'];

function one(p: Parsed, name: string): string | undefined {
  return p.values.get(name)?.at(-1);
}

async function session(p: Parsed, io: CliIo): Promise<AwsSession> {
  const conn: Connection = await resolveConnection({
    ...(one(p, '--profile') ? { profile: one(p, '--profile') } : {}),
    ...(one(p, '--region') ? { region: one(p, '--region') } : {}),
    ...(one(p, '--endpoint-url') ? { endpointUrl: one(p, '--endpoint-url') } : {}),
    ...(io.env ? { env: io.env } : {}),
  });
  return new SessionPool(io.sessionOptions ?? {}).get(conn);
}

/** The spec file, validated; its errors printed as `apigw validate` prints them. */
function readSpec(file: string, io: CliIo, command: string): GatewaySpec | number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    io.stderr.write(
      `apigw ${command}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`,
    );
    return 2;
  }
  const v = validateSpec(text, { fileName: file });
  if (!v.valid || !v.model) {
    const errors = v.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors)
      io.stdout.write(
        `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${d.code} ${d.message}\n`,
      );
    io.stderr.write(
      `apigw ${command}: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: nothing was sent to AWS. Fix ${errors.length === 1 ? 'it' : 'them'} (apigw validate ${file}).\n`,
    );
    return 2;
  }
  return v.model;
}

function fail(io: CliIo, command: string, err: unknown): number {
  io.stderr.write(`apigw ${command}: ${isWorkbenchError(err) ? err.message : describeError(err)}\n`);
  if (isWorkbenchError(err) && err.hint) io.stderr.write(`  ${err.hint}\n`);
  return 1;
}

function usage(io: CliIo, command: string, text: string, err: unknown): number {
  io.stderr.write(`apigw ${command}: ${(err as Error).message}\n\n${text}`);
  return 2;
}

function planJson(plan: Plan): string {
  return `${JSON.stringify(
    {
      api: {
        name: plan.apiName,
        protocol: plan.protocol,
        region: plan.region,
        account: plan.accountId,
        status: plan.api.status,
        ...(plan.api.id ? { id: plan.api.id } : {}),
      },
      changes: plan.changes.map((c) => ({
        action: c.action,
        kind: c.kind,
        name: c.name,
        ...(c.id ? { id: c.id } : {}),
        ...(c.fields.length ? { fields: c.fields } : {}),
        ...(c.note ? { note: c.note } : {}),
      })),
      kept: plan.kept.map((c) => ({ kind: c.kind, name: c.name, note: c.note })),
      ...(plan.deployment
        ? {
            deployment: {
              stage: plan.deployment.stage,
              needed: plan.deployment.needed,
              reason: plan.deployment.reason,
            },
          }
        : {}),
      counts: plan.counts,
      protectedStages: plan.protectedStages,
      blocked: plan.blocked,
    },
    null,
    2,
  )}\n`;
}

export async function planCommand(args: string[], io: CliIo): Promise<number> {
  let p: Parsed;
  try {
    p = parse(args, {
      flags: ['--help', '--keep-extra'],
      values: ['--stage', '--format', ...CONNECTION_VALUES],
      aliases: { '-h': '--help' },
    });
    if (p.flags.has('--help')) {
      io.stdout.write(PLAN_USAGE);
      return 0;
    }
    if (p.positional.length !== 1)
      throw new UsageError(p.positional.length ? 'give one spec file' : 'no spec file given');
    if (one(p, '--format') && !['text', 'json'].includes(one(p, '--format')!))
      throw new UsageError('--format must be text or json');
  } catch (err) {
    return usage(io, 'plan', PLAN_USAGE, err);
  }
  const file = p.positional[0]!;
  const spec = readSpec(file, io, 'plan');
  if (typeof spec === 'number') return spec;
  try {
    const s = await session(p, io);
    const { plan } = await planDeploy(s, spec, {
      ...(one(p, '--stage') ? { stage: one(p, '--stage') } : {}),
      deletes: !p.flags.has('--keep-extra'),
    });
    io.stdout.write(
      one(p, '--format') === 'json' ? planJson(plan) : renderPlan(plan, { specFile: path.basename(file) }),
    );
    return 0;
  } catch (err) {
    return fail(io, 'plan', err);
  }
}

export async function deployCommand(args: string[], io: CliIo): Promise<number> {
  let p: Parsed;
  try {
    p = parse(args, {
      flags: ['--help', '--yes', '--adopt', '--keep-extra'],
      values: ['--stage', '--confirm-stage', ...CONNECTION_VALUES],
      aliases: { '-h': '--help', '-y': '--yes' },
    });
    if (p.flags.has('--help')) {
      io.stdout.write(DEPLOY_USAGE);
      return 0;
    }
    if (p.positional.length !== 1)
      throw new UsageError(p.positional.length ? 'give one spec file' : 'no spec file given');
    if (!one(p, '--stage')) throw new UsageError('--stage NAME is required: the stage to deploy');
  } catch (err) {
    return usage(io, 'deploy', DEPLOY_USAGE, err);
  }
  const file = p.positional[0]!;
  const stage = one(p, '--stage')!;
  const spec = readSpec(file, io, 'deploy');
  if (typeof spec === 'number') return spec;

  let planned: PlannedDeploy;
  let s: AwsSession;
  try {
    s = await session(p, io);
    planned = await planDeploy(s, spec, { stage, deletes: !p.flags.has('--keep-extra') });
  } catch (err) {
    return fail(io, 'deploy', err);
  }
  const { plan } = planned;
  io.stdout.write(renderPlan(plan, { specFile: path.basename(file) }));
  if (plan.blocked.length) {
    io.stderr.write('apigw deploy: not applied: the plan has problems that block it (marked ! above).\n');
    return 1;
  }
  if (!hasWork(plan)) return 0;

  // Confirmations: flags, or questions on a terminal. Never assumed.
  const yes = p.flags.has('--yes');
  const ask = io.ask;
  if (!yes && !ask) {
    io.stderr.write(
      'apigw deploy: not applied: standard input is not a terminal, so deploy cannot ask. Review the plan above, then run again with --yes.\n',
    );
    return 1;
  }
  let adopt = p.flags.has('--adopt');
  if (plan.api.status === 'adopt' && !adopt) {
    if (yes || !ask) {
      io.stderr.write(
        `apigw deploy: not applied: an API named ${plan.apiName} exists (${plan.api.id}) that no deploy created. Add --adopt to take it over.\n`,
      );
      return 1;
    }
    adopt = /^y(es)?$/i.test(
      (
        await ask(
          `Adopt the existing API ${plan.apiName} (${plan.api.id}) in ${plan.region}? Deploy will manage it from now on. [y/N] `,
        )
      ).trim(),
    );
    if (!adopt) {
      io.stderr.write('apigw deploy: not applied.\n');
      return 1;
    }
  }
  const confirmed = new Set(p.values.get('--confirm-stage') ?? []);
  for (const name of plan.protectedStages) {
    if (confirmed.has(name)) continue;
    if (!ask) {
      io.stderr.write(
        `apigw deploy: not applied: stage ${name} is protected. Add --confirm-stage ${name} to confirm changing it.\n`,
      );
      return 1;
    }
    const typed = (await ask(`Stage ${name} is protected. Type its name to apply to it: `)).trim();
    if (typed !== name) {
      io.stderr.write(`apigw deploy: not applied: "${typed}" is not ${name}.\n`);
      return 1;
    }
    confirmed.add(name);
  }
  if (!yes && !/^y(es)?$/i.test((await ask!(`${confirmationText(plan)} [y/N] `)).trim())) {
    io.stderr.write('apigw deploy: not applied.\n');
    return 1;
  }

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr.write('\nStopping after the calls in flight (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const report = await applyPlan(s.apigw, plan, {
      adopt,
      confirmedStages: [...confirmed],
      signal: controller.signal,
      callerArn: planned.callerArn,
      onProgress: (x) => {
        if (x.done < x.total) io.stderr.write(`[${x.done}/${x.total}] ${x.message}\n`);
      },
    });
    io.stdout.write(`\n${renderReport(report)}`);
    return report.ok ? 0 : 1;
  } catch (err) {
    return fail(io, 'deploy', err);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export async function pullCommand(args: string[], io: CliIo): Promise<number> {
  let p: Parsed;
  try {
    p = parse(args, {
      flags: ['--help'],
      values: ['--api', '--format', '--output', ...CONNECTION_VALUES],
      aliases: { '-h': '--help', '-o': '--output' },
    });
    if (p.flags.has('--help')) {
      io.stdout.write(PULL_USAGE);
      return 0;
    }
    if (p.positional.length) throw new UsageError(`unexpected argument ${p.positional[0]}`);
    if (!one(p, '--api')) throw new UsageError('--api ID|NAME is required');
    if (one(p, '--format') && !['json', 'yaml'].includes(one(p, '--format')!))
      throw new UsageError('--format must be json or yaml');
  } catch (err) {
    return usage(io, 'pull', PULL_USAGE, err);
  }
  const out = one(p, '--output');
  const format = (one(p, '--format') ?? (out && /\.ya?ml$/i.test(out) ? 'yaml' : 'json')) as 'json' | 'yaml';
  try {
    const s = await session(p, io);
    const pulled = await pullApi(s, one(p, '--api')!);
    const header = `Pulled by apigw from API ${pulled.api.ApiId} (${pulled.api.Name}) in ${pulled.region}, ${new Date().toISOString().slice(0, 10)}.`;
    const text = serializeSpec(pulled.spec, format, header);
    for (const w of pulled.warnings) io.stderr.write(`apigw pull: warning: ${w}\n`);
    if (out) {
      fs.writeFileSync(out, text);
      io.stderr.write(
        `apigw pull: wrote ${out} (${Object.keys(pulled.spec.routes ?? {}).length} routes, ${Object.keys(pulled.spec.integrations ?? {}).length} integrations, ${Object.keys(pulled.spec.stages ?? {}).length} stages)\n`,
      );
    } else {
      io.stdout.write(text);
    }
    return 0;
  } catch (err) {
    return fail(io, 'pull', err);
  }
}
