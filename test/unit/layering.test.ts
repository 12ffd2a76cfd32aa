// The pure layers (src/core, src/aws), the local API runtime (src/local) and the CLI must run without VS Code: no `vscode` import, and no import
// that reaches into the glue layer (src/vscode) or the entry file.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, sourceFiles } from './helpers';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => m[1]!);
}

function violations(layer: string): string[] {
  const glue = [path.join(REPO_ROOT, 'src', 'vscode'), path.join(REPO_ROOT, 'src', 'extension')];
  const out: string[] = [];
  for (const file of sourceFiles(path.join(REPO_ROOT, 'src', layer))) {
    for (const spec of importsOf(file)) {
      const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : undefined;
      if (
        spec === 'vscode' ||
        spec.startsWith('vscode/') ||
        (resolved && glue.some((g) => resolved === g || resolved.startsWith(g + path.sep)))
      ) {
        out.push(`${path.relative(REPO_ROOT, file)} imports '${spec}'`);
      }
    }
  }
  return out;
}

describe('layering', () => {
  for (const layer of ['core', 'aws', 'cli', 'local']) {
    it(`src/${layer} never imports vscode or the glue layer`, () => {
      assert.deepEqual(violations(layer), []);
    });
  }

  it('the import scanner sees every import form', () => {
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'out', 'layering-'));
    try {
      const f = path.join(dir, 'x.ts');
      fs.writeFileSync(
        f,
        `import * as vscode from 'vscode';\nimport type { A } from "vscode";\nconst b = require('vscode');\nconst c = await import('vscode');\nimport 'vscode';\n// import 'not-this';\n`,
      );
      assert.deepEqual(importsOf(f), ['vscode', 'vscode', 'vscode', 'vscode', 'vscode']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
