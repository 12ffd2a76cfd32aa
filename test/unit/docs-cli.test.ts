// The docs against what they describe: every `apigw COMMAND … --option` written in README.md, CHANGELOG.md and
// docs/*.md (code spans and code blocks) names a command of the command table and options its --help lists; every
// `apigw.NAME` they write is a setting or a command the extension contributes; every setting is in the README. A
// renamed or removed option, setting or command cannot live on in the docs.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SUBCOMMANDS } from '../../src/cli/commands';
import { REPO_ROOT } from './helpers';

function docFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  return ['README.md', 'CHANGELOG.md', ...docs.map((f) => path.join('docs', f))];
}

/** Code as the docs write it: each line of a code block, each code span. */
function codeOf(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].flatMap((m) => m[1]!.split('\n'));
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  return [...blocks, ...[...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!)];
}

describe('the docs and the CLI', () => {
  it('every apigw command and option the docs write exists, with that command', () => {
    const wrong: string[] = [];
    let options = 0;
    for (const file of docFiles()) {
      for (const code of codeOf(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))) {
        // `apigw NAME` where a command starts (the line's start, after a prompt, `npx` or `&&`), up to its end: a
        // pipe, `;`, `&&` or the end of the line.
        for (const m of code.matchAll(/(?:^\s*|\$ |npx |&& )apigw ([a-z]+)([^|;&]*)/g)) {
          if (m[1] === 'help') continue;
          const command = SUBCOMMANDS.find((c) => c.name === m[1]);
          if (!command) {
            wrong.push(`${file}: no command apigw ${m[1]} (${code})`);
            continue;
          }
          const usage = command.usage();
          for (const option of m[2]!.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? []) {
            options++;
            if (!new RegExp(`(^|\\s)${option}(\\s|$|\\[|=)`, 'm').test(usage))
              wrong.push(`${file}: apigw ${m[1]} has no ${option} (${code})`);
          }
        }
      }
    }
    assert.ok(options > 40, `only ${options} options written in the docs`);
    assert.deepEqual(wrong, []);
  });
});

describe('the docs and the extension manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> }; commands: Array<{ command: string }> };
  };
  const settings = Object.keys(manifest.contributes.configuration.properties);
  // Names of the apigw namespace the docs write that are neither: storage keys (src/vscode/call/secrets.ts, history.ts,
  // environments.ts) and the CLI's entry file.
  const OTHER = ['apigw.call.index', 'apigw.call.history', 'apigw.call.environment', 'apigw.ts'];

  it('every apigw.NAME the docs write is a setting, a command or a named storage key', () => {
    const known = new Set([...settings, ...manifest.contributes.commands.map((c) => c.command), ...OTHER]);
    const wrong: string[] = [];
    for (const file of docFiles())
      for (const code of codeOf(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')))
        for (const m of code.matchAll(/^apigw\.[A-Za-z0-9.]*[A-Za-z0-9]$/g))
          if (!known.has(m[0])) wrong.push(`${file}: ${m[0]}`);
    assert.deepEqual(wrong, []);
  });

  it('every setting is described in the README', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.deepEqual(
      settings.filter((k) => !readme.includes(`\`${k}\``)),
      [],
    );
  });
});
