// Which Python runs a spec's local handlers: `apigw.local.python` when the user set it; else the interpreter the
// Python extension (ms-python.python) has selected for the spec's folder — the workspace's `.venv` it found, or the
// one picked with "Python: Select Interpreter" — as the Python Debugger and test explorer use it; else `python3`.
import path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import * as config from '../config';
import type { Logger } from '../log';

const PYTHON_EXTENSION = 'ms-python.python';
const FALLBACK = 'python3';

/**
 * The part of the Python extension's API read here: its `environments`, as the extension exports them and
 * @vscode/python-extension types them (getActiveEnvironmentPath, resolveEnvironment).
 */
interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}
interface PythonEnvironments {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
}

/** The interpreter and where it came from, for the run's first lines. */
export interface PythonChoice {
  readonly command: string;
  readonly source: 'apigw.local.python' | 'the Python extension' | 'the default';
}

/**
 * `apigw.local.python` as set: a command name as it is (found on PATH), a relative path from the spec's workspace
 * folder (`.venv/bin/python`), an absolute path as it is; undefined when empty.
 */
function fromSetting(specUri: vscode.Uri): string | undefined {
  const value = config.value<string>(config.Setting.localPython, '', specUri).trim();
  if (!value) return undefined;
  if (path.isAbsolute(value) || !/[\\/]/.test(value)) return value;
  const folder = vscode.workspace.getWorkspaceFolder(specUri)?.uri.fsPath ?? path.dirname(specUri.fsPath);
  return path.resolve(folder, value);
}

/**
 * The Python extension's interpreter for the spec's folder, when the extension is installed: activated only when
 * the spec has Python handlers (it may take a while to find environments), asked when it is already active.
 */
async function fromPythonExtension(specUri: vscode.Uri, hasPython: boolean): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<{ environments?: PythonEnvironments }>(PYTHON_EXTENSION);
  if (!extension || (!hasPython && !extension.isActive)) return undefined;
  const environments = (extension.isActive ? extension.exports : await extension.activate())?.environments;
  if (!environments) return undefined;
  const resolved = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(specUri));
  return resolved?.executable.uri?.fsPath;
}

/** The interpreter for a spec's Python handlers; a Python extension that fails is logged and passed over. */
export async function pythonFor(specUri: vscode.Uri, hasPython: boolean, log: Logger): Promise<PythonChoice> {
  const set = fromSetting(specUri);
  if (set) return { command: set, source: 'apigw.local.python' };
  try {
    const selected = await fromPythonExtension(specUri, hasPython);
    if (selected) return { command: selected, source: 'the Python extension' };
  } catch (err) {
    log.warn(`The Python extension did not say which interpreter to use (${describeError(err)}); using ${FALLBACK}.`);
  }
  return { command: FALLBACK, source: 'the default' };
}
