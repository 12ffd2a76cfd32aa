// What ships: the .vsix holds only what the extension runs (its bundles, schemas, languages, media and the documents
// the marketplace shows); the npm package holds only the apigw CLI. Everything is bundled, so neither needs node_modules.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { manifest, REPO_ROOT } from './helpers';

const ALLOWED = [
  /^dist\/[a-z-]+\.js$/,
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^languages\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9-]+\.(png|svg)$/,
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?)$/,
];

/** The bundles esbuild.mjs builds: its `entries` list of [source, name]. */
function bundles(): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'esbuild.mjs'), 'utf8');
  return [...text.matchAll(/\[\s*'src\/[^']+\.ts'\s*,\s*'([a-z-]+)'\s*\]/g)].map((m) => `dist/${m[1]}.js`);
}

describe('what ships', () => {
  it('the .vsix (vsce ls) lists only what runs: every bundle but the CLI, and nothing else', () => {
    const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
      { cwd: REPO_ROOT, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(stray, [], 'files that do not belong in the package');
    const extensionBundles = bundles().filter((b) => b !== 'dist/cli.js');
    assert.ok(extensionBundles.includes('dist/extension.js') && extensionBundles.length >= 3, `bundles read from esbuild.mjs: ${extensionBundles}`);
    for (const needed of [...extensionBundles, 'schemas/gateway-spec.schema.json', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png']) {
      assert.ok(files.includes(needed), `${needed} missing from the package: ${files.join(', ')}`);
    }
    assert.ok(!files.includes('dist/cli.js'), 'the CLI is the npm package\'s, not the extension\'s');
  });

  it('the npm package (npm pack) holds the apigw CLI its bin names, and declares no runtime dependencies', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json', 'schemas/gateway-spec.schema.json']);
    const pkg = manifest() as unknown as { bin: Record<string, string>; dependencies?: Record<string, string> };
    assert.deepEqual(pkg.bin, { apigw: './dist/cli.js' });
    assert.equal(pkg.dependencies, undefined, 'everything is bundled by esbuild: dependencies would only be installed for nothing');
  });
});
