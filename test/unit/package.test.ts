// What ships: the .vsix holds only what the extension runs (its bundles, schemas, languages, media and the documents
// the marketplace shows); the npm package holds only the apigw CLI with the lazy bundles it loads. Everything is
// bundled, so neither needs node_modules: the packed CLI is run from its own files, away from this repository.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openWebSocket } from '../support/localWorkspace';
import { manifest, REPO_ROOT, until } from './helpers';

const ALLOWED = [
  /^dist\/[a-z-]+\.js$/,
  /^dist\/webview-[a-z-]+\.css$/, // the stylesheet of a webview page bundle (esbuild.mjs pageEntries)
  /^schemas\/[a-z0-9.-]+\.json$/,
  /^languages\/[a-z0-9.-]+\.json$/,
  /^media\/[a-z0-9-]+\.(png|svg)$/,
  /^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/, // vsce renames README, CHANGELOG and LICENSE
];

/** esbuild's metafile of the last build (dist/meta.json): each bundle's inputs and imports. */
function buildMeta(): {
  outputs: Record<string, { inputs: Record<string, unknown>; imports: Array<{ path: string; external?: boolean }> }>;
} {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'meta.json'), 'utf8'));
}

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
        'schemas/local-mapping.schema.json',
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

  it('the npm package (npm pack) holds the apigw CLI its bin names and the bundles it loads, and declares no runtime dependencies', () => {
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
      ...CLI_LAZY_BUNDLES,
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

  it('dist/extension.js, what activation loads, holds no npm package: parsers and the SDK are in the lazy bundles', () => {
    const inputs = Object.keys(buildMeta().outputs['dist/extension.js']!.inputs);
    assert.ok(inputs.includes('src/extension.ts'), 'the entry is in it');
    assert.deepEqual(
      inputs.filter((i) => i.includes('node_modules/')),
      [],
      'a package imported by a module activation loads (even for a constant) is parsed at every start',
    );
  });

  it('dist/cli.js leaves the local API and the OpenAPI engine to their lazy bundles, and requires exactly those', () => {
    const meta = buildMeta();
    const cli = meta.outputs['dist/cli.js']!;
    const inputs = Object.keys(cli.inputs);
    assert.ok(inputs.includes('src/cli/serve.ts') && inputs.includes('src/cli/openapi.ts'), 'the commands are in it');
    // `ws` stays: it is the WebSocket client of apigw ws and apigw call (node 20 has none), wrapped by esbuild so that
    // it runs only when a WebSocket is opened.
    const heavy = inputs.filter((i) => /^src\/local\/|^src\/core\/openapi\/|swagger-parser|openapi-schemas/.test(i));
    assert.deepEqual(heavy, [], 'built into dist/cli.js, these would be parsed by every apigw run');
    const lazy = cli.imports.filter((i) => i.external && i.path.startsWith('./')).map((i) => `dist/${i.path.slice(2)}`);
    assert.deepEqual(
      [...new Set(lazy)].sort(),
      CLI_LAZY_BUNDLES.filter((b) => b !== 'dist/local-runner.js' && b !== 'dist/local-templates.js'),
    );
  });

  it(
    'the packed CLI runs apigw import and apigw serve (a handler process too) from its own files alone',
    { timeout: 120_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-npm-'));
      try {
        const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        }).trim();
        execFileSync('tar', ['-xzf', path.join(dir, tgz), '-C', dir]);
        const bin = path.join(dir, 'package', 'dist', 'cli.js');
        const pets = path.join(REPO_ROOT, 'test', 'fixtures', 'openapi', 'aws-docs-pet-store.json');
        const imported = spawnText(bin, ['import', pets, '-o', path.join(dir, 'pets.apigw.yaml')], dir);
        assert.equal((await imported.exit).code, 0, imported.text());
        fs.writeFileSync(path.join(dir, 'hello.apigw.yaml'), HELLO_SPEC);
        fs.writeFileSync(
          path.join(dir, 'hello.apigw.local.yaml'),
          'functions:\n  hello:\n    handler: hello.js#handler\n',
        );
        fs.writeFileSync(
          path.join(dir, 'hello.js'),
          'exports.handler = async () => ({ statusCode: 200, body: "packed" });\n',
        );
        const served = spawnText(bin, ['serve', path.join(dir, 'hello.apigw.yaml'), '--port', '0'], dir);
        try {
          const url = await served.match(/at (http:\/\/127\.0\.0\.1:\d+)$/m);
          const res = await fetch(`${url}/hello`);
          assert.equal(await res.text(), 'packed', served.text());
          served.child.kill('SIGTERM');
          assert.equal((await served.exit).code, 0, served.text());
        } finally {
          served.child.kill('SIGKILL');
        }
        // A WebSocket MOCK whose answer a mapping template makes: the template worker is in the package too.
        fs.writeFileSync(path.join(dir, 'pong.apigw.json'), PONG_SPEC);
        const pong = spawnText(bin, ['serve', path.join(dir, 'pong.apigw.json'), '--port', '0'], dir);
        try {
          const url = await pong.match(/@connections at (http:\/\/127\.0\.0\.1:\d+)/);
          const client = await openWebSocket(url.replace(/^http/, 'ws'));
          client.ws.send('{"action":"ping"}');
          await until(() => client.messages.length > 0, 'the pong');
          assert.deepEqual(client.messages, ['pong from ping'], pong.text());
          client.ws.close();
        } finally {
          pong.child.kill('SIGKILL');
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/** What dist/cli.js loads on first use, what the local API's handler processes and template worker run: all in the npm package. */
const CLI_LAZY_BUNDLES = ['dist/local-runner.js', 'dist/local-templates.js', 'dist/local.js', 'dist/openapi.js'];

const HELLO_SPEC = `version: 1
api: { name: hello, protocol: HTTP }
integrations:
  hello: { type: AWS_PROXY, uri: "arn:aws:lambda:us-east-1:123456789012:function:hello" }
routes:
  GET /hello: { integration: hello }
`;

const PONG_SPEC = JSON.stringify({
  version: 1,
  api: { name: 'pong', protocol: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  integrations: {
    pong: {
      type: 'MOCK',
      requestTemplates: { $default: '{"statusCode": 200}' },
      responses: { $default: { responseTemplates: { $default: 'pong from $context.routeKey' } } },
    },
  },
  routes: { ping: { integration: 'pong', routeResponseSelectionExpression: '$default' } },
});

/** A child process whose output is kept; `match()` waits for a pattern in its stderr. */
function spawnText(bin: string, args: string[], cwd: string) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null }>((r) => child.on('close', (code) => r({ code })));
  const match = async (re: RegExp): Promise<string> => {
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      const m = re.exec(out);
      if (m) return m[1]!;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${re} in:\n${out}`);
  };
  return { child, exit, match, text: () => out };
}
