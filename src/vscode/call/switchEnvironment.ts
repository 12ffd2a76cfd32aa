// Switch Request Environment: which of the environments a `.http` file's sources define (./environments.ts) Send
// uses in this workspace.
import * as vscode from 'vscode';
import { environmentNames, type EnvironmentSources } from '../../core/call/environments';
import { WorkbenchError } from '../../core/errors';
import type { Invocation } from '../commands/invocation';
import { ENV_FILE } from '../../core/call/environments';
import { environmentSources, isHttpDocument } from './environments';
import type { CallFeature } from './feature';

/** `apigw.switchRequestEnvironment({ name })`: that environment ("" for none); without it, a pick. */
export interface SwitchEnvironmentArgs {
  name: string;
}

interface EnvironmentItem extends vscode.QuickPickItem {
  readonly value: string | undefined;
}

/** Where an environment is defined: the REST Client setting, the JetBrains files, or both. */
function definedIn(name: string, s: EnvironmentSources): string {
  const where: string[] = [];
  if (environmentNames({ restClient: s.restClient }).includes(name)) where.push('REST Client settings');
  if (environmentNames({ jetBrains: s.jetBrains, jetBrainsPrivate: s.jetBrainsPrivate }).includes(name))
    where.push(ENV_FILE);
  return where.join(', ');
}

function environmentItems(active: string | undefined, s: EnvironmentSources): EnvironmentItem[] {
  return [
    { label: 'No Environment', description: '$shared variables only', value: undefined },
    ...environmentNames(s).map((n) => ({
      label: n,
      description: `${n === active ? '$(check) ' : ''}${definedIn(n, s)}`,
      value: n,
    })),
  ];
}

export async function switchRequestEnvironment(
  inv: Invocation<'none', SwitchEnvironmentArgs>,
  f: CallFeature,
): Promise<string | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  const sources = await environmentSources(isHttpDocument(doc) ? doc.uri : undefined);
  let chosen: string | undefined;
  if (typeof inv.args.name === 'string') chosen = inv.args.name || undefined;
  else {
    if (environmentNames(sources).length === 0)
      throw new WorkbenchError('NotFound', 'No request environments are defined for this file.', {
        hint: `Define them in the rest-client.environmentVariables setting ({"dev": {"host": "…"}}), or in an ${ENV_FILE} beside the .http file.`,
      });
    const picked = await inv.rt.prompts.pick(environmentItems(f.environments.active, sources), {
      title: 'Switch Request Environment',
      placeHolder: 'The variables Send uses: REST Client settings under the file’s, http-client.env.json over them',
      matchOnDescription: true,
    });
    if (!picked) return f.environments.active;
    chosen = picked.value;
  }
  await f.environments.choose(chosen);
  inv.rt.prompts.status(`Request environment: ${chosen ?? 'none'}`);
  return chosen;
}
