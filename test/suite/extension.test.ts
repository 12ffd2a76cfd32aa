import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';

const EXTENSION_ID = 'apigw-workbench.apigw-workbench';

function extensionRoot(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.extensionPath;
}

async function activate(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

describe('extension', () => {
  it('activates without loading the AWS SDK or ajv', async () => {
    const api = await activate();
    assert.equal(typeof api.activationMs, 'number');
    // Everything the extension loads lives in its dist/ folder: only the entry bundle may be there now.
    const dist = path.join(extensionRoot(), 'dist') + path.sep;
    const heavy = Object.keys(require.cache).filter((k) => k.startsWith(dist) && path.basename(k) !== 'extension.js');
    assert.deepEqual(heavy, [], 'modules loaded during activation');
  });

  it('registers exactly the commands package.json contributes', async () => {
    await activate();
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')) as {
      contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds `<viewId>.focus` and friends for every contributed view: those are not ours to register.
    const viewIds = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('apigw.') && !viewIds.some((v) => c.startsWith(v)))
      .sort();
    assert.deepEqual(registered, contributed);
  });

  it('Show Log reveals the extension log channel', async () => {
    await activate();
    await vscode.commands.executeCommand('apigw.showLog');
    const deadline = Date.now() + 5000;
    let docs: string[] = [];
    while (Date.now() < deadline) {
      docs = vscode.workspace.textDocuments.map((d) => d.uri.toString());
      if (docs.some((u) => u.startsWith('output:') && decodeURIComponent(u).includes('API Gateway Workbench'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(
      docs.some((u) => u.startsWith('output:') && decodeURIComponent(u).includes('API Gateway Workbench')),
      `open documents: ${docs.join(', ')}`,
    );
  });
});
