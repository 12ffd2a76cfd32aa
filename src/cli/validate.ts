// `apigw validate FILE…`: the editor's spec diagnostics for CI pipelines.
//   file:line:col severity code message      (one line per problem; --format json for tools)
//   exit 0: no errors (warnings allowed), 1: at least one error, 2: an input that could not be checked (unreadable,
//   not a regular file, a directory without spec files, a file the validator failed on) or bad arguments.
import type { SpecDiagnostic } from '../core/gatewaySpec';
import { defineCommand, type CommandContext } from './command';
import type { Output } from './io';
import { value } from './options';
import {
  diagnosticLine,
  findSpecFiles,
  readSpecText,
  SPEC_PATTERNS,
  specDiagnostics,
  type InputProblem,
} from './specFiles';

const OPTIONS = {
  format: value('text|json', 'Output format (default: text)', { choices: ['text', 'json'] }),
} as const;

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check gateway spec files; exit 1 on errors',
  operands: { name: 'FILE|DIR…', noun: 'files', min: 1 },
  description: `Validates gateway spec files (${SPEC_PATTERNS}) and prints one line per problem: file:line:col severity code message. A directory is searched for spec files (each once, symbolic links followed once, node_modules left out).`,
  options: OPTIONS,
  exitCodes:
    '0 no errors (warnings allowed), 1 errors found, 2 an input that could not be checked (unreadable, not a regular file, no spec files in a directory) or bad arguments.',
  run: runValidate,
});

interface FileResult {
  file: string;
  diagnostics: SpecDiagnostic[];
}

async function runValidate(ctx: CommandContext<typeof OPTIONS>): Promise<number> {
  const found = findSpecFiles(ctx.operands);
  const problems = [...found.problems];
  const results: FileResult[] = [];
  for (const file of found.files) {
    const checked = checkFile(file);
    if ('problem' in checked) problems.push(checked.problem);
    else results.push(checked);
  }
  for (const p of problems) ctx.stderr.write(`apigw validate: ${problemLine(p)}\n`);
  if (ctx.options.format === 'json') ctx.stdout.json(jsonReport(found.files, results, problems));
  else printText(ctx.stdout, ctx.stderr, results, problems);
  return problems.length ? 2 : count(results, 'error') ? 1 : 0;
}

/** One file read and validated; whatever goes wrong stays with that file. */
function checkFile(file: string): FileResult | { problem: InputProblem } {
  const read = readSpecText(file);
  if ('problem' in read) return read;
  const checked = specDiagnostics(read.text, file);
  return 'problem' in checked ? checked : { file, diagnostics: checked.diagnostics };
}

function problemLine(p: InputProblem): string {
  if (p.kind === 'empty') return p.problem;
  if (p.kind === 'internal') return `${p.path}: ${p.problem}`;
  return `cannot read ${p.path}: ${p.problem}${p.kind === 'skipped' ? ': skipped' : ''}`;
}

function count(results: FileResult[], severity: string): number {
  let n = 0;
  for (const r of results) for (const d of r.diagnostics) if (d.severity === severity) n++;
  return n;
}

/** Diagnostics as lines, written in large pieces: 100,000 of them are one write per file, not 100,000. */
function printText(stdout: Output, stderr: Output, results: FileResult[], problems: InputProblem[]): void {
  for (const r of results) {
    let chunk = '';
    for (const d of r.diagnostics) {
      chunk += diagnosticLine(r.file, d);
      if (chunk.length > 1 << 16) {
        stdout.write(chunk);
        chunk = '';
      }
    }
    stdout.write(chunk);
  }
  const errors = count(results, 'error');
  const warnings = count(results, 'warning');
  const unreadable = problems.filter((p) => p.kind === 'unreadable' || p.kind === 'skipped').length;
  const failed = problems.filter((p) => p.kind === 'internal').length;
  stderr.write(
    `${plural(results.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${unreadable ? `, ${unreadable} unreadable` : ''}${failed ? `, ${failed} failed` : ''}\n`,
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Always a complete document: every file found, checked or not, and every input that could not be checked. */
function jsonReport(files: string[], results: FileResult[], problems: InputProblem[]): unknown {
  const byFile = new Map(results.map((r) => [r.file, r]));
  const failed = new Map(problems.filter((p) => p.kind === 'internal').map((p) => [p.path, p.problem]));
  return {
    files: files
      .filter((f) => byFile.has(f) || failed.has(f))
      .map((file) => {
        const r = byFile.get(file);
        if (!r) return { file, valid: false, error: failed.get(file), diagnostics: [] };
        return {
          file,
          valid: !r.diagnostics.some((d) => d.severity === 'error'),
          diagnostics: r.diagnostics.map(jsonDiagnostic),
        };
      }),
    errors: count(results, 'error'),
    warnings: count(results, 'warning'),
    unreadable: problems.filter((p) => p.kind === 'unreadable' || p.kind === 'skipped').length,
    failed: failed.size,
    problems,
  };
}

function jsonDiagnostic(d: SpecDiagnostic) {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}
