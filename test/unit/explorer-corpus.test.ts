// The explorer's tooltips against what AWS returns: each corpus configuration (test/fixtures/corpus/valid) deployed to
// the local AWS service, every resource of it read back as the explorer reads it, and every value AWS holds for it
// found in its tooltip, except what a tooltip deliberately leaves out (listed below, each with why). The corpus sets
// the fields real projects use (models, route and integration responses, mutual TLS, request parameters…), so a
// field the explorer does not show fails here by name.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AwsSession } from '../../src/aws/bundle';
import type { Page } from '../../src/aws/paginate';
import {
  apiTooltip,
  authorizerTooltip,
  domainTooltip,
  integrationResponseTooltip,
  integrationTooltip,
  modelTooltip,
  routeResponseTooltip,
  routeTooltip,
  stageTooltip,
} from '../../src/core/explorer/format';
import type { Tooltip } from '../../src/core/explorer/tooltip';
import { stageHistory } from '../../src/core/history';
import { useLocalAws, useTestSessions } from '../localaws/fixture';
import { corpusFiles, corpusForeignApis, deploy, loadSpec } from './deployHelpers';

/** What a tooltip leaves out on purpose, as paths into AWS's object (`*` is any key). */
const LEFT_OUT: Record<string, readonly string[]> = {
  // The protocol is the subtitle, by name ("WebSocket API").
  api: ['ProtocolType'],
  // A VPC link connection is the Connection row, by its id ("VPC link abc123"). A template's text can run to
  // kilobytes: the tooltip names the content types it is for.
  integration: ['ConnectionType', 'RequestTemplates.*'],
  integrationResponse: ['ResponseTemplates.*'],
  // The whole JSON Schema is in the spec; the tooltip shows its start.
  model: ['Schema'],
  // Counted, not listed (a stage may have dozens); the format is one long line of $context variables; the history
  // tags are the tooltip's "Set by" and "Previous deployment" rows.
  stage: ['StageVariables', 'RouteSettings', 'AccessLogSettings.Format', 'Tags.apigw:history:*'],
  // The alias target's Route 53 zone is Route 53's to show; the status is the node's description; the mapping
  // selection expression is always $request.basepath (AWS: "not used" for HTTP and WebSocket APIs).
  domain: [
    'DomainNameConfigurations.*.HostedZoneId',
    'DomainNameConfigurations.*.DomainNameStatus',
    'ApiMappingSelectionExpression',
  ],
};

function leftOut(kind: string, at: string): boolean {
  return (LEFT_OUT[kind] ?? []).some((p) =>
    new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*')}$`).test(at),
  );
}

function tooltipText(t: Tooltip): string {
  return [t.title, t.subtitle, ...(t.paragraphs ?? []), ...(t.rows ?? []).map(([, v]) => String(v ?? ''))].join('\n');
}

/** Every value in `o` (strings, numbers, map keys, list items) that `text` does not hold, by its path. */
function unshown(kind: string, o: unknown, text: string, at = ''): string[] {
  if (at && leftOut(kind, at)) return [];
  if (typeof o === 'string' || typeof o === 'number') return text.includes(String(o)) ? [] : [`${at} = ${o}`];
  if (o === null || typeof o !== 'object' || o instanceof Date) return [];
  if (Array.isArray(o)) return o.flatMap((v, i) => unshown(kind, v, text, `${at}.${i}`));
  return Object.entries(o).flatMap(([k, v]) => {
    const here = at ? `${at}.${k}` : k;
    // A map's keys are names (headers, content types, stage variables): each must be shown too.
    const keyShown = !/^[A-Z]/.test(k) && !leftOut(kind, here) && !text.includes(k) ? [`${here} (key)`] : [];
    return [...keyShown, ...unshown(kind, v, text, here)];
  });
}

async function all<T>(pages: AsyncGenerator<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p.items);
  return out;
}

/** Every resource of the API as the explorer lists it, each with its tooltip. */
async function shown(s: AwsSession, apiId: string): Promise<Array<{ kind: string; value: object; tooltip: Tooltip }>> {
  const api = (await all(s.apigw.apis())).find((a) => a.ApiId === apiId)!;
  const out: Array<{ kind: string; value: object; tooltip: Tooltip }> = [
    { kind: 'api', value: api, tooltip: apiTooltip(api) },
  ];
  const integrations = await all(s.apigw.integrations(apiId));
  for (const r of await all(s.apigw.routes(apiId))) {
    const target = integrations.find((i) => r.Target === `integrations/${i.IntegrationId}`);
    out.push({ kind: 'route', value: r, tooltip: routeTooltip(r, target) });
    for (const rr of await all(s.apigw.routeResponses(apiId, r.RouteId!)))
      out.push({ kind: 'routeResponse', value: rr, tooltip: routeResponseTooltip(rr) });
  }
  for (const i of integrations) {
    out.push({ kind: 'integration', value: i, tooltip: integrationTooltip(i) });
    for (const ir of await all(s.apigw.integrationResponses(apiId, i.IntegrationId!)))
      out.push({ kind: 'integrationResponse', value: ir, tooltip: integrationResponseTooltip(ir) });
  }
  for (const a of await all(s.apigw.authorizers(apiId)))
    out.push({ kind: 'authorizer', value: a, tooltip: authorizerTooltip(a) });
  for (const m of await all(s.apigw.models(apiId))) out.push({ kind: 'model', value: m, tooltip: modelTooltip(m) });
  for (const st of await all(s.apigw.stages(apiId))) {
    const h = stageHistory(st.Tags, st.DeploymentId);
    out.push({ kind: 'stage', value: st, tooltip: stageTooltip(st, h, 'https://invoke', undefined) });
  }
  return out;
}

describe('explorer: tooltips of the deployed corpus', () => {
  const aws = useLocalAws({ reset: { apis: corpusForeignApis('eu-west-1') } });
  const sessions = useTestSessions(aws, { connection: { region: 'eu-west-1' } });
  const seenDomains = new Set<string>();
  for (const file of corpusFiles()) {
    it(`${path.basename(file)}: every value AWS holds is in its tooltip`, async () => {
      const s = sessions.session();
      const spec = loadSpec(file);
      const stage = Object.keys(spec.stages ?? {})[0];
      const { report } = await deploy(s, spec, stage ? { stage } : {});
      assert.ok(report.ok, JSON.stringify(report.results.filter((r) => r.status !== 'applied')));
      const missing: string[] = [];
      for (const { kind, value, tooltip } of await shown(s, report.apiId!))
        for (const m of unshown(kind, value, tooltipText(tooltip))) missing.push(`${kind} ${tooltip.title}: ${m}`);
      for (const d of await all(s.apigw.domainNames())) {
        if (seenDomains.has(d.DomainName!)) continue;
        seenDomains.add(d.DomainName!);
        for (const m of unshown('domain', d, tooltipText(domainTooltip(d))))
          missing.push(`domain ${d.DomainName}: ${m}`);
      }
      assert.deepEqual(missing, []);
    });
  }
});
