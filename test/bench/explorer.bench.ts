// Issue 4 figures: the explorer against an account of 1,000 APIs (one with 300 routes, 300 integrations and 10
// stages), 20 ms added to every call, AWS's 10 req/s burst 40 on the service and in the client's pacer. Each figure
// beside an eager listing of the same data through the same SDK client, in the same extension host.
import { launchBrowser, startCodeServer } from '../support/codeServer';
import { copyFixtureWorkspace, hostTestEnv } from '../support/hostEnv';
import { bigApi, manyApis } from '../localaws/seed';
import { median, printSection } from './report';
import { runInHost } from './hostBench';

export async function bench(): Promise<void> {
  const env = await hostTestEnv({
    seed: { apis: [bigApi({ routes: 300, integrations: 300, stages: 10 }), ...manyApis(999)] },
  });
  await env.localAws.control.configure({ latencyMs: 20 });
  const server = await startCodeServer({ env: env.vars });
  const browser = await launchBrowser();
  const workspace = copyFixtureWorkspace();
  let data: Record<string, number[]>;
  try {
    data = await runInHost<Record<string, number[]>>(server, browser, workspace, 'explorer');
  } finally {
    await browser.close();
    await server.stop();
    await env.dispose();
  }
  const d = data;
  const m = (k: string) => median(d[k] ?? []);
  const runs = d.firstPageMs?.length ?? 0;
  printSection(
    `Explorer (issue 4): 1,000 APIs, 300 routes, 20 ms per call, pacing 10/s burst 40; median of ${runs} runs`,
    [
      {
        figure: 'time to the first page of APIs',
        value: m('firstPageMs'),
        unit: 'ms',
        baseline: 'eager listing of all APIs, same SDK client',
        baselineValue: m('eagerApisMs'),
        note:
          `shows ${m('firstPageShown')} APIs after ${m('firstPageCalls')} call(s); the eager listing makes ${m('eagerApisCalls')} calls for ${m('eagerApisCount')} APIs. ` +
          `Cold (first use, loading dist/aws.js and the clients): ${m('coldFirstPageMs').toFixed(1)} ms, ${m('coldFirstPageCalls')} call(s). Target: 1 call.`,
      },
      {
        figure: 'calls for the first page of APIs',
        value: m('firstPageCalls'),
        unit: 'calls',
        baseline: 'eager listing of all APIs',
        baselineValue: m('eagerApisCalls'),
      },
      {
        figure: 'time to expand Routes (300 routes)',
        value: m('expandRoutesMs'),
        unit: 'ms',
        baseline: 'eager: all routes + all integrations, same client',
        baselineValue: m('eagerRoutesMs'),
        note: `shows ${m('routesShown')} routes (+ Load more…) after ${m('expandRoutesCalls')} call(s); the eager listing makes ${m('eagerRoutesCalls')} calls for ${m('eagerRoutesCount')} routes and their integrations. Target: 1 call per page shown.`,
      },
      {
        figure: 'calls to expand Routes',
        value: m('expandRoutesCalls'),
        unit: 'calls',
        baseline: 'eager: all routes + all integrations',
        baselineValue: m('eagerRoutesCalls'),
      },
      {
        figure: 'calls to re-render Routes, the API and the tree (cached)',
        value: m('cachedCalls'),
        unit: 'calls',
        baseline: 'the first expansion of Routes',
        baselineValue: m('expandRoutesCalls'),
        note: `re-render took ${m('cachedMs').toFixed(2)} ms. Target: 0 calls while cached.`,
      },
    ],
  );
}
