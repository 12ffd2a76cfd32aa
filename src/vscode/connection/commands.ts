// Commands of the connection: Select Profile, Select Region, the status bar's Change Connection menu, and Show Log.
import * as vscode from 'vscode';
import type { Invocation } from '../commands/invocation';
import { chooseProfile, chooseRegion } from './choose';

export function showLog(inv: Invocation<'none'>): void {
  inv.rt.log.show();
}

/** Select Profile: the profile given as an argument, or one picked from the shared files. */
export function selectProfile(inv: Invocation<'none'>): Promise<string | undefined> {
  return chooseProfile(inv.rt, inv.text);
}

/** Select Region: the region given as an argument, or one picked (any other can be typed). */
export function selectRegion(inv: Invocation<'none'>): Promise<string | undefined> {
  return chooseRegion(inv.rt, inv.text);
}

/** The status bar's menu: change the profile, the region, or open the endpoint setting. */
export async function changeConnection(inv: Invocation<'none'>): Promise<void> {
  const { rt } = inv;
  const conn = await rt.connection.current().catch(() => undefined);
  const picked = await rt.prompts.pick(
    [
      { label: '$(account) Select Profile…', description: conn?.profile ?? '', run: () => chooseProfile(rt) },
      { label: '$(globe) Select Region…', description: conn?.region ?? '', run: () => chooseRegion(rt) },
      {
        label: '$(settings-gear) Endpoint URL…',
        description: conn?.endpointUrl ?? 'AWS',
        run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'apigw.endpointUrl'),
      },
    ],
    { title: 'API Gateway connection' },
  );
  await picked?.run();
}
