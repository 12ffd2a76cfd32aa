// Issue 3 figures: the full spec pipeline (parse with positions + JSON Schema + semantic rules) on generated specs
// of 300 and 3,000 routes (each with its own integration), beside vscode-json-languageservice — the engine behind
// VS Code's JSON validation — parsing and validating the same text with the same schema, in the same process.
// Targets: 300 routes under 10 ms median; at least 3× faster than the baseline at both sizes.
import fs from 'node:fs';
import path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import type * as SpecBundle from '../../src/core/gatewaySpec/bundle';
import { REPO_ROOT } from '../support/codeServer';
import { median, percentile, printSection, type Figure } from './report';
import { generateSpec } from './specgen';

interface Timing {
  median: number;
  p95: number;
}

function time(runs: number, fn: () => unknown): Timing {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), p95: percentile(samples, 95) };
}

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), p95: percentile(samples, 95) };
}

export async function bench(): Promise<void> {
  // What ships: the production bundle `npm run bench` has just built.

  const spec = require(path.join(REPO_ROOT, 'dist', 'spec.js')) as typeof SpecBundle;
  const schema = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'gateway-spec.schema.json'), 'utf8'),
  ) as object;
  const ls = getLanguageService({});
  ls.configure({
    validate: true,
    allowComments: false,
    schemas: [{ uri: 'apigw://gateway-spec.schema.json', fileMatch: ['*.apigw.json'], schema }],
  });
  const baseline = async (text: string) => {
    const doc = TextDocument.create('file:///bench/spec.apigw.json', 'json', 1, text);
    return ls.doValidation(doc, ls.parseJSONDocument(doc));
  };

  // Both sides must really validate: one schema error, found by each.
  const broken = JSON.stringify(generateSpec(10), null, 2).replace('"protocol": "HTTP"', '"protocol": "HTTPS"');
  const theirs = await baseline(broken);
  const mine = spec.validateSpec(broken, { format: 'json' }).diagnostics;
  if (!theirs.some((d) => /HTTPS|HTTP/.test(String(d.message))) || !mine.some((d) => d.code === 'APIGW103')) {
    throw new Error(
      `a validator missed the schema error: baseline ${JSON.stringify(theirs.map((d) => d.message))}, ours ${JSON.stringify(mine.map((d) => d.code))}`,
    );
  }

  const figures: Figure[] = [];
  const targets: string[] = [];
  for (const routes of [300, 3000]) {
    const value = generateSpec(routes);
    const json = `${JSON.stringify(value, null, 2)}\n`;
    const { stringify } = await import('yaml');
    const yaml = stringify(value, { lineWidth: 0 });
    const runs = routes === 300 ? 200 : 30;
    const warm = routes === 300 ? 30 : 5;
    const result = spec.validateSpec(json, { format: 'json' });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    for (let i = 0; i < warm; i++) {
      spec.validateSpec(json, { format: 'json' });
      await baseline(json);
      spec.validateSpec(yaml, { format: 'yaml' });
    }
    const ours = time(runs, () => spec.validateSpec(json, { format: 'json' }));
    const base = await timeAsync(runs, () => baseline(json));
    const oursYaml = time(runs, () => spec.validateSpec(yaml, { format: 'yaml' }));
    const label = `${routes.toLocaleString('en')} routes + ${routes.toLocaleString('en')} integrations (${(json.length / 1024).toFixed(0)} KB JSON)`;
    const baselineName = 'vscode-json-languageservice parse + doValidation';
    figures.push(
      {
        figure: `${label}: full pipeline, median`,
        value: ours.median,
        unit: 'ms',
        baseline: `${baselineName}, median`,
        baselineValue: base.median,
        note: `${runs} runs; ours reports ${result.diagnostics.length} problem(s)${errors.length ? ` (${[...new Set(errors)].join(', ')}: the quota rules at work)` : ''}`,
      },
      {
        figure: `${label}: full pipeline, p95`,
        value: ours.p95,
        unit: 'ms',
        baseline: `${baselineName}, p95`,
        baselineValue: base.p95,
      },
      {
        figure: `${label}: same spec as YAML, median`,
        value: oursYaml.median,
        unit: 'ms',
        baseline: `${baselineName} (JSON text), median`,
        baselineValue: base.median,
      },
    );
    const speedup = base.median / ours.median;
    targets.push(
      `${routes} routes: ${speedup.toFixed(1)}× faster than the baseline (target ≥ 3×: ${speedup >= 3 ? 'met' : 'MISSED'})` +
        (routes === 300
          ? `; median ${ours.median.toFixed(2)} ms (target < 10 ms: ${ours.median < 10 ? 'met' : 'MISSED'})`
          : ''),
    );
  }
  printSection(
    'Gateway spec validation (issue 3): production bundle dist/spec.js, same process, same text, same schema',
    figures,
  );
  for (const t of targets) console.log(`  ${t}`);
}
