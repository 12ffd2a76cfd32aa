// Calling routes in the editor as a feature: the response documents, the CodeLenses (Send on `.http` requests, Call
// Route on spec route keys, Show Logs on responses), `{{variable}}` completion and hovers and the problems of `.http`
// files, the secrets kept in SecretStorage, the live stages read once, and the WebSocket terminals. The engine is
// the lazy `aws` bundle (`rt.aws().call`), loaded by the first command.
import * as vscode from 'vscode';
import * as config from '../config';
import { SPEC_SELECTOR } from '../gatewaySpec/engine';
import type { Runtime } from '../runtime';
import type { Exchange } from '../../core/call/references';
import { HTTP_SELECTOR, HttpCodeLens, SpecRouteLens, type SpecOutline } from './codeLens';
import { RESPONSE_SCHEME, ResponseDocuments, ResponseLens } from './responses';
import { RequestEnvironments } from './environments';
import { HttpVariables } from './variables';
import { HttpFileProblems } from './problems';
import { CallSecrets } from './secrets';
import { LiveStages } from './target';
import { WsTerminals } from './websocket';

export class CallFeature implements vscode.Disposable {
  readonly responses = new ResponseDocuments();
  /** Per `.http` document, what each `# @name` request last sent and got back (its request variables read it). */
  readonly exchanges = new Map<string, Map<string, Exchange>>();
  readonly sessions = new WsTerminals();
  readonly stages: LiveStages;
  readonly secrets: CallSecrets;
  readonly httpLens: HttpCodeLens;
  readonly routeLens: SpecRouteLens;
  readonly environments: RequestEnvironments;
  readonly variables: HttpVariables;
  readonly problems: HttpFileProblems;

  constructor(rt: Runtime, secrets: vscode.SecretStorage, outline: SpecOutline) {
    this.stages = new LiveStages(rt);
    this.secrets = new CallSecrets(secrets);
    this.httpLens = new HttpCodeLens(() => rt.trust.isTrusted());
    this.environments = new RequestEnvironments(rt.workspaceState, () => rt.trust.isTrusted());
    this.variables = new HttpVariables(rt, this.environments);
    this.problems = new HttpFileProblems(rt.log);
    this.routeLens = new SpecRouteLens(
      () => rt.trust.isTrusted(),
      () => config.value<boolean>(config.Setting.callCodeLens, true),
      outline,
    );
  }

  dispose(): void {
    const owned = [this.responses, this.sessions, this.stages, this.httpLens, this.routeLens, this.environments];
    for (const d of [...owned, this.problems]) d.dispose();
    this.exchanges.clear();
  }
}

export function registerCall(context: vscode.ExtensionContext, rt: Runtime, outline: SpecOutline): CallFeature {
  const f = new CallFeature(rt, context.secrets, outline);
  context.subscriptions.push(
    f,
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, f.responses),
    vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, f.httpLens),
    vscode.languages.registerCompletionItemProvider(HTTP_SELECTOR, f.variables, '{'),
    vscode.languages.registerHoverProvider(HTTP_SELECTOR, f.variables),
    vscode.languages.registerDefinitionProvider(HTTP_SELECTOR, f.variables),
    vscode.languages.registerCodeActionsProvider(HTTP_SELECTOR, f.problems, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, f.routeLens),
    vscode.languages.registerCodeLensProvider({ scheme: RESPONSE_SCHEME }, new ResponseLens(f.responses)),
    rt.trust.onDidGrant(() => {
      f.httpLens.refresh();
      f.routeLens.refresh();
      f.environments.refresh();
    }),
    config.onDidChange((ids) => {
      if (ids.includes(config.Setting.callCodeLens)) f.routeLens.refresh();
    }),
  );
  return f;
}
