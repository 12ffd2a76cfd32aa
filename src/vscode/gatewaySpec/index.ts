import * as vscode from 'vscode';
import type { Runtime } from '../runtime';
import { registerSpecDiagnostics } from './diagnostics';
import { registerSpecProviders } from './providers';
import { SpecClient } from './worker';

/**
 * Gateway spec files (`*.apigw.json|jsonc|yaml|yml`, languages apigw-json and apigw-yaml): diagnostics while typing
 * and the editor features. Registering loads nothing heavy: the engine's worker starts with the first spec document.
 */
export function registerSpecLanguage(context: vscode.ExtensionContext, rt: Runtime): SpecClient {
  const client = new SpecClient(rt.log.child('spec'));
  // Before the diagnostics' own listener: the engine has each edit before anything asks about its version.
  context.subscriptions.push(
    client,
    vscode.workspace.onDidChangeTextDocument((e) => client.edited(e)),
  );
  registerSpecDiagnostics(context, rt, client);
  registerSpecProviders(context, client);
  return client;
}
