// Issue 5 figures: deploying a 300-route / 300-integration / 10-stage spec against the local AWS service with 20 ms
// added to every call, AWS's 10 req/s burst 40 on the service and the client's pacer in front of every call, as a
// deploy meets in a real account. Four phases — (a) plan against an empty account, (b) apply from nothing, (c) a no-op
// plan, (d) a one-route change — each beside a per-resource read-then-write deploy (list the API's parts to learn
// their ids, read each resource, then write what differs: what a tool without list-based diffing does), run against
// the same service through the same SDK client and pacer, in the same process.
import { applyPlan, planDeploy } from '../../src/aws/deploy';
import { APIGW_LIMITS } from '../../src/aws/pacer';
import { SessionPool, type AwsSession } from '../../src/aws/session';
import { all } from '../../src/aws/paginate';
import { validateSpec } from '../../src/core/gatewaySpec';
import { resolveSpec, type GatewaySpec } from '../../src/core/gatewaySpec/model';
import {
  canonicalSpec,
  createApiInput,
  authorizerInput,
  integrationInput,
  routeInput,
  createStageInput,
} from '../../src/core/deploy';
import { testConnection } from '../localaws/connection';
import { LocalAws, type CallRecord } from '../localaws/server';
import { printSection, type Figure } from './report';
import { deployBenchSpec } from './specgen';

const MUTATING = /^(Create|Update|Delete|Tag|Untag)/;
const STAGE = 'prod';

interface Measured {
  ms: number;
  calls: number;
  mutating: number;
  reads: number;
  sts: number;
}

async function measure(aws: LocalAws, fn: () => Promise<unknown>): Promise<Measured> {
  const since = (await aws.calls()).at(-1)?.seq ?? 0;
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const calls: CallRecord[] = await aws.calls({ since });
  const apigw = calls.filter((c) => c.service === 'apigateway');
  return {
    ms,
    calls: apigw.length,
    mutating: apigw.filter((c) => MUTATING.test(c.operation)).length,
    reads: apigw.filter((c) => !MUTATING.test(c.operation)).length,
    sts: calls.filter((c) => c.service === 'sts').length,
  };
}

/**
 * The baseline: per-resource read-then-write. It lists to learn ids (a tool without them cannot read at all), reads
 * every resource with its own Get, then writes each resource that is missing or differs, one call each — the same
 * writes as the engine, so the difference is in the reads.
 */
class PerResourceDeploy {
  constructor(
    private readonly s: AwsSession,
    private readonly spec: GatewaySpec,
    private readonly region: string,
  ) {}

  async run(writes: (apiId: string | undefined) => Promise<void>): Promise<void> {
    const a = this.s.apigw;
    const api = (await all(a.apis({ pageSize: 500 }))).find((x) => x.Name === this.spec.api.name);
    if (api) {
      const id = api.ApiId!;
      const [routes, integrations, authorizers, stages] = await Promise.all([
        all(a.routes(id, { pageSize: 500 })),
        all(a.integrations(id, { pageSize: 500 })),
        all(a.authorizers(id, { pageSize: 500 })),
        all(a.stages(id, { pageSize: 500 })),
      ]);
      const reads: Array<() => Promise<unknown>> = [
        () => a.getApi(id),
        ...routes.map((r) => () => a.getRoute(id, r.RouteId!)),
        ...integrations.map((i) => () => a.getIntegration(id, i.IntegrationId!)),
        ...authorizers.map((x) => () => a.getAuthorizer(id, x.AuthorizerId!)),
        ...stages.map((x) => () => a.getStage(id, x.StageName!)),
      ];
      await pool(reads, 4);
    }
    await writes(api?.ApiId);
  }

