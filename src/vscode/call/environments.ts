// Request environments in the editor (core/call/environments.ts): REST Client's, from the `rest-client.environmentVariables`
// setting, and JetBrains', from the `http-client.env.json` and `http-client.private.env.json` nearest a `.http` file
// (its folder, then each parent up to the workspace folder). One environment is active in a workspace, as REST
// Client has it; a status bar item on `.http` files shows it and switches. Nothing is read until a request is sent
// or the environment is switched (or a `{{` completion or hover asks), and the files are parsed by the small lazy
// `call-env` bundle (core/call/environmentFile.ts and jsonc-parser), so that neither activation nor the first
// completion loads the parser or the AWS SDK's bundle.
import * as vscode from 'vscode';
import {
  ENV_FILE,
  environmentVariables,
  PRIVATE_ENV_FILE,
  REST_CLIENT_SETTING,
  SHARED_ENVIRONMENT,
  type EnvironmentSources,
  type RequestEnvironment,
} from '../../core/call/environments';
import type { EnvironmentOrigin } from '../../core/call/variables';
import { MAX_HTTP_FILE_BYTES, REQUEST_FILE } from '../../core/call/httpFile';
import { WorkbenchError } from '../../core/errors';
import { lazyBundle } from '../lazy';
import { nearestFile } from '../nearestFile';

const environmentFiles = lazyBundle(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('@lazy/call-env') as typeof import('../../core/call/environmentFile'),
);

const ACTIVE_KEY = 'apigw.call.environment';

export function isHttpDocument(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && (doc.languageId === 'http' || REQUEST_FILE.test(doc.uri.path));
}

async function readIfThere(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

/** The nearest `name` from the `.http` file's folder up to its workspace folder, with its bytes. */
async function nearestEnvFile(
  httpUri: vscode.Uri,
  name: string,
): Promise<{ uri: vscode.Uri; bytes: Uint8Array } | undefined> {
  const uri = await nearestFile(vscode.Uri.joinPath(httpUri, '..'), [name]);
  const bytes = uri && (await readIfThere(uri));
  return uri && bytes ? { uri, bytes } : undefined;
}

async function nearest(httpUri: vscode.Uri, name: string): Promise<unknown> {
  const found = await nearestEnvFile(httpUri, name);
  return found && environmentFile(found.uri, found.bytes);
}

/**
 * The settings file whose `rest-client.environmentVariables` the `.http` file reads, when it is a workspace's: the
 * folder's `.vscode/settings.json`, or the workspace file. User settings have no file here to go to.
 */
async function restClientSettingsFile(
  httpUri: vscode.Uri,
): Promise<{ uri: vscode.Uri; bytes: Uint8Array } | undefined> {
  const inspected = vscode.workspace.getConfiguration('rest-client', httpUri).inspect('environmentVariables');
  const folder = vscode.workspace.getWorkspaceFolder(httpUri) ?? vscode.workspace.workspaceFolders?.[0];
  const folderSettings = folder && vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
  const uri =
    inspected?.workspaceFolderValue !== undefined
      ? folderSettings
      : inspected?.workspaceValue !== undefined
        ? (vscode.workspace.workspaceFile ?? folderSettings)
        : undefined;
  const bytes = uri && (await readIfThere(uri));
  return uri && bytes ? { uri, bytes } : undefined;
}

/**
 * Where a variable of environment `active` may be defined, in order: that environment's, then `$shared`; a dotted
 * name as one key, then as a JetBrains object's fields (`auth.token`).
 */
function keyPaths(prefix: string[], active: string | undefined, name: string): string[][] {
  const environments = [...(active ? [active] : []), SHARED_ENVIRONMENT];
  const keys = name.includes('.') ? [[name], name.split('.')] : [[name]];
  return environments.flatMap((e) => keys.map((k) => [...prefix, e, ...k]));
}

function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}

function environmentFile(uri: vscode.Uri, bytes: Uint8Array): unknown {
  const where = vscode.workspace.asRelativePath(uri);
  if (bytes.length > MAX_HTTP_FILE_BYTES)
    throw new WorkbenchError('InputLimit', `${where} is over 2 MB: not read.`, {
      hint: 'An environment file holds a few variables per environment.',
    });
  return environmentFiles().parseEnvironmentFile(new TextDecoder().decode(bytes), where);
}

/** Where a `.http` file's environments come from (the setting alone without a file). */
export async function environmentSources(httpUri: vscode.Uri | undefined): Promise<EnvironmentSources> {
  const restClient = vscode.workspace.getConfiguration('rest-client', httpUri).get<unknown>('environmentVariables');
  if (!httpUri || httpUri.scheme !== 'file') return { restClient };
  const [jetBrains, jetBrainsPrivate] = await Promise.all([
    nearest(httpUri, ENV_FILE),
    nearest(httpUri, PRIVATE_ENV_FILE),
  ]);
  return { restClient, jetBrains, jetBrainsPrivate };
}

/** The active environment's name, and the status bar item that shows it on `.http` files. */
export class RequestEnvironments implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly state: vscode.Memento,
    private readonly trusted: () => boolean,
  ) {
    this.item = vscode.window.createStatusBarItem('apigw.requestEnvironment', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'API Gateway Request Environment';
    this.item.command = 'apigw.switchRequestEnvironment';
    this.subscriptions = [vscode.window.onDidChangeActiveTextEditor(() => this.refresh())];
    this.refresh();
  }

  /** The environment chosen in this workspace; undefined is none (REST Client's `$shared` variables still apply). */
  get active(): string | undefined {
    return this.state.get<string>(ACTIVE_KEY) || undefined;
  }

  /** The status bar's text ("" when hidden). */
  get text(): string {
    return this.item.text;
  }

  async choose(name: string | undefined): Promise<void> {
    await this.state.update(ACTIVE_KEY, name);
    this.refresh();
  }

  /** Go to Definition of an environment variable: its key in the file or workspace settings that give its value. */
  async definition(httpUri: vscode.Uri, name: string, origin: EnvironmentOrigin): Promise<vscode.Location | undefined> {
    const found =
      origin === 'restClient'
        ? await restClientSettingsFile(httpUri)
        : await nearestEnvFile(httpUri, origin === 'jetBrains' ? ENV_FILE : PRIVATE_ENV_FILE);
    if (!found || found.bytes.length > MAX_HTTP_FILE_BYTES) return undefined;
    const text = new TextDecoder().decode(found.bytes);
    const prefix = origin === 'restClient' ? [REST_CLIENT_SETTING] : [];
    const key = environmentFiles().keyLocation(text, keyPaths(prefix, this.active, name));
    if (!key) return undefined;
    const range = new vscode.Range(positionIn(text, key.offset), positionIn(text, key.offset + key.length));
    return new vscode.Location(found.uri, range);
  }

  /** The variables the active environment gives a request of `httpUri`. */
  async variables(httpUri: vscode.Uri): Promise<RequestEnvironment> {
    return environmentVariables(await environmentSources(httpUri), this.active);
  }

  refresh(): void {
    if (!this.trusted() || !isHttpDocument(vscode.window.activeTextEditor?.document)) {
      this.item.text = '';
      this.item.hide();
      return;
    }
    this.item.text = `$(server-environment) ${this.active ?? 'No Environment'}`;
    this.item.tooltip = 'The request environment of Send (API Gateway): click to switch';
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
