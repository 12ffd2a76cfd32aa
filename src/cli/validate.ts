// `apigw validate FILE…`: the editor's spec diagnostics for CI pipelines.
//   file:line:col severity code message      (one line per problem; --format json for tools)
//   `-` is a spec on standard input, named <stdin>, in --input-format (else JSON when it starts with `{`, else YAML).
//   exit 0: no errors (warnings allowed), 1: at least one error, 2: an input that could not be checked (unreadable,
//   not a regular file, a directory without spec files, a file the validator failed on) or bad arguments.
import { formatOfText, type SpecDiagnostic } from '../core/gatewaySpec';
import { defineCommand, type CommandContext } from './command';
import type { Output } from './io';
import { UsageError, value } from './options';
import {
  diagnosticLine,
  findSpecFiles,
  readSpecText,
  readStdinSpec,
  SPEC_PATTERNS,
  specDiagnostics,
  STDIN_NAME,
  type InputProblem,
} from './specFiles';

const OPTIONS = {
  format: value('text|json', 'Output format (default: text)', { choices: ['text', 'json'] }),
  'input-format': value(
    'json|jsonc|yaml',
    'Format of the spec read from standard input (-) (default: json when it starts with {, else yaml)',
    { choices: ['json', 'jsonc', 'yaml'] },
  ),
} as const;

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check gateway spec files; exit 1 on errors',
  operands: { name: 'FILE|DIR…', noun: 'files', min: 1 },
  description: `Validates gateway spec files (${SPEC_PATTERNS}) and prints one line per problem: file:line:col severity code message. A directory is searched for spec files (each once, symbolic links followed once, node_modules left out). - reads one spec from standard input, checked after the files and named ${STDIN_NAME}.`,
  options: OPTIONS,
  exitCodes:
    '0 no errors (warnings allowed), 1 errors found, 2 an input that could not be checked (unreadable, not a regular file, no spec files in a directory) or bad arguments.',
  run: runValidate,
});

interface FileResult {
  file: string;
  diagnostics: SpecDiagnostic[];
}

type Ctx = CommandContext<typeof OPTIONS>;

async function runValidate(ctx: Ctx): Promise<number> {
  const fromStdin = checkStdinOperand(ctx);
  const found = findSpecFiles(ctx.operands.filter((o) => o !== '-'));
  const files = fromStdin ? [...found.files, STDIN_NAME] : found.files;
  const problems = [...found.problems];
  const results: FileResult[] = [];
  for (const file of found.files) keep(checkFile(file), results, problems);
  if (fromStdin) keep(await checkStdin(ctx), results, problems);
  for (const p of problems) ctx.stderr.write(`apigw validate: ${problemLine(p)}\n`);
  if (ctx.options.format === 'json') ctx.stdout.json(jsonReport(files, results, problems));
  else printText(ctx.stdout, ctx.stderr, results, problems);
  return problems.length ? 2 : count(results, 'error') ? 1 : 0;
}

/** Whether `-` (standard input) is among the inputs; refuses it twice, without a standard input, or --input-format without it. */
function checkStdinOperand(ctx: Ctx): boolean {
  const dashes = ctx.operands.filter((o) => o === '-').length;
  if (dashes > 1) throw new UsageError('- (standard input) is given more than once');
  if (dashes === 1 && !ctx.io.stdin) throw new UsageError('- reads the spec from standard input, and there is none');
  if (dashes === 0 && ctx.options['input-format'] !== undefined)
    throw new UsageError('--input-format is the format of a spec read from standard input: give - among the inputs');
  return dashes === 1;
}

function keep(checked: FileResult | { problem: InputProblem }, results: FileResult[], problems: InputProblem[]): void {
  if ('problem' in checked) problems.push(checked.problem);
  else results.push(checked);
}

/** One file read and validated; whatever goes wrong stays with that file. */
function checkFile(file: string): FileResult | { problem: InputProblem } {
  const read = readSpecText(file);
  if ('problem' in read) return read;
  const checked = specDiagnostics(read.text, file);
  return 'problem' in checked ? checked : { file, diagnostics: checked.diagnostics };
}

/** The spec on standard input, in --input-format, else as its first character says (JSON for `{`, else YAML). */
async function checkStdin(ctx: Ctx): Promise<FileResult | { problem: InputProblem }> {
  const read = await readStdinSpec(ctx.io.stdin!);
  if ('problem' in read) return read;
  const format = ctx.options['input-format'] ?? formatOfText(read.text);
  const checked = specDiagnostics(read.text, STDIN_NAME, format);
  return 'problem' in checked ? checked : { file: STDIN_NAME, diagnostics: checked.diagnostics };
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