  /** From nothing: one create per resource in dependency order, then the deployment. */
  async createAll(): Promise<void> {
    const a = this.s.apigw;
    const c = canonicalSpec(
      resolveSpec(this.spec, { region: this.region, accountId: (await this.s.callerIdentity()).account }),
      this.region,
    );
    const api = await a.createApi(createApiInput(c.api));
    const id = api.ApiId!;
    const ids = { integrations: {} as Record<string, string>, authorizers: {} as Record<string, string> };
    const refs = {
      integration: (n: string) => ids.integrations[n],
      authorizer: (n: string) => ids.authorizers[n],
      vpcLink: () => undefined,
    };
    await pool(
      Object.entries(c.authorizers).map(([n, x]) => async () => {
        ids.authorizers[n] = (await a.createAuthorizer(id, authorizerInput(n, x))).AuthorizerId!;
      }),
      4,
    );
    await pool(
      Object.entries(c.integrations).map(([n, x]) => async () => {
        ids.integrations[n] = (await a.createIntegration(id, integrationInput(n, x, refs))).IntegrationId!;
      }),
      4,
    );
    await pool(
      Object.entries(c.routes).map(
        ([k, x]) =>
          () =>
            a.createRoute(id, routeInput(k, x, refs)),
      ),
      4,
    );
    await pool(
      Object.entries(c.stages).map(
        ([n, x]) =>
          () =>
            a.createStage(id, createStageInput(n, this.spec.api.protocol, x)),
      ),
      4,
    );
    const d = await a.createDeployment(id, { StageName: STAGE, Description: 'baseline' });
    await a.tagResource(`arn:aws:apigateway:${this.region}::/apis/${id}/stages/${STAGE}`, {
      'apigw:history:0': `seq=0 to=${d.DeploymentId}`,
    });
  }
}

