// Wiring of Run Spec Locally: the feature (runs, status bar, traffic channels, request documents), the
// unmapped-function diagnostics with their quick fix, the mapping file's missing paths, the Try Template lenses and
// the `apigw-local` debug configuration. Loads no engine.
import * as vscode from 'vscode';
import * as config from '../config';
import { SPEC_SELECTOR } from '../gatewaySpec/engine';
import type { Runtime } from '../runtime';
import { registerLocalDebugging } from './debug';
import { LocalFeature } from './feature';
import { MAPPING_SELECTOR, MappingProblems } from './mappingProblems';
import { TemplateLens, type SpecTemplates } from './templateLens';
import { UnmappedFunctions } from './unmapped';

export function registerLocal(context: vscode.ExtensionContext, rt: Runtime, specs: SpecTemplates): LocalFeature {
  const local = new LocalFeature(rt);
  const unmapped = new UnmappedFunctions(local, rt.log.child('local'));
  const paths = new MappingProblems(rt.log.child('local'));
  const lens = new TemplateLens(
    () => rt.trust.isTrusted(),
    () => config.value<boolean>(config.Setting.localTemplateCodeLens, true),
    specs,
  );
  context.subscriptions.push(
    local,
    unmapped,
    paths,
    lens,
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, lens),
    rt.trust.onDidGrant(() => lens.refresh()),
    config.onDidChange((ids) => {
      if (ids.includes(config.Setting.localTemplateCodeLens)) lens.refresh();
    }),
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
