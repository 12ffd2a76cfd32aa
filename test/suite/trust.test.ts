// Workspace Trust in a real VS Code, for the commands whose policy the trust audit changed: Create Spec from API…
// writes a file, so Restricted Mode refuses it with the one standard message — nothing asked, read, or written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { sampleAccount } from '../localaws/seed';
import { activateWorkbench, localAwsControl, untrusted } from '../support/host';
import { FakePrompts } from '../support/prompts';

describe('Workspace Trust', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;
  const localAws = localAwsControl();
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    wb = await activateWorkbench();
  });

  beforeEach(async () => {
    await localAws.reset(sampleAccount());
    wb.connection.reset();
  });

  it('Create Spec from API… is refused in Restricted Mode: no file, no question, no AWS call', async () => {
    const fake = new FakePrompts();
    const target = vscode.Uri.joinPath(folder(), 'deploy', `untrusted-pull-${Date.now()}.apigw.yaml`);
    await localAws.clearCalls();
    const written = await wb.runWith({ trust: untrusted, prompts: fake }, 'apigw.createSpecFromApi', 'orders-api', {
      format: 'yaml',
      target,
    });
    assert.equal(written, undefined);
    await assert.rejects(async () => vscode.workspace.fs.stat(target), 'no file written');
    assert.deepEqual(await localAws.calls(), [], 'no AWS call');
    assert.deepEqual(fake.asked(), [], 'nothing asked');
    assert.deepEqual(
      fake.messages('warning').map((m) => m.text.replace(/ is turned off.*/, '')),
      ['Create Spec from API'],
    );
  });
});
