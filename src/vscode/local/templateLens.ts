// "Try Template" above each mapping template of a WebSocket spec: Try Mapping Template for that template, the
// message asked for. Only in trusted workspaces (the command runs the spec's templates), only near the screen (the
// lines come from the spec engine's worker, lensWindow.ts), and off with `apigw.local.templateCodeLens`.
import * as vscode from 'vscode';
import type { TemplatePlace } from '../../core/gatewaySpec/bundle';
import { SpecLensProvider, type LineWindow } from '../lensWindow';

/** What the lens asks of the spec engine: the templates of this version of a spec, and where their keys are. */
export interface SpecTemplates {
  templates(doc: vscode.TextDocument, lines?: { start: number; end: number }): Promise<TemplatePlace[] | undefined>;
}

export class TemplateLens extends SpecLensProvider {
  constructor(
    trusted: () => boolean,
    enabled: () => boolean,
    private readonly engine: SpecTemplates,
  ) {
    super(trusted, enabled);
  }

  protected async lensesNear(
    doc: vscode.TextDocument,
    w: LineWindow | undefined,
  ): Promise<vscode.CodeLens[] | undefined> {
    return (await this.engine.templates(doc, w))?.map((p) => templateLens(doc.uri, p));
  }
}

function templateLens(uri: vscode.Uri, p: TemplatePlace): vscode.CodeLens {
  const { integration, response, key } = p;
  const what = response === undefined ? `${integration}'s request template` : `${integration}'s response ${response}`;
  return new vscode.CodeLens(new vscode.Range(...p.selection), {
    title: '$(play) Try Template',
    command: 'apigw.tryMappingTemplate',
    tooltip: `Render ${what} (${key}) against a message, as the local API renders it`,
    arguments: [uri, { integration, key, ...(response === undefined ? {} : { response }) }],
  });
}
