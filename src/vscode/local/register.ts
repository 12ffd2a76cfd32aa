// Wiring of Run Spec Locally: the feature (runs, status bar, traffic channels, request documents), the
// unmapped-function diagnostics with their quick fix, the mapping file's missing paths, and the `apigw-local` debug
// configuration. Loads no engine.
import * as vscode from 'vscode';
import { SPEC_SELECTOR } from '../gatewaySpec/engine';
import type { Runtime } from '../runtime';
import { registerLocalDebugging } from './debug';
import { LocalFeature } from './feature';
import { MAPPING_SELECTOR, MappingProblems } from './mappingProblems';
import { UnmappedFunctions } from './unmapped';

export function registerLocal(context: vscode.ExtensionContext, rt: Runtime): LocalFeature {
  const local = new LocalFeature(rt);
  const unmapped = new UnmappedFunctions(local, rt.log.child('local'));
  const paths = new MappingProblems(rt.log.child('local'));
  context.subscriptions.push(
    local,
    unmapped,
    paths,
    vscode.languages.registerCodeActionsProvider(MAPPING_SELECTOR, paths, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, unmapped, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
  registerLocalDebugging(context, rt, local);
  return local;
}
