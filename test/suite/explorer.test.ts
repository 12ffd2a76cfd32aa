// The explorer inside a real VS Code, pointed (profile endpoint_url) at the local AWS service that test/support/hostEnv.ts
// started with sampleAccount(): the tree, its calls, Load more, error nodes and recovery, actions and the connection.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { SUBJECT } from '../../src/vscode/commands/subjects';
import type { TreeNode } from '../../src/vscode/explorer/tree';
import { sampleAccount } from '../localaws/seed';
import { confirmations, FakePrompts } from '../support/prompts';
import {
  activateWorkbench,
  child,
  description,
  label,
  localAwsControl,
  settings,
  testConnection,
  tooltip,
  untrusted,
  waitFor,
} from '../support/host';

const resource = (n: TreeNode) => n[SUBJECT]().resource!;

describe('explorer', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  const localAws = localAwsControl();
  let restorePrompts: (() => void) | undefined;

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(sampleAccount());
    wb.explorer.provider.refresh();
  });

  afterEach(async () => {
    restorePrompts?.();
    restorePrompts = undefined;
    for (const k of ['pageSize', 'profile', 'region'])
      await settings().update(k, undefined, vscode.ConfigurationTarget.Global);
    wb.connection.reset();
  });

  async function routeNamed(api: TreeNode, key: string): Promise<TreeNode> {
    return child(await child(api, 'Routes'), key);
  }

  async function root(): Promise<TreeNode> {
    const nodes = await wb.explorer.provider.getChildren();
    assert.equal(nodes.length, 1, `root nodes: ${nodes.map(label).join(', ')}`);
    return nodes[0]!;
  }

  it('shows profile · region, then the seeded APIs with protocol icons, one call for the first page', async () => {
    await localAws.clearCalls();
    const conn = await root();
    assert.equal(label(conn), 'localaws · us-east-1');
    const apis = await conn.children();
    assert.deepEqual(apis.map(label), ['orders-api', 'chat', 'payments-api', 'Custom domain names']);
    assert.match(description(apis[0]!), /^\w{10} · HTTP$/);
    assert.match(description(apis[1]!), /^\w{10} · WebSocket$/);
    assert.equal((apis[0]!.treeItem().iconPath as vscode.ThemeIcon).id, 'globe');
    assert.equal((apis[1]!.treeItem().iconPath as vscode.ThemeIcon).id, 'plug');
    assert.match(tooltip(apis[0]!), /Orders service/);
    const calls = await localAws.calls({ service: 'apigateway' });
    assert.deepEqual(
      calls.map((c) => c.operation),
      ['GetApis'],
      'one call for the first page, nothing for children not expanded',
    );
    assert.equal(calls[0]!.params.maxResults, '50');
  });

  it('expands an API into routes, integrations, authorizers, stages (with variables and route settings) and deployments', async () => {
    const orders = await child(await root(), 'orders-api');
    await localAws.clearCalls();
    assert.deepEqual((await orders.children()).map(label), [
      'Routes',
      'Integrations',
      'Authorizers',
      'Stages',
      'Deployments',
    ]);
    assert.equal((await localAws.calls()).length, 0, 'folders cost no call until expanded');

    let routes = await (await child(orders, 'Routes')).children();
    assert.deepEqual(routes.map(label), ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'ANY /legacy/{proxy+}']);
    assert.match(description(routes[1]!), /^JWT → integrations\/\w{7}$/, 'integrations are not listed until expanded');
    const integrations = await (await child(orders, 'Integrations')).children();
    assert.deepEqual(integrations.map(label), ['orders-fn', 'legacy.example.com/{proxy}']);
    assert.match(description(integrations[0]!), /^AWS_PROXY · payload 2\.0 · \w+$/);
    routes = await (await child(orders, 'Routes')).children();
    assert.equal(description(routes[1]!), 'JWT → orders-fn');
    const authorizers = await (await child(orders, 'Authorizers')).children();
    assert.equal(description(authorizers[0]!), 'JWT · $request.header.Authorization');

    const stages = await (await child(orders, 'Stages')).children();
    assert.deepEqual(stages.map(label), ['dev', 'prod']);
    assert.match(description(stages[0]!), /^deployment \w{6} · updated (just now|\d+ min ago)$/);
    const devKids = await stages[0]!.children();
    assert.deepEqual(devKids.map(label), ['Stage variables', 'Route settings']);
    assert.deepEqual(
      (await devKids[0]!.children()).map((n) => `${label(n)}=${description(n)}`),
      ['table=orders-dev'],
    );
    assert.deepEqual(
      (await devKids[1]!.children()).map((n) => `${label(n)}: ${description(n)}`),
      ['GET /orders: rate 100/s, burst 50'],
    );

    const deployments = await (await child(orders, 'Deployments')).children();
    assert.equal(deployments.length, 1);
    assert.match(description(deployments[0]!), /first release · runs dev, prod$/);
    assert.deepEqual(
      (await localAws.calls()).map((c) => c.operation).sort(),
      ['GetAuthorizers', 'GetDeployments', 'GetIntegrations', 'GetRoutes', 'GetStages'],
      'one call per list; deployments reuse the stages list',
    );

    // Expanding again, collapsing, re-rendering: all from the cache.
    await localAws.clearCalls();
    await (await child(orders, 'Routes')).children();
    await (await child(orders, 'Stages')).children();
    await (await root()).children();
    assert.equal((await localAws.calls()).length, 0, 'no call repeated while cached');
  });

  it('pages with apigw.pageSize and a "Load more…" node', async () => {
    await settings().update('pageSize', 2, vscode.ConfigurationTarget.Global);
    wb.explorer.provider.refresh();
    const conn = await root();
    let kids = await conn.children();
    assert.deepEqual(kids.map(label), ['orders-api', 'chat', 'Load more…', 'Custom domain names']);
    await localAws.clearCalls();
    await vscode.commands.executeCommand('apigw.loadMore', kids[2]);
    kids = await conn.children();
    assert.deepEqual(kids.map(label), ['orders-api', 'chat', 'payments-api', 'Custom domain names']);
    const calls = await localAws.calls();
    assert.equal(calls.length, 1);
    assert.ok(calls[0]!.params.nextToken, 'the next page continues from the token');
  });

  it('a "Load more…" that fails keeps the pages loaded: an error node follows them, and Load more… tries again', async () => {
    await settings().update('pageSize', 2, vscode.ConfigurationTarget.Global);
    wb.explorer.provider.refresh();
    const conn = await root();
    let kids = await conn.children();
    await localAws.addFaults([{ operation: 'GetApis', kind: 'error', times: 6 }]);
    await vscode.commands.executeCommand('apigw.loadMore', kids[2]);
    kids = await conn.children();
    assert.deepEqual(kids.map(label), [
      'orders-api',
      'chat',
      'Could not load more APIs',
      'Load more…',
      'Custom domain names',
    ]);
    assert.equal(kids[2]!.treeItem().command?.command, 'apigw.showErrorDetails');
    await localAws.clearFaults();
    await vscode.commands.executeCommand('apigw.loadMore', kids[3]);
    assert.deepEqual((await conn.children()).map(label), ['orders-api', 'chat', 'payments-api', 'Custom domain names']);
  });

  it('turns an injected fault into an error node (no toast), and refresh recovers', async () => {
    const orders = await child(await root(), 'orders-api');
    const routes = await child(orders, 'Routes');
    await localAws.addFaults([{ operation: 'GetRoutes', kind: 'error', times: 6 }]);
    const failed = await routes.children();
    assert.equal(failed.length, 1);
    assert.equal(label(failed[0]!), 'Could not load routes');
    assert.equal(failed[0]!.treeItem().contextValue, 'apigw.error');
    assert.equal(failed[0]!.treeItem().command?.command, 'apigw.showErrorDetails');
    await localAws.clearFaults();
    await vscode.commands.executeCommand('apigw.refreshNode', routes);
    assert.deepEqual((await routes.children()).map(label), [
      'GET /orders',
      'POST /orders',
      'GET /orders/{id}',
      'ANY /legacy/{proxy+}',
    ]);

    await localAws.addFaults([
      {
        operation: 'GetStages',
        kind: 'error',
        status: 403,
        code: 'AccessDeniedException',
        message:
          'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apis/x/stages',
      },
    ]);
    const denied = await (await child(orders, 'Stages')).children();
    assert.match(tooltip(denied[0]!), /apigateway:GET/);
  });

  it("an error node's details name its log line, with Retry and Show Log; Retry loads again", async () => {
    const routes = await child(await child(await root(), 'orders-api'), 'Routes');
    await localAws.addFaults([{ operation: 'GetRoutes', kind: 'error', times: 6 }]);
    const [failed] = await routes.children();
    assert.match(tooltip(failed!), /Log line \\?#\d+/);
    const fake = new FakePrompts();
    restorePrompts = wb.usePrompts(fake);
    await vscode.commands.executeCommand('apigw.showErrorDetails', failed);
    const [details] = fake.messages('error');
    assert.match(details?.text ?? '', /^Could not load routes: .*\(log #\d+\)$/);
    assert.deepEqual(
      details?.actions?.map((a) => a.label),
      ['Retry', 'Show Log'],
    );
    await localAws.clearFaults();
    await details!.actions![0]!.run();
    assert.equal((await routes.children()).length, 4);
  });

  it('route context values carry the protocol; a stage its workspace spec protects says so', async () => {
    const conn = await root();
    const [httpRoute] = await (await child(await child(conn, 'orders-api'), 'Routes')).children();
    assert.equal(httpRoute!.treeItem().contextValue, 'apigw.route.http');
    const [wsRoute] = await (await child(await child(conn, 'chat'), 'Routes')).children();
    assert.equal(wsRoute!.treeItem().contextValue, 'apigw.route.websocket');
    // specs/orders.apigw.yaml in the workspace says prod is protected; the live stage has no protection tag.
    const prod = await child(await child(await child(conn, 'orders-api'), 'Stages'), 'prod');
    assert.match(description(prod), / · protected$/);
    assert.match(tooltip(prod), /Protected: `yes \(protected: true in specs\/orders\.apigw\.yaml\)`/);
    const dev = await child(await child(await child(conn, 'orders-api'), 'Stages'), 'dev');
    assert.doesNotMatch(description(dev), /protected/);
  });

  // A WebSocket API's models, a two-way route's responses and a non-proxy integration's responses are resources of
  // their own in AWS (issue 14's fields): the tree lists each where it belongs, with what AWS holds in its tooltip.
  it("lists a WebSocket API's models, a two-way route's responses and an integration's responses", async () => {
    const conn = await root();
    const chat = await child(conn, 'chat');
    const apiId = resource(chat).id;
    const { apigw } = await wb.connection.session();
    await apigw.createModel(apiId, {
      Name: 'Message',
      ContentType: 'application/json',
      Schema: '{"type":"object","required":["text"]}',
    });
    const sendMessage = resource(await routeNamed(chat, 'sendMessage')).id;
    await apigw.updateRoute(apiId, sendMessage, {
      RouteResponseSelectionExpression: '$default',
      RequestParameters: { 'route.request.header.x-room': { Required: true } },
    });
    await apigw.createRouteResponse(apiId, sendMessage, {
      RouteResponseKey: '$default',
      ResponseModels: { 'application/json': 'Message' },
    });
    const mock = await apigw.createIntegration(apiId, {
      IntegrationType: 'MOCK',
      RequestTemplates: { 'application/json': '{"statusCode": 200}' },
      TemplateSelectionExpression: '\\$default',
    });
    await apigw.createIntegrationResponse(apiId, mock.IntegrationId!, {
      IntegrationResponseKey: '$default',
      ResponseTemplates: { 'application/json': '{"ok": true}' },
    });
    wb.explorer.provider.refresh();

    const api = await child(await root(), 'chat');
    assert.deepEqual((await api.children()).map(label), [
      'Routes',
      'Integrations',
      'Authorizers',
      'Models',
      'Stages',
      'Deployments',
    ]);
    const model = await child(await child(api, 'Models'), 'Message');
    assert.match(description(model), /^application\/json · /);
    assert.match(tooltip(model), /Schema: `\{"type":"object","required":\["text"\]\}`/);

    const route = await routeNamed(api, 'sendMessage');
    assert.equal(route.treeItem().collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(tooltip(route), /Request parameters: `route\.request\.header\.x-room \(required\)`/);
    const [response, ...more] = await route.children();
    assert.equal(more.length, 0);
    assert.equal(label(response!), '$default');
    assert.match(tooltip(response!), /Response models: `application\/json → Message`/);
    // A one-way route has nothing to expand.
    const connect = await routeNamed(api, '$connect');
    assert.equal(connect.treeItem().collapsibleState, vscode.TreeItemCollapsibleState.None);

    const integrations = await (await child(api, 'Integrations')).children();
    const mocked = integrations.find((n) => label(n) === 'mock')!;
    assert.match(tooltip(mocked), /Request templates: `application\/json`/);
    const [reply] = await mocked.children();
    assert.equal(label(reply!), '$default');
    assert.match(description(reply!), /^1 template · /);
    const lambda = integrations.find((n) => label(n) === 'chat-fn')!;
    assert.equal(lambda.treeItem().collapsibleState, vscode.TreeItemCollapsibleState.None, 'a proxy has none');
  });

  it('names aws sso login --profile X on an expired token', async () => {
    await localAws.addFaults([
      {
        operation: 'GetApis',
        kind: 'error',
        status: 403,
        code: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      },
    ]);
    const kids = await (await root()).children();
    assert.match(label(kids[0]!), /aws sso login --profile localaws/);
    assert.equal(kids[0]!.treeItem().contextValue, 'apigw.error');
  });

  it('keeps node ids stable across a refresh', async () => {
    const orders = await child(await root(), 'orders-api');
    const before = (await (await child(orders, 'Routes')).children()).map((n) => n.id);
    wb.explorer.provider.refresh();
    const after = (await (await child(await child(await root(), 'orders-api'), 'Routes')).children()).map((n) => n.id);
    assert.deepEqual(after, before);
    assert.match(before[0]!, /^apigw:localaws\|us-east-1\|http:\/\/127\.0\.0\.1:\d+\/\w{10}\/routes\/\w{7}$/);
  });

  it('deletes a route after a modal naming it, and keeps it when the modal is declined', async () => {
    const orders = await child(await root(), 'orders-api');
    const routesNode = await child(orders, 'Routes');
    const legacy = await child(routesNode, 'ANY /legacy/{proxy+}');
    let yes = false;
    const fake = confirmations(() => yes);
    restorePrompts = wb.usePrompts(fake);
    await vscode.commands.executeCommand('apigw.deleteRoute', legacy);
    assert.equal((await localAws.calls({ operation: 'DeleteRoute' })).length, 0);
    yes = true;
    await vscode.commands.executeCommand('apigw.deleteRoute', legacy);
    const [declined, route] = fake.asked();
    assert.deepEqual(declined, route, 'the same modal both times');
    assert.equal(route![1], 'Delete route ANY /legacy/{proxy+}');
    assert.match(
      route![0],
      /^Delete route ANY \/legacy\/\{proxy\+\} from orders-api \(\w{10}, localaws · us-east-1\)\?$/,
    );
    assert.deepEqual(
      (await localAws.calls({ operation: 'DeleteRoute' })).map((c) => c.status),
      [204],
    );
    assert.deepEqual((await routesNode.children()).map(label), ['GET /orders', 'POST /orders', 'GET /orders/{id}']);

    const stage = await child(await child(orders, 'Stages'), 'dev');
    await vscode.commands.executeCommand('apigw.deleteStage', stage);
    assert.equal(fake.asked()[2]![1], 'Delete stage dev');
    assert.deepEqual((await (await child(orders, 'Stages')).children()).map(label), ['prod']);
    assert.match(description((await (await child(orders, 'Deployments')).children())[0]!), /runs prod$/);
  });

  it('copies IDs, ARNs and invoke URLs (https with the stage, wss, $default without a path)', async () => {
    const conn = await root();
    const orders = await child(conn, 'orders-api');
    const id = resource(orders).id;
    await vscode.commands.executeCommand('apigw.copyId', orders);
    assert.equal(await vscode.env.clipboard.readText(), id);
    await vscode.commands.executeCommand('apigw.copyArn', orders);
    assert.equal(await vscode.env.clipboard.readText(), `arn:aws:apigateway:us-east-1::/apis/${id}`);
    await vscode.commands.executeCommand('apigw.copyInvokeUrl', await child(await child(orders, 'Stages'), 'prod'));
    assert.equal(await vscode.env.clipboard.readText(), `https://${id}.execute-api.us-east-1.amazonaws.com/prod`);
    const chat = await child(conn, 'chat');
    await vscode.commands.executeCommand('apigw.copyInvokeUrl', chat);
    assert.equal(
      await vscode.env.clipboard.readText(),
      `wss://${resource(chat).id}.execute-api.us-east-1.amazonaws.com/production`,
    );
    const payments = await child(conn, 'payments-api');
    await vscode.commands.executeCommand('apigw.copyInvokeUrl', payments);
    assert.equal(
      await vscode.env.clipboard.readText(),
      `https://${resource(payments).id}.execute-api.us-east-1.amazonaws.com`,
    );
    const route = (await (await child(orders, 'Routes')).children())[0]!;
    await vscode.commands.executeCommand('apigw.copyArn', route);
    assert.match(
      await vscode.env.clipboard.readText(),
      new RegExp(`^arn:aws:apigateway:us-east-1::/apis/${id}/routes/\\w{7}$`),
    );
  });

  it('Select Region and Select Profile switch the connection; a profile without credentials shows the welcome view', async () => {
    await vscode.commands.executeCommand('apigw.selectRegion', 'eu-west-1');
    let conn = await root();
    assert.equal(label(conn), 'localaws · eu-west-1');
    assert.deepEqual((await conn.children()).map(label), [
      'No HTTP or WebSocket APIs in eu-west-1',
      'Custom domain names',
    ]);
    assert.equal(settings().inspect('region')?.globalValue, 'eu-west-1');

    await settings().update('region', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('apigw.selectProfile', 'localaws-west');
    conn = await root();
    assert.equal(label(conn), 'localaws-west · eu-west-1');

    await vscode.commands.executeCommand('apigw.selectProfile', 'broken');
    conn = await root();
    await conn.children();
    assert.equal(wb.connection.state, 'noCredentials');
    assert.deepEqual(
      await wb.explorer.provider.getChildren(),
      [],
      'the welcome view (Select Profile) shows instead of a tree',
    );
  });

  it('lists custom domain names and their API mappings only when expanded', async () => {
    const conn = await root();
    await conn.children();
    await localAws.clearCalls();
    const domains = await child(conn, 'Custom domain names');
    assert.equal((await localAws.calls()).length, 0);
    const domain = await child(domains, 'api.example.com');
    assert.equal(description(domain), 'REGIONAL · AVAILABLE');
    const mappings = await domain.children();
    assert.deepEqual(
      mappings.map((n) => `${label(n)} ${description(n)}`),
      ['/orders → orders-api · prod'],
    );
    assert.deepEqual(
      (await localAws.calls()).map((c) => c.operation),
      ['GetDomainNames', 'GetApiMappings'],
    );
  });

  it('in an untrusted workspace, ignores workspace values of the profile, region and endpoint', async () => {
    await settings().update('profile', 'from-workspace', vscode.ConfigurationTarget.Workspace);
    await settings().update('endpointUrl', 'http://attacker.invalid', vscode.ConfigurationTarget.Workspace);
    await settings().update('region', 'ap-southeast-2', vscode.ConfigurationTarget.Workspace);
    await settings().update('profile', 'from-user', vscode.ConfigurationTarget.Global);
    const restricted = testConnection({ trust: untrusted });
    const trusted = testConnection();
    try {
      assert.deepEqual(restricted.settings(), { profile: 'from-user', region: '', endpointUrl: '' });
      assert.deepEqual(trusted.settings(), {
        profile: 'from-workspace',
        region: 'ap-southeast-2',
        endpointUrl: 'http://attacker.invalid',
      });
    } finally {
      restricted.dispose();
      trusted.dispose();
      await settings().update('profile', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('endpointUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('region', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Go to API reveals the API in the tree', async () => {
    const id = await vscode.commands.executeCommand<string>('apigw.goToApi', 'payments-api');
    assert.match(id ?? '', /\/\w{10}$/);
    // VS Code updates the view's selection after reveal() resolves.
    await waitFor('the API selected in the tree', () => wb.explorer.view.selection[0]?.id === id);
  });
});
