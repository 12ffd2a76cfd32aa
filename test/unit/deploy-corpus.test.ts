// The real-world corpus (test/fixtures/corpus/valid: configurations translated from AWS documentation, aws-samples,
// serverless-patterns, Terraform and Serverless Framework) through the whole loop against the local AWS service:
// deployed from nothing, planned again (no changes, no deployment needed), pulled (a valid spec), and the pulled spec
// planned against the API (no changes). The examples have run this loop since deploy landed; the corpus holds the
// shapes real projects use (mutual TLS, VPC links, WebSocket route responses, models, first-class integrations).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { planDeploy, pullApi } from '../../src/aws/deploy';
import { serializeSpec } from '../../src/core/deploy/pull';
import { formatOf, SpecDocument, validateSpec } from '../../src/core/gatewaySpec';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import type { GatewaySpec } from '../../src/core/gatewaySpec/model';
import { occurrences, rename } from '../../src/core/gatewaySpec/service';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { ordersApi } from '../localaws/seed';
import { corpusFiles, corpusForeignApis, deploy, loadSpec, parseSpec } from './deployHelpers';

/** The spec text with the first item of each kind renamed everywhere (as F2 does); HTTP route keys get a new path. */
function renameOneOfEachKind(text: string, fileName: string): string {
  const format = formatOf(fileName);
  const done = new Set<string>();
  for (;;) {
    const doc = new SpecDocument(text, format);
    const http = (doc.value as { api: { protocol: string } }).api.protocol === 'HTTP';
    const next = occurrences(doc).find((o) => o.isDefinition && !done.has(o.kind));
    if (!next) return text;
    done.add(next.kind);
    const newName =
      next.kind === 'route' ? (http ? 'GET /renamed' : 'renamed') : next.kind === 'model' ? 'Renamed' : 'renamed';
    const edits = rename(doc, next.offset, newName);
    if (Array.isArray(edits)) text = applyEdits(text, edits);
  }
}

function changes(plan: Awaited<ReturnType<typeof planDeploy>>['plan']): string[] {
  return plan.changes.map((c) => `${c.action} ${c.kind} ${c.name} ${JSON.stringify(c.fields)}`);
}

describe('deploy: the real-world corpus', () => {
  // An API made elsewhere with a capitalised authorizer name, and two that are no spec names (a blank, twice).
  const consoleMade = ordersApi({ name: 'console-made', region: 'eu-west-1' });
  const jwt = consoleMade.authorizers![0]!;
  consoleMade.authorizers = [
    { ...jwt, name: 'Cognito Auth' },
    { ...jwt, ref: 'twin', name: 'Cognito Auth' },
    { ...jwt, ref: 'kept', name: 'CognitoAuthorizer' },
  ];
  const aws = useLocalAws({
    reset: { apis: [...corpusForeignApis('eu-west-1'), consoleMade] },
  });
  const sessions = useTestSessions(aws, { connection: { region: 'eu-west-1' } });
  for (const file of corpusFiles()) {
    const f = path.basename(file);
    it(`${f}: deployed, planned again, pulled and planned: no changes`, async () => {
      const session = sessions.session();
      const spec = loadSpec(file);
      const stage = Object.keys(spec.stages ?? {})[0];
      const { report } = await deploy(session, spec, stage ? { stage } : {});
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
      const again = await planDeploy(session, spec, stage ? { stage } : {});
      assert.deepEqual(changes(again.plan), [], 'the spec planned again');
      const pulled = await pullApi(session, spec.api.name);
      const text = serializeSpec(pulled.spec, 'yaml', 'pulled');
      const v = validateSpec(text, { fileName: 'pulled.apigw.yaml' });
      assert.deepEqual(
        v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
        [],
        text,
      );
      const back = await planDeploy(session, v.model!);
      assert.deepEqual(changes(back.plan), [], `the pulled spec planned\n${text}`);
      assert.deepEqual(
        pulled.warnings.filter((w) => / is written as /.test(w)),
        [],
      );
    });
  }

  // Names are a spec's identities: renaming an item (F2) deploys as a new one and the old one's removal, with the
  // routes moved over. Each corpus spec, deployed, then with one item of each kind renamed and deployed over it.
  for (const file of corpusFiles()) {
    const f = path.basename(file);
    it(`${f}: an item of each kind renamed and deployed over it, then planned: no changes`, async () => {
      const session = sessions.session();
      const stage = (spec: GatewaySpec) => Object.keys(spec.stages ?? {})[0];
      const first = loadSpec(file);
      const name = `renamed-${first.api.name}`.slice(0, 128);
      let text = fs.readFileSync(file, 'utf8');
      const at = new SpecDocument(text, formatOf(f)).nodeAt(['api', 'name'])!;
      text = `${text.slice(0, at.offset)}${JSON.stringify(name)}${text.slice(at.offset + at.length)}`;
      const spec0 = parseSpec(text, f);
      assert.equal(spec0.api.name, name, 'the API renamed, so it is a new one');
      await deploy(session, spec0, stage(spec0) ? { stage: stage(spec0)! } : {});
      text = renameOneOfEachKind(text, f);
      const spec = parseSpec(text, f);
      const { report } = await deploy(
        session,
        spec,
        stage(spec) ? { stage: stage(spec)!, deletes: true } : { deletes: true },
      );
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
      // AWS names authorizers, stages and routes (a rename creates and deletes); integrations carry the spec's name
      // in their description (a rename updates it).
      assert.ok(report.results.length > 0, 'the renames changed the API');
      const again = await planDeploy(
        session,
        spec,
        stage(spec) ? { stage: stage(spec)!, deletes: true } : { deletes: true },
      );
      assert.deepEqual(changes(again.plan), [], `the renamed spec planned again\n${text}`);
    });
  }

  it('pull keeps an authorizer name a plan matches by, and says which ones a spec cannot hold', async () => {
    const pulled = await pullApi(sessions.session(), 'console-made');
    assert.deepEqual(Object.keys(pulled.spec.authorizers ?? {}).sort(), [
      'CognitoAuthorizer',
      'cognito-auth',
      'cognito-auth-2',
    ]);
    assert.deepEqual(
      pulled.warnings.filter((w) => / is written as /.test(w)),
      [
        'Authorizer "Cognito Auth" is written as cognito-auth (names in a spec take letters, digits, . _ -, once each): deploying the spec replaces it with one of that name.',
        'Authorizer "Cognito Auth" is written as cognito-auth-2 (names in a spec take letters, digits, . _ -, once each): deploying the spec replaces it with one of that name.',
      ],
    );
  });
});
