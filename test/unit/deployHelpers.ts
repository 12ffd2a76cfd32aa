// What the deploy tests share: the example specs, plan-and-apply as the CLI's --yes would, and readers of the
// service's call log (sessions come from test/localaws/connection.ts).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan, planDeploy, type ApplyOptions, type PlannedDeploy } from '../../src/aws/deploy';
import type { ApplyReport } from '../../src/core/deploy/report';
import { validateSpec } from '../../src/core/gatewaySpec';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import type { SeedApi } from '../localaws/seed';
import type { CallRecord, LocalAwsControl } from '../localaws/server';
import { REPO_ROOT } from './helpers';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export function exampleFiles(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.apigw\.(json|jsonc|ya?ml)$/.test(f))
    .sort()
    .map((f) => path.join(EXAMPLES_DIR, f));
}

/** The real-world corpus's configurations (test/fixtures/corpus/README.md): the valid ones, or the single mistakes. */
export function corpusFiles(kind: 'valid' | 'invalid' = 'valid'): string[] {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', kind);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.apigw\.(jsonc|ya?ml)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The APIs two corpus domains also map, which other specs own (one named, one by id): a test that deploys the corpus
 * seeds them first.
 */
export function corpusForeignApis(region: string): SeedApi[] {
  return [foreignApi('RestApiGateway', region), foreignApi('legacy-api', region, 'a1b2c3d4e5')];
}

/** An HTTP API with a `Prod` stage that another spec would own. */
function foreignApi(name: string, region: string, apiId?: string): SeedApi {
  return {
    name,
    protocolType: 'HTTP',
    region,
    ...(apiId ? { apiId } : {}),
    routes: [{ routeKey: '$default' }],
    deployments: [{ ref: 'd1' }],
    stages: [{ stageName: 'Prod', deployment: 'd1' }],
  };
}

export function loadSpec(file: string): GatewaySpec {
  const v = validateSpec(fs.readFileSync(file, 'utf8'), { fileName: file });
  assert.ok(
    v.valid,
    `${file}: ${v.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message}`)
      .join('; ')}`,
  );
  return v.model!;
}

export function parseSpec(text: string, fileName = 'spec.apigw.yaml'): GatewaySpec {
  const v = validateSpec(text, { fileName });
  assert.ok(
    v.valid,
    v.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message}`)
      .join('; '),
  );
  return v.model!;
}

export const MUTATING = /^(Create|Update|Delete|Tag|Untag|Import|Reimport)/;

export async function mutatingCalls(aws: LocalAwsControl, since = 0): Promise<CallRecord[]> {
  return (await aws.calls({ service: 'apigateway', since })).filter((c) => MUTATING.test(c.operation));
}

export async function lastSeq(aws: LocalAwsControl): Promise<number> {
  return (await aws.calls()).at(-1)?.seq ?? 0;
}

/** Plans and applies with the confirmations given (adoption, protected stages), as the CLI's --yes would. */
export async function deploy(
  session: Parameters<typeof planDeploy>[0],
  spec: GatewaySpec,
  o: { stage?: string; deletes?: boolean } & ApplyOptions = {},
): Promise<{ planned: PlannedDeploy; report: ApplyReport }> {
  const planned = await planDeploy(session, spec, {
    ...(o.stage ? { stage: o.stage } : {}),
    ...(o.deletes !== undefined ? { deletes: o.deletes } : {}),
  });
  const report = await applyPlan(session.apigw, planned.plan, {
    confirmedStages: planned.plan.protectedStages,
    adopt: true,
    callerArn: planned.callerArn,
    retryDelayMs: 20,
    ...o,
  });
  return { planned, report };
}

/**
 * An HTTP API `name` whose two routes send to one first-class SQS integration of `subtype`, its request parameters
 * `params` (a YAML flow mapping's inside); `tail`, YAML appended (stages).
 */
export function sqsJobsSpec(name: string, subtype: string, params: string, tail = ''): string {
  return `
version: 1
api: { name: ${name}, protocol: HTTP }
integrations:
  queue:
    type: AWS_PROXY
    subtype: ${subtype}
    credentialsArn: 'arn:aws:iam::\${aws:accountId}:role/jobs'
    requestParameters: { ${params} }
routes:
  POST /jobs: { integration: queue }
  GET /jobs: { integration: queue }
${tail}`;
}
