// The extension-host harness: the extension (activated once), the local AWS service's control client, tree helpers,
// a connection and a runtime of the test's choosing. Used by test/suite and test/bench/host (they run inside VS Code).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../src/extension';
import type { Trust } from '../../src/vscode/capabilities/trust';
import { ConnectionManager, type AwsBundle } from '../../src/vscode/connection/manager';
import type { TreeNode } from '../../src/vscode/explorer/tree';
import type { Logger } from '../../src/vscode/log';
import { RemoteLocalAws } from '../localaws/control';
import { EXTENSION_ID } from './extensionId';

export { EXTENSION_ID };

/** The ids of the extensions loaded beside the built-in ones. */
function loadedExtensions(): string {
  return vscode.extensions.all
    .filter((e) => !e.id.startsWith('vscode.'))
    .map((e) => e.id)
    .join(', ');
}

export function extension(): vscode.Extension<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded; loaded: ${loadedExtensions() || 'none but built-ins'}`);
  return ext;
}

export function activateWorkbench(): Thenable<WorkbenchApi> {
  return extension().activate();
}

/** The control client of the local AWS service the host test environment started (test/support/hostEnv.ts). */
export function localAwsControl(): RemoteLocalAws {
  assert.ok(process.env.APIGW_TEST_LOCALAWS, 'the host test environment starts the local AWS service');
  return new RemoteLocalAws(process.env.APIGW_TEST_LOCALAWS);
}

export const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigw');

// ---- the tree ---------------------------------------------------------------------------------------------------

export function label(n: TreeNode): string {
  const l = n.treeItem().label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function description(n: TreeNode): string {
  return String(n.treeItem().description ?? '');
}

export function tooltip(n: TreeNode): string {
  const t = n.treeItem().tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

export async function child(parent: TreeNode, name: string): Promise<TreeNode> {
  const kids = await parent.children();
  const found = kids.find((k) => label(k) === name);
  assert.ok(found, `no child "${name}" under "${label(parent)}": ${kids.map(label).join(', ')}`);
  return found;
}

/** Follows labels from the explorer's root: path('orders-api', 'Stages', 'prod'). */
export async function node(wb: WorkbenchApi, ...labels: string[]): Promise<TreeNode> {
  const roots = await wb.explorer.provider.getChildren();
  assert.equal(roots.length, 1, `root nodes: ${roots.map(label).join(', ')}`);
  let n = roots[0]!;
  for (const l of labels) n = await child(n, l);
  return n;
}

// ---- waiting ----------------------------------------------------------------------------------------------------

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` gives a value (not undefined or false); `ms` bounds the wait, it is not a speed assertion. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// ---- a runtime of the test's choosing ---------------------------------------------------------------------------

export const untrusted: Trust = { isTrusted: () => false, onDidGrant: () => ({ dispose() {} }) };
export const trusted: Trust = { isTrusted: () => true, onDidGrant: () => ({ dispose() {} }) };

/** A log channel that keeps its lines (already redacted by the logger), for tests that read the log. */
export class CapturingLogChannel {
  readonly lines: string[] = [];
  readonly name = 'test log';
  private add = (level: string) => (message: string) => void this.lines.push(`${level} ${message}`);
  trace = this.add('trace');
  debug = this.add('debug');
  info = this.add('info');
  warn = this.add('warn');
  error = this.add('error');
  show(): void {}
  asChannel(): vscode.LogOutputChannel {
    return this as unknown as vscode.LogOutputChannel;
  }
}

export const quietLog: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => '#0',
  child: () => quietLog,
  show: () => undefined,
};

/** The extension's aws bundle (dist/aws.js), for a connection built by a test. */
function awsBundle(): AwsBundle {
  return require(`${extension().extensionPath}/dist/aws.js`) as AwsBundle;
}

export interface TestConnectionOptions {
  trust?: Trust;
  /** Every session() and current() fails with this (a connection that cannot be made). */
  failWith?: unknown;
}

/** A connection manager as the extension builds one, with the trust (and failure) of the test's choosing. */
export function testConnection(o: TestConnectionOptions = {}): ConnectionManager {
  const deps = { log: quietLog, trust: o.trust ?? trusted, aws: awsBundle, prompts: { input: async () => undefined } };
  const failure = o.failWith;
  if (failure === undefined) return new ConnectionManager(deps);
  return new (class extends ConnectionManager {
    override current = () => Promise.reject(failure);
    override session = () => Promise.reject(failure);
  })(deps);
}
