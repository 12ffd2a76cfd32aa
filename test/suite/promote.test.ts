// Promote Stage…, Roll Back Stage… and Clean Up Deployments… inside a real VS Code, against the local AWS service
// (profile endpoint_url), answered through the test-only confirmation hook (which also answers the typed name of a
// protected stage: its `verb` is then the stage name). The workspace's
// specs/orders.apigw.yaml maps to orders-api and marks prod `protected: true`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AwsSession } from '../../src/aws/bundle';
import type { WorkbenchApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/vscode/explorer/nodes';
import type { Logger } from '../../src/vscode/log';
import { promoteCommands } from '../../src/vscode/promote/commands';
import { PreviewDocuments } from '../../src/vscode/promote/preview';
import type { Runtime } from '../../src/vscode/runtime';
import { RemoteLocalAws } from '../localaws/control';
import { promotionAccount } from '../localaws/seed';

const EXTENSION_ID = 'apigw-workbench.apigw-workbench';

function label(n: ExplorerNode): string {
  const l = n.treeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

async function child(parent: ExplorerNode, name: string): Promise<ExplorerNode> {
  const kids = await parent.children();
  const found = kids.find((k) => label(k) === name);
  assert.ok(found, `no child "${name}" under "${label(parent)}": ${kids.map(label).join(', ')}`);
  return found;
}

describe('promotion and rollback commands', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  let session: AwsSession;
  let apiId: string;
  const localAws = new RemoteLocalAws(process.env.APIGW_TEST_LOCALAWS ?? '');
  let asked: Array<{ message: string; verb: string }> = [];
  let typed: string[] = [];
  /** Answers modals with `modal` and typed names with `name`, recording what each asked. */
  const answer = (modal: boolean, name = true) =>
    wb.testing.setConfirmations((message, verb) => {
      if (verb === 'dev' || verb === 'prod') {
        typed.push(message);
        return name;
      }
      asked.push({ message, verb });
      return modal;
    });

  const runs = async (stage: string) => (await session.apigw.getStage(apiId, stage)).DeploymentId!;
  const updates = async () => (await localAws.calls({ operation: 'UpdateStage' })).length;
  const preview = () =>
    vscode.workspace.textDocuments
      .filter((d) => d.uri.scheme === 'apigw-preview')
      .map((d) => d.getText())
      .join('\n');

  before(async () => {
    const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
    assert.ok(ext);
    wb = await ext.activate();
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
    wb.testing.setConfirmations(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('promotes dev → prod after the preview, the typed name of prod (protected by the workspace spec) and a modal naming it', async () => {
    const v1 = await runs('prod');
    const v2 = await runs('dev');
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

    // The explorer shows the deployment and the previous one, and the history under the stage.
    wb.explorer.provider.refresh();
    const [root] = await wb.explorer.provider.getChildren();
    const prod = await child(await child(await child(root!, 'orders-api'), 'Stages'), 'prod');
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
    const withPick = async (command: string, node: ExplorerNode) => {
      let done = false;
      const run = Promise.resolve(vscode.commands.executeCommand<string | undefined>(command, node)).finally(() => {
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
    wb.testing.setConfirmations(() => true);
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
    const quiet: Logger = {
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      child: () => quiet,
      show: () => undefined,
    };
    const rt = {
      log: quiet,
      isTrusted: () => false,
      connection: wb.connection,
      context: undefined,
    } as unknown as Runtime;
    const previews = new PreviewDocuments();
    try {
      const commands = promoteCommands(rt, wb.explorer, previews);
      const before = { dev: await runs('dev'), prod: await runs('prod') };
      await localAws.clearCalls();
      assert.equal(await commands['apigw.promoteStage']!({ apiId, from: 'dev', to: 'prod' }), undefined);
      assert.equal(await commands['apigw.rollbackStage']!({ apiId, stage: 'prod' }), undefined);
      assert.equal(await commands['apigw.cleanUpDeployments']!({ apiId, keep: 0 }), undefined);
      assert.deepEqual(await localAws.calls(), [], 'no AWS call from an untrusted workspace');
      const shown = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'apigw-preview');
      assert.deepEqual([asked, typed, shown.length], [[], [], 0], 'nothing asked, nothing previewed');
      assert.deepEqual({ dev: await runs('dev'), prod: await runs('prod') }, before);
    } finally {
      previews.dispose();
    }
  });
});
