// Create Spec from API…: the format and the file to write (asked unless given), then the spec of the live API.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PulledApi } from '../../aws/bundle';
import { writtenFormatOf } from '../../core/fileFormat';
import type { Runtime } from '../runtime';

export type SpecFormat = 'yaml' | 'json';

/** YAML or JSON: given, taken from the target file's name, or asked. */
export async function pickFormat(
  rt: Runtime,
  apiName: string,
  given: SpecFormat | undefined,
  target: vscode.Uri | undefined,
): Promise<SpecFormat | undefined> {
  if (given) return given;
  if (target) return writtenFormatOf(target.path) ?? 'yaml';
  const f = await rt.prompts.pick(
    [
      { label: 'YAML', format: 'yaml' as const, description: '*.apigw.yaml' },
      { label: 'JSON', format: 'json' as const, description: '*.apigw.json' },
    ],
    { title: `Create Spec from ${apiName}`, placeHolder: 'Format' },
  );
  return f?.format;
}

/** Where to write: given, or asked in a save dialog that starts in the first workspace folder. */
export async function destination(rt: Runtime, apiName: string, format: SpecFormat): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = `${apiName.replace(/[^A-Za-z0-9._-]+/g, '-')}.apigw.${format}`;
  return rt.prompts.saveDialog({
    title: `Save the spec of ${apiName}`,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file) } : {}),
    filters: { 'Gateway spec': [format] },
  });
}

/** Writes the pulled spec with a header naming its source, opens it, and says what could not be expressed. */
export async function writeSpec(rt: Runtime, pulled: PulledApi, format: SpecFormat, dest: vscode.Uri): Promise<void> {
  const api = pulled.api;
  // No date, as `apigw pull` writes none: the same API gives the same bytes.
  const header = `Created from API ${api.ApiId} (${api.Name}) in ${pulled.region} by API Gateway Workbench.`;
  const text = rt.aws().serializeSpec(pulled.spec, format, header);
  await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(text));
  const log = rt.log.child('deploy');
  for (const w of pulled.warnings) log.warn(`${api.Name}: ${w}`);
  log.info(`wrote ${dest.fsPath} from API ${api.ApiId} (${pulled.region})`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dest));
  if (pulled.warnings.length)
    rt.prompts.notify('warning', `${path.basename(dest.fsPath)}: ${pulled.warnings.join(' ')}`);
}
