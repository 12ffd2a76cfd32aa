// Promote Stage…, Roll Back Stage… and Clean Up Deployments… inside a real VS Code, against the local AWS service
// (profile endpoint_url), answered through the test-only confirmation hook (which also answers the typed name of a
// protected stage: its `verb` is then the stage name). The workspace's
// specs/orders.apigw.yaml maps to orders-api and marks prod `protected: true`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AwsSession } from '../../src/aws/bundle';
import type { WorkbenchApi } from '../../src/extension';
import type { TreeNode } from '../../src/vscode/explorer/tree';
import { promotionAccount } from '../localaws/seed';
import { activateWorkbench, child, label, localAwsControl, node, untrusted } from '../support/host';
import { confirmations, FakePrompts } from '../support/prompts';

describe('promotion and rollback commands', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  let session: AwsSession;
  let apiId: string;
  const localAws = localAwsControl();
  let asked: Array<{ message: string; verb: string }> = [];
  let typed: string[] = [];
  let restorePrompts: (() => void) | undefined;
  /** Answers modals with `modal` and typed names with `name`, recording what each asked. */
  const answer = (modal: boolean, name = true) => {
    restorePrompts?.();
    restorePrompts = wb.usePrompts(
      confirmations((message, verb) => {
        if (verb === 'dev' || verb === 'prod') {
          typed.push(message);
          return name;
        }
        asked.push({ message, verb });
        return modal;
      }),
    );
  };

  const runs = async (stage: string) => (await session.apigw.getStage(apiId, stage)).DeploymentId!;
  const updates = async () => (await localAws.calls({ operation: 'UpdateStage' })).length;
  const preview = () =>
    vscode.workspace.textDocuments
      .filter((d) => d.uri.scheme === 'apigw-preview')
      .map((d) => d.getText())
      .join('\n');

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(promotionAccount());
    wb.connection.reset();
    wb.explorer.provider.refresh();
    session = await wb.connection.session();
    for await (const page of session.apigw.apis())
      apiId = page.items.find((a) => a.Name === 'orders-api')?.ApiId ?? apiId;
    asked = [];
    typed = [];
    answer(true);
    await localAws.clearCalls();
  });

  afterEach(async () => {
    restorePrompts?.();
    restorePrompts = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('promotes dev → prod after the preview, the typed name of prod (protected by the workspace spec) and a modal naming it', async () => {
    const v1 = await runs('prod');
    const v2 = await runs('dev');
    // The explorer has read the stages: the promotion must make it read them again (no refresh by hand).
    assert.match(
      String((await node(wb, 'orders-api', 'Stages', 'prod')).treeItem().description),
      new RegExp(`^deployment ${v1}`),
    );
    const line = await vscode.commands.executeCommand<string>('apigw.promoteStage', { apiId, from: 'dev', to: 'prod' });
    assert.deepEqual(
      asked.map((a) => a.verb),
      ['Promote to prod'],
    );
    assert.equal(asked[0]!.message, `Promote dev's deployment ${v2} to prod of orders-api (us-east-1)?`);
    assert.equal(typed.length, 1);
    assert.match(
      typed[0]!,
      /prod is protected \(protected: true in specs\/orders\.apigw\.yaml\)\. Type prod to promote to it\./,
    );
    const text = preview();
    assert.match(text, /^# Promote dev → prod$/m);
    assert.match(text, new RegExp(`- prod runs now: \`${v1}\` · .* · "first release"`));
    assert.match(text, new RegExp(`- prod will run: \`${v2}\` · .* · "second release" · runs dev \\(what dev runs\\)`));
    assert.match(text, /- stage variable table: dev `orders-dev` · prod `orders`/);
    assert.match(
      line,
      new RegExp(
        `^promoted dev → prod of orders-api \\(${apiId}, localaws · us-east-1\\): deployment ${v1} → ${v2} by localaws at `,
      ),
    );
    assert.equal(await runs('prod'), v2);

    // The explorer shows the deployment and the previous one, and the history under the stage; and that prod is
    // protected, by the workspace's spec alone (no tag).
    const prod = await node(wb, 'orders-api', 'Stages', 'prod');
    assert.match(String(prod.treeItem().description), / · protected$/);
    assert.match(String(prod.treeItem().description), new RegExp(`^deployment ${v2} \\(previous ${v1}\\) · updated`));
    const history = await child(prod, 'History');
    const entries = await history.children();
    assert.deepEqual(entries.map(label), [v2]);
    assert.match(String(entries[0]!.treeItem().description), new RegExp(`^was ${v1} · promote · by localaws · `));
  });

  it('leaves a protected stage untouched when its name is not typed, or the modal is declined', async () => {
    const v1 = await runs('prod');
    answer(true, false);
    await vscode.commands.executeCommand('apigw.promoteStage', { apiId, from: 'dev', to: 'prod' });
    assert.equal(typed.length, 1);
    assert.equal(asked.length, 0, 'without the typed name, the modal is not even shown');
    answer(false);
    await vscode.commands.executeCommand('apigw.promoteStage', { apiId, from: 'dev', to: 'prod' });
    assert.equal(typed.length, 2);
    assert.deepEqual(
      asked.map((a) => a.verb),
      ['Promote to prod'],
    );
    assert.equal(await updates(), 0);
    assert.equal(await runs('prod'), v1);
  });

  it('rolls back prod to the deployment before the promotion, then to any other deployment', async () => {
    const v1 = await runs('prod');
    const v2 = await runs('dev');
    await vscode.commands.executeCommand('apigw.promoteStage', { apiId, from: 'dev', to: 'prod' });
    const line = await vscode.commands.executeCommand<string>('apigw.rollbackStage', { apiId, stage: 'prod' });
    assert.equal(asked.at(-1)!.verb, 'Roll back prod');
    assert.equal(asked.at(-1)!.message, `Roll back prod of orders-api (us-east-1) to deployment ${v1}?`);
    assert.match(preview(), new RegExp(`This undoes: ${v2} \\(promote · by localaws`));
    assert.match(line, new RegExp(`^rolled back prod of orders-api .*: deployment ${v2} → ${v1} by localaws`));
    assert.equal(await runs('prod'), v1);
    await vscode.commands.executeCommand('apigw.rollbackStage', { apiId, stage: 'prod', to: v2 });
    assert.equal(await runs('prod'), v2);
    const tags = (await session.apigw.getStage(apiId, 'prod')).Tags ?? {};
    assert.equal(Object.keys(tags).filter((k) => k.startsWith('apigw:history:')).length, 3);
  });

  it('refuses an auto-deploy target with the explanation, and turns auto-deploy off when the offer is taken', async () => {
    await session.apigw.updateStage(apiId, 'dev', { AutoDeploy: true });
    const v1 = await runs('prod');
    await localAws.clearCalls();
    answer(false);
    await vscode.commands.executeCommand('apigw.promoteStage', { apiId, from: 'prod', to: 'dev' });
    assert.equal(asked[0]!.verb, 'Turn Off Auto-Deploy and Promote');
    assert.equal(asked[0]!.message, 'dev of orders-api auto-deploys: it cannot be promoted into.');
    assert.equal(await updates(), 0);
    answer(true);
    await vscode.commands.executeCommand('apigw.promoteStage', { apiId, from: 'prod', to: 'dev' });
    assert.deepEqual(
      asked.slice(1).map((a) => a.verb),
      ['Turn Off Auto-Deploy and Promote', 'Promote to dev'],
    );
    assert.match(preview(), /also turns auto-deploy off/);
    const dev = await session.apigw.getStage(apiId, 'dev');
    assert.equal(dev.AutoDeploy, false);
    assert.equal(dev.DeploymentId, v1);
  });

  it("from the explorer's context menu: Promote Stage on dev asks for the target, Roll Back Stage on prod offers the previous deployment first", async () => {
    // A newer deployment no stage runs: the pick list must still put the previous one first.
    const seed = promotionAccount();
    seed.apis![0]!.deployments!.push({
      ref: 'hotfix',
      description: 'newer, never promoted',
      createdDate: '2099-01-01T00:00:00.000Z',
    });
    await localAws.reset(seed);
    for await (const page of session.apigw.apis())
      apiId = page.items.find((a) => a.Name === 'orders-api')?.ApiId ?? apiId;
    wb.explorer.provider.refresh();
    const v1 = await runs('prod');
    const v2 = await runs('dev');
    const [root] = await wb.explorer.provider.getChildren();
    const stages = await child(await child(root!, 'orders-api'), 'Stages');
    /** Runs a command that shows a quick pick, and accepts the pick's first (default) item once it is open. */
    const withPick = async (command: string, target: TreeNode) => {
      let done = false;
      const run = Promise.resolve(vscode.commands.executeCommand<string | undefined>(command, target)).finally(() => {
        done = true;
      });
      while (!done) {
        await new Promise((r) => setTimeout(r, 150));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      return run;
    };
    const promoted = await withPick('apigw.promoteStage', await child(stages, 'dev'));
    assert.match(promoted ?? '', new RegExp(`promoted dev → prod .*deployment ${v1} → ${v2}`));
    wb.explorer.provider.refresh();
    const [root2] = await wb.explorer.provider.getChildren();
    const prod = await child(await child(await child(root2!, 'orders-api'), 'Stages'), 'prod');
    const rolled = await withPick('apigw.rollbackStage', prod);
    assert.match(rolled ?? '', new RegExp(`rolled back prod .*deployment ${v2} → ${v1}`));
    assert.equal(await runs('prod'), v1);
  });

  it('cleans up deployments after a modal with the count, keeping what stages run and the newest N', async () => {
    await localAws.reset(promotionAccount({ oldDeployments: 6 }));
    for await (const page of session.apigw.apis())
      apiId = page.items.find((a) => a.Name === 'orders-api')?.ApiId ?? apiId;
    answer(false);
    await vscode.commands.executeCommand('apigw.cleanUpDeployments', { apiId, keep: 3 });
    assert.equal(asked[0]!.message, 'Delete 5 deployments of orders-api (us-east-1)?');
    assert.equal(asked[0]!.verb, 'Delete 5 Deployments');
    assert.equal((await localAws.calls({ operation: 'DeleteDeployment' })).length, 0);
    answer(true);
    const result = await vscode.commands.executeCommand<{ deleted: number }>('apigw.cleanUpDeployments', {
      apiId,
      keep: 3,
    });
    assert.equal(result.deleted, 5);
    const left: string[] = [];
    for await (const page of session.apigw.deployments(apiId)) left.push(...page.items.map((d) => d.Description ?? ''));
    assert.deepEqual(left.sort(), ['first release', 'old release 5', 'second release']);
  });

  it('in an untrusted workspace, Promote, Roll Back and Clean Up change nothing, ask nothing and call nothing', async () => {
    const fake = new FakePrompts({ confirm: () => true });
    const before = { dev: await runs('dev'), prod: await runs('prod') };
    await localAws.clearCalls();
    const run = (id: string, args: object) => wb.runWith({ trust: untrusted, prompts: fake }, id, args);
    assert.equal(await run('apigw.promoteStage', { apiId, from: 'dev', to: 'prod' }), undefined);
    assert.equal(await run('apigw.rollbackStage', { apiId, stage: 'prod' }), undefined);
    assert.equal(await run('apigw.cleanUpDeployments', { apiId, keep: 0 }), undefined);
    assert.deepEqual(await localAws.calls(), [], 'no AWS call from an untrusted workspace');
    const shown = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'apigw-preview');
    assert.deepEqual([fake.asked(), shown.length], [[], 0], 'nothing asked, nothing previewed');
    assert.deepEqual(
      fake.messages('warning').map((m) => m.text.replace(/ is turned off.*/, '')),
      ['Promote Stage', 'Roll Back Stage', 'Clean Up Deployments'],
      'one standard refusal each',
    );
    assert.deepEqual({ dev: await runs('dev'), prod: await runs('prod') }, before);
  });
});
