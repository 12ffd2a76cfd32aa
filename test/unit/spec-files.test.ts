// The files that ship or document the format: every example validates clean (in its own format and converted to
// the other), every invalid fixture reports exactly the problems it states, the generated validator matches the
// schema, the schema documents every property, and docs/SPEC.md lists every code with its severity.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CODES, SPEC_LIMITS, validateSpec } from '../../src/core/gatewaySpec';
import { REPO_ROOT } from './helpers';
import { toText } from './specBuilders';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const INVALID = path.join(REPO_ROOT, 'test', 'fixtures', 'specs', 'invalid');
const specFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /\.apigw\.(json|jsonc|ya?ml)$/.test(f))
    .sort();

describe('examples', () => {
  it('has an HTTP and a WebSocket example', () => {
    const protocols = specFiles(EXAMPLES).map(
      (f) => validateSpec(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), { fileName: f }).model?.api.protocol,
    );
    assert.deepEqual(protocols.sort(), ['HTTP', 'WEBSOCKET']);
  });

  for (const f of specFiles(EXAMPLES)) {
    it(`${f} validates clean, as written and in the other format`, () => {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      assert.deepEqual(validateSpec(text, { fileName: f }).diagnostics, []);
      const value = f.endsWith('.yaml') ? parse(text) : JSON.parse(text);
      assert.deepEqual(validateSpec(toText(value, 'yaml'), { format: 'yaml' }).diagnostics, []);
      assert.deepEqual(validateSpec(toText(value, 'json'), { format: 'json' }).diagnostics, []);
    });
  }
});

/** `expect: LINE:COL SEVERITY CODE` comments in the file, or lines of a NAME.expected file beside it. */
function expectations(file: string, text: string): string[] {
  const sidecar = `${file}.expected`;
  if (fs.existsSync(sidecar))
    return fs
      .readFileSync(sidecar, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
  return [...text.matchAll(/^\s*(?:#|\/\/) expect: (.+)$/gm)].map((m) => m[1]!.trim());
}

describe('invalid fixtures', () => {
  const files = specFiles(INVALID);
  it('there are fixtures in JSON, JSONC and YAML', () => {
    assert.deepEqual([...new Set(files.map((f) => f.split('.').pop()))].sort(), ['json', 'jsonc', 'yaml']);
  });
  for (const f of files) {
    it(`${f} reports exactly the problems it states`, () => {
      const file = path.join(INVALID, f);
      const text = fs.readFileSync(file, 'utf8');
      const expected = expectations(file, text);
      assert.ok(expected.length > 0, `${f} states no expected problems`);
      const actual = validateSpec(text, { fileName: f }).diagnostics.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`,
      );
      assert.deepEqual(actual, expected);
    });
  }
});

describe('schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'gateway-spec.schema.json'), 'utf8'));

  it('the generated validator is up to date (node scripts/gen-spec-validator.mjs)', () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-spec-validator.mjs'), '--check'], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  });

  it('is draft-07 and documents every property with a description and examples', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const visit = (node: any, where: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [name, prop] of Object.entries<any>(node.properties ?? {})) {
        const at = `${where}.${name}`;
        const target = prop.$ref ? schema.definitions[prop.$ref.split('/').pop()] : prop;
        if (!prop.description && !target?.description) missing.push(`${at}: description`);
        if (!prop.examples && !target?.examples) missing.push(`${at}: examples`);
        visit(prop, at);
      }
      for (const k of ['items', 'additionalProperties'])
        if (node[k] && typeof node[k] === 'object') visit(node[k], `${where}[${k}]`);
    };
    visit(schema, '#');
    for (const [name, def] of Object.entries<any>(schema.definitions)) visit(def, `#/definitions/${name}`);
    assert.deepEqual(missing, []);
  });

  it('offers snippets for new routes, integrations, authorizers and stages', () => {
    for (const section of ['routes', 'integrations', 'authorizers', 'stages']) {
      assert.ok(schema.properties[section].defaultSnippets?.length >= 1, section);
    }
  });

  // A snippet of one protocol holds only what that protocol takes: each, its placeholders at their defaults, added to a
  // spec of its protocol, validates with no error (WebSocket APIs had none of their own, and the HTTP ones hold
  // payload format 2.0 and JWT, which AWS refuses there).
  it("each snippet, as inserted into a spec of the snippet's protocol, validates without an error", () => {
    const expand = (v: unknown): unknown =>
      typeof v === 'string'
        ? v
            .replace(/\$\{\d+:([^}]*)\}/g, '$1')
            .replace(/\$\{\d+\}/g, 'x')
            .replace(/\\\$/g, '$')
        : Array.isArray(v)
          ? v.map(expand)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [expand(k) as string, expand(x)]))
            : v;
    const base = (protocol: string) => ({
      version: 1,
      api: { name: 'snippets', protocol },
      integrations: { integration: { type: 'HTTP_PROXY', uri: 'https://example.com', method: 'ANY' } },
      authorizers: {
        authorizer:
          protocol === 'HTTP'
            ? {
                type: 'JWT',
                identitySources: ['$request.header.Authorization'],
                jwt: { issuer: 'https://i.example.com', audience: ['a'] },
              }
            : {
                type: 'REQUEST',
                uri: 'arn:aws:lambda:us-east-1:123456789012:function:a',
                identitySources: ['route.request.header.Auth'],
              },
      },
      stages: { dev: {} },
    });
    const failed: string[] = [];
    let offered = 0;
    for (const protocol of ['HTTP', 'WEBSOCKET'])
      for (const section of ['routes', 'integrations', 'authorizers', 'stages'])
        for (const sn of schema.properties[section].defaultSnippets) {
          if (sn.protocol !== undefined && sn.protocol !== protocol) continue;
          offered++;
          const spec: any = base(protocol);
          spec[section] = { ...spec[section], ...(expand(sn.body) as object) };
          const errors = validateSpec(JSON.stringify(spec), { fileName: 's.apigw.json' }).diagnostics.filter(
            (d) => d.severity === 'error',
          );
          if (errors.length) failed.push(`${protocol} ${sn.label}: ${errors.map((e) => e.code).join(', ')}`);
        }
    assert.deepEqual(failed, []);
    assert.ok(offered >= 14, String(offered));
  });

  it('is contributed to VS Code for JSON and YAML spec files', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [
      { fileMatch: ['*.apigw.json', '*.apigw.jsonc'], url: './schemas/gateway-spec.schema.json' },
      { fileMatch: ['*.apigw.local.json'], url: './schemas/local-mapping.schema.json' },
    ]);
    assert.deepEqual(pkg.contributes.yamlValidation, [
      { fileMatch: ['*.apigw.yaml', '*.apigw.yml'], url: './schemas/gateway-spec.schema.json' },
      { fileMatch: ['*.apigw.local.yaml', '*.apigw.local.yml'], url: './schemas/local-mapping.schema.json' },
    ]);
  });
});

