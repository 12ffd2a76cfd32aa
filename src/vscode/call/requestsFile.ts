// "Open Requests for Spec": the `.http` file beside the spec, written the first time and merged later (the engine's
// updateHttpFile keeps the requests the user edited), opened at a route when one is asked for. Targets: the live
// stages' endpoints when the API is deployed (read with the connection; a failure only leaves them out) and the local
// API. The file is written through a WorkspaceEdit, so an open, modified editor of it is merged into, not overwritten.
import * as vscode from 'vscode';
import type { Target } from '../../aws/call';
import { describeError } from '../../core/errors';
import type { GatewaySpec } from '../../core/gatewaySpec/model';
import { parseHttpFile } from '../../core/call/httpFile';
import type { Runtime } from '../runtime';
import { httpUriFor, readSpec, type LiveStages } from './target';

const LOCAL_PORT = 3000;

async function targetsFor(rt: Runtime, stages: LiveStages, spec: GatewaySpec, signal: AbortSignal): Promise<Target[]> {
  const call = rt.aws().call;
  const local = call.defaultLocalTarget(spec, LOCAL_PORT);
  try {
    const live = await stages.read(rt, spec, signal, 'fresh');
    return [...live.flatMap((s) => s.targets), local];
  } catch (err) {
    rt.log.child('call').info(`${spec.api.name}: no live targets for its request file (${describeError(err)})`);
    return [local];
  }
}

async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function write(uri: vscode.Uri, current: string | undefined, text: string): Promise<void> {
  if (current === undefined) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return;
  }
  if (current === text) return;
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await doc.save();
}

export interface RequestsWritten {
  readonly uri: vscode.Uri;
  /** What changed: `wrote 5 requests`, or the engine's update summary. */
  readonly summary: string;
}

/** Writes or updates the request file of the spec at `specUri`. */
export async function writeRequests(
  rt: Runtime,
  stages: LiveStages,
  specUri: vscode.Uri,
  signal: AbortSignal,
): Promise<RequestsWritten> {
  const call = rt.aws().call;
  const { spec } = await readSpec(specUri);
  const uri = httpUriFor(specUri);
  const generated = call.generateRequests(spec, {
    specFile: specUri.path.split('/').pop()!,
    targets: await targetsFor(rt, stages, spec, signal),
  });
  const current = await currentText(uri);
  if (current === undefined) {
    await write(uri, undefined, generated.text);
    const n = generated.requests.length;
    return { uri, summary: `wrote ${n} request${n === 1 ? '' : 's'}` };
  }
  const { text, report } = call.updateHttpFile(current, generated);
  await write(uri, current, text);
  return { uri, summary: call.updateSummary(report) };
}

/** Opens the request file, at the request of `routeKey` when it has one. */
export async function openAt(uri: vscode.Uri, routeKey?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const req = routeKey ? parseHttpFile(doc.getText()).requests.find((r) => r.marker?.routeKey === routeKey) : undefined;
  const line = req?.requestLine ?? 0;
  const range = new vscode.Range(line, 0, line, 0);
  return vscode.window.showTextDocument(doc, { selection: range, preview: false });
}
