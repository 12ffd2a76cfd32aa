import type * as vscode from 'vscode';
import type { Runtime } from '../runtime';
import { registerSpecDiagnostics } from './diagnostics';
import { registerSpecProviders } from './providers';

/**
 * Gateway spec files (`*.apigw.json|jsonc|yaml|yml`, languages apigw-json and apigw-yaml): diagnostics while typing
 * and the editor features. Registering loads nothing heavy; the engine loads with the first spec document.
 */
export function registerSpecLanguage(context: vscode.ExtensionContext, rt: Runtime): void {
  registerSpecDiagnostics(context, rt);
  registerSpecProviders(context);
}
