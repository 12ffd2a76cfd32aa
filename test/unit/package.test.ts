// What ships: the .vsix holds only what the extension runs (its bundles, schemas, languages, media and the documents
// the marketplace shows); the npm package holds only the apigw CLI. Everything is bundled, so neither needs node_modules.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { manifest, REPO_ROOT } from './helpers';

const ALLOWED = [
  /^dist\/[a-z-]+\.js$/,
  /^dist\/webview-[a-z-]+\.css$/, // the stylesheet of a webview page bundle (esbuild.mjs pageEntries)
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^languages\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9-]+\.(png|svg)$/,
  /^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/, // vsce renames README, CHANGELOG and LICENSE
];

/** The bundles esbuild.mjs builds: its `entries` list of [source, name]. */
function bundles(): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'esbuild.mjs'), 'utf8');
  return [...text.matchAll(/\[\s*'src\/[^']+\.ts'\s*,\s*'([a-z-]+)'\s*\]/g)].map((m) => `dist/${m[1]}.js`);
}

/** The names in a zip archive's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'corrupt central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('what ships', () => {
  it('vsce packages a .vsix that holds only what runs: every bundle but the CLI, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-vsix-'));
    try {
      const vsix = path.join(dir, 'apigw-workbench.vsix');
      // `vsce package`, not only `vsce ls`: packaging runs checks (icon, repository, "files" beside .vscodeignore) that ls skips.
      execFileSync(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix],
        { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' },
      );
      const files = zipEntries(fs.readFileSync(vsix))
        .filter((f) => f.startsWith('extension/'))
        .map((f) => f.slice('extension/'.length));
      const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
      assert.deepEqual(stray, [], 'files that do not belong in the package');
      const extensionBundles = bundles().filter((b) => b !== 'dist/cli.js');
      assert.ok(
        extensionBundles.includes('dist/extension.js') && extensionBundles.length >= 3,
        `bundles read from esbuild.mjs: ${extensionBundles}`,
      );
      for (const needed of [
        ...extensionBundles,
        'schemas/gateway-spec.schema.json',
        'package.json',
        'readme.md',
        'changelog.md',
        'LICENSE.txt',
        'media/icon.png',
      ]) {
        assert.ok(files.includes(needed), `${needed} missing from the package: ${files.join(', ')}`);
      }
      assert.ok(!files.includes('dist/cli.js'), "the CLI is the npm package's, not the extension's");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the npm package (npm pack) holds the apigw CLI its bin names, and declares no runtime dependencies', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'package.json',
      'schemas/gateway-spec.schema.json',
    ]);
    const pkg = manifest() as unknown as { bin: Record<string, string>; dependencies?: Record<string, string> };
    assert.deepEqual(pkg.bin, { apigw: './dist/cli.js' });
    assert.equal(
      pkg.dependencies,
      undefined,
      'everything is bundled by esbuild: dependencies would only be installed for nothing',
    );
  });
});
