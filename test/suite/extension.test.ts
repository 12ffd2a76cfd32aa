import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { activateWorkbench, extension, waitFor } from '../support/host';

describe('extension', () => {
  it('activates without loading the AWS SDK or ajv', async () => {
    const api = await activateWorkbench();
    assert.equal(typeof api.activationMs, 'number');
    // Everything the extension loads lives in its dist/ folder: only the entry bundle may be there now.
    const dist = path.join(extension().extensionPath, 'dist') + path.sep;
    const heavy = Object.keys(require.cache).filter((k) => k.startsWith(dist) && path.basename(k) !== 'extension.js');
    assert.deepEqual(heavy, [], 'modules loaded during activation');
  });

  it("a `.http` file's {{ completion and hover read its environment file without loading the AWS SDK's bundle", async () => {
    await activateWorkbench();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-lazy-env-'));
    fs.writeFileSync(path.join(dir, 'http-client.env.json'), '{ "dev": { "host": "https://dev.example.com" } }\n');
    fs.writeFileSync(path.join(dir, 'orders.http'), 'GET {{host}}/orders\n');
    try {
      await vscode.commands.executeCommand('apigw.switchRequestEnvironment', { name: 'dev' });
      const doc = await vscode.workspace.openTextDocument(path.join(dir, 'orders.http'));
      await vscode.window.showTextDocument(doc);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(0, 6),
        '{',
      );
      const host = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'host');
      assert.equal(host?.detail, 'https://dev.example.com', 'the environment file was read');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(0, 7),
      );
      assert.ok(hovers.length > 0);
      const dist = path.join(extension().extensionPath, 'dist') + path.sep;
      const loaded = Object.keys(require.cache)
        .filter((k) => k.startsWith(dist))
        .map((k) => path.basename(k))
        .sort();
      assert.deepEqual(loaded, ['call-env.js', 'extension.js']);
    } finally {
      await vscode.commands.executeCommand('apigw.switchRequestEnvironment', { name: '' });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a local mapping file (.apigw.local.json) gets completion from the mapping's JSON Schema", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-mapping-schema-'));
    const file = path.join(dir, 'orders.apigw.local.json');
    fs.writeFileSync(file, '{\n  "functions": {\n    "orders": {\n      \n    }\n  }\n}\n');
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const labels = await waitFor('the schema-driven completion', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(3, 6),
        );
        const names = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return names.some((n) => n.includes('envFile')) ? names : undefined;
      });
      for (const key of ['handler', 'envFile', 'memory', 'systemLogLevel', 'layers'])
        assert.ok(
          labels.some((l) => l.includes(key)),
          `${key} offered: ${labels.join(', ')}`,
        );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers exactly the commands package.json contributes, each from the command table', async () => {
    const wb = await activateWorkbench();
    const manifest = JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8')) as {
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
    assert.deepEqual(wb.commands.map((c) => c.id).sort(), contributed);
  });

  it('Show Log reveals the extension log channel', async () => {
    await activateWorkbench();
    await vscode.commands.executeCommand('apigw.showLog');
    const isLog = (u: string) => u.startsWith('output:') && decodeURIComponent(u).includes('API Gateway Workbench');
    await waitFor('the log channel', () => vscode.workspace.textDocuments.map((d) => d.uri.toString()).some(isLog));
  });
});
