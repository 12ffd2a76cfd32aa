// `apigw validate FILE…`: the editor's spec diagnostics for CI pipelines.
//   file:line:col severity code message      (one line per problem; --format json for tools)
//   exit 0: no errors (warnings allowed), 1: at least one error, 2: unreadable input or bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import { validateSpec, type SpecDiagnostic } from '../core/gatewaySpec';
import type { CliIo } from './main';

export const VALIDATE_USAGE = `Usage: apigw validate [--format text|json] FILE|DIR…

Validates gateway spec files (*.apigw.json, *.apigw.jsonc, *.apigw.yaml, *.apigw.yml) and prints one line per
problem: file:line:col severity code message. A directory is searched for spec files.

Options:
  --format text|json   Output format (default: text)
  -h, --help           Show this help

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input or bad arguments.
`;

const SPEC_FILE = /\.apigw\.(json|jsonc|ya?ml)$/i;

function specFilesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => SPEC_FILE.test(f) && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

interface FileResult {
  file: string;
  diagnostics: SpecDiagnostic[];
}

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help') {
      io.stdout.write(VALIDATE_USAGE);
      return 0;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v !== 'text' && v !== 'json') {
        io.stderr.write(`apigw validate: --format must be text or json, not ${v ?? 'nothing'}\n`);
        return 2;
      }
      format = v;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`apigw validate: unknown option ${a}\n\n${VALIDATE_USAGE}`);
      return 2;
    } else {
      inputs.push(a);
    }
  }
  if (inputs.length === 0) {
    io.stderr.write(`apigw validate: no files given\n\n${VALIDATE_USAGE}`);
    return 2;
  }

  let unreadable = 0;
  const results: FileResult[] = [];
  for (const input of inputs) {
    let files: string[];
    try {
      files = fs.statSync(input).isDirectory() ? specFilesIn(input) : [input];
    } catch (err) {
      io.stderr.write(
        `apigw validate: cannot read ${input}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}\n`,
      );
      unreadable++;
      continue;
    }
    if (files.length === 0)
      io.stderr.write(`apigw validate: no spec files (*.apigw.json, *.apigw.yaml…) in ${input}\n`);
    for (const file of files) {
      let text: string;
      try {
        const bytes = fs.readFileSync(file);
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      } catch (err) {
        const reason =
          err instanceof TypeError
            ? 'not UTF-8 text'
            : (err as NodeJS.ErrnoException).code === 'EISDIR'
              ? 'is a directory'
              : (err as Error).message;
        io.stderr.write(`apigw validate: cannot read ${file}: ${reason}\n`);
        unreadable++;
        continue;
      }
      results.push({ file, diagnostics: validateSpec(text, { fileName: file }).diagnostics });
    }
  }

  const count = (s: string) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
  const errors = count('error');
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        {
          files: results.map((r) => ({
            file: r.file,
            valid: !r.diagnostics.some((d) => d.severity === 'error'),
            diagnostics: r.diagnostics.map((d) => ({
              line: d.range.start.line + 1,
              column: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
              severity: d.severity,
              code: d.code,
              message: d.message,
            })),
          })),
          errors,
          warnings: count('warning'),
          unreadable,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const r of results) {
      for (const d of r.diagnostics)
        io.stdout.write(
          `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`,
        );
    }
    const warnings = count('warning');
    io.stderr.write(
      `${results.length} file${results.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${unreadable ? `, ${unreadable} unreadable` : ''}\n`,
    );
  }
  return unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
}
