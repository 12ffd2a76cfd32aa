// Spec files from the command line: directories walked once by real path (symbolic link loops end, each file is
// checked once), only regular files opened (a FIFO named *.apigw.yaml would block a read forever), UTF-8 required,
// and the one place the CLI calls the spec engine.
import fs from 'node:fs';
import path from 'node:path';
import {
  SPEC_LIMITS,
  validateSpec,
  type SpecDiagnostic,
  type SpecFormat,
  type SpecValidation,
} from '../core/gatewaySpec';
import type { GatewaySpec } from '../core/gatewaySpec/model';
import { WorkbenchError } from '../core/errors';
import { writtenFormatOf } from '../core/fileFormat';
import type { CliIo, Output } from './io';
import { UsageError } from './options';

export const SPEC_FILE = /\.apigw\.(json|jsonc|ya?ml)$/i;
/** What diagnostics name a spec read from standard input (`apigw validate -`). */
export const STDIN_NAME = '<stdin>';
export const SPEC_PATTERNS = '*.apigw.json, *.apigw.jsonc, *.apigw.yaml, *.apigw.yml';

/** An input that could not be checked, and why. `internal`: the validator itself failed on the file. */
export interface InputProblem {
  path: string;
  kind: 'unreadable' | 'skipped' | 'empty' | 'internal';
  problem: string;
}

export interface FoundSpecs {
  /** Spec files to check, in path order, each once. */
  files: string[];
  problems: InputProblem[];
}

/** The files `inputs` name: files as given, directories searched for spec files (node_modules left out). */
export function findSpecFiles(inputs: readonly string[]): FoundSpecs {
  const found: FoundSpecs = { files: [], problems: [] };
  const seenFiles = new Set<string>();
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (err) {
      found.problems.push({ path: input, kind: 'unreadable', problem: readError(err) });
      continue;
    }
    if (!st.isDirectory()) {
      addFile(found, seenFiles, input, st);
      continue;
    }
    const problemsBefore = found.problems.length;
    const files = walk(input, found.problems);
    for (const file of files) addFile(found, seenFiles, file.path, file.stats);
    if (files.length === 0 && found.problems.length === problemsBefore)
      found.problems.push({
        path: input,
        kind: 'empty',
        problem: `no spec files (${SPEC_PATTERNS}) found under ${input}`,
      });
  }
  return found;
}

function addFile(found: FoundSpecs, seen: Set<string>, file: string, st: fs.Stats): void {
  if (!st.isFile()) {
    found.problems.push({ path: file, kind: 'skipped', problem: `not a regular file (${fileKind(st)})` });
    return;
  }
  const real = realPath(file);
  if (seen.has(real)) return;
  seen.add(real);
  found.files.push(file);
}

/**
 * The spec-named entries under `root`, sorted by path, each real file once under its first name. Directories are
 * entered once each by real path, so `a -> .` and `sub/up -> ..` add nothing; iterative, so depth costs no stack.
 */
