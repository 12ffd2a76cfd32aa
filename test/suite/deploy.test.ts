// Deploy in a real VS Code, against the local AWS service test/support/hostEnv.ts started (profile localaws,
// us-east-1): Deploy Spec… with the test-only confirmation hook creates the API the explorer then shows; Show Plan
// opens the plan document; the CodeLens answers only when asked; invalid specs and refusals send nothing;
// Create Spec from API… writes a spec that plans against its API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ApplyReport, Plan } from '../../src/aws/bundle';
import type { WorkbenchApi } from '../../src/extension';
// The glue module itself (not the extension's bundle), built here with a Workspace Trust answer of the test's choosing.
import { SyncCodeLens } from '../../src/vscode/deploy/codeLens';
import { sampleAccount } from '../localaws/seed';
import { activateWorkbench, label, localAwsControl, untrusted, waitFor } from '../support/host';
import { confirmations, FakePrompts } from '../support/prompts';

const MUTATING = /^(Create|Update|Delete|Tag|Untag)/;

const SPEC = `version: 1
api:
  name: hosted-api
  protocol: HTTP
integrations:
  items-fn:
    type: AWS_PROXY
    uri: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:items
routes:
  GET /items:
    integration: items-fn
  POST /items:
    integration: items-fn
stages:
  dev:
    autoDeploy: true
  prod:
    protected: true
`;