describe('docs/SPEC.md', () => {
  it('lists every diagnostic code with its severity', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'SPEC.md'), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `?(APIGW\d{3})`? \| (error|warning|info) \|/gm)].map((m) => [m[1]!, m[2]!]),
    );
    const wrong = Object.entries(CODES)
      .filter(([code, info]) => rows.get(code) !== info.severity)
      .map(([code, info]) => `${code} should be listed as ${info.severity}`);
    assert.deepEqual(wrong, []);
    assert.deepEqual(
      [...rows.keys()].filter((c) => !(c in CODES)),
      [],
      'codes in SPEC.md that the engine does not have',
    );
  });

  it('documents the spec input budget as the code enforces it: each limit, its value and its code', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'SPEC.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Limits'), doc.indexOf('## In the editor'));
    const rows = new Map(
      [...section.matchAll(/^\| (\w+) \| ([^|]+) \| (APIGW\d{3}) \|/gm)].map((m) => [m[1]!, [m[2]!.trim(), m[3]!]]),
    );
    const n = (x: number) => x.toLocaleString('en-US');
    assert.deepEqual(Object.fromEntries(rows), {
      bytes: [`${SPEC_LIMITS.maxBytes / 1024 / 1024} MB (${n(SPEC_LIMITS.maxBytes)} bytes)`, 'APIGW010'],
      depth: [`${SPEC_LIMITS.maxDepth} levels`, 'APIGW011'],
      values: [n(SPEC_LIMITS.maxNodes), 'APIGW012'],
      aliases: [`${SPEC_LIMITS.aliasFactor} × the values written, at least ${n(SPEC_LIMITS.aliasBase)}`, 'APIGW013'],
      diagnostics: [`${n(SPEC_LIMITS.maxDiagnostics)} per file`, 'APIGW014'],
    });
    for (const [, code] of rows.values()) assert.ok(code in CODES, code);
  });

  it('describes every top-level section and every definition of the schema', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'SPEC.md'), 'utf8');
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'gateway-spec.schema.json'), 'utf8'));
    const fields = new Set<string>();
    const collect = (node: any) => {
      for (const [k, v] of Object.entries<any>(node?.properties ?? {})) {
        fields.add(k);
        collect(v);
        if (v.items) collect(v.items);
      }
    };
    collect(schema);
    for (const def of Object.values<any>(schema.definitions)) collect(def);
    const undocumented = [...fields].filter((f) => f !== '$schema' && !doc.includes(`\`${f}\``));
    assert.deepEqual(undocumented, []);
  });
});