async function pool(tasks: Array<() => Promise<unknown>>, limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

function renamed(spec: GatewaySpec, name: string): GatewaySpec {
  return { ...spec, api: { ...spec.api, name } };
}

/**
 * A pause before a phase, for it and its baseline alike: the phase before emptied the pacer's bucket, and a plan
 * someone runs later starts with a full one (9.5/s refills the burst of 40 in about 4 s).
 */
function rest(): Promise<void> {
  return new Promise((r) => setTimeout(r, 5_000));
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function bench(): Promise<void> {
  const spec = deployBenchSpec({ routes: 300, stages: 10 });
  const check = validateSpec(JSON.stringify(spec), { fileName: 'bench.apigw.json' });
  if (!check.valid)
    throw new Error(
      `bench spec invalid: ${check.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => d.message)
        .join('; ')}`,
    );
  const region = 'us-east-1';
  const aws = await LocalAws.start({ config: { latencyMs: 20 } });
  const pool0 = new SessionPool({
    credentials: async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }),
    pacing: APIGW_LIMITS,
  });
  const s = pool0.get(testConnection(aws.endpoint, { profile: 'bench', region }));
  const baseSpec = renamed(spec, `${spec.api.name}-baseline`);
  const baseline = new PerResourceDeploy(s, baseSpec, region);
  try {
    // (a) plan against an empty account.
    let planned!: Awaited<ReturnType<typeof planDeploy>>;
    const a = await measure(aws, async () => {
      planned = await planDeploy(s, spec, { stage: STAGE });
    });
    const aBase = await measure(aws, () => baseline.run(async () => undefined));

    // (b) apply from nothing.
    let report!: Awaited<ReturnType<typeof applyPlan>>;
    const b = await measure(aws, async () => {
      report = await applyPlan(s.apigw, planned.plan, {
        confirmedStages: planned.plan.protectedStages,
        callerArn: planned.callerArn,
      });
    });
    if (!report.ok)
      throw new Error(
        `bench apply failed: ${report.results
          .filter((r) => r.status !== 'applied')
          .map((r) => r.message)
          .join('; ')}`,
      );
    await rest();
    const bBase = await measure(aws, () => baseline.run(async () => baseline.createAll()));
    const changed = planned.plan.changes.length;

    // (c) a no-op plan.
    let noop!: Awaited<ReturnType<typeof planDeploy>>;
    await rest();
    const c = await measure(aws, async () => {
      noop = await planDeploy(s, spec, { stage: STAGE });
    });
    if (noop.plan.changes.length || noop.plan.deployment?.needed) throw new Error('the no-op plan is not empty');
    await rest();
    const cBase = await measure(aws, () => baseline.run(async () => undefined));

    // (d) one route changed: plan and apply (the stage's deployment would add CreateDeployment and the history tag).
    const routeKey = Object.keys(spec.routes!)[7]!;
    const changedSpec: GatewaySpec = {
      ...spec,
      routes: { ...spec.routes, [routeKey]: { ...spec.routes![routeKey]!, operationName: 'Changed' } },
    };
    let applied!: Awaited<ReturnType<typeof applyPlan>>;
    await rest();
    const d = await measure(aws, async () => {
      const p = await planDeploy(s, changedSpec);
      applied = await applyPlan(s.apigw, p.plan, { confirmedStages: p.plan.protectedStages });
    });
    if (!applied.ok) throw new Error('bench one-route apply failed');
    await rest();
    const dBase = await measure(aws, () =>
      baseline.run(async (apiId) => {
        const route = (await all(s.apigw.routes(apiId!, { pageSize: 500 }))).find((r) => r.RouteKey === routeKey)!;
        await s.apigw.updateRoute(apiId!, route.RouteId!, { OperationName: 'Changed' });
      }),
    );

    const base = 'per-resource read-then-write';
    const figures: Figure[] = [
      {
        figure: '(a) plan, empty account: calls',
        value: a.calls,
        unit: 'calls',
        baseline: base,
        baselineValue: aBase.calls,
        note: `${secs(a.ms)} (baseline ${secs(aBase.ms)}); plus ${a.sts} STS GetCallerIdentity for \${aws:accountId}. Plans ${changed} creates and the deployment.`,
      },
      {
        figure: '(b) apply from nothing: mutating calls',
        value: b.mutating,
        unit: 'calls',
        baseline: base,
        baselineValue: bBase.mutating,
        note: `target: one per changed resource (${changed}) + the deployment (CreateDeployment + history tag) = ${changed + 2}; reads ${b.reads} (baseline ${bBase.reads})`,
      },
      {
        figure: '(b) apply from nothing: time',
        value: b.ms,
        unit: 'ms',
        baseline: base,
        baselineValue: bBase.ms,
        note: `${secs(b.ms)} vs ${secs(bBase.ms)}: both are paced at ${APIGW_LIMITS.rate}/s after a burst of ${APIGW_LIMITS.burst}, so ${b.calls} calls cannot take less than ${secs(((b.calls - APIGW_LIMITS.burst) / APIGW_LIMITS.rate) * 1000)}`,
      },
      {
        figure: '(c) no-op plan: calls',
        value: c.calls,
        unit: 'calls',
        baseline: base,
        baselineValue: cBase.calls,
        note: `target: list calls only, one per page (GetApis, GetRoutes, GetIntegrations, GetAuthorizers, GetStages); ${c.mutating} mutating`,
      },
      {
        figure: '(c) no-op plan: time',
        value: c.ms,
        unit: 'ms',
        baseline: base,
        baselineValue: cBase.ms,
        note: `${secs(c.ms)} vs ${secs(cBase.ms)}`,
      },
      {
        figure: '(d) one-route change: mutating calls',
        value: d.mutating,
        unit: 'calls',
        baseline: base,
        baselineValue: dBase.mutating,
        note: `target: exactly 1 (UpdateRoute); deploying it to a stage adds 2 (CreateDeployment, the history tag); total calls ${d.calls} vs ${dBase.calls}`,
      },
      {
        figure: '(d) one-route change: calls',
        value: d.calls,
        unit: 'calls',
        baseline: base,
        baselineValue: dBase.calls,
      },
      {
        figure: '(d) one-route change: time',
        value: d.ms,
        unit: 'ms',
        baseline: base,
        baselineValue: dBase.ms,
        note: `${secs(d.ms)} vs ${secs(dBase.ms)}`,
      },
    ];
    printSection(
      'Deploy (issue 5): 300 routes, 300 integrations, 10 stages; 20 ms per call; AWS pacing 10/s burst 40 (client 9.5/s)',
      figures,
    );
  } finally {
    pool0.clear();
    await aws.close();
  }
}