describe('deploy', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  const localAws = localAwsControl();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  let specUri: vscode.Uri;
  let asked: Array<[string, string]>;
  let restorePrompts: (() => void) | undefined;

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(sampleAccount());
    wb.connection.reset();
    specUri = vscode.Uri.joinPath(folder(), 'deploy', `hosted-${Date.now()}.apigw.yaml`);
    await vscode.workspace.fs.writeFile(specUri, new TextEncoder().encode(SPEC));
    asked = [];
  });

  afterEach(async () => {
    restorePrompts?.();
    restorePrompts = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const answer = (yes: (message: string, verb: string) => boolean) => {
    restorePrompts?.();
    restorePrompts = wb.usePrompts(
      confirmations((m, v) => {
        asked.push([m, v]);
        return yes(m, v);
      }),
    );
  };

  const mutating = async () =>
    (await localAws.calls({ service: 'apigateway' })).filter((c) => MUTATING.test(c.operation)).map((c) => c.operation);

  it('Deploy Spec… (confirmations answered by the test hook) creates the API, and the explorer then shows it', async () => {
    answer(() => true);
    const report = await vscode.commands.executeCommand<ApplyReport>('apigw.deploySpec', specUri, { stage: 'prod' });
    assert.ok(report?.ok, JSON.stringify(report));
    assert.deepEqual(asked, [
      ['Stage prod is protected. Type prod to change it.', 'prod'],
      ['Apply 6 creates to hosted-api in us-east-1 and deploy stage prod?', 'Deploy to prod'],
    ]);
    assert.match(report.invokeUrl!, /^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/prod$/);
    assert.deepEqual((await mutating()).sort(), [
      'CreateApi',
      'CreateDeployment',
      'CreateIntegration',
      'CreateRoute',
      'CreateRoute',
      'CreateStage',
      'CreateStage',
      'TagResource',
    ]);
    // The explorer was refreshed: the new API is there, with its routes.
    const root = (await wb.explorer.provider.getChildren())[0]!;
    const apis = await waitFor('hosted-api in the explorer', async () => {
      const kids = await root.children();
      return kids.some((k) => label(k) === 'hosted-api') ? kids : undefined;
    });
    const hosted = apis.find((k) => label(k) === 'hosted-api')!;
    const routes = (await hosted.children()).find((k) => label(k) === 'Routes')!;
    assert.deepEqual((await routes.children()).map(label).sort(), ['GET /items', 'POST /items']);
    // The plan was shown beside the spec, read-only, with the diff colours.
    const plan = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'apigw-plan');
    assert.ok(plan);
    assert.equal(plan.languageId, 'diff');
    assert.equal(plan.uri.path, '/Plan for hosted-api (us-east-1)');
    assert.match(plan.getText(), /^\+ route GET \/items → items-fn$/m);
  });

  it('a protected stage whose name is not typed, or a confirmation declined, changes nothing', async () => {
    answer((_m, verb) => verb !== 'prod');
    assert.equal(await vscode.commands.executeCommand('apigw.deploySpec', specUri, { stage: 'prod' }), undefined);
    answer((_m, verb) => verb === 'prod');
    assert.equal(await vscode.commands.executeCommand('apigw.deploySpec', specUri, { stage: 'prod' }), undefined);
    assert.equal(asked.at(-1)![1], 'Deploy to prod');
    assert.deepEqual(await mutating(), []);
  });

  it('an invalid spec is not planned or deployed: nothing reaches AWS', async () => {
    const bad = vscode.Uri.joinPath(folder(), 'deploy', `bad-${Date.now()}.apigw.yaml`);
    await vscode.workspace.fs.writeFile(
      bad,
      new TextEncoder().encode(SPEC.replace('integration: items-fn\n  POST', 'integration: nope\n  POST')),
    );
    answer(() => true);
    await localAws.clearCalls();
    assert.equal(await vscode.commands.executeCommand('apigw.deploySpec', bad, { stage: 'dev' }), undefined);
    assert.equal(await vscode.commands.executeCommand('apigw.showPlan', bad), undefined);
    assert.deepEqual(await localAws.calls(), []);
    assert.deepEqual(asked, []);
  });

  it('the CodeLens asks before it reads AWS; Show Plan and a check answer it; an edit turns it back into the question', async () => {
    const doc = await vscode.workspace.openTextDocument(specUri);
    await vscode.window.showTextDocument(doc);
    const titles = async () =>
      // Resolved as VS Code resolves the lenses on screen: the Call Route lenses on each route key get their command
      // then, and are calling's (test/suite/call.test.ts).
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', specUri, 100)) ?? [])
        .filter((l) => l.command?.command !== 'apigw.openRequests')
        .map((l) => l.command?.title ?? '');
    await localAws.clearCalls();
    assert.deepEqual(await titles(), ['$(cloud) Check sync with AWS', '$(rocket) Deploy…']);
    assert.deepEqual(await localAws.calls(), [], 'no AWS call to show the lens');
    const plan = await vscode.commands.executeCommand<Plan>('apigw.checkSpecSync', specUri);
    assert.equal(plan?.changes.length, 6);
    assert.deepEqual(await titles(), [
      '$(diff-added) hosted-api does not exist in us-east-1 — Show Plan',
      '$(rocket) Deploy…',
    ]);
    answer(() => true);
    await vscode.commands.executeCommand('apigw.deploySpec', specUri, { stage: 'dev' });
    assert.deepEqual(await titles(), ['$(check) In sync with hosted-api (us-east-1)', '$(rocket) Deploy…']);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '# edited\n'));
    await localAws.clearCalls();
    assert.deepEqual(await titles(), ['$(cloud) Check sync with AWS', '$(rocket) Deploy…']);
    assert.deepEqual(await localAws.calls(), []);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Show Plan opens the plan of the active spec without changing anything', async () => {
    answer(() => true);
    await vscode.commands.executeCommand('apigw.deploySpec', specUri, { stage: 'prod' });
    await vscode.workspace.fs.writeFile(
      specUri,
      new TextEncoder().encode(
        SPEC.replace(
          '  prod:\n    protected: true',
          '  prod:\n    protected: true\n    throttling: { burstLimit: 20, rateLimit: 10 }',
        ),
      ),
    );
    await localAws.clearCalls();
    const edited = await vscode.workspace.openTextDocument(specUri);
    // The document was open: VS Code reloads it from disk on its own time.
    await waitFor('the edited spec', () => edited.getText().includes('throttling'));
    await vscode.window.showTextDocument(edited);
    const plan = await vscode.commands.executeCommand<Plan>('apigw.showPlan');
    assert.deepEqual(
      plan?.changes.map((c) => `${c.action} ${c.kind} ${c.name}`),
      ['update stage prod'],
    );
    const doc = await waitFor('the plan document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'apigw-plan' && /throttling/.test(d.getText())),
    );
    assert.match(doc.getText(), /^~ stage prod$/m);
    assert.match(doc.getText(), /^ {4}throttling\.rateLimit: \(none\) → 10$/m);
    assert.deepEqual(await mutating(), []);
  });

  it('Create Spec from API… writes a spec of a live API that validates and plans against it', async () => {
    const target = vscode.Uri.joinPath(folder(), 'deploy', `pulled-${Date.now()}.apigw.yaml`);
    const written = await vscode.commands.executeCommand<vscode.Uri>('apigw.createSpecFromApi', 'orders-api', {
      target,
    });
    assert.equal(written?.toString(), target.toString());
    const doc = await waitFor('the pulled spec', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()),
    );
    assert.equal(doc.languageId, 'apigw-yaml');
    assert.match(doc.getText(), /^# Created from API \w+ \(orders-api\) in us-east-1/);
    assert.match(doc.getText(), /^ {2}GET \/orders\/\{id\}:$/m);
    const diagnostics = await waitFor('validation', () => {
      const d = vscode.languages.getDiagnostics(target);
      return vscode.workspace.textDocuments.includes(doc) ? d : undefined;
    });
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message),
      [],
    );
    const plan = await vscode.commands.executeCommand<Plan>('apigw.showPlan', target);
    assert.equal(plan?.api.status, 'adopt');
    // Only what identity needs: the API's tag and the integrations' recorded names.
    assert.ok(
      plan!.changes.every((c) => c.fields.every((f) => f.path === 'name' || f.path === 'tags["apigw:spec"]')),
      JSON.stringify(plan!.changes),
    );
  });

  it('Create Spec from API… into a .jsonc file writes JSON (it wrote YAML: only .json was read as JSON)', async () => {
    const target = vscode.Uri.joinPath(folder(), 'deploy', `pulled-${Date.now()}.apigw.jsonc`);
    await vscode.commands.executeCommand<vscode.Uri>('apigw.createSpecFromApi', 'orders-api', { target });
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const spec = JSON.parse(text) as { api: { name: string } };
    assert.equal(spec.api.name, 'orders-api');
  });

  it('an untrusted workspace cannot deploy: the command says so and calls nothing; the CodeLens offers no Deploy', async () => {
    const fake = new FakePrompts({ confirm: () => true });
    await localAws.clearCalls();
    assert.equal(
      await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.deploySpec', specUri, { stage: 'dev' }),
      undefined,
    );
    assert.deepEqual(await localAws.calls(), []);
    assert.deepEqual(fake.asked(), []);
    const [refusal] = fake.messages('warning');
    assert.match(refusal?.text ?? '', /^Deploy Spec is turned off in Restricted Mode/);
    assert.deepEqual(
      refusal?.actions?.map((a) => a.label),
      ['Manage Workspace Trust', 'Show Log'],
    );
    const lens = new SyncCodeLens(
      () => false,
      () => true,
    );
    try {
      const doc = await vscode.workspace.openTextDocument(specUri);
      assert.deepEqual(
        lens.provideCodeLenses(doc).map((l) => l.command?.title),
        ['$(cloud) Check sync with AWS'],
      );
    } finally {
      lens.dispose();
    }
  });
});
