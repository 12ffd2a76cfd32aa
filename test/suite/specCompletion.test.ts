// Completion of a large spec through the real provider and worker: a list of route keys past the engine's limit
// reaches VS Code as an incomplete CompletionList (it asks again as the user types), a small spec's as complete.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A YAML HTTP spec of `routes` routes, each on its own path, with a blank key line at the end of `routes`. */
function spec(routes: number): { content: string; cursor: number } {
  const lines = ['version: 1', 'api:', '  name: big', '  protocol: HTTP', 'routes:'];
  for (let i = 0; i < routes; i++) lines.push(`  GET /resource${i}/{id}/items:`, '    integration: fn');
  const before = `${lines.join('\n')}\n  /resource12`;
  return {
    content: `${before}\nintegrations:\n  fn:\n    type: HTTP_PROXY\n    uri: https://example.com\n`,
    cursor: before.length,
  };
}

async function complete(routes: number): Promise<vscode.CompletionList> {
  const { content, cursor } = spec(routes);
  const document = await vscode.workspace.openTextDocument({ language: 'apigw-yaml', content });
  return vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    document.positionAt(cursor),
  );
}

const routeKeys = (list: vscode.CompletionList) =>
  list.items.filter((i) => i.kind === vscode.CompletionItemKind.Method).map((i) => String(i.label));

describe('spec completion on a large spec', () => {
  it('3,000 routes: a bounded list of the keys typed, incomplete; 3 routes: every key, complete', async () => {
    const big = await complete(3000);
    assert.equal(big.isIncomplete, true);
    const keys = routeKeys(big);
    assert.ok(keys.length > 0 && keys.length <= 300, `${keys.length} route keys`);
    assert.ok(
      keys.every((k) => k.includes(' /resource12')),
      keys.slice(0, 5).join(', '),
    );
    const small = await complete(3);
    assert.equal(small.isIncomplete, false);
    assert.equal(routeKeys(small).length, 3 * 7 + 1);
  });
});
