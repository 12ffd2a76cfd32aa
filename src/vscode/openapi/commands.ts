// "Create Spec from OpenAPI…" and "Export Spec as OpenAPI…": apigw import and apigw export in the editor, through the
// lazy `openapi` engine (docs/OPENAPI.md). What could not be mapped goes to the Problems panel, on the OpenAPI file
// for an import and on the spec for an export; nothing is written when the import has errors.
import path from 'node:path';
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import { writtenFormatOf } from '../../core/fileFormat';
import type { GatewaySpec } from '../../core/gatewaySpec';
import type { Invocation } from '../commands/invocation';
import { spec, specValidation } from '../gatewaySpec/engine';
import { validSpec } from '../gatewaySpec/valid';
import type { Runtime } from '../runtime';
import { openApiEngine, type OpenApiFeature } from './feature';

export interface ImportArgs {
  /** The OpenAPI document (else the file the command ran on, else an open dialog). */
  source: vscode.Uri;
  /** The spec to write (else a save dialog); when it exists and is a valid spec, the import goes into it. */
  target: vscode.Uri;
}

export interface ExportArgs {
  /** The OpenAPI document to write (else a save dialog); `.json` writes JSON, anything else YAML. */
  target: vscode.Uri;
  /** The stage the server's basePath names, as API Gateway's export has it. */
  stage: string;
}

const SHOW_PROBLEMS = { label: 'Show Problems', command: { id: 'workbench.actions.view.problems' } };

/** Writes a gateway spec from an OpenAPI 3.0/3.1 document; returns the spec written, or undefined when dismissed. */
export async function createSpecFromOpenApi(
  inv: Invocation<'none', ImportArgs>,
  f: OpenApiFeature,
): Promise<vscode.Uri | undefined> {
  const { rt } = inv;
  const source = inv.args.source ?? inv.uri ?? (await pickOpenApiFile(rt));
  if (!source) return undefined;
  const name = path.basename(source.fsPath);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  const target = inv.args.target ?? (await specDestination(rt, source));
  if (!target) return undefined;
  const base = await existingSpec(target);
  const result = await inv.step(`Importing ${name}…`, () =>
    openApiEngine().importOpenApi(text, { fileName: name, ...(base ? { base } : {}) }),
  );
  f.show(source, result.diagnostics);
  if (!result.valid || !result.spec)
    throw new WorkbenchError(
      'InvalidSpec',
      `${name}: ${openApiEngine().diagnosticSummary(result.diagnostics)}: nothing was written.`,
      {
        hint: 'The Problems panel lists what could not be mapped, at its line.',
        fix: SHOW_PROBLEMS,
      },
    );
  const header = `Imported by API Gateway Workbench from ${name}.`;
  const format = writtenFormatOf(target.fsPath) ?? 'yaml';
  await writeAndOpen(target, rt.aws().serializeSpec(result.spec, format, header));
  rt.log
    .child('openapi')
    .info(`wrote ${target.fsPath} from ${source.fsPath}${base ? ' (into the existing spec)' : ''}`);
  rt.prompts.notify(
    'info',
    `Wrote ${path.basename(target.fsPath)} from ${name}: ${openApiEngine().diagnosticSummary(result.diagnostics)}.`,
  );
  return target;
}

/** Writes the OpenAPI 3.0 document of an HTTP API spec; returns it, or undefined when dismissed. */
export async function exportSpecAsOpenApi(
  inv: Invocation<'spec', ExportArgs>,
  f: OpenApiFeature,
): Promise<vscode.Uri | undefined> {
  const { rt } = inv;
  const { doc } = inv.subject.spec;
  const spec = validSpec(rt, doc, 'exporting it');
  const target = inv.args.target ?? (await openApiDestination(rt, doc.uri, spec));
  if (!target) return undefined;
  const format = writtenFormatOf(target.fsPath) ?? 'yaml';
  const stage = inv.args.stage;
  const engine = openApiEngine();
  const result = engine.exportOpenApi(spec, { format, ...(stage !== undefined ? { stage } : {}) });
  const document = specValidation(doc).document;
  f.show(
    doc.uri,
    result.diagnostics.map((d) => (d.range ? d : { ...d, range: document.rangeOf(engine.pathOf(d.pointer), 'key') })),
  );
  await writeAndOpen(target, result.text);
  rt.log.child('openapi').info(`wrote ${target.fsPath} from ${doc.uri.fsPath}`);
  rt.prompts.notify(
    'info',
    `Wrote ${path.basename(target.fsPath)} (OpenAPI 3.0) from ${path.basename(doc.fileName)}: ${openApiEngine().diagnosticSummary(result.diagnostics)}.`,
  );
  return target;
}

function pickOpenApiFile(rt: Runtime): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return rt.prompts.openDialog({
    title: 'OpenAPI document to import',
    openLabel: 'Import',
    ...(folder ? { defaultUri: folder } : {}),
    filters: { 'OpenAPI 3.0/3.1': ['yaml', 'yml', 'json'] },
  });
}

/** A save dialog beside the OpenAPI file, offering `<name>.apigw.yaml`. */
function specDestination(rt: Runtime, source: vscode.Uri): Promise<vscode.Uri | undefined> {
  const stem = path.basename(source.fsPath).replace(/(\.openapi)?\.(ya?ml|json)$/i, '');
  return rt.prompts.saveDialog({
    title: `Save the spec imported from ${path.basename(source.fsPath)}`,
    defaultUri: vscode.Uri.joinPath(source, '..', `${stem}.apigw.yaml`),
    filters: { 'Gateway spec': ['yaml', 'yml', 'json'] },
  });
}

function openApiDestination(rt: Runtime, specUri: vscode.Uri, spec: GatewaySpec): Promise<vscode.Uri | undefined> {
  const stem = path.basename(specUri.fsPath).replace(/\.apigw\.(jsonc?|ya?ml)$/i, '');
  return rt.prompts.saveDialog({
    title: `Save the OpenAPI document of ${spec.api.name}`,
    defaultUri: vscode.Uri.joinPath(specUri, '..', `${stem}.openapi.yaml`),
    filters: { 'OpenAPI 3.0': ['yaml', 'yml', 'json'] },
  });
}

/** The spec already at `target`, when there is a valid one: the import keeps its names, stages and what else it has. */
async function existingSpec(target: vscode.Uri): Promise<GatewaySpec | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(target);
  } catch {
    return undefined;
  }
  // The file as saved, through the one front end (an open editor of it may hold another text).
  const v = spec().validateSpec(bytes, { fileName: target.fsPath });
  if (v.valid && v.model) return v.model;
  throw new WorkbenchError('InvalidSpec', `${path.basename(target.fsPath)} has errors: it cannot take the import.`, {
    hint: 'Fix the spec, or save the import to another file.',
    fix: SHOW_PROBLEMS,
  });
}

async function writeAndOpen(target: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
}
