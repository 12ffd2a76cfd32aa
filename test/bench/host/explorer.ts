// Runs inside the extension host, loaded as extensionTestsPath by the explorer bench: drives the real explorer
// provider against the local AWS service (1,000 APIs, one with 300 routes, 300 integrations, 10 stages; 20 ms per
// call) and, as the baseline, an eager listing of the same data through the same SDK client.
import { SUBJECT } from '../../../src/vscode/commands/subjects';
import type { TreeNode } from '../../../src/vscode/explorer/tree';
import { activateWorkbench, label, localAwsControl } from '../../support/host';

const kind = (n: TreeNode) => n[SUBJECT]().resource?.kind;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The pacer and the service both allow a burst of 40, then ~10/s: let both refill before each measured step.
const REFILL_MS = 4500;

async function all<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page.items);
  return items;
}

export async function run(): Promise<void> {
  const api = await activateWorkbench();
  const control = localAwsControl();
  const p = api.explorer.provider;
  const runs = Number(process.env.APIGW_BENCH_RUNS ?? 3);
  const calls = async () => (await control.calls({ service: 'apigateway' })).length;
  const out: Record<string, number[]> = {};
  const rec = (k: string, v: number) => {
    (out[k] ??= []).push(v);
  };

  await control.clearCalls();
  let t = performance.now();
  let [conn] = await p.getChildren();
  await conn!.children();
  rec('coldFirstPageMs', performance.now() - t);
  rec('coldFirstPageCalls', await calls());

  for (let i = 0; i < runs; i++) {
    await sleep(REFILL_MS);
    p.refresh();
    await control.clearCalls();
    t = performance.now();
    [conn] = await p.getChildren();
    const apis = await conn!.children();
    rec('firstPageMs', performance.now() - t);
    rec('firstPageCalls', await calls());
    rec('firstPageShown', apis.filter((n) => kind(n) === 'api').length);

    const session = await api.connection.session();
    await control.clearCalls();
    t = performance.now();
    const everything = await all(session.apigw.apis({ pageSize: 50 }));
    rec('eagerApisMs', performance.now() - t);
    rec('eagerApisCalls', await calls());
    rec('eagerApisCount', everything.length);

    await sleep(REFILL_MS);
    const big = apis.find((n) => label(n) === 'big-api')!;
    const routes = (await big.children()).find((n) => label(n) === 'Routes')!;
    await control.clearCalls();
    t = performance.now();
    const shown = await routes.children();
    rec('expandRoutesMs', performance.now() - t);
    rec('expandRoutesCalls', await calls());
    rec('routesShown', shown.filter((n) => kind(n) === 'route').length);

    await control.clearCalls();
    t = performance.now();
    await routes.children();
    await big.children();
    await p.getChildren();
    await conn!.children();
    rec('cachedMs', performance.now() - t);
    rec('cachedCalls', await calls());

    const apiId = big[SUBJECT]().api!.id;
    await control.clearCalls();
    t = performance.now();
    const [allRoutes] = await Promise.all([
      all(session.apigw.routes(apiId, { pageSize: 50 })),
      all(session.apigw.integrations(apiId, { pageSize: 50 })),
    ]);
    rec('eagerRoutesMs', performance.now() - t);
    rec('eagerRoutesCalls', await calls());
    rec('eagerRoutesCount', allRoutes.length);
  }
  console.log(`BENCH ${JSON.stringify(out)}`);
}
