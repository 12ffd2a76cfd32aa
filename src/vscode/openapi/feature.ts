// The editor's side of OpenAPI in and out (docs/OPENAPI.md): the lazy `openapi` engine and the Problems-panel entries
// of what an import or export could not map, on the file each is about.
import * as vscode from 'vscode';
import type { OpenApiDiagnostic } from '../../core/openapi';
import { lazyBundle } from '../lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const openApiEngine = lazyBundle(() => require('@lazy/openapi') as typeof import('../../core/openapi/bundle'));

const SEVERITY: Record<OpenApiDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class OpenApiFeature implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('apigw-openapi');

  /** Shows `diagnostics` on `uri`, replacing what the last import or export said about it. */
  show(uri: vscode.Uri, diagnostics: readonly OpenApiDiagnostic[]): void {
    this.problems.set(uri, diagnostics.map(toDiagnostic));
  }

  dispose(): void {
    this.problems.dispose();
  }
}

function toDiagnostic(d: OpenApiDiagnostic): vscode.Diagnostic {
  const r = d.range;
  const line = Math.max(0, (d.line ?? 1) - 1);
  const range = r
    ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character)
    : new vscode.Range(line, 0, line, 0);
  const shown = new vscode.Diagnostic(
    range,
    `${d.message}${r || !d.pointer ? '' : ` (at ${d.pointer})`}`,
    SEVERITY[d.severity],
  );
  shown.code = d.code;
  shown.source = 'API Gateway Workbench (OpenAPI)';
  return shown;
}