function walk(root: string, problems: InputProblem[]): Array<{ path: string; stats: fs.Stats }> {
  const seenDirs = new Set([realPath(root)]);
  const pending = [root];
  const out: Array<{ path: string; stats: fs.Stats }> = [];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir, kind: 'unreadable', problem: readError(err) });
      continue;
    }
    for (const e of entries) {
      if (e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      const st = e.isSymbolicLink() ? statOrUndefined(p) : undefined;
      if (e.isDirectory() || st?.isDirectory()) {
        const real = realPath(p);
        if (!seenDirs.has(real)) {
          seenDirs.add(real);
          pending.push(p);
        }
      } else if (SPEC_FILE.test(e.name)) {
        const stats = st ?? statOrUndefined(p);
        if (stats) out.push({ path: p, stats });
        else problems.push({ path: p, kind: 'unreadable', problem: 'a symbolic link to nothing' });
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * An output file an option names (`-o FILE`), checked before any work: a directory, or a file in a folder that does
 * not exist, is a usage error that names the option.
 */
export function checkOutputFile(file: string, option: string): void {
  const st = statOrUndefined(file);
  if (st?.isDirectory()) throw new UsageError(`${option} ${file} is a directory: give the file to write`);
  const dir = path.dirname(path.resolve(file));
  const parent = statOrUndefined(dir);
  if (!parent) throw new UsageError(`${option} ${file}: the folder ${dir} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`${option} ${file}: ${dir} is a file, not a folder`);
}

/**
 * The format of an output file: the one asked for, else its name's (`.yaml`/`.yml`, `.json`/`.jsonc`), else
 * `otherwise`. A format that contradicts the name is refused: a YAML `x.json` is read back as JSON, and fails.
 */
export function fileFormat(
  file: string,
  asked: 'yaml' | 'json' | undefined,
  otherwise: 'yaml' | 'json',
  option = '--format',
): 'yaml' | 'json' {
  const byName = writtenFormatOf(file);
  if (asked && byName && asked !== byName) throw new UsageError(`${option} ${asked} does not match ${file}`);
  return asked ?? byName ?? otherwise;
}

/** Writes an output file; a failure says which file and why, without Node's error text. */
export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, data);
  } catch (err) {
    throw new WorkbenchError('Unknown', `Cannot write ${file}: ${readError(err)}.`, {
      hint: 'Check the folder and its permissions, or write to another file.',
      cause: err,
    });
  }
}

/** Whether two paths name one file (by real path; a path that does not exist yet, by its absolute form). */
export function sameFile(a: string, b: string): boolean {
  return realPath(a) === realPath(b);
}

function fileKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a directory';
  return 'not a file';
}

/**
 * The longest request body a call sends from a file (`-d @FILE`, a `.http` request's `< FILE`): API Gateway takes
 * 10 MB, and a body past that must still go out to meet its 413; past 32 MB the file is no body (`/dev/zero`).
 */
export const MAX_BODY_FILE_BYTES = 32 * 1024 * 1024;

/**
 * A file's bytes, read a block at a time up to `max`: undefined when it holds more. A device or a pipe (`/dev/zero`,
 * `<(cmd)`) is read as a file is, never held whole past the bound.
 */
export function readFileUpTo(file: string, max: number): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    const block = Buffer.allocUnsafe(64 * 1024);
    let total = 0;
    for (let n = fs.readSync(fd, block); n > 0; n = fs.readSync(fd, block)) {
      total += n;
      if (total > max) return undefined;
      chunks.push(Buffer.from(block.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Standard input's bytes, read as they arrive up to `max`: undefined when it holds more, and nothing more is read (a
 * pipe from `/dev/zero` ends there).
 */
export async function readStdinUpTo(stdin: NonNullable<CliIo['stdin']>, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin()) {
    const bytes = Buffer.from(chunk);
    total += bytes.length;
    if (total > max) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** Why a file could not be read or written, in words (not Node's `ENOENT: …, open 'x'`). */
export function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EROFS') return 'a read-only file system';
  return (err as Error).message;
}

/**
 * The text of a spec file (or any text file a command reads: a request file, its environments), or why it has none. Opened without blocking and checked to be a regular file before
 * reading, so a FIFO that replaced the file since it was found cannot hang the read; the bytes must be UTF-8.
 */
export function readSpecText(file: string): { text: string } | { problem: InputProblem } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { problem: { path: file, kind: 'unreadable', problem: readError(err) } };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile())
      return { problem: { path: file, kind: 'skipped', problem: `not a regular file (${fileKind(st)})` } };
    return utf8Text(fs.readFileSync(fd), file);
  } catch (err) {
    return { problem: { path: file, kind: 'unreadable', problem: readError(err) } };
  } finally {
    fs.closeSync(fd);
  }
}

/** A spec's bytes as text without a byte order mark, or the problem that they are not UTF-8. */
function utf8Text(bytes: Uint8Array, file: string): { text: string } | { problem: InputProblem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { problem: { path: file, kind: 'unreadable', problem: 'not UTF-8 text' } };
  }
}

/**
 * The spec on standard input (`apigw validate -`), named STDIN_NAME, or why it has none: more than the spec input
 * limit (reading stops there), or not UTF-8.
 */
export async function readStdinSpec(
  stdin: NonNullable<CliIo['stdin']>,
): Promise<{ text: string } | { problem: InputProblem }> {
  const bytes = await readStdinUpTo(stdin, SPEC_LIMITS.maxBytes);
  if (bytes) return utf8Text(bytes, STDIN_NAME);
  const mb = SPEC_LIMITS.maxBytes / 1024 / 1024;
  return {
    problem: {
      path: STDIN_NAME,
      kind: 'unreadable',
      problem: `more than ${mb} MB, the spec input limit: not read further`,
    },
  };
}

/**
 * A file's diagnostics for `apigw validate` (without quick fixes, which a terminal never shows), or the validator's
 * own failure on it (reported for that file only). The format is the file name's unless `format` is given.
 */
export function specDiagnostics(
  text: string,
  file: string,
  format?: SpecFormat,
  diagnose: (text: string, file: string, format?: SpecFormat) => SpecDiagnostic[] = validatorDiagnostics,
): { diagnostics: SpecDiagnostic[] } | { problem: InputProblem } {
  try {
    return { diagnostics: diagnose(text, file, format) };
  } catch (err) {
    return { problem: internalProblem(file, err) };
  }
}

function validatorDiagnostics(text: string, file: string, format?: SpecFormat): SpecDiagnostic[] {
  return validateSpec(text, { fileName: file, ...(format ? { format } : {}), fixes: false }).diagnostics;
}

/** The validation plan, deploy and promote need (with the model), or the validator's own failure on the file. */
export function validateSpecFile(
  text: string,
  file: string,
): { validation: SpecValidation } | { problem: InputProblem } {
  try {
    return { validation: validateSpec(text, { fileName: file, fixes: false }) };
  } catch (err) {
    return { problem: internalProblem(file, err) };
  }
}

function internalProblem(file: string, err: unknown): InputProblem {
  const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    path: file,
    kind: 'internal',
    problem: `the validator failed on this file (${why}); this is a bug in apigw, please report it`,
  };
}

/**
 * The spec plan and deploy send to AWS, or the exit code (2) after saying why there is none: unreadable, the
 * validator failed on it, or its errors (printed as `apigw validate` prints them; nothing is sent to AWS).
 */
export function loadSpec(file: string, out: { stdout: Output; stderr: Output }, command: string): GatewaySpec | 2 {
  const loaded = loadSpecFile(file, out, command, { nothing: 'nothing was sent to AWS', errorExit: 2 });
  return typeof loaded === 'number' ? 2 : loaded.model;
}

/**
 * A valid spec with its document (for placing messages in the file), or the exit code after saying why there is
 * none: 2 when it cannot be read or the validator failed on it, `errorExit` when it has errors (printed as
 * `apigw validate` prints them, then `… errors: <nothing>. Fix them (apigw validate FILE).`).
 */
export function loadSpecFile(
  file: string,
  out: { stdout: Output; stderr: Output },
  command: string,
  o: { nothing: string; errorExit: 1 | 2 },
): (SpecValidation & { model: GatewaySpec }) | number {
  const read = readSpecText(file);
  const checked = 'problem' in read ? read : validateSpecFile(read.text, file);
  if ('problem' in checked) {
    const p = checked.problem;
    out.stderr.write(
      `apigw ${command}: ${p.kind === 'internal' ? `${file}: ${p.problem}` : `cannot read ${file}: ${p.problem}`}\n`,
    );
    return 2;
  }
  const v = checked.validation;
  if (v.valid && v.model) return { ...v, model: v.model };
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  out.stdout.write(errors.map((d) => diagnosticLine(file, d)).join(''));
  out.stderr.write(
    `apigw ${command}: ${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${o.nothing}. Fix ${errors.length === 1 ? 'it' : 'them'} (apigw validate ${file}).\n`,
  );
  return o.errorExit;
}

/**
 * `--stage NAME` of a command that deploys or plans the spec: a stage the spec does not have is a bad argument (exit
 * 2), said before AWS is asked anything.
 */
export function checkSpecStage(spec: GatewaySpec, stage: string): void {
  const names = Object.keys(spec.stages ?? {});
  if (names.includes(stage)) return;
  throw new WorkbenchError(
    'InvalidArgument',
    `Stage ${stage} is not in the spec${names.length ? ` (its stages: ${names.join(', ')})` : ': the spec has no stages'}.`,
    {
      hint: names.length
        ? `Give one of them with --stage, or add ${stage} under stages.`
        : `Add a stage under stages, for example ${stage}: {}.`,
    },
  );
}

/** A diagnostic as the CLI prints it: `file:line:col severity code message`. */
export function diagnosticLine(file: string, d: SpecDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`;
}
