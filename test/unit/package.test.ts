// The .vsix holds only what runs: the bundles, schemas, media and the documents the marketplace shows.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './helpers';

const ALLOWED = [
  /^dist\/[a-z-]+\.js$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^languages\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9-]+\.(png|svg)$/,
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?)$/,
];

describe('vsix contents (vsce ls)', () => {
  it('lists only what runs, and includes the extension bundle', () => {
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
      { cwd: REPO_ROOT, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(stray, [], 'files that do not belong in the package');
    for (const needed of ['dist/extension.js', 'dist/cli.js', 'dist/spec.js', 'schemas/gateway-spec.schema.json', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png']) {
      assert.ok(files.includes(needed), `${needed} missing from the package: ${files.join(', ')}`);
    }
  });
});
