// The connection's menus in a real VS Code: what a picker shows leaves through the Runtime's redacting prompts like
// every other text, so an endpoint URL with a password in it is shown without the password.
import * as assert from 'node:assert/strict';
import type { QuickPickItem } from 'vscode';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import { activateWorkbench, settings, testConnection } from '../support/host';
import { FakePrompts } from '../support/prompts';

// Built at run time: no credential-shaped literal is committed.
const PASSWORD = ['hunter', '2', 'pw'].join('');

describe('connection menus', function () {
  this.timeout(60_000);
  let wb: WorkbenchApi;

  before(async () => {
    wb = await activateWorkbench();
  });

  it("Change Connection's menu shows the endpoint URL without its password", async () => {
    const before = settings().inspect<string>('endpointUrl')?.globalValue;
    await settings().update(
      'endpointUrl',
      `http://admin:${PASSWORD}@127.0.0.1:4566`,
      vscode.ConfigurationTarget.Global,
    );
    const connection = testConnection();
    let shown: readonly QuickPickItem[] = [];
    const fake = new FakePrompts({
      pick: (items) => {
        shown = items;
        return undefined;
      },
    });
    try {
      await wb.runWith({ prompts: fake, connection }, 'apigw.changeConnection');
    } finally {
      connection.dispose();
      await settings().update('endpointUrl', before, vscode.ConfigurationTarget.Global);
    }
    const texts = shown.map((i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`);
    assert.equal(texts.length, 3, 'the menu was shown');
    assert.ok(
      texts.some((t) => t.includes('http://admin:****@127.0.0.1:4566')),
      texts.join('\n'),
    );
    assert.ok(!texts.some((t) => t.includes(PASSWORD)), texts.join('\n'));
  });
});
