// Diagnostics of the OpenAPI import and export: a stable code, a severity, a message, and where — a JSON pointer
// into the OpenAPI document (import) or into the spec (export), with the line when the input was text.
// docs/OPENAPI.md lists every code; a unit test keeps the two in step.
import type { DiagnosticCode, Range, Severity } from '../gatewaySpec/diagnostics';

/**
 * Numbering: 0xx the document (syntax, version, references, OpenAPI schema), 1xx API settings, 2xx routes and
 * integrations, 3xx authorization, 4xx what the spec does not hold, 5xx export. Severities follow AWS's own import
 * categories (docs/OPENAPI.md): an error is something the spec cannot say truthfully, a warning is ignored content
 * that changes behaviour elsewhere (REST APIs), info is documentation-only content HTTP APIs do not use.
 */
export const OPENAPI_CODES = {
  OAS001: { severity: 'error', title: 'Syntax error in the OpenAPI document' },
  OAS002: { severity: 'error', title: 'Not an OpenAPI 3.0 or 3.1 document' },
  OAS003: { severity: 'warning', title: 'Not valid against the OpenAPI schema' },
  OAS004: {
    severity: 'error',
    title: 'Reference that cannot be resolved (missing, circular, or outside the document)',
  },
  OAS005: {
    severity: 'error',
    title: 'Value of the wrong type (a CloudFormation intrinsic function, a number for a string)',
  },
  OAS006: { severity: 'error', title: 'References that expand the document past the import budget' },
  OAS100: { severity: 'warning', title: 'REST API extension or field that HTTP APIs ignore' },
  OAS101: { severity: 'warning', title: 'Unknown field in an API Gateway extension' },
  OAS102: { severity: 'info', title: 'OpenAPI content that HTTP APIs do not use (models, request bodies, servers)' },
  OAS103: { severity: 'info', title: 'Value converted (AWS variables, tag without a value, a name made spec-valid)' },
  OAS200: { severity: 'error', title: 'Operation that cannot become an HTTP API route' },
  OAS201: { severity: 'warning', title: 'Integration type HTTP APIs do not support: the route is imported without it' },
  OAS202: { severity: 'error', title: 'Integration, authorizer or API without a field it needs' },
  OAS203: { severity: 'error', title: 'VPC link the import cannot name' },
  OAS300: { severity: 'error', title: 'Security the HTTP API cannot enforce: the route would be imported unprotected' },
  OAS301: { severity: 'error', title: 'More than one security requirement on an operation' },
  OAS302: { severity: 'error', title: 'Security requirement naming an unknown scheme' },
  OAS303: { severity: 'warning', title: 'Scopes on a route whose authorizer is not a JWT authorizer' },
  OAS400: { severity: 'info', title: 'What OpenAPI cannot carry, taken from the base spec or left out' },
  OAS500: { severity: 'info', title: 'Spec content OpenAPI cannot carry: not exported' },
  OAS501: {
    severity: 'warning',
    title: 'Exported value AWS needs replaced or may refuse (a VPC link name for its id, a repeated operationId)',
  },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type OpenApiCode = keyof typeof OPENAPI_CODES;

export interface OpenApiDiagnostic {
  /** An OAS code, or the spec engine's APIGW code for a problem of the imported spec. */
  code: OpenApiCode | DiagnosticCode;
  severity: Severity;
  message: string;
  /**
   * RFC 6901 JSON pointer to the element concerned: into the OpenAPI document for the import (`/paths/~1items/get`),
   * into the spec for the export (`/stages/prod`); '' is the whole document.
   */
  pointer: string;
  /** 1-based line of that element, when the input was text (for `file:line` messages). */
  line?: number;
  /** The same place as a 0-based range, as SpecDiagnostic has it (for the editor). */
  range?: Range;
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function pathOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A path for messages: `paths['/pets'].get`, `components.securitySchemes.jwt`. */
export function displayPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of path) {
    const s = String(seg);
    out += /^[A-Za-z_$][\w$-]*$/.test(s) ? `${out ? '.' : ''}${s}` : `[${JSON.stringify(s)}]`;
  }
  return out || 'the document';
}

/** Collects diagnostics in the order found; the severity comes from the code unless a caller says otherwise. */
export class DiagnosticList {
  readonly items: OpenApiDiagnostic[] = [];

  add(code: OpenApiCode, path: ReadonlyArray<string | number>, message: string, severity?: Severity): void {
    this.items.push({ code, severity: severity ?? OPENAPI_CODES[code].severity, message, pointer: pointerOf(path) });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** `2 errors, 1 warning, 0 notes`: what an import or export said, counted by severity. */
export function diagnosticSummary(diagnostics: readonly Pick<OpenApiDiagnostic, 'severity'>[]): string {
  const n = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const plural = (k: number, noun: string) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'note')}`;
}
