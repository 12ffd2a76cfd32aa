// Every contextValue a tree node sets, in one place without VS Code: package.json's `viewItem` clauses are checked
// against these (test/unit/manifest.test.ts). Routes, APIs and Local entries carry their protocol, for menus that
// differ by it.

export const ContextValues = {
  connection: 'apigw.connection',
  api: { HTTP: 'apigw.api.http', WEBSOCKET: 'apigw.api.websocket' },
  route: { HTTP: 'apigw.route.http', WEBSOCKET: 'apigw.route.websocket' },
  folder: {
    routes: 'apigw.folder.routes',
    integrations: 'apigw.folder.integrations',
    authorizers: 'apigw.folder.authorizers',
    models: 'apigw.folder.models',
    stages: 'apigw.folder.stages',
    deployments: 'apigw.folder.deployments',
    domains: 'apigw.folder.domains',
  },
  integration: 'apigw.integration',
  integrationResponse: 'apigw.integrationResponse',
  routeResponse: 'apigw.routeResponse',
  authorizer: 'apigw.authorizer',
  model: 'apigw.model',
  stage: 'apigw.stage',
  stageAutoDeploy: 'apigw.stage.autoDeploy',
  deployment: 'apigw.deployment',
  domain: 'apigw.domain',
  apiMapping: 'apigw.apiMapping',
  details: 'apigw.details',
  detail: 'apigw.detail',
  historyEntry: 'apigw.historyEntry',
  placeholder: 'apigw.placeholder',
  error: 'apigw.error',
  loadMore: 'apigw.loadMore',
  local: { HTTP: 'apigw.local.http', WEBSOCKET: 'apigw.local.websocket' },
  localRoute: 'apigw.localRoute',
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];
export type ContextValue = Leaves<typeof ContextValues>;

/** Every value above. */
export function allContextValues(): ContextValue[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else for (const x of Object.values(v as object)) walk(x);
  };
  walk(ContextValues);
  return out as ContextValue[];
}
