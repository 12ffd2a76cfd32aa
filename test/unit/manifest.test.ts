// package.json is the extension's contract with VS Code: its identity, its commands (each registered, none
// missing) and settings that explain themselves.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { manifest, REPO_ROOT, sourceFiles } from './helpers';

/** Command ids registered through the command tables: the `'apigw.x': handler` keys under src/vscode. */
function registeredCommandIds(): string[] {
  const ids = new Set<string>();
  for (const file of sourceFiles(path.join(REPO_ROOT, 'src', 'vscode'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*'(apigw\.[A-Za-z0-9.]+)'\s*:/gm)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

describe('package.json', () => {
  const pkg = manifest();

  it('has the extension identity', () => {
    assert.equal(pkg.name, 'apigw-workbench');
    assert.equal(pkg.displayName, 'API Gateway Workbench');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '~1.100.0');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
  });

  it('every contributed command is registered, and every registered command is contributed', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(registeredCommandIds(), contributed);
  });

  it('commands are apigw.camelCase with the API Gateway category', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^apigw\.[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/, c.command);
      assert.equal(c.category, 'API Gateway', c.command);
    }
  });

  it('menus only name contributed commands', () => {
    const ids = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const item of items) assert.ok(ids.has(item.command), `${menu} names unknown command ${item.command}`);
    }
  });

  it('settings live under apigw. with a description and a scope', () => {
    for (const [id, s] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.match(id, /^apigw\./, id);
      assert.ok(s.markdownDescription, `${id} has no markdownDescription`);
      assert.ok(s.scope, `${id} has no scope`);
    }
  });

  it('restricted mode ignores workspace values of the settings that choose credentials, region and endpoint', () => {
    // ConnectionManager.settings() reads exactly these with globalValue() when untrusted (test/suite/explorer.test.ts).
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual(restricted, ['apigw.profile', 'apigw.region', 'apigw.endpointUrl']);
    for (const id of restricted)
      assert.ok(pkg.contributes.configuration.properties[id], `${id} is not a contributed setting`);
  });

  it('activates lazily (no * or onStartupFinished)', () => {
    for (const e of pkg.activationEvents ?? []) {
      assert.notEqual(e, '*');
      assert.notEqual(e, 'onStartupFinished');
    }
  });
});
